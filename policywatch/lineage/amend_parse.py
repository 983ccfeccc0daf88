"""Reading a 修改决定 / 修正案: its document sections and instructions, each instruction's
quotations cut out into a skeleton that amend_forms reads.

Quotations are cut out first (each becomes a placeholder in a "skeleton" of the instruction), so
the instruction forms are matched on short skeletons (`将第七条中的❶修改为❷，❸修改为❹`) and the
quoted text, whatever it holds, never confuses them. A multi-paragraph quotation opens each
paragraph with “ and closes only the last one (the official style); both styles are read.
A form that is not recognized gives an Instruction with `error` set: it is reported, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from policywatch.grammar import CN_NUM, CN_STATUTE_NUM, parse_number
from policywatch.lineage.amend_address import ADDRESS_LIST, Address
from policywatch.lineage.amend_forms import CLOSE, OPEN, FormError, Op, instruction_ops, placeholder

# An item's number: past 九千九百九十九 it takes 万 groups (`一万、删去…`: a decision of ten thousand
# items read its last one as prose, dropping it unreported).
_MARKER = re.compile(rf"^(?:{CN_STATUTE_NUM}[、.．]|[（(]{CN_STATUTE_NUM}[)）]|[0-9]+[.．、](?![0-9]))[ \t\u3000]*")
# `相应地将第十二条中的…`: an edit the one before it entails, an instruction of its own.
_CONSEQUENT = "相应(?:地|的)[，,]?"
_CONSEQUENTLY = re.compile(f"^{_CONSEQUENT}")
_VERB = re.compile(rf"^(?:{_CONSEQUENT})?(?:将|把|删去|删除|在|增加|增设|新增|第\S{{1,12}}?[条款项章])")
# A line edits something only when it says so: a statute's own `第五条 …` or `（一）在本市…` does not,
# nor does its article label set apart by a space (`第二条 市发展改革委负责调整收费标准`, a successor's
# own article when its closing clause repeals another document's article): an instruction runs on
# (`第十一条将“初中”修改为“高中”`). Nor does the space alone make a line a statute's: an instruction
# may set its article apart too (`第三条 修改为：“…”`, `第五条 第二款中的“三十日”修改为“十五日”。`,
# `第九条 删去。`), and what follows the label says which it is — an edit, or the article's own words.
_EDIT_AFTER_LABEL = (r"(?:修改为|修改成|改为|调整为|替换为|移至|移到|调至|中的|中“"
                     r"|“[^“”\n]{0,80}”(?:修改为|修改成|改为|删去|删除)"
                     r"|(?:删去|删除)(?=[。；;，,：:“第]|$)"
                     r"|(?:之?[前后])?(?:增加|增设|新增|增写)(?=[一两二三四五六七八九十0-9“：:]|下列|以下|如下)"
                     r"|第\S{1,12}?[款项目])")
_OWN_ARTICLE = re.compile(rf"^第\S{{1,12}}?条[ \t\u3000]+(?![ \t\u3000]|{_EDIT_AFTER_LABEL})")
_STRONG = re.compile(f"^(?:{_CONSEQUENT})?(?:将|把|删去|删除|增加|增设|新增)")
_EDIT = re.compile("修改|修正|删去|删除|增加|增设|新增|增写|增列|增补|改为|调整|合并|移至|移到|调至|替换")
# What a pair of 《》 holds: a title, so at most 200 characters. Unbounded, each 《 of a long run
# without its 》 (a hostile or broken line) scanned the rest of the line: quadratic.
_TITLE_MAX = 200
_TITLE_TEXT = f"[^》]{{1,{_TITLE_MAX}}}"
# `对《A》作如下修改：`, and the shorter heading of local decisions amending several regulations
# (`一、对《郑州市大气污染防治条例》作出修改`).
# The authority may stand before the title and its 文号 and short name after it
# (`现决定对最高人民法院《关于…的解释》（法释〔2008〕5号，以下简称《解释》）作如下修改：`).
_SECTION = re.compile(rf"(?:^|对)[^《》“。；;]{{0,12}}?《(?P<title>{_TITLE_TEXT})》(?:[（(][^（）()]{{0,60}}[)）])?"
                      rf"(?:作|做)出?(?:如下|以下)?修改|^《(?P<alone>{_TITLE_TEXT})》[：:]?$")
# `以下简称《解释》`: the instructions name the document by that short title.
_ALIAS = re.compile(rf"《(?P<full>{_TITLE_TEXT})》[（(][^（）()]{{0,40}}?(?:以下)?简称《(?P<short>{_TITLE_TEXT})》")
_RENUMBER = re.compile(r"(?:条文|条款|章节|条目|序号|顺序)[^。]{0,8}(?:作|做)相应(?:的)?调整"
                       r"|调整(?:条文|条款|章节)的?顺序")
# The same said at the end of one instruction (`删去第三条，以后各条顺延`, `删去第二章，以后各章顺延`, `增加一条，作为第四条，原第四条及以后
# 各条序号依次顺延`, `删去第九条，其后条文序号相应调整`): the instruction without it, and the articles
# renumbered once the decision is applied, as 条文顺序作相应调整 does (every address stays the original
# numbering). Said of 款 or 项 it only says what renumbering a list does anyway. It follows a
# punctuation mark, or straight the closing quotation mark of the text added (`作为第四条：“……。”
# 以后各条顺延`: the quotation's own 。 ends the sentence, and the skeleton holds its placeholder).
_SHIFT_UNIT = "(?:各章|各节|各条|章节|条文|条款|条目|各款|各项)"
_SHIFT_TAIL = re.compile(rf"(?:[，,；;。]|(?<={CLOSE}))(?:原第[^，,；;]{{1,16}}?及)?(?:以后|以下|其后|此后|之后|后面|后续|其余)的?"
                         rf"(?P<unit>{_SHIFT_UNIT}(?:[、和及]{_SHIFT_UNIT})*)?的?(?:序号|顺序|序次|编号)?"
                         r"(?:相应|依次|顺次|依序)?(?:地)?(?:顺延|前移|后移|递进|递补|提前|调整)$")
# `，其余条款不变` / `其他内容不变` / `其余条文不作修改` at the end of an instruction says that nothing else
# changes: no edit, no renumbering; the instruction is the rest (`将第五条中的“一千万元”修改为“五百万元”，
# 其余条款不变。`). It follows a punctuation mark or the closing quotation mark, as a shift tail does.
_UNCHANGED_TAIL = re.compile(rf"(?:[，,；;。]|(?<={CLOSE}))(?:其余|其他|其它|余下)的?"
                             r"(?:条款|条文|内容|部分|规定|各条|各款|文字|表述|章节)?(?:均|一律|仍)?(?:保持)?"
                             r"(?:不变|未变|不作(?:修改|改动|调整|变动)|不做(?:修改|改动|调整|变动)|照旧)$")
# Words that only say which numbering an address is in (`将《解释》原第七条改为修改后《解释》第十二条`):
# the original numbering is what every address names, and a new place is the amended one anyway.
_NUMBERING_WORDS = re.compile(rf"(?:原|修改后的?)(?=第|《{_TITLE_TEXT}》第)")
_TITLE_BEFORE = re.compile(rf"《(?P<title>{_TITLE_TEXT})》(?=第)")
_RENUMBER_ALL = re.compile(r"上述|相关|各|以上")
_SHORT_NAME = re.compile(r"^(将|把|删去|删除|在|对)?(?:本|该)?[^第“”，。；《》\ue000\ue001]{0,20}?"
                         r"(?:法|条例|规定|办法|细则|规则|意见|措施|章程|规程|准则)(?=第)")
# A quoted paragraph that opens a list item glued onto the paragraph before it (`包括：“（一）…`):
# line unwrapping may join a quoted paragraph that ends without a full stop to the next one, but a
# “ after a colon or a sentence's end that opens （一） starts a paragraph of the quotation (the
# official style opens each with “), never a quotation nested inside it.
_GLUED_PARAGRAPH = re.compile(f"(?<=[：:；;。])“(?=[（(]{CN_NUM}[)）])")
# The same for a quoted heading: `增加一章，作为第六章：“第六章　法律责任` ends without punctuation,
# so line unwrapping glues the next paragraph to it (`…法律责任“第四十一条　…`). A “ inside an open
# quotation that opens a statute label (第四十一条, 第二节) followed by its text after a space, as the
# official style writes a paragraph's label, starts that quotation's next paragraph. A label cited
# in the text stays a nested quotation: quoted without that space, closed straight after it
# (“第三条”) or run on into more of the citation (`本法所称“第三条第一项所得”`), or with a space and
# closed where the quotation around it still closes later on the line (`依照“第九条 规定”报送的`,
# `符合“第一条 立法目的”；登记机关应当公告。”`): a paragraph's text ends the quotation, so a label
# closed with no close of the quotation after it (a last new article without its full stop,
# `“第八条　新乙”` ending the instruction) is a paragraph, whatever mark follows a citation.
_GLUED_LABEL = re.compile(rf"(?<=[^\s“])“(?=第(?:{CN_STATUTE_NUM}|[0-9]+)(?:[编章节]|条(?:之{CN_NUM})?)[ \t\u3000]+[^\s”])")
_CLOSE = re.compile(r"[^“”\n]*”")  # from a “: its own ”, with no quotation opened before it


def _closes_later(line: str) -> Callable[[int], bool]:
    """Whether the quotation around a label quoted at `at` still closes after the label's own ”.
    Each “ counts +1 and each ” −1 along the line; the quotation around closes after the label's ”
    at c when the count falls below its value at c later on. The lowest count after each place is
    taken once per line: a line of thousands of quoted labels is not scanned once per label."""
    balance, lowest = [], []
    count = 0
    for ch in line:
        count += (ch == "“") - (ch == "”")
        balance.append(count)
    low = len(line)  # above any count: nothing after the last place
    for value in reversed(balance):
        lowest.append(low)  # the lowest count after this place
        low = min(low, value)
    lowest.reverse()

    def test(at: int) -> bool:
        m = _CLOSE.match(line, at + 1)
        return m is not None and lowest[m.end() - 1] < balance[m.end() - 1]
    return test


def _unglue(text: str) -> str:
    """The decision's lines with the paragraphs line unwrapping glued back apart (see above)."""
    out: list[str] = []
    depth = 0
    for line in _GLUED_PARAGRAPH.sub("\n“", text).splitlines():
        start = 0
        if (m := _MARKER.match(line)) and _STRONG.match(line[m.end():]):
            depth = 0  # the decision's next item: a quotation left open before it does not run on
        closes_later: Callable[[int], bool] | None = None
        for m in _GLUED_LABEL.finditer(line):
            closes_later = closes_later or _closes_later(line)
            if closes_later(m.start()):
                continue  # a label cited inside the quotation's text
            if quote_depth(line[start:m.start()], depth) >= 1:  # inside a quotation: a new paragraph
                out.append(line[start:m.start()])
                depth = quote_depth(line[start:m.start()], depth)
                start = m.start()
        out.append(line[start:])
        depth = quote_depth(line[start:], depth)
    return "\n".join(out)
