"""Listing layouts government sites build with scripts, each served on 127.0.0.1: rows opened by
their own click handler, JSON behind an anti-XSSI guard, record URLs in fields other than `url`,
lists written by a script with escaped titles, and hash-routed single-page lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policywatch.config import SourceConfig, load_settings
from policywatch.crawler.discover import discover
from policywatch.crawler.urls import canonicalize
from policywatch.demo.server import LoopbackSite, Response
from policywatch.errors import ConfigError
from tests import traps
from tests.govsite import fetch_page

FIRST, SECOND = traps.DOCS
TITLES = [traps.DOCS[FIRST][0], traps.DOCS[SECOND][0]]
JSON = {"Content-Type": "application/json; charset=utf-8"}


def _html_refs(page: bytes, *, path: str = "/zcwj/index.html", **options: object) -> tuple[list[tuple[str, str, str]], str]:
    """(path, title, date) of each document the listing page names, and the listing's error."""
    with LoopbackSite(routes={path: Response(body=page, headers=traps.HTML)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url(path),), allow_private=True,
                              **{"profile": "trs", **options})  # type: ignore[arg-type]
        found = discover(source, fetch_page, max_pages=1)
        base = site.base_url
    return [(r.url.removeprefix(base), r.listed_title, r.listed_date) for r in found.refs], found.error


def test_rows_opened_by_their_own_click_handler_are_listed() -> None:
    """<tr onclick="window.open('…')"> and <li onclick="location.href='…'">: the row is the link,
    its longest text the title (not its number or date cells), its date cell the date."""
    table = ('<table class="zcwj"><tr><th>序号</th><th>标题</th><th>发布日期</th></tr>'
             f'<tr onclick="window.open(\'{FIRST}\')" style="cursor:pointer"><td>1</td><td>{TITLES[0]}</td>'
             "<td>2024-01-05</td></tr>"
             f'<tr onclick="javascript:location.href=\'.{SECOND.removeprefix("/zcwj")}\';"><td>2</td>'
             f"<td>{TITLES[1]}</td><td>2024-01-08</td></tr></table>")
    found, error = _html_refs(traps.page("政策文件", table))
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-08")], error
    items = (f'<ul class="list"><li onclick="location.href=\'{FIRST}\'"><a href="javascript:void(0)">{TITLES[0]}</a>'
             f"<span>[2024-01-05]</span></li>"
             f'<li onclick="window.location.href = \'{SECOND}\'"><a href="#!">{TITLES[1]}</a>'
             "<span>[2024-01-08]</span></li></ul>")
    found, error = _html_refs(traps.page("政策文件", items))
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-08")], error
    assert "JavaScript" not in error  # the rows' script-only <a> are no unfollowed links


def test_a_row_holding_its_own_link_is_read_by_that_link() -> None:
    """A row whose click handler repeats its <a href> is one document, titled by its link."""
    row = (f'<ul class="list"><li onclick="window.open(\'{FIRST}\')"><a href="{FIRST}">{TITLES[0]}</a>'
           f'<span>2024-01-05</span></li><li><a href="{SECOND}">{TITLES[1]}</a><span>2024-01-08</span></li></ul>')
    found, _ = _html_refs(traps.page("政策文件", row))
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-08")]


@pytest.mark.parametrize("guard", [")]}',\n", ")]}'\n", "while(1);", "for(;;);", "while (1);\n"])
def test_json_behind_an_anti_xssi_guard_is_read(guard: str) -> None:
    answer = {"code": 0, "data": {"list": [{"url": p, "title": t, "pubDate": "2024-01-05"} for p, t in zip(traps.DOCS, TITLES, strict=True)]}}
    urls, error = _json_urls((guard + json.dumps(answer, ensure_ascii=False)).encode())
    assert urls == list(traps.DOCS), error


