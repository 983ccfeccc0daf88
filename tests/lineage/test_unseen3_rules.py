"""The rules the third unseen set (tests/data/lineage_unseen3) called for, each on the real shape and
on a variant it was not written from: a bare attached page keeps what it says, the same issuer's
same-title edition ends the older one, a 解读's link to an attached page names the notice, and a
转发 notice's attachment is the forwarded original's copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.lineage import Catalog, LineageDoc, detect, speaks_for_itself, titles
from policywatch.model import DocKey, DocumentMetadata, Link
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

DOCS = Path(__file__).parent.parent / "data" / "lineage_unseen3" / "docs"


def _doc(n: int, title: str, text: str = "", *, number: str = "", issuer: str = "江屿市人民政府",
         date: str = "2024-01-01", links: tuple[Link, ...] = ()) -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://rules3.test/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text, links=links)


def _found(doc: LineageDoc, *known: LineageDoc) -> dict[tuple[str, object, object], str]:
    """(kind, subject id, target id or reference) → effect."""
    return {(r.kind.value, r.subject.id, r.target.id if r.target.id is not None else r.target.doc_number or r.target.title):
            r.effect for r in detect(doc, Catalog(known))}


# ------------------------------------------------------------------ 2. same-title editions


@pytest.mark.parametrize(("old_title", "new_title", "old_number", "new_number"), [
    # the real shapes of the set: a new 文号 under the same title (wrapped in its notice), a revision mark
    ("江屿市人才住房补贴办法", "江屿市人民政府关于印发江屿市人才住房补贴办法的通知", "江府规〔2019〕11号", "江府规〔2024〕6号"),
    ("松川市政府投资项目管理办法", "松川市政府投资项目管理办法（2024年修订）", "松府规〔2018〕2号", "松府规〔2024〕1号"),
    # variants: a 规定 revised without a year in its mark, a 若干措施 reissued under a later 文号
    ("临州市物业管理规定", "临州市物业管理规定（修订）", "临府规〔2015〕3号", "临府规〔2022〕8号"),
    ("临州市支持外贸稳增长若干措施", "临州市支持外贸稳增长若干措施", "临府办规〔2021〕2号", "临府办规〔2023〕5号"),
])
def test_the_same_issuers_newer_edition_ends_the_older(old_title: str, new_title: str, old_number: str,
                                                        new_number: str) -> None:
    old = _doc(1, old_title, number=old_number, date="2019-01-01")
    new = _doc(2, new_title, number=new_number, date="2024-01-01")
    # whichever is read first, the newer edition supersedes the older and ends it: 失效, not 废止,
    # since no act repealed it (model/validity.py)
    assert _found(new, old)[("supersedes", 2, 1)] == "失效"
    assert _found(old, new)[("supersedes", 2, 1)] == "失效"


def test_no_edition_ends_another_across_issuers_drafts_interpretations_trials_or_plans() -> None:
    title = "科技型中小企业研发费用补助办法"
    jiangyu = _doc(1, title, number="江科规〔2020〕3号", issuer="江屿市科学技术局", date="2020-04-02")
    # two cities' bureaus issuing one title: not editions of one policy
    songchuan = _doc(2, title, number="松科规〔2023〕4号", issuer="松川市科学技术局", date="2023-06-01")
    assert not [k for k in _found(songchuan, jiangyu) if k[0] == "supersedes"]
    # a revision mark with one issuer unknown: a succession may be read, but nothing is ended by it
    unknown = _doc(3, f"{title}（2024年修订）", number="科规〔2024〕1号", issuer="", date="2024-03-01")
    assert all(effect == "" for k, effect in _found(unknown, jiangyu).items() if k[0] == "supersedes")
    # the same title's 解读 and its draft end nothing
    explained = _doc(4, f"《{title}》解读", issuer="松川市科学技术局", date="2023-06-05")
    draft = _doc(5, f"{title}（修订征求意见稿）", issuer="松川市科学技术局", date="2024-05-01")
    for doc in (explained, draft):
        assert not [k for k in _found(doc, songchuan) if k[0] == "supersedes"]
    # a trial made final and a plan's next round supersede, but the older ends by its own term
    trial = _doc(6, "临州市数据资源管理办法（试行）", number="临府规〔2019〕1号", date="2019-01-01")
    final = _doc(7, "临州市数据资源管理办法", number="临府规〔2023〕1号", date="2023-01-01")
    plan = _doc(8, "临州市数字经济行动计划（2021—2023年）", number="临府办〔2021〕4号", date="2021-01-01")
    next_plan = _doc(9, "临州市数字经济行动计划（2024—2026年）", number="临府办〔2024〕4号", date="2024-01-01")
    assert _found(final, trial)[("supersedes", 7, 6)] == ""
    assert _found(next_plan, plan)[("supersedes", 9, 8)] == ""


# ------------------------------------------------------------------ 3. a 解读's link to an attached page


def test_a_link_to_an_attached_page_names_its_notice() -> None:
    notice = _doc(1, "江屿市人民政府关于印发江屿市科技创新券管理办法的通知", number="江府规〔2024〕3号")
    page = _doc(2, "江屿市科技创新券管理办法")
    # the real shape: 原文链接 written in the text; a variant: the link on the page (相关文件)
    in_text = _doc(3, "《江屿市科技创新券管理办法》政策解读", f"原文链接：{page.key.url}", issuer="江屿市科学技术局")
    linked = _doc(4, "一图读懂创新券新政", issuer="江屿市科学技术局", links=(Link(url=page.key.url, text="相关文件"),))
    for explained in (in_text, linked):
        assert ("interprets", explained.key.id, 1) in _found(explained, notice, page)
        assert ("interprets", explained.key.id, 2) in _found(explained, page)  # until the notice is stored


def test_an_attached_page_speaks_for_itself_a_repost_does_not() -> None:
    notice = _doc(1, "江屿市人民政府关于印发江屿市科技创新券管理办法的通知", number="江府规〔2024〕3号")
    page = _doc(2, "江屿市科技创新券管理办法")
    repost = _doc(3, notice.title, number="江府规〔2024〕3号", issuer="江屿市临江区人民政府")
    assert speaks_for_itself(page, notice)
    assert not speaks_for_itself(repost, notice)


def _store(store: Store, path: str, title: str, text: str, *, number: str = "", issuer: str, date: str) -> int:
    meta = DocumentMetadata(title=title, doc_number=number, issuer=issuer, published_date=date)
    run = store.start_run(["s"])
    outcome = store.record_version("s", make_doc(f"http://rules3.test/{path}", text, **meta.to_dict()), raw=None,
                                   run_id=run)
    store.finish_run(run, {})
    LineageLinker(store, run_id=run).run()
    return outcome.document.id


def test_a_bare_page_keeps_its_repeal_when_its_notice_arrives_later(tmp_path: Path) -> None:
    # a variant of the set's pages: a bureau's 细则 page, its 停止执行 sentence, then its 印发 notice
    with Store.open(tmp_path / "pw.db") as store:
        old = _store(store, "old.html", "临州市首台套装备认定办法", "第一条 ……", number="临工信规〔2018〕2号",
                     issuer="临州市工业和信息化局", date="2018-03-01")
        page = _store(store, "page.html", "临州市首台套装备认定实施细则",
                      "第二十条 本细则自2024年1月1日起施行，原《临州市首台套装备认定办法》（临工信规〔2018〕2号）停止执行。",
                      issuer="临州市工业和信息化局", date="2023-12-01")
        notice = _store(store, "notice.html", "临州市工业和信息化局关于印发临州市首台套装备认定实施细则的通知",
                        "现将《临州市首台套装备认定实施细则》印发给你们。", number="临工信规〔2023〕9号",
                        issuer="临州市工业和信息化局", date="2023-12-01")
        relations = {(r.subject.id, r.kind.value, r.target.id) for r in store.relations()}
        assert (page, "duplicate_of", notice) in relations
        assert (page, "supersedes", old) in relations
        record = store.document(old)
        assert record is not None and record.metadata.validity == "废止"


# ------------------------------------------------------------------ 4. 转发


@pytest.mark.parametrize(("title", "forwarded"), [
    ("苍岭省人民政府办公厅转发国务院办公厅关于进一步激发民间有效投资活力促进经济持续健康发展的指导意见的通知",
     "国务院办公厅关于进一步激发民间有效投资活力促进经济持续健康发展的指导意见"),
    # variants: 关于转发, and a city forwarding its bureau's 意见 with the issuer before 转发
    ("江屿市人民政府办公室关于转发苍岭省人民政府办公厅关于推进政务服务“一网通办”的实施意见的通知",
     "苍岭省人民政府办公厅关于推进政务服务“一网通办”的实施意见"),
    ("临州市人民政府转发市发展改革委关于加快推进充电基础设施建设的意见的通知", "市发展改革委关于加快推进充电基础设施建设的意见"),
])
def test_a_forwarding_notice_wraps_what_it_forwards(title: str, forwarded: str) -> None:
    assert titles.forwards(title) and titles.unwrap(title) == forwarded
    assert not titles.forwards("江屿市人民政府关于印发江屿市科技创新券管理办法的通知")


def test_a_forwarded_attachment_copies_the_original_not_the_notice() -> None:
    national = "国务院办公厅关于进一步激发民间有效投资活力促进经济持续健康发展的指导意见"
    original = _doc(1, national, number="国办发〔2017〕79号", issuer="国务院办公厅", date="2017-09-01")
    notice = _doc(2, f"苍岭省人民政府办公厅转发{national}的通知",
                  f"现将《{national}》（国办发〔2017〕79号）转发给你们，请结合实际认真贯彻执行。",
                  number="苍政办发〔2017〕88号", issuer="苍岭省人民政府办公厅", date="2017-10-09")
    page = _doc(3, national, issuer="苍岭省人民政府办公厅", date="2017-10-09")
    # whichever of the three is read last: the page is the original's copy, the notice cites it
    assert _found(page, original, notice) == {("duplicate_of", 3, 1): ""}
    assert ("duplicate_of", 3, 1) in _found(notice, original, page)
    assert ("cites", 2, 1) in _found(notice, original, page)
    assert not [k for k in _found(notice, original, page) if k[2] == 3]
    # the original not stored: the page copies it by title, the notice keeps its citation by 文号
    assert ("duplicate_of", 3, national) in _found(notice, page)
    assert ("cites", 2, "国办发〔2017〕79号") in _found(notice, page)
    # a city naming the title alone names the national original, not the province's copy or notice
    city = _doc(4, "江屿市人民政府关于促进民间投资健康发展的实施意见", f"为贯彻落实《{national}》精神，提出如下实施意见。",
                number="江府发〔2018〕2号", date="2018-01-15")
    assert ("cites", 4, 1) in _found(city, original, notice, page)


def test_the_sets_forwarded_page_text_is_the_originals() -> None:
    # the set's province page is a copy of the national text (the shape the rule reads)
    page = (DOCS / "g02_forward_attached.txt").read_text(encoding="utf-8").splitlines()
    original = (DOCS / "n01_private_investment.txt").read_text(encoding="utf-8").splitlines()
    assert page[0] == original[2] and page[1:4] == original[3:6]
