"""Values that cross stage boundaries: fetch results, documents, versions, clauses, change sets.

Everything here is a frozen dataclass (or an enum) with no I/O and no imports from the rest of
policywatch, so every stage can produce and consume these values and be tested alone.

Flow: FetchResult -> ExtractedDocument -> NormalizedDocument -> StoredVersion -> ClauseTree
-> ChangeSet -> reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

# Version of the JSON produced by ChangeSet.to_dict(); bump on any incompatible change and
# document it in docs/changeset-schema.md.
CHANGESET_SCHEMA_VERSION = 1


# --------------------------------------------------------------------------- fetching


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


# --------------------------------------------------------------------------- extraction

# Metadata fields whose change makes a new version (issue: title, 发文字号, dates, 有效性).
TRACKED_METADATA = ("title", "doc_number", "written_date", "published_date", "validity")


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """Descriptive fields of a policy document; empty string means unknown."""

    title: str = ""
    doc_number: str = ""  # 发文字号, brackets folded to 〔〕
    issuer: str = ""  # 发文机关
    written_date: str = ""  # 成文日期, ISO YYYY-MM-DD
    published_date: str = ""  # 发布日期, ISO YYYY-MM-DD
    index_no: str = ""  # 索引号
    validity: str = ""  # 有效性: 现行有效 / 失效 / 废止 / ...
    text_source: str = ""  # how the text was read when not from a text layer: "ocr:rapidocr"; never tracked

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> DocumentMetadata:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v or "") for k, v in (data or {}).items() if k in known})

    def merged(self, fallback: DocumentMetadata) -> DocumentMetadata:
        """Fields of self, with the empty ones taken from fallback."""
        return DocumentMetadata(
            **{f.name: getattr(self, f.name) or getattr(fallback, f.name) for f in fields(self)}
        )

    def tracked(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TRACKED_METADATA}


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink found in a document: an attachment candidate or a listing entry."""

    url: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Body text and metadata got out of one HTML, PDF, DOCX or text file."""

    url: str
    format: str  # "html", "pdf", "docx", "doc", "text"
    text: str  # body text, one paragraph per line
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    attachments: tuple[Link, ...] = ()  # attachment links found in the body (HTML only)
    needs_ocr: bool = False  # a PDF without a text layer: never stored as an empty version
    is_stub: bool = False  # body is only "see attachment"
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- normalization


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The two layers of a text: what people read, and what decides 'changed or not'."""

    display: str
    key: str


@dataclass(frozen=True, slots=True)
class NormalizedDocument:
    """An extracted document after normalization, ready to be stored as a version."""

    url: str
    format: str
    display_text: str
    comparison_key: str
    content_hash: str  # sha256 hex of comparison_key
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)


# --------------------------------------------------------------------------- store


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


# --------------------------------------------------------------------------- clauses


@dataclass(frozen=True, slots=True)
class Clause:
    """One node of a document's clause tree.

    `path` is the canonical label path ("三", "（二）", "2"); `text` is the clause's own
    display text (its marker line and body paragraphs, without its children), `key` its
    comparison key. Head and tail zones use the families "head" and "tail".
    """

    path: tuple[str, ...]
    family: str  # book, subbook, part, chapter, section, article, para (款), cn, pcn, ar, par, circ, dash, bullet, box, annex, lead, preamble, head, tail, document
    label: str  # canonical label of this node, the last element of path
    heading: str  # lead-in sentence, "" when none
    text: str
    key: str
    number: int | None = None

    @property
    def path_str(self) -> str:
        return "/".join(self.path)

    @property
    def depth(self) -> int:
        return len(self.path)


@dataclass(frozen=True, slots=True)
class ClauseTree:
    """A document's clauses in document order (pre-order); parents come before children."""

    clauses: tuple[Clause, ...]
    title: str = ""

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def by_path(self) -> dict[tuple[str, ...], Clause]:
        return {c.path: c for c in self.clauses}

    def children(self, path: tuple[str, ...]) -> tuple[Clause, ...]:
        n = len(path)
        return tuple(c for c in self.clauses if len(c.path) == n + 1 and c.path[:n] == path)

    @property
    def text(self) -> str:
        """The clauses' text concatenated in order."""
        return "\n".join(c.text for c in self.clauses if c.text)


# --------------------------------------------------------------------------- changes


class ChangeKind(StrEnum):
    ADDED = "added"
    DELETED = "deleted"
    MODIFIED = "modified"
    MOVED = "moved"
    RENUMBERED = "renumbered"
    SPLIT = "split"
    MERGED = "merged"


