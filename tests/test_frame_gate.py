"""A short real notice whose page carries a same-host iframe (a footer include, a video player)
is read as itself: only a page with no sentence of its own takes its body from a frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo.server import LoopbackSite, Response
from policywatch.pipeline import run_once
from policywatch.state import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
NOTICE = ["关于2024年春节假期办公安排的通知", "各有关单位：",
          "根据国务院办公厅通知精神，现将我委2024年春节假期办公安排通知如下：2月10日至17日放假调休，共8天。",
          "特此通知。", "某某市发展和改革委员会", "2024年2月1日"]
FOOTER = ("<p>主办单位：某某市发展和改革委员会　承办单位：某某市发展和改革委员会办公室</p>"
          "<p>地址：某某市人民路188号市行政中心3号楼　邮编：350000　联系电话：0591-12345678</p>"
          "<p>网站标识码：3501000012　闽ICP备12345678号-1　闽公网安备35010202000123号</p>" * 3)
DOC = "/tzgg/202402/t20240201_1.html"


def _config(site: LoopbackSite, tmp_path: Path) -> Settings:
    """One source listing the site's 通知公告 column, read at once."""
    return Settings(database=tmp_path / "pw.db", output_dir=tmp_path / "site",
                    fetch=FetchSettings(min_delay=0.0, retries=0),
                    sources=(SourceConfig(name="s", listing_urls=(site.url("/tzgg/index.html"),), profile="trs",
                                          allow_private=True, min_delay=0.0),))


def _serve_column(site: LoopbackSite) -> None:
    """The 通知公告 column listing the one notice DOC."""
    items = f'<li><a href="{DOC}">{NOTICE[0]}</a><span>2024-02-01</span></li>'
    site.route("/tzgg/index.html", Response(body=(f'<html><head><meta charset="utf-8"><title>通知公告</title></head>'
                                                  f'<body><ul class="list">{items}</ul></body></html>').encode(),
                                            headers=HTML))


def _page(frame: str) -> Response:
    body = "".join(f"<p>{line}</p>" for line in NOTICE)
    return Response(body=(f'<html><head><meta charset="utf-8"><title>{NOTICE[0]}</title></head><body>'
                          f'{frame}<div class="TRS_Editor">{body}</div></body></html>').encode(), headers=HTML)


@pytest.mark.parametrize("frame", ["footer", "broken widget"])
def test_a_short_notice_with_a_same_host_iframe_is_stored_as_itself(tmp_path: Path, frame: str) -> None:
    with LoopbackSite() as site:
        _serve_column(site)
        if frame == "footer":
            site.route(DOC, _page('<iframe src="/include/foot.html" width="100%" height="150"></iframe>'))
            site.route("/include/foot.html", Response(body=(f'<html><head><meta charset="utf-8"><title>底部</title></head>'
                                                             f'<body><div class="footer">{FOOTER}</div></body></html>').encode(),
                                                       headers=HTML))
        else:  # a video player answering 404
            site.route(DOC, _page('<iframe src="/player/video.html?id=12" width="640" height="360"></iframe>'))
        config = _config(site, tmp_path)
        with Store.open(config.database) as store:
            report = run_once(config, store, build_report_site=False, deliver=False)
            (document,) = store.documents()
            (version,) = store.versions(document.id)
    assert "放假调休" in version.display_text and "网站标识码" not in version.display_text
    assert not report.unread


HEADER = ('<html><head><meta charset="utf-8"><title>头部</title></head><body><div class="top">'
          '<img src="/images/logo.png" alt="某某市人民政府"><p>欢迎访问某某市人民政府门户网站！今天是2024年2月1日。</p>'
          '<ul class="menu">' + "".join(f'<li><a href="/col/col{n}/index.html">{name}</a></li>' for n, name in enumerate(
              ["首页", "政务公开", "政策文件", "政策解读", "政务服务", "互动交流", "走进某某", "专题专栏", "数据开放",
               "新闻发布", "领导信息", "机构职能", "规划计划", "财政资金", "人事信息", "重点领域", "建议提案", "统计信息",
               "政府信息公开指南", "政府信息公开年报", "依申请公开", "行政执法公示", "双随机一公开", "营商环境"]))
          + "</ul></div></body></html>")
SHORT_BODY = ("<html><head><meta charset='utf-8'></head><body><div class='TRS_Editor'>"
              + "".join(f"<p>{line}</p>" for line in NOTICE[1:]) + "</div></body></html>")


def _hollow(frames: tuple[str, ...]) -> str:
    """A hollow page (its title, breadcrumb and date: the 正文 is elsewhere) showing `frames`."""
    return (f'<html><head><meta charset="utf-8"><title>{NOTICE[0]}</title></head><body>'
            + "".join(f'<iframe src="{src}" width="100%" frameborder="0"></iframe>' for src in frames[:1])
            + f'<div class="location">当前位置：<a href="/">首页</a> &gt; 通知公告</div><h1>{NOTICE[0]}</h1>'
            + "<div class='info'>发布时间：2024-02-01</div>"
            + "".join(f'<iframe src="{src}" width="100%" frameborder="0"></iframe>' for src in frames[1:])
            + "</body></html>")


@pytest.mark.parametrize("frames", [("/include/header.html",), ("/include/header.html", "/tzgg/202402/t20240201_1_zw.html"),
                                    ("/tzgg/202402/t20240201_1_menu.html",)],
                         ids=["header-only", "header-and-body", "menu-only"])
