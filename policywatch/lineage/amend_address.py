"""Addresses inside an amendment instruction: 第三条, 第五条第二款, 第十三条第一款第（二）项,
第一百三十四条之一, lists (第七条、第九条) and ranges (第二十条至第二十二条).

Addresses in a decision name the target's ORIGINAL numbering (the text before the decision),
except the new place of an inserted clause (`作为第十一条`), which names the amended numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Chinese numerals as written in statute addresses (十一, 一百零五, 两).
CN_NUM = "[零〇一二两三四五六七八九十百千]+"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = rf"(?:{CN_NUM}|[0-9０-９]+)"


def parse_numeral(numeral: str) -> int:
    """十一→11, 二十→20, 一百零五→105, 两→2, 12→12; ValueError for anything else."""
    numeral = numeral.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in numeral):
        raise ValueError(f"not a numeral: {numeral!r}")
    total, digit = 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def format_numeral(n: int) -> str:
    """11→十一, 20→二十, 105→一百零五: the way statutes write article and item numbers."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[max(n, 0)]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = [], False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit_value)
        if d:
            if zero and out:
                out.append("零")
            out.append(digits[d] + unit)
            zero = False
        elif out:
            zero = True
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Address:
    """One place in a statute-style text; None = not named. `article` is (number, 之N or 0)."""

    chapter: int | None = None
    article: tuple[int, int] | None = None
    kuan: int | None = None
    xiang: int | None = None
    mu: int | None = None

    def describe(self) -> str:
        out = f"第{format_numeral(self.chapter)}章" if self.chapter and self.article is None else ""
        if self.article is not None:
            out += article_label(*self.article)
        if self.kuan is not None:
            out += f"第{format_numeral(self.kuan)}款"
        if self.xiang is not None:
            out += f"第（{format_numeral(self.xiang)}）项"
        if self.mu is not None:
            out += f"第{self.mu}目"
        return out


def article_label(number: int, zhi: int = 0) -> str:
    return f"第{format_numeral(number)}条" + (f"之{format_numeral(zhi)}" if zhi else "")


# One address; every part optional, at least one present (checked by parse_address_list).
ADDRESS = (
    rf"(?:第(?P<ch>{_NUM})章)?"
    rf"(?:第(?P<art>{_NUM})条(?:之(?P<zhi>{CN_NUM}))?)?"
    rf"(?:第(?P<kuan>{_NUM})款)?"
    rf"(?:第[（(](?P<xiang>{_NUM})[)）]项|第(?P<xiang2>{_NUM})项)?"
    rf"(?:第(?P<mu>{_NUM})目)?"
)
_ADDRESS = re.compile(ADDRESS)
_SEPARATOR = r"(?:、|和|及|以及|与|至|到)"
# A list of addresses as one regex piece (for the instruction patterns).
ADDRESS_LIST = rf"第[^“”\ue000\ue001]*?(?:条(?:之{CN_NUM})?|章|款|项|目)(?:{_SEPARATOR}第[^“”\ue000\ue001]*?(?:条(?:之{CN_NUM})?|章|款|项|目))*"


def parse_address(text: str, inherit: Address | None = None) -> Address | None:
    """The address written exactly as `text`; parts above the first one written come from
    `inherit` (`第五条第一款、第二款`: the second is 第五条第二款). None when not an address."""
    m = _ADDRESS.fullmatch(text.strip())
    if m is None or not text.strip():
        return None
    g = m.groupdict()
    xiang = g["xiang"] or g["xiang2"]
    values = {
        "chapter": parse_numeral(g["ch"]) if g["ch"] else None,
        "article": (parse_numeral(g["art"]), parse_numeral(g["zhi"]) if g["zhi"] else 0) if g["art"] else None,
        "kuan": parse_numeral(g["kuan"]) if g["kuan"] else None,
        "xiang": parse_numeral(xiang) if xiang else None,
        "mu": parse_numeral(g["mu"]) if g["mu"] else None,
    }
    if inherit is not None:
        order = ("chapter", "article", "kuan", "xiang", "mu")
        first = next((i for i, name in enumerate(order) if values[name] is not None), len(order))
        for name in order[:first]:
            values[name] = getattr(inherit, name)
    return Address(**values)


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
        address = parse_address(piece, previous)
        if address is None:
            return None
        if range_from is not None:
            expanded = _expand_range(range_from, address)
            if expanded is None:
                return None
            out.extend(expanded)
        else:
            out.append(address)
        previous = address
    return out or None


def _expand_range(first: Address, last: Address) -> list[Address] | None:
    """The addresses after `first` up to `last` (whole articles, or 款/项 of one article)."""
    if first.article is not None and last.article is not None and first.kuan is None and last.kuan is None \
            and first.xiang is None and last.xiang is None and not first.article[1] and not last.article[1]:
        lo, hi = first.article[0], last.article[0]
        return [Address(article=(n, 0)) for n in range(lo + 1, hi + 1)] if hi > lo else None
    if first.article == last.article and first.xiang is None and last.xiang is None \
            and first.kuan is not None and last.kuan is not None and last.kuan > first.kuan:
        return [Address(article=first.article, kuan=k) for k in range(first.kuan + 1, last.kuan + 1)]
    if first.article == last.article and first.kuan == last.kuan and first.xiang is not None \
            and last.xiang is not None and last.xiang > first.xiang:
        return [Address(article=first.article, kuan=first.kuan, xiang=x)
                for x in range(first.xiang + 1, last.xiang + 1)]
    return None
