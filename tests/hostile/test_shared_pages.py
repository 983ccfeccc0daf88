"""One page listed by two sources (two columns of one site, a 政策文件库 and its 最新政策): one
document, read once a run, each change reported once. Crawled from a real loopback server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from policywatch.config import FetchSettings, Settings, SourceConfig, Subscription
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import DocumentStatus, EventKind, RunSummary
from policywatch.pipeline import run_once
from policywatch.reports.mail import select_events
from policywatch.state import Store
from tests.govsite import seed_lines
from tests.state.helpers import make_doc

TEXT = seed_lines("003_388d20438c39147f.txt", 8, 6)
SHARED = "/zcwj/201907/t20190701_1.html"
OWN = {"s": "/zcwj/201907/t20190702_2.html", "t": "/tzgg/201907/t20190703_3.html"}
LISTINGS = {"s": "/zcwj/index.html", "t": "/tzgg/index.html"}


def page(text: list[str]) -> Response:
    body = "".join(f"<p>{line}</p>" for line in text)
    html = (f'<html><head><meta charset="utf-8"><title>{text[0]}</title></head><body>'
            f'<div class="TRS_Editor">{body}</div></body></html>')
    return Response(body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def listing(*paths: str) -> Response:
    items = "".join(f'<li><a href="{p}">{TEXT[0]}{n}</a><span>2019-07-0{n + 1}</span></li>' for n, p in enumerate(paths))
    html = f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">{items}</ul></body></html>'
    return Response(body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def settings(site: LoopbackSite, tmp_path: Path, *names: str) -> Settings:
    return Settings(
        database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
        sources=tuple(SourceConfig(name=n, listing_urls=(site.url(LISTINGS[n]),), profile="trs", allow_private=True,
                                   min_delay=0.0) for n in names),
    )


def serve(site: LoopbackSite, text: list[str]) -> None:
    site.route(SHARED, page(text))
    for name, path in OWN.items():
        site.route(LISTINGS[name], listing(SHARED, path))
        site.route(path, page([f"{name}的文件", *TEXT[1:]]))


def changed(text: list[str]) -> list[str]:
    edited = [line.replace("2020年", "2021年") for line in text]
    assert edited != text
    return edited


def read_by_both_then_changed(site: LoopbackSite, tmp_path: Path) -> Settings:
    """The config of sources s and t, after their first run; the shared page changed since."""
    serve(site, TEXT)
    config = settings(site, tmp_path, "s", "t")
    with Store.open(config.database) as store:
        run_once(config, store, build_report_site=False, deliver=False)
    serve(site, changed(TEXT))
    return config


def test_a_page_two_sources_list_is_one_document_read_once_and_its_change_reported_once(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        serve(site, TEXT)
        config = settings(site, tmp_path, "s", "t")
        with Store.open(config.database) as store:
            first = run_once(config, store, build_report_site=False, deliver=False)
            serve(site, changed(TEXT))
            second = run_once(config, store, build_report_site=False, deliver=False)
            shared = [d for d in store.documents() if d.url == site.url(SHARED)]
            owns = {name: [d.source for d in store.documents() if d.url == site.url(path)] for name, path in OWN.items()}
        fetched, url = len(site.requests_to(SHARED)), site.url(SHARED)
    assert first.new_documents == 3, "the shared page and each source's own page"
    assert [d.source for d in shared] == ["s"], "one document, the first source's"
    assert owns == {"s": ["s"], "t": ["t"]}
    assert fetched == 2, "fetched once a run, not once a source"
    events = [e for e in second.events if e.kind is EventKind.CHANGED]
    assert [e.url for e in events] == [url] and second.changes == 1


def test_a_run_of_one_source_reads_the_page_another_source_stored_and_reports_its_change_once(
        tmp_path: Path) -> None:
    # `run --source t` (or a daemon schedule due for t only): s is not in the run, so the page it
    # stored is read by t, into s's document, not skipped as s's to read
    with LoopbackSite() as site:
        config = read_by_both_then_changed(site, tmp_path)
        with Store.open(config.database) as store:
            before = len(site.requests_to(SHARED))
            alone = run_once(config, store, sources=["t"], build_report_site=False, deliver=False)
            fetched = len(site.requests_to(SHARED)) - before
            both = run_once(config, store, build_report_site=False, deliver=False)
            shared = [d.source for d in store.documents() if d.url == site.url(SHARED)]
        url = site.url(SHARED)
    assert fetched == 1, "the page is checked in a run without its source"
    assert [(e.kind, e.source, e.url) for e in alone.events] == [(EventKind.CHANGED, "s", url)]
    assert alone.changes == 1
    assert shared == ["s"], "stored into the one document, no copy under t"
    assert [e for e in both.events if e.kind is EventKind.CHANGED] == [], "the change was reported already"


def counted_as_told(summary: RunSummary) -> dict[str, dict[str, int]]:
    """Each source's count of changes, missing and reappeared documents as its events say them."""
    kinds = {"changes": EventKind.CHANGED, "missing": EventKind.MISSING, "reappeared": EventKind.REAPPEARED}
    names = dict.fromkeys([*summary.sources, *(e.source for e in summary.events)])
    return {name: {what: sum(1 for e in summary.events if e.kind is kind and e.source == name)
                   for what, kind in kinds.items()} for name in names}


