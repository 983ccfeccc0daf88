"""Metadata of 52 hand-written government detail pages (tests/data/metadata_pages), from outside.

Each page is a template of a different kind of site: the 国务院政策文件库 header table, provincial
信息公开 目录 tables (th/td, label cells wrapped by <br>, a header row over a value row), <dl>,
<ul><li><span>label</span>value, label：value text joined by &nbsp;, labels split across spans,
【label】value, a bold label without a colon, English labels with the field named only by the
value's class, 有效性 as an image's alt or an icon's tooltip, dates as 2023年1月5日, 2023-01-05,
2023.1.5 and 二〇二三年一月五日, a 发文字号 only in the body's first line, a title only in a
<title> polluted by the site's name, a GBK page. Session 40 added fifteen modelled on real
templates: values in <label> after the label text, a commented-out row of fields, three bold
pairs a row, a law library's colspan table with 实施日期, a PC table with its mobile copy, 有效性
only as an icon's class (beside a form's invalid-feedback), label and value in two flush <span>s,
th scope=row, label⇥：⇥value cells, 信息索引号 and 是否有效：否, bilingual label cells, an info
line above an <h3> title, pinyin/English classes only (ztfl). truth.toml holds what each page
states, written from the page by hand; every field must come out exactly (benchmarks: 162/175
fields before the fixes of session 39, 175/175 after; session 40's pages: 102/120 on main,
120/120 after, the first 25 pages 200/200 with 主题分类 counted). Session 41 added twelve: a
信息公开 table after the body beside a 热点 sidebar of other documents' state icons, 成文日期 in
Chinese numerals beside a 发布日期 in slashes, a 文号 only under a red header with <title> the
county's name (GB18030), glosses between label and colon (索引号(Index No.)：, 发文机关 / Issuing
Authority：) and before a flush label (Index No. 索引号), a four-column table with 名称 and 信息分类
cells, a law library's 制定机关/公布日期/施行日期, an info bar joined by |, a header row over its
values after the body, a related box of 文号/dates/icons, an issuer with its English name,
生成日期/公开日期 in a <dl> (79/96 fields on main, 96/96 after).
"""

from __future__ import annotations

import html
import json
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policywatch.demo.server import LoopbackSite, Response
from policywatch.extract import extract_file
from policywatch.extract.html import extract_html
from policywatch.model import ExtractedDocument
from tests import unseen

PAGES = Path(__file__).parent.parent / "data" / "metadata_pages"
TRUTH: dict[str, dict[str, str]] = tomllib.loads((PAGES / "truth.toml").read_text(encoding="utf-8"))
FIELDS = ("title", "doc_number", "issuer", "written_date", "published_date", "validity", "index_no", "subject")


def test_every_page_has_its_truth() -> None:
    assert sorted(TRUTH) == sorted(p.name for p in PAGES.glob("*.html"))
    assert len(TRUTH) >= 40


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
    served = tmp_path / "www"
    shutil.copytree(PAGES, served)
    with LoopbackSite(served, routes=routes) as site:
        config = unseen.write_config(tmp_path, f'name = "pages"\nlisting_urls = ["{site.url("/list.html")}"]\n'
                                               'link_pattern = "\\\\d\\\\d_\\\\w+\\\\.html"')
        summary = unseen.run_json(config)
        assert summary["errors"] == [] and summary["source_counts"]["pages"]["new_documents"] == len(TRUTH)
        rows = unseen.documents(config)
        got = {name: {field: rows[f"/{name}"][field] for field in FIELDS} for name in TRUTH}
        assert got == {name: {field: want.get(field, "") for field in FIELDS} for name, want in TRUTH.items()}
        # 主题分类 travels with the other fields: run --json's events, `list --format json`, the report site
        subjects = {name: want["subject"] for name, want in TRUTH.items() if want.get("subject")}
        for name in subjects:  # a clause added to each: a change event on the next run
            page = served / name
            charset = "gbk" if b"charset=gb" in page.read_bytes() else "utf-8"  # as each page is served
            page.write_text(page.read_text(encoding=charset).replace("。</p>", "。本通知自发布之日起施行。</p>", 1),
                            encoding=charset)
        events = {urlsplit(e["url"]).path.lstrip("/"): e["metadata"] for e in unseen.run_json(config)["events"]
                  if e["url"]}
    assert {name: events[name]["subject"] for name in subjects} == subjects
    listed = _listed(config)
    assert {name: listed[name]["subject"] for name in subjects} == subjects
    for name, subject in subjects.items():
        page = (tmp_path / "site" / "documents" / f"{listed[name]['id']}.html").read_text(encoding="utf-8")
        assert "主题分类" in page and html.escape(subject) in page
    # a store written before the field existed (its metadata JSON without it) still opens, read as ""
    with sqlite3.connect(tmp_path / "pw.db") as db:
        db.execute("UPDATE documents SET metadata = json_remove(metadata, '$.subject')")
    assert {row["subject"] for row in _listed(config).values()} == {""}
    assert {row["subject"] for row in unseen.documents(config).values()} == {""}


