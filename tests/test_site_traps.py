"""Traps of unseen government sites (tests/traps.py), crawled from outside through `run --json`.

Each test springs one trap on a loopback column between two runs and checks what the run said
and what was stored: a blocked or hollow answer is named in the run's warnings and never becomes
a version (nor a document "emptied"); a redirect written into a page is followed on every run.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from requests.utils import requote_uri

from tests import traps
from tests.unseen import cli, run_json, write_config

FIRST = "/zcwj/202401/t20240105_101.html"


def _warned(run: dict, path: str, outcome: str) -> list[str]:
    return [w for w in run["warnings"] if f"{path}: not read this run, {outcome}" in w]


@pytest.mark.parametrize(("trap", "outcome", "why"), [
    ("waf412", "challenge", "HTTP 412 challenge ($_ts)"),  # 瑞数: 412 and its $_ts script
    ("waf200", "challenge", "a page of scripts and nothing else"),  # no known marker, HTTP 200
    ("wafblock", "challenge", "WAF block or verification page served with HTTP 200 (网站防火墙)"),  # 安全狗
    ("captcha", "challenge", "WAF block or verification page served with HTTP 200 (完成安全验证)"),  # a slider
    ("tocolumn", "soft_404", "document URL redirected to its column's listing page"),  # 302 to the list
    ("listed", "soft_404", "a list of documents linking this one served in its place"),  # CSRC, throttled
    ("login", "soft_404", "a login page (a password field and next to no text)"),  # 302 to an SSO form
    ("soft404", "soft_404", "页面不存在"),  # 200 and an error notice inside the site chrome
    ("soft404chrome", "soft_404", "页面不存在"),  # … a chrome of 150 menu links, as large as the document
])
def test_a_blocked_or_hollow_answer_is_warned_about_and_never_stored(tmp_path: Path, trap: str, outcome: str,
                                                                     why: str) -> None:
    found = traps.measure(trap, tmp_path)
    first, second = found["runs"]
    assert first["counts"]["new_documents"] == 2 and first["warnings"] == []
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert second["outcomes"].get(outcome) == 1 and second["events"] == []
    warned = _warned(second, FIRST, outcome)
    assert len(warned) == 1 and why in warned[0] and "its stored version stands" in warned[0]
    (path,) = [p for p in found["versions"] if p.endswith(FIRST)]
    assert len(found["versions"][path]) == 1 and "南京" in found["versions"][path][0]


def test_a_new_document_answering_page_not_found_inside_a_big_menu_is_not_stored(tmp_path: Path) -> None:
    with traps.serve("soft404chrome") as site:
        site.state["round"] = 1
        report = run_json(write_config(tmp_path, traps.source_lines("soft404chrome", site.base_url)))
        stored = traps.versions(tmp_path / "policywatch.toml")
    assert report["counts"]["new_documents"] == 1 and report["outcomes"]["soft_404"] == 1
    (warned,) = _warned(report, FIRST, "soft_404")
    assert "页面不存在" in warned and "(nothing stored)" in warned
    assert [p.rsplit("/", 1)[1] for p in stored] == ["t20240108_102.html"]


@pytest.mark.parametrize(("trap", "outcome"), [("waf200", "challenge"), ("waf412", "challenge"),
                                              ("wafblock", "challenge"), ("tocolumn", "soft_404"), ("login", "soft_404")])
def test_a_new_document_behind_a_challenge_is_not_stored(tmp_path: Path, trap: str, outcome: str) -> None:
    """The trap sprung on the first visit: the page is not taken for a document without text."""
    with traps.serve(trap) as site:
        site.state["round"] = 1
        report = run_json(write_config(tmp_path, traps.source_lines(trap, site.base_url)))
    assert report["counts"]["new_documents"] == 1 and report["outcomes"][outcome] == 1
    assert len(_warned(report, FIRST, outcome)) == 1 and "(nothing stored)" in _warned(report, FIRST, outcome)[0]
    assert not any(FIRST in e for e in report["errors"])


def test_a_script_only_challenge_is_told_from_an_app_shell_and_a_script_redirect() -> None:
    """The variants the rule must keep apart: a <div id="app"> page drawn by scripts is not a
    challenge, a bare location.href page is a redirect, and a challenge with a visible noscript
    line is still one."""
    from policywatch.crawler.classify import Evidence, classify
    from policywatch.model import FetchOutcome

    def outcome(html: str) -> FetchOutcome:
        return classify(Evidence(status=200, body=html.encode(), text=html, format="html"))[0]

    assert outcome(traps.WAF_200.decode()) is FetchOutcome.CHALLENGE
    shell = '<html><head><script src="/js/app.js"></script></head><body><div id="app"></div></body></html>'
    assert outcome(shell) is not FetchOutcome.CHALLENGE
    assert outcome('<html><head><script>location.href="/xxgk/t1.html";</script></head><body></body></html>') \
        is not FetchOutcome.CHALLENGE
    jsl = "<html><body><script>document.cookie=('__jsl_clearance_s=1');location.reload()</script></body></html>"
    assert outcome(jsl) is FetchOutcome.CHALLENGE  # 加速乐: its marker


@pytest.mark.parametrize("trap", ["refresh", "jsredirect"])
def test_a_redirect_written_into_the_listed_page_is_followed_on_every_run(tmp_path: Path, trap: str) -> None:
    """The second run knows the article's size: the tiny redirect page is still followed, not a stub."""
    found = traps.measure(trap, tmp_path)
    for run in found["runs"]:
        assert "stub" not in run["outcomes"] and run["warnings"] == [] and run["errors"] == []
    assert found["runs"][1]["counts"]["changes"] == 0
    assert sorted(len(texts) for texts in found["versions"].values()) == [1, 1]


