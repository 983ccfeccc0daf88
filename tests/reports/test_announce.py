"""A successor (or a final text) is announced once, by its relation; a new document's entry says
what the document says."""

from __future__ import annotations

import email
import email.policy
import json
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup

from policywatch.config import Subscription, Webhook
from policywatch.model import (
    ChangeEvent,
    ChangeKind,
    ChangeSet,
    ClauseChange,
    DocumentMetadata,
    EventKind,
    RunSummary,
)
from policywatch.reports import build_digest, webhook_request
from policywatch.reports.announce import fold_announced, opening
from policywatch.reports.feed import build_feed
from tests.reports.fakes import at, seed

BASE = "https://policy.example.org/"
OLD, NEW, DRAFT, FINAL, OTHER = 7, 12, 20, 21, 30
NEW_TITLE = "示范市促进人工智能产业发展若干政策（2024年修订）"
OPENING = "为加快建设人工智能创新应用先导区，推动数据要素市场化配置，制定本办法。"


def meta(title: str) -> DocumentMetadata:
    return DocumentMetadata(title=title, issuer="示范市人民政府")


def events() -> list[ChangeEvent]:
    when = at("2024-03-06", 6)
    change = ClauseChange(kind=ChangeKind.MODIFIED, old_path="三", new_path="三", old_text="最高资助1000万元",
                          new_text="最高资助500万元")
    return [
        ChangeEvent(1, EventKind.NEW_DOCUMENT, "gov", when, NEW, "https://gov.test/new.html", meta(NEW_TITLE),
                    new_version=1, message="successor opening that must not be shown twice"),
        ChangeEvent(2, EventKind.SUPERSEDES, "gov", when, NEW, "https://gov.test/new.html", meta(NEW_TITLE),
                    changeset=ChangeSet(changes=(change,), old_label="《A》", new_label="《B》"),
                    message="《示范市促进人工智能产业发展若干政策（2024年修订）》 取代 《示范市促进人工智能产业发展若干政策》：修改 1 处",
                    other={"id": OLD, "url": "https://gov.test/old.html", "title": "示范市促进人工智能产业发展若干政策"},
                    evidence="《示范市促进人工智能产业发展若干政策》同时废止。"),
        ChangeEvent(3, EventKind.NEW_DOCUMENT, "gov", when, FINAL, "https://gov.test/final.html",
                    meta("示范市数据条例"), new_version=1, message="final opening"),
        ChangeEvent(4, EventKind.DRAFT_OF, "gov", when, DRAFT, "https://gov.test/draft.html",
                    meta("示范市数据条例（征求意见稿）"), message="《示范市数据条例（征求意见稿）》 是其征求意见稿： 《示范市数据条例》",
                    other={"id": FINAL, "url": "https://gov.test/final.html", "title": "示范市数据条例"}),
        ChangeEvent(5, EventKind.NEW_DOCUMENT, "gov", when, OTHER, "https://gov.test/other.html",
                    meta("示范市算力券管理办法"), new_version=1, message=OPENING),
    ]


def test_fold_keeps_everything_but_the_announced_new_documents():
    kept = fold_announced(events())
    assert [e.id for e in kept] == [2, 4, 5]
    # an unresolved successor (no id yet) or a lone new document folds nothing
    assert [e.id for e in fold_announced([events()[0], events()[4]])] == [1, 5]


def test_digest_announces_the_successor_once_and_quotes_a_new_document():
    msg = build_digest(events(), Subscription("全部", ("a@example.org",)), base_url=BASE, sender="pw <pw@example.org>")
    msg = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    text = msg.get_body(("plain",)).get_content()
    assert text.count(" 取代 《") == 1 and "successor opening" not in text and "final opening" not in text
    assert f"{BASE}changes/2.html" in text  # the successor's entry opens its 新旧对照 page
    assert text.count("【新文件】") == 1 and OPENING in text  # the lone new document says what it says
    html = BeautifulSoup(msg.get_body(("html",)).get_content(), "html.parser").get_text()
    assert html.count(" 取代 《") == 1 and "successor opening" not in html and OPENING in html
    assert html.count("新文件") == 1
    # the successor, the draft, the lone new document; the successor is named first
    assert msg["Subject"].startswith("【policywatch】3 份政策有变化：《示范市促进人工智能产业发展若干政策（2024年修订）")


def test_feed_has_one_entry_per_announcement():
    feed = ET.fromstring(build_feed(events(), title="t", feed_path="feed.xml", base_url=BASE))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [e.findtext("a:id", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert sorted(ids) == ["urn:policywatch:event:2", "urn:policywatch:event:4", "urn:policywatch:event:5"]
    summaries = " ".join(e.findtext("a:summary", namespaces=ns) for e in feed.findall("a:entry", ns))
    assert OPENING in summaries and "取代" in summaries


def test_robots_announce_once_while_json_keeps_every_event():
    run = RunSummary(at("2024-03-06", 5), at("2024-03-06", 7), sources=("gov",), new_documents=3,
                     events=tuple(events())).to_dict()
    body, _ = webhook_request(run, Webhook("team", "http://127.0.0.1/hook", format="wecom"), base_url=BASE)
    markdown = json.loads(body)["markdown"]["content"]
    assert markdown.count("新文件") == 1 and "successor opening" not in markdown and "取代" in markdown
    assert OPENING[:40] in markdown.replace("\\", "")
    raw, _ = webhook_request(run, Webhook("team", "http://127.0.0.1/hook", format="json"), base_url=BASE)
    assert [e["id"] for e in json.loads(raw)["events"]] == [1, 2, 3, 4, 5]


def test_opening_skips_the_heading_and_cuts_at_120_characters():
    text = seed("003")
    said = opening(text, DocumentMetadata(title="南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知",
                                          doc_number="宁政办发〔2019〕37号", issuer="南京市人民政府办公厅"))
    assert said.startswith("经市政府同意,现将《南京市打造人工智能产业地标行动计划》印发给你们")
    assert "宁政办发" not in said and "2019年6月29日" not in said and "此件公开发布" not in said
    assert len(said) == 120 and said.endswith("…")
    assert opening("短文。", DocumentMetadata()) == "短文。"
    assert opening("", DocumentMetadata(title="x")) == ""
