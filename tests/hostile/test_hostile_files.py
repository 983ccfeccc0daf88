"""Files an outside evaluator would throw at the extractors: each gives a clear error or a capped
result, never a hang or an exhausted machine. The timeouts are hang guards, not timing asserts."""

from __future__ import annotations

import io
import zipfile

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import ExtractRefused, extract
from tests.docxgen import make_docx_xml, p
from tests.pdfgen import assemble

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with_document(xml: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(make_docx_xml(p("关于印发通知的通知"))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


@pytest.mark.timeout(120)
def test_a_docx_with_a_billion_laughs_entity_is_refused_not_expanded():
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {_W}><w:body><w:p><w:r>'
           "<w:t>&j;</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(ExtractError, match="not a readable DOCX file: .*entity"):
        extract(_docx_with_document(xml), url="http://x.gov.cn/a.docx", ocr=False)


@pytest.mark.timeout(120)
def test_a_docx_cut_short_is_named_as_damaged():
    whole = make_docx_xml(p("第一条 为了加强管理，制定本办法。" * 50))
    for cut in (len(whole) // 2, len(whole) - 30):
        with pytest.raises(ExtractError, match=r"a ZIP package .* damaged or cut short"):
            extract(whole[:cut], url="http://x.gov.cn/a.docx", ocr=False)


@pytest.mark.timeout(120)
def test_zip_bombs_are_refused_or_capped():
    ratio = io.BytesIO()
    with zipfile.ZipFile(ratio, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"0" * 200_000_000)
    with pytest.raises(ExtractRefused, match="inflates .*extract.max_zip_ratio") as refused:
        extract(ratio.getvalue(), url="http://x.gov.cn/a.zip", ocr=False)
    assert refused.value.outcome == "too_large"
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(20_000):
            archive.writestr(f"{n}.txt", b"x")
    with pytest.raises(ExtractRefused, match="holds 20000 files, more than extract.max_zip_members"):
        extract(many.getvalue(), url="http://x.gov.cn/a.zip", ocr=False)
    nested = "通知正文".encode()
    for level in range(12):  # ten members a level, twelve levels: 10^12 files if followed
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for n in range(10):
                archive.writestr(f"{n}.zip" if level else f"{n}.txt", nested)
        nested = out.getvalue()
    doc = extract(nested, url="http://x.gov.cn/a.zip", ocr=False)
    assert doc.text == ""
    # one warning per cause, not 111: the hundred ZIPs past the depth limit counted in one, the ten
    # bundles that held only those in another, and the bundle itself
    assert doc.warnings == (
        "a ZIP nested deeper than 2 levels (extract.max_zip_depth); not read (100 members: a.zip/0.zip/0.zip, "
        "a.zip/0.zip/1.zip, a.zip/0.zip/2.zip, a.zip/0.zip/3.zip, a.zip/0.zip/4.zip, and 95 more)",
        "no member of the ZIP could be read (10 members: a.zip/0.zip, a.zip/1.zip, a.zip/2.zip, a.zip/3.zip, "
        "a.zip/4.zip, and 5 more)",
        "a.zip: no member of the ZIP could be read")


def _pages(count: int) -> list[bytes]:
    kids = " ".join(f"{3 + n} 0 R" for n in range(count))
    return [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
            *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count]


@pytest.mark.timeout(300)
def test_a_pdf_of_100000_pages_is_refused_by_its_count():
    with pytest.raises(ExtractRefused, match="100000 pages, more than extract.max_pdf_pages"):
        extract(assemble(_pages(100_000)), url="http://x.gov.cn/a.pdf", ocr=False)
    # a tree whose count lies low is refused by its pages listed, up to one past the limit
    lying = _pages(100_000)
    lying[1] = lying[1].replace(b"/Count 100000", b"/Count 1")
    with pytest.raises(ExtractRefused, match=r"over 2000 pages, more than extract.max_pdf_pages \(2000\)"):
        extract(assemble(lying), url="http://x.gov.cn/a.pdf", ocr=False)


def test_a_pdf_whose_count_lies_high_is_read_by_the_pages_it_lists():
    # a 3-page notice whose page tree says /Count 3000 was refused unread as "3000 pages"
    lying = _pages(3)
    lying[1] = lying[1].replace(b"/Count 3", b"/Count 3000")
    doc = extract(assemble(lying), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.needs_ocr and doc.warnings[0] == "no text layer on 3 page(s) (0 image(s)): needs OCR"


@pytest.mark.timeout(120)
def test_a_pdf_whose_references_loop_is_refused_at_once_not_spun_until_the_cpu_limit():
    # object 4 is `5 0 R` and 5 is `4 0 R`: pdfminer followed the two round until the child's
    # CPU limit (a minute) ended it, with no word of why
    cycle = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R /Contents 4 0 R >>",
             b"5 0 R", b"4 0 R"]
    with pytest.raises(ExtractError, match="chain of references longer than 64 .a reference cycle.") as refused:
        extract(assemble(cycle), url="http://x.gov.cn/a.pdf", ocr=False)
    assert getattr(refused.value, "stopped_by", "") == ""
    # a page tree whose node is its own kid, and one 5,000 levels deep
    own_kid = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    assert extract(assemble(own_kid), url="http://x.gov.cn/a.pdf", ocr=False).needs_ocr
    deep = [b"<< /Type /Catalog /Pages 2 0 R >>",
            *[f"<< /Type /Pages /Kids [{n + 3} 0 R] /Count 1 >>".encode() for n in range(5000)],
            b"<< /Type /Page /MediaBox [0 0 595 842] >>"]
    with pytest.raises(ExtractError, match="not a readable PDF: maximum recursion depth|nested too deeply to read"):
        extract(assemble(deep), url="http://x.gov.cn/a.pdf", ocr=False)


@pytest.mark.timeout(180)
def test_a_50_mb_page_nested_100000_deep_is_refused_by_its_size_not_crashed():
    # the child building its tree ran into the memory limit inside lxml (SIGSEGV), reported as a
    # crash of the reader ("unsupported"), seconds later; it is a page too large, said at once
    unit = "<p>填充</p>"
    page = ("<html><body>" + "<div>" * 100_000 + "通知正文" + "</div>" * 100_000
            + unit * (50_000_000 // len(unit.encode())) + "</body></html>")
    with pytest.raises(ExtractRefused, match=r"a page of \d+ tags, whose tree would need several times the extraction "
                                             r"child's memory limit \(extract.memory_mb = 1024 MiB\)") as refused:
        extract(page.encode(), url="http://x.gov.cn/a.html", content_type="text/html", ocr=False)
    assert refused.value.outcome == "too_large"
    # nested as deep without the bulk it reads (in the child: it is over a million characters)
    deep = "<html><body>" + "<div>" * 100_000 + "通知正文" + "</div>" * 100_000 + "</body></html>"
    assert extract(deep.encode(), url="http://x.gov.cn/a.html", content_type="text/html").text == "通知正文"
