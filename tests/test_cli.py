"""The commands and their exit codes, run as a user runs them (subprocess) or through CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.demo import site_root
from tests.conftest import demo_config, seed_text


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policywatch", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture
def seed_pair(tmp_path: Path) -> tuple[Path, Path]:
    old_text = seed_text("003")
    new_text = old_text.replace("核心产业规模达到500亿元", "核心产业规模达到800亿元")
    assert new_text != old_text
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(old_text, encoding="utf-8")
    new.write_text(new_text, encoding="utf-8")
    return old, new


def test_diff_exit_codes_and_json(seed_pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = seed_pair
    same = run_cli("diff", str(old), str(old), "--format", "json")
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["changes"] == []
    changed = run_cli("diff", str(old), str(new), "--format", "json")
    assert changed.returncode == 1, changed.stderr
    data = json.loads(changed.stdout)
    assert data["schema_version"] == 1
    assert [c["kind"] for c in data["changes"]] == ["modified"]
    assert any("500亿元" in f["old"] and "800亿元" in f["new"] for f in data["changes"][0]["facts"])
    missing = run_cli("diff", str(old), str(tmp_path / "absent.txt"))
    assert missing.returncode == 2


def test_diff_text_and_html(seed_pair: tuple[Path, Path]) -> None:
    old, new = seed_pair
    text = run_cli("diff", str(old), str(new))
    assert text.returncode == 1 and "800" in text.stdout
    html = run_cli("diff", str(old), str(new), "--format", "html")
    assert html.returncode == 1 and html.stdout.lstrip().lower().startswith("<!doctype html")


def test_diff_of_a_cosmetic_copy_is_empty(tmp_path: Path) -> None:
    original = seed_text("002")
    # the web-page style of the same text: half-width punctuation, spaces around numbers
    cosmetic = original.replace("，", ",").replace("：", ":").replace("2025年", "2025 年")
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text(original, encoding="utf-8")
    new.write_text(cosmetic, encoding="utf-8")
    result = run_cli("diff", str(old), str(new), "--format", "json")
    assert result.returncode == 0, result.stdout[:2000]


def test_diff_of_texts_without_a_title_reports_the_first_article_once(tmp_path: Path) -> None:
    # a text that starts with its first article has no title line: an edit of that article is
    # one clause change, not also a retitling
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("第一条 最高资助1000万元。\n第二条 本办法自发布之日起施行。\n", encoding="utf-8")
    new.write_text("第一条 最高资助500万元。\n第二条 本办法自发布之日起施行。\n", encoding="utf-8")
    result = run_cli("diff", str(old), str(new), "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [c["kind"] for c in data["changes"]] == ["modified"]
    assert data["metadata_changes"] == []


def test_segment_json_lists_every_clause(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(seed_text("003"), encoding="utf-8")
    result = run_cli("segment", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    clauses = data["clauses"]
    paths = [c["path"] for c in clauses]
    assert "二/（一）/1" in paths and "三/（四）" in paths
    assert all({"path", "heading", "text"} <= set(c) for c in clauses)


def test_arabic_article_numbers_go_on_past_999(tmp_path: Path) -> None:
    # a code numbered in Arabic digits (民法典 has 1260 articles): 第1000条 is an article of its
    # own, not a paragraph of 第999条, and a change in it is reported there
    def code(changed: str) -> str:
        return "示例法\n第一章 总则\n" + "".join(
            f"第{n}条 本条规定第{n}项事务{changed if n == 1001 else '应当依法办理'}。\n" for n in range(998, 1003))

    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(code(""), encoding="utf-8")
    new.write_text(code("应当在三十日内办结"), encoding="utf-8")
    segmented = run_cli("segment", str(old), "--format", "json")
    assert segmented.returncode == 0, segmented.stderr
    paths = [c["path"] for c in json.loads(segmented.stdout)["clauses"]]
    assert [p for p in paths if p.startswith("第一章/")] == [
        f"第一章/{label}" for label in ("第九百九十八条", "第九百九十九条", "第一千条", "第一千零一条", "第一千零二条")]
    changed = run_cli("diff", str(old), str(new), "--format", "json")
    assert changed.returncode == 1, changed.stderr
    assert [(c["old_path"], c["new_path"]) for c in json.loads(changed.stdout)["changes"]] == [("第一章/第一千零一条",) * 2]


def test_an_xml_member_of_a_zip_is_read_without_library_warnings(tmp_path: Path) -> None:
    # bs4 warned (XMLParsedAsHTMLWarning) on stderr for every XML member read in the sandbox child
    import zipfile

    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("doc.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<document><title>关于示例的通知</title>'
                                    "<p>第一条 本办法适用于示例。</p><p>第二条 本办法自发布之日起施行。</p></document>")
    result = run_cli("segment", str(bundle))
    assert result.returncode == 0, result.stderr
    assert "第二条 本办法自发布之日起施行。" in result.stdout
    assert result.stderr == ""


def test_init_writes_a_loadable_config(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "pw.toml"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0 and target.exists()
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 2 and "exists" in again.output


def test_run_config_error_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[sources]]\nname = "x"\nlisting_urls = ["http://127.0.0.1/"]\nbogus = 1\n', encoding="utf-8")
    result = run_cli("run", "--config", str(bad))
    assert result.returncode == 2
    assert "bogus" in result.stderr and str(bad) in result.stderr


def test_run_store_error_exits_3(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    config = demo_config(tmp_path, demo_site.base_url)
    (tmp_path / "pw.db").write_bytes(b"this is not a database" * 100)
    result = run_cli("run", "--config", str(config))
    assert result.returncode == 3
    assert "pw.db" in result.stderr


@pytest.mark.parametrize(("store", "code", "reason"), [
    (None, 2, "bogus"),  # a config error
    (b"this is not a database" * 100, 3, "pw.db"),  # a store error
])
def test_run_json_is_one_json_document_even_when_the_run_cannot_start(
    tmp_path: Path, store: bytes | None, code: int, reason: str
) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9", extra="" if store else "bogus = 1")
    if store is not None:
        (tmp_path / "pw.db").write_bytes(store)
    result = run_cli("run", "--config", str(config), "--json")
    assert result.returncode == code and reason in result.stderr
    report = json.loads(result.stdout)
    assert reason in report["error"] and report["errors"] == [report["error"]]
    assert report["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert report["events"] == [] and report["schema_version"] == 1


@pytest.mark.parametrize("broken", ["output_dir", "templates_dir"])
def test_a_run_whose_site_cannot_be_built_still_gives_its_events_in_json_once(
    tmp_path: Path, demo_site, broken: str  # type: ignore[no-untyped-def]
) -> None:
    """The run was stored and finished before its site failed: a `run --json` that said only
    "output_dir …" lost the run's events for good, since no later run reports them again."""
    config = demo_config(tmp_path, demo_site.base_url)
    assert run_cli("run", "--config", str(config), "--json").returncode == 0
    demo_site.set_root(site_root("after"))
    (tmp_path / "a-file").write_text("not a directory")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "index.html").write_text("{{ no_such_helper() }}")
    text = config.read_text()
    config.write_text(text.replace('output_dir = "site"', 'output_dir = "a-file"') if broken == "output_dir"
                      else 'templates_dir = "tpl"\n' + text)
    second = run_cli("run", "--config", str(config), "--json")
    assert second.returncode == 2, second.stderr
    data = json.loads(second.stdout)
    assert ("a-file" if broken == "output_dir" else "no_such_helper") in data["error"]
    assert data["error"] in data["errors"]
    assert sorted(e["kind"] for e in data["events"]) == ["changed", "changed", "changed", "changed", "new_document"]
    assert data["counts"]["changes"] == 4
    config.write_text(text)
    third = json.loads(run_cli("run", "--config", str(config), "--json").stdout)
    assert third["events"] == [], "reported once"


