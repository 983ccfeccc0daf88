"""Extraction library: HTML, PDF, DOCX, DOC, OFD and image bytes to body text and metadata (pure, no I/O but files).

    extract(body, url=..., content_type=..., text=None, rules=None, limits=None, ocr=True) -> ExtractedDocument
    extract_file(path, limits=None) -> ExtractedDocument   (None: LOCAL_FILE_LIMITS)

Binary formats (PDF, DOCX, DOC, OFD and any reader registered in sandbox.READERS) are read in the
bounded child process of `extract.sandbox`; every extracted text is held to the text limits.
OCR (a scanned PDF, an image) runs there too, with OCR_BUDGET times the per-file time limits
(a page costs seconds of CPU, not milliseconds) and at least OCR_MEMORY_MB of address space.
"""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policywatch.errors import ExtractError
from policywatch.extract import metadata as _meta
from policywatch.extract.decode import Decoded, decode_body
from policywatch.extract.limits import (
    LARGE_PAGE_CHARS,
    READERS,
    ExtractInterrupted,
    ExtractRefused,
    check_text,
    check_text_size,
)
from policywatch.extract.sniff import FILE_SUFFIXES, format_of_name, sniff_format
from policywatch.model import ExtractedDocument

if TYPE_CHECKING:
    from policywatch.config import ExtractSettings
    from policywatch.extract.rules import ExtractRules

__all__ = ["LOCAL_FILE_LIMITS", "Decoded", "ExtractInterrupted", "ExtractRefused", "ExtractRules", "decode_body",
           "decode_text", "extract", "extract_file", "format_of_name", "ocr_engine", "pages_named", "reader_for", "sniff", "sniff_format"]

_UNREAD_ARCHIVES = ("rar", "7z")  # found and reported, never silently dropped: no reader ships
OCR_BUDGET = 5  # OCR gets this many times extract.timeout and extract.cpu_seconds (~4 CPU s a page)
# The OCR engine's runtime reserves more address space than the parsers: RapidOCR fails with
# bad_alloc under 1 GiB and reads an A4 page at 200 dpi under 1.5 GiB.
OCR_MEMORY_MB = 2048
# A user's own file (`diff`, `segment`, `amend`, `import`) is not hostile web input: the crawl's
# text limits (extract.max_text_bytes, 5 MB) would refuse a large but ordinary local text, so
# local files get a bound only memory could justify: segmenting and comparing cost ~2.6 KB of
# memory per line, so 2,000,000 one-line articles took 5.3 GB and 160 s; 500,000 lines (~1.3 GB)
# is still a hundred times the largest compilation in tests/data/seeds. Binary formats still go
# through the sandbox with its time, CPU and memory limits.
LOCAL_TEXT_BYTES, LOCAL_TEXT_LINES = 200_000_000, 500_000


def __getattr__(name: str) -> Any:
    # LOCAL_FILE_LIMITS is built on first use: a text file is held to LOCAL_TEXT_* without it,
    # so `policywatch diff a.txt b.txt` does not import the config machinery; ExtractRules
    # (the per-source selectors) matters only to HTML pages.
    if name == "LOCAL_FILE_LIMITS":
        return _default_limits(local=True)
    if name == "ExtractRules":
        from policywatch.extract.rules import ExtractRules

        return ExtractRules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _default_limits(*, local: bool) -> ExtractSettings:
    """LOCAL_FILE_LIMITS for a user's own file, else the crawl's defaults."""
    if local:
        return _local_file_limits()
    from policywatch.config import ExtractSettings

    return ExtractSettings()


@functools.cache
def _local_file_limits() -> ExtractSettings:
    from policywatch.config import ExtractSettings

    return replace(ExtractSettings(), max_text_bytes=LOCAL_TEXT_BYTES, max_text_lines=LOCAL_TEXT_LINES)


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
    ocr: bool = True,
) -> ExtractedDocument:
    """Body text, metadata and attachment links of one fetched document.

    `text` is the already-decoded HTML when the crawler has it. The format is sniffed from the
    bytes first (a downloadfile.jsp URL may serve a PDF), then the Content-Type, then the URL.
    A scanned PDF or an image is recognised by OCR when an engine is installed, unless `ocr` is
    False; without OCR it comes back flagged needs_ocr.
    Raises ExtractRefused (an ExtractError with an `outcome`) when a limit is hit.
    """
    kind = sniff(body, content_type, url) if body else "html"
    return _extract_kind(kind, body, url=url, content_type=content_type, text=text, rules=rules, limits=limits,
                         ocr=ocr)


