"""Word/WPS structures around the text of a DOCX: each read as Word shows the document.

The files are built with tests/docxgen.py: python-docx writes the package, the structure under
test is put in as the XML Word writes for it."""

from __future__ import annotations

import pytest

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


def test_phonetic_guides_read_as_their_base_text() -> None:
    body = ("<w:p><w:r><w:t>第一条 </w:t></w:r><w:ruby><w:rubyPr><w:rubyAlign w:val='center'/></w:rubyPr>"
            "<w:rt><w:r><w:t>zhǎng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>长</w:t></w:r></w:rubyBase></w:ruby>"
            "<w:r><w:t>效机制。</w:t></w:r></w:p>")
    assert _lines(body) == ["第一条 长效机制。"]


def _lvl(ilvl: int, text: str, fmt: str, *, start: int = 1, extra: str = "", suff: str = "") -> str:
    numfmt = f"<w:numFmt w:val='{fmt}'/>" if fmt else ""
    suffix = f"<w:suff w:val='{suff}'/>" if suff else ""
    return (f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='{start}'/>{numfmt}{extra}{suffix}"
            f"<w:lvlText w:val='{text}'/></w:lvl>")


# statute: 第X章 ⊃ 第X条 (counted across chapters: lvlRestart 0) ⊃ （X）; policy: 一、 ⊃ （一） ⊃ 1. ⊃ ①
# ⊃ 甲、; legal numbering 1.1 under 第一章; a Word 2010 custom format (01) read from its fallback
NUMBERING = (
    "<w:abstractNum w:abstractNumId='0'>" + _lvl(0, "第%1章", "chineseCounting", suff="nothing")
    + _lvl(1, "第%2条", "chineseCountingThousand", extra="<w:lvlRestart w:val='0'/><w:pStyle w:val='Tiao'/>", suff="space")
    + _lvl(2, "（%3）", "chineseCounting", suff="nothing") + "</w:abstractNum>"
    + "<w:abstractNum w:abstractNumId='1'>" + _lvl(0, "%1、", "chineseCounting", suff="nothing")
    + _lvl(1, "（%2）", "chineseCounting", suff="nothing") + _lvl(2, "%3.", "decimal")
    + _lvl(3, "%4", "decimalEnclosedCircle", suff="nothing") + _lvl(4, "%5、", "ideographTraditional", suff="nothing")
    + "</w:abstractNum>"
    + "<w:abstractNum w:abstractNumId='2'>" + _lvl(0, "第%1章", "chineseCounting", suff="space")
    + _lvl(1, "%1.%2", "decimal", extra="<w:isLgl/>", suff="space") + "</w:abstractNum>"
    + "<w:abstractNum w:abstractNumId='3'><w:lvl w:ilvl='0'><w:start w:val='1'/><mc:AlternateContent>"
      "<mc:Choice Requires='w14'><w:numFmt w:val='custom' w:format='01, 02, 03, ...'/></mc:Choice>"
      "<mc:Fallback><w:numFmt w:val='decimalZero'/></mc:Fallback></mc:AlternateContent>"
      "<w:suff w:val='nothing'/><w:lvlText w:val='%1 '/></w:lvl></w:abstractNum>"
    + "<w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>"
    + "<w:num w:numId='2'><w:abstractNumId w:val='1'/></w:num>"
    + "<w:num w:numId='3'><w:abstractNumId w:val='1'/><w:lvlOverride w:ilvl='0'><w:startOverride w:val='1'/></w:lvlOverride></w:num>"
    + "<w:num w:numId='4'><w:abstractNumId w:val='2'/></w:num>"
    + "<w:num w:numId='5'><w:abstractNumId w:val='1'/></w:num>"
    + "<w:num w:numId='6'><w:abstractNumId w:val='3'/></w:num>"
)
# 条 paragraphs take their numbering from their style, as a template's 条 style does
STYLES = ("<w:style w:type='paragraph' w:styleId='Tiao'><w:name w:val='条'/><w:basedOn w:val='Normal'/>"
          "<w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr></w:style>"
          "<w:style w:type='paragraph' w:styleId='TiaoBody'><w:name w:val='条正文'/><w:basedOn w:val='Tiao'/></w:style>")


def _num(text: str, num_id: int, ilvl: int) -> str:
    return p(text, f"<w:numPr><w:ilvl w:val='{ilvl}'/><w:numId w:val='{num_id}'/></w:numPr>")


