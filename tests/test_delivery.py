"""Digests and webhooks end to end: a run fills the store's outbox, a real server on loopback receives.

An aiosmtpd server and a LoopbackSite receiver stand in for the mail server and the group
robots; every message is parsed back (email package, JSON) and counted: one per run with
events, none twice, a refusing or dead receiver leaves the item queued until it is due again.
"""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.config import Settings, load_settings
from policywatch.demo import LoopbackSite, RecordedRequest, Response, site_root
from policywatch.model import EventKind
from policywatch.pipeline import deliver_outbox, enqueue_digests, run_once
from policywatch.state import Store
from tests.conftest import SmtpCollector, demo_config, free_port, start_smtp
from tests.state.test_query_plans import full_scans

BASE = "https://pw.example.org/watch/"
LATER = timedelta(minutes=16)  # past the outbox's retry time of a failed delivery


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpCollector, int]]:
    box = SmtpCollector()
    controller = start_smtp(box)
    try:
        yield box, controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp_port(smtp_server: tuple[SmtpCollector, int]) -> int:
    return smtp_server[1]


@pytest.fixture
def mailbox(smtp_server: tuple[SmtpCollector, int]) -> SmtpCollector:
    return smtp_server[0]


def mail_config(tmp_path: Path, site_url: str, port: int, *, frequency: str = "immediate") -> Path:
    extra = (
        f'site_base_url = "{BASE}"\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'
        f'[[subscriptions]]\nname = "analysts"\nrecipients = ["analyst@example.org"]\nfrequency = "{frequency}"\n'
    )
    return demo_config(tmp_path, site_url, extra)


def _site_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [str(a["href"]) for a in soup.find_all("a", href=True) if str(a["href"]).startswith(BASE)]


def test_immediate_digest_one_per_run_with_changes(tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector,
                                                   smtp_port: int) -> None:
    settings = load_settings(mail_config(tmp_path, demo_site.base_url, smtp_port))
    with Store.open(settings.database) as store:
        first = run_once(settings, store)
        assert first.new_documents == 6
        assert len(mailbox.raw) == 1, "a first run sends one baseline message, not one per document"
        demo_site.set_root(site_root("after"))
        second = run_once(settings, store)
        assert len(mailbox.raw) == 2
        third = run_once(settings, store)
        assert third.changes == 0 and third.new_documents == 0
        assert len(mailbox.raw) == 2, "a run without events sends nothing"
        assert [item.state for item in store.outbox_items()] == ["sent", "sent"]

    baseline, digest = mailbox.messages
    assert baseline["Subject"] == "【policywatch】开始监测：demo 6 份文件已纳入监测"
    baseline_text = baseline.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "南京国家人工智能创新应用先导区" not in baseline_text, "the baseline lists no document as new"

    # the subject goes over the wire RFC 2047-encoded and decodes back to the Chinese text
    raw_subject = next(line for line in mailbox.raw[1].split(b"\n") if line.startswith(b"Subject:"))
    assert b"=?utf-8?" in raw_subject.lower()
    reported = second.changes + second.new_documents
    assert reported == 5
    assert digest["Subject"].startswith(f"【policywatch】{reported} 份政策有变化：《")
    assert digest["To"] == "analyst@example.org"
    assert digest.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in digest.iter_parts()] == ["text/plain", "text/html"]

    html = digest.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    links = _site_links(html)
    change_pages = {link for link in links if link.startswith(BASE + "changes/")}
    assert len(change_pages) == second.changes
    assert any(link.startswith(BASE + "documents/") for link in links), "the new document links to its page"
    for link in links:  # every link names a page the run actually wrote
        page = link.removeprefix(BASE).split("#")[0] or "index.html"
        assert (settings.output_dir / page).is_file(), link
        assert link in text or link.rstrip("/") in text, f"the text part lacks {link}"
    assert "培育" in text and "150家" in text


