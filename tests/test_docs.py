"""Documentation stays true: generated config docs, README commands, module docstrings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from policywatch.configdoc import configuration_markdown

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "policywatch"


def test_configuration_doc_is_generated_from_schema() -> None:
    on_disk = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert on_disk == configuration_markdown(), (
        "docs/configuration.md is stale: run `python -m policywatch.configdoc > docs/configuration.md`"
    )


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "module", sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py") if "demo/site" not in p.as_posix())
)
def test_every_module_says_what_it_owns(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree)
    if module.endswith("__main__.py"):
        return
    assert docstring and docstring.strip().splitlines()[0].strip(), f"{module} has no module docstring"
