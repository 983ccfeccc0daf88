"""LookalikeIndex finds exactly the title keys bigram_similarity finds alike, comparing far fewer."""

from __future__ import annotations

import random

import pytest

from policywatch.lineage.titles import LookalikeIndex, bigram_similarity

# few characters, so keys share many bigrams and the prefix bound is tested at its edges
_ALPHABET = "发展产业数据科技创新管理办法通知"


def _keys(rng: random.Random, count: int) -> list[str]:
    keys = ["", "数", "数据"]  # no bigram, no bigram, one bigram
    keys += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(2, 16))) for _ in range(count)]
    return keys


@pytest.mark.parametrize("threshold", [0.4, 0.5, 0.25, 2 / 3, 0.75, 1.0])
def test_alike_is_exactly_what_comparing_every_pair_finds(threshold: float):
    rng = random.Random(int(threshold * 1000))
    keys = _keys(rng, 400)
    index = LookalikeIndex(keys, threshold)
    for probe in keys[:150] + _keys(rng, 50):
        expected = [(i, bigram_similarity(probe, key)) for i, key in enumerate(keys)
                    if bigram_similarity(probe, key) >= threshold]
        assert index.alike(probe) == expected, probe


def test_a_key_without_bigrams_is_alike_nothing():
    index = LookalikeIndex(["数据", "据数", "数"], 0.4)
    assert index.alike("数") == []
    assert index.alike("") == []
    assert index.alike("数据") == [(0, 1.0)]


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5])
def test_a_threshold_outside_0_to_1_is_refused(threshold: float):
    with pytest.raises(ValueError, match="threshold"):
        LookalikeIndex(["数据"], threshold)
