"""A document taken off its column whose URL then answers with a WAF challenge or an error page
turns MISSING after three runs: the digest says why in the reader's words, not as the
pipeline's outcome code (challenge, soft_404)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from policywatch.demo.server import LoopbackSite, Response
from tests import traps
from tests.unseen import cli, run_json, write_config

HTML = {"Content-Type": "text/html; charset=utf-8"}
GONE, KEPT = list(traps.DOCS)


@pytest.mark.parametrize(("answer", "said"), [
    (Response(status=412, body=traps.WAF_412, headers=HTML), "【无法访问】人机验证拦截：HTTP 412 challenge ($_ts)"),
    (Response(status=302, headers={"Location": "/zcwj/index.html"}),
     "【无法访问】错误页面：document URL redirected to its column's listing page"),
])
def test_a_document_gone_behind_a_challenge_is_reported_in_words(tmp_path: Path, answer: Response, said: str) -> None:
    state = {"round": 0}
    routes = traps._column([GONE, KEPT])
    first, rest = routes["/zcwj/index.html"], Response(body=traps.listing([KEPT]), headers=HTML)
    routes["/zcwj/index.html"] = lambda request: rest if state["round"] else first
    routes[GONE] = lambda request, doc=routes[GONE]: answer if state["round"] else doc
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("gone", site.base_url))
        config.write_text(config.read_text(encoding="utf-8")
                          + '[[subscriptions]]\nname = "gov"\nrecipients = ["a@example.org"]\n', encoding="utf-8")
        run_json(config)
        state["round"] = 1
        runs = [run_json(config) for _ in range(3)]
    assert [r["counts"]["missing"] for r in runs] == [0, 0, 1]
    done = cli("digest", "--config", str(config), "--dry-run", "--out", str(tmp_path / "eml"))
    assert done.returncode == 0, done.stderr
    (path,) = (tmp_path / "eml").glob("*.eml")
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = msg.get_body(("plain",)).get_content()
    assert said in text
