"""Reading a 修改决定 / 修正案: its instructions, one by one, as operations on addresses.

Quotations are cut out first (each becomes a placeholder in a "skeleton" of the instruction), so
the instruction forms are matched on short skeletons (`将第七条中的❶修改为❷，❸修改为❹`) and the
quoted text, whatever it holds, never confuses them. A multi-paragraph quotation opens each
paragraph with “ and closes only the last one (the official style); both styles are read.
A form that is not recognized gives an Instruction with `error` set: it is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from policywatch.grammar import CN_NUM, parse_number
from policywatch.lineage.amend_address import ADDRESS_LIST, Address, parse_address_list

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: placeholder brackets in skeletons
Q = f"{_OPEN}(?:\\d+){_CLOSE}"
_Q_INDEX = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
QL = f"{Q}(?:[、和及]{Q})*"
_COUNT = f"(?:{CN_NUM}|[0-9]+)"
_SCOPE = f"(?:本[^{_OPEN}，。；、中的]{{1,10}}|全文|{ADDRESS_LIST})"
_MARKER = re.compile(rf"^(?:{CN_NUM}[、.．]|[（(]{CN_NUM}[)）]|[0-9]+[.．、](?![0-9]))[ \t\u3000]*")
_VERB = re.compile(r"^(?:将|把|删去|删除|在|增加|增设|新增|第\S{1,12}?[条款项章])")
_SECTION = re.compile(r"(?:^|对)《(?P<title>[^》]+)》(?:作|做)(?:如下|以下)修改|^《(?P<alone>[^》]+)》[：:]?$")
_RENUMBER = re.compile(r"(?:条文|条款|章节|条目|序号|顺序)[^。]{0,8}(?:作|做)相应(?:的)?调整")
_RENUMBER_ALL = re.compile(r"上述|相关|各|以上")
_REPUBLISH = re.compile(r"《(?P<title>[^》]+)》[^。]{0,12}(?:根据|依照|按照)本决定作相应(?:的)?修改")


@dataclass(frozen=True, slots=True)
class Op:
    """One edit. action: replace_unit, delete_unit, insert_unit, replace_phrase, delete_phrase,
    insert_phrase, rename_heading, retitle. `addresses`: what it edits (phrase ops: the scope, ()
    = the whole text); `new`: the quoted new text (paragraphs on separate lines)."""

    action: str
    addresses: tuple[Address, ...] = ()
    new: str = ""
    phrases: tuple[str, ...] = ()
    unit: str = ""  # insert_unit: 条, 款, 项
    count: int = 1  # insert_unit: how many units the instruction says it adds
    where: str = ""  # insert_unit / insert_phrase: 后, 前 or 中
    as_addresses: tuple[Address, ...] = ()  # insert_unit: 作为第十一条 (amended numbering)


@dataclass(frozen=True, slots=True)
class Instruction:
    text: str  # verbatim, as the decision writes it
    document: str = ""  # the title it amends when the decision names one
    ops: tuple[Op, ...] = ()
    error: str = ""


@dataclass(slots=True)
class Decision:
    instructions: list[Instruction] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # titles amended (作如下修改, 重新公布)
    renumber: set[str] = field(default_factory=set)  # titles renumbered; "" = every document


def parse_decision(text: str) -> Decision:
    """Split a decision's display text into instructions, by document section."""
    decision = Decision()
    current: list[str] = []
    document = ""

    def flush() -> None:
        if current:
            decision.instructions.append(parse_instruction("\n".join(current), document))
            current.clear()

    for raw in text.splitlines():
        line = raw.strip(" \t\u3000")
        if not line:
            continue
        if current and (_quote_open("\n".join(current)) or line.startswith("“")):
            current.append(line)
            continue
        body = _MARKER.sub("", line, count=1)
        marked = body != line
        if (m := _SECTION.search(body)) and not _VERB.match(body):
            flush()
            document = m["title"] or m["alone"]
            _add_document(decision, document)
        elif _RENUMBER.search(body) and not _VERB.match(body):
            flush()
            decision.renumber.add("" if _RENUMBER_ALL.search(body) or not document else document)
        elif m := _REPUBLISH.search(body):
            flush()
            _add_document(decision, m["title"])
        elif marked or _VERB.match(body):
            flush()
            current.append(line)
        elif current and current[-1][-1:] not in "。；;":
            current.append(line)  # an instruction wrapped over two lines
        else:
            flush()  # prose: the preamble, 本决定自…施行
    flush()
    return decision


