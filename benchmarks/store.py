"""Store growth under unchanged re-fetches: versions and bodies must stay flat (issue 5).

Stores the five seed documents, then re-fetches them 10,000 times in all with cosmetic noise in
the raw bodies (a visit counter, re-spaced text) and prints what grew. Exits non-zero when a
version or a stored body was added by an unchanged fetch, or when pruning the fetch log does not
bring the database back near its size before the re-fetches.

    PYTHONPATH=. python benchmarks/store.py [--fetches 10000]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policywatch.model import (
    DocumentMetadata,
    ExtractedDocument,
    FetchOutcome,
    FetchResult,
    NormalizedDocument,
    Validators,
)
from policywatch.normalize import normalize_document
from policywatch.state import Store

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=64)
def normalized(url: str, text: str) -> NormalizedDocument:
    """The real normalization, as the pipeline does it for a fetched page (cached: the store is measured)."""
    extracted = ExtractedDocument(url=url, format="html", text=text,
                                  metadata=DocumentMetadata(title=url.rsplit("/", 1)[-1]))
    return normalize_document(extracted)


def fetched(url: str, body: bytes, when: datetime) -> FetchResult:
    return FetchResult(url=url, outcome=FetchOutcome.OK, fetched_at=when, final_url=url, status=200,
                       content_type="text/html", body=body, encoding="utf-8",
                       validators=Validators(etag=f'"{hashlib.md5(body).hexdigest()}"'), elapsed_ms=5)


def counts(store: Store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "versions", "blobs", "fetches")}


def size(path: Path, store: Store) -> int:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetches", type=int, default=10_000)
    args = parser.parse_args()
    return store_growth(args.fetches)


def store_growth(fetches: int) -> int:
    """Run the re-fetch experiment, print its figures; 0 when the store stayed flat."""
    seeds = sorted(SEEDS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = Store.open(path)
        run = store.start_run(["bench"])
        texts = {f"http://bench.test/{p.stem}.html": p.read_text(encoding="utf-8") for p in seeds}
        for url, text in texts.items():
            store.record_version("bench", normalized(url, text), raw=fetched(url, text.encode(), T0), run_id=run)
        before, bytes_before = counts(store), size(path, store)
        started = time.perf_counter()
        urls = list(texts)
        for i in range(fetches):
            url = urls[i % len(urls)]
            when = T0 + timedelta(minutes=i + 1)
            noisy = texts[url].replace("\n", "\n ", i % 3)  # re-spaced: same comparison key
            raw = fetched(url, f"{noisy}<span>visits {i}</span>".encode(), when)
            store.record_fetch(raw, run_id=run, source="bench")
            outcome = store.record_version("bench", normalized(url, noisy), raw=raw, run_id=run, now=when)
            assert outcome.kind == "unchanged", outcome.kind
        elapsed = time.perf_counter() - started
        after, bytes_after = counts(store), size(path, store)
        pruned = store.prune(T0 + timedelta(days=365))
        bytes_pruned = size(path, store)
        store.db.execute("VACUUM")
        bytes_vacuumed = size(path, store)
        store.close()
    print(f"unchanged re-fetches:   {fetches} in {elapsed:.1f} s ({fetches / elapsed:.0f}/s)")
    print(f"rows before:            {before}")
    print(f"rows after:             {after}")
    print(f"database bytes:         {bytes_before:,} -> {bytes_after:,} "
          f"(+{(bytes_after - bytes_before) / fetches:.0f} B per fetch, all fetch log)")
    print(f"after prune, vacuum:    {bytes_pruned:,} -> {bytes_vacuumed:,} bytes ({pruned})")
    flat = all(after[t] == before[t] for t in ("documents", "versions", "blobs"))
    back = bytes_vacuumed <= bytes_before * 1.1 + 65_536
    print(f"versions and bodies flat: {'yes' if flat else 'NO'}; size back after prune: {'yes' if back else 'NO'}")
    return 0 if flat and back else 1


if __name__ == "__main__":
    sys.exit(main())
