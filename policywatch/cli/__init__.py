"""Command-line interface: thin click commands over the pipeline and the stages.

Machine output (JSON, diffs) goes alone to stdout; logs and progress go to stderr.
Exit codes: EXIT_CODES below (README and docs/operations.md show the same table, a test checks
it); `diff` 0 no change, 1 changes, 2 error (as diff(1)); `amend` 0 all applied, 1 some not, 2 error.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from policywatch import __version__
from policywatch.cli.lazy import LazyGroup
from policywatch.errors import ConfigError, LockError, LockHeldError, PolicywatchError, StoreError, UsageError

if TYPE_CHECKING:
    from policywatch.config import Settings
    from policywatch.model import ChangeSet

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_CONFIG = "policywatch.toml"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_STORE = 3
# EX_TEMPFAIL of sysexits.h, "try again later": a run that met another run's lock is a harmless
# overlap, and monitoring that pages on a store error (3) must be able to tell the two apart.
EXIT_LOCKED = 75
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer killed by SIGPIPE
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT / SIGTERM: a `run` stopped by them (runcmds.py)
# The cycle collector's first-generation threshold for a command's process (CPython's default is
# 700): what a command allocates mostly lives until it ends (modules, classes, patterns, the
# documents and clause trees), so at 700 the collector rescans it ~75 times in one `diff` of two
# 665 KB files, ~9 ms of ~0.25 s CPU. Cycles are still collected, in fewer and larger passes.
GC_THRESHOLD = 50_000

# The documented exit codes of every command but `diff`; README.md and docs/operations.md carry
# this table word for word (tests/test_cli.py reads them).
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "it ran (changes or not)",
    EXIT_FAILED: "some sources failed (`run`), a source or delivery is unhealthy (`status`), a page or file could not be read (`probe`, `segment`)",
    EXIT_CONFIG: "config or usage error",
    EXIT_STORE: "store error (missing store for a reading command, read-only store for a writing one, corrupt or locked database, full disk)",
    EXIT_LOCKED: "another run holds the run lock; nothing was done (try again later)",
    EXIT_INTERRUPTED: "`run` stopped by Ctrl-C (SIGINT) after the document in hand: what it stored is printed (`--json`: with `error`); the rest waits for the next run; any other command (`diff` and `amend` too) stopped by Ctrl-C",
    EXIT_TERMINATED: "`run` stopped by SIGTERM, likewise (a second signal ends it at once; the next run reports what it stored)",
}


def _fail(message: str, code: int) -> None:
    # each line of a message of several (a config's problems, one per line) carries the prefix:
    # a log collector that keeps `policywatch:` lines kept only the first of them
    click.echo("\n".join(f"policywatch: {line}" for line in message.splitlines() or [""]), err=True)
    sys.exit(code)


def _broken_pipe() -> None:
    """The reader of stdout went away (`export … | head`): stop quietly, as a SIGPIPE would."""
    # Point stdout at /dev/null so the interpreter's final flush cannot raise a second time.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os._exit(EXIT_BROKEN_PIPE)


def handle_errors(func: F) -> F:
    """Turn policywatch's errors into messages on stderr, each line prefixed `policywatch:` (a
    config's problems are one line each), and the documented exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ConfigError, UsageError) as exc:
            _fail(str(exc), EXIT_CONFIG)
        except LockHeldError as exc:
            _fail(str(exc), EXIT_LOCKED)
        except (StoreError, LockError) as exc:
            _fail(str(exc), EXIT_STORE)
        except PolicywatchError as exc:
            _fail(str(exc), 1)
        except BrokenPipeError:
            _broken_pipe()
        except OSError as exc:  # a file the command writes or reads (--out, PATH): name it, no traceback
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), 1)

    return wrapper  # type: ignore[return-value]


def config_option(func: F) -> F:
    # No dir_okay=False: click would refuse a directory with its usage text before the command
    # runs, so `run --json` could not answer in JSON; load_settings names it as a config error.
    return click.option(
        "--config", "-c", "config_path", type=click.Path(path_type=Path),
        default=lambda: os.environ.get("POLICYWATCH_CONFIG", DEFAULT_CONFIG), show_default=DEFAULT_CONFIG,
        help="Config file (also $POLICYWATCH_CONFIG).",
    )(func)


def _settings(config_path: Path) -> Settings:
    from policywatch.config import load_settings

    return load_settings(config_path)


