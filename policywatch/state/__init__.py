"""State stage: the SQLite store of sources, documents, fetches, versions, events and the outbox.

    store.py        Store: open/close, the facade over the parts below (sqlite3 errors → StoreError)
    schema.py       named sqlite-utils migrations
    connection.py   pragmas (WAL, busy timeout, foreign keys), write transactions, timestamps
    sources.py      runs, sources and their health
    fetches.py      the fetch log, validators, expected body sizes
    documents.py    documents, URL aliases, listing presence, ACTIVE/UNLISTED/MISSING
    versions.py     record_version: identity, new/unchanged/returned/pending, raw evidence
    relations.py    relations between documents (lineage) with evidence, unresolved references
    events.py       reportable events (deduplicated), versions still owed an event
    outbox.py       messages to deliver, each at most once
    blobs.py        zlib-compressed, sha256-addressed bodies and texts
    maintenance.py  prune, export, backup;  backup.py  the online-backup copy
    lock.py         RunLock
"""

from policywatch.state.lock import RunLock
from policywatch.state.records import OutboxItem, RecordOutcome, RunInfo
from policywatch.state.store import Store

__all__ = ["OutboxItem", "RecordOutcome", "RunInfo", "RunLock", "Store"]
