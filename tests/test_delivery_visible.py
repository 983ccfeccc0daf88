"""A report that cannot be delivered is seen (`run --json`'s `delivery`, `status`), retried by the
next run, delivered once, and never shows the secret in its webhook's URL; a subscription of
hundreds of recipients goes out in batches a server takes, a refused recipient named.

Real servers on loopback: the bundled demo site, an aiosmtpd SMTP server, and a LoopbackSite
answering the webhook.
"""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite, RecordedRequest, Response
from policywatch.model import RunSummary
from policywatch.pipeline import run_once
from policywatch.pipeline.delivery import RECIPIENTS_PER_MESSAGE, UNDISCLOSED
from policywatch.state import Store
from tests.conftest import SmtpCollector, demo_config, free_port, start_smtp

# a Slack-style incoming webhook: the last path segment is the secret (synthetic, not a real one)
TOKEN = "abcdEFGHijklMNOPqrstUVWX"
HOOK_PATH = f"/services/T0123ABCD/B0456EFGH/{TOKEN}"


class Hook:
    """A webhook receiver answering 500 while `failing`, else 200."""

    def __init__(self, site: LoopbackSite) -> None:
        self.site, self.failing = site, True
        site.route(HOOK_PATH, self._answer)

    def _answer(self, request: RecordedRequest) -> Response:
        if self.failing:
            return Response(status=500, body=f"no route for {HOOK_PATH}".encode())  # a receiver echoing the path
        return Response(status=200, body=b"ok")

    def posts(self) -> list[RecordedRequest]:
        return [r for r in self.site.requests_to(HOOK_PATH) if r.method == "POST"]


@pytest.fixture
def hook() -> Iterator[Hook]:
    with LoopbackSite() as site:
        yield Hook(site)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, timeout=300)


