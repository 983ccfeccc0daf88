"""The store's schema: named sqlite-utils migrations, applied in order and recorded once each.

Never edit a migration that has shipped: add a new named one below it. Each runs in one
transaction together with its record in `_sqlite_migrations`, so a failed migration leaves no
trace and stays pending.
"""

from __future__ import annotations

import json
import uuid

from sqlite_utils import Database, Migrations

from policywatch.state.records import pack_changeset, slim_summary

MIGRATIONS = Migrations("policywatch")

_INITIAL = (
    """CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        config TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        first_completed_at TEXT,
        last_run_at TEXT,
        last_outcome TEXT NOT NULL DEFAULT '',
        last_message TEXT NOT NULL DEFAULT '',
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        failing_since TEXT
    )""",
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        sources TEXT NOT NULL DEFAULT '[]',
        summary TEXT
    )""",
    # Content-addressed, zlib-compressed bodies: raw fetched bytes and version display texts.
    """CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL REFERENCES sources(name),
        url TEXT NOT NULL,
        parent_id INTEGER REFERENCES documents(id),
        index_no TEXT NOT NULL DEFAULT '',
        issuer TEXT NOT NULL DEFAULT '',
        doc_number TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'active',
        on_listing INTEGER NOT NULL DEFAULT 1,
        listed_run_id INTEGER,
        fail_runs INTEGER NOT NULL DEFAULT 0,
        version_count INTEGER NOT NULL DEFAULT 0,
        last_run_id INTEGER,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        pending_key TEXT,
        pending_count INTEGER NOT NULL DEFAULT 0,
        pending_run_id INTEGER
    )""",
    "CREATE INDEX documents_source ON documents(source)",
    "CREATE INDEX documents_index_no ON documents(source, index_no) WHERE index_no != ''",
    "CREATE INDEX documents_docnum ON documents(source, issuer, doc_number) WHERE doc_number != ''",
    """CREATE TABLE aliases (
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        first_seen TEXT NOT NULL,
        PRIMARY KEY (source, url)
    )""",
    "CREATE INDEX aliases_url ON aliases(url)",
    "CREATE INDEX aliases_document ON aliases(document_id)",
    """CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        number INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        state_key TEXT NOT NULL,
        text_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        text_size INTEGER NOT NULL,
        metadata TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        run_id INTEGER,
        same_as INTEGER,
        raw_sha256 TEXT REFERENCES blobs(sha256),
        raw_info TEXT,
        UNIQUE (document_id, number)
    )""",
    "CREATE INDEX versions_state ON versions(document_id, state_key)",
    "CREATE INDEX versions_raw ON versions(raw_sha256)",
    """CREATE TABLE fetches (
        id INTEGER PRIMARY KEY,
        run_id INTEGER,
        source TEXT NOT NULL,
        document_id INTEGER,
        url TEXT NOT NULL,
        final_url TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL,
        status INTEGER,
        elapsed_ms INTEGER NOT NULL DEFAULT 0,
        size INTEGER NOT NULL DEFAULT 0,
        content_type TEXT NOT NULL DEFAULT '',
        encoding TEXT,
        encoding_rule TEXT,
        etag TEXT,
        last_modified TEXT,
        detail TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL
    )""",
    "CREATE INDEX fetches_url ON fetches(url, fetched_at)",
    "CREATE INDEX fetches_document ON fetches(document_id, fetched_at)",
    "CREATE INDEX fetches_time ON fetches(fetched_at)",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        document_id INTEGER REFERENCES documents(id),
        url TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        old_version INTEGER,
        new_version INTEGER,
        changeset TEXT,
        message TEXT NOT NULL DEFAULT '',
        run_id INTEGER,
        dedup_key TEXT UNIQUE,
        detected_at TEXT NOT NULL
    )""",
    "CREATE INDEX events_time ON events(detected_at)",
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        key TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        retry_at TEXT,
        created_at TEXT NOT NULL,
        claimed_at TEXT,
        sent_at TEXT,
        UNIQUE (channel, key)
    )""",
    "CREATE INDEX outbox_state ON outbox(state)",
)


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)


@MIGRATIONS(name="0002_versions_reported")
def _versions_reported(db: Database) -> None:
    # When the version's event was stored: a run killed between storing a version and storing
    # its event finds the version again through Store.unreported() instead of losing the change.
    db.execute("ALTER TABLE versions ADD COLUMN reported_at TEXT")
    db.execute("CREATE INDEX versions_unreported ON versions(document_id) WHERE reported_at IS NULL")


@MIGRATIONS(name="0003_discovered")
def _discovered(db: Database) -> None:
    # URLs seen on a listing whose first fetch has not succeeded yet. Without this queue a
    # document whose fetch failed during a backfill would never be tried again once later runs
    # read only the first listing pages.
    db.execute(
        """CREATE TABLE discovered (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            listed_run_id INTEGER,
            PRIMARY KEY (source, url)
        )"""
    )


@MIGRATIONS(name="0004_speed_lean_store")
def _speed_lean_store(db: Database) -> None:
    # Issue 15: every change was stored three times over (the event's changeset, the runs row
    # repeating every event, a whole compressed copy of each version's text and raw body).
    # blobs.base: the body this one is zlib-compressed against (NULL: self-contained).
    db.execute("ALTER TABLE blobs ADD COLUMN base TEXT")
    # events.changeset_z: the changeset JSON, zlib-compressed (changeset stays NULL for new rows).
    db.execute("ALTER TABLE events ADD COLUMN changeset_z BLOB")
    db.execute("CREATE INDEX events_run ON events(run_id)")
    db.execute("CREATE INDEX blobs_base ON blobs(base) WHERE base IS NOT NULL")
    for event_id, text in db.execute("SELECT id, changeset FROM events WHERE changeset IS NOT NULL").fetchall():
        db.execute("UPDATE events SET changeset = NULL, changeset_z = ? WHERE id = ?",
                   [pack_changeset(text), event_id])
    # runs.summary keeps the ids of its events instead of a copy of each (see slim_summary)
    stored = {r[0] for r in db.execute("SELECT id FROM events").fetchall()}
    for run_id, text in db.execute("SELECT id, summary FROM runs WHERE summary IS NOT NULL").fetchall():
        slim = slim_summary(json.loads(text), stored)
        if slim is not None:
            db.execute("UPDATE runs SET summary = ? WHERE id = ?",
                       [json.dumps(slim, ensure_ascii=False, default=str), run_id])


@MIGRATIONS(name="0005_lineage_relations")
def _lineage_relations(db: Database) -> None:
    # Relations between documents (lineage), each with its evidence. target_key identifies the
    # target: "id:N" once resolved, else "ref:" + url|title|文号 of what the citation names, so
    # finding the same relation again is a no-op. A relation a person removed stays as
    # removed=1, so detection does not bring it back.
    db.execute(
        """CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            subject_id INTEGER NOT NULL REFERENCES documents(id),
            target_id INTEGER REFERENCES documents(id),
            target_key TEXT NOT NULL,
            target_url TEXT NOT NULL DEFAULT '',
            target_title TEXT NOT NULL DEFAULT '',
            target_doc_number TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0,
            effect TEXT NOT NULL DEFAULT '',
            removed INTEGER NOT NULL DEFAULT 0,
            changeset TEXT,
            found_at TEXT NOT NULL,
            resolved_at TEXT,
            reported_at TEXT,
            resolved_reported_at TEXT,
            UNIQUE (subject_id, kind, target_key)
        )"""
    )
    db.execute("CREATE INDEX relations_target ON relations(target_id)")
    db.execute("CREATE INDEX relations_unresolved ON relations(kind) WHERE target_id IS NULL AND removed = 0")
    # relation events carry the other document and the evidence
    db.execute("ALTER TABLE events ADD COLUMN detail TEXT")
    # versions lineage has read (a run killed before that is caught up by the next one)
    db.execute("ALTER TABLE versions ADD COLUMN linked_at TEXT")
    # a version derived by applying an amendment decision (the relation that did it), not fetched
    db.execute("ALTER TABLE versions ADD COLUMN derived_from INTEGER REFERENCES relations(id)")
    # an amends relation whose decision was applied to its target: what was and was not applied
    db.execute("ALTER TABLE relations ADD COLUMN applied TEXT")
    db.execute("CREATE INDEX versions_unlinked ON versions(document_id) WHERE linked_at IS NULL")
    # what a document says of its own validity: 有效期至… (an extension is a new version saying so)
    db.execute(
        """CREATE TABLE validity_terms (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id),
            expires TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT ''
        )"""
    )


@MIGRATIONS(name="0006_outbox_dead")
def _outbox_dead(db: Database) -> None:
    # state 'dead': a report given up on (refused for good, or failing past its bounded attempts),
    # kept for `status` and `policywatch outbox requeue` but never offered to its destination
    # again. SQLite cannot change a CHECK constraint in place: the table is made again from its
    # own stored definition with 'dead' allowed (SQLite's documented way), its rows (ids
    # included) copied as they are.
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").fetchone()
    states = "'pending', 'sending', 'sent', 'failed')"
    if sql.count(states) != 1 or not sql.startswith("CREATE TABLE outbox ("):
        raise RuntimeError(f"0006_outbox_dead: unexpected outbox table: {sql}")
    db.execute(sql.replace("CREATE TABLE outbox (", "CREATE TABLE outbox_new (", 1)
               .replace(states, "'pending', 'sending', 'sent', 'failed', 'dead')"))
    db.execute("INSERT INTO outbox_new SELECT * FROM outbox")
    db.execute("DROP TABLE outbox")
    db.execute("ALTER TABLE outbox_new RENAME TO outbox")
    db.execute("CREATE INDEX outbox_state ON outbox(state)")


@MIGRATIONS(name="0007_store_identity")
def _store_identity(db: Database) -> None:
    # Who this store is, for the ids its reports carry: Message-IDs and Atom ids were made of row
    # ids, which every installation and every restored backup counts again, and mail clients
    # drop a message whose Message-ID they have seen. `uid` is random and made once (a backup
    # copies it); `legacy_events` is the highest event id already stored, whose feed entries
    # keep the id readers were shown (else every entry would show once more after the upgrade).
    db.execute("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    (legacy,) = db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()
    db.execute("INSERT INTO store_meta (key, value) VALUES ('uid', ?), ('legacy_events', ?)",
               [uuid.uuid4().hex, str(legacy)])


@MIGRATIONS(name="0008_source_renames")
def _source_renames(db: Database) -> None:
    # Which source continued which (a config's renamed_from, merged by Store.continue_source).
    # Without it nothing stored said a merge was made: a declaration left in place merged again
    # whatever the old name stored since (another config on the store still running it: the
    # documents passed back and forth every run), and an outage alerted under a name two renames
    # ago, or under a name whose declaration was then removed, was alerted again.
    db.execute("CREATE TABLE source_renames (old TEXT NOT NULL, new TEXT NOT NULL, at TEXT NOT NULL, "
               "PRIMARY KEY (old, new))")
    # the merges made before it are not inferred here (0009_merged_before says why)


@MIGRATIONS(name="0009_merged_before")
def _merged_before(db: Database) -> None:
    # The merges made before renames were recorded left a name events were told under and no
    # sources row (only a merge deletes one), but not which source continued it: the documents
    # its events were about may have moved on since (renamed again, or taken over by a new
    # source listing them), so their holder is no proof. Kept as candidates only: a holder
    # that declares the old name (renamed_from) is taken as its continuation at that run
    # (Store.continued); a holder that declares nothing is recorded as nothing.
    db.execute("CREATE TABLE merged_before (old TEXT NOT NULL, holder TEXT NOT NULL, PRIMARY KEY (old, holder))")
    db.execute(
        """INSERT OR IGNORE INTO merged_before (old, holder)
           SELECT DISTINCT e.source, d.source FROM events AS e JOIN documents AS d ON d.id = e.document_id
           WHERE d.source != e.source AND NOT EXISTS (SELECT 1 FROM sources WHERE name = e.source)
             AND NOT EXISTS (SELECT 1 FROM source_renames WHERE old = e.source)"""
    )


def unknown_migrations(db: Database) -> list[str]:
    """Migrations the store records that this code does not define: a newer policywatch wrote
    it, and this one would read and write its tables as if they had the old meaning."""
    known = {m.name for m in MIGRATIONS._migrations}  # sqlite-utils keeps the registered ones there
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in known]


def pending_migrations(db: Database) -> list[str]:
    """Migrations this code defines that the store has not had yet (a read-only operation)."""
    return [m.name for m in MIGRATIONS.pending(db)]


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied (empty when up to date)."""
    pending = pending_migrations(db)
    if pending:
        MIGRATIONS.apply(db)
    return pending