# A partial repeal: `废止《X》第十五条`, `删去《X》第三条、第五条`, `《X》（文号）第十条予以废止`. In
# Chinese legal practice it deletes those articles (the later ones keep their numbers unless the
# decision says 条文顺序作相应调整). 废止 alone is no editing verb: `废止下列规章：` heads a list of
# whole documents ended, and `废止《X》。` ends X — neither is an instruction for X's text.
_NUMBER_AFTER_TITLE = r"[（(][^（）()\n]{1,40}[)）]的?(?=第)|的(?=第)"  # 《X》（文号）第十条, 《X》的第十条
_NAMED = rf"《[^》\n]{{1,{_TITLE_MAX}}}》(?:{_NUMBER_AFTER_TITLE})?"  # on one line; bounded: see _TITLE_TEXT
# It ends its sentence, or the next document named in it (`废止《A》第二十条和《B》`: B goes whole).
_END = r"(?:[。；;]|(?=[，,]|[和及、]《)|$)"
_PARTIAL_REPEAL = re.compile(rf"(?:(?:废止|删去|删除){_NAMED}{ADDRESS_LIST}{_END}"
                             rf"|{_NAMED}{ADDRESS_LIST}(?:同时|同日|一并)?(?:予以)?(?:废止|删去|删除){_END})")
