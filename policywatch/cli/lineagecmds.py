"""Lineage commands: `related` (a document's relations), `relate` (add or remove one by hand)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from policywatch.cli import _open_store, _settings, config_option, handle_errors
from policywatch.cli.storecmds import _document
from policywatch.errors import UsageError
from policywatch.model import DocKey, Relation, RelationKind
from policywatch.model.validity import REPEALED


def _doc_dict(record: Any) -> dict[str, Any]:
    return {"id": record.id, "url": record.url, "title": record.metadata.title,
            "doc_number": record.metadata.doc_number}


_KIND_ORDER = {kind: rank for rank, kind in enumerate(RelationKind)}


def in_order(record_id: int, relations: Iterable[Relation], date_of: Callable[[int], str]) -> list[Relation]:
    """A document's relations as `related` lists them: by kind (RelationKind's order: what ended or
    changed it first, similarity last), then by the other document's date (`date_of` its id; oldest
    first, an unresolved reference after every stored one), then by the other document itself (id,
    title, 文号) and the relation's id, so the order is the same on every call, whatever order the
    relations were found in."""

    def key(r: Relation) -> tuple[int, bool, str, bool, int, str, str, bool, int]:
        other = r.target if r.subject.id == record_id else r.subject
        date = date_of(other.id) if other.id is not None else ""
        return (_KIND_ORDER[r.kind], not date, date, other.id is None, other.id or 0, other.title,
                other.doc_number, r.subject.id != record_id, r.id or 0)

    return sorted(relations, key=key)


def related_json(record: Any, relations: list[Relation]) -> dict[str, Any]:
    """The `policywatch related --format json` document (a public contract: docs/lineage.md)."""
    out = []
    for r in relations:
        outgoing = r.subject.id == record.id
        other = r.target if outgoing else r.subject
        out.append({"kind": r.kind.value, "direction": "outgoing" if outgoing else "incoming",
                    "other": other.to_dict(), "method": r.method, "evidence": r.evidence,
                    "confidence": r.confidence, "effect": r.effect})
    return {"document": _doc_dict(record), "relations": out}


@click.command()
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
@handle_errors
def related(doc: str, fmt: str, config_path: Path) -> None:
    """List a document's relations (DOC is its id or URL): successors, drafts, amendments, repeals…"""
    with _open_store(_settings(config_path), reading=True) as store:
        record = _document(store, doc)

        def date_of(document_id: int) -> str:
            other = store.document(document_id)
            return (other.metadata.published_date or other.metadata.written_date) if other is not None else ""

        data = related_json(record, in_order(record.id, store.relations(record.id), date_of))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{record.id}  {record.metadata.title or record.url}  {record.metadata.doc_number}".rstrip())
    for r in data["relations"]:
        other = r["other"]
        name = f"《{other['title']}》" if other.get("title") else other.get("doc_number") or other.get("url", "")
        where = f"[{other['id']}]" if "id" in other else "(not stored yet)"
        arrow = "→" if r["direction"] == "outgoing" else "←"
        kind = f"{r['kind']} ({r['effect']})" if r["effect"] else r["kind"]  # repeals (废止) / repeals (失效)
        click.echo(f"  {arrow} {kind:<12} {where} {name} {other.get('doc_number', '')}".rstrip())
        click.echo(f"      {r['method']} {r['confidence']:.2f}: {r['evidence']}")


@click.command()
@click.argument("subject")
@click.argument("kind", type=click.Choice([k.value for k in RelationKind]))
@click.argument("target")
@click.option("--remove", is_flag=True, help="Remove the relation (it is not found again by detection).")
@click.option("--evidence", default="", help="Why (kept with the relation).")
@config_option
@handle_errors
def relate(subject: str, kind: str, target: str, remove: bool, evidence: str, config_path: Path) -> None:
    """Add (or --remove) a relation by hand: `policywatch relate B supersedes A` (ids or URLs)."""
    from policywatch.pipeline.lineage import LineageLinker

    settings = _settings(config_path)
    with _open_store(settings) as store:
        a, b = _document(store, subject), _document(store, target)
        if a.id == b.id:  # "12 supersedes 12" would announce, and for repeals end, the document itself
            raise UsageError(f"document {a.id} cannot {kind} itself; give two documents")
        if remove:
            existed = store.remove_relation(a.id, kind, b.id)
            click.echo(f"{'removed' if existed else 'no such relation; will not be detected'}: "
                       f"{a.id} {kind} {b.id}", err=True)
            return
        relation = Relation(kind=RelationKind(kind), subject=DocKey(a.id, a.url, a.metadata.title),
                            target=DocKey(b.id, b.url, b.metadata.title), method="manual",
                            evidence=evidence or "added by hand", confidence=1.0,
                            effect=REPEALED if kind == RelationKind.REPEALS.value else "")
        # a relation removed before (by a person, or withdrawn by lineage) is restored: detection
        # never brings a removed one back, a person saying so does
        restored = store.restore_relation(relation) is not None
        new = restored or store.add_relation(relation)[1]
        # reported (and a repeal applied) now; the next run delivers the event
        events = LineageLinker(store, run_id=None, lang=settings.lang).run()
        said = "restored" if restored else "added" if new else "already there"
        click.echo(f"{said}: {a.id} {kind} {b.id} ({len(events)} event(s))", err=True)
