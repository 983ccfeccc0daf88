"""classify: outcomes from several signals, never from one keyword."""

from __future__ import annotations

import pytest

from policywatch.crawler.classify import Evidence, classify, page_title, visible_text
from policywatch.model import FetchOutcome
from tests.crawler.pages import policy_html, seed_text, small_page


def html_evidence(page: str, status: int = 200, **kw: object) -> Evidence:
    return Evidence(status=status, body=page.encode(), text=page, format="html", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "page", "expected"),
    [
        (404, small_page("404", "您访问的页面不存在"), FetchOutcome.NOT_FOUND),
        (410, "", FetchOutcome.NOT_FOUND),
        (429, small_page("busy", "too many"), FetchOutcome.THROTTLED),
        (412, "<html><script>x</script></html>", FetchOutcome.CHALLENGE),
        (521, "<html><script>document.cookie='__jsl_clearance=1'</script></html>", FetchOutcome.CHALLENGE),
        (202, "<html><script>location.reload()</script></html>", FetchOutcome.CHALLENGE),
        (403, small_page("403", "yunsuo_session_verify"), FetchOutcome.CHALLENGE),
        (403, small_page("Forbidden", "Forbidden"), FetchOutcome.HTTP_ERROR),
        (405, small_page("405", "很抱歉，由于您访问的URL有可能对网站造成安全威胁，您的访问被阻断。"), FetchOutcome.CHALLENGE),
        (200, small_page("网站防火墙", "您的请求带有不合法参数，已被网站管理员设置拦截！"), FetchOutcome.CHALLENGE),
        (200, small_page("提示", "为了您的正常访问，请输入验证码"), FetchOutcome.CHALLENGE),
        (500, small_page("500", "Internal Server Error"), FetchOutcome.HTTP_ERROR),
        (503, small_page("提示", "系统维护中，预计今晚恢复"), FetchOutcome.MAINTENANCE),
        (200, small_page("系统维护公告", "网站升级中，暂停访问"), FetchOutcome.MAINTENANCE),
        (200, small_page("提示", "您访问的页面不存在"), FetchOutcome.SOFT_404),
        (200, small_page("404 Not Found", "nginx"), FetchOutcome.SOFT_404),
        (200, '<html><body><script>var $_ts=window["$_ts"];</script></body></html>', FetchOutcome.CHALLENGE),
        (200, "<html><body><p>请求过多：访问过于频繁</p></body></html>", FetchOutcome.CHALLENGE),
        (200, policy_html(), FetchOutcome.OK),
    ],
)
def test_status_and_markers(status: int, page: str, expected: FetchOutcome) -> None:
    outcome, detail = classify(html_evidence(page, status))
    assert outcome is expected, detail
    assert (detail == "") == (expected is FetchOutcome.OK)


def test_long_policy_mentioning_markers_stays_ok() -> None:
    body = ("系统维护中 页面不存在 您访问的页面不存在 升级中 document.cookie= 访问过于频繁 已被拦截 请输入验证码 被阻断\n"
            + seed_text()[:3000])
    page = policy_html(title="关于做好网站维护管理工作的通知", body=body)
    assert classify(html_evidence(page)) == (FetchOutcome.OK, "")
    firewall = policy_html(title="网站防火墙建设规范：访问被拦截时的处理", body=seed_text()[:3000])
    assert classify(html_evidence(firewall)) == (FetchOutcome.OK, "")


def test_a_short_list_linking_documents_on_blocking_is_no_block_page() -> None:
    """The phrases count in a page's own text, not in its links: a column of two documents whose
    titles speak of 拦截 and 安全验证 is a list, not a WAF's page."""
    rows = "".join(f'<li><a href="/zcwj/t{n}.html">{title}</a></li>' for n, title in enumerate(
        ["关于电信诈骗电话已被拦截情况的通报", "关于开展网站安全验证和人机验证工作的通知"]))
    page = small_page("政策文件", f"<ul>{rows}</ul>")
    assert classify(html_evidence(page)) == (FetchOutcome.OK, "")


