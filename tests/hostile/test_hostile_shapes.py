"""Hostile document shapes through the public commands: a 1 MB text on one line, 200,000 lines of
a bare `第一条`, and the policy markers （一）1.（1）① nested 10,000 times (a line each, and all on
one line). `segment` and `diff --format json` must finish, in a fresh process under a hang guard
and a memory cap, with the right reading: each shape read in linear time (measured here at 1-15 s
of CPU on the 2-core machine; a regex that retried a run or an alignment that compared every
clause with every other would take hours or exhaust the cap)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 120.0  # seconds for one command; each takes at most about 15 s here
MEMORY_CAP = 3 << 30  # bytes of address space; each command peaks under 400 MB resident

_UNIT = "（一）加强组织领导，落实主体责任，最高资助1000万元；1.完善制度（1）建立台账①明确分工第一条规定，"


def _shapes() -> dict[str, tuple[str, str, dict[str, int]]]:
    """name -> (old, new, the diff's expected summary counts that are not zero)."""
    line = (_UNIT * (1_000_000 // len(_UNIT) + 1))[:1_000_000]
    nested = "".join(f"（一）第{i}层\n1.子项\n（1）细目\n①要点\n" for i in range(10_000))
    inline = "（一）1.（1）①" * 10_000
    return {
        # one line: the same text but three amounts (at the head of the line)
        "one_line": (line, line.replace("1000万元", "500万元", 3), {}),
        # the last ten of 200,000 bare articles give way to ten new ones
        "bare_articles": ("第一条\n" * 200_000, "第一条\n" * 199_990 + "第二条 新增\n" * 10,
                          {"added": 10, "deleted": 10}),
        "nested_lines": (nested, nested.replace("第5000层", "第五千层"), {"modified": 1}),
        "nested_inline": (inline, inline + "新增", {}),
    }


def _run(args: list[str]) -> subprocess.CompletedProcess:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=HANG_GUARD, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[0]} did not finish in {HANG_GUARD:.0f} s")


@pytest.mark.parametrize("name", sorted(_shapes()))
def test_a_hostile_shape_is_segmented_and_diffed_in_bounded_time_and_memory(tmp_path: Path, name: str) -> None:
    old, new, counts = _shapes()[name]
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    done = _run(["segment", str(a)])
    assert done.returncode == 0 and done.stdout, done.stderr[-2000:]
    done = _run(["diff", "--format", "json", str(a), str(b)])
    assert done.returncode == 1, done.stderr[-2000:]
    summary = json.loads(done.stdout)["summary"]
    assert sum(summary.values()) >= 1, summary
    assert {k: v for k, v in summary.items() if k in counts} == counts, summary
