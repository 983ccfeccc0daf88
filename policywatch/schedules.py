"""The schedule grammar: a 5-field cron expression ("0 6 * * 1-5") or an interval ("every 6h").

The one place schedules are read: the config loader validates every `schedule` and
`digest_schedule` with `parse_schedule` (so `run` rejects what the daemon would), and the daemon
builds its APScheduler triggers from what it returns. Plain numeric fields are checked here
without importing APScheduler (config loading stays fast); anything fancier (names such as
mon-fri, "last", "2nd fri") is checked by APScheduler's own cron parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CronSchedule", "IntervalSchedule", "parse_schedule"]

_INTERVAL = re.compile(r"^every\s+(\d+)\s*([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
_RANGES = {"minute": (0, 59), "hour": (0, 23), "day": (1, 31), "month": (1, 12), "day_of_week": (0, 6)}
_PLAIN = re.compile(r"^(?:\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$")


@dataclass(frozen=True, slots=True)
class IntervalSchedule:
    amount: int
    unit: str  # s, m, h, d

    @property
    def seconds(self) -> int:
        return self.amount * UNIT_SECONDS[self.unit]


@dataclass(frozen=True, slots=True)
class CronSchedule:
    minute: str
    hour: str
    day: str
    month: str
    day_of_week: str


def parse_schedule(schedule: str) -> IntervalSchedule | CronSchedule:
    """The schedule, or ValueError saying what is wrong with it."""
    text = schedule.strip()
    match = _INTERVAL.match(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise ValueError(f"schedule {schedule!r}: the interval must be positive")
        return IntervalSchedule(amount, match.group(2))
    fields = text.split()
    if len(fields) != 5 or text.startswith("every"):
        raise ValueError(f"schedule {schedule!r}: a cron expression has 5 fields (e.g. '0 6 * * *'), "
                         "or use 'every N[smhd]' (e.g. 'every 6h')")
    cron = CronSchedule(*fields)
    if not all(_plain_ok(name, value, schedule) for name, value in zip(CRON_FIELDS, fields, strict=True)):
        _check_with_apscheduler(cron, schedule)
    return cron


def _plain_ok(name: str, value: str, schedule: str) -> bool:
    """True for a valid plain numeric field; False when it needs the full parser; ValueError when wrong."""
    low, high = _RANGES[name]
    for element in value.split(","):
        match = _PLAIN.match(element)
        if match is None:
            return False
        first, last, step = (int(g) if g is not None else None for g in match.groups())
        for number in (first, last):
            if number is not None and not low <= number <= high:
                raise ValueError(f"schedule {schedule!r}: {name} {number} is outside {low}-{high}")
        if first is not None and last is not None and first > last:
            raise ValueError(f"schedule {schedule!r}: {name} range {first}-{last} runs backwards")
        if step is not None and step <= 0:
            raise ValueError(f"schedule {schedule!r}: {name} step must be positive")
    return True


def _check_with_apscheduler(cron: CronSchedule, schedule: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger(minute=cron.minute, hour=cron.hour, day=cron.day, month=cron.month,
                    day_of_week=cron.day_of_week, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"schedule {schedule!r}: not a cron expression or 'every N[smhd]': {exc}") from None
