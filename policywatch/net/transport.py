"""HTTP sessions that connect only where the guard approved, and deadlines that end a request.

    session = pinned_session(guard)            # requests.Session; every connection is pinned
    with Deadline(seconds) as deadline:        # connect + headers + body, whatever the server does
        response = session.get(url, ...)
        ...
    deadline.expired                           # True when the deadline cut the request off

Pinning: the connection classes look up `guard.approved_addresses(host, port)` and connect to
those addresses only; with none approved they refuse to connect. The URL's host name is kept
for the Host header, TLS server name and certificate check. Environment proxies are ignored:
a proxy would make the connection somewhere the guard never judged.

Deadlines: a watchdog thread shuts down every socket the request used in this thread once the
deadline passes, so a server trickling one byte per second (in the headers or the body) is cut off at
the deadline, not after `read_timeout` per byte. Per-read timeouts still apply as well.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as _connection

from policywatch.net.guard import NetGuard

__all__ = ["Deadline", "DeadlineExceeded", "current_deadline", "pinned_adapter", "pinned_session"]

_local = threading.local()


class DeadlineExceeded(TimeoutError):
    """The request's total deadline passed."""


class Deadline:
    """A total time budget for the requests made in this thread inside the `with` block."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._outer: Deadline | None = None
        self.key = -1  # the watchdog's

    def __enter__(self) -> Deadline:
        self._outer = getattr(_local, "deadline", None)
        _local.deadline = self
        _WATCHDOG.add(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _WATCHDOG.discard(self)
        _local.deadline = self._outer
        with self._lock:
            self._sockets.clear()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def check(self) -> None:
        """DeadlineExceeded once the deadline has passed (for loops reading a body)."""
        if self.expired or self.remaining() <= 0:
            self.expired = True
            raise DeadlineExceeded(f"total deadline of {self.seconds:g} s exceeded")

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shutdown(sock)
            elif sock not in self._sockets:
                self._sockets.append(sock)

    def expire(self) -> None:
        """Shut down every socket the request used: whatever it was waiting for ends now."""
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


class _Watchdog:
    """One daemon thread expiring the deadlines in flight (a thread per request would cost
    more than a kept-alive 304 re-check itself)."""

    def __init__(self) -> None:
        self._active: dict[int, Deadline] = {}
        self._heap: list[tuple[float, int]] = []
        self._keys = itertools.count()  # not id(): a finished deadline's id is soon reused
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, deadline: Deadline) -> None:
        with self._wake:
            deadline.key = next(self._keys)
            self._active[deadline.key] = deadline
            heapq.heappush(self._heap, (deadline.at, deadline.key))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="policywatch-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][1] == deadline.key:
                self._wake.notify()

    def discard(self, deadline: Deadline) -> None:
        with self._wake:
            self._active.pop(deadline.key, None)
            if len(self._heap) > 2 * len(self._active) + 1000:  # finished requests' entries pile up
                self._heap = [(d.at, key) for key, d in self._active.items()]
                heapq.heapify(self._heap)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._heap and self._heap[0][1] not in self._active:
                    heapq.heappop(self._heap)  # finished before its deadline
                if not self._heap:
                    self._wake.wait(30.0)
                    continue
                at, key = self._heap[0]
                left = at - time.monotonic()
                if left > 0:
                    self._wake.wait(left)
                    continue
                heapq.heappop(self._heap)
                deadline = self._active.pop(key, None)
            if deadline is not None:
                deadline.expire()


_WATCHDOG = _Watchdog()


def current_deadline() -> Deadline | None:
    return getattr(_local, "deadline", None)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # a blocked recv returns at once; the pool drops the connection


def _watch(sock: socket.socket | None) -> None:
    deadline = current_deadline()
    if deadline is not None:
        deadline.watch(sock)


class _PinnedMixin:
    """Connects to the addresses the guard approved for (host, port), in order."""

    guard: NetGuard
    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any
    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        addresses = self.guard.approved_addresses(self.host, self.port)
        if not addresses:
            raise NewConnectionError(self, f"{self.host}:{self.port} was not approved by the network guard")  # type: ignore[arg-type]
        timeout = self.timeout
        deadline = current_deadline()
        if deadline is not None and isinstance(timeout, (int, float)):
            timeout = max(0.01, min(timeout, deadline.remaining()))
        error: OSError | None = None
        for address in addresses:
            try:
                sock = _connection.create_connection((address, self.port), timeout,
                                                     source_address=self.source_address,
                                                     socket_options=self.socket_options)
            except TimeoutError as exc:
                error = ConnectTimeoutError(self, f"Connection to {self.host} ({address}) timed out")  # type: ignore[assignment]
                error.__cause__ = exc
                continue
            except OSError as exc:
                error = exc
                continue
            _watch(sock)
            return sock
        if isinstance(error, ConnectTimeoutError):
            raise error
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}")  # type: ignore[arg-type]

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _watch(self.sock)  # after TLS: the socket that is read from now

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self.sock)  # a kept-alive connection is watched by this request's deadline too
        super().request(*args, **kwargs)  # type: ignore[misc]


class _PinnedHTTPConnection(_PinnedMixin, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedMixin, HTTPSConnection):
    pass


class _PinnedAdapter(HTTPAdapter):
    def __init__(self, guard: NetGuard, *, ssl_context: Any = None, **kwargs: Any) -> None:
        self._guard = guard
        self._ssl_context = ssl_context  # e.g. crawler.tls's legacy context for one source's hosts
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        if self._ssl_context is not None:
            kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)
        attrs = {"guard": self._guard}
        http = type("GuardedHTTPConnection", (_PinnedHTTPConnection,), attrs)
        https = type("GuardedHTTPSConnection", (_PinnedHTTPSConnection,), attrs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }

    def __getstate__(self) -> dict[str, Any]:  # pragma: no cover - requests pickles adapters rarely
        raise TypeError("a pinned adapter is bound to its guard and cannot be pickled")


def pinned_adapter(guard: NetGuard, *, pool: int = 10, ssl_context: Any = None) -> HTTPAdapter:
    """A transport adapter whose connections go only to addresses `guard` approved (optionally
    with its own SSL context); `session.mount` it for a URL prefix."""
    return _PinnedAdapter(guard, ssl_context=ssl_context, pool_connections=pool, pool_maxsize=pool, max_retries=0)


def pinned_session(guard: NetGuard, *, pool: int = 10) -> requests.Session:
    """A requests session whose connections go only to addresses `guard` approved.

    Call `guard.check(url, ...)` before each request (and redirect hop): a host it never
    approved cannot be connected to at all.
    """
    session = requests.Session()
    session.trust_env = False  # an environment proxy would take the connection past the guard
    adapter = pinned_adapter(guard, pool=pool)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
