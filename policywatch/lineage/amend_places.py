"""Places in the target that an instruction names: the article, 款 and 项 an address means
(by ORIGINAL number; 作为 addresses by the amended order), and the text slots a phrase edit
reaches. Every lookup is strict: missing or ambiguous raises NotApplicable with the reason."""

from __future__ import annotations

from collections.abc import Callable

from policywatch.grammar import format_chinese
from policywatch.lineage.amend_address import Address, article_key, article_label, format_address
from policywatch.lineage.amend_doc import Article, Document, Heading, Item, Para


class NotApplicable(ValueError):
    """The operation's place or phrase is not in the target (or not only once)."""


def find_article(doc: Document, article: tuple[int, int]) -> Article:
    """The article the decision means by 第N条: the one originally so numbered, else one the
    decision itself added under that number."""
    found = doc.numbered(article)
    if not found:
        found = doc.numbered(article, added=True)
    if not found:
        raise NotApplicable(f"{article_label(*article)} not found in the target")
    if len(found) > 1:
        raise NotApplicable(f"{article_label(*article)} appears {len(found)} times in the target")
    return found[0]


def article_at(doc: Document, position: int) -> tuple[Article, int]:
    """The article now standing `position`th, and its place in the body: how a 作为 address (the
    amended numbering) reads."""
    place = doc.article_place(position)
    if place is None:
        raise NotApplicable(f"the target has no {article_label(position)} to place the new text by")
    return doc.body[place], place  # type: ignore[return-value]


def article_of(doc: Document, anchor: Address | None, target: Address | None) -> Article:
    """The article an insertion goes into: the anchor's (original numbering), else the one its
    作为 address writes (amended numbering; 之N articles by label)."""
    if anchor is not None and anchor.article is not None:
        return find_article(doc, article_key(anchor))
    if target is None or target.article is None:
        raise NotApplicable("the instruction names no article for the new text")
    if target.article_sub:
        return find_article(doc, article_key(target))
    return article_at(doc, target.article)[0]


def find_para(article: Article, kuan: int) -> Para:
    found = [p for p in article.paras if p.orig == kuan]
    if len(found) != 1:
        raise NotApplicable(f"{article_label(*article.orig or (article.number, article.zhi))}"
                            f"第{format_chinese(kuan)}款 not found in the target")
    return found[0]


def xiang_items(article: Article, para: Para, *, kuan_named: bool = True) -> list[Item]:
    """The 项 of a 款. By the statute convention 项 are written （一）; older laws write them 一、
    (个人所得税法 2007), so 一、 items are the 项 only in an article without （一） items. In an
    article with both, 一、 is a level above the 项 (`一、…包括：` / `（一）…`) that no 第X项 names.
    A list in digits straight under a 款 (amend_doc.digit_item) is that 款's 项; but a 第X项 naming
    no 款 in an article with （一） 项 means those: a digit list a later 款 opens is named with its 款."""
    if any(not item.outer and not item.digits for p in article.paras for item in p.items):
        return [item for item in para.items if not item.outer and (kuan_named or not item.digits)]
    return para.items


def para_with_items(article: Article, address: Address) -> Para:
    """The 款 holding the 项 the address names: the named 款, or the only 款 with 项."""
    if address.paragraph is not None:
        return find_para(article, address.paragraph)
    with_items = [p for p in article.paras if xiang_items(article, p, kuan_named=False)]
    if len(with_items) != 1:
        reason = "has no 项" if not with_items else "has 项 in several 款 and the instruction names none"
        raise NotApplicable(f"{article.label} {reason}")
    return with_items[0]


def find_item(article: Article, para: Para, xiang: int, address: Address) -> Item:
    items = xiang_items(article, para, kuan_named=address.paragraph is not None)
    found = [i for i in items if i.orig == xiang]
    if len(found) > 1:  # （一） counted anew under each 一、 of the 款
        raise NotApplicable(f"{format_address(address)} is ambiguous: {article.label} numbers its 项 anew "
                            f"under each of its 一、 items")
    if not found:
        raise NotApplicable(f"{format_address(address)} not found in the target")
    return found[0]


def chapter(doc: Document, number: int, unit: str = "章") -> Heading:
    """The heading originally numbered `number` (the decision's addresses are the original
    numbering), from the index."""
    found = doc.numbered_heading(unit, number)
    if len(found) != 1:
        raise NotApplicable(f"第{format_chinese(number)}{unit} not found in the target")
    return found[0]


# ------------------------------------------------------------------------------ text slots

# A place holding text that phrase edits reach: (read, write).
Slot = tuple[Callable[[], str], Callable[[str], None]]


def _attr_slot(obj: object) -> Slot:
    return (lambda: obj.text), (lambda value: setattr(obj, "text", value))  # type: ignore[attr-defined]


def _list_slot(lines: list[str], i: int) -> Slot:
    return (lambda: lines[i]), (lambda value: lines.__setitem__(i, value))


def _item_slots(item: Item) -> list[Slot]:
    return [_attr_slot(item), *(_list_slot(item.more, i) for i in range(len(item.more)))]


def _para_slots(para: Para) -> list[Slot]:
    return [_attr_slot(para), *(s for item in para.items for s in _item_slots(item))]


def slots(doc: Document, address: Address | None) -> list[Slot]:
    """The text an address covers (None: the whole body, headings included)."""
    if address is None:
        out: list[Slot] = []
        for unit in doc.body:
            out.extend([_attr_slot(unit)] if isinstance(unit, Heading)
                       else [s for p in unit.paras for s in _para_slots(p)])
        return out
    if address.article is None:
        if address.chapter is not None:
            return [_attr_slot(chapter(doc, address.chapter))]
        raise NotApplicable(f"cannot edit phrases in {format_address(address)}")
    article = find_article(doc, article_key(address))
    if address.item is not None:
        item = find_item(article, para_with_items(article, address), address.item, address)
        if address.subitem is not None:
            if not 1 <= address.subitem <= len(item.more):
                raise NotApplicable(f"{format_address(address)} not found in the target")
            return [_list_slot(item.more, address.subitem - 1)]
        return _item_slots(item)
    if address.paragraph is not None:
        return _para_slots(find_para(article, address.paragraph))
    return [s for p in article.paras for s in _para_slots(p)]


