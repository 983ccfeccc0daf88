"""Facts extracted from comparison keys and paired by clause and role."""

import re

import pytest

from policywatch.diffing import diff_texts
from policywatch.diffing.facts import extract_facts, fact_changes
from policywatch.diffing.inline import inline_diff, render_marked
from policywatch.grammar.quantities import quantity_key
from policywatch.normalize import comparison_key

KEY = ("对符合条件的企业给予最高资助1000万元,按照投入的20%给予最高不超过300万元。到2025年,培育一批企业,"
       "争创1-2个省级以上平台,有效期至2025年12月31日,连续支持三年。(责任单位:市发改委、各县(市)区政府)")


def test_every_role_is_found():
    roles = {f.role: f.value for f in extract_facts(KEY) if f.role != "amount"}
    assert roles == {
        "percent": "20%",
        "target_year": "到2025年",
        "quantity": "一批",
        "count": "1-2个",
        "validity": "2025年12月31日",
        "deadline": "连续支持三年",
        "department": "市发改委、各县(市)区政府",
    }
    amounts = [f.value for f in extract_facts(KEY) if f.role == "amount"]
    assert amounts == ["1000万元", "最高不超过300万元"]


def test_changes_read_like_the_issue_examples():
    new = KEY.replace("1000万元", "500万元").replace("2025年12", "2027年12").replace("一批", "10家")
    summaries = {c.summary for c in fact_changes(KEY, new, path="第四条")}
    assert summaries == {
        "第四条 最高资助 1000万元 → 500万元",
        "第四条 有效期至 2025年12月31日 → 2027年12月31日",
        "第四条 培育 一批 → 10家",
    }


def test_unchanged_facts_are_not_listed_and_equal_keys_give_nothing():
    assert fact_changes(KEY, KEY) == ()
    new = KEY.replace("培育一批企业", "培育一批优质企业")
    assert fact_changes(KEY, new) == ()


def test_the_time_limits_and_voting_shares_of_a_statute_are_facts() -> None:
    """上海市住宅物业管理规定 2018 → 2020 (tests/data/statutes): the notice period of a service
    contract and the share of owners a vote needs, written in Chinese numerals."""
    old = "物业服务企业决定物业服务合同期限届满后不再为该物业管理区域提供物业服务的，应当提前三个月书面告知业主委员会。"
    new = ("物业服务企业决定物业服务合同期限届满后不再为该物业管理区域提供物业服务的，应当在合同期限届满前九十日书面通知业主"
           "或者业主委员会，但是合同对通知期限另有约定的除外。")
    assert [(c.role, c.old, c.new) for c in fact_changes(old, new)] == [("deadline", "提前三个月", "届满前九十日")]
    old = "业主大会会议应当有物业管理区域内专有部分占建筑物总面积过半数的业主且占总人数过半数的业主参加。"
    new = "业主大会会议应当由物业管理区域内专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决。"
    assert [(c.old, c.new) for c in fact_changes(old, new)] == [("过半数", "三分之二以上")] * 2
    # other limits: a report within days, hours; a date's day and a year are not time limits
    assert [f.value for f in extract_facts("应当在二十四小时内报告,并于十五日内提交书面材料")] == ["二十四小时内", "十五日内"]
    assert [f.role for f in extract_facts("请于2025年6月30日前完成,2026年内建成")] == ["date", "target_year"]
    assert extract_facts("处三年以下有期徒刑") == []


def test_cap_becoming_fixed_amount_is_a_change():
    changes = fact_changes("给予最高100万元奖励。", "给予100万元奖励。")
    assert [(c.role, c.old, c.new) for c in changes] == [("amount", "最高100万元", "100万元")]


def test_department_note_with_nested_brackets():
    old = "推进平台建设。(牵头单位:市科技局;配合单位:各县(市)区政府)"
    new = "推进平台建设。(牵头单位:市工信局;配合单位:各县(市)区政府)"
    (change,) = fact_changes(old, new, path="三/（二）")
    assert change.role == "department" and change.context == "牵头单位"
    assert change.old.startswith("市科技局") and change.new.startswith("市工信局")


def test_added_and_removed_facts_pair_with_nothing():
    changes = fact_changes("到2025年实现目标。", "到2025年实现目标,年均增长15%以上。")
    assert [(c.role, c.old, c.new) for c in changes] == [("percent", "", "15%以上")]


