"""Every query a run makes per document is answered through an index, never a scan of a big table.

A first crawl of thousands of documents makes each lookup once per document; one that scans the
documents or versions table makes the backfill quadratic (issue 15). The queries are captured as
SQLite runs them (with their parameters bound) during a run's per-document work, then each is
put through EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

import re

from policywatch.model import EventKind
from policywatch.state import Store
from tests.state.helpers import at, make_doc, make_fetch

BIG_TABLES = ("documents", "versions")
# Partial indexes holding only the rows that need attention: scanning them is not a scan of the table.
ALLOWED_SCANS = ("versions_unreported",)
_SCAN = re.compile(r"\bSCAN (\w+)")
# Searching documents by source alone reads every document of the source: a scan in all but name.
_SOURCE_ONLY = re.compile(r"\bSEARCH (\w+) USING (?:COVERING )?INDEX documents_source \(source=\?\)")


def _per_document_queries(store: Store) -> list[str]:
    """The SQL statements of a small run over one source, as executed (parameters bound)."""
    statements: list[str] = []
    run = store.start_run(["gov"])
    urls = [f"http://gov.test/a/{n}.html" for n in range(3)]
    store.record_listing("gov", urls, run_id=run, complete=True, at=at(0))
    store.db.conn.set_trace_callback(statements.append)
    try:
        for day, text in enumerate(("第一条 原文。", "第一条 原文。", "第一条 新文。")):
            for n, url in enumerate(urls):
                raw = make_fetch(url, f"<p>{text}{n}</p>", when=at(day), etag=f'"{day}{n}"')
                store.validators(url)
                store.record_fetch(raw, run_id=run, source="gov")
                doc = make_doc(url, f"{text}{n}", title=f"文件{n}", index_no=f"IDX-{n}", issuer="国务院",
                               doc_number=f"国发〔2026〕{n}号")
                outcome = store.record_version("gov", doc, raw=raw, run_id=run, now=at(day))
                store.mark_fetch_ok(outcome.document.id)
                store.document(url)
                key = f"{outcome.document.id}:{outcome.version.number}"
                if not store.has_event(key):
                    store.add_event(EventKind.NEW_DOCUMENT if outcome.previous is None else EventKind.CHANGED,
                                    source="gov", document_id=outcome.document.id,
                                    old_version=outcome.previous.number if outcome.previous else None,
                                    new_version=outcome.version.number, run_id=run, dedup_key=key)
        store.unreported("gov")
        store.pending_discovered("gov")
    finally:
        store.db.conn.set_trace_callback(None)
    return [s for s in dict.fromkeys(statements) if s.lstrip().split()[0].upper() in ("SELECT", "UPDATE", "DELETE")]


def full_scans(store: Store, sql: str, tables: tuple[str, ...] = BIG_TABLES) -> list[str]:
    """The steps of the statement's plan that read the whole of one of `tables`."""
    plan = store.db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    aliases = {t: t for t in tables}
    for table in tables:
        for alias in re.findall(rf"\b{table}\s+(?:AS\s+)?([a-z])\b", sql):
            aliases[alias] = table
    scans = []
    for row in plan:
        detail = str(row[-1])
        found = _SCAN.search(detail) or _SOURCE_ONLY.search(detail)
        if found is None or found.group(1) not in aliases:
            continue
        if any(f"INDEX {name}" in detail for name in ALLOWED_SCANS):
            continue
        scans.append(detail)
    return scans


def test_the_per_document_queries_of_a_run_use_indexes(store: Store) -> None:
    statements = _per_document_queries(store)
    assert len(statements) > 20  # the capture saw the run's work
    offenders = {sql: scans for sql in statements if (scans := full_scans(store, sql))}
    assert offenders == {}


def test_the_check_catches_a_full_scan(store: Store) -> None:
    # the identity lookup as it was before issue 15: the partial index's condition not repeated
    sql = "SELECT * FROM documents WHERE source = 'gov' AND index_no = 'IDX-1' AND parent_id IS NULL ORDER BY id"
    assert full_scans(store, sql) != []
    assert full_scans(store, "SELECT * FROM versions WHERE text_size > 3") != []


def test_the_site_s_document_stamps_read_each_document_s_versions_through_an_index(store: Store) -> None:
    from policywatch.state.stamp import _DOCUMENT_STAMPS

    # one pass over the documents is the point (a stamp each); their versions and aliases are
    # looked up by document, never scanned once per document
    assert full_scans(store, _DOCUMENT_STAMPS, ("documents", "versions", "aliases")) == ["SCAN d"]


def test_a_document_s_stamp_changes_with_its_versions_only(store: Store) -> None:
    run = store.start_run(["gov"])
    for n in range(2):
        store.record_version("gov", make_doc(f"http://gov.test/{n}.html", f"第一条 原文{n}。"), raw=None,
                             run_id=run, now=at(0))
    before = dict(store.document_stamps())
    store.record_version("gov", make_doc("http://gov.test/1.html", "第一条 新文。"), raw=None, run_id=run, now=at(1))
    after = dict(store.document_stamps())
    assert before.keys() == after.keys() and len(before) == 2
    changed = [doc_id for doc_id in before if before[doc_id] != after[doc_id]]
    assert changed == [store.document("http://gov.test/1.html").id]  # type: ignore[union-attr]
