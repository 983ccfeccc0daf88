"""Three loopback government sites built around the traps real portals set for a crawler.

Each is a listing with pagination, detail pages in GBK and UTF-8 and attachments, like the sites
of tests/data/unseen_sites, and each sets traps (govsites.md §2, §5):

- county (TRS, profile "trs"): pages only through `createPageHTML(3, n, "index", "html")`; a
  calendar widget whose ‹ › month links (text "<", ">") are the first ">" of the page and lead to
  the column's own page with a new `?month=` for ever; a search box's links with endless query
  strings; one document linked as ./, as a scheme-relative //host/ link and with ?utm_source= and
  ?from= tracking parameters; a listed document answering 200 with a "页面不存在" page (soft 404);
  a document moved (301, then 200); GBK detail pages with a PDF 附件.
- district (generic profile): list.html, list_2.html, list_3.html whose 下一页 leads back to
  list.html; date-folder article URLs; UTF-8 and GBK details; a DOCX 附件; the same document
  listed twice on one page, one spelling with `#` and one with `?from=timeline`.
- bureau (JSP, `list.jsp?page=N`, link_pattern set): every page number past the list's end
  answers page 1 again, and its 下一页 is always there; one document linked as /doc/10305/ and
  /doc/10305/index.html; content.jsp?id=304 moved by 301 to /doc/304.html; GB18030 details.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests.govsite import make_docx, make_pdf
from tests.traps import NJ, YX

UTF8 = {"Content-Type": "text/html; charset=utf-8"}
GBK = {"Content-Type": "text/html; charset=GBK"}
NOT_FOUND_200 = ("<html><head><title>提示</title></head><body><div class='err'>对不起，您访问的页面不存在或已被删除！"
                 "</div><a href='/'>返回首页</a></body></html>")

# title, issuer's number, body lines: cut from the seed texts so each document reads as a policy
COUNTY = {
    101: ("县人民政府关于印发促进人工智能产业发展若干措施的通知", NJ[:6]),
    102: ("县人民政府办公室关于做好2024年春节期间安全生产工作的通知", YX[:6]),
    103: ("县人民政府关于调整部分行政许可事项的决定", NJ[6:12]),
    104: ("县人民政府关于已撤回文件的说明", YX[6:10]),  # answers a soft 404
    105: ("县人民政府关于印发县域商业体系建设实施方案的通知", NJ[2:9]),  # moved (301)
}
DISTRICT = {
    201: ("区政府关于印发区级政务服务事项清单的通知", NJ[:5]),
    202: ("区政府办公室关于加强城市管理工作的实施意见", YX[:7]),
    203: ("区政府关于公布第一批区级非物质文化遗产名录的通知", NJ[5:11]),
    204: ("区政府关于印发区数字经济发展三年行动计划的通知", YX[3:9]),
}
BUREAU = {
    301: ("市市场监督管理局关于开展食品安全专项整治的通知", NJ[:6]),
    302: ("市市场监督管理局关于印发行政处罚裁量基准的通知", YX[:6]),
    10305: ("市市场监督管理局关于公布2024年度双随机抽查计划的公告", NJ[4:10]),
    304: ("市市场监督管理局关于调整个体工商户登记程序的通知", YX[2:8]),  # moved (301)
}


def _detail(title: str, lines: list[str], *, charset: str, attachment: str = "") -> bytes:
    """A detail page: the title, a 信息公开 line, the body, and its 附件 (if any)."""
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    fj = f'<div class="fj">附件：<a href="{attachment}">{title[-8:]}附件</a></div>' if attachment else ""
    page = (f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            '<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>'
            f'<h1>{title}</h1><div class="info">发布日期：2024-01-05</div><div class="TRS_Editor">{paragraphs}</div>{fj}'
            '<div class="footer">主办单位：人民政府办公室</div></body></html>')
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else "utf-8")


def _list_page(title: str, rows: str, tail: str) -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>'
            f'<div class="main"><ul class="list">{rows}</ul>{tail}</div></body></html>').encode()


def _row(href: str, title: str, date: str) -> str:
    return f'<li><a href="{href}" target="_blank">{title}</a><span>{date}</span></li>'


# ------------------------------------------------------------------------------------ county (TRS)


def _county_path(n: int) -> str:
    return f"/zwgk/zcwj/202401/t202401{n - 100:02d}_{n}.html"


def _calendar(month: str) -> str:
    """A 日历 widget: its month links are "<" and ">", the page's first ">" link."""
    year, number = (int(x) for x in month.split("-"))
    later = f"{year + number // 12}-{number % 12 + 1:02d}"
    earlier = f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"
    return (f'<div class="rili"><a href="index.html?month={earlier}">&lt;</a><span>{month}</span>'
            f'<a href="index.html?month={later}">&gt;</a></div>')


