"""Per-field accuracy on unseen government sites, measured from outside through `policywatch run --json`.

Every site of tests/govtemplates.py (seven families) and tests/data/unseen_sites (four) is served on
loopback and crawled with a few lines of config, as an outside user would. For each document the
exported row and stored text are scored: title, 发文字号, issuer, 成文日期, 发布日期, 有效性,
attachments found (children read), body complete (every expected line present, in order) and
body clean (no page furniture). A second run after re-rendering only the furniture (counters,
clocks, related links, 上一篇/下一篇) must report 0 changes ("quiet"). Last, the hand-written
detail pages of tests/data/metadata_pages (one template each: 信息公开 tables before or after
the body, glossed labels, law libraries, sidebars of other documents…) are read as local files
and every field they state (索引号 and 主题分类 too) scored against truth.toml.

    PYTHONPATH=. python benchmarks/unseen_fields.py [--sites zhengceku,province] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from policywatch.extract import extract_file
from tests import govtemplates as gt
from tests import unseen
from tests.govtemplates import COLUMNS, FIELDS, measure_site

PAGES = Path(__file__).parent.parent / "tests" / "data" / "metadata_pages"
PAGE_FIELDS = (*FIELDS, "index_no", "subject")

# The four hand-written unseen sites: what their pages state (tests/test_unseen_sites.py).
OLD_SITES: dict[str, tuple[str, dict[str, dict[str, Any]]]] = {
    "govcn": ('name = "govcn"\nlisting_urls = ["{base}/zhengce/zuixin/index.htm"]\nprofile = "trs"', {
        "/zhengce/content/202401/content_9001.htm": {
            "title": "国务院关于推动人工智能产业高质量发展的意见", "doc_number": "国发〔2024〕1号", "issuer": "国务院",
            "written_date": "2023-12-28", "published_date": "2024-01-05", "validity": "", "attachments": [],
            "lines": ["国发〔2024〕1号", "（一）加强算力供给。建设一批智能计算中心，算力规模达到300EFLOPS。", "（此件公开发布）"]}}),
    "hanweb": ('name = "jsgxt"\nlisting_urls = ["{base}/col/col2385/index.html"]\nprofile = "hanweb"', {
        "/art/2024/1/8/art_2385_501.html": {
            "title": None, "doc_number": None, "issuer": "江苏省工业和信息化厅", "written_date": "2024-01-05",
            "published_date": "2024-01-08", "validity": None,
            "attachments": ["江苏省智能制造示范工厂建设指南", "江苏省智能制造示范工厂申报表", "智能制造示范工厂评分细则"],
            "lines": ["各设区市工业和信息化局：", "对认定的示范工厂给予最高200万元奖励。"]},
        "/art/2024/1/8/art_2385_502.html": {
            "title": "省工业和信息化厅关于公布2024年度工业互联网标杆工厂名单的通知", "issuer": "江苏省工业和信息化厅",
            "published_date": "2024-01-09"}}),
    "jsp": ('name = "city"\nlisting_urls = ["{base}/xxgk/zcwj/index.html"]', {
        "/xxgk/zcwj/content.jsp?id=123&columnId=7": {
            "title": "某市人民政府关于支持䶮𫖯科技企业发展的若干措施", "doc_number": "某政发〔2024〕3号", "issuer": "某市人民政府",
            "written_date": "2024-01-28", "published_date": "2024-02-01", "validity": "有效",
            "lines": ["为支持䶮𫖯科技等企业发展，制定以下措施。"]}}),
    "gkmlpt": ('name = "gd"\nlisting_urls = ["{base}/gkmlpt/api/all/5?page=0"]\nprofile = "json"\njson_items = "articles"\n'
               'json_url_field = "url"\njson_title_field = "title"', {
        "/gkmlpt/content/4/4322/post_4322.html": {
            "title": "广东省人民政府办公厅关于进一步推动低空经济发展的意见", "doc_number": "粤府办〔2024〕7号",
            "issuer": "广东省人民政府办公厅", "written_date": "2024-02-18"}}),
}


def run(sites: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {"docs": {}, "quiet": {}, "problems": {}}
    for name in sites:
        with tempfile.TemporaryDirectory() as tmp_dir:
            tmp = Path(tmp_dir)
            if name in gt.SITES:
                site = gt.SITES[name]
                root = tmp / "www"
                gt.render(site, root, 0)
                scores, quiet, problems = measure_site(
                    name, site.config, gt.expected(site), lambda s=site, r=root: gt.serve(s, r),
                    lambda s=site, r=root: gt.render(s, r, 1), tmp)
            else:
                config_lines, want = OLD_SITES[name]
                scores, quiet, problems = measure_site(name, config_lines, want, lambda n=name: unseen.serve(n),
                                                       lambda: None, tmp)
        results["docs"].update(scores)
        results["quiet"][name] = quiet
        results["problems"][name] = problems
    return results


def detail_pages() -> dict[str, list[int]]:
    """field -> [right, pages] over the hand-written detail pages; a field a page does not state
    must come out empty."""
    truth = tomllib.loads((PAGES / "truth.toml").read_text(encoding="utf-8"))
    totals = {field: [0, 0] for field in PAGE_FIELDS}
    for name, want in truth.items():
        got = extract_file(PAGES / name).metadata
        for field in PAGE_FIELDS:
            totals[field][0] += getattr(got, field) == want.get(field, "")
            totals[field][1] += 1
    return totals


def table(results: dict[str, Any]) -> str:
    rows = [f"{'document':62} " + " ".join(f"{c[:9]:>9}" for c in COLUMNS)]
    totals = {c: [0, 0] for c in COLUMNS}
    for doc, scores in results["docs"].items():
        cells = []
        for c in COLUMNS:
            value = scores.get(c)
            cells.append(f"{'-' if value is None else 'ok' if value else 'FAIL':>9}")
            if value is not None:
                totals[c][0] += bool(value)
                totals[c][1] += 1
        rows.append(f"{doc[:62]:62} " + " ".join(cells))
    rows.append(f"{'accuracy':62} " + " ".join(f"{f'{a}/{n}':>9}" for a, n in totals.values()))
    quiet = results["quiet"]
    rows.append(f"furniture-only re-crawl reports 0 changes: {sum(quiet.values())}/{len(quiet)} sites"
                + "".join(f"  {k}=FAIL" for k, v in quiet.items() if not v))
    if "pages" in results:
        pages = results["pages"]
        rows.append(f"detail pages ({next(iter(pages.values()))[1]}, tests/data/metadata_pages): "
                    + "  ".join(f"{field} {a}/{n}" for field, (a, n) in pages.items()))
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default=",".join([*gt.SITES, *OLD_SITES]))
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    parser.add_argument("--problems", action="store_true", help="print each site's run errors and warnings")
    args = parser.parse_args()
    results = run(args.sites.split(","))
    results["pages"] = detail_pages()
    print(table(results))
    if args.problems:
        for site, problems in results["problems"].items():
            for problem in problems:
                print(f"{site}: {problem}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    failed = (any(v is False for s in results["docs"].values() for v in s.values()) or not all(results["quiet"].values())
              or any(a < n for a, n in results["pages"].values()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
