"""robots.txt, fetched once per host per run, cached, and asked before every request.

Follows RFC 9309 on failures: a robots.txt that is missing or forbidden (4xx) allows
everything; one that cannot be reached (5xx, network error) disallows the host for this run.
An override is explicit (``ignore_robots`` on a source, ``respect_robots = false`` globally)
and logged every time it lets a disallowed URL through.

The rules are read as RFC 9309 says, not as ``urllib.robotparser`` does: the longest matching
path wins whatever the rules' order (robotparser takes the first one, so the common
``Allow: /`` above ``Disallow: /private/`` let every private page through), ``*`` and ``$`` are
patterns (robotparser took ``Disallow: /*.pdf$`` literally and so never matched it), a UTF-8
byte order mark in front of the first line (a file saved by Windows Notepad) does not hide
the first group, and a file over 500 KiB is read up to there rather than taken as absent.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["RobotsCache", "RobotsFile", "RobotsVerdict", "robots_text"]

logger = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB; more is not needed
# what a percent-encoded path may hold as it is: RFC 3986's unreserved and reserved characters
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


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


def _encoded(path: str) -> str:
    """One spelling for comparing paths (RFC 9309 §2.2.2): non-ASCII characters percent-encoded
    as UTF-8, escapes in upper case (`/政策/` and `/%e6%94%bf%e7%ad%96/` are one path)."""
    return _ESCAPE.sub(lambda m: m.group().upper(), quote(path, safe=_URL_SAFE))


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    path: str  # as written, encoded: what its length is measured on
    pattern: re.Pattern[str] | None  # None: a plain prefix

    @classmethod
    def of(cls, allow: bool, path: str) -> _Rule:
        path = _encoded(path)
        if "*" not in path and not path.endswith("$"):
            return cls(allow, path, None)
        anchored = path.endswith("$")
        body = path[:-1] if anchored else path
        regex = ".*".join(re.escape(part) for part in body.split("*")) + ("$" if anchored else "")
        return cls(allow, path, re.compile(regex, re.S))

    def matches(self, target: str) -> bool:
        return target.startswith(self.path) if self.pattern is None else self.pattern.match(target) is not None


class _Rules:
    """The groups of one robots.txt that apply to `agent` (RFC 9309 §2.2.1): every group naming
    it, merged, else every `*` group, else none (everything allowed)."""

    def __init__(self, robots: RobotsFile, url: str, agent: str) -> None:
        self.unreachable = ""
        self.rules: list[_Rule] = []
        if robots.status is None or robots.status >= 500:
            self.unreachable = f"{url} unreachable ({robots.error or f'HTTP {robots.status}'})"
        elif 200 <= robots.status < 300:
            self.rules = self._parse(robots.text, agent.lower())

    @staticmethod
    def _parse(text: str, agent: str) -> list[_Rule]:
        ours: list[_Rule] = []
        anyone: list[_Rule] = []
        named_us = False
        agents: list[str] = []
        in_rules = False  # a user-agent line after rules starts a new group
        # a byte order mark would make the first line's key "\ufeffuser-agent", and its group no group
        for line in text.removeprefix("\ufeff").splitlines():
            key, colon, value = line.split("#", 1)[0].partition(":")
            if not colon:
                continue
            key, value = key.strip().lower(), value.strip()
            if key in ("user-agent", "useragent", "user agent"):
                if in_rules:
                    agents, in_rules = [], False
                # the product token only: `policywatch/0.1` names policywatch
                agents.append(value.split("/", 1)[0].strip().lower())
                named_us = named_us or agent in agents
            elif key in ("allow", "disallow") and agents:
                in_rules = True
                if not value:  # `Disallow:` with no path allows everything: it is no rule
                    continue
                rule = _Rule.of(key == "allow", value)
                if agent in agents:
                    ours.append(rule)
                if "*" in agents:
                    anyone.append(rule)
        return ours if named_us else anyone

    def allows(self, url: str) -> bool:
        """RFC 9309 §2.2.2: the matching rule with the longest path decides; on a tie, allow."""
        parts = urlsplit(url)
        target = _encoded((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        if target == "/robots.txt":
            return True
        best: _Rule | None = None
        for rule in self.rules:
            if rule.matches(target) and (best is None or len(rule.path) > len(best.path)
                                         or (len(rule.path) == len(best.path) and rule.allow)):
                best = rule
        return best is None or best.allow


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
