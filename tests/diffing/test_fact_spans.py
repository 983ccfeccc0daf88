"""The claimed spans of extract_facts (diffing.facts._Taken) answer as a scan of every span would."""

from __future__ import annotations

import random

import pytest

from policywatch.diffing.facts import _Taken, extract_facts


def _naive_overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


@pytest.mark.parametrize("seed", range(40))
def test_claimed_spans_agree_with_a_scan_of_every_span(seed: int) -> None:
    rng = random.Random(seed)
    claimed: list[tuple[int, int]] = []
    taken = _Taken([])
    for _ in range(60):
        start = rng.randrange(0, 200)
        end = start + rng.randrange(0, 12)
        assert taken.overlaps(start, end) == _naive_overlaps(claimed, start, end), (claimed, start, end)
        if rng.random() < 0.5 or not _naive_overlaps(claimed, start, end):  # notes may overlap titles
            taken.add(start, end)
            claimed.append((start, end))


def test_a_clause_of_thousands_of_figures_keeps_every_one() -> None:
    key = "，".join(f"第{k}项资助{k}万元" for k in range(1, 3001))
    amounts = [f.value for f in extract_facts(key) if f.role == "amount"]
    assert amounts == [f"{k}万元" for k in range(1, 3001)]
