"""Source line breaks inside HTML text: nothing between Chinese characters, a space elsewhere."""

from __future__ import annotations

from bs4 import BeautifulSoup

from policywatch.extract.layout import render_lines


def lines(html: str) -> str:
    return render_lines(BeautifulSoup(html, "lxml").body)


def test_a_wrapped_source_line_between_chinese_characters_joins() -> None:
    html = """<p><span>现将有关事项
        通知如下。</span></p><p><span>一、建设</span>
    <span>目标</span></p><p>印发给你们，
    请认真贯彻落实。</p>"""
    assert lines(html) == "现将有关事项通知如下。\n一、建设目标\n印发给你们，请认真贯彻落实。"


def test_other_breaks_and_real_spaces_stay_spaces() -> None:
    html = "<p>Section 2 applies\nto all.</p><p>建成\n50家</p><p>江苏省 南京市</p><p>a<br>b</p>"
    assert lines(html) == "Section 2 applies to all.\n建成 50家\n江苏省 南京市\na\nb"


def test_labels_split_over_source_lines_still_pair_with_their_values() -> None:
    html = "<table><tr><td>发文\n机关：</td><td>\n  国务院\n</td></tr></table>"
    assert lines(html) == "发文机关：\t国务院"
