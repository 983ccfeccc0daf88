"""The run lock: a live holder blocks with its PID named; a killed holder's lock is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policywatch.errors import LockError
from policywatch.state import RunLock

HOLDER = """
import sys, time
from policywatch.state import RunLock
with RunLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_live_holder_blocks_and_is_named(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    proc = _holder(path)
    try:
        with pytest.raises(LockError) as caught, RunLock(path):
            pass
        assert f"pid {proc.pid}" in str(caught.value)
        assert str(path) in str(caught.value)
    finally:
        proc.kill()
        proc.wait()
    # killed with SIGKILL: the lock file is still there with its PID, and is taken over
    assert path.read_text().strip() == str(proc.pid)
    with RunLock(path) as lock:
        assert lock.stale_pid == proc.pid
        assert path.read_text().strip() == str(os.getpid())


def test_a_stale_lock_file_with_a_dead_pid_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path.write_text(f"{dead.pid}\n")
    with RunLock(path) as lock:
        assert lock.held and lock.stale_pid == dead.pid
        with pytest.raises(LockError):
            RunLock(path).acquire()
    assert not lock.held
    with RunLock(path) as again:
        assert again.stale_pid is None  # released cleanly last time
