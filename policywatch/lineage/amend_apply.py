"""Applying one parsed operation to the target's statute units (amend_doc.Document).

Places come from amend_places (strict lookups); a phrase must occur where the instruction says.
Anything else raises NotApplicable with the reason; the caller then leaves the document as it
was before the instruction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from policywatch.grammar import WIDTH_FOLD, format_chinese
from policywatch.lineage.amend_address import Address, article_key, format_address
from policywatch.lineage.amend_doc import (
    ARTICLE_LINE,
    ITEM_LINE,
    SPACES,
    SUB_ITEM_LINE,
    WIDE_DIGITS,
    Article,
    Document,
    Heading,
    Item,
    Para,
    article_number,
    digit_mark,
    opens_sub_list,
    own_number,
    parse_paras,
    parse_units,
)
from policywatch.lineage.amend_forms import Op
from policywatch.lineage.amend_places import (
    NotApplicable,
    Slot,
    article_at,
    article_of,
    chapter,
    find_article,
    find_item,
    find_para,
    para_with_items,
    slots,
)


def apply_op(doc: Document, op: Op) -> str:
    """Apply `op` to `doc` in place; return what it did, in words."""
    handler = _HANDLERS.get(op.action)
    if handler is None:
        raise NotApplicable(f"unsupported operation {op.action}")
    return handler(doc, op)


def _scopes(doc: Document, op: Op) -> list[tuple[str, list[Slot]]]:
    if not op.addresses:
        return [("the whole text", slots(doc, None))]
    return [(format_address(a), slots(doc, a)) for a in op.addresses]


def _replace_phrase(doc: Document, op: Op) -> str:
    return _edit_phrases(doc, op, lambda text, found, quoted: text.replace(found, _in_width(op.new, quoted, found)),
                         lambda phrases: f"{phrases} → “{op.new}”")


def _delete_phrase(doc: Document, op: Op) -> str:
    before = _texts_in_scope(doc, op)
    done = _edit_phrases(doc, op, lambda text, found, _: delete_words(text, found), lambda phrases: f"deleted {phrases}")
    return done + _drop_emptied(before)


def _texts_in_scope(doc: Document, op: Op) -> list[tuple[Article, Para, Item | None, str, list[str]]]:
    """Every 款 and 项 of the articles a phrase deletion reaches, with its text (and a 项's 目
    lines) before it."""
    if not op.addresses:
        articles = list(doc.articles())
    else:
        articles = [find_article(doc, article_key(a)) for a in op.addresses if a.article is not None]
    out: list[tuple[Article, Para, Item | None, str, list[str]]] = []
    for article in {id(a): a for a in articles}.values():  # each once (删去第三条、第三条中的…)
        for para in article.paras:
            out.append((article, para, None, para.text, []))
            out.extend((article, para, item, item.text, list(item.more)) for item in para.items)
    return out


def _emptied(text: str) -> bool:
    """Nothing but marks and blanks left: a unit whose every word was deleted."""
    return not text.strip(SPACES + "".join(_STOPS))


def _number_left(text: str, before: str) -> str:
    """The number (`2.`, `（2）`, `②`) of a line numbered in digits whose every word a deletion took
    (`2.信用良好；` → `2.`), or "" if words are left or there were none."""
    m, was = SUB_ITEM_LINE.match(text), SUB_ITEM_LINE.match(before)
    if m is None or was is None or was.group() != m.group() or _emptied(before[was.end():]):
        return ""
    return m.group() if _emptied(text[m.end():]) else ""


def _drop_emptied(before: list[tuple[Article, Para, Item | None, str, list[str]]]) -> str:
    """A 项 (or a 款 without 项) whose whole text a phrase deletion took goes, as `删去第十条第三项`
    takes it: the items after it move up and the list keeps its end mark (`删去第三条中的“逾期未报
    的；”` leaves no empty （三） behind). So does a line numbered in digits (a 目 `2.` under a 项,
    or a `2.`/`（2）` list straight under a 款): the lines after it are numbered on. A 款 that is its
    article's only one stays (the article would be left without text: deleting it is the
    decision's to say)."""
    dropped: list[tuple[int, int, str]] = []  # (its entry's place in `before`, its line's in the entry, the effect)
    # 项 first to last (each dropped one's successors move up under numbers they already had); the
    # 款 last first, as the 目 below: a line numbered in digits carries its number in its text, and
    # dropping an earlier one renumbers the later ones, which would no longer read as emptied lines
    # (`删去第三条中的“无违法记录；”、“有固定场所”` on `3.…；` `4.…。` left `3.。` behind); the
    # effects are still reported in the document's order (a 项 after the 目 whose going took it)
    places = range(len(before))
    ordered = [i for i in places if before[i][2] is not None] + [i for i in reversed(places) if before[i][2] is None]
    for place_in_before in ordered:
        article, para, item, text, more = before[place_in_before]
        if item is not None:
            if item.more and len(item.more) == len(more):  # its 目, last first: the numbers before stay put
                for i in reversed(range(len(more))):
                    if number := _number_left(item.more[i], more[i]):
                        dropped.append((place_in_before, 1 + i, f"{article.label}{_item_name(item)} {number} left empty: deleted"))
                        item.more = _drop_numbered(item.more, i, more[i])
            if _emptied(item.text) and not _emptied(text) and not item.more and any(i is item for i in para.items):
                dropped.append((place_in_before, 1 + len(more), f"{article.label}{_item_name(item)} left empty: deleted"))
                _drop_item(para, item, text)
        elif len(article.paras) > 1 and not para.items and (
                (_emptied(para.text) and not _emptied(text)) or (number := _number_left(para.text, text))):
            place = next(i for i, other in enumerate(article.paras) if other is para)
            if _emptied(para.text):
                dropped.append((place_in_before, 0, f"{article.label}第{format_chinese(para.orig or 1 + place)}款 left empty: deleted"))
                article.paras.remove(para)
                continue
            dropped.append((place_in_before, 0, f"{article.label} {number} left empty: deleted"))
            texts = _drop_numbered([p.text for p in article.paras], place, text)
            del article.paras[place]
            for other, new in zip(article.paras, texts, strict=True):
                if other.text != new:
                    other.text = new
    return "".join(f"; {d}" for _, _, d in sorted(dropped))


