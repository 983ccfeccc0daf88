"""The 文号 grammar: every bracket and width variant folds to one form; anything else is not a 文号."""

import pytest

from policywatch.extract.metadata import from_labels
from policywatch.grammar.docnumber import (
    DocNumber,
    find_doc_numbers,
    find_order_numbers,
    normalize_doc_number,
    number_key,
    order_issuer,
    order_number_heading,
    order_serial,
    parse_doc_number,
    qualify,
    written_number,
)
from policywatch.lineage.citations import references

_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@pytest.mark.parametrize("raw", [
    "宁政发〔2019〕37号", "宁政发[2019]37号", "宁政发［2019］37号", "宁政发(2019)37号", "宁政发（2019）37号",
    "宁政发【2019】37号", "宁政发 〔2019〕 37 号", "宁政发〔２０１９〕３７号", "\u3000宁政发[2019] 37号 ",
])
def test_every_bracket_and_width_variant_parses_to_one_number(raw):
    assert parse_doc_number(raw) == DocNumber("宁政发", 2019, 37)
    assert normalize_doc_number(raw) == "宁政发〔2019〕37号"


@pytest.mark.parametrize("raw", ["", "无", "某某市人民政府关于印发促进人工智能产业发展若干政策的通知",
                                 "2019年37号", "宁政发〔2019〕", "第37号"])
def test_a_value_that_is_not_a_doc_number_gives_nothing(raw):
    assert parse_doc_number(raw) is None
    assert normalize_doc_number(raw) == ""


def test_a_title_in_an_empty_doc_number_cell_is_not_stored_as_the_number():
    # a TRS page whose 发文字号 cell is empty: its title used to become doc_number
    meta = from_labels("标题：某某市关于印发促进人工智能产业发展若干政策的通知\n发文字号：某某市关于印发促进人工智能产业发展若干政策的通知")
    assert meta.doc_number == ""
    assert meta.title.startswith("某某市关于印发")


def test_numbers_cited_in_a_sentence_are_found_without_the_words_before_them():
    text = "根据国办发（2017）35号精神，《某某市促进人工智能产业发展若干政策》（某政发[2019]12号）同时废止。"
    found = [str(n) for n, _, _ in find_doc_numbers(text)]
    assert found == ["国办发〔2017〕35号", "某政发〔2019〕12号"]


def test_a_number_written_right_after_a_date_keeps_the_date_out_of_its_code() -> None:
    # a republished text's note under its title: （…根据2024年1月1日乙府发〔2024〕8号修正）
    text = "（2016年1月1日乙府发〔2016〕3号公布　根据2024年1月1日乙府发〔2024〕8号修正）"
    assert [str(n) for n, _, _ in find_doc_numbers(text)] == ["乙府发〔2016〕3号", "乙府发〔2024〕8号"]
    assert normalize_doc_number("2024年1月1日乙府发〔2024〕8号") == "乙府发〔2024〕8号"
    # a code that opens with 日 or 月 after no digit is the issuer's (日照市)
    assert [str(n) for n, _, _ in find_doc_numbers("2019年12月日照市政发〔2019〕3号，日照政发〔2019〕4号")] == [
        "日照市政发〔2019〕3号", "日照政发〔2019〕4号"]


def test_the_words_deciding_on_a_number_are_not_its_code() -> None:
    for text in ["市人民政府决定对乙府发〔2016〕3号文件作如下修改：", "现将乙府发〔2016〕3号文件予以废止", "现印发乙府发〔2016〕3号"]:
        assert [str(n) for n, _, _ in find_doc_numbers(text)] == ["乙府发〔2016〕3号"], text
    assert [str(n) for n, _, _ in find_doc_numbers("苏经信科技[2018]329号")] == ["苏经信科技〔2018〕329号"]  # 经 is a code's


