"""A report no destination will ever take is given up (dead-lettered), not retried on every run
forever: kept, counted in `status` and `run --json`, and sent again only when an operator asks.

Real servers on loopback: the bundled demo site and aiosmtpd SMTP servers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite
from policywatch.pipeline import run_once
from policywatch.pipeline.delivery import GIVE_UP_AFTER, MAX_ATTEMPTS, deliver
from policywatch.state import Store
from tests.conftest import SmtpCollector, demo_config, start_smtp


class Bouncer(SmtpCollector):
    """Refuses every recipient for good (550) while `bouncing`, counting each RCPT it is asked."""

    def __init__(self, reply: str = "550 5.1.1 no such user") -> None:
        super().__init__()
        self.reply, self.bouncing, self.asked = reply, True, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        self.asked += 1
        if self.bouncing:
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, timeout=300)


def _requeue_dead_then_run(config: Path) -> None:
    """The operator's `outbox requeue --dead`, then the next run: the report given up goes out."""
    assert _cli("outbox", "requeue", "--dead", "--config", str(config)).returncode == 0
    delivery = json.loads(_cli("run", "--config", str(config), "--json").stdout)["delivery"]
    assert (delivery["sent"], delivery["dead"], delivery["pending"]) == (1, 0, 0)


def _config(tmp_path: Path, site: LoopbackSite, port: int) -> Path:
    return demo_config(tmp_path, site.base_url, (
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'
        '[[subscriptions]]\nname = "analysts"\nrecipients = ["analyst@example.org"]\nfrequency = "immediate"\n'
    ))


