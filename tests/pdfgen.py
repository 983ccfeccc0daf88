"""PDFs with any text layer, for tests: each page's lines drawn in one CID font whose ToUnicode
CMap maps glyph n to the n-th distinct character of the text, so the layer reads back as exactly
the given characters (private-use, U+FFFD, Latin mojibake), whatever glyphs a font would have.
No font program is embedded: a text extractor reads the ToUnicode map, which is what a bad OCR
layer or a broken converter leaves in a real file."""

from __future__ import annotations


def layer_pdf(pages: list[list[str]]) -> bytes:
    """A PDF of one page per entry of `pages`, each line of it one line of text."""
    chars = sorted({ch for lines in pages for line in lines for ch in line})
    code = {ch: n + 1 for n, ch in enumerate(chars)}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Layer def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
    for start in range(0, len(chars), 100):
        block = chars[start:start + 100]
        cmap += f"{len(block)} beginbfchar\n" + "".join(
            f"<{code[ch]:04X}> <{ch.encode('utf-16-be').hex().upper()}>\n" for ch in block) + "endbfchar\n"
    cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
    count = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               ("<< /Type /Pages /Kids [" + " ".join(f"{6 + 2 * n} 0 R" for n in range(count))
                + f"] /Count {count} >>").encode(),
               b"<< /Type /Font /Subtype /Type0 /BaseFont /Layer /Encoding /Identity-H "
               b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
               b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Layer /CIDSystemInfo << /Registry (Adobe) "
               b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /Layer "
               b"/Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 "
               b"/StemV 80 >> /DW 1000 >>",
               _stream(cmap.encode())]
    for n, lines in enumerate(pages):
        content = "".join(f"BT /F1 12 Tf 40 {800 - 16 * row} Td <{''.join(f'{code[ch]:04X}' for ch in line)}> Tj ET\n"
                          for row, line in enumerate(lines))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {7 + 2 * n} 0 R >>".encode())
        objects.append(_stream(content.encode()))
    return assemble(objects)


def assemble(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of `objects` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
