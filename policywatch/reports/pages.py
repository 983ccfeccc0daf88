"""The pages of the report site: what each one shows and which inputs decide its bytes.

URL layout (stable, relative links only, so the site works from file:// and any sub-path):

    index.html                     latest changes first, then the sources
    sources/<slug>.html            one source: its newest changes (SOURCE_EVENTS) and documents
    sources/<slug>/<n>.html        the source's older changes, ARCHIVE_EVENTS a page, page 1 the oldest
    problems.html                  sources with fetch problems
    documents/<id>.html            one document: metadata, status, timeline, current text
    documents/<id>/v<n>.html       the full text of version n with its outline
    changes/<event id>.html        新旧对照 of one change event
    feed.xml, feeds/<slug>.xml     Atom feeds, site-wide and per source
    search.html, search/…          full-text search (reports/search.py: the index is scripts, not fetched)
    static/style.css, static/search.js

A source's slug is its name when that is ASCII letters, digits, "-" or "_", else "s-" plus a
short hash of the name (stable across builds, safe in every file system and URL).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from policywatch.model import (
    ChangeEvent,
    DocumentRecord,
    EventKind,
    Relation,
    SourceHealth,
    StoredVersion,
    StoreIdentity,
)
from policywatch.reports import comparison, labels, search, views
from policywatch.reports.family import family
from policywatch.reports.feed import FEED_FORMAT, FEED_LIMIT, build_feed
from policywatch.reports.i18n import Translator
from policywatch.reports.render import bundled_files
from policywatch.reports.source import ReportSource
from policywatch.reports.streamed import Streamed, encoded
from policywatch.reports.summaries import EventSummaries

INDEX_LIMIT = 200
# A source page lists its newest events; the older ones are on archive pages numbered from the
# oldest, so a full archive page changes only once more (its link to the next page, when that
# begins): a round rewrites the source page and the newest archive pages, not every event of
# the source's history (issue 15).
SOURCE_EVENTS = 100
ARCHIVE_EVENTS = 100
# A version page shows at most this many clauses and characters inline; a longer text (a
# hostile or broken document) links to its plain .txt instead of making one page cost minutes
# and megabytes.
MAX_INLINE_CLAUSES = 2000
MAX_INLINE_CHARS = 400_000
# A change page quotes each side of a clause change up to MAX_CELL_CHARS, and, once its cells
# hold MAX_INLINE_CHARS, every further one up to SHORT_CELL_CHARS: one changed clause of a
# million characters made an 8.8 MB page (old, new and interleaved cells, each whole). The
# version pages (and their .txt) and `export` keep the whole texts.
MAX_CELL_CHARS = 20_000
SHORT_CELL_CHARS = 200
_SAFE_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: its path, the inputs its bytes depend on, and how to make them."""

    path: str
    inputs: Any  # anything with a deterministic repr
    render: Callable[[], bytes]
    document: int | None = None  # the document whose pages it is one of (SiteData.document_keys)


def source_slug(name: str) -> str:
    if _SAFE_SLUG.match(name):
        return name
    return "s-" + hashlib.sha256(name.encode()).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class DocRow:
    id: int
    source: str
    title: str
    doc_number: str
    issuer: str
    published_date: str
    status_key: str
    version_count: int


@dataclass(frozen=True, slots=True)
class SourceRow:
    name: str
    slug: str
    documents: int
    last_change: datetime | None
    healthy: bool
    outcome: str
    failures: int
    failing_since: datetime | None
    last_run: datetime | None
    message: str


