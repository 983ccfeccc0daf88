"""The 新旧对照 view model: a ChangeSet as aligned side-by-side rows with unchanged runs folded.

Inline ops become <ins>/<del> around escaped text, so document text can never become markup.
The view values are NamedTuples: `diff --format html` imports this module once per run, and
a NamedTuple class costs about a tenth of a dataclass's to create.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup, escape

from policywatch.grammar import clause_path
from policywatch.grammar.written import label_cut
from policywatch.model import (
    ChangeKind,
    ChangeSet,
    Clause,
    ClauseChange,
    ClauseTree,
    InlineOp,
)
from policywatch.reports.i18n import Translator
from policywatch.reports.labels import anchor, change_summary, clause_heading, fact_text, path_label
from policywatch.reports.renumber import (
    label_moves,
    parent_label,
    renumber_runs,
    run_sentence,
    split_renumbering,
)

if TYPE_CHECKING:
    from policywatch.model import MetadataChange
    from policywatch.reports.renumber import RenumberRun

# --------------------------------------------------------------------------- 新旧对照 rows


class DiffRow(NamedTuple):
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
    renumbered: tuple[RenumberItem, ...] = ()  # the clauses of a renumbered run, shown folded


class RenumberItem(NamedTuple):
    """One renumbered clause: "（四） → （五）" with its heading words and text."""

    old_label: str
    new_label: str
    heading: str
    text: str


class Fold(NamedTuple):
    """A run of unchanged clauses, shown folded."""

    rows: tuple[DiffRow, ...]


def inline_cells(ops: Sequence[InlineOp]) -> tuple[Markup, Markup, Markup]:
    """Inline ops as escaped HTML, each text escaped once for the three cells: the old one keeps
    deletions, the new one insertions, the interleaved one all."""
    old: list[str] = []
    new: list[str] = []
    both: list[str] = []
    for op in ops:
        text = str(escape(op.text))
        if op.op == "equal":
            old.append(text)
            new.append(text)
        elif op.op == "delete":
            text = f"<del>{text}</del>"
            old.append(text)
        elif op.op == "insert":
            text = f"<ins>{text}</ins>"
            new.append(text)
        else:
            continue
        both.append(text)
    return Markup("".join(old)), Markup("".join(new)), Markup("".join(both))


def _sides(change: ClauseChange) -> tuple[Markup, Markup, Markup]:
    if change.kind is ChangeKind.RENUMBERED and not (change.old_text or change.new_text):
        # a pure renumbering's clauses are listed (folded) under the row's note; no cells
        return Markup(""), Markup(""), Markup("")
    if change.inline:
        old_html, new_html, inline_html = inline_cells(change.inline)
        return _old_labelled(change.inline, change.old_text, old_html), new_html, inline_html
    old = Markup("<del>%s</del>") % change.old_text if change.old_text else Markup("")
    new = Markup("<ins>%s</ins>") % change.new_text if change.new_text else Markup("")
    if change.kind in (ChangeKind.MOVED, ChangeKind.RENUMBERED) or change.old_text == change.new_text:
        old, new = escape(change.old_text), escape(change.new_text)
        return old, new, new or old
    return old, new, old + new


def _old_labelled(ops: Sequence[InlineOp], old_text: str, old_html: Markup) -> Markup:
    """The old cell as the old text reads: the diff compares a renumbered or moved clause under
    its new label (the number change is the row's note), so its ops read 第八章 where the old
    heading said 第六章, and 第八十一条 where the moved 款 had no label at all. The label the ops
    put first is swapped for the old text's own; anything else that differs keeps the ops."""
    found = label_cut(ops, old_text)
    if found is None:
        return old_html
    old_label, cut = found
    rest = inline_cells([InlineOp("equal", ops[0].text[cut:]), *ops[1:]])[0]
    return escape(old_label) + rest


ClauseLookup = Callable[[str], Clause | None]
_GROUPED = (ChangeKind.SPLIT, ChangeKind.MERGED)


def _no_clause(path: str) -> Clause | None:
    return None


def _note(change: ClauseChange, t: Translator, clause_at: ClauseLookup, runs: Sequence[RenumberRun]) -> str:
    """The row's explanation; `runs` are a renumbering's runs (renumber_runs of its label moves)."""
    if change.kind is ChangeKind.RENUMBERED:
        return "；".join(run_sentence(run, t, lambda p: _clause_heading(clause_at(p))) for run in runs)
    old, new = path_label(change.old_path), path_label(change.new_path)
    if change.kind is ChangeKind.MOVED:
        return t("change.moved_from", old=old, new=new)
    # the other paths only where they are told: an added or deleted subtree lists every clause
    others = "、".join(path_label(b or a) for a, b in change.moves) if change.kind in _GROUPED else ""
    if change.kind is ChangeKind.SPLIT and others:
        return t("change.split_into", paths=others)
    if change.kind is ChangeKind.MERGED and others:
        return t("change.merged_from", paths=others)
    if old and new and old != new:
        return t("change.renumbered", old=old, new=new)
    return ""


def _clause_heading(clause: Clause | None) -> str:
    return clause_heading(clause.text, clause.heading) if clause is not None else ""


def _renumbered_items(moves: Sequence[tuple[str, str]], clause_at: ClauseLookup) -> tuple[RenumberItem, ...]:
    items = []
    for old, new in moves:
        clause = clause_at(new)
        items.append(RenumberItem(old.rpartition("/")[2], new.rpartition("/")[2], _clause_heading(clause),
                                  clause.text if clause is not None else ""))
    return tuple(items)


def change_row(change: ClauseChange, t: Translator, used: set[str], clause_at: ClauseLookup = _no_clause) -> DiffRow:
    path = change.new_path or change.old_path
    ident = anchor(path)
    if ident in used:  # a deleted clause whose old number a new clause now carries
        ident = "old-" + ident
    used.add(ident)
    old_html, new_html, inline_html = _sides(change)
    # a renumbering's moves and runs, worked out once for its path, note and folded items
    moves = label_moves(change) if change.kind is ChangeKind.RENUMBERED else []
    runs = renumber_runs(moves) if moves else []
    renumbered = change.kind is ChangeKind.RENUMBERED and not (change.old_text or change.new_text)
    return DiffRow(
        kind=change.kind.value,
        kind_label=t(f"kind.{change.kind.value}"),
        anchor=ident,
        # a renumbered run is labelled by its parent: the note names the clauses themselves
        path=parent_label(runs[0]) if renumbered and len(runs) == 1 and runs[0].new_parent else path_label(path),
        note=_note(change, t, clause_at, runs),
        old_html=old_html,
        new_html=new_html,
        inline_html=inline_html,
        facts=tuple(fact_text(f, t) for f in change.facts),
        renumbered=_renumbered_items(moves, clause_at) if renumbered else (),
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
    changes = [part for c in cs.changes for part in split_renumbering(c)]
    if new_tree is None or old_tree is None:
        return [change_row(c, t, used) for c in changes]
    clauses = {c.path_str: c for c in new_tree}
    by_new: dict[str, list[ClauseChange]] = {}
    for c in changes:
        if c.new_path:
            by_new.setdefault(clause_path(c.new_path), []).append(c)  # `…第十条/第一款` is 第十条's text
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
            items.append(change_row(c, t, used, clauses.get))

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
    old_to_new = {clause_path(c.old_path): clause_path(c.new_path) for c in cs.changes if c.old_path and c.new_path}
    changed_old = {clause_path(c.old_path) for c in cs.changes}
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


class FactLine(NamedTuple):
    anchor: str
    path: str
    text: str


class DiffView(NamedTuple):
    """Everything a 新旧对照 page shows: fact changes first, then metadata, then aligned clauses."""

    summary: str
    old_label: str
    new_label: str
    facts: tuple[FactLine, ...]
    metadata: tuple[MetadataChange, ...]
    rows: tuple[DiffRow | Fold, ...]
    # terms replaced throughout: (old, new, places, the clauses as FactLines without text)
    replacements: tuple[tuple[str, str, int, tuple[FactLine, ...]], ...] = ()


def diff_view(
    cs: ChangeSet,
    t: Translator,
    *,
    old_tree: ClauseTree | None = None,
    new_tree: ClauseTree | None = None,
    old_label: str = "",
    new_label: str = "",
) -> DiffView:
    rows = tuple(diff_rows(cs, t, old_tree=old_tree, new_tree=new_tree))
    # a fact links to its record's row: a fact of an added chapter sits in one of its articles,
    # which has no row of its own, and a deleted clause's row may be `old-…` (its number reused)
    row_anchor = {(row.kind, row.path): row.anchor for row in rows if isinstance(row, DiffRow)}
    record_of = {id(fact): change for change in cs.changes for fact in change.facts}
    facts = []
    for fact in cs.key_facts:  # changed values first, as every list of them
        change = record_of[id(fact)]
        where = change.new_path or change.old_path
        path = fact.path or where
        link = row_anchor.get((change.kind.value, path_label(where))) or (anchor(path) if path else "")
        facts.append(FactLine(link, path_label(path), fact_text(fact, t)))
    return DiffView(
        summary=change_summary(cs, t),
        old_label=old_label or cs.old_label or "old",
        new_label=new_label or cs.new_label or "new",
        facts=tuple(facts),
        metadata=cs.metadata_changes,
        rows=rows,
        replacements=tuple((r.old, r.new, r.places, tuple(FactLine(anchor(p), path_label(p), "") for p in r.paths))
                           for r in cs.replacements),
    )