def _add_document(decision: Decision, title: str) -> None:
    if title not in decision.documents:
        decision.documents.append(title)


def _quote_open(text: str) -> bool:
    return not tokenize(text)[2]


def tokenize(text: str) -> tuple[str, list[str], bool]:
    """(skeleton, quotations, balanced): each top-level “…” of `text` replaced by a placeholder.
    A “ at the start of a line inside a quotation continues it (a new quoted paragraph); a
    quotation that follows the previous one on the next line is that quotation's next paragraph."""
    skeleton: list[str] = []
    quotes: list[str] = []
    buf: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                between = "".join(skeleton[_last_close(skeleton):])
                if quotes and "\n" in between and not between.strip():
                    del skeleton[_last_close(skeleton) - 1:]  # reopen the previous quotation
                    buf = [quotes.pop(), "\n"]
                else:
                    buf = []
                depth = 1
            elif depth == 1 and _at_line_start(text, i):
                continue
            else:
                depth += 1
                buf.append(ch)
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                quotes.append("".join(buf))
                skeleton.append(f"{_OPEN}{len(quotes) - 1}{_CLOSE}")
            else:
                buf.append(ch)
        elif depth:
            buf.append(ch)
        else:
            skeleton.append(ch)
    if depth:
        quotes.append("".join(buf))
        skeleton.append(f"{_OPEN}{len(quotes) - 1}{_CLOSE}")
    return "".join(skeleton), quotes, depth == 0


def _last_close(skeleton: list[str]) -> int:
    """Index just after the last placeholder in the skeleton pieces (0 when none)."""
    for j in range(len(skeleton) - 1, -1, -1):
        if skeleton[j].startswith(_OPEN):
            return j + 1
    return 0


def _at_line_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\u3000":
        j -= 1
    return j < 0 or text[j] == "\n"


# ------------------------------------------------------------------------ instruction forms

_TITLE = re.compile(f"将?(?:标题|题目|名称|规章名称|文件名称)(?:修改|改)为[：:]?(?P<new>{Q})")
_HEADING_NAME = re.compile(
    f"将?(?P<addr>第{CN_NUM}[章节])(?:的)?(?:章名|节名|标题|名称)(?:修改|改)为[：:]?(?P<new>{Q})")
_REPLACE_UNIT = re.compile(
    f"(?:将|把)?(?P<addr>{ADDRESS_LIST})(?:修改|改)为(?:(?P<count>{_COUNT})[条款项][，,]?(?:作为(?P<as>{ADDRESS_LIST}))?)?"
    f"[：:]?(?P<new>{Q})")
_DELETE_UNIT = re.compile(f"(?:删去|删除)(?P<addr>{ADDRESS_LIST})")
_ADD = "(?:增加|增设|新增|增写|增列|增补)"
_INSERT_UNIT = re.compile(
    f"(?:在?(?P<addr>{ADDRESS_LIST})(?P<where>之?后|之?前|中)?)?[，,]?{_ADD}"
    f"(?P<count>{_COUNT})(?P<unit>条|款|项)[，,]?(?:(?:分别)?作为(?P<as>{ADDRESS_LIST}))?[：:]?(?P<new>{Q})")
# 第十二条增加“……”作为该条第一项: the quotation first, the unit named by the new address.
_INSERT_QUOTED_FIRST = re.compile(
    f"(?:在?(?P<addr>{ADDRESS_LIST})(?P<where>之?后|之?前|中)?)?[，,]?{_ADD}(?P<new>{Q})[，,]?作为(?P<as>{ADDRESS_LIST})")