def test_a_header_include_is_no_body_of_a_hollow_page(tmp_path: Path, frames: tuple[str, ...]) -> None:
    """A hollow page whose frames are the site's header include (or a menu of columns under any
    name), and perhaps the 正文 itself: the header, a welcome line and a menu of columns longer
    than a short notice, is never taken as the document. With no other frame, the page is not
    read (a stub) rather than stored as its title and date."""
    hollow = _hollow(frames)
    with LoopbackSite() as site:
        _serve_column(site)
        site.route(DOC, Response(body=hollow.encode(), headers=HTML))
        site.route("/include/header.html", Response(body=HEADER.encode(), headers=HTML))
        site.route("/tzgg/202402/t20240201_1_menu.html", Response(body=HEADER.encode(), headers=HTML))
        site.route("/tzgg/202402/t20240201_1_zw.html", Response(body=SHORT_BODY.encode(), headers=HTML))
        config = _config(site, tmp_path)
        with Store.open(config.database) as store:
            report = run_once(config, store, build_report_site=False, deliver=False)
            versions = [v for d in store.documents() for v in store.versions(d.id)]
    text = "\n".join(v.display_text for v in versions)
    assert "欢迎访问" not in text and "政府信息公开年报" not in text, text
    if len(frames) > 1:
        assert "放假调休" in text and not report.unread, text
    else:
        (unread,) = report.unread
        assert not versions and unread["outcome"] == "stub" and frames[0] in unread["detail"], report.unread


ROWS = "".join(f"<tr><td>{i}</td><td>张{'一二三四五六七八九十'[i % 10]}明</td><td>某某市第{i}中学</td><td>数学教师</td></tr>"
               for i in range(1, 41))
FILES = "".join(f'<p><a href="/tzgg/202402/P0202402010{i}.pdf">附件{i}：2024年度某某市第{i}批优秀教师拟表彰人选推荐材料汇总表</a></p>'
                for i in range(1, 6))


@pytest.mark.parametrize("body", [f"<table>{ROWS}</table>", f"<p>现将有关材料公布如下。</p>{FILES}"],
                         ids=["name-list-table", "attachment-list"])
def test_a_frame_of_data_or_attachments_is_the_body_of_a_hollow_page(tmp_path: Path, body: str) -> None:
    """The only frame of a hollow page a 名单 table without a sentence mark, or one line and five
    附件 links: it is the document's body (its attachments fetched), not the site's furniture."""
    frame = f"<html><head><meta charset='utf-8'></head><body><div class='TRS_Editor'>{body}</div></body></html>"
    with LoopbackSite() as site:
        _serve_column(site)
        site.route(DOC, Response(body=_hollow(("/tzgg/202402/t20240201_1_zw.html",)).encode(), headers=HTML))
        site.route("/tzgg/202402/t20240201_1_zw.html", Response(body=frame.encode(), headers=HTML))
        for i in range(1, 6):
            site.route(f"/tzgg/202402/P0202402010{i}.pdf", Response(status=404))
        config = _config(site, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            (document,) = store.documents()
            (version,) = store.versions(document.id)
        asked = site.requests_to("/tzgg/202402/P02024020101.pdf")
    assert ("第40中学" if "table" in body else "附件5：2024年度某某市第5批") in version.display_text, version.display_text
    assert "table" in body or asked


NOTICE_BODY = "".join(f"<p>{line}</p>" for line in NOTICE[1:])


@pytest.mark.parametrize(("src", "body"), [
    ("/include/zw.html", f"<div class='TRS_Editor'>{NOTICE_BODY}</div>"),
    ("/inc/content_20240201.html", f"<div class='TRS_Editor'>{NOTICE_BODY}</div>"),
    ("/tzgg/202402/content_top.html", f"<div class='TRS_Editor'>{NOTICE_BODY}</div>"),
    ("/tzgg/202402/zw.html", f"<div class='nav-content'>{NOTICE_BODY}</div>"),
    ("/tzgg/202402/zw.html", f"<div id='menu_1'>{NOTICE_BODY}</div>"),
    ("/tzgg/202402/zw.html", f"<div id='zw-header'><h1>{NOTICE[0]}</h1></div><div id='zw-body'>{NOTICE_BODY}</div>"),
], ids=["include-dir", "inc-dir", "top-name", "nav-wrapper", "menu-id", "header-id"])
def test_a_frame_is_judged_furniture_by_its_content_not_its_name(tmp_path: Path, src: str, body: str) -> None:
    """The only frame of a hollow page holds the notice's sentences, under a path (/include/,
    *_top.html) or inside a wrapper (nav-content, menu_1) whose name reads like the site's chrome:
    the notice is stored, not dropped as a stub."""
    frame = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    with LoopbackSite() as site:
        _serve_column(site)
        site.route(DOC, Response(body=_hollow((src,)).encode(), headers=HTML))
        site.route(src, Response(body=frame.encode(), headers=HTML))
        config = _config(site, tmp_path)
        with Store.open(config.database) as store:
            report = run_once(config, store, build_report_site=False, deliver=False)
            versions = [v for d in store.documents() for v in store.versions(d.id)]
    assert not report.unread, report.unread
    (version,) = versions
    assert "放假调休" in version.display_text, version.display_text
