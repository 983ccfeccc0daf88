from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from policywatch.config import Webhook
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.errors import DeliveryError
from policywatch.model import EventKind, RunSummary
from policywatch.reports import post_webhook, webhook_request
from tests.reports.fakes import DOC_NUMBER, JIANGSU, FakeSource, at

BASE = "https://policy.example.org/"


def run_of(fake: FakeSource) -> dict:
    summary = RunSummary(at("2024-03-06", 6), at("2024-03-06", 7), sources=("nanjing", "yixing", JIANGSU),
                         failed_sources=(JIANGSU,), new_documents=1, new_versions=2, changes=2, missing=1,
                         events=tuple(e for e in fake.events() if e.detected_at >= at("2024-03-01", 0)))
    return summary.to_dict()


@pytest.fixture
def receiver():
    bodies: list[RecordedRequest] = []

    def record(request: RecordedRequest) -> Response:
        bodies.append(request)
        return Response(200, b'{"errcode":0,"errmsg":"ok"}', {"Content-Type": "application/json"})

    with LoopbackSite(routes={"/hook": record}) as site:
        yield site, bodies


@pytest.mark.parametrize("fmt", ["json", "wecom", "dingtalk", "feishu"])
def test_each_format_is_posted_once_with_its_payload(receiver, fake: FakeSource, fmt: str):
    site, bodies = receiver
    run = run_of(fake)
    hook = Webhook("team", site.url("/hook"), format=fmt, allow_private=True)
    body, headers = webhook_request(run, hook, base_url=BASE)
    post_webhook(hook.url, body, headers, timeout=5)
    assert len(bodies) == 1
    request = bodies[0]
    assert request.method == "POST" and request.headers["content-type"] == "application/json; charset=utf-8"
    payload = json.loads(request.body.decode("utf-8"))
    if fmt == "json":
        # a small run is posted whole; each event gains its one-line summary and report link
        whole = json.loads(json.dumps(run))
        assert payload["events_omitted"] == 0 and len(payload["events"]) == len(whole["events"])
        assert {k: v for k, v in payload.items() if k not in ("events", "events_omitted")} == \
            {k: v for k, v in whole.items() if k != "events"}
        for sent, event in zip(payload["events"], whole["events"], strict=True):
            link = sent.pop("link")
            assert isinstance(sent.pop("summary"), str) and (link.startswith(BASE) or event["document_id"] is None)
            if sent["changeset"]:
                assert sent["changeset"].pop("changes_omitted") == 0
            assert sent == event
        return
    if fmt == "wecom":
        assert payload["msgtype"] == "markdown"
        text = payload["markdown"]["content"]
        assert len(text.encode()) <= 4096
        assert '<font color="info">内容变更</font>' in text
        assert '<font color="warning">有效性变更</font>' in text, "a validity change stands out"
    elif fmt == "dingtalk":
        assert payload["msgtype"] == "markdown"
        assert payload["markdown"]["title"] == "policywatch：3 项政策变更，1 份文件无法访问"
        text = payload["markdown"]["text"]
    else:
        assert payload["msg_type"] == "post"
        post = payload["content"]["post"]["zh_cn"]
        assert post["title"] == "policywatch：3 项政策变更，1 份文件无法访问"
        links = [el["href"] for row in post["content"] for el in row if el["tag"] == "a"]
        assert f"{BASE}changes/6.html" in links
        text = json.dumps(post, ensure_ascii=False)
        assert "<script>alert('title')</script>" in text  # structured: text stays text
        return
    assert f"({BASE}changes/6.html)" in text
    assert DOC_NUMBER in text and "50万元 → 80万元" in text
    assert "{+8+}0万元的人工智能" in text, "the changed clause's words are quoted, not only counted"
    assert "抓取失败的来源：江苏省工信厅" in text
    assert "<script>" not in text and "＜script＞" in text, "titles never become markup"


def test_long_runs_are_cut_short(fake: FakeSource):
    run = run_of(fake)
    # 30 runs' worth of distinct events (one event listed twice is told once)
    run["events"] = [{**e, "id": e["id"] + 1000 * n} for n in range(30) for e in run["events"]]
    body, _ = webhook_request(run, Webhook("t", "http://127.0.0.1/", format="wecom"), base_url=BASE)
    content = json.loads(body)["markdown"]["content"]
    assert len(content.encode()) <= 4096 and "另有" in content


