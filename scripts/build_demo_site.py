"""Builds the bundled demo site (policywatch/demo/site/) from the seed policy texts.

The demo is a small TRS-style government policy column in two states. "before" has six
documents on two listing pages; "after" has real edits in some of them (an amount changed, a
clause inserted with its later siblings renumbered, a clause deleted with later ones
renumbered, a validity date extended, a document marked 失效), a new document, and nothing but
cosmetic noise (visit counters, print dates, whitespace) in the others. One document is only a
stub pointing at a PDF attachment; one page is GBK-encoded and, like every page here, served
without a charset in its Content-Type.

Run from the repository root with the test extras installed (reportlab writes the PDF):
    .venv/bin/python scripts/build_demo_site.py
The output is committed, so neither the demo nor the tests need this script.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
OUT = ROOT / "policywatch" / "demo" / "site"
SITE_NAME = "人工智能产业政策文件库（演示站）"
PAGE_SIZE = 4


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


def seed(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()


def lines_between(lines: list[str], start: int, end: int) -> tuple[str, ...]:
    """Lines start..end-1 (1-based, like the line numbers in docs/clauses.md)."""
    return tuple(lines[start - 1 : end - 1])


def body_lines(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    cleaned = []
    for line in lines:
        line = re.sub(r"^#{1,6}\s+", "", line).strip()
        if line:
            cleaned.append(line)
    return tuple(cleaned)


def replace_once(lines: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    hits = [i for i, line in enumerate(lines) if old in line]
    assert len(hits) == 1, f"expected one line containing {old!r}, found {len(hits)}"
    out = list(lines)
    out[hits[0]] = out[hits[0]].replace(old, new, 1)
    return tuple(out)


def insert_after(lines: tuple[str, ...], anchor: str, new_line: str) -> tuple[str, ...]:
    hits = [i for i, line in enumerate(lines) if line.startswith(anchor)]
    assert len(hits) == 1, f"expected one line starting {anchor!r}"
    out = list(lines)
    out.insert(hits[0] + 1, new_line)
    return tuple(out)


def delete_lines(lines: tuple[str, ...], *starts: str) -> tuple[str, ...]:
    out = [line for line in lines if not any(line.startswith(s) for s in starts)]
    assert len(out) == len(lines) - len(starts), "a line to delete was not found exactly once"
    return tuple(out)


# --------------------------------------------------------------------------- documents


def documents() -> tuple[list[Doc], list[Doc]]:
    s000, s001, s002, s003, s004 = (seed(p) for p in ("000", "001", "002", "003", "004"))

    nanjing_2022 = Doc(
        id="3001", date="2022-12-13", written="2022-12-12",
        title="市政府关于印发南京国家人工智能创新应用先导区建设实施方案的通知",
        issuer="南京市人民政府", doc_number="宁政发〔2022〕208号", index_no="11320100MB1234567X/2022-01208",
        lines=body_lines(s002), visits=2210,
    )
    yixing = Doc(
        id="3002", date="2023-07-05", written="2023-07-03",
        title="市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
        issuer="宜兴市人民政府办公室", doc_number="宜政办发〔2023〕22号", index_no="014052365/2023-00022",
        lines=body_lines(s004), visits=870,
    )
    nanjing_2019 = Doc(
        id="2001", date="2019-07-01", written="2019-06-29",
        title="南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知",
        issuer="南京市人民政府办公厅", doc_number="宁政办发〔2019〕37号", index_no="11320100MB1234567X/2019-00037",
        lines=body_lines(s003[3:]), encoding="gbk", visits=5120,
    )
    jiangsu = Doc(
        id="1001", date="2018-05-14", written="2018-05-11",
        title="关于印发江苏省新一代人工智能产业发展实施意见的通知",
        issuer="江苏省经济和信息化委员会", doc_number="苏经信科技〔2018〕329号", index_no="014000319/2018-00329",
        lines=tuple(s000), pdf=True, visits=9310,
    )
    guangzhou = Doc(
        id="1002", date="2020-01-15", written="2020-01-13",
        title="广州人工智能与数字经济试验区产业导则",
        issuer="广州市工业和信息化局", doc_number="", index_no="007482856/2020-00113",
        lines=body_lines(lines_between(s001, 2625, 2747)), visits=1404,
    )
    wuhan = Doc(
        id="1003", date="2019-08-20", written="2019-08-16",
        title="武汉国家新一代人工智能创新发展试验区建设若干政策",
        issuer="武汉市人民政府", doc_number="", index_no="K28044908/2019-04277",
        lines=body_lines(lines_between(s001, 3115, 3141)), visits=3301,
    )
    hangzhou = Doc(
        id="3003", date="2022-11-20", written="2022-11-18",
        title="杭州市建设国家新一代人工智能创新发展试验区若干政策",
        issuer="杭州市人民政府", doc_number="", index_no="002489227/2022-01118",
        lines=body_lines(lines_between(s001, 987, 1053)), visits=12,
    )
    before = [nanjing_2022, yixing, guangzhou, wuhan, nanjing_2019, jiangsu]

    # -- the "after" state: real edits ---------------------------------------------------
    n22 = replace_once(nanjing_2022.lines, "培育100家人工智能重点企业", "培育150家人工智能重点企业")
    n22 = insert_after(
        n22, "2．打造政策探索策源高地",
        "3．打造数据要素流通高地。建设南京公共数据授权运营平台，推动100个以上高质量数据集向人工智能企业开放。",
    )
    n22 = replace_once(n22, "3．打造技术创新引领高地", "4．打造技术创新引领高地")
    n22 = replace_once(n22, "4．打造场景应用示范高地", "5．打造场景应用示范高地")
    n22 = replace_once(n22, "5．打造产业开放合作高地", "6．打造产业开放合作高地")

    yx = delete_lines(yixing.lines, "7. 提升智慧城市水平", "公共资源，提高交通运行效率")
    yx = replace_once(yx, "8. 拓展智慧生活应用", "7. 拓展智慧生活应用")
    yx = replace_once(yx, "9. 强化产业人才支撑", "8. 强化产业人才支撑")
    yx = replace_once(yx, "10. 夯实基础设施建设", "9. 夯实基础设施建设")

    gz = replace_once(guangzhou.lines, "有效期至2025年12月31日", "有效期至2027年12月31日")

    # -- cosmetic noise only: counters move, whitespace and spacing change -------------
    n19 = tuple(re.sub(r"(\d+)(年|亿元|%)", r" \1 \2", line, count=1) for line in nanjing_2019.lines)

    after = [
        hangzhou,
        replace(nanjing_2022, lines=n22, visits=2388),
        replace(yixing, lines=yx, visits=1002),
        replace(guangzhou, lines=gz, visits=1533),
        replace(wuhan, validity="失效", visits=3390),
        replace(nanjing_2019, lines=n19, visits=5207),
        replace(jiangsu, visits=9377),
    ]
    return before, after


# --------------------------------------------------------------------------- rendering

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


def render_page(doc: Doc, *, state: str) -> bytes:
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
        visits=doc.visits, body=render_body(doc, cosmetic=state == "after" and doc.id == "2001"),
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


def write_pdf(doc: Doc, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    paragraphs, current = [], ""
    # 000 is one PDF row per line; a trailing space ends a paragraph (docs/clauses.md §2.1).
    for row in doc.lines:
        if not row.strip():
            continue
        current += row.strip()
        if row.endswith(" "):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    story = [Paragraph(html.escape(p), style) for p in paragraphs if not p.startswith("http")]
    pdf = SimpleDocTemplate(str(path), pagesize=A4, title=doc.title, author=doc.issuer, invariant=1)
    pdf.build(story)


def build_state(state: str, docs: list[Doc]) -> None:
    root = OUT / state
    ordered = sorted(docs, key=lambda d: d.date, reverse=True)
    pages = (len(ordered) + PAGE_SIZE - 1) // PAGE_SIZE
    for page in range(pages):
        chunk = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        name = "index.html" if page == 0 else f"index_{page}.html"
        target = root / "zcwj" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_listing(chunk, page, pages, visits=1000 + 37 * page + (0 if state == "before" else 211)))
    for doc in docs:
        target = root / doc.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_page(doc, state=state))
        if doc.pdf:
            write_pdf(doc, target.parent / "P020180514_1001.pdf")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    (root / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{SITE_NAME}</title></head>'
        f'<body><a href="/zcwj/">政策文件</a></body></html>\n', encoding="utf-8",
    )


def main() -> None:
    before, after = documents()
    if OUT.exists():
        shutil.rmtree(OUT)
    build_state("before", before)
    build_state("after", after)
    print(f"demo site written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
