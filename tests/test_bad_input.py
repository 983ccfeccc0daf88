"""Bad input everywhere gives one clear line naming the file and what to do, and touches no data."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from policywatch.config import load_settings
from policywatch.errors import ConfigError, StoreError
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import demo_config


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, timeout=300)


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def test_unreadable_template_directory(tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9", extra='templates_dir = "no-such-templates"')
    with pytest.raises(ConfigError, match="templates_dir.*no-such-templates.*not a readable directory"):
        load_settings(config)
    result = run_cli("run", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "templates_dir" in result.stderr


def test_full_disk_stops_the_run_and_keeps_the_data(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    from policywatch.demo import site_root

    settings = load_settings(demo_config(tmp_path, demo_site.base_url))
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
    before = counts(settings.database)
    demo_site.set_root(site_root("after"))
    with Store.open(settings.database) as store:
        pages = store.db.execute("pragma page_count").fetchone()[0]
        store.db.execute(f"pragma max_page_count = {pages}")
        with pytest.raises(StoreError, match="full"):
            run_once(settings, store, build_report_site=False, deliver=False)
    after = counts(settings.database)
    # bookkeeping (the run, its fetch log, the queue of listed URLs) may move; stored data may not
    bookkeeping = ("runs", "fetches", "discovered")
    assert {k: v for k, v in after.items() if k not in bookkeeping} == {
        k: v for k, v in before.items() if k not in bookkeeping
    }
    with sqlite3.connect(settings.database) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_corrupt_database_is_named_and_left_alone(tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    garbage = b"SQLite format 3\x00" + b"\xff" * 4000
    (tmp_path / "pw.db").write_bytes(garbage)
    result = run_cli("status", "--config", str(config))
    assert result.returncode == 3
    assert "pw.db" in result.stderr and result.stderr.count("\n") == 1
    assert (tmp_path / "pw.db").read_bytes() == garbage