def test_automatic_numbering_is_read_as_word_shows_it() -> None:
    body = (
        _num("总则", 1, 0) + p("为了规范管理，制定本办法。", "<w:pStyle w:val='Tiao'/>")
        + _num("本办法适用于：", 1, 1) + _num("企业；", 1, 2) + _num("个人。", 1, 2)
        + _num("管理", 1, 0) + p("主管部门负责实施。", "<w:pStyle w:val='TiaoBody'/>") + _num("甲项；", 1, 2)
        + p("不编号的段落。", "<w:pStyle w:val='Tiao'/><w:numPr><w:numId w:val='0'/></w:numPr>")
        + _num("总体要求", 2, 0) + _num("目标", 2, 1) + _num("甲", 2, 2) + _num("子项", 2, 3) + _num("天干项", 2, 4)
        + _num("乙", 2, 2) + _num("重点任务", 2, 0) + _num("丙", 2, 2)
        + _num("保障措施", 5, 0)  # another instance of the same list continues it
        + _num("重新编号", 3, 0)  # an instance with a start override restarts it
        + _num("术语", 4, 0) + _num("定义", 4, 1) + _num("缩略语", 4, 1)
        + _num("零一", 6, 0) + _num("零二", 6, 0)
    )
    assert _lines(body, numbering=NUMBERING, styles=STYLES) == [
        "第一章总则", "第一条 为了规范管理，制定本办法。", "第二条 本办法适用于：", "（一）企业；", "（二）个人。",
        "第二章管理", "第三条 主管部门负责实施。", "（一）甲项；", "不编号的段落。",
        "一、总体要求", "（一）目标", "1. 甲", "①子项", "甲、天干项", "2. 乙", "二、重点任务", "1. 丙",
        "三、保障措施", "一、重新编号",
        "第一章 术语", "1.1 定义", "1.2 缩略语",
        "01 零一", "02 零二",
    ]


def test_word_number_formats_come_from_the_numeral_grammar() -> None:
    from policywatch.extract.docxnumbering import format_number

    assert [format_number(n, "chineseCountingThousand") for n in (1, 10, 11, 20, 105, 1010)] == \
        ["一", "十", "十一", "二十", "一百零五", "一千零一十"]
    assert [format_number(n, "chineseLegalSimplified") for n in (3, 10, 105)] == ["叁", "壹拾", "壹佰零伍"]
    assert format_number(2024, "ideographDigital") == "二〇二四"
    assert [format_number(n, f) for n, f in ((3, "decimalEnclosedCircle"), (3, "decimalEnclosedParen"),
                                             (3, "decimalEnclosedFullstop"), (3, "ideographEnclosedCircle"),
                                             (28, "lowerLetter"), (14, "upperRoman"), (7, "decimalFullWidth"),
                                             (5, "ordinalText"))] == ["③", "⑶", "⒊", "㊂", "bb", "XIV", "７", "5"]
    # a hostile start value is written in digits, not as a billion letters
    assert format_number(10**9, "lowerLetter") == "1000000000"


def _text_box(text: str) -> str:
    """A floating text box as Word 2010+ writes it: a DrawingML shape, and the same box in VML
    for older readers."""
    content = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor><wp:docPr w:id='1' name='文本框 1'/>"
            "<a:graphic><a:graphicData uri='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'>"
            f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>")


