"""record_version: new, unchanged, metadata-only, A→B→A returns, confirm_runs, raw evidence and dedup."""

from __future__ import annotations

import pytest

from policywatch.errors import UsageError
from policywatch.model import FetchOutcome
from policywatch.state import Store

from .helpers import at, make_doc, make_fetch

URL = "http://gov.test/art/2026/1.html"
A = "第一条 最高资助1000万元。\n第二条 自2026年1月1日起施行。"
B = "第一条 最高资助500万元。\n第二条 自2026年1月1日起施行。"
META = {"title": "关于支持人工智能的若干措施", "doc_number": "京政发〔2026〕1号", "issuer": "北京市人民政府",
        "index_no": "000014349/2026-00001", "validity": "现行有效"}


def record(store: Store, text: str, day: int, *, run: int | None = None, body: str | None = None,
           confirm_runs: int = 1, url: str = URL, **meta: str):
    run_id = run if run is not None else store.start_run(["gov"])
    doc = make_doc(url, text, **{**META, **meta})
    raw = make_fetch(url, body if body is not None else f"<html>{text}</html>", when=at(day))
    return store.record_version("gov", doc, raw=raw, run_id=run_id, confirm_runs=confirm_runs, now=at(day))


def test_first_sighting_is_a_new_document_with_version_1(store: Store) -> None:
    outcome = record(store, A, 0)
    assert outcome.kind == "new_document"
    assert outcome.previous is None
    assert outcome.version.number == 1
    assert outcome.version.display_text == A
    assert outcome.version.metadata.doc_number == "京政发〔2026〕1号"
    assert outcome.document.url == URL
    assert outcome.document.version_count == 1
    assert store.document(URL) == outcome.document


def test_cosmetic_only_change_stores_nothing_but_moves_last_seen(store: Store) -> None:
    first = record(store, A, 0)
    respaced = A.replace("第二条 ", "第二条   ").replace("\n", "\n\n")
    again = record(store, respaced, 3, body="<html>visits: 4711</html>")
    assert again.kind == "unchanged"
    assert again.version.number == 1
    assert again.version.display_text == A  # the stored text, not this fetch's layout
    assert again.version.last_seen == at(3)
    assert again.version.first_seen == at(0)
    assert again.document.last_seen == at(3)
    assert len(store.versions(first.document.id)) == 1
    assert store.db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 2  # text + first raw body


def test_a_real_text_change_is_a_new_version(store: Store) -> None:
    record(store, A, 0)
    changed = record(store, B, 1)
    assert changed.kind == "new_version"
    assert changed.is_change
    assert (changed.previous.number, changed.version.number) == (1, 2)
    assert changed.previous.display_text == A
    assert changed.version.display_text == B
    assert changed.document.version_count == 2


@pytest.mark.parametrize("field,value", [("validity", "废止"), ("title", "关于支持人工智能的若干措施（修订）"),
                                         ("published_date", "2026-02-01"), ("doc_number", "京政发〔2026〕2号")])
def test_a_tracked_metadata_change_alone_is_a_new_version(store: Store, field: str, value: str) -> None:
    record(store, A, 0)
    changed = record(store, A, 1, **{field: value})
    assert changed.kind == "new_version"
    assert getattr(changed.version.metadata, field) == value
    assert getattr(changed.previous.metadata, field) == META.get(field, "")
    assert changed.version.content_hash == changed.previous.content_hash


def test_untracked_metadata_or_a_field_missing_this_time_makes_no_version(store: Store) -> None:
    record(store, A, 0)
    assert record(store, A, 1, validity="").kind == "unchanged"  # extractor missed the table row
    assert record(store, A, 2, issuer="北京市政府办公厅").kind == "unchanged"
    doc = store.document(URL)
    assert doc.metadata.validity == "现行有效"
    assert doc.version_count == 1


def test_a_to_b_to_a_is_a_return_not_a_new_change(store: Store) -> None:
    first = record(store, A, 0)
    record(store, B, 1)
    back = record(store, A.replace("\n", "\n\n"), 2)  # A again, laid out differently
    assert back.kind == "returned"
    assert not back.is_change
    assert back.same_as == 1
    assert back.version.number == 3
    assert back.previous.number == 2
    assert back.version.content_hash == first.version.content_hash
    assert back.version.display_text == A  # reads exactly as version 1
    # the return points at A's stored text: no new text blob
    texts = store.db.execute("SELECT count(DISTINCT text_sha256) FROM versions").fetchone()[0]
    assert texts == 2
    # flapping on: B again is also a return, to version 2
    again = record(store, B, 3)
    assert (again.kind, again.same_as, again.version.number) == ("returned", 2, 4)
    assert [v.number for v in store.versions(first.document.id)] == [1, 2, 3, 4]


