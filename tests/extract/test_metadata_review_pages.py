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
