"""What a user running policywatch from cron meets after odd histories: a source removed from the
config while it was failing. Real loopback site, the CLI in its own process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policywatch.config import Settings
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests import traps
from tests.hostile.test_shared_pages import SHARED, TEXT, changed, page, serve, settings
from tests.unseen import cli, run_json, write_config


def test_a_failing_source_removed_from_the_config_no_longer_fails_status_nor_the_site(tmp_path: Path) -> None:
    routes = traps._column(list(traps.DOCS))
    down = {"listing": False}
    listing = routes["/zcwj/index.html"]
    routes["/zcwj/index.html"] = lambda request: Response(status=500, body=b"error") if down["listing"] else listing
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        down["listing"] = True
        assert run_json(config)["failed_sources"] == ["gov"]
        assert cli("status", "--config", str(config)).returncode == 1, "a configured failing source fails status"
        problems = (tmp_path / "site" / "problems.html").read_text(encoding="utf-8")
        assert "服务器错误" in problems, "a configured failing source is a problem"
        # the user gives up on the source: another one is watched instead
        config.write_text(config.read_text(encoding="utf-8").replace('name = "gov"', 'name = "other"')
                          .replace("/zcwj/index.html", "/elsewhere/index.html"), encoding="utf-8")
        text = cli("status", "--config", str(config))
        as_json = cli("status", "--json", "--config", str(config))
        built = cli("site", "build", "--config", str(config))
    assert text.returncode == as_json.returncode == 0, text.stdout
    (line,) = [ln for ln in text.stdout.splitlines() if ln.startswith("gov：")]
    assert "连续失败" in line and line.endswith("（已不在配置中，不再运行）"), line
    sources = {s["name"]: s for s in json.loads(as_json.stdout)["sources"]}
    assert sources["gov"]["configured"] is False and sources["gov"]["consecutive_failures"] == 1
    assert built.returncode == 0, built.stderr
    problems = (tmp_path / "site" / "problems.html").read_text(encoding="utf-8")
    assert "服务器错误" not in problems and "所有来源运行正常" in problems, "no longer watched: no problem of the watch's"


@contextmanager
def after_a_first_run(tmp_path: Path) -> Iterator[tuple[LoopbackSite, Settings, Store]]:
    """Source s (a page shared with t and its own) served, and its store after its first run."""
    with LoopbackSite() as site:
        serve(site, TEXT)
        config = settings(site, tmp_path, "s")
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            yield site, config, store


def test_events_a_killed_run_stored_are_counted_by_the_run_that_reports_them(tmp_path: Path) -> None:
    # a run killed after storing its events never printed them: the next run's JSON carries them,
    # and its counts (the run's and its source's) must say them too, or the two disagree
    with after_a_first_run(tmp_path) as (site, config, store):
        (record,) = [d for d in store.documents() if d.url == site.url(SHARED)]
        killed = store.start_run(["s"])  # what a SIGKILL after its events leaves: a run never finished
        store.add_event(EventKind.MISSING, source="s", document_id=record.id, run_id=killed,
                        message="not_found: HTTP 404", dedup_key=f"missing:{record.id}:{killed}")
        rerun = run_once(config, store, build_report_site=False, deliver=False)
    told = [(e.kind, e.source) for e in rerun.events]
    assert (EventKind.MISSING, "s") in told, told
    counted = rerun.to_dict()
    missing = sum(1 for kind, _ in told if kind is EventKind.MISSING)
    reappeared = sum(1 for kind, _ in told if kind is EventKind.REAPPEARED)
    assert counted["counts"]["missing"] == counted["source_counts"]["s"]["missing"] == missing
    assert counted["counts"]["reappeared"] == reappeared


def test_a_change_a_killed_run_stored_is_counted_as_a_new_version_by_the_run_that_carries_it(tmp_path: Path) -> None:
    # a run killed after storing a changed version and its event never printed its JSON: the next
    # run carries the event and counts it as a change, and the version too (as the killed run would
    # have), so its JSON never says more changes than new versions
    with after_a_first_run(tmp_path) as (site, config, store):
        site.route(SHARED, page(changed(TEXT)))
        run_once(config, store, build_report_site=False, deliver=False)
        # what a SIGKILL after the events' commit leaves: the run never finished, its JSON never printed
        store.db.execute("UPDATE runs SET finished_at = NULL, summary = NULL WHERE id = (SELECT max(id) FROM runs)")
        rerun = run_once(config, store, build_report_site=False, deliver=False)
    assert [e.kind for e in rerun.events] == [EventKind.CHANGED], rerun.events
    counted = rerun.to_dict()
    assert counted["counts"]["changes"] == counted["counts"]["new_versions"] == 1, counted["counts"]
    assert counted["source_counts"]["s"]["new_versions"] == 1, counted["source_counts"]
