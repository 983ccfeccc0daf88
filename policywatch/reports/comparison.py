"""The 新旧对照 view model: a ChangeSet as aligned side-by-side rows with unchanged runs folded.

Inline ops become <ins>/<del> around escaped text, so document text can never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from policywatch.model import ChangeKind, ChangeSet, ClauseChange, ClauseTree, InlineOp, MetadataChange
from policywatch.reports.i18n import Translator
from policywatch.reports.views import anchor, change_summary, fact_text, path_label

# --------------------------------------------------------------------------- 新旧对照 rows


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One aligned row of the side-by-side view."""

    kind: str  # a ChangeKind value or "unchanged"
    kind_label: str
    anchor: str
    path: str  # display path of the row (new side unless deleted)
    note: str  # moved / renumbered / split / merged explanation
    old_html: Markup
    new_html: Markup
    inline_html: Markup  # single-column view: deletions and insertions interleaved
    facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fold:
    """A run of unchanged clauses, shown folded."""

    rows: tuple[DiffRow, ...]


def render_ops(ops: Sequence[InlineOp], *, side: str) -> Markup:
    """Inline ops as escaped HTML: side "old" keeps deletions, "new" insertions, "both" all."""
    out: list[str] = []
    for op in ops:
        text = str(escape(op.text))
        if op.op == "equal":
            out.append(text)
        elif op.op == "delete" and side in ("old", "both"):
            out.append(f"<del>{text}</del>")
        elif op.op == "insert" and side in ("new", "both"):
            out.append(f"<ins>{text}</ins>")
    return Markup("".join(out))


def _sides(change: ClauseChange) -> tuple[Markup, Markup, Markup]:
    if change.kind is ChangeKind.RENUMBERED and not (change.old_text or change.new_text):
        # a pure renumbering has no text to show: list the labels as they were and as they are
        olds = escape("、".join(path_label(a) for a, _ in _label_moves(change)))
        news = escape("、".join(path_label(b) for _, b in _label_moves(change)))
        return olds, news, news
    if change.inline:
        return (render_ops(change.inline, side="old"), render_ops(change.inline, side="new"),
                render_ops(change.inline, side="both"))
    old = Markup("<del>%s</del>") % change.old_text if change.old_text else Markup("")
    new = Markup("<ins>%s</ins>") % change.new_text if change.new_text else Markup("")
    if change.kind in (ChangeKind.MOVED, ChangeKind.RENUMBERED) or change.old_text == change.new_text:
        old, new = escape(change.old_text), escape(change.new_text)
        return old, new, new or old
    return old, new, old + new


def _note(change: ClauseChange, t: Translator) -> str:
    old, new = path_label(change.old_path), path_label(change.new_path)
    others = "、".join(path_label(b or a) for a, b in change.moves)
    if change.kind is ChangeKind.RENUMBERED:
        return "；".join(t("change.renumbered", old=path_label(a), new=path_label(b)) for a, b in _label_moves(change))
    if change.kind is ChangeKind.MOVED:
        return t("change.moved_from", old=old, new=new)
    if change.kind is ChangeKind.SPLIT and others:
        return t("change.split_into", paths=others)
    if change.kind is ChangeKind.MERGED and others:
        return t("change.merged_from", paths=others)
    if old and new and old != new:
        return t("change.renumbered", old=old, new=new)
    return ""


def _label_moves(change: ClauseChange) -> list[tuple[str, str]]:
    """(old, new) label pairs of a renumbering; the record's own pair when it lists none."""
    moves = [(a, b) for a, b in change.moves if a and b]
    return moves or [(change.old_path, change.new_path)]


def change_row(change: ClauseChange, t: Translator, used: set[str]) -> DiffRow:
    path = change.new_path or change.old_path
    ident = anchor(path)
    if ident in used:  # a deleted clause whose old number a new clause now carries
        ident = "old-" + ident
    used.add(ident)
    old_html, new_html, inline_html = _sides(change)
    return DiffRow(
        kind=change.kind.value,
        kind_label=t(f"kind.{change.kind.value}"),
        anchor=ident,
        path=path_label(path),
        note=_note(change, t),
        old_html=old_html,
        new_html=new_html,
        inline_html=inline_html,
        facts=tuple(fact_text(f, t) for f in change.facts),
    )


