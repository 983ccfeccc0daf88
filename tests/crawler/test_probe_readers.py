"""probe names the reader of each attachment kind, and says when a list needs render = "browser"."""

from __future__ import annotations

from pathlib import Path

from policywatch.config import SourceConfig
from policywatch.crawler.probe import probe
from policywatch.demo.server import LoopbackSite
from policywatch.extract import ocr_engine, reader_for
from tests import govsite
from tests.govsite import fetch_page
from tests.ofdgen import make_ofd

ATTACHMENTS = ["fj1.pdf", "fj2.wps", "fj3.et", "fj4.ofd", "fj5.png", "fj6.docx"]
PAGE = """<html><head><meta charset="utf-8"><title>关于印发办法的通知</title></head><body>
<div class="TRS_Editor"><p>现将办法印发给你们，请认真贯彻执行。本办法自印发之日起施行。</p></div>
<div class="fj">附件：{links}</div></body></html>"""


def test_probe_names_the_reader_of_every_attachment_kind_and_of_an_ofd_itself(tmp_path: Path) -> None:
    links = "".join(f'<a href="/zcwj/{name}">附件{i}</a>' for i, name in enumerate(ATTACHMENTS, 1))
    (tmp_path / "zcwj").mkdir()
    (tmp_path / "zcwj" / "t20240105_1.html").write_text(PAGE.format(links=links), encoding="utf-8")
    (tmp_path / "zcwj" / "fj4.ofd").write_bytes(make_ofd(["关于印发办法的通知", "现将办法印发给你们。"]))
    with LoopbackSite(tmp_path) as site:
        source = SourceConfig(name="probe", listing_urls=(), allowed_hosts=("127.0.0.1",), allow_private=True)
        page = probe(site.url("/zcwj/t20240105_1.html"), source=source, fetch_page=fetch_page)
        ofd = probe(site.url("/zcwj/fj4.ofd"), source=source, fetch_page=fetch_page)
    text = page.render_text()
    assert len(page.attachments) == len(ATTACHMENTS)
    for kind, name in (("PDF", "pdf"), ("DOC", "doc"), ("XLS", "xls"), ("OFD", "ofd"), ("IMAGE", "image"),
                       ("DOCX", "docx")):
        assert f"reader: {kind}: {reader_for(name)}" in text
    assert "built-in OFD reader" in reader_for("ofd")
    assert ("OCR (" in reader_for("image")) == bool(ocr_engine())
    assert ofd.kind == "document" and ofd.format == "ofd" and "reader:    built-in OFD reader" in ofd.render_text()
    assert ofd.first_lines == ("关于印发办法的通知", "现将办法印发给你们。")


def test_a_javascript_list_suggests_render_browser() -> None:
    with govsite.serve() as site:
        source = SourceConfig(name="probe", listing_urls=(site.url("/jsonly/index.html"),))
        report = probe(site.url("/jsonly/index.html"), source=source, fetch_page=fetch_page)
    assert report.unsupported and 'render = "browser"' in report.render_text()
