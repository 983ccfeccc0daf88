"""Event summaries carried from site build to site build, so a build decodes only new changesets.

Every page listing events (the front page, source pages, document timelines, the search table)
shows each event's one-line summary, which is made from its changeset. Made anew each build,
that decoded the whole history's changesets every round (issue 15). The words are kept in the
site's own state instead, by event id, checked against the event's changeset digest (and its
message, which a repeal's summary quotes), and dropped whole when the code or the messages that
write them change (`code_version`), or the build settings do (the site's salt).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from policywatch.model import ChangeEvent
from policywatch.reports.i18n import Translator
from policywatch.reports.views import EventWords, event_words

# the modules whose code or messages decide an event's words
_WRITERS = ("views.py", "labels.py", "renumber.py", "i18n.py")


def code_version() -> str:
    """A hash of the code that writes the words: editing it makes every saved summary stale."""
    digest = hashlib.sha256()
    for name in _WRITERS:
        digest.update(name.encode() + b"\0" + (Path(__file__).with_name(name)).read_bytes())
    return digest.hexdigest()


class EventSummaries:
    """Each event's words, from the previous build where its changeset is the same, else made now."""

    def __init__(self, t: Translator, version: str, saved: dict[str, list[Any]] | None = None):
        self._t = t
        self.version = version
        self._saved = saved or {}
        self.kept: dict[str, list[Any]] = {}  # what this build listed: all the next one needs

    def words(self, event: ChangeEvent) -> EventWords | None:
        """The event's words; None for an event without a stored changeset (nothing to decode)."""
        digest = getattr(event, "changeset_digest", "")
        if not digest:
            return None
        check = digest if not event.message else f"{digest}:{hashlib.sha256(event.message.encode()).hexdigest()}"
        key = str(event.id)
        saved = self._saved.get(key)
        if saved is not None and saved[0] == check:
            words = EventWords(saved[1], saved[2], saved[3], saved[4], tuple(saved[5]))
            self.kept[key] = saved
            return words
        words = event_words(event, self._t)
        self.kept[key] = [check, words.kind, words.kind_label, words.tone, words.summary, list(words.facts)]
        return words

    def payload(self) -> dict[str, Any]:
        """What is saved (site.py streams it to its file) for load()."""
        return {"version": self.version, "events": self.kept}

    @classmethod
    def load(cls, t: Translator, version: str, body: bytes | None) -> EventSummaries:
        """The saved summaries when they were written by this code and settings; else none (only a cache)."""
        saved: dict[str, list[Any]] = {}
        try:
            loaded = json.loads(body) if body is not None else {}
            if loaded.get("version") == version and isinstance(loaded.get("events"), dict):
                saved = {str(k): v for k, v in loaded["events"].items() if isinstance(v, list) and len(v) == 6}
        except (ValueError, AttributeError):
            saved = {}
        return cls(t, version, saved)
