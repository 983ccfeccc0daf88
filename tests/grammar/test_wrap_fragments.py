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
