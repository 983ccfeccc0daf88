"""ReportView: the store seen through the reports stage's ReportSource protocol, plus clause trees."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from functools import lru_cache, partial

from policywatch import diffing
from policywatch.diffing.memo import clear_memos
from policywatch.model import (
    ChangeEvent,
    ChangeSet,
    ClauseTree,
    DocumentRecord,
    Relation,
    SourceHealth,
    StoredVersion,
    StoreIdentity,
)
from policywatch.state import Store


class LazyTextVersion(StoredVersion):
    """A StoredVersion whose display_text is read from the store when asked for, and not kept.

    The site lists every version of every document; holding their texts would make a build's
    memory grow with the store. `read(document_id, number)` is shared by all of them (no closure
    per version: a long history lists many).
    """

    __slots__ = ("_read",)

    @classmethod
    def of(cls, version: StoredVersion, read: Callable[[int, int], str]) -> LazyTextVersion:
        lazy = cls(**{name: getattr(version, name) for name in _VERSION_FIELDS})
        object.__setattr__(lazy, "_read", read)
        return lazy

    @property  # type: ignore[override]
    def display_text(self) -> str:
        read = getattr(self, "_read", None)
        return read(self.document_id, self.number) if read is not None else _DISPLAY_TEXT.__get__(self)

    @display_text.setter
    def display_text(self, value: str) -> None:
        _DISPLAY_TEXT.__set__(self, value)


_DISPLAY_TEXT = StoredVersion.__dict__["display_text"]  # the slot the property stands in front of
# field names looked up once: a build makes a lazy record per version and event of the history,
# and keys a page on each event's repr (issue 15)
_VERSION_FIELDS = tuple(f.name for f in fields(StoredVersion))
_EVENT_FIELDS = tuple(f.name for f in fields(ChangeEvent))
_SHOWN_FIELDS = tuple(name for name in _EVENT_FIELDS if name != "changeset")


class LazyChangeEvent(ChangeEvent):
    """A ChangeEvent whose changeset is read from the store when asked for, and not kept.

    The site lists every event of the store's history; holding their changesets (whole clauses,
    twice) made a build's memory grow with every round of changes (issue 15). `changeset_digest`
    names the changeset without reading it ("" when there is none): it stands for the changeset
    in the event's repr, which is what the site keys its pages on.
    """

    __slots__ = ("_read", "changeset_digest")

    @classmethod
    def of(cls, event: ChangeEvent, digest: str, read: Callable[[int], ChangeSet | None]) -> LazyChangeEvent:
        lazy = cls(**{name: getattr(event, name) for name in _EVENT_FIELDS})
        object.__setattr__(lazy, "_read", read)
        object.__setattr__(lazy, "changeset_digest", digest)
        return lazy

    @property  # type: ignore[override]
    def changeset(self) -> ChangeSet | None:
        read = getattr(self, "_read", None)
        if read is None:
            return _CHANGESET.__get__(self)  # type: ignore[no-any-return]
        return read(self.id) if self.changeset_digest else None

    @changeset.setter
    def changeset(self, value: ChangeSet | None) -> None:
        _CHANGESET.__set__(self, value)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SHOWN_FIELDS)
        return f"LazyChangeEvent({shown}, changeset_digest={self.changeset_digest!r})"


_CHANGESET = ChangeEvent.__dict__["changeset"]


class ReportView:
    """Adapts a Store to reports.ReportSource; clause trees are segmented on demand and cached."""

    def __init__(self, store: Store, *, watched: frozenset[str] | None = None):
        self._store = store
        # the sources of the config (None: every source the store knows is watched): the health of
        # a source removed from the config is no problem of the watch's, so it is not reported
        self._watched = watched
        self._tree = lru_cache(maxsize=256)(self._segment)
        # a build reads each text a few times in a row (document page, version page, outline),
        # then never again: a small cache of its own instead of the store's, which would keep
        # thousands of texts a build never asks for again (issue 15)
        self._version = lru_cache(maxsize=16)(partial(store.version, cached=False))

    def documents(self) -> Sequence[DocumentRecord]:
        return self._store.documents()

    def document(self, document_id: int) -> DocumentRecord | None:
        return self._store.document(document_id)

    def listing(self) -> Iterator[tuple[DocumentRecord, list[StoredVersion]]]:
        """Every document by id with its versions, streamed: the site goes through the store this
        way, holding one document's records at a time (issue 15)."""
        for record, versions in self._store.document_listing():
            # what segment() remembers of a document's lines serves its other versions, seldom
            # another document: kept across documents, its tables (up to 20 M characters) grew
            # with the store through a fresh build (issue 15)
            clear_memos()
            yield record, [LazyTextVersion.of(v, self.version_text) for v in versions]

    def versions(self, document_id: int) -> Sequence[StoredVersion]:
        # texts are read when a page is rendered, not when the site is listed: a rebuild of a
        # large store holds no text it does not render (issue 15)
        return [LazyTextVersion.of(v, self.version_text) for v in self._store.versions(document_id, texts=False)]

    def version_text(self, document_id: int, number: int) -> str:
        """The text of one version, read past the store's text cache (see __init__)."""
        return self._version(document_id, number).display_text

    def clause_tree(self, document_id: int, version: int) -> ClauseTree:
        return self._tree(document_id, version)

    def events(self, *, since: datetime | None = None, source: str | None = None) -> Sequence[ChangeEvent]:
        # changesets are read when a page needs one, not when the site is listed (issue 15)
        store = self._store
        return [LazyChangeEvent.of(event, digest, store.event_changeset)
                for event, digest in store.event_listing(since=since, source=source)]

    def relations(self) -> Sequence[Relation]:
        """Every live relation between documents (lineage), for the family timelines."""
        return self._store.relations()

    def source_health(self) -> Sequence[SourceHealth]:
        """The health of the watched sources: one no longer configured is no longer run, and its
        last failure stayed on the problems page for ever."""
        health = self._store.source_health()
        return health if self._watched is None else [h for h in health if h.name in self._watched]

    def stamp(self) -> str:
        """A hash of everything the site shows: equal stamps let a rebuild skip reading the rest."""
        watched = "" if self._watched is None else "\0".join(sorted(self._watched))
        return f"{self._store.report_stamp()}\0{watched}"  # a source removed changes the problems page

    def identity(self) -> StoreIdentity:
        """The store's identity: the feeds' ids are made of it."""
        return self._store.identity()

    def document_stamps(self) -> Iterator[tuple[int, str]]:
        """(document id, a hash of its record and versions), every document by id: the site then
        lists the pages of the documents whose stamp changed only (issue 15)."""
        return self._store.document_stamps()

    def _segment(self, document_id: int, version: int) -> ClauseTree:
        stored = self._version(document_id, version)
        return diffing.segment(stored.display_text, title=stored.metadata.title)