def _json_urls(body: bytes) -> tuple[list[str], str]:
    """(path of each document a JSON list API answering `body` names, the listing's error)."""
    with LoopbackSite(routes={"/api/list": Response(body=body, headers=JSON)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/list?page=1"),), profile="json", allow_private=True)
        found = discover(source, fetch_page, max_pages=1)
        base = site.base_url
    return [r.url.removeprefix(base) for r in found.refs], found.error


@pytest.mark.parametrize("field", ["shareUrl", "docUrl", "linkUrl", "link_url", "articleUrl", "detailHref"])
def test_a_record_s_url_in_another_field_is_found_before_its_column_s(field: str) -> None:
    """With json_url_field left at "url", a record keeps its URL under another name: that field
    is read, before the column's or site's address the record also carries (columnUrl,
    siteUrl, written first), and a menu list before the records is passed over."""
    records = [{"columnUrl": "/col/col12/index.html", "siteUrl": "/", "picUrl": "/images/1.jpg", "id": n,
                field: p, "title": t, "pubDate": "2024-01-05"} for n, (p, t) in enumerate(zip(traps.DOCS, TITLES, strict=True))]
    answer = {"menu": [{"name": "政策文件", "channelUrl": "/col/col12/index.html"}, {"name": "首页", "linkUrl": "/index.html"}],
              "data": {"rows": records}}
    urls, error = _json_urls(json.dumps(answer, ensure_ascii=False).encode())
    assert urls == list(traps.DOCS), error


def test_a_record_s_relative_url_in_another_field() -> None:
    """docUrl written relative to the API (../zcwj/….html): resolved against the answer's URL."""
    records = [{"id": 7, "docUrl": ".." + p, "title": t} for p, t in zip(traps.DOCS, TITLES, strict=True)]
    urls, error = _json_urls(json.dumps({"rows": records}, ensure_ascii=False).encode())
    assert urls == list(traps.DOCS), error


def test_a_list_a_script_writes_is_read_with_its_escaped_titles() -> None:
    """document.write('<li>…') and a template literal set as innerHTML, their titles written as
    \\u escapes and &#x…; entities: the documents are listed, titled in Chinese; a template row
    whose address the script fills in (${item.url}) is no document."""
    first = "".join(f"\\u{ord(c):04x}" for c in TITLES[0])
    second = "".join(f"&#x{ord(c):x};" for c in TITLES[1])
    script = (f"<script>document.write('<li><a href=\\'{FIRST}\\' target=\\'_blank\\'>{first}<\\/a>"
              "<span>2024-01-05<\\/span><\\/li>');\n"
              f'var html = `<li><a href="{SECOND}">{second}</a><span>2024-01-08</span></li>`;\n'
              'var tpl = `<li><a href="/zcwj/202401/t${item.day}_${item.id}.html">${item.title}</a></li>`;\n'
              'document.getElementById("list").innerHTML = html;</script>')
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list" id="list">{script}</ul>'))
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-08")], error


def test_hash_routes_stay_apart_their_tracking_folds_and_anchors_fold() -> None:
    """A single-page list's documents differ only in their route (#/detail/101, #!/detail/102):
    each is its own address, a route's own ?from=timeline&isappinstalled=0 folded as a query's
    is; a plain anchor (#top) is the page itself."""
    base = "http://www.example.gov.cn/zcwj/app.html"
    assert canonicalize("#/detail/101?from=timeline&isappinstalled=0", base) == base + "#/detail/101"
    assert canonicalize("#/list?page=2&from=timeline", base) == base + "#/list?page=2"
    assert canonicalize("#!/detail/102", base) == base + "#!/detail/102" != canonicalize("#/detail/101", base)
    assert canonicalize("#top", base) == base


def test_a_link_to_an_in_page_anchor_after_a_slash_is_its_page() -> None:
    """Rows linking `…/t20240105_101.html#/top` (an anchor written after a slash, one word, no
    id) are the documents' pages, listed and followed; a route's path (#/detail/101, #/101) is not."""
    base = "http://www.example.gov.cn/zcwj/app.html"
    assert canonicalize("#/top", base) == canonicalize("#/comment/", base) == base
    assert canonicalize("#/101", base) == base + "#/101"
    rows = "".join(f'<li><a href="{path}#/top">{title}</a><span>2024-01-05</span></li>'
                   for path, title in zip(traps.DOCS, TITLES, strict=True))
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list">{rows}</ul>'))
    assert [path for path, _, _ in found] == list(traps.DOCS) and "single-page app" not in error, error


def test_a_row_linking_an_in_page_anchor_opens_what_its_onclick_names() -> None:
    """`href="#/top"` is no address (the same rule as the URL spelling's), so the row's onclick
    names its document: the link reader and the URL spelling judged hash routes apart."""
    rows = "".join(f'<li><a href="#/top" onclick="window.open(\'{path}\')">{title}</a><span>2024-01-05</span></li>'
                   for path, title in zip(traps.DOCS, TITLES, strict=True))
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list">{rows}</ul>'))
    assert [path for path, _, _ in found] == list(traps.DOCS), error


def test_hash_routed_documents_are_named_unreadable_not_stored() -> None:
    """Every route of a single-page list (#/detail/101) is answered with the app's shell, whose
    text its scripts draw: the documents are named in the warnings as unfollowed, not listed
    (each would have stored that shell), and the page's plain links are listed as ever."""
    rows = ('<ul class="list"><li><a href="#/detail/101">' + TITLES[0] + "</a><span>2024-01-05</span></li>"
            '<li><a href="/zcwj/app.html#!/detail/102?from=timeline">' + TITLES[1] + "</a><span>2024-01-08</span></li>"
            f'<li><a href="{FIRST}">{TITLES[0]}</a><span>2024-01-05</span></li>'
            '<li><a href="#top">返回顶部返回顶部</a></li></ul>')
    found, error = _html_refs(traps.page("政策文件", rows), path="/zcwj/app.html", profile="generic",
                              link_pattern=r"#!?/detail/\d+$|#top$|/t\d+_\d+\.html$")
    assert found == [(FIRST, TITLES[0], "2024-01-05")], error
    assert "2 document link(s) are routes of a single-page app" in error and "#/detail/101" in error


def test_a_block_included_in_every_page_does_not_end_the_list() -> None:
    """Every page of the column carries the same included 热点文件 block of twelve documents
    above its own five: a next page is read as one (five new), not as an earlier page served
    again (twelve known beside five new), and the listing runs to its last page, complete."""
    hot = "".join(f'<li><a href="/zcwj/2023{m:02d}/t2023{m:02d}01_{900 + m}.html">关于印发第{m}号重点工作实施方案的通知</a>'
                  "</li>" for m in range(1, 13))

    def page(n: int, *, last: bool) -> Response:
        rows = "".join(f'<li><a href="/zcwj/202401/t202401{n:02d}_{n * 10 + i}.html">关于第{n}页第{i}个文件的通知</a>'
                       f"<span>2024-01-{n:02d}</span></li>" for i in range(5))
        more = "" if last else f'<div class="page"><a href="index_{n}.html">下一页</a></div>'
        body = f'<div class="hotdocs"><h3>热点文件</h3><ul>{hot}</ul></div><ul class="list">{rows}</ul>{more}'
        return Response(body=traps.page("政策文件", body), headers=traps.HTML)

    routes = {"/zcwj/index.html": page(1, last=False), "/zcwj/index_1.html": page(2, last=False),
              "/zcwj/index_2.html": page(3, last=True)}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile="trs", allow_private=True)
        found = discover(source, fetch_page, max_pages=10)
    assert (len(found.refs), found.complete, found.error) == (12 + 15, True, "")


def test_links_opened_by_an_id_only_script_call_follow_script_url_template() -> None:
    """openDetail('101', '202401', '20240105') on a link, showInfo(…) on a row: with the source's
    script_url_template the call's arguments make each document's URL; without it they are
    named as links policywatch cannot follow, and nothing is made up."""
    rows = ('<ul class="list"><li><a href="javascript:void(0);" onclick="openDetail(\'101\', \'202401\', \'20240105\')">'
            f"{TITLES[0]}</a><span>2024-01-05</span></li>"
            f'<li onclick="showInfo(102,&quot;202401&quot;,&quot;20240108&quot;)"><span>{TITLES[1]}</span>'
            "<span>2024-01-08</span></li>"
            '<li><a href="javascript:window.print()">打印本页打印本页打印本页</a></li></ul>')
    page = traps.page("政策文件", rows)
    found, error = _html_refs(page, script_url_template="/zcwj/{1}/t{2}_{0}.html")
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-08")], error
    found, error = _html_refs(page)
    assert found == [] and "no document links" in error


def test_a_script_url_template_names_arguments_by_number(tmp_path: Path) -> None:
    config = tmp_path / "policywatch.toml"
    config.write_text('[[sources]]\nname = "t"\nlisting_urls = ["http://a.gov.cn/"]\n'
                      'script_url_template = "/art/{id}.html"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="script_url_template.*by number"):
        load_settings(config)


def test_a_json_list_past_its_end_is_read_where_the_first_page_kept_its_records() -> None:
    """Page 3 of the API answers an empty records list beside the site's menu: the menu's
    linkUrl is no document; the list ended there, complete."""
    def answer(page: int) -> Response:
        rows = [{"docUrl": f"/xxgk/2024/t2024030{page}_{500 + page * 2 + i}.html", "title": f"关于第{page}批第{i}号文件的通知",
                 "publishTime": f"2024-03-0{page}"} for i in range(2)] if page <= 2 else []
        body = {"nav": [{"name": "首页", "linkUrl": "/index.html"}], "result": {"total": 4, "rows": rows}}
        return Response(body=json.dumps(body, ensure_ascii=False).encode(), headers=JSON)

    with LoopbackSite(routes={f"/api/list_{n}.json": answer(n) for n in (1, 2, 3)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/list_{page}.json"),), profile="json",
                              allow_private=True)
        found = discover(source, fetch_page, max_pages=10)
        base = site.base_url
    assert [r.url.removeprefix(base) for r in found.refs] == [
        f"/xxgk/2024/t2024030{page}_{500 + page * 2 + i}.html" for page in (1, 2) for i in range(2)], found.error
    assert found.complete, found.error


def test_page_one_served_again_beside_a_rotating_box_walks_on_to_max_pages() -> None:
    """Every page number answers page 1's list again beside a 热点 box of six documents never
    seen before. Such a page cannot be told from a short next page beside an unchanged sidebar
    (the layouts below), and ending there would lose those listings' documents marked complete:
    the walk goes on to max_pages and says the listing is incomplete, never complete."""
    visits = iter(range(1000))
    rows = "".join(f'<li><a href="/zcwj/202401/t202401{d:02d}_{100 + d}.html">关于印发第{d}号政策文件实施办法的通知</a>'
                   f"<span>2024-01-{d:02d}</span></li>" for d in range(1, 21))

    def page(request: object) -> Response:
        visit = next(visits)
        hot = "".join(f'<li><a href="/xwdt/202312/t20231201_{visit * 6 + i}.html">热点新闻第{visit * 6 + i}号关于全市工作会议</a>'
                      "</li>" for i in range(6))
        body = (f'<div class="main"><ul class="list">{rows}</ul><div class="page"><a href="index_{visit + 1}.html">下一页</a>'
                f'</div></div><div class="side"><h3>热点</h3><ul class="hot">{hot}</ul></div>')
        return Response(body=traps.page("政策文件", body), headers=traps.HTML)

    routes = {"/zcwj/index.html": page, **{f"/zcwj/index_{n}.html": page for n in range(1, 30)}}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile="trs", allow_private=True,
                              link_pattern=r"/t\d+_\d+\.html$")
        found = discover(source, fetch_page, max_pages=5)
        requests = [r.path for r in site.requests]
    assert len(requests) == 5 and not found.complete, found.error


_ROWS = {  # a row of the paged list: its date in a span of a div row, inside the link, or none
    "div": lambda u, t, d: f'<div class="item"><a href="{u}">{t}</a><span>{d}</span></div>',
    "inlink": lambda u, t, d: f'<li><a href="{u}"><span>{t}</span><span>{d}</span></a></li>',
    "nodate": lambda u, t, d: f'<li><a href="{u}">{t}</a></li>',
}


@pytest.mark.parametrize(("style", "per", "boxes"), [("div", 5, 1), ("inlink", 10, 1), ("nodate", 8, 1), ("div", 5, 2),
                                                     ("nodate", 5, 2)])
def test_a_short_list_beside_a_dated_sidebar_is_walked_to_its_end(style: str, per: int, boxes: int) -> None:
    """A paged list of a few rows beside one or two dated sidebars (通知公告, 政策解读) of ten
    links, the same on every page: each page is a next page, the listing runs to its last page,
    complete, with every document and no "repeats" note on the short last page."""
    side = "".join(f'<div class="side{b}"><h3>通知公告</h3><ul class="tz">' + "".join(
        f'<li><a href="/tzgg/202312/t202312{i + 1:02d}_{900 + b * 10 + i}.html">关于做好第{b}{i}项重点工作的通知公告</a>'
        f"<span>2023-12-{i + 1:02d}</span></li>" for i in range(10)) + "</ul></div>" for b in range(boxes))

    def page(n: int, count: int, *, last: bool) -> Response:
        rows = "".join(_ROWS[style](f"/zcwj/202401/t202401{n + 1:02d}_{1000 + n * 100 + k}.html",
                                    f"关于印发第{n * 100 + k}号政策文件实施办法的通知", f"2024-01-{n + 1:02d}")
                       for k in range(count))
        more = "<span>下一页</span>" if last else f'<a href="index_{n + 1}.html">下一页</a>'
        body = f'<div class="main"><div class="list">{rows}</div><div class="page">{more}</div></div>{side}'
        return Response(body=traps.page("政策文件", body), headers=traps.HTML)

    routes = {"/zcwj/index.html": page(0, per, last=False), "/zcwj/index_1.html": page(1, per, last=False),
              "/zcwj/index_2.html": page(2, per, last=False), "/zcwj/index_3.html": page(3, 3, last=True)}
    with LoopbackSite(routes=routes) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/zcwj/index.html"),), profile="trs", allow_private=True,
                              link_pattern=r"/t\d+_\d+\.html$")
        found = discover(source, fetch_page, max_pages=20)
    assert (len(found.refs), found.complete, found.error) == (3 * per + 3 + 10 * boxes, True, "")


@pytest.mark.parametrize("shared", [{"tplUrl": "detail.html"}, {"url": "601", "columnUrl": "/zcwj/index.html"}])
def test_a_field_every_record_fills_alike_is_no_record_url(shared: dict[str, str]) -> None:
    """Records whose only link field is the same for all of them (the list's template, or the
    column beside a bare id) give no document URL: the listing says which field to set, and
    lists no one page for all of them."""
    records = [{"id": 601 + n, "title": t, "pubDate": "2024-01-05", **shared} for n, t in enumerate(TITLES)]
    urls, error = _json_urls(json.dumps({"data": {"list": records}}, ensure_ascii=False).encode())
    assert urls == [] and "records have no URL in field 'url'; set json_url_field" in error, (urls, error)


@pytest.mark.parametrize("field", ["docUrl", "linkUrl"])
def test_a_record_listed_twice_in_a_json_list_is_one_document(field: str) -> None:
    """A pinned record listed again at its place, or two records giving one page, is one
    document read once: a fallback URL two records of six share is no column's page."""
    records = [{"title": f"关于印发第{n}号政策文件实施办法的通知", "pubDate": f"2024-01-0{n}",
                field: f"/zcwj/202401/t2024010{n}_{600 + n}.html"} for n in (1, 1, 2, 3, 4, 5)]
    urls, error = _json_urls(json.dumps({"data": {"list": records}}, ensure_ascii=False).encode())
    assert (urls, error) == ([f"/zcwj/202401/t2024010{n}_{600 + n}.html" for n in range(1, 6)], "")


@pytest.mark.parametrize("count", [3, 5])
def test_a_field_most_records_fill_alike_is_no_record_url(count: int) -> None:
    """The column's page given by most records (three or more, half the list or more) beside a
    bare id is still no record's URL, whatever the other records give."""
    records = [{"id": 601 + n, "title": f"关于印发第{n}号政策文件实施办法的通知", "pubDate": "2024-01-05",
                "columnUrl": "/zcwj/index.html"} for n in range(count)]
    records.append({"id": 700, "title": "关于印发第七百号政策文件实施办法的通知", "pubDate": "2024-01-05",
                    "linkUrl": "/zcwj/202401/t20240105_700.html"})
    urls, _ = _json_urls(json.dumps({"data": {"list": records}}, ensure_ascii=False).encode())
    assert urls == ["/zcwj/202401/t20240105_700.html"]


@pytest.mark.parametrize("other", [
    {"fileUrl": "/upload/2024/01/fj{n}.pdf"}, {"downloadUrl": "/download.do?id={n}"},
    {"sourceUrl": "https://www.gov.cn/zhengce/content/2024-01/content_{n}.htm"}])
def test_a_record_s_page_field_beats_its_file_and_source_fields(other: dict[str, str]) -> None:
    """A record carrying both its page (docUrl) and a file to download or the site it came from,
    written first, is listed by its page: no attachment taken for the document, and no record
    lost to an off-site source URL."""
    (key, value), = other.items()
    records = [{key: value.format(n=n), "docUrl": p, "title": t, "pubDate": "2024-01-05"}
               for n, (p, t) in enumerate(zip(traps.DOCS, TITLES, strict=True))]
    urls, error = _json_urls(json.dumps({"data": {"list": records}}, ensure_ascii=False).encode())
    assert urls == list(traps.DOCS), error


@pytest.mark.parametrize("menu", [{"title": "首页", "linkUrl": "/index.html"}, {"name": "首页", "url": "/index.html"}])
def test_a_menu_list_before_the_records_is_passed_over(menu: dict[str, str]) -> None:
    """A site menu comes first in the answer, titled or holding the very URL field: the dated
    record list is the listing."""
    records = [{"docUrl": p, "title": t, "pubDate": "2024-01-05"} for p, t in zip(traps.DOCS, TITLES, strict=True)]
    answer = {"nav": [menu, {**menu, "title": "政策文件", "name": "政策文件"}], "data": {"list": records}}
    urls, error = _json_urls(json.dumps(answer, ensure_ascii=False).encode())
    assert urls == list(traps.DOCS), error


def test_a_link_a_script_joins_to_a_value_is_no_document() -> None:
    """html += '<li><a href="/zcwj/detail.jsp?id=' + d.id + '">' writes a 热点 box from data: the
    literal's cut address (detail.jsp?id=) names no document; the page's own rows are listed."""
    rows = "".join(f'<li><a href="/zcwj/detail.jsp?id={600 + i}">关于印发第{i}号政策文件实施办法的通知</a>'
                   f"<span>2024-01-0{i}</span></li>" for i in (1, 2))
    script = ("<script>$.getJSON('/api/hot', function (data) { var html = '';\n"
              "$.each(data.list, function (i, d) { html += '<li><a href=\"/zcwj/detail.jsp?id=' + d.id + '\"><span>'"
              " + d.title + '</span></a><em>' + d.date + '</em></li>'; }); $('#hot').html(html); });</script>")
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list">{rows}</ul><ul id="hot"></ul>{script}'),
                              link_pattern=r"detail\.jsp\?id=")
    assert [path for path, _, _ in found] == ["/zcwj/detail.jsp?id=601", "/zcwj/detail.jsp?id=602"], error


