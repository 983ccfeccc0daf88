"""Fault injection: random 500s, timeouts, resets, truncated and slow responses never become changes.

A generated multi-document site is crawled over repeated runs while a fault hook breaks a share
of the responses. Every run must finish, every fault must be recorded with its outcome, no fault
may create a version or a change, and once the faults stop the next run must reach exactly the
state a fault-free crawl reaches.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite, Response
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.sitefactory import GeneratedSite

READ_TIMEOUT = 1.0


def settings_for(base_url: str, db: Path) -> Settings:
    return Settings(
        database=db,
        output_dir=db.parent / "site",
        fetch=FetchSettings(min_delay=0.0, retries=1, backoff_base=0.01, max_backoff=0.05, read_timeout=READ_TIMEOUT,
                            connect_timeout=2.0, host_failure_limit=10_000, host_cooldown=0.0),
        sources=(SourceConfig(name="gen", listing_urls=(f"{base_url}/zcwj/index.html",), profile="trs",
                              allow_private=True, min_delay=0.0, max_pages=10, pages=10),),
    )


def patient(settings: Settings) -> Settings:
    """The same settings with a generous read timeout, for runs that must not see a fault."""
    return replace(settings, fetch=replace(settings.fetch, read_timeout=30.0))


def fault_hook(site: LoopbackSite, rate: float, rng: random.Random, seen: list[str]):  # type: ignore[no-untyped-def]
    def hook(request):  # type: ignore[no-untyped-def]
        if request.route == "/robots.txt" or rng.random() >= rate:
            return None
        kind = rng.choice(["500", "timeout", "reset", "truncate", "slow"])
        seen.append(kind)
        if kind == "500":
            return Response(status=500, body=b"<html><body>500 Internal Server Error</body></html>")
        if kind == "timeout":
            return Response(status=200, body=b"<html></html>", delay=READ_TIMEOUT + 0.6)
        if kind == "reset":
            return Response(reset=True)
        real = site._static(request)
        if kind == "truncate" and isinstance(real.body, bytes) and len(real.body) > 200:
            return replace(real, truncate_at=len(real.body) // 3)
        return replace(real, delay=0.2)

    return hook


def state_of(db: Path) -> dict[str, list[str]]:
    """URL -> content hashes of its versions, in order."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select d.url, v.content_hash from versions v join documents d on d.id = v.document_id "
            "order by d.url, v.number"
        ).fetchall()
    state: dict[str, list[str]] = {}
    for url, content_hash in rows:
        state.setdefault(url, []).append(content_hash)
    return state


@pytest.mark.slow
def test_faults_never_become_changes_and_the_clean_run_converges(tmp_path: Path) -> None:
    generated = GeneratedSite(count=24)
    rounds = [tmp_path / "s0", tmp_path / "s1"]
    generated.write(rounds[0], page_size=10)
    edits = generated.edit_random(0.25)
    generated.bump_counters()
    generated.write(rounds[1], page_size=10)
    edited_ids = {doc_id for doc_id, _, _ in edits}

    with LoopbackSite(rounds[0]) as site:
        # reference: the same two states without faults
        reference_db = tmp_path / "ref.db"
        ref_settings = patient(settings_for(site.base_url, reference_db))
        with Store.open(reference_db) as store:
            run_once(ref_settings, store, build_report_site=False, deliver=False)
            site.set_root(rounds[1])
            run_once(ref_settings, store, build_report_site=False, deliver=False)

        faulty_db = tmp_path / "faulty.db"
        settings = settings_for(site.base_url, faulty_db)
        seen: list[str] = []
        site.fault_hook = fault_hook(site, 0.3, random.Random(11), seen)
        with Store.open(faulty_db) as store:
            for root in (rounds[0], rounds[0], rounds[1], rounds[1]):
                site.set_root(root)
                summary = run_once(settings, store, build_report_site=False, deliver=False)
                assert summary.finished_at >= summary.started_at
            site.fault_hook = None
            run_once(patient(settings), store, build_report_site=False, deliver=False)
            events = store.events()

    assert {"500", "timeout", "reset"} <= set(seen), seen
    with sqlite3.connect(faulty_db) as conn:
        recorded = dict(conn.execute("select outcome, count(*) from fetches group by outcome").fetchall())
    assert recorded.get("network_error", 0) + recorded.get("http_error", 0) > 0, recorded
    assert state_of(faulty_db) == state_of(reference_db)
    changed = [e for e in events if e.kind is EventKind.CHANGED]
    changed_ids = sorted(e.url.rsplit("_", 1)[1].removesuffix(".html") for e in changed)
    assert changed_ids == sorted(edited_ids), "each real edit is reported exactly once, faults never"


def test_a_document_whose_backfill_fetch_failed_is_fetched_later(tmp_path: Path) -> None:
    """Later runs read only the first listing pages; a deep document that failed must not be lost."""
    from policywatch.demo import site_root

    deep = "/zcwj/201907/t20190701_2001.html"  # listed on the second listing page of the demo
    with LoopbackSite(site_root("before")) as site:
        settings = settings_for(site.base_url, tmp_path / "pw.db")
        settings = replace(settings, sources=(replace(settings.sources[0], pages=1),))
        site.route(deep, Response(status=503, body=b"busy"))
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False, deliver=False)
            assert store.document(site.url(deep)) is None
            site.unroute(deep)
            run_once(settings, store, build_report_site=False, deliver=False)
            record = store.document(site.url(deep))
    assert record is not None and record.version_count == 1
