"""Webhook payloads: the run's JSON, or a short message for the 企业微信, 钉钉 and 飞书 group robots.

`webhook_request` builds the body and headers (pure); `post_webhook` sends them and raises
DeliveryError unless the receiver accepted them. Retrying and exactly-once delivery belong to
the outbox in the store.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import requests
import urllib3

from policywatch.config import Webhook
from policywatch.errors import DeliveryError
from policywatch.model import ChangeEvent, ChangeSet, DocumentMetadata, EventKind
from policywatch.net import Deadline, NetGuard, pinned_session
from policywatch.redact import redact_url, scrub
from policywatch.reports.announce import fold_announced
from policywatch.reports.i18n import Translator
from policywatch.reports.labels import one_line
from policywatch.reports.views import APART, EventView, event_view, outcome_counts

logger = logging.getLogger(__name__)

FORMATS = ("json", "wecom", "dingtalk", "feishu")
MAX_ITEMS = 10
HOOK_DETAILS = 2
# 企业微信 rejects markdown over 4096 bytes; 钉钉 allows more, but robots are read on phones.
MAX_MARKDOWN_BYTES = 4000
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
# The `json` format's bounds (docs/configuration.md): receivers cap request bodies (chat robots at
# a few KiB, small HTTP endpoints at 64 KiB to 1 MiB), and one run of long documents is ~1 MB
# whole. The full changesets stay in the store (`export --kind events`, the report pages).
JSON_MAX_BYTES = 64 * 1024
JSON_MAX_CHANGES = 20  # clause changes per event
JSON_MAX_TEXT = 1000  # characters of any one string (a clause's text, a title)
# items of any list of the run's own fields (`unread`, `warnings`, `errors`, …) named: a host resting
# all run leaves hundreds of documents unread, a broken site thousands of warnings; `<field>_omitted`
# counts the rest
JSON_MAX_LIST = 50
# the run's own fields take at most this share of JSON_MAX_BYTES, the events the rest: a list's last
# items give way first (50 warnings of 1,000 characters would be 150 KB)
JSON_HEAD_SHARE = 0.5
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~])")


def webhook_request(
    run: Mapping[str, Any], hook: Webhook, *, base_url: str, lang: str = "zh", title: str = "policywatch"
) -> tuple[bytes, dict[str, str]]:
    """The body and headers to POST for one run (`RunSummary.to_dict()`) in the hook's format."""
    t = Translator(lang)
    if hook.format == "json":
        return _bounded_json(run, t, base_url), dict(JSON_HEADERS)
    builder = _BUILDERS.get(hook.format)
    if builder is None:
        raise DeliveryError(f"webhook {hook.name!r}: unknown format {hook.format!r}; valid: {', '.join(FORMATS)}")
    # the JSON format above carries every event; a robot message announces a successor once
    items = [event_view(e, t) for e in fold_announced(_event(e) for e in run.get("events", ()))]
    payload = builder(_Digest(run, items, t, base_url, title))
    return json.dumps(payload, ensure_ascii=False).encode("utf-8"), dict(JSON_HEADERS)


