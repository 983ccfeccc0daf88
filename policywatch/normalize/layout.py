"""Line layout: tell PDF rows from paragraphs, rejoin hard wraps and page-break splits.

Two layouts occur (clauses.md §2.1):

* rows — pdftotext style (000): one PDF row per line, usually a blank line after each, and
  a trailing space on every row that ends a paragraph. Rows are joined until such a row.
* bare rows — one PDF row per line with nothing marking paragraph ends (pdfplumber): most
  rows have the page width, and a shorter row (or a full one ending a sentence) ends a paragraph.
* paragraphs — one paragraph per line (001–004), but a page break cuts a paragraph in two.
  `join_paragraphs` rejoins those splits and is applied to every text last, so that display
  text is a fixed point of it (idempotence).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterator
from functools import cache
from importlib import import_module
from operator import itemgetter
from types import ModuleType

from policywatch.normalize.furniture import is_boilerplate, is_page_number, is_table
from policywatch.normalize.patterns import LazyRegex
from policywatch.normalize.rules import (
    COMMA_RE,
    HEADING_MAX,
    JOIN_MIN_ANY,
    JOIN_MIN_LONG,
    MARKER_RE,
    MD_BLOCK_RE,
    ORPHAN_MAX,
    SENTENCE_INSIDE_RE,
    SIBLING_WINDOW,
    TERMINAL,
    TITLE_END_MAX,
    TITLE_END_RE,
    TOC_ENTRY_RE,
    is_han,
)

ROWS, BARE_ROWS, PARAGRAPHS = "rows", "bare_rows", "paragraphs"
_ROW_END_RATIO = 0.12  # 000: 151 of 420 rows end in a space; 001–004: almost none
_WEAK_ROW_END_RATIO = 0.02  # narrow rows: few row ends, but then…
_MODAL_WIDTH_SHARE = 0.5  # …most other rows have the same width (000: 179 of 269 are 26 wide)
_MIN_ROWS = 4
_MIN_BARE_ROWS = 8  # without row-end marks, trust the width peak only on a real page of rows
_MIN_ROW_WIDTH = 12  # …and only when the rows are wide enough to be page-wide rows
_SENTENCE_END = "。！？；：!?;"
_FULL_SLACK = (5, 3)  # columns a page-wide row may fall short of / exceed the modal width


def _mode(lengths: list[int]) -> int:
    return Counter(lengths).most_common(1)[0][0] if lengths else 0


def _modal_share(lengths: list[int], min_len: int) -> float:
    """Share of the long lines (at least half the modal long length) within ±1 of that mode
    (0 when fewer than _MIN_ROWS lines are).

    Paragraph-per-line text has lengths all over the place; PDF rows pile up at the page
    width, with only paragraph tails and headings shorter.
    """
    # counted per distinct length (a few hundred) rather than per line (thousands); a Counter
    # keeps first occurrences in order, so the mode's ties break as they did over the lines
    counts = [(n, count) for n, count in Counter(lengths).items() if n >= min_len]
    if not counts:
        return 0.0
    mode = max(counts, key=itemgetter(1))[0]
    base = [(n, count) for n, count in counts if n >= mode / 2]
    total = sum(count for _, count in base)
    modal = sum(count for n, count in base if abs(n - mode) <= 1)
    # a page of rows puts many at its width; two lines of one length in a short notice
    # (`一、申报条件` … `2023年5月1日`) are a coincidence, not a page width
    if total < _MIN_ROWS or modal < _MIN_ROWS:
        return 0.0
    return modal / total


def detect_layout(lines: list[str]) -> str:
    """`rows` when trailing spaces mark paragraph ends among otherwise bare, equal-width rows;
    `bare_rows` when nothing marks them but most rows have one width (pdfplumber-style text)."""
    texts = list(filter(str.strip, lines))  # the non-blank lines, filtered in C
    if len(texts) < _MIN_ROWS:
        return PARAGRAPHS
    ended = sum(1 for line in texts if line[-1] == " " and not is_page_number(line.strip()))
    if ended == len(texts):
        return PARAGRAPHS
    ratio = ended / len(texts)
    bare = [len(line.strip()) for line in texts if line[-1] != " " and "\t" not in line]
    # with row-end marks any width is believable; without them only page-wide rows are (each
    # share computed only where the ratio asks for it)
    if ratio >= _ROW_END_RATIO or (ratio >= _WEAK_ROW_END_RATIO and _modal_share(bare, 2) >= _MODAL_WIDTH_SHARE):
        return ROWS
    if (ratio < _WEAK_ROW_END_RATIO and len(bare) >= _MIN_BARE_ROWS
            and _modal_share(bare, _MIN_ROW_WIDTH) >= _MODAL_WIDTH_SHARE):
        return BARE_ROWS
    return PARAGRAPHS


_WIDE_PUNCT = frozenset("—…·")  # ambiguous-width marks set full-width in Chinese PDFs


def columns(text: str) -> int:
    """Display width: Chinese characters and full-width forms take two columns."""
    return len(text) + sum(1 for ch in text if ch >= "\u2e80" or ch in _WIDE_PUNCT)


def full_width(lines: list[str]) -> int:
    """The modal row width in columns: a bare row about this wide was cut by the page edge."""
    return _mode([columns(line.strip()) for line in lines if line.strip() and "\t" not in line])


def _bare_row_ends(text: str, full: int) -> bool:
    """A bare row ends its paragraph unless it is page-wide; a sentence end, a layout gap
    (signature, 印发 line) or a trailing page number (a TOC entry) ends it too."""
    width = columns(text.strip())
    return (not full - _FULL_SLACK[0] <= width <= full + _FULL_SLACK[1]
            or text.rstrip()[-1] in _SENTENCE_END or "   " in text
            or TOC_ENTRY_RE.match(text.strip()) is not None)


def row_ends(row: str, full: int = 0) -> bool:
    """Whether a PDF row ends its paragraph: with `full == 0` (pdftotext) when it ends in
    whitespace, with a row width `full` (no row-end marks) as _bare_row_ends tells."""
    return _bare_row_ends(row.strip(" "), full) if full else row[-1:] in (" ", "\u3000")


def glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph with nothing between them.

    Chinese needs no space, and a URL or identifier cut by a row end must come back whole;
    an English word pair cut exactly at its space loses that space (the key ignores it anyway).
    """
    return left + right


