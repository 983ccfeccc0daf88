"""A tab bar or menu whose links call a script (`javascript:changeTab(2)`) under titles as long as a
document's (市政府办公室规范性文件目录) opens no document: the page's own evidence says so (the function
is defined inline as DOM toggling with no address opened, or the tab calls it on hover), whatever
the length of its argument. With script_url_template the tabs were listed as detail.jsp?id=1 and
id=2; without it they were named as links opening only through JavaScript. A row function the page
defines as opening an address, or one it does not define (external script), still fills the
template however short its id (openDoc('12'))."""

from __future__ import annotations

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from tests import traps
from tests.govsite import fetch_page

TABS = ("市政府规章和规范性文件", "市政府办公室规范性文件目录", "部门规范性文件和政策解读")
TITLES = ("关于印发促进人工智能产业发展若干措施的通知", "关于做好春节期间安全生产工作的通知")
TOGGLE = ("function changeTab(n){for(var i=1;i<=3;i++){document.getElementById('con'+i).style.display="
          "(i==n)?'block':'none';document.getElementById('tab'+i).className=(i==n)?'on':'';}}")
OPEN = "function openDoc(id){window.open('/zcwj/detail.jsp?id='+id);}"


def _page(*, hover: bool, define: str, opener: str = "openDoc") -> bytes:
    tabs = "".join(f'<li id="tab{n}"{" onmouseover=" + chr(34) + f"changeTab({n})" + chr(34) if hover else ""}>'
                   f'<a href="javascript:changeTab({n})">{title}</a></li>' for n, title in enumerate(TABS, 1))
    rows = "".join(f'<li><a href="javascript:void(0)" onclick="{opener}(\'{12 + n}\')">{title}</a>'
                   f"<span>2024-01-0{n + 5}</span></li>" for n, title in enumerate(TITLES))
    panes = f'<div id="con1"><ul class="list">{rows}</ul></div><div id="con2" style="display:none"></div>'
    return traps.page("政策文件", f'<div class="tabbar"><ul>{tabs}</ul></div>{panes}<script>{define}</script>')


def _refs(page: bytes, **options: str) -> tuple[list[str], str]:
    path = "/zcwj/index.html"
    with LoopbackSite(routes={path: Response(body=page, headers=traps.HTML)}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url(path),), allow_private=True,
                              **{"profile": "generic", **options})  # type: ignore[arg-type]
        found = discover(source, fetch_page, max_pages=1)
        return [ref.url.removeprefix(site.base_url) for ref in found.refs], found.error or ""


@pytest.mark.parametrize(("hover", "define"), [(False, TOGGLE), (True, ""), (True, TOGGLE + OPEN)],
                         ids=["defined-as-toggling", "called-on-hover", "both"])
