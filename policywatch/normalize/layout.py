"""Line layout: tell PDF rows from paragraphs, rejoin hard wraps and page-break splits.

Two layouts occur (clauses.md §2.1):

* rows — pdftotext style (000): one PDF row per line, usually a blank line after each, and
  a trailing space on every row that ends a paragraph. Rows are joined until such a row.
* paragraphs — one paragraph per line (001–004), but a page break cuts a paragraph in two.
  `join_paragraphs` rejoins those splits and is applied to every text last, so that display
  text is a fixed point of it (idempotence).
"""

from __future__ import annotations

from collections import Counter

from policywatch.normalize.furniture import is_page_number, is_table
from policywatch.normalize.rules import (
    COMMA_RE,
    JOIN_MIN_ANY,
    JOIN_MIN_LONG,
    MARKER_RE,
    ORPHAN_MAX,
    SENTENCE_INSIDE_RE,
    TERMINAL,
    TITLE_END_RE,
)

ROWS, PARAGRAPHS = "rows", "paragraphs"
_ROW_END_RATIO = 0.12  # 000: 151 of 420 rows end in a space; 001–004: almost none
_WEAK_ROW_END_RATIO = 0.02  # narrow rows: few row ends, but then…
_MODAL_WIDTH_SHARE = 0.5  # …most other rows have the same width (000: 179 of 269 are 26 wide)
_MIN_ROWS = 4


def _modal_share(lengths: list[int]) -> float:
    """Share of lengths within ±1 of the most common length."""
    if not lengths:
        return 0.0
    counts = Counter(lengths)
    mode = counts.most_common(1)[0][0]
    return sum(counts[mode + d] for d in (-1, 0, 1)) / len(lengths)


def detect_layout(lines: list[str]) -> str:
    """`rows` when trailing spaces mark paragraph ends among otherwise bare, equal-width rows."""
    texts = [line for line in lines if line.strip()]
    if len(texts) < _MIN_ROWS:
        return PARAGRAPHS
    ended = sum(1 for line in texts if line[-1] == " ")
    ratio = ended / len(texts)
    if ended == len(texts) or ratio < _WEAK_ROW_END_RATIO:
        return PARAGRAPHS
    if ratio >= _ROW_END_RATIO:
        return ROWS
    bare = [len(line.strip()) for line in texts if line[-1] != " " and "\t" not in line]
    return ROWS if len(bare) >= _MIN_ROWS and _modal_share(bare) >= _MODAL_WIDTH_SHARE \
        else PARAGRAPHS


def glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph with nothing between them.

    Chinese needs no space, and a URL or identifier cut by a row end must come back whole;
    an English word pair cut exactly at its space loses that space (the key ignores it anyway).
    """
    return left + right


def join_rows(rows: list[str]) -> list[str]:
    """Join pdftotext rows into paragraphs: a row ending in whitespace ends a paragraph.

    A row starting with a clause marker always starts a new paragraph, and a page number row
    that starts a page or follows a paragraph end is dropped rather than glued on.
    """
    paragraphs: list[str] = []
    current = ""
    for row in rows:
        if not row.strip():
            continue
        text = row.strip(" ")
        ends = row[-1] in " \u3000"
        if is_page_number(text.strip()) and (not current or row[:1] == " "):
            if current and ends:
                paragraphs.append(current)
                current = ""
            continue
        if current and (MARKER_RE.match(text) or is_table(text) or is_table(current)):
            paragraphs.append(current)
            current = ""
        current = glue(current, text)
        if ends:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(left: str, right: str) -> bool:
    """Whether paragraph `right` is the rest of `left`, cut by a page break."""
    if is_table(left) or is_table(right) or MARKER_RE.match(right):
        return False
    if left[-1] in TERMINAL:
        return False
    if right[0] in "，、；。,;":
        return True
    if len(right) <= ORPHAN_MAX and right[-1] in "。）)":
        return True
    if left[-1] in "，、,":
        return True
    if TITLE_END_RE.search(left) and not SENTENCE_INSIDE_RE.search(left):
        return False
    if SENTENCE_INSIDE_RE.search(left):
        return True
    return len(left) >= JOIN_MIN_ANY or (len(left) >= JOIN_MIN_LONG and bool(COMMA_RE.search(left)))


def join_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[int]]:
    """Rejoin page-break splits; returns the paragraphs and the indexes of those that grew."""
    out: list[str] = []
    grown: list[int] = []
    for para in paragraphs:
        if out and _continues(out[-1], para):
            out[-1] = glue(out[-1], para)
            if not grown or grown[-1] != len(out) - 1:
                grown.append(len(out) - 1)
        else:
            out.append(para)
    return out, grown
