"""Re-check policy: every run by default; with recheck = "decay", daily for a month, then weekly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policywatch.config import load_settings
from policywatch.model import DocumentMetadata, DocumentRecord, DocumentStatus
from policywatch.pipeline import run_once
from policywatch.pipeline.documents import recheck_due
from policywatch.state import Store
from tests.conftest import demo_config

NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


def record(first_seen: datetime) -> DocumentRecord:
    return DocumentRecord(id=1, source="s", url="http://x/1.html", metadata=DocumentMetadata(),
                          status=DocumentStatus.ACTIVE, first_seen=first_seen, last_seen=first_seen)


def test_always_rechecks_every_run() -> None:
    assert recheck_due("always", record(NOW - timedelta(days=400)), NOW - timedelta(minutes=5), NOW)


def test_decay_daily_while_young_then_weekly() -> None:
    young, old = record(NOW - timedelta(days=3)), record(NOW - timedelta(days=90))
    assert not recheck_due("decay", young, NOW - timedelta(hours=5), NOW)
    assert recheck_due("decay", young, NOW - timedelta(hours=23, minutes=30), NOW)  # a cron run a bit early
    assert not recheck_due("decay", old, NOW - timedelta(days=3), NOW)
    assert recheck_due("decay", old, NOW - timedelta(days=7), NOW)
    assert recheck_due("decay", old, None, NOW), "never fetched: due"


def test_decay_skips_known_documents_checked_recently(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(demo_config(tmp_path, demo_site.base_url))
    decaying = replace(settings, sources=(replace(settings.sources[0], recheck="decay"),))
    with Store.open(settings.database) as store:
        run_once(decaying, store, build_report_site=False, deliver=False)
        again = run_once(decaying, store, build_report_site=False, deliver=False)
        every = run_once(settings, store, build_report_site=False, deliver=False)
    assert again.outcomes == {"ok": 2}, "only the listing pages: every document was checked minutes ago"
    assert every.outcomes == {"not_modified": 5, "ok": 4}  # listings, and the attachment-only page and its PDF
