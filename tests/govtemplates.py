"""Seven more unseen government site families, rendered from templates (tests/data/unseen_sites has four).

Each family imitates markup seen on real sites (govsites.md): the gov.cn 政策文件库 page and its
属性 table (有效性 as 文件状态/时效/是否有效：否), a provincial 信息公开 table in varying order with 有效性, TRS WCM pages (ContentStart/
ContentEnd comments, ArticleTitle/PubDate/ContentSource/ColumnName tags) in GBK without any
charset, an old county portal laid out in tables, a 政策解读 column beside its policies, and a city
portal with a dl/dd block and 附件 in many formats, a ministry page with a horizontal metadata
table (有效性 as 状态 or 是否有效：是) and its title only in a div; the province's 附件 include a
申报材料 ZIP made on Chinese Windows (GBK member names). Bodies are excerpts of real documents
(tests/data/seeds: Nanjing 宁政办发〔2019〕37号, Yixing 宜政办发〔2023〕22号, Nanjing 2022).

`render(site, root, round)` writes a site; a later `round` changes only page furniture (visit
counters, clocks, related-links boxes, 上一篇/下一篇), so a re-crawl must report no change.
`expected(site)` says what a reader of each page should get; `measure_site` scores a crawl of it
(tests/test_unseen_templates.py, benchmarks/unseen_fields.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.model import DocumentMetadata
from tests import unseen as unseen_site
from tests.govsite import make_docx, make_pdf, make_zip, seed_lines
from tests.ofdgen import make_ofd


def _plain(lines: list[str]) -> list[str]:
    """Seed lines without the Markdown marks one seed carries."""
    return [re.sub(r"^#+\s*", "", line).strip() for line in lines]


@dataclass(frozen=True)
class Attachment:
    name: str  # the Chinese name shown on the page
    path: str  # where it is published (relative to the page's folder unless it starts with /)
    kind: str  # pdf, docx, ofd, xls, wps (a DOCX, as WPS saves it), zip (a bundle: ZIP_MEMBER with a GBK name)
    oldsrc: bool = False  # TRS: the link carries oldsrc= (the upload's name)


@dataclass(frozen=True)
class Doc:
    """One policy page: its metadata as the page states it, its body lines, 附件 and path."""

    meta: DocumentMetadata
    lines: tuple[str, ...]
    attachments: tuple[Attachment, ...] = ()
    path: str = ""

    # the templates read doc.title, doc.written … : the metadata's fields under short names
    title = property(lambda self: self.meta.title)
    doc_number = property(lambda self: self.meta.doc_number)
    issuer = property(lambda self: self.meta.issuer)
    written = property(lambda self: self.meta.written_date)
    published = property(lambda self: self.meta.published_date)
    index_no = property(lambda self: self.meta.index_no)
    validity = property(lambda self: self.meta.validity)


def _doc(title: str, doc_number: str, issuer: str, dates: tuple[str, str], index_no: str, lines: list[str]) -> Doc:
    written, published = dates
    return Doc(DocumentMetadata(title=title, doc_number=doc_number, issuer=issuer, written_date=written,
                                published_date=published, index_no=index_no), tuple(lines))


NJ19 = _doc("南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知", "宁政办发〔2019〕37号", "南京市人民政府办公厅",
            ("2019-06-29", "2019-07-02"), "11320100014135536Q/2019-00037", seed_lines("003_388d20438c39147f.txt", 2, 15))
YX23 = _doc("市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知", "宜政办发〔2023〕22号",
            "宜兴市人民政府办公室", ("2023-07-03", "2023-07-05"), "014131574/2023-00122",
            _plain(seed_lines("004_1a3ddd08d567a234.txt", 2, 12)))
NJ22 = _doc("市政府关于印发南京国家人工智能创新应用先导区建设实施方案的通知", "", "南京市人民政府",
            ("2022-12-12", "2022-12-16"), "11320100014135536Q/2022-00215", seed_lines("002_05b334b9d66293e8.txt", 2, 14))


@dataclass(frozen=True)
class Furniture:
    """What moves between two visits of an unchanged page."""

    round: int

    @property
    def visits(self) -> int:
        return 1234 + 57 * self.round

    @property
    def clock(self) -> str:
        return f"2024-03-{5 + self.round:02d} 1{self.round % 10}:2{self.round % 10}:07"

    def related(self) -> list[str]:
        titles = ["关于开展2024年度人工智能揭榜挂帅工作的通知", "我市召开人工智能产业发展推进会",
                  "关于公布首批智能工厂名单的公示", "市领导调研算力中心建设"]
        return titles[self.round % 2 :][:3]

    def neighbours(self) -> tuple[str, str]:
        # long titles: a 上一篇 line is not always short enough to look like a tool row
        return ("关于组织申报2024年度省级工业互联网平台和工业互联网标杆工厂的通知",
                "市工业和信息化局2023年工作总结和2024年工作计划")[:: 1 - 2 * (self.round % 2)]


# Words of page furniture no body may keep (the labels of the 信息公开 block included).
FURNITURE_WORDS = ("分享到", "打印", "关闭窗口", "字体", "浏览次数", "访问量", "上一篇", "下一篇", "相关链接",
                   "当前位置", "扫一扫", "索引号", "主题分类", "当前时间", "揭榜挂帅", "工作总结")


def _related_box(f: Furniture, cls: str = "related") -> str:
    items = "".join(f'<li><a href="/xwdt/2024/art_{i}.html">{t}</a></li>' for i, t in enumerate(f.related()))
    return f'<div class="{cls}"><h3>相关链接</h3><ul>{items}</ul></div>'


def _prev_next(f: Furniture) -> str:
    prev, nxt = f.neighbours()
    return f'<p>上一篇：<a href="/art/1.html">{prev}</a></p><p>下一篇：<a href="/art/2.html">{nxt}</a></p>'


def _attachment_links(doc: Doc) -> str:
    links = []
    for n, a in enumerate(doc.attachments, 1):
        old = f' oldsrc="W0{20230700 + n}.{a.path.rsplit(".", 1)[-1]}"' if a.oldsrc else ""
        links.append(f'<p>附件{n}：<a href="{a.path}"{old} target="_blank">{a.name}</a></p>')
    return "".join(links)


def _p_body(doc: Doc, indent: str) -> str:
    return "".join(f"<p>{indent}{line}</p>" for line in doc.lines)


# -------------------------------------------------------------------------- page templates


# 有效性 under the other labels sites use: the value a reader should get -> (label, value as shown)
STATUS_SHOWN = {"部分失效": ("文件状态", "部分失效"), "失效": ("是否有效", "否"), "已失效": ("时效", "已失效"),
                "有效": ("是否有效", "是"), "已废止": ("状态", "已废止")}


def page_zhengceku(doc: Doc, f: Furniture) -> str:
    """gov.cn 政策文件库: breadcrumb and h1 both print the title, a 属性 table labelled with
    &nbsp; padding, the body inside <!--<ucapcontent>--> comments, a share bar and a clock."""
    pad = "&nbsp;&nbsp;"
    rows = (f'<tr><td class="bd1_l"><b>索{pad}引{pad}号：</b></td><td>{doc.index_no}</td><td><b>主题分类：</b></td><td>科技、教育\\科技</td></tr>'
            f'<tr><td><b>发文机关：</b></td><td>{doc.issuer}</td><td><b>成文日期：</b></td><td>{_cn_date(doc.written)}</td></tr>'
            f'<tr><td><b>标{pad}{pad}题：</b></td><td colspan="3">{doc.title}</td></tr>'
            f'<tr><td><b>发文字号：</b></td><td>{doc.doc_number}</td><td><b>发布日期：</b></td><td>{_cn_date(doc.published)}</td></tr>'
            + ("<tr><td><b>{}：</b></td><td>{}</td></tr>".format(*STATUS_SHOWN[doc.validity]) if doc.validity else ""))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="lastmodifiedtime" content="{doc.published}-09:00:00"><title>{doc.title}_政策文件库_中国政府网</title></head><body>
<div class="header"><a href="/">首页</a> <a href="/zhengce/">政策</a> <span>当前时间：{f.clock}</span></div>
<div class="BreadcrumbNav">当前位置：<a href="/">首页</a> &gt; <a href="/zhengce/zhengceku/">政策文件库</a> &gt; {doc.title}</div>
<div class="policyLibraryOverview_header"><h3>属性</h3><table class="bd1" cellspacing="1">{rows}</table></div>
<div class="article"><h1 id="ti">{doc.title}</h1>
<div class="pages-date">{doc.published} <span class="font">【字体：<a>大</a> <a>中</a> <a>小</a>】</span></div>
<!--<ucapcontent>--><div id="UCAP-CONTENT" class="trs_editor_view TRS_UEDITOR">{_p_body(doc, "")}{_attachment_links(doc)}</div><!--</ucapcontent>-->
<div class="pctoolbar">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a> | <a href="javascript:window.print()">打印本页</a></div>
{_related_box(f, "xgwz")}</div><div class="footer">网站访问量：{f.visits * 31}</div></body></html>"""


