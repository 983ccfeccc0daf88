"""The worker's side: one document task = fetch -> `pipeline.work.prepare`, returned as JSON.

A worker process keeps nothing between tasks but a fetcher per run (its HTTP session and
robots.txt cache); the run's politeness lives in Redis, shared with every other process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import redis
from celery import Celery

from policywatch import crawler
from policywatch.config import DistributedSettings, ExtractSettings, FetchSettings, SourceConfig
from policywatch.distributed.app import TASK_NAME, make_app
from policywatch.distributed.codec import decode, encode
from policywatch.distributed.politeness import ClusterPoliteness
from policywatch.model import DocumentRef, FetchResult, Validators
from policywatch.pipeline.work import Known, prepare

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """Everything a worker needs for one document; the store is never opened by a worker."""

    run_key: str  # politeness state and fetchers are per run
    url: str
    source: SourceConfig
    fetch: FetchSettings
    extract: ExtractSettings
    host_lease: float
    known: Known
    validators: Validators | None = None
    expected_size: int | None = None
    listed: DocumentRef | None = None


class _RunFetchers:
    """The fetcher of the run this worker process is serving (a new run closes the old one)."""

    def __init__(self, broker_url: str) -> None:
        self.broker_url = broker_url
        self.key: tuple[str, FetchSettings] | None = None
        self.fetcher: crawler.Fetcher | None = None

    def get(self, task: DocumentTask) -> crawler.Fetcher:
        key = (task.run_key, task.fetch)
        if self.fetcher is None or self.key != key:
            if self.fetcher is not None:
                self.fetcher.close()
            politeness = ClusterPoliteness(
                redis.Redis.from_url(self.broker_url, socket_connect_timeout=5, socket_timeout=60),
                run_key=task.run_key, failure_limit=task.fetch.host_failure_limit,
                cooldown=task.fetch.host_cooldown, lease=task.host_lease,
            )
            self.fetcher = crawler.Fetcher(task.fetch, politeness=politeness)
            self.key = key
        return self.fetcher


def process(payload: dict[str, Any], fetchers: _RunFetchers) -> dict[str, Any]:
    task = decode(DocumentTask, payload)
    fetcher = fetchers.get(task)
    job = crawler.FetchJob(url=task.url, source=task.source, validators=task.validators,
                           expected_size=task.expected_size, tag=task.listed)
    logger.info("document %s", task.url)
    result = fetcher.fetch(task.url, source=task.source, validators=task.validators, expected_size=task.expected_size)

    def fetch_attachment(url: str, validators: Validators | None) -> FetchResult:
        return fetcher.fetch(url, source=task.source, validators=validators)

    return encode(prepare(job, result, task.known, fetch_attachment, task.extract))  # type: ignore[no-any-return]


def worker_app(settings: DistributedSettings) -> Celery:
    """The Celery app of `policywatch worker`, with the document task registered."""
    app = make_app(settings)
    fetchers = _RunFetchers(settings.broker_url)

    @app.task(name=TASK_NAME)
    def document(payload: dict[str, Any]) -> dict[str, Any]:
        return process(payload, fetchers)

    return app
