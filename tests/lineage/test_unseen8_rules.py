"""The eighth unseen set (tests/data/lineage_unseen8) through the real CLI, and the rule it needed: one
title issued by two provinces, a consultation draft of one of them is the draft of its own province's
text only, whichever was issued first."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey, RelationKind
from tests.lineage import unseen_set


@pytest.mark.parametrize("seed", [None, 3])
def test_the_set_is_read_as_written(tmp_path: Path, seed: int | None) -> None:
    outcome = unseen_set.run(tmp_path, seed=seed, data=unseen_set.DATA8)
    assert unseen_set.misses(outcome, unseen_set.DATA8) == (set(), set())
    assert unseen_set.validity_errors(outcome, unseen_set.DATA8) == {}


TITLE = "关于进一步做好稳就业工作的若干措施"


def _doc(n: int, title: str, issuer: str, date: str, number: str = "", text: str = "一、……") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://t.test/{n}.html", title=title, doc_number=number), issuer=issuer,
                      date=date, text=text)


DRAFT = _doc(1, f"关于公开征求《{TITLE}（征求意见稿）》意见的公告", "云岭省人力资源和社会保障厅", "2023-03-01",
             text="省人力资源和社会保障厅起草了本措施，现向社会公开征求意见。")
OTHER = _doc(2, f"海平省人民政府办公厅关于印发{TITLE}的通知", "海平省人民政府办公厅", "2023-04-12",
             "海政办发〔2023〕7号")
OWN = _doc(3, f"云岭省人民政府办公厅关于印发{TITLE}的通知", "云岭省人民政府办公厅", "2023-05-20", "云政办发〔2023〕7号")


def _drafts_of(doc: LineageDoc, known: list[LineageDoc]) -> list[tuple[int | None, int | None]]:
    return [(r.subject.id, r.target.id) for r in detect(doc, known) if r.kind is RelationKind.DRAFT_OF]


def test_another_provinces_text_of_the_title_is_no_final() -> None:
    assert _drafts_of(DRAFT, [OTHER]) == []
    assert _drafts_of(OTHER, [DRAFT]) == []


def test_the_own_provinces_text_is_the_final_though_another_came_first() -> None:
    assert _drafts_of(DRAFT, [OTHER, OWN]) == [(1, 3)]
    assert _drafts_of(OWN, [DRAFT, OTHER]) == [(1, 3)]


def test_a_final_naming_no_place_keeps_an_exact_title() -> None:
    # the exact title is the firm key: a final whose place is unknown is still the draft's
    unknown = _doc(4, TITLE, "", "2023-05-20")
    assert _drafts_of(DRAFT, [unknown]) == [(1, 4)]


RULES = "第一条 为加强营业性演出管理，制定本办法。"
REORGANISED = "根据机构改革后的职责调整，我局对本办法进行了修订。\n" + RULES


def _rules(n: int, title: str, issuer: str, number: str, date: str, text: str = REORGANISED) -> LineageDoc:
    return _doc(n, title, issuer, date, number, text=text)


OLD = _rules(11, "桐川市文化广电新闻出版局关于印发《桐川市营业性演出管理办法》的通知", "桐川市文化广电新闻出版局",
             "桐文广新规〔2016〕1号", "2016-03-01")


def _supersedes(doc: LineageDoc, known: list[LineageDoc]) -> list[tuple[int | None, int | None, str]]:
    return [(r.subject.id, r.target.id, r.effect) for r in detect(doc, known) if r.kind is RelationKind.SUPERSEDES]


@pytest.mark.parametrize("title", [
    "桐川市文化和旅游局关于印发修订后的《桐川市营业性演出管理办法》的通知",  # the wrapper names a revised text
    "桐川市文化和旅游局关于印发《桐川市营业性演出管理办法》的通知",
])
@pytest.mark.parametrize("text", [REORGANISED, "原市文化广电新闻出版局印发的办法同时停止执行。\n" + RULES])
def test_a_renamed_organ_reissuing_its_predecessors_rules_supersedes_them(title: str, text: str) -> None:
    new = _rules(12, title, "桐川市文化和旅游局", "桐文旅规〔2021〕2号", "2021-06-01", text)
    assert _supersedes(new, [OLD]) == [(12, 11, "失效")]
    assert _supersedes(OLD, [new]) == [(12, 11, "失效")]  # the new edition stored first


@pytest.mark.parametrize(("title_old", "issuer_old", "title_new", "issuer_new"), [
    ("岚江市财政局关于印发《行政执法全过程记录办法》的通知", "岚江市财政局",
     "岚江市交通运输局关于印发《行政执法全过程记录办法》的通知", "岚江市交通运输局"),
    ("行政执法公示办法", "岚江市财政局", "行政执法公示办法", "岚江市交通运输局"),
    ("关于印发《岚江市政府投资项目管理办法》的通知", "市发展和改革委员会", "关于印发《岚江市政府投资项目管理办法》的通知", "市财政局"),
])
def test_two_organs_of_a_place_issuing_one_title_end_nothing_without_a_reorganisation(
        title_old: str, issuer_old: str, title_new: str, issuer_new: str) -> None:
    # one title alone is no evidence of a renamed organ: two bureaus each have their own rules of it
    old = _rules(31, title_old, issuer_old, "岚甲规〔2019〕2号", "2019-05-01", RULES)
    new = _rules(32, title_new, issuer_new, "岚乙规〔2020〕1号", "2020-03-01", RULES)
    assert _supersedes(new, [old]) == []
    assert _supersedes(old, [new]) == []


@pytest.mark.parametrize("text", [
    "第十条 执法记录设备经费原则上由市财政局统筹保障。",  # 原则 is no former organ
    "执法原始记录报市财政局备案。",
    "根据深化机构改革要求和本局职责，制定本办法。",  # a reorganisation of its own, no other organ's
    "本局职责调整的，由承接单位继续执行本办法。",
])
def test_a_reorganisation_word_or_a_yuan_alone_is_no_evidence(text: str) -> None:
    old = _rules(31, "岚江市财政局关于印发《行政执法全过程记录办法》的通知", "岚江市财政局", "岚财规〔2019〕2号",
                 "2019-05-01", RULES)
    new = _rules(32, "岚江市交通运输局关于印发《行政执法全过程记录办法》的通知", "岚江市交通运输局", "岚交规〔2021〕1号",
                 "2021-03-01", text + "\n" + RULES)
    assert _supersedes(new, [old]) == []
    assert _supersedes(old, [new]) == []


@pytest.mark.parametrize("text", [
    "鉴于桐川市文化广电新闻出版局已更名为桐川市文化和旅游局，现将本办法重新印发。",
    "因机构名称变更，现将本办法重新印发。",
    "根据机构改革后的职责调整，我局对《桐川市营业性演出管理办法》进行了修订。",
    "原桐川市文化广电新闻出版局印发的办法同时停止执行。",
])
def test_a_rename_said_of_the_old_organ_or_the_rules_is_evidence(text: str) -> None:
    new = _rules(12, "桐川市文化和旅游局关于印发《桐川市营业性演出管理办法》的通知", "桐川市文化和旅游局",
                 "桐文旅规〔2021〕2号", "2021-06-01", text + "\n" + RULES)
    assert _supersedes(new, [OLD]) == [(12, 11, "失效")]


def test_no_reissue_without_one_place_and_a_later_number_of_another_series() -> None:
    city = "桐川市文化和旅游局"
    wrapper = f"{city}关于印发《桐川市营业性演出管理办法》的通知"
    others = {
        "another city's organ, the same title": _rules(13, f"青禾{wrapper[2:]}", "青禾市文化和旅游局", "青文旅规〔2021〕2号", "2021-06-01"),
        "a repost: the original's 文号": _rules(14, wrapper, city, "桐文广新规〔2016〕1号", "2021-06-01"),
        "a number of a year not later": _rules(15, wrapper, city, "桐文旅规〔2016〕2号", "2021-06-01"),
    }
    assert [why for why, other in others.items() if _supersedes(other, [OLD])] == []
