"""Shared fixtures for the crawler tests: a loopback site, sources and fetchers on a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler import FakeClock, Fetcher
from policywatch.demo.server import LoopbackSite


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite() as running:
        yield running


@pytest.fixture
def source(site: LoopbackSite) -> SourceConfig:
    """A source for the loopback site; allow_private because the site is on 127.0.0.1."""
    return SourceConfig(name="test", listing_urls=(site.url("/"),), allow_private=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_fetcher(clock: FakeClock) -> Iterator[Callable[..., Fetcher]]:
    """Fetcher factory: fake clock, no delays unless a test asks, short timeouts."""
    made: list[Fetcher] = []

    def make(**overrides: object) -> Fetcher:
        settings = {"min_delay": 0.0, "retries": 2, "backoff_base": 1.0, "connect_timeout": 5.0,
                    "read_timeout": 5.0, "max_bytes": 1_000_000, "host_failure_limit": 10}
        settings.update(overrides)
        use_clock = settings.pop("clock", clock)
        fetcher = Fetcher(FetchSettings(**settings), clock=use_clock)  # type: ignore[arg-type]
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def fetcher(make_fetcher: Callable[..., Fetcher]) -> Fetcher:
    return make_fetcher()
