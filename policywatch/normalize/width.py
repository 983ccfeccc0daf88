"""The comparison key: display text folded so that only real wording differences remain.

Order matters: enclosed numbers (①, ⑴, ㉑ …) are rewritten to `(n)` *before* NFKC, which
would otherwise turn the clause marker `①` into a bare digit glued to the text. Then NFKC
folds widths (`，`→`,`, `１`→`1`), and the KEY_RULES fold quotes, dashes in ranges, document
number brackets and whitespace. `。` and `、` survive NFKC and stay: they carry meaning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from policywatch.normalize.patterns import LazyRegex, Rule, apply_all, line_pieces
from policywatch.normalize.rules import CIRCLED_RANGES, KEY_RULES, KEY_SEPARATOR, PRE_NFKC_KEY_RULES


@cache
def _enclosed_numbers() -> dict[str, str]:
    """`①` → `(1)` for every enclosed number (built on first use: importing stays cheap)."""
    table: dict[str, str] = {}
    for first, last in CIRCLED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            value = unicodedata.numeric(char, -1)
            if value >= 0 and value == int(value):
                table[char] = f"({int(value)})"
    return table


_ENCLOSED_RE = LazyRegex(lambda: "[" + "".join(sorted(_enclosed_numbers())) + "]")
# ASCII letters only: str.lower() would also fold Greek, Cyrillic, Roman numerals … Spelled
# `[A-Z][A-Z]*`, not `[A-Z]+`: a pattern starting with a bare class lets the regex engine skip
# ahead with its class test, while a leading repeat is tried at every position. In Chinese text
# (few Latin runs: 396 on 001) that beats a UTF-8 round trip through bytes.translate
# (callgrind on 001: 12M against 19M instructions).
_ASCII_CAPITALS = LazyRegex("[A-Z][A-Z]*")


def _lower(m: re.Match[str]) -> str:
    return m.group().lower()


def ascii_lower(text: str) -> str:
    """`re.sub("[A-Z]+", lambda m: m.group().lower(), text)`."""
    if text.isascii():
        return text.lower()  # on ASCII, exactly A-Z
    return _ASCII_CAPITALS.sub(_lower, text)


# The 256-character blocks enclosed numbers lie in (U+24xx, U+27xx, U+32xx): rare in Chinese
# text, whose characters are ASCII, CJK punctuation (U+30xx), general punctuation (U+20xx),
# full-width forms (U+FFxx) and ideographs.
_ENCLOSED_BLOCKS = tuple(sorted({bytes([block]) for first, last in CIRCLED_RANGES
                                 for block in range(first >> 8, (last >> 8) + 1)}))


def _may_hold_enclosed(text: str) -> bool:
    """Whether a character of the text lies in a block of enclosed numbers: the high bytes of
    its UTF-16 units, found by a copy and a slice (~0.3 ms on 001) and a memchr per block,
    against ~0.7 ms for a regex pass over the class."""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    return any(block in high for block in _ENCLOSED_BLOCKS)


def fold_enclosed_numbers(text: str) -> str:
    """`①加强…` → `(1)加强…`: keep circled clause markers distinguishable from digits."""
    if not _may_hold_enclosed(text):
        return text
    return _ENCLOSED_RE.sub(lambda m: _enclosed_numbers()[m.group()], text)


# Characters NFKC may change: all but ASCII, CJK ideographs and the common Chinese punctuation
# that NFKC leaves alone. Only runs of these are normalized (most of a Chinese text is not).
_MAYBE_UNSTABLE = LazyRegex(
    "[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff\u3001\u3002\u3008-\u3011\u2014\u2018\u2019\u201c\u201d]+")

# The full-width forms Chinese text is full of (001: 5,888 `，`, ~1,000 `（` and `）`), folded
# first by str.replace; the text left is then mostly NFKC already, which is_normalized tells fast.
# (Each str.replace searches with memchr for the low byte of its character; a byte that is also
# the high byte of common CJK characters, U+4E00-U+9FFF, would make it slow: `～` U+FF5E is left out.)
# Those every seed holds are folded first; the rarer ones only when is_normalized says some
# character is left to fold: a search for an absent one still costs a pass (0.2 ms for `！` on
# 001's key, whose low byte is that of `、`), and most texts hold none of them.
_COMMON_WIDE = "，（）：；"
_RARER_WIDE = "！？％．／－＋＝＜＞［］＂＇…０１２３４５６７８９"
_COMMON_FOLDS = tuple((char, unicodedata.normalize("NFKC", char)) for char in _COMMON_WIDE)
_RARER_FOLDS = tuple((char, unicodedata.normalize("NFKC", char)) for char in _RARER_WIDE)


def _nfkc_run(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group())


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), computed on the characters and runs it may change.

    Replacing any substring by its NFKC form leaves the text's NFKC form as it was, so when the
    result is already NFKC-normalized it *is* the NFKC form; otherwise (combining marks that
    compose across runs) the whole text is normalized, as before.
    """
    for folds in (_COMMON_FOLDS, _RARER_FOLDS):
        for wide, narrow in folds:
            text = text.replace(wide, narrow)
        # stops at the first character NFKC changes: a text left to fold fails it early
        if unicodedata.is_normalized("NFKC", text):
            return text
    text = _MAYBE_UNSTABLE.sub(_nfkc_run, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _key(display: str, rules: tuple[Rule, ...]) -> str:
    text = nfkc(fold_enclosed_numbers(apply_all(PRE_NFKC_KEY_RULES, display)))
    return ascii_lower(apply_all(rules, text))


def comparison_key(display: str) -> str:
    """Fold display text to the key that decides 'changed or not'."""
    return _key(display, KEY_RULES)


# The key rules with the separator added to every negated class, so that no match reaches
# across it (the other rules match only listed characters, and lookarounds stop at it too).
_KEY_RULES_APART = tuple(
    rule.with_pattern(rule.pattern.replace("[^", "[^" + KEY_SEPARATOR)) for rule in KEY_RULES
)


def comparison_keys(texts: Sequence[str]) -> list[str]:
    """`[comparison_key(t) for t in texts]` in one pass per rule over each piece of ~32,000
    characters of the texts (segment needs a key per clause).

    The texts are folded joined by a private-use separator that no rule matches across and
    NFKC leaves alone; texts that contain the separator themselves are folded one by one.
    """
    if len(texts) < 2 or any(KEY_SEPARATOR in text for text in texts):
        return [comparison_key(text) for text in texts]
    # a piece of texts at a time, as the display's lines go through their rules (line_pieces)
    keys: list[str] = []
    for start, stop in line_pieces(texts):
        keys += _key(KEY_SEPARATOR.join(texts[start:stop]), _KEY_RULES_APART).split(KEY_SEPARATOR)
    return keys
