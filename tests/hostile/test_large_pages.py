"""An HTML page over LARGE_PAGE_CHARS is read in the bounded child, like an attachment.

A big table page (a funding list of 20,000 rows) costs bs4 seconds and hundreds of MB; a hostile
one of 200,000 rows most of a minute and over a GB. In the child, the memory limit and the
source's deadline bound it, and the page's extraction rules and attachment links survive the trip.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policywatch import extract
from policywatch.config import ExtractSettings
from policywatch.demo import LoopbackSite
from policywatch.extract import sandbox
from policywatch.extract.html import extract_html
from policywatch.extract.rules import ExtractRules
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.test_attachments_pipeline import RULES, make_site, pdf_bytes, settings


@pytest.fixture(autouse=True)
def _fresh_child():
    sandbox.shutdown()
    yield
    sandbox.shutdown()


def table_page(rows: int) -> str:
    cells = "".join(f"<tr><td>{i}</td><td>宁川某某科技有限公司{i}</td><td>人工智能项目</td><td>{i % 900 + 10}万元</td></tr>"
                    for i in range(rows))
    return ("<html><head><meta charset='utf-8'><title>资助名单公示_宁川市科学技术局</title></head><body>"
            "<div class='nav'>首页 > 通知公告</div>"
            "<div class='TRS_Editor'><h1>2024年度人工智能产业资助名单公示</h1><p>现将资助名单公示如下：</p>"
            "<p class='share'>分享到：微信</p>"
            f"<table>{cells}</table>"
            "<p><a href='/files/名单.xlsx'>附件：资助名单.xlsx</a></p></div>"
            "<div class='footer'>主办单位：宁川市科学技术局</div></body></html>")


def test_a_large_page_is_read_in_the_child_with_its_rules_and_links(monkeypatch: pytest.MonkeyPatch) -> None:
    page = table_page(300)
    monkeypatch.setattr(extract, "LARGE_PAGE_CHARS", len(page) // 2)
    rules = ExtractRules(ignore_selectors=(".share",), ignore_patterns=(r"人工智能项目",))
    url = "http://kjj.ningchuan.gov.cn/tzgg/t20240301_1.html"
    document = extract.extract(page.encode("utf-8"), url=url, content_type="text/html; charset=utf-8", rules=rules)
    assert sandbox.child_pids(), "the page went to the child"
    assert document == extract_html(page, url=url, rules=rules)  # the same reading as in the parent
    assert [link.url for link in document.attachments] == ["http://kjj.ningchuan.gov.cn/files/名单.xlsx"]
    assert "分享到" not in document.text and "人工智能项目" not in document.text  # both rules applied
    assert "宁川某某科技有限公司299" in document.text


def test_an_ordinary_page_is_read_in_the_parent() -> None:
    page = table_page(30)
    document = extract.extract(page.encode("utf-8"), url="http://kjj.ningchuan.gov.cn/a.html")
    assert "宁川某某科技有限公司29" in document.text
    assert not sandbox.child_pids(), "no process hop for an ordinary page"


def test_the_sources_deadline_ends_a_large_page(monkeypatch: pytest.MonkeyPatch) -> None:
    page = table_page(40_000)  # ~5 MB: seconds of parsing
    started = time.monotonic()
    with sandbox.time_limit(started + 0.5), pytest.raises(extract.ExtractInterrupted, match="source_timeout"):
        extract.extract(page.encode("utf-8"), url="http://kjj.ningchuan.gov.cn/big.html")
    assert time.monotonic() - started < 3


@pytest.mark.slow
def test_a_huge_table_page_is_stopped_by_the_childs_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    limits = ExtractSettings(memory_mb=300, max_text_lines=10**7, max_text_bytes=10**9)
    with pytest.raises(extract.ExtractRefused, match="memory limit") as refused:
        extract.extract(table_page(60_000).encode("utf-8"), url="http://kjj.ningchuan.gov.cn/huge.html", limits=limits)
    assert refused.value.outcome == "too_large"
    assert 300 not in sandbox.child_pids(), "the child that hit its limit is not reused"
    # the next large page is read by a fresh child
    page = table_page(300)
    monkeypatch.setattr(extract, "LARGE_PAGE_CHARS", len(page) // 2)
    document = extract.extract(page.encode("utf-8"), url="http://kjj.ningchuan.gov.cn/ok.html", limits=limits)
    assert "宁川某某科技有限公司299" in document.text and 300 in sandbox.child_pids()


def test_a_run_stores_a_large_page_read_in_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f"<tr><td>{i}</td><td>宁川某某科技有限公司{i}</td><td>{i % 900 + 10}万元</td></tr>" for i in range(400))
    body = "<p>一、资助对象</p><p>现将资助名单公示如下：</p>" + f"<table>{rows}</table>"
    root = tmp_path / "www"
    make_site(root, body=body, attachment="fj.pdf", data=pdf_bytes(RULES))
    page_file = root / "zcwj" / "202401" / "t20240105_1.html"
    monkeypatch.setattr(extract, "LARGE_PAGE_CHARS", len(page_file.read_text(encoding="utf-8")) // 2)
    kinds: list[str] = []
    bounded = sandbox.extract_bounded
    monkeypatch.setattr(sandbox, "extract_bounded", lambda body, **kw: kinds.append(kw["kind"]) or bounded(body, **kw))
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            summary = run_once(config, store, build_report_site=False, deliver=False)
            page = f"{site.base_url}/zcwj/202401/t20240105_1.html"
            record = next(d for d in store.known_documents("s") if d.url == page)
            text = store.versions(record.id)[-1].display_text
    assert not summary.errors, summary.errors
    assert kinds.count("large_html") == 1, kinds  # the page went to the child (the PDF too, as always)
    assert "宁川某某科技有限公司399" in text and "一、资助对象" in text
