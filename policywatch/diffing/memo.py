"""Bounded memo tables for per-line and per-clause work of the segmenter.

Two versions of a document share most of their lines and clauses: `diff` segments both, and
the pipeline segments each new version next to the old one. What segment() derives from a line
alone (its marker, a flattened list cut in it, the places a second marker may start) and the
comparison key of a clause text are remembered, so the second version's unchanged lines cost a
dict lookup. Each table holds at most `max_chars` characters of keys and is emptied when full:
memory stays bounded however many documents a process segments.
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
