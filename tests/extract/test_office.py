"""DOC, WPS and ET/XLS files produced by LibreOffice in set-up, read back through LibreOffice (and antiword)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import extract, extract_file, sniff
from policywatch.extract.office import libreoffice

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(libreoffice() is None, reason="LibreOffice (soffice) is not installed")]

LINES = ["关于印发实施办法的通知", "各区人民政府：", "现将实施办法印发给你们，请认真贯彻执行。"]
ROWS = [["序号", "园区名称", "所属板块"], ["1", "宜城软件园", "宜城街道"], ["2", "环科园", "经开区"]]


def _libreoffice_makes(tmp: Path, name: str, text: str, infilter: str, target: str) -> bytes:
    source = tmp / name
    source.write_text(text, encoding="utf-8")
    subprocess.run([libreoffice() or "soffice", "--headless", "--norestore", "--nologo",
                    f"-env:UserInstallation={(tmp / 'profile').as_uri()}", f"--infilter={infilter}",
                    "--convert-to", target, "--outdir", str(tmp / "out"), str(source)],
                   capture_output=True, timeout=180, check=True)
    return next((tmp / "out").glob(f"{source.stem}.*")).read_bytes()


@pytest.fixture(scope="module")
def office_files(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("office")
    return {
        "doc": _libreoffice_makes(tmp, "notice.txt", "\n".join(LINES), "Text (encoded):UTF8", "doc"),
        "xls": _libreoffice_makes(tmp, "parks.csv", "\n".join(",".join(r) for r in ROWS), "CSV:44,34,76,1", "xls"),
    }


def test_a_doc_antiword_cannot_read_is_read_by_libreoffice(office_files):
    body = office_files["doc"]
    assert sniff(body) == "doc"
    # antiword refuses a document this short ("text stream too small"): LibreOffice takes over
    doc = extract(body, url="http://x.gov.cn/fj/notice.doc")
    assert doc.format == "doc" and doc.text.splitlines() == LINES


def test_a_wps_file_is_read_like_a_doc(office_files, tmp_path):
    path = tmp_path / "通知.wps"  # WPS Office saves .wps in the Word binary format
    path.write_bytes(office_files["doc"])
    assert extract_file(path).text.splitlines() == LINES


def test_an_et_or_xls_sheet_becomes_tab_separated_rows(office_files, tmp_path):
    body = office_files["xls"]
    assert sniff(body) == "xls"
    doc = extract(body, url="http://x.gov.cn/fj/parks.et", content_type="application/octet-stream")
    assert doc.format == "xls" and doc.text.splitlines() == ["\t".join(r) for r in ROWS]
    path = tmp_path / "名单.et"
    path.write_bytes(body)
    assert extract_file(path).text == doc.text


# What Word and WPS write for Chinese text in RTF: GBK bytes as \'hh escapes under \ansicpg936
def _rtf(lines: list[str]) -> bytes:
    def escaped(text: str) -> str:
        return "".join(ch if ch.isascii() else "".join(f"\\'{b:02x}" for b in ch.encode("gbk")) for ch in text)

    paragraphs = "".join(f"\\pard\\plain\\f0\\fs32 {escaped(line)}\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 " + escaped("宋体") + ";}}\n"
            + paragraphs + "}").encode("ascii")


def test_an_rtf_served_as_a_word_file_is_read_as_a_document_not_its_markup(tmp_path):
    body = _rtf(LINES)
    for content_type, url in (("application/msword", "http://x.gov.cn/fj/notice.doc"),
                              ("application/octet-stream", "http://x.gov.cn/download.jsp?id=7"),
                              ("text/plain", "http://x.gov.cn/fj/notice.rtf")):
        doc = extract(body, url=url, content_type=content_type)
        assert doc.format == "doc" and doc.text.splitlines() == LINES, content_type
    path = tmp_path / "通知.txt"  # a local file whatever its name
    path.write_bytes(body)
    assert extract_file(path).text.splitlines() == LINES


def _workbook(tmp: Path, target: str, sheets: dict[str, list[list[str]]], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook LibreOffice writes from a flat ODF spreadsheet with these sheets, `hidden` hidden."""
    def table(name: str, rows: list[list[str]]) -> str:
        cells = "".join("<table:table-row>" + "".join(f"<table:table-cell office:value-type='string'><text:p>{cell}"
                                                      "</text:p></table:table-cell>" for cell in row)
                        + "</table:table-row>" for row in rows)
        style = " table:style-name='hide'" if name in hidden else ""
        return (f"<table:table table:name='{name}'{style}>"
                f"{cells or '<table:table-row><table:table-cell/></table:table-row>'}</table:table>")

    source = tmp / "book.fods"
    source.write_text(
        # (double quotes: LibreOffice's type detection matches the mimetype attribute written so)
        '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        '<office:automatic-styles><style:style style:name="hide" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>'
        + "".join(table(name, rows) for name, rows in sheets.items()) + "</office:spreadsheet></office:body></office:document>",
        encoding="utf-8")
    out = tmp / target.partition(":")[0]
    subprocess.run([libreoffice() or "soffice", "--headless", "--norestore", "--nologo",
                    f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--convert-to", target,
                    "--outdir", str(out), str(source)], capture_output=True, timeout=180, check=True)
    return (out / f"book.{target.partition(':')[0]}").read_bytes()


