"""Detail pages a review of the 有效性/title/名称 rules found misread (tests/data/metadata_review41):
the page's own 有效性 in a box that also holds a link (its field row's 废止依据, a status bar's
新修订 link, a 解读 link after the body), a breadcrumb taken for the title, a body table's 名称 cell
over the <h1>; and the sidebars of other documents whose states must stay theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.extract.html import extract_html

DATA = Path(__file__).parent.parent / "data" / "metadata_review41"
FIELDS = ("title", "doc_number", "issuer", "written_date", "published_date", "validity", "index_no", "subject")

# every field each page states (the ones not named are empty)
EXPECTED = {'a1_status_bar_link_above_title.html': {'issuer': '某市人民政府',
                                         'title': '关于印发某市城市管理办法的通知',
                                         'validity': '已失效',
                                         'written_date': '2020-05-06'},
 'a7_mingcheng_table_of_items.html': {'title': '关于公布政府定价目录的通知'},
 'a8_mingcheng_table_attach.html': {'title': '关于公布第一批行政许可事项的通知'},
 'breadcrumb_g1.html': {'title': '关于2023年端午节放假安排的通知'},
 'breadcrumb_g2.html': {'title': '关于2023年端午节放假安排的通知'},
 'breadcrumb_g3.html': {'title': '关于2023年端午节放假安排的通知'},
 'breadcrumb_g4.html': {'title': '关于2023年端午节放假安排的通知'},
 'c1_own_box_icon_related_sidebar_noindex.html': {'published_date': '2021-03-04',
                                                  'title': '某县人民政府关于调整城乡居民医疗保险缴费标准的通知',
                                                  'validity': '有效'},
 'c2_index_table_validity_in_separate_bar.html': {'doc_number': '榕政〔2019〕21号',
                                                  'index_no': '113501000035/2019-00021',
                                                  'issuer': '某市人民政府',
                                                  'title': '关于印发某市住房公积金管理办法的通知',
                                                  'validity': '已废止 查看新修订的某市住房公积金管理办法全文',
                                                  'written_date': '2019-06-01'},
 'c3_validity_text_end_with_related_links.html': {'title': '关于印发某市住房公积金管理办法的通知',
                                                  'validity': '失效 （已被某市人民政府关于印发某市住房公积金管理办法的通知（2023年修订）替代）'},
 'd1_h2_icon_title_differs_sidebar.html': {'published_date': '2021-03-04',
                                           'title': '某县人民政府关于调整城乡居民医疗保险缴费标准的通知',
                                           'validity': '失效'},
 'd2_h2_icon_title_abbrev_sidebar.html': {'title': '某县人民政府关于调整城乡居民医疗保险缴费标准的通知', 'validity': '失效'},
 'd3_status_div_outside_index_table_sidebar.html': {'doc_number': '榕政〔2019〕21号',
                                                    'index_no': '113501000035/2019-00021',
                                                    'title': '关于印发某市住房公积金管理办法的通知',
                                                    'validity': '已失效'},
 'd4_validity_label_end_body_with_related_in_same_container.html': {'title': '某市人民政府关于印发某市住房公积金管理办法的通知',
                                                                    'validity': '已废止'},
 'e2_icon_end_with_jiedu_link.html': {'issuer': '某市人民政府',
                                      'title': '关于印发某市城市管理办法的通知',
                                      'validity': '已失效',
                                      'written_date': '2020-05-06'},
 'e3_xxgk_table_validity_row_link.html': {'doc_number': '榕政〔2019〕21号',
                                          'index_no': '113501000035/2019-00021',
                                          'title': '关于印发某市住房公积金管理办法的通知',
                                          'validity': '已废止（被某市人民政府关于修订某市住房公积金管理办法的通知替代）'},
 'e4_noindex_status_li.html': {'published_date': '2020-05-06', 'title': '某市人民政府关于印发某市城市管理办法的通知', 'validity': '失效'},
 'f1_zhengqiu_table_mingcheng.html': {'title': '关于公开征求《某市物业管理办法（征求意见稿）》意见的公告'},
 'f2_site_title_body_opens_with_date_banner.html': {'title': '关于2023年端午节放假安排的通知'},
 'h1_xxgk_validity_text_row_link.html': {'doc_number': '榕政〔2019〕21号',
                                         'index_no': '113501000035/2019-00021',
                                         'issuer': '某市人民政府',
                                         'title': '关于印发某市住房公积金管理办法的通知',
                                         'validity': '已废止（依据某市人民政府关于废止部分规范性文件的决定）',
                                         'written_date': '2019-06-01'}}

# the second review's pages (r2_): the page's own state before a link to its basis or new version,
# sidebars with a heading entry, a bracketed 【名称】, a column's <h2>, titles holding > or /
EXPECTED.update({
    'r2_q01_status_bar_empty_icon.html': {'issuer': '某市人民政府', 'title': '关于印发某市城市管理办法的通知', 'validity': '失效', 'written_date': '2020-05-06'},
    'r2_q03_status_div_text_basis_link.html': {'doc_number': '榕政〔2019〕21号', 'index_no': '113501000035/2019-00021', 'issuer': '某市人民政府', 'title': '关于印发某市住房公积金管理办法的通知', 'validity': '已废止（依据某市人民政府关于废止部分规范性文件的决定）', 'written_date': '2019-06-01'},
    'r2_q04_status_div_new_version_link.html': {'doc_number': '榕政〔2019〕21号', 'index_no': '113501000035/2019-00021', 'issuer': '某市人民政府', 'title': '关于印发某市住房公积金管理办法的通知', 'validity': '已废止 新版本：某市住房公积金管理办法（2023年修订）', 'written_date': '2019-06-01'},
    'r2_q06_dl_field_validity_with_link.html': {'index_no': '113501000035/2020-00031', 'issuer': '某市人民政府', 'title': '某市人民政府关于印发某市城市管理办法的通知', 'validity': '已废止（某市人民政府关于废止部分规范性文件的决定）'},
    'r2_r01_bracket_mingcheng_site_title.html': {'doc_number': '云应急〔2023〕17号', 'index_no': 'YX-YJ-2023-00041', 'issuer': '云溪区应急管理局', 'title': '云溪区应急管理局关于加强汛期安全生产工作的通知', 'written_date': '2023-05-30'},
    'r2_r04_mingcheng_table_h2_tzgg.html': {'doc_number': '某政发〔2023〕12号', 'index_no': '113501000035/2023-00012', 'issuer': '某市人民政府', 'published_date': '2023-04-10', 'title': '某市人民政府关于印发某市促进民营经济高质量发展若干措施的通知'},
    'r2_s01_site_title_body_gt_title.html': {'issuer': '某市生态环境局', 'title': '关于对颗粒物排放浓度＞10mg/m3企业实施限产的通知', 'written_date': '2023-12-01'},
    'r2_s02_site_title_body_slash_title.html': {'issuer': '某市税务局', 'title': '关于公布2023年度A级/B级/C级纳税人名单的公告', 'written_date': '2024-04-01'},
    'r2_u_dl_items_dd_fields.html': {'doc_number': '某应急发〔2023〕3号', 'issuer': '某市应急管理局', 'title': '关于开展安全检查的通知', 'written_date': '2023-07-01'},
    'r2_u_table_header_row_label.html': {'doc_number': '某应急发〔2023〕3号', 'issuer': '某市应急管理局', 'title': '关于开展安全检查的通知', 'written_date': '2023-07-01'},
    'r2_u_ul_header_li_text.html': {'doc_number': '某应急发〔2023〕3号', 'issuer': '某市应急管理局', 'title': '关于开展安全检查的通知', 'written_date': '2023-07-01'},
})

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_reviewed_page_reads_as_it_states(name: str) -> None:
    doc = extract_html((DATA / name).read_text(encoding="utf-8"), url="http://www.example.gov.cn/art/2023/1/5/art_1.html")
    got = {field: value for field in FIELDS if (value := getattr(doc.metadata, field))}
    assert got == EXPECTED[name]


def test_every_reviewed_page_is_checked() -> None:
    assert sorted(p.name for p in DATA.glob("*.html")) == sorted(EXPECTED)


def test_a_mingcheng_cell_in_the_pages_field_box_yields_to_its_heading() -> None:
    # the 名称 cell is in the page's own field box (beside its 索引号 and 文号), yet the page heads
    # its text with an <h1>: the heading is the title, the cell may abbreviate or name an annex
    box = ("<table><tr><td>索引号</td><td>0001/2023-00001</td><td>文号</td><td>某政发〔2023〕1号</td></tr>"
           "<tr><td>名称</td><td colspan='3'>某市物业管理办法</td></tr></table>")
    page = (f"<html><head><title>某市人民政府</title></head><body>{box}<h1>某市人民政府关于印发某市物业管理办法的通知</h1>"
            "<p>各区县人民政府：</p><p>现印发给你们。</p></body></html>")
    assert extract_html(page, url="http://x.gov.cn/a.html").metadata.title == "某市人民政府关于印发某市物业管理办法的通知"
    # without the heading, the cell in the field box is the title
    unheaded = page.replace("<h1>某市人民政府关于印发某市物业管理办法的通知</h1>", "")
    assert extract_html(unheaded, url="http://x.gov.cn/a.html").metadata.title == "某市物业管理办法"


def test_a_long_list_of_other_documents_states_is_judged_in_linear_time() -> None:
    """A 规范性文件清理结果 page: a table of 3,000 linked documents, each row with a state icon.
    Each row's list was read again for every row (quadratic: 1,000 rows 22 s); in a subprocess
    bounded to a time a linear pass needs a small part of."""
    import subprocess
    import sys

    code = ("from policywatch.extract.html import extract_html; "
            "rows = ''.join(f\"<tr><td><a href='/art/{i}.html'>某市人民政府关于印发第{i}项管理办法的通知</a></td>"
            "<td><span class='yxx shixiao'></span></td></tr>\" for i in range(3000)); "
            "doc = extract_html('<html><head><title>某市人民政府</title></head><body><h1>关于公布规范性文件清理结果的通知</h1>'"
            " + '<p>现将清理结果公布如下。</p><table>' + rows + '</table></body></html>', url='http://x.gov.cn/a.html'); "
            "assert doc.metadata.validity == '', doc.metadata.validity")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=90)


@pytest.mark.parametrize("title", ["关于公布2023年度A级/B级/C级纳税人名单的公告", "关于对颗粒物排放浓度＞10mg/m3企业实施限产的通知",
                                   "关于对PM2.5日均浓度>75μg/m³城市启动预警的通知", "关于做好“双减”→“双增”工作的通知"])
def test_a_title_holding_a_path_separator_is_no_breadcrumb(title: str) -> None:
    from policywatch.extract import metadata

    assert not metadata.is_breadcrumb(title)
    assert metadata.from_text(f"{title}\n各区：\n现将有关事项通知如下。").title == title
    assert metadata.is_breadcrumb("当前位置：首页 > 政务公开 > 通知公告") and metadata.is_breadcrumb("政务公开>政策文件>通知公告")