def test_text_boxes_are_read_once_after_their_anchor() -> None:
    body = (
        p("第一条 总则")
        + "<w:p>" + _text_box("附件1") + "</w:p>"  # an anchor paragraph holding nothing but the box
        + "<w:p><w:r><w:t>第二条 申报材料</w:t></w:r>" + _text_box("（样表）") + "<w:r><w:t>见附表。</w:t></w:r></w:p>"
        + "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p("第三条 旧版 VML 文本框")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    assert _lines(body) == ["第一条 总则", "附件1", "第二条 申报材料见附表。", "（样表）", "第三条 旧版 VML 文本框"]


def test_tabs_breaks_hyphens_and_symbols_read_as_shown() -> None:
    from policywatch.normalize import normalize_text

    body = ("<w:p><w:r><w:t>第一条</w:t><w:tab/><w:t>为了规范管理，制定本办法。</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>第二条 申请人年龄</w:t><w:sym w:font='Symbol' w:char='F0B3'/><w:t>60周岁，材料</w:t>"
            "<w:sym w:font='Wingdings' w:char='F0FE'/><w:t>齐全，误差</w:t><w:sym w:font='Symbol' w:char='F0B1'/>"
            "<w:t>5%，编号A</w:t><w:noBreakHyphen/><w:t>1，co</w:t><w:softHyphen/><w:t>operation。</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>附件1</w:t><w:br w:type='page'/><w:t>申报表</w:t><w:br/><w:t>（样式）</w:t></w:r></w:p>")
    lines = _lines(body)
    assert lines == ["第一条 为了规范管理，制定本办法。", "第二条 申请人年龄≥60周岁，材料☑齐全，误差±5%，编号A-1，cooperation。",
                     "附件1", "申报表", "（样式）"]
    # a paragraph with a tab in it is text, not a table row: the normalizer respaces it like any line
    assert "\t" not in normalize_text("\n".join(lines)).display


FOOTNOTES = (
    "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
    "<w:footnote w:id='1'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space='preserve'> 含国家级和省级开发区。</w:t></w:r></w:p></w:footnote>"
    # a note of two paragraphs, the second opening like an article, and citing a note
    "<w:footnote w:id='2'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>按统计口径计算。</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>第九条 所称企业见前注</w:t></w:r><w:r><w:footnoteReference w:id='2'/></w:r><w:r><w:t>。</w:t></w:r></w:p></w:footnote>"
)


def test_footnotes_read_inline_where_cited_and_page_furniture_left_out() -> None:
    body = (p("第一条 为了规范管理，制定本办法。")
            + "<w:p><w:r><w:t>第二条 本办法适用于各类开发区</w:t></w:r><w:r><w:rPr><w:rStyle w:val='FootnoteReference'/></w:rPr>"
              "<w:footnoteReference w:id='1'/></w:r><w:r><w:t>内的企业，产值</w:t></w:r><w:r><w:footnoteReference w:id='2'/></w:r>"
              "<w:r><w:t>以上年度为准。</w:t></w:r></w:p>"
            + p("第三条 本办法自公布之日起施行。"))
    data = make_docx_xml(body, footnotes=FOOTNOTES, header="某市人民政府文件")
    lines = extract_docx(data, url="http://x.gov.cn/a.docx").text.split("\n")
    assert lines == ["第一条 为了规范管理，制定本办法。",
                     "第二条 本办法适用于各类开发区（注：含国家级和省级开发区。）内的企业，"
                     "产值（注：按统计口径计算。 第九条 所称企业见前注。）以上年度为准。",
                     "第三条 本办法自公布之日起施行。"]


def test_imported_chunks_are_read_where_they_stand(caplog: pytest.LogCaptureFixture) -> None:
    html = "<html><head><meta charset='gbk'></head><body><p>第二条 申报条件如下：</p><p>（一）在本市注册；</p></body></html>"
    inner = make_docx_xml(p("第三条 本办法自公布之日起施行。"))
    body = (p("第一条 为了规范管理，制定本办法。") + "<w:altChunk r:id='@html@'/>" + "<w:altChunk r:id='@docx@'/>"
            + "<w:altChunk r:id='rId404'/><w:altChunk r:id='@rtf@'/>" + p("附件：申报表"))
    chunks = {"html": ("text/html", html.encode("gbk")),
              "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", inner),
              "rtf": ("application/rtf", rb"{\rtf1 \'b5\'da}")}
    assert _lines(body, chunks=chunks) == ["第一条 为了规范管理，制定本办法。", "第二条 申报条件如下：", "（一）在本市注册；",
                                           "第三条 本办法自公布之日起施行。", "附件：申报表"]
    assert "afchunk2.bin (application/rtf) is not read" in caplog.text  # an unread chunk is said


def test_hidden_runs_are_left_out() -> None:
    body = ("<w:p><w:r><w:t>第一条 申请人应当提交</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（此处填写材料清单，发布前删除）</w:t></w:r>"
            "<w:r><w:rPr><w:vanish w:val='0'/></w:rPr><w:t>申请表</w:t></w:r><w:r><w:t>。</w:t></w:r></w:p>")
    assert _lines(body) == ["第一条 申请人应当提交申请表。"]


