"""The loopback government test site for discovery and extraction tests.

Static pages live in tests/data/sites (TRS, Hanweb, generic and JavaScript-only styles); the
Hanweb dataproxy.jsp, the JSON list API and the PDF/DOCX attachments (generated here, with
Chinese text) are scripted routes. `fetch_page` is a tiny requests-based stand-in for the
pipeline's closure over the real Fetcher.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.extract import decode_text, sniff
from policywatch.model import FetchOutcome, FetchResult

SITE_ROOT = Path(__file__).parent / "data" / "sites"
SEEDS = Path(__file__).parent / "data" / "seeds"
HANWEB_TOTAL = 60  # records in the Hanweb column: one embedded page + two dataproxy chunks (45 + 15)


def seed_lines(name: str, start: int, count: int) -> list[str]:
    lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][start : start + count]


# ------------------------------------------------------------------ generated attachments

PDF_LINES = [
    "江苏省新一代人工智能产业发展实施意见",
    "为贯彻国家《新一代人工智能发展规划》（国发〔2017〕35号），制订本实施意见。",
    "一、产业现状",
    "经过多年的持续创新发展，江苏已成为全国人工智能产业创新发展的重要基地。",
    "二、总体要求",
    "到2020年，全省人工智能产业规模超过1000亿元。",
    "江苏省经济和信息化委员会",
    "2018年5月11日",
]
DOCX_PARAGRAPHS = [
    "苏经信科技〔2018〕329号",
    "关于《江苏省新一代人工智能产业发展实施意见》的起草说明",
    "一、起草背景",
    "为抢抓新一代人工智能产业发展机遇，我委组织起草了本实施意见。",
]
DOCX_TABLE = [["指标", "2018年", "2020年"], ["产业规模（亿元）", "230", "1000"]]


def make_pdf(lines: list[str]) -> bytes:
    return make_pdf_pages([lines])


def make_pdf_pages(pages: list[list[str]]) -> bytes:
    """A text PDF with one page per list of lines (about 30 lines fit a page)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            pdf.drawString(50, y, line)
            y -= 24
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_scanned_pdf() -> bytes:
    """A PDF whose only content is a raster image: what a scanner produces."""
    from PIL import Image, ImageDraw
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 100), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 180, 80), outline=0, width=3)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawInlineImage(image, 50, 600, width=400, height=200)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    document.add_paragraph("江苏省经济和信息化委员会")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], *, gbk_names: bool = False, encrypted: frozenset[str] = frozenset()) -> bytes:
    """A ZIP of `members` (name -> bytes, deflated). `gbk_names`: non-ASCII names are stored as GBK
    bytes without the UTF-8 flag, as Chinese Windows writes them; `encrypted`: these members are
    marked encrypted (flag bit 0), as a password-protected member is (zipfile cannot write one)."""
    import struct
    import zipfile

    placeholders = {name: f"~{i:03d}".ljust(len(name.encode("gbk")), "~") for i, name in enumerate(members)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            foreign = gbk_names and not name.isascii()
            archive.writestr(placeholders[name] if foreign else name, body)
    data = bytearray(buffer.getvalue())
    for name in members:
        if gbk_names and not name.isascii():
            old, new = placeholders[name].encode(), name.encode("gbk")
            assert data.count(old) == 2, name  # the local header and the central directory
            data = bytearray(bytes(data).replace(old, new))
    for signature, flags_at, name_length_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            raw = bytes(data[at + name_at : at + name_at + length])
            if any(raw in (name.encode("utf-8"), name.encode("gbk")) for name in encrypted):
                struct.pack_into("<H", data, at + flags_at, struct.unpack_from("<H", data, at + flags_at)[0] | 1)
            at = data.find(signature, at + 4)
    return bytes(data)


# ------------------------------------------------------------------ scripted routes


def _hanweb_proxy(request: RecordedRequest) -> Response:
    if request.method != "POST":
        return Response(status=405, body=b"POST only")
    query = parse_qs(urlsplit(request.path).query)
    form = parse_qs(request.body.decode())
    if form.get("columnid") != ["1001"] or form.get("unitid") != ["4321"]:
        return Response(status=200, body=b"<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>")
    start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
    records = "".join(
        f'<record><![CDATA[<li><a href="/hanweb/art/2018/5/{11 - i % 3}/art_1001_{5001 + i}.html" '
        f'title="江苏省政策文件第{i + 1}号">江苏省政策文件第{i + 1}号</a><span>2018-05-{11 - i % 3:02d}</span></li>]]></record>'
        for i in range(start - 1, min(end, HANWEB_TOTAL))
    )
    body = f"<datastore><totalrecord>{HANWEB_TOTAL}</totalrecord><recordset>{records}</recordset></datastore>"
    return Response(body=body.encode(), headers={"Content-Type": "text/xml;charset=UTF-8"})


JSON_PAGES = {
    # gkmlpt quirk: page 0 and page 1 return the same records
    0: [("/gkmlpt/content/1/1001/post_1001.html", "关于印发人工智能产业政策的通知", 1704067200000),
        ("/gkmlpt/content/1/1002/post_1002.html", "关于人工智能产业园区认定的办法", 1703980800000)],
    1: [("/gkmlpt/content/1/1001/post_1001.html", "关于印发人工智能产业政策的通知", 1704067200000),
        ("/gkmlpt/content/1/1002/post_1002.html", "关于人工智能产业园区认定的办法", 1703980800000)],
    2: [("/gkmlpt/content/1/1003/post_1003.html", "关于算力券发放的实施细则", 1700000000000)],
}


def _json_api(request: RecordedRequest) -> Response:
    page = int(parse_qs(urlsplit(request.path).query).get("page", ["1"])[0])
    items = [
        {"id": n, "title": title, "url": url, "publish_time": stamp, "identifier": f"0001/2024-{n:05d}"}
        for n, (url, title, stamp) in enumerate(JSON_PAGES.get(page, []))
    ]
    body = {"total": 3, "page": page, "data": {"list": items}}
    return Response(body=json.dumps(body, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"})


@contextmanager
def serve() -> Iterator[LoopbackSite]:
    """The test site on 127.0.0.1, with generated attachments and scripted list APIs."""
    pdf, docx_bytes, scanned = make_pdf(PDF_LINES), make_docx(DOCX_PARAGRAPHS, DOCX_TABLE), make_scanned_pdf()
    # downloadfile.jsp serves a PDF with a generic type, as many sites do: detection is by magic bytes
    routes = {
        "/module/web/jpage/dataproxy.jsp": _hanweb_proxy,
        "/api/zcwj": _json_api,
        "/downloadfile.jsp": Response(body=pdf, headers={"Content-Type": "application/octet-stream"}),
        "/trs/zcwj/201805/P020180511329.docx": Response(body=docx_bytes, headers={"Content-Type": "application/msword"}),
        "/files/scan.pdf": Response(body=scanned, headers={"Content-Type": "application/pdf"}),
    }
    with LoopbackSite(SITE_ROOT, routes=routes) as site:
        yield site


def fetch_page(url: str, data: dict[str, str] | None = None) -> FetchResult:
    """GET (or POST `data`) one URL and return it as the crawler would: decoded text for text formats."""
    response = requests.post(url, data=data, timeout=10) if data is not None else requests.get(url, timeout=10)
    content_type = response.headers.get("Content-Type", "")
    outcome = {200: FetchOutcome.OK, 404: FetchOutcome.NOT_FOUND}.get(response.status_code, FetchOutcome.HTTP_ERROR)
    text, encoding = None, None
    if sniff(response.content, content_type, url) in ("html", "xml", "json", "text"):
        text, encoding = decode_text(response.content, content_type)
    return FetchResult(
        url=url, outcome=outcome, fetched_at=datetime.now(UTC), final_url=response.url,
        status=response.status_code, content_type=content_type, body=response.content,
        text=text, encoding=encoding, encoding_rule="fallback" if encoding else None,
    )
