"""A re-wrapped copy of a seed (only its line breaks moved, as a new PDF extraction gives) is no
change at all: no record, not even a renumbered or moved clause (issue 15)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from policywatch.diffing import diff_texts
from tests.normalize.rewrap import rewrap

# 000 is pdftotext rows already narrower than a re-wrap cuts: re-wrapping leaves it as it is
SEEDS = [seed for seed in sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))
         if not seed.name.startswith("000")]


@pytest.mark.slow
@pytest.mark.parametrize("variant", [0, 2, 3])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_rewrapped_seed_reports_no_change(seed: Path, variant: int) -> None:
    text = seed.read_text(encoding="utf-8")
    copy = rewrap(text, random.Random(variant))
    assert copy != text
    changeset = diff_texts(text, copy)
    assert [(c.kind.value, c.old_path, c.new_path) for c in changeset.changes] == []


@pytest.mark.slow
@pytest.mark.parametrize("variant", range(4))
def test_the_rewrapped_5mb_concatenation_reports_no_change(variant: int) -> None:
    """All seeds seven times over (~5 MB, as benchmarks/diff_speed.py uses): document boundaries
    of a compilation, wraps next to notes, quotes, list numbers and links, all at scale."""
    every = "\n\n".join(seed.read_text(encoding="utf-8")
                        for seed in sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt")))
    text = "\n\n".join([every] * 7)
    changeset = diff_texts(text, rewrap(text, random.Random(variant)))
    assert [(c.kind.value, c.old_path, c.new_path) for c in changeset.changes] == []
