"""Events are stored once per dedup key; the outbox delivers each item at most once, retrying failures."""

from __future__ import annotations

from datetime import timedelta

from policywatch.model import ChangeKind, ChangeSet, ClauseChange, EventKind, FactChange, MetadataChange
from policywatch.state import Store
from policywatch.state.connection import utcnow

from .helpers import at, make_doc

CHANGES = ChangeSet(
    changes=(ClauseChange(kind=ChangeKind.MODIFIED, old_path="一", new_path="一", old_text="最高资助1000万元",
                          new_text="最高资助500万元",
                          facts=(FactChange(role="amount", old="1000万元", new="500万元", context="最高资助"),)),),
    metadata_changes=(MetadataChange(field="validity", old="现行有效", new="废止"),),
    old_label="v1", new_label="v2",
)


def test_events_are_deduplicated_and_read_back_newest_first(store: Store) -> None:
    run = store.start_run(["gov"])
    doc = make_doc("http://gov.test/1.html", "正文", title="办法", doc_number="X〔2026〕1号")
    doc_id = store.record_version("gov", doc, raw=None, run_id=run).document.id
    base = store.add_event(EventKind.BASELINE, source="gov", message="1 documents now watched", run_id=run,
                           dedup_key="baseline:gov", at=at(0))
    changed = store.add_event(EventKind.CHANGED, source="gov", document_id=doc_id, old_version=1, new_version=2,
                              changeset=CHANGES, run_id=run, dedup_key=f"{doc_id}:1->2", at=at(1))
    # a redone run (after a kill) adds the same events again: nothing new is stored
    again = store.add_event(EventKind.CHANGED, source="gov", document_id=doc_id, old_version=1, new_version=2,
                            changeset=CHANGES, run_id=run + 1, dedup_key=f"{doc_id}:1->2", at=at(2))
    assert again == changed
    assert store.has_event(f"{doc_id}:1->2") and not store.has_event(f"{doc_id}:2->3")
    assert store.add_event(EventKind.BASELINE, source="gov", dedup_key="baseline:gov").id == base.id
    events = store.events()
    assert [e.id for e in events] == [changed.id, base.id]
    assert events[0].changeset == CHANGES
    assert events[0].url == "http://gov.test/1.html"
    assert events[0].metadata.doc_number == "X〔2026〕1号"
    assert [e.kind for e in store.events(kinds=[EventKind.BASELINE])] == [EventKind.BASELINE]
    assert store.events(since=at(1)) == [changed]
    assert store.events(source="other") == []


def test_outbox_enqueue_is_idempotent_and_sends_each_item_once(store: Store) -> None:
    first = store.enqueue("email", "digest:2026-01-01", {"to": ["a@example.org"], "subject": "【policywatch】3 项政策变更"})
    assert first is not None
    assert store.enqueue("email", "digest:2026-01-01", {"to": ["changed"]}) is None
    assert store.enqueue("webhook", "digest:2026-01-01", {}) is not None  # other channel, other item
    [item] = store.pending("email")
    assert item.payload["subject"] == "【policywatch】3 项政策变更"
    assert store.claim(item.id) is True
    assert store.claim(item.id) is False  # a second sender cannot take it
    assert store.pending("email") == []
    store.mark_sent(item.id)
    assert store.pending("email") == []
    assert store.claim(item.id) is False
    store.mark_failed(item.id, "late error from a confused sender", utcnow())
    assert store.outbox_items("email")[0].state == "sent"
    assert store.pending(now=utcnow() + timedelta(days=1)) == [i for i in store.pending() if i.channel == "webhook"]


def test_failed_items_wait_for_retry_at(store: Store) -> None:
    item_id = store.enqueue("email", "k", {"n": 1})
    assert store.claim(item_id)
    later = utcnow() + timedelta(minutes=10)
    store.mark_failed(item_id, "SMTP 421 try again later", later)
    assert store.pending() == []
    [due] = store.pending(now=later + timedelta(seconds=1))
    assert (due.state, due.attempts, due.last_error) == ("failed", 1, "SMTP 421 try again later")
    assert store.claim(item_id)
    store.mark_sent(item_id)
    assert store.outbox_items()[0].attempts == 2


def test_an_item_left_sending_by_a_killed_sender_is_never_resent_automatically(db_path) -> None:
    with Store.open(db_path) as store:
        item_id = store.enqueue("email", "k", {"n": 1})
        assert store.claim(item_id)
        # the process dies here, maybe after the server accepted the message
    with Store.open(db_path) as store:
        assert store.pending() == []
        assert [i.id for i in store.unconfirmed()] == [item_id]
        assert store.claim(item_id) is False
        # an operator who knows it never arrived puts it back
        assert store.requeue(item_id)
        assert [i.id for i in store.pending()] == [item_id]


