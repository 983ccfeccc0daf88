"""A source renamed in the config continues the source it was when it says so (`renamed_from`):
its first run under the new name is no first run (no silent baseline), what was published or
changed meanwhile is reported, the documents and their history are the new name's and the old
name is no longer a source. Without the declaration a new source is a new source, however many
of a removed source's pages it lists (a split, an aggregate column, another config's source on
the same store): its first run is its baseline and it takes over only the pages it lists.
Crawled from a real loopback server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policywatch.config import FetchSettings, Settings, SourceConfig, load_settings
from policywatch.demo.server import LoopbackSite
from policywatch.errors import ConfigError
from policywatch.model import EventKind, RunSummary
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.hostile.test_shared_pages import (
    LISTINGS,
    OWN,
    SHARED,
    TEXT,
    changed,
    listing,
    page,
    serve,
    settings,
)

NEW = "/zcwj/201907/t20190705_5.html"  # published while the source was being renamed
PAGE = {i: f"/zcwj/201907/t2019070{i}_{i}.html" for i in range(1, 6)}


def renamed(config: Settings, name: str, *, declared: bool = True) -> Settings:
    old = tuple(s.name for s in config.sources)
    return replace(config, sources=tuple(replace(s, name=name, renamed_from=old if declared else ())
                                         for s in config.sources))


def columns(site: LoopbackSite, tmp_path: Path, **listed: list[int]) -> Settings:
    """A config of one source per keyword, each listing the numbered pages given (served at /NAME/)."""
    for name, pages in listed.items():
        site.route(f"/{name}/index.html", listing(*[PAGE[i] for i in pages]))
    return Settings(
        database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
        sources=tuple(SourceConfig(name=n, listing_urls=(site.url(f"/{n}/index.html"),), profile="trs",
                                   allow_private=True, min_delay=0.0) for n in listed))


def told(summary: RunSummary, site: LoopbackSite) -> list[tuple[str, str, str]]:
    return sorted((e.kind.value, e.source, e.url.removeprefix(site.base_url)) for e in summary.events
                  if e.kind is not EventKind.HEALTH)


def owners(store: Store, site: LoopbackSite) -> dict[str, str]:
    return {d.url.removeprefix(site.base_url): d.source for d in store.documents()}


def serve_numbered(site: LoopbackSite) -> None:
    for i, path in PAGE.items():
        site.route(path, page([f"文件{i}", *TEXT[1:]]))


def change(site: LoopbackSite, i: int) -> None:
    site.route(PAGE[i], page([f"文件{i}", *changed(TEXT)[1:]]))


def serve_s(site: LoopbackSite, tmp_path: Path) -> Settings:
    """The config of source s, whose listing lists the shared page and its own."""
    site.route(LISTINGS["s"], listing(SHARED, OWN["s"]))
    site.route(SHARED, page(TEXT))
    site.route(OWN["s"], page(["s的文件", *TEXT[1:]]))
    return settings(site, tmp_path, "s")


def run(config: Settings, store: Store) -> RunSummary:
    return run_once(config, store, build_report_site=False, deliver=False)


def test_a_declared_rename_continues_the_old_source_and_reports_what_changed_meanwhile(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        config = serve_s(site, tmp_path)
        with Store.open(config.database) as store:
            run(config, store)
            site.route(LISTINGS["s"], listing(NEW, SHARED, OWN["s"]))
            site.route(NEW, page(["新发布的文件", *TEXT[2:]]))
            site.route(SHARED, page(changed(TEXT)))
            first = run(renamed(config, "市政府文件"), store)
            again = run(renamed(config, "市政府文件"), store)
            again_told = told(again, site)
            sources = {d.source for d in store.documents()}
            health = [h.name for h in store.source_health()]
            kinds = told(first, site)
    assert kinds == [("changed", "市政府文件", SHARED), ("new_document", "市政府文件", NEW)], kinds
    assert first.new_documents == 1 and first.changes == 1
    assert any("continues s" in w for w in first.warnings), first.warnings
    assert not again_told, "said once"
    assert not [w for w in again.warnings if "renamed_from" in w], "the declaration left in place says nothing more"
    assert sources == {"市政府文件"} and health == ["市政府文件"], "one source, under its new name"


def test_an_undeclared_rename_is_a_new_source_whose_first_run_is_its_baseline(tmp_path: Path) -> None:
    # the same listing under a new name without renamed_from: base behaviour, a baseline that
    # takes over the pages it lists (nothing is guessed from how many it shares)
    with LoopbackSite() as site:
        config = serve_s(site, tmp_path)
        with Store.open(config.database) as store:
            run(config, store)
            first = run(renamed(config, "市政府文件", declared=False), store)
            health = sorted(h.name for h in store.source_health())
    assert [(e.kind, e.source) for e in first.events] == [(EventKind.BASELINE, "市政府文件")]
    assert not [w for w in first.warnings if "continues" in w], first.warnings
    assert health == ["s", "市政府文件"], "the old source's health is not taken without a declaration"


def test_a_source_split_in_two_reports_each_page_under_the_source_listing_it(tmp_path: Path) -> None:
    # s (pages 1-3) becomes a (1, 2) and b (3): a lists more than half of s's pages but is no
    # rename of s; page 3's change is b's to report
    with LoopbackSite() as site:
        serve_numbered(site)
        with Store.open(tmp_path / "pw.db") as store:
            run(columns(site, tmp_path, s=[1, 2, 3]), store)
            split = run(columns(site, tmp_path, a=[1, 2], b=[3]), store)
            change(site, 3)
            later = told(run(columns(site, tmp_path, a=[1, 2], b=[3]), store), site)
            owned = owners(store, site)
    assert sorted((e.kind, e.source) for e in split.events) == [(EventKind.BASELINE, "a"), (EventKind.BASELINE, "b")]
    assert not [w for w in split.warnings if "continues" in w], split.warnings
    assert later == [("changed", "b", PAGE[3])]
    assert owned == {PAGE[1]: "a", PAGE[2]: "a", PAGE[3]: "b"}


def test_two_configs_sharing_a_store_do_not_pass_a_source_back_and_forth(tmp_path: Path) -> None:
    # config A watches s (pages 1, 2), config B watches t (pages 1-3), one database: each run
    # sees the other's source as "no longer configured". Neither takes the other over whole
    with LoopbackSite() as site:
        serve_numbered(site)
        with Store.open(tmp_path / "pw.db") as store:
            run(columns(site, tmp_path, s=[1, 2]), store)
            b_first = run(columns(site, tmp_path, t=[1, 2, 3]), store)
            change(site, 3)
            a_again = told(run(columns(site, tmp_path, s=[1, 2]), store), site)
            b_again = told(run(columns(site, tmp_path, t=[1, 2, 3]), store), site)
            health = sorted(h.name for h in store.source_health())
            owned = owners(store, site)
    assert [(e.kind, e.source) for e in b_first.events] == [(EventKind.BASELINE, "t")]
    assert not a_again, "page 3 is t's: A's run does not report it to s's subscribers"
    assert b_again == [("changed", "t", PAGE[3])]
    assert health == ["s", "t"], "neither config deletes the other's health row"
    assert owned[PAGE[3]] == "t"


def test_a_column_sharing_one_page_with_a_removed_source_whose_listing_moved_on_is_a_new_source(
        tmp_path: Path) -> None:
    # s listed 1-4, then only 4 (its window moved on: 1-3 unlisted); s is removed and t, an
    # aggregate column listing 4 and 5, added: t shares one page with s and takes that one only
    with LoopbackSite() as site:
        serve_numbered(site)
        with Store.open(tmp_path / "pw.db") as store:
            run(columns(site, tmp_path, s=[1, 2, 3, 4]), store)
            run(columns(site, tmp_path, s=[4]), store)
            first = run(columns(site, tmp_path, t=[4, 5]), store)
            owned = owners(store, site)
    assert [(e.kind, e.source) for e in first.events] == [(EventKind.BASELINE, "t")], first.events
    assert owned == {PAGE[1]: "s", PAGE[2]: "s", PAGE[3]: "s", PAGE[4]: "t", PAGE[5]: "t"}


def test_a_new_source_beside_a_configured_one_listing_its_pages_is_a_first_run(tmp_path: Path) -> None:
    # not a rename: s is still configured, so t's first run is its baseline and the page both list
    # stays s's document
    with LoopbackSite() as site:
        for name, path in OWN.items():
            site.route(LISTINGS[name], listing(SHARED, path))
            site.route(path, page([f"{name}的文件", *TEXT[1:]]))
        site.route(SHARED, page(TEXT))
        with Store.open(tmp_path / "pw.db") as store:
            run(settings(site, tmp_path, "s"), store)
            both = run(settings(site, tmp_path, "s", "t"), store)
            owned = owners(store, site)
    assert [(e.kind, e.source) for e in both.events] == [(EventKind.BASELINE, "t")]
    assert owned == {SHARED: "s", OWN["s"]: "s", OWN["t"]: "t"}


def test_a_declared_name_no_source_had_is_said_and_the_run_is_a_baseline(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        serve_numbered(site)
        config = columns(site, tmp_path, t=[1, 2])
        config = replace(config, sources=(replace(config.sources[0], renamed_from=("typo",)),))
        with Store.open(tmp_path / "pw.db") as store:
            first = run(config, store)
    assert [(e.kind, e.source) for e in first.events] == [(EventKind.BASELINE, "t")]
    assert any("renamed_from 'typo'" in w and "nothing to continue" in w for w in first.warnings), first.warnings


SOURCE = '[[sources]]\nname = "{name}"\nlisting_urls = ["https://www.example.gov.cn/{name}/"]\n'


@pytest.mark.parametrize(("config", "said"), [
    (SOURCE.format(name="a") + 'renamed_from = ["b"]\n' + SOURCE.format(name="b"),
     "sources[0] (\"a\").renamed_from: 'b': is still a configured source"),
    (SOURCE.format(name="a") + 'renamed_from = ["a"]\n', "sources[0] (\"a\").renamed_from: 'a': is this source's own name"),
    (SOURCE.format(name="a") + 'renamed_from = ["old"]\n' + SOURCE.format(name="b") + 'renamed_from = ["old"]\n',
     "sources[1] (\"b\").renamed_from: 'old': is also declared by source 'a'"),
    (SOURCE.format(name="a") + 'renamed_from = ["old", "old"]\n', "sources[0] (\"a\").renamed_from: 'old': is listed twice"),
    (SOURCE.format(name="a") + 'renamed_from = [" "]\n', "sources[0] (\"a\").renamed_from: ' ': expected the name"),
    (SOURCE.format(name="a") + 'renamed_from = "old"\n', "sources[0] (\"a\").renamed_from"),
])
def test_a_bad_rename_declaration_is_refused_at_load_saying_which(tmp_path: Path, config: str, said: str) -> None:
    path = tmp_path / "policywatch.toml"
    path.write_text(config, encoding="utf-8")
    with pytest.raises(ConfigError, match="renamed_from") as caught:
        load_settings(path)
    assert said in str(caught.value), str(caught.value)


def test_a_rename_declaration_loads(tmp_path: Path) -> None:
    path = tmp_path / "policywatch.toml"
    path.write_text(SOURCE.format(name="new") + 'renamed_from = ["old"]\n', encoding="utf-8")
    assert load_settings(path).sources[0].renamed_from == ("old",)


def test_a_declaration_added_after_the_new_name_ran_merges_the_old_source_into_it(tmp_path: Path) -> None:
    # the rename was made without renamed_from, the new name ran (its baseline), then the
    # declaration was added: the old source's documents and history become the new name's (a
    # page the old one stored that the new one does not list too), said once; the new name's
    # own baseline and health stand
    from policywatch.demo.server import Response

    with LoopbackSite() as site:
        config = serve_s(site, tmp_path)
        gone = "/zcwj/201907/t20190709_9.html"  # listed by s only, before the rename
        site.route(gone, page(["只有s列出的文件", *TEXT[1:]]))
        site.route(LISTINGS["s"], listing(SHARED, OWN["s"], gone))
        with Store.open(config.database) as store:
            run(config, store)
            site.route(LISTINGS["s"], listing(SHARED, OWN["s"]))
            site.unroute(gone)
            site.route(gone, Response(404, b"not found"))
            run(renamed(config, "市政府文件", declared=False), store)
            before = owners(store, site)
            late = run(renamed(config, "市政府文件"), store)
            again = run(renamed(config, "市政府文件"), store)
            after = owners(store, site)
            health = [h.name for h in store.source_health()]
            versions = len(store.versions(store.document(site.url(gone)).id))
    assert before[gone] == "s", "an undeclared rename takes over only the pages it lists"
    assert after == {path: "市政府文件" for path in before}, after
    assert health == ["市政府文件"], "the old name is no longer a source"
    assert versions == 1, "its history came with it"
    said = [w for w in late.warnings if "renamed_from" in w]
    assert len(said) == 1 and "continues s" in said[0] and "after" in said[0], late.warnings
    assert not [w for w in again.warnings if "renamed_from" in w], "said once"
    assert not [e for e in late.events if e.kind is not EventKind.HEALTH], "a merge is no news"


def test_an_outage_alert_survives_a_rename(tmp_path: Path) -> None:
    # s failed long enough for its alert; renamed while failing: the alert is not sent again
    # under the new name, and the recovery is told (it was lost: the alert's key named s)
    from policywatch.demo.server import Response

    with LoopbackSite() as site:
        config = replace(serve_s(site, tmp_path), health_alert_after=0.0)
        with Store.open(config.database) as store:
            run(config, store)
            site.route(LISTINGS["s"], Response(500, b"server error"))
            failing = run(config, store)
            new = renamed(config, "市政府文件")
            still = run(new, store)
            site.route(LISTINGS["s"], listing(SHARED, OWN["s"]))
            back = run(new, store)
            health = {h.name: h for h in store.source_health()}["市政府文件"]

    def alerts(summary: RunSummary) -> list[str]:
        return [e.message for e in summary.events if e.kind is EventKind.HEALTH]

    assert len(alerts(failing)) == 1 and alerts(failing)[0].startswith("failing since"), alerts(failing)
    assert alerts(still) == [], "the outage goes on under the new name: alerted once"
    assert len(alerts(back)) == 1 and alerts(back)[0].startswith("working again"), alerts(back)
    assert health.consecutive_failures == 0 and health.failing_since is None


def alerts(summary: RunSummary) -> list[str]:
    return [e.message for e in summary.events if e.kind is EventKind.HEALTH]


def failing_s(site: LoopbackSite, tmp_path: Path, store: Store) -> tuple[Settings, RunSummary]:
    """s ran, then its listing failed long enough for the outage alert (health_alert_after 0)."""
    from policywatch.demo.server import Response

    config = replace(serve_s(site, tmp_path), health_alert_after=0.0)
    run(config, store)
    site.route(LISTINGS["s"], Response(500, b"server error"))
    return config, run(config, store)


def test_an_outage_is_alerted_once_through_a_chain_of_renames(tmp_path: Path) -> None:
    # s -> b -> c while failing: c declares b only, yet the outage is the one alerted under s
    with LoopbackSite() as site, Store.open(tmp_path / "pw.db") as store:
        config, failing = failing_s(site, tmp_path, store)
        as_b = run(renamed(config, "b"), store)
        as_c = run(replace(renamed(config, "c"), sources=(replace(renamed(config, "c").sources[0],
                                                                    renamed_from=("b",)),)), store)
        again = run(renamed(config, "c", declared=False), store)
        since = {h.name: h.failing_since for h in store.source_health()}
    assert len(alerts(failing)) == 1, alerts(failing)
    assert alerts(as_b) == [] and alerts(as_c) == [] and alerts(again) == [], (alerts(as_b), alerts(as_c))
    assert list(since) == ["c"] and since["c"] is not None, "one outage, under the newest name"


def test_an_outage_is_not_alerted_again_once_the_rename_declaration_is_removed(tmp_path: Path) -> None:
    from policywatch.demo.server import Response

    with LoopbackSite() as site, Store.open(tmp_path / "pw.db") as store:
        config, failing = failing_s(site, tmp_path, store)
        as_b = run(renamed(config, "b"), store)
        undeclared = run(renamed(config, "b", declared=False), store)
        site.route(LISTINGS["s"], listing(SHARED, OWN["s"]))
        back = run(renamed(config, "b", declared=False), store)
        site.route(LISTINGS["s"], Response(500, b"server error"))
        next_outage = run(renamed(config, "b", declared=False), store)
    assert len(alerts(failing)) == 1 and alerts(as_b) == [], (alerts(failing), alerts(as_b))
    assert alerts(undeclared) == [], "the same outage: the rename is recorded in the store"
    assert len(alerts(back)) == 1 and alerts(back)[0].startswith("working again"), alerts(back)
    assert len(alerts(next_outage)) == 1, "a new outage is alerted"


def test_a_rename_and_the_old_name_run_by_another_config_on_the_store_merge_once(tmp_path: Path) -> None:
    # config A renamed s to b (renamed_from s); config B still runs s on the same store. The
    # merge is made once: then s is a source of its own (one repeat baseline, its new pages
    # reported under s, its health kept) and b's declaration says nothing more
    with LoopbackSite() as site, Store.open(tmp_path / "pw.db") as store:
        config_s = serve_s(site, tmp_path)
        config_b = renamed(config_s, "b")
        run(config_s, store)
        b_runs = [run(config_b, store)]
        s_runs = [run(config_s, store)]
        site.route(LISTINGS["s"], listing(NEW, SHARED, OWN["s"]))
        site.route(NEW, page(["新发布的文件", *TEXT[2:]]))
        s_runs += [run(config_s, store)]
        b_runs += [run(config_b, store), run(config_b, store)]
        s_runs += [run(config_s, store)]
        s_told, b_told = [told(r, site) for r in s_runs], [told(r, site) for r in b_runs]
        health = sorted(h.name for h in store.source_health())
    merges = [w for r in b_runs for w in r.warnings if "continues s" in w]
    assert len(merges) == 1 and "continues s" in b_runs[0].warnings[0], [r.warnings for r in b_runs]
    baselines = [e for r in s_runs for e in r.events if e.kind is EventKind.BASELINE]
    assert len(baselines) == 1, "s run again is a new source once, not at every run"
    assert s_told[1] == [("new_document", "s", NEW)], s_told
    assert b_told[1:] == [[], []], "s's new page is reported under s, not b"
    assert health == ["b", "s"], "neither config deletes the other's health row"


def test_a_misspelt_late_declaration_is_said_too(tmp_path: Path) -> None:
    # the declaration added after the new name ran names no stored source: said, as on a first run
    with LoopbackSite() as site, Store.open(tmp_path / "pw.db") as store:
        config = serve_s(site, tmp_path)
        run(config, store)
        late = run(replace(config, sources=(replace(config.sources[0], renamed_from=("typo",)),)), store)
    assert any("renamed_from 'typo'" in w and "nothing to continue" in w for w in late.warnings), late.warnings


def made_before_renames_were_recorded(store: Store) -> None:
    """The store as a version that recorded no renames left it: its next opening migrates it."""
    store.db.execute("DROP TABLE source_renames")
    store.db.execute("DROP TABLE IF EXISTS merged_before")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('0008_source_renames', '0009_merged_before')")
    store.db.commit()


def test_a_merge_made_before_renames_were_recorded_is_not_made_again(tmp_path: Path) -> None:
    # a store whose merge of s into b was made by a version that recorded no renames: s's
    # events remain, its row and documents are gone. s run again by another config, then b:
    # b's declaration left in place does not take s's documents again. Known from s's events
    # about documents b holds (the upgrade), else from s's events alone at b's next run
    for s_runs_first in (True, False):
        path = tmp_path / f"{s_runs_first}.db"
        with LoopbackSite() as site:
            config_s = replace(serve_s(site, tmp_path), database=path)
            with Store.open(path) as store:
                run(config_s, store)
                if s_runs_first:
                    site.route(SHARED, page(changed(TEXT)))  # an event of s about a document
                    run(config_s, store)
                run(renamed(config_s, "b"), store)
                made_before_renames_were_recorded(store)
            with Store.open(path) as store:
                if s_runs_first:
                    s_again = run(config_s, store)
                b_again = run(renamed(config_s, "b"), store)
                if not s_runs_first:
                    s_again = run(config_s, store)
                    b_again = run(renamed(config_s, "b"), store)
                health = sorted(h.name for h in store.source_health())
        assert [(e.kind, e.source) for e in s_again.events] == [(EventKind.BASELINE, "s")], s_runs_first
        assert not [w for w in b_again.warnings if "renamed_from" in w or "continues" in w], b_again.warnings
        assert health == ["b", "s"], s_runs_first


def test_a_source_taking_over_pages_of_a_merge_made_before_renames_were_recorded_continued_nothing(
    tmp_path: Path,
) -> None:
    # by a version that recorded no renames: t changed a page (an event told under t), t was
    # renamed u (declared), then u left the config and a new source v took that page over by
    # listing it. At the upgrade t's event is about a page v holds, but t was continued by u:
    # v declares nothing and continues nothing (an outage alerted under t is not v's either)
    with LoopbackSite() as site:
        serve(site, TEXT)
        config = settings(site, tmp_path, "s", "t")
        s, t = config.sources
        with Store.open(config.database) as store:
            run(config, store)
            site.route(OWN["t"], page(["t的文件", *changed(TEXT)[1:]]))
            assert [e.source for e in run(config, store).events] == ["t"]
            run(replace(config, sources=(s, replace(t, name="u", renamed_from=("t",)))), store)
            with_v = replace(config, sources=(s, replace(t, name="v")))
            run(with_v, store)
            assert owners(store, site)[OWN["t"]] == "v"
            made_before_renames_were_recorded(store)
        with Store.open(config.database) as store:
            upgraded = (store.former_names("v"), store.former_names("u"))
            again = run(with_v, store)
            after = (store.former_names("v"), store.db.execute("SELECT old, new FROM source_renames").fetchall())
    assert upgraded == ([], []), "no rename is recorded that no declaration made"
    assert after == ([], []), after
    assert not [w for w in again.warnings if "renamed_from" in w or "continues" in w], again.warnings


def test_a_name_continued_by_one_source_is_not_recorded_as_continued_by_another_declaring_it(
    tmp_path: Path,
) -> None:
    # s was renamed b (recorded); another config on the store declares c renamed_from s too:
    # s left events and no source, but it was b that continued it, not c
    with LoopbackSite() as site, Store.open(tmp_path / "pw.db") as store:
        config = serve_s(site, tmp_path)
        run(config, store)
        run(renamed(config, "b"), store)
        as_c = run(renamed(config, "c"), store)
        former = (store.former_names("b"), store.former_names("c"))
    assert former == (["s"], []), former
    assert any("renamed_from 's'" in w and "nothing to continue" in w for w in as_c.warnings), as_c.warnings
