"""Reading one listing page: document links with their listed titles and dates, and the next page.

`read_page` reads all the walk (crawler.discover) uses of one page into a ListingPage; the walk
calls it in its own process, or, for a page over LARGE_PAGE_CHARS, through `read_large_page` in
the extraction child, under the limits of any attachment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from soupsieve import SelectorSyntaxError

from policywatch.crawler.apirecords import hanweb_params, hanweb_records, json_record_url
from policywatch.crawler.profiles import Profile, profile_for
from policywatch.crawler.urls import canonicalize, host_of, on_hosts, with_query
from policywatch.errors import ConfigError
from policywatch.extract.html import (
    base_url,
    in_furniture,
    link_target,
    parse_html,
)
from policywatch.extract.metadata import parse_date
from policywatch.grammar.dates import DATE_NUM
from policywatch.model import DocumentRef, ListingPage

# The links of a document's own page that are no list of documents: its breadcrumb (当前位置：首页 >
# 正文, often linking the page itself), its 上一篇/下一篇 and its 附件 block, named by class or id.
_OWN_PAGE_BLOCK = re.compile(r".*crumb.*|location|position|weizhi|dqwz|pn|prev|next|pager|sxp|sxy|fj|fujian|.*attach.*"
                             r"|.*(?:up|down|pre|next)-?(?:page|article|news).*", re.I)
_BREADCRUMB_TEXT = re.compile(r"\s*(?:当前位置|您的位置|您现在的位置|所在位置|当前页面)")
_SIBLING_LINK = re.compile(r"\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)")
LIST_DEPTH = 4  # a list's row: a link in a li, dd or td within a few levels of the list's block
BREADCRUMB_MAX = 120  # characters: a breadcrumb is a line; a block starting with one may hold the list

if TYPE_CHECKING:
    from policywatch.config import ExtractSettings, SourceConfig

_NEXT_TEXTS = {"下一页", "下页", "后页", "下一頁", "next", ">", "›", "»", "next»", "下一页>", "下一页»"}
# next-page texts that are only an arrow, which a calendar widget's next month says too; and the
# query of such a month's link: a year/month/day parameter (?month=2024-02, ?year=2024), or a value
# shaped as a date is (a year, then a real month and perhaps day: 2024-02, 2024/2/5, 202402,
# 20240105). A count is no date: ?offset=20000 (month 0) and ?page=2 page the list itself, and a
# parameter named as a pager's (offset, start, page …) never holds a calendar's date.
_NEXT_ARROWS = frozenset((">", "›", "»"))
_DATE_PARAMETERS = frozenset(("year", "month", "day", "date", "ym", "ymd", "rq", "riqi"))
# the form field that carries the page number, and the query parameters of a list's own pager
_FORM_PAGE_FIELDS = frozenset(("page", "pageno", "pagenum", "pageindex", "currentpage", "curpage", "page_no", "p",
                               "pagenumber", "cpage", "nowpage", "topage"))
_PAGER_PARAMETERS = _FORM_PAGE_FIELDS | frozenset(("offset", "start", "begin", "from", "skip", "limit", "size",
                                                   "pagesize", "rows", "count", "total", "num", "index"))
_DATE_VALUE = re.compile(r"(?:19|20)\d\d(?:([-/.])(?:0?[1-9]|1[0-2])(?:\1(?:0?[1-9]|[12]\d|3[01]))?"
                         r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?)")
# a call of TRS's pager, or (group 1 set) its definition, which saved TRS pages carry inline above
# the call: `function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){`
_PAGE_CALL = re.compile(r"(\bfunction\s+)?createPageHTML\s*\(([^)]*)\)")
# `var countPage = 7//共多少页` and `var currentPage = 0;`: TRS templates write the page count and
# index into variables, then pass those (createPageHTML(countPage, currentPage, …)) or build
# "index_" + nextPage + ".html" links in script themselves.
_JS_NUMBER = re.compile(r"\bvar\s+([A-Za-z_$][\w$]*)\s*=\s*(\d+)\s*[;/\n]")
_COUNT_VARS = ("countPage", "pageCount", "totalPage", "totalPages", "page_count")
_CURRENT_VARS = ("currentPage", "curPage", "pageIndex", "page_index")
# a form pager's 下一页: ASP.NET's __doPostBack('target','argument'), or a call with the page number
_POSTBACK = re.compile(r"__doPostBack\(\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]")
_PAGE_ARGUMENT = re.compile(r"\w+\s*\(\s*['\"]?(\d{1,5})['\"]?\s*\)")
# the form field that carries the page number
_VOID = re.compile(r"void\s*\(\s*0?\s*\)")
# a <select> page jump: its onchange opens the chosen option's value; option values that are page URLs
_JUMP_SCRIPT = re.compile(r"location|\bhref\b|window\.open", re.I)
_PAGE_VALUE = re.compile(r"\.(?:s?html?|jsp|aspx?|php|do)\b|[?/]", re.I)
_INDEX_PAGE = re.compile(r"/(index)(?:_(\d+))?\.(s?html?)$")
_URL_DATES = (
    re.compile(r"/t(\d{4})(\d{2})(\d{2})_"),
    re.compile(r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/(\d{4})-(\d{2})/(\d{2})/"),
    re.compile(r"/(\d{4})(\d{2})(\d{2})/[0-9a-f]{6,}"),
)
# A date written as its own item in a link's text ("[2024-01-05]", "2024年1月5日").
_LINK_DATE = re.compile(r"[\[【(（]?\s*(?:19|20)\d\d\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}\s*日?\s*[\]】)）]?\s*$")


# What a page is to the walk: a static listing page, a Hanweb column page, a dataproxy.jsp answer.
PageKind = Literal["html", "hanweb", "records"]
# A page without document links whose list the browser draws: it has script tags or onclick handlers.
_SCRIPTS = re.compile(r"<script\b|\bonclick\s*=", re.I)


def read_page(text: str, *, kind: PageKind, page_url: str, source: str, hosts: tuple[str, ...], profile: Profile,
              first: bool = True) -> ListingPage:
    """What the walk uses of one listing page (`first`: the first page of its listing).

    `page_url` is the page's final URL; for a dataproxy answer ("records"), the column page's
    base URL, which its records' links resolve against.
    """
    if kind == "records":
        records, total = hanweb_records(text)
        refs = _links(parse_html(records), page_url, source, hosts, profile) if records else []
        return ListingPage(base_url=page_url, refs=tuple(refs), total=total)
    soup = parse_html(text)
    base = base_url(soup, page_url)
    if kind == "hanweb":
        params = hanweb_params(text)
        embedded, _ = hanweb_records(text)
        found = (_links(parse_html(embedded), base, source, hosts, profile) if embedded else []) + _links(
            soup, base, source, hosts, profile)
        scripts = len(_SCRIPTS.findall(text)) if not params and not found else 0
        return ListingPage(base_url=base, refs=tuple(found), scripts=scripts, hanweb=tuple(params.items()))
    ui = ui_functions(text)  # the page's tab and menu functions, read from its scripts
    anchors = _anchors(soup, profile, source, ui)  # found once: each reader below goes over them
    rows = _document_rows(soup, page_url=base, hosts=hosts, profile=profile, source=source, anchors=anchors, ui=ui)
    refs = _refs(rows, source)
    if (markup := script_markup(text)) is not None:  # a list the page's script writes (document.write, innerHTML)
        known = {ref.url for ref in refs}
        refs += [ref for ref in _links(markup, base, source, hosts, profile) if ref.url not in known]
    foreign = foreign_hosts(soup, page_url=base, source=source, hosts=hosts, profile=profile,
                            anchors=anchors) if first else []
    if not refs:  # what tells the list's end from a page whose list is drawn by scripts
        return ListingPage(base_url=base, foreign_hosts=tuple(foreign),
                           scripts=len(_SCRIPTS.findall(text)) if first else 0,
                           unmatched=tuple(unmatched_list_links(soup, base, source, hosts, profile)) if first else (),
                           hanweb=tuple(hanweb_params(text).items()) if first else (),
                           script_only=tuple(script_only_links(soup, profile, source, anchors, ui)) if first else ())
    following = next_page(soup, page_url=base, html=text, profile=profile, source=source)
    form: tuple[tuple[str, str], ...] = ()
    if not following:
        following, form = next_form(soup, page_url=base)
    return ListingPage(
        base_url=base, refs=tuple(refs), foreign_hosts=tuple(foreign),
        script_only=tuple(script_only_links(soup, profile, source, anchors, ui)), next_url=following, next_form=form,
        blocks=page_blocks(rows),
    )


# A JavaScript string literal: "…", '…' (one line each) or a `…` template (any lines). One left
# open ends at its line's (or the code's) end: a script cut short (a page cut at
# MAX_LINKS_PER_PAGE inside the string that writes its list) keeps what it wrote, and the search
# is never made again from each quote inside it (a million-character line of \" cost minutes).
_JS_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*(?:"|\\?$)|'(?:[^'\\\n]|\\.)*(?:'|\\?$)|`(?:[^`\\]|\\.)*(?:`|\\?\Z)""",
                        re.S | re.M)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_CHARS = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}
