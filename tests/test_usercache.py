"""The per-user cache directory: where it is, and when it is not trusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policywatch import usercache


def test_cache_location_follows_xdg_and_ignores_a_relative_value(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cache_root() == str(tmp_path / "policywatch")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.cache_root() == str(tmp_path / "home" / ".cache" / "policywatch")


def test_a_private_directory_is_made_for_this_user_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    directory = usercache.private_directory("things")
    assert directory == str(tmp_path / "policywatch" / "things")
    assert os.stat(directory).st_mode & 0o077 == 0


def test_a_directory_others_can_write_or_a_file_in_the_way_is_not_used(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "policywatch" / "open").mkdir(parents=True)
    os.chmod(tmp_path / "policywatch" / "open", 0o777)
    assert usercache.private_directory("open") is None
    (tmp_path / "policywatch" / "a-file").write_text("not a directory")
    assert usercache.private_directory("a-file") is None
    os.symlink(tmp_path / "elsewhere", tmp_path / "policywatch" / "link")
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    assert usercache.private_directory("link") is None  # lstat: a link is not the directory itself
