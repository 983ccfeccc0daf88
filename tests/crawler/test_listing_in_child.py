"""A listing page is read the same in the crawler's process and in the extraction child.

Ordinary pages are read in process (no process hop); a page over LARGE_PAGE_CHARS goes to the
child through the same `listing.read_page`, and what comes back (a ListingPage of DocumentRefs)
must make the walk do exactly what it does in process: same refs, pages, errors, completeness.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import Discovery, discover
from policywatch.demo.server import LoopbackSite, Response
from policywatch.extract import sandbox
from tests import govsite
from tests.govsite import fetch_page

# what a walk of these listings meets: links to a sister host, script-only links, a list drawn by
# scripts, a Hanweb column configured as a static one
ODD_PAGES = {
    "/odd/script_links.html": """<html><body><ul class="list">
        <li><a href="/odd/202401/t20240105_1.html">关于印发扶持办法的通知</a><span>2024-01-05</span></li>
        <li><a href="http://www.sister.gov.cn/zcwj/202401/t20240106_2.html">姊妹站点的文件标题</a></li>
        <li><a href="javascript:void(0)" onclick="openDetail('602','7')">关于调整部分行政许可事项的决定</a></li>
        </ul><a href="script_links_1.html">下一页</a></body></html>""",
    "/odd/script_links_1.html": """<html><body><ul class="list">
        <li><a href="/odd/202312/t20231201_3.html">关于印发管理办法的通知</a><span>2023-12-01</span></li>
        </ul></body></html>""",
    "/odd/drawn.html": """<html><body><div id="list"></div><script>render('/api/list')</script>
        <a onclick="more()">加载更多</a></body></html>""",
    "/odd/hanweb_as_static.html": """<html><body><div id="1"><script>$('#1').jpage({columnid: '3003',
        unitid: '1', proxyUrl: '/module/web/jpage/dataproxy.jsp'})</script></div></body></html>""",
}
LISTINGS = [
    ("/trs/zcwj/index.html", "trs"),  # createPageHTML paging over three pages
    ("/trs/tzgg/index.html", "trs"),  # next links, a stub last page
    ("/trs/rep/index.html", "trs"),  # a page repeating an earlier one
    ("/hanweb/col/col1001/index.html", "hanweb"),  # column page, then dataproxy.jsp answers
    ("/generic/list.html", "generic"),
    ("/jsonly/index.html", "generic"),
    *((path, "generic") for path in ODD_PAGES),
]


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackSite]:
    with govsite.serve() as served:
        for path, html in ODD_PAGES.items():
            served.route(path, Response(body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}))
        yield served


@pytest.fixture(autouse=True)
def _fresh_child() -> Iterator[None]:
    sandbox.shutdown()
    yield
    sandbox.shutdown()


def walked(site: LoopbackSite, path: str, profile: str) -> Discovery:
    source = SourceConfig(name=f"t-{profile}", listing_urls=(site.url(path),), profile=profile)
    return discover(source, fetch_page, max_pages=10)


def seen(found: Discovery) -> tuple[object, ...]:
    """What a walk found and recorded (fetch times aside)."""
    return (found.refs, found.complete, found.error, found.unsupported,
            [(p.url, p.outcome, p.detail, p.body) for p in found.pages])


@pytest.mark.parametrize(("path", "profile"), LISTINGS)
def test_a_listing_read_in_the_child_walks_as_it_does_in_process(
    site: LoopbackSite, path: str, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = walked(site, path, profile)
    assert not sandbox.child_pids(), "an ordinary listing page is read in process"
    # every page "large" (policywatch.crawler re-exports the function under the module's name)
    monkeypatch.setattr(sys.modules["policywatch.crawler.discover"], "LARGE_PAGE_CHARS", 0)
    there = walked(site, path, profile)
    assert sandbox.child_pids(), "the pages went to the child"
    assert seen(there) == seen(here)


def test_the_odd_pages_say_what_they_are(site: LoopbackSite) -> None:
    """The pages above do exercise what the child must send back (so the comparison means something)."""
    found = walked(site, "/odd/script_links.html", "generic")
    assert [ref.url.removeprefix(site.base_url) for ref in found.refs] == [
        "/odd/202401/t20240105_1.html", "/odd/202312/t20231201_3.html"]
    assert "www.sister.gov.cn" in found.error and "open only through JavaScript" in found.error
    assert walked(site, "/odd/drawn.html", "generic").unsupported
    assert "set profile = \"hanweb\"" in walked(site, "/odd/hanweb_as_static.html", "generic").error
