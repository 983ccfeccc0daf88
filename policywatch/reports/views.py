"""View models: the summaries, event lines, outlines and groupings that pages and mails show.

Everything here turns `policywatch.model` values into small display values; templates only lay
them out. Text from documents is escaped here or by jinja's autoescape, never trusted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from policywatch.model import (
    ChangeKind,
    ChangeSet,
    ClauseChange,
    ClauseTree,
    DocumentStatus,
    EventKind,
    FetchOutcome,
    InlineOp,
)
from policywatch.model.validity import PARTLY, validity_state
from policywatch.reports.i18n import Translator
from policywatch.reports.labels import (
    anchor,
    change_summary,
    clause_heading,
    key_changes,
    one_line,
    path_label,
)
from policywatch.reports.renumber import label_moves, renumber_runs, run_sentence, split_renumbering
from policywatch.wording import read_evidence, read_health, read_unread_note, reword

if TYPE_CHECKING:  # annotations only: `diff --format html` never loads the store's records
    from policywatch.model import ChangeEvent, DocumentRecord

def label_kind(kind: str, effect: str) -> str:
    """A relation kind as its labels name it: a `repeals` that declares its target expired
    (宣布失效, effect 失效) is never called a repeal (废止): the two are different legal acts; an
    `amends` repealing some articles of its target (effect 部分废止) is a partial repeal, no 修改决定."""
    if kind == "amends" and effect.startswith(PARTLY):
        return "amends_partly"
    return "repeals_expired" if kind == "repeals" and validity_state(effect) == "expired" else kind


def book_title(title: str) -> str:
    """A title in 书名号, nested marks demoted: 关于印发《A》的通知 -> 《关于印发〈A〉的通知》."""
    inner = one_line(title, 200).strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def status_key(record: DocumentRecord) -> str:
    """有效 / 废止 / 失效 / missing: the document's status as a message key."""
    # the legal status outranks reachability: a repealed document stays 废止 when it vanishes
    state = validity_state(record.metadata.validity)
    if state:
        return f"status.{state}"
    if record.status is DocumentStatus.MISSING:
        return "status.missing"
    if record.status is DocumentStatus.UNLISTED:
        return "status.unlisted"
    return "status.active"


# --------------------------------------------------------------------------- what changed, in words

