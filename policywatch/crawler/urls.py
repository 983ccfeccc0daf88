"""URL canonicalization: one spelling per document URL (no fragment, tracking, session or cache-busting
parameters, no default port)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from policywatch.lazyre import LazyRegex

# Query parameters that only say where a click came from; they never change the document.
TRACKING_PARAMS = frozenset(
    ("spm", "from", "isappinstalled", "share_token", "sharer", "share_from", "scene", "timestamp",
     "_t", "t_", "fbclid", "gclid", "wfr", "winzoom", "clicktime")
)
_TRACKING_PREFIXES = ("utm_",)
# Session ids a server writes into its links (Java, PHP, ASP); they change per visitor or per
# visit, so a page linking its attachment as fj.pdf;jsessionid=… would be a new URL every run.
SESSION_PARAMS = frozenset(("jsessionid", "phpsessid", "sessionid", "session_id", "cfid", "cftoken"))
_SESSION_PREFIXES = ("aspsessionid",)
_PATH_SESSION = LazyRegex(r";(?:jsessionid|phpsessid|sessionid)=[^/?#]*", re.I)
# Session ids under names that sites also give to real parameters (gkmlpt's `sid=2` is the site's
# id): dropped only with a random token as the value, `sid=9f8e7d6c5b4a39281706a5b4c3d2e1f0`.
TOKEN_SESSION_PARAMS = frozenset(("sid", "ssid", "sessid", "sess", "session", "sess_id"))
# Cache busters: `_=1704067200000` (jQuery), `_dc=…` (ExtJS), `t=1704067200.123`, `r=0.8263`
# (Math.random()), `r=5f3a9c1e` (a random hex string). Only these names and only with an
# epoch-time or random value: `t=3` may be a type, `v=2` a version.
_CACHE_BUSTERS = frozenset(("_", "_dc", "_r", "t", "ts", "r", "rnd", "rand", "random", "nocache", "time", "v"))
_BUSTER_VALUE = LazyRegex(r"(?:1\d{9}(?:\d{3})?(?:\.\d+)?|0\.\d{4,})")
# A random token: 8+ hex digits, or 16+ letters, digits and dashes, with letters and digits both
# (a run of digits alone is an id or a date; a word alone is a value).
_RANDOM_TOKEN = LazyRegex(r"(?=[\w-]*[a-zA-Z])(?=[\w-]*\d)(?:[0-9a-fA-F]{8,}|[\w-]{16,})", re.A)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize(url: str, base: str = "") -> str:
    """Absolute URL with lower-case scheme and host, no default port, fragment or tracking params.

    >>> canonicalize("../art/2024/1/2/art_1_9.html?utm_source=x#top", "HTTP://WWW.Example.gov.cn:80/col/c1/")
    'http://www.example.gov.cn/art/2024/1/2/art_1_9.html'

    A malformed URL (a port out of range, a broken IPv6 literal) gives "", which callers skip:
    one bad link on a listing must not stop the source.
    """
    try:
        parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return ""
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if _kept(key, value)]
    path = re.sub(r"/{2,}", "/", _PATH_SESSION.sub("", parts.path)) or "/"
    return urlunsplit((scheme, host, path, urlencode(query, safe="/:,"), ""))


def _kept(key: str, value: str) -> bool:
    """False for a query parameter that never changes the document: tracking, session, cache buster."""
    name = key.lower()
    if name in TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES):
        return False
    if name in SESSION_PARAMS or name.startswith(_SESSION_PREFIXES):
        return False
    if name in TOKEN_SESSION_PARAMS and _RANDOM_TOKEN.fullmatch(value):
        return False
    return not (name in _CACHE_BUSTERS and (_BUSTER_VALUE.fullmatch(value) or _RANDOM_TOKEN.fullmatch(value)))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def on_hosts(url: str, hosts: tuple[str, ...]) -> bool:
    """True when url's host is one of hosts (case-insensitive); an empty tuple allows none."""
    return host_of(url) in {h.lower() for h in hosts}


def with_query(url: str, **params: object) -> str:
    """url with the given query parameters set (replacing existing ones, keeping the others' order)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, safe="/:,"), parts.fragment))
