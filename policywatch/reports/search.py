"""Full-text search of the static site: a prebuilt bigram index written as JavaScript files.

Why bigrams and scripts (see benchmarks/site_build.py for the figures): Chinese has no spaces,
so a word index needs a segmenter whose guesses miss phrases such as 数据要素; every run of two
characters is exact instead, with no dictionary. And the site must work from file://, where
Chromium refuses fetch()/XHR (Pagefind's way of loading its index) but still runs <script>
files — so every part of the index is a script that hands its data to a callback.

Layout (all under search/):

    entries.js           the result table: key, kind, title, meta line, page (loaded up front),
                         and the change segments that have postings
    p/<shard>.js         documents' postings: bigram -> keys of the entries containing it; a
                         bigram lives in shard (31·first + second code point) % SHARDS, so a
                         phrase loads one small shard per distinct bigram (a one-character query
                         matches titles, document numbers and issuers in the result table)
    c/<segment>/<shard>.js  changes' postings, sharded the same way, one set of shards per
                         CHANGE_SEGMENT event ids: a change never changes, and new changes have
                         the newest ids, so a round patches the newest segment's shards only,
                         never the postings of every change the site ever listed (issue 15)
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

import bisect
import contextlib
import hashlib
import json
import re
import shutil
import tempfile
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from policywatch.model import ChangeSet
from policywatch.reports.streamed import Streamed, encoded

SHARDS = 256
# event ids per set of change shards: a round rewrites at most its own changes' postings and
# one segment's more; each segment is one more file a query loads per shard
CHANGE_SEGMENT = 500
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


def segment_of(key: str) -> int | None:
    """The change segment of an entry or part key ("c1234.1" -> 1); None for a document's."""
    if not key.startswith("c"):
        return None
    return int(key[1:].partition(".")[0]) // CHANGE_SEGMENT


def shard_file(segment: int | None, number: int) -> str:
    """A posting file's name under search/, without ".js": "p/7", or "c/1/7" for segment 1.
    Also its name in the file's PW_SEARCH_SHARD call (a document shard's is its number)."""
    return f"p/{number}" if segment is None else f"c/{segment}/{number}"


