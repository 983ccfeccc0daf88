"""Servers that attack the crawler through HTTP itself, each a raw socket server on 127.0.0.1:
a byte a second, bombs under every Content-Encoding, lying lengths, endless bodies, redirect
loops and chains and schemes, megabyte header lines, robots.txt that is huge, broken or slow,
and a Retry-After of 10^23 seconds. Each answer is bounded in time and bytes and said plainly;
nothing raises, nothing hangs. (Charset lies, the calendar trap and gzip bombs have their own
tests: tests/crawler/test_fetch_decoding.py, tests/test_site_traps.py, test_fetch_safety.py.)"""

from __future__ import annotations

import shutil
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler import Fetcher
from policywatch.model import FetchOutcome
from tests import traps
from tests.hostile.servers import RawAnswer, head, raw_server
from tests.unseen import run_json, write_config

TOTAL = 2.0  # fetch.total_timeout of these tests: every answer below ends by then
SETTINGS = FetchSettings(min_delay=0, retries=0, total_timeout=TOTAL, read_timeout=5, max_bytes=2_000_000)
DRIPPED = "/zcwj/202401/t20240110_103.html"


def send(data: bytes) -> RawAnswer:
    return lambda conn, stop: conn.sendall(data)


def page(body: bytes, **headers: str) -> RawAnswer:
    return send(head(Content_Type="text/html; charset=utf-8", Content_Length=str(len(body)), **headers) + body)


def drip(data: bytes, interval: float) -> RawAnswer:
    """`data` one byte per `interval` seconds, until the server stops."""
    def answer(conn: socket.socket, stop: threading.Event) -> None:
        for byte in data:
            if stop.wait(interval):
                return
            conn.sendall(bytes([byte]))
    return answer


NO_ROBOTS = send(head("404 Not Found", Content_Length="0"))


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(SETTINGS) as made:
        yield made


def _source(base: str) -> SourceConfig:
    return SourceConfig(name="s", listing_urls=(f"{base}/",), allow_private=True, min_delay=0)


def _fetch(fetcher: Fetcher, routes: dict[str, RawAnswer], path: str) -> tuple[object, float, list[str]]:
    """(result, seconds it took, paths the server was asked)."""
    asked: list[str] = []
    with raw_server({"/robots.txt": NO_ROBOTS, **routes, "asked": asked}) as base:  # type: ignore[dict-item]
        started = time.monotonic()
        result = fetcher.fetch(base + path, source=_source(base))
        return result, time.monotonic() - started, asked


def test_a_document_dripping_a_byte_a_second_ends_the_run_in_time_and_is_named_once(tmp_path: Path) -> None:
    """A column whose third document answers one byte a second (its headers, then its body) for
    ever: the run ends within fetch.total_timeout of it, its two other documents stored, and run
    --json names the dripping one once, with the deadline that stopped it. The second run names
    it once again and reports nothing twice."""
    paths = [*traps.DOCS, DRIPPED]
    rows = "".join(f'<li><a href="{path}">关于印发第{n}号政策文件的通知</a><span>2024-01-0{n + 5}</span></li>'
                   for n, path in enumerate(paths))
    document = head(Content_Type="text/html; charset=utf-8", Content_Length="100000") + b"<html>" + b"x" * 1000
    routes: dict[str, RawAnswer] = {
        "/robots.txt": NO_ROBOTS,
        "/zcwj/index.html": page(traps.page("政策文件", f'<ul class="list">{rows}</ul>')),
        **{path: page(traps.article(title, lines)) for path, (title, lines) in traps.DOCS.items()},
        DRIPPED: drip(document, 1.0),
    }
    with raw_server(routes) as base:
        config = write_config(tmp_path, f'name = "drip"\nlisting_urls = ["{base}/zcwj/index.html"]\nprofile = "trs"')
        config.write_text(config.read_text(encoding="utf-8").replace("[fetch]\n", f"[fetch]\ntotal_timeout = {TOTAL}\n"),
                          encoding="utf-8")
        runs = []
        for _ in range(2):
            started = time.monotonic()
            runs.append((run_json(config), time.monotonic() - started))
    for n, (run, took) in enumerate(runs):
        said = [line for line in run["errors"] + run["warnings"] if DRIPPED in line]
        assert len(said) == 1 and "fetch.total_timeout" in said[0], run
        assert took < 40, f"run {n + 1} took {took:.0f} s"  # the CLI's start-up and two documents, plus TOTAL
        assert run["outcomes"].get("network_error") == 1, run["outcomes"]
    assert runs[0][0]["counts"]["new_documents"] == 2, runs[0][0]["counts"]
    assert runs[1][0]["counts"]["new_documents"] == 0 and not runs[1][0]["events"], runs[1][0]


