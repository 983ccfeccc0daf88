"""Storing the demo family straight into a store (no crawl), for store, CLI and benchmark-shaped tests."""

from __future__ import annotations

from collections.abc import Iterable

from policywatch.demo.sitegen import Doc
from policywatch.model import DocumentMetadata
from policywatch.state import Store
from tests.state.helpers import make_doc

BASE = "http://family.test/"


def url_of(doc: Doc) -> str:
    return BASE + doc.path


def store_docs(store: Store, docs: Iterable[Doc], *, source: str = "family") -> dict[str, int]:
    """Each doc as version 1 of a document; returns family id → document id."""
    run = store.start_run([source])
    ids = {}
    for doc in docs:
        meta = DocumentMetadata(title=doc.title, doc_number=doc.doc_number, issuer=doc.issuer,
                                written_date=doc.written, published_date=doc.date, index_no=doc.index_no,
                                validity=doc.validity)
        outcome = store.record_version(source, make_doc(url_of(doc), "\n".join(doc.lines), **meta.to_dict()),
                                       raw=None, run_id=run)
        ids[doc.id] = outcome.document.id
    store.finish_run(run, {})
    return ids
