"""State stage: the SQLite store of sources, documents, fetches, versions, events and the outbox."""