_NEXT_DOCUMENT = re.compile(r"(?:[，,；;、和及与]|以及)*")
_ARTICLES_OF = re.compile(rf"{_NAMED}{ADDRESS_LIST}{_END}")  # 《Y》第五条 after 废止《X》第三条、
# The words before an instruction written in the sentence that decides it: `经研究，市政府决定废止
# 《X》第十五条`, `为落实…的要求，市人民政府决定：删去《X》第三条`, `现决定：将《X》第三条…`, and a
# successor's closing clause `本办法自2024年1月1日起施行，《X》第五条同时废止`. Only an edit naming its
# document follows them (a preamble's `决定在全市开展…` edits nothing).
_LEAD_IN = re.compile(r"^[^“。；\n\ue000]{0,80}?(?:决定[：:，,]?|(?:施行|实施)(?:之日起)?[，,])[ \t\u3000]*(?=(?:废止|删去|删除|将|把)?《)")
_REPUBLISH = re.compile(rf"《(?P<title>{_TITLE_TEXT})》[^。]{{0,12}}(?:根据|依照|按照)本决定作相应(?:的)?修改")


@dataclass(frozen=True, slots=True)
class Instruction:
    text: str  # verbatim, as the decision writes it
    document: str = ""  # the title it amends when the decision names one
    ops: tuple[Op, ...] = ()
    error: str = ""
    article: Address | None = None  # the place it named last: the next unnumbered line's article
    renumber: bool = False  # it ends `，以后各条顺延`: the articles are renumbered afterwards


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
    # The place named last, for the next line when it is not numbered: a numbered item of an NPC
    # decision goes on over unnumbered lines about the same article (`四、第十八条增加一款…` then
    # `将第二款改为第十九条…`); a numbered line names its own.
    named_last: Address | None = None

    depth = 0  # quotation depth at the end of `current`, kept line by line (no re-scan)
    aliases: dict[str, str] = {}  # short title → the title it stands for

    def flush() -> None:
        nonlocal named_last
        if current:
            inherited = None if _MARKER.match(current[0]) else named_last
            names = frozenset(short for short, full in aliases.items() if full == document)
            instruction = parse_instruction("\n".join(current), document, article=inherited, names=names)
            if instruction.document in aliases:
                instruction = replace(instruction, document=aliases[instruction.document])
            named_last = instruction.article
            _append(decision, instruction, document)
            if instruction.document:  # 将《A》第三条…: A is amended even without a heading
                _add_document(decision, instruction.document)
            current.clear()

    for raw in _unglue(normalize_quotes(text)).splitlines():
        line = raw.strip(" \t\u3000")
        if not line:
            continue
        if current and (depth or line.startswith("“")) and not (depth and _next_item(current[0], line)):
            current.append(line)
            depth = quote_depth(line, depth)
            continue
        body = _MARKER.sub("", line, count=1)
        marked = body != line
        if not current:
            aliases.update((m["short"], m["full"]) for m in _ALIAS.finditer(body))
        if spans := _decided_edits(body):  # 市政府决定：废止《X》第十五条、《Y》第三条。
            flush()
            current.append(line[:len(line) - len(body) + spans[0][1]])
            depth = quote_depth(current[-1], 0)
            for start, end, verb in spans[1:]:  # the next documents' articles in the same sentence
                flush()
                instruction = parse_instruction(verb + body[start:end], document)
                _append(decision, replace(instruction, text=body[start:end]), document)
                _add_document(decision, instruction.document)
            continue
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
        elif _STRONG.match(body) or (_VERB.match(body) and _EDIT.search(body) and not _OWN_ARTICLE.match(body)) or (
                marked and not _is_heading(body)):
            flush()
            current.append(line)
            depth = quote_depth(line, 0)
        elif current and not marked and current[-1].rstrip(_CLOSING_BRACKETS)[-1:] not in "。；;”":
            # an instruction wrapped over two lines; one that ends its sentence or its quotation is
            # whole (`…罚款；”` then `本决定自公布之日起施行。`), and so is one whose sentence ends inside
            # a closing bracket (a 税率表's `（注：本表所称…的余额。）` then `本决定自…施行。`); a
            # numbered line starts anew
            current.append(line)
            depth = quote_depth(line, depth)
        else:
            flush()  # prose: the preamble, 本决定自…施行
    flush()
    return decision