def test_probe_says_which_field_the_doc_number_came_from() -> None:
    from policywatch.crawler.probe import ProbeReport
    from policywatch.extract import extract

    page = ("<html><body><table><tr><td>文　　号：</td><td>宁政发[2019] 37号</td></tr></table>"
            "<div class='article'><p>各区人民政府：</p><p>现将有关事项通知如下。</p></div></body></html>")
    doc = extract(page.encode(), url="http://t.test/a.html", content_type="text/html")
    assert doc.metadata.doc_number == "宁政发〔2019〕37号"
    assert dict(doc.origins) == {"doc_number": "label 文号"}
    report = ProbeReport(url=doc.url, kind="document", outcome="ok", format="html", metadata=doc.metadata,
                         origins=doc.origins)
    assert "doc_number      宁政发〔2019〕37号  (from label 文号)" in report.render_text()
    untitled = extract(page.replace("宁政发[2019] 37号", "关于印发某办法的通知").encode(), url="http://t.test/b.html",
                       content_type="text/html")
    assert untitled.metadata.doc_number == "" and untitled.origins == ()


@pytest.mark.parametrize(("sentence", "key"), [
    ("根据部令第1号", "部令第1号"), ("依据部令第1号", "部令第1号"), ("按部令第1号", "部令第1号"),
    ("按照局令第2号", "局令第2号"), ("关于废止部令第3号的决定", "部令第3号"),
    ("按国务院令第694号执行", "国务院令第694号"), ("根据交通运输部令2016年第57号", "交通运输部令2016年第57号"),
])
def test_the_words_a_sentence_puts_before_an_order_are_not_its_issuer(sentence, key):
    # 根据部令第1号 was keyed 根据部令第1号: a bare organ's word left by the cut kept the verb
    assert [k for k, _, _ in find_order_numbers(sentence)] == [key]
    assert number_key(sentence) == key


def test_an_order_of_a_bare_organ_word_names_no_issuer():
    # 部令 is the citing ministry's own series: whose a copy is, it does not say
    assert order_issuer("根据部令第1号") == ""
    assert order_issuer("根据交通运输部令第1号") == "交通运输部"
    assert order_issuer("根据国务院令第694号") == "国务院"  # an organ that needs no name before it


@pytest.mark.parametrize(("key", "issuer", "qualified"), [
    # the 州 of 广州/杭州 and the 州 of 贵州省 are a name's, not a prefecture's: no place of that level
    ("州政府令第3号", "广州市人民政府", "州政府令第3号"),
    ("州政府令第3号", "杭州市西湖区住房和城乡建设局", "州政府令第3号"),
    ("州政府令第3号", "贵州省人民政府办公厅", "州政府令第3号"),
    ("市政府令第3号", "广州市人民政府", "广州市政府令第3号"),
    ("州政府令第3号", "黔东南苗族侗族自治州人民政府", "黔东南苗族侗族自治州政府令第3号"),
    ("区政府令第3号", "广州市天河区人民政府", "广州市天河区政府令第3号"),
    ("市政府令第20号", "南湖市市场监督管理局", "南湖市政府令第20号"),
    ("省政府令第3号", "国务院办公厅", "省政府令第3号"),
    # an organ's word alone (部令) is the citing organ's own series: the organ of the issuer that word ends
    ("部令第1号", "工业和信息化部", "工业和信息化部令第1号"),
    ("部令第1号", "工业和信息化部办公厅", "工业和信息化部令第1号"),
    ("部令2019年第1号", "商务部", "商务部令2019年第1号"),
    ("委令第2号", "国家发展和改革委员会", "国家发展和改革委员会令第2号"),
    ("总局令第3号", "国家市场监督管理总局", "国家市场监督管理总局令第3号"),
    ("局令第2号", "南湖市市场监督管理局", "南湖市市场监督管理局令第2号"),
    ("部令第1号", "南湖市人民政府", "部令第1号"),  # no 部 in its name: whose, it does not say
    # a 部 inside a place's name is no organ's (南部县, 东部新区); a county's or district's 部 is no ministry
    ("部令第1号", "南部县人民政府", "部令第1号"),
    ("部令第1号", "南部市人民政府", "部令第1号"),
    ("部令第1号", "东部新区管理委员会", "部令第1号"),
    ("部令第1号", "南湖县委宣传部", "部令第1号"),
    ("局令第2号", "南部市交通运输局", "南部市交通运输局令第2号"),
    # 区 is a district, never an autonomous region (自治区政府令 is the region's)
    ("区政府令第3号", "广西壮族自治区人民政府办公厅", "区政府令第3号"),
    ("自治区政府令第3号", "广西壮族自治区人民政府办公厅", "广西壮族自治区政府令第3号"),
])
def test_an_order_cited_without_its_place_takes_the_citing_issuers_place_of_its_level(key, issuer, qualified):
    assert qualify(key, issuer) == qualified
    assert number_key(key, issuer) == qualified
    assert number_key(f"根据{key}", issuer) == qualified


