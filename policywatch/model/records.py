"""The values of the crawl, the store and the run: fetch outcomes and results, links found in
pages, normalized documents ready to store, stored versions, documents and their
statuses, change events, relations, run summaries, source health.

Part of `policywatch.model`, which re-exports every name here: import them from there. They
live in their own module because a class costs its creation at import (a frozen dataclass
compiles six generated methods, an enum builds its members), and `policywatch diff a.txt b.txt`,
which never fetches, stores or reports a run, should not pay for these classes;
`policywatch.model` imports this module the first time one of them is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from policywatch.model import ChangeSet, DocumentMetadata

__all__ = ["RELATION_KINDS", "ChangeEvent", "DocKey", "DocumentRecord", "DocumentRef", "DocumentStatus", "EventKind",
           "FetchAttempt", "FetchOutcome", "FetchResult", "Link", "ListingPage", "NormalizedDocument", "Relation",
           "RelationKind", "RunSummary", "SourceHealth", "StoreIdentity", "StoredVersion", "Validators"]

# --------------------------------------------------------------------------- kinds


class FetchOutcome(StrEnum):
    """What one HTTP attempt amounted to. Only OK may ever create a version."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    NOT_FOUND = "not_found"
    THROTTLED = "throttled"
    CHALLENGE = "challenge"
    MAINTENANCE = "maintenance"
    SOFT_404 = "soft_404"
    STUB = "stub"
    TOO_LARGE = "too_large"
    DECODE_ERROR = "decode_error"
    NETWORK_ERROR = "network_error"
    HTTP_ERROR = "http_error"
    ROBOTS_DISALLOWED = "robots_disallowed"
    REFUSED = "refused"  # off-host or private-address redirect/target, too many redirects
    UNSUPPORTED = "unsupported"  # e.g. a listing rendered only by JavaScript

    @property
    def is_failure(self) -> bool:
        """True for outcomes that count against a document's or host's health."""
        return self not in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)

    @property
    def is_block(self) -> bool:
        """The site refused to serve us (a WAF or captcha challenge). Unlike a host resting after
        its wait budget, an error page, maintenance or a cut connection, which the next run reads
        again, a block does not pass by itself: someone must act (slow down, have the address let
        through, render with a browser), so a source whose documents were refused is unhealthy."""
        return self is FetchOutcome.CHALLENGE


_BLOCKS = frozenset(o.value for o in FetchOutcome if o.is_block)


class DocumentStatus(StrEnum):
    ACTIVE = "active"  # listed and fetched fine
    UNLISTED = "unlisted"  # gone from the listing, still fetchable
    # failing for several runs in a row: gone from the listing, or still listed while the site
    # serves the source's other documents (docs/operations.md, "What `healthy` means")
    MISSING = "missing"


class EventKind(StrEnum):
    """What a reported event is about."""

    BASELINE = "baseline"  # a source's first run: N documents now watched (one event, not N)
    NEW_DOCUMENT = "new_document"
    CHANGED = "changed"  # a new version with a change set
    MISSING = "missing"  # a document unreachable for several runs in a row (DocumentStatus.MISSING)
    # the text went back to an earlier version's (A→B→A): stored as a new version, not a change
    RETURNED = "returned"
    # a MISSING document read again (its text unchanged, changed or returned: that is said by
    # its own event beside this one)
    REAPPEARED = "reappeared"
    HEALTH = "health"  # a source started or stopped failing
    # a relation between two documents was found (lineage); the kinds of RelationKind
    SUPERSEDES = "supersedes"
    AMENDS = "amends"
    REPEALS = "repeals"
    DRAFT_OF = "draft_of"
    INTERPRETS = "interprets"
    IMPLEMENTS = "implements"
    CITES = "cites"
    RELATED = "related"
    DUPLICATE_OF = "duplicate_of"


class RelationKind(StrEnum):
    """How one document bears on another: "A supersedes B", "A amends B", "A draft_of B" (A is the
    draft of the final B), "A interprets B", "A implements B", "A cites B", "A repeals B"."""

    SUPERSEDES = "supersedes"
    AMENDS = "amends"
    REPEALS = "repeals"
    DRAFT_OF = "draft_of"
    INTERPRETS = "interprets"
    IMPLEMENTS = "implements"
    CITES = "cites"
    RELATED = "related"  # similarity only: a candidate, never a succession
    DUPLICATE_OF = "duplicate_of"  # the same 文号 reposted at another URL


