"""Renumbered clauses as readers want them: per parent, consecutive moves folded into one range.

A ChangeSet lists a renumbering as label moves ((old path, new path), ...) that may span several
parents. Here they become runs that never cross a parent and read like an official 修改说明:
"（三）—（六） 依次顺延为 （四）—（七）", or for one clause "（四）推进数据开放 → （五）".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from policywatch.lazyre import LazyRegex
from policywatch.model import ChangeKind, ClauseChange
from policywatch.reports.i18n import Translator

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = LazyRegex(r"[0-9]+|[零〇一二两三四五六七八九十百千]+")


def ordinal(label: str) -> int | None:
    """The number in a clause label: "（十二）" -> 12, "第三条" -> 3, "4" -> 4; None if there is none."""
    match = _NUMERAL.search(label)
    if match is None:
        return None
    text = match.group()
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            digit = digit * 10 + _DIGITS[ch] if digit else _DIGITS[ch]
    return total + digit


def _split(path: str) -> tuple[str, str]:
    parent, _, label = path.rpartition("/")
    return parent, label


class RenumberRun(NamedTuple):  # not a dataclass: `diff --format html` imports this per run
    """Consecutive clauses of one parent renumbered by the same shift."""

    old_parent: str
    new_parent: str
    moves: tuple[tuple[str, str], ...]  # (old path, new path), in document order

    @property
    def first(self) -> tuple[str, str]:
        return self.moves[0]


def _follows(previous: tuple[str, str], move: tuple[str, str]) -> bool:
    (old_a, new_a), (old_b, new_b) = previous, move
    numbers = [ordinal(_split(p)[1]) for p in (old_a, new_a, old_b, new_b)]
    if None in numbers:
        return False
    oa, na, ob, nb = numbers  # type: ignore[misc]
    return ob == oa + 1 and nb == na + 1


def renumber_runs(moves: Sequence[tuple[str, str]]) -> list[RenumberRun]:
    """Group label moves into runs: same old parent, same new parent, consecutive numbers."""
    runs: list[list[tuple[str, str]]] = []
    for move in moves:
        if not (move[0] and move[1]):
            continue
        current = runs[-1] if runs else None
        if (current and _split(current[-1][0])[0] == _split(move[0])[0]
                and _split(current[-1][1])[0] == _split(move[1])[0] and _follows(current[-1], move)):
            current.append(move)
        else:
            runs.append([move])
    return [RenumberRun(_split(r[0][0])[0], _split(r[0][1])[0], tuple(r)) for r in runs]


def label_moves(change: ClauseChange) -> list[tuple[str, str]]:
    """(old, new) path pairs of a renumbering; the record's own pair when it lists none."""
    moves = [(a, b) for a, b in change.moves if a and b]
    return moves or [(change.old_path, change.new_path)]


def split_renumbering(change: ClauseChange) -> list[ClauseChange]:
    """One ClauseChange per run, so no report row ever covers clauses of two parents."""
    if change.kind is not ChangeKind.RENUMBERED:
        return [change]
    runs = renumber_runs(label_moves(change))
    if len(runs) <= 1:
        return [change]
    return [ClauseChange(kind=ChangeKind.RENUMBERED, old_path=run.first[0], new_path=run.first[1],
                         heading=change.heading if run.first == (change.old_path, change.new_path) else "",
                         moves=run.moves)
            for run in runs]


def run_sentence(run: RenumberRun, t: Translator, heading: Callable[[str], str] = lambda path: "") -> str:
    """"（三）—（六） 依次顺延为 （四）—（七）" or "（四）推进数据开放 → （五）"."""
    old_first, new_first = (_split(p)[1] for p in run.first)
    if len(run.moves) == 1:
        words = heading(run.first[1])
        return t("renumber.one", old=old_first, heading=f" {words}" if words else "", new=new_first)
    old_last, new_last = (_split(p)[1] for p in run.moves[-1])
    shift = (ordinal(new_first) or 0) - (ordinal(old_first) or 0)
    key = "renumber.range_down" if shift >= 0 else "renumber.range_up"
    return t(key, old=f"{old_first}—{old_last}", new=f"{new_first}—{new_last}")


def parent_label(run: RenumberRun) -> str:
    """Where the run sits: the new parent, "（一）" of "二/（一）", shown as a path."""
    return " › ".join(p for p in (run.new_parent or run.old_parent).split("/") if p)
