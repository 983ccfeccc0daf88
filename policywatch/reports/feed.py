"""Atom feeds of change events: one for the whole site, one per source.

Built with ElementTree (so titles are escaped as XML) and dated from the events themselves, so
the same store gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from policywatch.lazyre import LazyRegex
from policywatch.model import ChangeEvent
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


def _iso(value: datetime) -> str:
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _link(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path if base_url else path


def build_feed(
    events: Sequence[ChangeEvent],
    *,
    title: str,
    feed_path: str,
    base_url: str = "",
    lang: str = "zh",
    feed_id: str = "urn:policywatch:feed",
    source_pages: Mapping[str, str] | None = None,
) -> bytes:
    """An Atom document of the newest events (at most FEED_LIMIT), as UTF-8 bytes.

    `source_pages` maps a source name to its site page, the link of events about a whole source.
    """
    t = Translator(lang)
    ordered = sort_events(fold_announced(events))[:FEED_LIMIT]  # a successor: one entry
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": t.html_lang()})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", _iso(ordered[0].detected_at if ordered else _EPOCH))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_link(base_url, feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_link(base_url, "index.html"))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "policywatch")
    for event in ordered:
        view = event_view(event, t)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:policywatch:event:{event.id}")
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
