"""The outbox: reports (digests, webhook posts) waiting for delivery, each delivered at most once.

Life of an item: pending → (claim) sending → (mark_sent) sent, or → (mark_failed) failed →
retried once retry_at has passed. The claim is committed (and fsynced) *before* the message
goes out, and mark_sent right after the server accepted it.

An item still in `sending` was claimed by a process that then died — before, during or after
delivery; nobody can tell which. It is therefore never resent automatically (that could send a
digest twice); it is listed by unconfirmed() for `policywatch status` and monitoring, and an
operator who knows it never arrived can requeue() it.

An item its destination will never take (refused for good, or failing past the delivery's
bounded attempts) is marked `dead` by mark_dead(): kept and listed by dead_letters(), never
offered again until an operator requeue()s it (`policywatch outbox requeue`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from policywatch.state.base import StoreBase
from policywatch.state.connection import durable, iso, utcnow, write
from policywatch.state.records import OutboxItem, outbox_from_row


class OutboxMixin(StoreBase):
    def enqueue(self, channel: str, key: str, payload: Mapping[str, Any]) -> int | None:
        """Queue a message; None when (channel, key) is already queued or sent (a no-op)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO outbox (channel, key, payload, created_at) VALUES (?, ?, ?, ?)",
            [channel, key, json.dumps(dict(payload), ensure_ascii=False, default=str), iso(utcnow())],
        )
        return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None

    def pending(self, channel: str | None = None, *, now: datetime | None = None) -> list[OutboxItem]:
        """Items due for delivery: never tried, or failed with retry_at passed; oldest first."""
        params: list[Any] = [iso(now or utcnow())]
        where = "(state = 'pending' OR (state = 'failed' AND (retry_at IS NULL OR retry_at <= ?)))"
        if channel is not None:
            where += " AND channel = ?"
            params.append(channel)
        return [outbox_from_row(r) for r in self._rows(f"SELECT * FROM outbox WHERE {where} ORDER BY id", params)]

    def claim(self, item_id: int) -> bool:
        """Mark the item `sending` just before delivering it; False when it is not deliverable now."""
        with durable(self.db), write(self.db):
            cursor = self.db.execute(
                """UPDATE outbox SET state = 'sending', claimed_at = ?, attempts = attempts + 1
                   WHERE id = ? AND state IN ('pending', 'failed')""",
                [iso(utcnow()), item_id],
            )
            return cursor.rowcount == 1

    def mark_sent(self, item_id: int) -> None:
        with durable(self.db), write(self.db):
            self.db.execute("UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '' WHERE id = ?",
                            [iso(utcnow()), item_id])

    def mark_failed(self, item_id: int, error: str, retry_at: datetime, *, unclaimed: bool = False) -> None:
        """Delivery failed for sure (refused, unreachable): retry once retry_at has passed.

        `unclaimed`: the attempt never reached claim() (its message could not be built), so it
        is counted here, and the item is given up by the same rule as one its server refused."""
        with write(self.db):
            # never on a sent item: turning it back into "failed" would send it a second time
            self.db.execute(
                """UPDATE outbox SET state = 'failed', last_error = ?, retry_at = ?, attempts = attempts + ?
                   WHERE id = ? AND state != 'sent'""",
                [error, iso(retry_at), int(unclaimed), item_id],
            )

    def mark_dead(self, item_id: int, error: str, *, unclaimed: bool = False) -> None:
        """Give the item up (a dead letter): kept with its error, never delivered unless requeued.
        `unclaimed`: as for mark_failed, the attempt that gave it up is counted here."""
        with write(self.db):
            self.db.execute(
                """UPDATE outbox SET state = 'dead', last_error = ?, retry_at = NULL, attempts = attempts + ?
                   WHERE id = ? AND state != 'sent'""",
                [error, int(unclaimed), item_id],
            )

    def dead_letters(self, channel: str | None = None) -> list[OutboxItem]:
        """Items given up on (mark_dead), oldest first."""
        return self._items("state = 'dead'", channel)

    def unconfirmed(self, channel: str | None = None) -> list[OutboxItem]:
        """Items claimed but never confirmed (the sender died): maybe delivered, never resent."""
        return self._items("state = 'sending'", channel)

    def requeue(self, item_id: int) -> bool:
        """Operator override: put an unconfirmed, failed or dead item back to pending. A dead one
        starts its attempts again, or its first new failure would give it up at once."""
        with write(self.db):
            cursor = self.db.execute(
                """UPDATE outbox SET state = 'pending', retry_at = NULL,
                          attempts = CASE WHEN state = 'dead' THEN 0 ELSE attempts END
                   WHERE id = ? AND state IN ('sending', 'failed', 'dead')""",
                [item_id],
            )
            return cursor.rowcount == 1

    def undelivered(self, channel: str | None = None) -> list[OutboxItem]:
        """Items not delivered yet, whether due now or waiting for a retry; oldest first."""
        return self._items("state IN ('pending', 'failed')", channel)

    def last_event_id(self, channel: str) -> int | None:
        """The newest event id the channel's items carry: 0 when they carry none, None for a
        channel never used.

        Delivery queues a channel's events in id order, each item only events newer than any
        queued before it, so the newest item holds the newest id: one row is read, however long
        the channel's history (issue 15).
        """
        # max(id) reads only the (channel, key) index; the one payload is read after
        row = self.db.execute(
            "SELECT payload FROM outbox WHERE id = (SELECT max(id) FROM outbox WHERE channel = ?)", [channel],
        ).fetchone()
        return None if row is None else max(json.loads(row[0]).get("event_ids") or [0])

    def outbox_items(self, channel: str | None = None) -> list[OutboxItem]:
        """Every item in any state, oldest first (for status and tests)."""
        return self._items("1", channel)

    def _items(self, where: str, channel: str | None) -> list[OutboxItem]:
        params: list[Any] = []
        if channel is not None:
            where += " AND channel = ?"
            params.append(channel)
        return [outbox_from_row(r) for r in self._rows(f"SELECT * FROM outbox WHERE {where} ORDER BY id", params)]