def _county_list(number: int, host: str, month: str = "2024-01") -> bytes:
    pages = {0: [("./202401/t20240101_101.html", 101), (f"//{host}{_county_path(102)}", 102)],
             1: [(f"{_county_path(103)}?utm_source=wechat", 103), ("./202401/t20240104_104.html", 104)],
             2: [("./202401/t20240105_105.html", 105)]}[number]
    rows = "".join(_row(href, COUNTY[n][0], f"2024-01-0{n - 100}") for href, n in pages)
    hot = _row(f"{_county_path(101)}?from=groupmessage&isappinstalled=0", COUNTY[101][0], "2024-01-01")
    search = ('<form action="/search/search.jsp"><input name="q"></form>'
              '<div class="hotwords"><a href="/search/search.jsp?q=政策&amp;page=1&amp;sort=date">政策</a>'
              '<a href="/search/search.jsp?q=通知&amp;page=1&amp;sort=date">通知</a></div>')
    tail = (f'{_calendar(month)}{search}<div class="hot"><h3>热点</h3><ul>{hot}</ul></div>'
            f'<div class="page"><script>createPageHTML(3, {number}, "index", "html");</script></div>')
    return _list_page("政策文件", rows, tail)


def _county(request: RecordedRequest) -> Response:
    parts = urlsplit(request.path)
    host = request.headers.get("host", "")
    if parts.path in ("/zwgk/zcwj/index.html", "/zwgk/zcwj/"):
        month = parse_qs(parts.query).get("month", ["2024-01"])[0]
        return Response(body=_county_list(0, host, month), headers=UTF8)
    name = parts.path.rsplit("/", 1)[-1]
    if name.startswith("index_") and name[6:-5].isdigit() and int(name[6:-5]) in (1, 2):
        return Response(body=_county_list(int(name[6:-5]), host), headers=UTF8)
    if name == "t20240104_104.html":
        return Response(body=NOT_FOUND_200.encode(), headers=UTF8)
    if name == "t20240105_105.html":
        return Response(status=301, headers={"Location": "/zwgk/zcwj/202402/t20240201_105.html"})
    number = int(name.rsplit("_", 1)[-1].split(".")[0]) if name.endswith(".html") and "_" in name else 0
    if number in COUNTY and number != 104:
        title, lines = COUNTY[number]
        return Response(body=_detail(title, lines, charset="gbk", attachment=f"/zwgk/fj/{number}.pdf"), headers=GBK)
    if parts.path.startswith("/zwgk/fj/") and parts.path.endswith(".pdf"):
        return Response(body=make_pdf([f"附件{parts.path[9:-4]}", "申报表", "单位名称："]),
                        headers={"Content-Type": "application/pdf"})
    if parts.path == "/search/search.jsp":  # every answer links to the next page of results, for ever
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        return Response(body=_list_page("搜索", "", f'<a href="search.jsp?q=x&amp;page={page + 1}">下一页</a>'), headers=UTF8)
    return Response(status=404, body=b"<html><body>404</body></html>", headers=UTF8)


# ----------------------------------------------------------------------------- district (generic)


def _district_path(n: int) -> str:
    return f"/xxgk/2024/01{n - 195:02d}/{n}.html"


def _district_list(number: int) -> bytes:
    docs = {1: (201, 202), 2: (203,), 3: (204,)}[number]
    rows = "".join(_row(_district_path(n), DISTRICT[n][0], f"2024-01-{n - 195:02d}") for n in docs)
    if number == 1:  # listed again in a 时间轴 box: with a fragment and a tracking parameter
        rows += _row(_district_path(201) + "#top", DISTRICT[201][0], "2024-01-06")
        rows += _row(_district_path(202) + "?from=timeline", DISTRICT[202][0], "2024-01-07")
    following = "list.html" if number == 3 else f"list_{number + 1}.html"  # the last page's 下一页 loops back
    pager = (f'<div class="pager"><a href="list.html">首页</a><a href="{following}">下一页</a>'
             '<a href="list_3.html">尾页</a></div>')
    return _list_page("政策文件", rows, pager)