def test_script_url_template_is_filled_only_by_the_list_s_own_call() -> None:
    """A toolbar's doZoom(16), an analytics call with an array (_hmt.push([…])) before the row's
    own openDetail('101'), and a pager's goPage(2): only the call the list's titled rows make
    fills script_url_template; the others name no document."""
    rows = "".join(f'<li><a href="javascript:;" onclick="_hmt.push([\'_trackEvent\', \'zcwj\', \'open\']); '
                   f'openDetail(\'{n}\')">{t}</a><span>2024-01-05</span></li>' for n, t in zip((101, 102), TITLES, strict=True))
    body = ('<div class="tools">字号：<a href="javascript:void(0)" onclick="doZoom(16)">大</a>'
            '<a href="javascript:void(0)" onclick="doZoom(14)">中</a></div>'
            f'<ul class="list">{rows}</ul><div class="page"><a href="javascript:;" onclick="goPage(1)">首页</a>'
            '<a href="javascript:;" onclick="goPage(2)">下一页</a><a href="javascript:;" onclick="goPage(5)">尾页</a></div>')
    found, error = _html_refs(traps.page("政策文件", body), script_url_template="/zcwj/detail.jsp?id={0}",
                              link_pattern=r"detail\.jsp\?id=")
    assert [path for path, _, _ in found] == ["/zcwj/detail.jsp?id=101", "/zcwj/detail.jsp?id=102"], error


