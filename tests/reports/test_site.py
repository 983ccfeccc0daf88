from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree as ET

import pytest

from policywatch.errors import UsageError
from policywatch.model import EventKind
from policywatch.reports import build_site
from policywatch.reports.pages import Page, source_slug
from policywatch.reports.site import _input_key, _put
from policywatch.reports.sitestate import STATE, SiteState
from tests.reports.conftest import soup_of
from tests.reports.fakes import DOC_NUMBER, JIANGSU, MARKUP_TITLE, FakeSource, at, make_source

LAYOUT = [
    "index.html", "problems.html", "search.html", "search/entries.js", "search/p/0.js", "search/t/d1.js",
    "search/t/c6.js", "feed.xml",
    "static/style.css", "static/search.js",
    "sources/nanjing.html", "sources/yixing.html", f"sources/{source_slug(JIANGSU)}.html",
    "feeds/nanjing.xml", f"feeds/{source_slug(JIANGSU)}.xml",
    "documents/1.html", "documents/1/v1.html", "documents/1/v2.html", "documents/5/v2.html",
    "changes/6.html", "changes/7.html",
]


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_url_layout(site: Path):
    for path in LAYOUT:
        assert (site / path).is_file(), path
    assert source_slug("nanjing") == "nanjing" and source_slug(JIANGSU).startswith("s-")


def test_every_relative_link_resolves(site: Path):
    for page in site.rglob("*.html"):
        soup = soup_of(page)
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith(("http://", "https://", "data:")):
                continue
            target, _, fragment = href.partition("#")
            if not target:
                assert fragment in ids, f"{page}: #{fragment} has no target"
                continue
            assert (page.parent / target).resolve().is_file(), f"{page}: broken link {href}"
        for tag in soup.find_all(["link", "script"]):
            ref = tag.get("href") or tag.get("src")
            if ref and not ref.startswith("data:"):
                assert not ref.startswith(("http:", "https:", "//")), f"{page} loads {ref} from another host"


def test_index_lists_latest_changes_first(site: Path):
    soup = soup_of(site / "index.html")
    items = soup.select("ol.events > li")
    times = [li.find("time")["datetime"] for li in items]
    assert times == sorted(times, reverse=True)
    nanjing = next(li for li in items if DOC_NUMBER in li.get_text())
    assert "event-changed" in nanjing["class"]
    assert nanjing.select_one(".event-title")["href"] == "changes/6.html"
    summary = nanjing.select_one(".event-summary").get_text()
    assert summary.startswith("3 处修改，1 处新增，1 处删除；") and "50万元 → 80万元" in summary
    assert "南京市人民政府办公厅" in nanjing.get_text() and "2019-07-02" in nanjing.get_text()


def test_problems_page_lists_failing_source(site: Path):
    soup = soup_of(site / "problems.html")
    problem = soup.select_one("section.problem")
    assert problem["id"] == source_slug(JIANGSU)
    assert JIANGSU in problem.h2.get_text() and "人机验证拦截" in problem.h2.get_text()
    assert "人机验证" in problem.get_text()
    healthy = [th.get_text() for th in soup.select("table tbody th")]
    assert healthy == ["nanjing", "yixing"]


def test_document_page_shows_status_timeline_and_outline(site: Path):
    soup = soup_of(site / "documents" / "1.html")
    assert soup.h1.select_one(".status").get_text() == "有效"
    meta = dict(zip([dt.get_text() for dt in soup.select("dl.meta dt")],
                    [dd.get_text() for dd in soup.select("dl.meta dd")], strict=True))
    assert meta["发文字号"] == DOC_NUMBER and meta["发文机关"] == "南京市人民政府办公厅"
    versions = soup.select("ol.timeline > li")
    assert [li.a["href"] for li in versions] == ["1/v2.html", "1/v1.html"]
    assert versions[0].select_one(".summary a")["href"] == "../changes/6.html"
    outline_targets = [a["href"][1:] for a in soup.select("nav.outline a")]
    assert "二-（四）-15" in outline_targets
    assert soup.find(id="二-（四）-15").get_text().count("80万元") == 1
    assert soup_of(site / "documents" / "3.html").h1.select_one(".status").get_text() == "废止"
    assert soup_of(site / "documents" / "4.html").h1.select_one(".status").get_text() == "无法访问"


def test_attachments_link_to_their_page_and_back(site: Path):
    parent = soup_of(site / "documents" / "1.html")
    assert [a["href"] for a in parent.select("dl.meta ul.plain a")] == ["6.html"]
    child = soup_of(site / "documents" / "6.html")
    assert "1.html" in [a["href"] for a in child.select("dl.meta a")]
    assert child.find(id="一-1").get_text(strip=True).endswith("南京图灵人工智能研究院建设项目。")


