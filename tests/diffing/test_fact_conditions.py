"""Fines told apart by what they punish (the condition `…的,` of their sentence part) and by
whether a value is a condition's threshold or what applies under it: real sentences of
tests/data/facts_unseen and the tune part of tests/data/facts_unseen2, and labelled synthetic
variants."""

from policywatch.diffing.facts import extract_facts, fact_changes


def values(old: str, new: str) -> list[tuple[str, str]]:
    return [(c.old, c.new) for c in fact_changes(old, new)]


def test_leftover_fines_under_different_surviving_conditions_are_not_paired() -> None:
    """安全生产法 2014 → 2021 第一百零二条: the fine of `拒不执行` went, one for `未采取措施消除事故
    隐患` came; paired by position they read as one fine lowered."""
    old = ("生产经营单位未采取措施消除事故隐患的，责令立即消除或者限期消除；生产经营单位拒不执行的，责令停产停业整顿，"
           "并处十万元以上五十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款。")
    new = ("生产经营单位未采取措施消除事故隐患的，责令立即消除或者限期消除，处五万元以下的罚款；生产经营单位拒不执行的，"
           "责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款；构成犯罪的，"
           "依照刑法有关规定追究刑事责任。")
    assert sorted(values(old, new)) == [("", "五万元以下"), ("二万元以上五万元以下", "五万元以上十万元以下"),
                                        ("十万元以上五十万元以下", "")]
    # synthetic variant: the same shape in Arabic numerals
    assert sorted(values("逾期未报送的，责令改正；拒不改正的，责令停业，并处10万元罚款。",
                         "逾期未报送的，责令改正，处2万元罚款；拒不改正的，责令停业。")) == [("", "2万元"), ("10万元", "")]


def test_a_lone_penalty_verb_is_named_by_the_condition_it_punishes() -> None:
    """Synthetic variant of a fine added in front of an unchanged one (the shape of 动物防疫法 2021
    第一百零五条): `处` after `由…责令改正,` names no fine apart from the next one."""
    old = "机构违反本规定，造成数据泄露的，由主管部门责令改正，处一万元以上五万元以下罚款。"
    new = "机构违反本规定，未按照规定备份数据的，由主管部门责令改正，处一千元以上一万元以下罚款；造成数据泄露的，处一万元以上五万元以下罚款。"
    assert values(old, new) == [("", "一千元以上一万元以下")]


def test_a_threshold_and_a_fine_are_never_one_fact() -> None:
    """反洗钱法 2006 → 2024 第三十二条 → 第五十五条: `涉及金额不足一千万元的,` is the threshold the new
    fine applies under, not the old fine changed."""
    old = ("金融机构有前款行为，致使洗钱后果发生的，处五十万元以上五百万元以下罚款，并对直接负责的董事、高级管理人员和其他"
           "直接责任人员处五万元以上五十万元以下罚款；")
    new = ("金融机构有本法第五十三条、第五十四条规定的行为，致使犯罪所得及其收益通过本机构得以掩饰、隐瞒的，由国务院反洗钱行政"
           "主管部门或者其设区的市级以上派出机构责令限期改正，涉及金额不足一千万元的，处五十万元以上一千万元以下罚款；")
    assert sorted(values(old, new)) == [("", "不足一千万元"), ("五万元以上五十万元以下", ""),
                                        ("五十万元以上五百万元以下", "五十万元以上一千万元以下")]
    facts = extract_facts("货值金额不足一万元的,并处五万元以上十万元以下罚款,货值金额一万元以上的,并处十倍罚款")
    assert [f.limit for f in facts] == [True, False, True, False]


def test_a_fine_after_a_comma_is_named_by_the_party_a_bing_dui_names() -> None:
    """反洗钱法 2006 第三十二条: `并对直接负责的董事、高级管理人员和其他直接责任人员，处…` (并对, as 对)."""
    key = "情节严重的,处二十万元以上五十万元以下罚款,并对直接负责的董事、高级管理人员和其他直接责任人员,处一万元以上五万元以下罚款:"
    assert [(f.value, f.context) for f in extract_facts(key) if not f.shared] == [
        ("二十万元以上五十万元以下", "情节严重"), ("一万元以上五万元以下", "其他直接责任人员")]
