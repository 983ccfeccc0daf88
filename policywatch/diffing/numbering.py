"""The clause-marker grammar: marker families as a table, numeral parsing, canonical labels.

Each row of FAMILIES says how a line-start marker looks, how its numeral reads and how its
label is written in paths. Width variants share one family (（一）≡(一), 1.≡1．≡1、, （1）≡(1));
labels are canonical (full-width parentheses, Chinese numerals for 第X条, digits for 专栏/附件),
so a change of width or dot between versions never changes a path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Digits of Chinese numerals, and the unit characters that multiply them.
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "[一二三四五六七八九十百千零〇两]+"
AR_NUM = "[0-9０-９]{1,3}"
_REFERENCE_AFTER = "规定|的|所|第|至|到|、|和|或|及|中|之"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Full-width ASCII forms and the ideographic space to their ASCII twins, one for one (indexes
# stay valid): what zones and compilation titles are recognized on (`２０２２年12月13日印发`).
WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def parse_chinese(numeral: str) -> int:
    """Read a Chinese numeral: 十一→11, 二十→20, 一百零五→105, 两→2, 二〇一八→2018.

    Raises ValueError for a string that is not a numeral.
    """
    if not numeral or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if not any(ch in _CN_UNITS for ch in numeral):  # digit by digit: 二〇一八
        value = 0
        for ch in numeral:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


@lru_cache(maxsize=256)
def to_chinese(n: int) -> str:
    """Write 1..9999 as a Chinese numeral the way documents do: 11→十一, 20→二十, 105→一百零五."""
    if n <= 0:
        return "零"
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
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


def parse_number(numeral: str) -> int:
    """Read an Arabic (half- or full-width) or Chinese numeral."""
    numeral = numeral.strip().translate(_FULLWIDTH_DIGITS)
    return int(numeral) if numeral.isdigit() else parse_chinese(numeral)


def _circled(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return f"({n})"


def _parse_circled(ch: str) -> int:
    code = ord(ch)
    for first, base in ((0x2460, 1), (0x3251, 21), (0x32B1, 36)):
        if first <= code < first + 20 and (base == 1 or code < first + 15):
            return base + code - first
    # ⑴..⒇, ⒈..⒛, ㈠..㈩ (NFKC would turn them into (1), 1., (一))
    for first in (0x2474, 0x2488, 0x3220):
        if first <= code < first + 20:
            return code - first + 1
    raise ValueError(f"not a circled numeral: {ch!r}")


@dataclass(frozen=True, slots=True)
class Family:
    """One row of the grammar. rank orders numbered families (outermost first); None = unranked."""

    name: str
    rank: int | None
    pattern: str  # regex at line start; group "n" holds the numeral (absent for positional)
    parse: Callable[[str], int]
    label: Callable[[int], str]
    example: str  # one verbatim marker line from the seeds (or the usual form), tested per row


def _pos(sign: str) -> Callable[[int], str]:
    return lambda k: f"{sign}{k}"


# Matching order matters only where patterns overlap (none of these do at the same position).
FAMILIES: tuple[Family, ...] = (
    Family("part", 0, rf"第\s*(?P<n>{CN_NUM}|{AR_NUM})\s*(?:部分|篇|编)", parse_number,
           lambda n: f"第{to_chinese(n)}部分", "第一部分 总体要求"),
    Family("chapter", 1, rf"第\s*(?P<n>{CN_NUM}|{AR_NUM})\s*章", parse_number,
           lambda n: f"第{to_chinese(n)}章", "第一章 总则"),
    Family("section", 2, rf"第\s*(?P<n>{CN_NUM}|{AR_NUM})\s*节", parse_number,
           lambda n: f"第{to_chinese(n)}节", "第二节 资金管理"),
    # not a cross-reference wrapped to a line start (第四条规定的条件, 第四条第二款, 第三条至第五条)
    Family("article", 3, rf"第\s*(?P<n>{CN_NUM}|{AR_NUM})\s*条(?![件款例]|{_REFERENCE_AFTER})", parse_number,
           lambda n: f"第{to_chinese(n)}条", "第一条为引导推动广州人工智能与数字经济试验区"),
    Family("cn", 4, rf"(?P<n>{CN_NUM})\s*[、，,](?![0-9])", parse_chinese, to_chinese,
           "一、总体要求"),
    Family("pcn", 5, rf"[（(]\s*(?P<n>{CN_NUM})\s*[)）]", parse_chinese,
           lambda n: f"（{to_chinese(n)}）", "(一) 强化前沿基础研究，推进核心关键技术攻关。"),
    Family("pcn", 5, r"(?P<n>[\u3220-\u3229])", _parse_circled,
           lambda n: f"（{to_chinese(n)}）", "㈠加强组织领导"),
    Family("ar", 6, rf"(?P<n>{AR_NUM})\s*[.．、](?![0-9０-９])", parse_number, str,
           "1．打造产业集聚发展高地。"),
    Family("ar", 6, r"(?P<n>[\u2488-\u249b])", _parse_circled, str, "⒈加强基础研究"),
    Family("par", 7, rf"[（(]\s*(?P<n>{AR_NUM})\s*[)）]", parse_number, lambda n: f"（{n}）",
           "(1) 人工智能产业项目补助资金申报书；"),
    Family("par", 7, r"(?P<n>[\u2474-\u2487])", _parse_circled, lambda n: f"（{n}）", "⑴加强基础研究"),
    Family("par", 7, rf"(?P<n>{AR_NUM})\s*[)）](?![0-9０-９])", parse_number, lambda n: f"（{n}）",
           "1）加大信贷投放力度；"),
    Family("circ", 8, r"(?P<n>[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])", _parse_circled,
           _circled, "①加强基础研究"),
    Family("box", None, rf"专栏\s*(?P<n>{CN_NUM}|{AR_NUM})\s*[：:]?", parse_number,
           lambda n: f"专栏{n}", "专栏 14 四大核心产业重点项目"),
    Family("annex", None, rf"附件\s*(?:(?P<n>{AR_NUM})\s*(?:[：:]|(?=\s|$))|[：:]|$)", parse_number,
           lambda n: f"附件{n}", "附件 1："),
    Family("dash", None, r"——", int, _pos("——"), "——产业规模不断壮大。"),
    Family("bullet", None, r"[●•▪■◆◇·]", int, _pos("•"), "● 以柔性装配等复杂作业为目标"),
)
RANKS = {f.name: f.rank for f in FAMILIES}
POSITIONAL = {"dash": "——", "bullet": "•", "lead": "¶"}
SPACES = " \t\u3000\u00a0"

# Markdown remnants to ignore before a marker (never used for depth) and the leading blanks.
_PREFIX = re.compile(rf"[{SPACES}]*(?:#{{1,6}}[{SPACES}]+|[-*+][{SPACES}]+)?[{SPACES}]*")
_ALTERNATIVES = "|".join(f"(?P<f{i}>{f.pattern.replace('(?P<n>', f'(?P<n{i}>')})"
                         for i, f in enumerate(FAMILIES))
_MARKER = re.compile(_ALTERNATIVES)
_LINE_MARKER = re.compile(f"{_PREFIX.pattern}(?:{_ALTERNATIVES})")  # one regex call per line
_AFTER = re.compile(f"[{SPACES}]*")


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker found at the start of a line: its family, number and where the rest begins."""

    family: str
    number: int | None  # None for positional markers and for an annex list (附件：1. …)
    label: str  # canonical label; "" for positional markers (their position decides it)
    start: int  # where the marker starts in the line (after any Markdown prefix)
    body_start: int  # where the text after the marker (and its blanks) starts
    spaced: bool  # blanks between the marker and the text


