"""HTML documents: the body container, its clean text, attachment links, stub detection, metadata."""

from __future__ import annotations

import functools
import gc
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag, XMLParsedAsHTMLWarning
from soupsieve import SelectorSyntaxError

from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract.layout import icon_state, render_lines
from policywatch.extract.rules import ExtractRules
from policywatch.extract.sniff import ATTACHMENT_SUFFIXES
from policywatch.extract.soup import release_tree, tree_builder
from policywatch.grammar import starts_clause
from policywatch.grammar.dates import DATE_NUM
from policywatch.model import DocumentMetadata, ExtractedDocument, Link

if TYPE_CHECKING:
    from policywatch.config import ExtractSettings

# The usual body containers of Chinese government CMSs, most specific first (govsites.md §2).
BODY_CONTAINERS = (
    "#UCAP-CONTENT", ".trs_editor_view", ".TRS_UEDITOR", ".TRS_Editor", "#zoom", "#Zoom",
    ".xxgk-content", ".article-content", ".article-con", ".content-box", ".detail-content",
    ".pub-detail", "#ivs_content", ".Article_content", ".main-txt", ".bt-content", "#content",
    ".zwxl-article", "article",
)
# Blocks inside a body that are page furniture, matched on class or id.
_FURNITURE = re.compile(
    r"share|bdshare|fenxiang|print|dayin|related|xgwz|xglj|xgxx|qrcode|erweima|ewm|scan|"
    r"counter|visit|view-?count|pagination|toolbar|font-?size|zihao|breadcrumb|crumb|position|"
    r"sidebar|footer|header|nav",
    re.I,
)
# A short line that ends the body: everything after it is furniture.
_TAIL_MARKERS = re.compile(
    r"^[【\[（(]?\s*(?:相关附件|相关链接|相关文件|相关阅读|相关新闻|相关稿件|相关解读|扫一扫|打印本页|关闭窗口|"
    r"分享到|上一篇|下一篇|责任编辑)|^[【\[（(]?\s*(?:打印|关闭)\s*[】\]）)]?$"
)
# A link to the neighbouring article ("上一篇：关于…的通知"): it ends the body however long the
# neighbour's title is (a body line never opens with these words and a colon).
_NEIGHBOUR_LINK = re.compile(r"^[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|上一页|下一页)\s*[】\]]?\s*[:：]")
# A tail marker ends the body only after this much text: above the text (a 分享到 bar or 扫一扫 at
# the top of the body container) it would cut the whole body away.
TEXT_BEFORE_TAIL = 20
# Short lines that are counters or tool links wherever they appear.
_COUNTER_LINE = re.compile(
    r"^.{0,20}(?:浏览次数|访问次数|阅读次数|点击数|点击量|浏览量|阅读量|访问量|阅读)\s*[:：]\s*\d*.{0,20}$"
)
# A page's info bar ("发布日期：2023-07-05 来源：某局 浏览次数：1234 【字体：大 中 小】") inside the
# body container: a short line with a counter field and no sentence in it. Its counter moves on
# every visit, so the line is furniture however much else it says.
_COUNTER_FIELD = re.compile(r"(?:浏览|访问|阅读|点击)(?:次数|数|量)?\s*[:：]\s*[\[【(（]?\s*\d*\s*[\]】)）]?(?:\s|次|$)")
_SENTENCE_MARKS = "。；！？"
_SENTENCE_MARK = re.compile(f"[{_SENTENCE_MARKS}]")
# A page clock or print stamp ("当前时间：2024-01-02 11:00:01", "今天是：2024年1月2日 星期二"):
# a label, one date (grammar.dates), a time of day or a weekday, and nothing else.
_CLOCK_LABEL = re.compile(r"^[【\[]?(?:当前时间|现在时间|系统时间|当前日期|今天是|今天|今日|打印时间|打印日期)\s*[:：]?")
_CLOCK_REST = re.compile(r"^[日号]?[\s\d:：时分秒]*(?:(?:星期|周)[一二三四五六日天])?\s*[】\]]?$")
# Words of font-size, print, close and share rows ("【字体：大 中 小】 【打印】 【关闭】").
_TOOL_WORDS = frozenset(
    ["字体", "字号", "大", "中", "小", "默认", "打印", "打印本页", "关闭", "关闭窗口", "分享", "分享到", "收藏", "返回顶部", "保存", "纠错", "我要纠错", "微信", "微博", "QQ空间",
     "QQ好友", "QQ", "新浪微博", "腾讯微博", "微信朋友圈", "朋友圈", "人民微博", "复制链接", "复制网址"]
)
# A sentence's end in a page's own text, full-width or ASCII: a page holding one is no hollow
# frame holder.
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}!?;]")
# A font-size control ("字体：大 中 小", "【字号：大 中 小】"): only ever part of a page's tool or info
# bar ("发布时间：2024-01-05 【字体：大 中 小】【打印】"); what else shares its line is kept when it is
# not the bar's own fields (clean_lines).
_FONT_CONTROL = re.compile(r"(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*[|｜/]?\s*中\s*[|｜/]?\s*小")
# A button of a tool bar, in brackets: 【打印】, [关闭窗口], 【】 left by a removed 字体 control.
_TOOL_BUTTON = re.compile(r"[【\[]\s*[^】\]\s]{0,6}\s*[】\]]")
_BAR_EDGES = " \t\u3000\xa0|｜/【】[]"
# What opens an info bar: its date, source, author or counter label.
_INFO_BAR_START = re.compile(r"(?:(?:发布|成文|印发|更新)?(?:时间|日期)|(?:信息)?来源|作者|发布机构|浏览次数|阅读次数|点击量|访问量)\s*[:：]")
TOOL_BAR_CHARS = 80  # an info bar is one short line; a longer one is text that happens to say 字体
_TOOL_SEPARATORS = r"\s【】\[\]()（）|｜/:：、,，"
_TOOL_SPLIT = re.compile(f"[{_TOOL_SEPARATORS}]+")
# A character no tool word holds and no separator is: a line with one is no tool row, known
# without splitting it into words (the split was most of clean_lines' time on a long page)
_NOT_TOOL_CHAR = re.compile(f"[^{_TOOL_SEPARATORS}{re.escape(''.join(sorted(set(''.join(_TOOL_WORDS)))))}]")
# The share links of a toolbar are often adjacent inline elements: "QQ好友新浪微博腾讯微博"
_TOOL_RUN = re.compile("(?:" + "|".join(sorted(map(re.escape, _TOOL_WORDS), key=len, reverse=True)) + ")+")
_ATTACHMENT_URL = re.compile(r"downloadfile\.jsp|download\.jsp|downfile\.jsp|/download\?|filedownload|getfile", re.I)
# download scripts and the pages they are not (a link saying 下载 to an .html page is a page)
_SCRIPT_PATH = re.compile(r"\.(?:jsp|do|action|aspx?|ashx|php|cgi)$|/(?:download|attachment|file)s?/", re.I)
_PAGE_PATH = re.compile(r"\.s?html?$", re.I)
# link texts that say "a file" without naming it: its name is in the file (or its Content-Disposition)
GENERIC_FILE_LINK = re.compile(r"[\[【(（]?\s*(?:点击|点此|请)?(?:下载附件|附件下载|下载|查看附件|查看|打开|附件\s*\d*)\s*[\]】)）]?")
_ATTACHMENT_BLOCK = re.compile(r"fujian|fj|attach|xgbd|appendix|file", re.I)
_STUB_WORDS = re.compile(r"点击下载|详见附件|见附件|点击查看|附件下载|请下载")
# Numbered clauses (一、 （一） 第一条): a body that has them is a document, not a pointer.
_OWN_CLAUSE = frozenset({"cn", "pcn", "chapter", "article"})  # marker families (policywatch.grammar)
# A literal URL opened by an onclick handler: window.open('/art/…'), location.href = "…".
_ONCLICK_URL = re.compile(
    r"""(?:window\.open|(?:window\.|document\.)?location(?:\.href)?\s*=|location\.(?:assign|replace))\s*\(?\s*(["'])([^"']+)\1"""
)
# A URL a script-driven link keeps in a data- attribute (<a href="javascript:;" data-url="/art/…">,
# data-href, data-link: jQuery and Vue list templates open it on click): an absolute or
# rooted URL, or a relative one naming a page or script.
_DATA_URL = re.compile(r"(?:https?://|\.{0,2}/)[^\s<>\"']+|[\w.\-/]+\.(?:s?html?|jsp|aspx?|php|do)(?:\?[^\s<>\"']*)?")
_DATA_URL_NAMES = ("data-url", "data-href", "data-link")
# A hash route's path names a document: two steps or more (`/detail/123`, `!/art/1`), or a digit.
_ROUTED = re.compile(r"[^/!\s]/+[^/\s]|\d")
# a word of an attribute's or a field's name naming a picture or media, never a link: data-img,
# data-thumb-src, picUrl, video_url (a whole word: data-topic-url holds "pic" and is a link)
_MEDIA_WORDS = frozenset({"src", "img", "image", "images", "pic", "pics", "picture", "thumb", "thumbnail", "icon",
                          "cover", "poster", "photo", "video", "audio", "logo", "avatar", "bg"})