def glue_all(pieces: list[str]) -> str:
    """glue() over many pieces, in one pass (the same rule: nothing between them)."""
    return "".join(pieces)


_OPENERS = {"〔": "〕", "（": "）", "(": ")", "[": "]", "【": "】"}
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def inside_open_bracket(text: str) -> bool:
    """Whether `text` leaves a bracket open (`…国办发〔20`, `（咨询电话：618894`)."""
    return _any_open(_bracket_balance(text))


def _bracket_balance(text: str) -> list[int]:
    """Openers minus closers in `text`, per bracket kind: a sum of these over a paragraph's
    rows answers inside_open_bracket for the whole without rereading it."""
    return [text.count(opener) - text.count(closer) for opener, closer in _OPENERS.items()]


def _any_open(balance: list[int]) -> bool:
    return any(b > 0 for b in balance)


def cuts_a_number(left: str, right: str) -> bool:
    """Whether a wrap cut one number between `left` and `right` (statutes.md: `〔20⏎2⏎2〕`,
    `咨询电话：618894⏎53）`): left ends in a digit inside an open bracket and right goes on with
    digits. Such a right side is never a marker (`53）`) nor a page number (`2`)."""
    return right[:1] in _DIGITS and _open_number(left)


def join_cut_numbers(lines: list[str]) -> list[str]:
    """Lines (paragraphs) with every number that a wrap cut inside an open bracket, and every
    link cut by a wrap, made whole."""
    out: list[str] = []
    open_number = False  # _open_number(out[-1]), computed once per paragraph (a hot loop)
    for line in lines:
        if out:
            first = line[:1]
            # cuts_a_number(out[-1], line) or _cuts_a_url(out[-1], line); a line starting with
            # a character beyond ASCII (a Chinese one) is no rest of a link, nor is anything
            # after a line ending otherwise than a link may (`。`: nearly every line)
            if (first in _DIGITS and open_number) \
                    or ((first < "\x80" or first.isspace()) and _may_end_url(out[-1])
                        and _cuts_a_url(out[-1], line)):
                out[-1] = glue(out[-1].rstrip(), line.strip())
                open_number = _open_number(out[-1])
                continue
            if first not in _DIGITS and open_number and is_page_number(line.strip()):
                continue  # `— 3 —` between the halves of a cut number: furniture, dropped anyway
        out.append(line)
        # _open_number(line) asked only of a line that may end in a digit (after rstrip())
        last = line[-1:]
        open_number = (last in _DIGITS or last.isspace()) and _open_number(line)
    return out


# the characters of a link, once: the patterns' class and _may_end_url's set (spelled out:
# importing `string` would compile string.Template's pattern)
_URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._?=&%#~:+-"
_URL_TAIL = LazyRegex(rf"(?:https?://|www\.)[{re.escape(_URL_CHARS)}]+$")
_URL_REST = LazyRegex(rf"[{re.escape(_URL_CHARS)}]+$")
_URL_CHAR_SET = frozenset(_URL_CHARS)


