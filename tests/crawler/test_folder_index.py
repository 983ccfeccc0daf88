"""A list linking one document as its folder (/doc/10305/) and as the folder's index page
(/doc/10305/index.html) names one document twice only where the site says so: the folder
redirects to the index page (or back), both answer the same page, or a canonical link names one
of them. Then it is read once, under the address the evidence names; otherwise (the index page
404, the two pages different) both stay, so a folder that is the only working address is never
lost. Each evidence costs a request or two, through the source's fetcher, and only for such pairs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler import Fetcher
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from tests import traps

FOLDER, INDEX, OTHER = "/doc/10305/", "/doc/10305/index.html", "/doc/10306/index.html"
TITLE = "关于印发南京市打造人工智能产业地标行动计划的通知"


def _listing() -> Response:
    rows = (f'<li><a href="{FOLDER}">{TITLE}</a><span>2024-01-05</span></li>'
            f'<li><a href="{OTHER}">关于做好春节期间安全生产工作的通知</a><span>2024-01-04</span></li>'
            f'<li><a href="{INDEX}">{TITLE}</a><span>2024-01-05</span></li>')
    return Response(body=traps.page("政策文件", f'<ul class="list">{rows}</ul>'), headers=traps.HTML)


def _doc(head: str = "", lines: int = 6) -> Response:
    return Response(body=traps.article(TITLE, traps.NJ[:lines]).replace(b"</head>", head.encode() + b"</head>"),
                    headers=traps.HTML)


def _canonical(path: str) -> str:
    return f'<link rel="canonical" href="{path}">'


CASES: dict[str, tuple[dict[str, Response], list[str]]] = {
    "folder-redirects": ({FOLDER: Response(status=302, headers={"Location": INDEX}), INDEX: _doc()}, [OTHER, INDEX]),
    "index-redirects": ({FOLDER: _doc(), INDEX: Response(status=301, headers={"Location": FOLDER})}, [FOLDER, OTHER]),
    "same-page": ({FOLDER: _doc(), INDEX: _doc()}, [OTHER, INDEX]),
    "canonical": ({FOLDER: _doc(_canonical(INDEX), lines=5), INDEX: _doc(_canonical(INDEX))}, [OTHER, INDEX]),
    "index-404": ({FOLDER: _doc()}, [FOLDER, OTHER, INDEX]),
    "different-pages": ({FOLDER: _doc(lines=4), INDEX: _doc()}, [FOLDER, OTHER, INDEX]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_folder_and_its_index_page_are_one_document_only_by_evidence(
        case: str, make_fetcher: Callable[..., Fetcher]) -> None:
    pages, expected = CASES[case]
    routes = {"/zcwj/index.html": _listing(), OTHER: _doc(lines=3), **pages}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), allow_private=True,
                              link_pattern=r"/doc/\d+/(?:index\.html)?$")
        fetcher = make_fetcher()
        found = discover(source, lambda url, data=None: fetcher.fetch(url, source=source, data=data), max_pages=3)
        asked = [request.path for request in site.requests]
        base = site.base_url
    assert [ref.url.removeprefix(base) for ref in found.refs] == expected, found.error
    assert found.complete, found.error
    assert OTHER not in asked  # only the pair is looked at; its other documents are not fetched here
    if len(expected) == 2:
        assert "folder" in found.error and "index page" in found.error, found.error


def test_a_folder_listed_without_its_index_page_costs_no_request(make_fetcher: Callable[..., Fetcher]) -> None:
    with LoopbackSite(routes={"/zcwj/index.html": Response(body=traps.page("政策文件", (
            f'<ul class="list"><li><a href="{FOLDER}">{TITLE}</a></li><li><a href="{OTHER}">关于做好春节期间'
            "安全生产工作的通知</a></li></ul>")), headers=traps.HTML)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), allow_private=True,
                              link_pattern=r"/doc/\d+/(?:index\.html)?$")
        fetcher = make_fetcher()
        found = discover(source, lambda url, data=None: fetcher.fetch(url, source=source, data=data), max_pages=3)
        asked = [request.path for request in site.requests if request.path != "/robots.txt"]
    assert len(found.refs) == 2 and asked == ["/zcwj/index.html"], asked