def test_a_source_s_counts_in_run_json_agree_with_the_events_of_the_page_it_read_for_another(
        tmp_path: Path) -> None:
    # `run --source t` reads the page s stored and tells its change under s: the count is s's too,
    # not t's (t's count said a change no event of t's says)
    with LoopbackSite() as site:
        config = read_by_both_then_changed(site, tmp_path)
        with Store.open(config.database) as store:
            alone = run_once(config, store, sources=["t"], build_report_site=False, deliver=False)
            serve(site, changed(TEXT)[:-1])  # a clause dropped, seen by both sources' run
            both = run_once(config, store, build_report_site=False, deliver=False)
    for summary in (alone, both):
        counts = summary.to_dict()["source_counts"]
        assert {name: {what: counted[what] for what in ("changes", "missing", "reappeared")}
                for name, counted in counts.items()} == counted_as_told(summary)
        assert sum(c["changes"] for c in counts.values()) == summary.changes
    assert alone.to_dict()["source_counts"] == {
        "t": dict.fromkeys(RunSummary.COUNTS, 0),
        "s": {**dict.fromkeys(RunSummary.COUNTS, 0), "changes": 1, "new_versions": 1},
    }, "a source the run did not name is there with its page's count"
    assert both.to_dict()["source_counts"]["s"]["changes"] == 1


def test_a_decaying_source_alone_rechecks_the_page_another_source_stored_on_its_policy(tmp_path: Path) -> None:
    # recheck = "decay": a document fetched within the interval is not fetched again, the page t
    # lists but s stored first included (not fetched by every run of t as if it were new)
    with LoopbackSite() as site:
        serve(site, TEXT)
        config = settings(site, tmp_path, "s", "t")
        config = replace(config, sources=tuple(replace(s, recheck="decay") for s in config.sources))
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            for _ in range(3):
                run_once(config, store, sources=["t"], build_report_site=False, deliver=False)
        fetched = {path: len(site.requests_to(path)) for path in (SHARED, OWN["t"])}
    assert fetched == {SHARED: 1, OWN["t"]: 1}, "checked a day ago: due again tomorrow"


def test_a_page_read_by_each_source_alone_stays_one_document_and_each_change_is_reported_once(
        tmp_path: Path) -> None:
    # `run --source s`, then `run --source t` (t reads the page itself, into s's document), a
    # change seen by t alone, then both: told once, and the one document is kept up to date
    with LoopbackSite() as site:
        serve(site, TEXT)
        config = settings(site, tmp_path, "s", "t")
        with Store.open(tmp_path / "pw.db") as store:
            for name in ("s", "t"):
                run_once(config, store, sources=[name], build_report_site=False, deliver=False)
            assert [d.source for d in store.documents() if d.url == site.url(SHARED)] == ["s"]
            serve(site, changed(TEXT))
            alone = run_once(config, store, sources=["t"], build_report_site=False, deliver=False)
            both = run_once(config, store, build_report_site=False, deliver=False)
            serve(site, changed(TEXT)[:-1])  # a clause dropped
            again = run_once(config, store, build_report_site=False, deliver=False)
            shared = [d for d in store.documents() if d.url == site.url(SHARED)]
            versions = len(store.versions(shared[0].id, texts=False))
        url = site.url(SHARED)
    told = [[(e.source, e.url) for e in r.events if e.kind is EventKind.CHANGED] for r in (alone, both, again)]
    assert told == [[("s", url)], [], [("s", url)]]
    assert [d.source for d in shared] == ["s"] and versions == 3


def test_a_page_whose_first_source_left_the_config_is_the_other_source_s_and_told_under_it(
        tmp_path: Path) -> None:
    # s is removed from the config (or renamed): the page t lists is t's from then on, so its
    # change reaches those who follow t (a subscriber's `sources`), not a source no one runs
    with LoopbackSite() as site:
        config = read_by_both_then_changed(site, tmp_path)
        with Store.open(config.database) as store:
            alone = run_once(settings(site, tmp_path, "t"), store, build_report_site=False, deliver=False)
            shared = [d.source for d in store.documents() if d.url == site.url(SHARED)]
            serve(site, changed(TEXT)[:-1])  # a clause dropped
            again = run_once(settings(site, tmp_path, "t"), store, build_report_site=False, deliver=False)
            subscriber = Subscription(name="t-only", recipients=("a@example.com",), sources=("t",))
            delivered = [e.url for e in select_events(store.events(), subscriber) if e.kind is EventKind.CHANGED]
        url = site.url(SHARED)
    told = [[(e.source, e.url) for e in r.events if e.kind is EventKind.CHANGED] for r in (alone, again)]
    assert told == [[("t", url)], [("t", url)]]
    assert shared == ["t"], "one document, now t's: no copy"
    assert delivered == [url, url]


