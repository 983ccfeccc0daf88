"""Weights and scaled counts as facts, ranges whose first end leaves its unit to the second, and
labels after a join (session 41's closing-note defects)."""

from __future__ import annotations

import pytest

from policywatch.diffing.facts import extract_facts, fact_changes
from policywatch.grammar.quantities import quantity_key
from policywatch.normalize import comparison_key


def _facts(text: str) -> list[tuple[str, str, str]]:
    return [(f.role, f.value, f.context) for f in extract_facts(comparison_key(text))]


def _changes(old: str, new: str) -> list[tuple[str, str, str, str]]:
    return [(c.role, c.context, c.old, c.new) for c in fact_changes(old, new)]


# a weight and a scaled count: `2500克` was no measure (克 no unit of one, only 千克/公斤/吨), `3千人`
# no count (a count's number took no 百/千 after it, though `3千元` is a sum and quantity_key reads
# `3千人` as 3000人); a range whose first end leaves its unit to the second: `1千至2千万元` gave only
# `2千万元` (its first end no sum without 元), `十至二十亩` a `二十亩` named `承包十至`
_READ_WHOLE = """每袋净含量2500克。|measure|2500克|每袋净含量
每日摄入不超过50毫克。|measure|不超过50毫克|每日摄入
年处理能力3千吨。|measure|3千吨|年处理能力
新增就业3千人。|count|3千人|新增就业
培育企业3百家。|count|3百家|培育企业
培育3千家企业。|count|3千家|培育
给予补贴1千至2千万元。|amount|1千至2千万元|补贴
给予补贴一千至二千万元。|amount|一千至二千万元|补贴
给予补贴五至十万元。|amount|五至十万元|补贴
每户承包十至二十亩。|measure|十至二十亩|每户承包
宽度为5至10米。|measure|5-10米|宽度为
处违法所得三至五倍的罚款。|percent|三至五倍|违法所得"""


@pytest.mark.parametrize("line", _READ_WHOLE.splitlines())
def test_a_weight_a_scaled_count_and_a_shared_unit_range_are_read_whole(line: str) -> None:
    """Each is one fact with its unit, a range one value (as `3万元至5万元` is)."""
    text, *fact = line.split("|")
    assert _facts(text) == [tuple(fact)]


def test_a_weight_or_scaled_count_changed_is_reported_and_one_restated_is_not() -> None:
    assert _changes("每袋净含量2500克。", "每袋净含量3000克。") == [("measure", "每袋净含量", "2500克", "3000克")]
    assert _changes("新增就业3千人。", "新增就业5千人。") == [("count", "新增就业", "3千人", "5千人")]
    assert _changes("新增就业3千人。", "新增就业3000人。") == []  # the same number written otherwise
    assert _changes("每袋净含量2.5千克。", "每袋净含量2500克。") == []


@pytest.mark.parametrize("text", [
    "县级以上地方人民政府负责。", "个人所得税。", "家庭农场和农民合作社。",
    "补贴5万人民币。", "资助3千人民币。", "克服困难。",
])
def test_words_holding_a_unit_character_are_no_counts(text: str) -> None:
    """人民政府, 个人, 家庭, 人民币 hold a count unit's character: no count is read from them (a number
    before 家庭 counts households: test_a_number_of_households_is_a_count)."""
    assert [f for f in _facts(text) if f[0] in ("count", "measure")] == []


def test_a_shared_unit_range_compares_as_the_range_written_in_full() -> None:
    assert quantity_key("1千至2千万元") == quantity_key("1000万元至2000万元") == quantity_key("1千万元-2千万元")
    assert quantity_key("3-5万元") == quantity_key("3万元至5万元")
    assert quantity_key("十至二十亩") == quantity_key("10亩到20亩")
    assert quantity_key("1千至2千万元") != quantity_key("1千至3千万元")
    assert _changes("给予补贴1千至2千万元。", "给予补贴1000万元至2000万元。") == []
    assert _changes("给予补贴1千至2千万元。", "给予补贴1千至3千万元。") == [
        ("amount", "补贴", "1千至2千万元", "1千至3千万元")]
    assert _changes("每户承包十至二十亩。", "每户承包十至三十亩。") == [("measure", "每户承包", "十至二十亩", "十至三十亩")]


