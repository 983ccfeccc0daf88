"""ReportView: the store seen through the reports stage's ReportSource protocol, plus clause trees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from policywatch import diffing
from policywatch.model import ChangeEvent, ClauseTree, DocumentRecord, Relation, SourceHealth, StoredVersion
from policywatch.state import Store


class ReportView:
    """Adapts a Store to reports.ReportSource; clause trees are segmented on demand and cached."""

    def __init__(self, store: Store):
        self._store = store
        self._tree = lru_cache(maxsize=256)(self._segment)

    def documents(self) -> Sequence[DocumentRecord]:
        return self._store.documents()

    def document(self, document_id: int) -> DocumentRecord | None:
        return self._store.document(document_id)

    def versions(self, document_id: int) -> Sequence[StoredVersion]:
        return self._store.versions(document_id)

    def clause_tree(self, document_id: int, version: int) -> ClauseTree:
        return self._tree(document_id, version)

    def events(self, *, since: datetime | None = None, source: str | None = None) -> Sequence[ChangeEvent]:
        return self._store.events(since=since, source=source)

    def relations(self) -> Sequence[Relation]:
        """Every live relation between documents (lineage), for the family timelines."""
        return self._store.relations()

    def source_health(self) -> Sequence[SourceHealth]:
        return self._store.source_health()

    def _segment(self, document_id: int, version: int) -> ClauseTree:
        stored = self._store.version(document_id, version)
        return diffing.segment(stored.display_text, title=stored.metadata.title)
