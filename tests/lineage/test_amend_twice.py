"""One 修改决定 stored twice is applied to its target once, and announced once: under an order's
number the two are grouped as copy and original (lineage.detect._copies); without any number
(a 人大常委会's decision often has none) nothing groups them, and the linker's own check
(LineageLinker._applied_before) keeps the second from amending the amended text again."""

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


@pytest.mark.parametrize("number", ["宁川市人民政府令第58号", ""])
def test_a_decision_stored_at_two_addresses_amends_its_target_once(number: str) -> None:
    store = Store.memory()
    run = store.start_run(["city", "district"])
    events = []

    def put(source: str, url: str, name: str, **meta: str) -> int:
        doc = make_doc(url, (DATA / name).read_text(encoding="utf-8"), **DocumentMetadata(**meta).to_dict())
        document_id = store.record_version(source, doc, raw=None, run_id=run).document.id
        events.extend(LineageLinker(store, run_id=run).run())
        return document_id

    target = put("city", "http://www.ningchuan.test/voucher.html", "ningchuan_voucher_2021.txt", title=TITLE,
                 doc_number="宁科规〔2021〕3号", issuer="宁川市科学技术局", published_date="2021-03-01")
    for source, url in (("district", "http://qu.ningchuan.test/decision.html"),
                        ("city", "http://www.ningchuan.test/decision.html")):
        put(source, url, "ningchuan_voucher_decision_2024.txt", title=DECISION, doc_number=number,
            issuer="宁川市人民政府", published_date="2024-06-18")
    # before: the second copy applied the decision again to the text it had amended (10 of 13
    # instructions "applied" a second time, 3 not), a third version and a second announcement
    assert len(store.versions(target)) == 2
    assert [e.document_id for e in events if e.kind is EventKind.CHANGED] == [target]
    assert len([e for e in events if e.kind is EventKind.AMENDS]) == 1
    assert LineageLinker(store, run_id=run).run() == []
