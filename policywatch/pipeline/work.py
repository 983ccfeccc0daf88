"""The per-document work of a run, free of the store: fetch result -> extract -> normalize -> compare.

`prepare(job, result, known, fetch)` is everything a run does with one fetched document before
it is stored: the stub check, the attachments (fetched through `fetch`), extraction,
normalization and, when `known` carries the latest stored version, the clause comparison
against it. It reads nothing but its arguments, so the single-process run
(`DocumentProcessor.handle`) and a Celery worker (`policywatch.distributed`) call the very same
function; only the process that applies the result (`DocumentProcessor.apply`) writes the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from policywatch import crawler, diffing, extract, normalize
from policywatch.config import ExtractSettings, SourceConfig
from policywatch.errors import ExtractError
from policywatch.lazyre import LazyRegex
from policywatch.model import (
    ChangeSet,
    DocumentMetadata,
    DocumentRef,
    ExtractedDocument,
    FetchOutcome,
    FetchResult,
    Link,
    NormalizedDocument,
    StoredVersion,
    Validators,
)
from policywatch.wording import evidence, phrase

MAX_ATTACHMENTS = 10  # per page; a page linking more is a listing, not a document
_SURROGATE = LazyRegex("[\ud800-\udfff]")

# fetch(url, validators) -> the attachment's FetchResult
FetchAttachment = Callable[[str, Validators | None], FetchResult]


@dataclass(frozen=True, slots=True)
class BaseVersion:
    """The latest stored version of a document, as much of it as a comparison needs."""

    document_id: int
    number: int
    content_hash: str
    display_text: str
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)


@dataclass(frozen=True, slots=True)
class KnownAttachment:
    """A stored attachment of the job's page: its validators for a conditional GET, its latest version.

    checked_alone: the run fetches it as its own job (stored attachments are re-checked on their
    own, as a page may answer 304 while its PDF changes)."""

    validators: Validators | None = None
    latest: BaseVersion | None = None
    checked_alone: bool = False


@dataclass(frozen=True, slots=True)
class Known:
    """What the store knew about a job's document when the work was planned.

    attachment_of: the page id when the document is itself a stored attachment.
    latest_length: length of the latest stored text (a "stub" that kept its text is no stub).
    attachments: the page's stored attachments by URL, taken ahead (distributed mode);
    lookup: asks the store itself for any other link (single process only: never serialized).
    latest / attachments[url].latest: set only when the work also compares (distributed mode).
    not_found: the "page not found" notice of the fetched page (crawler.not_found_notice; "" for
    none) when planning the work looked for one, else None: the page is scanned once per fetch.
    """

    exists: bool = False
    attachment_of: int | None = None
    title: str = ""
    latest_length: int | None = None
    latest: BaseVersion | None = None
    attachments: Mapping[str, KnownAttachment] = field(default_factory=dict)
    lookup: Callable[[str], KnownAttachment | None] | None = field(default=None, metadata={"local": True})
    not_found: str | None = field(default=None, metadata={"local": True})

    def attachment(self, url: str) -> KnownAttachment | None:
        """What the store holds for an attachment link (None: nothing)."""
        found = self.attachments.get(url)
        if found is None and self.lookup is not None:
            return self.lookup(url)
        return found


@dataclass(frozen=True, slots=True)
class Comparison:
    """A change set computed against `base`, valid only if the store makes `base.number + 1` of this text."""

    base: BaseVersion
    changeset: ChangeSet
    new_text_sha256: str  # of the compared display text
    new_metadata: DocumentMetadata

    def fits(self, old: StoredVersion, new: StoredVersion) -> bool:
        """Whether it compares exactly these two stored versions."""
        base = self.base
        return ((base.document_id, base.number, base.content_hash) == (old.document_id, old.number, old.content_hash)
                and new.number == base.number + 1 and new.metadata == self.new_metadata
                and text_sha256(new.display_text) == self.new_text_sha256)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Prepared:
    """One normalized document ready to be stored, with the fetch that brought it."""

    document: NormalizedDocument
    raw: FetchResult
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class DocumentWork:
    """Everything the run learnt from one job, to be applied to the store in one place.

    result: the job's fetch (a stub that kept its text is turned into ok).
    attachment_fetches: every attachment fetch made, in order, for the fetch log.
    failure: (outcome, detail) when the document could not be read (a failed fetch, no text).
    page: the page's (or a re-fetched attachment's) document; attachments: the page's attachments.
    warnings: worth a look though nothing failed (attachment links beyond MAX_ATTACHMENTS not followed).
    error: "Type: message" of an exception while preparing; nothing else is then applied.
    error_unreadable: the exception was an ExtractError (the document cannot be read), not a bug.
    exception: the exception itself, when prepared in this process (never sent by a worker).
    """

    result: FetchResult
    attachment_fetches: tuple[FetchResult, ...] = ()
    failure: tuple[str, str] | None = None
    page: Prepared | None = None
    attachment_parent: int | None = None  # set when `page` is a stored attachment re-fetched on its own
    attachments: tuple[Prepared, ...] = ()
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    error_unreadable: bool = False
    exception: Exception | None = field(default=None, compare=False, metadata={"local": True})

    @property
    def not_modified(self) -> bool:
        return self.result.outcome is FetchOutcome.NOT_MODIFIED


def prepare(
    job: crawler.FetchJob, result: FetchResult, known: Known, fetch: FetchAttachment,
    limits: ExtractSettings | None = None,
) -> DocumentWork:
    """The work on one fetched document; an exception becomes `error` (one document must not stop its source).

    `limits` bound the extraction of each file (a file over them makes the fetch too_large or
    unsupported, which is then the fetch's recorded outcome).
    """
    rules = crawler.profile_for(job.source).rules
    page = None
    try:
        # a stored file checked on its own: a web page answering for it (far smaller than the
        # file: a stub by size) is judged before anything reads it
        if (known.attachment_of is not None and (result.ok or result.outcome is FetchOutcome.STUB)
                and (notice := _not_the_file(result, job.url, job.source)) is not None):
            result = notice
        if result.outcome is FetchOutcome.STUB and known.exists and _text_intact(result, known, job, rules, limits):
            result = replace(result, outcome=FetchOutcome.OK,
                             detail="the page shrank but its text did not (e.g. a script removed): not a stub")
        if result.ok:
            try:
                page = _extract(result, job.source, job.url, rules, limits)
                notice = _page_not_found(job, result, page, known)
                if notice is not None:
                    result, page = notice, None
            except extract.ExtractInterrupted as exc:
                result = interrupted(result, exc)
            except extract.ExtractRefused as exc:
                result = refused(result, exc)
        return _prepare(job, result, page, known, fetch, limits)
    except Exception as exc:
        return DocumentWork(result=result, error=f"{type(exc).__name__}: {exc}",
                            error_unreadable=isinstance(exc, ExtractError), exception=exc)


def whole_characters(meta: DocumentMetadata) -> DocumentMetadata:
    """`meta` with every lone surrogate replaced by U+FFFD. A JSON list API's "\\ud800" decodes
    to one, which no UTF-8 store can hold: storing the document raised, and the one record
    failed its whole source on every run."""
    fields = meta.to_dict()
    broken = {k: v for k, v in fields.items() if isinstance(v, str) and _SURROGATE.search(v)}
    if not broken:
        return meta
    # through UTF-16, a well-formed pair stays the character it encodes; a lone half is replaced
    return DocumentMetadata.from_dict({**fields, **{k: v.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
                                                    for k, v in broken.items()}})


def refused(result: FetchResult, exc: extract.ExtractRefused) -> FetchResult:
    """The fetch result re-labelled with the extraction limit that refused its body."""
    return replace(result, outcome=FetchOutcome(exc.outcome), detail=str(exc), body=b"", text=None)


def interrupted(result: FetchResult, exc: extract.ExtractInterrupted) -> FetchResult:
    """The fetch result of a body whose extraction the source's deadline cut off: a failure
    without validators, so the next run fetches and reads it in full instead of getting a 304."""
    return replace(result, outcome=FetchOutcome.NETWORK_ERROR, detail=str(exc), body=b"", text=None,
                   validators=Validators())


def _prepare(job: crawler.FetchJob, result: FetchResult, page: ExtractedDocument | None, known: Known,
             fetch: FetchAttachment, limits: ExtractSettings | None) -> DocumentWork:
    source = job.source
    if result.outcome is FetchOutcome.NOT_MODIFIED:
        return DocumentWork(result=result)
    if not result.ok or page is None:
        return DocumentWork(result=result, failure=(result.outcome.value, result.detail))
    if known.attachment_of is not None:
        return _attachment_refetched(job, result, page, known)
    if isinstance(job.tag, DocumentRef) and job.tag.listed_metadata is not None:
        # what the page does not show, the listing may (a JSON list API's 文号, 索引号, publisher)
        page = replace(page, metadata=page.metadata.merged(whole_characters(job.tag.listed_metadata)))
    fetches: list[FetchResult] = []
    errors: list[str] = []
    page, parts_failed = _join_parts(page, result, source, fetch, limits, fetches)
    if not parts_failed:
        page, parts_failed = _framed_body(page, result, source, fetch, limits, fetches)
    if parts_failed:
        # a document read in part would be reported as cut short: not read this run at all
        return DocumentWork(result=result, attachment_fetches=tuple(fetches), failure=parts_failed)
    if fetches:  # its later pages may change while the first answers 304: always read in full
        result = replace(result, validators=Validators())
    links = _canonical_links(page.attachments) if source.attachments else []
    # what the page's reader had to say (a body_selector that missed a redesigned page) is the run's to say
    warnings = [f"{job.url}: {why}" for why in page.warnings] + _attachments_left(links, job.url)
    attachments = _attachments(links[:MAX_ATTACHMENTS], source, known, fetch, limits, fetches, errors, warnings,
                               stub=page.is_stub)
    raw = result
    if page.is_stub:
        page, used = _take_attachment_text(page, attachments)
        # The attachment became the page's own text: storing it again would report it twice.
        attachments = [a for i, a in enumerate(attachments) if i != used]
        if used is not None:
            # The page's validators say nothing about the attachment: without them the page
            # (and so its attachment) is fetched in full on every run.
            raw = replace(result, validators=Validators())
    document = normalize.normalize_document(page)
    if not document.comparison_key:
        return DocumentWork(result=result, attachment_fetches=tuple(fetches), errors=tuple(errors),
                            warnings=tuple(warnings), failure=("stub", "no text found in the content block"))
    stored: list[Prepared] = []
    for attachment, fetched in attachments:
        if attachment.needs_ocr:
            errors.append(f"{fetched.url}: scan without a text layer, not recognised (needs_ocr); not stored")
            continue
        if attachment.text.strip():
            normalized = normalize.normalize_document(attachment)
            stored_attachment = known.attachment(fetched.url)
            latest = stored_attachment.latest if stored_attachment is not None else None
            stored.append(Prepared(normalized, fetched, _compare(latest, normalized)))
    return DocumentWork(
        result=result, attachment_fetches=tuple(fetches), errors=tuple(errors), warnings=tuple(warnings),
        page=Prepared(document, raw, _compare(known.latest, document)), attachments=tuple(stored),
    )


def compare_texts(
    old_text: str, old_metadata: DocumentMetadata, old_number: int,
    new_text: str, new_metadata: DocumentMetadata, new_number: int,
    *, old_label: str = "", new_label: str = "",
) -> ChangeSet:
    """Clause-level change set between two versions: of one document (labelled v1, v2 …) or of two
    documents (a predecessor and its successor, labelled by the caller)."""
    return diffing.compare(
        diffing.segment(old_text, title=old_metadata.title),
        diffing.segment(new_text, title=new_metadata.title),
        old_metadata=old_metadata,
        new_metadata=new_metadata,
        old_label=old_label or f"v{old_number}",
        new_label=new_label or f"v{new_number}",
    )


def _compare(base: BaseVersion | None, new: NormalizedDocument) -> Comparison | None:
    """Compare ahead of storing when the text moved off the latest version (the store decides later)."""
    if base is None or base.content_hash == new.content_hash:
        return None
    changeset = compare_texts(base.display_text, base.metadata, base.number,
                              new.display_text, new.metadata, base.number + 1)
    return Comparison(base, changeset, text_sha256(new.display_text), new.metadata)


def _extract(result: FetchResult, source: SourceConfig, url: str, rules: object,
             limits: ExtractSettings | None) -> ExtractedDocument:
    page = extract.extract(
        result.body, url=result.final_url or result.url, content_type=result.content_type,
        text=result.text, rules=rules, limits=limits, ocr=source.ocr,  # type: ignore[arg-type]
    )
    # links resolve against the final URL, but the document is the URL that was fetched
    return replace(page, url=url)


def _page_not_found(job: crawler.FetchJob, result: FetchResult, page: ExtractedDocument,
                    known: Known) -> FetchResult | None:
    """The fetch as a soft_404 when the page is not the document but the site saying it is gone,
    else None: a redirect to the column's listing page, a login page, or, for a stored document whose text
    shrank to a fraction of the stored text, a "page not found" notice inside the site's chrome or
    the column's list (linking this document among others: CSRC's index when throttled).

    The crawler cannot tell by size: a portal's menus and footer make such a page as large as the
    document's was. Its text (the densest block left: the footer) is a fraction of the stored
    text: storing it would report every clause deleted, then every clause back when the page
    returns."""
    if result.redirects and result.final_url in {crawler.canonicalize(u) or u for u in job.source.listing_urls}:
        return replace(result, outcome=FetchOutcome.SOFT_404,
                       # where it led is the unread entry's `at`: in the detail too it was said twice, and a
                       # column's documents redirected each to their own address were one line each
                       detail=evidence("listing_redirect"))
    shrank = (result.text is not None and known.latest_length is not None
              and len(page.text) < known.latest_length * crawler.STUB_RATIO)
    shrunk = evidence("shrunk", length=len(page.text), stored=known.latest_length)
    # A short document may sit beside a portal's login box: a password field and little text make
    # a login wall only where the site sent the document to one, or when the stored text shrank.
    walled = bool(result.redirects) and crawler.login_url(result.final_url or "", job.url)
    if (page.format == "html" and result.text is not None and (walled or shrank)
            and crawler.login_page(result.text)):
        said = (evidence("login_page_at", status=result.status) if walled
                else f"{evidence('login_page', status=result.status)}; {shrunk}")
        return replace(result, outcome=FetchOutcome.SOFT_404, detail=said)
    if result.text is None or not shrank:
        return None
    found = known.not_found if known.not_found is not None else crawler.not_found_notice(result.text)
    if found:
        return replace(result, outcome=FetchOutcome.SOFT_404,
                       detail=f"{evidence('not_found_in_site', status=result.status, marker=found)}; {shrunk}")
    # a page become a pointer to its 附件 is the document still: they stand in for its text
    if not page.is_stub and crawler.lists_document(result.text, page_url=result.final_url or result.url, url=job.url,
                                                   source=job.source):
        return replace(result, outcome=FetchOutcome.SOFT_404,
                       detail=f"{evidence('list_in_place', status=result.status)}; {shrunk}")
    return None


def _not_the_file(result: FetchResult, url: str, source: SourceConfig) -> FetchResult | None:
    """The fetch as a soft_404 when the site's error, "not found", login or list page answered for
    an attachment's file (`url`), else None. Asked before the answer is read as the file: the
    list check parses the page, and a page that is no file is then parsed once, not read as the
    file first and parsed again.

    A file link (….pdf, a download script, a stored PDF checked on its own) may answer with such a
    page, with HTTP 200 and often as application/pdf: "HTTP Status 500", "文件不存在" in the site's
    chrome, the column or home page. Read as the file, it was stored as a new attachment, or as a
    version of the stored one with every clause gone. Any other HTML answer is the file: Word and
    Excel "save as web page" .doc/.xls files and .htm 附件 are published so."""
    if (result.text is None or extract.sniff(result.body, result.content_type, result.final_url or url) not in _WEB_PAGE
            or crawler.office_html(result.text)):
        return None
    why = crawler.error_page_for_file(result.text)
    if not why and crawler.lists_documents(result.text, page_url=result.final_url or result.url, source=source):
        why = "a list of the site's documents"
    if not why:
        return None
    title = crawler.page_title(result.text)  # as the page says it
    return replace(result, outcome=FetchOutcome.SOFT_404, body=b"", text=None,
                   detail=f"a web page{f' ({title!r})' if title else ''} answered for the file, not the file: {why} "
                          f"(HTTP {result.status}, Content-Type {result.content_type or 'none'!r})")


_WEB_PAGE = frozenset(("html", "xml"))  # the formats extract reads as a web page (format "html")


def _text_intact(result: FetchResult, known: Known, job: crawler.FetchJob, rules: object,
                 limits: ExtractSettings | None) -> bool:
    """A raw body far below its usual size whose text is still at least half the stored text.

    The crawler judges stubs by raw size; a page that loses a big inline script or style
    block shrinks without losing a word, and must not be frozen as a stub for ever.
    """
    if not result.body or not known.latest_length:
        return False
    try:
        text = normalize.normalize_text(_extract(result, job.source, job.url, rules, limits).text).display
    except Exception:  # an unreadable body is a stub after all
        return False
    return len(text) >= 0.5 * known.latest_length


def _join_parts(page: ExtractedDocument, result: FetchResult, source: SourceConfig, fetch: FetchAttachment,
                limits: ExtractSettings | None, fetches: list[FetchResult]) -> tuple[ExtractedDocument, tuple[str, str] | None]:
    """The article with the text of the pages it continues on (…_2.html, …_3.html) appended, or
    (page, failure) when a part could not be read. Each part's fetch is logged with the page's."""
    if result.text is None or page.format != "html":
        return page, None
    from policywatch.extract.html import continuation_urls  # bs4 is loaded already for an HTML page

    urls = continuation_urls(result.text, result.final_url or result.url)
    texts = [page.text]
    attachments = list(page.attachments)  # a 附件 line is often under the last part only
    rules = crawler.profile_for(source).rules
    for number, url in enumerate(urls, start=2):
        part = fetch(url, None)
        fetches.append(part)
        try:
            read = _extract(part, source, url, rules, limits) if part.ok else None
            text = read.text if read is not None else ""
            attachments += read.attachments if read is not None else ()
        except ExtractError as exc:
            text, part = "", replace(part, detail=str(exc))
        if not text.strip():  # the article is hollow without it: a stub this run, whatever the part's trouble
            why = f"{part.outcome.value}{': ' + part.detail if part.detail else ''}"
            return page, ("stub", f"page {number} of the article ({url}) not read ({why}); the article is not "
                                  "read in part")
        texts.append(text)
    if len(texts) == 1:
        return page, None
    return replace(page, text="\n".join(texts), attachments=tuple(attachments)), None


def _framed_body(page: ExtractedDocument, result: FetchResult, source: SourceConfig, fetch: FetchAttachment,
                 limits: ExtractSettings | None, fetches: list[FetchResult]) -> tuple[ExtractedDocument, tuple[str, str] | None]:
    """The page with its body read from the frame that shows it, when its own text is hollow and it
    has frames on its host (<iframe src="…_body.html">, a <frameset>): the frame with the most
    text is the body, the others (a head frame with the 信息公开 block) only fill metadata the page
    lacks. Read as it was, the page was stored as its nav line and title, or not at all, and an
    edit inside the frame was never seen. (page, failure) when no frame could be read. Each
    frame's fetch is logged with the page's, so the page is fetched in full on every run."""
    if result.text is None or page.format != "html":
        return page, None
    # bs4 is loaded already for an HTML page
    from policywatch.extract.html import frame_urls, hollow, is_stub, site_furniture

    if not hollow(page.text):
        return page, None
    # a frame showing one of the page's 附件 is left to them: a page pointing to its file takes the
    # file's text as its own (the stub rule), and read here too it was stored twice
    attached = {link.url.partition("#")[0] for link in page.attachments}
    urls = [url for url in frame_urls(result.text, result.final_url or result.url) if url not in attached]
    if not urls:
        return page, None
    rules = crawler.profile_for(source).rules
    read: list[ExtractedDocument] = []
    bodies: list[ExtractedDocument] = []  # the frames that are no header, footer or menu include
    trouble, furniture = [], []
    for url in urls:
        frame = fetch(url, None)
        fetches.append(frame)
        try:
            if frame.ok:
                read.append(shown := _extract(frame, source, url, rules, limits))
                why = site_furniture(frame.text, frame.final_url or url) if shown.format == "html" and frame.text else ""
                if why:
                    furniture.append(f"{url} ({why})")
                else:
                    bodies.append(shown)
                continue
        except ExtractError as exc:
            frame = replace(frame, detail=str(exc))
        trouble.append(f"{url} ({frame.outcome.value}{': ' + frame.detail if frame.detail else ''})")
    body = max(bodies, key=lambda frame: len(frame.text.strip()), default=None)
    if body is None or len(body.text.strip()) <= len(page.text.strip()):
        if trouble:
            return page, ("stub", f"its body is shown in a frame not read: {'; '.join(trouble)}")
        if furniture and not bodies and not page.attachments:
            # its title and date stored as the document, every edit of its body unseen: said instead
            return page, ("stub", "no text of its own, and its frames hold only the site's furniture: "
                                  f"{'; '.join(furniture)}")
        return page, None
    metadata = page.metadata
    for frame in [body, *(f for f in read if f is not body)]:
        metadata = metadata.merged(frame.metadata)
    attachments = (*page.attachments, *body.attachments)
    return replace(page, text=body.text, metadata=metadata, attachments=attachments,
                   is_stub=is_stub(body.text, attachments), warnings=(*page.warnings, *body.warnings)), None


def _attachment_refetched(job: crawler.FetchJob, result: FetchResult, attachment: ExtractedDocument,
                          known: Known) -> DocumentWork:
    """An attachment checked on its own (its page may answer 304 while the PDF changes)."""
    if attachment.needs_ocr or not attachment.text.strip():
        return DocumentWork(result=result, errors=(phrase("attachment_no_text", url=job.url),))
    title = attachment.metadata.title or known.title
    attachment = replace(attachment, metadata=replace(attachment.metadata, title=title))
    document = normalize.normalize_document(attachment)
    return DocumentWork(result=result, page=Prepared(document, result, _compare(known.latest, document)),
                        attachment_parent=known.attachment_of, warnings=tuple(_extraction_warnings(attachment)))


def _attachments(
    links: list[Link], source: SourceConfig, known: Known, fetch: FetchAttachment,
    limits: ExtractSettings | None, fetches: list[FetchResult], errors: list[str], warnings: list[str],
    *, stub: bool = False,
) -> list[tuple[ExtractedDocument, FetchResult]]:
    """The page's attachments fetched and read (`stub`: the page only points to them, so one of
    them may have to stand in for its text)."""
    found = []
    for link in links:
        # A stored attachment checked as its own job this run is read there, once: fetched here
        # too, it was downloaded twice from a server that ignores conditional GETs, and a failure
        # was said twice (an error here, a document not read there). One whose text stands in for
        # its page has no document of its own and is always fetched in full, as is every file of
        # a page that has become such a pointer.
        stored = known.attachment(link.url)
        if stored is not None and stored.checked_alone and not stub:
            continue
        # a pointer's files in full (no validators): a 304 for its stored PDF left the page with
        # only its "详见附件" line, stored as a version with every clause deleted
        result = fetch(link.url, stored.validators if stored is not None and not stub else None)
        extracted, unreadable = None, ""
        if result.ok and (notice := _not_the_file(result, link.url, source)) is not None:
            result = notice
        if result.ok:
            try:
                extracted = extract.extract(result.body, url=result.final_url or link.url,
                                            content_type=result.content_type, limits=limits, ocr=source.ocr)
            except extract.ExtractInterrupted as exc:
                result = interrupted(result, exc)
            except extract.ExtractRefused as exc:  # a limit hit is the fetch's honest outcome
                result = refused(result, exc)
            except Exception as exc:  # an unreadable attachment must not lose the page
                unreadable = f"{phrase('attachment_unreadable', url=link.url)}{exc}"
        fetches.append(result)
        if result.outcome is FetchOutcome.NOT_MODIFIED:
            continue
        if not result.ok:
            errors.append(f"{phrase('attachment', url=link.url)}{result.outcome.value}: {result.detail}")
            continue
        if extracted is None:
            errors.append(unreadable)
            continue
        warnings.extend(_extraction_warnings(extracted))
        title = extracted.metadata.title or _file_title(link.text, result)
        found.append((replace(extracted, metadata=replace(extracted.metadata, title=title)), result))
    return found


def _file_title(link_text: str, result: FetchResult) -> str:
    """What to call an attachment whose file states no title: its link's text, unless that only
    says 下载 / 附件1, then the name its download gave (Content-Disposition) without the extension."""
    from policywatch.extract.html import GENERIC_FILE_LINK

    if link_text and not GENERIC_FILE_LINK.fullmatch(link_text):
        return link_text
    name = crawler.disposition_filename(result.headers)
    stem, dot, ext = name.rpartition(".")
    return (stem if dot and len(ext) <= 4 else name) or link_text


def _extraction_warnings(attachment: ExtractedDocument) -> list[str]:
    """What the reader of an attachment had to say, each line naming the file: a ZIP's members
    left unread (encrypted, unsafe name, no reader), a scan's text recognised by OCR or left
    unread (OCR off, no engine). Whatever the format, it is said, never dropped."""
    return [f"{attachment.url}: {why}" for why in attachment.warnings]


def _attachments_left(links: list[Link], url: str) -> list[str]:
    """A warning when the page links more attachments than are followed: never dropped unsaid."""
    if len(links) <= MAX_ATTACHMENTS:
        return []
    return [f"{url}: {len(links)} attachment links; the first {MAX_ATTACHMENTS} were followed, "
            f"{len(links) - MAX_ATTACHMENTS} not ({links[MAX_ATTACHMENTS].url} …)"]


def _canonical_links(links: tuple[Link, ...]) -> list[Link]:
    """The page's attachment links under the URL spelling listings use (no session id, tracking
    or cache-busting parameter), each once: fj.pdf;jsessionid=… is the same file on every run."""
    canonical: dict[str, Link] = {}
    for link in links:
        url = crawler.canonicalize(link.url) or link.url
        canonical.setdefault(url, replace(link, url=url))
    return list(canonical.values())


def _take_attachment_text(
    page: ExtractedDocument, attachments: list[tuple[ExtractedDocument, FetchResult]]
) -> tuple[ExtractedDocument, int | None]:
    """A page that only says "see attachment" takes its first readable attachment's text."""
    for index, (attachment, _) in enumerate(attachments):
        if attachment.text.strip():
            merged = replace(page, text=attachment.text, metadata=page.metadata.merged(attachment.metadata),
                             format=attachment.format)
            return merged, index
    return page, None