def _bounded_json(run: Mapping[str, Any], t: Translator, base_url: str) -> bytes:
    """The run's JSON within JSON_MAX_BYTES: every field of `run --json` (see _bounded_head for
    its lists: `unread`, `warnings`, `errors`), each event with its
    `summary` and `link` added, its strings cut to JSON_MAX_TEXT and its changeset's changes to
    JSON_MAX_CHANGES (`changes_omitted` counts the rest); events that do not fit whole keep their
    summary without changes, and those that do not fit at all are counted in `events_omitted`."""
    head = _bounded_head(run)
    budget = JSON_MAX_BYTES - len(json.dumps({**head, "events": [], "events_omitted": 0}, ensure_ascii=False).encode("utf-8"))
    events: list[dict[str, Any]] = []
    omitted = 0
    seen: set[object] = set()
    for data in run.get("events", ()):
        if data.get("id") and data["id"] in seen:  # one event listed twice is posted once
            continue
        seen.add(data.get("id"))
        full = _bounded_event(data, t, base_url)
        for candidate in (full, _without_changes(full)):
            size = len(json.dumps(candidate, ensure_ascii=False).encode("utf-8")) + 2  # ", "
            if size <= budget:
                events.append(candidate)
                budget -= size
                break
        else:
            omitted += 1
    body = {**head, "events": events, "events_omitted": omitted}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _bounded_head(run: Mapping[str, Any]) -> dict[str, Any]:
    """The run's own fields, strings cut to JSON_MAX_TEXT, each list to its first JSON_MAX_LIST
    items, and the lists' last items dropped until the fields fit JSON_HEAD_SHARE of the bound;
    `<field>_omitted` counts what a list lost."""
    head = {k: _cut(v) for k, v in run.items() if k != "events"}
    lists = {k: v for k, v in head.items() if isinstance(v, list) and v}
    omitted = {k: max(0, len(v) - JSON_MAX_LIST) for k, v in lists.items()}
    lists = {k: v[:JSON_MAX_LIST] for k, v in lists.items()}
    sizes = {k: [len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 2 for item in v] for k, v in lists.items()}
    room = JSON_MAX_BYTES * JSON_HEAD_SHARE - len(json.dumps(
        {k: v for k, v in head.items() if k not in lists}, ensure_ascii=False).encode("utf-8"))
    total = sum(map(sum, sizes.values()))
    while total > room and any(sizes.values()):
        longest = max((k for k in sizes if sizes[k]), key=lambda k: sum(sizes[k]))  # the biggest list gives way
        total -= sizes[longest].pop()
        lists[longest].pop()
        omitted[longest] += 1
    head.update(lists)
    head.update({f"{k}_omitted": n for k, n in omitted.items() if n})
    return head


def _bounded_event(data: Mapping[str, Any], t: Translator, base_url: str) -> dict[str, Any]:
    view = event_view(_event(data), t, details=False)
    link = base_url.rstrip("/") + "/" + view.page if base_url and view.page else str(data.get("url", ""))
    event: dict[str, Any] = {k: _cut(v) for k, v in data.items() if k != "changeset"}
    event.update(summary=_cut(view.summary), link=link)
    changeset = data.get("changeset")
    if isinstance(changeset, Mapping):
        changes = list(changeset.get("changes", ()))
        event["changeset"] = {**{k: _cut(v) for k, v in changeset.items() if k != "changes"},
                              "changes": [_cut(c) for c in changes[:JSON_MAX_CHANGES]],
                              "changes_omitted": max(0, len(changes) - JSON_MAX_CHANGES)}
    else:
        event["changeset"] = changeset
    return event


def _without_changes(event: dict[str, Any]) -> dict[str, Any]:
    changeset = event.get("changeset")
    if not isinstance(changeset, dict) or not changeset["changes"]:
        return event
    omitted = len(changeset["changes"]) + changeset["changes_omitted"]
    return {**event, "changeset": {**changeset, "changes": [], "changes_omitted": omitted}}


