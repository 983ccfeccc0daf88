"""apply_changes(): replay a ChangeSet on the old tree (for the round-trip property test)."""

from __future__ import annotations

from policywatch.diffing.align import body_key
from policywatch.model import ChangeKind, ChangeSet, ClauseTree
from tests.diffing.trees import key_of


def apply_changes(old: ClauseTree, cs: ChangeSet) -> dict[str, str]:
    """{new path: body key} of the tree the change set says the new version is.

    Body keys (comparison keys without the numbering marker) because a renumbered clause's
    marker is what its new label says.

    Unchanged clauses keep their key and take the path their label moves (or an ancestor's)
    give them; modified/moved/split/merged clauses take the new texts; deleted subtrees go;
    added clauses come in.
    """
    relabel: dict[str, str] = {}
    gone: set[str] = set()  # whole subtrees
    replaced: set[str] = set()  # one clause, its children stay
    result: dict[str, str] = {}
    for change in cs.changes:
        if change.kind is ChangeKind.RENUMBERED:
            relabel.update(change.moves)
        elif change.kind is ChangeKind.ADDED:  # texts are one line each in the property tests
            paths = [change.new_path, *(b for _, b in change.moves)]
            for path, text in zip(paths, change.new_text.split("\n"), strict=True):
                result[path] = body_key(key_of(text))
        elif change.kind is ChangeKind.DELETED:
            gone.add(change.old_path)
        elif change.kind in (ChangeKind.MODIFIED, ChangeKind.MOVED):
            replaced.add(change.old_path)
            relabel[change.old_path] = change.new_path
            result[change.new_path] = body_key(key_of(change.new_text))
        else:  # split / merged: one text per new path, in order
            olds = dict.fromkeys(a for a, _ in change.moves)
            news = list(dict.fromkeys(b for _, b in change.moves))
            replaced.update(olds)
            for path, text in zip(news, change.new_text.split("\n"), strict=True):
                result[path] = body_key(key_of(text))
    for clause in old:
        path = clause.path_str
        if path in replaced or any(path == g or path.startswith(g + "/") for g in gone):
            continue
        result.setdefault(_moved(clause.path, relabel), body_key(clause.key))
    return result


def _moved(path: tuple[str, ...], relabel: dict[str, str]) -> str:
    for cut in range(len(path), 0, -1):
        prefix = "/".join(path[:cut])
        if prefix in relabel:
            return "/".join((relabel[prefix], *path[cut:]))
    return "/".join(path)
