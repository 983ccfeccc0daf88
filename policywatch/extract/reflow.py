"""Positioned text back into reading order: runs → lines (by baseline) → paragraphs.

Fixed-layout readers (OFD text objects, OCR boxes) know where each piece of text sits on the
page but not how the pieces form lines and paragraphs. Runs are grouped into lines by
baseline and ordered by x; wrapped lines are joined into paragraphs the way a reader would: a
line that starts indented, or follows a line that stopped short of the right margin, or comes
after a blank gap, starts a new paragraph. Centred lines (titles) and table rows never wrap.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["Run", "lines", "paragraphs"]

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_LONG_TOKEN = 20  # a Latin token this long at a line end was cut, not wrapped at a space


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text on a page: baseline y, start and end x, character size (any one unit)."""

    text: str
    y: float
    x0: float
    x1: float
    size: float


def lines(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped by baseline (within a third of the character size), top to bottom, left to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x0)):
        if lines and abs(lines[-1][0].y - run.y) <= max(lines[-1][0].size, run.size) / 3:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.x0) for line in lines]


def _line_text(line: list[Run]) -> str:
    parts = [line[0].text]
    for previous, run in itertools.pairwise(line):
        gap = run.x0 - previous.x1
        if gap > 2 * run.size:
            parts.append("\t")  # a column or table cell, far to the right
        elif gap > run.size * 0.25 and not (_CJK.search(previous.text[-1:]) and _CJK.search(run.text[:1])):
            parts.append(" ")
        parts.append(run.text)
    return "".join(parts).strip()


def paragraphs(pages: list[list[list[Run]]]) -> list[str]:
    """Wrapped lines joined, across page breaks too: a new paragraph starts indented, or after a
    line that ended short of the right margin, or after a blank gap."""
    paragraphs: list[str] = []
    previous_ran_to_margin = False
    # Margins of the whole document: a page of one-line list items has no unindented line.
    all_lines = [line for lines in pages for line in lines]
    if not all_lines:
        return []
    margin_left = min(line[0].x0 for line in all_lines)
    margin_right = max(line[-1].x1 for line in all_lines)
    for lines in pages:
        previous: list[Run] | None = None
        for line in lines:
            text = _line_text(line)
            if not text:
                continue
            size = line[0].size
            continues = (
                paragraphs
                and previous_ran_to_margin
                and line[0].x0 - margin_left < size * 0.8  # not indented
                and (previous is None or line[0].y - previous[0].y < 3 * size)  # no blank gap on the page
                and "\t" not in text
            )
            if continues:
                paragraphs[-1] = _join_wrapped(paragraphs[-1], text)
            else:
                paragraphs.append(text)
            # A centred line (a title) or a table row never wraps into the next line.
            body_line = line[0].x0 - margin_left < size * 2.5 and "\t" not in text
            previous_ran_to_margin = body_line and margin_right - line[-1].x1 < size * 1.5
            previous = line
    return paragraphs


def _join_wrapped(line: str, more: str) -> str:
    """A wrapped line joined to its continuation: Chinese wraps anywhere and joins without a space;
    Latin text wraps at a space the layout dropped, except a token longer than a line (a URL),
    which the typesetter had to cut mid-token."""
    if _CJK.search(line[-1:]) or _CJK.search(more[:1]):
        return line + more
    tail = line.rsplit(" ", 1)[-1]
    return line + ("" if len(tail) >= _LONG_TOKEN else " ") + more