def _unchanged_row(path: str, text: str, t: Translator, used: set[str]) -> DiffRow:
    ident = anchor(path)
    used.add(ident)
    body = escape(text)
    return DiffRow("unchanged", "", ident, path_label(path), "", body, body, body)


def diff_rows(
    cs: ChangeSet, t: Translator, *, old_tree: ClauseTree | None = None, new_tree: ClauseTree | None = None
) -> list[DiffRow | Fold]:
    """Changed clauses in new-document order, with unchanged runs folded when trees are given.

    Deleted clauses sit after the new-side counterpart of the clause that preceded them in the
    old version, so the reader sees them where they used to be.
    """
    used: set[str] = set()
    if new_tree is None or old_tree is None:
        return [change_row(c, t, used) for c in cs.changes]
    by_new: dict[str, list[ClauseChange]] = {}
    for c in cs.changes:
        if c.new_path:
            by_new.setdefault(c.new_path, []).append(c)
    new_paths = {c.path_str for c in new_tree}
    after = _deleted_positions(cs, old_tree, new_paths)
    items: list[DiffRow | Fold] = []
    run: list[DiffRow] = []

    def flush() -> None:
        if run:
            items.append(Fold(tuple(run)))
            run.clear()

    def emit(changes: Iterable[ClauseChange]) -> None:
        for c in changes:
            flush()
            items.append(change_row(c, t, used))

    emit(after.pop(None, []))
    for clause in new_tree:
        path = clause.path_str
        if path in by_new:
            emit(by_new.pop(path))
        elif clause.text:
            run.append(_unchanged_row(path, clause.text, t, used))
        emit(after.pop(path, []))
    emit(c for rest in by_new.values() for c in rest)  # paths the tree does not know
    emit(c for rest in after.values() for c in rest)
    flush()
    return items


def _deleted_positions(
    cs: ChangeSet, old_tree: ClauseTree, new_paths: set[str]
) -> dict[str | None, list[ClauseChange]]:
    old_to_new = {c.old_path: c.new_path for c in cs.changes if c.old_path and c.new_path}
    changed_old = {c.old_path for c in cs.changes}
    order = [c.path_str for c in old_tree]
    after: dict[str | None, list[ClauseChange]] = {}
    for change in cs.changes:
        if change.new_path:
            continue
        target: str | None = None
        index = order.index(change.old_path) if change.old_path in order else -1
        for previous in reversed(order[: max(index, 0)]):
            mapped = old_to_new.get(previous) or (previous if previous not in changed_old else None)
            if mapped and mapped in new_paths:
                target = mapped
                break
        after.setdefault(target, []).append(change)
    return after


# --------------------------------------------------------------------------- the whole comparison


@dataclass(frozen=True, slots=True)
class FactLine:
    anchor: str
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class DiffView:
    """Everything a 新旧对照 page shows: fact changes first, then metadata, then aligned clauses."""

    summary: str
    old_label: str
    new_label: str
    facts: tuple[FactLine, ...]
    metadata: tuple[MetadataChange, ...]
    rows: tuple[DiffRow | Fold, ...]


def diff_view(
    cs: ChangeSet,
    t: Translator,
    *,
    old_tree: ClauseTree | None = None,
    new_tree: ClauseTree | None = None,
    old_label: str = "",
    new_label: str = "",
) -> DiffView:
    facts = []
    for change in cs.changes:
        for fact in change.facts:
            path = fact.path or change.new_path or change.old_path
            facts.append(FactLine(anchor(path) if path else "", path_label(path), fact_text(fact, t)))
    return DiffView(
        summary=change_summary(cs, t),
        old_label=old_label or cs.old_label or "old",
        new_label=new_label or cs.new_label or "new",
        facts=tuple(facts),
        metadata=cs.metadata_changes,
        rows=tuple(diff_rows(cs, t, old_tree=old_tree, new_tree=new_tree)),
    )
