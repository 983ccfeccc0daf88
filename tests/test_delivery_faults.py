"""A mail server that misbehaves half-way: every digest is delivered, none twice.

Real aiosmtpd servers on loopback: one that refuses one recipient of two, one that answers
DATA with a temporary 451 and then accepts, one that drops the connection after reading the
message but before answering (the client cannot know; the digest stays queued and goes out on
the next flush, its Message-ID the same so a mail client can drop a copy).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite
from policywatch.pipeline import deliver_outbox, run_once
from policywatch.state import Store
from tests.conftest import SmtpCollector, start_smtp
from tests.test_delivery import LATER, mail_config


class FlakyBox(SmtpCollector):
    """Answers each DATA with the next scripted reply ("drop": close without answering); then 250."""

    def __init__(self, *replies: str) -> None:
        super().__init__()
        self.replies = list(replies)
        self.attempts = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.attempts += 1
        if self.replies:
            reply = self.replies.pop(0)
            if reply == "drop":
                server.transport.close()
                await asyncio.sleep(0.1)
                return "250 too late"
            return reply
        return await super().handle_DATA(server, session, envelope)


class PickyBox(SmtpCollector):
    """Refuses one recipient, accepts the others."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address.startswith("gone@"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _deliver_until_quiet(store: Store, settings) -> list[dict[str, int]]:  # type: ignore[no-untyped-def]
    """Flush the outbox at each retry time until nothing is left to send."""
    counts, now = [], datetime.now(UTC)
    for _ in range(4):
        now += LATER
        counts.append(deliver_outbox(store, settings, now=now))
    return counts


def _first_run(tmp_path: Path, site: LoopbackSite, port: int, recipients: str = "") -> tuple[Store, object]:
    config = mail_config(tmp_path, site.base_url, port)
    if recipients:
        config.write_text(config.read_text().replace('recipients = ["analyst@example.org"]', recipients))
    settings = load_settings(config)
    store = Store.open(settings.database)
    run_once(settings, store, build_report_site=False)
    return store, settings


def test_a_temporary_refusal_then_acceptance_delivers_once(tmp_path: Path, demo_site: LoopbackSite) -> None:
    box = FlakyBox("451 4.3.0 try again later", "421 4.7.0 too busy")
    controller = start_smtp(box)
    try:
        store, settings = _first_run(tmp_path, demo_site, controller.port)
        with store:
            (item,) = store.outbox_items()
            assert item.state == "failed" and "451" in item.last_error
            _deliver_until_quiet(store, settings)
            (item,) = store.outbox_items()
    finally:
        controller.stop()
    assert len(box.raw) == 1 and box.attempts == 3
    assert item.state == "sent"


def test_a_connection_dropped_mid_data_keeps_the_digest_and_sends_it_once_later(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    box = FlakyBox("drop")
    controller = start_smtp(box)
    try:
        store, settings = _first_run(tmp_path, demo_site, controller.port)
        with store:
            (item,) = store.outbox_items()
            assert item.state == "failed", "no reply to DATA is no delivery"
            assert box.raw == []
            counts = _deliver_until_quiet(store, settings)
            (item,) = store.outbox_items()
    finally:
        controller.stop()
    assert sum(c["sent"] for c in counts) == 1 and len(box.raw) == 1
    assert item.state == "sent"


def test_one_refused_recipient_does_not_resend_to_the_others(tmp_path: Path, demo_site: LoopbackSite) -> None:
    box = PickyBox()
    controller = start_smtp(box)
    try:
        store, settings = _first_run(tmp_path, demo_site, controller.port,
                                     'recipients = ["analyst@example.org", "gone@example.org"]')
        with store:
            counts = _deliver_until_quiet(store, settings)
            (item,) = store.outbox_items()
    finally:
        controller.stop()
    assert len(box.raw) == 1 and item.state == "sent"
    assert sum(c["sent"] for c in counts) == 0, "the accepted copy is never sent again"
