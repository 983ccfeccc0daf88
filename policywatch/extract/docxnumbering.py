"""Word's automatic numbering: the marker a numbered paragraph shows but does not hold.

A paragraph numbered by Word or WPS (w:numPr, directly or through its style) holds only its
words; `第%1条`, `%1、` or `（%1）` come from numbering.xml, with the number counted over the
document. Without it an article `第三条 …` reads as `…` and the clause tree collapses.

Counting follows Word: a list instance (w:num) points at a definition (w:abstractNum) and
instances of one definition share its counters; an instance's w:startOverride restarts its
level the first time the instance is used; a level restarts after a paragraph at a higher
level (or after the level its w:lvlRestart names; 0: never). A level's w:lvl may be replaced
by the instance (w:lvlOverride/w:lvl). w:isLgl writes every number of the level's text in
Arabic digits (`1.2` under `第一章`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from policywatch.grammar.numerals import (
    format_chinese,
    format_chinese_capital,
    format_chinese_digits,
    format_circled,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VAL = _W + "val"
_MAX_LEVELS = 9


@dataclass(frozen=True)
class Level:
    """One w:lvl: how a level counts and what it shows."""

    start: int = 0  # the spec's default when w:start is absent
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart (1-based level; 0 never); None: after any higher level
    legal: bool = False  # w:isLgl
    suffix: str = " "  # what follows the marker: a tab (the default) or a space read as a space
    bullet: bool = False


@dataclass
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # level -> w:startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # level -> w:lvlOverride/w:lvl


def format_number(n: int, fmt: str) -> str:
    """`n` as Word writes it in the number format `fmt` (ST_NumberFormat); an unknown format in
    Arabic digits, as Word falls back."""
    if fmt in _CHINESE_COUNTING:
        return format_chinese(n) if n > 0 else "〇"
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return format_chinese_capital(n, traditional=fmt == "ideographLegalTraditional")
    if fmt == "ideographDigital":
        return format_chinese_digits(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 50:
        return format_circled(n)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)  # ⒈
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3280 + n - 1)  # ㊀
    if fmt == "ideographTraditional" and n >= 1:
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographZodiac" and n >= 1:
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt in ("lowerLetter", "upperLetter") and 1 <= n <= 26 * 20:  # beyond: digits, not a hostile 10⁹ letters
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # 27 → aa, as Word counts
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero" and 0 <= n < 10:
        return f"0{n}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_WIDTH)
    if fmt == "none":
        return ""
    return str(n)


_CHINESE_COUNTING = frozenset({"chineseCounting", "chineseCountingThousand", "japaneseCounting",
                               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"})
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


class Numbering:
    """The numbering definitions of one document and the counters of one reading of it, in
    document order: marker() is called once per paragraph shown, in order."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}  # abstract id -> numbering style (w:numStyleLink)
        self._level_styles: dict[str, tuple[str, int]] = {}  # paragraph style -> (abstract, level)
        self._instances: dict[str, _Instance] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        # paragraph style -> (numId, ilvl), each None when the style does not set it
        self._styles: dict[str, tuple[str | None, int | None]] = {}
        self._based_on: dict[str, str | None] = {}  # paragraph style -> the style it is based on
        self._default_style: str | None = None
        if styles is not None:
            self._read_styles(styles)
        self._counters: dict[str, dict[int, int]] = {}
        self._restart_at: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()

    def _read_numbering(self, root: etree._Element) -> None:
        for abstract in root.iterchildren(_W + "abstractNum"):
            key = abstract.get(_W + "abstractNumId", "")
            self._abstracts[key] = {}
            for lvl in abstract.iterchildren(_W + "lvl"):
                index = int_or(lvl.get(_W + "ilvl"), 0)
                self._abstracts[key][index] = _level(lvl)
                style = lvl.find(_W + "pStyle")
                if style is not None and style.get(_VAL):
                    self._level_styles[style.get(_VAL, "")] = (key, index)
            link = abstract.find(_W + "numStyleLink")
            if link is not None and link.get(_VAL):
                self._style_links[key] = link.get(_VAL, "")
        for num in root.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            instance = _Instance(ref.get(_VAL, ""))
            for override in num.iterchildren(_W + "lvlOverride"):
                index = int_or(override.get(_W + "ilvl"), 0)
                start = override.find(_W + "startOverride")
                if start is not None:
                    instance.starts[index] = int_or(start.get(_VAL), 0)
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    instance.levels[index] = _level(lvl)
            self._instances[num.get(_W + "numId", "")] = instance

    def _read_styles(self, root: etree._Element) -> None:
        for style in root.iterchildren(_W + "style"):
            if style.get(_W + "type") != "paragraph":
                continue
            key = style.get(_W + "styleId", "")
            based = style.find(_W + "basedOn")
            num_id = ilvl = None
            props = style.find(_W + "pPr")
            num_pr = props.find(_W + "numPr") if props is not None else None
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            self._styles[key] = (num_id, ilvl)
            self._based_on[key] = based.get(_VAL) if based is not None else None
            if style.get(_W + "default") in ("1", "true", "on"):
                self._default_style = key

    def marker(self, props: etree._Element | None) -> str:
        """The marker (with the space after it) Word shows before a paragraph with these
        paragraph properties, counting it; "" for a paragraph that is not numbered."""
        num_id = ilvl = style = None
        if props is not None:
            num_pr = props.find(_W + "numPr")
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            style_element = props.find(_W + "pStyle")
            if style_element is not None:
                style = style_element.get(_VAL)
        style = style or self._default_style
        if num_id is None and style is not None:
            num_id, style_ilvl = self._style_numbering(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self._instances:
            return ""  # numId 0: numbering removed from a paragraph whose style has it
        instance = self._instances[num_id]
        abstract = self._abstract_of(instance.abstract)
        if ilvl is None:
            ilvl = self._linked_level(style, abstract)
        ilvl = min(max(ilvl, 0), _MAX_LEVELS - 1)
        return self._advance(num_id, instance, abstract, ilvl)

    def _style_chain(self, style: str | None) -> list[str]:
        return style_chain(style, self._based_on)

    def _style_numbering(self, style: str) -> tuple[str | None, int | None]:
        """numId and ilvl a paragraph style gives (through w:basedOn), the nearest setting each."""
        num_id = ilvl = None
        for current in self._style_chain(style):
            style_num, style_ilvl = self._styles[current]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        return num_id, ilvl

    def _linked_level(self, style: str | None, abstract: str) -> int:
        """The level of `abstract` whose w:pStyle is the paragraph's style or one it is based on
        (a heading style linked to a list level), else the first level."""
        for current in self._style_chain(style):
            linked = self._level_styles.get(current)
            if linked is not None and linked[0] == abstract:
                return linked[1]
        return 0

    def _abstract_of(self, key: str) -> str:
        """The definition that holds the levels: a w:numStyleLink definition defers to the one
        its numbering style's instance points at."""
        seen: set[str] = set()
        while key in self._style_links and key not in seen:
            seen.add(key)
            num_id, _ = self._style_numbering(self._style_links[key])
            if num_id is None or num_id not in self._instances:
                break
            key = self._instances[num_id].abstract
        return key

    def _level(self, instance: _Instance, abstract: str, ilvl: int) -> Level:
        return instance.levels.get(ilvl) or self._abstracts.get(abstract, {}).get(ilvl) or Level()

    def _advance(self, num_id: str, instance: _Instance, abstract: str, ilvl: int) -> str:
        counters = self._counters.setdefault(abstract, {})
        restart_at = self._restart_at.setdefault(abstract, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for index, start in instance.starts.items():
                counters.pop(index, None)
                restart_at[index] = start
        level = self._level(instance, abstract, ilvl)
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = restart_at.pop(ilvl, level.start)
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = self._level(instance, abstract, deeper).restart
            if restart is None or restart > deeper:
                restart = deeper
            if ilvl < restart:
                counters.pop(deeper, None)
        if level.bullet:
            text = level.text
            # a bullet drawn from a symbol font is a private-use code point: shown as a bullet
            text = "•" if not text or any("\ue000" <= ch <= "\uf8ff" for ch in text) else text
            return text + level.suffix
        out: list[str] = []
        i = 0
        while i < len(level.text):
            ch = level.text[i]
            if ch == "%" and i + 1 < len(level.text) and "1" <= level.text[i + 1] <= "9":
                index = int(level.text[i + 1]) - 1
                shown = self._level(instance, abstract, index)
                value = counters.get(index, restart_at.get(index, shown.start))
                out.append(format_number(value, "decimal" if level.legal else shown.fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        marker = "".join(out)
        return marker + level.suffix if marker else ""


def _level(lvl: etree._Element) -> Level:
    start = lvl.find(_W + "start")
    fmt = lvl.find(_W + "numFmt")
    if fmt is None:  # Word 2010's custom formats: a w14 choice, a standard format as the fallback
        fmt = lvl.find(f"{_MC}AlternateContent/{_MC}Fallback/{_W}numFmt")
    text = lvl.find(_W + "lvlText")
    restart = lvl.find(_W + "lvlRestart")
    legal = lvl.find(_W + "isLgl")
    suffix = lvl.find(_W + "suff")
    fmt_value = fmt.get(_VAL, "decimal") if fmt is not None else "decimal"
    return Level(
        start=int_or(start.get(_VAL), 0) if start is not None else 0,
        fmt=fmt_value,
        text=text.get(_VAL, "") if text is not None else "",
        restart=int_or(restart.get(_VAL), 0) if restart is not None else None,
        legal=legal is not None and legal.get(_VAL, "true") not in ("0", "false", "off"),
        suffix="" if suffix is not None and suffix.get(_VAL) == "nothing" else " ",
        bullet=fmt_value == "bullet",
    )


def _num_pr(num_pr: etree._Element) -> tuple[str | None, int | None]:
    num_id = num_pr.find(_W + "numId")
    ilvl = num_pr.find(_W + "ilvl")
    return (num_id.get(_VAL) if num_id is not None else None,
            int_or(ilvl.get(_VAL), 0) if ilvl is not None else None)


def style_chain(style: str | None, based_on: dict[str, str | None]) -> list[str]:
    """`style` and the styles it is based on (`based_on`: style id -> its w:basedOn), nearest
    first; a loop in w:basedOn ends it."""
    chain: list[str] = []
    while style is not None and style not in chain and style in based_on:
        chain.append(style)
        style = based_on[style]
    return chain


def int_or(value: str | None, default: int) -> int:
    """An integer attribute, `default` when absent or not a number (a damaged file)."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
