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


@pytest.mark.parametrize("seed", [None, 1, 3, 5])
def test_the_second_set_in_any_import_order(tmp_path: Path, seed: int | None) -> None:
    # tests/data/lineage_unseen2: the reprint whose 文号 opens with the province's learned 禾, the repost
    # stored before its original and the province's policy both cite, the 暂行办法 stored after the 办法
    # that repeals it, the 解读 read before the final it names — in file order and shuffled
    data = unseen_set.DATA2
    outcome = unseen_set.run(tmp_path, seed=seed, data=data)
    assert unseen_set.misses(outcome, data) == (set(), set())
    assert all(p == 1.0 and r == 1.0 for p, r, _, _ in unseen_set.score(outcome, data).values())
    assert unseen_set.validity_errors(outcome, data) == {}
