"""Facts of real revisions the rules were not written from (tests/data/facts_unseen): the set's
floor, and each general cause its misses had, on the real sentence and on a variant."""

import tomllib

import pytest

from policywatch.diffing.facts import extract_facts, fact_changes
from policywatch.grammar.quantities import quantity_key
from tests.diffing.fact_eval import UNSEEN, evaluate, pairs


def changes(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(c.context, c.old, c.new) for c in fact_changes(old, new)]


def values(old: str, new: str) -> list[tuple[str, str]]:
    return [(c.old, c.new) for c in fact_changes(old, new)]


def test_the_unseen_revisions_score() -> None:
    score = evaluate(path=UNSEEN)
    assert len(pairs(UNSEEN)) >= 40
    assert score.matched / score.truth >= 0.9, score.misses
    assert score.matched / score.reported >= 0.95, score.misses
    assert score.verbatim == score.values, score.misses


def test_a_context_pairs_its_own_fact_before_common_values_are_dropped() -> None:
    """治安管理处罚法 2012 → 2025 第三十八条: 五百元以下 moves from one fine to the other."""
    old = "非法携带枪支、弹药或者弩、匕首等国家规定的管制器具的，处五日以下拘留，可以并处五百元以下罚款；情节较轻的，处警告或者二百元以下罚款。"
    new = "非法携带枪支、弹药或者弩、匕首等国家规定的管制器具的，处五日以下拘留，可以并处一千元以下罚款；情节较轻的，处警告或者五百元以下罚款。"
    assert values(old, new) == [("五百元以下", "一千元以下"), ("二百元以下", "五百元以下")]
    # a variant in Arabic numerals: a subsidy's cap became the grant, a new cap above it
    assert values("每户补助3000元，最高补助5000元", "每户补助5000元，最高补助8000元") == [
        ("3000元", "5000元"), ("5000元", "8000元")]


def test_a_value_stated_under_a_new_context_is_a_new_fact() -> None:
    """安全生产法 2014 → 2021 第九十四条: the fine of the second stage rose, and the first stage got
    the old one: both are reported, the common value is not dropped (it was, before)."""
    old = ("生产经营单位的主要负责人未履行本法规定的安全生产管理职责的，责令限期改正；逾期未改正的，处二万元以上五万元以下的罚款，"
           "责令生产经营单位停产停业整顿。")
    new = ("生产经营单位的主要负责人未履行本法规定的安全生产管理职责的，责令限期改正，处二万元以上五万元以下的罚款；逾期未改正的，"
           "处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿。")
    assert sorted(values(old, new)) == [("", "二万元以上五万元以下"), ("二万元以上五万元以下", "五万元以上十万元以下")]
    # a limit the new text drops is removed even where another one keeps the same value
    old = "应当自决定之日起十五日内书面通知申请人。申请人有异议的，可以自收到通知之日起十五日内申请复议。"
    new = "应当自决定之日起十五日内书面通知申请人。申请人有异议的，可以依法申请行政复议。"
    assert values(old, new) == [("十五日内", "")]


def test_a_range_of_shares_is_one_value() -> None:
    """安全生产法 2021 第九十六条 (`百分之二十以上百分之五十以下`); a variant in Arabic numerals."""
    got = values("暂停或者撤销其与安全生产有关的资格；", "暂停或者吊销其与安全生产有关的资格，并处上一年年收入百分之二十以上百分之五十以下的罚款；")
    assert got == [("", "百分之二十以上百分之五十以下")]
    assert values("自筹资金比例不超过30%", "自筹资金比例为20%-30%") == [("不超过30%", "20%-30%")]


def test_the_same_bound_in_other_words_is_no_change() -> None:
    """公司法 2018 → 2023 (不得少于三人 → 三人以上), 治安管理处罚法 (十五日内 → 十五日以内)."""
    assert fact_changes("有限责任公司设监事会，其成员不得少于三人。", "监事会成员为三人以上。") == ()
    assert fact_changes("应当自收到处罚决定书之日起十五日内，到指定的银行缴纳罚款。",
                        "应当自收到处罚决定书之日起十五日以内，到指定的银行或者通过电子支付系统缴纳罚款。") == ()
    assert fact_changes("单个企业补助十万元", "单个企业补助10万元") == ()
    assert quantity_key("不超过30%") == quantity_key("30%以下") != quantity_key("30%以上")
    assert quantity_key("最高1000万元") != quantity_key("1000万元")  # a cap is not a grant
    assert quantity_key("两名") == quantity_key("2名") != quantity_key("一名")


