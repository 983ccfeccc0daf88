"""Plain-text rendering of a ChangeSet for a terminal (`policywatch diff --format text`).

One block per change: its kind and paths, then the inline diff; in a long clause, runs of more
than FOLD_LINES unchanged lines beyond CONTEXT_LINES of a change are folded into one line.
Without colour, deletions read [-…-] and insertions {+…+}; with colour they are red and green. Fact changes and metadata
changes come first, because they are what a reader looks for.
"""

from __future__ import annotations

from policywatch.grammar import display_path, split_citation
from policywatch.grammar.written import as_written
from policywatch.model import ChangeKind, ChangeSet, ClauseChange, InlineOp

_RED, _GREEN, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
_KIND_ZH = {
    ChangeKind.ADDED: "新增",
    ChangeKind.DELETED: "删除",
    ChangeKind.MODIFIED: "修改",
    ChangeKind.MOVED: "移动",
    ChangeKind.RENUMBERED: "重新编号",
    ChangeKind.SPLIT: "拆分",
    ChangeKind.MERGED: "合并",
}


def render_changeset_text(cs: ChangeSet, *, color: bool) -> str:
    """The whole change set as terminal text (ANSI colours when `color`)."""
    paint = _painter(color)
    lines = [paint(_BOLD, f"{cs.old_label or 'old'} → {cs.new_label or 'new'}: {_summary(cs)}")]
    if cs.is_empty:
        lines.append("no changes (formatting differences only, if any)")
        return "\n".join(lines) + "\n"
    for m in cs.metadata_changes:
        lines.append(f"* metadata {m.field}: {m.old or '∅'} → {m.new or '∅'}")
    for term in cs.replacements:
        lines.append(f"* 全文替换 {term.old} → {term.new} ({term.places} 处)")
    for fact in cs.key_facts:
        lines.append(f"* {fact.summary}")
    for change in cs.changes:
        lines.append("")
        lines.extend(_block(change, paint))
    return "\n".join(lines) + "\n"


def _summary(cs: ChangeSet) -> str:
    counts = cs.counts()
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no changes"


def _painter(color: bool):
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color and text else text

    return paint


def _block(change: ClauseChange, paint) -> list[str]:
    kind = f"{change.kind.value} {_KIND_ZH[change.kind]}"
    if change.kind is ChangeKind.RENUMBERED:
        moves = ", ".join(f"{a} → {b}" for a, b in change.moves)
        return [paint(_BOLD, f"== {kind}: {moves}")]
    where = _paths(change)
    head = [paint(_BOLD, f"== {kind} {where}")]
    if change.kind in (ChangeKind.SPLIT, ChangeKind.MERGED) and change.moves:
        head.append(paint(_DIM, "   " + ", ".join(f"{a} → {b}" for a, b in change.moves)))
    if change.inline:  # each side with its own label: the old one reads 第六章 where the new reads 第八章
        return [*head, _inline(as_written(change.inline, change.old_text), paint)]
    if change.kind is ChangeKind.ADDED:
        return [*head, _mark("insert", change.new_text, paint)]
    if change.kind is ChangeKind.DELETED:
        return [*head, _mark("delete", change.old_text, paint)]
    return [*head, change.new_text or change.old_text]


def _paths(change: ClauseChange) -> str:
    paths = [p for p in (change.old_path, change.new_path) if p]
    if len(paths) == 2 and paths[0] == paths[1]:
        paths = paths[:1]
    where = " → ".join(paths)
    if not any(split_citation(p)[1] for p in paths):
        return where
    # a statute's place as a reader cites it: 第三十五条第二款第（三）项
    return f"{where}  ({' → '.join(display_path(p) for p in paths)})"


# Lines kept around each changed line of a long clause (a table of thousands of rows, an annex);
# longer runs of unchanged lines than FOLD_LINES are shown as one "… N unchanged lines …".
CONTEXT_LINES = 2
FOLD_LINES = 6


def _inline(ops: tuple[InlineOp, ...], paint) -> str:
    lines: list[list[tuple[str, str]]] = [[]]  # (op, text) pieces of each line of the clause
    for op in ops:
        for k, piece in enumerate(op.text.split("\n")):
            if k:
                lines.append([])
            if piece:
                lines[-1].append((op.op, piece))
    folds = _folds([any(kind != "equal" for kind, _ in line) for line in lines])
    if not folds:  # the clause as one run of marks (a mark may span lines)
        return "".join(_mark(op.op, op.text, paint) for op in ops)
    out: list[str] = []
    k = 0
    for start, end in folds:
        out += ["".join(_mark(kind, text, paint) for kind, text in line) for line in lines[k:start]]
        out.append(paint(_DIM, f"… {end - start} unchanged lines …"))
        k = end
    out += ["".join(_mark(kind, text, paint) for kind, text in line) for line in lines[k:]]
    return "\n".join(out)


def _folds(changed: list[bool]) -> list[tuple[int, int]]:
    """The runs [start, end) of more than FOLD_LINES lines farther than CONTEXT_LINES from a
    changed line."""
    near = [False] * len(changed)
    for k in (k for k, c in enumerate(changed) if c):
        for j in range(max(0, k - CONTEXT_LINES), min(len(changed), k + CONTEXT_LINES + 1)):
            near[j] = True
    folds: list[tuple[int, int]] = []
    k = 0
    while k < len(near):
        end = k
        while end < len(near) and not near[end]:
            end += 1
        if end - k > FOLD_LINES:
            folds.append((k, end))
        k = max(end, k + 1)
    return folds


def _mark(op: str, text: str, paint) -> str:
    if op == "delete":
        return paint(_RED, text) if _colored(paint) else f"[-{text}-]"
    if op == "insert":
        return paint(_GREEN, text) if _colored(paint) else f"{{+{text}+}}"
    return text


def _colored(paint) -> bool:
    return paint(_RED, "x") != "x"
