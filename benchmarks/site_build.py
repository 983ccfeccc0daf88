"""Site build speed: a full build, a no-op rebuild and a one-change rebuild of a large store;
then the full-text search index of a 2,000-document site: its size and a query's cost.

Usage: PYTHONPATH=. python benchmarks/site_build.py [documents] [search documents]
Prints the figures; exits 1 when a target is missed (targets below).

The query is timed twice: the index work alone (the same steps as static/search.js, in Python:
parse the posting shards the query needs, intersect, confirm candidates against their texts)
and, when chromium and chromedriver are installed, the real search page opened from file://.
When the `pagefind_bin` package is importable (pip install pagefind-bin; not a dependency), the
same documents are also indexed by Pagefind for comparison of index size and files per query.
Incremental builds of a real store at scale (per-round, no-change, fresh): benchmarks/site_scale.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from policywatch.reports import build_site, search
from policywatch.reports.i18n import Translator
from policywatch.reports.pages import SiteData, site_pages
from policywatch.reports.render import make_environment
from tests.reports.fakes import NANJING, FakeSource, at, make_source, nanjing_v2, seed

MIN_PAGES_PER_SECOND = 40.0  # full build, two 28 KB versions per document, on one shared core
MAX_NOOP_WRITES = 0  # a rebuild of an unchanged store renders nothing
SEARCH_DOCUMENTS = 2000
QUERY = "数据要素流通"  # a phrase from a clause body (the demo's added clause)
MAX_QUERY_BYTES = 4_000_000  # index bytes one phrase query loads, at 2,000 documents
MAX_QUERY_CPU_S = 0.5  # the index work of one query, on one shared core
MAX_BROWSER_QUERY_S = 3.0  # typing to results in headless Chromium from file://


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


TYPICAL_SEEDS = ("000", "002", "003", "004")  # 20–28 KB: the usual policy document
HUGE_SEED = "001"  # 665 KB: one in a hundred documents is a long plan with its annexes


def search_source(n: int) -> FakeSource:
    """n documents of varied real text; every 50th holds the query phrase in a new clause."""
    fs = make_source()
    base = fs.records[0]
    texts = [seed(s) for s in TYPICAL_SEEDS]
    huge = seed(HUGE_SEED)
    for i in range(n):
        text = (huge if i % 100 == 99 else texts[i % len(texts)]) + f"\n{i % 97 + 1}．推进第{i}号试点项目，编号SD-{i:05d}。"
        if i % 50 == 0:
            text += f"\n{i % 89 + 2}．打造数据要素流通高地。建设公共数据授权运营平台。"
        meta = replace(base.metadata, title=f"{base.metadata.title}（{i}）", doc_number=f"宁政办发〔2019〕{i}号")
        fs.add_document(5000 + i, f"{NANJING}-{i % 10}", f"{base.url}?s{i}", meta, [text],
                        seen=[at("2024-01-02")])
    return fs


def write_search_site(fs: FakeSource, out: Path, previous: tuple[search.IndexState, dict[str, str]] | None = None
                      ) -> tuple[search.IndexState, dict[str, str], int]:
    """Only the search page, the static files and search/ of the site (the rest is timed above).

    With the previous write's index state and file inputs, an incremental write as build_site
    does it: files whose inputs did not change are not rendered. Returns the new state, the
    inputs of every file and how many files were rendered.
    """
    env = make_environment("zh")
    state, before = previous if previous is not None else (None, {})

    def old_file(path: str) -> bytes | None:
        return (out / path).read_bytes() if (out / path).is_file() else None

    data = SiteData(fs, Translator("zh"), search_state=state, old_file=old_file if previous else None)
    inputs, rendered = {}, 0
    for page in site_pages(data, env, title="policywatch", base_url="", lang="zh"):
        if page.path == "search.html" or page.path.startswith(("search/", "static/")):
            inputs[page.path] = repr(page.inputs)
            if before.get(page.path) == inputs[page.path]:
                continue
            body = page.render()
            rendered += 1
            target = out / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    assert data.search_index is not None
    return data.search_index.state, inputs, rendered


SEARCH_EDITS = 20  # documents given a new version between two search index builds


def edit_search_source(fs: FakeSource, n: int) -> None:
    """A new clause in the latest version of SEARCH_EDITS documents spread over the store."""
    for doc_id in range(5000, 5000 + n, max(n // SEARCH_EDITS, 1)):
        versions = fs.texts[doc_id]
        versions[-1] = replace(versions[-1], display_text=versions[-1].display_text + f"\n新增第{doc_id}条试点。")


def _payload(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    return json.loads("[" + text[text.index("(") + 1: text.rindex(")")] + "]")


def query_index(root: Path, phrase: str) -> tuple[int, int, int]:
    """static/search.js's steps for one phrase: (bytes loaded, candidates, confirmed hits)."""
    folded = search.fold(phrase)
    entries = root / "search" / "entries.js"
    loaded = entries.stat().st_size
    segments = _payload(entries)[0]["segments"]
    grams = {folded[i:i + 2] for i in range(len(folded) - 1)}
    found: set[str] | None = None
    for shard in sorted({search.shard_of(g) for g in grams}):
        keys: dict[str, set[str]] = {gram: set() for gram in grams if search.shard_of(gram) == shard}
        for file in [search.shard_file(segment, shard) for segment in (None, *segments)]:
            path = root / "search" / f"{file}.js"
            loaded += path.stat().st_size
            postings = _payload(path)[1]
            for gram, held in keys.items():
                held.update(set(postings.get(gram, "").split(",")) - {""})
        for held in keys.values():
            found = held if found is None else found & held
    hits: set[str] = set()
    candidates = sorted(found or ())
    for checked, key in enumerate(candidates):  # as search.js: confirm until 50 hits or 400 texts
        if len(hits) >= 50 or checked >= 400:
            break
        path = root / "search" / "t" / f"{key}.js"
        loaded += path.stat().st_size
        if folded in search.fold(_payload(path)[1]):
            hits.add(key.split(".")[0])  # a part key "d12.1" is a hit of entry "d12"
    return loaded, len(candidates), len(hits)


