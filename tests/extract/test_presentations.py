"""PPT, DPS (WPS 演示) and ODP decks: their slides' text through LibreOffice Impress, which turns
them into PPTX for the PPTX reader. They were fetched and reported as a format policywatch does
not read even where Impress was installed; without Impress they still are, naming what to install."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policywatch.errors import ExtractError
from policywatch.extract import extract, reader_for
from policywatch.extract.office import impress, libreoffice
from tests.extract.test_odf_packages import odf

SLIDES = [["关于促进人工智能产业发展若干措施的政策解读", "一、出台背景"],
          ["二、主要内容", "（一）对新认定的企业给予最高500万元资助。"]]
needs_impress = pytest.mark.skipif(not impress(), reason="LibreOffice Impress (libreoffice-impress) is not installed")


def odp(slides: list[list[str]]) -> bytes:
    """An ODP deck: one draw:page a slide, one text box a line."""
    pages = "".join(f'<draw:page draw:name="p{n}">' + "".join(
        f'<draw:frame svg:x="2cm" svg:y="{2 + 3 * row}cm" svg:width="20cm" svg:height="2cm"><draw:text-box>'
        f"<text:p>{line}</text:p></draw:text-box></draw:frame>" for row, line in enumerate(lines)) + "</draw:page>"
        for n, lines in enumerate(slides))
    return odf("application/vnd.oasis.opendocument.presentation", f"<office:presentation>{pages}</office:presentation>",
               namespaces='xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
                          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')


@pytest.fixture(scope="module")
def ppt(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A PowerPoint 97-2003 deck, written by LibreOffice from the ODP (it writes what Office reads)."""
    work = tmp_path_factory.mktemp("ppt")
    (work / "deck.odp").write_bytes(odp(SLIDES))
    subprocess.run([libreoffice() or "soffice", "--headless", "--norestore", "--nologo",
                    f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to", "ppt",
                    "--outdir", str(work), str(work / "deck.odp")], capture_output=True, timeout=180, check=True)
    return (work / "deck.ppt").read_bytes()


@needs_impress
def test_a_ppt_or_dps_deck_reads_as_its_slides(ppt: bytes) -> None:
    lines = [line for slide in SLIDES for line in slide]
    for url in ("http://x.gov.cn/fj/政策解读.ppt", "http://x.gov.cn/fj/培训课件.dps", "http://x.gov.cn/down?id=7"):
        doc = extract(ppt, url=url, content_type="application/octet-stream", ocr=False)
        assert (doc.format, doc.text.splitlines(), doc.warnings) == ("ppt", lines, ()), url
    doc = extract(odp(SLIDES), url="http://x.gov.cn/fj/解读.zip", content_type="application/zip", ocr=False)
    assert (doc.format, doc.text.splitlines()) == ("ppt", lines)
    assert reader_for("ppt") == "LibreOffice Impress"


@needs_impress
def test_a_deck_inside_a_bundle_is_read_under_its_heading(ppt: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("政策解读.ppt", ppt)
    doc = extract(out.getvalue(), url="http://x.gov.cn/b.zip", ocr=False)
    assert doc.text.splitlines() == ["【b.zip/政策解读.ppt】", *[line for slide in SLIDES for line in slide]]
    assert doc.warnings == ()


@needs_impress
def test_a_damaged_deck_is_named_as_a_presentation_libreoffice_cannot_read() -> None:
    from tests.olegen import ole_file

    with pytest.raises(ExtractError, match=r"培训课件\.dps: a PowerPoint \(PPT, or WPS DPS\) presentation: "
                                           r"LibreOffice cannot read this file"):
        extract(ole_file("PowerPoint Document", b"\0" * 5000), url="http://x.gov.cn/fj/培训课件.dps", ocr=False)


def test_without_impress_a_deck_is_refused_naming_what_to_install(tmp_path: Path) -> None:
    # a machine with no LibreOffice at all (PATH without soffice): the deck is reported, not skipped
    (tmp_path / "deck.odp").write_bytes(odp(SLIDES))
    script = ("import sys\nfrom policywatch.extract import extract_file, reader_for\nprint(reader_for('ppt'))\n"
              "try:\n    extract_file(sys.argv[1])\nexcept Exception as exc:\n    print(type(exc).__name__, exc)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "deck.odp")], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PATH": str(tmp_path)}, check=True)
    first, second = done.stdout.splitlines()
    assert first == "not read: install LibreOffice Impress (libreoffice-impress)"
    assert second.startswith("ExtractError ") and second.endswith(
        "deck.odp: an OpenDocument (ODP) presentation, a format policywatch reads only through LibreOffice "
        "Impress, which is not installed (apt-get install libreoffice-impress)")


@needs_impress
def test_a_conversion_cut_off_by_its_timeout_leaves_no_temporary_files_and_says_so(tmp_path: Path) -> None:
    # LibreOffice writes lu*.tmp files in $TMPDIR; killed at the timeout it left them there, one
    # a deck, and the refusal read "presentation LibreOffice cannot read: LibreOffice did not
    # convert this file within 2 s"; an ODP was called a PowerPoint (PPT, or WPS DPS) presentation
    (tmp_path / "tmp").mkdir()
    (tmp_path / "deck.odp").write_bytes(odp(SLIDES * 1000))
    script = ("import sys\nfrom policywatch.config import ExtractSettings\nfrom policywatch.extract import office\n"
              "office.MIN_TIMEOUT = 0.0\ntry:\n    office.extract_presentation(open(sys.argv[1], 'rb').read(), "
              "url='http://x.gov.cn/deck.odp', limits=ExtractSettings(timeout=3))\n"
              "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "deck.odp")], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "TMPDIR": str(tmp_path / "tmp")}, check=True)
    assert done.stdout.strip() == ("ExtractError http://x.gov.cn/deck.odp: an OpenDocument (ODP) presentation: "
                                   "LibreOffice did not convert it within 3 s")
    assert sorted(os.listdir(tmp_path / "tmp")) == []


def _install(root: Path, *, with_impress: bool) -> Path:
    """A LibreOffice installation's layout (program/soffice, share/registry/main.xcd, and
    impress.xcd when Impress is installed): what impress() looks at, nothing it runs."""
    program = root / "program" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    registry = root / "share" / "registry"
    registry.mkdir(parents=True)
    (registry / "main.xcd").write_text("<oor:data/>")
    if with_impress:
        (registry / "impress.xcd").write_text("<oor:data/>")
    return program


@pytest.mark.parametrize("with_impress", [True, False])
def test_impress_is_found_behind_a_wrapper_script_on_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               with_impress: bool) -> None:
    # /usr/local/bin/soffice as a script exec-ing /opt/libreoffice7.6/program/soffice: its own
    # directory holds no share/registry, and Impress read as missing beside an installed one
    program = _install(tmp_path / "opt" / "libreoffice7.6", with_impress=with_impress)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "soffice"
    wrapper.write_text(f'#!/bin/sh\n# site wrapper\nexport SAL_USE_VCLPLUGIN=gen\nexec "{program}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert libreoffice() == str(wrapper)
    assert impress() is with_impress
    # a symlink to the program is resolved to it, as before
    wrapper.unlink()
    wrapper.symlink_to(program)
    assert impress() is with_impress