_CLOSING_BRACKETS = "）)】］]"


def _next_item(first: str, line: str) -> bool:
    """Is `line`, met inside a quotation the instruction opened by `first` never closed, the
    decision's next numbered instruction (`一、将第二条中的“本市修改为“本省”。` then
    `二、将第三条中的…`)? A quotation may run over lines, but not into the next item of the
    decision's own numbering: the item after the first's number, of the same style, with an editing
    verb, its quotations closed on its own line. Else one missing ” swallowed every instruction after
    it into one `unbalanced quotation marks`, applying none of them."""
    this, after = _MARKER.match(first), _MARKER.match(line)
    if this is None or after is None or quote_depth(line, 0):
        return False
    numbers = [m[0].strip(" \t\u3000（()）、.．") for m in (this, after)]
    styles = {(m[0][0] in "（(", n.isdigit()) for m, n in zip((this, after), numbers, strict=True)}
    if len(styles) != 1:  # `一、` is not followed by `（二）` nor by `2.`
        return False
    try:
        one, two = (parse_number(n) for n in numbers)
    except ValueError:
        return False
    return two == one + 1 and _STRONG.match(line[after.end():]) is not None


def _append(decision: Decision, instruction: Instruction, document: str) -> None:
    decision.instructions.append(instruction)
    if instruction.renumber:  # the document it edits, as a 条文顺序作相应调整 in its section would be
        decision.renumber.add(instruction.document or document)


