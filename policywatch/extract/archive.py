"""ZIP bundles (申报材料.zip, 附件.zip): each member read as a sub-attachment of the bundle.

Government sites post a bundle of .doc/.docx/.pdf/.xls files as one .zip. The bundle becomes
one document whose text is its readable members in archive order, each under a heading line
``【bundle.zip/附件1.docx】`` naming it: one stored attachment per bundle, because a member has no
URL of its own that a later run could fetch and check again.

Runs inside the sandbox child (READERS["zip"]), so the child's memory, CPU and time limits hold
the whole bundle; each member is read there by its own reader, in-process. Bounds, checked on
the ZIP directory before anything is inflated:
- extract.max_unzipped_bytes and extract.max_zip_ratio (the DOCX check, `docx.check_archive`);
- extract.max_zip_members entries at most (a directory of 100,000 empty files is a bomb of
  another kind; a bundle of application forms holds a handful, 200 is far beyond any seen);
- extract.max_zip_depth archive levels (default 2: a ZIP inside the bundle is read, a ZIP inside
  that one is only named).
A member is skipped with a warning, not read, when it is encrypted, when its name climbs out of
the archive (../, an absolute or drive path: harmless here, since nothing is written to disk,
but never a real attachment), or when no reader reads its format.
A PDF member that is a scan, or has pages only OCR can read, is listed in the bundle's
`unread_members` with the line its reading goes before: `extract()` reads it in the OCR child
(`ocr_member` opens the bundle there again) with the OCR budget, as a standalone PDF is read,
and names it as not read when OCR is off or missing.
Names without the UTF-8 flag are the local code page of the machine that made the ZIP; zipfile
decodes them as cp437, and a ZIP made on Chinese Windows holds GBK: those are re-decoded as GBK.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract.limits import READERS, ExtractRefused
from policywatch.extract.sniff import TEXT_FORMATS, sniff_format
from policywatch.model import ExtractedDocument

__all__ = ["Members", "Unread", "bundle_name", "extract_zip", "member_name", "member_text", "ocr_member"]

# ExtractedDocument.unread_members' entry: (label, path of names, its pages left out and the line
# each goes before (() for a whole scan), the line a whole scan's text goes before)
Unread = tuple[str, tuple[str, ...], tuple[tuple[int, int], ...], int]

_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
# formats a member is not read in: OCR needs its own budget (extract.OCR_BUDGET), which one
# bundle's share of the child cannot give (extract() reads unread_members in the OCR child);
# "large_html" is a pseudo-format
_NOT_IN_BUNDLE = frozenset({"ocr_pdf", "ocr_image", "large_html", "zip"})


def extract_zip(body: bytes, *, url: str, limits: ExtractSettings | None = None, depth: int = 1,
                bundle: str = "") -> ExtractedDocument:
    """The bundle's readable members, each under a 【bundle/member】 heading line; what was not
    read is in `warnings`. Raises ExtractRefused(too_large) for a bomb, ExtractError for a broken ZIP.
    `bundle` names a nested ZIP by its path from the outermost one (申报材料.zip/附件3.zip)."""
    limits = limits or ExtractSettings()
    from policywatch.extract.docx import check_archive  # the shared ZIP directory check

    check_archive(body, url=url, limits=limits, label="ZIP")
    bundle = bundle or bundle_name(url)
    read = Members()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.max_zip_members:
            raise ExtractRefused("too_large", f"{url}: ZIP holds {len(members)} files, more than "
                                              f"extract.max_zip_members ({limits.max_zip_members})")
        for member in members:
            name = member_name(member)
            read.add(archive, member, f"{bundle}/{name}", url=f"{url}/{name}", limits=limits, depth=depth)
    parts, warnings, unread = read.parts, read.warnings, read.unread
    if depth == 1:  # the whole bundle's warnings, nested ones included, once a cause
        warnings = one_per_cause(warnings)
    if not parts and not unread:
        warnings.append(f"{bundle}: no member of the ZIP could be read")
    # the fields (文号, 发布日期) are the first member's: its heading line is not its title
    fields = meta.from_text(parts[0].partition("\n")[2] if parts else "")
    return ExtractedDocument(url=url, format="zip", text="\n".join(parts), metadata=fields, warnings=tuple(warnings),
                             unread_members=tuple(unread))


NAMED_PER_CAUSE = 5  # the members a collapsed warning names; the rest are counted


def one_per_cause(warnings: list[str]) -> list[str]:
    """`warnings` ("path: cause") with the members sharing a cause in one warning, where the first
    stood: ten ZIPs a level nested twelve deep gave 111 warnings, a hundred of them the same
    depth limit. The first NAMED_PER_CAUSE members are named and the rest counted.

    >>> one_per_cause(["a.zip/1.zip: too deep", "a.zip/2.txt: empty", "a.zip/3.zip: too deep"])
    ['too deep (2 members: a.zip/1.zip, a.zip/3.zip)', 'a.zip/2.txt: empty']
    """
    places: dict[str, list[str]] = {}
    for warning in warnings:
        where, _, cause = warning.partition(": ")
        places.setdefault(cause if cause else warning, []).append(where if cause else "")
    collapsed = []
    for cause, wheres in places.items():
        named = [where for where in wheres if where]
        if len(wheres) == 1 or not named:
            collapsed.extend(f"{where}: {cause}" if where else cause for where in dict.fromkeys(wheres))
            continue
        more = f", and {len(named) - NAMED_PER_CAUSE} more" if len(named) > NAMED_PER_CAUSE else ""
        collapsed.append(f"{cause} ({len(named)} members: {', '.join(named[:NAMED_PER_CAUSE])}{more})")
    return collapsed


def ocr_member(body: bytes, *, url: str, limits: ExtractSettings | None = None, member: tuple[str, ...] = (),
               pages: tuple[int, ...] = ()) -> ExtractedDocument | tuple[ExtractedDocument, ...]:
    """OCR of one PDF member of the ZIP `body`, found by its path of names through the nested
    archives (ExtractedDocument.unread_members): the whole scan, or each of `pages` on its own,
    as a standalone PDF is read. Runs in the OCR child, which opens the bundle again: the member's
    bytes never leave a sandbox."""
    from policywatch.extract.docx import check_archive
    from policywatch.extract.ocr import ocr_pdf, ocr_pdf_pages

    limits = limits or ExtractSettings()
    for name in member:
        check_archive(body, url=url, limits=limits, label="ZIP")
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = archive.read(name)
    return ocr_pdf_pages(body, url=url, limits=limits, pages=pages) if pages else ocr_pdf(body, url=url, limits=limits)


class Members:
    """The members of a package read one after another (a bundle's files, an OFD's attachments):
    their texts in order, what was not read, and what needs OCR with its lines counted in the
    whole text (`lines` already there before the first: an OFD's pages)."""

    def __init__(self, parts: list[str] | None = None, warnings: list[str] | None = None) -> None:
        self.parts = list(parts or [])
        self.warnings = list(warnings or [])
        self.unread: list[Unread] = []
        self.lines = sum(part.count("\n") + 1 for part in self.parts)  # where the next member's text begins

    def add(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, *, url: str,
            limits: ExtractSettings, depth: int) -> None:
        text, why, left = member_text(archive, member, label, url=url, limits=limits, depth=depth)
        self.warnings.extend(why)
        self.unread += [(name, (member.filename, *path), tuple((page, self.lines + at) for page, at in pages),
                         self.lines + at) for name, path, pages, at in left]
        if text:
            self.parts.append(text)
            self.lines += text.count("\n") + 1


def member_name(member: zipfile.ZipInfo) -> str:
    """The member's file name as its maker wrote it: a name without the UTF-8 flag that zipfile
    read as cp437 is re-read as GBK when it is valid GBK (ZIPs made on Chinese Windows)."""
    name = member.filename
    if member.flag_bits & _UTF8_FLAG or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def bundle_name(url: str) -> str:
    """The bundle's file name (申报材料.zip) from its URL, its query and fragment dropped."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path).rstrip("/")
    return posixpath.basename(path) or "bundle.zip"


def _unsafe(name: str) -> bool:
    """A name that would climb out of the archive if unpacked: ../, an absolute or drive path."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def member_text(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, *, url: str,
                 limits: ExtractSettings, depth: int) -> tuple[str, tuple[str, ...], list[Unread]]:
    """(text under its 【label】 heading, why what was not read was not, what needs OCR: entries
    of unread_members with the path below this member and lines counted in this member's text) of one
    member, `label` its bundle/member path; a nested ZIP's text has a heading per member. An
    unreadable member does not sink its bundle."""
    name = member_name(member)
    if _unsafe(name):
        return "", (f"{label}: unsafe path in the archive (climbs out of it); not read",), []
    if member.flag_bits & _ENCRYPTED_FLAG:
        return "", (f"{label}: encrypted (password-protected); not read",), []
    try:
        body = archive.read(member)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        return "", (f"{label}: cannot be inflated ({exc}); not read",), []
    kind = sniff_format(body, "", name.lower())
    if kind == "zip":
        if depth >= limits.max_zip_depth:
            return "", (f"{label}: a ZIP nested deeper than {limits.max_zip_depth} levels "
                        "(extract.max_zip_depth); not read",), []
        try:
            document = extract_zip(body, url=url, limits=limits, depth=depth + 1, bundle=label)
        except ExtractError as exc:  # a bomb or a broken ZIP inside: the rest of the bundle still reads
            return "", (f"{label}: {exc}; not read",), []
        return document.text, document.warnings, list(document.unread_members)
    if kind in TEXT_FORMATS:
        text = _text_member(body, kind, url=url)
        return (f"【{label}】\n{text.strip()}" if text.strip() else ""), (), []
    document, why = _read_member(body, kind, url=url, limits=limits, depth=depth, label=label)
    if document is None:
        return "", (f"{label}: {why}",), []
    # an OFD names its own attachments by the whole path (b.zip/通知.ofd/附件1.pdf), as a nested
    # ZIP does: such a warning is not prefixed twice
    warnings = tuple(warning if warning.startswith((f"{label}/", f"{label}: ")) else f"{label}: {warning}"
                     for warning in document.warnings)
    if document.needs_ocr and document.format != "pdf":
        # OCR inside a package reads PDFs (ocr_member): an image-only OFD or presentation is named
        return "", (*warnings, f"{label}: not read: OCR reads only the PDFs inside a package"), []
    if document.needs_ocr:
        # a scan: read by OCR in the parent's OCR child, as a standalone one is, its heading with it;
        # when its reader refused some of its pages (a bomb page), only the others it names are
        # (rendering the refused one for OCR would be its bomb again)
        return "", warnings, [(label, (), tuple((number, 0) for number, _ in document.unread_pages), 0)]
    text = document.text.strip()
    if not text:
        return "", warnings, []
    # its left-out pages go in its text, which begins after the heading line; so do the scans
    # among an OFD's attachments, found by their path inside it
    pages = tuple((number, 1 + at) for number, at in document.unread_pages)
    inner: list[Unread] = [(name, path, tuple((number, 1 + at) for number, at in left), 1 + at_whole)
                           for name, path, left, at_whole in document.unread_members]
    return f"【{label}】\n{text}", warnings, ([(label, (), pages, 0)] if pages else []) + inner


