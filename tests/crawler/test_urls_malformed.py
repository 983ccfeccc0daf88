"""One malformed link on a listing is skipped; it never stops discovery."""

from __future__ import annotations

from bs4 import BeautifulSoup

from policywatch.config import SourceConfig
from policywatch.crawler.listing import document_links
from policywatch.crawler.profiles import profile_for
from policywatch.crawler.urls import canonicalize


def test_canonicalize_gives_empty_for_malformed_urls() -> None:
    assert canonicalize("http://gov.example:99999/a.html") == ""
    assert canonicalize("http://[::1/a.html") == ""
    assert canonicalize("/zcwj/t20240101_1.html", "http://gov.example/zcwj/") == "http://gov.example/zcwj/t20240101_1.html"


def test_a_listing_with_a_broken_link_still_yields_the_others() -> None:
    html = """<ul><li><a href="http://gov.example:99999/zcwj/t20240101_1.html">坏链接</a></li>
    <li><a href="/zcwj/t20240102_2.html">好链接</a></li></ul>"""
    source = SourceConfig(name="s", listing_urls=("http://gov.example/zcwj/index.html",), profile="trs")
    refs = document_links(BeautifulSoup(html, "lxml"), page_url="http://gov.example/zcwj/index.html",
                          source="s", hosts=source.hosts, profile=profile_for(source))
    assert [r.url for r in refs] == ["http://gov.example/zcwj/t20240102_2.html"]
