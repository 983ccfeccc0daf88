"""Store commands: list, history, show, import, export, backup, prune."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from policywatch.cli import _open_store, _settings, config_option, handle_errors, require_regular_file
from policywatch.errors import ExtractError, UsageError
from policywatch.state.documents import MAX_ID


def _document(store, ref: str):  # type: ignore[no-untyped-def]
    record = store.document(ref)
    if record is None:
        raise UsageError(f"no document {ref!r} in the store (give its id or URL; see `policywatch list`)")
    return record


def _fold(text: str) -> str:
    """Widths, case and spacing folded, so 宁政办发〔2019〕37号 is found from "宁政办发 2019"."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


LIST_FIELDS = ("id", "source", "title", "doc_number", "issuer", "published_date", "validity", "status",
               "versions", "last_change", "url", "subject")


@click.command("list")
@click.option("--source", "sources", multiple=True, help="Only documents of this source (repeatable).")
@click.option("--match", "-m", "texts", multiple=True,
              help="Only documents whose title, 文号, issuer or URL contains this (repeatable: all must match).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one aligned line per document; json: an array of objects (a public contract).")
@config_option
@handle_errors
def list_documents(sources: tuple[str, ...], texts: tuple[str, ...], fmt: str, config_path: Path) -> None:
    """List stored documents: id, source, title, 文号, versions, last change.

    The id is what `history`, `show` and the report site's documents/<id>.html use.
    """
    with _open_store(_settings(config_path), reading=True) as store:
        stored = store.documents()
        records = [r for r in stored if not sources or r.source in sources]
        last_change = store.last_changes()
    # a --source no stored document is under (a typo, a source not run yet) said on stderr: an
    # empty list alone read as "nothing stored" for a name that was merely misspelt
    held = sorted({r.source for r in stored})
    for name in dict.fromkeys(sources):
        if name not in held:
            click.echo(f"policywatch: no document is stored under source {name!r} "
                       f"(stored: {', '.join(held) or 'none'})", err=True)
    wanted = [_fold(t) for t in texts if t.strip()]
    rows = []
    for r in records:
        m = r.metadata
        haystack = _fold(" ".join((m.title, m.doc_number, m.issuer, r.url)))
        if not all(w in haystack for w in wanted):
            continue
        changed = last_change.get(r.id)
        rows.append({"id": r.id, "source": r.source, "title": m.title, "doc_number": m.doc_number,
                     "issuer": m.issuer, "published_date": m.published_date, "validity": m.validity,
                     "status": r.status.value, "versions": r.version_count,
                     "last_change": changed.isoformat() if changed else None, "url": r.url,
                     "subject": m.subject})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    source_width = max((len(str(row["source"])) for row in rows), default=0)
    for row in rows:
        when = str(row["last_change"] or "—")[:10]
        title = " ".join(str(row["title"] or row["url"]).split())
        number = f"  {row['doc_number']}" if row["doc_number"] else ""
        versions = f"v{row['versions']}"
        click.echo(f"{row['id']:>5}  {row['source']:<{source_width}}  {versions:<4}  {when:10}  {title}{number}")
    # an empty store says why, on stderr like the count: stdout stays the (empty) list
    empty = " (nothing stored yet: `policywatch run` fills the store)" if not records and not sources else ""
    click.echo(f"{len(rows)} of {len(records)} documents{empty}", err=True)


@click.command()
@click.argument("doc")
@config_option
@handle_errors
def history(doc: str, config_path: Path) -> None:
    """List a document's versions (DOC is its id or URL)."""
    # everything is read before anything is printed: a damaged row or text (a store error, exit 3)
    # then prints the error alone, never a history cut off after its first lines
    with _open_store(_settings(config_path), reading=True) as store:
        record = _document(store, doc)
        versions = store.versions(record.id)
    click.echo(f"{record.id}  {record.metadata.title or record.url}  [{record.status.value}]")
    for version in versions:
        click.echo(
            f"  v{version.number}  first seen {version.first_seen:%Y-%m-%d %H:%M}  "
            f"last seen {version.last_seen:%Y-%m-%d %H:%M}  {len(version.display_text)} chars  "
            f"{version.content_hash[:12]}"
        )


