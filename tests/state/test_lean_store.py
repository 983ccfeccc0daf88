"""Each change is stored once, compactly: bodies against their previous version, runs by event id (issue 15)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from sqlite_utils import Database

from policywatch.model import EventKind
from policywatch.state import Store
from policywatch.state.connection import connect
from policywatch.state.schema import MIGRATIONS

from .helpers import at, make_doc, make_fetch
from .test_events_outbox import CHANGES

PARAGRAPHS = [f"第{n}条 对符合条件的第{n}类项目，按照实际投入给予最高{n * 37}万元资助，具体办法另行制定。" for n in range(1, 120)]


def _blob_row(store: Store, digest: str) -> tuple[int, str | None]:
    length, base = store.db.execute("SELECT length(data), base FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    return length, base


def test_an_edited_version_is_stored_against_the_previous_one_and_reads_back_exactly(store: Store) -> None:
    run = store.start_run(["gov"])
    url = "http://gov.test/1.html"
    texts = ["\n".join(PARAGRAPHS)]
    for n in range(1, 4):  # each version changes one amount of the one before
        texts.append(texts[-1].replace(f"最高{n * 37}万元", f"最高{n * 37 + 1}万元"))
    outcomes = [store.record_version("gov", make_doc(url, text), raw=make_fetch(url, f"<p>{text}</p>", when=at(i)),
                                     run_id=run, now=at(i)) for i, text in enumerate(texts)]
    first_text = store.db.execute("SELECT text_sha256 FROM versions WHERE number = 1").fetchone()[0]
    first_length, first_base = _blob_row(store, first_text)
    assert first_base is None
    for outcome in outcomes[1:]:
        text_sha = store.db.execute("SELECT text_sha256 FROM versions WHERE number = ?",
                                    [outcome.version.number]).fetchone()[0]
        length, base = _blob_row(store, text_sha)
        assert base == first_text  # always against a self-contained body: no chains to follow
        assert length * 5 < first_length
        raw_length, raw_base = _blob_row(store, outcome.version.raw_sha256)
        assert raw_base == outcomes[0].version.raw_sha256 and raw_length * 5 < first_length
    store.texts = type(store.texts)()  # read from the database, not the cache
    assert [v.display_text for v in store.versions(outcomes[0].document.id)] == texts
    assert store.raw_body(outcomes[-1].version.raw_sha256) == f"<p>{texts[-1]}</p>".encode()
    # a base body is kept by prune while a body is compressed against it
    store.db.execute("UPDATE versions SET raw_sha256 = NULL WHERE number = 1")
    store.prune(at(100))
    assert store.raw_body(outcomes[-1].version.raw_sha256) == f"<p>{texts[-1]}</p>".encode()


def test_an_unrelated_new_version_is_stored_whole(store: Store) -> None:
    run = store.start_run(["gov"])
    url = "http://gov.test/2.html"
    store.record_version("gov", make_doc(url, "\n".join(PARAGRAPHS)), raw=None, run_id=run, now=at(0))
    rewritten = "\n".join(p[::-1] for p in PARAGRAPHS[:40])
    out = store.record_version("gov", make_doc(url, rewritten), raw=None, run_id=run, now=at(1))
    text_sha = store.db.execute("SELECT text_sha256 FROM versions WHERE number = 2").fetchone()[0]
    assert _blob_row(store, text_sha)[1] is None
    assert out.version.display_text == rewritten


def test_a_run_keeps_its_events_by_id_and_gives_its_summary_back_whole(store: Store) -> None:
    run = store.start_run(["gov"])
    doc_id = store.record_version("gov", make_doc("http://gov.test/1.html", "正文"), raw=None, run_id=run).document.id
    event = store.add_event(EventKind.CHANGED, source="gov", document_id=doc_id, old_version=1, new_version=2,
                            changeset=CHANGES, run_id=run, dedup_key="k", at=at(1))
    summary = {"schema_version": 1, "counts": {"changes": 1}, "events": [event.to_dict()], "warnings": []}
    store.finish_run(run, summary, at=at(2))
    stored = json.loads(store.db.execute("SELECT summary FROM runs WHERE id = ?", [run]).fetchone()[0])
    assert stored == {"schema_version": 1, "counts": {"changes": 1}, "event_ids": [event.id], "warnings": []}
    changeset = store.db.execute("SELECT changeset, changeset_z FROM events WHERE id = ?", [event.id]).fetchone()
    assert changeset[0] is None and json.loads(zlib.decompress(changeset[1])) == json.loads(CHANGES.to_json())
    last = store.last_run("gov")
    assert last is not None
    assert last.summary == json.loads(json.dumps(summary, ensure_ascii=False, default=str))
    assert list(last.summary) == list(summary)


def test_a_summary_naming_an_unknown_event_is_kept_whole(store: Store) -> None:
    run = store.start_run(["gov"])
    summary = {"counts": {"changes": 1}, "events": [{"id": 999, "kind": "changed"}]}
    store.finish_run(run, summary, at=at(2))
    assert store.last_run().summary == summary


def test_the_migration_slims_an_existing_store_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db: Database = connect(path)
    MIGRATIONS.apply(db, stop_before="0004_speed_lean_store")
    db.execute("INSERT INTO sources (name, created_at) VALUES ('gov', '2026-01-01')")
    db.execute("""INSERT INTO events (id, kind, source, changeset, detected_at, run_id)
                  VALUES (7, 'changed', 'gov', ?, '2026-01-02T00:00:00+00:00', 1)""", [CHANGES.to_json()])
    db.execute("INSERT INTO runs (id, started_at) VALUES (1, '2026-01-02T00:00:00+00:00')")
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        (event,) = store.events()
        assert event.changeset == CHANGES
        store.finish_run(1, {"counts": {}, "events": [event.to_dict()]})
    # an old-format runs row (events copied in full) is slimmed by the migration too
    db = connect(path)
    summary = {"counts": {}, "events": [event.to_dict()]}
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_speed_lean_store'")
    db.execute("UPDATE runs SET summary = ? WHERE id = 1", [json.dumps(summary, ensure_ascii=False)])
    for statement in ("DROP INDEX events_run", "DROP INDEX blobs_base", "ALTER TABLE blobs DROP COLUMN base",
                      "UPDATE events SET changeset = ?", "ALTER TABLE events DROP COLUMN changeset_z"):
        db.execute(statement, [CHANGES.to_json()] if "?" in statement else [])
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert json.loads(store.db.execute("SELECT summary FROM runs").fetchone()[0]) == {"counts": {}, "event_ids": [7]}
        assert store.db.execute("SELECT changeset FROM events").fetchone()[0] is None
        assert store.events()[0].changeset == CHANGES
        assert store.last_run().summary == json.loads(json.dumps(summary, ensure_ascii=False))
