"""Hostile document shapes through the public commands: a 1 MB text on one line, 200,000 lines of
a bare `第一条`, and the policy markers （一）1.（1）① nested 10,000 times (a line each, and all on
one line); and for `segment` alone a 5 MB line, 100,000 markers and a chain of 20 nested levels
3,000 times over (a line each, and all on one line). `segment` and `diff --format json` must finish, in a fresh process under a hang guard
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


# Every level the grammar nests, one inside the other (编 … 条, 项 目, ①, (a), the second glyph
# styles ㈠ ⑴ ⒈ 1） a）, dotted 1.1 … 1.1.1.1, —— and ●): 20 markers a chain.
_CHAIN = ("第一编 总则", "第一分编 通则", "第一章 一般规定", "第一节 基本原则", "第一条 为了规范管理，制定本条例。",
          "（一）组织领导；", "1.建立机制；", "（1）明确责任；", "①落实分工；", "(a) 细化要求；",
          "㈠第十一层要求；", "⑴第十二层要求；", "⒈第十三层要求；", "1）第十四层要求；", "a）第十五层要求；",
          "1.1 第十六层", "1.1.1 第十七层", "1.1.1.1 第十八层", "——第十九层要点。", "● 第二十层要点。")


def _segment_shapes() -> dict[str, str]:
    from policywatch.grammar import format_chinese

    markers = "".join(f"{format_chinese(k)}、第{k}项任务\n（{format_chinese(k % 50 + 1)}）推进第{k}项工作。\n"
                      f"{k % 99 + 1}.落实措施。\n（{k % 20 + 1}）细化分工。\n" for k in range(1, 25_001))
    return {
        "one_line_5mb": (_UNIT * (5_000_000 // len(_UNIT.encode()) + 1))[:1_800_000],  # 5.2 MB of UTF-8
        "markers_100k": markers,
        "nested_20_levels": "\n".join(_CHAIN * 3000),
        "nested_20_levels_inline": "".join(_CHAIN) * 3000,
    }


@pytest.mark.parametrize("name", sorted(_segment_shapes()))
def test_segment_reads_a_huge_or_deep_shape_whole_in_bounded_time_and_memory(tmp_path: Path, name: str) -> None:
    """A 5 MB line, 100,000 markers, 20 levels of numbering 3,000 times over: `segment` finishes
    (each ~1-3 s of CPU here) and the clauses hold the whole text, in order, once (a line holding
    two markers is cut between two clauses)."""
    text = _segment_shapes()[name]
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    done = _run(["segment", str(path), "--format", "json"])
    assert done.returncode == 0, done.stderr[-2000:]
    clauses = json.loads(done.stdout)["clauses"]
    assert "".join("".join(c["text"].split()) for c in clauses) == "".join(text.split())
    if name == "nested_20_levels":  # the chain nests as deep as its families differ
        assert max(c["path"].count("/") + 1 for c in clauses) >= 14