# Phrase edits, one comma-separated piece at a time (the scope and verb carry over).
_PIECE_SCOPE = re.compile(
    f"^(?:(?:将|把)?(?P<scope>{_SCOPE})中?的?(?:将|把)?(?={_OPEN})|(?:将|把)(?={_OPEN})"
    f"|(?P<delete>删去|删除)(?:(?P<scope2>{_SCOPE})中的?)?|在(?:(?P<scope3>{_SCOPE})中?的?)?(?={_OPEN}))?")
_PAIR = re.compile(f"(?P<old>{QL})(?P<uni>统一)?(?:修改|改|替换)为(?P<new>{Q})")
_DELETE_TAIL = re.compile(f"(?P<old>{QL})(?:删去|删除)$")
_JUST_PHRASES = re.compile(f"(?P<old>{QL})$")
_INSERT_PHRASE = re.compile(f"(?P<anchor>{Q})(?P<where>之?后|之?前)(?:{_ADD}|加上|补充)(?P<new>{Q})$")
# Words that only restate the place: 作为该条第二款 (= of the article named), 即：“……”.
_RESTATED = [(re.compile("该(?:条|款)的?"), ""), (re.compile(f"[，,]?即[：:]?(?={_OPEN})"), "："),
             (re.compile(f"(?:的|中)?下列(?:内容|文字)?[：:]?(?={_OPEN})"), "：")]


def parse_instruction(text: str, document: str = "") -> Instruction:
    """One instruction (verbatim, possibly several lines) as its operations, or with an error."""
    skeleton, quotes, balanced = tokenize(text)
    if not balanced:
        return Instruction(text, document, error="unbalanced quotation marks")
    skel = re.sub(r"\s+", "", _MARKER.sub("", skeleton.strip(), count=1)).rstrip("。；;.")
    for pattern, replacement in _RESTATED:
        skel = pattern.sub(replacement, skel)
    if m := re.match(r"^(将|把|删去|删除|在)《(?P<title>[^》]+)》", skel):
        document = m["title"]
        skel = m.group(1) + skel[m.end():]
    try:
        # a paragraph can hold several sentences, each an instruction (…作为该条第一项。增加…)
        ops = _with_context([_ops(sentence, quotes) for sentence in re.split("。", skel) if sentence])
    except _FormError as exc:
        return Instruction(text, document, error=str(exc))
    return Instruction(text, document, tuple(ops))


class _FormError(ValueError):
    pass


def _with_context(sentences: list[list[Op]]) -> list[Op]:
    """A later sentence that names no article (`增加“……”作为该条第十项`) means the article the
    sentence before it named."""
    out: list[Op] = []
    article: Address | None = None
    for ops in sentences:
        for op in ops:
            named = next((a for a in (*op.addresses, *op.as_addresses) if a.article is not None), None)
            if named is None and article is not None and op.action == "insert_unit" and not op.addresses:
                op = replace(op, addresses=(Address(article=article.article, article_sub=article.article_sub),), where="中")
            out.append(op)
            article = named or article
    return out


def _quote(index_text: str, quotes: list[str]) -> str:
    m = _Q_INDEX.fullmatch(index_text)
    assert m is not None
    return quotes[int(m.group(1))]


def _phrases(text: str, quotes: list[str]) -> tuple[str, ...]:
    return tuple(quotes[int(i)] for i in _Q_INDEX.findall(text))


def _addresses(text: str | None) -> tuple[Address, ...]:
    if not text:
        return ()
    found = parse_address_list(text)
    if found is None:
        raise _FormError(f"cannot read the address {text!r}")
    return tuple(found)


