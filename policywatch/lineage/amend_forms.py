"""The instruction forms of amendment decisions, read from an instruction's skeleton (its
quotations replaced by placeholders) into operations on addresses.

A paragraph may hold several sentences and, inside a sentence, several comma-separated edits
(`将第七条中的❶修改为❷，❸修改为❹，并删去第二款`). Each sentence is read piece by piece, the longest
run of pieces that makes one whole form first; a place named without its article (`第二款`,
`该条第十项`) belongs to the article named last, and a phrase edit without a place to the place
named last. Anything left unread raises FormError: the caller reports the instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policywatch.grammar import CN_NUM, parse_number
from policywatch.lineage.amend_address import ADDRESS_LIST, Address, inherit, parse_address_list

OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters: the placeholder brackets in skeletons
Q = f"{OPEN}(?:\\d+){CLOSE}"
# possessive: a list not followed by what the form wants (`❶、❷、修改为❸`, a stray 、) fails at
# once instead of retrying every shorter list, from every quotation in it (quadratic)
QL = f"{Q}(?:[、和及]{Q})*+"
_Q_INDEX = re.compile(f"{OPEN}(\\d+){CLOSE}")
_COUNT = f"(?:{CN_NUM}|[0-9]+)"
_SCOPE = f"(?:本[^{OPEN}，。；、中的]{{1,10}}|全文|{ADDRESS_LIST})"
_ADD = "(?:增加|增设|新增|增写|增列|增补)"


def placeholder(index: int) -> str:
    return f"{OPEN}{index}{CLOSE}"


class FormError(ValueError):
    """The instruction's wording is not one of the forms read here."""


@dataclass(frozen=True, slots=True)
class Op:
    """One edit. action: replace_unit, delete_unit, insert_unit, move_unit, replace_phrase,
    delete_phrase, insert_phrase, rename_heading, retitle. `addresses`: what it edits (phrase
    ops: the scope, () = the whole text); `new`: the quoted new text (paragraphs on lines)."""

    action: str
    addresses: tuple[Address, ...] = ()
    new: str = ""
    phrases: tuple[str, ...] = ()
    unit: str = ""  # insert_unit: 条, 款, 项
    count: int = 1  # insert_unit / replace_unit: how many units the instruction says it writes
    where: str = ""  # insert_unit / insert_phrase / move_unit: 后, 前 or 中
    as_addresses: tuple[Address, ...] = ()  # insert_unit: 作为第十一条 (amended numbering); move_unit: the anchor


# Words that only restate the place: 作为该条第二款 (= of the article named), 即：“……”.
_RESTATED = [(re.compile("该(?:条|款)的?"), ""), (re.compile(f"[，,]?即[：:]?(?={OPEN})"), "："),
             (re.compile(f"(?:的|中)?下列(?:内容|文字)?[：:]?(?={OPEN})"), "：")]
_CONJUNCTION = re.compile("^(?:并且|并|同时|另外|以及|再)")

