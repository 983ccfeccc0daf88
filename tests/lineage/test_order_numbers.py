"""A document known by its order's number (`南湖市人民政府令第20号`: a 规章 has no 文号) gets the relations
the same document under a 文号 would: a successor of the same title repealing it by that number, a
repeal decision listing it by number alone or under another title, in either order
(grammar/docnumber.number_key decides how an order number identifies a document)."""

from __future__ import annotations

import itertools

import pytest

from policywatch.extract.metadata import from_labels, from_text
from policywatch.grammar.docnumber import number_key, numbers_agree
from policywatch.lineage.citations import references
from policywatch.model import EventKind
from tests.lineage.test_moved_relations import Site

TITLE = "南湖市城市道路挖掘管理办法"
OLD = f"{TITLE}\n（2015年8月20日南湖市人民政府令第20号公布）\n第一条 为了加强城市道路挖掘管理，制定本办法。"
NEW = (f"{TITLE}\n（2024年3月1日南湖市人民政府令第45号公布）\n第一条 为了规范城市道路挖掘管理，制定本办法。\n"
       f"第三十条 本办法自2024年5月1日起施行。2015年8月20日市人民政府令第20号公布的《{TITLE}》同时废止。")
REPEAL = "南湖市人民政府关于废止部分政府规章的决定"
REPEAL_BODY = (f"{REPEAL}\n经清理，市人民政府决定废止下列规章：\n一、南湖市户外广告设置管理办法（市政府令第12号）。\n"
               "二、南湖市人民政府令第31号。\n本决定自公布之日起施行。")


def test_an_order_number_is_a_key_whatever_its_spelling() -> None:
    assert number_key("南湖市人民政府令 第２０号") == number_key("南湖市政府令第20号") == "南湖市政府令第20号"
    assert number_key("中华人民共和国国务院令第694号") == number_key("国务院令第694号")
    assert number_key("商务部令2019年第1号") != number_key("商务部令第1号")
    # cited without its place: the citing document's place, else any place's of that level
    assert number_key("省政府令第114号", "山东省人民政府办公厅") == "山东省政府令第114号"
    assert numbers_agree("省政府令第114号", "山东省政府令第114号")
    assert not numbers_agree(number_key("省政府令第114号", "江西省人民政府"), "山东省政府令第114号")
    assert number_key("日照市人民政府令第5号") == "日照市政府令第5号"  # 日 of a place, not of a date
    # the order's number before the title it published belongs to that title
    [ref] = references(f"2015年8月20日市人民政府令第20号公布的《{TITLE}》同时废止")
    assert (ref.title, ref.doc_number) == (TITLE, "市政府令第20号")


def test_a_page_keeps_its_order_number() -> None:
    assert from_labels("发文字号：南湖市人民政府令 第3号").doc_number == "南湖市人民政府令第3号"
    assert from_text("山东省信访规定\n省政府令第114号\n第一条 为了规范信访工作，制定本规定。").doc_number == "省政府令第114号"


@pytest.mark.parametrize("new_first", [False, True])
def test_a_successor_of_the_same_title_repeals_its_predecessor_by_order_number(new_first: bool) -> None:
    site = Site()
    pages = [("http://www.nanhu.test/2015/20.html", OLD, "南湖市人民政府令第20号", "2015-08-20"),
             ("http://www.nanhu.test/2024/45.html", NEW, "南湖市人民政府令第45号", "2024-03-01")]
    ids = [site.put("city", url, text, title=TITLE, doc_number=number, issuer="南湖市人民政府", published_date=date)
           for url, text, number, date in (pages[::-1] if new_first else pages)]
    old, new = ids[::-1] if new_first else ids
    # before: the cited title is the successor's own, so the citation was taken for itself: no relation
    assert {(r.subject.id, r.kind.value, r.target.id, r.effect) for r in site.store.relations()} == {
        (new, "supersedes", old, "废止")}
    assert site.store.document(old).metadata.validity == "废止"  # type: ignore[union-attr]
    assert (new, old) in site.announced(EventKind.SUPERSEDES)


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_repeal_decision_names_rules_by_their_order_numbers(order: tuple[int, ...]) -> None:
    site = Site()
    pages = [
        ("http://www.nanhu.test/2024/50.html", REPEAL_BODY, REPEAL, "南湖市人民政府令第50号", "2024-06-01"),
        # listed under another title than its own: its number names it
        ("http://www.nanhu.test/2010/12.html", "南湖市户外广告管理规定\n第一条 为了规范户外广告，制定本规定。",
         "南湖市户外广告管理规定", "南湖市人民政府令第12号", "2010-01-01"),
        # listed by its number alone
        ("http://www.nanhu.test/2012/31.html", "南湖市燃气管理办法\n第一条 为了加强燃气管理，制定本办法。",
         "南湖市燃气管理办法", "南湖市人民政府令 第31号", "2012-01-01"),
    ]
    ids = {}
    for i in order:
        url, text, title, number, date = pages[i]
        ids[i] = site.put("city", url, text, title=title, doc_number=number, issuer="南湖市人民政府", published_date=date)
    found = {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}
    assert found == {(ids[0], "repeals", ids[1]), (ids[0], "repeals", ids[2])}


