"""The bundled demo: crawl the demo sites (a policy column, a policy family) before and after their
edits, write the site and a digest."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from policywatch import reports
from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite, family_root, site_root
from policywatch.errors import UsageError
from policywatch.model import RunSummary
from policywatch.pipeline.delivery import digest_for_events
from policywatch.pipeline.run import Progress, build_site, run_once
from policywatch.state import Store
from policywatch.wording import shell_word


@dataclass(frozen=True)
class DemoResult:
    first: RunSummary
    second: RunSummary
    index_html: Path
    digest_eml: Path | None
    database: Path
    config: Path | None = None  # policywatch.toml for `status`, `history`, `list` … on the output


CONFIG_NAME = "policywatch.toml"
DATABASE_NAME = "policywatch.db"
DIGEST_NAME = "digest.eml"
SITE_NAME = "site"
# Left in every demo output (before anything else is written, so a demo killed part-way still
# counts): the one sign that the files named below are the demo's to replace.
MARKER_NAME = ".policywatch-demo"
_CONFIG_HEADER = "# Written by `policywatch demo`"
# Every name the demo writes in its output directory: the store (with its SQLite and state
# companions), the config, the digest and the site. Nothing else there is ever touched.
DEMO_NAMES = (DATABASE_NAME, *(DATABASE_NAME + s for s in ("-wal", "-shm", ".store.json")), CONFIG_NAME,
              DIGEST_NAME, SITE_NAME)


def is_demo_output(out_dir: Path) -> bool:
    """True when out_dir was written by the demo: its marker, or (outputs of versions before the
    marker) the config the demo writes, recognised by its first line."""
    marker = out_dir / MARKER_NAME
    if marker.is_file() and not marker.is_symlink():  # a link may point at any file: no sign the demo wrote here
        return True
    config = out_dir / CONFIG_NAME
    try:
        with config.open(encoding="utf-8") as file:
            return config.is_file() and file.readline().startswith(_CONFIG_HEADER)
    except (OSError, UnicodeDecodeError):
        return False


def claim_out_dir(out_dir: Path) -> None:
    """Make out_dir the demo's, or refuse it (UsageError) when it holds a file or folder of a name
    the demo writes that an earlier demo did not: `--out .` in a watch's own directory would
    otherwise delete its store and replace its config and report site."""
    if not is_demo_output(out_dir):
        taken = sorted(name for name in DEMO_NAMES if os.path.lexists(out_dir / name))
        if taken:
            raise UsageError(
                f"--out {out_dir}: holds {', '.join(taken)}, not written by `policywatch demo`; the demo "
                "would replace them. Give an empty or new directory"
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in (MARKER_NAME, *DEMO_NAMES):
        # A link among the demo's own names is replaced, never written through: digest.eml or
        # policywatch.toml linked to a file elsewhere had that file overwritten by the demo's, and
        # site linked to another watch's report site had it rebuilt with the demo's documents.
        if (out_dir / name).is_symlink():
            (out_dir / name).unlink()
    try:
        (out_dir / MARKER_NAME).write_text("policywatch demo output: the demo replaces its own files here on a "
                                           "rerun\n", encoding="utf-8")
    except OSError as exc:  # a directory this process may not write in (read-only, /proc/self): say so, exit 2
        raise UsageError(f"--out {out_dir}: cannot write in the directory ({exc.strerror or exc})") from None


def write_demo_config(out_dir: Path, *, lang: str) -> Path:
    """A config next to the demo's output, so every store command works on it afterwards.

    It has no sources: the demo site lived on a loopback port that is gone once the demo ends.
    Paths are relative to the file, so the directory can be moved.
    """
    path = out_dir / CONFIG_NAME
    site_url = (out_dir / SITE_NAME).resolve().as_uri() + "/"
    path.write_text(
        _CONFIG_HEADER + " for its output: the store, the report site and digests.\n"
        f"# Try: policywatch list --config {shell_word(path)}\n"
        f"#      policywatch history 3 --config {shell_word(path)}\n"
        "# The demo site itself is gone after the demo, so there are no [[sources]] to run.\n"
        f'database = "{DATABASE_NAME}"\n'
        f'output_dir = "{SITE_NAME}"\n'
        f"site_base_url = {_toml_string(site_url)}\n"
        f'lang = "{lang}"\n',
        encoding="utf-8",
    )
    return path


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def demo_settings(base_url: str, out_dir: Path, *, lang: str = "zh", family_url: str = "") -> Settings:
    """Settings for crawling the demo site served at base_url (loopback only), and the lineage
    family's site at family_url when given (source "family")."""
    site_dir = out_dir / SITE_NAME
    return Settings(
        database=out_dir / DATABASE_NAME,
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
            *((SourceConfig(name="family", listing_urls=(f"{family_url}/zcwj/index.html",), profile="trs",
                            allow_private=True, min_delay=0.0, pages=10),) if family_url else ()),
        ),
    )


def run_demo(out_dir: Path, *, lang: str = "zh", progress: Progress | None = None) -> DemoResult:
    """Serve "before", crawl it, switch to "after", crawl again, write the site and digest.eml.

    Each demo run starts from an empty store, so running it again into the same directory
    replaces its files instead of piling up duplicate documents and changes.
    """
    claim_out_dir(out_dir)
    database = out_dir / DATABASE_NAME
    for suffix in ("", "-wal", "-shm", ".store.json"):  # .store.json: starting afresh is deliberate here
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    # two sites: the edited policy column, and a policy family that changes through other
    # documents (a successor repealing its predecessor, a 修改决定, a repeal list, a draft, a 解读)
    with LoopbackSite(site_root("before")) as server, LoopbackSite(family_root("before")) as family:
        settings = demo_settings(server.base_url, out_dir, lang=lang, family_url=family.base_url)
        with Store.open(database) as store:
            first = run_once(settings, store, progress=progress, build_report_site=False, deliver=False)
            server.set_root(site_root("after"))
            family.set_root(family_root("after"))
            second = run_once(settings, store, progress=progress, build_report_site=False, deliver=False)
            index = build_site(settings, store)
            message = digest_for_events(second.events, settings, store=store)
    digest_path: Path | None = out_dir / DIGEST_NAME
    if message is not None and digest_path is not None:
        reports.write_eml(message, digest_path)
    else:
        digest_path = None
    config = write_demo_config(out_dir, lang=lang)
    return DemoResult(first=first, second=second, index_html=index, digest_eml=digest_path, database=database,
                      config=config)