# a link in a script's code: written as it is, or escaped as JSON and JavaScript write "<" (a list
# kept as JSON-escaped HTML: "\u003cli\u003e\u003ca href=\"…\"")
_MARKUP_LINK = re.compile(r"(?:<|\\u003c|\\x3c)a\b[^>]{0,2048}?\bhref", re.I)
_MARKUP_START = re.compile(r"<|\\u003c|\\x3c", re.I)
# a list's row in markup (with a date beside its link, grammar.dates.DATE_NUM, a row too)
_LIST_MARKUP = re.compile(r"<(?:li|tr|dd)\b", re.I)
# where a script joins a value to a string literal: '…' + d.id (not += nor ++, nor a literal
# joined to another literal, which is one string), and the mark left in its place
_JOINED_AFTER = re.compile(r"\s*\+(?![+=])\s*(?![\s\"'`])")
_JOINED_BEFORE = re.compile(r"(?<![\"'`+\s])\s*(?<![+])\+\s*\Z")
_JOINED = "${+}"
# an interpolation of a template literal or a concatenation: `${item.url}`, '" + url + "'
_INTERPOLATED = re.compile(r"\$\{|\{\{")


def script_markup(text: str) -> BeautifulSoup | None:
    """The HTML that the page's inline scripts write as string literals (`document.write('<li><a
    href=…>')`, a template literal set as innerHTML), decoded as JavaScript reads it, parsed (None
    when they write none): the titles of such lists are often written as \\u4e2d escapes, read as
    is they were no text. A link whose address is filled in by the script (`${item.url}`) is left
    out: no page names it."""
    found = []
    # escaped div markup, by the runs of strings it is written in: an array's items or strings
    # joined by + (first and last places in `found`), each run judged whole by _div_rows
    divs: list[list[int]] = []
    for code in inline_scripts(text):
        if not _MARKUP_LINK.search(code):
            continue
        after_div = -1  # where the last string of escaped div markup in this code ended
        for m in _JS_STRING.finditer(code):
            quoted = m[0][1:-1] if len(m[0]) > 1 and m[0][-1] == m[0][0] else m[0][1:]
            if not _MARKUP_START.search(quoted) or not (literal := js_unescape(quoted)):
                continue
            if "<" not in quoted and not _LIST_MARKUP.search(literal) and not DATE_NUM.search(literal):
                # markup escaped in a data string (\u003ca …) is read only as a list's rows: an app's
                # state blob (window.__INITIAL_STATE__) also keeps its footer's 网站地图 link and a
                # notice's link in prose so, which no page lists as documents. Rows may be divs
                # without dates: read where they are (mostly) rows of document links, below
                if not _DIV_MARKUP.search(literal):
                    continue
                if after_div < 0 or not _STRINGS_APART.fullmatch(code, after_div, m.start()):
                    divs.append([len(found), len(found)])
                divs[-1][1] = len(found)
                after_div = m.end()
            # a literal the script joins to a value ('<a href="/detail.jsp?id=' + d.id + '">'):
            # the value's place is marked, and a link whose address holds it is interpolated
            before = _JOINED_BEFORE.search(code, max(0, m.start() - 64), m.start()) is not None
            after = _JOINED_AFTER.match(code, m.end()) is not None
            found.append(_JOINED * before + literal + _JOINED * after)
    if not found:
        return None
    # the markup is parsed once, each run of div strings inside a _RUN element of its own, judged
    # there and dropped or kept: parsed once per run to judge it, then all of it again (and once
    # more after writing it out), 5,000 such rows cost 2.6 s where one parse is 0.4 s. A kept run
    # stays wrapped (an element without class or id, no row's nor list's): unwrapping a run of
    # thousands of rows moves them one by one, in time quadratic in their number
    for first, last in divs:
        found[first] = f"<{_RUN}>" + found[first]
        found[last] += f"</{_RUN}>"
    joined = "\n".join(found)
    markup = parse_html(joined)
    if divs:
        runs = markup.find_all(_RUN)
        rows = [_div_rows(run) for run in runs]
        for run, made in zip(runs, rows, strict=True):
            if not made or sum(rows) < UNMATCHED_LIST:  # one titled div is a notice, not a list
                run.decompose()
    for a in markup.find_all("a"):
        if _INTERPOLATED.search(str(a.get("href") or "")):
            a.decompose()
    if _JOINED in joined:
        _unmark_joins(markup)
    return markup


# the element a run of div strings is parsed in (a name no page uses)
_RUN = "policywatch-run"


def _unmark_joins(markup: BeautifulSoup) -> None:
    """Take the _JOINED marks out of `markup`'s text and attributes (a title the script joined to
    a value keeps its literal parts)."""
    for string in markup.find_all(string=lambda s: _JOINED in s):
        string.replace_with(string.replace(_JOINED, ""))
    for tag in markup.find_all(lambda t: any(_JOINED in str(v) for v in t.attrs.values())):
        for name, value in tag.attrs.items():
            if isinstance(value, str):
                tag[name] = value.replace(_JOINED, "")
            elif isinstance(value, list):
                tag[name] = [str(v).replace(_JOINED, "") for v in value]


_DIV_MARKUP = re.compile(r"<div\b", re.I)
# what lies between two strings of one run: an array's comma, a + joining them
_STRINGS_APART = re.compile(r"\s*[,+]\s*")