def test_every_sheet_of_a_workbook_is_read_in_order(tmp_path):
    # the names sort the other way round (明 < 汇 in code points): the sheets' order is the workbook's
    sheets = {"汇总": [["序号", "单位"], ["1", "某市财政局"]], "空表": [], "明细": [["项目", "金额"], ["就业补贴", "8000"]]}
    for target in ("xlsx", "xls:MS Excel 97"):
        doc = extract(_workbook(tmp_path, target, sheets), url="http://x.gov.cn/fj/名单.et")
        assert doc.text.splitlines() == ["【汇总】", "序号\t单位", "1\t某市财政局", "【明细】", "项目\t金额", "就业补贴\t8000"], target
    # one sheet holding text reads as its rows, as before
    doc = extract(_workbook(tmp_path, "xlsx", {"Sheet1": ROWS, "Sheet2": []}), url="http://x.gov.cn/fj/名单.xlsx")
    assert doc.text.splitlines() == ["\t".join(r) for r in ROWS]


def test_hidden_sheets_are_no_content_and_chinese_sheet_names_read_in_any_locale(tmp_path):
    # a 申报表 with its dropdown lists on a hidden sheet: the form is the content, the lists are not
    sheets = {"申报表": [["序号", "单位名称", "所在区县"], ["1", "某某科技有限公司", "东城区"]],
              "下拉选项": [["东城区"], ["西城区"], ["朝阳区"]], "填报说明": [["请如实填写"]]}
    expected = ["【申报表】", "序号\t单位名称\t所在区县", "1\t某某科技有限公司\t东城区", "【填报说明】", "请如实填写"]
    for target in ("xlsx", "xls:MS Excel 97"):
        path = tmp_path / f"申报表.{target[:3]}"
        path.write_bytes(_workbook(tmp_path, target, sheets, hidden=("下拉选项",)))
        assert extract_file(path).text.splitlines() == expected, target
        # under LC_ALL=C LibreOffice wrote no file for a Chinese sheet name (in-???.csv): a process
        # of its own, as a cron job or a service gets it, whose LibreOffice profile is made so too
        out = tmp_path / "text.txt"
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from policywatch.extract import "
                        "extract_file; Path(sys.argv[2]).write_text(extract_file(Path(sys.argv[1])).text, 'utf-8')",
                        str(path), str(out)], env={**os.environ, "LC_ALL": "C"}, check=True, timeout=300)
        assert out.read_text("utf-8").splitlines() == expected, target


def test_the_hidden_sheets_of_ods_and_excel_95_workbooks_are_no_content(tmp_path):
    # the same 申报表 saved as ODS (LibreOffice, WPS) and as Excel 5.0/95 by an old OA system, its
    # names in GBK: the hidden dropdown lists were read as a sheet of the document
    from tests.olegen import biff5_workbook

    sheets = {"申报表": [["序号", "单位名称"], ["1", "某某科技有限公司"]], "下拉选项": [["东城区"], ["西城区"]],
              "填报说明": [["请如实填写"]]}
    expected = ["【申报表】", "序号\t单位名称", "1\t某某科技有限公司", "【填报说明】", "请如实填写"]
    ods = _workbook(tmp_path, "ods", sheets, hidden=("下拉选项",))
    assert extract(ods, url="http://x.gov.cn/fj/申报表.ods").text.splitlines() == expected
    path = tmp_path / "申报表.ods"
    path.write_bytes(ods)
    assert extract_file(path).text.splitlines() == expected
    excel95 = biff5_workbook(sheets, hidden=("下拉选项",))
    assert extract(excel95, url="http://x.gov.cn/fj/申报表.xls").text.splitlines() == expected
    # shown, every sheet reads
    shown = extract(biff5_workbook(sheets), url="http://x.gov.cn/fj/申报表.xls").text.splitlines()
    assert shown == [*expected[:3], "【下拉选项】", "东城区", "西城区", *expected[3:]]


