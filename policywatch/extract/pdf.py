"""PDF documents: the text layer page by page (pdfplumber); no text layer → needs_ocr.

A text layer whose fonts map no glyph to Unicode (no ToUnicode CMap and no standard encoding:
what some print-to-PDF drivers and OA systems write for embedded Chinese fonts) reads as
pdfminer's `(cid:N)` placeholders: such a layer is no text, judged page by page: a page mostly
unmapped is left out with a warning naming it and listed in `unread_pages`, which `extract()`
reads by OCR when it can and puts back in place, and a file with no other text is flagged
needs_ocr like a scan; unmapped glyphs among readable words (a symbol font's box or tick) read
as U+FFFD with a warning, so the loss is seen where it is, not stored as `(cid:12)`. Chinese drawn in a
simple (one-byte) font with no ToUnicode, its codes GBK bytes, reads as Latin-1 letters
(`µÚÒ»Ìõ` for 第一条): a line that is such mojibake and whose bytes decode as GBK, nearly all
in pairs of high bytes (accented Latin text, é then a letter, is not), is re-read so.

Limits (extract.max_pdf_pages, extract.max_pdf_stream_bytes): the pages the page tree lists are
counted (up to one past the limit, whatever its /Count says) before any page is read, and every Flate stream pdfminer inflates goes through a bounded inflater, so
one small stream that would inflate to gigabytes is refused after the limit, not after the RAM.
"""

from __future__ import annotations

import contextvars
import io
import itertools
import logging
import re
import unicodedata
import zlib
from collections.abc import Callable
from typing import Any

import pdfplumber
from pdfminer import pdftypes
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfinterp import LITERAL_FORM, PDFPageInterpreter
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import literal_name

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract.decode import gbk_repaired, latin_mojibake
from policywatch.extract.sandbox import ExtractRefused
from policywatch.model import ExtractedDocument

logger = logging.getLogger(__name__)

_STREAM_LIMIT: contextvars.ContextVar[int | None] = contextvars.ContextVar("pdf_stream_limit", default=None)


class _StreamTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"a PDF stream inflates past extract.max_pdf_stream_bytes ({limit} bytes)")