def test_a_dead_letter_is_kept_never_due_and_requeued_with_fresh_attempts(store: Store) -> None:
    item_id = store.enqueue("email:a", "k", {"event_ids": [1]})
    for _ in range(3):
        assert store.claim(item_id)
        store.mark_failed(item_id, "451 later", utcnow() - timedelta(minutes=1))
    store.mark_dead(item_id, "550 no such user")
    assert store.pending() == [] and store.undelivered() == [] and store.claim(item_id) is False
    (dead,) = store.dead_letters()
    assert (dead.id, dead.state, dead.attempts, dead.last_error) == (item_id, "dead", 3, "550 no such user")
    assert store.last_event_id("email:a") == 1, "its events stay queued: never put in a new item"
    assert store.requeue(item_id)
    (item,) = store.pending()
    assert (item.state, item.attempts) == ("pending", 0)
    store.mark_sent(item_id)
    store.mark_dead(item_id, "late")  # never on a sent item
    assert store.dead_letters() == [] and store.outbox_items()[0].state == "sent"


def test_a_version_stored_without_its_event_is_found_again(store: Store) -> None:
    url = "http://gov.test/2.html"
    run = store.start_run(["gov"])
    first = store.record_version("gov", make_doc(url, "甲"), raw=None, run_id=run)
    store.add_event(EventKind.BASELINE, source="gov", message="1 documents now watched", dedup_key="baseline:gov")
    assert store.unreported() == []  # the baseline stands for every document it counted
    changed = store.record_version("gov", make_doc(url, "乙"), raw=None, run_id=store.start_run(["gov"]))
    # killed here: the redone run sees "乙" as unchanged, but the change is still owed
    assert store.record_version("gov", make_doc(url, "乙"), raw=None, run_id=store.start_run(["gov"])).kind == "unchanged"
    [owed] = store.unreported("gov")
    assert (owed.kind, owed.previous.number, owed.version.number) == ("new_version", 1, 2)
    assert owed.version == store.version(first.document.id, 2)
    store.add_event(EventKind.CHANGED, source="gov", document_id=changed.document.id, old_version=1, new_version=2)
    assert store.unreported() == []
    # a return whose event was lost is owed as a return; new documents until reported or marked
    back = store.record_version("gov", make_doc(url, "甲"), raw=None, run_id=store.start_run(["gov"]))
    other = store.record_version("gov", make_doc(url + "?x", "丙"), raw=None, run_id=run)
    assert [(o.kind, o.document.id, o.same_as) for o in store.unreported()] == [
        ("returned", back.document.id, 1), ("new_document", other.document.id, None)]
    store.add_event(EventKind.RETURNED, source="gov", document_id=back.document.id, old_version=2, new_version=3)
    store.mark_reported(other.document.id, 1)
    assert store.unreported() == []


def test_last_changes_are_each_document_s_newest_version_after_its_first(store: Store) -> None:
    run = store.start_run(["gov"])
    changed, unchanged, quiet = "http://gov.test/1.html", "http://gov.test/2.html", "http://gov.test/3.html"
    for url in (changed, unchanged, quiet):
        store.record_version("gov", make_doc(url, "正文"), raw=None, run_id=run, now=at(0))
    first = store.record_version("gov", make_doc(changed, "正文一"), raw=None, run_id=run, now=at(1)).document.id
    store.record_version("gov", make_doc(changed, "正文二"), raw=None, run_id=run, now=at(3))
    # a version stored with no event of its own (as a copy in another source taking its original's
    # repeal is) is a change all the same: `list` showed "v2  —" for it
    third = store.record_version("gov", make_doc(quiet, "正文三"), raw=None, run_id=run, now=at(2)).document.id
    store.add_event(EventKind.CHANGED, source="gov", document_id=first, changeset=CHANGES, run_id=run, at=at(3))
    # a later event that is no new version (missing) moves nothing; a first version is no change
    store.add_event(EventKind.MISSING, source="gov", document_id=first, run_id=run, at=at(9))
    assert store.last_changes() == {first: at(3), third: at(2)}


def test_the_dead_letter_migration_keeps_every_outbox_row(tmp_path) -> None:
    from policywatch.state.connection import connect
    from policywatch.state.schema import MIGRATIONS

    path = tmp_path / "old.db"
    db = connect(path)
    MIGRATIONS.apply(db, stop_before="0006_outbox_dead")
    for row in ((3, "email:a", "k1", "failed", 2, "451 later"), (5, "webhook:b", "k2", "sent", 1, "")):
        db.execute("""INSERT INTO outbox (id, channel, key, payload, state, attempts, last_error, created_at)
                      VALUES (?, ?, ?, '{"event_ids": [1]}', ?, ?, ?, '2026-01-02T00:00:00+00:00')""", row)
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert [(i.id, i.channel, i.key, i.state, i.attempts, i.last_error) for i in store.outbox_items()] == [
            (3, "email:a", "k1", "failed", 2, "451 later"), (5, "webhook:b", "k2", "sent", 1, "")]
        store.mark_dead(3, "550 no such user")
        assert [i.id for i in store.dead_letters()] == [3]
        assert store.enqueue("email:a", "k1", {}) is None, "(channel, key) stays unique"