def page_province(doc: Doc, f: Furniture) -> str:
    """A provincial 信息公开 page: label/value cells in a per-document order, 有效性, a TRS_Editor
    body indented with &nbsp; and full-width spaces, tool rows and a 上一篇/下一篇 pair."""
    pairs = [("索引号", doc.index_no), ("发布机构", doc.issuer), ("发文日期", _cn_date(doc.written)),
             ("文号", doc.doc_number), ("有效性", doc.validity), ("主题分类", "综合政务"),
             ("名称", doc.title), ("发布日期", doc.published)]
    # each page its own order: a start and a step (coprime to the 8 rows) drawn from its 索引号
    key = sum(map(ord, doc.index_no))
    order = [(key + i * (1, 3, 5, 7)[key // 8 % 4]) % len(pairs) for i in range(len(pairs))]
    cells = [f'<td class="t">{pairs[i][0]}：</td><td class="v">{pairs[i][1]}</td>' for i in order]
    rows = "".join(f"<tr>{''.join(cells[k:k + 2])}</tr>" for k in range(0, len(cells), 2))
    indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if len(doc.title) % 2 else "\u3000\u3000"
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{doc.title}</title></head><body>
<div class="dqwz">您当前的位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 政策文件</div>
<table class="xxgk_table" width="100%">{rows}</table>
<div class="zw"><h2 class="zw-title">{doc.title}</h2>
<div class="zw-info">发布时间：{doc.published} 浏览次数：<span>{f.visits}</span> 【字体：大 中 小】</div>
<div class="TRS_Editor">{_p_body(doc, indent)}
<div class="fj">{_attachment_links(doc)}</div></div>
<div>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
{_prev_next(f)}{_related_box(f)}</div></body></html>"""


def page_trswcm(doc: Doc, f: Furniture) -> str:
    """TRS WCM: metadata only in <meta> tags, the body in an unknown container marked by
    ContentStart/ContentEnd comments, no charset anywhere (the site serves GBK)."""
    return f"""<html><head><title>{doc.title}-{doc.issuer}</title>
<meta name="ArticleTitle" content="{doc.title}"><meta name="PubDate" content="{doc.published} 09:12">
<meta name="ContentSource" content="{doc.issuer}"><meta name="ColumnName" content="政策文件"><meta name="ColumnType" content="规范性文件">
</head><body><div class="top">当前时间：{f.clock}</div>
<div class="location">首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="detail"><div class="tit">{doc.title}</div>
<div class="fbxx">来源：{doc.issuer} 发布时间：{doc.published} 阅读：{f.visits}</div>
<!--ContentStart--><div class="zw-con">{"".join(f'<p style="text-indent:2em">{line}</p>' for line in doc.lines)}</div><!--ContentEnd-->
{_prev_next(f)}</div>{_related_box(f, "xglj")}</body></html>"""


def page_county(doc: Doc, f: Furniture) -> str:
    """An old county portal: table layout, the body one <td> of <br>-separated paragraphs with
    &nbsp; indentation, metadata only in PubDate/ContentSource/ColumnName tags (no ArticleTitle)."""
    body = "<br>".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{line}" for line in doc.lines)
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="PubDate" content="{doc.published}"><meta name="ContentSource" content="{doc.issuer}"><meta name="ColumnName" content="通知公告">
<title>{doc.title}--宜兴市人民政府</title></head><body>
<table width="980" align="center"><tr><td class="nav"><a href="/">网站首页</a> | <a href="/zwgk/">政务公开</a></td></tr></table>
<table width="980" align="center"><tr><td valign="top" width="220"><table><tr><td><a href="/zwgk/tzgg/">通知公告</a></td></tr><tr><td><a href="/zwgk/zcwj/">政策文件</a></td></tr></table></td>
<td valign="top"><table width="100%"><tr><td align="center" class="title" style="font-size:22px">{doc.title}</td></tr>
<tr><td align="center">发布日期：{doc.published}&nbsp;&nbsp;点击数：{f.visits}&nbsp;&nbsp;【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr>
<tr><td class="content" style="line-height:30px">{body}</td></tr>
<tr><td>{_prev_next(f)}</td></tr></table></td></tr></table>
<table width="980"><tr><td>今天是：{f.clock[:10]} 星期{"一二三四五六日"[f.round % 7]}</td></tr></table></body></html>"""


def page_jiedu(doc: Doc, f: Furniture) -> str:
    """A 政策解读 (or policy) page of a city portal: <li>LABEL： value</li> metadata with 有效性, the
    解读 linking its policy in a 相关文件 line, a #zoom body opening with a share bar and 扫一扫."""
    items = "".join(f"<li><span>{k}：</span>{v}</li>" for k, v in (
        ("索引号", doc.index_no), ("发布机构", doc.issuer), ("生成日期", doc.written), ("文号", doc.doc_number),
        ("有效性", doc.validity), ("公开日期", doc.published)) if v or k == "文号")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{doc.title}_南京市人民政府</title></head><body>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; {doc.title}</div>
<div class="xxgk_info"><ul>{items}</ul></div>
<div class="article"><h1>{doc.title}</h1><div class="info">浏览次数：{f.visits}</div>
<div id="zoom"><div>分享到：<a>QQ好友</a><a>新浪微博</a><a>微信</a></div><div>扫一扫在手机打开当前页</div>
{_p_body(doc, "")}{_attachment_links(doc)}</div>
<div class="bdshare">分享到：</div><div class="ewm">扫一扫在手机打开当前页</div>{_related_box(f)}</div></body></html>"""


def page_city(doc: Doc, f: Furniture) -> str:
    """A city portal: a dl/dd block in another order, the body in an unknown container after a 分享到
    toolbar, 附件 with Chinese names (relative ../ and absolute), and an info bar with a visit
    counter, a counter and the 上一篇/下一篇 links inside the body's own container."""
    terms = "".join(f"<dl><dt>{k}：</dt><dd>{v}</dd></dl>" for k, v in (
        ("发文字号", doc.doc_number), ("标　　题", doc.title), ("发文机关", doc.issuer), ("索 引 号", doc.index_no),
        ("成文日期", doc.written), ("效力状态", doc.validity), ("发布时间", doc.published)))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{doc.title} - 政策文件 - 南京市</title></head><body>
<div class="crumbs">首页 / 政策文件 / {doc.title}</div>
<div class="xxgk-box">{terms}</div>
<div class="wz"><h1>{doc.title}</h1>
<div class="share-bar">分享到：<a>微信</a><a>微博</a> 【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印</a></div>
<div class="wz-text"><div class="source">发布日期：{doc.published} 来源：{doc.issuer} 浏览次数：{f.visits} 【字体：大 中 小】</div>
{_p_body(doc, "")}<div class="attach"><b>附件：</b>{_attachment_links(doc)}</div>
<p>访问量：{f.visits}</p>{_prev_next(f)}</div></div>{_related_box(f, "xgxx")}</body></html>"""


def page_ministry(doc: Doc, f: Furniture) -> str:
    """A ministry's 信息公开 page: <title> holds only the site's name, the title is a div.title, the
    metadata a horizontal table (a row of labels over one row of values), a .xls 附件 by oldsrc."""
    status_label, status = STATUS_SHOWN[doc.validity]
    heads = ("索引号", "发文字号", "发布机构", "成文日期", "发布日期", status_label)
    values = (doc.index_no, doc.doc_number, doc.issuer, doc.written, doc.published, status)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>中华人民共和国某部</title></head><body>
<div class="top">当前时间：{f.clock}</div><div class="crumb">您现在的位置：首页 &gt; 政府信息公开 &gt; 通知公告</div>
<table class="xxgk-table"><tr>{"".join(f"<th>{h}</th>" for h in heads)}</tr><tr>{"".join(f"<td>{v}</td>" for v in values)}</tr></table>
<div class="title">{doc.title}</div><div class="time">{doc.published}</div>
<div class="TRS_UEDITOR trs_paper_default">{_p_body(doc, "")}</div>
<div class="fj">{_attachment_links(doc)}</div>
<div class="bottom">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】 浏览次数：{f.visits}</div>
{_related_box(f)}</body></html>"""


def _cn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{y}年{m}月{d}日"


# -------------------------------------------------------------------------- listings


def _ul_items(docs: list[Doc], base: str = "") -> str:
    return "".join(f'<li><a href="{base}{d.path}" title="{d.title}" target="_blank">{d.title[:20]}…</a><span>{d.published}</span></li>'
                   for d in docs)


def list_pages(docs: list[Doc], per_page: int) -> list[list[Doc]]:
    return [docs[i : i + per_page] for i in range(0, len(docs), per_page)]


def listing_created(pages: list[list[Doc]], n: int, *, six_args: bool = False, written: bool = False) -> str:
    """TRS index.html / index_N.html paged by createPageHTML (4 or 6 arguments), or (`written`) by
    the template's own script: `var countPage = N//共多少页` and document.write of index_N links."""
    call = (f"createPageHTML('page_div',{len(pages)}, {n},'index','html',{sum(map(len, pages))})" if six_args
            else f'createPageHTML({len(pages)}, {n}, "index", "html")')
    if written:
        call = (f"var currentPage = {n};//所在页从0开始\nvar prevPage = currentPage-1//上一页\n"
                f"var nextPage = currentPage+1//下一页\nvar countPage = {len(pages)}//共多少页\n"
                'if(countPage>1&&currentPage!=(countPage-1))\n'
                '  document.write("<a href=\\"index_"+nextPage+"."+"html\\">下一页</a>")')
    return (f'<html><head><title>政策文件</title></head><body><div class="nav"><a href="/">首页</a></div>'
            f'<ul class="list">{_ul_items(pages[n])}</ul><div id="page_div"></div>'
            f'<script type="text/javascript">{call};</script></body></html>')


def listing_onclick(pages: list[list[Doc]], n: int) -> str:
    """list.html, list_2.html …: the 下一页 link is a script (onclick="location.href='list_2.html'")."""
    nav = (f"""<a href="javascript:void(0)" onclick="location.href='list_{n + 2}.html'">下一页</a>"""
           if n + 1 < len(pages) else "")
    return (f'<html><head><meta charset="utf-8"><title>通知公告</title></head><body><ul class="list">{_ul_items(pages[n])}</ul>'
            f'<div class="page">{nav}</div></body></html>')


def listing_query(pages: list[list[Doc]], n: int, *, table: bool = False, session: str = "") -> str:
    """A list paged by ?page=N with a 下一页 link (rows in a table whose links carry the visitor's
    ?sid= session token when given, or a ul with dates in spans)."""
    if table:
        sid = f"?sid={session}" if session else ""
        rows = "".join(f'<tr><td><a href="{d.path}{sid}">{d.title}</a></td><td>[{d.published}]</td></tr>' for d in pages[n])
        items = f'<table class="list">{rows}</table>'
    else:
        items = f'<ul class="list">{_ul_items(pages[n])}</ul>'
    nav = f'<a href="?page={n + 2}">下一页</a>' if n + 1 < len(pages) else "<span>下一页</span>"
    return (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body>{items}'
            f'<div class="page">共{len(pages)}页 <a href="?page=1">首页</a> {nav}</div></body></html>')


# -------------------------------------------------------------------------- sites


@dataclass(frozen=True)
class Site:
    name: str
    config: str  # the [[sources]] lines ({base} = the site's URL)
    docs: tuple[Doc, ...]
    page: Callable[[Doc, Furniture], str]
    listing: Callable[[list[Doc], Furniture], dict[str, str]]  # file path -> listing page
    encoding: str = "utf-8"
    routes: dict[str, str] = field(default_factory=dict)  # query-paged route -> file prefix


def _with(doc: Doc, path: str, *, validity: str = "", attachments: tuple[Attachment, ...] = ()) -> Doc:
    return replace(doc, path=path, meta=replace(doc.meta, validity=validity), attachments=attachments)


GOV_ATTACH = (Attachment("南京市人工智能产业地标行动计划重点任务分解表.pdf", "P020190702397.pdf", "pdf"),
              Attachment("行动计划（版式文件）.ofd", "/files/2019/P020190702398.ofd", "ofd"))
PROVINCE_ATTACH = (Attachment("先导区建设任务清单.doc", "./P020221216543.doc", "docx", oldsrc=True),
                   Attachment("项目申报书.wps", "./P020221216544.wps", "wps", oldsrc=True),
                   Attachment("申报材料汇编.zip", "./P020221216545.zip", "zip"))
CITY_ATTACH = (Attachment("宜兴市人工智能重点项目表.docx", "../../../files/2023/宜兴重点项目表.docx", "docx"),
               Attachment("政策原文.pdf", "/files/2023/yx22.pdf", "pdf"))

# Hanweb publishes uploads through a download script that names the file in its query
JIEDU_ATTACH = (Attachment("打造人工智能产业地标行动计划（图解）.pdf",
                           "/module/download/downfile.jsp?classid=0&filename=8c2f4e1d9a7b4c3e8f1d2a6b5c4e3f2a.pdf", "pdf"),)
MINISTRY_ATTACH = (Attachment("先导区重点项目汇总表.xls", "./P020221216601.xls", "xls", oldsrc=True),)

SITES: dict[str, Site] = {}


def _site(site: Site) -> Site:
    SITES[site.name] = site
    return site


def _query_listing(path: str, per_page: int, *, table: bool = False) -> Callable[[list[Doc], Furniture], dict[str, str]]:
    def build(docs: list[Doc], f: Furniture) -> dict[str, str]:
        pages = list_pages(docs, per_page)
        # an ASP portal writes each visitor's session into its links: a new token every visit
        session = hashlib.md5(f"visit {f.round}".encode()).hexdigest() if table else ""
        return {f"{path}_{n + 1}.html": listing_query(pages, n, table=table, session=session) for n in range(len(pages))}
    return build


def _created_listing(folder: str, per_page: int, **style: bool) -> Callable[[list[Doc], Furniture], dict[str, str]]:
    def build(docs: list[Doc], f: Furniture) -> dict[str, str]:
        pages = list_pages(docs, per_page)
        return {f"{folder}/index{'' if n == 0 else f'_{n}'}.html": listing_created(pages, n, **style)
                for n in range(len(pages))}
    return build


_site(Site(
    "zhengceku", 'name = "zck"\nlisting_urls = ["{base}/zhengce/zhengceku/list.htm?page=1"]\nprofile = "trs"',
    (_with(NJ19, "/zhengce/zhengceku/201907/content_5408.htm", validity="部分失效", attachments=GOV_ATTACH),
     _with(NJ22, "/zhengce/zhengceku/202212/content_5733.htm", validity="失效"),
     _with(YX23, "/zhengce/zhengceku/202307/content_6890.htm", validity="已失效")),
    page_zhengceku, _query_listing("zhengce/zhengceku/list", 2), routes={"/zhengce/zhengceku/list.htm": "zhengce/zhengceku/list"},
))
_site(Site(
    "province", 'name = "prov"\nlisting_urls = ["{base}/xxgk/zcwj/index.html"]\nprofile = "trs"',
    (_with(NJ22, "./202212/t20221216_3801.html", validity="现行有效", attachments=PROVINCE_ATTACH),
     _with(NJ19, "./201907/t20190702_3802.html", validity="已废止"),
     _with(YX23, "./202307/t20230705_3803.html", validity="失效")),
    page_province, _created_listing("xxgk/zcwj", 1),
))
_site(Site(
    "trswcm", 'name = "wcm"\nlisting_urls = ["{base}/zwgk/zcwj/index.html"]',
    (_with(YX23, "./202307/t20230705_1122.html"), _with(NJ19, "./201907/t20190702_1123.html")),
    page_trswcm, _created_listing("zwgk/zcwj", 1, written=True), encoding="gbk",
))
_site(Site(
    "county", 'name = "county"\nlisting_urls = ["{base}/zwgk/tzgg/list.aspx?page=1"]',
    (_with(YX23, "/zwgk/tzgg/2023/0705/1122.html"), _with(NJ22, "/zwgk/tzgg/2022/1216/1123.html")),
    page_county, _query_listing("zwgk/tzgg/list", 1, table=True), encoding="gbk",
    routes={"/zwgk/tzgg/list.aspx": "zwgk/tzgg/list"},
))
_JIEDU = _doc("《南京市打造人工智能产业地标行动计划》政策解读", "", "南京市工业和信息化局", ("2019-07-03", "2019-07-04"),
              "11320100014135536Q/2019-00038",
             ["一、出台背景", "为深入贯彻落实国家和省关于发展人工智能的工作部署，市政府办公厅印发了《南京市打造人工智能产业地标行动计划》。",
              "二、主要内容", "《行动计划》提出，到2025年，全市人工智能核心产业规模达到500亿元。",
              "相关文件：南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知"])
_site(Site(
    "jiedu", 'name = "njjd"\nlisting_urls = ["{base}/zcjd/index.html", "{base}/zcwj/index.html"]',
    (_with(_JIEDU, "/zcjd/201907/t20190704_2001.html", validity="有效"),
     _with(NJ19, "/zcwj/201907/t20190702_2000.html", validity="有效", attachments=JIEDU_ATTACH)),
    page_jiedu, lambda docs, f: {"zcjd/index.html": listing_created([docs[:1]], 0), "zcwj/index.html": listing_created([docs[1:]], 0)},
))
_site(Site(
    "city", 'name = "njcity"\nlisting_urls = ["{base}/zwgk/zcwj/index.shtml"]',
    (_with(YX23, "/zwgk/zcwj/2023/07/05/art_77_301.shtml", validity="有效", attachments=CITY_ATTACH),
     _with(NJ22, "/zwgk/zcwj/2022/12/16/art_77_300.shtml", validity="有效")),
    page_city, lambda docs, f: {"zwgk/zcwj/index.shtml": listing_created([list(docs)], 0, six_args=True)},
))


_site(Site(
    "ministry", 'name = "ministry"\nlisting_urls = ["{base}/xxgk/tzgg/list.html"]',
    (_with(NJ22, "/xxgk/tzgg/202212/t20221216_5501.html", validity="有效", attachments=MINISTRY_ATTACH),
     _with(NJ19, "/xxgk/tzgg/201907/t20190702_5502.html", validity="已废止")),
    page_ministry,
    lambda docs, f: {f"xxgk/tzgg/list{'' if n == 0 else f'_{n + 1}'}.html": listing_onclick(list_pages(list(docs), 1), n)
                     for n in range(len(docs))},
))


def doc_file(site: Site, doc: Doc) -> str:
    """The file a document's page is written to (its path, relative paths resolved against the listing)."""
    listing = next(iter(site.listing(list(site.docs), Furniture(0))))
    folder = listing.rsplit("/", 1)[0]
    path = doc.path
    return f"{folder}/{path[2:]}" if path.startswith("./") else path.lstrip("/")


def doc_url_path(site: Site, doc: Doc) -> str:
    return "/" + doc_file(site, doc)


def render(site: Site, root: Path, round: int = 0) -> None:
    """Write the site's pages (furniture of `round`) and attachments under root."""
    furniture = Furniture(round)
    files = dict(site.listing(list(site.docs), furniture))
    for doc in site.docs:
        files[doc_file(site, doc)] = site.page(doc, furniture)
    for rel, html in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode(site.encoding))
    for doc in site.docs:
        folder = doc_file(site, doc).rsplit("/", 1)[0]
        for a in doc.attachments:
            if "?" in a.path:  # a download script: served as a route
                continue
            rel = a.path.lstrip("/") if a.path.startswith("/") else str(Path(folder, a.path)).replace("\\", "/")
            target = (root / rel).resolve()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(attachment_bytes(a))


ZIP_MEMBER = "附件1 项目申报书.docx"


@functools.cache
def attachment_bytes(a: Attachment) -> bytes:
    lines = [a.name.rsplit(".", 1)[0], "一、基本情况", "本表由申报单位如实填写。"]
    if a.kind == "pdf":
        return make_pdf(lines)
    if a.kind == "ofd":
        return make_ofd(lines)
    if a.kind == "xls":
        return _libreoffice_sheet([lines[0], "项目,金额", "算力中心,1亿元"])
    if a.kind == "zip":  # as Chinese Windows zips it: the member's name in GBK, no UTF-8 flag
        return make_zip({ZIP_MEMBER: make_docx(lines, [["项目", "金额"], ["算力中心", "1亿元"]]),
                         "填报说明.txt": "按要求填报。".encode("gbk")}, gbk_names=True)
    return make_docx(lines, [["项目", "金额"], ["算力中心", "1亿元"]])


def _libreoffice_sheet(rows: list[str]) -> bytes:
    """An Excel 97 .xls made by LibreOffice from CSV rows (the format such 附件 are published in)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "sheet.csv")
        source.write_text("\n".join(rows), encoding="utf-8")
        subprocess.run(["soffice", "--headless", "--norestore", "--nologo", f"-env:UserInstallation={Path(tmp, 'p').as_uri()}",
                        "--infilter=CSV:44,34,76,1", "--convert-to", "xls", "--outdir", tmp, str(source)],
                       capture_output=True, timeout=180, check=True)
        return Path(tmp, "sheet.xls").read_bytes()


def attachment_first_lines(doc: Doc) -> list[str]:
    """The first line of each readable attachment's text; a ZIP's is the heading of its first
    member, named by the bundle's file name and the member's (GBK) name."""
    return [f"【{a.path.rsplit('/', 1)[-1]}/{ZIP_MEMBER}】" if a.kind == "zip" else a.name.rsplit(".", 1)[0]
            for a in doc.attachments]


def _query_route(root: Path, prefix: str) -> Callable[[RecordedRequest], Response]:
    def answer(request: RecordedRequest) -> Response:
        page = parse_qs(urlsplit(request.path).query).get("page", ["1"])[0]
        target = root / f"{prefix}_{page}.html"
        if not page.isdigit() or not target.is_file():
            return Response(status=404, body=b"<html><body>404</body></html>", headers={"Content-Type": "text/html"})
        return Response(body=target.read_bytes(), headers={"Content-Type": "text/html"})
    return answer


@contextmanager
def serve(site: Site, root: Path) -> Iterator[LoopbackSite]:
    """The rendered site under root on 127.0.0.1 (render it first; re-render between runs)."""
    routes = {path: _query_route(root, prefix) for path, prefix in site.routes.items()}
    # a Chinese file name is requested percent-encoded
    for doc in site.docs:
        for a in doc.attachments:
            if "?" in a.path:
                routes[urlsplit(a.path).path] = Response(body=attachment_bytes(a), headers={"Content-Type": "application/octet-stream"})
            elif not a.path.isascii():
                folder = doc_file(site, doc).rsplit("/", 1)[0]
                resolved = Path("/", folder, a.path).resolve()
                routes[quote(str(resolved))] = Response(body=attachment_bytes(a),
                                                        headers={"Content-Type": "application/octet-stream"})
    with LoopbackSite(root, routes=routes) as loopback:
        yield loopback


_META_ONLY = ("trswcm", "county")  # families whose pages state their metadata in <meta> tags only


def expected(site: Site) -> dict[str, dict[str, object]]:
    """url path -> the fields and text a reader of the page should get."""
    out: dict[str, dict[str, object]] = {}
    for doc in site.docs:
        out[doc_url_path(site, doc)] = {
            # a page that states no 文号 in its markup has one only when its text opens with it
            "title": doc.title, "issuer": doc.issuer,
            "doc_number": doc.doc_number if site.name not in _META_ONLY or doc.doc_number in doc.lines[:2] else "",
            "written_date": doc.written,
            "published_date": doc.published, "validity": doc.validity,
            "attachments": attachment_first_lines(doc), "lines": list(doc.lines),
        }
    return out


# -------------------------------------------------------------------------- scoring

FIELDS = ("title", "doc_number", "issuer", "written_date", "published_date", "validity")
COLUMNS = (*FIELDS, "attachments", "complete", "clean")


def compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def score_doc(row: dict[str, Any] | None, text: list[str], children: list[list[str]], want: dict[str, Any]) -> dict[str, bool | None]:
    """True/False per column (None: the page states nothing to score there)."""
    if row is None:
        return {c: False for c in COLUMNS}
    got: dict[str, bool | None] = {}
    for name in FIELDS:
        if name in want and want[name] is not None:
            got[name] = (row.get(name) or "") == want[name]
    if "attachments" in want:
        firsts = {compact(lines[0]) for lines in children if lines}
        got["attachments"] = {compact(x) for x in want["attachments"]} == firsts
    if "lines" in want:
        stored = compact("".join(text))
        position, complete = 0, True
        for line in want["lines"]:
            found = stored.find(compact(line), position)
            complete = complete and found >= 0
            position = max(position, found)
        got["complete"] = complete
        got["clean"] = not any(word in line for line in text for word in FURNITURE_WORDS)
    return got


def measure_site(name: str, config_lines: str, want: dict[str, dict[str, Any]], serve: Any,
                 rerender: Any, tmp: Path) -> tuple[dict[str, dict[str, bool | None]], bool, list[str]]:
    """Crawl one site twice (furniture changed between runs); (scores per doc, quiet, problems)."""
    problems: list[str] = []
    with serve() as site:
        config = unseen_site.write_config(tmp, config_lines.replace("{base}", site.base_url))
        report = unseen_site.run_json(config)
        problems += report["errors"] + report.get("warnings", [])
        docs = unseen_site.documents(config)
        texts = unseen_site.latest_texts(config)  # one `export`, not a `show` process per document
        scores = {}
        for path, expect in want.items():
            row = docs.get(path)
            text = texts[row["id"]] if row else []
            children = [texts[child["id"]] for child in docs.values()
                        if row and child.get("parent_id") == row["id"]]
            scores[f"{name}{path}"] = score_doc(row, text, children, expect)
            if row is None:
                problems.append(f"{path}: not stored (have {sorted(docs)})")
        rerender()
        again = unseen_site.run_json(config)
        quiet = again["counts"] == {"new_documents": 0, "new_versions": 0, "changes": 0, "missing": 0, "reappeared": 0}
        if not quiet:
            problems.append(f"furniture-only re-crawl: {again['counts']}")
    return scores, quiet, problems



if __name__ == "__main__":  # dump the expectations, for a look
    print(json.dumps({name: expected(site) for name, site in SITES.items()}, ensure_ascii=False, indent=1)[:3000])
