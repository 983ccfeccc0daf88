"""Address lists inside an amendment instruction, on top of the clause grammar's addresses:
lists (第七条、第九条; 第五条第一款、第二款 — the second inherits its article) and ranges
(第二十条至第二十二条).

Addresses in a decision name the target's ORIGINAL numbering (the text before the decision),
except the new place of an inserted clause (`作为第十一条`), which names the amended numbering.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from policywatch.grammar import CN_NUM, Address, format_address, parse_address

__all__ = ["ADDRESS_LIST", "Address", "article_key", "article_label", "format_address", "parse_address_list"]

_SEPARATOR = r"(?:、|和|及|以及|与|至|到)"
_UNIT_END = f"(?:条(?:之{CN_NUM})?|章|节|款|项|目)"
# One level of an address (第三条, 第（二）项): its number holds no 第, separator or quotation,
# so a list splits one way only and a long non-matching instruction cannot backtrack for ever.
_LEVEL = f"第[^第“”\ue000\ue001、和及与至到，。；：,;:]{{1,12}}?{_UNIT_END}"
# A list of addresses as one regex piece (the instruction patterns); parse_address_list checks it.
ADDRESS_LIST = f"(?:{_LEVEL})+(?:{_SEPARATOR}(?:{_LEVEL})+)*"
# Levels from the top; a listed address inherits the levels above the first one it writes.
_LEVELS = [f.name for f in fields(Address)]


def article_key(address: Address) -> tuple[int, int] | None:
    """(article, 之N) of an address, None when it names no article."""
    return None if address.article is None else (address.article, address.article_sub)


def article_label(number: int, sub: int = 0) -> str:
    return format_address(Address(article=number, article_sub=sub))


def inherit(address: Address, previous: Address | None) -> Address:
    if previous is None:
        return address
    values = {name: getattr(address, name) for name in _LEVELS}
    first = next((i for i, name in enumerate(_LEVELS) if name != "article_sub" and values[name] is not None),
                 len(_LEVELS))
    for name in _LEVELS[:first]:
        values[name] = getattr(previous, name)
    return replace(address, **values)


def parse_address_list(text: str) -> list[Address] | None:
    """`第七条、第九条` → two addresses; `第二十条至第二十二条` → three; None when any piece is not
    an address (the caller reports the instruction instead of guessing)."""
    pieces = re.split(f"({_SEPARATOR})", text.strip())
    out: list[Address] = []
    previous: Address | None = None
    range_from: Address | None = None
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            range_from = previous if piece in ("至", "到") else None
            continue
        parsed = parse_address(piece) if piece.startswith("第") else None
        if parsed is None:
            glued = _glued(piece)
            if glued is None or range_from is not None:
                return None
            for one in glued[:-1]:  # 第三条第四条: each a listed address, the last one read below
                previous = inherit(one, previous)
                out.append(previous)
            parsed = glued[-1]
        address = inherit(parsed, previous)
        if range_from is not None:
            expanded = _expand_range(range_from, address)
            if expanded is None:
                return None
            out.extend(expanded)
        else:
            out.append(address)
        previous = address
    return out or None


_LEVEL_RE = re.compile(_LEVEL)


def _glued(piece: str) -> list[Address] | None:
    """`第三条第四条`: addresses of one level written without their 、 (a copy that lost it: the
    lexiscn copy of the 2023 立法法 decision prints `作为第三条第四条`), which no one address
    reads (an article holds no article); None unless the piece is two such levels or more."""
    levels = [m.group() for m in _LEVEL_RE.finditer(piece)]
    if len(levels) < 2 or "".join(levels) != piece or len({_unit(level) for level in levels}) > 1:
        return None
    parsed = [parse_address(level) for level in levels]
    return None if any(a is None for a in parsed) else parsed  # type: ignore[return-value]


def _unit(level: str) -> str:
    """The unit a level names: 条 (之N included), 章, 节, 款, 项 or 目."""
    return "条" if "条" in level else level[-1]


def _expand_range(first: Address, last: Address) -> list[Address] | None:
    """The addresses after `first` up to `last`: whole articles, or 款 / 项 of one article."""
    for level in ("article", "paragraph", "item"):
        lo, hi = getattr(first, level), getattr(last, level)
        below = _LEVELS[_LEVELS.index(level) + 1:]
        above = _LEVELS[:_LEVELS.index(level)]
        if lo is None or hi is None or hi <= lo:
            continue
        if any(getattr(first, n) != getattr(last, n) for n in above) or \
                any(getattr(first, n) or getattr(last, n) for n in below):
            continue
        return [replace(first, **{level: n}) for n in range(lo + 1, hi + 1)]
    return None
