"""Readings the lineage41 rules had broken, each the general shape the reviewer's probes found."""

from __future__ import annotations

import pytest

from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey, RelationKind


def _doc(n: int, title: str, issuer: str, date: str, number: str = "", text: str = "一、……") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://t.test/{n}.html", title=title, doc_number=number), issuer=issuer,
                      date=date, text=text)


def _targets(doc: LineageDoc, known: list[LineageDoc], kind: RelationKind) -> list[int | None]:
    return [r.target.id for r in detect(doc, known) if r.kind is kind]


POLICY = _doc(1, "甲市促进人工智能产业发展若干政策", "甲市人民政府", "2023-01-01", "甲政发〔2023〕1号", "第一条 支持人工智能。")


@pytest.mark.parametrize("sentence", [
    "认真落实《甲市促进人工智能产业发展若干政策》，加快产业集聚。",
    "严格执行《甲市促进人工智能产业发展若干政策》有关规定。",
    "对符合《甲市促进人工智能产业发展若干政策》条件的企业给予奖励。",
    "《甲市促进人工智能产业发展若干政策》实施以来，成效明显。",
    "在《甲市促进人工智能产业发展若干政策》基础上，进一步加大支持力度。",
])
def test_a_stored_document_named_by_its_title_is_cited(sentence: str) -> None:
    later = _doc(10, "甲市人工智能企业认定申报工作的通知", "甲市科学技术局", "2024-01-01", "甲科发〔2024〕1号", sentence)
    assert _targets(later, [POLICY], RelationKind.CITES) == [1]


ORDER = _doc(2, "甲市停车场管理办法", "甲市人民政府", "2019-01-01", "甲市人民政府令第20号", "第一条 为加强停车场管理，制定本办法。")


@pytest.mark.parametrize("sentence", [
    "甲市人民政府令第20号实施以来，停车秩序明显好转。",
    "本规定（甲市人民政府令第20号）实施以来，停车秩序明显好转。",
    "甲市人民政府令第20号第五条规定的收费标准相应调整。",
])
def test_a_stored_order_named_by_its_number_is_cited(sentence: str) -> None:
    # an order number that may be the text's own is kept only while unresolved: a stored one is another's
    later = _doc(11, "甲市停车收费标准调整的通知", "甲市发展和改革委员会", "2024-01-01", "甲发改价〔2024〕1号", sentence)
    assert _targets(later, [ORDER], RelationKind.CITES) == [2]
