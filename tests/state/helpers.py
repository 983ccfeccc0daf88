"""Builders of the values the store takes in, shared by the state tests and their subprocesses."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from policywatch.model import DocumentMetadata, FetchOutcome, FetchResult, NormalizedDocument, Validators

if TYPE_CHECKING:
    from policywatch.state import Store

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def at(day: int) -> datetime:
    return T0 + timedelta(days=day)


def key_of(text: str) -> str:
    """A stand-in comparison key: whitespace never matters (normalize's job is tested elsewhere)."""
    return "".join(text.split())


def make_doc(url: str, text: str, **meta: str) -> NormalizedDocument:
    key = key_of(text)
    return NormalizedDocument(
        url=url,
        format="html",
        display_text=text,
        comparison_key=key,
        content_hash=hashlib.sha256(key.encode()).hexdigest(),
        metadata=DocumentMetadata(**meta),
    )


def make_fetch(
    url: str,
    body: bytes | str,
    *,
    when: datetime = T0,
    final_url: str = "",
    redirects: tuple[str, ...] = (),
    etag: str | None = None,
    outcome: FetchOutcome = FetchOutcome.OK,
) -> FetchResult:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return FetchResult(
        url=url,
        outcome=outcome,
        fetched_at=when,
        final_url=final_url or url,
        status=200 if outcome is FetchOutcome.OK else 500,
        content_type="text/html",
        body=data if outcome is FetchOutcome.OK else b"",
        encoding="utf-8",
        encoding_rule="http",
        validators=Validators(etag=etag),
        headers=(("Content-Type", "text/html"), ("ETag", etag or "")),
        redirects=redirects,
        elapsed_ms=12,
    )


def assert_consistent(store: Store) -> int:
    """The store's invariants after any crash; returns the number of versions."""
    assert store.integrity_check() == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    total = 0
    for doc in store.documents():
        versions = store.versions(doc.id)  # reads every text blob back, checking its hash
        assert [v.number for v in versions] == list(range(1, doc.version_count + 1)), doc
        for version in versions:
            if version.raw_sha256:
                assert store.raw_body(version.raw_sha256)
        total += len(versions)
    orphans = store.db.execute(
        "SELECT count(*) FROM events WHERE new_version IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM versions v WHERE v.document_id = events.document_id AND v.number = events.new_version)"
    ).fetchone()[0]
    assert orphans == 0
    return total
