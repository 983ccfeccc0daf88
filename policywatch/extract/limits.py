"""What every extraction shares, sandboxed or not: the readers table, the refusals and the text limits.

Kept apart from `extract.sandbox` (pickle, subprocess, threads) so that extracting a text or
HTML page, which never starts the child process, does not import the machinery for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policywatch.errors import ExtractError

if TYPE_CHECKING:
    from policywatch.config import ExtractSettings
    from policywatch.model import ExtractedDocument

__all__ = ["LARGE_PAGE_CHARS", "READERS", "ExtractInterrupted", "ExtractRefused", "check_text", "check_text_size"]

# format -> "module:function"; imported lazily (in the child) so start-up stays cheap.
READERS: dict[str, str] = {
    "pdf": "policywatch.extract.pdf:extract_pdf",
    "docx": "policywatch.extract.docx:extract_docx",
    "doc": "policywatch.extract.doc:extract_doc",
    "ofd": "policywatch.extract.ofd:extract_ofd",
    "xls": "policywatch.extract.office:extract_sheet",  # XLS, ET, XLSX through LibreOffice
    "pptx": "policywatch.extract.pptx:extract_pptx",
    "ppt": "policywatch.extract.office:extract_presentation",  # PPT, DPS, ODP through LibreOffice Impress
    "zip": "policywatch.extract.archive:extract_zip",  # a bundle: each member by its own reader
    "mht": "policywatch.extract.mht:extract_mht",  # a web archive (Word's 单个文件网页, served as .doc)
    "ocr_pdf": "policywatch.extract.ocr:ocr_pdf",  # a PDF without a text layer, page by page
    "ocr_image": "policywatch.extract.ocr:ocr_image",
    "large_html": "policywatch.extract.html:read_large_page",  # an HTML page over LARGE_PAGE_CHARS
}
# An HTML page longer than this (decoded characters) is read in the child too. Pages are tens
# of KB; one this size is usually a big table (a funding list), which bs4 turns into a tree of
# ~500 bytes per node: a 2 MB page of 20,000 rows takes ~4 s and 145 MB, a 20 MB one most of a
# minute and over 1 GB. The child's memory and CPU limits and the source's deadline bound that,
# as for any attachment; below it, a page is not worth a process hop.
LARGE_PAGE_CHARS = 1_000_000


class ExtractRefused(ExtractError):
    """A file refused by a limit. `outcome` is a FetchOutcome value (too_large / unsupported).

    `stopped_by` names what ended the child when it did not stop by itself (cpu, memory,
    timeout, signal), so a caller (and a test) can tell a limit hit from a reader's refusal.
    """

    def __init__(self, outcome: str, message: str, *, stopped_by: str = "") -> None:
        super().__init__(message)
        self.outcome = outcome
        self.stopped_by = stopped_by


class ExtractInterrupted(ExtractError):
    """Extraction stopped because the caller's time ran out (`time_limit`, i.e. its source's
    fetch.source_timeout), not because of the file: nothing is known about the file, and it is
    to be read again by a later run."""


def check_text(document: ExtractedDocument, limits: ExtractSettings) -> ExtractedDocument:
    """The document unchanged, or ExtractRefused(too_large) when its text exceeds the limits."""
    return check_text_size(document, limits.max_text_bytes, limits.max_text_lines)


def check_text_size(document: ExtractedDocument, max_text_bytes: int, max_text_lines: int) -> ExtractedDocument:
    """check_text with the two bounds given as numbers (no ExtractSettings, no config import)."""
    text = document.text
    if len(text) * 4 > max_text_bytes and len(text.encode("utf-8")) > max_text_bytes:
        raise ExtractRefused("too_large", f"{document.url}: extracted text exceeds extract.max_text_bytes "
                                          f"({max_text_bytes} bytes)")
    lines = text.count("\n") + 1 if text else 0
    if lines > max_text_lines:
        raise ExtractRefused("too_large", f"{document.url}: extracted text has {lines} lines, more than "
                                          f"extract.max_text_lines ({max_text_lines})")
    return document
