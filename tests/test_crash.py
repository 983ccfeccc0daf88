"""Crash safety: `policywatch run` SIGKILLed in every phase leaves a consistent store and loses nothing.

Each round edits some documents of a generated site and starts a real `policywatch run -vv` in a
subprocess; the test reads its "phase:" debug lines and kills it with SIGKILL as soon as the
round's target phase shows up (fetching, processing, writing a version, writing a change,
sending from the outbox). After every kill the database must pass `PRAGMA integrity_check`
and hold no half-stored version; at the end one clean run completes, every stored version
transition has exactly one change event, and no digest went out twice.
"""

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
from tests.conftest import SmtpCollector, start_smtp
from tests.sitefactory import GeneratedSite

PHASES = ("fetching", "processing", "writing version", "writing change", "sending")
ROUNDS = 22



def write_config(path: Path, base_url: str, smtp_port: int) -> None:
    path.write_text(
        f"""
database = "pw.db"
output_dir = "site"
site_base_url = "https://policy.example.org/"

[fetch]
min_delay = 0.0
retries = 0

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"

[[sources]]
name = "gen"
listing_urls = ["{base_url}/zcwj/index.html"]
profile = "trs"
allow_private = true
pages = 10
max_pages = 10

[[subscriptions]]
name = "team"
recipients = ["team@example.org"]
frequency = "immediate"
""",
        encoding="utf-8",
    )


def run_until_phase(config: Path, phase: str | None) -> tuple[str | None, int]:
    """Start a run; SIGKILL it when `phase` appears. Returns (phase hit, exit code)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "run", "-vv", "--config", str(config)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    hit = None
    for line in proc.stderr:
        if phase is not None and f"phase: {phase}" in line:
            proc.send_signal(signal.SIGKILL)
            hit = phase
            break
    proc.stderr.close()
    return hit, proc.wait(timeout=300)


def check_consistent(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        numbers: dict[int, list[int]] = {}
        for document_id, number in conn.execute("select document_id, number from versions order by document_id, number"):
            numbers.setdefault(document_id, []).append(number)
        for document_id, seen in numbers.items():
            assert seen == list(range(1, len(seen) + 1)), f"document {document_id}: version numbers {seen}"
        orphans = conn.execute(
            "select count(*) from versions where raw_sha256 is not null and raw_sha256 not in (select sha256 from blobs)"
        ).fetchone()[0]
        assert orphans == 0, "a version points at raw bytes that were never stored"


@pytest.mark.slow
def test_sigkill_in_every_phase_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    collector = SmtpCollector()
    smtp = start_smtp(collector)
    generated = GeneratedSite(count=16, paragraphs_per_doc=6)
    root = tmp_path / "round0"
    generated.write(root)
    hits: Counter[str] = Counter()
    try:
        with LoopbackSite(root) as site:
            config = tmp_path / "policywatch.toml"
            write_config(config, site.base_url, smtp.port)
            # a clean first run: the baseline
            assert run_until_phase(config, None)[1] == 0
            for round_no in range(1, ROUNDS + 1):
                generated.edit_random(0.25)
                root = tmp_path / f"round{round_no}"
                generated.write(root)
                site.set_root(root)
                target = PHASES[round_no % len(PHASES)]
                hit, code = run_until_phase(config, target)
                if hit:
                    hits[hit] += 1
                    assert code == -signal.SIGKILL
                check_consistent(tmp_path / "pw.db")
            assert run_until_phase(config, None)[1] == 0
            check_consistent(tmp_path / "pw.db")
    finally:
        smtp.stop()

    assert sum(hits.values()) >= 20, hits
    assert set(hits) == set(PHASES), f"kills by phase: {dict(hits)}"
    with sqlite3.connect(tmp_path / "pw.db") as conn:
        versions = dict(conn.execute("select document_id, count(*) from versions group by document_id").fetchall())
        transitions = conn.execute(
            "select document_id, old_version, new_version from events where kind in ('changed', 'returned')"
        ).fetchall()
        unconfirmed = conn.execute("select count(*) from outbox where state = 'sending'").fetchone()[0]
        sent = conn.execute("select count(*) from outbox where state = 'sent'").fetchone()[0]
    assert len(transitions) == len(set(transitions)), "a change was reported twice"
    per_document = Counter(document_id for document_id, _, _ in transitions)
    for document_id, count in versions.items():
        assert per_document.get(document_id, 0) == count - 1, f"document {document_id}: a change was lost"
    keys = [m["Message-ID"] for m in collector.messages]
    assert len(keys) == len(set(keys)), "a digest was delivered twice"
    assert len(collector.messages) >= sent > 0
    assert len(collector.messages) <= sent + unconfirmed
