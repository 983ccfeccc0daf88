"""PDF, DOCX, DOC and text extraction, and extract_file on local files."""

from __future__ import annotations

import os

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import extract, extract_file
from tests.govsite import DOCX_PARAGRAPHS, DOCX_TABLE, PDF_LINES, make_docx, make_pdf, make_scanned_pdf
from tests.hostile.bombs import one_page_pdf

# An OLE compound file header with a WordDocument stream name: sniffed as DOC, unreadable by antiword.
OLE_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "WordDocument".encode("utf-16-le") + b"\x00" * 400


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(PDF_LINES)


def test_pdf_text_layer_and_metadata_even_without_a_pdf_url(pdf_bytes):
    doc = extract(pdf_bytes, url="http://x.gov.cn/downloadfile.jsp?id=1", content_type="application/octet-stream")
    assert doc.format == "pdf" and not doc.needs_ocr
    assert doc.text.splitlines() == PDF_LINES
    assert doc.metadata.title == "江苏省新一代人工智能产业发展实施意见"
    assert doc.metadata.written_date == "2018-05-11"
    assert doc.metadata.issuer == "江苏省经济和信息化委员会"
    assert doc.metadata.doc_number == ""  # 国发〔2017〕35号 is cited inside a sentence, not this document's


def test_scanned_pdf_needs_ocr_and_says_why():
    doc = extract(make_scanned_pdf(), url="http://x.gov.cn/scan.pdf", content_type="application/pdf")
    assert doc.needs_ocr
    assert doc.text == ""
    assert "no text layer" in doc.warnings[0]


def test_broken_pdf_raises_extract_error_naming_the_url():
    with pytest.raises(ExtractError, match=r"broken\.pdf"):
        extract(b"%PDF-1.4\nthis is not really a pdf", url="http://x.gov.cn/broken.pdf")


def test_docx_paragraphs_and_tables_in_order():
    doc = extract(make_docx(DOCX_PARAGRAPHS, DOCX_TABLE), url="http://x.gov.cn/a.docx")
    assert doc.format == "docx"
    assert doc.text.splitlines() == [
        *DOCX_PARAGRAPHS, "指标\t2018年\t2020年", "产业规模（亿元）\t230\t1000", "江苏省经济和信息化委员会",
    ]
    assert doc.metadata.doc_number == "苏经信科技〔2018〕329号"
    assert doc.metadata.title == "关于《江苏省新一代人工智能产业发展实施意见》的起草说明"


def test_doc_without_antiword_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    ole = OLE_WORD
    with pytest.raises(ExtractError, match="apt-get install antiword"):
        extract(ole, url="http://x.gov.cn/old.doc")


@pytest.mark.skipif(not any(os.access(os.path.join(p, "antiword"), os.X_OK) for p in os.environ["PATH"].split(":")),
                    reason="antiword not installed")
def test_doc_that_antiword_cannot_read_is_an_extract_error():
    ole = OLE_WORD
    with pytest.raises(ExtractError, match="antiword cannot read"):
        extract(ole, url="http://x.gov.cn/old.doc")


def test_extract_file_by_magic_bytes_then_suffix(tmp_path, pdf_bytes):
    (tmp_path / "notice.bin").write_bytes(pdf_bytes)
    assert extract_file(tmp_path / "notice.bin").format == "pdf"
    (tmp_path / "a.docx").write_bytes(make_docx(DOCX_PARAGRAPHS, DOCX_TABLE))
    assert extract_file(str(tmp_path / "a.docx")).format == "docx"
    gbk = "宁政办发〔2019〕37号\n关于印发打造人工智能产业地标行动计划的通知\n一、总体要求\n".encode("gbk")
    (tmp_path / "plain.txt").write_bytes(gbk)
    doc = extract_file(tmp_path / "plain.txt")
    assert doc.format == "text"
    assert doc.metadata.doc_number == "宁政办发〔2019〕37号"
    assert doc.text.splitlines()[2] == "一、总体要求"
    (tmp_path / "page.htm").write_text("<p>第一条 本办法适用于全市人工智能企业。</p>", encoding="utf-8")
    assert extract_file(tmp_path / "page.htm").text == "第一条 本办法适用于全市人工智能企业。"