def test_an_xhr_listing_names_its_api_and_the_json_profile_reads_it(tmp_path: Path) -> None:
    """A provincial portal's HTML shell whose list comes from /api/…?page=N: the run says which
    URL its scripts ask, and the config it suggests (profile json) reads the column."""
    import re

    with traps.serve("xhr") as site:
        shell = run_json(write_config(tmp_path, traps.source_lines("xhr", site.base_url)))
        (error,) = shell["errors"]
        assert "rendered by JavaScript" in error and shell["outcomes"] == {"unsupported": 1}
        api = re.search(r'listing_urls = \["([^"]+)"\]', error)
        assert api is not None and api[1] == site.url("/api/zcwj/list?page=1")
        config = write_config(tmp_path, f'name = "xhr"\nlisting_urls = ["{api[1]}"]\nprofile = "json"\n'
                                        'json_items = "data.list"\njson_date_field = "pubDate"')
        report = run_json(config)
        assert report["errors"] == [] and report["counts"]["new_documents"] == 2
        assert len(site.requests_to("/api/zcwj/list")) == 2  # page 1, then the empty page 2 ends it


def test_a_mirror_host_s_documents_are_read_once(tmp_path: Path) -> None:
    """The column on a second host name (as a www. and a bare name serve one site): 2 documents, not 4."""
    found = traps.measure("mirror", tmp_path)
    first = found["runs"][0]
    assert first["counts"]["new_documents"] == 2 and first["outcomes"] == {"ok": 4}  # 2 listings, 2 documents
    assert sorted(p.split("/", 1)[0].split(":")[0] for p in found["versions"]) == ["127.0.0.1", "127.0.0.1"]
    assert any("2 document(s) listed on localhost:" in w and "(a mirror host)" in w for w in first["warnings"])


def test_documents_on_two_hosts_at_different_paths_are_all_read(tmp_path: Path) -> None:
    """The variant the mirror rule must leave alone: a column listing a sister host's documents."""
    from policywatch.demo.server import LoopbackSite, Response

    paths = list(traps.DOCS)
    with LoopbackSite(routes=traps._column(paths)) as site:
        other = site.base_url.replace("127.0.0.1", "localhost")
        body = traps.listing([paths[0], f"{other}{paths[1]}"])  # the second one on the sister host
        site.route("/zcwj/index.html", Response(body=body, headers=traps.HTML))
        config = write_config(tmp_path, f'name = "two"\nlisting_urls = ["{site.url("/zcwj/index.html")}"]\n'
                                        f'allowed_hosts = ["127.0.0.1", "localhost"]')
        report = run_json(config)
    assert report["counts"]["new_documents"] == 2 and not any("mirror" in w for w in report["warnings"])


