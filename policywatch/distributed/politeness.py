"""Per-host politeness for a whole cluster: the same rules as crawler.Politeness, kept in Redis.

Every process that fetches (the run reading listings, each worker process) holds a host's slot
as a Redis lock (a lease) for the whole request, so one request is in flight per host across
the cluster; the earliest next start (`min_delay` after the last request ended, Retry-After,
backoff) is a Redis key read in Redis's own clock, so machines with drifting clocks still
agree. A lease expires `host_lease` seconds after it was last renewed (at every request
boundary), so a killed worker blocks its host for at most that long. Consecutive failures
and cool-downs are counted per run, as a single process does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from redis.exceptions import LockError

from policywatch.crawler.clock import RealClock
from policywatch.crawler.politeness import Politeness

logger = logging.getLogger(__name__)

PREFIX = "policywatch:host"


class ClusterPoliteness(Politeness):
    """crawler.Politeness with its state in Redis, shared by every process of one run."""

    def __init__(self, client: redis.Redis, *, run_key: str, failure_limit: int, cooldown: float,
                 lease: float) -> None:
        super().__init__(RealClock(), failure_limit=failure_limit, cooldown=cooldown)
        self._redis = client
        self._run_key = run_key
        self._lease = lease
        self._held = threading.local()  # key -> the lock this thread holds

    def _locks(self) -> dict[str, redis.lock.Lock]:
        if not hasattr(self._held, "locks"):
            self._held.locks = {}
        return self._held.locks  # type: ignore[no-any-return]

    def _now(self) -> float:
        seconds, micros = self._redis.time()
        return float(seconds) + micros / 1e6

    @contextmanager
    def slot(self, key: str) -> Iterator[None]:
        lock = self._redis.lock(f"{PREFIX}:{key}:slot", timeout=self._lease, sleep=0.01)
        lock.acquire(blocking=True)
        self._locks()[key] = lock
        try:
            yield
        finally:
            self._locks().pop(key, None)
            try:
                lock.release()
            except LockError:  # held past its lease: another process may already have the host
                logger.warning("host %s: request lease expired before the request ended (host_lease %.0f s)",
                               key, self._lease)

    def _renew(self, key: str) -> None:
        lock = self._locks().get(key)
        if lock is not None:
            try:
                lock.reacquire()
            except LockError:
                logger.warning("host %s: request lease lost; raise distributed.host_lease", key)

    def _push_next(self, key: str, seconds: float) -> None:
        """The host's next request may start no earlier than `seconds` from now (cluster clock)."""
        name = f"{PREFIX}:{key}:next"
        earliest = self._now() + seconds
        current = float(self._redis.get(name) or 0.0)
        if earliest > current:
            self._redis.set(name, repr(earliest), ex=int(seconds) + 3600)

    def wait_turn(self, key: str, min_delay: float) -> None:
        self._renew(key)
        while True:  # a Retry-After pushed by another process while we slept moves the start again
            delay = float(self._redis.get(f"{PREFIX}:{key}:next") or 0.0) - self._now()
            if delay <= 0:
                break
            time.sleep(min(delay, max(1.0, self._lease / 3)))
            self._renew(key)
        self._push_next(key, min_delay)

    def finished(self, key: str, min_delay: float) -> None:
        self._push_next(key, min_delay)
        self._renew(key)

    def defer(self, key: str, seconds: float) -> None:
        self._push_next(key, seconds)

    def succeeded(self, key: str) -> None:
        self._redis.delete(self._failures(key))

    def failed(self, key: str, reason: str) -> bool:
        count = self._redis.incr(self._failures(key))
        self._redis.expire(self._failures(key), int(self._cooldown) + 3600)
        if self._failure_limit and count >= self._failure_limit:
            self._redis.set(self._cooling(key), reason or "failures", px=max(1, int(self._cooldown * 1000)))
            self._redis.delete(self._failures(key))
            logger.warning("host %s failed %d times in a row (%s); cooling down for %.0f s across the cluster",
                           key, self._failure_limit, reason, self._cooldown)
            return True
        return False

    def cooling_down(self, key: str) -> str:
        reason = self._redis.get(self._cooling(key))
        return reason.decode("utf-8") if isinstance(reason, bytes) else (reason or "")

    def _failures(self, key: str) -> str:
        return f"{PREFIX}:{key}:{self._run_key}:failures"

    def _cooling(self, key: str) -> str:
        return f"{PREFIX}:{key}:{self._run_key}:cooling"
