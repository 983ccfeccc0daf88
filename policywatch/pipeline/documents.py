"""Per-document store side of a run: what to fetch, then work results -> versions -> change events."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from policywatch import crawler
from policywatch.config import ExtractSettings, SourceConfig
from policywatch.errors import ExtractError
from policywatch.model import (
    ChangeEvent,
    ChangeSet,
    DocumentRecord,
    DocumentRef,
    EventKind,
    FetchOutcome,
    FetchResult,
    NormalizedDocument,
    StoredVersion,
    Validators,
)
from policywatch.pipeline.holds import held_validity, stale_amended_text
from policywatch.pipeline.work import (
    BaseVersion,
    Comparison,
    DocumentWork,
    Known,
    KnownAttachment,
    Prepared,
    compare_texts,
    prepare,
)
from policywatch.reports.announce import opening
from policywatch.state import RecordOutcome, Store

logger = logging.getLogger(__name__)


class WorkerError(Exception):
    """An exception a worker met while preparing a document, carried back as its text."""

# What the site says of a document that is gone while its listing still links it: a 404, an
# error page where it was, an error status of its own. Only these count towards a listed
# document's MISSING (settle()). The others are no sign of that: a host resting after its wait
# budget or a request cut at the source's deadline (the site was not asked, or not to the end),
# a challenge (a WAF blocks the watch, not the document, and often by request rate, the same
# documents each run: the source's health says BLOCKED), a maintenance page, and a document
# served but refused by our own limits or readers (too_large, stub, decode_error, unsupported,
# robots_disallowed, refused).
_GONE = frozenset({FetchOutcome.NOT_FOUND.value, FetchOutcome.SOFT_404.value, FetchOutcome.HTTP_ERROR.value})
# Documents of one host not read for one reason that `warnings` names one by one; more are one
# line with their count and the first of them (run --json `unread` names every one).
UNREAD_NAMED = 3
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
    return compare_texts(old.display_text, old.metadata, old.number, new.display_text, new.metadata, new.number,
                         old_label=old_label, new_label=new_label)


class DocumentProcessor:
    """Turns each fetched document of one source into stored versions and events."""

    def __init__(self, source: SourceConfig, *, store: Store, fetcher: crawler.Fetcher, run_id: int, first_run: bool,
                 limits: ExtractSettings | None = None, others: frozenset[str] = frozenset(),
                 configured: frozenset[str] | None = None):
        self.source = source
        # the sources of the configuration (None: not known, nothing is re-homed): a page this
        # source lists that is stored under a source no longer configured becomes this one's
        # (_adopt_orphans)
        self.configured = configured
        # the other sources of THIS run (not of the config: `run --source`, a daemon's schedule):
        # a listed page stored under one of them is theirs to read; one stored under a source not
        # in the run is read here, or nothing would check it until that source runs
        self.others = others - {source.name}
        self.limits = limits or ExtractSettings()
        self.store = store
        self.fetcher = fetcher
        self.run_id = run_id
        self.first_run = first_run
        self.rules = crawler.profile_for(source).rules
        # what this source's pass stored and reported, by the source each event names: a page two
        # sources list is its document's source's (see jobs()), and so is its count, or a source's
        # count in `run --json` said a change whose event names another source
        self.counts: dict[str, Counter[str]] = {}
        self.events: list[ChangeEvent] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []  # nothing failed, but worth a look (run --json `warnings`)
        # every document not read this run (run --json `unread`); said in `warnings` by unread_warnings
        self.unread: list[dict[str, Any]] = []
        # outcomes of fetches made here (attachments), beside the ones the run loop counts
        self.outcomes: Counter[str] = Counter()
        self._attachments_by_page: dict[str, dict[int, list[DocumentRecord]]] = {}
        self._checked: frozenset[str] = frozenset()  # the URLs this run fetches as jobs of their own (jobs())
        # stored documents the site answered but would not serve this run (a challenge, a 404),
        # and whether it served any document of the source: see settle()
        self._refused: list[tuple[int, str, str]] = []
        self._served = False

    # -- what to fetch ---------------------------------------------------------------

    def jobs(self, refs: Sequence[DocumentRef], *, now: datetime | None = None) -> list[crawler.FetchJob]:
        """Newly listed documents plus the known ones due for a re-check (a conditional GET)."""
        now = now or datetime.now(UTC)
        self._adopt_orphans()
        # new on the listing, plus listed earlier but never fetched successfully (deeper than `pages`)
        urls = [ref.url for ref in refs if self.store.document(ref.url) is None]
        for url, record in self._pending():
            # listed here but stored under another source (a page two sources list): a known
            # document all the same, re-checked on this source's policy like its own ones, or a
            # recheck = "decay" source fetched it every run
            if record is None or recheck_due(self.source.recheck, record, self._last_checked(record), now):
                urls.append(url)
        for record in self.store.known_documents(self.source.name):
            # attachments are checked on their own too: a page may answer 304 while its PDF changes
            if recheck_due(self.source.recheck, record, self._last_checked(record), now):
                urls.append(record.url)
        # A page two sources list (two columns of one site, a 政策文件库 and its 最新政策) is one
        # document, the one stored first (store.document(url)): read once a run, by its source
        # when that source is in the run, else here, and stored into that document either way
        # (_store_version), so no second copy is made and each change is reported once. A copy
        # an earlier version stored beside it is left as it is, no longer read.
        theirs = {url: owner for url in urls if (owner := self._read_by_another(url))}
        if theirs:
            logger.info("source %s: %d listed documents are read under another source (%s)", self.source.name,
                        len(theirs), ", ".join(sorted(set(theirs.values()))))
        unique = [url for url in dict.fromkeys(urls) if url not in theirs]
        self._checked = frozenset(unique)
        listed = {ref.url: ref for ref in refs}
        # A URL no document is stored under yet goes out unconditionally: the fetch log's validators
        # (kept for listing pages) would turn a page read but not stored (a stub, a hollow frame
        # page) into a 304 on the next run, and it was never tried nor named again.
        validators = _own_validators({url: self.store.validators(url) if self.store.document(url) is not None else None
                                      for url in unique})
        return [
            crawler.FetchJob(
                url=url,
                source=self.source,
                validators=validators[url],
                expected_size=self.store.expected_size(url),
                tag=listed.get(url),
            )
            for url in unique
        ]

    def _pending(self) -> list[tuple[str, DocumentRecord | None]]:
        """The URLs listed here with no document of this source's, each with the document stored
        under it by another source (None: none yet, its fetch failed so far)."""
        return [(url, self.store.document(url)) for url in self.store.pending_discovered(self.source.name)]

    def _adopt_orphans(self) -> None:
        """Re-home to this source the documents it lists that are stored under a source gone from
        the configuration (removed, or renamed: the same listing under a new name). Read here
        anyway (jobs()), their events said the gone source, which no subscriber's `sources`
        names any more and no report of a configured source shows: the page's changes reached
        no one who follows the source that still lists it."""
        if self.configured is None:
            return
        for url, record in self._pending():
            if record is not None and record.parent_id is None and record.source not in self.configured:
                logger.info("%s: stored under %s, no longer configured: now %s's", url, record.source,
                            self.source.name)
                self.store.rehome(record.id, self.source.name)
                self._attachments_by_page.clear()

    def _read_by_another(self, url: str) -> str:
        """The other source of this run whose document `url` is ("" when it is none's, this one's or
        a source's that is not in the run)."""
        record = self.store.document(url) if self.others else None
        return record.source if record is not None and record.source in self.others else ""

    def _last_checked(self, record: DocumentRecord) -> datetime | None:
        """When the document was last fetched: the fetch log is the record (a 304 writes nothing else)."""
        if self.source.recheck != "decay":
            return None
        history = self.store.fetch_history(record.url, limit=1)
        return datetime.fromisoformat(history[0]["fetched_at"]) if history else None

    # -- what the store knows, for the work on one document ------------------------------

    def known(self, job: crawler.FetchJob, result: FetchResult | None = None, *, compare: bool = False) -> Known:
        """The store's view of a job's document. With `result`, only what that result needs is read
        and attachments are looked up as met (the single-process path); with `compare`, the latest
        versions of the document and of its attachments are taken ahead for a worker."""
        record = self.store.document(job.url)
        lookup = None if compare else self._stored_attachment
        if record is None:
            return Known(lookup=lookup)
        latest = self._latest(record.id) if compare else None
        latest_length = len(latest.display_text) if latest is not None else None
        # the stored text's length, for a page far below its usual size (a stub?), for one that
        # says "page not found" (a notice inside the site's chrome, or a document saying so?) and
        # for one that links the document (its column's list served in its place?) or asks for a
        # password (a login wall, or a short document beside a login box?); the notice
        # is passed on, so the work does not scan the page for it again
        not_found = None
        if latest is None and result is not None and result.ok and result.text is not None:
            not_found = crawler.not_found_notice(result.text)
        if latest is None and (result is None or result.outcome is FetchOutcome.STUB or not_found
                               or (result.ok and result.text is not None and (crawler.may_list(result.text, job.url)
                                                                              or crawler.login_page(result.text)))):
            stored = self._latest(record.id)
            latest_length = len(stored.display_text) if stored is not None else None
        attachments = {}
        if compare:
            attachments = {child.url: KnownAttachment(self.store.validators(child.url), self._latest(child.id),
                                                      checked_alone=child.url in self._checked)
                           for child in self._children(record.source).get(record.id, ())}
        return Known(
            exists=True, attachment_of=record.parent_id, title=record.metadata.title, latest_length=latest_length,
            latest=latest, attachments=attachments, lookup=lookup, not_found=not_found,
        )

    def _children(self, source: str) -> dict[int, list[DocumentRecord]]:
        """A source's stored attachments by page id (read once per run): this one's, or the source
        of a page read here under its own document (see jobs())."""
        if source not in self._attachments_by_page:
            children: dict[int, list[DocumentRecord]] = {}
            for record in self.store.known_documents(source):
                if record.parent_id is not None:
                    children.setdefault(record.parent_id, []).append(record)
            self._attachments_by_page[source] = children
        return self._attachments_by_page[source]

    def _stored_attachment(self, url: str) -> KnownAttachment | None:
        stored = self.store.document(url)
        if stored is None:
            return None
        return KnownAttachment(validators=self.store.validators(url), checked_alone=url in self._checked)

    def _latest(self, document_id: int) -> BaseVersion | None:
        # the versions listed without their texts, then the last one's read: a document of many
        # versions is not inflated whole for the one text compared against
        versions = self.store.versions(document_id, texts=False)
        if not versions:
            return None
        v = versions[-1]
        return BaseVersion(document_id=document_id, number=v.number, content_hash=v.content_hash,
                           display_text=self.store.version_text(document_id, v.number), metadata=v.metadata)

    # -- one result --------------------------------------------------------------------

    def handle(self, job: crawler.FetchJob, result: FetchResult) -> FetchOutcome:
        """Work on one fetched document here, then store it (the single-process path); see apply."""
        # "phase:" debug lines mark where a run is; the crash-safety tests read them.
        logger.debug("phase: processing %s", job.url)
        return self.apply(job, self.prepare(job, result))

    def prepare(self, job: crawler.FetchJob, result: FetchResult) -> DocumentWork:
        """The work on one document in this process, reading the store as it goes."""
        return prepare(job, result, self.known(job, result), self.fetch_attachment, self.limits)

    def fetch_attachment(self, url: str, validators: Validators | None) -> FetchResult:
        return self.fetcher.fetch(url, source=self.source, validators=validators)

    def apply(self, job: crawler.FetchJob, work: DocumentWork) -> FetchOutcome:
        """Store what the work on one document found: fetches, versions, events. The only writer.

        Returns the fetch's final outcome (a file refused by an extraction limit turns an `ok`
        fetch into `too_large` or `unsupported`). An exception of the work is raised once the
        fetch is in the log: an ExtractError for an unreadable document, else the bug itself.
        """
        record = self.store.document(job.url)
        document_id = record.id if record else None
        self.store.record_fetch(work.result, run_id=self.run_id, source=self.source.name, document_id=document_id)
        if work.error is not None:
            if work.exception is not None:
                raise work.exception
            raise ExtractError(work.error) if work.error_unreadable else WorkerError(work.error)
        if work.not_modified:
            self._served = True
            if document_id is not None and self.store.mark_fetch_ok(document_id):
                self._reappeared(document_id, "unchanged")
            return work.result.outcome
        for fetched in work.attachment_fetches:
            self.outcomes[fetched.outcome.value] += 1
            stored = self.store.document(fetched.url)
            self.store.record_fetch(fetched, run_id=self.run_id, source=self.source.name,
                                    document_id=stored.id if stored is not None else None)
        self.errors.extend(work.errors)
        self.warnings.extend(work.warnings)
        if work.failure is not None:
            # a fetch failing where a redirect led is said with that address (run --json unread `at`)
            failed_at = work.result.final_url if not work.result.ok and work.result.redirects else ""
            self._failed(document_id, *work.failure, job.url, at=failed_at)
            return work.result.outcome
        self._served = True
        if work.page is not None and work.attachment_parent is not None:
            told = self._page_holds(work.page.document, work.attachment_parent)
            self._store_version(work.page, parent_id=work.attachment_parent, told=told)
        elif work.page is not None:
            parent = self._store_version(work.page, parent_id=None)
            for attachment in work.attachments:
                self._store_version(attachment, parent_id=parent)
        return work.result.outcome

    def _page_holds(self, attachment: NormalizedDocument, page_id: int) -> bool:
        """The attachment's new text was told already as its page's: the page points to it
        (详见附件) and took this text as its own, and the page's version before that held the
        attachment's stored text too (it was a pointer already, so the change from one to the
        other is the page's change). Reported under the file too, each change in it was reported
        twice; not stored under the file at all, the file's next version, once the page had text
        of its own again, was compared with its text from before the pointer and the change
        reported again. So the file's version follows the text, told already (see _store_version).

        A page that turns into a pointer in the same run as its file changes told only "real
        page → file text": its previous version is its own text, not the file's, so the file's
        own change (100万元 → 500万元) is reported under the file, or it is said nowhere."""
        versions = self.store.versions(page_id, texts=False)
        if len(versions) < 2 or versions[-1].content_hash != attachment.content_hash:
            return False
        record = self.store.document(attachment.url)
        held = self.store.versions(record.id, texts=False) if record is not None else []
        return bool(held) and versions[-2].content_hash == held[-1].content_hash

    def _failed(self, document_id: int | None, outcome: str, detail: str, url: str, *, at: str = "") -> None:
        logger.info("%s: %s %s", url, outcome, detail)
        # A document not read is said in the run, whatever the reason: a blocked or hollow
        # answer (the site's, not the document's), a body too large, a 404, a cut connection.
        # Nothing is stored (a stored document keeps its version; nothing is reported emptied).
        detail = detail.removeprefix(f"{url}: ")  # a limit's reason names the URL: said once
        self.unread.append({"url": url, "outcome": outcome, "detail": detail, "stored": document_id is not None,
                            **({"at": at} if at and at != url else {})})
        if document_id is None:
            return
        # only the site saying the document is gone counts towards a listed one's MISSING (see
        # _GONE and state mark_fetch_failure); off its listing, any failure counts
        if self.store.mark_fetch_failure(document_id, gone=outcome in _GONE):
            self._missing(document_id, outcome, detail)
        elif outcome in _GONE:
            self._refused.append((document_id, outcome, detail))

    def settle(self) -> None:
        """After the source's documents: a document still listed that the site has said gone for
        MISSING_AFTER_RUNS runs in a row (a 404, an error page where it was: _GONE) becomes MISSING
        too, once, when the site served other documents of the source this run: the fault is that
        document's. When it served none (the whole site blocked) the source's health says so
        instead of every document turning MISSING at once."""
        if not self._served:
            return
        for document_id, outcome, detail in self._refused:
            if self.store.mark_missing(document_id):
                self._missing(document_id, outcome, detail)
        self._refused.clear()

    def _count(self, what: str, document_id: int) -> None:
        """One more of `what` (a COUNTED name) under the source of the document it is of."""
        self.counts.setdefault(self._source_of(document_id), Counter())[what] += 1

    def total(self, what: str) -> int:
        """How many of `what` (a COUNTED name) this pass counted, whichever source they are of."""
        return sum(counted[what] for counted in self.counts.values())

    def _missing(self, document_id: int, outcome: str, detail: str) -> None:
        self._count("missing", document_id)
        self.events.append(
            self.store.add_event(
                EventKind.MISSING, source=self._source_of(document_id), document_id=document_id, run_id=self.run_id,
                message=f"{outcome}: {detail}", dedup_key=f"missing:{document_id}:{self.run_id}",
            )
        )

    def _reappeared(self, document_id: int, how: str, old: int | None = None, new: int | None = None) -> None:
        """A MISSING document read again: one event says it is back (its reader got the 无法访问
        alert). `how` is the store's outcome of the read (unchanged, new_version, returned,
        pending; "" when not known, after a killed run): the event's message, so the line can
        say whether the text changed while it was away; a change has its own event besides.
        Storing the event ends the MISSING status in the same transaction, so a rerun after a
        kill reports it (catch_up) and no run reports it twice."""
        self._count("reappeared", document_id)
        self.events.append(
            self.store.add_event(
                EventKind.REAPPEARED, source=self._source_of(document_id), document_id=document_id, run_id=self.run_id,
                old_version=old, new_version=new, message=how, dedup_key=f"reappeared:{document_id}:{self.run_id}",
            )
        )

    def unread_warnings(self) -> list[str]:
        """The documents not read this run, for `warnings`: each on its own line, or, when more
        than UNREAD_NAMED of one host were not read for the same reason (a host resting for the
        rest of the run after fetch.host_wait_budget: hundreds of documents), one line giving
        their count and the first few; `unread` (run --json) names every one."""
        groups: dict[tuple[str, str, str, bool], list[str]] = {}
        # where a document's redirect led is said beside it alone: grouped on, each document
        # redirected to its own address made a site-wide failure one line per document
        at_of = {entry["url"]: f" (at {entry['at']})" for entry in self.unread if entry.get("at")}
        for entry in self.unread:
            key = (urlsplit(entry["url"]).netloc, entry["outcome"], entry["detail"], entry["stored"])
            groups.setdefault(key, []).append(entry["url"])
        said = []
        for (host, outcome, detail, stored), urls in groups.items():
            if len(urls) <= UNREAD_NAMED:
                kept = "its stored version stands" if stored else "nothing stored"
                said += [f"{url}: not read this run, {outcome}: {detail}{at_of.get(url, '')} ({kept})" for url in urls]
                continue
            kept = "their stored versions stand" if stored else "nothing stored"
            said.append(f"{host}: {len(urls)} documents not read this run, {outcome}: {detail} ({kept}): "
                        f"{', '.join(urls[:UNREAD_NAMED])} and {len(urls) - UNREAD_NAMED} more (run --json: unread)")
        return said

    def _reappeared_by(self, outcome: RecordOutcome) -> None:
        """The return of a MISSING document that `outcome` stored a read of, with its versions."""
        versions = (outcome.previous.number, outcome.version.number) if outcome.previous is not None else ()
        self._reappeared(outcome.document.id, outcome.kind, *versions)

    def _store_version(self, prepared: Prepared, *, parent_id: int | None, told: bool = False) -> int:
        """Store one read document and report what changed; `told`: its text was reported already
        (as its page's, see _page_holds), so the version is stored and settled without news."""
        document = prepared.document
        logger.debug("phase: writing version %s", document.url)
        # a repealed or expired document stays so, an amended one keeps its derived text, while
        # its page lags behind
        document = replace(document, metadata=held_validity(self.store, document.url, document.metadata))
        if parent_id is None and stale_amended_text(self.store, document):
            record = self.store.document(document.url)
            assert record is not None
            return record.id
        outcome = self.store.record_version(
            self._owner(document.url, parent_id), document, raw=prepared.raw, run_id=self.run_id, parent_id=parent_id,
            confirm_runs=self.source.confirm_runs,
        )
        if told:
            self._settle_told(outcome)
        else:
            self.report(outcome, prepared.comparison)
        return outcome.document.id

    def _settle_told(self, outcome: RecordOutcome) -> None:
        """A version whose text was reported already: counted as stored, marked reported (so no
        catch_up tells it either), with no event of its own; a return from MISSING is still said."""
        if outcome.was_missing:
            self._reappeared_by(outcome)
        if outcome.kind == "new_document":
            self._count("new_documents", outcome.document.id)
        elif outcome.kind in ("new_version", "returned"):
            self._count("new_versions", outcome.document.id)
        else:
            return
        self.store.mark_reported(outcome.document.id, outcome.version.number)

    def _owner(self, url: str, parent_id: int | None) -> str:
        """The source a document read here is stored under: that of the document stored at `url`
        whichever source stored it (a page two sources list is one document), else its page's
        (an attachment goes with its page), else this one."""
        record = self.store.document(url)
        if record is None and parent_id is not None:
            record = self.store.document(parent_id)
        return record.source if record is not None else self.source.name

    def _source_of(self, document_id: int) -> str:
        """An event's source: its document's, which another source of the run may have read."""
        record = self.store.document(document_id)
        return record.source if record is not None else self.source.name

    def catch_up(self) -> None:
        """Report versions an earlier, killed run stored without getting to their event."""
        self._adopt_orphans()  # told under this source, like the run's own news of them
        for document_id in self.store.back_unreported(self.source.name):
            logger.info("reporting the return of document %d read again by an interrupted run", document_id)
            self._reappeared(document_id, "")
        for outcome in [*self.store.unreported(self.source.name), *self._owed_elsewhere()]:
            logger.info("reporting %s v%d stored by an interrupted run", outcome.document.url, outcome.version.number)
            self.report(outcome)

    def _owed_elsewhere(self) -> list[RecordOutcome]:
        """Versions a killed run of this source stored into another source's documents (a page both
        list, that source not in the run: see jobs()) without their event. Told by this source's
        next run, like its own, not only once that source runs again (it may never)."""
        theirs: dict[str, set[int]] = {}
        for _url, record in self._pending():
            if record is not None and record.source != self.source.name and record.source not in self.others:
                theirs.setdefault(record.source, set()).add(record.id)
        return [outcome for source, ids in theirs.items() for outcome in self.store.unreported(source)
                if outcome.document.id in ids or outcome.document.parent_id in ids]

    def report(self, outcome: RecordOutcome, comparison: Comparison | None = None) -> None:
        """Turn one stored result into its event (nothing for unchanged, pending or baseline documents).

        `comparison` is a change set a worker computed ahead; it is used only when the store made
        exactly the version it was computed for, else the comparison is made here.
        """
        doc_id = outcome.document.id
        if outcome.was_missing:  # said first: the change, if any, is told by its own event below
            self._reappeared_by(outcome)
        if outcome.kind == "new_document":
            self._count("new_documents", doc_id)
            if not self.first_run:  # a first run is reported as one baseline event instead
                # the message is what the document says, so a digest entry is more than a title
                said = opening(outcome.version.display_text, outcome.version.metadata)
                self._event(EventKind.NEW_DOCUMENT, doc_id, None, outcome.version.number, None, f"new:{doc_id}",
                            message=said)
        elif outcome.kind == "new_version" and outcome.previous is not None:
            self._count("new_versions", doc_id)
            changeset = _matching(comparison, outcome) or compare_versions(outcome.previous, outcome.version)
            logger.debug("phase: writing change %s", outcome.document.url)
            if changeset.is_empty or _only_named_now(changeset):
                # the comparison key moved but no clause did (e.g. text shifted between clauses),
                # or the page now gives a 文号 it did not: kept in the version, no news of its own
                self.store.mark_reported(doc_id, outcome.version.number)
                return
            self._count("changes", doc_id)
            self._event(
                EventKind.CHANGED, doc_id, outcome.previous.number, outcome.version.number, changeset,
                f"changed:{doc_id}:{outcome.previous.number}->{outcome.version.number}",
            )
        elif outcome.kind == "returned" and outcome.previous is not None:
            self._count("new_versions", doc_id)
            self._event(
                EventKind.RETURNED, doc_id, outcome.previous.number, outcome.version.number, None,
                f"returned:{doc_id}:{outcome.previous.number}->{outcome.version.number}",
            )

    def _event(
        self, kind: EventKind, doc_id: int, old: int | None, new: int | None, changeset: ChangeSet | None, key: str,
        message: str = "",
    ) -> None:
        self.events.append(
            self.store.add_event(
                kind, source=self._source_of(doc_id), document_id=doc_id, old_version=old, new_version=new,
                changeset=changeset, run_id=self.run_id, dedup_key=key, message=message,
            )
        )


# Fields that name a document rather than say anything of it. One read where none was read
# before is the page's table filled in, or an upgraded extractor reading what it skipped (an
# order's number, 南湖市人民政府令第3号, as 发文字号): every stored 规章 would otherwise announce
# "发文字号 ∅ → …" once. A value that changes, or any other field (有效性 ∅ → 失效), is news.
_NAMING_FIELDS = frozenset({"doc_number", "issuer"})


def _only_named_now(changeset: ChangeSet) -> bool:
    """The change set says only that the document now carries a name it did not carry: a 文号 or
    an issuer read where none was, with no clause and no other field changed."""
    return (not changeset.changes and bool(changeset.metadata_changes)
            and all(m.field in _NAMING_FIELDS and not m.old for m in changeset.metadata_changes))


def _own_validators(found: dict[str, Validators | None]) -> dict[str, Validators | None]:
    """Each URL's stored validators, but none for a URL whose ETag another document also has.

    Some CMSs send one ETag (and one Last-Modified) for every page, computed from the template,
    and answer 304 to any request carrying it: sent, it would hide every edit for ever. A
    validator two documents share names neither, so those documents are fetched in full."""
    by_etag = Counter(v.etag for v in found.values() if v is not None and v.etag)
    shared = {etag for etag, count in by_etag.items() if count > 1}
    if shared:
        logger.info("%d document(s) share an ETag (%s): fetched without validators",
                    sum(by_etag[etag] for etag in shared), ", ".join(sorted(shared)[:3]))
    return {url: None if v is not None and v.etag in shared else v for url, v in found.items()}


def _matching(comparison: Comparison | None, outcome: RecordOutcome) -> ChangeSet | None:
    """The precomputed change set if it compares exactly the two versions the store holds."""
    if comparison is None or outcome.previous is None or not comparison.fits(outcome.previous, outcome.version):
        return None
    logger.debug("change set of %s v%d computed ahead by the worker", outcome.document.url, outcome.version.number)
    return comparison.changeset
