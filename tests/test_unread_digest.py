"""Documents a WAF challenge or an error page kept from being read, as the reports tell them: one
taken off its column turns MISSING after three runs and the digest says why in the reader's
words, not as the pipeline's outcome code (challenge, soft_404); a chat robot's post of a run
says how many were not read, and why."""

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
    (Response(status=412, body=traps.WAF_412, headers=HTML), "【无法访问】人机验证拦截：HTTP 412 人机验证（$_ts）"),
    (Response(status=302, headers={"Location": "/zcwj/index.html"}),
     "【无法访问】错误页面：文件地址被跳转到栏目列表页"),
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


@pytest.mark.parametrize("fmt", ["wecom", "feishu"])
def test_a_chat_robot_hears_of_a_document_behind_a_challenge_in_a_run_that_posts(tmp_path: Path, fmt: str) -> None:
    """One document of the column changes while the other answers a WAF challenge: the run posts
    the change, and its message says that one document was not read, and why."""
    state = {"round": 0}
    posts: list[bytes] = []
    routes = traps._column([GONE, KEPT])
    title, lines = traps.DOCS[KEPT]
    edited = Response(body=traps.article(title, [*lines[:-1], lines[-1] + "本计划自发布之日起施行。"]), headers=HTML)
    routes[GONE] = lambda request, doc=routes[GONE]: (Response(status=412, body=traps.WAF_412, headers=HTML)
                                                      if state["round"] else doc)
    routes[KEPT] = lambda request, doc=routes[KEPT]: edited if state["round"] else doc

    def hook(request):  # type: ignore[no-untyped-def]
        posts.append(request.body)
        return Response(body=b'{"errcode":0,"errmsg":"ok","code":0}', headers={"Content-Type": "application/json"})

    routes["/hook"] = hook
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("gov", site.base_url))
        config.write_text(config.read_text(encoding="utf-8") + f'[[webhooks]]\nname = "robot"\nurl = "{site.base_url}/hook"\n'
                          f'format = "{fmt}"\nallow_private = true\n', encoding="utf-8")
        run_json(config)
        state["round"] = 1
        report = run_json(config)
    assert report["outcomes"]["challenge"] == 1 and report["counts"]["changes"] == 1
    said = posts[-1].decode("utf-8")
    assert "1 份文件本次未能读取：人机验证拦截 1" in said and "内容变更" in said
