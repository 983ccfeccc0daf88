"""Hostile files of session 39: a DOCX declaring a 1 GiB part, billion laughs in ODT and OFD, PDFs
whose form XObjects nest 10,000 deep or draw each other 2^40 times. Each ends in a clear error or
a bounded result; the timeouts are hang guards, not timing asserts."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import ExtractRefused, extract, ocr_engine
from tests.docxgen import make_docx_xml, p
from tests.extract.test_odf_packages import _NS, TEXT
from tests.hostile.bombs import LAUGHS, ofd_page
from tests.pdfgen import assemble

GIB = 1 << 30


def _declaring(body: bytes, member: str, size: int) -> bytes:
    """`body` (a ZIP) with `member`'s uncompressed size in the central directory set to `size`."""
    out = bytearray(body)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46:at + 46 + name_length] == member.encode():
            struct.pack_into("<I", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.timeout(120)
def test_a_docx_declaring_a_1_gib_part_is_refused_from_its_directory_before_inflating():
    body = _declaring(make_docx_xml(p("第一条 为了加强管理，制定本办法。")), "word/document.xml", GIB)
    assert zipfile.ZipFile(io.BytesIO(body)).getinfo("word/document.xml").file_size == GIB
    started = time.process_time()
    with pytest.raises(ExtractRefused, match="extract.max_zip_ratio|extract.max_unzipped_bytes") as refused:
        extract(body, url="http://x.gov.cn/a.docx", ocr=False)
    assert refused.value.outcome == "too_large"
    assert time.process_time() - started < 2.0  # nothing inflated in this process


@pytest.mark.timeout(120)
def test_a_billion_laughs_odt_is_an_error_not_an_expansion():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), TEXT)
        archive.writestr("content.xml", f'<?xml version="1.0"?><!DOCTYPE office:document-content [{LAUGHS}]>'
                                        f"<office:document-content {_NS}><office:body><office:text>"
                                        "<text:p>通知 &j;</text:p></office:text></office:body></office:document-content>")
    with pytest.raises(ExtractError, match=r"a\.odt: "):
        extract(out.getvalue(), url="http://x.gov.cn/a.odt", ocr=False)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("code", ["&j;", "&amp;j;", "第一条"])
def test_a_billion_laughs_ofd_page_is_refused_whether_its_text_uses_the_entities_or_not(code: str):
    # declared but unused (the page's text the characters `&j;`), it was read as that text: a
    # bomb half read in silence; used, it was "not well-formed XML", no refusal
    with pytest.raises(ExtractRefused, match=r"a\.ofd: OFD part .*Content\.xml declares XML entities expanding past "
                                             r"1000000 characters .*entity-expansion bomb") as refused:
        extract(ofd_page(LAUGHS, code), url="http://x.gov.cn/a.ofd", ocr=False)
    assert refused.value.outcome == "too_large" and refused.value.stopped_by == ""


@pytest.mark.timeout(120)
def test_an_ofd_entity_of_a_name_is_read_and_an_external_one_never_loaded(tmp_path):
    doc = extract(ofd_page('<!ENTITY org "某市人民政府">', "&org;办公室"), url="http://x.gov.cn/a.ofd", ocr=False)
    assert doc.text == "通知\n某市人民政府办公室"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"a\.ofd: OFD part .* not well-formed XML: Entity 'x' not defined"):
        extract(ofd_page(f'<!ENTITY x SYSTEM "{secret.as_uri()}">', "&x;"), url="http://x.gov.cn/a.ofd", ocr=False)


def _forms(count: int, content: bytes, *, font: bool = False) -> bytes:
    """A one-page PDF whose page draws form 1, each form drawing the next by `content`, the last
    one writing `Notice` in Helvetica."""
    font_res = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>" if font else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >> "
               b"/Contents 4 0 R >>", b"<< /Length 5 >>\nstream\n/X Do\nendstream"]
    for n in range(count):
        last = n == count - 1
        data = b"BT /F1 12 Tf 72 700 Td (Notice) Tj ET" if last else content
        resources = font_res if last else f"/XObject << /X {6 + n} 0 R >>".encode()
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << " + resources
                       + f" >> /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")
    return assemble(objects)


