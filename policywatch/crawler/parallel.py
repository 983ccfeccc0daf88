"""Runs fetch jobs with hosts in parallel and each host's jobs strictly one after another."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from policywatch.config import SourceConfig
from policywatch.crawler.politeness import host_key
from policywatch.model import FetchResult, Validators

__all__ = ["FetchJob", "run_by_host"]


@dataclass(frozen=True, slots=True)
class FetchJob:
    """One URL to fetch in `fetch_many`; `tag` is the caller's, returned untouched."""

    url: str
    source: SourceConfig
    validators: Validators | None = None
    expected_size: int | None = None
    tag: object = None
    data: Mapping[str, str] | None = None  # form fields: POST instead of GET


_DONE = object()


def run_by_host(jobs: Iterable[FetchJob], fetch: Callable[[FetchJob], FetchResult], *,
                workers: int) -> Iterator[tuple[FetchJob, FetchResult]]:
    """Yield ``(job, fetch(job))`` as they complete; `workers` hosts at a time.

    An exception raised by `fetch` (a bug: bad responses are results, not exceptions) is
    re-raised in the consumer. Closing the iterator early lets the requests in flight finish
    and skips the rest.
    """
    by_host: dict[str, list[FetchJob]] = {}
    for job in jobs:
        by_host.setdefault(host_key(job.url), []).append(job)
    if not by_host:
        return
    results: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def work(host_jobs: list[FetchJob]) -> None:
        try:
            for job in host_jobs:
                if stop.is_set():
                    break
                results.put((job, fetch(job)))
        except BaseException as exc:
            results.put(exc)
        finally:
            results.put(_DONE)

    executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="fetch")
    try:
        for host_jobs in by_host.values():
            executor.submit(work, host_jobs)
        remaining = len(by_host)
        while remaining:
            item = results.get()
            if item is _DONE:
                remaining -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item  # type: ignore[misc]
    finally:
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)
