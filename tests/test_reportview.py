"""The report view lists versions without reading their texts, and reads a text when a page asks for it."""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import fields

from policywatch.model import StoredVersion
from policywatch.pipeline.reportview import LazyTextVersion, ReportView
from policywatch.state import Store
from tests.state.helpers import at, make_doc


def test_versions_name_their_text_and_read_it_only_when_asked() -> None:
    store = Store.memory()
    run = store.start_run(["gov"])
    url = "http://gov.test/1.html"
    texts = ["第一条 原文。", "第一条 新文。"]
    for day, text in enumerate(texts):
        store.record_version("gov", make_doc(url, text), raw=None, run_id=run, now=at(day))
    (doc,) = store.documents()
    bare = store.versions(doc.id, texts=False)
    assert [v.display_text for v in bare] == ["", ""]
    assert [v.text_sha256 for v in bare] == [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    reads: list[tuple[int, int]] = []
    original = store.version
    store.version = lambda d, n, **kw: reads.append((d, n)) or original(d, n, **kw)  # type: ignore[method-assign]
    store.texts = type(store.texts)()  # empty, as in a fresh process
    listed = ReportView(store).versions(doc.id)
    assert reads == []
    assert [v.text_sha256 for v in listed] == [v.text_sha256 for v in bare]
    assert listed[1].display_text == texts[1] and reads == [(doc.id, 2)]
    # read past the store's text cache: a build going through every text once does not fill it
    assert store.texts._chars == 0
    names = [f.name for f in fields(StoredVersion)]
    assert [[getattr(v, n) for n in names] for v in listed] == [[getattr(v, n) for n in names]
                                                                 for v in store.versions(doc.id)]


def test_a_rebuild_knows_a_text_s_size_without_reading_it(tmp_path) -> None:
    from policywatch.reports import build_site
    from policywatch.reports.i18n import Translator
    from policywatch.reports.pages import SiteData, text_facts
    from policywatch.reports.sitestate import STATE, SiteState

    store = Store.memory()
    run = store.start_run(["gov"])
    store.record_version("gov", make_doc("http://gov.test/1.html", "第一条 原文。\n第二条 另文。"), raw=None,
                         run_id=run, now=at(0))
    view = ReportView(store)
    build_site(view, tmp_path / "site")
    (version,) = view.versions(1)
    state = SiteState(tmp_path / "site" / STATE)
    assert state.texts.get(version.text_sha256) == (15, 2)
    state.close()

    def unread(*args: object) -> str:
        raise AssertionError("the text was read although its facts were known")

    data = SiteData(view, Translator("zh"), {version.text_sha256: (15, 2)})
    assert text_facts(data, LazyTextVersion.of(version, unread)) == (15, 2)


def test_a_rebuild_of_an_unchanged_store_reads_nothing_but_its_stamp(tmp_path) -> None:
    from policywatch.model import EventKind
    from policywatch.reports import build_site
    from policywatch.reports.sitestate import STATE, SiteState

    store = Store.memory()
    run = store.start_run(["gov"])
    url = "http://gov.test/1.html"
    store.record_version("gov", make_doc(url, "第一条 原文。"), raw=None, run_id=run, now=at(0))
    view, out = ReportView(store), tmp_path / "site"
    first = build_site(view, out)
    state = SiteState(out / STATE)
    assert state.meta("stamp") and first.written
    state.close()

    def unread(*args: object, **kwargs: object) -> list[object]:
        raise AssertionError("an unchanged store was read past its stamp")

    for name in ("documents", "document_listing", "events", "event_listing", "relations", "source_health"):
        setattr(store, name, unread)
    again = build_site(ReportView(store), out)
    assert again.written == () and again.pages == first.pages == again.reused
    for name in ("documents", "document_listing", "events", "event_listing", "relations", "source_health"):
        delattr(store, name)

    # a page deleted by hand is not taken for done: the build renders it again, a document's too
    (out / "index.html").unlink()
    assert build_site(ReportView(store), out).written == ("index.html",)
    (out / "documents" / "1.html").unlink()
    assert build_site(ReportView(store), out).written == ("documents/1.html",)
    # a later sighting (last seen date), and a new event, each make the next build look again
    store.record_version("gov", make_doc(url, "第一条 原文。"), raw=None, run_id=run, now=at(3))
    assert build_site(ReportView(store), out).written
    store.add_event(EventKind.BASELINE, source="gov", message="1 document now watched", run_id=run,
                    dedup_key="baseline:gov", at=at(3))
    assert "index.html" in build_site(ReportView(store), out).written
    assert build_site(ReportView(store), out).written == ()
    # other build settings are another site
    assert build_site(ReportView(store), out, title="另一个标题").written


def test_events_are_listed_without_their_changesets_and_make_the_same_site(tmp_path) -> None:
    from policywatch.model import EventKind
    from policywatch.pipeline.documents import compare_versions
    from policywatch.reports import build_site
    from policywatch.reports.views import has_changeset

    store = Store.memory()
    run = store.start_run(["gov"])
    url = "http://gov.test/1.html"
    store.record_version("gov", make_doc(url, "一、总则\n对符合条件的项目给予最高100万元资助。"), raw=None,
                         run_id=run, now=at(0))
    store.add_event(EventKind.BASELINE, source="gov", message="1", run_id=run, dedup_key="baseline:gov", at=at(0))
    outcome = store.record_version("gov", make_doc(url, "一、总则\n对符合条件的项目给予最高200万元资助。"),
                                   raw=None, run_id=run, now=at(1))
    assert outcome.previous is not None
    store.add_event(EventKind.CHANGED, source="gov", document_id=outcome.document.id, old_version=1, new_version=2,
                    changeset=compare_versions(outcome.previous, outcome.version), run_id=run, at=at(1))
    reads: list[int] = []
    original = store.event_changeset
    store.event_changeset = lambda i: reads.append(i) or original(i)  # type: ignore[method-assign]
    listed = ReportView(store).events()
    eager = store.events()
    assert [e.id for e in listed] == [e.id for e in eager] and reads == []
    changed, baseline = listed
    assert has_changeset(changed) and not has_changeset(baseline) and reads == []
    assert repr(changed) == repr(ReportView(store).events()[0])  # a page key that needs no changeset
    assert changed.changeset == eager[0].changeset and reads == [changed.id]
    assert baseline.changeset is None and reads == [changed.id]

    class EagerView(ReportView):
        def events(self, **kwargs):  # type: ignore[no-untyped-def]
            return store.events()

    lazy_site = build_site(ReportView(store), tmp_path / "lazy")
    eager_site = build_site(EagerView(store), tmp_path / "eager")
    assert lazy_site.pages == eager_site.pages and "changes/2.html" in lazy_site.pages
    for page in lazy_site.pages:
        assert (tmp_path / "lazy" / page).read_bytes() == (tmp_path / "eager" / page).read_bytes(), page


def test_a_site_build_reads_through_a_small_page_cache_and_gives_the_large_one_back(tmp_path) -> None:
    from policywatch.state.connection import READ_THROUGH_CACHE_KIB

    with Store.open(tmp_path / "pw.db") as store:
        usual = store.db.execute("PRAGMA cache_size").fetchone()[0]
        with store.read_through():
            assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -READ_THROUGH_CACHE_KIB != usual
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == usual


def test_listing_forgets_what_the_segmenter_remembered_of_the_document_before() -> None:
    clauses = importlib.import_module("policywatch.diffing.segment")._CLAUSES  # the module, not the function
    store = Store.memory()
    run = store.start_run(["gov"])
    for n in range(3):
        store.record_version("gov", make_doc(f"http://gov.test/{n}.html", f"第一条 文件{n}的正文。\n第二条 其余。"),
                             raw=None, run_id=run, now=at(0))
    view = ReportView(store)
    held = []
    for record, versions in view.listing():
        view.clause_tree(record.id, versions[-1].number)
        held.append(set(clauses.values))
    # one document's clauses at a time, however many documents a build goes through
    assert any("文件0" in text for text in held[0]) and not any("文件0" in text for text in held[2])
    assert len(held[2]) == len(held[0])


def test_a_rebuild_decodes_only_the_changesets_of_new_events(tmp_path, monkeypatch) -> None:
    from policywatch.model import EventKind
    from policywatch.pipeline.documents import compare_versions
    from policywatch.reports import build_site

    store = Store.memory()
    url = "http://gov.test/1.html"

    def change(day: int, text: str) -> int:
        outcome = store.record_version("gov", make_doc(url, text), raw=None, run_id=store.start_run(["gov"]),
                                       now=at(day))
        if outcome.previous is None:
            return 0
        return store.add_event(EventKind.CHANGED, source="gov", document_id=outcome.document.id,
                               old_version=outcome.previous.number, new_version=outcome.version.number,
                               changeset=compare_versions(outcome.previous, outcome.version),
                               dedup_key=f"{day}", at=at(day)).id

    change(0, "第一条 给予100万元资助。")
    first = change(1, "第一条 给予150万元资助。")
    view, out = ReportView(store), tmp_path / "site"
    build_site(view, out)

    def line_of(event_id: int) -> str:
        from bs4 import BeautifulSoup
        soup = BeautifulSoup((out / "index.html").read_bytes(), "html.parser")
        return next(li for li in soup.select("li.event") if li.find("a", href=f"changes/{event_id}.html")).get_text()

    before = line_of(first)
    assert "150万元" in before
    second = change(2, "第一条 给予200万元资助。")
    # feeds show each change clause by clause (their newest FEED_LIMIT, read anew): one entry here
    monkeypatch.setattr("policywatch.reports.feed.FEED_LIMIT", 1)
    monkeypatch.setattr("policywatch.reports.pages.FEED_LIMIT", 1)
    decoded: list[int] = []
    original = store.event_changeset
    store.event_changeset = lambda event_id: decoded.append(event_id) or original(event_id)  # type: ignore[method-assign]
    build_site(ReportView(store), out)
    assert first not in decoded and second in decoded
    assert line_of(first) == before, "the first change's line reads as before, from the saved words"


def test_a_build_after_an_edit_lists_the_edited_document_and_equals_a_fresh_build(tmp_path) -> None:
    from policywatch.model import EventKind
    from policywatch.pipeline.documents import compare_versions
    from policywatch.reports import build_site
    from policywatch.reports.sitestate import STATE

    store = Store.memory()
    run = store.start_run(["gov"])
    urls = [f"http://gov.test/{n}.html" for n in range(6)]
    for n, url in enumerate(urls):
        store.record_version("gov", make_doc(url, f"一、总则\n对第{n}类项目给予最高100万元资助。"), raw=None,
                             run_id=run, now=at(0))
    out = tmp_path / "site"
    build_site(ReportView(store), out)
    outcome = store.record_version("gov", make_doc(urls[2], "一、总则\n对第2类项目给予最高200万元资助。"),
                                   raw=None, run_id=run, now=at(1))
    assert outcome.previous is not None
    event = store.add_event(EventKind.CHANGED, source="gov", document_id=outcome.document.id, old_version=1,
                            new_version=2, changeset=compare_versions(outcome.previous, outcome.version),
                            run_id=run, at=at(1))
    build = build_site(ReportView(store), out)
    doc = outcome.document.id
    pages = {f"documents/{doc}.html", f"documents/{doc}/v1.html", f"documents/{doc}/v2.html", f"changes/{event.id}.html"}
    # the edited document's pages and the site's own; no other document's
    assert {p for p in build.written if p.startswith(("documents/", "changes/"))} <= pages
    assert build.listed < len(build.pages) and pages <= set(build.pages)
    fresh = tmp_path / "fresh"
    build_site(ReportView(store), fresh)

    def files(root):  # type: ignore[no-untyped-def]
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != STATE}

    assert files(out) == files(fresh)