def test_start_lookaheads_change_no_match() -> None:
    """The `(?=…)` in front of some fact patterns only skips positions where no match can
    start: on every seed's clause keys (and salted variants) the matches equal the bare pattern's."""
    import random
    import re
    from pathlib import Path

    from policywatch.diffing import segment
    from policywatch.diffing.facts import _PATTERNS
    from policywatch.normalize import normalize_text

    seeds = Path(__file__).resolve().parents[1] / "data" / "seeds"
    keys = [c.key for p in sorted(seeds.glob("00[0234]_*.txt"))
            for c in segment(normalize_text(p.read_text(encoding="utf-8")).display).clauses]
    rng = random.Random(3)
    words = ["最高", "不超过", "约", "总额", "超", "百分之", "按", "1:1", "(2021-2023年)", "到2025年", "一批",
             "连续3年", "期限为6个月", "之日起30日", "每年3-5月", "5个工作日内", "万元", "亿", "%", "个", "一", "二十",
             "有效期至2025年", "有效期3年", "若干", "一系列", "暂定2年", "10个自然日", "‰", "比例",
             "三十日内", "提前六十日", "届满前九十日", "三个月前", "6月30日前", "三分之二以上", "过半数", "半数以上"]
    keys += ["".join(rng.choice(words) for _ in range(12)) for _ in range(2000)]
    checked = 0
    for role, pattern, needs in _PATTERNS:
        for key in keys:  # the words a pattern needs are necessary: no match without one
            assert not needs or any(w in key for w in needs) or not pattern.search(key), (role, key)
        if not pattern.pattern.startswith("(?="):
            continue
        bare = re.compile(pattern.pattern[pattern.pattern.index("(?P<"):])
        for key in keys:
            assert [m.span("v") for m in pattern.finditer(key)] == [m.span("v") for m in bare.finditer(key)], key
        checked += 1
    assert checked == 8


def test_facts_are_paired_where_the_text_changed_not_across_a_long_table() -> None:
    # a funding list: a row deleted near the top, amounts edited further down, a row inserted
    rows = [f"{i}\t宁川某某科技有限公司{i}\t人工智能项目资助\t{100 + i * 10}万元" for i in range(40)]
    new_rows = [r.split("\t", 1)[1] for r in rows]
    new_rows[20] = new_rows[20].replace("300万元", "350万元")
    new_rows[30] = new_rows[30].replace("400万元", "380万元")
    del new_rows[5]
    new_rows.insert(25, "宁川新增科技有限公司\t人工智能项目资助\t90万元")
    renumbered = [f"{i}\t{r}" for i, r in enumerate(new_rows)]  # the index column shifts
    changes = fact_changes("\n".join(rows), "\n".join(renumbered), path="序")
    assert [(c.context, c.old, c.new) for c in changes] == [
        ("人工智能项目资助", "150万元", ""),  # the deleted row's amount stands alone (its whole cell names it)
        ("人工智能项目资助", "300万元", "350万元"),
        ("人工智能项目资助", "", "90万元"),  # the inserted row's
        ("人工智能项目资助", "400万元", "380万元"),
    ]


def test_a_number_never_runs_into_the_next_table_cell() -> None:
    from policywatch.diffing import diff_texts

    head = "关于资助名单的公示\n一、名单\n"
    old = head + "北京某某科技有限公司100\t人工智能项目资助\t50万元\n北京某某科技有限公司101\t人工智能项目资助\t70万元"
    new = head + "北京某某科技有限公司101\t人工智能项目资助\t60万元"
    facts = [(f.role, f.old, f.new) for c in diff_texts(old, new).changes for f in c.facts]
    # one key without the cell breaks would read 100 and 人工智能 as a count of 100人
    assert facts == [("amount", "50万元", ""), ("amount", "70万元", "60万元")]


def test_a_sentence_moved_within_a_clause_changes_no_fact() -> None:
    old = "一、总体要求。\n到2025年，培育10家领军企业。\n建设一批创新平台。"
    new = "一、总体要求。\n建设一批创新平台。\n到2025年，培育10家领军企业。\n新增内容。"
    assert fact_changes(old, new) == ()


def test_the_line_above_gives_the_context_of_a_fact_that_opens_a_line() -> None:
    (change,) = fact_changes("主要目标\n到2023年，初步建成。", "主要目标\n到2025年，初步建成。")
    assert (change.context, change.old, change.new) == ("主要目标", "到2023年", "到2025年")


def test_a_table_row_moved_changes_no_fact() -> None:
    rows = [f"宁川某某科技有限公司{i}\t人工智能项目资助\t{100 + i * 10}万元" for i in range(12)]
    moved = rows[:3] + rows[4:9] + [rows[3]] + rows[9:]
    assert fact_changes("\n".join(rows), "\n".join(moved)) == ()


def test_a_note_date_is_named_by_its_event_not_by_the_line_above():
    """A title block's note, one event a line (as law databases print it), run together on one
    display line, or bracketed: a new date is named by the event it dates."""
    old = "某办法\n1999年5月25日 民政部令第14号发布"
    new = old + "\n2019年3月2日 《国务院关于修改部分行政法规的决定》第一次修订"
    assert [(c.context, c.new) for c in fact_changes(old, new)] == [("第一次修订", "2019年3月2日")]
    joined = old + "2024年9月13日 第十四届全国人民代表大会常务委员会第十一次会议修订）"
    assert [(c.context, c.new) for c in fact_changes(old, joined)] == [("修订", "2024年9月13日")]
    bracketed = "某办法\n(1949年12月23日政务院发布　根据1999年9月18日《决定》第一次修订)"
    more = bracketed[:-1] + "　根据2013年12月11日《决定》第二次修订)"
    assert [(c.context, c.new) for c in fact_changes(bracketed, more)] == [("第二次修订", "2013年12月11日")]


