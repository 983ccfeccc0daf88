"""Pieces of a sentence that a re-wrap puts at a line start are not clause structure (issue 15:
a re-wrapped copy reports no change)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from policywatch.diffing import diff_texts, segment
from policywatch.grammar import match_marker
from policywatch.grammar.notes import is_responsibility_note
from policywatch.normalize import normalize_text
from tests.normalize.rewrap import rewrap

SEED_001 = next((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("001_*.txt"))


@pytest.mark.parametrize("line", ["五八、滴滴、腾讯数码等企业", "二〇、二一年", "（五八）x", "第五八条 x"])
def test_bare_digit_runs_are_no_clause_number(line: str) -> None:
    assert match_marker(line) is None


@pytest.mark.parametrize(("line", "label"), [
    ("五、保障措施", "五"), ("十一、附则", "十一"), ("（二十）x", "（二十）"), ("第一百零五条 x", "第一百零五条"),
])
def test_numerals_with_units_still_number_clauses(line: str, label: str) -> None:
    marker = match_marker(line)
    assert marker is not None and marker.label == label


def test_a_digit_run_cut_to_a_line_start_stays_in_its_sentence() -> None:
    whole = "一、总体要求\n（一）培育企业。推动百度、五八、滴滴等企业成长为领军企业。\n二、保障措施"
    cut = "一、总体要求\n（一）培育企业。推动百度、\n五八、滴滴等企业成长为领军企业。\n二、保障措施"
    assert diff_texts(whole, cut).changes == ()
    assert [c.path_str for c in segment(normalize_text(cut).display)] == [
        "一", "一/（一）", "二"]


@pytest.mark.parametrize("note", [
    "(市委网信办、市科技局等按职责分工负责)", "（责任单位：市科技局、市财政局）", "【牵头单位：市发展改革委】",
    "（各区人民政府配合）",
])
def test_responsibility_notes(note: str) -> None:
    assert is_responsibility_note(note)


@pytest.mark.parametrize("line", ["（一）加强组织领导", "（2018—2020年）", "（此件公开发布）", "（一）市科技局负责", "负责）"])
def test_other_bracketed_lines_are_no_notes(line: str) -> None:
    assert not is_responsibility_note(line)


def test_a_note_left_alone_after_the_full_stop_joins_its_clause() -> None:
    # seed 001 around the end of one policy and the title of the next, re-wrapped with a break
    # right after the clause's full stop
    lines = SEED_001.read_text(encoding="utf-8").split("\n")
    whole = "\n".join(lines[633:642])
    assert "发展。(市委网信办" in whole
    for variant in range(8):
        cut = rewrap(whole, random.Random(variant)).replace("发展。(", "发展。\n(")
        assert diff_texts(whole, cut).changes == ()
        display = normalize_text(cut).display
        assert "发展。(市委网信办" in display, variant


@pytest.mark.parametrize(("whole", "cut"), [
    # in the preamble: no list is open yet
    ("为加快发展，打造全省第一、全国前三、全球有影响力的人工智能产业地标，特制订本行动计划。\n一、总体要求\n（一）目标。",
     "为加快发展，打造全省第一、全国前\n三、全球有影响力的人工智能产业地标，特制订本行动计划。\n一、总体要求\n（一）目标。"),
    # the outermost list never starts again inside a document
    ("一、总体要求\n（一）目标。\n二、主要任务\n（一）支持生物特征识别、视频理解等技术创新，发展人证合一、视频监控等典型应用。\n三、保障措施",
     "一、总体要求\n（一）目标。\n二、主要任务\n（一）支持生物特征识别、视频理解等技术创新，发展人证合\n一、视频监控等典型应用。\n三、保障措施"),
    # a number cut off its list: 八 after 四 continues nothing
    ("一、甲\n二、乙\n三、丙\n四、重点任务\n（一）培育企业。推动百度、五八、滴滴等企业成长，形成集群。\n五、保障措施",
     "一、甲\n二、乙\n三、丙\n四、重点任务\n（一）培育企业。推动百度、五\n八、滴滴等企业成长，形成集群。\n五、保障措施"),
])
def test_a_list_number_cut_to_a_line_start_is_no_clause(whole: str, cut: str) -> None:
    assert [c.path_str for c in segment(cut)] == [c.path_str for c in segment(whole)]
    assert diff_texts(whole, cut).changes == ()


def test_a_heading_line_before_a_new_list_still_opens_it() -> None:
    text = "一、总体要求\n（一）目标。\n二、深化数据资源开放和应用\n6. 建立数据平台，推动开放。\n7. 完善制度。"
    assert [c.path_str for c in segment(text)] == ["一", "一/（一）", "二", "二/6", "二/7"]


@pytest.mark.parametrize(("whole", "cut"), [
    ("1. 发展智能教育应用。\n组织实施人工智能与教育融合创新、智慧校园建设等政策措施。深入推进智慧教学。",
     "1. 发展智能教育应用。\n组织实施人工智能与教育融合创新、智慧校园建设等政策\n措施。深入推进智慧教学。"),
    ("1. 对人工智能相关领域的“两院”院士、国家“千人计划”“万人计划”专家给予资助。",
     "1. 对人工智能相关领域的“两院”院士、国家“千人计划\n”“万人计划”专家给予资助。"),
])
def test_a_cut_that_looks_like_a_title_end_is_rejoined(whole: str, cut: str) -> None:
    assert normalize_text(cut).display == normalize_text(whole).display


@pytest.mark.parametrize("line", ["第四部分。", "第三章，", "第二节、第三节", "第一编;"])
def test_a_statute_level_followed_by_punctuation_is_a_reference(line: str) -> None:
    assert match_marker(line) is None


def test_a_link_cut_out_between_its_parentheses_stays_text() -> None:
    whole = ("一、说明\n（一）编者的话。本汇编将持续补充新发布的政策，可关注官网(https://www.example.gov.cn/zc/4369.html)，"
             "及时获取最新政策汇编，同时欢迎提供最新政策信息。\n（二）其他。")
    cut = ("一、说明\n（一）编者的话。本汇编将持续补充新发布的政策，可关注官网(\nhttps://www.example.gov.cn/zc/4369.html\n)，"
           "及时获取最新政策汇编，同时欢迎提供最新政策信息。\n（二）其他。")
    assert "4369.html" in normalize_text(cut).display
    assert diff_texts(whole, cut).changes == ()