def _short_notice(title: str, body: str) -> str:
    """A short real notice inside a portal's chrome: menus of links, its text, the footer."""
    nav = "".join(f'<li><a href="/col{n}/">栏目{n}</a></li>' for n in range(30))
    return (f"<html><head><title>{title}</title></head><body><ul>{nav}</ul><div class=content><h1>{title}</h1>"
            f"{body}<p>2024年3月5日</p></div><div class=foot>主办：某某市人民政府办公室 地址：某某路1号 "
            "电话：0000-1234567 京ICP备05070218号</div></body></html>")


@pytest.mark.parametrize(("title", "body"), [
    ("某某市大数据中心网站防火墙及Web应用防火墙采购项目中标结果公告",
     "<p>一、项目编号：SZCG2024-001</p><p>二、中标供应商：某某科技有限公司，中标金额：壹佰贰拾万元。</p>"),
    ("关于防范电信网络诈骗的提示", "<p>近期，反诈中心已对涉诈号码设置拦截，如遇号码已被拦截误报，可拨打96110申诉。</p>"),
    ("关于开展商用密码应用安全性评估工作的通知", "<p>各有关单位：请于4月底前在系统中完成安全验证及评估材料报送。</p>"),
])
@pytest.mark.parametrize("stored", [False, True])
def test_a_short_notice_using_a_block_page_s_words_is_a_document(title: str, body: str, stored: bool) -> None:
    """拦截, 安全验证 and 防火墙 alone, in a short notice's text or title, make no block page:
    new (no usual size), and stored at its usual size."""
    page = _short_notice(title, body)
    usual = len(page.encode()) if stored else None
    assert classify(html_evidence(page, expected_size=usual)) == (FetchOutcome.OK, "")


@pytest.mark.parametrize(("page", "marker"), [
    (small_page("提示", "访问被拦截！请稍后再试"), "访问被拦截"),  # an unknown WAF: the phrase is its whole message
    (small_page("Access Denied", "您的请求已被拦截，请求ID：8f2a1c"), "您的请求已被拦截"),
    (small_page("提示", "请完成安全验证<div class='nc_wrapper'></div>"), "完成安全验证"),  # Aliyun slider widget
    (small_page("人机验证 - 某某云", "请稍候"), "人机验证"),  # the title names the page
])
def test_a_block_page_is_told_by_a_second_signal(page: str, marker: str) -> None:
    outcome, detail = classify(html_evidence(page, expected_size=len(page.encode()) * 3))
    assert outcome is FetchOutcome.CHALLENGE and f"({marker})" in detail


def test_real_page_with_a_noscript_hint_is_ok() -> None:
    page = policy_html(extra="<noscript>Please enable JavaScript to view the share buttons</noscript>")
    assert classify(html_evidence(page))[0] is FetchOutcome.OK


def test_challenge_cookie_name_counts_on_an_empty_page() -> None:
    ev = html_evidence("<html><body></body></html>", cookie_names=("acw_tc",))
    assert classify(ev)[0] is FetchOutcome.CHALLENGE


def test_home_title_signal() -> None:
    home = policy_html(title="南京市人民政府")
    assert classify(html_evidence(home, home_title="南京市人民政府"))[0] is FetchOutcome.SOFT_404
    assert classify(html_evidence(home, home_title="江苏省人民政府"))[0] is FetchOutcome.OK


def test_stub_against_the_documents_usual_size() -> None:
    page = policy_html(body="详见附件。")
    assert classify(html_evidence(page, expected_size=len(page) * 10))[0] is FetchOutcome.STUB
    assert classify(html_evidence(page, expected_size=len(page.encode()) * 2))[0] is FetchOutcome.OK
    assert classify(Evidence(status=200, body=b""))[0] is FetchOutcome.STUB


def test_decode_failure_and_binary_formats() -> None:
    ev = Evidence(status=200, body=b"x" * 100, text="x\ufffd", format="text", decode_ok=False, decode_reason="bad")
    assert classify(ev) == (FetchOutcome.DECODE_ERROR, "bad")
    pdf = Evidence(status=200, body=b"%PDF-1.4 " + b"0" * 5000, format="pdf")
    assert classify(pdf)[0] is FetchOutcome.OK