_OUTCOMES = frozenset(o.value for o in FetchOutcome)
EXCERPT = 120  # characters of an added or deleted clause a digest entry quotes
_CONTEXT = 12  # characters of unchanged text around a modified clause's changed words


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One clause change as a digest, feed or webhook shows it.

    `parts` are (op, text) with op "equal", "insert", "delete" or "text" (plain words such as a
    renumbering sentence); `cut` says the quote was shortened and the full page has the rest.
    """

    kind: str
    kind_label: str
    path: str
    parts: tuple[tuple[str, str], ...]
    cut: bool = False

    def plain(self) -> str:
        """As plain text: deletions as [-…-], insertions as {+…+} (wdiff's notation)."""
        marks = {"insert": "{{+{}+}}", "delete": "[-{}-]"}
        return "".join(marks.get(op, "{}").format(text) for op, text in self.parts) + ("…" if self.cut else "")


def _excerpt(text: str, limit: int = EXCERPT) -> tuple[str, bool]:
    flat = " ".join(text.split())
    return (flat, False) if len(flat) <= limit else (flat[:limit], True)


def _squeezed(text: str) -> str:
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def _changed_words(ops: Sequence[InlineOp], limit: int = EXCERPT) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The inserted and deleted runs with a few characters of context, gaps shown as "…"."""
    parts: list[tuple[str, str]] = []
    used = 0
    cut = False
    last = len(ops) - 1
    for i, op in enumerate(ops):
        # runs of spaces and line breaks squeezed to one space, not dropped: "第八章 " then
        # "质量安全保障" must not read 第八章质量安全保障
        text = _squeezed(op.text)
        if op.op == "equal":
            before = i > 0
            after = i < last
            if before and after and len(text) > 2 * _CONTEXT:
                text = text[:_CONTEXT] + "…" + text[-_CONTEXT:]
            elif after and not before and len(text) > _CONTEXT:
                text = "…" + text[-_CONTEXT:]
            elif before and not after and len(text) > _CONTEXT:
                text = text[:_CONTEXT] + "…"
        if used + len(text) > limit:
            parts.append((op.op, text[: max(limit - used, 0)]))
            cut = True
            break
        parts.append((op.op, text))
        used += len(text)
    return tuple(p for p in parts if p[1]), cut


def change_line(change: ClauseChange, t: Translator) -> ChangeLine:
    # a clause renumbered or moved while edited is named at both places: a digest has no row
    # note, and "修改 第八章" alone hides that it was 第六章
    path = path_label(change.new_path or change.old_path)
    if change.old_path and change.new_path and change.old_path != change.new_path:
        path = f"{path_label(change.old_path)} → {path}"
    label = t(f"kind.{change.kind.value}")
    if change.kind is ChangeKind.RENUMBERED and not (change.old_text or change.new_text):
        runs = renumber_runs(label_moves(change))
        sentence = "；".join(run_sentence(r, t) for r in runs)
        parent = path_label(runs[0].new_parent) if runs and runs[0].new_parent else ""
        return ChangeLine(change.kind.value, label, parent, (("text", sentence),))
    if change.kind is ChangeKind.ADDED or (change.new_text and not change.old_text):
        text, cut = _excerpt(change.new_text)
        return ChangeLine(change.kind.value, label, path, (("insert", text),), cut)
    if change.kind is ChangeKind.DELETED or (change.old_text and not change.new_text):
        text, cut = _excerpt(change.old_text)
        return ChangeLine(change.kind.value, label, path_label(change.old_path), (("delete", text),), cut)
    if change.inline:
        parts, cut = _changed_words(change.inline)
        return ChangeLine(change.kind.value, label, path, parts, cut)
    text, cut = _excerpt(change.new_text or change.old_text)
    return ChangeLine(change.kind.value, label, path, (("equal", text),), cut)


def change_lines(cs: ChangeSet, t: Translator) -> tuple[ChangeLine, ...]:
    """Every clause change of a change set, renumberings split so none spans two parents."""
    return tuple(change_line(part, t) for c in cs.changes for part in split_renumbering(c))


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
    # a change of 有效性 is its own highlighted kind: "validity" with tone "repealed"/"expired"/""
    tone: str = ""
    details: tuple[ChangeLine, ...] = ()  # what changed, clause by clause (digests, feeds)


def has_changeset(event: ChangeEvent) -> bool:
    """Whether the event carries a changeset, known without reading it from a lazy source.

    A ReportSource may list events whose changeset is read on access, with a `changeset_digest`
    ("" for none) beside it (the pipeline's ReportView does): the site then lists a long
    history without holding or parsing every changeset.
    """
    digest = getattr(event, "changeset_digest", None)
    return bool(digest) if isinstance(digest, str) else event.changeset is not None


def event_page(event: ChangeEvent) -> str:
    # a change, and a successor or final compared with its predecessor or draft (新旧对照)
    if has_changeset(event) and (event.kind is EventKind.CHANGED or event.is_relation):
        return f"changes/{event.id}.html"
    if event.document_id is not None:
        return f"documents/{event.document_id}.html"
    return ""


def validity_change(cs: ChangeSet | None) -> tuple[str, str] | None:
    """(old, new) 有效性 when the change set changes it."""
    for m in cs.metadata_changes if cs is not None else ():
        if m.field == "validity" and m.old != m.new:
            return m.old, m.new
    return None


def event_kind(event: ChangeEvent, t: Translator) -> tuple[str, str, str]:
    """(kind, label, tone) of an event as readers see it; a 有效性 change outranks 内容变更."""
    return _event_kind(event, event.changeset, t)


def _event_kind(event: ChangeEvent, cs: ChangeSet | None, t: Translator) -> tuple[str, str, str]:
    validity = validity_change(cs) if event.kind is EventKind.CHANGED else None
    if validity is not None:
        tone = validity_state(validity[1])
        return "validity", t(f"event.validity_{tone}" if tone else "event.validity"), tone
    return event.kind.value, t(f"event.{label_kind(event.kind.value, event.effect)}"), ""


@dataclass(frozen=True, slots=True)
class EventWords:
    """What an event's line says that is read from its changeset: the parts of an EventView a
    site carries from build to build (reports/summaries.py) instead of decoding every
    changeset of the history again (issue 15)."""

    kind: str
    kind_label: str
    tone: str
    summary: str
    facts: tuple[str, ...]


def event_words(event: ChangeEvent, t: Translator) -> EventWords:
    """The kind, summary and facts of an event, from its changeset (read once: a lazy source
    reads it from the store on each access)."""
    return _event_words(event, event.changeset, t)


def _event_words(event: ChangeEvent, cs: ChangeSet | None, t: Translator) -> EventWords:
    kind, kind_label, tone = _event_kind(event, cs, t)
    if event.kind is EventKind.CHANGED and not event.message:
        summary = change_summary(cs, t)
    elif event.kind is EventKind.CHANGED:  # a repeal or expiry: the change is the 有效性, the message says why
        summary = f"{change_summary(cs, t)}（{one_line(event.message, 200)}）"
    elif event.kind is EventKind.MISSING:
        summary = one_line(_unread_reason(event.message, t), 200)
    elif event.kind is EventKind.REAPPEARED:  # the message is the read's outcome (pipeline): said in words
        summary = t.label("reappeared", event.message or "back")
    elif event.kind is EventKind.HEALTH:
        summary = one_line(health_words(event.message, t), 200)
    elif event.kind is EventKind.BASELINE and event.message.isdigit():
        # the pipeline stores the count alone, so the sentence follows the reader's language
        summary = t("event.baseline_count", n=int(event.message))
    else:
        summary = one_line(event.message, 200)
    # outside the 新旧对照 page a fact needs its clause to be cited (key_changes)
    facts = tuple(key_changes(cs, t)) if cs else ()
    return EventWords(kind, kind_label, tone, summary, facts)


def _unread_reason(message: str, t: Translator) -> str:
    """A MISSING event's "challenge: HTTP 412 challenge ($_ts)" (the pipeline's FetchOutcome
    value, then its detail) with the outcome in the reader's words: 人机验证拦截：…; a digest
    must not show a code such as soft_404 to its readers. Other messages stay as they are."""
    code, sep, detail = message.partition(": ")
    if not sep or code not in _OUTCOMES:
        return message
    return t("event.unread_reason", outcome=t.label("outcome", code), detail=evidence_words(detail, t))


def health_words(message: str, t: Translator) -> str:
    """A source health alert (wording.health_failing / health_recovered) in the reader's
    language, its outcome codes as words (服务器错误, not http_error); other messages as they are."""
    found = read_health(message)
    if found is None:
        return message
    kind, since, outcome, detail = found
    if kind == "recovered":
        return t("health.recovered", since=since)
    return t("health.failing", since=since, outcome=t.label("outcome", outcome), detail=outcome_words(detail, t))


def source_note(message: str, t: Translator) -> str:
    """What a source's last run said (status `message`) as the site shows it: the note of the
    documents it left unread in the reader's words (本次有 2 份文件未能读取：人机验证拦截 2), an
    error's outcome codes as words."""
    reasons = read_unread_note(message)
    if reasons is None:
        return outcome_words(message, t)
    return t("source.unread_note", n=sum(n for _, n in reasons), reasons=outcome_counts(reasons, t))


# What a digest's subject and a chat post's title count apart from the changes (the phrase of
# each count): a document gone or back online is no policy change
APART = {EventKind.MISSING.value: "hook.missing", EventKind.REAPPEARED.value: "hook.reappeared"}


def outcome_counts(reasons: Iterable[tuple[str, int]], t: Translator) -> str:
    """(outcome, count) pairs in words: 人机验证拦截 2、错误页面 1."""
    return "、".join(f"{t.label('outcome', outcome)} {n}" for outcome, n in reasons)


_OUTCOME_CODE = re.compile(r"\b([a-z][a-z0-9_]*): ")


def outcome_words(text: str, t: Translator) -> str:
    """`text` with each "<outcome>: " a run's errors carry (http_error: HTTP 500) and the evidence
    they rest on (evidence_words) given in words."""
    return _OUTCOME_CODE.sub(lambda m: t("event.unread_reason", outcome=t.label("outcome", m[1]), detail="")
                             if m[1] in _OUTCOMES else m[0], evidence_words(text, t))


def evidence_words(text: str, t: Translator) -> str:
    """A fetch's evidence (wording.EVIDENCE: "challenge page served with HTTP 200 ($_ts)", parts
    joined by "; ", each maybe after a URL or "<source>: listing: ") in the reader's language;
    what says none of it stays as it is. The phrases around it (wording.PHRASES: a listing's or
    an attachment's failure, a source's timeout) are said in the reader's language too."""
    # the phrases first: a sentence of one (a source's timeout) has a "; " of its own
    said = reword(text, lambda key, values: t(f"phrase.{key}", **values))
    return t("count.facts_sep").join(lead + (t(f"evidence.{key}", **values) if key else "")
                                     for lead, key, values in read_evidence(said))


def event_view(event: ChangeEvent, t: Translator, *, details: bool = True,
               words: EventWords | None = None) -> EventView:
    """The event as one line of a list; `details` (the clause-by-clause lines) only when asked
    for. With its `words` known and no details, the changeset is not read."""
    meta = event.metadata
    cs = event.changeset if words is None or details else None
    if words is None:
        words = _event_words(event, cs, t)
    return EventView(
        id=event.id,
        kind=words.kind,
        kind_label=words.kind_label,
        source=event.source,
        detected_at=event.detected_at,
        document_id=event.document_id,
        title=one_line(meta.title, 200) or event.url or event.source,
        doc_number=meta.doc_number,
        issuer=meta.issuer,
        published_date=meta.published_date,
        written_date=meta.written_date,
        summary=words.summary,
        facts=words.facts,
        url=event.url,
        page=event_page(event),
        tone=words.tone,
        details=change_lines(cs, t) if cs is not None and details else (),
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


def outline(tree: ClauseTree, *, max_depth: int = 3) -> list[OutlineNode]:
    """The clause tree as nested nodes for a navigable table of contents."""
    roots: list[OutlineNode] = []
    nodes: dict[tuple[str, ...], OutlineNode] = {}
    for clause in tree:
        if not clause.path or clause.depth > max_depth or clause.family in ("head", "tail", "document"):
            continue
        node = OutlineNode(anchor(clause.path), clause.label, clause_heading(clause.text, clause.heading))
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
