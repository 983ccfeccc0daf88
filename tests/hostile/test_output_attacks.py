"""Attacks on the outputs (site, feeds, digests, webhooks) with what an outside tester sends.

The texts are real: Nanjing's AI landmark action plan (seed 003, 宁政办发〔2019〕37号) and the
demo site's documents; the hostile parts (huge titles, bidi overrides, zero-width characters,
`</script>`, tens of thousands of changes, repeated event ids) are added to them.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from policywatch.cli import cli
from policywatch.config import Subscription, Webhook
from policywatch.demo import LoopbackSite, RecordedRequest, Response
from policywatch.errors import DeliveryError
from policywatch.model import ChangeEvent, DocumentMetadata, EventKind
from policywatch.reports import build_digest, build_feed, build_site, pages, post_webhook, webhook_request
from tests.conftest import SmtpCollector, start_smtp
from tests.govsite import seed_lines
from tests.reports.conftest import soup_of
from tests.reports.fakes import FakeSource, at
from tests.test_delivery_faults import _deliver_until_quiet, _first_run

ATOM = "{http://www.w3.org/2005/Atom}"
LINES = seed_lines("003_388d20438c39147f.txt", 4, 12)
HOOK = Webhook(name="h", url="http://127.0.0.1:9/hook", allow_private=True)


def plan(articles: int, *, extra: str = "", title: str = "南京市打造人工智能产业地标行动计划") -> FakeSource:
    """The plan as `articles` numbered clauses (real lines), re-published with every clause changed."""
    old = "\n".join(f"{n}. {LINES[n % len(LINES)]}" for n in range(1, articles + 1))
    new = "\n".join(f"{n}. {LINES[n % len(LINES)]}（修订）{extra}" for n in range(1, articles + 1))
    source = FakeSource()
    source.add_document(1, "nanjing", "http://www.nanjing.gov.cn/zdgk/201907/t20190701_1.html",
                        DocumentMetadata(title=title, doc_number="宁政办发〔2019〕37号"), [old, new],
                        seen=[at("2024-03-01"), at("2024-03-02")])
    source.change(1, at("2024-03-02"))
    return source


def run_of(events: list[ChangeEvent]) -> dict[str, object]:
    return {"schema_version": 1, "sources": ["nanjing"], "failed_sources": [], "errors": [], "warnings": [],
            "events": [e.to_dict() for e in events]}


def test_a_change_of_thousands_of_clauses_makes_a_bounded_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_INLINE_CLAUSES", 40)
    build_site(plan(300), tmp_path / "site")
    soup = soup_of(tmp_path / "site" / "changes" / "1.html")
    assert len(soup.select("section.row")) == 40
    more = soup.select_one("p.more-text")
    assert more is not None and "260" in more.get_text(), "the rows left out are counted"
    assert len((tmp_path / "site" / "changes" / "1.html").read_bytes()) < 150_000


def test_a_change_page_under_the_bound_has_no_note(tmp_path: Path) -> None:
    build_site(plan(30), tmp_path / "site")
    soup = soup_of(tmp_path / "site" / "changes" / "1.html")
    assert soup.select_one("p.more-text") is None and len(soup.select("section.row")) == 30


def test_script_end_tags_in_clause_text_and_title_stay_text(tmp_path: Path) -> None:
    source = plan(5, extra="</script><script>alert(1)</script>", title="行动计划</script><script>alert(2)</script>")
    build_site(source, tmp_path / "site")
    for page in ("changes/1.html", "documents/1.html", "documents/1/v2.html", "index.html", "sources/nanjing.html"):
        soup = soup_of(tmp_path / "site" / page)
        scripts = [s for s in soup.find_all("script") if not s.get("src", "").startswith(("static/", "../static/"))]
        assert scripts == [], page
    body = webhook_request(run_of(source.event_list), HOOK, base_url="")[0]
    assert json.loads(body)["events"][0]["metadata"]["title"].endswith("alert(2)</script>")


def test_a_huge_title_is_cut_in_every_output(tmp_path: Path) -> None:
    title = "南京市打造人工智能产业地标行动计划" * 20_000  # 340,000 characters
    source = plan(3, title=title)
    build_site(source, tmp_path / "site")
    page = (tmp_path / "site" / "changes" / "1.html").read_text(encoding="utf-8")
    assert len(page) < 60_000
    body = webhook_request(run_of(source.event_list), HOOK, base_url="")[0]
    assert len(body) < 8_000 and json.loads(body)["events"][0]["metadata"]["title"].endswith("…")
    digest = build_digest(source.event_list, Subscription(name="a", recipients=("a@example.org",)), base_url="",
                          sender="pw@example.org")
    assert digest is not None and len(str(digest["Subject"])) < 200 and len(digest.as_bytes()) < 100_000


def test_bidi_and_zero_width_characters_never_reach_a_mail_header() -> None:
    source = plan(3, title="南京市\u202e打造人工智能\u200b产业地标\u2066行动计划\r\nBcc: x@example.org")
    digest = build_digest(source.event_list, Subscription(name="a", recipients=("a@example.org",)), base_url="",
                          sender="pw@example.org")
    assert digest is not None
    subject = str(digest["Subject"])
    assert not {"\u202e", "\u2066", "\r", "\n"} & set(subject) and digest["Bcc"] is None


def test_an_event_listed_twice_is_told_once_in_feed_digest_and_webhooks() -> None:
    source = plan(3)
    (event,) = source.event_list
    twice = [event, event]
    feed = etree.fromstring(build_feed(twice, title="t", feed_path="feed.xml", base_url="https://x.example/"))
    assert len(feed.findall(f"{ATOM}entry")) == 1
    for fmt in ("json", "wecom", "dingtalk", "feishu"):
        body = webhook_request(run_of(twice), Webhook(name="h", url="http://x/", format=fmt), base_url="")[0]
        text = body.decode("utf-8")
        assert text.count("南京市打造人工智能产业地标行动计划") == 1, fmt
    digest = build_digest(twice, Subscription(name="a", recipients=("a@example.org",)), base_url="",
                          sender="pw@example.org")
    assert digest is not None
    plain = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert plain.count("南京市打造人工智能产业地标行动计划") == 1


def test_a_digest_of_no_events_is_no_message() -> None:
    assert build_digest([], Subscription(name="a", recipients=("a@example.org",)), base_url="",
                        sender="pw@example.org") is None


def test_a_run_of_ten_thousand_events_posts_within_the_bound() -> None:
    source = plan(3)
    (change,) = source.event_list
    events = [change] + [ChangeEvent(id=n, kind=EventKind.NEW_DOCUMENT, source="nanjing", detected_at=at("2024-03-02"),
                                     document_id=n, url=f"http://www.nanjing.gov.cn/zdgk/t{n}.html",
                                     metadata=DocumentMetadata(title=f"{LINES[n % len(LINES)][:30]}（{n}）"))
                         for n in range(2, 10_002)]
    body = webhook_request(run_of(events), HOOK, base_url="https://pw.example.org/")[0]
    sent = json.loads(body)
    assert len(body) <= 64 * 1024
    assert len(sent["events"]) + sent["events_omitted"] == 10_001 and sent["events"][0]["id"] == change.id
    assert sent["events"][1]["link"] == "https://pw.example.org/documents/2.html"


def test_a_run_that_left_thousands_of_documents_unread_posts_within_the_bound() -> None:
    """A host resting all run after its wait budget leaves every document of it unread: the post
    names the first of them and counts the rest."""
    unread = [{"url": f"http://www.nanjing.gov.cn/zdgk/t{n}.html", "outcome": "throttled", "stored": True,
               "detail": "not requested: the host asked (Retry-After) to be left alone for longer than "
                         "fetch.max_backoff, or for more than fetch.host_wait_budget in all this run"}
              for n in range(5000)]
    body = webhook_request({**run_of([]), "unread": unread}, HOOK, base_url="")[0]
    sent = json.loads(body)
    assert len(body) <= 64 * 1024
    assert sent["unread"] == unread[:50] and sent["unread_omitted"] == 4950


def test_a_run_of_thousands_of_long_warnings_and_errors_still_posts_its_events_within_the_bound() -> None:
    """A broken site can give every document a warning: 3,000 warnings and 2,000 errors of 900
    characters each were posted whole-listed (150 KB a list even at 50 items): the body passed the
    bound and the events had no room. Each list now names its first items and counts the rest."""
    source = plan(3)
    (change,) = source.event_list
    long = "页面" * 450
    run = {**run_of([change]), "warnings": [f"{n}: {long}" for n in range(3000)],
           "errors": [f"{n}: {long}" for n in range(2000)]}
    body = webhook_request(run, HOOK, base_url="")[0]
    sent = json.loads(body)
    assert len(body) <= 64 * 1024
    assert sent["warnings"][0].startswith("0: 页面") and sent["errors"][0].startswith("0: 页面")
    assert len(sent["warnings"]) + sent["warnings_omitted"] == 3000
    assert len(sent["errors"]) + sent["errors_omitted"] == 2000
    assert [e["id"] for e in sent["events"]] == [change.id] and sent["events_omitted"] == 0


def test_a_run_without_events_posts_the_run_fields() -> None:
    sent = json.loads(webhook_request(run_of([]), HOOK, base_url="")[0])
    assert sent["events"] == [] and sent["events_omitted"] == 0 and sent["sources"] == ["nanjing"]


def test_a_feed_of_ten_thousand_events_keeps_the_newest_hundred() -> None:
    events = [ChangeEvent(id=n, kind=EventKind.NEW_DOCUMENT, source="nanjing", detected_at=at("2024-03-02", n % 24),
                          document_id=n, url=f"http://www.nanjing.gov.cn/zdgk/t{n}.html",
                          metadata=DocumentMetadata(title=f"{LINES[n % len(LINES)][:30]}"))
              for n in range(1, 10_001)]
    feed = etree.fromstring(build_feed(events, title="t", feed_path="feeds/nanjing.xml", base_url="https://x.example/"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 100
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 100


@pytest.mark.parametrize("location", ["file:///etc/passwd", "http://203.0.113.7/hook", "http://169.254.169.254/latest/"])
def test_a_webhook_redirect_is_reported_never_followed(location: str) -> None:
    moved = Response(307, b"", {"Location": location})
    with LoopbackSite(routes={"/hook": moved}) as site:
        with pytest.raises(DeliveryError, match="HTTP 307"):
            post_webhook(site.url("/hook"), b"{}", {}, timeout=5)
        assert [r.route for r in site.requests] == ["/hook"], "one request, to the configured URL only"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/hook", "http://169.254.169.254/latest/"])
def test_a_webhook_url_that_is_not_a_public_http_address_is_refused(url: str) -> None:
    with pytest.raises(DeliveryError):
        post_webhook(url, b"{}", {}, timeout=2, allow_private=False)


class AcceptThenDrop(SmtpCollector):
    """Accepts the message (250), then drops the connection at the client's QUIT, unanswered."""

    quits = 0

    async def handle_QUIT(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.quits += 1
        server.transport.abort()
        await asyncio.sleep(0.1)
        return "221 too late"


def test_an_smtp_server_that_accepts_then_drops_gets_the_digest_once(tmp_path: Path, demo_site: LoopbackSite) -> None:
    box = AcceptThenDrop()
    controller = start_smtp(box)
    try:
        store, settings = _first_run(tmp_path, demo_site, controller.port)  # sends the baseline digest
        with store:
            counts = _deliver_until_quiet(store, settings)
            (item,) = store.outbox_items()
    finally:
        controller.stop()
    assert len(box.raw) == 1 and box.quits == 1 and item.state == "sent"
    assert sum(c["sent"] + c["failed"] for c in counts) == 0, "accepted is delivered: never sent again"


SECRET = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"  # the shape of a 企业微信 robot key


def echo_error(request: RecordedRequest) -> Response:
    """A receiver failing with the request line in its answer, as many error pages do."""
    return Response(500, f"error handling {request.path}".encode())  # path with its query


@pytest.mark.parametrize("answer", ["echo", "refused"])
def test_a_webhook_error_never_shows_the_robots_key(answer: str) -> None:
    with LoopbackSite(routes={"/cgi-bin/webhook/send": echo_error}) as site:
        url = site.url("/cgi-bin/webhook/send") if answer == "echo" else "http://127.0.0.1:9/cgi-bin/webhook/send"
        url += f"?key={SECRET}"
        with pytest.raises(DeliveryError) as caught:
            post_webhook(url, b"{}", {}, timeout=5)
    message = str(caught.value)
    assert SECRET not in message and "/cgi-bin/webhook/send?…" in message
    assert ("HTTP 500" if answer == "echo" else "cannot deliver") in message


def test_bidi_and_zero_width_characters_in_headings_reach_no_diff_output(tmp_path: Path) -> None:
    """`diff` of two local files whose article headings carry an override and zero-width spaces."""
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    lines = [f"第{n}条\u202e {line}\u200b" for n, line in enumerate(LINES[:4], 1)]
    old.write_text("\n".join(lines), encoding="utf-8")
    new.write_text("\n".join(lines).replace("\u200b", "（修订）\u2066", 1), encoding="utf-8")
    for fmt in ("html", "json", "text"):
        result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", fmt])
        assert result.exit_code == 1, result.output
        assert not {"\u202e", "\u200b", "\u2066"} & set(result.stdout), fmt
        assert "（修订）" in result.stdout
