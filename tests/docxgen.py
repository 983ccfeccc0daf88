"""DOCX files built from WordprocessingML for tests: python-docx writes the package (content
types, relationships, styles), and the parts it cannot write — content controls, tracked
changes, numbering definitions, text boxes, footnotes, headers — are given as XML and put in
with lxml, the way Word and WPS write them.

`body` is the XML of the body's blocks with the `w:` (and `mc:`, `wps:`, `v:`, `wp:`, `a:`,
`m:`, `o:`) prefixes undeclared; numbering/styles/footnotes are the children of their part's root element.
"""

from __future__ import annotations

import io

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "o": "urn:schemas-microsoft-com:office:office",
}
_DECLS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def fragment(xml: str, root: str = "w:root") -> list:
    """The elements of `xml` (prefixes undeclared), parsed with python-docx's element classes."""
    from docx.oxml.parser import parse_xml

    return list(parse_xml(f"<{root} {_DECLS}>{xml}</{root}>"))


def p(text: str, ppr: str = "") -> str:
    """One paragraph of one run (a helper for writing bodies)."""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def make_docx_xml(body: str, *, numbering: str | None = None, styles: str = "",
                  footnotes: str | None = None, header: str | None = None,
                  chunks: dict[str, tuple[str, bytes]] | None = None) -> bytes:
    """`chunks`: parts imported with w:altChunk, name -> (content type, bytes); the body names
    each one's relationship id as `@name@`."""
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    body_element = document.element.body
    section = body_element[-1]  # w:sectPr stays last
    for element in list(body_element):
        if element is not section:
            body_element.remove(element)
    for i, (name, (content_type, blob)) in enumerate((chunks or {}).items()):
        part = Part(PackURI(f"/word/afchunk{i}.bin"), content_type, blob, document.part.package)
        body = body.replace(f"@{name}@", document.part.relate_to(part, _RT + "aFChunk"))
    for element in fragment(body):
        section.addprevious(element)
    if numbering is not None:
        root = document.part.numbering_part.element
        for child in list(root):
            root.remove(child)
        root.extend(fragment(numbering))
    if styles:
        document.part.styles.element.extend(fragment(styles))
    if footnotes is not None:
        blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {_DECLS}>{footnotes}</w:footnotes>'
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    blob.encode(), document.part.package)
        document.part.relate_to(part, _RT + "footnotes")
    if header is not None:
        document.sections[0].header.is_linked_to_previous = False
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.is_linked_to_previous = False
        document.sections[0].footer.paragraphs[0].text = header + "（页脚）"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
