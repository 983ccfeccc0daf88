"""Preamble paragraphs that the other edition numbers (an unnumbered edition → 一、二、 or （一）（二）).

A text with no numbered clause before some point keeps all its paragraphs there in one preamble
clause (序). When the next edition numbers those paragraphs (`支持企业加大研发投入。…` becomes
`一、支持企业加大研发投入。…`), the preamble alone would read as deleted text and every numbered
clause as added. Before alignment, such a preamble is cut: its paragraphs from the first one that
the other edition holds as a clause of its own become top-level paragraph clauses (family
`lead`, label `¶k`, k the paragraph's place in the preamble), each holding the unmatched
paragraphs after it (a numbered clause may hold two paragraphs). The alignment then pairs them
with the numbered clauses like any other clause: renumbered when the text is the same,
modified (with inline changes) when it was edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from policywatch.grammar import POSITIONAL
from policywatch.model import Clause

_LEAD = "lead"
_PREAMBLE_AT = 3  # the preamble follows the head (and an implied heading): one of the first clauses


def cut_numbered_paragraphs(old: Sequence[Clause], new: Sequence[Clause]) -> tuple[Sequence[Clause], Sequence[Clause]]:
    """Both sides, with a preamble cut into paragraph clauses where the other side numbers its
    paragraphs (unchanged sequences otherwise)."""
    return _cut(old, new), _cut(new, old)


def _preamble(clauses: Sequence[Clause]) -> int | None:
    return next((k for k, c in enumerate(clauses[:_PREAMBLE_AT]) if c.family == "preamble"), None)


def _cut(side: Sequence[Clause], other: Sequence[Clause]) -> Sequence[Clause]:
    at = _preamble(side)
    if at is None or "\n" not in side[at].text:
        return side  # most texts: no preamble of several paragraphs
    at_other = _preamble(other)
    if at_other is not None and other[at_other].key == side[at].key:
        return side
    starts = _numbered_starts(side[at], other, at_other, side)
    if not starts:
        return side
    return [*side[:at], *_pieces(side[at], starts, side), *side[at + 1:]]


def _numbered_starts(preamble: Clause, other: Sequence[Clause], at_other: int | None,
                     side: Sequence[Clause]) -> list[int]:
    """Indices (≥ 1) of the preamble's paragraphs that are, or closely resemble, the first
    paragraph of a clause found only on the other side, and whose piece (the paragraph and the
    unmatched ones after it) resembles a whole such clause; [] when none is."""
    # align's own thresholds: a paragraph pairs with a clause as an in-gap clause would
    from policywatch.diffing.align import _GAP_ALL_PAIRS, _SLOTS, SIMILAR, body_key
    from policywatch.normalize import comparison_key, comparison_keys

    lines = preamble.text.split("\n")
    kept = set(comparison_keys(other[at_other].text.split("\n"))) if at_other is not None else set()
    keys = comparison_keys(lines)
    wanted = [(k, body_key(key)) for k, key in enumerate(keys) if k and key and key not in kept]
    if not wanted:
        return []
    # a clause whose text this side holds too pairs with it (the LCS): no paragraph became it
    own = {body_key(c.key) for c in side}
    clauses = [c for c in other if c.family not in _SLOTS and c.text and body_key(c.key) not in own]
    # the first paragraph's body key of each other-side clause, and its whole body key
    firsts = dict.fromkeys(body_key(comparison_key(c.text.split("\n", 1)[0])) for c in clauses)
    wholes = dict.fromkeys(body_key(c.key) for c in clauses)
    starts = [k for k, body in wanted if body in firsts]
    if len(wanted) * len(firsts) > _GAP_ALL_PAIRS:
        return _confirmed(starts, keys, wholes, None)
    from policywatch.diffing.similarity import similarity  # lazy: only a cut preamble is scored

    exact = set(starts)
    for k, body in wanted:
        if k not in exact and any(similarity(body, first, SIMILAR) for first in firsts):
            starts.append(k)
    return _confirmed(sorted(starts), keys, wholes, lambda a, b: bool(similarity(a, b, SIMILAR)))


def _confirmed(starts: list[int], keys: list[str], wholes: dict[str, None], similar) -> list[int]:
    """The starts whose pieces are (or resemble, by `similar`) a whole clause of the other side:
    a start whose piece matches none (a paragraph like an item's opening, followed by text the
    item never had) is merged into the piece before it, until every piece matches."""
    from policywatch.diffing.align import body_key

    starts = list(starts)
    while starts:
        bounds = [*starts, len(keys)]
        bad = [k for k, end in pairwise(bounds) if not _matches(body_key("".join(keys[k:end])), wholes, similar)]
        if not bad:
            return starts
        starts.remove(bad[-1])
    return starts


def _matches(piece: str, wholes: dict[str, None], similar) -> bool:
    return piece in wholes or (similar is not None and any(similar(piece, whole) for whole in wholes))


def _pieces(preamble: Clause, starts: list[int], side: Sequence[Clause]) -> list[Clause]:
    """The preamble's paragraphs before the first start, then one `¶k` clause per start holding
    the paragraphs up to the next start."""
    from policywatch.diffing.numbering import heading_of
    from policywatch.normalize import comparison_key

    lines = preamble.text.split("\n")
    taken = {c.path for c in side}
    bounds = [*starts, len(lines)]
    head = "\n".join(lines[: starts[0]])
    out = [Clause(preamble.path, preamble.family, preamble.label, preamble.heading, head,
                  comparison_key(head), preamble.number)]
    for k, end in pairwise(bounds):
        label = f"{POSITIONAL[_LEAD]}{k + 1}"
        if (label,) in taken:  # a path of its own or no cut: paths stay unique
            return [preamble]
        text = "\n".join(lines[k:end])
        out.append(Clause((label,), _LEAD, label, heading_of(lines[k]).rstrip("。"), text,
                          comparison_key(text), k + 1))
    return out
