"""OCR of scanned PDFs and images (pages rendered by tests/scangen.py), and OCR noise vs the comparison key."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.diffing import diff_texts
from policywatch.extract import extract, ocr_engine
from policywatch.extract.ocr import tidy_line
from policywatch.normalize import comparison_key, normalize_text
from tests.scangen import (
    cer,
    font_available,
    image_pdf,
    png,
    rasterise,
    scanner_damage,
    text_band,
    text_pdf,
    wrap,
)

SEED = Path(__file__).parent.parent / "data" / "seeds" / "003_388d20438c39147f.txt"
needs_ocr_engine = pytest.mark.skipif(not ocr_engine() or not font_available(),
                                      reason="no OCR engine (pip install policywatch[ocr]) or no CJK font")


def _printed_lines(count: int) -> list[str]:
    display = normalize_text(SEED.read_text(encoding="utf-8")).display
    return wrap([line.strip() for line in display.splitlines() if line.strip() and "\t" not in line])[:count]


@pytest.fixture(scope="module")
def scanned_page():
    lines = _printed_lines(10)
    return lines, scanner_damage(text_band(rasterise(text_pdf(lines), 200)[0], len(lines)))


@needs_ocr_engine
@pytest.mark.slow
def test_a_scanned_pdf_is_recognised_and_the_version_says_its_text_came_from_ocr(scanned_page):
    lines, image = scanned_page
    scan = image_pdf([image], 200)
    doc = extract(scan, url="http://x.gov.cn/fj/scan.pdf")
    assert doc.format == "pdf" and not doc.needs_ocr
    assert doc.metadata.text_source == f"ocr:{ocr_engine()}"
    assert cer("\n".join(lines), doc.text) <= 0.02, doc.text
    assert doc.metadata.doc_number == "宁政办发〔2019〕37号"  # metadata read from recognised text too
    off = extract(scan, url="http://x.gov.cn/fj/scan.pdf", ocr=False)
    assert off.needs_ocr and off.text == "" and "no text layer" in off.warnings[0]


@needs_ocr_engine
@pytest.mark.slow
def test_an_image_attachment_is_recognised(scanned_page):
    _lines, image = scanned_page
    top = image.crop((0, 0, image.width, image.height // 3))  # the first lines, to keep CPU low
    doc = extract(png(top), url="http://x.gov.cn/fj/notice.png", content_type="image/png")
    assert doc.format == "image" and doc.metadata.text_source.startswith("ocr:")
    assert "南京市人民政府办公厅关于印发打造人工智能产业地标行动计划" in doc.text.replace("\n", "")


def test_an_image_without_ocr_is_flagged_not_stored_empty(scanned_page):
    _lines, image = scanned_page
    doc = extract(png(image.crop((0, 0, 200, 100))), url="http://x.gov.cn/a.png", ocr=False)
    assert doc.format == "image" and doc.needs_ocr and doc.text == ""


# What two recognitions of the same scan (or two engines) differ in: bracket and comma shapes,
# spaces between characters, O for 0 among digits, and where a printed line was cut.
FIRST_READING = """宁政办发【2019】37号
各区人民政府，市府各委办局，市各直属单位：
经市政府同意，现将《南京市打造人工智能产业地标行动计划》印发给
你们，请认真组织实施。
到2020年，人工智能产业规模超过5O0亿元。"""
SECOND_READING = """宁政办发〔2O19〕37号
各区人民政府, 市府各委办局, 市各直属单位:
经市 政府 同意,现将《南京市打造人工智能产业地标行动计划》印发给你们,
请认真组织实施。
到2020年,人工智能产业规模超过500亿元。"""
TEXT_LAYER = """宁政办发〔2019〕37号
各区人民政府，市府各委办局，市各直属单位：
经市政府同意，现将《南京市打造人工智能产业地标行动计划》印发给你们，请认真组织实施。
到2020年，人工智能产业规模超过800亿元。"""


def _as_recognised(text: str) -> str:
    return "\n".join(tidy_line(line) for line in text.splitlines())


def test_the_same_scan_recognised_twice_with_small_confusions_has_one_comparison_key():
    first, second = _as_recognised(FIRST_READING), _as_recognised(SECOND_READING)
    assert comparison_key(normalize_text(first).display) == comparison_key(normalize_text(second).display)
    assert diff_texts(first, second).is_empty


def test_an_ocr_text_against_the_publishers_later_text_layer_reports_only_the_real_edit():
    changeset = diff_texts(_as_recognised(SECOND_READING), TEXT_LAYER)
    assert len(changeset.changes) == 1
    change = changeset.changes[0]
    assert "500亿元" in change.old_text and "800亿元" in change.new_text
