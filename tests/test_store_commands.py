"""The store commands end to end: history, show (text and raw bytes), import, export, backup.

A store is filled by two real crawls of the demo site (before and after its edits) and then
read back only through the commands, as a user or another tool reads it.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policywatch.cli import cli
from policywatch.config import load_settings
from policywatch.demo import LoopbackSite, site_root
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import demo_config, seed_text
from tests.govsite import DOCX_PARAGRAPHS, DOCX_TABLE, PDF_LINES, make_docx, make_pdf

GBK_PAGE = "zcwj/201907/t20190701_2001.html"
NANJING_PAGE = "zcwj/202212/t20221213_3001.html"  # 培育100家 → 150家 in the "after" state


def pw(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--config", str(config)])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A config whose store holds two crawls of the demo site; yields (config, site base URL)."""
    tmp = tmp_path_factory.mktemp("store")
    with LoopbackSite(site_root("before")) as site:
        config = demo_config(tmp, site.base_url)
        settings = load_settings(config)
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False, deliver=False)
            site.set_root(site_root("after"))
            run_once(settings, store, build_report_site=False, deliver=False)
        yield config, site.base_url


def _documents(config: Path) -> list[dict]:  # type: ignore[type-arg]
    result = pw(config, "export", "--format", "json", "--kind", "documents")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _doc_id(config: Path, suffix: str) -> int:
    (doc,) = [d for d in _documents(config) if d["url"].endswith(suffix)]
    return int(doc["id"])


def test_history_lists_every_version_by_id_or_url(crawled: tuple[Path, str]) -> None:
    config, base = crawled
    doc_id = _doc_id(config, NANJING_PAGE)
    by_id = pw(config, "history", str(doc_id))
    assert by_id.exit_code == 0, by_id.output
    lines = by_id.stdout.splitlines()
    assert lines[0].startswith(f"{doc_id}  市政府关于印发南京国家人工智能创新应用先导区建设实施方案的通知")
    assert [line.split()[0] for line in lines[1:]] == ["v1", "v2"]
    by_url = pw(config, "history", f"{base}/{NANJING_PAGE}")
    assert by_url.exit_code == 0 and by_url.stdout == by_id.stdout


def test_show_prints_a_version_and_the_raw_bytes_served(crawled: tuple[Path, str]) -> None:
    config, _ = crawled
    doc_id = _doc_id(config, NANJING_PAGE)
    latest, first = pw(config, "show", str(doc_id)), pw(config, "show", str(doc_id), "--version", "1")
    assert latest.exit_code == 0 and first.exit_code == 0
    assert "培育150家" in latest.stdout.replace(" ", "") and "培育100家" not in latest.stdout.replace(" ", "")
    assert "培育100家" in first.stdout.replace(" ", "")

    gbk_id = _doc_id(config, GBK_PAGE)
    raw = CliRunner().invoke(cli, ["show", str(gbk_id), "--raw", "--config", str(config)])
    assert raw.exit_code == 0, raw.output
    served = (site_root("before") / GBK_PAGE).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        served.decode("utf-8")  # the page really is GBK: the raw bytes were kept, not re-encoded
    assert raw.stdout_bytes == served
    text = pw(config, "show", str(gbk_id))
    assert text.exit_code == 0 and "南京市打造人工智能产业地标行动计划" in text.stdout  # decoded from GBK


@pytest.mark.parametrize("args", [
    ("history", "999"), ("show", "999"), ("show", "http://127.0.0.1:9/nope.html"),
    # past SQLite's integers (binding it raised OverflowError, a traceback), and a digit int() cannot read
    ("history", "99999999999999999999"), ("related", "99999999999999999999"), ("history", "²"),
    ("related", "9" * 5000), ("show", "0" * 5000 + "999"),  # past int()'s 4,300 digits: a ValueError traceback
])
def test_unknown_document_exits_2(crawled: tuple[Path, str], args: tuple[str, ...]) -> None:
    config, _ = crawled
    result = pw(config, *args)
    assert result.exit_code == 2
    assert args[1] in result.stderr and result.stderr.count("\n") == 1


def test_show_unknown_version_exits_2(crawled: tuple[Path, str]) -> None:
    config, _ = crawled
    result = pw(config, "show", str(_doc_id(config, NANJING_PAGE)), "--version", "9")
    assert result.exit_code == 2 and "no version 9" in result.stderr
    huge = pw(config, "show", str(_doc_id(config, NANJING_PAGE)), "--version", "99999999999999999999")
    assert huge.exit_code == 2 and "not in the range" in huge.stderr


