"""The rules the second unseen set (tests/data/lineage_unseen2) called for, each on the real shape
and on a variant it was not written from."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.lineage import Catalog, LineageDoc, detect, titles
from policywatch.lineage.reposts import issuer_matches, learned_abbreviations
from policywatch.model import DocKey, DocumentMetadata
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

DOCS = Path(__file__).parent.parent / "data" / "lineage_unseen2" / "docs"


def _doc(n: int, title: str, text: str = "", *, number: str = "", issuer: str = "青禾省人民政府办公厅",
         date: str = "2024-01-01", site: str = "") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://{site or 'rules2.test'}/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text, site=site)


def _kinds(doc: LineageDoc, *known: LineageDoc) -> set[tuple[str, object]]:
    return {(r.kind.value, r.target.id if r.target.id is not None else r.target.doc_number or r.target.title)
            for r in detect(doc, Catalog(known))}


def _effects(doc: LineageDoc, *known: LineageDoc) -> dict[tuple[str, object], str]:
    return {(r.kind.value, r.target.id): r.effect for r in detect(doc, Catalog(known))}


INTERIM = "青禾省政府投资项目管理暂行办法"


@pytest.mark.parametrize("sentence", [
    # the real 附则 shape
    f"第三十条 本办法自2024年7月1日起施行。原《{INTERIM}》（禾政办发〔2016〕21号）自本办法施行之日起废止。",
    # variants: a date named, and 同日废止
    f"本办法自2025年1月1日起施行，《{INTERIM}》（禾政办发〔2016〕21号）自2025年1月1日起废止。",
    f"本办法自公布之日起施行，《{INTERIM}》（禾政办发〔2016〕21号）同日废止。",
])
def test_a_predecessor_repealed_from_the_day_the_successor_takes_effect(sentence: str) -> None:
    interim = _doc(1, INTERIM, number="禾政办发〔2016〕21号", date="2016-08-03")
    rules = _doc(2, "青禾省政府投资项目管理办法", sentence, number="禾政办规〔2024〕3号", date="2024-05-20")
    assert _effects(rules, interim)[("supersedes", 1)] == "废止"
    # its 解读 quoting the sentence ends nothing
    explained = _doc(3, "《青禾省政府投资项目管理办法》政策解读", sentence, issuer="青禾省发展和改革委员会", date="2024-05-24")
    assert ("supersedes", 1) not in _kinds(explained, interim, rules)


@pytest.mark.parametrize("quote", [
    # the real shape: a city notice quoting the province's closing clause
    "《岚山省引进高层次人才若干措施》（岚政发〔2024〕3号）规定：“本措施自印发之日起施行，"
    "《岚山省引进高层次人才暂行办法》（岚政发〔2018〕9号）同时废止。”请各单位按新政策受理申报。",
    # variant: 明确 and 停止执行
    "《岚山省引进高层次人才若干措施》（岚政发〔2024〕3号）明确：“《岚山省引进高层次人才暂行办法》"
    "（岚政发〔2018〕9号）停止执行”，请做好衔接。",
])
def test_a_quoted_repeal_is_the_quoted_documents_not_the_quoting_ones(quote: str) -> None:
    old = _doc(1, "岚山省引进高层次人才暂行办法", number="岚政发〔2018〕9号", issuer="岚山省人民政府", date="2018-04-02")
    new = _doc(2, "岚山省引进高层次人才若干措施", number="岚政发〔2024〕3号", issuer="岚山省人民政府", date="2024-01-22")
    notice = _doc(3, "桐江市人民政府办公室关于做好新旧人才政策衔接工作的通知", quote, number="桐政办发〔2024〕6号",
                  issuer="桐江市人民政府办公室", date="2024-02-05")
    kinds = _kinds(notice, old, new)
    assert ("cites", 2) in kinds and not {k for k, _ in kinds} & {"supersedes", "repeals"}
    # the same sentence unquoted is the notice's own
    assert ("supersedes", 1) in _kinds(_doc(4, "某办法", "《岚山省引进高层次人才暂行办法》（岚政发〔2018〕9号）同时废止。",
                                            issuer="岚山省人民政府"), old)


def test_a_title_cited_with_its_number_is_not_another_edition_under_that_title() -> None:
    trial = _doc(1, "青禾省科技企业孵化器管理办法（试行）", number="禾科规〔2019〕3号", issuer="青禾省科学技术厅",
                 date="2019-04-12")
    rules = _doc(2, "溪州市科技企业孵化器认定实施细则",
                 "第一条 根据《青禾省科技企业孵化器管理办法》（禾科规〔2023〕2号），结合本市实际，制定本细则。",
                 number="溪科规〔2023〕4号", issuer="溪州市科学技术局", date="2023-06-02")
    # the 2023 final is not stored yet: kept as a reference, not tied to the 2019 trial
    assert _kinds(rules, trial) == {("implements", "禾科规〔2023〕2号")}
    # variant: the same title cited without a 文号 while only the trial is stored names no stored edition either
    explained = _doc(3, "《青禾省科技企业孵化器管理办法》政策解读", "一、出台背景", issuer="青禾省科学技术厅", date="2023-03-08")
    assert {t for _, t in _kinds(explained, trial)} == {"青禾省科技企业孵化器管理办法"}
    # and the trial named as such still is
    assert ("interprets", 1) in _kinds(_doc(4, "《青禾省科技企业孵化器管理办法（试行）》解读", issuer="青禾省科学技术厅"),
                                       trial)


def test_one_decision_amending_three_regulations() -> None:
    decision = (DOCS / "h18_three_rules_amended.txt").read_text(encoding="utf-8")
    title = "青禾省人民政府关于修改《青禾省餐厨废弃物管理办法》等三部省政府规章的决定"
    waste = _doc(1, "青禾省餐厨废弃物管理办法", issuer="青禾省人民政府", date="2016-11-20")
    lifts = _doc(2, "青禾省电梯安全管理规定", issuer="青禾省人民政府", date="2018-03-15")
    kinds = _kinds(_doc(3, title, decision, issuer="青禾省人民政府", date="2024-09-30"), waste, lifts)
    assert {("amends", 1), ("amends", 2), ("amends", "青禾省水路运输管理办法")} <= kinds
    # variant: the basis a decision gives is not amended
    text = "根据《中华人民共和国行政处罚法》，决定对《甲市养犬管理办法》作如下修改：\n一、删去第九条。"
    dogs = _doc(4, "甲市养犬管理办法", issuer="甲市人民政府")
    kinds = _kinds(_doc(5, "甲市人民政府关于修改部分规章的决定", text, issuer="甲市人民政府"), dogs)
    assert {t for k, t in kinds if k == "amends"} == {4}


@pytest.mark.parametrize("new_first", [False, True])
def test_the_same_title_under_a_new_number_is_a_new_edition(new_first: bool) -> None:
    old = _doc(1, "青禾省专利资助办法", number="禾知规〔2018〕1号", issuer="青禾省知识产权局", date="2018-02-01")
    new = _doc(2, "青禾省专利资助办法", number="禾知规〔2024〕2号", issuer="青禾省知识产权局", date="2024-03-10")
    first, second = (new, old) if new_first else (old, new)
    found = {(r.subject.id, r.kind.value, r.target.id) for r in detect(second, Catalog([first]))}
    assert (2, "supersedes", 1) in found
    # variant: another issuer's document of that title is no edition of it
    other = _doc(3, "青禾省专利资助办法", number="岚知规〔2024〕2号", issuer="岚山省知识产权局", date="2024-03-10")
    assert "supersedes" not in {k for k, _ in _kinds(other, old)}
    # nor is a one-off notice reissued each year under one title
    notices = [_doc(4 + i, "青禾省应急管理厅关于开展安全生产大检查的通知", number=f"禾应急〔{year}〕3号",
                    issuer="青禾省应急管理厅", date=f"{year}-03-01") for i, year in enumerate((2023, 2024))]
    assert "supersedes" not in {k for k, _ in _kinds(notices[1], notices[0])}


@pytest.mark.parametrize("notice_first", [True, False])
def test_a_notice_and_the_policy_it_attaches_on_a_page_of_its_own(notice_first: bool) -> None:
    notice = _doc(1, "青禾省人民政府关于印发青禾省数字经济促进办法的通知", "现将《青禾省数字经济促进办法》印发给你们。",
                  number="禾政发〔2024〕6号", issuer="青禾省人民政府", date="2024-03-18")
    page = _doc(2, "青禾省数字经济促进办法", "第一条 为促进数字经济发展，制定本办法。", issuer="青禾省人民政府",
                date="2024-03-18")
    first, second = (notice, page) if notice_first else (page, notice)
    found = {(r.subject.id, r.kind.value, r.target.id) for r in detect(second, Catalog([first]))}
    assert (2, "duplicate_of", 1) in found and "supersedes" not in {k for _, k, _ in found}
    # a 解读 naming the policy names the notice, not its copy
    assert ("interprets", 1) in _kinds(_doc(3, "一图读懂《青禾省数字经济促进办法》", issuer="青禾省发展和改革委员会"),
                                       notice, page)
    # variant: the same title published by another issuer is not the notice's copy
    other = _doc(4, "青禾省数字经济促进办法", issuer="青禾省发展和改革委员会", date="2024-03-19")
    assert "duplicate_of" not in {k for k, _ in _kinds(other, notice)}


def test_a_draft_whose_final_changed_its_kind_of_title() -> None:
    # real: 《个人信息出境标准合同规定（征求意见稿）》 (2022-06-30) → 个人信息出境标准合同办法 (令第13号, 2023-02-22)
    cac = "国家互联网信息办公室"
    draft = _doc(1, "国家互联网信息办公室关于《个人信息出境标准合同规定（征求意见稿）》公开征求意见的通知",
                 issuer=cac, date="2022-06-30")
    final = _doc(2, "个人信息出境标准合同办法", issuer=cac, date="2023-02-22")
    assert ("draft_of", 2) in _kinds(draft, final)
    assert {(r.subject.id, r.kind.value, r.target.id) for r in detect(final, Catalog([draft]))} >= {(1, "draft_of", 2)}
    # variant: 若干措施 issued as 若干政策; another issuer's look-alike is no final; a final of the
    # draft's own title wins over a renamed one
    draft2 = _doc(3, "关于公开征求《甲市促进氢能产业发展若干措施（征求意见稿）》意见的公告", issuer="甲市发展和改革委员会",
                  date="2024-01-05")
    renamed = _doc(4, "甲市促进氢能产业发展若干政策", issuer="甲市发展和改革委员会", date="2024-05-01")
    elsewhere = _doc(5, "甲市促进氢能产业发展若干政策", issuer="甲市科学技术局", date="2024-03-01")
    assert {t for k, t in _kinds(draft2, renamed, elsewhere) if k == "draft_of"} == {4}
    same = _doc(6, "甲市促进氢能产业发展若干措施", issuer="甲市发展和改革委员会", date="2024-06-01")
    assert {t for k, t in _kinds(draft2, renamed, same) if k == "draft_of"} == {6}


NIGHT = "关于加快发展夜间经济的若干措施"


@pytest.mark.parametrize(("issuer", "linked"), [
    ("溪州市滨河区人民政府办公室", True),  # a district of the city: its city's policy
    ("溪州市商务局", True),  # the city's own bureau
    ("岚山省商务厅", False),  # another province: a title without a place names no one's policy
    ("桐江市人民政府", False),  # another city
])
def test_a_bare_title_stored_only_as_another_places(issuer: str, linked: bool) -> None:
    policy = _doc(1, f"溪州市人民政府办公室关于印发{NIGHT}的通知", number="溪政办发〔2023〕20号",
                  issuer="溪州市人民政府办公室", date="2023-05-08")
    citing = _doc(2, "关于做好夜间消费示范街区工作的通知", f"请参照《{NIGHT}》做好推荐工作。", issuer=issuer,
                  date="2023-07-03")
    assert (("cites", 1) in _kinds(citing, policy)) is linked
    # a title that names its place names it from anywhere
    named = _doc(3, "溪州市促进消费扩容提质若干措施", number="溪府办〔2024〕5号", issuer="溪州市人民政府办公室")
    assert ("cites", 3) in _kinds(_doc(4, "某通知", "参照《溪州市促进消费扩容提质若干措施》执行。", issuer=issuer), named)


def test_a_provinces_code_character_is_learned_from_its_own_documents() -> None:
    own = [_doc(1, "青禾省数字经济促进办法", number="禾政发〔2024〕6号", issuer="青禾省人民政府"),
           _doc(2, "青禾省专利资助办法", number="禾知规〔2024〕2号", issuer="青禾省知识产权局")]
    learned = learned_abbreviations(own)
    assert learned == {"青禾": {"禾"}}
    assert issuer_matches("青禾省人民政府办公厅", "禾政办发〔2023〕8号") is False  # not a known 简称
    assert issuer_matches("青禾省人民政府办公厅", "禾政办发〔2023〕8号", learned) is True
    # a city page reprinting the province's notice teaches the city nothing (禾 is no character of 溪州)
    reprint = _doc(3, "青禾省支持制造业中小企业纾困发展若干措施", number="禾政办发〔2023〕8号", issuer="溪州市工业和信息化局")
    assert learned_abbreviations([reprint]) == {}
    # variant: a city whose code is a later character of its name (桐江 → 江)
    assert learned_abbreviations([_doc(4, "x", number="江政发〔2024〕1号", issuer="桐江市人民政府")]) == {"桐江": {"江"}}


@pytest.mark.parametrize("reprint_first", [True, False])
def test_the_original_of_a_reprint_by_a_learned_code_character(reprint_first: bool) -> None:
    title, number = "青禾省人民政府办公厅关于印发青禾省支持制造业中小企业纾困发展若干措施的通知", "禾政办发〔2023〕8号"
    # one site, one date: without the learned 禾 the first stored (the lower id, the reprint) would win
    original = _doc(2, title, number=number, issuer="青禾省人民政府办公厅", date="2023-02-14")
    reprint = _doc(1, title, number=number, issuer="溪州市工业和信息化局", date="2023-02-14")
    sibling = _doc(3, "青禾省人民政府关于加快推进数字政府建设的实施意见", number="禾政发〔2021〕5号", issuer="青禾省人民政府")
    first, second = (reprint, original) if reprint_first else (original, reprint)
    found = {(r.subject.id, r.kind.value, r.target.id) for r in detect(second, Catalog([first, sibling]))}
    assert (1, "duplicate_of", 2) in found


def test_titles_issued_without_about_and_look_alikes_without_the_issuers_frame() -> None:
    assert titles.unwrap("溪州市人民政府印发关于促进民营经济高质量发展的若干措施的通知") == "关于促进民营经济高质量发展的若干措施"
    assert titles.unwrap("国务院办公厅印发《政府投资条例实施细则》的通知") == "政府投资条例实施细则"
    a = titles.similarity_key("桐江市人民政府办公室关于做好民营经济政策兑现工作的通知")
    b = titles.similarity_key("桐江市人民政府办公室关于做好新旧人才政策衔接工作的通知")
    assert titles.bigram_similarity(a, b) < 0.4
    assert titles.bigram_similarity(titles.similarity_key("甲市促进集成电路产业发展若干政策"),
                                    titles.similarity_key("甲市促进生物医药产业发展若干政策")) >= 0.4


def _put(store: Store, run: int, name: str, *, source: str = "s", **meta: str) -> int:
    text = (DOCS / f"{name}.txt").read_text(encoding="utf-8")
    doc = make_doc(f"http://{source}.test/{name}.html", text, **DocumentMetadata(**meta).to_dict())
    return store.record_version(source, doc, raw=None, run_id=run).document.id


def test_a_reposts_reference_answered_after_its_original_arrived_stays_the_originals() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    title = "溪州市人民政府办公室关于印发溪州市促进消费扩容提质若干措施的通知"
    city = {"title": title, "doc_number": "溪府办〔2024〕5号", "published_date": "2024-02-26"}
    steps = [("b02_consumption_repost", "district", {**city, "issuer": "溪州市滨河区人民政府办公室"}),
             ("x05_consumption", "s", {**city, "issuer": "溪州市人民政府办公室"}),
             ("h22_consumption_province", "s", {"title": "青禾省人民政府办公厅关于印发青禾省促进消费持续恢复若干政策的通知",
                                                "doc_number": "禾政办发〔2023〕19号", "issuer": "青禾省人民政府办公厅",
                                                "published_date": "2023-04-03"})]
    ids = {}
    for name, source, meta in steps:
        ids[name] = _put(store, run, name, source=source, **meta)
        LineageLinker(store, run_id=run, today="2024-06-01").run()
    found = {(r.subject.id, r.kind.value, r.target.id) for r in store.relations()}
    repost, city_id, province = ids["b02_consumption_repost"], ids["x05_consumption"], ids["h22_consumption_province"]
    assert {(repost, "duplicate_of", city_id), (city_id, "cites", province)} <= found
    assert not [r for r in store.relations(repost) if r.subject.id == repost and r.kind.value != "duplicate_of"]


def test_a_successors_repeal_found_after_its_revision_mark_keeps_its_effect() -> None:
    # the 办法 read first keeps 原《暂行办法》 as a reference; the 暂行办法 stored later is found its
    # predecessor by the revision mark first, and the reference's 废止 must still end it
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run, today="2024-06-01").run()
    rules = _put(store, run, "h05_invest_rules", title="青禾省人民政府办公厅关于印发青禾省政府投资项目管理办法的通知",
                 doc_number="禾政办规〔2024〕3号", issuer="青禾省人民政府办公厅", published_date="2024-05-20")
    LineageLinker(store, run_id=run, today="2024-06-01").run()
    interim = _put(store, run, "h04_invest_interim", title="青禾省人民政府办公厅关于印发青禾省政府投资项目管理暂行办法的通知",
                   doc_number="禾政办发〔2016〕21号", issuer="青禾省人民政府办公厅", published_date="2016-08-03",
                   validity="现行有效")
    LineageLinker(store, run_id=run, today="2024-06-01").run()
    [succession] = [r for r in store.relations(interim) if r.kind.value == "supersedes"]
    assert succession.subject.id == rules and succession.effect == "废止"
    assert store.document(interim).metadata.validity == "废止"  # type: ignore[union-attr]
