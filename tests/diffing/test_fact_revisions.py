"""Facts of real revisions (tests/data/facts): the quantity shapes statutes and policies change,
their contexts, and values shown as the document writes them. Each rule is checked on the real
sentence and on a variant it was not written from."""

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policywatch.diffing.facts import _as_written, extract_facts, fact_changes
from tests.diffing.fact_eval import evaluate, holds, pairs


def changes(old: str, new: str) -> list[tuple[str, str, str, str]]:
    return [(c.role, c.context, c.old, c.new) for c in fact_changes(old, new)]


def test_the_real_revisions_score() -> None:
    score = evaluate()
    assert len(pairs()) >= 40
    assert score.matched / score.truth >= 0.95, score.misses
    assert score.matched / score.reported >= 0.95, score.misses
    assert score.context_right / score.matched >= 0.85, score.misses
    assert score.verbatim == score.values, score.misses


def test_the_scorer_tells_a_cut_value_from_a_whole_one() -> None:
    assert holds("最低不少于3000元", "3000元")
    assert not holds("之日起2日", "2日内")
    assert not holds("10万元以上", "10万元以上50万元以下")
    assert holds("2024-2026年", "2024—2026年")
    assert holds("", "") and not holds("3天", "")


def test_a_fine_range_in_chinese_numerals_is_one_value() -> None:
    """反不正当竞争法 2019 → 2025 第二十八条."""
    old = "由监督检查部门责令停止违法行为、消除影响，处十万元以上五十万元以下的罚款；情节严重的，处五十万元以上三百万元以下的罚款。"
    new = "由监督检查部门责令停止违法行为、消除影响，处十万元以上一百万元以下的罚款；情节严重的，处一百万元以上五百万元以下的罚款。"
    assert [c[2:] for c in changes(old, new)] == [("十万元以上五十万元以下", "十万元以上一百万元以下"),
                                                  ("五十万元以上三百万元以下", "一百万元以上五百万元以下")]
    # a variant: Arabic numerals, an inclusive end, a cap that became a range
    got = changes("对单位处5万元(含)以上20万元以下罚款。", "对单位处10万元以上50万元(含)以下罚款。")
    assert [(c[2], c[3]) for c in got] == [("5万元(含)以上20万元以下", "10万元以上50万元(含)以下")]
    assert changes("处一百万元以下的罚款。", "处二十万元以上一百万元以下的罚款。")[0][2:] == (
        "一百万元以下", "二十万元以上一百万元以下")


def test_small_sums_in_chinese_numerals_are_amounts_and_words_are_not() -> None:
    """行政处罚法 2017 → 2021 第三十三条/第五十一条."""
    old = "对公民处以五十元以下、对法人或者其他组织处以一千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定。"
    new = "对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定。"
    assert changes(old, new) == [("amount", "公民", "五十元以下", "二百元以下"),
                                 ("amount", "法人或者其他组织", "一千元以下", "三千元以下")]
    assert [f.value for f in extract_facts("每户补助三千五百元,破除城乡二元结构,推进一元化管理")] == ["三千五百元"]


def test_a_multiple_and_its_range_are_one_fact() -> None:
    """人体器官移植条例 2007 → 人体器官捐献和移植条例 2023."""
    old = "并处交易额8倍以上10倍以下的罚款；"
    new = "并处交易额10倍以上20倍以下的罚款；"
    assert changes(old, new) == [("percent", "交易额", "8倍以上10倍以下", "10倍以上20倍以下")]
    assert changes("并处货值金额三倍以下的罚款", "并处货值金额五倍以下的罚款") == [
        ("percent", "货值金额", "三倍以下", "五倍以下")]


