"""similarity(): rapidfuzz's normalized Indel similarity, exact for clause-sized keys and a close
lower bound, in linear time, for keys too long to compare exactly."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from policywatch.affixes import common_head, common_tail
from policywatch.diffing import similarity as module
from policywatch.diffing.pieces import pieces
from policywatch.diffing.similarity import similarity

_text = st.text(alphabet="人工智能产业发展最高万元亿年，。0123456789", max_size=80)
_ALPHABET = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


@settings(max_examples=200, deadline=None)
@given(_text, _text, st.sampled_from([0.0, 0.6, 0.9]))
def test_clause_sized_keys_get_rapidfuzz_exactly(a: str, b: str, cutoff: float) -> None:
    assert similarity(a, b, cutoff) == Indel.normalized_similarity(a, b, score_cutoff=cutoff)


def _edited(text: str, rng: random.Random, edits: int, insert: str = "") -> str:
    chars = list(text)
    for _ in range(edits):
        chars[rng.randrange(len(chars))] = "X"
    middle = len(chars) // 3
    return "".join(chars[:middle]) + insert + "".join(chars[middle:])


@pytest.mark.parametrize("insert", ["", "新增的一段话" * 60], ids=["in place", "with an insertion"])
def test_long_keys_get_a_close_lower_bound(monkeypatch: pytest.MonkeyPatch, insert: str) -> None:
    rng = random.Random(3)
    a = "".join(rng.choice(_ALPHABET) for _ in range(12_000))
    b = _edited(a, rng, 300, insert)
    exact = Indel.normalized_similarity(a, b)
    monkeypatch.setattr(module, "EXACT_CELLS", 1000)  # force the pieces path on these 12,000 characters
    bound = similarity(a, b)
    assert bound <= exact + 1e-12
    assert bound >= exact - 0.01  # the cuts follow the text past the insertion


def test_long_keys_below_the_cutoff_score_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(4)
    a = "".join(rng.choice(_ALPHABET) for _ in range(6000))
    monkeypatch.setattr(module, "EXACT_CELLS", 1000)
    assert similarity(a, a[:1000], 0.6) == 0.0  # lengths alone rule it out
    assert similarity(a, a + "尾", 0.9) > 0.99  # common head: exact, no pieces needed
    assert similarity(a, "".join(reversed(a)), 0.9) == 0.0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300), st.integers(1, 64))
def test_pieces_cover_both_strings_in_order(a: str, b: str, size: int) -> None:
    cuts = list(pieces(a, b, size))
    assert "".join(a[old] for old, _ in cuts) == a and "".join(b[new] for _, new in cuts) == b
    assert all(old.stop - old.start <= size for old, _ in cuts)
    if max(len(a), len(b)) <= size:
        assert cuts == [(slice(0, len(a)), slice(0, len(b)))]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="甲乙丙", max_size=40), st.text(alphabet="甲乙丙", max_size=40))
def test_common_head_and_tail_are_the_longest_that_do_not_overlap(a: str, b: str) -> None:
    head = common_head(a, b)
    assert a[:head] == b[:head] and (head == min(len(a), len(b)) or a[head] != b[head])
    most = min(len(a), len(b)) - head
    tail = common_tail(a, b, most)
    assert tail <= most and a[len(a) - tail :] == b[len(b) - tail :]
    assert tail == most or a[len(a) - tail - 1] != b[len(b) - tail - 1]
