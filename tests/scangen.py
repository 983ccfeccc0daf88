"""Scanned pages for OCR tests and benchmarks: seed text set with a CJK font, rasterised like a scanner.

reportlab sets the text (WenQuanYi Micro Hei, the font Debian's fonts-wqy-microhei installs),
pypdfium2 rasterises the page at a chosen resolution, Pillow adds what a scanner adds (a slight
rotation, grain, a little blur), and the image goes back into a PDF with no text layer.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
LEFT, TOP, SIZE, LEADING = 60.0, 70.0, 15.0, 26.0
PER_LINE = int((PAGE_W - 2 * LEFT) // SIZE)


def font_available() -> bool:
    return FONT.exists()


def wrap(paragraphs: list[str], per_line: int = PER_LINE) -> list[str]:
    """Paragraphs cut into printed lines (Chinese wraps anywhere)."""
    lines: list[str] = []
    for paragraph in paragraphs:
        for start in range(0, len(paragraph), per_line):
            lines.append(paragraph[start : start + per_line])
    return lines


def text_pdf(lines: list[str]) -> bytes:
    """A born-digital PDF (with a text layer) of the given printed lines, as many pages as needed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", str(FONT), subfontIndex=0))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H))
    y = PAGE_H - TOP
    for line in lines:
        if y < TOP:
            pdf.showPage()
            y = PAGE_H - TOP
        pdf.setFont("wqy", SIZE)
        pdf.drawString(LEFT, y, line)
        y -= LEADING
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def rasterise(pdf: bytes, dpi: int) -> list:  # list[PIL.Image.Image]
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


def text_band(image, lines: int):
    """The top of a rendered page down to just below its `lines` printed lines (OCR costs pixels)."""
    bottom = (TOP + lines * LEADING + SIZE) / PAGE_H
    return image.crop((0, 0, image.width, min(image.height, int(image.height * bottom))))


def scanner_damage(image, *, seed: int = 1, angle: float = 0.8, grain: int = 28, blur: float = 0.6):
    """What a desk scanner does to a page: a slight skew, grain and softness."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    rotated = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    noise = Image.effect_noise(rotated.size, grain)
    # effect_noise is centred on 128: shift it so it darkens and lightens around the page tone
    blended = Image.blend(rotated, noise, 0.12 + rng.random() * 0.02)
    return blended.filter(ImageFilter.GaussianBlur(blur)).point(lambda v: min(255, int(v * 1.1)))


def image_pdf(images: list, dpi: int) -> bytes:
    """A PDF whose pages are only the given images (no text layer): a scan."""
    buffer = io.BytesIO()
    first, *rest = [image.convert("RGB") for image in images]
    first.save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=rest)
    return buffer.getvalue()


def png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def fold(text: str) -> str:
    """NFKC without whitespace: what a character error rate is counted on."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def cer(truth: str, text: str) -> float:
    """Character error rate of `text` against `truth`."""
    return levenshtein(fold(truth), fold(text)) / max(len(fold(truth)), 1)
