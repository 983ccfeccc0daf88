"""Runs and sources: which passes ran, and how each watched site is doing (consecutive failures)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from policywatch.model import SourceHealth
from policywatch.state.base import StoreBase
from policywatch.state.connection import iso, parse_time, utcnow, write
from policywatch.state.records import RunInfo, full_summary, run_from_row, slim_summary


class SourcesMixin(StoreBase):
    # ------------------------------------------------------------------ runs

    def start_run(self, sources: Sequence[str], *, at: datetime | None = None) -> int:
        """Record the start of a run over sources (registering them); return its id."""
        with write(self.db):
            for name in sources:
                self.ensure_source(name)
            cursor = self.db.execute(
                "INSERT INTO runs (started_at, sources) VALUES (?, ?)",
                [iso(at or utcnow()), json.dumps(list(sources), ensure_ascii=False)],
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, summary: Mapping[str, Any], *, at: datetime | None = None) -> None:
        """Record the end of a run; its events are kept by id, last_run() gives the summary back whole."""
        events = summary.get("events")
        ids = [e.get("id") for e in events if isinstance(e, Mapping)] if isinstance(events, list) else []
        stored = self.events_by_id(i for i in ids if isinstance(i, int))  # type: ignore[attr-defined]
        kept = slim_summary(summary, stored) or dict(summary)
        self.db.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            [iso(at or utcnow()), json.dumps(kept, ensure_ascii=False, default=str), run_id],
        )

    def last_run(self, source: str | None = None) -> RunInfo | None:
        """The latest run (of source, when given), finished or not."""
        if source is None:
            row = self._one("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
        else:
            row = self._one(
                """SELECT * FROM runs WHERE EXISTS (SELECT 1 FROM json_each(runs.sources) WHERE value = ?)
                   ORDER BY id DESC LIMIT 1""",
                [source],
            )
        if row is None:
            return None
        run = run_from_row(row)
        if "event_ids" not in run.summary:
            return run
        events = self.events_by_id(run.summary["event_ids"])  # type: ignore[attr-defined]
        if not all(i in events for i in run.summary["event_ids"]):
            return run  # an event was deleted since: the ids are all there is
        return replace(run, summary=full_summary(run.summary, events))

    # ------------------------------------------------------------------ sources

    def ensure_source(self, name: str, config: Mapping[str, Any] | None = None) -> None:
        """Register a source (idempotent); a given config replaces the stored one."""
        with write(self.db):
            self.db.execute(
                "INSERT OR IGNORE INTO sources (name, created_at) VALUES (?, ?)", [name, iso(utcnow())]
            )
            if config is not None:
                self.db.execute(
                    "UPDATE sources SET config = ? WHERE name = ?",
                    [json.dumps(dict(config), ensure_ascii=False, default=str), name],
                )

    def continue_source(self, old: str, new: str) -> int | None:
        """Make `new` the source `old` was (a source renamed in the config): its documents with
        their attachments and versions, their URLs and its listing queue, when its first run
        completed and how its runs went; `old` is no longer known. Events already stored keep
        the source they were told under (a feed entry's id is made of it: moved, readers would
        show every entry again). Returns how many documents moved, None when no source `old` is
        stored (a name misspelt, or a rename already made by an earlier run). A `new` that has
        run already keeps its own health (the old one's is dropped) and its baseline. The rename
        is recorded (continued(), former_names()): made once, whatever `old` stores later."""
        with write(self.db):
            known = "SELECT 1 FROM sources WHERE name = ? UNION ALL SELECT 1 FROM documents WHERE source = ? LIMIT 1"
            if self._scalar(known, [old, old]) is None:
                return None
            self.ensure_source(new)
            self._record_rename(old, new)
            moved = self.db.execute("UPDATE documents SET source = ? WHERE source = ?", [new, old]).rowcount
            for table in ("aliases", "discovered"):
                # OR IGNORE: a URL `new` already has (read by it before the rename) stays its own
                self.db.execute(f"UPDATE OR IGNORE {table} SET source = ? WHERE source = ?", [new, old])
                self.db.execute(f"DELETE FROM {table} WHERE source = ?", [old])
            # a baseline either name completed stays completed (two old names continued by one);
            # how the runs went is the old name's unless the new one has run itself (a declaration
            # added after its first run merges the old one in: its own health is the current one)
            self.db.execute(
                """UPDATE sources SET first_completed_at =
                       (SELECT COALESCE(sources.first_completed_at, o.first_completed_at)
                        FROM sources AS o WHERE o.name = ?)
                   WHERE name = ? AND EXISTS (SELECT 1 FROM sources WHERE name = ?)""",
                [old, new, old],
            )
            self.db.execute(
                """UPDATE sources SET (last_run_at, last_outcome, last_message, consecutive_failures,
                          failing_since) =
                       (SELECT o.last_run_at, o.last_outcome, o.last_message, o.consecutive_failures,
                               o.failing_since FROM sources AS o WHERE o.name = ?)
                   WHERE name = ? AND last_run_at IS NULL AND EXISTS (SELECT 1 FROM sources WHERE name = ?)""",
                [old, new, old],
            )
            self.db.execute("DELETE FROM sources WHERE name = ?", [old])
        return int(moved)

    def continued(self, old: str, new: str) -> bool:
        """True when `new` has continued `old` already (continue_source made the merge): a
        declaration left in place merges nothing more, and `old` run again (by another config
        on the store) is a source of its own from then on. A merge made before renames were
        recorded is known by what it left, with `new`'s declaration (the caller's) naming its
        target: `old` had events and no sources row at the upgrade and `new` held documents
        they were about (0009_merged_before), or, when they were about no document, `old` has
        neither a row nor a document now. It is recorded then, else `old` run again would be
        merged again; never when `old` is recorded as continued by another name, nor for a
        holder that does not declare it (the documents may have moved on after the merge)."""
        with write(self.db):
            if self._scalar("SELECT 1 FROM source_renames WHERE old = ? AND new = ?", [old, new]) is not None:
                return True
            if self._scalar("SELECT 1 FROM source_renames WHERE old = ? LIMIT 1", [old]) is not None:
                return False  # continued by another name: what `old` stores now is a source of its own
            candidates = {r["holder"] for r in self._rows("SELECT holder FROM merged_before WHERE old = ?", [old])}
            if candidates:
                merged_before = new in candidates
            else:
                merged_before = self._scalar(
                    """SELECT 1 FROM events WHERE source = ?
                         AND NOT EXISTS (SELECT 1 FROM sources WHERE name = ?)
                         AND NOT EXISTS (SELECT 1 FROM documents WHERE source = ?) LIMIT 1""",
                    [old, old, old],
                ) is not None
            if not merged_before:
                return False
            self._record_rename(old, new)
        return True

    def _record_rename(self, old: str, new: str) -> None:
        """Record that `new` continued `old` (inside the caller's write transaction), once."""
        self.db.execute("INSERT OR IGNORE INTO source_renames (old, new, at) VALUES (?, ?, ?)",
                        [old, new, iso(utcnow())])

    def former_names(self, name: str) -> list[str]:
        """The names the source `name` continued, through every rename recorded (a chain
        s -> b -> name gives b and s), whether or not the config still declares them."""
        rows = self._rows(
            """WITH RECURSIVE former(name) AS (
                   SELECT old FROM source_renames WHERE new = ?
                   UNION SELECT r.old FROM source_renames AS r JOIN former ON r.new = former.name)
               SELECT name FROM former WHERE name != ? ORDER BY name""",
            [name, name],
        )
        return [row["name"] for row in rows]

    def is_first_run(self, source: str) -> bool:
        """True until a run of source completed successfully (its baseline is then known)."""
        done = self._scalar("SELECT first_completed_at FROM sources WHERE name = ?", [source])
        return done is None

    def mark_source_run(
        self, source: str, *, ok: bool, outcome: str, message: str = "", at: datetime
    ) -> SourceHealth:
        """Record how a run of source went; failures count up until the next ok run."""
        stamp = iso(at)
        with write(self.db):
            self.ensure_source(source)
            if ok:
                self.db.execute(
                    """UPDATE sources SET last_run_at = ?, last_outcome = ?, last_message = ?,
                       consecutive_failures = 0, failing_since = NULL,
                       first_completed_at = coalesce(first_completed_at, ?) WHERE name = ?""",
                    [stamp, outcome, message, stamp, source],
                )
            else:
                self.db.execute(
                    """UPDATE sources SET last_run_at = ?, last_outcome = ?, last_message = ?,
                       consecutive_failures = consecutive_failures + 1,
                       failing_since = coalesce(failing_since, ?) WHERE name = ?""",
                    [stamp, outcome, message, stamp, source],
                )
        return self._health([source])[0]

    def source_health(self) -> list[SourceHealth]:
        """Every known source, by name."""
        return self._health(None)

    def _health(self, names: Sequence[str] | None) -> list[SourceHealth]:
        where, params = ("", []) if names is None else (
            f"WHERE s.name IN ({','.join('?' * len(names))})", list(names))
        rows = self._rows(
            f"""SELECT s.*,
                  (SELECT count(*) FROM documents d WHERE d.source = s.name) AS documents,
                  (SELECT max(v.first_seen) FROM versions v JOIN documents d ON d.id = v.document_id
                     WHERE d.source = s.name AND v.number > 1) AS last_change_at
                FROM sources s {where} ORDER BY s.name""",
            params,
        )
        return [
            SourceHealth(
                name=r["name"],
                documents=r["documents"],
                last_run_at=parse_time(r["last_run_at"]),
                last_outcome=r["last_outcome"],
                consecutive_failures=r["consecutive_failures"],
                failing_since=parse_time(r["failing_since"]),
                last_change_at=parse_time(r["last_change_at"]),
                message=r["last_message"],
            )
            for r in rows
        ]