_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# a picture, style sheet, script or media file: no document page
_STATIC_FILE = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|svg|ico|css|js|mp4|mp3|flv|swf|woff2?|ttf)(?:[?#]|$)", re.I)
# Below this many characters (spaces excluded) a body with attachments is only a pointer to them.
STUB_CHARS = 300
# A 信息公开 block is a dozen labelled rows, a few hundred nodes. A table with more is content (a
# funding list of 20,000 rows): it is not rendered just to find that its lines are not labels.
METADATA_BLOCK_NODES = 2_000


# Deeper than this, elements are flattened into paragraphs of their text. Real pages nest a few
# dozen levels; thousands of nested tables (broken or hostile markup) would make every walk from
# an element to its ancestors, and every nested block rendered, cost depth × elements.
MAX_DEPTH = 256
_UNREAD = frozenset(("script", "style", "noscript", "template"))  # dropped from every parsed page


# An XML document (sniffed `xml`: a ZIP member, a page served as XML) is read with the HTML parser
# on purpose: everything after the parse (body containers, block layout, metadata labels) walks an
# HTML tree, and the HTML parser recovers from the broken markup those files often hold. bs4
# warns on every such parse, and from inside a bundle (read in the sandbox child) the warning went
# to the command's stderr: a library's advice is no part of CLI output. Only this category is
# silenced, once at import (a filter, unlike catch_warnings, is safe with threads).
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)


def parse_html(text: str) -> BeautifulSoup:
    """An HTML page's tree (lxml), without script/style/noscript/template and at most MAX_DEPTH deep."""
    soup = BeautifulSoup(text, builder=tree_builder())  # BeautifulSoup(text, "lxml")'s tree, with less Python per element
    # one walk both drops the unread elements and bounds the depth: a 150,000-row table is a
    # million elements, and every walk of them counts
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        for child in [c for c in node.contents if isinstance(c, Tag)]:
            if child.name in _UNREAD:
                child.decompose()
            elif depth + 1 < MAX_DEPTH:
                kids = child.contents
                if len(kids) > 1 or (kids and isinstance(kids[0], Tag)):  # a leaf (<p>text</p>) has nothing to walk
                    stack.append((child, depth + 1))
            elif any(isinstance(d, Tag) and d.name not in _UNREAD for d in child.contents):
                _flatten(soup, child)  # renders without what is under it in _UNREAD (layout.SKIP_TAGS)
            else:
                for unread in [d for d in child.contents if isinstance(d, Tag)]:
                    unread.decompose()
    return soup


def _flatten(soup: BeautifulSoup, tag: Tag) -> None:
    """Replace what is inside `tag` by one <p> per line of its rendered text."""
    lines = render_lines(tag).split("\n")
    tag.clear()
    for line in lines:
        paragraph = soup.new_tag("p")
        paragraph.string = line
        tag.append(paragraph)


def extract_html(text: str, *, url: str, rules: ExtractRules | None = None) -> ExtractedDocument:
    """Body text, metadata and attachment links of one HTML page."""
    return _extract_html(text, url=url, rules=rules or ExtractRules())


# The cycle collector, paused while a large page is parsed and read (read_large_page). bs4 makes a few objects per node,
# all alive until the page is read, and the collector keeps walking them as the tree grows: on a
# 60,000-row table page (8.7 MB) it cost ~2 of the parse's ~7.5 CPU seconds and found nothing to
# free. The page's tree is unlinked when read (release_tree), so it is not left to the collector.
@contextmanager
def _collector_paused() -> Iterator[None]:
    """Only the sandbox child calls this (read_large_page), one page at a time, so no count of
    overlapping pauses is kept: the collector is turned back on if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _extract_html(text: str, *, url: str, rules: ExtractRules) -> ExtractedDocument:
    return _read_tree(parse_html(text), url=url, rules=rules)


def _read_tree(soup: BeautifulSoup, *, url: str, rules: ExtractRules) -> ExtractedDocument:
    _remove(soup, rules.ignore_selectors, url)
    # the page's elements, walked once: the steps below pick theirs from this list instead of
    # each walking the whole tree again (ten walks of every element of a 150,000-row table)
    tags = elements(soup)
    # the whole page as lines, rendered once: its labels give metadata, and which label gave the
    # 文号 (probe shows it); read before the metadata blocks are removed
    page_lines = render_lines(soup.body or soup, empty_cells=True, labels=True)
    page_meta = page_metadata(soup, page_lines, tags=tags)
    owner = _OwnBoxes(page_meta)
    if _disown_states(tags, owner):  # read again without another document's state icons
        page_lines = render_lines(soup.body or soup, empty_cells=True, labels=True)
        page_meta = page_metadata(soup, page_lines, tags=tags)
    if page_meta.validity and (foreign := _foreign_states(soup, owner)):
        page_meta = _validity_without(soup, foreign, page_meta, tags)
    body, warnings = _body(soup, rules.body_selector, url, tags)
    attachments = _attachments(soup, body, url, tags)
    in_body = elements_under(tags, body)
    for block in _furniture(in_body) + _metadata_blocks(in_body):
        block.decompose()
    lines = clean_lines(render_lines(body), rules.ignore_patterns)
    text_meta = meta.from_text(lines)
    # the page's own labels and tags first; what the body text says fills the gaps, and last what
    # only a class or id names: a value the page states by label or in its text is never overridden
    marked, marks = _marked_values(tags, owner)
    if text_meta.title and _site_named(soup, page_meta.title) and meta.ends_like_title(text_meta.title) \
            and _opens_text(lines, text_meta.title):
        # <title> names only the site (松岭县人民政府) and nothing else on the page the document:
        # the title the text opens with (its red header's 关于… line, before any sentence; one
        # after a sentence heads an attached 办法) is the document's
        page_meta = replace(page_meta, title="")
    doc_meta = page_meta.merged(text_meta).merged(marked)
    return ExtractedDocument(
        url=url,
        format="html",
        text=lines,
        metadata=doc_meta,
        attachments=attachments,
        is_stub=is_stub(lines, attachments),
        warnings=tuple(warnings),
        origins=(("doc_number", meta.doc_number_origin(page_meta, text_meta, page_lines, marks.get("doc_number", ""))),)
        if doc_meta.doc_number else (),
    )


def read_large_page(body: bytes, *, url: str, limits: ExtractSettings,
                    rules: ExtractRules | None = None) -> ExtractedDocument:
    """extract_html as a sandbox reader ("large_html"): `body` is the page's text in UTF-8, decoded
    by the parent. `limits` are the child's to enforce; the text is checked against them after.
    The cycle collector is paused while it reads (_collector_paused): only here, where the page is
    large and the process its own. Paused in a crawl's threads, overlapping extractions could keep
    it off for good, and every page's tree (cyclic: bs4 links parents and children) with it."""
    # its tree costs ~560 bytes a tag (measured: bs4 over lxml); a page whose tree would need
    # several times the child's memory is refused by its count, at once: building it ran into the
    # memory limit as a SIGSEGV inside lxml, reported as the reader's crash (unsupported), not as a
    # page too large. A page near the limit is still tried: the memory limit says if it fits.
    tags = body.count(b"<")
    if tags * _TAG_BYTES > limits.memory_mb * 1024 * 1024 * _TREE_SHARE:
        from policywatch.extract.limits import ExtractRefused

        raise ExtractRefused("too_large", f"{url}: a page of {tags} tags, whose tree would need several times "
                                          f"the extraction child's memory limit (extract.memory_mb = "
                                          f"{limits.memory_mb} MiB)")
    with _collector_paused():
        soup = parse_html(body.decode("utf-8"))
        try:
            return _read_tree(soup, url=url, rules=rules or ExtractRules())
        finally:
            # the tree, freed as it is dropped rather than by the collection that turning the
            # collector back on starts: unlinking it costs about half of what that collection of
            # every node did (0.2 of 0.37 CPU seconds on a page of 300,000 paragraphs). Dropped
            # here, while the collector is still paused: that collection would walk it if alive
            release_tree(soup)
            del soup


_TAG_BYTES = 600  # a page's tree per tag, with the text it holds
_TREE_SHARE = 3  # times the child's address space: past it, no trying; below, the memory limit decides


def page_metadata(soup: BeautifulSoup, page_lines: str, *, tags: list[Tag] | None = None) -> DocumentMetadata:
    """Metadata from the page's 信息公开 block (in `page_lines`, the page's body rendered by
    render_lines), then its <meta> tags, then <title>/<h1>. `tags`: elements(soup), when the
    caller has walked the page already."""
    tags = elements(soup) if tags is None else tags
    named = {
        str(m.get("name", "")).lower(): str(m.get("content", ""))
        for m in named_in(tags, "meta") if m.get("name")
    }
    # a 名称 cell names the title only where no heading does: in a body table (名称⇥…征求意见稿)
    # it named another document, and the <h1> above it is the page's
    # (a heading of a title's length: a column's name, <h2>通知公告</h2>, heads no document)
    headed = any(len(text := heading_text(tag)) >= _TITLE_HEADING_CHARS and meta.ends_like_title(text)
                 for tag in named_in(tags, "h1", "h2"))
    labelled = meta.from_labels(page_lines, headed=headed)
    return labelled.merged(meta.from_meta_tags(named)).merged(DocumentMetadata(title=_page_title(soup, tags)))


def _marked_values(tags: list[Tag], owner: _OwnBoxes) -> tuple[DocumentMetadata, dict[str, str]]:
    """Fields of the elements whose class or id names them (metadata.CLASS_FIELDS): a page that
    labels its fields in English or not at all (<span class="pubdate">2022-11-08</span>), and the
    mark each came from. Not an element in page furniture (a footer's publisher, a related list:
    is_furniture, the rule the body's furniture is removed by) nor one beside a link in its list
    entry, row or paragraph: that value is the linked document's (a 解读's 文号, a 相关文件's date).
    A 有效性 counts only in this page's own box (`owner`)."""
    marked = ((field, mark, functools.partial(_own_value, tag, owner if field == "validity" else None)) for tag in tags
              if tag.attrs and (mark := _mark_word(tag)) and (field := meta.marked_field([mark])))
    return meta.from_marked(marked)


def _disown_states(tags: list[Tag], owner: _OwnBoxes) -> bool:
    """Take the class off every state icon (layout.icon_state: <span class="yxx shixiao">) that
    is not in this page's own metadata (_OwnBoxes): a list of other documents (相关文件, 热点, a
    sidebar) marks each entry's state by the same icon, and read as the page's (by its label or
    by its class) it made the page 失效. True when one was taken off: the labels are read again."""
    changed = False
    for tag in tags:
        if tag.attrs and "class" in tag.attrs and icon_state(tag) and not owner.owns(tag):
            del tag["class"]
            changed = True
    return changed


def _foreign_states(soup: BeautifulSoup, owner: _OwnBoxes) -> list[Tag]:
    """The boxes of other documents (a related list's entry: `<li><a>…</a> 有效性：失效</li>`) whose
    text labels a 有效性: the page's labels are read first come, first served, and the entry's
    state became the page's."""
    words = meta.LABELS["validity"]
    found: dict[int, Tag] = {}
    for string in (soup.body or soup).strings:
        if type(string) is NavigableString and string.parent is not None and any(word in string for word in words) \
                and (box := owner.foreign_box(string.parent)) is not None:
            found.setdefault(id(box), box)
    return list(found.values())


def _validity_without(soup: BeautifulSoup, foreign: list[Tag], page: DocumentMetadata,
                      tags: list[Tag]) -> DocumentMetadata:
    """`page` with the 有效性 its labels give once the boxes of other documents are out of the
    page (each put back in its place after): only that field, the others as first read."""
    holders = []
    for box in foreign:
        holder = soup.new_tag("span")
        box.replace_with(holder)
        holders.append((holder, box))
    try:
        lines = render_lines(soup.body or soup, empty_cells=True, labels=True)
    finally:
        for holder, box in holders:
            holder.replace_with(box)
    return replace(page, validity=page_metadata(soup, lines, tags=tags).validity)


# an ancestor this large, or this far above the mark, is the page's layout, no box of fields or
# of other documents
_BOX_NODES = 5_000
_BOX_LEVELS = 12
_BOX_CHARS = 2_000


_LIST_ENTRIES = ("li", "tr")
_LISTS = ("ul", "ol", "table", "tbody")
# a link that offers an action on this page's document (查看新修订的…全文, 点击下载), not another document
_ACTION_LINK = re.compile(r"(?:查看|点击|详见|阅读|下载|打印)")
_PROSE_CHARS = 8  # CJK characters outside links and headings: a sentence or the page's fields, no list entry
_CJK = re.compile(r"[\u4e00-\u9fa5]")


def _linked(tag: Tag) -> bool:
    return any(_document_link(a) for a in tag.find_all("a", href=True))


_NOT_SAID = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})