class _BoundedDecompressor:
    """zlib's decompressobj, counting its output against the stream limit."""

    def __init__(self, inner: Any, limit: int) -> None:
        self._inner, self._limit, self._out = inner, limit, 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        budget = self._limit + 1 - self._out
        out: bytes = self._inner.decompress(data, budget if not max_length else min(max_length, budget))
        self._count(out)
        return out

    def flush(self, *args: int) -> bytes:
        out: bytes = self._inner.flush(*args)
        self._count(out)
        return out

    def _count(self, out: bytes) -> None:
        self._out += len(out)
        if self._out > self._limit:
            raise _StreamTooLarge(self._limit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _BoundedZlib:
    """Stands in for the `zlib` module inside pdfminer.pdftypes; unbounded unless a limit is set."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> Any:
        inner = zlib.decompressobj(*args, **kwargs)
        limit = _STREAM_LIMIT.get()
        return inner if limit is None else _BoundedDecompressor(inner, limit)

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        limit = _STREAM_LIMIT.get()
        if limit is None:
            return zlib.decompress(data, *args)
        inflater = _BoundedDecompressor(zlib.decompressobj(*args), limit)
        out = inflater.decompress(data)
        if inflater.unconsumed_tail:  # the budget stopped it: the stream is larger than the limit
            raise _StreamTooLarge(limit)
        if not inflater.eof:
            # what zlib.decompress says of a truncated stream; pdfminer then tries its salvage path
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out + inflater.flush()


pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]  # pdfminer has no hook for this

# An indirect object that is only a reference to another (`4 0 obj 5 0 R`, `5 0 obj 4 0 R`)
# sent pdfminer's resolve1 round the loop until the child's CPU limit killed it, a minute later
# and with no word of why. A chain of references is followed here, to _REF_CHAIN links at most:
# a real file's chain is one or two long; a cycle is refused as the damage it is.
_REF_CHAIN = 64
_resolve_one = pdftypes.PDFObjRef.resolve


def _resolve_bounded(self: pdftypes.PDFObjRef, default: object = None) -> Any:
    resolved = _resolve_one(self, default)
    for _ in range(_REF_CHAIN):
        if not isinstance(resolved, pdftypes.PDFObjRef):
            return resolved
        resolved = _resolve_one(resolved, default)
    raise PDFSyntaxError(f"object {self.objid} is a chain of references longer than {_REF_CHAIN} (a reference cycle)")


pdftypes.PDFObjRef.resolve = _resolve_bounded  # type: ignore[method-assign]  # resolve1 is imported by name


# A form XObject draws what its own content says, other forms included, and pdfminer interprets
# every drawing anew: a chain of 40 forms each drawing the next twice is 2^40 drawings, which ran
# until the child's time limit (two minutes, "took longer than extract.timeout"), and 10,000 forms
# nested in each other ended in Python's recursion limit, reported as such. What is bounded is the
# work: every form drawing a page expands, at any depth, counts toward _FORM_DRAWS, and the nesting
# is held to _FORM_DEPTH. Counting by depth instead refused real pages: a table of 600 cells each
# drawn through a 10-deep chain of forms (5,400 nested drawings, read in 3 s) and a page whose
# content sits in one wrapper form drawing a box 6,000 times. pdfminer parses a form's content
# again at each drawing (0.6 to 1.2 ms each on this shared machine): 25,000 drawings, four times
# the largest real page seen and far below a bomb's 2^40, are 15 to 30 s, well inside the child's
# time limit (120 s), which stays the last guard. Images are not
# counted (a scan's strips are many). Counted per page (_DRAWS, set by extract_pdf while it reads
# a page; pdfminer's interpreter outside it is left as it is); a page over a bound is left out,
# said, and the others read.
_FORM_DRAWS = 25_000
_FORM_DEPTH = 64
_DRAWS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("pdf_page_draws", default=None)
_do_draw = PDFPageInterpreter.do_Do


class _PageRefused(Exception):
    """A page whose form XObjects pass _FORM_DRAWS or _FORM_DEPTH: it is left out."""


def _do_bounded(self: PDFPageInterpreter, xobjid_arg: Any) -> None:
    state = _DRAWS.get()  # [forms drawn on this page so far, forms open]
    if state is None or not _is_form(self, xobjid_arg):  # an image draws nothing further (a scan's strips are many)
        return _do_draw(self, xobjid_arg)
    state[0] += 1
    if state[0] > _FORM_DRAWS:
        raise _PageRefused(f"its form XObjects are drawn over {_FORM_DRAWS} times (forms drawing forms over and "
                           "over)")
    if state[1] >= _FORM_DEPTH:
        raise _PageRefused(f"form XObjects nested over {_FORM_DEPTH} deep")
    state[1] += 1
    try:
        return _do_draw(self, xobjid_arg)
    finally:
        state[1] -= 1


def _is_form(interpreter: PDFPageInterpreter, xobjid_arg: Any) -> bool:
    try:
        return pdftypes.stream_value(interpreter.xobjmap[literal_name(xobjid_arg)]).get("Subtype") is LITERAL_FORM
    except Exception:  # an undefined or damaged XObject: pdfminer's own do_Do says what it does with it
        return False


PDFPageInterpreter.do_Do = _do_bounded  # type: ignore[method-assign]  # pdfminer has no hook for this


def _in_chain(exc: BaseException | None, test: Callable[[BaseException], bool]) -> BaseException | None:
    """The first exception in `exc`'s cause/context chain passing `test`."""
    for _ in range(10):
        if exc is None:
            return None
        if test(exc):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _is_stream_too_large(exc: BaseException) -> bool:
    return isinstance(exc, _StreamTooLarge)


def _is_password_error(exc: BaseException) -> bool:
    # pdfplumber wraps pdfminer's error as an argument, not as the cause
    return isinstance(exc, PDFPasswordIncorrect) or any(isinstance(arg, PDFPasswordIncorrect) for arg in exc.args)


def _is_out_of_memory(exc: BaseException) -> bool:
    # zlib reports a failed allocation as zlib.error, not MemoryError
    return isinstance(exc, MemoryError) or (isinstance(exc, zlib.error) and "allocate" in str(exc))


def extract_pdf(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Text of every page, one line per text line; a scanned PDF is flagged needs_ocr, never ''-as-ok."""
    limits = limits or ExtractSettings()
    pages: list[str] = []
    images = 0
    image_only: list[int] = []  # scanned pages: images and no text layer to speak of
    refused: list[tuple[int, str]] = []  # (page, why): pages whose forms draw forms past the bounds
    token = _STREAM_LIMIT.set(limits.max_pdf_stream_bytes)
    try:
        pdf = pdfplumber.open(io.BytesIO(body))
        # the pages listed up to one past the limit, before the `with`: listing 100,000 pages to
        # count them took half a minute, and so did closing the file (pdfplumber lists every page
        # to flush it). The tree's /Count is only named in the refusal: it lies either way, low
        # (a bomb) or high (a 3-page notice saying /Count 3000 was refused unread)
        declared = _declared_pages(pdf)
        listed = _listed_pages(pdf, limits.max_pdf_pages + 1)
        if listed > limits.max_pdf_pages:
            count = f"{declared}" if declared > limits.max_pdf_pages else f"over {limits.max_pdf_pages}"
            raise ExtractRefused("too_large", f"{url}: {count} pages, more than extract.max_pdf_pages "
                                              f"({limits.max_pdf_pages})")
        with pdf:
            for page in pdf.pages:
                drawn = _DRAWS.set([0, 0])
                try:
                    pages.append(page.extract_text() or "")
                    images += len(page.images)
                except Exception as exc:
                    # pdfplumber wraps what the interpreter raises
                    over = _in_chain(exc, lambda e: isinstance(e, _PageRefused))
                    if over is None:
                        raise
                    pages.append("")
                    refused.append((len(pages), str(over)))
                    continue
                finally:
                    _DRAWS.reset(drawn)
                if page.images and _scanned(pages[-1], page.images, float(page.width * page.height)):
                    image_only.append(len(pages))
    except Exception as exc:
        too_large = _in_chain(exc, _is_stream_too_large)  # pdfplumber wraps what pdfminer raises
        if too_large is not None:
            raise ExtractRefused("too_large", f"{url}: {too_large}") from None
        if _in_chain(exc, _is_out_of_memory) is not None:
            raise MemoryError(str(exc)) from exc  # the sandbox child's memory limit: it retires
        if _in_chain(exc, _is_password_error) is not None:
            # pdfminer's error has no text: the reason read "not a readable PDF: " and nothing more
            raise ExtractError(f"{url}: an encrypted PDF that needs a password to be opened; policywatch has no "
                               "password to read it with") from None
        if isinstance(exc, (PDFSyntaxError, ValueError, TypeError, KeyError)):
            raise ExtractError(f"{url}: not a readable PDF: {exc}") from None
        # pdfminer raises many private error types on damaged files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
            raise ExtractError(f"{url}: not a readable PDF: {exc}") from None
        raise
    finally:
        _STREAM_LIMIT.reset(token)
    unmapped_pages = _unmapped_pages(pages)
    unmapped_numbers = {number for number, _, _ in unmapped_pages}
    # a scanned page among text pages (a signed and stamped last page, a scanned appendix) has
    # no text layer to read: it is left out like an unmapped page, said, and read by OCR in place
    image_only = [number for number in image_only if number not in unmapped_numbers]
    # a scan whose text layer a bad OCR wrote (symbol soup, private-use and replacement
    # characters, Latin mojibake over a Chinese page) is a scan too: diffed as text, each new
    # misreading of the same page would be reported as an edit
    garbage_pages = [(number, junk, chars) for number, junk, chars in _garbage_pages(pages)
                     if number not in unmapped_numbers and number not in image_only]
    left_out = unmapped_numbers | set(image_only) | {number for number, _, _ in garbage_pages}
    lines: list[str] = []
    unread: list[tuple[int, int]] = []  # (page, line of the text its OCR reading goes before)
    for number, page in enumerate(pages, start=1):
        if number in left_out:
            unread.append((number, len(lines)))
        else:
            lines.extend(line.rstrip() for line in page.splitlines() if line.strip())
    text = "\n".join(lines)
    # a refused page beside a scanned one: the file needs OCR, which reads the scan (a bomb page
    # is no reason to give up the pages that can be read another way)
    if not text.strip() and refused and not (unmapped_pages or garbage_pages or image_only or images):
        raise ExtractError(f"{url}: not a readable PDF: page {refused[0][0]}: {refused[0][1]}")
    if not text.strip():
        if unmapped_pages:
            unmapped = sum(count for _, count, _ in unmapped_pages)
            glyphs = sum(count for _, _, count in unmapped_pages)
            reason = (f"the text layer's fonts map {unmapped} of {glyphs} glyphs to no character (no ToUnicode "
                      "CMap): it cannot be read as text and needs OCR")
        elif garbage_pages:
            junk = sum(count for _, count, _ in garbage_pages)
            chars = sum(count for _, _, count in garbage_pages)
            reason = (f"the text layer is garbage ({junk} of {chars} characters are no words: a bad OCR layer or "
                      "mojibake): it is read as a scan and needs OCR")
        else:
            reason = f"no text layer on {len(pages)} page(s) ({images} image(s)): needs OCR"
        logger.info("%s: %s", url, reason)
        if not refused:
            return ExtractedDocument(url=url, format="pdf", text="", needs_ocr=True, warnings=(reason,))
        # OCR reads only the pages left out for it: rendering a refused page would be its bomb again
        return ExtractedDocument(url=url, format="pdf", text="", needs_ocr=True, unread_pages=tuple(
            (number, 0) for number in range(1, len(pages) + 1) if number not in dict(refused)),
            warnings=(reason, *(f"page {number}: {why}: left out" for number, why in refused)))
    warnings: tuple[str, ...] = tuple(
        f"page {number}: the text layer's fonts map {unmapped} of {glyphs} glyphs to no character (no ToUnicode "
        "CMap): left out, it needs OCR" for number, unmapped, glyphs in unmapped_pages)
    warnings += tuple(f"page {number}: the text layer is garbage ({junk} of {chars} characters are no words: a bad "
                      "OCR layer or mojibake): left out, it needs OCR" for number, junk, chars in garbage_pages)
    warnings += tuple(f"page {number}: {why}: left out" for number, why in refused)
    if image_only:
        from policywatch.extract import pages_named

        warnings += (f"{pages_named(image_only)}: only images, no text layer (scanned): left out, "
                     f"{'it needs' if len(image_only) == 1 else 'they need'} OCR",)
    text, regbk = gbk_repaired(text)  # line by line: the unread pages' line numbers stay right
    if regbk:
        warnings += (f"{regbk} line(s) of GBK codes read through a Latin font encoding: re-read as GBK",)
    unmapped = len(_UNMAPPED.findall(text))
    if unmapped:
        text = _UNMAPPED.sub("\ufffd", text)
        warnings += (f"{unmapped} glyph(s) map to no character (no ToUnicode CMap): read as \ufffd",)
    return ExtractedDocument(url=url, format="pdf", text=text, metadata=meta.from_text(text), warnings=warnings,
                             unread_pages=tuple(unread))


def _listed_pages(pdf: Any, most: int) -> int:
    """How many pages the page tree lists, counted up to `most`: a tree whose /Count lies low is
    not listed whole (100,000 pages took a minute, near the child's CPU limit)."""
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), most))