def _district(request: RecordedRequest) -> Response:
    path = urlsplit(request.path).path
    if path == "/xxgk/zcwj/list.html":
        return Response(body=_district_list(1), headers=UTF8)
    if path in ("/xxgk/zcwj/list_2.html", "/xxgk/zcwj/list_3.html"):
        return Response(body=_district_list(int(path[-6])), headers=UTF8)
    number = int(path.rsplit("/", 1)[-1].split(".")[0]) if path.startswith("/xxgk/2024/") else 0
    if number in DISTRICT:
        title, lines = DISTRICT[number]
        charset = "gbk" if number % 2 else "utf-8"
        return Response(body=_detail(title, lines, charset=charset, attachment=f"/xxgk/fj/{number}.docx"),
                        headers=GBK if number % 2 else UTF8)
    if path.startswith("/xxgk/fj/") and path.endswith(".docx"):
        return Response(body=make_docx([f"附件{path[9:-5]}", "一、总体要求"], [["项目", "要求"], ["事项", "清单"]]),
                        headers={"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    return Response(status=404, body=b"<html><body>404</body></html>", headers=UTF8)


# --------------------------------------------------------------------------------- bureau (JSP)


def _bureau_list(page: int) -> bytes:
    docs = {1: (("content.jsp?id=301", 301), ("content.jsp?id=302&spm=zm1012.2", 302), ("/bureau/doc/10305/", 10305)),
            2: (("/bureau/doc/10305/index.html", 10305), ("content.jsp?id=304", 304))}.get(page) or ()
    if not docs:  # past the list's end the server answers page 1 again
        return _bureau_list(1).replace(b"page=2", f"page={page + 1}".encode())
    rows = "".join(_row(href, BUREAU[n][0], "2024-01-05") for href, n in docs)
    return _list_page("通知公告", rows, f'<div class="page"><a href="list.jsp?page={page + 1}">下一页</a></div>')


def _bureau(request: RecordedRequest) -> Response:
    parts = urlsplit(request.path)
    query = parse_qs(parts.query)
    if parts.path == "/bureau/list.jsp":
        page = int(query.get("page", ["1"])[0]) if query.get("page", ["1"])[0].isdigit() else 1
        return Response(body=_bureau_list(page), headers=UTF8)
    if parts.path == "/bureau/content.jsp":
        number = int(query.get("id", ["0"])[0]) if query.get("id", ["0"])[0].isdigit() else 0
        if number == 304:
            return Response(status=301, headers={"Location": "/bureau/doc/304.html"})
        if number not in BUREAU:
            return Response(status=404, body=b"<html><body>404</body></html>", headers=UTF8)
    elif parts.path in ("/bureau/doc/10305/", "/bureau/doc/10305/index.html"):
        number = 10305
    elif parts.path == "/bureau/doc/304.html":
        number = 304
    else:
        return Response(status=404, body=b"<html><body>404</body></html>", headers=UTF8)
    title, lines = BUREAU[number]
    return Response(body=_detail(title, lines, charset="gb2312"), headers={"Content-Type": "text/html"})


SITES: dict[str, tuple[Callable[[RecordedRequest], Response], str]] = {
    "county": (_county, 'name = "county"\nlisting_urls = ["{base}/zwgk/zcwj/index.html"]\nprofile = "trs"'),
    "district": (_district, 'name = "district"\nlisting_urls = ["{base}/xxgk/zcwj/list.html"]'),
    "bureau": (_bureau, 'name = "bureau"\nlisting_urls = ["{base}/bureau/list.jsp?page=1"]\n'
                        "link_pattern = '/bureau/content\\.jsp\\?id=\\d+|/bureau/doc/\\d+/'"),
}


@contextmanager
def serve(name: str) -> Iterator[tuple[LoopbackSite, str]]:
    """The site `name` on 127.0.0.1 and its source's TOML lines."""
    handler, source = SITES[name]
    site = LoopbackSite()
    site.fault_hook = handler  # every request is the site's to answer
    with site:
        yield site, source.replace("{base}", site.base_url)