def _said_by(string: NavigableString, box: Tag) -> bool:
    """True when `string` is `box`'s own text: in no link or heading inside it."""
    node = string.parent
    while node is not None and node is not box:
        if node.name in _NOT_SAID:
            return False
        node = node.parent
    return True


def _other_documents(box: Tag, lists: dict[tuple[int, str | None], bool]) -> bool | None:
    """False when `box` (holding a document link) is a box of other documents: an entry of a
    list whose entries each link one (相关文件, 热点: an <li> of them, the <ul>; a heading entry
    without a link left out), or a block (<div class="item">) that opens with its link. None (the
    box says nothing, its parents are asked) when it is not: a box that states something before
    its first link — a state (有效性：已废止（依据<a>…决定</a>）, 本文件已被<a>…</a>废止 after an icon),
    or a sentence (the body with a 解读 link) — or whose links act on the page (查看新修订的…全文).
    `lists` keeps each list's verdict (_list_of_others): asked for every entry, a list of 6,000
    rows was read 6,000 times."""
    links = [a for a in box.find_all("a", href=True) if _document_link(a)]
    if not links or all(_ACTION_LINK.match(a.get_text(strip=True)) for a in links):
        return None
    if box.name not in _LIST_ENTRIES and box.name not in _LISTS and _holds_a_list_of_others(box, links, lists):
        return False  # a box around a list of other documents (<h3>热点</h3>, an icon, <ul>…): theirs
    if _states_before(box, links[0]):
        return None
    if box.name in _LIST_ENTRIES and box.parent is not None:
        return False if _list_of_others(box.parent, box.name, lists) else None
    if box.name in _LISTS:
        return False if _list_of_others(box, None, lists) else None
    return False


