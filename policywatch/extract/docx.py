"""DOCX documents: paragraphs and tables in document order (python-docx)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.model import ExtractedDocument


def extract_docx(body: bytes, *, url: str) -> ExtractedDocument:
    """One line per paragraph; a table row becomes one line with its cells joined by tabs."""
    try:
        document = docx.Document(io.BytesIO(body))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError) as exc:  # XMLSyntaxError is an LxmlError
        raise ExtractError(f"{url}: not a readable DOCX file: {exc}") from None
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(element, document)))
    text = "\n".join(line.strip() for line in lines if line.strip())
    return ExtractedDocument(url=url, format="docx", text=text, metadata=meta.from_text(text))


def _table_lines(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            # merged cells repeat the same text once per grid column
            if not cells or cells[-1] != value:
                cells.append(value)
        rows.append("\t".join(cells))
    return rows
