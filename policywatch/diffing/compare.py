"""compare() and diff_texts(): two versions in, one ChangeSet out.

Whether anything changed is decided on comparison keys; what a reader sees (texts, inline
diffs) comes from display texts. Cosmetic differences (equal keys) never make a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from policywatch.diffing.align import Aligned, align, body_key, display_marker
from policywatch.diffing.facts import fact_changes, restated, stated_facts
from policywatch.diffing.inline import inline_diff
from policywatch.diffing.terms import term_replacements
from policywatch.diffing.zones import without_chrome
from policywatch.grammar import ARTICLE_LEVEL, FIRST_PARAGRAPH, PARAGRAPH, written_forms
from policywatch.model import (
    TRACKED_METADATA,
    ChangeKind,
    ChangeSet,
    Clause,
    ClauseChange,
    ClauseTree,
    DocumentMetadata,
)

if TYPE_CHECKING:
    from policywatch.model import MetadataChange

# Metadata fields compared between versions: the tracked ones plus the issuer.
COMPARED_METADATA = (*TRACKED_METADATA, "issuer")


def compare(
    old: ClauseTree,
    new: ClauseTree,
    *,
    old_metadata: DocumentMetadata | None = None,
    new_metadata: DocumentMetadata | None = None,
    old_label: str = "",
    new_label: str = "",
) -> ChangeSet:
    """Everything that changed from `old` to `new`, clause by clause, plus metadata changes."""
    meta = metadata_changes(old_metadata, new_metadata)
    found = [a for a in map(_without_chrome, align(old.clauses, new.clauses))
             if a is not None and not _only_metadata(a, meta)]
    # which articles have later 款: looked up only when a record pairs two articles (statutes)
    several = ((_with_paragraphs(old.clauses), _with_paragraphs(new.clauses))
               if any(a.old and a.new and a.old[0].family in ARTICLE_LEVEL for a in found) else _NONE)
    changes = _without_restated([_to_change(a, several) for a in found])
    return ChangeSet(
        changes=changes,
        metadata_changes=meta,
        old_label=old_label,
        new_label=new_label,
        replacements=term_replacements(changes, [c.text for c in new.clauses]),
    )


def diff_texts(
    old: str,
    new: str,
    *,
    old_label: str = "",
    new_label: str = "",
    old_metadata: DocumentMetadata | None = None,
    new_metadata: DocumentMetadata | None = None,
) -> ChangeSet:
    """Normalize, segment and compare two raw texts (and their metadata's title and 文号, as the
    pipeline stores them: a title that differs only by extraction noise is no change)."""
    from policywatch.diffing import segment  # lazy: owned by the segmentation module
    from policywatch.normalize import clean_metadata, display_lines

    old_metadata = clean_metadata(old_metadata) if old_metadata else None
    new_metadata = clean_metadata(new_metadata) if new_metadata else None
    trees = []
    for text, meta in ((old, old_metadata), (new, new_metadata)):
        # the display text only: segment() keys each clause, the whole-text key is not needed
        trees.append(segment("\n".join(display_lines(text)), title=meta.title if meta else ""))
    return compare(trees[0], trees[1], old_metadata=old_metadata, new_metadata=new_metadata,
                   old_label=old_label, new_label=new_label)


def metadata_changes(
    old: DocumentMetadata | None, new: DocumentMetadata | None
) -> tuple[MetadataChange, ...]:
    """Changed metadata fields. A field that became empty is an extraction gap, not a change."""
    if old is None or new is None:
        return ()
    changed = [name for name in COMPARED_METADATA
               if getattr(new, name) and _fold(getattr(old, name)) != _fold(getattr(new, name))]
    if not changed:
        return ()
    # imported here: its class is created on first use, and most diffs change no field
    from policywatch.model import MetadataChange

    return tuple(MetadataChange(field=name, old=getattr(old, name), new=getattr(new, name)) for name in changed)


def _only_metadata(a: Aligned, meta: tuple[MetadataChange, ...]) -> bool:
    """A head or tail edit that only restates metadata changes (江府办〔2024〕12号 → 15号 in the
    head): the metadata change already says it."""
    if not meta or a.kind is not ChangeKind.MODIFIED or any(c.family not in ("head", "tail") for c in a.old + a.new):
        return False
    from policywatch.normalize import comparison_key

    old_key, new_key = "".join(c.key for c in a.old), "".join(c.key for c in a.new)
    for change in meta:
        for form in written_forms(change.old) if change.old else ():
            old_key = old_key.replace(comparison_key(form), "\0")
        for form in written_forms(change.new):
            new_key = new_key.replace(comparison_key(form), "\0")
    return old_key == new_key


def _without_chrome(a: Aligned) -> Aligned | None:
    """A tail record as the tail says it: without a web page's chrome (print row, related-links
    list, footer), or None when only that chrome made it (a 相关链接 list or a footer year that
    changed, `版权所有 2023` → `2024`, or came or went with the copy). Page furniture is never a
    change, and the record shows none of it: the tail's own words (signature, dates, 抄送) and
    their edits are all a reader needs (`segment` still shows the chrome, the tree keeps it).
    A side that is all chrome has no tail: the other side's words are added (or deleted)."""
    if not (a.old or a.new) or any(c.family != "tail" for c in a.old + a.new):  # a renumbering has neither
        return a
    from dataclasses import replace

    from policywatch.normalize import comparison_key

    def own(side: tuple[Clause, ...]) -> tuple[Clause, ...]:
        out = []
        for c in side:
            text = "\n".join(without_chrome(c.text.split("\n")))
            if text != c.text:
                c = replace(c, text=text, key=comparison_key(text))
            if c.key:
                out.append(c)
        return tuple(out)

    old, new = own(a.old), own(a.new)
    if "".join(c.key for c in old) == "".join(c.key for c in new):
        return None
    kind = a.kind if old and new else ChangeKind.ADDED if new else ChangeKind.DELETED
    return a._replace(kind=kind, old=old, new=new)