def _list_of_others(holder: Tag, entry: str | None, lists: dict[tuple[int, str | None], bool]) -> bool:
    """Whether each entry of the list `holder` links a document, a heading entry (no link, a few
    words: <li class="hd">相关文件</li>, a caption row) aside: its children named `entry` (an
    <li>'s or <tr>'s siblings), else every li/tr under it. Judged once per list and kind."""
    key = (id(holder), entry)
    if key not in lists:
        rows = ([kid for kid in holder.children if isinstance(kid, Tag) and kid.name == entry] if entry
                else holder.find_all(("li", "tr")))
        lists[key] = all(_linked(row) or len(row.get_text(strip=True)) <= _PROSE_CHARS for row in rows)
    return lists[key]


_STATE_WORDS = re.compile(r"失效|废止|有效|停止执行|修订|修改")


def _holds_a_list_of_others(box: Tag, links: list[Tag], lists: dict[tuple[int, str | None], bool]) -> bool:
    """True when every document link of `box` is in one list (ul/ol/table) of it whose entries
    each link a document."""
    holder = links[0].find_parent(_LISTS)
    if holder is None or not any(parent is box for parent in holder.parents):
        return False
    if any(not any(parent is holder for parent in link.parents) for link in links[1:]):
        return False
    return _list_of_others(holder, None, lists)


def _states_before(box: Tag, link: Tag) -> bool:
    """True when `box` says something of its own before `link`: a state (its label, a state word,
    an icon) or a sentence (_PROSE_CHARS CJK characters outside links and headings)."""
    said = []
    for node in box.descendants:
        if node is link:
            break
        if isinstance(node, Tag) and node.attrs and icon_state(node):
            return True
        if type(node) is NavigableString and _said_by(node, box):
            said.append(str(node))
    text = "".join(said)
    return (bool(_STATE_WORDS.search(text)) or any(word in text for word in meta.LABELS["validity"])
            or len(_CJK.findall(text)) >= _PROSE_CHARS)


class _OwnBoxes:
    """Whether a state mark (an icon, a marked 有效性 value) belongs to this page's own metadata,
    judged by the nearest box around it that says whose it is: a box holding this page's
    索引号 or 发文字号 (its labels read as the page's, `page`) or its title (an <h1>, or a heading
    worded as the page's title) is the page's; one holding a link to another document and
    neither is a list of other documents (相关文件, 热点, a sidebar). Up to the page's layout (a
    block too large or too far up to be a box), nothing said otherwise: the page's. Each box is
    judged once a page: a list of 10,000 marked rows asks about the same few boxes."""

    def __init__(self, page: DocumentMetadata) -> None:
        self.page = page
        self.verdicts: dict[int, bool | None] = {}  # id(box) -> own, other's, or says nothing
        self.lists: dict[tuple[int, str | None], bool] = {}  # see _list_of_others

    def owns(self, tag: Tag) -> bool:
        return self.foreign_box(tag) is None

    def foreign_box(self, tag: Tag) -> Tag | None:
        """The box around `tag` that makes it another document's (a list entry holding its
        link), or None when `tag` is the page's."""
        for box in islice(tag.parents, _BOX_LEVELS):
            verdict = self.verdicts.get(id(box), ...)
            if verdict is ...:
                verdict = self.verdicts[id(box)] = self._judge(box)
            if verdict is not None:
                return None if verdict else box
        return None

    def _judge(self, box: Tag) -> bool | None:
        if box.name in ("body", "html") or next(islice(box.descendants, _BOX_NODES, None), None) is not None:
            return True
        if self._states_page_fields(box) or self._holds_title(box):
            return True
        return _other_documents(box, self.lists)

    def _states_page_fields(self, box: Tag) -> bool:
        """True when `box` (short) labels this page's own 索引号 or 发文字号."""
        page = self.page
        if not (page.index_no or page.doc_number):
            return False
        text = render_lines(box, empty_cells=True, labels=True)
        if len(text) > _BOX_CHARS:
            return False
        found = meta.from_labels(text)
        return bool((found.index_no and found.index_no == page.index_no)
                    or (found.doc_number and found.doc_number == page.doc_number))

    def _holds_title(self, box: Tag) -> bool:
        """True when `box` holds the page's heading: an <h1>, or a heading worded as the page's title."""
        if box.find("h1") is not None:
            return True
        title = self.page.title
        return bool(title) and any(heading_text(h) == title for h in box.find_all(("h2", "h3", "h4")))


def _own_value(tag: Tag, owner: _OwnBoxes | None = None) -> str:
    """A marked element's text, "" when it is long, furniture or beside a link, or (given the
    page's labelled fields, for a state) outside the page's own box. Judged only when
    from_marked asks (not for the 30,000 cells of a column it knows already), text first: it
    stops at metadata.VALUE_CHARS, where the link search reads the whole element."""
    text = _short_text(tag) or _icon_value(tag)
    if not text or _site_furniture(tag) or _beside_link(tag):
        return ""
    return "" if owner is not None and not owner.owns(tag) else text


def _icon_value(tag: Tag) -> str:
    """The 有效性 a marked element without text states by its own class or its one icon's
    (<span class="yxx youxiao"></span>, <li class="yxx"><i class="icon-shixiao"></i></li>)."""
    if state := icon_state(tag):
        return state
    kids = [kid for kid in tag.contents if not isinstance(kid, NavigableString) or kid.strip()]
    return icon_state(kids[0]) if len(kids) == 1 and isinstance(kids[0], Tag) else ""


# a detail page's own header (article-header, detail-header) is where its date stands: only the
# site's header, nav and the other furniture blocks hold other documents' values
_OWN_HEADER = re.compile(r"(?:article|detail|content|news|doc|info|main)[-_]?(?:header|head|hd)", re.I)


def _site_furniture(tag: Tag) -> bool:
    """is_furniture/in_furniture for a marked value, a detail page's own header not counted."""
    return any(isinstance(block, Tag) and block.name not in ("body", "html") and is_furniture(block)
               and not _OWN_HEADER.search(" ".join([*block.get("class", []), str(block.get("id", ""))]))
               for block in (tag, *tag.parents))


def _mark_word(tag: Tag) -> str:
    """The first of `tag`'s class and id words that names a field, or ""."""
    return next((word for word in [*tag.get("class", []), str(tag.get("id", ""))] if meta.marked_field([word])), "")


def _short_text(tag: Tag) -> str:
    """`tag`'s text, or "" once its strings pass metadata.VALUE_CHARS: read string by string, so
    250 marked elements nested in each other are not each rendered whole."""
    parts: list[str] = []
    size = 0
    for string in tag.strings:
        size += len(string.strip())
        if size > meta.VALUE_CHARS:
            return ""
        parts.append(string)
    return " ".join(part.strip() for part in parts if part.strip())


# the blocks whose other content a marked value describes along with it
_ENTRY_TAGS = frozenset(("li", "tr", "p", "dd", "dt"))


def _beside_link(tag: Tag) -> bool:
    """True when `tag`, or the list entry, table row or paragraph holding it, holds a link to
    another document (a related list's entry). Print, close, font-size and share links, script
    and in-page links and attachments are the page's own tools and files: a date beside them
    is the page's."""
    if any(_document_link(a) for a in tag.find_all("a", href=True)):
        return True
    entry = next((p for p in tag.parents if p.name in _ENTRY_TAGS), None)
    return entry is not None and any(_document_link(a) for a in entry.find_all("a", href=True))


