"""The seventh unseen set (tests/data/lineage_unseen7) through the real CLI, and the rules it needed:
each on the shape whose reading depended on the order the documents were stored in."""

from __future__ import annotations

from pathlib import Path

from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey, RelationKind
from tests.lineage import unseen_set


def _doc(n: int, title: str, text: str = "", number: str = "", issuer: str = "澄州市住房公积金管理中心",
         date: str = "") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://t.test/{n}.html", title=title, doc_number=number), issuer=issuer,
                      date=date, text=text)


def test_the_set_is_read_as_written(tmp_path: Path) -> None:
    outcome = unseen_set.run(tmp_path, seed=0, data=unseen_set.DATA7)
    assert unseen_set.misses(outcome, unseen_set.DATA7) == (set(), set())
    assert unseen_set.validity_errors(outcome, unseen_set.DATA7) == {}


DECISION = _doc(2, "澄州市住房公积金管理中心关于修改《澄州市住房公积金提取管理办法》的决定",
                "决定对《澄州市住房公积金提取管理办法》作如下修改：\n一、将第五条中的“80%”修改为“100%”。", "澄公积金规〔2022〕2号",
                date="2022-06-01")
REPUBLISHED = _doc(3, "澄州市住房公积金提取管理办法（2022年修正）", "第五条 提取额度不超过房价款的100%。", date="2022-06-01")


def test_a_decision_never_amends_its_republication_of_the_same_day() -> None:
    # the text amended is the one before the decision: kept as a reference until it is stored
    amends = [r.target for r in detect(DECISION, [REPUBLISHED]) if r.kind is RelationKind.AMENDS]
    assert [(t.id, t.title) for t in amends] == [(None, "澄州市住房公积金提取管理办法")]


def test_a_decision_and_its_republication_are_no_look_alikes() -> None:
    # from either side: the republication's relation names the older text, the decision quotes its title
    for doc, known in ((REPUBLISHED, [DECISION]), (DECISION, [REPUBLISHED])):
        assert [r for r in detect(doc, known) if r.kind is RelationKind.RELATED] == []


def test_a_plans_round_named_is_not_another_round() -> None:
    older = _doc(1, "澄州市人民政府关于印发澄州市优化营商环境三年行动计划（2021—2023年）的通知", "一、……", "澄政发〔2021〕6号",
                 issuer="澄州市人民政府", date="2021-03-02")
    explained = _doc(4, "《澄州市优化营商环境三年行动计划（2024—2026年）》政策解读", "一、出台背景", issuer="澄州市发展和改革委员会",
                     date="2024-02-22")
    interprets = [r.target for r in detect(explained, [older]) if r.kind is RelationKind.INTERPRETS]
    assert [t.id for t in interprets] == [None]  # the 2024 round, not stored yet: a reference, not the 2021 one


def test_a_citation_answered_before_the_strong_relation_goes(tmp_path: Path) -> None:
    # the 解读 stored before its policy: its `《通知》（澄府规〔2022〕6号）` and its title's reference are answered in
    # one pass, the citation first — it goes once the interpretation resolves, as when the policy came first
    explained, policy = "l01_cz_in_force_list_explained", "l02_cz_in_force_list_2022"
    outcome = unseen_set.run(tmp_path, data=unseen_set.DATA7, first=(explained, policy))
    linked = {(s, k) for s, k, t in outcome.relations if (s, t) == (explained, policy)}
    assert linked == {(explained, "interprets")}


def test_an_interpretation_of_the_same_day_names_the_revision() -> None:
    # only a 修改决定 of the day is the republication's source: a 解读 published with the revised text names it
    explained = _doc(5, "《澄州市住房公积金提取管理办法》政策解读", "一、修订背景", date="2022-06-01")
    interprets = [r.target.id for r in detect(explained, [REPUBLISHED]) if r.kind is RelationKind.INTERPRETS]
    assert interprets == [3]
