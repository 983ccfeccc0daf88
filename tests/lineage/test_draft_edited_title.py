"""A consultation draft and its final issued by another organ of its place (a bureau drafts, the
government's office issues) under the title with a word added or dropped: draft_of, in either order;
look-alikes of another subject, another place's, an earlier text and an implementing rule are not."""

from __future__ import annotations

import pytest

from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey, RelationKind

CONSULT = "为加快培育低空经济新质生产力，市发展改革委起草了本措施，现向社会公开征求意见。"


def _doc(n: int, title: str, issuer: str, date: str, number: str = "") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://t.test/{n}.html", title=title, doc_number=number), issuer=issuer,
                      date=date, text=CONSULT if "征求" in title else "一、支持低空飞行器研发制造。")


DRAFT = _doc(1, "关于公开征求《岚江市促进低空经济发展若干措施（征求意见稿）》意见的公告", "岚江市发展和改革委员会",
             "2024-03-01")


def _drafts_of(doc: LineageDoc, known: list[LineageDoc]) -> list[tuple[int | None, int | None]]:
    return [(r.subject.id, r.target.id) for r in detect(doc, known) if r.kind is RelationKind.DRAFT_OF]


@pytest.mark.parametrize("title", [
    "岚江市人民政府办公室关于印发岚江市促进低空经济高质量发展若干措施的通知",  # a word added
    "岚江市人民政府办公室关于印发岚江市促进低空经济发展措施的通知",  # a word dropped
])
def test_the_final_of_another_organ_under_an_edited_title(title: str) -> None:
    final = _doc(2, title, "岚江市人民政府办公室", "2024-07-01", "岚政办规〔2024〕11号")
    assert _drafts_of(DRAFT, [final]) == [(1, 2)]
    assert _drafts_of(final, [DRAFT]) == [(1, 2)]  # the final stored first


@pytest.mark.parametrize(("title", "issuer", "date"), [
    # another subject: a word replaced, not added
    ("岚江市人民政府办公室关于印发岚江市促进数字经济高质量发展若干措施的通知", "岚江市人民政府办公室", "2024-07-01"),
    # the measures' implementing rules: a kind of document added
    ("岚江市促进低空经济发展若干措施实施细则", "岚江市发展和改革委员会", "2024-07-01"),
    # another place's office, its title without the place
    ("青禾市人民政府办公室关于印发促进低空经济高质量发展若干措施的通知", "青禾市人民政府办公室", "2024-07-01"),
    # an earlier text: the one the draft revises, not its outcome
    ("岚江市人民政府办公室关于印发岚江市促进低空经济高质量发展若干措施的通知", "岚江市人民政府办公室", "2023-07-01"),
])
def test_look_alikes_are_no_final(title: str, issuer: str, date: str) -> None:
    other = _doc(3, title, issuer, date, "岚政办规〔2024〕12号")
    assert _drafts_of(DRAFT, [other]) == []
    assert _drafts_of(other, [DRAFT]) == []


def test_another_places_draft_without_its_place_in_the_title() -> None:
    draft = _doc(4, "关于公开征求《促进低空经济发展若干措施（征求意见稿）》意见的公告", "浙江省发展和改革委员会", "2024-03-01")
    final = _doc(5, "江苏省人民政府办公厅关于印发促进低空经济高质量发展若干措施的通知", "江苏省人民政府办公厅", "2024-07-01",
                 "苏政办发〔2024〕3号")
    assert _drafts_of(draft, [final]) == []
    same_place = _doc(6, "浙江省人民政府办公厅关于印发促进低空经济高质量发展若干措施的通知", "浙江省人民政府办公厅", "2024-07-01",
                      "浙政办发〔2024〕3号")
    assert _drafts_of(draft, [final, same_place]) == [(4, 6)]


def test_of_two_finals_the_first_after_the_draft_in_either_order() -> None:
    first = _doc(2, "岚江市人民政府办公室关于印发岚江市促进低空经济高质量发展若干措施的通知", "岚江市人民政府办公室",
                 "2024-07-01", "岚政办规〔2024〕11号")
    later = _doc(3, "岚江市人民政府办公室关于印发岚江市促进低空经济高质量发展若干措施（2026年修订）的通知",
                 "岚江市人民政府办公室", "2026-07-01", "岚政办规〔2026〕2号")
    assert _drafts_of(DRAFT, [first, later]) == [(1, 2)]
    assert _drafts_of(later, [DRAFT, first]) == []
    assert _drafts_of(first, [DRAFT, later]) == [(1, 2)]


