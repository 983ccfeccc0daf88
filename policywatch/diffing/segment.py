"""Clause segmentation: display text → ClauseTree, with a stack of open clauses (clauses.md §6.3).

Nesting is worked out from the order markers appear in, never from Markdown `#` depth: a family
already open is a sibling (pop to it), a new family is a child (after closing open families of
its rank or lower: 一、 closes 1.), numbering restarts inside a 专栏 box, and a number that breaks
the box's sequence but continues a list outside it climbs out to that list.
Every non-empty input line ends up, verbatim, in exactly one clause's text; a line holding two
markers (`（四）…生态。1. 建设…`) is cut in two at the second marker, so the two clauses' texts
concatenate back to the line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from policywatch.diffing.compilation import split_compilation, toc_span
from policywatch.diffing.memo import Memo
from policywatch.diffing.numbering import POSITIONAL, RANKS, Marker, content_start, heading_of, match_marker
from policywatch.diffing.statute import adoption_note_end, statute_toc, toc_end
from policywatch.diffing.zones import head_end, is_title_line, tail_start
from policywatch.grammar import (
    PARAGRAPH,
    RANKED_ALTERNATION,
    RANKED_FIRST,
    STATUTE_GROUPS,
    WIDTH_FOLD,
    format_chinese,
    paragraph_label,
    parse_number,
)
from policywatch.grammar.docnumber import parse_doc_number
from policywatch.lazyre import LazyRegex
from policywatch.model import Clause, ClauseTree
from policywatch.normalize import comparison_keys
from policywatch.normalize.layout import cuts_a_number
from policywatch.normalize.rules import HEADING_MAX, TITLE_NOT_HEADER_ENDS

# An unnumbered lead-in paragraph: a short first sentence, then the body (坚持创新引领。把握…).
_LEAD = LazyRegex(r"[^。，、；：,;:\d（(\s#>-]{2,18}。")
_TOC_LINE = LazyRegex(r".*(?:\.{3,}|…{2,}|·{3,})\s*\d{1,4}\s*$")
# Where a second marker may start: after 。；; or blanks, or glued to CJK text (digits and
# brackets only), and only where the grammar's numbered (ranked) families match: the lookaheads
# are markers.RANKED_ALTERNATION, so a family added there is found here too, and match_marker()
# is never called at the many `（责任单位` or `2023年` places (most lines have no candidate).
# The pattern opens with one character class, the union of the separators and the glued
# marker characters, so the regex engine skips along to candidates in its fast scan (an
# alternation of two classes is tried branch by branch at every position, ~1.7x slower).
# The classes are disjoint, so the lookbehind picks the branch: a separator (and blanks)
# before a marker, or the glued marker's first character after CJK text (the separator is
# empty; its marker starts one character back): see _separators().
_SEPARATORS = "。；;：:）)，,— \t\u3000"
# A comma separates only a list flattened into one paragraph (`一、政策内容…,二、适用对象…`): the
# same family's next number after it is a clause; any other marker there is a number in a sentence.
_COMMAS = "，,"
_GLUED = "0123456789０１２３４５６７８９（("
_SPLIT_AT = LazyRegex(
    rf"[{_SEPARATORS}{_GLUED}]"
    rf"(?:(?<=[{_SEPARATORS}])[ \t\u3000]*(?=[{RANKED_FIRST}])(?={RANKED_ALTERNATION})"
    rf"|(?<=[\u4e00-\u9fff][{_GLUED}])(?<=(?={RANKED_ALTERNATION}).))"
)
# Words that go on a sentence after a cited article (`…第五十二条 以及本规定`, `第三十二条 的规定`):
# no article's text opens with them (和解, 及时, 等级 and 至今 do, so those are left out).
_GOES_ON = LazyRegex(r"以及|的|之|所|、|或者|和(?!解)|及(?!时)|等(?!级)|规定")
_ENCLOSED = frozenset(map(chr, (*range(0x2474, 0x249C), *range(0x3220, 0x322A))))  # ⑴… ⒈… ㈠…
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_HALF_BRACKET = LazyRegex(r"[0-9０-９]+\s*[)）]")


def _cjk_at(text: str, pos: int) -> bool:
    """Whether a CJK ideograph (or an opening “《「) stands at pos: words follow, not a number.
    (A comparison, not a regex: a class over 20 000 code points takes milliseconds to compile.)"""
    char = text[pos:pos + 1]
    return bool(char) and ("\u4e00" <= char <= "\u9fff" or char in "“《「")


def _style(text: str, m: Marker) -> str:
    """The written style of a marker inside its family: one enclosed character (㈠ ⑴ ⒈), a half
    bracket (1）), or brackets and dots (""). A second style starting at 1 is a nested list."""
    first = text[m.start]
    if first in _ENCLOSED:  # one-character markers
        return "enclosed"
    return "half" if first in _DIGITS and _HALF_BRACKET.match(text, m.start) else ""


# markers a wrap can forge from a number in the text (`排名前` / `三，市场占有率…` forges a 三、)
_WRAPPABLE = frozenset({"ar", "par", "circ", "cn", "alpha"})
_ITEM_FAMILIES = ("dash", "bullet", "lead")  # positional items: popped by any numbered marker
# A 款 (counted paragraph of an article) closes at the next article or any outer level, and
# holds the 项 written after it.
_RANKS = {**RANKS, PARAGRAPH: RANKS["article"] + 0.5}


@dataclass(eq=False, slots=True)
class _Node:
    family: str
    label: str
    number: int | None
    heading: str
    path: tuple[str, ...]
    lines: list[str] = field(default_factory=list)
    # positional labels given per family: _count(); made on first use (most nodes never hold
    # a counted child: a dict per node was ~20% of building one)
    counters: dict[str, int] | None = None
    glyph: str = ""  # how the marker is written, within its family: see _style()


def _count(node: _Node, family: str, first: int) -> int:
    """The next number of a counted child (款, ——, •, ¶) of `node`: `first` for the first one."""
    if node.counters is None:
        node.counters = {}
    k = node.counters[family] = node.counters.get(family, first - 1) + 1
    return k


def _is_lead(line: str, previous: str, previous_marker: Marker | None) -> bool:
    """An unnumbered lead-in paragraph that starts a paragraph (not a PDF row that continues
    the previous one: the previous line is a marker line or ends a sentence)."""
    return bool(_LEAD.match(line.strip())) and (
        previous_marker is not None or previous.rstrip()[-1:] in _SENTENCE_FINAL)


_SENTENCE_FINAL = set("。；;：:！!？?）)”")
_PARAGRAPH_END = frozenset("。！!？?")  # a paragraph that introduces nothing after it
_CLAUSE_PUNCT = LazyRegex("[，,、；;]")


def _cut_sentence(line: str) -> bool:
    """Whether a line not ending a sentence reads as running text cut short (commas inside, or
    longer than a heading), not as a heading line."""
    return len(line) > HEADING_MAX or _CLAUSE_PUNCT.search(line) is not None


_SENTENCE_PUNCT = LazyRegex(r"[。；;：:！!？?，,]")
_TITLE_PIECE_MAX = 30


def _is_title_piece(line: str) -> bool:
    """A short line without sentence punctuation: may be the rest of a cut title."""
    text = line.strip()
    return len(text) <= _TITLE_PIECE_MAX and not _SENTENCE_PUNCT.search(text)


_HEADING_ROWS = 2  # rows a 编/章/节 heading's words may run on over
_HEADING_JOINS = "和、与及"  # a heading ending in one of these was cut by a row break
# A heading cut by a row break without a joining word at the cut (`第二章 公共数据目录管理` /
# `采集汇聚`): its first row is long enough for a row to end in it (`第三章 安全` fits any row),
# and the rest is a few words alone on their line, right before the chapter's first article;
# not a sentence about the text (`本章适用于…`: 本章/本节/本条例 open one), nor the title a
# running header repeats.
_HEADING_CUT_MIN = 4
_HEADING_PIECE_MAX = 10
_SELF_REFERENCE = "本"
# a gazette's or collection's name a page header prints (`某市人大常委会公报`, `地方性法规汇编`):
# page furniture, never the rest of a heading
_PUBLICATIONS = ("公报", "汇编", "选编", "简报", "专刊", "年鉴", "文件")


def _heading_rest(lines: Sequence[str], markers: Sequence[Marker | None], i: int, end: int,
                  titles: Sequence[str] = ()) -> str:
    """The words of the 编/章/节 heading on line i that a PDF row break put on the lines after
    it (`第三章 公共数据共享、开放和` / `授权运营`, `第一章` / `总则`): short unmarked title pieces
    right before the next marker (a paragraph is no piece: it holds sentence punctuation). Only
    a heading that looks cut has them: bare, or ending in a joining word; else one short piece
    right before an article (_HEADING_CUT_MIN…: `第三章 安全` is whole, and the line after it
    its chapter's text). `titles`: the document's title lines and rows repeated in it."""
    words = lines[i][markers[i].body_start:].strip(" \t\u3000") if markers[i] is not None else ""
    if words and words[-1] not in _HEADING_JOINS:
        return _heading_piece(lines, markers, i, end, words, titles)
    j = i + 1
    while j < end and j - i <= _HEADING_ROWS and markers[j] is None and _is_title_piece(lines[j]):
        j += 1
    if j == i + 1 or j >= end or markers[j] is None:
        return ""
    return "".join(line.strip(" \t\u3000") for line in lines[i + 1:j])


def _heading_piece(lines: Sequence[str], markers: Sequence[Marker | None], i: int, end: int, words: str,
                   titles: Sequence[str]) -> str:
    """The rest of a heading cut without a joining word at the cut (see _HEADING_CUT_MIN), or ''."""
    if len("".join(words.split())) < _HEADING_CUT_MIN or i + 2 >= end or markers[i + 1] is not None:
        return ""
    following = markers[i + 2]
    piece = lines[i + 1].strip(" \t\u3000")
    if following is None or following.family != "article" or not _is_title_piece(piece):
        return ""
    if (len(piece) > _HEADING_PIECE_MAX or piece.startswith(_SELF_REFERENCE) or piece in titles
            or piece.endswith(_PUBLICATIONS)):
        return ""
    return piece


# Words opening a paragraph that refers back to a whole list (`以上奖励就高不重复享受`, `上述措施`,
# `前述各项`): the summing-up paragraph after its last item. 上述/前述/上列/前列 are words of their
# own before what they name; `以上` is one only before a count or what a list holds (以上各项,
# 以上所列, 以上两项, 以上奖励/政策/措施…): `以上率下` is an idiom and `以上海为龙头` is 以 + 上海.
_BACK_REFERENCED = ("各|所|[一二三四五六七八九十两0-9]+[项条款类种个]|奖励|奖补|补贴|补助|资助|资金|政策|措施|条款|规定|事项|"
                    "内容|项目|单位|材料|费用|支持|扶持|优惠|情形|要求|标准|条件|任务|工作|意见|办法")
_SUMS_UP = LazyRegex(rf"[ \t\u3000]*(?:(?:上述|前述|上列|前列|前款所列)(?=[\u4e00-\u9fff0-9])|以上(?:{_BACK_REFERENCED}))")
# the clauses a summing-up paragraph never leaves: a document's parts, articles, annexes, boxes
_NOT_ITEMS = frozenset({*STATUTE_GROUPS, "article", PARAGRAPH, "annex", "box", "caption", "document", "question"})


_INTRODUCES = "：:"


def _own_list_entries(node: _Node) -> int:
    """How many entries a clause's own text ends in a list of: a line introducing it (`…提交下列
    材料：`) and two or more paragraphs (or table rows) after it, none of them introducing more;
    0 when it holds none. A paragraph summing up right after it (`上述材料须加盖公章。`) may
    close that list, the nearest one, and speak of this clause's entries (_Document._sums_up_list)."""
    lines = node.lines
    entries = 0
    for k in range(len(lines) - 1, 0, -1):  # the marker line itself is never an entry
        above = lines[k - 1].rstrip()
        if not above:
            continue
        if above[-1] in _INTRODUCES:
            return entries + 1 if entries + 1 >= 2 else 0
        # a paragraph starts after one that ends a sentence; a table row is one on its own
        entries += above[-1] in _SENTENCE_FINAL or "\t" in lines[k]
    return 0


# the count a summary names (`以上两项奖励`, `上述3类材料`): which list it closes, when the item's
# own list and the list of items differ in length
_STATED_COUNT = LazyRegex(r"[ \t\u3000]*(?:以上|上述|前述|上列|前列)([一二三四五六七八九十两0-9]+)[项条款类种个]")


def _is_annex_list(node: _Node) -> bool:
    """The `附件：1. …` node: a leaf that any marker closes."""
    return node.family == "annex" and node.number is None


class _Builder:
    """Collects nodes in document order and keeps their paths unique."""

    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self._paths: set[tuple[str, ...]] = set()
        # the last suffix given to a repeated path: a label repeated n times under one parent
        # (a table of 1. rows, a list restarting on every page) costs n steps, not n²/2
        self._repeats: dict[tuple[str, ...], int] = {}

    def add(self, parent: tuple[str, ...], family: str, label: str, number: int | None,
            heading: str, text: str) -> _Node:
        path = first = (*parent, label)
        if path in self._paths:  # duplicate numbers (PDF damage, a list restarting)
            k = self._repeats.get(first, 1)
            while path in self._paths:
                k += 1
                path = (*parent, f"{label}#{k}")
            self._repeats[first] = k
        self._paths.add(path)
        node = _Node(family, path[-1], number, heading, path, [text] if text else [])
        self.nodes.append(node)
        return node

    def clauses(self) -> tuple[Clause, ...]:
        """The nodes as Clauses. A clause built before on the same text is reused when it is
        the same clause (the second version of a diff: a frozen Clause costs ~1.5 us to build);
        the keys of texts never seen are computed in one batch."""
        nodes = self.nodes
        texts = ["\n".join(n.lines) for n in nodes]
        known = list(map(_CLAUSES.get, texts))
        missing = list(dict.fromkeys(t for t, c in zip(texts, known, strict=True) if c is None))
        keys = dict(zip(missing, comparison_keys(missing), strict=True)) if missing else {}
        fresh: dict[str, Clause] = {}
        for k, (n, text, c) in enumerate(zip(nodes, texts, known, strict=True)):
            if c is None or (c.path, c.heading, c.number, c.family) != (n.path, n.heading, n.number, n.family):
                c = known[k] = fresh[text] = Clause(n.path, n.family, n.label, n.heading, text,
                                                    keys[text] if c is None else c.key, n.number)
        _CLAUSES.update(fresh)
        return tuple(known)


# Memo tables (memo.py): what a line alone decides, and the clauses built on a text.
_LINE_PIECES = Memo(8_000_000)  # line → _line_pieces(line)
_MARKER_LINES = Memo(4_000_000)  # numbered marker line → _MarkerLine
_CLAUSES = Memo(8_000_000)  # clause text → the last Clause built on it (its key is the text's)


def segment(text: str, *, title: str = "") -> ClauseTree:
    """Segment a document's display text (one paragraph per line) into its clause tree."""
    lines, markers = _split_list_starts([line for line in text.splitlines() if line.strip()])
    for i in (*toc_span(lines), *statute_toc(lines, markers)):
        markers[i] = None
    for i in range(1, len(lines)):  # `咨询电话：618894` / `53）…`: a wrap inside a number, no marker
        if markers[i] is not None and markers[i].number is not None and cuts_a_number(lines[i - 1], lines[i]):
            markers[i] = None
    _unnumbered_chapters(lines, markers)
    _bare_questions(lines, markers)
    quoted = _quoted_blocks(lines, markers)
    _note_lists(lines, markers)
    _lone_annex_labels(lines, markers)
    _title_part(lines, markers)
    builder = _Builder()
    compilation = split_compilation(lines, markers)
    if compilation is None:
        found = _Document(builder, (), title).run(lines, markers, quoted)
        return ClauseTree(builder.clauses(), title or found)
    front, members = compilation
    if front:
        builder.add((), "head", "头", None, "", "\n".join(lines[:front]))
    for member in members:
        label = f"文件{member.number}"
        builder.add((), "document", label, member.number, member.title,
                    "\n".join(lines[member.start:member.body]))
        _Document(builder, (label,), member.title).run(lines[member.body:member.end],
                                                       markers[member.body:member.end],
                                                       quoted[member.body:member.end])
    return ClauseTree(builder.clauses(), title or lines[0].strip())


# A chapter heading printed without its number (`附 则` between 第四十九条 and 第五十条 of a text
# in chapters, as a law database may print the last one): a few words alone on a line, between a
# sentence's end and an article. No 款 is written so (a 款 ends in punctuation).
_BARE_HEADING = LazyRegex(r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,5}")
# A chapter's name where the numbering leaves a gap for it (`农业技术推广体系`, `规划、建设和管理`)
_CHAPTER_NAME = LazyRegex(r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff、]){1,19}")


# A standard's title names its part (GB/T 1.1: `信息技术 云数据存储和管理` / `第 1 部分: 总则`): an
# Arabic number and a colon, right under the title's first line.
_TITLE_PART = LazyRegex(r"[ \t\u3000#]*第\s*[0-9]{1,2}\s*部分\s*[：:]")


def _title_part(lines: Sequence[str], markers: list[Marker | None]) -> None:
    """The part named in a standard's title is the title's, not a clause holding the whole text:
    the only 第N部分 of the text, within its first three lines and before any other marker."""
    for i in range(min(3, len(lines))):
        if markers[i] is None:
            continue
        if markers[i].family == "part" and _TITLE_PART.match(lines[i]) and i > 0 \
                and not any(m is not None and m.family == "part" for m in markers[i + 1:]):
            markers[i] = None
        return


_QUOTE_MAX = 200  # lines of one quoted block at most (a quote never closed quotes nothing)


def _quoted_blocks(lines: Sequence[str], markers: list[Marker | None]) -> list[bool]:
    """Lines quoted after a colon (`…第六條修改如下:` / `“第六條` / … / `三、〔……〕”`): the new
    wording an amending clause quotes is that clause's text, so its markers open no clauses.
    Returns whether each line is such a quoted line: inside an article none starts a 款 either
    (`…目标是：` / `“1.到2025年…；` / `2.培育…。”` is one paragraph of it)."""
    quoted = [False] * len(lines)
    i = 1
    while i < len(lines):
        # the first line opens a quote it leaves open (`“第六條`), not a short quote a wrap put at
        # a line start (`…（以下简称：` / `“一区两中心”）建设…`)
        # (its balance, not a ” anywhere: `“1.到2025年，落实《“十四五”…规划》要求；` stays open)
        if ("“" in lines[i][:8] and lines[i].lstrip(" \t\u3000#")[:1] == "“"
                and lines[i].count("“") > lines[i].count("”") and lines[i - 1].rstrip()[-1:] in "：:"):
            end = _quote_close(lines, i)
            if end is not None and end > i:
                markers[i:end + 1] = [None] * (end + 1 - i)
                quoted[i:end + 1] = [True] * (end + 1 - i)
                i = end
        i += 1
    return quoted


def _quote_close(lines: Sequence[str], i: int) -> int | None:
    """The line where the quote line i opens closes: its “ and ” balance again (`…提供。”等内容，`
    closes it mid-line; a short quote `“电子记录”` later closes nothing of it); None when it never
    closes within _QUOTE_MAX lines. A quote of several paragraphs opens each with “ and closes
    only the last: a line opening with “ inside the open quote goes on with it, one level deep."""
    depth = 0
    for j in range(i, min(len(lines), i + _QUOTE_MAX)):
        goes_on = depth > 0 and lines[j].lstrip(" \t\u3000#")[:1] == "“"
        depth += lines[j].count("“") - goes_on - lines[j].count("”")
        if depth <= 0:
            return j
    return None


# A note under a table or a list, its numbered points opening after the colon (`注：1.表中金额…`).
_NOTE_HEAD = LazyRegex(r"[ \t\u3000]*(?:注|注释|说明|备注|附注)[ \t\u3000]*[：:][ \t\u3000]*")


# `附件 检查工作方案`: the label and the annex's title on one line, as a web page prints what a
# PDF puts on two (`附件` / `检查工作方案`); the grammar reads no marker there (a blank, no colon)
_ANNEX_AND_TITLE = LazyRegex(r"(?P<a>[ \t\u3000]*附件)[ \t\u3000]+(?=\S)")


def _head_title(lines: Sequence[str], head: int) -> str:
    """The title lines opening a head (after its banner and 文号 lines), joined: up to three."""
    k = 0
    while k < head and (parse_doc_number(lines[k]) is not None or lines[k].strip().endswith(TITLE_NOT_HEADER_ENDS)):
        k += 1
    end = k
    while end < min(head, k + 3) and is_title_line(lines[end]):
        end += 1
    return "".join(line.strip().lstrip("#").strip() for line in lines[k:end])


def _lone_annex_labels(lines: Sequence[str], markers: list[Marker | None]) -> None:
    """`附件` alone on its line, without a colon, over an unmarked line (its title): the label an
    annex stands under (GB/T 9704 prints it so on the annex's first page), an annex of its own
    (number 0, as an unnumbered 附表); `附件：` opens the list of annex titles in the body. The
    same label with its title on its line (`附件 检查工作方案`) is that annex too when the
    annex's first clause follows it at once, so a web and a PDF copy give one tree; a list
    (`附件 1.…`) or a sentence after the label is no title."""
    for i in range(len(lines) - 1):
        m = markers[i]
        if (m is not None and m.family == "annex" and m.number is None and markers[i + 1] is None
                and not any(colon in lines[i][m.start:m.body_start] for colon in "：:")):
            markers[i] = replace(m, number=0)
        elif m is None and markers[i + 1] is not None and (label := _ANNEX_AND_TITLE.match(lines[i])):
            rest = lines[i][label.end():]
            if _is_title_piece(rest) and match_marker(rest) is None and rest.strip()[-1] not in "。.":
                markers[i] = Marker("annex", 0, "附件", label.end("a") - 2, label.end(), True)


def _note_lists(lines: Sequence[str], markers: list[Marker | None]) -> None:
    """The points after `注：1.…` (`2.申请资金不超过…`, `3.…`) go on the note, in sequence: they
    are the note's text, not clauses of the list or annex the note stands under."""
    for i in range(len(lines) - 1):
        if markers[i] is not None or lines[i].lstrip(" \t\u3000")[:1] not in "注说备附":
            continue
        head = _NOTE_HEAD.match(lines[i])
        first = match_marker(lines[i], head.end()) if head is not None else None
        if first is None or first.number != 1 or RANKS.get(first.family) is None:
            continue
        outer = _open_list_next(markers, i, first.family)
        j, expected = i + 1, 2
        while j < len(lines) and (m := markers[j]) is not None and m.family == first.family \
                and m.number == expected != outer:
            markers[j] = None
            j, expected = j + 1, expected + 1


def _open_list_next(markers: Sequence[Marker | None], i: int, family: str) -> int | None:
    """The number the list of `family` open before line i goes on with (`1.…` ⏎ `2.…` ⏎ a note ⏎
    `3.…`: 3), or None when none is open there (a heading above it closed it): a point numbered
    so continues that list, not the note."""
    rank = RANKS[family]
    for k in range(i - 1, -1, -1):
        m = markers[k]
        if m is None or m.number is None:
            continue
        if m.family == family:
            return m.number + 1
        if (r := RANKS.get(m.family)) is not None and r < rank:
            return None
    return None


# An answer of a Q&A: 答： (or A：) opening a line.
_ANSWER = LazyRegex(r"[ \t\u3000]*(?:答|回答|[Aa][0-9]{0,3})[ \t\u3000]*[：:]")


def _bare_questions(lines: Sequence[str], markers: list[Marker | None]) -> None:
    """An unmarked line asking a question (`哪些用人单位可以享受稳岗返还政策?`) right before a
    line opening with 答： is a question of a Q&A, as one written 问：… is."""
    for i in range(len(lines) - 1):
        line = lines[i]
        if ("？" not in line and "?" not in line) or markers[i] is not None:  # `in`: most lines, fast
            continue
        line = line.rstrip()
        if line[-1:] not in "？?" or len(line) > _QUESTION_MAX:
            continue
        # the answer, or a short line (`发布时间:2024-06-05`, a web page's) and then the answer
        after = lines[i + 1]
        if not _ANSWER.match(after) and i + 2 < len(lines) and markers[i + 1] is None \
                and len(after.strip()) <= _ASIDE_MAX and not _SENTENCE_PUNCT.search(after[-1:] or "。"):
            after = lines[i + 2]
        if _ANSWER.match(after):
            markers[i] = Marker("question", None, "", 0, content_start(lines[i]), False)


def _unnumbered_chapters(lines: list[str], markers: list[Marker | None]) -> None:
    """Give such a heading the chapter marker its place implies (the one after the chapter
    before it) when the chapters after it go on from there; a line the text's first line holds
    (a running title) is no heading."""
    following: list[int | None] = [None] * len(lines)  # number of the next chapter marker after i
    upcoming = None
    for i in range(len(lines) - 1, -1, -1):
        following[i] = upcoming
        if (m := markers[i]) is not None and m.family == "chapter":
            upcoming = m.number
    last = None
    for i in range(1, len(lines) - 1):
        m = markers[i]
        if m is not None:
            last = m.number if m.family == "chapter" else last
            continue
        # a gap the line fills exactly (第一章 … line … 第三章) allows a chapter's full name
        # (`农业技术推广体系`); as the last chapter, only a caption's few words (`附 则`)
        if last is not None and following[i] in (None, last + 2) and _bare_heading_at(
                lines, markers, i, words=_CHAPTER_NAME if following[i] == last + 2 else _BARE_HEADING):
            last += 1
            markers[i] = Marker("chapter", last, f"第{format_chinese(last)}章", 0, 0, False)


def _bare_heading_at(lines: Sequence[str], markers: Sequence[Marker | None], i: int, *, first: bool = False,
                     words: LazyRegex = _BARE_HEADING) -> bool:
    """Whether unmarked line i is a bare heading (`附 则`): a few words alone on a line (`words`),
    after a sentence's end (or, `first`, as the body's first line, after the title block) and
    right before an article, that the text's first line (a running title) does not hold."""
    core = lines[i].strip()
    after = markers[i + 1] if i + 1 < len(markers) else None
    return (after is not None and after.family == "article" and words.fullmatch(core) is not None
            and (first or lines[i - 1].rstrip()[-1:] in _SENTENCE_FINAL) and core.replace(" ", "") not in lines[0])




def _captions(lines: Sequence[str], markers: Sequence[Marker | None], start: int, end: int) -> frozenset[int]:
    """Bare headings (`附 则`, `总则`) between the articles of a text without chapters, or right
    before its first article: they head the articles after them. No chapter number fits them,
    and giving the articles a parent would change their paths, which are unique in a statute;
    so each becomes a top-level clause of its own (family "caption") after the article before
    it — never a 款 of that article, nor the preamble."""
    if any(m is not None and m.family in STATUTE_GROUPS for m in markers[start:end]):
        return frozenset()
    out = set()
    seen_article = False
    for i in range(start, end):
        m = markers[i]
        if m is not None:
            seen_article = seen_article or m.family == "article"
        # the body's first line follows a title block (start > 0), never a sentence
        elif (seen_article or 0 < i == start) and _bare_heading_at(lines, markers, i, first=i == start):
            out.add(i)
    return frozenset(out)


def _implied_first_groups(markers: Sequence[Marker | None], start: int, end: int) -> dict[int, Marker]:
    """{line of an article: the group heading implied there} where the articles before a group's
    first sub-heading stand where its number one belongs: the text's first chapter heading is
    第二章 (a copy that lost its 第一章 line), or a chapter's first section heading is 第二节 (the
    copy lost `第一节 …`). Those articles are that 第一章's or 第一节's, as in every other copy of
    the text. A first heading numbered higher (第三章: an excerpt) implies nothing: which of the
    headings before it held the articles is unknown."""
    implied: dict[int, Marker] = {}
    in_chapter = False  # the open group: a chapter, or the text's top
    first_article = None  # the first article of the open group before any sub-heading of it
    headed = False  # the open group has had a sub-heading
    for i in range(start, end):
        m = markers[i]
        if m is None:
            continue
        if m.family == "article":
            first_article = i if first_article is None and not headed else first_article
            continue
        if m.family not in STATUTE_GROUPS:
            continue
        child = "section" if in_chapter else "chapter"
        if first_article is not None and m.family == child and m.number == 2:
            implied[first_article] = Marker(child, 1, f"第一{_GROUP_WORD[child]}", 0, 0, False)
        if m.family == "chapter":
            in_chapter, first_article, headed = True, None, False
        elif m.family == "section":
            headed = True
        else:  # 编 / 分编: the chapters under it are read as the text's own
            in_chapter, first_article, headed = False, None, False
    return implied


_GROUP_WORD = {"chapter": "章", "section": "节"}


# The punctuation is matched, not looked behind for: a pattern that opens with a character
# class lets the regex engine scan quickly to candidates; the list starts at the match's end.
_LIST_START = LazyRegex(r"[。：:；;](?=一[、，,]|[（(]一[)）]|第一[章条]|1[.．、][^0-9０-９])")


def _is_toc_line(line: str) -> bool:
    """A table-of-contents row (`第一章 总则……1`). The regex backtracks over the whole line,
    so it runs only on lines that end in a digit (before blanks), as its match requires."""
    return line.rstrip()[-1:].isdecimal() and _TOC_LINE.match(line) is not None


def _split_list_starts(lines: list[str]) -> tuple[list[str], list[Marker | None]]:
    """Cut a plain line where a numbered list begins inside it (`…通知如下：一、总体要求。…二、…`):
    a page flattened into one paragraph. Only a first marker after 。：； followed by text,
    with the second marker of its list later in the line, counts.

    Returns the lines and the marker of each: match_marker(), found on the way (every line needs
    one), or None on a table-of-contents row."""
    out: list[str] = []
    markers: list[Marker | None] = []
    remembered = _LINE_PIECES.get
    fresh: dict[str, tuple[tuple[str, ...], tuple[Marker | None, ...]]] = {}  # remembered at the end
    for line in lines:
        pieces = remembered(line) or fresh.get(line)
        if pieces is None:
            pieces = fresh[line] = _line_pieces(line)
        out += pieces[0]
        markers += pieces[1]
    _LINE_PIECES.update(fresh)
    return out, markers


def _line_pieces(line: str) -> tuple[tuple[str, ...], tuple[Marker | None, ...]]:
    """(the line's pieces: itself, or two where a list starts; the marker of each)."""
    marker = match_marker(line)
    # every list start is numbered 一 or 1; a note's points (`注：1.…；2.…`) are the note's text
    if marker is None and ("一" in line or "1" in line) and not _NOTE_HEAD.match(line):
        for start in _LIST_START.finditer(line):
            first = match_marker(line, start.end())
            if (first is not None and first.number == 1 and _cjk_at(line, first.body_start)
                    and _has_second(line, first)):
                pieces = line[:start.end()], line[start.end():]  # matched afresh: a prefix may read otherwise
                return pieces, tuple(_unless_toc(piece, match_marker(piece)) for piece in pieces)
    return (line,), (_unless_toc(line, marker),)


def _unless_toc(line: str, marker: Marker | None) -> Marker | None:
    """The line's marker, or None on a table-of-contents row (`第一章 总则……1`) or a table
    row whose first cell opens with a marker (`一、产业发展⇥⇥`, a row group of a 分工 table): no
    clause."""
    return None if marker is not None and (_is_toc_line(line) or _is_cell(line, marker)) else marker


def _is_cell(line: str, marker: Marker) -> bool:
    """Whether the marker opens the first cell of a TSV table row: words follow it before the
    first tab. A tab right after the marker (`第一条⇥为了…`, a Word document's spacing) is
    no cell boundary."""
    tab = line.find("\t", marker.body_start)
    return tab >= 0 and bool(line[marker.body_start:tab].strip(" \u3000"))


def _title_block_end(lines: Sequence[str], head: int, first: int, titles: Sequence[str] = ()) -> int:
    """The head extended over a statute's adoption note and 目录 (statute.py), which sit between
    the title and the first clause and belong to neither, and over the title written again
    after them (a copy that prints the title above the note and again above the body): that
    line is the title, not a preamble."""
    title_keys = {_line_key(t) for t in titles} | {"".join(_line_key(t) for t in titles)}
    title_keys.discard("")
    while head < first:
        end = adoption_note_end(lines, head, first)
        end = end if end > head else toc_end(lines, head, first)
        if end == head and _line_key(lines[head]) in title_keys:
            end = head + 1
        if end == head:
            return head
        head = end
    return head


def _line_key(line: str) -> str:
    """A line as a title is compared: blanks removed, widths folded."""
    return "".join(line.split()).translate(WIDTH_FOLD)


def _separators(line: str, start: int) -> Iterator[tuple[int, str]]:
    """(where a marker may start, the separator before it: 。；;：: ） or blanks, "" when glued to
    CJK text) for every candidate from `start` on, in order."""
    for sep in _SPLIT_AT.finditer(line, start):
        text = sep.group()
        if text[0] in _GLUED:
            yield sep.start(), ""
        else:
            yield sep.end(), text.strip(" \t\u3000") or text


def _has_second(line: str, first: Marker) -> bool:
    for pos, _ in _separators(line, first.body_start):
        m = match_marker(line, pos)
        if m is not None and m.family == first.family and m.number in (2, 3):  # 3: a summary lost 2
            return True
    return False


class _Document:
    """One document: head, preamble, clauses, annexes, tail."""

    def __init__(self, builder: _Builder, prefix: tuple[str, ...], title: str) -> None:
        self.b = builder
        self.prefix = prefix
        self.title = title
        self.root = _Node("root", "", None, "", prefix)
        self.stack: list[_Node] = [self.root]
        self.last_seen: dict[str, int] = {}
        self.preamble: _Node | None = None
        self.leads_here = False  # the current run of plain paragraphs holds ≥ 2 lead-ins
        self.leads_left = 0  # lead-ins of the current run not yet reached
        self.one_paragraph_leads = True  # every lead-in of the run so far is one paragraph
        self.in_annex_list = False

    def run(self, lines: Sequence[str], markers: Sequence[Marker | None], quoted: Sequence[bool] = ()) -> str:
        """Segment the lines (markers: match_marker() of each; quoted: _quoted_blocks() of each);
        return the title in the head."""
        first = next((i for i, m in enumerate(markers)
                      if m is not None and not (m.family == "annex" and m.number is None)), len(lines))
        head, titles_from = head_end(lines, first, title=self.title)
        title_end, head = head, _title_block_end(lines, head, first, lines[titles_from:head])
        tail = max(head, tail_start(lines, head))
        if head:
            self.b.add(self.prefix, "head", "头", None, "", "\n".join(lines[:head]))
        leads = [m is None and _is_lead(lines[i], lines[i - 1] if i else "", markers[i - 1] if i else None)
                 for i, m in enumerate(markers)]
        closing, annex_at = self._closing_before_annexes(lines, markers, head, tail)
        annex_lines: list[int] | None = None  # the lines of annex markers, found when first needed
        captions = _captions(lines, markers, head, tail)
        implied = _implied_first_groups(markers, head, tail)
        following: Marker | None = None  # the marker after the current run of plain lines
        # a running header left between a heading and its first article repeats the title, or
        # any row printed on more than one page (a heading's words are written once)
        seen = Counter(line.strip() for line in lines)
        titles = {*(line.strip() for line in lines[titles_from:title_end]), self.title,
                  "".join(line.strip() for line in lines[titles_from:title_end]),
                  *(line for line, n in seen.items() if n > 1)}
        for i in range(head, tail):
            if closing <= i < annex_at:
                if i == closing:  # the closing formula and signature end the body, not its last clause
                    del self.stack[1:]
                    self.b.add(self.prefix, "tail", "尾", None, "", "\n".join(lines[closing:annex_at]))
                continue
            if i in implied:  # an empty 第一章 (第一节) holds the articles its missing line headed
                self._open("", implied[i], "", "")
            if i in captions:
                self._caption(lines[i])
                continue
            if markers[i] is None:
                if i == head or markers[i - 1] is not None:
                    count, following = self._plain_run(leads, markers, i, tail)
                    self.leads_here, self.leads_left, self.one_paragraph_leads = count >= 2, count, True
                self._plain(lines[i], leads[i], lines[i - 1] if i else "", following,
                            quoted=bool(quoted) and quoted[i])
            else:
                if i > head and self._out_of_sequence(markers[i], lines[i - 1], markers[i - 1], lines[i]):
                    # `…共计` / `2. 5亿元`: a wrap, no item
                    if self.stack[-1] is self.root:
                        self._plain(lines[i], False, lines[i - 1])
                    else:
                        self.stack[-1].lines.append(lines[i])
                    continue
                if markers[i].family == "annex" and markers[i].number is None:
                    if annex_lines is None:  # a list of annex titles is rare: no walk over other texts
                        annex_lines = [k for k in range(head, tail)
                                       if markers[k] is not None and markers[k].family == "annex"]
                    # the note names the lone `附件` annex only when that is the next annex (not
                    # one inside 附件2 after 附件1, 附件2), and ends a clause only above the
                    # closing lines: below the signature it keeps its node after 尾
                    after = bisect_right(annex_lines, i)
                    if (after < len(annex_lines) and markers[annex_lines[after]].number == 0
                            and not closing < annex_at <= i):
                        self._annex_reference(lines[i])
                        continue
                self._marked(lines[i], markers[i], lines[i + 1] if i + 1 < tail else "")
                if markers[i].family in STATUTE_GROUPS and (rest := _heading_rest(lines, markers, i, tail, titles)):
                    self.stack[-1].heading += rest
        if tail < len(lines):
            self.b.add(self.prefix, "tail", "尾", None, "", "\n".join(lines[tail:]))
        if title_end == titles_from and first < len(lines) and markers[first].family == "annex":
            # the head ends at the notice's signature over its annex (`附件` / the measures,
            # `附件1：…目录`): no title line follows it there, the notice's own title opens the head
            return _head_title(lines, head)
        return "".join(line.strip().lstrip("#").strip() for line in lines[titles_from:title_end])

    @staticmethod
    def _closing_before_annexes(lines: Sequence[str], markers: Sequence[Marker | None],
                                head: int, tail: int) -> tuple[int, int]:
        """(start, end) of the closing lines (以上措施自…施行, signature, date) that stand between
        the last clause and the first annex; (tail, tail) when there are none."""
        # notices print the list of annex titles (附件：1. … 2. …) above the signature or below
        # it: the closing lines before the first annex itself, else before that list
        annexes = [i for i in range(head, tail) if markers[i] is not None and markers[i].family == "annex"]
        for annex_at in dict.fromkeys([i for i in annexes if markers[i].number is not None][:1] + annexes[:1]):
            first_clause = next((i for i in range(head, annex_at) if markers[i] is not None), annex_at)
            closing = max(first_clause + 1, tail_start(lines[:annex_at], head))
            if closing < annex_at:
                return closing, annex_at
        return tail, tail

    def _caption(self, line: str) -> None:
        """A bare heading of a text without chapters (_captions): a top-level leaf labelled by its
        words, which closes the article before it and parents nothing."""
        del self.stack[1:]
        label = "".join(line.split())
        self.b.add(self.prefix, "caption", label, None, label, line)

    # ------------------------------------------------------------------ plain paragraphs

    @staticmethod
    def _plain_run(leads: Sequence[bool], markers: Sequence[Marker | None], i: int,
                   end: int) -> tuple[int, Marker | None]:
        """(lead-ins in the run of plain lines from i, the marker after the run or None): one
        walk over the run, never over the rest of the document (that was quadratic)."""
        count = 0
        while i < end and markers[i] is None:
            count += leads[i]
            i += 1
        return count, markers[i] if i < end else None

    def _plain(self, line: str, lead: bool, previous: str, following: Marker | None = None, *,
               quoted: bool = False) -> None:
        # the rest of a cut annex title (`2. 人工智能产业重` / `点建设园区`) keeps the list open
        self.in_annex_list = self.in_annex_list and _is_title_piece(line)
        top = self.stack[-1]
        if top is self.root:  # only before the first marker: annexes and clauses never pop to root
            self._append(line)
        elif (article := self._open_article()) is not None:
            if (previous.rstrip()[-1:] in _SENTENCE_FINAL and not quoted
                    and not self._list_goes_on(article, following)):
                self._paragraph(article, line)
            else:  # a row cut mid-sentence: the paragraph goes on
                top.lines.append(line)
        elif self.leads_here and lead:
            self.leads_left -= 1
            if top.family != "lead" and self._sums_up_list(top, line, previous, following):
                # a short summing-up sentence (`以上政策不重复享受。`) opening a run of lead-in-like
                # paragraphs: the same ¶ of the list's parent as when it stands alone, not a
                # lead-in under the last item; after lead-ins it is one more lead-in with its
                # heading (`上述成绩来之不易。这得益于…`), as a list of lead-ins goes on
                self.stack.pop()
                self._push_positional("lead", line, "")
            else:
                self._push_positional("lead", line, heading_of(line).rstrip("。"))
        elif self.leads_here and self._after_leads(top, previous):
            # the parent's own paragraph after its list of lead-ins (`但也要清醒地认识到，…一是…`)
            self._push_positional("lead", line, "")
        elif self._sums_up_list(top, line, previous, following):
            # `以上奖励就高不重复享受` after items 1.–4.: it speaks of every item, so it is the
            # parent's own paragraph after its list (¶, as after a list of lead-ins), not the last
            # item's; a node of its own keeps the clauses' texts in document order
            self.stack.pop()
            self._push_positional("lead", line, "")
        else:
            if top.family == "lead":
                self.one_paragraph_leads = False
            top.lines.append(line)

    def _sums_up_list(self, top: _Node, line: str, previous: str, following: Marker | None) -> bool:
        """Whether a plain paragraph after a list's last item speaks of the whole list: it
        starts a paragraph (the line before ends one: a row cut mid-sentence goes on) with words
        that refer back to all the items (以上/上述/前述…: _SUMS_UP), and the item is at least
        the list's second (one item is no list to sum up) under a clause that is not the root.
        The item is the last only when the list does not go on after the paragraph (following:
        the marker after it; the same family numbered on, or another item of a positional list)."""
        if following is not None and following.family == top.family and (
                following.number is None or top.number is None or following.number > top.number):
            return False
        return (len(self.stack) > 2 and top.family not in _NOT_ITEMS
                and (top.number is None or top.number >= 2)
                and previous.rstrip()[-1:] in _SENTENCE_FINAL and _SUMS_UP.match(line) is not None
                and not self._closes_own_list(top, line))

    def _closes_own_list(self, top: _Node, line: str) -> bool:
        """Whether a summary after the last item speaks of that item's own list (the nearest
        one: `2.…提交下列材料：` + entries, `上述材料须加盖公章。`), not of the list of items.
        Not when it names a count that is the items' (`以上两项奖励…` after items 1.–2., item 2
        holding three, or two as well: a count of 项 is of the numbered items), nor when earlier
        items hold lists of their own too:
        parallel lists, the summary after the last is about them all."""
        entries = _own_list_entries(top)
        if not entries:
            return False
        siblings = self._siblings(top)
        if (stated := _STATED_COUNT.match(line)) is not None:
            count = parse_number(stated.group(1))
            if count == len(siblings):
                return False  # the items' count, whatever the entries' (项 counts items: a tie is theirs)
            if count == entries:
                return True
        return not any(_own_list_entries(node) for node in siblings if node is not top)

    def _siblings(self, top: _Node) -> list[_Node]:
        """The items of top's list so far (same parent, same family), walking back from the
        last node to the parent: asked only for a summary after an item holding a list."""
        parent = top.path[:-1]
        found = []
        for node in reversed(self.b.nodes):
            if node.path == parent:
                break
            if node.path[:-1] == parent and node.family == top.family:
                found.append(node)
        return found

    def _after_leads(self, top: _Node, previous: str) -> bool:
        """Whether a plain paragraph after the last lead-in of a list whose lead-ins are one
        paragraph each (`产业发展初具规模。…` / `融合应用持续深化。…`) stands apart from that last
        one: the list's items are alike, so a longer last item is the list ending. A paragraph
        that goes on from a cut sentence, or after one that introduces it (`…如下：`), is not."""
        return (top.family == "lead" and self.leads_left == 0 and self.one_paragraph_leads
                and previous.rstrip()[-1:] in _PARAGRAPH_END)

    def _list_goes_on(self, article: int, following: Marker | None) -> bool:
        """Whether the 项 list open under the article goes on after this run of plain paragraphs
        (`2. …。` / `推动…` / `3. …`): a new 款 would restart its list, so continued numbering says
        the paragraphs are the rest of item 2 (a re-wrap or page break cut it after a 。). A dash
        list has no numbers: a further —— item under the same article is taken to go on too."""
        top = self.stack[-1]
        if len(self.stack) - 1 <= article or following is None or following.family != top.family:
            return False
        if following.number is None:  # a positional item (——): the same list goes on
            return top.family == "dash"
        return top.number is not None and following.number == top.number + 1

    def _open_article(self) -> int | None:
        """Stack index of the article an unmarked paragraph belongs to, or None (a 专栏 box or
        an annex inside it keeps its own paragraphs)."""
        for j in range(len(self.stack) - 1, 0, -1):
            family = self.stack[j].family
            if family == "article":
                return j
            if family in ("box", "annex"):
                return None
        return None

    def _paragraph(self, at: int, line: str) -> None:
        """An unmarked paragraph inside an article starts its next 款 (statutes.md): after a 项
        list too, never glued to the last 项. The first 款 is the article's own text."""
        del self.stack[at + 1:]
        article = self.stack[at]
        k = _count(article, PARAGRAPH, 2)
        self.stack.append(self.b.add(article.path, PARAGRAPH, paragraph_label(k), k, "", line))

    # ------------------------------------------------------------------ marker lines

    def _out_of_sequence(self, m: Marker, previous: str, previous_marker: Marker | None, line: str = "") -> bool:
        """A small-list marker (2. 2） ② 三、) after a line cut mid-sentence that continues no
        list of its family: the wrapped rest of a sentence (`…全国前` / `三、全球…`, `…百度、五` /
        `八、滴滴…`), not a clause (statutes.md, noise). A heading line (`（三）加强保障`) is no cut
        sentence, and neither is a line ending as a sentence may."""
        if m.number is not None and m.family != "article" and previous.rstrip().endswith("第"):
            # `…依照专利法第二十四条第` / `（一）项处理`: a citation wrapped after its 第, read as
            # the same line unwrapped is (_cut_candidates): no sentence or item ends in a bare 第
            return True
        if m.family == "article":
            return self._article_cut(m, previous, previous_marker, line)
        if m.family not in _WRAPPABLE or m.number is None:
            return False
        if not previous or previous.rstrip()[-1:] in _SENTENCE_FINAL:
            return False
        cut = _cut_sentence(previous[previous_marker.body_start:] if previous_marker else previous)
        if previous_marker is not None and previous_marker.family != "article" and not cut:
            return False
        seen = self.last_seen.get(m.family)
        if m.number <= 1:
            # only the outermost list never starts again inside one document (annexes aside)
            return (m.family == "cn" and seen is not None and seen >= 2 and cut
                    and not any(node.family == "annex" for node in self.stack))
        if len(self.stack) < 2:  # in the preamble: no list is open, so a cut sentence goes on
            return seen is None and cut
        return seen != m.number - 1

    def _article_cut(self, m: Marker, previous: str, previous_marker: Marker | None, line: str) -> bool:
        """A reference to an article of another act wrapped to a line start (`…依据《中华人民共和国
        合同法》` / `第五十二条 以及本规定…`, as a law database prints it): after a line cut
        mid-sentence, inside an article, a number that neither repeats nor follows the open
        article's, and whose words go on as a sentence does (以及, 的, 之规定: no article opens so),
        is the sentence going on. An excerpt that skips articles starts them after a sentence's
        end, or a heading; a 第一条 may begin a text after its preamble."""
        if not _GOES_ON.match(line[m.body_start:].lstrip(" \t\u3000")):
            return False
        seen = self.last_seen.get("article")
        if seen is None or m.number is None or m.number in (1, seen, seen + 1) or self._open_article() is None:
            return False
        if not previous or previous.rstrip()[-1:] in _SENTENCE_FINAL:
            return False
        # a 章/节 heading or a bare caption (`附 则`) before it ends no sentence either
        if previous_marker is not None and previous_marker.family in STATUTE_GROUPS:
            return False
        return _BARE_HEADING.fullmatch(previous.strip()) is None

    def _marked(self, line: str, m: Marker, next_line: str) -> None:
        if m.family == "annex":
            self._annex(line, m, next_line)
            return
        if self.in_annex_list and m.family == "ar":
            self._append(line)  # `2. 省新一代…` under `附件：1. …`: a title, no item
            return
        self.in_annex_list = False
        if m.family == "question":
            self._question(line, m)
        elif m.family in ("dash", "bullet"):
            self._push_positional(m.family, line, heading_of(line[m.body_start:], family=m.family, spaced=m.spaced))
        elif m.family == "box":
            self._box(line, m, heading_of(line[m.body_start:], family=m.family, spaced=m.spaced))
        else:  # a numbered marker: _open() reads the heading from its part of a compound line
            self._numbered(line, m)

    def _annex(self, line: str, m: Marker, next_line: str) -> None:
        del self.stack[1:]
        self.in_annex_list = m.number is None  # 附件：1. …  2. …: the list of annex titles
        if self.in_annex_list:
            self.stack.append(self.b.add(self.prefix, "annex", "附件", None, "", line))
            return
        heading = heading_of(line[m.body_start:], family="annex")
        if not heading and next_line and match_marker(next_line) is None:
            heading = heading_of(next_line[len(next_line) - len(next_line.lstrip(" #\t\u3000")):])
        self.stack.append(self.b.add(self.prefix, "annex", m.label, m.number, heading, line))

    def _annex_reference(self, line: str) -> None:
        """`附件：<title>` (or `附件：1. …`) in the body with a lone `附件` heading after it: the
        body's note of what is attached (GB/T 9704's 附件说明), text of the clause it ends, never
        an annex: the annex is the one under the heading, labelled `附件` (a node of the note's
        own took that label and pushed the annex to `附件#2`). Its further title rows go on it
        (in_annex_list). Before numbered annexes (附件1, 附件2; a lone `附件` inside one of them
        is no annex it names) the note keeps its node `附件`: no annex is labelled so, and an
        annex added to the list is a change of that node; so it does below the signature, where
        no clause is open and the preamble is out of document order."""
        self.in_annex_list = True
        self._append(line)

    def _append(self, line: str) -> None:
        """Add a line to the open clause's text; before any clause, to the preamble (the root is
        no clause: a line added to it would be lost)."""
        top = self.stack[-1]
        if top is self.root:
            if self.preamble is None:
                self.preamble = self.b.add(self.prefix, "preamble", "序", None, "", "")
            self.preamble.lines.append(line)
        else:
            top.lines.append(line)

    def _push_positional(self, family: str, line: str, heading: str) -> None:
        closes = ("bullet", "lead") if family == "bullet" else _ITEM_FAMILIES
        while len(self.stack) > 1 and (self.stack[-1].family in closes or _is_annex_list(self.stack[-1])):
            self.stack.pop()
        parent = self.stack[-1]
        k = _count(parent, family, 1)
        self.stack.append(self.b.add(parent.path, family, f"{POSITIONAL[family]}{k}", k, heading, line))

    def _question(self, line: str, m: Marker) -> None:
        """A question of a Q&A (问：…？ / a `…？` line before 答：): a clause holding its answer, a
        sibling of the question before it; the numbered lists of the answer are its children."""
        stack = self.stack
        floor = self._scope()[0]
        at = next((j for j in range(len(stack) - 1, floor, -1) if stack[j].family == "question"), None)
        if at is not None:
            del stack[at:]
        else:
            self._pop_items()
        parent = stack[-1]
        k = _count(parent, "question", 1)
        stack.append(self.b.add(parent.path, "question", f"{POSITIONAL['question']}{k}", k,
                                question_heading(line[m.body_start:]), line))

    def _box(self, line: str, m: Marker, heading: str) -> None:
        self._pop_items()
        floor = self._scope()[0]
        if floor:  # a box right after another box in the same parent: its sibling
            del self.stack[floor:]
        self.stack.append(self.b.add(self.stack[-1].path, "box", m.label, m.number, heading, line))

    def _numbered(self, line: str, m: Marker) -> None:
        """Open the clauses of a numbered marker line: one, or one per marker a compound line is
        cut at (_compound_cut). The line's candidates are found once and the cuts walk them in
        order (each piece's candidates are those after its marker): cutting the rest and reading
        it afresh cost a scan of the whole rest per cut, quadratic in a flattened page of
        thousands of items on one line."""
        known = _marker_line(line, m)
        candidates = known.candidates
        at = self._compound_cut(m, candidates, 0) if candidates else -1
        if at < 0:
            self._open(line, m, known.glyph, known.heading)
            return
        start = 0  # where the current piece (its marker: m, relative to the piece) starts in line
        while at >= 0:
            cut, _, emb = candidates[at]
            text = line[start:cut]
            self._open(text, m, _style(text, m), _heading(text, m))
            start, m = cut, replace(emb, start=emb.start - cut, body_start=emb.body_start - cut)
            # the piece's own candidates are those its own read (from its body) finds: one at its
            # body start is seen there only as glued (kind ""); the whole line's read sees the
            # piece's marker before it as a separator (`（一）二、三产业…`: 二 after `）`), which
            # cut `（一）` off empty and made `二、三产业` the outer list's item 二
            lo = at + 1
            while lo < len(candidates) and (candidates[lo][0] < emb.body_start or (
                    candidates[lo][0] == emb.body_start and candidates[lo][1] != "")):
                lo += 1
            at = self._compound_cut(m, candidates, lo)
        text = line[start:]
        self._open(text, m, _style(text, m), _heading(text, m))

    def _open(self, text: str, m: Marker, glyph: str, heading: str) -> None:
        """Open the clause of a numbered marker (its glyph: _style(); heading: _heading())."""
        self._pop_items()
        family, number = m.family, m.number
        stack = self.stack
        # ㈠ under （四） (or ⑴ under （1）): a second glyph style of a family, starting at 1, is a
        # nested list, and a marker resumes the list written in its own style.
        floor, latest, styled = self._scope(family, glyph)
        nested = latest is not None and number == 1 and styled is None
        same = None if nested else (latest if styled is None else styled)
        outer = next((j for j in range(floor - 1, 0, -1) if stack[j].family == family
                      and stack[j].number + 1 == number), None) if floor else None
        if nested:
            pass
        elif same is not None and (outer is None or number == stack[same].number + 1):
            del stack[same:]
        elif outer is not None and number != 1:
            del stack[outer:]  # the list outside a 专栏 box resumes (clauses.md T7)
        else:
            rank = RANKS[family]
            while len(stack) - 1 > floor and (top := _RANKS.get(stack[-1].family)) is not None and top >= rank:
                stack.pop()
        node = self.b.add(stack[-1].path, family, m.label, number, heading, text)
        node.glyph = glyph
        stack.append(node)
        self.last_seen[family] = number

    def _pop_items(self) -> None:
        stack = self.stack
        while len(stack) > 1 and (stack[-1].family in _ITEM_FAMILIES or _is_annex_list(stack[-1])):
            stack.pop()

    def _scope(self, family: str = "", glyph: str = "") -> tuple[int, int | None, int | None]:
        """(the scope floor: index of the innermost open 专栏 box, 0 = none: numbering restarts
        inside it; above it, the innermost open node of `family`, and the innermost of `family`
        written in `glyph`, or None). One walk down the stack (two cost ~5% of the nesting)."""
        stack = self.stack
        latest = styled = None
        for j in range(len(stack) - 1, 0, -1):
            node = stack[j]
            if node.family == "box":
                return j, latest, styled
            if node.family == family and styled is None:
                if latest is None:
                    latest = j
                if node.glyph == glyph:
                    styled = j
        return 0, latest, styled

    def _compound_cut(self, m: Marker, candidates: tuple[tuple[int, str, Marker], ...], lo: int) -> int:
        """Which of candidates[lo:] starts a second marker inside a marker line (clauses.md §6.4):
        its index, or -1.

        A lower-ranked marker after any separator but ；/; (。, ：, a blank, a closing bracket; one
        glued to the text counts as after 。, see _cut_candidates), numbered 1 or next in its list;
        or the same family with the next number after ；/。 (`(1) …；(2) …`); or a higher-ranked
        marker after 。 that resumes its list. The marker must be followed by CJK
        text, so `按1:1比例` and `2.3万个` never split. `candidates`: _cut_candidates() of the line.
        """
        own = RANKS[m.family]
        for k in range(lo, len(candidates)):
            _, kind, emb = candidates[k]
            expected = self.last_seen.get(emb.family, 0) + 1
            if emb.family == m.family:
                if kind in "；;。，," and emb.number == m.number + 1:
                    return k
            elif kind in _COMMAS:
                continue
            elif RANKS[emb.family] > own and kind not in "；;" and emb.number in (1, expected):
                return k
            elif RANKS[emb.family] < own and kind == "。" and expected > 1 and emb.number == expected:
                return k  # a flattened page: `…不少于2次。三、保障措施。` resumes the outer list
        return -1


class _MarkerLine(NamedTuple):  # a tuple: built for every marker line of a cold run
    """What a numbered marker line decides alone, remembered per line (_MARKER_LINES): its
    marker, its glyph and heading (for the whole line: a compound line's first part is read
    afresh), and the candidate second markers that _compound_cut() chooses from."""

    marker: Marker
    glyph: str
    heading: str
    candidates: tuple[tuple[int, str, Marker], ...]


def _marker_line(line: str, m: Marker) -> _MarkerLine:
    known = _MARKER_LINES.get(line)
    if known is None or (known.marker is not m and known.marker != m):
        known = _MarkerLine(m, _style(line, m), _heading(line, m), _cut_candidates(line, m.body_start))
        _MARKER_LINES.put(line, known)
    return known


def _heading(text: str, m: Marker) -> str:
    """The heading of a numbered clause whose marker line (or part of one) is `text`; a numbered
    question (`1.问：…？`) is headed by its question."""
    rest = text[m.body_start:]
    question = match_marker(rest) if rest[:1] in _QUESTION_FIRST else None  # most lines: no look
    if question is not None and question.family == "question":
        return question_heading(rest[question.body_start:])
    # a piece cut from a list flattened at commas ends in its comma
    return heading_of(rest, family=m.family, spaced=m.spaced).rstrip("，,")


_QUESTION_MAX = 80
_QUESTION_FIRST = frozenset("问問提Qq记")  # the characters a question marker opens with (grammar)
_ASIDE_MAX = 30


def question_heading(text: str) -> str:
    """A question's heading: the question up to its ？ (within _QUESTION_MAX characters), else
    the lead-in sentence."""
    text = text.strip(" \t\u3000")
    end = min((i for i in (text.find("？"), text.find("?")) if i >= 0), default=-1)
    if 0 < end <= _QUESTION_MAX:
        return text[:end]
    return heading_of(text)


def _cut_candidates(line: str, start: int) -> tuple[tuple[int, str, Marker], ...]:
    """(position, separator kind, marker) of every numbered marker after `start` in a marker line
    that is followed by CJK text: what _compound_cut() chooses from."""
    first = _SPLIT_AT.search(line, start)
    if first is None:  # most marker lines: not one place where a marker may start
        return ()
    found = []
    for pos, kind in _separators(line, first.start()):
        # `…（责任单位：市科技局）第九条` ends a sentence, and a marker glued to CJK text is taken
        # as after 。 too ("" in "）)" holds): splitting it only where a blank follows it as well
        # changed no segmentation of the seeds, test data or golden corpus, so the rule stays one
        if not kind and line[pos - 1] == "第":
            continue  # `专利法第二十四条第（一）项所称…`: an ordinal citing an item, never one
        kind = "。" if kind in "）)" else kind
        emb = match_marker(line, pos)
        if emb is None or emb.number is None or RANKS[emb.family] is None:
            continue
        if not _cjk_at(line, emb.body_start):
            continue
        found.append((pos, kind, emb))
    return tuple(found)