def test_tab_calls_fill_no_template_and_are_no_unfollowed_links(hover: bool, define: str) -> None:
    found, error = _refs(_page(hover=hover, define=define), script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error
    found, error = _refs(_page(hover=hover, define=define))
    assert found == [], found
    assert "2 link(s) open only through JavaScript" in error and TITLES[0][:10] in error, error


def test_a_row_function_defined_as_opening_an_address_still_fills_the_template() -> None:
    """openDoc defined inline as window.open(…): a document opener, listed with short ids; a
    function toggling the DOM and opening an address (a tab that also loads a page) opens one."""
    found, error = _refs(_page(hover=False, define=TOGGLE + OPEN), script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error
    both = "function showDoc(id){document.getElementById('con1').style.display='none';location.href='/zcwj/d.jsp?id='+id;}"
    found, error = _refs(_page(hover=False, define=TOGGLE + both, opener="showDoc"),
                         script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error


def test_reading_a_script_of_a_megabyte_without_definitions_is_linear() -> None:
    """A 1 MB inline payload (var sig='<hex>') holds no function definition: the definition
    pattern tried every suffix of the hex word (quadratic: minutes for 1 MB; 20 KB took 26 s),
    run in a subprocess bounded to a time a linear scan needs a small part of."""
    import subprocess
    import sys

    code = ("from policywatch.crawler.listing import ui_functions; "
            "s = '<script>var sig=' + repr('a1' * 500_000) + ';function f(){x.style.display=1}</script>'; "
            "assert ui_functions(s) == frozenset({'f'})")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


@pytest.mark.parametrize("define", ["function f(n){x.style.display='none'}", "f = function(n){x.hide()}",
                                    "var o = {tabs: function(n){x.show()}}", "f = (n) => {x.toggle()}",
                                    "a.b.f = function(n){x.css('a')}"])
def test_definitions_are_named(define: str) -> None:
    from policywatch.crawler.listing import ui_functions

    assert ui_functions(f"<script>{define}</script>") == ({"tabs"} if "tabs" in define else {"f"})


OPENERS = {
    # a loading mask shown, then a helper the page defines goes to the document
    "helper": "function showDoc(id){document.getElementById('mask').style.display='block';goDetail(id);}"
              "function goDetail(id){window.location.href='/zcwj/detail.jsp?id='+id;}",
    # … through two helpers
    "helpers": "function showDoc(id){$('#mask').show();prep(id);}function prep(id){go(id);}"
               "function go(id){location.href='/zcwj/detail.jsp?id='+id;}",
    # the list hidden, the document shown in an iframe set by jQuery
    "iframe-attr": "function showDoc(id){$('#listPane').hide();$('#docPane').show();"
                   "$('#docFrame').attr('src','/zcwj/detail.jsp?id='+id);}",
    "modal": "function showDoc(id){document.getElementById('tip').style.display='none';"
             "window.showModalDialog('/zcwj/detail.jsp?id='+id);}",
}


@pytest.mark.parametrize("define", OPENERS.values(), ids=OPENERS.keys())
def test_a_document_opener_that_also_toggles_the_page_lists_its_documents(define: str) -> None:
    """showDoc('12') toggling a mask or pane and opening the document through a helper, an
    iframe's src set by .attr or a modal dialog is a row's opener: it fills the template, and
    without one its rows are named as links opening only through JavaScript (read as a tab's
    furniture, they were dropped and the page said it was rendered by JavaScript)."""
    found, error = _refs(_page(hover=False, define=TOGGLE + define, opener="showDoc"),
                         script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error
    found, error = _refs(_page(hover=False, define=TOGGLE + define, opener="showDoc"))
    assert found == [], found
    assert "2 link(s) open only through JavaScript" in error and TITLES[0][:10] in error, error


def test_a_toggling_function_called_with_id_like_arguments_is_no_furniture() -> None:
    """showDoc('602') toggling a mask, then calling a helper the page does not define (an
    external script's): the id-like arguments say it opens documents, as they did before."""
    define = "function showDoc(id){document.getElementById('mask').style.display='block';openInfo(id);}"
    page = _page(hover=False, define=TOGGLE + define, opener="showDoc").replace(b"showDoc('1", b"showDoc('60")
    found, error = _refs(page, script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=602", "/zcwj/detail.jsp?id=603"], error
    found, error = _refs(page)
    assert "2 link(s) open only through JavaScript" in error, error


def test_a_toggling_function_calling_an_external_helper_with_short_ids_is_no_furniture() -> None:
    """showDoc('12') toggling a mask, then calling openInfo(id) that no inline script defines: the
    helper may open the document, so the rows are listed with the template and named without it
    (judged as a tab's furniture they were dropped with no word)."""
    define = "function showDoc(id){document.getElementById('mask').style.display='block';openInfo(id);}"
    page = _page(hover=False, define=TOGGLE + define, opener="showDoc")
    found, error = _refs(page, script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error
    found, error = _refs(page)
    assert "2 link(s) open only through JavaScript" in error, error



@pytest.mark.parametrize("define", [
    "function showDoc(id){$('#listBox').hide();$('#detailFrame').prop('src','/zcwj/detail.jsp?id='+id);}",
    "function showDoc(id){$('#listBox').hide();document.getElementById('f').setAttribute('src','/zcwj/detail.jsp?id='+id);}",
    "function showDoc(id){$('#listBox').hide();$('#detail').html('<iframe src=\"/zcwj/detail.jsp?id='+id+'\"></iframe>');}",
    "function showDoc(id){$('#listBox').hide();parent.addTab('详情', url+id);}",
    "function showDoc(id){$('#listBox').hide();vm.loadDetail(id);}",
])
def test_an_opener_by_an_address_or_another_objects_method_is_no_furniture(define: str) -> None:
    """An address joined to the argument, or a call on an object the page does not name as the
    DOM's (parent.addTab, vm.loadDetail): the rows open documents; judged a tab's furniture they
    were dropped and the page was said to be drawn by JavaScript."""
    found, error = _refs(_page(hover=False, define=TOGGLE + define, opener="showDoc"),
                         script_url_template="/zcwj/detail.jsp?id={0}")
    assert found == ["/zcwj/detail.jsp?id=12", "/zcwj/detail.jsp?id=13"], error


def test_a_page_of_endless_definitions_is_read_in_bounded_time() -> None:
    """75,000 unclosed `function a(){` (1 MB): each body was read up to 4,000 characters (minutes);
    past a page's few hundred definitions no function is judged furniture."""
    import subprocess
    import sys

    code = ("from policywatch.crawler.listing import ui_functions; "
            "assert ui_functions('<script>' + 'function a(){' * 75000 + '</script>') == frozenset()")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
