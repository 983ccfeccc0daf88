"""A hostile listing page cannot hang a run or eat the crawler's memory.

A listing page over LARGE_PAGE_CHARS is read in the extraction child under [extract] limits,
like a large document page: a 10 MB page of 120,000 rows costs bs4 ~25 s and ~400 MB, which
in the crawler's own process nothing bounded. (A page of more than 5,000 links is cut before
parsing, discover.MAX_LINKS_PER_PAGE, tests/crawler/test_listing_bounds.py; these pages link
every 30th row, so their size is what the child's limits stop.) The child's deadline and memory limit end it; the
page is recorded with the child's outcome and reason (in the fetch history and the run's
errors, as a refused document page is) and the run goes on with the other sources.
"""

from __future__ import annotations

import resource
import time
from dataclasses import replace
from pathlib import Path

import pytest

from policywatch.config import ExtractSettings, Settings
from policywatch.demo import LoopbackSite
from policywatch.extract import sandbox
from policywatch.model import RunSummary
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.test_attachments_pipeline import FILLER, RULES, make_site, settings


@pytest.fixture(autouse=True)
def _fresh_child():
    sandbox.shutdown()
    yield
    sandbox.shutdown()


def link_rows(count: int, *, nested: bool = False, link_every: int = 1) -> str:
    """`count` listing rows; `nested`: none of them closed, so each opens three levels deeper.
    With `link_every` = n only every n-th row is a link (the others name the document in a span):
    a page kept under discover.MAX_LINKS_PER_PAGE links, so its size, not its links, is what
    the child's limits have to stop."""
    end = "" if nested else "</li></ul></div>"
    rows = []
    for i in range(count):
        url, title = f"/huge/202401/t20240105_{i}.html", f"关于印发某某办法的通知{i}"
        item = f"<a href='{url}'>{title}</a>" if i % link_every == 0 else f"<span data-href='{url}'>{title}</span>"
        rows.append(f"<div><ul><li>{item}<span>2024-01-05</span>{end}")
    return "".join(rows)


def two_sources(tmp_path: Path, huge_listing: str) -> Path:
    """A site with an ordinary policy column (source "s") and a huge listing page (source "huge")."""
    root = tmp_path / "www"
    # its one link in 附件 is not a file to fetch: only a listing page can bring in the child
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.txt", data=b"-")
    (root / "huge").mkdir()
    (root / "huge" / "index.html").write_text(f"<html><body>{huge_listing}</body></html>", encoding="utf-8")
    return root


def with_huge_source(config: Settings, base_url: str, limits: ExtractSettings) -> Settings:
    huge = replace(config.sources[0], name="huge", listing_urls=(f"{base_url}/huge/index.html",))
    return replace(config, sources=(huge, *config.sources), extract=limits)  # the huge one first


def run(config: Settings) -> tuple[RunSummary, list[dict[str, object]], list[str]]:
    with Store.open(config.database) as store:
        summary = run_once(config, store, build_report_site=False, deliver=False)
        attempts = store.fetch_history(config.sources[0].listing_urls[0])
        stored = [d.url for source in config.sources for d in store.known_documents(source.name)]
    return summary, attempts, stored


def parent_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_a_10_mb_listing_page_is_stopped_by_the_extract_deadline_not_read_in_the_crawler(tmp_path: Path) -> None:
    root = two_sources(tmp_path, link_rows(120_000, link_every=30))
    assert (root / "huge" / "index.html").stat().st_size > 10_000_000
    with LoopbackSite(root) as site:
        base = site.base_url
        config = with_huge_source(settings(base, tmp_path), base,
                                  ExtractSettings(timeout=2.0, cpu_seconds=2))
        started, cpu = time.monotonic(), parent_cpu()
        summary, attempts, stored = run(config)
        wall, cpu = time.monotonic() - started, parent_cpu() - cpu
    # refused, by the 2 s the config allows: bs4 would take ~25 s over this page
    assert attempts[0]["outcome"] == "too_large", attempts
    assert "extract.timeout (2 s)" in attempts[0]["detail"] or "extract.cpu_seconds = 2" in attempts[0]["detail"]
    page = f"{base}/huge/index.html"
    errors = [e for e in summary.errors if e.startswith(f"huge: listing: listing page {page}: too_large:")]
    assert len(errors) == 1 and errors[0].count(page) == 1, summary.errors  # the page named once
    assert summary.outcomes.get("too_large") == 1, summary.outcomes
    assert wall < 15, f"the run took {wall:.1f} s"
    # fetching and decoding the page is the parent's part; parsing it (~20 s of CPU) is not
    assert cpu < 8, f"the crawler's process used {cpu:.1f} s of CPU"
    assert stored == [f"{base}/zcwj/202401/t20240105_1.html"], "the other source is still read"


@pytest.mark.slow
def test_a_deeply_nested_huge_listing_page_is_stopped_by_the_memory_limit(tmp_path: Path) -> None:
    root = two_sources(tmp_path, link_rows(100_000, nested=True, link_every=30))
    with LoopbackSite(root) as site:
        base = site.base_url
        config = with_huge_source(settings(base, tmp_path), base,
                                  ExtractSettings(memory_mb=300, timeout=60.0, cpu_seconds=60))
        summary, attempts, stored = run(config)
    assert attempts[0]["outcome"] == "too_large", attempts
    assert "stopped by its memory limit (extract.memory_mb = 300)" in attempts[0]["detail"]
    assert any("huge: listing:" in e and "memory limit" in e for e in summary.errors), summary.errors
    assert 300 not in sandbox.child_pids(), "the child that hit its limit is not reused"
    assert stored == [f"{base}/zcwj/202401/t20240105_1.html"], "the other source is still read"


def test_an_ordinary_listing_page_is_read_in_the_crawler(tmp_path: Path) -> None:
    root = two_sources(tmp_path, link_rows(3))
    with LoopbackSite(root) as site:
        base = site.base_url
        summary, attempts, stored = run(settings(base, tmp_path))
    assert not summary.errors, summary.errors
    assert attempts[0]["outcome"] == "ok"
    assert stored == [f"{base}/zcwj/202401/t20240105_1.html"]
    assert not sandbox.child_pids(), "no process hop for an ordinary listing page"