def _cut(value: Any) -> Any:
    """`value` with every string longer than JSON_MAX_TEXT cut to it (ending in …)."""
    if isinstance(value, str):
        return value if len(value) <= JSON_MAX_TEXT else value[: JSON_MAX_TEXT - 1] + "…"
    if isinstance(value, Mapping):
        return {k: _cut(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cut(v) for v in value]
    return value


def _event(data: Mapping[str, Any]) -> ChangeEvent:
    changeset = data.get("changeset")
    return ChangeEvent(
        id=int(data.get("id") or 0),
        kind=EventKind(data.get("kind", "changed")),
        source=str(data.get("source", "")),
        detected_at=datetime.fromisoformat(data["detected_at"]) if data.get("detected_at") else datetime.min,
        document_id=data.get("document_id"),
        url=str(data.get("url", "")),
        metadata=DocumentMetadata.from_dict(data.get("metadata")),
        old_version=data.get("old_version"),
        new_version=data.get("new_version"),
        changeset=ChangeSet.from_dict(changeset) if changeset else None,
        message=str(data.get("message", "")),
        other=data.get("other") or None,
        evidence=str(data.get("evidence", "")),
    )


class _Digest:
    """What every robot message says, before its format's markup."""

    def __init__(self, run: Mapping[str, Any], items: list[EventView], t: Translator, base_url: str, title: str):
        self.t = t
        self.base_url = base_url
        self.heading = _heading(items, t, title)
        self.items = items[:MAX_ITEMS]
        self.more = len(items) - len(self.items)
        failed = [str(s) for s in run.get("failed_sources", ())]
        said = [t("hook.failed", names="、".join(failed))] if failed else []
        # documents a WAF challenge, an error page or a limit kept from being read fail no source:
        # a chat robot is where an operator sees a run, so they are said, not only counted
        reasons: dict[str, int] = {}
        for entry in run.get("unread", ()):
            outcome = str(entry.get("outcome", "")) if isinstance(entry, Mapping) else ""
            reasons[outcome] = reasons.get(outcome, 0) + 1
        if reasons:
            said.append(t("hook.unread", n=sum(reasons.values()),
                          reasons=outcome_counts(sorted(reasons.items(), key=lambda kv: -kv[1]), t)))
        self.failed = t("count.facts_sep").join(said)

    def link(self, item: EventView) -> str:
        if self.base_url and item.page:
            return self.base_url.rstrip("/") + "/" + item.page
        return item.url

    def headline(self, item: EventView) -> str:
        return one_line(item.title, 60) if item.document_id is not None else item.source

    def detail(self, item: EventView) -> str:
        head = " · ".join(p for p in (item.doc_number, one_line(item.summary, 120)) if p)
        # robots are read on phones: the first clause changes, each cut to one line
        lines = [one_line(f"{line.kind_label} {line.path}：{line.plain()}", 100) for line in item.details[:HOOK_DETAILS]]
        return "\n".join([head, *lines]) if lines else head


def _heading(items: list[EventView], t: Translator, site: str) -> str:
    """"南京：3 项政策变更，1 份文件无法访问": the run's events about documents (not a source's
    baseline or health), the changes counted apart from documents gone or back online: one of
    those was called a policy change, and a run of documents gone only said "3 项政策变更"."""
    documents = [v for v in items if v.kind not in ("baseline", "health")]
    if not documents:
        return t("hook.nothing", site=site)
    counts = {key: sum(1 for v in documents if APART.get(v.kind, "hook.changes") == key)
              for key in ("hook.changes", *APART.values())}
    what = t("count.sep").join(t(key, n=n) for key, n in counts.items() if n)
    return t("hook.title", site=site, what=what)


def _md(text: str) -> str:
    # Titles are data: markdown specials are escaped and angle brackets (企业微信's <font> tags)
    # are shown as full-width brackets so a title can never become markup.
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "＜").replace(">", "＞")


def _markdown(d: _Digest, *, wecom: bool) -> str:
    lines = [f"**{_md(d.heading)}**"]
    if d.failed:
        lines.append(f"> {_md(d.failed)}")
    for item in d.items:
        # a document that expired or was repealed stands out in 企业微信's orange-red
        color = "warning" if item.kind == "validity" else "info"
        label = f'<font color="{color}">{item.kind_label}</font>' if wecom else f"【{item.kind_label}】"
        link = d.link(item)
        head = f"[{_md(d.headline(item))}]({link})" if link else _md(d.headline(item))
        line = f"- {label} {head}"
        if d.detail(item):
            line += "\n  " + _md(d.detail(item)).replace("\n", "\n  ")
        candidate = "\n".join([*lines, line])
        if len(candidate.encode("utf-8")) > MAX_MARKDOWN_BYTES - 200:
            d.more += 1
            continue
        lines.append(line)
    if d.more:
        lines.append(_md(d.t("hook.more", n=d.more)))
    if d.base_url:
        lines.append(f"[{d.t('hook.site')}]({d.base_url})")
    return "\n".join(lines) if wecom else "\n\n".join(lines)


def _wecom(d: _Digest) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": _markdown(d, wecom=True)}}


def _dingtalk(d: _Digest) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": d.heading, "text": _markdown(d, wecom=False)}}


