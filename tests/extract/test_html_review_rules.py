"""Metadata rules of the detail-page templates (icons, <h3> titles, flush labels, English glosses)
held to what the page says: each case below is a layout where the rule, read too widely, took
another element's text (a false 有效性 change, a sidebar's title, a paragraph as the issuer)."""
from __future__ import annotations

import pytest

from policywatch.extract import extract

BODY = "<div class='content'><p>各有关单位：为进一步做好相关工作，现将有关事项通知如下。</p></div>"


def _meta(html: str):
    return extract(html.encode(), url="http://x.test/a.html", content_type="text/html", ocr=False).metadata


def _page(block: str) -> str:
    return (f"<html><head><title>关于做好某某工作的通知_某市</title></head><body>{block}"
            f"<h1>关于做好某某工作的通知</h1>{BODY}</body></html>")


@pytest.mark.parametrize(("block", "validity"), [
    ("<table><tr><td>有效性</td><td><i class='icon-youxiao'></i>现行有效</td></tr></table>", "现行有效"),
    ("<table><tr><td>有效性</td><td>已废止<i class='icon-feizhi'></i></td></tr></table>", "已废止"),
    ("<table><tr><td>有效性</td><td><span class='yxx youxiao'></span>有效</td></tr></table>", "有效"),
    ("<ul><li>有效性：<em class='status-expired'></em>已失效</li></ul>", "已失效"),
    ("<div class='info'><span>有效性：</span></div>"
     "<div class='legend'><i class='youxiao'></i>有效 <i class='shixiao'></i>失效</div>", "有效 失效"),
    # an icon alone is still the value
    ("<table><tr><td>有效性</td><td><i class='icon-shixiao'></i></td></tr></table>", "失效"),
    ("<ul><li>有效性：<em class='status-expired'></em></li></ul>", "失效"),
])
def test_an_icon_beside_the_state_word_adds_nothing(block: str, validity: str) -> None:
    assert _meta(_page(block)).validity == validity


@pytest.mark.parametrize("cls", ["right", "xgwj", "hot", "rmtj", "fr", "list", "box2", "sidebar"])
def test_a_sidebar_h3_does_not_beat_the_pages_title_element(cls: str) -> None:
    html = ("<html><head><title>文件详情</title></head><body><table><tr><td>索引号</td><td>A-1</td></tr></table>"
            f"<div class='tit'>关于做好2024年某某工作的通知</div>{BODY}"
            f"<div class='{cls}'><h3>关于印发某某管理办法的通知</h3></div></body></html>")
    assert _meta(html).title == "关于做好2024年某某工作的通知"


def test_an_h3_inside_the_body_is_not_the_title() -> None:
    html = ("<html><head><title>文件详情</title></head><body><table><tr><td>索引号</td><td>A-1</td></tr></table>"
            "<div class='tit'>关于做好2024年某某工作的通知</div><div class='content'><p>各单位：现印发。</p>"
            "<h3>某某专项资金管理办法</h3><p>第一条 为了规范。</p></div></body></html>")
    assert _meta(html).title == "关于做好2024年某某工作的通知"


def test_an_h3_title_is_still_read_when_nothing_else_names_the_page() -> None:
    html = ("<html><head><title>文件详情</title></head><body><table><tr><td>索引号</td><td>A-1</td></tr></table>"
            f"<h3>关于做好2024年某某工作的通知</h3>{BODY}</body></html>")
    assert _meta(html).title == "关于做好2024年某某工作的通知"


def test_a_bold_label_word_in_a_paragraph_is_no_field() -> None:
    html = _page("").replace("<p>各有关单位", "<p><b>发布机构</b><span>应当</span>在规定时间内公开。各有关单位")
    assert _meta(html).issuer == ""


def test_flush_label_spans_stop_at_the_next_label() -> None:
    meta = _meta(_page("<div><span>索引号</span><span>FL-2024-0009</span><span>发布机构</span><span>某某局</span></div>"))
    assert (meta.index_no, meta.issuer) == ("FL-2024-0009", "某某局")


def test_a_latin_value_is_no_gloss() -> None:
    html = _page("<table><tr><td>发文机关：MOFCOM</td><td>2024年</td></tr></table>")
    # the next cell runs on into the value, as before the gloss rule: what is asked here is that
    # the Latin value is not dropped as the label's translation
    assert _meta(html).issuer.startswith("MOFCOM")


def test_a_known_gloss_is_still_dropped() -> None:
    meta = _meta(_page("<table><tr><td>索引号 Index No.</td><td>11440100/2024-00012</td>"
                       "<td>发布机构 Issuing Agency</td><td>某某局</td></tr></table>"))
    assert (meta.index_no, meta.issuer) == ("11440100/2024-00012", "某某局")


def test_an_h3_after_the_bodys_first_sentence_is_not_the_title() -> None:
    html = ("<html><head><title>文件详情</title></head><body><table><tr><td>索引号</td><td>A-1</td></tr></table>"
            "<div class='content'><p>各单位：现将某某专项资金管理办法印发给你们。</p>"
            "<h3>某某专项资金管理办法</h3><p>第一条 为了规范。</p></div></body></html>")
    assert _meta(html).title != "某某专项资金管理办法"
