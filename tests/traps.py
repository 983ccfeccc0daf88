"""Site traps outside testers set for a crawler, each a loopback government column served on 127.0.0.1.

Every trap is a small 政策文件 column (a listing and document pages with real text: excerpts of
Nanjing 宁政办发〔2019〕37号 and Yixing 宜政办发〔2023〕22号, tests/data/seeds) and a twist that real
portals serve (govsites.md §2, §5):

- waf412 / waf200: on the second visit a document answers a JS challenge, as 瑞数/加速乐-protected
  sites do: HTTP 412 and a script-only page, or HTTP 200 and a tiny page of obfuscated script with
  no known marker (the cookie names change between vendors and versions);
- wafblock / captcha: on the second visit a document answers HTTP 200 with a WAF's own block page
  (安全狗's 网站防火墙: "您的请求带有不合法参数，已被网站管理员设置拦截！", a few lines, no script, no
  cookie) or a slider/image captcha page ("请完成安全验证", 拖动下方滑块): no challenge marker, and a
  page as large as a short document's with the WAF's inline CSS;
- tocolumn / listed / login: on the second visit a document is not there, and the site says so
  without a 404: a 302 to its column's listing page (/zcwj/index.html), the column's list served
  at the document's own URL with HTTP 200 (CSRC serves its section index so when throttled), or a
  302 to an SSO login page (/sso/login.jsp?returnUrl=…, a password form inside the site chrome);
- fileerror: each document links a PDF 附件; on the second visit the first document's stored PDF
  answers HTTP 200 with the column's page, sent as application/pdf (a CMS sending its home or list
  page for a removed upload), and the second document's PDF is a Tomcat "HTTP Status 500" page
  sent with HTTP 200 and application/octet-stream from the start: neither is the file;
- xhr: the column page is an HTML shell; its list comes from /api/...?page=N JSON (XHR);
- refresh / jsredirect: the listed URL is a `<meta http-equiv="refresh">` or `location.href=` page
  pointing at the real article;
- refreshquery: the listed URL is a `<meta http-equiv="refresh">` page pointing at a JSP article
  by its query, written as HTML writes an attribute: `content.jsp?id=101&amp;lm=2`;
- soft404: on the second visit a document answers 200 with a "页面不存在" page inside the site
  chrome (menus, footer: too much text to be a bare error page);
- mirror: the same column on two host names (a www. and a bare name): the same documents twice;
- split: an article whose body runs over three pages (t…_1.html, t…_1_2.html, t…_1_3.html);
- calendar: a column whose 下一页 is a date calendar running on for ever (?date=…), each day empty;
- maintenance: on the second visit a document answers 503 with "Retry-After: 3600" (a maintenance
  window): the run must neither sleep nor hammer the host, and must say what it did not read;
- busy: on the second visit every document of an eight-document column answers 503 with
  "Retry-After: 2" (within fetch.max_backoff, so each is waited for): the run's waits on the host
  must stop at fetch.host_wait_budget (3 s here), and every unread document is named once;
- variants: the column lists each document under several spellings of one address, as hand-edited
  and CMS-made links mix them: `HTTP://` and a `#fragment`, a doubled slash, `./` and `../`
  segments, an escaped unreserved character (`%5F` for `_`), a Chinese folder name raw and
  percent-encoded in lower case (the server, like nginx, decodes them to one file);
- respelled: the column links each document through a short link (show.jsp?id=N) that answers 302,
  its Location spelled as the server writes it: a doubled slash and a Tomcat `;jsessionid=`, a
  Chinese folder in raw UTF-8 bytes; on the second visit it links one document through another
  short link (view.jsp, whose Location carries 微信 share parameters) and the other directly: the
  same two documents (the server, like nginx and Tomcat, reads every spelling as one file);
- gbkquery: a GBK JSP site whose document links carry the column's name as GBK escapes
  (`content.jsp?id=101&lm=%D5%FE%B2%DF%CE%C4%BC%FE`, 政策文件); the server answers 500 to any other bytes;
- gzip2: a document gzipped twice (the CMS gzips its page, the proxy in front gzips it again and
  sends one `Content-Encoding: gzip`), as a browser would still show it;
- select: the column's second page is reached only through a `<select onchange="location.href=…">`
  page jump (no 下一页 link);
- etag: every page of the site carries one ETag and one Last-Modified, and the server answers 304
  to any matching If-None-Match: on the second visit the first document has changed;
- splitattach: an article over two pages whose attachment (a PDF) is linked on page 2 only;
- mixedcharset: one document declares GBK (header and meta) but is sent in UTF-8 (a migrated
  site whose template kept the old declaration); the other is GBK with its footer included in
  UTF-8 (a site group's shared footer);
- download: a document's 附件 are links saying only 点击下载 / 附件2 to download scripts
  (dl.jsp?id=…, downfile.jsp?fileid=…, fileDownload.do?id=…); the files' names are only in
  Content-Disposition: as RFC 5987 filename*=UTF-8'', the same in quotes (filename*="UTF-8''…",
  which the RFC does not allow and servers send), as raw GBK bytes, and as RFC 2047 encoded
  words (=?UTF-8?B?…?=, =?GBK?B?…?=) as Java servers write them;
- postpager: the column's 下一页 is `onclick="goPage(2)"`, a script that sets the pageNo field of
  a POST form and submits it to list.jsp (the only way to page 2);
- huge: on the second visit one document is a 30 MB page (its text, then pictures pasted into
  the editor as inline base64) and the other an endless chunked body;
- template: the source's body_selector fits the old template but the second document comes in a
  redesigned one (its text is still read, and the run says the selector missed);
- soft404chrome: soft404 on a portal whose every page carries a menu of 150 column links (the
  error notice is a line inside some 2,000 characters of menus and footer, its page as large as
  the document's was);
- pagescript: a TRS column over three pages (index.html, index_1.html, index_2.html) with no 下一页
  link: each page defines `function createPageHTML(_nPageCount, _nCurrIndex, …)` inline (as saved
  TRS pages do) above its call `createPageHTML(3, n, "index", "html")`, which writes the pager;
- pagequoted: pagescript with the numbers quoted, `createPageHTML("3", "n", "index", "html")`, as
  templates filling the call from strings write it;
- xxgkpost: a 政府信息公开目录 whose 索引号 / 名称 / 文号 / 生成日期 table a script fills from a JSON
  API paged by POST (pageNo, pageSize, channelId form fields; a GET answers 405), two records a
  page; its documents are GB2312 pages sent as `charset=ISO-8859-1` (a servlet container's default)
  under a gb2312 meta;
- hop302: every listing page is reached through a 302 to another host-relative path
  (/zcwj/index_1.html -> /site/col/1261/list_2.jsp?sid=…), whose rows link documents relative to
  where the 302 led (../../../zcwj/…); the last page's 下一页 leads through a 302 back to page 1, and
  a listed document's address redirects to itself for ever (a redirect loop);
- formnext: the column's 下一页 is a form's submit button (<input type="submit" value="下一页">)
  whose hidden fields (pageIndex already the next page, channelId, a token) are the page's only
  way on; on the last page the button is disabled;
- charsetlie: every page is GBK under a gb2312 meta and sent with `charset=utf-8` (a proxy's
  rewritten header), the listing's titles as well as the documents' text.

`serve(trap)` starts the site; `site.state["round"]` (0, then 1) is the visit. `measure(trap, tmp)`
crawls it twice through `policywatch run --json` with a few lines of config and says what the
run reported and what was stored (benchmarks/traps.py prints the table).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote_from_bytes, unquote, urlsplit

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests.govsite import seed_lines
from tests.unseen import cli, run_json, write_config

HTML = {"Content-Type": "text/html; charset=utf-8"}
FIRST_DOC = "/zcwj/202401/t20240105_101.html"
NJ = seed_lines("003_388d20438c39147f.txt", 2, 15)
YX = [line.lstrip("# ").strip() for line in seed_lines("004_1a3ddd08d567a234.txt", 2, 12)]
DOCS = {  # path -> (title, body lines)
    "/zcwj/202401/t20240105_101.html": ("南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知", NJ),
    "/zcwj/202401/t20240108_102.html": ("市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知", YX),
}
NAV = "".join(f'<li><a href="/col/col{n}/index.html">{name}</a></li>' for n, name in enumerate(
    ["首页", "政务公开", "政策文件", "政策解读", "政务服务", "互动交流", "走进南京", "专题专栏", "数据开放", "新闻发布",
     "领导信息", "机构职能", "规划计划", "财政资金", "人事信息", "重点领域", "建议提案", "统计信息"]))
FOOTER = ("<div class='footer'><p>主办：南京市人民政府办公厅　承办：南京市大数据管理局　网站标识码：3201000001</p>"
          "<p>苏ICP备05002416号　苏公网安备32010202010042号　联系电话：025-68787006　地址：南京市北京东路41号</p>"
          "<p>建议使用1366×768分辨率　IE10以上版本浏览器　网站地图　联系我们　隐私声明　纠错</p></div>")


def page(title: str, body: str, *, head: str = "") -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            f'<div class="nav"><ul>{NAV}</ul></div><div class="location">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>'
            f"{body}{FOOTER}</body></html>").encode()


def article(title: str, lines: list[str], *, extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return page(title, f'<h1 class="title">{title}</h1><div class="TRS_Editor">{paragraphs}</div>{extra}')


def listing(paths: list[str], *, next_url: str = "") -> bytes:
    rows = "".join(f'<li><a href="{p}" title="{DOCS.get(p, ("文件", []))[0]}">{DOCS.get(p, ("文件", []))[0]}</a>'
                   f"<span>2024-01-0{5 + i}</span></li>" for i, p in enumerate(paths))
    more = f'<div class="page"><a href="{next_url}">下一页</a></div>' if next_url else ""
    return page("政策文件", f'<ul class="list">{rows}</ul>{more}')


# 瑞数/加速乐-style challenges: a script that computes a cookie and reloads; nothing to read
WAF_412 = (b'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
           b'<meta id="9DhefwqGPrzGxEp9hPaoag" content="Gq1pS7Kv0wX3e9z"><script type="text/javascript" r="m">'
           b"$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=48217;$_ts.cd='qEhdrGAlqqrmDqA';</script>"
           b'<script type="text/javascript" charset="utf-8" src="/9DhefwqGPrzG/b.FxJzG50F.4eb2d61.js" r="m"></script>'
           b"</head><body></body></html>")
WAF_200 = (b"<html><head><script>var _0x5c1e=['\\x63\\x6f\\x6f\\x6b\\x69\\x65','\\x72\\x65\\x6c\\x6f\\x61\\x64'];"
           b"(function(_0x2d8f05,_0x4b81bb){var _0x4d74cb=function(_0x32719f){while(--_0x32719f){_0x2d8f05['push']"
           b"(_0x2d8f05['shift']());}};_0x4d74cb(++_0x4b81bb);}(_0x5c1e,0x1b3));setTimeout(function(){"
           b"window[_0x5c1e[0]]='ts_7f3a=1e9c;path=/';window['location'][_0x5c1e[1]]();},1500);</script>"
           b'<script src="/_guard/auto.js?v=20240105"></script></head><body></body></html>')
LOGIN = page("用户登录", "<form action='/sso/login.do' method='post'><p>用户名：<input name='username'></p>"
                     "<p>密　码：<input type='password' name='password'></p><p><button>登录</button></p>"
                     "<p><a href='/sso/forget.jsp'>忘记密码？</a> <a href='/sso/register.jsp'>注册新用户</a></p></form>")
_WAF_CSS = "<style>" + "body{font:14px 'Microsoft YaHei';background:#f5f5f5}.box{width:600px;margin:80px auto}" * 30 + "</style>"
WAF_BLOCK = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>网站防火墙</title>{_WAF_CSS}</head><body>"
             "<div class='box'><h3>您的请求带有不合法参数，已被网站管理员设置拦截！</h3><p>可能原因：您提交的内容包含危险的攻击请求</p>"
             "<p>如何解决：1）检查提交内容；2）如网站托管，请联系空间提供商；3）普通网站访客，请联系网站管理员</p></div>"
             "</body></html>").encode()
CAPTCHA = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>提示</title>{_WAF_CSS}</head><body>"
           "<div class='box'><p>为了您的正常访问，请完成安全验证</p><div id='slider'>请按住滑块，拖动到最右边</div>"
           "<p>拖动下方滑块完成拼图</p><img src='/captcha/bg.jpg'></div></body></html>").encode()
SOFT_404 = page("提示信息", '<div class="error"><img src="/images/404.png"><p>抱歉，您访问的页面不存在或已被删除！</p>'
                           '<p><a href="/">返回首页</a></p></div>')


def _column(site_paths: list[str]) -> dict[str, Any]:
    routes: dict[str, Any] = {"/zcwj/index.html": Response(body=listing(site_paths), headers=HTML)}
    for path in site_paths:
        title, lines = DOCS[path]
        routes[path] = Response(body=article(title, lines), headers=HTML)
    return routes


def _second_visit(answer: Response, path: str, state: dict[str, int]) -> Callable[[RecordedRequest], Response]:
    """The document as it is, then `answer` from the second round on."""
    title, lines = DOCS[path]
    first = Response(body=article(title, lines), headers=HTML)
    return lambda request: answer if state["round"] else first


def _xhr_api(request: RecordedRequest) -> Response:
    query = parse_qs(urlsplit(request.path).query)
    number = int(query.get("page", ["1"])[0] or 1)
    rows = [{"title": title, "url": path, "pubDate": f"2024-01-0{5 + i}"} for i, (path, (title, _)) in enumerate(DOCS.items())]
    body = {"code": 200, "data": {"total": len(rows), "list": rows if number == 1 else []}}
    return Response(body=json.dumps(body, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"})


XHR_SHELL = page("政策文件", '<div id="app"><ul class="list" id="list"></ul><div id="pager"></div></div>'
                            "<script src=\"/js/jquery.min.js\"></script><script>\n"
                            "function load(n){$.ajax({url:'/api/zcwj/list?page='+n+'&size=15',type:'get',dataType:'json',"
                            "success:function(r){$.each(r.data.list,function(i,d){$('#list').append('<li><a href=\"'+d.url+'\">'"
                            "+d.title+'</a></li>')});}})}\nload(1);\n</script>")


def _split(request: RecordedRequest) -> Response:
    """t20240105_101.html, _101_2.html, _101_3.html: the body in three parts, a pager under each."""
    title, lines = DOCS["/zcwj/202401/t20240105_101.html"]
    route = request.route
    part = 1 if route.endswith("_101.html") else int(route.rsplit("_", 1)[1].split(".")[0])
    names = ["t20240105_101.html", "t20240105_101_2.html", "t20240105_101_3.html"]
    pager = "".join(f'<a href="{name}">{n}</a>' if n != part else f"<span>{n}</span>" for n, name in enumerate(names, 1))
    if part < 3:
        pager += f'<a href="{names[part]}">下一页</a>'
    chunk = lines[(part - 1) * 5: part * 5]
    return Response(body=article(title, chunk, extra=f'<div class="pagination">{pager}</div>'), headers=HTML)


def _calendar(request: RecordedRequest) -> Response:
    """A column of dated pages: the first lists the documents, every later day is empty but
    still has its 下一页 to the next day, for ever."""
    day = parse_qs(urlsplit(request.path).query).get("date", ["2024-01-08"])[0]
    following = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    paths = list(DOCS) if day == "2024-01-08" else []
    return Response(body=listing(paths, next_url=f"/zcwj/list.html?date={following}"), headers=HTML)


MAINTENANCE = page("系统维护", "<div class='error'><p>系统维护中，请稍后访问。</p></div>")
BUSY = Response(status=503, body=page("提示", "<div class='error'><p>服务器繁忙，请稍后再试。</p></div>"),
                headers={**HTML, "Retry-After": "2"})
# the busy trap's six more documents: further parts of the two plans, at their own addresses
MORE_DOCS = {f"/zcwj/202401/t2024011{n}_10{n + 3}.html": (DOCS[FIRST_DOC][0], NJ[n * 4:n * 4 + 6]) for n in range(3)}
MORE_DOCS.update({f"/zcwj/202401/t2024011{n}_10{n + 3}.html": (DOCS["/zcwj/202401/t20240108_102.html"][0],
                                                               YX[(n - 3) * 3:(n - 3) * 3 + 4]) for n in range(3, 6)})
# the variants trap's second document sits in a folder with a Chinese name (served at its UTF-8 escapes)
DOCS_ALL = {**DOCS, **MORE_DOCS}
CHINESE_DIR = "/zcwj/政策文件/t20240108_102.html"
CHINESE_DIR_SERVED = "/zcwj/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/t20240108_102.html"


def _variants(base: str) -> list[str]:
    first = FIRST_DOC
    return [first, f"{base.replace('http://', 'HTTP://')}{first}#content", first.replace("/202401/", "//202401/"),
            first.replace("/202401/", "/./202401/../202401/"), first.replace("_101", "%5F101"),
            CHINESE_DIR, CHINESE_DIR_SERVED.lower()]


# the respelled trap's short links -> their Location headers (`{base}`: the site's own address)
RESPELLED = {"/zcwj/show.jsp": {"101": "{base}/zcwj//202401/t20240105_101.html;jsessionid=1F2E3D4C5B6A79880A1B2C3D",
                                "102": CHINESE_DIR.encode().decode("latin-1")},  # raw UTF-8 bytes, as some servers send
             "/zcwj/view.jsp": {"101": f"{FIRST_DOC}?from=timeline&isappinstalled=0"}}


def _respelled(base: Callable[[], str], state: dict[str, int]) -> dict[str, Any]:
    """show.jsp?id=N (and view.jsp?id=101 on the second visit): 302 to the documents, spelled oddly."""
    def short(request: RecordedRequest) -> Response:
        target = RESPELLED[request.route].get(parse_qs(urlsplit(request.path).query).get("id", [""])[0])
        if not target:
            return Response(status=404, body=SOFT_404, headers=HTML)
        return Response(status=302, headers={"Location": target.replace("{base}", base())})

    links = [["/zcwj/show.jsp?id=101", "/zcwj/show.jsp?id=102"], ["/zcwj/view.jsp?id=101", CHINESE_DIR]]
    # no 文号 line: only the address can say these are the documents seen before (a 政策解读 has none)
    plain = {path: Response(body=article(title, [line for line in lines if "〔" not in line]), headers=HTML)
             for path, (title, lines) in zip((FIRST_DOC, CHINESE_DIR_SERVED), DOCS.values(), strict=True)}
    return {**plain, "/zcwj/show.jsp": short, "/zcwj/view.jsp": short,
            "/zcwj/index.html": lambda request: Response(body=listing(links[state["round"]]), headers=HTML)}


def _read_as_a_server_does(routes: dict[str, Any]) -> Callable[[RecordedRequest], Response | None]:
    """A request for another spelling of a route's file (`//`, `;jsessionid=`, escapes) answered as
    nginx and Tomcat do: with that file."""
    files = {unquote(path): path for path in routes}

    def answer(request: RecordedRequest) -> Response | None:
        path = unquote(re.sub(r"/{2,}", "/", re.sub(r";jsessionid=[^/?]*", "", request.route, flags=re.I)))
        if request.route in routes or path not in files:
            return None
        handler = routes[files[path]]
        return handler(request) if callable(handler) else handler

    return answer


def _refresh_to_query(paths: list[str]) -> dict[str, Any]:
    """Each listed page refreshes at once to /xxgk/content.jsp?id=N&lm=2 (`&amp;` in the meta tag);
    the JSP answers 404 without both parameters."""
    ids = {f"10{n + 1}": path for n, path in enumerate(paths)}

    def content(request: RecordedRequest) -> Response:
        query = parse_qs(urlsplit(request.path).query)
        if query.get("lm") != ["2"] or query.get("id", [""])[0] not in ids:
            return Response(status=404, body=SOFT_404, headers=HTML)
        return Response(body=article(*DOCS[ids[query["id"][0]]]), headers=HTML)

    routes: dict[str, Any] = {"/xxgk/content.jsp": content}
    for n, path in ids.items():
        note = f'<meta http-equiv="refresh" content="0;URL=\'/xxgk/content.jsp?id={n}&amp;lm=2\'">'
        routes[path] = Response(body=f"<html><head>{note}<title>页面跳转</title></head><body></body></html>".encode(),
                                headers=HTML)
    return routes


GBK = {"Content-Type": "text/html; charset=GBK"}
COLUMN_GBK = quote_from_bytes("政策文件".encode("gbk"))  # %D5%FE%B2%DF%CE%C4%BC%FE


def _gbk(body: bytes) -> bytes:
    return body.decode().replace('<meta charset="utf-8">', '<meta charset="gbk">').encode("gbk")


def _gbk_jsp(paths: list[str]) -> dict[str, Any]:
    """list.jsp and content.jsp?id=N&lm=<the column in GBK escapes>, all pages in GBK."""
    ids = {f"10{n + 1}": path for n, path in enumerate(paths)}

    def content(request: RecordedRequest) -> Response:
        query = urlsplit(request.path).query
        found = parse_qs(query).get("id", [""])[0]
        if f"lm={COLUMN_GBK}" not in query or found not in ids:  # what such a servlet does with bad bytes
            return Response(status=500, body=_gbk(page("错误", "<p>参数错误</p>")), headers=GBK)
        return Response(body=_gbk(article(*DOCS[ids[found]])), headers=GBK)

    links = [f"/zcwj/content.jsp?id={n}&lm={COLUMN_GBK}" for n in ids]
    return {"/zcwj/index.html": Response(body=_gbk(listing(links)), headers=GBK), "/zcwj/content.jsp": content}


# [fetch] keys a trap sets beside the ones every trap run has
FETCH_KEYS = {"busy": "host_wait_budget = 3\n"}
# one validator pair for every page: a CMS that computes them from its template, not the document
SHARED_VALIDATORS = {"ETag": '"5f1a-1b0"', "Last-Modified": "Mon, 01 Jan 2018 00:00:00 GMT"}
DROPPED = 6  # the line of the first document the etag trap's second visit leaves out (a silent edit)
ATTACHMENT_LINES = YX[:4]  # the splitattach trap's PDF: the Yixing plan's opening, as its 附件


def _shared_etag(path: str, state: dict[str, int]) -> Callable[[RecordedRequest], Response]:
    def answer(request: RecordedRequest) -> Response:
        if request.headers.get("if-none-match") == SHARED_VALIDATORS["ETag"]:
            return Response(status=304, headers=dict(SHARED_VALIDATORS))
        title, lines = DOCS[path]
        if state["round"] and path == FIRST_DOC:
            lines = lines[:DROPPED] + lines[DROPPED + 1:]
        return Response(body=article(title, lines), headers={**HTML, **SHARED_VALIDATORS})
    return answer


def _select_pager(paths: list[str]) -> dict[str, Response]:
    """index.html lists the first document, index_1.html the second; only a <select> leads there."""
    jump = ('<div class="page">共2页 转到<select onchange="javascript:window.location.href=this.value;">'
            '<option value="index.html" selected>第1页</option><option value="index_1.html">第2页</option></select></div>')
    first = listing(paths[:1]).replace(b"</ul>", b"</ul>" + jump.encode())
    return {"/zcwj/index.html": Response(body=first, headers=HTML),
            "/zcwj/index_1.html": Response(body=listing(paths[1:]), headers=HTML)}


def _post_pager(paths: list[str]) -> dict[str, Any]:
    """index.html lists the first document; its 下一页 POSTs pageNo=2 (and the form's hidden
    columnId) to list.jsp, which lists the second; there 下一页 is plain text: the last page."""
    form = ('<form name="pageForm" method="post" action="list.jsp"><input type="hidden" name="columnId" value="1261">'
            '<input type="hidden" name="pageNo" value="{n}"></form>')
    script = ("<script>function goPage(n){document.pageForm.pageNo.value=n;document.pageForm.submit();}</script>")
    first = listing(paths[:1]).replace(b"</ul>", ("</ul>" + form.format(n=1) + '<div class="page">共2页 '
                                                 '<a href="javascript:void(0)" onclick="goPage(2)">下一页</a></div>'
                                                 + script).encode())

    def list_jsp(request: RecordedRequest) -> Response:
        fields = parse_qs(request.body.decode()) if request.method == "POST" else {}
        if fields.get("columnId") != ["1261"] or fields.get("pageNo") != ["2"]:
            return Response(body=listing(paths[:1]), headers=HTML)  # page 1 again, as such servers answer
        last = listing(paths[1:]).replace(b"</ul>", ("</ul>" + form.format(n=2) + '<div class="page">共2页 '
                                                     "<span>下一页</span></div>").encode())
        return Response(body=last, headers=HTML)

    return {"/zcwj/index.html": Response(body=first, headers=HTML), "/zcwj/list.jsp": list_jsp}


def _split_with_attachment() -> dict[str, Response]:
    """t20240105_101.html and _101_2.html; the 附件 line (and its PDF) only under page 2."""
    from tests.govsite import make_pdf

    title, lines = DOCS[FIRST_DOC]
    names = ["t20240105_101.html", "t20240105_101_2.html"]
    pager = [f'<div class="pagination"><span>1</span><a href="{names[1]}">2</a><a href="{names[1]}">下一页</a></div>',
             f'<div class="pagination"><a href="{names[0]}">1</a><span>2</span></div>']
    files = '<div class="fj"><p>附件：<a href="P020240105391.pdf">宜兴市人工智能产业发展三年行动计划.pdf</a></p></div>'
    return {
        f"/zcwj/202401/{names[0]}": Response(body=article(title, lines[:8], extra=pager[0]), headers=HTML),
        f"/zcwj/202401/{names[1]}": Response(body=article(title, lines[8:], extra=files + pager[1]), headers=HTML),
        "/zcwj/202401/P020240105391.pdf": Response(body=make_pdf(ATTACHMENT_LINES),
                                                   headers={"Content-Type": "application/pdf"}),
    }


TOMCAT_500 = (b"<!doctype html><html lang='en'><head><title>HTTP Status 500 - Internal Server Error</title></head>"
              b"<body><h1>HTTP Status 500 - Internal Server Error</h1><hr><p><b>Type</b> Exception Report</p>"
              b"<p><b>Description</b> The server encountered an unexpected condition.</p><p><b>Exception</b></p>"
              b"<pre>java.io.FileNotFoundException: /data/trs/wcm/P020240108.pdf (No such file or directory)</pre>"
              b"<hr><h3>Apache Tomcat/8.5.23</h3></body></html>")


def _file_errors(paths: list[str], state: dict[str, int]) -> dict[str, Any]:
    """Each document with a PDF 附件; from the second visit on the first PDF is the column page,
    and the second PDF is a Tomcat error page every time."""
    from tests.govsite import make_pdf

    pdfs = ["/zcwj/202401/P020240105391.pdf", "/zcwj/202401/P020240108.pdf"]
    routes: dict[str, Any] = {}
    for path, pdf in zip(paths, pdfs, strict=True):
        files = f'<div class="fj"><p>附件：<a href="{pdf}">{DOCS[path][0]}.pdf</a></p></div>'
        routes[path] = Response(body=article(*DOCS[path], extra=files), headers=HTML)
    whole = Response(body=make_pdf(ATTACHMENT_LINES), headers={"Content-Type": "application/pdf"})
    column = Response(body=listing(paths), headers={"Content-Type": "application/pdf"})
    routes[pdfs[0]] = lambda request: column if state["round"] else whole
    routes[pdfs[1]] = Response(body=TOMCAT_500, headers={"Content-Type": "application/octet-stream"})
    return routes


def _mixed_charsets(paths: list[str]) -> dict[str, Response]:
    gbk = {"Content-Type": "text/html; charset=GBK"}
    declared = article(*DOCS[paths[0]]).replace(b'<meta charset="utf-8">', b'<meta http-equiv="Content-Type" '
                                                                       b'content="text/html; charset=gb2312">')
    head, tail = article(*DOCS[paths[1]]).decode().split(FOOTER)
    mixed = head.replace('<meta charset="utf-8">', '<meta charset="gbk">').encode("gbk") + (FOOTER + tail).encode()
    return {paths[0]: Response(body=declared, headers=gbk), paths[1]: Response(body=mixed, headers=gbk)}


# the download trap's files: their text is the plans' clauses (no title line), their names are
# synthetic (what such files are called), given only by Content-Disposition
DOWNLOADS = {"/attach/dl.jsp": ("南京市打造人工智能产业地标行动计划任务分工.docx", NJ[8:12]),
             "/module/download/downfile.jsp": ("宜兴市人工智能产业发展重点任务清单.pdf", YX[6:9]),
             "/fileDownload.do": ("南京市人工智能产业地标建设重点项目表.pdf", NJ[12:15]),
             "/servlet/FileDown": ("宜兴市人工智能产业发展三年行动计划解读.pdf", YX[0:3]),
             "/uploadfiles/download.ashx": ("宜兴市人工智能产业发展基础情况.pdf", YX[10:12])}


def _downloads(paths: list[str]) -> dict[str, Response]:
    from urllib.parse import quote

    from tests.govsite import make_docx, make_pdf

    title, lines = DOCS[paths[0]]
    files = ('<div class="fj"><p>附件1：<a href="/attach/dl.jsp?id=2">点击下载</a></p>'
             '<p><a href="/module/download/downfile.jsp?fileid=3">附件2</a></p>'
             '<p><a href="/fileDownload.do?id=4">附件3</a></p><p><a href="/servlet/FileDown?fid=5">下载</a></p>'
             '<p><a href="/uploadfiles/download.ashx?id=6">附件5</a></p></div>')
    ((docx_name, docx_lines), (pdf_name, pdf_lines), (java_name, java_lines), (gbk_name, gbk_lines),
     (quoted_name, quoted_lines)) = DOWNLOADS.values()
    octets = "application/octet-stream"
    return {
        paths[0]: Response(body=article(title, lines, extra=files), headers=HTML),
        # raw GBK bytes in the header, as a Windows server writes them
        "/attach/dl.jsp": Response(body=make_docx(docx_lines, [["任务", "单位"]]), headers={
            "Content-Type": octets, "Content-Disposition": f'attachment; filename="{docx_name.encode("gbk").decode("latin-1")}"'}),
        "/module/download/downfile.jsp": Response(body=make_pdf(pdf_lines), headers={
            "Content-Type": octets, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(pdf_name)}"}),
        # RFC 2047 encoded words, as Java servers write them (MimeUtility.encodeText), in UTF-8 and in GBK
        "/fileDownload.do": Response(body=make_pdf(java_lines), headers={
            "Content-Type": octets, "Content-Disposition": f'attachment; filename="=?UTF-8?B?{_b64(java_name, "utf-8")}?="'}),
        "/servlet/FileDown": Response(body=make_pdf(gbk_lines), headers={
            "Content-Type": octets, "Content-Disposition": f"attachment; filename==?GBK?B?{_b64(gbk_name, 'gbk')}?="}),
        # RFC 5987 in quotes (not allowed, sent all the same)
        "/uploadfiles/download.ashx": Response(body=make_pdf(quoted_lines), headers={
            "Content-Type": octets, "Content-Disposition": f"attachment; filename*=\"UTF-8''{quote(quoted_name)}\""}),
    }


def _b64(name: str, charset: str) -> str:
    import base64

    return base64.b64encode(name.encode(charset)).decode("ascii")


def _huge(path: str) -> Response:
    """The document with 30 MB of inline base64 pictures (UEditor pastes screenshots so)."""
    picture = b'<p><img src="data:image/png;base64,' + b"iVBORw0KGgoAAAANSUhEUgAA" * 43_700 + b'"></p>'
    title, lines = DOCS[path]
    return Response(body=article(title, lines).replace(b"</div>", picture * 29 + b"</div>", 1), headers=HTML)


def _endless(path: str) -> Response:
    """The document's page, then chunk after chunk for ever (a broken server's loop)."""
    title, lines = DOCS[path]

    def chunks() -> Iterator[bytes]:
        yield article(title, lines).split(b"<div class='footer'>")[0]
        while True:
            yield b"<p>" + "数据加载中，请稍候……".encode() * 3000 + b"</p>"
    return Response(body=chunks(), headers=HTML)


def _redesigned(path: str) -> Response:
    title, lines = DOCS[path]
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return Response(body=page(title, f'<h1>{title}</h1><div class="article-content">{paragraphs}</div>'), headers=HTML)


# the soft404chrome trap's portal: a menu of every column, as provincial portals carry on each page
BIG_NAV = "".join(f'<li><a href="/col/col{n}/index.html">政务公开第{n}专栏</a></li>' for n in range(150))


def _in_chrome(html: bytes) -> bytes:
    return html.replace(b'<div class="nav">', f'<div class="nav"><ul>{BIG_NAV}</ul>'.encode(), 1)


# the pagescript trap's pager: TRS's own function, defined in the page above its call
TRS_PAGER = ("function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){\n"
             "  if(_nPageCount == null || _nPageCount<=1 || _nCurrIndex>=_nPageCount){ return; }\n"
             "  var nCurrIndex = _nCurrIndex || 0;\n"
             "  for(var i=0;i<_nPageCount;i++){ var name = i==0 ? _sPageName : _sPageName+'_'+i;\n"
             "    document.write(i==nCurrIndex ? '<span>'+(i+1)+'</span>' : '<a href=\"'+name+'.'+_sPageExt+'\">'+(i+1)+'</a>'); }\n"
             "}\n")


def _script_paged(paths: list[str], *, quoted: bool = False) -> dict[str, Response]:
    """index.html, index_1.html, index_2.html: one document each, paged only by createPageHTML
    (its numbers in quotes when `quoted`)."""
    pages = {}
    mark = '"' if quoted else ""
    for n, path in enumerate(paths):
        call = f'createPageHTML({mark}{len(paths)}{mark}, {mark}{n}{mark}, "index", "html");'
        html = listing([path]).replace(b"</body>", f'<div class="page"><script>{TRS_PAGER}{call}</script></div></body>'.encode())
        pages[f"/zcwj/index{f'_{n}' if n else ''}.html"] = Response(body=html, headers=HTML)
    return pages


XXGK_SYH = "113201000024956419/2024-00{n}"  # 索引号: the organ's unified code / year-number
XXGK_WH = ("宁政办发〔2019〕37号", "宜政办发〔2023〕22号", "宁政办发〔2024〕3号")
LATIN1 = {"Content-Type": "text/html;charset=ISO-8859-1"}


def _gb2312(body: bytes) -> bytes:
    """`body` (a utf-8 page of this module) as a GB2312 page: its meta says gb2312, its bytes are GBK."""
    return body.decode().replace('<meta charset="utf-8">',
                                 '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")


def _xxgk_post(paths: list[str], docs: dict[str, tuple[str, list[str]]]) -> dict[str, Any]:
    """/xxgk/index.html: the 目录's shell, its table filled by POST /api/xxgk/list (two records a page)."""
    shell = page("政府信息公开目录", (
        '<table class="xxgk-table"><thead><tr><th>索引号</th><th>名称</th><th>文号</th><th>生成日期</th></tr></thead>'
        '<tbody id="list"></tbody></table><div id="pager"></div><script src="/js/jquery.min.js"></script><script>\n'
        "function load(n){$.ajax({url:'/api/xxgk/list',type:'post',data:{pageNo:n,pageSize:2,channelId:'zcwj'},"
        "dataType:'json',success:function(r){$.each(r.data,function(i,d){$('#list').append('<tr><td>'+d.syh+"
        "'</td><td><a href=\"'+d.url+'\">'+d.title+'</a></td><td>'+d.wh+'</td><td>'+d.fbrq+'</td></tr>')});}})}\n"
        "load(1);\n</script>"))
    records = [{"syh": XXGK_SYH.format(n=101 + n), "title": docs[path][0], "wh": XXGK_WH[n], "url": path,
                "fbrq": f"2024-01-0{5 + n}"} for n, path in enumerate(paths)]

    def api(request: RecordedRequest) -> Response:
        if request.method != "POST":
            return Response(status=405, body=b'{"code":405,"msg":"Request method \'GET\' not supported"}',
                            headers={"Content-Type": "application/json;charset=UTF-8"})
        fields = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if fields.get("channelId") != "zcwj":
            return Response(body=b'{"code":500,"msg":"channelId"}', headers={"Content-Type": "application/json"})
        number, size = int(fields.get("pageNo", "1") or 1), int(fields.get("pageSize", "10") or 10)
        rows = records[(number - 1) * size:number * size]
        body = {"code": 0, "total": len(records), "pageNo": number, "data": rows}
        return Response(body=json.dumps(body, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"})

    routes: dict[str, Any] = {"/xxgk/index.html": Response(body=shell, headers=HTML), "/api/xxgk/list": api}
    for path in paths:
        routes[path] = Response(body=_gb2312(article(*docs[path])), headers=LATIN1)
    return routes


def _hop302(paths: list[str]) -> dict[str, Any]:
    """/zcwj/index.html and index_1.html 302 to /site/col/1261/list_N.jsp?sid=…, relative rows; index_2.html
    302s back to page 1; the third listed document redirects to itself (with a changing query) for ever."""
    def moved(number: int) -> Callable[[RecordedRequest], Response]:
        return lambda request: Response(status=302, headers={"Location": f"/site/col/1261/list_{number}.jsp?sid=8f3a{number}"})

    def list_page(request: RecordedRequest) -> Response:
        number = int(urlsplit(request.path).path.rsplit("_", 1)[1].split(".")[0])
        chunk = paths[2 * (number - 1):2 * number]
        rows = "".join(f'<li><a href="../../..{p}" title="{DOCS_ALL[p][0]}">{DOCS_ALL[p][0]}</a>'
                       f"<span>2024-01-0{5 + i}</span></li>" for i, p in enumerate(chunk))
        more = f'<div class="page"><a href="/zcwj/index_{number}.html">下一页</a></div>'
        return Response(body=page("政策文件", f'<ul class="list">{rows}</ul>{more}'), headers=HTML)

    loop = paths[-1]

    def looping(request: RecordedRequest) -> Response:
        hop = int(parse_qs(urlsplit(request.path).query).get("hop", ["0"])[0]) + 1
        return Response(status=302, headers={"Location": f"{loop}?hop={hop}"})

    routes: dict[str, Any] = {"/zcwj/index.html": moved(1), "/zcwj/index_1.html": moved(2), "/zcwj/index_2.html": moved(1),
                              "/site/col/1261/list_1.jsp": list_page, "/site/col/1261/list_2.jsp": list_page,
                              loop: looping}
    for path in paths[:-1]:
        routes[path] = Response(body=article(*DOCS_ALL[path]), headers=HTML)
    return routes


def _form_next(paths: list[str]) -> dict[str, Any]:
    """list.jsp: one document a page; 下一页 a submit button of a POST form whose hidden pageIndex is
    already the next page; on the last page it is disabled. Any other POST answers page 1 again."""
    def one(number: int) -> bytes:
        last = number == len(paths)
        form = ('<form id="pageForm" method="post" action="/zcwj/list.jsp"><input type="hidden" name="channelId" value="1261">'
                f'<input type="hidden" name="pageIndex" value="{number + 1}"><input type="hidden" name="token" value="a9f3e1">'
                f'<span>共{len(paths)}页 第{number}页</span><input type="submit" class="btn" value="下一页"'
                f'{" disabled" if last else ""}></form>')
        path = paths[number - 1]
        rows = f'<li><a href="{path}" title="{DOCS_ALL[path][0]}">{DOCS_ALL[path][0]}</a><span>2024-01-0{4 + number}</span></li>'
        return page("政策文件", f'<ul class="list">{rows}</ul>{form}')

    def list_jsp(request: RecordedRequest) -> Response:
        fields = {k: v[0] for k, v in parse_qs(request.body.decode()).items()} if request.method == "POST" else {}
        number = int(fields.get("pageIndex", "1")) if fields.get("token") == "a9f3e1" else 1
        return Response(body=one(number if 1 <= number <= len(paths) else 1), headers=HTML)

    routes: dict[str, Any] = {"/zcwj/index.html": Response(body=one(1), headers=HTML), "/zcwj/list.jsp": list_jsp}
    for path in paths:
        routes[path] = Response(body=article(*DOCS_ALL[path]), headers=HTML)
    return routes


@contextmanager
def serve(trap: str) -> Iterator[LoopbackSite]:
    state = {"round": 0}
    paths = list(DOCS)
    routes = _column(paths)
    if trap == "waf412":
        routes[paths[0]] = _second_visit(Response(status=412, body=WAF_412, headers=HTML), paths[0], state)
    elif trap == "waf200":
        routes[paths[0]] = _second_visit(Response(body=WAF_200, headers=HTML), paths[0], state)
    elif trap == "soft404":
        routes[paths[0]] = _second_visit(Response(body=SOFT_404, headers=HTML), paths[0], state)
    elif trap == "tocolumn":
        routes[paths[0]] = _second_visit(Response(status=302, headers={"Location": "/zcwj/index.html"}), paths[0], state)
    elif trap == "listed":
        routes[paths[0]] = _second_visit(Response(body=listing(paths), headers=HTML), paths[0], state)
    elif trap == "login":
        routes[paths[0]] = _second_visit(Response(status=302, headers={"Location": f"/sso/login.jsp?returnUrl={paths[0]}"}),
                                         paths[0], state)
        routes["/sso/login.jsp"] = Response(body=LOGIN, headers=HTML)
    elif trap in ("wafblock", "captcha"):
        routes[paths[0]] = _second_visit(Response(body=WAF_BLOCK if trap == "wafblock" else CAPTCHA, headers=HTML),
                                         paths[0], state)
    elif trap == "xhr":
        routes["/zcwj/index.html"] = Response(body=XHR_SHELL, headers=HTML)
        routes["/api/zcwj/list"] = _xhr_api
    elif trap in ("refresh", "jsredirect"):
        moved = {p: p.replace("/zcwj/", "/xxgk/zcwj/") for p in paths}
        for old, new in moved.items():
            routes[new] = routes.pop(old)
            note = (f'<meta http-equiv="refresh" content="0; url={new}">' if trap == "refresh"
                    else f'<script type="text/javascript">window.location.href = "{new}";</script>')
            routes[old] = Response(body=f"<html><head>{note}<title>页面跳转</title></head><body>正在跳转……</body></html>".encode(),
                                   headers=HTML)
    elif trap == "refreshquery":
        routes.update(_refresh_to_query(paths))
    elif trap == "split":
        for name in ("t20240105_101.html", "t20240105_101_2.html", "t20240105_101_3.html"):
            routes[f"/zcwj/202401/{name}"] = _split
        routes["/zcwj/index.html"] = Response(body=listing(paths[:1]), headers=HTML)
    elif trap == "calendar":
        routes["/zcwj/index.html"] = Response(body=listing(paths, next_url="/zcwj/list.html?date=2024-01-07"),
                                              headers=HTML)
        routes["/zcwj/list.html"] = _calendar
    elif trap == "maintenance":
        closed = Response(status=503, body=MAINTENANCE, headers={**HTML, "Retry-After": "3600"})
        routes[paths[0]] = _second_visit(closed, paths[0], state)
    elif trap == "busy":
        listed = paths + list(MORE_DOCS)
        routes["/zcwj/index.html"] = Response(body=listing(listed), headers=HTML)
        for path in listed:
            title, lines = {**DOCS, **MORE_DOCS}[path]
            whole = Response(body=article(title, lines), headers=HTML)
            routes[path] = (lambda answer: lambda request: BUSY if state["round"] else answer)(whole)
    elif trap == "variants":
        routes[CHINESE_DIR_SERVED] = routes.pop(paths[1])
        routes["/zcwj/index.html"] = lambda request: Response(body=listing(_variants(site.base_url)), headers=HTML)
    elif trap == "respelled":
        del routes[paths[1]]
        routes.update(_respelled(lambda: site.base_url, state))
    elif trap == "gbkquery":
        routes.update(_gbk_jsp(paths))
    elif trap == "gzip2":
        import gzip

        twice = gzip.compress(gzip.compress(article(*DOCS[paths[0]])))
        routes[paths[0]] = Response(body=twice, headers={**HTML, "Content-Encoding": "gzip"})
    elif trap == "select":
        routes.update(_select_pager(paths))
    elif trap == "etag":
        routes.update({path: _shared_etag(path, state) for path in paths})
    elif trap == "splitattach":
        routes.update(_split_with_attachment())
        routes["/zcwj/index.html"] = Response(body=listing(paths[:1]), headers=HTML)
    elif trap == "mixedcharset":
        routes.update(_mixed_charsets(paths))
    elif trap == "download":
        routes.update(_downloads(paths))
    elif trap == "fileerror":
        routes.update(_file_errors(paths, state))
    elif trap == "postpager":
        routes.update(_post_pager(paths))
    elif trap == "huge":
        routes[paths[0]] = _second_visit(_huge(paths[0]), paths[0], state)
        whole = routes[paths[1]]
        routes[paths[1]] = lambda request: _endless(paths[1]) if state["round"] else whole  # a fresh stream each time
    elif trap == "template":
        routes[paths[1]] = _redesigned(paths[1])
    elif trap == "soft404chrome":
        for path in paths[1:]:
            routes[path] = Response(body=_in_chrome(article(*DOCS[path])), headers=HTML)
        whole = Response(body=_in_chrome(article(*DOCS[paths[0]])), headers=HTML)
        missing = Response(body=_in_chrome(SOFT_404), headers=HTML)
        routes[paths[0]] = lambda request: missing if state["round"] else whole
    elif trap in ("pagescript", "pagequoted"):
        third = next(iter(MORE_DOCS))
        routes[third] = Response(body=article(*MORE_DOCS[third]), headers=HTML)
        routes.update(_script_paged([*paths, third], quoted=trap == "pagequoted"))
    elif trap == "xxgkpost":
        listed = [*paths, next(iter(MORE_DOCS))]
        routes = _xxgk_post(listed, DOCS_ALL)
    elif trap == "hop302":
        routes = _hop302([*paths, *list(MORE_DOCS)[:2]])
    elif trap == "formnext":
        routes = _form_next([*paths, next(iter(MORE_DOCS))])
    elif trap == "charsetlie":
        lying = {"Content-Type": "text/html; charset=utf-8"}
        routes = {path: Response(body=_gb2312(answer.body), headers=lying) for path, answer in routes.items()}
    with LoopbackSite(routes=routes) as site:
        site.state = state  # type: ignore[attr-defined]
        if trap == "respelled":
            site.fault_hook = _read_as_a_server_does(routes)
        yield site


def source_lines(trap: str, base: str) -> str:
    """The few lines of config an outside tester writes for the trap's column."""
    listing_url = f"{base}/zcwj/index.html"
    if trap == "mirror":  # the same column under a second host name
        mirror = base.replace("127.0.0.1", "localhost")
        return f'name = "{trap}"\nlisting_urls = ["{listing_url}", "{mirror}/zcwj/index.html"]'
    if trap == "gbkquery":  # a JSP column: its document links are content.jsp?id=…
        return f'name = "{trap}"\nlisting_urls = ["{listing_url}"]\nlink_pattern = "content\\\\.jsp\\\\?id="'
    if trap == "xxgkpost":  # the 目录's API, read as the page's script asks it (POST form fields)
        return (f'name = "{trap}"\nlisting_urls = ["{base}/api/xxgk/list"]\nprofile = "json"\njson_items = "data"\n'
                'json_date_field = "fbrq"\njson_post = "pageNo={page}&pageSize=2&channelId=zcwj"\nmax_pages = 30')
    if trap == "template":  # the tester's selector, written for the column's first document
        return f'name = "{trap}"\nlisting_urls = ["{listing_url}"]\nbody_selector = "div.TRS_Editor"'
    return f'name = "{trap}"\nlisting_urls = ["{listing_url}"]\nmax_pages = 30'


def config_for(trap: str, tmp: Path, base: str) -> Path:
    """The trap's policywatch.toml: its source lines, and the [fetch] keys it sets (FETCH_KEYS)."""
    config = write_config(tmp, source_lines(trap, base))
    if trap in FETCH_KEYS:
        text = config.read_text(encoding="utf-8").replace("[fetch]\n", "[fetch]\n" + FETCH_KEYS[trap])
        config.write_text(text, encoding="utf-8")
    return config


def versions(config: Path) -> dict[str, list[str]]:
    """url path -> the display text of each stored version, oldest first."""
    docs = cli("export", "--config", str(config), "--format", "json", "--kind", "documents")
    rows = {row["id"]: urlsplit(row["url"])._replace(scheme="", fragment="").geturl().lstrip("/")
            for row in json.loads(docs.stdout)}
    out = cli("export", "--config", str(config), "--format", "json", "--kind", "versions")
    found: dict[str, list[str]] = {}
    for row in json.loads(out.stdout):
        found.setdefault(rows[row["document_id"]], []).append(row["display_text"])
    return found


def measure(trap: str, tmp: Path) -> dict[str, Any]:
    """Two runs of the trap's column through `policywatch run --json`: what each reported and
    what was stored, and how many requests the site saw."""
    with serve(trap) as site:
        config = config_for(trap, tmp, site.base_url)
        first = run_json(config)
        site.state["round"] = 1  # type: ignore[attr-defined]
        second = run_json(config)
        stored = versions(config)
        requests = len(site.requests)
    return {"runs": [first, second], "versions": stored, "requests": requests}