class SiteData:
    """What the pages share, read from the ReportSource in one pass (compact rows, events), sorted
    so page order never depends on it; documents and versions are read again a document at a time."""

    def __init__(self, source: ReportSource, t: Translator,
                 text_facts: MutableMapping[str, tuple[int, int]] | None = None,
                 *, search_state: search.IndexState | None = None, old_file: search.OldFile | None = None,
                 summaries: EventSummaries | None = None):
        self.source = source
        self.t = t
        # the previous build's search index state and files: the index then costs what changed
        self.search_state, self.old_file = search_state, old_file
        self.search_index: search.SearchIndex | None = None  # this build's, once site_pages made it
        self.scratch: Path | None = None  # where the search index may spill (the system's temp dir if None)
        # (characters, lines) of each version text by its sha256, carried from build to build in
        # the site's state (read and written by key): deciding which pages a version has then
        # needs no text read (issue 15)
        self.text_facts = text_facts if text_facts is not None else {}
        # a compact row per document, read in one pass (pages and search entries read the store
        # again, a document at a time): a build never holds every document's records (issue 15)
        self.rows: dict[int, DocRow] = {}
        self.children: dict[int, list[DocRow]] = {}
        self.parents: dict[int, int] = {}  # an attachment's parent document, by the attachment's id
        self.docs_by_source: dict[str, int] = {}
        # each document's latest version (number, text key): what its search entry needs, so the
        # index's passes go through these rows instead of listing every version of the store
        # again, a pass that grew with the history of versions (issue 15)
        self.latest: dict[int, tuple[int, str]] = {}
        for d, versions in self.listing():
            row = self.rows[d.id] = self.doc_row(d, versions)
            if versions:
                self.latest[d.id] = (versions[-1].number, _text_key(versions[-1]))
            self.docs_by_source[d.source] = self.docs_by_source.get(d.source, 0) + 1
            if d.parent_id is not None:
                self.children.setdefault(d.parent_id, []).append(row)
                self.parents[d.id] = d.parent_id
        self.events = views.sort_events(source.events())
        self.health = {h.name: h for h in source.source_health()}
        identity = getattr(source, "identity", None)  # optional (ReportSource): the feeds' ids are its own
        self.identity: StoreIdentity | None = identity() if identity is not None else None
        names = set(self.docs_by_source) | {e.source for e in self.events} | set(self.health)
        self.slugs = {name: source_slug(name) for name in sorted(names)}
        self.source_pages = {name: f"sources/{slug}.html" for name, slug in self.slugs.items()}
        # one line per event, without the clause-by-clause details no site page shows: a long
        # history then costs a few strings per event, not its changesets; the words read from a
        # changeset come from the previous build where it had them (issue 15)
        self.summaries = summaries if summaries is not None else EventSummaries(t)
        self.event_views = {e.id: views.event_view(e, t, details=False, words=self.summaries.words(e))
                            for e in self.events}
        # indexes built once, so page building stays linear in the size of the store
        self.events_by_doc: dict[int, list[ChangeEvent]] = {}
        self.events_by_source: dict[str, list[ChangeEvent]] = {}
        for e in self.events:
            self.events_by_source.setdefault(e.source, []).append(e)
            if e.document_id is not None:
                self.events_by_doc.setdefault(e.document_id, []).append(e)
        # lineage: relations by document, and the relation events that carry a comparison
        relations = getattr(source, "relations", None)
        self.relations_by_doc: dict[int, list[Relation]] = {}
        for r in relations() if relations is not None else ():
            for doc_id in {r.subject.id, r.target.id} - {None}:
                self.relations_by_doc.setdefault(doc_id, []).append(r)  # type: ignore[arg-type]
        self.comparisons = {(e.document_id or 0, (e.other or {}).get("id") or 0, e.kind.value): e
                            for e in reversed(self.events) if e.is_relation and views.has_changeset(e)}
        # the documents whose pages site_pages lists (None: every one); the pages of the others
        # are carried over from the previous build (site.py)
        self.listed: Collection[int] | None = None
        # whether site_pages lists only the search files that changed (the others carried over
        # as the previous build, made with the same settings, left them: site.py)
        self.changed_search_files = False

    def document_keys(self, stamps: Mapping[int, str], salt: str) -> dict[int, str]:
        """A key per document that changes whenever one of its pages may: its stamp from the
        source (record and versions), its events and relations, and the same of every document
        its pages show (parent, attachments, relatives: titles, versions, comparisons).

        Equal keys let a build carry a document's pages over without listing them (issue 15)."""
        own = {doc_id: hashlib.sha256(
                   f"{stamps.get(doc_id)}\0{[e.id for e in self.events_by_doc.get(doc_id, ())]}\0"
                   f"{self.relations_by_doc.get(doc_id, [])!r}".encode()).digest()
               for doc_id in self.rows}
        keys = {}
        for doc_id, mine in own.items():
            digest = hashlib.sha256(f"{salt}\0".encode() + mine)
            for other in sorted(self._shown_documents(doc_id)):
                digest.update(f"\0{other}:".encode() + own.get(other, b"-"))
            keys[doc_id] = digest.hexdigest()
        return keys

    def _shown_documents(self, doc_id: int) -> set[int]:
        """The other documents a document's pages show something of."""
        shown = {row.id for row in self.children.get(doc_id, ())}
        if doc_id in self.parents:
            shown.add(self.parents[doc_id])
        for r in self.relations_by_doc.get(doc_id, ()):
            shown.update(other for other in (r.subject.id, r.target.id) if other is not None)
        for e in self.events_by_doc.get(doc_id, ()):
            if e.is_relation and (other := (e.other or {}).get("id")):
                shown.add(other)
        shown.discard(doc_id)
        return shown

    def listed_documents(self) -> Iterator[tuple[DocumentRecord, Sequence[StoredVersion]]]:
        """The documents whose pages a build lists, by id with their versions (every one unless
        `listed` says which)."""
        if self.listed is None:
            yield from self.listing()
            return
        for doc_id in sorted(self.listed):
            record = self.source.document(doc_id)
            if record is not None:
                yield record, self.versions(doc_id)

    def listing(self) -> Iterator[tuple[DocumentRecord, Sequence[StoredVersion]]]:
        """Every document by id with its versions, oldest first, from the source's stream where it has one."""
        listing = getattr(self.source, "listing", None)
        if listing is not None:
            yield from listing()
            return
        for d in sorted(self.source.documents(), key=lambda d: d.id):
            yield d, sorted(self.source.versions(d.id), key=lambda v: v.number)

    def versions(self, document_id: int) -> Sequence[StoredVersion]:
        """One document's versions, oldest first (for pages of another document than the one listed)."""
        return sorted(self.source.versions(document_id), key=lambda v: v.number)

    def version_text(self, document_id: int, number: int) -> str:
        """The text of one version, read when asked for (the source's own reader where it has one)."""
        read = getattr(self.source, "version_text", None)
        if read is not None:
            return str(read(document_id, number))
        return next(v.display_text for v in self.source.versions(document_id) if v.number == number)

    @staticmethod
    def doc_row(d: DocumentRecord, versions: Sequence[StoredVersion]) -> DocRow:
        m = d.metadata
        # a row is kept for every document: the values most documents repeat (source, issuer,
        # date) are kept once, not once per row
        return DocRow(d.id, sys.intern(d.source), labels.one_line(m.title, 200) or d.url, m.doc_number,
                      sys.intern(m.issuer), sys.intern(m.published_date), views.status_key(d),
                      d.version_count or len(versions))

    def source_row(self, name: str) -> SourceRow:
        h = self.health.get(name) or SourceHealth(name)
        docs = self.docs_by_source.get(name, 0)
        changes = [e.detected_at for e in self.events_by_source.get(name, []) if e.kind is not EventKind.HEALTH]
        last_change = h.last_change_at or (max(changes) if changes else None)
        return SourceRow(name, self.slugs[name], h.documents or docs, last_change, h.healthy,
                         h.last_outcome or "ok", h.consecutive_failures, h.failing_since, h.last_run_at,
                         h.message)