RELATION_KINDS = frozenset(k.value for k in RelationKind)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink found in a document: an attachment candidate or a listing entry."""

    url: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class NormalizedDocument:
    """An extracted document after normalization, ready to be stored as a version."""

    url: str
    format: str
    display_text: str
    comparison_key: str
    content_hash: str  # sha256 hex of comparison_key
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)


@dataclass(frozen=True, slots=True)
class Validators:
    """Conditional-GET validators remembered for one URL."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchAttempt:
    """An attempt that failed and was retried within one fetch (the final one is the FetchResult)."""

    outcome: FetchOutcome
    status: int | None = None
    detail: str = ""
    elapsed_ms: int = 0


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of fetching one URL, with the evidence of what the server sent."""

    url: str
    outcome: FetchOutcome
    fetched_at: datetime
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    text: str | None = None  # decoded body, for text formats
    encoding: str | None = None
    encoding_rule: str | None = None  # which decoding rule won: bom, http, meta, utf-8, ...
    validators: Validators = field(default_factory=Validators)
    headers: tuple[tuple[str, str], ...] = ()
    redirects: tuple[str, ...] = ()  # every URL visited before final_url
    elapsed_ms: int = 0
    detail: str = ""  # human-readable reason for a non-ok outcome
    retried: tuple[FetchAttempt, ...] = ()  # earlier attempts of this fetch, oldest first

    @property
    def ok(self) -> bool:
        return self.outcome is FetchOutcome.OK


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document link found on a listing page."""

    url: str
    source: str
    listed_title: str = ""
    listed_date: str = ""  # ISO date when the listing shows one
    # what the listing itself says of the document (a JSON list API's 文号, 索引号, publisher):
    # the fallback for fields its page does not show
    listed_metadata: DocumentMetadata | None = None


