"""The marker grammar table: one case per row, numeral parsing and canonical labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policywatch.diffing.numbering import (
    FAMILIES,
    heading_of,
    match_marker,
    parse_chinese,
    parse_number,
    to_chinese,
)

# (example line, family, number, canonical label, heading) — one per grammar row, in table order.
ROWS = [
    ("第一部分 总体要求", "part", 1, "第一部分", "总体要求"),
    ("第一编 总则", "book", 1, "第一编", "总则"),
    ("第一分编 通则", "subbook", 1, "第一分编", "通则"),
    ("第一章 总则", "chapter", 1, "第一章", "总则"),
    ("第二节 资金管理", "section", 2, "第二节", "资金管理"),
    ("第一条为引导推动广州人工智能与数字经济试验区", "article", 1, "第一条", ""),
    ("一、总体要求", "cn", 1, "一", "总体要求"),
    ("(一) 强化前沿基础研究，推进核心关键技术攻关。", "pcn", 1, "（一）", "强化前沿基础研究，推进核心关键技术攻关"),
    ("㈠加强组织领导", "pcn", 1, "（一）", "加强组织领导"),
    ("1.2.3.4 检验规则", "ar4", 4, "1.2.3.4", "检验规则"),
    ("3.1.1 数据存储服务", "ar3", 1, "3.1.1", "数据存储服务"),
    ("3.1 术语和定义", "ar2", 1, "3.1", "术语和定义"),
    ("1．打造产业集聚发展高地。", "ar", 1, "1", "打造产业集聚发展高地"),
    ("1 范围", "ar", 1, "1", "范围"),
    ("⒈加强基础研究", "ar", 1, "1", "加强基础研究"),
    ("(1) 人工智能产业项目补助资金申报书；", "par", 1, "（1）", "人工智能产业项目补助资金申报书"),
    ("⑴加强基础研究", "par", 1, "（1）", "加强基础研究"),
    ("1）加大信贷投放力度；", "par", 1, "1）", "加大信贷投放力度"),
    ("①加强基础研究", "circ", 1, "①", "加强基础研究"),
    ("(b) 日津貼分別為", "alpha", 2, "（b）", "日津貼分別為"),
    ("a)啟程津貼為澳門元二千七百元;", "alpha", 1, "a）", "啟程津貼為澳門元二千七百元"),
    ("专栏 14 四大核心产业重点项目", "box", 14, "专栏14", "四大核心产业重点项目"),
    ("附件 1：", "annex", 1, "附件1", ""),
    ("问：哪些用人单位可以享受稳岗返还政策？", "question", None, "", "哪些用人单位可以享受稳岗返还政策？"),
    ("——产业规模不断壮大。完善人工智能产业链", "dash", None, "", "产业规模不断壮大"),
    ("● 以柔性装配等复杂作业为目标", "bullet", None, "", "以柔性装配等复杂作业为目标"),
]


def test_every_grammar_row_has_a_case_and_its_example_matches() -> None:
    assert [r[1] for r in ROWS] == [f.name for f in FAMILIES]
    for family in FAMILIES:
        marker = match_marker(family.example)
        assert marker is not None and marker.family == family.name, family.example


@pytest.mark.parametrize(("line", "family", "number", "label", "heading"), ROWS, ids=[r[0][:8] for r in ROWS])
def test_grammar_row(line: str, family: str, number: int | None, label: str, heading: str) -> None:
    marker = match_marker(line)
    assert marker is not None
    assert (marker.family, marker.number, marker.label) == (family, number, label)
    assert heading_of(line[marker.body_start:], family=family, spaced=marker.spaced) == heading


@pytest.mark.parametrize(("line", "family", "number", "label"), [
    ("（一）指导思想", "pcn", 1, "（一）"),
    ("（三） 提供开放共享服务。", "pcn", 3, "（三）"),
    ("(十二) 强化金融支撑", "pcn", 12, "（十二）"),
    ("1. 强化新一代人工智能基础理论研究。", "ar", 1, "1"),
    ("1.培育引进人工智能创新型企业。", "ar", 1, "1"),
    ("1、创业孵化载体。", "ar", 1, "1"),
    ("- 1、书面申请：填写", "ar", 1, "1"),
    ("１２．全角数字", "ar", 12, "12"),
    ("（2）支持标准", "par", 2, "（2）"),
    ("### (一) 国内外发展态势", "pcn", 1, "（一）"),
    ("#### （一）加快关键技术创新突破", "pcn", 1, "（一）"),
    ("第十七条本导则由市工业和信息化局负责解释。", "article", 17, "第十七条"),
    ("第2条 数字写法", "article", 2, "第二条"),
    ("第四十二条 本细则自印发之日起施行", "article", 42, "第四十二条"),
    ("专栏一：人工智能科创产业培育", "box", 1, "专栏1"),
    ("专栏N5 不是专栏", None, None, None),
    ("附件 1 :", "annex", 1, "附件1"),
    ("附件：1. 省新一代人工智能产业重点技术", "annex", None, "附件"),
    ("十一、附则", "cn", 11, "十一"),
    # traditional article and section words (Macau, Hong Kong, Taiwan) label as the simplified
    ("第二條——a)啟程津貼為澳門元二千七百元;", "article", 2, "第二条"),
    ("第三節 附則", "section", 3, "第三节"),
    # dotted and bare numbering of standards and guides (after the normalizer: no blank)
    ("3.1术语和定义", "ar2", 1, "3.1"),
    ("3.1.1", "ar3", 1, "3.1.1"),
    ("1.1．为规范", "ar2", 1, "1.1"),
    ("4云数据存储和管理框架", "ar", 4, "4"),
    ("12 附录说明", "ar", 12, "12"),
    ("（c）其他", "alpha", 3, "（c）"),
    ("問：如何申請？", "question", None, ""),
    ("问题3：补贴标准是多少？", "question", None, ""),
    ("Q2: 谁可以申请？", "question", None, ""),
    ("二十、其他", "cn", 20, "二十"),
])
def test_marker_variants(line: str, family: str | None, number: int | None, label: str | None) -> None:
    marker = match_marker(line)
    if family is None:
        assert marker is None
    else:
        assert marker is not None and (marker.family, marker.number, marker.label) == (family, number, label)


@pytest.mark.parametrize("line", [
    "5G 等人工智能产业发展的基础技术", "2.3 万个", "2018年 5月 11日", "（2020-2023年）", "第一条件",
    "可参照第一条给予支持", "附件材料齐全", "一批企业", "2018", "10G-PON端口",
    # a decimal or a bare number in a sentence (a wrapped row), never a dotted or bare heading
    "2.43亿元推动工业强市发展专项引导资金", "1.5倍", "0.5个百分点", "2.0版", "2.95%。", "3.1 万个",
    "10万元", "10 万元以上", "3至5个", "2家企业", "5G基站", "12月31日", "30 日后正式施行,有效期四年。",
    "1\t江苏卓易信息科技股份", "2 人工智能产业,重点建设园区", "问题：存在的不足",
    # the tail of a Latin word in brackets that a re-wrap put at a row start (`（smart economy）`)
    "y）集群。人工智能新产业", "m），及时补充到《汇编》中。",
])
def test_not_markers(line: str) -> None:
    assert match_marker(line) is None


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("两", 2), ("一百", 100),
    ("一百零五", 105), ("九十九", 99), ("二〇一八", 2018), ("〇", 0), ("零", 0), ("三千", 3000),
])
def test_parse_chinese(numeral: str, value: int) -> None:
    assert parse_chinese(numeral) == value


def test_parse_rejects_non_numerals() -> None:
    with pytest.raises(ValueError):
        parse_chinese("十a")
    with pytest.raises(ValueError):
        parse_chinese("")
    assert parse_number("１２") == 12


@given(st.integers(1, 9999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese(to_chinese(n)) == n


@pytest.mark.parametrize(("rest", "family", "spaced", "heading"), [
    ("夯实发展基础。加快物联网、北斗导航、IPv6、", "pcn", False, "夯实发展基础"),
    ("本章相关术语和情况说明如下：", "article", True, "本章相关术语和情况说明如下"),
    ("本办法由长沙市科技局负责解释。", "article", True, ""),
    ("强化原始创新能力提升。支持高校、院所", "article", True, "强化原始创新能力提升"),
    ("强化人才供给能力建设。。对来蓉从事人工智能领域", "pcn", True, "强化人才供给能力建设"),
    ("为引导推动广州人工智能与数字经济试验区（以下简称广州试验区）“一江两岸三片区”各展其长", "pcn", False, ""),
    ("书面申请：填写《申报书》", "ar", False, "书面申请"),
    ("", "ar", False, ""),
])
def test_heading_is_the_lead_in_sentence(rest: str, family: str, spaced: bool, heading: str) -> None:
    assert heading_of(rest, family=family, spaced=spaced) == heading