_SHORT_ROWS = "".join(f'<li><a href="javascript:;" onclick="detail({600 + i})">通知{i}</a><span>2024-01-0{i}</span></li>'
                      for i in (1, 2, 3))


def test_a_call_whose_name_holds_a_toolbar_word_inside_a_word_still_opens_its_document() -> None:
    """openDisclose('101') (信息公开 pages) holds "close" inside "Disclose", feedbackDetail('102')
    holds "back": words of their own (window.close(), goBack()) open no document, these do."""
    rows = "".join(f'<li><a href="javascript:;" onclick="{call}(\'{n}\')">{t}</a><span>2024-01-05</span></li>'
                   for call, n, t in zip(("openDisclose", "feedbackDetail"), (101, 102), TITLES, strict=True))
    tools = ('<a href="javascript:;" onclick="window.close()">关闭窗口关闭窗口</a>'
             '<a href="javascript:;" onclick="goBack(1)">返回上一页返回</a>')
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list">{rows}</ul>{tools}'),
                              script_url_template="/zcwj/detail.jsp?id={0}", link_pattern=r"detail\.jsp\?id=")
    assert [path for path, _, _ in found] == ["/zcwj/detail.jsp?id=101", "/zcwj/detail.jsp?id=102"], error


def test_rows_with_short_titles_fill_script_url_template() -> None:
    """Rows titled 通知1, 通知2, … (too short to be read as documents by their titles) open
    through detail(601), detail(602): the function two rows call with different ids is the
    list's, and script_url_template builds their URLs; the toolbar's doZoom(16) stays none."""
    tools = ('<div class="tools"><a href="javascript:;" onclick="doZoom(16)">大</a>'
             '<a href="javascript:;" onclick="doZoom(14)">中</a></div>')
    found, error = _html_refs(traps.page("政策文件", f'{tools}<ul class="list">{_SHORT_ROWS}</ul>'),
                              script_url_template="/zcwj/detail.jsp?id={0}", link_pattern=r"detail\.jsp\?id=")
    assert [path for path, _, _ in found] == [f"/zcwj/detail.jsp?id={600 + i}" for i in (1, 2, 3)], error


