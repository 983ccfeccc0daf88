"""Every attachment suffix the extractor can read is followed from a page: one table names them.

`.mht`/`.mhtml` (Word's 单个文件网页) and `.rtf` (OA systems' "save as Word") were readable when
served as .doc but their own links were not followed: the attachment list in the HTML extractor
was one of three copies of the suffix table that disagreed.
"""

from __future__ import annotations

import quopri
from pathlib import Path

from policywatch import extract
from policywatch.demo.server import LoopbackSite
from policywatch.extract.html import extract_html
from tests.govsite import seed_lines
from tests.unseen import documents, run_json, stored_text, write_config

# 南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知 (宁政办发〔2019〕37号), tests/data/seeds
NJ19 = seed_lines("003_388d20438c39147f.txt", 2, 15)

TITLE = "关于印发某某办法的通知"
MHT_LINES = ["第一条 为了规范管理，制定本办法。", "第二条 本办法自2024年1月1日起施行。"]
RTF_LINES = ["申报表填写说明", "一、申报单位应当如实填写。"]


def _mht(lines: list[str]) -> bytes:
    """A web archive as Word saves it: MIME headers, then the page quoted-printable in GB2312."""
    page = ('<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><title>附件1</title></head>'
            "<body><div class=WordSection1>" + "".join(f"<p class=MsoNormal>{line}</p>" for line in lines)
            + "</div></body></html>")
    encoded = quopri.encodestring(page.encode("gb2312")).decode("ascii").replace("\n", "\r\n")
    boundary = "----=_NextPart_01DA0000.12345678"
    return (f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Location: file:///C:/D0C0/file.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            f'Content-Type: text/html; charset="gb2312"\r\n\r\n{encoded}\r\n--{boundary}--\r\n').encode("ascii")


def _rtf(lines: list[str]) -> bytes:
    def escaped(text: str) -> str:
        return "".join(ch if ch.isascii() else "".join(f"\\'{b:02x}" for b in ch.encode("gbk")) for ch in text)

    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 " + escaped("宋体") + ";}}\n"
            + "".join(f"\\pard\\plain\\f0\\fs32 {escaped(line)}\\par\n" for line in lines) + "}").encode("ascii")


def test_mht_mhtml_and_rtf_links_are_attachments() -> None:
    links = "".join(f'<p>附件{n}：<a href="/fj/{name}">{name}</a></p>'
                    for n, name in enumerate(["banfa.mht", "banfa2.MHTML", "biao.rtf", "jiedu.pptx", "cl.7z"], 1))
    page = (f"<html><head><title>{TITLE}</title></head><body><div class=\"TRS_Editor\">"
            f"<p>各区人民政府：现将某某办法印发给你们，请认真贯彻执行。</p>{links}</div></body></html>")
    doc = extract_html(page, url="http://www.x.gov.cn/zcwj/t1.html")
    assert [a.url.rpartition("/")[2] for a in doc.attachments] == ["banfa.mht", "banfa2.MHTML", "biao.rtf",
                                                                  "jiedu.pptx", "cl.7z"]
    # by the last suffix: .mhtml is a web archive, not a page for ending in "html"
    assert [extract.format_of_name(n) for n in ("附件.mhtml", "附件.MHT", "表.rtf?v=1", "页.shtml")] == [
        "mht", "mht", "doc", "html"]


def test_mht_and_rtf_attachments_are_crawled_and_read(tmp_path: Path) -> None:
    root = tmp_path / "www"
    (root / "zcwj").mkdir(parents=True)
    (root / "list.html").write_text(
        f'<html><body><ul class="list"><li><a href="zcwj/t20240105_1.html">{TITLE}</a><span>2024-01-05</span></li>'
        "</ul></body></html>", encoding="utf-8")
    (root / "zcwj/t20240105_1.html").write_text(
        f'<html><head><title>{TITLE}</title></head><body><div class="article"><h1>{TITLE}</h1><div class="content">'
        + "".join(f"<p>{line}</p>" for line in NJ19) + "</div>"
        '<div class="fujian"><p>附件1：<a href="P020240105501.mht">某某办法.mht</a></p>'
        '<p>附件2：<a href="P020240105502.rtf">申报表.rtf</a></p></div></div></body></html>', encoding="utf-8")
    (root / "zcwj/P020240105501.mht").write_bytes(_mht(MHT_LINES))
    (root / "zcwj/P020240105502.rtf").write_bytes(_rtf(RTF_LINES))

    with LoopbackSite(root) as site:
        config = write_config(tmp_path, f'name = "fj"\nlisting_urls = ["{site.base_url}/list.html"]')
        report = run_json(config)
        docs = documents(config)
    assert not report["errors"], report["errors"]
    page = docs["/zcwj/t20240105_1.html"]
    mht, rtf = docs["/zcwj/P020240105501.mht"], docs["/zcwj/P020240105502.rtf"]
    assert mht["parent_id"] == page["id"] == rtf["parent_id"]
    assert stored_text(config, mht)[-2:] == MHT_LINES
    assert stored_text(config, rtf) == RTF_LINES
