"""Hostile files made on the fly (never committed): zip bombs, PDF stream bombs, CPU traps, entity bombs."""

from __future__ import annotations

import io
import zipfile
import zlib

MIB = 1024 * 1024
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bomb(inflated: int = 100 * MIB) -> bytes:
    """A DOCX whose word/document.xml is `inflated` bytes of repeated paragraphs (~1000x ratio)."""
    paragraph = "<w:p><w:r><w:t>第一条　为了规范管理，制定本办法。</w:t></w:r></w:p>".encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    count = (inflated - len(head) - len(tail)) // len(paragraph)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            block = paragraph * 4096
            for _ in range(count // 4096):
                member.write(block)
            member.write(paragraph * (count % 4096))
            member.write(tail)
    return buffer.getvalue()


def pdf_with_stream(content: bytes, *, repeat: int = 1) -> bytes:
    """A one-page PDF whose content stream is `content` * `repeat`, Flate-compressed."""
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(content) for _ in range(repeat)]
    stream = b"".join(chunks) + compressor.flush()
    return one_page_pdf(b"/MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>", [
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def one_page_pdf(page: bytes, objects: list[bytes], more_pages: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF file: catalog (object 1), page tree (2), the page (3: `page` its entries
    besides /Type and /Parent) and `objects` numbered from 4, with its xref table; `more_pages`
    (entries as `page`'s) follow as further pages, numbered after `objects`."""
    kids = [3, *range(4 + len(objects), 4 + len(objects) + len(more_pages))]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids)),
               b"<< /Type /Page /Parent 2 0 R " + page + b" >>", *objects,
               *(b"<< /Type /Page /Parent 2 0 R " + entries + b" >>" for entries in more_pages)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_stream_bomb(inflated: int = 1024 * MIB) -> bytes:
    """A PDF with one stream of zeros inflating to `inflated` bytes (about 1 MB on the wire per GiB)."""
    return pdf_with_stream(b"\0" * MIB, repeat=inflated // MIB)


def pdf_cpu_trap(lines: int = 400_000) -> bytes:
    """A PDF whose (small once compressed) content stream draws `lines` of text: costly to lay out."""
    return pdf_with_stream(b"BT /F1 12 Tf 72 700 Td (Article one of the rules) Tj ET\n", repeat=lines)


# ten entities of ten: &j; is 10^10 characters if expanded
LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))


def ofd_page(dtd: str = LAUGHS, code: str = "&j;") -> bytes:
    """A one-page OFD whose page declares `dtd` and writes 通知 then `code` (raw XML: an entity
    reference stays one)."""
    from tests.ofdgen import NS, package, text_object

    return package([(f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE ofd:Page [{dtd}]><ofd:Page xmlns:ofd="{NS}">'
                     '<ofd:Content><ofd:Layer ID="5000">' + text_object(20, 30, "通知")
                     + text_object(20, 50, "X").replace(">X<", f">{code}<")
                     + "</ofd:Layer></ofd:Content></ofd:Page>").encode()])
