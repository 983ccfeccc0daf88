"""Noisy copies of a text, as other extractors or sites would produce them, for invariant tests.

Every helper keeps the wording and changes only layout, spacing, widths or punctuation style,
so each must leave the comparison key unchanged. `real_edit` changes one digit of a fact.
"""

from __future__ import annotations

import random
import re
import unicodedata

HAN = "\u4e00-\u9fff"
_PROTECTED = re.compile(r"https?://\S+|www\.\S+|</?[a-z]+>|\S+@\S+")
_CJK_ALNUM = re.compile(f"(?<=[{HAN}])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[{HAN}])")
_PUNCT_EDGE = re.compile(r"(?<=[，；：])(?=\S)|(?<=\S)(?=[，。；])")

TO_HALF = str.maketrans("，（）：；！？", ",():;!?")
TO_FULL = str.maketrans(",():;!?", "，（）：；！？")
ALNUM_TO_FULL = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "".join(chr(0xFF10 + i) for i in range(10))
    + "".join(chr(0xFF21 + i) for i in range(26))
    + "".join(chr(0xFF41 + i) for i in range(26)),
)


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _outside_protected(text: str, change) -> str:
    """Apply `change` to the text between URLs, tags and e-mail addresses only."""
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(change(text[last:match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(change(text[last:]))
    return "".join(out)


def _cols(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _cut(para: str, width: int) -> list[str]:
    """Cut a paragraph into rows `width` Chinese characters wide, as a PDF page edge does."""
    rows, row, used = [], [], 0
    for ch in para:
        if used + _cols(ch) > 2 * width:
            rows.append("".join(row))
            row, used = [], 0
        row.append(ch)
        used += _cols(ch)
    rows.append("".join(row))
    return rows


def rewrap_rows(text: str, width: int, rng: random.Random, page_every: int = 0,
                bare: bool = False) -> str:
    """Lay paragraphs out as pdftotext does (000): rows of `width` characters, a blank line
    after each, a trailing space on the row ending a paragraph, a leading space on page starts
    and a page-number row between paragraphs now and then. `bare` lays them out as pdfplumber
    does: no blank lines and nothing marking the row that ends a paragraph."""
    rows: list[str] = []
    page = 1
    for para in paragraphs(text):
        if "\t" in para:  # table rows are not wrapped by the PDF layout
            rows.append(para.rstrip(" ") + ("" if bare else " "))
            continue
        chunks = [c.strip() for c in _cut(para, width) if c.strip()]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            lead = " " if page_every and rng.randrange(page_every) == 0 and not chunk[0].isdigit() \
                else ""
            rows.append(lead + chunk + (" " if last and not bare else ""))
        # a bare page number after a near page-wide row would read as that row's tail
        short_end = sum(map(_cols, chunks[-1])) < 2 * width - 6
        if page_every and rng.randrange(page_every) == 0 and (short_end or not bare):
            page += 1
            rows.append(str(page) if bare else f" {page} ")
    return ("\n" if bare else "\n\n").join(rows) + "\n"


def respace(text: str, rng: random.Random) -> str:
    """Add PDF-style spaces: between Chinese and digits or Latin, and next to punctuation."""

    def change(piece: str) -> str:
        piece = _CJK_ALNUM.sub(lambda _m: " " * rng.randint(0, 1), piece)
        return _PUNCT_EDGE.sub(lambda _m: " " * (rng.random() < 0.3), piece)

    return "\n".join(
        _outside_protected(line, change) if "\t" not in line else line
        for line in text.split("\n")
    )


def swap_width(text: str, rng: random.Random) -> str:
    """Swap punctuation widths per paragraph, the way a web copy (003) differs from a PDF (002);
    sometimes make digits and Latin letters full-width too."""
    out = []
    for line in text.split("\n"):
        table = rng.choice([TO_HALF, TO_FULL])
        full_alnum = rng.random() < 0.3

        def change(piece: str, table=table, full_alnum=full_alnum) -> str:
            piece = piece.translate(table)
            return piece.translate(ALNUM_TO_FULL) if full_alnum else piece

        out.append(_outside_protected(line, change))
    return "\n".join(out)


def repunctuate(text: str, rng: random.Random) -> str:
    """Change punctuation style: quote marks, range dashes, doc-number brackets, doubled 。."""
    quotes = rng.choice([("「", "」"), ('"', '"'), ("『", "』")])
    text = re.sub(r"“([^“”\n]*)”", lambda m: quotes[0] + m.group(1) + quotes[1], text)
    dash = rng.choice(["—", "~", "～", "至", "-"])
    text = re.sub(r"(?<=\d)[-—~～](?=\d)", dash, text)
    brackets = rng.choice([("[", "]"), ("（", "）"), ("【", "】"), ("〔", "〕")])
    text = re.sub(r"〔(\d{4})〕(?=\d{1,4}\s*号)", lambda m: brackets[0] + m.group(1) + brackets[1],
                  text)
    return re.sub("。", lambda _m: "。。" if rng.random() < 0.05 else "。", text)


FACT_RE = re.compile(r"\d+(?=\s*(?:万元|亿元|年|%|家|个|人))")


def fact_sites(display: str) -> list[tuple[int, int]]:
    return [m.span() for m in FACT_RE.finditer(display)]


def real_edit(display: str, site: tuple[int, int], rng: random.Random) -> str:
    """Change one digit of a fact (1000万元 → 1500万元, 2025年 → 2026年)."""
    start, end = site
    pos = rng.randrange(start, end)
    old = display[pos]
    new = rng.choice([d for d in "0123456789" if d != old])
    return display[:pos] + new + display[pos + 1:]
