"""`run`, `demo` and `init`: the commands that crawl, or set a watch up.

Kept out of `cli/__init__.py` (see LAZY_COMMANDS there): a process running another command,
`policywatch diff a.txt b.txt` above all, does not create their options.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from policywatch.cli import (
    DEFAULT_CONFIG,
    EXIT_FAILED,
    EXIT_OK,
    _open_store,
    _settings,
    _setup_logging,
    config_option,
    handle_errors,
)
from policywatch.errors import PolicywatchError, UsageError
from policywatch.wording import plural, shell_word


@click.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the run as one JSON document on stdout.")
@click.option("--source", "sources", multiple=True, help="Run only this source (repeatable).")
@click.option("-v", "--verbose", count=True, help="Log progress to stderr (-vv for debug).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default=None, help="Log line format.")
@handle_errors
def run(config_path: Path, as_json: bool, sources: tuple[str, ...], verbose: int, log_format: str | None) -> None:
    """One crawl-and-report pass (for cron): quiet unless -v, a one-line summary or --json.

    SIGTERM or Ctrl-C ends the run after the document in hand: what it found is stored and
    printed (exit 128 + the signal's number); a second one ends the process at once."""
    with _stop_on_signals() as received:
        try:
            summary = _run(config_path, sources, verbose, log_format, stop=received.stop)
        except PolicywatchError as exc:
            if as_json:  # a reader of --json gets a document whatever happened; the exit code still tells
                click.echo(json.dumps(_failed_run(str(exc), getattr(exc, "run_summary", None)), ensure_ascii=False,
                                      indent=2))
            raise
    code, stopped = EXIT_FAILED if summary.failed_sources else EXIT_OK, ""
    if received.signal:
        stopped = (f"stopped by {received.signal.name} after the document in hand; the rest of the crawl, "
                   "the report site, digests and webhooks wait for the next run")
        click.echo(f"policywatch: {stopped}", err=True)
        code = 128 + received.signal.value
    if as_json:  # the events of a stopped run are reported here or never: printed, with the reason
        click.echo(json.dumps(_failed_run(stopped, summary) if stopped else summary.to_dict(), ensure_ascii=False,
                              indent=2))
    else:
        click.echo(_one_line(summary))
    sys.exit(code)


class _Received:
    """The stop request a signal made: `stop` for the run to check, `signal` the first one received."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.signal: signal.Signals | None = None


@contextmanager
def _stop_on_signals() -> Iterator[_Received]:
    """SIGTERM and SIGINT ask the run to stop after the document in hand (as the daemon's do) instead
    of killing it between a stored change and its report; a second one acts as usual (SIGTERM kills,
    Ctrl-C aborts): the store is crash-safe, and a killed run's events go into the next run's JSON."""
    received = _Received()
    usual = {signal.SIGTERM: signal.SIG_DFL, signal.SIGINT: signal.default_int_handler}

    def first(signum: int, _frame: object) -> None:
        received.signal = signal.Signals(signum)
        received.stop.set()
        for sig, handler in usual.items():
            signal.signal(sig, handler)

    previous = {sig: signal.signal(sig, first) for sig in usual}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _failed_run(message: str, done: Any = None) -> dict[str, Any]:
    """`run --json` of a run that could not start (config, store, lock): the usual shape, nothing
    done, the reason in `errors` and in `error`. `done` is the summary of a run that was stored
    before its report site failed: its counts and events, with the reason added."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from policywatch.model import RunSummary

    now = datetime.now(UTC)
    summary = (replace(done, errors=(*done.errors, message)) if done is not None
               else RunSummary(started_at=now, finished_at=now, errors=(message,)))
    return {**summary.to_dict(), "error": message}


def _run(config_path: Path, sources: tuple[str, ...], verbose: int, log_format: str | None,
         stop: threading.Event | None = None) -> Any:
    from policywatch.cli.progress import progress_reporter
    from policywatch.distributed import workers_for
    from policywatch.pipeline import run_once
    from policywatch.pipeline.run import empty_run
    from policywatch.state import RunLock

    settings = _settings(config_path)
    _setup_logging(verbose, log_format or settings.log_format)
    for name in sources:  # a --source not configured is a usage error before any store or lock is made
        settings.source(name)
    if not settings.sources:
        # nothing to watch is no failure (a new config, every source commented out): said, exit 0,
        # the usual summary (run --json: a valid document), and no store or lock created for nothing
        summary = empty_run(settings)
        click.echo(f"policywatch: {summary.warnings[0]}", err=True)
        return summary
    lock_path = settings.lock_file or settings.database.with_name(settings.database.name + ".lock")
    with RunLock(lock_path), _open_store(settings) as store:
        return run_once(settings, store, sources=list(sources) or None, progress=progress_reporter(verbose),
                        workers=workers_for(settings), stop=stop)


def _one_line(summary: Any) -> str:
    outcomes = ", ".join(f"{k} {v}" for k, v in summary.outcomes.items()) or "nothing fetched"
    failed = f"; failed sources: {', '.join(summary.failed_sources)}" if summary.failed_sources else ""
    back = f", {summary.reappeared} back online" if summary.reappeared else ""  # said when there are some
    return (
        f"policywatch: {plural(len(summary.sources), 'source')}, {outcomes}; "
        f"{plural(summary.new_documents, 'new document')}, {plural(summary.new_versions, 'new version')}, "
        f"{plural(summary.changes, 'change')}, {summary.missing} missing{back}{failed}{_delivery_line(summary.delivery)}"
    )


def _delivery_line(delivery: Any) -> str:
    """"; reports: 1 sent, 1 failed (retried by the next run)" when the run delivered or failed to."""
    if not delivery or not (delivery["sent"] or delivery["failed"] or delivery["pending"] or delivery.get("dead")):
        return ""
    failed = f", {delivery['failed']} failed" if delivery["failed"] else ""
    left = f", {delivery['pending']} waiting (retried by the next run)" if delivery["pending"] else ""
    dead = f", {delivery['dead']} given up (see policywatch status)" if delivery.get("dead") else ""
    return f"; reports: {delivery['sent']} sent{failed}{left}{dead}"


def _usable_out_dir(out_dir: Path) -> None:
    """UsageError (exit 2) unless `out_dir` is, or can be made, a directory: click refuses a
    regular file, not /dev/null or a path under /proc, which failed later as "File exists"."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir}: exists and is not a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # a link to nothing (it or one of its parents) fails as "File exists": say what is there
        if (link := _dangling_link(out_dir)) is not None:
            raise UsageError(f"--out {out_dir}: {link} is a symbolic link to {os.readlink(link)}, which does "
                             "not exist (remove the link or create its target)") from None
        raise UsageError(f"--out {out_dir}: cannot create the directory ({exc.strerror or exc})") from None


def _dangling_link(path: Path) -> Path | None:
    """The first of `path` and its parents that is a symbolic link whose target is missing."""
    return next((p for p in (path, *path.parents) if p.is_symlink() and not p.exists()), None)


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("policywatch-demo"),
              show_default=True, help="Directory for the database, the report site and digest.eml.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-v", "--verbose", count=True)
@handle_errors
def demo(out_dir: Path, lang: str, verbose: int) -> None:
    """Serve the bundled demo site on 127.0.0.1, crawl it before and after its edits, report."""
    from policywatch.pipeline.demo import run_demo

    _setup_logging(verbose)
    _usable_out_dir(out_dir)
    result = run_demo(out_dir, lang=lang)
    first, second = result.first, result.second
    click.echo(f"first crawl:  {plural(first.new_documents, 'document')} now watched (baseline)", err=True)
    click.echo(
        f"second crawl: {plural(second.new_documents, 'new document')}, "
        f"{plural(second.changes, 'changed document')}, {plural(second.new_versions, 'new version')}", err=True,
    )
    for event in second.events:
        if event.is_relation and event.message:
            # the announcement names both documents: a repeal notice that repeals two
            # documents is two events, and its title alone would print the same line twice
            click.echo(f"  - {event.kind.value}: {event.message}", err=True)
            continue
        title = event.metadata.title or event.url
        summary = ""
        if event.changeset is not None:
            counts = {k: v for k, v in event.changeset.counts().items() if v}
            summary = " " + ", ".join(f"{k} {v}" for k, v in counts.items())
        click.echo(f"  - {event.kind.value}: {title}{summary}", err=True)
    if result.digest_eml:
        click.echo(f"digest: {result.digest_eml}", err=True)
    click.echo(f"database: {result.database}", err=True)
    if result.config is not None:
        click.echo(f"config:   {result.config}  (try: policywatch status --config {shell_word(result.config)})",
                   err=True)
    click.echo("open the report site:", err=True)
    click.echo(str(result.index_html.resolve()))


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default=Path(DEFAULT_CONFIG))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@handle_errors
def init(path: Path, force: bool) -> None:
    """Write a commented example policywatch.toml."""
    from policywatch.config import SmtpSettings
    from policywatch.configdoc import example_config

    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to overwrite it")
    path.write_text(example_config(), encoding="utf-8")
    click.echo(f"wrote {path}; edit its [[sources]] and run `policywatch run --config {shell_word(path)}`", err=True)
    click.echo(f"note: digests are sent from smtp.sender = \"{SmtpSettings().sender}\", which real mail servers "
               "reject; set it to an address of your own domain before `policywatch digest --send`", err=True)
