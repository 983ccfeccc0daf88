"""Damaged, truncated and missing stores are refused before any write; interrupted runs' events are owed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.config import load_settings
from policywatch.demo import LoopbackSite, site_root
from policywatch.errors import StoreError
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import demo_config


def _first_run(tmp_path: Path, site: LoopbackSite) -> Path:
    config = demo_config(tmp_path, site.base_url)
    result = CliRunner().invoke(cli, ["run", "--config", str(config), "--json"])
    assert result.exit_code == 0, result.output
    return config


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_random_bytes_in_the_middle_exit_3_before_a_runs_row_is_written(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = _first_run(tmp_path, demo_site)
    database = tmp_path / "pw.db"
    size = database.stat().st_size
    with database.open("r+b") as handle:  # one whole page in the middle: b-tree structure, not just text
        page = 4096
        handle.seek((size // 2) // page * page)
        handle.write(os.urandom(page))
    before = _digest(database)
    result = CliRunner().invoke(cli, ["run", "--config", str(config), "--json"])
    assert result.exit_code == 3, result.output
    assert "damaged" in result.output and "backup" in result.output
    assert _digest(database) == before, "not a byte was written into the damaged file"


@pytest.mark.parametrize("damage", ["truncated", "deleted"])
def test_a_store_truncated_or_deleted_is_refused_with_the_restore_command(
    tmp_path: Path, demo_site: LoopbackSite, damage: str
) -> None:
    config = _first_run(tmp_path, demo_site)
    database = tmp_path / "pw.db"
    sidecar = tmp_path / "pw.db.store.json"
    assert json.loads(sidecar.read_text(encoding="utf-8"))["documents"] > 0
    if damage == "truncated":
        database.write_bytes(b"")
    else:
        database.unlink()
    result = CliRunner().invoke(cli, ["run", "--config", str(config), "--json"])
    assert result.exit_code == 3, result.output
    assert ("is empty" if damage == "truncated" else "is missing") in result.output
    assert "cp BACKUP.db" in result.output and str(sidecar) in result.output
    assert (database.stat().st_size == 0) if damage == "truncated" else not database.exists(), "left as found"
    sidecar.unlink()  # the documented way to start afresh on purpose
    assert CliRunner().invoke(cli, ["run", "--config", str(config), "--json"]).exit_code == 0


def test_a_new_store_without_a_sidecar_is_created_as_before(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        store.check_before_run()
    assert not (tmp_path / "new.db.store.json").exists(), "an empty store leaves no record"


def test_a_change_committed_before_a_full_disk_appears_in_the_next_run_json_once(
    tmp_path: Path, demo_site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(demo_config(tmp_path, demo_site.base_url))
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
    demo_site.set_root(site_root("after"))

    def disk_full(self, run_id, summary):  # type: ignore[no-untyped-def]
        raise StoreError("store pw.db cannot grow: the disk is full (simulated)")

    with Store.open(settings.database) as store, monkeypatch.context() as patch:
        patch.setattr(Store, "finish_run_settling", disk_full)
        with pytest.raises(StoreError, match="disk is full"):
            run_once(settings, store, build_report_site=False, deliver=False)
        committed = [e.id for e in store.events() if e.kind is EventKind.CHANGED]
    assert committed, "the interrupted run committed its changes"
    with Store.open(settings.database) as store:
        next_run = run_once(settings, store, build_report_site=False, deliver=False)
        after_that = run_once(settings, store, build_report_site=False, deliver=False)
    carried = [e.id for e in next_run.events if e.kind is EventKind.CHANGED]
    assert sorted(carried) == sorted(committed), "the next run --json carries what the interrupted run found"
    assert not [e for e in after_that.events if e.kind is EventKind.CHANGED], "and only once"


def test_a_damaged_stored_body_is_a_store_error_not_a_zlib_traceback(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """Bytes flipped inside one version's compressed text (bit rot, a bad sector): zlib failed
    before the body's hash was checked, and `show`, `history` and `export` ended in a traceback."""
    import sqlite3

    config = _first_run(tmp_path, demo_site)
    with sqlite3.connect(tmp_path / "pw.db") as db:
        document, digest = db.execute("SELECT document_id, text_sha256 FROM versions ORDER BY id LIMIT 1").fetchone()
        packed = bytearray(db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()[0])
        for i in range(8, min(len(packed), 40)):
            packed[i] ^= 0x5A
        db.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", [bytes(packed), digest])
    for args in (["show", str(document)], ["history", str(document)], ["export", "--kind", "versions"]):
        result = CliRunner().invoke(cli, [*args, "--config", str(config)])
        assert result.exit_code == 3, (args, result.output)
        assert f"stored body {digest} does not match its hash: the database is damaged" in result.stderr, args
        assert result.exception is None or isinstance(result.exception, SystemExit), args