def test_unknown_format_is_named():
    with pytest.raises(DeliveryError, match="'telegram'"):
        webhook_request({"events": []}, Webhook("t", "http://127.0.0.1/", format="telegram"), base_url="")


def test_http_error_is_a_delivery_error():
    with LoopbackSite(routes={"/hook": Response(502, b"Bad Gateway")}) as site, \
            pytest.raises(DeliveryError, match=r"HTTP 502"):
        post_webhook(site.url("/hook"), b"{}", {"Content-Type": "application/json"}, timeout=5)


@pytest.mark.parametrize(("status", "permanent"), [(404, True), (410, True), (502, False), (429, False)])
def test_a_webhook_that_is_gone_is_refused_for_good_and_a_failing_one_for_now(status: int, permanent: bool) -> None:
    """A revoked hook (Slack, Discord: 404) or an archived channel (410) will never take the post:
    a permanent DeliveryError, which the outbox dead-letters at once; 5xx and 429 may pass."""
    with LoopbackSite(routes={"/hook": Response(status, b"no_service")}) as site, \
            pytest.raises(DeliveryError, match=f"HTTP {status}") as raised:
        post_webhook(site.url("/hook"), b"{}", {}, timeout=5)
    assert raised.value.permanent is permanent


def test_robot_rejection_in_a_200_reply_is_a_delivery_error():
    reply = Response(200, b'{"errcode":93000,"errmsg":"invalid webhook url"}')
    with LoopbackSite(routes={"/hook": reply}) as site, \
            pytest.raises(DeliveryError, match=r"errcode=93000 invalid webhook url"):
        post_webhook(site.url("/hook"), b"{}", {"Content-Type": "application/json"}, timeout=5)


def _trickle(seconds: float):
    for _ in range(int(seconds * 10)):
        time.sleep(0.1)
        yield b" "


def test_a_reply_that_breaks_off_after_2xx_is_delivered_and_after_an_error_is_not():
    """The receiver has the post once it answered 2xx: its body trickling past the deadline (or a
    connection cut in the middle of it) must not make the outbox post it a second time."""
    trickling = Response(200, _trickle(30), {"Content-Length": "300"})
    cut = Response(201, b'{"errcode":0}' + b" " * 100, truncate_at=20)
    failing = Response(500, _trickle(30), {"Content-Length": "300"})
    with LoopbackSite(routes={"/slow": trickling, "/cut": cut, "/fail": failing}) as site:
        started = time.monotonic()
        post_webhook(site.url("/slow"), b"{}", {}, timeout=1)
        post_webhook(site.url("/cut"), b"{}", {}, timeout=1)
        with pytest.raises(DeliveryError, match="cannot deliver"):
            post_webhook(site.url("/fail"), b"{}", {}, timeout=1)
    assert time.monotonic() - started < 15, "each post is held to twice its timeout"


def test_redirect_is_not_followed():
    moved = Response(302, b"", {"Location": "http://127.0.0.1:9/elsewhere"})
    with LoopbackSite(routes={"/hook": moved}) as site, pytest.raises(DeliveryError, match="HTTP 302"):
        post_webhook(site.url("/hook"), b"{}", {}, timeout=5)


def test_receiver_down_is_a_delivery_error():
    site = LoopbackSite().start()
    url = site.url("/hook")
    site.stop()
    with pytest.raises(DeliveryError, match="cannot deliver"):
        post_webhook(url, b"{}", {}, timeout=5)


def test_private_targets_need_allow_private():
    with LoopbackSite(routes={"/hook": Response(200, b"{}")}) as site:
        with pytest.raises(DeliveryError, match=r"non-public address 127\.0\.0\.1.*allow_private = true"):
            post_webhook(site.url("/hook"), b"{}", {}, timeout=5, allow_private=False)
        assert site.requests == []
        post_webhook(site.url("/hook"), b"{}", {}, timeout=5, allow_private=True)
        assert len(site.requests) == 1


