"""Delivery: fills the outbox with digests and webhook posts, and empties it exactly once.

Every report goes through the store's outbox: an item is enqueued under a unique (channel, key),
claimed just before delivery, and marked sent only after the server accepted it. A dead or
refusing server leaves it queued with a retry time; an item a killed process left claimed is
not resent (it may have gone out) but shown by `policywatch status`. An item its destination
refused for good, or that failed MAX_ATTEMPTS times over at least GIVE_UP_AFTER, is given up
(a dead letter): kept and shown, never offered again unless `policywatch outbox requeue` says so.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, NamedTuple

from policywatch import reports
from policywatch.config import Settings, Subscription, Webhook
from policywatch.errors import DeliveryError
from policywatch.model import ChangeEvent, RunSummary
from policywatch.pipeline.templates import template_errors
from policywatch.state import OutboxItem, Store

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=15)
# A report failing for a reason that may pass (a dead server, 4xx "try again later") is retried
# by every run; it is given up once it failed this many times AND was queued this long ago, so a
# server down overnight loses nothing, and one that never takes it is not asked forever.
MAX_ATTEMPTS = 10
GIVE_UP_AFTER = timedelta(days=1)


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


# RFC 5321 4.5.3.1.8: a server must take at least 100 recipients per message; many refuse more
# (452 "too many recipients") and would silently lose the rest. A subscription with more is sent
# as several messages of at most this many, each its own outbox item, so a failure of one batch
# retries that batch and never resends the others.
RECIPIENTS_PER_MESSAGE = 100
UNDISCLOSED = "undisclosed-recipients:;"  # a batch's To: readers never see each other's addresses
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")  # what a dry run's .eml file name keeps of a channel and key


@dataclass
class DeliveryReport:
    """What one delivery pass did: the `delivery` member of `run --json`.

    `failures` has one entry per item this pass tried and could not deliver (or delivered to
    only some recipients), each said once: an item is tried at most once per pass."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0  # not tried: no SMTP server configured, its destination already failed this pass
    failures: list[dict[str, Any]] = field(default_factory=list)
    pending: int = 0  # after the pass: every item still undelivered (what `status` counts)
    unconfirmed: int = 0  # claimed by a process that died while sending: never resent automatically
    dead: int = 0  # after the pass: every item given up on (dead letters, `policywatch outbox requeue`)

    def counts(self) -> dict[str, int]:
        """The counts `deliver_outbox` has always returned (`skipped`: not tried)."""
        return {"sent": self.sent, "failed": self.failed, "skipped": self.waiting}

    def to_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "failed": self.failed, "waiting": self.waiting, "pending": self.pending,
                "unconfirmed": self.unconfirmed, "dead": self.dead, "failures": list(self.failures)}

    def _failure(self, item: OutboxItem, error: str, *, retry: bool, dead: bool = False) -> None:
        # the attempt that failed is counted: by claim(), or by mark_failed/mark_dead for a build
        self.failures.append({"channel": item.channel, "key": item.key, "attempts": item.attempts + 1,
                              "error": error, "retry": retry, "dead": dead})


def deliver_outbox(store: Store, settings: Settings, *, now: datetime | None = None) -> dict[str, int]:
    """Send every due outbox item; returns counts of sent, failed and skipped items."""
    return deliver(store, settings, now=now).counts()


