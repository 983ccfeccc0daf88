"""One malformed link on a listing is skipped; it never stops discovery."""

from __future__ import annotations

import pytest
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


# a spelling seen on real servers -> the one document URL it stands for
CANONICAL = {
    # servlet URL rewriting: the session id is a path parameter
    "http://gov.example/zcwj/P020190701.pdf;jsessionid=A1B2C3D4":
        "http://gov.example/zcwj/P020190701.pdf",
    "http://gov.example/art/2019/7/1/art_1_9.html;JSESSIONID=x?id=3":
        "http://gov.example/art/2019/7/1/art_1_9.html?id=3",
    "http://gov.example/xxgk/content.jsp?id=7&PHPSESSID=k3j2":
        "http://gov.example/xxgk/content.jsp?id=7",
    "http://gov.example/xxgk/content.asp?ASPSESSIONIDQSTC=AB&id=7":
        "http://gov.example/xxgk/content.asp?id=7",
    # cache busters: an epoch time (s, ms, fractional) or Math.random() under the usual names
    "http://gov.example/zcwj/index.html?page=2&_=1704067200000":
        "http://gov.example/zcwj/index.html?page=2",
    "http://gov.example/fj.pdf?t=1704067200.5531":
        "http://gov.example/fj.pdf",
    "http://gov.example/fj.pdf?r=0.82634519":
        "http://gov.example/fj.pdf",
    # a random token under a session name (sid, sessid, session) or a cache-buster name
    "http://gov.example/art/2024/1/2/art_7_9.html?sid=9f8e7d6c5b4a39281706a5b4c3d2e1f0":
        "http://gov.example/art/2024/1/2/art_7_9.html",
    "http://gov.example/xxgk/content.jsp?id=123&sessid=Kq3ZtWm8xR2vLp7N4cJd":
        "http://gov.example/xxgk/content.jsp?id=123",
    "http://gov.example/zcwj/index.html?r=5f3a9c1e&_dc=1704067200000":
        "http://gov.example/zcwj/index.html",
    "http://gov.example/zcwj/t20240102_1.html?timestamp=20240102113000&_t=x":
        "http://gov.example/zcwj/t20240102_1.html",
}


@pytest.mark.parametrize(("url", "canonical"), CANONICAL.items())
def test_session_ids_and_cache_busters_are_not_part_of_a_url(url: str, canonical: str) -> None:
    assert canonicalize(url) == canonical


@pytest.mark.parametrize("url", [
    "http://gov.example/list.jsp?t=3&id=5",  # t as a type, not a time
    "http://gov.example/list.jsp?v=2&id=5",
    "http://gov.example/list.jsp?time=2024&id=5",  # a year
    "http://gov.example/content.jsp?id=1704067200",  # a long id under another name is an id
    "http://gov.example/gkmlpt/api/all/5?page=2&sid=755047",  # gkmlpt's sid is the site's id
    "http://gov.example/list.jsp?sid=zwgk_zcwj",  # a channel name, not a token
    "http://gov.example/content.jsp?id=5f3a9c1e77d04b2a9c1e",  # a random-looking id is still an id
    "http://gov.example/content.jsp?guid=9f8e7d6c-5b4a-3928-1706-a5b4c3d2e1f0",  # Hanweb's document uuid
])
def test_parameters_that_look_alike_but_select_a_document_are_kept(url: str) -> None:
    assert canonicalize(url) == url
