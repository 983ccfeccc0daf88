"""Amendment exactness: decisions applied to the texts they amend (tests/data/amend).

For every family (target, decision, republished text): instructions applied / total, and the
clause-level differences between the derived text and the republished one (the consistency
check, title block left out). Then a robustness case per family: one unreadable instruction
slipped into the decision must be listed as not applied while every other one still applies.
CPU time per decision is printed (process time, best of 3).

Then the real decisions whose republished text is shipped only in part (PARTIAL): instructions
applied, and how many lines of the republished excerpt's articles the derived text holds.

Targets: every instruction applied, 0 clause differences, the unreadable instruction listed and
nothing else lost. Exit status 1 below target.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policywatch.grammar import WIDTH_FOLD  # noqa: E402
from policywatch.pipeline.amendments import check_consistency, consolidate  # noqa: E402

DATA = ROOT / "tests" / "data" / "amend"
FAMILIES = [
    ("ningchuan_voucher_2021.txt", "ningchuan_voucher_decision_2024.txt", "ningchuan_voucher_2024.txt"),
    ("ningchuan_river_2019.txt", "ningchuan_river_amendment_2023.txt", "ningchuan_river_2023.txt"),
    ("ningchuan_archives_2012.txt", "ningchuan_archives_decision_2016.txt", "ningchuan_archives_2016.txt"),
    ("holidays_2007.txt", "holidays_decision_2013.txt", "holidays_2013.txt"),  # real decision and text
    # real court decision and republished 司法解释 (the 2008 text reconstructed, README)
    ("illegal_practice_2008.txt", "illegal_practice_decision_2016.txt", "illegal_practice_2016.txt"),
    # real 修正案 on the code it made (a fixed point: whole articles replaced, 编/章/节 levels)
    ("criminal_2023_excerpt.txt", "criminal_amendment_12_2023.txt", "criminal_2023_excerpt.txt"),
    # real 修正案（十一） excerpt: 之一 / 之二 articles added (the earlier text without them, README)
    ("criminal_2017_excerpt.txt", "criminal_amendment_11_2020_excerpt.txt", "criminal_2020_excerpt.txt"),
]
# Real decisions whose republished text is not shipped whole: every instruction must apply, and the
# articles they write must read as the republished excerpt has them (widths folded).
PARTIAL = [
    ("accounting_2017.txt", "accounting_decision_2024_excerpt.txt", "accounting_2024_excerpt.txt"),
]
UNREADABLE = "九十九、将第二条与第三条合并。"
_CLOSING = re.compile("(?:[一二三四五六七八九十]+、)?(?:此外|本决定|本修正案|根据本决定)")
_ARTICLE_LABEL = re.compile(r"^第[一二三四五六七八九十百零]+条(?:之[一二三四五六七八九十]+)?")
_HEADING = re.compile(r"^第[一二三四五六七八九十]+[章节编]")


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _cpu(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    ok = True
    total_applied = total = total_diffs = 0
    print(f"{'family':40} {'applied':>9} {'diffs':>6} {'listed':>7} {'cpu ms':>7}")
    for target, decision, republished in FAMILIES:
        target_text, decision_text = _read(target), _read(decision)
        result = consolidate(decision_text, target_text)
        count = len(result.applied) + len(result.not_applied)
        diffs = len(check_consistency(result.text, _read(republished)).changes)
        # robustness: an unreadable instruction before the closing lines is listed, the rest apply
        lines = decision_text.splitlines()
        at = next(i for i, line in enumerate(lines)  # the closing lines, numbered or not (八、本修正案…)
                  if _CLOSING.match(line))
        broken = consolidate("\n".join([*lines[:at], UNREADABLE, *lines[at:]]), target_text)
        listed = [n.instruction for n in broken.not_applied] == [UNREADABLE] and \
            len(broken.applied) == len(result.applied)
        cpu = _cpu(lambda: consolidate(decision_text, target_text)) * 1000  # noqa: B023
        print(f"{decision:40} {len(result.applied):>4}/{count:<4} {diffs:>6} {'yes' if listed else 'NO':>7} {cpu:>7.1f}")
        total_applied += len(result.applied)
        total += count
        total_diffs += diffs
        ok = ok and len(result.applied) == count and diffs == 0 and listed
    print(f"amendment exactness: {total_applied}/{total} instructions applied, "
          f"{total_diffs} clause differences from the republished texts (target: all, 0)")
    for target, decision, republished in PARTIAL:
        result = consolidate(_read(decision), _read(target))
        count = len(result.applied) + len(result.not_applied)
        found, lines = _lines_found(result.text, _read(republished))
        print(f"{decision:40} {len(result.applied):>4}/{count:<4} republished excerpt lines found: {found}/{lines} "
              "(the rest is written by items not shipped)")
        ok = ok and len(result.applied) == count
    return 0 if ok else 1


def _lines_found(derived: str, republished: str) -> tuple[int, int]:
    """Lines of the republished excerpt's articles in the derived text (labels stripped, widths folded)."""
    ours = set(_article_lines(derived))
    theirs = _article_lines(republished)
    return sum(line in ours for line in theirs), len(theirs)


def _article_lines(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        if (out or _ARTICLE_LABEL.match(line)) and not _HEADING.match(line):
            out.append(_ARTICLE_LABEL.sub("", line).strip().translate(WIDTH_FOLD))
    return out


if __name__ == "__main__":
    sys.exit(main())
