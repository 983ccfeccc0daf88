"""A body's format from its magic bytes first, then the Content-Type and URL as tie-breakers.

Government servers label PDFs as ``application/octet-stream``, DOCX as ``application/msword``
and error pages as ``application/pdf``; the bytes are what count. An RTF file (what "save as
Word" gave in many OA systems, served as .doc or application/msword) is text by its bytes but a
document by its markup: it is `doc`, read by the Word reader, not its control words as text.
"""

from __future__ import annotations

import re

from policywatch.lazyre import LazyRegex

__all__ = ["FORMATS", "RTF_MAGIC", "TEXT_FORMATS", "sniff_format", "unknown_reason"]

FORMATS = ("html", "pdf", "docx", "doc", "ofd", "xls", "pptx", "zip", "rar", "7z", "image", "mht", "json", "xml",
           "text", "unknown")
TEXT_FORMATS = frozenset({"html", "xml", "json", "text"})

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
# archives policywatch has no reader for: named, so a bundle is reported unread, not "unknown"
_ARCHIVE_MAGIC = ((b"Rar!\x1a\x07", "rar"), (b"7z\xbc\xaf\x27\x1c", "7z"))
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HTML_RE = LazyRegex(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|table|script|a\s|span|br|h[1-6])\b", re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# MIME headers open the body (From:, Subject:, MIME-Version: ...), and name MIME-Version among them
_MHT_RE = LazyRegex(rb"(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?MIME-Version:", re.I)
_WINDOW = 2048


def sniff_format(body: bytes, content_type: str = "", url: str = "") -> str:
    """html, pdf, docx, doc, ofd, xls, pptx, zip, rar, 7z, image, mht, json, xml, text or unknown.

    >>> sniff_format(b"%PDF-1.7 ...", "text/html")
    'pdf'
    """
    head = body[:_WINDOW]
    if b"%PDF-" in body[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(body)
    archive = next((kind for magic, kind in _ARCHIVE_MAGIC if head.startswith(magic)), "")
    if archive:
        return archive
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(_OLE_MAGIC):
        return _ole_format(body[:1_000_000])
    text_head = _text_head(head)
    if text_head is None:
        return "unknown"
    if text_head.startswith(RTF_MAGIC):
        return "doc"
    if _MHT_RE.match(text_head) and b"multipart/related" in text_head.lower():
        return "mht"  # a web archive (Word's Single File Web Page): MIME headers, then the page encoded
    return _text_format(text_head, content_type.lower(), url.lower())


def unknown_reason(body: bytes) -> str:
    """Why a body sniffed `unknown` cannot be read, as far as its bytes still tell ("" when they
    tell nothing): an Office file cut short by a dropped download or damaged on the server read
    "unsupported format (application/octet-stream)", which names neither the file's kind nor
    its problem."""
    if body.startswith(b"PK\x03\x04"):
        return (f"a ZIP package (DOCX, XLSX, PPTX, OFD or a bundle) whose directory cannot be read: damaged or cut "
                f"short ({len(body)} bytes)")
    if not body.startswith(_OLE_MAGIC):
        return ""
    window = body[:1_000_000]
    if "EncryptedPackage".encode("utf-16-le") in window:
        return "a password-protected (encrypted) Office file: policywatch has no password to open it with"
    if "PowerPoint Document".encode("utf-16-le") in window:
        return "a PowerPoint (PPT, or WPS DPS) presentation, a format policywatch does not read"
    return (f"an Office 97-2003 (OLE) file with no Word or Excel stream in it: damaged, cut short ({len(body)} "
            "bytes) or another program's")


def _ole_format(window: bytes) -> str:
    """doc for a Word OLE file, xls for an Excel one, by the stream names (UTF-16) they hold.

    WPS writes .wps as a Word OLE file and ET writes .et as an Excel (Workbook) one. Plain
    substring tests, made here: importing the module compiles no pattern only OLE files need.
    """
    if "WordDocument".encode("utf-16-le") in window:
        return "doc"
    return "xls" if any(name.encode("utf-16-le") in window for name in ("Workbook", "Book")) else "unknown"


def _zip_format(body: bytes) -> str:
    """docx for a Word package, ofd for an OFD package (OFD.xml at its root), xls for XLSX, pptx for a deck, else
    zip: a bundle of files (申报材料.zip), read member by member (extract.archive)."""
    import io
    import zipfile  # only for ZIP bodies: a text or HTML page need not import it

    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "unknown"
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.lstrip("/").lower() == "ofd.xml" for name in names):
        return "ofd"
    if any(name.startswith("xl/") for name in names):
        return "xls"  # XLSX: read like XLS/ET, through LibreOffice
    if any(name.startswith("ppt/") for name in names):
        return "pptx"  # a deck's slides, not a bundle of its XML parts
    return "zip"


def _text_head(head: bytes) -> bytes | None:
    """The start of a text body without BOM and leading blanks; None for binary data."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != _BOMS[0]:
                # UTF-16: drop the NULs so the markup tests below still see ASCII.
                return head.replace(b"\x00", b"").lstrip()
            break
    if b"\x00" in head:
        return None
    return head.lstrip()


def _text_format(head: bytes, content_type: str, url: str) -> str:
    lowered = head[:256].lower()
    if lowered.startswith(b"<?xml"):
        # XHTML pages open with an XML declaration too.
        return "html" if _HTML_RE.search(head) and b"<html" in head.lower() else "xml"
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head[:1] in (b"{", b"["):
        return "json" if "json" in content_type or url.endswith(".json") or _looks_json(head) else "text"
    if head[:1] == b"<":
        if "xml" in content_type and not _HTML_RE.search(head):
            return "xml"
        return "html" if _HTML_RE.search(head) else ("xml" if re.match(rb"<[A-Za-z_][\w.-]*[\s>]", head) else "text")
    if _HTML_RE.search(head) and "html" in content_type:
        return "html"
    return "text"


def _looks_json(head: bytes) -> bool:
    return re.match(rb'[\[{]\s*("|\{|\[|\]|\}|-?\d|true|false|null)', head) is not None
