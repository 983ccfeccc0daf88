"""Hostile-file benchmark: what each kind of bomb costs the parent and the extraction child.

For each hostile file kind (zip bomb, PDF stream bomb, both with the in-format limits relaxed so
the child's own resource limits must stop them, a PDF that burns CPU and an OFD entity bomb) a fresh process
extracts it once through the sandbox and reports the outcome, the wall time, the parent's and
the child's peak memory and the child's CPU time. A trickling (slowloris) server and a dribbled
TLS handshake are timed against fetch.total_timeout, and a slowloris inside a source with 2 s
left against that source deadline; alternating two sandbox limit profiles (OCR's and the
readers') must start one child each, not one per switch. Exits 1 when any figure exceeds its configured limit by
more than 20 %.

    PYTHONPATH=. python benchmarks/hostile.py [--memory-mb 512] [--cpu-seconds 10] [--timeout 30]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from policywatch.config import ExtractSettings, FetchSettings, SourceConfig

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
SLACK = 1.2
# The parent holds the body, its pickled copy for the pipe and the reply: a few times the file
# plus the text limit, over the interpreter's own baseline.
PARENT_BASE_MIB = 150


def hostile_file(kind: str) -> tuple[bytes, dict[str, int]]:
    """(file, ExtractSettings overrides) of one kind; made on the fly, never stored."""
    sys.path.insert(0, str(ROOT))
    from tests.hostile.bombs import docx_bomb, ofd_page, pdf_cpu_trap, pdf_stream_bomb

    makers = {
        "docx zip bomb (100 MiB document.xml)": lambda: (docx_bomb(100 * MIB), {}),
        "docx zip bomb, ZIP limits off": lambda: (docx_bomb(100 * MIB),
                                                  {"max_zip_ratio": 10**9, "max_unzipped_bytes": 10**12}),
        "pdf stream bomb (1 GiB Flate)": lambda: (pdf_stream_bomb(1024 * MIB), {}),
        "pdf stream bomb, stream limit off": lambda: (pdf_stream_bomb(1024 * MIB), {"max_pdf_stream_bytes": 10**12}),
        "pdf cpu trap (400k text runs)": lambda: (pdf_cpu_trap(), {}),
        "ofd billion laughs (10^10 chars)": lambda: (ofd_page(), {}),
    }
    return makers[kind]()


KINDS = ("docx zip bomb (100 MiB document.xml)", "docx zip bomb, ZIP limits off", "pdf stream bomb (1 GiB Flate)",
         "pdf stream bomb, stream limit off", "pdf cpu trap (400k text runs)", "ofd billion laughs (10^10 chars)")


def measure_one(kind: str, limits: ExtractSettings) -> dict[str, object]:
    """Extract one hostile file in this (fresh) process; the figures as a dict."""
    from policywatch import extract
    from policywatch.extract import sandbox

    body, overrides = hostile_file(kind)
    limits = ExtractSettings(**{**_fields(limits), **overrides})
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        document = extract.extract(body, url=f"http://bench.invalid/{kind}", limits=limits)
        outcome, reason, stopped_by = "ok", f"{len(document.text)} characters", ""
    except extract.ExtractRefused as exc:
        outcome, reason, stopped_by = exc.outcome, str(exc), exc.stopped_by
    except extract.ExtractError as exc:
        outcome, reason, stopped_by = "unreadable", str(exc), ""
    wall = time.monotonic() - started
    sandbox.shutdown()  # waits for the child, so its usage is counted below
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "kind": kind, "outcome": outcome, "stopped_by": stopped_by, "reason": reason[-160:], "wall_s": wall,
        "file_mib": len(body) / MIB,
        "parent_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "parent_baseline_mib": baseline / 1024,
        "child_peak_mib": child.ru_maxrss / 1024, "child_cpu_s": child.ru_utime + child.ru_stime,
    }


def _fields(limits: ExtractSettings) -> dict[str, object]:
    return {name: getattr(limits, name) for name in limits.__slots__}  # type: ignore[attr-defined]


def over_limits(row: dict[str, object], limits: ExtractSettings) -> list[str]:
    problems = []
    checks = [
        ("wall_s", limits.timeout, "extract.timeout"),
        ("child_cpu_s", limits.cpu_seconds, "extract.cpu_seconds"),
        ("child_peak_mib", limits.memory_mb, "extract.memory_mb"),
        ("parent_peak_mib", PARENT_BASE_MIB + 3 * float(row["file_mib"]) + 2 * limits.max_text_bytes / MIB,  # type: ignore[arg-type]
         "parent budget"),
    ]
    for key, limit, name in checks:
        value = float(row[key])  # type: ignore[arg-type]
        if value > limit * SLACK:
            problems.append(f"{row['kind']}: {key} {value:.1f} exceeds {name} {limit:.1f} by more than 20 %")
    if row["outcome"] == "ok":
        problems.append(f"{row['kind']}: was extracted instead of refused")
    return problems


def _timed_fetch(url: str, settings: FetchSettings, *, source_seconds: float | None = None) -> tuple[str, float]:
    """(outcome, seconds) of one fetch of `url`, inside a source deadline when `source_seconds` is given."""
    from contextlib import nullcontext

    from policywatch.crawler import Fetcher

    base = url.rsplit("/", 1)[0]
    source = SourceConfig(name="bench", listing_urls=(f"{base}/",), allow_private=True, min_delay=0)
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        limit = nullcontext() if source_seconds is None else fetcher.source_deadline("bench", started + source_seconds)
        with limit:
            result = fetcher.fetch(url, source=source)
    return result.outcome.value, time.monotonic() - started


def network_deadlines(total_timeout: float) -> list[str]:
    """Time a slowloris body, a dribbled TLS handshake and a source deadline; the problems found."""
    sys.path.insert(0, str(ROOT))
    from tests.hostile.servers import dribbling_tls_server, trickling_server

    problems = []
    settings = FetchSettings(min_delay=0, retries=0, respect_robots=False, total_timeout=total_timeout)
    with trickling_server(headers_first=True, interval=0.2) as base, \
            dribbling_tls_server(interval=0.2) as (tls_base, _sent):
        cases = [
            ("slowloris body", f"{base}/slow.html", settings, None, total_timeout, "fetch.total_timeout"),
            ("dribbled TLS handshake", f"{tls_base}/slow.html", settings, None, total_timeout, "fetch.total_timeout"),
            ("slowloris, source has 2 s left", f"{base}/slow.html",
             FetchSettings(min_delay=0, retries=0, respect_robots=False, total_timeout=60), 2.0, 2.0,
             "time left for the source"),
        ]
        for name, url, fetch_settings, source_seconds, limit, what in cases:
            outcome, took = _timed_fetch(url, fetch_settings, source_seconds=source_seconds)
            print(f"{name:32} {outcome:14} after {took:5.2f} s ({what} {limit:g} s)")
            if took > limit * SLACK + 0.5:  # + the 0.2 s trickle interval and connection set-up
                problems.append(f"{name}: {took:.2f} s exceeds {what} {limit:g} s")
    return problems


def sandbox_profiles(rounds: int = 10) -> list[str]:
    """Alternate two memory-limit profiles (OCR's and the readers'): children started, time per file."""
    sys.path.insert(0, str(ROOT))
    from policywatch.extract import OCR_MEMORY_MB, sandbox
    from tests.hostile.bombs import pdf_with_stream

    pdf = pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Article one) Tj ET\n")
    profiles = (ExtractSettings(), ExtractSettings(memory_mb=OCR_MEMORY_MB))
    pids: set[int] = set()
    sandbox.shutdown()
    started, cpu = time.monotonic(), time.process_time()
    for index in range(rounds * 2):
        sandbox.extract_bounded(pdf, kind="pdf", url="http://bench.invalid/a.pdf", limits=profiles[index % 2])
        pids.update(sandbox.child_pids().values())
    wall, parent_cpu = time.monotonic() - started, time.process_time() - cpu
    sandbox.shutdown()
    # what one child for all profiles cost: a new child (Python start-up, parser imports) per switch
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    restarted = time.monotonic()
    for index in range(rounds * 2):
        sandbox.extract_bounded(pdf, kind="pdf", url="http://bench.invalid/a.pdf", limits=profiles[index % 2])
        sandbox.shutdown()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    restart_wall = time.monotonic() - restarted
    restart_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    files = rounds * 2
    print(f"sandbox profiles: {files} files alternating 2 memory limits: {len(pids)} children started, "
          f"{wall / files * 1000:.1f} ms wall per file ({parent_cpu / files * 1000:.1f} ms parent CPU); "
          f"a new child per switch would cost {restart_wall / files * 1000:.1f} ms wall, "
          f"{restart_cpu / files * 1000:.1f} ms child CPU per file")
    return [f"sandbox profiles: {len(pids)} children started for 2 profiles"] if len(pids) > 2 else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memory-mb", type=int, default=512)
    parser.add_argument("--cpu-seconds", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--total-timeout", type=float, default=2.0)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one kind in this process
    args = parser.parse_args()
    limits = ExtractSettings(memory_mb=args.memory_mb, cpu_seconds=args.cpu_seconds, timeout=args.timeout)
    if args.one:
        print(json.dumps(measure_one(args.one, limits)))
        return 0
    problems: list[str] = []
    print(f"limits: memory {limits.memory_mb} MiB, cpu {limits.cpu_seconds} s, timeout {limits.timeout:g} s "
          f"(fail above +20 %)")
    print(f"{'kind':40} {'outcome':12} {'stopped':8} {'wall s':>7} {'parent MiB':>10} {'child MiB':>9} "
          f"{'child cpu s':>11}")
    for kind in KINDS:
        done = subprocess.run([sys.executable, __file__, "--one", kind, "--memory-mb", str(args.memory_mb),
                               "--cpu-seconds", str(args.cpu_seconds), "--timeout", str(args.timeout)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            problems.append(f"{kind}: the measuring process failed: {done.stderr.strip()[-300:]}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{kind:40} {row['outcome']:12} {row['stopped_by'] or '-':8} {row['wall_s']:7.2f} "
              f"{row['parent_peak_mib']:10.0f} {row['child_peak_mib']:9.0f} {row['child_cpu_s']:11.2f}")
        problems += over_limits(row, limits)
    problems += network_deadlines(args.total_timeout)
    problems += sandbox_profiles()
    for problem in problems:
        print("FAIL", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
