"""The filtering proxy every request of the rendering browser goes through.

Chromium is started with `--proxy-server` pointing here (and `--proxy-bypass-list=<-loopback>`,
so even loopback goes through it). A plain-HTTP request is not forwarded as such: it is
fetched by the run's own Fetcher for the source, so it passes exactly the crawler's rules —
allowed hosts, private-address guard, robots.txt, one request at a time per host with the
source's delay, size caps — and its outcome is recorded. A refused request gets a 403 and never
leaves the machine. An HTTPS CONNECT tunnel is opened only to an allowed host whose addresses
pass the same guard (and only to those addresses), after waiting its politeness turn. Style sheets, images, fonts and media
are answered 204 without any request: links come from the DOM and scripts, not from those.
"""

from __future__ import annotations

import http.server
import logging
import select
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from requests.utils import requote_uri

from policywatch.config import SourceConfig
from policywatch.crawler.fetcher import Fetcher
from policywatch.crawler.politeness import host_key
from policywatch.crawler.urls import on_hosts
from policywatch.model import FetchResult

__all__ = ["FilteringProxy", "ProxyLog"]

logger = logging.getLogger(__name__)

SKIPPED_SUFFIXES = (".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".woff", ".woff2", ".ttf",
                    ".eot", ".mp4", ".mp3", ".webm")
TUNNEL_IDLE = 30.0  # seconds a CONNECT tunnel may stay silent


@dataclass
class ProxyLog:
    """What the browser asked for: fetch results by URL, and the requests refused."""

    results: dict[str, FetchResult] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    # The Fetcher follows redirects itself; the browser is sent to the final URL (so relative
    # links resolve there) and served this result for it without a second request.
    redirected: dict[str, FetchResult] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, url: str, reason: str) -> None:
        logger.info("browser request refused: %s (%s)", url, reason)
        with self.lock:
            self.refused.append((url, reason))


class FilteringProxy:
    """A threaded HTTP proxy on 127.0.0.1 that fetches through `fetcher` for `source`."""

    def __init__(self, fetcher: Fetcher, source: SourceConfig) -> None:
        self.fetcher, self.source, self.log = fetcher, source, ProxyLog()
        handler = type("_Handler", (_Handler,), {"proxy": self})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="render-proxy", daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FilteringProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class _Handler(http.server.BaseHTTPRequestHandler):
    proxy: FilteringProxy
    protocol_version = "HTTP/1.0"  # one request per connection: no keep-alive state to guard

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("render proxy: " + format, *args)

    def do_GET(self) -> None:
        self._fetch(data=None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(length, 1_000_000)).decode("utf-8", "replace")
        self._fetch(data=dict(parse_qsl(raw, keep_blank_values=True)))

    def _fetch(self, *, data: dict[str, str] | None) -> None:
        url, log = self.path, self.proxy.log
        if not url.startswith("http://"):
            log.refuse(url, "not an absolute http:// URL")
            return self._answer(400, b"bad proxy request")
        if urlsplit(url).path.lower().endswith(SKIPPED_SUFFIXES):
            return self._answer(204, b"")
        with log.lock:
            result = log.redirected.pop(url, None) if data is None else None
        if result is None:
            result = self.proxy.fetcher.fetch(url, source=self.proxy.source, data=data)
            with log.lock:
                log.results[url] = result
                # the final URL is spelled as listings spell it (raw Chinese): escaped for a header
                moved = requote_uri(result.final_url) if result.ok and data is None and result.redirects else ""
                if moved == url:
                    moved = ""
                elif moved:
                    log.redirected[moved] = result
            if moved:
                return self._answer(302, b"", location=moved)
        if result.outcome.value in ("refused", "robots_disallowed"):
            log.refuse(url, result.detail)
            return self._answer(403, f"refused by policywatch: {result.detail}".encode())
        status = result.status or 502
        self._answer(status, result.body or b"", result.content_type or "application/octet-stream")

    def do_CONNECT(self) -> None:
        host, _, port_text = self.path.rpartition(":")
        host = host.strip("[]")
        port = int(port_text) if port_text.isdigit() else 443
        url = f"https://{host}:{port}/" if port != 443 else f"https://{host}/"
        source, fetcher, log = self.proxy.source, self.proxy.fetcher, self.proxy.log
        if not on_hosts(url, source.hosts):
            log.refuse(url, f"host {host!r} is not one of {', '.join(source.hosts)}")
            return self._answer(403, b"host not allowed")
        verdict = fetcher.guard.check(url, allow_private=source.allow_private)
        if not verdict.allowed:
            log.refuse(url, verdict.reason)
            return self._answer(403, b"address not allowed")
        key = host_key(url)
        delay = source.min_delay if source.min_delay is not None else fetcher.settings.min_delay
        with fetcher.politeness.slot(key):
            fetcher.politeness.wait_turn(key, delay)
            fetcher.politeness.finished(key, delay)
        upstream = None
        # Only to the addresses the guard just approved: resolving the name again could land elsewhere.
        for address in fetcher.guard.approved_addresses(host, port):
            try:
                upstream = socket.create_connection((address, port), timeout=fetcher.settings.connect_timeout)
                break
            except OSError:
                continue
        if upstream is None:
            return self._answer(502, f"cannot connect to {host}:{port}".encode())
        self.send_response(200, "Connection established")
        self.end_headers()
        _pipe(self.connection, upstream)

    def _answer(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
                location: str = "") -> None:
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the browser gave up on this request


def _pipe(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until either side closes or the tunnel idles out."""
    sockets = [client, upstream]
    try:
        while True:
            ready, _, _ = select.select(sockets, [], [], TUNNEL_IDLE)
            if not ready:
                return
            for sock in ready:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                (upstream if sock is client else client).sendall(chunk)
    except OSError:
        return
    finally:
        upstream.close()
