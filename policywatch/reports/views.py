"""View models: the summaries, event lines, outlines and groupings that pages and mails show.

Everything here turns `policywatch.model` values into small display values; templates only lay
them out. Text from documents is escaped here or by jinja's autoescape, never trusted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from policywatch.model import (
    ChangeEvent,
    ChangeSet,
    ClauseTree,
    DocumentRecord,
    DocumentStatus,
    EventKind,
    FactChange,
)
from policywatch.reports.i18n import Translator

_KIND_ORDER = ("modified", "added", "deleted", "moved", "renumbered", "split", "merged")
_REPEALED = ("废止", "失效", "repealed", "expired")
_MARKER = re.compile(r"^(第[^章条节款]{1,6}[章条节款]|[(（][一二三四五六七八九十百零〇\d]+[)）]|[一二三四五六七八九十百零〇\d]+[、.．](?!\d))\s*")
_UNSAFE_ID = re.compile(r"[\s\"'<>&#%?]+")


# --------------------------------------------------------------------------- small helpers


def anchor(path: str | Sequence[str]) -> str:
    """Permalink id of a clause path: ("三", "（二）", "2") or "三/（二）/2" -> "三-（二）-2"."""
    parts = path.split("/") if isinstance(path, str) else list(path)
    return _UNSAFE_ID.sub("_", "-".join(p for p in parts if p)) or "top"


def path_label(path: str) -> str:
    """A clause path as readers see it: "三/（二）/2" -> "三 › （二） › 2"."""
    return " › ".join(p for p in path.split("/") if p)


def one_line(text: str, limit: int = 80) -> str:
    """Collapse whitespace (CR/LF included) and shorten; safe for subjects and list items."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def status_key(record: DocumentRecord) -> str:
    """有效 / 废止 / missing: the document's status as a message key."""
    # the legal status outranks reachability: a repealed document stays 废止 when it vanishes
    if any(word in record.metadata.validity for word in _REPEALED):
        return "status.repealed"
    if record.status is DocumentStatus.MISSING:
        return "status.missing"
    if record.status is DocumentStatus.UNLISTED:
        return "status.unlisted"
    return "status.active"


def fact_text(fact: FactChange, t: Translator) -> str:
    ctx = fact.context or t.label("role", fact.role)
    return f"{ctx} {fact.old or '∅'} → {fact.new or '∅'}"


def change_summary(cs: ChangeSet | None, t: Translator, *, max_facts: int = 2) -> str:
    """One line: "3 处修改，1 处新增；最高资助 1000万元 → 500万元"."""
    if cs is None or cs.is_empty:
        return t("count.no_change")
    counts = cs.counts()
    parts = [t("count.item", n=counts[k], kind=t(f"kind.{k}")) for k in _KIND_ORDER if counts[k]]
    if counts["metadata"]:
        parts.append(", ".join(_metadata_line(m.field, m.old, m.new, t) for m in cs.metadata_changes[:2]))
    line = t("count.sep").join(parts)
    facts = cs.facts
    if facts:
        shown = "，".join(fact_text(f, t) for f in facts[:max_facts])
        if len(facts) > max_facts:
            shown += " " + t("count.more_facts", n=len(facts) - max_facts)
        line += t("count.facts_sep") + shown
    return line


def _metadata_line(name: str, old: str, new: str, t: Translator) -> str:
    return f"{t('field.' + name)} {old or '∅'} → {new or '∅'}"


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class EventView:
    """One line of the index, a source page, a feed or a digest."""

    id: int
    kind: str
    kind_label: str
    source: str
    detected_at: datetime
    document_id: int | None
    title: str
    doc_number: str
    issuer: str
    published_date: str
    written_date: str
    summary: str
    facts: tuple[str, ...]
    url: str
    page: str  # site path of the page to open ("" when none)


def event_page(event: ChangeEvent) -> str:
    # a change, and a successor or final compared with its predecessor or draft (新旧对照)
    if event.changeset is not None and (event.kind is EventKind.CHANGED or event.is_relation):
        return f"changes/{event.id}.html"
    if event.document_id is not None:
        return f"documents/{event.document_id}.html"
    return ""


