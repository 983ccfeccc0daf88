"""Benchmark: normalization throughput on the 665 KB seed, idempotence, and store growth.

Run: `PYTHONPATH=. python benchmarks/normalize.py`. Prints MB/s (UTF-8 bytes of input per
second, best of several runs) and exits non-zero below the target or when normalizing the
display text again changes it; then stores the seeds and re-fetches them 10,000 times unchanged
(benchmarks/store.py) and fails if any version or stored body was added.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from policywatch.normalize import normalize_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store import store_growth

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"
TARGET_MB_S = 2.0
RUNS = 5


def best_seconds(text: str, runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        normalize_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    failures: list[str] = []

    # ---------------------------------------------------------------- 1. throughput + idempotence
    big = next(SEEDS.glob("001_*.txt"))
    text = big.read_text(encoding="utf-8")
    size_mb = len(text.encode("utf-8")) / 1e6
    seconds = best_seconds(text)
    rate = size_mb / seconds
    print(f"normalize throughput: {rate:.2f} MB/s ({size_mb * 1000:.0f} KB in {seconds * 1000:.0f} ms,"
          f" best of {RUNS}; target >= {TARGET_MB_S} MB/s)")
    if rate < TARGET_MB_S:
        failures.append(f"throughput {rate:.2f} MB/s < {TARGET_MB_S} MB/s")

    for path in sorted(SEEDS.glob("0*.txt")):
        result = normalize_text(path.read_text(encoding="utf-8"))
        again = normalize_text(result.display)
        ok = again.display == result.display and again.key == result.key \
            and normalize_text(result.key).key == result.key
        print(f"idempotence {path.name}: {'ok' if ok else 'FAILED'}")
        if not ok:
            failures.append(f"not idempotent on {path.name}")

    # ---------------------------------------------------------------- 2. per-seed timings
    print("per-seed timings:")
    for path in sorted(SEEDS.glob("0*.txt")):
        seed = path.read_text(encoding="utf-8")
        ms = best_seconds(seed) * 1000
        kb = len(seed.encode("utf-8")) / 1000
        print(f"  {path.name}: {kb:7.1f} KB  {ms:7.1f} ms  {kb / ms:5.2f} MB/s")

    # ---------------------------------------------------------------- 3. store growth
    # 10,000 unchanged (re-spaced, counter-changed) re-fetches through the real normalizer
    print("store growth under 10,000 unchanged re-fetches:")
    if store_growth(10_000) != 0:
        failures.append("the store grew with unchanged re-fetches")

    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