def test_a_clause_label_is_no_context():
    changes = fact_changes("第四十二条 本法自公布之日起施行。", "第四十二条 本法自2024年9月21日起施行。")
    assert [(c.context, c.new) for c in changes] == [("本法自", "2024年9月21日")]


def test_a_signature_date_is_named_as_one_not_by_the_issuer_above_it():
    old = "南京市人民政府办公厅\n2019年6月29日"
    new = "南京市人民政府办公厅\n2024年2月20日"
    assert [(c.context, c.old, c.new) for c in fact_changes(old, new)] == [
        ("成文日期", "2019年6月29日", "2024年2月20日")]
    # a date inside a sentence keeps the words in front of it
    changes = fact_changes("本办法自2019年6月29日起施行。", "本办法自2024年2月20日起施行。")
    assert [c.context for c in changes] == ["本办法自"]


@pytest.mark.parametrize(("text", "old", "new", "context"), [
    # real (tests/data/seeds 001, 文件14; tests/data/statutes/netcafe.new.txt 第二十九条): the run in
    # front of the value, not its last four characters (次性奖励, 法经营额)
    ("评选不少于40个高价值的人工智能创新应用示范项目，对于获评企业最高给予一次性奖励50万元。", "50万元", "80万元", "一次性奖励"),
    ("没收违法所得；违法经营额5000元以上的，并处违法经营额2倍以上5倍以下的罚款；", "5000元以上", "1万元以上", "违法经营额"),
    # variants: cut after a function word (按, 其, 的), never inside 其他; a final 的 left out
    ("对企业按其实缴注册资本的10%给予补助，最高1000万元。", "10%", "15%", "实缴注册资本"),
    ("对新引进的项目给予其建设投资额的3%补助。", "3%", "5%", "建设投资额"),
    ("市财政对其他费用的20%给予补助。", "20%", "30%", "其他费用"),
    ("对新认定的国家级创新平台，给予最高资助1000万元。", "1000万元", "500万元", "最高资助"),
    # a long run with no boundary near the value keeps its last four characters
    ("单个平台年度申请补助资金最高不超过200万元。", "200万元", "300万元", "补助资金"),
    # real (tests/data/statutes/lending.new.txt 第二十五条; organ_transplant.2007.txt 第三十条): a long run is
    # shortened at a phrase's start, its link word before the value (自, 应当) left out, not cut
    # mid-word (借中心自, 门依照)
    ("是指中国人民银行授权全国银行间同业拆借中心自2019年8月20日起每月发布的一年期贷款市场报价利率。",
     "2019年8月20日", "2020年8月20日", "拆借中心"),
    ("由县级以上地方人民政府卫生主管部门依照职责分工暂停其6个月以上1年以下执业活动", "6个月以上", "3个月以上",
     "职责分工暂停"),
    # variants: the phrase starts after 应当 and the preposition after it (应当自|收到申请之日起); a
    # list closed by 等 before 给予
    ("市科技局应当自收到申请之日起20个工作日内作出决定。", "20个工作日", "15个工作日", "收到申请之日起"),
    ("对新认定的国家级企业技术中心等给予一次性奖励300万元。", "300万元", "500万元", "一次性奖励"),
])
def test_a_facts_context_starts_at_a_word_boundary(text: str, old: str, new: str, context: str) -> None:
    changes = fact_changes(text, text.replace(old, new, 1))
    assert [c.context for c in changes] == [context]
    assert len(context) <= 8


def test_the_numbers_of_a_cited_title_are_no_facts_of_the_clause() -> None:
    """广东省 首台（套） 保险补偿 预通知 2019 → 2020 (tests/data/policy_pairs/gd_insurance): the
    catalogue cited gained its edition `（2017年版）`, and 浙江 2023's notice cited
    《…若干举措》: the title's year and 若干 name a document, not a date or a quantity."""
    old = "符合《首台(套)重大技术装备推广应用指导目录》(下称“指导目录”)的重大技术装备制造企业投保"
    new = "符合《首台(套)重大技术装备推广应用指导目录(2017年版)》(下称《指导目录(2017年版)》)的重大技术装备制造企业投保"
    assert fact_changes(old, new) == ()
    assert extract_facts("《关于进一步扩大消费促进高质量发展若干举措》(浙政办发〔2023〕26号)") == []
    # variant: a nested title, and a fact outside the marks is still read
    key = "根据《关于印发<2018-2020年全国通用类农业机械最高补贴额一览表>的通知》,对每台给予最高5万元补贴"
    assert [(f.role, f.value) for f in extract_facts(key)] == [("amount", "最高5万元")]