def _text_member(body: bytes, kind: str, *, url: str) -> str:
    """A text or HTML member's text, read here (this is already the sandbox child, so a large
    page is not sent to another one)."""
    from policywatch.extract import _extract_plain, decode_text
    from policywatch.extract.html import extract_html

    text = decode_text(body)[0]
    return (extract_html(text, url=url) if kind in ("html", "xml") else _extract_plain(text, url=url)).text


def _read_member(body: bytes, kind: str, *, url: str, limits: ExtractSettings,
                 depth: int, label: str) -> tuple[ExtractedDocument | None, str]:
    """The member's document, or None and why it was not read. An OFD is a package of its own
    with attachments: it is read one level below this one (`depth`), so OFD and ZIP nested in
    each other end at extract.max_zip_depth."""
    if kind not in READERS or kind in _NOT_IN_BUNDLE:
        from policywatch.extract.sniff import unknown_reason

        # what the bytes tell (a PowerPoint deck, an ODF presentation) says more than "unknown"
        why = unknown_reason(body) if kind == "unknown" else ""
        return None, f"{why or f'format {kind} has no reader inside a ZIP'}; not read"
    from policywatch.extract.sandbox import read_in_process

    try:
        options = {"depth": depth + 1, "bundle": label} if kind == "ofd" else None
        return read_in_process(body, kind=kind, url=url, limits=limits, options=options), ""
    except ExtractRefused as exc:
        return None, f"refused: {exc}"
    except ExtractError as exc:
        return None, f"unreadable: {exc}"