def deliver(store: Store, settings: Settings, *, now: datetime | None = None,
            retry_failed: bool = False) -> DeliveryReport:
    """Send every due outbox item and say what happened.

    `retry_failed` (a `run`): every failed item is tried again whatever its retry time, so a
    report that failed is retried by the next run; the first failure of a destination (the SMTP
    server, one webhook) leaves its other items for the next pass instead of waiting out the same
    dead server once per item.
    """
    now = now or datetime.now(UTC)
    report = DeliveryReport()
    down: set[str] = set()
    tried: set[int] = set()  # a batch queued by a killed pass is both listed and split again: once
    # `now` decides which failed items are due for a retry
    queue = deque(store.undelivered() if retry_failed else store.pending(now=now))
    while queue:
        item = queue.popleft()
        if item.id in tried:
            continue
        tried.add(item.id)
        kind = item.channel.partition(":")[0]
        destination = "smtp" if kind == "email" else item.channel
        if kind == "email" and not settings.smtp.host:
            report.waiting += 1  # no SMTP server configured: stays queued for `digest --send`
            continue
        if destination in down:
            report.waiting += 1
            continue
        try:
            batches = _batches(store, settings, item)
            if batches:  # replaced by one item per batch, delivered now in its place
                queue.extendleft(reversed(batches))
                continue
            message = _build(store, settings, item.channel, item.key, item.payload)
        except Exception as exc:  # one item that cannot be built (a bug, a damaged payload) holds back no other
            if not isinstance(exc, DeliveryError):
                logger.exception("outbox %s %s could not be built", item.channel, item.key)
            logger.warning("outbox %s %s: %s", item.channel, item.key, exc)
            error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            # a failed attempt like a refused send: a broken template or a damaged payload was
            # named by every run for ever, never given up; its subscription or webhook gone, at once
            _attempt_failed(store, report, item, error, now, permanent=isinstance(exc, DeliveryError) and exc.permanent,
                            claimed=False)
            continue
        if message is None:
            store.mark_sent(item.id)  # nothing matched the subscription's filters
            continue
        if not store.claim(item.id):
            continue
        logger.debug("phase: sending %s %s", item.channel, item.key)
        try:
            # the envelope names the recipients themselves, not what the To header says of them
            refused = _send(settings, message, _recipients(settings, item) if kind == "email" else None)
        except Exception as exc:  # claimed: whatever went wrong, the item must be failed, not left "sending"
            if not isinstance(exc, DeliveryError):
                logger.exception("delivery to %s raised", item.channel)
            permanent = isinstance(exc, DeliveryError) and exc.permanent
            if not permanent:  # a server that answered "never" for these recipients is up for the others
                down.add(destination)
            logger.warning("delivery to %s failed: %s", item.channel, exc)
            _attempt_failed(store, report, item, str(exc), now, permanent=permanent, claimed=True)
            continue
        store.mark_sent(item.id)
        report.sent += 1
        if refused:
            _requeue_refused(store, item, refused, report)
    report.pending = len(store.undelivered())
    report.unconfirmed = len(store.unconfirmed())
    report.dead = len(store.dead_letters())
    return report


def _attempt_failed(store: Store, report: DeliveryReport, item: OutboxItem, error: str, now: datetime, *,
                    permanent: bool, claimed: bool) -> None:
    """One failed attempt, whether the message could not be built (`claimed` False: the attempt
    is counted here) or not delivered: given up when it never can be (`permanent`) or its
    attempts ran out, else retried by the next run, or after RETRY_AFTER."""
    if permanent or _exhausted(item, now):
        logger.warning("outbox %s %s given up (policywatch outbox requeue --dead): %s", item.channel, item.key, error)
        store.mark_dead(item.id, error, unclaimed=not claimed)
        report.failed += 1
        report._failure(item, error, retry=False, dead=True)
        return
    store.mark_failed(item.id, error, now + RETRY_AFTER, unclaimed=not claimed)
    report.failed += 1
    report._failure(item, error, retry=True)


def _exhausted(item: OutboxItem, now: datetime) -> bool:
    """Whether the attempt just failed was the item's last: MAX_ATTEMPTS (this one counted) and
    queued at least GIVE_UP_AFTER ago."""
    queued = item.created_at or now
    queued = queued if queued.tzinfo else queued.replace(tzinfo=UTC)
    return item.attempts + 1 >= MAX_ATTEMPTS and now - queued >= GIVE_UP_AFTER


