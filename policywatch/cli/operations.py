"""Operation commands: site build, digest, status, probe, daemon."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from policywatch.cli import (
    DEFAULT_CONFIG,
    _open_store,
    _settings,
    _setup_logging,
    config_option,
    handle_errors,
)


@click.group()
def site() -> None:
    """The static report site (`site build` rewrites it from the store).

    `run` rebuilds the site after every crawl; use `site build` after changing templates,
    `lang` or `site_base_url`, or to write a copy elsewhere with --out.
    """


@site.command("build")
@config_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write here instead of output_dir.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Interface language.")
@handle_errors
def site_build(config_path: Path, out_dir: Path | None, lang: str | None) -> None:
    """Rebuild the report site from the store into output_dir (or --out); print its index.html.

    Only pages whose inputs changed are rendered; the new site replaces the old one in one step.
    """
    from dataclasses import replace

    from policywatch.pipeline import build_site

    settings = _settings(config_path)
    if lang:
        settings = replace(settings, lang=lang)
    with _open_store(settings, reading=True) as store:
        index = build_site(settings, store, out_dir=out_dir)
    click.echo(str(index))


@click.command()
@config_option
@click.option("--send", "mode", flag_value="send", help="Queue due digests and flush the outbox over SMTP.")
@click.option("--dry-run", "mode", flag_value="dry-run", help="Write pending digests as .eml files, send nothing.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("digests"),
              show_default=True, help="Where --dry-run writes .eml files.")
@handle_errors
def digest(config_path: Path, mode: str | None, out_dir: Path) -> None:
    """Queue the daily/weekly email digests that are due; send them or write them as .eml files.

    Without --send or --dry-run it only queues. A digest covers the events since the
    subscription's previous digest (a new subscription: the last day or week); one that fails
    to send stays queued and is retried by the next `digest --send` (exit 1 until it goes
    through). Immediate subscriptions are sent by `run`.
    For cron: `policywatch digest --send --config policywatch.toml` at the time readers expect it.
    """
    from policywatch.pipeline import enqueue_digests, write_digest_files
    from policywatch.pipeline.delivery import DeliveryReport, deliver

    settings = _settings(config_path)
    with _open_store(settings) as store:
        queued = enqueue_digests(store, settings)
        if mode == "dry-run":
            dry = write_digest_files(store, settings, out_dir)
            for path in dry.written:
                click.echo(str(path))
            for why in dry.unwritten:
                click.echo(f"not written: {why}", err=True)
            sys.exit(1 if dry.unwritten else 0)
        report = deliver(store, settings) if mode == "send" else DeliveryReport()
    given_up = sum(1 for f in report.failures if f["dead"])
    dead = f" ({given_up} given up: see `policywatch status`)" if given_up else ""
    click.echo(
        f"digests queued {queued}; sent {report.sent}, failed {report.failed}{dead} (will retry), "
        f"waiting {report.waiting}", err=True,
    )
    sys.exit(1 if report.failed else 0)


@click.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@handle_errors
def status(config_path: Path, as_json: bool) -> None:
    """Per source: last run, outcome, failures, documents, last change; the outbox.

    Exit 1 if a configured source is failing or a report could not be delivered (failed, given
    up or unconfirmed). A source no longer in the config is shown as such and fails nothing.
    """
    settings = _settings(config_path)
    with _open_store(settings, reading=True) as store:
        health = store.source_health()
        # pending() lists only items due now: a digest waiting for its retry would be invisible
        waiting = store.undelivered()
        unconfirmed = store.unconfirmed()
        dead = store.dead_letters()
    failed = [i for i in waiting if i.state == "failed"]
    # a source removed from the config (or renamed) is no longer run: its last state is shown, but
    # it fails no `status`, or one that was failing when it was removed made every cron check fail
    configured = {s.name for s in settings.sources}
    # a configured source no run has reached yet is stored nowhere: said as such (not left out,
    # which made a new config's `status` print nothing but the outbox)
    stored = {h.name for h in health}
    unrun = [s.name for s in settings.sources if s.name not in stored]
    unhealthy = [h for h in health if not h.healthy and h.name in configured] or unconfirmed or failed or dead
    if as_json:
        click.echo(json.dumps({
            "sources": [
                {"name": h.name, "documents": h.documents, "last_run_at": h.last_run_at.isoformat() if h.last_run_at else None,
                 "last_outcome": h.last_outcome, "consecutive_failures": h.consecutive_failures,
                 "failing_since": h.failing_since.isoformat() if h.failing_since else None,
                 "last_change_at": h.last_change_at.isoformat() if h.last_change_at else None, "message": h.message,
                 "configured": h.name in configured}
                for h in health
            ] + [{"name": name, "documents": 0, "last_run_at": None, "last_outcome": None,
                  "consecutive_failures": 0, "failing_since": None, "last_change_at": None,
                  "message": "not run yet", "configured": True} for name in unrun],
            "outbox": {"pending": len(waiting), "failed": len(failed), "unconfirmed": len(unconfirmed),
                       "dead": len(dead), "last_error": failed[-1].last_error if failed else "",
                       # each report that failed, as `run --json` told it (webhook secrets hidden);
                       # `dead`: given up, sent again only by `policywatch outbox requeue`
                       "failures": [{"id": i.id, "channel": i.channel, "key": i.key, "attempts": i.attempts,
                                     "error": i.last_error, "dead": i.state == "dead",
                                     "retry_at": i.retry_at.isoformat() if i.retry_at else None}
                                    for i in [*failed, *dead]]},
            "healthy": not unhealthy,
        }, ensure_ascii=False, indent=2))
    else:
        from policywatch.reports.i18n import Translator
        from policywatch.reports.views import source_note

        # status's own words in the configured language (wording.PHRASES `status_*`, said by the
        # reports' catalogue), and what a source's last run said in the words the site gives it
        # (its outcome codes and unread note: source_note, t.label): under lang = zh the codes and
        # the stored English note were printed raw inside the Chinese line. A report's error is
        # listed as stored (an SMTP or HTTP server's own words).
        t = Translator(settings.lang)

        def say(name: str, /, **values: object) -> str:  # positional: a report's `key` is one of the values
            return t(f"phrase.status_{name}", **values)

        for h in health:
            last = f"{h.last_run_at:%Y-%m-%d %H:%M}" if h.last_run_at else say("never")
            change = f"{h.last_change_at:%Y-%m-%d}" if h.last_change_at else "—"
            message = source_note(h.message, t) if h.message else ""
            outcome = t.label("outcome", h.last_outcome) if h.last_outcome else ""
            note = say("note", message=message) if message else ""  # an ok run's errors, documents left unread
            if h.healthy:
                state = say("ok") + note
            elif h.blocked:  # the run did its work, but the site refused documents: act on it
                state = say("blocked", outcome=outcome) + note
            else:
                state = say("failing", count=h.consecutive_failures, outcome=outcome, message=message)
                if not message:  # a failure stored without a message: no separator left dangling
                    state = state.rstrip(" ：")
            gone = "" if h.name in configured else say("gone")
            click.echo(say("source", source=h.name, n=h.documents, last=last, change=change, state=state) + gone)
        for name in unrun:
            click.echo(say("unrun", source=name))
        if not health and not unrun:
            click.echo(say("no_sources", path=settings.path or DEFAULT_CONFIG))
        error = say("last_error", error=failed[-1].last_error) if failed else ""
        click.echo(say("outbox", pending=len(waiting), failed=len(failed), error=error, dead=len(dead),
                       unconfirmed=len(unconfirmed)))
        for item in failed:
            click.echo(say("failed_item", channel=item.channel, report=item.key, attempts=item.attempts,
                           error=item.last_error))
        for item in dead:
            click.echo(say("dead_item", id=item.id, channel=item.channel, report=item.key, attempts=item.attempts,
                           error=item.last_error))
        if dead:
            click.echo(say("requeue"))
    sys.exit(1 if unhealthy else 0)


@click.group()
def outbox() -> None:
    """The outbox of digests and webhook posts (`status` shows it)."""


@outbox.command("requeue")
@config_option
@click.option("--dead", "all_dead", is_flag=True, help="Every report given up on (status: dead).")
@click.argument("ids", nargs=-1, type=int)
@handle_errors
def outbox_requeue(config_path: Path, all_dead: bool, ids: tuple[int, ...]) -> None:
    """Queue reports again for the next `run` or `digest --send`: those given up on (--dead),
    or the given ids (`status --json` outbox.failures[].id; an unconfirmed one too, once you
    know it never arrived: it may otherwise reach its readers twice)."""
    from policywatch.errors import UsageError

    if not all_dead and not ids:
        raise UsageError("name the reports to queue again: --dead, or their ids (status --json: outbox.failures)")
    settings = _settings(config_path)
    with _open_store(settings) as store:
        chosen = [*(i.id for i in store.dead_letters() if all_dead), *ids]
        requeued = sum(store.requeue(item_id) for item_id in dict.fromkeys(chosen))
    click.echo(f"policywatch: {requeued} report{'s' if requeued != 1 else ''} queued again", err=True)
    if ids and requeued < len(set(ids)):
        # an id already sent, still pending or unknown: nothing to do for it, and the caller should know
        click.echo("policywatch: some ids were not failed, dead or unconfirmed reports", err=True)
        sys.exit(1)


@click.command()
@click.argument("url")
@click.option("--source", "source_name", default=None, help="Use this configured source's settings.")
@click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Config file holding the --source (default $POLICYWATCH_CONFIG, then ./policywatch.toml); "
                   "without --source no config is read.")
@click.option("--profile", default="generic", show_default=True, help="Profile when no source is given.")
@click.option("--allow-private", is_flag=True, help="Allow a loopback/private address (local test sites).")
@handle_errors
def probe(url: str, source_name: str | None, config_path: Path | None, profile: str, allow_private: bool) -> None:
    """Fetch one listing or document page and show what policywatch would do; stores nothing.

    Exits 1 when the page could not be fetched (refused, unreachable, blocked ...).
    """
    from urllib.parse import urlsplit

    from policywatch import crawler
    from policywatch.config import FetchSettings, SourceConfig

    if source_name:
        # the same default as every other command: $POLICYWATCH_CONFIG, then ./policywatch.toml
        settings = _settings(config_path or Path(os.environ.get("POLICYWATCH_CONFIG", DEFAULT_CONFIG)))
        source, fetch_settings = settings.source(source_name), settings.fetch
    else:
        host = urlsplit(url).hostname or ""
        # No listing URLs: naming the probed URL as one would make every page a listing, so a
        # document page would never show its metadata and body; probe tells them apart itself.
        source = SourceConfig(name="probe", listing_urls=(), profile=profile, allowed_hosts=(host,),
                              allow_private=allow_private)
        fetch_settings = FetchSettings()
    with crawler.Fetcher(fetch_settings) as fetcher:
        report = crawler.probe(url, source=source, fetch_page=lambda u, data=None: fetcher.fetch(u, source=source, data=data))
    local_hint = report.outcome == "refused" and not allow_private and not source_name
    hint = "for a site on a loopback or private address add --allow-private" if local_hint else ""
    click.echo(report.render_text(hint=hint))
    if report.outcome != "ok":  # scripts setting up a site can tell a page that could not be read
        if local_hint:
            click.echo(f"policywatch: {hint}", err=True)
        sys.exit(1)


@click.command()
@config_option
@click.option("-v", "--verbose", count=True)
@handle_errors
def daemon(config_path: Path, verbose: int) -> None:
    """Run every source on its schedule (APScheduler); SIGHUP reloads the config, SIGTERM stops."""
    from policywatch.scheduling import Daemon

    settings = _settings(config_path)
    _setup_logging(max(verbose, 1), settings.log_format)
    Daemon(config_path).start()
