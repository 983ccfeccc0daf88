"""Atom feeds of change events: one for the whole site, one per source.

Built with ElementTree (so titles are escaped as XML) and dated from the events themselves, so
the same store gives the same bytes.

Ids are the store's own (feed_urn, entry_urn): readers take an entry whose id they know for one
they have shown, and event row ids repeat in every installation and in a restored backup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from policywatch.lazyre import LazyRegex
from policywatch.model import ChangeEvent, StoreIdentity
from policywatch.reports.announce import fold_announced
from policywatch.reports.i18n import Translator
from policywatch.reports.views import event_view, sort_events

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100
# Part of each feed page's inputs: raised when the code changes what a feed holds, so a site
# built before is rewritten (2: characters XML cannot carry are replaced).
FEED_FORMAT = 2
FEED_DETAILS = 6
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates,
# U+FFFE/U+FFFF): ElementTree writes them as they are, and one such title in a crawled page
# made the whole feed unreadable to every feed reader.
_NOT_XML = LazyRegex("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_urn(identity: StoreIdentity | None, name: str = "") -> str:
    """The id of the site's feed, or of the feed `name` (a source's slug), in the store's name.

    A source without an identity (a test's fake) keeps the ids feeds had before stores had one."""
    base = "urn:policywatch" if identity is None else f"urn:policywatch:{identity.uid}"
    return f"{base}:feed:{name}" if name else f"{base}:feed"


def entry_urn(event: ChangeEvent, identity: StoreIdentity | None) -> str:
    """An event's entry id: the store's uid, the event's row id, and a hash of when and what it
    detected. A restored older backup gives its new events the row ids of events it lost, which
    readers have shown; those were detected at another time, so their entries are new ones.

    Events stored before the store had an identity keep the id they were shown with: a new id
    would make every reader show the whole feed again once after the upgrade."""
    if identity is None or event.id <= identity.legacy_events:
        return f"urn:policywatch:event:{event.id}"
    what = f"{event.kind.value}\0{event.source}\0{event.url}\0{_utc(event.detected_at).isoformat()}"
    return f"urn:policywatch:{identity.uid}:event:{event.id}:{hashlib.sha256(what.encode()).hexdigest()[:12]}"


def _link(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path if base_url else path


def build_feed(
    events: Sequence[ChangeEvent],
    *,
    title: str,
    feed_path: str,
    base_url: str = "",
    lang: str = "zh",
    feed_name: str = "",
    identity: StoreIdentity | None = None,
    source_pages: Mapping[str, str] | None = None,
) -> bytes:
    """An Atom document of the newest events (at most FEED_LIMIT), as UTF-8 bytes.

    `feed_name` tells a source's feed from the site's (its id, feed_urn); `identity` is the
    store's, which the ids are made of. `source_pages` maps a source name to its site page, the
    link of events about a whole source.
    """
    t = Translator(lang)
    ordered = sort_events(fold_announced(events))[:FEED_LIMIT]  # a successor: one entry
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": t.html_lang()})
    _text(feed, "id", feed_urn(identity, feed_name))
    _text(feed, "title", title)
    _text(feed, "updated", _iso(ordered[0].detected_at if ordered else _EPOCH))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_link(base_url, feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_link(base_url, "index.html"))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "policywatch")
    for event in ordered:
        view = event_view(event, t)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", entry_urn(event, identity))
        _text(entry, "title", f"[{view.kind_label}] {view.title}")
        _text(entry, "updated", _iso(event.detected_at))
        page = view.page or (source_pages or {}).get(event.source, "")
        href = _link(base_url, page) if page else view.url
        if href:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_xml_safe(href))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=_xml_safe(event.source))
        if view.kind == "validity":  # readers filter on it: a document expired or was repealed
            ET.SubElement(entry, f"{{{ATOM}}}category", term=f"validity:{view.tone or 'changed'}",
                          label=view.kind_label)
        lines = [view.summary] + [part for part in (view.issuer, view.doc_number) if part]
        # what changed, clause by clause, as the digest quotes it
        details = [f"{line.kind_label} {line.path}：{line.plain()}".strip() for line in view.details[:FEED_DETAILS]]
        if len(view.details) > FEED_DETAILS:
            details.append(t("mail.see_all", n=len(view.details) - FEED_DETAILS))
        _text(entry, "summary", "\n".join([" · ".join(lines), *details]))
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """`text` without the characters XML cannot carry (each becomes U+FFFD, so it shows)."""
    return _NOT_XML.sub("\ufffd", text)
