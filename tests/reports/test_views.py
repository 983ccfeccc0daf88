from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.model import ChangeKind, ChangeSet, ClauseChange, FactChange, InlineOp, MetadataChange
from policywatch.reports.comparison import Fold, diff_rows, inline_cells
from policywatch.reports.i18n import LANGS, MESSAGES, Translator
from policywatch.reports.labels import anchor, change_summary, path_label
from policywatch.reports.views import outline
from tests.reports.fakes import compare, make_source, nanjing_v2, seed, segment

ZH, EN = Translator("zh"), Translator("en")


def test_summary_counts_kinds_and_leads_with_facts():
    cs = ChangeSet(changes=(
        *[ClauseChange(ChangeKind.MODIFIED, f"{n}", f"{n}") for n in "123"],
        ClauseChange(ChangeKind.ADDED, new_path="4",
                     facts=(FactChange("amount", "1000万元", "500万元", "最高资助"),)),
    ))
    assert change_summary(cs, ZH) == "3 处修改，1 处新增；最高资助 1000万元 → 500万元"
    assert change_summary(cs, EN) == "3 modified, 1 added; 最高资助 1000万元 → 500万元"
    assert change_summary(ChangeSet(), ZH) == "无实质变更"


def test_summary_leads_with_terms_replaced_throughout():
    from policywatch.model import TermReplacement

    cs = ChangeSet(changes=(ClauseChange(ChangeKind.MODIFIED, "一", "一",
                                         facts=(FactChange("amount", "1万元", "2万元", "资助"),)),),
                   replacements=(TermReplacement("低收入家庭", "困难家庭", 12, ("一",)),))
    assert change_summary(cs, ZH) == "1 处修改；全文替换 低收入家庭 → 困难家庭（12 处），资助 1万元 → 2万元"
    assert change_summary(cs, EN).startswith("1 modified; replaced throughout: 低收入家庭 → 困难家庭 (12 places)")


def test_summary_mentions_metadata_and_caps_facts():
    facts = tuple(FactChange("amount", f"{n}万元", f"{n + 1}万元", "资助") for n in range(4))
    cs = ChangeSet(changes=(ClauseChange(ChangeKind.MODIFIED, "一", "一", facts=facts),),
                   metadata_changes=(MetadataChange("validity", "现行有效", "废止"),))
    line = change_summary(cs, ZH)
    assert "有效性 现行有效 → 废止" in line
    assert line.endswith("等 2 项")


def test_anchor_and_path_label():
    assert anchor(("三", "（二）", "2")) == "三-（二）-2"
    assert anchor("三/（二）/2") == "三-（二）-2"
    assert anchor("a b\"<x>") == "a_b_x_"
    assert path_label("三/（二）/2") == "三 › （二） › 2"


def test_inline_ops_are_escaped_and_marked():
    ops = (InlineOp("equal", "资助<b>"), InlineOp("delete", "1000"), InlineOp("insert", "500"))
    old, new, both = inline_cells(ops)
    assert str(old) == "资助&lt;b&gt;<del>1000</del>"
    assert str(new) == "资助&lt;b&gt;<ins>500</ins>"
    assert str(both) == "资助&lt;b&gt;<del>1000</del><ins>500</ins>"


def test_rows_follow_new_order_with_deleted_clause_in_its_old_place():
    old_text = seed("003")
    old, new = segment(old_text), segment(nanjing_v2(old_text))
    cs = compare(old, new)
    items = diff_rows(cs, ZH, old_tree=old, new_tree=new)
    flat = [r for item in items for r in (item.rows if isinstance(item, Fold) else (item,))]
    ids = [r.anchor for r in flat]
    assert len(ids) == len(set(ids)), "clause ids must be unique"
    # the deleted 13 sits between 12 and the next clause, where it used to be
    assert ids.index("二-（三）-13") == ids.index("二-（三）-12") + 1
    assert flat[ids.index("二-（三）-13")].kind == "deleted"
    assert flat[ids.index("三-（五）")].kind == "added"
    # unchanged clauses are folded, changed ones are not
    folded = {r.anchor for item in items if isinstance(item, Fold) for r in item.rows}
    assert "二-（一）-1" in folded and "二-（四）-15" not in folded