_NOT_A_DOCUMENT_HREF = re.compile(r"^\s*(?:javascript:|#|$)|\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|txt|ceb)(?:[?#]|$)",
                                  re.I)
_TITLE_CHARS = 5  # 打印, 关闭, 大 中 小, 微博, 附件1: a tool's or a file's name; a document's title is longer


def _document_link(link: Tag) -> bool:
    return (not _NOT_A_DOCUMENT_HREF.search(str(link.get("href", "")))
            and len(link.get_text(strip=True)) >= _TITLE_CHARS)


# What joins a page's title to its site's name in <title>: "X_中国政府网", "X | 某市", "X - 某局",
# "X——某市", "X--宜兴市人民政府", "X::某区". A lone "-" without spaces stays: 2023-2025年 is the title's.
_TITLE_SEPARATOR = re.compile(r"\s*(?:_|\||｜| - | – | — |——|-{2,}|:{2}|»)\s*")


def _page_title(soup: BeautifulSoup, tags: list[Tag]) -> str:
    raw = soup.title.get_text(" ", strip=True) if soup.title else ""
    parts = [p for p in _TITLE_SEPARATOR.split(raw) if p]
    cleaned = max(parts, key=len) if parts else ""
    heading = ""
    for tag in named_in(tags, "h1", "h2"):
        heading = heading_text(tag)
        if len(heading) >= 6:
            break
        heading = ""
    if heading and (heading.replace(" ", "") in raw.replace(" ", "") or len(heading) >= len(cleaned)):
        return heading
    if not meta.ends_like_title(cleaned):
        # <title> holds only the site's name ("南京市人民政府") and no heading names the page: an
        # old layout prints the title in a cell or div classed as such (td.title, div.tit, .bt)
        named = _titled_element(elements_under(tags, soup.body) if soup.body else tags)
        # or the title's own words before the site's name joined by a bare hyphen (…的通知-某市人民政府门户网站)
        if named and (len(named) >= len(cleaned) or cleaned.startswith(named)):
            return named
    if not heading and (heading := _h3_title(soup)) and (
            heading.replace(" ", "") in raw.replace(" ", "") or len(heading) >= len(cleaned)):
        return heading
    return cleaned


def _site_named(soup: BeautifulSoup, title: str) -> bool:
    """True when `title` is what the page's <title> gives and reads as no document's title: the
    site's or a column's name (某县人民政府, 政府信息公开)."""
    raw = soup.title.get_text(" ", strip=True) if soup.title else ""
    return bool(title) and title in _TITLE_SEPARATOR.split(raw) and not meta.ends_like_title(title)


_SENTENCE_END = re.compile("[。！？]")
_TITLE_HEADING_CHARS = 6  # a column's name (通知公告, 政策解读) is shorter than a document's title


def _opens_text(text: str, title: str) -> bool:
    """True when `title` is a line (or the first line of a wrapped title) of `text` before its
    first sentence: a heading that opens it, not one heading an attached part."""
    for row in text.split("\n"):
        line = "".join(row.split())
        if len(line) >= 6 and title.startswith(line):
            return True
        if _SENTENCE_END.search(row):
            return False
    return False


def _h3_title(soup: BeautifulSoup) -> str:
    """A layout's title written as an <h3> under a block of fields (<title> only 文件详情), read
    only when no element is classed as the title: the one <h3> worded as a document's title,
    outside the page's furniture and before the body's first sentence. Two such (a sidebar's
    list of related files beside the page's own) say nothing of which is the page's; one after a
    sentence heads a part of the body (an attached 管理办法). One pass, up to that sentence."""
    found: set[str] = set()
    for node in soup.descendants:
        if type(node) is NavigableString:  # text a reader sees (a script's or comment's is a subclass)
            if _SENTENCE_END.search(node):
                break
        elif isinstance(node, Tag) and node.name == "h3" and not is_furniture(node) and not in_furniture(node):
            text = heading_text(node)
            if len(text) >= 6 and meta.ends_like_title(text):
                found.add(text)
    return found.pop() if len(found) == 1 else ""


# A space in a heading beside a Chinese character (or full-width mark) is layout: 关 于 印 发,
# `<span>AI</span> 产业`, a source line wrapped mid-title. One between two Latin-script
# characters is a word space (Artificial Intelligence, ChatGPT 4.0) and stays.
_HEADING_SPACE = re.compile(r"\s+")
_WIDE = "\u2000"  # from general punctuation on (— “ ” …), then Han, kana, CJK and full-width marks


def heading_text(tag: Tag) -> str:
    """A heading's text on one line, without the layout spaces next to Chinese characters."""
    text = render_lines(tag).replace("\n", " ").strip()

    def space(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1], m.string[m.end()]
        return "" if before >= _WIDE or after >= _WIDE else " "

    return _HEADING_SPACE.sub(space, text)


# class or id of an element holding a page's title: title, zw-title, news_title, tit, bt (标题)
_TITLE_CLASS = re.compile(r"^(?:[a-z]+[-_])?(?:title|tit|bt|biaoti)(?:[-_]?(?:box|text|txt|con|wrap|main|name)|\d+)?$", re.I)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]")


def _titled_element(in_body: list[Tag]) -> str:
    """The text (6 to 100 characters) of the first element classed as a title, outside furniture,
    among `in_body` (elements(soup.body))."""
    for tag in in_body:
        if not tag.attrs or tag.name in ("a", "title"):
            continue
        marks = [*tag.get("class", []), str(tag.get("id", ""))]
        if any(_TITLE_CLASS.match(mark) for mark in marks if mark) and not is_furniture(tag) and not in_furniture(tag):
            text = heading_text(tag)
            if 6 <= len(text) <= 100 and len(_CJK_RUN.findall(text)) >= 6:  # a title, not a date
                return text
    return ""


def _remove(soup: BeautifulSoup, selectors: tuple[str, ...], url: str) -> None:
    for selector in selectors:
        for tag in _select(soup, selector, url):
            tag.decompose()


def _select(soup: BeautifulSoup | Tag, selector: str, url: str) -> list[Tag]:
    try:
        return list(soup.select(selector))
    except SelectorSyntaxError as exc:
        raise ExtractError(f"{url}: invalid CSS selector {selector!r}: {exc}") from None


def _body(soup: BeautifulSoup, selector: str, url: str, tags: list[Tag]) -> tuple[Tag, list[str]]:
    """The body element: the rule's selector, else the first usual container with text, else density."""
    warnings = []
    if selector:
        found = _select(soup, selector, url)
        if found:
            return found[0], warnings
        warnings.append(f"body selector {selector!r} matched nothing; used the usual containers")
    for tag in _container_candidates(tags):
        if _has_text(tag, 20):
            return tag, warnings
    return _densest(soup, tags), warnings


def _has_text(tag: Tag, chars: int) -> bool:
    """len(tag.get_text(strip=True)) >= chars, without joining the text of a whole table."""
    total = 0
    for string in tag.stripped_strings:
        total += len(string)
        if total >= chars:
            return True
    return False


def _container_kinds() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """BODY_CONTAINERS as lookups by id, class and tag name, each giving the container's rank."""
    by_id: dict[str, int] = {}
    by_class: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for rank, selector in enumerate(BODY_CONTAINERS):
        table = by_id if selector[0] == "#" else by_class if selector[0] == "." else by_name
        table.setdefault(selector.lstrip("#."), rank)
    return by_id, by_class, by_name


_BY_ID, _BY_CLASS, _BY_NAME = _container_kinds()


