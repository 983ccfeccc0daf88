"""Backfill at scale: the store's cost per new document must not grow with the documents it holds.

Records new documents (each with its own 索引号 and 发文字号, so every one goes through the
identity lookups a first crawl makes) into one store, and prints the CPU milliseconds per
document of a window of documents taken when the store holds 500, 2,000 and 8,000. Exits
non-zero unless the figure at the largest size is within 1.15× of the one at the smallest.

    PYTHONPATH=. python benchmarks/scale.py [--sizes 500,2000,8000] [--window 200]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from policywatch.model import (
    DocumentMetadata,
    FetchOutcome,
    FetchResult,
    NormalizedDocument,
    Validators,
)
from policywatch.state import Store

T0 = datetime(2026, 1, 1, tzinfo=UTC)
MAX_GROWTH = 1.15
REPEATS = 7


def document(n: int) -> tuple[NormalizedDocument, FetchResult]:
    """A distinct small document as the pipeline hands it to the store after normalizing."""
    url = f"http://scale.test/art/{n // 100}/art_{n}.html"
    text = f"关于印发第{n}号文件的通知\n\n一、总则\n第一条 为了规范第{n}项工作，制定本办法。\n"
    meta = DocumentMetadata(title=f"文件{n}", index_no=f"000014349/2026-{n:05d}", issuer="国务院办公厅",
                            doc_number=f"国办发〔2026〕{n}号")
    key = hashlib.sha256(text.encode()).hexdigest()
    doc = NormalizedDocument(url=url, format="html", display_text=text, comparison_key=text,
                             content_hash=key, metadata=meta)
    body = f"<html><body><p>{text}</p></body></html>".encode()
    raw = FetchResult(url=url, outcome=FetchOutcome.OK, fetched_at=T0, final_url=url, status=200,
                      content_type="text/html", body=body, encoding="utf-8",
                      validators=Validators(etag=f'"{n}"'), elapsed_ms=1)
    return doc, raw


def backfill(sizes: list[int], window: int) -> dict[int, float]:
    """CPU ms per document for `window` documents recorded once a store holds each size.

    One store per size, grown untimed, then timed side by side: each round records one window
    into every store in turn, so a busy moment of a shared machine (or a WAL checkpoint) falls
    on one window, not on every window of one size; the figure is the best of the rounds."""
    figures: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        for size in sorted(sizes):  # grow each store untimed
            store = Store.open(Path(tmp) / f"scale-{size}.db")
            run = store.start_run(["scale"])
            for n in range(size):
                doc, raw = document(n)
                store.record_version("scale", doc, raw=raw, run_id=run, now=T0)
            stores[size] = (store, run)
        samples: dict[int, list[float]] = {size: [] for size in stores}
        for round_no in range(REPEATS):
            for size, (store, run) in stores.items():
                first = size + round_no * window
                batch = [document(first + i) for i in range(window)]
                started = time.process_time()
                for doc, raw in batch:
                    store.record_version("scale", doc, raw=raw, run_id=run, now=T0)
                samples[size].append((time.process_time() - started) * 1000 / window)
        for size, (store, _) in stores.items():
            store.close()
            figures[size] = min(samples[size])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,8000")
    parser.add_argument("--window", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    figures = backfill(sizes, args.window)
    for size, ms in figures.items():
        print(f"store holding {size:6,} documents: {ms:6.3f} ms CPU per new document")
    smallest, largest = figures[min(figures)], figures[max(figures)]
    growth = largest / smallest
    ok = growth <= MAX_GROWTH
    print(f"growth {min(figures):,} -> {max(figures):,}: {growth:.2f}x (target <= {MAX_GROWTH}x): "
          f"{'OK' if ok else 'BELOW TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
