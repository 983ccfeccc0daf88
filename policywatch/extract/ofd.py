"""OFD documents (GB/T 33190): positioned text objects back to lines and paragraphs in reading order.

An OFD file is a ZIP: OFD.xml names each document's Document.xml (DocBody/DocRoot), which lists
its pages in order (Pages/Page/@BaseLoc → Content.xml). A page's Layers hold TextObjects, each
with a Boundary box (millimetres) and TextCode runs at an X/Y baseline inside it, optionally moved
by a CTM. The text itself is Unicode in TextCode, embedded fonts or not, so no glyph mapping is
needed. The positioned runs go to `reflow`, which rebuilds lines and paragraphs.

Text on template pages (CommonData/TemplatePage, used by a page's Template) is read with the
page. Files attached to a document (Document.xml → Attachments → Attachments.xml, each
Attachment's FileLoc: the 附件 of an official document, a PDF or a spreadsheet) are read after
the pages, each under a 【通知.ofd/附件1.pdf】 heading, as a ZIP bundle's members are (a scanned
one by OCR); one that cannot be read is named in the warnings. The package's ZIP directory is held to extract.max_unzipped_bytes and max_zip_ratio (the DOCX
check), and each XML part is read with a cap, so a zip bomb is refused instead of expanded.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract import reflow
from policywatch.extract.docx import check_archive
from policywatch.extract.limits import ExtractRefused
from policywatch.extract.reflow import Run
from policywatch.model import ExtractedDocument

__all__ = ["MAX_MEMBERS", "MAX_PART_BYTES", "extract_ofd", "open_package", "package_xml"]

MAX_MEMBERS = 20_000
MAX_PART_BYTES = 32 * 1024 * 1024  # one Content.xml; real pages are a few hundred KB
# Internal entities are expanded (a part may declare one for its organ's name), under libxml2's
# amplification limit, which refuses a billion-laughs bomb; left unexpanded they were read as the
# text `&j;`, a document half read in silence. External ones (SYSTEM "file:///…") are never
# loaded: the part is not well-formed without them.
_PARSER = etree.XMLParser(resolve_entities="internal", no_network=True, huge_tree=False, recover=False,
                          load_dtd=False)
# what libxml2 says when a part's entities expand past its limit
_AMPLIFIED = "entity amplification"
# The most characters one declared entity may stand for: a name or a phrase in a real file. A
# bomb declares past it whether or not its text uses the entity (ten entities of ten: 10^10).
MAX_ENTITY_CHARS = 1_000_000
_ENTITY_DEPTH = 40  # libxml2's own bound on entities nested in entities; deeper is no real file's
_ENTITY_REF = re.compile(r"&([^;&#\s]+);")


def extract_ofd(body: bytes, *, url: str, limits: ExtractSettings | None = None, depth: int = 1,
                bundle: str = "") -> ExtractedDocument:
    """Text of every page of every document in the package, one paragraph per line, then its
    attachments. `depth` is the package's archive level (an OFD inside a ZIP bundle is 2), so
    OFD and ZIP nested in each other count against extract.max_zip_depth together. `bundle`
    names an OFD inside a ZIP by its path from the outermost file (b.zip/通知.ofd), as a nested
    ZIP is named: its attachments' headings, warnings and scans to OCR carry the whole path."""
    from policywatch.extract import archive as archive_module

    limits = limits or ExtractSettings()
    with open_package(body, url=url, limits=limits, label="OFD") as archive:
        reader = _Package(archive, url)
        pages = [reader.page_runs(path) for path in reader.page_paths()]
        paragraphs = reflow.paragraphs([reflow.lines(runs) for runs in pages])
        text = "\n".join(paragraphs)
        if not text.strip():
            reason = f"no text objects on {len(pages)} page(s): an image-only OFD needs OCR"
            return ExtractedDocument(url=url, format="ofd", text="", needs_ocr=True, warnings=(reason,))
        attached = reader.attachments()
        name = bundle or archive_module.bundle_name(url)
        if attached and depth > limits.max_zip_depth:
            reader.missing.append(f"{name}: {len(attached)} attachment(s) nested deeper than "
                                  f"{limits.max_zip_depth} levels (extract.max_zip_depth); not read")
            attached = []
        if len(attached) > limits.max_zip_members:
            # a listing naming thousands of files is a bomb, as a ZIP of thousands of members is
            reader.missing.append(f"{name}: lists {len(attached)} attachments, more than extract.max_zip_members "
                                  f"({limits.max_zip_members}); the first {limits.max_zip_members} read")
            attached = attached[:limits.max_zip_members]
        read = archive_module.Members([text], reader.missing)
        for info in attached:
            read.add(archive, info, f"{name}/{posixpath.basename(info.filename)}",
                     url=f"{url}/{info.filename}", limits=limits, depth=depth)
    return ExtractedDocument(url=url, format="ofd", text="\n".join(read.parts), metadata=meta.from_text(text),
                             warnings=tuple(read.warnings), unread_members=tuple(read.unread))


