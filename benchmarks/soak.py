"""Soak: a 2,000-document loopback site re-crawled 50 times, 1% edited per round, 5% faulty requests.

Prints total time, memory at the start and at the end (it must not grow), store size growth,
and checks that every edit was reported exactly once. Exits non-zero when a check fails or the
whole soak takes more than 10 minutes. Options: --docs N --rounds N (smaller runs for a quick look).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite, Response
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.sitefactory import GeneratedSite

TIME_LIMIT = 600.0
MEMORY_GROWTH_LIMIT_MB = 50.0


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * 4096 / 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--edit-rate", type=float, default=0.01)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    args = parser.parse_args()
    rng = random.Random(3)
    work = Path(tempfile.mkdtemp(prefix="policywatch-soak-"))
    site_gen = GeneratedSite(count=args.docs, paragraphs_per_doc=4)
    root = work / "r0"
    site_gen.write(root, page_size=50)
    db = work / "soak.db"
    started = time.perf_counter()
    expected: Counter[str] = Counter()
    recently_edited: dict[int, int] = {}

    def faults(request):  # type: ignore[no-untyped-def]
        if request.route == "/robots.txt" or "index" in request.route or rng.random() >= args.fault_rate:
            return None
        return Response(status=500, body=b"busy") if rng.random() < 0.7 else Response(reset=True)

    with LoopbackSite(root) as site:
        settings = Settings(
            database=db, output_dir=work / "site",
            fetch=FetchSettings(min_delay=0.0, retries=1, backoff_base=0.0, max_backoff=0.0, workers=4,
                                host_failure_limit=1_000_000),
            sources=(SourceConfig(name="soak", listing_urls=(f"{site.base_url}/zcwj/index.html",), profile="trs",
                                  allow_private=True, min_delay=0.0, max_pages=1000, pages=2),),
        )
        with Store.open(db) as store:
            run_once(settings, store, build_report_site=False, deliver=False)  # the baseline
            site.fault_hook = faults
            gc.collect()
            memory_start = rss_mb()
            size_start = db.stat().st_size
            for round_no in range(1, args.rounds + 1):
                # edit documents not edited in the last 3 rounds, so a faulted fetch is caught up
                candidates = [i for i in range(args.docs) if round_no - recently_edited.get(i, -10) > 3]
                for index in rng.sample(candidates, max(1, int(args.docs * args.edit_rate))):
                    doc_id, _, _ = site_gen.edit(index)
                    expected[doc_id] += 1
                    recently_edited[index] = round_no
                # rewritten between runs, while no request is in flight
                site_gen.write(root, page_size=50)
                site.requests.clear()  # the test server's own request log is not policywatch's memory
                summary = run_once(settings, store, build_report_site=False, deliver=False)
                print(f"round {round_no:2d}: {dict(summary.outcomes)} changes {summary.changes} "
                      f"rss {rss_mb():.0f} MB", flush=True)
            site.fault_hook = None
            run_once(settings, store, build_report_site=False, deliver=False)
            gc.collect()
            memory_end = rss_mb()
            events = store.events()
    elapsed = time.perf_counter() - started
    reported: Counter[str] = Counter(
        e.url.rsplit("_", 1)[1].removesuffix(".html") for e in events if e.kind is EventKind.CHANGED
    )
    size_end = db.stat().st_size
    print(f"documents {args.docs}, rounds {args.rounds}, edits {sum(expected.values())}")
    print(f"total time {elapsed:.1f} s (limit {TIME_LIMIT:.0f} s)")
    print(f"memory start {memory_start:.1f} MB, end {memory_end:.1f} MB, growth {memory_end - memory_start:+.1f} MB")
    print(f"store size start {size_start / 1e6:.1f} MB, end {size_end / 1e6:.1f} MB")
    ok = True
    if reported != expected:
        missing = expected - reported
        extra = reported - expected
        print(f"FAIL: edits not reported exactly once; missing {dict(missing)}, extra {dict(extra)}")
        ok = False
    else:
        print("every edit reported exactly once")
    if elapsed > TIME_LIMIT:
        print("FAIL: slower than the limit")
        ok = False
    if memory_end - memory_start > MEMORY_GROWTH_LIMIT_MB:
        print("FAIL: memory grew")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
