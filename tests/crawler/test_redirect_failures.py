"""A fetch that fails after a redirect names the URL it failed at beside the URL asked for: the run
names the document by its listed URL, and "HTTP 500" alone sent the reader to a page that answers.
The reason itself stays the same for every document, so a site-wide failure is one warning line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler import Fetcher
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import FetchOutcome
from tests import traps
from tests.unseen import run_json, write_config


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("answer", "outcome"), [
    (Response(status=500, body=b"<html><body>HTTP Status 500 - Internal Server Error</body></html>"),
     FetchOutcome.HTTP_ERROR),
    (Response(status=404, body=b"<html><body>Not Found</body></html>"), FetchOutcome.NOT_FOUND),
    (Response(body=traps.SOFT_404, headers=traps.HTML), FetchOutcome.SOFT_404),
    (None, FetchOutcome.NETWORK_ERROR),
], ids=["500", "404", "soft-404", "refused-connection"])
def test_a_failure_after_a_redirect_names_both_urls(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher,
                                                    answer: Response | None, outcome: FetchOutcome) -> None:
    asked = site.url("/zcwj/202401/t20240105_101.html")
    target = (site.url("/newsite/zcwj/t20240105_101.html") if answer is not None
              else f"http://127.0.0.1:{_closed_port()}/zcwj/t20240105_101.html")
    site.route("/zcwj/202401/t20240105_101.html", Response(status=302, headers={"Location": target}))
    if answer is not None:
        site.route("/newsite/zcwj/t20240105_101.html", answer)
    result = fetcher.fetch(asked, source=source)
    assert result.outcome is outcome and result.url == asked and result.final_url == target
    assert asked not in result.detail and target.rpartition("/")[2] not in result.detail, result.detail


def test_a_direct_failure_is_said_as_before(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    site.route("/gone.html", Response(status=404))
    assert fetcher.fetch(site.url("/gone.html"), source=source).detail == "HTTP 404"


def test_the_run_names_where_a_redirected_document_failed(tmp_path: Path) -> None:
    first, second = list(traps.DOCS)
    routes = {**traps._column([first, second]),
              first: Response(status=301, headers={"Location": "/cms/show.jsp?id=101"}),
              "/cms/show.jsp": Response(status=503, body=b"<html><body>Service Unavailable</body></html>")}
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("moved", site.base_url))
        report = run_json(config)
    (unread,) = [u for u in report["unread"] if u["url"].endswith(first)]
    assert unread["at"].endswith("/cms/show.jsp?id=101") and first not in unread["detail"], unread
    (line,) = [w for w in report["warnings"] if "not read this run" in w]
    assert line.startswith(unread["url"]) and "(at " + unread["at"] + ")" in line and line.count(first) == 1, line


def test_a_site_wide_failure_behind_redirects_is_one_warning_line(tmp_path: Path) -> None:
    """The column moved: each of 8 documents redirects to its own address on a new CMS that is down
    (503). The reason is one, so the warnings say it once, naming the first few; run --json's
    unread names each document and where it failed."""
    paths = [f"/zcwj/202401/t2024010{d}_{100 + d}.html" for d in range(1, 9)]
    rows = "".join(f'<li><a href="{p}">关于印发第{i}号政策文件的通知</a><span>2024-01-0{i + 1}</span></li>'
                   for i, p in enumerate(paths))
    routes = {"/zcwj/index.html": Response(body=traps.page("政策文件", f'<ul class="list">{rows}</ul>'), headers=traps.HTML)}
    for p in paths:
        routes[p] = Response(status=301, headers={"Location": "/new" + p})
        routes["/new" + p] = Response(status=503, body=b"<html><body>Service Unavailable</body></html>")
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("moved", site.base_url))
        report = run_json(config)
        base = site.base_url
    lines = [w for w in report["warnings"] if "not read this run" in w]
    assert len(lines) == 1 and "8 documents not read this run" in lines[0], lines
    assert sorted(u["at"].removeprefix(base) for u in report["unread"]) == sorted("/new" + p for p in paths)