def _renumbered_like(old_text: str, new_text: str, families: tuple[str, str] = ("", "")) -> str:
    """The old text with the new text's marker: a renumbering is shown by the paths, not inline,
    and so is a number given to an unnumbered paragraph (`¶2 → 一`, families: the old and new
    clause's), or taken from it. A marker written into any other clause is an edit."""
    old_marker, new_marker = display_marker(old_text), display_marker(new_text)
    if old_marker and new_marker:
        return new_marker + old_text[len(old_marker) :]
    if not _UNNUMBERED.isdisjoint(families) and bool(old_marker) != bool(new_marker):
        # with the blanks after the marker (`第二条 本法…` → `本法…`): spacing, no edit
        return new_text[:_after_blanks(new_text, len(new_marker))] + old_text[_after_blanks(old_text, len(old_marker)):]
    return old_text


def _after_blanks(text: str, at: int) -> int:
    return len(text) - len(text[at:].lstrip(" \t\u3000")) if at else 0


# unnumbered paragraphs: one of its own (¶k, grammar.POSITIONAL), and a 款 (an article's text
# that became its 第二款 loses its `第二条 `, a 第二款 that became the text gains it: no edit)
_UNNUMBERED = frozenset({"lead", PARAGRAPH})


def _fold(value: str) -> str:
    """What a metadata value is compared as: the comparison key, so that a title or 文号 that
    differs only as clause texts may (width, spaces, 〔〕 for [], quote styles) is the same."""
    from policywatch.normalize import comparison_key

    return comparison_key(value)


def _with_paragraphs(clauses: Sequence[Clause]) -> frozenset[tuple[str, ...]]:
    """The paths of the articles that have a 第二款: their own text is their 第一款."""
    return frozenset(c.path[:-1] for c in clauses if c.family == PARAGRAPH)


def _paths(a: Aligned, several: tuple[frozenset[tuple[str, ...]], ...]) -> tuple[str, str]:
    """A record's old and new paths. The record of one article's own text, where the article has
    later 款 on both sides, is addressed to its 第一款 (`第十条第一款 → 第十三条第一款`, as a 修改决定
    cites it: the other 款 have records of their own). A record that covers a 款 as well (a first
    款 inserted or dropped), or an article of one 款 on either side, is the article's."""
    old_path = a.old[0].path_str if a.old else ""
    new_path = a.new[0].path_str if a.new else ""
    if a.own_text:  # a first 款 added or dropped, or an article's text that is now a 款 (align)
        old_own = bool(a.old) and a.old[0].family in ARTICLE_LEVEL
        new_own = bool(a.new) and a.new[0].family in ARTICLE_LEVEL
        return old_path + FIRST_PARAGRAPH * old_own, new_path + FIRST_PARAGRAPH * new_own
    if (len(a.old) == 1 and len(a.new) == 1 and a.old[0].family in ARTICLE_LEVEL and a.new[0].family in ARTICLE_LEVEL
            and a.old[0].path in several[0] and a.new[0].path in several[1]):
        return old_path + FIRST_PARAGRAPH, new_path + FIRST_PARAGRAPH
    return old_path, new_path


_NONE: tuple[frozenset[tuple[str, ...]], ...] = (frozenset(), frozenset())


