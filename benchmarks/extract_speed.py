"""Extraction throughput on a large policy page (the 660 KB seed compilation as HTML).

Prints MB/s for a page with a known container and for one that needs the text-density
fallback; exits non-zero below TARGET_MB_S. Run: PYTHONPATH=. python benchmarks/extract_speed.py
"""

from __future__ import annotations

import html
import sys
import time
from pathlib import Path

from policywatch.extract import extract

TARGET_MB_S = 1.0  # a 1 MB government page must never take more than a second to extract
SEED = Path(__file__).parent.parent / "tests" / "data" / "seeds" / "001_19fc23e80da6329a.txt"


def pages() -> dict[str, bytes]:
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    nav = "<div class='nav'>" + "".join(f"<a href='/c{i}/'>栏目{i}</a>" for i in range(50)) + "</div>"
    return {
        "container": f"<html><head><title>汇编_政府网</title></head><body>{nav}<div class='TRS_Editor'>{paragraphs}</div></body></html>".encode(),
        "density": f"<html><body>{nav}<div class='x'><div class='y'>{paragraphs}</div></div></body></html>".encode(),
    }


def main() -> int:
    worst = float("inf")
    for name, body in pages().items():
        start = time.perf_counter()
        doc = extract(body, url="http://bench.example/a.html")
        seconds = time.perf_counter() - start
        rate = len(body) / 1e6 / seconds
        worst = min(worst, rate)
        print(f"{name:10} {len(body) / 1e3:7.0f} KB  {seconds:6.3f} s  {rate:5.2f} MB/s  {len(doc.text.splitlines())} lines")
    print(f"worst {worst:.2f} MB/s (target >= {TARGET_MB_S})")
    return 0 if worst >= TARGET_MB_S else 1


if __name__ == "__main__":
    sys.exit(main())
