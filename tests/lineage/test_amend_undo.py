"""The undo log that replaced the per-instruction copy of the document: every edit of a unit's list
and every attribute set inside a Journal is reverted exactly, newest first; the document's index
(text length, articles by number, places) follows both the edits and their undoing."""

from __future__ import annotations

from contextlib import suppress

from hypothesis import given
from hypothesis import strategies as st

from policywatch.diffing import segment
from policywatch.lineage.amend_apply import apply_op
from policywatch.lineage.amend_doc import document_from_tree
from policywatch.lineage.amend_forms import Op
from policywatch.lineage.amend_parse import parse_instruction
from policywatch.lineage.amend_places import NotApplicable
from policywatch.lineage.amend_undo import Journal, UnitList
from tests.lineage.test_amend_forms import TARGET

_EDITS = st.lists(st.tuples(st.sampled_from(["insert", "append", "extend", "remove", "pop", "set", "del",
                                              "slice", "delslice", "sort", "reverse", "clear", "iadd"]),
                            st.integers(-8, 8), st.integers(-8, 8)), max_size=12)


@given(st.lists(st.integers(0, 5), max_size=8), _EDITS)
def test_any_list_edits_are_undone_exactly(start: list[int], edits: list[tuple[str, int, int]]) -> None:
    items = UnitList(start)
    journal = Journal([])
    with journal:
        for name, a, b in edits:
            with suppress(IndexError, ValueError):  # refused as a list refuses it: nothing changed, nothing logged
                _edit(items, name, a, b)
    journal.undo()
    assert items == start


def _edit(items: UnitList, name: str, a: int, b: int) -> None:
    if name == "insert":
        items.insert(a, b)
    elif name == "append":
        items.append(a)
    elif name == "extend":
        items.extend([a, b])
    elif name == "remove":
        items.remove(a)
    elif name == "pop":
        items.pop(a)
    elif name == "set":
        items[a] = b
    elif name == "del":
        del items[a]
    elif name == "slice":
        items[a:b] = [b, a, b]
    elif name == "delslice":
        del items[a:b]
    elif name == "sort":
        items.sort()
    elif name == "reverse":
        items.reverse()
    elif name == "clear":
        items.clear()
    else:
        items += [a]


def _ops(text: str) -> tuple[Op, ...]:
    return parse_instruction(text).ops


def test_a_failed_instruction_leaves_the_document_and_its_index_as_they_were() -> None:
    doc = document_from_tree(segment(TARGET))
    before, length = doc.text(), doc.text_length()
    journal = doc.journal()
    try:
        with journal:  # edits two articles, adds one, then fails on a phrase not there
            for op in (*_ops("删去第二条。"), *_ops("在第三条后增加一条，作为第三条之一：“第三条之一　新增。”"),
                       *_ops("将第四条中的“十万元”修改为“二十万元”"),
                       *_ops("将第五条中的“没有这个词”修改为“甲”")):
                apply_op(doc, op)
    except NotApplicable:
        journal.undo()
    assert doc.text() == before
    with doc.journal():  # the index followed the edits and their undoing
        assert doc.text_length() == len(before) == length
        assert [a.label for a in doc.numbered((2, 0))] == ["第二条"]
        assert doc.numbered((3, 1), added=True) == []
        assert doc.position(doc.numbered((4, 0))[0]) == doc.body.index(doc.numbered((4, 0))[0])


def test_the_index_answers_as_a_scan_of_the_text_as_amended() -> None:
    doc = document_from_tree(segment(TARGET))
    for instruction in ("删去第二条。", "在第三条后增加一条，作为第三条之一：“第三条之一　新增。”",
                        "将本办法中的“十万元”修改为“二十万元”", "将第四条移至第一条前"):
        with doc.journal():
            for op in _ops(instruction):
                apply_op(doc, op)
            assert doc.text_length() == len(doc.text())
            for article in doc.articles():
                if article.orig is not None:
                    assert doc.numbered(article.orig) == [article]
                assert doc.position(article) == doc.body.index(article)


def test_the_article_standing_nth_is_found_as_a_count_of_the_articles_would() -> None:
    """Document.article_place (how 增加一条，作为第N条 reads the amended numbering) finds the Nth
    article from the headings' places, not by counting the articles: it must answer as the
    count does after articles and headings are added, deleted, moved and undone."""
    doc = document_from_tree(segment(TARGET))
    for instruction in ("删去第二条。", "增加一条，作为第三条：“第三条　新增甲。”",
                        "增加一章，作为第二章：“第二章　新章\n“第四条　章内乙。”", "将第四条移至第一条前",
                        "增加一条，作为第一条：“第一条　最前。”", "将第五条中的“没有这个词”修改为“甲”"):
        journal = doc.journal()
        try:
            with journal:
                for op in _ops(instruction):
                    apply_op(doc, op)
        except NotApplicable:
            journal.undo()
            assert "没有这个词" in instruction  # the others apply
        with doc.journal():
            places = [i for i, unit in enumerate(doc.body) if unit.__class__.__name__ == "Article"]
            assert [doc.article_place(n) for n in range(1, len(places) + 1)] == places, instruction
            assert doc.article_place(0) is None and doc.article_place(len(places) + 1) is None