def _listed(config: Path) -> dict[str, dict[str, object]]:
    done = unseen.cli("list", "--config", str(config), "--format", "json")
    assert done.returncode == 0, done.stderr
    return {urlsplit(row["url"]).path.lstrip("/"): row for row in json.loads(done.stdout)}


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
    # a list no class calls furniture, its entries without links: its dates are still a column
    page.write_text(page.read_text(encoding="utf-8").replace("<a href='a.html'>", "<b>").replace(
        "<a href='b.html'>", "<b>").replace("</a>", "</b>").replace("'related'", "'items'"), encoding="utf-8")
    assert extract_file(page).metadata.published_date == ""
    # the same mark once outside the related list is the page's own date: the list's entries,
    # beside their links, are the linked documents' dates
    page.write_text(page.read_text(encoding="utf-8").replace("<b>", "<a href='x.html'>").replace("</b>", "</a>").replace(
        "<ul class='items'>", "<p class='pubdate'>2023-07-02</p><ul class='items'>"), encoding="utf-8")
    assert extract_file(page).metadata.published_date == "2023-07-02"


_HEAD = "<html><head><meta charset='utf-8'><title>关于开展安全检查的通知_某市应急管理局</title></head><body>"
_BODY = ("<div class='content'><h1>关于开展安全检查的通知</h1><p style='text-align:center'>某应急发〔2023〕3号</p>"
         "<p>各单位：</p><p>现就开展安全检查有关事项通知如下。</p>{}<p>一、检查范围为全市生产经营单位。</p>"
         "<p>某市应急管理局</p><p>2023年7月1日</p></div>")


def _page(before: str = "", inside: str = "", after: str = "") -> ExtractedDocument:
    return extract_html(_HEAD + before + _BODY.format(inside) + after + "</body></html>", url="http://x.gov.cn/a.html")


@pytest.mark.parametrize("item", ["<li>【{}】{}</li>", "<li><b>{}</b> {}</li>"])
def test_a_body_list_of_instructions_about_the_fields_stays_text_and_gives_no_field(item: str) -> None:
    # a notice about filling in the 信息公开 catalogue: its list was taken for the page's block,
    # removed from the text, and its sentences became the title, issuer and 索引号
    rules = [("标题", "应与正文标题一致，不得简写"), ("发文机关", "填写制发文件的机关全称"),
             ("索引号", "由目录系统自动生成，不得手工修改"), ("成文日期", "以负责人签发的日期为准")]
    doc = _page(inside="<ul>" + "".join(item.format(label, rule) for label, rule in rules) + "</ul>")
    assert all(rule in doc.text for _, rule in rules)
    got = doc.metadata
    assert (got.title, got.issuer, got.index_no, got.written_date) == ("关于开展安全检查的通知", "某市应急管理局", "", "2023-07-01")


def test_bracketed_and_bare_labels_are_read_only_where_a_label_stands_and_before_a_value() -> None:
    from policywatch.extract.metadata import from_labels

    # mid-sentence 【label】: a sentence about the field, not the field
    assert from_labels("二、请在【标题】栏填写文件全称，在【发文机关】栏填写单位全称。").to_dict() == from_labels("").to_dict()
    # one after another on a line: each value ends where the next 【 opens
    got = from_labels("【索引号】0001/2023-00001【发布日期】2023-07-02【有效性】有效")
    assert (got.index_no, got.published_date, got.validity) == ("0001/2023-00001", "2023-07-02", "有效")
    # a bare label after another field's value ends that value
    got = from_labels("发布机构 某市应急管理局   发布日期 2023-07-02")
    assert (got.issuer, got.published_date) == ("某市应急管理局", "2023-07-02")
    assert from_labels("索引号 0001/2023-00001 主题分类 综合政务").index_no == "0001/2023-00001"
    # a body sentence opening with a label word is no field
    got = from_labels("状态 现行有效的文件由各单位自行清理。\n标题 应当简明扼要。\n文号 由办公室统一编排，格式为某发〔2023〕1号。")
    assert (got.validity, got.title, got.doc_number) == ("", "", "")


