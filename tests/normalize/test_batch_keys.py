"""The fast paths of the key: batched keys and run-wise NFKC give exactly the plain results."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.normalize import comparison_key, comparison_keys, normalize_text
from policywatch.normalize.rules import KEY_SEPARATOR
from policywatch.normalize.width import nfkc

# Everything the key rules name, plus width variants, combining marks that compose across a
# text boundary (か + ゙, e + ́), and the separator itself.
TRICKY = ("<u>x</u>**__【[]】[a](http://b)(/c)<https://d>〈〉<>《》“”\"'‘’「」〔〕[](){}2019号"
          "0123-—~至～ \t\n　，,。。；;：:！!？?①⑴㈠ＡＢａ１２（）ﬁ…㍿か\u3099e\u0301\u309b\u0338"
          "中文字" + KEY_SEPARATOR)
texts = st.text(alphabet=TRICKY, max_size=30)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, max_size=8))
def test_batched_keys_equal_one_by_one(items: list[str]) -> None:
    assert comparison_keys(items) == [comparison_key(t) for t in items]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=40) | st.text(max_size=40))
def test_runwise_nfkc_is_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_no_rule_reaches_across_a_text_boundary() -> None:
    for items in (["<u", ">x"], ["【[a", "]】"], ["[a", "](http://b)"], ["[a](http://b", ")"],
                  ["<https://a", ">"], ["《〈a〉", "》"], ["《〈a", "〉》"], ["**", "**"], ["。", "。"],
                  ["2018", "—2020"], ["[2019", "]5号"]):
        assert comparison_keys(items) == [comparison_key(t) for t in items], items


def test_batched_keys_on_a_seed_slice_and_the_fallback() -> None:
    seed = Path(__file__).parents[1] / "data" / "seeds" / "004_1a3ddd08d567a234.txt"
    lines = normalize_text(seed.read_text(encoding="utf-8")).display.split("\n")
    assert comparison_keys(lines) == [comparison_key(line) for line in lines]
    # a text holding the separator: folded one by one, nothing split apart
    odd = ["a" + KEY_SEPARATOR + "b", "《x<y>》"]
    assert comparison_keys(odd) == [comparison_key(t) for t in odd]