def test_a_period_is_one_fact_named_by_what_it_is_the_period_of() -> None:
    """gd_insurance 二: the insured period `2018年1月1日至2018年1月26日` became
    `2019年1月1日至12月31日`; the words in front (`且于`) name nothing, those after do."""
    old = "且于2018年1月1日至2018年1月26日期间首次投保,并于2019年3月31日前交付用户"
    new = "且于2019年1月1日至12月31日期间首次投保,并于2020年3月31日前交付用户"
    assert [(c.role, c.context, c.old, c.new) for c in fact_changes(old, new)] == [
        ("date", "首次投保", "2018年1月1日至2018年1月26日", "2019年1月1日至12月31日"),
        ("date", "交付用户", "2019年3月31日", "2020年3月31日")]
    # variants: a span of years (`2018-2020年`, `2024—2026年度`), a date after 对 or at a
    # sentence start, a date named by the words in front (kept)
    assert [f.value for f in extract_facts("福建省2018-2020年农机购置补贴,2024-2026年度补贴额")] == [
        "2018-2020年", "2024-2026年度"]
    assert [f.context for f in extract_facts("对2022年新认定的企业予以奖补")] == ["新认定"]
    assert [f.context for f in extract_facts("2024年11月1日之前购置的补贴机具,执行原来的补贴额")] == ["购置"]
    assert [f.context for f in extract_facts("本办法自2024年3月1日起施行")] == ["本办法自"]


def test_an_ordinal_is_one_fact_not_a_count_of_batches() -> None:
    """广东 单项冠军 奖补 2022 → 2023 (gd_champion): 第七批 → 第八批 is which batch is
    rewarded, named by what follows; `（第1批）` holds no count `1批`."""
    old = "对2022年工业和信息化部新认定的第七批制造业单项冠军示范企业予以一次性奖补。"
    new = "对2023年工业和信息化部新认定的第八批制造业单项冠军示范企业予以一次性奖补。"
    assert [(c.role, c.old, c.new) for c in fact_changes(old, new)] == [
        ("target_year", "2022年", "2023年"), ("count", "第七批", "第八批")]
    assert [(f.role, f.value) for f in extract_facts("补贴额一览表(第1批)")] == [("count", "第1批")]
    # variant: a second phase in figures, its context the words after the year in front
    (fact,) = [f for f in extract_facts("2024年第2期算力券申领工作") if f.value == "第2期"]
    assert fact.context == "算力券申领工作"
    # a statute note's session is no ordinal fact: 第十四届 (届) is left alone
    assert extract_facts("第十四届全国人民代表大会常务委员会") == []


def test_the_words_after_a_value_end_on_a_word_not_at_a_count() -> None:
    """A value with no words of its own in front is named by the words after it, which end on a
    word: a date followed by the meeting that acted on it is named by that act (as a title
    block's are), a phrase up to a phrase's length is kept whole, a longer one ends before a word
    that opens another phrase — never a count of characters into a word (`第七届全国人民代`)."""
    repealed = ("本法自公布之日起施行。1993年2月22日第七届全国人民代表大会常务委员会第三十次会议通过的"
                "《中华人民共和国国家安全法》同时废止。")
    assert [c.summary for c in fact_changes(repealed, "本法自公布之日起施行。")] == ["通过 1993年2月22日 → ∅"]
    limit = "应当在七日以内依法作出留置或者解除管护的决定。"
    assert [c.summary for c in fact_changes(limit, limit.replace("七日", "十日"))] == [
        "依法作出留置或者解除管护 七日以内 → 十日以内"]
    longer = "应当在七日以内向社会公开发布评估结果或者决定事项的说明。"
    assert [c.summary for c in fact_changes(longer, longer.replace("七日", "十日"))] == [
        "社会公开发布评估结果 七日以内 → 十日以内"]


def test_the_words_after_a_value_end_on_no_connective() -> None:
    """Words after a value cut before a phrase word end on no connective: `三十日内补正材料或者
    超过期限…` is named `补正材料` (the words before the 或者 that joins what was cut off), never
    `补正材料或者`."""
    limit = "三十日内补正材料或者超过期限视为放弃申请。"
    assert [c.summary for c in fact_changes(limit, limit.replace("三十日", "十五日"))] == [
        "补正材料 三十日内 → 十五日内"]


@pytest.mark.parametrize(("text", "old", "new", "summary"), [
    ("2019年起部分乡镇合并或者撤销后设立的社区居委会按照规定重新登记备案并公示。", "2019", "2020",
     "部分乡镇合并 2019年 → 2020年"),
    ("2021年6月30日前全市国有企业兼并或者重组工作全面完成。", "30日", "20日",
     "全市国有企业兼并 2021年6月30日 → 2021年6月20日"),
    ("2025年底前全市学前教育普及或者巩固提高工作全面完成。", "2025", "2026", "全市学前教育普及 2025年底前 → 2026年底前"),
])
def test_a_cut_before_a_connective_keeps_a_word_ending_in_a_connectives_character(
        text: str, old: str, new: str, summary: str) -> None:
    """Only a connective of two characters is taken off a cut's end: 并, 及, 与 end words (合并,
    兼并, 普及, 参与) as often as they join two, and were cut in half (`部分乡镇合`)."""
    assert [c.summary for c in fact_changes(text, text.replace(old, new))] == [summary]


