"""A run with a slow source still finishes within its deadlines, the other sources done."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite
from policywatch.demo.server import Response
from policywatch.model import RunSummary, SourceHealth
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.test_attachments_pipeline import FILLER, RULES, make_site

SLOW_LISTING = "<html><head><meta charset='utf-8'><title>政策文件</title></head><body><ul class='list'>{}</ul></body></html>"


@dataclass
class SlowRun:
    summary: RunSummary
    took: float  # seconds the run took
    health: dict[str, SourceHealth]
    asked: int  # document requests the slow source received


def run_slow_and_fast(tmp_path: Path, *, documents: int, delay: float, fetch: FetchSettings) -> SlowRun:
    """One run over a source whose `documents` pages each take `delay` s to answer, then a quick one."""
    slow_root, fast_root = tmp_path / "slow", tmp_path / "fast"
    (slow_root / "zcwj").mkdir(parents=True)
    links = "".join(f"<li><a href='/zcwj/t2024010{i}_{i}.html'>关于第{i}号文件的通知</a><span>2024-01-0{i}</span></li>"
                    for i in range(1, documents + 1))
    (slow_root / "zcwj" / "index.html").write_text(SLOW_LISTING.format(links), encoding="utf-8")
    make_site(fast_root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.txt", data=b"")

    def stall_documents(request):  # type: ignore[no-untyped-def]
        return Response(status=200, body=b"<html></html>", delay=delay) if "/t2024" in request.route else None

    with LoopbackSite(slow_root) as slow, LoopbackSite(fast_root) as fast:
        slow.fault_hook = stall_documents
        settings = Settings(
            database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=fetch,
            sources=(
                SourceConfig(name="slow", listing_urls=(f"{slow.base_url}/zcwj/index.html",), profile="trs",
                             allow_private=True, min_delay=0.0, attachments=False),
                SourceConfig(name="fast", listing_urls=(f"{fast.base_url}/zcwj/index.html",), profile="trs",
                             allow_private=True, min_delay=0.0, attachments=False),
            ),
        )
        with Store.open(settings.database) as store:
            started = time.monotonic()
            summary = run_once(settings, store, build_report_site=False, deliver=False)
            took = time.monotonic() - started
            health = {h.name: h for h in store.source_health()}
            asked = len([r for r in slow.requests if "/t2024" in r.route])
    return SlowRun(summary, took, health, asked)


def test_a_source_past_its_deadline_is_failed_and_the_next_source_still_runs(tmp_path: Path) -> None:
    run = run_slow_and_fast(tmp_path, documents=8, delay=3.0,
                            fetch=FetchSettings(min_delay=0.0, retries=0, total_timeout=0.5, source_timeout=1.2))
    summary, health = run.summary, run.health
    assert summary.failed_sources == ("slow",)
    assert any("fetch.source_timeout" in e for e in summary.errors), summary.errors
    assert summary.outcomes.get("network_error", 0) >= 1
    assert summary.new_documents == 1, "the fast source was checked after the slow one"
    assert health["slow"].failing_since is not None and health["fast"].failing_since is None
    assert 1 <= run.asked < 8, "the slow source stopped part-way"
    assert run.took < 1.2 + 0.5 + 2.0, f"run took {run.took:.1f} s"