def test_a_document_cannot_be_related_to_itself(crawled: tuple[Path, str]) -> None:
    """`relate 3 repeals 3` was stored: the document announced, and ended, by itself."""
    config, _ = crawled
    doc = str(_doc_id(config, NANJING_PAGE))
    for kind in ("repeals", "supersedes"):
        result = pw(config, "relate", doc, kind, doc)
        assert result.exit_code == 2 and "itself" in result.stderr
    assert json.loads(pw(config, "related", doc, "--format", "json").stdout)["relations"] == []


def test_export_parses_in_both_formats(crawled: tuple[Path, str]) -> None:
    config, _ = crawled
    for kind in ("documents", "versions", "events"):
        as_json = pw(config, "export", "--format", "json", "--kind", kind)
        as_csv = pw(config, "export", "--format", "csv", "--kind", kind)
        assert as_json.exit_code == 0 and as_csv.exit_code == 0, (as_json.output, as_csv.output)
        rows = json.loads(as_json.stdout)
        table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
        assert len(rows) == len(table) > 0, kind
        assert [str(r.get("id", r.get("document_id"))) for r in rows] == [
            r.get("id", r.get("document_id")) for r in table
        ]
    documents = json.loads(pw(config, "export", "--kind", "documents").stdout)
    assert len(documents) == 7 and {d["source"] for d in documents} == {"demo"}
    versions = json.loads(pw(config, "export", "--format", "json", "--kind", "versions").stdout)
    assert sum(d["version_count"] for d in documents) == len(versions)
    events = list(csv.DictReader(io.StringIO(pw(config, "export", "--format", "csv", "--kind", "events").stdout)))
    assert sorted(e["kind"] for e in events) == ["baseline", "changed", "changed", "changed", "changed", "new_document"]
    changed = [json.loads(e["changeset"]) for e in events if e["kind"] == "changed"]
    assert all(c["schema_version"] == 1 for c in changed), "nested values are JSON inside the CSV cell"


def test_backup_is_a_consistent_copy(crawled: tuple[Path, str], tmp_path: Path) -> None:
    config, _ = crawled
    target = tmp_path / "copy.db"
    result = pw(config, "backup", str(target))
    assert result.exit_code == 0, result.output
    live = load_settings(config).database
    tables = ("documents", "versions", "events", "fetches")
    with sqlite3.connect(target) as copy, sqlite3.connect(live) as original:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in tables:
            count = copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert count == original.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    onto_itself = pw(config, "backup", str(live))
    assert onto_itself.exit_code == 2 and "live database" in onto_itself.stderr


def test_a_backup_onto_the_live_databases_wal_or_lock_is_refused_and_loses_nothing(
    crawled: tuple[Path, str], tmp_path: Path
) -> None:
    """`backup pw.db-wal` renamed a database over the live WAL while a writer held committed
    pages in it, and SQLite deleted the "backup" when the store closed: both were lost."""
    config, _ = crawled
    live = load_settings(config).database
    writer = sqlite3.connect(live)  # a run in progress: committed pages wait in the WAL
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    before = writer.execute("SELECT count(*) FROM runs").fetchone()[0]
    writer.execute("INSERT INTO runs (started_at, sources) VALUES ('2026-01-01T00:00:00+00:00', '[]')")
    writer.commit()
    wal = live.with_name(live.name + "-wal")
    wal_bytes = wal.read_bytes()
    try:
        for companion in (wal, live.with_name(live.name + ".lock"), live.with_name(live.name + ".store.json")):
            result = pw(config, "backup", str(companion))
            assert result.exit_code == 2 and "beside the live database" in result.stderr, result.output
        assert wal.read_bytes()[:32] == wal_bytes[:32], "the WAL is the writer's, untouched"
    finally:
        writer.close()
    with sqlite3.connect(live) as reader:
        assert reader.execute("SELECT count(*) FROM runs").fetchone()[0] == before + 1
        reader.execute("DELETE FROM runs WHERE started_at = '2026-01-01T00:00:00+00:00'")  # the store is shared


