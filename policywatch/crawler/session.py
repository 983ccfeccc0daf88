"""The HTTP session of a run and the small transport helpers around it.

One ``requests.Session`` per run: connection pooling with keep-alive, the configured
User-Agent, a per-host cookie jar (challenge cookies), and no automatic retries or redirects
(the Fetcher does both itself so every hop and attempt is checked and spaced). Its
connections go only to the addresses the run's NetGuard approved (`policywatch.net`).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message
from urllib.parse import unquote

import requests
import urllib3

from policywatch.charsets import normalize_charset
from policywatch.config import FetchSettings
from policywatch.crawler.body import CHUNK
from policywatch.net import NetGuard, pinned_session

__all__ = ["PERMANENT_ERRORS", "TRANSIENT_ERRORS", "charset_of", "describe", "disposition_filename", "new_session",
           "release"]

# Content-Disposition names: filename*=charset'lang'%XX… (RFC 5987; also in quotes, which the RFC
# forbids and servers send: filename*="UTF-8''%E6%96%87.pdf") and filename="…" or bare
_EXTENDED_NAME = re.compile(r"""filename\*\s*=\s*"?([\w-]*)'[^']*'([^;\s"]+)""", re.I)
# RFC 2047 encoded words in a plain filename ("=?UTF-8?B?…?=", "=?GBK?Q?…?="): what Java servers
# write (MimeUtility.encodeText); a base64 text's "/" would otherwise be taken for a directory
_ENCODED_WORD = re.compile(r"=\?[\w-]+\?[BbQq]\?[^?\s]*\?=")
_PLAIN_NAME = re.compile(r"""filename\s*=\s*(?:"([^"]*)"|([^;]+))""", re.I)
DRAIN_MAX = 64 * 1024  # an unread body up to this size is drained to keep the connection
# Transport failures worth another try; the permanent ones (bad URL, TLS refusal) will not
# improve and are checked first.
TRANSIENT_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    urllib3.exceptions.HTTPError, OSError)
PERMANENT_ERRORS = (requests.exceptions.SSLError, requests.exceptions.InvalidURL,
                    requests.exceptions.InvalidHeader, requests.exceptions.MissingSchema)


def new_session(settings: FetchSettings, guard: NetGuard) -> requests.Session:
    """A pooled session sending the configured User-Agent, connecting where `guard` approved."""
    session = pinned_session(guard, pool=max(10, settings.workers * 2))
    session.headers.update({
        "User-Agent": settings.user_agent,
        # Only what body.py can decompress under its size cap.
        "Accept-Encoding": "gzip, deflate",
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
    })
    return session


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_param("charset")
    return charset if isinstance(charset, str) else None


def disposition_filename(headers: Iterable[tuple[str, str]]) -> str:
    """The file name a Content-Disposition header gives ("" when none): RFC 5987's
    filename*=UTF-8''%E7%94%B3… first, else filename="…" as servers really send it:
    percent-encoded (Java's URLEncoder), or raw UTF-8 or GBK bytes (which http.client hands
    over as Latin-1 characters)."""
    value = next((v for k, v in headers if k.lower() == "content-disposition"), "")
    if not value:
        return ""
    extended = _EXTENDED_NAME.search(value)
    if extended:
        charset, quoted = extended.group(1) or "utf-8", extended.group(2)
        try:
            return _bare_name(unquote(quoted, encoding=normalize_charset(charset) or "utf-8", errors="strict"))
        except (UnicodeDecodeError, LookupError):
            pass
    plain = _PLAIN_NAME.search(value)
    if not plain:
        return ""
    name = plain.group(1) if plain.group(1) is not None else plain.group(2)
    if _ENCODED_WORD.search(name):
        decoded = _decoded_words(name.strip())
        # undecodable: kept whole, as written (its base64 "/" is no directory)
        return _bare_name(decoded) if decoded else name.strip()
    if "%" in name:
        try:
            name = unquote(name, errors="strict")
        except UnicodeDecodeError:
            name = unquote(name, encoding="gb18030", errors="replace")
    try:
        raw = name.encode("latin-1")
    except UnicodeEncodeError:  # already characters (a client that decoded the header itself)
        return _bare_name(name)
    for codec in ("utf-8", "gb18030"):
        try:
            return _bare_name(raw.decode(codec))
        except UnicodeDecodeError:
            continue
    return _bare_name(name)


def _decoded_words(name: str) -> str:
    """A name written in RFC 2047 encoded words, as text (gb2312 read as gb18030, as pages are),
    or "" when a word does not decode."""
    parts = []
    try:
        words = decode_header(name)
    except (HeaderParseError, binascii.Error, ValueError):
        return ""
    for data, charset in words:
        if isinstance(data, str):
            parts.append(data)
            continue
        try:
            parts.append(data.decode(normalize_charset(charset or "") or charset or "ascii"))
        except (UnicodeDecodeError, LookupError):
            return ""
    return "".join(parts)


def _bare_name(name: str) -> str:
    """A file name without any directory a server left in front of it (C:\\上传\\附件1.pdf)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


def release(response: requests.Response) -> None:
    """Return the connection to the pool when what is left unread is small, else close it.

    A 304 or a redirect leaves its (empty or short) body unread; draining it keeps the
    keep-alive connection, which is what makes a re-crawl of unchanged pages cheap.
    """
    raw = response.raw
    length = response.headers.get("Content-Length", "")
    if response.status_code == 304 or (length.isdigit() and int(length) <= DRAIN_MAX):
        try:
            # Raw bytes only: urllib3's own drain would decompress (think gzip bomb).
            while raw.read(CHUNK, decode_content=False):
                pass
            raw.release_conn()
            return
        except (urllib3.exceptions.HTTPError, OSError):
            pass
    response.close()


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