@pytest.mark.parametrize(("written", "key"), [
    ("中国人民银行令〔2019〕第3号", "中国人民银行令2019年第3号"),
    ("中国人民银行令[2019]第 3 号", "中国人民银行令2019年第3号"),
    ("中国人民银行令（２０１９）第３号", "中国人民银行令2019年第3号"),
    ("中国人民银行令2019年第3号", "中国人民银行令2019年第3号"),
    ("国家发展和改革委员会令2023年第7号", "国家发展和改革委员会令2023年第7号"),
    ("国务院第588号令", "国务院令第588号"),
    ("商务部2019年第1号令", "商务部令2019年第1号"),
    ("国务院令 第 588 号", "国务院令第588号"),
])
def test_every_spelling_of_an_order_number_folds_to_one_key(written, key):
    assert number_key(written) == key
    # as written, spaces dropped and digits folded to ASCII
    assert written_number(f" {written} ") == "".join(written.split()).translate(_ASCII_DIGITS)


def test_an_order_number_in_either_order_is_cited_and_heads_a_page():
    refs = references("根据《某某条例》（国务院第588号令）和《某某办法》（中国人民银行令〔2019〕第3号），制定本办法。")
    assert [(r.title, r.doc_number) for r in refs] == [
        ("某某条例", "国务院令第588号"), ("某某办法", "中国人民银行令2019年第3号")]
    assert order_number_heading(["中国人民银行令", "〔2019〕第3号", "某某管理办法"]) == "中国人民银行令〔2019〕第3号"
    assert order_serial(number_key("中国人民银行令〔2019〕第3号")) == ("中国人民银行令2019年", 3)
    assert find_order_numbers("经市政府第12次常务会议审议通过") == []


def test_a_code_opening_with_a_preposition_keeps_it_unless_a_verb_takes_the_preposition() -> None:
    # 即墨区 即政发, 于都县 于府发, 将乐县 将政文: a code's own first character, alone or after a word that
    # takes the number itself (根据, 按照, 执行…); the document's own number keys the same
    for text, code in [("即政发〔2020〕1号", "即政发"), ("于府发〔2021〕5号", "于府发"),
                       ("根据即政发〔2020〕1号文件", "即政发"), ("按照将政文〔2019〕12号要求", "将政文"),
                       ("依据于府发〔2021〕5号", "于府发"), ("关于即政发〔2020〕1号文件的补充通知", "即政发"),
                       ("对外经贸发〔2001〕3号", "对外经贸发")]:
        found = find_doc_numbers(text)
        assert [n.code for n, _, _ in found] == [code], text
        assert number_key(text[found[0][1]:found[0][2]]) == str(found[0][0])  # the citation meets the document
    # after a verb that takes a preposition, the preposition is the sentence's
    for text in ["市人民政府决定对乙府发〔2016〕3号文件作如下修改", "并将乙府发〔2016〕3号文件予以废止",
                 "关于对乙府发〔2016〕3号文件进行修改的决定", "现决定将即政发〔2020〕1号废止"]:
        assert [str(n) for n, _, _ in find_doc_numbers(text)] == [
            "即政发〔2020〕1号" if "即政发" in text else "乙府发〔2016〕3号"], text


def test_an_order_number_is_read_without_the_words_before_it_as_a_doc_number_is() -> None:
    # one grammar of the words before a cited number: 现将, 执行, 原 are no issuer's either
    for text in ["现将南湖市人民政府令第3号予以废止", "执行南湖市人民政府令第3号", "决定对南湖市人民政府令第3号作如下修改",
                 "原南湖市人民政府令第3号同时废止"]:
        assert [key for key, _, _ in find_order_numbers(text)] == ["南湖市政府令第3号"], text
    # an issuer's full name keeps its 和 (a 文号's abbreviated code holds none)
    assert find_order_numbers("根据国家发展和改革委员会令第1号")[0][0] == "国家发展和改革委员会令第1号"
    assert [key for key, _, _ in find_order_numbers("2015年8月20日市人民政府令第20号公布")] == ["市政府令第20号"]
