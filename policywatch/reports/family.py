"""A document's family for its page: every relation it has, as a dated timeline with links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from policywatch.model import ChangeEvent, DocumentRecord, Relation, RelationKind
from policywatch.reports.i18n import Translator
from policywatch.reports.views import label_kind

# the order a family reads in when dates tie: drafts first, repeals last
_ORDER = {k: n for n, k in enumerate(("draft_of", "supersedes", "amends", "duplicate_of", "interprets", "implements",
                                      "cites", "related", "repeals"))}


@dataclass(frozen=True, slots=True)
class FamilyEntry:
    """One relation seen from the document whose page shows it."""

    kind: str
    label: str  # "其征求意见稿" / "被取代" …: the relation read from this document's side
    title: str
    doc_number: str
    date: str
    page: str  # site path of the other document ("" when it is not stored)
    comparison: str  # site path of the 新旧对照 page ("" when none)
    evidence: str
    method: str
    confidence: float


def family(document_id: int, relations: Iterable[Relation], by_id: Mapping[int, DocumentRecord],
           comparisons: Mapping[tuple[int, int, str], ChangeEvent], t: Translator) -> list[FamilyEntry]:
    """The document's relations, oldest other document first (by its published date)."""
    entries = []
    for r in relations:
        outgoing = r.subject.id == document_id
        other = r.target if outgoing else r.subject
        record = by_id.get(other.id) if other.id is not None else None
        meta = record.metadata if record is not None else None
        event = comparisons.get((r.subject.id or 0, r.target.id or 0, r.kind.value))
        entries.append(FamilyEntry(
            kind=r.kind.value,
            label=t(f"family.{label_kind(r.kind.value, r.effect)}.{'out' if outgoing else 'in'}"),
            title=(meta.title if meta else other.title) or other.doc_number or other.url,
            doc_number=(meta.doc_number if meta else other.doc_number),
            date=(meta.published_date or meta.written_date) if meta else "",
            page=f"documents/{other.id}.html" if record is not None else "",
            comparison=f"changes/{event.id}.html" if event is not None else "",
            evidence=r.evidence,
            method=r.method,
            confidence=r.confidence,
        ))
    return sorted(entries, key=lambda e: (e.date or "9999", _ORDER.get(e.kind, 99), e.title))


COMPARED = (RelationKind.SUPERSEDES.value, RelationKind.DRAFT_OF.value)