def _pair(draft_title: str, final_title: str, draft_issuer: str, final_issuer: str,
          final_site: str = "t.test") -> list[tuple[int | None, int | None]]:
    draft = LineageDoc(DocKey(id=7, url="http://t.test/7.html", title=f"关于公开征求《{draft_title}（征求意见稿）》意见的公告"),
                       issuer=draft_issuer, date="2024-03-01", text=CONSULT)
    final = LineageDoc(DocKey(id=8, url=f"http://{final_site}/8.html", title=final_title, doc_number="甲规〔2024〕3号"),
                       issuer=final_issuer, date="2024-07-01", text="一、……")
    return sorted({*_drafts_of(draft, [final]), *_drafts_of(final, [draft])})


@pytest.mark.parametrize(("draft_title", "final_title"), [
    # a noun phrase put inside the subject's head: another subject (农村道路 → 农村公路养护道路)
    ("岚江市农村道路管理办法", "岚江市农村公路养护道路管理办法"),
    ("农村道路管理办法", "农村公路养护道路管理办法"),
    ("岚江市农村公路养护道路管理办法", "岚江市农村道路管理办法"),
    # a kind's qualifier (管理, 实施) is no end of the head: 道路 管理办法 → 道路停车 管理办法 is another's
    ("岚江市道路管理办法", "岚江市道路停车管理办法"),
    ("岚江市河道管理条例", "岚江市河道采砂管理条例"),
    ("岚江市停车场管理办法", "岚江市停车场收费管理办法"),
])
def test_an_edit_inside_the_subjects_head_is_another_subject(draft_title: str, final_title: str) -> None:
    assert _pair(draft_title, final_title, "岚江市交通运输局", "岚江市交通运输局") == []


@pytest.mark.parametrize(("draft_title", "final_title"), [
    ("岚江市农村道路管理暂行办法", "岚江市农村道路养护管理办法"),  # 暂行 dropped, a word after the head added
    ("岚江市农村道路管理办法", "岚江市农村道路管理试行办法"),  # 试行 added
    ("岚江市支持农村道路建设措施", "岚江市支持农村道路建设若干措施"),  # 若干 added
    ("岚江市农村道路管理的若干规定", "关于岚江市农村道路管理的若干规定"),  # 关于 added
    ("岚江市促进夜间经济发展若干措施", "岚江市促进夜间经济繁荣发展措施"),  # a word added after the head, 若干 dropped
    # 稳定, 稳步 are leading verbs whole: the bare 稳 cut them (稳 | 定就业)
    ("岚江市稳定就业若干措施", "岚江市稳定和扩大就业若干措施"),
    ("岚江市稳定就业若干措施", "岚江市稳定重点群体就业若干措施"),
    ("岚江市稳步推进更新工作若干措施", "岚江市稳步推进城市更新工作若干措施"),
])
def test_a_word_or_two_added_or_dropped_outside_the_head_is_the_final(draft_title: str, final_title: str) -> None:
    assert _pair(draft_title, final_title, "岚江市交通运输局", "岚江市人民政府办公室") == [(7, 8)]


def test_an_edited_title_needs_one_place_or_one_issuer() -> None:
    # a final naming no place (neither its title nor its issuer) is no province's final
    assert _pair("浙江省促进低空经济发展若干措施", "促进低空经济高质量发展若干措施", "浙江省发展和改革委员会", "") == []
    assert _pair("促进低空经济发展若干措施", "促进低空经济高质量发展若干措施", "浙江省发展和改革委员会", "") == []
    # neither names a place: one organ issued both, or one site holds both (a bureau drafts, the
    # government's office issues, neither writing its city), else nothing says they are one policy
    assert _pair("促进低空经济发展若干措施", "促进低空经济高质量发展若干措施", "发展改革委", "发展改革委", "u.test") == [(7, 8)]
    assert _pair("促进低空经济发展若干措施", "促进低空经济高质量发展若干措施", "发展改革委", "商务委") == [(7, 8)]
    assert _pair("促进低空经济发展若干措施", "促进低空经济高质量发展若干措施", "发展改革委", "商务委", "u.test") == []
    # the place named by the title where the issuer names none
    assert _pair("岚江市促进低空经济发展若干措施", "岚江市促进低空经济高质量发展若干措施", "", "岚江市人民政府办公室") == [(7, 8)]
