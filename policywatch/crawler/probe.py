"""`policywatch probe`: fetch one listing or document page and show what policywatch would do with it.

Nothing is stored. For a listing: the links found, the pagination followed on the first page,
and whether the list is readable at all. For a document: metadata, the body's first lines,
attachments, and the stub / needs-OCR flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from policywatch.config import SourceConfig
from policywatch.crawler.apirecords import json_list_path, parse_json
from policywatch.crawler.discover import FetchPage, discover, page_text
from policywatch.crawler.profiles import profile_for
from policywatch.crawler.urls import canonicalize
from policywatch.errors import ExtractError
from policywatch.extract import extract, format_of_name, reader_for, sniff
from policywatch.extract.html import frame_urls, hollow
from policywatch.model import DocumentMetadata, DocumentRef, FetchResult, Link

FIRST_LINES = 8
# A page whose body is this short yet holds this many document links is a listing, not a document.
LISTING_MIN_LINKS = 3
LISTING_MAX_BODY = 400
# ... or whose text is at least this share of document link titles (a list of one or two).
LINKED_SHARE = 0.6
# What to try when a page could not be read: printed right under the outcome.
HINTS = {
    "not_found": "the server says the page does not exist: check the URL (a column's address often changes with a redesign)",
    "network_error": "the host did not answer: check the host name and port, and that it is reachable from here",
    "refused": "policywatch refuses this address (loopback, private or another host): for a local test site add --allow-private",
    "robots_disallowed": "robots.txt forbids this path for policywatch's user agent",
    "challenge": "the site answers with a bot check: try later or slower (min_delay), or probe from a network it trusts",
    "throttled": "the site asks for fewer requests: raise min_delay and try again later",
    "maintenance": "the site is under maintenance: try again later",
    "http_error": "the server failed (5xx): try again later",
    "too_large": "the response exceeds max_bytes: raise it for this source if the page is genuine",
}


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """What probing one URL showed."""

    url: str
    kind: str  # "listing" or "document"
    outcome: str
    status: int | None = None
    content_type: str = ""
    encoding: str = ""
    encoding_rule: str = ""
    profile: str = ""
    links: tuple[DocumentRef, ...] = ()
    pages: tuple[str, ...] = ()  # listing requests made (URL, with POST when a form was sent)
    listing_complete: bool = True
    unsupported: bool = False
    unmatched: bool = False  # a listing whose list's links the link rules refuse
    error: str = ""
    format: str = ""
    reader: str = ""  # which reader read the body (and what would read a scan of it)
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    origins: tuple[tuple[str, str], ...] = ()  # where a metadata field came from (the 文号's label)
    first_lines: tuple[str, ...] = ()
    text_chars: int = 0
    attachments: tuple[Link, ...] = ()
    is_stub: bool = False
    needs_ocr: bool = False
    warnings: tuple[str, ...] = ()

    def render_text(self, hint: str = "") -> str:
        """A plain-text report for the terminal.

        A page that could not be read starts with its outcome, the problem and what to try;
        the card of fields follows only with the fields that have something in them.
        """
        if self.outcome != "ok" and not (self.links or self.first_lines or self.text_chars):
            return self._render_failure(hint or HINTS.get(self.outcome, ""))
        out = [
            f"URL:       {self.url}",
            f"as:        {self.kind} (profile {self.profile})",
            f"outcome:   {self.outcome}" + (f" (HTTP {self.status})" if self.status else ""),
            f"type:      {self.content_type or '-'}",
            f"encoding:  {self.encoding or '-'}" + (f" (rule: {self.encoding_rule})" if self.encoding_rule else ""),
        ]
        if self.error:
            out.append(f"problem:   {self.error}")
        if self.kind == "listing":
            out.append(f"links:     {len(self.links)} document link(s)"
                       + ("" if self.listing_complete else " (more pages not read)")
                       + (" — UNSUPPORTED (JavaScript-rendered list)" if self.unsupported else ""))
            out += [f"  {ref.listed_date or '          '}  {ref.listed_title[:40]}  {ref.url}" for ref in self.links]
            out += [f"read:      {page}" for page in self.pages]
            return "\n".join(out)
        out.append(f"format:    {self.format}  ({self.text_chars} characters of body text)")
        if self.reader:
            out.append(f"reader:    {self.reader}")
        flags = [name for name, on in (("STUB: text is in the attachments", self.is_stub),
                                       ("NEEDS OCR: no text layer", self.needs_ocr)) if on]
        out += [f"flag:      {flag}" for flag in flags]
        out.append("metadata:")
        origins = dict(self.origins)
        if self.metadata.doc_number and self.format != "html":
            origins.setdefault("doc_number", "text (a 文号 line near the top)")
        out += [f"  {name:15} {value or '-'}" + (f"  (from {origins[name]})" if value and name in origins else "")
                for name, value in self.metadata.to_dict().items()]
        out.append("body (first lines):")
        out += [f"  | {line}" for line in self.first_lines] or ["  (empty)"]
        if self.attachments:
            out.append("attachments:")
            # the format is guessed from the link here; a run sniffs the downloaded bytes
            out += [f"  {link.text or '-'}  {link.url}\n      reader: {_attachment_reader(link.url)}"
                    for link in self.attachments]
        out += [f"warning:   {w}" for w in self.warnings]
        return "\n".join(out)

    def _render_failure(self, hint: str) -> str:
        out = [f"outcome:   {self.outcome}" + (f" (HTTP {self.status})" if self.status else "")]
        if self.error:
            out.append(f"problem:   {self.error}")
        if hint:
            out.append(f"hint:      {hint}")
        out.append(f"URL:       {self.url}")
        out += [f"{name + ':':10} {value}" for name, value in (
            ("type", self.content_type), ("encoding", self.encoding)) if value]
        out += [f"warning:   {w}" for w in self.warnings]
        return "\n".join(out)


def _attachment_reader(url: str) -> str:
    kind = format_of_name(url)
    return f"{kind.upper()}: {reader_for(kind)}" if kind else reader_for("")


def probe(url: str, *, source: SourceConfig, fetch_page: FetchPage, kind: str = "auto") -> ProbeReport:
    """Fetch `url` once and report what policywatch would find there, storing nothing.

    kind: "listing", "document" or "auto" (a listing URL of the source, or a page with several
    document links and little body text, is a listing).
    """
    result = fetch_page(url)
    profile = profile_for(source)
    base = ProbeReport(
        url=url, kind="document", outcome=result.outcome.value, status=result.status,
        content_type=result.content_type, encoding=result.encoding or "",
        encoding_rule=result.encoding_rule or "", profile=profile.name, error=result.detail,
    )
    if not result.ok:
        return base
    document = _document(result, source)
    if kind == "document" or document.format in ("pdf", "docx", "doc", "ofd", "xls", "pptx", "image"):
        return _as_document(base, document)
    if profile.listing != "json" and (hint := _json_hint(result)):
        document = replace(document, warnings=(*document.warnings, hint))
    listing = _listing(url, result, source, fetch_page)
    # a stub document (short text plus attachments) is not an empty listing
    little_text = document.text_chars < LISTING_MAX_BODY and not document.attachments
    is_listing = kind == "listing" or (
        canonicalize(url) in {canonicalize(u) for u in source.listing_urls}
        or ((listing.unsupported or listing.unmatched) and little_text)
        # a JSON answer probed with the json profile is that API's record list, however short
        or (profile.listing == "json" and document.format in ("json", "text"))
        or (len(listing.links) >= LISTING_MIN_LINKS and (little_text or profile.listing != "html"))
        or (little_text and _mostly_links(listing.links, document.text_chars))
    )
    if is_listing:
        return replace(base, kind="listing", links=listing.links, pages=listing.pages,
                       listing_complete=listing.listing_complete,
                       unsupported=listing.unsupported, error=listing.error or base.error)
    return _as_document(base, document)


def _json_hint(result: FetchResult) -> str:
    """How to configure a JSON list API probed with an HTML profile, or ""."""
    if sniff(result.body, result.content_type, result.url) != "json":
        return ""
    try:
        path, fields = json_list_path(parse_json(page_text(result), result.url))
    except ValueError:
        return ""
    if not fields:
        return ""
    return (f"this is a JSON list API: use profile \"json\" with json_items = \"{path}\" "
            f"(record fields: {', '.join(fields[:12])}) and json_url_field/json_title_field")


def _mostly_links(links: tuple[DocumentRef, ...], text_chars: int) -> bool:
    """True when the document links' titles make up most of the page's text (a short list)."""
    return bool(links) and sum(len(ref.listed_title) for ref in links) >= LINKED_SHARE * text_chars


def _as_document(base: ProbeReport, document: ProbeReport) -> ProbeReport:
    return replace(
        base, format=document.format, reader=document.reader, metadata=document.metadata, origins=document.origins,
        first_lines=document.first_lines,
        text_chars=document.text_chars, attachments=document.attachments, is_stub=document.is_stub,
        needs_ocr=document.needs_ocr, warnings=document.warnings, error=document.error or base.error,
    )


def _listing(url: str, first: FetchResult, source: SourceConfig, fetch_page: FetchPage) -> ProbeReport:
    """Discovery limited to this URL's first page (plus the API requests the profile makes)."""

    requested: list[str] = []

    def cached(page_url: str, data: dict[str, str] | None = None) -> FetchResult:
        requested.append(page_url if data is None else f"POST {page_url}")
        if data is None and page_url == url:
            return first
        return fetch_page(page_url, data=data) if data is not None else fetch_page(page_url)

    pages = 2 if profile_for(source).listing == "hanweb" else 1  # the column page and one dataproxy chunk
    found = discover(replace(source, listing_urls=(url,)), cached, max_pages=pages)
    return ProbeReport(url=url, kind="listing", outcome="ok", links=found.refs, pages=tuple(requested),
                       listing_complete=found.complete, unsupported=found.unsupported,
                       unmatched=bool(found.unmatched), error=found.error)


