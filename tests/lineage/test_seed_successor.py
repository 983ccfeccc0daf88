"""A real seed document and its successor edition (real edits: amounts, a clause dropped, one added,
closing clause …同时废止): linked, compared clause by clause, announced once as a replacement."""

from __future__ import annotations

from pathlib import Path

from policywatch.config import Subscription
from policywatch.model import DocumentMetadata, EventKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.reports import build_digest
from policywatch.state import Store
from tests.reports.fakes import seed
from tests.state.helpers import make_doc

EDITION_2024 = Path(__file__).parent.parent / "data" / "lineage" / "nanjing_ai_plan_2024.txt"
ISSUER = "南京市人民政府办公厅"


def test_the_2024_edition_replaces_the_2019_plan() -> None:
    store = Store.memory()
    run = store.start_run(["nj"])

    def put(url: str, text: str, title: str, number: str) -> int:
        meta = DocumentMetadata(title=title, doc_number=number, issuer=ISSUER)
        return store.record_version("nj", make_doc(url, text, **meta.to_dict()), raw=None, run_id=run).document.id

    old = put("http://nj.test/2019.html", seed("003"), "南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知",
              "宁政办发〔2019〕37号")
    LineageLinker(store, run_id=run).run()
    new = put("http://nj.test/2024.html", EDITION_2024.read_text(encoding="utf-8"),
              "南京市人民政府办公厅关于印发打造人工智能产业地标行动计划（2024年修订）的通知", "宁政办发〔2024〕15号")
    events = LineageLinker(store, run_id=run).run()

    [supersedes] = [e for e in events if e.kind is EventKind.SUPERSEDES]
    assert supersedes.document_id == new and supersedes.other["id"] == old and "同时废止" in supersedes.evidence
    cs = supersedes.changeset
    assert cs is not None
    texts = " ".join(c.new_text + c.old_text for c in cs.changes)
    assert "大模型创新应用示范" in texts and "军民融合" in texts  # the added and the dropped clause
    facts = " ".join(f"{f.old}→{f.new}" for f in cs.facts)
    assert "2亿元→1亿元" in facts and "超过50万元→超过80万元" in facts
    # the announcement names the amounts, not the dates every new edition moves
    assert " 取代 《打造人工智能产业地标行动计划》" in supersedes.message and "2亿元 → 1亿元" in supersedes.message
    assert store.document(old).metadata.validity == "废止"

    # the digest: the successor is one entry, a replacement, not also a bare new document
    new_document = store.add_event(EventKind.NEW_DOCUMENT, source="nj", document_id=new, new_version=1,
                                   message="经市政府同意", dedup_key=f"new:{new}")
    mail = build_digest([new_document, *events], Subscription("all", ("a@example.org",)), base_url="",
                        sender="pw@example.org")
    text = mail.get_body(("plain",)).get_content()
    assert text.count("【新版取代】") == 1 and "【新文件】" not in text
