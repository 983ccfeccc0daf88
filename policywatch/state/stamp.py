"""A cheap stamp of everything the report site shows, so a rebuild can tell "nothing changed".

Reading every event and its changeset to find out that nothing changed made a no-change site
build of 8,000 documents cost seconds (issue 15). The stamp reads the small rows in full
(sources, documents, aliases, versions without their texts, relations without their
changesets) and only the count and highest id of the events, which are never edited (a new
event always gets a new id); the texts are named by their sha256 in the version rows.

`document_stamps` splits the same rows by document, so a site build can tell which documents
changed and list only their pages, whatever the history of the others (issue 15).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from policywatch.state.base import StoreBase

# Every column the site can show, table by table; texts and changesets stand in by hash or length.
_STAMP_QUERIES = (
    "SELECT * FROM sources ORDER BY name",
    "SELECT * FROM documents ORDER BY id",
    "SELECT source, url, document_id, first_seen FROM aliases ORDER BY source, url",
    """SELECT id, document_id, number, text_sha256, text_size, metadata, url, first_seen, last_seen, same_as
       FROM versions ORDER BY id""",
    "SELECT count(*), max(id) FROM events",
    "SELECT * FROM store_meta ORDER BY key",  # the feeds' ids are made of it
)
_RELATIONS = "SELECT * FROM relations ORDER BY id"
# The document row and what _STAMP_QUERIES read of its aliases and versions, a row per document:
# one pass over documents, each document's aliases and versions read through their indexes, and
# joined in SQL (a version row is never a Python object here: a long history costs SQLite's
# string work, not the interpreter's).
_DOCUMENT_STAMPS = """
    SELECT d.*,
        (SELECT group_concat(quote(url) || ' ' || quote(first_seen), ',')
         FROM (SELECT url, first_seen FROM aliases WHERE document_id = d.id ORDER BY url)),
        (SELECT group_concat(id || ' ' || number || ' ' || quote(text_sha256) || ' ' || quote(text_size) || ' '
                             || quote(metadata) || ' ' || quote(url) || ' ' || quote(first_seen) || ' '
                             || quote(last_seen) || ' ' || quote(same_as), ',')
         FROM (SELECT * FROM versions WHERE document_id = d.id ORDER BY number))
    FROM documents d ORDER BY d.id"""


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

    def document_stamps(self) -> Iterator[tuple[int, str]]:
        """(document id, a hash of what the site shows of its row, aliases and versions), by id.

        A document's stamp changes whenever its part of `report_stamp` does; its events are not
        in it (they are never edited: the site tells a document's new events by their ids)."""
        for row in self.db.execute(_DOCUMENT_STAMPS):
            yield row[0], hashlib.sha256(repr(tuple(row)).encode()).hexdigest()