@pytest.mark.parametrize("headers", [
    b"X-Big: " + b"a" * 1_000_000 + b"\r\n",  # one header line of a megabyte
    b"".join(b"X-H%d: v\r\n" % n for n in range(10_000)),  # ten thousand header lines
], ids=["megabyte-line", "10000-lines"])
def test_a_huge_header_is_a_network_error_read_no_further(fetcher: Fetcher, headers: bytes) -> None:
    answer = send(b"HTTP/1.1 200 OK\r\nConnection: close\r\n" + headers + b"Content-Length: 2\r\n\r\nok")
    result, took, _ = _fetch(fetcher, {"/p.html": answer}, "/p.html")
    assert result.outcome is FetchOutcome.NETWORK_ERROR and result.body == b""  # type: ignore[attr-defined]
    assert "header line" in result.detail or "headers" in result.detail  # type: ignore[attr-defined]
    assert took < TOTAL


def test_an_endless_chunked_body_is_cut_at_max_bytes(fetcher: Fetcher) -> None:
    def endless(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Type="text/html", Transfer_Encoding="chunked"))
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        while not stop.is_set():
            conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")

    result, took, _ = _fetch(fetcher, {"/p.html": endless}, "/p.html")
    assert result.outcome is FetchOutcome.TOO_LARGE and "exceeds 2000000 bytes" in result.detail  # type: ignore[attr-defined]
    assert took < TOTAL


def test_a_content_length_longer_than_the_body_on_a_connection_held_open_ends_at_the_deadline(
        fetcher: Fetcher) -> None:
    body = traps.article(*traps.DOCS[traps.FIRST_DOC])

    def held(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Type="text/html; charset=utf-8", Content_Length=str(len(body) * 10)) + body)
        stop.wait(30)

    result, took, _ = _fetch(fetcher, {"/p.html": held}, "/p.html")
    assert result.outcome is FetchOutcome.NETWORK_ERROR and result.text is None  # type: ignore[attr-defined]
    assert took < TOTAL + 1.0


@pytest.mark.parametrize("coding", ["deflate", "x-gzip"])
def test_a_deflate_or_gzip_bomb_is_cut_at_its_decompressed_size(fetcher: Fetcher, coding: str) -> None:
    bomb = zlib.compress(b"\0" * 50_000_000, 9) if coding == "deflate" else _gzip(b"\0" * 50_000_000)
    answer = send(head(Content_Type="text/html", Content_Encoding=coding, Content_Length=str(len(bomb))) + bomb)
    result, took, _ = _fetch(fetcher, {"/p.html": answer}, "/p.html")
    assert result.outcome is FetchOutcome.TOO_LARGE and "decompressed body exceeds" in result.detail  # type: ignore[attr-defined]
    assert took < TOTAL


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize("coding", ["br", "zstd", "gzip, br"])
def test_an_encoding_never_asked_for_is_unsupported_and_not_read(fetcher: Fetcher, coding: str) -> None:
    """A brotli (or zstd) bomb: policywatch asks for gzip and deflate only and inflates nothing
    else, so no size comes of it; its bytes are said unsupported, not read as a page of junk."""
    junk = bytes(range(256)) * 4000
    answer = send(head(Content_Type="text/html", Content_Encoding=coding, Content_Length=str(len(junk))) + junk)
    result, _took, _ = _fetch(fetcher, {"/p.html": answer}, "/p.html")
    assert result.outcome is FetchOutcome.UNSUPPORTED and result.body == b""  # type: ignore[attr-defined]
    assert f"Content-Encoding {coding.split(', ')[-1]} was not asked for" in result.detail  # type: ignore[attr-defined]