def _toc_entry(text: str, page: int, style: str = "TOC1") -> str:
    """A table-of-contents entry as Word writes it: a link to the heading, a tab, a PAGEREF field."""
    return (f"<w:p><w:pPr><w:pStyle w:val='{style}'/></w:pPr><w:hyperlink w:anchor='_Toc{page}'><w:r><w:t>{text}</w:t></w:r>"
            f"<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGEREF _Toc{page} \\h </w:instrText></w:r>"
            f"<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
            "</w:hyperlink></w:p>")


def test_a_table_of_contents_is_left_out() -> None:
    chapters = p("第一章 总则") + p("第一条 为了规范管理。") + p("第二章 附则") + p("第二条 自公布之日起施行。")
    expected = ["某市管理办法", "第一章 总则", "第一条 为了规范管理。", "第二章 附则", "第二条 自公布之日起施行。"]
    # Word's: a content control of the Table of Contents gallery, with no 目录 heading
    control = ("<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/><w:docPartUnique/></w:docPartObj>"
               "</w:sdtPr><w:sdtContent>" + _toc_entry("第一章 总则", 1) + _toc_entry("第二章 附则", 2) + "</w:sdtContent></w:sdt>")
    assert _lines(p("某市管理办法") + control + chapters) == expected
    # WPS's: bare paragraphs in the toc styles, whose ids are numbers, under a TOC Heading
    styles = ("<w:style w:type='paragraph' w:styleId='12'><w:name w:val='toc 1'/></w:style>"
              "<w:style w:type='paragraph' w:styleId='30'><w:name w:val='TOC Heading'/></w:style>")
    bare = p("目录", "<w:pStyle w:val='30'/>") + _toc_entry("第一章 总则", 1, "12") + _toc_entry("第二章 附则", 2, "12")
    assert _lines(p("某市管理办法") + bare + chapters, styles=styles) == expected


_HIDING_STYLES = (
    "<w:style w:type='character' w:styleId='Instr'><w:name w:val='模板说明'/><w:rPr><w:vanish/><w:color w:val='FF0000'/></w:rPr></w:style>"
    "<w:style w:type='character' w:styleId='InstrRed'><w:name w:val='模板说明（红）'/><w:basedOn w:val='Instr'/>"
    "<w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type='character' w:styleId='InstrShown'><w:name w:val='已填写'/><w:basedOn w:val='Instr'/>"
    "<w:rPr><w:vanish w:val='0'/></w:rPr></w:style>"
    "<w:style w:type='paragraph' w:styleId='DraftNote'><w:name w:val='起草说明'/><w:rPr><w:vanish/></w:rPr></w:style>"
    "<w:style w:type='paragraph' w:styleId='DraftNote2'><w:name w:val='起草说明2'/><w:basedOn w:val='DraftNote'/></w:style>"
)


def _styled_run(text: str, style: str, extra: str = "") -> str:
    return f"<w:r><w:rPr><w:rStyle w:val='{style}'/>{extra}</w:rPr><w:t>{text}</w:t></w:r>"


def test_text_hidden_through_a_style_is_left_out() -> None:
    numbering = ("<w:abstractNum w:abstractNumId='0'><w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
                 "<w:lvlText w:val='第%1条'/><w:suff w:val='space'/></w:lvl></w:abstractNum>"
                 "<w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>")
    numbered = "<w:numPr><w:ilvl w:val='0'/><w:numId w:val='1'/></w:numPr>"
    body = (
        # a character style, and one based on it, hide a template's instructions
        "<w:p><w:pPr>" + numbered + "</w:pPr><w:r><w:t>申请人应当提交</w:t></w:r>" + _styled_run("（填写材料清单）", "Instr")
        + _styled_run("（发布前删除）", "InstrRed") + _styled_run("申请表", "InstrShown")
        # the run's own w:vanish off shows what its style hides
        + _styled_run("和承诺书", "Instr", "<w:vanish w:val='false'/>") + "<w:r><w:t>。</w:t></w:r></w:p>"
        # a paragraph in a hidden paragraph style (through w:basedOn), its mark too: gone, number and all
        + "<w:p><w:pPr><w:pStyle w:val='DraftNote2'/>" + numbered + "</w:pPr><w:r><w:t>起草说明：本条参照某省办法。</w:t></w:r></w:p>"
        # a run styled hidden in a paragraph styled hidden: w:vanish is a toggle, and shows (the
        # mark is shown by its own w:vanish off)
        + "<w:p><w:pPr><w:pStyle w:val='DraftNote'/><w:rPr><w:vanish w:val='0'/></w:rPr></w:pPr>"
        + _styled_run("第三条 ", "Instr") + "</w:p>"
        # a hidden paragraph mark joins the paragraph to the next, as on the page
        + "<w:p><w:pPr>" + numbered + "<w:rPr><w:rStyle w:val='Instr'/></w:rPr></w:pPr><w:r><w:t>补贴资金</w:t></w:r></w:p>"
        + "<w:p><w:pPr>" + numbered + "</w:pPr><w:r><w:t>由市财政局拨付。</w:t></w:r></w:p>"
    )
    assert _lines(body, styles=_HIDING_STYLES, numbering=numbering) == [
        "第一条 申请人应当提交申请表和承诺书。", "第三条", "第二条 补贴资金由市财政局拨付。"]


