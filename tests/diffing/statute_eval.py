"""Scoring a change set against an article-level truth (statutegen.Revision): shared by the
statute tests and benchmarks/statute_quality.py.

Every record is projected on the article it touches (the path up to its 第X条 label): a record
on a 款 or 项 of an article is a modification of that article; only a record whose path IS an
article counts as an added or deleted article; renumbered moves count where both paths are
articles.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from policywatch.model import ChangeKind, ChangeSet
from tests.diffing.statutegen import Revision

STATUTES = Path(__file__).resolve().parents[1] / "data" / "statutes"
_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?")


def article_of(path: str) -> str | None:
    """`第三章/第十二条/第二款/（三）` → `第三章/第十二条`; None outside articles."""
    labels = path.split("/")
    for k, label in enumerate(labels):
        if _ARTICLE.fullmatch(label.split("#")[0]):
            return "/".join(labels[:k + 1])
    return None


@dataclass
class Tally:
    counts: dict[str, list[int]] = field(default_factory=dict)  # name -> [hits, total]

    def add(self, name: str, hits: int, total: int) -> None:
        pair = self.counts.setdefault(name, [0, 0])
        pair[0] += hits
        pair[1] += total

    def figures(self) -> dict[str, tuple[float, str]]:
        return {name: ((h / t if t else 1.0), f"{h}/{t}") for name, (h, t) in self.counts.items()}


def evaluate(rev: Revision, cs: ChangeSet, tally: Tally, *, verbose: bool = False) -> list[str]:
    """Add the revision's figures to `tally`; return what went wrong, one line each."""
    mod: set[tuple[str, str]] = set()
    touched_old: set[str] = set()
    touched_new: set[str] = set()
    added: set[str] = set()
    deleted: set[str] = set()
    renumbered: set[tuple[str, str]] = set()
    split: set[str] = set()
    paths: list[str] = []
    for c in cs.changes:
        oa, na = article_of(c.old_path), article_of(c.new_path)
        paths.extend(p for p in (c.old_path, c.new_path) if p)  # a moved 款 is addressed at both ends
        if c.kind is ChangeKind.RENUMBERED:
            renumbered.update((a, b) for a, b in c.moves if article_of(a) == a and article_of(b) == b)
        elif c.kind in (ChangeKind.SPLIT, ChangeKind.MERGED):
            split.update(a for a, _ in c.moves if article_of(a) == a)
        elif c.kind is ChangeKind.MOVED and oa and na and (oa == c.old_path) != (na == c.new_path):
            # a 款 moved out to be an article of its own (`将第十三条第二款改为第十六条`) splits its
            # article; an article moved in as a 款 of another is merged into it
            split.add(oa)
            touched_old.add(oa)
            touched_new.add(na)
        elif c.kind is ChangeKind.ADDED and na is not None and na == c.new_path:
            added.add(na)
        elif c.kind is ChangeKind.DELETED and oa is not None and oa == c.old_path:
            deleted.add(oa)
        elif c.kind in (ChangeKind.ADDED, ChangeKind.DELETED) and oa is None and na is None:
            # a whole 章 or 节 added or deleted: its record lists the articles it held
            side = deleted if c.kind is ChangeKind.DELETED else added
            side.update(p for move in c.moves for p in move if p and article_of(p) == p)
        elif oa is not None and na is not None:
            mod.add((oa, na))
        else:
            touched_old.update({oa} - {None})
            touched_new.update({na} - {None})
    problems: list[str] = []

    def found_modified(o: str, n: str) -> bool:
        if o in deleted or n in added:  # deleted + added is not one modified record
            return False
        return (o, n) in mod or ((o == n or (o, n) in renumbered) and (o in touched_old or n in touched_new))

    hits = [p for p in rev.modified if found_modified(*p)]
    problems += [f"modified article missed: {o} → {n}" for o, n in rev.modified - set(hits)]
    tally.add("modified recall", len(hits), len(rev.modified))
    false_mod = {p for p in mod if p not in rev.modified}
    problems += [f"false modified: {o} → {n}" for o, n in false_mod]
    tally.add("modified precision", len(mod) - len(false_mod), len(mod))
    for name, reported, truth in (("added", added, rev.added), ("deleted", deleted, rev.deleted)):
        tally.add(f"{name} precision", len(reported & truth), len(reported))
        tally.add(f"{name} recall", len(reported & truth), len(truth))
        problems += [f"false {name}: {p}" for p in reported - truth]
        problems += [f"{name} missed: {p}" for p in truth - reported]
    ren_hits = {p for p in rev.renumbered if p in renumbered and p not in mod
                and p[0] not in touched_old and p[1] not in touched_new}
    tally.add("renumbered recall", len(ren_hits), len(rev.renumbered))
    # an article in a renumbered record must be identical, or changed only by a 款/项 added or
    # deleted (that record has one side only: the renumbered record gives the article's move)
    false_ren = {p for p in renumbered if p not in rev.renumbered
                 and not (p[0] in touched_old or p[1] in touched_new)}
    tally.add("renumbered precision", len(renumbered) - len(false_ren), len(renumbered))
    problems += [f"renumbered but not identical: {o} → {n}" for o, n in false_ren]
    problems += [f"renumbering missed: {o} → {n}" for o, n in rev.renumbered - ren_hits]
    tally.add("split found", len(rev.split & split), len(rev.split))
    tally.add("之一 articles found", len(rev.sub_articles & added), len(rev.sub_articles))
    para_hits = {p for p in rev.paragraph_paths if any(q == p or q.startswith(p + "/") for q in paths)}
    tally.add("款 addressing", len(para_hits), len(rev.paragraph_paths))
    problems += [f"款 not addressed: {p}" for p in rev.paragraph_paths - para_hits]
    if rev.annex_edits:
        tally.add("annex edit found", int(any(p.startswith("附件") for p in paths)), 1)
    if verbose:
        for line in problems:
            print(f"  {rev.name}: {line}")
    return problems


def shipped_revisions() -> list[Revision]:
    """The real-shape pairs in tests/data/statutes/: NAME.old.txt, NAME.new.txt, NAME.toml."""
    out = []
    for truth_file in sorted(STATUTES.glob("*.toml")):
        name = truth_file.stem
        truth = tomllib.loads(truth_file.read_text(encoding="utf-8"))
        out.append(Revision(
            name,
            (STATUTES / f"{name}.old.txt").read_text(encoding="utf-8"),
            (STATUTES / f"{name}.new.txt").read_text(encoding="utf-8"),
            modified={tuple(p) for p in truth.get("modified", [])},
            added=set(truth.get("added", [])),
            deleted=set(truth.get("deleted", [])),
            renumbered={tuple(p) for p in truth.get("renumbered", [])},
            split=set(truth.get("split", [])),
            sub_articles=set(truth.get("sub_articles", [])),
            paragraph_paths=set(truth.get("paragraph_paths", [])),
            annex_edits=truth.get("annex_edits", 0),
        ))
    return out
