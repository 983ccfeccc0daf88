"""Bytes to text for Chinese government pages: BOM, declared charsets, strict tries, detector.

Order (issue 3): a forced charset from config; a BOM (a UTF-8 BOM only when the bytes after it
are UTF-8: templates glue one in front of GBK pages); the HTTP charset and the ``<meta>``
(or XML declaration) charset, where the one that decodes strictly wins and the meta wins a
tie; strict UTF-8; strict GB18030; strict Big5 (only after a GB18030 reading that looks like
Big5 read as GB: a wrong gbk label); charset-normalizer last. gb2312 and gbk are always read as
gb18030, a superset: GB2312-labelled pages routinely contain GBK-only characters (镕, 堃, 珺).
A candidate that decodes strictly but reads as mojibake is passed over; text that still holds
U+FFFD or looks like mojibake comes back with ``ok=False`` and is never a version.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from policywatch.charsets import normalize_charset
from policywatch.lazyre import LazyRegex

__all__ = ["Decoded", "decode_body", "find_meta_charset", "gbk_cells_repaired", "gbk_repaired", "latin_as_gbk", "latin_mojibake", "looks_like_mojibake", "normalize_charset"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Meta and XML-declaration charsets are looked for in the first KBs only, as browsers do.
_META_WINDOW = 4096
_META_RE = LazyRegex(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_RE = LazyRegex(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Latin-1 letters and C1 controls: what UTF-8 or GBK bytes read as Latin-1/cp1252 turn into.
# Chinese text has almost none; punctuation such as “ ” · × is deliberately not counted. They
# are counted as bytes: the text's characters below U+0100, encoded, less every other byte
# (two C passes instead of a regex scan of the whole text, a fifth of its cost).
_LATIN_MOJIBAKE = bytes([*range(0x80, 0xA0), *range(0xC0, 0xD7), *range(0xD8, 0xF7), *range(0xF8, 0x100)])
_NOT_LATIN_MOJIBAKE = bytes(b for b in range(256) if b not in _LATIN_MOJIBAKE)
# a run of non-ASCII bytes, a GBK lead byte taking its trail byte along even when that is ASCII (镕 is E9 46)
_NON_ASCII_RUN = LazyRegex(rb"(?:[\x81-\xfe][\x40-\x7e]|[\x80-\xff])+")
# the few characters below U+2000 Chinese text uses (1366×768, 第1·2款, 30°, ±5%, §)
_CJK_LATIN1 = frozenset("×÷·°±§¨")
# a run of characters that are single bytes of a Latin code page above ASCII: Latin-1's (no
# NBSP) and the cp1252 signs on 0x80-0x9F (… Ž ‚ “ ™): what each Chinese character read through
# such a code page becomes, two (GBK) or three (UTF-8) at a time
_LATIN_RUN = LazyRegex("[\u0080-\u009f\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")
_CONTROL_RE = LazyRegex("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What Big5 bytes turn into when read as GBK/GB18030: Big5's commonest characters (一 不 中 人
# 大 上, then 的 在 …, sorted by stroke count) sit on lead bytes A4, A5 and AA-AF, which GB2312
# gives to hiragana and katakana and GBK to its user-defined (private-use) rows. A wrong gbk
# label on a Big5 page decodes without a single error but reads 材兵 玃秈セカ…; Chinese text in
# GBK has next to none of them. Greek, Cyrillic and box drawing (rows A6, A7, A9) are no sign:
# GB2312 pages use them (μg/m3, α系数, ┌─┐ tables), and a GB page that avoids the few GB2312
# characters Big5 cannot decode reads error-free as Big5, μ (A6CC) becoming 米 (the Big5 reading
# of a real GB air-quality table won over its own meta charset).
_BIG5_SIGNS_IN_GB = LazyRegex("[\u3040-\u30ff\ue000-\uf8ff]")
# The same check the other way: real Big5 text has no kana (ETEN rows C6-C7), bopomofo (A374-A3BA)
# or user-defined characters, which GB bytes read as Big5 are full of (゜ ㄩ in 控儔庈諾げ窐講゜惆)
_UNLIKELY_IN_BIG5 = LazyRegex("[\u3040-\u30ff\u3100-\u312f\ue000-\uf8ff]")
# A GB reading with at least this many signs (and this share of its non-ASCII characters) is
# compared with the Big5 reading of the same bytes
_UNLIKELY_FLOOR = 5
_UNLIKELY_SHARE = 0.05
_BIG5 = "big5hkscs"  # Big5 with the ETEN and Hong Kong extensions (碁, 銹, 恒 …): a superset


class Decoded(NamedTuple):  # not a dataclass: a tenth of the class-creation cost at import
    """Decoded text and how it was obtained; ``ok=False`` means never trust it as a version."""

    text: str
    encoding: str
    rule: str  # forced, bom, http, meta, utf-8, gb18030, big5, mixed, detector, ascii, lossy
    ok: bool = True
    reason: str = ""


def find_meta_charset(body: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag or an XML declaration in the first KBs."""
    head = body[:_META_WINDOW]
    match = _META_RE.search(head) or _XML_DECL_RE.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def looks_like_mojibake(text: str, body: bytes | None = None, encoding: str = "") -> str:
    """Why `text` looks garbled ("" when it does not)."""
    if "\ufffd" in text:
        return f"{text.count(chr(0xFFFD))} replacement characters"
    controls = len(_CONTROL_RE.findall(text[:20000]))
    if controls > 3:
        return f"{controls} control characters"
    latin, non_ascii = _latin_letters(text)
    if _latin_heavy(latin, non_ascii):
        return f"{latin} Latin-1 letters among {non_ascii} non-ASCII characters"
    if body is not None and encoding == "gb18030" and non_ascii >= 4 and _is_utf8_multibyte(body):
        # Real GBK text with several Chinese characters is almost never valid UTF-8 too;
        # valid UTF-8 read as GB18030 gives the familiar 鍙戝竷 garble.
        return "UTF-8 bytes read as GB18030"
    if body is not None and encoding == "gb18030" and _big5_reads_better(text[:20000], body[:40000], non_ascii):
        return "Big5 bytes read as GB18030"
    return ""


