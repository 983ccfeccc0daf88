"""The daemon: APScheduler 3.x runs each source on its schedule and the digests on theirs.

One job per source (cron expression or "every N[smhd]"), jitter so sources do not fire together,
max_instances=1 and coalescing so a slow run is never doubled up, a misfire grace time so a
short outage does not skip a run. SIGHUP re-reads the config; SIGTERM/SIGINT stop after the
current document (the store's per-document transactions make that safe).
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from policywatch.config import Settings, load_settings
from policywatch.errors import ConfigError, LockError, PolicywatchError
from policywatch.pipeline import deliver_outbox, enqueue_digests, run_once
from policywatch.state import RunLock, Store

logger = logging.getLogger(__name__)

JITTER_SECONDS = 120
MISFIRE_GRACE_SECONDS = 3600
_INTERVAL = re.compile(r"^every\s+(\d+)\s*([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def make_trigger(schedule: str, *, jitter: int = JITTER_SECONDS) -> Any:
    """A trigger from a cron expression ("0 6 * * *") or an interval ("every 6h")."""
    text = schedule.strip()
    match = _INTERVAL.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        if amount <= 0:
            raise ConfigError(f"schedule {schedule!r}: the interval must be positive")
        return IntervalTrigger(**{_UNITS[unit]: amount}, jitter=jitter)
    fields = text.split()
    if len(fields) != 5:
        raise ConfigError(f"schedule {schedule!r}: a cron expression has 5 fields, or use 'every N[smhd]'")
    minute, hour, day, month, day_of_week = fields
    try:
        return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week,
                           timezone="UTC", jitter=jitter)
    except ValueError as exc:
        raise ConfigError(f"schedule {schedule!r}: not a cron expression or 'every N[smhd]': {exc}") from None


class Daemon:
    """Owns the scheduler and the current settings; reloadable."""

    def __init__(self, config_path: Path, *, scheduler: Any | None = None):
        self.config_path = config_path
        self.settings: Settings = load_settings(config_path)
        self.scheduler = scheduler or BlockingScheduler(timezone="UTC")
        self._stopping = threading.Event()

    def schedule_jobs(self) -> None:
        self.scheduler.remove_all_jobs()
        for source in self.settings.sources:
            self.scheduler.add_job(
                self._run_source, make_trigger(source.schedule), args=[source.name], id=f"source:{source.name}",
                max_instances=1, coalesce=True, misfire_grace_time=MISFIRE_GRACE_SECONDS, replace_existing=True,
            )
        self.scheduler.add_job(
            self._digests, make_trigger(self.settings.digest_schedule, jitter=0), id="digests",
            max_instances=1, coalesce=True, misfire_grace_time=MISFIRE_GRACE_SECONDS, replace_existing=True,
        )
        logger.info("scheduled %d sources and the digests", len(self.settings.sources))

    def reload(self) -> None:
        try:
            self.settings = load_settings(self.config_path)
        except PolicywatchError as exc:
            logger.error("config reload failed, keeping the old settings: %s", exc)
            return
        self.schedule_jobs()
        logger.info("config reloaded from %s", self.config_path)

    def stop(self) -> None:
        self._stopping.set()
        self.scheduler.shutdown(wait=True)

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGHUP, lambda *_: self.reload())
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: threading.Thread(target=self.stop, daemon=True).start())

    def start(self) -> None:
        self.schedule_jobs()
        self.install_signal_handlers()
        self.scheduler.start()

    def _locked(self, work: Callable[[Store], Any]) -> None:
        settings = self.settings
        lock_path = settings.lock_file or settings.database.with_name(settings.database.name + ".lock")
        try:
            with RunLock(lock_path), Store.open(settings.database) as store:
                work(store)
        except LockError as exc:
            logger.warning("skipped: %s", exc)
        except PolicywatchError as exc:
            logger.error("%s", exc)

    def _run_source(self, name: str) -> None:
        if self._stopping.is_set():
            return
        self._locked(lambda store: run_once(self.settings, store, sources=[name], stop=self._stopping))

    def _digests(self) -> None:
        def work(store: Store) -> None:
            enqueue_digests(store, self.settings)
            deliver_outbox(store, self.settings)

        self._locked(work)
