"""Word/WPS structures around the text of a DOCX: each read as Word shows the document.

The files are built with tests/docxgen.py: python-docx writes the package, the structure under
test is put in as the XML Word writes for it."""

from __future__ import annotations

from policywatch.extract.docx import extract_docx
from tests.docxgen import make_docx_xml, p


def _lines(body: str, **parts: str) -> list[str]:
    return extract_docx(make_docx_xml(body, **parts), url="http://x.gov.cn/a.docx").text.split("\n")


def test_content_controls_at_body_row_cell_and_run_level_are_read_in_order() -> None:
    body = (
        p("第一条 总则")
        + "<w:sdt><w:sdtPr><w:alias w:val='正文'/></w:sdtPr><w:sdtContent>"
        + p("第二条 模板包起来的一节")
        + "<w:sdt><w:sdtContent>" + p("第三条 嵌套的控件") + "</w:sdtContent></w:sdt>"
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>第四条 本办法自</w:t></w:r><w:sdt><w:sdtPr><w:date/></w:sdtPr><w:sdtContent>"
          "<w:r><w:t>2024年1月1日</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>起施行。</w:t></w:r></w:p>"
        + "<w:tbl><w:tr><w:tc>" + p("甲") + "</w:tc><w:sdt><w:sdtContent><w:tc>" + p("乙") + "</w:tc>"
          "</w:sdtContent></w:sdt></w:tr><w:sdt><w:sdtContent><w:tr><w:tc>" + p("丙") + "</w:tc><w:tc>"
          "<w:sdt><w:sdtContent>" + p("丁") + "</w:sdtContent></w:sdt></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>"
        + p("第五条 附则")
    )
    assert _lines(body) == ["第一条 总则", "第二条 模板包起来的一节", "第三条 嵌套的控件",
                            "第四条 本办法自2024年1月1日起施行。", "甲\t乙", "丙\t丁", "第五条 附则"]


def test_merged_cells_keep_their_reading() -> None:
    body = ("<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>" + p("标题") + "</w:tc><w:tc>" + p("丙") + "</w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr>" + p("甲") + "</w:tc><w:tc>" + p("乙") + "</w:tc><w:tc>" + p("丙") + "</w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>" + p("丁") + "</w:tc><w:tc>" + p("戊") + "</w:tc></w:tr></w:tbl>")
    assert _lines(body) == ["标题\t丙", "甲\t乙\t丙", "甲\t丁\t戊"]


def test_tracked_changes_read_accepted_and_run_wrappers_kept() -> None:
    body = (
        # an insertion and a deletion in one article
        "<w:p><w:r><w:t>第一条 补贴标准为每人</w:t></w:r><w:del w:id='1' w:author='a'><w:r><w:delText>500</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>800</w:t></w:r></w:ins><w:r><w:t>元。</w:t></w:r></w:p>"
        # a moved phrase: its source is gone, its target reads
        "<w:p><w:r><w:t>第二条 </w:t></w:r><w:moveFrom w:id='3' w:author='a'><w:r><w:t>由市财政局</w:t></w:r></w:moveFrom>"
        "<w:r><w:t>资金</w:t></w:r><w:moveTo w:id='4' w:author='a'><w:r><w:t>由市财政局</w:t></w:r></w:moveTo><w:r><w:t>拨付。</w:t></w:r></w:p>"
        # a paragraph deleted whole, runs and mark
        "<w:p><w:pPr><w:rPr><w:del w:id='5' w:author='a'/></w:rPr></w:pPr><w:del w:id='6' w:author='a'><w:r><w:delText>第三条 已删除的条款。</w:delText></w:r></w:del></w:p>"
        # a deleted paragraph mark: accepted, the paragraph joins the next
        "<w:p><w:pPr><w:rPr><w:del w:id='7' w:author='a'/></w:rPr></w:pPr><w:r><w:t>第三条 申请人应当</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>提交材料。</w:t></w:r></w:p>"
        # wrappers: smart tag, simple field, custom XML, hyperlink, all inside one another
        "<w:p><w:smartTag w:uri='urn:x' w:element='place'><w:r><w:t>第四条 详见</w:t></w:r></w:smartTag>"
        "<w:customXml w:element='ref'><w:hyperlink r:id='rId99'><w:r><w:t>网站</w:t></w:r></w:hyperlink></w:customXml>"
        "<w:fldSimple w:instr=' DATE '><w:r><w:t>2024年5月1日</w:t></w:r></w:fldSimple><w:ins w:id='8' w:author='a'>"
        "<w:smartTag w:uri='urn:x' w:element='x'><w:r><w:t>公告</w:t></w:r></w:smartTag></w:ins><w:r><w:t>。</w:t></w:r></w:p>"
    )
    assert _lines(body) == ["第一条 补贴标准为每人800元。", "第二条 资金由市财政局拨付。",
                            "第三条 申请人应当提交材料。", "第四条 详见网站2024年5月1日公告。"]
