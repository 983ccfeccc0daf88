"""Unit behaviour of the normalization layers: layout, furniture, key folding, documents."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.model import DocumentMetadata, ExtractedDocument
from policywatch.normalize import comparison_key, normalize_document, normalize_text
from policywatch.normalize.furniture import drop_toc, is_boilerplate, is_page_furniture
from policywatch.normalize.layout import PARAGRAPHS, ROWS, detect_layout, join_paragraphs, join_rows
from policywatch.normalize.rules import MARKER_RE

# Characters that exercise every rule: Chinese, both punctuation widths, digits, Latin, spaces
# of all kinds, markers, quotes, dashes, brackets, circled numbers, tabs and line ends.
ALPHABET = [*"人工智能发展年万元号第一二条、。，；：（）()“”\"「」《》〔〕[]【】—-~至.．%5G2018 \t\n"
                "\u3000\u00a0\u200b①②#*<>u/:httpswww\r",
    "- ", "## ", "\n\n", " \n", "。。", "目录", "......6", "扫描二维码", "浏览次数：3", "附件 1",
    "专栏 2 ", "图 3 ", "http://x.cn/a", "AI", "3100 座 , ", "（一） ", "<u>", "</u>", "【[", "]】",
    "第3页", "- 3 -", "长政办发„2021“31号", "\t", "人工智能产业发展", "，累计", "——", "委会)",
    "网络。", "2.3 万个", "(2019—2023 年)", "１２", "⑴", "…", "行动计划", "是", "，", "〈", "〉",
    "实施方案", "\x07"]
texts = st.lists(st.sampled_from(ALPHABET), max_size=120).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_display_is_a_fixed_point(text: str) -> None:
    result = normalize_text(text)
    again = normalize_text(result.display)
    assert again.display == result.display
    assert again.key == result.key


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_key_is_a_fixed_point(text: str) -> None:
    key = normalize_text(text).key
    assert comparison_key(key) == key
    assert not any(ch.isspace() for ch in key)


def test_markers_and_non_markers() -> None:
    for marker in ("第一条 总则", "第十二条为引导", "一、总体要求", "（一）指导思想", "(二) 实际",
                   "1. 强化", "1．打造", "1、书面申请", "（1）构建", "(1) 申报", "①加强",
                   "——产业规模", "● 以柔性", "专栏 1 基础", "附件：1.", "图1 德清县"):
        assert MARKER_RE.match(marker), marker
    for text in ("5G 高频射频材料", "2.3 万个", "2018年", "2022-2029", "69.html>）", "10G-PON",
                 "第一条件"):
        assert not MARKER_RE.match(text), text


def test_continuation_starting_with_digits_is_joined() -> None:
    left = "对于区域内创新主体举办相关行业交流活动成效显著的，可按照不高于实际投入的比例，支持建设"
    assert join_paragraphs([left, "5G 等人工智能产业应用。"])[0] == [left + "5G 等人工智能产业应用。"]
    assert join_paragraphs([left, "1. 申报条件"])[0] == [left, "1. 申报条件"]


def test_layout_detection() -> None:
    rows = ["为贯彻国家《新一代人工智能发展规划》和工信部《促", "", "进新一代人工智能产业发展三年行动", "",
            "计划，我委组织制订了实施意见。 ", "", "一、产业现状 ", "", "经过多年的持续创新发展，江苏已成", ""]
    assert detect_layout(rows) == ROWS
    assert detect_layout(["一、总体要求", "", "（一）指导思想", "", "深入学习贯彻。", "", "坚持创新。"]) \
        == PARAGRAPHS


def test_page_furniture_and_chrome() -> None:
    for line in ("20", "2018", "- 3 -", "— 12 —", "第3页", "第 3 页 共 10 页", "3/10", "Page 2 of 9",
                 "1. 北京市加快科技创新培育人工智能产业的指导意见.....6"):
        assert is_page_furniture(line), line
    for line in ("2022年1月", "20%", "第3条", "1. 申报条件"):
        assert not is_page_furniture(line), line
    assert is_boilerplate("扫描二维码 关注我们")
    assert is_boilerplate("【打印本页】 【关闭窗口】")
    assert not is_boilerplate("请打印本页并签字后提交。")


def test_toc_needs_entries_and_keeps_body_heading_after_it() -> None:
    lines = ["目录", "一、北京", "1. 指导意见.....6", "2. 十五条措施 13", "一、总体要求", "正文。"]
    assert drop_toc(lines) == ["一、总体要求", "正文。"]
    assert drop_toc(["目录", "一、总体要求", "正文。"]) == ["目录", "一、总体要求", "正文。"]


def test_visit_counter_never_makes_a_change() -> None:
    a = normalize_text("发布时间：2019-06-29 浏览次数：12\n正文。")
    b = normalize_text("发布时间：2019-06-29 浏览次数：9876\n正文。")
    assert a == b


def test_key_folding() -> None:
    assert comparison_key("①加强") == "(1)加强" != comparison_key("1加强")
    assert comparison_key("⑴加强") == comparison_key("（1）加强") == "(1)加强"
    assert comparison_key("ＡＩ芯片１０００万元") == "ai芯片1000万元"
    assert comparison_key("2018—2020年") == comparison_key("2018~2020 年") == "2018-2020年"
    assert comparison_key("宁政办发（2019）37号") == comparison_key("宁政办发〔2019〕37 号")
    assert comparison_key("（2019年）") == "(2019年)"  # not a document number: brackets stay
    assert comparison_key("“人工智能+”") == comparison_key('"人工智能+"') == '"人工智能+"'
    assert comparison_key("Ⅲ类ΑΒ") == "iii类ΑΒ"  # only ASCII is lower-cased


def test_titles_listed_with_or_without_a_comma_between_them_are_one_key() -> None:
    # GB/T 15834-2011 writes consecutive titles without the 、 older texts put between them
    assert comparison_key("按照《公务员法》、《行政机关公务员处分条例》等") == \
        comparison_key("按照《公务员法》《行政机关公务员处分条例》等")
    assert comparison_key("《关于修改〈甲〉的决定》、《乙》") == comparison_key("《关于修改〈甲〉的决定》《乙》")
    # a 、 elsewhere is wording: between a title and a word, or between two words
    assert comparison_key("《公务员法》、规章") != comparison_key("《公务员法》规章")
    assert comparison_key("区、县") != comparison_key("区县")
    assert "。" in comparison_key("一、总体。") and "、" in comparison_key("一、总体。")


def test_normalize_document() -> None:
    meta = DocumentMetadata(title="关于印发江苏省新一代人工智能产业\n发展实施意见的通知 ",
                            doc_number="苏经信科技〔2018〕329 号", issuer="江苏省经信委",
                            published_date="2018-05-11", validity="现行有效")
    doc = ExtractedDocument(url="https://example.gov.cn/a.pdf", format="pdf",
                            text="到 2020 年，人工智能 产业。\n\n扫描二维码 关注我们", metadata=meta)
    out = normalize_document(doc)
    assert out.url == doc.url and out.format == "pdf"
    assert out.display_text == "到2020年，人工智能 产业。"
    assert out.comparison_key == "到2020年,人工智能产业。"
    assert out.content_hash == hashlib.sha256(out.comparison_key.encode()).hexdigest()
    assert out.metadata.title == "关于印发江苏省新一代人工智能产业发展实施意见的通知"
    assert out.metadata.doc_number == "苏经信科技〔2018〕329号"
    assert (out.metadata.issuer, out.metadata.published_date, out.metadata.validity) == (
        "江苏省经信委", "2018-05-11", "现行有效")


def test_a_heading_line_keeps_its_own_line_but_a_cut_sentence_list_item_joins() -> None:
    heading = "（一）打造“1+3”国家级标杆示范区，促进人工智能重大应用场景落地"  # 001 doc 6: 31 chars
    body = "凸显中新天津生态城在人工智能先锋城市建设中的核心示范引领作用，打造一批人工智能新地标。"
    sibling = "（二）实施三大工程，构建有利于人工智能发展的良好生态"
    item = "1. 实施人工智能赋能制造业转型升级工程。"  # the sibling heading's own sub-item
    assert join_paragraphs([heading, body, sibling, item])[0] == [heading, body, sibling, item]
    # 001 doc 30: the same shape, but its siblings are sentences, so it is a page-break cut
    cut = "（一）升级达到5大类、100种以上的智能装备，形成100个以"
    rest = "上运用智能装备进行智慧化作业的典型案例；建成10个具有示范意义的智慧工厂。"
    sentence = "（二）打造10个可在全国复制推广的车联网商用场景，建设10个对应场景的车联网测试区。"
    assert join_paragraphs([cut, rest, sentence])[0] == [cut + rest, sentence]
    # a re-wrapped list: every item is cut, so no sibling is a heading followed by sub-items
    bullet = "●研发融合麦克风阵列的前端音频信号处理(声源定位、语音增强)、视"
    bullet_rest = "觉或激光雷达信息的目标用户定位功能、相应的机器人运动规划控制。"
    other = "●以柔性装配等复杂作业为目标，突破复杂工件识别与视觉伺服技术、一体"
    other_rest = "化关节与轻量化手臂设计技术。"
    assert join_paragraphs([bullet, bullet_rest, other, other_rest])[0] == [
        bullet + bullet_rest, other + other_rest]
    # a heading-shaped line longer than a heading is a body cut by a page break
    long_cut = heading + "，加快建设一批人工智能创新应用先导区"
    assert join_paragraphs([long_cut, body, sibling, item])[0] == [long_cut + body, sibling, item]


def test_a_long_line_cut_between_chinese_characters_joins_without_a_comma() -> None:
    cut = "建设国家新一代人工智能创新发展试验区是深入贯彻习近平总书记关于人工智"  # 34 chars, no comma
    rest = "能系列重要指示精神、落实新一代人工智能发展规划的重大举措。"
    assert join_paragraphs([cut, rest])[0] == [cut + rest]
    caption = "Figure1 Deqing location relationship diagram"  # 001: a Latin caption stays
    body = "产业基础扎实，新兴产业逐步兴起。"
    assert join_paragraphs([caption, body])[0] == [caption, body]


def test_thousands_separator_is_folded_but_a_chinese_comma_between_numbers_is_not():
    from policywatch.normalize import normalize_text

    assert normalize_text("奖励1,000万元").key == normalize_text("奖励1000万元").key
    assert normalize_text("支持12，300家").key != normalize_text("支持12300家").key
    assert normalize_text("2019,2020年").key != normalize_text("20192020年").key


def test_a_bracket_opened_rows_before_keeps_a_cut_number_whole() -> None:
    # the bracket opens two rows before the cut: the open state comes from the whole paragraph
    assert join_rows(["（咨询电话：请拨打", "服务热线6188", "53）请致电。 "]) == ["（咨询电话：请拨打服务热线618853）请致电。"]
    # closed before the cut: `53）` is a list marker starting a paragraph
    assert join_rows(["（咨询电话）请拨打", "服务热线6188", "53）请致电。 "]) == ["（咨询电话）请拨打服务热线6188", "53）请致电。"]


def test_a_paragraph_of_many_rows_joins_them_all_in_order() -> None:
    rows = [f"第{k}行" for k in range(5000)]
    assert join_rows(rows) == ["".join(rows)]
    assert join_rows([*rows[:2], "甲\t乙", *rows[2:4]]) == ["第0行第1行", "甲\t乙", "第2行第3行"]  # a table row stands alone


def test_each_paragraph_of_a_quotation_reopens_its_quote() -> None:
    # a quotation of several paragraphs opens each with “ and closes only its last: the
    # quote left open is no cut, and the list items of an amended article stay paragraphs
    paragraphs = ["“第十条 市人民政府应当加强对本市科技创新工作的领导，主要职责包括：",
                  "“（一）制定科技创新政策；", "“（二）统筹科技创新资源。”"]
    assert join_paragraphs(paragraphs)[0] == paragraphs
    # a quote still open where a page break fell goes on
    assert join_paragraphs(["市政府将实施“人工智能", "赋能”行动，推动产业发展。"])[0] == [
        "市政府将实施“人工智能赋能”行动，推动产业发展。"]


def test_a_signature_over_its_date_is_never_the_rest_of_the_annex_title_above_it() -> None:
    """福建省 农机购置补贴额一览表 通告, 2018 (tests/data/policy_pairs/fj_farm): the annex list ends
    without punctuation and the issuer's name follows; it is the signature, over its date."""
    annex = "2.福建省2018-2020年省级资金农机购置补贴机具补贴额一览表点击下载"
    assert join_paragraphs([annex, "福建省农业厅", "2018年4月26日"])[0] == [annex, "福建省农业厅", "2018年4月26日"]
    # variant: joint issuers, a Chinese-numeral date; without the date under it the organ's
    # name is still the rest of a cut line
    title = "附件：2.2023年度市级工业和信息化专项资金项目申报汇总表"
    joint = "南京市工业和信息化局南京市财政局"
    assert join_paragraphs([title, joint, "二〇二三年五月六日"])[0] == [title, joint, "二〇二三年五月六日"]
    cut = "本办法由南京市工业和信息化局会同南京市财政局负责解释，具体工作由"
    assert join_paragraphs([cut, "南京市工业和信息化局", "承担。"])[0] != [cut, "南京市工业和信息化局", "承担。"]