def _may_end_url(left: str) -> bool:
    """Whether `left` may end in a link (_URL_TAIL, after rstrip()): by its last character."""
    last = left[-1:]
    return last in _URL_CHAR_SET or last.isspace()


def _cuts_a_url(left: str, right: str) -> bool:
    """A link cut by a wrap (`http://www.baidu.com/li` / `nk?url=…`): left ends in a URL and
    right is nothing but URL characters. Whole again, a stray link line is furniture."""
    if right.lstrip()[:1] >= "\x80":  # a Chinese line: no URL characters (the common case)
        return False
    rest = right.strip()  # a bare number after a link is a page number, not its rest
    # right first: a Chinese line fails at its first character, while left is searched whole
    return bool(_URL_REST.match(rest)) and not rest.isdigit() and bool(_URL_TAIL.search(left.rstrip()))


def _open_number(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in _DIGITS and inside_open_bracket(text)


def starts_block(text: str) -> bool:
    """A clause marker, or a Markdown heading/bullet (`- 2. …` in 001's TOC), opens a block."""
    return bool(MARKER_RE.match(text) or MD_BLOCK_RE.match(text))


def join_rows(rows: list[str], full: int = 0) -> list[str]:
    """Join PDF rows into paragraphs.

    With `full == 0` (pdftotext) a row ending in whitespace ends a paragraph. With a row width
    `full` (no row-end marks) a row shorter than the page width, or a full row ending a
    sentence, ends it. A row starting with a clause marker (or a table row, or web chrome) always
    starts a new paragraph, and a page number row that starts a page or follows a paragraph end
    is dropped, not glued on.
    """
    paragraphs: list[str] = []
    current = _Paragraph()
    for row in rows:
        if not row.strip():
            continue
        text = row.strip(" ")
        ends = row_ends(row, full)
        if current and current.cut_number_goes_on(text):  # `〔20` / `2` / `2〕`: one number
            current.add(text)
            if ends:
                paragraphs.append(current.close())
            continue
        # a bare number mid-paragraph may be the tail of the text (`超过` / `1000`); `- 3 -`
        # or `第3页` never is
        if is_page_number(text.strip()) and (not current or row[:1] == " "
                                             or not text.strip().isdigit()):
            if current and ends:
                paragraphs.append(current.close())
            continue
        if current and (starts_block(text) or is_table(text) or current.table
                        or is_boilerplate(text.strip())):
            paragraphs.append(current.close())
        current.add(text)
        if ends:
            paragraphs.append(current.close())
    if current:
        paragraphs.append(current.close())
    return paragraphs


class _Paragraph:
    """The paragraph join_rows is building, as its rows: joined (glue) once when it closes, and
    what the loop asks of the whole kept up to date row by row, so a paragraph of many rows (a
    TOC or a table without row ends) costs its length, not its length times its rows."""

    __slots__ = ("balance", "rows", "table")

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        self.rows: list[str] = []
        self.table = False  # is_table() of the joined text
        self.balance = [0] * len(_OPENERS)  # _bracket_balance() of the joined text

    def __bool__(self) -> bool:
        return bool(self.rows)

    def add(self, row: str) -> None:
        self.rows.append(row)
        self.table = self.table or is_table(row)
        self.balance = [a + b for a, b in zip(self.balance, _bracket_balance(row), strict=True)]

    def cut_number_goes_on(self, row: str) -> bool:
        """cuts_a_number(the joined text, row)."""
        last = self.rows[-1].rstrip()  # rows are never blank: the joined text ends as the last one
        return row[:1] in _DIGITS and last[-1:] in _DIGITS and _any_open(self.balance)

    def close(self) -> str:
        joined = glue_all(self.rows)
        self._start()
        return joined


@cache
def _grammar(name: str) -> ModuleType:
    """A module of policywatch.grammar (`notes`, `adoption`, `signature`), imported on first use: importing
    the normalizer stays cheap."""
    return import_module(f"policywatch.grammar.{name}")


# `_continues` answers this for a heading-shaped left paragraph: it continues unless its marker
# siblings are headings too (asked by the caller, which knows the siblings: costly, and rare).
UNLESS_IN_HEADING_LIST = None


def _continues(left: str, right: str) -> bool | None:
    """Whether paragraph `right` is the rest of `left`, cut by a page break, or
    UNLESS_IN_HEADING_LIST."""
    if left[-1:] in _SENTENCE_MARKS:
        # Half of all paragraphs end so: nothing is open after the mark and it ends the paragraph
        # (both tests below fail at once), so only a note alone goes on with it. Decided first.
        return _grammar("notes").is_responsibility_note(right) and not (
            is_table(left) or is_table(right) or MARKER_RE.match(right))
    if is_table(left) or is_table(right) or MARKER_RE.match(right):
        return False
    # a statute's adoption note, one event a line (`…会议通过` / `为正确审理…`), ends where its
    # line does: an event is never cut from the next event, nor from the title or preamble
    note = _grammar("adoption").is_adoption_note_line
    if note(left.strip()) or note(right.strip()):
        return False
    # a note alone after the full stop is where a break fell inside `…发展。(…负责)`, and a
    # note still open (`…（责任单位：` / `市科技局）`) goes on whatever its last character;
    # but a quotation of several paragraphs opens each with “ and closes only its last
    # (`“第十条 …包括：` / `“（一）…；` / `“（二）…。”`): a paragraph opening with “ after
    # one left open starts the next quoted paragraph
    if _grammar("notes").is_responsibility_note(right) or (_open_parenthesis_tail(left) and right[0] != "“"):
        return True
    if _ends_paragraph(left):
        return False
    if right[0] in "，、；。,;”’」』）)》〉】〕":  # no paragraph starts with these
        return True
    if len(right) <= ORPHAN_MAX and right[-1] in "。）)":
        return True
    # running text (commas, no marker) cut before a one-word sentence end: `…、…等政策` / `措施。…`
    # (after a heading line, `市场主导。…` is a lead-in of its own)
    if _ORPHAN_SENTENCE.match(right) and COMMA_RE.search(left) and not MARKER_RE.match(left):
        return True
    if left[-1] in "，、,":
        return True
    if left.count("《") > left.count("》"):  # cut inside a quoted title: `为落实《…实施` / `方案》`
        return True
    sentence_inside = SENTENCE_INSIDE_RE.search(left)
    # a title end is anchored at the text end: searched in the tail it fits in only
    if not sentence_inside and TITLE_END_RE.search(left, max(0, len(left) - TITLE_END_MAX)):
        return False
    if sentence_inside or len(left) >= JOIN_MIN_ANY:
        return True
    # a long line cut between two Chinese characters (`…关于人工智` / `能系列…`) is cut mid-word
    # even without a comma; Latin captions (001 `Figure4 Open fusion …`) are not
    cut_in_word = is_han(left[-1]) and is_han(right[0])
    if len(left) < JOIN_MIN_LONG or not (COMMA_RE.search(left) or cut_in_word):
        return False
    # long enough: a page-break cut, unless it is a heading (asked last: costly)
    return UNLESS_IN_HEADING_LIST if _is_heading(left) else True


_CLOSING_QUOTES = "”’」』\""


_ORPHAN_SENTENCE = LazyRegex(f"[^。，、；：:,;\\s]{{1,{ORPHAN_MAX}}}。")
_SENTENCE_MARKS = frozenset("。；;！？!?")  # SENTENCE_INSIDE_RE's class
# An opening parenthesis (quote) followed by no closing one nor a sentence mark up to the text
# end. A match from any opener means one from the last opener too, so the pattern is matched at
# the last opener only: a search of the parenthesis pattern, which starts with a class, tested
# every character of the paragraph (~11M instructions on 001's paragraphs, against ~1M).
_OPEN_PAREN_TAIL = LazyRegex(r"[(（][^)）。；;！？!?]*+\Z")
_OPEN_QUOTE_TAIL = LazyRegex(r"“[^”。；;！？!?]*+\Z")


def _open_parenthesis_tail(text: str) -> bool:
    """Whether `text` ends inside a parenthesis or quote opened after its last full stop
    (`…发展。(市委`, `…（责任单位：`, `国家“千人计划`): one left open further back is a typo, not
    a cut, and must not pull every following paragraph in."""
    if text[-1:] in _SENTENCE_MARKS:  # nearly every paragraph: nothing is open after that mark
        return False
    paren = max(text.rfind("("), text.rfind("（"))
    if paren >= 0 and _OPEN_PAREN_TAIL.match(text, paren) is not None:
        return True
    quote = text.rfind("“")
    return quote >= 0 and _OPEN_QUOTE_TAIL.match(text, quote) is not None


def _ends_paragraph(left: str) -> bool:
    """Whether `left` ends as a paragraph may: on terminal punctuation, but a closing quote only
    when what it closes ends a sentence (`…。”`). A quote closed mid-sentence (`依托“开放创新平台”`
    / `推动…`) is where a re-wrap or page break cut, not a paragraph end."""
    if left[-1] not in TERMINAL:
        return False
    if left[-1] not in _CLOSING_QUOTES:
        return True
    before = left.rstrip(_CLOSING_QUOTES)
    return not before or before[-1] in TERMINAL


def _is_heading(line: str) -> bool:
    """A clause heading line (`（一）打造“1+3”…，促进…落地`): a marker, no sentence punctuation,
    and no longer than a heading gets; a longer one is a body cut by a page break."""
    if len(line) > HEADING_MAX:
        return False
    m = MARKER_RE.match(line)
    return (m is not None and "条" not in m.group()
            and not SENTENCE_INSIDE_RE.search(line))  # an article (第十条 …) has no title line


_NUMERALS = LazyRegex(r"[一二三四五六七八九十百零〇两]+|\d+")
_MARKER_WIDTH = str.maketrans("()．", "（）.")


def _marker_shape(line: str) -> str | None:
    """`（三）` → `（N）`, `12．` → `N.`: markers of one list share a shape."""
    m = MARKER_RE.match(line)
    return _NUMERALS.sub("N", m.group()).translate(_MARKER_WIDTH) if m else None


def _in_heading_list(paragraphs: list[str], i: int, shapes: Callable[[int], str | None]) -> bool:
    """Whether paragraph i's list is one of headings: its nearest sibling (same marker shape)
    is a heading line too, and followed by a marker line (its own sub-items).

    A short marker line without punctuation is then a heading (001 doc 6 `（一）打造“1+3”…落地`,
    whose sibling `（二）实施三大工程，…` is followed by `1. 实施…`). In a list of sentences it is a
    body cut by a page break (001 doc 30 `（一）升级达到5大类、100种…，形成100个以` / `上运用…`), and
    so it is when the siblings are cut too (a re-wrapped copy: each is followed by its rest).
    """
    shape = shapes(i)
    lo, hi = max(0, i - SIBLING_WINDOW), min(len(paragraphs), i + SIBLING_WINDOW + 1)
    for j in _nearest_first(i, lo, hi):
        if shapes(j) != shape:
            continue
        if not _is_heading(paragraphs[j]):
            return False  # a list of sentences
        if j + 1 < len(paragraphs) and starts_block(paragraphs[j + 1]):
            return True
        # a heading followed by text (a bold sub-heading or a body paragraph on a web page, its
        # markup gone): it decides nothing, the next sibling out does
    return False


def _nearest_first(i: int, lo: int, hi: int) -> Iterator[int]:
    """The indexes of [lo, hi) but i, by distance from i (after before, at equal distance)."""
    for d in range(1, max(hi - i, i - lo + 1)):
        if i + d < hi:
            yield i + d
        if i - d >= lo:
            yield i - d


def join_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[int]]:
    """Rejoin page-break splits; returns the paragraphs and the indexes of those that grew."""
    out, grown, _ = join_pass(paragraphs)
    return out, grown


