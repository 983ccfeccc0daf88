"""Values that cross stage boundaries: fetch results, documents, versions, clauses, change sets.

Everything here is a frozen dataclass (or an enum) with no I/O and no imports from the rest of
policywatch, so every stage can produce and consume these values and be tested alone. The
values of the crawl, the store and the run (fetch outcomes and results, links, normalized
documents ready to store, stored versions, document statuses, events, relations) are
defined in `model.records`, and the details some changes carry (changed facts and metadata
fields) in `model.details`; both are imported from here like the others, and each loads on
first use (see RECORDS and DETAILS): a `diff` of two text files creates only the classes it uses.

Flow: FetchResult -> ExtractedDocument -> NormalizedDocument -> StoredVersion -> ClauseTree
-> ChangeSet -> reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from policywatch.lazyexports import lazy_exports

if TYPE_CHECKING:  # the names model.records and model.details define, re-exported (see __getattr__ below)
    from policywatch.model.details import FactChange, MetadataChange, TermReplacement
    from policywatch.model.records import (  # noqa: F401
        RELATION_KINDS,
        ChangeEvent,
        DocKey,
        DocumentRecord,
        DocumentRef,
        DocumentStatus,
        EventKind,
        FetchAttempt,
        FetchOutcome,
        FetchResult,
        Link,
        ListingPage,
        NormalizedDocument,
        Relation,
        RelationKind,
        RunSummary,
        SourceHealth,
        StoredVersion,
        StoreIdentity,
        Validators,
    )

# Version of the JSON produced by ChangeSet.to_dict(); bump on any incompatible change and
# document it in docs/changeset-schema.md.
CHANGESET_SCHEMA_VERSION = 1


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
    # 主题分类 (综合政务/其他, 工业、交通\信息产业): last, so a positional construction keeps its
    # meaning; not tracked (a site re-filing a document under another category is no new version),
    # and "" in a store written before it existed (from_dict's default)
    subject: str = ""

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
class ExtractedDocument:
    """Body text and metadata got out of one HTML, PDF, DOCX or text file."""

    url: str
    format: str  # "html", "pdf", "docx", "doc", "text"
    text: str  # body text, one paragraph per line
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    attachments: tuple[Link, ...] = ()  # attachment links found in the body (HTML only)
    needs_ocr: bool = False  # a PDF without a text layer: never stored as an empty version
    # a PDF's pages left out of `text` (their fonts map no glyph to a character), each as (page
    # number, index of the text line its OCR reading goes before); extract() fills them in by OCR
    unread_pages: tuple[tuple[int, int], ...] = ()
    # a ZIP's PDF members (or pages of them) that need OCR, each as (heading label, the member's
    # path of names through the nested archives, its pages left out as unread_pages are (() for a
    # whole scan), index of the text line a whole scan's reading goes before); extract() reads
    # them by OCR as it does a PDF's pages
    unread_members: tuple[tuple[str, tuple[str, ...], tuple[tuple[int, int], ...], int], ...] = ()
    is_stub: bool = False  # body is only "see attachment"
    warnings: tuple[str, ...] = ()
    # where a metadata field's value came from, e.g. ("doc_number", "label 发文字号") — `probe` shows it
    origins: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- normalization


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The two layers of a text: what people read, and what decides 'changed or not'.

    Here, not in model.records: `normalize_text` returns it, and its first call should not
    create the records' classes (~1.5x the normalizer's cold first call on a small text)."""

    display: str
    key: str


# --------------------------------------------------------------------------- clauses


@dataclass(frozen=True, slots=True)
class Clause:
    """One node of a document's clause tree.

    `path` is the canonical label path ("三", "（二）", "2"); `text` is the clause's own
    display text (its marker line and body paragraphs, without its children), `key` its
    comparison key. Head and tail zones use the families "head" and "tail".
    """

    path: tuple[str, ...]
    family: str  # book, subbook, part, chapter, section, article, para (款), cn, pcn, ar, par, circ, dash, bullet, box, annex, lead, caption, preamble, head, tail, document
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
class ChangeSet:
    """Everything that changed between two versions of one document."""

    changes: tuple[ClauseChange, ...] = ()
    metadata_changes: tuple[MetadataChange, ...] = ()
    old_label: str = ""  # e.g. "v1" or a file name
    new_label: str = ""
    schema_version: int = CHANGESET_SCHEMA_VERSION
    # words replaced the same way in several clauses (a term renamed throughout), each named once;
    # the clause records still show every place
    replacements: tuple[TermReplacement, ...] = ()

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

    @property
    def key_facts(self) -> tuple[FactChange, ...]:
        """The facts in the order lists and headlines name them: values that changed first, then
        the values added or deleted clauses state, each in text order. A new edition's
        "最高资助 1000万元 → 500万元" must not give way to the amounts its new articles state."""
        return tuple(sorted(self.facts, key=lambda f: not f.is_pair))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "old": self.old_label,
            "new": self.new_label,
            "summary": self.counts(),
            "metadata_changes": [asdict(m) for m in self.metadata_changes],
            "replacements": [{"old": r.old, "new": r.new, "places": r.places, "paths": list(r.paths)}
                             for r in self.replacements],
            "changes": [_clause_change_to_dict(c) for c in self.changes],
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChangeSet:
        from policywatch.model.details import MetadataChange, TermReplacement

        return cls(
            schema_version=int(data.get("schema_version", CHANGESET_SCHEMA_VERSION)),
            old_label=data.get("old", ""),
            new_label=data.get("new", ""),
            metadata_changes=tuple(MetadataChange(**m) for m in data.get("metadata_changes", ())),
            changes=tuple(_clause_change_from_dict(c) for c in data.get("changes", ())),
            # absent from change sets stored before it existed
            replacements=tuple(TermReplacement(r["old"], r["new"], int(r["places"]), tuple(r.get("paths", ())))
                               for r in data.get("replacements", ())),
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
    from policywatch.model.details import FactChange

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


# --------------------------------------------------------------------------- loaded on first use

# Names defined in model.records and model.details (see their docstrings): `from policywatch.model
# import FetchResult` imports that module then, and only then.
RECORDS = frozenset({"ChangeEvent", "DocKey", "DocumentRecord", "DocumentRef", "DocumentStatus", "EventKind",
                     "FetchAttempt", "FetchOutcome", "FetchResult", "Link", "ListingPage", "NormalizedDocument",
                     "RELATION_KINDS", "Relation", "RelationKind", "RunSummary", "SourceHealth", "StoreIdentity",
                     "StoredVersion",
                     "Validators"})
DETAILS = frozenset({"FactChange", "MetadataChange", "TermReplacement"})
__getattr__, __dir__ = lazy_exports(__name__, globals(), {**dict.fromkeys(RECORDS, "records"),
                                                         **dict.fromkeys(DETAILS, "details")})