@pytest.mark.parametrize(("old", "new", "fact"), [
    ("犬链长度不得超过一米。", "犬链长度不得超过一点五米。", ("超过一米", "超过一点五米")),
    ("补助标准为每亩二百元。", "补助标准为每亩二百五十点五元。", ("每亩二百元", "每亩二百五十点五元")),
    ("处违法所得一倍以上三倍以下的罚款。", "处违法所得一点五倍以上三倍以下的罚款。", ("一倍以上三倍以下", "一点五倍以上三倍以下")),
    ("资助一千万元。", "资助一点五亿元。", ("一千万元", "一点五亿元")),
    # a decimal opening with 零 is read whole too, never as the tail after its 点
    ("处违法所得零点五倍的罚款。", "处违法所得一点五倍的罚款。", ("零点五倍", "一点五倍")),
    ("犬链长度不得超过零点五米。", "犬链长度不得超过零点八米。", ("超过零点五米", "超过零点八米")),
    ("资助零点五万元。", "资助一点五万元。", ("零点五万元", "一点五万元")),
    ("按百分之零点五收取。", "按百分之一点五收取。", ("百分之零点五", "百分之一点五")),
    ("增幅提高零点五个百分点。", "增幅提高一点五个百分点。", ("零点五个百分点", "一点五个百分点")),
    # 零 inside a numeral is part of it
    ("处违法所得一百零五倍的罚款。", "处违法所得一百零八倍的罚款。", ("一百零五倍", "一百零八倍")),
])
def test_a_chinese_decimal_is_read_whole(old: str, new: str, fact: tuple[str, str]) -> None:
    """`一点五米` is one measure, not `一点` and a `五米` cut from its tail (a new 五米 where a 一米
    went): a Chinese numeral's decimals belong to it, in measures, sums, multiples, shares and
    points, one opening with 零 as well (`零点五倍` was read `五倍`)."""
    facts = [(f.old, f.new) for f in diff_texts(f"第一条 {old}", f"第一条 {new}").facts]
    assert facts == [fact], facts


@pytest.mark.parametrize(("old", "new", "fact"), [
    ("每次补贴一点五元。", "每次补贴二点五元。", ("一点五元", "二点五元")),
    ("每次补贴零点五元。", "每次补贴三十元。", ("零点五元", "三十元")),
])
def test_a_decimal_sum_without_a_unit_character_is_an_amount(old: str, new: str, fact: tuple[str, str]) -> None:
    """`一点五元` is a sum, as `二百五十点五元` is: its decimals make it one (`一元` alone is a word
    of 一元化), so a numeral without 十/百/千 before 点 is read with its 元."""
    facts = [(f.old, f.new) for f in diff_texts(f"第一条 {old}", f"第一条 {new}").facts]
    assert facts == [fact], facts


@pytest.mark.parametrize(("old", "new"), [
    ("按百分之零点五收取服务费。", "按0.5%收取服务费。"),
    ("按百分之五收取服务费。", "按5%收取服务费。"),
    ("按千分之五收取服务费。", "按5‰收取服务费。"),
    ("犬链长度不得超过一点五米。", "犬链长度不得超过1.5米。"),
    ("每次补贴一点五元。", "每次补贴1.5元。"),
])
def test_a_share_or_decimal_in_words_is_the_same_value_in_figures(old: str, new: str) -> None:
    """quantity_key reads `百分之零点五` as `0.5%` (not `100分之0点5`) and `一点五米` as `1.5米`:
    the same value rewritten in figures is no fact change, and a value changed still is one."""
    assert quantity_key("百分之零点五") == quantity_key("0.5%")
    assert quantity_key("千分之五以上") == quantity_key("5‰以上")
    assert quantity_key("百分之零点五") != quantity_key("5%")
    assert fact_changes(old, new) == ()
    assert fact_changes(old, new.replace("5", "6"))


def test_a_hundred_after_a_numeral_is_no_share_and_a_time_no_decimal() -> None:
    """`二百分之一` is 1 in 200: its 百 is the numeral's unit, not the 百分之 of a share (it was read
    `21%`, and `二百分之一` → `百分之二十一` lost its fact); `八点三十分` is a time, not 8.310."""
    assert quantity_key("二百分之一") == "200分之1"
    assert quantity_key("三千分之一") == "3000分之1"
    assert quantity_key("二百分之一") != quantity_key("百分之二十一")
    assert [(f.old, f.new) for f in fact_changes("按二百分之一收取。", "按百分之二十一收取。")] == [
        ("二百分之一", "百分之二十一")]
    assert quantity_key("八点三十分") == "8点30分"


