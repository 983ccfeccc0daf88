"""Invariants on the seed documents: noise never changes the key, a real edit always does."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policywatch.normalize import comparison_key, normalize_text
from policywatch.normalize.layout import BARE_ROWS, PARAGRAPHS, ROWS, detect_layout
from tests.normalize.variants import (
    fact_sites,
    real_edit,
    repunctuate,
    respace,
    rewrap_rows,
    swap_width,
)

SEED_DIR = Path(__file__).parents[1] / "data" / "seeds"
SEED_FILES = {path.name[:3]: path for path in sorted(SEED_DIR.glob("0*.txt"))}
# 001 is 665 KB; property tests use a slice holding its cover, TOC, first documents, a page-break
# table, orphans, the `<u>` table and the lone `2018` (line numbers are 1-based, clauses.md).
EXCERPT_001 = ((1, 240), (1250, 1300), (1440, 1460), (3150, 3170), (3660, 3680), (4100, 4130),
               (4375, 4395))
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@cache
def seed_text(name: str) -> str:
    text = SEED_FILES[name[:3]].read_text(encoding="utf-8")
    if name != "001x":
        return text
    lines = text.split("\n")
    return "\n".join("\n".join(lines[a - 1:b]) for a, b in EXCERPT_001)


@cache
def seed_result(name: str):
    return normalize_text(seed_text(name))


def wrap_source(name: str) -> str:
    """The paragraphs to lay out again: 000 is already in rows, so use its display text."""
    return seed_result(name).display if name == "000" else seed_text(name)


SMALL_SEEDS = ["000", "001x", "002", "003", "004"]
seed_names = st.sampled_from(SMALL_SEEDS)
salts = st.integers(min_value=0, max_value=2**32 - 1)


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_seed_display_and_key_are_idempotent(name: str) -> None:
    result = seed_result(name)
    again = normalize_text(result.display)
    assert again.display == result.display
    assert again.key == result.key
    assert comparison_key(result.key) == result.key
    assert normalize_text(result.key).key == result.key


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_seed_display_is_one_clean_paragraph_per_line(name: str) -> None:
    display = seed_result(name).display
    lines = display.split("\n")
    assert all(line.strip() for line in lines)
    assert not any(line != line.strip(" ") for line in lines)
    assert not any(line.startswith(("#", "- ", "**")) for line in lines)
    assert "\u3000" not in display and "\u00a0" not in display and "\ufeff" not in display


def test_seed_furniture_is_gone_and_content_stays() -> None:
    d000, d001, d003 = (seed_result(n).display for n in ("000", "001", "003"))
    assert "baidu.com" not in d000 and "\n20\n" not in d000
    assert "混合增强智能新架构与新技术等" in d000
    assert "附件1：\n省新一代人工智能产业重点技术" in d000
    assert "....." not in d001 and "\n目录\n" not in d001
    assert "\n2018\n" not in d001
    assert "北京市加快科技创新培育人工智能产业的指导意见\n为深入贯彻落实" in d001
    assert "<u>" not in d001 and "智慧城市 智慧政务 智慧城管" in d001
    assert "市经信局信息化推进处，咨询电话：61885818" in d001  # repeated, but real content
    assert "扫描二维码" not in d003 and d003.endswith("市司法局)")


def test_layout_detection_on_seeds() -> None:
    layouts = {n: detect_layout(seed_text(n).split("\n")) for n in SEED_FILES}
    assert layouts["000"] == ROWS
    assert {layouts[n] for n in ("001", "002", "003", "004")} == {PARAGRAPHS}


def test_bare_pdf_rows_of_000_give_its_key_and_most_of_its_paragraphs() -> None:
    """000 as pdfplumber would give it: rows without trailing spaces or blank lines."""
    bare = "\n".join(line.rstrip() for line in seed_text("000").split("\n") if line.strip())
    assert detect_layout(bare.split("\n")) == BARE_ROWS
    result = normalize_text(bare)
    assert result.key == seed_result("000").key
    lines = result.display.split("\n")
    assert set(lines) & set(seed_result("000").display.split("\n")) >= {
        "（一）主要思路", "江苏省经信委办公室  2018年5月11日印发",
        "——产业技术显著提升。突破一批关键共性技术和核心技术，培育一批标志性战略产品，语音识别、"
        "模式识别、计算机视觉、智能传感器、神经网络芯片等重点领域的关键核心技术达到国内领先水平。",
    }
    # the only misses are the five rows ending in 。/； in mid-paragraph (clauses.md §2.1)
    assert len(lines) - len(seed_result("000").display.split("\n")) <= 5


def test_full_001_noisy_copies_have_the_same_key() -> None:
    rng = random.Random(1)
    text, key = seed_text("001"), seed_result("001").key
    assert normalize_text(rewrap_rows(text, 26, rng, page_every=30)).key == key
    assert normalize_text(swap_width(respace(repunctuate(text, rng), rng), rng)).key == key


def test_pdf_and_web_copies_of_one_text_share_a_key() -> None:
    """002 (PDF, full-width) laid out as a web page: half-width punctuation, no blank lines."""
    display = seed_result("002").display
    web = "\n".join(line.translate(str.maketrans("，（）：；", ",():;")) for line in display.split("\n"))
    assert normalize_text(web).key == seed_result("002").key
    pdf = rewrap_rows(web, 26, random.Random(2))
    assert normalize_text(pdf).key == seed_result("002").key


@PROPERTY
@given(name=seed_names, width=st.integers(min_value=6, max_value=60), salt=salts)
@example(name="004", width=52, salt=59)  # a page number after a line ending in ： was kept as text
@example(name="004", width=52, salt=831)  # page 4 before `人工智能` was kept as `4人`
@example(name="004", width=58, salt=2080996157)  # page 2 inside `9⏎月` was kept as `92月`
def test_rewrapped_copy_has_the_same_key(name: str, width: int, salt: int) -> None:
    rng = random.Random(salt)
    bare = width >= 14 and rng.random() < 0.4  # narrower bare rows are not told from paragraphs
    noisy = rewrap_rows(wrap_source(name), width, rng, page_every=rng.choice([0, 5, 25]),
                        bare=bare)
    assert normalize_text(noisy).key == seed_result(name).key


@PROPERTY
@given(name=seed_names, salt=salts)
def test_respaced_width_swapped_repunctuated_copy_has_the_same_key(name: str, salt: int) -> None:
    rng = random.Random(salt)
    noisy = swap_width(respace(repunctuate(seed_text(name), rng), rng), rng)
    assert normalize_text(noisy).key == seed_result(name).key


@PROPERTY
@given(name=seed_names, width=st.integers(min_value=10, max_value=40), salt=salts)
# a row of the title cut by the page edge (`江苏省经济和信息化委`) starts the signature beside a
# page number too: only a row that ends its paragraph is a title header
@example(name="000", width=10, salt=883)
def test_all_noise_together_keeps_the_key(name: str, width: int, salt: int) -> None:
    rng = random.Random(salt)
    noisy = swap_width(respace(repunctuate(wrap_source(name), rng), rng), rng)
    noisy = rewrap_rows(noisy, width, rng, page_every=9)
    assert normalize_text(noisy).key == seed_result(name).key


@PROPERTY
@given(name=seed_names, pick=st.integers(min_value=0, max_value=10**6), salt=salts)
def test_one_digit_edit_always_changes_the_key(name: str, pick: int, salt: int) -> None:
    rng = random.Random(salt)
    display = seed_result(name).display
    sites = fact_sites(display)
    edited = real_edit(display, sites[pick % len(sites)], rng)
    edited_key = normalize_text(edited).key
    assert edited_key != seed_result(name).key
    assert normalize_text(rewrap_rows(edited, 26, rng)).key == edited_key


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [("001", "给予最高1000万元资金支持", "给予最高1500万元资金支持"),
     ("002", "到2025年，南京国家人工智能", "到2026年，南京国家人工智能"),
     ("004", "全市人工智能产业规模超 40 亿元", "全市人工智能产业规模超 45 亿元"),
     ("003", "宁政办发〔2019〕37号", "宁政办发〔2019〕38号")],
)
def test_named_real_edits_in_raw_seeds_change_the_key(name: str, old: str, new: str) -> None:
    text = seed_text(name)
    assert old in text
    assert normalize_text(text.replace(old, new, 1)).key != seed_result(name).key
