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


def put_blob(db: Database, data: bytes, *, like: str | None = None) -> str:
    """Store data once (deduplicated by its sha256) and return the hash.

    like: the hash of a stored body this one probably resembles (the previous version's). The
    new body is then compressed with that body as zlib's preset dictionary when this saves at
    least half: an edited version costs a few hundred bytes instead of a whole compressed copy.
    The dictionary is always a self-contained body, so a read never follows a chain.
    """
    digest = sha256_hex(data)
    exists = db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if not exists:
        packed, base = zlib.compress(data, 6), None
        dictionary = _dictionary(db, like) if like else None
        if dictionary is not None:
            squeezer = zlib.compressobj(6, zdict=dictionary[1])
            delta = squeezer.compress(data) + squeezer.flush()
            if len(delta) * 2 <= len(packed):
                packed, base = delta, dictionary[0]
        db.execute(
            "INSERT INTO blobs (sha256, size, data, created_at, base) VALUES (?, ?, ?, ?, ?)",
            [digest, len(data), packed, iso(utcnow()), base],
        )
    return digest


def get_blob(db: Database, digest: str) -> bytes:
    """The bytes stored under digest, checked against it; KeyError when absent."""
    row = db.execute("SELECT data, base FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None:
        raise KeyError(digest)
    packed, base = row
    damaged = StoreError(f"stored body {digest} does not match its hash: the database is damaged")
    try:
        if base is None:
            data = zlib.decompress(packed)
        else:
            unsqueezer = zlib.decompressobj(zdict=get_blob(db, base)[-_WINDOW:])
            data = unsqueezer.decompress(packed) + unsqueezer.flush()
    except zlib.error:
        # a flipped byte in the compressed body mostly fails here, before the hash is checked:
        # `show`, `history` and `export` ended in a zlib traceback instead of the store's exit 3
        raise damaged from None
    if sha256_hex(data) != digest:
        raise damaged
    return data


# zlib looks back at most 32 KiB: a dictionary's tail is all of it that can help
_WINDOW = 32 * 1024


def _dictionary(db: Database, like: str) -> tuple[str, bytes] | None:
    """(hash, tail) of the self-contained body to compress against: `like` itself, or its own base."""
    row = db.execute("SELECT base FROM blobs WHERE sha256 = ?", [like]).fetchone()
    if row is None:
        return None
    digest = row[0] or like
    return digest, get_blob(db, digest)[-_WINDOW:]


def put_text(db: Database, text: str, *, like: str | None = None) -> str:
    return put_blob(db, text.encode("utf-8"), like=like)


def get_text(db: Database, digest: str) -> str:
    """A version's text (get_kept)."""
    return get_kept(db, digest).decode("utf-8")


def get_kept(db: Database, digest: str) -> bytes:
    """A body a version points at, its text or its raw bytes. Such a body is never pruned
    (prune_unreferenced), so one missing is the store's damage (exit 3), not the KeyError
    get_blob gives for a body that may be absent."""
    try:
        return get_blob(db, digest)
    except KeyError:
        raise StoreError(f"stored body {digest} is missing: the database is damaged") from None


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
    """Delete bodies no version points at and no body is compressed against; return how many.

    A body that produced a version is never deleted.
    """
    cursor = db.execute(
        """DELETE FROM blobs WHERE sha256 NOT IN (SELECT text_sha256 FROM versions)
           AND sha256 NOT IN (SELECT raw_sha256 FROM versions WHERE raw_sha256 IS NOT NULL)
           AND sha256 NOT IN (SELECT base FROM blobs WHERE base IS NOT NULL)"""
    )
    return cursor.rowcount