def test_equations_are_read_in_a_linear_form() -> None:
    def r(text: str) -> str:
        return f"<m:r><w:rPr><w:rFonts w:ascii='Cambria Math'/></w:rPr><m:t>{text}</m:t></m:r>"

    fraction = f"<m:f><m:num>{r('A×')}{r('r')}</m:num><m:den>{r('12')}</m:den></m:f>"
    power = f"<m:sSup><m:e>{r('(1+i)')}</m:e><m:sup>{r('n')}</m:sup></m:sSup>"
    total = (f"<m:nary><m:naryPr><m:chr m:val='∑'/></m:naryPr><m:sub>{r('k=1')}</m:sub><m:sup>{r('n')}</m:sup>"
             f"<m:e><m:sSub><m:e>{r('x')}</m:e><m:sub>{r('k')}</m:sub></m:sSub></m:e></m:nary>")
    interval = f"<m:d><m:dPr><m:begChr m:val='['/><m:endChr m:val=']'/><m:sepChr m:val=','/></m:dPr><m:e>{r('0')}</m:e><m:e>{r('1')}</m:e></m:d>"
    body = (
        p("第五条 每月补贴按下式计算：")
        + f"<w:p><m:oMathPara><m:oMath>{r('S=')}{fraction}{power}</m:oMath><m:oMath>{r('T=')}{total}</m:oMath></m:oMathPara></w:p>"
        # inline, in the sentence, with a tracked change inside the equation accepted
        + f"<w:p><w:r><w:t>其中系数</w:t></w:r><m:oMath>{r('r∈')}{interval}<w:del w:id='1' w:author='a'>{r('?')}</w:del>"
          f"<m:rad><m:radPr><m:degHide m:val='1'/></m:radPr><m:deg/><m:e>{r('2')}</m:e></m:rad></m:oMath>"
          "<w:r><w:t>，由市人社局核定。</w:t></w:r></w:p>"
    )
    assert _lines(body) == ["第五条 每月补贴按下式计算：", "S=(A×r)/12(1+i)^n", "T=∑_(k=1)^nx_k",
                            "其中系数r∈[0,1]√(2)，由市人社局核定。"]


def test_matrices_and_equation_arrays_read_row_by_row_and_cell_by_cell() -> None:
    def r(text: str) -> str:
        return f"<m:r><m:t>{text}</m:t></m:r>"

    def e(*parts: str) -> str:
        return f"<m:e>{''.join(parts)}</m:e>"

    # a system of equations under a left brace (m:d with no right bracket), as Word's equation
    # editor writes it, and a 2x2 matrix in brackets
    system = ("<m:d><m:dPr><m:begChr m:val='{'/><m:endChr m:val=''/></m:dPr><m:e><m:eqArr>"
              + e(r("x+y=3")) + e(r("x−y=1")) + "</m:eqArr></m:e></m:d>")
    matrix = ("<m:d><m:dPr><m:begChr m:val='['/><m:endChr m:val=']'/></m:dPr><m:e><m:m><m:mPr/>"
              + "<m:mr>" + e(r("0.6")) + e(r("0.4")) + "</m:mr><m:mr>" + e(r("0.3")) + e(r("0.7")) + "</m:mr>"
              + "</m:m></m:e></m:d>")
    body = (p("第七条 权重按下列方程组确定：") + f"<w:p><m:oMathPara><m:oMath>{system}</m:oMath></m:oMathPara></w:p>"
            + f"<w:p><w:r><w:t>转移矩阵为</w:t></w:r><m:oMath>{r('P=')}{matrix}</m:oMath><w:r><w:t>。</w:t></w:r></w:p>")
    assert _lines(body) == ["第七条 权重按下列方程组确定：", "{x+y=3; x−y=1", "转移矩阵为P=[0.6, 0.4; 0.3, 0.7]。"]


