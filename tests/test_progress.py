"""Progress output: a bar on a terminal, log lines otherwise, nothing when quiet."""

from __future__ import annotations

import io
import logging

import pytest

from policywatch.cli.progress import progress_reporter


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal() -> None:
    out = FakeTerminal()
    report = progress_reporter(0, stream=out)
    for done in range(1, 6):
        report("demo", done, 5, f"doc{done}")
    assert "demo" in out.getvalue() and "5/5" in out.getvalue()


def test_log_lines_otherwise(caplog: pytest.LogCaptureFixture) -> None:
    report = progress_reporter(1, stream=io.StringIO())
    with caplog.at_level(logging.INFO, logger="policywatch.progress"):
        for done in range(1, 101):
            report("site", done, 100, "")
    assert [r.getMessage() for r in caplog.records] == ["site: 50/100 documents checked", "site: 100/100 documents checked"]
    quiet = progress_reporter(0, stream=io.StringIO())
    with caplog.at_level(logging.INFO, logger="policywatch.progress"):
        caplog.clear()
        quiet("site", 100, 100, "")
    assert not caplog.records