def test_version_page_has_full_text_of_that_version(site: Path):
    v1 = soup_of(site / "documents" / "1" / "v1.html")
    assert "50万元" in v1.find(id="二-（四）-15").get_text()
    assert v1.find(id="二-（三）-13") is not None
    assert soup_of(site / "documents" / "1" / "v2.html").find(id="二-（三）-13") is None


def test_change_page_is_a_side_by_side_comparison(site: Path):
    soup = soup_of(site / "changes" / "6.html")
    sections = [s.get("class", [""])[0] for s in soup.main.find_all("section", recursive=False)]
    assert sections.index("facts") < sections.index("clauses"), "fact changes come first"
    facts = [li.get_text(" ", strip=True) for li in soup.select("section.facts li")]
    assert any("年薪收入超过 50万元 → 80万元" in f for f in facts)
    row = soup.find(id="二-（四）-15")
    assert "kind-modified" in row["class"]
    assert row.select_one(".cell.old del").get_text() == "5"
    assert row.select_one(".cell.new ins").get_text() == "8"
    assert row.select_one(".cell.inline del") and row.select_one(".cell.inline ins")
    deleted = soup.find(id="二-（三）-13")
    assert "kind-deleted" in deleted["class"] and deleted.select_one(".badge").get_text() == "删除"
    assert deleted.select_one(".cell.new .none")
    assert "kind-added" in soup.find(id="三-（五）")["class"]
    folds = soup.select("details.fold")
    assert folds and all(f.summary.get_text().endswith("条未修改条款（点击展开）") for f in folds)
    assert not any(f.has_attr("open") for f in folds)
    assert soup.find(id="二-（一）-1").find_parent("details") is not None
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_markup_in_policy_text_is_shown_as_text_everywhere(site: Path):
    for page in ("index.html", "documents/5.html", "documents/5/v1.html", "changes/7.html",
                 "sources/nanjing.html"):
        soup = soup_of(site / page)
        assert soup.find_all("script") == [], page
        assert soup.find_all(["img", "b"]) == [], page
        assert "<script>alert(" in soup.get_text(), page
    change = soup_of(site / "changes" / "7.html")
    assert '<img src=x onerror=alert(1)>' in change.find(id="二").get_text()
    assert MARKUP_TITLE in change.h1.get_text()
    index_js = (site / "search" / "entries.js").read_text(encoding="utf-8")
    assert "</script>" not in index_js and "<\\/script>" in index_js
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert any("<script>alert('title')</script>" in t for t in titles)


