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


def _rules(n: int, title: str, issuer: str, number: str, date: str) -> LineageDoc:
    return _doc(n, title, issuer, date, number, text="第一条 为加强营业性演出管理，制定本办法。")


OLD = _rules(11, "桐川市文化广电新闻出版局关于印发《桐川市营业性演出管理办法》的通知", "桐川市文化广电新闻出版局",
             "桐文广新规〔2016〕1号", "2016-03-01")


def _supersedes(doc: LineageDoc, known: list[LineageDoc]) -> list[tuple[int | None, int | None, str]]:
    return [(r.subject.id, r.target.id, r.effect) for r in detect(doc, known) if r.kind is RelationKind.SUPERSEDES]


@pytest.mark.parametrize("title", [
    "桐川市文化和旅游局关于印发修订后的《桐川市营业性演出管理办法》的通知",  # the wrapper names a revised text
    "桐川市文化和旅游局关于印发《桐川市营业性演出管理办法》的通知",
])
def test_a_renamed_organ_reissuing_its_predecessors_rules_supersedes_them(title: str) -> None:
    new = _rules(12, title, "桐川市文化和旅游局", "桐文旅规〔2021〕2号", "2021-06-01")
    assert _supersedes(new, [OLD]) == [(12, 11, "失效")]
    assert _supersedes(OLD, [new]) == [(12, 11, "失效")]  # the new edition stored first


def test_no_reissue_without_one_place_and_a_later_number_of_another_series() -> None:
    city = "桐川市文化和旅游局"
    wrapper = f"{city}关于印发《桐川市营业性演出管理办法》的通知"
    others = {
        "another city's organ, the same title": _rules(13, f"青禾{wrapper[2:]}", "青禾市文化和旅游局", "青文旅规〔2021〕2号", "2021-06-01"),
        "a repost: the original's 文号": _rules(14, wrapper, city, "桐文广新规〔2016〕1号", "2021-06-01"),
        "a number of a year not later": _rules(15, wrapper, city, "桐文旅规〔2016〕2号", "2021-06-01"),
    }
    assert [why for why, other in others.items() if _supersedes(other, [OLD])] == []
