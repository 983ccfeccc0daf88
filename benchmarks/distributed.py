"""Distributed benchmark: documents/s with 1 and 2 Celery workers, and the single writer's ceiling.

Starts a private redis-server and `policywatch worker` processes on loopback (one pool process
each). With one worker, then two, each into a fresh store: a first crawl of a site whose pages
carry their text in multi-page PDF attachments (CPU-bound: PDF extraction, normalization), and
a re-crawl of an HTML site where every page answers 304. Politeness delays are zero. Finally
it times the run's own part, applying prepared results to the store, which no number of
workers can speed up: the single writer's ceiling in results stored per second.

Target: two workers at least `--target` (1.6) times one worker on the CPU-bound crawl; exits 1
below it. The machine's load average is printed beside the figures: on a shared machine the
second worker competes with everything else for the second core.

    PYTHONPATH=. python benchmarks/distributed.py [--docs 40] [--pages 8] [--html-docs 300] [--target 1.6]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from policywatch import crawler
from policywatch.config import Settings, load_settings
from policywatch.demo import LoopbackSite
from policywatch.distributed import workers_for
from policywatch.distributed.localcluster import LocalCluster, RedisServer
from policywatch.pipeline import run_once
from policywatch.pipeline.documents import DocumentProcessor
from policywatch.pipeline.workers import LocalWorkers
from policywatch.state import Store
from tests.govsite import make_pdf_pages
from tests.sitefactory import GeneratedSite

LINES_PER_PAGE = 30


def pdf_site(root: Path, docs: int, pages: int) -> None:
    """`docs` pages, each with its text only in a `pages`-page PDF (each in its own folder)."""
    site = GeneratedSite(count=docs)
    paragraphs = [line for doc in site.docs for line in doc.lines]
    for index, doc in enumerate(site.docs):
        site.docs[index] = replace(doc, pdf=True, date=f"{2000 + index // 12}-{1 + index % 12:02d}-15")
    site.write(root)
    for index, doc in enumerate(site.docs):
        lines: list[str] = []
        n = 0
        while len(lines) < pages * LINES_PER_PAGE:
            text = paragraphs[(index * 31 + n) % len(paragraphs)]
            lines += [text[i:i + 38] for i in range(0, len(text), 38)]
            n += 1
        pages_of_lines = [lines[i:i + LINES_PER_PAGE] for i in range(0, pages * LINES_PER_PAGE, LINES_PER_PAGE)]
        ((root / doc.path).parent / "P020180514_1001.pdf").write_bytes(make_pdf_pages(pages_of_lines))


def write_config(path: Path, site_url: str, broker_url: str) -> Path:
    path.write_text(f"""