def _item_address(address: Address, item: Item, number: int | None = None) -> str:
    """`address` as the effects name the 项 it found (or its `number`): one of a list in digits by
    the list's own number (第二条第一款第2项, as `第二条第2项 left empty: deleted` names it), not as
    第（二）项."""
    if not item.digits or address.subitem is not None:
        return format_address(address)
    return format_address(replace(address, item=None)) + _item_name(item, number)


def _item_name(item: Item, number: int | None = None) -> str:
    """第（二）项, or 第2项 for a 项 numbered in digits, by its original number (or `number`)."""
    number = number or item.orig or item.number
    return f"第{number}项" if item.digits else f"第（{format_chinese(number)}）项"


def _drop_numbered(lines: list[str], place: int, text: str) -> list[str]:
    """`lines` without the numbered line at `place` (whose text was `text`): the lines numbered as
    it is that follow it are numbered one less (3. → 2.), and the new last one ends the list when
    the old one did (`1.…；` `2.…；` `3.…。` without 3. ends `2.…。`)."""
    m = SUB_ITEM_LINE.match(lines[place])
    assert m is not None  # _number_left found it
    out, after = lines[:place], place + 1
    while after < len(lines) and (n := SUB_ITEM_LINE.match(lines[after])) and _same_marks(m, n):
        out.append(_numbered_less(n) + lines[after][n.end():])
        after += 1
    # the list's end passes up: the old last line ended it (or, dropped after its successor, was
    # given the end); the line before it ends so too, itself emptied or not (then dropped next)
    ended = text.endswith("。") or lines[place].endswith("。")
    if after == place + 1 and ended and place and (p := SUB_ITEM_LINE.match(out[-1])) and _same_marks(m, p):
        if out[-1].endswith(_SEMICOLONS):
            out[-1] = out[-1][:-1] + "。"
        elif _emptied(out[-1][p.end():]):
            out[-1] = out[-1][:p.end()] + "。"
    return out + lines[after:]


def _same_marks(a: re.Match[str], b: re.Match[str]) -> bool:
    """Whether two line numbers are written alike (2. and 3., not 2. and （3）)."""
    return (a["circled"] is None) == (b["circled"] is None) and a["open"] == b["open"] and a["close"] == b["close"]


def _numbered_less(m: re.Match[str]) -> str:
    """A line's number one less, in its own marks and width (3. → 2., （３） → （２）, ③ → ②)."""
    if m["circled"]:
        return chr(ord(m["circled"]) - 1)
    wide = m["n"] != m["n"].translate(WIDTH_FOLD)
    n = str(int(m["n"].translate(WIDTH_FOLD)) - 1)
    return f"{m['open'] or ''}{n.translate(WIDE_DIGITS) if wide else n}{m['close']}"


# A clause deleted by its words takes the separator that set it apart (legal drafting quotes the
# clause, not its comma): `删去第九条第二款中的“县级以上人民政府计量行政部门应当进行监督检查”` (计量法
# 2017) on `…检定，县级以上…监督检查。` leaves `…检定。`, not `…检定，。`.
_SEPARATORS = "，,、；;"
_CLAUSE_END = "。；;，,、：:）)”"
_CLAUSE_START = "。；;：:（(“"
_SENTENCE_END = "。！？!?"
# Between two marks the words stood in, the stronger one stays: it parted what is left on either
# side (`报告；情节严重的，处罚款` less its clause is `报告；处罚款`, `协调，教育、卫生` less 教育 is
# `协调，卫生`); of two alike the one before.
_STRENGTH = {"、": 1, "，": 2, ",": 2, "；": 3, ";": 3} | dict.fromkeys(_SENTENCE_END, 4)


