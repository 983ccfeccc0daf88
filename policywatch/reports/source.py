"""ReportSource: exactly what the reports stage reads from the store, as a structural protocol.

`state.Store` (through the pipeline's adapter) satisfies it; tests fill an in-memory fake.
reports never imports state, crawler or diffing: everything arrives as `policywatch.model` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from policywatch.model import ChangeEvent, ClauseTree, DocumentRecord, SourceHealth, StoredVersion


@runtime_checkable
class ReportSource(Protocol):
    """Read-only access to the watched documents, their versions and the change events."""

    def documents(self) -> Sequence[DocumentRecord]:
        """Every watched document (attachments included)."""
        ...

    def document(self, document_id: int) -> DocumentRecord | None:
        """One document, or None when the id is unknown."""
        ...

    def versions(self, document_id: int) -> Sequence[StoredVersion]:
        """A document's versions, oldest first."""
        ...

    def clause_tree(self, document_id: int, version: int) -> ClauseTree:
        """The clause tree of one stored version (the pipeline segments the stored text)."""
        ...

    def events(self, *, since: datetime | None = None, source: str | None = None) -> Sequence[ChangeEvent]:
        """Reported events, newest first, optionally only those after `since` or of one source."""
        ...

    def source_health(self) -> Sequence[SourceHealth]:
        """How every configured source is doing."""
        ...

    # Optional: `stamp() -> str`, a hash that changes whenever anything the site shows changes.
    # A source offering it lets a rebuild of an unchanged store stop before reading anything
    # else (site.py); one without it is always read in full.
    # Optional: `document_stamps() -> Iterable[tuple[int, str]]`, every document by id with a hash
    # that changes whenever its record or versions do (its events excepted: never edited, they
    # are told apart by id). A build then lists the pages of the documents whose stamp (or
    # whose events, relations or relatives) changed, and carries the others' pages over unread.
    # Optional: `identity() -> StoreIdentity`, who the store is: the feeds' ids (the feed's and
    # each entry's) are then its own, not made of row ids another store counts too (feed.py).
    # Optional: `listing() -> Iterable[tuple[DocumentRecord, Sequence[StoredVersion]]]`, every
    # document by id with its versions, streamed, and `version_text(document_id, number) -> str`:
    # the site then goes through a large store without holding it (pages.SiteData.listing).
