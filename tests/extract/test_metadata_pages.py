"""Metadata of 25 hand-written government detail pages (tests/data/metadata_pages), from outside.

Each page is a template of a different kind of site: the 国务院政策文件库 header table, provincial
信息公开 目录 tables (th/td, label cells wrapped by <br>, a header row over a value row), <dl>,
<ul><li><span>label</span>value, label：value text joined by &nbsp;, labels split across spans,
【label】value, a bold label without a colon, English labels with the field named only by the
value's class, 有效性 as an image's alt or an icon's tooltip, dates as 2023年1月5日, 2023-01-05,
2023.1.5 and 二〇二三年一月五日, a 发文字号 only in the body's first line, a title only in a
<title> polluted by the site's name, a GBK page. truth.toml holds what each page states, written
from the page by hand; every field must come out exactly (benchmarks: 162/175 fields before the
fixes of session 39, 175/175 after).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from policywatch.demo.server import LoopbackSite, Response
from policywatch.extract import extract_file
from tests import unseen

PAGES = Path(__file__).parent.parent / "data" / "metadata_pages"
TRUTH: dict[str, dict[str, str]] = tomllib.loads((PAGES / "truth.toml").read_text(encoding="utf-8"))
FIELDS = ("title", "doc_number", "issuer", "written_date", "published_date", "validity", "index_no")


def test_every_page_has_its_truth() -> None:
    assert sorted(TRUTH) == sorted(p.name for p in PAGES.glob("*.html"))
    assert len(TRUTH) >= 25


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_field_a_page_states_and_none_it_does_not(name: str) -> None:
    got = extract_file(PAGES / name).metadata
    want = TRUTH[name]
    assert {field: getattr(got, field) for field in FIELDS} == {field: want.get(field, "") for field in FIELDS}


@pytest.mark.parametrize("name", ["12_title_only_in_title_tag.html", "13_meta_tags.html", "20_english_class_xxgk.html"])
def test_segment_json_names_the_document_by_its_title(name: str) -> None:
    done = subprocess.run([sys.executable, "-m", "policywatch", "segment", str(PAGES / name), "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == TRUTH[name]["title"]


def test_a_crawl_of_the_pages_stores_every_field_run_json_and_export_give(tmp_path: Path) -> None:
    # from outside: the pages served on loopback under one listing, crawled by `run --json` with
    # a few lines of config, their fields read back by `export` (what a user's tooling sees)
    links = "".join(f'<li><a href="/{name}">{fields["title"]}</a><span>2024-01-01</span></li>'
                    for name, fields in TRUTH.items())
    listing = f"<html><head><meta charset='utf-8'><title>政府文件</title></head><body><ul>{links}</ul></body></html>"
    routes = {"/list.html": Response(body=listing.encode(), headers={"Content-Type": "text/html; charset=utf-8"})}
    with LoopbackSite(PAGES, routes=routes) as site:
        config = unseen.write_config(tmp_path, f'name = "pages"\nlisting_urls = ["{site.url("/list.html")}"]\n'
                                               'link_pattern = "\\\\d\\\\d_\\\\w+\\\\.html"')
        summary = unseen.run_json(config)
    assert summary["errors"] == [] and summary["source_counts"]["pages"]["new_documents"] == len(TRUTH)
    rows = unseen.documents(config)
    got = {name: {field: rows[f"/{name}"][field] for field in FIELDS} for name in TRUTH}
    assert got == {name: {field: want.get(field, "") for field in FIELDS} for name, want in TRUTH.items()}


def test_a_marked_date_repeated_with_other_values_is_a_list_column_not_the_pages_date(tmp_path: Path) -> None:
    # the related documents' dates carry the same class as the page's own would: no field from them
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>关于开展安全检查的通知_某市应急管理局</title></head><body>"
        "<h1>关于开展安全检查的通知</h1><div class='content'><p>各单位：</p><p>现就开展安全检查有关事项通知如下。</p>"
        "<p>一、检查范围为全市生产经营单位。</p></div><ul class='related'>"
        "<li><a href='a.html'>关于加强消防安全的通知</a><span class='pubdate'>2023-06-01</span></li>"
        "<li><a href='b.html'>关于做好防汛工作的通知</a><span class='pubdate'>2023-05-11</span></li></ul></body></html>",
        encoding="utf-8")
    assert extract_file(page).metadata.published_date == ""
    # the same mark once on the page is the page's own date
    page.write_text(page.read_text(encoding="utf-8").replace("2023-05-11", "2023-06-01").replace(
        "<ul class='related'>", "<p class='pubdate'>2023-07-02</p><ul class='related'>"), encoding="utf-8")
    assert extract_file(page).metadata.published_date == ""  # 2023-07-02 and 2023-06-01: still a list


def test_a_body_line_opening_with_a_label_word_and_a_space_is_read_only_as_a_field_of_its_value() -> None:
    # `文号 某发…` at a line's start is a field (a bold label); mid-sentence the word is text
    from policywatch.extract.metadata import from_labels

    assert from_labels("文号 石自然资公告〔2022〕5号\n发布日期 2022年07月13日").doc_number == "石自然资公告〔2022〕5号"
    assert from_labels("本通知自发布日期 起施行").published_date == ""
