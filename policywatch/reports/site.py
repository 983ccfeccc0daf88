"""Build the static report site: incremental, deterministic, never seen half-written.

Each page's input hash, kept in the site's build state (sitestate.py, one SQLite file read
and written by key), lets the next build skip unchanged pages without rendering them. The
pages of a document (its page, version pages, change pages) are kept together under a key of
what they show (SiteData.document_keys, from the source's stamp per document): a build lists
the pages of the documents whose key changed and carries every other document's pages over
without listing, hashing or stat'ing them, so it costs what changed, not the history. A first
build is written to a fresh directory next to `out_dir` and swapped in whole (renameat2
RENAME_EXCHANGE where the kernel has it, else two renames). Later builds cost what changed, not
what the site holds: only the pages whose inputs changed are rendered, into a
staging directory, and moved into place one atomic rename each once all of them rendered
(a failed build leaves the old site as it was), the pages a change adds before the pages that
link to them, so a web server never sees a half-written page or a link to a page not yet there.
Identical inputs always give identical bytes (no build times).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from policywatch.errors import UsageError
from policywatch.reports import search
from policywatch.reports.i18n import Translator
from policywatch.reports.pages import Page, SiteData, site_pages
from policywatch.reports.render import fingerprint, make_environment
from policywatch.reports.sitestate import STATE, SiteState
from policywatch.reports.source import ReportSource
from policywatch.reports.streamed import chunks_of
from policywatch.reports.summaries import EventSummaries, code_version

logger = logging.getLogger(__name__)

# The JSON state files of builds before the state was kept in one SQLite file (sitestate.py): a
# site that has them and no STATE is rebuilt whole once, then carries on from its own state.
LEGACY_MANIFEST = ".policywatch-manifest.json"
# Bump when page inputs are interpreted differently, so the page keys of older builds stop matching.
SITE_FORMAT = "1"


@dataclass(frozen=True)
class SiteBuild:
    """What a build did. Paths are relative to out_dir, sorted."""

    out_dir: Path
    written: tuple[str, ...]  # rendered and written by this build
    removed: tuple[str, ...]  # in the previous build, no longer part of the site
    listed: int  # pages this build listed (the site's own and those of the documents that changed)

    @cached_property
    def pages(self) -> tuple[str, ...]:
        """Every file of the site, read from its state when asked: a build does not list them
        (a page per version and per change, growing with history: issue 15)."""
        with contextlib.closing(SiteState(self.out_dir / STATE)) as state:
            return tuple(sorted(_every_page(state)))

    @cached_property
    def reused(self) -> tuple[str, ...]:
        """The pages carried over from the previous build untouched."""
        new = set(self.written)
        return tuple(p for p in self.pages if p not in new)


def build_site(
    source: ReportSource,
    out_dir: Path,
    *,
    base_url: str = "",
    lang: str = "zh",
    templates_dir: Path | None = None,
    title: str = "policywatch",
) -> SiteBuild:
    """Write the report site for everything `source` holds into `out_dir`."""
    out_dir = Path(out_dir)
    if out_dir.is_symlink():
        # swap at the real location, so the link (often how a web server is pointed here) stays
        out_dir = out_dir.resolve()
    state = _open_state(out_dir)
    salt = fingerprint(templates_dir, (SITE_FORMAT, lang, base_url, title))
    stamp = _stamp(source, salt)
    missing: set[int | None] = set()
    if state is not None and stamp is not None and state.meta("stamp") == stamp:
        missing = _missing(out_dir, state)
        if not missing:
            state.close()
            logger.info("site %s: nothing changed since the last build", out_dir)
            return SiteBuild(out_dir, (), (), 0)
    fresh = state is None
    # read before the documents: one changed in between is then listed again by the next build
    document_stamps = getattr(source, "document_stamps", None)
    stamps = dict(document_stamps()) if document_stamps is not None else None

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-{os.getpid()}-", dir=out_dir.parent))
    # the search index's scratch files: beside the site (same disk, not a RAM-backed /tmp), and
    # named like a staging folder, so one a killed build leaves is removed like its staging
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-{os.getpid()}-search-", dir=out_dir.parent))
    if state is None:  # a first build: its state is written with its pages and swapped in with them
        state = SiteState(staging / STATE)
    data: SiteData | None = None
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the swapped-in site must be readable
        env = make_environment(lang, templates_dir)
        t = Translator(lang)
        version = f"{salt}:{code_version()}"
        same_settings = state.meta("events") == version
        if not same_settings:  # written by other code or settings: made anew
            state.events.forget()
        search_state = None
        if state.meta("search") == search.STATE_FORMAT:
            search_state = search.IndexState(state.search_entries, state.search_files)
        else:
            state.search_entries.forget()
            state.search_files.forget()

        def old_file(path: str) -> bytes | None:
            # a search file of the previous build; only read with its search state, which a
            # build that did not complete has invalidated before moving any file in (_commit)
            live = out_dir / path
            return live.read_bytes() if _is_page(live) else None

        data = SiteData(source, t, state.texts, search_state=search_state, old_file=old_file,
                        summaries=EventSummaries(t, state.events))
        data.scratch = scratch
        data.changed_search_files = same_settings
        documents = _Documents(state, data, stamps, version, relist=missing)
        # only the pages written are held: the site has a page per version and per change, so
        # a list of every page grows with history (issue 15); the state has them by key
        written: list[str] = []
        listed = 0
        # listed as they are written, never all at once: a build holds one page's inputs at a time
        for page in site_pages(data, env, title=title, base_url=base_url, lang=lang):
            listed += 1
            key = _input_key(salt, page)
            if page.document is not None:
                same = documents.note(page.document, page.path, key)
            elif state.pages.get(page.path) != key:
                state.pages[page.path] = key
                same = False
            else:
                same = True
            if same and _is_page(os.path.join(out_dir, page.path)):
                continue
            if _put(staging / page.path, chunks_of(page.render), None if fresh else out_dir / page.path):
                continue  # inputs changed, the bytes did not
            written.append(page.path)
        if stamp is not None:
            state.set_meta("stamp", stamp)
        state.set_meta("events", version)
        if data.search_index is not None:
            state.search_entries.sync(data.search_index.state.entries)
            state.search_files.sync(data.search_index.state.shards)
            state.set_meta("search", search.STATE_FORMAT)
        gone: list[str] = []
        if data.changed_search_files and data.search_index is not None and data.search_index.incremental:
            # the search files not listed are the previous build's; those it no longer has go
            state.pages.keep("search/")
            gone = data.search_index.gone()
            for path in gone:
                del state.pages[path]
        removed = sorted(state.unnoted("page") + documents.finish() + gone)
        if fresh:
            state.commit()
            state.close()
            _swap(staging, out_dir)
        else:
            _commit(state, staging, out_dir, written, removed)
    except BaseException:
        state.close()  # what it staged is dropped: the previous state stands
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if data is not None and data.search_index is not None:
            data.search_index.close()
        shutil.rmtree(scratch, ignore_errors=True)
    logger.info("site %s: %d pages listed (of %d documents: %d), %d written, %d removed",
                out_dir, listed, documents.total, documents.listed, len(written), len(removed))
    return SiteBuild(out_dir, tuple(sorted(written)), tuple(removed), listed)


class _Documents:
    """The pages of each document, kept in the state by document with the document's key
    (SiteData.document_keys): a document whose key is unchanged is not listed, its pages carried
    over as they are; a listed one's pages are compared with its previous ones, and the pages it
    no longer has, or a document no longer in the source had, are removed."""

    def __init__(self, state: SiteState, data: SiteData, stamps: dict[int, str] | None, version: str, *,
                 relist: Collection[int | None] = ()):
        """`relist`: documents listed whatever their key (a page of theirs went missing)."""
        self._state = state
        previous = dict(state.documents.rows())
        # without the source's stamps every document is listed (its pages' keys still decide)
        keys = data.document_keys(stamps, version) if stamps is not None else dict.fromkeys(data.rows, "")
        listed = {doc_id for doc_id, key in keys.items()
                  if not key or previous.get(str(doc_id)) != key or doc_id in relist}
        for doc_id in listed:
            state.documents[str(doc_id)] = keys[doc_id]
        self._gone = sorted(int(doc_id) for doc_id in previous if int(doc_id) not in keys)
        data.listed = None if len(listed) == len(keys) else listed
        self.listed, self.total = len(listed), len(keys)
        self._current: int | None = None
        self._old: dict[str, str] = {}
        self._new: dict[str, str] = {}
        self._removed: list[str] = []

    def note(self, document: int, path: str, key: bytes) -> bool:
        """Note a listed page of `document`; True when its input key is the previous build's."""
        if document != self._current:
            self._close()
            self._current, self._old, self._new = document, self._state.document_pages.get(str(document)) or {}, {}
        self._new[path] = key.hex()
        return self._old.get(path) == self._new[path]

    def finish(self) -> list[str]:
        """Write the last document's pages; the pages removed from the site (its files go at commit)."""
        self._close()
        for doc_id in self._gone:
            self._removed.extend(self._state.document_pages.get(str(doc_id)) or ())
            del self._state.documents[str(doc_id)]
            del self._state.document_pages[str(doc_id)]
        return self._removed

    def _close(self) -> None:
        if self._current is None:
            return
        if self._new != self._old:
            self._state.document_pages[str(self._current)] = self._new
        self._removed.extend(path for path in self._old if path not in self._new)
        self._current = None


