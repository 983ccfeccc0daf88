"""Change records read in document order (changeset-schema.md): by place in the new text, a
deleted clause where its old neighbours now stand — checked on real rewrites
(tests/data/statutes/README.md) and on a policy-style variant."""

from __future__ import annotations

import pytest

from policywatch.diffing import diff_texts, render_changeset_text, segment
from policywatch.grammar import clause_path
from policywatch.normalize import display_lines
from tests.diffing.statute_eval import STATUTES

PAIRS = (("secrets.1996.txt", "secrets.2021.txt"), ("organ_transplant.2007.txt", "organ_transplant.2023.txt"),
         ("defense_education.2018.txt", "defense_education.2024.txt"), ("netcafe.old.txt", "netcafe.new.txt"))


def _texts(pair: tuple[str, str]) -> tuple[str, str]:
    return tuple((STATUTES / name).read_text(encoding="utf-8") for name in pair)  # type: ignore[return-value]


def _order(text: str) -> dict[str, int]:
    return {c.path_str: k for k, c in enumerate(segment("\n".join(display_lines(text))))}


def _records(cs) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.old_path, c.new_path) for c in cs.changes]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0].split(".")[0])
def test_records_follow_the_new_text(pair: tuple[str, str]) -> None:
    old, new = _texts(pair)
    cs = diff_texts(old, new)
    where = _order(new)
    places = [where[clause_path(c.new_path)] for c in cs.changes if c.new_path]  # …/第一款: the article
    assert places == sorted(places)
    assert _records(diff_texts(old, new)) == _records(cs)  # deterministic


def test_a_deleted_article_stands_where_its_old_neighbours_went() -> None:
    """北京 保密 (1996 → 2021): the old 第三条 to 第九条 have no successor; they are reported after
    第二条 (now 第一章/第二条), in their old order — 第四条 among them, though its 第二款 moved on
    its own to the new 第六条 (that 款 reads where it went, after them); a deleted 款 follows the
    款 before it, before the 款 added after it (畜牧法: 第六十八条 → 第八十八条)."""
    records = _records(diff_texts(*_texts(PAIRS[0])))
    at = {r: k for k, r in enumerate(records)}
    second = at["modified", "第二条", "第一章/第二条"]
    gone = [f"第{n}条" for n in "三四五六七八九"]
    assert records[second + 1 : second + 8] == [("deleted", o, "") for o in gone]
    assert records[second + 8] == ("moved", "第四条/第二款", "第一章/第六条/第二款")
    deleted = [o for k, o, _ in records if k == "deleted" and "/" not in o]
    assert deleted == sorted(deleted, key=_order(_texts(PAIRS[0])[0]).get)  # in their old order
    records = _records(diff_texts(*_texts(("livestock.old.txt", "livestock.new.txt"))))
    at = {r: k for k, r in enumerate(records)}
    first = at["modified", "第七章/第六十八条/第一款", "第九章/第八十八条/第一款"]
    assert records[first + 1] == ("deleted", "第七章/第六十八条/第二款", "")
    assert records[first + 2] == ("added", "", "第九章/第八十八条/第二款")


def test_a_policy_rewrite_reads_in_order_in_every_output() -> None:
    """A variant in policy style: under 一、 an item deleted, the one after it edited (and
    renumbered into its place), two items added after that. The deletion is read first, where
    it stood, then the edit, then the additions; the text output lists the records in the same
    order as the JSON."""
    old = "\n".join(["某市促进数据产业发展若干措施", "一、培育企业", "（一）支持企业上市。", "（二）支持企业并购。",
                     "（三）支持企业融资，最高奖励100万元。", "二、保障措施", "（一）加强组织领导。"])
    new = "\n".join(["某市促进数据产业发展若干措施", "一、培育企业", "（一）支持企业上市。",
                     "（二）支持企业融资，最高奖励200万元。", "（三）支持企业发行债券。", "（四）支持企业融资租赁。",
                     "二、保障措施", "（一）加强组织领导。"])
    cs = diff_texts(old, new)
    assert _records(cs) == [("deleted", "一/（二）", ""), ("modified", "一/（三）", "一/（二）"),
                            ("added", "", "一/（三）"), ("added", "", "一/（四）")]
    text = render_changeset_text(cs, color=False)
    heads = [line.split()[1] for line in text.splitlines() if line.startswith("== ")]
    assert heads == [c.kind.value for c in cs.changes]
