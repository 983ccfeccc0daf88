"""SQLite connection plumbing: pragmas, write transactions, timestamps, and sqlite3 errors as StoreError."""

from __future__ import annotations

import functools
import inspect
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FunctionType
from typing import Any, TypeVar
from urllib.parse import quote

from sqlite_utils import Database

from policywatch.errors import StoreError

T = TypeVar("T")


def connect(path: Path | None, *, timeout: float = 10.0) -> Database:
    """A Database on path (None: in memory) with WAL, a busy timeout and foreign keys on."""
    if path is None:
        db = Database(memory=True, execute_plugins=False)
    else:
        db = Database(path, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    # Reading the schema first makes a non-SQLite file fail here, before anything is written.
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if path is not None:
        db.enable_wal()
        # NORMAL is crash-safe in WAL mode (a killed process loses nothing committed); only a
        # power cut may drop the last commits. Outbox claims switch to FULL (see durable()).
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    # 32 MiB of page cache instead of SQLite's 2 MiB: the indexes of a store with thousands of
    # documents then stay in memory, so a lookup costs the same at 8,000 documents as at 500
    db.execute("PRAGMA cache_size = -32768")
    return db


def connect_readonly(path: Path, *, timeout: float = 10.0) -> Database:
    """A Database reading `path` without writing anything: no WAL switch, no -shm created.

    SQLite's mode=ro still needs a -shm file beside a WAL database (to see what writers do); on
    a read-only mount or directory without one it cannot open, and the file is read as
    immutable, which is exact while nobody can write there, unless a -wal file holds commits
    not yet in the database (then StoreError: copy the files somewhere writable).
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        if "unable to open" not in str(err).lower():
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            raise StoreError(
                f"store {path} cannot be read here: its write-ahead log {wal} holds commits not yet in the "
                f"database, and SQLite cannot open the log in this read-only place; copy {path} and {wal} to a "
                f"writable directory and read the copy") from err
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA query_only = ON")  # a write that slips through fails at once, changing nothing
    db.execute("PRAGMA cache_size = -32768")
    return db


def writable(path: Path) -> bool:
    """Whether this process may write the database and its -wal/-shm files (made beside it, or
    already there: a directory the service may not write can hold files it may)."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK):
        return True
    return all(os.access(path.with_name(path.name + suffix), os.W_OK) for suffix in ("-wal", "-shm"))


# SQLite's page cache while one reader goes through the whole store once (the site build)
READ_THROUGH_CACHE_KIB = 4096


@contextmanager
def read_through(db: Database, kib: int = READ_THROUGH_CACHE_KIB) -> Iterator[Database]:
    """The connection with a small page cache for a while, the usual one (and its pages) after.

    Reading every text, version and event once fills the 32 MiB cache with pages never read
    again: a site build's memory then grew with the store up to that size (issue 15). Index
    lookups of the build still hit the small cache; the crawl's lookups get the large one back.
    """
    previous = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-int(kib)}")
    db.execute("PRAGMA shrink_memory")  # drop what an earlier part of the run cached
    try:
        yield db
    finally:
        db.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One write transaction; nested calls become savepoints of the outer one.

    The outer transaction starts with BEGIN IMMEDIATE rather than db.atomic()'s deferred BEGIN:
    a deferred transaction that reads first and then writes fails at once with "database is
    locked" if another connection committed in between, instead of waiting the busy timeout.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():  # a savepoint: the same rollback rules as every sqlite-utils write
            yield db
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


@contextmanager
def durable(db: Database) -> Iterator[None]:
    """Commits inside this block are fsynced before returning (for exactly-once delivery).

    Only outside a transaction: a claim inside someone else's transaction would not be on disk
    before the message goes out, which is the whole point.
    """
    if db.conn.in_transaction:
        raise RuntimeError("outbox claims and confirmations must not run inside an open transaction")
    db.execute("PRAGMA synchronous = FULL")
    try:
        yield
    finally:
        db.execute("PRAGMA synchronous = NORMAL")


def store_error(err: sqlite3.Error, path: Path | None) -> StoreError:
    """Turn a sqlite3 error into a StoreError that names the file and says what to do."""
    where = str(path) if path is not None else "the in-memory store"
    text = str(err)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        hint = ("is not a policywatch database or is corrupt; restore it from a backup "
                "(policywatch backup) or move it aside so a new one is created")
    elif "locked" in lowered or "busy" in lowered:
        hint = "is locked by another process; wait for the other run to finish and try again"
    elif "full" in lowered:
        hint = "cannot grow: the disk (or the database's size limit) is full; free space and run again — nothing was half-written"
    elif "i/o error" in lowered:
        hint = "could not be read or written (disk I/O error); check the disk, its free space and the file's permissions"
    elif "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
        hint = "cannot be opened for writing; check that its directory exists and is writable"
    elif "no such table" in lowered or "no such column" in lowered:
        hint = "has an unexpected schema; it may belong to another program or a newer policywatch"
    else:
        hint = "failed"
    return StoreError(f"store {where} {hint} (sqlite: {text})")


def guarded(cls: type[T]) -> type[T]:
    """Wrap every public method of cls so sqlite3 errors surface as StoreError naming the file."""
    for name in dir(cls):
        member = inspect.getattr_static(cls, name)
        if not name.startswith("_") and isinstance(member, FunctionType):
            setattr(cls, name, _guard(member))
    return cls


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(self, *args, **kwargs)
            except sqlite3.Error as err:
                raise store_error(err, self.path) from err
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as err:
            raise store_error(err, self.path) from err
    return wrapper


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """Timestamps are stored as UTC ISO strings, so they sort and compare as text."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