def test_renumbered_and_moved_rows_say_so():
    cs = ChangeSet(changes=(
        ClauseChange(ChangeKind.RENUMBERED, "第五条", "第六条", "第五条 内容", "第六条 内容",
                     moves=(("第五条", "第六条"),)),
        ClauseChange(ChangeKind.MOVED, "二/3", "四/1", "3.推动数据开放。", "1.推动数据开放。"),
    ))
    rows = diff_rows(cs, ZH)
    assert rows[0].note == "第五条 → 第六条"
    assert rows[1].note == "由 二 › 3 移至 四 › 1"
    assert rows[1].anchor == "四-1"


def test_outline_nests_clauses():
    tree = segment(seed("003"))
    nodes = outline(tree)
    labels = [n.label for n in nodes]
    assert labels == ["一", "二", "三"]
    second = nodes[1].children[0]
    assert second.label == "（一）" and second.heading.startswith("促进人工智能产业化发展")
    assert second.children[0].anchor == "二-（一）-1"


def test_catalogue_is_complete_in_both_languages():
    assert all(len(entry) == len(LANGS) and all(entry) for entry in MESSAGES.values())
    assert ZH("event.baseline_count", n=32) == "32 份文件已纳入监测"
    assert EN("event.baseline_count", n=32) == "32 documents now watched"


def test_fake_source_satisfies_protocol():
    from policywatch.reports import ReportSource

    assert isinstance(make_source(), ReportSource)


op_lists = st.lists(st.tuples(st.sampled_from(["equal", "insert", "delete"]),
                              st.text(alphabet="<>&\"'/ab第一条万元\n", min_size=1, max_size=8)), max_size=8)


@settings(max_examples=100, deadline=None)
@given(op_lists)
def test_rendered_ops_parse_back_to_exactly_the_text(raw):
    ops = tuple(InlineOp(op, text) for op, text in raw)
    old, new, _ = inline_cells(ops)
    for cell, keep in ((old, {"equal", "delete"}), (new, {"equal", "insert"})):
        # lxml keeps whitespace-only text exactly (BeautifulSoup collapses it)
        root = lxml.html.fragment_fromstring(f"<p>x{cell}x</p>")
        assert root.text_content() == "x" + "".join(o.text for o in ops if o.op in keep) + "x"
        assert {el.tag for el in root.iterdescendants()} <= {"ins", "del"}


def test_a_row_cited_by_its_first_kuan_stands_at_its_article() -> None:
    """A record addressed to `…第十三条/第一款` (the article's own text; diffing/compare.py) is
    shown where 第十三条 stands in the new text, not after every clause the tree knows
    (反垄断法 2007 → 2022, tests/data/statutes)."""
    from policywatch.diffing import compare as compare_trees
    from policywatch.diffing import segment as segment_text
    from tests.diffing.statute_eval import STATUTES

    old, new = (segment_text((STATUTES / f"antitrust.{side}.txt").read_text(encoding="utf-8")) for side in ("old", "new"))
    items = diff_rows(compare_trees(old, new), ZH, old_tree=old, new_tree=new)
    flat = [r for item in items for r in (item.rows if isinstance(item, Fold) else (item,))]
    ids = [r.anchor for r in flat]
    at = ids.index(anchor("第一章/第十三条/第一款"))
    assert flat[at].kind == "modified"
    assert ids[at + 1] == anchor("第一章/第十三条/第二款")  # then the article's unchanged 第二款
    assert ids.index(anchor("第一章/第十二条")) < at < ids.index(anchor("第八章/第七十条"))