@dataclass(frozen=True, slots=True)
class InlineOp:
    """One run of an inline diff: op is "equal", "insert" or "delete"."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class FactChange:
    """A changed fact inside a clause: '最高资助 1000万元 → 500万元'."""

    role: str  # amount, percent, date, target_year, count, deadline, validity, department, quantity
    old: str
    new: str
    context: str = ""  # the qualifier or subject, e.g. "最高资助"
    path: str = ""  # clause path where it sits

    @property
    def summary(self) -> str:
        prefix = f"{self.path} " if self.path else ""
        ctx = f"{self.context} " if self.context else ""
        return f"{prefix}{ctx}{self.old or '∅'} → {self.new or '∅'}"


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """One clause-level change between two versions."""

    kind: ChangeKind
    old_path: str = ""
    new_path: str = ""
    old_text: str = ""
    new_text: str = ""
    heading: str = ""
    inline: tuple[InlineOp, ...] = ()
    facts: tuple[FactChange, ...] = ()
    # renumbered: the label moves ((old_path, new_path), ...); split/merged: the other paths
    moves: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MetadataChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Everything that changed between two versions of one document."""

    changes: tuple[ClauseChange, ...] = ()
    metadata_changes: tuple[MetadataChange, ...] = ()
    old_label: str = ""  # e.g. "v1" or a file name
    new_label: str = ""
    schema_version: int = CHANGESET_SCHEMA_VERSION

    @property
    def is_empty(self) -> bool:
        return not self.changes and not self.metadata_changes

    def counts(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in ChangeKind}
        for change in self.changes:
            counts[change.kind.value] += 1
        counts["metadata"] = len(self.metadata_changes)
        return counts

    @property
    def facts(self) -> tuple[FactChange, ...]:
        return tuple(f for c in self.changes for f in c.facts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "old": self.old_label,
            "new": self.new_label,
            "summary": self.counts(),
            "metadata_changes": [asdict(m) for m in self.metadata_changes],
            "changes": [_clause_change_to_dict(c) for c in self.changes],
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChangeSet:
        return cls(
            schema_version=int(data.get("schema_version", CHANGESET_SCHEMA_VERSION)),
            old_label=data.get("old", ""),
            new_label=data.get("new", ""),
            metadata_changes=tuple(MetadataChange(**m) for m in data.get("metadata_changes", ())),
            changes=tuple(_clause_change_from_dict(c) for c in data.get("changes", ())),
        )

    @classmethod
    def from_json(cls, text: str) -> ChangeSet:
        return cls.from_dict(json.loads(text))


def _clause_change_to_dict(change: ClauseChange) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "old_path": change.old_path,
        "new_path": change.new_path,
        "heading": change.heading,
        "old_text": change.old_text,
        "new_text": change.new_text,
        "inline": [[op.op, op.text] for op in change.inline],
        "facts": [
            {"role": f.role, "context": f.context, "old": f.old, "new": f.new, "path": f.path,
             "summary": f.summary}
            for f in change.facts
        ],
        "moves": [list(m) for m in change.moves],
    }


def _clause_change_from_dict(data: Mapping[str, Any]) -> ClauseChange:
    return ClauseChange(
        kind=ChangeKind(data["kind"]),
        old_path=data.get("old_path", ""),
        new_path=data.get("new_path", ""),
        heading=data.get("heading", ""),
        old_text=data.get("old_text", ""),
        new_text=data.get("new_text", ""),
        inline=tuple(InlineOp(op, text) for op, text in data.get("inline", ())),
        facts=tuple(
            FactChange(role=f["role"], old=f["old"], new=f["new"], context=f.get("context", ""),
                       path=f.get("path", ""))
            for f in data.get("facts", ())
        ),
        moves=tuple((a, b) for a, b in data.get("moves", ())),
    )


# --------------------------------------------------------------------------- store records read by reports


class DocumentStatus(StrEnum):
    ACTIVE = "active"  # listed and fetched fine
    UNLISTED = "unlisted"  # gone from the listing, still fetchable
    MISSING = "missing"  # gone from the listing and failing for several runs in a row


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


class EventKind(StrEnum):
    """What a reported event is about."""

    BASELINE = "baseline"  # a source's first run: N documents now watched (one event, not N)
    NEW_DOCUMENT = "new_document"
    CHANGED = "changed"  # a new version with a change set
    MISSING = "missing"  # a document gone from the listing and unreachable
    RETURNED = "returned"  # a missing document is back
    HEALTH = "health"  # a source started or stopped failing


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
    message: str = ""  # baseline / health / missing text

    def to_dict(self) -> dict[str, Any]:
        return {
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

    def to_dict(self) -> dict[str, Any]:
        return {
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
            },
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "events": [e.to_dict() for e in self.events],
        }


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
        return self.consecutive_failures == 0