def test_every_recipient_refused_for_good_is_dead_lettered_shown_and_resent_on_request(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    box = Bouncer()
    smtp = start_smtp(box)
    try:
        config = _config(tmp_path, demo_site, smtp.port)
        first = _cli("run", "--config", str(config), "--json")
        assert first.returncode == 0, first.stderr
        delivery = json.loads(first.stdout)["delivery"]
        assert (delivery["sent"], delivery["failed"], delivery["pending"], delivery["dead"]) == (0, 1, 0, 1)
        (failure,) = delivery["failures"]
        assert failure["dead"] and not failure["retry"] and "550" in failure["error"]
        asked = box.asked

        second = _cli("run", "--config", str(config), "--json")
        assert box.asked == asked, "a dead-lettered report is not offered to the server again"
        delivery = json.loads(second.stdout)["delivery"]
        assert (delivery["failed"], delivery["pending"], delivery["dead"], delivery["failures"]) == (0, 0, 1, [])

        status = _cli("status", "--config", str(config), "--json")
        assert status.returncode == 1, "a report given up is something to look at"
        outbox = json.loads(status.stdout)["outbox"]
        assert (outbox["pending"], outbox["failed"], outbox["dead"]) == (0, 0, 1)
        (listed,) = outbox["failures"]
        assert listed["dead"] and "550" in listed["error"] and listed["retry_at"] is None
        text = _cli("status", "--config", str(config))
        assert "已放弃 1" in text.stdout and "policywatch outbox requeue" in text.stdout  # the config's lang, zh

        box.bouncing = False  # the operator fixed the address book, then asks for it again
        requeued = _cli("outbox", "requeue", "--dead", "--config", str(config))
        assert requeued.returncode == 0 and "1 report" in requeued.stderr, requeued.stderr
        third = _cli("run", "--config", str(config), "--json")
        delivery = json.loads(third.stdout)["delivery"]
        assert (delivery["sent"], delivery["dead"], delivery["pending"]) == (1, 0, 0)
        _cli("run", "--config", str(config), "--json")
    finally:
        smtp.stop()
    assert len(box.raw) == 1, "sent once, after the operator's request"
    assert _cli("status", "--config", str(config)).returncode == 0


def test_a_server_refusing_for_now_on_every_attempt_is_given_up_after_a_bounded_number(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """451 on every recipient, run after run: retried (readers may yet get it), but not forever:
    after MAX_ATTEMPTS attempts spanning GIVE_UP_AFTER the item is dead-lettered."""
    box = Bouncer("451 4.3.0 try again later")
    smtp = start_smtp(box)
    try:
        settings = load_settings(_config(tmp_path, demo_site, smtp.port))
        with Store.open(settings.database) as store:
            summary = run_once(settings, store, build_report_site=False)
            assert summary.delivery is not None and summary.delivery["dead"] == 0
            now = datetime.now(UTC)
            for _ in range(MAX_ATTEMPTS * 2):  # many runs within the day: never given up early
                report = deliver(store, settings, now=now, retry_failed=True)
                assert report.dead == 0 and report.pending == 1
            later = now + GIVE_UP_AFTER + timedelta(minutes=1)
            report = deliver(store, settings, now=later, retry_failed=True)
            assert (report.failed, report.pending, report.dead) == (1, 0, 1)
            assert report.failures[0]["dead"] and "451" in report.failures[0]["error"]
            asked = box.asked
            assert deliver(store, settings, now=later, retry_failed=True).failures == []
            assert box.asked == asked
            (item,) = store.outbox_items()
            assert item.state == "dead" and item.attempts == MAX_ATTEMPTS * 2 + 2
    finally:
        smtp.stop()
    assert box.raw == []


def test_a_digest_of_a_subscription_taken_out_of_the_config_is_dead_lettered_once(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """Its queued digest was reported failed by every run, for ever (and `status` called the
    outbox healthy); now it is given up once, shown, and goes out if the subscription returns."""
    box = Bouncer()
    box.bouncing = False
    smtp = start_smtp(box)
    try:
        config = _config(tmp_path, demo_site, smtp.port)
        written = config.read_text(encoding="utf-8")
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False, deliver=False)
        config.write_text(written.replace('name = "analysts"', 'name = "readers"'), encoding="utf-8")
        first = json.loads(_cli("run", "--config", str(config), "--json").stdout)["delivery"]
        (failure,) = first["failures"]
        assert failure["channel"] == "email:analysts" and failure["dead"] and "no longer configured" in failure["error"]
        second = json.loads(_cli("run", "--config", str(config), "--json").stdout)["delivery"]
        assert (second["failures"], second["dead"], second["pending"]) == ([], 1, 0)
        assert _cli("status", "--config", str(config)).returncode == 1

        config.write_text(written, encoding="utf-8")  # the subscription is back
        _requeue_dead_then_run(config)
    finally:
        smtp.stop()
    assert len(box.raw) == 1


def test_a_webhook_that_answers_gone_is_dead_lettered_at_once_and_not_posted_again(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """A revoked or archived hook (410 Gone) will never take the post: the first run gives it up
    (shown as dead, not retried by every run), and only `outbox requeue` posts it again."""
    from policywatch.demo.server import RecordedRequest, Response

    posts: list[RecordedRequest] = []
    answer = [410]

    def hook(request: RecordedRequest) -> Response:
        posts.append(request)
        return Response(answer[0], b"channel_is_archived")

    with LoopbackSite(routes={"/hook": hook}) as receiver:
        config = demo_config(tmp_path, demo_site.base_url,
                             f'[[webhooks]]\nname = "ops"\nurl = "{receiver.url("/hook")}"\nallow_private = true\n')
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            first = run_once(settings, store, build_report_site=False).delivery
            assert first is not None and (first["sent"], first["failed"], first["dead"]) == (0, 1, 1)
            assert first["failures"][0]["dead"] and "HTTP 410" in first["failures"][0]["error"]
            second = run_once(settings, store, build_report_site=False).delivery
            assert second is not None and (second["failed"], second["dead"], len(posts)) == (0, 1, 1)
        answer[0] = 200
        assert _cli("outbox", "requeue", "--dead", "--config", str(config)).returncode == 0
        with Store.open(settings.database) as store:
            third = run_once(settings, store, build_report_site=False).delivery
    assert third is not None and (third["sent"], third["dead"], len(posts)) == (1, 0, 2)


def test_a_digest_its_template_cannot_build_counts_attempts_is_given_up_once_and_requeued_when_fixed(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """A broken digest template failed the build on every run: the report was named failed by
    every run forever, its attempts never counted, never a dead letter. Now a build failure
    counts as a failed attempt: shown in `status` with its error, given up by the same rule as
    a refused send, named once, and `outbox requeue --dead` sends it once the template is fixed."""
    box = Bouncer()
    box.bouncing = False
    smtp = start_smtp(box)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "digest.txt").write_text("{{ no_such_variable.attribute }}\n", encoding="utf-8")
    try:
        config = _config(tmp_path, demo_site, smtp.port)
        config.write_text('templates_dir = "templates"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            first = run_once(settings, store, build_report_site=False).delivery
            assert first is not None and (first["sent"], first["failed"], first["dead"]) == (0, 1, 0)
            assert "no_such_variable" in first["failures"][0]["error"] and first["failures"][0]["retry"]
            (item,) = store.outbox_items()
            assert (item.state, item.attempts) == ("failed", 1) and "no_such_variable" in item.last_error
        status = json.loads(_cli("status", "--config", str(config), "--json").stdout)["outbox"]
        assert status["failed"] == 1 and "no_such_variable" in status["failures"][0]["error"]
        with Store.open(settings.database) as store:
            now = datetime.now(UTC)
            for _ in range(MAX_ATTEMPTS * 2):  # many runs within the day: never given up early
                assert deliver(store, settings, now=now, retry_failed=True).dead == 0
            later = now + GIVE_UP_AFTER + timedelta(minutes=1)
            report = deliver(store, settings, now=later, retry_failed=True)
            assert (report.failed, report.pending, report.dead) == (1, 0, 1)
            (failure,) = report.failures
            assert failure["dead"] and not failure["retry"] and "no_such_variable" in failure["error"]
            assert deliver(store, settings, now=later, retry_failed=True).failures == [], "named once"
            (item,) = store.outbox_items()
            assert (item.state, item.attempts) == ("dead", MAX_ATTEMPTS * 2 + 2)
        status = _cli("status", "--config", str(config), "--json")
        assert status.returncode == 1 and json.loads(status.stdout)["outbox"]["dead"] == 1

        (templates / "digest.txt").unlink()  # the template is fixed
        _requeue_dead_then_run(config)
    finally:
        smtp.stop()
    assert len(box.raw) == 1


def test_a_damaged_outbox_item_is_given_up_after_its_attempts_and_holds_back_no_other(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """A damaged payload (a webhook post without its run) can never be built: it is tried by the
    rule of every failing report, then kept as a dead letter instead of failing every run."""
    from policywatch.demo.server import RecordedRequest, Response

    posts: list[RecordedRequest] = []

    def hook(request: RecordedRequest) -> Response:
        posts.append(request)
        return Response(200, b"ok")

    with LoopbackSite(routes={"/hook": hook}) as receiver:
        settings = load_settings(demo_config(
            tmp_path, demo_site.base_url,
            f'[[webhooks]]\nname = "ops"\nurl = "{receiver.url("/hook")}"\nformat = "json"\nallow_private = true\n'))
        with Store.open(settings.database) as store:
            store.enqueue("webhook:ops", "damaged", {"event_ids": [1]})
            now = datetime.now(UTC)
            first = deliver(store, settings, now=now, retry_failed=True)
            assert (first.failed, first.pending, first.dead) == (1, 1, 0)
            assert first.failures[0]["error"].startswith("KeyError") and first.failures[0]["retry"]
            for _ in range(MAX_ATTEMPTS):
                assert deliver(store, settings, now=now, retry_failed=True).dead == 0
            store.enqueue("webhook:ops", "good", {"event_ids": [2], "run": {"events": []}})
            last = deliver(store, settings, now=now + GIVE_UP_AFTER, retry_failed=True)
            assert (last.sent, last.failed, last.dead, last.pending) == (1, 1, 1, 0)
            assert [(f["key"], f["dead"]) for f in last.failures] == [("damaged", True)]
            assert deliver(store, settings, now=now + GIVE_UP_AFTER, retry_failed=True).failures == []
            assert [i.key for i in store.dead_letters()] == ["damaged"]
    assert len(posts) == 1
