"""Digest, feed and webhook lines of two real statute revisions (畜牧法 2015 → 2022, 立法法 2015 →
2023): a chapter renamed with its articles, articles renumbered while edited and 款 moved to
another article are named at their old and their new place, and their words read as written."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policywatch.config import Subscription
from policywatch.diffing import diff_texts
from policywatch.model import ChangeEvent, ChangeSet, DocumentMetadata, EventKind
from policywatch.reports import build_digest, build_feed
from policywatch.reports.i18n import Translator
from policywatch.reports.views import change_lines

STATUTES = Path(__file__).resolve().parents[1] / "data" / "statutes"


@pytest.fixture(scope="module")
def livestock() -> ChangeSet:
    return _diff("livestock")


def _diff(name: str) -> ChangeSet:
    return diff_texts((STATUTES / f"{name}.old.txt").read_text(encoding="utf-8"),
                      (STATUTES / f"{name}.new.txt").read_text(encoding="utf-8"))


def _event(cs: ChangeSet) -> ChangeEvent:
    return ChangeEvent(id=1, kind=EventKind.CHANGED, source="npc", detected_at=datetime(2026, 3, 1, tzinfo=UTC),
                       document_id=1, url="http://x/1.html", metadata=DocumentMetadata(title="中华人民共和国畜牧法"),
                       old_version=1, new_version=2, changeset=cs)


def _lines(cs: ChangeSet) -> dict[str, str]:
    return {line.path: line.plain() for line in change_lines(cs, Translator("zh"))}


def test_a_renamed_chapter_keeps_the_space_after_its_number(livestock: ChangeSet) -> None:
    (chapter,) = [text for path, text in _lines(livestock).items() if path.endswith("第八章")]
    assert chapter == "第八章 [-质量安全保障-]{+保障与监督+}"
    msg = build_digest([_event(livestock)], Subscription("law", ("a@example.org",)),
                       base_url="https://p.example.org/", sender="pw@example.org")
    text = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
    assert "第八章 [-质量安全保障-]{+保障与监督+}" in text
    assert "第八章 [-质量安全保障-]{+保障与监督+}" in build_feed([_event(livestock)], title="t", feed_path="feed.xml").decode()


def test_renumbered_and_moved_clauses_are_named_where_they_were_and_where_they_are(livestock: ChangeSet) -> None:
    lines = _lines(livestock)
    assert lines["第六章 → 第八章"] == "第八章 [-质量安全保障-]{+保障与监督+}"
    assert "[-畜牧兽医行政-]{+农业农村+}" in lines["第六章 › 第五十四条 → 第八章 › 第七十一条"]
    assert "第八章 › 第七十条" in lines  # added: one place only
    moved = _lines(_diff("legislation"))
    # 立法法 第七十二条's 款 made a new 第八十一条, edited on the way
    assert "[-环境保护-]{+生态文明建设+}" in moved["第四章 › 第一节 › 第七十二条第二款 → 第四章 › 第一节 › 第八十一条"]
    msg = build_digest([_event(livestock)], Subscription("law", ("a@example.org",)),
                       base_url="https://p.example.org/", sender="pw@example.org")
    text = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
    assert "修改 第六章 → 第八章：第八章 [-质量安全保障-]{+保障与监督+}" in text
    feed = build_feed([_event(livestock)], title="t", feed_path="feed.xml").decode()
    assert "修改 第六章 → 第八章：" in feed
