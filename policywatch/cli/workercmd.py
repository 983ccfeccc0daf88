"""`policywatch worker`: a Celery worker doing the per-document work of distributed runs."""

from __future__ import annotations

from pathlib import Path

import click

from policywatch.cli import _settings, _setup_logging, config_option, handle_errors
from policywatch.errors import ConfigError


@click.command()
@config_option
@click.option("--concurrency", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: distributed.concurrency; 0: one per CPU).")
@click.option("--name", default=None, help="Celery node name (default: policywatch-PID@HOST).")
@click.option("-v", "--verbose", count=True, help="Log each document (-vv for debug).")
@handle_errors
def worker(config_path: Path, concurrency: int | None, name: str | None, verbose: int) -> None:
    """Fetch, extract, normalize and compare documents for `policywatch run`; never opens the database.

    Needs the [distributed] table (broker URL, queue) and `pip install policywatch[distributed]`.
    Stop it with SIGTERM: the task in hand is finished first (a killed worker's task is redone
    by another worker).
    """
    import os

    settings = _settings(config_path)
    if settings.distributed is None:
        raise ConfigError(f"{config_path}: no [distributed] table; `policywatch worker` serves distributed runs "
                          "(see docs/scaling.md)")
    _setup_logging(max(verbose, 1), settings.log_format)
    try:
        from policywatch.distributed.tasks import worker_app
    except ImportError as exc:
        raise ConfigError(f"distributed mode needs celery and redis: pip install 'policywatch[distributed]' ({exc})") from None
    config = settings.distributed
    processes = config.concurrency if concurrency is None else concurrency
    argv = [
        "worker", "--queues", config.queue, "--pool", "prefork",
        "--concurrency", str(processes or os.cpu_count() or 1),
        "--hostname", name or f"policywatch-{os.getpid()}@%h",
        "--loglevel", "DEBUG" if verbose > 1 else "INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    worker_app(config).worker_main(argv)
