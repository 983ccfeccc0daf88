"""When a page is only a pointer to its attachments (its text replaced by theirs) and when not."""

from __future__ import annotations

import pytest

from policywatch.extract.html import is_stub
from policywatch.model import Link

FILES = (Link(url="http://x.gov.cn/downloadfile.jsp?fileid=1", text="指南.doc"),)
NOTICE = "各设区市：\n现将《建设指南》印发给你们，请认真贯彻落实。\n附件：建设指南.doc\n某某厅\n2024年1月5日"
SHORT_POLICY = ("各设区市：\n为加快推进智能制造，现将有关事项通知如下。\n一、建设目标\n到2025年，建成50家示范工厂。\n"
                "二、支持政策\n对认定的示范工厂给予最高200万元奖励。\n附件：建设指南.doc")


@pytest.mark.parametrize(
    ("text", "stub"),
    [
        (NOTICE, True),  # a 印发 notice: the policy is the attachment
        ("江苏省人民政府关于印发实施意见的通知，详见附件。", True),
        (SHORT_POLICY, False),  # short, but with clauses of its own: its text is watched
        (SHORT_POLICY + "\n详见附件。", True),  # 详见附件 still says the text is elsewhere
        ("一、建设目标\n到2025年，建成50家示范工厂。", True),  # one clause is not a document
    ],
)
def test_stub_rule(text: str, stub: bool) -> None:
    assert is_stub(text, FILES) is stub


def test_a_page_without_attachments_is_never_a_stub() -> None:
    assert not is_stub(NOTICE, ())


def test_attachment_links_opened_by_onclick_are_attachments() -> None:
    from policywatch.extract import extract

    html = """<html><body><div id="zoom"><p>正文。</p>附件：<a href="javascript:void(0)"
        onclick="window.open('/module/download/downloadfile.jsp?fileid=78')">评分细则.docx</a>
        <a href="javascript:void(0)" onclick="download(78)">无法打开的附件.pdf</a></div></body></html>"""
    doc = extract(html.encode(), url="http://x.gov.cn/art/1.html", content_type="text/html")
    assert [(a.url, a.text) for a in doc.attachments] == [
        ("http://x.gov.cn/module/download/downloadfile.jsp?fileid=78", "评分细则.docx")
    ]
