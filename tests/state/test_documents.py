"""Listings, MISSING status, the fetch log (validators, expected sizes), runs and source health."""

from __future__ import annotations

from policywatch.model import DocumentStatus, EventKind, FetchOutcome
from policywatch.state import Store

from .helpers import at, make_doc, make_fetch

URLS = [f"http://gov.test/art/{i}.html" for i in range(4)]


def seed(store: Store) -> list[int]:
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS, run_id=run, complete=True)
    return [store.record_version("gov", make_doc(u, f"文件{i}"), raw=make_fetch(u, f"<p>{i}</p>"), run_id=run).document.id
            for i, u in enumerate(URLS)]


def test_documents_off_a_complete_listing_are_unlisted_and_returned(store: Store) -> None:
    ids = seed(store)
    run = store.start_run(["gov"])
    left = store.record_listing("gov", [*URLS[:2], "http://gov.test/unknown.html"], run_id=run, complete=True)
    assert [d.id for d in left] == ids[2:]
    assert {d.status for d in left} == {DocumentStatus.UNLISTED}
    # only documents that left with this listing are returned; still gone is not news
    assert store.record_listing("gov", URLS[:2], run_id=store.start_run(["gov"]), complete=True) == []
    assert store.document(ids[3]).status is DocumentStatus.UNLISTED
    assert store.document(ids[0]).status is DocumentStatus.ACTIVE
    # a partial listing proves nothing about absence
    run = store.start_run(["gov"])
    assert store.record_listing("gov", URLS[:1], run_id=run, complete=False) == []
    assert store.document(ids[1]).status is DocumentStatus.ACTIVE
    # back on the listing: active again
    run = store.start_run(["gov"])
    assert store.record_listing("gov", URLS, run_id=run, complete=True) == []
    assert {d.status for d in store.documents("gov")} == {DocumentStatus.ACTIVE}


def test_listed_urls_never_fetched_stay_queued_until_stored_or_delisted(store: Store) -> None:
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS, run_id=run, complete=True)
    assert store.pending_discovered("gov") == sorted(URLS)
    # the first two are stored (fetched fine); the others failed and stay queued for the next run
    for i, url in enumerate(URLS[:2]):
        store.record_version("gov", make_doc(url, f"文件{i}"), raw=make_fetch(url, f"<p>{i}</p>"), run_id=run)
    assert store.pending_discovered("gov") == sorted(URLS[2:])
    # a partial listing without them proves nothing; a complete one drops the queued URL it lacks
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS[:2], run_id=run, complete=False)
    assert store.pending_discovered("gov") == sorted(URLS[2:])
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS[:3], run_id=run, complete=True)
    assert store.pending_discovered("gov") == [URLS[2]]


def test_missing_needs_several_failed_runs_and_absence_from_the_listing(store: Store) -> None:
    ids = seed(store)
    listed, gone = ids[0], ids[3]
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS[:3], run_id=run, complete=True)
    assert [store.mark_fetch_failure(listed) for _ in range(5)] == [False] * 5
    assert [store.mark_fetch_failure(gone, threshold=3) for _ in range(4)] == [False, False, True, False]
    assert store.document(gone).status is DocumentStatus.MISSING
    assert store.document(listed).status is DocumentStatus.ACTIVE
    # it answers again: back, not a change; MISSING until an event says it is back
    assert store.mark_fetch_ok(gone) is True
    assert store.document(gone).status is DocumentStatus.MISSING
    assert store.back_unreported("gov") == [gone]
    store.add_event(EventKind.REAPPEARED, source="gov", document_id=gone, dedup_key=f"reappeared:{gone}")
    assert store.document(gone).status is DocumentStatus.UNLISTED
    assert store.back_unreported("gov") == []
    assert store.mark_fetch_ok(gone) is False


def test_runs_that_say_nothing_of_a_document_being_gone_count_only_for_a_document_off_the_listing(store: Store) -> None:
    ids = seed(store)
    listed, gone = ids[0], ids[3]
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS[:3], run_id=run, complete=True)
    for document_id in (listed, gone):
        store.mark_fetch_failure(document_id, gone=False)
        store.mark_fetch_failure(document_id, gone=False)
        store.mark_fetch_failure(document_id)
    # the listed one was refused once: not yet three runs; the unlisted one keeps the old rule
    assert store.mark_missing(listed) is False
    assert store.document(gone).status is DocumentStatus.MISSING


def test_a_missing_document_coming_back_unchanged_is_not_a_change(store: Store) -> None:
    ids = seed(store)
    store.record_listing("gov", URLS[:3], run_id=store.start_run(["gov"]), complete=True)
    for _ in range(3):
        store.mark_fetch_failure(ids[3])
    assert store.document(ids[3]).status is DocumentStatus.MISSING
    run = store.start_run(["gov"])
    store.record_listing("gov", URLS, run_id=run, complete=True)
    back = store.record_version("gov", make_doc(URLS[3], "文件3"), raw=make_fetch(URLS[3], "<p>3</p>"), run_id=run)
    assert back.kind == "unchanged"
    assert back.was_missing
    assert back.document.status is DocumentStatus.MISSING  # until its return is reported
    store.add_event(EventKind.REAPPEARED, source="gov", document_id=ids[3], dedup_key="back")
    assert store.document(ids[3]).status is DocumentStatus.ACTIVE
    # a text derived here (raw None) is no read of the site: it does not end an outage
    for _ in range(3):
        store.mark_fetch_failure(ids[3])
    store.mark_missing(ids[3])
    derived = store.record_version("gov", make_doc(URLS[3], "文件3 修改"), raw=None, run_id=run)
    assert not derived.was_missing and store.back_unreported("gov") == []


