"""Scoring the segmenter against hand-written clause trees (tests/data/segment_truth): shared by
tests/diffing/test_segment_truth.py and benchmarks/segment_quality.py.

Each `uNN_*.txt` there is a document written line by line with its truth: `PATH<TAB>LINE`, the
path (`一/（二）/①`, `第二编/第一分编/第一章/第三条/第二款`) of the clause that owns the line; a
line whose path starts with `+` goes on the line before (two clauses on one line). The paths 头
and 序 (front matter: title, notice head, preamble: where one ends and the other starts is not
judged), 尾 (closing formula, signature, date) and ~ (page furniture the normalizer must drop).
The document is the LINE column; it goes through the normalizer and the segmenter as `policywatch
segment` reads a text file.

Figures, over all documents:
* paths: precision and recall of the clause paths found (head, preamble and tail excluded) —
  labels and nesting;
* lines: truth lines that sit inside the clause the truth gives them (by text, blanks removed,
  widths folded); a furniture line counts as placed when the clauses hold no more copies of it
  than the truth's own lines (a running header repeats the title);
* clauses: truth clauses found with exactly their text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from policywatch.diffing import segment
from policywatch.normalize import normalize_text

TRUTH = Path(__file__).resolve().parents[1] / "data" / "segment_truth"
FRONT, TAIL, FURNITURE = ("头", "序"), "尾", "~"


@dataclass
class Truth:
    name: str
    text: str  # the document
    lines: list[tuple[str, str]]  # (owner path, line text)


def load(path: Path) -> Truth:
    rows: list[str] = []
    owned: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        owner, _, line = raw.partition("\t")
        if owner.startswith("+"):
            rows[-1] += line
            owner = owner[1:]
        else:
            rows.append(line)
        owned.append((owner, line))
    return Truth(path.stem, "\n".join(rows) + "\n", owned)


def truths() -> list[Truth]:
    return [load(p) for p in sorted(TRUTH.glob("u*.txt"))]


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _owner(path: str) -> str:
    return "front" if path in FRONT else path


@dataclass
class Score:
    counts: dict[str, list[int]] = field(default_factory=dict)  # name -> [hits, total]
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, hits: int, total: int) -> None:
        pair = self.counts.setdefault(name, [0, 0])
        pair[0] += hits
        pair[1] += total

    def rate(self, name: str) -> float:
        hits, total = self.counts.get(name, (0, 0))
        return hits / total if total else 1.0


def score(truth: Truth, result: Score) -> None:
    """Add one document's figures (and what went wrong) to `result`."""
    tree = segment(normalize_text(truth.text).display)
    found: dict[str, str] = {}
    for clause in tree:
        if clause.family in ("head", "preamble"):
            key = "front"
        elif clause.family == "tail":
            key = TAIL
        else:
            key = clause.path_str
        found[key] = found.get(key, "") + _fold(clause.text)
    expected: dict[str, str] = {}
    for owner, line in truth.lines:
        if owner != FURNITURE:
            expected[_owner(owner)] = expected.get(_owner(owner), "") + _fold(line)
    want = {p for p in expected if p not in ("front", TAIL)}
    got = {p for p in found if p not in ("front", TAIL)}
    result.add("path precision", len(want & got), len(got))
    result.add("path recall", len(want & got), len(want))
    result.misses += [f"  {truth.name}: missing {p}" for p in sorted(want - got)]
    result.misses += [f"  {truth.name}: extra {p}" for p in sorted(got - want)]
    placed = 0
    for owner, line in truth.lines:
        text = _fold(line)
        if owner == FURNITURE:  # dropped: no more copies kept than the document's own lines hold
            ok = (sum(body.count(text) for body in found.values())
                  <= sum(body.count(text) for body in expected.values()))
        else:
            ok = text in found.get(_owner(owner), "")
        placed += ok
        if not ok and (owner == FURNITURE or _owner(owner) in got | {"front", TAIL}):
            result.misses.append(f"  {truth.name}: line not in {owner}: {line[:30]}")
    result.add("lines placed", placed, len(truth.lines))
    exact = sum(found.get(p) == t for p, t in expected.items())
    result.add("clauses exact", exact, len(expected))


# Documents the segmenter is known to misread (judged apart): none. u20 was one until its running
# header standing where no page number shows the break went too (normalize.furniture.
# drop_title_headers: the numbering runs on across it, 第一章 … title … 第二章).
KNOWN_LOST: frozenset[str] = frozenset()


def score_all(skip: frozenset[str] | set[str] = frozenset()) -> Score:
    """The score of every truth document but those named in `skip`."""
    result = Score()
    for truth in truths():
        if truth.name not in skip:
            score(truth, result)
    return result
