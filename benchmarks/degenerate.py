"""Degenerate documents: nothing in normalize, segment or compare may be quadratic in what a
damaged or hostile file repeats, or in how long one clause is.

Each shape is run at a base size and at 4x it; the CPU per unit (line or character) at 4x must
stay within GROWTH_MAX of that at the base size (best of 3, process CPU time, so a loaded machine
scales both sides alike). The shapes:
* normalize_text: a table of contents whose rows never end a paragraph, bare number rows, tables
  without tabs, short hard-wrapped rows, bracket soup;
* segment() (on the normalized display): one label on every line, list markers in random order,
  one list restarting over and over;
* compare() (trees segmented beforehand): one huge clause edited throughout (a PDF extracted
  without line breaks), and many long clauses all edited.
Before the fixes that came with this benchmark: a 16,000-line list of `1.` items took 33 s to
segment, a 600,000-character clause 77 s to compare, an 80,000-row TOC 5.5 s to normalize.

    PYTHONPATH=. python benchmarks/degenerate.py

Exits 1 when a shape grows faster than GROWTH_MAX.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policywatch.diffing import compare, segment
from policywatch.diffing.memo import clear_memos
from policywatch.normalize import normalize_text

GROWTH_MAX = 1.5
LINES = 4000  # normalize and segment shapes: this many lines, then four times as many
LONG_CHARS = 150_000  # compare(): one clause of this many characters, then four times as many
LONG_CLAUSE = 5_000  # …and clauses of this length, LONG_CHARS of them in all
_MARKERS = ("一、", "（一）", "1.", "（1）", "①", "第一条", "第一章", "第一节", "附件：", "5", "——")
_CJK = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def raw_texts(lines: int) -> dict[str, str]:
    """Extracted texts of `lines` lines, for normalize_text."""
    rng = random.Random(lines)
    return {
        "TOC rows that never end": "\n".join(f"第{k}章 标题内容……………… {k}" for k in range(lines)),
        "bare number rows": "\n".join(str(10_000 + k) for k in range(lines)),  # as wide at both sizes
        "tables without tabs": "\n".join(" ".join(str(rng.randint(1, 999)) for _ in range(8)) for _ in range(lines)),
        "short hard-wrapped rows": "\n".join("这是一段被硬换行切断的很长的文字内容没有标点"[: rng.randint(5, 20)]
                                            for _ in range(lines)),
        "bracket soup": "".join(rng.choice("（）()《》“”\n一1") for _ in range(lines * 10)),
    }


def display_texts(lines: int) -> dict[str, str]:
    """Texts of `lines` lines that repeat what a damaged or hostile file may repeat, for segment()."""
    rng = random.Random(lines)
    return {
        "one label on every line": "\n".join(f"1. 第{k}行的内容。" for k in range(lines)),
        "markers in random order": "\n".join(rng.choice(_MARKERS) + f"内容{k}。" for k in range(lines)),
        "a list restarting": "\n".join(f"（{'一二三'[k % 3]}）内容{k}。" for k in range(lines)),
    }


def long_clauses(chars: int) -> dict[str, tuple[str, str]]:
    """(old, new) pairs of `chars` characters in clauses far longer than any ordinary one."""
    rng = random.Random(chars)

    def text(n: int) -> str:
        return "".join(rng.choice(_CJK) for _ in range(n))

    def edit(old: str) -> str:  # one character in a hundred replaced, all through the clause
        new = list(old)
        for _ in range(len(old) // 100):
            new[rng.randrange(len(new))] = "X"
        return "".join(new)

    one = "一、" + text(chars)
    many = [f"（{k + 1}）" + text(LONG_CLAUSE) for k in range(chars // LONG_CLAUSE)]
    return {"one clause edited throughout": (one, edit(one)),
            "long clauses, all edited": ("\n".join(many), "\n".join(map(edit, many)))}


def best_cpu(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        clear_memos()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def growth(stage: str, name: str, base: float, big: float, size: str) -> bool:
    ratio = big / (4 * base)
    print(f"{stage:9} {name + ':':30} {base * 1000:8.1f} ms at {size}, {big * 1000:8.1f} ms at 4x; "
          f"per unit {ratio:.2f}x (target <= {GROWTH_MAX}x)")
    return ratio <= GROWTH_MAX


def main() -> int:
    ok = True
    small, large = raw_texts(LINES), raw_texts(4 * LINES)
    for name in small:
        base, big = (best_cpu(lambda t=t: normalize_text(t)) for t in (small[name], large[name]))
        ok &= growth("normalize", name, base, big, f"{LINES} lines")
    small, large = display_texts(LINES), display_texts(4 * LINES)
    for name in small:
        displays = [normalize_text(texts[name]).display for texts in (small, large)]
        base, big = (best_cpu(lambda d=d: segment(d)) for d in displays)
        ok &= growth("segment", name, base, big, f"{LINES} lines")
    small_pairs, large_pairs = long_clauses(LONG_CHARS), long_clauses(4 * LONG_CHARS)
    for name in small_pairs:
        trees = [[segment(normalize_text(t).display) for t in pairs[name]] for pairs in (small_pairs, large_pairs)]
        base, big = (best_cpu(lambda t=t: compare(*t)) for t in trees)
        ok &= growth("compare", name, base, big, f"{LONG_CHARS} chars")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
