"""The bundled demo: crawl the demo site before and after its edits, write the site and a digest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policywatch import reports
from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite, site_root
from policywatch.model import RunSummary
from policywatch.pipeline.delivery import digest_for_events
from policywatch.pipeline.run import Progress, build_site, run_once
from policywatch.state import Store


@dataclass(frozen=True)
class DemoResult:
    first: RunSummary
    second: RunSummary
    index_html: Path
    digest_eml: Path | None
    database: Path
    config: Path | None = None  # policywatch.toml for `status`, `history`, `list` … on the output


CONFIG_NAME = "policywatch.toml"


def write_demo_config(out_dir: Path, *, lang: str) -> Path:
    """A config next to the demo's output, so every store command works on it afterwards.

    It has no sources: the demo site lived on a loopback port that is gone once the demo ends.
    Paths are relative to the file, so the directory can be moved.
    """
    path = out_dir / CONFIG_NAME
    site_url = (out_dir / "site").resolve().as_uri() + "/"
    path.write_text(
        "# Written by `policywatch demo` for its output: the store, the report site and digests.\n"
        "# Try: policywatch list --config " + str(path) + "\n"
        "#      policywatch history 3 --config " + str(path) + "\n"
        "# The demo site itself is gone after the demo, so there are no [[sources]] to run.\n"
        'database = "policywatch.db"\n'
        'output_dir = "site"\n'
        f"site_base_url = {_toml_string(site_url)}\n"
        f'lang = "{lang}"\n',
        encoding="utf-8",
    )
    return path


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def demo_settings(base_url: str, out_dir: Path, *, lang: str = "zh") -> Settings:
    """Settings for crawling the demo site served at base_url (loopback only)."""
    site_dir = out_dir / "site"
    return Settings(
        database=out_dir / "policywatch.db",
        output_dir=site_dir,
        site_base_url=site_dir.resolve().as_uri() + "/",
        lang=lang,
        fetch=FetchSettings(min_delay=0.0, retries=1, backoff_base=0.1, user_agent="policywatch-demo/0.1"),
        sources=(
            SourceConfig(
                name="demo",
                listing_urls=(f"{base_url}/zcwj/index.html",),
                profile="trs",
                allow_private=True,  # the demo site is on 127.0.0.1
                min_delay=0.0,
            ),
        ),
    )


def run_demo(out_dir: Path, *, lang: str = "zh", progress: Progress | None = None) -> DemoResult:
    """Serve "before", crawl it, switch to "after", crawl again, write the site and digest.eml.

    Each demo run starts from an empty store, so running it again into the same directory
    replaces its files instead of piling up duplicate documents and changes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    database = out_dir / "policywatch.db"
    for suffix in ("", "-wal", "-shm", ".store.json"):  # .store.json: starting afresh is deliberate here
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    with LoopbackSite(site_root("before")) as server:
        settings = demo_settings(server.base_url, out_dir, lang=lang)
        with Store.open(database) as store:
            first = run_once(settings, store, progress=progress, build_report_site=False, deliver=False)
            server.set_root(site_root("after"))
            second = run_once(settings, store, progress=progress, build_report_site=False, deliver=False)
            index = build_site(settings, store)
    digest_path: Path | None = out_dir / "digest.eml"
    message = digest_for_events(second.events, settings)
    if message is not None and digest_path is not None:
        reports.write_eml(message, digest_path)
    else:
        digest_path = None
    config = write_demo_config(out_dir, lang=lang)
    return DemoResult(first=first, second=second, index_html=index, digest_eml=digest_path, database=database,
                      config=config)
