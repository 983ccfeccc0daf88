"""A local organ's 公告 series number written as the organ writes it (浙江省市场监督管理局公告2020年第5号,
上海市财政局公告2021年第2号) is a citation after the organ's name — any organ's name ending with an organ's
word (grammar/organs, the one vocabulary) and opening with a place's or a known organ's name — not only
after the national organs that number their 公告 so (SERIES_ORGANS)."""

from __future__ import annotations

import pytest

from policywatch.extract.metadata import from_text
from policywatch.grammar.docnumber import find_doc_numbers, number_key
from policywatch.lineage import LineageDoc, detect
from policywatch.model import DocKey, RelationKind


@pytest.mark.parametrize(("sentence", "cited"), [
    ("根据浙江省市场监督管理局公告2020年第5号规定，", ["浙江省市场监督管理局公告〔2020〕5号"]),
    ("严格执行上海市财政局公告2021年第2号。", ["上海市财政局公告〔2021〕2号"]),
    ("请遵照执行杭州市市场监督管理局公告2020年第5号", ["杭州市市场监督管理局公告〔2020〕5号"]),
    ("根据《X办法》和浙江省财政厅公告2020年第3号", ["浙江省财政厅公告〔2020〕3号"]),
    # the numbers listed after one are its organ's too
    ("岚江市财政局公告2021年第2号和2022年第1号同时废止", ["岚江市财政局公告〔2021〕2号", "岚江市财政局公告〔2022〕1号"]),
    ("国家税务总局岚江市税务局公告2024年第1号", ["国家税务总局岚江市税务局公告〔2024〕1号"]),
    # the sentence's words before the organ's place are no part of its name
    ("此前岚江市住房公积金管理中心公告2020年第5号", ["岚江市住房公积金管理中心公告〔2020〕5号"]),
    ("本办法由岚江市财政局公告2019年第1号", ["岚江市财政局公告〔2019〕1号"]),
    # a place's name opening with a preposition's character keeps it
    ("根据于都县财政局公告2021年第2号", ["于都县财政局公告〔2021〕2号"]),
    # bracketed as a 文号 too, the sentence's discourse words before the organ are no part of it
    # (grammar/organs.organ_start), a place's name opening with such a word (原平市) keeps it
    ("此前岚江市财政局公告〔2020〕5号规定的限额同时废止", ["岚江市财政局公告〔2020〕5号"]),
    ("同时岚江市财政局公告〔2020〕5号不再执行", ["岚江市财政局公告〔2020〕5号"]),
    ("此外，目前岚江市住房公积金管理中心通告〔2021〕3号", ["岚江市住房公积金管理中心通告〔2021〕3号"]),
    ("以往原岚江市财政局公告〔2019〕2号", ["岚江市财政局公告〔2019〕2号"]),
    ("原平市财政局公告〔2020〕5号", ["原平市财政局公告〔2020〕5号"]),
    # an organ whose name goes on with 市/县 (市场监督管理局): without 原 the place read is 平市市, 阳县市,
    # no place less its 原 — 原平, 原阳 are the places
    ("另外原平市市场监督管理局公告2021年第3号", ["原平市市场监督管理局公告〔2021〕3号"]),
    ("同时原阳县市场监督管理局公告2021年第3号", ["原阳县市场监督管理局公告〔2021〕3号"]),
    ("此前原州区财政局公告〔2020〕5号", ["原州区财政局公告〔2020〕5号"]),
    # and with no discourse word before it: the 文号 grammar asks the same rule (grammar/organs.opens_place)
    ("原平市市场监督管理局公告〔2021〕3号", ["原平市市场监督管理局公告〔2021〕3号"]),
    ("执行原平市市场监督管理局公告〔2021〕3号", ["原平市市场监督管理局公告〔2021〕3号"]),
    ("根据原阳县市场监督管理局公告2021年第3号", ["原阳县市场监督管理局公告〔2021〕3号"]),
    ("根据原州区市场监督管理局公告〔2021〕3号", ["原州区市场监督管理局公告〔2021〕3号"]),
    ("根据原岚江市财政局公告〔2020〕5号", ["岚江市财政局公告〔2020〕5号"]),
    ("此前国家税务总局公告〔2018〕28号规定", ["国家税务总局公告〔2018〕28号"]),
])
def test_a_local_organs_series_number_is_read(sentence: str, cited: list[str]) -> None:
    assert [str(n) for n, _, _ in find_doc_numbers(sentence)] == cited


@pytest.mark.parametrize("sentence", [
    "根据本局公告2019年第1号",  # the citing organ's own: no name
    "现将市财政局公告2019年第1号",  # a level word and no place: whose city?
    "特此公告2019年第1号",
    "本办法由市财政局 公告2019年第1号",
    "本办法由市财政局公告2019年第1号",  # 由 brings the organ: 市财政局, no place
])
def test_no_organ_named_no_series_number(sentence: str) -> None:
    assert find_doc_numbers(sentence) == []


def test_a_local_series_number_names_the_stored_notice() -> None:
    page = from_text("浙江省市场监督管理局公告2020年第5号\n浙江省市场监督管理局关于调整特种设备检验收费的公告\n"
                     "现将有关事项公告如下：\n一、……\n浙江省市场监督管理局\n2020年3月1日\n")
    assert number_key(page.doc_number) == "浙江省市场监督管理局公告〔2020〕5号"
    notice = LineageDoc(DocKey(id=1, url="http://t.test/1.html", title=page.title, doc_number=page.doc_number),
                        issuer=page.issuer, date="2020-03-01")
    city = LineageDoc(DocKey(id=2, url="http://t.test/2.html", title="杭州市市场监督管理局关于做好特种设备检验工作的通知",
                             doc_number="杭市管〔2020〕9号"), issuer="杭州市市场监督管理局", date="2020-04-01",
                      text="一、严格执行浙江省市场监督管理局公告2020年第5号有关收费的规定。")
    assert [(r.kind, r.target.id) for r in detect(city, [notice])] == [(RelationKind.CITES, 1)]


@pytest.mark.parametrize(("text", "kind"), [
    ("一、此前岚江市财政局公告2020年第5号的规定继续执行。", RelationKind.CITES),
    # bracketed, after a time word: the notice is named, and ended
    ("一、本公告自发布之日起施行，此前岚江市财政局公告〔2020〕5号同时废止。", RelationKind.SUPERSEDES),
])
def test_a_series_number_after_a_time_word_names_the_stored_notice(text: str, kind: RelationKind) -> None:
    notice = LineageDoc(DocKey(id=1, url="http://t.test/1.html", title="岚江市财政局关于政府采购限额标准的公告",
                               doc_number="岚江市财政局公告〔2020〕5号"), issuer="岚江市财政局", date="2020-03-01")
    later = LineageDoc(DocKey(id=2, url="http://t.test/2.html", title="岚江市财政局关于调整政府采购限额标准的公告",
                              doc_number="岚江市财政局公告〔2024〕1号"), issuer="岚江市财政局", date="2024-01-01",
                       text=text)
    assert [(r.kind, r.target.id) for r in detect(later, [notice])] == [(kind, 1)]
