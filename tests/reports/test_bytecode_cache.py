"""Compiled templates are cached per user; a cache that cannot be used only means compiling again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from policywatch.reports import bytecode, render_diff_html
from tests.reports.fakes import MARKUP_V1, MARKUP_V2, compare, segment


@pytest.fixture
def changeset():  # type: ignore[no-untyped-def]
    return compare(segment(MARKUP_V1), segment(MARKUP_V2), old_label="旧.txt", new_label="新.txt")


def _cache_files(root: Path) -> list[Path]:
    return sorted(root.glob("policywatch/jinja2-*/__policywatch_*.cache"))


def test_the_page_is_the_same_compiled_or_from_the_cache(changeset, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = render_diff_html(changeset, title="通知")
    files = _cache_files(tmp_path / "cache")
    assert len(files) == 2  # diffpage.html and the _diff.html it imports
    assert all(f.stat().st_mode & 0o077 == 0 for f in [*files, files[0].parent])  # private to the user
    stamps = [f.stat().st_mtime_ns for f in files]
    assert render_diff_html(changeset, title="通知") == first
    assert [f.stat().st_mtime_ns for f in files] == stamps  # read, not written again
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    assert render_diff_html(changeset, title="通知") == first


def test_a_damaged_cache_file_is_compiled_again(changeset, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = render_diff_html(changeset, title="通知")
    first, second = _cache_files(tmp_path)
    first.write_bytes(b"")
    second.write_bytes(bc_magic + b"\x80garbage")  # jinja2's own header, then nothing it can read
    assert render_diff_html(changeset, title="通知") == expected
    assert all(path.stat().st_size > 100 for path in _cache_files(tmp_path))  # rewritten whole


def test_no_usable_cache_directory_means_no_cache(changeset, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    expected = render_diff_html(changeset, title="通知")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # policywatch/ cannot be made under a file
    assert bytecode.bytecode_cache("options") is None
    assert render_diff_html(changeset, title="通知") == expected
    shared = tmp_path / "shared"
    (shared / "policywatch" / f"jinja2-{bytecode.jinja2.__version__}").mkdir(parents=True)
    os.chmod(shared / "policywatch" / f"jinja2-{bytecode.jinja2.__version__}", 0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))  # others could plant code there: not used
    assert bytecode.bytecode_cache("options") is None
    assert render_diff_html(changeset, title="通知") == expected
    assert _cache_files(shared) == []


def test_different_environment_options_do_not_share_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one, other = bytecode.bytecode_cache("trim_blocks=True"), bytecode.bytecode_cache("trim_blocks=False")
    assert one is not None and other is not None
    assert one.directory == other.directory and one.pattern != other.pattern