def test_a_limit_from_a_day_keeps_its_inside_and_the_day_names_it() -> None:
    """人体器官移植条例: `自收到报告之日起2日内` → `2个工作日内`; 注册会计师法 2014 → 2026."""
    old = "原登记部门应当自收到报告之日起2日内注销该医疗机构的人体器官移植诊疗科目登记。"
    new = "原登记部门应当自收到报告之日起2个工作日内注销该医疗机构的人体器官移植诊疗科目登记。"
    assert changes(old, new) == [("deadline", "收到报告之日起", "2日内", "2个工作日内")]
    assert changes("审批机关应当自收到申请文件之日起三十日内决定批准或者不批准。",
                   "审批机关应当自收到申请文件之日起十五日内决定批准或者不批准。") == [
        ("deadline", "收到申请文件之日起", "三十日内", "十五日内")]
    assert changes("自受理之日起十日内作出决定", "自受理之日起七个工作日内作出决定") == [
        ("deadline", "受理之日起", "十日内", "七个工作日内")]


def test_a_span_is_no_count_of_things() -> None:
    """专利法实施细则 2023 第九条: `可以延长2个月` is a time span, not 2 个 of something."""
    got = changes("应当及时向申请人发出保密审查通知。", "应当在请求递交日起2个月内向申请人发出保密审查通知；情况复杂的，可以延长2个月。")
    assert ("deadline", "可以延长", "", "2个月") in got
    assert all(role != "count" for role, *_ in got)
    assert changes("违法行为在二年内未被发现的，不再给予行政处罚。",
                   "违法行为在二年内未被发现的，不再给予行政处罚；上述期限延长至五年。") == [
        ("deadline", "上述期限延长至", "", "五年")]
    assert [f.role for f in extract_facts("新增就业岗位2万个,实施5个项目")] == ["count", "count"]


@pytest.mark.parametrize(("old", "new", "value"), [
    ("按照 20 年一遇标准建设防洪圩区。", "按照 50 年一遇标准建设防洪圩区。", ("20年一遇", "50年一遇")),
    ("新增高标准农田5万亩。", "新增高标准农田8万亩。", ("5万亩", "8万亩")),
    ("新建保障性住房120万平方米。", "新建保障性住房150万平方米。", ("120万平方米", "150万平方米")),
    ("新增光伏装机200万千瓦。", "新增光伏装机300万千瓦。", ("200万千瓦", "300万千瓦")),
    ("年满十六周岁的未成年人。", "年满十八周岁的未成年人。", ("年满十六周岁", "年满十八周岁")),
    ("摘取未满18周岁的公民的活体器官。", "摘取未满16周岁的公民的活体器官。", ("未满18周岁", "未满16周岁")),
    ("接待游客1200万人次。", "接待游客1500万人次。", ("1200万人次", "1500万人次")),
    ("春节，放假3天。", "春节，放假4天。", ("3天", "4天")),
])
def test_measures_with_their_units_are_facts(old: str, new: str, value: tuple[str, str]) -> None:
    got = changes(old, new)
    assert [(c[2], c[3]) for c in got] == [value] and got[0][0] == "measure"


def test_rates_points_and_flipped_bounds_are_facts() -> None:
    assert changes("研发投入强度提高0.5个百分点", "研发投入强度提高1个百分点")[0][2:] == ("0.5个百分点", "1个百分点")
    assert changes("自筹资金不超过30%", "自筹资金不低于30%")[0][2:] == ("不超过30%", "不低于30%")
    assert changes("补助标准为投资额的百分之三十", "补助标准为投资额的百分之五十")[0][2:] == ("百分之三十", "百分之五十")
    assert changes("摘要文字部分不得超过300个字。", "摘要文字部分不得超过500个字。") == [
        ("count", "摘要文字部分", "不得超过300个字", "不得超过500个字")]


def test_values_are_shown_as_the_document_writes_them() -> None:
    """福建省农机购置补贴 2018 → 2024 (tests/data/policy_pairs/fj_farm): `2024—2026年` with its
    dash, compared folded; a variant in full-width digits."""
    got = changes("福建省2018-2020年省级资金农机购置补贴机具补贴额一览表", "福建省2024—2026年农机购置与应用补贴机具补贴额一览表")
    assert [(c[2], c[3]) for c in got] == [("2018-2020年", "2024—2026年")]
    assert changes("最高资助１０００万元", "最高资助５００万元") == [("amount", "最高资助", "１０００万元", "５００万元")]
    assert fact_changes("到2025年", "到２０２５年") == ()  # the same fact in another width: no change