def _decided_edits(body: str) -> list[tuple[int, int, str]]:
    """The instructions of a line that decides them after a lead-in (`经研究，市政府决定废止《X》第十五条。
    本决定自公布之日起施行。`) or repeals articles outright, as (start, end, verb) spans of `body`: the
    first from the line's start, then the next documents' articles in the same sentence
    (`废止《X》第三条、《Y》第五条`, which take the verb written before them). The rest of the line is
    prose. None ([]) when the line is no such edit."""
    lead = _LEAD_IN.match(body)
    at = lead.end() if lead else 0
    m = _PARTIAL_REPEAL.match(body, at)
    if m is None:
        return [(0, len(body), "")] if lead and _STRONG.match(body[at:]) else []
    spans = [(0, m.end(), "")]
    verb = m[0][:2] if m[0][:2] in ("废止", "删去", "删除") else ""
    while True:
        at = _NEXT_DOCUMENT.match(body, m.end()).end()  # type: ignore[union-attr]
        if (m := _PARTIAL_REPEAL.match(body, at)) is not None:
            spans.append((at, m.end(), ""))
        elif verb and (m := _ARTICLES_OF.match(body, at)) is not None:
            spans.append((at, m.end(), verb))
        else:
            return spans


def lead_in(skeleton: str) -> str:
    """The skeleton without the words that decide it (`现决定：`, `经研究，市政府决定`)."""
    return _LEAD_IN.sub("", skeleton, count=1)


def _is_heading(body: str) -> bool:
    """A numbered line that edits nothing: no place, no quotation, no editing verb
    (`二、对下列规章作出修改：`, `三、废止下列规章：`). Numbered lines with a verb are instructions,
    read or reported."""
    return "“" not in body and not _ADDRESS_WORD.search(body) and not _STRONG.match(body) \
        and not _REWRITES.search(body)


# A numbered line that says it rewrites something it names without an address (`四、个人所得税税率
# 表一（工资、薪金所得适用）修改为：` in the 2011 个人所得税法 decision, a table after it) is an
# instruction, reported when unread, not a heading silently passed over.
_REWRITES = re.compile("(?:修改|改)为|删去|删除")
_ADDRESS_WORD = re.compile(f"第(?:{CN_STATUTE_NUM}|[0-9]+)[编章节条款项目]")


def normalize_quotes(text: str) -> str:
    """Quotations written 「…」 or with straight quotes, in a text that has no “…”, as “…”."""
    if "“" in text:
        return text
    text = text.replace("「", "“").replace("」", "”")
    if '"' in text:
        parts = text.split('"')
        if len(parts) % 2 == 1:  # balanced: every other one opens
            text = "".join(part + ("“" if i % 2 == 0 else "”") for i, part in enumerate(parts[:-1])) + parts[-1]
    return text