def test_rows_opened_only_by_script_calls_name_script_url_template() -> None:
    """Without script_url_template, a list whose rows open only through detail(601) is in the
    HTML: the listing says to set script_url_template, not that scripts draw the list."""
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list">{_SHORT_ROWS}</ul>'))
    assert found == [] and "set script_url_template" in error and "'通知1'" in error, error


@pytest.mark.parametrize("attached", [(True, True), (True, False)])
def test_a_clickable_row_with_an_attachment_link_is_still_its_document(attached: tuple[bool, bool]) -> None:
    """<tr onclick="window.open('…')"> rows whose last cell holds their attachment's 下载 link
    (every row's, or the first row's only): each row is its document, none lost."""
    rows = "".join(
        f'<tr onclick="window.open(\'{p}\')"><td>{n}</td><td>{t}</td><td>2024-01-05</td>'
        f'<td>{f"<a href=/upload/2024/fj{n}.pdf>下载</a>" if has else ""}</td></tr>'
        for n, (p, t, has) in enumerate(zip(traps.DOCS, TITLES, attached, strict=True)))
    table = f'<table class="zcwj"><tr><th>序号</th><th>标题</th><th>日期</th><th>附件</th></tr>{rows}</table>'
    found, error = _html_refs(traps.page("政策文件", table))
    assert [(path, title) for path, title, _ in found] == list(zip(traps.DOCS, TITLES, strict=True)), error


