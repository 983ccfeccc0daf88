"""Cold CPU of normalize_text + comparison_keys, and of importing the normalizer, against a baseline.

Each figure comes from a fresh interpreter (so nothing is cached or compiled yet), run alternately
for this checkout and for the baseline revision (main before issue 15's third round, extracted
with `git archive`), median of RUNS. Per seed: `import policywatch.normalize` (with only the
`policywatch` package imported before), then the first `normalize_text(seed)` and the first
`comparison_keys(clause texts)` — the texts segment() gives for the display text, prepared
beforehand. First calls include compiling the patterns they use: this checkout compiles on first
use, the baseline at import. The model and the grammar are imported before the timed calls, on
both sides (they are other packages' cost).

Targets (issue 15): normalize_text + comparison_keys >= 3x faster cold than the baseline on the
665 KB seed (001), and importing policywatch.normalize costs <= 8 ms CPU.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"
BASELINE_REV = "30e5278af2636414b92deff55be718550467fa8d"  # main before the third round on issue 15
# Recorded on the 2-core dev machine from BASELINE_REV (ms CPU), used when git cannot give it.
RECORDED_BASELINE = {"import": 135.0, "001": (101.7, 42.3)}
TARGET_SPEEDUP = 3.0
TARGET_IMPORT_MS = 8.0
RUNS = 3

PROBE = """
import json, sys, time
import policywatch
t0 = time.process_time()
import policywatch.normalize as N
t1 = time.process_time()
import policywatch.model, policywatch.grammar  # not the normalizer's cost: imported by both sides
text = open(sys.argv[1], encoding="utf-8").read()
texts = json.load(open(sys.argv[2], encoding="utf-8"))
t2 = time.process_time()
N.normalize_text(text)
t3 = time.process_time()
N.comparison_keys(texts)
t4 = time.process_time()
print(json.dumps([1000 * (t1 - t0), 1000 * (t3 - t2), 1000 * (t4 - t3)]))
"""


def probe(pythonpath: Path, seed: Path, texts: Path) -> list[float]:
    # cwd: `python -c` puts the working directory first on sys.path, before PYTHONPATH
    out = subprocess.run([sys.executable, "-c", PROBE, str(seed), str(texts)], check=True, cwd=texts.parent,
                         capture_output=True, text=True, env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout)


def baseline_checkout(tmp: Path) -> Path | None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", BASELINE_REV, "policywatch"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    tar = tmp / "baseline.tar"
    tar.write_bytes(archive.stdout)
    with tarfile.open(tar) as handle:
        handle.extractall(tmp / "baseline", filter="data")
    return tmp / "baseline"


def clause_texts(seed: Path, tmp: Path) -> Path:
    from policywatch.diffing import segment
    from policywatch.normalize import normalize_text

    display = normalize_text(seed.read_text(encoding="utf-8")).display
    path = tmp / f"{seed.stem}.json"
    path.write_text(json.dumps([c.text for c in segment(display).clauses], ensure_ascii=False), encoding="utf-8")
    return path


def main() -> int:
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        baseline = baseline_checkout(tmp)
        if baseline is None:
            print(f"baseline {BASELINE_REV[:8]} not in this repository: using the recorded figures")
        print(f"cold CPU, ms (median of {RUNS} fresh processes each; baseline {BASELINE_REV[:8]}):")
        print(f"  {'seed':<5} {'KB':>6} | {'baseline norm':>13} {'keys':>6} {'sum':>6} | "
              f"{'now norm':>8} {'keys':>6} {'sum':>6} | speed-up")
        imports: dict[str, list[float]] = {"now": [], "base": []}
        for seed in sorted(SEEDS.glob("0*.txt")):
            texts = clause_texts(seed, tmp)
            runs: dict[str, list[list[float]]] = {"now": [], "base": []}
            for _ in range(RUNS):
                runs["now"].append(probe(ROOT, seed, texts))
                if baseline is not None:
                    runs["base"].append(probe(baseline, seed, texts))
            now = [statistics.median(r[i] for r in runs["now"]) for i in range(3)]
            if baseline is not None:
                base = [statistics.median(r[i] for r in runs["base"]) for i in range(3)]
            else:
                recorded = RECORDED_BASELINE.get(seed.name[:3])
                if recorded is None:
                    continue
                base = [RECORDED_BASELINE["import"], *recorded]
            imports["now"].append(now[0])
            imports["base"].append(base[0])
            speedup = (base[1] + base[2]) / (now[1] + now[2])
            kb = seed.stat().st_size / 1000
            print(f"  {seed.name[:3]:<5} {kb:6.0f} | {base[1]:13.1f} {base[2]:6.1f} {base[1] + base[2]:6.1f} | "
                  f"{now[1]:8.1f} {now[2]:6.1f} {now[1] + now[2]:6.1f} | {speedup:5.2f}x")
            if seed.name.startswith("001") and speedup < TARGET_SPEEDUP:
                failures.append(f"normalize + keys on 001 only {speedup:.2f}x faster cold (target {TARGET_SPEEDUP}x)")
        import_ms = statistics.median(imports["now"])
        print(f"import policywatch.normalize: {import_ms:.1f} ms CPU (baseline "
              f"{statistics.median(imports['base']):.1f} ms; target <= {TARGET_IMPORT_MS} ms)", flush=True)
        if import_ms > TARGET_IMPORT_MS:
            failures.append(f"importing the normalizer costs {import_ms:.1f} ms > {TARGET_IMPORT_MS} ms")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
