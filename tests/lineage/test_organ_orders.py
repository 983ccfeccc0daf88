"""An order cited by an organ's word alone (`部令第1号` in a ministry's document) is that ministry's
order: the relation reaches it, stored before or after the document citing it; a district's order cited
without its place (`区政府令`) is never an autonomous region's."""

from __future__ import annotations

import pytest

from tests.lineage.test_moved_relations import Site

TITLE = "电信业务经营许可管理办法"
OLD = f"{TITLE}\n工业和信息化部令第1号\n第一条 为了加强电信业务经营许可管理，制定本办法。"
NEW_TITLE = "电信业务经营许可管理办法（2024年）"
NEW = (f"{NEW_TITLE}\n工业和信息化部令第9号\n第一条 为了规范电信业务经营许可管理，制定本办法。\n"
       f"第五十条 本办法自2024年5月1日起施行。部令第1号公布的《{TITLE}》同时废止。")


@pytest.mark.parametrize("new_first", [False, True])
def test_a_ministrys_order_cited_as_bu_ling_is_its_own(new_first: bool) -> None:
    site = Site()
    pages = [("http://www.miit.test/2009/1.html", OLD, TITLE, "工业和信息化部令第1号", "2009-03-01"),
             ("http://www.miit.test/2024/9.html", NEW, NEW_TITLE, "工业和信息化部令第9号", "2024-03-01")]
    ids = [site.put("city", url, text, title=title, doc_number=number, issuer="工业和信息化部", published_date=date)
           for url, text, title, number, date in (pages[::-1] if new_first else pages)]
    old, new = ids[::-1] if new_first else ids
    assert (new, "supersedes", old) in {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}


def test_a_districts_order_cited_without_its_place_never_names_an_autonomous_regions() -> None:
    from policywatch.lineage import Catalog, LineageDoc
    from policywatch.lineage.citations import Reference
    from policywatch.model import DocKey

    region = LineageDoc(key=DocKey(1, "http://gx.test/3.html", "广西壮族自治区某某管理办法", "广西壮族自治区人民政府令第3号"),
                        issuer="广西壮族自治区人民政府")
    district = LineageDoc(key=DocKey(2, "http://qh.test/3.html", "清河区某某管理办法", "南湖市清河区人民政府令第3号"),
                          issuer="南湖市清河区人民政府")
    citing = LineageDoc(key=DocKey(3, "http://x.test/n.html", "关于某某的通知"), issuer="某某协会")
    ref = Reference(doc_number="区政府令第3号")
    assert Catalog([region]).resolve(ref, citing=citing) == (None, "")
    hit, method = Catalog([region, district]).resolve(ref, citing=citing)
    assert hit is district and method == "doc_number"
    assert Catalog([region]).resolve(Reference(doc_number="自治区政府令第3号"), citing=citing)[0] is region