def _to_change(a: Aligned, several: tuple[frozenset[tuple[str, ...]], ...] = _NONE) -> ClauseChange:
    if a.kind is ChangeKind.RENUMBERED:
        first = a.moves[0]
        return ClauseChange(kind=a.kind, old_path=first[0], new_path=first[1], moves=a.moves)
    old_text = "\n".join(c.text for c in a.old)
    new_text = "\n".join(c.text for c in a.new)
    old_path, new_path = _paths(a, several)
    heading = (a.new[0].heading if a.new else "") or (a.old[0].heading if a.old else "")
    inline: tuple = ()
    facts: tuple = ()
    if a.old and a.new:
        old_key = "".join(c.key for c in a.old)
        new_key = "".join(c.key for c in a.new)
        if body_key(old_key) != body_key(new_key):  # a new number alone is not an edit
            families = (a.old[0].family, a.new[0].family)
            inline = inline_diff(_renumbered_like(old_text, new_text, families), new_text)
            facts = fact_changes(old_text, new_text, path=new_path, keys=(old_key, new_key))
    elif a.kind is ChangeKind.ADDED or a.kind is ChangeKind.DELETED:
        facts = _stated(a.new or a.old, new_path or old_path, added=bool(a.new))
    return ClauseChange(kind=a.kind, old_path=old_path, new_path=new_path, old_text=old_text,
                        new_text=new_text, heading=heading, inline=inline, facts=facts, moves=a.moves)


def _stated(clauses: tuple[Clause, ...], path: str, *, added: bool) -> tuple:
    """The facts an added (or deleted) record's clauses state, each at its clause's path (the
    record's own for its first clause: `…/第一款` where it cites one): a reader tracking a subsidy
    sees the `最高500万元` a new article introduces, or the `20%` a removed one took away, as a
    fact that came or went. Read only from the records reported, with the keys the segmenter
    made: the clauses nobody changed cost nothing."""
    facts: list = []
    for k, clause in enumerate(clauses):
        facts += stated_facts(clause.text, added=added, path=clause.path_str if k else path, key=clause.key)
    return tuple(facts)


def _without_restated(changes: list[ClauseChange]) -> tuple[ClauseChange, ...]:
    """The records, without the facts a deleted clause stated and an added one states again
    (facts.restated). A paired record's fact that came or went alone counts as well, against an
    added or deleted record only: a part merged into a kept clause brings its
    `建设数字经济产业园5个` there (∅ → 5个) while the deleted part takes it away (5个 → ∅), and a part
    split off takes a fact away from the clause it left for the added one: the value moved, it
    did not change. Two paired records never cancel each other: a deadline moved from one kept
    article to another (第二条 `在二十日内 → ∅`, 第三条 `∅ → 在二十日内`) changed both. Looked at only
    when facts both came and went."""
    one_sided = [tuple(f for f in c.facts if not (f.old and f.new)) for c in changes]
    if not (any(not f.new for facts in one_sided for f in facts) and any(not f.old for facts in one_sided for f in facts)):
        return tuple(changes)
    from dataclasses import replace

    dropped: list[list] = [[] for _ in changes]

    def cancel(parts: list[tuple[int, tuple]]) -> None:
        """Drop what facts.restated drops from these records' facts (index, facts; in document
        order, so the first of equal facts go, as restated takes them)."""
        parts.sort(key=lambda part: part[0])
        for (k, before), after in zip(parts, restated([facts for _, facts in parts]), strict=True):
            if before != after:
                gone = list(before)  # the facts restated dropped: as many of each as it dropped
                for f in after:
                    gone.remove(f)
                dropped[k] += gone

    def left(k: int) -> tuple:
        """Record k's one-sided facts not dropped yet."""
        gone = list(dropped[k])
        return tuple(f for f in one_sided[k] if not _take(gone, f))

    unpaired = {k: c.kind for k, c in enumerate(changes) if c.kind is ChangeKind.ADDED or c.kind is ChangeKind.DELETED}
    paired = [k for k, facts in enumerate(one_sided) if facts and k not in unpaired]
    # a clause rewritten beyond pairing: deleted and added again
    cancel([(k, one_sided[k]) for k in unpaired])
    if paired:
        # a paired record's facts that went, against the added records (a part split off took
        # them), and those that came, against the deleted ones (a part merged in brought them)
        for other in (ChangeKind.ADDED, ChangeKind.DELETED):
            cancel([(k, tuple(f for f in one_sided[k] if bool(f.new) == (other is ChangeKind.DELETED))) for k in paired]
                   + [(k, left(k)) for k, kind in unpaired.items() if kind is other])
    for k, gone in enumerate(dropped):
        if gone:
            changes[k] = replace(changes[k], facts=tuple(f for f in changes[k].facts if not _take(gone, f)))
    return tuple(changes)


def _take(facts: list, fact) -> bool:
    """Whether `fact` is in `facts`, taking it out (one of two equal facts stays)."""
    if fact in facts:
        facts.remove(fact)
        return True
    return False
