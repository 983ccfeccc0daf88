"""What a lagging page may not undo: a repealed or expired document's 有效性, an amended document's text.

Government pages lag behind the documents that change them: a repealed policy's page may say
现行有效 for months, an amended one keeps its old text until the consolidated text is posted.
The pipeline asks here before storing a fetched version.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from policywatch.model import DocumentMetadata, NormalizedDocument
from policywatch.model.validity import validity_state
from policywatch.state import Store


def held_validity(store: Store, url: str, metadata: DocumentMetadata, *, today: str | None = None) -> DocumentMetadata:
    """A repealed document stays 废止, an expired one 失效, when its page still says 现行有效 (pages lag),
    and in the words stored when the page says the same in its own (已失效)."""
    record = store.document(url)
    held = validity_state(record.metadata.validity) if record is not None else ""
    if record is None or not held:
        return metadata
    page = validity_state(metadata.validity)
    if page == held:  # 已失效 on the page, 失效 stored: the same state, kept in the stored words (no change)
        return replace(metadata, validity=record.metadata.validity)
    if page:  # the page says something else ended it (已废止 after 失效): that is news
        return metadata
    if store.ending(record.id) is not None or store.validity_term(record.id) < (today or datetime.now(UTC).date().isoformat()):
        return replace(metadata, validity=record.metadata.validity)
    original = store.original_of(record.id)
    if original is not None and (ended := store.document(original)) is not None and \
            validity_state(ended.metadata.validity) == held:
        return replace(metadata, validity=record.metadata.validity)  # a copy is as its original is (lineage)
    return metadata


def stale_amended_text(store: Store, document: NormalizedDocument) -> bool:
    """True when the page still shows the text an amendment decision was applied to: the derived
    version stands, and this fetch is not a change back to the old text."""
    record = store.document(document.url)
    return record is not None and store.derived_base_hash(record.id) == document.content_hash
