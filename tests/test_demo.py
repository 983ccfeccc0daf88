"""The bundled demo end to end: real edits and the new document reported, cosmetic noise not."""

from __future__ import annotations

import email
import email.policy
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policywatch.model import ChangeKind, EventKind
from policywatch.pipeline.demo import MARKER_NAME, is_demo_output, run_demo


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("demo")
    return out, run_demo(out)


def _by_doc(events, suffix: str):  # type: ignore[no-untyped-def]
    return [e for e in events if e.url.endswith(suffix)]


def test_first_crawl_is_one_baseline(demo_run) -> None:  # type: ignore[no-untyped-def]
    _, result = demo_run
    assert result.first.new_documents == 6 + 7  # the policy column, and the family before 2024
    kinds = [(e.kind, e.source) for e in result.first.events]
    assert kinds == [(EventKind.BASELINE, "demo"), (EventKind.BASELINE, "family")], \
        "a first run reports one baseline per source, not a new document each (nor their relations)"
    assert not result.first.failed_sources


def test_second_crawl_reports_exactly_the_real_edits(demo_run) -> None:  # type: ignore[no-untyped-def]
    _, result = demo_run
    events = [e for e in result.second.events if e.source == "demo"]  # the family: test_family_is_announced
    assert [e.kind for e in _by_doc(events, "_3003.html")] == [EventKind.NEW_DOCUMENT]
    changed = {e.url.rsplit("_", 1)[1]: e for e in events if e.kind is EventKind.CHANGED}
    assert set(changed) == {"3001.html", "3002.html", "1002.html", "1003.html"}
    # cosmetic-only documents (GBK page with new spacing, the PDF stub) are not reported at all
    assert not _by_doc(events, "_2001.html") and not _by_doc(events, "_1001.html")

    amount_and_insert = changed["3001.html"].changeset
    kinds = sorted(c.kind.value for c in amount_and_insert.changes)
    assert kinds == ["added", "modified", "renumbered"]
    renumbered = next(c for c in amount_and_insert.changes if c.kind is ChangeKind.RENUMBERED)
    assert len(renumbered.moves) == 3
    facts = [f for c in amount_and_insert.changes for f in c.facts]
    assert any(f.old.startswith("100") and f.new.startswith("150") for f in facts), facts

    deletion = changed["3002.html"].changeset
    assert sorted(c.kind.value for c in deletion.changes) == ["deleted", "renumbered"]

    validity = changed["1002.html"].changeset
    assert [c.kind for c in validity.changes] == [ChangeKind.MODIFIED]
    assert any("2027" in f.new for f in validity.facts)

    status = changed["1003.html"].changeset
    assert not status.changes
    assert [(m.field, m.old, m.new) for m in status.metadata_changes] == [("validity", "现行有效", "失效")]


def test_site_and_digest_are_written(demo_run) -> None:  # type: ignore[no-untyped-def]
    out, result = demo_run
    assert result.index_html == out / "site" / "index.html"
    index = BeautifulSoup(result.index_html.read_text(encoding="utf-8"), "lxml")
    text = index.get_text()
    assert "南京国家人工智能创新应用先导区" in text and "杭州市建设国家新一代人工智能创新发展试验区若干政策" in text
    message = email.message_from_bytes(result.digest_eml.read_bytes(), policy=email.policy.default)
    assert message.is_multipart()
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}