def browser_query(root: Path, phrase: str) -> float | None:
    """Seconds from opening search.html?q=… (file://) to the results shown; None without chromium."""
    chromium, driver_bin = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_bin):
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_bin), options=options)
    try:
        driver.get("about:blank")
        start = time.perf_counter()
        driver.get((root / "search.html").as_uri() + "?q=" + phrase)
        WebDriverWait(driver, 30, poll_frequency=0.01).until(
            lambda d: d.execute_script("return document.querySelectorAll('#search-results li').length"))
        return time.perf_counter() - start
    finally:
        driver.quit()


def pagefind_size(root: Path, fs: FakeSource) -> tuple[int, int, int] | None:
    """Pagefind over the same documents: (index bytes, files, files a query for QUERY fetches)."""
    try:
        import pagefind_bin  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return None
    pages = root / "pf-site"
    for record in fs.documents():
        text = fs.versions(record.id)[-1].display_text
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        (pages / f"{record.id}.html").parent.mkdir(parents=True, exist_ok=True)
        (pages / f"{record.id}.html").write_text(
            f'<html lang="zh-CN"><body><main data-pagefind-body><h1>{record.metadata.title}</h1>{body}'
            "</main></body></html>", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(pages), "--output-subdir", "pagefind"],
                   check=True, capture_output=True)
    index = pages / "pagefind"
    files = [p for p in index.rglob("*") if p.is_file()]
    # a query fetches the entry, the metadata, the word chunks its terms fall in, then fragments
    chunks = len([p for p in files if p.suffix == ".pf_index"])
    return sum(p.stat().st_size for p in files), len(files), chunks


def search_figures(n: int) -> bool:
    fs = search_source(n)
    root = Path(tempfile.mkdtemp(prefix="pw-bench-search-"))
    try:
        cpu = time.process_time()
        state, inputs, _ = write_search_site(fs, root)
        index_cpu = time.process_time() - cpu
        edit_search_source(fs, n)
        cpu = time.process_time()
        _, _, rendered = write_search_site(fs, root, (state, inputs))
        update_cpu = time.process_time() - cpu
        files = [p for p in (root / "search").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        postings = sum(p.stat().st_size for folder in ("p", "c") for p in (root / "search" / folder).rglob("*.js"))
        cpu = time.process_time()
        loaded, candidates, hits = query_index(root, QUERY)
        query_cpu = time.process_time() - cpu
        seconds = browser_query(root, QUERY)
        print(f"search index, {n + 6} documents: {size / 1e6:.1f} MB in {len(files)} files "
              f"(postings {postings / 1e6:.1f} MB in {search.SHARDS} shards, "
              f"result table {(root / 'search' / 'entries.js').stat().st_size / 1e3:.0f} kB), "
              f"built in {index_cpu:.2f} s CPU")
        print(f"search index after {SEARCH_EDITS} documents edited: {update_cpu:.2f} s CPU, "
              f"{rendered} files rendered")
        print(f"query {QUERY!r}: loads {loaded / 1e6:.2f} MB, {candidates} candidates, {hits} hits, "
              f"index work {query_cpu * 1000:.0f} ms CPU"
              + (f", {seconds:.2f} s in headless Chromium from file://" if seconds is not None else ""))
        pagefind = pagefind_size(root, fs)
        if pagefind is not None:
            pf_bytes, pf_files, pf_chunks = pagefind
            print(f"pagefind, same documents: {pf_bytes / 1e6:.1f} MB in {pf_files} files ({pf_chunks} index "
                  "chunks); loads with fetch(), so it cannot search a site opened from file://")
        expected = len(range(0, n, 50))
        return (update_cpu < index_cpu / 4 and hits == min(expected, 50) and loaded <= MAX_QUERY_BYTES and query_cpu <= MAX_QUERY_CPU_S
                and (seconds is None or seconds <= MAX_BROWSER_QUERY_S))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    search_n = int(sys.argv[2]) if len(sys.argv) > 2 else SEARCH_DOCUMENTS
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
        pages = len(one.pages)  # read from the site's state
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    rate = len(full.written) / full_s
    print(f"documents: {n + 6}, pages: {pages}")
    print(f"full build: {full_s:.2f} s ({rate:.0f} pages/s)")
    print(f"no-op rebuild: {noop_s:.2f} s, {len(noop.written)} pages written")
    print(f"one document changed: {one_s:.2f} s, {len(one.written)} pages written: {', '.join(one.written)}")
    ok = rate >= MIN_PAGES_PER_SECOND and len(noop.written) <= MAX_NOOP_WRITES
    ok = search_figures(search_n) and ok
    print("OK" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
