"""Site build speed: a full build, a no-op rebuild and a one-change rebuild of a large store.

Usage: PYTHONPATH=. python benchmarks/site_build.py [documents]
Prints the figures; exits 1 when a target is missed (targets below).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from policywatch.reports import build_site
from tests.reports.fakes import NANJING, FakeSource, at, make_source, nanjing_v2, seed

MIN_PAGES_PER_SECOND = 40.0  # full build, two 28 KB versions per document, on one shared core
MAX_NOOP_WRITES = 0  # a rebuild of an unchanged store renders nothing


def big_source(n: int) -> FakeSource:
    fs = make_source()
    base = fs.records[0]
    text = seed("003")
    changed = nanjing_v2(text)
    for i in range(n):
        doc_id = 1000 + i
        meta = replace(base.metadata, doc_number=f"宁政办发〔2019〕{i}号")
        fs.add_document(doc_id, f"{NANJING}-{i % 10}", f"{base.url}?{i}", meta, [text, changed],
                        seen=[at("2024-01-02"), at("2024-03-05")])
        fs.change(doc_id, at("2024-03-05"))
    return fs


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    fs = big_source(n)
    out = Path(tempfile.mkdtemp(prefix="pw-bench-")) / "site"
    try:
        start = time.perf_counter()
        full = build_site(fs, out)
        full_s = time.perf_counter() - start
        start = time.perf_counter()
        noop = build_site(fs, out)
        noop_s = time.perf_counter() - start
        fs.records[0] = replace(fs.records[0], metadata=replace(fs.records[0].metadata, validity="废止"))
        start = time.perf_counter()
        one = build_site(fs, out)
        one_s = time.perf_counter() - start
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    rate = len(full.written) / full_s
    print(f"documents: {n + 6}, pages: {len(full.pages)}")
    print(f"full build: {full_s:.2f} s ({rate:.0f} pages/s)")
    print(f"no-op rebuild: {noop_s:.2f} s, {len(noop.written)} pages written")
    print(f"one document changed: {one_s:.2f} s, {len(one.written)} pages written: {', '.join(one.written)}")
    ok = rate >= MIN_PAGES_PER_SECOND and len(noop.written) <= MAX_NOOP_WRITES
    print("OK" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