def test_a_text_file_with_an_office_name_is_read_as_the_text_it_is(tmp_path):
    """An export button's CSV named .xls, a text named .doc or .ofd: the bytes are text, so they are
    decoded as text. A CSV named .xls went to LibreOffice, which read UTF-8 and GBK as Latin-1
    (序号 → åºå·) and exit 0; without LibreOffice it was an error though the text was readable."""
    rows = ["序号,园区名称,资助金额", "1,宜城软件园,最高100万元"]
    for name, codec in (("名单.xls", "utf-8"), ("名单-gbk.et", "gbk"), ("通知.doc", "gb18030"), ("通知.ofd", "utf-8")):
        (tmp_path / name).write_bytes("\n".join(rows).encode(codec))
        doc = extract_file(tmp_path / name)
        assert doc.format == "text" and doc.text.splitlines() == rows, name


def test_extract_file_errors_name_the_file(tmp_path):
    with pytest.raises(ExtractError, match=r"missing\.pdf"):
        extract_file(tmp_path / "missing.pdf")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7 garbage")
    with pytest.raises(ExtractError, match=r"bad\.pdf"):
        extract_file(tmp_path / "bad.pdf")
    (tmp_path / "blob.dat").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ExtractError, match=r"blob\.dat"):
        extract_file(tmp_path / "blob.dat")