def delete_words(text: str, phrase: str) -> str:
    """`text` without every occurrence of `phrase`, with the separator it leaves dangling: the one
    before it when a mark or the text's end follows (`甲，乙。` → `甲。`, `甲、乙、丙` → `甲、丙`) unless
    the mark after it is the weaker (`甲；乙，丙。` → `甲；丙。`), else the one after it when it opens
    its sentence (`乙，丙。` → `丙。`, a whole sentence `甲。乙。` → `甲。`)."""
    if not phrase or phrase[0] in _SEPARATORS or phrase[-1] in _SEPARATORS:
        return text.replace(phrase, "")  # the words bring their own separator
    out: list[str] = []
    at = 0
    while (found := text.find(phrase, at)) >= 0:
        end = found + len(phrase)
        piece = text[at:found]
        after = text[end:end + 1]
        before = (piece or "".join(out))[-1:]
        if before and before in _SEPARATORS and (not after or after in _CLAUSE_END) \
                and _STRENGTH.get(after, 5) >= _STRENGTH[before]:
            piece = piece[:-1] if piece else piece
            if not text[at:found]:
                out[-1] = out[-1][:-1]
        elif after and after in _SEPARATORS and (not before or before in _CLAUSE_START + _SEPARATORS + _SENTENCE_END):
            end += 1  # it opens its clause, or the mark before it is the stronger
        elif after and after in _SENTENCE_END and before in _SENTENCE_END:
            end += 1  # a whole sentence
        out.append(piece)
        at = end
    out.append(text[at:])
    return "".join(out)


def _insert_phrase(doc: Document, op: Op) -> str:
    def insert(text: str, found: str, quoted: str) -> str:
        # the anchor as the text spells it: the quoted spelling in the other width rewrote it
        new = _in_width(op.new, quoted, found)
        return text.replace(found, found + new if op.where == "后" else new + found)

    return _edit_phrases(doc, op, insert,
                         lambda phrases: f"inserted “{op.new}” {'after' if op.where == '后' else 'before'} {phrases}")


def _edit_phrases(doc: Document, op: Op, edit: Callable[[str, str, str], str],
                  describe: Callable[[str], str]) -> str:
    """Edit every occurrence of each phrase in each scope; each phrase must occur in each scope.
    `edit(text, found, quoted)` edits the phrase as the text spells it (`found`)."""
    total = 0
    places = []
    size = None  # the text's length, read once an edit lengthens it
    for place, scope in _scopes(doc, op):
        texts = [read() for read, _ in scope]  # read once: the text of every slot, kept as edited
        for quoted in op.phrases:
            for phrase in _spellings(quoted, texts, place):
                count = sum(text.count(phrase) for text in texts)
                growth = count * (len(edit(phrase, phrase, quoted)) - len(phrase))
                if doc.max_chars and growth > 0:  # checked before the longer text is built
                    size = (doc.text_length() if size is None else size) + growth
                    if size > doc.max_chars:
                        raise NotApplicable(f"editing “{phrase}” in {place} would grow the text past "
                                            f"{doc.max_chars:,} characters: no amendment does that")
                total += count
                # only the slots the edit changes are written (each write is logged for undo and
                # re-indexed): a phrase replaced throughout a code costs the places that hold it,
                # not every paragraph of it (10,000 such instructions on 3,000 articles took minutes)
                for i, text in enumerate(texts):
                    if phrase in text and (edited := edit(text, phrase, quoted)) != text:
                        scope[i][1](edited)
                        texts[i] = edited
        places.append(place)
    phrases = "、".join(f"“{p}”" for p in op.phrases)
    return f"{', '.join(places)}: {describe(phrases)} ({total} occurrence{'s' if total > 1 else ''})"


# An address or file name written in the new words (http://…, www.…): its marks stay as written.
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+")
_OPENERS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def _in_width(new: str, quoted: str, found: str) -> str:
    """The decision's new words with the punctuation marks the quoted phrase had in the other width
    written as the text writes them: a decision quoting `十万元,有效期` for the law's `十万元，有效期`
    writes its new words half-width too, and the republished law has `，`. A mark between ASCII
    letters or digits is part of what it joins (10:00, 1,000.50, ISO/IEC), and one in an address
    (http://…) part of that address: they stay. A closing bracket follows its opening one, so
    `(2023)1号` keeps its pair either way."""
    if quoted == found:
        return new
    marks = {q: f for q, f in zip(quoted, found, strict=True) if q != f and not q.isalnum()}
    if not marks:
        return new
    kept = [False] * len(new)
    for m in _URL.finditer(new):
        kept[m.start():m.end()] = [True] * (m.end() - m.start())
    out: list[str] = []
    opened: list[tuple[str, bool]] = []  # the open brackets: (closer, converted)
    for i, ch in enumerate(new):
        joined = 0 < i < len(new) - 1 and new[i - 1].isascii() and new[i - 1].isalnum() \
            and new[i + 1].isascii() and new[i + 1].isalnum()
        convert = ch in marks and not kept[i] and not joined
        if ch in _OPENERS:
            opened.append((_OPENERS[ch], convert))
        elif opened and ch == opened[-1][0]:
            convert = ch in marks and opened.pop()[1]
        out.append(marks[ch] if convert else ch)
    return "".join(out)


