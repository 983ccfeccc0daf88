"""State stage: the SQLite store of sources, documents, fetches, versions, events and the outbox."""

from policywatch.state.lock import RunLock
from policywatch.state.records import OutboxItem, RecordOutcome, RunInfo
from policywatch.state.store import Store

__all__ = ["OutboxItem", "RecordOutcome", "RunInfo", "RunLock", "Store"]