def _missing(out_dir: Path, state: SiteState) -> set[int | None]:
    """The documents with a page of the last build no longer a file in out_dir (None: one of the
    site's own pages): an unchanged store does not make them again unless they are listed."""
    missing: set[int | None] = set()
    if not all(_is_page(os.path.join(out_dir, path)) for path in state.pages):
        missing.add(None)
    for key, pages in state.document_pages.rows():
        if not all(_is_page(os.path.join(out_dir, path)) for path in pages):
            missing.add(int(key))
    return missing


def _every_page(state: SiteState) -> Iterator[str]:
    """Every page of the site the state was written with (its files)."""
    yield from state.pages
    for _, pages in state.document_pages.rows():
        yield from pages


def _remove_stale_builds(out_dir: Path) -> None:
    """Delete staging folders a killed build left behind (its process is gone).

    A failing build removes its own folder; only SIGKILL or a power cut leaves one. Folders of
    builds still running (another process) are left alone.
    """
    for folder in out_dir.parent.glob(f".{out_dir.name}.build-*"):
        pid = folder.name.removeprefix(f".{out_dir.name}.build-").split("-", 1)[0]
        if folder.is_dir() and not (pid.isdigit() and _alive(int(pid))):
            logger.info("removing %s, left by an interrupted site build", folder)
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _commit(state: SiteState, staging: Path, out_dir: Path, written: list[str], removed: list[str]) -> None:
    """Move the rendered pages into the live site, linked-to pages first; drop removed pages; state last.

    The old stamp and search state go first, so a build interrupted half-way is never taken for
    a complete one, nor its search files patched as if they were the previous build's.
    """
    state.invalidate("stamp", "search")
    for path in sorted(written, key=_commit_rank):
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, target)
    for path in removed:
        gone = out_dir / path
        if gone.is_file() or gone.is_symlink():
            gone.unlink()
        _prune_empty_dirs(gone.parent, out_dir)
    state.commit()
    state.close()
    shutil.rmtree(staging, ignore_errors=True)


