"""The unseen set (tests/data/lineage_unseen) through `import` and `related`: every expected relation,
nothing else, and the 有效性 the repeals leave — in file order and in a shuffled order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lineage import unseen_set


def test_every_relation_and_nothing_else(tmp_path: Path) -> None:
    outcome = unseen_set.run(tmp_path)
    assert unseen_set.misses(outcome) == (set(), set())
    assert all(p == 1.0 and r == 1.0 for p, r, _, _ in unseen_set.score(outcome).values())
    assert unseen_set.validity_errors(outcome) == {}


@pytest.mark.parametrize("seed", [6, 7, 42])
def test_any_import_order(tmp_path: Path, seed: int) -> None:
    # the district's repost is the copy whichever is stored first (the city's site holds the city's
    # documents), and the extension notice names the city's copy and moves its term (seed 6 stores
    # the city's copy, then the repost, then the notice; 42 the repost before the city's copy)
    outcome = unseen_set.run(tmp_path, seed=seed)
    assert unseen_set.misses(outcome) == (set(), set())
    assert unseen_set.validity_errors(outcome) == {}


# tests/data/lineage_unseen2: the reprint whose 文号 opens with the province's learned 禾, the repost
# stored before its original and the province's policy both cite, the 暂行办法 stored after the 办法
# that repeals it, the 解读 read before the final it names; tests/data/lineage_unseen3: attached pages
# and their notices, same-title editions, 转发 notices and the documents they forward — in file order
# and shuffled
@pytest.mark.parametrize(("data", "seed"), [(unseen_set.DATA2, seed) for seed in (None, 1, 3, 5)]
                         + [(unseen_set.DATA3, seed) for seed in (None, 0, 2, 7)])
def test_the_later_sets_in_any_import_order(tmp_path: Path, data: Path, seed: int | None) -> None:
    outcome = unseen_set.run(tmp_path, seed=seed, data=data)
    assert unseen_set.misses(outcome, data) == (set(), set())
    assert all(p == 1.0 and r == 1.0 for p, r, _, _ in unseen_set.score(outcome, data).values())
    assert unseen_set.validity_errors(outcome, data) == {}


@pytest.mark.parametrize("first", [
    # the bare page, then its 解读, then the notice: the page keeps its 同时废止, the 解读 moves to the notice
    ("a02_voucher_page", "a05_voucher_explained", "a01_voucher_notice"),
    # the notice, the page, then the 解读 linking the page: it names the notice at once
    ("a01_voucher_notice", "a02_voucher_page", "a05_voucher_explained"),
    # the 解读 (its link unresolved), the notice, then the page its link names
    ("a05_voucher_explained", "a01_voucher_notice", "a02_voucher_page"),
    # the predecessor last: the page's reference to it resolves after the notice made the page a copy
    ("a02_voucher_page", "a01_voucher_notice", "a05_voucher_explained", "a03_voucher_rules_2019"),
    # a city citing the national title while the province's page of it is stored, before the 转发 notice
    ("g02_forward_attached", "n01_private_investment", "g03_city_private_investment", "g01_forward_notice"),
    # the province's page and its 转发 notice before the national original
    ("g01_forward_notice", "g02_forward_attached", "g03_city_private_investment", "n01_private_investment"),
    # the newer edition before the older one
    ("e02_housing_2024", "f02_investment_2024", "e01_housing_2019", "f01_investment_2018"),
])
def test_the_third_set_in_named_arrival_orders(tmp_path: Path, first: tuple[str, ...]) -> None:
    data = unseen_set.DATA3
    outcome = unseen_set.run(tmp_path, data=data, first=first)
    assert unseen_set.misses(outcome, data) == (set(), set())
    assert unseen_set.validity_errors(outcome, data) == {}