def test_an_excel_95_workbook_without_a_right_code_page_reads_its_gbk_text_as_chinese():
    # an old OA system's export: GBK text and names, and no CODEPAGE record (or one saying 1252,
    # or a number no Windows code page has): LibreOffice read every cell as Latin-1 (北京市 → ±±¾©ÊÐ)
    from tests.olegen import biff5_workbook

    sheets = {"申报表": [["序号", "单位名称", "金额"], ["1", "北京市朝阳区教育委员会", "120"]],
              "下拉选项": [["东城区"]], "说明": [["请如实填写申报材料"]]}
    expected = ["【申报表】", "序号\t单位名称\t金额", "1\t北京市朝阳区教育委员会\t120", "【说明】", "请如实填写申报材料"]
    for codepage in (None, 1252, 12345):
        doc = extract(biff5_workbook(sheets, hidden=("下拉选项",), codepage=codepage, encoding="gbk"),
                      url="http://x.gov.cn/fj/申报表.xls")
        assert doc.text.splitlines() == expected, codepage
        assert doc.warnings == ("an Excel 95 workbook whose code page is missing or wrong: 3 line(s) of GBK codes "
                                "read as Latin-1, re-read as GBK",), codepage
    # a right code page needs no repair, and Latin text in a 1252 workbook is left as it is
    assert extract(biff5_workbook(sheets, hidden=("下拉选项",)), url="http://x.gov.cn/a.xls").warnings == ()
    latin = {"Tabelle": [["Müller", "Straße"], ["Développement régional", "Zürich"]]}
    doc = extract(biff5_workbook(latin, codepage=1252), url="http://x.gov.cn/a.xls")
    assert (doc.text.splitlines(), doc.warnings) == (["Müller\tStraße", "Développement régional\tZürich"], ())


def test_an_excel_95_gbk_workbook_of_short_names_is_re_read_cell_by_cell():
    # rows of a name or two (东城区 read as ¶«³ÇÇø) are too short to judge alone: they stayed
    # mojibake beside the long rows repaired, under a warning saying the workbook was repaired
    from tests.olegen import biff5_workbook

    sheets = {"统计表": [["区名", "人数"], ["东城区", "12"], ["西城区", "8"], ["合计", "20"],
                         ["北京市朝阳区教育委员会", "120"]]}
    short = {"名单": [["姓名", "单位"], ["张三", "东城区"], ["李四", "西城区"]]}
    for workbook in (sheets, short):
        for codepage in (None, 1252):
            doc = extract(biff5_workbook(workbook, codepage=codepage, encoding="gbk"), url="http://x.gov.cn/a.xls")
            rows = next(iter(workbook.values()))
            assert doc.text.splitlines() == ["\t".join(row) for row in rows], codepage
            assert doc.warnings == (f"an Excel 95 workbook whose code page is missing or wrong: {len(rows)} line(s) "
                                    "of GBK codes read as Latin-1, re-read as GBK",)
    # a Western workbook's accented words, however many, are no GBK: left as they are
    western = {"Tabelle": [["Größe", "Füße"], ["“Ærø”", "Öl"], ["Größenmaß", "Fußgängerübergänge"], ["ÄÖÜäöüß"],
                           ["Übergrößen", "Grüße"], ["Straße", "Maßnahmen", "Gemüse"]]}
    doc = extract(biff5_workbook(western, codepage=1252), url="http://x.gov.cn/a.xls")
    assert (doc.text.splitlines(), doc.warnings) == (["\t".join(row) for row in western["Tabelle"]], ())


