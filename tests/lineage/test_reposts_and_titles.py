"""Which copy is the original (whatever was stored first), title-only extension notices replayed in
any order, and title-only citations that two issuers' documents could answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.lineage import Catalog, LineageDoc, detect
from policywatch.lineage.reposts import issuer_matches, places
from policywatch.model import DocKey, DocumentMetadata, EventKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

DATA = Path(__file__).parent.parent / "data"
AI_PLAN = (DATA / "lineage_unseen" / "docs" / "n01_ai_plan.txt").read_text(encoding="utf-8")  # real: 国发〔2017〕35号
AI_TITLE = "国务院关于印发新一代人工智能发展规划的通知"


def _doc(n: int, title: str, *, number: str = "", issuer: str = "", date: str = "", site: str = "",
         url: str = "", text: str = "") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=url or f"http://{site or 'x.test'}/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text, site=site)


def _duplicates(first: LineageDoc, second: LineageDoc, *others: LineageDoc) -> set[tuple[int, int]]:
    """(copy, original) pairs detection finds when `second` is read with `first` (and others) stored."""
    return {(r.subject.id, r.target.id) for r in detect(second, Catalog([first, *others]))  # type: ignore[misc]
            if r.kind.value == "duplicate_of"}


def test_issuer_codes() -> None:
    assert places("南湖市清河区人民政府办公室") == ["南湖", "清河"]
    assert places("南湖市城市管理局") == ["南湖"]  # 城市 is no place
    assert issuer_matches("国务院", "国发〔2017〕35号") is True
    assert issuer_matches("广东省人民政府", "国发〔2017〕35号") is False
    assert issuer_matches("广东省人民政府办公厅", "粤府办〔2018〕1号") is True  # a province's 简称
    assert issuer_matches("南湖市人民政府办公室", "南府办〔2022〕11号") is True
    assert issuer_matches("南湖市清河区人民政府", "南府办〔2022〕11号") is False  # the district reposting it
    assert issuer_matches("", "南府办〔2022〕11号") is None


def test_an_order_numbers_issuer_is_evidence_like_a_codes() -> None:
    # a 规章 has no 文号: the order's number names its issuer outright
    assert issuer_matches("南湖市人民政府", "南湖市人民政府令第3号") is True
    assert issuer_matches("南湖市人民政府办公室", "南湖市政府令 第３号") is True  # its office publishing it
    assert issuer_matches("南湖市清河区人民政府", "南湖市人民政府令第3号") is False  # the district reposting it
    assert issuer_matches("国务院", "中华人民共和国国务院令第694号") is True
    assert issuer_matches("东川省人民政府", "国务院令第694号") is False
    assert issuer_matches("中华人民共和国商务部", "商务部令2019年第1号") is True
    # cited without its place, the number is whichever city's reads it: no evidence either way
    assert issuer_matches("南湖市人民政府", "市政府令第20号") is None
    assert issuer_matches("", "南湖市人民政府令第3号") is None


@pytest.mark.parametrize("original_first", [True, False])
def test_a_district_reposting_a_citys_order_the_same_day(original_first: bool) -> None:
    # the same day, neither site holding other numbered documents: only the order's issuer tells
    # the city's copy from the district's, whichever was stored first
    title = "南湖市城市绿化管理办法"
    own = _doc(1 if original_first else 2, title, number="南湖市人民政府令第3号", issuer="南湖市人民政府",
               date="2024-03-01", site="www.nanhu.gov.cn")
    repost = _doc(2 if original_first else 1, title, number="南湖市人民政府令 第3号", issuer="南湖市清河区人民政府",
                  date="2024-03-01", site="qinghe.nanhu.gov.cn")
    first, second = (own, repost) if original_first else (repost, own)
    assert _duplicates(first, second) == {(repost.key.id, own.key.id)}


@pytest.mark.parametrize("original_first", [True, False])
def test_a_province_reposting_a_state_council_document(original_first: bool) -> None:
    # the real 国发〔2017〕35号; the province's page names itself as 发布机构 and was published later
    own = _doc(1 if original_first else 2, AI_TITLE, number="国发〔2017〕35号", issuer="国务院", date="2017-07-20",
               site="www.gov.cn", text=AI_PLAN)
    repost = _doc(2 if original_first else 1, AI_TITLE, number="国发(2017)35号", issuer="东川省人民政府办公厅",
                  date="2017-07-20", site="www.dongchuan.gov.cn", text=AI_PLAN)
    first, second = (own, repost) if original_first else (repost, own)
    assert _duplicates(first, second) == {(repost.key.id, own.key.id)}


@pytest.mark.parametrize("original_first", [True, False])
def test_same_metadata_the_earlier_date_then_the_issuers_own_site_decide(original_first: bool) -> None:
    city, district = "www.nanhu.gov.cn", "qinghe.nanhu.gov.cn"
    number, title, issuer = "南府办〔2022〕11号", "南湖市人民政府办公室关于印发南湖市支持外贸稳规模优结构若干措施的通知", "南湖市人民政府办公室"
    # the district's page published a week later
    own = _doc(1 if original_first else 2, title, number=number, issuer=issuer, date="2022-05-16", site=city)
    late = _doc(2 if original_first else 1, title, number=number, issuer=issuer, date="2022-05-23", site=district)
    first, second = (own, late) if original_first else (late, own)
    assert _duplicates(first, second) == {(late.key.id, own.key.id)}
    # the same day: the city's site is where the city's other documents are
    same_day = _doc(late.key.id or 0, title, number=number, issuer=issuer, date="2022-05-16", site=district)
    neighbours = [_doc(10 + i, f"南湖市文件{i}", number=f"南府〔2022〕{i}号", issuer="南湖市人民政府", site=city)
                  for i in range(1, 3)] + [_doc(20, "清河区文件", number="清府〔2022〕3号", issuer="南湖市清河区人民政府",
                                                site=district)]
    first, second = (own, same_day) if original_first else (same_day, own)
    assert _duplicates(first, second, *neighbours) == {(same_day.key.id, own.key.id)}


def test_a_number_cited_names_the_original_not_the_newer_repost() -> None:
    own = _doc(1, AI_TITLE, number="国发〔2017〕35号", issuer="国务院", date="2017-07-20", site="www.gov.cn")
    repost = _doc(2, AI_TITLE, number="国发〔2017〕35号", issuer="东川省人民政府", date="2017-08-01", site="dc.gov.cn")
    citing = _doc(3, "东川省新一代人工智能发展实施方案", issuer="东川省人民政府", date="2018-01-01",
                  text="为贯彻落实《新一代人工智能发展规划》（国发〔2017〕35号），制定本方案。")
    assert {(r.kind.value, r.target.id) for r in detect(citing, Catalog([own, repost]))} == {("cites", 1)}
    # the title alone too: the repost is no second candidate
    by_title = _doc(4, "东川省人工智能行动计划", issuer="东川省人民政府", text="根据《新一代人工智能发展规划》，制定本计划。")
    assert {(r.kind.value, r.target.id) for r in detect(by_title, Catalog([own, repost]))} == {("cites", 1)}


VOUCHER = "科技创新券管理办法"


def _vouchers() -> list[LineageDoc]:
    # the shape of tests/data/lineage_unseen t02 (南湖市) and the same title in another city
    return [_doc(1, f"南湖市科学技术局关于印发《{VOUCHER}》的通知", number="南科规〔2022〕1号", issuer="南湖市科学技术局",
                 date="2022-04-20"),
            _doc(2, f"西岭市科学技术局关于印发《{VOUCHER}》的通知", number="西科规〔2023〕2号", issuer="西岭市科学技术局",
                 date="2023-03-01")]


@pytest.mark.parametrize(("issuer", "target"), [
    ("南湖市财政局", 1),  # the same city's
    ("西岭市科学技术局", 2),  # the same issuer's, though the other city's is older
    ("南湖市清河区科学技术局", 1),  # a district of the city
    ("北山市人民政府", None),  # a third city: ambiguous, kept as a reference
])
def test_a_bare_title_names_the_document_of_the_citing_documents_place(issuer: str, target: int | None) -> None:
    citing = _doc(9, "关于开展2024年度科技创新券申领工作的通知", issuer=issuer, date="2024-03-01",
                  text=f"根据《{VOUCHER}》，现就申领工作通知如下。")
    (relation,) = [r for r in detect(citing, Catalog(_vouchers())) if r.kind.value == "cites"] or [None]
    if target is None:
        assert relation is None or relation.target.id is None  # no guess between two cities
    else:
        assert relation is not None and relation.target.id == target


def test_one_citys_editions_stay_one_candidate() -> None:
    # a city government's policy and its office's later edition: one place, the latest edition
    editions = [_doc(1, "南湖市促进外贸发展若干措施", issuer="南湖市人民政府", date="2020-01-01"),
                _doc(2, "南湖市促进外贸发展若干措施", issuer="南湖市人民政府办公室", date="2023-01-01")]
    citing = _doc(3, "东川省外贸工作要点", issuer="东川省商务厅", text="参照《南湖市促进外贸发展若干措施》执行。")
    assert {r.target.id for r in detect(citing, Catalog(editions)) if r.kind.value == "cites"} == {2}


RULES = DATA / "lineage_rules"
EPC = "上海市建设项目工程总承包管理办法"
NOTICE = f"上海市住房和城乡建设管理委员会关于延长《{EPC}》有效期的通知"


@pytest.mark.parametrize("notice_first", [True, False])
def test_an_extension_named_in_the_title_only_moves_the_term_in_any_order(notice_first: bool) -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run, today="2026-01-01").run()

    def put(name: str, **meta: str) -> int:
        doc = make_doc(f"http://zjw.sh.test/{name}.html", (RULES / f"{name}.txt").read_text(encoding="utf-8"),
                       **DocumentMetadata(issuer="上海市住房和城乡建设管理委员会", **meta).to_dict())
        return store.record_version("s", doc, raw=None, run_id=run).document.id

    steps = [("shanghai_epc_extension_2026", {"title": NOTICE, "doc_number": "沪建建管〔2026〕84号",
                                              "published_date": "2026-03-10"}),
             ("shanghai_epc_rules", {"title": EPC, "doc_number": "沪建规范〔2021〕2号", "published_date": "2021-03-01",
                                     "validity": "现行有效"})]
    events = []
    for name, meta in (steps if notice_first else reversed(steps)):
        put(name, **meta)
        events += LineageLinker(store, run_id=run, today="2026-03-11").run()
    rules = next(d.id for d in store.documents() if d.url.endswith("shanghai_epc_rules.html"))
    assert store.validity_term(rules) == "2031-03-31"
    [extended] = [e for e in events if e.kind is EventKind.CHANGED and e.document_id == rules]
    assert [(m.field, m.old, m.new) for m in extended.changeset.metadata_changes] == [  # type: ignore[union-attr]
        ("expires", "2026-03-31", "2031-03-31")]
    assert "沪建建管〔2026〕84号" in extended.message


def test_an_original_stored_after_its_repost_does_not_announce_the_family_again() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run, today="2024-06-01").run()
    old_title, title = "南湖市促进人工智能产业发展若干政策", "南湖市促进人工智能产业发展若干政策（2024年修订）"
    body = (f"{title}\n为加快人工智能产业发展，制定本政策。\n一、支持研发投入，最高资助500万元。\n"
            f"本政策自2024年3月1日起施行，《{old_title}》（南府〔2019〕12号）同时废止。")

    def put(url: str, text: str, **meta: str) -> int:
        doc = make_doc(url, text, **DocumentMetadata(**meta).to_dict())
        return store.record_version("s", doc, raw=None, run_id=run).document.id

    def linked() -> list:  # type: ignore[type-arg]
        return [e for e in LineageLinker(store, run_id=run, today="2024-06-01").run() if e.is_relation]

    old = put("http://www.nanhu.test/2019/12.html", f"{old_title}\n一、支持研发投入，最高资助1000万元。",
              title=old_title, doc_number="南府〔2019〕12号", issuer="南湖市人民政府", published_date="2019-05-20",
              validity="现行有效")
    assert linked() == []
    # the district reposts the city's new edition first: it is announced as the successor
    repost = put("http://qinghe.nanhu.test/2024/3.html", body, title=title, doc_number="南府〔2024〕3号",
                 issuer="南湖市清河区人民政府", published_date="2024-03-08")
    first = linked()
    assert [(e.kind.value, e.document_id, (e.other or {}).get("id")) for e in first] == [("supersedes", repost, old)]
    # the city's own page, read a run later, is the original: the repost reposts it, and the
    # succession already announced is not announced a second time
    original = put("http://www.nanhu.test/2024/3.html", body, title=title, doc_number="南府〔2024〕3号",
                   issuer="南湖市人民政府", published_date="2024-03-01")
    second = linked()
    assert [e.kind.value for e in second if e.kind is not EventKind.DUPLICATE_OF] == []
    kinds = {(r.subject.id, r.kind.value, r.target.id) for r in store.relations()}
    assert (original, "supersedes", old) in kinds and (repost, "duplicate_of", original) in kinds
    assert (repost, "supersedes", old) not in kinds  # the repost no longer speaks for the family
    assert store.ending(old) is not None and store.ending(old).subject.id == original  # type: ignore[union-attr]