def test_an_article_split_over_three_pages_is_joined_and_a_lost_part_is_not_a_cut(tmp_path: Path) -> None:
    """t…_101.html, _101_2.html, _101_3.html: one document with all its lines in order; when a
    later visit cannot read part 3, the stored text stands (nothing reported deleted)."""
    from policywatch.demo.server import Response

    with traps.serve("split") as site:
        config = write_config(tmp_path, traps.source_lines("split", site.base_url))
        first = run_json(config)
        site.route("/zcwj/202401/t20240105_101_3.html", Response(status=503, body=b"busy"))
        second = run_json(config)
        stored = traps.versions(config)
    assert first["counts"]["new_documents"] == 1 and first["errors"] == []
    (texts,) = stored.values()
    lines = [line for line in texts[-1].splitlines() if line in traps.NJ]
    assert lines == traps.NJ and len(texts) == 1
    assert second["counts"]["changes"] == 0 and second["events"] == []
    assert any("page 3 of the article" in w and "(its stored version stands)" in w for w in second["warnings"])


def test_a_calendar_pager_running_on_for_ever_ends_at_its_first_empty_day(tmp_path: Path) -> None:
    found = traps.measure("calendar", tmp_path)
    assert [run["counts"]["new_documents"] for run in found["runs"]] == [2, 0]
    assert found["requests"] <= 12  # per run: the column, two dated pages, two documents (the trap would go on)


@pytest.mark.parametrize(("page", "html", "parts"), [
    # TRS: relative links in a pager under the text, the current page a <span>
    ("http://h/zcwj/202401/t20240105_101.html", '<span>1</span><a href="t20240105_101_2.html">2</a>'
     '<a href="./t20240105_101_3.html">3</a><a href="t20240105_101_2.html">下一页</a>', ["t20240105_101_2.html", "t20240105_101_3.html"]),
    # gov.cn content_N.htm with absolute links and a query
    ("https://www.gov.cn/zhengce/content/202401/content_9001.htm",
     "<a href='https://www.gov.cn/zhengce/content/202401/content_9001_2.htm?from=pager'>2</a>", ["content_9001_2.htm"]),
    # a lone _5 (another document of the column), another stem, another host: no parts
    ("http://h/zcwj/t20240105_101.html", '<a href="t20240105_101_5.html">x</a><a href="t20240105_1012_2.html">y</a>'
     '<a href="http://mirror.h/zcwj/t20240105_101_2.html">z</a>', []),
])
def test_continuation_pages_are_an_unbroken_run_of_the_same_stem(page: str, html: str, parts: list[str]) -> None:
    from policywatch.extract.html import continuation_urls

    found = continuation_urls(html, page)
    assert [u.rsplit("/", 1)[1] for u in found] == parts
    assert all("?" not in u for u in found)


def test_a_host_asking_to_be_left_alone_for_an_hour_is_neither_waited_for_nor_asked_again(tmp_path: Path) -> None:
    """503 and Retry-After: 3600 on one document: the run does not sleep fetch.max_backoff (300 s)
    per document nor come back after it; each document of the host is named, none is lost."""
    import time

    started = time.monotonic()
    found = traps.measure("maintenance", tmp_path)
    second = found["runs"][1]
    assert time.monotonic() - started < 60
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert second["outcomes"] == {"ok": 1, "maintenance": 1, "throttled": 1} and second["events"] == []
    (closed,) = _warned(second, FIRST, "maintenance")
    assert "3600 s (Retry-After)" in closed and "its stored version stands" in closed
    (skipped,) = [w for w in second["warnings"] if "t20240108_102.html: not read this run, throttled" in w]
    assert "Retry-After" in skipped
    assert sorted(len(texts) for texts in found["versions"].values()) == [1, 1]


