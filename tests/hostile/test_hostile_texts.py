"""Every stage that reads document text finishes on long runs of one character (tests/hostile/texts.py).

A regular expression that retries a long run from each of its characters (or splits it every way
between two repeats) takes minutes to hours on 20,000 characters; linear reading takes well under
a second. Each case runs in a forked child stopped after CASE_TIMEOUT, so a regression fails with
the stage and the run named instead of hanging the suite. Growth with length is measured by
benchmarks/hostile_texts.py, not here.
"""

from __future__ import annotations

import pytest

from tests.hostile.texts import RUNS, STAGES, run_case, warm

LENGTH = 20_000
CASE_TIMEOUT = 60.0  # seconds; each case takes well under one when read in linear time


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm()  # the children fork from a process that has imported and compiled everything


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_every_stage_reads_long_runs_of_one_character(stage: str) -> None:
    failed = {}
    for run in RUNS:
        outcome, detail = run_case(stage, run, LENGTH, CASE_TIMEOUT)
        if outcome != "ok":
            failed[run] = (outcome, detail)
    assert not failed, f"{stage}: {failed}"