def reader_for(kind: str) -> str:
    """Which reader reads this format on this installation, and what is missing when none does."""
    import shutil

    from policywatch.extract.office import libreoffice

    engine = ocr_engine()
    ocr = f"OCR ({engine})" if engine else "not read: no OCR engine (pip install policywatch[ocr])"
    office = "LibreOffice" if libreoffice() else ""
    if kind == "pdf":
        return f"pdfplumber (text layer); scans: {ocr}"
    if kind == "doc":
        readers = [name for name, on in (("antiword", shutil.which("antiword")), (office, office)) if on]
        return ", then ".join(readers) if readers else "not read: install antiword or LibreOffice (libreoffice-writer)"
    if kind == "xls":
        return office or "not read: install LibreOffice (libreoffice-calc)"
    if kind == "ppt":
        from policywatch.extract.office import impress

        return "LibreOffice Impress" if impress() else "not read: install LibreOffice Impress (libreoffice-impress)"
    if kind in ("rar", "7z"):
        return f"not read: policywatch has no {kind.upper()} reader (reported as unsupported)"
    return {"zip": "built-in ZIP reader (each member by its format's reader)", "docx": "python-docx", "ofd": "built-in OFD reader (lxml)",
            "pptx": "built-in PPTX reader (lxml): the slides' text", "mht": "built-in MHT reader (its HTML page)",
            "image": ocr, "html": "built-in HTML extractor",
            "text": "plain text", "json": "plain text"}.get(kind, "by content type once downloaded")


def ocr_engine() -> str:
    """The OCR engine OCR would use here ("rapidocr", "tesseract"), or "" when none is installed."""
    from policywatch.extract.ocr import engine

    return engine()


def _extract_kind(
    kind: str, body: bytes, *, url: str, content_type: str = "", text: str | None = None,
    rules: ExtractRules | None = None, limits: ExtractSettings | None = None, ocr: bool = True,
    local: bool = False,
) -> ExtractedDocument:
    """`limits` None: LOCAL_FILE_LIMITS when `local` (a user's file), else the crawl's defaults."""
    if kind != "image" and kind not in READERS:
        document = _extract_text_kind(kind, body, url=url, content_type=content_type, text=text, rules=rules,
                                      limits=limits, local=local)
        if limits is None and local:
            return check_text_size(document, LOCAL_TEXT_BYTES, LOCAL_TEXT_LINES)
        return check_text(document, limits or _default_limits(local=local))
    limits = limits or _default_limits(local=local)
    if kind == "image":
        return _recognised(body, kind="ocr_image", url=url, limits=limits, ocr=ocr,
                           unread=ExtractedDocument(url=url, format="image", text="", needs_ocr=True,
                                                    warnings=("an image: its text needs OCR",)))
    if kind in READERS:
        # the sandbox (its child process, pickle, threads) is imported by the formats that use it
        from policywatch.extract.sandbox import extract_bounded

        document = extract_bounded(body, kind=kind, url=url, limits=limits)
        if kind == "pdf" and document.needs_ocr and not document.unread_pages:
            return _recognised(body, kind="ocr_pdf", url=url, limits=limits, ocr=ocr, unread=document)
        if document.unread_pages or document.unread_members:
            # pages refused by the PDF reader's bounds, a bundle's scans: OCR reads only what was
            # left out for it. Nothing read at all, by text layer or OCR, is a scan as a single
            # PDF is (needs_ocr: never stored as an empty version), a bundle's unread members named
            read = _left_out_recognised(body, url=url, limits=limits, ocr=ocr, document=document)
            if read.text.strip():
                return replace(read, needs_ocr=False)
            unread = [label for label, _, _, _ in document.unread_members]
            why = (f"no text in any member: {len(unread)} left to OCR gave none ({', '.join(unread)}); needs OCR"
                   if unread else "")
            return replace(read, needs_ocr=True, warnings=(*read.warnings, why) if why else read.warnings)
    return document


# an OCR job of _left_out_recognised: (warning prefix, reader, its options, pages left out with
# their lines (() for a whole scan), (label, line) of the heading its first reading goes under, for
# a member with no text of its own: a whole scan, or a scan some of whose pages were refused)
_Job = tuple[str, str, dict[str, Any], tuple[tuple[int, int], ...], tuple[str, int] | None]


