"""The segmenter's fast scans find exactly what the plain regexes they replace would find.

_separators() (where a second marker may start in a line) and _is_toc_line() were single
regexes that scanned or backtracked over whole lines; they are checked here against those
reference regexes on random lines made of the characters that matter (_separators() also skips
places where no marker can start).
"""

from __future__ import annotations

import random
import re
import sys

import policywatch.diffing.segment  # noqa: F401  (the module, not the re-exported function)
from policywatch.grammar import FAMILIES, match_marker

segment_module = sys.modules["policywatch.diffing.segment"]

# the original scans, kept as the reference (with the separators and marker starts added since:
# commas and dashes of flattened lists, Latin letters of `a)` items)
_SPLIT_AT = re.compile(
    r"(?:[。；;：:）)，,—][ \t\u3000]*|[ \t\u3000]+)(?=[0-9０-９（(一二三四五六七八九十第a-z\u2460-\u249b\u3220-\u3229])"
    r"|(?<=[\u4e00-\u9fff])(?=[0-9０-９（(])"
)
_TOC_LINE = re.compile(r".*(?:\.{3,}|…{2,}|·{3,})\s*\d{1,4}\s*$")
_ALPHABET = ("。；;：:）)（(，— \t\u3000" "0123456789０１２" "一二三十第条款发展" "①⑴⒈㈠" ".…·、a")


_INLINE = [re.compile(f.pattern) for f in FAMILIES if f.inline]


def _random_line(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))


def test_separators_keep_every_marker_of_the_reference_scan() -> None:
    """_separators() finds the reference scan's places where a marker starts, and only places
    it finds: its stricter lookahead drops only places where match_marker() finds nothing."""
    rng = random.Random(15)
    markers = 0
    for _ in range(20_000):
        line = _random_line(rng)
        start = rng.randint(0, len(line))
        reference = [(m.end(), m.group().strip(" \t\u3000") or m.group()) for m in _SPLIT_AT.finditer(line, start)]
        found = list(segment_module._separators(line, start))
        assert set(found) <= set(reference) and found == sorted(found), (line, start)
        # a bare or dotted number (`43款`, `3.1 节`) is a clause only at a line start: not offered
        kept = [(pos, kind) for pos, kind in reference if match_marker(line, pos) is not None
                and any(p.match(line, pos) for p in _INLINE)]
        assert set(kept) <= set(found), (line, start)
        markers += len(kept)
    assert markers > 1000  # the random lines do hold markers


def test_every_numbered_family_of_the_grammar_starts_a_candidate() -> None:
    """A second marker of every ranked family in grammar/markers.py is offered by _separators()
    after each separator, and glued to CJK text when it opens with a digit or bracket: a family
    added to the grammar is split without a second definition in segment.py."""
    numbered = [f for f in FAMILIES if f.rank is not None]
    assert {f.name for f in numbered} >= {"part", "chapter", "article", "cn", "pcn", "ar", "par", "circ"}
    # they come first: where one of them matches, match_marker() reads it, not an unranked one
    assert FAMILIES[:len(numbered)] == tuple(numbered)
    for family in numbered:
        marker = match_marker(family.example)
        assert marker is not None and marker.family == family.name, family
        if not family.inline:  # a bare or dotted number opens a clause at a line start only
            assert not dict(segment_module._separators(f"前文。{family.example}", 0)), family
            continue
        for separator in ("。", "；", ";", "：", "）", " ", "。\u3000"):
            line = f"前文{separator}{family.example}"
            found = dict(segment_module._separators(line, 0))
            kind = separator.strip(" \u3000") or separator
            assert found.get(len(line) - len(family.example)) == kind, (family, separator)
        if family.example[0] in "0123456789０１２３４５６７８９（(":
            line = f"前文{family.example}"
            assert dict(segment_module._separators(line, 0)).get(2) == "", family


def test_toc_line_test_matches_the_reference_regex() -> None:
    rng = random.Random(16)
    lines = [_random_line(rng) for _ in range(20_000)]
    lines += ["第一章 总则……1", "第二条 目的.......12 ", "附件·····3\u3000", "一、总体要求 …… 2x", "说明…1"]
    for line in lines:
        assert segment_module._is_toc_line(line) == bool(_TOC_LINE.match(line)), line
