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


ORDER = _doc(2, "甲市停车场管理办法", "甲市人民政府", "2019-01-01", "甲市人民政府令第20号", "第一条 为加强停车场管理，制定本办法。")


@pytest.mark.parametrize(("known", "sentence"), [
    # a title after a verb or phrase no citing vocabulary lists
    (POLICY, "认真落实《甲市促进人工智能产业发展若干政策》，加快产业集聚。"),
    (POLICY, "严格执行《甲市促进人工智能产业发展若干政策》有关规定。"),
    (POLICY, "对符合《甲市促进人工智能产业发展若干政策》条件的企业给予奖励。"),
    (POLICY, "《甲市促进人工智能产业发展若干政策》实施以来，成效明显。"),
    (POLICY, "在《甲市促进人工智能产业发展若干政策》基础上，进一步加大支持力度。"),
    # an order number that may be the text's own is kept only while unresolved: a stored one is another's
    (ORDER, "甲市人民政府令第20号实施以来，停车秩序明显好转。"),
    (ORDER, "本规定（甲市人民政府令第20号）实施以来，停车秩序明显好转。"),
    (ORDER, "甲市人民政府令第20号第五条规定的收费标准相应调整。"),
])
def test_a_stored_document_named_is_cited(known: LineageDoc, sentence: str) -> None:
    later = _doc(10, "甲市有关工作的通知", "甲市科学技术局", "2024-01-01", "甲科发〔2024〕1号", sentence)
    assert _targets(later, [known], RelationKind.CITES) == [known.key.id]


def _draft_and_final(draft_title: str, draft_issuer: str, final_title: str, final_issuer: str,
                     ) -> list[tuple[int | None, int | None]]:
    draft = _doc(20, f"关于公开征求《{draft_title}（征求意见稿）》意见的公告", draft_issuer, "2024-03-01",
                 text="现向社会公开征求意见。")
    final = _doc(21, final_title, final_issuer, "2024-07-01", "甲规〔2024〕3号")
    found = [(r.subject.id, r.target.id) for d, known in ((draft, [final]), (final, [draft]))
             for r in detect(d, known) if r.kind is RelationKind.DRAFT_OF]
    return sorted(set(found))


@pytest.mark.parametrize(("drafted", "issued"), [
    ("岚江市加快数字经济发展若干措施", "岚江市加快推进数字经济发展若干措施"),
    ("岚江市促进消费若干措施", "岚江市促进文旅消费若干措施"),
    ("岚江市稳经济若干措施", "岚江市稳住经济大盘若干措施"),
    ("岚江市推动制造业高质量发展若干措施", "岚江市推动先进制造业高质量发展若干措施"),
    ("岚江市支持企业发展若干措施", "岚江市支持中小企业发展若干措施"),
])
def test_a_modifier_of_the_subject_after_its_verb_is_a_finalising_edit(drafted: str, issued: str) -> None:
    assert _draft_and_final(drafted, "岚江市发展和改革委员会", issued, "岚江市人民政府办公室") == [(20, 21)]


def test_an_edit_inside_the_subjects_compound_is_another_subject() -> None:
    assert _draft_and_final("岚江市农村道路管理办法", "岚江市交通运输局", "岚江市农村公路养护道路管理办法", "岚江市人民政府") == []


def test_neither_naming_a_place_one_site_holds_draft_and_final() -> None:
    # a bureau drafts, the government's office issues, neither writing its city: one site's documents
    assert _draft_and_final("促进人工智能发展若干措施", "市发展和改革委员会",
                            "促进人工智能高质量发展若干措施", "市人民政府办公室") == [(20, 21)]
    # a province's draft is no final of no stated place's
    assert _draft_and_final("促进人工智能发展若干措施", "云岭省发展和改革委员会",
                            "促进人工智能高质量发展若干措施", "市人民政府办公室") == []


def test_a_titles_region_is_no_place_against_an_issuers() -> None:
    # 粤港澳大湾区… opens with no place a grammar knows (粤港澳大湾 + 区): the draft without an issuer
    # line is the province's text of its own title
    title = "粤港澳大湾区职业技能培训若干措施"
    assert _draft_and_final(title, "", title, "广东省人力资源和社会保障厅") == [(20, 21)]