def test_refusing_server_keeps_the_digest_queued_until_a_later_flush(
    tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector, smtp_port: int
) -> None:
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    settings = load_settings(config)
    mailbox.refuse = True
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False)
        (item,) = store.outbox_items()
    assert item.state == "failed" and "550" in item.last_error
    assert item.retry_at is not None and item.retry_at > datetime.now(UTC)
    assert mailbox.raw == []

    mailbox.refuse = False
    runner = CliRunner()
    early = runner.invoke(cli, ["digest", "--send", "--config", str(config)])
    assert early.exit_code == 0, early.output
    assert mailbox.raw == [], "a failed digest waits for its retry time"

    with Store.open(settings.database) as store:  # the retry time has come
        store.mark_failed(item.id, item.last_error, datetime.now(UTC) - timedelta(seconds=1))
    flush = runner.invoke(cli, ["digest", "--send", "--config", str(config)])
    assert flush.exit_code == 0, flush.output
    assert len(mailbox.raw) == 1
    again = runner.invoke(cli, ["digest", "--send", "--config", str(config)])
    assert again.exit_code == 0 and len(mailbox.raw) == 1, "a sent digest never goes out again"
    with Store.open(settings.database) as store:
        (item,) = store.outbox_items()
    assert item.state == "sent" and item.attempts == 2
    assert mailbox.messages[0]["Subject"].startswith("【policywatch】开始监测")