def _container_candidates(tags: list[Tag]) -> list[Tag]:
    """Elements matching a usual container, by container rank, then in document order.

    The same order as `soup.select(container)` for each container in turn, found in one walk
    of the tree instead of one CSS pass per container (19 whole-tree passes on a page that has
    none of them, as every page that needs the density fallback).
    """
    found: list[tuple[int, int, Tag]] = []
    for position, tag in enumerate(tags):
        if not tag.attrs and tag.name not in _BY_NAME:  # most elements (rows, cells, spans)
            continue
        ranks = [rank for rank in (_BY_NAME.get(tag.name), _BY_ID.get(str(tag.get("id", ""))))
                 if rank is not None]
        ranks += [_BY_CLASS[c] for c in tag.get("class") or () if c in _BY_CLASS]
        found += [(rank, position, tag) for rank in set(ranks)]
    found.sort(key=lambda item: item[:2])
    return [tag for _, _, tag in found]


def _densest(soup: BeautifulSoup, tags: list[Tag]) -> Tag:
    """The element holding the most paragraph text (links excluded); the whole body if none."""
    scores: dict[int, tuple[int, Tag]] = {}
    for p in named_in(tags, "p", "br"):
        parent = p.parent
        if not isinstance(parent, Tag):
            continue
        text = p.get_text(strip=True) if p.name == "p" else str(p.next_sibling or "").strip()
        links = sum(len(a.get_text(strip=True)) for a in elements(p, "a")) if p.name == "p" else 0
        score, _ = scores.get(id(parent), (0, parent))
        scores[id(parent)] = (score + max(len(text) - links, 0), parent)
    if scores:
        best = max(scores.values(), key=lambda item: item[0])
        if best[0] > 0:
            return best[1]
    return soup.body or soup


def elements(root: BeautifulSoup | Tag, *names: str) -> list[Tag]:
    """The elements under root (not root itself) named one of names, or all of them, in document order.

    What root.find_all(names) gives, by a plain walk: find_all builds and runs a matcher object
    per call and per element, most of extraction's time once the tree is built (issue 15).
    """
    wanted = frozenset(names)
    return [d for d in root.descendants if isinstance(d, Tag) and (not wanted or d.name in wanted)]


def elements_under(tags: list[Tag], root: Tag) -> list[Tag]:
    """elements(root), taken from `tags`: elements() of the tree holding root, unchanged since.
    In document order, root's elements are the run of `tags` after root up to the first element
    past its last descendant; cut out, not walked again (a second walk of a 300,000-element body)."""
    start = next((i for i, tag in enumerate(tags) if tag is root), None)
    if start is None:  # root is the whole tree, or not in `tags`
        return elements(root)
    past: PageElement | None = root
    while past is not None and past.next_sibling is None:
        past = past.parent
    past = past.next_sibling if past is not None else None
    while past is not None and not isinstance(past, Tag):
        past = past.next_element
    end = next((i for i in range(start + 1, len(tags)) if tags[i] is past), len(tags))
    return tags[start + 1:end]


def named_in(tags: list[Tag], *names: str) -> list[Tag]:
    """The elements of `tags` (a list from elements()) named one of names, in their order."""
    wanted = frozenset(names)
    return [t for t in tags if t.name in wanted]


def is_furniture(tag: Tag) -> bool:
    """True for a share/print/related/nav/counter block, judged by its class and id."""
    if not tag.attrs:  # most elements: nothing to judge by
        return False
    marker = " ".join([*tag.get("class", []), str(tag.get("id", ""))])
    return bool(marker.strip()) and bool(_FURNITURE.search(marker)) and not _ATTACHMENT_BLOCK.search(marker)


def in_furniture(tag: Tag) -> bool:
    """True when tag sits inside a furniture block (nav, header, footer, related links…)."""
    # <body>/<html> classes describe the whole page (e.g. "nav-fixed"), never one block
    return any(isinstance(p, Tag) and p.name not in ("body", "html") and is_furniture(p) for p in tag.parents)


def _furniture(in_body: list[Tag]) -> list[Tag]:
    """The outermost furniture blocks among `in_body` (elements(body))."""
    found = [t for t in in_body if t.attrs and is_furniture(t)]  # no call for the many without attributes
    ids = {id(t) for t in found}
    return [t for t in found if not any(id(p) in ids for p in t.parents)]


def _metadata_blocks(in_body: list[Tag]) -> list[Tag]:
    """信息公开 tables/lists among `in_body` (elements(body)): three or more known labels, short
    lines, and at least half of the lines labelled (so a layout table that also holds the text is kept)."""
    found: list[Tag] = []
    for tag in named_in(in_body, "table", "ul", "dl"):
        if any(parent is f for parent in tag.parents for f in found):
            continue
        if next(islice(tag.descendants, METADATA_BLOCK_NODES, None), None) is not None:
            continue
        lines = render_lines(tag).splitlines()
        if not lines or any(len(line) > 100 for line in lines):
            continue
        labelled = sum(1 for line in lines if meta.has_label(line))
        fields = sum(1 for value in meta.from_labels("\n".join(lines)).to_dict().values() if value)
        if fields >= 3 and 2 * labelled >= len(lines):
            found.append(tag)
    return found


