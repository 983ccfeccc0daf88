"""A body's format from its magic bytes first, then the Content-Type and URL as tie-breakers.

Government servers label PDFs as ``application/octet-stream``, DOCX as ``application/msword``
and error pages as ``application/pdf``; the bytes are what count. An RTF file (what "save as
Word" gave in many OA systems, served as .doc or application/msword) is text by its bytes but a
document by its markup: it is `doc`, read by the Word reader, not its control words as text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policywatch.lazyre import LazyRegex

if TYPE_CHECKING:
    import zipfile

__all__ = ["ATTACHMENT_SUFFIXES", "FILE_SUFFIXES", "FORMATS", "OLE_MAGIC", "RTF_MAGIC", "TEXT_FORMATS", "format_of_name", "sniff_format",
           "unknown_reason"]

FORMATS = ("html", "pdf", "docx", "doc", "ofd", "xls", "pptx", "ppt", "zip", "rar", "7z", "image", "mht", "json", "xml",
           "text", "unknown")
TEXT_FORMATS = frozenset({"html", "xml", "json", "text"})

# The one table of file names: the format each suffix names before the bytes are seen. The
# attachment links a page's extractor follows, a local file's kind and the crawler's "a file, not
# a login endpoint" all derive from it, so a suffix added here (.mht, .rtf) counts everywhere.
FILE_SUFFIXES = {".html": "html", ".htm": "html", ".shtml": "html", ".txt": "text", ".md": "text",
                 ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".rtf": "doc", ".odt": "doc", ".ofd": "ofd",
                 ".xls": "xls", ".et": "xls", ".xlsx": "xls", ".ods": "xls", ".pptx": "pptx", ".mht": "mht", ".mhtml": "mht",
                 ".zip": "zip", ".rar": "rar", ".7z": "7z",
                 # presentations (PowerPoint, WPS 演示, OpenDocument): read through LibreOffice
                 # Impress where it is installed, else fetched and reported as unread by name,
                 # never passed over as no link at all
                 ".ppt": "ppt", ".pps": "ppt", ".dps": "ppt", ".odp": "ppt",
                 ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}
# a link to one of these is a file (附件) to download, not a page to read or a bare text
ATTACHMENT_SUFFIXES = tuple(suffix for suffix, kind in FILE_SUFFIXES.items() if kind not in ("html", "text"))

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
    """html, pdf, docx, doc, ofd, xls, pptx, ppt, zip, rar, 7z, image, mht, json, xml, text or unknown.

    >>> sniff_format(b"%PDF-1.7 ...", "text/html")
    'pdf'
    """
    head = body[:_WINDOW]
    # the ZIP signature at offset 0 first: an uncompressed (stored) ZIP whose first member is a
    # PDF has `%PDF-` in its first KB, and was read as that one PDF, its other members lost
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(body)
    if b"%PDF-" in body[:1024]:
        return "pdf"
    archive = next((kind for magic, kind in _ARCHIVE_MAGIC if head.startswith(magic)), "")
    if archive:
        return archive
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(OLE_MAGIC):
        return _ole_format(body[:1_000_000])
    text_head = _text_head(head)
    if text_head is None:
        return "unknown"
    if text_head.startswith(RTF_MAGIC):
        return "doc"
    if _MHT_RE.match(text_head) and b"multipart/related" in text_head.lower():
        return "mht"  # a web archive (Word's Single File Web Page): MIME headers, then the page encoded
    return _text_format(text_head, content_type.lower(), url.lower())


def format_of_name(name: str) -> str:
    """The format a file name's suffix suggests (an attachment link before it is downloaded), or "".

    By the last suffix only: 附件.mhtml is a web archive, not a page for ending in "html"."""
    path = name.split("?", 1)[0].split("#", 1)[0].lower()
    leaf = path.rpartition("/")[2]
    dot = leaf.rfind(".")
    return FILE_SUFFIXES.get(leaf[dot:], "") if dot >= 0 else ""


def unknown_reason(body: bytes) -> str:
    """Why a body sniffed `unknown` cannot be read, as far as its bytes still tell ("" when they
    tell nothing): an Office file cut short by a dropped download or damaged on the server read
    "unsupported format (application/octet-stream)", which names neither the file's kind nor
    its problem."""
    if body.startswith(b"PK\x03\x04"):
        odf = _odf_type(body)
        if odf:
            return f"an OpenDocument file of type {odf}, a kind policywatch does not read (it reads ODT, ODS and ODP)"
        return (f"a ZIP package (DOCX, XLSX, PPTX, OFD or a bundle) whose directory cannot be read: damaged or cut "
                f"short ({len(body)} bytes)")
    if not body.startswith(OLE_MAGIC):
        return ""
    window = body[:1_000_000]
    if "EncryptedPackage".encode("utf-16-le") in window:
        return "a password-protected (encrypted) Office file: policywatch has no password to open it with"
    return (f"an Office 97-2003 (OLE) file with no Word or Excel stream in it: damaged, cut short ({len(body)} "
            "bytes) or another program's")


def _odf_type(body: bytes) -> str:
    """The ODF type a ZIP body's `mimetype` member names, "" when it names none or is unreadable."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return _odf_mimetype(archive, set(archive.namelist()))
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return ""


