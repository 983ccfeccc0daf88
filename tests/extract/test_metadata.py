"""Metadata parsing: dates, 文号 folding, label layouts and synonyms, text fallbacks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.extract import extract
from policywatch.extract.metadata import fold_doc_number, from_labels, from_text, parse_date, title_from_lines
from tests.govsite import seed_lines


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2018年5月11日", "2018-05-11"),
        ("2018 年 5 月 11 日", "2018-05-11"),
        ("2019-07-03-09:30:00", "2019-07-03"),
        ("2022.12.20", "2022-12-20"),
        ("2024/1/2 10:11", "2024-01-02"),
        ("二〇一八年五月十一日", "2018-05-11"),
        ("二〇二二年十二月二十一日", "2022-12-21"),
        ("发布于二〇二三年十月三十日，修订于2024年1月1日", "2023-10-30"),
        ("2024年13月40日", ""),
        ("无", ""),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "raw",
    ["苏经信科技〔2018〕329号", "苏经信科技[2018]329号", "苏经信科技［2018］329号", "苏经信科技【2018】329号",
     "苏经信科技(2018)329号", "苏经信科技（2018）329号", "苏经信科技„2018“329号", "苏经信科技〔2018〕329 号",
     " 苏经信科技 [ 2018 ] 329 号 "],
)
def test_doc_number_brackets_fold_to_tortoise_shell(raw):
    assert fold_doc_number(raw) == "苏经信科技〔2018〕329号"


@given(prefix=st.text(alphabet="宁政办发苏经信科技国府规深", min_size=1, max_size=8),
       year=st.integers(1990, 2030), serial=st.integers(1, 9999),
       brackets=st.sampled_from(["〔〕", "[]", "［］", "【】", "()", "（）", "„“"]))
@settings(max_examples=100, deadline=None)
def test_doc_number_folding_is_idempotent_and_canonical(prefix, year, serial, brackets):
    folded = fold_doc_number(f"{prefix}{brackets[0]}{year}{brackets[1]}{serial}号")
    assert folded == f"{prefix}〔{year}〕{serial}号"
    assert fold_doc_number(folded) == folded


@given(year=st.integers(1950, 2049), month=st.integers(1, 12), day=st.integers(1, 28),
       form=st.sampled_from(["{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}.{m}.{d}", "{y}/{m}/{d}"]))
@settings(max_examples=100, deadline=None)
def test_every_date_form_parses_to_the_same_iso_date(year, month, day, form):
    assert parse_date(form.format(y=year, m=month, d=day)) == f"{year:04d}-{month:02d}-{day:02d}"


def test_labels_with_fullwidth_spaces_without_colons_and_several_per_line():
    lines = "\n".join([
        "标\u3000\u3000题\t关于开展人工智能揭榜挂帅的通知",
        "发文字号：宁政发〔2024〕1号　　成文日期：2024年1月2日",
        "发布机构",
        "南京市人民政府",
        "有 效 性：现行有效\t主题分类：科技",
        "发布日期：2024-01-05 浏览次数：233",
    ])
    meta = from_labels(lines)
    assert meta.title == "关于开展人工智能揭榜挂帅的通知"
    assert meta.doc_number == "宁政发〔2024〕1号"
    assert meta.written_date == "2024-01-02"
    assert meta.issuer == "南京市人民政府"
    assert meta.validity == "现行有效"
    assert meta.published_date == "2024-01-05"


def test_empty_values_stay_empty_and_prose_does_not_look_like_labels():
    meta = from_labels("文号：无\n本办法所称文号是指机关代字。\n索引号：")
    assert meta.doc_number == "" and meta.index_no == ""


def test_text_metadata_of_a_pdf_style_seed():
    text = "\n".join(seed_lines("000_9f0041d443b88405.txt", 0, 12))
    meta = from_text(text)
    assert meta.title == "关于印发江苏省新一代人工智能产业发展实施意见的通知"
    assert meta.doc_number == "苏经信科技〔2018〕329号"
    assert meta.issuer == "江苏省经济和信息化委员会"
    assert meta.written_date == "2018-05-11"


def test_text_metadata_of_a_markdown_seed():
    meta = extract("\n".join(seed_lines("004_1a3ddd08d567a234.txt", 0, 8)).encode(), url="file:///x.md",
                   content_type="text/plain").metadata
    assert meta.title == "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知"
    assert meta.doc_number == "宜政办发〔2023〕22号"
    assert meta.issuer == "宜兴市人民政府办公室"
    assert meta.written_date == "2023-07-03"


def test_title_lines_stop_at_clause_markers():
    assert title_from_lines(["关于《实施意见》的起草说明", "一、起草背景"]) == "关于《实施意见》的起草说明"
    assert title_from_lines(["关于印发江苏省新一代人工智能产业", "发展实施意见的通知", "各设区市："]) == (
        "关于印发江苏省新一代人工智能产业发展实施意见的通知"
    )


def test_a_text_that_starts_with_its_clauses_or_a_sentence_has_no_title():
    assert title_from_lines(["第一条 为了规范管理，制定本办法。", "第二条 适用范围"]) == ""
    assert title_from_lines(["一、总体要求", "（一）指导思想"]) == ""
    assert title_from_lines(["为促进产业发展，特制定以下措施：", "一、总体要求"]) == ""
    # a short line before the clauses is still the title
    assert title_from_lines(["人工智能产业扶持办法", "第一条 为了规范管理，制定本办法。"]) == "人工智能产业扶持办法"


def test_meta_tags_fill_what_the_page_lacks():
    page = """<html><head><title>首页</title><meta name="ArticleTitle" content="关于数据要素的若干措施">
    <meta name="firstpublishedtime" content="2024-03-08-10:00:00"><meta name="ContentSource" content="市数据局">
    </head><body><div id="zoom"><p>一、总体要求。为加快培育数据要素市场，制定本措施。</p></div></body></html>"""
    meta = extract(page.encode(), url="http://x.gov.cn/a.html").metadata
    assert (meta.title, meta.published_date, meta.issuer) == ("关于数据要素的若干措施", "2024-03-08", "市数据局")


def test_a_table_inside_the_body_does_not_become_metadata():
    page = """<html><head><title>关于公布人工智能示范项目的通知_市工信局</title></head><body>
    <div class="TRS_Editor"><p>现将2024年度人工智能示范项目名单公布如下：</p>
    <table><tr><td>名称</td><td>承担单位</td></tr><tr><td>智能工厂</td><td>某公司</td></tr></table></div></body></html>"""
    meta = extract(page.encode(), url="http://x.gov.cn/t20240101_1.html").metadata
    assert meta.title == "关于公布人工智能示范项目的通知"
    assert meta.issuer == "" and meta.doc_number == ""


def test_a_text_that_opens_with_its_fields_reads_them_and_is_not_titled_by_them() -> None:
    """浙江 首台（套）应用奖励 notice as a database copy (tests/data/policy_pairs/zj_award.old.txt)
    opens with `文号:…` and no title line: that line is its 文号, not its title."""
    real = from_text("文号:浙经信装备〔2023〕198号\n各市、县(市、区)经信局、财政局(宁波不发):\n"
                     "为贯彻落实有关要求,现就做好2023年度制造业首台(套)装备应用奖励申报工作通知如下:")
    assert (real.title, real.doc_number) == ("", "浙经信装备〔2023〕198号")
    # variant: several fields above the title line, a label padded with a full-width space
    variant = from_text("发布日期：2024年3月5日\n发文机关：某市科学技术局\n来\u3000源：本网\n"
                        "关于做好2024年科技创新券申领工作的通知\n各区科技局：\n现就有关事项通知如下：")
    assert variant.title == "关于做好2024年科技创新券申领工作的通知"
    assert (variant.published_date, variant.issuer) == ("2024-03-05", "某市科学技术局")
    # a sentence that happens to hold a colon early is text, not a field
    assert from_text("关于某事的通知\n经研究：同意你单位申请。").title == "关于某事的通知"


@pytest.mark.parametrize(("lines", "validity"), [
    ("索引号：000014349/2020-00071\t文件状态：已废止", "已废止"),  # not the 文件状态 the template shows
    ("时　　效：部分失效\n发布日期：2021-03-01", "部分失效"),
    ("状态\n现行有效", "现行有效"),  # a label alone in its cell, the value the next line
    ("是否有效：否\t主题分类：财政", "失效"),  # 否 says it no longer holds, not that it was repealed
    ("是 否 有 效：是", "有效"),
    ("索引号\t文号\t状态\n01/2024-1\t苏政发〔2024〕1号\t已失效", "已失效"),  # a horizontal table
])
def test_validity_under_the_other_labels_sites_use(lines: str, validity: str) -> None:
    assert from_labels(lines).validity == validity


@pytest.mark.parametrize("lines", ["状态：已发布\n发布日期：2024-01-05", "时效：2024年", "是否有效：待定"])
def test_a_generic_status_label_without_a_legal_status_is_not_validity(lines: str) -> None:
    assert from_labels(lines).validity == ""


def test_partly_expired_or_repealed_is_not_read_as_the_whole_document_ended() -> None:
    from policywatch.model.validity import validity_state

    assert [validity_state(v) for v in ("部分失效", "部分废止", "已失效", "已废止", "已废止部分失效")] == [
        "", "", "expired", "repealed", "repealed"]