def _declared_pages(pdf: Any) -> int:
    """The /Count of the document's page tree root, 0 when it has none that is a number."""
    try:
        count = pdftypes.resolve1(pdftypes.resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except (AttributeError, TypeError, PDFSyntaxError):
        return 0
    return count if isinstance(count, int) else 0


def _scanned(text: str, images: list[dict[str, Any]], area: float) -> bool:
    """Whether a page is a scan: images and no text, or images over most of the page and a text
    layer that is only what a scanner or an OA system stamps on it (a page number `- 3 -`,
    `第3页`, `3/10`, a date): that stamp is not the page's text, and keeping it lost the page
    silently. Any other text layer is the page's text, however few its letters: a chart's `图1`
    and its rows of figures, a table of numbers over a full-page letterhead image."""
    if not text.strip():
        return True
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # a stamp is a line or two (a page number, a date), not a column of figures
    if len(lines) > _STAMP_LINES or not all(_STAMP.fullmatch(line) for line in lines):
        return False
    covered = sum(max(0.0, float(image["x1"] - image["x0"])) * max(0.0, float(image["bottom"] - image["top"]))
                  for image in images)
    return covered >= area * _SCAN_SHARE


def _unmapped_pages(pages: list[str]) -> list[tuple[int, int, int]]:
    """(page number, unmapped glyphs, glyphs) of the pages whose text layer is no text: more than
    a share of their glyphs (unmapped ones and mapped letters) map to no character, or what does
    map is a handful of letters (a
    form's title over a grid of unmapped boxes). Judged page by page: one page printed through such
    a font (a scanned-in form, an appendix) is no reason to lose the readable rest; and a page
    whose words are readable around a symbol font's boxes (a checklist's 有/无 ticks) is kept, its
    boxes read as U+FFFD — leaving it out lost every word on it."""
    unreadable: list[tuple[int, int, int]] = []
    for number, page in enumerate(pages, start=1):
        unmapped = len(_UNMAPPED.findall(page))
        if not unmapped:
            continue
        # what maps is counted by its words (letters, Han): digits and marks mapped beside
        # unmapped labels (a 预算执行情况表 whose row names and title map to nothing, its
        # figures in a font that maps) are no text a reader could follow
        words = sum(map(str.isalpha, _UNMAPPED.sub("", page)))
        glyphs = unmapped + words
        if unmapped > glyphs * _UNMAPPED_SHARE or words < _MAPPED_MIN:
            unreadable.append((number, unmapped, glyphs))
    return unreadable


def _garbage_pages(pages: list[str]) -> list[tuple[int, int, int]]:
    """(page number, junk characters, text and junk characters) of the pages whose text layer is no
    text: at least _GARBAGE_MIN junk characters (see _junk), more than _GARBAGE_SHARE of the page's
    junk and letters together, counted after a GBK line read through a Latin font is repaired
    (that is text, re-read). Digits, punctuation, symbols, maths and box drawing are neither: a
    page of figures, formulas, URLs or a ruled table is no garbage, whatever little prose it has."""
    garbage = []
    for number, page in enumerate(pages, start=1):
        text = _UNMAPPED.sub("", gbk_repaired(page)[0])  # unmapped glyphs are judged by _unmapped_pages
        junk, letters = _junk(text)
        if junk >= _GARBAGE_MIN and junk > (junk + letters) * _GARBAGE_SHARE:
            garbage.append((number, junk, junk + letters))
    return garbage


def _junk(text: str) -> tuple[int, int]:
    """(junk characters, letters) of `text`. Junk is what no text of any script is made of:
    private-use characters, U+FFFD, C0 and C1 controls, UTF-8 or GBK read through a Latin code
    page (decode.latin_mojibake: å…³äºŽ for 关于), and a bad OCR's symbol soup (see _soup).
    Letters and marks of every script (Han of every extension, Hangul, Arabic-script Uyghur,
    Tibetan, Mongolian, Yi, Cyrillic, Greek, accented Latin) are text, and the rest neutral:
    judging letters by a list of scripts or by the shape of their words (no vowel in http, www,
    kWh) dropped whole pages of a Korean or Uyghur notice, a contacts page or a table of units."""
    text, junk = latin_mojibake(text)
    soup, text = _soup(text)
    junk += soup
    letters = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LM":
            letters += 1
        elif category in ("Co", "Cs") or ch == "\ufffd" or (category == "Cc" and ch not in "\t\n\r"):
            junk += 1
    return junk, letters


def _soup(text: str) -> tuple[int, str]:
    """(soup characters, `text` without them) of a bad OCR's symbol soup: runs of ASCII and Latin
    characters (cut at spaces, at column rules `|` and at every other script) where short letter
    fragments are fused with the signs no word has (~ ^ \\ { } `), `t~fflZ1t)J~~`, with no word in
    them (three letters or more with a vowel), outside a URL; and only on a page with almost no
    letters of another script. Han and every non-Latin letter are never soup, and the signs alone
    are neutral: judged on whole space-free tokens, a Chinese clause with a range (`A~C级`, `6~9`),
    a Windows path (`C:\\Program Files`), a LaTeX formula, a regular expression or a `|`-ruled table
    dropped real pages. A page that mixes such runs into Chinese prose is text; a garbage page
    missed is OCR not asked for, a real page dropped is text lost."""
    runs = [run for run in _LATIN_TOKEN.findall(text) if _soup_run(run)]
    if not runs:
        return 0, text
    soup = sum(len(_SOUP_CHAR.findall(run)) for run in runs)
    others = sum(1 for ch in text if not _LATIN_CHAR.match(ch) and unicodedata.category(ch)[0] in "LM")
    if others > soup * _SOUP_OTHER_SHARE:
        return 0, text
    return soup, _LATIN_TOKEN.sub(lambda run: " " if _soup_run(run.group()) else run.group(), text)


def _soup_run(run: str) -> bool:
    """Whether one ASCII/Latin run is OCR soup (see _soup): its signs are what is left once the
    markup that uses them is taken out (escapes and commands `\\d` `\\frac`, balanced `{…}`, a
    superscript `^2` `^{n}`), so a page of formulas or regular expressions is no soup."""
    if not (_SOUP_SIGN.search(run) and _ASCII_LETTER.search(run)) or _WORD.search(run) or _URL_LIKE.search(run):
        return False
    bare = ""
    while bare != run:  # nested braces ({{"key",1}}) come out from the inside
        bare, run = run, _MARKUP.sub("", run)
    return bool(_SOUP_SIGN.search(run))


# a run of ASCII and Latin characters: the soup is judged on these, never on a token that takes
# Han (or any other script) along, and `|` (a table's column rule, a shell pipe) cuts them
_LATIN_TOKEN = re.compile("[!-{}~\u00c0-\u024f\u1e00-\u1eff]+")
_LATIN_CHAR = re.compile("[\x00-\x7f\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")
_SOUP_SIGN = re.compile(r"[~^\\{}`]")
_MARKUP = re.compile(r"\\[A-Za-z]+|\\.|\{[^{}~`]*\}|\^(?=[\w{(\[-])")
_ASCII_LETTER = re.compile("[A-Za-z]")
_SOUP_CHAR = re.compile(r"[A-Za-z~^\\{}`]")
# a word: three letters or more with a vowel (frac, Program, Logs, Unit); OCR soup's letter
# fragments (fflZ, lJ, rn, JT) are shorter or have none
_WORD = re.compile("(?<![A-Za-z])(?=[A-Za-z]*[AEIOUYaeiouy])[A-Za-z]{3,}")
# soup counts only on a page whose letters of other scripts (Han) are fewer than this share of it
_SOUP_OTHER_SHARE = 0.1
_URL_LIKE = re.compile(r"://|@|\bwww\.", re.I)
_GARBAGE_SHARE = 0.5  # more junk than this share of a page's junk and letters: the page's layer is no text
_GARBAGE_MIN = 20  # junk characters a page needs before it is judged: a few symbol-font boxes are no garbage


# pdfminer's stand-in for a glyph its font maps to no character
_UNMAPPED = re.compile(r"\(cid:\d+\)")
# More unmapped glyphs than this share of a page's: the page is no text. Less is readable words
# around a symbol font's boxes and ticks (a 申报材料核对表's 有/无 columns are a quarter of its glyphs)
_UNMAPPED_SHARE = 0.5
_SCAN_SHARE = 0.5  # images over at least this share of a page with only a stamp on it: a scanned page
# what is stamped on a scanned page, one line: a page number (`- 3 -`, `—3—`, `第3页`, `第3页 共10页`,
# `3/10`, `Page 3 of 10`, `3`) or a date (`2023-05-06`, `2023年5月6日`)
_STAMP_LINES = 3
_N = r"[0-9０-９〇零一二三四五六七八九十百]+"
_STAMP = re.compile(
    rf"[-—–－~·\s]*(?:(?:第\s*{_N}\s*页)?\s*(?:共\s*{_N}\s*页)?|{_N}(?:\s*/\s*{_N})?"
    rf"|(?i:page)\s*{_N}(?:\s*(?i:of)\s*{_N})?"
    rf"|\d{{4}}\s*[-./年]\s*\d{{1,2}}\s*[-./月]\s*\d{{1,2}}\s*日?)[-—–－~·\s]*")
_MAPPED_MIN = 5  # fewer mapped characters than this on a page with unmapped glyphs: nothing to read