def test_feeds_are_atom_newest_first(site: Path):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(site / "feed.xml").getroot()
    updated = [e.findtext("a:updated", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(updated) == 9 and updated == sorted(updated, reverse=True)
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert "https://policy.example.org/changes/6.html" in links
    per_source = ET.parse(site / "feeds" / "nanjing.xml").getroot()
    terms = {c.get("term") for c in per_source.iter("{http://www.w3.org/2005/Atom}category")}
    assert {term for term in terms if not term.startswith("validity:")} == {"nanjing"}
    # a 有效性 change is its own kind in the feed, with its own category
    assert "validity:changed" in terms


def test_build_is_deterministic(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(make_source(), first)
    shuffled = make_source()
    shuffled.records.reverse()
    shuffled.event_list.reverse()
    shuffled.health.reverse()
    build_site(shuffled, second)
    assert files(first) == files(second)


def test_rebuild_rewrites_nothing(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    first = build_site(fake, out)
    assert set(first.written) == set(first.pages)
    inodes = {p: os.stat(out / p).st_ino for p in first.pages}
    calls = fake.tree_calls
    second = build_site(fake, out)
    assert second.written == () and set(second.reused) == set(first.pages)
    assert fake.tree_calls == calls, "unchanged documents are not even segmented again"
    assert {p: os.stat(out / p).st_ino for p in second.pages} == inodes
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging dirs left behind"


def test_a_change_rewrites_only_affected_pages(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    build_site(fake, out)
    # document 2 gets a second version and a change event
    v1 = fake.texts[2][0]
    new_text = v1.display_text.replace("到2025年", "到2026年", 1)
    assert new_text != v1.display_text
    fake.texts[2].append(replace(v1, number=2, display_text=new_text, first_seen=at("2024-03-07"),
                                 last_seen=at("2024-03-07")))
    fake.records[1] = replace(fake.records[1], version_count=2, last_seen=at("2024-03-07"))
    event = fake.change(2, at("2024-03-07"))
    build = build_site(fake, out)
    pages = {p for p in build.written if not p.startswith("search/")}
    assert pages == {
        "index.html", "sources/nanjing.html", "feeds/nanjing.xml", "feed.xml",
        "documents/2.html", "documents/2/v2.html", f"changes/{event.id}.html",
    }
    # the search index is sharded: the changed text, the new change, the result table and the
    # posting shards holding new bigrams are rewritten; every other document's text is carried over
    searched = {p for p in build.written if p.startswith("search/")}
    assert {"search/entries.js", "search/t/d2.js", f"search/t/c{event.id}.js"} <= searched
    assert not searched & {"search/t/d1.js", "search/t/d3.js", "search/t/c6.js"}
    assert "search/t/d1.js" in build.reused
    assert (out / f"changes/{event.id}.html").is_file()


def test_a_new_version_leaves_the_documents_earlier_change_pages_unrendered(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    build_site(fake, out)
    earlier = [f"changes/{e.id}.html" for e in fake.event_list if e.document_id == 1 and e.changeset is not None]
    v2 = fake.texts[1][1]
    fake.texts[1].append(replace(v2, number=3, display_text=v2.display_text + "\n第九条 本办法自印发之日起施行。",
                                 first_seen=at("2024-03-07"), last_seen=at("2024-03-07")))
    n = next(n for n, r in enumerate(fake.records) if r.id == 1)
    fake.records[n] = replace(fake.records[n], version_count=3, last_seen=at("2024-03-07"))
    event = fake.change(1, at("2024-03-07"), old=2, new=3)
    segmented = []
    clause_tree = fake.clause_tree

    def noted(document_id: int, version: int):
        segmented.append((document_id, version))
        return clause_tree(document_id, version)

    fake.clause_tree = noted  # type: ignore[method-assign]
    build = build_site(fake, out)
    assert f"changes/{event.id}.html" in build.written and earlier and set(earlier) <= set(build.reused)
    # only the earlier change pages compare version 1: rendered again (their document's version
    # count changed, which they do not show) they would cost a build more with every version
    assert (1, 3) in segmented and (1, 1) not in segmented


def test_the_search_index_does_not_list_the_versions_again(tmp_path: Path, fake: FakeSource):
    listed: dict[int, int] = {}
    versions = fake.versions

    def counted(document_id: int):
        listed[document_id] = listed.get(document_id, 0) + 1
        return versions(document_id)

    fake.versions = counted  # type: ignore[method-assign]
    build_site(fake, tmp_path / "site")
    # the site's rows, its pages, and the text a full index reads: the index's own passes (it
    # goes through its entries several times) take each document's latest version from the rows
    # the build listed once, not from a listing of every version, which grows with history
    assert listed and max(listed.values()) <= 3


def test_removed_pages_disappear(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    build_site(fake, out)
    fake.event_list = [e for e in fake.event_list if e.id != 7]
    build = build_site(fake, out)
    assert "changes/7.html" in build.removed and not (out / "changes" / "7.html").exists()


def test_failed_build_leaves_the_old_site(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    build_site(fake, out)
    before = files(out)

    def broken(document_id: int, version: int):
        raise RuntimeError("store went away")

    fake.clause_tree = broken  # type: ignore[method-assign]
    fake.texts[1][1] = replace(fake.texts[1][1], display_text="改动")
    with pytest.raises(RuntimeError):
        build_site(fake, out)
    assert files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_refuses_to_replace_a_foreign_directory(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    with pytest.raises(UsageError, match="not a policywatch site"):
        build_site(fake, out)
    assert (out / "thesis.tex").read_text() == "mine"


def test_user_templates_override_and_extend_bundled_ones(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    build_site(fake, out)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        '{% extends "default:base.html" %}{% block head %}<meta name="org" content="律所 <内部>">{% endblock %}',
        encoding="utf-8")
    build = build_site(fake, out, templates_dir=templates)
    assert "documents/1.html" in build.written
    soup = soup_of(out / "documents" / "1.html")
    assert soup.find("meta", attrs={"name": "org"})["content"] == "律所 <内部>"
    assert soup.h1 is not None


def test_english_interface(tmp_path: Path, fake: FakeSource):
    out = tmp_path / "site"
    build_site(fake, out, lang="en")
    soup = soup_of(out / "index.html")
    assert soup.html["lang"] == "en" and soup.h1.get_text() == "Latest changes"
    change = soup_of(out / "changes" / "6.html")
    assert change.select_one("section.clauses h2 small").get_text().startswith("3 modified, 1 added, 1 deleted")


def test_the_build_state_is_hidden_and_keys_every_page(site: Path):
    state = SiteState(site / STATE)
    pages = list(state.pages)  # the site's own pages; a document's are kept with it
    documents = dict(state.document_pages.rows())
    state.close()
    assert STATE.startswith(".") and pages == sorted(pages) and "index.html" in pages and STATE not in pages
    assert {"documents/1.html", "documents/1/v2.html", "changes/6.html"} <= set(documents["1"])


def test_events_without_changeset_get_no_change_page(tmp_path: Path, fake: FakeSource):
    fake.event(EventKind.CHANGED, "nanjing", at("2024-03-08"), 2)
    build = build_site(fake, tmp_path / "site")
    assert f"changes/{len(fake.event_list)}.html" not in build.pages


def test_a_symlinked_output_directory_keeps_its_link(tmp_path: Path, fake: FakeSource) -> None:
    real = tmp_path / "real-site"
    link = tmp_path / "site"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    build_site(fake, link)
    build_site(fake, link)  # a second build swaps in place
    assert link.is_symlink() and (link / "index.html").is_file()
    assert (real / "index.html").is_file()
    assert not [p for p in tmp_path.iterdir() if ".build-" in p.name]


class _Pair(NamedTuple):  # a tuple subclass: repr() of its own
    a: int
    b: list[int]


@pytest.mark.parametrize("inputs", [
    "x", (), [], ("a",), [("a",)], ((), [[], ("b", 1)]), (1, [2, (3,)], {"k": [4]}, None),
    ("中文</p>", [_Pair(1, [2])], (Page("p", (1,), bytes),)),
])
def test_a_page_key_hashes_the_repr_of_its_inputs_piece_by_piece(inputs):
    page = Page("sources/a.html", inputs, bytes)
    assert _input_key("salt", page) == hashlib.sha256(f"salt\0sources/a.html\0{inputs!r}".encode()).digest()


def test_a_streamed_page_is_written_as_made_and_left_alone_when_its_bytes_did_not_change(tmp_path: Path):
    live, staged = tmp_path / "live.html", tmp_path / "staging" / "page.html"
    live.write_bytes(b"abcdef")
    assert _put(staged, iter([b"abc", b"def"]), live) and not staged.exists()
    for chunks in ([b"abc", b"deg"], [b"abc"], [b"abc", b"def", b"g"]):
        assert not _put(staged, iter(chunks), live) and staged.read_bytes() == b"".join(chunks)
    assert not _put(staged, iter([b"abcdef"]), None) and staged.read_bytes() == b"abcdef"


def test_a_long_history_goes_to_archive_pages_that_stay_once_full(tmp_path: Path, fake: FakeSource):
    from policywatch.reports.pages import ARCHIVE_EVENTS, SOURCE_EVENTS

    def notes(n: int, day: str) -> None:
        for hour in range(n):
            fake.event(EventKind.BASELINE, "nanjing", at(day, hour % 24).replace(minute=hour // 24),
                       message=f"note {day} {hour}")

    out = tmp_path / "site"
    notes(SOURCE_EVENTS + ARCHIVE_EVENTS + 10, "2025-01-01")
    build_site(fake, out)
    source = soup_of(out / "sources/nanjing.html")
    shown = source.select("#events-h ~ ol.events > li")
    assert len(shown) == SOURCE_EVENTS and "note 2025-01-01" in shown[0].get_text()
    assert [a["href"] for a in source.select("nav.archive a")] == ["nanjing/2.html", "nanjing/1.html"]
    full = out / "sources/nanjing/1.html"
    page = soup_of(full)
    assert len(page.select("ol.events > li")) == ARCHIVE_EVENTS and page.find("h1").get_text() == "nanjing"
    assert page.select_one("a[rel=prev]") is None and page.select_one("a[rel=next]")["href"] == "2.html"
    assert page.select_one("a[rel=next]").get_text() == "下一页（较新）"
    newest = soup_of(out / "sources/nanjing/2.html")
    assert newest.select_one("a[rel=prev]")["href"] == "1.html" and newest.select_one("a[rel=next]") is None
    before = full.read_bytes(), os.stat(full).st_ino
    # every event on the source or an archive page, once
    listed = [li.get_text() for p in ("sources/nanjing.html", "sources/nanjing/1.html", "sources/nanjing/2.html")
              for li in soup_of(out / p).select("ol.events > li")]
    assert len(listed) == len(set(listed)) == len([e for e in fake.event_list if e.source == "nanjing"])

    notes(ARCHIVE_EVENTS, "2025-02-01")  # the next build: page 2 fills, page 3 begins
    build = build_site(fake, out)
    assert "sources/nanjing/1.html" in build.reused and "sources/nanjing/1.html" not in build.written
    assert {"sources/nanjing.html", "sources/nanjing/2.html", "sources/nanjing/3.html"} <= set(build.written)
    assert soup_of(out / "sources/nanjing/2.html").select_one("a[rel=next]")["href"] == "3.html"
    assert (full.read_bytes(), os.stat(full).st_ino) == before