def _shard_name(file: str) -> int | str:
    """What a posting file's script calls itself: its number for a document shard (as before
    changes had their own), its file name for a change segment's."""
    return int(file[2:]) if file.startswith("p/") else file


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One searchable thing: a document's current text, or the clauses of one change.

    `text` may be given as `read` instead, named by `text_id` (the store's sha256 of it): then an
    incremental build reads it only when the entry changed.
    """

    key: str  # "d<document id>" or "c<event id>"
    kind: str  # "document" or "change"
    title: str
    meta: str  # 发文字号 · 发文机关 · date, shown under the title
    page: str  # site path of the page a hit opens
    text: str = ""
    read: Callable[[], str] | None = None
    text_id: str = ""

    def body(self) -> str:
        """What is indexed: title, meta line and text."""
        text = self.read() if self.read is not None else self.text
        return "\n".join(part for part in (self.title, self.meta, text) if part)

    def identity(self) -> str:
        """A hash of what decides the entry's parts, known without reading a lazy text."""
        text_id = self.text_id or _digest(self.text)
        return _digest(repr((self.title, self.meta, text_id)))


def change_text(cs: ChangeSet) -> str:
    """The words a change brought in or took out: new and old clause texts, changed metadata."""
    parts: list[str] = []
    for change in cs.changes:
        parts += [t for t in (change.new_text, change.old_text) if t]
    parts += [f"{m.old} {m.new}" for m in cs.metadata_changes]
    return "\n".join(parts)


def _script(callback: str, *args: object) -> bytes:
    return f"{callback}({','.join(map(_json, args))});\n".encode()


def _json(value: object) -> str:
    """Compact JSON with sorted keys, as every index script writes it; "</" never appears
    unescaped, so a file stays inert even if pasted into an HTML page."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")


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


def _part_key(key: str, number: int) -> str:
    return f"{key}.{number}" if number else key


def _parts(entry: SearchEntry) -> list[tuple[str, str]]:
    """(key, text) of each part of an entry: "d12", "d12.1", …"""
    body = entry.body()
    return [(_part_key(entry.key, number), body[start:start + PART + OVERLAP])
            for number, start in enumerate(range(0, max(len(body), 1), PART))]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Bump when the layout or the meaning of the saved state changes: an old state is then ignored.
STATE_FORMAT = f"2:{SHARDS}:{PART}:{OVERLAP}:{CHANGE_SEGMENT}"


@dataclass(frozen=True, slots=True)
class IndexState:
    """What a build leaves for the next one: each entry's identity and part count, each posting
    file's key (by shard_file() name). The site keeps it by key (reports/sitestate.py), with
    STATE_FORMAT: a state of another format is not used."""

    entries: Mapping[str, tuple[str, int]]
    shards: Mapping[str, str]


OldFile = Callable[[str], bytes | None]  # a file of the previous build by site path, None if missing


def _payload(body: bytes | None) -> list[object] | None:
    """The arguments of an index script written by _script(), or None when it is not one."""
    if body is None:
        return None
    text = body.decode("utf-8", errors="replace")  # "<\\/" is JSON for "</": no unescaping needed
    try:
        return json.loads("[" + text[text.index("(") + 1:text.rindex(")")] + "]")
    except ValueError:
        return None


class SearchIndex:
    """The index files of a build; with the previous build's state and files, only what changed.

    An incremental build reads the texts of changed entries (new from the source, old from the
    previous text files), finds the bigrams each part gained and lost, and patches only the
    posting shards holding those bigrams: an edit of a few characters rewrites a few shards, and
    no unchanged text is read. Without a usable previous state every posting is computed.

    `entries` is gone through more than once (to index them, then to write their files), one
    entry at a time: a list, or a collection that reads them anew from their source, so that a
    large site's index never holds every entry (issue 15).
    """

    def __init__(self, entries: Iterable[SearchEntry], previous: IndexState | None = None,
                 old_file: OldFile | None = None, *, scratch: Path | None = None):
        self._entries = entries
        self._table_key = ""  # what decides entries.js: a digest of its payload's repr
        ids: dict[str, str] = {}  # each entry's identity, by key

        def listed() -> Iterator[SearchEntry]:
            """The entries, noting their identities and the result table's key on the way (no pass
            of its own). The key is hashed row by row, as repr() writes the payload, so the table
            (a row per document and change) is made only when entries.js is written."""
            table = hashlib.sha256(f"{{'shards': {SHARDS!r}, 'entries': [".encode())
            ids.clear()
            for n, e in enumerate(entries):
                table.update(f"{', ' if n else ''}{_row(e)!r}".encode())
                ids[e.key] = e.identity()
                yield e
            table.update(b"]}")
            self._table_key = table.hexdigest()

        self._old_file = old_file or (lambda path: None)
        # each posting file's gained and lost postings, by shard_file() name
        self._delta: dict[str, dict[str, tuple[set[str], set[str]]]] | None = None
        self._texts: dict[str, str] = {}  # the parts an incremental build read, by part key
        self._rank: dict[str, int] | None = None
        self._ids = ids  # in the entries' order once indexed: what _order() ranks by
        self._spill = _Spill(scratch)
        self._previous = previous.shards if previous is not None else {}
        # of an incremental index: the entries as the previous build left them, the text parts
        # it had that this one has not (entries gone or shortened), the posting files it changed
        self._unchanged: set[str] = set()
        self._gone_parts: list[str] = []
        self._changed_files: set[str] = set()
        counts = self._incremental(previous, listed(), ids) if previous is not None and old_file is not None else None
        full = counts is None
        if counts is None:  # every posting from scratch
            self._delta = None
            counts, corpus = self._spill.write(listed(), keep_texts=True)
        self.segments = sorted({seg for key in counts if (seg := segment_of(key)) is not None})
        # a shard's files side by side (documents', then each segment's): a full build reads the
        # shard's scratch file once for all of them
        self._files = [shard_file(seg, n) for n in range(SHARDS) for seg in (None, *self.segments)]
        if full:
            shards = {file: f"{corpus}:{file}" for file in self._files}
        else:
            delta = self._delta
            assert delta is not None
            shards = {}
            for file in self._files:
                before = self._previous.get(file)
                shards[file] = before or ""
                if file in delta:
                    shards[file] = _digest(repr((before or "", sorted((g, sorted(a), sorted(r))
                                                                      for g, (a, r) in delta[file].items()))))
                if shards[file] != before:
                    self._changed_files.add(file)
        self.state = IndexState({key: (identity, counts[key]) for key, identity in ids.items()}, shards)

    def close(self) -> None:
        """Remove the scratch files (also done when the index is garbage-collected)."""
        self._spill.close()

    def _incremental(self, previous: IndexState, entries: Iterable[SearchEntry],
                     ids: dict[str, str]) -> dict[str, int] | None:
        """Part counts, with self._delta set to each shard's gained and lost postings; None to start over."""
        counts: dict[str, int] = {}
        delta: dict[str, dict[str, tuple[set[str], set[str]]]] = {}

        def note(part: str, old: str, new: str) -> None:
            old_grams, new_grams = bigrams(fold(old)), bigrams(fold(new))
            segment = segment_of(part)
            for grams, side in ((new_grams - old_grams, 0), (old_grams - new_grams, 1)):
                for gram in grams:
                    file = shard_file(segment, shard_of(gram))
                    delta.setdefault(file, {}).setdefault(gram, (set(), set()))[side].add(part)

        def old_parts(key: str) -> list[str] | None:
            texts = []
            for number in range(previous.entries[key][1]):
                part = _part_key(key, number)
                loaded = _payload(self._old_file(f"search/t/{part}.js"))
                if not loaded or loaded[0] != part or not isinstance(loaded[1], str):
                    return None
                texts.append(loaded[1])
            return texts

        unchanged: set[str] = set()
        gone: list[str] = []
        for entry in entries:
            known = previous.entries.get(entry.key)
            if known is not None and known[0] == ids[entry.key]:
                counts[entry.key] = known[1]
                unchanged.add(entry.key)
                continue
            old = old_parts(entry.key) if known is not None else []
            if old is None:
                return None
            new_parts = _parts(entry)
            self._texts.update(new_parts)
            new = [text for _, text in new_parts]
            counts[entry.key] = len(new)
            gone += [_part_key(entry.key, number) for number in range(len(new), len(old))]
            for number in range(max(len(old), len(new))):
                note(_part_key(entry.key, number), old[number] if number < len(old) else "",
                     new[number] if number < len(new) else "")
        for key in set(previous.entries) - set(counts):  # entries gone from the site
            old = old_parts(key)
            if old is None:
                return None
            gone += [_part_key(key, number) for number in range(len(old))]
            for number, text in enumerate(old):
                note(_part_key(key, number), text, "")
        self._delta, self._unchanged, self._gone_parts = delta, unchanged, gone
        return counts

    def _part_text(self, entry: SearchEntry, number: int) -> str:
        key = _part_key(entry.key, number)
        if key in self._texts:
            return self._texts[key]
        spilled = self._spill.text(key)
        return spilled if spilled is not None else _parts(entry)[number][1]

    def _shard(self, file: str) -> bytes:
        postings: dict[str, list[str]] | None = None
        if self._delta is not None:
            postings = self._patched(file)
        if postings is None:  # a full build, or a previous shard file gone missing
            if not self._spill.written:
                self._spill.write(self._entries, keep_texts=False)
            postings = self._spill.postings(file)
        # keys joined by "," keep the file small; bigrams sorted so equal input gives equal bytes
        packed = {gram: ",".join(keys) for gram, keys in sorted(postings.items())}
        return _script("PW_SEARCH_SHARD", _shard_name(file), packed)

    def _patched(self, file: str) -> dict[str, list[str]] | None:
        """The previous build's shard with this build's gains and losses (a new segment's shard
        starts empty); None when the previous one is unreadable."""
        assert self._delta is not None
        if file in self._previous:
            loaded = _payload(self._old_file(f"search/{file}.js"))
            if not loaded or loaded[0] != _shard_name(file) or not isinstance(loaded[1], dict):
                return None
            postings = {str(gram): str(keys).split(",") for gram, keys in loaded[1].items()}
        else:
            postings = {}
        order = self._order()
        for gram, (gained, lost) in self._delta.get(file, {}).items():
            kept = [k for k in postings.get(gram, []) if k not in lost and k not in gained]
            # the order a fresh build writes: the previous build wrote the kept keys in it already
            # (entries never change places relative to each other: documents by id, changes by
            # time), so only the gained keys are placed, and the list, which grows with the history
            # of changes, is not re-sorted
            for key in sorted(gained, key=order):
                bisect.insort(kept, key, key=order)
            if kept:
                postings[gram] = kept
            else:
                postings.pop(gram, None)
        return postings

    def _order(self) -> Callable[[str], tuple[int, int]]:
        """The sort key of a part key in posting lists: its entry's place in the index, its part number."""
        if self._rank is None:
            # from the keys noted while indexing, not another pass making every entry again
            self._rank = {key: n for n, key in enumerate(self._ids)}
        rank = self._rank

        def order(part: str) -> tuple[int, int]:
            key, _, number = part.partition(".")
            return rank.get(key, len(rank)), int(number or 0)

        return order

    @property
    def incremental(self) -> bool:
        """Whether the index was patched from the previous build's state and files."""
        return self._delta is not None

    def files(self, *, changed: bool = False) -> Iterator[IndexFile]:
        """Every index file, in a fixed order; with `changed` (of an incremental index) only the
        table and the files whose inputs differ from the previous build's, the others being the
        previous build's as they are (a text file per document and change: listing them all
        grew with the history of changes, issue 15)."""
        changed = changed and self.incremental
        yield IndexFile("search/entries.js", self._table_key, Streamed(lambda: encoded(self._table())))
        for file in self._files:
            if not changed or file in self._changed_files:
                yield IndexFile(f"search/{file}.js", self.state.shards[file], lambda file=file: self._shard(file))
        for entry in self._entries:
            if changed and entry.key in self._unchanged:
                continue
            identity, parts = self.state.entries[entry.key]
            for number in range(parts):
                key = _part_key(entry.key, number)
                yield IndexFile(f"search/t/{key}.js", _digest(f"{identity}:{number}"),
                                lambda key=key, entry=entry, number=number:
                                _script("PW_SEARCH_TEXT", key, self._part_text(entry, number)))

    def gone(self) -> list[str]:
        """Of an incremental index, the previous build's files it no longer has (site paths,
        sorted): the text parts of entries gone or shortened, the shards of segments gone."""
        if not self.incremental:
            return []
        paths = [f"search/{file}.js" for file in self._previous if file not in self.state.shards]
        paths += [f"search/t/{part}.js" for part in self._gone_parts]
        return sorted(paths)

    def _table(self) -> Iterator[str]:
        """entries.js a row at a time: the bytes _script("PW_SEARCH_ENTRIES", {"shards": SHARDS,
        "segments": segments, "entries": rows}) gives, without holding a row per document and
        change (issue 15). The segments follow from the rows' keys: the table's key covers them."""
        yield 'PW_SEARCH_ENTRIES({"entries":['
        for n, entry in enumerate(self._entries):
            # a row starts with "[" and ends with "]": no "</" spans two of them
            row = _json(_row(entry))
            yield f",{row}" if n else row
        yield f'],"segments":{_json(self.segments)},"shards":{SHARDS}}});\n'


