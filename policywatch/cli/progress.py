"""Progress of long runs: a tqdm bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TextIO

logger = logging.getLogger("policywatch.progress")

Progress = Callable[[str, int, int, str], None]
LOG_EVERY = 50  # documents between two progress log lines when not on a terminal


def progress_reporter(verbose: int, *, stream: TextIO | None = None) -> Progress:
    """A progress callback: a bar when stderr is a terminal, else a log line every few items (with -v)."""
    out = stream or sys.stderr
    if out.isatty():
        return _TqdmBars(out)
    return _log_lines if verbose else _silent


def _silent(phase: str, done: int, total: int, label: str) -> None:
    return None


def _log_lines(phase: str, done: int, total: int, label: str) -> None:
    if done == total or done % LOG_EVERY == 0:
        logger.info("%s: %d/%d documents checked", phase, done, total)


class _TqdmBars:
    """One tqdm bar per phase (source), closed when it completes."""

    def __init__(self, out: TextIO):
        self._out = out
        self._bars: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int, label: str) -> None:
        from tqdm import tqdm

        bar = self._bars.get(phase)
        if bar is None:
            bar = self._bars[phase] = tqdm(total=total, desc=phase, unit="doc", file=self._out, leave=True)
        bar.total = max(bar.total or 0, total)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            del self._bars[phase]
