"""Message-IDs and Atom ids are unique to the store that made them, and to what they say.

They were made of SQLite row ids (and a subscription's name), which every installation counts
from 1 and a restored backup counts again: Gmail and other clients silently drop a message
whose Message-ID they have already seen, and feed readers take an entry whose id they know for
one they have shown. Real servers on loopback (the demo site, aiosmtpd), real stores, a backup
restored by copying the SQLite file back.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from policywatch.config import Settings, load_settings
from policywatch.demo import LoopbackSite, site_root
from policywatch.pipeline import deliver_outbox, enqueue_digests, run_once
from policywatch.state import Store
from tests.conftest import SmtpCollector, demo_config, start_smtp
from tests.test_delivery import LATER, mail_config

ATOM = "{http://www.w3.org/2005/Atom}"


def _run(settings: Settings, *, site: bool = False) -> list[int]:
    """One run in a process of its own (the store opened and closed); the ids of its events."""
    with Store.open(settings.database) as store:
        return [e.id for e in run_once(settings, store, build_report_site=site).events]


def _entry_ids(settings: Settings) -> dict[str, str]:
    """The site feed's entries: id by title."""
    feed = ET.parse(settings.output_dir / "feed.xml").getroot()
    return {e.findtext(f"{ATOM}title", ""): e.findtext(f"{ATOM}id", "") for e in feed.iter(f"{ATOM}entry")}