def test_an_element_around_clickable_rows_is_no_row() -> None:
    """A tab's <div data-more="/zcwj/more.html"> around its list of onclick rows: the rows are the
    documents, the wrapper's URL no row of its own that swallows them."""
    rows = "".join(f'<li onclick="window.open(\'{p}\')"><a href="javascript:;">{t}</a><span>2024-01-05</span></li>'
                   for p, t in zip(traps.DOCS, TITLES, strict=True))
    found, error = _html_refs(traps.page("政策文件", f'<div class="tab-con" data-more="/zcwj/more.html"><ul class="list">'
                                                  f"{rows}</ul></div>"))
    assert [(path, title) for path, title, _ in found] == list(zip(traps.DOCS, TITLES, strict=True)), error


def test_a_hash_route_spelled_with_escapes_is_the_same_route() -> None:
    """`#/detail/%31%30%31` and `#/detail/101` are one route (the router reads the fragment
    decoded): one address, named once among the single-page app's routes, not two documents."""
    base = "http://www.example.gov.cn/zcwj/app.html"
    assert canonicalize("#/detail/%31%30%31", base) == canonicalize("#/detail/101", base) == base + "#/detail/101"
    assert canonicalize("#!/art/%e6%94%bf%e7%ad%96/7", base) == base + "#!/art/政策/7"
    assert canonicalize("#/detail/a%2fb", base) == base + "#/detail/a%2Fb"  # an escaped slash stays one step
    assert canonicalize("#/%74op", base) == base  # an escaped anchor is still an anchor
    rows = ('<ul class="list"><li><a href="#/detail/%31%30%31">' + TITLES[0] + "</a><span>2024-01-05</span></li>"
            '<li><a href="#/detail/101">' + TITLES[0] + "</a><span>2024-01-05</span></li>"
            f'<li><a href="{FIRST}">{TITLES[0]}</a><span>2024-01-05</span></li></ul>')
    found, error = _html_refs(traps.page("政策文件", rows), path="/zcwj/app.html", profile="generic",
                              link_pattern=r"#!?/detail/\d+$|/t\d+_\d+\.html$")
    assert found == [(FIRST, TITLES[0], "2024-01-05")], error
    assert "1 document link(s) are routes of a single-page app" in error, error