database = "{path.stem}.db"
output_dir = "out"
[fetch]
min_delay = 0.0
retries = 0
[distributed]
broker_url = "{broker_url}"
task_time_limit = 600
visibility_timeout = 900
result_timeout = 600
[[sources]]
name = "bench"
listing_urls = ["{site_url}/zcwj/index.html"]
profile = "trs"
allow_private = true
pages = 1000
max_pages = 1000
""", encoding="utf-8")
    return path


def timed_run(settings: Settings, store: Store) -> tuple[float, dict[str, int]]:
    """(seconds, fetch outcomes) of one distributed run."""
    t0 = time.perf_counter()
    summary = run_once(settings, store, build_report_site=False, deliver=False, workers=workers_for(settings))
    seconds = time.perf_counter() - t0
    assert not summary.errors, summary.errors[:3]
    return seconds, dict(summary.outcomes)


_STORE_NUMBERS = itertools.count(1)


def fresh_store(settings: Settings) -> Store:
    """An empty store beside the configured one (a new file each time: a store is never deleted under its sidecar)."""
    path = settings.database.with_name(f"{settings.database.stem}-{next(_STORE_NUMBERS)}.db")
    return Store.open(path)


def writer_ceiling(settings: Settings, docs: list[str]) -> tuple[float, float]:
    """Results applied per second by the run alone (no workers): new documents, then 304s."""
    settings = replace(settings, distributed=None, database=settings.database.with_name("writer.db"))
    source = settings.sources[0]
    with fresh_store(settings) as store, LocalWorkers(settings) as local:
        run_id = store.start_run([source.name])
        store.ensure_source(source.name)
        processor = DocumentProcessor(source, store=store, fetcher=local.fetcher, run_id=run_id, first_run=False)
        rates = []
        for jobs in ([crawler.FetchJob(url=url, source=source) for url in docs], None):
            jobs = jobs if jobs is not None else processor.jobs([])  # the second pass: conditional GETs
            works = [(job, processor.prepare(job, result)) for job, result in local.fetcher.fetch_many(jobs)]
            t0 = time.perf_counter()
            for job, done in works:
                processor.apply(job, done)
            rates.append(len(works) / (time.perf_counter() - t0))
        assert processor.new_documents == len(docs)
    return rates[0], rates[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=8, help="PDF pages per document")
    parser.add_argument("--html-docs", type=int, default=300, help="HTML documents of the 304 re-crawl and the writer")
    parser.add_argument("--target", type=float, default=1.6)
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]),
                                                           os.environ.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdf_site(work / "pdf", args.docs, args.pages)
        html = GeneratedSite(count=args.html_docs)
        html.write(work / "html", page_size=50)
        cpu: dict[int, float] = {}
        recheck: dict[int, float] = {}
        with LoopbackSite(work / "pdf") as pdf_web, LoopbackSite(work / "html") as html_web, \
                LocalCluster(work, RedisServer(work / "redis").start()) as cluster:
            pdf_settings = load_settings(write_config(work / "pdf.toml", pdf_web.url(""), cluster.redis.url))
            html_settings = load_settings(write_config(work / "html.toml", html_web.url(""), cluster.redis.url))
            for count in (1, 2):
                cluster.add_workers(work / "pdf.toml", count - len(cluster.workers))
                load = os.getloadavg()[0]
                with fresh_store(pdf_settings) as store:
                    cpu0 = time.process_time()
                    seconds, _ = timed_run(pdf_settings, store)
                    cpu[count] = args.docs / seconds
                    coordinator = (time.process_time() - cpu0) / seconds
                with fresh_store(html_settings) as store:
                    timed_run(html_settings, store)
                    seconds, outcomes = timed_run(html_settings, store)
                    assert outcomes.get("not_modified") == args.html_docs, outcomes  # a 304 re-crawl
                    recheck[count] = args.html_docs / seconds
                print(f"{count} worker(s): CPU-bound first crawl {cpu[count]:.2f} PDF documents/s "
                      f"({args.docs} documents, {args.pages}-page PDFs); 304 re-crawl {recheck[count]:.0f} documents/s "
                      f"({args.html_docs} documents); load average {load:.1f} on {os.cpu_count()} CPUs; "
                      f"the run itself (and the loopback site it serves) used {coordinator:.2f} CPU of the PDF crawl")
            docs = [html_web.url("/" + d.path) for d in html.docs]
            new_rate, unchanged_rate = writer_ceiling(html_settings, docs)
        print(f"single writer: {new_rate:.0f} new documents stored/s, {unchanged_rate:.0f} unchanged (304) results/s "
              f"= {new_rate * 86400 / 1e6:.1f} M new documents/day, {unchanged_rate * 86400 / 1e6:.1f} M re-checks/day")
    speedup = cpu[2] / cpu[1]
    print(f"two workers / one worker: {speedup:.2f}x on the CPU-bound crawl (target {args.target}x), "
          f"{recheck[2] / recheck[1]:.2f}x on the 304 re-crawl")
    if speedup < args.target:
        print(f"FAIL: {speedup:.2f}x is below the {args.target}x target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
