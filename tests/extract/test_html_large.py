"""A page holding one large data table: read whole, with its 信息公开 fields, without the cycle
collector walking the tree as it is built (benchmarks/extract_speed.py measures the time)."""

from __future__ import annotations

import gc

import pytest

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import ExtractRules
from policywatch.extract.html import MAX_DEPTH, extract_html, parse_html, read_large_page
from tests.tablepage import table_page


def test_a_large_table_page_keeps_every_row_and_its_header_fields() -> None:
    doc = extract_html(table_page(3000, "gbk").decode("gbk"), url="http://site.example/t.html")
    assert doc.metadata.index_no == "11320100MB1234567X/2024-00123"
    assert (doc.metadata.doc_number, doc.metadata.issuer) == ("宁财预〔2024〕45号", "南京市财政局")
    rows = [line for line in doc.text.splitlines() if line.split("\t")[0].isdigit()]
    assert [int(row.split("\t")[0]) for row in rows] == list(range(1, 3001))
    assert "索引号" not in doc.text and "浏览次数" not in doc.text  # the header block and info bar are not text
    assert [a.url for a in doc.attachments] == ["http://site.example/attach/2024/fpb.xlsx"]


def test_the_cycle_collector_does_not_run_while_a_page_is_read_and_runs_after() -> None:
    collections: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    text = table_page(3000).decode()
    gc.callbacks.append(record)
    try:
        read_large_page(text.encode(), url="http://site.example/t.html", limits=ExtractSettings())
    finally:
        gc.callbacks.remove(record)
    # ~30,000 elements make hundreds of young collections while it runs; paused, only the one
    # owed by then runs, as the collector is turned back on
    assert len(collections) <= 1
    assert gc.isenabled()


def test_a_large_page_s_tree_is_freed_as_it_is_dropped_not_left_to_the_collector() -> None:
    """Its ~30,000 nodes are unlinked when read, so reference counting frees them: the collection
    the collector owes once turned back on has almost nothing to walk or free (it found every node
    of the tree, cyclic, before); and what is read is what extract_html reads."""
    text = table_page(3000).decode()
    found: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            found.append(info["collected"])

    gc.collect()
    gc.callbacks.append(record)
    try:
        doc = read_large_page(text.encode(), url="http://site.example/t.html", limits=ExtractSettings())
        gc.collect()  # whatever the read left cyclic
    finally:
        gc.callbacks.remove(record)
    assert sum(found) < 100
    assert doc == extract_html(text, url="http://site.example/t.html")


PAGE = "<html><body><p>正文</p></body></html>".encode()


def test_a_page_read_in_the_crawls_own_process_leaves_the_collector_alone(monkeypatch) -> None:
    """Only the large-page child pauses it: in a crawl's threads, overlapping extractions could
    keep it off for good, and every page's (cyclic) tree with it."""
    paused: list[bool] = []
    monkeypatch.setattr(gc, "disable", lambda: paused.append(True))
    extract_html(table_page(300).decode(), url="http://site.example/t.html")
    assert paused == []


def test_the_collector_is_left_as_the_caller_had_it_whatever_happens() -> None:
    bad = ExtractRules(ignore_selectors=("div[",))
    with pytest.raises(ExtractError):
        read_large_page(PAGE, url="http://site.example/a.html", limits=ExtractSettings(), rules=bad)
    assert gc.isenabled()
    gc.disable()
    try:
        read_large_page(PAGE, url="http://site.example/a.html", limits=ExtractSettings())
        assert not gc.isenabled()  # the caller's choice, not turned on behind its back
    finally:
        gc.enable()


def test_scripts_and_templates_are_dropped_at_any_depth() -> None:
    deep = "<div>" * (MAX_DEPTH + 5)
    page = (f"<html><body>{deep}<script>var a = 1;</script><template><a href='x.pdf'>x</a></template>"
            f"{'</div>' * (MAX_DEPTH + 5)}<div id='zoom'><p>第一条 正文。</p><script>b()</script></div></body></html>")
    soup = parse_html(page)
    assert soup.find_all(["script", "style", "noscript", "template"]) == []
    assert soup.find_all("a") == []
