"""Names of the sheets a workbook marks hidden, read from the file itself.

LibreOffice's CSV export writes every sheet, hidden ones too: a 申报表's hidden 下拉选项 sheet
(the dropdown lists behind its cells) or a sheet of lookup data is no content of the document,
and a change in it is no change a reader of the workbook sees. XLSX says so in
xl/workbook.xml (`<sheet state="hidden|veryHidden">`); XLS and ET (a BIFF8 Workbook stream in
an OLE compound file) in each sheet's BOUNDSHEET record. Anything unreadable here gives no
names: the sheets are then all read, as LibreOffice reads them.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import olefile
from lxml import etree

from policywatch.extract.sniff import OLE_MAGIC

__all__ = ["hidden_sheets"]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_MAX_WORKBOOK_XML = 8 << 20  # bytes: a workbook part lists sheets and names, never this much
_BOUNDSHEET, _EOF = 0x0085, 0x000A


def hidden_sheets(body: bytes) -> frozenset[str]:
    """The names of the hidden and very hidden sheets of an XLSX, XLS or ET workbook."""
    try:
        if body.startswith(b"PK"):
            return _xlsx_hidden(body)
        if body.startswith(OLE_MAGIC):
            return _biff_hidden(_workbook_stream(body))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, KeyError,
            ValueError, OverflowError, etree.LxmlError, struct.error, IndexError):  # damaged: LibreOffice says what it can read
        pass
    return frozenset()


def _xlsx_hidden(body: bytes) -> frozenset[str]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        info = archive.getinfo("xl/workbook.xml")
        if info.file_size > _MAX_WORKBOOK_XML:
            return frozenset()
        root = etree.fromstring(archive.read(info), _PARSER)
    return frozenset(sheet.get("name", "") for sheet in root.iter("{*}sheet")
                     if sheet.get("state") in ("hidden", "veryHidden"))


def _workbook_stream(body: bytes) -> bytes:
    """The BIFF8 Workbook stream of an OLE compound file (b"" when it has none: BIFF5's is "Book")."""
    with olefile.OleFileIO(io.BytesIO(body)) as ole:
        return ole.openstream("Workbook").read() if ole.exists("Workbook") else b""


def _biff_hidden(stream: bytes) -> frozenset[str]:
    """BOUNDSHEET records of the workbook globals: hsState in the low bits of byte 4, then the
    name as a short XLUnicodeString (a count, a flag: UTF-16 or one byte a character)."""
    hidden: set[str] = set()
    at = 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        data = stream[at + 4:at + 4 + size]
        at += 4 + size
        if kind == _EOF:  # the end of the globals: the sheets' own substreams follow
            break
        if kind == _BOUNDSHEET and len(data) >= 8 and data[4] & 0x03:
            count, wide = data[6], data[7] & 0x01
            raw = data[8:8 + count * (2 if wide else 1)]
            hidden.add(raw.decode("utf-16-le" if wide else "latin-1", "replace"))
    return frozenset(hidden)