def _ops(skel: str, quotes: list[str]) -> list[Op]:
    if m := _TITLE.fullmatch(skel):
        return [Op("retitle", new=_quote(m["new"], quotes))]
    if m := _HEADING_NAME.fullmatch(skel):
        return [Op("rename_heading", _addresses(m["addr"]), new=_quote(m["new"], quotes))]
    if m := _REPLACE_UNIT.fullmatch(skel):
        addresses = _addresses(m["addr"])
        if len(addresses) != 1:
            raise _FormError("one replacement text for several places")
        return [Op("replace_unit", addresses, new=_quote(m["new"], quotes),
                   count=parse_number(m["count"]) if m["count"] else 1, as_addresses=_addresses(m["as"]))]
    if m := _DELETE_UNIT.fullmatch(skel):
        return [Op("delete_unit", _addresses(m["addr"]))]
    if m := _INSERT_UNIT.fullmatch(skel):
        if not m["addr"] and not m["as"]:
            raise _FormError("an insertion that names neither where nor as what")
        return [Op("insert_unit", _addresses(m["addr"]), new=_quote(m["new"], quotes), unit=m["unit"],
                   count=parse_number(m["count"]), where=(m["where"] or "").lstrip("之"),
                   as_addresses=_addresses(m["as"]))]
    if m := _INSERT_QUOTED_FIRST.fullmatch(skel):
        as_addresses = _addresses(m["as"])
        unit = "项" if as_addresses[0].item else "款" if as_addresses[0].paragraph else "条"
        return [Op("insert_unit", _addresses(m["addr"]), new=_quote(m["new"], quotes), unit=unit,
                   where=(m["where"] or "").lstrip("之"), as_addresses=as_addresses)]
    return _phrase_ops(skel, quotes)


def _scope(text: str | None) -> tuple[Address, ...]:
    """Addresses of a phrase edit's scope; () for the whole text (本办法, 全文)."""
    if not text or text.startswith("本") or text == "全文":
        return ()
    return _addresses(text)


def _phrase_ops(skel: str, quotes: list[str]) -> list[Op]:
    """`将第七条中的❶修改为❷，❸修改为❹；删去第九条中的❺` → replace, replace, delete."""
    ops: list[Op] = []
    scope: tuple[Address, ...] | None = None
    verb = ""
    for piece in re.split("[，,；;]", skel):
        if not piece:
            continue
        head = _PIECE_SCOPE.match(piece)
        assert head is not None
        named = head["scope"] or head["scope2"] or head["scope3"]
        if named:
            scope = _scope(named)
        if head["delete"]:
            verb = "delete"
        rest = piece[head.end():]
        if m := _INSERT_PHRASE.fullmatch(rest):
            ops.append(Op("insert_phrase", _require_scope(scope), new=_quote(m["new"], quotes),
                          phrases=_phrases(m["anchor"], quotes), where=m["where"].lstrip("之")))
            continue
        if verb == "delete" and head["delete"] and (m := _JUST_PHRASES.fullmatch(rest)):
            ops.append(_phrase_op("delete_phrase", scope, _phrases(m["old"], quotes), rest))
            continue
        if m := _DELETE_TAIL.fullmatch(rest):
            verb = "delete"
            ops.append(_phrase_op("delete_phrase", scope, _phrases(m["old"], quotes), rest))
            continue
        pairs = list(_PAIR.finditer(rest))
        if pairs and re.fullmatch("[、和及]*", _PAIR.sub("", rest)):
            verb = "replace"
            for pair in pairs:
                if scope is None and not pair["uni"]:
                    raise _FormError("a phrase replacement that names no place (第X条 or 本办法)")
                ops.append(Op("replace_phrase", scope or (), new=_quote(pair["new"], quotes),
                              phrases=_phrases(pair["old"], quotes)))
            continue
        if verb == "delete" and (m := _JUST_PHRASES.fullmatch(rest)):
            ops.append(_phrase_op("delete_phrase", scope, _phrases(m["old"], quotes), rest))
            continue
        raise _FormError(f"unrecognized instruction form near {_readable(piece, quotes)!r}")
    if not ops:
        raise _FormError("unrecognized instruction form")
    return ops


def _phrase_op(action: str, scope: tuple[Address, ...] | None, phrases: tuple[str, ...], piece: str) -> Op:
    return Op(action, _require_scope(scope), phrases=phrases)


def _require_scope(scope: tuple[Address, ...] | None) -> tuple[Address, ...]:
    if scope is None:
        raise _FormError("a phrase edit that names no place (第X条 or 本办法)")
    return scope


def _readable(skel: str, quotes: list[str]) -> str:
    return _Q_INDEX.sub(lambda m: f"“{quotes[int(m.group(1))]}”", skel)
