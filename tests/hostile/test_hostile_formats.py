"""Hostile files of session 39: a DOCX declaring a 1 GiB part, billion laughs in ODT and OFD, PDFs
whose form XObjects nest 10,000 deep or draw each other 2^40 times. Each ends in a clear error or
a bounded result; the timeouts are hang guards, not timing asserts."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import ExtractRefused, extract
from tests.docxgen import make_docx_xml, p
from tests.extract.test_odf_packages import _NS, TEXT
from tests.ofdgen import NS, package, text_object
from tests.pdfgen import assemble

GIB = 1 << 30
# ten entities of ten: &j; is 10^10 characters if expanded
LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))


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
def test_a_billion_laughs_ofd_page_is_read_without_expanding_it():
    page = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE ofd:Page [{LAUGHS}]><ofd:Page xmlns:ofd="{NS}">'
            '<ofd:Content><ofd:Layer ID="5000">' + text_object(20, 30, "通知") + text_object(20, 50, "&j;")
            + "</ofd:Layer></ofd:Content></ofd:Page>").encode()
    doc = extract(package([page]), url="http://x.gov.cn/a.ofd", ocr=False)
    assert "通知" in doc.text and len(doc.text) < 100


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
    with pytest.raises(ExtractError, match=r"not a readable PDF: form XObjects nested over 64 deep"):
        extract(_forms(10_000, b"/X Do"), url="http://x.gov.cn/a.pdf", ocr=False)
    # forms nested as real files nest them (a letterhead in a template) still read
    assert extract(_forms(3, b"/X Do", font=True), url="http://x.gov.cn/a.pdf", ocr=False).text == "Notice"


@pytest.mark.timeout(120)
def test_forms_drawing_each_other_2_to_the_40_times_are_refused_by_their_count_not_by_the_clock():
    # forty forms each drawing the next twice: it ran until extract.timeout (two minutes)
    started = time.monotonic()
    with pytest.raises(ExtractError, match=r"a page draws over 5000 form XObjects") as refused:
        extract(_forms(40, b"/X Do /X Do", font=True), url="http://x.gov.cn/a.pdf", ocr=False)
    assert getattr(refused.value, "stopped_by", "") == ""  # the reader refused it, no limit stopped the child
    assert time.monotonic() - started < 60
