"""Environment proxies are ignored: a proxy would take a connection past the guard and the pinning."""

from __future__ import annotations

import pytest
import requests

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler import Fetcher
from policywatch.model import FetchOutcome
from policywatch.net import NetGuard
from policywatch.reports import post_webhook
from tests.hostile.servers import twin_servers

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """127.0.0.2 plays the site, 127.0.0.1 a proxy every *_PROXY variable points at."""
    with twin_servers() as (port, site, proxy):
        for name in PROXY_VARIABLES:
            monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield f"http://127.0.0.2:{port}", site.RequestHandlerClass.hits, proxy.RequestHandlerClass.hits


def test_the_environment_really_points_plain_requests_at_the_proxy(proxy_env) -> None:  # type: ignore[no-untyped-def]
    # the control: without policywatch's session, these variables do divert the request
    base, site_hits, proxy_hits = proxy_env
    with requests.Session() as session:
        assert "served by private" in session.get(f"{base}/a.html", timeout=5).text
    assert proxy_hits == [f"GET {base}/a.html"] and site_hits == []


def test_the_crawler_ignores_environment_proxies(proxy_env) -> None:  # type: ignore[no-untyped-def]
    base, site_hits, proxy_hits = proxy_env
    source = SourceConfig(name="s", listing_urls=(f"{base}/",), allow_private=True, min_delay=0)
    with Fetcher(FetchSettings(min_delay=0, retries=0)) as fetcher:  # robots.txt is fetched too
        result = fetcher.fetch(f"{base}/a.html", source=source)
    assert result.outcome is FetchOutcome.OK and "served by public" in (result.text or ""), result.detail
    assert site_hits == ["GET /robots.txt", "GET /a.html"]
    assert proxy_hits == []


def test_webhooks_ignore_environment_proxies(proxy_env) -> None:  # type: ignore[no-untyped-def]
    base, site_hits, proxy_hits = proxy_env
    post_webhook(f"{base}/hook", b"{}", {"Content-Type": "application/json"}, timeout=5, allow_private=True,
                 guard=NetGuard())
    assert site_hits == ["POST /hook"] and proxy_hits == []
