"""URL canonicalization: one spelling per document URL (no fragment, tracking parameters or default port)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only say where a click came from; they never change the document.
TRACKING_PARAMS = frozenset(
    ("spm", "from", "isappinstalled", "share_token", "sharer", "share_from", "scene", "timestamp",
     "_t", "t_", "fbclid", "gclid", "wfr", "winzoom", "clicktime")
)
_TRACKING_PREFIXES = ("utm_",)
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
    query = [
        (key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    return urlunsplit((scheme, host, path, urlencode(query, safe="/:,"), ""))


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
