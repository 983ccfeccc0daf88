"""Bad input everywhere gives one clear line naming the file and what to do, and touches no data."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from policywatch.config import load_settings
from policywatch.errors import ConfigError, StoreError
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import demo_config


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, timeout=300)


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def test_unreadable_template_directory(tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9", extra='templates_dir = "no-such-templates"')
    with pytest.raises(ConfigError, match="templates_dir.*no-such-templates.*not a readable directory"):
        load_settings(config)
    result = run_cli("run", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "templates_dir" in result.stderr


def test_full_disk_stops_the_run_and_keeps_the_data(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    from policywatch.demo import site_root

    settings = load_settings(demo_config(tmp_path, demo_site.base_url))
    with Store.open(settings.database) as store:
        run_once(settings, store, build_report_site=False, deliver=False)
    before = counts(settings.database)
    demo_site.set_root(site_root("after"))
    with Store.open(settings.database) as store:
        pages = store.db.execute("pragma page_count").fetchone()[0]
        store.db.execute(f"pragma max_page_count = {pages}")
        with pytest.raises(StoreError, match="full"):
            run_once(settings, store, build_report_site=False, deliver=False)
    after = counts(settings.database)
    # bookkeeping (the run, its fetch log, the queue of listed URLs) may move; stored data may not
    bookkeeping = ("runs", "fetches", "discovered")
    assert {k: v for k, v in after.items() if k not in bookkeeping} == {
        k: v for k, v in before.items() if k not in bookkeeping
    }
    with sqlite3.connect(settings.database) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_corrupt_database_is_named_and_left_alone(tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    garbage = b"SQLite format 3\x00" + b"\xff" * 4000
    (tmp_path / "pw.db").write_bytes(garbage)
    result = run_cli("status", "--config", str(config))
    assert result.returncode == 3
    assert "pw.db" in result.stderr and result.stderr.count("\n") == 1
    assert (tmp_path / "pw.db").read_bytes() == garbage


# ------------------------------------------------------------------ local files for diff, segment, amend

SEED_003 = Path(__file__).parent / "data" / "seeds" / "003_388d20438c39147f.txt"


def _plan(tmp_path: Path) -> tuple[Path, str]:
    """A real text (宁政办发〔2019〕37号) as a UTF-8 file, and its text."""
    text = "\n".join(SEED_003.read_text(encoding="utf-8").splitlines()[:40])
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_binary_data_named_txt_is_refused_not_read_as_mojibake(tmp_path: Path) -> None:
    plan, text = _plan(tmp_path)
    # what a crashed download or a mislabelled archive leaves: bytes no charset reads
    garbage = tmp_path / "plan-new.txt"
    garbage.write_bytes(bytes(range(256)) * 64 + text.encode("utf-8")[:7])
    for args in (("diff", str(plan), str(garbage), "--format", "json"), ("segment", str(garbage)),
                 ("amend", str(garbage), str(plan))):
        result = run_cli(*args)
        assert result.returncode in (1, 2) and result.returncode != 0, args
        assert "plan-new.txt: not text in any charset" in result.stderr and result.stdout == "", args
    assert run_cli("diff", str(plan), str(garbage)).returncode == 2  # 1 would say "changed"
    assert run_cli("segment", str(garbage)).returncode == 1  # the table: a file could not be read


def test_a_utf8_bom_in_front_of_gbk_text_reads_as_the_same_document(tmp_path: Path) -> None:
    plan, text = _plan(tmp_path)
    for codec in ("gbk", "gb18030"):
        copy = tmp_path / f"plan-{codec}.txt"
        copy.write_bytes(b"\xef\xbb\xbf" + text.encode(codec))
        result = run_cli("diff", str(plan), str(copy), "--format", "json")
        assert result.returncode == 0, result.stdout[:500] + result.stderr


@pytest.mark.slow  # the scan goes through OCR (~10 s)
def test_a_file_without_text_is_an_error_not_every_clause_deleted(tmp_path: Path) -> None:
    from tests.govsite import make_scanned_pdf

    plan, _ = _plan(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("<html><body><div>\n　\n</div></body></html>", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(make_scanned_pdf())
    for name, why in (("empty.txt", "no text found"), ("blank.html", "no text found"),
                      ("scan.pdf", "a scan without a text layer")):
        result = run_cli("diff", str(plan), str(tmp_path / name), "--format", "json")
        assert result.returncode == 2 and result.stdout == "", name
        assert f"{name}: {why}" in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_file_of_nuls_or_invisible_characters_is_no_text_not_every_clause_deleted(tmp_path: Path) -> None:
    """A zero-filled file (a crashed copy, a preallocated download) or one of BOMs and zero-width
    spaces passed str.strip() as text and compared as "every clause deleted" (exit 1, changes)."""
    plan, _ = _plan(tmp_path)
    for name, body in (("zeros.txt", b"\x00" * 4096), ("bom-zwsp.txt", "\ufeff\u200b\n\u200b\u2060\n".encode()),
                       ("zeros.html", b"<html><body><p>" + "\u200b".encode() * 50 + b"</p></body></html>")):
        (tmp_path / name).write_bytes(body)
        result = run_cli("diff", str(plan), str(tmp_path / name), "--format", "json")
        assert result.returncode == 2 and result.stdout == "", (name, result.stdout[:300])
        assert f"{name}: no text found" in result.stderr and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("command", ["segment", "amend", "import", "diff"])
def test_a_fifo_or_an_endless_device_is_refused_at_once_by_every_file_command(tmp_path: Path, command: str) -> None:
    """A FIFO nobody writes to blocked the open forever and /dev/zero never ends: `segment`,
    `amend` and `import` hung on them (diff already refused them)."""
    plan, _ = _plan(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    for odd in (fifo, Path("/dev/zero"), Path("/dev/urandom")):
        args = {"segment": [str(odd)], "amend": [str(plan), str(odd)], "diff": [str(odd), str(plan)],
                "import": [str(odd), str(plan), "--config", str(config)]}[command]
        result = subprocess.run([sys.executable, "-m", "policywatch", command, *args], capture_output=True,
                                text=True, timeout=60)
        assert f"{odd}: not a regular file" in result.stderr, (odd, result.stderr)
        if command == "import":  # one bad file of an archive keeps none of the others out
            assert result.returncode == 1 and "plan.txt: new_document" in result.stderr
            (tmp_path / "pw.db").unlink()
            (tmp_path / "pw.db.store.json").unlink(missing_ok=True)
        else:
            assert result.returncode == 2 and result.stdout == ""


def test_diff_names_a_directory_as_not_a_file(tmp_path: Path) -> None:
    plan, _ = _plan(tmp_path)
    result = run_cli("diff", str(tmp_path), str(plan))
    assert result.returncode == 2 and "not a regular file" in result.stderr and "no such file" not in result.stderr


@pytest.mark.parametrize("command", ["segment", "amend", "import", "diff"])
def test_a_file_of_hundreds_of_mb_is_refused_before_it_is_read(tmp_path: Path, command: str) -> None:
    """A 300 MB file was read whole (1.2 GB resident) before the text limit refused it, and a file
    of some GB exhausted memory: every file command refuses it by its size, naming the limit."""
    plan, _ = _plan(tmp_path)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(300_000_000)  # sparse: the size is what is checked, no disk is used
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    args = {"segment": [str(huge)], "amend": [str(plan), str(huge)], "diff": [str(plan), str(huge)],
            "import": [str(huge), "--config", str(config)]}[command]
    result = subprocess.run([sys.executable, "-m", "policywatch", command, *args], capture_output=True,
                            text=True, timeout=60)
    assert f"{huge}: 300 MB; policywatch reads local files of up to 200 MB" in result.stderr, result.stderr
    assert result.stdout == "" and result.returncode in (1, 2)
