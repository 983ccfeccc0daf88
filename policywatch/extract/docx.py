"""DOCX documents: paragraphs and tables in document order, as Word shows them.

python-docx opens the package; the body is walked here, because its Paragraph.text and
Table.rows leave out what government DOCX files hold around their text: content controls,
tracked changes, automatic numbering (extract.docxnumbering), text boxes, symbols, footnotes
(docs/architecture.md, "DOCX ... is read as Word shows the document").

Before anything is inflated, the ZIP central directory is checked against
extract.max_unzipped_bytes (all members together) and extract.max_zip_ratio (any one member).
The directory's sizes then bound the inflation itself: zipfile's reader stops each member at
its declared size (and a member that lies about it fails its CRC check), so a bomb cannot
produce more than the directory admitted.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, PartFactory
from docx.oxml.parser import parse_xml
from lxml import etree

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract.docxnumbering import Numbering, int_or, style_chain
from policywatch.extract.sandbox import ExtractRefused
from policywatch.model import ExtractedDocument

logger = logging.getLogger(__name__)
_RATIO_FLOOR = 1_000_000  # members smaller than this may compress as well as they like


def extract_docx(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """One line per paragraph (a line break inside one ends a line too); a table row becomes one
    line with its cells joined by tabs."""
    check_archive(body, url=url, limits=limits or ExtractSettings())
    warnings: list[str] = []
    try:
        document = docx.Document(io.BytesIO(_transitional(body)))
        lines = _block_lines(document.element.body, _Reading(document, url=url, limits=limits or ExtractSettings(),
                                                             warnings=warnings))
    except _UNREADABLE as exc:
        raise ExtractError(f"{url}: not a readable DOCX file: {exc}") from None
    text = "\n".join(line.strip() for line in lines if line.strip())
    return ExtractedDocument(url=url, format="docx", text=text, metadata=meta.from_text(text),
                             warnings=tuple(dict.fromkeys(warnings)))


# what python-docx and lxml raise on a damaged package or part (XMLSyntaxError is an LxmlError)
_UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError)
# Strict Open XML (ISO/IEC 29500 Strict: Word's "Strict Open XML Document") names its namespaces
# and relationship types http://purl.oclc.org/ooxml/<area>/<name> where the Transitional form
# everything else writes has http://schemas.openxmlformats.org/<area>/2006/<name>
_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)")


def _transitional(body: bytes) -> bytes:
    """The package as is, or a Strict one with its XML in the Transitional namespaces.

    python-docx knows only the Transitional names: a Strict package had "no relationship of type
    .../officeDocument" and was refused. The names are the only difference text reading sees
    (Strict's other changes are in attribute values: units, `start`/`end` alignment)."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        try:
            rels = archive.read("_rels/.rels")
        except KeyError:
            return body  # python-docx says what is missing
        if _STRICT.search(rels) is None:
            return body
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rewritten:
            for member in archive.infolist():
                data = archive.read(member)
                if member.filename.endswith((".xml", ".rels")):
                    data = _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", data)
                rewritten.writestr(member, data)
    return out.getvalue()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_W + name for name in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_R, _CUSTOM_XML, _VAL = _W + "r", _W + "customXml", _W + "val"
# Wrappers around runs whose text is the paragraph's as it reads: an insertion and the target of a
# move (changes accepted), smart tags, simple fields (their result), custom XML, hyperlinks, bidi
# runs. Deletions and move sources (w:del, w:moveFrom) are not among them: their text is gone.
_RUN_WRAPPERS = frozenset(_W + name for name in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple",
                                                 "customXml", "dir", "bdo"))
