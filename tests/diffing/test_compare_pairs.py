"""Generated pairs from all five seeds, the hand-written pairs in tests/data/pairs/, the real
policy editions in tests/data/policy_pairs/ and the clause shapes of tests/data/policy_shapes/."""

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from policywatch.diffing import compare
from tests.diffing import pairgen

PAIRS_DIR = Path(__file__).resolve().parents[1] / "data" / "pairs"
POLICY_PAIRS_DIR = PAIRS_DIR.parent / "policy_pairs"
POLICY_SHAPES_DIR = PAIRS_DIR.parent / "policy_shapes"


@cache
def generated() -> list[pairgen.Pair]:
    return pairgen.generate(per_kind=20, seed=11, cosmetic_pairs=20)


def run(pair: pairgen.Pair):
    return compare(pairgen.build_tree(pair.old_text), pairgen.build_tree(pair.new_text),
                   old_metadata=pair.old_meta, new_metadata=pair.new_meta)


def test_generated_set_covers_every_kind_and_seed():
    pairs = generated()
    kinds = Counter(p.kind for p in pairs)
    assert all(kinds[k] >= 20 for k in (*pairgen.KINDS, "cosmetic"))
    for kind in pairgen.KINDS:
        seeds = {p.name[:3] for p in pairs if p.kind == kind}
        assert seeds == {"000", "001", "002", "003", "004"} or kind == "multi", (kind, seeds)
        assert sum(p.cosmetic for p in pairs if p.kind == kind) >= 10
    assert {p.name[:3] for p in pairs} == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("kind", [*pairgen.KINDS, "cosmetic"])
def test_generated_pairs_report_exactly_the_known_edits(kind):
    for pair in (p for p in generated() if p.kind == kind):
        cs = run(pair)
        got = {pairgen.record_key(c.kind.value, c.old_path, c.new_path, c.moves) for c in cs.changes}
        assert got == pair.expected, pair.name
        assert tuple(m.field for m in cs.metadata_changes) == pair.metadata, pair.name
        if kind == "cosmetic":
            assert cs.is_empty, pair.name


def test_at_least_thirty_expected_fact_changes_are_found():
    pairs = [p for p in pairgen.generate(per_kind=32, seed=5) if p.kind == "number"]
    expected = [(p, fact) for p in pairs for fact in p.facts]
    assert len(expected) >= 30
    for pair, (role, old, new) in expected:
        facts = run(pair).facts
        assert pairgen.fact_found(facts, role, old, new), (pair.name, facts)


@pytest.mark.parametrize(("folder", "name"), [(d, p.name.removesuffix(".expected.json"))
                                            for d in (PAIRS_DIR, POLICY_PAIRS_DIR, POLICY_SHAPES_DIR)
                                            for p in sorted(d.glob("*.expected.json"))])
def test_hand_written_pairs(folder, name):
    expected = json.loads((folder / f"{name}.expected.json").read_text(encoding="utf-8"))
    old = (folder / f"{name}.old.txt").read_text(encoding="utf-8")
    new = (folder / f"{name}.new.txt").read_text(encoding="utf-8")
    cs = compare(pairgen.build_tree(old), pairgen.build_tree(new))
    want = {pairgen.record_key(c["kind"], c.get("old_path", ""), c.get("new_path", ""),
                               [tuple(m) for m in c.get("moves", ())]) for c in expected["changes"]}
    got = {pairgen.record_key(c.kind.value, c.old_path, c.new_path, c.moves) for c in cs.changes}
    assert got == want
    assert sorted(f.summary for f in cs.facts) == sorted(expected["facts"])
