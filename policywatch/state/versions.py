"""Versions: deciding new / changed / unchanged / returned / pending, and storing each version with its raw evidence.

A version is stored only when its *state key* changes: the content hash (of the normalized
comparison key) plus the tracked metadata fields. Everything one call writes for a document —
the document row, its aliases, the version row and its bodies — happens in one transaction, so
a process killed at any point leaves either all of it or none of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from operator import itemgetter
from typing import Any

from policywatch.errors import UsageError
from policywatch.model import (
    DocumentMetadata,
    DocumentRecord,
    FetchResult,
    NormalizedDocument,
    StoredVersion,
)
from policywatch.state.base import StoreBase, by_document
from policywatch.state.blobs import get_kept, get_text, put_blob, put_text
from policywatch.state.connection import iso, utcnow, write
from policywatch.state.records import (
    NEW_DOCUMENT,
    NEW_VERSION,
    PENDING,
    RETURNED,
    UNCHANGED,
    RecordOutcome,
    document_from_row,
    metadata_from_json,
    metadata_json,
    version_from_row,
)


def state_key(content_hash: str, metadata: DocumentMetadata) -> str:
    """What must differ for a new version: the text's comparison hash and the tracked metadata."""
    tracked = json.dumps(metadata.tracked(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{content_hash}\n{tracked}".encode()).hexdigest()


class VersionsMixin(StoreBase):
    def record_version(
        self,
        source: str,
        doc: NormalizedDocument,
        *,
        raw: FetchResult | None,
        run_id: int,
        parent_id: int | None = None,
        confirm_runs: int = 1,
        now: datetime | None = None,
        exact_metadata: bool = False,
    ) -> RecordOutcome:
        """Take in one fetched-and-normalized document; see RecordOutcome for the kinds.

        An empty metadata field keeps the stored value (a field not found this time); with
        `exact_metadata` the metadata given is the whole state, an empty field clearing it (lineage
        giving a copy back the 有效性 its own page states, none, once its original says it is in force)."""
        if raw is not None and not raw.ok:
            raise ValueError(f"{raw.url}: a {raw.outcome.value} fetch cannot make a version")
        stamp = iso(now or utcnow())
        with write(self.db):
            self.ensure_source(source)  # type: ignore[attr-defined]
            row = self._find_document(source, doc, raw, parent_id, run_id)
            if row is None:
                return self._new_document(source, doc, raw, run_id, parent_id, stamp)
            return self._update_document(row, doc, raw, run_id, confirm_runs, stamp, exact_metadata)

    def versions(self, document_id: int, *, texts: bool = True) -> list[StoredVersion]:
        """Every version of the document, oldest first.

        texts=False leaves display_text empty (text_sha256 still names it): listing a large
        store's versions then reads no text at all.
        """
        rows = self._rows("SELECT * FROM versions WHERE document_id = ? ORDER BY number", [document_id])
        return [version_from_row(r, self._text(r["text_sha256"]) if texts else "") for r in rows]

    def document_listing(self) -> Iterator[tuple[DocumentRecord, list[StoredVersion]]]:
        """Every document by id with its versions, oldest first, their texts not read (as
        versions(texts=False)): streamed, a document at a time, from three ordered cursors.

        For a reader that goes through the whole store (the site build): one query per table,
        and never more than one document's rows held, however large the store (issue 15).
        """
        aliases = by_document(self.db.execute(
            "SELECT document_id, url FROM aliases ORDER BY document_id, first_seen, url"), itemgetter(0))
        versions = by_document(self._iter_rows("SELECT * FROM versions ORDER BY document_id, number"),
                               itemgetter("document_id"))
        for row in self._iter_rows("SELECT * FROM documents ORDER BY id"):
            yield (document_from_row(row, tuple(url for _, url in aliases(row["id"]))),
                   [version_from_row(r, "") for r in versions(row["id"])])

    def version_text(self, document_id: int, number: int, *, cached: bool = True) -> str:
        """The display text of one version (see version() for `cached`)."""
        return self.version(document_id, number, cached=cached).display_text

    def version(self, document_id: int, number: int, *, cached: bool = True) -> StoredVersion:
        """Version `number` of the document; UsageError naming both when there is none.

        cached=False neither uses nor fills the store's text cache: for a reader that goes
        through every text once (the site build), which would otherwise fill the cache with
        texts never asked for again and hold them (issue 15).
        """
        row = self._one("SELECT * FROM versions WHERE document_id = ? AND number = ?", [document_id, number])
        if row is None:
            count = self._scalar("SELECT count(*) FROM versions WHERE document_id = ?", [document_id])
            raise UsageError(f"document {document_id} has no version {number} (it has {count})")
        return version_from_row(row, self._text(row["text_sha256"]) if cached else get_text(self.db, row["text_sha256"]))

    def raw_body(self, sha256: str) -> bytes:
        """The raw bytes a version was read from (its raw_sha256); StoreError when they are missing,
        since a version's body is never pruned."""
        return get_kept(self.db, sha256)

    def raw_info(self, document_id: int, number: int) -> dict[str, Any]:
        """The fetch evidence of a version: headers, final URL, encoding, status, fetch time."""
        text = self._scalar(
            "SELECT raw_info FROM versions WHERE document_id = ? AND number = ?", [document_id, number]
        )
        return json.loads(text) if text else {}

    # ------------------------------------------------------------------ identity

    def _find_document(
        self, source: str, doc: NormalizedDocument, raw: FetchResult | None, parent_id: int | None, run_id: int
    ) -> dict[str, Any] | None:
        """The stored document this one is: by its requested URL, then 索引号, then issuer + 发文字号,
        then the same address on the site's other scheme or host name (not alive under its own URL
        in this run).

        A redirect target decides identity only as a last resort and only when it lands on a
        document with the very same text that is not itself listed in this run: a short link
        to a known page is that page, but two listed pages that both redirect to one notice
        (or to the home page) are two documents. The listed URL stays the one that is watched.
        Attachments match by URL only, since they often carry their page's metadata (same 索引号)
        while being different documents.
        """
        for url in (doc.url, raw.url if raw else ""):
            found = self._document_for_url(url, source)
            if found is not None:
                return self._document_row(found)
        if parent_id is None:
            for row in self._identity_matches(source, doc.metadata):
                if not self._distinct_twin(row, doc, run_id) and not self._still_listed_elsewhere(row, doc, run_id):
                    return row
        # the same page at the site's other scheme or host name (http -> https, bare -> www.)
        moved = self._document_at_address(doc.url, source)
        if moved is not None:
            row = self._document_row(moved)
            if (row is not None and row["parent_id"] == parent_id and not self._distinct_twin(row, doc, run_id)
                    and not self._still_listed_elsewhere(row, doc, run_id)):
                return row
        for url in [raw.final_url, *raw.redirects] if raw else []:
            found = self._document_for_url(url, source)
            if found is None:
                continue
            row = self._document_row(found)
            current = self._current_row(row)
            same_text = current is not None and current["content_hash"] == doc.content_hash
            if same_text and not self._still_listed_elsewhere(row, doc, run_id):
                return row
        return None

    def _still_listed_elsewhere(self, row: dict[str, Any], doc: NormalizedDocument, run_id: int) -> bool:
        """True when the matching document is on this run's listing under its own URL.

        Then its URL is alive and this page (a 政策解读 reusing the 索引号, say) is another
        document, not the same one moved to a new address.
        """
        return row["url"] != doc.url and row["listed_run_id"] == run_id and bool(row["on_listing"])

    def _identity_matches(self, source: str, meta: DocumentMetadata) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        if meta.index_no:
            rows += self._rows(
                # "index_no != ''" repeats the partial index's condition, so SQLite may use it
                """SELECT * FROM documents WHERE source = ? AND index_no = ? AND index_no != ''
                   AND parent_id IS NULL ORDER BY id""",
                [source, meta.index_no],
            )
        if meta.issuer and meta.doc_number:
            rows += self._rows(
                """SELECT * FROM documents WHERE source = ? AND issuer = ? AND doc_number = ? AND doc_number != ''
                   AND parent_id IS NULL ORDER BY id""",
                [source, meta.issuer, meta.doc_number],
            )
        return rows

    def _distinct_twin(self, row: dict[str, Any], doc: NormalizedDocument, run_id: int) -> bool:
        """True when a same-key document was already taken in this run from another URL with other text.

        Two live URLs with different texts in one run are two documents that share a key (a CMS
        reusing 索引号), not one document that moved; merging them would flap on every run.
        """
        if row["last_run_id"] != run_id or row["url"] == doc.url:
            return False
        current = self._current_row(row)
        return current is not None and current["content_hash"] != doc.content_hash

    # ------------------------------------------------------------------ writes

    def _new_document(
        self, source: str, doc: NormalizedDocument, raw: FetchResult | None, run_id: int,
        parent_id: int | None, stamp: str,
    ) -> RecordOutcome:
        meta = doc.metadata
        cursor = self.db.execute(
            """INSERT INTO documents (source, url, parent_id, index_no, issuer, doc_number, metadata,
               listed_run_id, last_run_id, first_seen, last_seen, etag, last_modified)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [source, doc.url, parent_id, meta.index_no, meta.issuer, meta.doc_number,
             metadata_json(meta), run_id, run_id, stamp, stamp, *_validators(raw)],
        )
        document_id = int(cursor.lastrowid or 0)
        urls = list(_urls(doc, raw))
        self._add_aliases(source, document_id, urls, stamp)  # type: ignore[attr-defined]
        self.db.execute(
            f"DELETE FROM discovered WHERE source = ? AND url IN ({','.join('?' * len(urls))})", [source, *urls]
        )
        self._insert_version(document_id, 1, doc, meta, raw, run_id, stamp, same_as=None)
        return RecordOutcome(NEW_DOCUMENT, self._record(document_id), self._stored(document_id, 1))

    def _update_document(
        self, row: dict[str, Any], doc: NormalizedDocument, raw: FetchResult | None, run_id: int,
        confirm_runs: int, stamp: str, exact_metadata: bool = False,
    ) -> RecordOutcome:
        document_id = row["id"]
        current = self._current_row(row)
        assert current is not None, f"document {document_id} has no version"
        # An empty field means "not found this time" (a table the extractor missed), not
        # "removed": it keeps the stored value, so extraction hiccups never make versions.
        meta = doc.metadata if exact_metadata else doc.metadata.merged(metadata_from_json(current["metadata"]))
        key = state_key(doc.content_hash, meta)
        known_urls = {r[0] for r in self.db.execute(
            "SELECT url FROM aliases WHERE document_id = ?", [document_id]).fetchall()}
        self._add_aliases(row["source"], document_id, _urls(doc, raw), stamp)  # type: ignore[attr-defined]
        url = row["url"] if doc.url in known_urls else doc.url  # moved: the new URL is now current
        # only a fetch is a read of the document: a text derived here (raw None: an amended
        # text, a validity) says nothing of whether the site serves it again
        was_missing = self._fetch_ok(document_id) if raw is not None else False  # type: ignore[attr-defined]
        self.db.execute(
            """UPDATE documents SET url = ?, index_no = ?, issuer = ?, doc_number = ?, last_seen = ?,
               last_run_id = ? WHERE id = ?""",
            [url, meta.index_no, meta.issuer, meta.doc_number, stamp, run_id, document_id],
        )
        number = current["number"]
        if key == current["state_key"]:
            self.db.execute("UPDATE versions SET last_seen = ? WHERE id = ?", [stamp, current["id"]])
            self._settle(document_id, raw)
            return self._outcome(UNCHANGED, document_id, number, None, was_missing=was_missing)
        sightings = self._sightings(row, key, run_id)
        if sightings < confirm_runs:
            self.db.execute(
                "UPDATE documents SET pending_key = ?, pending_count = ?, pending_run_id = ? WHERE id = ?",
                [key, sightings, run_id, document_id],
            )
            return self._outcome(PENDING, document_id, number, None, sightings=sightings,
                                 was_missing=was_missing)
        # A→B→A: the return to A is stored as a new version row (pointing at A's stored text, so
        # it reads exactly as A did and nothing is duplicated) rather than by moving a "current" pointer back to A. Version
        # numbers then stay in time order, the history shows truthfully that B was online for
        # a while, and "latest version" is always the highest number. It is reported as a
        # return (kind "returned", same_as = A's number), not as a new change.
        earlier = self._one(
            """SELECT number, text_sha256, text_size FROM versions WHERE document_id = ? AND state_key = ? AND number < ?
               ORDER BY number DESC LIMIT 1""",
            [document_id, key, number],
        )
        same_as = earlier["number"] if earlier else None
        self._insert_version(document_id, number + 1, doc, meta, raw, run_id, stamp, same_as=same_as,
                             text=(earlier["text_sha256"], earlier["text_size"]) if earlier else None)
        self.db.execute("UPDATE documents SET metadata = ? WHERE id = ?", [metadata_json(meta), document_id])
        self._settle(document_id, raw)
        kind = RETURNED if same_as is not None else NEW_VERSION
        return self._outcome(kind, document_id, number + 1, number, same_as=same_as, was_missing=was_missing)

    def _sightings(self, row: dict[str, Any], key: str, run_id: int) -> int:
        """Runs in a row (this one included) that have shown this changed state."""
        if row["pending_key"] != key:
            return 1
        if row["pending_run_id"] == run_id:
            return int(row["pending_count"])
        return int(row["pending_count"]) + 1

    def _settle(self, document_id: int, raw: FetchResult | None) -> None:
        """The store has taken in this fetch: clear any pending change and keep its validators.

        A fetch's validators replace the stored ones, none included: a page whose text stands on
        its attachment (a 详见附件 pointer) is stored without them so that it is read in full each
        run, and the real page's old ETag, kept, turned the page's return to that very text into
        a 304 and left the attachment's text as its latest version for ever. Without a fetch
        (raw None: a text derived here) the stored validators stay."""
        if raw is None:
            self.db.execute("UPDATE documents SET pending_key = NULL, pending_count = 0, pending_run_id = NULL "
                            "WHERE id = ?", [document_id])
            return
        self.db.execute(
            """UPDATE documents SET pending_key = NULL, pending_count = 0, pending_run_id = NULL,
               etag = ?, last_modified = ? WHERE id = ?""",
            [*_validators(raw), document_id],
        )

    def _insert_version(
        self, document_id: int, number: int, doc: NormalizedDocument, meta: DocumentMetadata,
        raw: FetchResult | None, run_id: int, stamp: str, *, same_as: int | None, text: tuple[str, int] | None = None,
    ) -> None:
        """Store one version row with its bodies; text = (sha256, size) reuses an earlier version's text."""
        # bodies compressed against the previous version's: an edit costs little more than itself
        previous = self._one("SELECT text_sha256, raw_sha256 FROM versions WHERE document_id = ? AND number = ?",
                             [document_id, number - 1]) or {}
        raw_sha = (put_blob(self.db, raw.body, like=previous.get("raw_sha256"))
                   if raw is not None and raw.body else None)
        text_sha, text_size = text or (put_text(self.db, doc.display_text, like=previous.get("text_sha256")),
                                       len(doc.display_text))
        self.db.execute(
            """INSERT INTO versions (document_id, number, content_hash, state_key, text_sha256, text_size,
               metadata, url, first_seen, last_seen, run_id, same_as, raw_sha256, raw_info)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [document_id, number, doc.content_hash, state_key(doc.content_hash, meta),
             text_sha, text_size, metadata_json(meta),
             raw.final_url or raw.url if raw else doc.url, stamp, stamp, run_id, same_as, raw_sha,
             _raw_info(raw)],
        )
        self.db.execute("UPDATE documents SET version_count = ? WHERE id = ?", [number, document_id])

    # ------------------------------------------------------------------ reads

    def _document_row(self, document_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM documents WHERE id = ?", [document_id])

    def _current_row(self, row: dict[str, Any]) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM versions WHERE document_id = ? AND number = ?", [row["id"], row["version_count"]]
        )

    def _record(self, document_id: int) -> Any:
        return self.document(document_id)  # type: ignore[attr-defined]

    def _stored(self, document_id: int, number: int) -> StoredVersion:
        return self.version(document_id, number)

    def _outcome(
        self, kind: str, document_id: int, number: int, previous: int | None, **extra: Any
    ) -> RecordOutcome:
        return RecordOutcome(
            kind,
            self._record(document_id),
            self._stored(document_id, number),
            self._stored(document_id, previous) if previous else None,
            **extra,
        )


def _urls(doc: NormalizedDocument, raw: FetchResult | None) -> list[str]:
    """Every URL this sighting proves the document lives (or lived) at."""
    if raw is None:
        return [doc.url]
    return [doc.url, raw.url, *raw.redirects, raw.final_url]


def _validators(raw: FetchResult | None) -> list[str | None]:
    if raw is None:
        return [None, None]
    return [raw.validators.etag, raw.validators.last_modified]


def _raw_info(raw: FetchResult | None) -> str | None:
    if raw is None:
        return None
    return json.dumps(
        {
            "url": raw.url,
            "final_url": raw.final_url,
            "redirects": list(raw.redirects),
            "status": raw.status,
            "content_type": raw.content_type,
            "encoding": raw.encoding,
            "encoding_rule": raw.encoding_rule,
            "headers": [list(h) for h in raw.headers],
            "fetched_at": iso(raw.fetched_at),
            "size": len(raw.body),
        },
        ensure_ascii=False,
    )
