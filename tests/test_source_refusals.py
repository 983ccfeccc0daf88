"""What a run and `status` say of documents the site will not serve: a WAF challenge makes its
source unhealthy (a block does not pass by itself), a listed document refused on every run turns
无法访问 once, and a listing that fails still lets the source's known documents be re-checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests import traps
from tests.unseen import cli, run_json, write_config

HTML = {"Content-Type": "text/html; charset=utf-8"}
REFUSED, KEPT = list(traps.DOCS)
CHALLENGE = Response(status=412, body=traps.WAF_412, headers=HTML)


def _column(state: dict[str, Any]) -> dict[str, Any]:
    """Two documents: from round 1 on, each path in state["refuse"] answers state["answer"], and
    the listing answers 500 while state["listing_down"]."""
    routes = traps._column([REFUSED, KEPT])
    listing = routes["/zcwj/index.html"]
    routes["/zcwj/index.html"] = lambda request: (Response(status=500, body=b"error") if state.get("listing_down")
                                                 else listing)
    for path in (REFUSED, KEPT):
        def answer(request: RecordedRequest, doc: Response = routes[path], path: str = path) -> Response:
            if state.get("round") and path in state.get("refuse", ()):
                return state.get("answer", CHALLENGE)
            return state.get("edited", {}).get(path, doc)
        routes[path] = answer
    return routes


def _status(config: Path) -> tuple[int, str, dict[str, Any]]:
    text = cli("status", "--config", str(config))
    as_json = cli("status", "--json", "--config", str(config))
    assert as_json.returncode == text.returncode
    return text.returncode, text.stdout, json.loads(as_json.stdout)


def test_a_challenged_document_makes_its_source_unhealthy_and_one_document_is_counted_as_one(tmp_path: Path) -> None:
    state: dict[str, Any] = {"refuse": {REFUSED}}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        state["round"] = 1
        report = run_json(config)
        assert report["outcomes"]["challenge"] == 1 and report["failed_sources"] == []
        code, text, data = _status(config)
        assert code == 1 and data["healthy"] is False
        # the config's lang, zh: the outcome and the unread note in the site's words, no code left raw
        assert "gov：2 份文件，" in text and "被拦截（人机验证拦截）（本次有 1 份文件未能读取：人机验证拦截 1）" in text, text
        assert "challenge" not in text, text
        (source,) = data["sources"]
        assert source["last_outcome"] == "challenge" and source["consecutive_failures"] == 0
        # an error page where the document was (read again next run) is a note, not a block
        state["answer"] = Response(status=302, headers={"Location": "/zcwj/index.html"})
        run_json(config)
        code, text, data = _status(config)
        assert code == 0 and data["healthy"] is True
        assert "正常（本次有 1 份文件未能读取：错误页面 1）" in text, text
        # read again: healthy, nothing to note
        state["refuse"] = set()
        run_json(config)
        code, text, data = _status(config)
    assert code == 0 and data["healthy"] is True and "，正常\n" in text


def _listed(config: Path) -> dict[str, dict[str, Any]]:
    done = cli("list", "--config", str(config), "--format", "json")
    assert done.returncode == 0, done.stderr
    return {row["url"].split("/", 3)[3]: row for row in json.loads(done.stdout)}


GONE = Response(status=404, body=b"<html><body>404 Not Found</body></html>", headers=HTML)


def test_a_listed_document_gone_on_every_run_turns_unreachable_once_and_keeps_its_versions(
        tmp_path: Path) -> None:
    state: dict[str, Any] = {"refuse": {REFUSED}, "answer": GONE}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        state["round"] = 1
        runs = [run_json(config) for _ in range(5)]
        assert [r["counts"]["missing"] for r in runs] == [0, 0, 1, 0, 0]
        (event,) = [e for r in runs for e in r["events"] if e["kind"] == "missing"]
        assert event["url"].endswith(REFUSED)
        rows = _listed(config)
        assert rows[REFUSED.lstrip("/")]["status"] == "missing" and rows[REFUSED.lstrip("/")]["versions"] == 1
        assert rows[KEPT.lstrip("/")]["status"] == "active"
        # served again: active, and a later outage is a new one
        state["refuse"] = set()
        assert run_json(config)["counts"]["missing"] == 0
        assert _listed(config)[REFUSED.lstrip("/")]["status"] == "active"


def _too_large(config: Path) -> None:
    """The site serves the document, grown past the watch's own fetch.max_bytes."""
    config.write_text(config.read_text().replace("retries = 0\n", "retries = 0\nmax_bytes = 150000\n"))


def _grown() -> Response:
    title, lines = traps.DOCS[REFUSED]
    return Response(body=traps.article(title, [*lines, "附：" + "详见附件。" * 20000]), headers=HTML)


