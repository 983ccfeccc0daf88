"""Local files given to `segment`, `diff` and `amend` that are damaged or locked in ways a reader meets."""

from __future__ import annotations

import io
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
