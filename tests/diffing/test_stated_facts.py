"""Facts of clauses that exist in one version only: an added article's `最高500万元` and 30日 deadline,
a deleted article's 20% subsidy ratio, reported as facts that came (∅ → value) or went (value → ∅),
in the change set, `diff --format text|json|html` and the one-line summaries."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.diffing import diff_texts
from policywatch.diffing.facts import extract_facts
from policywatch.model import ChangeKind, ChangeSet
from policywatch.normalize import comparison_key
from policywatch.reports.i18n import Translator
from policywatch.reports.labels import change_summary, key_changes
from tests.diffing.statute_eval import STATUTES

# 第二条 (20%) is deleted, 第三条 moves up to 第二条 unchanged, a new 第三条 brings an amount and a deadline
OLD = ("第一条 为了支持企业发展，制定本办法。\n第二条 对企业研发投入按20%给予补助。\n"
       "第三条 对新认定的国家级创新平台，给予最高资助1000万元。\n第四条 本办法自发布之日起施行。\n")
NEW = ("第一条 为了支持企业发展，制定本办法。\n第二条 对新认定的国家级创新平台，给予最高资助1000万元。\n"
       "第三条 对首次认定的专精特新企业，给予最高500万元奖励，申请人应当自收到通知之日起30日内提交材料。\n"
       "第四条 本办法自发布之日起施行。\n")
ADDED = [("amount", "", "最高500万元", "第三条"), ("deadline", "", "30日内", "第三条")]
DELETED = [("percent", "20%", "", "第二条")]


def _facts(cs: ChangeSet, kind: ChangeKind) -> list[tuple[str, str, str, str]]:
    return [(f.role, f.old, f.new, f.path) for c in cs.changes if c.kind is kind for f in c.facts]


def test_added_and_deleted_articles_carry_the_facts_they_state():
    cs = diff_texts(OLD, NEW)
    assert [c.kind for c in cs.changes] == [ChangeKind.DELETED, ChangeKind.RENUMBERED, ChangeKind.ADDED]
    assert _facts(cs, ChangeKind.ADDED) == ADDED
    assert _facts(cs, ChangeKind.DELETED) == DELETED
    assert _facts(cs, ChangeKind.RENUMBERED) == []  # an unchanged clause states no change
    # the change set's facts are every record's, in document order
    assert [f.summary for f in cs.facts] == ["第二条 企业研发投入按 20% → ∅", "第三条 给予 ∅ → 最高500万元",
                                             "第三条 收到通知之日起 ∅ → 30日内"]


CHAPTERS_OLD = "第一章 总则\n第一条 为了支持企业发展，制定本办法。\n第二章 附则\n第二条 本办法自发布之日起施行。\n"
CHAPTERS_NEW = ("第一章 总则\n第一条 为了支持企业发展，制定本办法。\n第二章 扶持措施\n"
                "第二条 对首次认定的专精特新企业，给予最高500万元奖励。\n第三条 申请人应当自收到通知之日起30日内提交材料。\n"
                "第三章 附则\n第四条 本办法自发布之日起施行。\n")


def test_a_folded_subtree_names_each_fact_by_its_own_clause():
    old, new = CHAPTERS_OLD, CHAPTERS_NEW
    cs = diff_texts(old, new)
    [added] = [c for c in cs.changes if c.kind is ChangeKind.ADDED]
    assert added.new_path == "第二章"
    assert [(f.new, f.path) for f in added.facts] == [("最高500万元", "第二章/第二条"), ("30日内", "第二章/第三条")]
    # deleted the other way round: the same facts, gone
    back = diff_texts(new, old)
    [deleted] = [c for c in back.changes if c.kind is ChangeKind.DELETED]
    assert [(f.old, f.new, f.path) for f in deleted.facts] == [("最高500万元", "", "第二章/第二条"),
                                                               ("30日内", "", "第二章/第三条")]


def test_a_fact_a_rewritten_clause_states_again_is_no_change():
    # 二、 deleted, its subject rewritten as a new 三、: its 20万元 threshold stays (no change, on
    # neither side); its period moved to another year (reported on both sides)
    old = ("一、总体要求\n加快发展。\n二、支持对象\n在本省注册的首台（套）装备研制企业，2019年1月1日至12月31日"
           "首次投保，累计保费满20万元。\n三、保障措施\n加强领导。\n")
    new = ("一、总体要求\n加快发展。\n二、保障措施\n加强领导。\n三、申报程序\n由各地市工业和信息化主管部门组织推荐，"
           "经专家评审后公示，公示期满无异议的，2020年1月1日至12月31日首次投保且累计保费满20万元的项目予以补偿。\n")
    cs = diff_texts(old, new)
    assert [c.kind for c in cs.changes] == [ChangeKind.DELETED, ChangeKind.RENUMBERED, ChangeKind.ADDED]
    assert [(f.old, f.new) for f in cs.facts] == [("2019年1月1日至12月31日", ""), ("", "2020年1月1日至12月31日")]
    # the same value named by other words is another fact: kept on both sides
    other = new.replace("且累计保费满20万元", "且注册资本20万元")
    facts = [(f.context, f.old, f.new) for f in diff_texts(old, other).facts]
    assert ("累计保费满", "20万元", "") in facts and ("注册资本", "", "20万元") in facts


def test_an_added_clause_states_no_vague_quantity_nor_an_indefinite_one():
    old = "一、总体要求\n加快发展。\n二、保障措施\n加强领导。\n"
    new = ("一、总体要求\n加快发展。\n二、推进改革\n推进“高效办成一件事”，建设一个平台，培育一批企业，每个乡镇配备两名专职人员。\n"
           "三、保障措施\n加强领导。\n")
    [added] = [c for c in diff_texts(old, new).changes if c.kind is ChangeKind.ADDED]
    assert [(f.role, f.new) for f in added.facts] == [("count", "两名")]
    # edited, the same words are changed facts
    edited = new.replace("一个平台", "两个平台").replace("一批企业", "10家企业")
    assert {(f.old, f.new) for f in diff_texts(new, edited).facts} == {("一个", "两个"), ("一批", "10家")}


def test_an_added_table_is_read_cell_by_cell_unless_its_rows_are_cut():
    old = "一、总体要求\n加快发展。\n二、保障措施\n加强领导。\n"
    table = "项目\t资助金额（万元）\n国家级平台\t500\n省级平台\t200"
    new = f"一、总体要求\n加快发展。\n二、资助标准\n{table}\n三、保障措施\n加强领导。\n"
    [added] = [c for c in diff_texts(old, new).changes if c.kind is ChangeKind.ADDED]
    assert [(f.context, f.new) for f in added.facts] == [("国家级平台·资助金额", "500万元"), ("省级平台·资助金额", "200万元")]
    # a row with another number of cells than its header: the cells may stand under another
    # header, so bare numbers are not read as the header's amounts
    cut = new.replace("国家级平台\t500", "国家级平台\t500\t另有")
    [added] = [c for c in diff_texts(old, cut).changes if c.kind is ChangeKind.ADDED]
    assert added.facts == ()


def test_the_json_contract_carries_them_and_reads_them_back():
    cs = diff_texts(OLD, NEW, old_label="v1", new_label="v2")
    data = json.loads(cs.to_json())
    [added] = [c for c in data["changes"] if c["kind"] == "added"]
    assert added["facts"][0] == {"role": "amount", "context": "给予", "old": "", "new": "最高500万元",
                                 "path": "第三条", "summary": "第三条 给予 ∅ → 最高500万元"}
    assert ChangeSet.from_dict(data) == cs


def _cli(tmp_path, fmt: str, old: str = OLD, new: str = NEW) -> str:
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    done = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", fmt])
    assert done.exit_code == 1, done.output  # 1: the versions differ, as diff(1) says it
    return done.output


def test_diff_text_lists_them_with_the_changed_facts(tmp_path):
    lines = _cli(tmp_path, "text").splitlines()
    assert "* 第二条 企业研发投入按 20% → ∅" in lines
    assert "* 第三条 给予 ∅ → 最高500万元" in lines
    assert "* 第三条 收到通知之日起 ∅ → 30日内" in lines


def test_the_html_page_lists_them_each_linked_to_its_record_row(tmp_path):
    soup = BeautifulSoup(_cli(tmp_path, "html"), "html.parser")
    items = soup.select("section.facts:not(.replacements) li")
    assert [li.get_text(" ", strip=True) for li in items] == [
        "第二条 企业研发投入按 20% → ∅", "第三条 给予 ∅ → 最高500万元", "第三条 收到通知之日起 ∅ → 30日内"]
    # the deleted 第二条's number is now the renumbered clause's: the link leads to the deleted row
    for li, kind in zip(items, ("deleted", "added", "added"), strict=True):
        row = soup.find(id=li.a["href"][1:])
        assert row is not None and f"kind-{kind}" in row["class"]
    added_row = soup.find(id=items[1].a["href"][1:])
    assert [s.get_text() for s in added_row.select(".fact")] == ["给予 ∅ → 最高500万元", "收到通知之日起 ∅ → 30日内"]


def test_a_fact_of_a_folded_subtree_links_to_the_subtree_row(tmp_path):
    soup = BeautifulSoup(_cli(tmp_path, "html", CHAPTERS_OLD, CHAPTERS_NEW), "html.parser")
    items = soup.select("section.facts:not(.replacements) li")
    assert [li.a.get_text() for li in items] == ["第二章 › 第二条", "第二章 › 第三条"]  # cited by their own clause
    for li in items:  # the articles have no row of their own: the added chapter's row holds them
        row = soup.find(id=li.a["href"][1:])
        assert row is not None and "kind-added" in row["class"] and "第二章" in row.get_text()


def test_the_one_line_summaries_name_them():
    cs = diff_texts(OLD, NEW)
    zh = Translator("zh")
    assert change_summary(cs, zh).endswith("；企业研发投入按 20% → ∅，给予 ∅ → 最高500万元 等 1 项")
    assert key_changes(cs, zh) == ["第二条 企业研发投入按 20% → ∅", "第三条 给予 ∅ → 最高500万元",
                                   "第三条 收到通知之日起 ∅ → 30日内"]


# Values read wrongly once a whole clause's facts are reported, not only its changed ones


def test_the_same_one_is_no_count():
    assert [f.value for f in extract_facts(comparison_key("根据同一家企业同时评定的，对任一项目给予奖励"))] == []
    assert [f.value for f in extract_facts(comparison_key("每个区培育两家企业"))] == ["两家"]


def test_a_quoted_name_opening_with_a_count_states_no_count():
    """The real 立法法 2023 adds 第三条 citing `“三个代表”重要思想` (tests/data/statutes/legislation.*):
    a name, not three of anything; so `“四个意识”`, `“十个一”工程`. A quotation holding a count
    alone or with its qualifier (a decision's `将“三名”修改为“五名”`) still states it."""
    for name in ("邓小平理论、“三个代表”重要思想", "增强“四个意识”、做到“两个维护”", "实施“十个一”工程"):
        assert extract_facts(comparison_key(name)) == []
    quoted = extract_facts(comparison_key("将“三名”修改为“五名”，将“两个以上”修改为“三个以上”"))
    assert [f.value for f in quoted] == ["三名", "五名", "两个以上", "三个以上"]
    assert [f.value for f in extract_facts(comparison_key("设立三个代表处"))] == ["三个"]  # unquoted: a count
    old, new = ((STATUTES / f"legislation.{side}.txt").read_text(encoding="utf-8") for side in ("old", "new"))
    assert not [f for f in diff_texts(old, new).facts if f.role == "count"]


def test_a_measured_quoted_count_is_read_a_name_is_not():
    """A quoted `N个X` was a name whatever it counted: `连续“两个年度”未报送` and `不超过“五个事项”`
    lost their count, and a decision `将“两个年度”修改为“三个年度”` changed nothing. A period or a
    bare item counted, a bound or a set value before it, a decision replacing it: a figure. A name
    (no measure before it, or heading 重要思想/工程) states no count, 作为/称为 name it."""
    def counts(text: str) -> list[str]:
        return [f.value for f in extract_facts(comparison_key(text)) if f.role == "count"]
    assert counts("企业连续“两个年度”未报送年度报告的，列入经营异常名录。") == ["两个"]
    assert counts("建立“三个清单”制度，每个清单不超过“五个事项”。") == ["五个"]
    assert counts("将“两个年度”修改为“三个年度”") == ["两个", "三个"]
    assert counts("将“两个中心”修改为“三个中心”") == ["两个", "三个"]
    assert counts("每个县至少建设“两个中心”。") == ["两个"]
    assert counts("考核周期为“两个季度”。") == ["两个"]
    assert counts("公司连续“两个会计年度”亏损的") == ["两个"]
    for name in ("坚持以“三个代表”重要思想为指导", "将“两个维护”作为根本政治要求", "概括为“四个全面”",
                 "为实现“两个一百年”奋斗目标", "至少开展“十个一”工程", "增强“四个意识”",
                 "使上海成为“四个中心”"):
        assert counts(name) == [], name


def test_a_range_of_per_mille_in_words_is_one_value():
    facts = extract_facts(comparison_key("处合同金额千分之五以上千分之十以下的罚款"))
    assert [(f.role, f.value) for f in facts] == [("percent", "千分之五以上千分之十以下")]


# A new edition: its added articles state amounts before the one amount it changed
EDITION_OLD = ("第一条 为了支持企业发展，制定本办法。\n第二条 对新认定的国家级创新平台，给予最高资助1000万元。\n"
               "第三条 本办法自发布之日起施行。\n")
EDITION_NEW = ("第一条 为了支持企业发展，制定本办法。\n第二条 对首次认定的专精特新企业，给予最高300万元奖励。\n"
               "第三条 对首次入选的独角兽企业，给予最高200万元奖励。\n"
               "第四条 对新认定的国家级创新平台，给予最高资助500万元。\n第五条 本办法自发布之日起施行。\n")
CHANGED = "最高资助 1000万元 → 500万元"


def test_a_changed_value_is_named_before_the_values_added_clauses_state(tmp_path):
    cs = diff_texts(EDITION_OLD, EDITION_NEW)
    stated = [f for f in cs.facts if not f.is_pair]
    assert len(stated) >= 2 and cs.facts.index(stated[0]) < [f.is_pair for f in cs.facts].index(True)
    assert cs.key_facts[0].is_pair and CHANGED in cs.key_facts[0].summary
    zh = Translator("zh")
    summary = change_summary(cs, zh, max_facts=1)
    assert CHANGED in summary and "300万元" not in summary  # the headline's one fact is the change
    assert CHANGED in key_changes(cs, zh)[0]
    text = _cli(tmp_path, "text", EDITION_OLD, EDITION_NEW).splitlines()
    assert CHANGED in next(line for line in text if line.startswith("* "))
    soup = BeautifulSoup(_cli(tmp_path, "html", EDITION_OLD, EDITION_NEW), "html.parser")
    assert CHANGED in soup.select("section.facts:not(.replacements) li")[0].get_text(" ", strip=True)