def _recipients(settings: Settings, item: OutboxItem) -> tuple[str, ...] | None:
    """The envelope recipients of an email item: its own (a batch), else its subscription's."""
    if "recipients" in item.payload:
        return tuple(item.payload["recipients"])
    sub = _subscription(settings, item.channel.partition(":")[2])
    return None if sub is None else sub.recipients


def _subscription(settings: Settings, name: str) -> Subscription | None:
    """The configured subscription of an email channel (`email:NAME`), or None once it is gone."""
    return next((s for s in settings.subscriptions if s.name == name), None)


def _batches(store: Store, settings: Settings, item: OutboxItem) -> list[OutboxItem]:
    """An email item for more than RECIPIENTS_PER_MESSAGE recipients split into one item per
    batch (keys `KEY#i/n`): the item itself is done (marked sent) once they are queued. A pass
    killed in between splits it again into the same keys, which are queued once."""
    split = _split(settings, item)
    if not split:
        return []
    for batch in split:
        store.enqueue(item.channel, batch.key, batch.payload)
    store.mark_sent(item.id)
    wanted = {batch.key for batch in split}
    return [i for i in store.undelivered(item.channel) if i.key in wanted]


def _split(settings: Settings, item: OutboxItem) -> list[OutboxItem]:
    """The batches (unsaved items, keys `KEY#i/n`) an email item for more than
    RECIPIENTS_PER_MESSAGE recipients is sent as; [] for an item sent whole. Shared by sending
    and `digest --dry-run`, so the dry run shows the messages sending makes."""
    if not item.channel.startswith("email:"):
        return []
    recipients = _recipients(settings, item)
    if recipients is None or len(recipients) <= RECIPIENTS_PER_MESSAGE:
        return []
    chunks = [recipients[i:i + RECIPIENTS_PER_MESSAGE] for i in range(0, len(recipients), RECIPIENTS_PER_MESSAGE)]
    event_ids = list(item.payload.get("event_ids", ()))
    return [replace(item, key=f"{item.key}#{n}/{len(chunks)}", payload={"event_ids": event_ids, "recipients": list(chunk)},
                    state="pending", attempts=0)
            for n, chunk in enumerate(chunks, start=1)]


def _requeue_refused(store: Store, item: OutboxItem, refused: Mapping[str, tuple[int, bytes]],
                     report: DeliveryReport) -> None:
    """The server took the message for some recipients and refused others: those it refused for
    now (4xx: busy, too many recipients) get an item of their own, tried by the next pass; those
    it refused for good (5xx: no such user) are reported, never retried."""
    later = sorted(addr for addr, (code, _) in refused.items() if 400 <= code < 500)
    never = sorted(addr for addr, (code, _) in refused.items() if not 400 <= code < 500)
    if later:
        tag = hashlib.sha256("\n".join(later).encode()).hexdigest()[:12]
        store.enqueue(item.channel, f"{item.key}~{tag}",
                      {"event_ids": list(item.payload.get("event_ids", ())), "recipients": later})
        report._failure(item, f"refused for now, queued again for the next pass: {reports.refusals(refused, later)}",
                        retry=True)
    if never:
        report._failure(item, f"refused for good: {reports.refusals(refused, never)}", retry=False)


class DryRun(NamedTuple):
    """What `digest --dry-run` made: the files written, and the digests it could not build
    ("channel key: why"), which sending would fail too."""

    written: list[Path]
    unwritten: list[str]


