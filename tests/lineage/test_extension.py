"""A separate notice extends another document's term (有效期延长至…) or keeps it in force (继续有效):
the target's term moves, reported once as a change of the target citing the notice."""

from __future__ import annotations

from policywatch.lineage import extensions
from policywatch.model import DocumentMetadata, EventKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.reports.i18n import Translator
from policywatch.reports.views import event_view
from policywatch.state import Store
from tests.state.helpers import make_doc

POLICY = "示范市促进人工智能产业发展若干政策"
NUMBER = "示政发〔2024〕12号"
POLICY_TEXT = f"{POLICY}\n第一条 对人工智能企业给予最高1000万元资助。\n第二条 本政策自2024年1月1日起施行，有效期至2027年6月30日。"
EXTENSION_TITLE = f"示范市人民政府关于延长《{POLICY}》有效期的通知"


def put(store: Store, run: int, url: str, text: str, **meta: str) -> int:
    doc = make_doc(url, text, **DocumentMetadata(issuer="示范市人民政府", **meta).to_dict())
    return store.record_version("s", doc, raw=None, run_id=run).document.id


def changes_of(events, document_id: int):  # type: ignore[no-untyped-def]
    return [e for e in events if e.kind is EventKind.CHANGED and e.document_id == document_id]


def test_extensions_read_titles_sentences_and_cleanup_rows() -> None:
    by_sentence = extensions(f"决定将《{POLICY}》（{NUMBER}）有效期延长至2029年12月31日。", EXTENSION_TITLE)
    assert [(e.target.title, e.target.doc_number, e.expires) for e in by_sentence] == [(POLICY, NUMBER, "2029-12-31")]
    by_title = extensions("经研究，该政策有效期延长至二〇二九年十二月三十一日。", EXTENSION_TITLE)
    assert [(e.target.title, e.expires) for e in by_title] == [(POLICY, "2029-12-31")]
    rows = extensions(f"1 《{POLICY}》 {NUMBER} 继续有效\n2 《示范市旧办法》 示政发〔2015〕8号 废止")
    assert [(e.target.title, e.target.doc_number, e.expires) for e in rows] == [(POLICY, NUMBER, "")]
    # its own term, a citation, a bare 延长 without a date: not an extension of another document
    assert extensions("本办法有效期延长至2029年12月31日。") == []
    assert extensions(f"根据《{POLICY}》，制定本细则。有效期延长的申请另行通知。") == []


def test_an_extension_notice_moves_the_term_and_is_reported_once() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    target = put(store, run, "http://t.test/policy.html", POLICY_TEXT, title=POLICY, doc_number=NUMBER,
                 validity="现行有效")
    assert LineageLinker(store, run_id=run, today="2027-01-01").run() == []
    assert store.validity_term(target) == "2027-06-30"
    put(store, run, "http://t.test/extension.html",
        f"{EXTENSION_TITLE}\n各区人民政府：\n经市政府同意，决定将《{POLICY}》（{NUMBER}）有效期延长至2029年12月31日。",
        title=EXTENSION_TITLE, doc_number="示政发〔2027〕3号")
    events = LineageLinker(store, run_id=run, today="2027-03-01").run()
    [extended] = changes_of(events, target)
    assert extended.changeset is not None
    assert [(m.field, m.old, m.new) for m in extended.changeset.metadata_changes] == [
        ("expires", "2027-06-30", "2029-12-31")]
    assert EXTENSION_TITLE.removeprefix("示范市人民政府关于") in extended.message and "2029-12-31" in extended.message
    assert "有效期至 2027-06-30 → 2029-12-31" in event_view(extended, Translator("zh")).summary
    assert store.validity_term(target) == "2029-12-31"
    # past the original term the policy is still in force; nothing is reported twice
    assert LineageLinker(store, run_id=run, today="2027-08-01").run() == []
    assert store.document(target).metadata.validity == "现行有效"