def _left_out_recognised(
    body: bytes, *, url: str, limits: ExtractSettings, ocr: bool, document: ExtractedDocument
) -> ExtractedDocument:
    """`document` with what it left out for OCR read by OCR, each in its place: the pages a PDF's
    text layer could not give (unread_pages), and a ZIP's PDF members that are scans or have
    such pages (unread_members), each as a standalone PDF of its own would be.

    Only those pages are recognised: the readable pages keep their text layer, which OCR would
    only make worse (and a rescan of the whole file would read as edits to every page). A PDF's
    pages are recognised in one OCR call, in order (the engine loads and the file is sent once,
    not once a page), with the OCR budget once for each page, as when each page was a call of its
    own. A page OCR cannot read stays out with its warning; the text layer is never lost for it."""
    jobs: list[_Job] = []
    if document.unread_pages:
        jobs.append(("", "policywatch.extract.ocr:ocr_pdf_pages", {}, document.unread_pages, None))
    # a member whose heading is not in the text gave none (a scan): its heading comes with its reading
    headings = {line for line in document.text.split("\n") if line.startswith("【")}
    jobs += [(f"{label}: ", "policywatch.extract.archive:ocr_member", {"member": path}, pages,
              None if f"【{label}】" in headings else (label, pages[0][1] if pages else at))
             for label, path, pages, at in document.unread_members]
    warnings = list(document.warnings)
    jobs = _within_ocr_total(jobs, warnings)
    if not ocr or not ocr_engine():
        why = "OCR is switched off for this source" if not ocr else "no OCR engine is installed (policywatch[ocr])"
        warnings += [f"{prefix}{pages_named([n for n, _ in pages]) + ' ' if pages else ''}not read: {why}"
                     for prefix, _, _, pages, _ in jobs]
        return replace(document, warnings=tuple(warnings))
    from policywatch.extract.sandbox import read_bounded

    insertions: list[tuple[int, str]] = []  # (line, text), in the document's order
    for prefix, reader, options, pages, heading in jobs:
        numbers = tuple(number for number, _ in pages)
        try:
            read = read_bounded(body, reader=reader, url=url, limits=_ocr_budget(limits, pages=max(1, len(numbers))),
                                options={**options, "pages": numbers})
        except ExtractInterrupted:
            raise  # the source's time is up: nothing is known, as for any file
        except ExtractError as exc:
            warnings.append(f"{prefix}{pages_named(numbers) + ': ' if numbers else ''}not recognised by OCR: {exc}")
            continue
        for number, at, page in ([(0, heading[1] if heading else 0, read)] if not pages else
                                 [(number, at, page) for (number, at), page in zip(pages, read, strict=True)]):
            where = f"{prefix}page {number}: " if number else prefix
            if page.needs_ocr or not page.text.strip():
                warnings.extend(f"{where}{warning}" for warning in page.warnings)
                continue
            insertions.append((at, f"【{heading[0]}】\n{page.text}" if heading else page.text))
            heading = None  # under the first page read, once
            warnings.append(f"{where}text recognised by OCR ({ocr_engine()})")
    lines = document.text.split("\n") if document.text else []
    for at, text in reversed(insertions):  # from the end: earlier line numbers stay right
        lines[at:at] = text.split("\n")
    text = "\n".join(lines)
    # a PDF's fields are its whole text's; a bundle's its first member's, read without its heading
    # line; an OFD's its pages', whatever its attachments say
    fields = _meta.from_text(text) if document.format == "pdf" else document.metadata
    if document.format == "zip" and not document.text:
        fields = _meta.from_text(text.split("\n【", 1)[0].partition("\n")[2])
    return check_text(replace(document, text=text, metadata=fields, warnings=tuple(warnings)), limits)


def _within_ocr_total(jobs: list[_Job], warnings: list[str]) -> list[_Job]:
    """The OCR jobs of one document up to MAX_OCR_PAGES pages in all (a whole scan counts as one
    call, its own pages capped by the OCR reader): a bundle of 200 ZIPs of 150 scans each was
    30,000 OCR calls. The jobs beyond are named in `warnings`, not read."""
    from policywatch.extract.ocr import MAX_OCR_PAGES

    kept: list[_Job] = []
    used = 0
    for job in jobs:
        cost = len(job[3]) or 1
        if used + cost > MAX_OCR_PAGES:
            break
        kept.append(job)
        used += cost
    left = jobs[len(kept):]
    if left:
        names = [f"{prefix}{pages_named([n for n, _ in pages])}" if pages else prefix.rstrip(": ") or "the file"
                 for prefix, _, _, pages, _ in left]
        warnings.append(f"not read: past the {MAX_OCR_PAGES} pages OCR reads of one document: "
                        + "; ".join(name.rstrip(": ") for name in names))
    return kept


def pages_named(numbers: tuple[int, ...] | list[int]) -> str:
    """`page 3` or `pages 2, 5, 6`: the pages of a PDF a warning is about."""
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))


def _recognised(
    body: bytes, *, kind: str, url: str, limits: ExtractSettings, ocr: bool, unread: ExtractedDocument
) -> ExtractedDocument:
    """The OCR reading of a scan or image, or `unread` (flagged needs_ocr) saying why there is none."""
    if not ocr or not ocr_engine():
        why = "OCR is switched off for this source" if not ocr else "no OCR engine is installed (policywatch[ocr])"
        return replace(unread, warnings=(*unread.warnings, why))
    from policywatch.extract.sandbox import extract_bounded

    recognised = extract_bounded(body, kind=kind, url=url, limits=_ocr_budget(limits))
    if recognised.needs_ocr:  # nothing recognised: say both why OCR ran and what it found
        return replace(recognised, warnings=unread.warnings + recognised.warnings)
    return recognised


