"""Tiny loopback servers for hostile-network tests: trickling responses, twin addresses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder(BaseHTTPRequestHandler):
    """Answers every GET/POST with a small page naming the server; records the paths asked."""

    label = "server"
    hits: list[str]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.hits.append(f"{self.command} {self.path}")
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
        else:
            body = (f"<html><head><meta charset='utf-8'><title>{self.label}</title></head><body>"
                    f"<div class='TRS_Editor'><p>served by {self.label}</p></div></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def recording_server(address: str, port: int, label: str) -> ThreadingHTTPServer:
    handler = type(f"Recorder_{label}", (Recorder,), {"label": label, "hits": []})
    server = ThreadingHTTPServer((address, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def twin_servers() -> Iterator[tuple[int, ThreadingHTTPServer, ThreadingHTTPServer]]:
    """One port served on 127.0.0.2 ("public") and on 127.0.0.1 ("private")."""
    for _ in range(20):
        public = recording_server("127.0.0.2", 0, "public")
        port = public.server_address[1]
        try:
            private = recording_server("127.0.0.1", port, "private")
        except OSError:
            public.shutdown()
            public.server_close()
            continue
        break
    else:  # pragma: no cover
        raise RuntimeError("no port free on both 127.0.0.1 and 127.0.0.2")
    try:
        yield port, public, private
    finally:
        for server in (public, private):
            server.shutdown()
            server.server_close()


def serve_each(listener: socket.socket, stop: threading.Event, serve: Callable[[socket.socket], None]) -> threading.Thread:
    """Accept connections on `listener` (until `stop` or its closing), each served by `serve` in a
    thread; the accepting thread, for stop_serving to wait for."""

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            if stop.is_set():  # a connection that raced the stop: refused, not served
                conn.close()
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    return thread


def stop_serving(listener: socket.socket, stop: threading.Event, accepting: threading.Thread) -> None:
    """Stop a serve_each server: its port closed once this returns. close() alone does not wake a
    thread blocked in accept() (the port kept answering after the test, and every server left an
    accepting thread alive); shutdown does, and the thread is waited for."""
    stop.set()
    with suppress(OSError):
        listener.shutdown(socket.SHUT_RDWR)
    listener.close()
    accepting.join(timeout=5)


@contextmanager
def trickling_server(*, headers_first: bool, interval: float = 0.5) -> Iterator[str]:
    """A server that answers every request one byte per `interval` seconds, forever.

    headers_first: send complete headers (Content-Length: 1000000) and trickle the body;
    otherwise trickle the status line and headers themselves.
    """
    def serve(conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            try:
                conn.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n"
                if headers_first:
                    conn.sendall(head)
                    data = b"<html>" + b"x" * 1_000_000
                else:
                    data = head
                for byte in data:
                    if stop.wait(interval):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    with _serving(serve) as base:
        yield base


@contextmanager
def _serving(serve: Callable[[socket.socket, threading.Event], None]) -> Iterator[str]:
    """http://127.0.0.1:<port> of a raw socket server handing each connection (and the event
    set when it stops) to `serve` in a thread of its own."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()
    accepting = serve_each(listener, stop, lambda conn: serve(conn, stop))
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop_serving(listener, stop, accepting)


@contextmanager
def dribbling_tls_server(*, interval: float | None) -> Iterator[tuple[str, list[int]]]:
    """A TLS server (trustme certificate) that accepts TCP and then drags out the handshake.

    interval: send its handshake answer one byte per `interval` seconds (each byte restarts
    the client's read timeout); None: send nothing at all after the ClientHello.
    Yields the https base URL and a one-item list counting the handshake bytes sent.
    """
    import ssl

    import trustme

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()
    sent = [0]

    def serve(conn: socket.socket) -> None:
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(incoming, outgoing, server_side=True)
        with conn:
            try:
                incoming.write(conn.recv(65536))  # the ClientHello
                with suppress(ssl.SSLWantReadError):  # it wants the client's next flight: as planned
                    tls.do_handshake()
                answer = outgoing.read()
                for byte in answer if interval is not None else b"":
                    if stop.wait(interval):
                        return
                    conn.sendall(bytes([byte]))
                    sent[0] += 1
                stop.wait()
            except (OSError, ssl.SSLError):
                return

    accepting = serve_each(listener, stop, serve)
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}", sent
    finally:
        stop_serving(listener, stop, accepting)


@contextmanager
def lying_length_server(pages: dict[str, bytes], lengths: dict[str, int],
                        gzipped: frozenset[str] = frozenset()) -> Iterator[str]:
    """A keep-alive HTML server whose Content-Length may lie: `lengths[path]`, when set, is sent
    in place of the body's length (a CMS counting characters rather than bytes, a proxy that
    rewrote the page and kept its length). The whole body is sent all the same, as such servers
    do. Paths in `gzipped` are sent gzip-compressed. Other paths answer 404. Both dicts may be
    changed between requests."""
    import gzip

    def serve(conn: socket.socket, stop: threading.Event) -> None:
        with conn, conn.makefile("rb") as incoming:
            try:
                while not stop.is_set():
                    request = incoming.readline()
                    if not request:
                        return
                    path = request.split()[1].decode()
                    while incoming.readline() not in (b"\r\n", b""):
                        pass
                    body = pages.get(path)
                    if body is None:
                        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                        continue
                    encoding = b""
                    if path in gzipped:
                        body, encoding = gzip.compress(body), b"Content-Encoding: gzip\r\n"
                    length = lengths.get(path, len(body))
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + encoding
                                 + b"Content-Length: %d\r\n\r\n" % length + body)
            except OSError:
                return

    with _serving(serve) as base:
        yield base


# What a raw_server route writes on its connection: (the connection, the server's stop event).
RawAnswer = Callable[[socket.socket, threading.Event], None]


@contextmanager
def raw_server(routes: dict[str, RawAnswer]) -> Iterator[str]:
    """A server answering each request by its path's function, which writes whatever bytes it
    likes (a lying header, a header line of a megabyte, a body that never ends); one request per
    connection. Paths not routed answer 404; every path asked is appended to `routes["asked"]`
    when that key holds a list."""
    asked: list[str] = routes.get("asked", [])  # type: ignore[assignment]

    def serve(conn: socket.socket, stop: threading.Event) -> None:
        with conn, conn.makefile("rb") as incoming:
            try:
                request = incoming.readline()
                while incoming.readline() not in (b"\r\n", b""):
                    pass
                path = request.split()[1].decode() if len(request.split()) > 1 else "/"
                asked.append(path)
                answer = routes.get(path)
                if callable(answer):
                    answer(conn, stop)
                else:
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                return

    with _serving(serve) as base:
        yield base


def head(status: str = "200 OK", **headers: str) -> bytes:
    """A status line and headers (Header_Name=value is written Header-Name: value), ended; with
    Connection: close (raw_server answers one request per connection)."""
    headers = {"Connection": "close", **headers}
    lines = [f"HTTP/1.1 {status}", *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
