"""ReportView: the store seen through the reports stage's ReportSource protocol, plus clause trees."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime
from functools import lru_cache

from policywatch import diffing
from policywatch.model import ChangeEvent, ClauseTree, DocumentRecord, Relation, SourceHealth, StoredVersion
from policywatch.state import Store


class LazyTextVersion(StoredVersion):
    """A StoredVersion whose display_text is read from the store when asked for, and not kept.

    The site lists every version of every document; holding their texts would make a build's
    memory grow with the store (the store's TextCache bounds what stays in memory).
    """

    __slots__ = ("_read",)

    @classmethod
    def of(cls, version: StoredVersion, read: Callable[[], str]) -> LazyTextVersion:
        lazy = cls(**{f.name: getattr(version, f.name) for f in fields(StoredVersion)})
        object.__setattr__(lazy, "_read", read)
        return lazy

    @property  # type: ignore[override]
    def display_text(self) -> str:
        read = getattr(self, "_read", None)
        return read() if read is not None else _DISPLAY_TEXT.__get__(self)

    @display_text.setter
    def display_text(self, value: str) -> None:
        _DISPLAY_TEXT.__set__(self, value)


_DISPLAY_TEXT = StoredVersion.__dict__["display_text"]  # the slot the property stands in front of


class ReportView:
    """Adapts a Store to reports.ReportSource; clause trees are segmented on demand and cached."""

    def __init__(self, store: Store):
        self._store = store
        self._tree = lru_cache(maxsize=256)(self._segment)
        self._versions: dict[int, list[StoredVersion]] | None = None

    def documents(self) -> Sequence[DocumentRecord]:
        return self._store.documents()

    def document(self, document_id: int) -> DocumentRecord | None:
        return self._store.document(document_id)

    def versions(self, document_id: int) -> Sequence[StoredVersion]:
        # texts are read when a page is rendered, not when the site is listed: a rebuild of a
        # large store holds no text it does not render (issue 15)
        store = self._store
        if self._versions is None:  # the site asks for every document's: read them in one query
            self._versions = store.all_versions(texts=False)
        listed = self._versions.get(document_id)
        if listed is None:
            listed = store.versions(document_id, texts=False)
        return [LazyTextVersion.of(v, lambda v=v: store.version_text(v.document_id, v.number)) for v in listed]

    def clause_tree(self, document_id: int, version: int) -> ClauseTree:
        return self._tree(document_id, version)

    def events(self, *, since: datetime | None = None, source: str | None = None) -> Sequence[ChangeEvent]:
        return self._store.events(since=since, source=source)

    def relations(self) -> Sequence[Relation]:
        """Every live relation between documents (lineage), for the family timelines."""
        return self._store.relations()

    def source_health(self) -> Sequence[SourceHealth]:
        return self._store.source_health()

    def stamp(self) -> str:
        """A hash of everything the site shows: equal stamps let a rebuild skip reading the rest."""
        return self._store.report_stamp()

    def _segment(self, document_id: int, version: int) -> ClauseTree:
        stored = self._store.version(document_id, version)
        return diffing.segment(stored.display_text, title=stored.metadata.title)