def test_helpers() -> None:
    assert page_title("<html><head><title>\n 通知 &amp; 公告 </title></head></html>") == "通知 & 公告"
    assert visible_text("<style>p{}</style><p>第一条</p><script>var a=1;</script><p>第二条</p>") == "第一条 第二条"


def test_short_notice_about_maintenance_is_ok_when_its_size_is_as_usual() -> None:
    notice = small_page("关于政务服务平台暂停服务的公告", "因系统升级，平台将于6月1日暂停访问，系统维护中。")
    ev = html_evidence(notice)
    assert classify(ev)[0] is FetchOutcome.MAINTENANCE  # without history it looks like one
    assert classify(html_evidence(notice, expected_size=len(notice.encode())))[0] is FetchOutcome.OK


def test_a_short_text_inside_a_big_menu_says_not_found_only_in_an_error_page_s_words() -> None:
    """A portal's menu of column links does not make its error page large; a short real text
    in the same menus that uses a marker in its own sense (an amendment deleting an article)
    is still a document."""
    menu = "".join(f'<li><a href="/col/col{n}/index.html">政务公开第{n}专栏</a></li>' for n in range(150))
    error = f'<ul class="nav">{menu}</ul><p>抱歉，您访问的页面不存在！</p>'
    amendment = f'<ul class="nav">{menu}</ul><p>经市政府同意，《南京市政府信息公开办法》第五条已被删除，现予公布。</p>'
    assert classify(html_evidence(small_page("提示信息", error)))[0] is FetchOutcome.SOFT_404
    assert classify(html_evidence(small_page("关于修改《南京市政府信息公开办法》的决定", amendment)))[0] is FetchOutcome.OK


def test_every_error_page_marker_counts_on_a_small_page_of_any_format() -> None:
    # 网页不存在 was in the error-page list only, which is read for HTML: a small text page saying
    # it was stored as the document
    for marker in ("网页不存在", "页面不存在"):
        body = f"抱歉，{marker}，请返回首页。"
        ev = Evidence(status=200, body=body.encode(), text=body, format="text")
        assert classify(ev)[0] is FetchOutcome.SOFT_404, marker


def test_an_html_answer_for_a_file_is_an_error_page_only_by_what_it_says() -> None:
    """A server's error page, a 'file not found' notice or a login form is not the file; a Word
    "save as web page" file or any other page with text of its own may be."""
    from policywatch.crawler.classify import error_page_for_file, office_html

    assert "HTTP Status 500" in error_page_for_file(small_page("HTTP Status 500 - Internal Server Error", "java"))
    assert "文件不存在" in error_page_for_file(small_page("提示", "对不起，该文件不存在或已被删除！"))
    login = small_page("用户登录", "<form>用户名<input name=u> 密码<input type=password name=p></form>")
    assert error_page_for_file(login) == "a login page"
    word = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator '
            'content="Microsoft Word 15"><title>附件1</title></head><body><p class=MsoNormal>申报条件</p></body></html>')
    assert office_html(word) and not office_html(small_page("附件1", "申报条件"))
    assert error_page_for_file(policy_html(title="附件1")) == ""


