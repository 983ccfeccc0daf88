"""robots.txt, fetched once per host per run, cached, and asked before every request.

Follows RFC 9309 on failures: a robots.txt that is missing or forbidden (4xx) allows
everything; one that cannot be reached (5xx, network error) disallows the host for this run.
An override is explicit (``ignore_robots`` on a source, ``respect_robots = false`` globally)
and logged every time it lets a disallowed URL through.
"""

from __future__ import annotations

import logging
import threading
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

__all__ = ["RobotsCache", "RobotsFile", "RobotsVerdict"]

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB; more is not needed


@dataclass(frozen=True, slots=True)
class RobotsFile:
    """What fetching a robots.txt gave: an HTTP status (None on a network error) and text."""

    status: int | None
    text: str = ""
    error: str = ""


@dataclass(frozen=True, slots=True)
class RobotsVerdict:
    allowed: bool
    reason: str = ""
    unreachable: bool = False  # robots.txt itself could not be fetched


class _Rules:
    def __init__(self, robots: RobotsFile, url: str) -> None:
        self.parser: urllib.robotparser.RobotFileParser | None = None
        self.unreachable = ""
        if robots.status is None or robots.status >= 500:
            self.unreachable = f"{url} unreachable ({robots.error or f'HTTP {robots.status}'})"
        elif 200 <= robots.status < 300:
            self.parser = urllib.robotparser.RobotFileParser(url)
            self.parser.parse(robots.text.splitlines())


class RobotsCache:
    """Rules per ``scheme://host[:port]``; a robots.txt is fetched once per origin per run."""

    def __init__(self, user_agent: str) -> None:
        # Groups in robots.txt name the product token ("policywatch"), not the full UA.
        self._agent = user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"
        self._rules: dict[str, _Rules] = {}
        self._lock = threading.Lock()

    def robots_url(self, url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))

    def is_cached(self, url: str) -> bool:
        with self._lock:
            return self.robots_url(url) in self._rules

    def verdict(self, url: str, fetch: Callable[[str], RobotsFile]) -> RobotsVerdict:
        """May `url` be fetched? Calls `fetch(robots_url)` the first time an origin is seen."""
        robots_url = self.robots_url(url)
        with self._lock:
            rules = self._rules.get(robots_url)
        if rules is None:
            rules = _Rules(fetch(robots_url), robots_url)
            with self._lock:
                rules = self._rules.setdefault(robots_url, rules)
        if rules.unreachable:
            return RobotsVerdict(False, f"robots.txt {rules.unreachable}", unreachable=True)
        if rules.parser is not None and not rules.parser.can_fetch(self._agent, url):
            return RobotsVerdict(False, f"{url} is disallowed by {robots_url} for {self._agent}")
        return RobotsVerdict(True)
