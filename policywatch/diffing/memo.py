"""Bounded memo tables for per-line and per-clause work of the segmenter.

Two versions of a document share most of their lines and clauses: `diff` segments both, and
the pipeline segments each new version next to the old one. What segment() derives from a line
alone (its marker, a flattened list cut in it, the places a second marker may start, a marker
line's heading) and the clause built on a text (with its comparison key) are remembered, so the
second version's unchanged lines and clauses cost a dict lookup. Each table holds at most
`max_chars` characters of keys and is emptied when full: memory stays bounded however many
documents a process segments.
"""

from __future__ import annotations

from typing import Any

_TABLES: list[Memo] = []


class Memo:
    """text → a value computed from it alone; forgets everything when max_chars is passed."""

    def __init__(self, max_chars: int) -> None:
        self.values: dict[str, Any] = {}
        self.get = self.values.get  # bound once: the hot loops call it per line
        self._chars = 0
        self._max_chars = max_chars
        _TABLES.append(self)

    def put(self, text: str, value: Any) -> None:
        if text not in self.values:
            if self._chars + len(text) > self._max_chars:
                self.clear()
            self._chars += len(text)
        self.values[text] = value

    def update(self, fresh: dict[str, Any]) -> None:
        """put() every item of `fresh` (one call for a document's new lines or clause texts:
        the set and dict operations run in C, not a Python call per item)."""
        added = sum(map(len, fresh.keys() - self.values.keys()))
        if self._chars + added > self._max_chars:
            self.clear()
            added = sum(map(len, fresh))
            if added > self._max_chars:  # more than a whole table: keep what fits, as put() does
                for text, value in fresh.items():
                    self.put(text, value)
                return
        self.values.update(fresh)
        self._chars += added

    def clear(self) -> None:
        self.values.clear()  # the same dict: `get` stays bound to it
        self._chars = 0

    def __len__(self) -> int:
        return len(self.values)

    @property
    def chars(self) -> int:
        """Characters of the texts held now (at most max_chars)."""
        return self._chars


def clear_memos() -> None:
    """Forget every memo table (benchmarks do, to measure a cold segmentation)."""
    for table in _TABLES:
        table.clear()