def site_pages(data: SiteData, env: Environment, *, title: str, base_url: str, lang: str) -> Iterator[Page]:
    """Every page of the site, in a fixed order."""
    common = {"site_title": title, "source_slugs": data.slugs}

    def html(template: str, root: str, kind: str, **context: Any) -> Streamed:
        # streamed into its file: a source page lists every document and change of its source
        return Streamed(lambda: encoded(
            env.get_template(template).generate(root=root, page_kind=kind, **common, **context)))

    for name, body in bundled_files("static"):
        yield Page(f"static/{name}", hashlib.sha256(body).hexdigest(), lambda body=body: body)

    index_events = [data.event_views[e.id] for e in data.events[:INDEX_LIMIT]]
    sources = [data.source_row(n) for n in data.slugs]
    truncated = len(data.events) > INDEX_LIMIT
    yield Page("index.html", (index_events, sources, common, truncated),
               html("index.html", "", "index", events=index_events, sources=sources, truncated=truncated))

    failing = [s for s in sources if not s.healthy]
    healthy = [s for s in sources if s.healthy and s.name in data.health]
    yield Page("problems.html", (failing, healthy), html("problems.html", "", "problems", failing=failing, healthy=healthy))

    yield Page("search.html", "search", html("search.html", "", "search"))
    data.search_index = search.SearchIndex(_SearchEntries(data), data.search_state, data.old_file,
                                           scratch=data.scratch)
    for index_file in data.search_index.files(changed=data.changed_search_files):
        yield Page(index_file.path, index_file.inputs, index_file.render)

    yield Page("feed.xml", (FEED_FORMAT, data.identity, data.events[:FEED_LIMIT]), lambda: build_feed(
        data.events, title=title, feed_path="feed.xml", base_url=base_url, lang=lang, identity=data.identity,
        source_pages=data.source_pages))
    for source_row in sources:
        yield from _source_pages(data, source_row, html, title=title, base_url=base_url, lang=lang)
    for record, versions in data.listed_documents():
        yield from _document_pages(data, record, versions, html)
        # a document's change pages with it: they need its records, read once per build
        for event in data.events_by_doc.get(record.id, ()):
            if views.event_page(event).startswith("changes/"):
                yield _change_page(data, event, record, versions, html)


