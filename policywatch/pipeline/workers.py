"""Who does the per-document work of a run: this process (the default) or a cluster of workers.

A run asks its `Workers` for a fetcher (the listing pages are always read by the run itself)
and hands them each source's fetch jobs; they yield each job with its `DocumentWork`, which the
run alone applies to the store. `LocalWorkers` is today's single process: fetch hosts in
parallel threads, then prepare each result right here as it is consumed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Protocol

from policywatch import crawler
from policywatch.config import Settings
from policywatch.pipeline.documents import DocumentProcessor
from policywatch.pipeline.work import DocumentWork

logger = logging.getLogger(__name__)


class Workers(Protocol):
    """The per-document work of one run; a context manager, entered once per run."""

    fetcher: crawler.Fetcher

    def __enter__(self) -> Workers: ...

    def __exit__(self, *exc: object) -> None: ...

    def process(
        self, jobs: Sequence[crawler.FetchJob], processor: DocumentProcessor
    ) -> Iterator[tuple[crawler.FetchJob, DocumentWork]]:
        """Yield (job, work) as each job is done; closing the iterator early abandons the rest."""
        ...


class LocalWorkers:
    """Everything in this process: the single-process default."""

    def __init__(self, settings: Settings) -> None:
        self.fetcher = crawler.Fetcher(settings.fetch)

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fetcher.close()

    def process(
        self, jobs: Sequence[crawler.FetchJob], processor: DocumentProcessor
    ) -> Iterator[tuple[crawler.FetchJob, DocumentWork]]:
        with contextlib.closing(self.fetcher.fetch_many(jobs)) as results:  # closing it cancels the jobs not started
            for job, result in results:
                # "phase:" debug lines mark where a run is; the crash-safety tests read them.
                logger.debug("phase: processing %s", job.url)
                yield job, processor.prepare(job, result)
