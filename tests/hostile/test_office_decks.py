"""A PowerPoint deck (政策解读.pptx) is its slides' text, not a bundle of its XML parts.

Read as a ZIP bundle, a deck gave every part under a 【deck.pptx/part】 heading — relationships,
document properties, themes, the masters' placeholder text (单击此处编辑母版标题样式) — and a
title made of them; the slides came in their file names' order, not the deck's.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo.server import LoopbackSite, Response
from policywatch.pipeline import run_once
from policywatch.state import Store

_P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
_A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# the deck shows slide2.xml first (slides reordered in PowerPoint keep their part names)
SHOWN = [["关于促进人工智能产业发展若干措施的政策解读", "一、出台背景"],
         ["二、主要内容", "（一）对新认定的企业给予最高500万元资助。", "（二）培育100家创新型企业。"]]


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<a:p><a:r><a:t>{line}</a:t></a:r></a:p>" for line in lines)


def _shape(body: str) -> str:
    return f"<p:sp><p:txBody>{body}</p:txBody></p:sp>"


def deck(shown: list[list[str]] = SHOWN, *, filler: bytes = b"") -> bytes:
    slides = {  # part → its lines; slide1.xml is shown second
        "ppt/slides/slide2.xml": _shape(_paragraphs(shown[0][:1])) + _shape(_paragraphs(shown[0][1:])),
        # the second slide: its first lines in a text box (one broken by a:br), the last in a table cell
        "ppt/slides/slide1.xml": _shape(f"<a:p><a:r><a:t>{shown[1][0]}</a:t></a:r><a:br/>"
                                        f"<a:r><a:t>{shown[1][1]}</a:t></a:r></a:p>")
        + f"<p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody>{_paragraphs(shown[1][2:])}"
          "</a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
    }
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Override PartName="/ppt/presentation.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       '<Relationship Id="rId1" Target="ppt/presentation.xml" Type="officeDocument"/></Relationships>',
        "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                             'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>PowerPoint 演示文稿'
                             "</dc:title><dc:creator>admin</dc:creator></cp:coreProperties>",
        "ppt/presentation.xml": f'<p:presentation {_P} {_R}><p:sldIdLst><p:sldId id="256" r:id="rId3"/>'
                                '<p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>',
        "ppt/_rels/presentation.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                           'relationships"><Relationship Id="rId2" Target="slides/slide1.xml"/>'
                                           '<Relationship Id="rId3" Target="slides/slide2.xml"/></Relationships>',
        "ppt/slideMasters/slideMaster1.xml": f"<p:sldMaster {_P} {_A}><p:cSld><p:spTree>"
                                             + _shape(_paragraphs(["单击此处编辑母版文本样式", "二级", "三级"]))
                                             + "</p:spTree></p:cSld></p:sldMaster>",
        "ppt/slideLayouts/slideLayout1.xml": f"<p:sldLayout {_P} {_A}><p:cSld><p:spTree>"
                                             + _shape(_paragraphs(["单击此处编辑母版标题样式"]))
                                             + "</p:spTree></p:cSld></p:sldLayout>",
        "ppt/theme/theme1.xml": f'<a:theme {_A} name="Office 主题"><a:themeElements/></a:theme>',
        **{name: f"<p:sld {_P} {_A}><p:cSld><p:spTree>{body}</p:spTree></p:cSld></p:sld>"
           for name, body in slides.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        if filler:
            archive.writestr("ppt/media/notes.xml", filler)
    return out.getvalue()


def test_segment_reads_a_deck_as_its_slides_in_the_order_shown(tmp_path: Path) -> None:
    path = tmp_path / "政策解读.pptx"
    path.write_bytes(deck())
    result = CliRunner().invoke(cli, ["segment", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    tree = json.loads(result.stdout)
    text = "\n".join(clause["text"] for clause in tree["clauses"])
    assert text.splitlines() == [line for slide in SHOWN for line in slide]
    assert tree["title"] == SHOWN[0][0]
    assert [c["path"] for c in tree["clauses"] if c["family"] not in ("head", "preamble")] == ["一", "二", "二/（一）", "二/（二）"]


def test_a_deck_bomb_is_refused_from_its_directory() -> None:
    from policywatch.extract import ExtractRefused, extract

    try:
        extract(deck(filler=b" " * 60_000_000), url="http://gov.test/jd.pptx")
    except ExtractRefused as exc:
        assert exc.outcome == "too_large" and "PPTX" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a 60 MB part inflating 1000x was read")


def test_a_deck_linked_from_a_policy_page_is_stored_as_its_slides(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="utf-8"><title>政策解读</title></head><body><div class="TRS_Editor">'
            "<p>关于促进人工智能产业发展若干措施的政策解读</p><p>一、出台背景</p><p>为贯彻落实有关部署，制定本措施。</p>"
            '<p>附件：<a href="/zcjd/201907/P020190701_jd.pptx">政策解读.pptx</a></p></div></body></html>')
    listing = ('<html><head><meta charset="utf-8"><title>政策解读</title></head><body><ul class="list">'
               '<li><a href="/zcjd/201907/t20190701_1.html">政策解读</a><span>2019-07-01</span></li></ul></body></html>')
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {"/zcjd/index.html": Response(body=listing.encode(), headers=html),
              "/zcjd/201907/t20190701_1.html": Response(body=page.encode(), headers=html),
              "/zcjd/201907/P020190701_jd.pptx": Response(body=deck(), headers={
                  "Content-Type": "application/vnd.openxmlformats-officedocument.presentationml.presentation"})}
    with LoopbackSite(routes=routes) as site:  # type: ignore[arg-type]
        settings = Settings(
            database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
            sources=(SourceConfig(name="s", listing_urls=(site.url("/zcjd/index.html"),), profile="trs",
                                  allow_private=True, min_delay=0.0),))
        with Store.open(settings.database) as store:
            summary = run_once(settings, store, build_report_site=False, deliver=False)
            texts = [store.versions(d.id)[-1].display_text for d in store.documents()]
    assert not summary.errors and summary.outcomes.get("ok") == 3, "the listing, the page and the deck"
    # the page only points to its deck, so the deck's text stands in for it (or is its attachment)
    slides = "\n".join(line for slide in SHOWN for line in slide)
    assert any(slides in text for text in texts), texts
    assert not any("【" in text or "母版" in text for text in texts), texts