def _source_pages(data: SiteData, row: SourceRow, html: Callable[..., Callable[[], bytes]],
                  *, title: str, base_url: str, lang: str) -> Iterator[Page]:
    events = data.events_by_source.get(row.name, [])
    event_views = [data.event_views[e.id] for e in events[:SOURCE_EVENTS]]
    archives = list(_archives([data.event_views[e.id] for e in events[SOURCE_EVENTS:]]))
    documents = sorted((r for r in data.rows.values() if r.source == row.name),
                       key=lambda r: (r.published_date, r.id), reverse=True)
    heads = [(a.number, a.first, a.last) for a in archives]
    yield Page(f"sources/{row.slug}.html", (row, event_views, documents, heads),
               html("source.html", "../", "source", source=row, events=event_views, documents=documents,
                    archives=heads))
    for archive in archives:
        # keyed on its own events and whether a newer page follows: once full and followed,
        # nothing a later build lists changes it
        newer = archive.number < len(archives)
        yield Page(f"sources/{row.slug}/{archive.number}.html", (row.name, row.slug, archive, newer),
                   html("source_archive.html", "../../", "source-archive", name=row.name, slug=row.slug,
                        number=archive.number, events=list(archive.events), newer=newer))
    feed_path = f"feeds/{row.slug}.xml"
    yield Page(feed_path, (FEED_FORMAT, data.identity, events[:FEED_LIMIT]), lambda: build_feed(
        events, title=f"{row.name} · {title}", feed_path=feed_path, base_url=base_url, lang=lang,
        feed_name=row.slug, identity=data.identity, source_pages=data.source_pages))


@dataclass(frozen=True, slots=True)
class Archive:
    """One archive page of a source's older events: page 1 holds the oldest ARCHIVE_EVENTS."""

    number: int
    first: datetime  # when its oldest event was detected
    last: datetime  # its newest
    events: tuple[views.EventView, ...]  # newest first, as every event list


