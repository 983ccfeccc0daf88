"""A cheap stamp of everything the report site shows, so a rebuild can tell "nothing changed".

Reading every event and its changeset to find out that nothing changed made a no-change site
build of 8,000 documents cost seconds (issue 15). The stamp reads the small rows in full
(sources, documents, aliases, versions without their texts, relations without their
changesets) and only the count and highest id of the events, which are never edited (a new
event always gets a new id); the texts are named by their sha256 in the version rows.
"""

from __future__ import annotations

import hashlib

from policywatch.state.base import StoreBase

# Every column the site can show, table by table; texts and changesets stand in by hash or length.
_STAMP_QUERIES = (
    "SELECT * FROM sources ORDER BY name",
    "SELECT * FROM documents ORDER BY id",
    "SELECT source, url, document_id, first_seen FROM aliases ORDER BY source, url",
    """SELECT id, document_id, number, text_sha256, text_size, metadata, url, first_seen, last_seen, same_as
       FROM versions ORDER BY id""",
    "SELECT count(*), max(id) FROM events",
)
_RELATIONS = "SELECT * FROM relations ORDER BY id"


class StampMixin(StoreBase):
    def report_stamp(self) -> str:
        """A hash that changes whenever anything the report site shows changes (read only)."""
        digest = hashlib.sha256()
        for sql in _STAMP_QUERIES:
            for row in self.db.execute(sql):
                digest.update(repr(row).encode())
            digest.update(b"\0")
        cursor = self.db.execute(_RELATIONS)
        names = [d[0] for d in cursor.description]
        for row in cursor:  # a relation's comparison counts by its size, not its bytes
            digest.update(repr([len(v) if n == "changeset" and v else v for n, v in zip(names, row, strict=True)]).encode())
        return digest.hexdigest()