def _ole_format(window: bytes) -> str:
    """doc for a Word OLE file, xls for an Excel one, ppt for a PowerPoint one, by the stream names (UTF-16) they hold.

    WPS writes .wps as a Word OLE file and ET writes .et as an Excel (Workbook) one. Plain
    substring tests, made here: importing the module compiles no pattern only OLE files need.
    """
    if "WordDocument".encode("utf-16-le") in window:
        return "doc"
    if "PowerPoint Document".encode("utf-16-le") in window:
        return "ppt"  # PowerPoint 97-2003, and WPS 演示's .dps, which writes the same format
    return "xls" if any(name.encode("utf-16-le") in window for name in ("Workbook", "Book")) else "unknown"


def _zip_format(body: bytes) -> str:
    """docx for a Word package, ofd for an OFD package (OFD.xml at its root), xls for XLSX or ODS, pptx for a deck, else
    zip: a bundle of files (申报材料.zip), read member by member (extract.archive).

    An Office package is known by its main part (word/document.xml, xl/workbook.xml,
    ppt/presentation.xml, or the part its [Content_Types].xml declares main), never by a folder
    name: a bundle holding a folder ppt/ or word/ (培训材料.zip with ppt/第一讲.txt) was read as a
    deck with no slides, and every file in it was lost."""
    import io
    import zipfile  # only for ZIP bodies: a text or HTML page need not import it

    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
            declared = _declared_main_parts(archive, names)
            # an OpenDocument file (.odt, .ods, what LibreOffice and WPS save) names its type in its
            # `mimetype` member, whatever it is served as (application/zip, 附件.zip): a text is
            # read like DOC, a spreadsheet like XLS/XLSX, never as a bundle of XML parts
            odf = _odf_kind(archive, names)
            if odf:
                return odf
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return "unknown"
    for kind in ("docx", "xls", "pptx"):  # xls: XLSX is read like XLS/ET, through LibreOffice
        if _OFFICE_MAIN_PARTS[kind] in names or kind in declared:
            return kind
    if any(name.lstrip("/").lower() == "ofd.xml" for name in names):
        return "ofd"
    return "zip"


# an OpenDocument package's `mimetype` member (its type, 40-odd bytes) → the reader of its kind;
# another kind (a drawing, a formula) has none: unknown, which unknown_reason names, not a
# bundle whose XML parts are read as its text
_ODF_KINDS = (("application/vnd.oasis.opendocument.text", "doc"),
              ("application/vnd.oasis.opendocument.spreadsheet", "xls"),
              ("application/vnd.oasis.opendocument.presentation", "ppt"),
              ("application/vnd.oasis.opendocument.", "unknown"))


def _odf_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    """doc, xls or unknown for an OpenDocument package, by its `mimetype` member; "" otherwise."""
    mimetype = _odf_mimetype(archive, names)
    return next((kind for prefix, kind in _ODF_KINDS if mimetype.startswith(prefix)), "")


def _odf_mimetype(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The package's `mimetype` member (the ODF type), "" when there is none or it is no type, or
    the package has neither content.xml nor META-INF/manifest.xml: a bundle that merely holds a
    file named mimetype beside 附件1.pdf is a bundle, and taken for an ODF text its PDF was lost."""
    if "mimetype" not in names or archive.getinfo("mimetype").file_size >= 200:
        return ""
    if not names & {"content.xml", "META-INF/manifest.xml"}:
        return ""
    return archive.read("mimetype").decode("ascii", "replace").strip()


# the main part of each OOXML package where every writer puts it, and the words of the content
# type [Content_Types].xml gives it (macro-enabled and template variants included)
_OFFICE_MAIN_PARTS = {"docx": "word/document.xml", "xls": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_MAIN_TYPE_RE = re.compile(r"(wordprocessingml|ms-word|spreadsheetml|ms-excel|presentationml|ms-powerpoint)"
                           r"[\w.-]*\.main\+xml$", re.I)
_MAIN_TYPE_KIND = {"wordprocessingml": "docx", "ms-word": "docx", "spreadsheetml": "xls", "ms-excel": "xls",
                   "presentationml": "pptx", "ms-powerpoint": "pptx"}
_OVERRIDE_RE = re.compile(r"<(?:\w+:)?Override\b[^<>]*>", re.I)
_ATTRIBUTE_RE = re.compile(r"""\b(PartName|ContentType)\s*=\s*["']([^"']*)["']""", re.I)
_CONTENT_TYPES_READ = 65_536  # a package's [Content_Types].xml is a few KB; a bomb named so is not read whole


def _declared_main_parts(archive: zipfile.ZipFile, names: set[str]) -> set[str]:
    """The package kinds whose main part [Content_Types].xml declares and the archive holds
    (a writer may name it word/document2.xml); empty for a bundle with no such file."""
    if "[Content_Types].xml" not in names:
        return set()
    with archive.open("[Content_Types].xml") as member:
        text = member.read(_CONTENT_TYPES_READ).decode("utf-8", errors="replace")
    kinds = set()
    for override in _OVERRIDE_RE.findall(text):
        attributes = {key.lower(): value for key, value in _ATTRIBUTE_RE.findall(override)}
        main = _MAIN_TYPE_RE.search(attributes.get("contenttype", ""))
        if main and attributes.get("partname", "").lstrip("/") in names:
            kinds.add(_MAIN_TYPE_KIND[main[1].lower()])
    return kinds


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