def _div_rows(run: Tag) -> int:
    """The rows of document links in the parsed `run` of strings written as divs (<div
    class="item"><a …>标题</a></div>), read whole: divs holding one link each, titled as documents
    are (_TITLE_CHARS or more); 0 unless most of its divs holding one link are such rows: a menu's
    首页, 政务公开, 政策文件 (one of them perhaps a 政府信息公开 as long as a title) is no list."""
    single = [links[0] for div in run.find_all("div") if len(links := div.find_all("a")) == 1
              and not any(inner.find("a") for inner in div.find_all("div"))]
    titled = sum(1 for a in single if len(_title(a)) >= _TITLE_CHARS)
    return titled if 2 * titled > len(single) else 0


# a script's start tag (group 1: its attributes) or end tag
_SCRIPT_TAG = re.compile(r"<script\b([^<>]*)>|</script\s*>", re.I)


def inline_scripts(text: str) -> list[str]:
    """The code of the page's inline scripts (no src), found in one pass: a page of unclosed
    <script> tags costs no more than its length. A last script left open runs to the page's end,
    as a browser reads it (a page cut at MAX_LINKS_PER_PAGE inside the script writing its list
    keeps the links before the cut)."""
    found, start = [], None
    for m in _SCRIPT_TAG.finditer(text):
        if m[0][1] != "/":
            start = None if re.search(r"\bsrc\s*=", m[1] or "", re.I) else m.end()
        elif start is not None:
            found.append(text[start:m.start()])
            start = None
    if start is not None:
        found.append(text[start:])
    return found


def js_unescape(text: str) -> str:
    """A JavaScript string literal's body as the string it makes: \\uXXXX, \\u{X…}, \\xXX and
    the one-letter escapes; a surrogate pair written as two \\u escapes is one character."""
    def one(m: re.Match[str]) -> str:
        escape = m[1]
        if escape.startswith("u{"):
            return chr(min(int(escape[2:-1], 16), 0x10FFFF))
        if escape[0] in "ux" and len(escape) > 1:
            return chr(int(escape[1:], 16))
        return _JS_CHARS.get(escape, escape)
    decoded = _JS_ESCAPE.sub(one, text)
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def read_large_page(body: bytes, *, url: str, limits: ExtractSettings, **options: Any) -> ListingPage:
    """read_page as a reader of the extraction child (extract.sandbox.read_bounded): `body` is the
    page's text in UTF-8, decoded by the crawler; `url` names it in the child's messages and
    `limits` are the child's to enforce."""
    return read_page(body.decode("utf-8"), **options)


def _links(soup: BeautifulSoup, page_url: str, source: str, hosts: tuple[str, ...], profile: Profile) -> list[DocumentRef]:
    return document_links(soup, page_url=page_url, source=source, hosts=hosts, profile=profile)


def select(soup: BeautifulSoup | Tag, selector: str, what: str) -> list[Tag]:
    try:
        return list(soup.select(selector))
    except SelectorSyntaxError as exc:
        raise ConfigError(f"{what}: invalid CSS selector {selector!r}: {exc}") from None


def document_links(
    soup: BeautifulSoup | Tag, *, page_url: str, source: str, hosts: tuple[str, ...], profile: Profile,
    own: bool = False,
) -> list[DocumentRef]:
    """Document links on a page: by the profile's selector and/or URL pattern, on allowed hosts
    (`own`: a link to the page itself too)."""
    return _refs(_document_rows(soup, page_url=page_url, hosts=hosts, profile=profile, source=source, own=own), source)


def _document_rows(soup: BeautifulSoup | Tag, *, page_url: str, hosts: tuple[str, ...], profile: Profile, source: str,
                   own: bool = False, anchors: list[Tag | None] | None = None,
                   ui: frozenset[str] = frozenset()) -> list[tuple[Tag, str]]:
    """(link, URL) of each document link on the page, a document linked twice twice (its blocks
    are both places: page_blocks); `anchors`: the page's _anchors, when already found; `ui`: the
    page's ui_functions."""
    anchors = _anchors(soup, profile, source, ui) if anchors is None else anchors
    return [(a, url) for a, url in _candidates(anchors, page_url, _pattern(profile, source), own=own,
                                               calls=script_calls(soup, profile, ui)) if on_hosts(url, hosts)]


def _refs(rows: list[tuple[Tag, str]], source: str) -> list[DocumentRef]:
    """One DocumentRef per URL of `rows`, titled and dated by its first link."""
    refs: dict[str, DocumentRef] = {}
    for a, url in rows:
        if url not in refs:
            refs[url] = DocumentRef(url=url, source=source, listed_title=_title(a), listed_date=_listed_date(a, url))
    return list(refs.values())


def may_list(text: str, url: str) -> bool:
    """A quick look before `lists_document` parses the page: its HTML names what tells `url` from
    its siblings, as any link to it must. That is the last part of its path
    (t20240105_101.html), or for a URL with a query each of its parameters (id=101 of
    content.jsp?id=101, which every sibling's page names too, in its 下一篇 link), as links
    write them: absolute, content.jsp?id=101, ?id=101, with &amp; between them."""
    parts = urlsplit(url)
    if parts.query:
        pairs = [p for p in parts.query.split("&") if p]
        return all(_names_pair(text, pair) for pair in pairs)
    name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return bool(name) and name in text


def _names_pair(text: str, pair: str) -> bool:
    """`text` has the query parameter `pair` (id=101) after a ? & or &amp;, ended as a value ends:
    not id=1010."""
    spellings = {pair, unquote(pair)}
    return any(re.search(rf"[?&;]{re.escape(spelled)}(?![^&#\"'\s<>])", text, re.I) for spelled in spellings)


def lists_document(text: str, *, page_url: str, url: str, source: SourceConfig) -> bool:
    """True when the HTML page `text` (fetched as `page_url`) is a list that links the document
    `url` among other documents, as the source's listing pages do: a column's list served for one
    of its documents (CSRC's section index when throttled) is no version of that document. The
    document's own breadcrumb, its 上一篇/下一篇 and its 附件 are no list."""
    if not may_list(text, url):
        return False
    own = canonicalize(url) or url
    return any(any(u == own for u in row) and len(row) > 1 for row in _lists(text, page_url, source))


def lists_documents(text: str, *, page_url: str, source: SourceConfig) -> bool:
    """True when the HTML page `text` holds a list of the source's documents (two or more document
    links in one list): the column or home page served for a file."""
    return any(len(row) > 1 for row in _lists(text, page_url, source))


def _lists(text: str, page_url: str, source: SourceConfig) -> list[set[str]]:
    """The URLs of the document links of each list on the page: links within LIST_DEPTH levels of
    a common block, leaving out the links of a document's own page (breadcrumb, pager, 附件)."""
    profile = profile_for(source)
    soup = parse_html(text)
    base = base_url(soup, page_url)
    pattern = _pattern(profile, source.name)
    judged: dict[int, bool] = {}
    ui = ui_functions(text)
    rows = [(a, url) for a, url in _candidates(_anchors(soup, profile, source.name, ui), base, pattern, own=True,
                                               calls=script_calls(soup, profile, ui))
            if on_hosts(url, source.hosts) and not _own_page_link(a, judged)]
    return _blocks(rows)


def _blocks(rows: list[tuple[Tag, str]]) -> list[set[str]]:
    """The URLs of each list the (anchor, URL) rows fall into: a link's list is its nearest block,
    within LIST_DEPTH levels, that holds another of the rows' links."""
    return [urls for _, urls in _list_blocks(rows)]