def test_embedded_objects_are_named_in_the_warnings_not_the_text() -> None:
    ole = ("<w:r><w:object w:dxaOrig='8000' w:dyaOrig='3000'><v:shape id='_x0000_i1025' style='width:400pt;height:150pt'>"
           "<v:imagedata r:id='rId90' o:title=''/></v:shape><o:OLEObject Type='Embed' ProgID='{prog}' ShapeID='_x0000_i1025' "
           "DrawAspect='Content' ObjectID='_1700000000' r:id='rId91'/></w:object></w:r>")
    body = (p("第六条 补贴标准见下表：") + "<w:p>" + ole.format(prog="Excel.Sheet.12") + "</w:p>"
            + "<w:p><w:r><w:t>公式为</w:t></w:r>" + ole.format(prog="Equation.DSMT4") + "<w:r><w:t>。</w:t></w:r></w:p>")
    document = extract_docx(make_docx_xml(body), url="http://x.gov.cn/a.docx")
    assert document.text.split("\n") == ["第六条 补贴标准见下表：", "公式为。"]
    assert [w.partition(")")[0] for w in document.warnings] == ["an embedded object (Excel.Sheet.12",
                                                                "an embedded object (Equation.DSMT4"]


def test_a_chunk_typed_as_a_main_document_part_is_read_and_a_broken_one_skipped() -> None:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    package = make_docx_xml(p("第二条 打包导入的一条。"))
    # the part itself, as XML: a w:document, and a Flat OPC package holding one
    part_xml = ("<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
                + p("第三条 按部件导入的一条。") + "</w:body></w:document>")
    flat = ("<pkg:package xmlns:pkg='http://schemas.microsoft.com/office/2006/xmlPackage'><pkg:part pkg:name='/word/document.xml' "
            f"pkg:contentType='{main}'><pkg:xmlData>" + part_xml.replace("第三条 按部件", "第四条 按平面包") + "</pkg:xmlData></pkg:part></pkg:package>")
    body = (p("第一条 总则。") + "".join(f"<w:altChunk r:id='@{name}@'/>" for name in ("zip", "xml", "flat", "junk", "noxml"))
            + p("第五条 附则。"))
    chunks = {"zip": (main, package), "xml": (main, part_xml.encode()), "flat": (main, flat.encode()),
              "junk": (main, b"\x00\x01 not a part"), "noxml": (main, b"<html><body>x</body></html>")}
    document = extract_docx(make_docx_xml(body, chunks=chunks), url="http://x.gov.cn/a.docx")
    assert document.text.split("\n") == ["第一条 总则。", "第二条 打包导入的一条。", "第三条 按部件导入的一条。",
                                         "第四条 按平面包导入的一条。", "第五条 附则。"]
    assert [w.partition(": ")[0] for w in document.warnings] == [
        f"an imported chunk (w:altChunk) /word/afchunk3.bin ({main}) is not read",
        f"an imported chunk (w:altChunk) /word/afchunk4.bin ({main}) is not read"]


def test_a_strict_open_xml_package_is_read() -> None:
    """Word's "Strict Open XML Document": the same parts, the ISO Strict namespace and relationship names."""
    import io
    import zipfile

    transitional = make_docx_xml(p("第一条 为了规范管理，制定本办法。")
                                 + "<w:p><w:r><w:t>补贴按</w:t></w:r><m:oMath><m:r><m:t>8%</m:t></m:r></m:oMath>"
                                   "<w:r><w:t>计算。</w:t></w:r></w:p>")
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(transitional)) as source, zipfile.ZipFile(strict, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            for area, name in (("wordprocessingml", "main"), ("officeDocument", "relationships"),
                               ("officeDocument", "math"), ("drawingml", "main")):
                data = data.replace(f"http://schemas.openxmlformats.org/{area}/2006/{name}".encode(),
                                    f"http://purl.oclc.org/ooxml/{area}/{name}".encode())
            target.writestr(member, data)
    assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in zipfile.ZipFile(strict).read("_rels/.rels")
    assert extract_docx(strict.getvalue(), url="http://x.gov.cn/a.docx").text.split("\n") == [
        "第一条 为了规范管理，制定本办法。", "补贴按8%计算。"]
