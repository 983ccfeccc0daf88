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
