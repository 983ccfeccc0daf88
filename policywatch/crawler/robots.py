"""robots.txt, fetched once per host per run, cached, and asked before every request.

Follows RFC 9309 on failures: a robots.txt that is missing or forbidden (4xx) allows
everything; one that cannot be reached (5xx, network error) disallows the host for this run.
An override is explicit (``ignore_robots`` on a source, ``respect_robots = false`` globally)
and logged every time it lets a disallowed URL through.

The rules are read as RFC 9309 says, by Protego (Scrapy's parser), not as ``urllib.robotparser``
does: the longest matching path wins whatever the rules' order (robotparser takes the first one,
so the common ``Allow: /`` above ``Disallow: /private/`` let every private page through), ``*``
and ``$`` are patterns (robotparser took ``Disallow: /*.pdf$`` literally and so never matched
it), a UTF-8 byte order mark in front of the first line (a file saved by Windows Notepad) does
not hide the first group, and a file over 500 KiB is read up to there rather than taken as absent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

__all__ = ["RobotsCache", "RobotsFile", "RobotsVerdict", "robots_text"]

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


def robots_text(body: bytes, *, cut: bool) -> str:
    """The text of a robots.txt body, UTF-8 (RFC 9309 §2.3). A body `cut` at ROBOTS_MAX_BYTES
    loses its last, partial line: half a path would be another rule."""
    if cut:
        body = body[:ROBOTS_MAX_BYTES]
        body = body[: max(body.rfind(b"\n"), body.rfind(b"\r")) + 1]
    return body.decode("utf-8", errors="replace")


class _Rules:
    """The rules of one robots.txt for `agent`, read by Protego (RFC 9309 §2.2: the groups naming
    the agent merged, else the `*` groups; the longest matching path decides, allow on a tie;
    `*` and `$` patterns; paths compared percent-encoded)."""

    def __init__(self, robots: RobotsFile, url: str, agent: str) -> None:
        self.unreachable = ""
        self.agent = agent
        self.parsed: Protego | None = None
        if robots.status is None or robots.status >= 500:
            self.unreachable = f"{url} unreachable ({robots.error or f'HTTP {robots.status}'})"
        elif 200 <= robots.status < 300:
            # a byte order mark would make the first line's key "\ufeffuser-agent", and its group no group
            self.parsed = Protego.parse(robots.text.removeprefix("\ufeff"))

    def allows(self, url: str) -> bool:
        if self.parsed is None or urlsplit(url).path == "/robots.txt":
            return True
        return bool(self.parsed.can_fetch(url, self.agent))


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
            rules = _Rules(fetch(robots_url), robots_url, self._agent)
            with self._lock:
                rules = self._rules.setdefault(robots_url, rules)
        if rules.unreachable:
            return RobotsVerdict(False, f"robots.txt {rules.unreachable}", unreachable=True)
        if not rules.allows(url):
            return RobotsVerdict(False, f"{url} is disallowed by {robots_url} for {self._agent}")
        return RobotsVerdict(True)
