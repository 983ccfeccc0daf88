"""Numerals as policy and statute texts write them: Chinese (一…九十九, 一百零三, 两, 〇/零, 千,
and groups of 万 and 亿: 一万零一), Arabic in half or full width, and the enclosed one-character
forms (① ⑴ ⒈ ㈠).

Parsing and formatting are inverse: format_chinese(parse_chinese(s)) is the way a document
writes s (十一, not 一十一; 一百零五; 一万零一十五).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# Digits of Chinese numerals, and the unit characters that multiply them.
_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "一二三四五六七八九十百千零〇两"  # the characters of a Chinese numeral (CN_NUM)
_CN_NONZERO = "一二三四五六七八九两"
_CN_ZERO = "零〇"  # what opens the rest after a group unit (the parser also reads ○, as dates write it)


def _run_forms(zeros: str) -> tuple[str, str, str, str]:
    """The forms of a numeral below 万, as regex fragments: (what follows a leading 千, what follows
    a leading 百, a run opening with 千, the whole run). A run is digit by digit (二〇一八), or
    units each written once, each smaller than the one before (一千零五, 两千, 九千九百九十九, 十一;
    一十 as after a group's 零); a 零 may stand before a unit's digit or the last digit. 九千九千,
    十十, 三百千 are none (they were read as 18000, 20, 1300). The units forms come first: where one
    matches, no digit run matches longer (a digit run stops at the unit that a units form takes)."""
    d, z = f"[{_CN_NONZERO}]", f"[{zeros}]"
    after_bai = f"(?:{z}?{d}?十)?(?:{z}?{d})?"
    after_qian = f"(?:{z}?{d}百)?{after_bai}"
    qian = f"{d}?千{after_qian}"
    return after_qian, after_bai, qian, f"(?:{qian}|{d}?百{after_bai}|{d}?十{d}?|[{_CN_NONZERO}{zeros}]++)"


_AFTER_QIAN, _AFTER_BAI, _CN_QIAN_RUN, _CN_RUN = _run_forms(_CN_ZERO)
# A Chinese numeral, as a regex fragment: a well-formed run (above), so what it matches parses.
CN_NUM = _CN_RUN
# The group units: 一万零一 is 10,001. Kept out of CN_CHARS, so a list marker or an amount's
# numeral (`十万、`, `五万元`) reads as before; a statute level's number (第一万零一条: a code past
# 9,999 articles) takes them through CN_STATUTE_NUM and CN_STATUTE_ORDINAL.
_CN_GROUPS = {"万": 10**4, "亿": 10**8}
# The groups after a statute level's first numeral run, as format_chinese writes them: at most one
# 万 group, then 亿 groups, each multiplying all before it (一万亿 is 10^12, 一亿亿 10^16: the writer
# writes every number, so the reader reads every number it writes). What follows a group unit is
# nothing, a 零 and the rest (一万零一, 一亿零一万), or at least a tenth of the unit, which opens
# with 千 (一万二千, 一亿二千万): 一万二 or 一亿一 is no number (colloquially 12,000 and 1.1亿, read
# as 10,002 and 100,000,001), so 一万二亿 and 一亿一亿 are none either; nor is 第一万一万条 or
# 第十万万条 (read as 第二万条, or crashing the parser). Each run is well formed (一万九千九千 is
# none). Possessive: a run of a thousand 一万 (a hostile line) is matched in one pass, never retried.
_CN_AFTER_WAN = f"(?:[{_CN_ZERO}]{_CN_RUN}?+|{_CN_QIAN_RUN})?+"
_CN_AFTER_YI = (f"(?:[{_CN_ZERO}](?:{_CN_RUN}(?:万{_CN_AFTER_WAN})?+)?+"
                f"|{_CN_QIAN_RUN}万{_CN_AFTER_WAN})?+")
_CN_GROUP_TAIL = f"(?:万{_CN_AFTER_WAN})?+(?:亿{_CN_AFTER_YI})*+"
CN_STATUTE_NUM = f"{_CN_RUN}{_CN_GROUP_TAIL}"  # CN_NUM with 万 / 亿 groups
# parse_chinese reads the same language group by group: over CN_CHARS it accepts exactly what
# CN_STATUTE_NUM (and so CN_STATUTE_ORDINAL) matches, so a matched label always parses. It also
# reads the ○ that dates use for 〇 (二○○八年), which no label pattern takes.
_ZEROS = "零〇○"
_TENTH = re.compile("[一二三四五六七八九两]?千")  # the rest after a group unit, at least a tenth of it
_RUN = re.compile(_run_forms(_ZEROS)[3])  # the numeral below 万 the label patterns match (and ○)
# A Chinese numeral as an ordinal is written with units (十一, 一百零五) or is one digit: a run
# of bare digits (五八, 二〇) is a fragment of a number or a year that a re-wrap put at a line start
# (`…培育壮大五八、滴滴…` cut before 五八), never the number of a clause.
# It and AR_NUM (a small Arabic numeral in either width) open with one character class: an
# alternative of a larger pattern that opens with a class (markers' line and split patterns)
# is rejected on the first character without being entered, one that opens with a repeat or
# an alternation is entered on every try. They match what the plain forms
# `(?:D?千Q|D?百B|D?十D?|D)` (D a digit but 零, Q and B what may follow 千 and 百: the units forms
# of a run, above) and `[0-9０-９]{1,3}` match, the same span first: the first character, then
# the rest of the form it opens, chosen by a look-behind at it.
# In linear time on a long run of numerals (a hostile page): each form is a few characters long,
# and a numeral never starts inside a run of numerals (the look-behind, checked after the first
# character so the class still opens the pattern), so a search does not rescan the run from each
# of its characters. Before, 50,000 numerals in one line took minutes to segment.
CN_ORDINAL = (f"[{CN_CHARS}](?<![{CN_CHARS}][{CN_CHARS}])(?:(?<=[{_CN_NONZERO}])(?:千{_AFTER_QIAN}|百{_AFTER_BAI}"
              f"|十[{_CN_NONZERO}]?)?|(?<=十)[{_CN_NONZERO}]?|(?<=百){_AFTER_BAI}|(?<=千){_AFTER_QIAN})")
# CN_ORDINAL with 万 / 亿 groups after it, for the number of a statute level (第一万零一条). A group
# unit is no numeral character, so what CN_ORDINAL matched cannot be split again: still linear.
CN_STATUTE_ORDINAL = f"{CN_ORDINAL}{_CN_GROUP_TAIL}"
AR_NUM = "[0-9０-９][0-9０-９]{0,2}"
# The Arabic number of a statute level (第1260条: 民法典 has 1260 articles): up to four digits, so
# 第1000条 is an article; bounded, so a longer run (第12345条, a piece of a serial) is none. Years
# and document numbers (第2023号, 2023年) never end in a statute level's word, so they stay apart.
AR_STATUTE_NUM = "[0-9０-９][0-9０-９]{0,3}"
AR_STATUTE_MAX = 9999  # the largest number AR_STATUTE_NUM reads
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Full-width ASCII forms and the ideographic space to their ASCII twins, one for one (indexes
# stay valid): `２０２２年12月13日印发` reads like its half-width twin.
WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def parse_chinese(numeral: str) -> int:
    """Read a Chinese numeral: 十一→11, 二十→20, 一百零五→105, 两→2, 二〇一八→2018,
    一万零一→10001, 十二万→120000, 一万亿→10^12 (groups of 万 and 亿, as format_chinese writes
    them: each 亿 multiplies what stands before it).

    Raises ValueError for a string that is not a numeral, among them groups out of order or
    repeated (一万一万, 十万万) and a group's rest written without its 零 (一万二, 一亿一亿).
    """
    if not numeral:
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    first, *rests = numeral.split("亿")
    try:
        value = _below_yi(first)
        for rest in rests:  # 一亿零一万: the 亿 group, then what stands below it
            value = value * _CN_GROUPS["亿"] + (_rest(rest, _below_yi, yi=True) if rest else 0)
    except ValueError:
        raise ValueError(f"not a Chinese numeral: {numeral!r}") from None
    return value


def _below_yi(numeral: str) -> int:
    """A numeral below 亿: a run, or a run, 万 and the rest (一万零一, 十二万, 一万二千三百)."""
    high, wan, low = numeral.partition("万")
    if not wan:
        return _parse_run(numeral)
    return _parse_run(high) * _CN_GROUPS["万"] + (_rest(low, _parse_run, yi=False) if low else 0)


def _rest(rest: str, read: Callable[[str], int], *, yi: bool) -> int:
    """What follows a group unit: 零 and the rest (read by `read`), or at least a tenth of the unit
    (opening with 千; after 亿 with 千 and then 万)."""
    if rest[0] in _ZEROS:
        return read(rest[1:]) if rest[1:] else 0
    if not _TENTH.match(rest) or (yi and "万" not in rest):
        raise ValueError(rest)
    return read(rest)


def _parse_run(numeral: str) -> int:
    """A numeral without groups: 十一, 一百零五, 二〇一八."""
    if not _RUN.fullmatch(numeral):  # units repeated or out of order (九千九千, 十十) are no number
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if not any(ch in _CN_UNITS for ch in numeral):  # digit by digit: 二〇一八
        value = 0
        for ch in numeral:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:  # a 零 only marks a skipped place: the 十 after it is 一十 (一千零十五)
            digit = _CN_DIGITS[ch] or None
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


@lru_cache(maxsize=512)
def format_chinese(n: int) -> str:
    """Write n ≥ 1 as a Chinese numeral the way documents do: 11→十一, 20→二十, 105→一百零五,
    and from 10,000 on in groups of 万 and 亿 (a 10,000th 款 exists only in damaged or hostile
    files, but must be labelled, not crash): 10001→一万零一, 120000→十二万."""
    if n <= 0:
        return "零"
    for group, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= group:
            high, low = divmod(n, group)
            if not low:
                return format_chinese(high) + unit
            gap = "零" if low < group // 10 else ""
            # after a group or 零, 10-19 are written 一十…, as 一万零一十五
            return format_chinese(high) + unit + gap + ("一" if 10 <= low < 20 else "") + format_chinese(low)
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


def format_statute_number(n: int, *, arabic: bool = False) -> str:
    """The number of a statute level as a text numbering in `arabic` digits or not writes it, in a
    form the label patterns read back: digits stop at 9,999 (第10086条 is a serial's, not a statute's
    — AR_STATUTE_NUM — so a renumbered 第10000条 would stop being an article), Chinese beyond."""
    return str(n) if arabic and 0 < n <= AR_STATUTE_MAX else format_chinese(n)


_CAPITALS = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_CAPITALS_TRADITIONAL = str.maketrans("一二三四五六七八九十百千万", "壹貳參肆伍陸柒捌玖拾佰仟萬")


def format_chinese_capital(n: int, *, traditional: bool = False) -> str:
    """n in the capital (大写) numerals of amounts and legal texts: 3→叁, 10→壹拾, 105→壹佰零伍;
    `traditional`: 貳, 參, 陸, 萬."""
    plain = format_chinese(n)
    if plain.startswith("十"):  # capitals always write the digit before 拾
        plain = "一" + plain
    return plain.translate(_CAPITALS_TRADITIONAL if traditional else _CAPITALS)


def format_chinese_digits(n: int) -> str:
    """n digit by digit, as years are written: 2024→二〇二四."""
    return str(n).translate(_DIGIT_BY_DIGIT)


_DIGIT_BY_DIGIT = str.maketrans("0123456789", "〇一二三四五六七八九")


def parse_number(numeral: str) -> int:
    """Read an Arabic (half- or full-width, even mixed: `１2`) or Chinese numeral."""
    numeral = numeral.strip().translate(FULLWIDTH_DIGITS)
    return int(numeral) if numeral.isdigit() else parse_chinese(numeral)


def format_circled(n: int) -> str:
    """① for 1 … ㊿ for 50; `(n)` beyond."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return f"({n})"


def parse_enclosed(ch: str) -> int:
    """The number of one enclosed character: ①…㊿, ⑴…⒇, ⒈…⒛, ㈠…㈩."""
    code = ord(ch)
    for first, base in ((0x2460, 1), (0x3251, 21), (0x32B1, 36)):
        if first <= code < first + 20 and (base == 1 or code < first + 15):
            return base + code - first
    # ⑴..⒇, ⒈..⒛, ㈠..㈩ (NFKC would turn them into (1), 1., (一))
    for first in (0x2474, 0x2488, 0x3220):
        if first <= code < first + 20:
            return code - first + 1
    raise ValueError(f"not a circled numeral: {ch!r}")