def _spellings(phrase: str, texts: list[str], place: str) -> list[str]:
    """How the target spells a quoted phrase: as quoted, else with its punctuation, digits and
    letters in the other width (a copy of the decision printing `情节严重的,暂停…` half-width, as
    the 2017 计量法 decision's found copy does, quotes a target that writes `情节严重的，暂停…`).
    Raises when neither is found. Several spellings in one place are each edited."""
    if any(phrase in text for text in texts):
        return [phrase]
    if phrase.translate(WIDTH_FOLD) != phrase or any(" " < ch <= "~" for ch in phrase):
        either = re.compile("".join(
            f"[{re.escape(ch)}{re.escape(chr(ord(ch) + 0xFEE0))}]" if " " < ch <= "~"
            else f"[{re.escape(ch)}{re.escape(folded)}]" if (folded := ch.translate(WIDTH_FOLD)) != ch
            else re.escape(ch) for ch in phrase))
        found = list(dict.fromkeys(m.group() for text in texts for m in either.finditer(text)))
        if found:
            return found
    raise NotApplicable(f"“{phrase}” not found in {place}")


# ------------------------------------------------------------------------------ units


def _quoted_articles(doc: Document, new: str) -> tuple[list[Article], list[Para]]:
    """A quotation that writes whole articles (`第十一条　……`), or else the 款 it writes."""
    lines = new.splitlines()
    if lines and ARTICLE_LINE.match(lines[0].strip(SPACES)):
        units, _ = parse_units(lines, numbered=False, fresh=True)
        articles = [u for u in units if isinstance(u, Article)]
        if len(articles) != len(units):
            raise NotApplicable("the quoted text mixes articles and headings")
        for article in articles:
            article.sep, article.arabic = doc.sep, doc.arabic  # written the way the target writes its articles
            for para in article.paras:
                para.fresh = True
        return articles, []
    return [], parse_paras(lines)


def _replace_unit(doc: Document, op: Op) -> str:
    address = op.addresses[0]
    if address.article is None:
        raise NotApplicable(f"replacing {format_address(address)} as a whole is not supported")
    article = find_article(doc, article_key(address))
    if address.item is not None:
        para = para_with_items(article, address)
        item = find_item(article, para, address.item, address)
        lines = op.new.splitlines() or [""]
        first = lines[0].strip(SPACES)
        if m := own_number(item, first):
            first = first[m.end():]
        more = [line.strip(SPACES) for line in lines[1:] if line.strip()]
        item.text, item.more, item.fresh = _keep_list_mark(item, first, more), more, True
        return f"replaced {_item_address(address, item)}"
    if address.paragraph is not None:
        para = find_para(article, address.paragraph)
        new_paras = parse_paras(op.new.splitlines())
        if not new_paras:
            raise NotApplicable("the quoted text is empty")
        at = article.paras.index(para)
        article.paras[at:at + 1] = new_paras
        return f"replaced {format_address(address)}"
    articles, paras = _quoted_articles(doc, op.new)
    if articles:
        if len(articles) != op.count:
            raise NotApplicable(f"the quoted text writes {len(articles)} articles, the instruction says {op.count}")
        at = doc.position(article)
        articles[0].orig = article.orig
        for new, label in zip(articles, op.as_addresses, strict=False):
            if label.article is not None:
                new.number, new.zhi = label.article, label.article_sub
        doc.body[at:at + 1] = articles
        return f"replaced {format_address(address)}" + (f" with {len(articles)} articles" if len(articles) > 1 else "")
    if not paras:
        raise NotApplicable("the quoted text is empty")
    article.paras = paras
    return f"replaced {format_address(address)}"


def _delete_unit(doc: Document, op: Op) -> str:
    done = []
    # resolve every place first: a list names original units, and nothing is deleted when one is missing
    targets: list[tuple[str, Callable[[], None]]] = []
    for address in op.addresses:
        targets.append(_deleter(doc, address))
    for name, delete in targets:
        delete()
        done.append(name)
    return "deleted " + "、".join(done)


def _deleter(doc: Document, address: Address) -> tuple[str, Callable[[], None]]:
    """The unit's name for the effect, and what deletes it."""
    if address.article is None:
        if address.chapter is None or address.paragraph is not None or address.item is not None:
            raise NotApplicable(f"cannot delete {format_address(address)}")
        heading = chapter(doc, address.chapter)
        start = doc.heading_place(heading)
        units = doc.body[start:_end_of(doc, start)]

        def delete_chapter() -> None:
            # one slice where the 章 still stands whole (删去第五章、第七章: the places moved, the
            # units did not), else unit by unit (an article of it deleted by the same instruction)
            at = doc.heading_place(heading)
            if all(a is b for a, b in zip(doc.body[at:at + len(units)], units, strict=False)) \
                    and at + len(units) <= len(doc.body):
                del doc.body[at:at + len(units)]
                return
            for unit in units:
                if any(u is unit for u in doc.body):
                    doc.remove(unit)
        return format_address(address), delete_chapter
    article = find_article(doc, article_key(address))
    if address.item is not None:
        para = para_with_items(article, address)
        item = find_item(article, para, address.item, address)

        return _item_address(address, item), lambda: _drop_item(para, item, item.text)
    if address.paragraph is not None:
        para = find_para(article, address.paragraph)
        return format_address(address), lambda: article.paras.remove(para)
    return format_address(address), lambda: doc.remove(article)


