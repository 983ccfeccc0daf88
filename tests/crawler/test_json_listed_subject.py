"""主题分类 from a JSON list API: government portals' list records name it subjectName, ztfl,
themeName, zcfl, fwzt …; a page that does not show its 主题分类 takes the record's, as it takes
the record's 文号 and 索引号 (crawler.apirecords.JSON_METADATA_FIELDS), and a page that does keeps its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policywatch.demo.server import LoopbackSite, RecordedRequest, Response
from tests import traps
from tests.unseen import documents, run_json, write_config

# record id -> (the field name its portal uses, the subject it states)
NAMED = {501: ("subjectName", "综合政务\\其他"), 502: ("ztfl", "工业、交通\\信息产业（含电信）"),
         503: ("themeName", "教育"), 504: ("zcfl", "城乡建设、环境保护"), 505: ("fwzt", "财政、金融、审计"),
         507: ("ztflName", "城乡建设"), 508: ("themeName", "交通运输")}
# records that send a code under a subject key beside the name: the code is no subject a reader sees
CODED = {507: {"ztfl": "0101"}, 508: {"theme": "default"}}
TITLES = {501: "关于印发数字政府建设方案的通知", 502: "关于加快5G网络建设的若干措施", 503: "关于规范中小学课后服务的通知",
          504: "关于加强城镇老旧小区改造的实施意见", 505: "关于进一步加强财政资金管理的通知", 506: "关于做好防汛工作的通知",
          507: "关于加强城市道路管理的通知", 508: "关于调整公交线路的通知"}

TITLES_ORDER = list(TITLES)


def _api(request: RecordedRequest) -> Response:
    rows = [{"id": n, "title": title, "url": f"/art/{n}.html", "pubDate": "2024-01-05",
             # a code beside the name, as portals send both: the code is no subject
             "subjectCode": "0102", **CODED.get(n, {}), **({NAMED[n][0]: NAMED[n][1]} if n in NAMED else {})}
            for n, title in TITLES.items()]
    rows[TITLES_ORDER.index(506)]["subjectName"] = "农业、林业、水利"  # its page states its own 主题分类
    return Response(body=json.dumps({"code": 0, "data": {"total": len(rows), "rows": rows}}, ensure_ascii=False).encode(),
                    headers={"Content-Type": "application/json;charset=UTF-8"})


def _routes() -> dict:
    routes: dict = {"/api/list": _api}
    for n, title in TITLES.items():
        lines = [f"第{k}条 为推进{title[2:12]}，各有关单位应当按照本方案第{k}项要求抓好落实。" for k in range(1, 6)]
        if n == 506:
            lines.insert(0, "主题分类：农业、林业、水利\\水利")
        routes[f"/art/{n}.html"] = Response(body=traps.article(title, lines), headers=traps.HTML)
    return routes


def test_a_list_records_subject_fills_the_subject_its_page_does_not_show(tmp_path: Path) -> None:
    with LoopbackSite(routes=_routes()) as site:
        config = write_config(tmp_path, f'name = "api"\nlisting_urls = ["{site.url("/api/list")}"]\n'
                                        'profile = "json"\njson_items = "data.rows"')
        report = run_json(config)
        assert report["errors"] == [] and report["counts"]["new_documents"] == len(TITLES), report
        rows = documents(config)
    got = {n: rows[f"/art/{n}.html"]["subject"] for n in TITLES}
    assert got == {**{n: subject for n, (_, subject) in NAMED.items()}, 506: "农业、林业、水利\\水利"}


@pytest.mark.parametrize(("record", "subject"), [
    ({"ztfl": "城乡建设、环境保护", "zcflName": "规范性文件"}, "城乡建设、环境保护"),  # a 主题分类 before a 政策分类
    ({"subject": "综合政务", "themeName": "优化营商环境"}, "综合政务"),
    ({"ztfl": "0101,0203"}, ""),  # codes joined are codes
    ({"ztfl": "0101", "ztflName": "城乡建设"}, "城乡建设"),
])
def test_a_records_subject_is_its_first_familys_name(record: dict[str, str], subject: str) -> None:
    from policywatch.crawler.apirecords import json_metadata

    assert json_metadata(record, "t", "").subject == subject
