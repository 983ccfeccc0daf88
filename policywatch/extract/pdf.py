"""PDF documents: the text layer page by page (pdfplumber); no text layer → needs_ocr."""

from __future__ import annotations

import io
import logging

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.model import ExtractedDocument

logger = logging.getLogger(__name__)


def extract_pdf(body: bytes, *, url: str) -> ExtractedDocument:
    """Text of every page, one line per text line; a scanned PDF is flagged needs_ocr, never ''-as-ok."""
    pages: list[str] = []
    images = 0
    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                images += len(page.images)
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise ExtractError(f"{url}: not a readable PDF: {exc}") from None
    except Exception as exc:  # pdfminer raises many private error types on damaged files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
            raise ExtractError(f"{url}: not a readable PDF: {exc}") from None
        raise
    lines = [line.rstrip() for page in pages for line in page.splitlines()]
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        reason = f"no text layer on {len(pages)} page(s) ({images} image(s)): needs OCR"
        logger.info("%s: %s", url, reason)
        return ExtractedDocument(url=url, format="pdf", text="", needs_ocr=True, warnings=(reason,))
    return ExtractedDocument(url=url, format="pdf", text=text, metadata=meta.from_text(text))