@pytest.mark.parametrize(("old", "new"), [
    ("单件重量不得超过二点五千克。", "单件重量不得超过2.5千克。"),
    ("作业半径不超过零点五千米。", "作业半径不超过0.5千米。"),
    ("装机容量一千千瓦以上。", "装机容量1000千瓦以上。"),
    ("作业半径五十千米以内。", "作业半径50千米以内。"),
    ("项目总投资二点五千万元。", "项目总投资2500万元。"),
    ("项目总投资二点五千万元。", "项目总投资2.5千万元。"),
])
def test_a_hundred_or_thousand_after_a_decimal_multiplies_it(old: str, new: str) -> None:
    """A 百/千 after a number (its decimals, or a numeral ending in a unit of its own) multiplies it,
    whether it opens a unit (千克, 千米, 千瓦, 百帕) or a scale (千万元): `二点五千克` is `2.5千克`
    (they read `2点5000克` and `2.51000克`), and `二点五千万元` stays 25,000,000元 (it was read as a
    `五千万元` cut from its tail)."""
    assert quantity_key(old) == quantity_key(new)
    assert fact_changes(old, new) == ()
    changed = re.sub(r"\d", lambda m: str(int(m.group()) + 1), new, count=1)  # 2.5千克 → 3.5千克
    assert [(c.old, c.new) for c in fact_changes(old, changed)], changed
    for same in (("二点五千克", "2500克"), ("二点五百帕", "250帕"), ("十千米", "10000米"), ("5千万元", "5000万元")):
        assert quantity_key(same[0]) == quantity_key(same[1]), same
    assert quantity_key("二点五千万元") != quantity_key("2.5万元")


@pytest.mark.parametrize(("written", "key"), [
    ("十千米", "10000米"), ("三百千克", "300000克"), ("一百千瓦", "100000瓦"), ("两千百帕", "200000帕"),
    ("三千瓦", "3000瓦"), ("一百零五人", "105人"),
    # no numeral reads these: kept as written, not digits side by side (十十 was 1010, 三十五六 356)
    ("十十元", "十十元"), ("三十五六人", "三十五六人"), ("一百一百元", "一百一百元"), ("十五千米", "十五千米"),
])
def test_a_run_of_numerals_is_read_whole(written: str, key: str) -> None:
    """quantity_key reads a run of numeral characters whole: a 百/千 straight after the numeral's
    own unit multiplies it (`十千米` is 10 千米, as `10千米` is), and a run no numeral reads is kept
    as written (`十五千米` too: whether its 千 scales 十五 or continues it is not told); a well-formed prefix and the characters after it are never written
    as two numbers side by side (`十千米` was 101000米, `十十元` 1010元)."""
    assert quantity_key(written) == key
    assert fact_changes(f"距离{written}。", f"距离{written}。") == ()


def test_a_scaled_decimal_sum_is_one_value() -> None:
    """`二点五千万元` is one sum (no `五千万元` taken from its tail, named `投资二点`) and one token of
    the inline diff."""
    assert [(f.value, f.context) for f in extract_facts(comparison_key("项目总投资二点五千万元。"))] == [
        ("二点五千万元", "项目总投资")]
    marked = render_marked(inline_diff("总投资二点五千万元。", "总投资三点五千万元。"))
    assert marked == "总投资[-二点五千万元-]{+三点五千万元+}。", marked


def test_a_decimal_too_long_to_write_in_digits_is_kept_as_written() -> None:
    """A hostile run of numerals before 点 (20 000 of them) is no number Python writes in digits:
    quantity_key keeps it as written instead of raising, and a run with no 点 is read once."""
    value = "一" * 20000 + "点五元"
    assert quantity_key(value).endswith("点5元")
    assert quantity_key("一" * 20000 + "元").endswith("元")


def test_a_value_after_another_is_named_by_its_own_words() -> None:
    """The context of a value starts after the value before it: `自优先权日起16个月内或者自申请日
    起4个月内` names the second span by 申请日起 (it was `内或者自申请日起`, the first span's tail),
    and a value joined to the one before by 或者 alone is of what that one is of (`处五千元以上或者
    一万元以下`: 处, not `五千元以上或者`)."""
    facts = extract_facts("可以自优先权日起16个月内或者自申请日起4个月内，请求改正。")
    assert [(f.value, f.context) for f in facts] == [("16个月内", "优先权日起"), ("4个月内", "申请日起")]
    facts = extract_facts("处五千元以上或者一万元以下的罚款。")
    assert [(f.value, f.context) for f in facts] == [("五千元以上", "处"), ("一万元以下", "处")]