@pytest.mark.parametrize(("before", "after", "field"), [
    ("", "<div class='side'><h3>相关解读</h3><p><a href='j.html'>关于某办法的解读</a> <span class='docno'>某办发〔2021〕9号</span></p></div>",
     "doc_number"),
    ("", "<div class='footer'><p class='publisher'>主办：某市人民政府办公室</p></div>", "issuer"),
    ("", "<div id='footer-issuer'>某市大数据中心</div>", "issuer"),
    ("", "<ul class='xgwj'><li><a href='a.html'>某市安全生产条例实施办法</a><span class='cwrq'>2019-05-01</span></li></ul>",
     "written_date"),
    ("", "<p class='invalidity'>失效文件请勿引用</p>", "validity"),
    ("<div class='top'><span id='pubtime'>今天是2023年12月05日 星期二</span></div>", "", "published_date"),
])
def test_a_class_marked_value_of_sidebars_footers_and_related_lists_never_replaces_the_pages(
        before: str, after: str, field: str) -> None:
    assert _page(before=before, after=after).metadata.to_dict() == _page().metadata.to_dict()


def test_a_class_marked_value_fills_only_what_the_page_does_not_state_and_says_where_it_came_from() -> None:
    doc = _page(before="<div class='info'><span class='docno'>某应急发〔2023〕3号</span>"
                       "<span class='pubdate'>2023-07-02</span><span class='publisher'>某市人民政府</span></div>")
    assert (doc.metadata.published_date, doc.metadata.issuer) == ("2023-07-02", "某市应急管理局")
    assert doc.origins == (("doc_number", "text (a 文号 line near the top)"),)
    unnumbered = _BODY.replace("<p style='text-align:center'>某应急发〔2023〕3号</p>", "").format("")
    plain = extract_html(_HEAD + unnumbered + "<div class='info'><span class='docno'>某应急发〔2023〕3号</span></div>"
                         "</body></html>", url="http://x.gov.cn/b.html")
    assert plain.metadata.doc_number == "某应急发〔2023〕3号"
    assert plain.origins == (("doc_number", "element marked docno (class or id)"),)


def test_tool_icons_beside_a_value_are_not_read_as_text() -> None:
    # an empty element's title is read only when it is its cell's one content (有效性 as an icon)
    for tools in ("<a class='print' title='打印' href='javascript:print()'></a><a class='close' title='关闭'></a>",
                  "<a href='#' class='share' title='分享到微信'></a>", "<i title='打印本页'></i>"):
        doc = _page(before=f"<div class='info'><p>发布机构：某市人民政府办公室 {tools}</p></div>")
        assert doc.metadata.issuer == "某市人民政府办公室"


def test_a_no_break_space_before_an_editors_wrap_inside_a_value_keeps_it_whole() -> None:
    doc = _page(before="<div class='info'><p>发文机关：某市人民政府&nbsp;\n办公厅</p></div>")
    assert doc.metadata.issuer == "某市人民政府办公厅"


def test_a_body_line_opening_with_a_label_word_and_a_space_is_read_only_as_a_field_of_its_value() -> None:
    # `文号 某发…` at a line's start is a field (a bold label); mid-sentence the word is text
    from policywatch.extract.metadata import from_labels

    assert from_labels("文号 石自然资公告〔2022〕5号\n发布日期 2022年07月13日").doc_number == "石自然资公告〔2022〕5号"
    assert from_labels("本通知自发布日期 起施行").published_date == ""


@pytest.mark.parametrize("word", ["分类", "来源", "关键词", "主题词", "时效", "文号"])
def test_a_label_word_spaced_inside_a_colon_labelled_value_does_not_cut_it(word: str) -> None:
    # 标题：关于做好生活垃圾 分类 工作的通知 gave the title 关于做好生活垃圾: a bare word marks no label
    title = f"关于做好生活垃圾 {word} 工作的通知"
    doc = _page(before=f"<div class='info'><p>标题：{title}</p><p>发布日期：2023-07-02</p></div>")
    assert (doc.metadata.title, doc.metadata.published_date) == (title, "2023-07-02")


