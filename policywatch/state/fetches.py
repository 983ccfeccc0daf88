"""The fetch log: every HTTP attempt with its outcome and timing, conditional-GET validators, body sizes."""

from __future__ import annotations

import statistics
from typing import Any

from policywatch.model import FetchOutcome, FetchResult, Validators
from policywatch.state.base import StoreBase
from policywatch.state.connection import iso, write

# expected_size() looks at this many recent ok fetches of a document.
_SIZE_WINDOW = 20


class FetchLogMixin(StoreBase):
    def record_fetch(
        self, result: FetchResult, *, run_id: int, source: str, document_id: int | None = None
    ) -> int:
        """Log a fetch (never its body): a row per retried attempt, then the final one; its row id."""
        if document_id is None:
            document_id = self._document_for_url(result.url, source)
        with write(self.db):
            return self._insert_fetch(result, run_id=run_id, source=source, document_id=document_id)

    def _insert_fetch(self, result: FetchResult, *, run_id: int, source: str, document_id: int | None) -> int:
        for attempt in result.retried:
            self.db.execute(
                """INSERT INTO fetches (run_id, source, document_id, url, final_url, outcome, status,
                   elapsed_ms, size, detail, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""",
                [run_id, source, document_id, result.url, result.url, attempt.outcome.value, attempt.status,
                 attempt.elapsed_ms, f"retried: {attempt.detail}", iso(result.fetched_at)],
            )
        cursor = self.db.execute(
            """INSERT INTO fetches (run_id, source, document_id, url, final_url, outcome, status,
               elapsed_ms, size, content_type, encoding, encoding_rule, etag, last_modified, detail,
               fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [run_id, source, document_id, result.url, result.final_url, result.outcome.value,
             result.status, result.elapsed_ms, len(result.body), result.content_type,
             result.encoding, result.encoding_rule, result.validators.etag,
             result.validators.last_modified, result.detail, iso(result.fetched_at)],
        )
        return int(cursor.lastrowid or 0)

    def validators(self, url: str) -> Validators:
        """ETag/Last-Modified to send with the next GET of url (or of any alias of its document).

        For a document these are the validators of the fetch whose content the store has taken
        in (saved by record_version in the same transaction as the version), not simply of the
        latest ok fetch: a run killed between logging a fetch and storing its version must not
        leave validators that turn the next fetch into a 304 and lose that version forever. A
        pending change (not yet confirmed) does not save them either, so it is fetched again.
        Other URLs (listing pages) use the latest ok fetch in the log.
        """
        document_id = self._document_for_url(url)
        if document_id is not None:
            row = self._one("SELECT etag, last_modified FROM documents WHERE id = ?", [document_id])
        else:
            row = self._one(
                """SELECT etag, last_modified FROM fetches WHERE url = ? AND outcome = ?
                   AND (etag IS NOT NULL OR last_modified IS NOT NULL)
                   ORDER BY fetched_at DESC, id DESC LIMIT 1""",
                [url, FetchOutcome.OK.value],
            )
        if row is None:
            return Validators()
        return Validators(etag=row["etag"], last_modified=row["last_modified"])

    def fetch_history(self, url: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Recent attempts at url's document (under any alias) or at url, newest first."""
        where, params = self._fetch_scope(url)
        return self._rows(
            f"SELECT * FROM fetches WHERE {where} ORDER BY fetched_at DESC, id DESC LIMIT ?", [*params, limit]
        )

    def expected_size(self, url: str) -> int | None:
        """Median body size of recent ok fetches of url's document (or of url); None when unknown."""
        where, params = self._fetch_scope(url)
        sizes = [
            r[0]
            for r in self.db.execute(
                f"""SELECT size FROM fetches WHERE {where} AND outcome = ? AND size > 0
                    ORDER BY fetched_at DESC, id DESC LIMIT ?""",
                [*params, FetchOutcome.OK.value, _SIZE_WINDOW],
            ).fetchall()
        ]
        return int(statistics.median(sizes)) if sizes else None

    def _fetch_scope(self, url: str) -> tuple[str, list[Any]]:
        """WHERE clause for the fetches of url's document under any of its URLs (or of url alone)."""
        document_id = self._document_for_url(url)
        if document_id is None:
            return "url = ?", [url]
        return "(document_id = ? OR url IN (SELECT url FROM aliases WHERE document_id = ?))", [document_id, document_id]
