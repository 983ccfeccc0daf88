"""Real content that looks like one of the site traps (tests/traps.py) is still read.

Each trap's rule must drop only what the trap serves: a short notice beside a portal's login
box, a Word "save as web page" attachment, a document become a pointer to its 附件 are content,
and dropping them is worse than the trap.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.demo.server import LoopbackSite, Response
from tests import traps
from tests.unseen import run_json, write_config

PATHS = list(traps.DOCS)
FIRST = PATHS[0]
LOGIN_BOX = ("<form action='/login.do' method='post'><input name='u'><input type='password' name='p'>"
             "<button>登录</button><a href='/reg.jsp'>注册</a></form>")
APPOINTMENT = ('<h1>关于张三同志任职的通知</h1><div class="TRS_Editor"><p>各区人民政府，市政府各委办局：</p>'
               "<p>经研究决定，任命张三同志为南京市发展和改革委员会副主任，试用期一年。</p>"
               "<p>南京市人民政府</p><p>2024年1月5日</p></div>")


def _crawl(tmp_path: Path, routes: dict) -> tuple[dict, dict[str, list[str]]]:
    with LoopbackSite(routes={**traps._column(PATHS), **routes}) as site:
        config = write_config(tmp_path, traps.source_lines("lookalike", site.base_url))
        report = run_json(config)
        return report, traps.versions(config)


def test_a_short_notice_beside_a_portal_s_login_box_is_a_document(tmp_path: Path) -> None:
    """A password field in the page's header and three lines of text: served at the document's own
    URL (not a redirect to /sso/login…), new to the store, it is the document."""
    notice = traps.page("关于张三同志任职的通知", LOGIN_BOX + APPOINTMENT)
    report, stored = _crawl(tmp_path, {FIRST: Response(body=notice, headers=traps.HTML)})
    assert report["counts"]["new_documents"] == 2 and "soft_404" not in report["outcomes"], report["warnings"]
    (texts,) = [t for p, t in stored.items() if p.endswith(FIRST)]
    assert "任命张三同志" in texts[0]



def test_a_short_notice_moved_under_a_folder_named_cas_is_a_document(tmp_path: Path) -> None:
    """The column moved under /cas/ (中国科学院's site) or a folder called passport (a 出入境
    column): the document URL redirects to a document's static page there, a short notice beside
    the portal's login box. The folder's name is no login wall; only a login endpoint
    (/cas/login, /sso/login.jsp) or a page sending the reader back to the document is."""
    notice = traps.page("关于张三同志任职的通知", LOGIN_BOX + APPOINTMENT)
    moved = {"/zcwj/202401/t20240105_101.html": "/cas/202401/t20240105_101.html",
             PATHS[1]: "/passport/t20240108_102.html"}
    routes: dict = {path: Response(status=301, headers={"Location": target}) for path, target in moved.items()}
    routes.update({target: Response(body=notice, headers=traps.HTML) for target in moved.values()})
    report, stored = _crawl(tmp_path, routes)
    assert report["counts"]["new_documents"] == 2 and "soft_404" not in report["outcomes"], report["warnings"]
    assert all("任命张三同志" in texts[0] for texts in stored.values()), stored


def test_a_short_notice_at_a_catalog_endpoint_is_a_document(tmp_path: Path) -> None:
    """catalogInfo.jsp holds log-in only inside catalog+Info: the document URL redirected there is
    no login wall, and a short notice beside the portal's login box is the document."""
    notice = traps.page("关于张三同志任职的通知", LOGIN_BOX + APPOINTMENT)
    routes = {FIRST: Response(status=302, headers={"Location": "/zwgk/catalogInfo.jsp?id=3"}),
              "/zwgk/catalogInfo.jsp": Response(body=notice, headers=traps.HTML)}
    report, stored = _crawl(tmp_path, routes)
    assert report["counts"]["new_documents"] == 2 and "soft_404" not in report["outcomes"], report["warnings"]
    assert any("任命张三同志" in texts[0] for texts in stored.values()), stored


