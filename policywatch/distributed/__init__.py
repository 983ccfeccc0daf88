"""Distributed mode: Celery workers fetch, extract, normalize and compare; the run stays the only writer.

Switched on by a `[distributed]` config table (docs/scaling.md). `policywatch run` (or the
daemon) plans each source as today, then puts one task per document on the Redis broker and
applies the results as they come back; `policywatch worker` runs the Celery worker that does
`pipeline.work.prepare` for each task. Workers never open the database: a task carries the
source, the fetch settings and what the store knows of the document (`Known`), and the result
is a `DocumentWork`, both as JSON (codec.py). Requests to one host are spaced for the whole
cluster by a lease in Redis (politeness.py). Celery and redis are imported only here, and only
when the table is present: `pip install policywatch[distributed]`.

    workers_for(settings) -> the `Workers` factory a run uses (LocalWorkers without the table)
"""

from __future__ import annotations

from collections.abc import Callable

from policywatch.config import Settings
from policywatch.pipeline.workers import LocalWorkers, Workers

__all__ = ["workers_for"]


def workers_for(settings: Settings) -> Callable[[Settings], Workers]:
    """Who does a run's per-document work: Celery workers when [distributed] is set, else this process."""
    if settings.distributed is None:
        return LocalWorkers
    from policywatch.distributed.coordinator import CeleryWorkers

    return CeleryWorkers