_PPR, _RPR = _W + "pPr", _W + "rPr"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE, _MC_CHOICE, _MC_FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_TXBX_CONTENT = _W + "txbxContent"
_ALT_CHUNK, _R_ID = _W + "altChunk", "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_VANISH, _P_STYLE, _R_STYLE, _SDT_PR = _W + "vanish", _W + "pStyle", _W + "rStyle", _W + "sdtPr"
_RUBY, _RUBY_BASE = _W + "ruby", _W + "rubyBase"
_T, _SYM, _NO_BREAK_HYPHEN = _W + "t", _W + "sym", _W + "noBreakHyphen"
_NOTE_KINDS = {_W + "footnoteReference": "footnote", _W + "endnoteReference": "endnote"}
_NOTE_PARTS = {"footnote": RT.FOOTNOTES, "endnote": RT.ENDNOTES}
_BLANKS = frozenset({_W + "tab", _W + "ptab"})
_BREAKS = frozenset({_W + "br", _W + "cr"})
# Symbol (Adobe Symbol encoding: Greek letters, relations, arrows) and the Wingdings glyphs Chinese
# forms use (boxes, check marks, bullets), by the font's byte.
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "symbol": {
        **dict(zip(range(0x41, 0x5B), "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ", strict=True)),
        **dict(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True)),
        0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅", 0x5C: "∴", 0x5E: "⊥", 0x7E: "∼",
        **dict(zip(range(0xA1, 0xE0), "ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓",
                   strict=True)),
        0xE0: "◊", 0xE1: "〈", 0xE5: "∑", 0xF1: "〉", 0xF2: "∫",
    },
    "wingdings": {0x6C: "●", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x75: "◆", 0x76: "❖", 0xA8: "◻", 0xD8: "➢",
                  0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑"},
}
# What a run holds text boxes in: a DrawingML drawing, a VML picture, an embedded object, or
# either of them inside an mc:AlternateContent
_SHAPES = frozenset({_W + "drawing", _W + "pict", _W + "object", _ALTERNATE})
_DELETED_MARK = (_W + "del", _W + "moveFrom")
_TC_PR, _GRID_SPAN, _V_MERGE = _W + "tcPr", _W + "gridSpan", _W + "vMerge"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MATH = frozenset({_M + "oMath", _M + "oMathPara"})
_MATH_TEXT = _M + "t"
_OLE_OBJECTS = frozenset({"{urn:schemas-microsoft-com:office:office}OLEObject", _W + "objectEmbed", _W + "objectLink"})