def test_a_rule_citing_its_own_order_number_names_nothing() -> None:
    site = Site()
    site.put("city", "http://www.nanhu.test/2024/45.html", NEW.replace("同时废止", "同时施行"), title=TITLE,
             doc_number="南湖市人民政府令第45号", issuer="南湖市人民政府", published_date="2024-03-01")
    site.put("city", "http://www.nanhu.test/2024/46.html",
             "南湖市物业管理办法\n（2024年3月2日南湖市人民政府令第46号公布）\n第四十条 本办法（市政府令第46号）自2024年5月1日起施行。",
             title="南湖市物业管理办法", doc_number="南湖市人民政府令第46号", issuer="南湖市人民政府",
             published_date="2024-03-02")
    assert [(r.kind.value, r.target.doc_number) for r in site.store.relations()
            if r.subject.id == 2 and r.kind.value != "related"] == []


@pytest.mark.parametrize("head", [["南湖市人民政府令", "第3号"], ["南湖市人民政府令", "第 ３ 号"],
                                  ["南湖市人民政府令 第3号"]])
def test_an_order_number_printed_over_two_rows_is_the_documents_number(head: list[str]) -> None:
    # a PDF and many pages print an order's heading as `南湖市人民政府令` ⏎ `第3号`: the number is the
    # document's 发文字号 whichever way it is printed
    from policywatch.extract import extract
    from tests.govsite import make_pdf

    title = "南湖市城市绿化管理办法"
    body = [f"《{title}》已经2024年3月1日市人民政府第9次常务会议通过，现予公布。", title,
            "第一条 为了加强城市绿化管理，制定本办法。"]
    pdf = extract(make_pdf([*head, *body]), url="http://www.nanhu.test/ling3.pdf", content_type="application/pdf")
    html = "".join(f"<p>{row}</p>" for row in [*head, *body])
    page = extract(f"<html><body><div class='article'>{html}</div></body></html>".encode(),
                   url="http://www.nanhu.test/ling3.html", content_type="text/html")
    for doc in (pdf, page):
        assert doc.metadata.doc_number == "南湖市人民政府令第3号"
        assert number_key(doc.metadata.doc_number) == "南湖市政府令第3号"


def test_only_a_row_continuing_an_order_number_joins_it() -> None:
    # a title above a whole number is no part of it; a yearly series splits before its year
    assert from_text("山东省信访规定\n省政府令第114号\n第一条 为了规范信访工作。").doc_number == "省政府令第114号"
    assert from_text("商务部令\n2019年第1号\n第一条 为了规范。").doc_number == "商务部令2019年第1号"


def test_an_order_number_cited_without_its_place_names_an_order_only_one_place_has() -> None:
    """`省政府令第114号` in a document whose place is unknown: 山东's order of that number if only
    山东's is known; with 江苏's 第114号 known too, it names neither (two documents, not copies)."""
    from policywatch.lineage import LineageDoc, detect
    from policywatch.model import DocKey

    def rule(doc_id: int, place: str, title: str) -> LineageDoc:
        return LineageDoc(key=DocKey(id=doc_id, title=title, doc_number=f"{place}人民政府令第114号"),
                          issuer=f"{place}人民政府", date="2016-01-01", text=f"{title}\n第一条 为了规范管理，制定本规定。\n")

    shandong, jiangsu = rule(1, "山东省", "山东省信访规定"), rule(2, "江苏省", "江苏省物业管理规定")
    decision = LineageDoc(key=DocKey(id=3, title="关于废止部分规章的决定"), date="2024-01-01",
                          text="关于废止部分规章的决定\n决定废止下列规章：\n一、省政府令第114号。\n本决定自公布之日起施行。\n")
    assert {r.target.id for r in detect(decision, [shandong]) if r.target.id} == {1}
    assert {r.target.id for r in detect(decision, [shandong, jiangsu]) if r.target.id} == set()
