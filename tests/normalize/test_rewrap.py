"""A re-wrapped copy normalizes to the very same text and key: no text lost as a page number (issue 15).

Where paragraphs break may still differ (joining wrapped lines into paragraphs is layout's
job); the text itself, and so the comparison key, must not.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from policywatch.normalize import display_lines, normalize_text
from policywatch.normalize.furniture import drop_page_furniture, drop_toc

from .rewrap import rewrap

# 000 is a pdftotext copy already in short rows: the others are whole paragraphs per line
SEEDS = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("00[1-4]_*.txt"))


def test_a_number_cut_off_by_the_wrap_is_text_not_a_page_number() -> None:
    lines = ["（政策咨询部门：市科技局高新技术发展及产业化处，咨询电话：61886", "241", "）"]
    assert drop_page_furniture(lines) == lines
    sentence = ["对符合条件的项目给予最高", "100", "万元资助。"]
    assert drop_page_furniture(sentence) == sentence
    assert "咨询电话：61886241）" in "".join(display_lines("\n".join(lines)))


def test_a_page_number_between_paragraphs_still_goes() -> None:
    assert drop_page_furniture(["第一条 为了规范管理，制定本办法。", "12", "第二条 本办法适用于全市。"]) == [
        "第一条 为了规范管理，制定本办法。", "第二条 本办法适用于全市。"]
    # mid-sentence too, when nothing binds the number to its neighbours
    assert drop_page_furniture(["推动人工智能产业", "12", "高质量发展。"]) == ["推动人工智能产业", "高质量发展。"]


def test_after_a_colon_a_page_shaped_number_goes_and_a_longer_number_stays() -> None:
    # after `：` a page number is as likely as the rest of the sentence; a number of five digits
    # or more (a phone number) is never page-shaped, so it stays whatever precedes it
    assert drop_page_furniture(["各直属单位：", "3", "《关于推进人工智能发展的通知》"]) == [
        "各直属单位：", "《关于推进人工智能发展的通知》"]
    phone = ["咨询电话：", "61886241", "（市科技局）"]
    assert drop_page_furniture(phone) == phone


def test_a_number_continuing_the_page_numbering_is_a_page_number_whatever_its_neighbours() -> None:
    # `人` reads as a unit (`5⏎人`), but here it starts `人工智能`: page 4 follows page 3
    heading = ["特制定本行动计划。", "3", "（一）国内外发展态势", "4", "人工智能是指研究、模拟人类智能的技术科学。"]
    assert drop_page_furniture(heading) == [heading[0], heading[2], heading[4]]
    # a page break inside `9月`: the 2 before page 3 is page 2, not the rest of the month
    month = ["日本于2021年9", "2", "月成立日本数字厅。", "3", "第二条 本办法适用于全市。"]
    assert drop_page_furniture(month) == [month[0], month[2], month[4]]
    # a number out of the page sequence is still the text its neighbours make it
    amount = ["第一条 为了规范管理，制定本办法。", "3", "对符合条件的项目给予最高", "100", "万元资助。"]
    assert drop_page_furniture(amount) == [amount[0], *amount[2:]]


def test_a_toc_entry_cut_by_the_wrap_goes_with_its_block() -> None:
    toc = ["目录", "一、北京国家新一代人工智能创新发展试验区",
           "1. 北京市加快科技创新培育人工智能产业的指导意", "见.....6",
           "8. 深圳市新一代人工智能发展行动计划（2019—2023", "年）58",
           "10. 合肥建设国家新一代人工智能创新发展试验区实施方案（2020-2023年） 8", "7",
           "一、总体要求", "到2025年，人工智能核心产业规模达到100亿元。"]
    assert drop_toc(drop_page_furniture(toc)) == ["一、总体要求", "到2025年，人工智能核心产业规模达到100亿元。"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_re_wrapped_seed_normalizes_to_the_same_text(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    expected = normalize_text(text)
    for rng_seed in (1, 5):
        wrapped = rewrap(text, random.Random(rng_seed))
        assert wrapped != text
        got = normalize_text(wrapped)
        assert got.display.replace("\n", "") == expected.display.replace("\n", "")
        assert got.key == expected.key
