"""A source renamed in the config continues the source it was: its first run under the new name
finds the documents stored under the old one on its listing, so it is no first run (no silent
baseline): what was published or changed meanwhile is reported, the documents and their history
are the new name's, and the old name is no longer a source. Crawled from a real loopback server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policywatch.config import Settings
from policywatch.demo.server import LoopbackSite
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.hostile.test_shared_pages import LISTINGS, OWN, SHARED, TEXT, changed, listing, page, settings

NEW = "/zcwj/201907/t20190705_5.html"  # published while the source was being renamed


def renamed(config: Settings, name: str) -> Settings:
    return replace(config, sources=tuple(replace(s, name=name) for s in config.sources))


def test_a_renamed_source_continues_the_old_one_and_reports_what_changed_meanwhile(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        site.route(LISTINGS["s"], listing(SHARED, OWN["s"]))
        site.route(SHARED, page(TEXT))
        site.route(OWN["s"], page(["s的文件", *TEXT[1:]]))
        config = settings(site, tmp_path, "s")
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            site.route(LISTINGS["s"], listing(NEW, SHARED, OWN["s"]))
            site.route(NEW, page(["新发布的文件", *TEXT[2:]]))
            site.route(SHARED, page(changed(TEXT)))
            first = run_once(renamed(config, "市政府文件"), store, build_report_site=False, deliver=False)
            again = run_once(renamed(config, "市政府文件"), store, build_report_site=False, deliver=False)
            sources = {d.source for d in store.documents()}
            health = [h.name for h in store.source_health()]
        kinds = sorted((e.kind.value, e.source, e.url.removeprefix(site.base_url)) for e in first.events)
    assert kinds == [("changed", "市政府文件", SHARED), ("new_document", "市政府文件", NEW)], kinds
    assert first.new_documents == 1 and first.changes == 1
    assert any("continues s" in w for w in first.warnings), first.warnings
    assert not [e for e in again.events if e.kind is not EventKind.HEALTH], "said once"
    assert sources == {"市政府文件"} and health == ["市政府文件"], "one source, under its new name"


def test_a_new_source_beside_a_configured_one_listing_its_pages_is_a_first_run(tmp_path: Path) -> None:
    # not a rename: s is still configured, so t's first run is its baseline and the page both list
    # stays s's document
    with LoopbackSite() as site:
        for name, path in OWN.items():
            site.route(LISTINGS[name], listing(SHARED, path))
            site.route(path, page([f"{name}的文件", *TEXT[1:]]))
        site.route(SHARED, page(TEXT))
        with Store.open(tmp_path / "pw.db") as store:
            run_once(settings(site, tmp_path, "s"), store, build_report_site=False, deliver=False)
            both = run_once(settings(site, tmp_path, "s", "t"), store, build_report_site=False, deliver=False)
            owners = {d.url.removeprefix(site.base_url): d.source for d in store.documents()}
    assert [(e.kind, e.source) for e in both.events] == [(EventKind.BASELINE, "t")]
    assert owners == {SHARED: "s", OWN["s"]: "s", OWN["t"]: "t"}


def test_a_new_source_sharing_a_few_pages_with_a_removed_one_is_a_first_run(tmp_path: Path) -> None:
    # s is removed and t added, listing one of s's three pages: t is another source, not s renamed.
    # Its first run is its baseline; the page it lists becomes its own, s's others are left alone
    extra = "/zcwj/201907/t20190704_4.html"
    with LoopbackSite() as site:
        site.route(LISTINGS["s"], listing(SHARED, OWN["s"], extra))
        site.route(LISTINGS["t"], listing(SHARED, OWN["t"]))
        for path in (SHARED, OWN["s"], OWN["t"], extra):
            site.route(path, page([f"{path}的文件", *TEXT[1:]]))
        with Store.open(tmp_path / "pw.db") as store:
            run_once(settings(site, tmp_path, "s"), store, build_report_site=False, deliver=False)
            alone = run_once(settings(site, tmp_path, "t"), store, build_report_site=False, deliver=False)
            owners = {d.url.removeprefix(site.base_url): d.source for d in store.documents()}
    assert [(e.kind, e.source) for e in alone.events] == [(EventKind.BASELINE, "t")]
    assert owners == {SHARED: "t", OWN["s"]: "s", extra: "s", OWN["t"]: "t"}
