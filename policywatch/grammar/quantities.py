"""Quantities as statutes and policies write them, as regex fragments over comparison keys
(NFKC, no spaces): numbers in both scripts, money, multiples, measures with their units, and
the ranges and bounds around them (`五万元以上二十万元以下`, `8倍以上10倍以下`, `一个月至十二个月`).

A quantity is read with its unit, never as a bare number: `20年一遇`, `4厘米×6厘米`, `年满十八周岁`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policywatch.grammar.numerals import CN_CHARS, parse_chinese
from policywatch.lazyre import LazyRegex

# A number is read from the start of its run only (the look-behinds): retried at every digit of a
# long run, each try scanned the rest of it, and 20,000 digits in a clause took minutes. A match
# starting inside a run was only ever the tail of the number a match at the run's start reads.
N = r"(?<!\d)\d+(?:\.\d+)?"  # an Arabic number
# A Chinese numeral: never opening with 零 or 〇, which a numeral holds only inside (一百零五) or
# before its decimals (零点五, DECIMALS).
# The one rule for the decimals of a Chinese numeral (`一点五米`, `二百五十点五元`, `零点五倍`,
# `百分之零点五`, `零点五个百分点`): digits after 点, no unit characters (十点三十分 is a time).
_CN_DECIMAL_DIGITS = "零〇一二三四五六七八九"
DECIMALS = f"点[{_CN_DECIMAL_DIGITS}]++"
# No number starts at the decimals of one: `五倍` read out of `一点五倍` (or `五万元` out of
# `零点五万元`) is its tail, not a number.
NOT_IN_DECIMAL = rf"(?<![{_CN_DECIMAL_DIGITS}]点)"
CN = rf"(?<![{CN_CHARS}]){NOT_IN_DECIMAL}[一二三四五六七八九十百千两][{CN_CHARS}]*"
# A Chinese numeral with its decimals, read whole (not as `一点` and a `五米` cut from its tail):
# one opening with 零 has decimals (`零点五`), any other may (`一点五`, `三`).
CN_DECIMAL = rf"(?:{CN}(?:{DECIMALS})?|(?<![{CN_CHARS}]){NOT_IN_DECIMAL}[零〇]{DECIMALS})"
# A Chinese numeral written with a unit character (五十, 一千, 二百五十): `一元`/`二元` alone are
# words (一元化, 城乡二元结构), `五十元`/`一千元` are sums.
CN_WITH_UNIT = rf"(?<![一二三四五六七八九十百千零两]){NOT_IN_DECIMAL}[一二三四五六七八九两]*[十百千][一二三四五六七八九十百千零两]*"
# A 百 or 千 after a number's decimals multiplies it (`二点五千万元` is 2,500万元, `2.5千克` 2,500克):
# one rule for money, measures (whose 千克, 千米, 千瓦 open with it) and quantity_key alike.
SCALED = "[百千]?"
# Money: a number, its scale, 元 (`1000万元`, `五十元`, `三百万元`, `五万元`; `2千元`, `2.5千万元`:
# SCALED, else the 千 was read as a sum of its own, `千元`, with no number).
# A numeral with no unit character is a sum only with its decimals or a scale (`一点五元`, `五万元`):
# `一元`/`二元` alone are words. A sum in 人民币 is one in 元 (`5万人民币`, `50000人民币`; `5万元人民币`
# is read as its `5万元`), and quantity_key writes it so.
MONEY = (rf"(?:{N}(?:-{N})?{SCALED}(?:万亿|亿|万)?|{CN_WITH_UNIT}(?:{DECIMALS})?(?:万亿|亿|万)?"
         rf"|(?:{CN}|(?<![{CN_CHARS}]){NOT_IN_DECIMAL}[零〇]){DECIMALS}{SCALED}(?:万亿|亿|万)?|{CN_DECIMAL}(?:万亿|亿|万))(?:元|人民币)")
# What a sum is counted per, touching it: `每人每月500元`, `150元/人/期`. A sum per month that becomes
# one per year is a change, though its number stays.
_PER = "人次|平方米|人|户|亩|年|月|日|天|次|期|家|个|吨|辆|台|套|件|项|床"
PER_UNIT = rf"(?:每(?:{_PER}))+"
PER_SUFFIX = rf"(?:/(?:{_PER}))+"
# A share in either script (`30%`, `百分之三十`, `百分之零点五`), per mille in words too (`千分之五`:
# a range `千分之五以上千分之十以下` is one value, not two bounds).
CN_PERCENT = rf"[百千]分之{CN_DECIMAL}"  # a share in words
PERCENT = rf"(?:{N}[%‰]|{CN_PERCENT})"
# A multiple (`5倍`, `一倍`) and a change of a rate (`2个百分点`, `零点五个百分点`).
MULTIPLE = rf"(?:{N}|{CN_DECIMAL})倍"
# A share or a multiple of a base: the ends of one range may be one of each (`百分之二十以上二倍以下`
# of 涉及金额).
SHARE = rf"(?:{PERCENT}|{MULTIPLE})"
POINTS = rf"(?:{N}|(?![百千]){CN_DECIMAL})个百分点"
_CN_LARGE_CHARS = CN_CHARS + "万萬亿億"  # a numeral's characters with the large units
_ENDS_IN_ONE = "统唯同单划专合逐每之某任另这那此其进归如择均"
# No amount starts at the 一 that ends a word of _ENDS_IN_ONE (see CN_AMOUNT): `逐一克难`, `统一克隆`,
# `统一米价` hold no weight or length.
NOT_A_WORDS_ONE = rf"(?!(?<=[{_ENDS_IN_ONE}])一(?![{_CN_LARGE_CHARS}]))"
# Units of measure a policy or statute sets numbers in; longer names first (平方米 before 米).
# A weight in grams is one too (`2500克`, `50毫克`), as its 千克 is: not the 克 of 克服 (`一克服`).
MEASURE_UNITS = "平方公里|平方千米|平方米|立方米|千瓦时|千瓦|兆瓦|吨|公斤|千克|毫克|克(?!服)|公顷|亩|千米|公里|厘米|毫米|米|人次"
# (an Arabic number's 百/千 scales it, SCALED: `3千吨`, `2千亩`; before 克/米/瓦 it is one reading
# with the unit's own 千, quantity_key's)
MEASURE = rf"(?:{N}{SCALED}|{NOT_A_WORDS_ONE}(?![百千]){CN_DECIMAL})(?:万|亿)?(?:{MEASURE_UNITS})|(?:{N}|{CN_WITH_UNIT}|[一二三四五六七八九])周岁|{N}年一遇|{N}天"
# `4厘米×6厘米`: a size is one value
SIZE = rf"{N}(?:厘米|毫米|米)[×x*]{N}(?:厘米|毫米|米)(?:[×x*]{N}(?:厘米|毫米|米))?"
# the words that bound a measure (`年满十八周岁`, `不满十四周岁`)
MEASURE_BOUND = r"(?:不满|未满|已满|年满|满|不超过|不低于|不少于|超过|达到|约)?"
# A quantity in Chinese numerals with its unit, as one piece of text (`五十万元`, `一倍`, `百分之五`,
# `十五日`, `六个月`, `二十个工作日`, `一点五米`, `零点五个百分点`): the inline diff marks it whole, a renamed term is never one.
# The unit is required (a numeral alone is a word's character: 统一, 之一), and the units of a
# reference (条, 款, 项) are not among them.
# Like N and CN, a numeral is read from the start of its run only, its digits taken without
# giving any back: a long run of numerals with no unit after it fails once, not from each of its
# characters (tests/hostile).
# Its decimals are part of it (`一点五倍`, `百分之零点五`: DECIMALS), and its tail after 点 is none
# of its own (`一点[-五倍-]{+八倍+}` cut one multiple in two).
# A numeral and a unit are an amount only when neither belongs to a word beside it, which would
# otherwise be cut in two (统[-一日期-]{+一时间+}):
# - after 第 a numeral is an ordinal (第一年, 第三日: the first year, the third day), no amount;
# - a lone 一 is a word's last character after the closed set of words that end in it
#   (_ENDS_IN_ONE: 统一, 唯一, 同一, 单一, 划一, 专一, 合一, 逐一, 每一, 之一, 某一, 任一, 另一,
#   这一, 那一, 此一, 其一, 进一步, 归一, 如一, 择一, 均一): the same, each, one of, not a count.
#   Words taking a quantity before it (处, 满, 为, 至, 以上, 通缉, 留置...) are an open class, so
#   the words that end in 一 are listed, not those;
# - a unit starting a word of its own is that word's: 年度 and 年级 (上一年度, 每一年度, 一年级),
#   元 before 化 (一元化, 二元化: 元 there is an element, not a sum).
# `一年一度` stays an amount, as `三年一次` is one: what changes in it is its span.
# (_CN_LARGE_CHARS, _ENDS_IN_ONE and NOT_A_WORDS_ONE: above, with MEASURE, which needs them too)
# A count of things (diffing/facts.py) starts at no lone 一 after a word that picks one thing out
# (某一类别, 另一家, 这一项, 那一批): the one thing is named, not counted. Only these: most words of
# _ENDS_IN_ONE end before a real count (`选择一家银行`, `进一批`) and lost it when they swallowed the 一.
_PICKS_ONE = "某另这那此"
NOT_A_PICKED_ONE = rf"(?!(?<=[{_PICKS_ONE}])一(?![{_CN_LARGE_CHARS}]))"
CN_AMOUNT = (rf"(?:百分之|千分之)[{_CN_LARGE_CHARS}]++(?:{DECIMALS})?"
             rf"|(?<![{_CN_LARGE_CHARS}第]){NOT_IN_DECIMAL}{NOT_A_WORDS_ONE}"
             rf"[{CN_CHARS}][{_CN_LARGE_CHARS}]*+(?:{DECIMALS}{SCALED}[万萬亿億]*+)?"
             rf"(?:元(?!化)|倍|日|天|[个個]月|[个個]?工作日|年(?![度级])|小[时時]|周岁|岁|{MEASURE_UNITS}|[个個]百分点)")
# A lower and an upper end: `十万元以上五十万元以下` is one range, as `6个月以上1年以下` is.
INCLUDED = r"(?:\(含\))?"


# The number a range's first end may be written as, its unit left to the second end's: `1千至2千万元`
# is 1千万元 to 2千万元, `十至二十亩` 10 to 20 亩, `三至五倍` (ranged's `bare`). Not an ordinal's
# (第一至三), nor a word's last 一 (统一至).
_NO_BARE_END = rf"(?<![第{_ENDS_IN_ONE}])"
BARE_SCALED = rf"(?:{N}{SCALED}|{_NO_BARE_END}{CN_DECIMAL}{SCALED})(?:万亿|亿|万)?"  # a sum's or measure's
BARE_NUMBER = rf"(?:{N}|{_NO_BARE_END}{CN_DECIMAL})"  # a multiple's


def ranged(atom: str, bare: str = "") -> str:
    """A range of two `atom`s: `A以上B以下`/`A以上B以内`, `A至B`, `A-B` (the key folds — to -);
    with `bare`, the number its first end may be written as without its unit (`1千至2千万元`)."""
    shared = rf"|{bare}(?:至|到|-|~){atom}" if bare else ""
    return rf"{atom}{INCLUDED}以上{atom}{INCLUDED}(?:以下|以内)|{atom}(?:至|到|-|~){atom}{shared}"


# The same bound in other words: `不得少于三人` is `三人以上`, `十五日内` is `十五日以内`, `不超过30%` is
# `30%以下` (以上/以下/以内 include the number, as the statutes define them). A leading word is
# moved to the end as its suffix; a Chinese numeral is read as its Arabic twin.
_LOWER_WORDS = ("不得少于", "不得低于", "不少于", "不低于")
_UPPER_WORDS = ("不得超过", "不得高于", "不超过", "不高于", "不多于")
_UPPER_ENDS = ("以下", "以内", "之内", "内")
# A run of numeral characters, taken whole (not CN_NUM, which stops where a run stops being well
# formed): `十千米` is one run, read by _arabic as 十 times the 千 left after it, not as 10 and 1000
# written side by side (`101000米`).
_CN_RUN = LazyRegex(f"[{CN_CHARS}]++")
# A share in words is the share in signs (`百分之五` is `5%`, `千分之五` is `5‰`), and a numeral's
# decimals are its Arabic decimals (`零点五` is `0.5`): read before the numerals, whose run would
# otherwise take the 百 of 百分之 for a hundred (`100分之5`).
# (from a run's start, taken whole: a long run of numerals with no 点 fails once, not from each
# of its characters)
# A 百 or 千 after a numeral is its unit, not a share's (`二百分之一` is 1 in 200, not 21%); decimals
# followed by a unit character are no decimals (`八点三十分` is a time, not 8.310).
_SHARE_WORDS = LazyRegex(rf"(?<![{CN_CHARS}])([百千])分之([{CN_CHARS}]++(?:{DECIMALS})?)")
_CN_WITH_DECIMALS = LazyRegex(rf"(?<![{CN_CHARS}])([{CN_CHARS}]++)点([{_CN_DECIMAL_DIGITS}]++)({SCALED})(?![{CN_CHARS}])")
_UNIT_THOUSAND = "千(?=[瓦米克])"  # the 千 of 千瓦, 千米, 千克 (MEASURE_UNITS)
# A number of 万 before such a unit, in its units (`1万千瓦` is `10000千瓦`): the unit's 千 is read as
# no numeral after the 万
_WAN_BEFORE_UNIT_THOUSAND = LazyRegex(rf"(?<![\d.])(\d+(?:\.\d+)?)万(?={_UNIT_THOUSAND})")
# An Arabic number with a 百/千 after it (SCALED: `2.5千克`, `5千万元`), not a share's (`5百分之`)
# (`2千千瓦` too: the second 千 opens the unit 千瓦, it is no numeral after the scale)
_ARABIC_SCALED = LazyRegex(rf"(?<![\d.])(\d+(?:\.\d+)?)([百千])(?!(?!{_UNIT_THOUSAND})[{CN_CHARS}]|分之)")
_SCALES = {"百": 2, "千": 3}  # the places a 百 or 千 after a number moves its point
# A range whose first end leaves its unit to the second (`1千至2千万元`, `3-5千元`, `三至五百元`,
# `5千至1万元`), read before any numeral or scale is: each end a number, its own scale (百/千/万/亿
# after it) and, the first, no unit. The first takes the second's unit, and its scale only where its
# own is none or the head of the second's (`3-5千元` is 3千元 to 5千元, `1千至2千万元` 1千万元 to
# 2千万元): a first end with a scale of its own keeps it (`5千至1万元` is 5千元 to 1万元, not 5千万元).
# The 千 that opens a unit (千瓦, 千米, 千克) is the unit's, no scale: `5千至1万千瓦` is 5千 to 1万 千瓦.
_RANGE_END = (r"(\d+(?:\.\d+)?|[一二三四五六七八九十两零〇点百千]*?[一二三四五六七八九十两零〇])"
              rf"((?:[百万亿]|(?!{_UNIT_THOUSAND})千)*)")
_BARE_RANGE = LazyRegex(rf"{_RANGE_END}(至|到|-|~){_RANGE_END}((?:{_UNIT_THOUSAND}|(?![{CN_CHARS}万亿]))[^\d至到~\-]+)")
# A range's ends at two scales once read (`5000元-1万元`): both in the smaller, one key for
# `5千至1万元`, `5千元至1万元` and `5000元至10000元`
_MIXED_SCALE_RANGE = LazyRegex(r"(\d+(?:\.\d+)?)(万?)([^\d\-]+)-(\d+(?:\.\d+)?)(万?)([^\d\-]+)")
# 人民币 after a sum is its 元 (`5万人民币`, `5万元人民币` are `5万元`: MONEY)
_RENMINBI = LazyRegex(r"元?人民币")
_RANGE_WORD = LazyRegex(r"(?<=.)(?:至|到|~)(?=\d)")
# A number of 亿 (or 万亿) in 万, the scale one sum is stated in whatever its writing: `1亿元` is
# `10000万元`, `0.5亿元` `5000万元`
_YI = LazyRegex(r"(?<![\d.])(\d+(?:\.\d+)?)(万亿|亿)")


@lru_cache(maxsize=1024)
def quantity_key(value: str) -> str:
    """The form two values are compared in: equal keys state the same quantity and bound
    (`不得少于三人` and `三人以上`; `十五日内` and `15日以内`; `十万元` and `10万元`)."""
    bound = ""
    for words, mark in ((_LOWER_WORDS, "≥"), (_UPPER_WORDS, "≤")):
        head = next((w for w in words if value.startswith(w)), "")
        if head:
            value, bound = value[len(head):], mark
            break
    if not bound:
        if value.endswith("以上"):
            value, bound = value[:-2], "≥"
        else:
            end = next((e for e in _UPPER_ENDS if value.endswith(e)), "")
            if end:
                value, bound = value[: -len(end)], "≤"
    value = _RENMINBI.sub("元", value)
    if bare := _BARE_RANGE.fullmatch(value):
        first, first_scale, word, second, second_scale, unit = bare.groups()
        if second_scale.startswith(first_scale):
            shared = second_scale
        elif first_scale in ("百", "千") and second_scale[:1] in ("百", "千") and len(second_scale) > 1:
            shared = first_scale + second_scale[1:]  # `五百至一千万元`: 五百万元 to 一千万元, the 万 shared
        else:
            shared = first_scale
        value = f"{first}{shared}{unit}{word}{second}{second_scale}{unit}"
    value = _SHARE_WORDS.sub(lambda m: m.group(2) + ("%" if m.group(1) == "百" else "‰"), value)
    value = _CN_WITH_DECIMALS.sub(_arabic_decimal, value)
    value = _WAN_BEFORE_UNIT_THOUSAND.sub(lambda m: _shifted(m.group(1), 4), value)
    for _ in range(2):  # `2千千瓦`: the scale's 千 first (2000千瓦), then the unit's as any number's
        value = _ARABIC_SCALED.sub(lambda m: _shifted(m.group(1), _SCALES[m.group(2)]), value)
    value = _RANGE_WORD.sub("-", _CN_RUN.sub(_arabic, value))
    value = _YI.sub(lambda m: _shifted(m.group(1), 8 if m.group(2) == "万亿" else 4) + "万", value)
    if (mixed := _MIXED_SCALE_RANGE.fullmatch(value)) and mixed.group(2) != mixed.group(5) and mixed.group(3) == mixed.group(6):
        low, low_wan, unit, high, high_wan, _ = mixed.groups()
        value = f"{_shifted(low, 4 if low_wan else 0)}{unit}-{_shifted(high, 4 if high_wan else 0)}{unit}"
    return value + bound


def _shifted(number: str, places: int) -> str:
    """An Arabic number times 10**places, written exactly (`2.5`, 3 → `2500`): a 百/千 after it."""
    whole, _, decimals = number.partition(".")
    decimals = decimals.ljust(places, "0")
    whole, decimals = (whole + decimals[:places]).lstrip("0") or "0", decimals[places:].rstrip("0")
    return f"{whole}.{decimals}" if decimals else whole


def _arabic_decimal(m: re.Match[str]) -> str:
    """`一点五` → `1.5`, `零点零五` → `0.05`: the decimals read digit by digit; a 百/千 after them
    multiplies (`二点五千克` → `2500克`, as `2.5千克` is)."""
    try:
        number = f"{parse_chinese(m.group(1))}.{''.join(str(parse_chinese(d)) for d in m.group(2))}"
    except ValueError:  # a run no numeral reads (十十), or too long to write in digits: as written
        return m.group()
    return _shifted(number, _SCALES[m.group(3)]) if m.group(3) else number


def _arabic(m: re.Match[str]) -> str:
    """A run of Chinese numerals in Arabic digits. A 百/千 straight after a numeral's own unit
    multiplies it (`五十千克` is 50 千克, `一千千瓦` 1,000 千瓦, as `1000千瓦` is): no numeral puts
    one unit after another, so it opens the measure (千克) or scale. A run no numeral reads
    otherwise (`十十`, `三十五六`: 35 or 36, `一百一百`) is kept as written: no digits invented,
    and the same words still give the same key."""
    run = m.group()
    readings = [(run, 0)]
    if len(run) >= 2 and run[-2] in "十百千" and run[-1] in _SCALES:
        readings.append((run[:-1], _SCALES[run[-1]]))
    for numeral, places in readings:
        try:
            return _shifted(str(parse_chinese(numeral)), places)
        except ValueError:  # malformed, or too long to write in digits (a hostile run)
            continue
    return run