@pytest.mark.parametrize(("path", "walled"), [
    # login as a word of the endpoint's name, camelCase or a known compound
    ("/login.jsp", True), ("/user/userLogin.do", True), ("/sso/login", True), ("/doLogin", True),
    ("/dologin.jsp", True), ("/LoginServlet", True), ("/SignIn.aspx", True), ("/cas/login", True),
    # an all-lowercase compound ending in the token (any prefix: walls are named so), or a plural
    ("/uc/weblogin.jsp", True), ("/grlogin.html", True), ("/frlogin.do", True), ("/qylogin.jsp", True),
    ("/memberlogin.aspx", True), ("/portallogin.do", True), ("/oalogin.jsp", True), ("/mlogin", True),
    ("/logins.jsp", True), ("/auth/unifiedlogin", True), ("/userlogon.do", True), ("/weblogin2.jsp", True),
    # ends in login: read as a wall (only counts where a password form was served in a document's place)
    ("/blogin.jsp", True),
    # the letters inside another word: a document or column endpoint
    ("/zwgk/catalogInfo.jsp", False), ("/catalog.jsp", False), ("/dialog.do", False), ("/sys/loginfo.jsp", False),
    ("/designing.html", False), ("/sys/logInfo.jsp", False), ("/catalogs.jsp", False), ("/loginsight.html", False),
    # a static page under a login folder is the wall unless it is a document's under a cas/sso column
    ("/sso/index.html", True), ("/passport/index.htm", True), ("/authserver/index.html", True),
    ("/sso/login.html", True), ("/cas/default.htm", True), ("/sso/", True), ("/passport/t20240105_1.html", False),
    # a name in one case throughout is read in lowercase; a login word inside a longer lowercase
    # word (loginservice) is no name of a wall: only its sending the reader back makes it one
    ("/WEBLOGIN.JSP", True), ("/SSO/INDEX.HTML", True), ("/CATALOGINFO.JSP", False), ("/uc/loginservice.do", False),
    ("/cas/202401/t20240105_1.html", False), ("/xxgk/sso-docs/t20240108_102.html", False),
    ("/cas/fj/P020240105.pdf", False), ("/sso/fj/附件.mht", False), ("/cas/fj/申报表.rtf", False),
])
def test_login_url_names_a_wall_by_its_endpoint_or_its_folder(path: str, walled: bool) -> None:
    from policywatch.crawler.classify import login_url

    assert login_url(f"https://www.x.gov.cn{path}?service=/zcwj/t1.html") is walled
    assert login_url(f"https://www.x.gov.cn{path}?id=3", "https://www.x.gov.cn/zcwj/t1.html") is walled


@pytest.mark.parametrize("target", [
    "/uc/loginservice.do?service=http%3A%2F%2Fwww.x.gov.cn%2Fzcwj%2F202401%2Ft20240105_1.html",
    "/uc/auth.do?returnUrl=http%253A%252F%252Fwww.x.gov.cn%252Fzcwj%252F202401%252Ft20240105_1.html",
    "/portal/#/login?redirect=%2Fzcwj%2F202401%2Ft20240105_1.html",
])
def test_login_url_knows_a_page_sending_the_reader_back_to_the_document(target: str) -> None:
    from policywatch.crawler.classify import login_url

    asked = "http://www.x.gov.cn/zcwj/202401/t20240105_1.html"
    assert login_url(f"https://www.x.gov.cn{target}", asked)
    # another document's address, or the site's root, sends no reader back to this one
    assert not login_url(f"https://www.x.gov.cn{target}".replace("t20240105_1", "t20240106_7"), asked)
    assert not login_url("https://www.x.gov.cn/uc/auth.do?returnUrl=/", "https://www.x.gov.cn/")


@pytest.mark.parametrize("name", ["serviceUrl", "service_url", "gotoUrl", "retUrl", "redirectTo", "redir", "RelayState",
                                  "refererUrl", "backurl", "ReturnPath"])
def test_login_url_knows_a_return_parameter_by_a_word_in_its_name(name: str) -> None:
    """A CAS/SSO wall's return parameter is spelt many ways: a word of its name (service, ret,
    redir, goto, RelayState…) tells it, at an endpoint named anything (/uc/index.html)."""
    from urllib.parse import quote

    from policywatch.crawler.classify import login_url

    asked = "http://www.x.gov.cn/zcwj/202401/t20240105_1.html"
    assert login_url(f"https://uc.x.gov.cn/index.html?{name}={quote(asked, safe='')}", asked)
    # a gateway's bare ?url= / ?from= serves the document: only a login endpoint's counts
    for bare in ("url", "from"):
        assert not login_url(f"https://www.x.gov.cn/gate/index.html?{bare}={quote(asked, safe='')}", asked)
        assert login_url(f"https://www.x.gov.cn/sso/index.html?{bare}={quote(asked, safe='')}", asked)
