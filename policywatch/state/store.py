"""The Store facade: opening the SQLite file safely and the one object the pipeline, CLI and reports use.

Opening refuses a database that is missing or empty while its sidecar (``<db>.store.json``,
rewritten whenever a store holding documents is opened) says it held documents: a truncated
or deleted file is a restore job, not a new baseline. `check_before_run` runs SQLite's
quick_check before a run writes anything.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlite_utils import Database

from policywatch.errors import StoreError
from policywatch.model import ChangeEvent, StoreIdentity
from policywatch.state.blobs import TextCache
from policywatch.state.connection import (
    connect,
    connect_readonly,
    guarded,
    read_through,
    store_error,
    writable,
    write,
)
from policywatch.state.documents import DocumentsMixin
from policywatch.state.events import EventsMixin
from policywatch.state.fetches import FetchLogMixin
from policywatch.state.maintenance import MaintenanceMixin
from policywatch.state.outbox import OutboxMixin
from policywatch.state.records import event_from_row
from policywatch.state.relations import RelationsMixin
from policywatch.state.schema import migrate, pending_migrations, unknown_migrations
from policywatch.state.sources import SourcesMixin
from policywatch.state.stamp import StampMixin
from policywatch.state.versions import VersionsMixin

# the commands that only read the store (they open it with Store.open_for_reading)
READING_COMMANDS = ("list", "history", "show", "export", "related", "diff --config", "site build", "status",
                    "backup")


def _refuse_newer_schema(db: Database, path: Path | None) -> None:
    unknown = unknown_migrations(db)
    if unknown:
        raise StoreError(
            f"store {path} was written by a newer policywatch (its schema has {', '.join(unknown)}, which this "
            f"version does not know); nothing was read or written: upgrade policywatch, or restore a backup this "
            f"version made"
        )


@guarded
class Store(
    SourcesMixin, FetchLogMixin, DocumentsMixin, VersionsMixin, EventsMixin, OutboxMixin, MaintenanceMixin,
    RelationsMixin, StampMixin,
):
    """Sources, documents, versions, fetches, events and the outbox in one SQLite file.

    Every public method turns sqlite3 errors into StoreError naming the file.
    """

    def __init__(self, db: Database, path: Path | None, *, readonly: bool = False) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        self.texts = TextCache()

    @classmethod
    def open(cls, path: str | Path, *, timeout: float = 10.0) -> Store:
        """Open (creating if needed) the store at path, in WAL mode, with migrations applied.

        timeout: seconds a write waits for another process's write before giving up.
        """
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"store {path} is a directory; give the path of a database file")
        if not path.parent.exists():
            raise StoreError(f"store {path}: directory {path.parent} does not exist; create it first")
        _refuse_lost_store(path)
        if path.exists() and not writable(path):
            raise StoreError(
                f"store {path} is read-only for this process (file mode {path.stat().st_mode & 0o777:o}, its "
                f"directory, or a read-only mount): this command writes to the store, so nothing was done. Reading "
                f"commands ({', '.join(READING_COMMANDS)}) work on it; to write, make {path} and its directory "
                f"writable, or copy the store to a writable place")
        store = cls._connect(path, timeout)
        store._write_sidecar()
        return store

    @classmethod
    def open_for_reading(cls, path: str | Path, *, timeout: float = 10.0, sources: bool = True) -> Store:
        """The existing store at path for a command that only reads it; creates nothing.

        StoreError when there is no store at path, saying how one is made: `policywatch run`,
        or, when the config has no `sources` (a run of nothing creates no store), adding one
        first. A store this process may write is opened as by `open` (migrations applied); a
        read-only one (file mode, directory, mount) is read without writing anything, if its
        schema is current.
        """
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"store {path} is a directory; give the path of a database file")
        _refuse_lost_store(path)
        if not path.exists():
            made = ("run `policywatch run` to create the store and fill it" if sources else
                    "add a [[sources]] table to the config: it has none, and a run with no sources creates no "
                    "store; `policywatch run` then creates the store and fills it")
            raise StoreError(
                f"store {path} does not exist; nothing was created. Check `database` in the config (paths are "
                f"relative to the config file), or {made}")
        if writable(path):
            return cls.open(path, timeout=timeout)
        try:
            db = connect_readonly(path, timeout=timeout)
        except sqlite3.Error as err:
            raise store_error(err, path) from err
        try:
            _refuse_newer_schema(db, path)
            pending = pending_migrations(db)
        except (sqlite3.Error, StoreError) as err:
            db.close()
            raise (err if isinstance(err, StoreError) else store_error(err, path)) from err
        if pending:
            db.close()
            raise StoreError(
                f"store {path} is read-only and was written by an older policywatch: reading it needs an upgrade "
                f"({', '.join(pending)}) that writes to it. Make it writable once and run any command")
        return cls(db, path, readonly=True)

    @classmethod
    def memory(cls) -> Store:
        """A throw-away in-memory store (tests)."""
        return cls._connect(None, 10.0)

    @classmethod
    def _connect(cls, path: Path | None, timeout: float) -> Store:
        db = None
        try:
            db = connect(path, timeout=timeout)
            _refuse_newer_schema(db, path)
            migrate(db)
        except (sqlite3.Error, StoreError) as err:
            if db is not None:
                db.close()
            raise (err if isinstance(err, StoreError) else store_error(err, path)) from err
        return cls(db, path)

    def close(self) -> None:
        if not self.readonly:
            self._write_sidecar()  # after a first run the store holds documents: from now on its loss is noticed
        self.db.close()

    def check_before_run(self) -> None:
        """StoreError (exit 3) when SQLite finds the file damaged; called before a run's first write."""
        try:
            rows = self.db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as err:
            # the check itself stopped at a page it cannot read (random bytes in a table's leaf):
            # the same damage as the problems it lists, told with the same way out. Only SQLite's
            # own word for damage is: locked, busy, I/O, or a connection misused (ProgrammingError,
            # a closed store) give no verdict on the file
            if getattr(err, "sqlite_errorcode", None) not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise store_error(err, self.path) from err
            rows = [(f"sqlite: {err}",)]
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        if problems:
            raise StoreError(
                f"store {self.path} is damaged ({'; '.join(problems[:3])}); nothing was written. Restore it from a "
                f"backup (stop policywatch, copy the backup over {self.path}, delete {self.path}-wal and "
                f"{self.path}-shm) or run `sqlite3 {self.path} .recover` to salvage what is readable"
            )

    def identity(self) -> StoreIdentity:
        """The store's identity (made once by the 0007_store_identity migration), which makes the
        ids of its reports its own."""
        meta = dict(self.db.execute("SELECT key, value FROM store_meta").fetchall())
        return StoreIdentity(uid=meta["uid"], legacy_events=int(meta["legacy_events"]))

    def owed_events(self, run_id: int) -> list[ChangeEvent]:
        """Events stored by earlier runs that never finished (killed, disk full), oldest first.

        No `run --json` carried them; the run `run_id` reports them and then `finish_run_settling`.
        """
        rows = self._rows(
            # runs first (CROSS JOIN fixes the order), then each unfinished run's events through
            # events_run: without statistics SQLite would rather scan every event ever stored
            """SELECT events.* FROM runs CROSS JOIN events ON events.run_id = runs.id
               WHERE runs.finished_at IS NULL AND runs.summary IS NULL AND runs.id < ? ORDER BY events.id""",
            [run_id],
        )
        return [event_from_row(r) for r in rows]

    def finish_run_settling(self, run_id: int, summary: Mapping[str, Any]) -> None:
        """`finish_run`, and in the same transaction mark the unfinished earlier runs as interrupted
        with their events reported by this run (so they are carried exactly once)."""
        note = json.dumps({"interrupted": True, "events_reported_by_run": run_id})
        with write(self.db):
            self.finish_run(run_id, summary)
            self.db.execute("UPDATE runs SET summary = ? WHERE finished_at IS NULL AND summary IS NULL AND id < ?",
                            [note, run_id])

    def _write_sidecar(self) -> None:
        """Record that this store holds documents (a safety net: failing to write it is not an error)."""
        if self.path is None:
            return
        try:
            documents = int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.Error:
            return
        if not documents:
            return
        record = {"database": self.path.name, "documents": documents,
                  "seen_at": datetime.now(UTC).isoformat(timespec="seconds"),
                  "note": "written by policywatch: this store held documents; delete this file only to start afresh"}
        sidecar = _sidecar(self.path)
        temporary = sidecar.with_name(sidecar.name + ".tmp")
        try:
            temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            temporary.replace(sidecar)
        except OSError:
            pass  # a read-only directory or a full disk

    def read_through(self) -> AbstractContextManager[Database]:
        """A small page cache while the caller reads the whole store once (connection.read_through)."""
        return read_through(self.db)

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: "ok" or the problems found."""
        rows = self.db.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".store.json")


def _refuse_lost_store(path: Path) -> None:
    """StoreError when the database is missing or empty but its sidecar says it held documents."""
    sidecar = _sidecar(path)
    if not sidecar.is_file():
        return
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    if size:
        return
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):  # a sidecar of `[]` or `1` (edited, damaged) made it an AttributeError
        record = {}
    state = "is missing" if size is None else "is empty (0 bytes)"
    raise StoreError(
        f"store {path} {state}, but it held {record.get('documents', 'some')} documents when last opened "
        f"({record.get('seen_at', 'unknown time')}, recorded in {sidecar}). Nothing was written. Restore it from "
        f"your backup: `cp BACKUP.db {path}` (a backup made with `policywatch backup BACKUP.db`); or, to start a "
        f"new store on purpose, delete {sidecar}"
    )
