"""Regular expressions compiled on first use, so that importing a module costs no compiling.

`re.compile` of the grammar's large alternations takes milliseconds each; a command that never
segments or diffs (`policywatch --help`, `list`) should not pay for them. A LazyPattern is used
like the compiled pattern: its `.pattern` is there at once (to build other patterns from), and
the first call of any other attribute compiles it and binds the compiled pattern's methods on the
instance, so later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """`re.compile(pattern, flags)`, done the first time the pattern is used."""

    pattern: str
    # bound on first use (declared for type checkers)
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[..., str]
    subn: Callable[..., tuple[str, int]]
    split: Callable[..., list[Any]]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def _compile(self) -> re.Pattern[str]:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self.pattern, self._flags)
            for name in _METHODS:  # bound on the instance: later calls skip __getattr__
                setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> Any:  # only called for attributes not yet bound
        if name.startswith("__") or name in ("_compiled", "_flags", "pattern"):
            raise AttributeError(name)
        return getattr(self._compile(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled on first use (see the module docstring)."""
    return LazyPattern(pattern, flags)
