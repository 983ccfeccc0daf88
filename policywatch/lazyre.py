"""Regular expressions compiled on first use, so that importing a module costs no compiling.

`re.compile` of the grammar's and the normalizer's large patterns (alternations, classes over
CJK ranges) takes milliseconds each; a command that never segments or normalizes
(`policywatch --help`, `list`) should not pay for them, and one that does pays only for the
patterns it uses. A LazyRegex is used like the compiled pattern. Its source may be a function
(whose inputs are then imported on first use too); a string source is `.pattern` at once, to
build other patterns from. The first use compiles it and binds the compiled pattern's methods
on the instance, so later calls cost what a compiled pattern's do.

Imports nothing but `re`: the normalizer's import must stay light.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern")


class LazyRegex:
    """`re.compile(source, flags)`, done the first time the pattern is used."""

    def __init__(self, source: str | Callable[[], str], flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        if isinstance(source, str):
            self.pattern = source

    def compile(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if need be); binds its methods on the instance."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            source = self._source if isinstance(self._source, str) else self._source()
            compiled = self.__dict__["_compiled"] = re.compile(source, self._flags)
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
