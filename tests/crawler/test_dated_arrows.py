"""A next-page arrow (», >, ›) whose query looks dated (?date=2024-02&page=2, a monthly archive's
?month=2024-02, ?offset=20000) is the list's pager where the page has no other: it is followed
(refused, the later pages' documents were lost without a word). It comes after a 下一页 or a
createPageHTML pager (a calendar's next month beside them is no next page), and a dated page that
only serves earlier documents again ends the walk with a warning, not in silence."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import Discovery, discover
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests.govsite import fetch_page

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _rows(key: str) -> str:
    return "".join(f'<li><a href="/doc/202401/t20240105_{key}{n}.html">关于第{key}{n}号事项的通知公告</a>'
                   f"<span>2024-01-05</span></li>" for n in range(3))


def _page(key: str, tail: str) -> Response:
    body = (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body>'
            f'<ul class="list">{_rows(key)}</ul><div class="page">{tail}</div></body></html>')
    return Response(body=body.encode(), headers=HTML)


def _walk(pages: dict[str, Response], start: str) -> tuple[Discovery, list[str]]:
    """Discover from `start` on a site serving `pages` (path and query -> page, else 404)."""
    def serve(request: RecordedRequest) -> Response:
        return pages.get(request.path) or Response(status=404, body=b"<html><body>404</body></html>", headers=HTML)

    with LoopbackSite(routes={urlsplit(path).path: serve for path in pages}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url(start),), allow_private=True)
        found = discover(source, fetch_page, max_pages=10)
        return found, [request.path for request in site.requests]


@pytest.mark.parametrize(("first", "second"), [("/list.html", "/list.html?date=2024-02&page=2"),
                                               ("/o.html", "/o.html?offset=20000")], ids=["date-and-page", "offset"])
def test_a_dated_arrow_that_is_the_only_pager_is_followed(first: str, second: str) -> None:
    found, requested = _walk({first: _page("a", f'<a href="{second}">»</a>'), second: _page("b", "")}, first)
    assert len(found.refs) == 6 and found.complete and not found.error, found.error
    assert requested == [first, second]


def test_a_monthly_archive_paged_by_its_next_month_arrow_is_read_to_its_end() -> None:
    pages = {f"/arch.html?month=2024-0{m}": _page(f"m{m}", f'<a href="/arch.html?month=2024-0{m + 1}">&gt;</a>' * (m < 3))
             for m in (1, 2, 3)}
    found, requested = _walk(pages, "/arch.html?month=2024-01")
    assert len(found.refs) == 9 and found.complete and not found.error, found.error
    assert requested == [f"/arch.html?month=2024-0{m}" for m in (1, 2, 3)]


def test_a_calendar_beside_a_pager_is_not_followed_and_one_serving_page_one_again_is_said() -> None:
    """Beside 下一页 the calendar's › (?month=2024-02) is not taken; alone, it is, and the month page
    serving page 1's documents again ends the walk with a warning naming it."""
    calendar = '<a href="/list.html?month=2024-02">›</a>'
    pages = {"/list.html": _page("a", calendar + '<a href="/list_2.html">下一页</a>'), "/list_2.html": _page("b", "")}
    found, requested = _walk(pages, "/list.html")
    assert len(found.refs) == 6 and requested == ["/list.html", "/list_2.html"]
    pages = {"/list.html": _page("a", calendar), "/list.html?month=2024-02": _page("a", calendar)}
    found, requested = _walk(pages, "/list.html")
    assert len(found.refs) == 3 and requested == ["/list.html", "/list.html?month=2024-02"]
    assert found.error is not None and "month=2024-02" in found.error and "next_selector" in found.error, found.error


@pytest.mark.parametrize(("query", "dated"), [
    ("month=2024-02", True), ("date=20240105", True), ("d=2024-02-05", True), ("d=2024/2/5", True),
    ("d=202402", True), ("d=20240105&page=2", True), ("year=2024", True),
    ("offset=20000", False), ("offset=202402", False), ("start=20240105", False), ("n=20000", False),
    ("n=2024130", False), ("id=2024-13", False), ("page=2", False), ("n=20241305", False),
    # a date written with separators is one whatever its parameter is named
    ("start=2024-03-01", True), ("begin=2024-03", True), ("from=2024/3/1", True), ("offset=2024.03", True),
])
def test_a_dated_query_is_one_with_a_date_in_it_not_a_large_count(query: str, dated: bool) -> None:
    """A year, then a real month (and perhaps day) is a date; 20000 (month 0) and a pager's own
    parameter (offset, start) hold counts, however they look."""
    from policywatch.crawler.listing import dated_query

    assert dated_query(f"http://x.gov.cn/list.html?{query}") is dated


def test_an_offset_arrow_is_the_pager_and_a_calendar_arrow_before_it_is_not() -> None:
    """A calendar's › (?month=2024-02) before the list's » (?offset=20000): the offset is the
    list's pager, taken before the calendar (read as dated too, the calendar came first, served
    page 1 again, and the offset page's documents were lost)."""
    tail = '<a href="/o.html?month=2024-02">›</a><a href="/o.html?offset=20000">»</a>'
    pages = {"/o.html": _page("a", tail), "/o.html?month=2024-02": _page("a", tail),
             "/o.html?offset=20000": _page("b", "")}
    found, requested = _walk(pages, "/o.html")
    assert len(found.refs) == 6 and found.complete and not found.error, found.error
    assert requested == ["/o.html", "/o.html?offset=20000"]


def test_a_calendar_named_like_a_pager_comes_after_the_list_pager() -> None:
    """A calendar's › whose parameter a pager also uses (?start=2024-03-01) before the list's own
    » (?page=2): the dated arrow is the calendar's and comes last, so page 2 is read."""
    tail = '<a href="/o.html?start=2024-03-01">›</a><a href="/o.html?page=2">»</a>'
    pages = {"/o.html": _page("a", tail), "/o.html?start=2024-03-01": _page("a", tail), "/o.html?page=2": _page("b", "")}
    found, requested = _walk(pages, "/o.html")
    assert len(found.refs) == 6 and found.complete and not found.error, found.error
    assert requested == ["/o.html", "/o.html?page=2"]
