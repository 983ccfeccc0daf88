"""A config without sources, an empty store, a source no run has reached: `status`, `list` and
`run` say so plainly and exit 0 (nothing is wrong; nothing is watched yet), `run --json` is a
valid document. Run as a user runs them: `python -m policywatch` in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from policywatch.state import Store
from tests.test_operations import run_cli

EMPTY = 'database = "pw.db"\noutput_dir = "site"\n'


def test_run_without_sources_says_so_and_exits_0_with_a_valid_json(tmp_path: Path) -> None:
    config = tmp_path / "pw.toml"
    config.write_text(EMPTY, encoding="utf-8")
    as_json = run_cli("run", "--json", "--config", str(config))
    line = run_cli("run", "--config", str(config))
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["sources"] == [] and document["counts"]["new_versions"] == 0 and document["events"] == []
    assert any("no [[sources]] configured" in w for w in document["warnings"]), document
    assert line.returncode == 0 and "0 sources" in line.stdout and "no [[sources]] configured" in line.stderr
    assert "Traceback" not in as_json.stderr + line.stderr
    named = run_cli("run", "--json", "--source", "南京", "--config", str(config))
    assert named.returncode == 2 and "no source named '南京'" in json.loads(named.stdout)["error"], named
    assert not (tmp_path / "pw.db").exists(), "nothing to watch: no store made for it"


def test_status_and_list_of_an_empty_store_and_of_a_source_never_run(tmp_path: Path) -> None:
    config = tmp_path / "pw.toml"
    config.write_text(EMPTY, encoding="utf-8")
    Store.open(tmp_path / "pw.db").close()
    empty = run_cli("status", "--config", str(config))
    listed = run_cli("list", "--config", str(config))
    assert empty.returncode == 0 and "没有来源" in empty.stdout and "Traceback" not in empty.stderr, empty
    assert listed.returncode == 0 and listed.stdout == "" and "nothing stored yet" in listed.stderr, listed
    config.write_text(EMPTY + '[[sources]]\nname = "新源"\nlisting_urls = ["http://127.0.0.1:9/zcwj/"]\n',
                      encoding="utf-8")
    text = run_cli("status", "--config", str(config))
    as_json = run_cli("status", "--json", "--config", str(config))
    assert text.returncode == 0 and "新源：尚未运行" in text.stdout, text
    document = json.loads(as_json.stdout)
    assert as_json.returncode == 0 and document["healthy"] is True
    assert [(s["name"], s["last_run_at"], s["configured"]) for s in document["sources"]] == [("新源", None, True)]


def test_status_after_a_run_without_sources_says_how_a_store_is_made(tmp_path: Path) -> None:
    # a run with no sources creates no store: "run `policywatch run` to create the store" would
    # send the user round in a circle; the hint says to configure a source first
    config = tmp_path / "pw.toml"
    config.write_text(EMPTY, encoding="utf-8")
    assert run_cli("run", "--config", str(config)).returncode == 0
    status = run_cli("status", "--config", str(config))
    listed = run_cli("list", "--config", str(config))
    for said in (status, listed):
        assert said.returncode == 3 and "does not exist" in said.stderr, said
        assert "add a [[sources]] table to the config" in said.stderr, said.stderr
        assert "run `policywatch run` to create the store" not in said.stderr, said.stderr
    config.write_text(EMPTY + '[[sources]]\nname = "新源"\nlisting_urls = ["http://127.0.0.1:9/zcwj/"]\n',
                      encoding="utf-8")
    configured = run_cli("status", "--config", str(config))
    assert configured.returncode == 3 and "run `policywatch run` to create the store" in configured.stderr