@pytest.mark.parametrize("target", [f"/cms/show.jsp?url={FIRST}", f"/en/index.html?from={FIRST}"],
                         ids=["cms-gateway", "language-redirect"])
def test_a_short_notice_at_an_address_carrying_its_path_is_a_document(tmp_path: Path, target: str) -> None:
    """A CMS gateway (show.jsp?url=<path>) or a site's move (?from=<path>) carries the document's
    path in its query too, but under no parameter naming where to return after a login: the short
    notice beside the portal's login box served there is the document, not a login wall."""
    notice = traps.page("关于张三同志任职的通知", LOGIN_BOX + APPOINTMENT)
    routes = {FIRST: Response(status=301, headers={"Location": target}),
              target.split("?")[0]: Response(body=notice, headers=traps.HTML)}
    report, stored = _crawl(tmp_path, routes)
    assert report["counts"]["new_documents"] == 2 and "soft_404" not in report["outcomes"], report["warnings"]
    assert any("任命张三同志" in texts[0] for texts in stored.values()), stored


@pytest.mark.parametrize("walls", [("/passport/index.html", "/sso/index.html"), ("/uc/weblogin.jsp", "/auth/unifiedlogin"),
                                   ("/uc/loginservice.do", "/WEBLOGIN.JSP"), ("/uc/auth.do", "/portal/")],
                         ids=["static-page-under-login-folder", "lowercase-compound-endpoint",
                              "service-endpoint-and-one-case-name", "endpoint-named-anything"])
def test_a_document_redirected_to_a_login_page_is_not_stored(tmp_path: Path, walls: tuple[str, str]) -> None:
    """The other side of the cas/sso column rule and of login being a word of the endpoint: a
    static login page (/passport/index.html, /sso/index.html?service=…), an endpoint named as one
    lowercase word ending in login (/uc/weblogin.jsp, /auth/unifiedlogin) or in one case
    (WEBLOGIN.JSP), or any page whose address sends the reader back to the document
    (loginservice.do?service=…, auth.do?service=…) that a document is redirected to is a login
    wall, not the document."""
    targets = dict(zip((FIRST, PATHS[1]), walls, strict=True))
    routes: dict = {path: Response(status=302, headers={"Location": f"{wall}?service={path}"}) for path, wall in targets.items()}
    routes.update({wall: Response(body=traps.LOGIN, headers=traps.HTML) for wall in walls})
    report, stored = _crawl(tmp_path, routes)
    assert report["counts"]["new_documents"] == 0 and report["outcomes"].get("soft_404") == 2, report["outcomes"]
    assert not stored


WORD_HTML = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
             '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
             '<meta name=Generator content="Microsoft Word 15"><title>附件1</title></head><body lang=ZH-CN>'
             '<div class=WordSection1>' + "".join(
                 f"<p class=MsoNormal>第{n}条 申报单位应当具备独立法人资格，近三年无不良信用记录，并按要求提交第{n}项申报材料。</p>"
                 for n in range(1, 15)) + "</div></body></html>").encode()
SAVED_PAGE = traps.page("申报指南", '<div class="TRS_Editor">' + "".join(
    f"<p>第{n}条 申报项目应当符合全市产业发展方向，第{n}项材料按本指南要求报送。</p>" for n in range(1, 12)) + "</div>")


