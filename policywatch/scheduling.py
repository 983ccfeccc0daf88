"""The daemon: APScheduler 3.x runs each source on its schedule and the digests on theirs.

One job per source (cron expression or "every N[smhd]"), jitter so sources do not fire together,
max_instances=1 and coalescing so a slow run is never doubled up, a misfire grace time so a
short outage does not skip a run. SIGHUP re-reads the config; SIGTERM/SIGINT stop after the
current document (the store's per-document transactions make that safe).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from policywatch.config import Settings, load_settings
from policywatch.distributed import workers_for
from policywatch.errors import ConfigError, LockError, PolicywatchError
from policywatch.pipeline import deliver_outbox, enqueue_digests, run_once
from policywatch.schedules import IntervalSchedule, parse_schedule
from policywatch.state import RunLock, Store

logger = logging.getLogger(__name__)

JITTER_SECONDS = 120
MISFIRE_GRACE_SECONDS = 3600
LOCK_WAIT_SECONDS = 6 * 3600  # a job waits this long for another run to finish before giving up
LOCK_POLL_SECONDS = 5.0
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def make_trigger(schedule: str, *, jitter: int = JITTER_SECONDS, timezone: str = "UTC") -> Any:
    """A trigger from a cron expression ("0 6 * * *") or an interval ("every 6h")."""
    try:
        parsed = parse_schedule(schedule)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if isinstance(parsed, IntervalSchedule):
        # jitter never more than a tenth of the interval: "every 1m" must not wait two minutes
        return IntervalTrigger(**{_UNITS[parsed.unit]: parsed.amount}, jitter=min(jitter, max(0, parsed.seconds // 10)),
                               timezone=timezone)
    try:
        return CronTrigger(minute=parsed.minute, hour=parsed.hour, day=parsed.day, month=parsed.month,
                           day_of_week=parsed.day_of_week, timezone=timezone, jitter=jitter)
    except ValueError as exc:
        raise ConfigError(f"schedule {schedule!r}: not a cron expression or 'every N[smhd]': {exc}") from None


class Daemon:
    """Owns the scheduler and the current settings; reloadable."""

    def __init__(self, config_path: Path, *, scheduler: Any | None = None):
        self.config_path = config_path
        self.settings: Settings = load_settings(config_path)
        # One worker: jobs due together run one after the other instead of fighting for the
        # run lock (the store allows one run at a time anyway).
        self.scheduler = scheduler or BlockingScheduler(
            timezone=self.settings.timezone, executors={"default": ThreadPoolExecutor(max_workers=1)}
        )
        self._stopping = threading.Event()
        self._triggers = self._make_triggers(self.settings)

    @staticmethod
    def _make_triggers(settings: Settings) -> dict[str, Any]:
        """Every job's trigger; raises ConfigError before anything is changed when one is wrong."""
        triggers = {
            f"source:{s.name}": make_trigger(s.schedule, timezone=settings.timezone) for s in settings.sources
        }
        triggers["digests"] = make_trigger(settings.digest_schedule, jitter=0, timezone=settings.timezone)
        return triggers

    def schedule_jobs(self) -> None:
        self.scheduler.remove_all_jobs()
        for source in self.settings.sources:
            self.scheduler.add_job(
                self._run_source, self._triggers[f"source:{source.name}"], args=[source.name],
                id=f"source:{source.name}", max_instances=1, coalesce=True,
                misfire_grace_time=MISFIRE_GRACE_SECONDS, replace_existing=True,
            )
        self.scheduler.add_job(
            self._digests, self._triggers["digests"], id="digests",
            max_instances=1, coalesce=True, misfire_grace_time=MISFIRE_GRACE_SECONDS, replace_existing=True,
        )
        logger.info("scheduled %d sources and the digests", len(self.settings.sources))

    def reload(self) -> None:
        """Re-read the config; a broken one (file, keys or schedules) is logged and the old one kept."""
        try:
            settings = load_settings(self.config_path)
            triggers = self._make_triggers(settings)
        except PolicywatchError as exc:
            logger.error("config reload failed, keeping the old settings: %s", exc)
            return
        self.settings, self._triggers = settings, triggers
        self.schedule_jobs()
        logger.info("config reloaded from %s", self.config_path)

    def stop(self) -> None:
        self._stopping.set()
        self.scheduler.shutdown(wait=True)

    def install_signal_handlers(self) -> None:
        # Work is done on a thread, not inside the handler, which may interrupt a running job.
        signal.signal(signal.SIGHUP, lambda *_: threading.Thread(target=self.reload, daemon=True).start())
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: threading.Thread(target=self.stop, daemon=True).start())

    def start(self) -> None:
        self.schedule_jobs()
        self.install_signal_handlers()
        self.scheduler.start()

    def _locked(self, work: Callable[[Store], Any]) -> None:
        """Run work under the run lock, waiting (not skipping) while a cron run or backup holds it."""
        settings = self.settings
        lock_path = settings.lock_file or settings.database.with_name(settings.database.name + ".lock")
        lock = RunLock(lock_path)
        waited = 0.0
        while True:
            try:
                lock.acquire()
                break
            except LockError as exc:
                if self._stopping.is_set() or waited >= LOCK_WAIT_SECONDS:
                    logger.warning("skipped after waiting %.0f s: %s", waited, exc)
                    return
                if waited == 0:
                    logger.info("waiting: %s", exc)
                self._stopping.wait(LOCK_POLL_SECONDS)
                waited += LOCK_POLL_SECONDS
        try:
            with Store.open(settings.database) as store:
                work(store)
        except PolicywatchError as exc:
            logger.error("%s", exc)
        finally:
            lock.release()

    def _run_source(self, name: str) -> None:
        if self._stopping.is_set():
            return
        self._locked(lambda store: run_once(self.settings, store, sources=[name], stop=self._stopping,
                                            workers=workers_for(self.settings)))

    def _digests(self) -> None:
        def work(store: Store) -> None:
            enqueue_digests(store, self.settings)
            deliver_outbox(store, self.settings)

        self._locked(work)
