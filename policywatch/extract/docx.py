"""DOCX documents: paragraphs and tables in document order (python-docx).

Before anything is inflated, the ZIP central directory is checked against
extract.max_unzipped_bytes (all members together) and extract.max_zip_ratio (any one member).
The directory's sizes then bound the inflation itself: zipfile's reader stops each member at
its declared size (and a member that lies about it fails its CRC check), so a bomb cannot
produce more than the directory admitted.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract.sandbox import ExtractRefused
from policywatch.model import ExtractedDocument

_RATIO_FLOOR = 1_000_000  # members smaller than this may compress as well as they like


def extract_docx(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """One line per paragraph; a table row becomes one line with its cells joined by tabs."""
    check_archive(body, url=url, limits=limits or ExtractSettings())
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


def check_archive(body: bytes, *, url: str, limits: ExtractSettings, label: str = "DOCX") -> None:
    """ExtractRefused(too_large) when the ZIP directory promises more than the limits allow.

    `label` names the format in messages: OFD packages are ZIPs held to the same limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractError(f"{url}: not a readable {label} file: {exc}") from None
    total = 0
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise ExtractRefused("too_large", f"{url}: {label} member {member.filename} inflates {ratio:.0f}x "
                                              f"(limit extract.max_zip_ratio = {limits.max_zip_ratio})")
        total += member.file_size
        if total > limits.max_unzipped_bytes:
            raise ExtractRefused("too_large", f"{url}: the {label} members inflate to more than "
                                              f"extract.max_unzipped_bytes ({limits.max_unzipped_bytes} bytes)")
