"""Extraction library: HTML, PDF and DOCX bytes to body text and metadata (pure, no I/O but files).

    extract(body, url=..., content_type=..., text=None, rules=None, limits=None) -> ExtractedDocument
    extract_file(path) -> ExtractedDocument

Binary formats (PDF, DOCX, DOC and any reader registered in sandbox.READERS) are read in the
bounded child process of `extract.sandbox`; every extracted text is held to the text limits.
"""

from __future__ import annotations

import os
from pathlib import Path

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as _meta
from policywatch.extract.decode import Decoded, decode_body
from policywatch.extract.rules import ExtractRules
from policywatch.extract.sandbox import READERS, ExtractRefused, check_text, extract_bounded
from policywatch.extract.sniff import sniff_format
from policywatch.model import ExtractedDocument

__all__ = ["Decoded", "ExtractRefused", "ExtractRules", "decode_body", "decode_text", "extract", "extract_file", "sniff", "sniff_format"]

_FILE_SUFFIXES = {".html": "html", ".htm": "html", ".shtml": "html", ".txt": "text", ".md": "text",
                  ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc"}


def decode_text(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, encoding name) of a text body, by the shared decoding rules (see extract.decode)."""
    charset = content_type.partition("charset=")[2].strip(" \"';") or None
    decoded = decode_body(body, http_charset=charset)
    return decoded.text, decoded.encoding


def sniff(body: bytes, content_type: str = "", url: str = "") -> str:
    """Format name of a body: html, pdf, docx, doc, text, json, xml or unknown."""
    return str(sniff_format(body, content_type, url))


def extract(
    body: bytes,
    *,
    url: str,
    content_type: str = "",
    text: str | None = None,
    rules: ExtractRules | None = None,
    limits: ExtractSettings | None = None,
) -> ExtractedDocument:
    """Body text, metadata and attachment links of one fetched document.

    `text` is the already-decoded HTML when the crawler has it. The format is sniffed from the
    bytes first (a downloadfile.jsp URL may serve a PDF), then the Content-Type, then the URL.
    Raises ExtractRefused (an ExtractError with an `outcome`) when a limit is hit.
    """
    kind = sniff(body, content_type, url) if body else "html"
    return _extract_kind(kind, body, url=url, content_type=content_type, text=text, rules=rules, limits=limits)


def _extract_kind(
    kind: str, body: bytes, *, url: str, content_type: str = "", text: str | None = None,
    rules: ExtractRules | None = None, limits: ExtractSettings | None = None,
) -> ExtractedDocument:
    limits = limits or ExtractSettings()
    if kind in READERS:
        return extract_bounded(body, kind=kind, url=url, limits=limits)
    return check_text(_extract_text_kind(kind, body, url=url, content_type=content_type, text=text, rules=rules),
                      limits)


def _extract_text_kind(
    kind: str, body: bytes, *, url: str, content_type: str, text: str | None, rules: ExtractRules | None,
) -> ExtractedDocument:
    # The format modules are imported when needed: bs4/lxml cost ~0.2 s to import, which
    # `policywatch diff a.txt b.txt` should not pay.
    if text is None:
        text = decode_text(body, content_type)[0]
    if kind in ("html", "xml"):
        from policywatch.extract.html import extract_html

        return extract_html(text, url=url, rules=rules)
    if kind in ("text", "json"):
        return _extract_plain(text, url=url)
    raise ExtractError(f"{url}: unsupported format ({content_type or 'unknown content type'})")


def _extract_plain(text: str, *, url: str) -> ExtractedDocument:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    body = "\n".join(line for line in lines if line.strip())
    return ExtractedDocument(url=url, format="text", text=body, metadata=_meta.from_text(body))


def extract_file(path: str | os.PathLike[str]) -> ExtractedDocument:
    """Extract a local .html/.htm/.txt/.md/.pdf/.docx/.doc file (format by magic bytes, then suffix)."""
    file = Path(path)
    try:
        body = file.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{file}: cannot read file: {exc.strerror or exc}") from None
    kind = sniff(body, "", "")
    if kind in ("text", "unknown") and file.suffix.lower() in _FILE_SUFFIXES:
        kind = _FILE_SUFFIXES[file.suffix.lower()]
    if kind == "unknown":
        raise ExtractError(f"{file}: not an HTML, text, PDF, DOCX or DOC file")
    try:
        return _extract_kind(kind, body, url=file.resolve().as_uri())
    except ExtractError as exc:
        message = str(exc)
        raise ExtractError(message if file.name in message else f"{file}: {message}") from None
