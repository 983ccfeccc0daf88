"""DOC, WPS and ET/XLS files produced by LibreOffice in set-up, read back through LibreOffice (and antiword)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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