@pytest.mark.parametrize(("damage", "commands", "said"), [
    # a byte flipped inside a value: SQLite checks its pages, not what they hold
    ("UPDATE documents SET metadata = substr(metadata, 1, 12) WHERE id = {doc}", ["list", "related {doc}"],
     "stored document (row {doc}) cannot be read (JSONDecodeError"),
    ("UPDATE versions SET metadata = '[1,2' WHERE document_id = {doc}", ["show {doc}", "diff {doc} {doc}"],
     "cannot be read (JSONDecodeError"),
    # what a newer policywatch may write without a migration this one knows of
    ("UPDATE documents SET status = 'archived-v9' WHERE id = {doc}", ["list --format json", "history {doc}"],
     "'archived-v9' is not a valid DocumentStatus"),
    ("UPDATE versions SET text_sha256 = '00' WHERE document_id = {doc}", ["show {doc}"],
     "stored body 00 is missing: the database is damaged"),
])
def test_a_stored_row_that_cannot_be_read_is_a_store_error(tmp_path: Path, demo_site: LoopbackSite, damage: str,
                                                           commands: list[str], said: str) -> None:
    """Each was a JSONDecodeError, ValueError or KeyError traceback (exit 1; `diff`: exit 2 naming
    the Python error) in the reading commands."""
    import sqlite3

    config = _first_run(tmp_path, demo_site)
    with sqlite3.connect(tmp_path / "pw.db") as db:
        doc = db.execute("SELECT min(document_id) FROM versions").fetchone()[0]
        db.execute(damage.format(doc=doc))
    for command in commands:
        args = command.format(doc=doc).split()
        result = CliRunner().invoke(cli, [*args, "--config", str(config)])
        assert result.exit_code == (2 if args[0] == "diff" else 3), (args, result.output)
        assert said.format(doc=doc) in result.stderr, (args, result.stderr)
        assert isinstance(result.exception, SystemExit), (args, result.exception)


@pytest.mark.parametrize("sidecar", ["[1, 2]", "7", '{"documents": ', ""])
def test_an_empty_store_with_a_sidecar_of_any_shape_is_refused_with_the_restore_command(tmp_path: Path,
                                                                                       sidecar: str) -> None:
    """The sidecar is only a hint: one that is JSON but not an object ended `list` in an AttributeError."""
    (tmp_path / "pw.db").write_bytes(b"")
    (tmp_path / "pw.db.store.json").write_text(sidecar, encoding="utf-8")
    config = tmp_path / "policywatch.toml"
    config.write_text('database = "pw.db"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["list", "--config", str(config)])
    assert result.exit_code == 3, result.output
    assert "is empty (0 bytes), but it held some documents" in result.stderr and "cp BACKUP.db" in result.stderr


def test_a_reading_command_on_a_damaged_store_prints_the_error_alone(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """`history` printed the document's line, then hit the damaged text and exited 3: a reader
    (or a script) got a history cut short. Each reading command reads all it needs first."""
    import sqlite3

    config = _first_run(tmp_path, demo_site)
    with sqlite3.connect(tmp_path / "pw.db") as db:
        doc = db.execute("SELECT min(document_id) FROM versions").fetchone()[0]
        db.execute("UPDATE versions SET text_sha256 = '00' WHERE document_id = ?", [doc])
    for args in (["history", str(doc)], ["show", str(doc)], ["export", "--kind", "versions"],
                 ["export", "--kind", "versions", "--format", "csv"]):
        result = CliRunner().invoke(cli, [*args, "--config", str(config)])
        assert result.exit_code == 3, (args, result.output)
        assert "stored body 00 is missing: the database is damaged" in result.stderr, (args, result.stderr)
        assert result.stdout == "", (args, result.stdout)


def test_a_version_whose_raw_bytes_are_missing_is_store_damage(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """`show --raw` ended in a KeyError traceback (exit 1) when a version's raw body was gone.
    prune never drops a body a version points at, so its absence is damage: exit 3, said so."""
    import sqlite3

    config = _first_run(tmp_path, demo_site)
    with sqlite3.connect(tmp_path / "pw.db") as db:
        doc = db.execute("SELECT min(document_id) FROM versions WHERE raw_sha256 IS NOT NULL").fetchone()[0]
        db.execute("UPDATE versions SET raw_sha256 = '00' WHERE document_id = ?", [doc])
    result = CliRunner().invoke(cli, ["show", str(doc), "--raw", "--config", str(config)])
    assert result.exit_code == 3, result.output
    assert "stored body 00 is missing: the database is damaged" in result.stderr
    assert result.stdout == ""


def test_a_check_on_a_closed_store_is_no_verdict_of_damage(tmp_path: Path) -> None:
    # ProgrammingError (a connection closed or misused) is a DatabaseError too, but says nothing
    # of the file: telling it as damage would send the user to restore a sound store from backup
    store = Store.open(tmp_path / "pw.db")
    store.close()
    with pytest.raises(StoreError) as raised:
        store.check_before_run()
    assert "damaged" not in str(raised.value) and "closed database" in str(raised.value), raised.value