def test_a_host_that_keeps_asking_to_wait_is_waited_for_up_to_its_budget_then_left_alone(tmp_path: Path) -> None:
    """503 and Retry-After: 2 on every document (each within fetch.max_backoff): the run waits on
    the host for fetch.host_wait_budget (3 s) in all, not 2 s per document and retry, then leaves
    it alone. The warnings name the two documents asked, then the six left unasked in one line
    (their count and the first three); `unread` names each of the eight, none is lost."""
    import time

    with traps.serve("busy") as site:
        config = traps.config_for("busy", tmp_path, site.base_url)
        assert run_json(config)["counts"]["new_documents"] == 8
        site.state["round"] = 1
        before, started = len(site.requests), time.monotonic()
        second = run_json(config)
        asked = [r.route for r in site.requests[before:] if r.route.startswith("/zcwj/2024")]
        host = site.base_url.removeprefix("http://")
    assert len(asked) == 2  # two documents; the other six are not requested
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    warned = [w for w in second["warnings"] if "not read this run, " in w]
    assert len(warned) == 3 and sum("host_wait_budget" in w for w in warned) == 2, warned
    rested = [w for w in warned if w.startswith(f"{host}: 6 documents not read this run, throttled: not requested")]
    assert len(rested) == 1 and rested[0].endswith(" and 3 more (run --json: unread)") and len(rested[0]) < 600
    assert "their stored versions stand" in rested[0] and rested[0].count("/zcwj/202401/") == 3
    unread = second["unread"]
    assert len({u["url"] for u in unread}) == len(unread) == 8 and all(u["stored"] for u in unread)
    assert sorted(u["outcome"] for u in unread) == ["http_error"] * 2 + ["throttled"] * 6
    assert time.monotonic() - started < 60
    # no failure (they are read next run), but `status` says so rather than a bare ok
    shown = cli("status", "--config", str(config))
    assert shown.returncode == 0 and "正常（本次有 8 份文件未能读取：访问过于频繁 6、服务器错误 2）" in shown.stdout, shown.stdout


def test_one_document_listed_under_several_spellings_of_its_address_is_one_document(tmp_path: Path) -> None:
    """HTTP:// and #fragment, //, ./ and ../, %5F for _, a Chinese folder raw and escaped in lower
    case: two documents, each requested once per run, stored under one URL."""
    found = traps.measure("variants", tmp_path)
    for run in found["runs"]:
        assert run["errors"] == [] and run["warnings"] == [] and run["outcomes"] == {"ok": 3}
    assert found["runs"][0]["counts"]["new_documents"] == 2
    assert sorted(p.split("/", 1)[1] for p in found["versions"]) == sorted(
        [traps.FIRST_DOC.lstrip("/"), traps.CHINESE_DIR.lstrip("/")])


def test_a_gbk_site_s_escaped_query_is_requested_byte_for_byte(tmp_path: Path) -> None:
    """content.jsp?id=101&lm=%D5%FE%B2%DF%CE%C4%BC%FE: GBK bytes, not UTF-8; read as UTF-8 text they
    become U+FFFD and the servlet answers 500 (nothing would ever be stored)."""
    found = traps.measure("gbkquery", tmp_path)
    for run in found["runs"]:
        assert run["errors"] == [] and run["warnings"] == [] and run["outcomes"] == {"ok": 3}
    assert found["runs"][0]["counts"]["new_documents"] == 2
    assert sorted(found["versions"]) == sorted(f"{p.split('/')[0]}/zcwj/content.jsp?id={n}&lm={traps.COLUMN_GBK}"
                                               for p, n in zip(found["versions"], ("101", "102"), strict=True))


def test_a_document_gzipped_twice_by_its_cms_and_its_proxy_is_read(tmp_path: Path) -> None:
    found = traps.measure("gzip2", tmp_path)
    for run in found["runs"]:
        assert run["errors"] == [] and run["warnings"] == [] and run["outcomes"] == {"ok": 3}
    (path,) = [p for p in found["versions"] if p.endswith(traps.FIRST_DOC)]
    assert len(found["versions"][path]) == 1 and "南京" in found["versions"][path][0]


def test_a_meta_refresh_to_a_query_written_with_amp_is_followed_to_the_article(tmp_path: Path) -> None:
    """`content="0;URL='/xxgk/content.jsp?id=101&amp;lm=2'"`: an attribute's `&amp;` is `&`, or
    the JSP is asked for `amp;lm` and answers 404 (nothing would ever be stored)."""
    found = traps.measure("refreshquery", tmp_path)
    for run in found["runs"]:
        assert run["errors"] == [] and run["warnings"] == [] and run["outcomes"] == {"ok": 3}
    assert found["runs"][0]["counts"]["new_documents"] == 2
    assert sorted(len(texts) for texts in found["versions"].values()) == [1, 1]


