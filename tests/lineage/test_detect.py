"""Detection rules on small real-shape documents: what makes a relation, and the traps that must not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from policywatch.lineage import Catalog, LineageDoc, detect, title_key, unwrap, validity_terms
from policywatch.lineage.titles import marks
from policywatch.model import DocKey, DocumentMetadata, RelationKind
from policywatch.pipeline.holds import held_validity
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc


def doc(n: int, title: str, text: str = "", *, number: str = "", issuer: str = "甲市人民政府", date: str = "2024-01-01",
        url: str = "") -> LineageDoc:
    return LineageDoc(DocKey(n, url or f"http://t.test/{n}.html", title, number), issuer=issuer, date=date, text=text)


def kinds(found) -> set[tuple[int | None, str, object]]:  # type: ignore[no-untyped-def]
    return {(r.subject.id, r.kind.value, r.target.id if r.target.id is not None else r.target.doc_number or r.target.title)
            for r in found}


@pytest.mark.parametrize(("title", "key"), [
    ("甲市人民政府关于印发《甲市促进人工智能产业发展若干政策（2024年修订）》的通知", "甲市促进人工智能产业发展若干政策"),
    ("关于公开征求《甲市科技创新券管理办法（征求意见稿）》意见的公告", "甲市科技创新券管理办法"),
    ("甲市数字经济行动计划（2021—2023年）", "甲市数字经济行动计划"),
    ("甲市科技企业孵化器认定管理办法（试行）", "甲市科技企业孵化器认定管理办法"),
])
def test_title_keys_drop_wrappers_and_edition_marks(title: str, key: str) -> None:
    assert title_key(title) == key


def test_marks_and_unwrap() -> None:
    assert marks("甲市规划（2024年修订）").revised_year == 2024 and marks("某办法（试行）").trial
    assert marks("甲市计划（2024-2026年）").years == (2024, 2026)
    assert unwrap("甲市人民政府办公厅关于印发甲市老旧小区改造实施办法的通知") == "甲市老旧小区改造实施办法"
    # an interpretation's title quotes its policy: the pair stays, a dangling mark goes
    assert unwrap("《甲市若干政策（2024年修订）》政策解读") == "《甲市若干政策（2024年修订）》政策解读"
    assert unwrap("《甲市若干政策") == "甲市若干政策" and unwrap("甲市若干政策》") == "甲市若干政策"


def test_a_successor_repealing_by_title_and_number_in_any_bracket() -> None:
    old = doc(1, "甲市人才安居办法", number="甲政发〔2017〕21号", date="2017-01-01")
    new = doc(2, "甲市人才安居实施办法", "原《甲市人才安居办法》（甲政发[2017]21号）同时废止。", number="甲政发〔2024〕6号")
    (found,) = detect(new, [old])
    assert (found.kind, found.target.id, found.method, found.effect) == (RelationKind.SUPERSEDES, 1, "doc_number", "废止")
    assert "同时废止" in found.evidence


def test_no_name_no_relation_and_a_citation_is_not_a_succession() -> None:
    plan_2019 = doc(1, "甲市人工智能行动计划（2019—2021年）", number="甲政发〔2019〕1号", date="2019-01-01")
    text = "根据《甲市人工智能行动计划（2019—2021年）》（甲政发〔2019〕1号），制定本政策。与本政策不一致的，以本政策为准。"
    policy = doc(2, "甲市促进人工智能产业发展若干政策", text, number="甲政发〔2022〕2号")
    assert kinds(detect(policy, [plan_2019])) == {(2, "cites", 1)}


def test_same_issuer_same_theme_is_at_most_related() -> None:
    policy = doc(1, "甲市促进人工智能产业发展若干政策", "第一条 支持企业。", number="甲政发〔2019〕12号", date="2019-01-01")
    plan = doc(2, "甲市人工智能产业发展行动计划（2023—2025年）", "一、目标", number="甲政办发〔2023〕15号")
    assert {k for _, k, _ in kinds(detect(plan, [policy]))} <= {"related"}
    other_issuer = doc(3, "甲市人工智能产业发展行动计划", issuer="乙市人民政府")
    assert detect(other_issuer, [policy]) == []


def test_a_repost_with_the_same_number_is_a_duplicate_not_a_successor() -> None:
    original = doc(1, "甲市促进消费若干措施", number="甲政办发〔2024〕11号", date="2024-03-01")
    repost = doc(2, "甲市促进消费若干措施（2024年修订）", number="甲政办发（2024）11号", issuer="乙区人民政府")
    assert kinds(detect(repost, [original])) == {(2, "duplicate_of", 1)}


def test_a_clean_up_table_repeals_only_rows_that_end_a_document() -> None:
    kept = doc(1, "甲市科技创新券管理办法", number="甲科规〔2023〕2号", date="2023-01-01")
    text = ("序号\t文件名称\t文号\t清理意见\n1\t甲市软件产业扶持办法\t甲政发〔2015〕8号\t废止\n"
            "2\t甲市科技创新券管理办法\t甲科规〔2023〕2号\t继续有效\n3\t甲市数字经济行动计划\t甲政办发〔2018〕21号\t宣布失效")
    notice = doc(2, "甲市人民政府关于废止和宣布失效部分规范性文件的决定", text, number="甲政发〔2024〕9号")
    found = detect(notice, [kept])
    assert {(r.target.doc_number, r.effect) for r in found} == {("甲政发〔2015〕8号", "废止"), ("甲政办发〔2018〕21号", "失效")}
    assert all(r.kind is RelationKind.REPEALS and not r.target.resolved for r in found)


def test_an_interpretation_follows_its_link_even_to_a_page_not_stored() -> None:
    page = doc(5, "《甲市若干政策》政策解读", "一、背景\n原文链接：/zcwj/t1.html", url="http://t.test/zcjd/5.html")
    (found,) = detect(page, Catalog([]))
    assert (found.kind, found.target.url, found.method) == (RelationKind.INTERPRETS, "http://t.test/zcwj/t1.html", "link")


@pytest.mark.parametrize(("text", "expires", "extended"), [
    ("本政策自2024年1月1日起施行，有效期5年。", "2028-12-31", False),
    ("本办法有效期至2025年12月31日。", "2025-12-31", False),
    ("本办法有效期延长至2027年12月31日。", "2027-12-31", True),
    ("创新券有效期为一年，逾期作废。", "", False),  # the voucher's term, not the document's
])
def test_validity_terms(text: str, expires: str, extended: bool) -> None:
    terms = validity_terms(text)
    assert (terms.expires, terms.extended) == (expires, extended)


def test_a_term_running_out_while_watched_makes_the_document_expired_once() -> None:
    end = date.today() + timedelta(days=10)
    text = f"第九条 本办法自2025年1月1日起施行，有效期至{end.year}年{end.month}月{end.day}日。"
    store = Store.memory()
    run = store.start_run(["s"])
    stored = store.record_version("s", make_doc("http://t.test/1.html", text, title="甲市办法", validity="现行有效"),
                                  raw=None, run_id=run)
    assert LineageLinker(store, run_id=run, today=end.isoformat()).run() == []
    assert store.versions(stored.document.id)[-1].metadata.validity == "现行有效"
    (event,) = LineageLinker(store, run_id=run, today=(end + timedelta(days=1)).isoformat()).run()
    assert event.changeset.metadata_changes[0].new == "失效" and end.isoformat() in event.message
    assert LineageLinker(store, run_id=run, today=(end + timedelta(days=2)).isoformat()).run() == []
    # the page still says 现行有效 on its next fetch: the pipeline holds the document at 失效
    page = DocumentMetadata(title="甲市办法", validity="现行有效")
    assert held_validity(store, "http://t.test/1.html", page, today=(end + timedelta(days=3)).isoformat()).validity == "失效"
    # the page catching up in its own words (已失效) is the same state: kept as stored, no change to
    # report; 部分失效 still lags; 已废止 is news (another act ended it) and is taken
    later = (end + timedelta(days=3)).isoformat()
    for said, kept in (("已失效", "失效"), ("部分失效", "失效"), ("已废止", "已废止")):
        assert held_validity(store, "http://t.test/1.html", replace(page, validity=said), today=later).validity == kept


def test_a_term_over_before_the_document_was_first_seen_ends_it_quietly() -> None:
    # the page states no 有效性 of its own: 失效 as of today, stored without an event (not news)
    store = Store.memory()
    run = store.start_run(["s"])
    stored = store.record_version("s", make_doc("http://t.test/3.html", "第九条 本办法有效期至2020年12月31日。",
                                                title="旧办法"), raw=None, run_id=run)
    assert LineageLinker(store, run_id=run, today="2024-01-01").run() == []
    assert store.versions(stored.document.id)[-1].metadata.validity == "失效"
    # a term still running on the as-of date ends nothing
    store2 = Store.memory()
    run2 = store2.start_run(["s"])
    kept = store2.record_version("s", make_doc("http://t.test/4.html", "第九条 本办法有效期至2020年12月31日。",
                                               title="旧办法"), raw=None, run_id=run2)
    assert LineageLinker(store2, run_id=run2, today="2020-06-30").run() == []
    assert store2.versions(kept.document.id)[-1].metadata.validity != "失效"


def test_a_term_that_ended_before_the_document_was_first_seen_is_not_news() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    store.record_version("s", make_doc("http://t.test/2.html", "本办法有效期至2020年12月31日。", title="旧办法",
                                       validity="现行有效"), raw=None, run_id=run)
    assert LineageLinker(store, run_id=run).run() == []