@dataclass(frozen=True, slots=True)
class ListingPage:
    """What the crawler reads from one listing page (crawler.listing.read_page), as plain values:
    a page too large to parse in the crawler's process is read in the extraction child, and this
    is what comes back (the child's reply admits only such values)."""

    base_url: str = ""  # what the page's links resolve against: its <base href>, else its URL
    refs: tuple[DocumentRef, ...] = ()
    foreign_hosts: tuple[str, ...] = ()  # other hosts its document links point to
    script_only: tuple[str, ...] = ()  # titles of links that open only through a script call
    next_url: str = ""  # the next listing page as the page announces it ("" for none)
    next_form: tuple[tuple[str, str], ...] = ()  # when set, next_url is POSTed these fields (a form pager)
    scripts: int = 0  # <script> tags and onclick handlers, read when the page has no links
    # a page without document links: the links of its list, on the source's hosts, that the link rules refuse
    unmatched: tuple[str, ...] = ()
    hanweb: tuple[tuple[str, str], ...] = ()  # Hanweb jpage form fields and dataproxy URL
    total: int | None = None  # a dataproxy answer's <totalrecord>
    # (place in the page, URLs) of each block of document links (crawler.listing.page_blocks)
    blocks: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One stored version of a document. Versions are never deleted or overwritten."""

    document_id: int
    number: int  # 1, 2, 3 ... per document
    content_hash: str
    display_text: str
    metadata: DocumentMetadata
    first_seen: datetime
    last_seen: datetime
    raw_sha256: str | None = None  # evidence: the raw body that produced it
    url: str = ""
    # sha256 of display_text (UTF-8) when the store knows it: a text's identity without reading it
    text_sha256: str = ""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A watched document as the store knows it."""

    id: int
    source: str
    url: str
    metadata: DocumentMetadata
    status: DocumentStatus
    first_seen: datetime
    last_seen: datetime
    version_count: int = 0
    aliases: tuple[str, ...] = ()
    parent_id: int | None = None  # set for attachments: the page they hang off


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """One reportable event, stored once and delivered through the outbox."""

    id: int
    kind: EventKind
    source: str
    detected_at: datetime
    document_id: int | None = None
    url: str = ""
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    old_version: int | None = None
    new_version: int | None = None
    changeset: ChangeSet | None = None
    message: str = ""  # baseline / health / missing text; a relation's one-line announcement
    # relation events: the other document ({"id", "url", "title", "doc_number"}, or only
    # {"title", "doc_number"} while unresolved) and the sentence or link that established it
    other: Mapping[str, Any] | None = None
    evidence: str = ""
    # relation events: "废止" or "失效" when the relation ends the target's validity (Relation.effect)
    effect: str = ""

    @property
    def is_relation(self) -> bool:
        return self.kind.value in RELATION_KINDS

    def to_dict(self) -> dict[str, Any]:
        relation = {"document": {"id": self.document_id, "url": self.url, "title": self.metadata.title,
                                 "doc_number": self.metadata.doc_number},
                    "other": dict(self.other or {}), "evidence": self.evidence,
                    "effect": self.effect} if self.is_relation else {}
        return {
            **relation,
            "id": self.id,
            "kind": self.kind.value,
            "source": self.source,
            "detected_at": self.detected_at.isoformat(),
            "document_id": self.document_id,
            "url": self.url,
            "metadata": self.metadata.to_dict(),
            "old_version": self.old_version,
            "new_version": self.new_version,
            "changeset": self.changeset.to_dict() if self.changeset else None,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class DocKey:
    """What identifies a document in a relation: a stored id, or only what a citation names."""

    id: int | None = None
    url: str = ""
    title: str = ""
    doc_number: str = ""

    @property
    def resolved(self) -> bool:
        return self.id is not None

    def to_dict(self) -> dict[str, Any]:
        if self.id is None:  # unresolved: what the citation or link names
            return {"title": self.title, "doc_number": self.doc_number, **({"url": self.url} if self.url else {})}
        return {"id": self.id, "url": self.url, "title": self.title, "doc_number": self.doc_number}


@dataclass(frozen=True, slots=True)
class Relation:
    """`subject` `kind` `target` (e.g. B supersedes A), with what established it.

    method: doc_number, title, link, phrase, revision_mark, similarity, manual; evidence: the
    sentence or link; effect: "废止" or "失效" when the relation ends the target's validity.
    """

    kind: RelationKind
    subject: DocKey
    target: DocKey
    method: str
    evidence: str
    confidence: float
    effect: str = ""
    id: int | None = None  # set once stored


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one crawl-and-report pass did; the body of `policywatch run --json`."""

    started_at: datetime
    finished_at: datetime
    sources: tuple[str, ...] = ()
    failed_sources: tuple[str, ...] = ()
    outcomes: Mapping[str, int] = field(default_factory=dict)  # fetch outcome -> count
    new_documents: int = 0
    new_versions: int = 0
    changes: int = 0
    missing: int = 0
    errors: tuple[str, ...] = ()
    events: tuple[ChangeEvent, ...] = ()
    warnings: tuple[str, ...] = ()  # worth a look, but nothing failed (a listing's stub page, links off-host)
    # each document not read this run: {"url", "outcome", "detail", "stored"} (stored: a stored
    # version stands); `warnings` says them too, many of one host and reason as one line
    unread: tuple[Mapping[str, Any], ...] = ()
    # what delivering the outbox did after the run (pipeline.delivery.DeliveryReport.to_dict());
    # None when the run did not deliver (the demo, a run stopped or failed before it)
    delivery: Mapping[str, Any] | None = None
    reappeared: int = 0  # missing documents read again (one `reappeared` event each)
    # the counts of each source, keyed by the source its events name: a page two sources list
    # counts under its document's source, whichever of them read it (see docs: `source_counts`)
    source_counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    # the members of `counts` (and of each `source_counts` entry), in their order
    COUNTS: ClassVar[tuple[str, ...]] = ("new_documents", "new_versions", "changes", "missing", "reappeared")

    def to_dict(self) -> dict[str, Any]:
        data = {
            "schema_version": 1,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "sources": list(self.sources),
            "failed_sources": list(self.failed_sources),
            "outcomes": dict(self.outcomes),
            "counts": {
                "new_documents": self.new_documents,
                "new_versions": self.new_versions,
                "changes": self.changes,
                "missing": self.missing,
                "reappeared": self.reappeared,
            },
            # every source of the run, and any other its events name (a page of a source not in it)
            "source_counts": {name: {what: int(self.source_counts.get(name, {}).get(what, 0)) for what in self.COUNTS}
                              for name in dict.fromkeys((*self.sources, *self.source_counts))},
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "unread": [dict(u) for u in self.unread],
            "events": [e.to_dict() for e in self.events],
        }
        if self.delivery is not None:
            data["delivery"] = dict(self.delivery)
        return data


@dataclass(frozen=True, slots=True)
class StoreIdentity:
    """Who a store is, for the ids its reports carry (Message-IDs, Atom ids).

    Row ids repeat: every installation counts events from 1, and so does a restored backup
    counting on. `uid` is random, made once when the store got its identity, and travels with
    the file (a backup keeps it); `legacy_events` is the highest event id stored before that
    (0 for a store made with one), whose feed entries keep the id they were first shown with.
    """

    uid: str
    legacy_events: int = 0


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """How a source is doing: what `policywatch status` and the site's problems page show."""

    name: str
    documents: int = 0
    last_run_at: datetime | None = None
    last_outcome: str = ""  # "ok" or the dominant failure outcome of the last run
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    last_change_at: datetime | None = None
    message: str = ""

    @property
    def healthy(self) -> bool:
        """Its last run did not fail, and the site refused none of its documents (a challenge:
        FetchOutcome.is_block); documents left unread for reasons the next run clears (throttled,
        an error page, a network error) leave it healthy, with them named in `message`."""
        return self.consecutive_failures == 0 and not self.blocked

    @property
    def blocked(self) -> bool:
        """Its last run was no failure, but the site refused some of its documents (a WAF page,
        a captcha): `last_outcome` then names that outcome."""
        return self.consecutive_failures == 0 and self.last_outcome in _BLOCKS