def test_a_listing_paged_only_through_a_select_jump_is_read_to_its_end(tmp_path: Path) -> None:
    found = traps.measure("select", tmp_path)
    first = found["runs"][0]
    assert first["counts"]["new_documents"] == 2 and first["errors"] == [] and first["warnings"] == []
    assert found["runs"][1]["counts"]["new_documents"] == 0


def test_a_listing_paged_only_by_posting_a_form_is_read_to_its_end(tmp_path: Path) -> None:
    """下一页 is goPage(2): a script that sets the form's pageNo and submits it (JSP portals)."""
    with traps.serve("postpager") as site:
        config = write_config(tmp_path, traps.source_lines("postpager", site.base_url))
        report = run_json(config)
        posts = [r for r in site.requests_to("/zcwj/list.jsp") if r.method == "POST"]
    assert report["counts"]["new_documents"] == 2 and report["errors"] == [] and report["warnings"] == []
    assert len(posts) == 1 and "pageNo=2" in posts[0].body.decode() and "columnId=1261" in posts[0].body.decode()


def test_one_etag_for_every_page_does_not_hide_an_edit(tmp_path: Path) -> None:
    """A CMS sending one ETag (and Last-Modified) for all its pages answers 304 to every
    conditional GET: a validator two documents share says nothing about either, so it is not sent."""
    found = traps.measure("etag", tmp_path)
    second = found["runs"][1]
    assert second["counts"]["changes"] == 1 and [e["kind"] for e in second["events"]] == ["changed"]
    (texts,) = [t for p, t in found["versions"].items() if p.endswith(FIRST)]
    assert len(texts) == 2 and traps.NJ[traps.DROPPED] not in texts[-1].splitlines()


def test_an_attachment_linked_on_a_continuation_page_is_kept_once(tmp_path: Path) -> None:
    found = traps.measure("splitattach", tmp_path)
    first, second = found["runs"]
    assert first["counts"]["new_documents"] == 2 and first["errors"] == []
    (pdf,) = [p for p in found["versions"] if p.endswith(".pdf")]
    assert traps.ATTACHMENT_LINES[0] in found["versions"][pdf][0]
    (page,) = [t for p, t in found["versions"].items() if p.endswith(FIRST)]
    assert [line for line in page[-1].splitlines() if line in traps.NJ] == traps.NJ
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}


def test_a_web_page_answering_for_a_file_is_never_stored_as_the_file(tmp_path: Path) -> None:
    """A .pdf link answering with the column page (as application/pdf) or a Tomcat error page
    (HTTP 200, application/octet-stream): the stored PDF keeps its one version, the other is never
    stored, and each is named once as not the file."""
    found = traps.measure("fileerror", tmp_path)
    first, second = found["runs"]
    assert first["counts"]["new_documents"] == 3  # two pages and the first PDF
    (tomcat,) = [e for e in first["errors"] if "P020240108.pdf" in e]
    assert "attachment soft_404: a web page ('HTTP Status 500 - Internal Server Error') answered for the file" in tomcat
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert second["events"] == []
    (said,) = [line for line in second["errors"] + second["warnings"] if "P020240105391.pdf" in line]
    assert "not read this run, soft_404: a web page ('政策文件') answered for the file" in said
    (pdf,) = [p for p in found["versions"] if p.endswith(".pdf")]
    assert pdf.endswith("P020240105391.pdf") and len(found["versions"][pdf]) == 1
    assert traps.ATTACHMENT_LINES[0] in found["versions"][pdf][0]


def test_a_stored_attachment_is_fetched_once_a_run_and_its_failure_said_once(tmp_path: Path) -> None:
    """A stored PDF is re-checked as its own job: its page does not download it again (a server
    ignoring conditional GETs sent it twice a run) nor report its failure a second time."""
    with traps.serve("fileerror") as site:
        config = traps.config_for("fileerror", tmp_path, site.base_url)
        run_json(config)
        site.state["round"] = 1
        before = len(site.requests_to("/zcwj/202401/P020240105391.pdf"))
        second = run_json(config)
        fetched = len(site.requests_to("/zcwj/202401/P020240105391.pdf")) - before
    assert fetched == 1
    assert [u["url"].rsplit("/", 1)[1] for u in second["unread"]] == ["P020240105391.pdf"]
    assert not [e for e in second["errors"] if "P020240105391.pdf" in e]


