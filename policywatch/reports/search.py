"""Full-text search of the static site: a prebuilt bigram index written as JavaScript files.

Why bigrams and scripts (see benchmarks/site_build.py for the figures): Chinese has no spaces,
so a word index needs a segmenter whose guesses miss phrases such as 数据要素; every run of two
characters is exact instead, with no dictionary. And the site must work from file://, where
Chromium refuses fetch()/XHR (Pagefind's way of loading its index) but still runs <script>
files — so every part of the index is a script that hands its data to a callback.

Layout (all under search/):

    entries.js           the result table: key, kind, title, meta line, page (loaded up front)
    p/<shard>.js         postings: bigram -> keys of the entries containing it; a bigram lives
                         in shard (31·first + second code point) % SHARDS, so a phrase loads one
                         small shard per distinct bigram (a one-character query matches titles,
                         document numbers and issuers in the result table)
    t/<key>.js           one part of an entry's text, fetched only for candidates (phrase check,
                         snippet); a long text is cut into parts of PART characters (overlapping,
                         so no phrase is lost at a cut) that are indexed on their own, so a long
                         plan that holds a query's bigrams far apart costs one small part to rule out

Keys are stable ("d12" document 12, "c34" change event 34, "d12.1" the second part of document
12), so a document's text files change only when the document does and an incremental build
carries every other one over.
Both sides fold text the same way (fold() here, fold() in static/search.js): NFKC, lower case,
bracket styles of 发文字号 unified, whitespace removed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from policywatch.model import ChangeSet

SHARDS = 256
PART = 4000  # characters of text per part
OVERLAP = 64  # characters a part repeats of the next, longer than any sensible query
_BRACKETS = re.compile(r"[\[\]()〔〕【】〖〗［］｛｝{}]")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """The comparison form of text for search; must match fold() in static/search.js."""
    return _SPACE.sub("", _BRACKETS.sub("|", unicodedata.normalize("NFKC", text).lower()))


def shard_of(bigram: str) -> int:
    """The posting shard of a two-character string; must match shardOf() in static/search.js."""
    return (31 * ord(bigram[0]) + ord(bigram[1])) % SHARDS


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One searchable thing: a document's current text, or the clauses of one change."""

    key: str  # "d<document id>" or "c<event id>"
    kind: str  # "document" or "change"
    title: str
    meta: str  # 发文字号 · 发文机关 · date, shown under the title
    page: str  # site path of the page a hit opens
    text: str


def change_text(cs: ChangeSet) -> str:
    """The words a change brought in or took out: new and old clause texts, changed metadata."""
    parts: list[str] = []
    for change in cs.changes:
        parts += [t for t in (change.new_text, change.old_text) if t]
    parts += [f"{m.old} {m.new}" for m in cs.metadata_changes]
    return "\n".join(parts)


def _script(callback: str, *args: object) -> bytes:
    payload = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in args)
    # "</" never appears unescaped, so a file stays inert even if pasted into an HTML page
    payload = payload.replace("</", "<\\/")
    return f"{callback}({payload});\n".encode()


def bigrams(folded: str) -> set[str]:
    return {folded[i:i + 2] for i in range(len(folded) - 1)}


@dataclass(frozen=True, slots=True)
class IndexFile:
    """One file of the index: its path, a cheap key of what decides its bytes, and how to make them.

    Rendering is deferred, so a rebuild whose inputs did not change never computes the postings.
    """

    path: str
    inputs: str
    render: Callable[[], bytes]


def _parts(entry: SearchEntry) -> list[tuple[str, str]]:
    """(key, text) of each part of an entry: "d12", "d12.1", …"""
    body = "\n".join(part for part in (entry.title, entry.meta, entry.text) if part)
    return [(f"{entry.key}.{number}" if number else entry.key, body[start:start + PART + OVERLAP])
            for number, start in enumerate(range(0, max(len(body), 1), PART))]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def index_files(entries: Iterable[SearchEntry]) -> Iterator[IndexFile]:
    """Every index file, in a fixed order."""
    table: list[list[str]] = []
    parts: list[tuple[str, str]] = []
    for entry in entries:
        table.append([entry.key, entry.kind, entry.title, entry.meta, entry.page])
        parts += _parts(entry)
    part_keys = [(key, _digest(text)) for key, text in parts]
    corpus = _digest(repr((SHARDS, PART, OVERLAP, part_keys)))

    @lru_cache(maxsize=1)
    def postings() -> list[dict[str, list[str]]]:
        shards: list[dict[str, list[str]]] = [{} for _ in range(SHARDS)]
        for key, text in parts:
            for gram in bigrams(fold(text)):
                shards[shard_of(gram)].setdefault(gram, []).append(key)
        return shards

    def shard_file(number: int) -> bytes:
        # keys joined by "," keep the file small; bigrams sorted so equal input gives equal bytes
        packed = {gram: ",".join(keys) for gram, keys in sorted(postings()[number].items())}
        return _script("PW_SEARCH_SHARD", number, packed)

    payload = {"shards": SHARDS, "entries": table}
    yield IndexFile("search/entries.js", _digest(repr(payload)), lambda: _script("PW_SEARCH_ENTRIES", payload))
    for number in range(SHARDS):
        yield IndexFile(f"search/p/{number}.js", f"{corpus}:{number}", lambda number=number: shard_file(number))
    for (key, text), (_, text_key) in zip(parts, part_keys, strict=True):
        yield IndexFile(f"search/t/{key}.js", text_key,
                        lambda key=key, text=text: _script("PW_SEARCH_TEXT", key, text))
