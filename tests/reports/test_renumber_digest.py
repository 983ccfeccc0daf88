"""Renumbered runs, 失效 ≠ 废止, and digest entries that quote what changed."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from policywatch.config import Subscription
from policywatch.model import (
    ChangeEvent,
    ChangeKind,
    ChangeSet,
    Clause,
    ClauseChange,
    ClauseTree,
    DocumentMetadata,
    DocumentRecord,
    DocumentStatus,
    EventKind,
    InlineOp,
    MetadataChange,
)
from policywatch.reports import build_digest, build_feed
from policywatch.reports.comparison import diff_rows
from policywatch.reports.i18n import Translator
from policywatch.reports.renumber import ordinal, renumber_runs, split_renumbering
from policywatch.reports.views import book_title, change_lines, event_view, status_key

ZH, EN = Translator("zh"), Translator("en")
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
# the demo's 宜兴 change: one record whose moves span （三） and （四）
CROSSING = ClauseChange(ChangeKind.RENUMBERED, "四/（三）/8", "四/（三）/7", moves=(
    ("四/（三）/8", "四/（三）/7"), ("四/（四）/9", "四/（四）/8"), ("四/（四）/10", "四/（四）/9")))


@pytest.mark.parametrize("label,number", [("（十二）", 12), ("第三条", 3), ("4", 4), ("二十", 20),
                                          ("第一百零五条", 105), ("（三十一）", 31), ("附件", None)])
def test_ordinal_reads_chinese_and_arabic_numbers(label, number):
    assert ordinal(label) == number


def test_a_run_never_spans_two_parents():
    runs = renumber_runs(CROSSING.moves)
    assert [(r.old_parent, len(r.moves)) for r in runs] == [("四/（三）", 1), ("四/（四）", 2)]
    parts = split_renumbering(CROSSING)
    assert [p.moves for p in parts] == [CROSSING.moves[:1], CROSSING.moves[1:]]
    rows = diff_rows(ChangeSet(changes=(CROSSING,)), ZH)
    assert [(r.path, r.note) for r in rows] == [("四 › （三）", "8 → 7"), ("四 › （四）", "9—10 依次前移为 8—9")]


def test_consecutive_moves_collapse_into_a_range_with_clause_texts():
    moves = tuple((f"二/（{a}）", f"二/（{b}）") for a, b in zip("三四五六", "四五六七", strict=True))
    change = ClauseChange(ChangeKind.RENUMBERED, *moves[0], moves=moves)
    new_tree = ClauseTree(tuple(
        Clause(path=("二", f"（{n}）"), family="pcn", label=f"（{n}）", heading="",
               text=f"（{n}）推进第{n}项工作。全文在此。", key="") for n in "四五六七"))
    old_tree = ClauseTree(tuple(replace(c, path=("二", "（" + "三四五六"["四五六七".index(c.label[1])] + "）"))
                                for c in new_tree))
    [row] = [r for r in diff_rows(ChangeSet(changes=(change,)), ZH, old_tree=old_tree, new_tree=new_tree)
             if getattr(r, "kind", "") == "renumbered"]
    assert row.note == "（三）—（六） 依次顺延为 （四）—（七）"
    first = row.renumbered[0]
    assert (first.old_label, first.new_label, first.heading) == ("（三）", "（四）", "推进第四项工作。全文在此。")
    assert row.renumbered[-1].text == "（七）推进第七项工作。全文在此。"
    single = diff_rows(ChangeSet(changes=(replace(change, moves=moves[1:2], old_path=moves[1][0],
                                                   new_path=moves[1][1]),)), ZH, old_tree=old_tree, new_tree=new_tree)
    assert [r.note for r in single if getattr(r, "kind", "") == "renumbered"] == ["（四） 推进第五项工作。全文在此。 → （五）"]


def _record(validity: str) -> DocumentRecord:
    return DocumentRecord(id=1, source="s", url="http://x/", metadata=DocumentMetadata(title="t", validity=validity),
                          first_seen=NOW, last_seen=NOW, status=DocumentStatus.ACTIVE)


def test_expired_and_repealed_are_different_states():
    assert status_key(_record("失效")) == "status.expired"
    assert status_key(_record("已废止")) == "status.repealed"
    assert status_key(_record("现行有效")) == "status.active"
    assert (ZH("status.expired"), ZH("status.repealed")) == ("失效", "废止")


def _event(event_id: int, cs: ChangeSet, title: str = "关于印发《数据条例》的通知") -> ChangeEvent:
    return ChangeEvent(id=event_id, kind=EventKind.CHANGED, source="s", detected_at=NOW, document_id=event_id,
                       url=f"http://x/{event_id}.html", metadata=DocumentMetadata(title=title),
                       old_version=1, new_version=2, changeset=cs)


@pytest.mark.parametrize("new,label,tone", [("失效", "已失效", "expired"), ("废止", "已废止", "repealed"),
                                            ("有效期3年", "有效性变更", "")])
def test_a_validity_change_is_its_own_kind(new, label, tone):
    view = event_view(_event(1, ChangeSet(metadata_changes=(MetadataChange("validity", "现行有效", new),))), ZH)
    assert (view.kind, view.kind_label, view.tone) == ("validity", label, tone)


def test_change_lines_quote_added_deleted_and_changed_words():
    long = "推进人工智能技术在政务服务领域的应用，" * 10
    cs = ChangeSet(changes=(
        ClauseChange(ChangeKind.ADDED, new_path="二/3", new_text="3．打造数据要素流通高地。"),
        ClauseChange(ChangeKind.DELETED, old_path="四/7", old_text=long),
        ClauseChange(ChangeKind.MODIFIED, "二/1", "二/1", "x", "y", inline=(
            InlineOp("equal", "高标准打造5个人工智能产业园区，争创省级集群，培育"), InlineOp("delete", "100"),
            InlineOp("insert", "150"), InlineOp("equal", "家人工智能重点企业，省级以上专精特新企业若干。")))))
    added, deleted, modified = change_lines(cs, ZH)
    assert added.plain() == "{+3．打造数据要素流通高地。+}"
    assert deleted.cut and len(deleted.parts[0][1]) == 120 and deleted.parts[0][0] == "delete"
    assert modified.plain() == "…园区，争创省级集群，培育[-100-]{+150+}家人工智能重点企业，省级…"
    assert [line.path for line in change_lines(ChangeSet(changes=(CROSSING,)), ZH)] == ["四 › （三）", "四 › （四）"]


def test_nested_book_title_marks():
    assert book_title("市政府办公室关于印发《宜兴市行动计划》的通知") == "《市政府办公室关于印发〈宜兴市行动计划〉的通知》"
    assert book_title("《数据条例》") == "《数据条例》"


def test_digest_quotes_clauses_names_the_label_and_counts_documents():
    long = "全面加强人工智能与政务、城市治理、交通、安防等领域的融合应用水平。" * 6
    events = [
        _event(1, ChangeSet(changes=(ClauseChange(ChangeKind.ADDED, new_path="二/3", new_text="3．打造数据要素流通高地。"),
                                     ClauseChange(ChangeKind.DELETED, old_path="四/7", old_text=long)))),
        _event(2, ChangeSet(metadata_changes=(MetadataChange("validity", "现行有效", "失效"),)), title="武汉若干政策"),
    ]
    sub = Subscription("ai", ("a@example.org",), label="人工智能政策")
    msg = build_digest(events, sub, base_url="https://p.example.org/", sender="pw@example.org")
    msg = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert msg["Subject"].startswith("【policywatch】2 份政策有变化：《武汉若干政策》等")
    assert "人工智能政策" in text and "“ai”" not in text
    assert "{+3．打造数据要素流通高地。+}" in text and long[:60] in text
    assert "查看全部：https://p.example.org/changes/1.html" in text
    assert "《关于印发〈数据条例〉的通知》" in text
    assert "【已失效】" in text
    assert "<ins" in html and "3．打造数据要素流通高地。" in html and "<del" in html and "已失效" in html


def test_feed_entry_carries_the_clause_text_and_validity_category():
    events = [_event(1, ChangeSet(changes=(ClauseChange(ChangeKind.ADDED, new_path="二/3", new_text="新增条款正文。"),))),
              _event(2, ChangeSet(metadata_changes=(MetadataChange("validity", "现行有效", "废止"),)))]
    feed = build_feed(events, title="t", feed_path="feed.xml").decode()
    assert "{+新增条款正文。+}" in feed
    assert 'term="validity:repealed"' in feed and "[已废止]" in feed