def _drop_item(para: Para, item: Item, text: str) -> None:
    """Take `item` (whose text was `text`) out of its list; the items after it move up, and the
    new last item ends the list when the old one did."""
    if item is para.items[-1] and len(para.items) > 1 and text.endswith("。") \
            and para.items[-2].text.endswith(_SEMICOLONS) and not para.items[-2].more:
        para.items[-2].text = para.items[-2].text[:-1] + "。"  # the new last item ends the list
    del para.items[next(i for i, other in enumerate(para.items) if other is item)]
    para.renumber_items()


def _end_of(doc: Document, start: int) -> int:
    """Where the 章 or 节 whose heading stands at `start` ends: at the next heading of its level or above."""
    levels = ("编", "章", "节")
    unit = doc.body[start]
    assert isinstance(unit, Heading)
    above = levels[:levels.index(unit.unit) + 1] if unit.unit in levels else levels
    # the indexed headings, not every unit after it: a 章 of a code of thousands of articles
    places = (doc.heading_place(h) for h in doc.headings() if h.unit in above)
    return next((at for at in places if at > start), len(doc.body))


def _insert_unit(doc: Document, op: Op) -> str:
    if op.unit == "条":
        return _insert_articles(doc, op)
    if op.unit in ("章", "节"):
        return _insert_heading(doc, op)
    if op.unit == "款":
        return _insert_paras(doc, op)
    return _insert_items(doc, op)


def _insert_articles(doc: Document, op: Op) -> str:
    articles, paras = _quoted_articles(doc, op.new)
    if not articles:
        articles = [Article(0, 0, doc.sep, paras, None, arabic=doc.arabic)]
    if len(articles) != op.count:
        raise NotApplicable(f"the quoted text writes {len(articles)} articles, the instruction says {op.count}")
    labels = [article_key(a) for a in op.as_addresses]
    if op.as_addresses and (len(labels) != len(articles) or None in labels):
        raise NotApplicable("the new article numbers (作为…) do not match the quoted articles")
    by_number = not op.addresses or _chapter_anchor(op)  # not after or before an article named
    home = None
    if op.addresses and by_number:
        # 第四章增加一条作为第十八条 (计量法 2017): the article goes into that 章, where its number
        # falls in it. By the number alone it went after the article now 17th, the last of 第三章.
        home = chapter(doc, op.addresses[0].chapter)  # type: ignore[arg-type]
        at = _place_in_chapter(doc, home, labels[0] if labels else None)
        previous = None
    elif op.addresses:
        anchor_address = op.addresses[0]
        if anchor_address.article is None or len(op.addresses) != 1 or anchor_address.paragraph is not None:
            raise NotApplicable(f"cannot add an article at {format_address(anchor_address)}")
        anchor = find_article(doc, article_key(anchor_address))
        at = doc.position(anchor) + (0 if op.where == "前" else 1)
        previous = anchor if op.where != "前" else None
    else:  # 增加一条，作为第十一条: after the article the new one follows
        number, zhi = labels[0]  # type: ignore[misc]
        if zhi:
            previous = find_article(doc, (number, zhi - 1))
            at = doc.position(previous) + 1
        elif number > 1:  # the amended numbering: after the article now standing (number - 1)th
            previous, at = article_at(doc, number - 1)
            at += 1
        else:
            previous, at = None, _first_article_index(doc)
    if by_number and labels and not labels[0][1]:
        # its number is the amended text's, which the whole decision makes (settle_placed): a later
        # instruction deleting an article before it moves it back into place, in a 章 or not
        for article, (label, label_zhi) in zip(articles, labels, strict=True):
            article.placed = 0 if label_zhi else label  # type: ignore[assignment]
            if home is not None:  # its 章 is judged once the whole decision placed it
                doc.in_chapter.append((article, home, f"{article_number(label, label_zhi)} does not fall in "
                                                      f"第{format_chinese(op.addresses[0].chapter)}章"))  # type: ignore[arg-type]
    # after the anchor, past the articles earlier instructions already added there
    while previous is not None and at < len(doc.body) and isinstance(doc.body[at], Article) \
            and doc.body[at].orig is None:
        at += 1
    for i, article in enumerate(articles):
        if labels:
            article.number, article.zhi = labels[i]  # type: ignore[misc]
        elif not article.number:
            prior = doc.body[at - 1 + i] if at + i > 0 else None
            article.number = prior.number + 1 if isinstance(prior, Article) else 1
        doc.body.insert(at + i, article)
    return "added " + "、".join(a.label for a in articles)


def _chapter_anchor(op: Op) -> bool:
    """An article added in a 章 named alone (`第四章增加一条`, `在第四章中增加一条`)."""
    anchor = op.addresses[0]
    return len(op.addresses) == 1 and anchor.chapter is not None and anchor.section is None \
        and anchor.article is None and op.where in ("", "中")


