"""The Store facade: opening the SQLite file safely and the one object the pipeline, CLI and reports use."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from policywatch.errors import StoreError
from policywatch.state.blobs import TextCache
from policywatch.state.connection import connect, guarded, store_error
from policywatch.state.documents import DocumentsMixin
from policywatch.state.events import EventsMixin
from policywatch.state.fetches import FetchLogMixin
from policywatch.state.maintenance import MaintenanceMixin
from policywatch.state.outbox import OutboxMixin
from policywatch.state.relations import RelationsMixin
from policywatch.state.schema import migrate
from policywatch.state.sources import SourcesMixin
from policywatch.state.versions import VersionsMixin


@guarded
class Store(
    SourcesMixin, FetchLogMixin, DocumentsMixin, VersionsMixin, EventsMixin, OutboxMixin, MaintenanceMixin,
    RelationsMixin,
):
    """Sources, documents, versions, fetches, events and the outbox in one SQLite file.

    Every public method turns sqlite3 errors into StoreError naming the file.
    """

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
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
        return cls._connect(path, timeout)

    @classmethod
    def memory(cls) -> Store:
        """A throw-away in-memory store (tests)."""
        return cls._connect(None, 10.0)

    @classmethod
    def _connect(cls, path: Path | None, timeout: float) -> Store:
        db = None
        try:
            db = connect(path, timeout=timeout)
            migrate(db)
        except sqlite3.Error as err:
            if db is not None:
                db.close()
            raise store_error(err, path) from err
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

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
