"""Watched documents: lookup by id, URL or alias; listing presence; the ACTIVE / UNLISTED / MISSING status."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from policywatch.model import DocumentRecord, DocumentStatus
from policywatch.state.base import StoreBase
from policywatch.state.connection import iso, utcnow, write
from policywatch.state.records import document_from_row

# Status from the two facts kept per document: on the listing or not, and whether it was
# declared missing (failing several runs in a row: mark_fetch_failure, mark_missing).
_STATUS_SQL = "CASE WHEN on_listing = 1 THEN 'active' ELSE 'unlisted' END"


# Failed runs in a row after which a document that cannot be read becomes MISSING (无法访问).
MISSING_AFTER_RUNS = 3

MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a larger id is no row (binding it raised OverflowError)


class DocumentsMixin(StoreBase):
    def document(self, id_or_url: int | str) -> DocumentRecord | None:
        """A document by id (int or digit string), current URL or any former URL (alias)."""
        # isdecimal, not isdigit: "²" is a digit int() cannot read
        if isinstance(id_or_url, str) and id_or_url.isdecimal():
            digits = id_or_url.lstrip("0") or "0"
            # more digits than MAX_ID is no row, and int() refuses past 4,300 digits (a traceback)
            if len(digits) > len(str(MAX_ID)):
                return None
            id_or_url = int(digits)
        if isinstance(id_or_url, int):
            found = self._load("d.id = ?", [id_or_url]) if 0 <= id_or_url <= MAX_ID else []
            return found[0] if found else None
        document_id = self._document_for_url(str(id_or_url))
        if document_id is None:
            found = self._load("d.url = ?", [str(id_or_url)])
            return found[0] if found else None
        return self._load("d.id = ?", [document_id])[0]

    def documents(self, source: str | None = None) -> list[DocumentRecord]:
        """Every document (of source), by id."""
        if source is None:
            return self._load("1", [])
        return self._load("d.source = ?", [source])

    def known_documents(self, source: str) -> list[DocumentRecord]:
        """Every document of source the store watches, attachments included, by id."""
        return self.documents(source)

    def record_listing(
        self, source: str, urls: Iterable[str], *, run_id: int, complete: bool, at: datetime | None = None,
        others: Iterable[str] = (),
    ) -> list[DocumentRecord]:
        """Mark the documents whose URLs (or aliases) are on source's listing as listed.

        When the listing was read completely, documents not on it become UNLISTED and those that
        left it with this call are returned. A partial listing (only the first pages) proves
        nothing about absence: it returns [] and unlists nothing.

        A page two sources list is one document, stored under the first (see pending_discovered):
        it is listed while any source of the run lists it. Listed here, another source's document
        is marked listed too; off this source's listing, its own document stays listed while
        one of `others` (the run's other sources) has it queued, i.e. listed it at its latest
        listing, which may come later in the run. Unlisted, a page a WAF challenges would count
        its failed runs to MISSING while a column of the site still links it.
        """
        others = sorted(set(others) - {source})
        stamp = iso(at or utcnow())
        with write(self.db):
            ids: set[int] = set()
            elsewhere: set[int] = set()  # listed at the same address on another scheme or host
            for url in urls:
                document_id = self._document_for_url(url, source)
                if document_id is None:  # not fetched successfully yet: queue it until it is
                    # a site moved to https or www.: its documents are listed at their new address
                    # before they are fetched there. Not gone, but not listed under their own URL
                    # either (state.versions then takes the new address for the same document).
                    moved = self._document_at_address(url, source)
                    if moved is not None:
                        elsewhere.add(moved)
                    self.db.execute(
                        """INSERT INTO discovered (source, url, first_seen, listed_run_id) VALUES (?, ?, ?, ?)
                           ON CONFLICT (source, url) DO UPDATE SET listed_run_id = excluded.listed_run_id""",
                        [source, url, stamp, run_id],
                    )
                    shared = self._document_for_url(url)  # another source's document: listed here too
                    if shared is not None:
                        ids.add(shared)
                else:
                    ids.add(document_id)
            for document_id in ids:
                self.db.execute(
                    """UPDATE documents SET on_listing = 1, listed_run_id = ?, last_seen = max(last_seen, ?),
                        status = CASE WHEN status = 'missing' THEN 'missing' ELSE 'active' END
                        WHERE id = ?""",
                    [run_id, stamp, document_id],
                )
            if not complete:
                return []
            # a queued URL no longer on a complete listing is not a document to watch any more
            self.db.execute("DELETE FROM discovered WHERE source = ? AND listed_run_id != ?", [source, run_id])
            gone = "source = ? AND parent_id IS NULL AND on_listing = 1 AND (listed_run_id IS NULL OR listed_run_id != ?)"
            listed_by_others = f"""EXISTS (SELECT 1 FROM aliases a JOIN discovered q ON q.url = a.url
                                   WHERE a.document_id = documents.id AND q.source IN ({','.join('?' * len(others))}))"""
            if others:
                gone += f" AND NOT {listed_by_others}"
            left = [r[0] for r in self.db.execute(f"SELECT id FROM documents WHERE {gone}", [source, run_id, *others])
                    if r[0] not in elsewhere]
            self.db.conn.executemany(
                """UPDATE documents SET on_listing = 0,
                   status = CASE WHEN status = 'missing' THEN 'missing' ELSE 'unlisted' END WHERE id = ?""",
                [[document_id] for document_id in left],
            )
        return self._load(f"d.id IN ({','.join('?' * len(left))})", left) if left else []

    def respell_aliases(self, spell: Callable[[str], str], *, rules: str) -> int:
        """Give every stored URL its spelling under `spell` (the crawler's URL rules) as one
        more alias of its document, once per `rules`; the number of spellings added.

        A store written under earlier rules holds addresses as a server or a page spelled them
        (a redirect's `//…;jsessionid=`, `%5f`); the crawler now asks for them in one spelling,
        and each must still find its document, not make a new one beside one gone missing. The
        old spellings stay (a URL keeps its first owner, and a spelling already another
        document's stays that document's)."""
        done = self._scalar("SELECT value FROM store_meta WHERE key = 'alias_spelling'")
        if done == rules:
            return 0
        added = 0
        with write(self.db):
            rows = self.db.execute("SELECT source, url, document_id, first_seen FROM aliases").fetchall()
            for source, url, document_id, first_seen in rows:
                spelled = spell(url)
                if spelled and spelled != url:
                    added += self.db.execute(
                        "INSERT OR IGNORE INTO aliases (source, url, document_id, first_seen) VALUES (?, ?, ?, ?)",
                        [source, spelled, document_id, first_seen],
                    ).rowcount
            self.db.execute(
                """INSERT INTO store_meta (key, value) VALUES ('alias_spelling', ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                [rules],
            )
        return added

    def pending_discovered(self, source: str) -> list[str]:
        """URLs listed for source that have no stored document of it yet: their fetch failed so far,
        or another source stored the page first (the pipeline reads it into that document)."""
        rows = self.db.execute(
            "SELECT url FROM discovered WHERE source = ? ORDER BY first_seen, url", [source]
        ).fetchall()
        return [r[0] for r in rows if self._document_for_url(r[0], source) is None]

    def rehome(self, document_id: int, source: str) -> None:
        """Move a document, with its attachments, to `source`: a page two sources list whose
        first source is gone from the configuration is the other one's from now on, so its
        events reach that source's readers (and its changes are not said under a source no
        one watches any more). Its URLs become that source's aliases; the source's queue
        entries for them are done (the document is stored). Events already stored keep the
        source they were told under."""
        self.ensure_source(source)  # type: ignore[attr-defined]
        with write(self.db):
            ids = [document_id, *(r[0] for r in self.db.execute(
                "SELECT id FROM documents WHERE parent_id = ?", [document_id]))]
            marks = ",".join("?" * len(ids))
            self.db.execute(f"UPDATE documents SET source = ? WHERE id IN ({marks})", [source, *ids])
            # OR IGNORE: a URL the source already has as its own (a copy an earlier version
            # stored beside this document) stays that copy's
            self.db.execute(f"UPDATE OR IGNORE aliases SET source = ? WHERE document_id IN ({marks})", [source, *ids])
            self.db.execute(
                f"""DELETE FROM discovered WHERE source = ? AND url IN
                    (SELECT url FROM aliases WHERE source = ? AND document_id IN ({marks}))""",
                [source, source, *ids],
            )

    def mark_fetch_failure(self, document_id: int, *, threshold: int = MISSING_AFTER_RUNS, gone: bool = True) -> bool:
        """Count a failed run for the document; True when it has just become MISSING.

        Here MISSING needs both: `threshold` failed runs in a row, and the document off the
        listing. A document still listed becomes MISSING only through mark_missing, which the
        run calls when the site served the source's other documents (the fault is that
        document's); when it served none, it is the site's problem, told by source health.
        `gone` False: the run says nothing of whether a listed document is gone (the site was
        not asked, or not to the end; a challenge; our own limits refused what was served), so
        its count stays (two throttled runs and one 404 are not three); a document off the
        listing counts it as before.
        """
        with write(self.db):
            self.db.execute("UPDATE documents SET fail_runs = fail_runs + 1 WHERE id = ? AND (? OR on_listing = 0)",
                            [document_id, gone])
            cursor = self.db.execute(
                """UPDATE documents SET status = 'missing'
                   WHERE id = ? AND fail_runs >= ? AND on_listing = 0 AND status != 'missing'""",
                [document_id, threshold],
            )
            return cursor.rowcount == 1

    def mark_missing(self, document_id: int, *, threshold: int = MISSING_AFTER_RUNS) -> bool:
        """Make a document that failed `threshold` runs in a row MISSING, listed or not; True when it
        has just become so (False when it already was: its outage is reported once). Its versions stay."""
        with write(self.db):
            cursor = self.db.execute(
                "UPDATE documents SET status = 'missing' WHERE id = ? AND fail_runs >= ? AND status != 'missing'",
                [document_id, threshold],
            )
            return cursor.rowcount == 1

    def mark_fetch_ok(self, document_id: int) -> bool:
        """Reset the failure count; True when the document was MISSING and is now back (its
        return not reported yet: see _fetch_ok)."""
        with write(self.db):
            return self._fetch_ok(document_id)

    def back_unreported(self, source: str) -> list[int]:
        """Ids of source's documents read again after being MISSING whose return no REAPPEARED
        event has told yet (a run killed between the read and the event), oldest first."""
        rows = self.db.execute(
            "SELECT id FROM documents WHERE source = ? AND status = 'missing' AND fail_runs = 0 ORDER BY id", [source]
        ).fetchall()
        return [r[0] for r in rows]

    def _end_missing(self, document_id: int) -> None:
        """The document's return is reported (a REAPPEARED event, in the same transaction):
        its status is ACTIVE or UNLISTED again."""
        self.db.execute(f"UPDATE documents SET status = {_STATUS_SQL} WHERE id = ? AND status = 'missing'",
                        [document_id])

    # ------------------------------------------------------------------ private

    def _fetch_ok(self, document_id: int) -> bool:
        """A read of the document: its failure count starts again. True when it was MISSING.

        A MISSING document stays so, with no failure counted (fail_runs 0: "back, not yet
        said"), until the event telling its return is stored (add_event(REAPPEARED) ends it in
        the same transaction). Set back here, a run killed before that event left no trace of
        the return and the reader of the 无法访问 alert never learnt the document was back."""
        was = self._scalar("SELECT status FROM documents WHERE id = ?", [document_id])
        # the usual case (a 304 for a healthy document) matches no row, so it writes nothing
        self.db.execute(
            f"""UPDATE documents SET fail_runs = 0,
                status = CASE WHEN status = 'missing' THEN status ELSE {_STATUS_SQL} END
                WHERE id = ? AND (fail_runs != 0 OR status NOT IN ('missing', {_STATUS_SQL}))""",
            [document_id],
        )
        return was == DocumentStatus.MISSING.value

    def _add_aliases(self, source: str, document_id: int, urls: Iterable[str], at: str) -> None:
        """Remember URLs under which the document was seen; a URL keeps its first owner."""
        for url in dict.fromkeys(u for u in urls if u):
            self.db.execute(
                "INSERT OR IGNORE INTO aliases (source, url, document_id, first_seen) VALUES (?, ?, ?, ?)",
                [source, url, document_id, at],
            )

    def _load(self, where: str, params: Sequence[Any]) -> list[DocumentRecord]:
        rows = self._rows(f"SELECT d.* FROM documents d WHERE {where} ORDER BY d.id", params)
        if not rows:
            return []
        aliases: dict[int, list[str]] = defaultdict(list)
        ids = [r["id"] for r in rows]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for document_id, url in self.db.execute(
                f"""SELECT document_id, url FROM aliases WHERE document_id IN ({','.join('?' * len(part))})
                    ORDER BY first_seen, url""",
                part,
            ).fetchall():
                aliases[document_id].append(url)
        return [document_from_row(r, tuple(aliases[r["id"]])) for r in rows]
