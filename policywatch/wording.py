"""What the pipeline says in English and the reports say again in the reader's language.

`plural` counts right ("1 document", "2 documents") for status, run summaries and warnings. A
source's health messages (an alert when failing starts or ends, the note of documents a run
left unread) are stored in English, as `run --json` and `status` give them; the reports show
them in the site's language. Their shapes are written and read here alone, so the two never
drift apart: `health_failing` / `health_recovered` / `unread_note` write them, `read_health` /
`read_unread_note` take them apart (None for a message of another shape, shown as it is).
The evidence a fetch's outcome rests on (a challenge's marker, a "page not found" page served
with HTTP 200, …: FetchResult.detail, then a MISSING event's message and a source's health) is
written and read here too: `evidence` writes one of EVIDENCE, `read_evidence` takes it apart,
and the reports say it again in their language (the catalogue's `evidence.<key>`).
The phrases a run's errors are made of around that evidence (`<source>: listing: `, `listing
page <url>: `, `<url>: attachment `, a source's timeout, …: PHRASES) are written by `phrase` and
said again by `reword` (the catalogue's `phrase.<key>`), so a Chinese report says a listing or
attachment failure in Chinese too. `policywatch status` says its own lines with PHRASES too
(`status_*`, through the catalogue, in the configured language). A stored message keeps the words of the version that wrote
it: a sentence since reworded is still read as its key (FORMER_EVIDENCE).
A bottom library: the crawler and the pipeline write, the reports read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

__all__ = ["EVIDENCE", "PHRASES", "STATUS_PREFIX", "evidence", "health_failing", "health_recovered", "phrase", "plural", "read_evidence",
           "read_health", "read_unread_note", "reword", "shell_word", "unread_note"]


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """"1 new document", "2 new documents"; `nouns` for a plural not made with -s."""
    return f"{n} {noun}" if n == 1 else f"{n} {nouns or noun + 's'}"


def shell_word(value: object) -> str:
    """`value` (a path a hint names) as one shell word to copy into a command: a path with a space
    (`demo 演示/policywatch.toml`) cut the hinted command in two, and one with a newline broke the
    line it was written on (a config's comment: the demo's config was no valid TOML). Printable
    text is quoted as shlex.quote does; other text in bash's $'…' with its controls escaped."""
    import shlex

    text = str(value)
    if text.isprintable():
        return shlex.quote(text)
    def escape(ch: str) -> str:
        if ch in "\\'":
            return "\\" + ch
        if ch.isprintable():
            return ch
        if 0xDC80 <= ord(ch) <= 0xDCFF:
            # a byte no UTF-8 decodes (a file name's, kept by os.fsdecode as a lone surrogate):
            # bash's \xNN writes that byte back; \U0000dcff was no character bash would write
            return f"\\x{ord(ch) - 0xDC00:02x}"
        # \n, \t, \x1b below 0x80; above, the character's code point (bash's \xNN is a byte)
        return ch.encode("unicode_escape").decode("ascii") if ord(ch) < 0x80 else f"\\U{ord(ch):08x}"

    return "$'" + "".join(map(escape, text)) + "'"


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


# key -> the English sentence (str.format names; those in _NUMBERS are digits). Each key has its
# words in the reports' catalogue as `evidence.<key>`, with the same names.
EVIDENCE: dict[str, str] = {
    "http_status": "HTTP {status}",
    "redirect_without_location": "HTTP {status} without a usable Location",
    "challenge_status": "HTTP {status} challenge ({marker})",
    "challenge_status_bare": "HTTP {status} challenge",
    "challenge_status_empty": "HTTP {status} challenge (empty page)",
    "block_status": "HTTP {status} WAF block or verification page ({marker})",
    "maintenance_status": "HTTP {status} maintenance page ({marker})",
    "empty_body": "empty body",
    "challenge_page": "challenge page served with HTTP {status} ({marker})",
    "scripts_only": ("a page of scripts and nothing else served with HTTP {status} "
                     "(a JS challenge; its cookie names are no known vendor's)"),
    "block_page": "WAF block or verification page served with HTTP {status} ({marker})",
    "maintenance_page": "maintenance page ({marker})",
    "not_found_page": "'page not found' page served with HTTP {status} ({marker})",
    "not_found_in_site": "'page not found' page served with HTTP {status} ({marker}) inside the site's pages",
    "home_page": "the site's home page ({title}) served for a document URL",
    "stub_size": "body {size} bytes, far below the usual {usual}",
    "listing_redirect": "document URL redirected to its column's listing page",
    "login_page": "a login page (a password field and next to no text) served with HTTP {status} in place of the document",
    "login_page_at": ("a login page (a password field and next to no text) served with HTTP {status} in place of the "
                      "document where it was redirected"),
    "list_in_place": "a list of documents linking this one served in its place (HTTP {status})",
    "shrunk": "its text is {length} characters against the stored {stored}",
}
_NUMBERS = frozenset({"status", "size", "usual", "length", "stored"})
# key -> sentences an earlier version wrote for it (in stores, events and health messages written
# then): read as the key, their extra values unused by its words
FORMER_EVIDENCE: dict[str, tuple[str, ...]] = {
    "listing_redirect": ("document URL redirected to its column's listing page {url}",),
    "login_page_at": ("a login page (a password field and next to no text) served with HTTP {status} in place of the "
                      "document at {url}",),
}