_TO = "(?:将|把)?"
_AS = f"(?:(?:分别)?作为(?P<as>{ADDRESS_LIST}))?"
_NEW = f"[：:]?(?P<new>{Q})"
_PLACE = f"(?:在?(?P<addr>{ADDRESS_LIST})(?P<where>之?后|之?前|中)?)?[，,]?"  # where an insertion goes
_TITLE = re.compile(f"将?的?(?:标题|题目|名称|规章名称|文件名称)(?:修改|改)为{_NEW}")
# 将第十二条改为第十三条: the article takes a new number where it stands (NPC decisions spell
# out the new numbers this way, often followed by `，修改为：“……”` or `，第一款修改为…`; local
# decisions write `将第三十七条修改，作为第三十八条，删去第一项…`). A 项 or 款 given a new
# number in its article (`将第四项改为第二项，将其中的…`) keeps its place: lists are numbered by position.
_RELABEL = re.compile(f"{_TO}(?P<addr>{ADDRESS_LIST})(?:改为|修改[，,]?作为)(?P<as>{ADDRESS_LIST})")
# …改为第十三条，修改为：“……”; `将第九项改为第七项，内容修改为：“……”`
_REPLACE_NAMED_LAST = re.compile(f"(?:其?内容)?(?:修改|改)为{_NEW}")
# A 款 or 项 given a new number and new text at once: `将第二款改为第十九条，修改为：“……”` (the
# 款 leaves its article as a new article), `第一款第三项改为第四项，修改为：“（四）……”`,
# `第一款、第二款改为第二款、第三款，修改为：“……”` (the text of both, one paragraph each).
_RELABEL_REPLACE = re.compile(f"{_TO}(?P<addr>{ADDRESS_LIST})改为(?P<as>{ADDRESS_LIST})[，,]修改为{_NEW}")
# `将第八条第三款单列一条，作为第四十九条，修改为：“……”` (会计法 2024): the 款 leaves its
# article and stands as an article of its own, at the number the amended text gives it.
_DETACH = re.compile(f"{_TO}(?P<addr>{ADDRESS_LIST})单列(?:为)?一条[，,]?作为(?P<as>{ADDRESS_LIST})[，,]?(?:修改为)?{_NEW}")
_HEADING_NAME = re.compile(f"将?(?P<addr>第{CN_NUM}[章节])(?:的)?(?:章名|节名|标题|名称)(?:修改|改)为{_NEW}")
# `将第七条修改为两条，作为第七条、第八条：“……”`; NPC decisions also restate the verb after the
# new places: `将第三条改为两条，作为第三条、第四条，修改为：“……”` (立法法 2023).
_REPLACE_UNIT = re.compile(
    f"{_TO}(?P<addr>{ADDRESS_LIST})(?:修改|改)为(?:(?P<count>{_COUNT})[条款项][，,]?{_AS}(?:[，,]?(?:修改|改)为)?)?{_NEW}")
_MERGE_UNITS = re.compile(f"{_TO}(?P<addr>{ADDRESS_LIST})合并(?:为一条)?[，,]?{_AS}[，,]?(?:修改为)?{_NEW}")
_MOVE_UNIT = re.compile(
    f"{_TO}(?P<addr>{ADDRESS_LIST})(?:移至|移到|调至|调到|调整至|调整到|移作)(?P<to>{ADDRESS_LIST})(?P<where>之?后|之?前)")
# 废止第十五条 / 第十条予以废止 / 第五条同时废止 (a partial repeal, its document named before; the last in a
# successor's closing clause): the articles go
_DELETE_UNIT = re.compile(f"(?:删去|删除|废止)(?P<addr>{ADDRESS_LIST})|(?P<after>{ADDRESS_LIST})(?:同时|同日|一并)?(?:予以)?(?:废止|删去|删除)")
_INSERT_UNIT = re.compile(f"{_PLACE}{_ADD}(?P<count>{_COUNT})(?P<unit>条|款|项|章|节)[，,]?{_AS}{_NEW}")
# 在刑法第一百六十五条中增加一款作为第二款，将该条修改为：“……” (the NPC 修正案 form): the
# insertion only says what the new text brings; the quotation is the whole unit named, so it is a
# replacement of that unit (`该条` is already dropped as a restatement).
_INSERT_RESTATED_AS_REPLACE = re.compile(
    f"在?(?P<addr>{ADDRESS_LIST})中?{_ADD}{_COUNT}[条款项][，,]?(?:作为{ADDRESS_LIST})?[，,](?:将|把)?(?:修改|改)为{_NEW}")
# 第十二条增加“……”作为该条第一项: the quotation first, the unit named by the new address.
_INSERT_QUOTED_FIRST = re.compile(f"{_PLACE}{_ADD}(?P<new>{Q})[，,]?作为(?P<as>{ADDRESS_LIST})")

# `其中的“甲”修改为“乙”` (after `将第二十一条改为第二十二条，`): in the place named last.
_PIECE_SCOPE = re.compile(
    f"^(?:(?:将|把)?(?P<scope>{_SCOPE})中?的?(?:将|把)?(?={OPEN})|(?:将|把)?(?P<within>其中的?)(?={OPEN})|(?:将|把)(?={OPEN})"
    f"|(?P<delete>删去|删除)(?:(?P<scope2>{_SCOPE})中的?)?|在(?:(?P<scope3>{_SCOPE})中?的?)?(?={OPEN}))?")
