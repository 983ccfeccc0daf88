"""A run's counts are what it stored: a version the lineage pass stores (a document repealed,
replaced or amended by another one: its 有效性 or derived text) is a new version of the run as a
page's is, so `run --json` never says more changes than new versions and agrees with the store
(and so with `status`'s last change, read from the versions). Crawled from a real loopback site."""

from __future__ import annotations

from pathlib import Path

from policywatch.demo import LoopbackSite
from policywatch.demo.family import EARLY, FAMILY
from policywatch.demo.sitegen import write_site
from policywatch.model import EventKind, RunSummary
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.lineage.test_family_pipeline import settings


def stored_versions(store: Store) -> int:
    """Versions of the latest run beyond a document's first: what its new_versions should count."""
    run = store.last_run()
    assert run is not None
    return int(store.db.execute("SELECT count(*) FROM versions WHERE run_id = ? AND number > 1",
                                [run.id]).fetchone()[0])


def test_versions_the_lineage_pass_stores_are_counted_as_new_versions(tmp_path: Path) -> None:
    # the family's early documents (the baseline), then all of it: repeals, replacements, amendments
    root, second = tmp_path / "www", None
    root.mkdir()
    with LoopbackSite(root) as site, Store.open(tmp_path / "pw.db") as store:
        for documents in ([d for d in FAMILY if d.id in EARLY], FAMILY):
            write_site(root, documents)
            second = run_once(settings(site.base_url, tmp_path), store, build_report_site=False, deliver=False)
        stored = stored_versions(store)
        health = {h.name: h for h in store.source_health()}["s"]
    assert isinstance(second, RunSummary)
    by_lineage = [e for e in second.events if e.kind is EventKind.CHANGED and e.new_version is not None]
    assert by_lineage, "the family's second crawl repeals or replaces a stored document"
    assert stored >= len(by_lineage)
    assert second.new_versions == stored, (second.new_versions, stored)
    assert second.to_dict()["counts"]["new_versions"] == sum(c["new_versions"] for c in second.to_dict()["source_counts"].values())
    assert second.new_versions >= second.changes
    assert health.last_change_at is not None  # status says the change the run counted
