"""Politeness bookkeeping on a fake clock: spacing, Retry-After parsing, backoff, cool-down."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.crawler.clock import FakeClock
from policywatch.crawler.politeness import Politeness, backoff_delay, host_key, parse_retry_after


def test_host_key() -> None:
    assert host_key("http://WWW.Gov.CN/zhengce/x.htm") == "www.gov.cn"
    assert host_key("http://127.0.0.1:8080/a") == "127.0.0.1:8080"


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None, now=now) is None


@settings(max_examples=100)
@given(attempt=st.integers(0, 20), base=st.floats(0.01, 10), cap=st.floats(1, 1000), seed=st.integers())
def test_backoff_is_exponential_jittered_and_capped(attempt: int, base: float, cap: float, seed: int) -> None:
    delay = backoff_delay(attempt, base=base, cap=cap, rng=random.Random(seed))
    assert delay <= cap
    assert delay >= min(cap, base * 2**attempt)
    assert delay <= base * 2**attempt * 1.5 + 1e-9


def test_spacing_and_defer() -> None:
    clock = FakeClock()
    polite = Politeness(clock, failure_limit=3, cooldown=100)
    starts = []
    for _ in range(3):
        with polite.slot("h"):
            polite.wait_turn("h", 2.0)
            starts.append(clock.monotonic())
            polite.finished("h", 2.0)
    assert starts[1] - starts[0] >= 2.0 and starts[2] - starts[1] >= 2.0
    polite.defer("h", 30.0)
    polite.wait_turn("h", 2.0)
    assert clock.monotonic() - starts[2] >= 30.0
    polite.wait_turn("other", 2.0)  # hosts do not wait for each other
    assert clock.sleeps[-1] >= 30.0 - 2.0


def test_cooldown_after_consecutive_failures_only() -> None:
    clock = FakeClock()
    polite = Politeness(clock, failure_limit=3, cooldown=100)
    assert not polite.failed("h", "network_error")
    assert not polite.failed("h", "network_error")
    polite.succeeded("h")  # a success breaks the streak
    assert not polite.failed("h", "network_error")
    assert not polite.failed("h", "throttled")
    assert polite.failed("h", "throttled")
    assert polite.cooling_down("h") == "throttled"
    assert polite.cooling_down("other") == ""
    clock.advance(100.5)
    assert polite.cooling_down("h") == ""