def _ocr_budget(limits: ExtractSettings, *, pages: int = 1) -> ExtractSettings:
    """The OCR limits of one file, or of `pages` pages read in one call (each page's allowance,
    up to OCR_BUDGET pages' worth: 25 times extract.cpu_seconds is ~1,500 CPU s, what the
    MAX_OCR_PAGES a call reads cost at ~4 s a page; more only let 299 pages run for two days)."""
    share = min(pages, OCR_BUDGET)
    return replace(limits, timeout=limits.timeout * OCR_BUDGET * share,
                   cpu_seconds=limits.cpu_seconds * OCR_BUDGET * share,
                   memory_mb=max(limits.memory_mb, OCR_MEMORY_MB))


def _extract_text_kind(
    kind: str, body: bytes, *, url: str, content_type: str, text: str | None, rules: ExtractRules | None,
    limits: ExtractSettings | None, local: bool,
) -> ExtractedDocument:
    # The format modules are imported when needed: bs4/lxml cost ~0.2 s to import, which
    # `policywatch diff a.txt b.txt` should not pay.
    if kind in _UNREAD_ARCHIVES:
        raise ExtractRefused("unsupported", f"{url}: a {kind.upper()} archive; policywatch has no {kind.upper()} "
                                            "reader, so its files were not read (repack it as ZIP or read it by hand)")
    if text is None:
        text = decode_text(body, content_type)[0]
    if kind in ("html", "xml"):
        if len(text) > LARGE_PAGE_CHARS:
            # read in the bounded child: a page this size may be a huge table (see LARGE_PAGE_CHARS)
            from policywatch.extract.sandbox import extract_bounded

            return extract_bounded(text.encode("utf-8"), kind="large_html", url=url,
                                   limits=limits or _default_limits(local=local), options={"rules": rules})
        from policywatch.extract.html import extract_html

        return extract_html(text, url=url, rules=rules)
    if kind in ("text", "json"):
        return _extract_plain(text, url=url)
    raise ExtractError(f"{url}: {_unsupported(body, content_type or 'unknown content type')}")


def _unsupported(body: bytes, label: str) -> str:
    """What an unreadable body is: what its bytes still tell (a damaged or encrypted Office file),
    else `label`."""
    from policywatch.extract.sniff import unknown_reason

    return unknown_reason(body) or f"unsupported format ({label})"


def _extract_plain(text: str, *, url: str) -> ExtractedDocument:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    body = "\n".join([line for line in lines if line])  # a blank line is "" once right-stripped
    return ExtractedDocument(url=url, format="text", text=body, metadata=_meta.from_text(body))


def _file_kind(sniffed: str, by_name: str) -> str:
    """A local file's format: its bytes first, its name only where the bytes do not say.

    Text stays text whatever the name: a CSV or text file named .xls or .doc (what an export
    button or an old site hands out) went to LibreOffice, which read its UTF-8 or GBK as Latin-1
    (序号 → åºå·) and answered with that. (RTF is sniffed as doc by its bytes, whatever its
    name.) .html and .md name kinds of text."""
    if not by_name or sniffed not in ("text", "unknown"):
        return sniffed
    return by_name if sniffed == "unknown" or by_name in ("html", "text") else "text"


def extract_file(path: str | os.PathLike[str], limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Extract a local .html/.htm/.txt/.md/.pdf/.docx/.doc file (format by magic bytes, then suffix).

    `limits` defaults to LOCAL_FILE_LIMITS (generous text limits, the sandbox kept for binaries).
    """
    file = Path(path)
    try:
        body = file.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{file}: cannot read file: {exc.strerror or exc}") from None
    kind = _file_kind(sniff(body, "", ""), FILE_SUFFIXES.get(file.suffix.lower(), ""))
    if kind == "unknown":
        raise ExtractError(f"{file}: {_unsupported(body, 'not an HTML, text, PDF, DOCX or DOC file')}")
    text = None
    if kind in ("html", "xml", "text", "json") and body:
        # decoded once, by the crawler's rules: bytes no charset reads (binary data named .txt, a
        # file cut mid-character) are refused, as a fetched page would be, not read as mojibake
        decoded = decode_body(body, http_charset=None)
        if not decoded.ok:
            raise ExtractError(f"{file}: not text in any charset policywatch reads ({decoded.reason})")
        text = decoded.text
    try:
        return _extract_kind(kind, body, url=file.resolve().as_uri(), text=text, limits=limits, local=True)
    except ExtractError as exc:
        message = str(exc)
        raise ExtractError(message if file.name in message else f"{file}: {message}") from None
