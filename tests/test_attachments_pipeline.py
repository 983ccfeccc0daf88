"""Attachments and shrinking pages through real runs: changes behind a 304 or a smaller page are found."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from docx import Document as DocxDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from policywatch.config import FetchSettings, Settings, SourceConfig
from policywatch.demo import LoopbackSite
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store

LISTING = """<html><head><meta charset="utf-8"><title>政策文件</title></head><body><ul class="list">
<li><a href="/zcwj/202401/t20240105_1.html">{title}</a><span>2024-01-05</span></li></ul></body></html>"""
PAGE = """<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>
<table class="xxgk_table"><tr><td>标　　题：</td><td>{title}</td></tr>
<tr><td>索 引 号：</td><td>X/2024-1</td></tr></table>
<div class="TRS_Editor">{body}</div>
<div class="fj">附件：<a href="/zcwj/202401/{attachment}">{attachment_title}</a></div></body></html>"""
RULES = ["一、支持范围", "（一）对人工智能企业研发投入给予支持。", "（二）对新建算力中心给予支持。"]
# enough real text that the page is a document of its own, not a "see the attachment" stub
FILLER = [
    "为深入贯彻落实国家新一代人工智能发展规划，加快推进我市人工智能产业高质量发展，结合我市实际，制定本办法。",
    "二、支持方式",
    "（一）对经认定的人工智能重点企业，按其上年度研发投入的一定比例给予补助，鼓励企业加大关键核心技术攻关力度。",
    "（二）支持企业建设人工智能开放创新平台，面向中小企业提供算力、数据和算法服务，推动技术成果转化和产业化应用。",
    "（三）支持高校、科研院所与企业联合建设新型研发机构，围绕智能芯片、智能传感器和基础软件开展协同创新。",
    "（四）对首次认定的国家级人工智能创新应用先导区项目给予配套支持，对承担国家重大专项的企业给予奖励。",
    "（五）优化人工智能企业融资环境，引导政府投资基金加大对人工智能初创企业的投资力度。",
    "三、附则",
    "本办法自印发之日起施行，由市工业和信息化局负责解释。",
]


def pdf_bytes(lines: list[str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        page.drawString(72, 780 - 20 * i, line)
    page.save()
    return buffer.getvalue()


def docx_bytes(lines: list[str]) -> bytes:
    document = DocxDocument()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_site(root: Path, *, body: str, attachment: str, data: bytes, head: str = "") -> None:
    title = "关于印发人工智能产业扶持办法的通知"
    (root / "zcwj" / "202401").mkdir(parents=True, exist_ok=True)
    (root / "zcwj" / "index.html").write_text(LISTING.format(title=title), encoding="utf-8")
    (root / "zcwj" / "202401" / "t20240105_1.html").write_text(
        PAGE.format(title=title, head=head, body=body, attachment=attachment, attachment_title="扶持办法全文"),
        encoding="utf-8",
    )
    (root / "zcwj" / "202401" / attachment).write_bytes(data)


def settings(base_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database=tmp_path / "pw.db", output_dir=tmp_path / "site", fetch=FetchSettings(min_delay=0.0, retries=0),
        sources=(SourceConfig(name="s", listing_urls=(f"{base_url}/zcwj/index.html",), profile="trs",
                              allow_private=True, min_delay=0.0),),
    )


def two_runs(tmp_path: Path, first: dict, second: dict) -> list:  # type: ignore[type-arg]
    root = tmp_path / "www"
    make_site(root, **first)
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            make_site(root, **second)
            run_once(config, store, build_report_site=False, deliver=False)
            return [e for e in store.events() if e.kind is EventKind.CHANGED]


def test_a_pdf_holding_the_whole_text_is_checked_while_its_page_stays_the_same(tmp_path: Path) -> None:
    stub = "<p>现将有关办法印发给你们。</p><p>详见附件。</p>"
    old = pdf_bytes([*RULES, "（三）单个项目最高给予100万元资助。"])
    new = pdf_bytes([*RULES, "（三）单个项目最高给予500万元资助。"])
    changed = two_runs(tmp_path, dict(body=stub, attachment="fj.pdf", data=old),
                       dict(body=stub, attachment="fj.pdf", data=new))
    assert len(changed) == 1
    facts = [f for c in changed[0].changeset.changes for f in c.facts]
    assert any("100万元" in f.old and "500万元" in f.new for f in facts), facts


def test_a_docx_attachment_changing_behind_an_unchanged_page_is_reported(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in RULES + FILLER)
    old = docx_bytes(["附件：申报指南", "一、申报时间", "申报截止时间为2024年6月30日。"])
    new = docx_bytes(["附件：申报指南", "一、申报时间", "申报截止时间为2024年9月30日。"])
    changed = two_runs(tmp_path, dict(body=body, attachment="fj.docx", data=old),
                       dict(body=body, attachment="fj.docx", data=new))
    assert len(changed) == 1 and changed[0].url.endswith("fj.docx")


def test_a_page_that_sheds_a_big_script_is_not_frozen_as_a_stub(tmp_path: Path) -> None:
    script = "<script>" + "var tracking = 1;" * 3000 + "</script>"
    text = "".join(f"<p>{line}</p>" for line in RULES + FILLER)
    data = docx_bytes(["附件"])
    changed = two_runs(
        tmp_path,
        dict(body=text + "<p>（三）单个项目最高给予100万元资助。</p>", attachment="fj.docx", data=data, head=script),
        dict(body=text + "<p>（三）单个项目最高给予150万元资助。</p>", attachment="fj.docx", data=data),
    )
    assert len(changed) == 1 and changed[0].url.endswith("_1.html")


def test_a_changed_page_asks_for_its_stored_attachment_conditionally(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in RULES + FILLER)
    data = docx_bytes(["附件：申报指南", "一、申报时间", "申报截止时间为2024年6月30日。"])
    root = tmp_path / "www"
    make_site(root, body=body + "<p>（六）最高100万元。</p>", attachment="fj.docx", data=data)
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            make_site(root, body=body + "<p>（六）最高200万元。</p>", attachment="fj.docx", data=data)
            site.requests.clear()
            run_once(config, store, build_report_site=False, deliver=False)
            changed = [e for e in store.events() if e.kind is EventKind.CHANGED]
        asked = site.requests_to("/zcwj/202401/fj.docx")
    assert len(changed) == 1 and changed[0].url.endswith("_1.html")
    assert asked and all("if-none-match" in r.headers for r in asked), "never downloaded again in full"


def test_attachments_beyond_the_limit_are_named_in_the_run_s_warnings(tmp_path: Path) -> None:
    from policywatch.pipeline.work import MAX_ATTACHMENTS

    root = tmp_path / "www"
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj0.docx",
              data=docx_bytes(["附件一", "申报表"]))
    # the page lists a project table per district: two more links than the run follows
    names = [f"fj{n}.docx" for n in range(MAX_ATTACHMENTS + 2)]
    for n, name in enumerate(names):
        (root / "zcwj" / "202401" / name).write_bytes(docx_bytes([f"附件{n + 1}", f"第{n + 1}区项目清单"]))
    page = root / "zcwj" / "202401" / "t20240105_1.html"
    links = "".join(f'<a href="/zcwj/202401/{name}">附件{n + 1}</a>' for n, name in enumerate(names))
    page.write_text(page.read_text(encoding="utf-8").replace('<div class="fj">附件：', f'<div class="fj">附件：{links}'),
                    encoding="utf-8")
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            summary = run_once(config, store, build_report_site=False, deliver=False)
    left = [w for w in summary.warnings if "attachment links" in w]
    assert len(left) == 1 and f"{MAX_ATTACHMENTS + 2} attachment links" in left[0] and "2 not" in left[0]
    assert names[MAX_ATTACHMENTS] in left[0]  # the first one not followed is named
    assert summary.to_dict()["warnings"] == list(summary.warnings)


def _scan_pdf() -> bytes:
    """A one-page PDF holding only a drawn figure, as a scanner without OCR writes it: no text layer."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.rect(72, 600, 300, 120, fill=1)
    page.save()
    return buffer.getvalue()