def test_a_notice_keeps_an_expired_document_in_force_again() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    target = put(store, run, "http://t.test/policy.html", POLICY_TEXT, title=POLICY, doc_number=NUMBER,
                 validity="现行有效")
    LineageLinker(store, run_id=run, today="2027-01-01").run()
    [expiry] = changes_of(LineageLinker(store, run_id=run, today="2027-07-02").run(), target)
    assert store.document(target).metadata.validity == "失效"
    put(store, run, "http://t.test/cleanup.html",
        f"关于公布规范性文件清理结果的通知\n序号 文件名称 文号 清理意见\n1 《{POLICY}》 {NUMBER} 继续有效",
        title="示范市人民政府关于公布规范性文件清理结果的通知", doc_number="示政发〔2027〕9号")
    events = LineageLinker(store, run_id=run, today="2027-07-10").run()
    [kept] = changes_of(events, target)
    assert kept.changeset is not None and expiry.new_version is not None
    assert [(m.field, m.old, m.new) for m in kept.changeset.metadata_changes] == [
        ("validity", "失效", "现行有效"), ("expires", "2027-06-30", "")]
    assert (kept.old_version, kept.new_version) == (expiry.new_version, expiry.new_version + 1)
    assert "继续有效" in kept.message and "清理结果" in kept.message
    assert store.document(target).metadata.validity == "现行有效"
    assert LineageLinker(store, run_id=run, today="2027-12-01").run() == []  # not expired again


def test_continues_in_force_without_a_term_is_no_news_and_a_repealed_document_stays_repealed() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    plain = put(store, run, "http://t.test/plain.html", "示范市算力券管理办法\n第一条 发放算力券。",
                title="示范市算力券管理办法", doc_number="示政发〔2020〕3号")
    repealed = put(store, run, "http://t.test/old.html", "示范市旧办法\n第一条 旧规定。", title="示范市旧办法",
                   doc_number="示政发〔2015〕8号", validity="废止")
    LineageLinker(store, run_id=run, today="2027-01-01").run()
    put(store, run, "http://t.test/cleanup.html",
        "1 《示范市算力券管理办法》 示政发〔2020〕3号 继续有效\n2 《示范市旧办法》 示政发〔2015〕8号 继续有效",
        title="示范市人民政府关于公布规范性文件清理结果的通知")
    events = LineageLinker(store, run_id=run, today="2027-01-02").run()
    assert changes_of(events, plain) == [] and changes_of(events, repealed) == []
    assert store.document(repealed).metadata.validity == "废止"


def test_a_new_version_restating_the_original_term_does_not_undo_the_extension() -> None:
    store = Store.memory()
    run = store.start_run(["s"])
    target = put(store, run, "http://t.test/policy.html", POLICY_TEXT, title=POLICY, doc_number=NUMBER)
    LineageLinker(store, run_id=run, today="2027-01-01").run()
    put(store, run, "http://t.test/extension.html", f"决定将《{POLICY}》有效期延长至2029年12月31日。",
        title=EXTENSION_TITLE)
    LineageLinker(store, run_id=run, today="2027-01-02").run()
    # the policy's page is edited (a typo fixed) but still states its original term
    put(store, run, "http://t.test/policy.html", POLICY_TEXT.replace("资助。", "资助，按年度拨付。"), title=POLICY,
        doc_number=NUMBER)
    LineageLinker(store, run_id=run, today="2027-01-03").run()
    assert store.validity_term(target) == "2029-12-31"
    assert store.validity_evidence(target).startswith("依据《") and "2029年12月31日" in store.validity_evidence(target)
    # a new version that states a later term of its own wins
    put(store, run, "http://t.test/policy.html", POLICY_TEXT.replace("2027年6月30日", "2030年12月31日"), title=POLICY,
        doc_number=NUMBER)
    LineageLinker(store, run_id=run, today="2027-01-04").run()
    assert store.validity_term(target) == "2030-12-31"


def test_a_notice_read_before_its_policy_extends_it_once_the_policy_is_stored() -> None:
    # the shape of 南湖市 (tests/data/lineage_unseen/c09): `《X》（文号）将于…到期…该政策有效期延长至…`,
    # imported before the policy it extends
    store = Store.memory()
    run = store.start_run(["s"])
    put(store, run, "http://t.test/extension.html",
        f"{EXTENSION_TITLE}\n各区人民政府：\n《{POLICY}》（{NUMBER}）将于2027年6月30日到期。经市政府同意，"
        "该政策有效期延长至2029年12月31日。", title=EXTENSION_TITLE, doc_number="示政发〔2027〕3号")
    LineageLinker(store, run_id=run, today="2027-03-01").run()
    target = put(store, run, "http://t.test/policy.html", POLICY_TEXT, title=POLICY, doc_number=NUMBER,
                 validity="现行有效")
    events = LineageLinker(store, run_id=run, today="2027-03-02").run()
    assert store.validity_term(target) == "2029-12-31"
    [extended] = changes_of(events, target)
    assert [(m.field, m.old, m.new) for m in extended.changeset.metadata_changes] == [  # type: ignore[union-attr]
        ("expires", "2027-06-30", "2029-12-31")]
    # past the original term it stays in force, and nothing is reported again
    assert LineageLinker(store, run_id=run, today="2027-08-01").run() == []
