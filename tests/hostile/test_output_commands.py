"""The outputs and store commands against what an outside tester throws at them.

- an operator's template (templates_dir) that loops over a huge range or recurses: the site build
  and the digest stop with one line naming the template, and lose nothing;
- the `json` webhook of a run with one very long change: a bounded body, the whole changeset
  still in `export`;
- reading commands on a store that does not exist (nothing created) or that is read-only (a
  read-only mount: read as usual; a writing command says why it cannot run).

Documents are real: the demo site's pages, and Nanjing's AI landmark action plan (seed 003,
宁政办发〔2019〕37号) repeated into a long regulation.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policywatch.cli import cli
from policywatch.config import FetchSettings, Settings, SourceConfig, Webhook, load_settings
from policywatch.demo import LoopbackSite, RecordedRequest, Response, site_root
from policywatch.errors import ConfigError
from policywatch.pipeline import build_site, deliver_outbox, run_once
from policywatch.reports import guard
from policywatch.state import Store
from tests.conftest import SmtpCollector, demo_config, start_smtp
from tests.govsite import seed_lines
from tests.hostile.test_hostile_outputs import LISTING, PAGE, listing

ROOT = Path(__file__).resolve().parents[2]

# templates an outside tester copies into templates_dir
HANGING = {
    "huge loop": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "recursion": "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(0) }}",
    "exponential macro": ("{% macro tree(n) %}{% if n < 60 %}{{ tree(n + 1) }}{{ tree(n + 1) }}{% endif %}"
                          "{% endmacro %}{{ tree(0) }}"),
}


@pytest.fixture
def quick_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    # The budget is wall time and covers every page of the build, not only the operator's
    # template: at 1 s an ordinary page rendered under tracing on a loaded 2-core machine ran out
    # first and was named instead of source.html (seen twice under load 12-15).
    monkeypatch.setattr(guard, "RENDER_SECONDS", 3.0)
    return 3.0


@pytest.mark.parametrize("kind", sorted(HANGING))
def test_a_hanging_page_template_stops_naming_it_and_the_next_build_retries(
    tmp_path: Path, demo_site: LoopbackSite, quick_deadline: float, kind: str
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "source.html").write_text(HANGING[kind], encoding="utf-8")
    config = demo_config(tmp_path, demo_site.base_url, 'templates_dir = "templates"\n')
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        with pytest.raises(ConfigError, match=r"source\.html") as caught:
            run_once(settings, store, deliver=False)
        summary = caught.value.run_summary  # type: ignore[attr-defined]
        assert summary.new_documents == 6, "the run's events are carried by the error"
        stored = [e["id"] for e in store.export("events")]
        assert stored and stored == [e.id for e in summary.events], "and stored"
        assert not (settings.output_dir / "index.html").exists()
        (templates / "source.html").unlink()
        index = build_site(settings, store)
    assert index.is_file() and (settings.output_dir / "sources" / "demo.html").is_file()


def test_a_hanging_digest_template_leaves_the_digest_queued(tmp_path: Path, demo_site: LoopbackSite,
                                                             quick_deadline: float,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    box = SmtpCollector()
    smtp = start_smtp(box)
    try:
        templates = tmp_path / "templates"
        templates.mkdir()
        (templates / "digest.txt").write_text(HANGING["exponential macro"], encoding="utf-8")
        extra = ('templates_dir = "templates"\n'
                 f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\ntimeout = 5\n'
                 '[[subscriptions]]\nname = "a"\nrecipients = ["a@example.org"]\nfrequency = "immediate"\n')
        settings = load_settings(demo_config(tmp_path, demo_site.base_url, extra))
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False)
            (item,) = store.outbox_items()
            # a failed attempt, counted: retried by the next run, or once its retry time is past
            assert (item.state, item.attempts) == ("failed", 1) and box.raw == []
            assert f"template digest.txt ran longer than {quick_deadline:g} s" in caplog.text
            (templates / "digest.txt").unlink()
            assert deliver_outbox(store, settings, now=datetime.now(UTC) + timedelta(minutes=16))["sent"] == 1
        assert len(box.raw) == 1
    finally:
        smtp.stop()


def test_templates_dir_is_sandboxed() -> None:
    env_dir = Path(__file__).parent  # any directory: its presence turns the sandbox on
    from policywatch.reports.render import make_environment

    env = make_environment("zh", env_dir)
    with pytest.raises(Exception, match="unsafe"):
        env.from_string("{{ ''.__class__.__mro__ }}").render()
    # sizes a plain Environment survives, so a regression fails this test instead of the machine
    with pytest.raises(Exception, match="MAX_RANGE"):
        env.from_string("{{ range(10**6)|list|length }}").render()
    with pytest.raises(Exception, match="items"):
        env.from_string("{{ ('x' * 10**7)|length }}").render()
    assert make_environment("zh").from_string("{{ range(3)|list }}").render() == "[0, 1, 2]"


# --------------------------------------------------------------------------- the json webhook

HOOK = "/hook"
BASE = "https://pw.example.org/watch/"


def regulation(articles: int, amount: str) -> Response:
    """A regulation of `articles` articles, each a real line of seed 003 with an amount in it."""
    lines = seed_lines("003_388d20438c39147f.txt", 4, 12)
    body = "".join(f"<p>第{n + 1}条 {lines[n % len(lines)]}资助{amount}万元（第{n + 1}项）。</p>"
                   for n in range(articles))
    html = (f'<html><head><meta charset="utf-8"><title>南京市人工智能产业促进条例</title></head><body>'
            f'<div class="TRS_Editor"><p>南京市人工智能产业促进条例</p>{body}</div></body></html>')
    return Response(body=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})


def capped_receiver(request: RecordedRequest) -> Response:
    """A small HTTP endpoint: bodies over 64 KiB are refused, as chat robots and proxies do."""
    if len(request.body) > 64 * 1024:
        return Response(413, b"request entity too large")
    return Response(body=b"ok")


def test_the_json_webhook_posts_a_bounded_run_and_export_keeps_every_change(tmp_path: Path) -> None:
    articles = 600
    answer = {"page": regulation(articles, "100")}
    with LoopbackSite(routes={LISTING: listing, PAGE: lambda _: answer["page"],
                              HOOK: capped_receiver}) as site:
        settings = Settings(
            database=tmp_path / "pw.db", output_dir=tmp_path / "site", site_base_url=BASE,
            fetch=FetchSettings(min_delay=0.0, retries=0),
            sources=(SourceConfig(name="laws", listing_urls=(site.url(LISTING),), profile="trs",
                                  allow_private=True),),
            webhooks=(Webhook(name="h", url=site.url(HOOK), allow_private=True),),
        )
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False)
            answer["page"] = regulation(articles, "300")
            second = run_once(settings, store, build_report_site=False)
            events = list(store.export("events"))
            states = [i.state for i in store.outbox_items()]
        posts = [r.body for r in site.requests if r.route == HOOK]
    assert states == ["sent", "sent"], "a receiver capping bodies at 64 KiB took both runs"
    whole = json.dumps(second.to_dict(), ensure_ascii=False).encode("utf-8")
    assert len(whole) > 200_000, "the run itself is large"
    body = posts[-1]
    assert len(body) <= 64 * 1024
    sent = json.loads(body)
    # every field of run --json but `delivery`, what delivering this very post (and the rest) did
    assert set(second.to_dict()) - {"delivery"} <= set(sent), "every field of run --json is there"
    (event,) = [e for e in sent["events"] if e["kind"] == "changed"]
    changes = event["changeset"]["changes"]
    assert 0 < len(changes) <= 20 and len(changes) + event["changeset"]["changes_omitted"] == articles
    assert event["link"] == f"{BASE}changes/{event['id']}.html" and "600" in event["summary"]
    assert sent["events_omitted"] == 0
    (stored,) = [e for e in events if e["kind"] == "changed"]
    assert len(stored["changeset"]["changes"]) == articles, "export has the whole changeset"


# --------------------------------------------------------------------------- missing and read-only stores

READING = [("list",), ("list", "--format", "json"), ("history", "1"), ("show", "1"), ("export", "--kind", "events"),
           ("related", "1"), ("status",), ("site", "build"), ("diff", "1", "2")]


def pw(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--config", str(config)])


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_reading_command_on_a_missing_store_says_so_and_creates_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = pw(config, *args)
    assert result.exit_code == (2 if args[0] == "diff" else 3), result.output  # diff's errors are 2, as diff(1)'s
    assert "does not exist" in result.stderr and "pw.db" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "no file was created"


@pytest.fixture(scope="module")
def readonly_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A config whose store (two crawls of the demo site) lies in a directory of its own."""
    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs user and mount namespaces (unshare -rm) for a read-only mount")
    tmp = tmp_path_factory.mktemp("ro")
    with LoopbackSite(site_root("before")) as site:
        config = demo_config(tmp, site.base_url)
        config.write_text(config.read_text(encoding="utf-8").replace('"pw.db"', '"store/pw.db"'), encoding="utf-8")
        (tmp / "store").mkdir()
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False, deliver=False)
            site.set_root(site_root("after"))
            run_once(settings, store, build_report_site=False, deliver=False)
        yield config


