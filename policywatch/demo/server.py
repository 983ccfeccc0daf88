"""A loopback HTTP server imitating a government site: static files plus scripted routes.

Used by `policywatch demo` and by the tests. It binds 127.0.0.1 on a free port only, serves a
directory (which can be swapped to switch the site from its "before" to its "after" state),
answers conditional GETs for static files, and lets tests script any path to misbehave
(status codes, slow or truncated bodies, resets, redirects). Every request is logged with its
arrival time so tests can assert politeness.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import mimetypes
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Many government servers send Content-Type without a charset; the demo does the same so that
# the crawler's decoding is exercised the way real sites exercise it.
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".json": "application/json",
    ".xml": "text/xml",
    ".jsp": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".css": "text/css",
    ".js": "application/javascript",
}
HEADERS_FILE = "_headers.json"  # optional per-site file: {"/path": {"Header": "value"}}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str  # path with query string
    headers: dict[str, str]
    received_at: float  # time.monotonic()
    body: bytes = b""

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


@dataclass
class Response:
    """A scripted answer. `body` may be bytes or an iterable of chunks (streamed)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # close the connection without answering
    truncate_at: int | None = None  # send only this many body bytes of a declared length


Handler = Callable[[RecordedRequest], Response]


class LoopbackSite:
    """Serve a directory and scripted routes on 127.0.0.1:<free port>.

    >>> with LoopbackSite(root) as site:
    ...     site.route("/busy.html", Response(status=429, headers={"Retry-After": "2"}))
    ...     requests.get(site.url("/busy.html"))
    """

    def __init__(self, root: Path | None = None, *, routes: dict[str, Handler | Response] | None = None):
        self.root = root
        self._routes: dict[str, Handler] = {}
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        # Consulted before routes and files; returning a Response injects a fault (tests, soak).
        self.fault_hook: Callable[[RecordedRequest], Response | None] | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for path, handler in (routes or {}).items():
            self.route(path, handler)

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> LoopbackSite:
        site = self

        class _Handler(_RequestHandler):
            owner = site

        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        # A short poll interval makes stop() quick (tests start and stop many sites).
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="loopback-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LoopbackSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # -- configuration -------------------------------------------------------------

    def route(self, path: str, handler: Handler | Response) -> None:
        """Answer `path` (without query) with a fixed Response or a callable."""
        if isinstance(handler, Response):
            fixed = handler
            self._routes[path] = lambda request: fixed
        else:
            self._routes[path] = handler

    def unroute(self, path: str) -> None:
        self._routes.pop(path, None)

    def set_root(self, root: Path) -> None:
        """Switch the directory served (e.g. the demo site's "before" to "after")."""
        self.root = root

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.route == path]

    # -- serving -------------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _answer(self, request: RecordedRequest) -> Response:
        if self.fault_hook is not None:
            fault = self.fault_hook(request)
            if fault is not None:
                return fault
        handler = self._routes.get(request.route)
        if handler is not None:
            return handler(request)
        return self._static(request)

    def _static(self, request: RecordedRequest) -> Response:
        if self.root is None:
            return Response(status=404, body=b"not found")
        route = request.route
        if route.endswith("/"):
            route += "index.html"
        target = (self.root / route.lstrip("/")).resolve()
        root = self.root.resolve()
        if (root not in target.parents and target != root) or not target.is_file():
            return Response(status=404, body=_NOT_FOUND_PAGE, headers={"Content-Type": "text/html"})
        body = target.read_bytes()
        headers = {"Content-Type": CONTENT_TYPES.get(target.suffix, mimetypes.guess_type(target.name)[0] or "application/octet-stream")}
        headers.update(_extra_headers(root).get(route, {}))
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        headers.setdefault("ETag", etag)
        headers.setdefault("Last-Modified", modified)
        if request.headers.get("if-none-match") == headers["ETag"]:
            return Response(status=304, headers={"ETag": headers["ETag"]})
        if "if-none-match" not in request.headers and request.headers.get("if-modified-since") == headers["Last-Modified"]:
            return Response(status=304, headers={"Last-Modified": headers["Last-Modified"]})
        return Response(status=200, body=body, headers=headers)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up (a size limit, a closed pool) are routine for a test server.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def _extra_headers(root: Path) -> dict[str, dict[str, str]]:
    path = root / HEADERS_FILE
    if not path.is_file():
        return {}
    loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


_NOT_FOUND_PAGE = "<html><head><title>404</title></head><body>您访问的页面不存在</body></html>".encode()


class _RequestHandler(BaseHTTPRequestHandler):
    owner: LoopbackSite
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus the
    # client's delayed ACK stalls every keep-alive response by ~40 ms.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            received_at=time.monotonic(),
            body=body,
        )
        self.owner._record(request)
        response = self.owner._answer(request)
        if response.delay:
            time.sleep(response.delay)
        if response.reset:
            self._reset()
            return
        self.send_response(response.status)
        streamed = not isinstance(response.body, (bytes, bytearray))
        for name, value in response.headers.items():
            self.send_header(name, value)
        if streamed:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            assert isinstance(response.body, (bytes, bytearray))
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if head or response.status == 304:
            return
        try:
            if streamed:
                for chunk in _chunks(response.body):  # type: ignore[arg-type]
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                data = bytes(response.body)  # type: ignore[arg-type]
                if response.truncate_at is not None:
                    self.wfile.write(data[: response.truncate_at])
                    self.wfile.flush()
                    self._reset()
                    return
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. a body-size limit); nothing to do on a test server.
            self.close_connection = True

    def _reset(self) -> None:
        # SO_LINGER 0 makes close() send a RST, which is what a crashed or hostile server does.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.close_connection = True
        self.connection.close()

    def log_message(self, format: str, *args: object) -> None:
        # The request log is kept in memory; stderr stays quiet for the demo and tests.
        return


def _chunks(body: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in body:
        if chunk:
            yield chunk
