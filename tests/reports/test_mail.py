from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from bs4 import BeautifulSoup

from policywatch.config import SmtpSettings, Subscription
from policywatch.errors import DeliveryError
from policywatch.model import DocumentMetadata, EventKind
from policywatch.reports import build_digest, mail, send_email, write_eml
from tests.reports.fakes import DOC_NUMBER, NANJING, YIXING, FakeSource, at

BASE = "https://policy.example.org/"
SENDER = "policywatch <policywatch@example.org>"
EVERYTHING = Subscription("全部", ("analyst@example.org", "lawyer@example.com"))


def digest(events, sub=EVERYTHING, **kw):
    return build_digest(events, sub, base_url=BASE, sender=SENDER, **kw)


def reparse(msg) -> email.message.EmailMessage:
    return email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)


def test_digest_has_plain_and_html_parts_and_a_chinese_subject(fake: FakeSource):
    msg = reparse(digest(fake.events()))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"].startswith("【policywatch】3 份政策有变化，1 份文件无法访问：《")
    raw = bytes(msg)
    assert b"=?utf-8?" in raw.split(b"\n\n", 1)[0].lower(), "the subject is RFC 2047 encoded"
    text = msg.get_body(("plain",)).get_content()
    assert DOC_NUMBER in text and "年薪收入超过 50万元 → 80万元" in text
    assert f"{BASE}changes/6.html" in text
    html = BeautifulSoup(msg.get_body(("html",)).get_content(), "html.parser")
    assert f"{BASE}changes/6.html" in [a["href"] for a in html.find_all("a")]
    assert html.find_all("script") == [] and html.find_all("b") == []
    assert "<script>alert('title')</script>" in html.get_text()
    assert not html.find_all("link") and not html.find_all("style"), "inline styles only"


def test_filters_by_source_issuer_and_keyword(fake: FakeSource):
    by_source = reparse(digest(fake.events(), Subscription("宜兴", ("a@example.org",), sources=(YIXING,))))
    assert by_source["Subject"].startswith("【policywatch】开始监测：yixing 1 份文件已纳入监测")
    by_issuer = reparse(digest(fake.events(), Subscription("市政府", ("a@example.org",), issuers=("南京市人民政府",))))
    text = by_issuer.get_body(("plain",)).get_content()
    assert DOC_NUMBER in text and "南京市数据局" not in text
    by_keyword = reparse(digest(fake.events(), Subscription("资助", ("a@example.org",), keywords=("最高资助",))))
    assert "宁数据发〔2024〕3号" in by_keyword.get_body(("plain",)).get_content()
    assert DOC_NUMBER not in by_keyword.get_body(("plain",)).get_content()
    assert digest(fake.events(), Subscription("无", ("a@example.org",), sources=("nowhere",))) is None


def test_first_run_is_one_baseline_summary_not_every_document(fake: FakeSource):
    fresh = FakeSource()
    for n in range(32):
        fresh.records.append(replace(fake.records[0], id=100 + n))
        fresh.event(EventKind.NEW_DOCUMENT, NANJING, at("2024-01-02", 5), 100 + n)
    fresh.event(EventKind.BASELINE, NANJING, at("2024-01-02", 6), message="32 份文件已纳入监测")
    msg = reparse(digest(fresh.events()))
    assert msg["Subject"] == "【policywatch】开始监测：nanjing 32 份文件已纳入监测"
    text = msg.get_body(("plain",)).get_content()
    assert "32 份文件已纳入监测" in text and "新文件" not in text


def test_titles_cannot_inject_headers(fake: FakeSource):
    evil = DocumentMetadata(title="通知\r\nBcc: victim@example.net\r\nX-Evil: 1", doc_number="宁〔2024〕1号")
    fake.event_list = [replace(fake.event_list[5], metadata=evil)]
    msg = digest(fake.events())
    raw = msg.as_bytes()
    head = raw.split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in head and b"\nX-Evil" not in head
    assert "Bcc: victim@example.net" in reparse(msg)["Subject"]


def test_a_backfill_of_thousands_of_changes_makes_a_mail_servers_accept_and_says_what_it_left_out(fake: FakeSource):
    """5,000 changes quoted whole made a 20 MB message, past the 10 MB most servers accept."""
    changed = next(e for e in fake.event_list if e.kind is EventKind.CHANGED and e.changeset is not None)
    many = [replace(changed, id=10_000 + n, document_id=10_000 + n,
                    metadata=replace(changed.metadata, title=f"{changed.metadata.title}（之{n}）")) for n in range(5000)]
    msg = reparse(digest(many))
    assert len(msg.as_bytes()) < 2_000_000
    assert msg["Subject"].startswith("【policywatch】5000 份政策有变化")
    text, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    left = 5000 - mail.DIGEST_EVENTS
    assert f"另有 {left} 项变化未在邮件中列出，请在网站查看：{BASE}" in text
    assert f"另有 {left} 项变化" in BeautifulSoup(html, "html.parser").get_text()
    assert text.count("（之") == mail.DIGEST_EVENTS, "the newest are quoted, one each"
    few = reparse(digest(many[:3])).get_body(("plain",)).get_content()
    assert "未在邮件中列出" not in few and few.count("（之") == 3


def test_english_digest(fake: FakeSource):
    msg = reparse(digest(fake.events(), lang="en"))
    assert msg["Subject"].startswith("[policywatch] 3 policies changed, 1 document missing: ")
    assert "View comparison" in msg.get_body(("plain",)).get_content()


def test_write_eml_round_trips(tmp_path: Path, fake: FakeSource):
    path = tmp_path / "out" / "digest.eml"
    write_eml(digest(fake.events()), path)
    back = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert back["Subject"].startswith("【policywatch】") and back.is_multipart()