def event_view(event: ChangeEvent, t: Translator) -> EventView:
    meta = event.metadata
    if event.kind is EventKind.CHANGED and not event.message:
        summary = change_summary(event.changeset, t)
    elif event.kind is EventKind.CHANGED:  # a repeal or expiry: the change is the 有效性, the message says why
        summary = f"{change_summary(event.changeset, t)}（{one_line(event.message, 200)}）"
    elif event.kind is EventKind.BASELINE and event.message.isdigit():
        # the pipeline stores the count alone, so the sentence follows the reader's language
        summary = t("event.baseline_count", n=int(event.message))
    else:
        summary = one_line(event.message, 200)
    # outside the 新旧对照 page a fact needs its clause to be cited: "二 › （一） › 1 培育 100家 → 150家"
    facts = tuple(
        f"{path_label(f.path)} {fact_text(f, t)}" if f.path else fact_text(f, t) for f in event.changeset.facts
    ) if event.changeset else ()
    return EventView(
        id=event.id,
        kind=event.kind.value,
        kind_label=t(f"event.{event.kind.value}"),
        source=event.source,
        detected_at=event.detected_at,
        document_id=event.document_id,
        title=one_line(meta.title, 200) or event.url or event.source,
        doc_number=meta.doc_number,
        issuer=meta.issuer,
        published_date=meta.published_date,
        written_date=meta.written_date,
        summary=summary,
        facts=facts,
        url=event.url,
        page=event_page(event),
    )


def sort_events(events: Iterable[ChangeEvent]) -> list[ChangeEvent]:
    """Newest first, ties by id, so pages are stable whatever order the store returns."""
    return sorted(events, key=lambda e: (e.detected_at, e.id), reverse=True)


@dataclass(slots=True)
class DocumentGroup:
    document_id: int | None
    title: str
    events: list[EventView] = field(default_factory=list)


@dataclass(slots=True)
class SourceGroup:
    source: str
    documents: list[DocumentGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(d.events) for d in self.documents)


def group_events(views: Iterable[EventView]) -> list[SourceGroup]:
    """Group by source, then by document, keeping first-seen order (newest first)."""
    sources: dict[str, SourceGroup] = {}
    docs: dict[tuple[str, int | None, int], DocumentGroup] = {}
    for view in views:
        group = sources.setdefault(view.source, SourceGroup(view.source))
        # events without a document (baseline, health) each stand alone
        key = (view.source, view.document_id, view.id if view.document_id is None else 0)
        if key not in docs:
            docs[key] = DocumentGroup(view.document_id, view.title)
            group.documents.append(docs[key])
        docs[key].events.append(view)
    return sorted(sources.values(), key=lambda g: g.source)


# --------------------------------------------------------------------------- outlines


@dataclass(slots=True)
class OutlineNode:
    anchor: str
    label: str
    heading: str
    children: list[OutlineNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ClauseView:
    anchor: str
    label: str
    family: str
    depth: int
    text: str


def _heading(text: str, heading: str, label: str) -> str:
    if heading:
        return one_line(heading, 40)
    first = text.split("\n", 1)[0].strip()
    # the marker is part of the clause text; the outline shows it separately as the label
    return one_line(_MARKER.sub("", first, count=1), 40)


def outline(tree: ClauseTree, *, max_depth: int = 3) -> list[OutlineNode]:
    """The clause tree as nested nodes for a navigable table of contents."""
    roots: list[OutlineNode] = []
    nodes: dict[tuple[str, ...], OutlineNode] = {}
    for clause in tree:
        if not clause.path or clause.depth > max_depth or clause.family in ("head", "tail", "document"):
            continue
        node = OutlineNode(anchor(clause.path), clause.label, _heading(clause.text, clause.heading, clause.label))
        nodes[clause.path] = node
        parent = nodes.get(clause.path[:-1])
        (parent.children if parent else roots).append(node)
    return roots


def clause_views(tree: ClauseTree) -> list[ClauseView]:
    return [
        ClauseView(anchor(c.path), path_label(c.path_str), c.family, max(c.depth, 1), c.text)
        for c in tree
        if c.text
    ]
