"""A list template opening each document by script from a data- attribute (<a href="javascript:;"
data-url="…">, jQuery and Vue list templates): the URL is there, so the document is listed. A
data- attribute that is no URL (data-id="7", data-toggle="tab") makes no link."""

from __future__ import annotations

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from tests import traps
from tests.govsite import fetch_page


def test_links_kept_in_data_attributes_are_listed() -> None:
    first, second = traps.DOCS
    rows = (f'<li><a href="javascript:;" class="open" data-url="{first}">{traps.DOCS[first][0]}</a><span>2024-01-05</span></li>'
            f'<li><a href="#" data-href=".{second.removeprefix("/zcwj")}" data-id="102">{traps.DOCS[second][0]}</a>'
            "<span>2024-01-08</span></li>"
            '<li><a href="javascript:;" data-id="7" data-toggle="tab">关于征求意见稿的公开征求意见的公告</a></li>')
    page = traps.page("政策文件", f'<ul class="list">{rows}</ul>')
    with LoopbackSite(routes={"/zcwj/index.html": Response(body=page, headers=traps.HTML)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile="trs", allow_private=True)
        found = discover(source, fetch_page, max_pages=1)
        base = site.base_url
    assert [(r.url, r.listed_date) for r in found.refs] == [(base + first, "2024-01-05"), (base + second, "2024-01-08")]


def test_a_card_s_picture_attribute_is_no_link() -> None:
    """Cards with a thumbnail keep it in a data- attribute before the link (data-img, data-thumb):
    the link is data-url/data-href by name, and a picture is never taken for the document."""
    first, second = traps.DOCS
    rows = (f'<li><a href="javascript:;" data-img="/images/2024/thumb1.jpg" data-url="{first}">{traps.DOCS[first][0]}</a>'
            "<span>2024-01-05</span></li>"
            f'<li><a href="javascript:;" data-thumb="/uploads/pic/2.png" data-href="{second}">{traps.DOCS[second][0]}</a>'
            "<span>2024-01-08</span></li>"
            '<li><a href="javascript:;" data-poster="/uploads/2024/cover.html" data-bg="/images/a.gif">专题图片</a></li>')
    page = traps.page("政策文件", f'<ul class="list">{rows}</ul>')
    for profile in ("trs", "generic"):
        with LoopbackSite(routes={"/zcwj/index.html": Response(body=page, headers=traps.HTML)}) as site:
            source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile=profile,
                                  allow_private=True)
            found = discover(source, fetch_page, max_pages=1)
            base = site.base_url
        assert [r.url for r in found.refs] == [base + first, base + second], (profile, found.error)


def test_a_data_attribute_is_media_only_by_a_whole_word_of_its_name() -> None:
    """data-topic-url holds "pic" inside "topic" but names no picture: its link is the card's."""
    first, _ = traps.DOCS
    rows = f'<li><a href="javascript:;" data-topic-url="{first}">{traps.DOCS[first][0]}</a><span>2024-01-05</span></li>'
    page = traps.page("政策文件", f'<ul class="list">{rows}</ul>')
    with LoopbackSite(routes={"/zcwj/index.html": Response(body=page, headers=traps.HTML)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile="generic", allow_private=True)
        found = discover(source, fetch_page, max_pages=1)
        base = site.base_url
    assert [r.url for r in found.refs] == [base + first], found.error
