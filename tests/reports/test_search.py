"""The full-text index: folding, parts, stable keys, and postings computed only when needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policywatch.reports import build_site, search
from tests.reports.fakes import make_source


def _payload(body: bytes) -> list:
    text = body.decode()
    return json.loads("[" + text[text.index("(") + 1: text.rindex(")")] + "]")


def test_fold_unifies_widths_case_brackets_and_spaces():
    assert search.fold("宁政办发［2019］ 37号 ＡＩ") == search.fold("宁政办发〔2019〕37号ai") == "宁政办发|2019|37号ai"


def test_every_bigram_of_a_long_text_is_found_in_some_part():
    text = "".join(chr(0x4E00 + i % 500) for i in range(3 * search.PART + 10))
    entry = search.SearchEntry("d1", "document", "标题", "", "documents/1.html", text)
    files = {f.path: f for f in search.index_files([entry])}
    parts = [p for p in files if p.startswith("search/t/")]
    assert parts == ["search/t/d1.js", "search/t/d1.1.js", "search/t/d1.2.js", "search/t/d1.3.js"]
    # a phrase cut by a part boundary is whole in the earlier part (parts overlap)
    boundary = search.PART - 3
    phrase = ("标题\n" + text)[boundary:boundary + 8]
    texts = {_payload(files[p].render())[0]: _payload(files[p].render())[1] for p in parts}
    assert any(phrase in t for t in texts.values())
    postings: dict[str, str] = {}
    for number in range(search.SHARDS):
        postings.update(_payload(files[f"search/p/{number}.js"].render())[1])
    for i in range(len(phrase) - 1):
        assert "d1" in postings[search.fold(phrase[i:i + 2])].split(",")


def test_a_rebuild_of_an_unchanged_store_computes_no_postings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = make_source()
    build_site(fake, tmp_path / "site")
    calls = []
    original = search.bigrams
    monkeypatch.setattr(search, "bigrams", lambda text: calls.append(1) or original(text))
    again = build_site(fake, tmp_path / "site")
    assert again.written == () and calls == []


def _search_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted((site / "search").rglob("*.js"))}


def test_an_edit_patches_only_the_shards_its_bigrams_live_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from dataclasses import replace

    from tests.reports.fakes import at

    fake = make_source()
    site = tmp_path / "site"
    build_site(fake, site)
    # one document gains a version with a new clause, another leaves the site
    first, gone = fake.records[0], fake.records[-1]
    latest = fake.texts[first.id][-1]
    edited = replace(latest, number=latest.number + 1, display_text=latest.display_text + "\n第九十九条 建设算力调度枢纽。")
    fake.texts[first.id].append(edited)
    fake.records[0] = replace(first, version_count=first.version_count + 1)
    fake.change(first.id, at("2024-06-01"), old=latest.number, new=edited.number)
    fake.records.remove(gone)
    fake.event_list = [e for e in fake.event_list if e.document_id != gone.id]
    folded: list[str] = []
    original = search.bigrams
    monkeypatch.setattr(search, "bigrams", lambda text: folded.append(text) or original(text))
    again = build_site(fake, site)
    monkeypatch.undo()
    # only the changed entries' texts were indexed: old and new of the edited and the new change, old of the gone
    assert 0 < len(folded) < len(list((site / "search" / "t").iterdir()))
    shards = [p for p in again.written if p.startswith("search/p/")]
    assert 0 < len(shards) < search.SHARDS // 2
    # exactly the bytes a build from nothing writes: nothing lost, nothing stale
    fresh = build_site(fake, tmp_path / "fresh")
    assert _search_files(site) == _search_files(fresh.out_dir)
    postings: dict[str, str] = {}
    for number in range(search.SHARDS):
        postings.update(_payload((site / f"search/p/{number}.js").read_bytes())[1])
    assert f"d{first.id}" in postings[search.fold("算力")].split(",")
    assert not any(f"d{gone.id}" in keys.split(",") for keys in postings.values())


def test_a_lost_search_state_rebuilds_the_whole_index(tmp_path: Path):
    from policywatch.reports.sitestate import STATE, SiteState

    fake = make_source()
    site = tmp_path / "site"
    build_site(fake, site)
    before = _search_files(site)
    state = SiteState(site / STATE)
    state.invalidate("search")  # as a build interrupted while moving its files in leaves it
    state.close()
    fake.records.pop()
    build_site(fake, site)
    state = SiteState(site / STATE)
    assert state.meta("search") == search.STATE_FORMAT
    state.close()
    assert _search_files(site) == _search_files(build_site(fake, tmp_path / "fresh").out_dir) != before


def test_a_full_index_spills_postings_and_texts_and_reads_them_back_whole(tmp_path: Path):
    # line and field separators of every kind must survive the scratch files unchanged
    odd = "甲乙\u2028丙丁\x85戊己\r庚辛\x1c壬癸子丑"
    entries = [search.SearchEntry(f"d{n}", "document", f"标题{n}", "", f"documents/{n}.html", text)
               for n, text in enumerate([odd, "算力调度枢纽" * 2000, odd + "算力"])]
    index = search.SearchIndex(entries, scratch=tmp_path)
    files = {f.path: f.render() for f in index.files()}
    (scratch,) = tmp_path.iterdir()
    index.close()
    assert not scratch.exists()
    postings: dict[str, list[str]] = {}
    for number in range(search.SHARDS):
        for gram, keys in _payload(files[f"search/p/{number}.js"])[1].items():
            postings[gram] = keys.split(",")
    assert postings[search.fold("算力")] == ["d1", "d1.1", "d1.2", "d2"]  # in the order of the entries
    assert postings[search.fold("子丑")] == ["d0", "d2"] and search.fold("丁戊") in postings
    assert _payload(files["search/t/d0.js"])[1] == "标题0\n" + odd
    assert _payload(files["search/t/d1.2.js"])[1] == entries[1].body()[2 * search.PART:3 * search.PART + search.OVERLAP]


def test_an_index_reads_entries_anew_each_pass_instead_of_holding_them(tmp_path: Path):
    texts = ["算力调度枢纽建设", "数据要素流通" * 1500, "人工智能产业扶持"]

    class Fresh:
        """Entries made anew on every pass, as the site reads them from the store."""

        passes = 0

        def __iter__(self):
            Fresh.passes += 1
            return (search.SearchEntry(f"d{n}", "document", f"标题{n}", "", f"documents/{n}.html", text)
                    for n, text in enumerate(texts))

    listed = {f.path: (f.inputs, f.render()) for f in search.SearchIndex(list(Fresh()), scratch=tmp_path).files()}
    Fresh.passes = 0
    index = search.SearchIndex(Fresh(), scratch=tmp_path)
    assert {f.path: (f.inputs, f.render()) for f in index.files()} == listed
    assert Fresh.passes == 3  # indexed (identified on the way), the result table written, the texts written


def test_the_result_table_is_streamed_as_the_script_it_was_made_whole():
    rows = [search.SearchEntry("d1", "document", "标题</script>", "示政发〔2024〕3号", "documents/1.html", "正文"),
            search.SearchEntry("c2", "change", '引号"与\\斜杠', "", "changes/2.html", "改动")]
    table = next(f for f in search.SearchIndex(rows).files() if f.path == "search/entries.js")
    whole = search._script("PW_SEARCH_ENTRIES", {"shards": search.SHARDS, "segments": [0],
                                                 "entries": [search._row(e) for e in rows]})
    assert table.render() == whole and b"<\\/script>" in whole
    assert search.SearchIndex([]).files().__next__().render() == search._script(
        "PW_SEARCH_ENTRIES", {"shards": search.SHARDS, "segments": [], "entries": []})


def test_new_changes_patch_only_the_newest_segment_of_change_postings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tests.reports.fakes import at

    monkeypatch.setattr(search, "CHANGE_SEGMENT", 8)  # changes 6, 7 in segment 0; the next ones in 1
    fake = make_source()
    site = tmp_path / "site"
    build_site(fake, site)
    old_segment = {p: (site / p).read_bytes() for p in _search_files(site) if p.startswith("search/c/0/")}
    assert len(old_segment) == search.SHARDS and not (site / "search/c/1").exists()
    added = [fake.change(1, at("2024-07-01")), fake.change(5, at("2024-07-02"))]
    assert {search.segment_of(f"c{e.id}") for e in added} == {1}
    again = build_site(fake, site)
    assert not [p for p in again.written if p.startswith("search/c/0/")], "a full segment is not rewritten"
    assert [p for p in again.written if p.startswith("search/c/1/")]
    assert {p: (site / p).read_bytes() for p in old_segment} == old_segment
    assert _search_files(site) == _search_files(build_site(fake, tmp_path / "fresh").out_dir)
    table = _payload((site / "search/entries.js").read_bytes())[0]
    assert table["segments"] == [0, 1]
    postings: dict[str, set[str]] = {}
    for segment in table["segments"]:
        for number in range(search.SHARDS):
            body = (site / f"search/c/{segment}/{number}.js").read_bytes()
            assert _payload(body)[0] == f"c/{segment}/{number}"
            for gram, keys in _payload(body)[1].items():
                postings.setdefault(gram, set()).update(keys.split(","))
    changes = {f"c{e.id}" for e in fake.event_list if e.changeset is not None}
    assert changes == set().union(*postings.values()) and {f"c{e.id}" for e in added} < changes
