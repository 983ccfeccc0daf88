"""Store growth: flat under unchanged re-fetches (issue 5), lean per new version (issue 15).

1. Stores the five seed documents, then re-fetches them 10,000 times in all with cosmetic noise
   in the raw bodies (a visit counter, re-spaced text) and prints what grew. Fails when a version
   or a stored body was added by an unchanged fetch, or when pruning the fetch log does not bring
   the database back near its size before the re-fetches.
2. Runs the real pipeline over a loopback site of generated documents, editing a share of them
   each round, and prints the bytes the store grew per new version, table by table. Fails above
   half of what the store took before changesets were stored once (issue 15).

    PYTHONPATH=. python benchmarks/store.py [--fetches 10000] [--docs 200 --rounds 5]
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite
from policywatch.model import (
    DocumentMetadata,
    ExtractedDocument,
    FetchOutcome,
    FetchResult,
    NormalizedDocument,
    Validators,
)
from policywatch.normalize import normalize_document
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.sitefactory import GeneratedSite

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
# Bytes per new version measured before issue 15 (each runs row repeated every changeset) with
# the default --docs 200 --rounds 5 --edit-share 0.2; the target is at most half of it.
BYTES_PER_VERSION_BEFORE = 22_241


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
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--edit-share", type=float, default=0.2)
    args = parser.parse_args()
    flat = store_growth(args.fetches)
    lean = version_growth(args.docs, args.rounds, args.edit_share)
    return flat or lean


def table_bytes(store: Store) -> dict[str, int]:
    """Bytes on disk per table, its indexes included (SQLite's dbstat)."""
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    names = dict(store.db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
    sizes: dict[str, int] = {}
    for name, used in store.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        table = names.get(name, name)
        sizes[table] = sizes.get(table, 0) + used
    return sizes


def version_growth(docs: int, rounds: int, share: float) -> int:
    """Real runs over an edited site; 0 when a new version costs at most half of the old figure."""
    site_gen = GeneratedSite(count=docs, paragraphs_per_doc=12)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root, db = work / "site", work / "bench.db"
        site_gen.write(root, page_size=50)
        with LoopbackSite(root) as site, Store.open(db) as store:
            settings = Settings(
                database=db, output_dir=work / "out",
                fetch=FetchSettings(min_delay=0.0, retries=0, workers=4),
                sources=(SourceConfig(name="bench", listing_urls=(f"{site.base_url}/zcwj/index.html",),
                                      profile="trs", allow_private=True, min_delay=0.0, max_pages=1000),),
            )
            run_once(settings, store, build_report_site=False, deliver=False)
            before = table_bytes(store)
            versions_before = store.db.execute("SELECT count(*) FROM versions").fetchone()[0]
            for _ in range(rounds):
                site_gen.edit_random(share)
                site_gen.write(root, page_size=50)
                run_once(settings, store, build_report_site=False, deliver=False)
            after = table_bytes(store)
            new_versions = store.db.execute("SELECT count(*) FROM versions").fetchone()[0] - versions_before
    grown = {t: after.get(t, 0) - before.get(t, 0) for t in sorted(after)}
    per_version = sum(grown.values()) / max(1, new_versions)
    print(f"new versions: {new_versions} over {rounds} rounds of {share:.0%} of {docs} documents edited")
    print("bytes grown per new version: " + ", ".join(
        f"{t} {b / max(1, new_versions):,.0f}" for t, b in grown.items() if b))
    target = BYTES_PER_VERSION_BEFORE / 2
    ok = new_versions > 0 and (not target or per_version <= target)
    print(f"total {per_version:,.0f} B per new version (before issue 15: {BYTES_PER_VERSION_BEFORE:,} B; "
          f"target <= {target:,.0f} B): {'OK' if ok else 'BELOW TARGET'}")
    return 0 if ok else 1


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