def _list_blocks(rows: list[tuple[Tag, str]]) -> list[tuple[Tag, set[str]]]:
    """(block, URLs) of each list the (anchor, URL) rows fall into (see _blocks)."""
    # each link's blocks up to LIST_DEPTH levels, and the links under each (one pass: a page of
    # thousands of links is not searched again from each of them)
    blocks: list[list[Tag]] = []
    inside: dict[int, set[str]] = {}
    for a, url in rows:
        tags = [b for b in islice(a.parents, LIST_DEPTH) if b.name not in ("body", "html", "[document]")]
        blocks.append(tags)
        for tag in tags:
            inside.setdefault(id(tag), set()).add(url)
    found: dict[int, tuple[Tag, set[str]]] = {}
    for tags in blocks:  # a link's list is its nearest block holding another document link
        nearest = next((tag for tag in tags if len(inside[id(tag)]) > 1), None)
        if nearest is not None:
            found[id(nearest)] = (nearest, inside[id(nearest)])
    return list(found.values())


def page_blocks(rows: list[tuple[Tag, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(place, URLs) of each list of the page's document links `rows` (_document_rows): where it
    sits in the page (its path of tags, classes and ids) and what it links. The walk compares them
    page by page: a block that a server includes in every page (a shared 热点 or header nav) is
    the same at the same place on consecutive pages, where the list itself moves on. The rows are
    the ones the page's refs were read from: finding them again cost every listing page a second
    pass over its links (a sixth of reading it)."""
    return tuple((_place(block), tuple(sorted(urls))) for block, urls in _list_blocks(rows))


def _place(tag: Tag) -> str:
    """Where `tag` sits in its page, as the same template writes it on every page: body>div#main>ul.list."""
    steps = []
    for node in [tag, *tag.parents]:
        if not isinstance(node, Tag) or node.name == "[document]":
            break
        mark = "".join(f".{c}" for c in node.get("class", [])) + (f"#{node['id']}" if node.get("id") else "")
        steps.append(node.name + mark)
    return ">".join(reversed(steps))


# A list the link rules should have taken: this many titled links or more in one block.
UNMATCHED_LIST = 2
_TITLE_CHARS = 6  # a document's title, not 首页/更多/下一页


def unmatched_list_links(soup: BeautifulSoup, page_url: str, source: str, hosts: tuple[str, ...],
                         profile: Profile) -> list[str]:
    """The links of the page's largest list (UNMATCHED_LIST titled links or more in one block, on
    `hosts`) when the profile's link pattern takes none of them: a 目录 whose documents sit under
    URLs no article dialect knows (/xxgk/content/1001.html). Without them, such a page was said
    to be drawn by JavaScript, and the advice (render = "browser") led nowhere."""
    if profile.link_selector:  # the chosen links are the list, whatever their URLs
        return []
    judged: dict[int, bool] = {}
    rows = [(a, url) for a, url in _candidates(_anchors(soup, profile, source), page_url, None)
            if on_hosts(url, hosts) and len(_title(a)) >= _TITLE_CHARS and not _own_page_link(a, judged)]
    best = max(_blocks(rows), key=len, default=set())
    return list(dict.fromkeys(url for _, url in rows if url in best)) if len(best) >= UNMATCHED_LIST else []


def pattern_for(urls: list[str]) -> str:
    """A link_pattern that takes every one of `urls`: the first one's path with each run of digits
    as \\d+ ("" when the others differ from it in more than their numbers)."""
    pattern = re.sub(r"\d+", lambda _: r"\d+", re.escape(urlsplit(urls[0]).path)) + "$"
    return pattern if all(re.search(pattern, urlsplit(url).path) for url in urls) else ""


def _own_page_link(a: Tag, judged: dict[int, bool]) -> bool:
    """A link of a document's own page: 上一篇/下一篇, or in its breadcrumb or 附件 block. `judged`
    keeps each block's verdict by id: a list's block is read once, not once for each of its links."""
    if _SIBLING_LINK.match(a.get_text(" ", strip=True)):
        return True
    for parent in islice(a.parents, LIST_DEPTH + 2):
        if not isinstance(parent, Tag) or parent.name in ("body", "html"):
            break
        if id(parent) not in judged:
            judged[id(parent)] = _own_page_block(parent)
        if judged[id(parent)]:
            return True
    return False


def _own_page_block(block: Tag) -> bool:
    names = [*block.get("class", []), str(block.get("id", ""))]
    if any(_OWN_PAGE_BLOCK.fullmatch(n) for n in names if n):
        return True
    said = block.get_text(strip=True)
    return len(said) <= BREADCRUMB_MAX and _BREADCRUMB_TEXT.match(said) is not None


def _pattern(profile: Profile, source: str) -> re.Pattern[str] | None:
    try:
        return re.compile(profile.link_pattern) if profile.link_pattern else None
    except re.error as exc:
        raise ConfigError(f"{source}: invalid link_pattern {profile.link_pattern!r}: {exc}") from None


def foreign_hosts(
    soup: BeautifulSoup | Tag, *, page_url: str, source: str, hosts: tuple[str, ...], profile: Profile,
    anchors: list[Tag | None] | None = None,
) -> list[str]:
    """Hosts outside `hosts` that document links on the page point to (skipped, so say so);
    `anchors`: the page's _anchors, when already found."""
    pattern = re.compile(profile.link_pattern) if profile.link_pattern else None
    anchors = _anchors(soup, profile, source) if anchors is None else anchors
    found = {host_of(url) for _, url in _candidates(anchors, page_url, pattern)}
    return sorted(h for h in found if h and not on_hosts(f"http://{h}/", hosts))


def _candidates(anchors: list[Tag | None], page_url: str, pattern: re.Pattern[str] | None, *,
                own: bool = False, calls: ScriptCalls | None = None) -> list[tuple[Tag, str]]:
    """(anchor, canonical URL) of every link that looks like a document, on any host (`own`: the
    page's link to itself too; `calls`: the page's script_calls)."""
    found = []
    itself = "" if own else canonicalize(page_url)
    for a in anchors:
        href = _opens(a, calls) if isinstance(a, Tag) else ""
        url = canonicalize(href, page_url) if href else ""
        if not url or url == itself or not url.startswith(("http://", "https://")):
            continue
        if pattern and not (pattern.search(urlsplit(url).path) or pattern.search(url)):
            continue
        found.append((a, url))
    return found


# Elements a list row may be opened from by a click handler on the row itself, with no link in it:
# `<tr onclick="window.open('/art/…')">`, `<li onclick="location.href='…'">`, a card's div.
_ROW_TAGS = ("tr", "li", "dd", "td", "div", "p")


def _anchors(soup: BeautifulSoup | Tag, profile: Profile, source: str, ui: frozenset[str] = frozenset()) -> list[Tag | None]:
    """The page's links in page order: its <a> tags, and the rows that open a document by a click
    handler (or data-url) of their own and hold no link of their own to it (the row stands for it;
    its script-only <a>, if any, is no link of its own, and a link to something else, such as its
    attachment's 下载, is listed as it would be without the row's handler)."""
    calls = script_calls(soup, profile, ui)
    if profile.link_selector:
        return [t if t.name == "a" or _row_link(t, calls) else t.find("a")
                for t in select(soup, profile.link_selector, source)]
    tags = [t for t in soup.find_all(("a", *_ROW_TAGS)) if t.name == "a" or _row_link(t, calls)]
    # an element holding rows is no row itself: a tab's <div data-more="/zcwj/more.html"> around
    # its list of onclick rows would otherwise stand for all of them, and they were lost
    holders = {id(p) for t in tags if t.name != "a" for p in t.parents}
    rows: dict[int, str] = {}  # id of a row -> the URL it opens
    found: list[Tag | None] = []
    for tag in tags:
        # without a chosen selector, navigation and related-links blocks are not the list
        if (tag.name != "a" and id(tag) in holders) or in_furniture(tag):
            continue
        row = next((rows[id(p)] for p in tag.parents if id(p) in rows), None) if rows else None
        if row is not None and ((target := _opens(tag, calls)) == "" or same_url(target, row)):
            continue
        if tag.name != "a":
            rows[id(tag)] = _opens(tag, calls)
        found.append(tag)
    return found


def _row_link(row: Tag, calls: ScriptCalls | None) -> bool:
    """True for a row (li, tr …) that opens its document by its own onclick or data-url and holds
    no <a> linking that document: such a list's rows are its links. A row's <a> to something
    else (its attachment's 下载) leaves the row its own link."""
    if row.name == "a" or not any(name == "onclick" or name.startswith("data-") for name in row.attrs):
        return False
    target = _opens(row, calls)
    return bool(target) and not any(same_url(_opens(a, calls), target) for a in row.find_all("a"))


def tag_opens(attrs: Mapping[str, str], profile: Profile) -> tuple[str, bool]:
    """What a link or row whose start tag holds `attrs` opens, read before the page is parsed (the
    crawler's count of a page's links, discover._bounded), and whether by a script call: the URL
    link_target reads, as _opens does; else, given a script_url_template, its click handler's
    script (which calls fill the template only the parsed page tells, so it counts as a link);
    ("", False) when it opens nothing."""
    if (href := link_target(attrs)) or not profile.script_url_template:
        return href, False
    script = str(attrs.get("onclick") or "") + " " + str(attrs.get("href") or "")
    return (script.strip(), True) if _plain_calls(script) else ("", False)


def same_url(one: str, other: str) -> bool:
    """Whether two addresses written in one page name the same page."""
    return bool(one) and canonicalize(one, "http://page.invalid/x/") == canonicalize(other, "http://page.invalid/x/")


# a script call in a click handler (openDetail('602', "zcwj")) and one argument of it, quoted or not
_CALL = re.compile(r"([A-Za-z_$][\w$.]*)\s*\(([^()]*)\)")
_ARGUMENT = re.compile(r"""'([^']*)'|"([^"]*)"|([^,\s'"]+)""")
# Calls that open no document (window.print(), history.back(), closeWin(), goBack()), judged by
# the words of the function's name: openDisclose() holds "close" but not as a word of its own.
_NO_DOCUMENT_WORDS = frozenset(("print", "close", "history", "back", "void", "return"))
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _opens_no_document(name: str) -> bool:
    """True when a called function's name (`window.print`, `goBack`, `CLOSE_WIN`) says it opens
    no document: one of its words, split at dots, underscores and camel case, is such a word."""
    return any(word.lower() in _NO_DOCUMENT_WORDS for word in _NAME_WORD.findall(name))


@dataclass(frozen=True, slots=True)
class ScriptCalls:
    """The source's script_url_template and the functions a page's list calls to open its
    documents, the only calls that fill it: a page's doZoom(16), goPage(2) or share('weibo')
    opens no document, and filled in they named detail.jsp?id=16 as one."""

    template: str
    names: frozenset[str]


def script_calls(soup: BeautifulSoup | Tag, profile: Profile, ui: frozenset[str] = frozenset()) -> ScriptCalls | None:
    """The page's ScriptCalls (None without a script_url_template): the list's row functions
    (`ui`: the page's ui_functions, which are none of them)."""
    if not profile.script_url_template:
        return None
    return ScriptCalls(profile.script_url_template, _row_functions(soup, ui))


# A function's definition in a page's script: `function changeTab(n) {`, `changeTab = function(n)
# {`, `tabs: function (n) {`, `var changeTab = (n) => {` (group 1 or 2: its name)
_DEFINITION = re.compile(r"\bfunction\s+([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*\{"
                         r"|(?<![\w$.])([A-Za-z_$][\w$.]*)\s*[:=]\s*(?:function\b\s*[\w$]*\s*\([^()]*\)|(?:\([^()]*\)|[A-Za-z_$][\w$]*)"
                         r"\s*=>)\s*\{")
# what a tab's or menu's function does: shows, hides or restyles parts of the page …
_TOGGLES = re.compile("|".join((
    r"\.style\.(?:display|visibility)", r"\.className\s*[+]?=", r"\bclassList\.", r"\.css\s*\(",
    r"\.(?:show|hide|toggle|fadeIn|fadeOut|slideUp|slideDown|slideToggle|addClass|removeClass|toggleClass|tab)\s*\(")))
# … and what a function opening a document does: go to, open or submit an address (or fetch one)
_NAVIGATES = re.compile("|".join((
    r"\blocation\b", r"\bopen\s*\(", r"\.href\s*=", r"\.submit\s*\(", r"\.action\s*=", r"\.load\s*\(", r"\bajax\s*\(",
    r"\bfetch\s*\(", r"\b(?:get|post)(?:JSON)?\s*\(", r"XMLHttpRequest", r"\.src\s*=",
    r"\.(?:attr|prop|setAttribute)\s*\(\s*['\"](?:src|href|action)['\"]\s*,", r"\bshowMod(?:al|eless)Dialog\s*\(",
    r"\btrigger\s*\(\s*['\"]submit", r"\brequestSubmit\s*\(",
    # an address written in the body and joined to an argument (`'/zcwj/detail.jsp?id='+id`, an
    # iframe's markup, a dialog's url:): whatever then opens it, the function opens a document
    r"'[^'\n]*?(?:\.(?:jsp|s?html?|aspx?|php|do|action)\b|\?\w+=)[^'\n]*'\s*\+",
    r'"[^"\n]*?(?:\.(?:jsp|s?html?|aspx?|php|do|action)\b|\?\w+=)[^"\n]*"\s*\+')), re.I)
# a call written in a function's body (goDetail(id)), read for the page's functions it calls
_CALLED = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$.]*)\s*\(")
# bare calls a body may make that open nothing: the language's own words and functions, jQuery.
# Any other bare call names a function of an external script, which may open the document
# (showDoc(id){…mask shown…; openInfo(id)}): such a body is no evidence of furniture.
_OPENS_NOTHING = frozenset((
    "if", "for", "while", "switch", "catch", "function", "return", "typeof", "with", "$", "jQuery",
    "parseInt", "parseFloat", "isNaN", "String", "Number", "Boolean", "Array", "Object", "setTimeout",
    "setInterval", "clearTimeout", "clearInterval", "alert", "encodeURIComponent", "decodeURIComponent"))
# the receivers of dotted calls that open nothing: the DOM's look-ups (document.getElementById),
# Math, JSON, console. Any other dotted call (vm.loadDetail(id), parent.addTab(…), $.dialog(…)) may
# open the document, as an undefined bare call may
_SAFE_RECEIVERS = frozenset(("document", "Math", "JSON", "console", "this"))
# … and the methods that only look up, show, hide or restyle (el.classList.add, x.toggle(), tabs.eq(n))
_SAFE_METHODS = frozenset((
    "getElementById", "getElementsByTagName", "getElementsByClassName", "getElementsByName", "querySelector",
    "querySelectorAll", "add", "remove", "toggle", "contains", "css", "show", "hide", "addClass", "removeClass",
    "toggleClass", "hasClass", "fadeIn", "fadeOut", "slideUp", "slideDown", "slideToggle", "siblings", "eq", "find",
    "children", "parent", "each", "index", "push", "join", "indexOf", "split", "replace", "getAttribute",
    "removeAttribute", "tab", "stopPropagation", "preventDefault"))
# a page's inline scripts read for definitions at most this many: a hostile page of 75,000 unclosed
# `function a(){` took minutes (each body read up to _BODY_CHARS); past it no function is furniture
_MAX_DEFINITIONS = 400
_BODY_CHARS = 4000  # a definition's body read for what it does; a tab switcher's is a few lines
# the handlers of hovering, which no page opens a document on: a tab bar switches its panes so
_HOVER = ("onmouseover", "onmouseenter")


def ui_functions(text: str) -> frozenset[str]:
    """The functions the page's inline scripts define as page furniture: their bodies show, hide
    or restyle parts of the page (a tab bar's changeTab(2), a menu's showMenu('a')) and go to,
    open, submit or fetch no address. Called by links titled as long as documents are, they open
    no document, however long or short their arguments; a function defined elsewhere (an external
    script) is judged by its calls alone."""
    bodies: dict[str, list[str]] = {}
    read = 0
    for code in inline_scripts(text):
        for m in _DEFINITION.finditer(code):
            read += 1
            if read > _MAX_DEFINITIONS:
                return frozenset()  # no evidence read whole: every call judged as before (by its calls)
            bodies.setdefault((m[1] or m[2]).rsplit(".", 1)[-1], []).append(_block(code, m.end() - 1))
    # a function navigates when its body does or calls one of the page's functions that does (a
    # loading mask shown, then goDetail(id) sets location.href): followed to a fixed point
    navigating = {name for name, found in bodies.items() if any(_NAVIGATES.search(body) for body in found)}
    called = {name: {call for body in found for call in _CALLED.findall(body)} for name, found in bodies.items()}
    # a call the page's scripts do not show opening nothing may open the document: judged as
    # opening, so its rows are listed or named, never dropped
    navigating |= {name for name, names in called.items() if any(_may_open(call, bodies) for call in names)}
    calls = {name: {call.rsplit(".", 1)[-1] for call in names} - {name} for name, names in called.items()}
    while grown := {name for name in bodies if name not in navigating and calls[name] & navigating}:
        navigating |= grown
    return frozenset(name for name, found in bodies.items()
                     if name not in navigating and any(_TOGGLES.search(body) for body in found))


def _may_open(call: str, defined: Mapping[str, object]) -> bool:
    """Whether a call in a function's body may open a document for all the page tells: a bare
    call to a function no inline script defines (an external script's helper: openInfo(id)), or
    a method of an object not the DOM's nor a look-up or restyling one (parent.addTab, vm.loadDetail)."""
    if "." not in call:
        return call not in defined and call not in _OPENS_NOTHING
    return call.split(".", 1)[0] not in _SAFE_RECEIVERS and call.rsplit(".", 1)[-1] not in _SAFE_METHODS


def _block(code: str, start: int) -> str:
    """The block opening at code[start] ("{"), up to its closing brace (braces in strings left
    out), at most _BODY_CHARS long."""
    depth, end = 0, min(len(code), start + _BODY_CHARS)
    quote = ""
    n = start
    while n < end:
        char = code[n]
        if quote:
            if char == "\\":
                n += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if not depth:
                return code[start:n + 1]
        n += 1
    return code[start:end]


@dataclass(frozen=True, slots=True)
class _Furniture:
    """The page's functions that open no document: its ui_functions (`ui`), and those its
    elements call on hover (a tab bar's <li onmouseover="changeTab(2)">)."""

    ui: frozenset[str]
    hovered: frozenset[str]


def _furniture_calls(soup: BeautifulSoup | Tag, ui: frozenset[str]) -> _Furniture:
    hovered = {name.rsplit(".", 1)[-1] for handler in _HOVER for tag in soup.find_all(attrs={handler: True})
               for name, _ in _plain_calls(str(tag.get(handler) or ""))}
    return _Furniture(ui, frozenset(hovered))


def _furniture(name: str, arguments: Sequence[str], furniture: _Furniture) -> bool:
    """Whether a call is of the page's furniture: one called on hover, or one of its ui_functions
    called with no id-like argument (changeTab(2), not showDoc('602'): a document's opener may
    toggle a mask as well, through a helper or a call the page does not define)."""
    name = name.rsplit(".", 1)[-1]
    return name in furniture.hovered or (
        name in furniture.ui and not any(_ID_LIKE.fullmatch(argument) for argument in arguments))


# An argument that may name a document: three or more word characters holding a digit (601,
# 'zc2024-15'), not a toolbar's font size (16) nor a pager's page number (2).
_ID_LIKE = re.compile(r"(?=[\w-]*\d)[\w-]{3,}")


def _row_functions(soup: BeautifulSoup | Tag, ui: frozenset[str] = frozenset()) -> frozenset[str]:
    """The functions the list's rows call to open their documents: those called, with plain
    arguments, by a link or row titled as documents are (_TITLE_CHARS or more), and those two or
    more of them call with different id-like arguments (detail(601) on rows titled 通知1, 通知2),
    never by a pager word — the list's rows, not a toolbar's 大/中/小 doZoom(16) nor goPage(2) —
    nor the page's furniture (_furniture_calls; `ui`: its ui_functions): a tab bar's changeTab(2)
    titled 市政府办公室规范性文件目录 is no row."""
    names: set[str] = set()
    calls: dict[str, set[tuple[str, ...]]] = {}
    furniture = _furniture_calls(soup, ui)
    for tag in soup.find_all(("a", *_ROW_TAGS)):
        if not (script := _script_of(tag)).strip() or _link_words(tag) & _NEXT_TEXTS:
            continue
        for name, arguments in _plain_calls(script):
            if _furniture(name, arguments, furniture):
                continue
            if len(_title(tag)) >= _TITLE_CHARS:
                names.add(name)
            elif any(_ID_LIKE.fullmatch(argument) for argument in arguments):
                calls.setdefault(name, set()).add(tuple(arguments))
    return frozenset(names | {name for name, made in calls.items() if len(made) > 1})


def _script_of(tag: Tag) -> str:
    """The script a link or row runs when clicked: its onclick, and a javascript: href."""
    href = str(tag.get("href") or "").strip()
    return str(tag.get("onclick") or "") + " " + (href if href.startswith("javascript:") else "")


def _plain_calls(script: str) -> list[tuple[str, list[str]]]:
    """(function, arguments) of each call in `script` whose arguments are plain values (no array
    or object: _hmt.push(['_trackEvent', …]) is no document's id) and whose function may open one."""
    found = []
    for call in _CALL.finditer(script):
        if re.search(r"[\[\]{}]", call[2]) or _opens_no_document(call[1]):
            continue
        if arguments := [next(g for g in m.groups() if g is not None) for m in _ARGUMENT.finditer(call[2])]:
            found.append((call[1], arguments))
    return found


def _opens(tag: Tag, calls: ScriptCalls | None) -> str:
    """The URL a link or row opens: link_target's, else (given the source's script_url_template)
    the template filled from the arguments of the list's script call that opens it:
    openDetail('602') with "/detail.jsp?id={0}"."""
    if (href := link_target(tag)) or calls is None:
        return href
    for name, arguments in _plain_calls(_script_of(tag)):
        if name in calls.names:
            return json_record_url({str(n): value for n, value in enumerate(arguments)}, "", calls.template)
    return ""


def script_only_links(soup: BeautifulSoup | Tag, profile: Profile, source: str,
                      anchors: list[Tag | None] | None = None, ui: frozenset[str] = frozenset()) -> list[str]:
    """Titles of links that open a document through a script call with no URL in it
    (`onclick="openDetail('602')"`): policywatch cannot follow them, so it says so. `anchors`:
    the page's _anchors, when already found; `ui`: the page's ui_functions."""
    titles, calls, rows = [], script_calls(soup, profile, ui), _row_functions(soup, ui)
    furniture = _furniture_calls(soup, ui)
    for a in _anchors(soup, profile, source, ui) if anchors is None else anchors:
        if not isinstance(a, Tag) or _opens(a, calls):
            continue
        href = str(a.get("href") or "").strip()
        script = str(a.get("onclick") or "") + (href if href.startswith("javascript:") else "")
        script = re.sub(r"void\s*\(\s*0?\s*\)", "", script)
        title = _title(a)
        called = _plain_calls(script)
        # print/close/back buttons and empty anchors are not documents, nor a tab's or menu's
        # calls of the page's furniture (changeTab(2) under a title as long as a document's)
        if called and all(_furniture(name, arguments, furniture) for name, arguments in called):
            continue
        if re.search(r"\w+\s*\(", script) and not re.search(r"print|close|history|back", script, re.I) and (
                len(title) >= _TITLE_CHARS or any(name in rows for name, _ in called)):
            titles.append(title)
    return titles


def _title(a: Tag) -> str:
    title = str(a.get("title") or "").strip()
    if title:
        return title
    if a.name != "a":  # a row opened by its click handler: its longest text that is no date
        said = [t for t in a.stripped_strings if not _LINK_DATE.fullmatch(t)]
        return re.sub(r"\s+", " ", max(said, key=len, default=""))
    text = re.sub(r"\s+", " ", a.get_text(" ", strip=True))
    # <a><span>标题</span><span>2024-01-05</span></a>: the date is not part of the title
    bare = _LINK_DATE.sub(" ", text).strip(" []【】()（）")
    return bare if len(bare) >= 4 else text


def _listed_date(a: Tag, url: str) -> str:
    """The date shown next to the link in its row (li/tr/dd), else the date in its URL."""
    if date := _row_date(a):
        return date
    inside = _LINK_DATE.search(a.get_text(" ", strip=True))
    return parse_date(inside[0]) if inside else url_date(url)


def _row_date(a: Tag) -> str:
    """The date shown beside the link in its row (li/tr/dd/p), outside the link's own text; ""."""
    row = a if a.name != "a" else a.find_parent(["li", "tr", "dd", "p"])
    if row is None:
        return ""
    return parse_date(row.get_text(" ", strip=True).replace(a.get_text(" ", strip=True) if row is not a else _title(a), " "))


def url_date(url: str) -> str:
    for pattern in _URL_DATES:
        if m := pattern.search(url):
            return parse_date(f"{m[1]}-{m[2]}-{m[3]}")
    return ""


def dated_query(url: str) -> bool:
    """Whether `url`'s query holds a date or a year/month/day parameter (?month=2024-02): a
    calendar widget's next month, which a next-page arrow may be as well."""
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        name = name.strip().lower()
        if name in _DATE_PARAMETERS:
            return True
        # a value written with separators (2024-03, 2024/03/01) is a date whatever its parameter
        # is named (?start=2024-03-01); a bare run of digits (20000, 20240105) is one only outside
        # a pager's parameters, whose offsets and counts such digits may be
        if (date := _DATE_VALUE.fullmatch(value.strip())) and (date[1] or name not in _PAGER_PARAMETERS):
            return True
    return False


def next_page(soup: BeautifulSoup, *, page_url: str, html: str, profile: Profile, source: str) -> str:
    """URL of the next listing page, or "": next link, then createPageHTML(), then index_N guessing."""
    if profile.next_selector:
        for tag in select(soup, profile.next_selector, source):
            link = tag if tag.name == "a" else tag.find("a")
            if isinstance(link, Tag) and (href := link_target(link)):
                return urljoin(page_url, href)
    arrows = []  # links saying only ">" or "»": a pager's, or a 日历 widget's next month
    for a in soup.find_all("a"):
        if (said := _link_words(a) & _NEXT_TEXTS) and (href := link_target(a)):
            if not said <= _NEXT_ARROWS:
                return urljoin(page_url, href)
            arrows.append(href)
    numbers = dict(_JS_NUMBER.findall(html))
    for call in _PAGE_CALL.finditer(html):
        if not call[1] and (created := _created_page(call[2], page_url, numbers)) is not None:
            return created
    if (scripted := _scripted_index(html, page_url, numbers)) is not None:
        return scripted
    # a calendar's ">" opens the next month (?month=2024-02) for ever, each its own URL: taken
    # before the pager's script, the list served again there ended it early, its later pages lost
    # and the listing said complete. An arrow with a dated query comes last, after any other pager:
    # it may be the list's own (?date=2024-02&page=2, a monthly archive, ?offset=20000); where it
    # serves an earlier page again the walk says so (discover._walk_html, dated_query)
    if arrow := next((href for href in arrows if not dated_query(href)), ""):
        return urljoin(page_url, arrow)
    if jump := _select_jump(soup, page_url):
        return jump
    if arrows:
        return urljoin(page_url, arrows[0])
    if profile.guess_index_pages:
        return _guessed_index(page_url)
    return ""


def _select_jump(soup: BeautifulSoup, page_url: str) -> str:
    """The page after this one in a `<select onchange="location.href=this.value">` page jump (转到
    第N页), the only pager of some TRS and JSP lists: the option after the selected one (or after
    the one naming this page); "" on the last page or when the options are no page URLs."""
    here = canonicalize(page_url)
    for select_tag in soup.find_all("select"):
        if not _JUMP_SCRIPT.search(str(select_tag.get("onchange") or "")):
            continue
        options = [o for o in select_tag.find_all("option") if _PAGE_VALUE.search(str(o.get("value") or ""))]
        urls = [urljoin(page_url, str(o.get("value")).strip()) for o in options]
        current = next((i for i, o in enumerate(options) if o.has_attr("selected")), None)
        if current is None:
            current = next((i for i, u in enumerate(urls) if canonicalize(u) == here), None)
        if current is not None and current + 1 < len(urls):
            return urls[current + 1]
    return ""


def next_form(soup: BeautifulSoup, *, page_url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The next page of a list paged by submitting a form, as (URL, POST fields), else ("", ()).

    Its 下一页 opens no URL but calls a script: `__doPostBack('pager','2')` (ASP.NET WebForms) or
    `goPage(2)` that sets the form's pageNo and submits it (JSP). The fields are the form's own
    (hidden state such as __VIEWSTATE included), with the page turned; a GET form gives a URL."""
    call = next((script for a in soup.find_all("a") if _link_words(a) & _NEXT_TEXTS and not link_target(a)
                 and (script := str(a.get("onclick") or "") + str(a.get("href") or ""))), "")
    call = _VOID.sub("", call)
    if not call:
        return _submitted(soup, page_url)
    postback = _POSTBACK.search(call)
    number = postback[2] if postback else (m[1] if (m := _PAGE_ARGUMENT.search(call)) else "")
    if not number and not postback:
        return "", ()
    for form in soup.find_all("form"):
        fields = {str(i.get("name")): str(i.get("value") or "") for i in form.find_all("input")
                  if i.get("name") and str(i.get("type") or "text").lower() not in ("submit", "button", "image", "reset")}
        if postback and "__EVENTTARGET" in fields:
            fields.update({"__EVENTTARGET": postback[1], "__EVENTARGUMENT": postback[2]})
        elif page_field := next((name for name in fields if name.lower() in _FORM_PAGE_FIELDS), None):
            fields[page_field] = number
        else:
            continue
        action = urljoin(page_url, str(form.get("action") or "").strip() or page_url)
        if str(form.get("method") or "get").lower() != "post":
            return with_query(action, **fields), ()
        return action, tuple(fields.items())
    return "", ()


# a form's buttons: what submits it (an <input type="submit">, an image button, a <button>), and
# the fields a submission leaves out (the other buttons, and unchecked boxes)
_SUBMITS = frozenset(("submit", "image"))
_NOT_SENT = frozenset(("submit", "button", "image", "reset", "file"))


def _submitted(soup: BeautifulSoup, page_url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The next page of a list whose 下一页 is a form's submit button (<input type="submit"
    value="下一页">, a <button>, or a button whose click submits its form), as (URL, POST fields):
    the form sent as a browser sends it, its hidden fields as they are (the page number in them
    already the next one) and the button's own name=value; ("", ()) when there is none, or it is
    disabled (the last page)."""
    for button in soup.find_all(("input", "button")):
        kind = str(button.get("type") or ("submit" if button.name == "button" else "text")).lower()
        said = {w.strip().lower() for w in (str(button.get("value") or ""), button.get_text(strip=True),
                                            str(button.get("title") or ""), str(button.get("alt") or "")) if w.strip()}
        if not said & _NEXT_TEXTS or button.has_attr("disabled"):
            continue
        if kind not in _SUBMITS and not re.search(r"\bsubmit\s*\(", str(button.get("onclick") or "")):
            continue
        form = button.find_parent("form")
        if form is None and (owner := str(button.get("form") or "")):
            form = soup.find("form", id=owner)
        if not isinstance(form, Tag):
            continue
        fields = _form_data(form)
        if button.get("name"):
            name = str(button.get("name"))
            if kind == "image":  # an image button sends where it was clicked (ASP.NET's ImageButton fires on .x)
                fields.extend(((f"{name}.x", "0"), (f"{name}.y", "0")))
            else:
                fields.append((name, str(button.get("value") or "")))
        action = urljoin(page_url, str(button.get("formaction") or form.get("action") or "").strip() or page_url)
        method = str(button.get("formmethod") or form.get("method") or "get").lower()
        if method != "post":
            return with_query(action, **dict(fields)), ()
        return action, tuple(fields)
    return "", ()


def _form_data(form: Tag) -> list[tuple[str, str]]:
    """The fields a browser sends for `form`, in the page's order: its inputs but buttons, files
    and unchecked boxes; each <select>'s selected option (else its first: a filter the page shows
    chosen, such as a year, narrows each page alike); each <textarea>'s text. Disabled ones are
    never sent."""
    fields = []
    for control in form.find_all(("input", "select", "textarea")):
        name = str(control.get("name") or "")
        if not name or control.has_attr("disabled") or any(f.has_attr("disabled") for f in control.find_parents("fieldset")):
            continue
        if control.name == "textarea":
            fields.append((name, control.get_text()))
        elif control.name == "select":
            options = control.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not control.has_attr("multiple"):
                # the chosen one among all (a disabled `请选择` placeholder selected sends nothing)
                chosen = chosen[-1:] or [o for o in options if not o.has_attr("disabled")][:1]
            fields.extend((name, str(o.get("value")) if o.has_attr("value") else o.get_text(" ", strip=True))
                          for o in chosen if not o.has_attr("disabled"))
        elif (kind := str(control.get("type") or "text").lower()) not in _NOT_SENT and (
                kind not in ("checkbox", "radio") or control.has_attr("checked")):
            # a box checked without a value is sent as `on`, as a browser sends it
            default = "on" if kind in ("checkbox", "radio") else ""
            fields.append((name, str(control.get("value") if control.has_attr("value") else default)))
    return fields


def _link_words(a: Tag) -> set[str]:
    """What a link says: its text, else its title or its image's alt (an arrow image for 下一页)."""
    img = a.find("img")
    said = [a.get_text(strip=True), str(a.get("title") or ""), str(img.get("alt") or "") if isinstance(img, Tag) else ""]
    return {w.strip().lower() for w in said if w.strip()}


def _created_page(args: str, page_url: str, numbers: dict[str, str]) -> str | None:
    """TRS `createPageHTML(count, current, "index", "html")` (also with a leading container id,
    and with variables for the numbers: `numbers` holds the page's `var NAME = N` values): the
    next page, "" on the last one, None when the arguments are not a page count and index."""
    # a number may come quoted (createPageHTML("5","0","index","html")): an argument all digits is
    # a number however written; the words are the quoted arguments that are not
    unquoted = [a.strip().strip("\"'") for a in args.split(",") if a.strip()]
    ints = [int(numbers.get(a, a)) for a in unquoted if numbers.get(a, a).isdigit()]
    strings = [a for a in re.findall(r"[\"']([^\"']*)[\"']", args) if not a.isdigit()]
    if len(ints) < 2 or len(strings) < 2:
        return None
    count, current = ints[0], ints[1]
    prefix, ext = strings[-2], strings[-1]
    if current + 1 >= count:
        return ""
    return urljoin(page_url, f"{prefix}_{current + 1}.{ext}")


def _scripted_index(html: str, page_url: str, numbers: dict[str, str]) -> str | None:
    """The next index_N page of a TRS list whose script writes its own page links from `var
    countPage = N` and `var currentPage = M`; "" on the last page; None for another kind of page."""
    count = next((numbers[n] for n in _COUNT_VARS if n in numbers), None)
    current = next((numbers[n] for n in _CURRENT_VARS if n in numbers), None)
    if count is None or current is None or "index_" not in html:
        return None
    if int(current) + 1 >= int(count):
        return ""
    m = _INDEX_PAGE.search(urlsplit(page_url).path)
    return urljoin(page_url, f"index_{int(current) + 1}.{m[3] if m else 'html'}")


def _guessed_index(page_url: str) -> str:
    path = urlsplit(page_url).path
    if path.endswith("/"):
        return urljoin(page_url, "index_1.html")
    m = _INDEX_PAGE.search(path)
    if not m:
        return ""
    number = int(m[2] or 0) + 1
    return urljoin(page_url, f"index_{number}.{m[3]}")
