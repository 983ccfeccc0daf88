"""Relation events survive SIGKILL: `policywatch run` killed while linking and while writing
relation events, then run again, reports every relation exactly once and applies every repeal."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from policywatch.demo import LoopbackSite
from policywatch.demo.family import EARLY, FAMILY
from policywatch.demo.sitegen import write_site
from tests.conftest import SmtpCollector, start_smtp
from tests.test_crash import check_consistent, run_until_phase, write_config

# (phase, occurrence): killed part-way through linking and through writing the relation events
KILLS = (("linking", 3), ("writing relation", 2), ("writing relation", 3), ("linking", 1), ("writing relation", 2))


def run_until_nth(config: Path, phase: str, nth: int) -> tuple[str | None, int]:
    """Start a run; SIGKILL it at the nth "phase: …" line of that phase."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "run", "-vv", "--config", str(config)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    hit, seen = None, 0
    for line in proc.stderr:
        if f"phase: {phase}" in line:
            seen += 1
            if seen == nth:
                proc.send_signal(signal.SIGKILL)
                hit = phase
                break
    proc.stderr.close()
    return hit, proc.wait(timeout=300)


@pytest.mark.slow
def test_relation_events_are_reported_once_across_kills(tmp_path: Path) -> None:
    collector = SmtpCollector()
    smtp = start_smtp(collector)
    root = tmp_path / "www"
    write_site(root, [d for d in FAMILY if d.id in EARLY])
    hits: Counter[str] = Counter()
    try:
        with LoopbackSite(root) as site:
            config = tmp_path / "policywatch.toml"
            write_config(config, site.base_url, smtp.port)
            assert run_until_phase(config, None)[1] == 0  # the baseline
            write_site(root, FAMILY)
            for phase, nth in KILLS:
                hit, code = run_until_nth(config, phase, nth)
                if hit:
                    hits[hit] += 1
                    assert code == -signal.SIGKILL
                check_consistent(tmp_path / "pw.db")
            assert run_until_phase(config, None)[1] == 0
            assert run_until_phase(config, None)[1] == 0
    finally:
        smtp.stop()
    # A kill lands a little after its phase line is read (the pipe is read as the child runs on), so
    # on a loaded machine an early kill can finish more of the relation work and leave fewer "writing
    # relation" lines for the later kills: require one kill in each phase, not an exact count.
    assert hits["linking"] >= 1 and hits["writing relation"] >= 1, hits
    with sqlite3.connect(tmp_path / "pw.db") as conn:
        relations = conn.execute("select id from relations where removed = 0 and reported_at is null").fetchall()
        keys = [k for (k,) in conn.execute("select dedup_key from events where dedup_key like 'relation:%'")]
        reported = conn.execute("select count(*) from relations where removed = 0 and found_at > "
                                "(select min(detected_at) from events where kind = 'baseline')").fetchone()[0]
        validity = dict(conn.execute(
            "select d.url, json_extract(d.metadata, '$.validity') from documents d").fetchall())
        transitions = conn.execute("select document_id, old_version, new_version from events "
                                   "where kind = 'changed'").fetchall()
    assert relations == [], "every relation was reported (or deliberately kept quiet)"
    assert len(keys) == len(set(keys)) and len(keys) >= 9, keys
    assert reported >= 9
    assert len(transitions) == len(set(transitions)), "a repeal was reported twice"
    assert [v for u, v in validity.items() if u.endswith("_7001.html")] == ["废止"]
    assert [v for u, v in validity.items() if u.endswith("_7007.html")] == ["失效"]
    message_ids = [m["Message-ID"] for m in collector.messages]
    assert len(message_ids) == len(set(message_ids)), "a digest was delivered twice"
