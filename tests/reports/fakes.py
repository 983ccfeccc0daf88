"""An in-memory ReportSource filled from the seed documents, for the reports tests.

It carries its own tiny segmenter and path-based comparer: reports must not import diffing,
and these tests need realistic trees and change sets, not the real alignment algorithm.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

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
    FactChange,
    InlineOp,
    MetadataChange,
    SourceHealth,
    StoredVersion,
)

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
CN = "一二三四五六七八九十"
MARKERS = (
    ("cn", re.compile(rf"^([{CN}]+)、"), "{}"),
    ("pcn", re.compile(rf"^[(（]([{CN}]+)[)）]"), "（{}）"),
    ("ar", re.compile(r"^(\d+)[.．、](?!\d)"), "{}"),
    ("par", re.compile(r"^[(（](\d+)[)）]"), "（{}）"),
)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def segment(text: str, title: str = "") -> ClauseTree:
    """Split 一、/（一）/1./（1） clauses; the lines before the first marker form the head."""
    clauses: list[dict] = []
    stack: list[tuple[int, str]] = []
    current = {"path": ("head",), "family": "head", "label": "head", "lines": []}
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip()
        if not line:
            continue
        for level, (family, pattern, fmt) in enumerate(MARKERS):
            m = pattern.match(line)
            if m:
                clauses.append(current)
                stack = [s for s in stack if s[0] < level] + [(level, fmt.format(m.group(1)))]
                path = tuple(label for _, label in stack)
                current = {"path": path, "family": family, "label": path[-1], "lines": [line]}
                break
        else:
            current["lines"].append(line)
    clauses.append(current)
    out = []
    for c in clauses:
        body = "\n".join(c["lines"])
        if c["family"] == "head" and not body:
            continue
        out.append(Clause(path=c["path"], family=c["family"], label=c["label"], heading="", text=body,
                          key=re.sub(r"\s+", "", body)))
    return ClauseTree(tuple(out), title=title)


def inline_ops(old: str, new: str) -> tuple[InlineOp, ...]:
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(InlineOp("equal", old[i1:i2]))
        else:
            if i2 > i1:
                ops.append(InlineOp("delete", old[i1:i2]))
            if j2 > j1:
                ops.append(InlineOp("insert", new[j1:j2]))
    return tuple(ops)


def compare(old: ClauseTree, new: ClauseTree, *, facts: dict[str, tuple[FactChange, ...]] | None = None,
            old_label: str = "", new_label: str = "",
            metadata_changes: tuple[MetadataChange, ...] = ()) -> ChangeSet:
    facts = facts or {}
    old_by, new_by = old.by_path(), new.by_path()
    changes = []
    for clause in new:
        path = clause.path_str
        before = old_by.get(clause.path)
        if before is None:
            changes.append(ClauseChange(ChangeKind.ADDED, new_path=path, new_text=clause.text))
        elif before.text != clause.text:
            changes.append(ClauseChange(ChangeKind.MODIFIED, old_path=path, new_path=path, old_text=before.text,
                                        new_text=clause.text, inline=inline_ops(before.text, clause.text),
                                        facts=facts.get(path, ())))
    for clause in old:
        if clause.path not in new_by:
            changes.append(ClauseChange(ChangeKind.DELETED, old_path=clause.path_str, old_text=clause.text))
    return ChangeSet(tuple(changes), metadata_changes, old_label, new_label)


def at(day: str, hour: int = 6) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass
class FakeSource:
    """Implements policywatch.reports.source.ReportSource over plain lists."""

    records: list[DocumentRecord] = field(default_factory=list)
    texts: dict[int, list[StoredVersion]] = field(default_factory=dict)
    event_list: list[ChangeEvent] = field(default_factory=list)
    health: list[SourceHealth] = field(default_factory=list)
    tree_calls: int = 0

    def documents(self) -> Sequence[DocumentRecord]:
        return list(self.records)

    def document(self, document_id: int) -> DocumentRecord | None:
        return next((r for r in self.records if r.id == document_id), None)

    def versions(self, document_id: int) -> Sequence[StoredVersion]:
        return list(self.texts.get(document_id, []))

    def clause_tree(self, document_id: int, version: int) -> ClauseTree:
        self.tree_calls += 1
        v = next(v for v in self.texts[document_id] if v.number == version)
        return segment(v.display_text, v.metadata.title)

    def events(self, *, since: datetime | None = None, source: str | None = None) -> Sequence[ChangeEvent]:
        chosen = [e for e in self.event_list
                  if (since is None or e.detected_at > since) and (source is None or e.source == source)]
        return sorted(chosen, key=lambda e: (e.detected_at, e.id), reverse=True)

    def source_health(self) -> Sequence[SourceHealth]:
        return list(self.health)

    # -- building ---------------------------------------------------------------

    def add_document(self, doc_id: int, source: str, url: str, meta: DocumentMetadata, texts: list[str],
                     *, seen: list[datetime], status: DocumentStatus = DocumentStatus.ACTIVE,
                     parent_id: int | None = None, metas: list[DocumentMetadata] | None = None) -> None:
        versions = [
            StoredVersion(doc_id, n + 1, f"hash{doc_id}-{n + 1}", text, (metas or [meta] * len(texts))[n],
                          seen[n], seen[n + 1] if n + 1 < len(seen) else seen[n], url=url)
            for n, text in enumerate(texts)
        ]
        self.texts[doc_id] = versions
        self.records.append(DocumentRecord(doc_id, source, url, meta, status, seen[0], seen[-1],
                                           version_count=len(versions), parent_id=parent_id))

    def event(self, kind: EventKind, source: str, when: datetime, doc_id: int | None = None, **kw) -> ChangeEvent:
        record = self.document(doc_id) if doc_id is not None else None
        event = ChangeEvent(id=len(self.event_list) + 1, kind=kind, source=source, detected_at=when,
                            document_id=doc_id, url=record.url if record else "",
                            metadata=record.metadata if record else DocumentMetadata(), **kw)
        self.event_list.append(event)
        return event

    def change(self, doc_id: int, when: datetime, facts: dict[str, tuple[FactChange, ...]] | None = None,
               old: int = 1, new: int = 2) -> ChangeEvent:
        record = self.document(doc_id)
        assert record is not None
        v_old, v_new = self.texts[doc_id][old - 1], self.texts[doc_id][new - 1]
        meta_changes = tuple(MetadataChange(k, v_old.metadata.tracked()[k], v) for k, v in
                             v_new.metadata.tracked().items() if v_old.metadata.tracked()[k] != v)
        cs = compare(segment(v_old.display_text), segment(v_new.display_text), facts=facts,
                     old_label=f"v{old}", new_label=f"v{new}", metadata_changes=meta_changes)
        return self.event(EventKind.CHANGED, record.source, when, doc_id, old_version=old, new_version=new,
                          changeset=cs)


NANJING = "nanjing"
YIXING = "yixing"
JIANGSU = "江苏省工信厅"
DOC_NUMBER = "宁政办发〔2019〕37号"
MARKUP_TITLE = "关于<script>alert('title')</script>规范<b>数据</b>标注的通知"


def nanjing_v2(text: str) -> str:
    """The 2019 plan as re-published: a figure and a target changed, one clause gone, one added."""
    text = text.replace("对新引进年薪收入超过50万元", "对新引进年薪收入超过80万元")
    text = text.replace("到2025年,人工智能在经济社会", "到2027年,人工智能在经济社会")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("13.开展人工智能军民融合示范"))
    added = "(五)强化考核评估。将人工智能产业地标建设纳入年度考核,每年评估各区推进情况。\n"
    return text.replace("扫描二维码", added + "扫描二维码", 1)


MARKUP_V1 = """关于规范数据标注的通知
一、总体要求
各单位应当规范数据标注行为。示例代码 <script>alert("pwned")</script> 不得出现在标注平台。
二、支持措施
对符合条件的企业给予最高资助1000万元,标签 <img src=x onerror=alert(1)> 按原样显示。
三、附则
本通知自发布之日起施行。
"""
MARKUP_V2 = MARKUP_V1.replace("最高资助1000万元", "最高资助500万元").replace(
    "本通知自发布之日起施行。", "本通知自2024年5月1日起施行,有效期3年。<b>加粗</b>")


def make_source() -> FakeSource:
    """Three sources, five documents, every event kind; document 1 is the 2019 Nanjing plan."""
    fs = FakeSource()
    nj = seed("003")
    nj_meta = DocumentMetadata(title="南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知",
                               doc_number=DOC_NUMBER, issuer="南京市人民政府办公厅", written_date="2019-06-29",
                               published_date="2019-07-02", validity="现行有效")
    fs.add_document(1, NANJING, "http://www.nanjing.gov.cn/zdgk/201907/t20190702_1583923.html", nj_meta,
                    [nj, nanjing_v2(nj)], seen=[at("2024-01-02"), at("2024-03-05")])
    fs.add_document(2, NANJING, "http://www.nanjing.gov.cn/zdgk/202210/t20221010_3721001.html",
                    DocumentMetadata(title="南京市建设国家人工智能创新应用先导区实施方案", issuer="南京市人民政府",
                                     published_date="2022-10-10"),
                    [seed("002")], seen=[at("2024-02-20")])
    fs.add_document(3, YIXING, "http://www.yixing.gov.cn/doc/2023/07/05/1170001.shtml",
                    DocumentMetadata(title="市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
                                     doc_number="宜政办发〔2023〕22号", issuer="宜兴市人民政府办公室",
                                     written_date="2023-07-03", published_date="2023-07-05", validity="废止"),
                    [seed("004")], seen=[at("2024-01-01")])
    fs.add_document(4, JIANGSU, "http://gxt.jiangsu.gov.cn/art/2018/5/15/art_6278_7650391.html",
                    DocumentMetadata(title="关于印发江苏省新一代人工智能产业发展实施意见的通知",
                                     doc_number="苏经信科技〔2018〕329号", issuer="江苏省经济和信息化委员会",
                                     written_date="2018-05-11", validity="现行有效"),
                    [seed("000")], seen=[at("2024-01-01"), at("2024-03-01")], status=DocumentStatus.MISSING)
    markup_meta = DocumentMetadata(title=MARKUP_TITLE, doc_number="宁数据发〔2024〕3号", issuer="南京市数据局",
                                   published_date="2024-03-01")
    fs.add_document(5, NANJING, "http://www.nanjing.gov.cn/zdgk/202403/t20240301_9.html", markup_meta,
                    [MARKUP_V1, MARKUP_V2], seen=[at("2024-03-01"), at("2024-03-06")],
                    metas=[markup_meta, replace(markup_meta, validity="有效期3年")])

    fs.add_document(6, NANJING, "http://www.nanjing.gov.cn/zdgk/201907/W020190702_附件1.pdf",
                    DocumentMetadata(title="附件1：南京市人工智能产业地标重点项目表"),
                    ["附件1\n一、重点项目\n1.南京图灵人工智能研究院建设项目。\n2.江北新区智能制造示范项目。"],
                    seen=[at("2024-01-02")], parent_id=1)

    fs.event(EventKind.BASELINE, YIXING, at("2024-01-01", 5), message="1 份文件已纳入监测")
    fs.event(EventKind.BASELINE, JIANGSU, at("2024-01-01", 5), message="1 份文件已纳入监测")
    fs.event(EventKind.BASELINE, NANJING, at("2024-01-02", 5), message="1 份文件已纳入监测")
    fs.event(EventKind.NEW_DOCUMENT, NANJING, at("2024-02-20"), 2)
    fs.event(EventKind.NEW_DOCUMENT, NANJING, at("2024-03-01"), 5)
    fs.change(1, at("2024-03-05"), facts={
        "二/（四）/15": (FactChange("amount", "50万元", "80万元", "年薪收入超过", "二/（四）/15"),),
        "一": (FactChange("target_year", "2025年", "2027年", "目标年份", "一"),),
    })
    fs.change(5, at("2024-03-06"), facts={
        "二": (FactChange("amount", "1000万元", "500万元", "最高资助", "二"),),
    })
    fs.event(EventKind.MISSING, JIANGSU, at("2024-03-06", 7), 4, message="连续 3 次运行无法访问（人机验证页面）")
    fs.event(EventKind.HEALTH, JIANGSU, at("2024-03-06", 8), message="江苏省工信厅 自 2024-03-04 起返回人机验证页面")
    fs.health = [
        SourceHealth(NANJING, documents=3, last_run_at=at("2024-03-06"), last_outcome="ok",
                     last_change_at=at("2024-03-06")),
        SourceHealth(YIXING, documents=1, last_run_at=at("2024-03-06"), last_outcome="ok"),
        SourceHealth(JIANGSU, documents=1, last_run_at=at("2024-03-06"), last_outcome="challenge",
                     consecutive_failures=3, failing_since=at("2024-03-04"),
                     message="服务器返回 JavaScript 人机验证页面（HTTP 202）"),
    ]
    return fs
