"""Old binary Office files for tests: an OLE compound file (CFB v3) holding one stream, and a
BIFF5 workbook (Excel 5.0/95, what WPS and old OA systems still export), which LibreOffice no
longer writes.

The compound file is the smallest one Office and LibreOffice read: a FAT sector, a directory
sector (the root and one stream) and the stream's sectors, which the stream fills to at least
the 4096-byte mini-stream cutoff so that no mini FAT is needed.
"""

from __future__ import annotations

import struct

_SECTOR = 512
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_file(stream_name: str, data: bytes) -> bytes:
    """A compound file whose one stream `stream_name` holds `data` (padded with zeros to 4096 bytes)."""
    data = data.ljust(4096, b"\0")
    sectors = -(-len(data) // _SECTOR)
    if sectors + 2 > _SECTOR // 4:
        raise ValueError("one FAT sector maps 128 sectors: keep the stream under 63 KB")
    fat = [_FATSECT, _END] + [3 + n for n in range(sectors - 1)] + [_END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    directory = (_entry("Root Entry", 5, child=1, start=_END, size=0) + _entry(stream_name, 2, child=_NOSTREAM,
                 start=2, size=len(data)) + _entry("", 0, child=_NOSTREAM, start=0, size=0) * 2)
    return header + struct.pack("<128I", *fat) + directory + data.ljust(sectors * _SECTOR, b"\0")


def _entry(name: str, kind: int, *, child: int, start: int, size: int) -> bytes:
    encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, _NOSTREAM, _NOSTREAM, child)
            + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size))


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def biff5_workbook(sheets: dict[str, list[list[str]]], hidden: tuple[str, ...] = (), codepage: int | None = 936,
                   encoding: str = "") -> bytes:
    """An Excel 5.0/95 workbook (a BIFF5 "Book" stream) of these sheets of text cells, `hidden`
    hidden, its names and text in the Windows code page `codepage` (936: GBK, as Chinese Windows writes).
    `encoding` writes the text in another code page than the one declared (what a converter that
    labels every file 1252 does); `codepage` None leaves the CODEPAGE record out."""
    codec = encoding or f"cp{codepage}"
    bof = lambda kind: _record(0x0809, struct.pack("<HHHH", 0x0500, kind, 0x0DBB, 0x07CC))  # noqa: E731
    eof = _record(0x000A, b"")
    bodies = []
    for rows in sheets.values():
        cells = [_record(0x0204, struct.pack("<HHHH", r, c, 0x0F, len(raw)) + raw)
                 for r, row in enumerate(rows) for c, cell in enumerate(row) for raw in [cell.encode(codec)]]
        size = struct.pack("<HHHHH", 0, len(rows), 0, max((len(row) for row in rows), default=0), 0)
        bodies.append(bof(0x0010) + _record(0x0200, size) + b"".join(cells) + eof)
    fonts = _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + b"\x05Arial") * 4
    xfs = b"".join(_record(0x00E0, struct.pack("<HHHHHHHH", 0, 0, 0xFFF5 if n < 15 else 1, 0x20, 0, 0, 0, 0))
                   for n in range(16))
    head = bof(0x0005) + (_record(0x0042, struct.pack("<H", codepage)) if codepage else b"") + fonts + xfs
    names = [name.encode(codec) for name in sheets]
    at = len(head) + sum(4 + 7 + len(raw) for raw in names) + len(eof)
    bounds = b""
    for name, raw, body in zip(sheets, names, bodies, strict=True):
        bounds += _record(0x0085, struct.pack("<IBBB", at, 1 if name in hidden else 0, 0, len(raw)) + raw)
        at += len(body)
    return ole_file("Book", head + bounds + eof + b"".join(bodies))