def test_an_excel_95_workbook_labelled_mac_roman_reads_its_gbk_text_as_chinese():
    # code page 32768 (Excel 95 for the Mac) or 10000 over GBK bytes: LibreOffice read 北京 as
    # ±±æ© (Mac Roman), which the Latin-1 judgement alone never recognised; cells and names alike
    from tests.olegen import biff5_workbook

    sheets = {"申报表": [["序号", "单位名称", "所在区"], ["1", "北京市东城区教育委员会", "东城区"], ["2", "西城区", "8"]],
              "说明": [["请如实填写"]]}
    expected = ["【申报表】", "序号\t单位名称\t所在区", "1\t北京市东城区教育委员会\t东城区", "2\t西城区\t8", "【说明】", "请如实填写"]
    for codepage in (32768, 10000):
        doc = extract(biff5_workbook(sheets, codepage=codepage, encoding="gbk"), url="http://x.gov.cn/a.xls")
        assert doc.text.splitlines() == expected, codepage
        assert doc.warnings == ("an Excel 95 workbook whose code page is missing or wrong: 4 line(s) of GBK codes "
                                "read as Mac Roman, re-read as GBK",), codepage
    # a Mac workbook's own accented words are Mac Roman text: left as they are
    western = {"Tabelle": [["Müller", "Straße"], ["Développement régional", "Zürich"], ["Größenmaß", "Grüße"]]}
    doc = extract(biff5_workbook(western, codepage=32768, encoding="mac-roman"), url="http://x.gov.cn/a.xls")
    assert (doc.text.splitlines(), doc.warnings) == (["\t".join(row) for row in western["Tabelle"]], ())


def test_a_doc_cut_short_is_named_as_damaged(office_files):
    body = office_files["doc"][:4096]  # the stream directory is past the cut
    with pytest.raises(ExtractError, match=r"notice\.doc: an Office 97-2003 \(OLE\) file with no Word or Excel stream"):
        extract(body, url="http://x.gov.cn/fj/notice.doc", content_type="application/msword")


# `locale -a` of systems policywatch runs on: CentOS 7 (glibc 2.17, no C.UTF-8), a minimal
# Debian 12 image, and a container with no UTF-8 locale installed
CENTOS7 = ("C", "POSIX", "en_US", "en_US.iso88591", "en_US.utf8", "zh_CN", "zh_CN.gb18030", "zh_CN.gb2312",
           "zh_CN.gbk", "zh_CN.utf8", "zh_TW.big5", "zh_TW.utf8")
DEBIAN = ("C", "C.utf8", "POSIX")
BARE = ("C", "POSIX")


def test_the_child_environment_takes_a_utf8_locale_the_system_has(monkeypatch):
    from policywatch.extract import office

    monkeypatch.setenv("LC_ALL", "C")
    # LC_ALL=C.UTF-8 on a system without it left LibreOffice in C: Chinese sheet names as ???
    assert office._utf8_environment(CENTOS7)["LC_ALL"] == "zh_CN.utf8"
    assert office._utf8_environment(("C", "POSIX", "en_US.UTF-8", "de_DE.utf8@euro"))["LC_ALL"] == "en_US.UTF-8"
    assert office._utf8_environment(DEBIAN)["LC_ALL"] == "C.utf8"
    assert office._utf8_environment(BARE)["LC_ALL"] == "C"  # none to take: left as it is
    # this machine's own list, whatever it holds
    chosen = office._utf8_environment()["LC_ALL"]
    assert chosen in subprocess.run(["locale", "-a"], capture_output=True, text=True, check=True).stdout.split()
    monkeypatch.setenv("LC_ALL", "zh_CN.GBK")  # a character type of the user's that is not UTF-8
    assert office._utf8_environment(CENTOS7)["LC_ALL"] == "zh_CN.utf8"
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")  # already UTF-8: kept, formats and all
    assert office._utf8_environment(DEBIAN)["LC_ALL"] == "zh_CN.UTF-8"


def test_a_workbook_on_a_system_without_a_utf8_locale_is_an_error_naming_it_not_a_partial_read(monkeypatch):
    # LibreOffice in C names the sheets' files in-???.csv and writes none of them: the error said
    # "cannot read this file: Warning: failed to launch javaldx"
    from policywatch.extract import office
    from tests.olegen import biff5_workbook

    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setattr(office, "_system_locales", lambda: BARE)  # what `locale -a` says on such a system
    body = biff5_workbook({"申报表": [["序号", "单位名称"]], "填报说明": [["请如实填写"]]})
    with pytest.raises(ExtractError, match=r"wrote 0 of the 2 sheets .* no UTF-8 locale"):
        office.extract_sheet(body, url="http://x.gov.cn/fj/申报表.xls")
