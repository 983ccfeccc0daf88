"""Delivery traps in what the config names: two channels of one name, a recipient written twice
or as something that is not one address. Each was a report silently lost or sent twice.

Real servers on loopback: the bundled demo site, an aiosmtpd SMTP server, LoopbackSite receivers.
"""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
from pathlib import Path

import pytest

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite, Response
from policywatch.errors import ConfigError
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import SmtpCollector, demo_config, start_smtp


class Envelopes(SmtpCollector):
    """Keeps each message's envelope recipients."""

    def __init__(self) -> None:
        super().__init__()
        self.envelopes: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.envelopes.append(list(envelope.rcpt_tos))
        return await super().handle_DATA(server, session, envelope)


def _smtp(port: int) -> str:
    return f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, timeout=300)


def test_two_webhooks_of_one_name_are_a_config_error_not_a_hook_never_posted(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """Both hooks' posts share the outbox channel `webhook:NAME`: the second was queued as a
    no-op and never posted, with nothing said."""
    with LoopbackSite() as first, LoopbackSite() as second:
        for receiver in (first, second):
            receiver.route("/hook", lambda request: Response(status=200, body=b"ok"))
        config = demo_config(tmp_path, demo_site.base_url, "".join(
            f'[[webhooks]]\nname = "ops"\nurl = "{r.url("/hook")}"\nallow_private = true\n' for r in (first, second)))
        result = _cli("run", "--config", str(config), "--json")
        assert result.returncode == 2, result.stderr
        assert "webhooks: name 'ops' is used twice" in result.stderr
        assert first.requests_to("/hook") == [] and second.requests_to("/hook") == []


def test_two_subscriptions_of_one_name_are_a_config_error(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = demo_config(tmp_path, demo_site.base_url, "".join(
        f'[[subscriptions]]\nname = "team"\nrecipients = ["{who}@example.org"]\nfrequency = "immediate"\n'
        for who in ("one", "two")))
    with pytest.raises(ConfigError, match="subscriptions: name 'team' is used twice"):
        load_settings(config)


@pytest.mark.parametrize("written", [
    "a@example.org, b@example.org",  # two in one string: b@ was silently never sent anything
    "a@example.org; b@example.org",
    "not an address",
    "a@example.org\\r\\nRCPT TO:<evil@example.net>",  # a TOML escape: the line after CRLF was dropped
    "",
])
def test_a_recipient_that_is_not_one_address_is_a_config_error(tmp_path: Path, demo_site: LoopbackSite,
                                                               written: str) -> None:
    config = demo_config(tmp_path, demo_site.base_url, (
        f'[[subscriptions]]\nname = "team"\nrecipients = ["ok@example.org", "{written}"]\nfrequency = "immediate"\n'))
    with pytest.raises(ConfigError, match=r'subscriptions\[0\] \("team"\)\.recipients\[1\]: .* is not one email address'):
        load_settings(config)


def test_a_recipient_listed_twice_gets_one_copy(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """The same mailbox twice (or in other capitals, or with a display name) was given twice in
    the envelope; past 100 recipients the copies fall in different batches: two messages."""
    readers = [f"reader{i:03d}@example.org" for i in range(150)]
    written = [*readers, "Reader000@Example.org", " reader001@example.org", "R 149 <reader149@example.org>"]
    room = Envelopes()
    smtp = start_smtp(room)
    try:
        settings = load_settings(demo_config(tmp_path, demo_site.base_url, _smtp(smtp.port) + (
            '[[subscriptions]]\nname = "team"\nrecipients = [' + ", ".join(f'"{w}"' for w in written) + ']\n'
            'frequency = "immediate"\n')))
        with Store.open(settings.database) as store:
            summary = run_once(settings, store, build_report_site=False)
    finally:
        smtp.stop()
    assert summary.delivery is not None and summary.delivery["failures"] == []
    delivered = [addr.lower() for envelope in room.envelopes for addr in envelope]
    assert sorted(delivered) == readers, "every reader exactly once"


def test_an_international_address_on_a_server_without_smtputf8_holds_back_no_one(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """A mailbox named in Chinese (张三@例子.中国, RFC 6531) needs the server's SMTPUTF8; without
    it smtplib refused the whole message, so no reader of that subscription got it, and the SMTP
    server taken for down left every other subscription's digest waiting, run after run. A domain
    alone in Chinese needs no SMTPUTF8: it is sent in its IDNA form (xn--)."""
    room = Envelopes()
    smtp = start_smtp(room, enable_SMTPUTF8=False)
    try:
        settings = load_settings(demo_config(tmp_path, demo_site.base_url, _smtp(smtp.port) + (
            '[[subscriptions]]\nname = "zh"\nrecipients = ["ok@example.org", "张三@例子.中国", "zs@例子.中国"]\n'
            'frequency = "immediate"\n'
            '[[subscriptions]]\nname = "all-chinese"\nrecipients = ["李四@例子.中国"]\nfrequency = "immediate"\n'
            '[[subscriptions]]\nname = "other"\nrecipients = ["other@example.org"]\nfrequency = "immediate"\n')))
        with Store.open(settings.database) as store:
            first = run_once(settings, store, build_report_site=False)
            second = run_once(settings, store, build_report_site=False)
    finally:
        smtp.stop()
    assert first.delivery is not None and second.delivery is not None
    assert sorted(room.envelopes) == [["ok@example.org", "zs@xn--fsqu00a.xn--fiqs8s"], ["other@example.org"]]
    failures = {f["channel"]: f for f in first.delivery["failures"]}
    assert "张三@例子.中国" in failures["email:zh"]["error"] and not failures["email:zh"]["retry"]
    assert failures["email:all-chinese"]["dead"] and "SMTPUTF8" in failures["email:all-chinese"]["error"]
    assert (first.delivery["sent"], first.delivery["waiting"], first.delivery["pending"]) == (2, 0, 0)
    assert second.delivery["failures"] == [] and len(room.raw) == 2, "nothing retried, nothing twice"


def test_a_webhook_that_takes_the_post_and_never_answers_holds_the_run_boundedly_and_is_posted_once_more(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """A receiver that accepts the connection and reads the post but never answers: the run waits
    at most twice fetch.read_timeout for it, the post stays queued, and the next run posts it
    again once (the receiver answering by then)."""
    import socket
    import threading
    import time

    listener = socket.create_server(("127.0.0.1", 0))
    posts: list[socket.socket] = []  # every connection that brought a post
    answering = threading.Event()

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(65536)
            posts.append(conn)
            if answering.is_set():
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                conn.close()
            # else a tarpit: the connection is held open, never a byte back

    threading.Thread(target=serve, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    config = demo_config(tmp_path, demo_site.base_url, f'[[webhooks]]\nname = "ops"\nurl = "{url}"\nallow_private = true\n')
    config.write_text(config.read_text().replace("[fetch]\n", "[fetch]\nread_timeout = 1.0\n"), encoding="utf-8")
    settings = load_settings(config)
    try:
        with Store.open(settings.database) as store:
            started = time.monotonic()
            first = run_once(settings, store, build_report_site=False)
            assert time.monotonic() - started < 30
            answering.set()
            second = run_once(settings, store, build_report_site=False)
            third = run_once(settings, store, build_report_site=False)
    finally:
        listener.close()
        for conn in posts:
            conn.close()
    assert first.delivery is not None and second.delivery is not None and third.delivery is not None
    (failure,) = first.delivery["failures"]
    assert failure["retry"] and "timed out" in failure["error"].lower() and first.delivery["pending"] == 1
    assert (second.delivery["sent"], second.delivery["pending"]) == (1, 0)
    assert third.delivery["sent"] == 0
    assert len(posts) == 2, "the post that got no answer, then the one answered: no third"


def test_dry_run_gives_each_digest_its_own_file_whatever_the_subscription_names(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """A subscription named "legal/team" made its .eml in a subdirectory; "legal team" and
    "legal-team" must not overwrite each other's file."""
    from click.testing import CliRunner

    from policywatch.cli import cli

    names = ("legal/team", "legal team", "legal-team")
    config = demo_config(tmp_path, demo_site.base_url, "".join(
        f'[[subscriptions]]\nname = "{name}"\nrecipients = ["r{n}@example.org"]\nfrequency = "immediate"\n'
        for n, name in enumerate(names)))
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
    out = tmp_path / "eml"
    result = CliRunner().invoke(cli, ["digest", "--dry-run", "--out", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert len(files) == 3 and all(p.is_file() and p.suffix == ".eml" for p in files)
    recipients = sorted(str(email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["To"]) for p in files)
    assert recipients == [f"r{n}@example.org" for n in range(3)]


class Senders(Envelopes):
    """Keeps each message's envelope sender too."""

    def __init__(self) -> None:
        super().__init__()
        self.senders: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.senders.append(envelope.mail_from)
        return await super().handle_DATA(server, session, envelope)


def test_a_sender_on_a_chinese_domain_reaches_a_server_without_smtputf8(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """smtp.sender = "政策监测 <pw@例子.中国>": smtplib asked the server for SMTPUTF8 for the
    envelope sender, and the Message-ID (made on the sender's domain) could not be written in
    ASCII; every digest failed, run after run. The domain goes out in its IDNA form."""
    room = Senders()
    smtp = start_smtp(room, enable_SMTPUTF8=False)
    try:
        config = demo_config(tmp_path, demo_site.base_url, _smtp(smtp.port).replace(
            "timeout = 5\n", 'timeout = 5\nsender = "政策监测 <pw@例子.中国>"\n') + (
            '[[subscriptions]]\nname = "team"\nrecipients = ["ok@example.org"]\nfrequency = "immediate"\n'))
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            summary = run_once(settings, store, build_report_site=False)
    finally:
        smtp.stop()
    assert summary.delivery is not None and summary.delivery["failures"] == []
    assert room.senders == ["pw@xn--fsqu00a.xn--fiqs8s"] and room.envelopes == [["ok@example.org"]]
    (message,) = room.messages
    assert message["Message-ID"].endswith("@xn--fsqu00a.xn--fiqs8s>")
    assert message["From"].addresses[0].display_name == "政策监测"
