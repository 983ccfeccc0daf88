"""A PDF whose text layer is garbage (a bad OCR's symbol soup, private-use or replacement
characters, UTF-8 read through a Latin code page) is a scan: its pages go to OCR, or are named
as not read, instead of being stored and diffed as text (each new misreading of the same page
would be reported as an edit)."""

from __future__ import annotations

from policywatch.extract import extract
from tests.pdfgen import layer_pdf

GOOD = ["关于进一步加强安全生产工作的通知", "第一条 为了加强安全生产工作，防止和减少生产安全事故，制定本办法。",
        "第二条 各单位应当在2024年5月1日前完成自查（见附件1）。"]
ENGLISH = ["Notice on Further Strengthening Work Safety", "Article 1 These measures are formulated to prevent "
           "accidents.", "GDP grew by 5.2% in Q1 (CPI 0.3%), see Annex 2."]
GARBAGE = {
    "private use": ["".join(chr(0xE000 + (row * 7 + n) % 300) for n in range(30)) for row in range(3)],
    "replacement": ["\ufffd\ufffd第\ufffd\ufffd\ufffd条\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd" * 2] * 3,
    "bad OCR soup": ["#1T'1<1W~1~..t~fflZ1t)J~~:!:~1f ~ ;f! ,1 ~I |l^ lJ", "iJ ~ ff lI1 ~~ ,~ Jl{ l'.: ;f! ,1 ~I rn~",
                     "JT~. l~ .~! =~ 1l | ~ ~ % I~ ~ ' ~"],
    "UTF-8 read as cp1252": [line.encode("utf-8").decode("cp1252", "replace") for line in GOOD],
}


def test_a_pdf_whose_only_text_layer_is_garbage_is_a_scan():
    for kind, page in GARBAGE.items():
        doc = extract(layer_pdf([page]), url="http://x.gov.cn/a.pdf", ocr=False)
        assert doc.needs_ocr and doc.text == "", kind
        assert doc.warnings[0].startswith("the text layer is garbage ("), kind
        assert doc.warnings[-1] == "OCR is switched off for this source", kind


def test_a_garbage_page_among_text_pages_is_left_out_for_ocr_in_its_place():
    doc = extract(layer_pdf([GOOD, GARBAGE["bad OCR soup"], ENGLISH]), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.text.splitlines() == GOOD + ENGLISH
    assert doc.unread_pages == ((2, 3),)
    assert doc.warnings[0].startswith("page 2: the text layer is garbage (")
    assert doc.warnings[-1] == "page 2 not read: OCR is switched off for this source"


def test_chinese_and_english_text_layers_are_text():
    # the heuristic's other side: ordinary prose, figures, abbreviations and CJK punctuation
    for page in (GOOD, ENGLISH, ["表1 2023年各区PM2.5年均浓度（μg/m³）", "区名 浓度 同比", "东城区 32 -5.9%",
                                 "西城区 31 -6.1%", "朝阳区 34 -2.9%"]):
        doc = extract(layer_pdf([page]), url="http://x.gov.cn/a.pdf", ocr=False)
        assert not doc.needs_ocr and doc.warnings == () and doc.text.splitlines() == page
