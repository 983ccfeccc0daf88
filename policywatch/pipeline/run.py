"""One crawl-and-report pass over the configured sources: the order of the stages and the counts."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from policywatch import crawler, reports
from policywatch.config import ExtractSettings, Settings, SourceConfig
from policywatch.errors import BrokerError, ConfigError, ExtractError, PolicywatchError, StoreError
from policywatch.extract.sandbox import time_limit as extract_time_limit
from policywatch.model import ChangeEvent, EventKind, FetchOutcome, RunSummary
from policywatch.pipeline.documents import DocumentProcessor
from policywatch.pipeline.lineage import LineageLinker
from policywatch.pipeline.reportview import ReportView
from policywatch.pipeline.templates import template_errors
from policywatch.pipeline.workers import LocalWorkers, Workers
from policywatch.state import Store
from policywatch.wording import health_failing, health_recovered, phrase, plural, unread_note

logger = logging.getLogger(__name__)

# Called as progress(phase, done, total, label); the CLI draws a bar on a terminal, logs otherwise.
Progress = Callable[[str, int, int, str], None]


def _no_progress(phase: str, done: int, total: int, label: str) -> None:
    return None


@dataclass
class SourceTally:
    """What happened to one source in this run."""

    outcomes: Counter[str] = field(default_factory=Counter)
    # RunSummary.COUNTS by the source each event names: this source's own, and a page another
    # source stored that this one read (its change's event names that source, so does its count)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    events: list[ChangeEvent] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unread: list[dict[str, Any]] = field(default_factory=list)  # each document not read (run --json `unread`)
    failed: bool = False
    first_run: bool = False  # the source's first crawl: what it finds is the baseline
    stopped: bool = False  # asked to stop part-way: the documents not reached are simply not checked
    timed_out: bool = False  # ran past fetch.source_timeout: failed, the rest waits for the next run


class SourceTimeout(Exception):
    """A source ran past fetch.source_timeout (raised between two of its requests)."""


@dataclass
class _SourceClock:
    """The per-source deadline of one run (fetch.source_timeout); checked between requests."""

    seconds: float
    at: float = 0.0

    def __post_init__(self) -> None:
        self.at = time.monotonic() + self.seconds

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def message(self, source: str) -> str:
        return phrase("source_timeout", source=source, seconds=f"{self.seconds:g}")


def run_once(
    settings: Settings,
    store: Store,
    *,
    sources: Sequence[str] | None = None,
    progress: Progress | None = None,
    build_report_site: bool = True,
    deliver: bool = True,
    stop: threading.Event | None = None,
    workers: Callable[[Settings], Workers] = LocalWorkers,
) -> RunSummary:
    """Crawl every (or the named) source once, store what changed, report it.

    `workers` makes whoever does the per-document work (default: this process; see
    policywatch.distributed for Celery workers); this run stays the store's only writer.

    When `stop` is set (the daemon got SIGTERM) the run ends after the document in hand: what it
    found is stored and queued, the site and delivery wait for the next run.
    """
    progress = progress or _no_progress
    started = datetime.now(UTC)
    chosen = _choose_sources(settings, sources)
    store.check_before_run()  # a damaged file is refused before the run writes its first row
    # a store written under earlier URL rules finds its documents under the spellings the crawler now uses
    store.respell_aliases(crawler.canonicalize, rules=crawler.SPELLING_RULES)
    run_id = store.start_run([s.name for s in chosen])
    # what runs killed (or stopped by a full disk) after committing never put in a run's JSON
    owed = store.owed_events(run_id)
    tallies: dict[str, SourceTally] = {}
    with workers(settings) as work:
        for source in chosen:
            if stop is not None and stop.is_set():
                break
            tally = SourceTally()
            tallies[source.name] = tally
            clock = _SourceClock(settings.fetch.source_timeout)
            try:
                # the requests and extractions in flight end with the source's time too, not only at the next
                # check (in this process: a remote worker's extraction keeps extract.timeout)
                with work.fetcher.source_deadline(source.name, clock.at), extract_time_limit(clock.at):
                    _run_source(source, store=store, work=work, run_id=run_id, tally=tally, progress=progress,
                                stop=stop, limits=settings.extract, clock=clock,
                                others=frozenset(s.name for s in chosen),
                                configured=frozenset(s.name for s in settings.sources))
            except (StoreError, BrokerError):
                raise  # a full disk, a broken database or a lost broker stops the whole run: every source would fail
            except SourceTimeout as exc:
                logger.warning("%s", exc)
                tally.failed = tally.timed_out = True
                tally.errors.append(str(exc))
            except Exception as exc:  # one broken source must not stop the others
                logger.exception("source %s failed", source.name)
                tally.failed = True
                tally.errors.append(f"{source.name}: {type(exc).__name__}: {exc}")
            if not tally.stopped:  # a partly checked source has neither succeeded nor failed
                _record_source_health(store, source, tally, alert_after=settings.health_alert_after)
    summary = _summarize(started, [s for s in chosen if s.name in tallies], tallies)
    # relations between documents (any source): after every source, so a reference found in one
    # source resolves against documents another source stored in this same run
    first_runs = frozenset(name for name, t in tallies.items() if t.first_run)
    linker = LineageLinker(store, run_id=run_id, lang=settings.lang, quiet_sources=first_runs)
    summary = _with_events(summary, linker.run(), versions=linker.versions)
    if owed:
        logger.info("reporting %d event(s) stored by interrupted runs", len(owed))
        summary = _with_events(summary, owed, first=True)
    store.finish_run_settling(run_id, summary.to_dict())
    from policywatch.pipeline.delivery import deliver as deliver_reports
    from policywatch.pipeline.delivery import enqueue_run_reports

    enqueue_run_reports(store, settings, summary, run_id=run_id)
    stopped = stop is not None and stop.is_set()
    site_error: PolicywatchError | None = None
    try:
        if build_report_site and not stopped:
            try:
                build_site(settings, store)
            except PolicywatchError as exc:
                site_error = exc
                raise
    finally:
        # a site that cannot be written must not also hold back the digests and webhooks; a
        # report that failed before is tried again by every run (retry_failed), and what this
        # delivery did is part of the run's JSON: a dead mail server or webhook is seen there
        if deliver and not stopped:
            summary = replace(summary, delivery=deliver_reports(store, settings, retry_failed=True).to_dict())
        if site_error is not None:
            # the run and its events are stored and finished: the caller printing the run's
            # JSON must still give them, or no later run ever would
            site_error.run_summary = summary  # type: ignore[attr-defined]
    return summary


def build_site(settings: Settings, store: Store, *, out_dir: Path | None = None) -> Path:
    """(Re)build the static report site from the store; returns the index.html path."""
    target = out_dir or settings.output_dir
    try:
        with template_errors(settings), store.read_through():
            reports.build_site(
                # a config without sources (a demo's store, a report-only host) shows every source's health
                ReportView(store, watched=frozenset(s.name for s in settings.sources) or None),
                target,
                base_url=settings.site_base_url,
                lang=settings.lang,
                templates_dir=settings.templates_dir,
            )
    except OSError as exc:  # the store is already written; say which directory to fix
        raise ConfigError(
            f"output_dir {target}: cannot write the report site ({exc.strerror or exc}: {exc.filename}); "
            "make the directory writable or choose another output_dir"
        ) from None
    return target / "index.html"


def _choose_sources(settings: Settings, names: Sequence[str] | None) -> list[SourceConfig]:
    if not names:
        return list(settings.sources)
    return [settings.source(name) for name in dict.fromkeys(names)]  # `--source a --source a` runs a once


def _discover(source: SourceConfig, fetcher: crawler.Fetcher, fetch_page, *, max_pages: int,  # type: ignore[no-untyped-def]
              limits: ExtractSettings | None) -> crawler.Discovery:
    """The source's listing: as served, or rendered by headless Chromium (render = "browser");
    `limits` bound the reading of a huge listing page as they bound a document's."""
    if source.render != "browser":
        return crawler.discover(source, fetch_page, max_pages=max_pages, limits=limits)
    try:
        with crawler.BrowserRenderer(fetcher, source) as renderer:
            return crawler.discover(source, renderer.fetch_page, max_pages=max_pages, limits=limits)
    except crawler.RenderUnavailable as exc:
        return crawler.Discovery(complete=False, error=str(exc), unsupported=True)


