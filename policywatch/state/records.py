"""The store's own result types (RecordOutcome, OutboxItem, RunInfo) and row → model conversions."""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from policywatch.errors import StoreError
from policywatch.model import (
    ChangeEvent,
    ChangeSet,
    DocumentMetadata,
    DocumentRecord,
    DocumentStatus,
    EventKind,
    StoredVersion,
)
from policywatch.state.connection import parse_time

R = TypeVar("R")

# RecordOutcome.kind values.
NEW_DOCUMENT = "new_document"
NEW_VERSION = "new_version"
UNCHANGED = "unchanged"
RETURNED = "returned"
PENDING = "pending"


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """What record_version did with one normalized document.

    kind: new_document (version 1 stored), new_version (a real change stored), unchanged (only
    last_seen moved), returned (content went back to an earlier version: stored as a new row
    whose `same_as` names that version; not a new change), pending (a change not yet seen
    confirm_runs runs in a row: nothing stored but the sighting; `version` is still the current
    one).
    """

    kind: str
    document: DocumentRecord
    version: StoredVersion
    previous: StoredVersion | None = None
    same_as: int | None = None  # for "returned": the earlier version number it repeats
    sightings: int = 0  # for "pending": runs in a row the change has been seen
    was_missing: bool = False  # the document was MISSING and this fetch brought it back

    @property
    def is_change(self) -> bool:
        """True when a version was stored that differs from the one before and is not a return."""
        return self.kind == NEW_VERSION


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message waiting in (or gone through) the outbox."""

    id: int
    channel: str
    key: str
    payload: Mapping[str, Any]
    state: str  # pending, sending, sent, failed, dead (given up: kept, never sent unless requeued)
    attempts: int = 0
    last_error: str = ""
    created_at: datetime | None = None
    retry_at: datetime | None = None
    claimed_at: datetime | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One recorded run."""

    id: int
    started_at: datetime
    finished_at: datetime | None = None
    sources: tuple[str, ...] = ()
    summary: Mapping[str, Any] = field(default_factory=dict)


def metadata_from_json(text: str | None) -> DocumentMetadata:
    return _metadata_from_json(text or "")


@functools.lru_cache(maxsize=256)
def _metadata_from_json(text: str) -> DocumentMetadata:
    # DocumentMetadata is frozen, so equal JSON can share one value: a document's versions and
    # its row mostly repeat one metadata text, and parsing it was most of listing a large store.
    # Small: listings read a document's row and its versions together (document_listing), and
    # a cache as large as the store held every document's metadata through a site build (issue 15)
    return DocumentMetadata.from_dict(json.loads(text) if text else {})


def metadata_json(metadata: DocumentMetadata) -> str:
    return json.dumps(metadata.to_dict(), ensure_ascii=False, sort_keys=True)


