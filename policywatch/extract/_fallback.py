"""Stand-ins for the fetch helper's decode/sniff modules, used only while those are absent.

TO BE REPLACED at merge: `policywatch.extract.decode.decode_body` and
`policywatch.extract.sniff.sniff_format` are the real implementations; this module only keeps
extraction usable on its own (strict UTF-8, then GB18030; magic bytes, then suffix).
"""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import urlsplit

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def decode_text(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, encoding): declared charset if it decodes strictly, else UTF-8, else GB18030."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    declared = _CHARSET.search(content_type.encode("latin-1", "ignore")) or _CHARSET.search(body[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.append(_WIDEN.get(name, name))
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return body.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("gb18030", errors="replace"), "gb18030"


_SUFFIXES = {
    ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".html": "html", ".htm": "html",
    ".shtml": "html", ".txt": "text", ".md": "text", ".json": "json", ".xml": "xml",
}


def sniff(body: bytes, content_type: str = "", url: str = "") -> str:
    """html, pdf, docx, doc, text, json, xml or unknown — magic bytes first, then type, then suffix."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc" if "WordDocument".encode("utf-16-le") in body[:1_000_000] else "unknown"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(body) else "unknown"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered or b"<div" in lowered:
        return "html"
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<datastore"):
        return "xml"
    if lowered[:1] in (b"{", b"["):
        return "json"
    ctype = content_type.split(";")[0].strip().lower()
    for marker, kind in (("html", "html"), ("pdf", "pdf"), ("wordprocessingml", "docx"),
                         ("msword", "doc"), ("json", "json"), ("xml", "xml"), ("text/plain", "text")):
        if marker in ctype:
            return kind
    path = urlsplit(url).path.lower()
    for suffix, kind in _SUFFIXES.items():
        if path.endswith(suffix):
            return kind
    return "text" if b"\x00" not in head else "unknown"


def _is_docx(body: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
