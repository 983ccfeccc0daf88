"""Discovery against the loopback government site: TRS, Hanweb, JSON, generic and JS-only listings."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from policywatch.extract import extract
from policywatch.model import FetchOutcome
from tests import govsite
from tests.govsite import HANWEB_TOTAL, fetch_page


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackSite]:
    with govsite.serve() as served:
        yield served


def source(site: LoopbackSite, path: str, profile: str, **overrides) -> SourceConfig:
    return SourceConfig(name=f"test-{profile}", listing_urls=(site.url(path),), profile=profile, **overrides)


def paths(site: LoopbackSite, refs) -> list[str]:
    return [ref.url.removeprefix(site.base_url) for ref in refs]


def test_trs_listing_follows_create_page_html_to_its_last_page(site):
    found = discover(source(site, "/trs/zcwj/index.html", "trs"), fetch_page, max_pages=10)
    assert found.complete and not found.error and not found.unsupported
    assert paths(site, found.refs) == [
        "/trs/zcwj/201907/t20190703_101.html",
        "/trs/zcwj/202307/t20230705_102.html",
        "/trs/zcwj/202212/t20221220_103.html",  # fragment dropped
        "/trs/zcwj/201805/t20180511_104.html",  # utm_source dropped
        "/trs/zcwj/201703/t20170301_201.html",
        "/trs/zcwj/201612/t20161212_202.html",  # 101 again on page 2: kept once
        "/trs/zcwj/201510/t20151020_301.html",
    ]
    assert [p.url.removeprefix(site.base_url) for p in found.pages] == [
        "/trs/zcwj/index.html", "/trs/zcwj/index_1.html", "/trs/zcwj/index_2.html",
    ]
    first = found.refs[1]
    assert first.listed_title == "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知"
    assert first.listed_date == "2023-07-05"
    assert found.refs[-1].listed_date == "2015-10-20"  # "2015.10.20" in the row
    assert all(ref.source == "test-trs" for ref in found.refs)


def test_page_limit_leaves_discovery_incomplete(site):
    found = discover(source(site, "/trs/zcwj/index.html", "trs"), fetch_page, max_pages=2)
    assert len(found.pages) == 2 and len(found.refs) == 6
    assert not found.complete


def test_a_listing_that_names_too_many_documents_stops_incomplete(site, monkeypatch):
    monkeypatch.setattr(importlib.import_module("policywatch.crawler.discover"), "MAX_LISTED_DOCUMENTS", 5)
    found = discover(source(site, "/trs/zcwj/index.html", "trs"), fetch_page, max_pages=10)
    assert len(found.refs) == 5 and len(found.pages) == 2, "stopped on the page that went past the cap"
    assert not found.complete, "documents not listed this run are not taken for gone"
    assert found.error.count("more than 5 documents listed") == 1, found.error


def test_next_links_stop_at_a_stub_page_and_skip_related_links(site):
    found = discover(source(site, "/trs/tzgg/index.html", "trs"), fetch_page, max_pages=10)
    assert found.complete
    assert paths(site, found.refs) == [
        "/trs/tzgg/202401/t20240102_401.html",
        "/trs/tzgg/202312/t20231225_402.html",
        "/trs/tzgg/202311/t20231101_403.html",
    ]  # the 相关链接 block's t20230101_99.html is furniture, not the list
    assert len(found.pages) == 3  # index_2.html is the stub: read, then stop


def test_a_page_repeating_an_earlier_one_ends_index_guessing(site):
    found = discover(source(site, "/trs/rep/index.html", "trs"), fetch_page, max_pages=10)
    assert found.complete
    assert paths(site, found.refs) == ["/trs/rep/202402/t20240201_501.html"]
    assert not site.requests_to("/trs/rep/index_2.html")


def test_guessed_page_that_is_missing_ends_the_list(site):
    site.route("/trs/one/index.html", Response(body=(govsite.SITE_ROOT / "trs/rep/index.html").read_bytes(),
                                               headers={"Content-Type": "text/html"}))
    found = discover(source(site, "/trs/one/index.html", "trs"), fetch_page, max_pages=10)
    assert found.complete and not found.error
    assert [p.status for p in found.pages] == [200, 404]


def test_hanweb_dataproxy_posts_45_record_chunks_until_totalrecord(site):
    found = discover(source(site, "/hanweb/col/col1001/index.html", "hanweb"), fetch_page, max_pages=10)
    assert found.complete and not found.error
    assert len(found.refs) == HANWEB_TOTAL
    assert paths(site, found.refs)[:2] == ["/hanweb/art/2018/5/11/art_1001_5001.html",
                                           "/hanweb/art/2018/5/10/art_1001_5002.html"]
    assert found.refs[59].listed_title == "江苏省政策文件第60号" and found.refs[59].listed_date == "2018-05-09"
    posts = site.requests_to("/module/web/jpage/dataproxy.jsp")
    assert [r.method for r in posts] == ["POST", "POST"]
    ranges = [parse_qs(urlsplit(r.path).query) for r in posts]
    assert [(q["startrecord"], q["endrecord"], q["perpage"]) for q in ranges] == [
        (["1"], ["45"], ["15"]), (["46"], ["90"], ["15"]),
    ]
    form = parse_qs(posts[0].body.decode())
    assert form["columnid"] == ["1001"] and form["unitid"] == ["4321"] and form["webid"] == ["1"]


def test_json_api_with_duplicate_page_zero_and_one(site):
    src = source(site, "/api/zcwj?page=0", "json", json_items="data.list", json_date_field="publish_time")
    found = discover(src, fetch_page, max_pages=10)
    assert found.complete and not found.error
    assert paths(site, found.refs) == [
        "/gkmlpt/content/1/1001/post_1001.html",
        "/gkmlpt/content/1/1002/post_1002.html",
        "/gkmlpt/content/1/1003/post_1003.html",  # page 2: read although page 1 repeated page 0
    ]
    assert [r.listed_date for r in found.refs] == ["2024-01-01", "2023-12-31", "2023-11-15"]
    assert found.refs[0].listed_title == "关于印发人工智能产业政策的通知"
    assert len(found.pages) == 4  # pages 0, 1, 2 and the empty page 3


def test_json_api_with_page_placeholder_and_a_wrong_items_path(site):
    src = source(site, "/api/zcwj?page={page}", "json")  # items found without json_items
    found = discover(src, fetch_page, max_pages=10)
    assert len(found.refs) == 3
    wrong = discover(source(site, "/api/zcwj?page=1", "json", json_items="data.rows"), fetch_page, max_pages=3)
    assert not wrong.complete and "data.rows" in wrong.error


def test_generic_profile_keeps_article_dialects_on_allowed_hosts(site):
    found = discover(source(site, "/generic/list.html", "generic"), fetch_page, max_pages=5)
    assert found.complete
    assert paths(site, found.refs) == [
        "/generic/2018-05/11/content_5001.html",
        "/hanweb/art/2024/3/8/art_2002_9001.html",
        "/generic/202401/t20240110_77.html",
    ]  # not the other host, the 关于我们 page, the PDF or the navigation
    assert [r.listed_date for r in found.refs] == ["2018-05-11", "2024-03-08", "2024-01-10"]


def test_link_selector_without_pattern_takes_exactly_the_selected_links(site):
    found = discover(source(site, "/generic/list.html", "generic", link_selector=".news li a"), fetch_page, max_pages=1)
    assert "/generic/about.html" in paths(site, found.refs)
    assert all("example.gov.cn" not in ref.url for ref in found.refs)


def test_javascript_only_list_is_unsupported_not_empty(site):
    found = discover(source(site, "/jsonly/index.html", "generic"), fetch_page, max_pages=5)
    assert found.unsupported and not found.complete
    assert found.refs == ()
    assert "JavaScript" in found.error and "/jsonly/index.html" in found.error
    assert [p.outcome for p in found.pages] == [FetchOutcome.UNSUPPORTED]


def test_first_page_failure_is_an_error(site):
    found = discover(source(site, "/nothing/index.html", "trs"), fetch_page, max_pages=5)
    assert not found.complete and "not_found" in found.error and found.refs == ()


def test_discovered_documents_extract_cleanly(site):
    """End to end: every document found on the TRS column that exists extracts with its 文号."""
    found = discover(source(site, "/trs/zcwj/index.html", "trs"), fetch_page, max_pages=1)
    numbers = []
    for ref in found.refs:
        page = fetch_page(ref.url)
        doc = extract(page.body, url=ref.url, content_type=page.content_type, text=page.text)
        numbers.append(doc.metadata.doc_number)
        assert "浏览次数" not in doc.text and "当前位置" not in doc.text
    assert numbers == ["宁政办发〔2019〕37号", "宜政办发〔2023〕22号", "宁政发〔2022〕218号", ""]


def test_stub_page_attachments_carry_the_real_text(site):
    """A 详见附件 page: its PDF (served as octet-stream by downloadfile.jsp) and DOCX hold the text."""
    page = fetch_page(site.url("/trs/zcwj/201805/t20180511_104.html"))
    stub = extract(page.body, url=page.url, content_type=page.content_type, text=page.text)
    assert stub.is_stub
    texts = {}
    for link in stub.attachments[:2]:
        got = fetch_page(link.url)
        doc = extract(got.body, url=link.url, content_type=got.content_type)
        texts[doc.format] = doc
    assert texts["pdf"].text.splitlines() == govsite.PDF_LINES
    assert texts["pdf"].metadata.written_date == "2018-05-11"
    assert texts["docx"].metadata.doc_number == "苏经信科技〔2018〕329号"
    assert "产业规模（亿元）\t230\t1000" in texts["docx"].text.splitlines()


def test_hanweb_column_whose_dataproxy_fails_is_incomplete(site):
    site.route("/hanweb/col/col2002/index.html", Response(
        body=b"<html><body><div id='1'><script>$('#1').jpage({columnid: '2002', unitid: '1', "
             b"proxyUrl: '/missing/dataproxy.jsp'})</script></div></body></html>",
        headers={"Content-Type": "text/html"}))
    found = discover(source(site, "/hanweb/col/col2002/index.html", "hanweb"), fetch_page, max_pages=5)
    assert not found.complete and "/missing/dataproxy.jsp" in found.error and "not_found" in found.error
