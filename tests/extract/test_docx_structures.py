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
