"""A site's build state in one SQLite file beside its pages, read and written by key.

The state (each page's input key, each version text's size, each event's words, the search
index's entries and posting files) used to be five JSON files, each read whole and written
whole by every build: each holds an entry per page, version, event or search entry, so a
round's build read, held and wrote the whole history, and its memory grew with it (issue 15).
Here each kind is a table read a row at a time by key, and a build writes only the rows it
changed and drops the ones it did not list. Kinds a build reads only in part are kept: the
pages of the documents a build did not list (a row per document, site.py) and the facts of
texts, named by their hash, which never go stale; their rows go only when deleted.

A build's writes are staged in TEMP tables (the connection's own, outside the file) and
applied in one transaction once its pages are in place (`commit`), so a build that dies
leaves the previous state whole (a first build writes its new file in place: it is swapped in
with the site or dropped with it); `invalidate` first commits the removal of what must not
outlive a half-moved site (the stamp, the search state). The file is an ordinary
rollback-journal database (nothing beside it once a transaction ends), so a site copied or
rsynced elsewhere carries its state along.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

STATE = ".policywatch-state.sqlite"
# Bump when the tables or their values change meaning: a site with another format is rebuilt.
FORMAT = "2"

V = TypeVar("V")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (kind TEXT NOT NULL, key TEXT NOT NULL, value, PRIMARY KEY (kind, key))
    WITHOUT ROWID;
CREATE TEMP TABLE staged (kind TEXT NOT NULL, key TEXT NOT NULL, value, PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TEMP TABLE noted (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TEMP TABLE deleted (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
"""
_NOTE_BATCH = 2000  # keys noted in memory before they go to the TEMP table


class Table(MutableMapping[str, V], Generic[V]):
    """One kind of state. Reads see the previous build's rows; writes are staged for `commit`.

    Every key this build reads or writes is noted: `SiteState.commit` drops the rows it never
    noted (pages, events no longer listed), so the state holds what the site holds; the rows of
    a kept table stay unless deleted.
    """

    def __init__(self, site: SiteState, kind: str, encode: Callable[[V], Any], decode: Callable[[Any], V]):
        self._site, self._kind, self._encode, self._decode = site, kind, encode, decode
        self._forgotten = False

    def forget(self) -> None:
        """Read as empty from now on (the previous rows no longer apply); they go at commit unless written."""
        self._forgotten = True

    def get(self, key: str, default: Any = None) -> Any:
        self._site.note(self._kind, key)
        if self._forgotten:
            return default
        row = self._site.db.execute("SELECT value FROM main.state WHERE kind = ? AND key = ?",
                                    (self._kind, key)).fetchone()
        return default if row is None else self._decode(row[0])

    def __getitem__(self, key: str) -> V:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value  # type: ignore[no-any-return]

    def __setitem__(self, key: str, value: V) -> None:
        self._site.note(self._kind, key)
        self._site.db.execute(f"INSERT OR REPLACE INTO {self._site.writes} VALUES (?, ?, ?)",
                              (self._kind, key, self._encode(value)))

    def __delitem__(self, key: str) -> None:
        """Dropped at commit."""
        self._site.delete(self._kind, key)

    def __iter__(self) -> Iterator[str]:
        """The previous build's keys, sorted (a cursor, not a list)."""
        if self._forgotten:
            return
        for (key,) in self._site.db.execute("SELECT key FROM main.state WHERE kind = ? ORDER BY key", (self._kind,)):
            yield key

    def __len__(self) -> int:
        if self._forgotten:
            return 0
        return int(self._site.db.execute("SELECT count(*) FROM main.state WHERE kind = ?", (self._kind,)).fetchone()[0])

    def keep(self, prefix: str) -> None:
        """Keep the previous rows whose key starts with `prefix`, unread: noted in one statement."""
        self._site.keep(self._kind, prefix)

    def rows(self) -> Iterator[tuple[str, V]]:
        """The previous build's rows, streamed from one query (not noted)."""
        for key, value in self._rows():
            yield key, self._decode(value)

    def sync(self, new: Mapping[str, V]) -> None:
        """Make the table hold `new` (a state computed whole): only the rows that differ are written.

        The previous rows are read in one pass, not a query per key."""
        same = {key for key, value in self._rows() if key in new and self._decode(value) == new[key]}
        for key, value in new.items():
            if key in same:
                self._site.note(self._kind, key)
            else:
                self[key] = value

    def _rows(self) -> Iterator[tuple[str, Any]]:
        if not self._forgotten:
            yield from self._site.db.execute("SELECT key, value FROM main.state WHERE kind = ?", (self._kind,))


_MISSING = object()


def _same(value: Any) -> Any:
    return value


