"""Rendering an HTML element tree as text lines: one line per block, table cells split by tabs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, PageElement, ProcessingInstruction

from policywatch.extract.metadata import VALUE_CHARS, class_state, is_label_word

BLOCK_TAGS = frozenset(
    ["p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "form", "center", "address", "figure", "figcaption", "main", "hr", "title"]
)
CELL_TAGS = frozenset(("td", "th", "dt", "dd"))
SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg", "head", "select", "button"))
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_INLINE_SPACE = re.compile(r"[ \t\r\n\xa0\u2002\u2003\u200b\ufeff]+")
_SOURCE_BREAK = re.compile(r"(?<![ \t\r\xa0])[ \t\r\xa0]*\n[ \t\r\n\xa0]*")  # whitespace holding a source line break
# In a 信息公开 block (render_lines(labels=True)) a string of nothing but spaces holding two
# no-break spaces, standing between two elements, is an authored gap between two fields
# (<span>发文机关：某市人民政府</span>&nbsp;&nbsp;⏎<span>发文字号：…), never an editor's wrap: read as
# a source break, it joined 某市人民政府发文字号 between two Chinese characters, and the second
# label (and every one after it) was lost. One &nbsp; before the wrap (<span>关于开展安全生产</span>
# &nbsp;⏎<span>大检查的通知</span>) is an editor's, inside one value: it stays a source break and
# joins as it did, and so does a wrap inside a string of text (某市人民政府&nbsp;⏎办公厅).
_AUTHORED_GAP = re.compile(r"[ \t\r\n\xa0]*\xa0[ \t\r\n]*\xa0[ \t\r\n\xa0]*")
_SOFT = "\x1f"  # marks where a source line break was, until render_lines decides what it is
_CJK = "\u3001-\u303f\u3400-\u9fff\uff01-\uff60\U00020000-\U0003134f"
_SOFT_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) ?{_SOFT}[ {_SOFT}]*(?=[{_CJK}])")
_SOFT_RUN = re.compile(rf" ?{_SOFT}[ {_SOFT}]*")
# A <br> in a table cell after a few characters without a colon (索<br>引<br>号): a narrow label
# column wrapping its label. Marked, then removed between two Chinese characters, else a line break.
_CELL_BREAK = "\x1e"
_CELL_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ {_SOFT}]*{_CELL_BREAK}[ {_SOFT}]*(?=[{_CJK}])")
WRAPPED_LABEL_CHARS = 4  # the longest piece of a label a cell wraps (发布机构 over two lines: 发布)
_CELL_GAP = re.compile(r"(?<! ) *\t[ \t]*")
_CELL_EDGE = re.compile(r"(?<! ) *\t *")


def render_lines(node: Tag, *, empty_cells: bool = False, labels: bool = False) -> str:
    """The element's text, one block per line; cells of a row (and dt/dd) joined by tabs.

    A line break in the HTML source is a space, except between two Chinese characters: editors
    and Word exports wrap long source lines anywhere, and 事项\n通知 is 事项通知, not 事项 通知.
    With `empty_cells`, an empty cell stays an empty field between tabs (a row's line then starts
    with a tab), so a row of values lines up with its row of labels even when 文号 is blank.
    `labels` renders for reading a 信息公开 block's labels: an image is its alt text (a value shown
    only as a picture, 有效性 <img src="yx.png" alt="有效">, which a reader sees as that word), an
    empty element its title (an icon's tooltip), a run of spaces holding &nbsp; a space, and
    a narrow label cell wrapped by <br> (索<br>引<br>号, 发布<br>机构) is one word again.
    """
    out: list[str] = []
    _walk(node, out, labels=labels)
    joined = "".join(out)
    # each pattern needs its mark in the text: without one, no pass over the whole page
    if labels and _CELL_BREAK in joined:
        joined = _CELL_BREAK_BETWEEN_CJK.sub("", joined).replace(_CELL_BREAK, "\n")
    if _SOFT in joined:
        joined = _SOFT_BETWEEN_CJK.sub("", joined)
        joined = _SOFT_RUN.sub(" ", joined)
    if empty_cells:
        # a line without a tab is no row: _cells would only strip it (most lines of a long page)
        lines = (_cells(line) if "\t" in line else line.strip(" \u3000") for line in joined.split("\n"))
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


# what an icon is drawn by; a form's controls (input, textarea) and a table's cells are no icon
_ICON_TAGS = frozenset(("i", "span", "em", "b", "strong", "font", "img", "div", "small", "sup"))


def icon_state(tag: Tag) -> str:
    """The 有效性 an icon without text states by its class (metadata.class_state: <span class="yxx
    youxiao">, <i class="icon-shixiao">), or ""."""
    if tag.name not in _ICON_TAGS or any(not isinstance(c, NavigableString) or c.strip() for c in tag.contents):
        return ""
    return class_state(tag.get("class") or ())


# the longest label word written in an element of its own, spaces inside it and its English
# translation beside it included (Document No. 发文字号)
_LABEL_CHARS = 40


def _label_beside_value(tag: Tag, text: str) -> bool:
    """True when an inline element holds nothing but a label word without its colon (索引号,
    发布机构) and the next thing beside it is an element: the value's (<span class="prop-val">),
    which the page shows apart from the label; written flush, the two read as one word."""
    if not is_label_word(text):
        return False
    value = _next_filled(tag)
    if not isinstance(value, Tag) or value.name in BLOCK_TAGS or value.name == "br":
        return False
    # only in a block of fields: a short value, then nothing or the next element (a label) — a
    # paragraph's bold word (<b>发布机构</b><span>应当</span>在规定时间内公开。) goes on in text
    shown = value.get_text()
    return (len(shown.strip()) <= VALUE_CHARS and not _SENTENCE_END.search(shown)
            and not isinstance(_next_filled(value), NavigableString)
            and not (tag.parent is not None and _SENTENCE_END.search(tag.parent.get_text())))


_SENTENCE_END = re.compile("[。！？；]")


def _next_filled(tag: Tag) -> PageElement | None:
    """The next sibling of `tag` other than whitespace and comments."""
    after = tag.next_sibling
    while isinstance(after, NavigableString) and (not after.strip() or isinstance(after, _SKIPPED_STRINGS)):
        after = after.next_sibling
    return after


def _value_without_text(icon: Tag) -> bool:
    """True when an empty icon is the only thing its value shows: nothing beside it in its
    element but, before it, the label (有效性：). An icon beside the state word (<i
    class="icon-youxiao"></i>现行有效, 已废止<i class="icon-feizhi"></i>) or inside a legend (<i
    class="youxiao"></i>有效 <i class="shixiao"></i>失效) only decorates a word the page writes,
    and read too it would double the value."""
    parts: tuple[list[str], list[str]] = ([], [])  # the text before the icon, and after it
    side = 0
    for sibling in icon.parent.children if icon.parent else ():
        if sibling is icon:
            side = 1
        elif isinstance(sibling, Tag):
            parts[side].append(sibling.get_text())
        elif not isinstance(sibling, _SKIPPED_STRINGS):
            parts[side].append(str(sibling))
    if "".join(parts[1]).strip():
        return False
    label = _INLINE_SPACE.sub("", "".join(parts[0])).strip()
    return not label or label[-1] in ":：" or is_label_word(label)


def _alone(tag: Tag) -> bool:
    """True when `tag` is its parent's only content besides whitespace."""
    parent = tag.parent
    return parent is None or all(
        sibling is tag or (isinstance(sibling, NavigableString) and not sibling.strip()) for sibling in parent.contents)


def _walk(node: Tag, out: list[str], *, labels: bool = False) -> None:
    # an explicit stack, not recursion: a page nested 100,000 elements deep (broken or hostile
    # markup) must render like any other, not overflow Python's stack
    # iter(contents), not .children: bs4's children is a generator expression over the same list
    stack: list[tuple[Iterator[PageElement], str]] = [(iter(node.contents), "")]
    cells: list[int] = []  # where in `out` each open table cell's text starts
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if closing:
                out.append(closing)
                if closing == "\t" and cells:
                    cells.pop()
            continue
        if isinstance(child, NavigableString):
            if child.isprintable() and "  " not in child:
                # no line break, no run of spaces, no other space character: the two
                # substitutions below would leave it as it is (most strings of a long page)
                if not isinstance(child, _SKIPPED_STRINGS):
                    out.append(child)
            elif not isinstance(child, _SKIPPED_STRINGS):
                string = " " if labels and "\xa0" in child and _AUTHORED_GAP.fullmatch(child) else str(child)
                out.append(_INLINE_SPACE.sub(" ", _SOURCE_BREAK.sub(_SOFT, string)))
            continue
        if not isinstance(child, Tag) or child.name in SKIP_TAGS:
            continue
        name = child.name
        if name == "br":
            out.append(_CELL_BREAK if labels and cells and _wrapped_label(out, cells[-1]) else "\n")
            continue
        if labels and (name == "img" or (not child.contents and child.get("title") and _alone(child))):
            # an image's alt, or the tooltip of an empty icon standing alone in its element (a value
            # cell's <span class="icon-fz" title="已废止">): a value shown only as a picture, which
            # a reader sees as that word. An icon beside text (打印, 分享到微信) is a tool, no value
            shown = child.get("alt") if name == "img" else child.get("title")
            out.append(" " + (_INLINE_SPACE.sub(" ", str(shown or "")).strip() or icon_state(child)) + " ")
            continue
        kids = child.contents
        # 有效性 shown only by an empty icon's class (<i class="icon-shixiao">, <span class="yxx youxiao"> </span>);
        # asked only of elements without text, so a long page's paragraphs pay one test each
        if labels and (not kids or (len(kids) == 1 and type(kids[0]) is NavigableString and kids[0].isspace())) \
                and child.get("class") and (state := icon_state(child)):
            if _value_without_text(child):
                out.append(f" {state} ")
            continue
        edge = "\t" if name in CELL_TAGS else "\n" if name in BLOCK_TAGS else ""
        if len(kids) == 1 and type(kids[0]) is NavigableString and kids[0].isprintable() and "  " not in kids[0]:
            # a leaf holding one plain string (<p>第1段</p>, most elements of a long page): what the
            # walk below would write for it, without a stack frame and an iterator per element
            # (no <br> inside, so no cell is asked whether it wraps a label)
            if labels and not edge and len(kids[0]) <= _LABEL_CHARS and _label_beside_value(child, kids[0]):
                # <span>索引号</span><span>FL-2024-0009</span>: the label is a cell of its own, apart
                # from the value before it as from its own
                out.append("\t" + kids[0] + "\t")
                continue
            out.append(edge + kids[0] + edge)
            continue
        if edge:
            out.append(edge)
        if edge == "\t":
            cells.append(len(out))
        stack.append((iter(kids), edge))


def _wrapped_label(out: list[str], start: int) -> bool:
    """True when the open cell's text so far (from `out[start]`) is a short piece of a label: at
    most WRAPPED_LABEL_CHARS characters, no colon."""
    piece = "".join(out[start:]).replace(_CELL_BREAK, "").replace(_SOFT, "").strip()
    return 0 < len(piece) <= WRAPPED_LABEL_CHARS and not any(c in piece for c in ":：")