def test_failed_delivery_is_reported_retried_by_the_next_run_and_sent_once(
    tmp_path: Path, demo_site: LoopbackSite, hook: Hook
) -> None:
    port = free_port()  # the SMTP server is down at first: nothing listens here
    config = demo_config(tmp_path, demo_site.base_url, (
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'
        '[[subscriptions]]\nname = "analysts"\nrecipients = ["analyst@example.org"]\nfrequency = "immediate"\n'
        f'[[webhooks]]\nname = "ops"\nurl = "{hook.site.url(HOOK_PATH)}"\nformat = "json"\nallow_private = true\n'
    ))
    first = _cli("run", "--config", str(config), "--json")
    assert first.returncode == 0, first.stderr
    delivery = json.loads(first.stdout)["delivery"]
    assert (delivery["sent"], delivery["failed"], delivery["pending"]) == (0, 2, 2)
    failures = {f["channel"]: f for f in delivery["failures"]}
    assert set(failures) == {"email:analysts", "webhook:ops"}
    assert "cannot connect" in failures["email:analysts"]["error"]
    assert "HTTP 500" in failures["webhook:ops"]["error"] and "/services/…" in failures["webhook:ops"]["error"]
    assert all(f["retry"] and f["attempts"] == 1 for f in failures.values())
    assert TOKEN not in first.stdout + first.stderr, "the webhook's secret path reached the output"

    status = _cli("status", "--config", str(config), "--json")
    assert status.returncode == 1 and TOKEN not in status.stdout + status.stderr
    outbox = json.loads(status.stdout)["outbox"]
    assert outbox["failed"] == 2
    assert {i["channel"] for i in outbox["failures"]} == {"email:analysts", "webhook:ops"}
    assert all(i["attempts"] == 1 and i["error"] and i["retry_at"] for i in outbox["failures"])

    mailbox = SmtpCollector()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=port)
    smtp.start()
    hook.failing = False
    try:
        # the next run, minutes (not the retry time) later, with nothing new: both reports go out
        second = _cli("run", "--config", str(config), "--json")
        assert second.returncode == 0, second.stderr
        assert json.loads(second.stdout)["delivery"] == {"sent": 2, "failed": 0, "waiting": 0, "pending": 0,
                                                         "unconfirmed": 0, "dead": 0, "failures": []}
        third = _cli("run", "--config", str(config), "--json")
        assert json.loads(third.stdout)["delivery"]["sent"] == 0, "a delivered report is never sent again"
    finally:
        smtp.stop()
    assert len(mailbox.raw) == 1 and len(hook.posts()) == 2  # the refused post, then the accepted one
    status = _cli("status", "--config", str(config), "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["outbox"]["failures"] == []


def test_one_dead_destination_is_tried_once_per_run(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """Two subscriptions on a dead SMTP server: the first failure leaves the other digest waiting
    for the next run instead of waiting out the same server again."""
    port = free_port()
    settings = load_settings(demo_config(tmp_path, demo_site.base_url, (
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'
        '[[subscriptions]]\nname = "a"\nrecipients = ["a@example.org"]\nfrequency = "immediate"\n'
        '[[subscriptions]]\nname = "b"\nrecipients = ["b@example.org"]\nfrequency = "immediate"\n'
    )))
    with Store.open(settings.database) as store:
        summary = run_once(settings, store, build_report_site=False)
        assert summary.delivery is not None
        assert (summary.delivery["failed"], summary.delivery["waiting"], summary.delivery["pending"]) == (1, 1, 2)
        assert len(summary.delivery["failures"]) == 1


class Mailroom(SmtpCollector):
    """A server as big providers run them: at most 100 recipients a message (452 beyond), `gone@`
    unknown (550), `busy@` refused once for now (451); keeps each message's envelope recipients."""

    def __init__(self) -> None:
        super().__init__()
        self.envelopes: list[list[str]] = []
        self.busy_refused = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if len(envelope.rcpt_tos) >= RECIPIENTS_PER_MESSAGE:
            return "452 4.5.3 Too many recipients"
        if address.startswith("gone@"):
            return "550 5.1.1 no such user"
        if address.startswith("busy@") and not self.busy_refused:
            self.busy_refused = True
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.envelopes.append(list(envelope.rcpt_tos))
        return await super().handle_DATA(server, session, envelope)


def _runs(tmp_path: Path, site: LoopbackSite, room: SmtpCollector, readers: list[str], count: int) -> list[RunSummary]:
    """`count` runs of the demo site with one immediate subscription of `readers`, mailed to `room`."""
    smtp = start_smtp(room)
    try:
        settings = load_settings(demo_config(tmp_path, site.base_url, (
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\ntimeout = 5\n'
            f'[[subscriptions]]\nname = "all"\nrecipients = {json.dumps(readers)}\nfrequency = "immediate"\n'
        )))
        with Store.open(settings.database) as store:
            return [run_once(settings, store, build_report_site=False) for _ in range(count)]
    finally:
        smtp.stop()


def test_hundreds_of_recipients_go_out_in_batches_and_a_refusal_is_named(tmp_path: Path,
                                                                         demo_site: LoopbackSite) -> None:
    readers = [f"reader{i:03d}@example.org" for i in range(247)] + ["gone@example.org", "busy@example.org"]
    room = Mailroom()
    first, second, third = _runs(tmp_path, demo_site, room, readers, 3)  # 2nd, 3rd: nothing new, the retry only
    assert first.delivery is not None and second.delivery is not None and third.delivery is not None
    assert (first.delivery["sent"], first.delivery["failed"], first.delivery["pending"]) == (3, 0, 1)
    refusals = {f["retry"]: f["error"] for f in first.delivery["failures"]}
    assert "gone@example.org: 550" in refusals[False] and "busy@example.org: 451" in refusals[True]
    assert "busy@" not in refusals[False] and "gone@" not in refusals[True]
    assert (second.delivery["sent"], second.delivery["pending"], second.delivery["failures"]) == (1, 0, [])
    assert third.delivery["sent"] == 0

    assert [len(e) for e in room.envelopes] == [100, 100, 47, 1]  # the third batch: 49, two refused
    delivered = [addr for envelope in room.envelopes for addr in envelope]
    assert sorted(delivered) == sorted(r for r in readers if not r.startswith("gone@")), "each reader once"
    assert room.envelopes[-1] == ["busy@example.org"]
    for message in room.messages:  # a batch does not show its readers each other's addresses
        assert message["To"] == UNDISCLOSED and "reader" not in message.as_string().split("\n\n", 1)[0]
    assert len({m["Message-ID"] for m in room.messages}) == 1, "one digest, in several envelopes"


def test_an_item_that_cannot_be_built_holds_back_no_other(tmp_path: Path, demo_site: LoopbackSite,
                                                          hook: Hook) -> None:
    """A damaged payload (a webhook item without its run) raised KeyError out of the delivery and
    so out of the run, after the run was stored, on every run: the other reports never went out."""
    from policywatch.pipeline.delivery import deliver

    hook.failing = False
    settings = load_settings(demo_config(tmp_path, demo_site.base_url, (
        f'[[webhooks]]\nname = "ops"\nurl = "{hook.site.url(HOOK_PATH)}"\nformat = "json"\nallow_private = true\n'
    )))
    with Store.open(settings.database) as store:
        store.enqueue("webhook:ops", "damaged", {"event_ids": [1]})
        store.enqueue("webhook:ops", "good", {"event_ids": [2], "run": {"events": []}})
        report = deliver(store, settings)
    assert (report.sent, report.failed, report.waiting, report.pending) == (1, 1, 0, 1)
    (failure,) = report.failures
    assert failure["key"] == "damaged" and failure["error"].startswith("KeyError") and failure["retry"]
    assert len(hook.posts()) == 1


class FlakyRoom(Mailroom):
    """Refuses the second message it is given (554), once."""

    def __init__(self) -> None:
        super().__init__()
        self.messages_seen = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages_seen += 1
        if self.messages_seen == 2:
            return "554 5.3.0 transaction failed"
        return await super().handle_DATA(server, session, envelope)


def test_a_failed_batch_is_retried_alone(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """The second of three batches refused: the first is never sent again, the second and the
    third (left for the next run once the server failed) go out with the next run."""
    readers = [f"reader{i:03d}@example.org" for i in range(250)]
    room = FlakyRoom()
    first, second = _runs(tmp_path, demo_site, room, readers, 2)
    with Store.open(tmp_path / "pw.db") as store:
        keys = sorted(i.key for i in store.outbox_items() if i.state == "sent")
    assert first.delivery is not None and second.delivery is not None
    assert (first.delivery["sent"], first.delivery["failed"], first.delivery["waiting"]) == (1, 1, 1)
    assert [f["key"] for f in first.delivery["failures"]] == [keys[0].split("#")[0] + "#2/3"]
    assert (second.delivery["sent"], second.delivery["pending"]) == (2, 0)
    delivered = sorted(addr for envelope in room.envelopes for addr in envelope)
    assert delivered == readers, "every reader exactly once"


def test_dry_run_shows_the_batches_a_real_send_makes(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """`digest --dry-run` of a subscription of 250 wrote one .eml for everyone, To: all 250,
    while sending makes three messages of at most 100 recipients each, none showing the others."""
    from click.testing import CliRunner

    from policywatch.cli import cli

    readers = [f"reader{i:03d}@example.org" for i in range(250)]
    room = Mailroom()
    smtp = start_smtp(room)
    try:
        config = demo_config(tmp_path, demo_site.base_url, (
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\ntimeout = 5\n'
            f'[[subscriptions]]\nname = "all"\nrecipients = {json.dumps(readers)}\nfrequency = "immediate"\n'
        ))
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False, deliver=False)
            before = [(i.key, i.state) for i in store.outbox_items()]
        out = tmp_path / "eml"
        result = CliRunner().invoke(cli, ["digest", "--dry-run", "--out", str(out), "--config", str(config)])
        assert result.exit_code == 0, result.output
        written = sorted(out.iterdir())
        assert len(written) == 3 and all(p.suffix == ".eml" and p.is_file() for p in written)
        drafts = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in written]
        assert all(d["To"] == UNDISCLOSED for d in drafts)
        # each draft names its batch where a mail client shows it without the readers seeing it
        batches = [[a.addr_spec for a in d["Bcc"].addresses] for d in drafts]
        assert [len(b) for b in batches] == [100, 100, 50] and sorted(a for b in batches for a in b) == readers
        with Store.open(settings.database) as store:
            assert [(i.key, i.state) for i in store.outbox_items()] == before, "a dry run changes nothing"
            run_once(settings, store, build_report_site=False)
    finally:
        smtp.stop()
    assert room.envelopes == batches, "what the dry run showed is what was sent"
    assert all("Bcc" not in m for m in room.messages)