class _Reading:
    """What one reading of a document carries along: the numbering counters, and the footnotes
    and endnotes, read on their first reference."""

    def __init__(self, document: DocxDocument, *, url: str, limits: ExtractSettings, warnings: list[str],
                 notes: bool = True, depth: int = 0) -> None:
        self._document = document
        self.url, self._limits, self._depth = url, limits, depth
        self.warnings = warnings  # what was not read, said once in the document's warnings
        styles = _part_root(document, RT.STYLES)
        self.numbering = Numbering(_part_root(document, RT.NUMBERING), styles)
        self.toc_styles = _toc_styles(styles)
        self.visibility = _Visibility(styles)
        self._notes: dict[str, dict[str, str]] | None = {} if notes else None

    def note(self, tag: str, note_id: str | None) -> str:
        """The text of the footnote or endnote a reference in the body points at, inline where
        it is cited: `（注：…）`. Its paragraphs are joined by blanks, so a note never adds a line
        (a note opening with `第三条` or `1.` must not become a clause of its own); its mark (the
        superscript number) is left out, as it shifts whenever a note is added before it."""
        if self._notes is None:  # inside a note: a note citing a note (or itself) adds nothing
            return ""
        kind = _NOTE_KINDS[tag]
        if kind not in self._notes:
            self._notes[kind] = self._read_notes(kind)
        text = self._notes[kind].get(note_id or "", "")
        return f"（注：{text}）" if text else ""

    def _read_notes(self, kind: str) -> dict[str, str]:
        root = _part_root(self._document, _NOTE_PARTS[kind])
        if root is None:
            return {}
        # the notes' own numbering counts apart from the body's
        inner = _Reading(self._document, url=self.url, limits=self._limits, warnings=self.warnings, notes=False,
                         depth=self._depth)
        notes = {}
        for note in root.iterchildren(_W + kind):
            if note.get(_W + "type") in (None, "normal"):  # not the separator lines
                lines = (" ".join(line.split()) for line in _block_lines(note, inner))
                notes[note.get(_W + "id", "")] = " ".join(line for line in lines if line)
        return notes

    def objects(self, run: etree._Element) -> None:
        """Say which embedded objects (OLE: an Excel table, a Word file, an Equation 3.0 or
        MathType formula) the run holds: their content is a file of its own in the package,
        which the page shows as a picture, and it is not read. Said as a warning, not put in the
        text: a placeholder would differ from the PDF or HTML of the same document, where the
        object is a picture too, and the warning still tells the reader something is missing."""
        for element in run.iter(*_OLE_OBJECTS):
            program = element.get("ProgID") or element.get(_W + "progId") or "unknown program"
            self.warnings.append(f"an embedded object ({program}) is not read: its content is a file of its "
                                 "own in the DOCX, shown as a picture")

    def chunk_lines(self, rel_id: str | None) -> list[str]:
        """The lines of an imported chunk (w:altChunk): content a generator (an OA system, the
        Open XML SDK, docx4j) put in as an HTML, text or WordprocessingML part of its own, which
        Word converts only when the file is opened and saved. python-docx reads none of it.

        A chunk that cannot be read is left out with a warning: the document around it is read."""
        try:
            part = self._document.part.related_parts[rel_id or ""]
        except KeyError:
            return []  # a reference to no part holds nothing to read
        kind = part.content_type.split(";")[0].strip().lower()
        try:
            lines = self._chunk_lines(part.blob, kind)
        except (ExtractError, *_UNREADABLE) as exc:
            lines, why = None, f"unreadable ({str(exc).removeprefix(f'{self.url}: ')})"
        else:
            why = "a kind policywatch does not read" if kind not in _WML_CHUNKS else "nested too deep"
        if lines is not None:
            return lines
        # RTF, MHT, a DOCX nested deeper, a broken part: said, not silently passed over
        logger.warning("%s: an imported chunk %s (%s) is not read", self.url, part.partname, kind)
        self.warnings.append(f"an imported chunk (w:altChunk) {part.partname} ({kind}) is not read: {why}")
        return []

    def _chunk_lines(self, blob: bytes, kind: str) -> list[str] | None:
        """The chunk's lines; None for a kind not read here."""
        if kind in ("text/html", "application/xhtml+xml", "text/plain"):
            from policywatch.extract.decode import decode_body

            text = decode_body(blob, http_charset=None).text
            if kind != "text/plain":
                from policywatch.extract.html import extract_html

                text = extract_html(text, url=self.url).text
            return text.split("\n")
        if kind not in _WML_CHUNKS or self._depth >= _MAX_CHUNK_DEPTH:
            return None
        if blob[:4] == b"PK\x03\x04":
            # a whole DOCX package, whatever the type says: the Open XML SDK types the chunks it
            # imports as WordprocessingML main parts (...document.main+xml) and Word reads them so
            check_archive(blob, url=self.url, limits=self._limits)
            nested = docx.Document(io.BytesIO(_transitional(blob)))
            return _block_lines(nested.element.body, _Reading(nested, url=self.url, limits=self._limits,
                                                              warnings=self.warnings, depth=self._depth + 1))
        # a main document part as XML (w:document), or a Flat OPC package (pkg:package) holding
        # one: its body is read with this document's styles and numbering definitions
        body = next(parse_xml(blob).iter(_W + "body"), None)
        if body is None:
            raise ExtractError("no WordprocessingML body (w:body) in it")
        return _block_lines(body, _Reading(self._document, url=self.url, limits=self._limits, warnings=self.warnings,
                                           depth=self._depth + 1))


# Chunk types holding WordprocessingML: a package (.docx, .docm, .dotx) or a main document part
_WML_CHUNKS = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
})
_MAX_CHUNK_DEPTH = 2  # a DOCX chunk inside a DOCX chunk is read; deeper nesting is a crafted file
_AF_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
_python_docx_selector = PartFactory.part_class_selector


def _part_class(content_type: str, reltype: str) -> type[Part] | None:
    """The class python-docx loads a part as: an imported chunk's part is kept as its bytes.

    python-docx picks a part's class by content type alone, so a chunk typed as a main document
    part (...document.main+xml, as the Open XML SDK types the DOCX packages it imports) was
    parsed as XML when the package was opened; a ZIP is no XML, and the whole file failed.
    chunk_lines reads the bytes by what they hold."""
    if reltype == _AF_CHUNK:
        return Part
    return _python_docx_selector(content_type, reltype) if _python_docx_selector is not None else None


