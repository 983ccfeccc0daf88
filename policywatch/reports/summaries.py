"""Event summaries carried from site build to site build, so a build decodes only new changesets.

Every page listing events (the front page, source pages, document timelines, the search table)
shows each event's one-line summary, which is made from its changeset. Made anew each build,
that decoded the whole history's changesets every round (issue 15). The words are kept in the
site's own build state instead (sitestate.py), by event id, checked against the event's changeset digest (and its
message, which a repeal's summary quotes), and dropped whole when the code or the messages that
write them change (`code_version`), or the build settings do (the site's salt).
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
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
    """Each event's words, from the previous build where its changeset is the same, else made now.

    `saved` is the site's table of them (sitestate.py) or any mapping: read by event id, and
    written where an event's words were made anew, never held whole.
    """

    def __init__(self, t: Translator, saved: MutableMapping[str, list[Any]] | None = None):
        self._t = t
        self._saved = saved if saved is not None else {}

    def words(self, event: ChangeEvent) -> EventWords | None:
        """The event's words; None for an event without a stored changeset (nothing to decode)."""
        digest = getattr(event, "changeset_digest", "")
        if not digest:
            return None
        check = digest if not event.message else f"{digest}:{hashlib.sha256(event.message.encode()).hexdigest()}"
        key = str(event.id)
        saved = self._saved.get(key)
        if isinstance(saved, list) and len(saved) == 6 and saved[0] == check:
            return EventWords(saved[1], saved[2], saved[3], saved[4], tuple(saved[5]))
        words = event_words(event, self._t)
        self._saved[key] = [check, words.kind, words.kind_label, words.tone, words.summary, list(words.facts)]
        return words