@pytest.mark.parametrize(("status", "outcome"), [("404 Not Found", FetchOutcome.NOT_FOUND),
                                                ("429 Too Many Requests", FetchOutcome.THROTTLED),
                                                ("503 Service Unavailable", FetchOutcome.HTTP_ERROR)])
def test_an_error_status_in_an_unread_encoding_is_handled_by_its_status(fetcher: Fetcher, status: str,
                                                                       outcome: FetchOutcome) -> None:
    """The status comes first: a 404, 429 or 503 whose (error page's) body is in br is not_found,
    throttled (the host cooling down) or retried as any such answer is, not `unsupported` (which
    hid a gone document and a throttling host alike)."""
    junk = bytes(range(256)) * 4
    answer = send(head(status, Content_Type="text/html", Content_Encoding="br", Content_Length=str(len(junk))) + junk)
    result, _took, _ = _fetch(fetcher, {"/p.html": answer}, "/p.html")
    assert result.outcome is outcome, result.detail  # type: ignore[attr-defined]
    assert "Content-Encoding" not in result.detail  # type: ignore[attr-defined]


@pytest.mark.parametrize("coding", ["utf-8", "UTF8", "none", "binary", "identity", "text/html"])
def test_a_content_encoding_naming_no_compression_is_read_as_plain(fetcher: Fetcher, coding: str) -> None:
    """Servers send Content-Encoding: utf-8, none or binary on an uncompressed page: only the
    compressions policywatch does not inflate (br, zstd, compress) are refused, any other token
    is read as plain bytes (refused, such a site's pages were left unread on every run)."""
    result, _took, _ = _fetch(fetcher, {"/p.html": page(DOC, Content_Encoding=coding)}, "/p.html")
    assert result.outcome is FetchOutcome.OK, result.detail  # type: ignore[attr-defined]
    assert result.text is not None and traps.DOCS[traps.FIRST_DOC][0] in result.text  # type: ignore[attr-defined]


def test_a_redirect_loop_and_a_50_hop_chain_are_refused_after_max_redirects(fetcher: Fetcher) -> None:
    loop = {"/a.html": send(head("302 Found", Location="/b.html", Content_Length="0")),
            "/b.html": send(head("301 Moved Permanently", Location="/a.html", Content_Length="0"))}
    result, _, asked = _fetch(fetcher, loop, "/a.html")
    assert result.outcome is FetchOutcome.REFUSED and "redirect loop" in result.detail  # type: ignore[attr-defined]
    assert asked.count("/a.html") == 1
    chain = {f"/r{n}.html": send(head("302 Found", Location=f"/r{n + 1}.html", Content_Length="0")) for n in range(50)}
    result, _, asked = _fetch(fetcher, chain, "/r0.html")
    assert result.outcome is FetchOutcome.REFUSED and "more than 5 redirects" in result.detail  # type: ignore[attr-defined]
    assert asked == ["/robots.txt", *(f"/r{n}.html" for n in range(SETTINGS.max_redirects + 1))]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/pub/fj.pdf", "gopher://127.0.0.1:70/",
                                      "data:text/html,<p>x</p>", "javascript:alert(1)", "//127.0.0.2/zcwj/t.html"])
def test_a_redirect_to_another_scheme_or_host_is_refused_without_following_it(fetcher: Fetcher, location: str) -> None:
    answer = send(head("302 Found", Location=location, Content_Length="0"))
    result, _, asked = _fetch(fetcher, {"/p.html": answer}, "/p.html")
    assert result.outcome is FetchOutcome.REFUSED and "refused" in result.detail, result.detail  # type: ignore[attr-defined]
    assert asked == ["/robots.txt", "/p.html"]


