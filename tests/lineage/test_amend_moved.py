"""A 修改决定 read while its target was known only by a repost (a district's copy under the same 文号)
amends that copy; once the original is stored the decision moves to it (LineageLinker._adopt). The
original's text is the policy's and is amended too, but the change is announced once, in any order."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.model import DocumentMetadata, EventKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

DATA = Path(__file__).parent.parent / "data" / "amend"
TITLE = "宁川市科技创新券管理办法"
DECISION = "宁川市人民政府关于修改《宁川市科技创新券管理办法》的决定"
NUMBER = "宁科规〔2021〕3号"
PAGES = {
    "repost": ("district", "http://qu.ningchuan.test/voucher.html", "ningchuan_voucher_2021.txt",
               {"title": TITLE, "doc_number": NUMBER, "issuer": "宁川市清河区人民政府", "published_date": "2021-03-05"}),
    "original": ("city", "http://www.ningchuan.test/voucher.html", "ningchuan_voucher_2021.txt",
                 {"title": TITLE, "doc_number": NUMBER, "issuer": "宁川市科学技术局", "published_date": "2021-03-01"}),
    "decision": ("city", "http://www.ningchuan.test/decision.html", "ningchuan_voucher_decision_2024.txt",
                 {"title": DECISION, "doc_number": "宁川市人民政府令第58号", "issuer": "宁川市人民政府",
                  "published_date": "2024-06-18"}),
}


def stored(store: Store, name: str, run: int) -> int:
    """The id of the document PAGES[name], its first version stored."""
    source, url, file, meta = PAGES[name]
    doc = make_doc(url, (DATA / file).read_text(encoding="utf-8"), **DocumentMetadata(**meta).to_dict())
    return store.record_version(source, doc, raw=None, run_id=run).document.id


@pytest.mark.parametrize("order", ["repost decision original", "decision repost original",
                                   "original repost decision", "original decision repost"])
def test_a_decision_moved_from_a_repost_to_its_original_is_announced_once(order: str) -> None:
    store = Store.memory()
    run = store.start_run(["city", "district"])
    events = []
    ids: dict[str, int] = {}
    for name in order.split():
        ids[name] = stored(store, name, run)
        events.extend(LineageLinker(store, run_id=run).run())
    original = ids["original"]
    # the original carries the amended text, derived from the decision's amends relation, in every order
    versions = store.versions(original)
    assert len(versions) == 2 and store.derived_from(original, versions[-1].number) is not None
    assert [(r.subject.id, r.target.id) for r in store.relations(kinds=["amends"])] == [(ids["decision"], original)]
    # before: a second `changed` (13 instructions applied) of the original, after the repost's
    assert len([e for e in events if e.kind is EventKind.CHANGED]) == 1
    assert LineageLinker(store, run_id=run).run() == []


@pytest.mark.parametrize("order", ["repost decision original", "decision repost original"])
def test_the_quietly_amended_original_is_not_reported_again_by_the_next_run(order: str) -> None:
    # its derived version is dealt with (announced of the copy): the next run's catch-up of
    # versions whose event was never stored (Store.unreported) must not report it as a change
    store = Store.memory()
    run = store.start_run(["city", "district"])
    ids: dict[str, int] = {}
    for name in order.split():
        ids[name] = stored(store, name, run)
        LineageLinker(store, run_id=run).run()
        for document_id in ids.values():  # what the run's own pass reported (a first version: new_document)
            store.mark_reported(document_id, 1)
    derived = store.versions(ids["original"])[-1].number
    assert derived == 2 and store.derived_from(ids["original"], derived) is not None
    left = [(o.version.document_id, o.version.number) for o in store.unreported()]
    assert (ids["original"], derived) not in left, left
