"""`policywatch diff` of two text files imports only what comparing them needs (issue 15).

Run as a user runs it (`python -m policywatch ...` in a subprocess), with a wrapper that prints
the imported modules when the process ends; and `--help` still lists every command, each of
which still loads. Start-up time itself is a benchmark figure (benchmarks/diff_speed.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from policywatch.cli import LAZY_COMMANDS, cli

# Never needed to compare two local text files: the store, the crawler and its HTTP stack, the
# scheduler and workers, the binary readers and their sandbox, config loading, the other commands.
NOT_FOR_A_TEXT_DIFF = (
    "requests", "urllib3", "bs4", "lxml", "soupsieve", "sqlite_utils", "sqlite3", "apscheduler", "celery",
    "pdfplumber", "pdfminer", "pypdf", "docx", "tqdm", "smtplib", "tomllib", "zoneinfo", "logging", "subprocess",
    "policywatch.crawler", "policywatch.state", "policywatch.lineage", "policywatch.pipeline",
    "policywatch.distributed", "policywatch.scheduling", "policywatch.config", "policywatch.extract.sandbox",
    "policywatch.extract.html", "policywatch.extract.rules", "policywatch.reports.site", "policywatch.reports.mail",
    "policywatch.model.records",
    "policywatch.cli.storecmds", "policywatch.cli.operations", "policywatch.cli.lineagecmds",
    "policywatch.cli.amendcmd", "policywatch.cli.workercmd", "policywatch.cli.runcmds",
)

# Runs the CLI as `python -m policywatch` does and reports sys.modules as the process exits
# (`diff` ends with sys.exit: 1 for changes).
_WRAPPER = """
import atexit, runpy, sys
atexit.register(lambda: sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n"))
sys.argv = ["policywatch", *sys.argv[1:]]
runpy.run_module("policywatch", run_name="__main__", alter_sys=True)
"""


def _modules_of(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return done, set(line.split()[1:])


@pytest.fixture
def text_pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起施行。\n", encoding="utf-8")
    new.write_text("第一条 为了规范管理，制定本办法。\n第二条 本办法自2026年1月1日起施行。\n", encoding="utf-8")
    return old, new


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_text_diff_imports_no_store_crawler_or_config(text_pair: tuple[Path, Path], tmp_path: Path,
                                                        fmt: str) -> None:
    old, new = text_pair
    done, modules = _modules_of(["diff", str(old), str(new), "--format", fmt], tmp_path)
    assert done.returncode == 1, done.stderr  # changes found, as diff(1)
    assert "施行" in done.stdout
    loaded = [name for name in NOT_FOR_A_TEXT_DIFF if name in modules]
    assert loaded == [], f"`diff --format {fmt}` imported {loaded}"
    # the page's template engine only when a page is rendered
    assert ("jinja2" in modules) == (fmt == "html")
    assert "policywatch.diffing" in modules and "policywatch.extract" in modules  # the wrapper saw the work


def test_a_rewrapped_copy_imports_no_similarity_scorer(text_pair: tuple[Path, Path], tmp_path: Path) -> None:
    """Every clause of a re-wrapped copy pairs with its original before any similarity is scored,
    so rapidfuzz (~10 ms to import) is never loaded."""
    old, _ = text_pair
    copy = tmp_path / "copy.txt"
    copy.write_text("第一条 为了规范管理，\n制定本办法。\n第二条 本办法自发布之日\n起施行。\n", encoding="utf-8")
    done, modules = _modules_of(["diff", str(old), str(copy), "--format", "json"], tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["changes"] == []
    assert "rapidfuzz" not in modules and "policywatch.diffing" in modules


def test_a_one_clause_edit_imports_no_similarity_scorer(tmp_path: Path) -> None:
    """A lone edited clause at its place that keeps its opening words pairs with its original
    whatever its similarity: rapidfuzz is not loaded, nor (no fact, no metadata field changed)
    the change details' classes."""
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起施行。\n", encoding="utf-8")
    new.write_text("第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起正式施行。\n", encoding="utf-8")
    done, modules = _modules_of(["diff", str(old), str(new), "--format", "json"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert [c["kind"] for c in json.loads(done.stdout)["changes"]] == ["modified"]
    assert "rapidfuzz" not in modules and "policywatch.diffing" in modules
    assert "policywatch.model.details" not in modules  # no fact or metadata field changed


def test_help_lists_every_command_and_each_loads(tmp_path: Path) -> None:
    done, modules = _modules_of(["--help"], tmp_path)
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(cli.commands) | set(LAZY_COMMANDS)
    assert {"diff", "run", "list", "site", "status", "worker", "amend", "related"} <= listed
    assert "policywatch.cli.storecmds" in modules  # --help had to import them for their help lines
    context = click.Context(cli)
    for name, target in LAZY_COMMANDS.items():
        command = cli.get_command(context, name)
        assert isinstance(command, click.Command), target
        assert command.name == name, f"{target} is named {command.name!r}, listed as {name!r}"


def test_a_lazy_command_runs_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["related", "--help"])
    assert result.exit_code == 0 and "relations" in result.output
    result = runner.invoke(cli, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output


def test_the_store_records_and_change_details_load_on_first_use_and_are_the_same_classes(tmp_path: Path) -> None:
    probe = ("import dataclasses, enum, sys\n"
             "import policywatch.model as model\n"
             "assert 'policywatch.model.records' not in sys.modules\n"
             "assert 'policywatch.model.details' not in sys.modules\n"
             "assert model.RECORDS | model.DETAILS <= set(dir(model))\n"
             "from policywatch.model import StoredVersion\n"
             "assert 'policywatch.model.details' not in sys.modules\n"
             "from policywatch.model import FactChange\n"
             "from policywatch.model import details, records\n"
             "assert StoredVersion is records.StoredVersion and FactChange is details.FactChange\n"
             "assert set(records.__all__) == model.RECORDS and set(details.__all__) == model.DETAILS\n"
             "for name in sorted(model.RECORDS | model.DETAILS):\n"
             "    value = getattr(model, name)\n"
             "    assert value is getattr(records if name in model.RECORDS else details, name), name\n"
             "    if name == 'RELATION_KINDS':\n"
             "        assert value == {kind.value for kind in model.RelationKind}\n"
             "    elif issubclass(value, enum.Enum):\n"
             "        assert value.__qualname__ == name, name\n"
             "    else:\n"
             "        assert dataclasses.is_dataclass(value) and value.__qualname__ == name, name\n"
             "        assert value.__dataclass_params__.frozen and hasattr(value, '__slots__'), name\n"
             "print(sorted(model.RECORDS | model.DETAILS))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "FetchResult" in done.stdout and "RunSummary" in done.stdout and "Link" in done.stdout
    with pytest.raises(AttributeError):
        import policywatch.model as model

        model.NoSuchValue  # noqa: B018


def test_warnings_still_go_to_logging(tmp_path: Path) -> None:
    """main() routes warnings to logging (py.warnings) as logging.captureWarnings did, twice over."""
    probe = ("import logging, sys, warnings\n"
             "import click\n"
             "from policywatch.cli import cli, main\n"
             "seen = []\n"
             "class Keep(logging.Handler):\n"
             "    def emit(self, record): seen.append(record.getMessage())\n"
             "logging.getLogger('py.warnings').addHandler(Keep())\n"
             "@cli.command('warn-once')\n"
             "def warn_once():\n"
             "    warnings.warn('a test warning ' + str(len(seen)), UserWarning, stacklevel=1)\n"
             "for _ in range(2):\n"
             "    sys.argv = ['policywatch', 'warn-once']\n"
             "    try:\n"
             "        main()\n"
             "    except SystemExit:\n"
             "        pass\n"
             "print(len(seen), all('a test warning' in m for m in seen))")
    done = subprocess.run([sys.executable, "-W", "always", "-c", probe], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "True"], done.stdout + done.stderr
