"""URL canonicalization and site profiles."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.config import SourceConfig
from policywatch.crawler.profiles import ARTICLE_DIALECTS, PROFILES, profile_for
from policywatch.crawler.urls import canonicalize, on_hosts
from policywatch.errors import ConfigError


@pytest.mark.parametrize(
    ("raw", "base", "expected"),
    [
        ("t20240102_9.html#p2", "http://WWW.Gov.CN/zc/index.html", "http://www.gov.cn/zc/t20240102_9.html"),
        ("HTTPS://www.gov.cn:443/a.html", "", "https://www.gov.cn/a.html"),
        ("http://www.gov.cn:8080/a.html", "", "http://www.gov.cn:8080/a.html"),
        ("/a.html?utm_source=wx&spm=1.2&id=7&from=timeline", "http://x.gov.cn/", "http://x.gov.cn/a.html?id=7"),
        ("http://x.gov.cn", "", "http://x.gov.cn/"),
        ("http://x.gov.cn//col//a.html", "", "http://x.gov.cn/col/a.html"),
        ("../art/2024/1/2/art_1_9.html", "http://x.gov.cn/col/col1/index.html", "http://x.gov.cn/col/art/2024/1/2/art_1_9.html"),
    ],
)
def test_canonicalize(raw, base, expected):
    assert canonicalize(raw, base) == expected


# one spelling per address: what RFC 3986 calls equal (escapes' case, an escaped unreserved
# character, dot segments), escaped UTF-8 text as its characters; not folded: an escaped slash,
# the path's case, a directory and its index page; a GBK site's escaped bytes stay bytes (as
# UTF-8 text they would be U+FFFD, another request)
SPELLINGS = {
    "http://x.gov.cn/%e6%94%bf/a.html": "http://x.gov.cn/政/a.html",
    "http://x.gov.cn/%E6%94%BF/a b.html": "http://x.gov.cn/政/a%20b.html",
    "http://x.gov.cn/%d5%fe/a.html": "http://x.gov.cn/%D5%FE/a.html",
    "http://x.gov.cn/zcwj/t20240105%5F101.html": "http://x.gov.cn/zcwj/t20240105_101.html",
    "http://x.gov.cn/a/./b/../c.html": "http://x.gov.cn/a/c.html",
    "http://x.gov.cn./a.html": "http://x.gov.cn/a.html",
    "http://x.gov.cn/a%2fb.html": "http://x.gov.cn/a%2Fb.html",
    "http://x.gov.cn/Zcwj/A.html": "http://x.gov.cn/Zcwj/A.html",
    "http://x.gov.cn/c123/index.html": "http://x.gov.cn/c123/index.html",
    "http://x.gov.cn/s.jsp?kw=%d5%fe%b2%df&p=2": "http://x.gov.cn/s.jsp?kw=%D5%FE%B2%DF&p=2",
    "http://x.gov.cn/s.jsp?kw=政策&a=b%20c": "http://x.gov.cn/s.jsp?kw=%E6%94%BF%E7%AD%96&a=b+c",
}


@pytest.mark.parametrize(("url", "canonical"), SPELLINGS.items())
def test_one_address_has_one_spelling(url: str, canonical: str) -> None:
    assert canonicalize(url) == canonical


@given(path=st.text(alphabet="aZ/._%~政 e5F", max_size=24), query=st.text(alphabet="a=&%d5+政 ", max_size=12))
@settings(max_examples=200, deadline=None)
def test_canonicalize_is_idempotent_on_escapes_dots_and_raw_characters(path, query):
    once = canonicalize(f"http://x.gov.cn/{path}?{query}")
    assert canonicalize(once) == once


@given(path=st.from_regex(r"/[a-z0-9_/]{0,20}", fullmatch=True),
       fragment=st.text(alphabet="abc123", max_size=5),
       tracking=st.sampled_from(["", "utm_source=x", "spm=a.b", "from=groupmessage"]))
@settings(max_examples=100, deadline=None)
def test_canonicalize_is_idempotent_and_drops_noise(path, fragment, tracking):
    url = f"HTTP://Www.Example.GOV.cn:80{path}?{tracking}#{fragment}"
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "#" not in once and "utm_" not in once and "spm" not in once and ":80" not in once
    assert once.startswith("http://www.example.gov.cn/")


def test_on_hosts_is_case_insensitive():
    assert on_hosts("http://WWW.gov.cn/a", ("www.gov.cn",))
    assert not on_hosts("http://evil.cn/a", ("www.gov.cn",))


@pytest.mark.parametrize(
    "path",
    ["/zwgk/202401/t20240102_4312.html", "/art/2024/1/2/art_1229_7712.html", "/zhengce/content/202401/content_6924.htm",
     "/xxgk/2023-07/03/content_88.shtml", "/col/col80/art/2024/art_0b1c2d.html", "/20240102/0123456789abcdef0123456789abcdef.html",
     # pages filed under a date folder, in dialects no other pattern names
     "/zwgk/tzgg/2023/0705/1122.html", "/zwgk/zcwj/2023/07/05/art_77_301.shtml", "/xwzx/2024-03/15/8842.shtml",
     "/zfxxgk/fdzdgknr/202401/a1b2c3d4.html"],
)
def test_article_dialects_match_known_document_urls(path):
    assert any(re.search(p, path) for p in ARTICLE_DIALECTS)


@pytest.mark.parametrize("path", ["/col/col1001/index.html", "/zwgk/index_2.html", "/about.html", "/files/a.pdf",
                                  "/zcwj/202401/index_1.html", "/zcwj/2024/13/05/a1.html", "/2024/05/about.html"])
def test_article_dialects_reject_listing_and_other_pages(path):
    assert not any(re.search(p, path) for p in ARTICLE_DIALECTS)


def test_profile_for_lays_source_settings_over_profile_defaults():
    source = SourceConfig(name="js", listing_urls=("http://x.gov.cn/col/col1/index.html",), profile="hanweb",
                          body_selector=".article", ignore_selectors=(".hits",), ignore_patterns=(r"\d+人浏览",))
    profile = profile_for(source)
    assert profile.listing == "hanweb" and profile.hanweb_chunk == 45
    assert profile.body_selector == ".article"
    assert profile.link_pattern == PROFILES["hanweb"].link_pattern
    assert profile.rules.ignore_selectors[-1] == ".hits" and ".share" in profile.rules.ignore_selectors
    assert profile.rules.ignore_patterns == (r"\d+人浏览",)
    chosen = profile_for(SourceConfig(name="s", listing_urls=("http://x.gov.cn/",), link_selector="ul.list a"))
    assert chosen.link_selector == "ul.list a" and chosen.link_pattern == ""


def test_unknown_profile_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="generic, trs, hanweb, json"):
        profile_for(SourceConfig(name="s", listing_urls=("http://x.gov.cn/",), profile="drupal"))