def join_pass(
    paragraphs: list[str], dirty: Container[int] | None = None, fragile: Container[int] = (),
) -> tuple[list[str], list[int], set[int]]:
    """One joining pass: (paragraphs, indexes of those that grew, indexes whose join with the
    next one was decided by looking at sibling headings).

    A later pass may pass `dirty` (the paragraphs that changed since: the grown ones) and the
    previous `fragile`: a pair of unchanged paragraphs decided without siblings is decided the
    same way again, so only pairs touching a changed paragraph, or fragile ones, are looked at.
    """
    out: list[str] = []
    grown: list[int] = []
    fragile_out: set[int] = set()
    start = 0  # index in `paragraphs` of the paragraph out[-1] starts with
    shapes = cache(lambda j: _marker_shape(paragraphs[j]))  # sibling scans share them
    for i, para in enumerate(paragraphs):
        joins = False
        if out and (dirty is None or i in dirty or start in dirty or start in fragile
                    or (grown and grown[-1] == len(out) - 1)):
            joins = _continues(out[-1], para)
            if joins is UNLESS_IN_HEADING_LIST:
                fragile_out.add(len(out) - 1)
                joins = not _in_heading_list(paragraphs, start, shapes)
            if joins and i + 1 < len(paragraphs) and _grammar("signature").signs_off(para, paragraphs[i + 1]):
                joins = False  # the issuer over the date: a signature, not the rest of an annex title
        if joins:
            out[-1] = glue(out[-1], para)
            if not grown or grown[-1] != len(out) - 1:
                grown.append(len(out) - 1)
        else:
            out.append(para)
            start = i
    return out, grown, fragile_out