def _row(entry: SearchEntry) -> list[str]:
    """An entry's row of the result table (entries.js)."""
    return [entry.key, entry.kind, entry.title, entry.meta, entry.page]


class _Spill:
    """Postings and part texts of a whole index, written to scratch files as the texts are read.

    A full index needs every text's bigrams before its first shard can be written; kept in
    memory they made a fresh build's memory grow with the store (issue 15). Each part's bigrams
    go to its shards' files instead (one line per part and shard: key, tab, then the bigrams
    run together), each shard is read back alone, and the part texts go to one file for the text
    scripts. Memory then holds one shard's postings at a time.
    """

    # bigrams and line heads buffered (each a small string) before they are appended to the files
    _FLUSH = 20_000

    def __init__(self, scratch: Path | None):
        self._given = scratch
        self._dir: Path | None = None
        self._texts: dict[str, tuple[int, int]] = {}  # part key -> (offset, length) in texts.bin
        self._reader: BinaryIO | None = None
        self._split: tuple[int, dict[str, dict[str, list[str]]]] | None = None  # the last shard read
        self.written = False

    def _folder(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="search-", dir=self._given))
            self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)
        return self._dir

    def write(self, entries: Iterable[SearchEntry], *, keep_texts: bool) -> tuple[dict[str, int], str]:
        """Read every entry once; part counts by entry key, and a digest of all the parts."""
        folder = self._folder()
        buffers: list[list[str]] = [[] for _ in range(SHARDS)]
        heads: list[str | None] = [None] * SHARDS  # the line each shard's buffer is on
        buffered = 0
        counts: dict[str, int] = {}
        corpus = hashlib.sha256(STATE_FORMAT.encode())
        with contextlib.ExitStack() as files:
            texts = files.enter_context(open(folder / "texts.bin", "wb"))
            shards = [files.enter_context(open(folder / f"{n}.txt", "w", encoding="utf-8", newline="\n"))
                      for n in range(SHARDS)]
            for entry in entries:
                parts = _parts(entry)
                counts[entry.key] = len(parts)
                for key, text in parts:
                    corpus.update(f"\0{key}\0{_digest(text)}".encode())
                    if keep_texts:
                        body = text.encode("utf-8")
                        self._texts[key] = (texts.tell(), len(body))
                        texts.write(body)
                    # a line per part and shard: "\n" + key + "\t", then its bigrams (fold() took
                    # out every \t and \n); shard_of() inlined, this loop runs once per bigram
                    head = f"\n{key}\t"
                    for gram in bigrams(fold(text)):
                        number = (31 * ord(gram[0]) + ord(gram[1])) % SHARDS
                        if heads[number] is not head:
                            heads[number] = head
                            buffers[number].append(head)
                        buffers[number].append(gram)
                        buffered += 1
                if buffered > self._FLUSH:
                    self._flush(buffers, shards)
                    buffered = 0
            self._flush(buffers, shards)
        self.written = True
        return counts, corpus.hexdigest()

    @staticmethod
    def _flush(buffers: list[list[str]], shards: list[TextIO]) -> None:
        for lines, out in zip(buffers, shards, strict=True):
            out.writelines(lines)
            lines.clear()

    def postings(self, file: str) -> dict[str, list[str]]:
        """One posting file's postings (shard_file() name), keys in the order the entries were
        read (the index's order). A shard's scratch file is read once for all its posting files
        (the documents' and each change segment's), which the index asks for one after another."""
        number = int(file.rpartition("/")[2])
        if self._split is None or self._split[0] != number:
            self._split = None  # one shard's postings held at a time
            split: dict[str, dict[str, list[str]]] = {}
            path = self._folder() / f"{number}.txt"
            documents = shard_file(None, number)
            if path.is_file():
                with open(path, encoding="utf-8", newline="\n") as lines:
                    for line in lines:
                        key, tab, grams = line.rstrip("\n").partition("\t")
                        if tab:  # the file starts with an empty line
                            held = shard_file(segment_of(key), number) if key.startswith("c") else documents
                            add = split.setdefault(held, {}).setdefault
                            for i in range(0, len(grams), 2):
                                add(grams[i:i + 2], []).append(key)
            self._split = (number, split)
        return self._split[1].get(file, {})

    def text(self, key: str) -> str | None:
        """A part's text as written by write(keep_texts=True); None when it was not kept."""
        place = self._texts.get(key)
        if place is None or self._dir is None:
            return None
        if self._reader is None:
            self._reader = open(self._dir / "texts.bin", "rb")  # noqa: SIM115 - closed by close()
        self._reader.seek(place[0])
        return self._reader.read(place[1]).decode("utf-8")

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._dir is not None:
            self._cleanup()


def index_files(entries: Iterable[SearchEntry]) -> Iterator[IndexFile]:
    """Every index file of these entries, every posting computed (no previous build)."""
    return SearchIndex(list(entries)).files()
