"""Renderings of a ClauseTree for people and programs: an indented outline and a JSON-able dict."""

from __future__ import annotations

from typing import Any

from policywatch.grammar import split_citation
from policywatch.model import ClauseTree

_PREVIEW = 36


def render_tree_text(tree: ClauseTree) -> str:
    """An indented outline, one clause a line: `path  heading` (or the start of its text)."""
    out = [tree.title] if tree.title else []
    for clause in tree:
        first = clause.text.split("\n", 1)[0].strip()
        shown = clause.heading or (first[:_PREVIEW] + ("…" if len(first) > _PREVIEW else ""))
        lines = clause.text.count("\n") + 1 if clause.text else 0
        # below an article, the place as a reader cites it: 第三十五条第二款第（三）项
        cited = f" ({citation})" if clause.depth > 1 and (citation := split_citation(clause.path)[1]) \
            and clause.family != "article" else ""
        out.append(f"{'  ' * (clause.depth - 1)}{clause.path_str}{cited}  {shown}  [{clause.family}, {lines}¶]")
    return "\n".join(out) + "\n"


def tree_to_dict(tree: ClauseTree) -> dict[str, Any]:
    """Every clause with its path, family, label, number, heading, text and comparison key."""
    return {
        "title": tree.title,
        "clauses": [
            {"path": clause.path_str, "family": clause.family, "label": clause.label,
             "number": clause.number, "heading": clause.heading, "text": clause.text,
             "key": clause.key}
            for clause in tree
        ],
    }
