"""Listing details real portals get wrong: onclick links, <base href>, dates in link text, JSONP,
JSON-style Hanweb settings, dynamic content.jsp?id= URLs, JSON date fields."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup

from policywatch.crawler import apirecords, listing
from policywatch.crawler.discover import _json_date
from policywatch.crawler.profiles import ARTICLE_DIALECTS, PROFILES
from policywatch.extract.html import base_url

PAGE = "http://www.city.gov.cn/xxgk/zcwj/index.html"
HOSTS = ("www.city.gov.cn",)


def links(html: str, profile: str = "generic", **overrides: str) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup(html, "lxml")
    chosen = replace(PROFILES[profile], **overrides)
    refs = listing.document_links(soup, page_url=base_url(soup, PAGE), source="t", hosts=HOSTS, profile=chosen)
    return [(r.url, r.listed_title, r.listed_date) for r in refs]


@pytest.mark.parametrize(
    "anchor",
    [
        """<a href="javascript:void(0)" onclick="window.open('/art/2024/2/1/art_7_601.html')">春节安全生产通知</a>""",
        """<a href="#" onclick="window.location.href = '/art/2024/2/1/art_7_601.html'; return false">春节安全生产通知</a>""",
        """<a href="javascript:window.open(&quot;/art/2024/2/1/art_7_601.html&quot;)">春节安全生产通知</a>""",
        """<a onclick="location='/art/2024/2/1/art_7_601.html'">春节安全生产通知</a>""",
    ],
)
def test_a_url_written_in_the_onclick_handler_is_followed(anchor: str) -> None:
    assert links(f"<ul><li>{anchor}</li></ul>") == [
        ("http://www.city.gov.cn/art/2024/2/1/art_7_601.html", "春节安全生产通知", "2024-02-01")
    ]


def test_script_only_links_are_named_but_buttons_are_not() -> None:
    soup = BeautifulSoup(
        """<a href="javascript:void(0)" onclick="openDetail('602','7')">关于调整部分行政许可事项的决定</a>
        <a href="javascript:void(0)">关于调整部分行政许可事项的说明</a>
        <a href="javascript:window.print()">打印本页打印本页</a>
        <a href="#" onclick="window.close()">关闭窗口关闭窗口</a>
        <a href="javascript:void(0)" onclick="window.open('/art/2024/2/1/art_7_601.html')">春节安全生产通知</a>""",
        "lxml",
    )
    assert listing.script_only_links(soup, PROFILES["generic"], "t") == ["关于调整部分行政许可事项的决定"]


def test_base_href_and_dates_inside_the_link() -> None:
    html = """<head><base href="/zhengce/content/202401/" target="_blank"></head><ul>
    <li><a href="content_9001.htm"><span>国务院关于推动人工智能产业高质量发展的意见</span><span>[2024-01-05]</span></a></li>
    <li><a href="./content_9002.htm">国务院办公厅关于加快算力基础设施建设的通知 2024年1月3日</a></li>
    <li><a href="content_9003.htm">关于印发《2023年11月20日会议纪要》的通知</a></li></ul>"""
    assert links(html, "trs") == [
        ("http://www.city.gov.cn/zhengce/content/202401/content_9001.htm", "国务院关于推动人工智能产业高质量发展的意见", "2024-01-05"),
        ("http://www.city.gov.cn/zhengce/content/202401/content_9002.htm", "国务院办公厅关于加快算力基础设施建设的通知", "2024-01-03"),
        # a date inside the title, not at its end, stays in the title and is not the listed date
        ("http://www.city.gov.cn/zhengce/content/202401/content_9003.htm", "关于印发《2023年11月20日会议纪要》的通知", ""),
    ]


def test_without_base_href_links_resolve_against_the_page() -> None:
    soup = BeautifulSoup("<base target='_blank'><a href='a.html'>x</a>", "lxml")
    assert base_url(soup, PAGE) == PAGE


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        ("http://x.gov.cn/xxgk/content.jsp?id=123", True),
        ("http://x.gov.cn/zwgk/detail.do?columnId=7&infoid=ab-12", True),
        ("http://x.gov.cn/news/ShowArticle.aspx?ArticleID=99", True),
        ("http://x.gov.cn/art/view.php?id=5", True),
        ("http://x.gov.cn/xxgk/list.jsp?id=123", False),  # a list page, not an article
        ("http://x.gov.cn/xxgk/content.jsp", False),
    ],
)
def test_dynamic_article_urls_match_the_generic_dialects(url: str, is_article: bool) -> None:
    pattern = re.compile("|".join(ARTICLE_DIALECTS))
    assert bool(pattern.search(url)) is is_article


def test_jsonp_answers_are_unwrapped() -> None:
    assert apirecords.parse_json('jQuery1123_456({"data": [{"url": "/a.html"}]});', "u") == {"data": [{"url": "/a.html"}]}
    assert apirecords.parse_json(' cb ( [1, 2] ) ', "u") == [1, 2]
    with pytest.raises(ValueError, match="not valid JSON"):
        apirecords.parse_json("<html>error</html>", "http://x.gov.cn/api")


def test_hanweb_settings_written_as_json_are_read() -> None:
    html = """<script>new JPage({"columnid": "2385", "unitid": "8891", "webid": "23",
        "proxyUrl": "/module/web/jpage/dataproxy.jsp"});</script>"""
    params = apirecords.hanweb_params(html)
    assert params["columnid"] == "2385" and params["unitid"] == "8891" and params["webid"] == "23"
    assert params["proxy"] == "/module/web/jpage/dataproxy.jsp"


def test_json_dates_come_from_the_usual_fields_when_none_is_configured() -> None:
    item = {"title": "x", "created_at": 1708387200, "pubDate": ""}
    assert _json_date(apirecords.json_date(item, "")) == "2024-02-20"
    assert apirecords.json_date({"fbrq": "2024-01-02"}, "") == "2024-01-02"
    assert apirecords.json_date({"created_at": "2024-01-02", "when": "2023-05-06"}, "when") == "2023-05-06"
    assert apirecords.json_date({"title": "no date"}, "") == ""


def test_a_download_that_only_alerts_file_not_found_is_a_soft_404() -> None:
    from policywatch.crawler.classify import Evidence, classify
    from policywatch.model import FetchOutcome

    gone = ("<html><head><title>提示信息</title></head><body><script>alert('对不起，该文件不存在或已被删除！');"
            "history.back();</script></body></html>")
    outcome, reason = classify(Evidence(status=200, body=gone.encode(), text=gone, format="html"))
    assert outcome is FetchOutcome.SOFT_404 and "不存在" in reason
    # a real page that mentions a deleted file in a script of its own stays ok
    page = f"<html><body><script>alert('文件不存在');</script><p>{'正文内容。' * 80}</p></body></html>"
    assert classify(Evidence(status=200, body=page.encode(), text=page, format="html"))[0] is FetchOutcome.OK


@pytest.mark.parametrize(
    "anchor",
    [
        """<a href="javascript:void(0)" onclick="location.href='index_2.html'">下一页</a>""",
        """<a href="index_2.html" title="下一页"><img src="next.gif"></a>""",
        """<a href="index_2.html"><img src="next.gif" alt="下一页"></a>""",
    ],
)
def test_next_links_written_in_onclick_or_as_an_image(anchor: str) -> None:
    soup = BeautifulSoup(f"<div class='page'><a href='index.html'>首页</a>{anchor}</div>", "lxml")
    found = listing.next_page(soup, page_url=PAGE, html=str(soup), profile=PROFILES["generic"], source="t")
    assert found == "http://www.city.gov.cn/xxgk/zcwj/index_2.html"


def test_a_json_api_paged_by_pageno_from_zero_is_walked_by_that_parameter() -> None:
    import json as jsonlib
    from urllib.parse import parse_qs, urlsplit

    from policywatch.config import SourceConfig
    from policywatch.crawler.discover import discover
    from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
    from tests.govsite import fetch_page

    def api(request: RecordedRequest) -> Response:
        query = parse_qs(urlsplit(request.path).query)
        page = int(query["pageNo"][0])
        records = [{"link": f"/content.jsp?id={page * 2 + n}", "name": f"关于第{page * 2 + n}号文件的通知"}
                   for n in range(2) if page < 2]
        return Response(body=jsonlib.dumps({"rows": records}).encode(), headers={"Content-Type": "application/json"})

    with LoopbackSite(routes={"/api/list": api}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/list?pageNo=0&pageSize=2"),), profile="json",
                              json_url_field="link", json_title_field="name", allow_private=True)
        found = discover(source, fetch_page, max_pages=10)
        asked = [parse_qs(urlsplit(r.path).query) for r in site.requests_to("/api/list")]
    assert [q["pageNo"] for q in asked] == [["0"], ["1"], ["2"]] and all("page" not in q for q in asked)
    assert [r.url.rsplit("=", 1)[1] for r in found.refs] == ["0", "1", "2", "3"] and found.complete


def test_without_json_items_the_list_holding_urls_is_chosen_over_a_menu() -> None:
    data = {"nav": [{"name": "首页"}, {"name": "政策"}], "data": {"total": 1, "list": [{"url": "/a.html", "title": "x"}]},
            "empty": []}
    assert apirecords.json_items(data, "", "url") == [{"url": "/a.html", "title": "x"}]
    assert apirecords.json_items({"nav": [{"name": "首页"}]}, "", "url") == [{"name": "首页"}]  # then the first list
    assert apirecords.json_items(data, "nav", "url") == [{"name": "首页"}, {"name": "政策"}]  # a path is obeyed


def test_document_links_to_other_hosts_are_named() -> None:
    soup = BeautifulSoup("""<ul><li><a href="/art/2024/1/2/art_1_1.html">本站文件</a></li>
        <li><a href="http://GXT.city.gov.cn/art/2024/1/2/art_1_2.html">厅网站上的文件</a></li>
        <li><a href="http://www.other.cn/about.html">不是文件</a></li></ul>""", "lxml")
    kw = {"page_url": PAGE, "source": "t", "hosts": HOSTS, "profile": PROFILES["generic"]}
    assert [r.url for r in listing.document_links(soup, **kw)] == ["http://www.city.gov.cn/art/2024/1/2/art_1_1.html"]
    assert listing.foreign_hosts(soup, **kw) == ["gxt.city.gov.cn"]


@pytest.mark.parametrize(("script", "expected"), [
    # TRS templates keep the count and index in variables and pass those to createPageHTML …
    ("var currentPage = 1;//所在页从0开始\nvar countPage = 5//共多少页\n"
     'createPageHTML(countPage, currentPage, "index", "shtml");', "index_2.shtml"),
    # … or write their own index_N links from them
    ("var currentPage = 0;\nvar nextPage = currentPage+1//下一页\nvar countPage = 3//共多少页\n"
     'if(countPage>1&&currentPage!=(countPage-1)) document.write("<a href=\\"index_"+nextPage+".html\\">下一页</a>");',
     "index_1.html"),
    ("var currentPage = 2;\nvar countPage = 3//共多少页\ndocument.write(\"<a href='index_\"+(currentPage+1)+\".html'>\")", ""),
    # the numbers quoted, as templates filling the call from strings write them
    ('createPageHTML("5","1","index","shtml");', "index_2.shtml"),
    ("createPageHTML('pageBar', '5', '4', 'index', 'shtml');", ""),
])
def test_trs_page_numbers_held_in_script_variables(script: str, expected: str) -> None:
    html = f"<html><body><ul><li><a href='./202401/t20240105_1.html'>文件</a></li></ul><script>{script}</script></body></html>"
    soup = BeautifulSoup(html, "lxml")
    found = listing.next_page(soup, page_url=PAGE, html=html, profile=PROFILES["generic"], source="t")
    assert found == (f"http://www.city.gov.cn/xxgk/zcwj/{expected}" if expected else "")


@pytest.mark.parametrize(("pager", "url", "fields"), [
    # ASP.NET WebForms: the page's one form, its view state sent back, the postback named
    ('<form method="post" action="./list.aspx?cid=5" id="form1"><input type="hidden" name="__VIEWSTATE" value="/wEPDw">'
     '<input type="hidden" name="__EVENTTARGET" value=""><input type="hidden" name="__EVENTARGUMENT" value="">'
     '<input type="submit" name="btnGo" value="跳转"></form>'
     "<a href=\"javascript:__doPostBack('AspNetPager1','2')\">下一页</a>",
     "http://www.city.gov.cn/xxgk/zcwj/list.aspx?cid=5",
     {"__VIEWSTATE": "/wEPDw", "__EVENTTARGET": "AspNetPager1", "__EVENTARGUMENT": "2"}),
    # JSP: goPage(n) sets pageNo and submits
    ('<form name="f" method="POST" action="/xxgk/list.jsp"><input type="hidden" name="pageNo" value="3">'
     '<input name="keyword" value=""></form><a href="javascript:void(0);" onclick="goPage(4)">下一页</a>',
     "http://www.city.gov.cn/xxgk/list.jsp", {"pageNo": "4", "keyword": ""}),
])
def test_a_form_pager_s_next_page_is_its_form_posted_with_the_page_turned(pager: str, url: str,
                                                                         fields: dict[str, str]) -> None:
    soup = BeautifulSoup(f"<html><body>{pager}</body></html>", "lxml")
    assert listing.next_form(soup, page_url=PAGE) == (url, tuple(fields.items()))


@pytest.mark.parametrize("pager", [
    '<a href="javascript:void(0)">下一页</a><form method="post"><input name="pageNo" value="1"></form>',  # no number
    '<a onclick="goPage(2)">下一页</a><form method="post"><input name="keyword"></form>',  # no page field
    '<a onclick="goPage(2)">首页</a><form method="post"><input name="pageNo" value="1"></form>',  # not 下一页
])
def test_no_form_pager_is_made_up(pager: str) -> None:
    soup = BeautifulSoup(f"<html><body>{pager}</body></html>", "lxml")
    assert listing.next_form(soup, page_url=PAGE) == ("", ())
