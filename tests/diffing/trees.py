"""Test helpers: clause trees built by hand from (path, text) lists."""

from __future__ import annotations

from policywatch.model import Clause, ClauseTree
from policywatch.normalize import comparison_key


def key_of(text: str) -> str:
    """The comparison key of a display text."""
    return comparison_key(text)


def make_tree(items: list[tuple[str, str]]) -> ClauseTree:
    """A pre-order ClauseTree from ("三/（二）/2", text) pairs."""
    return ClauseTree(tuple(make_clause(path, text) for path, text in items))


def make_clause(path: str, text: str) -> Clause:
    parts = tuple(path.split("/"))
    return Clause(path=parts, family="", label=parts[-1], heading="", text=text, key=key_of(text))
