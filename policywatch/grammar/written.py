"""A clause's inline diff as each side was written.

The diff compares a renumbered or moved clause under its new label (the number change is the
record's paths, not an edit of its words), so its ops read `第八章 [-质量安全保障-]…` where the
old heading said 第六章, and `第八十一条 设区的市…` where the moved 款 had no label at all. A
reader of the old side wants the old label: label_cut() finds the label the ops put first, and
as_written() marks it as the old text's own replaced by the new one, whole (never
`第[-六-]{+八+}章`: a label is one word).
"""

from __future__ import annotations

from collections.abc import Sequence

from policywatch.grammar.markers import match_marker
from policywatch.model import InlineOp

_BLANKS = " \t\u3000"


def label_cut(ops: Sequence[InlineOp], old_text: str) -> tuple[str, int] | None:
    """(the old text's label, the length of the label the ops open with in their first equal
    op), or None when the ops' old side opens with the old text's own label."""
    if not old_text or not ops or ops[0].op != "equal":
        return None
    first = ops[0].text
    old_marker, new_marker = match_marker(old_text), match_marker(first)
    old_end = old_marker.body_start if old_marker else 0
    new_end = new_marker.body_start if new_marker else 0
    old_label, new_label = old_text[:old_end], first[:new_end]
    if old_label == new_label:
        return None
    # the blanks both labels end in stay equal (`第五条 ` → `第六条 `)
    blanks = min(len(old_label) - len(old_label.rstrip(_BLANKS)), len(new_label) - len(new_label.rstrip(_BLANKS)))
    return old_label[: len(old_label) - blanks], new_end - blanks


def as_written(ops: Sequence[InlineOp], old_text: str) -> tuple[InlineOp, ...]:
    """The ops with the old label put back on the old side (`[-第六章-]{+第八章+} [-质量…-]`)."""
    found = label_cut(ops, old_text)
    if found is None:
        return tuple(ops)
    old_label, cut = found
    first = ops[0].text
    head = (("delete", old_label), ("insert", first[:cut]), ("equal", first[cut:]))
    return (*(InlineOp(kind, text) for kind, text in head if text), *ops[1:])
