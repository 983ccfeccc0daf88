"""Responsibility notes: the bracketed tail naming who carries out a task clause.

Chinese action plans end a task with `（责任单位：市科技局）`, `(牵头单位:…;配合单位:…)` or
`（市教委、市科技局等按职责分工负责）`. The note belongs to the clause before it, even when a
page break or a re-wrap leaves it alone on a line after the clause's full stop.
"""

from __future__ import annotations

import re

from policywatch.lazyre import LazyRegex

# The labels a note opens with (责任单位：…); diffing/facts.py reads the departments after them.
NOTE_LABELS = "责任单位|责任部门|牵头单位|配合单位|政策咨询部门"
# Verbs an unlabelled note ends with: `…等按职责分工负责`, `市科技局牵头`, `…配合`.
_NOTE_VERBS = "负责|牵头|配合|参与"
_OPEN, _CLOSE = "(（[【〔", ")）]】〕"
_O, _C = re.escape(_OPEN), re.escape(_CLOSE)

_WHOLE_NOTE = LazyRegex(
    rf"[{_O}](?:(?:{NOTE_LABELS})[:：][^\n]{{1,200}}"
    rf"|[^{_O}{_C}\n。；;]{{2,200}}(?:{_NOTE_VERBS}))[{_C}]"
)


def is_responsibility_note(line: str) -> bool:
    """Whether `line` is nothing but one responsibility note (a clause's tail, not a paragraph)."""
    return line[:1] in _OPEN and line[-1:] in _CLOSE and _WHOLE_NOTE.fullmatch(line) is not None


# A labelled note as a comparison key writes it (half-width brackets and colon), its body without
# brackets; and what its body's departments are cut at (a 、 list, a second label after ;).
_KEY_NOTE = LazyRegex(rf"\((?:{NOTE_LABELS}):([^()]*)\)")
_NOTE_PARTS = LazyRegex(rf"[、,;，；]|(?:{NOTE_LABELS}):")


def without_notes(key: str) -> tuple[str, frozenset[str]]:
    """A comparison key without its labelled responsibility notes (`…覆盖。(责任单位:省通信管理局、
    省工业和信息化厅)`), and the departments those notes name."""
    if "(" not in key:
        return key, frozenset()
    named: set[str] = set()
    for note in _KEY_NOTE.finditer(key):
        named.update(part for part in _NOTE_PARTS.split(note.group(1)) if part)
    return (_KEY_NOTE.sub("", key), frozenset(named)) if named else (key, frozenset())
