"""Discovery: walk a source's listing pages (HTML, Hanweb dataproxy, JSON API) and collect DocumentRefs.

    discover(source, fetch_page, max_pages=N, limits=ExtractSettings()) -> Discovery

`fetch_page(url, data=None)` returns a FetchResult (a POST when `data` is given); the pipeline
passes a closure over the real Fetcher. Pagination stops at `max_pages`, an empty or stub page,
a page that names no document earlier pages of the listing did not (an earlier page served again,
in any order) or few beside them (with a box that changes on every visit: SERVED_AGAIN_SHARE), or
the end the site itself announces.

A listing page over LARGE_PAGE_CHARS (a hostile site's 13 MB page of 150,000 links costs bs4
~30 s and ~500 MB) is read in the extraction child under `limits`, like a large document page;
one the child refuses is recorded with the child's outcome and reason (too_large: "extraction
took longer than extract.timeout", "… memory limit …") and ends that listing, keeping what
earlier pages listed. Smaller pages are read here: the same `listing.read_page` either way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from policywatch.config import ExtractSettings, SourceConfig, url_template_fields
from policywatch.crawler import apirecords, listing
from policywatch.crawler.profiles import Profile, profile_for
from policywatch.crawler.urls import canonicalize, on_hosts, with_query
from policywatch.errors import ExtractError
from policywatch.extract import decode_text
from policywatch.extract.limits import LARGE_PAGE_CHARS, ExtractInterrupted, ExtractRefused
from policywatch.extract.metadata import parse_date
from policywatch.model import DocumentRef, FetchOutcome, FetchResult, ListingPage, Validators
from policywatch.wording import phrase

FetchPage = Callable[..., FetchResult]
# A listing page below this size with no links is a broken stub, not the list's end (govsites.md §2).
STUB_LISTING_BYTES = 600
# Documents one source's listing may name in one run. A national 规章库 backfill of 100 pages of
# 500 rows lists 50,000; a hostile site serving page after page of fresh links would otherwise
# grow the run's memory (and its queue of documents to fetch) without bound.
MAX_LISTED_DOCUMENTS = 100_000
# Document links one listing page may hold, counted before the page is parsed: <a> tags whose
# href matches the source's link_pattern (every <a> when only a link_selector chooses them).
# Real list pages hold a few hundred (a 规章库 page of 500 rows); a page of 100,000 would be
# parsed whole, bounded only by source_timeout. Past this the page is cut before its next
# document link, its paging is not followed, and the run warns (the listing counts as
# incomplete). Navigation links do not count: a portal's mega-menu of 6,000 links above a list
# of 50 documents loses none of them (a page huge for its size is the extraction child's to bound).
MAX_LINKS_PER_PAGE = 5_000
# A document link as the listing reads one: an <a> tag, the same tag written by a script as an
# escaped string (\u003ca href=\"…\", \x3ca …, which listing.script_markup reads), and a row
# (tr, li, div …) with a click handler or data- attributes, which is a link where listing._anchors
# takes it for one (see _bounded): a page of a million onclick rows is as heavy as a million links.
_ANCHOR = re.compile(r"(?P<a>(?:<|(?P<escaped>\\u003c|\\x3c))a(?:[\s>]|\\u003e|\\x3e))"
                     r"|<(?P<row>tr|li|dd|td|div|p)\b(?=[^<>]{0,2048}?\s(?:onclick|data-[\w-]+)\s*=)",
                     re.I)
# a start tag's attributes up to its ">" (quoted values may hold one), and one attribute in them
_START_TAG = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*""")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
# The extraction child's reader of a large listing page (extract names no caller: the crawler names it).
LARGE_LISTING_READER = "policywatch.crawler.listing:read_large_page"
# Many list servers answer a page number past the list's end with page 1 again, shuffled or with
# a 热点 box that changes on every visit, and their pager announces a next page for ever. A page
# none of whose documents is new to the listing is such a page; so is one whose new documents are
# at most this share of it (a rotating box's few: 5 to 10 beside a list of 15 to 20) while another
# page follows. A real next page is mostly new: the pinned (置顶) and sidebar documents every page
# repeats are a few beside a page's worth of new ones (it would take twice as many to end a
# listing early). A short last page, pinned items and all, ends the list anyway.
SERVED_AGAIN_SHARE = 1 / 3

