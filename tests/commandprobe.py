"""Run the `diff --format html` command twice in fresh processes sharing one per-user cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def counts_of_two_runs(tmp_path: Path, setup: str, count: str) -> list[int]:
    """`count` (a Python expression) after the command ran, in each of two processes: `setup` is
    run first, then `python -m policywatch diff --format html` of two one-line files.

    Both runs share one cache in `tmp_path/cache`: the first process fills it, the second should
    find everything there. The count is taken as the command returns, before its exit handlers
    write the caches."""
    probe = (f"import runpy, sys\n{setup}\n"
             "sys.argv = ['policywatch', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('policywatch', run_name='__main__', alter_sys=True)\n"
             f"finally:\n    sys.stderr.write(f'\\nCOUNT {{{count}}}\\n')\n")
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("一、总则\n", encoding="utf-8")
    new.write_text("一、总则改\n", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    counts = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", probe, "diff", str(old), str(new), "--format", "html"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        assert done.returncode == 1 and "<ins>改</ins>" in done.stdout, done.stderr
        counts.append(int(done.stderr.split("COUNT ")[-1].split()[0]))
    return counts
