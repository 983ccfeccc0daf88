"""What the pipeline says in English and the reports say again in the reader's language.

`plural` counts right ("1 document", "2 documents") for status, run summaries and warnings. A
source's health messages (an alert when failing starts or ends, the note of documents a run
left unread) are stored in English, as `run --json` and `status` give them; the reports show
them in the site's language. Their shapes are written and read here alone, so the two never
drift apart: `health_failing` / `health_recovered` / `unread_note` write them, `read_health` /
`read_unread_note` take them apart (None for a message of another shape, shown as it is).
A bottom library: the pipeline writes, the reports read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

__all__ = ["health_failing", "health_recovered", "plural", "read_health", "read_unread_note", "unread_note"]


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """"1 new document", "2 new documents"; `nouns` for a plural not made with -s."""
    return f"{n} {noun}" if n == 1 else f"{n} {nouns or noun + 's'}"


_STAMP = "%Y-%m-%d %H:%M"


def health_failing(since: datetime, outcome: str, detail: str) -> str:
    """The alert when a source has been failing long enough: `outcome` a FetchOutcome value (or
    "error"), `detail` what its last run said."""
    return f"failing since {since:{_STAMP}} UTC ({outcome}): {detail}"


def health_recovered(since: datetime) -> str:
    """The alert when a source that was reported failing works again."""
    return f"working again after failing since {since:{_STAMP}} UTC"


def unread_note(reasons: Iterable[tuple[str, int]]) -> str:
    """A healthy run's note of the documents it left unread: (outcome, count) pairs, most first."""
    pairs = list(reasons)
    total = sum(n for _, n in pairs)
    return (f"{plural(total, 'document')} not read this run ("
            + ", ".join(f"{n} {outcome}" for outcome, n in pairs) + "; run --json: unread)")


_FAILING = re.compile(r"failing since (\d{4}-\d\d-\d\d \d\d:\d\d) UTC \((\w+)\): (.*)", re.S)
_RECOVERED = re.compile(r"working again after failing since (\d{4}-\d\d-\d\d \d\d:\d\d) UTC")
_UNREAD = re.compile(r"\d+ documents? not read this run \(((?:\d+ \w+)(?:, \d+ \w+)*); run --json: unread\)")


def read_health(message: str) -> tuple[str, str, str, str] | None:
    """("failing", since, outcome, detail) or ("recovered", since, "", "") for a health alert
    written above (since as "YYYY-MM-DD HH:MM", UTC); None for any other message."""
    found = _FAILING.fullmatch(message)
    if found:
        return "failing", found[1], found[2], found[3]
    found = _RECOVERED.fullmatch(message)
    return ("recovered", found[1], "", "") if found else None


def read_unread_note(message: str) -> list[tuple[str, int]] | None:
    """The (outcome, count) pairs of a note written by unread_note; None for any other message."""
    found = _UNREAD.fullmatch(message)
    if found is None:
        return None
    return [(outcome, int(n)) for n, outcome in (pair.split(" ") for pair in found[1].split(", "))]
