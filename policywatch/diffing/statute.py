"""The title block of a statute-style text (statutes.md): the adoption and amendment note
`（2013年12月28日…通过 根据…修正）` under the title and the 目录 of 编/章/节 headings.

Law databases also print the note without its brackets, one event a line
(`2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过`, `2018年4月27日 …修正`).

Neither is part of the title nor a clause: they are head. A 目录 is recognised by its header
and entries that are headings (第一章 总则, or a plan's 一、发展基础) repeated later by the body itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from policywatch.grammar import STATUTE_GROUPS, Marker, content_start
from policywatch.grammar.adoption import ADOPTION_EVENTS
from policywatch.grammar.adoption import is_adoption_note_line as is_note_core
from policywatch.lazyre import LazyRegex

# `（2013年12月28日第十二届全国人民代表大会常务委员会第六次会议通过 根据…修正）`, possibly
# cut over several lines (the first opens the bracket, the last closes it).
_ADOPTION_WORDS = LazyRegex(ADOPTION_EVENTS)
_DATE_WORDS = LazyRegex(r"[0-9０-９〇零○一二三四五六七八九]{4}\s*年")
_TOC_HEADER = LazyRegex(r"目\s*录")
_NOTE_LINES_MAX = 6  # a bracketed note cut over lines
# An unbracketed note, one event a line: 刑法 prints sixteen (通过, 修订, fourteen amendments).
_NOTE_EVENTS_MAX = 24


def _core(line: str) -> str:
    return line[content_start(line):].strip()


def is_adoption_note_line(line: str) -> bool:
    """One line of an unbracketed adoption/amendment note (`2001年4月28日 …会议通过`)."""
    return is_note_core(_core(line))


def adoption_note_end(lines: Sequence[str], start: int, stop: int) -> int:
    """The line after an adoption/amendment note starting at `start`, or `start` if none."""
    core = _core(lines[start]) if start < stop else ""
    if not core.startswith(("（", "(")):
        end = start
        while end < stop and end - start < _NOTE_EVENTS_MAX and is_adoption_note_line(lines[end]):
            end += 1
        return end
    end, text = start, ""
    while end < stop and end - start < _NOTE_LINES_MAX:
        text += _core(lines[end])
        end += 1
        if text.count("（") + text.count("(") <= text.count("）") + text.count(")"):
            break
    if _ADOPTION_WORDS.search(text) and _DATE_WORDS.search(text):
        return end
    return start


def statute_toc(lines: Sequence[str], markers: Sequence[Marker | None]) -> range:
    """The lines of a 目录 of headings (header and entries), or an empty range.

    Entries are heading lines: a statute's 编/章/节, or a plan's 第一部分 / 一、 / （一）; the 目录
    ends where its first entry's label is written a second time (the body begins), so entries
    need not carry page numbers. Its entries opened clauses that the body opens again."""
    for i, line in enumerate(lines[:400]):
        if len(line) > 12 or "目" not in line or not _TOC_HEADER.fullmatch(_core(line)):
            continue
        first = next((m for m in markers[i + 1:i + 2] if m is not None and m.number is not None
                      and m.family in _TOC_FAMILIES), None)
        if first is None:
            return range(0)
        entries = True  # still in the run of heading entries right under the header
        for j in range(i + 2, len(lines)):
            m = markers[j]
            if m is not None and m.family == first.family and m.label == first.label:
                return range(i, j) if j - i >= 3 else range(0)
            if m is not None and m.family == "annex":
                # an annex the 目录 lists with its title (`附件1 重点项目表`) among the entries is an
                # entry; a bare label (`附件2`) or one after other lines begins an annex before
                # any body: the lines above were a list of its own, no 目录
                if not entries or not lines[j][m.body_start:].strip():
                    return range(0)
                continue
            entries = entries and m is not None and m.family in _TOC_FAMILIES
            if (m is None or m.family not in STATUTE_GROUPS) and len(_core(lines[j])) > _TOC_ENTRY_MAX:
                return range(0)  # a sentence: no table of contents here
        return range(0)
    return range(0)


def toc_end(lines: Sequence[str], start: int, stop: int) -> int:
    """The line after a 目录 starting at `start` (its header, then short entry lines, up to
    `stop`), or `start` when lines[start] is no 目录 header."""
    line = lines[start]
    if len(line) > 12 or not _TOC_HEADER.fullmatch(_core(line)):
        return start
    end = start + 1
    while end < stop and len(_core(lines[end])) <= _TOC_ENTRY_MAX:
        end += 1
    return end


_TOC_ENTRY_MAX = 40
# the headings a 目录 lists: a statute's 编/章/节, a plan's 第一部分, 一、 and （一）; never a list of
# 1. items (an annex's catalogue of data sets, `目录` ⏎ `1.学校基本信息`, is its text)
_TOC_FAMILIES = STATUTE_GROUPS | {"part", "cn", "pcn"}