@pytest.mark.timeout(120)
def test_form_xobjects_nested_10000_deep_are_refused_by_their_depth_not_by_python():
    # it ended in "maximum recursion depth exceeded", Python's words, not the file's fault named
    with pytest.raises(ExtractError, match=r"not a readable PDF: page 1: form XObjects nested over 64 deep"):
        extract(_forms(10_000, b"/X Do"), url="http://x.gov.cn/a.pdf", ocr=False)
    # forms nested as real files nest them (a letterhead in a template) still read
    assert extract(_forms(3, b"/X Do", font=True), url="http://x.gov.cn/a.pdf", ocr=False).text == "Notice"


@pytest.mark.timeout(120)
def test_forms_drawing_each_other_2_to_the_40_times_are_refused_by_their_count_not_by_the_clock():
    # forty forms each drawing the next twice: it ran until extract.timeout (two minutes)
    started = time.monotonic()
    with pytest.raises(ExtractError, match=r"page 1: its form XObjects are drawn over 25000 times") as refused:
        extract(_forms(40, b"/X Do /X Do", font=True), url="http://x.gov.cn/a.pdf", ocr=False)
    assert getattr(refused.value, "stopped_by", "") == ""  # the reader refused it, no limit stopped the child
    assert time.monotonic() - started < 60


def _flat_and_bomb(flat_draws: int) -> bytes:
    """Two pages: the first draws one small form `flat_draws` times from its own content (a table
    of check boxes) under a line of text; the second draws forty forms each drawing the next twice."""
    font = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
    box = b"0 0 5 5 re S"
    flat = b"BT /F1 12 Tf 50 800 Td (Checkboxes) Tj ET\n" + b"\n".join(
        b"q 1 0 0 1 %d %d cm /B Do Q" % (20 + (n % 100) * 5, 780 - (n // 100) * 6) for n in range(flat_draws))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + font
               + b" /XObject << /B 7 0 R >> >> /Contents 5 0 R >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 8 0 R >> >> "
               b"/Contents 6 0 R >>",
               f"<< /Length {len(flat)} >>\nstream\n".encode() + flat + b"\nendstream",
               b"<< /Length 5 >>\nstream\n/X Do\nendstream",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 6 6] /Length %d >>\nstream\n" % len(box) + box
               + b"\nendstream"]
    for n in range(40):
        data = box if n == 39 else b"/X Do /X Do"
        resources = b"" if n == 39 else f"/XObject << /X {9 + n} 0 R >>".encode()
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << " + resources
                       + f" >> /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")
    return assemble(objects)