def _latin_letters(text: str) -> tuple[int, int]:
    """(Latin-1 letters and C1 controls, non-ASCII characters) in `text`."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return len(text.encode("latin-1", "ignore").translate(None, _NOT_LATIN_MOJIBAKE)), non_ascii


def _latin_heavy(latin: int, non_ascii: int) -> bool:
    """Whether a text with `latin` Latin-1 letters among `non_ascii` non-ASCII characters (see
    _latin_letters) reads as mojibake by them: enough of them, and a fair share of the rest."""
    return latin >= 8 and latin * 10 >= non_ascii * 3


def latin_mojibake(text: str) -> tuple[str, int]:
    """`text` without its UTF-8 or GBK bytes read through a Latin code page (å…³äºŽ for 关于,
    µÚÒ»Ìõ for 第一条), and how many characters that took out: in each line that
    looks_like_mojibake by its Latin-1 letters, the runs of two or more Latin-1/cp1252 characters
    above ASCII. Every Chinese character so read is such a run; a Western word has its accented
    letters one by one among ASCII ones (Développement, Fußgängerübergänge), or at most two
    together against its ASCII letters (Größe, gemäß, «École»: see _western_run), and a Chinese
    line's few signs below U+0100 (×, ·, °, m²) are too few for the line to look like mojibake."""
    lines = text.split("\n")
    count = 0
    for at, line in enumerate(lines):
        if _latin_heavy(*_latin_letters(line)):
            runs = [run for run in _LATIN_RUN.finditer(line) if not _western_run(line, run.start(), run.end())]
            for run in reversed(runs):
                line = line[: run.start()] + " " + line[run.end() :]
            lines[at] = line
            count += sum(run.end() - run.start() for run in runs)
    return "\n".join(lines), count


