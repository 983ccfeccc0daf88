"""The per-user cache directory, and the checks before its contents are trusted.

Some work is the same in every process and costly to redo: compiling the report templates
(reports/bytecode.py) and the grammar's and normalizer's regular expressions (lazyre.py). Their
results are kept under $XDG_CACHE_HOME/policywatch (~/.cache/policywatch), as an installed
package keeps its .pyc files. What is kept there is loaded as code, so a directory is used only
when this user owns it and nobody else can write to it. A cache that cannot be used — no home,
a read-only or foreign directory, a full disk — only means doing the work again: never an error.

Code caches (lazyre, gencode) keep their entries in one file each: `read_entries` and
`write_entries` below, so both read and write them the same checked way.

Imports only the standard library (os, stat, sys, atexit, marshal, zlib): the normalizer's import must stay light.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import stat
import sys
import zlib
from collections.abc import Callable, Hashable, Mapping

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the normalizer's import must not)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

MAX_FILE_BYTES = 16 * 2**20  # an entry file larger than this is not read (the caches hold ~1 MB)
# Every process reads its cache file whole (~4 ms a MB): past this size a write keeps only what the
# writing process used and added. The diff command's regex code is ~0.5 MB, a crawl's ~1 MB more;
# without the bound, patterns built once (tests, other releases) grew the file to 7 MB, 27 ms a start.
MAX_CACHE_BYTES = 4 * 2**20
MAX_ENTRIES = 4096  # each cache has a few hundred; old releases' entries are dropped past this


def cache_root() -> str | None:
    """$XDG_CACHE_HOME/policywatch, else ~/.cache/policywatch; None without a home directory."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "policywatch")


def private_directory(name: str) -> str | None:
    """`name` under the cache root, made (mode 0700) if need be; None unless it is a directory this
    user owns, can write to, and nobody else can write to."""
    root = cache_root()
    if root is None or not hasattr(os, "getuid"):  # no owner to check the directory against
        return None
    directory = os.path.join(root, name)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        info = os.lstat(directory)
    except OSError:
        return None
    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or not os.access(directory, os.W_OK | os.X_OK)):
        return None
    return directory


def read_entries(path: str, build: str) -> dict[Hashable, bytes]:
    """The entries of a file `write_entries` wrote for the same `build`; {} for anything else.

    A file another interpreter wrote (another build string), damaged on disk (checksum), too
    large or unreadable is not read: the caller only does its work afresh."""
    try:
        with open(path, "rb") as cached:
            data = cached.read(MAX_FILE_BYTES + 1)
        stored_build, checksum, payload = marshal.loads(data) if len(data) <= MAX_FILE_BYTES else ("", 0, b"")
        if stored_build != build or zlib.crc32(payload) != checksum:
            return {}
        entries = marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_entries(path: str, build: str, added: Mapping[Hashable, bytes], used: Mapping[Hashable, bytes]) -> bool:
    """Add `added` to the file at `path` (keeping what other processes wrote meanwhile); True if written.

    Each entry is marshalled on its own by the caller, so a reader copies bytes and decodes only
    the entries it uses. Past MAX_ENTRIES or MAX_CACHE_BYTES the file starts again from what
    this process `used` and `added`: old releases' and one-off entries go. Written to a temporary
    file and renamed, so readers see the old file or the new one, never half of one."""
    entries = {**read_entries(path, build), **added}
    partial = f"{path}.{os.getpid()}.tmp"
    try:
        payload = marshal.dumps(entries)
        if len(entries) > MAX_ENTRIES or len(payload) > MAX_CACHE_BYTES:
            payload = marshal.dumps({**used, **added})
        with open(partial, "wb") as out:
            marshal.dump((build, zlib.crc32(payload), payload), out)
        os.replace(partial, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(partial)
        return False
    return True


class EntryCache:
    """Entries (key -> marshalled bytes) of one cache file: read on first use, new ones written at exit.

    A subclass names its directory and build (`DIRECTORY`, `build()`) and turns entries into what
    it caches (lazyre: regex code, gencode: code objects): `get` an entry decoded, `add` one made
    afresh."""

    DIRECTORY = ""

    def __init__(self) -> None:
        self._entries: dict[Hashable, bytes] | None = None  # None: not read yet
        self._added: dict[Hashable, bytes] = {}
        self._used: dict[Hashable, bytes] = {}  # read from the file and used by this process
        self._will_write = False

    def build(self) -> str:
        """The interpreter build the entries belong to; a file of another build is not read."""
        raise NotImplementedError

    def get(self, key: Hashable, decode: Callable[[bytes], T | None]) -> T | None:
        """`decode` of the stored entry of `key` (the file read now if need be); None when there is
        none or `decode` finds it damaged (returns None), so the caller makes the value afresh and
        `add`s it. An entry decoded is kept when the file starts again."""
        raw = self._loaded().get(key)
        value = None if raw is None else decode(raw)
        if value is not None:
            self._used[key] = raw  # type: ignore[assignment]
        return value

    def add(self, key: Hashable, raw: bytes) -> None:
        """A new entry, written to the file at exit."""
        self._loaded()[key] = self._added[key] = raw
        if not self._will_write:
            self._will_write = True
            atexit.register(self.write)

    def write(self) -> None:
        """Add this process's new entries to the cache file (a no-op when there are none)."""
        if not self._added or (path := self._path()) is None:
            return
        if write_entries(path, self.build(), self._added, self._used):
            self._added.clear()

    def _loaded(self) -> dict[Hashable, bytes]:
        if self._entries is None:
            path = self._path()
            self._entries = {} if path is None else read_entries(path, self.build())
        return self._entries

    def _path(self) -> str | None:
        directory = private_directory(self.DIRECTORY)
        return None if directory is None else os.path.join(directory, f"{sys.implementation.cache_tag}.marshal")
