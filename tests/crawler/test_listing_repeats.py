"""A list server that answers a page past the list's end with an earlier page again (shuffled, or
beside a 热点 box that changes on every visit) while its pager announces a next page for ever:
the walk ends there, complete, instead of running to max_pages; a real next page that repeats
the pinned (置顶) documents beside new ones is read on."""

from __future__ import annotations

import itertools
import json
import random
from urllib.parse import parse_qs, urlsplit

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests.govsite import fetch_page

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGES = 3  # the list's real pages
PINNED = [f"/zcwj/202401/t20240101_{n}.html" for n in (901, 902)]  # 置顶 on every page


def own(number: int) -> list[str]:
    """The six documents of real page `number` (1-based)."""
    return [f"/zcwj/2023{12 - number:02d}/t2023{12 - number:02d}{10 + n:02d}_{number * 100 + n}.html" for n in range(6)]


def row(path: str) -> str:
    return f'<li><a href="{path}" title="关于印发{path[-8:-5]}号文件的通知">关于印发{path[-8:-5]}号文件的通知</a><span>2024-01-05</span></li>'


class ColumnServer:
    """list.jsp?page=N: PINNED and page N's own documents (page 1's, shuffled, past the end), a
    热点 box of three documents (`hot_pool` of them, in turn: a box of the column's most-read
    documents; 0 for a box of ever new ones), and 下一页 to page N+1, always."""

    def __init__(self, *, hot_pool: int = 0, pinned: list[str] = PINNED) -> None:
        self.pinned, self.hot_pool, self.visits = pinned, hot_pool, itertools.count()

    def __call__(self, request: RecordedRequest) -> Response:
        number = int(parse_qs(urlsplit(request.path).query).get("page", ["1"])[0])
        items = self.pinned + own(number if number <= PAGES else 1)
        if number > PAGES:
            random.Random(number).shuffle(items)
        visit = next(self.visits)
        hot = [f"/zcwj/redian/t20240110_{(visit * 3 + n) % self.hot_pool if self.hot_pool else visit * 3 + n}.html"
               for n in range(3)]
        body = (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body>'
                f'<ul class="list">{"".join(map(row, items))}</ul>'
                f'<div class="hot"><h3>热点</h3><ul>{"".join(map(row, hot))}</ul></div>'
                f'<div class="page"><a href="list.jsp?page={number + 1}">下一页</a></div></body></html>')
        return Response(body=body.encode(), headers=HTML)


def walk(server: ColumnServer) -> tuple[object, list[str], LoopbackSite]:
    with LoopbackSite(routes={"/zcwj/list.jsp": server}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/list.jsp?page=1"),), allow_private=True,
                              link_pattern=r"/t\d{8}_\d+\.html$")
        found = discover(source, fetch_page, max_pages=30)
        return found, [ref.url.removeprefix(site.base_url) for ref in found.refs], site


def test_page_one_served_again_shuffled_ends_the_list_complete() -> None:
    found, paths, site = walk(ColumnServer(hot_pool=3))  # the 热点 box: always the same three
    assert found.complete and not found.error, found.error
    assert set(paths) >= {*PINNED, *own(1), *own(2), *own(3)} and len(paths) == 2 + 18 + 3
    assert len(site.requests_to("/zcwj/list.jsp")) == PAGES + 1, "page 4 is page 1 again: the end"


def test_page_one_served_again_beside_a_box_of_new_documents_ends_the_list_complete_and_says_so() -> None:
    found, paths, site = walk(ColumnServer())  # the 热点 box: three documents not seen before, every visit
    assert found.complete
    assert len(site.requests_to("/zcwj/list.jsp")) == PAGES + 1
    assert set(paths) >= {*PINNED, *own(1), *own(2), *own(3)}
    assert len(paths) == 2 + 18 + 3 * (PAGES + 1), "the box's documents on the last page read are kept"
    assert "list.jsp?page=4 repeats 8 of its 11 documents" in found.error and "paging stopped there" in found.error


def test_real_pages_repeating_pinned_documents_beside_new_ones_are_all_read() -> None:
    """Eight pinned documents and the same 热点 box of three on every page, beside six of the page's
    own: each real page is still read (six new of seventeen), and page 1 served again ends the list."""
    pinned = [f"/zcwj/202401/t20240101_{n}.html" for n in range(901, 909)]
    found, paths, site = walk(ColumnServer(pinned=pinned, hot_pool=3))
    assert found.complete and not found.error, found.error
    assert set(paths) == {*pinned, *own(1), *own(2), *own(3), *(f"/zcwj/redian/t20240110_{n}.html" for n in range(3))}
    assert len(site.requests_to("/zcwj/list.jsp")) == PAGES + 1