def test_a_list_a_script_keeps_as_json_escaped_html_is_read() -> None:
    """A list written from JSON whose HTML is escaped as JSON writes it (\\u003cli\\u003e\\u003ca
    href=\\"…\\"\\u003e, \\x3c in JavaScript): its links are read as the browser shows them, titles
    included; the script's markup is only read, never run."""
    first, second = (json.dumps(f'<li><a href="{path}">{title}</a><span>2024-01-0{n}</span></li>')
                     .replace("<", "\\u003c").replace(">", "\\u003e")
                     for n, (path, title) in enumerate(zip(traps.DOCS, TITLES, strict=True), 5))
    second = second.replace("\\u003c", "\\x3c")
    script = (f'<script type="text/javascript">var list = {{"rows": [{first}, {second}]}};\n'
              'document.getElementById("list").innerHTML = list.rows.join("");</script>')
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list" id="list"></ul>{script}'))
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-06")], error


def test_links_an_app_state_blob_keeps_escaped_outside_any_list_are_not_listed() -> None:
    """An app's state blob (window.__INITIAL_STATE__) keeps more than its list as escaped HTML: a
    notice's link in prose and a footer's 网站地图. Only escaped markup written as a list's rows
    (li, tr, dd, or a date beside the link) is read: those two are no listed documents."""
    state = json.dumps({"notice": f'<p>请勿访问 <a href="{SECOND}">已废止的文件</a></p>',
                        "footer": '<a href="/zcwj/202401/t20240105_77.html">网站地图</a>'})
    state = state.replace("<", "\\u003c").replace(">", "\\u003e")
    body = (f'<ul class="list"><li><a href="{FIRST}">{TITLES[0]}</a><span>2024-01-05</span></li></ul>'
            f"<script>window.__INITIAL_STATE__={state};</script>")
    found, error = _html_refs(traps.page("政策文件", body))
    assert found == [(FIRST, TITLES[0], "2024-01-05")], error