def test_import_text_html_pdf_docx_once_each(tmp_path: Path) -> None:
    config = tmp_path / "pw.toml"
    config.write_text('database = "pw.db"\n', encoding="utf-8")
    files = {
        "plan.txt": seed_text("003").encode("utf-8"),
        "page.html": (
            "<html><head><meta charset='utf-8'><title>示范市人工智能扶持办法</title></head><body>"
            "<div class='content'><p>一、总体要求</p><p>对符合条件的项目给予最高500万元资助。</p>"
            "<p>二、保障措施</p><p>本办法自发布之日起施行。</p></div></body></html>"
        ).encode(),
        "opinion.pdf": make_pdf(PDF_LINES),
        "notes.docx": make_docx(DOCX_PARAGRAPHS, DOCX_TABLE),
    }
    paths = []
    for name, body in files.items():
        path = tmp_path / name
        path.write_bytes(body)
        paths.append(str(path))
    first = CliRunner().invoke(cli, ["import", *paths, "--config", str(config)])
    assert first.exit_code == 0, first.output
    assert first.stderr.count("new_document") == 4, first.stderr
    again = CliRunner().invoke(cli, ["import", *paths, "--config", str(config)])
    assert again.exit_code == 0 and again.stderr.count("unchanged") == 4, again.stderr

    versions = json.loads(pw(config, "export", "--kind", "versions").stdout)
    assert len(versions) == 4, "importing the same file twice stores no second version"
    by_name = {v["url"].rsplit("/", 1)[1]: v for v in versions}
    assert "全省人工智能产业规模超过1000亿元" in by_name["opinion.pdf"]["display_text"].replace(" ", "")
    assert "苏经信科技〔2018〕329号" in by_name["notes.docx"]["display_text"]
    assert "最高500万元资助" in by_name["page.html"]["display_text"]

    pdf_id = str(by_name["opinion.pdf"]["document_id"])
    raw = CliRunner().invoke(cli, ["show", pdf_id, "--raw", "--config", str(config)])
    assert raw.exit_code == 0 and raw.stdout_bytes == files["opinion.pdf"]

    edited = tmp_path / "plan.txt"
    edited.write_text(seed_text("003").replace("核心产业规模达到500亿元", "核心产业规模达到800亿元"), encoding="utf-8")
    third = CliRunner().invoke(cli, ["import", str(edited), "--config", str(config)])
    assert third.exit_code == 0 and "new_version" in third.stderr and "version 2" in third.stderr
    history = pw(config, "history", edited.resolve().as_uri())
    assert [line.split()[0] for line in history.stdout.splitlines()[1:]] == ["v1", "v2"]


def test_import_stores_no_empty_version_and_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    config = tmp_path / "pw.toml"
    config.write_text('database = "pw.db"\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("<html><body><div>  </div></body></html>", encoding="utf-8")
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01\x02 not a document")
    (tmp_path / "good.txt").write_text(seed_text("003"), encoding="utf-8")
    names = ["empty.txt", "blank.html", "junk.bin", "good.txt"]
    result = CliRunner().invoke(cli, ["import", *(str(tmp_path / n) for n in names), "--config", str(config)])
    assert result.exit_code == 1, "a file that could not be read makes the import fail"
    lines = result.stderr.splitlines()
    assert len(lines) == 4, lines
    assert all("not stored" in line for line in lines[:2]), lines
    assert "junk.bin" in lines[2] and "good.txt: new_document" in lines[3]
    versions = json.loads(pw(config, "export", "--kind", "versions").stdout)
    assert [v["url"].rsplit("/", 1)[1] for v in versions] == ["good.txt"], "an empty text is never a version"


def test_csv_export_never_hands_a_spreadsheet_a_formula(tmp_path: Path) -> None:
    """A page titled `=HYPERLINK(…)` (or +, -, @) is exported as text a spreadsheet shows, not runs;
    the JSON export keeps the title as it is."""
    config = tmp_path / "pw.toml"
    config.write_text('database = "pw.db"\noutput_dir = "site"\n', encoding="utf-8")
    titles = ['=HYPERLINK("http://evil.example/","点击")', "@SUM(1+1)", "-2+3", "关于印发《-号》的通知"]
    for n, title in enumerate(titles):
        (tmp_path / f"{n}.txt").write_text(f"{title}\n\n第一条 本办法自2024年1月1日起施行。\n", encoding="utf-8")
        assert pw(config, "import", str(tmp_path / f"{n}.txt")).exit_code == 0
    as_json = sorted(d["title"] for d in json.loads(pw(config, "export", "--kind", "documents").stdout))
    assert as_json == sorted(titles)
    table = csv.DictReader(io.StringIO(pw(config, "export", "--format", "csv", "--kind", "documents").stdout))
    assert sorted(row["title"] for row in table) == sorted(
        "'" + t if t[0] in "=@-+" else t for t in titles)


def test_list_names_a_source_filter_no_document_is_stored_under(crawled: tuple[Path, str]) -> None:
    """`list --source` with a misspelt name printed an empty list and nothing else, as if nothing
    were stored: the name is now said on stderr with the sources that are stored; stdout stays
    the (filtered) JSON list."""
    config, _ = crawled
    result = pw(config, "list", "--source", "demo", "--source", "dmeo", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {row["source"] for row in rows} == {"demo"}
    assert "no document is stored under source 'dmeo' (stored: demo)" in result.stderr
    assert "'demo'" not in result.stderr
