"""A Chinese report says a source's listing and attachment failures in Chinese: the health
alert in the digest and the problems page give `<source>：栏目列表：列表页 <url>：服务器错误：HTTP 500`,
not the run's English (`<source>: listing: listing page <url>: http_error: …`), which `run --json`
keeps; evidence a store holds in an earlier version's words is said in Chinese too. Crawled from
a real loopback server, reported by the real site and digest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policywatch.config import Subscription
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import EventKind
from policywatch.pipeline import build_site, run_once
from policywatch.reports import build_digest
from policywatch.reports.i18n import Translator
from policywatch.reports.views import source_note
from policywatch.state import Store
from tests.hostile.test_shared_pages import LISTINGS, OWN, SHARED, TEXT, listing, page, settings

ATTACHMENT = "/zcwj/201907/P020190705.pdf"


def digest_text(events: list, lang: str) -> str:  # type: ignore[type-arg]
    mail = build_digest(events, Subscription("all", ("a@example.org",)), base_url="", sender="pw@example.org",
                        lang=lang)
    return mail.get_body(("plain",)).get_content()


def test_a_listing_failure_is_said_in_the_reports_language(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        site.route(LISTINGS["s"], listing(SHARED, OWN["s"]))
        site.route(SHARED, page(TEXT))
        site.route(OWN["s"], page(["s的文件", *TEXT[1:]]))
        config = replace(settings(site, tmp_path, "s"), health_alert_after=0.0, lang="zh")
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            site.route(LISTINGS["s"], Response(500, b"server error"))
            failing = run_once(config, store, build_report_site=False, deliver=False)
            build_site(config, store)
    alert = next(e for e in failing.events if e.kind is EventKind.HEALTH)
    assert "s: listing: listing page " in alert.message, "run --json keeps the run's English"
    chinese = digest_text([alert], "zh")
    assert "s：栏目列表：列表页 " in chinese and "服务器错误：HTTP 500" in chinese, chinese
    assert "listing" not in chinese, chinese
    assert "listing page" in digest_text([alert], "en")
    problems = (config.output_dir / "problems.html").read_text(encoding="utf-8")
    assert "栏目列表：列表页" in problems and "listing page" not in problems


def test_attachment_errors_timeouts_and_former_evidence_in_chinese() -> None:
    # the messages as the pipeline writes them (wording.phrase) and as an earlier version wrote
    # a login wall's evidence (wording.FORMER_EVIDENCE)
    from policywatch.wording import phrase

    zh, en = Translator("zh"), Translator("en")
    said = (f"{phrase('attachment', url='http://x/a.pdf')}http_error: HTTP 404; "
            f"{phrase('attachment_unreadable', url='http://x/b.doc')}bad OLE header; "
            f"{phrase('source_timeout', source='南京', seconds='30')}")
    assert source_note(said, zh) == ("附件 http://x/a.pdf：服务器错误：HTTP 404；附件 http://x/b.doc 无法读取：bad OLE header；"
                                     "南京：超过 fetch.source_timeout（30 秒）后停止，其余留待下次运行")
    assert "attachment" in source_note(said, en) and "stopped after fetch.source_timeout (30 s); the rest" in \
        source_note(said, en)
    former = ("soft_404: a login page (a password field and next to no text) served with HTTP 200 in place of the "
              "document at http://x/sso/login.jsp")
    assert "登录页面" in source_note(former, zh) and "login page" not in source_note(former, zh)


def test_an_attachment_sentence_that_is_no_failure_phrase_is_not_half_translated() -> None:
    # the pipeline's "no text layer" sentence (DocumentWork's error for a refetched attachment,
    # as a store's health message holds it) is a phrase of its own: said whole in Chinese, not
    # "附件 <url>：has no text layer…"; a sentence of no phrase beginning "<url>: attachment" stays
    # as written
    from policywatch.wording import phrase

    zh = Translator("zh")
    stored = "http://x/a.pdf: attachment has no text layer or is empty; not stored"
    assert phrase("attachment_no_text", url="http://x/a.pdf") == stored
    assert source_note(stored, zh) == "附件 http://x/a.pdf 没有文字层或内容为空，未保存"
    other = "http://x/b.pdf: attachment was moved; see the page"
    assert source_note(other, zh).startswith("http://x/b.pdf: attachment was moved"), source_note(other, zh)
    failed = f"{phrase('attachment', url='http://x/c.pdf')}not_found: HTTP 404"
    assert source_note(failed, zh).startswith("附件 http://x/c.pdf："), source_note(failed, zh)


def test_every_phrase_has_chinese_words_with_the_same_values() -> None:
    """The one phrase table (wording.PHRASES) and its Chinese (the catalogue's phrase.<key>) name
    the same values."""
    import string

    from policywatch.reports.i18n import MESSAGES
    from policywatch.wording import PHRASES

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name} - {"s"}  # {s}: English plural

    missing = [key for key in PHRASES if f"phrase.{key}" not in MESSAGES]
    assert missing == [], "phrases without Chinese words"
    for key, english in PHRASES.items():
        zh, en = MESSAGES[f"phrase.{key}"]
        assert en == english and fields(zh) == fields(english), key


def test_status_words_are_not_reworded_inside_a_runs_message() -> None:
    """status's own words (PHRASES status_*: "ok", "never", "BLOCKED (…)") are never looked for
    inside a run's messages: an "ok" in an error stays an "ok", not status's 正常."""
    from policywatch.wording import PHRASES, reword

    own = [template for key, template in PHRASES.items() if key.startswith("status_") and "{" not in template]
    assert own, "status says words of its own"
    for words in own:
        text = f"robots.txt {words.strip()} read"
        assert reword(text, lambda key, values: f"<{key}>") == text, words
