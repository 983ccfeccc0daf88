"""The 文号 grammar: every bracket and width variant folds to one form; anything else is not a 文号."""

import pytest

from policywatch.extract.metadata import from_labels
from policywatch.grammar.docnumber import DocNumber, find_doc_numbers, normalize_doc_number, parse_doc_number


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