def _place_in_chapter(doc: Document, heading: Heading, label: tuple[int, int] | None) -> int:
    """Where an article added in the 章 of `heading` goes: where its number falls, its first
    article when the article now just before that number ends the 章 before it; the 章's end
    without a number. A 第N条 number is the amended text's, which the whole decision makes (a later
    instruction may add before it or delete): where it falls outside the 章 now, the article is
    written at the 章's edge, settle_placed moves it to its number, and apply_decision reports it
    when that place is outside the 章. A 第N条之M number is the text's own: outside, it is reported."""
    start = doc.heading_place(heading)
    end = _end_of(doc, start)
    if label is None:
        return end
    rank, zhi = label
    if zhi:
        at = doc.position(find_article(doc, (rank, zhi - 1))) + 1
    elif rank > 1:
        place = doc.article_place(rank - 1)
        at = end if place is None else place + 1
    else:
        at = start + 1
    if 0 <= at <= start and all(isinstance(unit, Heading) for unit in doc.body[at:start]):
        at = start + 1  # the article before it ends the 章 (or 编) before this one
    if zhi and not start < at <= end:
        raise NotApplicable(f"{article_number(rank, zhi)} does not fall in 第{format_chinese(heading.orig or heading.number)}章")
    return min(max(at, start + 1), end)


def _insert_heading(doc: Document, op: Op) -> str:
    """增加一章，作为第三章：“第三章　…… 第十条　……” (a 节 the same inside its 章): the quoted
    heading and the articles under it, before the 章 now standing at that number (the amended
    numbering), at the end when it is the next number; or after the anchor's whole 章
    (在第二章后增加一章)."""
    units, _ = parse_units(op.new.splitlines(), numbered=False, fresh=True)
    if not units or not isinstance(units[0], Heading) or units[0].unit != op.unit:
        raise NotApplicable(f"the quoted text does not open with the heading of the new {op.unit}")
    headings = {u.unit: u for u in reversed(doc.headings())}
    for unit in units:  # written the way the target writes its articles and headings
        if isinstance(unit, Article):
            unit.sep, unit.arabic = doc.sep, doc.arabic
        elif (like := headings.get(unit.unit)) is not None:
            unit.sep, unit.arabic = like.sep, like.arabic
    at = _heading_place(doc, op)
    doc.body[at:at] = units
    articles = [u for u in units if isinstance(u, Article)]
    return f"added {units[0].lines()[0]}" + (f" with {articles[0].label}–{articles[-1].label}" if articles else "")


def _heading_place(doc: Document, op: Op) -> int:
    if op.addresses and op.where != "中":  # 在第二章中增加一节，作为第一节: by its number, below
        anchor = op.addresses[0]
        if len(op.addresses) != 1 or anchor.chapter is None or anchor.article is not None:
            raise NotApplicable(f"cannot add a {op.unit} at {format_address(anchor)}")
        start = doc.heading_place(chapter(doc, anchor.chapter))
        return start if op.where == "前" else _end_of(doc, start)
    target = op.as_addresses[0] if len(op.as_addresses) == 1 else None
    number = None if target is None else target.chapter if op.unit == "章" else target.section
    if number is None:
        raise NotApplicable(f"the instruction does not say where the new {op.unit} goes")
    scope_start, scope_end = 0, len(doc.body)
    if op.unit == "节":  # 作为第七章第三节: among the 节 of the 章 now standing seventh
        if target is None or target.chapter is None:
            raise NotApplicable("a new 节 needs its 章 (作为第七章第三节)")
        scope_start = _nth_heading(doc, "章", target.chapter, 0, len(doc.body))
        if scope_start is None:
            raise NotApplicable(f"the target has no 第{format_chinese(target.chapter)}章")
        scope_end = _end_of(doc, scope_start)
    standing = _nth_heading(doc, op.unit, number, scope_start, scope_end)
    if standing is not None:
        return standing
    if _nth_heading(doc, op.unit, number - 1, scope_start, scope_end) is None:  # nothing to follow: unsaid
        raise NotApplicable(f"the target has no {op.unit} to place the new {op.unit} by")
    return scope_end


def _nth_heading(doc: Document, unit: str, number: int, start: int, end: int) -> int | None:
    """The body index of the `number`th heading of `unit` between start and end, counted as the text now stands."""
    found = [at for at in (doc.heading_place(h) for h in doc.headings() if h.unit == unit) if start <= at < end]
    return found[number - 1] if 1 <= number <= len(found) else None


def _first_article_index(doc: Document) -> int:
    """Where a first article goes: before the present first one, else under the first heading."""
    first = next((i for i, u in enumerate(doc.body) if isinstance(u, Article)), None)
    if first is not None:
        return first
    return 1 if doc.body and isinstance(doc.body[0], Heading) else 0


def _insert_paras(doc: Document, op: Op) -> str:
    paras = parse_paras(op.new.splitlines())
    if len(paras) != op.count:
        raise NotApplicable(f"the quoted text writes {len(paras)} paragraphs, the instruction says {op.count}")
    anchor = op.addresses[0] if op.addresses else None
    target = op.as_addresses[0] if op.as_addresses else None
    article = article_of(doc, anchor, target)
    if anchor is not None and anchor.paragraph is not None:
        para = find_para(article, anchor.paragraph)
        at = article.paras.index(para) + (0 if op.where == "前" else 1)
    elif target is not None and target.paragraph is not None:
        at = target.paragraph - 1  # 作为第二款: its place in the amended article (作为第一款: first)
        if not 0 <= at <= len(article.paras):
            raise NotApplicable(f"{article.label} has no place for a 第{format_chinese(target.paragraph)}款")
    else:
        at = len(article.paras)
    article.paras[at:at] = paras
    return f"added {len(paras)} 款 to {article.label}"


