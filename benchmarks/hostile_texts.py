"""Hostile texts: every stage reads a long run of one character in time proportional to its length.

Run from the repository root: `PYTHONPATH=. python benchmarks/hostile_texts.py [--quick] [STAGE ...]`
(--quick: 5,000 and 20,000 characters instead of 10,000 and 40,000).

Each stage of tests/hostile/texts.py (segment, diff, HTML extraction, amend, lineage detection)
reads each run (blanks, digits, numerals, brackets, quotes, marker and reference words) at two
lengths, four times apart, in forked children. Linear reading takes about 4x the CPU at the
longer length; a pattern that rescans the run from each character takes 16x. Prints every case
whose growth is over GROWTH_MAX (where the longer case takes long enough to be measured) and any
case that failed or ran out of time; exits 1 if there is one.
"""

from __future__ import annotations

import sys

from tests.hostile.texts import RUNS, STAGES, run_case, warm

GROWTH_MAX = 7.0  # CPU at 4x the length; linear is 4, quadratic 16
MEASURABLE = 0.05  # CPU seconds: below this at the longer length, growth is noise
TIMEOUT = 120.0


def main() -> int:
    quick = "--quick" in sys.argv
    stages = [a for a in sys.argv[1:] if a in STAGES] or sorted(STAGES)
    short = 5_000 if quick else 10_000
    warm()
    bad = 0
    for stage in stages:
        worst = (0.0, "")
        for run in RUNS:
            first = run_case(stage, run, short, TIMEOUT)
            second = run_case(stage, run, 4 * short, TIMEOUT) if first[0] == "ok" else first
            if first[0] != "ok" or second[0] != "ok":
                bad += 1
                print(f"  {stage:12} {run!r:14} {first} {second}  [FAILED]")
                continue
            a, b = float(first[1]), float(second[1])
            if b >= MEASURABLE and b / max(a, 1e-3) > GROWTH_MAX:  # measured again: the machine is shared
                again = run_case(stage, run, short, TIMEOUT), run_case(stage, run, 4 * short, TIMEOUT)
                if again[0][0] == again[1][0] == "ok":
                    a, b = max(a, float(again[0][1])), min(b, float(again[1][1]))
            growth = b / max(a, 1e-3)
            if b >= MEASURABLE and growth > worst[0]:
                worst = (growth, run)
            if b >= MEASURABLE and growth > GROWTH_MAX:
                bad += 1
                print(f"  {stage:12} {run!r:14} {a:.3f} s → {b:.3f} s CPU ({growth:.1f}x)  [SUPERLINEAR]")
        figure = (f"worst growth {worst[0]:.1f}x ({worst[1]!r})" if worst[1]
                  else f"every case under {MEASURABLE} s CPU")
        print(f"{stage:12} {len(RUNS)} runs at {short:,} and {4 * short:,} characters; {figure} "
              f"(target ≤ {GROWTH_MAX}x, linear 4x)")
    print("PASS" if not bad else f"FAIL ({bad} cases)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
