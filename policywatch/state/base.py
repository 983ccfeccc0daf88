"""The shared core of the Store's parts: the connection, the file it is on, and query helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

from sqlite_utils import Database

from policywatch.state.blobs import TextCache

T = TypeVar("T")
# a run of non-ASCII characters in a path (`政策`), which a link may have written escaped
_RAW_TEXT = re.compile(r"[^\x00-\x7f]+")


def by_document(rows: Iterable[T], document_id: Callable[[T], int]) -> Callable[[int], list[T]]:
    """A reader of rows sorted by document id: asked for ids in increasing order, it hands over
    each id's rows ([] for none), reading the rows once and holding one document's at a time."""
    groups = groupby(rows, key=document_id)
    pending = next(groups, None)

    def take(wanted: int) -> list[T]:
        nonlocal pending
        while pending is not None and pending[0] < wanted:
            pending = next(groups, None)
        if pending is None or pending[0] != wanted:
            return []
        found = list(pending[1])
        pending = next(groups, None)
        return found

    return take


class StoreBase:
    """What every part of Store (sources, documents, versions, ...) builds on."""

    db: Database
    path: Path | None
    texts: TextCache

    def _text(self, digest: str) -> str:
        return self.texts.get(self.db, digest)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of a query, read a batch at a time: for listings as large as the store."""
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(500):
            for row in batch:
                yield dict(zip(names, row, strict=True))

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.db.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def _document_for_url(self, url: str, source: str | None = None) -> int | None:
        """The id of the document that url (current or former) belongs to."""
        if not url:
            return None
        if source is None:
            return self._scalar("SELECT document_id FROM aliases WHERE url = ? ORDER BY first_seen LIMIT 1", [url])
        return self._scalar("SELECT document_id FROM aliases WHERE source = ? AND url = ?", [source, url])

    def _document_at_address(self, url: str, source: str) -> int | None:
        """The id of source's document at url's address on the site's other scheme or host name.

        Sites move from http to https and between `www.` and the bare host; a page at the same
        path and query there is the same page (state.versions decides whether it is the same
        document: the old URL must not be alive in this run itself)."""
        variants = same_address_elsewhere(url)
        if not variants:
            return None
        # one statement for the (up to eleven) variants: a first crawl asks this of every new page
        return self._scalar(
            f"""SELECT document_id FROM aliases WHERE source = ? AND url IN ({','.join('?' * len(variants))})
               ORDER BY first_seen LIMIT 1""",
            [source, *variants],
        )


def same_address_elsewhere(url: str) -> list[str]:
    """url on the other scheme (http/https) and the other host form (with or without `www.`),
    path, query and port kept: the addresses a site moving between them gives the same page.

    A path with Chinese (`/政策/`) also gives its escaped spellings (`/%E6%94%BF%E7%AD%96/`, and
    in lower case): the crawler spells listed URLs one way (crawler.urls), and a store written
    before it did holds the spelling a page's link had."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.netloc
    if scheme not in ("http", "https") or not parts.hostname or "@" in host or host.startswith("["):
        return []  # not a web page, or written with a user or as an IPv6 literal: no other form
    bare = host[4:] if host.lower().startswith("www.") else host
    is_ip = parts.hostname.replace(".", "").isdigit()  # an IPv4 address has no www. form
    hosts = (bare,) if is_ip else (bare, f"www.{bare}")
    escaped = _RAW_TEXT.sub(lambda m: quote(m.group(), safe=""), parts.path)
    paths = dict.fromkeys((parts.path, escaped, _RAW_TEXT.sub(lambda m: quote(m.group(), safe="").lower(), parts.path)))
    return [urlunsplit(parts._replace(scheme=s, netloc=h, path=p)) for s in ("https", "http") for h in hosts
            for p in paths if (s, h, p) != (scheme, host, parts.path)]

