"""Run the `diff --format html` command twice in fresh processes sharing one per-user cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def counts_of_two_runs(tmp_path: Path, probe: str, label: str) -> list[int]:
    """`probe` runs the command (its argv follows it) and writes `label N` to stderr; the N of two runs.

    Both runs diff two one-line files with the cache in `tmp_path/cache`: the first process fills
    the cache, the second should find everything there."""
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("一、总则\n", encoding="utf-8")
    new.write_text("一、总则改\n", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    counts = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", probe, "diff", str(old), str(new), "--format", "html"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        assert done.returncode == 1 and "<ins>改</ins>" in done.stdout, done.stderr
        counts.append(int(done.stderr.split(f"{label} ")[-1].split()[0]))
    return counts