@pytest.mark.parametrize(("text", "named"), [
    # nothing names the first limit: the second is not named by the join and the first's tail
    ("当事人在30日内或者60日内申请复议。", [("30日内", "当事人在"), ("60日内", "当事人在")]),
    ("在三十日内或者六十日内答复。", [("三十日内", ""), ("六十日内", "答复")]),
    ("每人补助二千元或三千元。", [("二千元", "每人补助"), ("三千元", "每人补助")]),
    ("每人补助二千元或者三千元。", [("二千元", "每人补助"), ("三千元", "每人补助")]),
    ("自收到通知之日起30日内或者自公告之日起60日内起诉。", [("30日内", "收到通知之日起"), ("60日内", "公告之日起")]),
])
def test_a_value_after_a_join_is_never_named_by_the_join_or_the_value_before(
        text: str, named: list[tuple[str, str]]) -> None:
    """`在三十日内或者六十日内` named `六十日内` by `在三十日内或者`, `每人补助二千元或三千元` named
    `三千元` `每人补助二千元或`: words read back over a join take in the value before it. A value
    after 或 alone that no words of its own name is the alternative of the value before it, as
    after 或者 (one with words after it keeps them: `补助2千元或3千元奖励`, tests/diffing/test_facts.py)."""
    facts = [(value, context) for _, value, context in _facts(text)]
    assert facts == named
    for _, context in facts:
        assert not context.startswith(("内或", "或", "和", "、")) and "千元" not in context and "日内" not in context


@pytest.mark.parametrize(("old", "new"), [
    ("1亿元", "10000万元"), ("0.5亿元", "5000万元"), ("1万亿元", "10000亿元"), ("一亿元", "1亿元"),
    ("1-2亿元", "1亿元至2亿元"),
])
def test_a_sum_in_yi_is_the_same_sum_in_wan(old: str, new: str) -> None:
    """`1亿元 → 10000万元` was reported as a change: one sum stated in another scale."""
    assert quantity_key(old) == quantity_key(new)
    assert _changes(f"项目投资{old}。", f"项目投资{new}。") == []
    assert _changes(f"项目投资{old}。", "项目投资3亿元。")[0][2] == old


def test_a_value_with_a_thousands_separator_is_shown_as_written() -> None:
    """The key drops the comma of `1,000万元`: the value is shown as the clause writes it, not as
    another sum of the clause that folds alike (it was shown as the later `１０００万元`)."""
    old = "第一条 补贴1,000万元，另给予１０００万元奖励。"
    new = "第一条 补贴1,500万元，另给予１０００万元奖励。"
    assert _changes(old, new) == [("amount", "补贴", "1,000万元", "1,500万元")]


def test_a_hedge_before_a_value_is_no_part_of_its_label() -> None:
    """`连续工作一般不超过6天` is named 连续工作: 一般 says how firmly, not what (it was `工作一般`)."""
    assert _facts("除个别特殊情形外，法定节假日假期前后连续工作一般不超过6天。") == [("deadline", "不超过6天", "连续工作")]


def _pair(old: str, new: str) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    from pathlib import Path

    from policywatch.diffing import diff_texts

    data = Path(__file__).parent.parent / "data" / "statutes"
    cs = diff_texts((data / f"holidays.{old}.txt").read_text(encoding="utf-8"),
                    (data / f"holidays.{new}.txt").read_text(encoding="utf-8"))
    facts = [(f.path, f.context, f.old, f.new) for c in cs.changes for f in c.facts]
    return facts, [(c.kind.value, c.new_path or c.old_path) for c in cs.changes]