def unreadable_row(what: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """A row → model conversion whose failure is the store's (StoreError, exit 3), not a traceback.

    SQLite checks its pages, not the values in them: a byte flipped inside a metadata JSON cut
    it (JSONDecodeError), and a status or relation kind this version does not know (a newer
    policywatch's) raised ValueError in `list`, `related` and `show`."""

    def decorate(convert: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(convert)
        def wrapper(row: Mapping[str, Any], *args: Any, **kwargs: Any) -> R:
            try:
                return convert(row, *args, **kwargs)
            except (ValueError, KeyError, TypeError, zlib.error) as exc:
                raise StoreError(
                    f"stored {what} (row {row.get('id', '?')}) cannot be read ({type(exc).__name__}: "
                    f"{exc}): the database is damaged, or was written by a newer policywatch; restore a backup "
                    "or upgrade policywatch") from None
        return wrapper
    return decorate


@unreadable_row("document")
def document_from_row(row: Mapping[str, Any], aliases: tuple[str, ...] = ()) -> DocumentRecord:
    return DocumentRecord(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        metadata=metadata_from_json(row["metadata"]),
        status=DocumentStatus(row["status"]),
        first_seen=_time(row["first_seen"]),
        last_seen=_time(row["last_seen"]),
        version_count=row["version_count"],
        aliases=tuple(a for a in aliases if a != row["url"]),
        parent_id=row["parent_id"],
    )


@unreadable_row("version")
def version_from_row(row: Mapping[str, Any], display_text: str) -> StoredVersion:
    return StoredVersion(
        document_id=row["document_id"],
        number=row["number"],
        content_hash=row["content_hash"],
        display_text=display_text,
        metadata=metadata_from_json(row["metadata"]),
        first_seen=_time(row["first_seen"]),
        last_seen=_time(row["last_seen"]),
        raw_sha256=row["raw_sha256"],
        url=row["url"],
        text_sha256=row["text_sha256"],
    )


@unreadable_row("event")
def event_from_row(row: Mapping[str, Any], *, changeset: bool = True) -> ChangeEvent:
    """The event of a row; without its changeset (None) when `changeset` is False."""
    return ChangeEvent(
        id=row["id"],
        kind=EventKind(row["kind"]),
        source=row["source"],
        detected_at=_time(row["detected_at"]),
        document_id=row["document_id"],
        url=row["url"],
        metadata=metadata_from_json(row["metadata"]),
        old_version=row["old_version"],
        new_version=row["new_version"],
        changeset=changeset_of_row(row) if changeset else None,
        message=row["message"],
        **_relation_detail(row),
    )


def changeset_of_row(row: Mapping[str, Any]) -> ChangeSet | None:
    if row.get("changeset_z") is not None:
        return ChangeSet.from_json(zlib.decompress(row["changeset_z"]).decode("utf-8"))
    return ChangeSet.from_json(row["changeset"]) if row["changeset"] else None


def changeset_digest(row: Mapping[str, Any]) -> str:
    """A hash of the changeset a row stores, read without decompressing it; "" when it has none.

    Events are never rewritten, so it names the changeset for as long as the event exists.
    """
    packed = row.get("changeset_z")
    if packed is None:
        packed = row["changeset"].encode("utf-8") if row["changeset"] else None
    return hashlib.sha256(packed).hexdigest()[:32] if packed is not None else ""


def pack_changeset(text: str) -> bytes:
    """A changeset's JSON as stored: zlib-compressed (a changeset quotes whole clauses, twice)."""
    return zlib.compress(text.encode("utf-8"), 9)


def slim_summary(summary: Mapping[str, Any], stored_ids: Collection[int]) -> dict[str, Any] | None:
    """A run summary as the runs table keeps it: its events by id, since `events` holds them.

    None when there is nothing to slim, or an event of the summary is not stored (then the
    summary is the only copy and is kept whole). full_summary() undoes it.
    """
    events = summary.get("events")
    if not isinstance(events, list) or not events:
        return None
    ids = [e.get("id") if isinstance(e, Mapping) else None for e in events]
    if not all(isinstance(i, int) and i in stored_ids for i in ids):
        return None
    return {("event_ids" if k == "events" else k): (ids if k == "events" else v) for k, v in summary.items()}


def full_summary(summary: Mapping[str, Any], events: Mapping[int, ChangeEvent]) -> dict[str, Any]:
    """The run summary as it was given to finish_run, its events read back from the events table."""
    if "event_ids" not in summary:
        return dict(summary)
    return {("events" if k == "event_ids" else k): ([events[i].to_dict() for i in v] if k == "event_ids" else v)
            for k, v in summary.items()}


def _relation_detail(row: Mapping[str, Any]) -> dict[str, Any]:
    detail = json.loads(row["detail"]) if row.get("detail") else {}
    return {"other": detail.get("other"), "evidence": detail.get("evidence", ""), "effect": detail.get("effect", "")}


def outbox_from_row(row: Mapping[str, Any]) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        channel=row["channel"],
        key=row["key"],
        payload=json.loads(row["payload"]),
        state=row["state"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        created_at=parse_time(row["created_at"]),
        retry_at=parse_time(row["retry_at"]),
        claimed_at=parse_time(row["claimed_at"]),
        sent_at=parse_time(row["sent_at"]),
    )


def run_from_row(row: Mapping[str, Any]) -> RunInfo:
    return RunInfo(
        id=row["id"],
        started_at=_time(row["started_at"]),
        finished_at=parse_time(row["finished_at"]),
        sources=tuple(json.loads(row["sources"] or "[]")),
        summary=json.loads(row["summary"]) if row["summary"] else {},
    )


def _time(text: str) -> datetime:
    moment = parse_time(text)
    assert moment is not None, "NOT NULL timestamp column was empty"
    return moment
