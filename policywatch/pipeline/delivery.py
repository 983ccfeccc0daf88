"""Delivery: fills the outbox with digests and webhook posts, and empties it exactly once.

Every report goes through the store's outbox: an item is enqueued under a unique (channel, key),
claimed just before delivery, and marked sent only after the server accepted it. A dead or
refusing server leaves it queued with a retry time; an item a killed process left claimed is
not resent (it may have gone out) but shown by `policywatch status`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from policywatch import reports
from policywatch.config import Settings, Subscription
from policywatch.errors import DeliveryError
from policywatch.model import ChangeEvent, RunSummary
from policywatch.pipeline.templates import template_errors
from policywatch.state import Store

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=15)


def enqueue_run_reports(store: Store, settings: Settings, summary: RunSummary, *, run_id: int) -> None:
    """Immediate digests and webhook posts for every event not yet queued on each channel.

    Each channel remembers (through its outbox items) the newest event it has queued, so events
    of a run that was killed before this step are carried by the next run instead of lost.
    """
    for sub in settings.subscriptions:
        if sub.frequency == "immediate":
            channel = f"email:{sub.name}"
            events = _unqueued_events(store, channel, summary)
            if events:
                store.enqueue(channel, f"events:{events[0].id}-{events[-1].id}", {"event_ids": [e.id for e in events]})
    for hook in settings.webhooks:
        channel = f"webhook:{hook.name}"
        events = _unqueued_events(store, channel, summary)
        if events:
            run = {**summary.to_dict(), "events": [e.to_dict() for e in events]}
            store.enqueue(channel, f"events:{events[0].id}-{events[-1].id}", {"run": run, "event_ids": [e.id for e in events]})


def enqueue_digests(store: Store, settings: Settings, *, now: datetime | None = None) -> int:
    """Queue the daily/weekly digests of every subscription whose period has new events."""
    now = now or datetime.now(UTC)
    queued = 0
    for sub in settings.subscriptions:
        if sub.frequency == "immediate":
            continue
        channel = f"email:{sub.name}"
        period = now.strftime("%Y-%m-%d") if sub.frequency == "daily" else now.strftime("%G-W%V")
        cursor = store.last_event_id(channel)
        if cursor is None:  # a new subscription starts with the last period, not all history
            window = timedelta(days=1 if sub.frequency == "daily" else 7)
            events = store.events(since=now - window)
        else:
            events = store.events_after(cursor)
        events = sorted(events, key=lambda e: e.id)
        if events and store.enqueue(channel, f"{sub.frequency}:{period}", {"event_ids": [e.id for e in events]}) is not None:
            queued += 1
    return queued


def _unqueued_events(store: Store, channel: str, summary: RunSummary) -> list[ChangeEvent]:
    # only the events stored since the channel's newest queued one: a run reads what is new, not history
    cursor = store.last_event_id(channel)
    if cursor is None:
        return sorted(summary.events, key=lambda e: e.id)
    return store.events_after(cursor)


def deliver_outbox(store: Store, settings: Settings, *, now: datetime | None = None) -> dict[str, int]:
    """Send every due outbox item; returns counts of sent, failed and skipped items."""
    now = now or datetime.now(UTC)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for item in store.pending(now=now):  # `now` decides which failed items are due for a retry
        kind, _, name = item.channel.partition(":")
        if kind == "email" and not settings.smtp.host:
            counts["skipped"] += 1  # no SMTP server configured: stays queued for `digest --send`
            continue
        try:
            message = _build(store, settings, item.channel, item.key, item.payload)
        except DeliveryError as exc:
            logger.warning("outbox %s %s: %s", item.channel, item.key, exc)
            counts["skipped"] += 1
            continue
        if message is None:
            store.mark_sent(item.id)  # nothing matched the subscription's filters
            continue
        if not store.claim(item.id):
            continue
        logger.debug("phase: sending %s %s", item.channel, item.key)
        try:
            _send(settings, kind, name, message)
        except Exception as exc:  # claimed: whatever went wrong, the item must be failed, not left "sending"
            if not isinstance(exc, DeliveryError):
                logger.exception("delivery to %s raised", item.channel)
            logger.warning("delivery to %s failed, will retry: %s", item.channel, exc)
            store.mark_failed(item.id, str(exc), now + RETRY_AFTER)
            counts["failed"] += 1
            continue
        store.mark_sent(item.id)
        counts["sent"] += 1
    return counts


def write_digest_files(store: Store, settings: Settings, out_dir: Path) -> list[Path]:
    """Write every pending email digest as an .eml file instead of sending it (`digest --dry-run`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for item in store.undelivered():  # every digest not sent yet, including one waiting for its retry time
        if not item.channel.startswith("email:"):
            continue
        message = _build(store, settings, item.channel, item.key, item.payload)
        if isinstance(message, EmailMessage):
            path = out_dir / f"{item.channel.replace(':', '-')}-{item.key.replace(':', '-')}.eml"
            reports.write_eml(message, path)
            written.append(path)
    return written


def digest_for_events(
    events: Sequence[ChangeEvent], settings: Settings, subscription: Subscription | None = None
) -> EmailMessage | None:
    """A digest of the given events for one subscription (all events when none is given)."""
    sub = subscription or Subscription(name="all", recipients=("policywatch@localhost",))
    return reports.build_digest(
        list(events), sub, base_url=settings.site_base_url, lang=settings.lang, sender=settings.smtp.sender,
        templates_dir=settings.templates_dir,
    )


def _build(store: Store, settings: Settings, channel: str, key: str, payload: dict[str, Any]) -> Any:
    kind, _, name = channel.partition(":")
    if kind == "email":
        sub = next((s for s in settings.subscriptions if s.name == name), None)
        if sub is None:
            raise DeliveryError(f"subscription {name!r} is no longer configured")
        found = store.events_by_id(payload.get("event_ids", ()))
        events = sorted(found.values(), key=lambda e: (e.detected_at, e.id), reverse=True)  # newest first
        with template_errors(settings, DeliveryError):  # a broken override leaves the digest queued
            return digest_for_events(events, settings, sub)
    if kind == "webhook":
        hook = next((h for h in settings.webhooks if h.name == name), None)
        if hook is None:
            raise DeliveryError(f"webhook {name!r} is no longer configured")
        return reports.webhook_request(payload["run"], hook, base_url=settings.site_base_url, lang=settings.lang)
    raise DeliveryError(f"unknown outbox channel {channel!r}")


def _send(settings: Settings, kind: str, name: str, message: Any) -> None:
    if kind == "email":
        reports.send_email(message, settings.smtp)
        return
    hook = next(h for h in settings.webhooks if h.name == name)
    body, headers = message
    reports.post_webhook(hook.url, body, headers, timeout=settings.fetch.read_timeout, allow_private=hook.allow_private)
