"""Crash safety and live backups: SIGKILL in the middle of writes, and copies taken while writing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from policywatch.errors import UsageError
from policywatch.state import Store

from .helpers import assert_consistent
from .writer import report

KILLS = 12


def start_writer(db: Path, seed: int) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "tests.state.writer", str(db), str(seed)], cwd=root,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.slow
def test_sigkill_during_writes_never_leaves_a_half_stored_version(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    Store.open(db).close()
    rng = random.Random(20260101)
    confirmed: dict[int, int] = defaultdict(int)  # document id -> highest number reported stored
    mid_write = 0
    previous_total = 0
    for kill in range(KILLS):
        proc = start_writer(db, kill)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        lines = proc.stdout.read().split("\n")
        last = [line for line in lines if line][-1] if any(lines) else ""
        mid_write += last.startswith("begin")
        for line in lines:
            if line.startswith("done"):
                _, doc_id, number = line.split()
                confirmed[int(doc_id)] = max(confirmed[int(doc_id)], int(number))
        with Store.open(db) as store:
            total = assert_consistent(store)
            for doc_id, number in confirmed.items():  # nothing committed was lost
                assert store.document(doc_id).version_count >= number
        assert total >= previous_total
        previous_total = total
    assert mid_write >= 1, "no kill landed inside a write; the test proved nothing"
    assert previous_total > 0
    with Store.open(db) as store:  # what the next run does first: report what is owed
        for owed in store.unreported():
            report(store, owed)
        events = store.events()
        assert len(events) == previous_total  # every version reported exactly once
        assert len({(e.document_id, e.new_version) for e in events}) == previous_total


@pytest.mark.slow
def test_a_backup_taken_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    Store.open(db).close()
    proc = start_writer(db, 7)
    try:
        assert proc.stdout is not None
        while not proc.stdout.readline().startswith("done"):
            pass
        sizes = []
        with Store.open(db) as live:
            for n in range(3):
                dest = live.backup(tmp_path / f"copy{n}.db")
                with Store.open(dest) as copy:
                    sizes.append(assert_consistent(copy))
                time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait()
    assert sizes[0] >= 1
    assert sizes == sorted(sizes)
    with Store.open(db) as live, pytest.raises(UsageError, match="live database itself"):
        live.backup(db)
    assert not list(tmp_path.glob(".copy*"))  # no temporary file left behind


@pytest.mark.slow
def test_two_processes_writing_the_same_documents_wait_for_each_other(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    Store.open(db).close()
    writers = [start_writer(db, seed) for seed in (1, 2)]
    time.sleep(1.0)
    for proc in writers:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    # both were still writing when killed: neither gave up on "database is locked"
    assert [proc.returncode for proc in writers] == [-signal.SIGKILL, -signal.SIGKILL]
    with Store.open(db) as store:
        assert assert_consistent(store) > 0
        assert len(store.documents()) == 3  # one document per URL, whoever stored it first
