"""Names a package re-exports from its submodules, each submodule imported on first use.

`policywatch.model`, `policywatch.reports` and `policywatch.diffing` offer names whose modules a
short command often never needs (the store's records, the site and mail machinery, the text
renderers): `policywatch diff a.txt b.txt` should not pay for them. Such a package maps each of
those names to its submodule and gets its module `__getattr__` and `__dir__` from here (PEP 562):

    __getattr__, __dir__ = lazy_exports(__name__, globals(), {"build_site": "site", ...})

The first lookup of a name imports its submodule and binds every name the table gives that
submodule in the package's globals, so later lookups are ordinary global reads, and `dir()` (and
so `typing.get_type_hints` resolving a forward reference, see distributed/codec.py) lists the
names before they are loaded. Imports only the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose globals are `namespace`; `exports`
    maps each lazily loaded name to the submodule (relative to `package`) that defines it."""
    table = dict(exports)

    def __getattr__(name: str) -> Any:
        submodule = table.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        loaded = import_module(f"{package}.{submodule}")
        for each, where in table.items():
            if where == submodule:
                namespace[each] = getattr(loaded, each)
        return namespace[name]

    def __dir__() -> list[str]:
        return sorted({*namespace, *table})

    return __getattr__, __dir__