_PAIR = re.compile(f"(?P<old>{QL})(?P<uni>统一)?(?:修改|改|替换)为(?P<new>{Q})")
_PAIRS = re.compile(f"[、和及]*(?:{_PAIR.pattern}[、和及]*)+")  # nothing but replacements
_DELETE_TAIL = re.compile(f"(?P<old>{QL})(?:删去|删除)$")
_JUST_PHRASES = re.compile(f"(?P<old>{QL})$")
_INSERT_PHRASE = re.compile(f"(?P<anchor>{Q})(?P<where>之?后|之?前)(?:{_ADD}|加上|补充)(?P<new>{Q})$")


class _Context:
    """What the pieces read so far named: the article (for 第二款), the phrase scope, the verb."""

    def __init__(self, quotes: list[str]) -> None:
        self.quotes = quotes
        self.article: Address | None = None
        self.scope: tuple[Address, ...] | None = None
        self.verb = ""

    def quote(self, index_text: str) -> str:
        m = _Q_INDEX.fullmatch(index_text)
        assert m is not None
        return self.quotes[int(m.group(1))]

    def phrases(self, text: str) -> tuple[str, ...]:
        return tuple(self.quotes[int(i)] for i in _Q_INDEX.findall(text))

    def addresses(self, text: str | None) -> tuple[Address, ...]:
        """The addresses written, a missing article taken from the last one named."""
        if not text:
            return ()
        found = parse_address_list(text)
        if found is None:
            raise FormError(f"cannot read the address {text!r}")
        if found[0].article is None and found[0].chapter is None and self.article is not None:
            found = [inherit(a, self.article) for a in found]
        named = next((a for a in found if a.article is not None), None)
        if named is not None:
            self.article = named
        return tuple(found)

    def readable(self, skel: str) -> str:
        return _Q_INDEX.sub(lambda m: f"“{self.quotes[int(m.group(1))]}”", skel)


def instruction_ops(skel: str, quotes: list[str], article: Address | None = None) -> tuple[list[Op], Address | None]:
    """The operations of one instruction's skeleton (quotations as placeholders), and the place
    it named last. `article`: the place named last before it, for a place written without its
    article (`第三款修改为…` on the line after `将第十九条改为第二十条，第一款修改为…`)."""
    for pattern, replacement in _RESTATED:
        skel = pattern.sub(replacement, skel)
    context = _Context(quotes)
    context.article = article
    ops: list[Op] = []
    for sentence in skel.split("。"):
        pieces = [p for p in re.split("[，,；;]", sentence) if p]
        i = 0
        while i < len(pieces):
            found, i = _longest_unit_form(pieces, i, context)
            ops.extend(found)
    if not ops:
        raise FormError("unrecognized instruction form")
    return ops, context.article


def _longest_unit_form(pieces: list[str], i: int, c: _Context) -> tuple[list[Op], int]:
    """The operations of the longest run of pieces from i that is one whole form, else of
    piece i as a phrase edit; and where the next run starts."""
    error: FormError | None = None
    # no form spans more than _FORM_PIECES pieces: trying every longer run joined the rest of the
    # sentence again for each piece, quadratic in a sentence of thousands of pieces
    for j in range(min(len(pieces), i + _FORM_PIECES), i, -1):
        try:
            found = _unit_form(_CONJUNCTION.sub("", "，".join(pieces[i:j])), c)
        except FormError as exc:  # e.g. an address it cannot read: a shorter run may still be a form
            error = error or exc
            continue
        if found is not None:
            return found, j
    try:
        return _phrase_piece(_CONJUNCTION.sub("", pieces[i]), c), i + 1
    except FormError:
        if error is not None:
            raise error from None
        raise


# The patterns _unit_form tries. Pieces are cut at commas and joined again with "，", and a
# pattern matches a comma only as `[，,]` (none sits in a repeated group), so a form spans at
# most one piece more than it has commas.
_UNIT_FORMS = (_TITLE, _HEADING_NAME, _REPLACE_UNIT, _RELABEL_REPLACE, _DETACH, _REPLACE_NAMED_LAST, _RELABEL,
               _MERGE_UNITS, _MOVE_UNIT, _DELETE_UNIT, _INSERT_RESTATED_AS_REPLACE, _INSERT_UNIT, _INSERT_QUOTED_FIRST)
