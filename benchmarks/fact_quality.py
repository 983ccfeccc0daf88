"""Facts of real revisions (tests/data/facts/revisions.toml) against their hand truth.

Run from the repository root: `PYTHONPATH=. python benchmarks/fact_quality.py`. Prints recall,
precision, how many matched facts have a context the truth lists, how many values are shown as
the edition writes them, then every miss. Exits 1 below the targets.
"""

from __future__ import annotations

import sys

from tests.diffing.fact_eval import evaluate

# what the shipped rules reach (measured, not wished): a drop is a regression
TARGETS = {"recall": 0.9, "precision": 0.9, "context": 0.8, "verbatim": 1.0}


def main() -> int:
    score = evaluate()
    print(score.line())
    for line in score.misses:
        print("  MISS", line)
    recall = score.matched / score.truth
    precision = score.matched / max(score.reported, 1)
    context = score.context_right / max(score.matched, 1)
    verbatim = score.verbatim / max(score.values, 1)
    ok = (recall >= TARGETS["recall"] and precision >= TARGETS["precision"] and context >= TARGETS["context"]
          and verbatim >= TARGETS["verbatim"])
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