def test_the_2024_holiday_amendment_reads_as_the_decision_wrote_it() -> None:
    """全国年节及纪念日放假办法 2013 → 2024 (国务院令第795号): 春节 3天 → 4天, 劳动节 1天 → 2天, a new
    第七条 (连续工作 不超过6天) renumbering 第七条 as 第八条; 新年 → 元旦 and `10月1日、2日、3日` →
    `10月1日至3日` are words, no figure."""
    facts, kinds = _pair("2013", "2024")
    assert [f for f in facts if f[0] != "头"] == [
        ("第二条/（二）", "放假", "3天", "4天"), ("第二条/（四）", "放假", "1天", "2天"),
        ("第七条", "连续工作", "", "不超过6天")]
    assert sorted(kinds) == sorted([("modified", "头"), ("modified", "第二条/（一）"), ("modified", "第二条/（二）"),
                                    ("modified", "第二条/（四）"), ("modified", "第二条/（七）"), ("added", "第七条"),
                                    ("renumbered", "第八条")])


def test_the_2013_holiday_amendment_changes_one_item_and_no_figure() -> None:
    """2007 → 2013 (国务院令第644号): only 第二条第二项's days (除夕、初一、初二 → 初一、初二、初三)."""
    facts, kinds = _pair("2007", "2013")
    assert [f for f in facts if f[0] != "头"] == []
    assert sorted(kinds) == [("modified", "头"), ("modified", "第二条/（二）")]


def test_a_fine_under_bing_ke_is_named_as_one_under_ke_yi() -> None:
    """`责令改正，并可处以五千元…` (并可: 并且可以) was named `并可`, a modal's fragment, where
    `可以处以` is the lone penalty verb paired by its condition: 并可 is a modal like 可以."""
    assert _facts("施工单位未检测的，由市建委责令改正，并可处以五千元以上五万元以下的罚款。") == [
        ("amount", "五千元以上五万元以下", "并可处以")]
    old = "施工单位未检测的，责令改正，并可处以五千元以下的罚款；监理单位未检查的，并可处以一万元以下的罚款。"
    new = "施工单位未检测的，责令改正，并可处以八千元以下的罚款；监理单位未检查的，并可处以一万元以下的罚款。"
    assert [(c.old, c.new) for c in fact_changes(old, new)] == [("五千元以下", "八千元以下")]


def test_the_shanghai_building_materials_regulation_1999_to_2024() -> None:
    """上海市建设工程材料管理条例 (tests/data/statutes/materials.*) → 2024: the 准用 chapter
    deleted, every fine of 第五章 but one deleted, the one left (使用禁止使用的材料) a new
    第十八条 with 十万元以上二十万元以下; the two time limits of deleted 款 go with them."""
    from pathlib import Path

    from policywatch.diffing import diff_texts

    data = Path(__file__).parent.parent / "data" / "statutes"
    cs = diff_texts((data / "materials.old.txt").read_text(encoding="utf-8"),
                    (data / "materials.new.txt").read_text(encoding="utf-8"))
    facts = [(f.path, f.context, f.old, f.new) for c in cs.changes for f in c.facts if f.path != "头"]
    assert facts == [tuple(line.split("|")) for line in """第二章/第八条|证明材料之日起|十五日内|
第四章/第二十一条/第三款|收到申请资料之日起|三个月内|
第五章/第二十五条|单位|二万元以上二十万元以下|
第五章/第二十五条|直接责任人员|五千元以上五万元以下|
第五章/第二十六条|合同金额|千分之五以上千分之十以下|
第五章/第二十七条|并可处以|五千元以上五万元以下|
第五章/第二十八条|并可处以|一万元以上十万元以下|
第五章/第二十九条|连续|两次|
第五章/第三十一条|管理部门|五千元以上五万元以下|
第四章/第十八条|处||十万元以上二十万元以下""".splitlines()]
    kinds = {(c.kind.value, c.old_path, c.new_path) for c in cs.changes}
    assert ("deleted", "第二章", "") in kinds and ("added", "", "第四章/第十八条") in kinds
    assert ("modified", "第五章/第三十三条/第二款", "第四章/第十九条/第一款") in kinds


