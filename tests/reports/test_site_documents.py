"""A build lists only the documents that changed (their source stamp, events or relatives) and
carries the others' pages over, yet the site it leaves equals a fresh build byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from policywatch.model import DocumentMetadata, EventKind
from policywatch.reports import build_site
from policywatch.reports.sitestate import STATE
from tests.reports.fakes import FakeSource, at, make_source, seed


@dataclass
class StampedSource(FakeSource):
    """A fake offering `document_stamps`, as the store does; counts the documents read one by one."""

    read: list[int] = field(default_factory=list)

    def document_stamps(self) -> Iterator[tuple[int, str]]:
        for record in sorted(self.records, key=lambda r: r.id):
            shown = repr((record, self.texts.get(record.id, [])))
            yield record.id, hashlib.sha256(shown.encode()).hexdigest()

    def document(self, document_id: int):  # type: ignore[no-untyped-def]
        self.read.append(document_id)
        return super().document(document_id)


def stamped() -> StampedSource:
    fake = make_source()
    source = StampedSource(fake.records, fake.texts, fake.event_list, fake.health)
    base = source.records[1]
    for n in range(7, 15):  # more documents than the edits touch
        meta = replace(base.metadata, title=f"{base.metadata.title}（{n}）", doc_number=f"宁政办发〔2022〕{n}号")
        source.add_document(n, base.source, f"{base.url}?{n}", meta, [seed("003") + f"\n{n}．第{n}号试点。"],
                            seen=[at("2024-01-02")])
    return source


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != STATE}


def same_as_fresh(source: FakeSource, out: Path, tmp_path: Path, **settings: object) -> None:
    fresh = tmp_path / "fresh"
    build_site(source, fresh, **settings)  # type: ignore[arg-type]
    assert files(out) == files(fresh)


@pytest.fixture
def source() -> StampedSource:
    return stamped()


def test_an_edit_lists_only_the_edited_document(tmp_path: Path, source: StampedSource) -> None:
    out = tmp_path / "site"
    build_site(source, out)
    v1 = source.texts[9][0]
    source.texts[9].append(replace(v1, number=2, display_text=v1.display_text + "\n99．新增一条。",
                                   first_seen=at("2024-03-07"), last_seen=at("2024-03-07")))
    source.records[:] = [replace(r, version_count=2, last_seen=at("2024-03-07")) if r.id == 9 else r
                         for r in source.records]
    event = source.change(9, at("2024-03-07"))
    source.read.clear()
    build = build_site(source, out)
    assert source.read == [9]  # the only document listed
    assert {"documents/9.html", "documents/9/v2.html", f"changes/{event.id}.html", "index.html"} <= set(build.written)
    assert not any(p.startswith(("documents/1", "documents/8")) for p in build.written)
    assert "documents/8.html" in build.reused and "documents/9/v1.html" in build.reused
    # the search files of the edited document and its change, the shards they touch, the table
    search = sorted(p for p in build.written if p.startswith("search/"))
    assert any(p.startswith("search/t/d9.") for p in search) and f"search/t/c{event.id}.js" in search
    assert not any(p.startswith("search/t/d8") for p in search)
    assert build.listed < len(build.pages) // 2
    same_as_fresh(source, out, tmp_path)
    source.read.clear()
    assert build_site(source, out).written == () and source.read == []


def test_a_parent_s_change_lists_its_attachment(tmp_path: Path, source: StampedSource) -> None:
    out = tmp_path / "site"
    build_site(source, out)
    parent = source.document(1)
    assert parent is not None
    renamed = replace(parent, metadata=replace(parent.metadata, title="南京市关于新的标题的通知"))
    source.records[:] = [renamed if r.id == 1 else r for r in source.records]
    source.read.clear()
    build_site(source, out)
    assert sorted(set(source.read)) == [1, 6]  # 6 is 1's attachment: its page names its parent
    same_as_fresh(source, out, tmp_path)


def test_a_new_event_without_a_version_lists_its_document(tmp_path: Path, source: StampedSource) -> None:
    out = tmp_path / "site"
    build_site(source, out)
    source.event(EventKind.MISSING, "nanjing", at("2024-03-09"), 12)
    source.read.clear()
    build_site(source, out)
    assert source.read == [12]
    same_as_fresh(source, out, tmp_path)


def test_a_document_gone_from_the_source_takes_its_pages_along(tmp_path: Path, source: StampedSource) -> None:
    out = tmp_path / "site"
    first = build_site(source, out)
    assert "documents/10/v1.html" in first.pages
    source.records[:] = [r for r in source.records if r.id != 10]
    del source.texts[10]
    source.read.clear()
    build = build_site(source, out)
    assert source.read == [] and {"documents/10.html", "documents/10/v1.html", "search/t/d10.js"} <= set(build.removed)
    assert not (out / "documents" / "10").exists() and "documents/10.html" not in build.pages
    same_as_fresh(source, out, tmp_path)


def test_new_templates_or_settings_list_every_document(tmp_path: Path, source: StampedSource) -> None:
    out = tmp_path / "site"
    build_site(source, out)
    build = build_site(source, out, title="另一个标题")  # the title is on every page
    assert {f"documents/{r.id}.html" for r in source.records} <= set(build.written)
    assert "documents/8/v1.html" in build.written
    same_as_fresh(source, out, tmp_path, title="另一个标题")


def test_a_build_killed_before_its_commit_leaves_the_old_site_and_state(
        tmp_path: Path, source: StampedSource, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build_site(source, out)
    before = files(out)
    source.records[:] = [replace(r, metadata=DocumentMetadata(title="改名")) if r.id == 11 else r
                         for r in source.records]

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("policywatch.reports.site._commit", killed)
    with pytest.raises(KeyboardInterrupt):
        build_site(source, out)
    monkeypatch.undo()
    assert files(out) == before
    source.read.clear()
    build_site(source, out)
    assert source.read == [11]  # the state did not take the killed build's keys
    same_as_fresh(source, out, tmp_path)


def test_a_shortened_text_drops_its_search_parts(tmp_path: Path, source: StampedSource) -> None:
    out = tmp_path / "site"
    first = build_site(source, out)
    assert "search/t/d8.1.js" in first.pages  # a long text is indexed in parts
    v1 = source.texts[8][0]
    source.texts[8][0] = replace(v1, display_text="一、总则\n本办法自印发之日起施行。")
    build = build_site(source, out)
    assert "search/t/d8.1.js" in build.removed and not (out / "search" / "t" / "d8.1.js").exists()
    same_as_fresh(source, out, tmp_path)
