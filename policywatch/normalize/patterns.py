"""Regex machinery for the rule tables: rules and patterns compiled on first use, not at import.

Importing the normalizer must stay cheap (issue 15: a `diff` process starts in < 0.15 s), and
compiling ~60 patterns over CJK ranges costs ~30 ms. So every `Rule` and every `LazyRegex`
keeps only its source until it is first used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import repeat

from policywatch.lazyre import LazyRegex  # also re-exported: the normalizer's modules import it here

Replacement = str | Callable[[re.Match[str]], str]


class Rule:
    """One regex substitution with the reason it is there.

    `needs`: substrings one of which any match holds — a text without them skips the regex
    pass. `fast`: the same substitution spelled with str methods, used instead of the regex
    (tests/normalize/test_batch_keys.py checks that both give the same text). `at`: the sorted
    positions where a match may start (a superset): when they are few, the regex is tried at
    those positions only instead of scanning the whole text (~25 ns a character).
    """

    __slots__ = ("at", "fast", "flags", "name", "needs", "pattern", "reason", "regex", "replacement")

    def __init__(self, name: str, pattern: str, replacement: Replacement, reason: str, flags: int = 0,
                 needs: tuple[str, ...] = (), fast: Callable[[str], str] | None = None,
                 at: Callable[[str], list[int]] | None = None) -> None:
        self.name = name
        self.pattern = pattern
        self.replacement = replacement
        self.reason = reason
        self.flags = flags
        self.needs = needs
        self.fast = fast
        self.at = at
        self.regex = LazyRegex(pattern, flags)  # compiled on first use

    def __repr__(self) -> str:
        return f"Rule({self.name!r}, {self.pattern!r})"

    def apply(self, text: str) -> str:
        """The substitution on `text` (the regex itself: `fast` is only a shortcut of it)."""
        return self.regex.sub(self.replacement, text)

    def with_pattern(self, pattern: str) -> Rule:
        """This rule with another pattern (its fast path kept only for an unchanged pattern)."""
        fast = self.fast if pattern == self.pattern else None
        # `at` stays: the other pattern must start its matches where this one does
        return Rule(self.name, pattern, self.replacement, self.reason, self.flags, self.needs, fast, self.at)


def apply_all(rules: tuple[Rule, ...], text: str) -> str:
    """Apply rules in order; each rule is one linear pass (a regex or its str-method twin)."""
    for rule in rules:
        if rule.needs and not any(map(holds, repeat(text), rule.needs)):
            continue
        if rule.fast is not None:
            text = rule.fast(text)
        elif rule.at is not None:
            text = sub_at(rule.regex, rule.replacement, text, rule.at(text))
        else:
            text = rule.regex.sub(rule.replacement, text)
    return text


# Occurrences of a needed string's first character looked at one by one before one substring search.
_FEW_STARTS = 8


def holds(text: str, needed: str) -> bool:
    """`needed in text`, looked for by its first character: str.find finds one character with
    memchr, ~20x faster than a substring search over the whole text (0.2 ms on 001 for `【[`),
    and the first characters of needed strings (`【`, `]`, `<`) are rare."""
    first = needed[0]
    at = text.find(first)
    for _ in range(_FEW_STARTS):
        if at < 0:
            return False
        if text.startswith(needed, at):
            return True
        at = text.find(first, at + 1)
    return at >= 0 and text.find(needed, at) >= 0


# Above this share of candidate positions per character a plain regex pass is cheaper.
_FEW_CANDIDATES = 1 / 64


def sub_at(regex: re.Pattern[str], replacement: Replacement, text: str, starts: list[int]) -> str:
    """`regex.sub(replacement, text)` when every match starts at one of `starts` (sorted):
    the regex is tried at those positions only, left to right, as sub() finds its matches
    (lookbehinds still see the text before a position). Never an empty match: patterns that
    may match empty are not given positions."""
    if len(starts) > len(text) * _FEW_CANDIDATES:
        return regex.sub(replacement, text)
    pieces: list[str] = []
    last = 0
    match = regex.match
    # a template without a backslash is literal, as in sub(); Match.expand parses it on every call
    literal = replacement if isinstance(replacement, str) and "\\" not in replacement else None
    for start in starts:
        if start < last:
            continue
        m = match(text, start)
        if m is None:
            continue
        pieces.append(text[last:start])
        if literal is not None:
            pieces.append(literal)
        else:
            pieces.append(m.expand(replacement) if isinstance(replacement, str) else replacement(m))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def positions_of(chars: str) -> Callable[[str], list[int]]:
    """An `at` for a rule whose matches start with one of `chars` (each found by str.find)."""

    def at(text: str) -> list[int]:
        found: list[int] = []
        most = len(text) * _FEW_CANDIDATES  # beyond it sub_at() passes the whole text anyway
        for char in chars:
            i = text.find(char)
            while i >= 0 and len(found) <= most:
                found.append(i)
                i = text.find(char, i + 1)
        found.sort()
        return found

    return at


# Lines go through the rules in pieces of about this many characters, not joined whole: a pass
# over a text of ~64 KB (UCS-2) works in the CPU cache, and malloc serves its copies from memory
# it has freed before. Whole texts of 001 (460 KB) were fresh memory at every pass, each page
# faulted in at ~4 µs on the dev VM (a first normalize_text of 001: ~990 faults, now ~300).
_PIECE_CHARS = 32_000


def line_pieces(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(start, stop) of consecutive runs of `lines` of _PIECE_CHARS characters on average (the
    line count from the mean length: the bound need not be exact, and a bisect over the running
    lengths would cost its module's import)."""
    step = max(1, len(lines) * _PIECE_CHARS // max(1, sum(map(len, lines))))
    return [(start, min(start + step, len(lines))) for start in range(0, len(lines), step)]


def apply_lines(rules: tuple[Rule, ...], lines: list[str]) -> list[str]:
    """`apply_all(rules, "\\n".join(lines)).split("\\n")` for rules that never match across, nor
    make or remove, a line end, passed a piece of lines at a time; `lines` itself when no rule
    changes any of them (re.sub and the str methods return an unchanged text itself)."""
    out = None
    for start, stop in line_pieces(lines):
        text = "\n".join(lines[start:stop])
        changed = apply_all(rules, text)
        if changed is not text:
            if out is None:
                out = list(lines)
            out[start:stop] = changed.split("\n")
    return lines if out is None else out


def apply_lines_until_stable(rules: tuple[Rule, ...], lines: list[str], limit: int = 4) -> list[str]:
    """Apply rules until nothing changes (removing one remnant can complete another: `*<u>*`),
    as passes over `"\\n".join(lines)` would, for rules that never match
    across, nor make or remove, a line end: a line the last pass left alone is stable, so each
    further pass goes over the lines the previous one changed only (few: most lines hold no
    markup, and the plain version passed the whole text once more just to see that)."""
    out = list(lines)
    todo = list(range(len(lines)))
    for _ in range(limit):
        if not todo:
            break
        before = [out[i] for i in todo]
        after = apply_lines(rules, before)
        if after is before:
            break
        changed = []
        for i, old, new in zip(todo, before, after, strict=True):
            if new != old:
                out[i] = new
                changed.append(i)
        todo = changed
    return out


def alternation(rules: tuple[Rule, ...]) -> str:
    """One alternation of whole-line rules (each with its own flags), for a single match call."""
    parts = []
    for rule in rules:
        flags = "i" if rule.flags & re.I else ""
        parts.append(f"(?{flags}:{rule.pattern})" if flags else f"(?:{rule.pattern})")
    return "|".join(parts)


def replace_chars(chars: str, replacement: str) -> Callable[[str], str]:
    """`re.sub(f"[{chars}]", replacement, text)` as one str.replace per character.

    str.replace finds a character with memchr on its low byte: ~10 µs for an absent character
    on the 665 KB seed against ~1 ms for a regex pass — unless that byte is also the high byte of
    common CJK characters (U+4E00-U+9FFF: ASCII N-Z, a-z), which makes it ~1 ms too. So use it
    for rare characters outside those bytes. `replacement` must hold none of `chars` but itself."""

    def replace(text: str) -> str:
        for char in chars:
            text = text.replace(char, replacement)
        return text

    return replace


def collapse_runs(chars: str) -> Callable[[str], str]:
    """`re.sub(f"([{chars}])\\1+", r"\\1", text)` as one regex pass per character.

    The class pattern starts with a group, so the regex engine tries it at every position and
    once more at each of the many commas and full stops (~21M instructions on 001's key);
    `，，+` starts with a literal the engine skips ahead to (~1.5M each). A run of one character
    shrinks to it whatever the others do, so the passes are independent."""
    runs = tuple((LazyRegex(re.escape(char * 2) + "+"), char) for char in chars)

    def collapse(text: str) -> str:
        for regex, char in runs:
            text = regex.sub(char, text)
        return text

    return collapse