def test_a_pdf_attachment_s_extraction_warnings_reach_the_run_once_each(tmp_path: Path) -> None:
    """Not only a ZIP's: a scan's "no text layer" and "OCR is switched off" are the run's warnings."""
    from dataclasses import replace

    root = tmp_path / "www"
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.pdf", data=_scan_pdf())
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        config = replace(config, sources=(replace(config.sources[0], ocr=False),))
        url = site.url("/zcwj/202401/fj.pdf")
        with Store.open(config.database) as store:
            summary = run_once(config, store, build_report_site=False, deliver=False)
    assert summary.warnings.count(f"{url}: no text layer on 1 page(s) (0 image(s)): needs OCR") == 1
    assert summary.warnings.count(f"{url}: OCR is switched off for this source") == 1
    assert any("fj.pdf: scan without a text layer" in e for e in summary.errors)  # and it is not stored


def test_a_heading_title_keeps_the_spaces_between_its_latin_words(tmp_path: Path) -> None:
    """The <title> names only the site, so the <h1> titles the page: its layout spaces beside
    Chinese characters go (关 于, a wrapped source line), its word spaces stay."""
    title = "关于推动 Artificial Intelligence 产业 发展的通知"
    root = tmp_path / "www"
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.docx",
              data=docx_bytes(["附件"]))
    page = root / "zcwj" / "202401" / "t20240105_1.html"
    html = page.read_text(encoding="utf-8").replace("<title>关于印发人工智能产业扶持办法的通知</title>", "<title>某市人民政府</title>")
    html = html.replace('<table class="xxgk_table"><tr><td>标　　题：</td><td>关于印发人工智能产业扶持办法的通知</td></tr>',
                        f'<h1>关 于<span>推动</span>\n{title[4:]}</h1><table class="xxgk_table">')
    page.write_text(html, encoding="utf-8")
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            titles = {d.url.rsplit("/", 1)[-1]: d.metadata.title for d in store.documents()}
    assert titles["t20240105_1.html"] == "关于推动Artificial Intelligence产业发展的通知", titles


