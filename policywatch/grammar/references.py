"""Reference words: a structured address for `第三十五条第二款第（三）项` and `第一百三十四条之一`,
read from text and written back the way statutes cite.

    >>> a = parse_address("第三十五条第二款第（三）项")
    >>> (a.article, a.paragraph, a.item), format_address(a)
    ((35, 2, 3), '第三十五条第二款第（三）项')
    >>> format_address(parse_address("第一百三十四条之一"))
    '第一百三十四条之一'

find_addresses() yields every reference inside a sentence (an amendment instruction such as
`将第十条第二款修改为：` or `在第五条后增加一条，作为第五条之一：`). path_labels() gives the clause-path
labels the segmenter uses for the same place, and display_path() turns a clause path back into
the citation a reader uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from policywatch.grammar.markers import paragraph_label
from policywatch.grammar.numerals import (
    AR_NUM,
    AR_STATUTE_NUM,
    CN_NUM,
    CN_STATUTE_NUM,
    format_chinese,
    parse_chinese,
    parse_number,
)
from policywatch.lazyre import LazyRegex

_N = f"(?:{CN_NUM}|{AR_NUM})"
_ARTICLE_N = f"(?:{CN_STATUTE_NUM}|{AR_STATUTE_NUM})"  # 第1000条 and later (民法典 reaches 第1260条), 第一万零一条
_REFERENCE = LazyRegex(
    rf"(?:第\s*(?P<book>{_N})\s*编)?(?:第\s*(?P<chapter>{_N})\s*章)?(?:第\s*(?P<section>{_N})\s*节)?"
    rf"(?:第\s*(?P<article>{_ARTICLE_N})\s*条(?:之(?P<sub>[一二三四五六七八九十]{{1,3}}))?)?"
    rf"(?:第\s*(?P<paragraph>{_N})\s*款)?"
    rf"(?:第\s*[（(]\s*(?P<item>{CN_NUM}|{AR_NUM})\s*[)）]\s*项|第\s*(?P<item_bare>{_N})\s*项)?"
    rf"(?:第\s*(?P<subitem>{_N})\s*目)?"
)


@dataclass(frozen=True, slots=True)
class Address:
    """A place in a statute. None = not given; article_sub is 1 for 之一 (0 for none).

    paragraph is the 款 number (counted from the article's first paragraph = 1), item the 项
    number (（三） → 3), subitem the 目 number.
    """

    book: int | None = None
    chapter: int | None = None
    section: int | None = None
    article: int | None = None
    article_sub: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None


def _parse_match(m: re.Match[str]) -> Address | None:
    values = {k: v for k, v in m.groupdict().items() if v}
    if not values:
        return None
    item = values.pop("item", None) or values.pop("item_bare", None)
    values.pop("item_bare", None)
    sub = values.pop("sub", None)
    try:
        fields = {k: parse_number(v) for k, v in values.items()}
        return Address(**fields, item=parse_number(item) if item else None,
                       article_sub=parse_chinese(sub) if sub else 0)
    except ValueError:
        return None


def parse_address(text: str) -> Address | None:
    """The address `text` is, whole (blanks around it allowed), or None."""
    m = _REFERENCE.fullmatch(text.strip())
    return _parse_match(m) if m else None


def find_addresses(text: str) -> Iterator[tuple[int, int, Address]]:
    """(start, end, address) of every reference written in `text`, left to right."""
    for m in _REFERENCE.finditer(text):
        if m.end() > m.start() and (address := _parse_match(m)) is not None:
            yield m.start(), m.end(), address


def format_address(a: Address) -> str:
    """The citation: 第一编第二章第三节第三十五条之一第二款第（三）项第1目 (only the parts given)."""
    out = []
    for value, unit in ((a.book, "编"), (a.chapter, "章"), (a.section, "节")):
        if value is not None:
            out.append(f"第{format_chinese(value)}{unit}")
    if a.article is not None:
        out.append(f"第{format_chinese(a.article)}条" + (f"之{format_chinese(a.article_sub)}" if a.article_sub else ""))
    if a.paragraph is not None:
        out.append(f"第{format_chinese(a.paragraph)}款")
    if a.item is not None:
        out.append(f"第（{format_chinese(a.item)}）项")
    if a.subitem is not None:
        out.append(f"第{a.subitem}目")
    return "".join(out)


def path_labels(a: Address) -> tuple[str, ...]:
    """The clause-path labels of an article-level address, from the article down:
    第三十五条第二款第（三）项 → ('第三十五条', '第二款', '（三）'). The first 款 is the article's own
    text, so `第一款` adds no label (its 项 hang under the article)."""
    out: list[str] = []
    if a.article is not None:
        out.append(f"第{format_chinese(a.article)}条" + (f"之{format_chinese(a.article_sub)}" if a.article_sub else ""))
    if a.paragraph is not None and a.paragraph > 1:
        out.append(paragraph_label(a.paragraph))
    if a.item is not None:
        out.append(f"（{format_chinese(a.item)}）")
    if a.subitem is not None:
        out.append(str(a.subitem))
    return tuple(out)


_ARTICLE_LABEL = LazyRegex(r"第.+条(?:之.+)?")
_PARA_LABEL = LazyRegex(r"第.+款")
_ITEM_LABEL = LazyRegex(r"（.+）|[a-z0-9]+）")
# a Latin item is cited as written, without 第 (`第二條a)項`, `第五条（b）项`): 第 makes an ordinal of a number
_LATIN_ITEM = LazyRegex(r"（[a-z]）|[a-z]）")


def split_citation(path: str | Sequence[str]) -> tuple[list[str], str]:
    """(labels above the article, the citation from the article down): `第三章/第三十五条/第二款/（三）`
    → (['第三章'], '第三十五条第二款第（三）项'). Without an article: (all labels, "")."""
    labels = [p for p in (path.split("/") if isinstance(path, str) else path) if p]
    at = next((k for k, label in enumerate(labels) if _ARTICLE_LABEL.fullmatch(label.split("#")[0])), None)
    if at is None:
        return labels, ""
    out = [labels[at]]
    depth = 0  # below the article: 款, then 项, then 目
    for label in labels[at + 1:]:
        if _PARA_LABEL.fullmatch(label) and depth == 0:
            out.append(label)
        elif _ITEM_LABEL.fullmatch(label) and depth == 0:
            out.append(f"{label}项" if _LATIN_ITEM.fullmatch(label) else f"第{label}项")
            depth = 1
        elif depth == 1 and label.isdigit():
            out.append(f"第{label}目")
            depth = 2
        else:
            out.append("/" + label)
    return labels[:at], "".join(out)


def display_path(path: str | Sequence[str]) -> str:
    """How a reader cites a clause path: `第三章/第三十五条/第二款/（三）` → 第三十五条第二款第（三）项.

    Paths without an article (policy style `三/（二）/2`, 附件1) are returned as `/`-joined."""
    above, citation = split_citation(path)
    return citation or "/".join(above)
