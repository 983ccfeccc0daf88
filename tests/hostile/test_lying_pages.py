"""Pages that lie or fidget, crawled twice from a real loopback server: nothing lost, nothing twice.

The text is a real document (tests/data/seeds/003: 宁政办发〔2019〕37号, Nanjing's AI landmark
action plan). Each page misbehaves the way real government servers do: a UTF-8 BOM glued by a
template in front of a GBK page; attachment links carrying a servlet session id or a cache
buster that change on every visit; a page clock inside the content block.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.govsite import make_pdf, seed_lines

TEXT = seed_lines("003_388d20438c39147f.txt", 8, 6)  # 行动计划 title, preamble, 一、 and its targets
TITLE = "南京市打造人工智能产业地标行动计划"
LISTING = "/zcwj/index.html"
PAGE = "/zcwj/201907/t20190701_1.html"
ATTACHMENT_LINES = ["南京市人工智能产业地标建设重点任务分解表", "一、培育创新型企业", "二、打造创新型平台"]


def page_html(charset: str, extra: str = "") -> str:
    body = "".join(f"<p>{line}</p>" for line in TEXT)
    return (f'<html><head><meta charset="{charset}"><title>{TITLE}</title></head><body>'
            f'<div class="TRS_Editor">{body}{extra}</div></body></html>')


def listing(_: RecordedRequest) -> Response:
    body = (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">'
            f'<li><a href="{PAGE}">{TITLE}</a><span>2019-07-01</span></li></ul></body></html>')
    return Response(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def settings(site: LoopbackSite, tmp_path: Path) -> Settings:
    return Settings(
        database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
        sources=(SourceConfig(name="s", listing_urls=(site.url(LISTING),), profile="trs", allow_private=True,
                              min_delay=0.0),),
    )


def crawl_twice(tmp_path: Path, page: Response | object, routes: dict[str, object] | None = None) -> tuple:
    """Two runs over the site; (the second run's summary, every event, stored URLs, the site)."""
    with LoopbackSite(routes={LISTING: listing, PAGE: page, **(routes or {})}) as site:  # type: ignore[dict-item]
        config = settings(site, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            second = run_once(config, store, build_report_site=False, deliver=False)
            events = list(store.events())
            urls = sorted(d.url for d in store.known_documents("s"))
            texts = {d.url: store.versions(d.id)[-1].display_text for d in store.known_documents("s")}
    return second, events, urls, texts, site


def test_a_utf8_bom_in_front_of_a_gbk_page_is_read_as_gbk(tmp_path: Path) -> None:
    body = b"\xef\xbb\xbf" + page_html("gbk").encode("gbk")
    second, _events, urls, texts, _ = crawl_twice(
        tmp_path, Response(body=body, headers={"Content-Type": "text/html"}))
    assert urls == [urls[0]] and urls[0].endswith(PAGE), "the page is stored, not a decode_error"
    assert TEXT[1][:40] in texts[urls[0]]
    assert second.outcomes.get("decode_error") is None and second.changes == 0


def test_a_bom_before_gb18030_declared_only_in_the_http_header(tmp_path: Path) -> None:
    # the variant: no meta charset, the header names gb2312, the text holds a GBK-only character
    html = page_html("").replace('<meta charset="">', "").replace(TEXT[0], TEXT[0] + "（镕）")
    body = b"\xef\xbb\xbf" + html.encode("gb18030")
    _, _, urls, texts, _ = crawl_twice(
        tmp_path, Response(body=body, headers={"Content-Type": "text/html; charset=gb2312"}))
    assert len(urls) == 1 and "（镕）" in texts[urls[0]]


def _fidgeting_page(counter: itertools.count) -> object:  # type: ignore[type-arg]
    def answer(_: RecordedRequest) -> Response:
        visit = next(counter)
        extra = (f'<p>附件：<a href="/zcwj/201907/P020190701.pdf;jsessionid=A{visit}F3C9">重点任务分解表.pdf</a></p>'
                 f'<p>附件：<a href="/zcwj/201907/P020190702.pdf?_={int(time.time() * 1000) + visit}">'
                 f'申报指南.pdf</a></p>'
                 f'<p>附件：<a href="/zcwj/201907/P020190703.pdf?PHPSESSID=s{visit}k&amp;id=7">评分细则.pdf</a></p>'
                 f"<p>当前时间：2019-07-0{1 + visit % 8} 1{visit % 10}:00:0{visit % 10}</p>"
                 f"<p>今天是：2019年7月{1 + visit % 28}日 星期{'一二三四五六日'[visit % 7]}</p>")
        return Response(body=page_html("utf-8", extra).encode(), headers={"Content-Type": "text/html; charset=utf-8"})

    return answer


def test_session_ids_cache_busters_and_a_page_clock_make_no_news(tmp_path: Path) -> None:
    pdf = Response(body=make_pdf(ATTACHMENT_LINES), headers={"Content-Type": "application/pdf"})
    routes = {f"/zcwj/201907/P02019070{n}.pdf": pdf for n in (1, 2, 3)}
    second, events, urls, texts, site = crawl_twice(tmp_path, _fidgeting_page(itertools.count(1)), routes)
    assert [e.kind for e in events] == [EventKind.BASELINE], [(e.kind, e.url) for e in events]
    assert second.new_documents == 0 and second.changes == 0
    attachments = [u for u in urls if u.endswith(".pdf") or ".pdf?" in u]
    # one document per file, under the spelling without the session or the cache buster
    assert sorted(a.rsplit("/", 1)[1] for a in attachments) == [
        "P020190701.pdf", "P020190702.pdf", "P020190703.pdf?id=7"]
    page_text = next(t for u, t in texts.items() if u.endswith(PAGE))
    assert "当前时间" not in page_text and "今天是" not in page_text
    assert TEXT[2] in page_text
    assert all("jsessionid" not in r.path.lower() and "phpsessid" not in r.path.lower()
               for r in site.requests if r.route.endswith(".pdf"))


def test_a_list_api_nested_a_hundred_thousand_deep_fails_its_source_in_one_line(tmp_path: Path) -> None:
    """json.loads recurses: such an answer raised RecursionError, logged with a traceback."""
    import json
    import subprocess
    import sys

    deep = b"[" * 100_000 + b"]" * 100_000
    routes = {"/api/zcwj": Response(body=deep, headers={"Content-Type": "application/json"}),
              "/api/jsonp": Response(body=b"jQuery1123_4(" + deep + b");", headers={"Content-Type": "text/javascript"})}
    with LoopbackSite(routes=routes) as site:  # type: ignore[arg-type]
        config = tmp_path / "policywatch.toml"
        config.write_text('database = "pw.db"\noutput_dir = "site"\n[fetch]\nmin_delay = 0.0\nretries = 0\n'
                          + "".join(f'[[sources]]\nname = "{name}"\nprofile = "json"\nallow_private = true\n'
                                    f'listing_urls = ["{site.url(path)}"]\n'
                                    for name, path in (("api", "/api/zcwj"), ("jsonp", "/api/jsonp"))),
                          encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "policywatch", "run", "--config", str(config), "--json"],
                              capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and sorted(report["failed_sources"]) == ["api", "jsonp"]
    assert all("listing JSON is nested too deeply to read" in e for e in report["errors"]), report["errors"]
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stdout + done.stderr


def test_a_document_moved_by_a_meta_refresh_or_a_script_is_followed_not_replaced_by_the_notice(tmp_path: Path) -> None:
    """Run 1: the page holds the text. Run 2: it holds only a 正在跳转 notice (meta refresh) and a
    second listed page only a script redirect; both are read where they point: no change, no stub."""
    moved = {"n": False}
    notice = ('<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/zcwj/202407/t20240701_1.html">'
              "<title>页面跳转</title></head><body><p>该页面已迁移，正在为您跳转……</p></body></html>")
    scripted = ('<html><head><meta charset="utf-8"><script>window.location.href="/zcwj/202407/t20240701_2.html";'
                "</script></head><body></body></html>")
    html = {"Content-Type": "text/html; charset=utf-8"}

    def original(_: RecordedRequest) -> Response:
        return Response(body=(notice if moved["n"] else page_html("utf-8")).encode(), headers=html)

    def second_listing(_: RecordedRequest) -> Response:
        links = f'<li><a href="{PAGE}">{TITLE}</a></li>' + ('<li><a href="/zcwj/201907/t20190702_2.html">细则</a></li>'
                                                             if moved["n"] else "")
        return Response(body=f'<html><head><meta charset="utf-8"></head><body><ul>{links}</ul></body></html>'.encode(),
                        headers=html)

    rules = seed_lines("003_388d20438c39147f.txt", 14, 4)
    routes = {LISTING: second_listing, PAGE: original,
              "/zcwj/202407/t20240701_1.html": Response(body=page_html("utf-8").encode(), headers=html),
              "/zcwj/201907/t20190702_2.html": Response(body=scripted.encode(), headers=html),
              "/zcwj/202407/t20240701_2.html": Response(body=page_html("utf-8", "".join(
                  f"<p>{line}</p>" for line in rules)).encode(), headers=html)}
    with LoopbackSite(routes=routes) as site:  # type: ignore[arg-type]
        config = settings(site, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            moved["n"] = True
            second = run_once(config, store, build_report_site=False, deliver=False)
            texts = {d.url.rsplit("/", 1)[1]: store.versions(d.id)[-1].display_text for d in store.known_documents("s")}
    assert second.changes == 0 and second.new_documents == 1, second
    assert "正在为您跳转" not in texts["t20190701_1.html"] and TEXT[2] in texts["t20190701_1.html"]
    assert rules[0][:30] in texts["t20190702_2.html"]


def test_a_page_longer_than_its_content_length_is_not_stored_cut_off(tmp_path: Path) -> None:
    """A Content-Length shorter than the page: its character count (a CMS measuring the text,
    not its UTF-8 bytes), or half a gzip stream's. The reader stops where the header says, so
    the page arrives cut off mid-sentence: it is named in `run --json` and not stored, never
    taken for a document (or a version) that lost half its clauses and gets them back next run."""
    import gzip

    from tests import traps
    from tests.hostile.servers import lying_length_server
    from tests.unseen import run_json, write_config

    plain, zipped = list(traps.DOCS)
    pages = {"/zcwj/index.html": traps.listing([plain, zipped]),
             **{path: traps.article(*traps.DOCS[path]) for path in (plain, zipped)}}
    lengths = {plain: len(pages[plain].decode("utf-8"))}  # characters: some 2,500 of its 4,900 bytes
    with lying_length_server(pages, lengths, gzipped=frozenset({zipped})) as base:
        config = write_config(tmp_path, f'name = "cl"\nlisting_urls = ["{base}/zcwj/index.html"]')
        first = run_json(config)
        lengths.clear()
        lengths[zipped] = len(gzip.compress(pages[zipped])) // 2
        second = run_json(config)
        stored = traps.versions(config)
    assert first["counts"]["new_documents"] == 1 and first["errors"] == []
    (cut,) = first["warnings"]
    assert f"{plain}: not read this run, network_error" in cut and "(nothing stored)" in cut
    assert "Content-Length" in cut
    assert second["counts"] == {"new_documents": 1, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
    assert [(e["kind"], e["url"].endswith(plain)) for e in second["events"]] == [("new_document", True)]
    assert second["errors"] == []
    (cut,) = second["warnings"]
    assert f"{zipped}: not read this run, network_error" in cut and "its stored version stands" in cut
    texts = {path.rsplit("/", 1)[1]: found for path, found in stored.items()}
    (nanjing,) = texts[plain.rsplit("/", 1)[1]]
    assert [line for line in nanjing.splitlines() if line in traps.NJ] == traps.NJ
    assert len(texts[zipped.rsplit("/", 1)[1]]) == 1
