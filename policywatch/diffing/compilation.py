"""Split a compilation (汇编) into its documents.

With a table of contents (raw text: a `目录` line and numbered entries such as
`- 1. 北京市…的指导意见.....6` or `33. 沈阳市…(2018-2030 年)353`), each entry's title is looked
for again, in order, as one to three consecutive short lines (titles are often wrapped:
`合肥建设…试验区 ⏎ 实施方案（2020-2023年）`). The normalizer drops tables of contents, so
display text is split on document titles instead: a short line (or two) ending in
意见/方案/计划/办法/… with an optional period `（2021—2023年）`, followed by a preamble or a
top-level marker, once the current document already holds numbered clauses (so a notice's
repeated title does not split it). Three such documents or more make a compilation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from policywatch.diffing.numbering import RANKS, WIDTH_FOLD, Marker, content_start, match_marker
from policywatch.lazyre import LazyRegex

_TOC_HEADER = LazyRegex(r"目\s*录")
_TOC_ENTRY = LazyRegex(
    r"(?P<n>\d{1,3})\s*[.．、]\s*(?P<title>.+?)"
    r"(?:\s*(?:\.{2,}|…+|·{2,}|-{3,})\s*|(?<!\d))\d{1,4}\s*$"  # a page number is required
)
_NON_WORD = LazyRegex(r"[\W_]+")
_MAX_TITLE_LINE = 80
_MIN_MATCHED = 2  # fewer TOC titles found again than this: not a compilation
_MIN_TITLED = 3  # fewer documents found by their titles than this: one document
_DOC_TITLE = LazyRegex(
    r"(?:意见|方案|计划|办法|细则|政策|措施|导则|规划|通知|决定|规定|条例|纲要)"
    r"(?:\s*[（(][^()（）]{4,16}[)）])?$"
)
# both widths of the year (`(２０１９—２０２３年)`): titles are matched without width folding
_PERIOD = LazyRegex(r"[（(]\s*(?:[1１][9９]|[2２][0０])\d{2}[^()（）]{0,14}[)）]")
_NOT_IN_TITLE = LazyRegex(r"[。；;：:，,]|^\d")
_OPENS_DOCUMENT = ("part", "chapter", "article", "cn")


class Member(NamedTuple):  # not a dataclass: a tenth of the class-creation cost at import
    """One document of a compilation: lines[start:body] are its title, lines[body:end] the rest."""

    number: int  # 1-based position in the table of contents (not `index`: a tuple has index())
    title: str
    start: int
    body: int
    end: int


def title_key(text: str) -> str:
    """Letters and digits only, width-folded: how titles are compared."""
    return _NON_WORD.sub("", text).translate(WIDTH_FOLD)


def toc_span(lines: Sequence[str]) -> range:
    """The lines of a table of contents (`目录` and its entries): never clauses."""
    toc = _toc(lines)
    return range(toc[2], toc[0]) if toc else range(0)


def _toc(lines: Sequence[str]) -> tuple[int, list[tuple[int, str]], int] | None:
    """(line after the table of contents, [(entry number, title key)], its first line) or None."""
    for i, line in enumerate(lines[:400]):
        if "目" not in line or len(line) > 12:
            continue
        core = line[content_start(line):].strip()
        if not _TOC_HEADER.fullmatch(core):
            continue
        entries, j = [], i + 1
        while j < len(lines):
            core = lines[j][content_start(lines[j]):].strip()
            m = _TOC_ENTRY.fullmatch(core)
            if m:
                entries.append((int(m.group("n")), title_key(m.group("title"))))
            elif not (_is_group(lines[j]) and j + 1 < len(lines) and _is_entry(lines[j + 1])):
                break
            j += 1
        if len(entries) >= _MIN_MATCHED:
            return j, entries, i
    return None


def _is_group(line: str) -> bool:
    """`一、北京国家新一代人工智能创新发展试验区`: a group heading inside a table of contents."""
    marker = match_marker(line)
    return marker is not None and marker.family == "cn"


def _is_entry(line: str) -> bool:
    return _TOC_ENTRY.fullmatch(line[content_start(line):].strip()) is not None


def split_compilation(lines: Sequence[str], markers: Sequence[Marker | None]) -> tuple[int, list[Member]] | None:
    """(number of front-matter lines, the member documents) or None for a single document.

    `markers` holds match_marker() of every line.
    """
    toc = _toc(lines)
    if toc is None:
        return _split_on_titles(lines, markers)
    pos, entries, _ = toc
    keys = [title_key(line) if len(line) <= _MAX_TITLE_LINE and match_marker(line) is None else ""
            for line in lines]
    found: list[tuple[int, int, int, str]] = []  # (toc number, start, body, title)
    for number, key in entries:
        hit = _find(keys, pos, key)
        if hit is None:
            continue
        start, body = hit
        found.append((number, start, body, "".join(s.strip() for s in lines[start:body])))
        pos = body
    if len(found) < _MIN_MATCHED:
        return None
    members = [
        Member(number, title, start, body, found[k + 1][1] if k + 1 < len(found) else len(lines))
        for k, (number, start, body, title) in enumerate(found)
    ]
    return members[0].start, members


def _find(keys: Sequence[str], pos: int, key: str) -> tuple[int, int] | None:
    """First (start, end) from pos where one to three consecutive line keys spell `key`."""
    if not key:
        return None
    head = key[:4]
    for i in range(pos, len(keys)):
        k = keys[i]
        if not k or not key.startswith(k[:4]) or head != k[:4]:
            continue
        acc = ""
        for j in range(i, min(i + 3, len(keys))):
            if not keys[j]:
                break
            acc += keys[j]
            if acc == key or (len(acc) >= 12 and (key.startswith(acc) or acc.startswith(key))
                              and abs(len(acc) - len(key)) <= 1):
                return i, j + 1
            if not key.startswith(acc):
                break
    return None


def _split_on_titles(lines: Sequence[str], markers: Sequence[Marker | None]) -> tuple[int, list[Member]] | None:
    found: list[tuple[int, int]] = []  # (start, body)
    numbered = False  # the current document holds a numbered clause
    i = 0
    while i < len(lines):
        n = 0 if markers[i] is not None or (found and not numbered) else _title_lines(lines, markers, i)
        if n:
            found.append((i, i + n))
            numbered = False
            i += n
            continue
        numbered = numbered or (markers[i] is not None and RANKS[markers[i].family] is not None)
        i += 1
    if len(found) < _MIN_TITLED:
        return None
    members = [
        Member(k + 1, "".join(line.strip() for line in lines[start:body]), start, body,
               found[k + 1][0] if k + 1 < len(found) else len(lines))
        for k, (start, body) in enumerate(found)
    ]
    return members[0].start, members


def _title_lines(lines: Sequence[str], markers: Sequence[Marker | None], i: int) -> int:
    """How many lines from i form a document title followed by its opening (0: none)."""
    # Not width-folded: the title patterns take both widths (str.translate() of the next line,
    # often a long paragraph, cost more than the rest of the test).
    core = lines[i][content_start(lines[i]):].strip()
    if len(core) > 60 or _NOT_IN_TITLE.search(core):  # most lines are long paragraphs
        return 0
    nxt = lines[i + 1][content_start(lines[i + 1]):].strip() if i + 1 < len(lines) else ""
    if _DOC_TITLE.search(core):
        n = 2 if nxt and _PERIOD.fullmatch(nxt) else 1
    elif (nxt and len(nxt) <= 30 and markers[i + 1] is None and not _NOT_IN_TITLE.search(nxt)
          and _DOC_TITLE.search(nxt)):
        n = 2
    else:
        return 0
    if i + n >= len(lines):
        return 0
    opening = markers[i + n]
    return n if opening is None or opening.family in _OPENS_DOCUMENT else 0
