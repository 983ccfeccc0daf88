"""A huge version does not make a huge page; a killed build leaves no staging folder for ever."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policywatch.model import DocumentMetadata
from policywatch.reports import build_site, pages
from tests.reports.conftest import soup_of
from tests.reports.fakes import FakeSource, at


def huge_source(articles: int, *, line: str = "本条规定的内容。") -> FakeSource:
    source = FakeSource()
    # numbered "1." clauses: what the fake source's segmenter splits on
    text = "\n".join(f"{n}. 第{n}项{line}" for n in range(1, articles + 1))
    source.add_document(1, "nanjing", "http://x.gov.cn/huge.html", DocumentMetadata(title="关于很长的办法"), [text],
                        seen=[at("2024-03-01")])
    return source


def test_a_version_longer_than_the_inline_limit_links_its_full_text(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_INLINE_CLAUSES", 40)
    build_site(huge_source(300), tmp_path / "site")
    for page, link in (("documents/1/v1.html", "v1.txt"), ("documents/1.html", "1/v1.txt")):
        soup = soup_of(tmp_path / "site" / page)
        assert len(soup.select("section.fulltext div.clause")) == 40, page
        more = soup.select_one("p.more-text a")
        assert more is not None and more["href"] == link
        outline = [a["href"] for a in soup.select("nav.outline a")]
        assert outline and all(href.lstrip("#") in {d["id"] for d in soup.select("div.clause")} for href in outline)
    full = (tmp_path / "site" / "documents/1/v1.txt").read_text(encoding="utf-8")
    assert "300. 第300项" in full


def test_one_giant_clause_is_cut_at_the_character_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_INLINE_CHARS", 5000)
    build_site(huge_source(3, line="很长的内容。" * 10_000), tmp_path / "site")
    soup = soup_of(tmp_path / "site" / "documents/1/v1.html")
    shown = "".join(p.text for p in soup.select("section.fulltext p.clause-text"))
    assert len(shown) <= 5000 + 10 and soup.select_one("p.more-text a")["href"] == "v1.txt"


def test_a_short_version_has_no_text_file(tmp_path: Path) -> None:
    build_site(huge_source(30), tmp_path / "site")
    assert not (tmp_path / "site" / "documents/1/v1.txt").exists()
    assert not soup_of(tmp_path / "site" / "documents/1/v1.html").select("p.more-text")


def test_staging_folders_of_killed_builds_are_removed_and_a_failed_build_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = tmp_path / ".site.build-999999999-abc"  # no such process
    dead.mkdir()
    (dead / "index.html").write_text("half a site")
    alive = tmp_path / f".site.build-{os.getppid()}-xyz"  # a build still running elsewhere
    alive.mkdir()
    build_site(huge_source(3), tmp_path / "site")
    assert not dead.exists() and alive.exists()
    shutil.rmtree(alive)

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("policywatch.reports.site._write", explode)
    with pytest.raises(OSError):
        build_site(huge_source(4), tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
