"""Rendering an HTML element tree as text lines: one line per block, table cells split by tabs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, PageElement, ProcessingInstruction

BLOCK_TAGS = frozenset(
    ["p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "form", "center", "address", "figure", "figcaption", "main", "hr", "title"]
)
CELL_TAGS = frozenset(("td", "th", "dt", "dd"))
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg", "head", "select", "button"))
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_INLINE_SPACE = re.compile(r"[ \t\r\n\xa0\u2002\u2003\u200b\ufeff]+")
_SOURCE_BREAK = re.compile(r"(?<![ \t\r\xa0])[ \t\r\xa0]*\n[ \t\r\n\xa0]*")  # whitespace holding a source line break
_SOFT = "\x1f"  # marks where a source line break was, until render_lines decides what it is
_CJK = "\u3001-\u303f\u3400-\u9fff\uff01-\uff60\U00020000-\U0003134f"
_SOFT_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) ?{_SOFT}[ {_SOFT}]*(?=[{_CJK}])")
_SOFT_RUN = re.compile(rf" ?{_SOFT}[ {_SOFT}]*")
_CELL_GAP = re.compile(r"(?<! ) *\t[ \t]*")
_CELL_EDGE = re.compile(r"(?<! ) *\t *")


def render_lines(node: Tag, *, empty_cells: bool = False, image_text: bool = False) -> str:
    """The element's text, one block per line; cells of a row (and dt/dd) joined by tabs.

    A line break in the HTML source is a space, except between two Chinese characters: editors
    and Word exports wrap long source lines anywhere, and 事项\n通知 is 事项通知, not 事项 通知.
    With `empty_cells`, an empty cell stays an empty field between tabs (a row's line then starts
    with a tab), so a row of values lines up with its row of labels even when 文号 is blank.
    With `image_text`, an image is its alt text: a 信息公开 block may show a value only as a
    picture (有效性: <img src="yx.png" alt="有效">), which a reader of the page sees as that word.
    """
    out: list[str] = []
    _walk(node, out, image_text=image_text)
    joined = _SOFT_BETWEEN_CJK.sub("", "".join(out))
    joined = _SOFT_RUN.sub(" ", joined)
    if empty_cells:
        lines = (_cells(line) for line in joined.split("\n"))
        return "\n".join(line for line in lines if line.strip("\t"))
    lines = ((_CELL_GAP.sub("\t", line) if "\t" in line else line).strip(" \t\u3000") for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)


def _cells(line: str) -> str:
    """A row's line with one tab between cells and two around an empty one: each cell was
    written between a tab at its start and one at its end."""
    line = _CELL_EDGE.sub("\t", line).strip(" \u3000")
    if line.startswith("\t") and line.endswith("\t"):
        line = line[1:-1]
    return line.replace("\t\t", "\t")


def _walk(node: Tag, out: list[str], *, image_text: bool = False) -> None:
    # an explicit stack, not recursion: a page nested 100,000 elements deep (broken or hostile
    # markup) must render like any other, not overflow Python's stack
    stack: list[tuple[Iterator[PageElement], str]] = [(iter(node.children), "")]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if closing:
                out.append(closing)
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIPPED_STRINGS):
                out.append(_INLINE_SPACE.sub(" ", _SOURCE_BREAK.sub(_SOFT, str(child))))
            continue
        if not isinstance(child, Tag) or child.name in SKIP_TAGS:
            continue
        name = child.name
        if name == "br":
            out.append("\n")
            continue
        if name == "img" and image_text:
            out.append(" " + _INLINE_SPACE.sub(" ", str(child.get("alt") or "")).strip() + " ")
            continue
        edge = "\t" if name in CELL_TAGS else "\n" if name in BLOCK_TAGS else ""
        if edge:
            out.append(edge)
        stack.append((iter(child.children), edge))
