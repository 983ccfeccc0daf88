"""How alike two comparison keys are, in time that stays linear in their length.

The measure is rapidfuzz's normalized Indel similarity, 2·LCS / (len(a) + len(b)). rapidfuzz
computes it bit-parallel in time proportional to len(a)·len(b): microseconds for clauses, but one
300,000-character clause (a PDF extracted without line breaks, or a hostile file) against its
edited copy took half a minute, and a gap of many long clauses multiplies that. So:

* keys whose lengths multiply to at most EXACT_CELLS — every clause of an ordinary document — are
  compared exactly, as before;
* for longer keys a common head and tail count as matched (exact: they are part of a longest
  common subsequence), and middles still too long are compared in matching pieces of about CHUNK
  characters (diffing/pieces.py). The pieces' LCSs sum to a lower bound of the LCS (their
  concatenation is a common subsequence), close for texts edited in place, in time proportional
  to the longer key times CHUNK.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel, LCSseq

from policywatch.affixes import common_head, common_tail
from policywatch.diffing.pieces import pieces

EXACT_CELLS = 4096 * 4096  # about a millisecond of rapidfuzz
CHUNK = 2048


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """Normalized Indel similarity of a and b (1.0 the same); 0.0 when below `cutoff`."""
    if len(a) * len(b) <= EXACT_CELLS:
        return Indel.normalized_similarity(a, b, score_cutoff=cutoff)
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < cutoff * total:  # even all of the shorter one matching is too little
        return 0.0
    score = 2 * _matched(a, b) / total
    return score if score >= cutoff else 0.0


def held(a: str, b: str) -> float:
    """The share of the shorter of a and b that the longer holds, in order: LCS / its length
    (1.0 when the longer holds it whole, whatever else the longer adds)."""
    shorter = min(len(a), len(b))
    return _matched(a, b) / shorter if shorter else 0.0


def _matched(a: str, b: str) -> int:
    """LCS(a, b): exact for keys of an ordinary document, a close lower bound for longer ones."""
    if len(a) * len(b) <= EXACT_CELLS:
        return LCSseq.similarity(a, b)
    head = common_head(a, b)
    tail = common_tail(a, b, min(len(a), len(b)) - head)
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    return head + tail + (LCSseq.similarity(a, b) if len(a) * len(b) <= EXACT_CELLS else _pieces_lcs(a, b))


def _pieces_lcs(a: str, b: str) -> int:
    """A lower bound of LCS(a, b): the sum of the LCSs of matching pieces (diffing/pieces.py)."""
    return sum(LCSseq.similarity(a[old], b[new]) for old, new in pieces(a, b, CHUNK))