def _run_source(
    source: SourceConfig, *, store: Store, work: Workers, run_id: int, tally: SourceTally, progress: Progress,
    stop: threading.Event | None = None, limits: ExtractSettings | None = None, clock: _SourceClock | None = None,
    others: frozenset[str] = frozenset(), configured: frozenset[str] | None = None,
) -> None:
    clock = clock or _SourceClock(float("inf"))
    fetcher = work.fetcher
    store.ensure_source(source.name)
    if source.renamed_from:
        _continue_renamed(store, source, tally, first=store.is_first_run(source.name))
    first_run = store.is_first_run(source.name)
    tally.first_run = first_run
    if source.ignore_robots:
        logger.warning("source %s: robots.txt is ignored by explicit configuration", source.name)

    def fetch_page(url: str, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        if clock.passed():
            raise SourceTimeout(clock.message(source.name))
        return fetcher.fetch(url, source=source, data=data)

    discovery = _discover(source, fetcher, fetch_page, max_pages=source.max_pages if first_run else source.pages,
                          limits=limits)
    for page in discovery.pages:
        store.record_fetch(page, run_id=run_id, source=source.name)
        tally.outcomes[page.outcome.value] += 1
    listing_failed = bool(discovery.unsupported or (not discovery.refs and discovery.error))
    if listing_failed:
        # the source failed (said once, here), but its documents need not be down with their
        # listing page: the known ones are still re-checked at their own URLs, through the same
        # politeness (a dead host cools down after fetch.host_failure_limit failures). Nothing
        # is concluded from the listing: no document counts as new, left or unlisted.
        tally.failed = True
        tally.errors.append(phrase("source_listing", source=source.name) + (discovery.error or phrase("no_documents")))
        logger.warning("source %s: listing failed: %s", source.name, discovery.error)
        if first_run:  # no document known yet: nothing to re-check
            return
    elif discovery.error:  # documents were found, but the listing had something to say (a stub page, script links)
        tally.warnings.append(phrase("source_listing", source=source.name) + discovery.error)
        logger.info("source %s: listing: %s", source.name, discovery.error)
    processor = DocumentProcessor(source, store=store, fetcher=fetcher, run_id=run_id, first_run=first_run,
                                  limits=limits, others=others, configured=configured)
    processor.catch_up()
    refs = {ref.url: ref for ref in discovery.refs}
    if not listing_failed:
        left = store.record_listing(source.name, refs, run_id=run_id, complete=discovery.complete, others=others)
        if left:
            logger.info("source %s: %s left the listing", source.name, plural(len(left), "document"))
    jobs = processor.jobs(list(refs.values()))
    logger.debug("phase: fetching %d documents of %s", len(jobs), source.name)
    with contextlib.closing(work.process(jobs, processor)) as finished:  # closing it cancels the jobs not started
        for done, (job, done_work) in enumerate(finished, start=1):
            progress(source.name, done, len(jobs), job.url)
            outcome = done_work.result.outcome
            try:
                outcome = processor.apply(job, done_work)
            except (StoreError, BrokerError):
                raise
            except ExtractError as exc:  # one unreadable document must not stop its source
                logger.warning("%s: could not be read: %s", job.url, exc)
                tally.errors.append(f"{job.url}: {type(exc).__name__}: {exc}")
            except Exception as exc:  # a bug or a misconfiguration: the source failed, the others go on
                logger.exception("%s: could not be processed", job.url)
                tally.failed = True
                tally.errors.append(f"{job.url}: {type(exc).__name__}: {exc}")
            finally:
                tally.outcomes[outcome.value] += 1
            if stop is not None and stop.is_set() and done < len(jobs):
                logger.info("source %s: stopping after %d of %d documents", source.name, done, len(jobs))
                tally.stopped = True
                break
            if clock.passed():  # after the last document too: its fetch or extraction may have been cut
                logger.warning("%s (%d of %d documents checked)", clock.message(source.name), done, len(jobs))
                tally.failed = tally.timed_out = True
                tally.errors.append(clock.message(source.name))
                break
    processor.settle()
    _add_counts(tally.counts, processor.counts)
    tally.events.extend(processor.events)
    tally.errors.extend(processor.errors)
    tally.warnings.extend([*processor.warnings, *processor.unread_warnings()])
    tally.unread.extend(processor.unread)
    tally.outcomes.update(processor.outcomes)
    if first_run and not (tally.stopped or tally.timed_out):  # finished (and counted) by the next run
        count = len(store.known_documents(source.name))
        tally.events.append(
            store.add_event(
                EventKind.BASELINE,
                source=source.name,
                message=f"{count}",
                run_id=run_id,
                dedup_key=f"baseline:{source.name}",
            )
        )


def _continue_renamed(store: Store, source: SourceConfig, tally: SourceTally, *, first: bool) -> None:
    """A source renamed in the config (its `renamed_from`, checked at load: no name there is
    still configured) continues the old one on its first run under the new name: its documents,
    history, URLs, queue and health become the new name's, so the run is no first run and what
    was published or changed meanwhile is reported instead of going into a silent baseline. Only
    a declaration does this: a new source sharing pages with a removed one may be a split, an
    aggregate column or another config's source on the same store, and takes over only the pages
    it lists (DocumentProcessor._adopt_orphans).

    A declaration added after the new name already ran (`first` false: its baseline is made)
    merges the old source into it, as a user who declares the rename expects, instead of being
    ignored: the old one's documents and history (those the new one did not take over by
    listing them) are the new name's, its own health and baseline stand, and the old name is no
    longer a source. Said once: the merge is recorded in the store and made once. A declaration
    left in place says nothing more, and the old name run again (by another config on the same
    store) is a source of its own from then on: merging it again every run would pass the
    documents back and forth, its every run a baseline. A name nothing is stored under (misspelt)
    is said on every run, first or not: the declaration continues nothing."""
    for old in source.renamed_from:
        if store.continued(old, source.name):
            continue
        moved = store.continue_source(old, source.name)
        if moved is None:
            said = (f"{source.name}: renamed_from {old!r}: no source of that name is stored "
                    "(misspelt, never run, or continued under another name before): nothing to continue")
        elif first:
            said = (f"{source.name}: continues {old} (renamed_from): {plural(moved, 'document')} "
                    f"and their history are {source.name}'s now")
        else:
            said = (f"{source.name}: continues {old} (renamed_from, declared after {source.name} first ran): "
                    f"{plural(moved, 'more document')} and their history merged into {source.name}'s; "
                    f"{old} is no longer a source")
        logger.warning("%s", said)
        tally.warnings.append(said)


def _record_source_health(store: Store, source: SourceConfig, tally: SourceTally, *, alert_after: float) -> None:
    """Update the source's health; report a long outage once when it starts and once when it ends."""
    failures = {k: v for k, v in tally.outcomes.items() if FetchOutcome(k).is_failure}
    ok = not tally.failed
    dominant = max(failures, key=lambda k: failures[k]) if failures and tally.failed else ("ok" if ok else "error")
    message = "; ".join(tally.errors[:3])
    reasons = Counter(u["outcome"] for u in tally.unread)
    if ok and not message and tally.unread:
        # a run that left documents unread (a host resting after its wait budget) was no failure:
        # they are read next run; `status` says so, not a bare "ok"
        message = unread_note(reasons.most_common())
    blocks = [outcome for outcome, _ in reasons.most_common() if FetchOutcome(outcome).is_block]
    if ok and blocks:
        # no failure of the run, but the site refused documents (a WAF challenge): not healthy
        # (SourceHealth.healthy), and `status` says which refusal
        dominant = blocks[0]
    before = {h.name: h for h in store.source_health()}.get(source.name)
    now = datetime.now(UTC)
    health = store.mark_source_run(source.name, ok=ok, outcome=dominant, message=message, at=now)
    # an outage alerted under a name the source had before (renamed_from: its health, failing_since
    # and all, came with it) is the same outage: not alerted again, and its end is told
    # and so is one alerted under any name it continued before (a chain s -> b -> c, or a
    # declaration removed once its merge was made): the store records the renames
    names = (source.name, *source.renamed_from, *store.former_names(source.name))

    def alerted(since: datetime, edge: str) -> bool:
        return any(store.has_event(_health_key(name, since, edge)) for name in names)

    if health.failing_since is not None and (now - health.failing_since).total_seconds() >= alert_after:
        key = _health_key(source.name, health.failing_since, "start")
        if not alerted(health.failing_since, "start"):
            tally.events.append(store.add_event(
                EventKind.HEALTH, source=source.name, dedup_key=key,
                message=health_failing(health.failing_since, dominant, message),
            ))
    elif (
        ok and before is not None and before.failing_since is not None
        and alerted(before.failing_since, "start") and not alerted(before.failing_since, "end")
    ):
        tally.events.append(store.add_event(
            EventKind.HEALTH, source=source.name, dedup_key=_health_key(source.name, before.failing_since, "end"),
            message=health_recovered(before.failing_since),
        ))


def _health_key(source: str, since: datetime, edge: str) -> str:
    return f"health:{source}:{since.isoformat()}:{edge}"


# the count (RunSummary.COUNTS) an event of these kinds is, told by a run that did not count it
_COUNTED_AS = {EventKind.CHANGED: "changes", EventKind.NEW_DOCUMENT: "new_documents", EventKind.MISSING: "missing",
               EventKind.REAPPEARED: "reappeared"}


def _with_events(summary: RunSummary, events: Sequence[ChangeEvent], *, first: bool = False,
                 versions: Mapping[str, int] | None = None) -> RunSummary:
    """The summary with events its sources' passes did not count: the lineage pass's (a validity
    change), or those a killed run stored and never printed (`first`: put before the run's own),
    each counted for the source it names, so the counts say what the events say. A carried change
    or return also counts its version, as the run that stored it would have (DocumentProcessor.report):
    else a JSON says more changes than new versions. `versions`: the versions the lineage pass
    stored, by source (an amended, repealed or expired document's new version), counted as new
    versions as a page's are: the digest and `status` (last change) know them as versions too."""
    counts: dict[str, Counter[str]] = {}
    _add_counts(counts, summary.source_counts)
    _add_counts(counts, {source: {"new_versions": n} for source, n in (versions or {}).items()})
    for event in events:
        whats = [_COUNTED_AS[event.kind]] if event.kind in _COUNTED_AS else []
        if first and event.kind in (EventKind.CHANGED, EventKind.RETURNED) and event.new_version is not None:
            whats.append("new_versions")
        for what in whats:
            counts.setdefault(event.source, Counter())[what] += 1
    return replace(summary, events=(*events, *summary.events) if first else (*summary.events, *events),
                   source_counts=counts, **_totals(counts))


def _add_counts(into: dict[str, Counter[str]], counts: Mapping[str, Mapping[str, int]]) -> None:
    """Each source's counts added to its counts in `into`."""
    for owner, counted in counts.items():
        into.setdefault(owner, Counter()).update(counted)


def _totals(counts: dict[str, Counter[str]]) -> dict[str, int]:
    """The run's counts (RunSummary.COUNTS, its fields), each the sum of its sources'."""
    return {what: sum(counted[what] for counted in counts.values()) for what in RunSummary.COUNTS}


def _summarize(started: datetime, sources: list[SourceConfig], tallies: dict[str, SourceTally]) -> RunSummary:
    outcomes: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {}
    for tally in tallies.values():
        outcomes.update(tally.outcomes)
        _add_counts(counts, tally.counts)
    summary = RunSummary(
        started_at=started,
        finished_at=datetime.now(UTC),
        sources=tuple(s.name for s in sources),
        failed_sources=tuple(name for name, t in tallies.items() if t.failed),
        outcomes=dict(sorted(outcomes.items())),
        source_counts=counts,
        errors=tuple(e for t in tallies.values() for e in t.errors),
        # once each: an attachment read from its page and checked as its own job says the same twice
        warnings=tuple(dict.fromkeys(w for t in tallies.values() for w in t.warnings)),
        unread=tuple(u for t in tallies.values() for u in t.unread),
        events=tuple(e for t in tallies.values() for e in t.events),
    )
    return replace(summary, **_totals(counts))


def empty_run(settings: Settings) -> RunSummary:
    """The run of a config without sources: nothing done, said in its warnings."""
    now = datetime.now(UTC)
    said = f"{settings.path or 'config'}: no [[sources]] configured; nothing to watch"
    return RunSummary(started_at=now, finished_at=now, warnings=(said,))
