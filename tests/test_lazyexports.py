"""policywatch.lazyexports: a package's lazily exported names load their module on first use, once."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from policywatch.lazyexports import lazy_exports

ROOT = Path(__file__).resolve().parents[1]


def _package(tmp_path: Path, name: str) -> types.ModuleType:
    """A throwaway package `name` with submodules a (two names) and b (one), importable from tmp_path."""
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text(
        "from policywatch.lazyexports import lazy_exports\n"
        "EAGER = 1\n"
        "__getattr__, __dir__ = lazy_exports(__name__, globals(), {'one': 'a', 'two': 'a', 'three': 'b'})\n",
        encoding="utf-8")
    (root / "a.py").write_text("one = object()\ntwo = object()\n", encoding="utf-8")
    (root / "b.py").write_text("three = object()\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(tmp_path))


def test_a_name_loads_its_submodule_and_binds_its_siblings_only(tmp_path: Path) -> None:
    package = _package(tmp_path, "lazypkg_binds")
    assert "lazypkg_binds.a" not in sys.modules
    assert {"one", "two", "three", "EAGER"} <= set(dir(package))
    one = package.one
    assert one is sys.modules["lazypkg_binds.a"].one
    assert vars(package)["two"] is sys.modules["lazypkg_binds.a"].two, "a sibling from the same module is bound"
    assert "three" not in vars(package) and "lazypkg_binds.b" not in sys.modules
    from lazypkg_binds import three  # type: ignore[import-not-found]

    assert three is sys.modules["lazypkg_binds.b"].three


def test_an_unknown_name_is_an_attribute_error(tmp_path: Path) -> None:
    package = _package(tmp_path, "lazypkg_unknown")
    with pytest.raises(AttributeError, match="lazypkg_unknown.*nothing"):
        package.nothing  # noqa: B018
    getattr_, _ = lazy_exports("x", {}, {})
    with pytest.raises(AttributeError):
        getattr_("y")


@pytest.mark.parametrize("package", ["policywatch.model", "policywatch.reports", "policywatch.diffing"])
def test_every_exported_name_of_the_real_packages_resolves_in_a_fresh_process(package: str) -> None:
    """Each name in __dir__ but not yet bound loads from its table entry (a wrong entry fails here)."""
    probe = (f"import importlib\n"
             f"p = importlib.import_module({package!r})\n"
             f"lazy = [n for n in dir(p) if n not in vars(p)]\n"
             f"assert lazy, 'nothing lazy'\n"
             f"for n in lazy:\n"
             f"    assert getattr(p, n) is vars(p)[n], n\n"
             f"for n in getattr(p, '__all__', ()):\n"
             f"    getattr(p, n)\n")
    subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, timeout=120)