PartFactory.part_class_selector = _part_class  # python-docx's hook for this; it has no per-call one


def _part_root(document: DocxDocument, reltype: str) -> etree._Element | None:
    """The root element of the document's part of this relationship type, None without one."""
    try:
        part = document.part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return parse_xml(part.blob)  # a part python-docx has no class for (footnotes, endnotes) is kept as bytes


def _block_lines(container: etree._Element, reading: _Reading) -> list[str]:
    """The lines of the paragraphs and tables in `container` (the body, a cell), in document order.

    python-docx's document.paragraphs and iterchildren() see only the container's own w:p and
    w:tbl: a content control (w:sdt: templates wrap whole sections, cover blocks and tables in
    them) holds its blocks one level down, in w:sdtContent, and they were dropped."""
    lines: list[str] = []
    merged = ""  # the text of paragraphs whose paragraph mark was deleted (tracked)
    for element in container.iterchildren():
        tag = element.tag
        if tag == _P:
            if reading.toc_styles and _style_of(element) in reading.toc_styles:
                continue  # a table of contents: navigation, as headers are (see _toc_styles)
            boxes: list[str] = []
            text = merged + _inline_text(element, reading, boxes)
            if _mark_deleted(element) or _mark_hidden(element, reading):
                # accepting the deletion of a paragraph mark joins the paragraph to the next one,
                # as a hidden mark does on the page; a paragraph deleted or hidden whole (its
                # runs and its mark) leaves nothing, not even its number
                merged = text
                lines.extend(boxes)
                continue
            merged = ""
            # the marker of an automatically numbered paragraph is not in its text (counted only
            # for a paragraph shown: one deleted with its changes accepted never was)
            lines.append(reading.numbering.marker(element.find(_PPR)) + text)
            lines.extend(boxes)  # text boxes anchored in the paragraph: after it, not inside its sentence
        elif tag == _TBL:
            lines.extend(_table_lines(element, reading))
        elif tag == _SDT:
            content = element.find(_SDT_CONTENT)
            if content is not None and not _is_toc_control(element):
                lines.extend(_block_lines(content, reading))
        elif tag == _CUSTOM_XML:
            lines.extend(_block_lines(element, reading))
        elif tag == _ALT_CHUNK:
            lines.extend(reading.chunk_lines(element.get(_R_ID)))
        elif tag in _MATH:
            lines.extend(_math_text(element).split("\n"))
        elif tag == _ALTERNATE:
            branch = _one_branch(element)
            if branch is not None:
                lines.extend(_block_lines(branch, reading))
    if merged:
        lines.append(merged)
    return lines