def _copy_store(source: Path, target: Path) -> None:
    """A cold copy of a closed store (what restoring a backup by `cp` does), no -wal/-shm left."""
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def test_two_installations_with_the_same_subscription_and_event_ids_send_different_message_ids(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """Both count events from 1 and name their subscription "analysts": the second
    installation's digest had the first's Message-ID, and a reader of both lost it."""
    box = SmtpCollector()
    controller = start_smtp(box)
    try:
        ids = []
        for name in ("one", "two"):
            (tmp_path / name).mkdir()
            settings = load_settings(mail_config(tmp_path / name, demo_site.base_url, controller.port))
            ids.append(_run(settings, site=True))
    finally:
        controller.stop()
    assert ids[0] == ids[1] and ids[0], "the same event ids in both stores"
    first, second = box.messages
    assert first["Message-ID"] != second["Message-ID"]
    feeds = [ET.parse(tmp_path / n / "site" / "feed.xml").getroot() for n in ("one", "two")]
    assert feeds[0].findtext(f"{ATOM}id") != feeds[1].findtext(f"{ATOM}id"), "a feed id is the store's own"
    entries = [{e.findtext(f"{ATOM}id") for e in f.iter(f"{ATOM}entry")} for f in feeds]
    assert entries[0] and not entries[0] & entries[1]


def test_a_restored_backup_never_reuses_a_message_id_or_entry_id_for_other_content(
    tmp_path: Path
) -> None:
    """Restore an older copy of the store and go on: the events detected since get the ids the
    lost ones had. A digest saying something else must not carry a Message-ID readers have
    seen, nor an entry an id a feed reader has shown."""
    other = tmp_path / "other-after"  # the "after" state with one clause changed otherwise
    shutil.copytree(site_root("after"), other)
    page = other / "zcwj" / "202001" / "t20200115_1002.html"
    text = page.read_text(encoding="utf-8")
    assert "有效期至2027年12月31日" in text
    page.write_text(text.replace("有效期至2027年12月31日", "有效期至2030年12月31日"), encoding="utf-8")

    box = SmtpCollector()
    controller = start_smtp(box)
    try:
        with LoopbackSite(site_root("before")) as site:
            settings = load_settings(mail_config(tmp_path, site.base_url, controller.port))
            _run(settings)
            backup = tmp_path / "backup.db"
            _copy_store(settings.database, backup)
            site.set_root(site_root("after"))
            lost = _run(settings, site=True)
            lost_entries = _entry_ids(settings)
            _copy_store(backup, settings.database)  # the restore
            site.set_root(other)
            again = _run(settings, site=True)
            entries = _entry_ids(settings)
    finally:
        controller.stop()
    assert lost and again == lost, "the restored store gives its new events the lost ones' ids"
    _, before_restore, after_restore = box.messages
    assert "2027" in before_restore.get_body(("plain",)).get_content()
    assert "2030" in after_restore.get_body(("plain",)).get_content()
    assert after_restore["Message-ID"] != before_restore["Message-ID"]
    changed = [title for title in entries if title in lost_entries and "导则" in title]
    assert changed, sorted(entries)
    assert all(entries[t] != lost_entries[t] for t in changed), "the changed guideline is a new entry"


class KeepThenDrop(SmtpCollector):
    """Keeps the first message and closes the connection before answering it: the client cannot
    know the message arrived, so it is sent again."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = False

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.raw.append(envelope.content)
        if not self.dropped:
            self.dropped = True
            server.transport.close()
            await asyncio.sleep(0.1)
        return "250 OK"


def test_a_digest_sent_again_by_another_process_carries_the_same_message_id(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    """The outbox keeps the digest's events, not the message: the Message-ID is made again from
    the store's identity and what the digest says, so the copy a crash makes is dropped by mail
    clients."""
    box = KeepThenDrop()
    controller = start_smtp(box)
    try:
        settings = load_settings(mail_config(tmp_path, demo_site.base_url, controller.port))
        _run(settings)
        with Store.open(settings.database) as store:  # the next process
            (item,) = store.outbox_items()
            assert item.state == "failed"
            assert deliver_outbox(store, settings, now=datetime.now(UTC) + LATER)["sent"] == 1
    finally:
        controller.stop()
    first, second = box.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first.get_body(("plain",)).get_content() == second.get_body(("plain",)).get_content()


def test_feed_entries_of_events_stored_before_the_upgrade_keep_their_ids(
    tmp_path: Path
) -> None:
    """An upgraded store's feeds would otherwise show every entry once more: events stored
    before the store had an identity keep the id form they had; those after get the new one."""
    with LoopbackSite(site_root("before")) as site:
        settings = load_settings(demo_config(tmp_path, site.base_url))
        old = _run(settings, site=True)
        with sqlite3.connect(settings.database) as db:  # the store as the previous version left it
            db.execute("DROP TABLE store_meta")
            db.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_store_identity'")
        db.close()
        _run(settings, site=True)
        before = _entry_ids(settings)
        site.set_root(site_root("after"))
        new = _run(settings, site=True)
        after = _entry_ids(settings)
    assert old and new
    legacy = {f"urn:policywatch:event:{i}" for i in old}
    assert legacy <= set(before.values()), "the upgrade changed no entry's id"
    assert {v for v in after.values() if v in legacy}, "old entries keep their ids after new events"
    fresh = set(after.values()) - legacy
    assert fresh and all(v.startswith("urn:policywatch:") and ":event:" in v and v not in legacy for v in fresh)
    assert not any(v in {f"urn:policywatch:event:{i}" for i in new} for v in after.values())


def test_the_store_identity_is_made_once_per_store_and_remembers_what_came_before_it(tmp_path: Path) -> None:
    """Migration 0007: a random uid per store, kept by every later open and by a copy of the
    file; a store upgraded with events already stored records the highest of their ids."""
    from policywatch.state.connection import connect
    from policywatch.state.schema import MIGRATIONS

    old = tmp_path / "old.db"
    db = connect(old)
    MIGRATIONS.apply(db, stop_before="0007_store_identity")
    for n in (1, 2, 7):
        db.execute("INSERT INTO events (id, kind, source, detected_at) VALUES (?, 'changed', 'demo', ?)",
                   [n, "2026-01-02T00:00:00+00:00"])
    db.conn.commit()
    db.close()
    with Store.open(old) as store:
        upgraded = store.identity()
    with Store.open(old) as store:
        assert store.identity() == upgraded, "made once"
    assert upgraded.legacy_events == 7 and len(upgraded.uid) == 32
    shutil.copyfile(old, tmp_path / "copy.db")
    with Store.open(tmp_path / "copy.db") as store:
        assert store.identity() == upgraded, "a copy of the file is the same store"
    with Store.open(tmp_path / "new.db") as one, Store.open(tmp_path / "other.db") as two:
        assert one.identity().legacy_events == two.identity().legacy_events == 0
        assert len({one.identity().uid, two.identity().uid, upgraded.uid}) == 3


def test_digests_a_pre_upgrade_version_sent_or_left_sending_are_not_sent_again_after_the_upgrade(
    tmp_path: Path
) -> None:
    """A version before the store identity made Message-IDs of row ids alone: a digest it sent,
    made again now, would carry another Message-ID and no mail client would drop it. So nothing
    it sent, or left claimed when it was killed mid-send, may be made again after the upgrade:
    not by a run, not by `digest --send` the same day; the next news is one new digest."""
    box = SmtpCollector()
    controller = start_smtp(box)
    try:
        with LoopbackSite(site_root("before")) as site:
            config = mail_config(tmp_path, site.base_url, controller.port)
            config.write_text(config.read_text(encoding="utf-8") + '[[subscriptions]]\nname = "daily"\n'
                              'recipients = ["daily@example.org"]\nfrequency = "daily"\n', encoding="utf-8")
            settings = load_settings(config)
            with Store.open(settings.database) as store:  # the previous version at work
                run_once(settings, store)
                assert enqueue_digests(store, settings) == 1 and deliver_outbox(store, settings)["sent"] == 1
                site.set_root(site_root("after"))
                run_once(settings, store, deliver=False)
                (killed,) = [i for i in store.outbox_items() if i.state == "pending"]
                assert store.claim(killed.id), "sending when the process was killed: it may have gone out"
            with sqlite3.connect(settings.database) as db:  # the store as the previous version left it
                db.execute("DROP TABLE store_meta")
                db.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_store_identity'")
            db.close()
            sent = [m["Message-ID"] for m in box.messages]
            assert len(sent) == 2
            with Store.open(settings.database) as store:  # the upgraded version, the same day
                assert store.identity().legacy_events > 0
                run_once(settings, store)
                assert enqueue_digests(store, settings) == 0, "today's digest was sent"
                assert deliver_outbox(store, settings, now=datetime.now(UTC) + LATER)["sent"] == 0
                assert [m["Message-ID"] for m in box.messages] == sent, "nothing the previous version sent or claimed is sent again"
                assert [i.state for i in store.outbox_items() if i.id == killed.id] == ["sending"]
                site.set_root(site_root("before"))  # news after the upgrade: one digest of it alone
                run_once(settings, store)
                (new,) = box.messages[len(sent):]
    finally:
        controller.stop()
    killed_ids = set(killed.payload["event_ids"])
    assert new["Message-ID"] not in sent
    with Store.open(settings.database) as store:
        (item,) = [i for i in store.outbox_items() if i.state == "sent" and i.id > killed.id]
        assert not killed_ids & set(item.payload["event_ids"]), "the claimed digest's events are not told again"
