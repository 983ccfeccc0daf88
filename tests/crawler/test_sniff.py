"""sniff_format: magic bytes first, Content-Type and URL only as tie-breakers."""

from __future__ import annotations

import io

import pytest
from docx import Document

from policywatch.extract.sniff import sniff_format


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("第一条 为了规范管理，制定本办法。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ole_word_bytes() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "WordDocument".encode("utf-16-le") + b"\x00" * 100


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "text/html", "pdf"),
        (b"\r\n%PDF-1.4 junk before the header", "application/octet-stream", "pdf"),
        (ole_word_bytes(), "application/pdf", "doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/msword", "unknown"),  # e.g. an xls
        (b"PK\x03\x04not really a zip", "application/zip", "unknown"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "application/pdf", "html"),
        ("\ufeff<html><head><title>通知</title>".encode(), "", "html"),
        ("\ufeff<html><title>x</title>".encode("utf-16-le"), "", "html"),
        (b"  \n<!-- comment -->\n<div class='content'>x</div>", "text/html", "html"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "", "html"),
        (b'<?xml version="1.0" encoding="gbk"?><datastore><record/></datastore>', "text/html", "xml"),
        (b"<datastore><nextgroup>1</nextgroup></datastore>", "text/xml", "xml"),
        (b'{"data": [{"title": "x"}]}', "text/html", "json"),
        (b"[1, 2, 3]", "application/json", "json"),
        ("第一条 为了规范管理。".encode(), "text/plain", "text"),
        (b"[\xe6\xb3\xa8] note", "text/plain", "text"),
        (b"\x00\x01\x02\x03binary", "application/octet-stream", "unknown"),
        # RTF (an OA system's "Word" file) is a document, whatever it is labelled
        (b"{\\rtf1\\ansi\\ansicpg936\\deff0 \\'b5\\'da\\'d2\\'bb\\'cc\\'f5}", "application/msword", "doc"),
        (b"\xef\xbb\xbf\r\n{\\rtf1 text}", "text/plain", "doc"),
        # a web archive (Word's Single File Web Page), as Word and IE write their headers
        (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01D9"\r\n', "application/msword", "mht"),
        (b"From: <Saved by Windows Internet Explorer 8>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
         b'\ttype="text/html"\r\n', "", "mht"),
        (b"Note: MIME-Version: 1.0 and multipart/related are named in this text.\r\n", "text/plain", "text"),
        (b"", "text/html", "text"),
    ],
)
def test_sniff(body: bytes, content_type: str, expected: str) -> None:
    assert sniff_format(body, content_type) == expected


def test_docx_is_a_zip_with_word_parts() -> None:
    assert sniff_format(docx_bytes(), "application/msword") == "docx"


def _zip(members: dict[str, str]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


_CONTENT_TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Override ContentType="application/vnd.openxmlformats-officedocument.{kind}.main+xml" '
                  'PartName="/{part}"/></Types>')


@pytest.mark.parametrize("folder", ["ppt", "word", "xl"])
def test_a_bundle_with_a_folder_named_like_an_office_part_is_a_bundle(folder: str) -> None:
    # 培训材料.zip with ppt/第一讲课程安排.txt: read as a deck with no slides, every member was lost
    body = _zip({"关于举办培训班的通知.txt": "关于举办2024年政策培训班的通知", f"{folder}/第一讲课程安排.txt": "第一讲 政策解读"})
    assert sniff_format(body, "application/zip", "http://x.gov.cn/fj/培训材料.zip") == "zip"


def test_a_bundle_of_training_slides_reads_every_member() -> None:
    from policywatch.extract import extract

    body = _zip({"关于举办培训班的通知.txt": "关于举办2024年政策培训班的通知\n各单位：现将有关事项通知如下。",
                 "ppt/第一讲课程安排.txt": "第一讲 政策解读\n第二讲 案例分析"})
    doc = extract(body, url="http://x.gov.cn/fj/培训材料.zip", content_type="application/zip")
    assert doc.format == "zip" and "各单位：现将有关事项通知如下" in doc.text and "第二讲 案例分析" in doc.text


@pytest.mark.parametrize(("main", "kind", "expected"), [
    ("ppt/presentation.xml", "presentationml.presentation", "pptx"),
    ("xl/workbook.xml", "spreadsheetml.sheet", "xls"),
    ("word/document.xml", "wordprocessingml.document", "docx"),
    # a writer may name the main part otherwise: [Content_Types].xml says which it is
    ("word/document2.xml", "wordprocessingml.document", "docx"),
])
def test_an_office_package_is_known_by_its_main_part(main: str, kind: str, expected: str) -> None:
    body = _zip({"[Content_Types].xml": _CONTENT_TYPES.format(kind=kind, part=main), main: "<x/>"})
    assert sniff_format(body, "application/octet-stream") == expected


def test_a_declared_main_part_the_package_lacks_does_not_make_it_office() -> None:
    body = _zip({"[Content_Types].xml": _CONTENT_TYPES.format(kind="presentationml.presentation",
                                                              part="ppt/presentation.xml"), "ppt/a.txt": "x"})
    assert sniff_format(body, "application/zip") == "zip"
