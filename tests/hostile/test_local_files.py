"""Local files given to `segment`, `diff` and `amend` that are damaged or locked in ways a reader meets."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli

CLAUSES = ["第一条 为了规范管理，制定本办法。", "第二条 补贴100万元。"]


def _pdf(lines: list[str], *, password: str) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=StandardEncryption(password, canPrint=0))
    page.setFont("STSong-Light", 12)
    for row, line in enumerate(lines):
        page.drawString(72, 720 - 20 * row, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_pdf_that_needs_a_password_says_so(tmp_path: Path) -> None:
    """pdfminer's PDFPasswordIncorrect has no text: the error read "not a readable PDF: " and stopped."""
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_pdf(CLAUSES, password="secret"))
    plain = tmp_path / "plain.txt"
    plain.write_text("\n".join(CLAUSES), encoding="utf-8")
    segment = CliRunner().invoke(cli, ["segment", str(locked)])
    assert segment.exit_code == 1 and "locked.pdf: an encrypted PDF that needs a password" in segment.stderr
    diff = CliRunner().invoke(cli, ["diff", str(plain), str(locked)])
    assert diff.exit_code == 2 and "an encrypted PDF that needs a password" in diff.stderr, diff.output


def test_invisible_characters_inside_clause_markers_leave_the_clauses_as_they_are(tmp_path: Path) -> None:
    """A variation selector (VS16 after a numeral, an ideographic one after 第), an Arabic letter
    mark, a grapheme joiner, a tag character or an invisible separator inside 第X条 made it no
    article: its text became a paragraph of the article before, so a diff against the clean text
    reported one article modified and the others gone instead of no change."""
    clean = [f"第{n}条 第{n}项规定的内容。" for n in "一二三四五六七"]
    hidden = ["第一条 第一项规定的内容。", "第二\ufe0f条 第二项规定的内容。", "第\U000e0100三条 第三项规定的内容。",
              "第四\u061c条 第四项规定的内容。", "第五\u034f条 第五项规定的内容。",
              "第六\U000e0041条 第六项规定的内容。", "第七\u2063条 第七项规定的内容。"]
    old, new = tmp_path / "clean.txt", tmp_path / "hidden.txt"
    old.write_text("\n".join(clean), encoding="utf-8")
    new.write_text("\n".join(hidden), encoding="utf-8")
    segment = CliRunner().invoke(cli, ["segment", str(new), "--format", "json"])
    assert segment.exit_code == 0, segment.output
    paths = [clause["path"] for clause in json.loads(segment.stdout)["clauses"]]
    assert paths == [f"第{n}条" for n in "一二三四五六七"], paths
    diff = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert diff.exit_code == 0, diff.output