# Robot URLs whose secret is in the path (the tokens are synthetic): Slack, 飞书, Discord; and
# 钉钉's, in the query with its signature.
PATH_SECRETS = {
    "/services/T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrstUVWX": ("abcdEFGHijklMNOPqrstUVWX", "/services/…"),
    "/open-apis/bot/v2/hook/8a3c5f2e-1b2d-4c3e-9f8a-0123456789ab": ("8a3c5f2e-1b2d-4c3e-9f8a-0123456789ab",
                                                                    "/open-apis/bot/v2/hook/…"),
    "/api/webhooks/123456789012345678/AbC-dEf_ghIJKlmnop": ("AbC-dEf_ghIJKlmnop", "/api/webhooks/…"),
    "/robot/send?access_token=0f1e2d3c4b5a69788796a5b4&timestamp=1700000000000&sign=c2lnbmF0dXJl": (
        "0f1e2d3c4b5a69788796a5b4", "/robot/send?…"),
}


@pytest.mark.parametrize("path", list(PATH_SECRETS))
@pytest.mark.parametrize("answer", ["echo", "refused"])
def test_a_webhook_error_never_shows_a_token_in_the_path(path: str, answer: str) -> None:
    """Only the query was hidden: a Slack or 飞书 robot's token, the last segment of its path,
    was in every error, log line, `status` and `run --json`."""
    secret, shown = PATH_SECRETS[path]

    def echo(request: RecordedRequest) -> Response:
        return Response(500, f"no such hook: {request.path}".encode())

    with LoopbackSite(routes={path.partition("?")[0]: echo}) as site:
        url = site.url(path) if answer == "echo" else "http://127.0.0.1:9" + path
        with pytest.raises(DeliveryError) as caught:
            post_webhook(url, b"{}", {}, timeout=5)
    message = str(caught.value)
    assert secret not in message and shown in message, message
    assert ("HTTP 500" if answer == "echo" else "cannot deliver") in message


def test_a_webhook_url_in_a_config_error_is_shown_without_its_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from policywatch.config import load_settings
    from policywatch.errors import ConfigError

    config = tmp_path / "policywatch.toml"
    config.write_text('[[webhooks]]\nname = "slack"\nformat = "json"\n'
                      'url = "htps://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrstUVWX"\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "abcdEFGHijklMNOPqrstUVWX" not in str(caught.value) and "services/…" in str(caught.value)


@pytest.mark.parametrize(("lang", "title"), [
    ("zh", "policywatch：1 项政策变更，2 份文件无法访问，1 份文件恢复访问"),
    ("en", "policywatch: 1 policy change, 2 documents missing, 1 document back online"),
])
def test_a_posts_title_counts_documents_gone_or_back_apart_from_changes(fake: FakeSource, lang: str,
                                                                          title: str) -> None:
    # a run whose documents went missing was titled "N 项政策变更": none of them changed
    gone = next(e for e in fake.events() if e.kind is EventKind.MISSING)
    changed = next(e for e in fake.events() if e.kind is EventKind.CHANGED)
    more = [replace(gone, id=100, document_id=1), replace(gone, id=101, kind=EventKind.REAPPEARED, message="unchanged")]
    run = RunSummary(at("2024-03-06", 6), at("2024-03-06", 7), events=(changed, gone, *more)).to_dict()
    for fmt in ("dingtalk", "feishu"):
        body, _ = webhook_request(run, Webhook("team", "https://hook.example.org/", format=fmt), base_url=BASE,
                                  lang=lang)
        payload = json.loads(body)
        said = (payload["markdown"]["title"] if fmt == "dingtalk"
                else payload["content"]["post"]["zh_cn" if lang == "zh" else "en_us"]["title"])
        assert said == title
    only_gone = RunSummary(at("2024-03-06", 6), at("2024-03-06", 7), events=(gone,)).to_dict()
    body, _ = webhook_request(only_gone, Webhook("team", "https://hook.example.org/", format="dingtalk"), base_url=BASE)
    assert json.loads(body)["markdown"]["title"] == "policywatch：1 份文件无法访问"
