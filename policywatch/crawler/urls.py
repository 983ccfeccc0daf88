"""URL canonicalization: one spelling per document URL (no plain fragment, tracking, session or
cache-busting parameters, no default port, one percent-encoding).

Every URL the crawler lists (links, JSON list items, pagers) goes through `canonicalize`, so the
store sees one document however a site spells its address. What is folded is what RFC 3986 says
is equal (scheme and host case, a default port, percent-encoding case, an escaped unreserved
character, `.`/`..` segments), what never reaches a server (a fragment: `#top`, `#para3`), a path's escaped UTF-8
text and its characters (`/%E6%94%BF%E7%AD%96/` is `/政策/`, the spelling kept: requests sends
it escaped, reports show it readable), plus the repeated slashes and the noise parameters below.
A query keeps its bytes (a GBK site's `%D5%FE` is not UTF-8). What is not folded: the path's case (IIS and a Windows
CMS ignore it, the Linux servers of most TRS and Hanweb sites do not: `/Zcwj/` and `/zcwj/` may be
two pages) and `dir/` against `dir/index.html` (the directory's default page may be `index.htm`,
`index.shtml` or `default.aspx`, or the server may refuse a directory: the folded URL could fail
where the listed one works). A fragment that is a route (`#/detail/123`, `#!/art/…`: a hash-routed
single-page list, whose documents differ only there) is kept: dropped, every document of such a
list was one URL. When a server shows two such URLs are one page, by redirecting one
to the other, the store takes them as one document (state.versions).
"""

from __future__ import annotations

import re
from urllib.parse import (
    parse_qsl,
    quote,
    quote_plus,
    unquote_plus,
    unquote_to_bytes,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

from policywatch.extract.html import is_hash_route
from policywatch.lazyre import LazyRegex

# The rules `canonicalize` follows, by name: change it whenever canonicalize folds anything new or
# otherwise, and the store gives every URL it holds its new spelling once (Store.respell_aliases).
SPELLING_RULES = "urls-2026-12-route-escapes"
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
# a run of escaped non-ASCII bytes (UTF-8 text, or GBK), a percent escape (its hex case varies), a
# `%` that escapes nothing, or an ASCII character a path may not hold as it is (space, quotes,
# brackets): each gets its one spelling in _path_char
_PATH_CHAR = LazyRegex(r"(?:%[89A-Fa-f][0-9A-Fa-f])+|%[0-9A-Fa-f]{2}|%|[\x00-\x20\"<>\\^`{|}\x7f]")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def canonicalize(url: str, base: str = "") -> str:
    """Absolute URL with lower-case scheme and host, no default port, plain fragment or tracking params
    (a route fragment, `#/detail/123` or `#!/art/1`, is kept: see the module docstring).

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
    host = host.rstrip(".")  # `gov.cn.`: the root label, the same host
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = _PATH_CHAR.sub(_path_char, _PATH_SESSION.sub("", parts.path))
    path = _without_dot_segments(re.sub(r"/{2,}", "/", path)) or "/"
    return urlunsplit((scheme, host, path, _query(parts.query), route_fragment(parts.fragment)))


def route_fragment(fragment: str) -> str:
    """`fragment` when it is a hash route (`/detail/123`, `!/art/1`, `!art/1`: a single-page
    app's address of one document), its own query folded as a URL's is (`?from=timeline` is
    tracking there too), else "" (an anchor within the page: `top`, `p3`, and `/top`: a route
    names a document by a path of two steps or more, an id or a query; one plain word after the
    slash is a page's anchor, and kept it made the page an unreadable app route). The route's
    path is spelled as a URL's path is (`/detail/%31%30%31` is `/detail/101`, `%e6%94%bf` is 政,
    hex in upper case): the router reads it decoded, so both spellings open one document, and
    kept apart they were two documents, the second an edit of nothing."""
    route, mark, query = fragment.strip().partition("?")
    fragment = _PATH_CHAR.sub(_path_char, route) + mark + query
    if not is_hash_route(fragment):
        return ""  # `#/top`, `#/comment`: one word after the slash and no id is an in-page anchor
    route, mark, query = fragment.partition("?")
    query = _query(query) if mark else ""
    return route + ("?" + query if query else "")


def _path_char(match: re.Match[str]) -> str:
    """One spelling of a path character: escaped UTF-8 text as its characters (`/政策/`, as the
    page's link and the reports show it; requests sends it escaped again), other escapes in upper
    case except an escaped unreserved character, a stray `%` and a space or quote escaped."""
    found = match.group()
    if len(found) >= 3 and found[1] in "89ABCDEFabcdef":
        try:
            text = unquote_to_bytes(found).decode("utf-8")
        except UnicodeDecodeError:  # GBK bytes: kept as bytes
            return found.upper()
        return text if text.isprintable() else found.upper()
    if len(found) == 3:
        char = chr(int(found[1:], 16))
        return char if char in _UNRESERVED else found.upper()
    return quote(found, safe="")


def _without_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: `/a/./b/../c` is `/a/c` (a server resolves it so; a link may be written so)."""
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for n, segment in enumerate(segments):
        if segment == ".":
            if n == len(segments) - 1:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if n == len(segments) - 1:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def _query(query: str) -> str:
    """The query without noise parameters, each name and value spelled one way.

    The bytes of each value are kept: a GBK site's `?keyword=%D5%FE%B2%DF` is not UTF-8, and
    decoding it as text would turn it into U+FFFD and ask the server for something else. As
    before, a form value is written with `+` for a space and `%XX` in upper case.
    """
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if _kept(unquote_plus(key), unquote_plus(value)):
            kept.append(f"{_form(key)}={_form(value)}")
    return "&".join(kept)


def _form(text: str) -> str:
    return quote_plus(unquote_to_bytes(text.replace("+", " ")), safe="/:,")


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
