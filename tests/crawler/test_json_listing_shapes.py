"""JSON list APIs as government sites write them: records serialised twice (a Java service's
{"code": 200, "data": "{\\"list\\": […]}"}), URLs kept as HTML (content.jsp?id=1&amp;cat=2) and
titles as a search API marks them (<em>人工智能</em>)."""

from __future__ import annotations

import json

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from tests.govsite import fetch_page

ROWS = [{"url": f"/xxgk/content.jsp?id={n}&amp;catid=12", "title": f"关于印发<em>人工智能</em>产业发展若干措施的通知（第{n}批）",
         "pubDate": "2024-01-05 10:00:00"} for n in (101, 102)]


@pytest.mark.parametrize("json_items", ["", "data.list"])
def test_records_serialised_twice_escaped_urls_and_marked_titles(json_items: str) -> None:
    answer = {"code": 200, "msg": "success", "data": json.dumps({"total": 2, "list": ROWS}, ensure_ascii=False)}
    with LoopbackSite(routes={"/api/xxgk/list": Response(body=json.dumps(answer, ensure_ascii=False).encode(),
                                                         headers={"Content-Type": "application/json"})}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/xxgk/list?page=1"),), profile="json",
                              json_items=json_items, allow_private=True)
        found = discover(source, fetch_page, max_pages=1)
        base = site.base_url
    assert [(r.url, r.listed_title, r.listed_date) for r in found.refs] == [
        (f"{base}/xxgk/content.jsp?id={n}&catid=12", f"关于印发人工智能产业发展若干措施的通知（第{n}批）", "2024-01-05")
        for n in (101, 102)], found.error


def _discover(rows: list[dict], **profile: str) -> tuple[list[tuple[str, str]], str, str]:
    """(path and title of each document found, the listing's error, the site's base URL)."""
    answer = {"code": 0, "data": {"list": rows}}
    with LoopbackSite(routes={"/api/list": Response(body=json.dumps(answer, ensure_ascii=False).encode(),
                                                    headers={"Content-Type": "application/json"})}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/list?page=1"),), profile="json",
                              json_items="data.list", allow_private=True, **profile)
        found = discover(source, fetch_page, max_pages=1)
        return [(r.url.removeprefix(site.base_url), r.listed_title) for r in found.refs], found.error or "", site.base_url


def test_a_title_s_less_and_greater_signs_are_no_markup() -> None:
    """年收入<6万元且家庭资产>50万元 is a title's text: only a tag (a name after < or </) is markup."""
    title = "关于调整年收入<6万元且家庭资产>50万元家庭认定标准的通知"
    found, error, _ = _discover([{"url": "/xxgk/2024/t20240105_1.html", "title": title, "pubDate": "2024-01-05"},
                                 {"url": "/xxgk/2024/t20240106_2.html", "title": "关于印发<em>某某</em>办法的通知",
                                  "pubDate": "2024-01-06"}])
    assert [t for _, t in found] == [title, "关于印发某某办法的通知"], error


def test_a_url_template_keeps_the_field_s_own_url_syntax() -> None:
    """A template field holding a path with its query (t1.html?id=3) or already percent-encoded
    (%E6%94%BF) is put in as it is; only what a URL cannot hold (a space, Chinese) is encoded."""
    rows = [{"path": "2024/01/t1.html?id=3&cat=2", "title": "甲", "pubDate": "2024-01-05"},
            {"path": "2024/01/%E6%94%BF%E7%AD%96.html", "title": "乙", "pubDate": "2024-01-06"},
            {"path": "2024/01/政策 文件.html", "title": "丙", "pubDate": "2024-01-07"}]
    found, error, _ = _discover(rows, json_url_template="/art/{path}")
    # (canonical URLs show Chinese as it is read)
    assert [p for p, _ in found] == ["/art/2024/01/t1.html?id=3&cat=2", "/art/2024/01/政策.html",
                                     "/art/2024/01/政策%20文件.html"], error


def test_a_record_with_an_empty_url_field_takes_its_link_field() -> None:
    """A 转载 record's url is "" and its link in linkUrl: it is that link (off the site: left),
    not a record without a URL failing the listing on every run."""
    rows = [{"url": "/xxgk/2024/t20240106_2.html", "title": "关于印发某某办法的通知", "pubDate": "2024-01-06"},
            {"url": "", "linkUrl": "/xxgk/2024/t20240104_3.html", "title": "国务院关于某某的通知（转载）",
             "pubDate": "2024-01-04"}]
    found, error, _ = _discover(rows)
    assert [p for p, _ in found] == ["/xxgk/2024/t20240106_2.html", "/xxgk/2024/t20240104_3.html"] and not error, error


def test_an_empty_url_field_takes_no_picture_or_site_root() -> None:
    """Another field's URL stands in for an empty url only when it is a page: a picture's
    (picUrl, imgUrl, videoUrl, iconUrl) or the site's root (siteUrl="/", sourceUrl=a home page)
    listed as a document fetched a JPEG or the home page as that record."""
    rows = [{"url": "/xxgk/2024/t20240105_1.html", "title": "关于印发甲办法的通知", "pubDate": "2024-01-05"},
            {"url": "", "picUrl": "/upload/2024/banner.html", "linkUrl": "/xxgk/2024/t20240106_2.html",
             "title": "图片新闻：乙", "pubDate": "2024-01-06"},
            {"url": "", "imgUrl": "/upload/2024/a.jpg", "title": "丙", "pubDate": "2024-01-04"},
            {"url": "", "videoUrl": "/video/2024/v.html", "title": "丁", "pubDate": "2024-01-04"},
            {"url": "", "siteUrl": "/", "title": "无链接的公告", "pubDate": "2024-01-04"},
            {"url": "", "sourceUrl": "http://www.xinhuanet.com/", "title": "转载无链接", "pubDate": "2024-01-03"}]
    found, error, _ = _discover(rows)
    assert [p for p, _ in found] == ["/xxgk/2024/t20240105_1.html", "/xxgk/2024/t20240106_2.html"], (found, error)