def _western_run(line: str, start: int, end: int) -> bool:
    """Whether line[start:end], a run of Latin-1 characters, is part of a Western word: one or two
    letters touching an ASCII letter (öß in Größe, äß in gemäß, «É in «École»). Counting those as
    mojibake made a sparse German or French page (a list of names, a glossary) look like garbage;
    a Chinese character read through a Latin code page is a longer run, or one of signs (¼¶ for 级),
    and a line of mojibake has many more, so sparing these misses none."""
    letters = sum(map(str.isalpha, line[start:end]))
    touches = (start > 0 and line[start - 1].isascii() and line[start - 1].isalpha()) or (
        end < len(line) and line[end].isascii() and line[end].isalpha())
    return 1 <= letters <= 2 and bool(touches)


def _big5_reads_better(text: str, body: bytes, non_ascii: int) -> bool:
    """The GB18030 reading `text` of `body` is full of kana and private-use characters, and the
    Big5 reading of the same bytes decodes strictly with far fewer kana, bopomofo and private-use
    characters of its own: a Big5 page labelled gbk or gb2312. Judged on the first tens of KB (a
    prefix cut inside a character decodes with `ignore` at its end only)."""
    signs = len(_BIG5_SIGNS_IN_GB.findall(text))
    if signs < _UNLIKELY_FLOOR or signs < _UNLIKELY_SHARE * min(non_ascii, len(text)):
        return False
    try:
        big5 = codecs.getincrementaldecoder(_BIG5)().decode(body)  # not final: a cut character waits
    except UnicodeDecodeError:
        return False
    return 4 * len(_UNLIKELY_IN_BIG5.findall(big5)) < signs


def decode_body(body: bytes, *, http_charset: str | None, forced: str = "") -> Decoded:
    """Decode raw bytes in the issue's order and say which rule won.

    >>> decode_body("镕".encode("gbk"), http_charset="gb2312").text
    '镕'
    """
    if forced:
        codec = normalize_charset(forced)
        if codec is None:
            return _lossy(body, f"forced charset {forced!r} is unknown")
        return _judge(body, codec, "forced")
    for bom, codec in _BOMS:
        if body.startswith(bom):
            by_bom = _judge(body, codec, "bom")
            if by_bom.ok or codec != "utf-8-sig":
                return by_bom
            # A UTF-8 BOM before bytes that are not UTF-8: an editor or CMS template put it in
            # front of a GBK page. The declarations and strict tries below read the rest.
            body = body[len(bom) :]
            break
    if body.isascii():
        return Decoded(body.decode("ascii"), "ascii", "ascii")
    for codec, rule in _candidates(body, http_charset):
        text = _strict(body, codec)
        if text is not None and not looks_like_mojibake(text, body, codec):
            return Decoded(text, codec, rule)
    return _cut_short(body) or _mixed(body) or _detect(body)


