"""Per-host politeness: one request in flight, a minimum delay, Retry-After, backoff, cool-down.

Hosts are keyed by ``host[:port]``. A host's slot is held for the whole request (including
retries' waits), so no two requests to one host overlap; the next request may start only
``min_delay`` seconds after the previous one ended, or later if the server asked for that
(Retry-After) or the host is backing off. A host with ``failure_limit`` consecutive failed
attempts cools down: further requests this run are answered without touching it. The seconds of
Retry-After honoured for one host are added up (`spend_wait`): a host that keeps asking to wait
uses up its run's budget and then rests for the rest of the run.
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from policywatch.crawler.clock import Clock

__all__ = ["Politeness", "backoff_delay", "host_key", "parse_retry_after"]

logger = logging.getLogger(__name__)


def host_key(url: str) -> str:
    """The politeness key of a URL: lower-case host, with the port when one is given."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def backoff_delay(attempt: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter for retry `attempt` (0 = first retry), never above `cap`.

    The jitter only lengthens the wait (×1 to ×1.5), so `base * 2**attempt` is a lower bound
    until the cap; hosts retried together drift apart instead of returning in step.
    """
    rng = rng or random
    raw = base * (2**attempt) * (1.0 + rng.random() / 2)
    return min(cap, raw)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_allowed: float = 0.0  # monotonic time before which no request may start
    failures: int = 0  # consecutive failed attempts
    cooldown_until: float = 0.0
    cooldown_reason: str = ""
    waited: float = 0.0  # seconds of Retry-After honoured this run


class Politeness:
    """Spacing and health bookkeeping for every host touched in one run."""

    def __init__(self, clock: Clock, *, failure_limit: int, cooldown: float) -> None:
        self._clock = clock
        self._failure_limit = failure_limit
        self._cooldown = cooldown
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def _host(self, key: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(key, _Host())

    @contextmanager
    def slot(self, key: str) -> Iterator[None]:
        """Hold `key`'s only request slot (blocks while another thread has it)."""
        host = self._host(key)
        with host.lock:
            yield

    def wait_turn(self, key: str, min_delay: float) -> None:
        """Sleep until a request to `key` may start; call while holding its slot."""
        host = self._host(key)
        delay = host.next_allowed - self._clock.monotonic()
        if delay > 0:
            self._clock.sleep(delay)
        # Until this request ends, the earliest next start is min_delay from now.
        host.next_allowed = max(host.next_allowed, self._clock.monotonic() + min_delay)

    def finished(self, key: str, min_delay: float) -> None:
        """A request to `key` ended: the next may start `min_delay` from now."""
        host = self._host(key)
        host.next_allowed = max(host.next_allowed, self._clock.monotonic() + min_delay)

    def defer(self, key: str, seconds: float) -> None:
        """Keep `key` quiet for `seconds` (Retry-After, backoff)."""
        host = self._host(key)
        host.next_allowed = max(host.next_allowed, self._clock.monotonic() + seconds)

    def spend_wait(self, key: str, seconds: float, budget: float) -> float | None:
        """Take `seconds` of waiting the server asked for from `key`'s budget for the run.

        Returns the seconds waited before this one, or None (and takes nothing) when this wait
        would carry the host past `budget`; a budget of 0 has no limit.
        """
        host = self._host(key)
        with self._lock:
            before = host.waited
            if budget and before + seconds > budget:
                return None
            host.waited = before + seconds
            return before

    def succeeded(self, key: str) -> None:
        self._host(key).failures = 0

    def failed(self, key: str, reason: str) -> bool:
        """Count a failed attempt; True when the host has just started cooling down."""
        host = self._host(key)
        host.failures += 1
        if self._failure_limit and host.failures >= self._failure_limit:
            host.cooldown_until = self._clock.monotonic() + self._cooldown
            host.cooldown_reason = reason
            host.failures = 0
            logger.warning("host %s failed %d times in a row (%s); cooling down for %.0f s",
                           key, self._failure_limit, reason, self._cooldown)
            return True
        return False

    def rest(self, key: str, seconds: float, reason: str) -> None:
        """Leave `key` alone for `seconds` without counting a failure: the server asked for it
        (a Retry-After longer than this run will wait)."""
        host = self._host(key)
        host.cooldown_until = max(host.cooldown_until, self._clock.monotonic() + seconds)
        host.cooldown_reason = reason

    def cooling_down(self, key: str) -> str:
        """The reason `key` is resting now, or "" when it may be contacted."""
        host = self._host(key)
        if host.cooldown_until > self._clock.monotonic():
            return host.cooldown_reason or "failures"
        return ""
