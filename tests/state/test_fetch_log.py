"""The fetch log holds every attempt: a retried fetch leaves one row per attempt."""

from __future__ import annotations

from datetime import UTC, datetime

from policywatch.model import FetchAttempt, FetchOutcome, FetchResult
from policywatch.state import Store


def test_every_attempt_of_a_retried_fetch_is_logged(store: Store) -> None:
    run = store.start_run(["gov"])
    result = FetchResult(
        url="http://gov.example/a.html", outcome=FetchOutcome.OK, fetched_at=datetime.now(UTC), status=200,
        body=b"<html>ok</html>",
        retried=(FetchAttempt(FetchOutcome.HTTP_ERROR, 500, "HTTP 500"), FetchAttempt(FetchOutcome.NETWORK_ERROR)),
    )
    store.record_fetch(result, run_id=run, source="gov")
    rows = store.db.execute("select outcome, status from fetches order by id").fetchall()
    assert [tuple(r) for r in rows] == [("http_error", 500), ("network_error", None), ("ok", 200)]
