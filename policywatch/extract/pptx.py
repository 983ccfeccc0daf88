"""PowerPoint packages (PPTX): the slides' text, slide by slide in the deck's order.

A PPTX is a ZIP of XML parts. Read as a ZIP bundle (its member by member reading), it gave every
part under a 【deck.pptx/part】 heading — relationships, document properties, themes, and the
masters' and layouts' placeholder text (单击此处编辑母版标题样式) — and a title made of them.
Only the slides are the document: ppt/presentation.xml lists them in the order shown
(sldIdLst → its relationships), each slide's paragraphs (a:p, in tables too) are its lines.
The ZIP directory is held to the DOCX limits and each part to the OFD part cap.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from policywatch.config import ExtractSettings
from policywatch.extract import metadata as meta
from policywatch.extract.ofd import open_package, package_xml
from policywatch.model import ExtractedDocument

__all__ = ["extract_pptx"]

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"  # a:p, a:t, a:br
_SLIDE_NAME = re.compile(r"ppt/slides/slide(\d+)\.xml")


def extract_pptx(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Text of every slide, one paragraph a line, slides in the order the deck shows them."""
    with open_package(body, url=url, limits=limits, label="PPTX") as archive:
        names = {info.filename.lstrip("/"): info for info in archive.infolist()}
        slides = _slide_order(archive, names, url)
        lines = [line for path in slides for line in _slide_lines(package_xml(archive, names[path], url=url,
                                                                               label="PPTX"))]
    text = "\n".join(lines)
    if not text.strip():
        reason = f"no text on {len(slides)} slide(s): a deck of pictures needs OCR"
        return ExtractedDocument(url=url, format="pptx", text="", needs_ocr=True, warnings=(reason,))
    return ExtractedDocument(url=url, format="pptx", text=text, metadata=meta.from_text(text))


def _slide_order(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], url: str) -> list[str]:
    """The slide parts in the deck's order; by their numbers when the presentation part does not say."""
    numbered = sorted((int(m[1]), name) for name in names if (m := _SLIDE_NAME.fullmatch(name)))
    fallback = [name for _, name in numbered]
    presentation, rels = names.get("ppt/presentation.xml"), names.get("ppt/_rels/presentation.xml.rels")
    if presentation is None or rels is None:
        return fallback
    targets = {rel.get("Id"): posixpath.normpath(posixpath.join("ppt", rel.get("Target") or "")).lstrip("/")
               for rel in package_xml(archive, rels, url=url, label="PPTX").iter("{*}Relationship")}
    ordered = [targets.get(sld.get(_REL)) for sld in package_xml(archive, presentation, url=url, label="PPTX")
               .iter("{*}sldId")]
    shown = [path for path in dict.fromkeys(ordered) if path in names]
    return shown or fallback


def _slide_lines(slide: etree._Element) -> list[str]:
    """A slide's paragraphs (text boxes, placeholders, table cells) in document order; a line
    break inside a paragraph (a:br) ends a line too."""
    lines = []
    for paragraph in slide.iter(f"{{{_DRAWING}}}p"):
        text = "".join("\n" if node.tag == f"{{{_DRAWING}}}br" else (node.text or "")
                       for node in paragraph.iter(f"{{{_DRAWING}}}t", f"{{{_DRAWING}}}br"))
        lines.extend(line.strip() for line in text.split("\n") if line.strip())
    return lines