def test_a_download_label_after_an_annex_title_is_page_chrome() -> None:
    """福建 农机补贴额 通告 2018 (tests/data/policy_pairs/fj_farm): the web copy ends each annex title
    with its link's label `点击下载`, which the 2024 page and any PDF copy lack. Variants: the
    label in brackets; a heading or a sentence that only mentions 下载 keeps it."""
    raw = ("附件:1.福建省2018-2020年农机购置补贴机具补贴额一览表点击下载\n"
           "2.福建省2018-2020年省级资金农机购置补贴机具补贴额一览表点击下载\n福建省农业厅\n2018年4月26日")
    assert normalize_text(raw).display == (
        "附件:1.福建省2018-2020年农机购置补贴机具补贴额一览表\n"
        "2.福建省2018-2020年省级资金农机购置补贴机具补贴额一览表\n福建省农业厅\n2018年4月26日")
    assert normalize_text("附件2.项目申报表（点击下载）").display == "附件2.项目申报表"
    kept = "三、申报材料下载\n申报表格请登录市工信局网站点击下载。"
    assert normalize_text(kept).display == kept


def test_every_free_text_field_is_cleaned() -> None:
    """A bidi override or control character in the issuer or 索引号 is as hostile as in the title:
    the issuer is printed on every page, feed entry and mail of the document."""
    meta = DocumentMetadata(title="标题\u202e", doc_number="苏经信〔2018〕\x07329号",
                            issuer="江苏省\u202e经信委\x01", index_no=" 014000319/\u200b2018-00112 ")
    doc = ExtractedDocument(url="https://example.gov.cn/a.html", format="html", text="正文。", metadata=meta)
    out = normalize_document(doc).metadata
    assert (out.title, out.doc_number) == ("标题", "苏经信〔2018〕329号")
    assert out.issuer == "江苏省经信委"
    assert out.index_no == "014000319/2018-00112"