def test_a_body_listing_documents_under_bare_labels_gives_the_page_none_of_their_fields() -> None:
    # a 清理结果 notice: the listed document's title, 文号, date and state replaced the page's
    listed = ("<p>文件名称 关于加强城市管理的若干规定</p><p>文号 某政发〔2010〕5号</p><p>发布日期 2010-05-01</p>"
              "<p>状态 废止</p>")
    doc = _page(inside=listed)
    assert doc.metadata.to_dict() == _page().metadata.to_dict()
    assert "文号 某政发〔2010〕5号" in doc.text


def test_a_bracketed_colon_label_value_ends_at_its_closing_bracket() -> None:
    doc = _page(before="<div class='info'><p>【发文机关：国务院办公厅】 【发布时间：2023-07-02】</p></div>")
    assert (doc.metadata.issuer, doc.metadata.published_date) == ("国务院办公厅", "2023-07-02")


def test_one_no_break_space_before_a_wrap_between_two_spans_of_one_value_joins_them() -> None:
    # the editor's wrap inside one title (main's reading); two &nbsp; between fields stay a gap
    doc = _page(before="<div class='info'><p>标题：<span>关于开展安全生产</span>&nbsp;\n<span>大检查的通知</span></p>"
                       "<p><span>发文机关：某市人民政府</span>&nbsp;&nbsp;\n<span>发文字号：某政发〔2023〕5号</span></p></div>")
    assert (doc.metadata.title, doc.metadata.issuer, doc.metadata.doc_number) == (
        "关于开展安全生产大检查的通知", "某市人民政府", "某政发〔2023〕5号")


@pytest.mark.parametrize("issuer", ["国务院", "教育部", "财政部", "审计署", "证监会", "市政府", "中国人民银行", "教育部、财政部",
                                    "商务部 海关总署", "中共中央办公厅 国务院办公厅"])
@pytest.mark.parametrize("label", ["<strong>发布机构</strong> {}", "【发文机关】{}"])
def test_a_bracketed_or_bare_issuer_is_any_organs_name_short_or_joint(label: str, issuer: str) -> None:
    # names of two characters before 院/部/署/会/府 and 中国人民银行 were refused as no organ's
    doc = _page(before=f"<div class='info'><p>{label.format(issuer)}</p></div>")
    assert doc.metadata.issuer == issuer


@pytest.mark.parametrize("block", [
    "<p class='info'>发布人：办公室 <span class='pubdate'>2023-07-02</span> <a href='javascript:window.print()'>打印</a></p>",
    "<p><span class='pubdate'>2023-07-02</span> 字号：<a href='#'>大</a> <a href='#'>中</a> <a href='#'>小</a></p>",
    "<p><span class='pubdate'>2023-07-02</span> <a href='fj/2023.pdf'>附件1</a></p>",
    "<div class='article-header'><p><span class='pubdate'>2023-07-02</span></p></div>",
    "<div class='info'><span class='pubdate'>[2023-07-02]</span></div>",
    "<div class='info'><span class='pubdate'>（2023-07-02）</span></div>",
    "<div class='info'><span class='pubdate'>日期：2023-07-02</span></div>",
    "<div class='info'><span class='pubdate'>2023-07-02 来源：某局</span></div>",
    "<div class='info'><span class='pubdate'>发布于 2023-07-02</span></div>",
])
def test_a_class_marked_date_is_read_beside_the_pages_own_tools_labels_and_brackets(block: str) -> None:
    # only a link to another document (a related list's entry) makes a marked date someone else's
    page = extract_html(_HEAD + block + _BODY.format("").replace("<p>2023年7月1日</p>", "") + "</body></html>",
                        url="http://x.gov.cn/a.html")
    assert page.metadata.published_date == "2023-07-02"