@pytest.mark.parametrize(("text", "context"), [
    # the second value of a range or pair, nothing joining it to the first: named as a whole
    ("禁止其自处罚决定生效之日起一年以上三年以下的期限内从事对外贸易经营活动。", "一年以上"),
    ("数额在五十万元以上不满五百万元的，处罚金。", "五十万元以上"),
    ("已满十四周岁不满十六周岁的人犯罪。", "已满十四周岁"),
])
def test_the_second_value_of_a_range_keeps_the_ranges_words(text: str, context: str) -> None:
    """Only a join (或者, 和, 、) makes the words after a value those of the next one: with none
    between them (`一年|以上|三年以下`) the words left after the first value (`以上`, `的`) name
    nothing, and the second value is named by what the range is of, the first value's words too."""
    facts = extract_facts(comparison_key(text))
    assert facts[-1].context == context, [(f.value, f.context) for f in facts]


@pytest.mark.parametrize(("text", "value", "context"), [
    ("对获评企业奖励30万元，10家以上的园区再奖励20万元。", "10家以上", "的园区再奖励"),
    ("给予安家补贴100万元，50%用于购房。", "50%", "用于购房"),
    ("补助标准为每人每月1000元,500元用于交通补贴。", "500元", "用于交通补贴"),
    ("给予奖励50万元或者10%的股权。", "10%", "的股权"),
])
def test_a_value_opening_a_clause_or_of_another_kind_has_its_own_words(text: str, value: str, context: str) -> None:
    """A value after a comma opens a clause of its own, and one of another role is of another
    thing even after 或者: neither takes the words of the value before (`获评企业奖励`)."""
    facts = {f.value: f.context for f in extract_facts(comparison_key(text))}
    assert facts[value] == context, facts


@pytest.mark.parametrize(("text", "facts"), [
    ("期满前30日内或者届满后6个月内提出续期申请。", [("期满前30日内", "期满前"), ("6个月内", "届满后")]),
    ("期满前三十日内或者届满后六个月内提出。", [("期满前三十日内", "期满前"), ("六个月内", "届满后")]),
])
def test_a_limit_joined_to_another_is_named_by_its_own_words(text: str, facts: list[tuple[str, str]]) -> None:
    """No label is a join's fragment: `期满前30日内或者届满后6个月内` was `期满前30日` named by the words
    after it (`或者届满后`, the next limit's) and `6个月内` by `内或者届满后`. A limit's 内 is part of it,
    the words after a join name the value after them, and a limit nothing names is named by the
    words it opens with."""
    assert [(f.value, f.context) for f in extract_facts(comparison_key(text))] == facts
    old, new = text, text.replace("6个月", "3个月").replace("六个月", "三个月")
    assert [(c.context, c.old, c.new) for c in fact_changes(old, new)] == [("届满后", facts[1][0], facts[1][0].replace("6", "3").replace("六", "三"))]


def test_only_a_limits_own_naming_words_name_it() -> None:
    """The words a value opens with name it only when they are a time limit's name (期限, 期满前):
    a bound (`不超过`) or a share's words (`百分之`) name nothing."""
    named = {f.value: f.context for f in extract_facts(comparison_key("期限为三年。不超过三十日。百分之五。"))}
    assert named == {"期限为三年": "期限", "不超过三十日": "", "百分之五": ""}, named


@pytest.mark.parametrize("join", ["或", "或者", "、"])
def test_an_alternative_time_limit_is_a_value(join: str) -> None:
    """`期限为3年或5年`: the value after the join is a time limit too (it gave no fact), of what the
    first is of, as values joined by 、 are; so its change is reported."""
    text = f"土地承包经营期限为3年{join}5年。"
    assert [(f.role, f.value) for f in extract_facts(comparison_key(text))] == [
        ("deadline", "期限为3年"), ("deadline", "5年")]
    changed = fact_changes(text, text.replace("5年", "8年"))
    assert [(c.role, c.old, c.new, c.context) for c in changed] == [("deadline", "5年", "8年", "土地承包经营")]
    assert [(c.old, c.new) for c in fact_changes("期限为三十日或者六十日内。", "期限为三十日或者九十日内。")] == [
        ("六十日内", "九十日内")]


@pytest.mark.parametrize(("old", "new", "changes"), [
    # a return period (X年一遇), a month of the year (6月底, 12月起) or a decade after a time limit's
    # join is no alternative limit: it kept the value of its own reading, or was none
    ("第五条 设计使用期限为3年或50年一遇洪水标准。", "第五条 设计使用期限为3年或100年一遇洪水标准。",
     [("measure", "洪水标准", "50年一遇", "100年一遇")]),
    ("第五条 每年审核期限为3个月、6月底前完成。", "第五条 每年审核期限为3个月、9月底前完成。", []),
    ("第五条 试用期限为6个月、12月起转正。", "第五条 试用期限为6个月、1月起转正。", []),
    ("第五条 期限为3个月或6月中旬。", "第五条 期限为3个月或7月中旬。", []),
    ("第五条 期限为3个月或6月30日。", "第五条 期限为3个月或7月30日。", []),
])
def test_a_date_after_a_limits_join_is_no_alternative_limit(
        old: str, new: str, changes: list[tuple[str, str, str, str]]) -> None:
    """Only a span is a time limit's alternative: a value its own words make a date, a decade or a
    return period (一遇, 代, 底, 起, 份, 旬, a day after a month) is not one."""
    assert [(c.role, c.context, c.old, c.new) for c in fact_changes(old, new)] == changes
    assert [(f.role, f.value) for f in extract_facts("期限为3年或50年代标准。")] == [("deadline", "期限为3年")]


