"""Renders TRS-style government site pages (listings, documents with a 信息公开 table) to files.

Used by scripts/build_demo_site.py for the bundled demo, and by the tests and benchmarks to
generate larger sites (hundreds of documents, edited round by round) with the same markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SITE_NAME = "人工智能产业政策文件库（演示站）"


@dataclass(frozen=True)
class Doc:
    id: str
    date: str  # publication date, YYYY-MM-DD
    title: str
    issuer: str
    doc_number: str
    written: str
    index_no: str
    lines: tuple[str, ...]
    validity: str = "现行有效"
    encoding: str = "utf-8"
    pdf: bool = False  # body only in a PDF attachment
    visits: int = 100
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"zcwj/{self.date[:4]}{self.date[5:7]}/t{self.date.replace('-', '')}_{self.id}.html"



PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_{site}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date}">
<meta name="ContentSource" content="{issuer}">
</head>
<body>
<div class="header"><a href="/">首页</a> | <a href="/zcwj/">政策文件</a> | <a href="/zcjd/">政策解读</a> | <a href="/hdjl/">互动交流</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj/">政策文件</a></div>
<div class="xxgk_table">
<table>
<tr><td class="label">索 引 号：</td><td>{index_no}</td><td class="label">主题分类：</td><td>工业、交通\\信息产业（含电信）</td></tr>
<tr><td class="label">发文机关：</td><td>{issuer}</td><td class="label">成文日期：</td><td>{written}</td></tr>
<tr><td class="label">标　　题：</td><td colspan="3">{title}</td></tr>
<tr><td class="label">发文字号：</td><td>{doc_number}</td><td class="label">发布日期：</td><td>{date}</td></tr>
<tr><td class="label">有 效 性：</td><td colspan="3">{validity}</td></tr>
</table>
</div>
<div class="article">
<h1 class="title">{title}</h1>
<div class="info">发布时间：{date}　来源：{issuer}　浏览次数：<span id="visits">{visits}</span></div>
<div class="TRS_Editor">
{body}
</div>
{attachments}
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/zcjd/">政策解读</a></li></ul></div>
</div>
<div class="footer">主办单位：人工智能产业政策文件库（演示站）　网站标识码：0000000000　打印时间：{printed}</div>
</body>
</html>
"""

LISTING = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>政策文件_{site}</title>
</head>
<body>
<div class="header"><a href="/">首页</a> | <a href="/zcwj/">政策文件</a></div>
<div class="list">
<ul>
{items}
</ul>
</div>
<div class="page">
<script>createPageHTML({pages}, {current}, "index", "html");</script>
{nav}
</div>
<div class="footer">访问量：{visits}</div>
</body>
</html>
"""


def render_body(doc: Doc, cosmetic: bool) -> str:
    if doc.pdf:
        return (
            "<p>各有关单位：</p>\n<p>现将《江苏省新一代人工智能产业发展实施意见》印发给你们，"
            "请结合实际认真贯彻落实。</p>\n<p>详见附件。</p>"
        )
    parts = []
    table: list[str] = []
    for line in (*doc.lines, ""):
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.split("\t"))
            table.append(f"<tr>{cells}</tr>")
            continue
        if table:
            parts.append("<table border=\"1\">" + "".join(table) + "</table>")
            table = []
        if line:
            text = html.escape(line)
            if cosmetic:
                text = "&nbsp;&nbsp;" + text + " "
            parts.append(f"<p>{text}</p>")
    return "\n".join(parts)


def render_page(doc: Doc, *, state: str, cosmetic: bool = False) -> bytes:
    attachments = ""
    if doc.pdf:
        attachments = (
            '<div class="fj">附件：<a href="./P020180514_1001.pdf" oldsrc="/protect/P020180514_1001.pdf">'
            "江苏省新一代人工智能产业发展实施意见.pdf</a></div>"
        )
    charset = "gb2312" if doc.encoding == "gbk" else "utf-8"
    page = PAGE.format(
        charset=charset, site=SITE_NAME, title=html.escape(doc.title), date=doc.date, issuer=html.escape(doc.issuer),
        index_no=doc.index_no, written=doc.written, doc_number=doc.doc_number, validity=doc.validity,
        visits=doc.visits, body=render_body(doc, cosmetic=cosmetic),
        attachments=attachments, printed="2024-05-06" if state == "before" else "2024-06-01",
    )
    return page.encode(doc.encoding)


def render_listing(docs: list[Doc], page: int, pages: int, visits: int) -> bytes:
    items = "\n".join(
        f'<li><a href="./{d.path.split("/", 1)[1]}" target="_blank" title="{html.escape(d.title)}">'
        f"{html.escape(d.title)}</a><span class=\"date\">{d.date}</span></li>"
        for d in docs
    )
    nav = []
    if page > 0:
        nav.append(f'<a href="{"index.html" if page == 1 else f"index_{page - 1}.html"}">上一页</a>')
    if page < pages - 1:
        nav.append(f'<a class="next" href="index_{page + 1}.html">下一页</a>')
    return LISTING.format(site=SITE_NAME, items=items, pages=pages, current=page, nav=" ".join(nav), visits=visits).encode()



def write_site(
    root: Path, docs: Sequence[Doc], *, page_size: int = 4, state: str = "before",
    cosmetic: Sequence[str] = (), listing_visits: int = 1000,
) -> None:
    """Write listing pages (newest first, page_size per page) and one page per document."""
    ordered = sorted(docs, key=lambda d: (d.date, d.id), reverse=True)
    pages = max(1, (len(ordered) + page_size - 1) // page_size)
    for page in range(pages):
        chunk = ordered[page * page_size : (page + 1) * page_size]
        name = "index.html" if page == 0 else f"index_{page}.html"
        target = root / "zcwj" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_listing(chunk, page, pages, visits=listing_visits + 37 * page))
    for doc in docs:
        target = root / doc.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_page(doc, state=state, cosmetic=doc.id in cosmetic))
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    (root / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{SITE_NAME}</title></head>'
        f'<body><a href="/zcwj/">政策文件</a></body></html>\n', encoding="utf-8",
    )
