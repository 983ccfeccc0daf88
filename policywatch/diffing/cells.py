"""The fact a bare number in a table cell states, read from the table around it.

Indicator and amount tables (`类别⇥指标⇥单位⇥2020年⇥2022年`, `序号⇥项目名称⇥…⇥计划总投资(亿元)`)
write their numbers without a unit: the unit stands in the row's 单位 cell or in the column
header, and what the number is about is the row's name and the column's header. A reader cites
such a change as `人工智能核心产业产值·2022年 50亿元 → 60亿元`, so the cell's fact takes its unit
and context from there. A table is a run of tab-separated lines in one clause, its first line
the header row.
"""

from __future__ import annotations

from functools import lru_cache

from policywatch.lazyre import LazyRegex

# A cell holding only a number (with the qualifiers a table writes next to it).
_BARE_NUMBER = LazyRegex(r"\d+(?:\.\d+)?(?:%|‰)?(?:以上|以下|左右)?")
# A unit in brackets at the end of a header or a row's name: 计划总投资(亿元), 满意度（%）.
_HEADER_UNIT = LazyRegex(r"[(（]([^()（）]{1,6})[)）]$")
_CJK = LazyRegex(r"[\u4e00-\u9fff]")
# Columns that count rows, not quantities: their numbers shift when a row is added.
_INDEX_HEADERS = frozenset({"序号", "编号", "序", "排名", "排序"})
# Columns of numbers that name something (a telephone, a postcode, a code), not quantities.
_CODE_HEADER = LazyRegex(r"电话|手机|号码|代码|编码|邮编|账号|传真")
_UNIT_HEADER = "单位"
# Cells that mean "no value" in a 单位 column.
_NO_UNIT = frozenset({"", "—", "-", "/", "——"})


@lru_cache(maxsize=4)  # a changed run asks for the cells of the same two texts again and again
def _rows(text: str) -> tuple[tuple[str, ...], ...]:
    """A clause's lines, each as its cells' comparison keys (cells wrap with spaces in PDFs:
    `产值` as `产 值`), folded in one batch."""
    from policywatch.normalize import comparison_keys

    lines = [line.split("\t") for line in text.split("\n")]
    keys = iter(comparison_keys([cell for line in lines for cell in line]))
    return tuple(tuple(next(keys) for _ in line) for line in lines)


def table_shape(text: str) -> tuple[tuple[tuple[str, ...], ...], int]:
    """The header rows of the clause's tables and how many of their rows have another number of
    cells than their header: rows cut by a wrap or a page break (a long last cell going on on the
    next line). Two editions are read cell by cell only when their shapes are equal: a re-wrap
    cuts many rows, and a line put into a table starts a new one under a row taken for its
    header; every number of the rows cut or moved under another header would read as removed."""
    rows = _rows(text)
    headers: list[tuple[str, ...]] = []
    cut = at = 0
    while at < len(rows):
        if len(rows[at]) == 1:
            at += 1
            continue
        top, end = _table_span(rows, at)
        headers.append(rows[top])
        cut += sum(1 for row in rows[top + 1 : end] if len(row) != len(rows[top]))
        at = end
    return tuple(headers), cut


def cell_fact(text: str, piece: int) -> tuple[str, str, str] | None:
    """(role, value, context) of the `piece`-th tab/line piece of a clause text, when that piece
    is a table cell holding a bare number under a worded header; None otherwise."""
    rows = _rows(text)
    where = _locate(rows, piece)
    if where is None:
        return None
    row_at, col = where
    row = rows[row_at]
    if not _BARE_NUMBER.fullmatch(row[col]):
        return None
    top, end = _table_span(rows, row_at)
    if top == row_at:
        return None  # the header row's own numbers are labels
    header = rows[top]
    if len(row) != len(header):
        return None  # a row cut by a wrap or a page break: its cells no longer sit under their headers
    column = header[col]
    if not _CJK.search(column) or column in _INDEX_HEADERS or _CODE_HEADER.search(column):
        return None  # no worded header (a list of rows), a row counter or a code
    unit, column = _unit(header, row, column)
    label = _row_label(rows[top + 1 : end], row, col)
    if not unit:  # the unit in the row's name: 政务服务满意度（%）, 企业开办时间（天）
        unit, label = _bracketed(label)
    value = row[col] + unit
    return _role(value, unit), value, "·".join(part for part in (label, column) if part)


def _locate(rows: tuple[tuple[str, ...], ...], piece: int) -> tuple[int, int] | None:
    """(line, cell) of a piece counted over the lines' tab-separated cells."""
    for at, row in enumerate(rows):
        if piece < len(row):
            return (at, piece) if len(row) > 1 else None
        piece -= len(row)
    return None


def _table_span(rows: tuple[tuple[str, ...], ...], row_at: int) -> tuple[int, int]:
    """The run of tab-separated lines holding `row_at` (start, end): its first is the header row."""
    top, end = row_at, row_at + 1
    while top > 0 and len(rows[top - 1]) > 1:
        top -= 1
    while end < len(rows) and len(rows[end]) > 1:
        end += 1
    return top, end


def _bracketed(name: str) -> tuple[str, str]:
    """(unit, name without it) of a header or row name ending in a bracketed unit, else ("", name)."""
    bracket = _HEADER_UNIT.search(name)
    return (bracket.group(1), name[: bracket.start()]) if bracket else ("", name)


def _unit(header: tuple[str, ...], row: tuple[str, ...], column: str) -> tuple[str, str]:
    """(unit, column header without it): the header's bracketed unit, else the row's 单位 cell."""
    unit, name = _bracketed(column)
    if unit:
        return unit, name
    if _UNIT_HEADER in header:
        at = header.index(_UNIT_HEADER)
        if at < len(row) and row[at] not in _NO_UNIT:
            return row[at], column
    return "", column


def _row_label(body: tuple[tuple[str, ...], ...], row: tuple[str, ...], col: int) -> str:
    """The row's name: its cell in the worded column left of `col` that is filled in the most
    rows of the table body (a category column merged over several rows is filled in few), the
    leftmost on ties."""
    filled = [sum(1 for r in body if c < len(r) and _CJK.search(r[c])) for c in range(col)]
    if not filled or max(filled) == 0:
        return ""
    best = filled.index(max(filled))
    return row[best] if best < len(row) else ""


def _role(value: str, unit: str) -> str:
    """The fact role a unit gives: money is an amount, a share a percent, the rest a count."""
    if unit.endswith("元"):
        return "amount"
    if value.endswith(("%", "‰")) or unit in ("%", "‰"):
        return "percent"
    return "count"
