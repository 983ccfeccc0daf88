"""Deadlines bound the whole request: the TLS handshake, and whatever time its source has left."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policywatch.config import ExtractSettings, FetchSettings, Settings, SourceConfig
from policywatch.crawler import Fetcher
from policywatch.demo import LoopbackSite
from policywatch.extract import sandbox
from policywatch.model import FetchOutcome
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.hostile.bombs import pdf_with_stream
from tests.hostile.servers import dribbling_tls_server, trickling_server
from tests.hostile.test_deadlines_in_a_run import run_slow_and_fast
from tests.test_attachments_pipeline import FILLER, RULES, make_site

SETTINGS = FetchSettings(min_delay=0, retries=2, backoff_base=0.01, respect_robots=False, connect_timeout=5,
                         read_timeout=5, total_timeout=1.5)


def _source(base: str) -> SourceConfig:
    return SourceConfig(name="s", listing_urls=(f"{base}/",), allow_private=True, min_delay=0)


@pytest.mark.parametrize("interval", [0.2, None], ids=["dribbled-handshake", "stalled-handshake"])
def test_the_total_deadline_covers_the_tls_handshake(interval: float | None) -> None:
    with dribbling_tls_server(interval=interval) as (base, sent), Fetcher(SETTINGS) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(f"{base}/a.html", source=_source(base))
        took = time.monotonic() - started
        handshake_bytes = sent[0]
    assert result.outcome is FetchOutcome.NETWORK_ERROR
    assert "fetch.total_timeout" in result.detail, result.detail
    assert took < 1.5 + 1.0, f"one attempt, stopped at its deadline (took {took:.1f} s)"
    if interval is not None:
        assert handshake_bytes >= 3, "the server really was dribbling the handshake"


def test_a_request_in_flight_ends_when_its_source_runs_out_of_time() -> None:
    settings = FetchSettings(min_delay=0, retries=2, backoff_base=0.01, respect_robots=False, read_timeout=5,
                             total_timeout=30, source_timeout=1.0)
    with trickling_server(headers_first=True, interval=0.2) as base, Fetcher(settings) as fetcher:
        started = time.monotonic()
        with fetcher.source_deadline("s", started + 1.0):
            cut = fetcher.fetch(f"{base}/slow.html", source=_source(base))
            took = time.monotonic() - started
            after = fetcher.fetch(f"{base}/next.html", source=_source(base))
    assert cut.outcome is FetchOutcome.NETWORK_ERROR
    assert "fetch.source_timeout" in cut.detail and "total_timeout" not in cut.detail, cut.detail
    assert took < 1.0 + 0.5, f"the request ended with its source's time (took {took:.1f} s)"
    assert after.outcome is FetchOutcome.NETWORK_ERROR and after.detail.startswith("not requested"), after.detail
    assert after.elapsed_ms < 100


def test_a_run_ends_a_slow_source_within_its_deadline_even_with_a_long_total_timeout(tmp_path: Path) -> None:
    # total_timeout far beyond source_timeout: before, the first slow request alone overran the source
    run = run_slow_and_fast(tmp_path, documents=3, delay=10.0,
                            fetch=FetchSettings(min_delay=0.0, retries=0, read_timeout=30, total_timeout=30,
                                                source_timeout=1.5))
    assert run.summary.failed_sources == ("slow",)
    assert any("fetch.source_timeout" in e for e in run.summary.errors), run.summary.errors
    assert run.summary.new_documents == 1, "the fast source was checked after the slow one"
    assert run.took < 1.5 + 4.5, f"run took {run.took:.1f} s (a slow request alone lasts 10 s)"


def test_a_run_cuts_an_attachment_extraction_at_its_sources_deadline(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # the PDF reader hangs; extract.timeout (30 s) would let it run far past the source's 1.5 s
    monkeypatch.setitem(sandbox.READERS, "pdf", "tests.hostile.sleepy:read")
    sandbox.shutdown()
    root = tmp_path / "www"
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.pdf",
              data=pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Article one) Tj ET\n"))
    with LoopbackSite(root) as site:
        settings = Settings(
            database=tmp_path / "pw.db", output_dir=tmp_path / "site",
            fetch=FetchSettings(min_delay=0.0, retries=0, source_timeout=1.5),
            extract=ExtractSettings(timeout=30),
            sources=(SourceConfig(name="s", listing_urls=(f"{site.base_url}/zcwj/index.html",), profile="trs",
                                  allow_private=True, min_delay=0.0),),
        )
        with Store.open(settings.database) as store:
            started = time.monotonic()
            summary = run_once(settings, store, build_report_site=False, deliver=False)
            took = time.monotonic() - started
    sandbox.shutdown()
    assert summary.failed_sources == ("s",)
    assert any("fetch.source_timeout" in e for e in summary.errors), summary.errors
    assert summary.outcomes.get("network_error", 0) == 1, summary.outcomes  # the attachment, cut
    assert took < 1.5 + 4.5, f"run took {took:.1f} s (extract.timeout: 30 s)"