def _either(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern matching where any of `patterns` would: most lines of a page are none of the
    kinds clean_lines looks for, and one regex call tells so where one per kind took longer."""
    assert not any(p.flags & ~re.UNICODE for p in patterns)  # combined, their flags would be lost
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


# every line clean_lines drops by how it opens, then every line it drops or trims for what it holds
_LINE_OPENING = _either(_TAIL_MARKERS, _NEIGHBOUR_LINK, _CLOCK_LABEL)
_BAR_OR_COUNTER = _either(_FONT_CONTROL, _COUNTER_FIELD, _COUNTER_LINE)


def clean_lines(text: str, ignore_patterns: tuple[str, ...] = ()) -> str:
    """Drop counter/tool lines, cut at a tail marker (相关链接, 扫一扫, 打印本页…), apply ignore patterns."""
    kept: list[str] = []
    text_chars = 0
    for line in text.splitlines():
        line = line.strip(" \t\u3000\xa0")
        size = len(line)
        if _LINE_OPENING.match(line):  # one match for the three kinds of line known by how they open
            if (size <= 30 and _TAIL_MARKERS.match(line)) or (size <= 150 and _NEIGHBOUR_LINK.match(line)):
                if text_chars >= TEXT_BEFORE_TAIL:
                    break
                continue  # a share bar or 扫一扫 above the text: a line of furniture, not the body's end
            if size <= 60 and _is_clock(line):
                continue
        if size <= 60 and not _NOT_TOOL_CHAR.search(line) and _is_tool_row(line):  # no call for most lines
            continue
        if _BAR_OR_COUNTER.search(line):  # one search for a 字体 control, a counter field or line
            if size <= TOOL_BAR_CHARS and not _SENTENCE_MARK.search(line) and (control := _FONT_CONTROL.search(line)):
                # the control and the tool buttons beside it go; the rest goes too when it is an info
                # bar (发布时间：… 来源：…), and stays when it is text sharing the line (a title, an
                # 附件 line, 各乡镇：… written after the bar)
                rest = _TOOL_BUTTON.sub(" ", f"{line[:control.start()]} {line[control.end():]}").strip(_BAR_EDGES)
                if not rest or _INFO_BAR_START.match(rest):
                    continue
                line = rest
            if _is_counter_line(line):
                continue
        kept.append(line)
        text_chars += len(line)
    result = "\n".join(kept)
    for pattern in ignore_patterns:
        result = _strip_pattern(pattern, result)
    return "\n".join(line.strip() for line in result.splitlines() if line.strip())


# Wall-clock seconds one ignore_patterns regex may spend on one page. A user's pattern can
# backtrack catastrophically (`(a+)+$` against a long run of a's runs for ages), and Python's re
# cannot be stopped from another thread (a run of the daemon is one), so each pattern is applied
# in the sandbox child, whose time limit ends it; a real pattern takes milliseconds.
IGNORE_PATTERN_SECONDS = 5.0


def _strip_pattern(pattern: str, text: str) -> str:
    """`text` without what the user's `pattern` matches (multiline), within IGNORE_PATTERN_SECONDS."""
    try:
        compiled = re.compile(pattern, re.M)
    except re.error as exc:
        raise ExtractError(f"invalid ignore pattern {pattern!r}: {exc}") from None
    if not text:
        return text
    from dataclasses import replace

    from policywatch.config import ExtractSettings
    from policywatch.extract import sandbox
    from policywatch.extract.limits import ExtractInterrupted, ExtractRefused

    if sandbox.in_child():  # a large page read in the child: the child's own limits bound it
        return compiled.sub("", text)
    limits = replace(ExtractSettings(), timeout=IGNORE_PATTERN_SECONDS, cpu_seconds=int(IGNORE_PATTERN_SECONDS) + 1)
    try:
        stripped = sandbox.read_bounded(text.encode("utf-8", "surrogatepass"), reader=f"{__name__}:strip_ignored",
                                        url="ignore_patterns", limits=limits, options={"pattern": pattern})
    except ExtractInterrupted:
        raise  # the source's time ran out: nothing is known of the pattern
    except ExtractRefused:
        raise ExtractError(f"ignore_patterns: {pattern!r} did not finish within {IGNORE_PATTERN_SECONDS:g} s "
                           "on this page (a pattern that backtracks without end, such as a nested repeat "
                           "`(a+)+$`): rewrite or remove it") from None
    return str(stripped)


def strip_ignored(body: bytes, *, url: str, limits: object, pattern: str) -> str:
    """The sandbox reader of one ignore pattern: the UTF-8 text `body` without its matches."""
    return re.sub(pattern, "", body.decode("utf-8", "surrogatepass"), flags=re.M)


def _is_counter_line(line: str) -> bool:
    """A counter or an info bar holding one; a sentence (全市累计访问量：1234万人次…。) is text."""
    if len(line) > 100 or _SENTENCE_MARK.search(line):
        return False
    return bool((len(line) <= 60 and _COUNTER_LINE.match(line)) or _COUNTER_FIELD.search(line))


def _is_clock(line: str) -> bool:
    """A page clock or print stamp: it moves on every visit and says nothing about the document."""
    label = _CLOCK_LABEL.match(line)
    if label is None:
        return False
    rest = line[label.end() :].lstrip()
    date = DATE_NUM.match(rest)
    return date is not None and _CLOCK_REST.match(rest[date.end() :]) is not None


def _is_tool_row(line: str) -> bool:
    if _NOT_TOOL_CHAR.search(line):
        return False
    words = [w for w in _TOOL_SPLIT.split(line) if w]
    return bool(words) and all(w in _TOOL_WORDS or _TOOL_RUN.fullmatch(w) for w in words)


def is_attachment_url(url: str) -> bool:
    """A file link: its path ends with a file extension, it calls a download script, or its query
    names the file (Hanweb's downfile.jsp?classid=0&filename=<hex>.pdf, …?path=/u/附件.docx)."""
    parts = urlsplit(url)
    # a path parameter (fj.pdf;jsessionid=…) is not part of the file name
    path = parts.path.lower().partition(";")[0]
    if path.endswith(ATTACHMENT_SUFFIXES) or _ATTACHMENT_URL.search(url):
        return True
    return any(value.strip().lower().endswith(ATTACHMENT_SUFFIXES) for _, value in parse_qsl(parts.query))


def _attachments(soup: BeautifulSoup, body: Tag, url: str, tags: list[Tag]) -> tuple[Link, ...]:
    """File links in the body, in a[oldsrc], and in 附件 blocks anywhere on the page."""
    found: dict[str, Link] = {}
    base = base_url(soup, url, tags=tags)
    for a in named_in(tags, "a"):
        # TRS marks uploaded files with oldsrc (the upload's name); href is where it is published
        href = link_target(a) if a.get("href") else str(a.get("oldsrc") or "").strip()
        if not href:
            continue
        target = urljoin(base, href).split("#")[0]
        if not (a.get("oldsrc") or is_attachment_url(target) or _download_link(a, target)):
            continue
        if a.get("oldsrc") or _inside(a, body) or _in_attachment_block(a):
            found.setdefault(target, Link(url=target, text=a.get_text(" ", strip=True)))
    return tuple(found.values())


def _download_link(a: Tag, target: str) -> bool:
    """A link to a download script the URL does not name (dl.jsp?id=2, /attachment/show?fid=…):
    its text names a file (申报表.docx) or says 下载; the file's name is then only in the answer's
    Content-Disposition. A page (….html) is never one, whatever its link says."""
    parts = urlsplit(target)
    if _PAGE_PATH.search(parts.path) or not (parts.query or _SCRIPT_PATH.search(parts.path)):
        return False
    said = a.get_text(" ", strip=True) or str(a.get("title") or "")
    return said.lower().endswith(ATTACHMENT_SUFFIXES) or bool(GENERIC_FILE_LINK.fullmatch(said))


def link_target(a: Tag | Mapping[str, object]) -> str:
    """The URL a link opens: its href, else a URL written literally in its onclick handler
    (`href="javascript:void(0)" onclick="window.open('/art/…')"`); "" when only a script knows.
    `a` may be a tag's attributes alone (the crawler counts a page's links before parsing it, by
    this one rule)."""
    attrs = a.attrs if isinstance(a, Tag) else a
    href = str(attrs.get("href") or "").strip()
    # a hash route (#/detail/123, #!/art/1) is a single-page list's address of one document; a
    # plain #anchor is a place on this page
    if href and (not href.startswith(("javascript:", "mailto:", "#")) or _hash_route(href)):
        return href
    if href.startswith("mailto:"):
        return ""
    script = str(attrs.get("onclick") or "") + " " + (href if href.startswith("javascript:") else "")
    m = _ONCLICK_URL.search(script)
    if m and (not m[2].startswith(("javascript:", "#")) or _hash_route(m[2])):
        return m[2].strip()
    # data-url, data-href, data-link by name first; another data- attribute only when it names no
    # picture or static file: a card's data-img="/images/thumb1.jpg" came before its data-url
    named = sorted((name for name in attrs if name.startswith("data-") and not media_name(name)),
                   key=lambda name: name not in _DATA_URL_NAMES)
    return next((value.strip() for name in named if isinstance(value := attrs[name], str)
                 and _DATA_URL.fullmatch(value.strip()) and not static_file(value.strip())), "")


def _hash_route(href: str) -> bool:
    """A link to a hash route (#/detail/1, #!/art/2); "#!" and "#/" alone are the dummy hrefs of
    script-opened links (Materialize's href="#!"), and "#/top" a place on the page: no address."""
    return href.startswith("#") and is_hash_route(href[1:])


def is_hash_route(fragment: str) -> bool:
    """True when a URL's `fragment` (without its #) is a single-page app's address of one document:
    a path of two steps or more, an id or a query after `/` or `!` (`/detail/123`, `!/art/1`,
    `!art/1`, `/detail?id=5`). One plain word after the slash (`/top`, `/comment/`) is an anchor
    within the page. The crawler's URL spelling keeps exactly these fragments, so one rule decides
    both what a link opens and what address it is stored under."""
    if not (fragment.startswith(("/", "!")) and fragment.strip("/! ")):
        return False
    route, mark, _ = fragment.strip().partition("?")
    return bool(mark) or bool(_ROUTED.search(route))


def media_name(name: str) -> bool:
    """True when the attribute or record field `name` (data-img, picUrl, video_url) names a
    picture or media by one of its words, split on -, _ and case: its value is never a link."""
    return any(word in _MEDIA_WORDS for word in name_words(name))


def name_words(name: str) -> list[str]:
    """The words of an attribute's or a record field's name, split on -, _ and case, in lower
    case: data-thumb-src -> [data, thumb, src], columnUrl -> [column, url], DOCURL -> [docurl]."""
    return [word.lower() for part in re.split(r"[-_]", name) for word in _NAME_WORD.findall(part)]


def static_file(url: str) -> bool:
    """True when `url` names a picture, style sheet, script or media file: no document page."""
    return bool(_STATIC_FILE.search(url))


def base_url(soup: BeautifulSoup | Tag, page_url: str, *, tags: list[Tag] | None = None) -> str:
    """What relative links on a page resolve against: its <base href>, else its own URL.
    `tags`: elements(soup), when the caller has walked the page already."""
    # the first <base href> anywhere, as browsers take it; a plain walk, not find()'s matcher
    tag = next((t for t in named_in(elements(soup) if tags is None else tags, "base") if t.has_attr("href")), None)
    href = str(tag.get("href") or "").strip() if isinstance(tag, Tag) else ""
    return urljoin(page_url, href) if href and not href.startswith(("javascript:", "#")) else page_url


def _inside(tag: Tag, container: Tag) -> bool:
    return tag is container or any(p is container for p in tag.parents)


def _in_attachment_block(tag: Tag) -> bool:
    for depth, parent in enumerate(tag.parents):
        if depth > 4 or not isinstance(parent, Tag):
            break
        marker = " ".join([*parent.get("class", []), str(parent.get("id", ""))])
        if _ATTACHMENT_BLOCK.search(marker) or "附件" in parent.get_text()[:200]:
            return True
    return False


def is_stub(text: str, attachments: tuple[Link, ...]) -> bool:
    """True when the body is only a pointer to its attachments: 点击下载/详见附件, or short text
    without clauses of its own (a short page with 一、… 二、… is a policy, however brief)."""
    if not attachments:
        return False
    size = len(re.sub(r"\s", "", text))
    if size < 2 * STUB_CHARS and _STUB_WORDS.search(text):
        return True
    clauses = sum(1 for line in text.splitlines() if starts_clause(line.strip(), _OWN_CLAUSE))
    return size < STUB_CHARS and clauses < 2


# Pages an article is split over: t20240105_101.html goes on at t20240105_101_2.html, _3.html …
# (TRS and many JSP/ASP portals paginate a long 正文 so). At most this many parts are joined.
MAX_PAGE_PARTS = 20
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def continuation_urls(text: str, url: str) -> list[str]:
    """The pages the article at `url` continues on, in order: links on it to the same URL with
    `_2`, `_3` … before its extension, taken only as an unbroken run from `_2` (a lone `_7` link is
    some other document)."""
    parts = urlsplit(url)
    stem, dot, ext = parts.path.rpartition(".")
    if not dot or "/" in ext:
        return []
    pattern = re.compile(re.escape(stem) + r"_(\d{1,2})\." + re.escape(ext) + "$")
    found: dict[int, str] = {}
    for match in _HREF.finditer(text):
        href = next(g for g in match.groups() if g is not None).strip()
        target = urlsplit(urljoin(url, href))
        number = pattern.match(target.path)
        if number and target.netloc == parts.netloc and 2 <= int(number[1]) <= MAX_PAGE_PARTS:
            found.setdefault(int(number[1]), target._replace(query="", fragment="").geturl())
    run = []
    for n in range(2, MAX_PAGE_PARTS + 1):
        if n not in found:
            break
        run.append(found[n])
    return run


# A page whose 正文 is another page shown in it: <iframe src="…_body.html"> under the 信息公开
# block, or a <frameset> of a head frame and a main frame (old JSP/ASP portals). At most this many
# frames of one page are read.
MAX_FRAMES = 4
_FRAME_SRC = re.compile(r"""<i?frame\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def frame_urls(text: str, url: str) -> list[str]:
    """The pages shown in the page's frames and iframes, in order: on the page's own host only (a
    video player, a map or a share widget of another host is no part of the document)."""
    host = urlsplit(url).netloc
    found: list[str] = []
    for match in _FRAME_SRC.finditer(text):
        src = next(g for g in match.groups() if g is not None).strip()
        if not src or src.lower().startswith(("javascript:", "about:", "data:")):
            continue
        target = urlsplit(_viewed_file(urljoin(url, src)))
        page = target._replace(fragment="").geturl()
        if target.scheme in ("http", "https") and target.netloc == host and page not in found and page != url:
            found.append(page)
    return found[:MAX_FRAMES]


def _viewed_file(url: str) -> str:
    """The file a viewer frame shows (pdf.js's viewer.html?file=/u/政策.pdf, a preview.jsp?path=…),
    else `url`: the viewer page itself holds no text."""
    for _, value in parse_qsl(urlsplit(url).query):
        if value.strip().lower().partition("#")[0].endswith(ATTACHMENT_SUFFIXES):
            return urljoin(url, value.strip())
    return url


def site_furniture(text: str, url: str) -> str:
    """Why the HTML page `text` at `url`, shown in another page's frame, is the site's furniture
    rather than a document's body, or "" when it is none, judged by its content: navigation when
    more of its text is in links to other pages than outside them, or it has no text outside
    links at all (a file link, 附件1：….pdf, is the body's own and counts as text outside). A
    frame's address (/include/…, *_top.html) or its wrapper's class (nav-content, zw-header) says
    nothing of its content on many sites, so they only decide a short frame without a sentence
    (a footer's 主办单位 line). A table of data without sentence marks (a 名单) or a list of 附件
    links is a body: rejected, a page of its frame was stored as its title and date, its
    attachments lost."""
    soup = parse_html(text)
    root = soup.body or soup
    linked = 0
    for a in root.find_all("a"):
        said = a.get_text(" ", strip=True)
        href = str(a.get("href") or "")
        if said.startswith("附件") or (href and is_attachment_url(urljoin(url, href))):
            continue
        linked += _chars(said)
        a.decompose()
    outside = root.get_text(" ")
    if linked > _chars(outside) or not _chars(outside):
        return "navigation"
    if _SENTENCE_END.search(outside) or _chars(outside) >= _CHROME_CHARS:
        return ""
    # a short line without a sentence: its address or wrapper tells a footer include from a 名单
    if _INCLUDE_PATH.search(urlsplit(url).path):
        return "a header or footer include"
    chrome = sum(_chars(tag.get_text()) for tag in root.find_all(_chrome_block) if not tag.find_parent(_chrome_block))
    return "a header or footer include" if chrome * 2 > _chars(outside) else ""


def _chars(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def _chrome_block(tag: Tag) -> bool:
    names = " ".join([*(tag.get("class") or ()), str(tag.get("id") or "")])
    return tag.name in ("header", "footer", "nav") or bool(names.strip() and _CHROME_NAME.search(names))


# a frame this short outside its links, without a sentence, may be a header or footer include
_CHROME_CHARS = 100
# a frame's address naming an include of the site's chrome: /include/foot.html, /inc/top.shtml,
# /common/header.htm, menu.html
_INCLUDE_PATH = re.compile(r"(?:^|/)(?:includes?|inc|common/(?:head|foot|top|bottom)\w*)/|(?:^|/|_|-)(?:header|footer|head|"
                           r"foot|top|bottom|nav|navbar|menu|banner|copyright)\.s?html?$", re.I)
# class or id of a page's header or footer block
_CHROME_NAME = re.compile(r"(?:^|[\s_-])(?:header|footer|foot|nav|navbar|menu|banner|copyright)"
                          r"(?:$|[\s_\d-])", re.I)


def hollow(text: str) -> bool:
    """True when a page's own text is too little to be a document's body: under STUB_CHARS
    characters and not one sentence of its own. A page whose body is elsewhere (a frame) shows
    only its title, nav line and date; a short notice (放假安排, 会议通知) has sentences, and its
    same-host iframes (a footer include, a video player, a share widget) are no body of it."""
    return len(re.sub(r"\s", "", text)) < STUB_CHARS and not _SENTENCE_END.search(text)
