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