def _pair(value: Any) -> tuple[Any, ...]:
    return tuple(json.loads(value))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SiteState:
    """The build state of the site at `path` (STATE in its directory); a fresh one if missing."""

    def __init__(self, path: Path):
        self.path = path
        # a new file (a first build's, in its staging folder, dropped whole if the build fails)
        # is written in place: staged, a fresh build's rows (all of them) were its memory peak,
        # growing with the store, and none of them replaces a previous build's
        self.fresh = not path.exists()
        self.writes = "main.state" if self.fresh else "temp.staged"
        self.db = sqlite3.connect(path, isolation_level=None)
        # what this build noted and staged (a row per page it lists) stays in memory: spilled to
        # a temporary file it was written and read back several times over
        self.db.execute("PRAGMA temp_store = MEMORY")
        self.db.executescript(_SCHEMA)
        self._notes: list[tuple[str, str]] = []
        self._kinds: list[str] = []  # those whose rows not noted are dropped at commit
        if self.meta("format") != FORMAT:
            self.db.execute("DELETE FROM main.state")
            self.db.execute("INSERT INTO main.state VALUES ('meta', 'format', ?)", (FORMAT,))
        # one read transaction for the build: each lookup its own would re-read the file's
        # header and retake its lock (two system calls per page of the site)
        self.db.execute("BEGIN")
        # a page's input key (sha256 bytes), by site path
        self.pages: Table[bytes] = self.table("page", _same, _same)
        # (characters, lines) of a version text, by its sha256: kept, since a build reads those of
        # the documents it lists only
        self.texts: Table[tuple[int, int]] = self.table("text", _dumps, _pair, kept=True)
        # a key per document that changes whenever one of its pages may (site.py), by id; and its
        # pages' input keys ({path: sha256 hex}): kept, a build lists the documents that changed
        self.documents: Table[str] = self.table("document", _same, _same, kept=True)
        self.document_pages: Table[dict[str, str]] = self.table("document-pages", _dumps, json.loads, kept=True)
        # an event's words (reports/summaries.py), by event id
        self.events: Table[list[Any]] = self.table("event", _dumps, json.loads)
        # the search index's state (reports/search.py): entries (identity, part count), posting files' keys
        self.search_entries: Table[tuple[str, int]] = self.table("search-entry", _dumps, _pair)
        self.search_files: Table[str] = self.table("search-file", _same, _same)

    def table(self, kind: str, encode: Callable[[V], Any], decode: Callable[[Any], V], *,
              kept: bool = False) -> Table[V]:
        if not kept:
            self._kinds.append(kind)
        return Table(self, kind, encode, decode)

    def meta(self, name: str) -> str | None:
        """A setting of the previous build ("format", "stamp", "events", "search"); None if unset."""
        row = self.db.execute("SELECT value FROM main.state WHERE kind = 'meta' AND key = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        """Staged like every write: the next build sees it once this one committed."""
        self.db.execute(f"INSERT OR REPLACE INTO {self.writes} VALUES ('meta', ?, ?)", (name, value))

    def note(self, kind: str, key: str) -> None:
        if self.fresh:  # no previous rows to drop
            return
        self._notes.append((kind, key))
        if len(self._notes) >= _NOTE_BATCH:
            self._flush_notes()

    def _flush_notes(self) -> None:
        self.db.executemany("INSERT OR IGNORE INTO temp.noted VALUES (?, ?)", self._notes)
        self._notes.clear()

    def keep(self, kind: str, prefix: str) -> None:
        if self.fresh:
            return
        self._flush_notes()
        self.db.execute("INSERT OR IGNORE INTO temp.noted SELECT kind, key FROM main.state "
                        "WHERE kind = ? AND key >= ? AND key < ?", (kind, prefix, prefix + "\U0010ffff"))

    def delete(self, kind: str, key: str) -> None:
        """Drop a row at commit (at once in a first build's new file)."""
        self._flush_notes()
        for table in ("temp.noted", self.writes):
            self.db.execute(f"DELETE FROM {table} WHERE kind = ? AND key = ?", (kind, key))
        if not self.fresh:
            self.db.execute("INSERT OR IGNORE INTO temp.deleted VALUES (?, ?)", (kind, key))

    def unnoted(self, kind: str) -> list[str]:
        """The previous build's keys of `kind` this build did not note, sorted (the pages it removed)."""
        if self.fresh:
            return []
        self._flush_notes()
        return [key for (key,) in self.db.execute(
            "SELECT key FROM main.state s WHERE kind = ? AND NOT EXISTS "
            "(SELECT 1 FROM temp.noted n WHERE n.kind = s.kind AND n.key = s.key) ORDER BY key", (kind,))]

    def invalidate(self, *names: str) -> None:
        """Commit at once the removal of these settings (and of the search state with "search")."""
        with self._transaction():
            for name in names:
                self.db.execute("DELETE FROM main.state WHERE kind = 'meta' AND key = ?", (name,))

    def commit(self) -> None:
        """Apply this build's writes and drop the rows it did not note, in one transaction."""
        self._flush_notes()
        with self._transaction():
            if self.fresh:  # written in place already (and nothing previous to drop)
                return
            for kind in self._kinds:
                self.db.execute("DELETE FROM main.state WHERE kind = ? AND NOT EXISTS "
                                "(SELECT 1 FROM temp.noted n WHERE n.kind = ? AND n.key = main.state.key)",
                                (kind, kind))
            self.db.execute("DELETE FROM main.state WHERE (kind, key) IN (SELECT kind, key FROM temp.deleted)")
            self.db.execute("INSERT OR REPLACE INTO main.state SELECT kind, key, value FROM temp.staged")
        for table in ("staged", "noted", "deleted"):
            self.db.execute(f"DELETE FROM temp.{table}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write transaction in place of the build's read transaction, which goes on after it."""
        self.db.execute("COMMIT")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        finally:
            self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.close()
