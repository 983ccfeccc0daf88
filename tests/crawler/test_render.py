"""render = "browser": a listing built by JavaScript from a JSON call, read in headless Chromium.

Every request the browser makes goes through the crawler's Fetcher (via the filtering proxy):
a request to another host (127.0.0.2 stands in for one; only loopback is ever used) or to a
private address is refused before anything connects.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.crawler import BrowserRenderer, Fetcher, browser_available, discover
from policywatch.crawler.renderproxy import FilteringProxy
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import FetchOutcome
from policywatch.pipeline import run_once
from policywatch.state import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser,
              pytest.mark.skipif(bool(browser_available()), reason=browser_available() or "browser available")]

DOCUMENTS = [("/zcwj/202401/t20240105_1.html", "关于印发人工智能产业扶持办法的通知"),
             ("/zcwj/202401/t20240108_2.html", "关于开展2024年度算力券申报工作的通知"),
             ("/zcwj/202312/t20231220_3.html", "市政府办公厅关于促进数据要素市场发展的实施意见")]
STATIC = """<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">{items}</ul>
</body></html>"""
DYNAMIC = """<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list" id="list"></ul>
<script>
fetch("http://127.0.0.2:{other}/track.json").catch(function () {{}});  // another host: must be refused
fetch("/api/list.json").then(function (r) {{ return r.json(); }}).then(function (items) {{
  var list = document.getElementById("list");
  items.forEach(function (item) {{
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = item.url; a.textContent = item.title; li.appendChild(a); list.appendChild(li);
  }});
}});
</script></body></html>"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def other_host() -> Iterator[tuple[int, list[str]]]:
    """A server on 127.0.0.2: the 'other host' the page's script calls. It must hear nothing."""
    seen: ClassVar[list[str]] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), type("_R", (_Recorder,), {"seen": seen}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(tmp_path: Path, other_host) -> Iterator[LoopbackSite]:
    port, _ = other_host
    items = "".join(f'<li><a href="{url}">{title}</a></li>' for url, title in DOCUMENTS)
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "index.html").write_text(STATIC.format(items=items), encoding="utf-8")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "index.html").write_text(DYNAMIC.format(other=port), encoding="utf-8")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "list.json").write_text(
        json.dumps([{"url": url, "title": title} for url, title in DOCUMENTS], ensure_ascii=False), encoding="utf-8")
    for url, title in DOCUMENTS:
        page = tmp_path / url.lstrip("/")
        page.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f"<p>第{n}条 {title}的第{n}项规定，自发布之日起施行，各单位应当认真贯彻执行。</p>" for n in range(1, 6))
        page.write_text(f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
                        f"<div class='TRS_Editor'><h1>{title}</h1>{body}</div></body></html>", encoding="utf-8")
    with LoopbackSite(tmp_path) as running:
        yield running


def test_a_javascript_list_yields_the_documents_of_its_static_twin_and_other_hosts_are_refused(site, other_host):
    _, heard = other_host
    static = SourceConfig(name="static", listing_urls=(site.url("/static/index.html"),), allow_private=True)
    dynamic = SourceConfig(name="js", listing_urls=(site.url("/js/index.html"),), allow_private=True,
                           render="browser", render_wait="#list a")
    with Fetcher(FetchSettings(min_delay=0.0, retries=0)) as fetcher:
        plain = discover(dynamic, lambda url, data=None: fetcher.fetch(url, source=dynamic, data=data), max_pages=1)
        assert plain.unsupported and 'render = "browser"' in plain.error  # probe's advice
        site.route("/moved", Response(status=302, headers={"Location": "/js/index.html"}))
        with BrowserRenderer(fetcher, dynamic) as renderer:
            rendered = discover(dynamic, renderer.fetch_page, max_pages=1)
            refused = renderer.refused
            served = len(site.requests_to("/js/index.html"))
            # a moved listing: the browser follows the Fetcher's redirect without a second request
            moved = discover(replace(dynamic, listing_urls=(site.url("/moved"),)), renderer.fetch_page, max_pages=1)
            assert len(site.requests_to("/js/index.html")) == served + 1
        twin = discover(static, lambda url, data=None: fetcher.fetch(url, source=static, data=data), max_pages=1)
    assert [(r.url, r.listed_title) for r in rendered.refs] == [(r.url, r.listed_title) for r in twin.refs]
    assert len(rendered.refs) == len(DOCUMENTS) and not rendered.unsupported
    assert [r.url for r in moved.refs] == [r.url for r in rendered.refs]
    assert any("127.0.0.2" in url for url, _ in refused), refused
    assert heard == []  # the refused request never left the proxy
    assert site.requests_to("/api/list.json")  # the page's own data call went through the crawler


def test_a_private_address_is_refused_to_the_browser_too(site):
    strict = SourceConfig(name="js", listing_urls=(site.url("/js/index.html"),), render="browser")
    with Fetcher(FetchSettings(min_delay=0.0, retries=0)) as fetcher, BrowserRenderer(fetcher, strict) as renderer:
        result = renderer.fetch_page(site.url("/js/index.html"))
        refused = renderer.refused
    assert result.outcome is FetchOutcome.REFUSED and "non-public address" in result.detail
    assert refused and not site.requests_to("/js/index.html")


def test_a_run_watches_the_documents_of_a_rendered_listing(site, tmp_path):
    source = SourceConfig(name="js", listing_urls=(site.url("/js/index.html"),), allow_private=True,
                          render="browser", min_delay=0.0)
    config = Settings(database=tmp_path / "pw.db", output_dir=tmp_path / "out",
                      fetch=FetchSettings(min_delay=0.0, retries=0), sources=(source,))
    with Store.open(config.database) as store:
        run_once(config, store, build_report_site=False, deliver=False)
        urls = sorted(d.url for d in store.documents("js"))
    assert urls == sorted(site.url(url) for url, _ in DOCUMENTS)


def _connect(proxy: str, target: str) -> tuple[bytes, socket.socket]:
    host, port = proxy.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
    return sock.recv(1024), sock


def test_a_connect_tunnel_opens_only_to_an_allowed_host(site, other_host):
    port, heard = other_host
    source = SourceConfig(name="js", listing_urls=(site.url("/"),), allow_private=True)
    with Fetcher(FetchSettings(min_delay=0.0)) as fetcher, FilteringProxy(fetcher, source) as proxy:
        refused, sock = _connect(proxy.address, f"127.0.0.2:{port}")
        sock.close()
        answer, tunnel = _connect(proxy.address, site.url("/").removeprefix("http://").rstrip("/"))
        with tunnel:
            tunnel.sendall(b"GET /static/index.html HTTP/1.0\r\nHost: x\r\n\r\n")
            page = b"".join(iter(lambda: tunnel.recv(65536), b""))
    assert refused.startswith(b"HTTP/1.0 403") and heard == []
    assert answer.startswith(b"HTTP/1.0 200") and "人工智能产业扶持办法".encode() in page
    assert proxy.log.refused and "127.0.0.2" in proxy.log.refused[0][0]
