"""Retention, export and backup: keeping the store small and getting data out of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from policywatch.errors import UsageError
from policywatch.state.backup import backup_database
from policywatch.state.base import StoreBase
from policywatch.state.blobs import prune_unreferenced
from policywatch.state.connection import iso, write
from policywatch.state.records import event_from_row, metadata_from_json

EXPORT_KINDS = ("documents", "versions", "events", "changes")


class MaintenanceMixin(StoreBase):
    def prune(self, before: datetime) -> dict[str, int]:
        """Delete fetch-log rows older than before, and bodies no version points at.

        Versions and the bodies that produced them are never deleted. The newest ok fetch of
        each URL is kept, since listing pages take their validators from it.
        """
        with write(self.db):
            fetches = self.db.execute(
                """DELETE FROM fetches WHERE fetched_at < ? AND id NOT IN
                   (SELECT max(id) FROM fetches WHERE outcome = 'ok' GROUP BY url)""",
                [iso(before)],
            ).rowcount
            blobs = prune_unreferenced(self.db)
        return {"fetches": fetches, "blobs": blobs}

    def export(self, kind: str) -> Iterator[dict[str, Any]]:
        """Rows of documents, versions or events ("changes" is a synonym) as plain dicts for CSV/JSON writers."""
        if kind not in EXPORT_KINDS:
            raise UsageError(f"cannot export {kind!r}; choose one of {', '.join(EXPORT_KINDS)}")
        yield from getattr(self, f"_export_{'events' if kind == 'changes' else kind}")()

    def backup(self, dest: Path) -> Path:
        """Write a consistent copy of the database to dest (safe while runs are writing)."""
        if self.path is not None and Path(dest).resolve() == self.path.resolve():
            raise UsageError(f"backup destination {dest} is the live database itself; choose another file")
        if self.path is not None and Path(dest).resolve() in _companions(self.path.resolve()):
            # a copy renamed over the live -wal lost its committed pages, and SQLite deleted the
            # "backup" when the store closed
            raise UsageError(f"backup destination {dest} is a file SQLite or policywatch keeps beside the live "
                             f"database; choose another file")
        return backup_database(self.db.conn, Path(dest), source_name=str(self.path or ":memory:"))

    def _export_documents(self) -> Iterator[dict[str, Any]]:
        for doc in self.documents():  # type: ignore[attr-defined]
            yield {
                "id": doc.id, "source": doc.source, "url": doc.url, "status": doc.status.value,
                "parent_id": doc.parent_id, "version_count": doc.version_count,
                "first_seen": doc.first_seen.isoformat(), "last_seen": doc.last_seen.isoformat(),
                "aliases": list(doc.aliases), **doc.metadata.to_dict(),
            }

    def _export_versions(self) -> Iterator[dict[str, Any]]:
        rows = self.db.execute(
            """SELECT v.*, d.source FROM versions v JOIN documents d ON d.id = v.document_id
               ORDER BY v.document_id, v.number"""
        )
        names = [c[0] for c in rows.description]
        for values in rows.fetchall():
            row = dict(zip(names, values, strict=True))
            yield {
                "document_id": row["document_id"], "source": row["source"], "number": row["number"],
                "url": row["url"], "content_hash": row["content_hash"], "same_as": row["same_as"],
                "first_seen": row["first_seen"], "last_seen": row["last_seen"],
                "raw_sha256": row["raw_sha256"], "size": row["text_size"],
                **metadata_from_json(row["metadata"]).to_dict(),
                "display_text": self._text(row["text_sha256"]),
            }

    def _export_events(self) -> Iterator[dict[str, Any]]:
        for row in self._rows("SELECT * FROM events ORDER BY id"):
            yield event_from_row(row).to_dict()


def _companions(path: Path) -> set[Path]:
    """The files that live beside a database: SQLite's WAL, shared memory and journal, the run
    lock and the store's sidecar."""
    return {path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal", ".lock", ".store.json")}
