"""Progress of long runs: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

logger = logging.getLogger("policywatch.progress")

Progress = Callable[[str, int, int, str], None]
LOG_EVERY = 50  # documents between two progress log lines when not on a terminal


def progress_reporter(verbose: int, *, stream=None) -> Progress:  # type: ignore[no-untyped-def]
    """A progress callback: a redrawn bar when stderr is a terminal, else a log line every few items."""
    out = stream or sys.stderr
    if out.isatty():
        return _bar(out)
    return _log_lines if verbose else _silent


def _silent(phase: str, done: int, total: int, label: str) -> None:
    return None


def _log_lines(phase: str, done: int, total: int, label: str) -> None:
    if done == total or done % LOG_EVERY == 0:
        logger.info("%s: %d/%d documents checked", phase, done, total)


def _bar(out) -> Progress:  # type: ignore[no-untyped-def]
    def draw(phase: str, done: int, total: int, label: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\r{phase} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            out.write("\n")
        out.flush()

    return draw
