"""A JSON list API whose records carry only an id (政务公开 APIs: {"id": 4417, "title": …}): the
document URL is built from json_url_template; with no way to make one, the error names the
record's fields instead of asking the listing's folder for a page named 4417."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from policywatch.config import SourceConfig, settings_from_dict
from policywatch.crawler.discover import discover
from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from policywatch.errors import ConfigError
from tests import traps
from tests.govsite import fetch_page
from tests.unseen import run_json, write_config

IDS = {1: [4417, 4418], 2: [4419]}
TITLES = {4417: "关于印发数字经济发展行动方案的通知", 4418: "关于加快人工智能产业发展的若干措施",
          4419: "关于做好2024年春节期间安全生产工作的通知"}


def _api(request: RecordedRequest) -> Response:
    page = int(parse_qs(urlsplit(request.path).query).get("page", ["1"])[0])
    rows = [{"id": n, "title": TITLES[n], "pubDate": "2024-01-05", "category": {"code": "zcwj"}}
            for n in IDS.get(page, [])]
    return Response(body=json.dumps({"code": 0, "data": {"total": 3, "rows": rows}}).encode(),
                    headers={"Content-Type": "application/json;charset=UTF-8"})


def _routes() -> dict:
    routes: dict = {"/api/zcwj/list": _api}
    for n, title in TITLES.items():
        lines = [f"第{k}条 为推进{title[2:12]}，各有关单位应当按照本方案第{k}项要求抓好落实。" for k in range(1, 9)]
        routes[f"/art/zcwj/{n}.html"] = Response(body=traps.article(title, lines), headers=traps.HTML)
    return routes


def test_records_with_only_an_id_are_read_through_the_url_template(tmp_path: Path) -> None:
    with LoopbackSite(routes=_routes()) as site:
        config = write_config(tmp_path, f'name = "api"\nlisting_urls = ["{site.url("/api/zcwj/list?page=1")}"]\n'
                                        'profile = "json"\njson_items = "data.rows"\n'
                                        'json_url_template = "/art/{category.code}/{id}.html"')
        report = run_json(config)
        asked = [r.path for r in site.requests_to("/art/zcwj/4417.html")]
    assert report["counts"]["new_documents"] == 3, (report["warnings"], report["errors"])
    assert report["errors"] == [] and asked


def test_records_without_a_url_name_their_fields(tmp_path: Path) -> None:
    """Without a template, an id in the URL field is no link: the listing fails, naming the fields
    the records do have, and asks for no /api/zcwj/4417 page."""
    with LoopbackSite(routes=_routes()) as site:
        for field in ("url", "id"):
            source = SourceConfig(name="api", listing_urls=(site.url("/api/zcwj/list?page=1"),), profile="json",
                                  json_items="data.rows", json_url_field=field, allow_private=True)
            found = discover(source, fetch_page, max_pages=5)
            assert not found.refs and not found.complete
            assert "id, title, pubDate, category.code" in found.error and "json_url_template" in found.error, found.error
        assert site.requests_to("/api/zcwj/4417") == []


def test_a_record_lacking_a_template_field_is_counted_not_dropped() -> None:
    def api(request: RecordedRequest) -> Response:
        rows = [{"id": 4417, "title": TITLES[4417]}, {"docId": 9, "title": "缺少编号的记录"}]
        return Response(body=json.dumps({"rows": rows}).encode(), headers={"Content-Type": "application/json"})

    with LoopbackSite(routes={"/api/list": api}) as site:
        source = SourceConfig(name="api", listing_urls=(site.url("/api/list?page=1"),), profile="json",
                              json_url_template="/art/zcwj/{id}.html", allow_private=True)
        found = discover(source, fetch_page, max_pages=1)
    assert [r.url.rsplit("/", 1)[1] for r in found.refs] == ["4417.html"]
    assert "1 of 2 records lack a field of json_url_template" in found.error and "docId" in found.error, found.error


@pytest.mark.parametrize("template", ["/art/{id.html", "/art/index.html", "/art/{id:>5}.html", "/art/{}.html"])
def test_a_bad_url_template_is_a_config_error(template: str) -> None:
    raw = {"sources": [{"name": "api", "listing_urls": ["https://www.x.gov.cn/api/list"], "profile": "json",
                        "json_url_template": template}]}
    with pytest.raises(ConfigError, match=r"json_url_template: .*(?:URL template|record field)"):
        settings_from_dict(raw)


@pytest.mark.parametrize(("value", "url"), [("a#b", "/art/a%23b.html"), ("3?x", "/art/3%3Fx.html"),
                                            ("%E6%94%BF", "/art/%E6%94%BF.html"), ("2024/t1", "/art/2024/t1.html")])
def test_a_template_field_s_question_mark_or_hash_is_quoted(value: str, url: str) -> None:
    """A field inside the template's path (/art/{id}.html) holding # or ? is one part of the
    path: left as it is, id a#b named /art/a and cut the rest off as a fragment. A valid %XX and
    a / (a path field) are the field's own and kept."""
    from policywatch.crawler.apirecords import json_record_url

    assert json_record_url({"id": value}, "url", "/art/{id}.html") == url