@pytest.mark.parametrize(("block", "state"), [
    ("<table><tr><td>有效性：</td><td><span class='yxx youxiao'></span></td></tr></table>", "有效"),
    ("<table><tr><td>有效性：</td><td><i class='icon-shixiao'></i></td></tr></table>", "失效"),
    ("<p>有效性：<span class='status-invalid'> </span></p>", "失效"),
    ("<p>时效性：<i class='iconFeizhi'></i></p>", "废止"),
    ("<div class='info'><span class='yxx youxiao'></span></div>", "有效"),  # no label: the mark's own class
    ("<ul class='info'><li class='validity'><i class='icon-abolished'></i></li></ul>", "废止"),
])
def test_validity_shown_only_by_an_empty_icons_class_is_read(block: str, state: str) -> None:
    # no text, no title, no alt: the class name is all a reader's eye gets (a coloured badge)
    assert _page(before=block).metadata.validity == state


@pytest.mark.parametrize("block", [
    # Bootstrap's form feedback and control states: a form's, not the document's
    "<form><div class='form-group'><label>状态：</label><input class='form-control is-invalid'>"
    "<div class='invalid-feedback'></div></div></form>",
    "<p>有效性：<span class='invalid-feedback'></span></p>",
    "<p>状态：<span class='valid-tooltip'></span></p>",
    # an icon given two states says none
    "<p>有效性：<i class='icon-youxiao icon-shixiao'></i></p>",
])
def test_a_class_that_only_looks_like_a_state_gives_no_validity(block: str) -> None:
    assert _page(before=block).metadata.validity == ""


_OTHERS = "<a href='/a.html'>关于加强消防安全的通知</a>"


@pytest.mark.parametrize("box", [
    f"<div class='hot-box'><div class='hd'>热点</div><div class='bd'><div class='item'>{_OTHERS}"
    "<span class='yxx shixiao'></span></div></div></div>",
    f"<div class='box'><h3>热点</h3><span class='yxx shixiao'></span><ul><li>{_OTHERS}</li></ul></div>",
    f"<div class='wjlb'><div class='row'><div class='c1'>{_OTHERS}</div><div class='c2'><span class='yxx shixiao'></span>"
    "</div></div></div>",
    f"<div class='hot'><h3>相关文件</h3><ul><li>{_OTHERS} 有效性：<i class='icon-shixiao'></i></li></ul></div>",
    f"<div class='hot'><div class='it'>{_OTHERS}<span>有效性：</span><span class='yxx shixiao'></span></div></div>",
    f"<div class='hot-box'><div class='item'>{_OTHERS}<span class='yxx'>失效</span></div></div>",
    # its state in words after a label: the page's labels are read first come, first served
    f"<div class='hot'><h3>相关文件</h3><ul><li>{_OTHERS} 有效性：失效</li></ul></div>",
    f"<div class='side'><dl><dt>{_OTHERS}</dt><dd>时效性：已失效</dd></dl></div>",
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_state_in_a_box_of_other_documents_is_not_the_pages(box: str, where: str) -> None:
    # a sidebar of other documents (热点, 相关文件) marks each entry's state by the icon the
    # page's own block would use: by its class or after its label, it made the page 失效
    doc = _page(before=box) if where == "before" else _page(after=box)
    assert doc.metadata.validity == ""
    # the same icon in the page's own metadata box (beside its 索引号, or by its title) is the page's
    own = ("<table class='xxgk'><tr><td>索引号：</td><td>0001/2023-00001</td><td>有效性</td>"
           "<td class='yxx'><i class='icon-shixiao'></i></td></tr></table>")
    assert _page(before=own, after=box).metadata.validity == "失效"
    assert _page(before=box, inside="<span class='yxx shixiao'></span>").metadata.validity == "失效"
    own = "<table class='xxgk'><tr><td>索引号：</td><td>0001/2023-00001</td><td>有效性：</td><td>现行有效</td></tr></table>"
    assert _page(before=box + own).metadata.validity == "现行有效"


def test_a_long_list_of_other_documents_states_is_judged_box_by_box_once() -> None:
    # 5,000 entries of a related list deep in a layout, each with its state icon: each entry's
    # box is judged once (it was every icon climbing every ancestor, rendering each)
    import time

    rows = "".join(f"<div class='item'><a href='/a{i}.html'>关于做好第{i}项工作的通知</a><span class='yxx shixiao'></span></div>"
                   for i in range(5000))
    started = time.process_time()
    doc = _page(after="<div>" * 100 + rows + "</div>" * 100)
    assert doc.metadata.validity == ""
    assert time.process_time() - started < 10  # ~0.7 s here
