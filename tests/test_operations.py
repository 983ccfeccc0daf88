"""Operating policywatch: status, health alerts, the run lock, --source, quiet and JSON logging, probe.

Commands run as a user (or cron) runs them: `python -m policywatch` in a subprocess against the
demo site on loopback; a dead source is a port nothing listens on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.config import load_settings
from policywatch.demo import LoopbackSite, Response, site_root
from policywatch.errors import ConfigError
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.pipeline.delivery import digest_for_events
from policywatch.state import RunLock, Store
from tests.conftest import demo_config, free_port

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, whatever the working directory
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def two_sources(tmp_path: Path, base_url: str, extra: str = "") -> Path:
    """The demo source plus a source named "dead" whose listing is on a port nothing listens on."""
    config = demo_config(tmp_path, base_url, extra)
    dead = f"http://127.0.0.1:{free_port()}/zcwj/index.html"
    with config.open("a", encoding="utf-8") as out:
        out.write(f'\n[[sources]]\nname = "dead"\nlisting_urls = ["{dead}"]\nprofile = "trs"\nallow_private = true\n')
    return config


def test_status_healthy_then_failing(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = two_sources(tmp_path, demo_site.base_url)
    settings = load_settings(config)
    runner = CliRunner()
    with Store.open(settings.database) as store:
        run_once(settings, store, sources=["demo"], build_report_site=False, deliver=False)
    healthy = runner.invoke(cli, ["status", "--config", str(config)])
    assert healthy.exit_code == 0, healthy.output
    assert healthy.stdout.startswith("demo：6 份文件") and "，正常" in healthy.stdout  # the config's lang, zh

    with Store.open(settings.database) as store:
        for _ in range(2):
            summary = run_once(settings, store, build_report_site=False, deliver=False)
            assert summary.failed_sources == ("dead",)
    failing = runner.invoke(cli, ["status", "--config", str(config)])
    assert failing.exit_code == 1
    lines = {line.split("：", 1)[0]: line for line in failing.stdout.splitlines()}
    assert "连续失败 2 次" in lines["dead"] and "连续失败" not in lines["demo"]
    as_json = runner.invoke(cli, ["status", "--json", "--config", str(config)])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    sources = {s["name"]: s for s in data["sources"]}
    assert data["healthy"] is False
    assert sources["dead"]["consecutive_failures"] == 2 and sources["dead"]["failing_since"]
    assert sources["demo"]["consecutive_failures"] == 0 and sources["demo"]["documents"] == 6



def test_status_text_says_its_own_words_in_the_configured_language(tmp_path: Path, demo_site: LoopbackSite) -> None:
    """`status` (text) speaks the config's `lang` as the site and digests do, its words from the one
    phrase table (wording.PHRASES status_*, the catalogue's phrase.status_*); what it lists after
    them (a source's stored message, a report's error) stays as stored. It was English only."""
    import re

    from policywatch.reports.i18n import Translator
    from policywatch.reports.views import source_note
    from policywatch.wording import PHRASES

    config = two_sources(tmp_path, demo_site.base_url, 'lang = "en"')
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        for _ in range(2):
            run_once(settings, store, build_report_site=False, deliver=False)
    with config.open("a", encoding="utf-8") as out:
        out.write('\n[[sources]]\nname = "新源"\nlisting_urls = ["http://127.0.0.1:9/zcwj/"]\n')
    stamp = re.compile(r"\d{4}-\d\d-\d\d( \d\d:\d\d)?")
    said = {}
    for lang in ("en", "zh"):
        config.write_text(re.sub(r'lang = "\w+"', f'lang = "{lang}"', config.read_text(encoding="utf-8")),
                          encoding="utf-8")
        shown = run_cli("status", "--config", str(config))
        assert shown.returncode == 1, shown
        said[lang] = stamp.sub("T", shown.stdout).splitlines()
    with Store.open_for_reading(settings.database) as store:
        dead = {h.name: h for h in store.source_health()}["dead"]
    message = dead.message
    for lang, lines in said.items():
        t = Translator(lang)

        def say(key: str, t: Translator = t, **values: object) -> str:
            return t(f"phrase.status_{key}", **values)

        assert lines == [
            say("source", source="dead", n=0, last="T", change="—",
                state=say("failing", count=2, outcome=t.label("outcome", dead.last_outcome),
                          message=source_note(message, t))),
            say("source", source="demo", n=6, last="T", change="—", state=say("ok")),
            say("unrun", source="新源"),
            say("outbox", pending=0, failed=0, error="", dead=0, unconfirmed=0),
        ], lang
    assert said["en"][1] == "demo: 6 documents, last run T, last change —, ok"
    assert said["en"][3] == PHRASES["status_outbox"].format(pending=0, failed=0, error="", dead=0, unconfirmed=0)
    assert said["zh"][1] == "demo：6 份文件，上次运行：T，最近变更：—，正常"
    # the outcome and the run's message in the site's words: no outcome code left in the Chinese line
    assert said["zh"][0].startswith("dead：0 份文件，上次运行：T，最近变更：—，连续失败 2 次（网络错误）：dead"), said["zh"][0]
    assert "network_error" not in said["zh"][0] and "网络错误" in said["zh"][0].split("）：", 1)[1], said["zh"][0]
    assert said["zh"][2] == "新源：尚未运行（`policywatch run` 会抓取它）"


def test_health_alert_once_when_failing_starts_and_once_when_it_ends(tmp_path: Path, demo_site: LoopbackSite) -> None:
    settings = load_settings(demo_config(tmp_path, demo_site.base_url, "health_alert_after = 0"))

    def health(store: Store) -> list[str]:
        return [e.message for e in sorted(store.events(kinds=[EventKind.HEALTH]), key=lambda e: e.id)]

    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
        demo_site.fault_hook = lambda request: Response(status=500, body=b"server error")
        for _ in range(3):
            summary = run_once(settings, store, build_report_site=False, deliver=False)
            assert summary.failed_sources == ("demo",)
        assert len(health(store)) == 1, "reported when it starts, not on every failing run"
        assert health(store)[0].startswith("failing since")
        alert = digest_for_events(store.events(kinds=[EventKind.HEALTH]), settings, store=store)
        assert alert is not None and alert["Subject"] == "【policywatch】来源状态提醒：demo"
        demo_site.fault_hook = None
        for _ in range(2):
            assert not run_once(settings, store, build_report_site=False, deliver=False).failed_sources
        messages = health(store)
    assert len(messages) == 2, messages
    assert messages[1].startswith("working again")


def test_second_run_while_locked_exits_75_naming_the_holder(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = demo_config(tmp_path, demo_site.base_url)
    lock_path = load_settings(config).database.with_name("pw.db.lock")
    with RunLock(lock_path):
        blocked = run_cli("run", "--config", str(config))
    assert blocked.returncode == 75, "an overlap is not a store error (3)"
    assert blocked.stdout == ""
    assert blocked.stderr.count("\n") == 1 and f"pid {os.getpid()}" in blocked.stderr
    assert str(lock_path) in blocked.stderr
    assert demo_site.requests == [], "a blocked run fetches nothing"
    free = run_cli("run", "--config", str(config))
    assert free.returncode == 0, free.stderr


def test_configured_lock_file_is_the_one_taken(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = demo_config(tmp_path, demo_site.base_url, 'lock_file = "locks/policywatch.lock"')
    (tmp_path / "locks").mkdir()
    with RunLock(tmp_path / "locks" / "policywatch.lock"):
        blocked = run_cli("run", "--config", str(config))
    assert blocked.returncode == 75 and "locks/policywatch.lock" in blocked.stderr


def test_source_option_runs_only_that_source(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = two_sources(tmp_path, demo_site.base_url)
    only_demo = run_cli("run", "--config", str(config), "--source", "demo")
    assert only_demo.returncode == 0, only_demo.stderr
    assert only_demo.stdout.count("\n") == 1, "one summary line, nothing else on stdout"
    assert only_demo.stdout.startswith("policywatch: 1 source,") and "6 new documents" in only_demo.stdout
    with Store.open(load_settings(config).database) as store:
        assert [h.name for h in store.source_health()] == ["demo"], "the dead source was not run"

    seen = len(demo_site.requests)
    only_dead = run_cli("run", "--config", str(config), "--source", "dead", "--json")
    assert only_dead.returncode == 1
    assert json.loads(only_dead.stdout)["sources"] == ["dead"]
    assert len(demo_site.requests) == seen, "the demo source was not fetched"

    unknown = run_cli("run", "--config", str(config), "--source", "nope")
    assert unknown.returncode == 2
    assert "'nope'" in unknown.stderr and "demo" in unknown.stderr and unknown.stdout == ""


def test_json_logs_go_to_stderr(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = demo_config(tmp_path, demo_site.base_url)
    result = run_cli("run", "--config", str(config), "--log-format", "json", "-v")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("policywatch: ")
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert records, "-v logs progress"
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert {r["level"] for r in records} <= {"info", "warning", "error"}
    assert any(r["logger"].startswith("policywatch") for r in records)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("/zcwj/index.html", ["listing (profile trs)", "4 document link(s)", "/zcwj/202212/t20221213_3001.html"]),
        ("/zcwj/202212/t20221213_3001.html",
         ["document (profile trs)", "宁政发〔2022〕208号", "南京市人民政府", "各区人民政府，市府各委办局"]),
        ("/zcwj/201907/t20190701_2001.html",
         ["document (profile trs)", "gb18030", "宁政办发〔2019〕37号", "南京市打造人工智能产业地标行动计划"]),
    ],
)
def test_probe_listing_and_document_pages(tmp_path: Path, demo_site: LoopbackSite, page: str,
                                          expected: list[str]) -> None:
    result = run_cli("probe", demo_site.url(page), "--allow-private", "--profile", "trs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout, text
    if "document" in expected[0]:
        body = result.stdout.split("body (first lines):", 1)[1]
        assert sum(line.startswith("  | ") for line in body.splitlines()) >= 3
    assert list(tmp_path.iterdir()) == [], "probe stores nothing"


def test_probe_of_a_page_that_cannot_be_fetched_exits_1(tmp_path: Path, demo_site: LoopbackSite) -> None:
    dead = run_cli("probe", f"http://127.0.0.1:{free_port()}/x.html", "--allow-private", cwd=tmp_path)
    assert dead.returncode == 1, "a script can tell a page that could not be fetched"
    assert "outcome:   network_error" in dead.stdout and dead.stdout.endswith("\n")
    # the outcome and what to try come first; no card of empty fields
    lines = dead.stdout.splitlines()
    assert lines[0] == "outcome:   network_error" and lines[2].startswith("hint:      the host did not answer")
    assert "metadata:" not in dead.stdout and "-\n" not in dead.stdout and len(lines) <= 5
    private = run_cli("probe", demo_site.url("/zcwj/index.html"), "--profile", "trs", cwd=tmp_path)
    assert private.returncode == 1 and "--allow-private" in private.stderr
    assert private.stdout.splitlines()[2] == "hint:      for a site on a loopback or private address add --allow-private"
    assert demo_site.requests == [], "a loopback address is refused before any request"


def test_probe_with_a_configured_source_reads_policywatch_config(tmp_path: Path, demo_site: LoopbackSite) -> None:
    config = demo_config(tmp_path, demo_site.base_url)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYWATCH_CONFIG": str(config)}
    result = subprocess.run(
        [sys.executable, "-m", "policywatch", "probe", demo_site.url("/zcwj/index.html"), "--source", "demo"],
        capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "listing (profile trs)" in result.stdout and "4 document link(s)" in result.stdout


def test_broken_template_override_is_one_line_and_loses_nothing(tmp_path: Path, demo_site: LoopbackSite) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text("{{ t('site.title') }}\n{% for x in %}\n", encoding="utf-8")
    config = demo_config(tmp_path, demo_site.base_url, 'templates_dir = "templates"')
    broken = run_cli("run", "--config", str(config))
    assert broken.returncode == 2
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr
    assert f"{templates / 'index.html'}:2: template error" in broken.stderr
    with Store.open(load_settings(config).database) as store:
        assert len(store.documents()) == 6, "what the run fetched is stored before the site is written"
    (templates / "index.html").unlink()
    fixed = run_cli("run", "--config", str(config))
    assert fixed.returncode == 0, fixed.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_source_named_twice_runs_once(tmp_path: Path, demo_site: LoopbackSite) -> None:
    settings = load_settings(demo_config(tmp_path, demo_site.base_url))
    with Store.open(settings.database) as store:
        summary = run_once(settings, store, sources=["demo", "demo"], build_report_site=False, deliver=False)
    assert summary.sources == ("demo",)
    assert len(demo_site.requests_to("/zcwj/202212/t20221213_3001.html")) == 1


def test_stop_ends_a_run_after_the_document_in_hand_and_the_next_run_completes(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    settings = load_settings(demo_config(tmp_path, demo_site.base_url))
    stop = threading.Event()

    def progress(phase: str, done: int, total: int, label: str) -> None:
        if done == 2:
            stop.set()  # what the daemon's SIGTERM handler does

    with Store.open(settings.database) as store:
        stopped = run_once(settings, store, progress=progress, stop=stop)
        assert stopped.new_documents == 2 and stopped.events == (), "no baseline for a source half read"
        assert store.is_first_run("demo")
        assert not (settings.output_dir / "index.html").exists(), "site and delivery wait for the next run"
        (health,) = store.source_health()
        assert health.consecutive_failures == 0, "being stopped is not a failure"
        finished = run_once(settings, store)
        assert [(e.kind, e.message) for e in finished.events] == [(EventKind.BASELINE, "6")]
        assert store.events(kinds=[EventKind.NEW_DOCUMENT]) == []
    assert (settings.output_dir / "index.html").is_file()


def slow_documents(site: LoopbackSite, seconds: float) -> threading.Event:
    """Make the site answer each document page after `seconds`; the event is set at the first."""
    fetched = threading.Event()

    def slow(request):  # type: ignore[no-untyped-def]
        if "/t20" in request.route:
            fetched.set()
            time.sleep(seconds)
        return None

    site.fault_hook = slow
    return fetched


def test_daemon_stop_abandons_the_rest_of_a_running_source(tmp_path: Path, demo_site: LoopbackSite) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from policywatch.scheduling import Daemon

    first_document = slow_documents(demo_site, 0.3)
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start()
    daemon = Daemon(demo_config(tmp_path, demo_site.base_url), scheduler=scheduler)
    worker = threading.Thread(target=daemon._run_source, args=["demo"])
    worker.start()
    assert first_document.wait(60)
    daemon.stop()
    worker.join(120)
    assert not worker.is_alive()
    documents = [r for r in demo_site.requests if "/t20" in r.route]
    assert 1 <= len(documents) < 6, "the documents after the one in hand were not fetched"
    with Store.open(tmp_path / "pw.db") as store:
        assert store.integrity_check() == "ok"
        assert store.events() == [] and store.is_first_run("demo")


def test_unwritable_output_dir_is_a_config_error_after_the_data_is_stored(
    tmp_path: Path, demo_site: LoopbackSite
) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    config = demo_config(tmp_path, demo_site.base_url)
    config.write_text(config.read_text(encoding="utf-8").replace('output_dir = "site"', 'output_dir = "a-file/site"'),
                      encoding="utf-8")
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        with pytest.raises(ConfigError, match=r"output_dir .*a-file/site: cannot write the report site"):
            run_once(settings, store, deliver=False)
        assert len(store.documents()) == 6


def test_a_signalled_run_stops_after_the_document_in_hand_and_prints_what_it_did(
    tmp_path: Path, demo_site: LoopbackSite, sig: signal.Signals = signal.SIGTERM
) -> None:
    """`timeout`, systemd or Ctrl-C ending a cron run: what was stored so far is in this run's
    JSON (a stopped run's events are reported then or never), the exit code names the signal, and
    the next run finishes the crawl without reporting any event twice."""
    config = demo_config(tmp_path, demo_site.base_url)
    settings = load_settings(config)
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)  # the baseline
    demo_site.set_root(site_root("after"))  # amounts, clauses and a document's validity change
    fetched = slow_documents(demo_site, 0.4)
    before = len(demo_site.requests)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "policywatch", "run", "--json", "--config", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert fetched.wait(60), "the run fetched no document"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + sig.value, err
    stopped = json.loads(out)
    assert sig.name in stopped["error"] and stopped["errors"][-1] == stopped["error"]
    assert "Traceback" not in err and f"stopped by {sig.name}" in err
    documents = [r for r in demo_site.requests[before:] if "/t20" in r.route]
    assert len(documents) < 6, "the documents after the one in hand were not fetched"
    assert not (tmp_path / "site" / "index.html").exists(), "the site waits for the next run"

    demo_site.fault_hook = None
    finished = run_cli("run", "--json", "--config", str(config))
    assert finished.returncode == 0, finished.stderr
    first, second = ({e["id"] for e in stopped["events"]}, {e["id"] for e in json.loads(finished.stdout)["events"]})
    assert not first & second, "an event reported by the stopped run came again"
    with Store.open(settings.database) as store:
        assert {e.id for e in store.events() if e.kind is EventKind.CHANGED} <= first | second, "none lost"
    assert (tmp_path / "site" / "index.html").is_file()


def test_ctrl_c_asks_the_same_stop_and_a_second_one_aborts() -> None:
    """The run's handler (cli/runcmds.py) for SIGINT as for SIGTERM, in this process: the first
    sets the stop the run checks; a second raises KeyboardInterrupt as usual; the handlers before
    it are back afterwards."""
    from policywatch.cli.runcmds import _stop_on_signals

    before = signal.getsignal(signal.SIGINT)
    with _stop_on_signals() as received:
        os.kill(os.getpid(), signal.SIGINT)
        assert received.stop.wait(5) and received.signal is signal.SIGINT
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # the signal arrives first
    assert signal.getsignal(signal.SIGINT) is before
