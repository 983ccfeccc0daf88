"""lists_document: a column's list served for one of its documents, told from the document's own
links (breadcrumb, 上一篇/下一篇, 附件), and may_list, the quick look before it parses."""

from __future__ import annotations

from policywatch.config import SourceConfig
from policywatch.crawler.listing import lists_document

BASE = "http://www.nanjing.gov.cn"
DOC = f"{BASE}/zcwj/202401/t20240105_101.html"
SOURCE = SourceConfig(name="nj", listing_urls=(f"{BASE}/zcwj/index.html",))
CHROME = "".join(f'<li><a href="/col/col{n}/index.html">栏目{n}</a></li>' for n in range(18))


def _page(body: str) -> str:
    return (f'<html><head><title>南京市人民政府</title></head><body><div class="menu"><ul>{CHROME}</ul></div>{body}'
            "<div class='foot'>主办：南京市人民政府办公厅</div></body></html>")


def test_a_document_linking_itself_in_its_breadcrumb_and_its_next_one_is_no_list() -> None:
    """The page become a pointer: its breadcrumb ends on itself, a 下一篇 link follows its text."""
    for crumb in ('<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="t20240105_101.html">正文</a></div>',
                  '<div class="dqwz"><a href="/">首页</a> &gt; <a href="./t20240105_101.html">正文</a></div>',
                  '<p>您现在的位置：<a href="/">首页</a> &gt; <a href="/zcwj/202401/t20240105_101.html">正文</a></p>'):
        page = _page(f'{crumb}<h1>关于印发行动计划的通知</h1><div class="TRS_Editor"><p>详见附件。</p></div>'
                     '<div class="art-foot"><a href="t20240108_102.html">下一篇：宜兴市行动计划</a> '
                     '<a href="t20240101_100.html">上一篇：市政府工作报告</a></div>')
        assert not lists_document(page, page_url=DOC, url=DOC, source=SOURCE), crumb


def test_the_column_s_list_served_for_the_document_is_a_list() -> None:
    rows = "".join(f'<li><a href="{href}">文件{n}</a><span>2024-01-0{n}</span></li>' for n, href in enumerate(
        ["t20240105_101.html", "/zcwj/202401/t20240108_102.html"], start=5))
    page = _page(f'<div class="location">当前位置：<a href="/">首页</a> &gt; 政策文件</div><ul class="list">{rows}</ul>')
    assert lists_document(page, page_url=DOC, url=DOC, source=SOURCE)
    table = "".join(f'<tr><td><a href="t2024010{n}_10{n}.html">文件{n}</a></td><td>2024-01-0{n}</td></tr>'
                    for n in range(1, 9)).replace("t20240105_105", "t20240105_101")
    assert lists_document(_page(f"<table>{table}</table>"), page_url=DOC, url=DOC, source=SOURCE)


def test_may_list_looks_for_what_tells_a_query_url_from_its_siblings() -> None:
    """content.jsp is named on every page of a JSP site (each links its 下一篇): for such a URL
    the page must name its id, so an ordinary answer costs no store read."""
    from policywatch.crawler.listing import may_list

    url = f"{BASE}/zcwj/content.jsp?id=101"
    sibling = _page('<div class="pn"><a href="content.jsp?id=102">下一篇</a> <a href="content.jsp?id=1010">旧文</a></div>')
    assert not may_list(sibling, url)
    for href in ("content.jsp?id=101", "?id=101", f"{BASE}/zcwj/content.jsp?id=101", "/zcwj/content.jsp?lm=2&amp;id=101"):
        assert may_list(_page(f'<li><a href="{href}">文件</a></li>'), url), href
    both = f"{BASE}/zcwj/content.jsp?id=101&lm=%D5%FE"
    assert may_list(_page('<a href="content.jsp?id=101&amp;lm=%d5%fe">文件</a>'), both)
    assert not may_list(_page('<a href="content.jsp?id=101&amp;lm=%B2%DF">文件</a>'), both)
    assert may_list(_page('<a href="t20240105_101.html">文件</a>'), DOC)