def _cid_pdf(*pages: list[list[tuple[bool, str]]]) -> bytes:
    """A PDF of these pages of lines, whose runs are (mapped, text): mapped ones in STSong-Light
    through the predefined UniGB-UCS2-H CMap, the others in an embedded-style Identity-H font
    without a ToUnicode CMap, as print-to-PDF drivers write Chinese fonts: its glyph ids map to
    no character."""
    streams = []
    for lines in pages:
        content = []
        for row, parts in enumerate(lines):
            content.append(f"BT 50 {800 - 24 * row} Td")
            for mapped, text in parts:
                codes = text.encode("utf-16-be").hex() if mapped else "".join(f"{0x100 + ord(ch) % 500:04x}" for ch in text)
                content.append(f"/F{1 if mapped else 2} 12 Tf <{codes}> Tj")
            content.append("ET")
        stream = "\n".join(content).encode()
        streams.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    descriptor = (b"<< /Type /FontDescriptor /FontName /%s /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
                  b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    page = b"/MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents %d 0 R"
    return one_page_pdf(page % 4, [
        streams[0],
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 2 >> /FontDescriptor 9 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [8 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 10 0 R >>",
        descriptor % b"STSong-Light",
        descriptor % b"ABCDEF+SimSun",
        *streams[1:],
    ], more_pages=tuple(page % (11 + n) for n in range(len(streams) - 1)))


def test_a_pdf_whose_fonts_map_no_characters_is_not_stored_as_cid_codes():
    # the whole layer in a font without ToUnicode: no text, a scan in all but name
    unmapped = _cid_pdf([[(False, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(False, "第二条 补贴标准为每人每月800元。")]])
    doc = extract(unmapped, url="http://x.gov.cn/print.pdf", ocr=False)
    assert doc.needs_ocr and doc.text == ""
    assert "map 41 of 41 glyphs to no character" in doc.warnings[0]
    # one unmapped glyph (a tick from a symbol font) in readable text: seen where it is
    mixed = _cid_pdf([[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")],
                      [(True, "第二条 符合条件的打"), (False, "√"), (True, "。")]])
    doc = extract(mixed, url="http://x.gov.cn/form.pdf", ocr=False)
    assert not doc.needs_ocr
    assert doc.text.splitlines() == ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 符合条件的打\ufffd。"]
    assert doc.warnings == ("1 glyph(s) map to no character (no ToUnicode CMap): read as \ufffd",)
    # one page printed through such a font among readable ones: that page needs OCR, the others
    # are read (the share over the whole document threw away all their text)
    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    printed = [[(False, "附件：就业补贴申请表填写说明及有关要求")]] * 6
    doc = extract(_cid_pdf(readable, printed, readable), url="http://x.gov.cn/mixed.pdf", ocr=False)
    assert not doc.needs_ocr
    assert doc.text.splitlines() == ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 补贴标准为每人每月800元。"] * 2
    assert doc.warnings == ("page 2: the text layer's fonts map 114 of 114 glyphs to no character (no ToUnicode "
                            "CMap): left out, it needs OCR", "page 2 not read: OCR is switched off for this source")


def _with_scanned_pages(body: bytes, at: tuple[int, ...], scans: list | None = None, *, onto: bool = False) -> bytes:
    """`body` with a page holding only an image (a scanned page: no text layer) inserted before
    each page index in `at` (0-based, in the new document): the PIL images `scans`, one a page,
    else a black band where a stamp would be. `onto`: the images go onto the pages at `at`
    instead, over what their text layer holds."""
    import io

    import pypdfium2
    from PIL import Image, ImageDraw

    pdf = pypdfium2.PdfDocument(body)
    band = Image.new("L", (600, 840), 255)
    ImageDraw.Draw(band).rectangle((60, 60, 540, 120), fill=0)
    for number, index in enumerate(at):
        scan = scans[number] if scans else band
        page = pdf[index] if onto else pdf.new_page(595, 842, index=index)
        image = pypdfium2.PdfImage.new(pdf)
        image.set_bitmap(pypdfium2.PdfBitmap.from_pil(scan))
        width, height = scan.size[0] * 72 / 150, scan.size[1] * 72 / 150  # as scanned at 150 dpi
        if not scans:
            width, height = 595, 842  # the whole sheet, as a scanner gives it
        image.set_matrix(pypdfium2.PdfMatrix().scale(width, height).translate(0, 842 - height))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_scanned_page_among_text_pages_is_named_as_left_out_not_silently_dropped():
    # a policy whose stamped signature page and appendix were scanned into the printed file:
    # without OCR those pages are not read, and the document says which ones
    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    body = _with_scanned_pages(_cid_pdf(readable, readable), at=(1, 3))
    doc = extract(body, url="http://x.gov.cn/stamped.pdf", ocr=False)
    assert not doc.needs_ocr
    assert doc.text.splitlines() == ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 补贴标准为每人每月800元。"] * 2
    assert doc.unread_pages == ((2, 2), (4, 4))
    assert doc.warnings == ("pages 2, 4: only images, no text layer (scanned): left out, they need OCR",
                            "pages 2, 4 not read: OCR is switched off for this source")


def test_a_scanned_page_with_a_stamped_page_number_is_a_scanned_page():
    # an OA system numbers the pages of the PDF it assembles (- 2 -) over the scanned ones: that
    # number was taken for the page's text layer, and the page's content was silently lost
    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    numbered = [[(True, "- 2 -")]]
    body = _with_scanned_pages(_cid_pdf(readable, numbered, readable), at=(1,), onto=True)
    doc = extract(body, url="http://x.gov.cn/stamped.pdf", ocr=False)
    assert doc.unread_pages == ((2, 2),) and "- 2 -" not in doc.text
    assert doc.warnings[0] == "page 2: only images, no text layer (scanned): left out, it needs OCR"
    # every page so: a scan, flagged needs_ocr, not stored as its page numbers
    body = _with_scanned_pages(_cid_pdf(numbered, [[(True, "- 3 -")]]), at=(0, 1), onto=True)
    doc = extract(body, url="http://x.gov.cn/scan.pdf", ocr=False)
    assert doc.needs_ocr and doc.text == ""
    # words beside a picture (a page with a photo or a chart and its caption) are kept
    captioned = [[(True, "图1 2023年全市就业补贴发放情况")]]
    body = _with_scanned_pages(_cid_pdf(readable, captioned), at=(1,), onto=True)
    doc = extract(body, url="http://x.gov.cn/chart.pdf", ocr=False)
    assert doc.text.splitlines()[-1] == "图1 2023年全市就业补贴发放情况" and not doc.unread_pages
    # a chart's caption and its rows of figures, a table of numbers on a full-page letterhead
    # image: few letters, but text, never taken for a scan's stamp (the page was dropped)
    for figures in ([[(True, "图1")], [(True, "2021 2022 2023")], [(True, "12.5 13.8 15.2")]],
                    [[(True, "1 320.5 12.3%")], [(True, "2 410.2 8.7%")], [(True, "合计 1243.6 15.2%")]],
                    [[(True, "1")], [(True, "2")], [(True, "3")], [(True, "4")]]):
        body = _with_scanned_pages(_cid_pdf(readable, figures), at=(1,), onto=True)
        doc = extract(body, url="http://x.gov.cn/chart.pdf", ocr=False)
        assert doc.text.splitlines()[2:] == [line for (_, line), in figures] and not doc.unread_pages
        assert doc.warnings == ()
    # a page number and a date stamped together are still a stamp
    body = _with_scanned_pages(_cid_pdf(readable, [[(True, "第2页 共3页")], [(True, "2023年5月6日")]]), at=(1,),
                               onto=True)
    assert extract(body, url="http://x.gov.cn/scan.pdf", ocr=False).unread_pages == ((2, 2),)


def test_a_pdf_page_of_readable_words_around_unmapped_boxes_is_kept():
    # a checklist page whose 有/无 boxes come from a symbol font without ToUnicode: its words are
    # text, kept with the boxes as U+FFFD (leaving the page out lost 营业执照, 身份证 and the rest)
    form = [[(True, "申报材料核对表（有 无）")]] + [[(True, item), (False, "口口")] for item in ("营业执照", "身份证", "申请书")]
    readable = [[(True, "第一条 为了规范就业补贴资金管理，制定本办法。")], [(True, "第二条 补贴标准为每人每月800元。")]]
    doc = extract(_cid_pdf(readable, form), url="http://x.gov.cn/notice.pdf", ocr=False)
    assert doc.text.splitlines()[2:] == ["申报材料核对表（有 无）", "营业执照\ufffd\ufffd", "身份证\ufffd\ufffd", "申请书\ufffd\ufffd"]
    assert not doc.needs_ocr and not doc.unread_pages
    assert doc.warnings == ("6 glyph(s) map to no character (no ToUnicode CMap): read as \ufffd",)
    # a page of a handful of mapped characters over unmapped ones is no text: left out
    doc = extract(_cid_pdf(readable, [[(True, "附件"), (False, "口口")]]), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.unread_pages == ((2, 2),) and len(doc.text.splitlines()) == 2
    # a table whose title and row names map to nothing, its figures in a font that maps: no text
    # a reader could follow (the figures alone), so left out for OCR, not stored as U+FFFD labels
    rows = [("一般公共预算收入", " 1234567.89 1200000.00 102.9%"), ("税收收入", " 987654.32 950000.00 104.0%"),
            ("非税收入", " 246913.57 250000.00 98.8%"), ("政府性基金预算收入", " 543210.98 500000.00 108.6%")]
    table = [[(False, "2023年全市财政预算执行情况表")]] + [[(False, name), (True, figures)] for name, figures in rows]
    doc = extract(_cid_pdf(readable, table), url="http://x.gov.cn/yusuan.pdf", ocr=False)
    assert [page for page, _ in doc.unread_pages] == [2] and len(doc.text.splitlines()) == 2


def test_a_damaged_or_encrypted_office_file_is_named_as_such(tmp_path):
    docx = make_docx(DOCX_PARAGRAPHS, DOCX_TABLE)
    cut = docx[: len(docx) // 2]  # a download cut off halfway: the ZIP directory is at the end
    with pytest.raises(ExtractError, match=r"a\.docx: a ZIP package .* damaged or cut short \(\d+ bytes\)"):
        extract(cut, url="http://x.gov.cn/a.docx", content_type="application/octet-stream")
    path = tmp_path / "附件.bin"
    path.write_bytes(cut)
    with pytest.raises(ExtractError, match=r"附件\.bin: a ZIP package .* damaged or cut short"):
        extract_file(path)
    # Office 2007+ encryption wraps the package in an OLE file of an EncryptionInfo and an EncryptedPackage stream
    encrypted = OLE_WORD[:8] + b"\x00" * 200 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ExtractError, match=r"b\.docx: a password-protected \(encrypted\) Office file"):
        extract(encrypted, url="http://x.gov.cn/b.docx", content_type="application/vnd.openxmlformats")


def _web_archive(html: str, *, ie: bool) -> bytes:
    """A Single File Web Page as Word writes it (base64 GB2312 page) or as IE saves one (an
    image part first, the page quoted-printable, folded headers)."""
    import base64
    import quopri

    page = html.encode("gb2312")
    if not ie:
        return ('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01D9"\r\n\r\n'
                "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
                "------=_NextPart_01D9\r\nContent-Location: file:///C:/D6B5/notice.htm\r\n"
                'Content-Transfer-Encoding: base64\r\nContent-Type: text/html; charset="gb2312"\r\n\r\n'
                + base64.encodebytes(page).decode() + "\r\n------=_NextPart_01D9--\r\n").encode()
    return ("From: <Saved by Windows Internet Explorer 8>\r\nSubject: notice\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="b1"\r\n\r\n'
            "--b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
            '--b1\r\nContent-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
            + quopri.encodestring(page).decode() + "\r\n--b1--\r\n").encode()


def test_a_web_archive_served_as_a_word_file_is_read_as_its_page(tmp_path):
    html = ("<html xmlns:w='urn:schemas-microsoft-com:office:word'><head><meta http-equiv=Content-Type "
            "content='text/html; charset=gb2312'></head><body>"
            + "".join(f"<p class=MsoNormal>{line}</p>" for line in DOCX_PARAGRAPHS[:3]) + "</body></html>")
    for ie in (False, True):
        body = _web_archive(html, ie=ie)
        doc = extract(body, url="http://x.gov.cn/fj/notice.doc", content_type="application/msword")
        assert doc.format == "mht" and doc.text.splitlines() == DOCX_PARAGRAPHS[:3]
        path = tmp_path / "notice.doc"
        path.write_bytes(body)
        assert extract_file(path).text == doc.text
    with pytest.raises(ExtractError, match="an MHT web archive with no HTML page"):
        extract(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nx\r\n--b--\r\n",
                url="http://x.gov.cn/fj/empty.mht")


def test_gbk_codes_drawn_in_a_latin_font_are_re_read_as_gbk():
    # old Chinese PDF producers draw GBK bytes in a one-byte TrueType font with no ToUnicode:
    # the text layer reads µÚÒ»Ìõ for 第一条; a line of real Latin text beside it is left alone
    lines = ["第一条 为了规范就业补贴资金管理，制定本办法。", "第二条 补贴标准为每人每月800元。"]
    shown = [(line.encode("gbk"), 1) for line in lines] + [("Müller Größe Straße".encode("latin-1"), 2)]
    content = " ".join(f"BT 50 {800 - 24 * row} Td /F{font} 12 Tf <{codes.hex()}> Tj ET"
                       for row, (codes, font) in enumerate(shown)).encode()
    font = b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    pdf = one_page_pdf(b"/MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R", [
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", font % b"SimSun", font % b"Arial"])
    doc = extract(pdf, url="http://x.gov.cn/old.pdf")
    assert doc.text.splitlines() == [*lines, "Müller Größe Straße"]
    assert doc.warnings == ("2 line(s) of GBK codes read through a Latin font encoding: re-read as GBK",)


def test_accented_latin_lines_beside_gbk_codes_are_not_re_read_as_gbk():
    # é followed by a letter is a GBK pair too (é v → 関): French and Spanish lines stay as they
    # are, in a document of Latin text alone and next to real GBK codes (第一条 with 镕, E9 46)
    latin = ["Accord de coopération économique entre la Chine et la France",
             "Développement économique régional européen, stratégie générale et intégration numérique",
             "Información pública: Cooperación económica y tecnológica"]
    gbk = ["第一条 朱镕基同志关于就业补贴资金管理的讲话，制定本办法。"]
    for lines, repaired in ((latin, 0), ([*gbk, *latin], 1)):
        shown = [(line.encode("gbk"), 1) if line in gbk else (line.encode("latin-1"), 2) for line in lines]
        content = " ".join(f"BT 50 {800 - 24 * row} Td /F{f} 12 Tf <{codes.hex()}> Tj ET"
                           for row, (codes, f) in enumerate(shown)).encode()
        font_obj = b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /Encoding /WinAnsiEncoding >>"
        pdf = one_page_pdf(b"/MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R", [
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            font_obj % b"SimSun", font_obj % b"Helvetica"])
        doc = extract(pdf, url="http://x.gov.cn/accord.pdf")
        assert doc.text.splitlines() == lines
        assert doc.warnings == ((f"{repaired} line(s) of GBK codes read through a Latin font encoding: re-read as GBK",)
                                if repaired else ())


def test_a_linked_presentation_is_an_attachment_reported_as_unread_not_passed_over():
    # a 培训课件 in WPS 演示 (.dps) or PowerPoint (.ppt) beside a notice: no reader ships, but the
    # link is an attachment, and its bytes say what it is (it was no link at all)
    from policywatch.extract.html import extract_html
    from tests.olegen import ole_file

    page = ('<html><body><div class="content"><p>第一条 为了规范补贴资金管理，制定本办法。</p>'
            '<p>附件1：<a href="/fj/P0201.dps">培训课件.dps</a></p><p>附件2：<a href="/fj/P0202.ppt">政策解读.ppt</a></p>'
            '</div></body></html>')
    links = extract_html(page, url="http://x.gov.cn/a.html").attachments
    assert [link.url for link in links] == ["http://x.gov.cn/fj/P0201.dps", "http://x.gov.cn/fj/P0202.ppt"]
    with pytest.raises(ExtractError, match=r"培训课件\.dps: a PowerPoint \(PPT, or WPS DPS\) presentation"):
        extract(ole_file("PowerPoint Document", b"\0" * 5000), url="http://x.gov.cn/fj/培训课件.dps")


@pytest.mark.parametrize("ocr", [False, True])
def test_a_zip_of_scans_nothing_reads_is_flagged_needs_ocr_as_a_scanned_pdf_is(ocr: bool) -> None:
    # OCR off, or on and finding nothing (a blank form): the bundle gave no text at all; it came
    # back as an empty ZIP document, not flagged, where the same scan alone is needs_ocr
    from tests.govsite import make_zip

    scan = make_scanned_pdf()
    if ocr:
        from policywatch.extract import ocr_engine

        if not ocr_engine():
            pytest.skip("no OCR engine")
    single = extract(scan, url="http://x.gov.cn/a.pdf", ocr=ocr)
    assert single.needs_ocr and not single.text
    bundle = extract(make_zip({"表一.pdf": scan, "表二.pdf": scan}, gbk_names=True), url="http://x.gov.cn/cl.zip",
                     ocr=ocr)
    assert bundle.needs_ocr and not bundle.text
    assert "no text in any member: 2 left to OCR gave none (cl.zip/表一.pdf, cl.zip/表二.pdf); needs OCR" \
        in bundle.warnings
    # text in one member: stored with it, the scan that gave none named in a warning
    mixed = extract(make_zip({"表一.pdf": scan, "说明.txt": "请于8月底前报送。".encode("gbk")}, gbk_names=True),
                    url="http://x.gov.cn/cl.zip", ocr=ocr)
    assert not mixed.needs_ocr and mixed.text.splitlines() == ["【cl.zip/说明.txt】", "请于8月底前报送。"]
    why = "found no text on 1 page(s)" if ocr else "not read: OCR is switched off for this source"
    assert any(w.startswith("cl.zip/表一.pdf: ") and why in w for w in mixed.warnings), mixed.warnings