def _robots(text: bytes) -> RawAnswer:
    return send(head(Content_Type="text/plain", Content_Length=str(len(text))) + text)


DOC = traps.article(*traps.DOCS[traps.FIRST_DOC])


def test_a_10_mb_robots_txt_is_read_up_to_500_kib() -> None:
    """RFC 9309 §2.5: its first 500 KiB are its rules; a Disallow there is heeded, one past it
    (and whatever half line the cut makes) is not read."""
    robots = b"User-agent: *\nDisallow: /private/\n" + b"# padding\n" * 1_000_000 + b"Disallow: /late/\n"
    routes = {"/robots.txt": _robots(robots), "/private/a.html": page(DOC), "/late/b.html": page(DOC)}
    with raw_server(routes) as base, Fetcher(SETTINGS) as fetcher:
        started = time.monotonic()
        private = fetcher.fetch(base + "/private/a.html", source=_source(base))
        late = fetcher.fetch(base + "/late/b.html", source=_source(base))
        assert time.monotonic() - started < TOTAL * 2
    assert private.outcome is FetchOutcome.ROBOTS_DISALLOWED
    assert late.outcome is FetchOutcome.OK


@pytest.mark.parametrize("robots", ["500", "drip", "reset"])
def test_a_robots_txt_failing_or_timing_out_disallows_the_host_for_the_run_asked_once(robots: str) -> None:
    """RFC 9309 §2.3.1.3-4: robots.txt unreachable (5xx, a timeout, a reset) disallows the whole
    host; policywatch holds that for the run (no retry per page: a failing robots.txt is asked
    once), and says why for every page it did not fetch."""
    def reset(conn: socket.socket, stop: threading.Event) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    answers: dict[str, RawAnswer] = {
        "500": send(head("500 Internal Server Error", Content_Length="0")),
        "drip": drip(head(Content_Type="text/plain", Content_Length="100") + b"User-agent: *\n" * 7, 1.0),
        "reset": reset,
    }
    asked: list[str] = []
    routes = {"/robots.txt": answers[robots], "/a.html": page(DOC), "/b.html": page(DOC), "asked": asked}
    with raw_server(routes) as base, Fetcher(SETTINGS) as fetcher:  # type: ignore[arg-type]
        started = time.monotonic()
        results = [fetcher.fetch(base + path, source=_source(base)) for path in ("/a.html", "/b.html")]
        took = time.monotonic() - started
    for result in results:
        assert result.outcome is FetchOutcome.NETWORK_ERROR and "robots.txt" in result.detail, result.detail
    assert asked == ["/robots.txt"]
    assert took < TOTAL + 1.0


def test_a_robots_txt_in_an_unread_encoding_is_unreachable() -> None:
    """A robots.txt sent in br cannot be read: its rules are unknown, so it is unreachable (RFC
    9309 §2.3.1.4, disallow the host for the run, ask again next run; docs/operations.md). Read
    as plain bytes its Disallow was junk and the host was crawled as if it had none."""
    junk = bytes(range(256)) * 4
    robots = send(head(Content_Type="text/plain", Content_Encoding="br", Content_Length=str(len(junk))) + junk)
    asked: list[str] = []
    routes = {"/robots.txt": robots, "/a.html": page(DOC), "/b.html": page(DOC), "asked": asked}
    with raw_server(routes) as base, Fetcher(SETTINGS) as fetcher:  # type: ignore[arg-type]
        results = [fetcher.fetch(base + path, source=_source(base)) for path in ("/a.html", "/b.html")]
    for result in results:
        assert result.outcome is FetchOutcome.NETWORK_ERROR, result.detail
        assert "robots.txt in Content-Encoding br" in result.detail, result.detail
    assert asked == ["/robots.txt"]


