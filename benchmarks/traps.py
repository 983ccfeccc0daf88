"""What `policywatch run --json` makes of the site traps of tests/traps.py, measured from outside.

For each trap: two runs (the second after the site springs its trap), the run's counts, outcomes,
event kinds, errors and warnings, and the versions stored per document (with the body's lines
that made it into the latest one).

    PYTHONPATH=. python benchmarks/traps.py [--traps waf412,split] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests import traps

TRAPS = ("waf412", "waf200", "xhr", "refresh", "jsredirect", "refreshquery", "soft404", "mirror", "split", "calendar",
         "maintenance", "busy", "variants", "gbkquery", "gzip2", "select", "etag", "splitattach", "template",
         "mixedcharset", "download", "huge", "postpager", "soft404chrome", "pagescript",
         "pagequoted", "wafblock", "captcha", "tocolumn", "listed", "login", "fileerror", "xxgkpost", "hop302",
         "formnext", "charsetlie")


def summarise(trap: str, found: dict[str, Any]) -> dict[str, Any]:
    runs = [{
        "counts": run["counts"], "outcomes": run["outcomes"], "events": [e["kind"] for e in run["events"]],
        "errors": [e[:160] for e in run["errors"]], "warnings": [w[:160] for w in run["warnings"]],
    } for run in found["runs"]]
    stored = {path: {"versions": len(texts), "lines": len(texts[-1].splitlines())}
              for path, texts in found["versions"].items()}
    return {"trap": trap, "runs": runs, "stored": stored, "requests": found["requests"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traps", default=",".join(TRAPS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = []
    for trap in args.traps.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(summarise(trap, traps.measure(trap, Path(tmp))))
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    for r in results:
        print(f"== {r['trap']}  requests={r['requests']}")
        for n, run in enumerate(r["runs"], 1):
            print(f"  run {n}: {run['counts']} outcomes={run['outcomes']} events={run['events']}")
            for line in run["errors"]:
                print(f"    error: {line}")
            for line in run["warnings"]:
                print(f"    warning: {line}")
        for path, s in r["stored"].items():
            print(f"  stored {path}: {s['versions']} version(s), {s['lines']} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
