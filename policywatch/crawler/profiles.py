"""Ready-made site platform profiles (TRS, Hanweb, JSON list API, generic): defaults a source overrides.

Profiles are data. `profile_for(source)` lays a source's own non-empty settings over its
profile's defaults, so a user configures a real site with a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from policywatch.config import SourceConfig
from policywatch.errors import ConfigError
from policywatch.extract import ExtractRules

# Article URL dialects of Chinese government CMSs (govsites.md §2, after hulelan's govcms.py).
ARTICLE_DIALECTS: tuple[str, ...] = (
    r"/t\d{8}_\d+\.s?html?$",  # TRS: /202401/t20240102_123.html
    r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$",  # Hanweb
    r"/col/col\d+/art/\d{4}/art_[0-9a-zA-Z\-]+\.html$",  # Hanweb jpaas
    r"/content_\d+\.s?html?$",  # gov.cn and TRS/UCAP: content_ID.htm
    r"/\d{4}-\d{2}/\d{2}/content_\d+\.s?html?$",
    r"/\d{8}/[0-9a-f]{6,}/c\.html$",
    r"/ARTI\w+\.shtml$",
    r"/\d{6}/[0-9a-f]{32}\.shtml$",
    r"/pnidpv\d+\.html$",
    r"/c\d+/content\.html$",
    r"/portal/article/\w+/\d+$",
    r"/columns/[0-9a-f\-]{36}/\d{6}/\d{2}/[0-9a-f\-]{36}\.html$",  # Hebei
    r"/\d{8}/[0-9a-f]{32}\.html$",  # Shanghai departments
    r"/\d{4}/\d{1,2}/\d{1,2}/[0-9a-f]{32}\.shtml$",  # Sichuan
    r"/\d{5,9}/index\.s?html$",
    # any page filed under a date folder (/2023/0705/1122.html, /2023/07/05/art_77_301.shtml,
    # /2024-03/15/8842.shtml): a CMS files its articles by publication date, never its lists
    r"/(?:19|20)\d\d[-/]?(?:0[1-9]|1[0-2])(?:[-/]?(?:0[1-9]|[12]\d|3[01]))?/(?:[\w-]+/)?(?!index)[\w-]*\d[\w-]*\.s?html?$",
    # dynamic pages of JSP/ASP/PHP portals: content.jsp?id=123, detail.do?infoid=…, show.aspx?articleid=…
    # (case-insensitive: ASP.NET portals write ShowArticle.aspx?ArticleID=)
    r"(?i:/(?:content|detail|details|view|show|info|article|art)\w*\.(?:jsp|do|aspx?|php)\?(?:.*&)?"
    r"(?:id|infoid|articleid|artid|docid|contentid|newsid|wzid|manuscriptid)=[\w-]+)",
)


@dataclass(frozen=True, slots=True)
class Profile:
    """How one platform lists and shows documents.

    listing: "html" (links on pages, next links, index_N.html), "hanweb" (dataproxy.jsp record
    lists) or "json" (a JSON list API with a page parameter).
    """

    name: str
    listing: str = "html"
    description: str = ""
    link_selector: str = ""
    link_pattern: str = ""
    next_selector: str = ""
    guess_index_pages: bool = False  # try index_1.html, index_2.html … when no next link is found
    body_selector: str = ""
    ignore_selectors: tuple[str, ...] = ()
    ignore_patterns: tuple[str, ...] = ()
    json_items: str = ""
    json_url_field: str = "url"
    json_url_template: str = ""
    json_title_field: str = "title"
    json_date_field: str = ""
    json_page_param: str = "page"
    json_post: str = ""  # the form fields POSTed for each page ({page}: its number); "" pages by GET
    script_url_template: str = ""  # a script-opened link's URL from its call's arguments ("/detail.jsp?id={0}")
    hanweb_proxy: str = "/module/web/jpage/dataproxy.jsp"
    hanweb_chunk: int = 45  # one jpage request covers three display pages of 15
    hanweb_perpage: int = 15

    @property
    def rules(self) -> ExtractRules:
        """The extraction rules for this profile's document pages."""
        return ExtractRules(self.body_selector, self.ignore_selectors, self.ignore_patterns)


_COMMON_IGNORES = (".share", ".bdshare", ".print", ".xglj", "#share", ".fenxiang")

PROFILES: dict[str, Profile] = {
    "generic": Profile(
        name="generic",
        description="Any site: links whose URLs look like a known article dialect; next links.",
        link_pattern="|".join(ARTICLE_DIALECTS),
        ignore_selectors=_COMMON_IGNORES,
    ),
    "trs": Profile(
        name="trs",
        description="TRS WCM: index.html, index_1.html … (createPageHTML), tYYYYMMDD_N.html, .TRS_Editor.",
        link_pattern=r"/t\d{8}_\d+\.s?html?$|/content_\d+\.s?html?$",
        guess_index_pages=True,
        ignore_selectors=_COMMON_IGNORES,
    ),
    "hanweb": Profile(
        name="hanweb",
        listing="hanweb",
        description="大汉 Hanweb/JCMS: /col/colN/index.html, dataproxy.jsp record lists, /art/…, #zoom.",
        link_pattern=r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$|/art/\d{4}/art_[0-9a-zA-Z\-]+\.html$",
        body_selector="#zoom",
        ignore_selectors=_COMMON_IGNORES,
    ),
    "json": Profile(
        name="json",
        listing="json",
        description="A JSON list API: records under json_items, page parameter `page` or {page} in the URL.",
        ignore_selectors=_COMMON_IGNORES,
    ),
}

# SourceConfig fields that override the profile field of the same name when set.
_OVERRIDES = (
    "link_selector", "link_pattern", "next_selector", "body_selector", "json_items",
    "json_url_field", "json_url_template", "json_title_field", "json_date_field", "script_url_template", "json_post",
)


def profile_for(source: SourceConfig) -> Profile:
    """The source's profile with the source's own non-empty settings laid over it."""
    try:
        base = PROFILES[source.profile]
    except KeyError:
        raise ConfigError(
            f"source {source.name!r}: unknown profile {source.profile!r}; valid profiles: {', '.join(PROFILES)}"
        ) from None
    changes: dict[str, object] = {k: getattr(source, k) for k in _OVERRIDES if getattr(source, k)}
    if source.link_selector and not source.link_pattern:
        changes["link_pattern"] = ""  # a chosen selector means "these links", whatever their URLs
    if source.ignore_selectors:
        changes["ignore_selectors"] = base.ignore_selectors + source.ignore_selectors
    if source.ignore_patterns:
        changes["ignore_patterns"] = base.ignore_patterns + source.ignore_patterns
    return replace(base, **changes)
