"""An amends relation applies its decision: a derived version of the target, reported; the republished
full text is checked against it."""

from __future__ import annotations

from pathlib import Path

from policywatch.model import DocumentMetadata
from policywatch.pipeline.holds import stale_amended_text
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

DATA = Path(__file__).parent.parent / "data" / "amend"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_a_decision_makes_a_derived_version_that_the_republished_text_confirms() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    title = "宁川市科技创新券管理办法"

    def put(url: str, name: str, **meta: str):  # type: ignore[no-untyped-def]
        return store.record_version("s", make_doc(url, _text(name), **DocumentMetadata(**meta).to_dict()),
                                    raw=None, run_id=run)

    target = put("http://t.test/voucher.html", "ningchuan_voucher_2021.txt", title=title, doc_number="宁科规〔2021〕3号",
                 issuer="宁川市科学技术局", published_date="2021-03-01")
    LineageLinker(store, run_id=run).run()
    put("http://t.test/decision.html", "ningchuan_voucher_decision_2024.txt",
        title="宁川市人民政府关于修改《宁川市科技创新券管理办法》的决定", doc_number="宁川市人民政府令第58号",
        issuer="宁川市人民政府", published_date="2024-06-18")
    events = LineageLinker(store, run_id=run).run()

    versions = store.versions(target.document.id)
    assert len(versions) == 2 and store.derived_from(target.document.id, 2) is not None
    derived = next(e for e in events if e.kind.value == "changed")
    assert "适用 13 条" in derived.message and "未适用" not in derived.message
    assert derived.changeset is not None and not derived.changeset.is_empty
    assert [e.kind.value for e in events if e.is_relation] == ["amends"]
    # the page still shows the 2021 text: not a change back
    assert stale_amended_text(store, make_doc("http://t.test/voucher.html", _text("ningchuan_voucher_2021.txt")))
    assert LineageLinker(store, run_id=run).run() == []  # applied once

    put("http://t.test/voucher2024.html", "ningchuan_voucher_2024.txt", title=f"{title}（2024年修订）",
        doc_number="宁科规〔2024〕5号", issuer="宁川市科学技术局", published_date="2024-08-01")
    (republished,) = [e for e in LineageLinker(store, run_id=run).run() if e.kind.value == "supersedes"]
    assert "与修改决定推导的文本一致（0 处差异）" in republished.message