def _inner_quotes(quote: str) -> str:
    """A quotation as the text it writes: a decision quotes the new text in “…”, so the text's own
    quotation marks are written ‘…’ inside it (`“本解释所称‘医疗活动’…认定。”`); a quotation that
    uses “…” inside (nested the other way) is left as written."""
    if "‘" not in quote or "“" in quote:
        return quote
    return quote.replace("‘", "“").replace("’", "”")


def _add_document(decision: Decision, title: str) -> None:
    if title not in decision.documents:
        decision.documents.append(title)


def quote_depth(line: str, depth: int) -> int:
    """The quotation depth after `line`, from `depth` before it, by tokenize()'s rules (a “ that
    opens a line inside a quotation is that quotation's next paragraph, not a nested one)."""
    for i, ch in enumerate(line):
        if ch == "“":
            if depth == 0 or not (depth == 1 and not line[:i].strip(" \t\u3000")):
                depth += 1
        elif ch == "”" and depth:
            depth -= 1
    return depth


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
                skeleton.append(placeholder(len(quotes) - 1))
            else:
                buf.append(ch)
        elif depth:
            buf.append(ch)
        else:
            skeleton.append(ch)
    if depth:
        quotes.append("".join(buf))
        skeleton.append(placeholder(len(quotes) - 1))
    return "".join(skeleton), quotes, depth == 0


def _last_close(skeleton: list[str]) -> int:
    """Index just after the last placeholder in the skeleton pieces (0 when none)."""
    for j in range(len(skeleton) - 1, -1, -1):
        if skeleton[j].startswith(OPEN):
            return j + 1
    return 0


def _at_line_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\u3000":
        j -= 1
    return j < 0 or text[j] == "\n"


def parse_instruction(text: str, document: str = "", *, article: Address | None = None,
                      names: frozenset[str] = frozenset()) -> Instruction:
    """One instruction (verbatim, possibly several lines) as its operations, or with an error.
    `article`: the place the instruction before it named last (see parse_decision); `names`: the
    short titles the document goes by (`以下简称《解释》`)."""
    skeleton, quotes, balanced = tokenize(text)
    quotes = [_inner_quotes(q) for q in quotes]
    if not balanced:
        return Instruction(text, document, error="unbalanced quotation marks", article=article)
    skel = re.sub(r"\s+", "", _MARKER.sub("", skeleton.strip(), count=1)).rstrip("。；;.")
    skel = _CONSEQUENTLY.sub("", lead_in(skel), count=1)
    renumber = False
    if unchanged := _UNCHANGED_TAIL.search(skel):
        skel = skel[:unchanged.start()]
    if shift := _SHIFT_TAIL.search(skel):
        skel = skel[:shift.start()]
        renumber = not shift["unit"] or bool(re.sub("[、和及]|各款|各项", "", shift["unit"]))
    if m := re.match(rf"^(将|把|删去|删除|废止|在|对)?《(?P<title>{_TITLE_TEXT})》(?:{_NUMBER_AFTER_TITLE})?", skel):
        document = m["title"]
        rest = skel[m.end():]
        # 将《X》中的“甲”修改为“乙”: the words wherever they stand in X, as 本条例中的 says it
        skel = (m.group(1) or "").replace("对", "") + ("全文" + rest if rest.startswith("中") else rest)
    elif m := _SHORT_NAME.match(skel):  # 在刑法第一百三十四条后…, 将本条例第三条…: the target itself
        skel = (m.group(1) or "").replace("对", "") + skel[m.end():]
    # the document named again before a later address (`增加一条，作为《解释》第七条`) is the same one
    own = {document, *names}
    skel = _TITLE_BEFORE.sub(lambda t: "" if t["title"] in own else t[0], _NUMBERING_WORDS.sub("", skel))
    try:
        ops, named = instruction_ops(skel, quotes, article)
    except FormError as exc:
        return Instruction(text, document, error=str(exc), article=article)
    return Instruction(text, document, tuple(ops), article=named, renumber=renumber)
