"""Email digests: choosing a subscription's events, the multipart message, SMTP delivery, .eml files.

The outbox (which digest is due, marking it sent only after the server accepted it) lives in
the store and the pipeline; this module builds one message and sends it, raising DeliveryError
with the server's reply when that fails, so the caller can leave it queued.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import socket
import ssl
import threading
from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from pathlib import Path

from policywatch.config import SmtpSettings, Subscription
from policywatch.errors import DeliveryError
from policywatch.model import ChangeEvent, EventKind
from policywatch.reports.announce import fold_announced
from policywatch.reports.i18n import Translator
from policywatch.reports.labels import one_line
from policywatch.reports.render import make_environment
from policywatch.reports.views import APART, EventView, book_title, event_view, group_events, sort_events

logger = logging.getLogger(__name__)

_SOURCE_EVENTS = (EventKind.BASELINE, EventKind.HEALTH)  # about a whole source, not one document
SUBJECT_LIMIT = 120
# One SMTP session (greeting to QUIT, the message included) may take this many smtp.timeout.
SESSION_TIMEOUTS = 10
DETAIL_LINES = 6  # clause changes quoted per event; the rest are behind the "查看全部" link
# Events quoted in one digest; the rest are counted and left to the site. A backfill or a site
# renumbering its URLs can bring thousands (5,000 made a 20 MB message, past the 10 MB most
# servers accept: refused, it stayed queued for good and took its events with it).
DIGEST_EVENTS = 200
# a successor is a changed policy (its predecessor's), named before a brand-new document
_LEAD_ORDER = {"validity": 0, "changed": 1, "supersedes": 1, "draft_of": 2, "new_document": 2, "returned": 3,
               "reappeared": 3, "missing": 4}


def select_events(events: Sequence[ChangeEvent], subscription: Subscription) -> list[ChangeEvent]:
    """The events a subscription wants, newest first.

    A source's first run is reported by its one baseline event: new-document events of that
    source from the same run (detected up to the baseline) are folded into it. A successor's or
    final text's new-document event is folded into the relation event announcing it.
    """
    events = fold_announced(events)
    baselines: dict[str, datetime] = {}
    for event in events:
        if event.kind is EventKind.BASELINE:
            current = baselines.get(event.source)
            baselines[event.source] = max(current, event.detected_at) if current else event.detected_at
    chosen = []
    for event in events:
        baseline_at = baselines.get(event.source)
        if event.kind is EventKind.NEW_DOCUMENT and baseline_at is not None and event.detected_at <= baseline_at:
            continue
        if _wanted(event, subscription):
            chosen.append(event)
    return sort_events(chosen)


def _wanted(event: ChangeEvent, sub: Subscription) -> bool:
    if sub.sources and event.source not in sub.sources:
        return False
    if event.kind in _SOURCE_EVENTS:
        return True
    if sub.issuers and not any(issuer in event.metadata.issuer for issuer in sub.issuers):
        return False
    return not sub.keywords or any(word in _haystack(event) for word in sub.keywords)


def _haystack(event: ChangeEvent) -> str:
    m = event.metadata
    parts = [m.title, m.doc_number, m.issuer, event.message]
    if event.changeset is not None:
        for c in event.changeset.changes:
            parts += [c.old_text, c.new_text, c.heading]
        parts += [f"{mc.old} {mc.new}" for mc in event.changeset.metadata_changes]
    return "\n".join(parts)


def build_digest(
    events: Sequence[ChangeEvent],
    subscription: Subscription,
    *,
    base_url: str,
    lang: str = "zh",
    sender: str,
    title: str = "policywatch",
    templates_dir: Path | None = None,
    store_id: str = "",
) -> EmailMessage | None:
    """A multipart/alternative digest of the subscription's events, or None when none match.

    `store_id` (the store's StoreIdentity.uid) makes the Message-ID the store's own."""
    chosen = select_events(events, subscription)
    if not chosen:
        return None
    t = Translator(lang)
    views = [event_view(e, t) for e in chosen]
    documents = [v for v in views if v.kind not in (k.value for k in _SOURCE_EVENTS)]
    context = {
        "site_title": title,
        "subscription": subscription,
        "groups": group_events(documents[:DIGEST_EVENTS]),
        "more": max(len(documents) - DIGEST_EVENTS, 0),
        "baselines": [v for v in views if v.kind == EventKind.BASELINE.value],
        "health": [v for v in views if v.kind == EventKind.HEALTH.value],
        "site_url": base_url,
        "link": lambda view: _link(view, base_url),
        "book_title": book_title,
        "detail_lines": DETAIL_LINES,
        "reader_name": subscription.title,
    }
    env = make_environment(lang, templates_dir)
    subject = _subject(views, documents, t, title)
    date = format_datetime(max(e.detected_at for e in chosen))
    text = env.get_template("digest.txt").render(**context)
    html = env.get_template("digest.html").render(**context)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = _header(sender)
    msg["To"] = ", ".join(_header(r) for r in subscription.recipients)
    msg["Date"] = date
    msg["Message-ID"] = _message_id(sender, store_id, subscription.name, chosen, (subject, date, text, html))
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def _header(value: str) -> str:
    """A header value with CR/LF and other controls removed: titles cannot inject headers."""
    return one_line("".join(ch if ch.isprintable() else " " for ch in value), 998)


def _subject(views: list[EventView], documents: list[EventView], t: Translator, site: str) -> str:
    site = _header(site)
    if documents:
        # name a changed document first: that is what readers open the mail for
        lead = min(documents, key=lambda v: _LEAD_ORDER.get(v.kind, len(_LEAD_ORDER)))
        first = book_title(one_line(lead.title, 40))
        # documents, not events: two changes of one document are one policy that changed; a
        # document gone or back online is counted apart, as in a chat post's title (APART)
        counted: dict[str, set[tuple[str, object]]] = {}
        for v in documents:
            counted.setdefault(APART.get(v.kind, "mail.changed"), set()).add(
                (v.source, v.document_id if v.document_id is not None else v.id))
        if len({key for keys in counted.values() for key in keys}) > 1:
            first = t("mail.subject_more", first=first)
        what = t("count.sep").join(t(key, n=len(counted[key])) for key in ("mail.changed", *APART.values())
                                   if key in counted)
        subject = t("mail.subject_changes", site=site, what=what, first=first)
    elif any(v.kind == EventKind.BASELINE.value for v in views):
        what = "；".join(f"{v.source} {v.summary}" for v in views if v.kind == EventKind.BASELINE.value)
        subject = t("mail.subject_baseline", site=site, what=what)
    else:
        subject = t("mail.subject_health", site=site, what="、".join(dict.fromkeys(v.source for v in views)))
    return _header(one_line(subject, SUBJECT_LIMIT))


def _link(view: EventView, base_url: str) -> str:
    if base_url and view.page:
        return base_url.rstrip("/") + "/" + view.page
    return view.url


def _message_id(sender: str, store_id: str, subscription: str, events: list[ChangeEvent],
                content: Sequence[str]) -> str:
    """Made again, the same, from the same store, subscription, events and words: the outbox
    keeps a digest's events, not its message, and a digest re-sent after a crash must carry the
    Message-ID it had, so mail clients drop the copy. Mail clients also drop a message whose
    Message-ID they have seen: the store's random id keeps another installation's digest of
    events with the same row ids apart, and the content (subject, date, both bodies; recipients
    left out, as every batch of one digest is the same message) keeps apart a digest a restored
    older backup makes of other events under the row ids of the ones it lost."""
    ids = ",".join(str(e.id) for e in sorted(events, key=lambda e: e.id))
    digest = hashlib.sha256("\0".join((store_id, subscription, ids, *content)).encode()).hexdigest()[:32]
    domain = _idna_address(getaddresses([sender])[0][1]).rpartition("@")[2].strip("<>")
    # a Message-ID is ASCII (RFC 5322 3.6.4): a domain IDNA cannot write takes the reserved one
    return f"<digest-{digest}@{domain if domain and domain.isascii() else 'policywatch.invalid'}>"


def write_eml(msg: EmailMessage, path: Path) -> None:
    """Write a message as an .eml file (what `digest --dry-run` produces)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(msg.as_bytes())


def send_email(msg: EmailMessage, smtp: SmtpSettings,
               recipients: Sequence[str] | None = None) -> dict[str, tuple[int, bytes]]:
    """Deliver one message (to `recipients`, else to its To/Cc/Bcc addresses); DeliveryError (with
    the server's reply) unless the server accepted it. Returns the recipients the server refused
    while accepting it for the others: raising would make the outbox send it to those twice."""
    where = f"smtp://{smtp.host}:{smtp.port}"
    if not smtp.host:
        raise DeliveryError("smtp.host is empty: email delivery is not configured")
    if smtp.username and not smtp.password:
        raise DeliveryError(f"{where}: smtp.username is set but the environment variable {smtp.password_env} is empty")
    client = _client(smtp)
    deadline = _SessionDeadline(client, smtp.timeout * SESSION_TIMEOUTS)
    try:
        refused = _session(client, msg, smtp, where, deadline, recipients)
    finally:
        deadline.cancel()
    if refused:
        logger.warning("%s accepted the digest %s but refused %s", where, msg["Message-ID"], refusals(refused))
    return refused


def _session(client: smtplib.SMTP, msg: EmailMessage, smtp: SmtpSettings, where: str,
             deadline: _SessionDeadline, recipients: Sequence[str] | None) -> dict[str, tuple[int, bytes]]:
    """Greeting to QUIT on one connection; the recipients the server refused."""
    try:
        client.connect(smtp.host, smtp.port)
        client.ehlo()
    except (smtplib.SMTPException, OSError) as exc:
        client.close()
        raise DeliveryError(f"{where}: cannot connect: {deadline.reason(exc)}") from exc
    try:
        if smtp.security == "starttls":
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if smtp.username:
            client.login(smtp.username, smtp.password)
        named = parseaddr(str(msg["From"] or smtp.sender))[1]
        sender = _idna_address(named) if named else None  # None: smtplib reads the From header as before
        if recipients is None:
            return client.send_message(msg, from_addr=sender)
        envelope, unsendable = _envelope(recipients, utf8=client.has_extn("smtputf8"))
        if not envelope:
            raise smtplib.SMTPRecipientsRefused(unsendable)
        return {**unsendable, **client.send_message(msg, from_addr=sender, to_addrs=envelope)}
    except smtplib.SMTPRecipientsRefused as exc:
        # 5xx for every one ("no such user", "relaying denied"): the same message would be refused again
        permanent = all(code >= 500 for code, _ in exc.recipients.values())
        raise DeliveryError(f"{where} refused every recipient: {refusals(exc.recipients)}",
                            permanent=permanent) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {deadline.reason(exc)}") from exc
    finally:
        _close(client)


# RFC 6531 3.7.2 / RFC 5321 5xx: what a server without SMTPUTF8 would answer such an address
_NO_SMTPUTF8 = (553, b"5.6.7 the server does not take internationalized addresses (no SMTPUTF8)")


def _envelope(recipients: Sequence[str], *, utf8: bool) -> tuple[list[str], dict[str, tuple[int, bytes]]]:
    """The envelope addresses of `recipients` (each its bare address, a domain in Chinese in its
    IDNA form, which every server takes), and those a server without SMTPUTF8 (`utf8` False)
    cannot take, refused as the server would: smtplib refused the whole message for one of them."""
    envelope: list[str] = []
    unsendable: dict[str, tuple[int, bytes]] = {}
    for written in recipients:
        named = parseaddr(written)[1] or written
        address = _idna_address(named)
        if address.isascii() or utf8:
            envelope.append(address)
        else:
            unsendable[named] = _NO_SMTPUTF8  # named as the config writes it
    return envelope, unsendable


def _idna_address(address: str) -> str:
    """`address` with its domain in IDNA form (例子.中国 → xn--fsqu00a.xn--fiqs8s): a server
    without SMTPUTF8 takes it, and it can be written in an ASCII header."""
    local, at, domain = address.rpartition("@")
    if at and not domain.isascii():
        with suppress(UnicodeError):
            return f"{local}@{domain.encode('idna').decode('ascii')}"
    return address


def _client(smtp: SmtpSettings) -> smtplib.SMTP:
    """An unconnected client: the session deadline must hold it before the greeting is read."""
    client = (smtplib.SMTP_SSL(timeout=smtp.timeout, context=ssl.create_default_context()) if smtp.security == "ssl"
              else smtplib.SMTP(timeout=smtp.timeout))
    # what SMTP(host) would set: STARTTLS and SMTP_SSL check the certificate against this name
    client._host = smtp.host
    return client


class _SessionDeadline:
    """Cuts the client's connection when the whole session outlives `seconds`.

    smtp.timeout bounds each read; a server that keeps sending continuation lines ("220-…" once
    a second) or trickles a reply never trips it, and would hold the run (and its lock) forever.
    """

    def __init__(self, client: smtplib.SMTP, seconds: float) -> None:
        self.seconds, self.expired = seconds, False
        self._client = client
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self) -> None:
        self.expired = True
        sock = self._client.sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns; the caller closes

    def cancel(self) -> None:
        self._timer.cancel()

    def reason(self, exc: BaseException) -> str:
        if self.expired:
            return f"the server did not finish the session within {self.seconds:g} s (smtp.timeout x {SESSION_TIMEOUTS})"
        return _reason(exc)


def _close(client: smtplib.SMTP) -> None:
    # After the server accepted the message a failing QUIT must not turn into a resend.
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"server replied {exc.smtp_code} {reply}"
    return str(exc) or type(exc).__name__


def refusals(recipients: Mapping[str, tuple[int, bytes]], only: Collection[str] | None = None) -> str:
    """"addr: code reply; …" for the refused recipients (those in `only` when given)."""
    return "; ".join(f"{addr}: {code} {reply.decode('utf-8', 'replace')}" for addr, (code, reply)
                     in sorted(recipients.items()) if only is None or addr in only)
