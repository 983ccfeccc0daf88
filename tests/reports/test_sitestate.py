"""The site's build state: read by key, written at commit only, rows not listed dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

from policywatch.reports import build_site
from policywatch.reports.site import LEGACY_MANIFEST
from policywatch.reports.sitestate import STATE, SiteState
from tests.reports.fakes import FakeSource


def _previous(tmp_path: Path) -> SiteState:
    """The state of a site built before (its file exists)."""
    SiteState(tmp_path / STATE).close()
    return SiteState(tmp_path / STATE)


def test_a_first_build_writes_its_new_state_in_place(tmp_path: Path) -> None:
    state = SiteState(tmp_path / STATE)
    assert state.fresh
    state.pages["a.html"] = b"\x01"
    assert state.pages.get("a.html") == b"\x01" and state.unnoted("page") == []
    state.commit()
    state.close()
    state = SiteState(tmp_path / STATE)
    assert not state.fresh and list(state.pages) == ["a.html"]
    state.close()


def test_a_build_s_writes_are_seen_only_once_committed_and_unlisted_rows_go(tmp_path: Path) -> None:
    state = _previous(tmp_path)
    state.pages["a.html"] = b"\x01"
    state.pages["b.html"] = b"\x02"
    state.texts["t"] = (3, 1)
    assert state.pages.get("a.html") is None  # staged, not yet the state
    state.commit()
    state.close()

    state = SiteState(tmp_path / STATE)
    assert state.pages.get("a.html") == b"\x01" and state.texts.get("t") == (3, 1)
    state.pages["c.html"] = b"\x03"
    assert state.unnoted("page") == ["b.html"]  # neither read nor written by this build
    state.close()  # dies before its commit: the previous state stands

    state = SiteState(tmp_path / STATE)
    assert list(state.pages) == ["a.html", "b.html"]
    assert state.pages.get("a.html") == b"\x01"
    state.commit()
    state.close()
    state = SiteState(tmp_path / STATE)
    # a text's facts are kept, whether read or not: named by the text's hash, they never go stale
    assert list(state.pages) == ["a.html"] and state.texts.get("t") == (3, 1)
    del state.texts["t"]
    state.commit()
    state.close()
    state = SiteState(tmp_path / STATE)
    assert len(state.texts) == 0
    state.close()


def test_a_forgotten_table_reads_empty_and_keeps_only_what_is_written_again(tmp_path: Path) -> None:
    state = _previous(tmp_path)
    state.search_files.sync({"p/1": "x", "p/2": "y"})
    state.commit()
    state.search_files.forget()
    assert len(state.search_files) == 0 and list(state.search_files) == []
    state.search_files.sync({"p/2": "y"})
    state.commit()
    state.close()
    state = SiteState(tmp_path / STATE)
    assert dict(state.search_files.items()) == {"p/2": "y"}
    state.close()


def test_invalidate_commits_at_once_while_the_build_s_writes_wait(tmp_path: Path) -> None:
    state = _previous(tmp_path)
    state.set_meta("stamp", "s1")
    state.commit()
    state.pages["a.html"] = b"\x01"
    state.invalidate("stamp")
    state.close()
    state = SiteState(tmp_path / STATE)
    assert state.meta("stamp") is None and state.pages.get("a.html") is None
    state.close()


def test_a_site_with_the_json_state_of_earlier_versions_is_rebuilt_whole(tmp_path: Path, fake: FakeSource) -> None:
    out = tmp_path / "site"
    first = build_site(fake, out)
    (out / STATE).unlink()
    (out / LEGACY_MANIFEST).write_text("{}", encoding="utf-8")
    again = build_site(fake, out)
    assert again.pages == first.pages and not (out / LEGACY_MANIFEST).exists() and (out / STATE).is_file()


def test_a_copied_site_builds_on_from_its_state(tmp_path: Path, fake: FakeSource) -> None:
    build_site(fake, tmp_path / "site")
    shutil.copytree(tmp_path / "site", tmp_path / "copy")
    assert build_site(fake, tmp_path / "copy").written == ()


def test_an_unreadable_state_means_a_full_rebuild(tmp_path: Path, fake: FakeSource) -> None:
    out = tmp_path / "site"
    first = build_site(fake, out)
    (out / STATE).write_bytes(b"not a database" * 100)
    again = build_site(fake, out)
    assert again.pages == first.pages and set(again.written) == set(first.pages)