def test_contexts_start_at_a_phrase_not_at_a_modal() -> None:
    """上海市住宅物业管理规定 2018 → 2020 and 行政处罚法 2017 → 2021."""
    got = changes("应当经专有部分占建筑物总面积三分之二以上的业主且占总人数三分之二以上的业主同意。",
                  "应当经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意。")
    assert [c[1] for c in got] == ["参与表决专有部分面积", "参与表决人数"]
    assert changes("当事人要求听证的，应当在行政机关告知后三日内提出；", "当事人要求听证的，应当在行政机关告知后五日内提出；")[0][1] == "行政机关告知后"
    # nothing but a modal in front: the words after the value name it
    assert changes("任何一方提出终止合同的，应当提前三个月书面告知对方。",
                   "任何一方可以随时解除合同，但是应当提前六十日书面通知对方。")[0][1] == "书面通知对方"
    # a penalty after a condition is named by the condition
    assert changes("情节严重的，处五十万元以上五百万元以下的罚款。", "情节严重的，处一百万元以上五百万元以下的罚款。")[0][1] == "情节严重"
    # a value opening a bracket is named by the words before it
    assert extract_facts("补贴额一览表(第1批)")[0].context == "补贴额一览表"


def test_facts_the_same_words_name_are_told_apart() -> None:
    """专利法实施细则 2010 → 2023 第七十七条/第九十三条: both sums are `…的奖金`."""
    old = "一项发明专利的奖金最低不少于3000元；一项实用新型专利或者外观设计专利的奖金最低不少于1000元。"
    new = "一项发明专利的奖金最低不少于4000元；一项实用新型专利或者外观设计专利的奖金最低不少于1500元。"
    assert [c[1] for c in changes(old, new)] == ["一项发明专利的奖金", "外观设计专利的奖金"]
    facts = extract_facts("甲类企业的补助最高100万元;乙类企业的补助最高50万元")
    assert [f.context for f in facts] == ["甲类企业的补助", "乙类企业的补助"]


def _written_by_pattern(value: str, text: str) -> str:
    """What `_as_written` finds, spelled as the pattern it replaced: each character in either
    width (a dash as one or two of any range dash, letters in either case), spaces between."""
    if value in text:
        return value
    parts = []
    for char in value:
        if char == "-":
            parts.append("[-－—–―~～]{1,2}")
        elif "!" <= char <= "~":
            forms = {char, char.upper(), chr(ord(char) + 0xFEE0), chr(ord(char.upper()) + 0xFEE0)}
            parts.append("[" + "".join(re.escape(f) for f in sorted(forms)) + "]")
        else:
            parts.append(re.escape(char))
    found = re.search("[ \u3000]*".join(parts), text)
    return re.sub("[ \u3000]+", "", found.group()) if found else value


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789ab-年元万", min_size=1, max_size=6),
       st.text(alphabet="0123456789０１２３４５６７８９abAＢ-—－～ \u3000年元万至", max_size=30))
def test_a_value_is_shown_as_the_text_writes_it(value: str, text: str) -> None:
    """The folded search finds what the per-value pattern found, wherever that pattern's dash
    runs are at most two long (a longer run is one range dash to it, and to a reader)."""
    assume(not re.search("[-—－～]{3}", text) and "--" not in value)
    assert _as_written(value, text) == _written_by_pattern(value, text)


def test_values_are_shown_in_the_documents_widths_and_dashes() -> None:
    assert _as_written("2024-2026年", "实施期为2024——2026年。") == "2024——2026年"
    assert _as_written("2025年", "到２０２５年底") == "２０２５年"
    assert _as_written("50年一遇", "按 50 年一遇标准") == "50年一遇"
    assert _as_written("ai", "发展ＡＩ产业") == "ＡＩ"
    assert _as_written("300万元", "补助二百万元") == "300万元"  # not in the text: the key's value stays
