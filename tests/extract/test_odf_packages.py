"""An OpenDocument file is known by its `mimetype` member, whatever it is served or named as
(application/zip, 附件.zip, a download.jsp URL): an ODT was read as a ZIP bundle of its XML parts
(content.xml, styles.xml, manifest.xml under 【…】 headings); it reads as a text document, an ODS
as a workbook, and a kind no reader reads (a drawing) is named, not unpacked."""

from __future__ import annotations

import io
import zipfile

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import extract
from policywatch.extract.office import libreoffice

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"')
TEXT = "application/vnd.oasis.opendocument.text"
PARAGRAPHS = ["关于开展安全生产专项检查的通知", "第一条 各单位应当于6月30日前完成自查。"]


def odf(mimetype: str, body: str, namespaces: str = "") -> bytes:
    """An ODF package as LibreOffice writes one: `mimetype` first and stored, then the content."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", f"<office:document-content {_NS} {namespaces}><office:body>{body}</office:body>"
                                        "</office:document-content>")
        archive.writestr("META-INF/manifest.xml",
                         '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                         f'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                         f'"{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" '
                         'manifest:media-type="text/xml"/></manifest:manifest>')
    return out.getvalue()


def odt(paragraphs: list[str]) -> bytes:
    return odf(TEXT, "<office:text>" + "".join(f"<text:p>{line}</text:p>" for line in paragraphs) + "</office:text>")


def ods(rows: list[list[str]]) -> bytes:
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>' for cell in row)
        + "</table:table-row>" for row in rows)
    return odf("application/vnd.oasis.opendocument.spreadsheet",
               f'<office:spreadsheet><table:table table:name="汇总">{cells}</table:table></office:spreadsheet>')


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice (soffice) is not installed")
def test_an_odt_or_ods_served_as_a_zip_is_read_as_what_it_is():
    for url, content_type in (("http://x.gov.cn/down.jsp?id=3", "application/zip"),
                              ("http://x.gov.cn/附件.zip", "application/octet-stream")):
        doc = extract(odt(PARAGRAPHS), url=url, content_type=content_type, ocr=False)
        assert (doc.format, doc.text.splitlines(), doc.warnings) == ("doc", PARAGRAPHS, ())
        doc = extract(ods([["项目名称", "金额"], ["道路改造", "120"]]), url=url, content_type=content_type, ocr=False)
        assert (doc.format, doc.text.splitlines(), doc.warnings) == ("xls", ["项目名称\t金额", "道路改造\t120"], ())


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice (soffice) is not installed")
def test_an_odt_inside_a_bundle_is_a_document_and_a_drawing_is_named():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("通知.odt", odt(PARAGRAPHS))
        archive.writestr("图.odg", odf("application/vnd.oasis.opendocument.graphics", "<office:drawing/>"))
    doc = extract(out.getvalue(), url="http://x.gov.cn/b.zip", ocr=False)
    assert doc.text.splitlines() == ["【b.zip/通知.odt】", *PARAGRAPHS]
    assert doc.warnings == ("b.zip/图.odg: an OpenDocument file of type application/vnd.oasis.opendocument."
                            "graphics, a kind policywatch does not read (it reads ODT, ODS and ODP); not read",)


def test_an_odf_drawing_on_its_own_is_refused_by_name():
    with pytest.raises(ExtractError, match="OpenDocument file of type application/vnd.oasis.opendocument.graphics"):
        extract(odf("application/vnd.oasis.opendocument.graphics", "<office:drawing/>"),
                url="http://x.gov.cn/a.zip", ocr=False)


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_bundle_with_a_file_named_mimetype_is_a_bundle_not_an_odf_file(compression):
    # a `mimetype` member naming an ODF type, but no content.xml or manifest: taken for an ODT,
    # the bundle's PDF was lost (LibreOffice could not load it); and stored, the first member's
    # %PDF- header in the first KB read the whole ZIP as that one PDF, losing the rest
    from tests.pdfgen import layer_pdf

    pdf = layer_pdf([PARAGRAPHS])
    for members in ([("mimetype", TEXT.encode()), ("附件1.pdf", pdf)], [("附件1.pdf", pdf), ("附件2.pdf", pdf)]):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression) as archive:
            for name, data in members:
                archive.writestr(name, data)
        doc = extract(out.getvalue(), url="http://x.gov.cn/fj.zip", content_type="application/zip", ocr=False)
        assert doc.format == "zip"
        for name, _ in members:
            if name.endswith(".pdf"):
                at = doc.text.splitlines().index(f"【fj.zip/{name}】")
                assert doc.text.splitlines()[at + 1:at + 3] == PARAGRAPHS, name