class _Package:
    """The XML parts of one OFD ZIP, read under the size limits."""

    def __init__(self, archive: zipfile.ZipFile, url: str) -> None:
        infos = archive.infolist()
        self._archive = archive
        self._url = url
        # Names are matched without a leading slash and case-insensitively: producers differ.
        self._names = {info.filename.lstrip("/").lower(): info for info in infos}
        self._templates: dict[str, str] = {}  # TemplatePage ID -> its content path
        self._attachments: list[str] = []  # each document's Attachments.xml path
        self.missing: list[str] = []  # what attachments() could not find
        self._template_runs: dict[str, list[Run]] = {}
        self._read: set[str] = set()  # the parts read as the package's XML (lower case)

    def page_paths(self) -> list[str]:
        root = self._xml("OFD.xml")
        paths: list[str] = []
        for doc_root in _children(root, "DocBody", "DocRoot"):
            document_path = _clean_path("", (doc_root.text or "").strip())
            document = self._xml(document_path)
            base = posixpath.dirname(document_path)
            self._attachments += [_clean_path(base, (loc.text or "").strip())
                                  for loc in _children(document, "Attachments") if (loc.text or "").strip()]
            for template in _children(document, "CommonData", "TemplatePage"):
                loc = (template.get("BaseLoc") or "").strip()
                if loc and template.get("ID"):
                    self._templates[template.get("ID", "")] = _clean_path(base, loc)
            for page in _children(document, "Pages", "Page"):
                loc = (page.get("BaseLoc") or "").strip()
                if loc:
                    paths.append(_clean_path(base, loc))
        if not paths:
            raise ExtractError(f"{self._url}: OFD package lists no pages (OFD.xml → DocRoot → Pages)")
        return paths

    def page_runs(self, path: str) -> list[Run]:
        """The page's text, with that of the templates it uses (official documents often put the
        issuing body's header, 某某人民政府文件, on a template page)."""
        page = self._xml(path)
        runs: list[Run] = []
        for ref in _children(page, "Template"):
            runs.extend(self._template(ref.get("TemplateID", "")))
        for obj in page.iter("{*}TextObject"):
            runs.extend(_object_runs(obj))
        return runs

    def attachments(self) -> list[zipfile.ZipInfo]:
        """The files attached to the documents (after page_paths), in their lists' order, each
        once; one listed but missing from the package, a listing that is missing or broken, and a
        FileLoc naming one of the package's own parts are named in `missing`: the pages are still read."""
        own = {"ofd.xml", *self._read, *(path.lower() for path in self._templates.values()),
               *(path.lower() for path in self._attachments)}
        found: list[zipfile.ZipInfo] = []
        for listing in self._attachments:
            base = posixpath.dirname(listing)
            try:
                root = self._xml(listing)
            except ExtractError as exc:  # the attachments are lost, not the pages
                self.missing.append(f"{exc}: its attachments not read")
                continue
            for attachment in _children(root, "Attachment"):
                for loc in _children(attachment, "FileLoc"):
                    path = _clean_path(base, (loc.text or "").strip())
                    info = self._names.get(path.lower())
                    if info is None:
                        self.missing.append(f"{path}: an attachment the OFD lists, missing from the package; not read")
                    elif path.lower() in own:
                        self.missing.append(f"{path}: an attachment the OFD lists that is a part of the OFD itself; "
                                            "not read")
                    elif info not in found:  # listed twice (or 500 times): read once
                        found.append(info)
        return found

    def _template(self, template_id: str) -> list[Run]:
        if template_id not in self._template_runs:
            path = self._templates.get(template_id)
            page = self._xml(path) if path else None
            self._template_runs[template_id] = [
                run for obj in (page.iter("{*}TextObject") if page is not None else ()) for run in _object_runs(obj)
            ]
        return self._template_runs[template_id]

    def _xml(self, path: str) -> etree._Element:
        info = self._names.get(path.lower())
        if info is None:
            raise ExtractError(f"{self._url}: OFD package lacks {path}")
        self._read.add(path.lower())
        return package_xml(self._archive, info, url=self._url, label="OFD")


