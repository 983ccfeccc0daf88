"""A draft's final under its own title wins over one under an edited title (another organ's, a word
added), whichever of the three documents is stored first: the edited-title final is the draft's only
while no exact-title final is known, and its draft_of is withdrawn once one is."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.model import DocumentMetadata
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

DOCS = {
    "draft": ("关于公开征求《岚江市促进低空经济发展若干措施（征求意见稿）》意见的公告",
              "为加快培育低空经济新质生产力，市发展改革委起草了本措施，现向社会公开征求意见。",
              "", "岚江市发展和改革委员会", "2024-03-01"),
    "edited": ("岚江市人民政府办公室关于印发岚江市促进低空经济高质量发展若干措施的通知",
               "一、支持低空飞行器研发制造。", "岚政办规〔2024〕11号", "岚江市人民政府办公室", "2024-07-01"),
    "exact": ("岚江市促进低空经济发展若干措施", "一、支持低空飞行器研发制造。二、建设起降场地。",
              "岚发改规〔2024〕3号", "岚江市发展和改革委员会", "2024-06-01"),
}


def _store(store: Store, name: str) -> int:
    title, text, number, issuer, date = DOCS[name]
    meta = DocumentMetadata(title=title, doc_number=number, issuer=issuer, published_date=date)
    run = store.start_run(["s"])
    outcome = store.record_version("s", make_doc(f"http://order.test/{name}.html", text, **meta.to_dict()),
                                   raw=None, run_id=run)
    store.finish_run(run, {})
    LineageLinker(store, run_id=run).run()
    return outcome.document.id


@pytest.mark.parametrize("order", [("draft", "edited", "exact"), ("draft", "exact", "edited"),
                                   ("edited", "draft", "exact"), ("exact", "edited", "draft")])
def test_the_exact_title_final_alone_in_any_order(tmp_path: Path, order: tuple[str, ...]) -> None:
    with Store.open(tmp_path / "pw.db") as store:
        ids = {name: _store(store, name) for name in order}
        finals = {(r.subject.id, r.target.id) for r in store.relations() if r.kind.value == "draft_of"}
        assert finals == {(ids["draft"], ids["exact"])}


def test_the_edited_title_final_while_no_exact_one_is_known(tmp_path: Path) -> None:
    with Store.open(tmp_path / "pw.db") as store:
        ids = {name: _store(store, name) for name in ("draft", "edited")}
        finals = {(r.subject.id, r.target.id) for r in store.relations() if r.kind.value == "draft_of"}
        assert finals == {(ids["draft"], ids["edited"])}
