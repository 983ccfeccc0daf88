"""OCR of scanned PDFs and page images: RapidOCR (PP-OCR models in the wheel) or Tesseract.

    engine() -> "rapidocr" | "tesseract" | ""      what `pip install policywatch[ocr]` / apt enabled
    ocr_pdf(body, url=...) -> ExtractedDocument     every page rendered (pypdfium2) and recognised
    ocr_pdf_pages(body, url=..., pages=(2, 5)) -> (ExtractedDocument, ...)   those pages, each on its own
    ocr_image(body, url=...) -> ExtractedDocument   one PNG/JPEG/GIF/TIFF/BMP image

RapidOCR is preferred: on our rendered seed pages it makes a third of Tesseract's character
errors (benchmarks/ocr.py), and its errors are mostly punctuation variants the comparison key
folds anyway, where Tesseract confuses characters (宁→末, 京→乐). Tesseract (Debian
tesseract-ocr + tesseract-ocr-chi-sim) is the fallback when only it is installed.

Recognised boxes go through `reflow` like OFD text objects, so printed lines are joined into
paragraphs, and through `tidy_line`, which undoes what OCR engines do to Chinese text (spaces
between characters, O and l among digits). The result carries `metadata.text_source =
"ocr:<engine>"`, stored with the version, so a reader of a change knows the text was recognised.
These functions are meant to run in the bounded extraction child: models and page bitmaps are big.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract import reflow
from policywatch.extract.reflow import Run
from policywatch.model import ExtractedDocument

__all__ = ["ENGINES", "OCR_DPI", "engine", "ocr_image", "ocr_pdf", "ocr_pdf_pages", "page_text", "recognise", "tidy_line"]

logger = logging.getLogger(__name__)

ENGINES = ("rapidocr", "tesseract")
OCR_DPI = 200  # benchmarks/ocr.py: as accurate as 300 dpi on our pages, at about half the CPU
MAX_OCR_PAGES = 300  # a scanned attachment longer than this is a book, not a policy
MAX_PIXELS = 60_000_000  # one page image (a 600-dpi A3 scan is ~70 MP): larger is refused
TESSERACT_TIMEOUT = 120  # seconds per page
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}0-9])|(?<=[{_CJK}0-9])\s+(?=[{_CJK}])")
_O_IN_DIGITS = re.compile(r"(?<=\d)[Oo](?=\d)|(?<=\d)[Oo](?=[年月日号条])")
_L_IN_DIGITS = re.compile(r"(?<=\d)[lI|](?=\d)")


@functools.cache
def engine() -> str:
    """The OCR engine this installation has: rapidocr, else tesseract with Chinese data, else ''."""
    forced = os.environ.get("POLICYWATCH_OCR_ENGINE", "")  # benchmarks compare both engines
    if forced:
        return forced if forced in ENGINES and _has(forced) else ""
    return next((name for name in ENGINES if _has(name)), "")


def _has(name: str) -> bool:
    if name == "rapidocr":
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None
    return shutil.which("tesseract") is not None and "chi_sim" in _tesseract_languages()


@functools.cache
def _tesseract_languages() -> str:
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout


def ocr_pdf(body: bytes, *, url: str, limits: ExtractSettings | None = None,
            pages: tuple[int, ...] = ()) -> ExtractedDocument:
    """Render every page of a scanned PDF (or only `pages`, numbered from 1) at OCR_DPI and recognise it."""
    name = _engine_or_error(url)
    return _document(list(_recognised_pages(body, url=url, name=name, pages=pages)), url=url, fmt="pdf", name=name)


def ocr_pdf_pages(body: bytes, *, url: str, limits: ExtractSettings | None = None,
                  pages: tuple[int, ...] = ()) -> tuple[ExtractedDocument, ...]:
    """Each of `pages` (numbered from 1) recognised on its own, in one pass over the file: the
    pages a text PDF left out, read in one OCR call (the engine's models load once, the file is
    opened once) and each put back in its own place by the caller. A page OCR finds no text on
    is a needs_ocr document saying so."""
    name = _engine_or_error(url)
    return tuple(_document([runs], url=url, fmt="pdf", name=name)
                 for runs in _recognised_pages(body, url=url, name=name, pages=pages))


def _recognised_pages(body: bytes, *, url: str, name: str, pages: tuple[int, ...]) -> Iterator[list[Run]]:
    """The recognised runs of every page (or of `pages`, in that order), one page at a time."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(body)
    except pypdfium2.PdfiumError as exc:
        raise ExtractError(f"{url}: not a readable PDF: {exc}") from None
    try:
        count = len(document)
        if count > MAX_OCR_PAGES:
            raise ExtractError(f"{url}: {count} scanned pages, more than the {MAX_OCR_PAGES} OCR reads")
        if any(not 1 <= number <= count for number in pages):
            raise ExtractError(f"{url}: no page {max(pages)} in a PDF of {count} page(s)")
        for index in [number - 1 for number in pages] if pages else range(count):
            page = document[index]
            width, height = page.get_size()
            scale = OCR_DPI / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (width * height)) ** 0.5
            runs = recognise(page.render(scale=scale, grayscale=True).to_pil(), name)
            page.close()
            yield runs
    finally:
        document.close()


