"""Ctrl-C in any command: exit 130 and one line, never a result code a script would act on."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policywatch.cli import EXIT_INTERRUPTED, cli

OLD = "第一条 为了规范管理，制定本办法。\n第二条 补贴100万元。\n"
NEW = "第一条 为了规范管理，制定本办法。\n第二条 补贴200万元。\n"


def _ctrl_c(*args: Any, **kwargs: Any) -> None:
    """A real SIGINT to this process while the command works (what a terminal's Ctrl-C sends);
    Python's handler raises KeyboardInterrupt where the command is."""
    os.kill(os.getpid(), signal.SIGINT)
    signal.sigtimedwait([], 1)  # never reached: the handler raises first


@pytest.mark.parametrize(("command", "target", "result_code"), [
    # diff's 1 is "changes", amend's 1 "not every instruction applied": both were what Ctrl-C
    # gave (click's "Aborted!"), so `policywatch diff a b || notify` announced a change
    ("diff", "policywatch.diffing.diff_texts", 1),
    ("amend", "policywatch.pipeline.amendments.consolidate", 1),
    ("segment", "policywatch.diffing.segment", 0),
])
def test_ctrl_c_exits_130_not_a_result_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str,
                                            target: str, result_code: int) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    args = {"diff": [str(old), str(new)], "amend": [str(new), str(old)], "segment": [str(old)]}[command]
    monkeypatch.setattr(target, _ctrl_c)
    result = CliRunner().invoke(cli, [command, *args])
    assert result.exit_code == EXIT_INTERRUPTED != result_code, result.output
    assert "interrupted by Ctrl-C" in result.stderr and "Aborted!" not in result.output
    assert result.stdout == "", "no partial result was printed"
