"""Lineage wiring: documents stored by a run → relations (lineage stage) → store, comparisons, events.

Runs after the sources of a run are crawled. Every step is idempotent and marked in the store
(versions read, relations stored, relations reported) so a run killed at any point is finished
by the next one, and nothing is reported twice:

1. each document whose current version lineage has not read yet is read: its relations are
   stored (unresolved targets kept as references), the unresolved references it answers are
   resolved, and its validity term (有效期至…) is remembered;
   a notice extending another document's term (`有效期延长至…`) or declaring it still in force
   (`继续有效`) moves that document's term, reported as a change of it citing the notice;
2. a relation that ends a document (a repeal, a successor's 同时废止) makes the target's 有效性
   废止 (or 失效 for a 宣布失效 declaration), and a term that ran out makes it 失效 — each a new
   version of the target, reported like any change;
3. each relation not yet reported becomes an event — unless it was reported already under another
   key (moved from a copy to its original, a reference spelled otherwise); supersedes and draft_of
   carry the clause-level comparison of the two documents.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from policywatch import lineage, normalize
from policywatch.errors import PolicywatchError
from policywatch.grammar.docnumber import number_key, numbers_agree
from policywatch.model import (
    ChangeEvent,
    ChangeSet,
    DocKey,
    DocumentRecord,
    EventKind,
    FactChange,
    MetadataChange,
    NormalizedDocument,
    Relation,
    RelationKind,
    StoredVersion,
)
from policywatch.model.validity import EXPIRED, IN_FORCE, PARTLY, REPEALED, validity_state
from policywatch.pipeline.documents import compare_versions
from policywatch.state import RecordOutcome, Store

logger = logging.getLogger(__name__)

COMPARED = (RelationKind.SUPERSEDES, RelationKind.DRAFT_OF)  # a ChangeSet between the two documents
NO_TERM = "9999-12-31"  # Store.validity_term of a document that states no term
BY_NOTICE = "依据"  # a stored term's evidence starting so came from another notice (依据《…》：…)


def lineage_doc(record: DocumentRecord, version: StoredVersion | None = None) -> lineage.LineageDoc:
    meta = version.metadata if version is not None else record.metadata
    return lineage.LineageDoc(
        key=DocKey(id=record.id, url=record.url, title=meta.title, doc_number=meta.doc_number),
        issuer=meta.issuer,
        date=meta.published_date or meta.written_date or record.first_seen.date().isoformat(),
        date_stated=bool(meta.published_date or meta.written_date),
        text=version.display_text if version is not None else "",
        site=record.source,
        addresses=record.aliases,
    )


def compare_documents(old: StoredVersion, new: StoredVersion) -> ChangeSet:
    """The clause-level ChangeSet between two documents (a predecessor and its successor, a draft
    and its final), labelled with both titles."""
    return compare_versions(old, new, old_label=f"《{lineage.unwrap(old.metadata.title) or old.url}》",
                            new_label=f"《{lineage.unwrap(new.metadata.title) or new.url}》")


class LineageLinker:
    """Finds, stores and reports relations for everything a run stored."""

    def __init__(self, store: Store, *, run_id: int | None, lang: str = "zh", quiet_sources: frozenset[str] = frozenset(),
                 today: str | None = None):
        self.store = store
        self.run_id = run_id
        self.lang = lang
        # sources crawled for the first time in this run: their relations are the baseline, not news
        self.quiet_sources = quiet_sources
        self.today = today or datetime.now(UTC).date().isoformat()
        self.events: list[ChangeEvent] = []
        # versions this pass stored, by source (a derived text, a validity ended or restored, a
        # copy's inherited 有效性): a run counts them as its new versions, said or quiet, as it
        # counts a page's (DocumentProcessor.report), so its JSON never says fewer versions than changes
        self.versions: Counter[str] = Counter()

    def run(self) -> list[ChangeEvent]:
        for _ in range(3):  # a copy found to be the original is read again (once is enough: bounded)
            if not self.link_new_versions():
                break
        self.apply_amendments()
        self.apply_endings()
        self.report()
        return self.events

    def _record(self, source: str, document: NormalizedDocument, **options: Any) -> RecordOutcome:
        """store.record_version, counting a version stored (new or returned) for its source."""
        outcome = self.store.record_version(source, document, raw=None, run_id=self.run_id or 0, **options)
        if outcome.kind in ("new_version", "returned"):
            self.versions[source] += 1
        return outcome

    # -- amendment decisions ------------------------------------------------------------------

    def apply_amendments(self) -> None:
        """Each resolved 修改决定 applied to its target's latest version: a derived version of the target.

        The derived version is stored like a fetched one (marked derived, the decision as its
        evidence) and reported as a change whose message lists what was and was not applied.
        """
        engine = amendment_engine()
        for relation in self.store.unapplied_amendments():
            assert relation.id is not None and relation.subject.id is not None and relation.target.id is not None
            decision, target = _current(self.store, relation.subject.id), _current(self.store, relation.target.id)
            record = self.store.document(relation.target.id)
            if decision is None or target is None or record is None:
                continue
            if (same := self._applied_before(relation, decision)) is not None:
                # the same decision stored twice (a copy at another URL not known as its repost: no
                # number to group the copies by, as a 人大常委会's decision often has none): applied
                # once, never again to the text it already amended, and not announced again (report)
                self.store.mark_amendment_applied(relation.id, {"applied": 0, "not_applied": [], "same_as": same})
                continue
            try:
                result = engine.consolidate(decision.display_text, target.display_text,
                                            target_title=lineage.unwrap(target.metadata.title))
            except PolicywatchError as exc:  # e.g. a target without articles: nothing applied, said so
                logger.warning("amendment %s of document %s not derived: %s", relation.id, relation.target.id, exc)
                self.store.mark_amendment_applied(relation.id, {
                    "error": str(exc), "no_instructions": isinstance(exc, engine.NoInstructions),
                    "applied": 0, "not_applied": []})
                continue
            summary = {"applied": len(result.applied),
                       "not_applied": [{"instruction": n.instruction, "reason": n.reason} for n in result.not_applied]}
            if result.applied:
                self._store_derived(record, target, result.text, relation, summary,
                                    announced=self._derived_on_copy(relation))
            self.store.mark_amendment_applied(relation.id, summary)

    def _applied_before(self, relation: Relation, decision: StoredVersion) -> int | None:
        """The id of an `amends` relation of the same target already applied whose decision is this
        one: the same text (its comparison key's hash), or the same 文号; None when there is none."""
        number = number_key(decision.metadata.doc_number, decision.metadata.issuer)
        for other in self.store.relations(relation.target.id, kinds=[RelationKind.AMENDS.value]):
            if (other.id == relation.id or other.target.id != relation.target.id or other.subject.id is None
                    or other.id is None or self.store.amendment_summary(other.id) is None):
                continue
            # its hash and 文号 only: the other decision's text is not read
            versions = self.store.versions(other.subject.id, texts=False)
            if versions and (versions[-1].content_hash == decision.content_hash or (
                    number and number_key(versions[-1].metadata.doc_number, versions[-1].metadata.issuer) == number)):
                return other.id
        return None

    def _derived_on_copy(self, relation: Relation) -> bool:
        """Whether this decision (or a copy of it) already amended a copy of the target: a repost
        stored before its original, the relation since moved to the original (_adopt). The original's
        text is the policy's and is amended too, but the change was announced of the copy."""
        assert relation.subject.id is not None and relation.target.id is not None
        decisions = self.store.copies(relation.subject.id)
        for copy in self.store.copies(relation.target.id) - {relation.target.id}:
            for version in self.store.versions(copy, texts=False):
                derived = self.store.derived_from(copy, version.number)
                by = self.store.relation(derived) if derived is not None else None
                if by is not None and by.kind is RelationKind.AMENDS and by.subject.id in decisions:
                    return True
        return False

    def _store_derived(self, record: DocumentRecord, base: StoredVersion, text: str, relation: Relation,
                       summary: dict[str, object], *, announced: bool = False) -> None:
        normalized = normalize.normalize_text(text)
        document = NormalizedDocument(
            url=record.url, format="text", display_text=normalized.display, comparison_key=normalized.key,
            content_hash=hashlib.sha256(normalized.key.encode()).hexdigest(), metadata=base.metadata,
        )
        outcome = self._record(record.source, document)
        if outcome.kind != "new_version" or outcome.previous is None:
            return
        assert relation.id is not None
        self.store.mark_derived(record.id, outcome.version.number, relation.id)
        self.store.mark_linked(record.id)  # its relations are the target's; nothing new to read
        old, new = outcome.previous.number, outcome.version.number
        key = f"changed:{record.id}:{old}->{new}"
        if announced or self.store.has_event(key):
            # dealt with (announced of a copy, or told already): else the next run's catch-up
            # (Store.unreported) reports the version as a change, one more event counted twice
            self.store.mark_reported(record.id, new)
            return
        not_applied = summary["not_applied"]
        why = (f"依据《{lineage.unwrap(relation.subject.title)}》修改（推导版本）：适用 {summary['applied']} 条"
               + (f"；未适用 {len(not_applied)} 条：" + "；".join(  # type: ignore[arg-type]
                   f"{n['instruction']}（{n['reason']}）" for n in not_applied) if not_applied else ""))
        self.events.append(self.store.add_event(
            EventKind.CHANGED, source=record.source, document_id=record.id, old_version=old, new_version=new,
            changeset=compare_versions(outcome.previous, outcome.version), message=why, run_id=self.run_id,
            dedup_key=key,
        ))

    # -- 1. read what is new ----------------------------------------------------------------

    def link_new_versions(self) -> bool:
        """Read what is new; True when a copy turned out to be its group's original (to be read again)."""
        pending = self.store.unlinked_versions()
        if not pending:
            return False
        records = {r.id: r for r in self.store.documents()}
        # once per pass: O(n) not O(n²), from the metadata alone — but a page without a title is known
        # by its opening (a consultation naming its draft): those few are read with their text, and so
        # are the few numbered rules (办法, 规定…) whose title two issuers share: a renamed organ's reissue
        # of its predecessor's rules is told from two bureaus' rules of one title by what the newer text
        # says (lineage/detect _reorganised), whichever of the two was stored first. Only those: titles
        # many organs share (年度报告, 春节期间工作的通知) would each load a text into the catalogue
        keys = {r.id: key for r in records.values()
                if r.metadata.title and r.metadata.doc_number and lineage.names_rules(r.metadata.title)
                and (key := lineage.title_key(r.metadata.title))}
        issuers: dict[str, set[str]] = {}
        for r in records.values():
            if r.id in keys:
                issuers.setdefault(keys[r.id], set()).add(r.metadata.issuer)
        catalog = lineage.Catalog(
            lineage_doc(r, _current(self.store, r.id) if not r.metadata.title or len(issuers.get(keys.get(r.id), ())) > 1
                        else None)
            for r in records.values())
        linked: list[lineage.LineageDoc] = []
        adopted: list[lineage.LineageDoc] = []  # originals of copies found this pass
        candidates: list[Relation] = []
        for document_id, number in pending:
            record = records.get(document_id)
            if record is None:
                continue
            logger.debug("phase: linking %s", record.url)
            version = self.store.version(document_id, number)
            doc = lineage_doc(record, version)
            reposts: list[tuple[int, lineage.LineageDoc]] = []
            for relation in lineage.detect(doc, catalog):
                if relation.kind is RelationKind.RELATED:
                    candidates.append(relation)  # stored once this pass's references are resolved
                else:
                    self.store.add_relation(relation)
                    original = _original_of(relation, doc, catalog)
                    if original is not None:
                        reposts.append((relation.subject.id, original))  # type: ignore[arg-type]
            linked.append(doc)
            self._own_term(document_id, version)
            for extension in lineage.extensions(version.display_text, version.metadata.title):
                self._extend(record, doc, extension, catalog)
            for repost, original in reposts:
                self._adopt(repost, original)
                adopted.append(original)
        # a title its copy left ambiguous (the national original and a province's page of it) names
        # the original once the copy is known as one: its references are tried again
        self._resolve_references(linked + [d for d in adopted if all(d.key.id != n.key.id for n in linked)], catalog)
        self._drop_skipped_editions(linked)
        self._drop_weaker_finals(linked, catalog)
        self._add_candidates(candidates)
        for doc in linked:  # only now: a pass killed before this point is redone whole (it is idempotent)
            self.store.mark_linked(doc.key.id)  # type: ignore[arg-type]
        return self._reconsider_originals(catalog)

    def _reconsider_originals(self, catalog: lineage.Catalog) -> bool:
        """Copies under one 文号 whose original the evidence now stored names otherwise (identical
        copies told apart only by which site holds the place's other documents, the second copy read
        before those were stored): the original is the one the evidence names, as if the documents
        had come in another order. The copy that was taken for the original becomes a copy (what
        named it moves, what it said is withdrawn: _adopt); the new original is read again."""
        groups: dict[int, set[int]] = {}
        for relation in self.store.relations(kinds=[RelationKind.DUPLICATE_OF.value]):
            if relation.method == "doc_number" and relation.subject.id is not None and relation.target.id is not None:
                groups.setdefault(relation.target.id, set()).add(relation.subject.id)
        flipped = False
        for old_id, copy_ids in groups.items():
            docs = [catalog.by_id[i] for i in (old_id, *sorted(copy_ids)) if i in catalog.by_id]
            if len(docs) < 2 or docs[0].key.id != old_id:
                continue
            best = catalog.original(docs)
            if best.key.id == old_id:
                continue
            logger.info("document %s, not %s, is the original of its 文号's copies", best.key.id, old_id)
            for copy_id in copy_ids:
                self.store.remove_relation(copy_id, RelationKind.DUPLICATE_OF.value, old_id)
            for doc in docs:
                if doc is not best:
                    # the copies were known as copies (announced, or a baseline's): only which one is
                    # the original changed — stored, not announced again
                    relation, new = self.store.add_relation(lineage.duplicate(doc, best))
                    if new:
                        self.store.mark_relation_reported(relation.id)  # type: ignore[arg-type]
            self._adopt(old_id, best)
            self.store.mark_unlinked(best.key.id)  # type: ignore[arg-type]
            flipped = True
        return flipped

    def _adopt(self, repost_id: int, original: lineage.LineageDoc) -> None:
        """The original stored after a repost of it.

        What other documents said of the repost (found by the 文号 they share, before the original
        was there) they said of the original: those relations move to it, and a notice extending the
        repost's term extends the original's. What the repost said (`repost supersedes X`) the
        original says now: the repost's relations are withdrawn. What moves is not announced again
        where it was announced already (report: _announced_before). A reference the repost left
        unresolved stays: it names no stored document to withdraw."""
        copy = self.store.document(repost_id)
        # an attached page's 同时废止 is its policy's: its notice's text does not say it again
        keeps_own = copy is not None and lineage.speaks_for_itself(lineage_doc(copy), original)
        for relation in self.store.relations(repost_id):
            if relation.kind in (RelationKind.DUPLICATE_OF, RelationKind.RELATED):
                continue
            if relation.subject.id == repost_id and relation.target.id not in (None, original.key.id):
                if keeps_own:
                    continue
                self.store.remove_relation(repost_id, relation.kind.value, relation.target.id)  # type: ignore[arg-type]
            elif relation.target.id == repost_id and relation.subject.id not in (None, original.key.id):
                assert relation.subject.id is not None
                self.store.add_relation(replace(relation, id=None, target=original.key,
                                                method=f"{relation.method}+original"))
                self.store.remove_relation(relation.subject.id, relation.kind.value, repost_id)
                self._replay_extensions(relation.subject.id, original)
        version = _current(self.store, repost_id)
        if version is not None and self.store.validity_evidence(repost_id).startswith(BY_NOTICE):
            # the notice extended the original: the copy keeps the term its own text states, as it
            # has when stored after the original (the outcome must not depend on the order)
            terms = lineage.validity_terms(version.display_text, version.metadata.written_date)
            self.store.set_validity_terms(repost_id, terms.expires, terms.evidence)

    def _drop_skipped_editions(self, docs: list[lineage.LineageDoc]) -> None:
        """An edition read after the one that replaced it and before the one it replaced stands between
        them (A → B → C, B stored last): C's `supersedes A`, inferred from the title alone while B was
        not stored (revision_mark: the latest older edition then known), is withdrawn — C replaces B,
        B replaced A, as when B is stored in its place. A succession a sentence states stays."""
        for doc in docs:
            assert doc.key.id is not None
            live = self.store.relations(doc.key.id, kinds=[RelationKind.SUPERSEDES.value])
            newer = {r.subject.id for r in live if r.target.id == doc.key.id and r.subject.id is not None}
            older = {r.target.id for r in live if r.subject.id == doc.key.id and r.target.id is not None}
            for following in newer - {doc.key.id}:
                for relation in self.store.relations(following, kinds=[RelationKind.SUPERSEDES.value]):
                    if (relation.subject.id == following and relation.target.id in older - {doc.key.id, following}
                            and relation.method == "revision_mark"):
                        logger.info("document %s supersedes %s, not %s: %s stands between", following, doc.key.id,
                                    relation.target.id, doc.key.id)
                        self.store.remove_relation(following, relation.kind.value, relation.target.id)  # type: ignore[arg-type]

    def _drop_weaker_finals(self, docs: list[lineage.LineageDoc], catalog: lineage.Catalog) -> None:
        """A draft's final found by a weaker test (its title edited, lineage.final_rank) while the
        firmer one (its own title) was not stored is withdrawn once that one is: the draft has the
        finals it has when all were stored before it, whatever the order."""
        kind = RelationKind.DRAFT_OF.value
        drafts = {r.subject.id for doc in docs for r in self.store.relations(doc.key.id, kinds=[kind])  # type: ignore[arg-type]
                  if r.subject.id is not None}
        for draft_id in drafts:
            draft = catalog.by_id.get(draft_id)
            finals = [r for r in self.store.relations(draft_id, kinds=[kind])
                      if r.subject.id == draft_id and r.target.id in catalog.by_id and r.method == "title"]
            if draft is None or len(finals) < 2:
                continue
            ranks = {r.target.id: lineage.final_rank(draft, catalog.by_id[r.target.id]) for r in finals}  # type: ignore[index]
            firmest = min(ranks.values())
            for relation in finals:
                if ranks[relation.target.id] > firmest:
                    logger.info("draft %s's final is %s's firmer match, not %s", draft_id, firmest, relation.target.id)
                    self.store.remove_relation(draft_id, kind, relation.target.id)  # type: ignore[arg-type]

    def _add_candidates(self, candidates: list[Relation]) -> None:
        """Look-alike candidates between documents no other relation links. A predecessor read after
        its successor gets its `supersedes` only when the successor's reference resolves to it, after
        detection: a candidate then would say `related` of what is already a family."""
        for relation in candidates:
            subject, target = relation.subject.id, relation.target.id
            linked = {r.subject.id if r.target.id == subject else r.target.id
                      for r in self.store.relations(subject) if r.kind is not RelationKind.RELATED}
            if target not in linked:
                self.store.add_relation(relation)

    def _own_term(self, document_id: int, version: StoredVersion) -> None:
        """The term the document states of itself, unless another notice extended it further: a new
        version restating the original term does not undo an extension (or a 继续有效)."""
        terms = lineage.validity_terms(version.display_text, version.metadata.written_date)
        evidence = self.store.validity_evidence(document_id)
        by_notice = evidence.startswith(BY_NOTICE) and evidence not in version.display_text
        if by_notice and (terms.expires or NO_TERM) <= self.store.validity_term(document_id):
            return
        self.store.set_validity_terms(document_id, terms.expires, terms.evidence)

    def _resolve_references(self, docs: list[lineage.LineageDoc], catalog: lineage.Catalog) -> None:
        """References kept unresolved that name one of these newly read documents (by 文号, title or
        URL) now point at it — or at what stands for it in `catalog`, every stored document (a bare
        attached page's notice). Only new documents can answer them: older ones were tried when the
        reference was found. A copy's reference to its original, answered, is adopted as a repost."""
        if not docs:
            return
        fresh = lineage.Catalog(docs)
        reposts = self._reposts()
        answered: dict[tuple[int, int], lineage.LineageDoc] = {}
        citing: dict[int | None, lineage.LineageDoc | None] = {}  # whose reference: two cities' titles
        for relation in self.store.unresolved_relations():
            if relation.subject.id not in citing:  # a clean-up list holds many references: read it once
                # the pass's catalogue holds every stored document; the store is asked only for one
                # it lacks (stored since)
                known = catalog.by_id.get(relation.subject.id) if relation.subject.id is not None else None
                if known is None and relation.subject.id is not None:
                    subject = self.store.document(relation.subject.id)
                    known = lineage_doc(subject) if subject is not None else None
                citing[relation.subject.id] = known
            hit, method = fresh.resolve(relation.target, exclude=relation.subject.id, citing=citing[relation.subject.id])
            if hit is not None:
                hit = catalog.canonical(catalog.by_id.get(hit.key.id, hit))  # type: ignore[arg-type]
                if catalog.forwarding(hit) is not None:
                    continue  # another site's page of a forwarded document: its original is no copy's
            if hit is not None and hit.key.id is not None and hit.key.id != relation.subject.id:
                logger.info("relation %s %s: reference %s resolved to document %s", relation.id, relation.kind,
                            relation.target.title or relation.target.doc_number, hit.key.id)
                self._resolve(relation, hit.key, method)
                if relation.kind in lineage.STRONG:
                    self._drop_citations(relation.subject.id, hit.key.id)  # type: ignore[arg-type]
                if relation.kind is RelationKind.CITES and self._strongly_linked(relation.subject.id, hit.key.id):  # type: ignore[arg-type]
                    # detection keeps no citation beside a strong relation of the same two documents
                    # (a 修正 edition citing by 文号 the text it replaces); answered after that relation
                    # was found (the older edition stored last), it goes too: one outcome in any order
                    self.store.remove_relation(relation.subject.id, relation.kind.value, hit.key.id)  # type: ignore[arg-type]
                    continue
                if relation.kind is RelationKind.DUPLICATE_OF:
                    self._adopt(relation.subject.id, hit)  # type: ignore[arg-type]
                    continue
                if (relation.subject.id in reposts and reposts[relation.subject.id] != hit.key.id
                        and not self._speaks_for_itself(relation.subject.id, reposts[relation.subject.id], catalog)):
                    # a repost's reference, answered after its original was stored: the original
                    # says it (its own reference resolves too), the copy does not say it again
                    self.store.remove_relation(relation.subject.id, relation.kind.value, hit.key.id)  # type: ignore[arg-type]
                    continue
                answered[(relation.subject.id, hit.key.id)] = hit  # type: ignore[index]
        for (notice_id, _), doc in answered.items():
            self._replay_extensions(notice_id, doc)

    def _resolve(self, relation: Relation, target: DocKey, method: str) -> None:
        """Point the reference at `target`. When the same relation was found from the other side in
        the meantime (a revision mark, read when the predecessor was stored), the reference's
        better evidence — `原《X》（文号）自本办法施行之日起废止`, with its effect — is kept on it."""
        assert relation.id is not None and target.id is not None
        if self.store.resolve_relation(relation.id, target.id, method) is None and target.id != relation.subject.id:
            self.store.add_relation(replace(relation, id=None, target=target, method=f"{relation.method}+{method}"))

    def _drop_citations(self, a: int, b: int) -> None:
        """A strong relation between two documents just resolved: a citation of one by the other that
        resolved before it (a 解读's `《通知》（文号）` answered in the same pass, before its title's
        reference) goes, as detection keeps none beside a strong relation — one outcome in any order."""
        for relation in self.store.relations(a, kinds=[RelationKind.CITES.value]):
            if {relation.subject.id, relation.target.id} == {a, b} and relation.subject.id is not None:
                self.store.remove_relation(relation.subject.id, relation.kind.value, relation.target.id)  # type: ignore[arg-type]

    def _strongly_linked(self, a: int, b: int) -> bool:
        return any(r.kind in lineage.STRONG and {r.subject.id, r.target.id} == {a, b} for r in self.store.relations(a))

    def _speaks_for_itself(self, copy_id: int, original_id: int, catalog: lineage.Catalog) -> bool:
        copy, original = catalog.by_id.get(copy_id), catalog.by_id.get(original_id)
        return copy is not None and original is not None and lineage.speaks_for_itself(copy, original)

    def _reposts(self) -> dict[int, int]:
        """repost id → its stored original's id."""
        return {r.subject.id: r.target.id for r in self.store.relations(kinds=[RelationKind.DUPLICATE_OF.value])
                if r.subject.id is not None and r.target.id is not None}

    def _replay_extensions(self, notice_id: int, doc: lineage.LineageDoc) -> None:
        """A notice read before the document it extends (`《X》（文号）有效期延长至…`): now that X is
        stored, the extension moves its term as if X had been there first."""
        notice = self.store.document(notice_id)
        version = _current(self.store, notice_id)
        if notice is None or version is None:
            return
        only = lineage.Catalog([doc])  # the notice may name others: only the one just stored is new
        for extension in lineage.extensions(version.display_text, version.metadata.title):
            self._extend(notice, lineage_doc(notice, version), extension, only)

    def _extend(self, notice: DocumentRecord, doc: lineage.LineageDoc, extension: lineage.Extension,
                catalog: lineage.Catalog) -> None:
        """A notice moves another document's term: to a later date, or off (继续有效). Reported as a
        change of that document (有效期至 old → new) citing the notice; an expired document it keeps in
        force is 现行有效 again. A target not stored yet is replayed when a reference to it resolves."""
        ref = extension.target
        hit, _ = catalog.resolve(DocKey(title=ref.title, doc_number=ref.doc_number), exclude=notice.id, citing=doc)
        target = self.store.document(hit.key.id) if hit is not None and hit.key.id is not None else None
        if target is None or target.version_count == 0 or target.metadata.validity == REPEALED:
            return  # nothing watched to extend; a repealed document is not revived by an extension
        stored = self.store.validity_term(target.id)
        old = "" if stored == NO_TERM else stored
        expired = target.metadata.validity == EXPIRED and self.store.ending(target.id) is None
        if old == extension.expires and not expired:
            return  # already so: a 继续有效 of a document without a term, a repeated notice
        notice_title = f"《{lineage.unwrap(doc.key.title)}》{doc.key.doc_number}"
        self.store.set_validity_terms(target.id, extension.expires or NO_TERM,
                                      f"{BY_NOTICE}{notice_title}：{extension.evidence}")
        key = f"extended:{target.id}:{notice.id}:{extension.expires}"
        if notice.source in self.quiet_sources or self.store.has_event(key):
            return  # a first crawl's notices are its baseline
        what = f"有效期延长至 {extension.expires}" if extension.expires else "继续有效"
        why = f"{what}：{notice_title}：{extension.evidence}"
        changes = [MetadataChange("expires", old, extension.expires)]
        old_version = new_version = None
        if expired:  # the term had run out and the document was marked 失效: in force again
            restored = self._revalidate(target)
            if restored is not None:
                old_version, new_version = restored
                changes.insert(0, MetadataChange("validity", EXPIRED, IN_FORCE))
        self.events.append(self.store.add_event(
            EventKind.CHANGED, source=target.source, document_id=target.id, old_version=old_version,
            new_version=new_version, changeset=ChangeSet(metadata_changes=tuple(changes)), message=why,
            run_id=self.run_id, dedup_key=key,
        ))

    def _revalidate(self, record: DocumentRecord) -> tuple[int, int] | None:
        """A new version of an expired document saying 现行有效 (text unchanged); (old, new) numbers."""
        current = self.store.versions(record.id)[-1]
        outcome = self._record(record.source, _with_validity(record, current, IN_FORCE))
        # "returned": the state before the expiry, stored again as a new version
        if outcome.kind not in ("new_version", "returned") or outcome.previous is None:
            return None
        self.store.mark_linked(record.id)
        return outcome.previous.number, outcome.version.number

    # -- 2. repeal and expiry -----------------------------------------------------------------

    def apply_endings(self) -> None:
        for relation in self.store.relations(kinds=[RelationKind.REPEALS.value, RelationKind.SUPERSEDES.value]):
            if relation.target.id is not None and relation.effect:
                source = self.store.relation(relation.id)  # type: ignore[arg-type]
                subject = source.subject if source else relation.subject
                why = f"{relation.effect}：《{lineage.unwrap(subject.title)}》{subject.doc_number}：{relation.evidence}"
                self._end(relation.target.id, relation.effect, why, by=relation)
        reposts = self._copies()
        for document_id, expires, evidence, before_first_seen in self.store.expired(self.today):
            if document_id in reposts or self.store.ending(document_id) is not None:
                continue  # a copy's 有效性 is its original's (below), whatever its own copy of the term says
            if before_first_seen:
                # a term already over when the document was first seen: 失效 as of today, but not news
                # (stored, no event) — unless the page states its own 有效性 (it says more: a notice
                # never seen may have extended the term)
                first = self.store.versions(document_id)[0].metadata.validity
                if first:
                    continue
            self._end(document_id, EXPIRED, f"{EXPIRED}：有效期至 {expires}（{evidence}）", quiet=before_first_seen)
        for repost, original in sorted(reposts.items()):
            self._inherit(repost, original)

    def _copies(self) -> dict[int, int]:
        """repost id → its stored original's id, for the copies whose 有效性 is their original's: not a
        policy page attached to its 印发 notice, whose own text (and term) is the policy's."""
        out = {}
        for repost_id, original_id in self._reposts().items():
            copy, original = self.store.document(repost_id), self.store.document(original_id)
            if copy is not None and original is not None and not lineage.speaks_for_itself(
                    lineage_doc(copy), lineage_doc(original)):
                out[repost_id] = original_id
        return out

    def _inherit(self, repost_id: int, original_id: int) -> None:
        """A copy's 有效性 is its original's, quietly (the original's change was the news): ended as the
        original is, and in force when it is — with the original's words, else the copy's own page's
        (none, usually), never a status no page stated. A copy read while it was the only one stored
        may have been ended by its own term or by what named its 文号; that was the original's to say."""
        copy, original = self.store.document(repost_id), self.store.document(original_id)
        if copy is None or original is None or not copy.version_count or not original.version_count:
            return
        versions = self.store.versions(repost_id)
        want = original.metadata.validity
        have = versions[-1].metadata.validity
        if not want:
            # in force, stating nothing: the copy's own page's words (its latest fetched version's; a
            # version lineage stored has no raw body), when they say it is in force, else nothing
            page = next((v for v in reversed(versions) if v.raw_sha256), versions[0]).metadata.validity
            want = "" if validity_state(page) else page
        if want == have:
            return
        outcome = self._record(copy.source, _with_validity(copy, versions[-1], want), exact_metadata=True)
        if outcome.kind in ("new_version", "returned"):
            self.store.mark_linked(repost_id)  # the text lineage read is unchanged
            self.store.mark_reported(repost_id, outcome.version.number)

    def _end(self, document_id: int, validity: str, why: str, *, quiet: bool = False, by: Relation | None = None) -> None:
        """A new version of the document whose 有效性 says it is no longer in force (`quiet`: stored,
        not announced). `by`, the relation ending it, moved from a copy where it was announced (a
        repost's original stored after it): the copy's ending was the news, this one is quiet."""
        record = self.store.document(document_id)
        if record is None or record.version_count == 0 or record.metadata.validity in (validity, REPEALED):
            return  # already ended (a repeal after an expiry still records the repeal)
        quiet = quiet or (by is not None and self._announced_before(by, {}))
        current = self.store.versions(document_id)[-1]
        outcome = self._record(record.source, _with_validity(record, current, validity))
        if outcome.kind != "new_version" or outcome.previous is None:
            return
        self.store.mark_linked(document_id)  # the text lineage read is unchanged
        old, new = outcome.previous.number, outcome.version.number
        if quiet or record.source in self.quiet_sources:
            self.store.mark_reported(document_id, new)  # found by a first crawl: part of its baseline
            return
        changeset = ChangeSet(
            metadata_changes=(MetadataChange("validity", outcome.previous.metadata.validity, validity),),
            old_label=f"v{old}", new_label=f"v{new}",
        )
        self.events.append(self.store.add_event(
            EventKind.CHANGED, source=record.source, document_id=document_id, old_version=old, new_version=new,
            changeset=changeset, message=why, run_id=self.run_id, dedup_key=f"changed:{document_id}:{old}->{new}",
        ))

    # -- 3. events ----------------------------------------------------------------------------

    def report(self) -> None:
        reported: dict[tuple[frozenset[int], str], list[DocKey]] = {}  # _announced_before's, read once
        for relation, stage in self.store.unreported_relations():
            subject = self.store.document(relation.subject.id) if relation.subject.id is not None else None
            if subject is None:
                continue
            if relation.kind is RelationKind.CITES and not relation.target.resolved:
                # a citation of something not watched (a law, another level's document) is kept
                # as a reference, announced only once it names a stored document
                self.store.mark_relation_reported(relation.id)  # type: ignore[arg-type]
                continue
            changeset = self._comparison(relation)
            if (subject.source in self.quiet_sources or self._announced_before(relation, reported)
                    or self._same_decision(relation)):
                # a first crawl's relations (found, or resolved by what it stored) are part of
                # its baseline: stored (with their comparison, for the site), never announced; and
                # one announced already under another key is not announced a second time
                self.store.mark_relation_reported(relation.id)  # type: ignore[arg-type]
                continue
            message = (announcement(relation, changeset, self.lang) + self._consistency(relation)
                       + self._underived(relation))
            logger.debug("phase: writing relation %s", relation.id)
            self.events.append(self.store.report_relation(relation, stage, source=subject.source, message=message,
                                                          changeset=changeset, run_id=self.run_id))

    def _announced_before(self, relation: Relation, reported: dict[tuple[frozenset[int], str], list[DocKey]]) -> bool:
        """Whether the relation was reported already under another key (nothing is reported twice):
        said by or of a copy it moved from — a repost whose original was stored after it, the copy
        taken for the original until the evidence named another (_adopt, _reconsider_originals) —
        or naming its target another way (a new version of the subject spelling the reference
        differently). The same relation between other documents, or naming another, is news.

        `reported`: the references each copy group had reported before this report, read once per
        group (a clean-up list's hundreds of references are not each read against all the others)."""
        if relation.kind is RelationKind.DUPLICATE_OF or relation.subject.id is None:
            return False  # which copy is the original: _reconsider_originals decides what is news
        assert relation.id is not None
        kind, subjects = relation.kind.value, self.store.copies(relation.subject.id)
        if relation.target.id is None:  # reported as found: by a reference naming the same
            group = (frozenset(subjects), kind)
            if group not in reported:
                reported[group] = [other.target for other in self.store.reported_relations(kind, subjects)]
            return any(_names(relation.target, target) for target in reported[group])
        targets = self.store.copies(relation.target.id)
        return (self.store.reported_between(kind, subjects, targets, exclude=relation.id)
                # similarity is symmetric: B related A was A related B
                or (relation.kind is RelationKind.RELATED
                    and self.store.reported_between(kind, targets, subjects, exclude=relation.id)))

    def _same_decision(self, relation: Relation) -> bool:
        """An `amends` relation of a decision applied already under another copy (apply_amendments):
        the amendment was announced with that copy."""
        if relation.kind is not RelationKind.AMENDS or relation.id is None:
            return False
        return bool((self.store.amendment_summary(relation.id) or {}).get("same_as"))

    def _underived(self, relation: Relation) -> str:
        """For an `amends` relation whose decision gave no amended text: why (a decision with no
        instruction read, e.g. a repeal of whole documents; every instruction unreadable; a target
        without articles), so the relation does not stand as if the target had been amended."""
        if relation.kind is not RelationKind.AMENDS or relation.id is None:
            return ""
        summary = self.store.amendment_summary(relation.id)
        if not summary or summary.get("applied"):
            return ""  # not applied yet (target not stored), or applied: the derived version's event says how
        zh = self.lang != "en"
        if summary.get("no_instructions"):
            if relation.effect.startswith(PARTLY):  # a partial repeal naming a matter, not its articles
                return "；未列出所废止的条文，未推导修改后的文本" if zh else "; the repealed articles are not listed: no amended text derived"
            return "；决定中未读出修改指令，未推导修改后的文本" if zh else "; no amendment instruction read: no amended text derived"
        not_applied = summary.get("not_applied") or []
        if not_applied:
            return (f"；{len(not_applied)} 条指令均未适用，未推导修改后的文本" if zh
                    else f"; none of {len(not_applied)} instructions applied: no amended text derived")
        error = summary.get("error", "")
        return (f"；未推导修改后的文本：{error}" if zh else f"; no amended text derived: {error}") if error else ""

    def _consistency(self, relation: Relation) -> str:
        """For a republished full text superseding a document whose current version was derived from
        a decision: whether the two agree (a misread instruction, or a text differing from its
        decision, shows here)."""
        engine = amendment_engine()
        if relation.kind is not RelationKind.SUPERSEDES or relation.target.id is None:
            return ""
        derived, republished = _derived(self.store, relation.target.id), _current(self.store, relation.subject.id or 0)
        if derived is None or republished is None:
            return ""
        differences = engine.check_consistency(derived.display_text, republished.display_text)
        if differences.is_empty:
            return "；与修改决定推导的文本一致（0 处差异）"
        places = "、".join(c.new_path or c.old_path for c in differences.changes[:5])
        return f"；与修改决定推导的文本不一致：{len(differences.changes)} 处差异（{places}）"

    def _comparison(self, relation: Relation) -> ChangeSet | None:
        if relation.kind not in COMPARED or relation.target.id is None or relation.subject.id is None:
            return None
        assert relation.id is not None
        stored = self.store.relation_changeset(relation.id)
        if stored is not None:
            return stored
        # supersedes: target → subject; draft_of: subject (the draft) → target (the final)
        old_id, new_id = ((relation.target.id, relation.subject.id) if relation.kind is RelationKind.SUPERSEDES
                          else (relation.subject.id, relation.target.id))
        old, new = _current(self.store, old_id), _current(self.store, new_id)
        if old is None or new is None:
            return None
        changeset = compare_documents(old, new)
        self.store.set_relation_changeset(relation.id, changeset)
        return changeset


def _original_of(relation: Relation, doc: lineage.LineageDoc, catalog: lineage.Catalog) -> lineage.LineageDoc | None:
    """For a `duplicate_of` relation found while reading `doc`: the stored original whose copy, stored
    before this reading, it adopts (what others said of the copy moves to it); None otherwise (not a
    copy, the original not stored, or `doc` itself the copy just read, of which nothing was said yet)."""
    if relation.kind is not RelationKind.DUPLICATE_OF or relation.target.id is None or relation.subject.id == doc.key.id:
        return None
    return doc if relation.target.id == doc.key.id else catalog.by_id.get(relation.target.id)


def _names(ref: DocKey, key: DocKey) -> bool:
    """Whether the reference names what `key` names (a stored target, or another reference): as a
    catalogue holding only that would resolve it — by 文号 when both give one (two 文号 are two
    editions), else by link or title."""
    if ref.doc_number and key.doc_number:
        return numbers_agree(number_key(ref.doc_number), number_key(key.doc_number))
    return bool(lineage.resolves(ref, lineage.LineageDoc(key=key)))


def amendment_engine() -> ModuleType:
    """The amend wiring module: `consolidate(decision_text, target_text, *, target_title)` and
    `check_consistency(derived_text, republished_text)` (pipeline/amendments.py)."""
    from policywatch.pipeline import amendments

    return amendments


def _with_validity(record: DocumentRecord, current: StoredVersion, validity: str) -> NormalizedDocument:
    """The current version again, its 有效性 set to `validity` (text unchanged)."""
    return NormalizedDocument(
        url=record.url, format="text", display_text=current.display_text,
        comparison_key=normalize.comparison_key(current.display_text), content_hash=current.content_hash,
        metadata=replace(current.metadata, validity=validity),
    )


def _derived(store: Store, document_id: int) -> StoredVersion | None:
    """The current text when it was derived from a decision: the current version, or the derived one
    it only re-labels (the successor's 废止 stored a version with the same text before the report)."""
    versions = store.versions(document_id)
    for version in reversed(versions):
        if version.content_hash != versions[-1].content_hash:
            return None
        if store.derived_from(document_id, version.number) is not None:
            return version
    return None


def _current(store: Store, document_id: int) -> StoredVersion | None:
    """The document's current version, its text read — not every older version's (a linking pass
    reads every untitled document's current text: a long history read whole was wasted work)."""
    versions = store.versions(document_id, texts=False)
    return store.version(document_id, versions[-1].number) if versions else None


_VERBS = {
    "zh": {"supersedes": "取代", "amends": "修改", "repeals": "废止", "draft_of": "是其征求意见稿：",
           "interprets": "解读", "implements": "实施", "cites": "引用", "related": "相关（相似）：",
           "duplicate_of": "重复发布了"},
    "en": {"supersedes": "replaces", "amends": "amends", "repeals": "repeals", "draft_of": "is the draft of",
           "interprets": "interprets", "implements": "implements", "cites": "cites", "related": "looks related to",
           "duplicate_of": "reposts"},
}
_COUNTS = {"zh": ("新增", "修改", "删除", "处"), "en": ("added", "modified", "deleted", "")}


def announcement(relation: Relation, changeset: ChangeSet | None, lang: str = "zh") -> str:
    """One line for digests, feeds and webhooks: 《B》 replaces 《A》: 5 added, 12 modified; 最高资助 1000万元 → 500万元."""
    lang = lang if lang in _VERBS else "zh"
    verb = _VERBS[lang][relation.kind.value]
    if relation.kind is RelationKind.REPEALS and relation.effect == EXPIRED:
        verb = "宣布失效" if lang == "zh" else "declares expired"
    partly = relation.kind is RelationKind.AMENDS and relation.effect.startswith(PARTLY)
    if partly:  # a partial repeal: which articles end is its news, not a 修改
        verb = relation.effect if lang == "zh" else "partly repeals"
    line = f"{_name(relation.subject)} {verb} {_name(relation.target)}"
    if partly and (part := lineage.repealed_part(relation)):
        line += ("：" if lang == "zh" else ": ") + part
    if changeset is not None:
        counts = changeset.counts()
        added, modified, deleted, unit = _COUNTS[lang]
        parts = [f"{counts[k]} {word}" if lang == "en" else f"{word} {counts[k]} {unit}"
                 for k, word in (("added", added), ("modified", modified), ("deleted", deleted)) if counts[k]]
        # a term renamed throughout (a 修改决定's gist) before the facts, worded as the reports' summaries
        from policywatch.reports.i18n import Translator
        from policywatch.reports.labels import fact_text, replacement_text

        t = Translator(lang)
        # each fact as the reports word it (a fact without its context is named by its role)
        facts = [replacement_text(r, t) for r in changeset.replacements[:2]] + [
            fact_text(f, t) for f in _headline_facts(changeset)]
        nothing = "no clause changed" if lang == "en" else "条文无变化"
        line += (": " if lang == "en" else "：") + (", " if lang == "en" else "，").join(parts or [nothing])
        if facts:
            separator = "; " if lang == "en" else "；"  # as the reports' own summaries write it
            line += separator + separator.join(facts)
    return line


_QUIET_ROLES = ("date", "target_year")  # a new edition's dates all move; its amounts are the news


def _headline_facts(changeset: ChangeSet, n: int = 3) -> list[FactChange]:
    """The facts an announcement names: changed values before stated ones (ChangeSet.key_facts), and
    amounts, rates, counts before dates."""
    return sorted(changeset.key_facts, key=lambda f: f.role in _QUIET_ROLES)[:n]


def _name(key: DocKey) -> str:
    title = lineage.unwrap(key.title) if key.title else ""
    if title:
        named = title if "《" in title else f"《{title}》"  # 《X》政策解读 already quotes its policy
        return named + (f"（{key.doc_number}）" if key.doc_number and not key.resolved else "")
    return key.doc_number or key.url or "?"