def on_readonly_mount(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """policywatch ARGS with the store's directory mounted read-only (as a backup volume is)."""
    store = config.parent / "store"
    command = " ".join(["exec", sys.executable, "-m", "policywatch", *args, "--config", str(config)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(["unshare", "-rm", "sh", "-c", f"mount --bind -o ro {store} {store} && {command}"],
                          capture_output=True, text=True, env=env, timeout=120)


def test_reading_commands_read_a_store_on_a_read_only_mount(readonly_store: Path, tmp_path: Path) -> None:
    listed = on_readonly_mount(readonly_store, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    documents = json.loads(listed.stdout)
    assert len(documents) >= 6 and json.loads(pw(readonly_store, "list", "--format", "json").stdout) == documents
    changed = max(documents, key=lambda d: d["versions"])
    shown = on_readonly_mount(readonly_store, "show", str(changed["id"]))
    assert shown.returncode == 0 and shown.stdout.strip()
    events = on_readonly_mount(readonly_store, "export", "--kind", "events")
    assert events.returncode == 0 and len(json.loads(events.stdout)) >= 6
    for args in (("related", str(changed["id"])), ("diff", str(documents[0]["id"]), str(documents[1]["id"])),
                 ("status",), ("site", "build", "--out", str(tmp_path / "site"))):
        result = on_readonly_mount(readonly_store, *args)
        assert result.returncode in (0, 1) and not result.stderr.startswith("policywatch: store"), (args, result.stderr)
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize("args", [("run",), ("prune",), ("relate", "1", "supersedes", "2")], ids=" ".join)
def test_a_writing_command_on_a_read_only_store_says_why_it_cannot_run(readonly_store: Path,
                                                                        args: tuple[str, ...]) -> None:
    result = on_readonly_mount(readonly_store, *args)
    assert result.returncode == 3, result.stderr
    assert "read-only" in result.stderr and "list" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
