"""Regular expressions compiled on first use, and their compiled code kept across processes.

`re.compile` of the grammar's and the normalizer's large patterns (alternations, classes over
CJK ranges) takes milliseconds each — some 50 ms for one `diff` — and its result is the same in
every process. So:

* importing a module costs no compiling: a LazyRegex is compiled the first time it is used, and
  a command that never segments or normalizes (`policywatch --help`, `list`) pays for nothing;
* the compiled code is kept in the per-user cache (policywatch.usercache), as .pyc files are:
  the next process builds the pattern from it in microseconds instead of parsing and compiling
  it again. An entry is keyed by the pattern's text and flags, in a file marked with the exact
  Python build, so it is only ever read by the interpreter that wrote it, with a checksum against
  damage on disk; `_sre.compile` checks the code it is given too, and anything unreadable is
  compiled afresh. A process that could not use the cache only compiles, as it would without one.

The `policywatch` command extends this to every pattern its process compiles, the libraries'
too (`cache_every_pattern`, called by policywatch.__main__ before anything else is imported).

A LazyRegex is used like the compiled pattern. Its source may be a function (whose inputs are
then imported on first use too); a str or bytes source is `.pattern` at once, to build other patterns
from. The first use binds the compiled pattern's methods on the instance, so later calls cost
what a compiled pattern's do.

Imports only the standard library (re's own internals, marshal, os, zlib) and usercache: the
normalizer's import must stay light.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import zlib
from collections.abc import Callable

from policywatch import usercache

try:  # the compiler behind re.compile; a Python without these names simply compiles every time
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - other implementations
    _sre = None

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern")
# (pattern, flags) -> (flags of the compiled pattern, code, number of groups, groupindex, indexgroup)
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Source = str | bytes  # a bytes pattern (decode's <meta charset>, sniff's markup test) is cached alike
# The file maps each key to its entry marshalled on its own: reading the file copies bytes, and only
# the entries a process uses are turned into code lists (a file of the libraries' patterns too
# holds ~400 entries, 0.9 MB, most of which a given command never compiles).
Key = tuple[Source, int]
MAX_ENTRIES = 4096  # the package has a few hundred patterns; old releases' entries are dropped past this
MAX_FILE_BYTES = 16 * 2**20


class LazyRegex:
    """`re.compile(source, flags)`, done the first time the pattern is used."""

    def __init__(self, source: Source | Callable[[], Source], flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        if isinstance(source, str | bytes):
            self.pattern = source

    def compile(self) -> re.Pattern[str] | re.Pattern[bytes]:
        """The compiled pattern (compiled now if need be); binds its methods on the instance."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            source = self._source if isinstance(self._source, str | bytes) else self._source()
            compiled = self.__dict__["_compiled"] = CODE_CACHE.compile(source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> object:
        # only reached for what is not bound yet: a method before the first compile, or another
        # attribute of the compiled pattern (groupindex, groups, flags)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compile(), name)

    def __repr__(self) -> str:
        return f"LazyRegex({self._source!r})"


class CodeCache:
    """Compiled regex code, read from the per-user cache once and written back at exit."""

    def __init__(self) -> None:
        self._entries: dict[Key, bytes] | None = None  # None: not read yet
        self._added: dict[Key, bytes] = {}
        self._used: dict[Key, bytes] = {}  # read from the file and used by this process
        self._will_write = False

    def compile(self, source: Source, flags: int = 0) -> re.Pattern[str] | re.Pattern[bytes]:
        """The same pattern as `re.compile(source, flags)`, from cached code when there is some."""
        if _sre is None or flags & re.DEBUG:
            return re.compile(source, flags)
        if self._entries is None:
            self._entries = self._read()
        key = (source, int(flags))  # plain ints: marshal refuses int subclasses such as re.RegexFlag
        raw = self._entries.get(key)
        if raw is not None:
            try:
                compiled = _sre.compile(source, *marshal.loads(raw))
            except (TypeError, ValueError, RuntimeError, OverflowError, EOFError):
                pass  # a damaged entry: _sre rejects code it cannot run; compile afresh below
            else:
                self._used[key] = raw
                return compiled
        compiled, entry = _compile(source, flags)
        self._entries[key] = self._added[key] = marshal.dumps(entry)
        if not self._will_write:
            self._will_write = True
            atexit.register(self.write)
        return compiled

    def write(self) -> None:
        """Add this process's new entries to the cache file (a no-op when there are none)."""
        if not self._added or (path := _cache_path()) is None:
            return
        entries = {**_read_file(path), **self._added}  # what other processes wrote meanwhile, too
        if len(entries) > MAX_ENTRIES:
            # start again from what this process used: other releases' and patterns' entries go
            entries = {**self._used, **self._added}
        partial = f"{path}.{os.getpid()}.tmp"
        try:
            payload = marshal.dumps(entries)
            with open(partial, "wb") as out:
                marshal.dump((_build(), zlib.crc32(payload), payload), out)
            os.replace(partial, path)  # readers see the old file or the new one, never half of one
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(partial)
        else:
            self._added.clear()

    def _read(self) -> dict[Key, bytes]:
        path = _cache_path()
        return {} if path is None else _read_file(path)


def _compile(source: Source, flags: int) -> tuple[re.Pattern[str] | re.Pattern[bytes], Entry]:
    """What `re._compiler.compile` does, keeping the code it hands to `_sre.compile`."""
    parsed = _parser.parse(source, flags)
    code = list(map(int, _compiler._code(parsed, flags)))  # opcodes are int subclasses marshal refuses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: Entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    return _sre.compile(source, *entry), entry


def _cache_path() -> str | None:
    directory = usercache.private_directory("regex")
    return None if directory is None else os.path.join(directory, f"{sys.implementation.cache_tag}.marshal")


def _build() -> str:
    """The interpreter build: the code's format and the compiler's output belong to exactly one."""
    return f"entries-v2 {sys.version} {_sre.MAGIC} {_sre.CODESIZE} {sys.maxunicode}"


def _read_file(path: str) -> dict[Key, bytes]:
    try:
        with open(path, "rb") as cached:
            data = cached.read(MAX_FILE_BYTES + 1)
        build, checksum, payload = marshal.loads(data) if len(data) <= MAX_FILE_BYTES else ("", 0, b"")
        # a file another interpreter wrote, or damaged on disk, is not read
        if build != _build() or zlib.crc32(payload) != checksum:
            return {}
        entries = marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


CODE_CACHE = CodeCache()


def cache_every_pattern() -> None:
    """Make every `re.compile` of this process go through CODE_CACHE, the libraries' too.

    Importing jinja2 compiles its lexer's patterns (~7 ms: a Unicode identifier class and the
    number syntax), click and the standard library a few more: ~9 ms of the 0.13 s a one-line
    `diff --format html` costs, the same in every process. `re` compiles what its own in-process
    cache lacks with `re._compiler.compile(pattern, flags)`; it is wrapped here so a pattern given
    as text (not DEBUG) is built from cached code. Meant for the `policywatch` command's own
    process (cli.main), not for a program that imports the package as a library. Idempotent; a
    Python without these internals is left as it is."""
    if _sre is None or getattr(_compiler.compile, "__wrapped__", None) is not None:
        return
    plain = _compiler.compile

    def compile(pattern: object, flags: int = 0) -> object:
        if isinstance(pattern, str | bytes) and not flags & re.DEBUG:
            return CODE_CACHE.compile(pattern, flags)
        return plain(pattern, flags)  # a parsed pattern (re.Scanner), or DEBUG output wanted

    compile.__wrapped__ = plain  # type: ignore[attr-defined]
    _compiler.compile = compile