def test_fetch_log_validators_and_expected_size(store: Store) -> None:
    run = store.start_run(["gov"])
    listing = "http://gov.test/list.html"
    store.record_fetch(make_fetch(listing, "x" * 50, etag='"L1"', when=at(0)), run_id=run, source="gov")
    store.record_fetch(make_fetch(listing, "", outcome=FetchOutcome.THROTTLED, when=at(1)), run_id=run, source="gov")
    assert store.validators(listing).etag == '"L1"'
    assert store.validators("http://gov.test/never.html").etag is None
    doc_url, moved = URLS[0], "http://gov.test/new/0.html"
    for day, size in enumerate([1000, 1200, 900, 5000]):
        store.record_fetch(make_fetch(doc_url, "y" * size, when=at(day)), run_id=run, source="gov")
    assert store.expected_size(doc_url) == 1100  # no document yet: by URL
    raw = make_fetch(doc_url, "y" * 2000, etag='"D1"', final_url=moved, redirects=(doc_url,), when=at(4))
    out = store.record_version("gov", make_doc(doc_url, "正文"), raw=raw, run_id=run)
    store.record_fetch(raw, run_id=run, source="gov", document_id=out.document.id)
    assert store.validators(moved) == store.validators(doc_url)
    assert store.validators(moved).etag == '"D1"'
    assert store.expected_size(moved) == 1200  # by document: its fetches under every alias
    history = store.fetch_history(moved, limit=3)
    assert [h["size"] for h in history] == [2000, 5000, 900]


def test_runs_first_run_and_source_health(store: Store) -> None:
    assert store.is_first_run("gov")
    run = store.start_run(["gov", "ndrc"], at=at(0))
    health = store.mark_source_run("gov", ok=False, outcome="maintenance", message="系统维护", at=at(0))
    assert (health.consecutive_failures, health.failing_since, health.healthy) == (1, at(0), False)
    health = store.mark_source_run("gov", ok=False, outcome="challenge", at=at(1))
    assert (health.consecutive_failures, health.failing_since, health.last_outcome) == (2, at(0), "challenge")
    assert store.is_first_run("gov")
    health = store.mark_source_run("gov", ok=True, outcome="ok", at=at(2))
    assert health.healthy and health.failing_since is None and health.last_run_at == at(2)
    assert not store.is_first_run("gov")
    store.finish_run(run, {"new_documents": 3}, at=at(0))
    assert store.last_run("ndrc").summary == {"new_documents": 3}
    assert store.last_run("nowhere") is None
    assert [h.name for h in store.source_health()] == ["gov", "ndrc"]
    seed(store)
    store.record_version("gov", make_doc(URLS[0], "改了"), raw=None, run_id=run, now=at(5))
    gov = store.source_health()[0]
    assert (gov.documents, gov.last_change_at) == (4, at(5))


def test_a_rehomed_page_is_the_new_source_s_with_its_attachments_and_no_longer_queued(store: Store) -> None:
    run = store.start_run(["old", "new"])
    page, pdf = URLS[0], "http://gov.test/art/fj.pdf"
    store.record_listing("old", [page], run_id=run, complete=True)
    store.record_listing("new", [page], run_id=run, complete=True)
    parent = store.record_version("old", make_doc(page, "文件"), raw=make_fetch(page, "<p>文件</p>"), run_id=run)
    child = store.record_version("old", make_doc(pdf, "附件"), raw=None, run_id=run, parent_id=parent.document.id)
    assert store.pending_discovered("new") == [page], "listed by new, stored under old"
    store.rehome(parent.document.id, "new")
    assert [(d.url, d.parent_id) for d in store.documents("new")] == [(page, None), (pdf, parent.document.id)]
    assert store.documents("old") == [] and store.pending_discovered("new") == []
    assert store.document(child.document.id).source == "new"
    # listed by its new source: the listing finds it, so it is not unlisted
    left = store.record_listing("new", [page], run_id=store.start_run(["new"]), complete=True)
    assert left == [] and store.document(parent.document.id).status is DocumentStatus.ACTIVE


def test_a_page_another_source_of_the_run_lists_stays_listed_off_its_first_source_s_listing(store: Store) -> None:
    page = URLS[0]
    run = store.start_run(["s", "t"])
    for name in ("s", "t"):
        store.record_listing(name, [page], run_id=run, complete=True, others=["s", "t"])
    document = store.record_version("s", make_doc(page, "文件"), raw=make_fetch(page, "<p>文件</p>"), run_id=run).document
    # off s's listing: t lists it, whether its listing comes first in the run or after
    for order in (("t", "s"), ("s", "t")):
        run = store.start_run(["s", "t"])
        for name in order:
            store.record_listing(name, [page] if name == "t" else [], run_id=run, complete=True, others=["s", "t"])
        assert store.document(document.id).status is DocumentStatus.ACTIVE, order
    # a run of s alone: its listing is the run's only one, and it no longer lists the page
    left = store.record_listing("s", [], run_id=store.start_run(["s"]), complete=True)
    assert [d.id for d in left] == [document.id]
