"""Opening the store: migrations, pragmas, and unusable files reported as StoreError without damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from policywatch.errors import StoreError
from policywatch.state import Store
from policywatch.state.schema import MIGRATIONS

from .helpers import at, make_doc, make_fetch

TABLES = {"sources", "runs", "blobs", "documents", "aliases", "versions", "fetches", "events", "outbox", "discovered"}


def test_migrations_create_every_table_and_reopen_is_a_no_op(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert set(store.db.table_names()) >= TABLES
        applied = [m.name for m in MIGRATIONS.applied(store.db)]
        assert applied[:3] == ["0001_initial", "0002_versions_reported", "0003_discovered"]
        assert "0004_speed_lean_store" in applied
        assert "0005_lineage_relations" in applied
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        store.ensure_source("gov")
    with Store.open(db_path) as store:
        assert [m.name for m in MIGRATIONS.applied(store.db)] == applied
        assert MIGRATIONS.pending(store.db) == []
        assert [h.name for h in store.source_health()] == ["gov"]
        assert store.integrity_check() == "ok"


def test_a_store_a_newer_policywatch_migrated_is_refused_untouched(db_path: Path) -> None:
    """A newer version's migration may give a table another meaning: reading or writing it as
    the old layout could corrupt it, so the store is refused (exit 3) and left as it is."""
    with Store.open(db_path) as store:
        store.ensure_source("gov")
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('policywatch', '0099_versions_partitioned', '2031-01-01 00:00:00+00:00')")
        conn.execute("ALTER TABLE versions ADD COLUMN partition_key TEXT")
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"written by a newer policywatch.*0099_versions_partitioned.*upgrade"):
        Store.open(db_path)
    assert db_path.read_bytes() == before
    # the variant: another program's migration set in the same file is not ours to judge
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0099_versions_partitioned'")
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('datasette-plugin', '0001_extra', '2031-01-01 00:00:00+00:00')")
    with Store.open(db_path) as store:
        assert [h.name for h in store.source_health()] == ["gov"]


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(StoreError):
        store.add_event("changed", source="gov", document_id=999)


@pytest.mark.parametrize("content", [b"this is not a database, just some text\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_non_sqlite_or_corrupt_file_is_a_store_error_and_stays_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "backup" in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]


def test_a_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "x.db")


def test_a_locked_database_is_a_store_error_naming_the_file(db_path: Path) -> None:
    Store.open(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db_path, timeout=0.2) as store:
            run = store.last_run()  # reading still works in WAL mode
            assert run is None
            with pytest.raises(StoreError) as caught:
                store.start_run(["gov"])
            assert str(db_path) in str(caught.value)
            assert "locked" in str(caught.value)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_full_disk_is_a_store_error_and_leaves_stored_data_intact(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.ensure_source("gov")
        run = store.start_run(["gov"])
        first = store.record_version("gov", make_doc("http://a/1", "第一条 原文。"), raw=make_fetch("http://a/1", "<p>原文</p>"),
                                     run_id=run, now=at(0))
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        huge = "".join(f"第{i}条 内容{i * 7919 % 100003}。\n" for i in range(40_000))
        with pytest.raises(StoreError) as caught:
            store.record_version("gov", make_doc("http://a/1", huge), raw=make_fetch("http://a/1", huge.encode() * 2),
                                 run_id=run, now=at(1))
        assert str(db_path) in str(caught.value)
        assert "full" in str(caught.value)
    with Store.open(db_path) as store:
        assert store.integrity_check() == "ok"
        versions = store.versions(first.document.id)
        assert [v.number for v in versions] == [1]
        assert versions[0].display_text == "第一条 原文。"
        assert store.document(first.document.id).version_count == 1
