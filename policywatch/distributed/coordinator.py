"""The run's side of distributed mode: one task per document out, results back in as they finish.

The run still reads the listings (through the cluster's politeness) and is the only process
that writes the store: `CeleryWorkers.process` snapshots what the store knows of each job,
enqueues the tasks, and yields each job's `DocumentWork` for the run to apply. Each task id
is read once and its result deleted, so a task redelivered after a worker died is applied at
most once. A job whose result never comes (no result for `result_timeout` seconds) is left
out of the run: nothing is recorded for it, so the next run fetches it again. A broker that
cannot be reached stops the run with BrokerError (exit 1); the next run completes the work.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import redis
from celery.exceptions import TimeoutError as CeleryTimeout
from kombu.exceptions import KombuError

from policywatch import crawler
from policywatch.config import DistributedSettings, Settings
from policywatch.distributed.app import TASK_NAME, make_app
from policywatch.distributed.codec import decode, encode
from policywatch.distributed.politeness import ClusterPoliteness
from policywatch.distributed.tasks import DocumentTask
from policywatch.errors import BrokerError
from policywatch.model import DocumentRef
from policywatch.pipeline.documents import DocumentProcessor
from policywatch.pipeline.work import DocumentWork

logger = logging.getLogger(__name__)

POLL_BATCH = 500  # result keys read per poll: results come back roughly in the order sent
_BROKER_ERRORS = (redis.RedisError, KombuError, OSError)


class CeleryWorkers:
    """Hands each document of a run to `policywatch worker` processes through Redis."""

    def __init__(self, settings: Settings) -> None:
        assert settings.distributed is not None
        self.config: DistributedSettings = settings.distributed
        self.fetch_settings = settings.fetch
        self.extract_settings = settings.extract
        self.run_key = uuid.uuid4().hex
        self.redis = redis.Redis.from_url(self.config.broker_url, socket_connect_timeout=5, socket_timeout=60)
        with _broker_errors(self.config):
            self.redis.ping()
        self.app = make_app(self.config)
        politeness = ClusterPoliteness(self.redis, run_key=self.run_key, failure_limit=settings.fetch.host_failure_limit,
                                       cooldown=settings.fetch.host_cooldown, lease=self.config.host_lease)
        self.fetcher = crawler.Fetcher(settings.fetch, politeness=politeness)

    def __enter__(self) -> CeleryWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fetcher.close()
        self.redis.close()

    def process(
        self, jobs: Sequence[crawler.FetchJob], processor: DocumentProcessor
    ) -> Iterator[tuple[crawler.FetchJob, DocumentWork]]:
        pending: dict[str, crawler.FetchJob] = {}
        try:
            with _broker_errors(self.config):
                for job in jobs:
                    pending[self._send(job, processor)] = job
                logger.info("sent %d document tasks to queue %s", len(pending), self.config.queue)
                yield from self._collect(pending, processor)
        finally:
            if pending:  # closed early (stop, error): the workers need not do the rest
                self._abandon(pending)

    def _send(self, job: crawler.FetchJob, processor: DocumentProcessor) -> str:
        task = DocumentTask(
            run_key=self.run_key, url=job.url, source=job.source, fetch=self.fetch_settings,
            extract=self.extract_settings,
            host_lease=self.config.host_lease, known=processor.known(job, compare=True),
            validators=job.validators, expected_size=job.expected_size,
            listed=job.tag if isinstance(job.tag, DocumentRef) else None,
        )
        sent = self.app.send_task(TASK_NAME, args=[encode(task)], queue=self.config.queue)
        return str(sent.id)

    def _collect(
        self, pending: dict[str, crawler.FetchJob], processor: DocumentProcessor
    ) -> Iterator[tuple[crawler.FetchJob, DocumentWork]]:
        backend = self.app.backend
        last_result = time.monotonic()
        nap = 0.01
        while pending:
            ready = self._poll(list(pending)[:POLL_BATCH])
            for task_id, meta in ready:
                job = pending.pop(task_id)
                backend.forget(task_id)  # read once: a redelivered duplicate has nothing left to apply
                work = self._work(job, meta, processor)
                if work is not None:
                    logger.debug("phase: processing %s", job.url)
                    yield job, work
            if ready:
                last_result, nap = time.monotonic(), 0.01
                continue
            if time.monotonic() - last_result > self.config.result_timeout:
                for job in pending.values():
                    processor.errors.append(f"{job.url}: no result from the workers in {self.config.result_timeout:g} s; "
                                            "not recorded, so the next run fetches it again")
                logger.error("%d documents got no result from the workers; the next run retries them", len(pending))
                return  # the finally of process() revokes them
            time.sleep(nap)
            nap = min(0.25, nap * 2)

    def _poll(self, task_ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
        ready = []
        try:
            for task_id, meta in self.app.backend.get_many(set(task_ids), timeout=0, interval=0):
                ready.append((task_id, meta))
        except CeleryTimeout:  # timeout=0: one look, whatever is ready
            pass
        return ready

    @staticmethod
    def _work(job: crawler.FetchJob, meta: dict[str, Any], processor: DocumentProcessor) -> DocumentWork | None:
        if meta.get("status") == "SUCCESS":
            return decode(DocumentWork, meta["result"])
        reason = meta.get("result")
        if isinstance(reason, dict):
            reason = f"{reason.get('exc_type', 'error')}: {reason.get('exc_message', '')}"
        processor.errors.append(f"{job.url}: worker task {meta.get('status', '').lower()}: {reason}; "
                                "not recorded, so the next run fetches it again")
        logger.warning("%s: worker task %s: %s", job.url, meta.get("status"), reason)
        return None

    def _abandon(self, pending: dict[str, crawler.FetchJob]) -> None:
        try:
            self.app.control.revoke(list(pending))
            for task_id in pending:
                self.app.backend.forget(task_id)
        except _BROKER_ERRORS as exc:
            logger.warning("could not revoke %d tasks: %s", len(pending), exc)


@contextmanager
def _broker_errors(config: DistributedSettings) -> Iterator[None]:
    """Broker trouble becomes one clear BrokerError naming the broker."""
    try:
        yield
    except _BROKER_ERRORS as exc:
        raise BrokerError(
            f"distributed.broker_url {config.broker_url}: the broker cannot be reached ({exc}); "
            "nothing more was stored in this run, the next run completes it"
        ) from exc