def test_a_copy_an_earlier_version_stored_beside_the_first_is_no_longer_read(tmp_path: Path) -> None:
    # earlier versions stored the page once per source listing it: the copy stays as it is, the
    # first document is the one read, by whichever source of the run lists the page
    with LoopbackSite() as site:
        serve(site, TEXT)
        with Store.open(tmp_path / "pw.db") as store:
            run_once(settings(site, tmp_path, "s"), store, build_report_site=False, deliver=False)
            url = site.url(SHARED)
            copy = store.record_version("t", make_doc(url, "\n".join(TEXT)), raw=None,
                                        run_id=store.start_run(["t"]), parent_id=None).document
            assert sorted(d.source for d in store.documents() if d.url == url) == ["s", "t"]
            serve(site, changed(TEXT))
            alone = run_once(settings(site, tmp_path, "t"), store, build_report_site=False, deliver=False)
            both = run_once(settings(site, tmp_path, "s", "t"), store, build_report_site=False, deliver=False)
            kept = len(store.versions(copy.id, texts=False))
    told = [[(e.source, e.url) for e in r.events if e.kind is EventKind.CHANGED] for r in (alone, both)]
    assert told == [[("s", url)], []]
    assert kept == 1, "the copy is not read beside the first document"


def test_a_change_a_killed_run_of_the_other_source_stored_is_told_by_its_next_run(tmp_path: Path) -> None:
    # `run --source t` stores the page's change into s's document and is killed before its event:
    # the next run of t tells it (not only a run of s, which may never come)
    with LoopbackSite() as site:
        config = read_by_both_then_changed(site, tmp_path)
        toml = tmp_path / "pw.toml"
        toml.write_text(f'database = "{config.database}"\noutput_dir = "{tmp_path / "site"}"\n'
                        '[fetch]\nmin_delay = 0.0\nretries = 0\n' + "".join(
                            f'[[sources]]\nname = "{n}"\nlisting_urls = ["{site.url(LISTINGS[n])}"]\n'
                            'profile = "trs"\nallow_private = true\nmin_delay = 0.0\n' for n in ("s", "t")))
        proc = subprocess.Popen([sys.executable, "-m", "policywatch", "run", "-vv", "--source", "t", "--config",
                                 str(toml)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert proc.stderr is not None
        killed = False
        for line in proc.stderr:
            if "phase: writing change" in line:
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
        proc.stderr.close()
        proc.wait(timeout=300)
        assert killed, "the run got to the change"
        with Store.open(config.database) as store:
            told = run_once(config, store, sources=["t"], build_report_site=False, deliver=False)
            both = run_once(config, store, build_report_site=False, deliver=False)
        url = site.url(SHARED)
    assert [(e.kind, e.source, e.url) for e in told.events] == [(EventKind.CHANGED, "s", url)]
    assert [e for e in both.events if e.kind is EventKind.CHANGED] == []


def test_a_page_off_its_first_source_s_listing_stays_listed_while_the_other_source_lists_it(tmp_path: Path) -> None:
    # the page rolls off s's 最新政策 but t's 文件库 still links it: listed, so a WAF challenge
    # (no sign the page is gone) does not count its runs towards MISSING (无法访问)
    with LoopbackSite() as site:
        serve(site, TEXT)
        config = settings(site, tmp_path, "s", "t")
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            site.route(LISTINGS["s"], listing(OWN["s"]))
            run_once(config, store, build_report_site=False, deliver=False)
            rolled = [d.status for d in store.documents() if d.url == site.url(SHARED)]
            site.route(SHARED, Response(status=412, body=b'<html><head><title>412</title></head><body>'
                                                         b'<script src="/_ts.js"></script></body></html>',
                                        headers={"Content-Type": "text/html",
                                                 "Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; path=/"}))
            runs = [run_once(config, store, build_report_site=False, deliver=False) for _ in range(3)]
            shared = [d.status for d in store.documents() if d.url == site.url(SHARED)]
    assert rolled == [DocumentStatus.ACTIVE], "t still lists it"
    assert shared == [DocumentStatus.ACTIVE]
    assert [e for r in runs for e in r.events if e.kind is EventKind.MISSING] == []