# ----------------------------------------------------------------------------- real SMTP on loopback


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Recorder:
    def __init__(self, reply: str = "250 OK"):
        self.reply = reply
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        if self.reply.startswith("250"):
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return self.reply


class Refuser(Recorder):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"pw" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def settings(port: int, **kw) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, security="none", sender=SENDER, timeout=5, **kw)


def test_digest_arrives_over_smtp_with_login(smtp_server, fake: FakeSource, monkeypatch):
    handler, port = smtp_server
    monkeypatch.setenv("PW_TEST_SMTP_PASSWORD", "s3cret")
    send_email(digest(fake.events()), settings(port, username="pw", password_env="PW_TEST_SMTP_PASSWORD"))
    assert len(handler.messages) == 1
    mail_from, rcpts, content = handler.messages[0]
    assert mail_from == "policywatch@example.org"
    assert rcpts == ["analyst@example.org", "lawyer@example.com"]
    got = email.message_from_bytes(content, policy=email.policy.default)
    assert got["Subject"].startswith("【policywatch】3 份政策有变化，1 份文件无法访问")
    assert [p.get_content_type() for p in got.iter_parts()] == ["text/plain", "text/html"]
    assert f"{BASE}changes/6.html" in got.get_body(("plain",)).get_content()
    links = [a["href"] for a in BeautifulSoup(got.get_body(("html",)).get_content(), "html.parser").find_all("a")]
    assert f"{BASE}changes/7.html" in links


def test_wrong_password_is_a_delivery_error(smtp_server, fake: FakeSource, monkeypatch):
    handler, port = smtp_server
    monkeypatch.setenv("PW_TEST_SMTP_PASSWORD", "wrong")
    with pytest.raises(DeliveryError, match=r"535"):
        send_email(digest(fake.events()), settings(port, username="pw", password_env="PW_TEST_SMTP_PASSWORD"))
    assert handler.messages == []


def test_missing_password_env_is_named(fake: FakeSource, monkeypatch):
    monkeypatch.delenv("PW_TEST_SMTP_PASSWORD", raising=False)
    with pytest.raises(DeliveryError, match="PW_TEST_SMTP_PASSWORD"):
        send_email(digest(fake.events()), settings(1, username="pw", password_env="PW_TEST_SMTP_PASSWORD"))


def test_server_refusing_the_message_raises_with_its_reply(fake: FakeSource):
    port = free_port()
    controller = Controller(Recorder("550 5.7.1 Message rejected as spam"), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(DeliveryError, match=r"550 5\.7\.1 Message rejected as spam"):
            send_email(digest(fake.events()), settings(port))
    finally:
        controller.stop()


def test_server_refusing_recipients_raises_with_its_reply(fake: FakeSource):
    port = free_port()
    controller = Controller(Refuser(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(DeliveryError, match=r"refused every recipient: .*550 5\.1\.1"):
            send_email(digest(fake.events()), settings(port))
    finally:
        controller.stop()


def test_server_down_raises(fake: FakeSource):
    port = free_port()  # nothing listens there
    with pytest.raises(DeliveryError, match=rf"smtp://127\.0\.0\.1:{port}: cannot connect"):
        send_email(digest(fake.events()), settings(port))


def test_starttls_against_a_server_without_it_fails_clearly(smtp_server, fake: FakeSource):
    _, port = smtp_server
    with pytest.raises(DeliveryError, match=r"STARTTLS"):
        send_email(digest(fake.events()), replace(settings(port), security="starttls"))


# ----------------------------------------------------------------------------- TLS on loopback


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_digest_arrives_over_tls(certificate, security: str, fake: FakeSource, monkeypatch):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts only our test certificate
    monkeypatch.setenv("PW_TEST_SMTP_PASSWORD", "s3cret")
    handler, port = Recorder(), free_port()
    tls = {"tls_context": context, "require_starttls": True} if security == "starttls" else {
        "ssl_context": context, "auth_require_tls": False}  # aiosmtpd counts only STARTTLS as TLS for AUTH
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=authenticator, **tls)
    controller.start()
    try:
        send_email(digest(fake.events()), replace(settings(port, username="pw", password_env="PW_TEST_SMTP_PASSWORD"),
                                                  security=security))
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    assert email.message_from_bytes(handler.messages[0][2], policy=email.policy.default)["Subject"].startswith("【policywatch】")


def test_untrusted_certificate_is_refused(certificate, fake: FakeSource, monkeypatch):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent.pem")
    monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent")
    handler, port = Recorder(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
            send_email(digest(fake.events()), replace(settings(port), security="ssl"))
    finally:
        controller.stop()
    assert handler.messages == []


@pytest.mark.parametrize(("lang", "counts"), [
    ("zh", "【policywatch】1 份政策有变化，2 份文件无法访问，1 份文件恢复访问："),
    ("en", "[policywatch] 1 policy changed, 2 documents missing, 1 document back online: "),
])
def test_the_subject_counts_documents_gone_or_back_apart_from_changes(fake: FakeSource, lang: str,
                                                                      counts: str) -> None:
    """A digest of one change and documents gone or back was "4 份政策有变化": three of them changed
    nothing. Counted as a chat post's title counts them; the changed document leads the subject."""
    gone = next(e for e in fake.events() if e.kind is EventKind.MISSING)
    changed = next(e for e in fake.events() if e.kind is EventKind.CHANGED)
    more = [replace(gone, id=100, document_id=1), replace(gone, id=101, kind=EventKind.REAPPEARED, message="unchanged")]
    subject = reparse(digest([changed, gone, *more], lang=lang))["Subject"]
    assert subject.startswith(counts + "《"), subject
    only_gone = reparse(digest([gone]))["Subject"]
    assert only_gone.startswith("【policywatch】1 份文件无法访问：《"), only_gone