def _archives(older: Sequence[views.EventView]) -> Iterator[Archive]:
    """The archive pages of `older` (newest first), counted from the oldest end."""
    total = len(older)
    for number in range(1, (total + ARCHIVE_EVENTS - 1) // ARCHIVE_EVENTS + 1):
        shown = tuple(older[max(total - number * ARCHIVE_EVENTS, 0):total - (number - 1) * ARCHIVE_EVENTS])
        yield Archive(number, shown[-1].detected_at, shown[0].detected_at, shown)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    number: int
    first_seen: datetime
    last_seen: datetime
    change_page: str
    summary: str


@dataclass(frozen=True, slots=True)
class DocView:
    id: int
    source: str
    title: str
    url: str
    status_key: str
    fields: tuple[tuple[str, str], ...]
    aliases: tuple[str, ...]
    parent: DocRow | None
    attachments: tuple[DocRow, ...]


_FIELDS = ("doc_number", "issuer", "written_date", "published_date", "index_no", "subject", "validity")


def _doc_view(data: SiteData, record: DocumentRecord) -> DocView:
    fields = _metadata_fields(record)
    fields += (("field.first_seen", _day(record.first_seen)), ("field.last_seen", _day(record.last_seen)))
    parent = data.rows.get(record.parent_id) if record.parent_id is not None else None
    row = data.rows[record.id]
    return DocView(record.id, record.source, row.title, record.url, row.status_key, fields, record.aliases,
                   parent, tuple(data.children.get(record.id, ())))


def _metadata_fields(record: DocumentRecord) -> tuple[tuple[str, str], ...]:
    """The document's metadata table (发布日期 …), without crawl dates."""
    m = record.metadata
    return tuple((f"field.{name}", getattr(m, name)) for name in _FIELDS if getattr(m, name))


def _related(data: SiteData, record: DocumentRecord, relations: Iterable[Relation]) -> dict[int, DocumentRecord]:
    """The records of the documents a document's relations name, read for its page only."""
    related = {record.id: record}
    for r in relations:
        for other in (r.subject.id, r.target.id):
            if other is not None and other not in related and other in data.rows:
                found = data.source.document(other)
                if found is not None:
                    related[other] = found
    return related


def _day(value: datetime) -> str:
    return value.strftime("%Y-%m-%d")


def _document_pages(data: SiteData, record: DocumentRecord, versions: Sequence[StoredVersion],
                    html: Callable[..., Callable[[], bytes]]) -> Iterator[Page]:
    doc = _doc_view(data, record)
    changes = {e.new_version: e for e in reversed(data.events_by_doc.get(record.id, []))
               if e.kind is EventKind.CHANGED and views.has_changeset(e)}
    timeline = [
        TimelineEntry(v.number, v.first_seen, v.last_seen,
                      f"changes/{changes[v.number].id}.html" if v.number in changes else "",
                      data.event_views[changes[v.number].id].summary if v.number in changes else "")
        for v in reversed(versions)
    ]
    latest = versions[-1] if versions else None
    relations = data.relations_by_doc.get(record.id, ())
    relatives = family(record.id, relations, _related(data, record, relations), data.comparisons, data.t)
    text_inputs = (_text_key(latest) if latest else None, tuple(relatives))

    def document_page() -> bytes:
        outline, clauses, more = _text(data, record.id, latest) if latest else ([], None, False)
        return html("document.html", "../", "document", doc=doc, timeline=timeline, outline=outline,
                    clauses=clauses, latest=latest.number if latest else 0, cut_short=more, family=relatives,
                    text_link=f"{record.id}/v{latest.number}.txt" if latest else "")()

    yield Page(f"documents/{record.id}.html", (doc, timeline, text_inputs), document_page, record.id)
    for version in versions:
        yield _version_page(data, doc, version, html)
        if _too_long(data, version):
            yield _full_text_page(record.id, version)


def _version_page(data: SiteData, doc: DocView, version: StoredVersion,
                  html: Callable[..., Callable[[], bytes]]) -> Page:
    info = {"number": version.number, "title": labels.one_line(version.metadata.title, 200) or doc.title,
            "metadata": version.metadata, "first_seen": version.first_seen, "last_seen": version.last_seen}

    def render() -> bytes:
        outline, clauses, more = _text(data, doc.id, version)
        return html("version.html", "../../", "version", doc=doc, version=info, outline=outline, clauses=clauses,
                    cut_short=more, text_link=f"v{version.number}.txt")()

    return Page(f"documents/{doc.id}/v{version.number}.html", (doc.source, doc.title, info, _text_key(version)), render,
                doc.id)


def _full_text_page(doc_id: int, version: StoredVersion) -> Page:
    """The plain full text of a version too long to render inline (linked from its pages)."""
    return Page(f"documents/{doc_id}/v{version.number}.txt", (_text_key(version),),
                lambda: version.display_text.encode("utf-8"), doc_id)


def _text_key(version: StoredVersion) -> str:
    # the store names each text by this very hash: a page's inputs are known without reading it
    return version.text_sha256 or hashlib.sha256(version.display_text.encode()).hexdigest()


def _too_long(data: SiteData, version: StoredVersion) -> bool:
    """Whether a version may be cut short on its pages (then its .txt page exists).

    Judged by characters and lines (an upper bound of its clauses), without segmenting it.
    """
    chars, lines = text_facts(data, version)
    return chars > MAX_INLINE_CHARS or lines > MAX_INLINE_CLAUSES


def text_facts(data: SiteData, version: StoredVersion) -> tuple[int, int]:
    """(characters, lines) of a version's text, read only when no earlier build noted them."""
    key = _text_key(version)
    facts = data.text_facts.get(key)
    if facts is None:
        text = version.display_text
        facts = data.text_facts[key] = (len(text), text.count("\n") + 1)
    return facts


def _text(data: SiteData, document_id: int, version: StoredVersion
          ) -> tuple[list[views.OutlineNode], list[views.ClauseView], bool]:
    """Outline and clauses of a version within the inline limits, and whether some were cut off."""
    tree = data.source.clause_tree(document_id, version.number)
    clauses = views.clause_views(tree)
    if not _too_long(data, version):
        return views.outline(tree), clauses, False
    shown: list[views.ClauseView] = []
    budget = MAX_INLINE_CHARS
    for clause in clauses[:MAX_INLINE_CLAUSES]:
        if len(clause.text) > budget:
            if budget > 0:
                shown.append(replace(clause, text=clause.text[:budget] + "…"))
            break
        shown.append(clause)
        budget -= len(clause.text)
    if len(shown) == len(clauses) and shown[-1:] == clauses[-1:]:
        return views.outline(tree), clauses, False
    return _pruned(views.outline(tree), {c.anchor for c in shown}), shown, True


def _pruned(nodes: list[views.OutlineNode], anchors: set[str]) -> list[views.OutlineNode]:
    """The outline without entries pointing past the clauses shown."""
    return [replace(n, children=_pruned(n.children, anchors)) for n in nodes if n.anchor in anchors]


@dataclass(frozen=True, slots=True)
class ChangeDoc:
    """What a change page shows of its document. Not its whole DocRow: a row's version count
    changes with every new version, which re-rendered each earlier change page of the document,
    a cost growing with its history (issue 15)."""

    id: int
    title: str
    status_key: str


def _capped(view: comparison.DiffView) -> tuple[comparison.DiffView, int]:
    """The view with at most MAX_INLINE_CLAUSES rows (a fold counts its rows) and key figures,
    and how many changed rows were left out: a change of 50,000 clauses made a 30 MB page that a
    browser cannot open; the versions' pages and `export` still hold all of it."""
    rows: list[comparison.DiffRow | comparison.Fold] = []
    shown = more = 0
    for row in view.rows:
        size = len(row.rows) if isinstance(row, comparison.Fold) else 1
        if shown + size > MAX_INLINE_CLAUSES:
            more += 0 if isinstance(row, comparison.Fold) else 1
            continue
        rows.append(row)
        shown += size
    return view._replace(rows=tuple(_bounded_rows(rows)), facts=view.facts[:MAX_INLINE_CLAUSES]), more


def _bounded_rows(rows: Iterable[comparison.DiffRow | comparison.Fold]) -> Iterator[comparison.DiffRow | comparison.Fold]:
    """The rows with each cell cut to MAX_CELL_CHARS, or to SHORT_CELL_CHARS once the page's
    cells hold MAX_INLINE_CHARS (see MAX_CELL_CHARS)."""
    spent = 0

    def bounded(row: comparison.DiffRow) -> comparison.DiffRow:
        nonlocal spent
        limit = MAX_CELL_CHARS if spent < MAX_INLINE_CHARS else SHORT_CELL_CHARS
        cells = (row.old_html, row.new_html, row.inline_html)
        if max(map(len, cells)) > limit or any(len(item.text) > limit for item in row.renumbered):
            old, new, inline = (_cut_markup(cell, limit) for cell in cells)
            row = row._replace(old_html=old, new_html=new, inline_html=inline, renumbered=tuple(
                item._replace(text=item.text[:limit] + "…") if len(item.text) > limit else item
                for item in row.renumbered))
        spent += len(row.old_html) + len(row.new_html) + len(row.inline_html)
        return row

    for row in rows:
        yield comparison.Fold(tuple(map(bounded, row.rows))) if isinstance(row, comparison.Fold) else bounded(row)


def _cut_markup(html: Markup, limit: int) -> Markup:
    """`html` (escaped text with <del>/<ins> marks, as comparison builds its cells) cut to about
    `limit` characters, never inside a tag or a character reference, its open marks closed."""
    if len(html) <= limit:
        return html
    cut = str(html)[:limit]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[:cut.rfind("<")]
    if cut.rfind("&") > cut.rfind(";"):
        cut = cut[:cut.rfind("&")]
    closing = "".join(f"</{tag}>" for tag in ("ins", "del") if cut.count(f"<{tag}>") > cut.count(f"</{tag}>"))
    return Markup(cut + closing + "…")


def _change_page(data: SiteData, event: ChangeEvent, record: DocumentRecord, versions: Sequence[StoredVersion],
                 html: Callable[..., Callable[[], bytes]]) -> Page:
    assert views.has_changeset(event) and event.document_id == record.id
    row = data.rows[record.id]
    doc = ChangeDoc(row.id, row.title, row.status_key)
    numbers = {v.number: v for v in versions}
    old, new = numbers.get(event.old_version or 0), numbers.get(event.new_version or 0)
    old_id = new_id = record.id
    other = (event.other or {}).get("id") or 0 if event.is_relation else 0
    if other in data.rows and versions and (others := data.versions(other)):
        # 新旧对照 of two documents: predecessor → successor, draft → final (the event's subject is
        # the successor, or the draft)
        mine, theirs = versions[-1], others[-1]
        draft = event.kind.value == "draft_of"
        old, new = (mine, theirs) if draft else (theirs, mine)
        old_id, new_id = (record.id, other) if draft else (other, record.id)

    def render() -> bytes:
        trees = {}
        if old is not None and new is not None:
            trees = {"old_tree": data.source.clause_tree(old_id, old.number),
                     "new_tree": data.source.clause_tree(new_id, new.number)}
        cs = event.changeset
        assert cs is not None
        view = comparison.diff_view(
            cs, data.t, **trees,
            old_label=cs.old_label if event.is_relation else
            data.t("doc.version", n=event.old_version) if event.old_version else "",
            new_label=cs.new_label if event.is_relation else
            data.t("doc.version", n=event.new_version) if event.new_version else "")
        view, more = _capped(view)
        return html("change.html", "../", "change", event=event, doc=doc, diff=view, fields=fields,
                    more_changes=more)()

    # the document's metadata table (发布日期 …), without the crawl dates of the document page
    fields = _metadata_fields(record)
    inputs = (event, doc, fields, old and _text_key(old), new and _text_key(new))
    return Page(f"changes/{event.id}.html", inputs, render, record.id)


class _SearchEntries:
    """The search entries, read anew from the source each time the index goes through them: held
    all at once they kept a record per document and change for the whole build (issue 15)."""

    def __init__(self, data: SiteData):
        self._data = data

    def __iter__(self) -> Iterator[search.SearchEntry]:
        return _search_entries(self._data)


def _search_entries(data: SiteData) -> Iterator[search.SearchEntry]:
    """Every document's current text, then every change's clauses, for the full-text index."""
    for row in data.rows.values():  # by id, as listed
        meta = " · ".join(p for p in (row.doc_number, row.issuer, row.published_date, row.source) if p)
        latest = data.latest.get(row.id)
        if latest is None:
            yield search.SearchEntry(f"d{row.id}", "document", row.title, meta, f"documents/{row.id}.html")
            continue
        number, text_key = latest
        # read only when the entry changed (or on a full build); named by the store's hash of it
        yield search.SearchEntry(f"d{row.id}", "document", row.title, meta, f"documents/{row.id}.html",
                                 read=partial(data.version_text, row.id, number), text_id=text_key)
    for event in data.events:
        if event.kind is EventKind.CHANGED and views.has_changeset(event) and event.document_id in data.rows:
            view = data.event_views[event.id]
            digest = getattr(event, "changeset_digest", "")
            if digest:  # named by the source's digest: read only when the entry changed
                yield search.SearchEntry(f"c{event.id}", "change", view.title, view.summary, view.page,
                                         read=lambda event=event: search.change_text(event.changeset),
                                         text_id=f"changeset:{digest}")
            else:
                yield search.SearchEntry(f"c{event.id}", "change", view.title, view.summary, view.page,
                                         search.change_text(event.changeset))