def _insert_items(doc: Document, op: Op) -> str:
    anchor = op.addresses[0] if op.addresses else None
    target = op.as_addresses[0] if op.as_addresses else None
    article = article_of(doc, anchor, target)
    kuan = (anchor.paragraph if anchor else None) or (target.paragraph if target else None)
    para = para_with_items(article, Address(article=article.number, paragraph=kuan))
    lines = [line.strip(SPACES) for line in op.new.splitlines() if line.strip(SPACES)]
    items: list[Item] = []
    digits = next((item for item in para.items if item.digits), None)  # a list in digits takes 项 so written
    for line in lines:
        if digits is not None and (m := digit_mark(line)) and (not items or not opens_sub_list(items[-1], m)):
            items.append(Item(0, line[m.end():], None, brackets=digits.brackets, fresh=True, digits=digits.digits))
        elif digits is None and (m := ITEM_LINE.match(line)):
            items.append(Item(0, line[m.end():], None, brackets=(m["open"] or "", m["close"]), fresh=True))
        elif items:
            items[-1].more.append(line)
        else:
            template = digits or (para.items[0] if para.items else None)
            items.append(Item(0, line, None, brackets=template.brackets if template else ("（", "）"),
                              fresh=True, digits=digits.digits if digits else ""))
    if len(items) != op.count:
        raise NotApplicable(f"the quoted text writes {len(items)} items, the instruction says {op.count}")
    _mark_like_the_list(para, items)
    if anchor is not None and anchor.item is not None:
        at = para.items.index(find_item(article, para, anchor.item, anchor)) + (0 if op.where == "前" else 1)
    elif target is not None and target.item is not None:
        if para.mixed:  # a number alone does not say under which 一、 the new （X） goes
            raise NotApplicable(f"{article.label} lists 一、 and （一） items: a new 项 is placed by the 项 it follows")
        at = target.item - 1
        if not 0 <= at <= len(para.items):
            raise NotApplicable(f"{article.label} has no place for a 第（{format_chinese(target.item)}）项")
    else:
        at = len(para.items)
    if at == len(para.items) and para.items:
        _end_list(para.items, items[-1])
    para.items[at:at] = items
    para.renumber_items()
    return f"added {len(items)} 项 to {article.label}"


# a quoted item that ends in one of these wrote its own end; any other last character gets the old mark
_STOPS = frozenset("。；;，,：:！!？?…、")
# what ends a list's items but its last: the full-width mark, or the ASCII one of a copy that
# prints its punctuation half-width (`增加一项作为第六项,即:“负责农村节能减排工作;”`, 甘肃 2010)
_SEMICOLONS = ("；", ";")


def _keep_list_mark(item: Item, first: str, more: list[str]) -> str:
    """The new first line of a replaced 项: a quotation that stops without a mark (`将第二项修改为
    “（二）春节，放假4天（农历除夕、正月初一至初三）”`, as decisions quote items) keeps the ； or
    。 the item had in its list; one that writes its own mark, or goes on in more lines, is as written."""
    mark = item.text[-1:] if not item.more else ""
    if mark in (*_SEMICOLONS, "。") and not more and first and first[-1] not in _STOPS:
        return first + mark
    return first


def _mark_like_the_list(para: Para, items: list[Item]) -> None:
    """Added 项 quoted without an end mark (`增加一项，作为第二项：“（二）参与制定……标准”`, as
    decisions quote items) take the ； of a list whose items end so; _end_list() then gives the
    。 to whichever item ends the list."""
    mark = next((item.text[-1] for item in para.items if item.text.endswith(_SEMICOLONS) and not item.more), "")
    if not mark:
        return
    for item in items:
        if not item.more and item.text and item.text[-1] not in _STOPS:
            item.text += mark


def _end_list(listed: list[Item], new_last: Item) -> None:
    """A list ends in 。 and its other items in ；: the item that stops being the last one takes
    the ； (as every consolidated text writes it; the decision never mentions it). A new last item
    quoted with the ； of an item in the middle (`…作为第六项,即:“负责农村节能减排工作;”`, written
    half-width or not) takes the 。; the old last one the ； the list's other items end in."""
    old_last = listed[-1]
    if old_last.text.endswith("。") and not old_last.more and new_last.text.endswith(("。", *_SEMICOLONS)):
        marks = [item.text[-1] for item in listed[:-1] if item.text.endswith(_SEMICOLONS) and not item.more]
        old_last.text = old_last.text[:-1] + (marks[-1] if marks else "；")
        new_last.text = new_last.text[:-1] + "。"