def open_package(body: bytes, *, url: str, limits: ExtractSettings | None, label: str) -> zipfile.ZipFile:
    """A ZIP package (OFD, PPTX) whose directory the limits allow (check_archive), of at most
    MAX_MEMBERS parts; ExtractError (or ExtractRefused) naming the format otherwise."""
    check_archive(body, url=url, limits=limits or ExtractSettings(), label=label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractError(f"{url}: not a readable {label} file: {exc}") from None
    if len(archive.infolist()) > MAX_MEMBERS:
        archive.close()
        raise ExtractError(f"{url}: {label} package has {len(archive.infolist())} members (limit {MAX_MEMBERS})")
    return archive


def package_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, url: str, label: str) -> etree._Element:
    """One XML part of a ZIP package (OFD, PPTX), read under MAX_PART_BYTES whatever its header
    claims, parsed without network or external entities; ExtractError naming the part otherwise,
    ExtractRefused(too_large) when its entities expand past libxml2's limit (a billion-laughs bomb)."""
    path = info.filename
    if info.file_size > MAX_PART_BYTES:
        raise ExtractError(f"{url}: {label} part {path} is too large ({info.file_size} bytes expanded)")
    try:
        with archive.open(info) as handle:
            # file_size is the header's claim; read one byte more to catch a lying header.
            data = handle.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise ExtractError(f"{url}: {label} part {path} cannot be read: {exc}") from None
    if len(data) > MAX_PART_BYTES:
        raise ExtractError(f"{url}: {label} part {path} expands beyond {MAX_PART_BYTES} bytes")
    bomb = ExtractRefused("too_large", f"{url}: {label} part {path} declares XML entities expanding past "
                                       f"{MAX_ENTITY_CHARS} characters or nested over {_ENTITY_DEPTH} deep (an "
                                       "entity-expansion bomb); not read")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if _AMPLIFIED in str(exc).lower():
            raise bomb from None
        raise ExtractError(f"{url}: {label} part {path} is not well-formed XML: {exc}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and _largest_entity(dtd) > MAX_ENTITY_CHARS:
        raise bomb
    return root


def _largest_entity(dtd: etree.DTD) -> int:
    """The most characters one of the DTD's internal entities expands to, counted without
    expanding it (a reference loop, or nesting deeper than _ENTITY_DEPTH, counts as endless)."""
    contents = {entity.name: entity.content or "" for entity in dtd.iterentities()}
    sizes: dict[str, int] = {}

    def size(name: str, seen: frozenset[str]) -> int:
        if name in seen or len(seen) > _ENTITY_DEPTH:
            return MAX_ENTITY_CHARS + 1
        if name not in sizes:
            content = contents.get(name, "")
            refs = _ENTITY_REF.findall(content)
            own = len(_ENTITY_REF.sub("", content))
            # capped at each step: ten of ten of ten stays a small number, not 10^10
            sizes[name] = min(own + sum(size(ref, seen | {name}) for ref in refs if ref in contents),
                              MAX_ENTITY_CHARS + 1)
        return sizes[name]

    return max((size(name, frozenset()) for name in contents), default=0)


def _children(root: etree._Element, *tags: str) -> list[etree._Element]:
    nodes = [root]
    for tag in tags:
        nodes = [child for node in nodes for child in node if isinstance(child.tag, str) and _local(child.tag) == tag]
    return nodes


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean_path(base: str, loc: str) -> str:
    """A package path: absolute locations start at the root, the others at `base`."""
    joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
    return posixpath.normpath(joined).lstrip("/")


def _numbers(value: str | None) -> list[float]:
    if not value:
        return []
    try:
        return [float(part) for part in value.split()]
    except ValueError:
        return []


def _deltas(value: str | None) -> list[float]:
    """DeltaX/DeltaY with the standard's "g count step" shorthand expanded."""
    parts = (value or "").split()
    out: list[float] = []
    i = 0
    try:
        while i < len(parts):
            if parts[i] == "g" and i + 2 < len(parts):
                out.extend([float(parts[i + 2])] * min(int(parts[i + 1]), 100_000))
                i += 3
            else:
                out.append(float(parts[i]))
                i += 1
    except ValueError:
        return []
    return out


def _object_runs(obj: etree._Element) -> list[Run]:
    box = _numbers(obj.get("Boundary"))
    left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    size = (_numbers(obj.get("Size")) or [3.5])[0] or 3.5
    ctm = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    runs: list[Run] = []
    x = y = 0.0
    for code in obj:
        if not isinstance(code.tag, str) or _local(code.tag) != "TextCode":
            continue
        text = "".join(code.itertext())
        # A TextCode without X/Y continues where the previous one put the pen.
        x = (_numbers(code.get("X")) or [x])[0]
        y = (_numbers(code.get("Y")) or [y])[0]
        steps = _deltas(code.get("DeltaX"))[: max(len(text) - 1, 0)]
        advance = sum(steps) + size * (len(text) - len(steps))
        start_x, start_y = a * x + c * y + e, b * x + d * y + f
        end_x = a * (x + advance) + c * y + e
        scale = abs(a) or 1.0
        if text.strip():
            runs.append(Run(text, top + start_y, left + min(start_x, end_x), left + max(start_x, end_x), size * scale))
        x += advance
    return runs
