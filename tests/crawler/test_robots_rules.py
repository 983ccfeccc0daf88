"""robots.txt files as sites really write them, read as RFC 9309 says, against the loopback site.

Each file forbids a path that a first-match, literal-path reader (urllib.robotparser) lets
through, or allows one it refuses: `Allow: /` written above the Disallow lines, a `*`/`$`
pattern, a byte order mark from Windows Notepad, a file past 500 KiB (a generated list of
paths, or one that never ends). A forbidden page is never requested.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler import Fetcher
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import FetchOutcome
from tests.crawler.pages import policy_html

OK_PAGE = Response(body=policy_html().encode(), headers={"Content-Type": "text/html; charset=utf-8"})
PRIVATE = "/xxgk/private/t20240105_1.html"
PUBLIC = "/xxgk/zcwj/t20240105_2.html"
# a generated robots.txt: one Disallow line per retired column, far past 500 KiB
RETIRED = "".join(f"Disallow: /old/col{n}/\n" for n in range(40_000)).encode()


def _endless() -> Iterator[bytes]:
    yield b"User-agent: *\nDisallow: /xxgk/private/\n"
    while True:  # a robots.txt that never ends (a script stuck in a loop)
        yield b"# " + b"x" * 8190 + b"\n"


@pytest.mark.parametrize(("robots", "forbidden", "allowed"), [
    # the order of the lines is not their weight: the longer path decides
    (b"User-agent: *\nAllow: /\nDisallow: /xxgk/private/\n", PRIVATE, PUBLIC),
    (b"User-agent: *\nDisallow: /\nAllow: /xxgk/zcwj/\n", PRIVATE, PUBLIC),
    # patterns: every PDF, every search query, and a `$` that ends the path
    (b"User-agent: *\nDisallow: /*.pdf$\n", "/xxgk/fj/P020240105.pdf", "/xxgk/fj/P020240105.pdf.html"),
    (b"User-agent: *\nDisallow: /*?keyword=\n", "/search.jsp?keyword=%E6%94%BF%E7%AD%96", "/search.jsp"),
    (b"User-agent: *\nDisallow: /xxgk/*/t2024\n", PRIVATE, "/xxgk/t20240105_3.html"),
    # saved with a byte order mark: the first group is still a group
    (b"\xef\xbb\xbfUser-agent: *\nDisallow: /xxgk/private/\n", PRIVATE, PUBLIC),
    # a folder named in Chinese, written raw in the file and escaped in the link
    ("User-agent: *\nDisallow: /政策文件/\n".encode(), "/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/t1.html", PUBLIC),
    # past 500 KiB: the rules up to there still hold
    (b"User-agent: *\nDisallow: /xxgk/private/\n" + RETIRED, PRIVATE, PUBLIC),
    (_endless, PRIVATE, PUBLIC),
], ids=["allow-first", "allow-narrower", "pdf-dollar", "query", "star-middle", "bom", "chinese", "huge", "endless"])
def test_robots_rules_are_read_as_rfc_9309_says(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher,
                                               robots: object, forbidden: str, allowed: str) -> None:
    site.route("/robots.txt", Response(body=robots() if callable(robots) else robots,  # type: ignore[arg-type]
                                       headers={"Content-Type": "text/plain"}))
    site.route(forbidden.split("?")[0], OK_PAGE)
    site.route(allowed.split("?")[0], OK_PAGE)
    refused = fetcher.fetch(site.url(forbidden), source=source)
    assert refused.outcome is FetchOutcome.ROBOTS_DISALLOWED, refused.detail
    assert "is disallowed by" in refused.detail
    assert site.requests_to(forbidden.split("?")[0]) == []
    assert fetcher.fetch(site.url(allowed), source=source).ok
    assert len(site.requests_to("/robots.txt")) == 1


def test_a_group_naming_us_is_ours_whatever_else_the_file_says(site: LoopbackSite, source: SourceConfig,
                                                               fetcher: Fetcher) -> None:
    """Two groups naming policywatch are one; the `*` group is then not ours at all."""
    site.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /\n\nUser-agent: Policywatch\n"
                                            b"Disallow: /xxgk/private/\n\nUser-agent: Baiduspider\nDisallow: /xxgk/\n"
                                            b"\nuser-agent: policywatch\nDisallow: /tmp/\n"))
    for path in (PRIVATE, PUBLIC, "/tmp/a.html"):
        site.route(path, OK_PAGE)
    assert fetcher.fetch(site.url(PUBLIC), source=source).ok
    for path in (PRIVATE, "/tmp/a.html"):
        assert fetcher.fetch(site.url(path), source=source).outcome is FetchOutcome.ROBOTS_DISALLOWED
        assert site.requests_to(path) == []


def test_a_gzipped_robots_txt_short_of_its_trailer_is_read(site: LoopbackSite, source: SourceConfig,
                                                           fetcher: Fetcher) -> None:
    """A server that never writes the gzip trailer: its robots.txt is its rules, not an
    unreachable file that would disallow the whole host for the run."""
    import gzip

    rules = b"User-agent: *\nDisallow: /xxgk/private/\n"
    site.route("/robots.txt", Response(body=gzip.compress(rules)[:-8],
                                       headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"}))
    for path in (PRIVATE, PUBLIC):
        site.route(path, OK_PAGE)
    assert fetcher.fetch(site.url(PUBLIC), source=source).ok
    assert fetcher.fetch(site.url(PRIVATE), source=source).outcome is FetchOutcome.ROBOTS_DISALLOWED