def write_digest_files(store: Store, settings: Settings, out_dir: Path) -> DryRun:
    """Write every pending email digest as .eml files instead of sending it (`digest --dry-run`):
    one file per message sending would make (a subscription of more than RECIPIENTS_PER_MESSAGE
    in batches), the store left as it is. A batch's file names its recipients in a Bcc header,
    which the message sent does not carry (its envelope does)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    unwritten: list[str] = []
    for queued in store.undelivered():  # every digest not sent yet, including one waiting for its retry time
        if not queued.channel.startswith("email:"):
            continue
        for item in _split(settings, queued) or [queued]:
            try:
                message = _build(store, settings, item.channel, item.key, item.payload)
            except Exception as exc:  # one digest that cannot be built (its subscription gone, a damaged
                # payload, a bug) hides no other, and is named: sending would fail it too
                unwritten.append(f"{item.channel} {item.key}: {type(exc).__name__}: {exc}")
                continue
            if not isinstance(message, EmailMessage):
                continue
            if "recipients" in item.payload:
                message["Bcc"] = ", ".join(item.payload["recipients"])
            # a key's `#1/3` or `~tag` would otherwise make a subdirectory or an awkward name;
            # two names made alike ("a b", "a/b") must not overwrite each other's file
            stem = _SAFE_NAME.sub("-", f"{item.channel}-{item.key}")
            path = out_dir / f"{stem}.eml"
            for n in itertools.count(2):
                if path not in written:
                    break
                path = out_dir / f"{stem}-{n}.eml"
            reports.write_eml(message, path)
            written.append(path)
    return DryRun(written, unwritten)


def digest_for_events(
    events: Sequence[ChangeEvent], settings: Settings, subscription: Subscription | None = None, *,
    store: Store,
) -> EmailMessage | None:
    """A digest of the given events (of `store`) for one subscription (all events when none is given)."""
    sub = subscription or Subscription(name="all", recipients=("policywatch@localhost",))
    return reports.build_digest(
        list(events), sub, base_url=settings.site_base_url, lang=settings.lang, sender=settings.smtp.sender,
        templates_dir=settings.templates_dir, store_id=store.identity().uid,
    )


def _build(store: Store, settings: Settings, channel: str, key: str,
           payload: Mapping[str, Any]) -> EmailMessage | _Post | None:
    kind, _, name = channel.partition(":")
    if kind == "email":
        sub = _subscription(settings, name)
        if sub is None:
            raise DeliveryError(f"subscription {name!r} is no longer configured", permanent=True)
        ids = payload.get("event_ids")
        if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
            # a damaged payload (a bug, a hand-edited store) would read as a digest of no events
            raise DeliveryError(f"damaged outbox payload: event_ids is {type(ids).__name__}, not a list of ids",
                                permanent=True)
        found = store.events_by_id(ids)
        events = sorted(found.values(), key=lambda e: (e.detected_at, e.id), reverse=True)  # newest first
        batch = payload.get("recipients")
        with template_errors(settings, DeliveryError):  # a broken override leaves the digest queued
            message = digest_for_events(events, settings, sub if batch is None else replace(sub, recipients=tuple(batch)),
                                        store=store)
        if message is not None and batch is not None:
            del message["To"]
            message["To"] = UNDISCLOSED
        return message
    if kind == "webhook":
        hook = next((h for h in settings.webhooks if h.name == name), None)
        if hook is None:
            raise DeliveryError(f"webhook {name!r} is no longer configured", permanent=True)
        body, headers = reports.webhook_request(payload["run"], hook, base_url=settings.site_base_url, lang=settings.lang)
        return _Post(hook, body, headers)
    raise DeliveryError(f"unknown outbox channel {channel!r}", permanent=True)


@dataclass(frozen=True)
class _Post:
    """A built webhook post with the hook it was built for: sent where it was built, the hook
    looked up once."""

    hook: Webhook
    body: bytes
    headers: dict[str, str]


def _send(settings: Settings, message: EmailMessage | _Post,
          recipients: Sequence[str] | None = None) -> Mapping[str, tuple[int, bytes]]:
    """Deliver one message; the recipients the SMTP server refused while taking it for others."""
    if isinstance(message, EmailMessage):
        return reports.send_email(message, settings.smtp, recipients=recipients)
    reports.post_webhook(message.hook.url, message.body, message.headers, timeout=settings.fetch.read_timeout,
                         allow_private=message.hook.allow_private)
    return {}
