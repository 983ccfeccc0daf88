"""Relations between documents (lineage), stored with their evidence; unresolved references kept.

A relation's target is either a stored document (target_id) or what a citation names (title,
文号, URL) until that document is stored. Finding a relation again is a no-op; a relation a
person removed is remembered as removed so detection never brings it back — only a person
adding it again restores it (restore_relation).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from policywatch.model import ChangeEvent, ChangeSet, DocKey, EventKind, Relation, RelationKind
from policywatch.state.base import StoreBase
from policywatch.state.connection import iso, utcnow, write
from policywatch.state.records import metadata_from_json, unreadable_row

_SELECT = """SELECT r.*, s.url AS s_url, s.metadata AS s_meta, t.url AS t_url, t.metadata AS t_meta
             FROM relations r JOIN documents s ON s.id = r.subject_id LEFT JOIN documents t ON t.id = r.target_id"""


def target_key(target: DocKey) -> str:
    if target.id is not None:
        return f"id:{target.id}"
    return f"ref:{target.url}|{target.title}|{target.doc_number}"


def _key(document_id: int, url: str, meta_json: str) -> DocKey:
    meta = metadata_from_json(meta_json)
    return DocKey(id=document_id, url=url, title=meta.title, doc_number=meta.doc_number)


@unreadable_row("relation")
def relation_from_row(row: Mapping[str, Any]) -> Relation:
    subject = _key(row["subject_id"], row["s_url"], row["s_meta"])
    if row["target_id"] is not None:
        target = _key(row["target_id"], row["t_url"], row["t_meta"])
    else:
        target = DocKey(url=row["target_url"], title=row["target_title"], doc_number=row["target_doc_number"])
    return Relation(kind=RelationKind(row["kind"]), subject=subject, target=target, method=row["method"],
                    evidence=row["evidence"], confidence=row["confidence"], effect=row["effect"], id=row["id"])


class RelationsMixin(StoreBase):
    def add_relation(self, relation: Relation) -> tuple[Relation, bool]:
        """Store a relation (subject must be stored); returns (the stored relation, whether it is new).

        A relation already stored — or removed by a person — is returned as it is, not stored again.
        """
        assert relation.subject.id is not None, "a relation's subject is a stored document"
        key = target_key(relation.target)
        with write(self.db):
            existing = self._one(f"{_SELECT} WHERE r.subject_id = ? AND r.kind = ? AND r.target_key = ?",
                                 [relation.subject.id, relation.kind.value, key])
            if existing is None and relation.kind is RelationKind.RELATED and relation.target.id is not None:
                # similarity is symmetric: B related A is A related B, found from the other side
                existing = self._one(f"{_SELECT} WHERE r.subject_id = ? AND r.kind = ? AND r.target_key = ?",
                                     [relation.target.id, relation.kind.value, f"id:{relation.subject.id}"])
            if existing is not None:
                if existing["reported_at"] is None and relation.confidence > existing["confidence"]:
                    # the same relation found again on better evidence (a 同时废止 sentence beats a
                    # revision mark): keep the better one while it has not been reported
                    self.db.execute("UPDATE relations SET method = ?, evidence = ?, confidence = ?, effect = ? "
                                    "WHERE id = ?", [relation.method, relation.evidence, relation.confidence,
                                                     relation.effect or existing["effect"], existing["id"]])
                    existing = self._one(f"{_SELECT} WHERE r.id = ?", [existing["id"]])
                    assert existing is not None
                return relation_from_row(existing), False
            stamp = iso(utcnow())
            t = relation.target
            cursor = self.db.execute(
                """INSERT INTO relations (kind, subject_id, target_id, target_key, target_url, target_title,
                   target_doc_number, method, evidence, confidence, effect, found_at, resolved_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [relation.kind.value, relation.subject.id, t.id, key, t.url, t.title, t.doc_number,
                 relation.method, relation.evidence, relation.confidence, relation.effect, stamp,
                 stamp if t.id is not None else None],
            )
            row = self._one(f"{_SELECT} WHERE r.id = ?", [cursor.lastrowid])
        assert row is not None
        return relation_from_row(row), True

    def relation(self, relation_id: int) -> Relation | None:
        row = self._one(f"{_SELECT} WHERE r.id = ?", [relation_id])
        return relation_from_row(row) if row else None

    def relations(self, document_id: int | None = None, *, kinds: Sequence[str] | None = None) -> list[Relation]:
        """Live (not removed) relations of a document, either direction; every one when document_id is None."""
        clauses, params = ["r.removed = 0"], []
        if document_id is not None:
            clauses.append("(r.subject_id = ? OR r.target_id = ?)")
            params += [document_id, document_id]
        if kinds:
            clauses.append(f"r.kind IN ({','.join('?' * len(kinds))})")
            params += list(kinds)
        rows = self._rows(f"{_SELECT} WHERE {' AND '.join(clauses)} ORDER BY r.id", params)
        return [relation_from_row(r) for r in rows]

    def unresolved_relations(self) -> list[Relation]:
        rows = self._rows(f"{_SELECT} WHERE r.target_id IS NULL AND r.removed = 0 ORDER BY r.id")
        return [relation_from_row(r) for r in rows]

    def resolve_relation(self, relation_id: int, target_id: int, method: str) -> Relation | None:
        """Point an unresolved relation at the stored document it names. When the same relation
        to that document is already stored (found from the other side), the reference is merged
        into it and None is returned."""
        with write(self.db):
            row = self._one("SELECT * FROM relations WHERE id = ?", [relation_id])
            if row is None or row["target_id"] is not None:
                return None
            key = f"id:{target_id}"
            if self._scalar("SELECT 1 FROM relations WHERE subject_id = ? AND kind = ? AND target_key = ?",
                            [row["subject_id"], row["kind"], key]) or target_id == row["subject_id"]:
                self.db.execute("UPDATE relations SET removed = 1 WHERE id = ?", [relation_id])
                return None
            self.db.execute(
                "UPDATE relations SET target_id = ?, target_key = ?, resolved_at = ?, method = method || '+' || ? "
                "WHERE id = ?", [target_id, key, iso(utcnow()), method, relation_id])
        return self.relation(relation_id)

    def restore_relation(self, relation: Relation) -> Relation | None:
        """A person adds a relation that was removed (by a person, or withdrawn by lineage): it is
        live again, as it was found — its evidence and effect (a 宣布失效 stays 失效), the person's
        filling in only what a relation never found lacks. Returns it, or None when none was removed.

        Its reported state is kept: announced only if it never was (a removal stamps reported_at, but
        never resolved_reported_at, which only an announcement of the stored target — or a baseline's
        quiet marking — sets: unreported_relations owes it then). `related` is symmetric: either
        direction's removed row."""
        assert relation.subject.id is not None and relation.target.id is not None
        subject, target, kind = relation.subject.id, relation.target.id, relation.kind.value
        pairs = [(subject, target)] + ([(target, subject)] if relation.kind is RelationKind.RELATED else [])
        with write(self.db):
            if any(self._scalar("SELECT 1 FROM relations WHERE subject_id = ? AND kind = ? AND target_key = ? "
                                "AND removed = 0", [s, kind, f"id:{t}"]) for s, t in pairs):
                return None  # live already (B related A is A related B)
            rows = [row for s, t in pairs for row in self._rows(
                "SELECT id, method, evidence FROM relations WHERE subject_id = ? AND kind = ? AND target_key = ? "
                "AND removed = 1", [s, kind, f"id:{t}"])]
            if not rows:
                return None
            # a row remembered by a removal of what was never found has no evidence: the person's
            # relation is the whole of it; the one found (either side of a `related`) comes first
            row = max(rows, key=lambda r: bool(r["evidence"]))
            found = bool(row["evidence"])
            self.db.execute(
                "UPDATE relations SET removed = 0, method = ?, evidence = ?, confidence = max(confidence, ?), "
                "effect = CASE WHEN effect = '' THEN ? ELSE effect END WHERE id = ?",
                [row["method"] if found else relation.method, row["evidence"] if found else relation.evidence,
                 relation.confidence, relation.effect, row["id"]])
        return self.relation(row["id"])

    def remove_relation(self, subject_id: int, kind: str, target_id: int) -> bool:
        """A person says this relation is wrong: it is hidden and never found again. True when it existed.

        `related` is symmetric: removing A related B removes B related A too."""
        if kind == RelationKind.RELATED.value and subject_id != target_id:
            with write(self.db):
                reverse = self._remove_one(target_id, kind, subject_id)
                return self._remove_one(subject_id, kind, target_id) or reverse
        with write(self.db):
            return self._remove_one(subject_id, kind, target_id)

    def _remove_one(self, subject_id: int, kind: str, target_id: int) -> bool:
        key = f"id:{target_id}"
        exists = self._scalar("SELECT 1 FROM relations WHERE subject_id = ? AND kind = ? AND target_key = ?",
                              [subject_id, kind, key])
        stamp = iso(utcnow())
        if exists:
            self.db.execute("UPDATE relations SET removed = 1, reported_at = coalesce(reported_at, ?) "
                            "WHERE subject_id = ? AND kind = ? AND target_key = ?", [stamp, subject_id, kind, key])
        else:  # remembered, so that detection does not add it later
            self.db.execute(
                """INSERT INTO relations (kind, subject_id, target_id, target_key, method, removed, found_at,
                   reported_at) VALUES (?, ?, ?, ?, 'manual', 1, ?, ?)""",
                [kind, subject_id, target_id, key, stamp, stamp])
        return bool(exists)

    def set_relation_changeset(self, relation_id: int, changeset: ChangeSet) -> None:
        with write(self.db):
            self.db.execute("UPDATE relations SET changeset = ? WHERE id = ?", [changeset.to_json(), relation_id])

    def relation_changeset(self, relation_id: int) -> ChangeSet | None:
        text = self._scalar("SELECT changeset FROM relations WHERE id = ?", [relation_id])
        return ChangeSet.from_json(text) if text else None

    def unreported_relations(self) -> list[tuple[Relation, str]]:
        """Relations owed an event, oldest first: ("found", r) when never reported, ("resolved", r)
        when reported while unresolved and resolved since."""
        rows = self._rows(f"""{_SELECT} WHERE r.removed = 0 AND (r.reported_at IS NULL
                              OR (r.target_id IS NOT NULL AND r.resolved_reported_at IS NULL)) ORDER BY r.id""")
        return [(relation_from_row(r), "found" if r["reported_at"] is None else "resolved") for r in rows]

    def report_relation(self, relation: Relation, stage: str, *, source: str, message: str,
                        changeset: ChangeSet | None, run_id: int | None) -> ChangeEvent:
        """Store the relation's event and mark it reported, in one transaction (so never twice)."""
        assert relation.id is not None
        stamp = iso(utcnow())
        with write(self.db):
            event = self.add_event(  # type: ignore[attr-defined]
                EventKind(relation.kind.value), source=source, document_id=relation.subject.id,
                changeset=changeset, message=message, run_id=run_id,
                dedup_key=f"relation:{relation.id}:{stage}", other=relation.target.to_dict(),
                evidence=relation.evidence, effect=relation.effect,
            )
            resolved = relation.target.id is not None
            self.db.execute(
                "UPDATE relations SET reported_at = coalesce(reported_at, ?), resolved_reported_at = "
                "CASE WHEN ? THEN coalesce(resolved_reported_at, ?) ELSE resolved_reported_at END WHERE id = ?",
                [stamp, resolved, stamp, relation.id])
        return event

    def mark_relation_reported(self, relation_id: int) -> None:
        """Dealt with although no event names it (a reference kept only until its document appears)."""
        with write(self.db):
            stamp = iso(utcnow())
            self.db.execute(
                "UPDATE relations SET reported_at = coalesce(reported_at, ?), resolved_reported_at = CASE WHEN "
                "target_id IS NOT NULL THEN coalesce(resolved_reported_at, ?) END WHERE id = ?",
                [stamp, stamp, relation_id])

    def original_of(self, document_id: int) -> int | None:
        """The stored original the document is a copy of (a repost under its 文号, a 转发 attachment),
        or None (not a copy, or its original not stored)."""
        value = self._scalar("SELECT target_id FROM relations WHERE subject_id = ? AND kind = 'duplicate_of' "
                             "AND removed = 0 AND target_id IS NOT NULL ORDER BY id LIMIT 1", [document_id])
        return int(value) if value is not None else None

    def copies(self, document_id: int) -> set[int]:
        """The document with those it is one policy with: its stored original (duplicate_of) and that
        original's other copies — what a relation moves between once the original is known."""
        original = self.original_of(document_id) or document_id
        rows = self.db.execute("SELECT subject_id FROM relations WHERE kind = 'duplicate_of' AND removed = 0 "
                               "AND target_id = ?", [original]).fetchall()
        return {document_id, original, *(r[0] for r in rows)}

    def reported_relations(self, kind: str, subject_ids: Collection[int]) -> list[Relation]:
        """Relations of `kind` these documents said that were reported (announced, or dealt with
        quietly: a baseline's), live or withdrawn since (moved to another document)."""
        ids = sorted(subject_ids)
        rows = self._rows(f"""{_SELECT} WHERE r.kind = ? AND r.subject_id IN ({','.join('?' * len(ids))})
                              AND r.reported_at IS NOT NULL ORDER BY r.id""", [kind, *ids])
        return [relation_from_row(r) for r in rows]

    def reported_between(self, kind: str, subject_ids: Collection[int], target_ids: Collection[int], *,
                         exclude: int) -> bool:
        """Whether a relation of `kind` from one of subject_ids to one of target_ids, other than
        `exclude`, was reported naming its stored target (live, or withdrawn since)."""
        subjects, targets = sorted(subject_ids), sorted(target_ids)
        return bool(self._scalar(
            f"""SELECT 1 FROM relations WHERE kind = ? AND subject_id IN ({','.join('?' * len(subjects))})
                AND target_id IN ({','.join('?' * len(targets))}) AND resolved_reported_at IS NOT NULL
                AND id != ? LIMIT 1""", [kind, *subjects, *targets, exclude]))

    def ending(self, document_id: int) -> Relation | None:
        """The relation that ended the document's validity (废止 or 失效), earliest first; None when in force."""
        # only a repeal or a succession ends it: an `amends` with an effect (部分废止) ended some articles
        row = self._one(f"{_SELECT} WHERE r.target_id = ? AND r.removed = 0 AND r.effect != '' "
                        "AND r.kind IN ('repeals', 'supersedes') ORDER BY r.id",
                        [document_id])
        return relation_from_row(row) if row else None

    # -- amendment decisions applied (derived versions) ------------------------------------------

    def unapplied_amendments(self) -> list[Relation]:
        """Resolved `amends` relations whose decision has not been applied to the target yet."""
        rows = self._rows(f"""{_SELECT} WHERE r.kind = 'amends' AND r.removed = 0 AND r.target_id IS NOT NULL
                              AND r.applied IS NULL ORDER BY r.id""")
        return [relation_from_row(r) for r in rows]

    def mark_amendment_applied(self, relation_id: int, summary: Mapping[str, Any]) -> None:
        with write(self.db):
            self.db.execute("UPDATE relations SET applied = ? WHERE id = ?",
                            [json.dumps(dict(summary), ensure_ascii=False), relation_id])

    def amendment_summary(self, relation_id: int) -> dict[str, Any] | None:
        text = self._scalar("SELECT applied FROM relations WHERE id = ?", [relation_id])
        return json.loads(text) if text else None

    def mark_derived(self, document_id: int, number: int, relation_id: int) -> None:
        """Version `number` was derived by applying the relation's decision, not fetched."""
        with write(self.db):
            self.db.execute("UPDATE versions SET derived_from = ? WHERE document_id = ? AND number = ?",
                            [relation_id, document_id, number])

    def derived_from(self, document_id: int, number: int) -> int | None:
        """The amends relation a version was derived from (None for a fetched version)."""
        return self._scalar("SELECT derived_from FROM versions WHERE document_id = ? AND number = ?",
                            [document_id, number])

    def derived_base_hash(self, document_id: int) -> str | None:
        """When the document's current version is derived: the content hash of the fetched text it was
        derived from (its page, still showing that text, is not a change back)."""
        row = self._one("""SELECT v.number, v.derived_from FROM versions v WHERE v.document_id = ?
                           ORDER BY v.number DESC LIMIT 1""", [document_id])
        if row is None or row["derived_from"] is None:
            return None
        return self._scalar("""SELECT content_hash FROM versions WHERE document_id = ? AND number < ?
                               AND derived_from IS NULL ORDER BY number DESC LIMIT 1""", [document_id, row["number"]])

    # -- what lineage has read, and validity terms -----------------------------------------

    def unlinked_versions(self) -> list[tuple[int, int]]:
        """(document_id, number) of current versions lineage has not read yet, oldest first."""
        rows = self.db.execute(
            """SELECT v.document_id, max(v.number) FROM versions v WHERE v.linked_at IS NULL
               GROUP BY v.document_id ORDER BY min(v.id)""").fetchall()
        return [(d, n) for d, n in rows]

    def mark_linked(self, document_id: int) -> None:
        with write(self.db):
            self.db.execute("UPDATE versions SET linked_at = ? WHERE document_id = ? AND linked_at IS NULL",
                            [iso(utcnow()), document_id])

    def mark_unlinked(self, document_id: int) -> None:
        """Lineage is to read the document's current version again (read as a copy, it turned out to
        be the original: what it says was never read)."""
        with write(self.db):
            self.db.execute("""UPDATE versions SET linked_at = NULL WHERE document_id = ? AND number =
                               (SELECT max(number) FROM versions WHERE document_id = ?)""", [document_id, document_id])

    def lineage_catalog(self) -> list[dict[str, Any]]:
        """Every stored document's id, url, metadata JSON and first_seen (what lineage resolves against)."""
        return self._rows("SELECT id, url, metadata, first_seen FROM documents ORDER BY id")

    def set_validity_terms(self, document_id: int, expires: str, evidence: str) -> None:
        with write(self.db):
            if expires:
                self.db.execute("INSERT OR REPLACE INTO validity_terms VALUES (?, ?, ?)",
                                [document_id, expires, evidence])
            else:
                self.db.execute("DELETE FROM validity_terms WHERE document_id = ?", [document_id])

    def validity_term(self, document_id: int) -> str:
        """The ISO date the document's stated term ends ("9999-12-31" when it states none)."""
        return self._scalar("SELECT expires FROM validity_terms WHERE document_id = ?", [document_id]) or "9999-12-31"

    def validity_evidence(self, document_id: int) -> str:
        """The sentence the stored term comes from ("" when none is stored)."""
        return self._scalar("SELECT evidence FROM validity_terms WHERE document_id = ?", [document_id]) or ""

    def expired(self, today: str) -> list[tuple[int, str, str, bool]]:
        """(document_id, expires, evidence, before_first_seen) of documents whose stated term ended
        before today; before_first_seen: it had ended before the document was first seen (not news)."""
        rows = self.db.execute(
            """SELECT t.document_id, t.expires, t.evidence, t.expires < substr(d.first_seen, 1, 10)
               FROM validity_terms t JOIN documents d ON d.id = t.document_id
               WHERE t.expires < ? ORDER BY t.document_id""",
            [today]).fetchall()
        return [(d, e, ev, bool(before)) for d, e, ev, before in rows]


def with_target(relation: Relation, target: DocKey) -> Relation:
    return replace(relation, target=target)
