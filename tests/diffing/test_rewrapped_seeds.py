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