def _document(result: FetchResult, source: SourceConfig) -> ProbeReport:
    text = page_text(result) if result.text is not None or result.content_type.startswith("text") else None
    try:
        doc = extract(result.body, url=result.final_url or result.url, content_type=result.content_type,
                      text=text, rules=profile_for(source).rules)
    except ExtractError as exc:
        return ProbeReport(url=result.url, kind="document", outcome="ok", error=str(exc))
    lines = tuple(doc.text.splitlines()[:FIRST_LINES])
    warnings = doc.warnings
    # a run reads a hollow page's body from its frame (pipeline.work._framed_body); probe reads
    # the one page it is given, so it names the frames
    if doc.format == "html" and text is not None and hollow(doc.text) and (
            frames := frame_urls(text, result.final_url or result.url)):
        warnings = (*warnings, f"its body is shown in a frame: a run reads it from {', '.join(frames)}")
    return ProbeReport(
        url=result.url, kind="document", outcome="ok", format=doc.format, metadata=doc.metadata, origins=doc.origins,
        reader=f"OCR ({doc.metadata.text_source.removeprefix('ocr:')})" if doc.metadata.text_source else reader_for(doc.format),
        first_lines=lines, text_chars=len(doc.text), attachments=doc.attachments, is_stub=doc.is_stub,
        needs_ocr=doc.needs_ocr, warnings=warnings,
    )
