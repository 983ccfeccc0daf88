"""Metadata layouts the first test sites lacked: 名称： titles, column heads that are not labels."""

from __future__ import annotations

from policywatch.extract import extract
from policywatch.extract.metadata import from_labels


def meta(html: str) -> dict[str, str]:
    return extract(html.encode(), url="http://x.gov.cn/a.html", content_type="text/html").metadata.to_dict()


def test_a_padded_name_label_with_a_colon_is_the_title_over_a_site_name_heading() -> None:
    got = meta("""<html><head><title>政府网站</title></head><body><ul class="xxgk">
        <li><label>索 引 号：</label><span>K123/2024-001</span></li>
        <li><label>发 布 机 构：</label><span>武汉市人民政府</span></li>
        <li><label>名　　称：</label><span>武汉市关于促进数字经济发展的若干措施</span></li></ul>
        <h1>武汉市人民政府</h1><div class="article-content"><p>一、加快数字基础设施建设。</p></div></body></html>""")
    assert (got["title"], got["issuer"], got["index_no"]) == (
        "武汉市关于促进数字经济发展的若干措施", "武汉市人民政府", "K123/2024-001")


def test_column_heads_of_a_body_table_are_not_labels() -> None:
    got = meta("""<html><head><title>关于公布名单的通知</title></head><body><div class="TRS_Editor">
        <p>现将名单公布如下：</p><table><tr><th>序号</th><th>名称</th><th>发布日期</th><th>文号</th></tr>
        <tr><td>1</td><td>某公司</td><td>2024-01-01</td><td>某发〔2024〕1号</td></tr></table>
        <p>特此通知。</p></div></body></html>""")
    assert got["title"] == "关于公布名单的通知"
    assert got["doc_number"] == "" and got["published_date"] == ""


def test_a_label_alone_on_its_line_takes_the_next_line() -> None:
    got = from_labels("发布机构\n某市人民政府\n发文字号\n某政发〔2024〕1号\n名称\n不是标题")
    assert (got.issuer, got.doc_number, got.title) == ("某市人民政府", "某政发〔2024〕1号", "")


def test_a_horizontal_table_of_labels_over_one_row_of_values_is_a_metadata_block() -> None:
    # 南京市人民政府 2022 先导区实施方案 (tests/data/seeds/002): a ministry-style 信息公开 table
    got = meta("""<html><head><title>南京市人民政府</title></head><body><table class="xxgk">
        <tr><th>索引号</th><th>发文字号</th><th>发布机构</th><th>发布日期</th><th>有效性</th></tr>
        <tr><td>11320100014135536Q/2022-00215</td><td>宁政发[2022]200号</td><td>南京市人民政府</td>
        <td>2022-12-16</td><td>有效</td></tr></table><div class="TRS_Editor">
        <p>各区人民政府，市府各委办局，市各直属单位：</p><p>现将《南京国家人工智能创新应用先导区建设实施方案》印发给你们，请认真组织实施。</p>
        </div></body></html>""")
    assert {k: got[k] for k in ("index_no", "doc_number", "issuer", "published_date", "validity")} == {
        "index_no": "11320100014135536Q/2022-00215", "doc_number": "宁政发〔2022〕200号", "issuer": "南京市人民政府",
        "published_date": "2022-12-16", "validity": "有效"}


def test_a_horizontal_block_with_colons_and_other_labels_in_another_order() -> None:
    got = from_labels("发布机构：\t成文日期：\t文　　号：\t效力状态：\n宜兴市人民政府办公室\t2023年7月3日\t宜政办发〔2023〕22号\t失效")
    assert (got.issuer, got.written_date, got.doc_number, got.validity) == (
        "宜兴市人民政府办公室", "2023-07-03", "宜政办发〔2023〕22号", "失效")


def test_a_table_listing_several_documents_under_label_heads_is_not_one_documents_metadata() -> None:
    got = from_labels("发布日期\t文号\t发布机构\n2024-01-05\t某发〔2024〕1号\t某局\n2024-01-06\t某发〔2024〕2号\t某局")
    assert (got.published_date, got.doc_number, got.issuer) == ("", "", "")


def test_a_title_printed_in_a_title_classed_cell_when_title_names_only_the_site() -> None:
    # 宜政办发〔2023〕22号 (tests/data/seeds/004) on an old table-layout page: no h1, <title> is the site
    got = meta("""<html><head><title>宜兴市人民政府</title></head><body><table><tr><td class="bt">
        市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知</td></tr>
        <tr><td class="bt_time">2023-07-05</td></tr><tr><td class="content"><p>各开发区管委会（管理办），各镇人民政府：</p>
        <p>《宜兴市人工智能产业发展三年行动计划（2023-2025年）》已经市政府常务会议审议通过，现印发给你们。</p></td></tr>
        </table></body></html>""")
    assert got["title"] == "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知"


def test_a_document_title_in_title_is_not_replaced_by_a_longer_titled_box() -> None:
    got = meta("""<html><head><title>关于印发南京市打造人工智能产业地标行动计划的通知</title></head><body>
        <div class="news_title">关于开展2024年度人工智能揭榜挂帅和场景应用示范项目申报工作的通知</div>
        <div class="TRS_Editor"><p>经市政府同意，现将《南京市打造人工智能产业地标行动计划》印发给你们，请认真组织实施。</p></div>
        </body></html>""")
    assert got["title"] == "关于印发南京市打造人工智能产业地标行动计划的通知"