def test_a_body_selector_that_misses_a_redesigned_page_is_said_in_the_run(tmp_path: Path) -> None:
    found = traps.measure("template", tmp_path)
    first = found["runs"][0]
    assert first["counts"]["new_documents"] == 2
    (missed,) = [w for w in first["warnings"] if "t20240108_102.html" in w]
    assert "body selector 'div.TRS_Editor' matched nothing" in missed
    (texts,) = [t for p, t in found["versions"].items() if p.endswith("t20240108_102.html")]
    assert all(line in texts[0] for line in traps.YX[:4])


def test_a_wrong_charset_declaration_and_a_footer_in_another_encoding_lose_no_document(tmp_path: Path) -> None:
    found = traps.measure("mixedcharset", tmp_path)
    first = found["runs"][0]
    assert first["counts"]["new_documents"] == 2 and first["outcomes"] == {"ok": 3}
    assert first["errors"] == [] and first["warnings"] == []
    texts = {p.rsplit("/", 1)[1]: t[-1] for p, t in found["versions"].items()}
    assert [line for line in texts["t20240105_101.html"].splitlines() if line in traps.NJ] == traps.NJ
    assert all(line in texts["t20240108_102.html"] for line in traps.YX[:4])


def test_attachments_named_only_by_their_content_disposition_are_kept_under_that_name(tmp_path: Path) -> None:
    """点击下载 → dl.jsp?id=2, 附件2 → downfile.jsp?fileid=3, 附件3, 下载: every file is read (the first
    was never followed), each called by the name its download gave (GBK bytes, RFC 5987 bare and
    in quotes, RFC 2047 encoded words in UTF-8 and GBK)."""
    from tests.unseen import documents

    found = traps.measure("download", tmp_path)
    first, second = found["runs"]
    assert first["counts"]["new_documents"] == 2 + len(traps.DOWNLOADS) and first["errors"] == []
    assert first["warnings"] == []
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    rows = documents(tmp_path / "policywatch.toml")
    for path, (name, lines) in traps.DOWNLOADS.items():
        (row,) = [r for p, r in rows.items() if p.startswith(path)]
        assert row["title"] == name.rsplit(".", 1)[0]
        (texts,) = [t for p, t in found["versions"].items() if p.split("?")[0].endswith(path)]
        assert len(texts) == 1 and lines[0] in texts[0].splitlines()


def test_a_30_mb_page_and_an_endless_body_are_cut_named_and_lose_nothing_else(tmp_path: Path) -> None:
    import time

    started = time.monotonic()
    found = traps.measure("huge", tmp_path)
    first, second = found["runs"]
    assert time.monotonic() - started < 120
    assert first["counts"]["new_documents"] == 2
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert second["outcomes"] == {"ok": 1, "too_large": 2} and second["events"] == []
    for name in ("t20240105_101.html", "t20240108_102.html"):
        (said,) = [w for w in second["warnings"] if f"{name}: not read this run, too_large: body exceeds" in w]
        assert said.endswith("(its stored version stands)") and said.count(name) == 1
    assert sorted(len(texts) for texts in found["versions"].values()) == [1, 1]


def test_a_new_document_too_large_to_read_is_named_not_dropped(tmp_path: Path) -> None:
    with traps.serve("huge") as site:
        site.state["round"] = 1  # type: ignore[attr-defined]
        report = run_json(write_config(tmp_path, traps.source_lines("huge", site.base_url)))
    assert report["counts"]["new_documents"] == 0 and report["outcomes"]["too_large"] == 2
    said = [w for w in report["warnings"] if ": not read this run, too_large:" in w and "(nothing stored)" in w]
    assert len(said) == 2