def test_run_json_twice_reports_changes(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    config = demo_config(tmp_path, demo_site.base_url)
    first = run_cli("run", "--config", str(config), "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["counts"]["new_documents"] == 6
    assert [e["kind"] for e in data["events"]] == ["baseline"]
    demo_site.set_root(site_root("after"))
    second = run_cli("run", "--config", str(config), "--json")
    assert second.returncode == 0, second.stderr
    data = json.loads(second.stdout)
    kinds = sorted(e["kind"] for e in data["events"])
    assert kinds == ["changed", "changed", "changed", "changed", "new_document"]
    assert data["outcomes"].get("ok", 0) >= 1
    # a re-crawl of an unchanged site: every document answers 304, no body, no version; the one
    # exception is the stub page whose text lives in its PDF, fetched in full so the PDF is checked
    third = json.loads(run_cli("run", "--config", str(config), "--json").stdout)
    assert third["outcomes"]["not_modified"] == 6
    assert third["outcomes"]["ok"] == 4, "the two listing pages, the attachment-only page and its PDF"
    assert third["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    quiet = run_cli("run", "--config", str(config))
    assert quiet.returncode == 0
    assert quiet.stdout.count("\n") == 1 and "0 changes" in quiet.stdout
    assert (tmp_path / "site" / "index.html").is_file()


def test_run_unreachable_source_exits_1(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = demo_config(tmp_path, f"http://127.0.0.1:{port}")
    result = run_cli("run", "--config", str(config), "--json")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["failed_sources"] == ["demo"]


def test_diff_of_an_unreadable_docx_exits_2(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(seed_text("003"), encoding="utf-8")
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    result = run_cli("diff", str(good), str(bad))
    assert result.returncode == 2 and "b.docx" in result.stderr


def _table(path: Path) -> dict[int, str]:
    """The exit-code table of a Markdown file: rows `| 75 | meaning |` after `| exit code | meaning |`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("| exit code | meaning |")
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        code, meaning = (cell.strip() for cell in line.strip("|").split(" | ", 1))
        rows[int(code)] = meaning
    return rows


def test_exit_codes_in_readme_and_operations_match_the_code() -> None:
    from policywatch import cli as cli_module

    root = Path(__file__).resolve().parent.parent
    for doc in (root / "README.md", root / "docs" / "operations.md"):
        assert _table(doc) == cli_module.EXIT_CODES, doc
    assert cli_module.EXIT_LOCKED not in (cli_module.EXIT_STORE, cli_module.EXIT_CONFIG, cli_module.EXIT_FAILED)


def test_export_into_a_closed_pipe_exits_quietly(tmp_path: Path, demo_site) -> None:  # type: ignore[no-untyped-def]
    config = demo_config(tmp_path, demo_site.base_url)
    assert run_cli("run", "--config", str(config)).returncode == 0
    # `export | head -1`: the reader takes one line and goes away before the writer is done
    proc = subprocess.Popen([sys.executable, "-m", "policywatch", "export", "--kind", "versions", "--format", "csv",
                             "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert first and stderr == "", stderr


def test_init_warns_about_the_default_sender(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "pw.toml"))
    assert result.returncode == 0
    assert "policywatch@localhost" in result.stderr and "reject" in result.stderr


def test_a_config_path_that_is_a_directory_is_a_config_error_in_json_too(tmp_path: Path) -> None:
    folder = tmp_path / "policywatch.toml"  # a directory where the config file should be
    folder.mkdir()
    result = run_cli("run", "--config", str(folder), "--json")
    assert result.returncode == 2 and "Is a directory" in result.stderr and "Usage:" not in result.stderr
    assert str(folder) in json.loads(result.stdout)["error"]
    status = run_cli("status", "--config", str(folder))
    assert status.returncode == 2 and status.stderr.startswith("policywatch: ")
