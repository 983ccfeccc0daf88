"""One hostile document through every output: the site, the feeds, the email digest and the
webhook posts of all four formats.

The text is a real document (tests/data/seeds/003: 宁政办发〔2019〕37号, Nanjing's AI landmark
action plan) served by a real loopback site and crawled twice, with a change in between. What
is hostile is synthetic, added to it: a title of 100,000 characters carrying script tags,
Jinja2 syntax (`{{ }}`, `{% %}`), a right-to-left override and zero-width characters, and one
clause of a million characters (the seed's own sentences repeated). Every output must stay
markup-safe, never evaluate the template syntax, and stay within its bound.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

from policywatch.config import FetchSettings, Settings, SmtpSettings, SourceConfig, Subscription, Webhook
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.conftest import SmtpCollector, start_smtp
from tests.govsite import seed_lines

TEXT = seed_lines("003_388d20438c39147f.txt", 8, 6)
LISTING, PAGE = "/zcwj/index.html", "/zcwj/201907/t20190701_1.html"
FORMATS = ("json", "wecom", "dingtalk", "feishu")
# what a template engine would make of the syntax, were it ever evaluated: must appear nowhere
EVALUATED = ("PWNEDPWNEDPWNED", "__class__ ==", "<class ")
HOSTILE = ("<script>alert(1)</script>{{ 7*7 }}{{ ''.__class__ }}{% for x in range(3) %}PWNED{% endfor %}"
           "\u202e\u200b\u200d\u2066")
TITLE = "南京市打造人工智能产业地标行动计划" + (HOSTILE * (100_000 // len(HOSTILE)))
GIANT = "".join(TEXT) * (1_000_000 // len("".join(TEXT)) + 1)


def page(amount: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in TEXT).replace("100", amount, 1)
    giant = GIANT.replace("。", f"。{amount}", 1)  # the giant clause changes too
    escaped = TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f'<html><head><meta charset="utf-8"><title>{escaped}</title></head><body>'
            f'<table class="xxgk_table"><tr><td>标　　题：</td><td>{escaped}</td></tr>'
            f"<tr><td>发文机关：</td><td>南京市人民政府办公厅{{{{ 7*7 }}}}</td></tr>"
            f"<tr><td>发文字号：</td><td>宁政办发〔2019〕37号</td></tr></table>"
            f'<div class="TRS_Editor">{body}<p>（九）{giant}</p><p>（十）{{% raw %}}{escaped}</p></div>'
            f"</body></html>").encode()


def listing(_: RecordedRequest) -> Response:
    body = (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">'
            f'<li><a href="{PAGE}">行动计划</a><span>2019-07-01</span></li></ul></body></html>')
    return Response(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def test_a_hostile_document_is_safe_and_bounded_in_every_output(tmp_path: Path) -> None:
    answer = {"page": page("100")}
    ok = Response(body=b'{"errcode": 0}', headers={"Content-Type": "application/json"})
    routes = {LISTING: listing, PAGE: lambda _: Response(body=answer["page"], headers={
        "Content-Type": "text/html; charset=utf-8"}), **{f"/hook/{f}": ok for f in FORMATS}}
    mailbox = SmtpCollector()
    smtp = start_smtp(mailbox, data_size_limit=0)
    try:
        with LoopbackSite(routes=routes) as site:  # type: ignore[arg-type]
            settings = Settings(
                database=tmp_path / "pw.db", output_dir=tmp_path / "site", site_base_url="https://p.example.org/",
                fetch=FetchSettings(min_delay=0.0, retries=0, max_bytes=50_000_000),
                sources=(SourceConfig(name="s", listing_urls=(site.url(LISTING),), profile="trs", allow_private=True),),
                smtp=SmtpSettings(host="127.0.0.1", port=smtp.port, security="none", timeout=10),
                subscriptions=(Subscription(name="team", recipients=("team@example.org",), frequency="immediate"),),
                webhooks=tuple(Webhook(name=f, url=site.url(f"/hook/{f}"), format=f, allow_private=True)
                               for f in FORMATS),
            )
            with Store.open(settings.database) as store:
                run_once(settings, store)
                answer["page"] = page("300")
                started = time.monotonic()
                second = run_once(settings, store)
                took = time.monotonic() - started
            posts = {f: [r.body for r in site.requests_to(f"/hook/{f}") if r.method == "POST"] for f in FORMATS}
    finally:
        smtp.stop()

    assert second.changes == 1, second.errors
    assert second.delivery is not None and second.delivery["failed"] == 0, second.delivery
    assert took < 120, f"the second run took {took:.0f} s"
    outputs: dict[str, bytes] = {}

    for path in (tmp_path / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml"):
            data = path.read_bytes()
            outputs[str(path.relative_to(tmp_path))] = data
            # a page or feed quotes a giant clause and title cut, never whole
            assert len(data) < 2_000_000, f"{path}: {len(data):,} bytes"
    for path, data in outputs.items():
        if path.endswith(".xml"):
            etree.fromstring(data)  # strict XML: a control or bidi character breaks nothing
            continue
        soup = BeautifulSoup(data, "lxml")
        for script in soup.find_all("script"):
            assert script.get("src") or "alert(1)" not in script.get_text(), f"{path}: injected script"
    assert any("{{ 7*7 }}" in data.decode("utf-8") for data in outputs.values()), "the syntax is shown as text"

    assert len(mailbox.raw) == 2
    digest = mailbox.raw[-1]
    outputs["digest"] = digest
    assert len(digest) < 1_000_000, f"digest of {len(digest):,} bytes"
    message = mailbox.messages[-1]
    assert all("\n" not in str(v) and "\u202e" not in str(v) for v in message.values())
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_content()
    assert not BeautifulSoup(html, "lxml").find_all("script")

    for fmt, bodies in posts.items():
        assert len(bodies) == 2, fmt
        for body in bodies:
            outputs[f"hook {fmt}"] = body
            assert len(body) <= 64 * 1024, f"{fmt}: {len(body):,} bytes"
            json.loads(body)
            if fmt == "wecom":
                assert len(json.loads(body)["markdown"]["content"].encode("utf-8")) <= 4096

    for where, data in outputs.items():
        text = data.decode("utf-8", "replace")
        assert not any(mark in text for mark in EVALUATED), f"{where}: template syntax was evaluated"


def test_a_cut_cell_never_ends_inside_a_tag_or_a_reference_and_closes_its_marks() -> None:
    from markupsafe import Markup

    from policywatch.reports.pages import _cut_markup

    html = Markup("<del>甲&lt;乙</del>丙<ins>丁&amp;戊</ins>")
    for limit in range(1, len(html)):
        cut = str(_cut_markup(html, limit))
        assert cut.endswith("…") and len(cut) <= limit + len("</ins></del>…")
        body = cut[:-1]
        assert body.count("<del>") == body.count("</del>") and body.count("<ins>") == body.count("</ins>"), cut
        assert etree.fromstring(f"<p>{body.replace('&lt;', '&#60;').replace('&amp;', '&#38;')}</p>") is not None
    assert _cut_markup(html, len(html)) == html
