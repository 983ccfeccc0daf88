"""A list whose 下一页 is a form's submit button is paged by sending the form as a browser does:
with a <select>'s selected option (else its first) and a <textarea>'s text, which a site's
filter lives in (ddlYear=2024). Left out, the site answered its unfiltered first page again and
the list's later pages were lost."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests.govsite import fetch_page

HTML = {"Content-Type": "text/html; charset=utf-8"}
# the fields the page's form holds beside its hidden state and its button; the site answers
# page N only when they come as a browser sends them
FORMS = {
    "selected-option": ('<select name="ddlYear"><option value="">全部</option><option value="2024" selected>2024'
                        '</option></select>', {"ddlYear": "2024"}),
    "first-option": ('<select name="ddlYear"><option value="2024">2024</option><option value="2023">2023</option>'
                     '</select><select name="off" disabled><option value="x">x</option></select>', {"ddlYear": "2024"}),
    "option-text": ('<select name="kind"><option>通知</option><option selected>公告</option></select>', {"kind": "公告"}),
    "textarea": ('<textarea name="q">规划</textarea>', {"q": "规划"}),
    # a box checked without a value is `on`; a disabled placeholder chosen, a fieldset disabled send nothing
    "checkbox-without-value": ('<input type="checkbox" name="onlyValid" checked>', {"onlyValid": "on"}),
    "disabled-placeholder": ('<select name="ddlYear"><option value="" disabled selected>请选择年份</option>'
                             '<option value="2024">2024</option></select><fieldset disabled><input name="kw" value="旧">'
                             '</fieldset>', {"ddlYear": None, "kw": None}),
}


def _page(n: int, last: bool, controls: str) -> bytes:
    rows = "".join(f'<li><a href="/doc/t2024010{n}_{k}.html">关于第{n}-{k}号事项的通知公告</a></li>' for k in range(3))
    form = ('<form method="post" action="/list.aspx"><input type="hidden" name="__VIEWSTATE" value="dDwtMTA4">'
            f'<input type="hidden" name="pageIndex" value="{n + 1}">{controls}'
            f'<input type="submit" name="btnNext" value="下一页"{" disabled" if last else ""}></form>')
    return f'<html><head><meta charset="utf-8"></head><body><ul>{rows}</ul>{form}</body></html>'.encode()


@pytest.mark.parametrize(("controls", "expected"), FORMS.values(), ids=FORMS.keys())
def test_a_submitted_form_sends_its_selects_and_textareas(controls: str, expected: dict[str, str | None]) -> None:
    def listing(request: RecordedRequest) -> Response:
        sent = {k: v for k, v in parse_qs(request.body.decode(), keep_blank_values=True).items()}
        ok = request.method == "POST" and all(sent.get(k) == ([v] if v is not None else None) for k, v in expected.items())
        n = int(sent["pageIndex"][0]) if ok else 1
        return Response(body=_page(n, n == 3, controls), headers=HTML)

    with LoopbackSite(routes={"/list.aspx": listing}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/list.aspx"),), allow_private=True)
        found = discover(source, fetch_page, max_pages=10)
        posts = [r.body.decode() for r in site.requests if r.method == "POST"]
    assert len(found.refs) == 9 and found.complete, (found.error, posts)
    assert len(posts) == 2 and "off=" not in posts[0]


def test_an_image_button_sends_where_it_was_clicked() -> None:
    """<input type="image" alt="下一页">: a browser sends btnNext.x and btnNext.y, which an ASP.NET
    ImageButton fires on; btnNext= alone answered page 1 again and the walk stopped there."""
    def page(n: int) -> bytes:
        return _page(n, n == 3, "").replace(b'<input type="submit" name="btnNext" value="\xe4\xb8\x8b\xe4\xb8\x80\xe9\xa1\xb5"',
                                            '<input type="image" name="btnNext" src="next.gif" alt="下一页"'.encode())

    def listing(request: RecordedRequest) -> Response:
        sent = parse_qs(request.body.decode(), keep_blank_values=True)
        n = int(sent["pageIndex"][0]) if request.method == "POST" and "btnNext.x" in sent else 1
        return Response(body=page(n), headers=HTML)

    with LoopbackSite(routes={"/list.aspx": listing}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/list.aspx"),), allow_private=True)
        found = discover(source, fetch_page, max_pages=10)
    assert len(found.refs) == 9, found.error
