"""Change events: what gets reported, stored once each (idempotent on a dedup key)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from policywatch.model import ChangeEvent, ChangeSet, EventKind
from policywatch.state.base import StoreBase
from policywatch.state.connection import iso, parse_time, utcnow, write
from policywatch.state.records import (
    NEW_DOCUMENT,
    NEW_VERSION,
    RETURNED,
    RecordOutcome,
    changeset_digest,
    changeset_of_row,
    event_from_row,
    pack_changeset,
)


class EventsMixin(StoreBase):
    def add_event(
        self,
        kind: EventKind,
        *,
        source: str,
        document_id: int | None = None,
        old_version: int | None = None,
        new_version: int | None = None,
        changeset: ChangeSet | None = None,
        message: str = "",
        run_id: int | None = None,
        dedup_key: str | None = None,
        at: datetime | None = None,
        other: Mapping[str, Any] | None = None,
        evidence: str = "",
        effect: str = "",
    ) -> ChangeEvent:
        """Store an event, or return the one already stored under dedup_key.

        A dedup key such as f"{document_id}:{old}->{new}" makes a redone run (after a kill)
        find its earlier event instead of reporting the same change twice. Storing the event
        marks the version it reports (new_version) as reported; a BASELINE event marks every
        version of its source as reported (it stands for all of them).
        """
        with write(self.db):
            if dedup_key is not None:
                existing = self._one("SELECT * FROM events WHERE dedup_key = ?", [dedup_key])
                if existing is not None:
                    return event_from_row(existing)
            url, metadata = self._event_subject(document_id, new_version)
            cursor = self.db.execute(
                """INSERT INTO events (kind, source, document_id, url, metadata, old_version, new_version,
                   changeset_z, message, run_id, dedup_key, detected_at, detail)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [EventKind(kind).value, source, document_id, url, metadata, old_version, new_version,
                 pack_changeset(changeset.to_json()) if changeset is not None else None, message, run_id, dedup_key,
                 iso(at or utcnow()),
                 json.dumps({"other": dict(other), "evidence": evidence, **({"effect": effect} if effect else {})},
                            ensure_ascii=False)
                 if other is not None else None],
            )
            self._mark_covered(EventKind(kind), source, document_id, new_version)
            if kind is EventKind.REAPPEARED and document_id is not None:
                self._end_missing(document_id)  # type: ignore[attr-defined]
            row = self._one("SELECT * FROM events WHERE id = ?", [cursor.lastrowid])
        assert row is not None
        return event_from_row(row)

    def events_by_id(self, ids: Iterable[int]) -> dict[int, ChangeEvent]:
        """The stored events with these ids (those that exist), by id."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, ChangeEvent] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            for row in self._rows(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(part))})", part):
                found[row["id"]] = event_from_row(row)
        return found

    def has_event(self, dedup_key: str) -> bool:
        """True when an event was stored under dedup_key."""
        return self._scalar("SELECT 1 FROM events WHERE dedup_key = ?", [dedup_key]) is not None

    def events(
        self,
        *,
        since: datetime | None = None,
        source: str | None = None,
        kinds: Iterable[EventKind | str] | None = None,
        document_id: int | None = None,
    ) -> list[ChangeEvent]:
        """Stored events, newest first, filtered by time, source, kinds and document."""
        where, params = _event_filter(since=since, source=source, kinds=kinds, document_id=document_id)
        rows = self._rows(f"SELECT * FROM events WHERE {where} ORDER BY detected_at DESC, id DESC", params)
        return [event_from_row(r) for r in rows]

    def events_after(self, event_id: int) -> list[ChangeEvent]:
        """The events stored after the one with this id, in the order they were stored (oldest
        first): what a delivery channel has not queued yet, read by id range, not from history."""
        return [event_from_row(r) for r in self._rows("SELECT * FROM events WHERE id > ? ORDER BY id", [event_id])]

    def event_listing(
        self, *, since: datetime | None = None, source: str | None = None,
    ) -> Iterator[tuple[ChangeEvent, str]]:
        """Stored events, newest first, filtered as events() filters them, without their
        changesets: (event, digest of its changeset).

        The digest is "" for an event without a changeset; `event_changeset` reads one when it is
        needed. Rows are streamed, so listing a long history never holds its changesets (issue 15).
        """
        where, params = _event_filter(since=since, source=source)
        for row in self._iter_rows(f"SELECT * FROM events WHERE {where} ORDER BY detected_at DESC, id DESC", params):
            yield event_from_row(row, changeset=False), changeset_digest(row)

    def last_changes(self) -> dict[int, datetime]:
        """When each document last changed (its newest version after the first), by document id.

        Read from the versions, not the `changed` events, as the source health's last change is: a
        version stored without an event of its own (a copy of a document in another source taking
        its original's repeal, reported once under the original) is still a change of this document,
        and `list` said "v2, —" for it. One aggregate over (document, number): no text is read."""
        rows = self.db.execute(
            "SELECT document_id, max(first_seen) FROM versions WHERE number > 1 GROUP BY document_id").fetchall()
        return {document_id: parse_time(at) for document_id, at in rows}  # type: ignore[misc]

    def event_changeset(self, event_id: int) -> ChangeSet | None:
        """The changeset of one stored event (None when it has none or the event is unknown)."""
        row = self._one("SELECT id, changeset, changeset_z FROM events WHERE id = ?", [event_id])
        return None if row is None else changeset_of_row(row)

    def unreported(self, source: str | None = None) -> list[RecordOutcome]:
        """Stored new documents and new versions whose event was never stored, oldest first.

        A run killed after record_version but before add_event would otherwise lose the change
        (the redone run sees the content as unchanged); the pipeline reports these first.
        Returns (same_as set) come back as kind "returned", so they are reported as returns.
        """
        where, params = ("", []) if source is None else ("AND d.source = ?", [source])
        rows = self.db.execute(
            # versions outermost, read through the small partial index of unreported rows, instead
            # of walking every document of the source (once per run: linear backfill, issue 15)
            f"""SELECT v.document_id, v.number, v.same_as
                FROM versions v INDEXED BY versions_unreported CROSS JOIN documents d ON d.id = v.document_id
                WHERE v.reported_at IS NULL {where} ORDER BY v.id""",
            params,
        ).fetchall()
        outcomes = []
        for document_id, number, same_as in rows:
            previous = self.version(document_id, number - 1) if number > 1 else None  # type: ignore[attr-defined]
            kind = RETURNED if same_as is not None else NEW_VERSION if previous else NEW_DOCUMENT
            outcomes.append(RecordOutcome(
                kind,
                self.document(document_id),  # type: ignore[attr-defined]
                self.version(document_id, number),  # type: ignore[attr-defined]
                previous,
                same_as=same_as,
            ))
        return outcomes

    def mark_reported(self, document_id: int, number: int) -> None:
        """Mark a version as dealt with although no event names it (e.g. deliberately not reported)."""
        self._mark_covered(None, "", document_id, number)

    def _mark_covered(
        self, kind: EventKind | None, source: str, document_id: int | None, number: int | None
    ) -> None:
        stamp = iso(utcnow())
        if document_id is not None and number is not None:
            self.db.execute(
                "UPDATE versions SET reported_at = ? WHERE document_id = ? AND number = ? AND reported_at IS NULL",
                [stamp, document_id, number],
            )
        if kind is EventKind.BASELINE:
            self.db.execute(
                """UPDATE versions SET reported_at = ? WHERE reported_at IS NULL
                   AND document_id IN (SELECT id FROM documents WHERE source = ?)""",
                [stamp, source],
            )

    def _event_subject(self, document_id: int | None, new_version: int | None) -> tuple[str, str]:
        """URL and metadata JSON the event shows: the document's, as of new_version when given."""
        if document_id is None:
            return "", "{}"
        doc = self._one("SELECT url, metadata FROM documents WHERE id = ?", [document_id])
        if doc is None:
            return "", "{}"
        if new_version is not None:
            version = self._one(
                "SELECT metadata FROM versions WHERE document_id = ? AND number = ?", [document_id, new_version]
            )
            if version is not None:
                return doc["url"], version["metadata"]
        return doc["url"], doc["metadata"]


def _event_filter(
    *,
    since: datetime | None = None,
    source: str | None = None,
    kinds: Iterable[EventKind | str] | None = None,
    document_id: int | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) selecting events by time, source, kinds and document."""
    clauses: list[str] = []
    params: list[Any] = []
    if since is not None:
        clauses.append("detected_at >= ?")
        params.append(iso(since))
    if source is not None:
        clauses.append("source = ?")
        params.append(source)
    if document_id is not None:
        clauses.append("document_id = ?")
        params.append(document_id)
    if kinds is not None:
        wanted = [EventKind(k).value for k in kinds]
        clauses.append(f"kind IN ({','.join('?' * len(wanted))})" if wanted else "0")
        params += wanted
    return " AND ".join(clauses) or "1", params
