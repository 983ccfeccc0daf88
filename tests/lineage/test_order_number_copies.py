"""A document published under an order's number (`南湖市人民政府令第3号`: no year, no 文号) and
stored at two addresses is one document and its copy: what it decides is announced once."""

from __future__ import annotations

from policywatch.model import EventKind
from tests.lineage.test_moved_relations import Site

OLD = "南湖市促进人工智能产业发展若干政策"
OLD_BODY = f"{OLD}\n一、支持研发投入，最高资助1000万元。\n本政策有效期5年。"
REPEAL = "南湖市人民政府关于废止《南湖市促进人工智能产业发展若干政策》的决定"
REPEAL_BODY = f"{REPEAL}\n经研究，决定废止《{OLD}》（南府〔2019〕12号）。\n本决定自公布之日起施行。"


def test_a_repeal_under_an_order_number_stored_twice_is_announced_once() -> None:
    site = Site()
    old = site.put("city", "http://www.nanhu.test/2019/12.html", OLD_BODY, title=OLD, doc_number="南府〔2019〕12号",
                   issuer="南湖市人民政府", published_date="2019-05-20", validity="现行有效")
    site.next_run()
    copy = site.put("district", "http://qinghe.nanhu.test/2024/1.html", REPEAL_BODY, title=REPEAL,
                    doc_number="南湖市人民政府令第3号", issuer="南湖市人民政府", published_date="2024-01-05")
    own = site.put("city", "http://www.nanhu.test/2024/1.html", REPEAL_BODY, title=REPEAL,
                   doc_number="南湖市人民政府令 第3号", issuer="南湖市人民政府", published_date="2024-01-05")
    assert site.announced(EventKind.REPEALS) == [(copy, old)]  # before: (own, old) a second time
    relations = {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}
    # one of the two is the other's copy (which, the evidence decides: the same issuer and day here),
    # and one repeal stands
    assert relations & {(copy, "duplicate_of", own), (own, "duplicate_of", copy)}
    assert len([r for r in relations if r[1] == "repeals"]) == 1


def test_the_same_order_number_under_another_title_is_another_document() -> None:
    site = Site()
    first = site.put("city", "http://www.nanhu.test/2024/1.html", REPEAL_BODY, title=REPEAL,
                     doc_number="南湖市人民政府令第3号", issuer="南湖市人民政府", published_date="2024-01-05")
    other = site.put("city", "http://www.nanhu.test/2024/2.html", "南湖市物业管理办法\n第一条 为了规范物业管理，制定本办法。",
                     title="南湖市物业管理办法", doc_number="南湖市人民政府令第3号", issuer="南湖市人民政府",
                     published_date="2024-01-05")
    kinds = {(r.subject.id, r.kind.value, r.target.id) for r in site.store.relations()}
    assert not any(kind == "duplicate_of" and {a, b} == {first, other} for a, kind, b in kinds)
