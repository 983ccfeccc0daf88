"""The target of an amendment as statute units — 章/节 headings, articles (条), their 款 and 项 —
rebuilt from a clause tree's lines, edited in place by the instructions and written back as text.

Each unit keeps its ORIGINAL number (`orig`), which is what the decision's addresses name; units
an instruction adds have none. The model is rebuilt from the lines, not from the tree's nesting,
so it reads the same whether the segmenter makes 款 nodes or keeps 款 as lines of the article:
an unmarked paragraph inside an article is a new 款, a （一） line a 项 of the current 款.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from policywatch.errors import PolicywatchError
from policywatch.grammar import CN_NUM, WIDTH_FOLD, format_chinese, format_statute_number, parse_number
from policywatch.grammar.numerals import AR_STATUTE_NUM, CN_STATUTE_NUM
from policywatch.lineage.amend_undo import Change, Journal, active, logged_setattr, untracked
from policywatch.model import ClauseTree

SPACES = " \t\u3000\u00a0"
# Words after 第X条 that make a line-start 第X条 a wrapped cross-reference, not an article.
_REFERENCE_AFTER = "规定|的|所|第|至|到|、|和|或|及|中|之规定"
# A level's number as the clause grammar reads it (第一万零一条, 第1260条): an article past
# 第九千九百九十九条 is an article here too, not a paragraph of the one before.
_LEVEL_N = f"{CN_STATUTE_NUM}|{AR_STATUTE_NUM}"
ARTICLE_LINE = re.compile(
    rf"第(?P<n>{_LEVEL_N})条(?:之(?P<zhi>{CN_NUM}))?(?!{_REFERENCE_AFTER})(?P<sep>[{SPACES}]*)")
HEADING_LINE = re.compile(
    rf"第(?P<n>{_LEVEL_N})(?P<unit>编|章|节)(?!{_REFERENCE_AFTER})(?P<sep>[{SPACES}]*)")
# A 项: （一） as most texts write it, or 一、 as older national laws do (个人所得税法 2007:
# `第三条 个人所得税的税率：` then `一、工资、薪金所得，…`, which its 2011 decision addresses as 第三条第一项).
ITEM_LINE = re.compile(rf"(?P<open>[（(])?(?P<n>{CN_NUM})(?P<close>(?(open)[)）]|、))[{SPACES}]*")
# A 目 (or a list line numbered in digits straight under a 款): 1. / （1） / ①; the number and its
# marks are named, so a list whose line goes can be numbered on (see amend_apply._drop_numbered).
SUB_ITEM_LINE = re.compile(r"(?:(?P<open>[（(])?(?P<n>[0-9０-９]+)(?P<close>(?(open)[)）]|[.．、]))|(?P<circled>[\u2460-\u2473]))")
_BODY_ZONES = ("head", "preamble")
_AFTER_BODY = ("tail", "annex")


class AmendError(PolicywatchError):
    """The target cannot be amended at all (no articles, several documents in one file)."""


@dataclass(slots=True)
class Item:
    """A 项 （一）…; `more` holds its 目 lines (1. …) and any paragraph continuing it."""

    __setattr__ = logged_setattr

    number: int
    text: str
    orig: int | None
    more: list[str] = field(default_factory=list)
    brackets: tuple[str, str] = ("（", "）")
    fresh: bool = False  # written by the decision: its references already use the new numbers
    digits: str = ""  # a 项 numbered in digits straight under its 款 (see add_line): "ascii", "wide" or "circled"
    written: str = ""  # a digit 项's number as the target wrote it (`01.`): kept while the number stands

    def lines(self) -> list[str]:
        return [f"{self.mark()}{self.text}", *self.more]

    def mark(self) -> str:
        """Its number as its list writes it: （二）, 二、, 2., （2）, ２．, ②."""
        if not self.digits:
            return f"{self.brackets[0]}{format_chinese(self.number)}{self.brackets[1]}"
        if self.written and (m := SUB_ITEM_LINE.match(self.written)) and digit_number(m) == self.number:
            return self.written  # untouched text is printed as written (`01.` is no `1.`)
        if self.digits == "circled" and 1 <= self.number <= 20:
            return chr(0x2460 + self.number - 1)
        n = str(self.number)
        return f"{self.brackets[0]}{n.translate(WIDE_DIGITS) if self.digits == 'wide' else n}{self.brackets[1]}"

    @property
    def outer(self) -> bool:
        """Written 一、, not （一）: a 项 only in an article without （一） items (see xiang_items)."""
        return not self.brackets[0] and not self.digits


@dataclass(slots=True)
class Para:
    """A 款: an unnumbered paragraph of an article, with the 项 listed under it."""

    __setattr__ = logged_setattr

    text: str
    orig: int | None
    items: list[Item] = field(default_factory=list)
    fresh: bool = False

    def position(self, item: Item) -> int:
        """Where `item` stands among the items it is counted with (see renumber_items)."""
        count = 0
        for other in self.items:
            if other.outer == item.outer and bool(other.digits) == bool(item.digits):
                count += 1
            elif other.outer:  # a 一、 item: the （一） under it are counted anew
                count = 0
            if other is item:
                return count
        raise ValueError("the item is not in this 款")

    @property
    def mixed(self) -> bool:
        """Whether the 款 lists both 一、 and （一） items."""
        return len({item.outer for item in self.items}) > 1

    def renumber_items(self) -> None:
        # each form counts on its own: 一、 items through the list, （一） items anew under each
        # 一、 (`一、…包括：` / `（一）…` / `（二）…` / `二、…`), as such a mixed list is written
        # only the numbers that change are set: each set is journalled (amend_undo), and a list of
        # thousands of items renumbered after each of hundreds of drops grew the journal by all of them
        outer = inner = digits = 0
        for item in self.items:
            if item.digits:  # a list of its own (never mixed with 一、 or （一） by add_line)
                digits += 1
                number = digits
            elif item.outer:
                outer, inner = outer + 1, 0
                number = outer
            else:
                inner += 1
                number = inner
            if item.number != number:
                item.number = number


@dataclass(slots=True)
class Article:

    __setattr__ = logged_setattr
    number: int
    zhi: int  # 第一百三十四条之一 → zhi 1
    sep: str  # what stands between 第X条 and the text (a full-width space, mostly)
    paras: list[Para]
    orig: tuple[int, int] | None

    arabic: bool = False  # 第9条: some local texts number articles in digits
    placed: int = 0  # added as 第N条 with no anchor (作为第四十九条): N in the amended numbering

    def __eq__(self, other: object) -> bool:
        """The dataclass equality (every field equal), the cheap fields first: list.index() and
        remove() compare an article with every one before it."""
        if other.__class__ is not Article:
            return NotImplemented
        return self is other or (self.orig == other.orig and self.number == other.number  # type: ignore[attr-defined]
                                 and self.zhi == other.zhi and self.sep == other.sep  # type: ignore[attr-defined]
                                 and self.arabic == other.arabic and self.placed == other.placed  # type: ignore[attr-defined]
                                 and self.paras == other.paras)  # type: ignore[attr-defined]

    @property
    def label(self) -> str:
        return article_number(self.number, self.zhi, arabic=self.arabic)

    def lines(self) -> list[str]:
        out: list[str] = []
        for i, para in enumerate(self.paras):
            out.append(f"{self.label}{self.sep}{para.text}" if i == 0 else para.text)
            for item in para.items:
                out.extend(item.lines())
        if not self.paras:
            out.append(self.label)
        return out

    def parts(self) -> Iterator[object]:
        """Every object of the article a change can reach (itself, its lists, 款 and 项)."""
        yield self
        yield self.paras
        for para in self.paras:
            yield para
            yield para.items
            for item in para.items:
                yield item
                yield item.more


@dataclass(slots=True)
class Heading:
    """第一章　总则 (also 编 and 节)."""

    __setattr__ = logged_setattr

    unit: str
    number: int
    sep: str
    text: str
    orig: int | None
    arabic: bool = False
    # lines between the heading and the next unit: a title wrapped onto the next line, a note, a
    # copy's furniture (`[编辑]`): they stay under their heading, not moved to the document's head
    more: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"第{format_statute_number(self.number, arabic=self.arabic)}{self.unit}{self.sep}{self.text}",
                *self.more]

    def parts(self) -> Iterator[object]:
        yield self
        yield self.more

    def wrapped_title(self) -> int:
        """How many of the lines under the heading are its title wrapped onto them (`第二章 有限责任
        公司的设立` / `和组织机构`): the leading ones that read as a piece of a title — short, no
        sentence or clause mark, not opening or closing a bracket or quotation (a note `（…）`, a copy's
        `[编辑]`, which stay when the title is renamed)."""
        count = 0
        for line in self.more:
            if (len(line) > _TITLE_PIECE_MAX or line[0] in _OPENERS or line[-1] in _CLOSERS
                    or any(mark in line for mark in _SENTENCE_MARKS)):
                break
            count += 1
        return count


_TITLE_PIECE_MAX = 40  # a 章/节 title is a phrase, never a paragraph
_OPENERS = "（([【〔［<〈“‘「『"
_CLOSERS = "）)]】〕］>〉”’」』"
_SENTENCE_MARKS = "。；;：:！？!?，,"

Unit = Article | Heading


def _measure(lines: Iterable[str]) -> tuple[int, int]:
    """(characters, lines) that `lines` add to Document.text() (blank lines are left out)."""
    kept = [line for line in lines if line.strip()]
    return sum(map(len, kept)), len(kept)


_MAX_DRIFT = 64  # units added or removed before Document.position() takes every place anew


class _Index:
    """Document.text()'s length and the articles by number, kept up to date from the changes the
    Journals note: each unit's measure (rendered length, the numbers it is found by) is cached,
    and a change to any object inside a unit (its owner) re-measures that unit alone."""

    __slots__ = ("arabic", "body", "by_key", "drift", "edge", "heads", "measures", "members", "owners",
                 "pending", "places", "seps", "stamp")

    def __init__(self) -> None:
        self.pending: list[Change] = []
        self.stamp: int | None = None  # untracked() when last brought up to date; None: never
        # id(unit) → (unit, chars, lines, the keys it is found by, separator, numbered in digits)
        self.measures: dict[int, tuple[Unit, int, int, tuple[object, ...], str, bool]] = {}
        self.owners: dict[int, tuple[object, list[Unit]]] = {}  # id(part) → (part, units holding it)
        self.members: dict[int, int] = {}  # id(unit) → how many times it stands in the body
        self.by_key: dict[object, dict[int, Unit]] = {}  # ("orig" | "added", number) → units
        self.body = (0, 0)  # (chars, lines) of the body
        self.edge = (0, 0)  # (chars, lines) of head and tail
        self.seps: dict[str, int] = {}  # the articles' separators after 第X条, counted
        self.arabic = [0, 0]  # articles numbered in Chinese, in digits
        # id(unit) → its place in the body when last taken; `drift`: units added to or taken from
        # the body since, so a unit that did not move itself stands within `drift` of that place
        self.places: dict[int, int] = {}
        self.drift = 0
        # the headings in the body's order (None: to be taken anew); they enter and leave the body
        # rarely, so the article standing Nth is found by the places of a few headings
        self.heads: list[Heading] | None = None

    def sync(self, doc: Document) -> None:
        if active() is None or self.stamp != untracked() or not self._update(doc):
            self._rebuild(doc)
        self.pending.clear()
        self.stamp = untracked()

    def length(self, doc: Document) -> int:
        self.sync(doc)
        lines = self.body[1] + self.edge[1]
        return self.body[0] + self.edge[0] + max(0, lines - 1)

    def found(self, doc: Document, key: object) -> list[Unit]:
        """The units standing in the body under `key`, each as many times as it stands there."""
        self.sync(doc)
        return [u for i, u in self.by_key.get(key, {}).items() for _ in range(self.members[i])]

    def _rebuild(self, doc: Document) -> None:
        self.measures.clear()
        self.owners.clear()
        self.members.clear()
        self.by_key.clear()
        self.seps.clear()
        self.arabic = [0, 0]
        self.places.clear()
        self.heads = None
        self.body = (0, 0)
        self.edge = _measure([*doc.head, *doc.tail])
        for unit in doc.body:
            self._count(unit, 1)

    def _update(self, doc: Document) -> bool:
        """Apply the pending changes; False when only a rebuild can (the document's own lists replaced)."""
        changed: dict[int, Unit] = {}
        moved: dict[int, tuple[Unit, int]] = {}
        edge = False
        for obj, added, removed in self.pending:
            if obj is doc:
                return False
            if obj is doc.head or obj is doc.tail:
                edge = True
            elif obj is doc.body:
                self.drift += len(added) + len(removed)
                if any(isinstance(u, Heading) for u in (*added, *removed)):
                    self.heads = None
                for unit, step in [*((u, 1) for u in added), *((u, -1) for u in removed)]:
                    moved[id(unit)] = (unit, moved.get(id(unit), (unit, 0))[1] + step)
            elif (owner := self.owners.get(id(obj))) is not None and owner[0] is obj:
                for unit in owner[1]:
                    changed[id(unit)] = unit
        if edge:
            self.edge = _measure([*doc.head, *doc.tail])
        for key, unit in changed.items():
            count = self.members.get(key, 0)
            self._count(unit, -count)
            self.measures.pop(key, None)
            self._count(unit, count)
        for unit, step in moved.values():
            if self.members.get(id(unit), 0) + step < 0:
                return False
            self._count(unit, step)
        return True

    def _count(self, unit: Unit, times: int) -> None:
        """Add (or take away) `times` standings of `unit` in the body, measuring it if need be."""
        if not times:
            return
        key = id(unit)
        cached = self.measures.get(key)
        if cached is None or cached[0] is not unit:
            cached = (unit, *_measure(unit.lines()), _keys(unit), unit.sep, isinstance(unit, Article) and unit.arabic)
            self.measures[key] = cached
            for part in unit.parts():
                owner = self.owners.get(id(part))
                if owner is None or owner[0] is not part:
                    self.owners[id(part)] = (part, [unit])
                elif all(u is not unit for u in owner[1]):
                    owner[1].append(unit)
        self.body = (self.body[0] + times * cached[1], self.body[1] + times * cached[2])
        before = self.members.get(key, 0)
        count = before + times
        if count:
            self.members[key] = count
        else:
            self.members.pop(key, None)
        if isinstance(unit, Article):
            self.seps[cached[4]] = self.seps.get(cached[4], 0) + times
            self.arabic[cached[5]] += times
        if not before or not count:  # it enters or leaves the body
            for found_by in cached[3]:
                if count:
                    self.by_key.setdefault(found_by, {})[key] = unit
                else:
                    self.by_key[found_by].pop(key, None)


def _keys(unit: Unit) -> tuple[object, ...]:
    """What find_article looks a unit up by: its original number, else (an added article) its label;
    a heading of the target by its unit and original number (第三章: ("heading", "章", 3)), so
    将第三章章名修改为… and 删去第五章 find it without a scan of the body."""
    if not isinstance(unit, Article):
        return (("heading", unit.unit, unit.orig),) if unit.orig is not None else ()
    return (("orig", unit.orig),) if unit.orig is not None else (("added", (unit.number, unit.zhi)),)


@dataclass(slots=True)
class Document:

    __setattr__ = logged_setattr
    head: list[str]
    body: list[Unit]
    tail: list[str]
    # the most characters the text may grow to (0: no limit): a phrase replaced everywhere by a
    # longer one, again and again, would otherwise grow it without end
    max_chars: int = 0
    index: _Index = field(default_factory=_Index, init=False, repr=False, compare=False)
    # articles added in a 章 under a number (第三章增加一条，作为第四条), each with that 章's heading and
    # what to report when it ends outside it: their numbers are the amended text's, which only the
    # whole decision settles (settle_placed), so their 章 is judged at the end (amend.apply_decision)
    in_chapter: list[tuple[Article, Heading, str]] = field(default_factory=list, init=False, repr=False,
                                                           compare=False)

    def text(self) -> str:
        lines = [*self.head, *(line for unit in self.body for line in unit.lines()), *self.tail]
        return "\n".join(line for line in lines if line.strip())

    def journal(self) -> Journal:
        """An undo log for one instruction's changes (amend_undo); it also tells text_length() what changed."""
        return Journal(self.index.pending)

    def text_length(self) -> int:
        """len(self.text()), re-measuring only the units changed since it was last taken (inside
        a Journal; else the whole text): the growth limit is checked on every lengthening edit."""
        return self.index.length(self)

    def position(self, unit: Unit) -> int:
        """self.body.index(unit): the first unit EQUAL to it. Equal units share their key (an
        article its original number or label, a heading its unit and original number), so when the
        index holds no other unit under that key, the unit's own place is the answer, found by
        identity (no comparison of units)."""
        keys = _keys(unit)
        if keys:
            self.index.sync(self)
            index = self.index
            if index.by_key.get(keys[0], {}).keys() == {id(unit)} and index.members[id(unit)] == 1:
                return self._place(unit)
        return self.body.index(unit)

    def headings(self) -> list[Heading]:
        """The headings (编, 章, 节) in the body's order, kept by the index: a chapter lookup or
        placement costs the few headings, not a scan of every article."""
        self.index.sync(self)
        if self.index.heads is None:
            self.index.heads = [u for u in self.body if isinstance(u, Heading)]
        return self.index.heads

    def heading_place(self, heading: Heading) -> int:
        """Where a heading standing in the body is (by identity, as position() finds an article)."""
        self.index.sync(self)
        return self._place(heading)

    def numbered_heading(self, unit: str, number: int) -> list[Heading]:
        """The target's headings of `unit` originally numbered `number` (not those a decision added)."""
        return self.index.found(self, ("heading", unit, number))  # type: ignore[return-value]

    def _place(self, unit: Unit) -> int:
        """Where `unit` itself stands in the body (the index synced): within `drift` of the place
        last taken unless it moved itself; else every place is taken anew, once per _MAX_DRIFT changes."""
        index = self.index
        place = index.places.get(id(unit))
        if place is not None and index.drift <= _MAX_DRIFT:
            start = max(0, place - index.drift)
            window = list(map(id, self.body[start:place + index.drift + 1]))  # compared as ids, not units
            if id(unit) in window:
                return start + window.index(id(unit))
        index.places = dict(zip(map(id, self.body), range(len(self.body)), strict=True))
        index.drift = 0
        return index.places[id(unit)]

    def article_place(self, rank: int) -> int | None:
        """Where the article now standing `rank`th (from 1) is in the body, None past the last:
        how a 作为 address (the amended numbering) is read. Not a count of the articles before it
        (a decision adding hundreds of articles by number counted the whole body for each): the
        articles before a heading are its place less the headings before it, so the headings
        before that article are found by halving the few headings."""
        heads = self.headings()
        if not 1 <= rank <= len(self.body) - len(heads):
            return None
        low, high = 0, len(heads)
        while low < high:  # the headings with at most rank - 1 articles before them
            middle = (low + high) // 2
            if self._place(heads[middle]) - middle <= rank - 1:
                low = middle + 1
            else:
                high = middle
        return rank - 1 + low

    def remove(self, unit: Unit) -> None:
        """self.body.remove(unit), the unit found by position()."""
        del self.body[self.position(unit)]

    def numbered(self, number: tuple[int, int], *, added: bool = False) -> list[Article]:
        """[a for a in self.articles() if a.orig == number] (added: the articles with no original
        number labelled `number`), from the index: amendment lookups cost what changed since the last."""
        return self.index.found(self, ("added" if added else "orig", number))  # type: ignore[return-value]

    def articles(self) -> Iterator[Article]:
        return (u for u in self.body if isinstance(u, Article))

    @property
    def arabic(self) -> bool:
        """Whether most articles are numbered in digits (第9条): how added ones are written."""
        self.index.sync(self)  # the articles' styles, counted as the body changes
        return self.index.arabic[True] > self.index.arabic[False]

    @property
    def sep(self) -> str:
        """The separator most articles use after 第X条 (for an article the decision adds without one)."""
        self.index.sync(self)  # the articles' separators, counted as the body changes
        counts = sorted((n for n in self.index.seps.values() if n), reverse=True)
        if len(counts) == 1 or (len(counts) > 1 and counts[0] > counts[1]):
            return max(self.index.seps, key=self.index.seps.__getitem__)
        # a tie (or no article) is settled as it always was: by the order of the set of separators
        seps = [a.sep for a in self.articles()] or [u.sep for u in self.body]
        return max(set(seps), key=seps.count) if seps else "\u3000"


def article_number(number: int, zhi: int = 0, *, arabic: bool = False) -> str:
    """第十一条, 第一百三十四条之一, or 第11条 in a text that numbers its articles in digits."""
    return f"第{format_statute_number(number, arabic=arabic)}条" + (f"之{format_chinese(zhi)}" if zhi else "")


def document_from_tree(tree: ClauseTree) -> Document:
    """The target's statute units; lines before the first 章 or 条 are its head, the closing
    lines and annexes after the body (as the segmenter zoned them) its tail."""
    if any(c.family == "document" for c in tree.clauses):
        raise AmendError("the target file holds several documents; amend one document at a time")
    head: list[str] = []
    body_lines: list[str] = []
    tail: list[str] = []
    for clause in tree.clauses:
        lines = [line for line in clause.text.splitlines() if line.strip()]
        if tail or (body_lines and clause.family in _AFTER_BODY):
            tail.extend(lines)
        elif not body_lines and (clause.family in _BODY_ZONES or not _starts_body(lines)):
            head.extend(lines)
        else:
            body_lines.extend(lines)
    body, leading = parse_units(body_lines, numbered=True)
    head.extend(leading)
    if not any(isinstance(u, Article) for u in body):
        raise AmendError("the target has no articles (第X条): amendment instructions address articles")
    return Document(head, body, tail)


def _starts_body(lines: list[str]) -> bool:
    return bool(lines) and bool(ARTICLE_LINE.match(lines[0].lstrip(SPACES)) or HEADING_LINE.match(lines[0].lstrip(SPACES)))


def parse_units(lines: Iterable[str], *, numbered: bool, fresh: bool = False) -> tuple[list[Unit], list[str]]:
    """Units of statute text, and the lines before the first unit. `numbered`: units keep their
    written numbers as `orig` (the target); the decision's new text has none (orig None)."""
    units: list[Unit] = []
    leading: list[str] = []
    for raw in lines:
        line = raw.strip(SPACES)
        if not line:
            continue
        article = units[-1] if units and isinstance(units[-1], Article) else None
        if m := ARTICLE_LINE.match(line):
            number, zhi = parse_number(m["n"]), parse_number(m["zhi"]) if m["zhi"] else 0
            rest = line[m.end():]
            units.append(Article(number, zhi, m["sep"], [Para(rest, 1 if numbered else None, fresh=fresh)],
                                 (number, zhi) if numbered else None, arabic=m["n"].isdigit()))
        elif m := HEADING_LINE.match(line):
            number = parse_number(m["n"])
            units.append(Heading(m["unit"], number, m["sep"], line[m.end():], number if numbered else None,
                                 arabic=m["n"].isdigit()))
        elif units and isinstance(units[-1], Heading):
            units[-1].more.append(line)
        elif article is None:
            leading.append(line)
        else:
            add_line(article.paras, line, numbered=numbered, fresh=fresh)
    return units, leading


def add_line(paras: list[Para], line: str, *, numbered: bool, fresh: bool) -> None:
    """Add one line of an article's body: a 项, a 目 under the last 项, or a new 款."""
    last = paras[-1] if paras else None
    digit = digit_mark(line)
    if (m := ITEM_LINE.match(line)) and last is not None:
        number = parse_number(m["n"])
        last.items.append(Item(number, line[m.end():], number if numbered else None,
                               brackets=(m["open"] or "", m["close"]), fresh=fresh))
    elif last is not None and digit is not None and (kind := digit_item(last, digit)):
        number = digit_number(digit)
        last.items.append(Item(number, line[digit.end():], number if numbered else None,
                               brackets=(digit["open"] or "", digit["close"] or ""), fresh=fresh, digits=kind,
                               written=digit.group()))
    elif last is not None and last.items and last.items[-1].digits:
        if digit is not None and opens_sub_list(last.items[-1], digit):
            last.items[-1].more.append(line)
            return
        if digit is not None:  # numbered, but not on from the list: the list is no list of 项
            _unlist(paras, last, numbered=numbered)
        paras.append(Para(line, len(paras) + 1 if numbered else None, fresh=fresh))
    elif last is not None and last.items and SUB_ITEM_LINE.match(line):
        last.items[-1].more.append(line)
    elif last is not None and not last.text and not last.items:
        last.text = line  # `第一条` alone on its line: the text follows
    else:
        paras.append(Para(line, len(paras) + 1 if numbered else None, fresh=fresh))


def opens_sub_list(item: Item, m: re.Match[str]) -> bool:
    """A line numbered in digits after a digit 项 is its 目 only when the 项 opened them (it ends in
    a colon, or its 目 have begun) and the line is not in the 项's own form: in that form it is a
    number out of the list's order (1. 2. 4., 1. 2、 3.)."""
    own = digit_kind(m) == item.digits and item.brackets == (m["open"] or "", m["close"] or "")
    return not own and (bool(item.more) or item.text.rstrip(SPACES).endswith(("：", ":")))


def _unlist(paras: list[Para], para: Para, *, numbered: bool) -> None:
    """Read the digit 项 under `para` back as the 款 they were written as: a list whose numbers skip
    or change form midway is no orderly list of 项, and taking it as one would make its last 项 own
    every line after it (deleting that 项 would take lines no instruction named)."""
    lines = [line for item in para.items for line in [f"{item.written}{item.text}", *item.more]]
    fresh = [item.fresh for item in para.items for _ in range(1 + len(item.more))]
    para.items = []
    for line, new in zip(lines, fresh, strict=True):
        paras.append(Para(line, len(paras) + 1 if numbered else None, fresh=new))


WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def digit_number(m: re.Match[str]) -> int:
    return ord(m["circled"]) - 0x2460 + 1 if m["circled"] else int(m["n"].translate(WIDTH_FOLD))


_DECIMAL = re.compile(r"[0-9０-９]")


def digit_mark(line: str) -> re.Match[str] | None:
    """The digit number a line opens with (`1.`, `（1）`, `１．`, `①`); a number going on in digits
    after a point is a decimal (`1.5万元以下的…`, `２．５`), no list mark. After a bracket or a 、
    the digits are the item's text (`（2）500万元以上的…`, `1、2024年底前…`)."""
    m = SUB_ITEM_LINE.match(line)
    if m is None or (m["close"] in (".", "．") and _DECIMAL.match(line, m.end())):
        return None
    return m


def digit_kind(m: re.Match[str]) -> str:
    if m["circled"]:
        return "circled"
    return "ascii" if m["n"] == m["n"].translate(WIDTH_FOLD) else "wide"


def digit_item(para: Para, m: re.Match[str]) -> str:
    """The kind of a 项 numbered in digits (`1.` / `（1）` / `①`) that the line of `m` opens under
    `para`, or "" when it is no such 项. A list in digits straight under a 款 is the 款's 项, as
    decisions name it (`第三条第一款中的…`, `第三条第二款第1项`): stored as 款 of their own, its
    lines moved the 款 after it out of reach. Only a list a 款 opens (it ends in a colon) and that
    counts from 1, each line numbered on, in one form: a 款 that merely starts with a numeral
    (`2.5万元以下的…`, or an article's paragraphs numbered 1. 2. without a lead-in) stays a 款."""
    kind, number = digit_kind(m), digit_number(m)
    if para.items:
        last = para.items[-1]
        same = last.digits == kind and last.brackets == (m["open"] or "", m["close"] or "")
        return kind if same and number == last.number + 1 else ""
    return kind if number == 1 and para.text.rstrip(SPACES).endswith(("：", ":")) else ""


def own_number(item: Item, line: str) -> re.Match[str] | None:
    """The number a quotation writes before a 项's new text (`“（二）春节…”`, `“2.…”`), in the form
    of the list it replaces."""
    return digit_mark(line) if item.digits else ITEM_LINE.match(line)


def parse_paras(lines: Iterable[str], *, fresh: bool = True) -> list[Para]:
    """The 款 (with their 项) of a quoted replacement text."""
    paras: list[Para] = []
    for raw in lines:
        line = raw.strip(SPACES)
        if line:
            add_line(paras, line, numbered=False, fresh=fresh)
    return paras


# ---------------------------------------------------------------------------- renumbering

_REFERENCE = re.compile(rf"第(?P<n>{_LEVEL_N})条(?:之(?P<zhi>{CN_NUM}))?")
_DOCUMENT_WORD = "(?:法|条例|规定|办法|细则|规则|决定|意见|通知|措施)"
_OWN_DOCUMENT = re.compile(f"本(?:实施)?{_DOCUMENT_WORD}$")
_OTHER_DOCUMENT = re.compile(f"(?:》|{_DOCUMENT_WORD})$")


def settle_placed(doc: Document) -> None:
    """Before 条文顺序作相应调整: an article the decision added by its number alone (增加一条，作为
    第十条; a 款 单列一条，作为第四十九条) stands at that number in the amended text, which the
    whole decision makes: an article deleted or merged by a later instruction moves it back into place.

    One pass over the body, not a removal and a search of the body per placed article (a decision
    adding hundreds of articles by number to a code of thousands took seconds, growing with the
    square): the other units keep their order, and each placed article is written straight after
    the article that then stands just before its number (before the first article for 第一条).
    Articles placed at one number (two articles under it is no text) take the numbers after it
    in the order they stand; a number past the last article is no place, and leaves it where it is.
    A number that falls between two 章 stays in the 章 the article stands in (第三章增加一条作为第五条
    after a 第二章 ending with 第四条 opens 第三章; written after 第四条 it left its 章); one that
    stands in an earlier 章 than its number's goes straight after the article before its number,
    as anywhere else (增加一条作为第三条, then 删去第一条: it ends 第一节, not opens 第二节)."""
    count = 0
    placed: list[Article] = []
    home: dict[int, int] = {}  # each placed article's 章, counted in the body's order (0: before any)
    chapters = 0
    for unit in doc.body:
        if isinstance(unit, Article):
            count += 1
            if unit.placed:
                placed.append(unit)
                home[id(unit)] = chapters
        elif unit.unit == "章":
            chapters += 1
    if not placed or count < 2:
        return
    slots: dict[int, Article] = {}
    last = 0
    for article in sorted(placed, key=lambda a: a.placed):  # stable: the body's order within a number
        slot = max(article.placed, last + 1)
        if slot > count:
            break
        slots[slot] = article
        last = slot
    moving = {id(a) for a in slots.values()}
    body: list[Unit] = []
    standing = 0  # articles written so far

    def settle(after_article: bool = False) -> None:  # the placed articles whose numbers come next
        nonlocal standing
        while (article := slots.get(standing + 1)) is not None:
            if after_article and home[id(article)] > chapters:
                break  # its 章 opens after the headings that come next: placed before the next article
            body.append(article)
            standing += 1

    chapters = 0
    for unit in doc.body:
        if id(unit) in moving:
            continue
        if isinstance(unit, Article):
            settle()  # a placed 第一条 stands before the first article, past the headings above it
            body.append(unit)
            standing += 1
            settle(after_article=True)
        else:
            if unit.unit == "章":
                chapters += 1
            body.append(unit)
    settle()  # every article placed: they stand in their numbers' order
    doc.body[:] = body


def outside_chapter(doc: Document, *, renumbered: bool = True) -> list[tuple[Article, str]]:
    """The articles of `doc.in_chapter` still in the body that stand outside the 章 they were
    added in, or whose number the amended text does not give them, each with its report (one pass
    over the body). `第二章增加一条作为第二十九条` where the amended text ends at 第七条 is written
    at the 章's end: renumbered, it became 第五条 unsaid; not renumbered, 第二十九条 stood between
    第五条 and 第六条. Either way the decision and the text disagree, which is reported."""
    wanted = {id(article): (heading, reason) for article, heading, reason in doc.in_chapter}
    out: list[tuple[Article, str]] = []
    current: Heading | None = None
    articles: list[Article] = []
    for unit in doc.body:
        if isinstance(unit, Heading):
            if unit.unit in ("章", "编"):
                current = unit if unit.unit == "章" else None
        else:
            articles.append(unit)
            if (entry := wanted.get(id(unit))) is not None and entry[0] is not current:
                out.append((unit, entry[1]))
    reported = {id(article) for article, _ in out}
    for i, article in enumerate(articles):
        if id(article) not in wanted or id(article) in reported or not article.placed:
            continue
        if renumbered and article.placed > len(articles):
            out.append((article, f"{article_number(article.placed)} is past the amended text's last article "
                                 f"({article_number(len(articles))})"))
        elif not renumbered:
            before = articles[i - 1] if i else None
            after = articles[i + 1] if i + 1 < len(articles) else None
            key = (article.placed, 0)
            if (before is not None and (before.number, before.zhi) >= key) \
                    or (after is not None and (after.number, after.zhi) <= key):
                out.append((article, f"{article_number(article.placed)} would stand between "
                                     f"{before.label if before else 'the start'} and {after.label if after else 'the end'}"))
    return out


def renumber(doc: Document) -> None:
    """条文顺序作相应调整: articles 1…n (之一 articles take their place in the sequence), 章 and
    编 on through the text, 节 from 1 in each 章; the target's own references to renumbered
    articles (本办法第九条) follow, in text the decision did not write."""
    mapping: dict[tuple[int, int], tuple[int, int]] = {}
    count = 0
    counters: dict[str, int] = {}
    for unit in doc.body:
        if isinstance(unit, Heading):
            counters[unit.unit] = counters.get(unit.unit, 0) + 1
            if unit.unit == "章":
                counters["节"] = 0
            unit.number = counters[unit.unit]
        else:
            count += 1
            if unit.orig is not None:
                mapping[unit.orig] = (count, 0)
            unit.number, unit.zhi = count, 0
    if any(old != new for old, new in mapping.items()):
        for article in doc.articles():
            for para in article.paras:
                if not para.fresh:
                    para.text = _renumber_references(para.text, mapping)
                for item in para.items:
                    if not item.fresh:
                        item.text = _renumber_references(item.text, mapping)
                        item.more = [_renumber_references(line, mapping) for line in item.more]


def _renumber_references(text: str, mapping: dict[tuple[int, int], tuple[int, int]]) -> str:
    def swap(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 8):m.start()]
        if _OTHER_DOCUMENT.search(before) and not _OWN_DOCUMENT.search(before):
            return m.group()  # 《…法》第十条, 行政许可法第十条: another document's article
        old = (parse_number(m["n"]), parse_number(m["zhi"]) if m["zhi"] else 0)
        new = mapping.get(old)
        if new is None:
            return m.group()
        return article_number(*new, arabic=m["n"].isdigit())

    return _REFERENCE.sub(swap, text)