@pytest.mark.parametrize(("old", "new", "marked"), [
    ("新增就业3千人。", "新增就业5千人。", "新增就业[-3千人-]{+5千人+}。"),
    ("净含量2500克。", "净含量3000克。", "净含量[-2500克-]{+3000克+}。"),
    ("补贴1千至2千万元。", "补贴1千至3千万元。", "补贴[-1千至2千万元-]{+1千至3千万元+}。"),
])
def test_the_inline_diff_marks_a_weight_a_scaled_count_and_a_shared_unit_range_whole(old: str, new: str, marked: str) -> None:
    """As the facts read them: `3千人` is no `3` before the words 千人 (`[-3-]{+5+}千人`), `1千至2千万元`
    no `1千至` before a sum."""
    from policywatch.diffing.inline import inline_diff
    from tests.diffing.test_facts import render_marked

    assert render_marked(inline_diff(old, new)) == marked


def test_the_shanghai_social_assistance_regulation_2018_to_2024_renames_two_terms_and_no_figure() -> None:
    """上海市社会救助条例 2018 → 2024 (the 2024-12-31 decision): 低收入困难家庭 → 最低生活保障边缘家庭 in
    13 places and 支出型贫困家庭 → 刚性支出困难家庭 in 11, in 19 clauses; its figures (十六周岁,
    六十周岁以上, 三个月, 一倍以上三倍以下, 2019年5月1日) all stay, and the chapter headings respaced
    (`第一章  总则` → `第一章 总 则`) are no change. Only the new note's date is a fact."""
    from pathlib import Path

    from policywatch.diffing import diff_texts

    data = Path(__file__).parent.parent / "data" / "statutes"
    cs = diff_texts((data / "social_assistance.old.txt").read_text(encoding="utf-8"),
                    (data / "social_assistance.new.txt").read_text(encoding="utf-8"))
    assert [(f.path, f.context, f.old, f.new) for c in cs.changes for f in c.facts] == [
        ("头", "修正", "", "2024年12月31日")]
    assert sorted((r.old, r.new, r.places) for r in cs.replacements) == [
        ("低收入困难家庭", "最低生活保障边缘家庭", 13), ("支出型贫困家庭", "刚性支出困难家庭", 11)]
    assert {c.kind.value for c in cs.changes} == {"modified"} and len(cs.changes) == 20


# Review of session 41's branch: four readings it lost or got wrong.
@pytest.mark.parametrize(("old", "new", "value_old", "value_new"), [
    ("对符合条件的企业一次性奖励5万人民币。", "对符合条件的企业一次性奖励8万人民币。", "5万人民币", "8万人民币"),
    ("对符合条件的企业一次性奖励50000人民币。", "对符合条件的企业一次性奖励80000人民币。", "50000人民币", "80000人民币"),
    ("对符合条件的企业一次性奖励5万元人民币。", "对符合条件的企业一次性奖励8万元人民币。", "5万元", "8万元"),
    ("对符合条件的企业一次性奖励5亿人民币。", "对符合条件的企业一次性奖励8亿人民币。", "5亿人民币", "8亿人民币"),
])
def test_a_sum_in_renminbi_is_an_amount(old: str, new: str, value_old: str, value_new: str) -> None:
    """`5万人民币` is a sum as `5万元` is: its change is reported as an amount, never lost (the
    branch's `人(?!民币)` left it no fact at all, where main read a count `5万人`)."""
    assert _changes(old, new) == [("amount", "企业一次性奖励", value_old, value_new)]


def test_a_sum_in_renminbi_compares_as_the_sum_in_yuan() -> None:
    assert quantity_key("5万人民币") == quantity_key("5万元") == quantity_key("5万元人民币")
    assert _changes("一次性奖励5万元。", "一次性奖励5万人民币。") == []


def test_a_number_of_households_is_a_count() -> None:
    """`30家庭农场` counts family farms: a changed number is reported, not lost to `家(?!庭)`."""
    assert _changes("今年新培育30家庭农场。", "今年新培育50家庭农场。") == [("count", "培育", "30家庭", "50家庭")]
    assert [f[:2] for f in _facts("支持1家庭农场。")] == [("count", "1家庭")]


@pytest.mark.parametrize("text", [
    "各部门要逐一克难攻坚。", "坚持统一克隆管理规范。", "攻克关键核心技术。", "克服困难。", "要统一米价。",
])
def test_a_words_last_one_before_a_unit_character_is_no_measure(text: str) -> None:
    """逐一, 统一 end in 一: the 克/米 after them opens a word (克难, 克隆, 米价), no weight."""
    assert [f for f in _facts(text) if f[0] == "measure"] == []


