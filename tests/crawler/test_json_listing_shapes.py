"""JSON list APIs as government sites write them: records serialised twice (a Java service's
{"code": 200, "data": "{\\"list\\": […]}"}), URLs kept as HTML (content.jsp?id=1&amp;cat=2) and
titles as a search API marks them (<em>人工智能</em>)."""

from __future__ import annotations

import json

import pytest

from policywatch.config import SourceConfig
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, Response
from tests.govsite import fetch_page

ROWS = [{"url": f"/xxgk/content.jsp?id={n}&amp;catid=12", "title": f"关于印发<em>人工智能</em>产业发展若干措施的通知（第{n}批）",
         "pubDate": "2024-01-05 10:00:00"} for n in (101, 102)]


@pytest.mark.parametrize("json_items", ["", "data.list"])
def test_records_serialised_twice_escaped_urls_and_marked_titles(json_items: str) -> None:
    answer = {"code": 200, "msg": "success", "data": json.dumps({"total": 2, "list": ROWS}, ensure_ascii=False)}
    with LoopbackSite(routes={"/api/xxgk/list": Response(body=json.dumps(answer, ensure_ascii=False).encode(),
                                                         headers={"Content-Type": "application/json"})}) as site:
        source = SourceConfig(name="t", listing_urls=(site.url("/api/xxgk/list?page=1"),), profile="json",
                              json_items=json_items, allow_private=True)
        found = discover(source, fetch_page, max_pages=1)
        base = site.base_url
    assert [(r.url, r.listed_title, r.listed_date) for r in found.refs] == [
        (f"{base}/xxgk/content.jsp?id={n}&catid=12", f"关于印发人工智能产业发展若干措施的通知（第{n}批）", "2024-01-05")
        for n in (101, 102)], found.error
