"""A 文号 named alone outside a basis clause (严格执行国家税务总局公告2024年第5号) is a citation whichever
of the two documents was stored first: kept as a reference until its target is stored, as every other
reference is, not read only when the target was already there."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey, RelationKind
from tests.lineage import unseen_set

CITING, CITED = "k04_lj_tax_notice_2024", "k02_sat_invoice_2024"


@pytest.mark.parametrize("first", [(CITING, CITED), (CITED, CITING)])
def test_a_bare_number_cites_in_either_order(tmp_path: Path, first: tuple[str, str]) -> None:
    outcome = unseen_set.run(tmp_path, data=unseen_set.DATA6, first=first)
    assert (CITING, "cites", CITED) in outcome.relations


def test_a_bare_number_not_stored_is_kept_as_a_reference() -> None:
    doc = LineageDoc(DocKey(id=1, url="http://t.test/1.html", title="乙市税务局关于做好发票工作的通知",
                            doc_number="乙税发〔2024〕3号"), issuer="国家税务总局乙市税务局",
                     text="一、严格执行国家税务总局公告2024年第5号有关发票管理的规定。")
    cites = [r.target for r in detect(doc, []) if r.kind is RelationKind.CITES]
    assert [(t.id, t.doc_number) for t in cites] == [(None, "国家税务总局公告〔2024〕5号")]


def test_a_number_in_no_sentence_of_citation_is_still_no_title() -> None:
    # a law named by its title alone stays unkept: only a number (or a title with its number) is
    # precise enough to wait for
    doc = LineageDoc(DocKey(id=1, url="http://t.test/1.html", title="乙市关于做好安全生产工作的通知",
                            doc_number="乙政发〔2024〕3号"), issuer="乙市人民政府",
                     text="一、认真执行《中华人民共和国安全生产法》有关规定。")
    assert [r for r in detect(doc, []) if r.kind is RelationKind.CITES] == []


def test_a_texts_own_number_is_no_reference() -> None:
    # a decision published by order, its metadata without the number: its note names its own order;
    # a 规章 and a notice designate themselves by their numbers (本办法（…）, 本措施（…）)
    for text in ("（2024年6月18日宁川市人民政府令第58号公布　自2024年8月1日起施行）\n一、将第五条修改为：“……”",
                 "第四十条 本办法（市政府令第45号）自2024年5月1日起施行。",
                 "本措施（甲政发［2024］8号）自印发之日起施行。"):
        doc = LineageDoc(DocKey(id=1, url="http://t.test/1.html", title="宁川市物业管理办法"), issuer="宁川市人民政府",
                         text=text)
        assert [r for r in detect(doc, []) if r.kind is RelationKind.CITES] == [], text
