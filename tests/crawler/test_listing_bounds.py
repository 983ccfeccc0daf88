"""A listing page with far more links than any real list is read only up to MAX_LINKS_PER_PAGE.

A hostile or broken column page of 100,000 links would otherwise be parsed whole (bounded only
by source_timeout). The page is cut before its link number MAX_LINKS_PER_PAGE + 1, its paging is
not followed, the run warns, and the listing counts as incomplete (nothing unlisted is taken for
gone). Served on a real loopback server; the JSON list API variant is bounded the same way.
"""

from __future__ import annotations

import json
import time

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import MAX_LINKS_PER_PAGE, discover
from policywatch.demo.server import LoopbackSite, Response
from tests.govsite import fetch_page


def _huge_list(links: int) -> bytes:
    rows = "".join(f'<li><a href="/zcwj/2024{1 + n % 12:02d}/t2024{1 + n % 12:02d}05_{n}.html">关于印发第{n}号政策文件的通知</a>'
                   f"<span>2024-{1 + n % 12:02d}-05</span></li>" for n in range(links))
    return (f'<html><head><meta charset="utf-8"></head><body><ul class="list">{rows}</ul>'
            '<a href="index_1.html">下一页</a></body></html>').encode()


def test_a_listing_page_of_100000_links_is_read_up_to_the_bound_and_says_so() -> None:
    routes = {"/zcwj/index.html": Response(body=_huge_list(100_000), headers={"Content-Type": "text/html"}),
              "/zcwj/index_1.html": Response(body=_huge_list(3), headers={"Content-Type": "text/html"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="big", listing_urls=(site.url("/zcwj/index.html"),), allow_private=True)
        started = time.process_time()
        found = discover(source, fetch_page, max_pages=5)
        took = time.process_time() - started
        assert len(found.refs) == MAX_LINKS_PER_PAGE
        assert found.refs[-1].url.endswith(f"_{MAX_LINKS_PER_PAGE - 1}.html")  # the first links, in page order
        assert not found.complete
        # the 下一页 link is not a document link: it does not count
        assert "100,000 document links; only the first 5,000 were read" in found.error
        assert site.requests_to("/zcwj/index_1.html") == []  # the cut page's paging is not followed
        # this process's CPU, not wall time (a loaded machine stretches the wall clock): parsing
        # 100,000 links whole takes bs4 ~30 s and ~500 MB, the cut page about a second
        assert took < 15


def _portal(nav_links: int, documents: int, *, nav_first: bool) -> bytes:
    """A provincial portal's column page: a mega-menu of every department's sites and columns
    (the navigation), and the column's own list of documents (relative links, as TRS writes them)."""
    nav = "".join(f'<li><a href="/col/col{n}/index.html" target="_blank">第{n}个栏目</a></li>' for n in range(nav_links))
    docs = "".join(f'<li><a href=\'./2024{1 + n % 12:02d}/t2024{1 + n % 12:02d}05_{n}.html\' title="关于印发第{n}号文件的通知">'
                   f"关于印发第{n}号文件的通知</a><span>2024-{1 + n % 12:02d}-05</span></li>" for n in range(documents))
    parts = [f'<div class="nav"><ul>{nav}</ul></div>', f'<ul class="list">{docs}</ul>']
    body = "".join(parts if nav_first else parts[::-1])
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


@pytest.mark.parametrize(("profile", "nav_first"), [("trs", True), ("generic", False)])
def test_navigation_links_do_not_count_toward_the_bound(profile: str, nav_first: bool) -> None:
    """6,000 menu links and 50 documents: every document is listed, the listing is complete."""
    routes = {"/zcwj/index.html": Response(body=_portal(6_000, 50, nav_first=nav_first),
                                           headers={"Content-Type": "text/html"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="portal", listing_urls=(site.url("/zcwj/index.html"),), profile=profile,
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=3)  # (trs guesses an index_1.html: a 404, the end)
        assert len(found.refs) == 50 and found.error == "" and found.complete
        assert found.refs[-1].url == site.url("/zcwj/202402/t20240205_49.html")


def test_a_page_just_under_the_bound_is_read_whole_and_paged_on() -> None:
    routes = {"/zcwj/index.html": Response(body=_huge_list(MAX_LINKS_PER_PAGE - 10), headers={"Content-Type": "text/html"}),
              "/zcwj/index_1.html": Response(body=_huge_list(3).replace(b"t2024", b"t2023"), headers={"Content-Type": "text/html"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="big", listing_urls=(site.url("/zcwj/index.html"),), allow_private=True)
        found = discover(source, fetch_page, max_pages=2)
        assert len(found.refs) == MAX_LINKS_PER_PAGE - 10 + 3 and found.error == ""


def test_a_json_list_answer_of_20000_records_is_bounded_the_same_way() -> None:
    items = [{"title": f"关于印发第{n}号文件的通知", "url": f"/gkmlpt/content/1/{n}/post_{n}.html",
              "publish_time": "2024-01-05"} for n in range(20_000)]
    body = json.dumps({"total": 20_000, "data": {"list": items}}, ensure_ascii=False).encode()
    with LoopbackSite(routes={"/api/list": Response(body=body, headers={"Content-Type": "application/json"})}) as site:
        source = SourceConfig(name="api", listing_urls=(site.url("/api/list?page=1"),), profile="json",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=3)
        assert len(found.refs) == MAX_LINKS_PER_PAGE and not found.complete
        assert "20,000 records; only the first 5,000 were read" in found.error
        assert len(site.requests_to("/api/list")) == 1


def _onclick_rows(rows: int) -> bytes:
    """A column whose rows open their documents by their own onclick (no <a> in them), as
    `<li onclick="location.href='…'">` lists are written."""
    body = "".join(f"<li onclick=\"location.href='./2024{1 + n % 12:02d}/t2024{1 + n % 12:02d}05_{n}.html'\">"
                   f"关于印发第{n}号政策文件的通知</li>" for n in range(rows))
    return (f'<html><head><meta charset="utf-8"></head><body><ul class="list">{body}</ul>'
            '<a href="index_1.html">下一页</a></body></html>').encode()


def test_a_page_of_50000_onclick_rows_is_bounded_as_links_are() -> None:
    """Rows that open their documents by a click handler are the page's links: 50,000 of them (ten
    times the bound; a million of them parsed whole, 76 MB went to the extraction child, which gave
    up on it, and the listing lost every row) are cut at MAX_LINKS_PER_PAGE."""
    routes = {"/zcwj/index.html": Response(body=_onclick_rows(50_000), headers={"Content-Type": "text/html"}),
              "/zcwj/index_1.html": Response(body=_onclick_rows(3), headers={"Content-Type": "text/html"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="rows", listing_urls=(site.url("/zcwj/index.html"),), profile="trs",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=5)
        assert len(found.refs) == MAX_LINKS_PER_PAGE and not found.complete
        assert found.refs[-1].url.endswith(f"_{MAX_LINKS_PER_PAGE - 1}.html")  # the first rows, in page order
        assert "50,000 document links; only the first 5,000 were read" in found.error
        assert site.requests_to("/zcwj/index_1.html") == []


def _rows_with_links(rows: int, row: str) -> bytes:
    """A list of `rows` rows, each written by the template `row` (filled with {url} and {n})."""
    body = "".join(row.format(url=f"/zcwj/202401/t20240105_{n}.html", n=n) for n in range(rows))
    return (f'<html><head><meta charset="utf-8"></head><body><table class="list">{body}</table>'
            '<a href="index_1.html">下一页</a></body></html>').encode()


@pytest.mark.parametrize("row", [
    "<tr onclick=\"window.open('{url}')\"><td><a href=\"{url}\" target=\"_blank\">关于印发第{n}号政策文件的通知</a></td>"
    "<td>2024-01-05</td></tr>",
    '<li data-url="{url}"><a href="{url}">关于印发第{n}号政策文件的通知</a><span>2024-01-05</span></li>',
    # the row's own link spelled otherwise (a place on the page): the same document all the same
    "<tr onclick=\"location.href='{url}'\"><td><a href=\"{url}#content\">关于印发第{n}号政策文件的通知</a></td></tr>",
], ids=["tr-onclick", "li-data-url", "respelled-a"])
def test_a_row_and_its_own_link_to_the_same_document_count_once(row: str) -> None:
    """A row that opens its document and holds an <a> to it is one link, as the listing reads it
    (listing._anchors): 3,000 such rows are 3,000 links, under the bound, all read (counted
    twice, 6,000, the page was cut at 2,500 rows and the listing was incomplete)."""
    routes = {"/zcwj/index.html": Response(body=_rows_with_links(3_000, row), headers={"Content-Type": "text/html"}),
              "/zcwj/index_1.html": Response(body=_rows_with_links(0, row), headers={"Content-Type": "text/html"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="rows", listing_urls=(site.url("/zcwj/index.html"),), profile="trs",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=5)
        assert found.error is None or "document links" not in found.error, found.error
        assert len(found.refs) == 3_000
        assert site.requests_to("/zcwj/index_1.html")  # its paging followed


def test_script_calls_on_rows_holding_their_links_do_not_double_the_count() -> None:
    """With a script_url_template, a row's click handler may fill it, so before parsing it counts:
    but apart from the <a> links. 3,000 rows `<tr onclick="addHits(N)"><td><a href=…>` (a hit
    counter, no opener) are 3,000 links, all read, paging followed (counted with the <a> links:
    6,000, cut at 2,500); 50,000 rows opened only by calls are still cut at the bound."""
    row = "<tr onclick=\"addHits({n})\"><td><a href=\"{url}\">关于印发第{n}号政策文件的通知</a></td><td>2024-01-05</td></tr>"
    calls = "".join(f"<li onclick=\"openDetail('{n}')\">关于印发第{n}号政策文件的通知</li>" for n in range(50_000))
    routes = {"/zcwj/index.html": Response(body=_rows_with_links(3_000, row), headers={"Content-Type": "text/html"}),
              "/zcwj/index_1.html": Response(body=_rows_with_links(0, row), headers={"Content-Type": "text/html"}),
              "/zcwj/calls.html": Response(body=f'<html><body><ul class="list">{calls}</ul></body></html>'.encode(),
                                           headers={"Content-Type": "text/html; charset=utf-8"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="rows", listing_urls=(site.url("/zcwj/index.html"),), profile="trs",
                              script_url_template="/zcwj/detail.jsp?id={0}", allow_private=True)
        found = discover(source, fetch_page, max_pages=5)
        assert found.error is None or "document links" not in found.error, found.error
        assert len(found.refs) == 3_000 and site.requests_to("/zcwj/index_1.html")
        source = SourceConfig(name="calls", listing_urls=(site.url("/zcwj/calls.html"),),
                              script_url_template="/zcwj/detail.jsp?id={0}", allow_private=True)
        found = discover(source, fetch_page, max_pages=2)
        assert found.error and "50,000 document links" in found.error and not found.complete, found.error


def test_with_only_a_link_selector_rows_whose_data_attributes_name_no_address_are_no_links() -> None:
    """With only a link_selector (no link_pattern) every <a> counts, and a row counts only where it
    opens something: `data-date="2024.01.05"` or `data-id="3.5"` is no address (extract.html's
    _DATA_URL), so 3,000 such rows with their <a> are 3,000 links, not 6,000."""
    rows = "".join(f'<li data-date="2024.01.05" data-id="{n}.5" data-path="a/b"><a href="/zcwj/202401/t20240105_{n}.html">'
                   f"关于印发第{n}号政策文件的通知</a></li>" for n in range(3_000))
    page = f'<html><head><meta charset="utf-8"></head><body><ul class="list">{rows}</ul></body></html>'.encode()
    with LoopbackSite(routes={"/zcwj/index.html": Response(body=page, headers={"Content-Type": "text/html"})}) as site:
        source = SourceConfig(name="selector", listing_urls=(site.url("/zcwj/index.html"),),
                              link_selector="ul.list li a", allow_private=True)
        found = discover(source, fetch_page, max_pages=2)
        assert len(found.refs) == 3_000 and found.complete, found.error


def test_links_a_script_writes_as_escaped_markup_count_toward_the_bound() -> None:
    """A list kept as JSON-escaped HTML in a script (\\u003ca href=\\"…\\"), which the listing now
    reads, counts as the links it holds: 6,000 of them are cut at MAX_LINKS_PER_PAGE."""
    rows = "".join(f'\\u003cli\\u003e\\u003ca href=\\"/zcwj/202401/t20240105_{n}.html\\"\\u003e'
                   f"关于印发第{n}号政策文件的通知\\u003c/a\\u003e\\u003c/li\\u003e" for n in range(6_000))
    page = ('<html><head><meta charset="utf-8"></head><body><ul class="list" id="list"></ul>'
            f'<script>var data = {{"html": "{rows}"}};\ndocument.getElementById("list").innerHTML = data.html;</script>'
            '<a href="index_1.html">下一页</a></body></html>').encode()
    with LoopbackSite(routes={"/zcwj/index.html": Response(body=page, headers={"Content-Type": "text/html"})}) as site:
        source = SourceConfig(name="json-html", listing_urls=(site.url("/zcwj/index.html"),), profile="trs",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=3)
        assert len(found.refs) == MAX_LINKS_PER_PAGE and not found.complete, found.error
        assert found.refs[-1].url == site.url(f"/zcwj/202401/t20240105_{MAX_LINKS_PER_PAGE - 1}.html")
        assert "6,000 document links; only the first 5,000 were read" in found.error
        assert site.requests_to("/zcwj/index_1.html") == []


@pytest.mark.parametrize("holder", ['<div class="tab-con" data-more="/zcwj/more.html">',
                                    '<div class="tab-con" data-more="/zcwj/more.html"><div class="hd">政策文件</div>'
                                    '<div data-url="/zcwj/list.html">'])
def test_an_element_holding_rows_adds_no_link_to_the_count(holder: str) -> None:
    """A tab's <div data-more=…> (and a div with data-url inside it) around exactly
    MAX_LINKS_PER_PAGE onclick rows: the holders are no links (listing._anchors reads the rows
    only), so the page is read whole, its last row listed, the listing complete; counted as links,
    they cut the page before its last row and the listing was left incomplete."""
    rows = "".join(f"<li onclick=\"location.href='/zcwj/202401/t20240105_{n}.html'\">关于印发第{n}号政策文件的通知</li>"
                   for n in range(MAX_LINKS_PER_PAGE))
    closing = "</div>" * holder.count("<div")
    page = f'<html><head><meta charset="utf-8"></head><body>{holder}<ul class="list">{rows}</ul>{closing}</body></html>'
    routes = {"/zcwj/index.html": Response(body=page.encode(), headers={"Content-Type": "text/html"})}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="holder", listing_urls=(site.url("/zcwj/index.html"),), link_selector="ul.list li",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=2)
        assert found.error is None or "document links" not in found.error, found.error
        assert len(found.refs) == MAX_LINKS_PER_PAGE and found.complete