def test_a_document_reached_through_redirects_spelled_otherwise_stays_one_document(tmp_path: Path) -> None:
    """Short links 302 to the documents under the server's spellings (`//` and `;jsessionid=`, a
    raw UTF-8 folder, 微信 share parameters); the next run reaches them through another short link
    and directly. Two documents, each found again: none new, none gone from the listing."""
    found = traps.measure("respelled", tmp_path)
    first, second = found["runs"]
    assert first["errors"] == [] and first["counts"]["new_documents"] == 2
    assert second["errors"] == [] and second["counts"]["new_documents"] == 0, second
    assert not [e for e in second["events"] if e["kind"] == "new_document"], second["events"]
    assert len(found["versions"]) == 2 and all(len(texts) == 1 for texts in found["versions"].values())


def test_a_store_holding_redirect_targets_as_servers_spelled_them_still_finds_its_documents(tmp_path: Path) -> None:
    """A store written before redirect targets were spelled one way holds `//…;jsessionid=…` and
    `%E6%94%BF…` as the server sent them: the next run still finds both documents."""
    import sqlite3

    with traps.serve("respelled") as site:
        config = traps.config_for("respelled", tmp_path, site.base_url)
        first = run_json(config)
        with sqlite3.connect(tmp_path / "pw.db") as db:  # the aliases as the earlier crawler stored them
            db.execute("DELETE FROM store_meta WHERE key = 'alias_spelling'")
            for number, target in traps.RESPELLED["/zcwj/show.jsp"].items():
                listed = site.url(f"/zcwj/show.jsp?id={number}")
                (document_id,) = db.execute("SELECT document_id FROM aliases WHERE url = ?", [listed]).fetchone()
                location = target.replace("{base}", site.base_url).encode("latin-1").decode()  # as requests reads it
                served = requote_uri(urljoin(listed, location))
                db.execute("DELETE FROM aliases WHERE document_id = ? AND url != ?", [document_id, listed])
                db.execute("INSERT INTO aliases SELECT source, ?, document_id, first_seen FROM aliases WHERE url = ?",
                           [served, listed])
            held = sorted(r[0].split("/", 3)[3] for r in db.execute("SELECT url FROM aliases"))
        site.state["round"] = 1  # type: ignore[attr-defined]
        second = run_json(config)
    assert first["counts"]["new_documents"] == 2
    assert held == ["zcwj/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/t20240108_102.html",
                    "zcwj//202401/t20240105_101.html;jsessionid=1F2E3D4C5B6A79880A1B2C3D",
                    "zcwj/show.jsp?id=101", "zcwj/show.jsp?id=102"]
    assert second["errors"] == [] and second["counts"]["new_documents"] == 0, second["events"]


@pytest.mark.parametrize("trap", ["pagescript", "pagequoted"])
def test_a_trs_pager_defined_in_its_page_above_its_call_is_walked_to_its_last_page(tmp_path: Path, trap: str) -> None:
    """`function createPageHTML(_nPageCount, _nCurrIndex, …)` is no call: the pages come from the call below it,
    its numbers bare or quoted (`createPageHTML("3", "1", "index", "html")`)."""
    found = traps.measure(trap, tmp_path)
    first, second = found["runs"]
    assert first["counts"]["new_documents"] == 3 and first["errors"] == [] and first["warnings"] == []
    assert second["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert sorted(p.rsplit("/", 1)[1] for p in found["versions"]) == [
        "t20240105_101.html", "t20240108_102.html", "t20240110_103.html"]


