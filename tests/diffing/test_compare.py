"""compare(): metadata changes, empty change sets, JSON round trip, terminal text."""

import json

from policywatch.diffing import compare, diff_texts
from policywatch.diffing.textreport import render_changeset_text
from policywatch.model import ChangeKind, ChangeSet, DocumentMetadata
from tests.diffing.statute_eval import shipped_revisions
from tests.diffing.trees import make_tree

OLD = make_tree([
    ("第一条", "第一条 支持平台建设。对新认定的国家级创新平台，给予最高资助1000万元。"),
    ("第二条", "第二条 本政策自发布之日起施行，有效期至2025年12月31日。"),
])
NEW = make_tree([
    ("第一条", "第一条 支持平台建设。对新认定的国家级创新平台，给予最高资助500万元。"),
    ("第二条", "第二条 本政策自发布之日起施行，有效期至2027年12月31日。"),
])
META = DocumentMetadata(title="若干政策", doc_number="宁政办发〔2019〕37号", issuer="南京市人民政府办公厅",
                        written_date="2019-06-29", validity="现行有效")


def test_identical_and_cosmetic_versions_give_an_empty_change_set():
    assert compare(OLD, OLD, old_metadata=META, new_metadata=META).is_empty
    wide = make_tree([(c.path_str, c.text.replace("，", ",").replace("2025", "２０２５")) for c in OLD])
    assert compare(OLD, wide).is_empty


def test_metadata_changes_are_part_of_the_change_set():
    new_meta = DocumentMetadata(**{**META.to_dict(), "validity": "失效", "issuer": "南京市人民政府"})
    cs = compare(OLD, OLD, old_metadata=META, new_metadata=new_meta)
    assert [(m.field, m.old, m.new) for m in cs.metadata_changes] == [
        ("validity", "现行有效", "失效"), ("issuer", "南京市人民政府办公厅", "南京市人民政府")]
    assert not cs.is_empty and cs.counts()["metadata"] == 2


def test_metadata_width_variants_and_vanished_fields_are_not_changes():
    new_meta = DocumentMetadata(**{**META.to_dict(), "title": "若干政策 ", "written_date": ""})
    assert compare(OLD, OLD, old_metadata=META, new_metadata=new_meta).is_empty


def test_metadata_noise_the_comparison_key_ignores_is_not_a_change():
    new_meta = DocumentMetadata(**{**META.to_dict(), "doc_number": META.doc_number.replace("〔", "[").replace("〕", "]")})
    assert new_meta.doc_number != META.doc_number
    assert compare(OLD, OLD, old_metadata=META, new_metadata=new_meta).is_empty


def test_diff_texts_cleans_titles_as_the_pipeline_stores_them():
    old = DocumentMetadata(title="关于印发若干政策的通知")
    new = DocumentMetadata(title="\u200e关于印发\u202e若干政策\u202c的通知\u200b")  # invisible marks only
    assert diff_texts("一、内容。", "一、内容。", old_metadata=old, new_metadata=new).is_empty
    changed = diff_texts("一、内容。", "一、内容。", old_metadata=old, new_metadata=DocumentMetadata(title="关于印发若干措施的通知"))
    assert [(m.field, m.new) for m in changed.metadata_changes] == [("title", "关于印发若干措施的通知")]


def test_changes_carry_texts_inline_ops_and_facts():
    cs = compare(OLD, NEW, old_label="v1", new_label="v2")
    assert [c.kind for c in cs.changes] == [ChangeKind.MODIFIED, ChangeKind.MODIFIED]
    assert [f.summary for f in cs.facts] == [
        "第一条 最高资助 1000万元 → 500万元",
        "第二条 有效期至 2025年12月31日 → 2027年12月31日",
    ]
    first = cs.changes[0]
    assert "".join(op.text for op in first.inline if op.op != "delete") == first.new_text


def test_json_round_trip_keeps_everything():
    cs = compare(OLD, NEW, old_metadata=META,
                 new_metadata=DocumentMetadata(**{**META.to_dict(), "validity": "失效"}), old_label="v1",
                 new_label="v2")
    data = json.loads(cs.to_json())
    assert data["schema_version"] == 1 and data["summary"]["modified"] == 2
    assert ChangeSet.from_json(cs.to_json()) == cs