def test_an_attachment_published_as_html_is_the_file(tmp_path: Path) -> None:
    """A Word "save as web page" .doc (sent as application/msword) and an .htm 附件 from a download
    script are the files: stored on the first run, and left as they are (not soft_404s) on the second."""
    files = ('<div class="fj"><p>附件：<a href="/zcwj/202401/P0201.doc">申报条件.doc</a> '
             '<a href="/dl.jsp?id=7">点击下载</a></p></div>')
    routes = {**traps._column(PATHS),
              FIRST: Response(body=traps.article(*traps.DOCS[FIRST], extra=files), headers=traps.HTML),
              "/zcwj/202401/P0201.doc": Response(body=WORD_HTML, headers={"Content-Type": "application/msword"}),
              "/dl.jsp": Response(body=SAVED_PAGE, headers={**traps.HTML,
                                                            "Content-Disposition": 'attachment; filename="P0202.htm"'})}
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("lookalike", site.base_url))
        runs = [run_json(config), run_json(config)]
        stored = traps.versions(config)
    for run in runs:
        assert "soft_404" not in run["outcomes"] and run["errors"] == [], run["errors"]
    assert runs[0]["counts"]["new_documents"] == 4 and runs[1]["counts"]["new_versions"] == 0
    texts = {p.rsplit("/", 1)[1]: t for p, t in stored.items()}
    assert "第3条 申报单位应当具备独立法人资格" in texts["P0201.doc"][0] and len(texts["P0201.doc"]) == 1
    (saved,) = [t for p, t in texts.items() if p.startswith("dl.jsp")]
    assert "第3条 申报项目应当符合全市产业发展方向" in saved[0]


def test_a_document_become_a_pointer_to_its_attachments_is_read_through_them(tmp_path: Path) -> None:
    """The page now says 详见附件 beside a breadcrumb ending on itself and a 下一篇 link: not its
    column's list, but a pointer whose PDFs stand in for its text (a new version)."""
    from tests.govsite import make_pdf

    title, lines = traps.DOCS[FIRST]

    pointer = traps.page(title, f'<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="{FIRST}">正文</a></div>'
                                f'<h1>{title}</h1><div class="TRS_Editor"><p>详见附件。</p></div><div class="fj">附件：'
                                '<a href="/zcwj/202401/P1.pdf">行动计划.pdf</a> <a href="/zcwj/202401/P2.pdf">任务分工.pdf</a>'
                                f'</div><div class="pn"><a href="{PATHS[1]}">下一篇：宜兴市行动计划</a></div>')
    state = {"round": 0}
    pdf = Response(body=make_pdf(lines[:6]), headers={"Content-Type": "application/pdf"})
    routes = {**traps._column(PATHS), "/zcwj/202401/P1.pdf": pdf, "/zcwj/202401/P2.pdf": pdf,
              FIRST: lambda request: Response(body=pointer if state["round"] else traps.article(title, lines),
                                              headers=traps.HTML)}
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("lookalike", site.base_url))
        run_json(config)
        state["round"] = 1
        second = run_json(config)
    assert "soft_404" not in second["outcomes"], second["warnings"]
    assert second["counts"]["new_versions"] == 1 and second["errors"] == []


def test_a_site_wide_login_wall_is_one_grouped_warning(tmp_path: Path) -> None:
    """Five documents each redirected to one SSO wall (…?service=<its own address>): where each
    led is its unread entry's `at`, said once, so the five group into one warning line rather
    than one per document with the wall's address twice."""
    paths = [f"/zcwj/202401/t2024010{n}_{n}.html" for n in range(1, 6)]
    routes: dict = {"/zcwj/index.html": Response(body=traps.listing(paths), headers=traps.HTML),
                    "/sso/index.html": Response(body=traps.LOGIN, headers=traps.HTML)}
    routes.update({path: Response(status=302, headers={"Location": f"/sso/index.html?service={path}"}) for path in paths})
    with LoopbackSite(routes=routes) as site:
        config = write_config(tmp_path, traps.source_lines("lookalike", site.base_url))
        report = run_json(config)
    unread = report["unread"]
    assert len(unread) == 5 and all("/sso/index.html" in entry["at"] and "/sso/" not in entry["detail"]
                                    for entry in unread), unread
    said = [line for line in report["warnings"] if "not read" in line]
    assert len(said) == 1 and "5 documents" in said[0], said
