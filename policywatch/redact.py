"""A URL as errors, logs and `status` may show it: without the secrets webhook URLs carry.

Chat robots put their secret in the query (企业微信 ?key=, 钉钉 ?access_token=&sign=), in the
user info (user:password@), or in the path: Slack's /services/T…/B…/<token>, 飞书's
/open-apis/bot/v2/hook/<uuid>, Discord's /api/webhooks/<id>/<token>. A path segment is shown
only when it reads as a word (short, lower-case, at most two digits: `services`, `v2`, `hook`);
anything else, an id or a token, is replaced by "…". Imports only the standard library: config
errors use it too.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

HIDDEN = "…"
_WORD_MAX = 12  # "open-apis", "webhooks", "incoming": routes are short; tokens and ids are long
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")
_SCRUB_MIN = 6  # a shorter hidden segment is no secret, and replacing it would garble the text


def _is_word(segment: str) -> bool:
    return (0 < len(segment) <= _WORD_MAX and segment[0].isascii() and segment[0].islower()
            and set(segment) <= _WORD_CHARS and sum(c.isdigit() for c in segment) <= 2)


def redact_url(url: str) -> str:
    """scheme://host[:port]/the/word/segments/… with user info and fragment dropped and the query
    shown as "?…": enough to tell which endpoint, nothing to post with."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]  # as written: a port that is out of range stays visible
    shown: list[str] = []
    for segment in parts.path.split("/"):
        if not segment or _is_word(segment):
            shown.append(segment)
        elif not shown or shown[-1] != HIDDEN:  # one "…" for a run of hidden segments
            shown.append(HIDDEN)
    return urlunsplit((parts.scheme, host, "/".join(shown), HIDDEN if parts.query else "", ""))


def url_secrets(url: str) -> list[str]:
    """The parts of `url` that redact_url hides and that may be quoted in other text (an
    exception naming the request, a receiver echoing it), longest first."""
    parts = urlsplit(url)
    found = {parts.query, parts.username or "", parts.password or ""}
    found.update(s for s in parts.path.split("/") if s and not _is_word(s))
    found.update(value for _, value in parse_qsl(parts.query, keep_blank_values=True))
    return sorted((s for s in found if len(s) >= _SCRUB_MIN), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` with every secret of `url` replaced by "…"."""
    for secret in url_secrets(url):
        text = text.replace(secret, HIDDEN)
    return text
