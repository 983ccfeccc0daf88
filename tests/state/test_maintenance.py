"""Retention never touches versions; exports give plain rows; record_version's kinds as a property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.errors import UsageError
from policywatch.model import EventKind, FetchOutcome
from policywatch.state import Store

from .helpers import at, make_doc, make_fetch


def test_prune_deletes_old_fetch_rows_and_orphan_bodies_but_never_versions(store: Store) -> None:
    run = store.start_run(["gov"])
    url = "http://gov.test/1.html"
    for day in range(5):
        store.record_fetch(make_fetch(url, "x" * 10, when=at(day)), run_id=run, source="gov")
        store.record_fetch(make_fetch(url, "", outcome=FetchOutcome.THROTTLED, when=at(day)), run_id=run, source="gov")
    out = store.record_version("gov", make_doc(url, "正文"), raw=make_fetch(url, "<p>正文</p>"), run_id=run)
    store.db.execute("INSERT INTO blobs (sha256, size, data, created_at) VALUES ('orphan', 0, x'', '')")
    result = store.prune(at(3))
    assert result == {"fetches": 6, "blobs": 1}  # days 0-2, two rows each
    assert store.db.execute("SELECT count(*) FROM fetches").fetchone()[0] == 4
    # the newest ok fetch of a URL survives any cut-off: listing validators come from it
    store.prune(at(100))
    assert store.db.execute("SELECT outcome, fetched_at FROM fetches").fetchall() == [("ok", "2026-01-05T08:00:00.000000+00:00")]
    assert [v.number for v in store.versions(out.document.id)] == [1]
    assert store.raw_body(out.version.raw_sha256) == "<p>正文</p>".encode()
    assert store.prune(at(100))["blobs"] == 0


def test_export_documents_versions_and_events(store: Store, tmp_path: Path) -> None:
    run = store.start_run(["gov"])
    url = "http://gov.test/1.html"
    store.record_version("gov", make_doc(url, "甲", title="办法", doc_number="X〔2026〕1号"), raw=None, run_id=run)
    out = store.record_version("gov", make_doc(url, "乙", title="办法"), raw=None, run_id=run)
    store.add_event(EventKind.CHANGED, source="gov", document_id=out.document.id, old_version=1, new_version=2)
    [doc] = store.export("documents")
    assert (doc["url"], doc["doc_number"], doc["version_count"], doc["status"]) == (url, "X〔2026〕1号", 2, "active")
    versions = list(store.export("versions"))
    assert [(v["number"], v["display_text"]) for v in versions] == [(1, "甲"), (2, "乙")]
    [event] = store.export("events")
    assert (event["kind"], event["old_version"], event["new_version"]) == ("changed", 1, 2)
    with pytest.raises(UsageError, match="choose one of"):
        list(store.export("secrets"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=12))
def test_record_version_kinds_follow_the_sequence_of_contents(sequence: list[str]) -> None:
    with Store.memory() as store:
        seen: list[str] = []
        for day, content in enumerate(sequence):
            run = store.start_run(["gov"])
            out = store.record_version("gov", make_doc("http://gov.test/x.html", f"内容{content}"), raw=None,
                                       run_id=run, now=at(day))
            if not seen:
                expected = "new_document"
            elif content == seen[-1]:
                expected = "unchanged"
            elif content in seen:
                expected = "returned"
            else:
                expected = "new_version"
            assert out.kind == expected
            if expected != "unchanged":
                seen.append(content)
            assert out.version.display_text == f"内容{content}"
            assert out.document.version_count == len(seen)
        history = store.versions(out.document.id)
        assert [v.display_text for v in history] == [f"内容{c}" for c in seen]
