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
from collections.abc import Callable

from lxml import etree

__all__ = ["hidden_sheets"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_MAX_WORKBOOK_XML = 8 << 20  # bytes: a workbook part lists sheets and names, never this much
_END_OF_CHAIN = 0xFFFFFFFE
_BOUNDSHEET, _EOF = 0x0085, 0x000A


def hidden_sheets(body: bytes) -> frozenset[str]:
    """The names of the hidden and very hidden sheets of an XLSX, XLS or ET workbook."""
    try:
        if body.startswith(b"PK"):
            return _xlsx_hidden(body)
        if body.startswith(_OLE_MAGIC):
            return _biff_hidden(_Compound(body).stream("Workbook"))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, KeyError,
            ValueError, etree.LxmlError, struct.error, IndexError):  # damaged: LibreOffice says what it can read
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


class _Compound:
    """Just enough of an OLE compound file (MS-CFB) to read one stream by name."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        shift, mini = struct.unpack_from("<HH", body, 0x1E)
        if shift not in (9, 12) or mini != 6:  # the only sizes the format allows
            raise ValueError("not a compound file's sector sizes")
        self.shift, self.mini = 1 << shift, 1 << mini
        self.cutoff, first_minifat = struct.unpack_from("<II", body, 0x38)
        first_difat, difat_count = struct.unpack_from("<II", body, 0x44)
        fat_sectors = [s for s in struct.unpack_from("<109I", body, 0x4C) if s < _END_OF_CHAIN]
        sector = first_difat
        for _ in range(min(difat_count, len(body) // self.shift)):  # a cycle cannot loop for ever
            if sector >= _END_OF_CHAIN:
                break
            entries = struct.unpack_from(f"<{self.shift // 4}I", self._sector(sector))
            fat_sectors += [s for s in entries[:-1] if s < _END_OF_CHAIN]
            sector = entries[-1]
        # one FAT sector maps shift/4 sectors: more than the file can hold are a damaged header's
        del fat_sectors[len(body) // self.shift // (self.shift // 4) + 1:]
        self.fat = [entry for s in fat_sectors for entry in struct.unpack_from(f"<{self.shift // 4}I", self._sector(s))]
        directory = self._chain(struct.unpack_from("<I", body, 0x30)[0], self.fat, self._sector)
        self.entries: dict[str, tuple[int, int]] = {}
        for offset in range(0, len(directory) - 127, 128):
            entry = directory[offset:offset + 128]
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
            self.entries.setdefault(name, struct.unpack_from("<II", entry, 116))
        root_start = struct.unpack_from("<I", directory, 116)[0]
        self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw)) if (
            raw := self._chain(first_minifat, self.fat, self._sector)) else []
        self.ministream = self._chain(root_start, self.fat, self._sector)

    def stream(self, name: str) -> bytes:
        start, size = self.entries[name]
        if size < self.cutoff:
            return self._chain(start, self.minifat, self._mini_sector)[:size]
        return self._chain(start, self.fat, self._sector)[:size]

    def _sector(self, sector: int) -> bytes:
        offset = (sector + 1) * self.shift
        if offset + self.shift > len(self.body):
            raise ValueError("a sector past the end of the file")
        return self.body[offset:offset + self.shift]

    def _mini_sector(self, sector: int) -> bytes:
        return self.ministream[sector * self.mini:(sector + 1) * self.mini]

    @staticmethod
    def _chain(start: int, table: list[int], read: Callable[[int], bytes]) -> bytes:
        parts: list[bytes] = []
        sector, seen = start, set()
        while sector < _END_OF_CHAIN and sector < len(table):
            if sector in seen:  # a cycle: a damaged file
                raise ValueError("a sector chain that loops")
            seen.add(sector)
            parts.append(read(sector))
            sector = table[sector]
        return b"".join(parts)
