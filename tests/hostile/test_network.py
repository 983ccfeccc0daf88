"""Slow servers meet deadlines; a rebinding name gets only the address the guard approved."""

from __future__ import annotations

import socket
import time

import pytest
import requests

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler import Fetcher
from policywatch.errors import DeliveryError
from policywatch.model import FetchOutcome
from policywatch.net import NetGuard, pinned_session
from policywatch.reports import post_webhook
from tests.hostile.servers import trickling_server, twin_servers

SETTINGS = FetchSettings(min_delay=0, retries=2, backoff_base=0.01, respect_robots=False, read_timeout=5,
                         total_timeout=1.5)


def _source(base: str, *, allow_private: bool = True) -> SourceConfig:
    return SourceConfig(name="s", listing_urls=(f"{base}/",), allow_private=allow_private, min_delay=0)


@pytest.mark.parametrize("headers_first", [True, False], ids=["trickled-body", "trickled-headers"])
def test_a_trickling_server_is_cut_off_at_the_total_deadline(headers_first: bool) -> None:
    with trickling_server(headers_first=headers_first, interval=0.2) as base, Fetcher(SETTINGS) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(f"{base}/slow.html", source=_source(base))
        took = time.monotonic() - started
    assert result.outcome is FetchOutcome.NETWORK_ERROR
    assert "fetch.total_timeout" in result.detail
    assert took < 1.5 + 1.0, f"one attempt, stopped at its deadline (took {took:.1f} s)"


class _Rebinding:
    """getaddrinfo for rebind.test: a "public" 127.0.0.2 first, the "private" 127.0.0.1 after."""

    def __init__(self, real):  # type: ignore[no-untyped-def]
        self.real, self.calls = real, 0

    def __call__(self, host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != "rebind.test":
            return self.real(host, port, *args, **kwargs)
        self.calls += 1
        address = "127.0.0.2" if self.calls == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> _Rebinding:
    resolver = _Rebinding(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    return resolver


def test_pages_robots_and_redirect_hops_go_to_the_approved_address_only(rebinding: _Rebinding) -> None:
    # 127.0.0.2 plays a public address, 127.0.0.1 a private one: allow_private = false
    guard = NetGuard(exempt=("127.0.0.2",))
    with twin_servers() as (port, public, private):
        base = f"http://rebind.test:{port}"
        settings = FetchSettings(min_delay=0, retries=0)  # robots.txt is fetched too
        with Fetcher(settings, guard=guard) as fetcher:
            first = fetcher.fetch(f"{base}/a.html", source=_source(base, allow_private=False))
            second = fetcher.fetch(f"{base}/b.html", source=_source(base, allow_private=False))
        public_hits, private_hits = list(public.RequestHandlerClass.hits), list(private.RequestHandlerClass.hits)
    assert first.outcome is FetchOutcome.OK and "served by public" in (first.text or "")
    assert second.outcome is FetchOutcome.OK and "served by public" in (second.text or "")
    assert "GET /robots.txt" in public_hits and "GET /b.html" in public_hits
    assert private_hits == [], "the rebound address was never contacted"
    assert rebinding.calls == 1, "resolved once, by the guard"


def test_webhooks_use_the_same_guard_and_go_to_the_approved_address(rebinding: _Rebinding) -> None:
    with twin_servers() as (port, public, private):
        post_webhook(f"http://rebind.test:{port}/hook", b"{}", {"Content-Type": "application/json"}, timeout=5,
                     allow_private=False, guard=NetGuard(exempt=("127.0.0.2",)))
        with pytest.raises(DeliveryError, match="non-public address 127.0.0.1"):
            # a fresh guard (the next delivery) sees the rebound, private answer and refuses
            post_webhook(f"http://rebind.test:{port}/hook", b"{}", {}, timeout=5, allow_private=False,
                         guard=NetGuard(exempt=("127.0.0.2",)))
        assert public.RequestHandlerClass.hits == ["POST /hook"]
        assert private.RequestHandlerClass.hits == []


def test_a_pinned_session_refuses_a_host_the_guard_never_approved() -> None:
    with twin_servers() as (port, _public, private), pinned_session(NetGuard()) as session:
        with pytest.raises(requests.ConnectionError, match="not approved by the network guard"):
            session.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert private.RequestHandlerClass.hits == []