def _cut_short(body: bytes) -> Decoded | None:
    """A UTF-8 body that ends inside a character: a download or copy cut short. Refused, not
    read: the mixed-encoding reading took its last run for GB18030 and turned 100万元。 into
    100涓囧厓銆, a change that is not in the document."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # everything before the cut is UTF-8
            return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "lossy", ok=False,
                           reason="UTF-8 cut short inside its last character")
    return None


def _mixed(body: bytes) -> Decoded | None:
    """A page in two encodings, run by run: a GBK page whose footer or sidebar a site group
    includes in UTF-8 (or the reverse). Each run of non-ASCII bytes is UTF-8 when it decodes so
    into CJK characters and punctuation (a GBK pair that happens to be valid UTF-8 gives Hebrew,
    Cyrillic or Latin letters instead), else GB18030; None when a run is neither, or the page is
    in one encoding after all (then it is no mixed page)."""
    parts: list[str] = []
    used: set[str] = set()
    at = 0
    for run in _NON_ASCII_RUN.finditer(body):
        parts.append(body[at:run.start()].decode("ascii"))
        chunk = run.group()
        text = _strict(chunk, "utf-8")
        codec = "utf-8"
        if text is None or any(0x80 <= ord(c) < 0x2000 and c not in _CJK_LATIN1 for c in text):
            text, codec = _strict(chunk, "gb18030"), "gb18030"
        if text is None:
            return None
        parts.append(text)
        used.add(codec)
        at = run.end()
    parts.append(body[at:].decode("ascii", errors="replace"))
    text = "".join(parts)
    if len(used) < 2 or looks_like_mojibake(text):
        return None
    return Decoded(text, "gb18030+utf-8", "mixed")


def _candidates(body: bytes, http_charset: str | None) -> list[tuple[str, str]]:
    """Encodings to try, in order; declared ones first, a strictly-decoding declaration first."""
    http = normalize_charset(http_charset)
    meta = normalize_charset(find_meta_charset(body))
    declared: list[tuple[str, str]] = []
    if http and meta and http != meta:
        http_ok = _strict(body, http) is not None
        meta_ok = _strict(body, meta) is not None
        # The one that decodes strictly wins; on a tie (both or neither) the meta does.
        declared = [(http, "http"), (meta, "meta")] if http_ok and not meta_ok else [(meta, "meta"), (http, "http")]
    elif meta:
        declared = [(meta, "meta")]
    elif http:
        declared = [(http, "http")]
    # Big5 last: only a page whose GB18030 reading looks_like_mojibake (Big5 bytes labelled gbk)
    # comes to it, before the detector would guess
    fallbacks = [("utf-8", "utf-8"), ("gb18030", "gb18030"), (_BIG5, "big5")]
    return declared + [f for f in fallbacks if f[0] not in {d[0] for d in declared}]


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _judge(body: bytes, codec: str, rule: str) -> Decoded:
    """Decode with a charset that must be used (BOM or forced), reporting damage honestly."""
    text = _strict(body, codec)
    if text is None:
        text = body.decode(codec, errors="replace")
    reason = looks_like_mojibake(text)
    return Decoded(text, codec, rule, ok=not reason, reason=reason)


def _detect(body: bytes) -> Decoded:
    """charset-normalizer's best guess, the last resort."""
    from charset_normalizer import from_bytes  # imported lazily: slow to import, rarely needed

    best = from_bytes(body[:200_000]).best()
    if best is None or not best.encoding:
        return _lossy(body, "no charset decodes this body")
    codec = normalize_charset(best.encoding) or best.encoding
    text = _strict(body, codec)
    if text is None:
        return _lossy(body, f"detector guessed {codec}, which does not decode the whole body")
    reason = looks_like_mojibake(text, body, codec)
    return Decoded(text, codec, "detector", ok=not reason, reason=reason)


def _lossy(body: bytes, reason: str) -> Decoded:
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "lossy", ok=False, reason=reason)