@contextmanager
def _open_store(settings: Settings, *, reading: bool = False) -> Iterator[Any]:
    """The config's store. reading: the command only reads it, so a missing store is an error
    (nothing is created) and a read-only one is read without writing (Store.open_for_reading)."""
    from policywatch.state import Store

    # a config without sources: a run creates no store, so a missing one is not made by `run`
    with (Store.open_for_reading(settings.database, sources=bool(settings.sources)) if reading
          else Store.open(settings.database)) as store:
        yield store


def _setup_logging(verbose: int, log_format: str = "text") -> None:
    from policywatch.cli.logs import configure_logging

    configure_logging(verbose=verbose, log_format=log_format)


# The commands kept in their own modules, imported only when one of them runs or --help lists
# them: `policywatch diff a.txt b.txt` must not pay for the store, the crawler or the scheduler.
LAZY_COMMANDS: dict[str, str] = {
    "run": "policywatch.cli.runcmds:run",
    "demo": "policywatch.cli.runcmds:demo",
    "init": "policywatch.cli.runcmds:init",
    "amend": "policywatch.cli.amendcmd:amend",
    "site": "policywatch.cli.operations:site",
    "digest": "policywatch.cli.operations:digest",
    "status": "policywatch.cli.operations:status",
    "outbox": "policywatch.cli.operations:outbox",
    "probe": "policywatch.cli.operations:probe",
    "daemon": "policywatch.cli.operations:daemon",
    "list": "policywatch.cli.storecmds:list_documents",
    "history": "policywatch.cli.storecmds:history",
    "show": "policywatch.cli.storecmds:show",
    "import": "policywatch.cli.storecmds:import_files",
    "export": "policywatch.cli.storecmds:export",
    "backup": "policywatch.cli.storecmds:backup",
    "prune": "policywatch.cli.storecmds:prune",
    "related": "policywatch.cli.lineagecmds:related",
    "relate": "policywatch.cli.lineagecmds:relate",
    "worker": "policywatch.cli.workercmd:worker",
}


