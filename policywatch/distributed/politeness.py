"""Per-host politeness for a whole cluster: the same rules as crawler.Politeness, kept in Redis.

Every process that fetches (the run reading listings, each worker process) holds a host's slot
as a Redis lock (a lease) for the whole request, so one request is in flight per host across
the cluster; the earliest next start (`min_delay` after the last request ended, Retry-After,
backoff) is a Redis key read in Redis's own clock, so machines with drifting clocks still
agree. A lease expires `host_lease` seconds after it was last renewed (at every request
start), so a killed worker blocks its host for at most that long. Each step is one Redis
round trip (Lua scripts reading Redis's TIME). Consecutive failures
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

# One round trip each, in Redis's clock. KEYS[1]: the host's next-start key.
# PUSH: next = max(next, now + ARGV[1]).
_PUSH = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local earliest = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if earliest > current then
  redis.call('SET', KEYS[1], tostring(earliest), 'EX', math.floor(tonumber(ARGV[1])) + 3600)
end
return 1
"""
# TURN: the seconds still to wait (as a string); when none, the request starts now and
# next = max(next, now + ARGV[1]).
_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > now then
  return tostring(current - now)
end
local earliest = now + tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(earliest), 'EX', math.floor(tonumber(ARGV[1])) + 3600)
return '0'
"""


class ClusterPoliteness(Politeness):
    """crawler.Politeness with its state in Redis, shared by every process of one run."""

    def __init__(self, client: redis.Redis, *, run_key: str, failure_limit: int, cooldown: float,
                 lease: float) -> None:
        super().__init__(RealClock(), failure_limit=failure_limit, cooldown=cooldown)
        self._redis = client
        self._run_key = run_key
        self._lease = lease
        self._held = threading.local()  # key -> the lock this thread holds
        self._push = client.register_script(_PUSH)
        self._turn = client.register_script(_TURN)

    def _locks(self) -> dict[str, redis.lock.Lock]:
        if not hasattr(self._held, "locks"):
            self._held.locks = {}
        return self._held.locks  # type: ignore[no-any-return]

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

    def _next_key(self, key: str) -> str:
        return f"{PREFIX}:{key}:next"

    def wait_turn(self, key: str, min_delay: float) -> None:
        self._renew(key)
        # a Retry-After pushed by another process while we slept moves the start again
        while (delay := float(self._turn(keys=[self._next_key(key)], args=[repr(min_delay)]))) > 0:
            time.sleep(min(delay, max(1.0, self._lease / 3)))
            self._renew(key)

    def finished(self, key: str, min_delay: float) -> None:
        # no renewal here: the slot is released next, or the retry's wait_turn renews it
        self._push(keys=[self._next_key(key)], args=[repr(min_delay)])

    def defer(self, key: str, seconds: float) -> None:
        self._push(keys=[self._next_key(key)], args=[repr(seconds)])

    def spend_wait(self, key: str, seconds: float, budget: float) -> float | None:
        # one tally for the cluster: every process's Retry-After waits count against the host's budget
        name = f"{PREFIX}:{key}:{self._run_key}:waited"
        total = float(self._redis.incrbyfloat(name, seconds))
        self._redis.expire(name, int(self._cooldown) + 86400)
        if budget and total > budget:
            self._redis.incrbyfloat(name, -seconds)
            return None
        return total - seconds

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

    def rest(self, key: str, seconds: float, reason: str) -> None:
        self._redis.set(self._cooling(key), reason, px=max(1, int(seconds * 1000)))

    def cooling_down(self, key: str) -> str:
        reason = self._redis.get(self._cooling(key))
        return reason.decode("utf-8") if isinstance(reason, bytes) else (reason or "")

    def _failures(self, key: str) -> str:
        return f"{PREFIX}:{key}:{self._run_key}:failures"

    def _cooling(self, key: str) -> str:
        return f"{PREFIX}:{key}:{self._run_key}:cooling"