def pointer_runs(tmp_path: Path, steps: Sequence[tuple[bool, int]]) -> Iterator[Store]:
    """One run per step over a page with a PDF 附件 whose (三) says `amount`万元, the page real
    (its own text) or a 详见附件 pointer; yields the store after each run."""
    full = "".join(f"<p>{line}</p>" for line in RULES + FILLER)
    stub = "<p>现将有关办法印发给你们。</p><p>详见附件。</p>"
    pdfs = {amount: pdf_bytes([*RULES, f"（三）单个项目最高给予{amount}万元资助。"]) for _, amount in steps}
    root = tmp_path / "www"
    make_site(root, body=full, attachment="fj.pdf", data=pdfs[steps[0][1]])
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            for real, amount in steps:
                make_site(root, body=full if real else stub, attachment="fj.pdf", data=pdfs[amount])
                run_once(config, store, build_report_site=False, deliver=False)
                yield store


def test_a_page_become_a_pointer_holds_its_pdf_s_text_once_and_is_read_again_when_real(tmp_path: Path) -> None:
    """A real page with a PDF 附件 becomes a 详见附件 pointer, its PDF changes, then the page is
    real again. The pointer takes the PDF's text although the stored PDF answers 304; the PDF's
    change is stored once, as the page's (not under the PDF too); and the real page's return is
    read, though its body is the one the page's old ETag names."""
    texts: list[dict[str, list[str]]] = []
    for store in pointer_runs(tmp_path, ((True, 100), (False, 100), (False, 500), (True, 500))):
        texts.append({d.url.rsplit("/", 1)[-1]: [v.display_text for v in store.versions(d.id)]
                      for d in store.documents()})
        told = [e.url.rsplit("/", 1)[-1] for e in store.events() if e.kind is EventKind.CHANGED]
        if len(texts) == 3:  # the PDF's change, while the page points to it
            changed = told
    page, pdf = "t20240105_1.html", "fj.pdf"
    assert "100万元" in texts[1][page][-1] and "详见附件" not in texts[1][page][-1]  # the pointer reads its PDF
    assert "500万元" in texts[2][page][-1]
    assert changed == [page, page]  # became a pointer, then 100万元 → 500万元: each said once
    # the PDF's own version follows the text, told already as the page's: once the page is real
    # again, the PDF is not compared with its 100万元 from before the pointer (the change told twice)
    assert "500万元" in texts[2][pdf][-1] and told == [page, page]
    assert texts[3][page][-1] == texts[0][page][0]  # the real page again, not a 304 on the old ETag


