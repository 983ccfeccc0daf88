"""Builders of the values the store takes in, shared by the state tests and their subprocesses."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from policywatch.model import DocumentMetadata, FetchOutcome, FetchResult, NormalizedDocument, Validators

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
