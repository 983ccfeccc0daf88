"""Quality of compare() on generated edited pairs from the seeds (issue 7 targets).

Run from the repository root: `PYTHONPATH=. python benchmarks/diff_quality.py [--per-kind N]`.
Pairs come from tests/diffing/pairgen.py: every kind of known edit (number change, reword,
insertion, deletion, move, split, merge, metadata change) drawn from all five seeds, half of them
re-wrapped, width-swapped and paragraph-split, plus cosmetic-only pairs. Targets: recall 1.0 on
known edits, precision >= 0.98, every renumbering reported as such, zero changes on cosmetic-only
pairs, every expected fact change found. Exits 1 below target.

Then the real policy editions of tests/data/policy_pairs (notices of issuers the seeds do not
cover, each with a hand-checked truth in NAME.expected.json): every record and every fact change
of the truth reported, and nothing else.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from policywatch.diffing import compare
from tests.diffing import pairgen

POLICY_PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "policy_pairs"
# real excerpts with the clause shapes the editions lack (专栏, tables, 一是, 附件 lists), second
# editions made by hand
POLICY_SHAPES = POLICY_PAIRS.parent / "policy_shapes"


def real_editions(folder: Path = POLICY_PAIRS) -> tuple[int, int, int, int, int, list[str]]:
    """(records expected, found, reported, facts expected, facts found, misses) over the pairs
    of a folder of policy editions with their truth."""
    expected = found = reported = facts_expected = facts_found = 0
    misses: list[str] = []
    for truth in sorted(folder.glob("*.expected.json")):
        name = truth.name.removesuffix(".expected.json")
        want_doc = json.loads(truth.read_text(encoding="utf-8"))
        cs = compare(pairgen.build_tree((folder / f"{name}.old.txt").read_text(encoding="utf-8")),
                     pairgen.build_tree((folder / f"{name}.new.txt").read_text(encoding="utf-8")))
        want = {pairgen.record_key(c["kind"], c.get("old_path", ""), c.get("new_path", ""),
                                   [tuple(m) for m in c.get("moves", ())]) for c in want_doc["changes"]}
        got = {pairgen.record_key(c.kind.value, c.old_path, c.new_path, c.moves) for c in cs.changes}
        want_facts, got_facts = Counter(want_doc["facts"]), Counter(f.summary for f in cs.facts)
        expected, found, reported = expected + len(want), found + len(want & got), reported + len(got)
        facts_expected += sum(want_facts.values())
        facts_found += sum((want_facts & got_facts).values())
        if want != got or want_facts != got_facts:
            misses.append(f"{name}: missing {sorted(map(str, want - got))} {sorted(want_facts - got_facts)} "
                          f"extra {sorted(map(str, got - want))} {sorted(got_facts - want_facts)}")
        reported += sum((got_facts - want_facts).values())
    return expected, found, reported, facts_expected, facts_found, misses


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = time.perf_counter()
    pairs = pairgen.generate(args.per_kind, seed=args.seed)
    edited = [p for p in pairs if p.kind != "cosmetic"]
    cosmetic = [p for p in pairs if p.kind == "cosmetic"]
    expected = found = reported = 0
    renum_expected = renum_found = 0
    facts_expected = facts_found = 0
    cosmetic_changes = 0
    misses: list[str] = []
    per_kind: Counter[str] = Counter()
    for pair in pairs:
        cs = compare(pairgen.build_tree(pair.old_text), pairgen.build_tree(pair.new_text),
                     old_metadata=pair.old_meta, new_metadata=pair.new_meta)
        got = {pairgen.record_key(c.kind.value, c.old_path, c.new_path, c.moves) for c in cs.changes}
        got |= {("metadata", m.field) for m in cs.metadata_changes}
        want = set(pair.expected) | {("metadata", f) for f in pair.metadata}
        if pair.kind == "cosmetic":
            cosmetic_changes += len(got)
            if got:
                misses.append(f"{pair.name}: cosmetic pair reported {sorted(map(str, got))}")
            continue
        per_kind[pair.kind] += 1
        expected += len(want)
        reported += len(got)
        found += len(want & got)
        renum = {w for w in want if w[0] == "renumbered"}
        renum_expected += len(renum)
        renum_found += len(renum & got)
        if want != got:
            misses.append(f"{pair.name} (cosmetic={pair.cosmetic}): missing {sorted(map(str, want - got))} "
                          f"extra {sorted(map(str, got - want))}")
        for role, old, new in pair.facts:
            facts_expected += 1
            facts_found += pairgen.fact_found(cs.facts, role, old, new)
    elapsed = time.perf_counter() - started
    recall = found / expected if expected else 1.0
    precision = found / reported if reported else 1.0
    print("pipeline: normalize_text → segment → compare (as diff_texts)")
    print(f"pairs: {len(edited)} edited ({dict(per_kind)}), {sum(p.cosmetic for p in edited)} of them "
          f"also re-wrapped/width-swapped; {len(cosmetic)} cosmetic-only; "
          f"seeds {sorted({p.name[:3] for p in pairs})}")
    print(f"expected records: {expected}; reported: {reported}; matched: {found}")
    print(f"recall:    {recall:.4f}  (target 1.0)")
    print(f"precision: {precision:.4f}  (target >= 0.98)")
    print(f"renumberings reported as such: {renum_found}/{renum_expected}")
    print(f"changes on cosmetic-only pairs: {cosmetic_changes}  (target 0)")
    print(f"expected fact changes found: {facts_found}/{facts_expected}")
    print(f"time: {elapsed:.2f} s for {len(pairs)} pairs (generation, segmentation and comparison)")
    for line in misses[:20]:
        print("  MISS", line)
    real_ok = True
    for label, folder in (("real policy editions", POLICY_PAIRS), ("policy clause shapes", POLICY_SHAPES)):
        r_expected, r_found, r_reported, rf_expected, rf_found, r_misses = real_editions(folder)
        print(f"{label} ({len(list(folder.glob('*.expected.json')))} pairs): records {r_found}/{r_expected} "
              f"found, {r_reported - r_found} extra (records and facts); fact changes {rf_found}/{rf_expected} found")
        for line in r_misses:
            print("  MISS", line)
        real_ok = real_ok and r_found == r_expected and rf_found == rf_expected and r_reported == r_found
    ok = (recall == 1.0 and precision >= 0.98 and renum_found == renum_expected and cosmetic_changes == 0
          and facts_found == facts_expected and len(edited) >= 200 and real_ok)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