def test_a_stored_documents_page_is_scanned_for_a_not_found_notice_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The store's view of the job (DocumentProcessor.known) looks for the notice to decide whether
    to read the stored text's length; the work then judges the page by that notice, not by a second
    scan of a page that may be megabytes of menus."""
    from policywatch import crawler
    from policywatch.config import load_settings
    from policywatch.pipeline import run_once
    from policywatch.state import Store

    scanned: list[str] = []
    real = crawler.not_found_notice

    def counted(text: str) -> str:
        scanned.append(text)
        return real(text)

    with traps.serve("soft404chrome") as site:
        settings = load_settings(traps.config_for("soft404chrome", tmp_path, site.base_url))
        with Store.open(settings.database) as store:
            run_once(settings, store, build_report_site=False, deliver=False)
            site.state["round"] = 1
            monkeypatch.setattr(crawler, "not_found_notice", counted)
            second = run_once(settings, store, build_report_site=False, deliver=False)
    assert second.outcomes.get("soft_404") == 1
    notices = [text for text in scanned if "页面不存在" in text]
    assert len(notices) == 1, f"the notice page was scanned {len(notices)} times"


def test_an_xxgk_catalogue_paged_by_posting_to_its_json_api_is_read_with_its_index_numbers(tmp_path: Path) -> None:
    """政府信息公开目录: the table of 索引号 / 名称 / 文号 is filled from POST /api/xxgk/list (a GET
    answers 405); json_post names the form fields. Every document is read once with its 索引号,
    its GB2312 page decoded by its meta though sent as charset=ISO-8859-1, and the API is asked for
    each page once a run (page 3, empty, ends the list)."""
    with traps.serve("xxgkpost") as site:
        config = write_config(tmp_path, traps.source_lines("xxgkpost", site.base_url))
        report = run_json(config)
        posts = [r.body.decode() for r in site.requests_to("/api/xxgk/list") if r.method == "POST"]
        again = run_json(config)
        stored = traps.versions(config)
        docs = cli("export", "--config", str(config), "--format", "json", "--kind", "documents").stdout
    assert report["counts"]["new_documents"] == 3 and report["errors"] == [] and report["warnings"] == [], report
    assert [p.split("&")[0] for p in posts] == ["pageNo=1", "pageNo=2", "pageNo=3"] and "channelId=zcwj" in posts[0]
    assert again["counts"]["new_documents"] == again["counts"]["changes"] == 0
    assert all(traps.XXGK_SYH.format(n=n) in docs for n in (101, 102, 103)), docs
    assert any("打造人工智能产业地标" in texts[-1] for texts in stored.values()), stored


def test_a_listing_whose_pages_are_reached_through_302s_to_other_paths_is_read_and_nothing_loops(tmp_path: Path) -> None:
    """/zcwj/index.html and index_1.html answer 302 to /site/col/1261/list_N.jsp, whose rows link
    relative to there; page 2's 下一页 leads through a 302 back to page 1 (the list's end), and a
    listed document redirects to itself for ever: named as refused, asked a bounded number of times."""
    found = traps.measure("hop302", tmp_path)
    first = found["runs"][0]
    assert first["counts"]["new_documents"] == 3 and first["errors"] == [], first
    assert [w for w in first["warnings"] if "redirect" in w and "t20240111_104" in w], first["warnings"]
    assert sorted(path.rsplit("/", 1)[1] for path in found["versions"]) == [
        "t20240105_101.html", "t20240108_102.html", "t20240110_103.html"]
    assert found["requests"] < 40


def test_a_listing_whose_next_page_is_a_forms_submit_button_is_read_to_its_end(tmp_path: Path) -> None:
    """下一页 is <input type="submit"> in a POST form whose hidden pageIndex is already the next
    page (with channelId and a token): the form is sent as a browser sends it, page after page,
    until the last page's disabled button. Unread, the list stopped at its first document."""
    with traps.serve("formnext") as site:
        config = write_config(tmp_path, traps.source_lines("formnext", site.base_url))
        report = run_json(config)
        posts = [r.body.decode() for r in site.requests_to("/zcwj/list.jsp") if r.method == "POST"]
    assert report["counts"]["new_documents"] == 3 and report["errors"] == [] and report["warnings"] == [], report
    assert len(posts) == 2 and all("token=a9f3e1" in p and "channelId=1261" in p for p in posts), posts
    assert "pageIndex=2" in posts[0] and "pageIndex=3" in posts[1]


def test_pages_sent_with_a_wrong_charset_header_are_read_by_their_meta(tmp_path: Path) -> None:
    """Every page GBK under a gb2312 meta, sent as charset=utf-8: titles and texts read as written."""
    found = traps.measure("charsetlie", tmp_path)
    first = found["runs"][0]
    assert first["counts"]["new_documents"] == 2 and first["errors"] == [] and first["warnings"] == [], first
    texts = [versions[-1] for versions in found["versions"].values()]
    assert any(traps.NJ[0][:12] in text for text in texts) and any(traps.YX[0][:12] in text for text in texts), texts