class _Visibility:
    """Which runs and paragraph marks Word hides (w:vanish), set on the run or through a style.

    Hidden text (a template's instructions, a note to the drafter, a whole paragraph kept for the
    next version) is neither shown nor printed. Templates hide it with a character style (rStyle)
    or a paragraph style more often than run by run, and a style may inherit it (w:basedOn).
    w:vanish is a toggle property (ECMA-376 17.7.3): set on the run it decides; set in styles,
    the paragraph style's and the character style's settings (each the nearest in its basedOn
    chain) are exclusive-ored, as Word shows a hidden-styled run in a hidden-styled paragraph."""

    def __init__(self, styles: etree._Element | None) -> None:
        self._based_on: dict[str, str | None] = {}
        self._vanish: dict[str, bool] = {}  # style id -> its own w:vanish, where it sets one
        self._default_paragraph: str | None = None
        self._default = False  # w:docDefaults: under every style
        self._cache: dict[str | None, bool | None] = {}
        if styles is None:
            return
        for style in styles.iterchildren(_W + "style"):
            key = style.get(_W + "styleId", "")
            based = style.find(_W + "basedOn")
            self._based_on[key] = based.get(_VAL) if based is not None else None
            own = _vanish(style.find(_RPR))
            if own is not None:
                self._vanish[key] = own
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
                self._default_paragraph = key
        self._default = bool(_vanish(styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_RPR}")))

    def hidden(self, props: etree._Element | None, owner: etree._Element) -> bool:
        """Whether run properties `props` hide their `owner`: a run, or a paragraph (its mark)."""
        direct = _vanish(props)
        if direct is not None:
            return direct
        if not self._vanish and not self._default:
            return False  # no style hides anything: most documents
        char = props.find(_R_STYLE) if props is not None else None
        by_char = self._style(char.get(_VAL) if char is not None else None)
        # the paragraph a run is in (the nearest: a text box's, for a run in a text box)
        paragraph = owner if owner.tag == _P else next(owner.iterancestors(_P), None)
        by_paragraph = self._style((_style_of(paragraph) if paragraph is not None else None) or self._default_paragraph)
        if by_char is None and by_paragraph is None:
            return self._default
        return bool(by_char) != bool(by_paragraph)

    def _style(self, style: str | None) -> bool | None:
        """The w:vanish a style gives, its own or the nearest it inherits; None when none sets it."""
        if style not in self._cache:
            chain = style_chain(style, self._based_on)
            self._cache[style] = next((self._vanish[key] for key in chain if key in self._vanish), None)
        return self._cache[style]


def _vanish(props: etree._Element | None) -> bool | None:
    """w:vanish in run properties: on, off (`w:val="0"` shows a run a style hides) or not set."""
    vanish = props.find(_VANISH) if props is not None else None
    if vanish is None:
        return None
    return vanish.get(_VAL, "true") not in ("0", "false", "off")


def _toc_styles(styles: etree._Element | None) -> frozenset[str]:
    """The ids of the paragraph styles of a table of contents (Word's built-in `toc 1` … `toc 9`
    and `TOC Heading`; WPS gives them numeric ids, so they are found by name).

    A table of contents repeats the headings with page numbers: read, its entries opened with
    `第一章` like the chapters and made a second set of them (a tab before the page number no
    longer hides an entry as a table row), and every reflow renumbered its pages. It is left out
    as headers and footers are; the headings it lists are read where they stand."""
    if styles is None:
        return frozenset()
    ids = set()
    for style in styles.iterchildren(_W + "style"):
        name = style.find(_W + "name")
        label = (name.get(_VAL, "") if name is not None else "").strip().lower()
        if label == "toc heading" or (label.startswith("toc ") and label[4:].strip().isdigit()):
            ids.add(style.get(_W + "styleId", ""))
    return frozenset(ids)


def _style_of(paragraph: etree._Element) -> str | None:
    props = paragraph.find(_PPR)
    style = props.find(_P_STYLE) if props is not None else None
    return style.get(_VAL) if style is not None else None


def _is_toc_control(sdt: etree._Element) -> bool:
    """Whether a content control is Word's table of contents (w:docPartGallery "Table of Contents")."""
    gallery = sdt.find(f"{_SDT_PR}/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and gallery.get(_VAL, "").strip().lower() == "table of contents"


def _mark_hidden(paragraph: etree._Element, reading: _Reading) -> bool:
    """Whether the paragraph mark is hidden (w:pPr/w:rPr w:vanish, or through the styles)."""
    props = paragraph.find(_PPR)
    return reading.visibility.hidden(props.find(_RPR) if props is not None else None, paragraph)


def _mark_deleted(paragraph: etree._Element) -> bool:
    """Whether the paragraph mark is a tracked deletion (w:pPr/w:rPr/w:del or w:moveFrom)."""
    props = paragraph.find(_PPR)
    if props is None:
        return False
    mark = props.find(_RPR)
    return mark is not None and any(mark.find(tag) is not None for tag in _DELETED_MARK)


def _inline_text(container: etree._Element, reading: _Reading, boxes: list[str]) -> str:
    """The text of a paragraph (or of a wrapper inside one), its runs in document order.

    python-docx's Paragraph.text reads only the paragraph's own w:r and w:hyperlink children:
    a run inside an inline content control (w:sdt, a date or a name filled into a template),
    a tracked insertion (w:ins, w:moveTo), a smart tag or a simple field was left out of the
    sentence. The text is the document with its tracked changes accepted. The lines of text
    boxes and shapes anchored in it go to `boxes`."""
    parts: list[str] = []
    for child in container.iterchildren():
        tag = child.tag
        if tag == _R:
            if reading.visibility.hidden(child.find(_RPR), child):
                continue  # hidden text, shapes and all: the version a reader gets does not hold it
            parts.append(_run_text(child, reading))
            if any(grandchild.tag in _SHAPES for grandchild in child):
                _box_lines(child, reading, boxes)
                reading.objects(child)
        elif tag in _MATH:
            parts.append(_math_text(child))
        elif tag in _RUN_WRAPPERS:
            parts.append(_inline_text(child, reading, boxes))
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                parts.append(_inline_text(content, reading, boxes))
        elif tag == _ALTERNATE:
            branch = _one_branch(child)
            if branch is not None:
                parts.append(_inline_text(branch, reading, boxes))
        elif tag == _RUBY:
            # a phonetic guide (拼音 over a name): the base text reads, the guide above it does not
            base = child.find(_RUBY_BASE)
            if base is not None:
                parts.append(_inline_text(base, reading, boxes))
    return "".join(parts)


def _math_text(element: etree._Element) -> str:
    """An equation (OMML, m:oMath) in a linear form: the text of its m:t runs in document order,
    with the structure the page shows by layout written out where the text alone would misread
    (x² read `x2`, ½ read `12`): a fraction as `num/den`, a superscript as `^`, a subscript as
    `_`, a root as `√`, a delimiter's brackets and an n-ary operator's sign (∑, ∫), which are
    attributes, not text. Equations of one m:oMathPara are one line each, as shown. A matrix
    (m:m) and an equation array (m:eqArr, a system of equations under one brace) are laid out in
    rows and cells the text does not hold: rows read `; ` apart and a matrix row's cells `, `
    apart (`x+y=3; x-y=1`, not `x+y=3x-y=1`); the brackets are its delimiter's, as drawn."""
    if element.tag == _MATH_TEXT:
        return element.text or ""
    if element.tag in _DELETED_MARK:
        return ""  # a tracked deletion inside the equation: accepted, as in the text
    local = element.tag.rpartition("}")[2]
    children = [child for child in element.iterchildren() if isinstance(child.tag, str)]
    if local == "oMathPara":
        return "\n".join(_math_text(child) for child in children if child.tag == _M + "oMath")
    if local == "eqArr":
        return "; ".join(_math_text(child) for child in children if child.tag == _M + "e")
    if local == "m":
        return "; ".join(", ".join(_math_text(cell) for cell in row if cell.tag == _M + "e")
                         for row in children if row.tag == _M + "mr")
    if local not in _MATH_STRUCTURES:
        return "".join(_math_text(child) for child in children)  # m:oMath, m:r, m:e, m:func, accents ...
    part = {child.tag.rpartition("}")[2]: _math_text(child) for child in children}
    if local == "f":
        return f"{_grouped(part.get('num', ''))}/{_grouped(part.get('den', ''))}"
    if local == "rad":
        return f"{part.get('deg', '')}√{_grouped(part.get('e', ''), always=True)}"
    scripts = "".join(f"{mark}{_grouped(part[name])}" for mark, name in (("_", "sub"), ("^", "sup")) if part.get(name))
    if local == "sPre":
        return scripts + part.get("e", "")
    if local == "nary":
        return _math_sign(element, "chr", "∫") + scripts + part.get("e", "")
    if local == "d":  # several m:e: the delimiter's separator between them
        inner = _math_sign(element, "sepChr", "|").join(_math_text(e) for e in children if e.tag == _M + "e")
        return _math_sign(element, "begChr", "(") + inner + _math_sign(element, "endChr", ")")
    return part.get("e", "") + scripts  # sSup, sSub, sSubSup


_MATH_STRUCTURES = frozenset({"f", "rad", "sSup", "sSub", "sSubSup", "sPre", "nary", "d"})


def _math_sign(element: etree._Element, name: str, default: str) -> str:
    """A sign an OMML structure's properties give (m:dPr/m:begChr, m:naryPr/m:chr), or Word's default."""
    found = element.find(f"{element.tag}Pr/{_M}{name}")
    return found.get(_M + "val", default) if found is not None else default


def _grouped(text: str, *, always: bool = False) -> str:
    """`text` in brackets where an operator after it would otherwise bind only its last sign."""
    return f"({text})" if always or (len(text) > 1 and not text.isalnum()) else text


def _run_text(run: etree._Element, reading: _Reading) -> str:
    """The text of a run as it reads, not as python-docx's CT_R.text gives it: a tab is a blank
    between words (a tab in extracted text separates table cells, and a paragraph holding one was
    taken for a table row, never joined or respaced); a page or column break ends a line (CT_R
    gave "", gluing the words on either side); a symbol (w:sym) is its character (CT_R dropped
    it: `≥60周岁` read `60周岁`); a soft hyphen shows only at a line end and is left out."""
    parts: list[str] = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _BLANKS:
            parts.append(" ")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _SYM:
            parts.append(_symbol(child.get(_W + "font", ""), child.get(_W + "char", "")))
        elif tag in _NOTE_KINDS:
            parts.append(reading.note(tag, child.get(_W + "id")))
    return "".join(parts)


def _symbol(font: str, code: str) -> str:
    """The character a w:sym shows. Symbol fonts draw their glyphs at private-use code points
    F020–F0FF (the font's own byte + F000): the common ones are mapped to their Unicode
    characters; any other keeps its code point, so it is never silently lost."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    byte = value - 0xF000 if 0xF020 <= value <= 0xF0FF else value
    table = _SYMBOL_FONTS.get(font.strip().lower())
    if table is not None and byte in table:
        return table[byte]
    if font.strip().lower() == "symbol" and 0x20 <= byte < 0x7F:
        return chr(byte)  # the rest of Symbol's ASCII range is ASCII
    try:
        return chr(value)
    except (ValueError, OverflowError):
        return ""


def _box_lines(element: etree._Element, reading: _Reading, out: list[str]) -> None:
    """The lines of the text boxes (w:txbxContent) inside a run's drawing, VML shape or object,
    in document order. python-docx reads none of them: a title, a 附件 label or a whole page that
    WPS laid out in text boxes was lost."""
    for child in element.iterchildren():
        if child.tag == _TXBX_CONTENT:
            out.extend(_block_lines(child, reading))
        elif child.tag == _ALTERNATE:
            branch = _one_branch(child)
            if branch is not None:
                _box_lines(branch, reading, out)
        elif len(child):
            _box_lines(child, reading, out)


def _one_branch(alternate: etree._Element) -> etree._Element | None:
    """The one branch of an mc:AlternateContent read: its first choice (Word's DrawingML shape),
    else its fallback (the VML copy). Both hold the same text box: reading both doubled it."""
    for child in alternate.iterchildren(_MC_CHOICE, _MC_FALLBACK):
        return child
    return None


def _table_lines(table: etree._Element, reading: _Reading) -> list[str]:
    """One line per row, its cells joined by tabs.

    Read here, not with python-docx's Table.rows/row.cells, which see only the table's own w:tr
    and the row's own w:tc: rows and cells inside a content control were dropped. As there, a
    horizontally merged cell counts once per grid column it spans and a vertically merged one
    repeats the text of the cell it continues."""
    rows = []
    above: dict[int, str] = {}  # grid column -> text of the previous row's cell there
    for tr in _children(table, _TR):
        values: list[str] = []
        for tc in _children(tr, _TC):
            props = tc.find(_TC_PR)
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(_GRID_SPAN)
                if grid_span is not None:
                    span = max(1, int_or(grid_span.get(_VAL), 1))
                v_merge = props.find(_V_MERGE)
                if v_merge is not None:
                    merge = v_merge.get(_VAL, "continue")
            if merge == "continue":
                value = above.get(len(values), "")
            else:
                value = " ".join(line.strip() for line in _block_lines(tc, reading) if line.strip())
            values.extend([value] * span)
        above = dict(enumerate(values))
        cells: list[str] = []
        for value in values:
            # merged cells repeat the same text once per grid column
            if not cells or cells[-1] != value:
                cells.append(value)
        rows.append("\t".join(cells))
    return rows


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """`parent`'s `tag` children, with those inside content controls and custom XML wrappers."""
    out = []
    for child in parent.iterchildren():
        if child.tag == tag:
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_children(content, tag))
        elif child.tag == _CUSTOM_XML:
            out.extend(_children(child, tag))
    return out


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
