"""A government page holding one large data table (a 资金分配表 of many thousand rows).

    table_page(rows, encoding="utf-8") -> bytes

The layout of a 信息公开 detail page: a header table of metadata (索引号, 发文字号, 发文机关 …),
the title, a short body, then the data table, then the page's tail. Used by
benchmarks/extract_speed.py (extraction must stay linear in the table's size) and runnable to
write such a page: python -m tests.tablepage ROWS OUT.html [gbk|utf-8]
"""

from __future__ import annotations

import sys

_COUNTIES = ("玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区", "溧水区", "高淳区")
_ITEMS = ("农村公路养护", "义务教育薄弱环节改善", "基层医疗卫生机构补助", "城乡居民基本养老保险", "困难群众救助",
          "农田水利设施建设", "污染防治攻坚", "就业创业补贴")


def table_page(rows: int, encoding: str = "utf-8") -> bytes:
    """The page as bytes in `encoding` (its <meta charset> says which)."""
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"
    head = (
        f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
        "<title>关于下达2024年省级财政专项资金分配计划的通知_南京市财政局</title>"
        "<meta name='ArticleTitle' content='关于下达2024年省级财政专项资金分配计划的通知'>"
        "<meta name='PubDate' content='2024-03-15 10:20'><meta name='ContentSource' content='南京市财政局'>"
        "</head><body><div class='header'><div class='nav'>"
        + "".join(f"<a href='/col/col{i}/index.html'>栏目{i}</a>" for i in range(30))
        + "</div></div><div class='xxgk'><table class='xxgk-table'>"
        "<tr><td>索引号：</td><td>11320100MB1234567X/2024-00123</td><td>分类：</td><td>财政、审计\\财政</td></tr>"
        "<tr><td>发布机构：</td><td>南京市财政局</td><td>发文日期：</td><td>2024-03-15</td></tr>"
        "<tr><td>名称：</td><td colspan='3'>关于下达2024年省级财政专项资金分配计划的通知</td></tr>"
        "<tr><td>文号：</td><td>宁财预〔2024〕45号</td><td>发文机关：</td><td>南京市财政局</td></tr>"
        "<tr><td>主题词：</td><td colspan='3'>财政 专项资金 通知</td></tr></table></div>"
        "<div class='article'><h1 class='title'>关于下达2024年省级财政专项资金分配计划的通知</h1>"
        "<div class='info'>发布日期：2024-03-15　来源：南京市财政局　浏览次数：1234　【字体：大 中 小】</div>"
        "<div class='TRS_Editor'><p>各区财政局，江北新区财政局：</p>"
        "<p>根据《江苏省省级财政专项资金管理办法》（苏政办发〔2023〕12号）规定，现将2024年省级财政专项资金"
        "分配计划下达给你们，请按规定及时拨付，加强资金管理，提高资金使用效益。</p>"
        "<p>一、资金分配情况详见附表。</p><p>二、各区应于收到资金之日起30日内将资金分解下达。</p>"
        "<table border='1' class='MsoNormalTable'><thead><tr><th>序号</th><th>地区</th><th>项目名称</th>"
        "<th>项目单位</th><th>金额（万元）</th><th>备注</th></tr></thead><tbody>"
    )
    body = "".join(
        f"<tr><td>{n}</td><td>{_COUNTIES[n % len(_COUNTIES)]}</td>"
        f"<td><span>{_ITEMS[n % len(_ITEMS)]}项目（第{n}批）</span></td>"
        f"<td>{_COUNTIES[(n * 7) % len(_COUNTIES)]}{_ITEMS[(n * 3) % len(_ITEMS)][:4]}中心</td>"
        f"<td>{(n * 37) % 997 + 0.5:.2f}</td><td>{'' if n % 5 else '续建'}</td></tr>\n"
        for n in range(1, rows + 1)
    )
    tail = (
        "</tbody></table><p>附件：<a href='/attach/2024/fpb.xlsx'>资金分配表.xlsx</a></p>"
        "<p style='text-align:right'>南京市财政局</p><p style='text-align:right'>2024年3月15日</p></div>"
        "<div class='share'>分享到：微信 微博</div></div>"
        "<div class='footer'>主办单位：南京市财政局　地址：南京市北京东路</div></body></html>"
    )
    return (head + body + tail).encode(encoding)


if __name__ == "__main__":
    rows, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "wb") as f:
        f.write(table_page(rows, sys.argv[3] if len(sys.argv) > 3 else "utf-8"))