def evidence(key: str, **values: object) -> str:
    """One of EVIDENCE written with its values."""
    return EVIDENCE[key].format(**values)


def _template_regex(template: str, value: Callable[[str], str]) -> str:
    """A regex matching what `template` (str.format's {name} fields) writes, each field a named
    group matching `value(name)`: how EVIDENCE and PHRASES are read back."""
    return re.sub(r"\\\{(\w+)\\\}", lambda found: rf"(?P<{found[1]}>{value(found[1])})", re.escape(template))


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(_template_regex(template, lambda name: r"\d+" if name in _NUMBERS else ".+?"), re.S)


_EVIDENCE_PATTERNS = [(key, _pattern(template)) for key, template in
                      [*EVIDENCE.items(), *((k, f) for k, former in FORMER_EVIDENCE.items() for f in former)]]
_PART = re.compile(r"; ")
_LEAD = re.compile(r": |：")  # "：" ends a phrase said in Chinese (reword) before its evidence


def read_evidence(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """`text` (a detail, a health message's, parts joined by "; ") as (lead, key, values) for
    each part: `lead` what comes before its evidence (a URL, "<source>: listing: "), `key` ""
    and the part as `lead` when the part says none of EVIDENCE."""
    said = []
    for part in _PART.split(text):
        starts = [0, *(m.end() for m in _LEAD.finditer(part))]
        for start in starts:
            for key, pattern in _EVIDENCE_PATTERNS:
                found = pattern.fullmatch(part, start)
                if found:
                    said.append((part[:start], key, found.groupdict()))
                    break
            else:
                continue
            break
        else:
            said.append((part, "", {}))
    return said


# key -> an English phrase of a run's errors and warnings, around the evidence (str.format names).
# Each key has its words in the reports' catalogue as `phrase.<key>`, with the same names. Order
# matters to `reword`: a longer phrase before one it starts with.
PHRASES: dict[str, str] = {
    "source_listing": "{source}: listing: ",
    "listing_page": "listing page {url}: ",
    "no_documents": "no documents found",
    "attachment_unreadable": "{url}: attachment unreadable: ",
    "attachment_no_text": "{url}: attachment has no text layer or is empty; not stored",
    "attachment": "{url}: attachment ",
    "source_timeout": "{source}: stopped after fetch.source_timeout ({seconds} s); the rest waits for the next run",
    # what `policywatch status` says (STATUS_PREFIX): its own words in the configured language,
    # what it lists after them (a source's last message, a report's error) as stored. A count's
    # {s} is the Translator's plural ending ("1 document", "2 documents").
    "status_source": "{source}: {n} document{s}, last run {last}, last change {change}, {state}",
    "status_never": "never",
    "status_ok": "ok",
    "status_note": " ({message})",
    "status_blocked": "BLOCKED ({outcome})",
    "status_failing": "FAILING x{count} ({outcome}) {message}",
    "status_gone": " (not in the config: no longer run)",
    "status_unrun": "{source}: not run yet (`policywatch run` crawls it)",
    "status_no_sources": ("no sources: none configured in {path} and none stored (add [[sources]], see "
                          "`policywatch init`, then `policywatch run`)"),
    "status_outbox": ("outbox: {pending} pending, {failed} failed{error}, {dead} dead (given up), "
                      "{unconfirmed} unconfirmed (killed while sending)"),
    "status_last_error": " (last error: {error})",
    "status_failed_item": "  failed {channel} {report} x{attempts}: {error}",
    "status_dead_item": "  dead #{id} {channel} {report} x{attempts}: {error}",
    "status_requeue": "  send a dead report again with `policywatch outbox requeue --dead` (or its #id)",
}
# The keys of status's own words: never in a run's errors and warnings, so not said again by
# `reword` (which would find "ok" and "never" inside any message).
STATUS_PREFIX = "status_"
# what a value may be inside a message: a source's name or a URL has no blank, colon or semicolon
# after its start (a URL's own "http:" is inside it), a number is digits
_VALUES = {"source": r"[^\s:;：；]+", "url": r"\S+?", "seconds": r"[\d.]+"}


def phrase(key: str, **values: object) -> str:
    """One of PHRASES written with its values."""
    return PHRASES[key].format(**values)


# what must follow a phrase ending open for it to be that phrase: an attachment's failure goes
# on with its outcome ("http_error: HTTP 404"), so another sentence beginning "<url>: attachment"
# (written without `phrase`) is not read as one and said half in the reader's words
_FOLLOWED_BY = {"attachment": r"(?=[a-z][a-z0-9_]*: )"}
# a value _VALUES does not name matches as little text as it can: a new phrase's field is read,
# not a KeyError at import that took every command down with it
_PHRASE_PATTERNS = [(key, re.compile(_template_regex(template, lambda name: _VALUES.get(name, r".+?"))
                                     + _FOLLOWED_BY.get(key, "")))
                    for key, template in PHRASES.items() if not key.startswith(STATUS_PREFIX)]


def reword(text: str, say: Callable[[str, dict[str, str]], str]) -> str:
    """`text` with each of PHRASES in it replaced by `say(key, values)` (the reader's words)."""
    for key, pattern in _PHRASE_PATTERNS:
        text = pattern.sub(lambda found, key=key: say(key, found.groupdict()), text)  # type: ignore[misc]
    return text
