"""`demo --out` into a directory whose demo names are links, or that cannot be written in."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from policywatch.pipeline.demo import MARKER_NAME


def _demo(out: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", "demo", "--out", str(out)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_links_among_the_demos_names_are_replaced_not_written_through(tmp_path: Path) -> None:
    """A demo output (its marker) whose digest.eml, policywatch.toml, store and site are links to
    files elsewhere: the rerun overwrote the linked mail and config files with its own, and built
    its report site into the linked directory (another watch's site)."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "their-site").mkdir(parents=True)
    for name in ("mail.txt", "watch.toml", "store.db"):
        (elsewhere / name).write_text(f"their {name}", encoding="utf-8")
    before = _tree(elsewhere)
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER_NAME).write_text("left by a demo killed before it wrote anything else\n", encoding="utf-8")
    links = {"digest.eml": "mail.txt", "policywatch.toml": "watch.toml", "policywatch.db": "store.db",
             "site": "their-site"}
    for name, target in links.items():
        (out / name).symlink_to(elsewhere / target)
    done = _demo(out, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _tree(elsewhere) == before, "a file the demo's names linked to was written"
    assert not (elsewhere / "their-site" / "index.html").exists()
    for name in links:
        assert not (out / name).is_symlink(), name
    assert (out / "site" / "index.html").is_file() and (out / "digest.eml").is_file()


def test_a_linked_marker_is_no_sign_the_demo_wrote_there(tmp_path: Path) -> None:
    """A `.policywatch-demo` link made the directory the demo's to replace: its store deleted, the
    marker's target overwritten."""
    watch = tmp_path / "watch"
    watch.mkdir()
    (watch / "policywatch.db").write_text("their store", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("their notes", encoding="utf-8")
    (watch / MARKER_NAME).symlink_to(tmp_path / "notes.txt")
    done = _demo(watch, tmp_path)
    assert done.returncode == 2 and "not written by `policywatch demo`" in done.stderr, done.stderr
    assert (watch / "policywatch.db").read_text(encoding="utf-8") == "their store"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "their notes"


def test_a_directory_it_cannot_write_in_is_a_usage_error(tmp_path: Path) -> None:
    """/proc/self exists and is a directory, but no file can be made there: exit 1 with the bare
    OSError ("…/.policywatch-demo: No such file or directory") before."""
    done = _demo(Path("/proc/self"), tmp_path)
    assert done.returncode == 2, done.stderr
    assert "--out /proc/self: cannot write in the directory" in done.stderr and "Traceback" not in done.stderr


def test_a_link_to_nothing_is_named_not_reported_as_file_exists(tmp_path: Path) -> None:
    """--out a symbolic link to a missing target (or a path under one) said only "File exists"."""
    from click.testing import CliRunner

    from policywatch.cli import cli

    link = tmp_path / "out"
    link.symlink_to(tmp_path / "gone" / "demo")
    for out in (link, link / "sub"):
        result = CliRunner().invoke(cli, ["demo", "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert (f"--out {out}: {link} is a symbolic link to {tmp_path / 'gone' / 'demo'}, which does not exist"
                in result.stderr), result.stderr
        assert "File exists" not in result.stderr
    assert not (tmp_path / "gone").exists()  # nothing created for it
