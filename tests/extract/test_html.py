"""HTML extraction on the test site's documents: body, every metadata field, attachments, stubs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.errors import ExtractError
from policywatch.extract import ExtractRules, extract
from policywatch.extract.html import MAX_DEPTH, extract_html, parse_html
from policywatch.extract.layout import render_lines
from policywatch.model import DocumentMetadata
from tests.govsite import SITE_ROOT

BASE = "http://www.example.gov.cn"
# Text that is page furniture on every test page; none of it may reach a body.
FURNITURE = ("首页", "当前位置", "相关链接", "另一份通知", "版权所有", "主办单位", "分享到", "浏览次数",
             "阅读次数", "访问量", "打印", "关闭", "字体", "微信", "1024", "网站标识码")


def extract_page(path: str, rules: ExtractRules | None = None):
    body = (SITE_ROOT / path).read_bytes()
    return extract(body, url=f"{BASE}/{path}", content_type="text/html", rules=rules)


def assert_clean(text: str) -> None:
    for word in FURNITURE:
        assert word not in text, f"{word!r} leaked into the body"


def test_govcn_table_layout_with_bold_labels():
    doc = extract_page("trs/zcwj/201907/t20190703_101.html")
    assert doc.format == "html"
    assert doc.metadata == DocumentMetadata(
        title="南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知",
        doc_number="宁政办发〔2019〕37号",
        issuer="南京市人民政府办公厅",
        written_date="2019-06-29",
        published_date="2019-07-03",
        index_no="11320100014104981F/2019-00187",
        validity="",
        subject="工业、交通\\信息产业",  # the page's 主题分类 cell
    )
    lines = doc.text.splitlines()
    assert lines[0] == "各区人民政府,市府各委办局,市各直属单位:"
    assert "南京市打造人工智能产业地标行动计划" in lines
    assert lines[-1] == "(一)促进人工智能产业化发展"
    assert_clean(doc.text)
    assert not doc.is_stub and not doc.attachments


def test_li_layout_in_gbk_bytes_without_charset_header():
    doc = extract_page("trs/zcwj/202307/t20230705_102.html")
    assert doc.metadata == DocumentMetadata(
        title="市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
        doc_number="宜政办发〔2023〕22号",  # 【】 folded
        issuer="宜兴市人民政府办公室",  # 发布机构
        written_date="2023-07-03",  # 生成日期
        published_date="2023-07-05",
        index_no="K28044908/2023-04277",
        validity="有效",
    )
    assert doc.text.splitlines()[:2] == [
        "宜政办发〔2023〕22号",
        "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
    ]
    assert "2023年7月3日" in doc.text.splitlines()
    assert_clean(doc.text)


def test_dl_layout_with_label_synonyms_and_chinese_numeral_date():
    doc = extract_page("trs/zcwj/202212/t20221220_103.html")
    assert doc.metadata == DocumentMetadata(
        title="市政府关于印发南京国家人工智能创新应用先导区建设实施方案的通知",  # <meta ArticleTitle>
        doc_number="宁政发〔2022〕218号",  # 文件编号, [] folded
        issuer="南京市人民政府",  # 发文机构
        written_date="2022-12-12",  # 发文日期 二〇二二年十二月十二日
        published_date="2022-12-20",  # 公开日期 2022.12.20
        index_no="014000319/2022-01288",
        validity="现行有效",  # 效力状态
    )
    assert doc.text.splitlines()[2] == "各区人民政府，市府各委办局，市各直属单位："
    assert_clean(doc.text)


def test_hanweb_table_without_colons_and_meta_tags():
    doc = extract_page("hanweb/art/2018/5/11/art_1001_5001.html")
    assert doc.metadata == DocumentMetadata(
        title="关于印发江苏省新一代人工智能产业发展实施意见的通知",  # 标\u3000\u3000题 without colon
        doc_number="苏经信科技〔2018〕329号",  # mojibake „…“ folded
        issuer="江苏省经济和信息化委员会",
        written_date="2018-05-11",
        published_date="2018-05-15",  # <meta PubDate>
        index_no="014000319/2018-00329",
        validity="失效",
    )
    lines = doc.text.splitlines()
    assert lines[1] == "江苏省新一代人工智能产业发展实施意见"
    assert "本页面内容为页脚说明，不应出现在正文中。" not in doc.text  # after the 打印本页 tail marker
    assert_clean(doc.text)


def test_text_density_fallback_and_metadata_from_the_text():
    doc = extract_page("generic/2018-05/11/content_5001.html")
    assert doc.metadata == DocumentMetadata(
        title="关于印发江苏省新一代人工智能产业发展实施意见的通知",  # <title> without the site suffix
        doc_number="苏经信科技〔2018〕329号",  # "329 号" in the first lines
        issuer="江苏省经济和信息化委员会",  # signature line
        written_date="2018-05-11",  # standalone date line
    )
    assert doc.text.startswith("江苏省经济和信息化委员会文件\n苏经信科技〔2018〕329 号")
    assert "机构设置" not in doc.text and "领导信息" not in doc.text
    assert_clean(doc.text)


def test_stub_page_points_at_its_attachments():
    doc = extract_page("trs/zcwj/201805/t20180511_104.html")
    assert doc.is_stub
    assert [a.url for a in doc.attachments] == [
        f"{BASE}/downloadfile.jsp?filename=su329.pdf&fileid=8841",  # no file suffix: downloadfile.jsp
        f"{BASE}/trs/zcwj/201805/P020180511329.docx",  # a[oldsrc]: the published href
        f"{BASE}/trs/zcwj/201805/P020180511_form.xls",  # ul.xgbd 附件 list outside the body
    ]
    assert doc.attachments[0].text == "江苏省新一代人工智能产业发展实施意见.pdf"
    assert doc.metadata.published_date == "2018-05-14"


def test_rules_body_selector_ignore_selectors_and_patterns():
    page = """<html><body><div class="nav"><a href="/">首页</a></div>
    <div id="main"><p>第一条 为规范管理，制定本办法。</p><p class="ad">广告位招租</p>
    <p>第二条 本办法自发布之日起施行。</p><p>本文更新于2024-05-06 10:11:12</p></div>
    <div class="TRS_Editor"><p>不是正文</p><p>这段文字不应被选中，因为规则指定了正文容器。</p></div></body></html>"""
    rules = ExtractRules(body_selector="#main", ignore_selectors=(".ad",), ignore_patterns=(r"本文更新于.*$",))
    doc = extract(page.encode(), url=BASE + "/a.html", rules=rules)
    assert doc.text == "第一条 为规范管理，制定本办法。\n第二条 本办法自发布之日起施行。"


def test_body_selector_that_matches_nothing_falls_back_with_a_warning():
    page = "<html><body><div id='zoom'><p>第一条 为规范人工智能产业扶持资金管理，制定本办法。</p></div></body></html>"
    doc = extract(page.encode(), url=BASE + "/b.html", rules=ExtractRules(body_selector=".missing"))
    assert doc.text == "第一条 为规范人工智能产业扶持资金管理，制定本办法。"
    assert doc.warnings and ".missing" in doc.warnings[0]


def test_inline_markup_stays_on_one_line_and_br_splits():
    page = "<div class='TRS_Editor'><p>一、<b>总体要求</b>：坚持<span>创新</span>驱动。</p><p>甲<br>乙</p></div>"
    doc = extract(page.encode(), url=BASE + "/c.html")
    assert doc.text == "一、总体要求：坚持创新驱动。\n甲\n乙"


def test_invalid_selector_or_pattern_names_the_problem():
    page = b"<div id='zoom'><p>text text text text text text text</p></div>"
    with pytest.raises(ExtractError, match="invalid CSS selector"):
        extract(page, url=BASE + "/d.html", rules=ExtractRules(body_selector="div[["))
    with pytest.raises(ExtractError, match="invalid ignore pattern"):
        extract(page, url=BASE + "/d.html", rules=ExtractRules(ignore_patterns=("(",)))


_PARAGRAPH = st.text(alphabet="人工智能产业发展政策第一条二三、，。；（）2024年", min_size=1, max_size=40).map(str.strip).filter(
    lambda s: s and not s.startswith(("（", "(")) and s not in ("关闭", "打印")
)


@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=8), counter=st.integers(0, 99999))
@settings(max_examples=60, deadline=None)
def test_body_paragraphs_survive_exactly_and_furniture_never_does(paragraphs, counter):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (f"<html><body><div class='nav'><a href='/'>首页</a></div><div id='zoom'>{body}"
            f"<div class='share'>分享到</div><p>浏览次数：{counter}</p></div>"
            f"<div class='footer'>版权所有</div></body></html>")
    doc = extract(page.encode(), url=BASE + "/p.html")
    assert doc.text.splitlines() == paragraphs


def test_metadata_table_inside_the_body_is_read_but_not_kept_as_text():
    page = """<div class="article-content"><table class="info">
    <tr><td>索引号：</td><td>000014349/2024-00012</td><td>发文机关：</td><td>国务院办公厅</td></tr>
    <tr><td>发文字号：</td><td>国办发〔2024〕12号</td><td>成文日期：</td><td>2024年03月01日</td></tr></table>
    <p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p><p>经国务院同意，现印发给你们，请认真贯彻执行。</p>
    <table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>建设算力网络</td></tr></table></div>"""
    doc = extract(page.encode(), url=BASE + "/content_1.htm")
    assert doc.metadata.doc_number == "国办发〔2024〕12号" and doc.metadata.written_date == "2024-03-01"
    assert doc.text.splitlines() == [
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "经国务院同意，现印发给你们，请认真贯彻执行。",
        "序号\t任务",
        "1\t建设算力网络",
    ]


def test_a_layout_table_holding_the_text_is_not_taken_for_metadata():
    page = """<div id="zoom"><table><tr><td>发文机关：南京市人民政府</td></tr><tr><td>文号：宁政发〔2024〕3号</td></tr>
    <tr><td>成文日期：2024年1月3日</td></tr>
    <tr><td><p>各区人民政府，市府各委办局：</p><p>现将《南京市算力基础设施建设方案》印发给你们，请结合实际认真贯彻执行，确保各项任务落到实处并按期完成各项目标任务。</p>
    <p>一、加快建设智算中心。</p><p>二、完善算力调度。</p></td></tr></table></div>"""
    doc = extract(page.encode(), url=BASE + "/t20240103_5.html")
    assert doc.metadata.doc_number == "宁政发〔2024〕3号"
    assert "一、加快建设智算中心。" in doc.text.splitlines()


def test_a_big_content_table_is_kept_without_rendering_it_to_judge_it_as_metadata(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from policywatch.extract import html

    rows = "".join(f"<tr><td>{i}</td><td>宁川某某公司{i}</td><td>{i}万元</td></tr>" for i in range(html.METADATA_BLOCK_NODES))
    page = f"<div class='TRS_Editor'><p>现将资助名单公示如下：</p><table>{rows}</table></div>"
    rendered: list[str] = []
    monkeypatch.setattr(html, "render_lines", lambda node, **kw: rendered.append(node.name) or render_lines(node, **kw))
    doc = extract_html(page, url=BASE + "/t1.html")
    assert doc.text.splitlines()[-1] == f"{html.METADATA_BLOCK_NODES - 1}\t宁川某某公司{html.METADATA_BLOCK_NODES - 1}\t" \
                                        f"{html.METADATA_BLOCK_NODES - 1}万元"
    assert "table" not in rendered  # the page and the body are rendered, the table is not judged alone


def test_a_page_nested_far_deeper_than_any_real_one_keeps_its_text() -> None:
    # 30,000 nested divs overflowed Python's stack in the renderer; 5,000 nested tables made
    # every block's walk to its ancestors cost depth × elements (5,000: over a minute)
    divs = "<html><body>" + "<div>" * 30_000 + "一、深处的内容" + "</div>" * 30_000 + "<p>二、后面的内容</p></body></html>"
    tables = ("<html><head><title>深表</title></head><body>" + "<table><tr><td>" * 5_000
              + "第一条 表格深处的内容" + "</td></tr></table>" * 5_000 + "</body></html>")
    assert extract_html(tables, url="http://127.0.0.1/deep.html").text.splitlines() == ["第一条 表格深处的内容"]
    assert "一、深处的内容" in extract_html(divs, url="http://127.0.0.1/deep.html").text
    soup = parse_html(divs)
    assert render_lines(soup.body).splitlines() == ["一、深处的内容", "二、后面的内容"]  # nothing lost around it
    deepest = max(len(list(tag.parents)) for tag in soup.find_all(True))
    assert deepest <= MAX_DEPTH + 1  # the flattened block's own paragraphs sit one below the cap


def test_flattening_keeps_each_line_of_a_deep_block() -> None:
    inner = "<p>甲</p><p>乙</p><table><tr><td>丙</td><td>丁</td></tr></table>"
    page = "<html><body>" + "<div>" * (MAX_DEPTH + 10) + inner + "</div>" * (MAX_DEPTH + 10) + "</body></html>"
    shallow = "<html><body><div>" + inner + "</div></body></html>"
    deep_lines = extract_html(page, url="http://127.0.0.1/a.html").text.splitlines()
    assert deep_lines == ["甲", "乙", "丙 丁"]  # a flattened row keeps its cells apart, by a space
    assert extract_html(shallow, url="http://127.0.0.1/b.html").text.splitlines() == ["甲", "乙", "丙\t丁"]


@pytest.mark.parametrize("clock", ["当前时间：2019-07-02 11:00:01", "今天是：2019年7月2日 星期二", "今天是2019年07月02日",
                                   "【打印日期：2019/07/02】", "现在时间: 2019-7-2 9:05"])
def test_a_page_clock_inside_the_body_is_not_text(clock: str) -> None:
    lines = ["南京市打造人工智能产业地标行动计划", "一、总体要求和目标", clock,
             "今天是2019年7月2日，市政府召开人工智能产业推进会。", "本计划自2019年7月1日起施行。"]
    html = "<html><body><div class='TRS_Editor'>" + "".join(f"<p>{line}</p>" for line in lines) + "</div></body></html>"
    text = extract_html(html, url="http://gov.example/a.html").text
    assert clock not in text
    # a sentence that opens with a date, and a date inside a rule, are the document's
    assert "今天是2019年7月2日，市政府召开人工智能产业推进会。" in text and "本计划自2019年7月1日起施行。" in text


@pytest.mark.parametrize("raw", [
    "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知--宜兴市人民政府",
    "宜兴市人民政府::市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
    "首页 » 政策文件 » 市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知",
    "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知 - 宜兴市人民政府",
])
def test_the_site_name_joined_to_a_title_is_cut_at_any_usual_separator(raw: str) -> None:
    # the title is printed in a layout cell, not a heading: <title> is what names the page
    html = (f"<html><head><title>{raw}</title></head><body><table><tr><td class='title'>"
            "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知</td></tr>"
            "<tr><td>各开发区管委会，各镇人民政府：现印发给你们，请认真抓好贯彻落实。</td></tr></table></body></html>")
    doc = extract_html(html, url=f"{BASE}/zwgk/2023/0705/1122.html")
    assert doc.metadata.title == "市政府办公室关于印发《宜兴市人工智能产业发展三年行动计划（2023-2025年）》的通知"


# (previous, next) links as two sites print them: long titles, and 【上一条】 with a spaced colon
NEIGHBOURS = {
    "上一篇": ("上一篇：关于组织申报2024年度省级工业互联网平台和工业互联网标杆工厂的通知", "下一篇：市工业和信息化局2023年工作总结和2024年工作计划"),
    "上一条": ("【上一条】: 宜兴市人民政府办公室关于进一步加强全市安全生产工作和应急管理工作的通知", "【下一条】: 没有了"),
}


@pytest.mark.parametrize("style", NEIGHBOURS)
def test_links_to_the_neighbouring_articles_inside_the_body_end_it_however_long(style: str) -> None:
    before, after = NEIGHBOURS[style]
    # 宜政办发〔2023〕22号 (seed 004): the neighbours sit in the body's own container
    html = ("<html><body><div class='wz-text'><p>宜政办发〔2023〕22号</p>"
            "<p>各开发区管委会（管理办），各镇人民政府，各街道办事处，市各委办局，市各直属单位：</p>"
            "<p>《宜兴市人工智能产业发展三年行动计划（2023-2025年）》已经市政府常务会议审议通过，现印发给你们，请认真抓好贯彻落实。</p>"
            f"<p>宜兴市人民政府办公室</p><p>2023年7月3日</p><p>{before}</p><p>{after}</p></div></body></html>")
    doc = extract_html(html, url=f"{BASE}/art/2023/7/5/art_77_301.html")
    assert doc.text.splitlines()[-2:] == ["宜兴市人民政府办公室", "2023年7月3日"]


@pytest.mark.parametrize(("link", "kept"), [
    ("<a href='/attach/dl.jsp?id=2'>点击下载</a>", True),  # a download script the URL does not name
    ("<a href='/files/attachment/show?fid=9'>任务分解表.xlsx</a>", True),  # its text names the file
    ("<a href='/zcwj/content.jsp?id=12'>相关文件</a>", False),  # a page by a script: not a file
    ("<a href='/app/index.html'>下载</a>", False),  # "download our app": a page
    ("<a href='/zcwj/list.jsp'>查看更多</a>", False),
])
def test_a_download_link_the_url_does_not_name_is_an_attachment(link: str, kept: bool) -> None:
    html = ("<html><body><div class='TRS_Editor'><p>经市政府同意，现将《南京市打造人工智能产业地标行动计划》印发给你们，请认真组织实施。</p>"
            f"<p>附件：{link}</p></div></body></html>")
    doc = extract_html(html, url=f"{BASE}/art/2019/7/2/art_1_2.html")
    assert bool(doc.attachments) is kept


@pytest.mark.parametrize("header", [
    "attachment; filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx",  # RFC 5987
    'attachment; filename="x.xlsx"; filename*=utf-8\'\'%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx',
    # RFC 5987 in quotes: the RFC forbids them, servers send them (also after a plain fallback name)
    'attachment; filename*="UTF-8\'\'%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx"',
    'attachment; filename="x.xlsx"; filename*="utf-8\'\'%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx"',
    'attachment; filename="' + "任务分解表.xlsx".encode("gbk").decode("latin-1") + '"',  # raw GBK bytes
    'attachment; filename="' + "任务分解表.xlsx".encode().decode("latin-1") + '"',  # raw UTF-8 bytes
    "attachment;filename=%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx",  # Java's URLEncoder
    'attachment; filename="D:\\upload\\任务分解表.xlsx"',  # a Windows path left in front
])
def test_a_download_s_file_name_is_read_however_the_server_wrote_it(header: str) -> None:
    from policywatch.crawler import disposition_filename

    assert disposition_filename([("Content-Disposition", header)]) == "任务分解表.xlsx"
    assert disposition_filename([("Content-Type", "application/pdf")]) == ""


@pytest.mark.parametrize("bar", [
    "发布日期：2022-12-16 来源：南京市人民政府 浏览次数：1234 【字体：大 中 小】",
    "来源：宜兴市人民政府办公室 | 发布时间：2023-07-05 09:12:07 | 点击量：567",
    "作者：市政府办公室  发布时间：2023-07-05  阅读次数：[ 1234 ]",
    "发布时间：2023-07-05 浏览次数： 【打印】",  # the count is drawn by a script
])
def test_an_info_bar_with_a_counter_inside_the_body_container_is_not_text(bar: str) -> None:
    html = (f"<html><body><div class='article-content'><div class='info'>{bar}</div>"
            "<p>各区人民政府，市府各委办局，市各直属单位：</p>"
            "<p>现将《南京国家人工智能创新应用先导区建设实施方案》印发给你们，请认真组织实施。</p>"
            "<p>全市累计访问量：1234万人次的政务服务平台，年内实现全覆盖。</p></div></body></html>")
    lines = extract_html(html, url=f"{BASE}/zwgk/2022/12/16/art_77_300.shtml").text.splitlines()
    # a sentence that happens to hold a counter word stays: only a bar without a sentence goes
    assert lines == ["各区人民政府，市府各委办局，市各直属单位：",
                     "现将《南京国家人工智能创新应用先导区建设实施方案》印发给你们，请认真组织实施。",
                     "全市累计访问量：1234万人次的政务服务平台，年内实现全覆盖。"]


@pytest.mark.parametrize("href", [
    # Hanweb (jxt.zj.gov.cn, nhsa.gov.cn): the upload's name is a query parameter of downfile.jsp
    "/module/download/downfile.jsp?classid=0&filename=c3c762128f0e47dd8d5954e4808028ff.pdf",
    "/common/getAttach.do?path=/u/cms/2023/%E9%99%84%E4%BB%B6%E4%B8%80.docx",  # any script naming its file
])
def test_a_link_whose_query_names_a_file_is_an_attachment(href: str) -> None:
    html = ("<html><body><div class='TRS_Editor'><p>经市政府同意，现将《南京市打造人工智能产业地标行动计划》印发给你们，请认真组织实施。</p>"
            f"<p>附件：<a href='{href}'>行动计划任务分解表</a></p><p><a href='/zcwj/content.jsp?id=12'>相关文件</a></p></div></body></html>")
    doc = extract_html(html, url=f"{BASE}/art/2019/7/2/art_1_2.html")
    assert [a.url for a in doc.attachments] == [BASE + href]


@pytest.mark.parametrize("bar", [
    "<p>分享到：<a>新浪微博</a> <a>微信</a></p>",
    "<div>分享到：</div><div><a>QQ好友</a><a>新浪微博</a><a>腾讯微博</a></div>",  # adjacent share links
    "<div>扫一扫在手机上查看当前页面</div>",
    "<p>相关链接：<a href='/zcjd/'>政策解读</a></p>",
    "<p>上一篇：关于组织申报2024年度省级工业互联网平台和工业互联网标杆工厂的通知</p>",
])
def test_a_tail_marker_above_the_text_is_dropped_and_does_not_cut_the_whole_body(bar: str) -> None:
    # 南京 2022 先导区实施方案 (seed 002): the bar sits at the top of the body's own container
    html = (f"<html><body><div class='article-content'>{bar}<p>各区人民政府，市府各委办局，市各直属单位：</p>"
            "<p>现将《南京国家人工智能创新应用先导区建设实施方案》印发给你们，请认真组织实施。</p>"
            "<p>南京市人民政府</p><p>2022年12月12日</p><p>扫一扫在手机打开当前页</p><p>其他栏目</p></div></body></html>")
    lines = extract_html(html, url=f"{BASE}/zwgk/2022/12/16/art_77_300.shtml").text.splitlines()
    assert lines == ["各区人民政府，市府各委办局，市各直属单位：",
                     "现将《南京国家人工智能创新应用先导区建设实施方案》印发给你们，请认真组织实施。", "南京市人民政府", "2022年12月12日"]


@pytest.mark.parametrize(("line", "kept"), [
    ("关于开展2024年度安全生产检查的通知 字体：大 中 小", "关于开展2024年度安全生产检查的通知"),
    ("附件：1.申报表 2.承诺书 字号：大 中 小", "附件：1.申报表 2.承诺书"),
    ("字体：大 中 小 各乡镇：定于2月5日召开全县安全生产会议", "各乡镇：定于2月5日召开全县安全生产会议"),
    ("发布时间：2024-01-05　【字体：大 中 小】　【打印】", ""),
    ("【字体：大 中 小】【打印】【关闭】", ""),
])
def test_a_font_control_goes_with_its_bar_and_text_sharing_its_line_stays(line: str, kept: str) -> None:
    from policywatch.extract.html import clean_lines

    assert clean_lines(line) == kept
