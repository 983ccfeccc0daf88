"""Crawl benchmark: first crawl and re-crawl (all 304) of a 1,000+ document loopback site.

Prints pages per second for both passes and the peak memory, with politeness delays at zero;
the first crawl extracts every page as a run does (CPU ms per page of extraction printed too).
Target: at least 300 re-checks per second; exits 1 below it. A re-crawl must download no
document body: every answer has to be a 304 with an empty body.

    PYTHONPATH=. python benchmarks/crawl.py [--docs 1200] [--hosts 1] [--target 300]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from policywatch.config import FetchSettings, SourceConfig
from policywatch.crawler import Fetcher, FetchJob
from policywatch.demo.server import LoopbackSite
from policywatch.extract import extract
from policywatch.model import FetchOutcome

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"


def build_site(root: Path, docs: int) -> list[str]:
    """Write `docs` GBK policy pages (4–12 KB each) cut from the seed texts; return their paths."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt")))
    paths = []
    for n in range(docs):
        start = (n * 7919) % (len(text) - 12000)
        body = text[start : start + 2000 + (n % 5) * 1000]
        paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
        page = (f'<html><head><meta charset="gb2312"><title>政策文件 {n}</title></head>'
                f'<body><div class="article"><h1>政策文件 {n}</h1>{paragraphs}</div></body></html>')
        path = f"art/{n // 100}/art_{n}.html"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(page.encode("gb18030", errors="replace"))
        paths.append("/" + path)
    return paths


def crawl(fetcher: Fetcher, jobs: list[FetchJob], extract_cpu: list[float] | None = None,
          ) -> tuple[float, dict[str, FetchJob], dict[str, int]]:
    """Run all jobs; seconds taken, the jobs for a re-crawl (with validators), outcome counts.

    With extract_cpu, each fetched body is extracted as a run does, its CPU seconds appended.
    """
    again: dict[str, FetchJob] = {}
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for job, result in fetcher.fetch_many(jobs):
        counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
        if result.outcome is FetchOutcome.NOT_MODIFIED and result.body:
            raise SystemExit(f"{job.url}: a 304 carried a body")
        if extract_cpu is not None and result.body:
            cpu = time.process_time()
            extract(result.body, url=result.final_url or job.url, content_type=result.content_type)
            extract_cpu.append(time.process_time() - cpu)
        again[job.url] = FetchJob(job.url, job.source, validators=result.validators)
    return time.perf_counter() - started, again, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1200)
    parser.add_argument("--hosts", type=int, default=1, help="loopback sites the documents are spread over")
    parser.add_argument("--target", type=float, default=300.0, help="minimum re-checks per second")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = build_site(root, args.docs)
        sites = [LoopbackSite(root).start() for _ in range(args.hosts)]
        try:
            settings = FetchSettings(min_delay=0.0, retries=0, workers=max(4, args.hosts))
            jobs = []
            for n, path in enumerate(paths):
                site = sites[n % len(sites)]
                source = SourceConfig(name=f"site{n % len(sites)}", listing_urls=(site.url("/"),), allow_private=True)
                jobs.append(FetchJob(site.url(path), source))
            extract_cpu: list[float] = []
            with Fetcher(settings) as fetcher:
                first_s, again, first_counts = crawl(fetcher, jobs, extract_cpu)
                second_s, _, second_counts = crawl(fetcher, list(again.values()))
        finally:
            for site in sites:
                site.stop()

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first_rate, second_rate = len(jobs) / first_s, len(jobs) / second_s
    print(f"documents: {len(jobs)} on {args.hosts} host(s), politeness delays 0")
    print(f"first crawl: {first_rate:8.1f} pages/s  ({first_s:.2f} s, fetch + extract)  outcomes {first_counts}")
    if extract_cpu:
        print(f"extraction:  {1000 * sum(extract_cpu) / len(extract_cpu):8.2f} ms CPU per page "
              f"({len(extract_cpu) / sum(extract_cpu):.0f} pages/s of extraction alone)")
    print(f"re-crawl:    {second_rate:8.1f} pages/s  ({second_s:.2f} s)  outcomes {second_counts}")
    print(f"peak memory: {peak_mib:.1f} MiB RSS (benchmark process, test server included)")
    failures = []
    if first_counts.get("ok", 0) != len(jobs):
        failures.append(f"first crawl: only {first_counts.get('ok', 0)} of {len(jobs)} ok")
    if second_counts.get("not_modified", 0) != len(jobs):
        failures.append(f"re-crawl: only {second_counts.get('not_modified', 0)} of {len(jobs)} not modified")
    if second_rate < args.target:
        failures.append(f"re-crawl {second_rate:.1f} pages/s is below the target {args.target:.0f}")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
