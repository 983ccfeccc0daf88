"""Extraction library: HTML, PDF, DOCX, DOC, OFD bytes to body text and metadata (pure, no I/O but files).

    extract(body, url=..., content_type=..., text=None, rules=None) -> ExtractedDocument
    extract_file(path) -> ExtractedDocument
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from policywatch.errors import ExtractError
from policywatch.extract import metadata as _meta
from policywatch.extract.decode import Decoded, decode_body
from policywatch.extract.rules import ExtractRules
from policywatch.extract.sniff import sniff_format
from policywatch.model import ExtractedDocument

__all__ = ["Decoded", "ExtractRules", "decode_body", "decode_text", "extract", "extract_file", "ocr_engine", "sniff",
           "sniff_format"]

_FILE_SUFFIXES = {".html": "html", ".htm": "html", ".shtml": "html", ".txt": "text", ".md": "text",
                  ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".ofd": "ofd",
                  ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def decode_text(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, encoding name) of a text body, by the shared decoding rules (see extract.decode)."""
    charset = content_type.partition("charset=")[2].strip(" \"';") or None
    decoded = decode_body(body, http_charset=charset)
    return decoded.text, decoded.encoding


def sniff(body: bytes, content_type: str = "", url: str = "") -> str:
    """Format name of a body: html, pdf, docx, doc, ofd, xls, text, json, xml or unknown."""
    return str(sniff_format(body, content_type, url))


def extract(
    body: bytes,
    *,
    url: str,
    content_type: str = "",
    text: str | None = None,
    rules: ExtractRules | None = None,
    ocr: bool = True,
) -> ExtractedDocument:
    """Body text, metadata and attachment links of one fetched document.

    `text` is the already-decoded HTML when the crawler has it. The format is sniffed from the
    bytes first (a downloadfile.jsp URL may serve a PDF), then the Content-Type, then the URL.
    A scanned PDF or an image is recognised by OCR when an engine is installed, unless `ocr` is
    False; without OCR it comes back flagged needs_ocr.
    """
    kind = sniff(body, content_type, url) if body else "html"
    return _extract_kind(kind, body, url=url, content_type=content_type, text=text, rules=rules, ocr=ocr)


def ocr_engine() -> str:
    """The OCR engine OCR would use here ("rapidocr", "tesseract"), or "" when none is installed."""
    from policywatch.extract.ocr import engine

    return engine()


def _extract_kind(
    kind: str, body: bytes, *, url: str, content_type: str = "", text: str | None = None,
    rules: ExtractRules | None = None, ocr: bool = True,
) -> ExtractedDocument:
    # The format modules are imported when needed: bs4/lxml, pdfplumber and python-docx cost
    # ~0.2 s to import, which `policywatch diff a.txt b.txt` should not pay.
    if kind == "pdf":
        from policywatch.extract.pdf import extract_pdf

        document = extract_pdf(body, url=url)
        if document.needs_ocr and ocr and ocr_engine():
            from policywatch.extract.ocr import ocr_pdf

            recognised = ocr_pdf(body, url=url)
            if recognised.needs_ocr:  # nothing recognised: say both why OCR ran and what it found
                return replace(recognised, warnings=document.warnings + recognised.warnings)
            return recognised
        return document
    if kind == "image":
        if ocr and ocr_engine():
            from policywatch.extract.ocr import ocr_image

            return ocr_image(body, url=url)
        reason = "an image: needs OCR (" + ("switched off for this source)" if not ocr else "none installed)")
        return ExtractedDocument(url=url, format="image", text="", needs_ocr=True, warnings=(reason,))
    if kind == "docx":
        from policywatch.extract.docx import extract_docx

        return extract_docx(body, url=url)
    if kind == "doc":
        from policywatch.extract.doc import extract_doc

        return extract_doc(body, url=url)
    if kind == "ofd":
        from policywatch.extract.ofd import extract_ofd

        return extract_ofd(body, url=url)
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
    """Extract a local .html/.htm/.txt/.md/.pdf/.docx/.doc/.ofd file (format by magic bytes, then suffix)."""
    file = Path(path)
    try:
        body = file.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{file}: cannot read file: {exc.strerror or exc}") from None
    kind = sniff(body, "", "")
    if kind in ("text", "unknown") and file.suffix.lower() in _FILE_SUFFIXES:
        kind = _FILE_SUFFIXES[file.suffix.lower()]
    if kind == "unknown":
        raise ExtractError(f"{file}: not an HTML, text, PDF, DOCX, DOC or OFD file")
    try:
        return _extract_kind(kind, body, url=file.resolve().as_uri())
    except ExtractError as exc:
        message = str(exc)
        raise ExtractError(message if file.name in message else f"{file}: {message}") from None