def hanweb_column(request: RecordedRequest) -> Response:
    return Response(body=(
        b"<html><body><div id='4321'></div><script>$(function(){ $('#4321').jpage({ perPage: 15, "
        b"proxyUrl: '/module/web/jpage/dataproxy.jsp', webid: '1', columnid: '1001', unitid: '4321' }); });"
        b"</script></body></html>"), headers=HTML)


def shuffling_proxy(request: RecordedRequest) -> Response:
    """60 records and no totalrecord; a startrecord past them answers with the first 45, shuffled."""
    start = int(parse_qs(urlsplit(request.path).query)["startrecord"][0])
    numbers = list(range(start - 1, min(start + 44, 60))) if start <= 60 else list(range(45))
    if start > 60:
        random.Random(start).shuffle(numbers)
    records = "".join(f'<record><![CDATA[<li><a href="/art/2018/5/11/art_1001_{5001 + i}.html">江苏省政策文件第{i + 1}号'
                      f"</a><span>2018-05-11</span></li>]]></record>" for i in numbers)
    body = f"<datastore><recordset>{records}</recordset></datastore>"
    return Response(body=body.encode(), headers={"Content-Type": "text/xml;charset=UTF-8"})


def test_a_hanweb_dataproxy_answering_past_its_end_with_its_first_records_shuffled_ends_the_list() -> None:
    routes = {"/col/col1001/index.html": hanweb_column, "/module/web/jpage/dataproxy.jsp": shuffling_proxy}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/col/col1001/index.html"),), profile="hanweb",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=30)
        posts = len(site.requests_to("/module/web/jpage/dataproxy.jsp"))
    assert found.complete and not found.error, found.error
    assert len(found.refs) == 60
    assert posts == 3, "records 91-135 are records 1-45 again: the end"


def shuffling_api(request: RecordedRequest) -> Response:
    """A JSON list of 20 records, 10 a page, that answers any page past 2 with page 1 shuffled."""
    number = int(parse_qs(urlsplit(request.path).query).get("pageNo", ["1"])[0])
    ids = list(range(10)) if number > 2 else list(range((number - 1) * 10, number * 10))
    if number > 2:
        random.Random(number).shuffle(ids)
    rows = [{"title": f"关于印发第{i}号文件的通知", "url": f"/zcwj/content_{1000 + i}.html", "pubDate": "2024-01-05"}
            for i in ids]
    return Response(body=json.dumps({"data": {"list": rows}}, ensure_ascii=False).encode(),
                    headers={"Content-Type": "application/json"})


def test_a_json_api_answering_past_its_end_with_page_one_shuffled_ends_the_list() -> None:
    with LoopbackSite(routes={"/api/list": shuffling_api}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/list?pageNo=1"),), profile="json",
                              json_items="data.list", allow_private=True)
        found = discover(source, fetch_page, max_pages=30)
        asked = len(site.requests_to("/api/list"))
    assert found.complete and not found.error, found.error
    assert len(found.refs) == 20 and asked == 3


def test_each_listing_page_s_links_are_found_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The blocks the walk compares page by page come from the links the page's documents were
    read from, and so are its script-only links and page 1's links to other hosts: a listing page's
    links were found three times (a quarter of reading it, measured on a 200-page listing)."""
    from policywatch.crawler import listing

    calls: list[int] = []
    found_links = listing._anchors
    monkeypatch.setattr(listing, "_anchors", lambda *a, **k: calls.append(1) or found_links(*a, **k))
    pages = {f"/zcwj/index{'_' + str(n) if n else ''}.html": Response(body=(
        '<html><head><meta charset="utf-8"></head><body><ul class="list">' + "".join(map(row, own(n + 1)))
        + f'</ul><a href="index_{n + 1}.html">下一页</a></body></html>').encode(), headers=HTML) for n in range(PAGES)}
    with LoopbackSite(routes=pages) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile="trs", allow_private=True)
        found = discover(source, fetch_page, max_pages=PAGES)
        assert len(found.refs) == 6 * PAGES and len(found.pages) == PAGES
        assert len(calls) == PAGES  # the blocks, script-only links and other hosts' links: the same pass
