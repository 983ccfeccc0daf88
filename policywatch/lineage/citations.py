"""Where a text names other documents: sentences, and the 《title》 and 文号 references in them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policywatch.grammar.docnumber import DOC_NUMBER, find_doc_numbers, find_order_numbers
from policywatch.grammar.numerals import AR_NUM, CN_NUM

_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_TITLE = re.compile(r"《(?P<title>[^《》\n]{2,120})》")
# 《X》（某政发〔2019〕12号）: the number right after a title belongs to it
_NUMBER_AFTER = re.compile(rf"\s*[（(]\s*(?P<number>{DOC_NUMBER.pattern})\s*[）)]")
# 《X》（省政府令第114号） / 《X》(2016年12月1日常州市人民政府令第2号发布): an order's number in the note
_NOTE_AFTER = re.compile(r"\s*[（(](?P<note>[^（）()《》\n]{4,48})[）)]")
# 2015年8月20日市人民政府令第20号公布的《X》: the order's number before the title it published
_PUBLISHED = re.compile(r"\s*(?:公布|发布|印发)?的?\s*$")
# 《办法》, 《政策》: a document's short name for itself or the policy it explains (以下简称《办法》),
# never another document
_SHORT_NAME = re.compile(r"(?:实施)?(?:办法|政策|规定|决定|意见|通知|条例|细则|方案|措施|规划|计划|指南|公告|若干措施|若干政策)")
# a clause that gives the basis of what follows: 为贯彻落实《A》（…）和《B》要求，…
_BASIS = re.compile(r"\s*(?:为了?|现)?(?:深入)?(?:根据|依据|依照|按照|贯彻落实|落实|贯彻|遵照)")
# 《X》（文号）第十五条: one article of the document, not all of it
# and 《X》中有关…的条款（内容）: the clauses on one matter, X itself stays
# (`part`: the articles, 第三条、第十五条, or the matter, 有关…的条款)
_ARTICLE_AFTER = re.compile(rf"\s*(?:[（(][^（）()]*[）)])?\s*(?:的?(?P<articles>第(?:{CN_NUM}|{AR_NUM})条"
                            rf"(?:(?:、|和|及|以及|至)第(?:{CN_NUM}|{AR_NUM})条)*)"
                            r"|中的?(?P<matter>(?:有关|关于|涉及)[^。；《》]{1,60}?的?(?:条款|规定|内容|表述)))")
_CLAUSE_BREAK = "，,：:"


@dataclass(frozen=True, slots=True)
class Reference:
    """A document named in a sentence: by title, by 文号, or both."""

    title: str = ""
    doc_number: str = ""
    start: int = 0  # offset in the sentence


def sentences(text: str) -> list[str]:
    """The text's sentences (ending at 。；; or a line break), stripped."""
    return [s.strip(" \t\u3000") for s in _SENTENCE.findall(text) if s.strip(" \t\u3000")]


def references(sentence: str) -> list[Reference]:
    """Every document a sentence names, in order; a title and the 文号 after it are one reference."""
    found: list[Reference] = []
    claimed: list[tuple[int, int]] = []
    orders = find_order_numbers(sentence)  # order numbers (令第N号), folded: a 文号's equal as a key
    for m in _TITLE.finditer(sentence):
        if _SHORT_NAME.fullmatch(m["title"].strip()):
            continue
        number = _NUMBER_AFTER.match(sentence, m.end())
        doc_number = ""
        if number:
            numbers = find_doc_numbers(number["number"])
            doc_number = str(numbers[0][0]) if numbers else ""
            claimed.append((number.start(), number.end()))
        elif (note := _NOTE_AFTER.match(sentence, m.end())) and (
                order := next((o for o in orders if note.start("note") <= o[1] < note.end("note")), None)):
            doc_number = order[0]
            claimed.append((note.start(), note.end()))
        elif order := next((o for o in orders if not any(a <= o[1] < b for a, b in claimed)
                            and _PUBLISHED.fullmatch(sentence, o[2], m.start())), None):
            doc_number = order[0]
            claimed.append((order[1], order[2]))
        found.append(Reference(title=m["title"].strip(), doc_number=doc_number, start=m.start()))
        claimed.append((m.start(), m.end()))
    for number, start, _end in find_doc_numbers(sentence):
        if not any(a <= start < b for a, b in claimed):
            found.append(Reference(doc_number=str(number), start=start))
    for key, start, _end in orders:
        if not any(a <= start < b for a, b in claimed):
            found.append(Reference(doc_number=key, start=start))
    return sorted(found, key=lambda r: r.start)


def in_basis_clause(sentence: str, ref: Reference) -> bool:
    """True when the reference is named in a clause that gives the basis of the sentence
    (根据《A》, 为贯彻落实《A》和《B》要求): a citation, whatever the rest of the sentence does."""
    start = max(sentence.rfind(c, 0, ref.start) for c in _CLAUSE_BREAK) + 1
    return bool(_BASIS.match(sentence, start))


def names_article(sentence: str, ref: Reference) -> bool:
    """True when the reference is followed by an article address (《X》第十五条) or names the
    clauses of X on one matter (《X》中有关…的条款内容): part of X, not all of it."""
    return bool(named_part(sentence, ref))


def named_part(sentence: str, ref: Reference) -> str:
    """The part of the referenced document the sentence names right after it: its articles as
    written (`第三条、第十五条`) or the matter of its clauses (`有关燃气安装市场限制竞争行为的条款`); ""
    when it names the document whole."""
    close = sentence.find("》", ref.start) if ref.title else -1
    m = _ARTICLE_AFTER.match(sentence, close + 1) if close >= 0 else None
    return (m["articles"] or m["matter"]) if m else ""
