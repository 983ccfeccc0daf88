"""Redirect rules, the private-address guard and body limits, against the loopback site."""

from __future__ import annotations

import gzip
import zlib

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler import FakeClock, Fetcher
from policywatch.crawler.netguard import NetGuard
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import FetchOutcome
from tests.crawler.pages import policy_html

HTML = {"Content-Type": "text/html"}


def redirect(location: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": location})


def test_redirects_are_followed_and_recorded(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/old/1.html", redirect("/mid/1.html", 301))
    site.route("/mid/1.html", redirect(site.url("/new/1.html")))
    site.route("/new/1.html", Response(body=policy_html().encode(), headers=HTML))
    result = fetcher.fetch(site.url("/old/1.html"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.final_url == site.url("/new/1.html")
    assert result.redirects == (site.url("/old/1.html"), site.url("/mid/1.html"))
    assert result.url == site.url("/old/1.html")


def test_redirect_targets_are_recorded_in_the_listings_spelling(site: LoopbackSite, source: SourceConfig,
                                                                 fetcher: Fetcher) -> None:
    """Each hop as crawler.urls spells a listed URL (no `//`, `;jsessionid=`, share parameter; a
    Chinese folder as text), while the request goes to the address the server wrote."""
    site.route("/go.jsp", redirect(site.url("/a//b/jump.html;jsessionid=0A1B2C3D4E5F?from=timeline")))
    site.route("/a//b/jump.html;jsessionid=0A1B2C3D4E5F", redirect("/政策文件/1.html".encode().decode("latin-1")))
    site.route("/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/1.html", Response(body=policy_html().encode(), headers=HTML))
    result = fetcher.fetch(site.url("/go.jsp"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.redirects == (site.url("/go.jsp"), site.url("/a/b/jump.html"))
    assert result.final_url == site.url("/政策文件/1.html")
    assert [r.path for r in site.requests if r.path != "/robots.txt"] == [
        "/go.jsp", "/a//b/jump.html;jsessionid=0A1B2C3D4E5F?from=timeline", "/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/1.html"]


def test_a_redirect_to_the_home_page_under_a_session_id_is_a_soft_404(site: LoopbackSite, source: SourceConfig,
                                                                     fetcher: Fetcher) -> None:
    """Tomcat's `/;jsessionid=…` is the home page: the document is gone, the home page is not it."""
    site.route("/art_9.html", redirect(site.url("/;jsessionid=0A1B2C3D4E5F")))
    result = fetcher.fetch(site.url("/art_9.html"), source=source)
    assert result.outcome is FetchOutcome.SOFT_404
    assert [r.path for r in site.requests if r.path != "/robots.txt"] == ["/art_9.html"]


def test_redirect_loop_is_refused(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/a.html", redirect("/b.html"))
    site.route("/b.html", redirect("/a.html"))
    result = fetcher.fetch(site.url("/a.html"), source=source)
    assert result.outcome is FetchOutcome.REFUSED
    assert "loop" in result.detail
    assert len(site.requests_to("/a.html")) == 1


def test_redirect_chain_is_capped(site: LoopbackSite, source: SourceConfig, make_fetcher) -> None:
    for n in range(10):
        site.route(f"/r{n}.html", redirect(f"/r{n + 1}.html"))
    result = make_fetcher(max_redirects=3).fetch(site.url("/r0.html"), source=source)
    assert result.outcome is FetchOutcome.REFUSED
    assert "more than 3 redirects" in result.detail
    assert len(site.requests) <= 5  # robots.txt + 4 hops


def test_redirect_to_another_host_is_refused(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/out.html", redirect("http://evil.example.invalid/phish.html"))
    result = fetcher.fetch(site.url("/out.html"), source=source)
    assert result.outcome is FetchOutcome.REFUSED
    assert "evil.example.invalid" in result.detail
    assert result.final_url == site.url("/out.html")


def test_redirect_to_an_allowed_host_on_another_port_is_followed(site: LoopbackSite, fetcher: Fetcher) -> None:
    with LoopbackSite() as other:
        other.route("/doc.html", Response(body=policy_html().encode(), headers=HTML))
        site.route("/moved.html", redirect(other.url("/doc.html")))
        source = SourceConfig(name="two", listing_urls=(site.url("/"),), allow_private=True)
        result = fetcher.fetch(site.url("/moved.html"), source=source)
        assert result.outcome is FetchOutcome.OK
        assert result.final_url == other.url("/doc.html")


def test_loopback_is_refused_without_allow_private_and_nothing_connects(site: LoopbackSite, fetcher: Fetcher) -> None:
    public_only = SourceConfig(name="p", listing_urls=(site.url("/"),))
    result = fetcher.fetch(site.url("/doc.html"), source=public_only)
    assert result.outcome is FetchOutcome.REFUSED
    assert "127.0.0.1" in result.detail
    assert site.requests == []
    localhost = SourceConfig(name="l", listing_urls=(f"http://localhost:{site.port}/",))
    assert fetcher.fetch(f"http://localhost:{site.port}/x", source=localhost).outcome is FetchOutcome.REFUSED
    assert site.requests == []


def test_redirect_to_private_addresses_is_refused_before_connecting(site: LoopbackSite, clock: FakeClock) -> None:
    # The loopback site stands in for a public server (exempt); the guard must still refuse
    # every private redirect target, and refuse it before any connection is attempted.
    guard = NetGuard(exempt=("127.0.0.1",))
    fetcher = Fetcher(FetchSettings(min_delay=0, connect_timeout=1), clock=clock, guard=guard)
    for n, target in enumerate(("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                                "http://192.168.1.1/admin", "http://[::1]/", "http://0.0.0.0/")):
        host = target.split("/")[2].strip("[]")
        source = SourceConfig(name="g", listing_urls=(site.url("/"),), allowed_hosts=("127.0.0.1", host))
        site.route(f"/jump{n}.html", redirect(target))
        result = fetcher.fetch(site.url(f"/jump{n}.html"), source=source)
        assert result.outcome is FetchOutcome.REFUSED, (target, result.detail)
        assert "non-public" in result.detail
        assert result.elapsed_ms == 0  # fake clock: no connect timeout was waited out
    fetcher.close()


def test_oversized_body_is_cut_off(site: LoopbackSite, source: SourceConfig, make_fetcher) -> None:
    chunks = (b"<p>" + b"x" * 65536 + b"</p>" for _ in range(10_000))  # 650 MB if read whole
    site.route("/huge.html", Response(body=chunks, headers=HTML))
    result = make_fetcher(max_bytes=200_000).fetch(site.url("/huge.html"), source=source)
    assert result.outcome is FetchOutcome.TOO_LARGE
    assert result.body == b""
    assert "200000" in result.detail


def test_gzip_bomb_is_cut_off_by_decompressed_size(site: LoopbackSite, source: SourceConfig, make_fetcher) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = compressor.compress(b"\0" * 50_000_000) + compressor.flush()  # ~50 KB → 50 MB
    assert len(bomb) < 200_000
    site.route("/bomb.html", Response(body=bomb, headers={**HTML, "Content-Encoding": "gzip"}))
    result = make_fetcher(max_bytes=1_000_000).fetch(site.url("/bomb.html"), source=source)
    assert result.outcome is FetchOutcome.TOO_LARGE
    assert "decompressed" in result.detail


def test_gzip_without_content_encoding_is_still_read(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = policy_html().encode("gbk")
    site.route("/forced-gzip.html", Response(body=gzip.compress(page), headers=HTML))
    result = fetcher.fetch(site.url("/forced-gzip.html"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.body == page


def test_gzip_and_deflate_encodings(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = policy_html().encode()
    site.route("/gz.html", Response(body=gzip.compress(page), headers={**HTML, "Content-Encoding": "gzip"}))
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    site.route("/raw.html", Response(body=raw.compress(page) + raw.flush(), headers={**HTML, "Content-Encoding": "deflate"}))
    site.route("/zl.html", Response(body=zlib.compress(page), headers={**HTML, "Content-Encoding": "deflate"}))
    for path in ("/gz.html", "/raw.html", "/zl.html"):
        result = fetcher.fetch(site.url(path), source=source)
        assert result.outcome is FetchOutcome.OK, path
        assert result.body == page, path


def test_302_to_itself_that_sets_a_cookie_is_followed_once(site: LoopbackSite, source: SourceConfig,
                                                             fetcher: Fetcher) -> None:
    from policywatch.demo.server import RecordedRequest

    def openresty(request: RecordedRequest) -> Response:
        if "CT6T=1" in request.headers.get("cookie", ""):
            return Response(body=policy_html().encode(), headers=HTML)
        return Response(status=302, headers={"Location": "/moj.html", "Set-Cookie": "CT6T=1; Path=/"})

    site.route("/moj.html", openresty)
    result = fetcher.fetch(site.url("/moj.html"), source=source)
    assert result.outcome is FetchOutcome.OK
    assert len(site.requests_to("/moj.html")) == 2


def test_post_redirected_with_303_becomes_a_get(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/search.jsp", redirect("/results.html", 303))
    site.route("/results.html", Response(body=policy_html().encode(), headers=HTML))
    result = fetcher.fetch(site.url("/search.jsp"), source=source, data={"q": "人工智能"})
    assert result.outcome is FetchOutcome.OK
    assert site.requests_to("/search.jsp")[0].method == "POST"
    assert site.requests_to("/results.html")[0].method == "GET"


def test_robots_txt_redirect_on_the_same_host_is_followed(site: LoopbackSite, source: SourceConfig,
                                                          fetcher: Fetcher) -> None:
    site.route("/robots.txt", redirect("/real-robots.txt", 301))
    site.route("/real-robots.txt", Response(body=b"User-agent: *\nDisallow: /x/\n"))
    assert fetcher.fetch(site.url("/x/doc.html"), source=source).outcome is FetchOutcome.ROBOTS_DISALLOWED


def test_fetch_many_stops_when_the_consumer_does(site: LoopbackSite, make_fetcher) -> None:
    from policywatch.crawler import FetchJob, RealClock

    for n in range(20):
        site.route(f"/d{n}.html", Response(body=policy_html().encode(), headers=HTML))
    # Real spacing of 0.2 s: the 20 jobs would need 4 s, far longer than closing takes.
    source = SourceConfig(name="s", listing_urls=(site.url("/"),), allow_private=True, min_delay=0.2)
    fetcher = make_fetcher(clock=RealClock())
    results = fetcher.fetch_many(FetchJob(site.url(f"/d{n}.html"), source) for n in range(20))
    next(results)
    results.close()
    assert len([r for r in site.requests if r.route.startswith("/d")]) < 20


def test_closed_fetcher_releases_its_session(site: LoopbackSite, source: SourceConfig) -> None:
    site.route("/a.html", Response(body=policy_html().encode(), headers=HTML))
    with Fetcher(FetchSettings(min_delay=0)) as fetcher:
        assert fetcher.fetch(site.url("/a.html"), source=source).ok
        pools = fetcher.session.adapters["http://"].poolmanager.pools
        assert len(pools) == 1
    assert len(pools) == 0


def test_malformed_urls_are_refused_not_raised(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/bad-port.html", Response(status=302, headers={"Location": "http://127.0.0.1:99999/x.html"}))
    site.route("/bad-v6.html", Response(status=302, headers={"Location": "http://[::1/x.html"}))
    for path in ("/bad-port.html", "/bad-v6.html"):
        assert fetcher.fetch(site.url(path), source=source).outcome is FetchOutcome.REFUSED
    assert fetcher.fetch("http://127.0.0.1:99999/x.html", source=source).outcome is FetchOutcome.REFUSED
