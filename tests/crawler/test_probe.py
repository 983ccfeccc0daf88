"""probe: what policywatch would do with one listing or document URL, for each test-site style."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.probe import probe
from policywatch.demo.server import LoopbackSite
from tests import govsite
from tests.govsite import fetch_page


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackSite]:
    with govsite.serve() as served:
        yield served


def run(site: LoopbackSite, path: str, profile: str, listing: str = "/trs/zcwj/index.html", **kw):
    source = SourceConfig(name="probe", listing_urls=(site.url(listing),), profile=profile, **kw)
    return probe(site.url(path), source=source, fetch_page=fetch_page)


def test_trs_listing(site):
    report = run(site, "/trs/zcwj/index.html", "trs")
    assert report.kind == "listing" and report.outcome == "ok" and report.encoding == "utf-8"
    assert len(report.links) == 4 and not report.listing_complete
    text = report.render_text()
    assert "4 document link(s)" in text and "t20190703_101.html" in text and "2019-07-03" in text


def test_hanweb_listing_not_declared_as_a_listing_url(site):
    report = run(site, "/hanweb/col/col1001/index.html", "hanweb")
    assert report.kind == "listing" and len(report.links) == 45
    assert report.pages[1].startswith("POST ") and "startrecord=1&endrecord=45" in report.pages[1]
    assert "read:      POST" in report.render_text()


def test_json_listing(site):
    report = run(site, "/api/zcwj?page=0", "json", listing="/api/zcwj?page=0", json_items="data.list")
    assert report.kind == "listing" and len(report.links) == 2


def test_javascript_listing_reports_unsupported(site):
    report = run(site, "/jsonly/index.html", "generic", listing="/jsonly/index.html")
    assert report.kind == "listing" and report.unsupported
    assert "UNSUPPORTED" in report.render_text() and "JavaScript" in report.render_text()


def test_gbk_document_shows_encoding_metadata_and_first_lines(site):
    report = run(site, "/trs/zcwj/202307/t20230705_102.html", "trs")
    assert report.kind == "document" and report.format == "html"
    assert report.encoding == "gb18030"
    assert report.metadata.doc_number == "宜政办发〔2023〕22号" and report.metadata.validity == "有效"
    assert report.first_lines[0] == "宜政办发〔2023〕22号"
    text = report.render_text()
    assert "doc_number      宜政办发〔2023〕22号" in text and "| 宜政办发〔2023〕22号" in text


def test_stub_document_shows_its_attachments(site):
    report = run(site, "/trs/zcwj/201805/t20180511_104.html", "trs")
    assert report.kind == "document" and report.is_stub and len(report.attachments) == 3
    assert "STUB" in report.render_text() and "downloadfile.jsp" in report.render_text()


def test_scanned_pdf_needs_ocr(site):
    report = run(site, "/files/scan.pdf", "generic")
    assert report.format == "pdf" and report.needs_ocr and "NEEDS OCR" in report.render_text()


def test_missing_page_reports_the_outcome_only(site):
    report = run(site, "/trs/zcwj/404.html", "trs")
    assert report.outcome == "not_found" and report.status == 404 and "not_found" in report.render_text()


def test_probe_stores_and_requests_nothing_beyond_the_page(site):
    before = len(site.requests)
    run(site, "/trs/zcwj/202212/t20221220_103.html", "trs")
    assert len(site.requests) - before == 1