@click.command()
@click.argument("doc")
@click.option("--version", "number", type=click.IntRange(1, MAX_ID), default=None,
              help="Version number (default: latest).")
@click.option("--raw", is_flag=True, help="Print the raw bytes the site served for that version.")
@config_option
@handle_errors
def show(doc: str, number: int | None, raw: bool, config_path: Path) -> None:
    """Print one version of a document."""
    with _open_store(_settings(config_path), reading=True) as store:
        record = _document(store, doc)
        versions = store.versions(record.id)
        if not versions:
            raise UsageError(f"document {record.id} has no stored version yet")
        version = versions[-1] if number is None else store.version(record.id, number)
        if raw:
            if not version.raw_sha256:
                raise UsageError(f"version {version.number} was imported without raw bytes")
            sys.stdout.buffer.write(store.raw_body(version.raw_sha256))
            return
        click.echo(version.display_text)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default="import", show_default=True, help="Source name to file them under.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge stated validity terms as of this date (YYYY-MM-DD; default today), e.g. for a backfill.")
@config_option
@handle_errors
def import_files(files: tuple[Path, ...], source: str, as_of: datetime | None, config_path: Path) -> None:
    """Store local text, HTML, PDF or DOCX files as versions (backfill from an archive)."""
    from policywatch.pipeline.imports import import_file

    failed = 0
    with _open_store(_settings(config_path)) as store:
        for path in files:
            try:
                require_regular_file(path)
                outcome = import_file(store, path, source=source,
                                      today=as_of.date().isoformat() if as_of else None)
            except (ExtractError, UsageError, OSError) as exc:
                # one unreadable file of an archive must not keep the others out of the store
                failed += 1
                outcome = f"not stored: {exc}"
            click.echo(f"{path}: {outcome}", err=True)
    sys.exit(1 if failed else 0)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json", show_default=True)
@click.option("--kind", type=click.Choice(["documents", "versions", "events"]), default="documents", show_default=True)
@config_option
@handle_errors
def export(fmt: str, kind: str, config_path: Path) -> None:
    """Write documents, versions or change events for other tools (stdout)."""
    with _open_store(_settings(config_path), reading=True) as store:
        rows = list(store.export(kind))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    columns = sorted({key for row in rows for key in row})
    writer = csv.DictWriter(sys.stdout, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
                         for k, v in row.items()})


# a cell a spreadsheet would evaluate (=HYPERLINK(…), +cmd|…, @SUM(…)): titles and texts come from
# the sites watched, so a hostile page must not run a formula in the reader's spreadsheet
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: object) -> object:
    """A text cell that starts as a formula, with a leading ' (OWASP's CSV-injection advice): the
    spreadsheet shows it as text. Numbers, and the JSON export, are left as they are."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@config_option
@handle_errors
def backup(path: Path, config_path: Path) -> None:
    """Consistent copy of the live database (safe while runs are writing)."""
    with _open_store(_settings(config_path), reading=True) as store:
        store.backup(path)
    click.echo(f"backup written to {path} at {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", err=True)


@click.command()
@click.option("--older-than", "days", type=click.IntRange(min=1), default=90, show_default=True,
              help="Delete fetch-log rows older than this many days.")
@config_option
@handle_errors
def prune(days: int, config_path: Path) -> None:
    """Retention: drop old fetch-log rows and raw bodies no version needs. Versions are never deleted."""
    with _open_store(_settings(config_path)) as store:
        removed = store.prune(datetime.now(UTC) - timedelta(days=days))
    click.echo(f"pruned {removed['fetches']} fetch-log rows and {removed['blobs']} unreferenced bodies", err=True)