class _Commands(LazyGroup):
    """The commands, each ended by Ctrl-C with EXIT_INTERRUPTED: click turns KeyboardInterrupt into
    "Aborted!" and exit 1, which `diff` documents as "changes" and `amend` as "not every
    instruction applied", so a script reading them took an interrupted compare for a result."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # `run` handles the first Ctrl-C itself (after the document in hand); this is any
            # other command's, or a second one ending a run at once (the store is crash-safe)
            _fail("interrupted by Ctrl-C (SIGINT); the command did not finish", EXIT_INTERRUPTED)


@click.group(cls=_Commands, lazy_commands=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policywatch")
def cli() -> None:
    """Watch government policy documents and report, clause by clause, what changed."""


# --------------------------------------------------------------------------- files


def _as_written(changeset: ChangeSet) -> ChangeSet:
    """The change set with each record's inline ops as each side was written (grammar.written):
    `diff --format json` is read by people and scripts that rebuild the old side from the ops, and
    it must read 第六章 where the old text said so. The stored change sets keep the ops as compared."""
    from dataclasses import replace

    from policywatch.grammar.written import as_written

    return replace(changeset, changes=tuple(replace(c, inline=as_written(c.inline, c.old_text)) if c.inline else c
                                            for c in changeset.changes))


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Compare two stored documents (ids or URLs) of this config's store instead of two files.")
def diff(old: str, new: str, fmt: str, color: bool | None, config_path: Path | None) -> None:
    """Compare two local files (text, HTML, PDF, DOCX) — or, with --config, two stored documents
    (ids or URLs: a predecessor and its successor) — clause by clause; exit 0 same, 1 changed, 2 error."""
    try:
        from policywatch import diffing

        changeset, title = (_stored_diff(old, new, config_path) if config_path is not None
                            else _file_diff(Path(old), Path(new)))
        if fmt == "json":
            click.echo(_as_written(changeset).to_json(indent=2))
        elif fmt == "html":
            from policywatch import reports

            click.echo(reports.render_diff_html(changeset, title=title))
        else:
            use_color = sys.stdout.isatty() if color is None else color
            click.echo(diffing.render_changeset_text(changeset, color=use_color), nl=False)
    except PolicywatchError as exc:
        _fail(str(exc), 2)
    except BrokenPipeError:
        _broken_pipe()
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}", 2)
    except Exception as exc:  # exit 1 means "changes" for diff: anything unexpected must be 2
        _fail(f"{old} / {new}: {type(exc).__name__}: {exc}", 2)
    sys.exit(0 if changeset.is_empty else 1)


def _file_diff(old: Path, new: Path) -> tuple[Any, str]:
    from policywatch import diffing

    for path in (old, new):
        if not path.exists():
            raise UsageError(f"{path}: no such file (to compare stored documents, give --config)")
    old_doc, new_doc = read_document(old), read_document(new)
    changeset = diffing.diff_texts(
        old_doc.text, new_doc.text, old_label=old.name, new_label=new.name,
        old_metadata=old_doc.metadata, new_metadata=new_doc.metadata,
    )
    return changeset, new_doc.metadata.title or new.name


def read_document(path: Path) -> Any:
    """A local file's ExtractedDocument for diff, segment and amend; ExtractError when it holds no
    text: a scan no OCR read or an empty file would otherwise read as "every clause deleted"."""
    from policywatch import extract, normalize
    from policywatch.errors import ExtractError

    require_regular_file(path)
    document = extract.extract_file(path)
    if normalize.has_visible_text(document.text):  # not .strip(): NULs and BOMs alone are no text
        return document
    if document.needs_ocr:
        why = "; ".join(document.warnings) or "no text layer"
        raise ExtractError(f"{path}: a scan without a text layer, and no text was recognised ({why})")
    raise ExtractError(f"{path}: no text found in the file")


def require_regular_file(path: Path) -> None:
    """UsageError unless `path` is a regular file of a size a reader can hold: a FIFO nobody writes
    to blocks the open forever and /dev/zero never ends, so neither may reach a reader of local
    documents; nor may a file of some GB."""
    if not path.is_file():
        raise UsageError(f"{path}: not a regular file (a directory, pipe or device); give a document file")
    from policywatch.extract import LOCAL_TEXT_BYTES

    _require_readable_size(path, LOCAL_TEXT_BYTES)


def _require_readable_size(path: Path, limit: int) -> None:
    """UsageError for a file over `limit` bytes, before reading it: a reader holds the whole file
    and its text (several times its size for Chinese text), so a file of several hundred MB took
    gigabytes before the text limit refused it, and one of some GB exhausted memory."""
    size = path.stat().st_size
    if size > limit:
        raise UsageError(f"{path}: {size / 1e6:,.0f} MB; policywatch reads local files of up to "
                         f"{limit / 1e6:,.0f} MB (split the document, or compare its parts)")


def _stored_diff(old: str, new: str, config_path: Path) -> tuple[Any, str]:
    """The two documents' latest versions compared, labelled with their titles."""
    from policywatch.cli.storecmds import _document
    from policywatch.pipeline.lineage import compare_documents

    with _open_store(_settings(config_path), reading=True) as store:
        versions = []
        for ref in (old, new):
            record = _document(store, ref)
            stored = store.versions(record.id)
            if not stored:
                raise UsageError(f"document {record.id} has no stored version yet")
            versions.append(stored[-1])
    return compare_documents(versions[0], versions[1]), versions[1].metadata.title or new


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def segment(file: Path, fmt: str) -> None:
    """Print a document's clause tree (check how a new site's documents are segmented)."""
    from policywatch import diffing, normalize

    document = read_document(file)
    display = "\n".join(normalize.display_lines(document.text))
    # a title guessed from plain text is often a cover line; the segmenter finds the real one
    title = document.metadata.title if document.format == "html" else ""
    tree = diffing.segment(display, title=title)
    if fmt == "json":
        click.echo(json.dumps(diffing.tree_to_dict(tree), ensure_ascii=False, indent=2))
    else:
        click.echo(diffing.render_tree_text(tree), nl=False)


def _capture_warnings() -> None:
    """Send warnings to logging (logging.captureWarnings), importing logging only when one comes:
    most commands never warn, and `diff` has no other use for logging."""
    plain = warnings.showwarning
    if getattr(plain, "deferred_capture", False):  # main() ran before in this process
        return

    def show(*args: Any, **kwargs: Any) -> None:
        import logging

        warnings.showwarning = plain  # what captureWarnings keeps for warnings written to a file
        logging.captureWarnings(True)
        warnings.showwarning(*args, **kwargs)

    show.deferred_capture = True  # type: ignore[attr-defined]
    warnings.showwarning = show


def main() -> None:
    """Entry point of the `policywatch` script."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    _capture_warnings()
    try:
        cli(prog_name="policywatch")
    except BrokenPipeError:  # a write outside a command's own handling (click's final flush)
        _broken_pipe()
