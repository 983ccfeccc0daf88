"""A minimal OFD (GB/T 33190) writer for tests and benchmarks: paragraphs laid out on A4 pages.

It follows the standard's package layout (OFD.xml → DocBody/DocRoot → Doc_0/Document.xml →
Pages/Page_N/Content.xml, a PublicRes.xml with the font) and positions every line as
TextObjects with TextCode X/Y/DeltaX, the way typesetting software writes them: first lines
indented by two characters, wrapped lines running to the right margin, a centred title, and
lines cut into several text objects written in shuffled order, so reading order must be rebuilt
from the coordinates, not from the XML order.
"""

from __future__ import annotations

import io
import itertools
import random
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP = 25.0, 30.0
SIZE = 5.0  # character size (mm)
LINE_H = 7.5
PER_LINE = int((PAGE_W - 2 * LEFT) // SIZE)  # 32 characters
PER_PAGE = int((PAGE_H - 2 * TOP) // LINE_H)


def _cut(text: str, room: int) -> int:
    """Where a line ends: Chinese breaks anywhere, a Latin word moves to the next line whole
    unless it is longer than a line (a URL), which is cut."""
    if len(text) <= room or text[room] == " " or not (text[room - 1].isascii() and text[room].isascii()):
        return room
    space = text.rfind(" ", 0, room)
    word_start = max(space + 1, 0)
    if word_start > 0 and room - word_start < 20 and all(c.isascii() for c in text[word_start:room]):
        return word_start
    return room


def _layout(paragraphs: list[str], title: bool) -> list[list[tuple[float, float, str]]]:
    """Pages of (x, y, text) lines."""
    lines: list[tuple[float, str]] = []
    for index, paragraph in enumerate(paragraphs):
        if title and index == 0 and len(paragraph) <= PER_LINE:
            lines.append((LEFT + (PER_LINE - len(paragraph)) * SIZE / 2, paragraph))
            continue
        rest, first = paragraph, True
        while rest:
            indent = 2 if first else 0
            take = _cut(rest, PER_LINE - indent)
            lines.append((LEFT + indent * SIZE, rest[:take].rstrip(" ")))
            rest, first = rest[take:].lstrip(" "), False
    pages: list[list[tuple[float, float, str]]] = []
    for start in range(0, len(lines), PER_PAGE):
        chunk = lines[start : start + PER_PAGE]
        pages.append([(x, TOP + (i + 1) * LINE_H, text) for i, (x, text) in enumerate(chunk)])
    return pages


def _text_objects(lines: list[tuple[float, float, str]], rng: random.Random, first_id: int) -> tuple[list[str], int]:
    objects: list[str] = []
    next_id = first_id
    for x, y, text in lines:
        # Cut the line into 1–3 objects: producers write one object per style run.
        cuts = sorted(rng.sample(range(1, len(text)), min(rng.randint(0, 2), max(len(text) - 1, 0))))
        bounds = [0, *cuts, len(text)]
        for a, b in itertools.pairwise(bounds):
            piece = text[a:b]
            left = x + a * SIZE
            if rng.random() < 0.5:
                delta = f"g {len(piece) - 1} {SIZE:g}" if len(piece) > 1 else ""
            else:
                delta = " ".join(f"{SIZE:g}" for _ in piece[1:])
            delta_attr = f' DeltaX="{delta}"' if delta else ""
            boundary = f"{left:.3f} {y - SIZE:.3f} {len(piece) * SIZE:.3f} {SIZE * 1.4:.3f}"
            objects.append(
                f'<ofd:TextObject ID="{next_id}" Boundary="{boundary}" Font="2" Size="{SIZE:g}">'
                f'<ofd:FillColor Value="0 0 0"/>'
                f'<ofd:TextCode X="0" Y="{SIZE:g}"{delta_attr}>{escape(piece)}</ofd:TextCode></ofd:TextObject>'
            )
            next_id += 1
    rng.shuffle(objects)
    return objects, next_id


def make_ofd(paragraphs: list[str], *, title: bool = True, seed: int = 17) -> bytes:
    """An OFD package whose text, read in order, is `paragraphs` (one per line)."""
    rng = random.Random(seed)
    pages: list[str] = []
    next_id = 10
    for lines in _layout([p.strip() for p in paragraphs if p.strip()], title):
        objects, next_id = _text_objects(lines, rng, next_id)
        pages.append("".join(objects))
    return package(pages)


def text_object(x: float, y: float, text: str, *, size: float = SIZE, ctm: str = "", object_id: int = 1) -> str:
    """One TextObject whose baseline starts at (x, y) on the page (before `ctm`)."""
    ctm_attr = f' CTM="{ctm}"' if ctm else ""
    return (f'<ofd:TextObject ID="{object_id}" Boundary="{x:g} {y - size:g} {len(text) * size:g} {size * 1.4:g}" '
            f'Font="2" Size="{size:g}"{ctm_attr}><ofd:TextCode X="0" Y="{size:g}">{escape(text)}</ofd:TextCode>'
            '</ofd:TextObject>')


def package(pages: list[str | bytes], *, extra: dict[str, bytes] | None = None, template: str = "",
            attachments: dict[str, bytes] | None = None) -> bytes:
    """An OFD ZIP with one document whose pages hold the given Layer contents (object XML);
    a bytes page is written as the whole Content.xml. `template`: objects of a template page
    every page uses (as producers put a document's header). `attachments`: files attached to the
    document (file name -> bytes), listed in Doc_0/Attachs/Attachments.xml as 数科 and 福昕 write it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD">'
            '<ofd:DocBody><ofd:DocInfo><ofd:DocID>0f0d0c0b</ofd:DocID><ofd:Creator>policywatch tests</ofd:Creator>'
            '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'))
        archive.writestr("Doc_0/PublicRes.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'))
        page_refs = []
        for number, objects in enumerate(pages):
            content = objects if isinstance(objects, bytes) else (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">'
                + ('<ofd:Template TemplateID="4000" ZOrder="Background"/>' if template else "")
                + f'<ofd:Content><ofd:Layer ID="{5000 + number}">{objects}</ofd:Layer></ofd:Content></ofd:Page>')
            archive.writestr(f"Doc_0/Pages/Page_{number}/Content.xml", content)
            page_refs.append(f'<ofd:Page ID="{6000 + number}" BaseLoc="Pages/Page_{number}/Content.xml"/>')
        template_ref = ""
        if template:
            archive.writestr("Doc_0/Tpls/Tpl_0/Content.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                f'<ofd:Layer ID="4001">{template}</ofd:Layer></ofd:Content></ofd:Page>'))
            template_ref = '<ofd:TemplatePage ID="4000" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
        archive.writestr("Doc_0/Document.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f'<ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}'
            f'</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{template_ref}'
            f'</ofd:CommonData><ofd:Pages>{"".join(page_refs)}</ofd:Pages>'
            + ("<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>" if attachments else "")
            + "</ofd:Document>"))
        if attachments:
            listed = "".join(
                f'<ofd:Attachment ID="{7000 + n}" Name="{escape(name.rpartition(".")[0])}" Format="{name.rpartition(".")[2]}" '
                f'CreationDate="2024-01-02T09:00:00" Size="{len(data) / 1024:.2f}" Visible="true">'
                f"<ofd:FileLoc>{escape(name)}</ofd:FileLoc></ofd:Attachment>"
                for n, (name, data) in enumerate(attachments.items()))
            archive.writestr("Doc_0/Attachs/Attachments.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Attachments xmlns:ofd="{NS}">{listed}</ofd:Attachments>'))
            for name, data in attachments.items():
                if data:  # b"": listed, but missing from the package (a producer's slip)
                    archive.writestr(f"Doc_0/Attachs/{name}", data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()