def _is_utf8_multibyte(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def gbk_repaired(text: str) -> tuple[str, int]:
    """`text` with its lines of GBK-read-as-Latin mojibake re-read as GBK, and how many were: what a
    PDF's one-byte font without ToUnicode gives for Chinese, and a BIFF5 workbook whose code page
    is absent or says 1252 (LibreOffice reads its bytes as Latin-1)."""
    if not looks_like_mojibake(text):
        return text, 0
    lines = text.split("\n")
    repaired = [_as_gbk(line) for line in lines]
    return "\n".join(new or old for new, old in zip(repaired, lines, strict=True)), sum(map(bool, repaired))


def gbk_cells_repaired(texts: list[str], *, codec: str = "") -> tuple[list[str], int]:
    """The texts of one file whose strings all went through one code page (a BIFF5 workbook's
    sheets, lines of tab-separated cells), every cell re-read as GBK when their cells of Latin
    codes, judged together as _as_gbk judges a line, are GBK read through a Latin code page; and
    how many lines that changed. Judged line by line, a row of a short name or two (东城区 is
    six Latin-1 characters, ¶«³ÇÇø) is too short to tell from Latin text and stayed mojibake
    beside the rows repaired; a Western workbook's accented words are no GBK as a whole.
    `codec`: the one-byte code page the strings went through when it is no Windows Latin one
    (mac-roman: a workbook labelled Mac Roman, 北京 read as ±±æ©); see latin_as_gbk."""
    cells = [cell for text in texts for line in text.split("\n") for cell in line.split("\t")]
    codes = [seen for cell in cells if not cell.isascii() and latin_as_gbk(seen := as_latin_codes(cell, codec)) is not None]
    if not codes or _as_gbk(" ".join(codes)) is None:
        return texts, 0
    changed = 0
    repaired = []
    for text in texts:
        lines = text.split("\n")
        for at, line in enumerate(lines):
            lines[at] = "\t".join(cell if cell.isascii() else latin_as_gbk(as_latin_codes(cell, codec)) or cell
                                  for cell in line.split("\t"))
            changed += lines[at] != line
        repaired.append("\n".join(lines))
    return repaired, changed


def _as_gbk(line: str) -> str | None:
    """The line's characters as the one-byte codes they were drawn with (Latin-1, or cp1252 for
    0x80-0x9F), decoded as GBK; None unless the line reads as mojibake itself (a line of real
    Latin text, `Müller`, is left alone) and that gives Chinese text that is not mojibake."""
    if not looks_like_mojibake(line):
        return None
    decoded = latin_as_gbk(line)
    if decoded is None:
        return None
    raw = _latin_codes(line)
    if raw.isascii() or looks_like_mojibake(decoded) or not any("\u4e00" <= ch <= "\u9fff" for ch in decoded):
        return None
    # GBK text's characters are pairs of high bytes (µÚ for 第, B5 DA); a pair whose trail byte is
    # an ASCII letter (镕, E9 46) is rare. Accented Latin text is the other way round: each é or
    # ó is followed by a letter, and GBK reads the two as one character (Développement →
    # D関eloppement, E9 76 → 関): a line with more than a few such pairs is Latin text, left alone.
    pairs = _GBK_PAIR.findall(raw)
    ascii_trails = sum(pair[1] < 0x80 for pair in pairs)
    if ascii_trails * _ASCII_TRAIL_RATIO > len(pairs) - ascii_trails:
        return None
    return decoded


def latin_as_gbk(text: str) -> str | None:
    """`text` read as GBK bytes that went through a Latin code page (Latin-1, or cp1252 for
    0x80-0x9F), or None when its characters are no such codes or the codes are no GBK. Checks
    nothing else: for a short name (a sheet's) of a file whose text is known to be GBK so read."""
    try:
        return _latin_codes(text).decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def as_latin_codes(text: str, codec: str) -> str:
    """`text`, read through the one-byte code page `codec` (mac-roman), as the same bytes read
    through Latin-1: what the GBK judgement of Latin mojibake reads. `text` as it is for "" (a
    Windows Latin code page already) or when it holds a character `codec` has no byte for."""
    if not codec:
        return text
    try:
        return text.encode(codec).decode("latin-1")
    except UnicodeEncodeError:
        return text


def _latin_codes(text: str) -> bytes:
    return bytes(ord(ch) if ord(ch) < 256 else ch.encode("cp1252")[0] for ch in text)


# a GBK two-byte character as the decoder takes it, left to right
_GBK_PAIR = LazyRegex(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]")
# a line re-read as GBK has at least this many high-byte pairs per pair with an ASCII trail byte
_ASCII_TRAIL_RATIO = 4
