"""Content-addressed bodies: raw fetched bytes and version texts, zlib-compressed, stored once per sha256."""

from __future__ import annotations

import hashlib
import zlib
from collections import OrderedDict

from sqlite_utils import Database

from policywatch.errors import StoreError
from policywatch.state.connection import iso, utcnow


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_blob(db: Database, data: bytes) -> str:
    """Store data once (deduplicated by its sha256) and return the hash."""
    digest = sha256_hex(data)
    exists = db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if not exists:
        db.execute(
            "INSERT INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?)",
            [digest, len(data), zlib.compress(data, 6), iso(utcnow())],
        )
    return digest


def get_blob(db: Database, digest: str) -> bytes:
    """The bytes stored under digest, checked against it; KeyError when absent."""
    row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None:
        raise KeyError(digest)
    data = zlib.decompress(row[0])
    if sha256_hex(data) != digest:
        raise StoreError(f"stored body {digest} does not match its hash: the database is damaged")
    return data


def put_text(db: Database, text: str) -> str:
    return put_blob(db, text.encode("utf-8"))


def get_text(db: Database, digest: str) -> str:
    return get_blob(db, digest).decode("utf-8")


class TextCache:
    """Recently read version texts by hash: content-addressed, so an entry can never go stale.

    Every unchanged re-fetch returns the stored current version; without the cache most of
    its time goes into decompressing the same text again.
    """

    def __init__(self, max_chars: int = 16_000_000) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._chars = 0
        self._max = max_chars

    def get(self, db: Database, digest: str) -> str:
        text = self._items.get(digest)
        if text is not None:
            self._items.move_to_end(digest)
            return text
        text = get_text(db, digest)
        if len(text) <= self._max // 4:
            self._items[digest] = text
            self._chars += len(text)
            while self._chars > self._max:
                self._chars -= len(self._items.popitem(last=False)[1])
        return text


def prune_unreferenced(db: Database) -> int:
    """Delete bodies no version points at (never one that produced a version); return how many."""
    cursor = db.execute(
        """DELETE FROM blobs WHERE sha256 NOT IN (SELECT text_sha256 FROM versions)
           AND sha256 NOT IN (SELECT raw_sha256 FROM versions WHERE raw_sha256 IS NOT NULL)"""
    )
    return cursor.rowcount