_FORM_PIECES = 1 + max(form.pattern.count("[，,]") for form in _UNIT_FORMS)


def _unit_form(skel: str, c: _Context) -> list[Op] | None:
    """Operations on whole units (title, heading, article, 款, 项) when `skel` is one such form."""
    if m := _TITLE.fullmatch(skel):
        return [Op("retitle", new=c.quote(m["new"]))]
    if m := _HEADING_NAME.fullmatch(skel):
        return [Op("rename_heading", c.addresses(m["addr"]), new=c.quote(m["new"]))]
    if m := _REPLACE_UNIT.fullmatch(skel):
        addresses = c.addresses(m["addr"])
        if len(addresses) != 1:
            raise FormError("one replacement text for several places")
        return [Op("replace_unit", addresses, new=c.quote(m["new"]),
                   count=parse_number(m["count"]) if m["count"] else 1, as_addresses=c.addresses(m["as"]))]
    if (m := _RELABEL_REPLACE.fullmatch(skel)) and (ops := _relabel_part(m, c)) is not None:
        return ops
    if m := _DETACH.fullmatch(skel):
        return _detached(m, c)
    if m := _REPLACE_NAMED_LAST.fullmatch(skel):
        if c.article is None:
            raise FormError("a replacement that names no place")
        return [Op("replace_unit", (c.article,), new=c.quote(m["new"]))]
    if m := _RELABEL.fullmatch(skel):
        return [Op("relabel_unit", c.addresses(m["addr"]), as_addresses=_as_written(m["as"]))]
    if m := _MERGE_UNITS.fullmatch(skel):
        addresses = c.addresses(m["addr"])
        if len(addresses) < 2:
            raise FormError("a merger of fewer than two places")
        return [Op("replace_unit", addresses[:1], new=c.quote(m["new"]), as_addresses=c.addresses(m["as"])),
                Op("delete_unit", addresses[1:])]
    if m := _MOVE_UNIT.fullmatch(skel):
        return [Op("move_unit", c.addresses(m["addr"]), as_addresses=c.addresses(m["to"]),
                   where=m["where"].lstrip("之"))]
    if m := _DELETE_UNIT.fullmatch(skel):
        return [Op("delete_unit", c.addresses(m["addr"] or m["after"]))]
    if m := _INSERT_RESTATED_AS_REPLACE.fullmatch(skel):
        return [Op("replace_unit", c.addresses(m["addr"]), new=c.quote(m["new"]))]
    if m := _INSERT_UNIT.fullmatch(skel):
        if not m["addr"] and not m["as"]:
            raise FormError("an insertion that names neither where nor as what")
        return [_insertion(m, c, m["unit"], parse_number(m["count"]))]
    if m := _INSERT_QUOTED_FIRST.fullmatch(skel):
        return [_insertion(m, c, "", 1)]
    return None


def _relabel_part(m: re.Match[str], c: _Context) -> list[Op] | None:
    """`X改为Y，修改为❶` where X is a 款 or 项 (None for an article: relabel, then replace).

    A 项 or 款 renumbered inside its article only takes the new text (lists and paragraphs are
    numbered by position); a 款 that becomes an article leaves its article and follows it."""
    sources = c.addresses(m["addr"])
    if sources[0].paragraph is None and sources[0].item is None:
        return None
    written = _as_written(m["as"])
    new = c.quote(m["new"])
    if len(written) == 1 and written[0].article is not None and written[0].paragraph is None:
        if len(sources) != 1 or sources[0].item is not None:
            raise FormError("only one 款 can become an article")
        source = sources[0]
        article = Address(article=source.article, article_sub=source.article_sub)
        return [Op("delete_unit", sources),
                Op("insert_unit", (article,), new=new, unit="条", where="后", as_addresses=written)]
    if len(written) != len(sources) or any((w.item is None) != (s.item is None)
                                           for w, s in zip(written, sources, strict=True)):
        raise FormError("a renumbering that changes what kind of unit it names")
    replaced = Op("replace_unit", sources[:1], new=new, count=len(sources))
    return [replaced, Op("delete_unit", sources[1:])] if len(sources) > 1 else [replaced]


