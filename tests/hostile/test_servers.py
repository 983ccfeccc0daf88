"""The hostile-test servers themselves: once their `with` ends, their port is closed and no
thread of theirs is left accepting (a thread blocked in accept() outlived listener.close(), the
port kept answering, and the hostile tests left dozens of such threads behind)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager
from urllib.parse import urlsplit

import pytest

from tests.hostile.servers import head, lying_length_server, raw_server, trickling_server


def _answer(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(head(Content_Length="2") + b"ok")


SERVERS: dict[str, Callable[[], AbstractContextManager[str]]] = {
    "raw": lambda: raw_server({"/p.html": _answer}),
    "lying_length": lambda: lying_length_server({"/p.html": b"<html>ok</html>"}, {}),
    "trickling": lambda: trickling_server(headers_first=True, interval=0.05),
}


@pytest.mark.parametrize("kind", sorted(SERVERS))
def test_a_server_s_port_is_closed_and_its_threads_gone_once_its_with_ends(kind: str) -> None:
    before = set(threading.enumerate())
    with SERVERS[kind]() as base:
        if kind != "trickling":
            with urllib.request.urlopen(base + "/p.html", timeout=5) as answer:
                assert answer.read()
        port = urlsplit(base).port
        assert port is not None
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    deadline = time.monotonic() + 5
    while (left := [t for t in threading.enumerate() if t not in before and t.is_alive()]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left == []
