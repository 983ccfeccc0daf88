"""Names of the sheets a workbook marks hidden, read from the file itself.

LibreOffice's CSV export writes every sheet, hidden ones too: a 申报表's hidden 下拉选项 sheet
(the dropdown lists behind its cells) or a sheet of lookup data is no content of the document,
and a change in it is no change a reader of the workbook sees. XLSX says so in
xl/workbook.xml (`<sheet state="hidden|veryHidden">`); XLS and ET (a BIFF8 Workbook stream in
an OLE compound file) in each sheet's BOUNDSHEET record, and Excel 5.0/95 files (a BIFF5 Book
stream) there too, their names in the workbook's code page (its CODEPAGE record: GBK from
Chinese Windows); ODS (OpenDocument, what WPS and LibreOffice save) in the table style of each
table:table of content.xml (`<style:table-properties table:display="false"/>`). Anything
unreadable here gives no names: the sheets are then all read, as LibreOffice reads them.
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
_BOUNDSHEET, _EOF, _BOF, _CODEPAGE = 0x0085, 0x000A, 0x0809, 0x0042
_BIFF5 = 0x0500  # BOF's version field in a BIFF5 workbook (BIFF8: 0x0600)
# what a damaged workbook's parse raises
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, KeyError,
            ValueError, OverflowError, etree.LxmlError, struct.error, IndexError)


def hidden_sheets(body: bytes) -> frozenset[str]:
    """The names of the hidden and very hidden sheets of an XLSX, XLS (BIFF8 or BIFF5), ET or ODS workbook."""
    try:
        if body.startswith(b"PK"):
            return _ods_hidden(body) if _is_ods(body) else _xlsx_hidden(body)
        if body.startswith(OLE_MAGIC):
            return _biff_globals(_workbook_stream(body))[1]
    except _DAMAGED:  # damaged: LibreOffice says what it can read
        pass
    return frozenset()


def workbook_codec(body: bytes) -> str:
    """Python's codec for the code page an XLS workbook's CODEPAGE record names (cp1252 without
    one, as hidden sheet names are read); "" for a file that is no readable OLE workbook."""
    try:
        return _biff_globals(_workbook_stream(body))[0] if body.startswith(OLE_MAGIC) else ""
    except _DAMAGED:
        return ""


def _xlsx_hidden(body: bytes) -> frozenset[str]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        info = archive.getinfo("xl/workbook.xml")
        if info.file_size > _MAX_WORKBOOK_XML:
            return frozenset()
        root = etree.fromstring(archive.read(info), _PARSER)
    return frozenset(sheet.get("name", "") for sheet in root.iter("{*}sheet")
                     if sheet.get("state") in ("hidden", "veryHidden"))


def _is_ods(body: bytes) -> bool:
    """An OpenDocument spreadsheet: its first member is `mimetype`, stored, naming the type."""
    return body[30:38] == b"mimetype" and b"opendocument.spreadsheet" in body[38:140]


def _ods_hidden(body: bytes) -> frozenset[str]:
    """The tables of content.xml whose table style says table:display="false", read as a stream
    (content.xml holds every cell: its styles come first, and each table's rows are let go)."""
    hidden_styles: set[str] = set()
    hidden: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(body)) as archive, archive.open("content.xml") as content:
        for event, element in etree.iterparse(content, events=("start", "end"), resolve_entities=False,
                                              no_network=True, huge_tree=False):
            if event == "start":
                if element.tag == _ODS_TABLE and element.get(_ODS_TABLE_STYLE) in hidden_styles:
                    hidden.add(element.get(_ODS_TABLE_NAME, ""))
                continue
            if element.tag == _ODS_PROPERTIES and element.get(_ODS_DISPLAY) == "false":
                style = element.getparent()
                if style is not None and style.get(_ODS_FAMILY) == "table":
                    hidden_styles.add(style.get(_ODS_STYLE_NAME, ""))
            elif element.tag in (_ODS_ROW, _ODS_TABLE):
                element.clear()  # cells are no concern here: memory stays a row's
    return frozenset(hidden)


_ODS_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_STYLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODS_TABLE, _ODS_ROW = _ODS_TABLE_NS + "table", _ODS_TABLE_NS + "table-row"
_ODS_TABLE_NAME, _ODS_TABLE_STYLE, _ODS_DISPLAY = (_ODS_TABLE_NS + "name", _ODS_TABLE_NS + "style-name",
                                                   _ODS_TABLE_NS + "display")
_ODS_PROPERTIES = _ODS_STYLE_NS + "table-properties"
_ODS_FAMILY, _ODS_STYLE_NAME = _ODS_STYLE_NS + "family", _ODS_STYLE_NS + "name"


def _workbook_stream(body: bytes) -> bytes:
    """The workbook stream of an OLE compound file: BIFF8's "Workbook", or BIFF5's "Book"
    (Excel 5.0/95); b"" when it has neither."""
    with olefile.OleFileIO(io.BytesIO(body)) as ole:
        name = next((name for name in ("Workbook", "Book") if ole.exists(name)), "")
        return ole.openstream(name).read() if name else b""


def _biff_globals(stream: bytes) -> tuple[str, frozenset[str]]:
    """(codec of the CODEPAGE record, hidden sheet names) of the workbook globals. The names are
    BOUNDSHEET records: hsState in the low bits of byte 4, then the name: in BIFF8 a short
    XLUnicodeString (a count, a flag: UTF-16 or one byte a character), in BIFF5 a count and bytes
    in the code page of the CODEPAGE record before it (BOF says which)."""
    hidden: set[str] = set()
    at = 0
    biff5, codec = False, "cp1252"  # what a BIFF5 file without a CODEPAGE record was written in
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        data = stream[at + 4:at + 4 + size]
        at += 4 + size
        if kind == _EOF:  # the end of the globals: the sheets' own substreams follow
            break
        if kind == _BOF and len(data) >= 2:
            biff5 = struct.unpack_from("<H", data)[0] == _BIFF5
        elif kind == _CODEPAGE and len(data) >= 2:
            codec = _codec(struct.unpack_from("<H", data)[0])
        elif kind == _BOUNDSHEET and len(data) >= 7 and data[4] & 0x03:
            count = data[6]
            if biff5:
                hidden.add(data[7:7 + count].decode(codec, "replace"))
            elif len(data) >= 8:
                wide = data[7] & 0x01
                raw = data[8:8 + count * (2 if wide else 1)]
                hidden.add(raw.decode("utf-16-le" if wide else "latin-1", "replace"))
    return codec, frozenset(hidden)


def _codec(codepage: int) -> str:
    """Python's codec for a Windows code page number (936 → cp936, GBK), cp1252 when unknown."""
    import codecs

    name = {1200: "utf-16-le", 10000: "mac-roman", 32768: "mac-roman", 32769: "cp1252"}.get(codepage, f"cp{codepage}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"