def test_an_amount_below_a_threshold_keeps_its_bound() -> None:
    """种子法 2015 → 2021 第七十五条: 货值金额不足一万元 → 不足二万元."""
    old = "违法生产经营的货值金额不足一万元的，并处一万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。"
    new = "违法生产经营的货值金额不足二万元的，并处二万元以上二十万元以下罚款；货值金额二万元以上的，并处货值金额十倍以上二十倍以下罚款。"
    assert values(old, new) == [("不足一万元", "不足二万元"), ("一万元以上十万元以下", "二万元以上二十万元以下"),
                                ("一万元以上", "二万元以上")]
    assert values("年营业收入不满500万元的企业", "年营业收入不满1000万元的企业") == [("不满500万元", "不满1000万元")]


# Counts, ranges and the shapes policies write facts in (real sentences and labelled synthetic variants)
SHAPES = tomllib.loads((UNSEEN.parent / "shapes.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", SHAPES, ids=[c["old"][:12] for c in SHAPES])
def test_counts_ranges_and_the_shapes_policies_write(case: dict) -> None:
    assert values(case["old"], case["new"]) == [tuple(pair) for pair in case["changed"]], case["source"]


def test_ordinals_one_offs_and_names_are_not_numbers_of_things() -> None:
    assert extract_facts("第一次修正,一次性奖励,国家千人计划") == []
    assert extract_facts("千米高空,百家争鸣") == []


def test_spans_bounded_from_one_side_and_goal_periods_are_facts() -> None:
    """治安管理处罚法 2012 → 2025, 专利法 2008 → 2020 (诉讼时效), 湘政办发〔2009〕24号 (用5年时间)."""
    assert values("有下列行为之一的，处十日以上十五日以下拘留:", "有下列行为之一的，处十日以上十五日以下拘留；情节较轻的，处五日以下拘留：") == [
        ("", "五日以下")]
    assert values("询问查证的时间不得超过八小时。", "询问查证的时间不得超过八小时；身份不明的，询问查证的时间不得超过十二小时。") == [
        ("", "不得超过十二小时")]
    assert values("侵犯专利权的诉讼时效为二年。", "侵犯专利权的诉讼时效为三年。") == [("时效为二年", "时效为三年")]
    assert values("争取用5年时间，做到每个村至少有一名", "争取用3-5年时间，做到每个村至少有一名") == [("5年", "3-5年")]
    assert values("力争1-2年内完成改造", "力争2-3年内完成改造") == [("1-2年内", "2-3年内")]
    assert extract_facts("处三年以下有期徒刑") == []  # a prison term is no time limit


def test_a_day_that_recurs_each_year_is_a_date() -> None:
    """国防教育法 2018 → 2024 第十二条."""
    assert values("国家设立全民国防教育日。", "每年九月的第三个星期六为全民国防教育日。") == [("", "每年九月的第三个星期六")]
    assert [f.role for f in extract_facts("每年5月的第2个周日为母亲节")] == ["date"]


def test_a_fine_after_a_comma_is_named_by_the_party_before_it() -> None:
    """会计法 2017 → 2024 第四十二条: `对其直接负责的主管人员和其他直接责任人员，可以处…`."""
    old = "对其直接负责的主管人员和其他直接责任人员，可以处二千元以上二万元以下的罚款；"
    new = ("情节严重的，对单位可以并处二十万元以上一百万元以下的罚款，对其直接负责的主管人员和其他直接责任人员可以处"
           "五万元以上五十万元以下的罚款；")
    assert changes(old, new) == [("其他直接责任人员", "二千元以上二万元以下", "五万元以上五十万元以下"),
                                 ("单位", "", "二十万元以上一百万元以下")]



def test_a_term_shared_by_joined_subjects_is_each_ones_fact() -> None:
    """专利法 2008 → 2020 第四十二条: 实用新型 kept its 十年 when 外观设计 got 十五年 apart."""
    old = "发明专利权的期限为二十年，实用新型专利权和外观设计专利权的期限为十年，均自申请日起计算。"
    new = "发明专利权的期限为二十年，实用新型专利权的期限为十年，外观设计专利权的期限为十五年，均自申请日起计算。"
    assert changes(old, new) == [("外观设计专利权", "期限为十年", "期限为十五年")]
    # synthetic variants: a change of the shared term is one change, not one per subject; subjects
    # that do not end in the same word are not split (`单位和个人`)
    assert values("董事、监事和高级管理人员的任期为三年", "董事、监事和高级管理人员的任期为五年") == [("任期为三年", "任期为五年")]
    assert values("董事和监事的任期为三年", "董事的任期为三年，监事的任期为五年") == [("任期为三年", "任期为五年")]


def test_a_range_from_a_share_to_a_multiple_is_one_value() -> None:
    """反洗钱法 2024 第五十五条: `处涉及金额百分之二十以上二倍以下罚款`."""
    assert [(f.role, f.value) for f in extract_facts("处涉及金额百分之二十以上二倍以下罚款")] == [
        ("percent", "百分之二十以上二倍以下")]
