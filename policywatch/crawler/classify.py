"""Outcome of one HTTP response from several signals: status, markers, size, title, decoding.

No single keyword decides: a challenge marker counts only on a page with next to no visible
text, a maintenance or "page not found" phrase only in the title or on a small page, so a real
policy that mentions 系统维护 or 页面不存在 in its long body stays ``ok``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult

from policywatch.extract.sniff import format_of_name
from policywatch.model import FetchOutcome
from policywatch.wording import evidence

__all__ = ["STUB_RATIO", "Evidence", "classify", "error_page_for_file", "login_page", "login_url", "not_found_notice",
           "office_html", "page_title", "visible_text"]

# Bytes and cookie names left by JS/cookie challenges and WAFs (govsites.md §5).
CHALLENGE_MARKERS = (
    "__jsl_clearance", "__jsluid", "acw_sc__v2", "acw_tc", "$_ts", "FSSBBIl1UgzbN7N80",
    "wzws", "yunsuo", "HOY_TR", "document.cookie=", "document.cookie =",
    "Please enable JavaScript", "please enable javascript", "访问过于频繁", "请开启JavaScript",
)
MAINTENANCE_MARKERS = ("系统维护中", "系统维护", "网站维护", "维护中", "升级中", "系统升级", "暂停访问")
# What only an error page says of itself, for a page whose size is all menus: a short real text
# in them (an amendment: 第五条已被删除) may well use the other markers.
NOT_FOUND_PAGE_MARKERS = ("您访问的页面不存在", "页面不存在", "页面未找到", "找不到页面", "网页不存在", "404 Not Found",
                          "页面已删除", "不存在或已被删除")
# On a small page, also what an error page says of the item it was asked for, named first (文件不存在
# of a 文件不存在或已被删除 notice says what is gone), and a bare 已被删除 last. One list built on the
# other, so a marker added for error pages counts on small pages too.
NOT_FOUND_MARKERS = ("文章不存在", "信息不存在", "该信息已删除", "文件不存在", "附件不存在", *NOT_FOUND_PAGE_MARKERS,
                     "已被删除")
# Only unambiguous phrases count in a title: a real notice may be titled 关于做好网站维护工作的通知.
MAINTENANCE_TITLE_MARKERS = ("系统维护中", "网站维护中", "升级中", "维护公告")
NOT_FOUND_TITLE_MARKERS = ("页面不存在", "页面未找到", "找不到页面", "404 Not Found", "404错误")
# What a WAF's block page or a captcha says of itself (安全狗 网站防火墙, 云锁, 创宇盾, Aliyun,
# Tencent and Huawei Cloud WAF, slider and image captchas). Served with HTTP 200, such a page
# has a line or two of text and no script marker: read as a document, it stored a version with
# every clause deleted. Only a small page counts, by its own text (not its links) or its title.
# Phrases only a block page says of itself count alone:
BLOCKED_PAGE_MARKERS = ("网站管理员设置拦截", "网站管理员设置为拦截", "带有不合法参数", "您的访问被阻断",
                        "可能对网站造成安全威胁", "当前访问疑似黑客攻击", "您的请求已被拦截", "您的访问已被拦截")
# Phrases a real short notice uses too (已对涉诈号码设置拦截, …防火墙采购项目, 请于月底前完成安全验证):
# each counts only with a second signal, a captcha widget on the page or the phrase being the
# whole message of a bare page (no site chrome; not at its usual size).
BLOCKED_MARKERS = ("设置拦截", "设置为拦截", "已被拦截", "访问被拦截", "请求被拦截", "被阻断", "访问被阻止",
                   "网站防火墙", "Web应用防火墙", "请输入验证码", "输入下图中的验证码", "完成安全验证", "安全验证",
                   "人机验证", "滑动验证", "拖动滑块", "拖动下方滑块", "向右滑动")
# A title that is (one part of it) the name of such a page; a title containing one names a
# document about it: 网站防火墙采购项目成交公告.
BLOCKED_TITLE_MARKERS = ("网站防火墙", "访问验证", "人机验证", "滑动验证", "访问被拦截", "安全验证")
# A block page's message is a line or two, own text (title included) under this many characters,
# on a page of its own: next to no links, where a portal's page has its menus.
BLOCK_MESSAGE_MAX = 150
BARE_PAGE_LINKS = 3
CHALLENGE_STATUSES = (412, 521)
# A JS challenge page shows (almost) nothing; a soft block or maintenance page shows a line or
# two inside the site chrome. Thresholds are visible characters, after tags and scripts go.
CHALLENGE_MAX_VISIBLE = 300
SMALL_PAGE_VISIBLE = 600
MARKER_WINDOW = 4096
VISIBLE_SCAN = 400_000  # characters of a page scanned for its visible text  # markers are looked for in the first KBs, where such pages put them
STUB_RATIO = 0.25  # a body under a quarter of this document's usual size is a stub
USUAL_RATIO = 0.5  # at least half its usual size: the document as it normally is

# Read in one pass each (_cut_spans, and no `<` inside a tag): a page of
# 400,000 characters of `<a ` or `<script ` never closed made a lazy `.*?</…>` or `<[^>]+>` search
# to its end again from each of them, 30 s and more for every fetch of it.
_BLOCK_OPEN_RE = re.compile(r"<(script|style|noscript)\b", re.I)
_BLOCK_CLOSE_RE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript")}
_TAG_RE = re.compile(r"<[^<>]+>")
# a link and its text: a portal's menus of column links are the site's chrome, not a page's content
_LINK_OPEN_RE = re.compile(r"<a\b", re.I)
_LINK_CLOSE_RE = re.compile(r"</a\s*>", re.I)
_SPACE_RE = re.compile(r"\s+")
# alert('对不起，该文件不存在！'); history.back(): download endpoints say "not found" in a script
_ALERT_RE = re.compile(r"""\balert\s*\(\s*(["'])(.{1,200}?)\1""", re.S)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)
# What a page holds besides its scripts: everything but script/style/noscript/title blocks,
# comments, and the document's frame (doctype, html, head, body, meta, link, base).
_FRAME_RE = re.compile(r"<(script|style|noscript|title)\b.*?</\1\s*>|<!--.*?-->|<!doctype[^>]*>"
                       r"|</?(?:html|head|body|meta|link|base)\b[^>]*>", re.S | re.I)
_SCRIPT_TAG_RE = re.compile(r"<script\b", re.I)
# a login form: what a site sends for a document behind its SSO (a 302 to /sso/login.jsp?returnUrl=…)
_PASSWORD_RE = re.compile(r"""<input\b[^<>]*\btype\s*=\s*["']?password\b""", re.I)
# a captcha widget: its image or container (Aliyun nc_, Geetest, Tencent TCaptcha, a captcha URL)
_CAPTCHA_RE = re.compile(r"""<[a-z][^<>]*\b(?:id|class|src|name)\s*=\s*["']?[^"'<>\s]*"""
                         r"(?:captcha|geetest|nc_wrapper|nc-container|nocaptcha|slide-?verify|verifycode)", re.I)
_TITLE_SEPARATORS_RE = re.compile(r"\s*[-_|｜—–·:：]+\s*|\s+")
# where a site's login wall lives: /sso/login.jsp, /cas/login, /passport/…, /user/signin.do. A
# word between separators (start, end, / _ . -), looked for without consuming them, so every
# word of /sso/cas/ is found.
_LOGIN_WORD_RE = re.compile(r"(?:^|(?<=[/_.\-]))(login|logon|signin|sso|passport|cas|oauth2?|authserver)(?=$|[/_.\-])",
                            re.I)
# login, logon or signin as a word of an endpoint's name (userLogin.do, doLogin, login.jsp,
# LoginServlet, dologin.jsp, weblogin.jsp, logins.jsp), not letters inside another word:
# catalogInfo.jsp (catalog + Info), dialog, loginfo, designing are document or column names.
# Case-sensitive, so a camelCase boundary (r|Login) counts. The token must END the name's word
# (nothing lowercase after it but a few endpoint suffixes or a plural s): walls come as any
# all-lowercase compound (weblogin, grlogin, oalogin, memberlogin, unifiedlogin), too many to
# list, while a word with login inside it (loginfo, designing) goes on in lowercase. So a name
# that merely ends in login (blogin) is read as a wall: it only counts where a document was
# redirected to it and a password form with next to no text was served there.
_LOGIN_TOKEN = r"(?:[Ll]og[Ii]n|[Ll]og[Oo]n|[Ss]ign[Ii]n|LOGIN|LOGON|SIGNIN)"
_LOGIN_NAME_RE = re.compile(r"(?:(?<![A-Za-z])" + _LOGIN_TOKEN + r"|(?<=[a-z])(?:[Ll]og[Ii]n|[Ll]og[Oo]n|[Ss]ign[Ii]n))"
                            r"(?:page|form|check|action|servlet|s)?(?![a-z])")
# a static page of a document (t20240105_101.html, art_1229_56789.html, content_7654321.htm): its
# name carries its number; index.html, login.html or default.htm under a login folder carry none
_DOCUMENT_PAGE_RE = re.compile(r"\d{3,}[^/]*\.s?html?$", re.I)
# what a server's own error page says (Tomcat, IIS/ASP.NET, Spring Boot, nginx, Apache)
_SERVER_ERROR_RE = re.compile(
    r"HTTP Status \d{3}|\b[45]\d\d (?:Internal Server Error|Bad Gateway|Service (?:Temporarily )?Unavailable"
    r"|Gateway Time-?out|Forbidden|Not Found)\b|Internal Server Error|Server Error in '|Apache Tomcat/"
    r"|Whitelabel Error Page|Exception Report|\bjava\.[\w.]+Exception\b|Runtime Error", re.I)
# an HTML file saved by Word/Excel/WPS ("save as web page", sent as .doc/.xls): a real attachment
_OFFICE_HTML_RE = re.compile(
    r"urn:schemas-microsoft-com:office:(?:office|word|excel)|<meta\b[^<>]*\bcontent\s*=\s*[\"']?"
    r"(?:Microsoft (?:Word|Excel|PowerPoint)|Word\.Document|Excel\.Sheet)|<(?:w:WordDocument|x:ExcelWorkbook)\b", re.I)
SCRIPT_ONLY_MAX_BYTES = 65_536  # a challenge page is a few KB of script; a document is more than that


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the classifier may look at for one final (non-redirect) response."""

    status: int
    body: bytes
    text: str | None = None  # decoded text for text formats
    format: str = "unknown"
    decode_ok: bool = True
    decode_reason: str = ""
    expected_size: int | None = None
    home_title: str | None = None  # the site's home page title, when known
    cookie_names: tuple[str, ...] = ()


def visible_text(text: str) -> str:
    """Roughly what a reader sees: no scripts, styles or tags, blanks collapsed."""
    without = _TAG_RE.sub(" ", _without_blocks(text))
    return _SPACE_RE.sub(" ", html.unescape(without)).strip()


def _without_blocks(text: str) -> str:
    """`text` without its script, style and noscript blocks. One never closed runs to the end of
    the page, as a browser reads it."""
    return _cut_spans(text, _BLOCK_OPEN_RE, _block_end, unclosed_runs_on=True)


def _block_end(text: str, opening: re.Match[str]) -> re.Match[str] | None:
    return _BLOCK_CLOSE_RE[opening.group(1).lower()].search(text, opening.end())


def _cut_spans(text: str, opening_re: re.Pattern[str],
               closing: Callable[[str, re.Match[str]], re.Match[str] | None], *, unclosed_runs_on: bool) -> str:
    """`text` with each span from an `opening_re` match to its `closing` match replaced by a
    space, in one forward pass: each search starts where the last span ended. An opening with no
    closing after it ends the cutting (no later one can close either): `unclosed_runs_on` drops
    the rest of the text with it, else the rest is kept."""
    out: list[str] = []
    at = 0
    while (opened := opening_re.search(text, at)) is not None:
        closed = closing(text, opened)
        if closed is None:
            if unclosed_runs_on:
                out += (text[at:opened.start()], " ")
                at = len(text)
            break
        out += (text[at:opened.start()], " ")
        at = closed.end()
    out.append(text[at:])
    return "".join(out)


def page_title(text: str) -> str:
    match = _TITLE_RE.search(text[:20000])
    return _SPACE_RE.sub(" ", html.unescape(match.group(1))).strip() if match else ""


def classify(ev: Evidence) -> tuple[FetchOutcome, str]:
    """The outcome and, for non-ok outcomes, the reason."""
    status = ev.status
    if status == 304:
        return FetchOutcome.NOT_MODIFIED, ""
    if status in (404, 410):
        return FetchOutcome.NOT_FOUND, evidence("http_status", status=status)
    if status == 429:
        return FetchOutcome.THROTTLED, evidence("http_status", status=429)
    if 300 <= status < 400:
        return FetchOutcome.HTTP_ERROR, evidence("redirect_without_location", status=status)
    head = _head(ev)
    full = ev.text if ev.text is not None else head
    visible = visible_text(full[:VISIBLE_SCAN]) if ev.format == "html" else full[:VISIBLE_SCAN].strip()
    title = page_title(head) if ev.format == "html" else ""
    marker = _challenge_marker(head, ev.cookie_names)
    if status in CHALLENGE_STATUSES:
        return FetchOutcome.CHALLENGE, (evidence("challenge_status", status=status, marker=marker) if marker
                                        else evidence("challenge_status_bare", status=status))
    if status in (202, 403) and (marker or (len(visible) < CHALLENGE_MAX_VISIBLE and status == 202)):
        return FetchOutcome.CHALLENGE, (evidence("challenge_status", status=status, marker=marker) if marker
                                        else evidence("challenge_status_empty", status=status))
    if status >= 400:
        if blocked := _blocked(visible, title, ev, corroborated=True):
            return FetchOutcome.CHALLENGE, evidence("block_status", status=status, marker=blocked)
        found = _marker_on_small_page(visible, title, MAINTENANCE_MARKERS, MAINTENANCE_TITLE_MARKERS)
        if found and status >= 500:
            return FetchOutcome.MAINTENANCE, evidence("maintenance_status", status=status, marker=found)
        return FetchOutcome.HTTP_ERROR, evidence("http_status", status=status)
    return _classify_success(ev, title, visible, marker)


def _classify_success(ev: Evidence, title: str, visible: str, marker: str) -> tuple[FetchOutcome, str]:
    if not ev.body:
        return FetchOutcome.STUB, evidence("empty_body")
    if marker and len(visible) < CHALLENGE_MAX_VISIBLE:
        return FetchOutcome.CHALLENGE, evidence("challenge_page", status=ev.status, marker=marker)
    if ev.format == "html" and not visible and _scripts_only(ev):
        return FetchOutcome.CHALLENGE, evidence("scripts_only", status=ev.status)
    if ev.text is not None and not ev.decode_ok:
        return FetchOutcome.DECODE_ERROR, ev.decode_reason or "text does not decode cleanly"
    # A short notice *about* maintenance is still a document: when the body is its usual size,
    # only the title markers count.
    usual = ev.expected_size is not None and 0 < ev.expected_size * USUAL_RATIO <= len(ev.body)
    small = "" if usual else visible
    if small == visible and ev.text is not None and len(visible) < CHALLENGE_MAX_VISIBLE:
        # a page that shows next to nothing speaks through its alert() boxes
        small = " ".join([visible, *(m[2] for m in _ALERT_RE.finditer(ev.text[:MARKER_WINDOW]))])
    # by its words, not its bytes: a WAF page's inline CSS can make it as large as a short document
    found = _blocked(visible, title, ev, usual=usual)
    if found:
        return FetchOutcome.CHALLENGE, evidence("block_page", status=ev.status, marker=found)
    found = _marker_on_small_page(small, title, MAINTENANCE_MARKERS, MAINTENANCE_TITLE_MARKERS)
    if found:
        return FetchOutcome.MAINTENANCE, evidence("maintenance_page", marker=found)
    found = _marker_on_small_page(small, title, NOT_FOUND_MARKERS, NOT_FOUND_TITLE_MARKERS)
    if not found and small and ev.format == "html" and ev.text is not None:
        found = not_found_notice(ev.text)
    if found:
        return FetchOutcome.SOFT_404, evidence("not_found_page", status=ev.status, marker=found)
    if title and ev.home_title and title == ev.home_title:
        return FetchOutcome.SOFT_404, evidence("home_page", title=repr(title))
    if ev.expected_size and len(ev.body) < ev.expected_size * STUB_RATIO:
        return FetchOutcome.STUB, evidence("stub_size", size=len(ev.body), usual=ev.expected_size)
    return FetchOutcome.OK, ""


def not_found_notice(text: str) -> str:
    """The "page not found" marker of an HTML page that is such a notice inside the site's chrome,
    or "": a marker in the page's title, or a page's own words for being missing in its visible
    text without its links when that is small. Portals put a menu of a hundred column links on every page, their error page too, so
    the page's whole visible text is no measure of what it says."""
    head = text[:VISIBLE_SCAN]
    unlinked = visible_text(_without_links(head))
    return _marker_on_small_page(unlinked, page_title(head), NOT_FOUND_PAGE_MARKERS, NOT_FOUND_TITLE_MARKERS)


def login_page(text: str) -> bool:
    """An HTML page asking for a password with next to no text of its own besides its links: a
    login wall served for a document. A portal with a login box beside a document keeps the
    document's text, so stays one; a short document beside one (a 任职通知 of three lines) is
    told from a wall only by where it was served (`login_url`) or by its stored text, which the
    caller weighs. (Not a rule for listing pages: a list is all links, and old portals put a
    login box on every page.)"""
    return _login_wall(text[:VISIBLE_SCAN])


def _login_wall(head: str, own: str | None = None) -> bool:
    """A page (`head`) asking for a password with next to no text of its own (`own`, its visible
    text without its links, read here when not given). The password field is looked for first:
    every fetched page of a stored document is asked, and only one with a field has its text read."""
    if _PASSWORD_RE.search(head) is None:
        return False
    return len(own if own is not None else visible_text(_without_links(head))) < SMALL_PAGE_VISIBLE


def office_html(text: str) -> bool:
    """An HTML file written by Word, Excel or WPS ("save as web page"): sites publish 附件 so, as
    .doc, .xls or .htm, and it is the file itself."""
    return _OFFICE_HTML_RE.search(text[:MARKER_WINDOW * 4]) is not None


def error_page_for_file(text: str) -> str:
    """What makes the HTML page `text`, answering for a file (a .pdf or .doc link, a download
    script), the server's error page, the site's "not found" page or its login page, or "". Sites
    publish 附件 as HTML too (an .htm file, `office_html`): any other page is the file, unless
    it is the site's list (the caller's to tell)."""
    head = text[:VISIBLE_SCAN]
    title = page_title(head)
    for where in (title, visible_text(head)):
        if len(where) < SMALL_PAGE_VISIBLE and (match := _SERVER_ERROR_RE.search(where)):
            return f"a server error page ({match[0]})"
    # 文件不存在 too: on a small page it says the file is gone
    own = visible_text(_without_links(head))
    if found := _marker_on_small_page(own, title, NOT_FOUND_MARKERS, NOT_FOUND_TITLE_MARKERS):
        return f"a 'not found' page ({found})"
    return "a login page" if _login_wall(head, own) else ""


def login_url(url: str, asked: str = "") -> bool:
    """`url`, where a document (`asked`, when known) was redirected, is where a site keeps its
    login wall: a page that sends the reader back to the document once logged in (its address
    carries the document's path: ?service=…, ?returnUrl=…, #/login?redirect=…), whatever the
    endpoint is called; else an endpoint named as a login (/sso/login.jsp, /cas/login,
    userLogin.do, WEBLOGIN.JSP), or a page of a login folder that is no document's own page or
    file (/passport/index.html, /sso/?service=…). A document's own page or file is no wall
    wherever its folder (/passport/t20240105_1.html, 中国科学院's /cas/…)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    folder, _, leaf = parts.path.rpartition("/")
    if asked and _sends_back(parts, asked):
        return True
    # a name in one case throughout (WEBLOGIN.JSP, an IIS site's) is read as its lowercase
    # spelling: its case marks no word boundary
    named = leaf.lower() if leaf == leaf.upper() else leaf
    if _LOGIN_NAME_RE.search(named) or _LOGIN_WORD_RE.search(leaf):
        return True
    if not _LOGIN_WORD_RE.search(unquote(folder) + "/"):
        return False
    return not _document_leaf(leaf)


# a word in a parameter's name (read lowercase without _ and -) naming where to send the reader once
# logged in: ?service=, ?serviceUrl=, ?retUrl=, ?gotoUrl=, ?redirectTo=, ?redir=, ?RelayState=,
# ?refererUrl=, #/login?redirect=. A bare ?url= or ?from= is a CMS gateway's or a language switch's
# that carries the document's path too, and serves it: only a login-named endpoint's counts.
_RETURN_WORD_RE = re.compile(r"service|return|^ret|redir|goto|back|from|refer|relaystate|target|callback|next|"
                             r"continue|forward|success|dest|jump|url|uri")
_GATEWAY_PARAMS = frozenset({"url", "from"})


def _sends_back(parts: SplitResult, asked: str) -> bool:
    """The address `parts` carries the path of the URL `asked` (percent-encoded once or twice,
    absolute or not) in its query or fragment, under a parameter naming where to return
    (?service=…, ?returnUrl=…, #/login?redirect=…), or under any name at an endpoint named as a
    login (/sso/?x=…): a page that sends its reader back there."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    path = urlsplit(asked).path
    if len(path.strip("/")) < 2:  # the site's root is no document to be sent back to
        return False
    login_named = bool(_LOGIN_WORD_RE.search(unquote(parts.path)) or _LOGIN_NAME_RE.search(parts.path.rpartition("/")[2])
                       or _LOGIN_WORD_RE.search(parts.fragment.partition("?")[0]))
    for address in (parts.query, parts.fragment.partition("?")[2]):
        for name, value in parse_qsl(address, keep_blank_values=True):
            word = re.sub(r"[\s_-]", "", name).lower()
            if not (login_named or (word not in _GATEWAY_PARAMS and _RETURN_WORD_RE.search(word))):
                continue
            if path in value or path in unquote(value):  # parse_qsl decoded once
                return True
    return False


def _document_leaf(leaf: str) -> bool:
    """`leaf` (a path's last segment) names a document: a file by its suffix (the attachment
    table), or a page carrying its number."""
    kind = format_of_name(leaf)
    return bool(kind) and (kind != "html" or _DOCUMENT_PAGE_RE.search(leaf) is not None)


def _without_links(text: str) -> str:
    """`text` with each link, its text included, replaced by a space. (A lazy `<a…>.*?</a>`
    searched to the end again from each `<a` never closed: 223 s for 133,000 of them.)"""
    return _cut_spans(text, _LINK_OPEN_RE, _link_end, unclosed_runs_on=False)


def _link_end(text: str, opening: re.Match[str]) -> re.Match[str] | None:
    tag_end = text.find(">", opening.end())
    return _LINK_CLOSE_RE.search(text, tag_end + 1) if tag_end >= 0 else None


def _scripts_only(ev: Evidence) -> bool:
    """A small page whose whole markup is script tags: no text, no element a script could fill
    (an app's <div id="app"> shell is a page drawn by scripts, not a challenge), and no redirect
    written in it (that is followed as one)."""
    from policywatch.crawler.refresh import refresh_target

    text = ev.text or ""
    if len(ev.body) > SCRIPT_ONLY_MAX_BYTES or not _SCRIPT_TAG_RE.search(text):
        return False
    return not _FRAME_RE.sub("", text).strip() and not refresh_target(text)


def _head(ev: Evidence) -> str:
    if ev.text is not None:
        return ev.text[: MARKER_WINDOW * 4]
    return ev.body[: MARKER_WINDOW * 4].decode("utf-8", errors="replace") if ev.format != "pdf" else ""


def _challenge_marker(head: str, cookie_names: tuple[str, ...]) -> str:
    for name in cookie_names:
        for marker in CHALLENGE_MARKERS:
            if name.startswith(marker) or marker in name:
                return f"cookie {name}"
    window = head[:MARKER_WINDOW]
    return next((m for m in CHALLENGE_MARKERS if m in window), "")


def _blocked(visible: str, title: str, ev: Evidence, *, usual: bool = False, corroborated: bool = False) -> str:
    """The WAF block or captcha marker of a small page, or "": a title naming such a page, a phrase
    only such a page says, or a phrase a short notice may use too (拦截, 安全验证, 防火墙) with a
    second signal: `corroborated` (an HTTP error status), a captcha widget on a page asking for no
    password, or the phrase being the whole message of a bare page (no menus) that is not at its
    `usual` size. Read in the page's own text, not in its links: a short list may link a document
    titled …安全验证…."""
    if len(visible) >= SMALL_PAGE_VISIBLE:
        return ""
    parts = set(_TITLE_SEPARATORS_RE.split(title))
    if named := next((m for m in BLOCKED_TITLE_MARKERS if m in parts), ""):
        return named
    own = visible_text(_without_links(ev.text)) if ev.format == "html" and ev.text is not None else visible
    window = own[:MARKER_WINDOW]
    if said := next((m for m in BLOCKED_PAGE_MARKERS if m in window), ""):
        return said
    weak = next((m for m in BLOCKED_MARKERS if m in window or m in title), "")
    if not weak:
        return ""
    markup = ev.text[:VISIBLE_SCAN] if ev.format == "html" and ev.text is not None else ""
    widget = _CAPTCHA_RE.search(markup) is not None and _PASSWORD_RE.search(markup) is None
    whole_message = (not usual and len(own) < BLOCK_MESSAGE_MAX
                     and len(_LINK_OPEN_RE.findall(markup)) < BARE_PAGE_LINKS)
    return weak if corroborated or widget or whole_message else ""


def _marker_on_small_page(visible: str, title: str, markers: tuple[str, ...], title_markers: tuple[str, ...]) -> str:
    """An unambiguous marker in the title, or any marker on a small page."""
    for marker in title_markers:
        if marker in title:
            return marker
    if len(visible) >= SMALL_PAGE_VISIBLE:
        return ""
    window = visible[:MARKER_WINDOW]
    return next((m for m in markers if m in window), "")