def _article_pair(op: Op, wrong_count: str, unsupported: Callable[[Address], str]) -> tuple[Address, Address]:
    """The one article an instruction names and the one place or number it gives, both whole
    articles (not a 款 or 项): moves and renumberings act on articles only."""
    if len(op.addresses) != 1 or len(op.as_addresses) != 1:
        raise NotApplicable(wrong_count)
    pair = op.addresses[0], op.as_addresses[0]
    for address in pair:
        if address.article is None or address.paragraph is not None or address.item is not None:
            raise NotApplicable(unsupported(address))
    return pair


def _move_unit(doc: Document, op: Op) -> str:
    """将第十五条移至第十条后: the article leaves its place and follows (or precedes) the anchor."""
    moved_address, anchor_address = _article_pair(
        op, "a move names one article and one place",
        lambda address: f"moving {format_address(address)} is not supported (articles only)")
    moved = find_article(doc, article_key(moved_address))
    anchor = find_article(doc, article_key(anchor_address))
    if moved is anchor:
        raise NotApplicable(f"{format_address(moved_address)} cannot move next to itself")
    doc.remove(moved)
    doc.body.insert(doc.position(anchor) + (0 if op.where == "前" else 1), moved)
    return f"moved {format_address(moved_address)} {'before' if op.where == '前' else 'after'} {format_address(anchor_address)}"


def _relabel_unit(doc: Document, op: Op) -> str:
    """将第十二条改为第十三条: the article keeps its place and its original number for later
    instructions (第十三条 in the next instruction of the same decision still means the old one).
    `将第四十九条改为第五十五条第一款` is the same for an article of one 款 (the 款 after it are
    added by the instructions that follow)."""
    written = op.as_addresses[0] if len(op.as_addresses) == 1 else None
    # 第三项、第四项改为第二项、第三项 (after 删去第二项): each 项 or 款 in turn, in place
    if op.as_addresses and len(op.as_addresses) == len(op.addresses) \
            and all(w.article is None for w in op.as_addresses) \
            and all((a.paragraph, a.item) != (None, None) for a in op.addresses):
        return "; ".join(_renumbered_in_place(doc, old, new) for old, new in zip(op.addresses, op.as_addresses, strict=True))
    first_kuan = written is not None and written.paragraph == 1 and written.item is None
    if written is not None and first_kuan:
        op = replace(op, as_addresses=(Address(article=written.article, article_sub=written.article_sub),))
    old, new = _article_pair(
        op, "a renumbering names one article and one new number",
        lambda _: f"turning {format_address(op.addresses[0])} into {format_address(op.as_addresses[0])} is not supported")
    article = find_article(doc, article_key(old))
    if first_kuan and len(article.paras) != 1:
        raise NotApplicable(f"{format_address(old)} has {len(article.paras)} 款: it cannot become one 款")
    article.number, article.zhi = new.article, new.article_sub
    return f"{format_address(old)} is now {format_address(new)}"


def _renumbered_in_place(doc: Document, old: Address, new: Address) -> str:
    """`将第四项改为第二项` (after 删去第一项、第二项): a 项 or 款 numbered anew inside its article.
    Lists and paragraphs are numbered by position, so nothing moves; the number the decision
    writes must be where the unit now stands, else the instruction was misread."""
    article = find_article(doc, article_key(old))
    if old.item is not None and new.item is not None and new.paragraph is None:
        para = para_with_items(article, old)
        item = find_item(article, para, old.item, old)
        position, number = para.position(item), new.item
        if item.digits:  # named in the list's own numbers, as every effect on it
            return _renumbered(position, number, _item_address(old, item),
                               _item_address(new, item, new.item))
    elif old.paragraph is not None and old.item is None and new.item is None and new.paragraph is not None:
        position, number = article.paras.index(find_para(article, old.paragraph)) + 1, new.paragraph
    else:
        raise NotApplicable(f"turning {format_address(old)} into {format_address(new)} is not supported")
    return _renumbered(position, number, format_address(old), format_address(new))


def _renumbered(position: int, number: int, old: str, new: str) -> str:
    if position != number:
        raise NotApplicable(f"{old} is number {position} after the edits before it, not {new}")
    return f"{old} is now {new}"


def _rename_heading(doc: Document, op: Op) -> str:
    address = op.addresses[0]
    if address.chapter is None:
        raise NotApplicable(f"{format_address(address)} is not a chapter")
    heading = chapter(doc, address.chapter)
    heading.text = op.new.strip(SPACES)
    # the new name replaces the whole old one, also the part wrapped onto the lines below it
    heading.more = heading.more[heading.wrapped_title():]
    return f"renamed {format_address(address)}"


def _retitle(doc: Document, op: Op) -> str:
    if not doc.head:
        raise NotApplicable("the target has no title line")
    doc.head[0] = op.new.strip(SPACES)
    return "replaced the title"


_HANDLERS: dict[str, Callable[[Document, Op], str]] = {
    "replace_phrase": _replace_phrase,
    "delete_phrase": _delete_phrase,
    "insert_phrase": _insert_phrase,
    "replace_unit": _replace_unit,
    "delete_unit": _delete_unit,
    "insert_unit": _insert_unit,
    "move_unit": _move_unit,
    "relabel_unit": _relabel_unit,
    "rename_heading": _rename_heading,
    "retitle": _retitle,
}
