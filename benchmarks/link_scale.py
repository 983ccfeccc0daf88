"""Linking at scale: reading a first crawl of one issuer's site must not cost more per document as the site grows.

Stores N new documents of one issuer (a ministry's policy column: realistic titles, a quarter
of them yearly re-issues of a recent title) and times the lineage pass of the run that stored
them (LineageLinker.run: 文号, editions, look-alike titles), at 1,000 and 8,000 documents. Each
title used to be compared with every title of its issuer: 4,000 documents took 70 s, 8,000
would take about five minutes. Prints CPU ms per document and the look-alike candidates
stored. The cost may follow what is found (in a larger column more titles have look-alikes):
exits non-zero unless the figure per document at the largest size is within 1.5x of the
smallest's, or grew no more than the look-alikes stored per document did (comparing every pair
grows with the size itself: 8x from 1,000 to 8,000).

    PYTHONPATH=. python benchmarks/link_scale.py [--sizes 1000,8000]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import T0, document

from policywatch.model import RelationKind
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store

MAX_GROWTH = 1.5
RECENT = 200  # a re-issue repeats one of the last 200 titles: families stay the size real ones are
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)([\u4e00-\u9fa5]{4,14})[。\s]*$", re.M)
_FORMS = ("关于印发{}若干措施的通知", "关于{}的实施意见", "关于做好{y}年{}工作的通知", "{}管理办法",
          "关于开展{y}年度{}试点的通知", "关于公布{y}年{}名单的通知", "{}实施细则", "关于进一步{}的通知")


def subjects() -> list[str]:
    """Real subjects: the clause headings of the bundled policies and laws (~300)."""
    found = {m[1] for path in sorted(DATA.rglob("*.txt")) for m in _HEADING.finditer(path.read_text("utf-8", "replace"))}
    return sorted(found)


def titles(count: int, rng: random.Random) -> list[str]:
    """One issuer's titles: two subjects each (the column's vocabulary grows with it), a quarter of
    them a recent title issued again in another year."""
    pool = subjects()
    out: list[str] = []
    for _ in range(count):
        if out and rng.random() < 0.25:
            out.append(re.sub(r"20\d\d", str(rng.randrange(2015, 2026)), rng.choice(out[-RECENT:])))
        else:
            subject = f"{rng.choice(pool)}和{rng.choice(pool)}"
            out.append(rng.choice(_FORMS).format(subject, y=rng.randrange(2015, 2026)))
    return out


def link_first_crawl(size: int) -> tuple[float, int]:
    """(CPU ms per document of the lineage pass, look-alike candidates stored) for `size` documents."""
    rng = random.Random(size)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "link.db") as store:
        run = store.start_run(["scale"])
        for n, title in enumerate(titles(size, rng)):
            doc, raw = document(n)
            doc = replace(doc, metadata=replace(doc.metadata, title=title))
            store.record_version("scale", doc, raw=raw, run_id=run, now=T0)
        started = time.process_time()
        LineageLinker(store, run_id=run, quiet_sources=frozenset({"scale"})).run()
        elapsed = time.process_time() - started
        related = len(store.relations(kinds=[RelationKind.RELATED.value]))
    return elapsed * 1000 / size, related


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,8000")
    sizes = sorted(int(s) for s in parser.parse_args().sizes.split(","))
    figures: dict[int, tuple[float, int]] = {}
    for size in sizes:
        figures[size] = ms, related = link_first_crawl(size)
        print(f"{size:6,} documents of one issuer: {ms:6.3f} ms CPU per document to link "
              f"({related:,} look-alike candidates)", flush=True)
    (small_ms, small_related), (large_ms, large_related) = figures[sizes[0]], figures[sizes[-1]]
    growth = large_ms / small_ms
    found_growth = (large_related / sizes[-1]) / max(small_related / sizes[0], 1e-9)
    limit = max(MAX_GROWTH, found_growth)
    ok = growth <= limit
    print(f"growth {sizes[0]:,} -> {sizes[-1]:,}: {growth:.2f}x per document; look-alikes per document "
          f"{found_growth:.2f}x (target <= {limit:.2f}x): {'OK' if ok else 'BELOW TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
