"""Three editions of one policy under one title, each repealing the one before by its 文号 (A → B → C):
whatever the order they are stored in, C replaces B and B replaces A. With B stored last, C read
beside A alone took A for its predecessor (the same title under an older 文号): once B is stored
between them, that inferred succession is withdrawn (LineageLinker._drop_skipped_editions)."""

from __future__ import annotations

import itertools

import pytest

from tests.lineage.test_moved_relations import Site

TITLE = "南湖市促进软件产业发展办法"
EDITIONS = [
    ("2015/1", "南府〔2015〕1号", "2015-03-01", "第一条 为促进软件产业发展，制定本办法。"),
    ("2019/2", "南府〔2019〕2号", "2019-04-01",
     f"第一条 为促进软件产业发展，制定本办法。\n第三十条 本办法自2019年5月1日起施行，《{TITLE}》（南府〔2015〕1号）同时废止。"),
    ("2024/3", "南府〔2024〕3号", "2024-04-01",
     f"第一条 为促进软件和信息服务业发展，制定本办法。\n第三十条 本办法自2024年5月1日起施行，《{TITLE}》（南府[2019]2号）同时废止。"),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_chain_of_editions_links_each_to_the_one_before_in_any_order(order: tuple[int, ...]) -> None:
    site = Site()
    ids = {}
    for i in order:
        path, number, date, body = EDITIONS[i]
        ids[i] = site.put("city", f"http://www.nanhu.test/{path}.html", f"{TITLE}\n{body}", title=TITLE,
                          doc_number=number, issuer="南湖市人民政府", published_date=date)
    found = {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}
    # before: with B stored last, C supersedes A stayed beside C supersedes B
    assert found == {(ids[1], "supersedes", ids[0]), (ids[2], "supersedes", ids[1])}
    assert site.store.document(ids[0]).metadata.validity == "废止"  # type: ignore[union-attr]
    assert site.store.document(ids[1]).metadata.validity == "废止"  # type: ignore[union-attr]