def _feishu(d: _Digest) -> dict[str, Any]:
    # 飞书 "post" messages are structured, so nothing needs escaping: text stays text.
    content: list[list[dict[str, str]]] = []
    if d.failed:
        content.append([{"tag": "text", "text": d.failed}])
    for item in d.items:
        row = [{"tag": "text", "text": f"【{item.kind_label}】"}]
        link = d.link(item)
        row.append({"tag": "a", "text": d.headline(item), "href": link} if link
                   else {"tag": "text", "text": d.headline(item)})
        content.append(row)
        if d.detail(item):
            content.append([{"tag": "text", "text": d.detail(item)}])
    if d.more:
        content.append([{"tag": "text", "text": d.t("hook.more", n=d.more)}])
    if d.base_url:
        content.append([{"tag": "a", "text": d.t("hook.site"), "href": d.base_url}])
    locale = "zh_cn" if d.t.lang == "zh" else "en_us"
    return {"msg_type": "post", "content": {"post": {locale: {"title": d.heading, "content": content}}}}


_BUILDERS = {"wecom": _wecom, "dingtalk": _dingtalk, "feishu": _feishu}


# Answers that say the webhook itself is gone (a revoked Slack or Discord hook answers 404, an
# archived channel 410): posting again cannot help, so the outbox gives the post up at once (a dead
# letter, shown by `status`; `policywatch outbox requeue` sends it once the hook is fixed).
_GONE = frozenset({404, 410})


def post_webhook(
    url: str, body: bytes, headers: Mapping[str, str], *, timeout: float = 30.0, allow_private: bool = True,
    guard: NetGuard | None = None,
) -> None:
    """POST a payload; DeliveryError unless the receiver answered 2xx (and, for robots, errcode 0).

    Pass `allow_private=hook.allow_private` so a configured webhook cannot reach loopback or
    private addresses unless the config says so. The address is judged by the crawler's guard
    (`policywatch.net`) and the POST goes to exactly that address (no DNS rebinding); `timeout`
    bounds each connect and read, and twice it the whole request. Redirects are not followed:
    a redirected webhook is a misconfiguration to report.
    """
    guard = guard or NetGuard()
    shown = redact_url(url)  # without the query, user info and path tokens robots carry their secret in
    verdict = guard.check(url, allow_private=allow_private)
    if not verdict.allowed:
        if verdict.network:
            raise DeliveryError(f"webhook {shown}: cannot deliver: {scrub(verdict.reason, url)}")
        raise DeliveryError(f"webhook {shown}: {scrub(verdict.reason, url)} "
                            f"(set allow_private = true on the webhook to allow it)")
    try:
        with pinned_session(guard, pool=1) as session, Deadline(timeout * 2):
            response = session.post(url, data=body, headers=dict(headers), timeout=timeout, allow_redirects=False,
                                    stream=True)
            with response:
                status, reason = response.status_code, response.reason
                reply = _reply(response, shown)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise DeliveryError(f"webhook {shown}: cannot deliver: {type(exc).__name__}: {scrub(str(exc), url)}") from exc
    if not 200 <= status < 300:
        detail = reply[:500].decode("utf-8", "replace")
        raise DeliveryError(f"webhook {shown}: HTTP {status} {reason} {scrub(detail, url)}".rstrip(),
                            permanent=status in _GONE)
    _check_robot_reply(shown, reply)


def _reply(response: requests.Response, url: str) -> bytes:
    """The first 64 KiB of the answer's body. After a 2xx status the receiver has taken the
    post: a body that trickles past the deadline or breaks off must not make it a failure, or
    the outbox would post it again."""
    try:
        return response.raw.read(65536, decode_content=True) or b""
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        if not 200 <= response.status_code < 300:
            raise
        logger.warning("webhook %s: answered %s, then its body broke off (%s); taken as delivered",
                       url, response.status_code, type(exc).__name__)
        return b""


def _check_robot_reply(url: str, reply: bytes) -> None:
    """Robots answer HTTP 200 with an error code in the body when they reject a message."""
    try:
        data = json.loads(reply)
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    for key in ("errcode", "code", "StatusCode"):
        code = data.get(key)
        if isinstance(code, int) and code != 0:
            message = data.get("errmsg") or data.get("msg") or data.get("StatusMessage") or ""
            raise DeliveryError(f"webhook {url}: rejected with {key}={code} {message}".rstrip())
