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

Imports only the standard library (re's own internals, marshal, os) and usercache: the
normalizer's import must stay light.
"""

from __future__ import annotations

import marshal
import re
import sys
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


class CodeCache(usercache.EntryCache):
    """Compiled regex code, read from the per-user cache once and written back at exit."""

    DIRECTORY = "regex"

    def compile(self, source: Source, flags: int = 0) -> re.Pattern[str] | re.Pattern[bytes]:
        """The same pattern as `re.compile(source, flags)`, from cached code when there is some."""
        if _sre is None or flags & re.DEBUG:
            return re.compile(source, flags)
        key = (source, int(flags))  # plain ints: marshal refuses int subclasses such as re.RegexFlag
        compiled = self.get(key, lambda raw: _from_code(source, raw))
        if compiled is None:
            compiled, entry = _compile(source, flags)
            self.add(key, marshal.dumps(entry))
        return compiled

    def build(self) -> str:
        """The interpreter build: the code's format and the compiler's output belong to exactly one."""
        return f"entries-v2 {sys.version} {_sre.MAGIC} {_sre.CODESIZE} {sys.maxunicode}"



def _from_code(source: Source, raw: bytes) -> re.Pattern[str] | re.Pattern[bytes] | None:
    """The pattern built from a cached entry; None for a damaged one (_sre rejects code it cannot run)."""
    try:
        return _sre.compile(source, *marshal.loads(raw))
    except (TypeError, ValueError, RuntimeError, OverflowError, EOFError):
        return None


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