def test_confirm_runs_holds_a_change_until_seen_in_consecutive_runs(store: Store) -> None:
    record(store, A, 0, confirm_runs=2)
    run1 = store.start_run(["gov"])
    pending = record(store, B, 1, run=run1, confirm_runs=2)
    assert pending.kind == "pending"
    assert pending.sightings == 1
    assert pending.version.number == 1
    # the same run seeing it twice is still one sighting
    assert record(store, B, 1, run=run1, confirm_runs=2).sightings == 1
    stored = record(store, B, 2, confirm_runs=2)
    assert stored.kind == "new_version"
    assert stored.version.number == 2
    assert store.document(URL).version_count == 2


def test_a_flap_shorter_than_confirm_runs_is_never_stored(store: Store) -> None:
    record(store, A, 0, confirm_runs=2)
    assert record(store, B, 1, confirm_runs=2).kind == "pending"
    assert record(store, A, 2, confirm_runs=2).kind == "unchanged"
    # B seen again after a break starts counting from one
    assert record(store, B, 3, confirm_runs=2).kind == "pending"
    assert store.document(URL).version_count == 1


def test_pending_changes_do_not_save_validators(store: Store) -> None:
    run = store.start_run(["gov"])
    doc = make_doc(URL, A, **META)
    store.record_version("gov", doc, raw=make_fetch(URL, "a", etag='"v1"'), run_id=run, confirm_runs=2)
    assert store.validators(URL).etag == '"v1"'
    store.record_version("gov", make_doc(URL, B, **META), raw=make_fetch(URL, "b", etag='"v2"'),
                         run_id=store.start_run(["gov"]), confirm_runs=2)
    assert store.validators(URL).etag == '"v1"'  # so the next run re-fetches and confirms


def test_ten_identical_fetches_keep_one_raw_body(store: Store) -> None:
    for day in range(10):
        record(store, A, day, body="<html>same bytes every time</html>")
    raws = store.db.execute("SELECT count(*) FROM blobs WHERE sha256 IN (SELECT raw_sha256 FROM versions)").fetchone()[0]
    assert raws == 1
    assert store.db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 2
    # two documents serving identical bytes share the blob as well
    other = record(store, A, 11, url="http://gov.test/art/2026/2.html", index_no="x-2", doc_number="京政发〔2026〕9号",
                   body="<html>same bytes every time</html>")
    assert other.kind == "new_document"
    assert store.db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 2


def test_raw_evidence_is_kept_with_each_version(store: Store) -> None:
    outcome = record(store, A, 0, body="<html>原始字节</html>")
    assert store.raw_body(outcome.version.raw_sha256) == "<html>原始字节</html>".encode()
    info = store.raw_info(outcome.document.id, 1)
    assert info["final_url"] == URL
    assert info["encoding"] == "utf-8"
    assert info["fetched_at"].startswith("2026-01-01")
    assert ["Content-Type", "text/html"] in info["headers"]


def test_an_import_without_raw_still_versions(store: Store) -> None:
    run = store.start_run(["gov"])
    outcome = store.record_version("gov", make_doc("file:///archive/1.txt", A), raw=None, run_id=run)
    assert outcome.kind == "new_document"
    assert outcome.version.raw_sha256 is None


def test_only_ok_fetches_make_versions(store: Store) -> None:
    bad = make_fetch(URL, "", outcome=FetchOutcome.CHALLENGE)
    with pytest.raises(ValueError, match="challenge"):
        store.record_version("gov", make_doc(URL, A), raw=bad, run_id=store.start_run(["gov"]))
    assert store.documents() == []


def test_asking_for_a_missing_version_names_document_and_number(store: Store) -> None:
    doc_id = record(store, A, 0).document.id
    with pytest.raises(UsageError, match=f"document {doc_id} has no version 5"):
        store.version(doc_id, 5)
