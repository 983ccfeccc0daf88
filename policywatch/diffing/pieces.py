"""Matching pieces of two long strings, so that work quadratic in a piece stays linear overall.

Comparing two texts exactly costs time proportional to the product of their lengths (an LCS) or
to their length times the number of edits (Myers' diff). For the texts of ordinary clauses that
is nothing; for one 300,000-character clause it is minutes. Past a size, both texts are cut into
the same number of consecutive pieces of about `size` characters and compared piece by piece:
the old text at proportional positions, the new one where the old text's words at each cut recur
nearest to where the last cut's shift puts them (so an insertion is followed, not smeared over
every later piece), else there.
Each piece pair is compared exactly; only what moved across a cut is seen as deleted and
inserted. Deterministic: the same texts are always cut the same way.

Before that, a common head and tail are set aside (common_head, common_tail): long texts
usually differ in a few places, and what both share at their ends needs no comparing
(policywatch.affixes).
"""

from __future__ import annotations

from collections.abc import Iterator

_PROBE = 12  # characters of the old text at a cut looked for in the new one


def pieces(a: str, b: str, size: int) -> Iterator[tuple[slice, slice]]:
    """Consecutive (old, new) slices covering both strings, one pair when both fit in `size`."""
    count = -(-max(len(a), len(b)) // size) or 1
    a_start = b_start = 0
    for k in range(1, count + 1):
        a_end = k * len(a) // count
        if k == count:
            b_end = len(b)
        else:  # what is left of b, in proportion to what is left of a: carries the last cut's shift on
            guess = b_start + (a_end - a_start) * (len(b) - b_start) // max(1, len(a) - a_start)
            b_end = _cut(a, b, a_end, guess, b_start, size)
        yield slice(a_start, a_end), slice(b_start, b_end)
        a_start, b_start = a_end, b_end


def _cut(a: str, b: str, at: int, guess: int, floor: int, size: int) -> int:
    """Where to cut b for a cut of a at `at`: the occurrence of a's text from there nearest to
    `guess` within half a piece of it, else `guess` (never before the last cut)."""
    probe = a[at : at + _PROBE]
    guess = min(max(guess, floor), len(b))
    if len(probe) == _PROBE:
        after = b.find(probe, guess, guess + size // 2 + _PROBE)
        before = b.rfind(probe, max(floor, guess - size // 2), guess + _PROBE - 1)
        found = [p for p in (after, before) if p >= 0]
        if found:
            return min(found, key=lambda p: abs(p - guess))
    return guess