def test_text_report_plain_and_coloured():
    cs = compare(OLD, NEW, old_label="v1", new_label="v2")
    plain = render_changeset_text(cs, color=False)
    assert plain.splitlines()[0] == "v1 → v2: 2 modified"
    assert "* 第一条 最高资助 1000万元 → 500万元" in plain
    assert "[-1000万元-]{+500万元+}" in plain and "\x1b[" not in plain
    coloured = render_changeset_text(cs, color=True)
    assert "\x1b[31m1000万元\x1b[0m\x1b[32m500万元\x1b[0m" in coloured
    assert "no changes" in render_changeset_text(compare(OLD, OLD), color=False)


def test_text_report_folds_long_unchanged_runs_of_a_long_clause():
    rows = [f"{i}\t宁川某某科技有限公司{i}\t{100 + i}万元" for i in range(60)]
    edited = [r.replace("130万元", "135万元") for r in rows]
    head = "关于资助名单的公示\n一、名单\n"
    plain = render_changeset_text(diff_texts(head + "\n".join(rows), head + "\n".join(edited)), color=False)
    body = plain.split("== modified", 1)[1].splitlines()[1:]
    assert body == ["… 29 unchanged lines …", *rows[28:30], "30\t宁川某某科技有限公司30\t[-130万元-]{+135万元+}",
                    *rows[31:33], "… 27 unchanged lines …"]
    # a short clause is shown whole, its marks as the inline diff runs them
    short = render_changeset_text(diff_texts(head + "\n".join(rows[:5]), head + "\n".join(edited[:5])), color=False)
    assert "unchanged lines" not in short


def test_diff_texts_normalizes_segments_and_compares():
    old = "一、总体要求\n\n（一）指导思想。给予最高1000万元资助。\n\n（二）基本原则。坚持市场主导。\n"
    new = "一、总体要求\n\n(一)指导思想。给予最高\n500万元资助。\n\n(二)基本原则。坚持市场主导。\n"
    cs = diff_texts(old, new, old_label="a", new_label="b")
    assert [c.kind for c in cs.changes] == [ChangeKind.MODIFIED]
    assert cs.facts[0].summary.endswith("1000万元 → 最高500万元")


def test_schema_doc_example_is_valid_and_round_trips():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "changeset-schema.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json", 1)[1].split("```", 1)[0])
    assert ChangeSet.from_dict(example).to_dict() == example


def _records(cs: ChangeSet) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.old_path, c.new_path) for c in cs.changes]


def test_a_rewritten_preamble_is_the_preamble_modified() -> None:
    """福建 农机补贴额 通告 2018 → 2024 (tests/data/policy_pairs/fj_farm): the 根据…现予通告 opening
    was rewritten past any similarity, yet it is the notice's one preamble: 序 modified, not
    deleted and added. Variant: a notice whose 为…现就…通知如下 became 根据…请遵照执行."""
    from pathlib import Path

    pairs = Path(__file__).resolve().parents[1] / "data" / "policy_pairs"
    cs = diff_texts((pairs / "fj_farm.old.txt").read_text(encoding="utf-8"),
                    (pairs / "fj_farm.new.txt").read_text(encoding="utf-8"))
    assert ("modified", "序", "序") in _records(cs)
    old = "为加快培育壮大算力产业，降低中小企业用算成本，经市政府同意，现就发放算力券通知如下。\n一、支持对象\n在本市注册的人工智能企业。\n"
    new = ("根据《市数字经济发展三年行动计划》部署和年度预算安排，本局制定了2024年度实施细则，请遵照执行。\n"
           "一、支持对象\n在本市注册的人工智能企业。\n")
    assert _records(diff_texts(old, new)) == [("modified", "序", "序")]


def test_a_clause_renumbered_and_rewritten_keeps_its_heading() -> None:
    """广东 单项冠军 奖补 2022 → 2023 (gd_champion): a new 二、 pushed 资金用途 to 三、 and its body
    was rewritten: 二 → 三 modified, by its unique heading. Variant: the same under a 第X条
    heading style in （一）（二） items; a heading shared by two leftovers decides nothing."""
    old = ("一、支持对象\n本市注册企业。\n二、资金用途\n用于研发投入和技术改造，不得用于日常运转支出。\n"
           "三、工作要求\n各区要加强组织领导。\n")
    new = ("一、支持对象\n本市注册企业。\n二、资金安排\n资金安排计划详见附件。\n"
           "三、资金用途\n企业所获奖补资金应主要用于创新和研发投入，不得用于平衡本级财政预算或房租物业支出。\n"
           "四、工作要求\n各区要加强组织领导。\n")
    records = _records(diff_texts(old, new))
    assert ("modified", "二", "三") in records and ("added", "", "二") in records
    twice = new.replace("二、资金安排\n资金安排计划详见附件。", "二、资金用途\n资金安排计划详见附件，专款专用。")
    assert ("modified", "二", "三") not in _records(diff_texts(old, twice))


