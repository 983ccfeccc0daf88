"""The daemon's schedule: triggers from config, one job per source, safe job options, signals."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from policywatch.errors import ConfigError
from policywatch.scheduling import Daemon, make_trigger
from tests.conftest import demo_config


def test_interval_and_cron_triggers() -> None:
    interval = make_trigger("every 6h")
    assert isinstance(interval, IntervalTrigger) and interval.interval == timedelta(hours=6)
    assert interval.jitter and interval.jitter > 0
    assert isinstance(make_trigger("0 6 * * *"), CronTrigger)
    for bad in ("every 0h", "sometimes", "61 * * * *"):
        with pytest.raises(ConfigError, match="schedule"):
            make_trigger(bad)


def test_one_job_per_source_plus_digests(tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    text = config.read_text(encoding="utf-8")
    config.write_text(text + '\n[[sources]]\nname = "second"\nlisting_urls = ["http://127.0.0.1:9/b/"]\nschedule = "every 30m"\n',
                      encoding="utf-8")
    scheduler = BackgroundScheduler(timezone="UTC")
    daemon = Daemon(config, scheduler=scheduler)
    daemon.schedule_jobs()
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"source:demo", "source:second", "digests"}
    for job in jobs.values():
        assert job.max_instances == 1 and job.coalesce is True and job.misfire_grace_time >= 60


@pytest.mark.slow
def test_daemon_runs_reloads_on_sighup_and_stops_on_sigterm(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    config = demo_config(tmp_path, demo_site.base_url)
    config.write_text(config.read_text(encoding="utf-8").replace('profile = "trs"', 'profile = "trs"\nschedule = "every 1s"'),
                      encoding="utf-8")
    log = tmp_path / "daemon.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "policywatch", "daemon", "--config", str(config)],
                                stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 120
        runs = 0
        while time.monotonic() < deadline and runs < 1:
            time.sleep(0.5)
            if (tmp_path / "pw.db").exists():
                try:
                    with sqlite3.connect(tmp_path / "pw.db") as db:
                        runs = db.execute("select count(*) from runs where finished_at is not null").fetchone()[0]
                except sqlite3.OperationalError:
                    runs = 0
        assert runs >= 1, log.read_text()
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while "config reloaded" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "config reloaded" in log.read_text()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_reload_with_a_broken_schedule_keeps_the_old_jobs(tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    daemon = Daemon(config, scheduler=BackgroundScheduler(timezone="UTC"))
    daemon.schedule_jobs()
    before = {job.id: str(job.trigger) for job in daemon.scheduler.get_jobs()}
    config.write_text(config.read_text(encoding="utf-8").replace('profile = "trs"', 'profile = "trs"\nschedule = "every tuesday"'),
                      encoding="utf-8")
    daemon.reload()  # logs the error; must neither raise nor drop the jobs
    assert {job.id: str(job.trigger) for job in daemon.scheduler.get_jobs()} == before
    assert daemon.settings.sources[0].schedule == "every 1d"


def test_a_job_waits_for_the_run_lock_instead_of_skipping(tmp_path: Path, demo_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from policywatch import scheduling
    from policywatch.state import RunLock, Store

    monkeypatch.setattr(scheduling, "LOCK_POLL_SECONDS", 0.05)
    daemon = Daemon(demo_config(tmp_path, demo_site.base_url), scheduler=BackgroundScheduler(timezone="UTC"))
    holder = RunLock(tmp_path / "pw.db.lock").acquire()  # e.g. a cron run still going
    job = threading.Thread(target=daemon._run_source, args=["demo"])
    job.start()
    time.sleep(0.5)
    assert job.is_alive(), "the job waits while the lock is held"
    holder.release()
    job.join(timeout=60)
    with Store.open(tmp_path / "pw.db") as store:
        assert len(store.documents("demo")) == 6, "and then runs"


def test_cron_schedules_follow_the_configured_time_zone(tmp_path: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    trigger = make_trigger("0 8 * * *", jitter=0, timezone="Asia/Shanghai")
    start = datetime(2026, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC"))
    fire = trigger.get_next_fire_time(None, start)
    assert fire.astimezone(ZoneInfo("UTC")).hour == 0  # 08:00 in Beijing is midnight UTC


def test_interval_jitter_is_at_most_a_tenth_of_the_interval() -> None:
    assert make_trigger("every 1m").jitter == 6
    assert make_trigger("every 6h").jitter == 120