def _escaped(markup: str) -> str:
    """`markup` as a JSON string whose HTML is escaped as JSON writes it (\\u003cdiv …)."""
    return json.dumps(markup, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


@pytest.mark.parametrize("one_string", [False, True], ids=["row-per-string", "rows-in-one-string"])
def test_div_rows_a_script_keeps_as_escaped_html_are_read_but_its_menu_and_sidebar_are_not(one_string: bool) -> None:
    """A list kept as JSON-escaped HTML written as div rows without dates (\\u003cdiv
    class=\\"item\\"\\u003e\\u003ca …): its document links are read; the same state blob's menu of
    div items (首页, 政务公开 … one as long as a title) and its sidebar of 热点 rows are no documents,
    even under a link_pattern broad enough to take their links. Unread, the page was said to be
    drawn by JavaScript."""
    rows = [f'<div class="item"><a href="{path}" target="_blank">{title}</a></div>'
            for path, title in zip(traps.DOCS, TITLES, strict=True)]
    items = [_escaped("".join(rows))] if one_string else [_escaped(row) for row in rows]
    menu = [_escaped(f'<div class="menu-item"><a href="/{slug}/index.html">{name}</a></div>')
            for slug, name in (("sy", "首页"), ("zwgk", "政务公开"), ("xxgk", "政府信息公开"), ("hdjl", "互动交流"))]
    side = _escaped('<div class="sidebar"><div class="hd">热点</div>'
                    '<div class="row"><a href="/zcwj/202312/t20231201_9.html">关于做好冬季安全生产工作的通知</a></div>'
                    '<div class="row"><a href="/zcwj/202312/t20231202_8.html">关于开展安全生产大检查的通知</a></div></div>')
    script = (f'<script>window.__STATE__ = {{"menu": [{", ".join(menu)}], "list": [{", ".join(items)}], '
              f'"side": {side}}};\ndocument.getElementById("list").innerHTML = window.__STATE__.list.join("");</script>')
    found, error = _html_refs(traps.page("政策文件", f'<div class="list" id="list"></div>{script}'), profile="generic",
                              link_pattern=r"\.html$")
    assert found == [(FIRST, TITLES[0], "2024-01-05"), (SECOND, TITLES[1], "2024-01-08")], error
    assert "JavaScript" not in error, error
    found, error = _html_refs(traps.page("政策文件", '<div class="list" id="list"></div>' + script.replace(
        f'"list": [{", ".join(items)}], ', "")), profile="generic", link_pattern=r"\.html$")
    assert found == [], found


_SHORT_ID_TITLES = ("关于印发促进人工智能产业发展若干措施的通知", "关于做好春节期间安全生产工作的通知", "关于调整部分行政许可事项的决定")


@pytest.mark.parametrize("calls", [("openDoc('12')", "openDoc('a1b2')", "openDoc('7')"),
                                   ("view('a1','zcwj')", "view('b2','zcwj')", "view('c3','zcwj')")],
                         ids=["openDoc", "view-two-arguments"])
def test_rows_opened_by_a_script_call_with_a_short_id_fill_script_url_template(calls: tuple[str, ...]) -> None:
    """List rows titled as documents, dated, each opening its document by a script call whose id is
    short (openDoc('12'), openDoc('7'), view('a1','zcwj')): with script_url_template set they are
    listed; judged by the id's shape they were dropped and the page said drawn by JavaScript."""
    rows = "".join(f'<li><a href="javascript:void(0)" onclick="{call}">{title}</a><span>2024-01-0{n + 1}</span></li>'
                   for n, (call, title) in enumerate(zip(calls, _SHORT_ID_TITLES, strict=True)))
    ids = [call.split("'")[1] for call in calls]
    found, error = _html_refs(traps.page("政策文件", f'<ul class="list">{rows}</ul>'), profile="generic",
                              script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == [(f"/zcwj/detail.jsp?id={i}", title, f"2024-01-0{n + 1}")
                     for n, (i, title) in enumerate(zip(ids, _SHORT_ID_TITLES, strict=True))], error
    assert "JavaScript" not in (error or ""), error


def test_short_id_script_rows_beside_plain_links_are_listed_or_named() -> None:
    """Three href rows and two openDoc('12')/openDoc('13') rows: with script_url_template all five
    are listed; without it the two are named as links opening only through JavaScript. Judged by
    the id's shape, the two were lost with no word either way."""
    plain = "".join(f'<li><a href="{path}">{title}</a><span>2024-01-0{5 + n}</span></li>'
                    for n, (path, title) in enumerate(zip((FIRST, SECOND), TITLES, strict=True)))
    scripted = "".join(f'<li><a href="javascript:void(0)" onclick="openDoc(\'{i}\')">{title}</a><span>2024-02-0{n + 1}</span></li>'
                       for n, (i, title) in enumerate(zip(("12", "13"), _SHORT_ID_TITLES, strict=False)))
    page = traps.page("政策文件", f'<ul class="list">{plain}{scripted}</ul>')
    found, error = _html_refs(page, profile="generic", script_url_template="/zcwj/detail.jsp?id={0}")
    assert [path for path, _, _ in found] == [FIRST, SECOND, "/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error
    found, error = _html_refs(page, profile="generic")
    assert [path for path, _, _ in found] == [FIRST, SECOND]
    assert "2 link(s) open only through JavaScript" in (error or "") and "script_url_template" in error, error


def test_escaped_div_rows_are_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A script keeping 2,000 rows as JSON-escaped divs: the page and the script's markup are each
    parsed once, and every row is listed. The markup was parsed once per run of strings to judge
    it, again whole, and a third time after being written out: 5,000 such rows took 2.6 s where
    one parse takes 0.4 s."""
    from policywatch.crawler import listing
    from policywatch.crawler.profiles import PROFILES

    rows = [_escaped(f'<div class="item"><a href="/zcwj/2024/t20240105_{n}.html">关于印发第{n}号产业发展行动计划的通知</a></div>')
            for n in range(2000)]
    menu = [_escaped(f'<div class="menu-item"><a href="/{slug}/index.html">{name}</a></div>')
            for slug, name in (("sy", "首页"), ("zwgk", "政务公开"), ("xxgk", "政府信息公开"))]
    page = traps.page("政策文件", f'<div id="list"></div><script>var menu = [{", ".join(menu)}];\n'
                                  f'var list = [{", ".join(rows)}];</script>').decode()
    parsed: list[int] = []
    real = listing.parse_html

    def counted(text: str) -> object:
        parsed.append(len(text))
        return real(text)

    monkeypatch.setattr(listing, "parse_html", counted)
    found = listing.read_page(page, kind="html", page_url="http://www.city.gov.cn/zcwj/index.html", source="t",
                              hosts=("www.city.gov.cn",), profile=PROFILES["generic"])
    assert len(parsed) == 2, parsed
    assert [ref.url for ref in found.refs] == [f"http://www.city.gov.cn/zcwj/2024/t20240105_{n}.html" for n in range(2000)]
    assert found.refs[7].listed_title == "关于印发第7号产业发展行动计划的通知"
