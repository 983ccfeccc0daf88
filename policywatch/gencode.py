"""Code the standard library writes while classes are made, compiled once per user.

`@dataclass` writes the source text of each class's `__init__`, `__repr__`, `__eq__`,
`__setattr__`, `__hash__`... and compiles it with `exec`; typing's `NamedTuple` compiles every
field annotation given as text (`ForwardRef`), and `collections.namedtuple` its `__new__`. The
text is the same in every process, and compiling it is most of what making these classes costs:
some 38 M instructions of the ~425 M a one-line `diff --format html` executes (the value classes
of model/ and the diffing stage are dataclasses).

So the `policywatch` command (policywatch.__main__) routes those three compilations through
GENERATED: a code object compiled from a given text, in a given mode, is kept in the per-user
cache (policywatch.usercache), in a file marked with the exact Python build, as lazyre keeps regex
code and Python its .pyc files. The next process unmarshals the code instead of parsing and
compiling the text again. The key is the whole source text, so a cached code object is exactly
what compiling that text gives; text is compiled as the standard library compiles it (no
`from __future__` flags inherited from this module). An unreadable or foreign cache only means
compiling, as without one.

Only the command's own process is hooked (`cache_generated_code`), never a program that imports
the package as a library. Imports only the standard library and usercache.
"""

from __future__ import annotations

import builtins
import marshal
import sys
from types import CodeType
from typing import Any

from policywatch import usercache


class GeneratedCode(usercache.EntryCache):
    """Code objects compiled from text, read from the per-user cache once and written back at exit."""

    DIRECTORY = "code"

    def compile(self, source: str, filename: str, mode: str) -> CodeType:
        """`compile(source, filename, mode)` as a module without future imports does it."""
        key = (source, filename, mode)
        code = self.get(key, _code_of)
        if code is None:
            code = builtins.compile(source, filename, mode, dont_inherit=True)
            self.add(key, marshal.dumps(code))
        return code

    def build(self) -> str:
        """The interpreter build: a code object belongs to exactly one."""
        return f"generated-code-v1 {sys.version} {sys.implementation.cache_tag}"



def _code_of(raw: bytes) -> CodeType | None:
    """The code object of a cached entry; None for a damaged one."""
    try:
        code = marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


GENERATED = GeneratedCode()


def _compile(source: Any, filename: Any = "<string>", mode: Any = "exec", *args: Any, **kwargs: Any) -> Any:
    """`compile` for typing: text compiled through GENERATED, anything else as the builtin does it."""
    if args or kwargs or not isinstance(source, str) or not isinstance(filename, str) or mode not in ("exec", "eval"):
        return builtins.compile(source, filename, mode, *args, **kwargs)
    return GENERATED.compile(source, filename, mode)


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """`exec` for dataclasses: the same, with text compiled through GENERATED."""
    if isinstance(source, str):
        source = GENERATED.compile(source, "<string>", "exec")
    builtins.exec(source, *_namespaces(globals, locals))


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    """`eval` for collections.namedtuple: the same, with text compiled through GENERATED."""
    if isinstance(source, str):
        source = GENERATED.compile(source.lstrip(" \t"), "<string>", "eval")  # eval() strips leading blanks too
    return builtins.eval(source, *_namespaces(globals, locals))


def _namespaces(globals: Any, locals: Any) -> tuple[Any, Any]:
    """The namespaces the builtin would run in: without globals, those of the caller of _exec or
    _eval (two frames up), not this module's."""
    if globals is None:
        caller = sys._getframe(2)
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    return globals, locals


def cache_generated_code() -> None:
    """Make dataclasses, typing's NamedTuple and collections.namedtuple compile their generated
    text through GENERATED, in this process. The three modules look `exec`, `compile` and `eval`
    up as module globals before builtins, so a global of that name in each of them is all it
    takes; a Python whose module does not call the name simply never uses it. Idempotent."""
    import collections
    import dataclasses
    import typing

    dataclasses.exec = _exec  # type: ignore[attr-defined]
    typing.compile = _compile  # type: ignore[attr-defined]
    collections.eval = _eval  # type: ignore[attr-defined]
