"""Import: local files stored as versions, the same way fetched documents are (archive backfill)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from policywatch import extract, normalize
from policywatch.model import FetchOutcome, FetchResult
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store


def import_file(store: Store, path: Path, *, source: str, today: str | None = None) -> str:
    """Store one local file as a version of the document at its file:// URL; returns the outcome kind.
    `today` (ISO): the date stated validity terms are judged against (default: today)."""
    body = path.read_bytes()
    extracted = extract.extract_file(path)
    if extracted.needs_ocr:
        return "needs_ocr (scanned PDF without a text layer): not stored"
    document = normalize.normalize_document(extracted)
    if not document.comparison_key:
        # as for a fetched page: an empty version would later show the whole text as "added"
        return "no text found: not stored"
    url = path.resolve().as_uri()
    raw = FetchResult(
        url=url, final_url=url, outcome=FetchOutcome.OK, fetched_at=datetime.now(UTC), status=None,
        body=body, content_type=extracted.format,
    )
    store.ensure_source(source)
    run_id = store.start_run([source])
    outcome = store.record_version(source, document, raw=raw, run_id=run_id)
    # an imported predecessor answers the references kept for it (a successor's 同时废止, a repeal list)
    LineageLinker(store, run_id=run_id, today=today).run()
    store.finish_run(run_id, {"import": str(path)})
    return f"{outcome.kind} (document {outcome.document.id}, version {outcome.version.number})"