def _detached(m: re.Match[str], c: _Context) -> list[Op]:
    """`将第八条第三款单列一条，作为第四十九条，修改为：❶`: delete the 款, add the article by its
    new number (the amended numbering, as `增加一条，作为第四十九条` places it)."""
    sources = c.addresses(m["addr"])
    written = _as_written(m["as"])
    if len(sources) != 1 or sources[0].paragraph is None or sources[0].item is not None:
        raise FormError("only a 款 can be set apart as an article")
    if len(written) != 1 or written[0].article is None or written[0].paragraph is not None:
        raise FormError("a 款 set apart must be given an article number")
    return [Op("delete_unit", sources), Op("insert_unit", (), new=c.quote(m["new"]), unit="条", as_addresses=written)]


def _insertion(m: re.Match[str], c: _Context, unit: str, count: int) -> Op:
    """An insertion. Its anchor (在第六条第（二）项后) names the original numbering; a 作为 address
    that writes its own article (增加一条，作为第十条) names the amended one; a 作为 address
    without its article (作为该条第十项) is inside the article named last, which is then the anchor."""
    addresses = c.addresses(m["addr"])
    written = _as_written(m["as"]) if m["as"] else ()
    if not addresses and written and written[0].article is None and c.article is not None:
        addresses = (Address(article=c.article.article, article_sub=c.article.article_sub),)
    as_addresses = tuple(inherit(a, addresses[0]) for a in written) if addresses else written
    if not unit:
        unit = "项" if as_addresses[0].item else "款" if as_addresses[0].paragraph else "条"
    where = (m["where"] or "").lstrip("之") or ("中" if addresses and unit != "条" else "")
    return Op("insert_unit", addresses, new=c.quote(m["new"]), unit=unit, count=count, where=where,
              as_addresses=as_addresses)


def _as_written(text: str) -> tuple[Address, ...]:
    """A new number exactly as written (no article inherited: 改为第十三条 names the new one)."""
    found = parse_address_list(text)
    if found is None:
        raise FormError(f"cannot read the address {text!r}")
    return tuple(found)


def _phrase_piece(piece: str, c: _Context) -> list[Op]:
    """`将第七条中的❶修改为❷`, `❸修改为❹`, `删去第九条中的❺`, `在❻后增加❼`: phrase edits."""
    head = _PIECE_SCOPE.match(piece)
    assert head is not None
    named = head["scope"] or head["scope2"] or head["scope3"]
    if named:
        c.scope = () if named.startswith("本") or named == "全文" else c.addresses(named)
    elif head["within"]:
        if c.article is None:
            raise FormError("其中 without a place named before it")
        c.scope = (c.article,)
    if head["delete"]:
        c.verb = "delete"
    rest = piece[head.end():]
    if m := _INSERT_PHRASE.fullmatch(rest):
        return [Op("insert_phrase", _scope(c), new=c.quote(m["new"]), phrases=c.phrases(m["anchor"]),
                   where=m["where"].lstrip("之"))]
    if m := _DELETE_TAIL.fullmatch(rest):
        c.verb = "delete"
        return [Op("delete_phrase", _scope(c), phrases=c.phrases(m["old"]))]
    if _PAIRS.fullmatch(rest):
        c.verb = "replace"
        ops = []
        for pair in _PAIR.finditer(rest):
            if c.scope is None and not pair["uni"]:
                raise FormError("a phrase replacement that names no place (第X条 or 本办法)")
            ops.append(Op("replace_phrase", c.scope or (), new=c.quote(pair["new"]), phrases=c.phrases(pair["old"])))
        return ops
    if c.verb == "delete" and (m := _JUST_PHRASES.fullmatch(rest)):
        return [Op("delete_phrase", _scope(c), phrases=c.phrases(m["old"]))]
    raise FormError(f"unrecognized instruction form near {c.readable(piece)!r}")


def _scope(c: _Context) -> tuple[Address, ...]:
    if c.scope is None:
        raise FormError("a phrase edit that names no place (第X条 or 本办法)")
    return c.scope