@pytest.mark.parametrize("answer", ["challenge", "too_large"])
def test_a_listed_document_the_site_blocks_or_serves_too_large_never_turns_unreachable(
        tmp_path: Path, answer: str) -> None:
    """A challenge blocks the watch, not the document (a WAF limiting by request rate challenges
    the same documents each run): the source's health says BLOCKED. A document our own limits
    refuse was served. Neither is a document gone, however many runs it lasts."""
    state: dict[str, Any] = {"refuse": {REFUSED}, "answer": CHALLENGE if answer == "challenge" else _grown()}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        if answer == "too_large":
            _too_large(config)
        state["round"] = 1
        runs = [run_json(config) for _ in range(4)]
        assert [r["outcomes"].get(answer, 0) for r in runs] == [1, 1, 1, 1]
        assert [r["counts"]["missing"] for r in runs] == [0, 0, 0, 0]
        assert {row["status"] for row in _listed(config).values()} == {"active"}
        # and a 404 afterwards starts its own count: the runs above were not failures of it
        state["answer"] = GONE
        assert [run_json(config)["counts"]["missing"] for _ in range(3)] == [0, 0, 1]


def test_a_site_refusing_every_document_is_the_sources_health_not_every_document_unreachable(
        tmp_path: Path) -> None:
    state: dict[str, Any] = {"refuse": {REFUSED, KEPT}}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        state["round"] = 1
        runs = [run_json(config) for _ in range(4)]
        assert [r["counts"]["missing"] for r in runs] == [0, 0, 0, 0]
        assert {row["status"] for row in _listed(config).values()} == {"active"}
        code, text, _ = _status(config)
    assert code == 1 and "被拦截（人机验证拦截）（本次有 2 份文件未能读取：人机验证拦截 2）" in text, text


def test_known_documents_are_rechecked_at_their_urls_while_the_listing_is_down(tmp_path: Path) -> None:
    state: dict[str, Any] = {}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        run_json(config)
        title, lines = traps.DOCS[KEPT]
        state.update(round=1, listing_down=True, edited={KEPT: Response(
            body=traps.article(title, [*lines[:-1], lines[-1] + "本计划自发布之日起施行。"]), headers=HTML)})
        report = run_json(config)
        asked = [r.path for r in site.requests]
    assert report["failed_sources"] == ["gov"]
    assert [e for e in report["errors"] if "listing" in e] == report["errors"]
    assert len(report["errors"]) == 1 and "HTTP 500" in report["errors"][0]
    assert report["counts"]["changes"] == 1, report
    (change,) = [e for e in report["events"] if e["kind"] == "changed"]
    assert change["url"].endswith(KEPT)
    assert asked.count(KEPT) == 2 and asked.count(REFUSED) == 2  # each document once a run
    # the listing said nothing this run: nothing left it, nothing became unlisted
    assert {row["status"] for row in _listed(config).values()} == {"active"}


def test_source_alerts_and_notes_are_told_in_chinese(tmp_path: Path) -> None:
    """The digest's source alerts and the site's note of unread documents speak the reader's
    language (the stored messages, as `run --json` and `status` give them, stay as they are)."""
    import email
    import email.policy

    state: dict[str, Any] = {"refuse": {REFUSED}}
    with LoopbackSite(routes=_column(state)) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        config.write_text("health_alert_after = 0\n" + config.read_text(encoding="utf-8")
                          + '[[subscriptions]]\nname = "gov"\nrecipients = ["a@example.org"]\n', encoding="utf-8")
        run_json(config)
        state.update(round=1, listing_down=True)
        failing = run_json(config)
        state["listing_down"] = False
        recovered = run_json(config)
    said = [e["message"] for r in (failing, recovered) for e in r["events"] if e["kind"] == "health"]
    assert said[0].startswith("failing since") and said[1].startswith("working again"), said
    done = cli("digest", "--config", str(config), "--dry-run", "--out", str(tmp_path / "eml"))
    assert done.returncode == 0, done.stderr
    (path,) = (tmp_path / "eml").glob("*.eml")
    text = email.message_from_bytes(path.read_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
    alerts = [line for line in text.splitlines() if line.startswith("【来源状态】")]
    assert len(alerts) == 2, text
    assert any("起抓取失败（服务器错误）：" in line and "服务器错误：HTTP 500" in line for line in alerts), alerts
    assert any("已恢复正常（自 " in line for line in alerts), alerts
    assert not any(word in text for word in ("failing since", "working again", "http_error")), text
    problems = (tmp_path / "site" / "problems.html").read_text(encoding="utf-8")
    assert "本次有 1 份文件未能读取：人机验证拦截 1" in problems and "not read this run" not in problems