def ocr_image(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Recognise one image attachment (every frame of a multi-page TIFF)."""
    name = _engine_or_error(url)
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's decompression-bomb guard, at our limit
    try:
        with Image.open(io.BytesIO(body)) as image:
            frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)][:MAX_OCR_PAGES]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractError(f"{url}: not a readable image: {exc}") from None
    return _document([recognise(frame, name) for frame in frames], url=url, fmt="image", name=name)


def recognise(image: Any, name: str | None = None) -> list[Run]:
    """The text boxes of one page image (PIL, any mode) as positioned runs, in pixels."""
    name = name or engine()
    if name == "rapidocr":
        return _rapidocr(image)
    if name == "tesseract":
        return _tesseract(image)
    raise ExtractError("no OCR engine installed")


def tidy_line(text: str) -> str:
    """Undo OCR habits on Chinese text: spaces between characters, O and l among digits."""
    text = _SPACE_IN_CJK.sub("", text.strip())
    text = _O_IN_DIGITS.sub("0", text)
    return _L_IN_DIGITS.sub("1", text)


def _engine_or_error(url: str) -> str:
    name = engine()
    if not name:
        raise ExtractError(f"{url}: OCR needs `pip install policywatch[ocr]` (RapidOCR) or "
                           "`apt-get install tesseract-ocr tesseract-ocr-chi-sim`")
    return name


def page_text(pages: list[list[Run]]) -> str:
    """Recognised boxes of every page as text: lines rebuilt, paragraphs joined, OCR habits undone."""
    return "\n".join(tidy_line(line) for line in reflow.paragraphs([reflow.lines(runs) for runs in pages]))


def _document(pages: list[list[Run]], *, url: str, fmt: str, name: str) -> ExtractedDocument:
    text = page_text(pages)
    source = f"ocr:{name}"
    if not text.strip():
        reason = f"OCR ({name}) found no text on {len(pages)} page(s)"
        return ExtractedDocument(url=url, format=fmt, text="", needs_ocr=True, warnings=(reason,),
                                 metadata=replace(meta.from_text(""), text_source=source))
    logger.info("%s: text of %d page(s) recognised by %s", url, len(pages), name)
    return ExtractedDocument(url=url, format=fmt, text=text,
                             metadata=replace(meta.from_text(text), text_source=source),
                             warnings=(f"text recognised by OCR ({name})",))


@functools.cache
def _rapid() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # One intra-op thread: the machine's other cores belong to the crawler and other children.
    # No per-line angle classifier: it turns lines that start with a comma upside down (a seed
    # page went from 0.4% to 12% CER with it); a scanner feeds pages upright.
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)


def _rapidocr(image: Any) -> list[Run]:
    import numpy

    result, _ = _rapid()(numpy.asarray(image.convert("RGB")))
    runs = []
    for box, text, _score in result or []:
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        height = max(ys) - min(ys)
        if text.strip():
            runs.append(Run(text.strip(), max(ys), min(xs), max(xs), max(height, 1.0)))
    return runs


def _tesseract(image: Any) -> list[Run]:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                              input=buffer.getvalue(), capture_output=True, timeout=TESSERACT_TIMEOUT,
                              check=False, env=env)
    except subprocess.TimeoutExpired:
        raise ExtractError(f"tesseract did not finish a page within {TESSERACT_TIMEOUT} s") from None
    if done.returncode != 0:
        raise ExtractError(f"tesseract failed: {done.stderr.decode('utf-8', 'replace').strip()[-200:]}")
    # TSV rows: level page block par line word left top width height conf text; a run per line
    lines: dict[tuple[str, str, str], list[tuple[float, float, float, float, str]]] = {}
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            left, top, width, height = (float(v) for v in cells[6:10])
            lines.setdefault((cells[2], cells[3], cells[4]), []).append((left, top, width, height, cells[11].strip()))
    runs = []
    for words in lines.values():
        heights = sorted(word[3] for word in words)
        runs.append(Run(" ".join(word[4] for word in words), max(word[1] + word[3] for word in words),
                        min(word[0] for word in words), max(word[0] + word[2] for word in words),
                        max(heights[len(heights) // 2], 1.0)))
    return runs