@pytest.mark.timeout(120)
def test_a_page_drawing_one_form_thousands_of_times_is_read_and_a_form_bomb_page_left_out_alone():
    # only drawings from inside forms multiply: a flat page drawing its check box 6,000 times was
    # refused with the whole file, and a bomb on one page lost every other page's text
    doc = extract(_flat_and_bomb(6_000), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.text.startswith("Checkboxes")
    assert doc.warnings == ("page 2: its form XObjects are drawn over 25000 times (forms drawing forms over and "
                            "over): left out",)


def _page_of_forms(content: bytes, forms: list[bytes], *, scan: bool = False) -> bytes:
    """A PDF whose first page shows `content` with Helvetica as /F1 and forms /F0…/Fn (form k may
    draw /F{k+1}); with `scan`, a second page that is one full-page image and no text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R%s] /Count %d >>" % ((b" 4 0 R", 2) if scan else (b"", 1))]
    first = 4 + scan  # the objects after the pages: page 1's content, then the forms
    names = b" ".join(b"/F%d %d 0 R" % (n, first + 1 + n) for n in range(len(forms)))
    objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type "
                   b"/Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << " + names + b" >> >> /Contents "
                   b"%d 0 R >>" % first)
    if scan:
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im "
                       b"%d 0 R >> >> /Contents %d 0 R >>" % (first + 2 + len(forms), first + 1 + len(forms)))
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    for n, data in enumerate(forms):
        inner = b"/XObject << /F%d %d 0 R >>" % (n + 1, first + 2 + n) if n + 1 < len(forms) else b""
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 60 12] /Resources << " + inner
                       + b" >> /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    if scan:
        image = zlib.compress(bytes([200]) * 200 * 200)
        objects.append(b"<< /Length 29 >>\nstream\nq 595 0 0 842 0 0 cm /Im Do Q\nendstream")
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 200 /Height 200 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image
                       + b"\nendstream")
    return assemble(objects)


@pytest.mark.timeout(120)
def test_a_table_whose_600_cells_are_each_drawn_through_ten_nested_forms_is_read():
    # counted by depth, its 5,400 drawings from inside forms refused the page; main read it in 3 s
    cells = b"\n".join(b"q 1 0 0 1 %d %d cm /F0 Do Q BT /F1 5 Tf %d %d Td (cell %d) Tj ET"
                       % (20 + n % 10 * 55, 790 - n // 10 * 12, 22 + n % 10 * 55, 793 - n // 10 * 12, n)
                       for n in range(600))
    chain = [b"q 1 0 0 1 0 0 cm /F%d Do Q" % (n + 1) for n in range(9)] + [b"0 0 50 10 re S"]
    doc = extract(_page_of_forms(cells, chain), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.text.count("cell ") == 600 and not doc.warnings


@pytest.mark.timeout(120)
def test_a_page_inside_one_wrapper_form_drawing_a_box_6000_times_is_read():
    boxes = b"BT /F1 12 Tf 50 800 Td (Checkboxes) Tj ET\n" + b"\n".join(
        b"q 1 0 0 1 %d %d cm /F1 Do Q" % (20 + n % 100 * 5, 780 - n // 100 * 6) for n in range(6_000))
    # the wrapper's text needs the font: the page's resources are inherited by forms without their own
    doc = extract(_page_of_forms(b"/F0 Do", [boxes, b"0 0 5 5 re S"]), url="http://x.gov.cn/a.pdf", ocr=False)
    assert not doc.warnings


@pytest.mark.timeout(120)
def test_a_form_bomb_page_beside_a_scanned_page_needs_ocr_not_refused():
    # with no text left the file was refused as unreadable, though its scanned page can be read by OCR
    bomb = [b"/F%d Do /F%d Do" % (n + 1, n + 1) for n in range(39)] + [b"0 0 5 5 re S"]
    doc = extract(_page_of_forms(b"/F0 Do", bomb, scan=True), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.needs_ocr and doc.text == ""
    assert doc.unread_pages == ((2, 0),)  # OCR renders the scan alone: rendering the bomb page aborted the child
    assert doc.warnings[1] == ("page 1: its form XObjects are drawn over 25000 times (forms drawing forms over and "
                               "over): left out")


def _bomb_beside_scan() -> bytes:
    bomb = [b"/F%d Do /F%d Do" % (n + 1, n + 1) for n in range(39)] + [b"0 0 5 5 re S"]
    return _page_of_forms(b"/F0 Do", bomb, scan=True)


def _zipped(name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.timeout(120)
def test_a_zipped_bomb_page_beside_a_scanned_page_leaves_the_bomb_out_of_ocr_as_the_pdf_alone_does():
    # the member was a whole scan to OCR: its bomb page rendered again, in the OCR child
    alone = extract(_bomb_beside_scan(), url="http://x.gov.cn/a.pdf", ocr=False)
    bundled = extract(_zipped("a.pdf", _bomb_beside_scan()), url="http://x.gov.cn/b.zip", ocr=False)
    assert bundled.unread_members == (("b.zip/a.pdf", ("a.pdf",), alone.unread_pages, 0),)
    assert bundled.text == "" and "b.zip/a.pdf: page 1: its form XObjects are drawn over 25000 times" in "\n".join(
        bundled.warnings)
    # nothing read at all: needs_ocr, as the PDF alone is, the member named
    assert alone.needs_ocr and bundled.needs_ocr
    assert bundled.warnings[-2:] == ("b.zip/a.pdf: page 2 not read: OCR is switched off for this source",
                                     "no text in any member: 1 left to OCR gave none (b.zip/a.pdf); needs OCR")


@pytest.mark.timeout(600)
@pytest.mark.skipif(not ocr_engine(), reason="no OCR engine installed")
def test_a_zipped_bomb_page_beside_a_scanned_page_is_recognised_page_by_page_as_the_pdf_alone_is():
    alone = extract(_bomb_beside_scan(), url="http://x.gov.cn/a.pdf")
    bundled = extract(_zipped("a.pdf", _bomb_beside_scan()), url="http://x.gov.cn/b.zip")
    prefix = "b.zip/a.pdf: "
    assert [w for w in bundled.warnings if "page 1" in w or "page 2" in w] == [
        prefix + w for w in alone.warnings if w.startswith(("page 1", "page 2"))]
    assert not any("memory" in w or "ended by" in w for w in bundled.warnings)