def test_a_value_carried_by_a_part_split_off_or_merged_in_is_no_fact_change() -> None:
    """A task split in two (5G基站 and 数据中心) and two merged into one (市场主体 and 产业集群), their
    headings rewritten: the parts are read as a clause modified beside one added (or deleted), and
    the values the parts carried (`新建5G基站1万个`, `建设数字经济产业园5个`) went from one record to
    the other unchanged — no `∅ → 1万个` beside `1万个 → ∅`. The values that changed are still told,
    and so is a value that came with no part taking it away (`1亿元`)."""
    old = ("关于促进数字经济发展的实施意见\n一、总体要求\n"
           "（一）到2025年，全市数字经济核心产业增加值达到1000亿元，占地区生产总值比重达到12%。\n二、重点任务\n"
           "（一）加快新型基础设施建设。新建5G基站1万个，实现重点区域全覆盖；建设数据中心3个，标准机架达到2万架。\n"
           "（二）推动产业数字化转型。实施“上云用数赋智”行动，推动1000家企业上云。\n"
           "（三）培育数字经济市场主体。引进数字经济头部企业20家。\n（四）壮大数字经济产业集群。建设数字经济产业园5个。\n"
           "三、保障措施\n（一）加强组织领导。成立数字经济发展领导小组。\n")
    new = ("关于促进数字经济发展的实施意见\n一、总体要求\n"
           "（一）到2025年，全市数字经济核心产业增加值达到1200亿元，占地区生产总值比重达到15%。\n二、重点任务\n"
           "（一）加快5G网络建设。新建5G基站1万个，实现重点区域全覆盖。\n（二）加快算力设施建设。建设数据中心3个，标准机架达到2万架。\n"
           "（三）推动产业数字化转型。实施“上云用数赋智”行动，推动1000家企业上云。\n"
           "（四）培育壮大数字经济市场主体和产业集群。引进数字经济头部企业20家，建设数字经济产业园5个。\n"
           "三、保障措施\n（一）加强组织领导。成立数字经济发展领导小组。\n（二）强化资金保障。市级财政每年安排数字经济专项资金1亿元。\n")
    facts = sorted((f.path, f.old, f.new) for f in diff_texts(old, new).facts)
    assert facts == [("一/（一）", "达到1000亿元", "达到1200亿元"), ("一/（一）", "达到12%", "达到15%"),
                     ("三/（二）", "", "1亿元")], facts


def test_two_kept_clauses_trading_a_value_both_changed() -> None:
    """Two articles that trade their deadlines (第二条 `在二十日内` → `及时`, 第三条 the reverse) are
    both modified: each one's deadline changed, and the reader is told so in each. A value only
    cancels between a paired record and the added or deleted record restating it (a part split
    off or merged in): 会计法 2024 merges the old 第四十三条's second 款 into its 第四十一条,
    `五年内不得从事会计工作` with it, while the deleted 第四十四条 takes its own away."""
    old = ("某市行政许可办法\n第一条　为了规范行政许可，制定本办法。\n"
           "第二条　申请人提交申请的，许可机关应当在二十日内作出决定。\n第三条　申请人申请延续的，许可机关应当及时作出决定。\n")
    new = old.replace("提交申请的，许可机关应当在二十日内", "提交申请的，许可机关应当及时").replace(
        "申请延续的，许可机关应当及时", "申请延续的，许可机关应当在二十日内")
    facts = sorted((f.path, f.old, f.new) for f in diff_texts(old, new).facts)
    assert facts == [("第三条", "", "二十日内"), ("第二条", "二十日内", "")], facts
    rev = next(rev for rev in shipped_revisions() if rev.name == "accounting")
    kept = [(f.path, f.old, f.new) for f in diff_texts(rev.old, rev.new).facts if "五年内" in f.old + f.new]
    assert kept == [("第六章/第四十四条/第二款", "五年内", "")], kept
