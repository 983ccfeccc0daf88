"""A listing URL given twice in a source, or again with a #fragment or a trailing slash, is one
listing: walked once per run, and the config says so when loaded."""

from __future__ import annotations

import logging

import pytest

from policywatch.config import settings_from_dict
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from tests import traps
from tests.govsite import fetch_page

PATHS = list(traps.DOCS)


def test_a_listing_named_again_is_walked_once_and_warned_of(caplog: pytest.LogCaptureFixture) -> None:
    routes = {"/zcwj/": Response(body=traps.listing(PATHS), headers=traps.HTML),
              "/zcwj": Response(status=301, headers={"Location": "/zcwj/"})}
    with LoopbackSite(routes=routes) as site:
        spellings = [site.url("/zcwj/"), site.url("/zcwj/#list"), site.url("/zcwj"), site.url("/zcwj/")]
        raw = {"sources": [{"name": "s", "listing_urls": spellings, "allow_private": True}]}
        with caplog.at_level(logging.WARNING, logger="policywatch.config"):
            (source,) = settings_from_dict(raw, origin="pw.toml").sources
        found = discover(source, fetch_page, max_pages=1)
        asked = len(site.requests_to("/zcwj/")) + len(site.requests_to("/zcwj"))
        first = site.url("/zcwj/")
    assert source.listing_urls == (first,)
    assert asked == 1 and len(found.refs) == 2 and found.complete
    said = [r.getMessage() for r in caplog.records if r.name == "policywatch.config"]
    assert len(said) == 3 and all("sources[0] (\"s\").listing_urls" in line and "walked once" in line for line in said), said
    assert any(f"{first!r} is given twice" in line for line in said), said


def test_distinct_listings_stay_distinct(caplog: pytest.LogCaptureFixture) -> None:
    """Another page of the column, another query or another host is another listing."""
    urls = ["https://www.x.gov.cn/zcwj/", "https://www.x.gov.cn/zcwj/index_1.html", "https://www.x.gov.cn/zcwj/?type=2",
            "https://sthj.x.gov.cn/zcwj/", "http://www.x.gov.cn/zcwj/"]
    with caplog.at_level(logging.WARNING, logger="policywatch.config"):
        (source,) = settings_from_dict({"sources": [{"name": "s", "listing_urls": urls}]}).sources
    assert source.listing_urls == tuple(urls) and not caplog.records
