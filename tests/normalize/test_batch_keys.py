"""The fast paths: batched keys, run-wise NFKC and guarded rules give exactly the plain results."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policywatch.normalize import comparison_key, comparison_keys, normalize_text
from policywatch.normalize.patterns import apply_all
from policywatch.normalize.rules import (
    CHAR_RULES,
    KEY_RULES,
    KEY_SEPARATOR,
    MARKUP_RULES,
    PRE_NFKC_KEY_RULES,
    SPACING_RULES,
    TABLE_RULES,
)
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


RULES_WITH_NEEDS = [rule for table in (MARKUP_RULES, SPACING_RULES, KEY_RULES, CHAR_RULES)
                    for rule in table if rule.needs]
MARKUP_TEXT = ("<u>a</u><B>b</B>【[c]】[d](http://e)[f](/g)<https://h>**i**__j__浏览次数：12次阅读:3《〈k〉》、《l》(2019)5号"
               "附件1.申报表点击下载")


def test_rules_with_needs_are_skipped_only_when_they_cannot_match() -> None:
    assert len(RULES_WITH_NEEDS) >= 6
    for rule in RULES_WITH_NEEDS:
        assert rule.regex.search(MARKUP_TEXT), rule.name  # the sample exercises every guarded rule


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=TRICKY + "浏览访问阅读点击查看次数量:：12下载此（）\n", max_size=40))
def test_a_text_a_guarded_rule_matches_holds_what_it_needs(text: str) -> None:
    for rule in RULES_WITH_NEEDS:
        if rule.regex.search(text):
            assert any(needed in text for needed in rule.needs), (rule.name, text)


# The spacing and counter rules as first written (lookbehind first, optional bracket first); the
# data now spells them so that the regex engine can skip ahead, with the same results.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PUNCT = "，。、；：！？“”‘’《》〈〉「」『』【】〔〕（）…—·"
REFERENCE = {
    "gap": (r"(?<=\S) {3,}(?=\S)", "  "),
    "before-punct": (" +(?=[，。、；：！？》〉」』】〕）,;:!?])", ""),
    "in-parens": (r"(?<=[（(]) +| +(?=[）)])", ""),
    "before-paren": (f"(?<=[{_HAN}]) +(?=[（(])", ""),
    "after-cjk-punct": (f"(?<=[{_PUNCT}]) +(?! )", ""),
    "after-ascii-punct": (f"(?<=[,;:!?]) +(?=[{_HAN}“‘《（])|(?<=[{_HAN}）)][,;:!?]) +", ""),
    "after-ascii-paren": (f"([{_HAN}]\\([^()\\n]{{1,30}}\\)) +(?=[{_HAN}0-9])", r"\1"),
    "visit-counter": (r"[【\[(（]?(?:浏览|访问|阅读|点击|查看)(?:(?:次数|量|数|人次)[ \t]*[:：]?|[ \t]*[:：])"
                      r"[ \t]*\d+[ \t]*次?[】\])）]?", ""),
}
SPACED = "中文字 　  （()）,;:!?，。“‘《》a1\n\t【】[]浏览次数阅读:：12"
# key rules first written with a leading lookbehind, now starting with the character they change
KEY_REFERENCE = {
    "thousands-separator": (r"(?<=[0-9０-９]),(?=[0-9０-９]{3}(?![0-9０-９]))", ""),
    "digit-range": (r"(?<=\d)(?:——|[—–\-~～至到−―‒])(?=\d)", "-"),
}
DIGITS = "0123456789０１２,，——–-~～至到−―‒a\n "
ALL_RULES = [rule for table in (CHAR_RULES, MARKUP_RULES, SPACING_RULES, TABLE_RULES, PRE_NFKC_KEY_RULES, KEY_RULES)
             for rule in table]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=SPACED, max_size=40))
def test_rewritten_rules_match_their_reference(text: str) -> None:
    rules = {rule.name: rule for rule in (*SPACING_RULES, *MARKUP_RULES)}
    for name, (pattern, replacement) in REFERENCE.items():
        assert rules[name].apply(text) == re.sub(pattern, replacement, text), (name, text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=DIGITS, max_size=40))
def test_rewritten_key_rules_match_their_reference(text: str) -> None:
    rules = {rule.name: rule for rule in (*PRE_NFKC_KEY_RULES, *KEY_RULES)}
    for name, (pattern, replacement) in KEY_REFERENCE.items():
        assert rules[name].apply(text) == re.sub(pattern, replacement, text), (name, text)


FAST_ALPHABET = TRICKY + SPACED + DIGITS + "\r\f\v\x85\u2028\x00\x1f\x7f\ufeff\u200b\u00ad\u00a0\u2003\u3000"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=FAST_ALPHABET, max_size=60) | st.text(max_size=60))
def test_str_method_twins_of_rules_give_the_regex_result(text: str) -> None:
    fast_rules = [rule for rule in ALL_RULES if rule.fast is not None]
    assert len(fast_rules) >= 3
    for rule in fast_rules:
        assert rule.fast(text) == rule.regex.sub(rule.replacement, text), (rule.name, text)
        assert apply_all((rule,), text) == rule.apply(text)


_ALNUM = "0-9A-Za-z%‰℃\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05"
_LABEL = re.compile(r"(?:专栏|图|表|附件) ?\d{1,3}")
CJK_ALNUM_REFERENCE = re.compile(f" (?:(?<=[{_HAN}] )(?=[{_ALNUM}])|(?<=[{_ALNUM}] )(?=[{_HAN}]))")


def _label_keeps_space(m: re.Match[str]) -> str:
    return " " if _LABEL.fullmatch(m.string, m.string.rfind("\n", 0, m.start()) + 1, m.start()) else ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="中文专栏图表附件 1 5Gg%℃０Ａａ，。（(）)“‘《,;:!?é\n", max_size=40))
def test_spacing_rules_checking_han_on_the_match_equal_the_han_class(text: str) -> None:
    rules = {rule.name: rule for rule in SPACING_RULES}
    assert rules["cjk-alnum"].apply(text) == CJK_ALNUM_REFERENCE.sub(_label_keeps_space, text), text
    for name in ("before-paren", "after-ascii-punct", "after-ascii-paren"):
        pattern, replacement = REFERENCE[name]
        assert rules[name].apply(text) == re.sub(pattern, replacement, text), (name, text)


# Rules tried only where a match may start (Rule.at), and the counter and Markdown-prefix twins
AT_ALPHABET = "〈<>〉《》〔［[【(（\"﹝{｛〕］]】)）\"﹞}｝号0123456789０１２ a中\n" + KEY_SEPARATOR
MD_ALPHABET = " #-*+a中\n\t浏览阅读访问次数量人:：12】)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=AT_ALPHABET, max_size=60))
@example("〈《〈0>》")  # a short text: the openers' list cut short, then filtered to nothing
def test_rules_tried_at_their_start_positions_give_the_regex_result(text: str) -> None:
    from policywatch.normalize.width import _KEY_RULES_APART

    at_rules = [rule for rule in (*ALL_RULES, *_KEY_RULES_APART) if rule.at is not None]
    assert len(at_rules) >= 4  # angle-quotes and doc-number-brackets, in both key tables
    padded = "中" * 4000 + text  # few candidates per character: tried at the positions only
    for rule in at_rules:
        for sample in (text, padded):
            assert apply_all((rule,), sample) == rule.regex.sub(rule.replacement, sample), (rule.name, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MD_ALPHABET, max_size=40))
def test_counter_and_markdown_prefix_twins_give_the_regex_result(text: str) -> None:
    rules = {rule.name: rule for rule in MARKUP_RULES}
    for name in ("visit-counter", "md-prefix"):
        assert rules[name].fast(text) == rules[name].apply(text), (name, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="AZaz中Äßİ\u0130\udc80ⅠΣ1 ", max_size=30) | st.text(max_size=30))
def test_ascii_lower_folds_only_ascii_capitals(text: str) -> None:
    from policywatch.normalize.width import ascii_lower

    assert ascii_lower(text) == re.sub("[A-Z]+", lambda m: m.group().lower(), text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="①⑳⓪⓫⓿❶➓㉑㊿Ⓐ$'2中a\u2400\u2700\u3200\U00020000", max_size=20) | st.text(max_size=20))
def test_enclosed_numbers_are_folded_wherever_they_are(text: str) -> None:
    from policywatch.normalize.width import _ENCLOSED_RE, _enclosed_numbers, fold_enclosed_numbers

    assert fold_enclosed_numbers(text) == _ENCLOSED_RE.sub(lambda m: _enclosed_numbers()[m.group()], text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。，、；：！？,;:!?a中\n ", max_size=40))
def test_doubled_punctuation_collapsed_per_character_gives_the_class_result(text: str) -> None:
    for rule in (*SPACING_RULES, *KEY_RULES):
        if rule.name.startswith("doubled-punct"):
            assert rule.fast is not None
            assert rule.fast(text) == rule.apply(text), (rule.name, text)