def test_digest_quotes_the_added_and_deleted_clauses(demo_run) -> None:  # type: ignore[no-untyped-def]
    _, result = demo_run
    message = email.message_from_bytes(result.digest_eml.read_bytes(), policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    html = BeautifulSoup(message.get_body(("html",)).get_content(), "lxml").get_text()
    added = "3．打造数据要素流通高地。建设南京公共数据授权运营平台"
    deleted = "7. 提升智慧城市水平。全面加强人工智能与政务、城市治理、交通、安防等领域的融合应用水平"
    for part in (text, html):
        assert added in part and deleted in part
        # the 武汉 document's 有效性 became 失效: its own kind, not 废止 (the family's section, after
        # the demo column's, has a real repeal)
        wuhan = part[part.index("武汉国家新一代人工智能创新发展试验区建设若干政策"):part.index("== family ==")
                     if "== family ==" in part else None][:300]
        assert "已失效" in wuhan and "废止" not in wuhan
    assert "3—5 依次顺延为 4—6" in text
    assert "《市政府办公室关于印发〈宜兴市人工智能产业发展三年行动计划（2023-2025年）〉的通知》" in text
    # 5 documents of the demo column, 14 of the policy family (relations, repeals, new documents)
    assert message["Subject"].startswith("【policywatch】19 份政策有变化：")


def test_demo_writes_a_config_the_store_commands_accept(demo_run) -> None:  # type: ignore[no-untyped-def]
    out, result = demo_run
    assert result.config == out / "policywatch.toml"
    listed = subprocess.run([sys.executable, "-m", "policywatch", "list", "--config", str(result.config),
                             "--format", "json", "--match", "宜政办发"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    [doc] = json.loads(listed.stdout)
    assert doc["doc_number"] == "宜政办发〔2023〕22号" and doc["versions"] == 2 and doc["last_change"]
    assert set(doc) == {"id", "source", "title", "doc_number", "issuer", "published_date", "validity", "status",
                        "versions", "last_change", "url", "subject"}
    assert doc["subject"] == "工业、交通\\信息产业（含电信）"  # the demo site's 主题分类 cell
    text = subprocess.run([sys.executable, "-m", "policywatch", "list", "-c", str(result.config), "--source", "demo"],
                          capture_output=True, text=True, timeout=120)
    assert text.returncode == 0 and len(text.stdout.splitlines()) == 7 and "7 of 7 documents" in text.stderr
    assert "宁政发〔2022〕208号" in text.stdout
    none = subprocess.run([sys.executable, "-m", "policywatch", "list", "-c", str(result.config), "--source", "x",
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    assert json.loads(none.stdout) == []


def test_rerunning_the_demo_does_not_duplicate(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, first = demo_run
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # the user's, beside the demo's files
    again = run_demo(out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert again.second.changes == first.second.changes
    with sqlite3.connect(again.database) as db:
        documents = db.execute("select count(*) from documents").fetchone()[0]
        events = db.execute("select count(*) from events").fetchone()[0]
    assert documents == 7 + 16
    assert events == 2 + len(first.second.events)


def test_family_is_announced_as_lineage(demo_run) -> None:  # type: ignore[no-untyped-def]
    _, result = demo_run
    events = [e for e in result.second.events if e.source == "family"]
    kinds = sorted(e.kind.value for e in events if e.is_relation)
    assert kinds == ["amends", "amends", "cites", "implements", "interprets", "related", "repeals", "repeals",
                     "supersedes", "supersedes", "supersedes", "supersedes"]
    successor = next(e for e in events if e.kind is EventKind.SUPERSEDES and e.url.endswith("_7002.html"))
    assert "取代" in successor.message and "1000万元 → 500万元" in successor.message
    repealed = next(e for e in events if e.kind is EventKind.CHANGED and e.url.endswith("_7001.html"))
    assert [(m.field, m.new) for m in repealed.changeset.metadata_changes] == [("validity", "废止")]
    # the real seed (2019 Nanjing plan) and its 2024 edition: replaced with its amounts, and repealed
    nanjing = next(e for e in events if e.kind is EventKind.SUPERSEDES and e.url.endswith("_7017.html"))
    assert "2亿元 → 1亿元" in nanjing.message and nanjing.changeset is not None
    assert {c.kind.value for c in nanjing.changeset.changes} >= {"added", "deleted", "modified"}
    seed_repealed = next(e for e in events if e.kind is EventKind.CHANGED and e.url.endswith("_7016.html"))
    assert [(m.field, m.new) for m in seed_repealed.changeset.metadata_changes] == [("validity", "废止")]
    expired = next(e for e in events if e.kind is EventKind.CHANGED and e.url.endswith("_7007.html"))
    assert [(m.field, m.new) for m in expired.changeset.metadata_changes] == [("validity", "失效")]
    interpretation = next(e for e in events if e.kind is EventKind.INTERPRETS)
    # the 政策解读's own title quotes its policy: the announcement keeps its marks paired
    assert interpretation.message.count("《") == interpretation.message.count("》"), interpretation.message
    message = email.message_from_bytes(result.digest_eml.read_bytes(), policy=email.policy.default)
    digest = message.get_body(("plain",)).get_content()
    assert "取代" in digest and "1000万元 → 500万元" in digest


def test_the_demo_command_names_both_documents_of_each_relation(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "policywatch", "demo", "--out", str(tmp_path / "demo")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    relations = [line for line in done.stderr.splitlines() if line.startswith(("  - repeals:", "  - supersedes:"))]
    # one repeal notice repeals two documents: two lines, each naming what it repeals
    repeals = [line for line in relations if line.startswith("  - repeals:")]
    assert len(repeals) == 2 and len(set(repeals)) == 2, relations
    assert all("废止" in line or "失效" in line for line in repeals), repeals
    assert any("取代" in line for line in relations), relations


@pytest.mark.parametrize("out", ["/dev/null", "/proc/self/policywatch-demo", "a-file"])
def test_an_unusable_out_is_a_usage_error_before_anything_runs(tmp_path: Path, out: str) -> None:
    """A device or a path that cannot be made a directory failed after the demo's first crawl
    with "File exists" and exit 1 (click refuses only a regular file)."""
    (tmp_path / "a-file").write_text("mine")
    result = subprocess.run([sys.executable, "-m", "policywatch", "demo", "--out", out], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert out in result.stderr and "first crawl" not in result.stderr
    assert (tmp_path / "a-file").read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize("theirs", ["policywatch.db", "policywatch.toml", "digest.eml", "site", "policywatch.db-wal"])
def test_demo_refuses_a_directory_holding_files_it_did_not_write(tmp_path: Path, theirs: str) -> None:
    """`demo --out .` in a watch's own directory deleted its store (policywatch.db) and replaced its
    config: the demo now refuses a directory holding any name it writes, unless a demo wrote it."""
    target = tmp_path / theirs
    if theirs == "site":
        target.mkdir()
        (target / "index.html").write_text("their site", encoding="utf-8")
    else:
        target.write_text("their data", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run([sys.executable, "-m", "policywatch", "demo", "--out", "."], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert theirs in result.stderr and "not written by `policywatch demo`" in result.stderr
    assert "first crawl" not in result.stderr and result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if theirs == "site":
        assert (target / "index.html").read_text(encoding="utf-8") == "their site"
    else:
        assert target.read_text(encoding="utf-8") == "their data"


def test_a_demo_output_is_known_by_its_marker_or_its_config(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, _ = demo_run
    assert (out / MARKER_NAME).is_file() and is_demo_output(out)
    # an output of a version before the marker: its config's first line says the demo wrote it
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "policywatch.toml").write_text((out / "policywatch.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert is_demo_output(legacy)
    (legacy / "policywatch.toml").write_text('database = "policywatch.db"\n', encoding="utf-8")
    assert not is_demo_output(legacy)


def _shell_words(command: str) -> list[str]:
    """The words bash makes of `command` (the hint as a user pastes it into a shell)."""
    done = subprocess.run(["bash", "-c", f'set -- {command}; printf "%s\\0" "$@"'], capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8").split("\0")[:-1]


@pytest.mark.parametrize("name", ["演示 输出", "two\nlines"])
def test_demo_hints_name_an_out_dir_with_spaces_or_a_newline_as_one_shell_word(tmp_path: Path, name: str) -> None:
    """The commands `demo` suggests (on stderr, in its config's comments) name the config as one
    shell word: `--out "演示 输出"` cut the pasted command in two, and a newline in the name broke
    the config's comment line, so the config the demo wrote was no valid TOML."""
    import re

    from policywatch.config import load_settings

    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "policywatch", "demo", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    config = out / "policywatch.toml"
    assert load_settings(config).database == out / "policywatch.db"
    hint = re.search(r"\(try: (policywatch status --config .*)\)$", done.stderr, re.M)
    assert hint is not None, done.stderr[-500:]
    assert _shell_words(hint[1]) == ["policywatch", "status", "--config", str(config)]
    comments = [line.removeprefix("#").strip().removeprefix("Try:").strip()
                for line in config.read_text(encoding="utf-8").splitlines() if "--config" in line]
    assert [_shell_words(c)[-2:] for c in comments] == [["--config", str(config)]] * 2, comments


@pytest.mark.parametrize("name", ["a\udcffb c", "演示\n输出", "tab\there", "it's \x1b[0m"])
def test_a_shell_word_is_read_back_by_bash_as_the_same_bytes(name: str) -> None:
    """A path with a byte no UTF-8 decodes (os.fsdecode keeps it as \\udcff) is written as bash's
    \\xff, so the pasted command names that very file: \\U0000dcff was written instead."""
    import os

    from policywatch.wording import shell_word

    done = subprocess.run(["bash", "-c", f'printf "%s" {shell_word(name)}'], capture_output=True, timeout=30,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == os.fsencode(name), (shell_word(name), done.stdout)
