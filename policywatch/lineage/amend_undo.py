"""The undo log of amendment instructions: an instruction applies whole or not at all.

Copying the document before each instruction made N instructions cost N × the document (1,000
instructions on 3,000 articles: 25 s). Instead, while a Journal is open every change to the
document's units — an attribute set (`logged_setattr`, the units' __setattr__) or an edit of one
of their lists (UnitList) — is logged with its inverse, and a failed instruction undoes exactly
what it changed, newest first: the cost is what the instruction touched.

Each change is also noted as (object, elements added, elements removed) in the list the Journal
was given, so the document can bring cached measures (its text length) up to date by what
changed. Changes made with no Journal open are only counted (`untracked()`): a cache taken
before one is stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, SupportsIndex

Change = tuple[object, tuple[Any, ...], tuple[Any, ...]]  # (object changed, added, removed)
_ACTIVE: ContextVar[Journal | None] = ContextVar("amend_journal", default=None)
_UNSET = object()
_untracked = [0]  # changes made with no Journal open (a list: bumped without `global`)


def untracked() -> int:
    """How many changes were made with no Journal open (by any document, in any thread)."""
    return _untracked[0]


class Journal:
    """`with journal:` logs every change made to units meanwhile; `undo()` reverts them."""

    __slots__ = ("_log", "_token", "changes")

    def __init__(self, changes: list[Change]) -> None:
        self._log: list[tuple[Callable[[], None], Change]] = []
        self.changes = changes  # where changes are noted (the document's pending list)

    def __enter__(self) -> Journal:
        self._token = _ACTIVE.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _ACTIVE.reset(self._token)

    def note(self, undo: Callable[[], None], obj: object, added: tuple[Any, ...] = (),
             removed: tuple[Any, ...] = ()) -> None:
        self._log.append((undo, (obj, added, removed)))
        self.changes.append((obj, added, removed))

    def undo(self) -> None:
        """Revert the logged changes, newest first (call it once the block is left)."""
        while self._log:
            undo, (obj, added, removed) = self._log.pop()
            undo()
            self.changes.append((obj, removed, added))


def active() -> Journal | None:
    return _ACTIVE.get()


class UnitList(list):  # type: ignore[type-arg]
    """A list of the document (articles, 款, 项, 目 lines, head and tail lines) whose edits are
    logged with their inverse while a Journal is open."""

    __slots__ = ()

    def _whole(self, edit: Callable[[], object]) -> None:
        """An edit without a cheap inverse (sort, extended slices): the list's old contents."""
        journal, saved = _ACTIVE.get(), list(self)
        edit()
        if journal is None:
            _untracked[0] += 1
        else:
            journal.note(lambda: list.__setitem__(self, slice(None), saved), self, tuple(self), tuple(saved))

    def __setitem__(self, key: Any, value: Any) -> None:
        journal = _ACTIVE.get()
        if journal is None:
            _untracked[0] += 1
            return list.__setitem__(self, key, value)
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return self._whole(lambda: list.__setitem__(self, key, value))
            old, new = list.__getitem__(self, slice(start, max(start, stop))), list(value)
            list.__setitem__(self, key, new)
            journal.note(lambda: list.__setitem__(self, slice(start, start + len(new)), old),
                         self, tuple(new), tuple(old))
            return None
        old_item = list.__getitem__(self, key)
        at = key.__index__() % len(self)
        list.__setitem__(self, key, value)
        journal.note(lambda: list.__setitem__(self, at, old_item), self, (value,), (old_item,))
        return None

    def __delitem__(self, key: Any) -> None:
        journal = _ACTIVE.get()
        if journal is None:
            _untracked[0] += 1
            return list.__delitem__(self, key)
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return self._whole(lambda: list.__delitem__(self, key))
            old = list.__getitem__(self, slice(start, max(start, stop)))
            list.__delitem__(self, key)
            journal.note(lambda: list.__setitem__(self, slice(start, start), old), self, (), tuple(old))
            return None
        old_item = list.__getitem__(self, key)
        at = key.__index__() % len(self)
        list.__delitem__(self, key)
        journal.note(lambda: list.insert(self, at, old_item), self, (), (old_item,))
        return None

    def insert(self, index: SupportsIndex, value: Any) -> None:
        size, at = len(self), index.__index__()
        at = max(0, at + size) if at < 0 else min(at, size)
        list.insert(self, at, value)
        self._note(lambda: list.__delitem__(self, at), (value,), ())

    def append(self, value: Any) -> None:
        list.append(self, value)
        self._note(lambda: list.pop(self), (value,), ())

    def extend(self, values: Iterable[Any]) -> None:
        size = len(self)
        list.extend(self, values)
        self._note(lambda: list.__delitem__(self, slice(size, None)), tuple(self[size:]), ())

    def remove(self, value: Any) -> None:
        at = self.index(value)  # the first equal element, as list.remove takes
        old_item = list.__getitem__(self, at)
        list.__delitem__(self, at)
        self._note(lambda: list.insert(self, at, old_item), (), (old_item,))

    def pop(self, index: SupportsIndex = -1) -> Any:
        at = index.__index__() % len(self) if len(self) else index.__index__()
        old_item = list.pop(self, index)
        self._note(lambda: list.insert(self, at, old_item), (), (old_item,))
        return old_item

    def _note(self, undo: Callable[[], None], added: tuple[Any, ...], removed: tuple[Any, ...]) -> None:
        if (journal := _ACTIVE.get()) is None:
            _untracked[0] += 1
        else:
            journal.note(undo, self, added, removed)

    def clear(self) -> None:
        self._whole(lambda: list.clear(self))

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._whole(lambda: list.sort(self, *args, **kwargs))

    def reverse(self) -> None:
        self._whole(lambda: list.reverse(self))

    def __iadd__(self, values: Iterable[Any]) -> UnitList:  # type: ignore[override,misc]
        self.extend(values)
        return self

    def __imul__(self, times: SupportsIndex) -> UnitList:  # type: ignore[override,misc]
        self._whole(lambda: list.__imul__(self, times))
        return self


def logged_setattr(obj: object, name: str, value: Any) -> None:
    """A unit's __setattr__: the old value is logged while a Journal is open; a plain list becomes a
    UnitList (a copy), so every list in the document logs its edits."""
    if type(value) is list:
        value = UnitList(value)
    old = getattr(obj, name, _UNSET)
    object.__setattr__(obj, name, value)
    if old is _UNSET:
        return  # a unit being built: nothing to restore, nothing measured yet
    if (journal := _ACTIVE.get()) is None:
        _untracked[0] += 1
    else:
        journal.note(lambda: object.__setattr__(obj, name, old), obj)
