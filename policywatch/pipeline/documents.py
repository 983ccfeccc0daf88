"""Per-document work of a run: fetch result -> extraction -> normalization -> version -> change event."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from policywatch import crawler, diffing, extract, normalize
from policywatch.config import ExtractSettings, SourceConfig
from policywatch.model import (
    ChangeEvent,
    ChangeSet,
    DocumentRecord,
    DocumentRef,
    EventKind,
    ExtractedDocument,
    FetchOutcome,
    FetchResult,
    StoredVersion,
    Validators,
)
from policywatch.pipeline.holds import held_validity, stale_amended_text
from policywatch.state import RecordOutcome, Store

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 10  # per page; a page linking more is a listing, not a document
# recheck = "decay": daily while a document is young, weekly once it has been quiet a month.
DECAY_YOUNG = timedelta(days=30)
DECAY_YOUNG_INTERVAL = timedelta(days=1)
DECAY_OLD_INTERVAL = timedelta(days=7)


def recheck_due(policy: str, record: DocumentRecord, last_checked: datetime | None, now: datetime) -> bool:
    """Whether a known document is re-fetched in this run (last_checked: its latest fetch)."""
    if policy != "decay" or last_checked is None:
        return True
    interval = DECAY_YOUNG_INTERVAL if now - record.first_seen < DECAY_YOUNG else DECAY_OLD_INTERVAL
    # a little slack so a daily cron run that starts a few minutes early still re-checks
    return now - last_checked >= interval - timedelta(hours=1)


def compare_versions(old: StoredVersion, new: StoredVersion, *, old_label: str = "", new_label: str = "") -> ChangeSet:
    """Clause-level change set between two stored versions: of one document (labelled v1, v2 …) or
    of two documents (a predecessor and its successor, labelled by the caller)."""
    return diffing.compare(
        diffing.segment(old.display_text, title=old.metadata.title),
        diffing.segment(new.display_text, title=new.metadata.title),
        old_metadata=old.metadata,
        new_metadata=new.metadata,
        old_label=old_label or f"v{old.number}",
        new_label=new_label or f"v{new.number}",
    )


class DocumentProcessor:
    """Turns each fetched document of one source into stored versions and events."""

    def __init__(self, source: SourceConfig, *, store: Store, fetcher: crawler.Fetcher, run_id: int, first_run: bool,
                 limits: ExtractSettings | None = None):
        self.source = source
        self.limits = limits or ExtractSettings()
        self.store = store
        self.fetcher = fetcher
        self.run_id = run_id
        self.first_run = first_run
        self.rules = crawler.profile_for(source).rules
        self.new_documents = 0
        self.new_versions = 0
        self.changes = 0
        self.missing = 0
        self.events: list[ChangeEvent] = []
        self.errors: list[str] = []
        # outcomes of fetches made here (attachments), beside the ones the run loop counts
        self.outcomes: Counter[str] = Counter()

    # -- what to fetch ---------------------------------------------------------------

    def jobs(self, refs: Sequence[DocumentRef], *, now: datetime | None = None) -> list[crawler.FetchJob]:
        """Newly listed documents plus the known ones due for a re-check (a conditional GET)."""
        now = now or datetime.now(UTC)
        # new on the listing, plus listed earlier but never fetched successfully (deeper than `pages`)
        urls = [ref.url for ref in refs if self.store.document(ref.url) is None]
        urls += self.store.pending_discovered(self.source.name)
        for record in self.store.known_documents(self.source.name):
            # attachments are checked on their own too: a page may answer 304 while its PDF changes
            if recheck_due(self.source.recheck, record, self._last_checked(record), now):
                urls.append(record.url)
        unique = list(dict.fromkeys(urls))
        listed = {ref.url: ref for ref in refs}
        return [
            crawler.FetchJob(
                url=url,
                source=self.source,
                validators=self.store.validators(url),
                expected_size=self.store.expected_size(url),
                tag=listed.get(url),
            )
            for url in unique
        ]

    def _last_checked(self, record: DocumentRecord) -> datetime | None:
        """When the document was last fetched: the fetch log is the record (a 304 writes nothing else)."""
        if self.source.recheck != "decay":
            return None
        history = self.store.fetch_history(record.url, limit=1)
        return datetime.fromisoformat(history[0]["fetched_at"]) if history else None

    # -- one result --------------------------------------------------------------------

    def handle(self, job: crawler.FetchJob, result: FetchResult) -> FetchOutcome:
        """Process one fetched document; returns its final outcome (a file refused by an
        extraction limit turns an `ok` fetch into `too_large` or `unsupported`)."""
        # "phase:" debug lines mark where a run is; the crash-safety tests read them.
        logger.debug("phase: processing %s", job.url)
        record = self.store.document(job.url)
        document_id = record.id if record else None
        if result.outcome is FetchOutcome.STUB and record is not None and self._text_intact(result, record):
            result = replace(result, outcome=FetchOutcome.OK,
                             detail="the page shrank but its text did not (e.g. a script removed): not a stub")
        page, unreadable = None, None
        if result.ok:
            try:
                page = self._extract(result, job.url)
            except extract.ExtractInterrupted as exc:
                result = _interrupted(result, exc)
            except extract.ExtractRefused as exc:
                result = _refused(result, exc)
            except Exception as exc:  # raised below, once the fetch is in the log
                unreadable = exc
        self.store.record_fetch(result, run_id=self.run_id, source=self.source.name, document_id=document_id)
        if unreadable is not None:
            raise unreadable
        if result.outcome is FetchOutcome.NOT_MODIFIED:
            if document_id is not None:
                self.store.mark_fetch_ok(document_id)
            return result.outcome
        if not result.ok or page is None:
            self._failed(document_id, result.outcome.value, result.detail, job.url)
            return result.outcome
        if record is not None and record.parent_id is not None:
            self._attachment_refetched(record, result, page)
            return result.outcome
        if isinstance(job.tag, DocumentRef) and job.tag.listed_metadata is not None:
            # what the page does not show, the listing may (a JSON list API's 文号, 索引号, publisher)
            page = replace(page, metadata=page.metadata.merged(job.tag.listed_metadata))
        attachments = self._attachments(page) if self.source.attachments else []
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
            self._failed(document_id, "stub", "no text found in the content block", job.url)
            return
        parent = self._store_version(document, raw, parent_id=None)
        for attachment, fetched in attachments:
            if attachment.needs_ocr:
                self.errors.append(f"{fetched.url}: scan without a text layer, not recognised (needs_ocr); not stored")
                continue
            if attachment.text.strip():
                self._store_version(normalize.normalize_document(attachment), fetched, parent_id=parent)
        return result.outcome

    def _extract(self, result: FetchResult, url: str) -> ExtractedDocument:
        page = extract.extract(
            result.body, url=result.final_url or result.url, content_type=result.content_type,
            text=result.text, rules=self.rules, limits=self.limits, ocr=self.source.ocr,
        )
        # links resolve against the final URL, but the document is the URL that was fetched
        return replace(page, url=url)

    def _text_intact(self, result: FetchResult, record: DocumentRecord) -> bool:
        """A raw body far below its usual size whose text is still at least half the stored text.

        The crawler judges stubs by raw size; a page that loses a big inline script or style
        block shrinks without losing a word, and must not be frozen as a stub for ever.
        """
        versions = self.store.versions(record.id)
        if not result.body or not versions:
            return False
        try:
            text = normalize.normalize_text(self._extract(result, record.url).text).display
        except Exception:  # an unreadable body is a stub after all
            return False
        return len(text) >= 0.5 * len(versions[-1].display_text)

    def _attachment_refetched(self, record: DocumentRecord, result: FetchResult, attachment: ExtractedDocument) -> None:
        """An attachment checked on its own (its page may answer 304 while the PDF changes)."""
        if attachment.needs_ocr or not attachment.text.strip():
            self.errors.append(f"{record.url}: attachment has no text layer or is empty; not stored")
            return
        title = attachment.metadata.title or record.metadata.title
        attachment = replace(attachment, metadata=replace(attachment.metadata, title=title))
        self._store_version(normalize.normalize_document(attachment), result, parent_id=record.parent_id)

    def _failed(self, document_id: int | None, outcome: str, detail: str, url: str) -> None:
        logger.info("%s: %s %s", url, outcome, detail)
        if document_id is None:
            return
        if self.store.mark_fetch_failure(document_id):
            self.missing += 1
            self.events.append(
                self.store.add_event(
                    EventKind.MISSING, source=self.source.name, document_id=document_id, run_id=self.run_id,
                    message=f"{outcome}: {detail}", dedup_key=f"missing:{document_id}:{self.run_id}",
                )
            )

    def _attachments(self, page: ExtractedDocument) -> list[tuple[ExtractedDocument, FetchResult]]:
        found = []
        for link in page.attachments[:MAX_ATTACHMENTS]:
            # A stored attachment is also checked as its own job; a conditional GET keeps a changed
            # page from downloading it a second time. One whose text stands in for its page has no
            # document of its own and is always fetched in full.
            stored = self.store.document(link.url)
            validators = self.store.validators(link.url) if stored is not None else None
            result = self.fetcher.fetch(link.url, source=self.source, validators=validators)
            extracted, unreadable = None, ""
            if result.ok:
                try:
                    extracted = extract.extract(result.body, url=result.final_url or link.url,
                                                content_type=result.content_type, limits=self.limits,
                                                ocr=self.source.ocr)
                except extract.ExtractInterrupted as exc:
                    result = _interrupted(result, exc)
                except extract.ExtractRefused as exc:  # a limit hit is the fetch's honest outcome
                    result = _refused(result, exc)
                except Exception as exc:  # an unreadable attachment must not lose the page
                    unreadable = f"{link.url}: attachment unreadable: {exc}"
            self.outcomes[result.outcome.value] += 1
            self.store.record_fetch(result, run_id=self.run_id, source=self.source.name,
                                    document_id=stored.id if stored is not None else None)
            if result.outcome is FetchOutcome.NOT_MODIFIED:
                continue
            if not result.ok:
                self.errors.append(f"{link.url}: attachment {result.outcome.value}: {result.detail}")
                continue
            if extracted is None:
                self.errors.append(unreadable)
                continue
            title = extracted.metadata.title or link.text
            found.append((replace(extracted, metadata=replace(extracted.metadata, title=title)), result))
        return found

    def _store_version(self, document, raw: FetchResult, *, parent_id: int | None) -> int:  # type: ignore[no-untyped-def]
        logger.debug("phase: writing version %s", document.url)
        # a repealed or expired document stays so, an amended one keeps its derived text, while
        # its page lags behind
        document = replace(document, metadata=held_validity(self.store, document.url, document.metadata))
        if parent_id is None and stale_amended_text(self.store, document):
            record = self.store.document(document.url)
            assert record is not None
            return record.id
        outcome = self.store.record_version(
            self.source.name, document, raw=raw, run_id=self.run_id, parent_id=parent_id,
            confirm_runs=self.source.confirm_runs,
        )
        self.report(outcome)
        return outcome.document.id

    def catch_up(self) -> None:
        """Report versions an earlier, killed run stored without getting to their event."""
        for outcome in self.store.unreported(self.source.name):
            logger.info("reporting %s v%d stored by an interrupted run", outcome.document.url, outcome.version.number)
            self.report(outcome)

    def report(self, outcome: RecordOutcome) -> None:
        """Turn one stored result into its event (nothing for unchanged, pending or baseline documents)."""
        doc_id = outcome.document.id
        if outcome.kind == "new_document":
            self.new_documents += 1
            if not self.first_run:  # a first run is reported as one baseline event instead
                self._event(EventKind.NEW_DOCUMENT, doc_id, None, outcome.version.number, None, f"new:{doc_id}")
        elif outcome.kind == "new_version" and outcome.previous is not None:
            self.new_versions += 1
            changeset = compare_versions(outcome.previous, outcome.version)
            logger.debug("phase: writing change %s", outcome.document.url)
            if changeset.is_empty:
                # the comparison key moved but no clause did (e.g. text shifted between clauses)
                self.store.mark_reported(doc_id, outcome.version.number)
                return
            self.changes += 1
            self._event(
                EventKind.CHANGED, doc_id, outcome.previous.number, outcome.version.number, changeset,
                f"changed:{doc_id}:{outcome.previous.number}->{outcome.version.number}",
            )
        elif outcome.kind == "returned" and outcome.previous is not None:
            self.new_versions += 1
            self._event(
                EventKind.RETURNED, doc_id, outcome.previous.number, outcome.version.number, None,
                f"returned:{doc_id}:{outcome.previous.number}->{outcome.version.number}",
            )

    def _event(
        self, kind: EventKind, doc_id: int, old: int | None, new: int | None, changeset: ChangeSet | None, key: str
    ) -> None:
        self.events.append(
            self.store.add_event(
                kind, source=self.source.name, document_id=doc_id, old_version=old, new_version=new,
                changeset=changeset, run_id=self.run_id, dedup_key=key,
            )
        )


def _refused(result: FetchResult, exc: extract.ExtractRefused) -> FetchResult:
    """The fetch result re-labelled with the extraction limit that refused its body."""
    return replace(result, outcome=FetchOutcome(exc.outcome), detail=str(exc), body=b"", text=None)


def _interrupted(result: FetchResult, exc: extract.ExtractInterrupted) -> FetchResult:
    """The fetch result of a body whose extraction the source's deadline cut off: a failure
    without validators, so the next run fetches and reads it in full instead of getting a 304."""
    return replace(result, outcome=FetchOutcome.NETWORK_ERROR, detail=str(exc), body=b"", text=None,
                   validators=Validators())


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