def _commit_rank(path: str) -> tuple[int, str]:
    """Pages nothing links to yet go first, the pages linking to them after, the front page last."""
    if path.startswith("static/"):
        rank = 0
    elif path.startswith(("changes/", "documents/", "sources/")) and path.count("/") == 2:
        rank = 1  # change, version and source archive pages: linked from document and source pages
    elif path.startswith("documents/"):
        rank = 2
    elif path == "index.html":
        rank = 4
    else:
        rank = 3  # source pages, feeds, search: they link to documents and changes
    return rank, path


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def _is_page(path: Path | str) -> bool:
    """A regular file, not a symlink: one lstat (a build asks this of every page it lists)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _put(path: Path, chunks: Iterable[bytes], live: Path | None) -> bool:
    """Write a page's bytes to `path` as they are made; True, and nothing written, when the `live`
    page already holds exactly these bytes (its inputs changed, its output did not).

    Neither side is held whole: a source page and the search table grow with every change.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as files:
        old = None
        if live is not None and _is_page(live):
            with contextlib.suppress(OSError):
                old = files.enter_context(open(live, "rb"))
        out = files.enter_context(open(path, "wb"))
        for chunk in chunks:
            out.write(chunk)
            if old is not None and old.read(len(chunk)) != chunk:
                old = None
        same = old is not None and not old.read(1)
    if same:
        path.unlink()
    return same


def _input_key(salt: str, page: Page) -> bytes:
    """sha256 of f"{salt}\\0{path}\\0{inputs!r}", the repr fed piece by piece (_feed_repr)."""
    digest = hashlib.sha256(f"{salt}\0{page.path}\0".encode())
    _feed_repr(digest, page.inputs)
    return digest.digest()


def _feed_repr(digest: Any, value: object) -> None:
    """Hash repr(value) in pieces: a source page's inputs (a row per document and change of the
    source) made one string, then its UTF-8 bytes, were a build's peak, growing with every round."""
    kind = type(value)
    if kind is not tuple and kind is not list:  # subclasses (named tuples) have their own repr
        digest.update(repr(value).encode())
        return
    items: Sequence[object] = value  # type: ignore[assignment]
    digest.update(b"(" if kind is tuple else b"[")
    for n, item in enumerate(items):
        if n:
            digest.update(b", ")
        _feed_repr(digest, item)
    digest.update(b",)" if kind is tuple and len(items) == 1 else b")" if kind is tuple else b"]")


def _stamp(source: ReportSource, salt: str) -> str | None:
    """The source's stamp joined with the build settings; None when the source offers none."""
    stamp = getattr(source, "stamp", None)
    return None if stamp is None else hashlib.sha256(f"{salt}\0{stamp()}".encode()).hexdigest()


def _open_state(out_dir: Path) -> SiteState | None:
    """The previous build's state; None for a first build (or a full rebuild: no usable state).

    Refuses to replace a directory policywatch did not write.
    """
    if not out_dir.exists():
        return None
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir}: the site output path exists and is not a directory")
    path = out_dir / STATE
    if not path.is_file():
        if any(out_dir.iterdir()) and not (out_dir / LEGACY_MANIFEST).is_file():
            raise UsageError(f"{out_dir}: not empty and not a policywatch site (no {STATE}); "
                             "choose another output_dir or empty it")
        return None  # empty, or written by a version keeping its state in JSON files: built anew
    try:
        return SiteState(path)
    except sqlite3.DatabaseError:
        logger.warning("%s: unreadable site state, rebuilding every page", path)
        return None


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the staged site at out_dir and remove the previous one."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    previous = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    os.rename(out_dir, previous)
    os.rename(staging, out_dir)
    shutil.rmtree(previous, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories (Linux renameat2); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