@dataclass(frozen=True, slots=True)
class Discovery:
    """What the listing pages of one source showed.

    complete: every listing page was read to its natural end (so a document missing from `refs`
    really left the listing). unsupported: the list exists only in JavaScript. unmatched: the
    links of a list on a first page that the source's link rules refuse (its only list).
    """

    refs: tuple[DocumentRef, ...] = ()
    pages: tuple[FetchResult, ...] = ()
    complete: bool = True
    error: str = ""
    unsupported: bool = False
    unmatched: tuple[str, ...] = ()


@dataclass
class _Walk:
    """Mutable state of one discovery run."""

    source: SourceConfig
    profile: Profile
    fetch_page: FetchPage
    limits: ExtractSettings
    refs: dict[str, DocumentRef] = field(default_factory=dict)
    pages: list[FetchResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    complete: bool = True
    unsupported: bool = False
    unmatched: tuple[str, ...] = ()
    # path?query -> the URL it was first listed under; (first host, mirror host) -> refs skipped
    by_path: dict[str, str] = field(default_factory=dict)
    mirrored: dict[tuple[str, str], int] = field(default_factory=dict)

    def fetch(self, url: str, data: dict[str, str] | None = None) -> FetchResult:
        result = self.fetch_page(url, data=data) if data is not None else self.fetch_page(url)
        self.pages.append(result)
        return result

    def add(self, refs: Iterable[DocumentRef]) -> bool:
        """Record refs; False once the source has listed MAX_LISTED_DOCUMENTS: the walk stops
        there, incomplete (so nothing unlisted is taken for gone), and says why. A document
        named by a hash route is not recorded, but said (_routed)."""
        for ref in self._routed(refs):
            if ref.url in self.refs or self._mirror(ref.url):
                continue
            if self.full:
                self.fail(f"listing: more than {MAX_LISTED_DOCUMENTS:,} documents listed; the rest of the "
                          "listing is not read this run (is link_pattern too broad, or the site hostile?)")
                return False
            self.refs[ref.url] = ref
        return True

    def _routed(self, refs: Iterable[DocumentRef]) -> list[DocumentRef]:
        """`refs` less those whose URL is a single-page app's hash route (#/detail/101), said once
        per listing page. The server never sees a fragment: it answers every such URL with the
        app's shell, whose text its scripts draw, and document pages are fetched as served (render
        = "browser" renders listing pages only). Stored, each document's text was that shell,
        the same for all of them; the route is kept apart (urls.route_fragment) only so that
        such lists are not one document, and named here as unreadable, like a script-only link."""
        kept, routed = [], []
        for ref in refs:
            (routed if urlsplit(ref.url).fragment else kept).append(ref)
        if routed:
            self.note(f"{len(routed)} document link(s) are routes of a single-page app (e.g. {routed[0].url}): the "
                      "server answers each with the app's shell, whose text its scripts draw, so they are not "
                      "followed (unsupported); point the source at the app's data API (profile \"json\", with "
                      "json_url_field or json_url_template) to read them")
        return kept

    def _mirror(self, url: str) -> bool:
        """True for a document already listed at the same path and query on another of the
        source's hosts (www. and bare names, http and https, a mirror host): one document, read
        once, from the host that listed it first. A CMS's article paths carry the site's own ids,
        so one column listing two documents at one path on two hosts is a mirror, not a pair."""
        parts = urlsplit(url)
        key = parts.path + ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
        first = self.by_path.setdefault(key, url)
        if first == url or urlsplit(first).netloc == parts.netloc:
            return False
        pair = (urlsplit(first).netloc, parts.netloc)
        self.mirrored[pair] = self.mirrored.get(pair, 0) + 1
        return True

    @property
    def full(self) -> bool:
        return len(self.refs) >= MAX_LISTED_DOCUMENTS

    def note(self, message: str) -> None:
        """A problem that leaves the list usable and complete (e.g. a few script-only links)."""
        if message not in self.errors:
            self.errors.append(message)

    def fail(self, message: str, *, unsupported: bool = False) -> None:
        self.errors.append(message)
        self.complete = False
        self.unsupported = self.unsupported or unsupported

    def result(self) -> Discovery:
        for (first, mirror), count in self.mirrored.items():
            self.note(f"{count} document(s) listed on {mirror} are the same paths as on {first} "
                      f"(a mirror host): read once, from {first}")
        return Discovery(
            refs=tuple(self.refs.values()),
            pages=tuple(self.pages),
            complete=self.complete,
            error="; ".join(self.errors),
            unsupported=self.unsupported,
            unmatched=self.unmatched,
        )


def discover(source: SourceConfig, fetch_page: FetchPage, *, max_pages: int,
             limits: ExtractSettings | None = None) -> Discovery:
    """Read up to `max_pages` listing pages per listing URL and return the documents found;
    `limits` bound the reading of a listing page over LARGE_PAGE_CHARS (see the module docstring)."""
    profile = profile_for(source)
    walk = _Walk(source, profile, fetch_page, limits or ExtractSettings())
    walker = {"html": _walk_html, "hanweb": _walk_hanweb, "json": _walk_json}[profile.listing]
    for listing_url in source.listing_urls:
        if walk.full:
            break
        walker(walk, listing_url, max(max_pages, 1))
    return walk.result()


def page_text(result: FetchResult) -> str:
    """The decoded text of a fetched page (the fetcher's decoding when it did one)."""
    if result.text is not None:
        return result.text
    return decode_text(result.body, result.content_type)[0]


def _failed(walk: _Walk, result: FetchResult, *, first: bool) -> bool:
    """Handle a non-ok listing fetch; a 404 after the first page is the end of the list."""
    if result.ok:
        return False
    if not first and result.outcome is FetchOutcome.NOT_FOUND:
        return True
    reason = result.detail or (f"HTTP {result.status}" if result.status else "")
    reason = reason.removeprefix(f"{result.url}: ")  # the child's reasons name the page: said once
    walk.fail(f"{phrase('listing_page', url=result.url)}{result.outcome.value}{': ' + reason if reason else ''}")
    return True


def _read(walk: _Walk, result: FetchResult, text: str, *, kind: listing.PageKind, page_url: str,
          first: bool = True) -> ListingPage | None:
    """listing.read_page of a fetched page: here, or in the extraction child for a page over
    LARGE_PAGE_CHARS; None when the child refused it (the page is then recorded as failed)."""
    where: dict[str, Any] = {"kind": kind, "page_url": page_url, "source": walk.source.name,
                             "hosts": walk.source.hosts, "profile": walk.profile, "first": first}
    text, links = _bounded(text, page_url, walk.profile)
    if links > MAX_LINKS_PER_PAGE:
        walk.fail(f"{phrase('listing_page', url=result.url)}{links:,} document links; only the first {MAX_LINKS_PER_PAGE:,} were "
                  "read (crawler.discover.MAX_LINKS_PER_PAGE) and its next pages are not followed this run")
    page = _parse(walk, result, text, where)
    return replace(page, next_url="") if page is not None and links > MAX_LINKS_PER_PAGE else page


def _bounded(text: str, page_url: str, profile: Profile) -> tuple[str, int]:
    """(the page, cut before its document link number MAX_LINKS_PER_PAGE + 1; how many document
    links it holds: <a> tags, escaped ones in scripts and rows, see _ANCHOR). Without a
    link_pattern every <a> counts (only the parsed page can tell which ones a link_selector picks).
    A row counts where listing._anchors reads it as a link, by its rule (listing.tag_opens): it
    opens a document, and the <a> inside it to that same document is the same link, counted once
    (a list of 3,000 `<tr onclick="window.open(U)"><td><a href="U">` rows holds 3,000 links)."""
    pattern = _compiled(profile.link_pattern)
    starts: list[int] = []
    # Script calls a script_url_template may fill are counted apart: before parsing, nothing tells
    # a row's openDetail(7) from its addHits(7), nor that the <a> inside it opens the same document,
    # so counted with the <a> links a list of 3,000 such rows was 6,000 links and cut at 2,500.
    # Each count has the bound: a page of a million calls is cut all the same.
    scripted_starts: list[int] = []
    row = ""  # what the last row opens: an <a> or row inside it opening the same is that link again
    # the last row counted (its count, its place in it, where its start tag ends, its name): a row
    # still open where the next one starts holds rows, and is none (listing._anchors): a tab's
    # <div data-more="/zcwj/more.html"> around its list of onclick rows counted one link too many
    counted: tuple[list[int], int, int, str] | None = None
    for tag in _ANCHOR.finditer(text):
        if tag["a"] and not row and pattern is None:
            starts.append(tag.start())  # every <a> counts: no need to read it
            continue
        target, scripted = listing.tag_opens(_attributes(text, tag), profile)
        if row and target and (target == row or listing.same_url(target, row)):
            continue
        if not tag["a"]:
            if not target:
                continue  # a row opening nothing (data-date="2024.01.05") is no link
            row = target
            if counted is not None and _holds(text, counted[2], tag.start(), counted[3], tag["row"]):
                counted[0].pop(counted[1])
            counted = None
        found = scripted_starts if scripted else starts
        if scripted or pattern is None or (target and _matches(target, page_url, pattern)):
            found.append(tag.start())
            if not tag["a"]:
                counted = (found, len(found) - 1, tag.end(), tag["row"].lower())
    over = [found[MAX_LINKS_PER_PAGE] for found in (starts, scripted_starts) if len(found) > MAX_LINKS_PER_PAGE]
    return (text[: min(over)] if over else text), max(len(starts), len(scripted_starts))


# tags a parser closes when the next one of the same name starts (<li>…<li>: two rows, not one in the other)
_SELF_CLOSING_ROWS = frozenset(("tr", "li", "dd", "td", "p"))


def _holds(text: str, start: int, end: int, name: str, following: str) -> bool:
    """Whether the row whose start tag (a `name`) ends at `start` is still open at `end`, where a
    row `following` starts: that row is inside it. Its own tags opened and closed between count;
    a sibling of a name closed by the next of its kind (li, tr, td, dd, p) is no holder."""
    if following.lower() == name and name in _SELF_CLOSING_ROWS:
        return False
    between = text[start:end]
    opened = len(re.findall(rf"<{name}\b", between, re.I))
    return 1 + opened - len(re.findall(rf"</{name}\s*>", between, re.I)) > 0


def _attributes(text: str, tag: re.Match[str]) -> dict[str, str]:
    """The attributes of the start tag `tag` matched (an escaped one's unescaped), as a parser reads
    them: names in lower case, the first of a name kept, character references resolved."""
    at = tag.end()
    written = listing.js_unescape(text[at:at + 2048]) if tag["escaped"] else text[at:at + 2048]
    written = _START_TAG.match(written)[0]  # type: ignore[index]
    found: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(written):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        found.setdefault(m[1].lower(), html.unescape(value) if "&" in value else value)
    return found


def _compiled(link_pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(link_pattern) if link_pattern else None
    except re.error:
        return None  # listing.document_links names the broken pattern; here every link counts


def _matches(target: str, page_url: str, pattern: re.Pattern[str]) -> bool:
    """Whether the address `target` is where link_pattern points (its path or whole URL, resolved
    against the page, as listing.document_links matches it)."""
    # as written first: a link_pattern matching it matches it resolved (the dialects look at the
    # path's end), and resolving costs most of a million-link page's count
    if pattern.search(target):
        return True
    url = urljoin(page_url, target)
    return bool(pattern.search(urlsplit(url).path) or pattern.search(url))


def _parse(walk: _Walk, result: FetchResult, text: str, where: dict[str, Any]) -> ListingPage | None:
    if len(text) <= LARGE_PAGE_CHARS:
        return listing.read_page(text, **where)
    from policywatch.extract.sandbox import read_bounded  # the child's machinery, for large pages only

    try:
        return read_bounded(text.encode("utf-8"), reader=LARGE_LISTING_READER, url=result.url,  # type: ignore[no-any-return]
                            limits=walk.limits, options=where)
    except ExtractError as exc:
        walk.pages[-1] = _refused(result, exc)
        _failed(walk, walk.pages[-1], first=True)
        return None


def _refused(result: FetchResult, exc: ExtractError) -> FetchResult:
    """The listing page's fetch relabelled with what the child said, as a document page's would be
    (pipeline.work.refused/interrupted): a limit's outcome, or a network error without validators
    when the source's time ran out (the page is read in full next run)."""
    if isinstance(exc, ExtractInterrupted):
        return replace(result, outcome=FetchOutcome.NETWORK_ERROR, detail=str(exc), body=b"", text=None,
                       validators=Validators())
    outcome = FetchOutcome(exc.outcome) if isinstance(exc, ExtractRefused) else FetchOutcome.UNSUPPORTED
    return replace(result, outcome=outcome, detail=str(exc), body=b"", text=None)


def _no_links(walk: _Walk, result: FetchResult, page: ListingPage, *, first: bool) -> None:
    """A page without document links: the end of the list, unless it is the first page or a stub."""
    if not first:
        if len(result.body) < STUB_LISTING_BYTES:
            # Deep pages of these CMSs are often broken 300-400 byte stubs. It still counts as the
            # list's end (a site whose last announced page is always a stub would otherwise never
            # be read completely), but probe says so, in case the list really goes on.
            walk.note(f"listing page {result.url} is a {len(result.body)}-byte stub without links; paging stopped there")
        return
    scripts = page.scripts
    if walk.profile.listing != "hanweb" and page.hanweb:
        walk.fail(
            f"listing page {result.url} is a Hanweb column whose list comes from dataproxy.jsp: "
            "set profile = \"hanweb\" for this source",
            unsupported=True,
        )
        walk.pages[-1] = replace(result, outcome=FetchOutcome.UNSUPPORTED, detail=walk.errors[-1])
        return
    if page.unmatched:
        # the list is in the HTML, under URLs the link rules do not know: a pager's script beside
        # it is no sign of a list drawn by JavaScript
        suggested = listing.pattern_for(list(page.unmatched))
        walk.unmatched = walk.unmatched or page.unmatched
        shown = ", ".join(page.unmatched[:2]) + (", …" if len(page.unmatched) > 2 else "")
        # written as a TOML literal string, which takes the backslashes as they are
        example = f" (e.g. link_pattern = '{suggested}')" if suggested and "'" not in suggested else ""
        walk.fail(
            f"{phrase('listing_page', url=result.url)}its list of {len(page.unmatched)} links ({shown}) matches no document "
            f"URL form of profile {walk.profile.name!r}: set link_pattern to a regular expression their URLs "
            f"match{example}, or link_selector to a CSS selector of the list's links"
        )
        return
    if page.script_only:
        # the rows are in the HTML, each opened by a script call naming its document: no browser
        # needed, only the URL those arguments fill
        walk.fail(
            f"{phrase('listing_page', url=result.url)}no document links: its {len(page.script_only)} link(s) open only through "
            f"JavaScript calls with no URL in the page (e.g. {page.script_only[0][:40]!r}): set script_url_template "
            "to the document URL the call's arguments fill, e.g. \"/detail.jsp?id={0}\" (if the list is drawn by "
            "JavaScript instead, set render = \"browser\")",
            unsupported=True,
        )
        walk.pages[-1] = replace(result, outcome=FetchOutcome.UNSUPPORTED, detail=walk.errors[-1])
        return
    if scripts:
        message = (
            f"listing page {result.url} has no document links in its HTML but {scripts} script(s): "
            "the list is rendered by JavaScript: set render = \"browser\" for this source (headless Chromium), "
            "or point it at the site's data API (profile 'json' or 'hanweb') or at a static listing"
        )
        if apis := script_apis(page_text(result), page.base_url):
            message += (f"; its scripts ask {', '.join(apis[:3])} for the list: if that answers JSON, set "
                        f'profile = "json", listing_urls = ["{apis[0]}"] and json_items to the path of its records')
        walk.fail(message, unsupported=True)
        # the fetch log should say what this page amounted to, not "ok"
        walk.pages[-1] = replace(result, outcome=FetchOutcome.UNSUPPORTED, detail=message)
    else:
        walk.fail(
            f"{phrase('listing_page', url=result.url)}no document links found "
            f"(link_selector={walk.profile.link_selector!r}, link_pattern={walk.profile.link_pattern[:60]!r})"
        )


def _moving(page: ListingPage, previous: dict[str, tuple[str, ...]]) -> list[DocumentRef]:
    """The page's documents less those of a block the previous page had at the same place with
    the same links: a fragment the server includes in every page (a shared header's or
    sidebar's 热点 or 通知公告 list) is no part of the list that pages on. Counted with the list,
    its links made a real next page look like an earlier one served again (12 known beside 5
    new), and the listing ended there, complete, as if the later pages' documents had left it.
    All of them when nothing else is left (a page served again whole).

    No block is taken for "the main list" to judge the page by: a short list (five rows, their
    dates where the row reader does not see them) beside a dated sidebar cannot be told by size
    or dates from page 1's list served again beside a rotating 热点 box, and guessing wrong ends
    the listing early, marked complete, its later documents lost without a word. Walking on
    costs only requests, bounded by max_pages and by a page naming nothing new."""
    fixed = {url for place, urls in page.blocks if previous.get(place) == urls for url in urls}
    moving = [ref for ref in page.refs if ref.url not in fixed]
    return moving or list(page.refs)


def script_apis(text: str, base: str) -> list[str]:
    """Data URLs a listing page's scripts request (an XHR list API: '/api/zcwj/list?page=' + n),
    absolute, on the page's host, their page parameter set to the first page."""
    found: list[str] = []
    for match in _SCRIPT_URL.finditer(text):
        url = urljoin(base, match.group(2))
        if urlsplit(url).netloc != urlsplit(base).netloc:
            continue
        url = re.sub(rf"([?&](?:{'|'.join(PAGE_PARAMS)})=)(?=&|$)", r"\g<1>1", url)  # '?page=' + n: page 1
        if url not in found:
            found.append(url)
    return found



def _foreign(walk: _Walk, page: ListingPage) -> None:
    """Say which other hosts the list links to: a site often lists documents on a sister host."""
    if hosts := page.foreign_hosts:
        walk.note(
            f"{phrase('listing_page', url=page.base_url)}document links to other hosts skipped: {', '.join(hosts[:5])} "
            "(add them to the source's allowed_hosts to follow them)"
        )


def _script_only(walk: _Walk, page: ListingPage, url: str) -> None:
    """Say which listed documents open only through a script call that holds no URL."""
    if titles := page.script_only:
        walk.note(
            f"{phrase('listing_page', url=url)}{len(titles)} link(s) open only through JavaScript with no URL in the page "
            f"(e.g. {titles[0][:40]!r}); policywatch does not run scripts, so they are not followed (unsupported; "
            "when the call's arguments name the document, script_url_template builds its URL from them, e.g. "
            "\"/detail.jsp?id={0}\")"
        )


@dataclass
class _Listed:
    """The documents the pages of one listing named so far, to tell a page the site serves again
    past the list's end (the same documents, shuffled or beside a rotating box) from its next page."""

    urls: set[str] = field(default_factory=set)

    def fresh(self, refs: Iterable[DocumentRef]) -> tuple[int, int]:
        """(documents of refs no earlier page named, documents of refs); refs are then named."""
        named = {ref.url for ref in refs}
        fresh = len(named - self.urls)
        self.urls |= named
        return fresh, len(named)

    @staticmethod
    def served_again(walk: _Walk, url: str, fresh: int, named: int) -> bool:
        """True (and said) for a page whose few new documents are a rotating box's, not a page of the list."""
        if fresh > named * SERVED_AGAIN_SHARE:
            return False
        walk.note(f"listing page {url} repeats {named - fresh} of its {named} documents from earlier pages of the "
                  f"listing ({fresh} new: a box that changes on every visit, such as 热点): taken for an earlier page "
                  "served again past the list's end; paging stopped there")
        return True


# -------------------------------------------------------------------------- static HTML listings


def _walk_html(walk: _Walk, start: str, max_pages: int) -> None:
    url, visited, listed = start, {canonicalize(start)}, _Listed()
    form: dict[str, str] | None = None  # the fields of a form pager's POST
    blocks: dict[str, tuple[str, ...]] = {}  # the previous page's blocks of links by their place
    for number in range(max_pages):
        result = walk.fetch(url, data=form)
        if _failed(walk, result, first=number == 0):
            return
        page = _read(walk, result, page_text(result), kind="html", page_url=result.final_url or url,
                     first=number == 0)
        if page is None:
            return
        if number == 0:
            _foreign(walk, page)
        if not page.refs:
            _no_links(walk, result, page, first=number == 0)
            return
        _script_only(walk, page, result.url)
        fresh, named = listed.fresh(_moving(page, blocks))
        listed.urls |= {ref.url for ref in page.refs}
        blocks = dict(page.blocks)
        if number and not fresh:
            # the site serves an earlier page again (in any order): the list has ended. Reached by
            # a dated next link, this may be a calendar's next month (?month=2024-02) taken for the
            # next page, the list's real pager unread: said, not ended in silence
            if listing.dated_query(url):
                walk.note(f"listing page {url} (a next-page link whose query holds a date, perhaps a calendar's "
                          "next month) repeats documents of earlier pages: paging stopped there; if the list "
                          "has further pages, set the source's next_selector to its pager")
            return
        if not walk.add(page.refs):
            return
        following = page.next_url
        next_url = canonicalize(following) if following else ""
        # a form pager POSTs one URL again and again: the page is the URL with its fields
        visit = next_url + ("#" + repr(sorted(page.next_form)) if page.next_form else "")
        if not next_url or visit in visited or not on_hosts(next_url, walk.source.hosts):
            return
        if number and listed.served_again(walk, result.url, fresh, named):
            return
        visited.add(visit)
        url, form = following, dict(page.next_form) if page.next_form else None
    walk.complete = False  # stopped by max_pages with a next page still announced


# -------------------------------------------------------------------------- Hanweb dataproxy.jsp


def _walk_hanweb(walk: _Walk, start: str, max_pages: int) -> None:
    """Column page, then dataproxy.jsp POSTs of `hanweb_chunk` records until totalrecord."""
    result = walk.fetch(start)
    if _failed(walk, result, first=True):
        return
    page = _read(walk, result, page_text(result), kind="hanweb", page_url=result.final_url or start)
    if page is None:
        return
    base, params = page.base_url, dict(page.hanweb)
    if not walk.add(page.refs):
        return
    if not params:
        if not page.refs:
            _no_links(walk, result, page, first=True)
        return
    proxy = urljoin(base, params.pop("proxy", "") or walk.profile.hanweb_proxy)
    form = {"path": "/", "sourceContentType": "1", "permissiontype": "0", **params}
    # the column page's own records are usually the first chunk's: chunks are compared among themselves
    chunk, first_record, listed = walk.profile.hanweb_chunk, 1, _Listed()
    for number in range(max_pages - 1):
        last = first_record + chunk - 1
        url = with_query(proxy, startrecord=first_record, endrecord=last, perpage=walk.profile.hanweb_perpage)
        answer = walk.fetch(url, data=form)
        if _failed(walk, answer, first=True):  # a missing dataproxy is a wrong setup, not the list's end
            return
        records = _read(walk, answer, page_text(answer), kind="records", page_url=base)
        if records is None:
            return
        fresh, named = listed.fresh(records.refs)
        if not records.refs or (number and not fresh):
            return  # no records, or records of an earlier chunk again (in any order): the list has ended
        if not walk.add(records.refs):
            return
        first_record = last + 1
        if records.total is not None and first_record > records.total:
            return
        if number and listed.served_again(walk, answer.url, fresh, named):
            return
    walk.complete = False


# -------------------------------------------------------------------------- JSON list APIs


# Page parameters of list APIs; the one the listing URL already carries is the one to turn.
PAGE_PARAMS = ("page", "pageNo", "pageNum", "pageIndex", "currentPage", "curPage", "page_no", "pageno", "p")
# a quoted URL in a listing page's script that names an API folder or turns a page parameter
_SCRIPT_URL = re.compile(r"""(["'])((?:https?://[^"'\s/]+)?/[^"'\s<>]*?(?:/api/[^"'\s<>]*|[?&](?:"""
                         + "|".join(PAGE_PARAMS) + r""")=[^"'\s<>]*))\1""")


def _walk_json(walk: _Walk, start: str, max_pages: int) -> None:
    query = dict(parse_qsl(urlsplit(start).query))
    param = next((name for name in (walk.profile.json_page_param, *PAGE_PARAMS) if name in query),
                 walk.profile.json_page_param)
    first = int(query.get(param, "1")) if query.get(param, "1").isdigit() else 1
    previous: tuple[str, ...] = ()
    listed = _Listed()
    where = walk.profile.json_items
    for number in range(max_pages):
        page_no = first + number
        if walk.profile.json_post:  # an API paged by POST: one URL, the page in the form's fields
            url, form = start, _post_fields(walk.profile.json_post, page_no)
            result = walk.fetch(url, data=form)
            url = f"{url} (POST {urlencode(form)})"  # the page named as it was asked for
        else:
            url = start.replace("{page}", str(page_no)) if "{page}" in start else with_query(start, **{param: page_no})
            result = walk.fetch(url)
        if _failed(walk, result, first=number == 0):
            return
        try:
            data = apirecords.parse_json(page_text(result), url)
            # the records' place found on the first page is where the next pages keep theirs: past
            # the list's end they are empty, and a search found the site's menu list instead
            where, items = apirecords.json_records(data, where, _url_key(walk.profile), walk.profile.json_title_field)
        except ValueError as exc:
            walk.fail(str(exc))
            return
        if items is None:
            walk.fail(f"{phrase('listing_page', url=url)}no record list at json_items={where!r}")
            return
        cut = len(items) > MAX_LINKS_PER_PAGE
        if cut:
            walk.fail(f"{phrase('listing_page', url=url)}{len(items):,} records; only the first {MAX_LINKS_PER_PAGE:,} were read "
                      "(crawler.discover.MAX_LINKS_PER_PAGE) and its next pages are not followed this run")
            items = items[:MAX_LINKS_PER_PAGE]
        refs, unlinked = _json_refs(walk, items, result.final_url or url)
        if unlinked:
            _no_record_url(walk, url, items, unlinked, alone=not refs)
        if not refs:
            return
        signature = tuple(r.url for r in refs)
        fresh, named = listed.fresh(refs)
        gkmlpt = number == 1 and first == 0 and signature == previous
        if number and not fresh and not gkmlpt:
            return  # a repeated page (in any order) ends the list; gkmlpt's page 1 repeating page 0 does not
        previous = signature
        if not walk.add(refs) or cut:
            return
        if number and not gkmlpt and listed.served_again(walk, url, fresh, named):
            return
    walk.complete = False


def _post_fields(template: str, page_no: int) -> dict[str, str]:
    """json_post's form fields (`pageNo={page}&pageSize=15`) for page `page_no`."""
    return {name: value.replace("{page}", str(page_no)) for name, value in parse_qsl(template, keep_blank_values=True)}


def _url_key(profile: Profile) -> str:
    """The record field that tells a list of documents from a menu: the URL field, or the
    template's first field."""
    return url_template_fields(profile.json_url_template)[0] if profile.json_url_template else profile.json_url_field


def _no_record_url(walk: _Walk, url: str, items: list[object], unlinked: int, *, alone: bool) -> None:
    """Say that records of the page gave no URL, naming the fields they do have: the listing is
    incomplete (its documents unread), not empty."""
    profile = walk.profile
    keys = ", ".join(apirecords.json_record_keys(items)[:20]) or "none"
    share = "records" if alone else f"{unlinked} of {len(items)} records"
    if profile.json_url_template:
        wanted = f"lack a field of json_url_template {profile.json_url_template!r}"
    else:
        wanted = (f"have no URL in field {profile.json_url_field!r}; set json_url_field to the field holding "
                  'each document\'s URL, or json_url_template (e.g. "/art/{id}.html") to build it from its fields')
    walk.fail(f"{phrase('listing_page', url=url)}{share} {wanted} (record fields: {keys})")


def _json_refs(walk: _Walk, items: list[object], base: str) -> tuple[list[DocumentRef], int]:
    """The documents the records name, and how many records named no URL."""
    profile, refs, unlinked = walk.profile, [], 0
    for item, raw in zip(items, apirecords.json_record_urls(items, profile.json_url_field, profile.json_url_template),
                         strict=True):
        if not raw:
            unlinked += 1
            continue
        url = canonicalize(raw, base)
        if not url or not on_hosts(url, walk.source.hosts):
            continue
        date_text = apirecords.json_date(item, profile.json_date_field)
        title = apirecords.json_title(item, profile.json_title_field)
        listed_date = _json_date(date_text) or listing.url_date(url)
        refs.append(DocumentRef(
            url=url,
            source=walk.source.name,
            listed_title=title,
            listed_date=listed_date,
            listed_metadata=apirecords.json_metadata(item, title, _json_date(date_text)),
        ))
    return refs, unlinked


def _json_date(value: str) -> str:
    """ISO date of a JSON date field: a date string, or a Unix timestamp in seconds or milliseconds."""
    if value.isdigit() and len(value) in (10, 13):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        china = timezone(timedelta(hours=8))  # publication dates are Beijing dates
        return datetime.fromtimestamp(seconds, UTC).astimezone(china).date().isoformat()
    return parse_date(value)
