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


def _page(frame: str) -> Response:
    body = "".join(f"<p>{line}</p>" for line in NOTICE)
    return Response(body=(f'<html><head><meta charset="utf-8"><title>{NOTICE[0]}</title></head><body>'
                          f'{frame}<div class="TRS_Editor">{body}</div></body></html>').encode(), headers=HTML)


@pytest.mark.parametrize("frame", ["footer", "broken widget"])
def test_a_short_notice_with_a_same_host_iframe_is_stored_as_itself(tmp_path: Path, frame: str) -> None:
    with LoopbackSite() as site:
        items = f'<li><a href="{DOC}">{NOTICE[0]}</a><span>2024-02-01</span></li>'
        site.route("/tzgg/index.html", Response(body=(f'<html><head><meta charset="utf-8"><title>通知公告</title></head>'
                                                      f'<body><ul class="list">{items}</ul></body></html>').encode(),
                                                headers=HTML))
        if frame == "footer":
            site.route(DOC, _page('<iframe src="/include/foot.html" width="100%" height="150"></iframe>'))
            site.route("/include/foot.html", Response(body=(f'<html><head><meta charset="utf-8"><title>底部</title></head>'
                                                             f'<body><div class="footer">{FOOTER}</div></body></html>').encode(),
                                                       headers=HTML))
        else:  # a video player answering 404
            site.route(DOC, _page('<iframe src="/player/video.html?id=12" width="640" height="360"></iframe>'))
        config = Settings(database=tmp_path / "pw.db", output_dir=tmp_path / "site",
                          fetch=FetchSettings(min_delay=0.0, retries=0),
                          sources=(SourceConfig(name="s", listing_urls=(site.url("/tzgg/index.html"),), profile="trs",
                                                allow_private=True, min_delay=0.0),))
        with Store.open(config.database) as store:
            report = run_once(config, store, build_report_site=False, deliver=False)
            (document,) = store.documents()
            (version,) = store.versions(document.id)
    assert "放假调休" in version.display_text and "网站标识码" not in version.display_text
    assert not report.unread
