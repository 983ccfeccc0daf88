"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from policywatch.errors import StoreError


def backup_database(source: sqlite3.Connection, dest: Path, *, source_name: str) -> Path:
    """Copy the database behind source to dest, consistent even while other processes write.

    The copy is made in one backup step, which reads from a single snapshot (WAL lets writers
    carry on meanwhile), into a temporary file renamed over dest at the end, so dest is never a
    half-written database.
    """
    dest = Path(dest)
    if dest.is_dir():
        raise StoreError(f"backup destination {dest} is a directory; give a file name")
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target, pages=-1)
            # The copy stands alone: rollback journal mode, no -wal file needed beside it.
            target.execute("PRAGMA journal_mode = DELETE")
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
        if ok != "ok":
            raise StoreError(f"backup of {source_name} to {dest} failed its integrity check: {ok}")
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as err:
        raise StoreError(f"cannot back up {source_name} to {dest}: {err}; check the destination "
                         "directory exists, is writable and has space") from err
    finally:
        tmp.unlink(missing_ok=True)
    return dest