def test_dead_server_then_back_delivers_exactly_once(tmp_path: Path, demo_site: LoopbackSite) -> None:
    port = free_port()  # nothing listens here yet
    settings = load_settings(mail_config(tmp_path, demo_site.base_url, port))
    box = SmtpCollector()
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False)
        (item,) = store.outbox_items()
        assert item.state == "failed" and "cannot connect" in item.last_error
        assert deliver_outbox(store, settings)["sent"] == 0, "not due before its retry time"
        controller = Controller(box, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            counts = deliver_outbox(store, settings, now=datetime.now(UTC) + LATER)
            assert counts == {"sent": 1, "failed": 0, "skipped": 0}
            assert deliver_outbox(store, settings, now=datetime.now(UTC) + 2 * LATER)["sent"] == 0
            demo_site.set_root(site_root("after"))
            run_once(settings, store, build_report_site=False)
        finally:
            controller.stop()
    assert len(box.raw) == 2, "the queued baseline once, then the second run's digest once"


def test_dry_run_writes_eml_files_and_sends_nothing(
    tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector, smtp_port: int
) -> None:
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
        demo_site.set_root(site_root("after"))
        run_once(settings, store, build_report_site=False, deliver=False)
    out = tmp_path / "eml"
    result = CliRunner().invoke(cli, ["digest", "--dry-run", "--out", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.eml"))
    assert len(written) == 2 and {str(p) for p in written} <= set(result.output.split())
    subjects = []
    for path in written:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative"
        subjects.append(str(message["Subject"]))
    assert any("份政策有变化" in s for s in subjects) and any("开始监测" in s for s in subjects)
    assert mailbox.raw == []
    with Store.open(settings.database) as store:
        assert [i.state for i in store.outbox_items()] == ["pending", "pending"]


def test_dry_run_writes_every_digest_it_can_and_names_a_damaged_one(
    tmp_path: Path, demo_site: LoopbackSite, smtp_port: int
) -> None:
    """A queued digest whose payload is damaged (a bug, a hand-edited store) cannot be built: the
    dry run still writes the others and says which one it could not, as sending does."""
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
        store.enqueue("email:analysts", "damaged", {"event_ids": "not a list of ids"})
    out = tmp_path / "eml"
    result = CliRunner().invoke(cli, ["digest", "--dry-run", "--out", str(out), "--config", str(config)])
    assert result.exit_code == 1, result.output  # as `digest --send` exits 1 while a digest fails
    assert len(list(out.glob("*.eml"))) == 1
    assert "not written: email:analysts damaged: DeliveryError: damaged outbox payload" in result.output
    with Store.open(settings.database) as store:  # the dry run changes nothing
        assert sorted(i.state for i in store.outbox_items()) == ["pending", "pending"]


def test_daily_digest_one_per_period_never_the_same_events_twice(
    tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector, smtp_port: int
) -> None:
    settings = load_settings(mail_config(tmp_path, demo_site.base_url, smtp_port, frequency="daily"))
    day = datetime.now(UTC)
    with Store.open(settings.database) as store:
        first = run_once(settings, store, build_report_site=False, deliver=False)
        assert store.outbox_items() == [], "a daily subscription gets nothing per run"
        assert enqueue_digests(store, settings, now=day) == 1
        assert enqueue_digests(store, settings, now=day) == 0, "one digest per period"
        demo_site.set_root(site_root("after"))
        second = run_once(settings, store, build_report_site=False, deliver=False)
        assert enqueue_digests(store, settings, now=day) == 0, "the day's digest is already queued"
        assert enqueue_digests(store, settings, now=day + timedelta(days=1)) == 1
        assert enqueue_digests(store, settings, now=day + timedelta(days=2)) == 0, "no new events"
        items = store.outbox_items()
        assert [i.key for i in items] == [f"daily:{day:%Y-%m-%d}", f"daily:{day + timedelta(days=1):%Y-%m-%d}"]
        first_ids, second_ids = (set(i.payload["event_ids"]) for i in items)
        assert first_ids == {e.id for e in first.events}
        assert second_ids == {e.id for e in second.events}
        counts = deliver_outbox(store, settings)
        assert counts == {"sent": 2, "failed": 0, "skipped": 0}, [(i.key, i.state) for i in store.outbox_items()]
        assert deliver_outbox(store, settings)["sent"] == 0
    subjects = [str(m["Subject"]) for m in mailbox.messages]
    assert "开始监测" in subjects[0] and "5 份政策有变化" in subjects[1]


# --------------------------------------------------------------------------- webhooks

FORMATS = ("json", "wecom", "dingtalk", "feishu")


class Receiver:
    """Scripted robot endpoints on a LoopbackSite: /hook/<format>, answering 200 or 500."""

    def __init__(self, site: LoopbackSite) -> None:
        self.site = site
        self.failing = False
        for fmt in FORMATS:
            site.route(f"/hook/{fmt}", self._answer)

    def _answer(self, request: RecordedRequest) -> Response:
        if self.failing:
            return Response(status=500, body=b"internal error")
        return Response(status=200, body=b'{"errcode": 0, "errmsg": "ok"}',
                        headers={"Content-Type": "application/json"})

    def posts(self, fmt: str) -> list[RecordedRequest]:
        return [r for r in self.site.requests_to(f"/hook/{fmt}") if r.method == "POST"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with LoopbackSite() as site:
        yield Receiver(site)


def hook_settings(tmp_path: Path, site_url: str, receiver: Receiver, formats: tuple[str, ...] = FORMATS) -> Settings:
    hooks = "".join(
        f'[[webhooks]]\nname = "{fmt}"\nurl = "{receiver.site.url(f"/hook/{fmt}")}"\nformat = "{fmt}"\n'
        "allow_private = true\n"
        for fmt in formats
    )
    return load_settings(demo_config(tmp_path, site_url, f'site_base_url = "{BASE}"\n{hooks}'))


def test_webhooks_get_one_post_per_run_with_events_in_every_format(
    tmp_path: Path, demo_site: LoopbackSite, receiver: Receiver
) -> None:
    settings = hook_settings(tmp_path, demo_site.base_url, receiver)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False)
        assert all(len(receiver.posts(fmt)) == 1 for fmt in FORMATS)
        demo_site.set_root(site_root("after"))
        second = run_once(settings, store, build_report_site=False)
        run_once(settings, store, build_report_site=False)  # nothing changed: nothing posted
    posts = {fmt: [json.loads(r.body) for r in receiver.posts(fmt)] for fmt in FORMATS}
    assert {fmt: len(p) for fmt, p in posts.items()} == dict.fromkeys(FORMATS, 2)
    for fmt in FORMATS:
        assert all(r.headers["content-type"].startswith("application/json") for r in receiver.posts(fmt))

    baseline, run = posts["json"]
    assert [e["kind"] for e in baseline["events"]] == ["baseline"]
    assert sorted(e["kind"] for e in run["events"]) == ["changed"] * 4 + ["new_document"]
    assert run["counts"]["changes"] == second.changes == 4
    assert {e["id"] for e in run["events"]} == {e.id for e in second.events}

    wecom = posts["wecom"][1]
    assert wecom["msgtype"] == "markdown"
    assert wecom["markdown"]["content"].count(f"]({BASE}changes/") == 4
    ding = posts["dingtalk"][1]
    assert ding["msgtype"] == "markdown" and "5" in ding["markdown"]["title"]
    assert ding["markdown"]["text"].count(f"]({BASE}changes/") == 4
    feishu = posts["feishu"][1]
    assert feishu["msg_type"] == "post"
    rows = feishu["content"]["post"]["zh_cn"]["content"]
    hrefs = [cell["href"] for row in rows for cell in row if cell.get("tag") == "a"]
    assert sum(h.startswith(BASE + "changes/") for h in hrefs) == 4
    assert "南京国家人工智能创新应用先导区" in json.dumps(feishu, ensure_ascii=False)


def test_webhook_receiver_failing_keeps_the_post_queued_then_delivers_once(
    tmp_path: Path, demo_site: LoopbackSite, receiver: Receiver
) -> None:
    settings = hook_settings(tmp_path, demo_site.base_url, receiver, formats=("json",))
    receiver.failing = True
    with Store.open(settings.database) as store:
        first = run_once(settings, store, build_report_site=False)
        (item,) = store.outbox_items()
        assert item.state == "failed" and "500" in item.last_error
        assert deliver_outbox(store, settings)["sent"] == 0, "not due before its retry time"
        receiver.failing = False
        assert deliver_outbox(store, settings, now=datetime.now(UTC) + LATER)["sent"] == 1
        assert deliver_outbox(store, settings, now=datetime.now(UTC) + 2 * LATER)["sent"] == 0
        run_once(settings, store, build_report_site=False)  # no events: nothing new to post
        assert store.outbox_items()[0].state == "sent"
    posts = receiver.posts("json")
    assert len(posts) == 2, "one refused attempt, then exactly one delivery"
    delivered = json.loads(posts[1].body)
    assert [e["kind"] for e in delivered["events"]] == [EventKind.BASELINE.value]
    assert delivered["events"][0]["id"] == first.events[0].id



# --------------------------------------------------------------------------- settings that reach delivery


def test_language_and_template_overrides_reach_digests_and_robots(
    tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector, smtp_port: int, receiver: Receiver
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    bundled = Path(__file__).resolve().parent.parent / "policywatch" / "reports" / "templates" / "digest.txt"
    (templates / "digest.txt").write_text("CUSTOM DIGEST HEADER\n" + bundled.read_text(encoding="utf-8"),
                                          encoding="utf-8")
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        f'lang = "en"\ntemplates_dir = "templates"\n{text}\n[[webhooks]]\nname = "robot"\n'
        f'url = "{receiver.site.url("/hook/dingtalk")}"\nformat = "dingtalk"\nallow_private = true\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store)
        demo_site.set_root(site_root("after"))
        run_once(settings, store)
    digest = mailbox.messages[1]
    assert digest["Subject"].startswith("[policywatch] 5 policies changed")
    plain = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert plain.startswith("CUSTOM DIGEST HEADER"), "templates_dir overrides the digest templates too"
    robot = json.loads(receiver.posts("dingtalk")[1].body)
    assert robot["markdown"]["title"] == "policywatch: 5 policy changes", "robots speak the configured language"


def test_a_digest_waiting_for_its_retry_shows_in_status_and_dry_run(
    tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector, smtp_port: int
) -> None:
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    settings = load_settings(config)
    mailbox.refuse = True
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False)
    runner = CliRunner()
    status = runner.invoke(cli, ["status", "--json", "--config", str(config)])
    assert status.exit_code == 1, "an undeliverable digest is something to look at"
    assert json.loads(status.stdout)["outbox"]["failed"] == 1
    text = runner.invoke(cli, ["status", "--config", str(config)])
    assert text.exit_code == 1 and isinstance(text.exception, SystemExit | None), text.exception  # no traceback
    assert "失败 1" in text.stdout and "550" in text.stdout  # the config's lang, zh; the error as stored
    assert "\n  失败 email:" in text.stdout, text.stdout  # the report's own line, its error as stored
    out = tmp_path / "eml"
    dry = runner.invoke(cli, ["digest", "--dry-run", "--out", str(out), "--config", str(config)])
    assert dry.exit_code == 0 and len(list(out.glob("*.eml"))) == 1, "a queued digest is written even before its retry"
    mailbox.refuse = False
    with Store.open(settings.database) as store:
        assert deliver_outbox(store, settings, now=datetime.now(UTC) + LATER)["sent"] == 1
    assert runner.invoke(cli, ["status", "--config", str(config)]).exit_code == 0


def test_broken_digest_template_leaves_the_digest_queued(
    tmp_path: Path, demo_site: LoopbackSite, mailbox: SmtpCollector, smtp_port: int
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "digest.txt").write_text("{{ no_such_variable.attribute }}\n", encoding="utf-8")
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    config.write_text('templates_dir = "templates"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False)
        # a failed attempt like a refused send: retried by the next run, or once its retry time is past
        assert [(i.state, i.attempts) for i in store.outbox_items()] == [("failed", 1)]
        assert mailbox.raw == []
        (templates / "digest.txt").unlink()
        assert deliver_outbox(store, settings, now=datetime.now(UTC) + LATER)["sent"] == 1
    assert len(mailbox.raw) == 1


def test_dry_run_into_an_unusable_directory_is_one_line(tmp_path: Path, demo_site: LoopbackSite, smtp_port: int) -> None:
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["digest", "--dry-run", "--out", str(tmp_path / "a-file" / "eml"),
                                      "--config", str(config)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.count("\n") == 1 and "a-file" in result.stderr


def test_delivery_reads_only_what_is_new_however_long_the_history(
    tmp_path: Path, demo_site: LoopbackSite, smtp_port: int, receiver: Receiver
) -> None:
    """Queuing and sending reports looks events and outbox items up by id and channel: no
    statement reads the whole events or outbox table, which grow with every run (issue 15)."""
    extra = (f'[[webhooks]]\nname = "robot"\nurl = "{receiver.site.url("/hook/json")}"\nformat = "json"\n'
             'allow_private = true\n'
             '[[subscriptions]]\nname = "weekly"\nrecipients = ["w@example.org"]\nfrequency = "weekly"\n')
    config = mail_config(tmp_path, demo_site.base_url, smtp_port)
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    settings = load_settings(config)
    statements: list[str] = []
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False)  # the baseline: every channel gets its first items
        enqueue_digests(store, settings)
        demo_site.set_root(site_root("after"))
        store.db.conn.set_trace_callback(statements.append)
        try:
            summary = run_once(settings, store, build_report_site=False)
            enqueue_digests(store, settings, now=datetime.now(UTC) + timedelta(days=8))
            deliver_outbox(store, settings)
        finally:
            store.db.conn.set_trace_callback(None)
        assert summary.changes > 0 and store.undelivered() == []
        assert len(receiver.posts("json")) == 2
        reads = [s for s in dict.fromkeys(statements)
                 if s.lstrip().upper().startswith("SELECT") and ("events" in s or "outbox" in s)]
        assert any("outbox" in s for s in reads) and any("FROM events" in s for s in reads)
        offenders = {sql: scans for sql in reads if (scans := full_scans(store, sql, ("events", "outbox")))}
    assert offenders == {}


def test_a_server_that_never_finishes_its_greeting_cannot_hold_the_run(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """A tarpit: "220-…" continuation lines every 0.2 s. Each read is well inside smtp.timeout,
    so only the session deadline (SESSION_TIMEOUTS x smtp.timeout) ends it; the digest stays queued."""
    import socket
    import threading
    import time

    from policywatch.reports.mail import SESSION_TIMEOUTS

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def tarpit() -> None:
        conn, _ = listener.accept()
        with conn:
            while not stop.wait(0.2):
                try:
                    conn.sendall(b"220-mail.example.gov.cn ESMTP warming up\r\n")
                except OSError:
                    return

    threading.Thread(target=tarpit, daemon=True).start()
    config = mail_config(tmp_path, demo_site.base_url, listener.getsockname()[1])
    config.write_text(config.read_text(encoding="utf-8").replace("timeout = 5", "timeout = 0.5"), encoding="utf-8")
    settings = load_settings(config)
    started = time.monotonic()
    try:
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False)
            (item,) = store.outbox_items()
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 0.5 * SESSION_TIMEOUTS + 20
    assert item.state == "failed" and "did not finish the session within 5 s" in item.last_error
