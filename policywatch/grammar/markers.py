"""The clause-marker grammar: marker families as one table, canonical labels, line matching.

Each row of FAMILIES says how a line-start marker looks, how its numeral reads and how its
label is written in paths. Width variants share one family (（一）≡(一), 1.≡1．≡1、, （1）≡(1));
labels are canonical (full-width parentheses, Chinese numerals for 第X条, digits for 专栏/附件),
so a change of width or dot between versions never changes a path; a half-bracket item (`1）`,
`a）`) keeps its one bracket, as a reader cites it. A new marker style is one
new row here; segmentation, alignment and reports all derive from this table.

Statute levels: 编 (book) ⊃ 分编 ⊃ 章 ⊃ 节 ⊃ 条 (第X条之一 is an article of its own) ⊃ 款
(counted, never written: see PARAGRAPH) ⊃ 项 （一） ⊃ 目 1.; policy levels: 一、 ⊃ （一） ⊃ 1. ⊃ （1） ⊃ ①.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import takewhile
from typing import NamedTuple

from policywatch.grammar.numerals import (
    AR_NUM,
    AR_STATUTE_NUM,
    CN_ORDINAL,
    CN_STATUTE_ORDINAL,
    format_chinese,
    format_circled,
    parse_chinese,
    parse_enclosed,
    parse_number,
)
from policywatch.lazyre import LazyRegex

# Words after 第X条 that make it a cross-reference wrapped to a line start, not an article
# (第四条规定的条件, 第四条第二款, 第三条至第五条, 第十条之规定).
_REFERENCE_AFTER = "规定|的|所|第|至|到|、|和|或|及|中|之"
SPACES = " \t\u3000\u00a0"


class Family(NamedTuple):  # a table row read once per distinct marker: created at import ~8x faster than a dataclass
    """One row of the grammar. rank orders numbered families (outermost first); None = unranked."""

    name: str
    rank: float | None
    pattern: str  # regex at line start; group "n" holds the numeral (absent for positional)
    parse: Callable[[str], int]
    label: Callable[[int], str]
    example: str  # one verbatim marker line from the seeds (or the usual form), tested per row
    # whether the marker is looked for inside a line too (a compound line, a flattened page):
    # a bare or dotted number inside a sentence is a cross-reference (`按 5.1 的规定`), never a clause
    inline: bool = True


def _letter(letter: str) -> int:
    return ord(letter) - 96


def _letter_label(n: int) -> str:
    return f"（{chr(96 + n)}）"


def _half_letter_label(n: int) -> str:
    """`a)` / `a）` is labelled as written (widths folded): it is cited so (`第二條a)項`), never `（a）`."""
    return f"{chr(96 + n)}）"


def _half_number_label(n: int) -> str:
    """`1)` / `1）` is labelled as written (widths folded): a reader finds and cites `1）` in the
    text, never a `（1）` it does not hold. Same family as `（1）`: the sequence checks and the
    alignment read the number, so a list rewritten from one form to the other is renumbered nowhere."""
    return f"{n}）"


def same_number(a: str, b: str) -> bool:
    """Labels `a` and `b` name one number written with both brackets or one (`（1）` and `1）`,
    `（a）` and `a）`; a `#k` suffix compared too): a list rewritten from one form to the other
    was renumbered nowhere."""
    return a.removeprefix("（") == b.removeprefix("（")


def _pos(sign: str) -> Callable[[int], str]:
    return lambda k: f"{sign}{k}"


def _statute(unit: str) -> Callable[[int], str]:
    return lambda n: f"第{format_chinese(n)}{unit}"


_NUM = f"(?P<n>{CN_STATUTE_ORDINAL}|{AR_STATUTE_NUM})"  # the numeral of a statute level (第X条 … 第X编; 第一万零一条)
# What a number in a sentence goes on with (a unit, a range word): no heading opens so.
_NOT_A_UNIT = "(?![万亿萬億千仟百佰元倍个個家项項名人次年月日号號天周週小时時分秒米克吨噸度亩畝平方公里余餘多至到左以版岁歲])"
_STATUTE_HEAD = rf"第\s*{_NUM}\s*"  # what the statute levels' markers (第X部分 … 第X条) open with
# Punctuation right after 第X章/节/编/部分 makes it a reference wrapped to a line start
# (`…见` / `第四部分。`), never a heading.
_NOT_A_HEADING = "(?![。，；、,;])"
# Matching order matters only where patterns overlap (none of these do at the same position).
FAMILIES: tuple[Family, ...] = (
    Family("part", 0, rf"第\s*{_NUM}\s*(?:部分|篇){_NOT_A_HEADING}", parse_number, _statute("部分"), "第一部分 总体要求"),
    Family("book", 0, rf"第\s*{_NUM}\s*编{_NOT_A_HEADING}", parse_number, _statute("编"), "第一编 总则"),
    Family("subbook", 1, rf"第\s*{_NUM}\s*分编{_NOT_A_HEADING}", parse_number, _statute("分编"), "第一分编 通则"),
    Family("chapter", 2, rf"第\s*{_NUM}\s*章{_NOT_A_HEADING}", parse_number, _statute("章"), "第一章 总则"),
    Family("section", 3, rf"第\s*{_NUM}\s*[节節]{_NOT_A_HEADING}", parse_number, _statute("节"), "第二节 资金管理"),
    # 第X条之一 is an inserted article; the label keeps 之一 (number: the base article's)
    # 條 / 節: the traditional forms (Macau, Hong Kong, Taiwan texts); the label is written 条 / 节
    Family("article", 4, rf"第\s*{_NUM}\s*[条條](?:之(?P<s>[一二三四五六七八九十]{{1,3}}))?(?![件款例]|{_REFERENCE_AFTER})",
           parse_number, _statute("条"), "第一条为引导推动广州人工智能与数字经济试验区"),
    Family("cn", 5, rf"(?P<n>{CN_ORDINAL})\s*[、，,](?![0-9])", parse_chinese, format_chinese, "一、总体要求"),
    Family("pcn", 6, rf"[（(]\s*(?P<n>{CN_ORDINAL})\s*[)）]", parse_chinese,
           lambda n: f"（{format_chinese(n)}）", "(一) 强化前沿基础研究，推进核心关键技术攻关。"),
    Family("pcn", 6, r"(?P<n>[\u3220-\u3229])", parse_enclosed,
           lambda n: f"（{format_chinese(n)}）", "㈠加强组织领导"),
    # dotted numbering (standards, guides: 3.1 ⊂ 3, 3.1.1 ⊂ 3.1), one family per depth, deepest
    # first; labelled as written. Each pattern (and the bare number's, the question's below) opens
    # with one character class, so _LINE_MARKER rejects it on a line's first character. Never a decimal amount (2.43亿元, 1.5倍, 0.5个百分点, 2.0版): a unit
    # or a digit after it makes it a number in a sentence.
    *(Family(f"ar{depth}", 7 + depth / 10, rf"(?P<d>[0-9][0-9]?(?:[.．][0-9]{{1,3}}){{{depth - 2}}}[.．](?P<n>[0-9]{{1,3}}))"
             rf"(?![.．]?[0-9０-９A-Za-z%％])[.．、]?(?=[{SPACES}]*(?:$|{_NOT_A_UNIT}[\u4e00-\u9fff“《（(]))",
             parse_number, str, example, inline=False)
      for depth, example in ((4, "1.2.3.4 检验规则"), (3, "3.1.1 数据存储服务"), (2, "3.1 术语和定义"))),
    # never a number with a digit or Latin letter after (2.3万个, 69.html: a piece of a link)
    Family("ar", 7, rf"(?P<n>{AR_NUM})\s*[.．、](?![0-9０-９A-Za-z])", parse_number, str, "1．打造产业集聚发展高地。"),
    # a bare number before a short heading, alone on its line (standards: `1 范围`, `4 总则`; the
    # normalizer removes the blank: `1范围`): the same family as 1. Never a number with a unit
    # (10万元, 2家, 3至5个) nor a line holding a sentence, a table row (`1⇥企业名称`) or more digits.
    Family("ar", 7, rf"(?P<n>[0-9][0-9]?)(?![0-9])[ \u3000\u00a0]*(?={_NOT_A_UNIT}[\u4e00-\u9fff]"
           rf"[^，。；：,;:！？!?\t0-9０-９]{{0,24}}$)", parse_number, str, "1 范围", inline=False),
    Family("ar", 7, r"(?P<n>[\u2488-\u249b])", parse_enclosed, str, "⒈加强基础研究"),
    Family("par", 8, rf"[（(]\s*(?P<n>{AR_NUM})\s*[)）]", parse_number, lambda n: f"（{n}）",
           "(1) 人工智能产业项目补助资金申报书；"),
    Family("par", 8, r"(?P<n>[\u2474-\u2487])", parse_enclosed, lambda n: f"（{n}）", "⑴加强基础研究"),
    Family("par", 8, rf"(?P<n>{AR_NUM})\s*[)）](?![0-9０-９A-Za-z])", parse_number, _half_number_label,
           "1）加大信贷投放力度；"),
    Family("circ", 9, r"(?P<n>[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])", parse_enclosed,
           format_circled, "①加强基础研究"),
    # Latin letters: items under a 项 in Macau and Hong Kong texts (`a)啟程津貼為…`, `(b) …`)
    Family("alpha", 10, r"[（(]\s*(?P<n>[a-z])\s*[)）]", _letter, _letter_label, "(b) 日津貼分別為"),
    # the half-bracket form only for a short list (a–h): a re-wrap cutting `（smart economy）` before
    # its last letter leaves `y）集群…` at a row start
    Family("alpha", 10, r"(?P<n>[a-h])[)）](?![0-9０-９A-Za-z])", _letter, _half_letter_label,
           "a)啟程津貼為澳門元二千七百元;"),
    Family("box", None, rf"专栏\s*{_NUM}\s*[：:]?", parse_number, lambda n: f"专栏{n}", "专栏 14 四大核心产业重点项目"),
    # 附件 / 附表 / 附录 with an Arabic or Chinese number (附件一, 附件 1：, 附表2); a bare 附件：
    # opens the list of annex titles (附件：1. …)
    Family("annex", None, rf"(?P<a>附件|附表|附录)(?:\s*(?P<n>{AR_NUM}|[一二三四五六七八九十]{{1,3}})\s*"
           r"(?:[：:]|(?=\s|$))|\s*[：:]|\s*$|(?<=[表录])(?=\s))", parse_number, lambda n: f"附件{n}", "附件 1："),
    # a question of a Q&A interpretation (一问一答): 问：, 问题3：, Q2:, 记者：; its 答： is its text
    Family("question", None, r"[问問提Qq记](?:(?<=[问問])(?:题\s*(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3}))?|(?<=提)[问問]"
           r"|(?<=[Qq])\s*[0-9]{0,3}|(?<=记)者)\s*[：:]",
           int, _pos("问"), "问：哪些用人单位可以享受稳岗返还政策？"),
    Family("dash", None, r"——", int, _pos("——"), "——产业规模不断壮大。"),
    Family("bullet", None, r"[●•▪■◆◇·]", int, _pos("•"), "● 以柔性装配等复杂作业为目标"),
)
RANKS = {f.name: f.rank for f in FAMILIES}
# Families whose labels are positions a reader never sees written: counted, never renumbered.
POSITIONAL = {"dash": "——", "bullet": "•", "lead": "¶", "question": "问"}
PARAGRAPH = "para"  # 款: an unmarked paragraph of an article after its first; label 第二款…
COUNTED = frozenset({*POSITIONAL, PARAGRAPH})
ARTICLE_LEVEL = frozenset({"article"})  # the families whose paragraphs are 款
STATUTE_LEVELS = frozenset({"part", "book", "subbook", "chapter", "section", "article"})
STATUTE_GROUPS = STATUTE_LEVELS - ARTICLE_LEVEL  # the headings that group articles (编 … 节)


def paragraph_label(k: int) -> str:
    """The label of the k-th 款 of an article (k ≥ 2: the first 款 is the article's own text)."""
    return f"第{format_chinese(k)}款"


FIRST_PARAGRAPH = "/第一款"  # a change record's address of an article's own text (diffing/compare.py)


def clause_path(path: str) -> str:
    """The clause a change record's path addresses: `…第十条/第一款` is the article `…第十条`
    (its own text; the segmenter gives the first 款 no node of its own)."""
    return path[: -len(FIRST_PARAGRAPH)] if path.endswith(FIRST_PARAGRAPH) else path


# Markdown remnants to ignore before a marker (never used for depth) and the leading blanks.
# Atomic: no marker starts with a blank or #-*+, so giving back prefix characters never lets a
# marker match, and retrying every split of a long blank run between the two blank repeats took
# quadratic time (15,000 blanks before a word: 90 s).
# A law database's tag naming the unit a line opens (`【章名】 第一章 总则`, `【节名】`, `【条文】`) is
# skipped the same way: a field label in lenticular brackets, no marker of its own.
_UNIT_TAG = r"【(?:编|分编|章|节|条)(?:名|文)?】"
_PREFIX = LazyRegex(rf"(?>[{SPACES}]*(?:#{{1,6}}[{SPACES}]+|[-*+][{SPACES}]+|{_UNIT_TAG})?[{SPACES}]*)")


@cache  # each family's pattern serves three alternations, built at import
def _ungrouped(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


# The leading families that open with _STATUTE_HEAD (第X部分/编/分编/章/节/条).
_HEADED = tuple(takewhile(lambda f: f.pattern.startswith(_STATUTE_HEAD), FAMILIES))


def _alternation(families: tuple[Family, ...], end: str = "") -> str:
    """The patterns of `families` (FAMILIES or a part of it that keeps the statute levels it
    opens with) in one alternation without groups, in their order, each followed by `end`.

    The statute levels' shared `第 NUMERAL` is written once: its numeral classes then compile
    once, not six times (~2 ms on every cold run). Matches are the same: each of those families
    goes on with a word that is neither a blank nor a numeral, so the head ends at one place
    only, and the families are tried there in their order."""
    head = len(_STATUTE_HEAD)
    return "|".join((
        f"{_ungrouped(_STATUTE_HEAD)}(?:{'|'.join(_ungrouped(f.pattern[head:]) + end for f in _HEADED)})",
        *(_ungrouped(f.pattern) + end for f in families[len(_HEADED):]),
    ))


# Every family's pattern: for modules that only ask whether (and where) a line starts with a
# marker (normalize's line joining, extract's clause counts).
MARKER_ALTERNATION = _alternation(FAMILIES)
# The ranked families' patterns (the numbered markers a list nests): where a second marker may
# start inside a line (the segmenter's _SPLIT_AT). The ranked families come first in FAMILIES,
# so at a place where one of these matches, match_marker() reads a ranked family too.
RANKED_ALTERNATION = _alternation(tuple(f for f in FAMILIES if f.rank is not None and f.inline))
# The characters a marker of RANKED_ALTERNATION opens with: one class tried before the alternation
# rejects nearly every place (a comma, a blank) at once (tests/diffing/test_segment_scans.py checks
# that every inline ranked family's example opens with one of them).
RANKED_FIRST = "第一二三四五六七八九十百千零〇两0-9０-９（(a-z\u2460-\u249b\u3220-\u3229\u3251-\u325f\u32b1-\u32bf"
NUMBERED = frozenset(f.name for f in FAMILIES if f.rank is not None) | {"box", "annex"}
# One regex call per line. Group 1 is the Markdown prefix and blanks (the marker starts at its
# end); each family's pattern is followed by an empty group, so m.lastindex - 2 is the family's
# index in FAMILIES and m.start(m.lastindex) where the marker ends. The blanks after a marker
# are matched with it: m.end() is where the text starts (the blanks never change which
# alternative matches). No group opens an alternative, so the regex engine rejects most
# alternatives on the line's first character without entering them (a capturing group at the
# start of each alternative, as the numerals have in FAMILIES, makes it enter all 19: the
# match cost ~2.2x as much); _read() reads the numeral with the family's own pattern, once per
# distinct marker. No marker starts with a prefix character (blank, #, -, *, +), so at a
# given position a marker matches here with an empty prefix exactly when the bare alternation
# would match there: one compiled pattern serves both uses of match_marker().
_LINE_MARKER = LazyRegex(f"({_PREFIX.pattern})(?:{_alternation(FAMILIES, '()')})[{SPACES}]*")
_FAMILY_PATTERNS = tuple(LazyRegex(f.pattern) for f in FAMILIES)  # compiled when a marker is first read


@dataclass(frozen=True, slots=True)  # not a NamedTuple: slots are read faster (every marker line)
class Marker:
    """A marker found at the start of a line: its family, number and where the rest begins."""

    family: str
    number: int | None  # None for positional markers and for an annex list (附件：1. …)
    label: str  # canonical label; "" for positional markers (their position decides it)
    start: int  # where the marker starts in the line (after any Markdown prefix)
    body_start: int  # where the text after the marker (and its blanks) starts
    spaced: bool  # blanks between the marker and the text
    sub: int = 0  # 之一 → 1 on an inserted article (第五条之一)


def starts_clause(line: str, families: frozenset[str] | None = None) -> bool:
    """Whether `line` starts with a marker (of one of `families`, when given)."""
    m = match_marker(line)
    return m is not None and (families is None or m.family in families)


def strip_marker(text: str) -> str:
    """`text` without its leading numbered marker (`（三）`, `第五条`, `2.`) and the blanks after."""
    m = match_marker(text)
    return text[m.body_start:] if m is not None and m.family in NUMBERED else text


def content_start(line: str) -> int:
    """Index of the first character after blanks and a Markdown heading or list prefix."""
    return _PREFIX.match(line).end()


def match_marker(line: str, pos: int | None = None) -> Marker | None:
    """The marker at the start of `line` (or at `pos`), or None."""
    m = _LINE_MARKER.match(line) if pos is None else _LINE_MARKER.match(line, pos)
    if m is None:
        return None
    group = m.lastindex
    start, end = m.end(1), m.start(group)
    if pos is not None and start != pos:  # only blanks or Markdown there: no marker at pos
        return None
    body = m.end()
    # The family and the marker's own text decide number and label (the numeral lies inside
    # it): a marker written before is looked up instead of read again.
    key = (group, line[start:end], start, body)
    marker = _KNOWN.get(key, _UNREAD)
    if marker is _UNREAD:
        marker = _read(line, group - 2, start, end, body)
        if len(_KNOWN) < 8192:
            _KNOWN[key] = marker
    return marker


def _read(line: str, index: int, start: int, end: int, body: int) -> Marker | None:
    """The Marker of the family FAMILIES[index] found at line[start:end], None if its numeral
    does not parse. The family's own pattern matches there as it did in _LINE_MARKER (the
    first alternative that matches is the one taken), with the numeral in its groups."""
    family = FAMILIES[index]
    groups = _FAMILY_PATTERNS[index].match(line, start).groupdict()
    numeral = groups.get("n")
    number = label = None
    sub = 0
    if numeral is not None:
        try:
            number = family.parse(numeral)
        except ValueError:
            return None
        label = family.label(number)
        if (dotted := groups.get("d")) is not None:  # 3.1.1: labelled as written, in half width
            label = dotted.replace("．", ".")
        if written := groups.get("s"):
            sub = parse_chinese(written)
            label += "之" + written
    if (kind := groups.get("a")) is not None:
        label = f"{kind}{number}" if number is not None else kind
        if number is None and kind != "附件":
            number = 0  # an unnumbered 附表 / 附录 is an annex of its own, not a list of titles
    return Marker(family.name, number, label or "", start, body, body > end, sub)


# Markers are immutable values and repeat endlessly (`1.` at the line start, spaced): building
# a frozen dataclass and parsing its numeral cost more than the match, so each distinct one is
# read once. Key: (family group number, marker text, start, body start); None for a numeral that fails.
_KNOWN: dict[tuple[int, str, int, int], Marker | None] = {}
_UNREAD = object()


# The leading marker of a comparison key (NFKC, blanks removed: （一） is (一), 1． is 1.).
_KEY_CN = "一二三四五六七八九十百千零〇两"
KEY_MARKER = LazyRegex(
    rf"^(?:第[{_KEY_CN}\d]+(?:部分|篇|分编|编|章|节|条(?:之[{_KEY_CN}]+)?|款|项)|[{_KEY_CN}]+[、,.]"
    rf"|\([{_KEY_CN}\d]+\)|\d{{1,3}}\)|\([a-z]\)|[a-h]\)|\d{{1,3}}[.、](?!\d)"
    rf"|[①-⑳]|——|[●•▪■◆·]|专栏[{_KEY_CN}\d]+[:：]?|(?:附件|附表|附录)[{_KEY_CN}\d]*[:：]?)"
)