def test_a_pdf_changing_as_its_page_turns_into_a_pointer_is_reported_under_the_pdf(tmp_path: Path) -> None:
    """The page turns into a 详见附件 pointer in the same run as its PDF changes 100万元 → 500万元.
    The page's change is "its own text → the PDF's", which holds no 100万元: the PDF's own change
    is reported under the PDF, once, not settled as told by the page (then said nowhere)."""
    for store in pointer_runs(tmp_path, ((True, 100), (False, 500), (False, 500), (True, 500))):
        facts = [(e.url.rsplit("/", 1)[-1], fact.old, fact.new) for e in store.events()
                 if e.kind is EventKind.CHANGED and e.changeset is not None
                 for change in e.changeset.changes for fact in change.facts if fact.old]
    assert facts == [("fj.pdf", "100万元", "500万元")]


def test_a_list_page_answering_for_a_stored_pdf_is_parsed_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The site sends its home page's list for a removed PDF (HTTP 200, application/pdf): it is no
    version of the PDF, and telling so parses the page once; it is not read as the file first."""
    from policywatch.extract import html as html_module

    home = ('<html><head><meta charset="utf-8"><title>某市人民政府首页</title></head><body><ul class="list">'
            '<li><a href="/zcwj/202401/t20240105_1.html">关于印发人工智能产业扶持办法的通知</a></li>'
            '<li><a href="/zcwj/202401/t20240106_2.html">关于印发算力基础设施建设方案的通知</a></li></ul></body></html>')
    parsed: list[str] = []
    real = html_module.BeautifulSoup

    def counting(markup: object, *args: object, **kwargs: object) -> object:
        parsed.append(str(markup))
        return real(markup, *args, **kwargs)

    monkeypatch.setattr(html_module, "BeautifulSoup", counting)
    root = tmp_path / "www"
    make_site(root, body="".join(f"<p>{line}</p>" for line in RULES + FILLER), attachment="fj.pdf",
              data=pdf_bytes([*RULES, "（三）单个项目最高给予100万元资助。"]))
    with LoopbackSite(root) as site:
        config = settings(site.base_url, tmp_path)
        with Store.open(config.database) as store:
            run_once(config, store, build_report_site=False, deliver=False)
            (root / "zcwj" / "202401" / "fj.pdf").write_text(home, encoding="utf-8")
            summary = run_once(config, store, build_report_site=False, deliver=False)
            pdf = next(d for d in store.documents() if d.url.endswith("fj.pdf"))
            assert len(store.versions(pdf.id)) == 1  # the list is no version of the PDF
    assert summary.to_dict()["outcomes"].get("soft_404") == 1, summary.to_dict()["outcomes"]
    assert sum(1 for text in parsed if "某市人民政府首页" in text) == 1