def test_a_retry_after_of_ages_is_said_as_the_rest_it_gets() -> None:
    """The warning names the rest the host gets (a week at most), not 1e+23 s."""
    routes = {"/a.html": send(head("503 Service Unavailable", Retry_After="99999999999999999999999",
                                   Content_Length="0"))}
    with Fetcher(SETTINGS) as fetcher:
        result, _took, _ = _fetch(fetcher, routes, "/a.html")
    assert "the server asked for more than 604800 s (Retry-After)" in result.detail, result.detail  # type: ignore[attr-defined]
    assert "e+" not in result.detail  # type: ignore[attr-defined]


@pytest.mark.parametrize("retry_after", ["99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_a_retry_after_of_ages_rests_the_host_for_the_run_even_in_the_cluster(tmp_path: Path, retry_after: str) -> None:
    """Retry-After: 10^23 s, or the year 9999, on a 503 or 429: the host is not asked again this
    run, and the result says so, not raises. The cluster's politeness keeps the rest as a Redis
    expiry, which Redis refuses past 2^63 ms: the fetch raised ResponseError there."""
    redis = pytest.importorskip("redis")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    from policywatch.distributed.localcluster import RedisServer
    from policywatch.distributed.politeness import ClusterPoliteness

    asked: list[str] = []
    routes = {"/robots.txt": NO_ROBOTS, "asked": asked,
              "/a.html": send(head("503 Service Unavailable", Retry_After=retry_after, Content_Length="0")),
              "/b.html": send(head("429 Too Many Requests", Retry_After=retry_after, Content_Length="0"))}
    server = RedisServer(tmp_path).start()
    try:
        politeness = ClusterPoliteness(redis.Redis.from_url(server.url), run_key="run-1", failure_limit=5,
                                       cooldown=60.0, lease=5.0)
        with raw_server(routes) as base, Fetcher(SETTINGS, politeness=politeness) as fetcher:  # type: ignore[arg-type]
            first = fetcher.fetch(base + "/a.html", source=_source(base))
            second = fetcher.fetch(base + "/b.html", source=_source(base))
    finally:
        server.stop()
    assert first.outcome is FetchOutcome.HTTP_ERROR and "is not asked again this run" in first.detail, first.detail
    assert second.outcome is FetchOutcome.THROTTLED and "Retry-After" in second.detail, second.detail
    assert "/b.html" not in asked


def test_a_calendar_of_endless_fresh_days_stops_at_max_pages_incomplete() -> None:
    """A pager trap whose every page (?date=…, one day on) names a new document and a next day,
    for ever: the walk asks max_pages pages, keeps what they listed, and counts the listing
    incomplete (nothing unlisted is taken for gone). The calendar whose days are empty, ended at
    its first empty day, is tests/test_site_traps.py's."""
    from datetime import date, timedelta
    from urllib.parse import parse_qs, urlsplit

    from policywatch.crawler.discover import discover
    from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
    from tests.govsite import fetch_page

    def day_page(request: RecordedRequest) -> Response | None:
        if request.route != "/zcwj/list.jsp":
            return None
        n = int(parse_qs(urlsplit(request.path).query).get("n", ["0"])[0])
        day = date(2024, 1, 1) + timedelta(days=n)
        row = (f'<li><a href="/zcwj/{day:%Y%m}/t{day:%Y%m%d}_{n}.html">关于{day:%Y年%m月%d日}工作安排的通知</a>'
               f"<span>{day:%Y-%m-%d}</span></li><li><a href='/zcwj/{day:%Y%m}/t{day:%Y%m%d}_{n + 10**6}.html'>"
               f"关于{day:%Y年%m月%d日}值班安排的通知</a><span>{day:%Y-%m-%d}</span></li>")
        return Response(body=traps.page("政策文件", f'<ul class="list">{row}</ul><a href="list.jsp?n={n + 1}&date={day + timedelta(days=1)}">下一页</a>'),
                        headers=traps.HTML)

    with LoopbackSite() as site:
        site.fault_hook = day_page
        source = SourceConfig(name="cal", listing_urls=(site.url("/zcwj/list.jsp?n=0"),), profile="trs",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=25)
        asked = len(site.requests_to("/zcwj/list.jsp"))
    assert asked == 25 and len(found.refs) == 50 and not found.complete
