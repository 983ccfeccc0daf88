"""A user's ignore pattern that backtracks without end (`(a+)+$` against a long run of a's) does
not hang a run: it is stopped after its time budget, the error names the pattern, the page's
stored version stands and the source's other documents are read."""

from __future__ import annotations

import time
from pathlib import Path

from policywatch.demo.server import LoopbackSite, Response
from tests import traps
from tests.unseen import run_json, write_config

HTML = {"Content-Type": "text/html; charset=utf-8"}
HOSTILE, PLAIN = list(traps.DOCS)
PATTERN = "(a+)+$"


def test_a_catastrophic_ignore_pattern_is_stopped_and_named(tmp_path: Path) -> None:
    state = {"round": 0}
    routes = traps._column([HOSTILE, PLAIN])
    title, lines = traps.DOCS[HOSTILE]
    # a line that (a+)+$ cannot match: 2**3000 ways to try
    hostile = Response(body=traps.article(title, [*lines, "a" * 3000 + "b"]), headers=HTML)
    routes[HOSTILE] = lambda request, doc=routes[HOSTILE]: hostile if state["round"] else doc
    with LoopbackSite(routes=routes) as site:
        source = traps.source_lines("gov", site.base_url) + f"\nignore_patterns = ['{PATTERN}', '^浏览次数.*$']"
        config = write_config(tmp_path, source)
        first = run_json(config)
        assert first["counts"]["new_documents"] == 2 and not first["errors"], first
        state["round"] = 1
        began = time.monotonic()
        report = run_json(config)
        took = time.monotonic() - began
    assert took < 60, took
    (error,) = report["errors"]
    assert HOSTILE in error and repr(PATTERN) in error and "ignore_patterns" in error, error
    assert report["counts"]["changes"] == 0 and report["counts"]["missing"] == 0