@pytest.mark.parametrize(("text", "value"), [
    ("每份含盐一克。", "一克"), ("每份含盐五克。", "五克"), ("每袋净含量2500克。", "2500克"), ("每份不超过一克。", "一克"),
])
def test_a_weight_in_grams_is_still_a_measure(text: str, value: str) -> None:
    assert [f[1] for f in _facts(text) if f[0] == "measure"] in ([value], [f"不超过{value}"])


@pytest.mark.parametrize(("old", "new", "label"), [
    ("违反本条规定，情节一般的，处1万元罚款；情节严重的，处5万元罚款。",
     "违反本条规定，情节一般的，处2万元罚款；情节严重的，处5万元罚款。", "情节一般"),
    ("对违法行为情节一般处1万元罚款。", "对违法行为情节一般处2万元罚款。", "违法行为情节一般"),
    ("连续工作一般不超过6天。", "连续工作一般不超过7天。", "连续工作"),
    ("补助标准一般为1万元。", "补助标准一般为2万元。", "补助标准为"),  # as `宽度为|5至10米` keeps its 为
])
def test_a_hedge_is_left_out_only_directly_before_the_value(old: str, new: str, label: str) -> None:
    """`一般` before a value says how firmly (`一般不超过6天`, `一般为`); where it ends a condition
    (`情节一般的,处…`) or follows 情节 it is the condition, and the label keeps it."""
    assert [c[1] for c in _changes(old, new)] == [label]


@pytest.mark.parametrize(("one", "other"), [
    ("5千至1万元", "5千元至1万元"), ("5千至1万元", "5000元至10000元"), ("3-5千元", "3千元至5千元"),
    ("三至五百元", "三百元至五百元"), ("1千至2千万元", "1000万元至2000万元"), ("3-5万元", "3万元至5万元"),
    ("5百至1千元", "500元至1000元"), ("五千至一万元", "五千元至一万元"), ("8千万至1亿元", "8000万元至10000万元"),
])
def test_a_range_shares_its_second_ends_scale_only_when_its_first_has_none(one: str, other: str) -> None:
    assert quantity_key(one) == quantity_key(other)


def test_a_range_at_different_scales_changed_is_still_a_change() -> None:
    assert quantity_key("3-5千元") != quantity_key("3-6千元")
    assert quantity_key("5千至1万元") != quantity_key("5千至2万元")
    assert _changes("补贴3-5千元。", "补贴3-6千元。") == [("amount", "补贴", "3-5千元", "3-6千元")]


@pytest.mark.parametrize(("one", "other"), [
    # the 千 of 千瓦/千米 is the unit's, no scale of the range's end (5千至1万千瓦 read 5千瓦 to 1万1000瓦)
    ("5千至1万千瓦", "5千千瓦至1万千瓦"), ("5千至1万千瓦", "5000千瓦至10000千瓦"), ("2千千瓦", "2000千瓦"),
    ("1至2千千瓦", "1000千瓦至2000千瓦"), ("1至2千千米", "1000千米至2000千米"), ("2千千瓦时", "2000千瓦时"),
    ("1万千瓦", "10000千瓦"),
    # a first end scaled 百/千 before a second in 千万: the 万 is both ends' (五百万元 to 一千万元)
    ("五百至一千万元", "500万元至1000万元"), ("5百至1千万元", "500至1000万元"), ("八百至一千万元", "800万元至1000万元"),
])
def test_a_units_thousand_is_no_scale_and_a_shared_wan_is_both_ends(one: str, other: str) -> None:
    assert quantity_key(one) == quantity_key(other)


def test_a_capacity_range_reworded_is_no_change_and_changed_is_one() -> None:
    assert _changes("新建电站装机容量5千至1万千瓦。", "新建电站装机容量5千千瓦至1万千瓦。") == []
    assert [c[2:] for c in _changes("新建电站装机容量5千至1万千瓦。", "新建电站装机容量5千至2万千瓦。")] == [
        ("5千至1万千瓦", "5千至2万千瓦")]