@pytest.mark.parametrize(("old", "new", "changes"), [
    ("第十条 合同期限为一年或者三年。", "第十条 合同期限为二年或者三年。", [("合同", "期限为一年", "期限为二年")]),
    ("第十条 合同期限为一年或者三年。", "第十条 合同期限为一年或者五年。", [("合同", "三年", "五年")]),
    ("第十条 合同期限为一年、二年或者三年。", "第十条 合同期限为一年、二年或者五年。", [("合同", "三年", "五年")]),
])
def test_the_alternatives_of_one_limit_are_not_widened_apart(old: str, new: str,
                                                              changes: list[tuple[str, str, str]]) -> None:
    """The values of one time limit joined by 或者/、 share its label and are told apart by their
    place: the label is not widened to tell them apart (it took in the article's number,
    `第十条合同`)."""
    assert [(c.context, c.old, c.new) for c in fact_changes(old, new)] == changes


@pytest.mark.parametrize(("old", "new", "changed"), [
    ("2千元", "2000元", "3000元"), ("二点五千元", "2.5千元", "3.5千元"),
    ("2.5千元", "2500元", "3500元"), ("3百元", "300元", "400元")])
def test_a_thousand_after_an_arabic_number_is_read_with_it(old: str, new: str, changed: str) -> None:
    """`2千元` is 2,000元 (it was a `千元` with no number, so `2千元` → `2000元` read as a change), and
    `二点五千元` is `2.5千元`: the same sum, no change; one that changed is reported whole."""
    clause = "第一条 每人补助{}。".format
    assert fact_changes(clause(old), clause(new)) == ()
    assert [(c.old, c.new) for c in fact_changes(clause(old), clause(changed))] == [(old, changed)]
    named = [(f.value, f.context) for f in extract_facts(comparison_key("补助2千元或3千元奖励。"))]
    assert named == [("2千元", "补助"), ("3千元", "奖励")], named  # not `千元或`: the 千 is the number's


@pytest.mark.parametrize(("text", "value", "context"), [
    ("给予5万元或10万元奖励。", "10万元", "奖励"),
    ("给予5万元及10万元奖励。", "10万元", "奖励"),
    ("分别给予5万元与10万元奖励。", "10万元", "奖励"),
    ("奖励5万元和配套资金30万元。", "30万元", "配套资金"),
])
def test_the_join_between_two_values_is_no_name(text: str, value: str, context: str) -> None:
    """Words bounded by the value before start with the join (`或`, `及`, `与`, `和`): the join is
    no name of its own; what is left after it, or the words after the value, name it."""
    facts = {f.value: f.context for f in extract_facts(comparison_key(text))}
    assert facts[value] == context, facts


def test_a_lone_one_ending_a_word_counts_nothing() -> None:
    """`某一类别`, `另一家`, `这一项` name one thing, as `同一家` and `每一项` do: no count (the
    2024 备案审查条例's `集中解决某一领域或者某一类别…问题` read a count `一类` come)."""
    assert fact_changes("集中解决问题。", "集中解决某一领域或者某一类别规范性文件中普遍存在的问题。") == ()
    assert fact_changes("委托机构办理。", "委托另一家机构办理这一项任务。") == ()
    assert [(f.old, f.new) for f in fact_changes("委托一家机构。", "委托两家机构。")] == [("一家", "两家")]
    # a word merely ending in 一's characters elsewhere (选择, 推进, 其) still has its count
    for verb in ("选择", "推进", "推荐其", "均有"):
        changes = fact_changes(f"{verb}一家银行。", f"{verb}两家银行。")
        assert [(f.old, f.new) for f in changes] == [("一家", "两家")], verb


@pytest.mark.parametrize("text", [
    "重点任务五项，一点也不能放松，专家点评三次。",
    "第一点，三年内完成改造。",
    "每日上午十点钟开放，晚上九点三十分关闭。",
])
def test_a_dot_in_words_states_no_decimal(text: str) -> None:
    """点 in words (一点也不, 重点, 第一点, 点评, 十点钟, 九点三十分) joins no numbers into a decimal:
    an edit elsewhere in the clause finds no fact (the counts beside them read as before)."""
    old = f"第一条 {text}本条另有规定。"
    facts = [(f.old, f.new) for f in diff_texts(old, old.replace("另有", "另行")).facts]
    assert facts == [], facts