def content_start(line: str) -> int:
    """Index of the first character after blanks and a Markdown heading or list prefix."""
    return _PREFIX.match(line).end()


def match_marker(line: str, pos: int | None = None) -> Marker | None:
    """The marker at the start of `line` (or at `pos`), or None."""
    m = _LINE_MARKER.match(line) if pos is None else _MARKER.match(line, pos)
    if m is None:
        return None
    start = m.start(m.lastgroup)
    index = int(m.lastgroup[1:])
    family = FAMILIES[index]
    numeral = m.group(f"n{index}") if f"n{index}" in m.re.groupindex else None
    number = label = None
    if numeral is not None:
        try:
            number = family.parse(numeral)
        except ValueError:
            return None
        label = family.label(number)
    elif family.name == "annex":
        label = "附件"
    end = m.end()
    body = _AFTER.match(line, end).end()
    return Marker(family.name, number, label or "", start, body, body > end)


def heading_of(rest: str, *, family: str = "", spaced: bool = True, limit: int = 40) -> str:
    """The lead-in sentence of a clause (§1.3): the first sentence ending in 。；： or at the
    line end, within `limit` characters; "" when there is none.

    An article written without a blank after 第X条 (第一条为引导…) is all body; so is an article
    that is one whole sentence (第十四条 本办法由长沙市科技局负责解释。).
    """
    rest = rest.strip(SPACES)
    if not rest or (family == "article" and not spaced):
        return ""
    m = _SENTENCE_END.search(rest, 0, limit + 1)
    if m is None:
        return rest if len(rest) <= limit else ""
    tail = _NOTE.sub("", rest[m.end():].strip(SPACES + "。"))  # a (责任单位：…) note is no more text
    if family == "article" and m.group() in "。；;" and not tail:
        return ""
    return rest[:m.start()].strip(SPACES)


_SENTENCE_END = re.compile("[。；;：:]")
_NOTE = re.compile(r"^[（(][^（）()]*[）)]$")
