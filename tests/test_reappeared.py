"""A document that turned 无法访问 (MISSING) and is read again: one `reappeared` event says it is
back (恢复访问 on the site and in its feed), whether its text is unchanged or changed (then its
change is reported too, once), never twice, a killed run's return included; and throttled or
cut fetches do not count towards a listed document's 无法访问."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.model import DocumentStatus
from policywatch.state import Store
from tests import traps
from tests.test_source_refusals import _column, _listed
from tests.unseen import cli, run_json, write_config

HTML = {"Content-Type": "text/html; charset=utf-8"}
GONE, KEPT = list(traps.DOCS)
NOT_FOUND = Response(status=404, body=b"<html><body>404 Not Found</body></html>", headers=HTML)
OUTAGE_RUNS = 3  # state MISSING_AFTER_RUNS: failed runs in a row before a document is 无法访问


def _kinds(report: dict[str, Any], path: str) -> list[str]:
    return [e["kind"] for e in report["events"] if e["url"].endswith(path)]


def _site_text(tmp_path: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "site").rglob("*"))
                     if p.suffix in (".html", ".xml"))


def _go_missing(config: Path, state: dict[str, Any]) -> None:
    run_json(config)
    state.update(round=1, refuse={GONE}, answer=NOT_FOUND)
    runs = [run_json(config) for _ in range(OUTAGE_RUNS)]
    assert [_kinds(r, GONE) for r in runs] == [[]] * (OUTAGE_RUNS - 1) + [["missing"]]
    assert _listed(config)[GONE.lstrip("/")]["status"] == "missing"


def test_a_missing_document_back_unchanged_is_said_once(tmp_path: Path) -> None:
    state: dict[str, Any] = {}
    posts: list[bytes] = []
    routes = _column(state)

    def hook(request: RecordedRequest) -> Response:
        posts.append(request.body)
        return Response(body=b'{"code":0}', headers={"Content-Type": "application/json"})

    routes["/hook"] = hook
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        config.write_text(config.read_text(encoding="utf-8")
                          + '[[subscriptions]]\nname = "gov"\nrecipients = ["a@example.org"]\n'
                          + f'[[webhooks]]\nname = "robot"\nurl = "{site.base_url}/hook"\nformat = "feishu"\n'
                          'allow_private = true\n', encoding="utf-8")
        _go_missing(config, state)
        state["refuse"] = set()
        posted = len(posts)
        back = run_json(config)
        assert "【恢复访问】" in b"".join(posts[posted:]).decode("utf-8")
        done = cli("digest", "--config", str(config), "--dry-run", "--out", str(tmp_path / "eml"))
        assert done.returncode == 0, done.stderr
        (path,) = (tmp_path / "eml").glob("*.eml")
        digest = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert "【恢复访问】此前无法访问的文件已可再次读取，内容未变" in digest.get_body(("plain",)).get_content()
        (event,) = [e for e in back["events"] if e["url"].endswith(GONE)]
        assert event["kind"] == "reappeared" and event["message"] == "unchanged", event
        assert back["counts"]["changes"] == 0 and back["counts"]["missing"] == 0
        # counted as its event is: in the run's counts and in its source's
        assert back["counts"]["reappeared"] == 1 and back["source_counts"]["gov"]["reappeared"] == 1
        assert _listed(config)[GONE.lstrip("/")]["status"] == "active"
        pages = _site_text(tmp_path)
        assert "恢复访问" in pages and "此前无法访问的文件已可再次读取，内容未变" in pages
        assert (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8").count("恢复访问") == 1
        # the next runs: nothing more to say
        assert [_kinds(run_json(config), GONE) for _ in range(2)] == [[], []]


def test_a_missing_document_back_changed_reports_its_change_once_and_its_return(tmp_path: Path) -> None:
    state: dict[str, Any] = {}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        _go_missing(config, state)
        title, lines = traps.DOCS[GONE]
        state.update(refuse=set(), edited={GONE: Response(
            body=traps.article(title, [*lines[:-1], lines[-1] + "本办法自发布之日起施行。"]), headers=HTML)})
        back = run_json(config)
        events = [e for e in back["events"] if e["url"].endswith(GONE)]
        assert [e["kind"] for e in events] == ["reappeared", "changed"], events
        reappeared, changed = events
        assert reappeared["message"] == "new_version"
        assert (reappeared["old_version"], reappeared["new_version"]) == (changed["old_version"],
                                                                          changed["new_version"]) == (1, 2)
        assert changed["changeset"]["changes"] and back["counts"]["changes"] == 1
        assert "内容有变更" in _site_text(tmp_path)
        again = run_json(config)
    assert _kinds(again, GONE) == [] and again["counts"]["changes"] == 0


def test_a_return_read_by_a_killed_run_is_reported_by_the_next_once(tmp_path: Path) -> None:
    state: dict[str, Any] = {}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        _go_missing(config, state)
        # what a run killed right after storing the read (before its event) leaves in the store
        with Store.open(tmp_path / "pw.db") as store:
            (record,) = [d for d in store.known_documents("gov") if d.url.endswith(GONE)]
            assert store.mark_fetch_ok(record.id) is True
        state["refuse"] = set()
        rerun = run_json(config)
        assert _kinds(rerun, GONE) == ["reappeared"], rerun["events"]
        assert rerun["counts"]["reappeared"] == 1, "a return told by catch_up is counted as its event"
        assert _kinds(run_json(config), GONE) == []
    assert _listed(config)[GONE.lstrip("/")]["status"] == "active"


def test_throttled_or_cut_runs_do_not_count_towards_a_listed_documents_outage(tmp_path: Path) -> None:
    state: dict[str, Any] = {}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        state.update(round=1, refuse={GONE}, answer=Response(reset=True))
        cut = [run_json(config) for _ in range(OUTAGE_RUNS - 1)]
        assert all(r["outcomes"].get("network_error") == 1 for r in cut), [r["outcomes"] for r in cut]
        state["answer"] = NOT_FOUND
        runs = [run_json(config) for _ in range(OUTAGE_RUNS)]
    # only the refusals count: the third 404, not the first, makes it 无法访问
    assert [r["counts"]["missing"] for r in runs] == [0] * (OUTAGE_RUNS - 1) + [1]
    with Store.open(tmp_path / "pw.db") as store:
        (record,) = [d for d in store.known_documents("gov") if d.url.endswith(GONE)]
        assert record.status is DocumentStatus.MISSING
