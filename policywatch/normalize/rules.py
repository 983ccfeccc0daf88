"""The normalization rules as data: every pattern with its replacement and the reason it exists.

Each table is a tuple of `Rule`s applied in order; the code that applies them lives in
`layout`, `furniture` and `width`. Reasons cite the seed documents (tests/data/seeds/) where
the noise was found, so a rule can be questioned and removed when it no longer earns its place.
"""

from __future__ import annotations

import re
import unicodedata

from policywatch.normalize.patterns import (
    _FEW_CANDIDATES,
    LazyRegex,
    Rule,
    collapse_runs,
    positions_of,
    replace_chars,
)

# --------------------------------------------------------------------------- character classes

HAN_RANGES = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
HAN = "".join(f"{first}-{last}" for first, last in HAN_RANGES)  # a regex class body
# digits, Latin letters and unit signs, ASCII and full-width: the "Latin side" of CJK spacing
_ALNUM_RANGES = (("0", "9"), ("A", "Z"), ("a", "z"), ("%", "%"), ("‰", "‰"), ("℃", "℃"),
                 ("\uff10", "\uff19"), ("\uff21", "\uff3a"), ("\uff41", "\uff5a"), ("\uff05", "\uff05"))
ALNUM = "".join(first if first == last else f"{first}-{last}" for first, last in _ALNUM_RANGES)
# Compiling a class of HAN's 28,000 characters costs ~1.5 ms (sre builds its bitmap in a Python
# loop), once per pattern and process. Spacing patterns therefore look around for any character
# beyond Latin-1 (a superset, 256 to loop over) and their replacement checks HAN on the match.
BEYOND_LATIN1 = r"^\x00-\xff"  # a regex class body


(_EXT_A_FIRST, _EXT_A_LAST), (_UNIFIED_FIRST, _UNIFIED_LAST), (_COMPAT_FIRST, _COMPAT_LAST) = HAN_RANGES


def is_han(char: str) -> bool:
    """`re.fullmatch(f"[{HAN}]", char)` without compiling the class (unrolled: a hot path)."""
    return (_UNIFIED_FIRST <= char <= _UNIFIED_LAST or _EXT_A_FIRST <= char <= _EXT_A_LAST
            or _COMPAT_FIRST <= char <= _COMPAT_LAST)
# full-width Chinese punctuation: never set off by spaces in Chinese typesetting
CJK_PUNCT = "，。、；：！？“”‘’《》〈〉「」『』【】〔〕（）…—·"
# sentence-level punctuation a space may precede (ASCII ones included: 003 writes ` ,5G`)
PUNCT_NO_SPACE_BEFORE = "，。、；：！？》〉」』】〕）,;:!?"
# a paragraph ending in one of these is complete (ASCII ones too: 003 is all half-width);
# closing brackets end responsibility notes (001 `…[责任部门:市科技局]`, `（责任单位：…）`)
TERMINAL = "。；：！？…”’）」』】〕》〉］;:!?)]\""
# punctuation whose doubling is an extraction or typing slip (001: `建设。。对来蓉`)
DOUBLED = "。，、；：！？"


# --------------------------------------------------------------------------- 1. characters

_LINE_BREAKS = "\f\v\u2028\u2029\x85"
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
# The invisible characters printable to str.isprintable() (combining marks): the grapheme joiner,
# the variation selectors and the ideographic ones (IVS) that pick a glyph of the character before.
_PRINTABLE_INVISIBLE = "\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef"
_INVISIBLE = ("\ufeff\u200b\u200c\u200d\u00ad\u180e\u200e\u200f\u202a-\u202e\u061c\u2060-\u206f\U000e0000-\U000e007f"
              + _PRINTABLE_INVISIBLE)
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

CHAR_RULES: tuple[Rule, ...] = (
    Rule("newlines", f"\r\n?|[{_LINE_BREAKS}]", "\n",
         "CRLF from Windows servers, form feeds at pdftotext page breaks, Unicode line separators"),
    Rule("controls", f"[{_CONTROLS}]", "", "control characters left by PDF text layers carry no text"),
    Rule("invisible", f"[{_INVISIBLE}]", "",
         "BOM, zero-width, soft-hyphen and bidi-control characters (LRM from Word exports, ALM), "
         "invisible operators, tag characters and variation selectors carry no text and break "
         "matching: 第三\ufe0f条 was no article, its text a paragraph of the one before; a bidi "
         "override would also show the text reordered in a report"),
    Rule("odd-spaces", f"[{_ODD_SPACES}]", " ",
         "NBSP and ideographic spaces come from web pages and justified PDFs; they are spaces"),
)
CHAR_RULES_ANY = LazyRegex(f"[\r{_LINE_BREAKS}{_CONTROLS}{_INVISIBLE}{_ODD_SPACES}]")
"""Any character a character rule changes: one search spares the four passes on a clean text."""
PRINTABLE_INVISIBLE_ANY = LazyRegex(f"[{_PRINTABLE_INVISIBLE}]")
"""The characters a character rule removes though str.isprintable() passes them."""
VISIBLE_ANY = LazyRegex(f"[^\\s{_CONTROLS}{_INVISIBLE}]")
"""A character the character rules keep that is not a space: a text without one shows nothing."""

# --------------------------------------------------------------------------- 2. markup remnants

_COUNTER_WORDS = ("浏览", "访问", "阅读", "点击", "查看")
_COUNTER_REST = r"(?:(?:次数|量|数|人次)[ \t]*[:：]?|[ \t]*[:：])[ \t]*\d+[ \t]*次?[】\])）]?"
# `[【\[(（]?(?:浏览|…)REST` spelled as branches that each start with one literal character, so
# the regex engine skips ahead to those characters instead of trying every position (4x faster)
_VISIT_COUNTER = "|".join((
    *(f"{bracket}(?:{'|'.join(_COUNTER_WORDS)}){_COUNTER_REST}" for bracket in ("【", r"\[", r"\(", "（")),
    *(f"{word}{_COUNTER_REST}" for word in _COUNTER_WORDS),
))

# what may follow a counter word in a counter (the first character of _COUNTER_REST)
_COUNTER_NEXT = frozenset("次量数人 \t:：")


def _may_hold_counter(text: str) -> bool:
    """Whether a counter word is followed as in a counter anywhere: the words are common in
    running text (阅读, 访问), counters rare, and the counter regex costs a pass (and ~4 ms to
    compile)."""
    # Each word is found by its second character: str.find looks for a character with memchr on
    # its low byte, and those of 览问读击看 are no high byte of a common Chinese character (浏's is:
    # 5x slower), nor is a single character searched for like a pair (20x slower).
    for first, second in _COUNTER_WORDS:
        at = text.find(second, 1)
        while at >= 0:
            if text[at - 1] == first and text[at + 1:at + 2] in _COUNTER_NEXT:  # '' (the end) is not in it
                return True
            at = text.find(second, at + 1)
    return False


def _drop_counters(text: str) -> str:
    return _VISIT_COUNTER_RE.sub("", text) if _may_hold_counter(text) else text


_VISIT_COUNTER_RE = LazyRegex(_VISIT_COUNTER)

# Markdown heading and bullet prefixes at a line start. Tried at every position of the text a
# `^` with re.M costs a pass; spelled with the line end before it, the engine skips from line
# end to line end (the text start is matched on its own).
_MD_PREFIX = r" *(?:#{1,6} +|[-*+] +)+"
_MD_PREFIX_AT_TEXT_START = LazyRegex(_MD_PREFIX)
_MD_PREFIX_AFTER_LINE_END = LazyRegex("\n" + _MD_PREFIX)


def _drop_md_prefixes(text: str) -> str:
    first = _MD_PREFIX_AT_TEXT_START.match(text)
    if first is not None:
        text = text[first.end():]
    return _MD_PREFIX_AFTER_LINE_END.sub("\n", text) if "\n" in text else text


# Tags and autolinks start with `<`, rare in Chinese text (001: 15): they are tried there only,
# not by a regex pass each over the text (~1.3M instructions on 001)
_LESS_THAN = positions_of("<")

MARKUP_RULES: tuple[Rule, ...] = (
    Rule("md-bold", r"\*\*|__", "", "Markdown emphasis markers around words", needs=("**", "__")),
    Rule("html-tags", r"</?(?:u|b|i|em|strong|span|font|sup|sub|ins|del|small|big)\b[^>\n]*>", "",
         "inline HTML tags left by a converter (001 table `<u>智慧政务 智慧城管</u>`); "
         "the spaces inside are real list separators and stay", re.I, needs=("<",), at=_LESS_THAN),
    Rule("link-brackets", r"【\[([^\]\n]+)\]】", r"\1",
         "link markup remains (001 `附件：【[加快推进上海人工智能高质量发展的实施办法]】`)",
         needs=("【[",), at=positions_of("【")),
    Rule("md-link", r"\[([^\]\n]+)\]\((?:https?://|/)[^)\s]*\)", r"\1",
         "Markdown links: keep the link text, drop the target", needs=("](",)),
    Rule("autolink", r"<((?:https?://|mailto:)[^>\s]+)>", r"\1",
         "Markdown autolinks (001 `（<https://www.ahchanye.com/zc/4369.html>）`): keep the URL text",
         needs=("<",), at=_LESS_THAN),
    Rule("visit-counter", _VISIT_COUNTER,
         "", "CMS visit counters change on every fetch and would make a new version each time",
         fast=_drop_counters),  # no `needs`: the twin's own check is cheaper than a search for each word
    Rule("download-label", r"[ \t]*(?:[（(【\[](?:点击|点此)?下载[）)】\]]|(?:点击|点此)下载)[ \t]*$", "",
         "a web page's download link label after an annex title (福建 2018 通告 `2.…一览表点击下载`, "
         "`附件1.…申报表（点击下载）`): chrome of the page, absent from its PDF copy", re.M, needs=("下载",)),
    Rule("md-prefix", f"^{_MD_PREFIX}", "",
         "Markdown headings and list bullets (004 `## 一、产业现状`, 001 `- 1、书面申请`); "
         "heading depth disagrees with the numbering and is never used. Last, so that a bullet "
         "uncovered by the rules above goes too", re.M, fast=_drop_md_prefixes),
)

# --------------------------------------------------------------------------- 3. spacing


def _after_ascii_punct(m: re.Match[str]) -> str:
    """The spaces after `,;:!?` go when Chinese (or “‘《（) follows, or Chinese or a closing
    parenthesis precedes the mark (the pattern matched any character beyond Latin-1 there)."""
    text, start, end = m.string, m.start(), m.end()
    after = text[end:end + 1]
    if after and (is_han(after) or after in "“‘《（"):
        return ""
    return "" if start >= 2 and (is_han(text[start - 2]) or text[start - 2] in "）)") else m.group()


def _after_ascii_paren(m: re.Match[str]) -> str:
    """`中文 (注) 中文` → `中文(注)中文`: Chinese before the note, Chinese or a digit after it."""
    text, after = m.string, m.string[m.end():m.end() + 1]
    if is_han(text[m.start() - 1]) and (is_han(after) or after in "0123456789"):
        return f"({m.group(1)})"
    return m.group()


# `专栏 1 5G应用` must not read `专栏15G应用`: a box, figure or table label (a word and up to 3
# digits from the line start) keeps the space after its number. A lookbehind has one width, so
# the label is spelled as one negative lookbehind for each width of word, space and digits.
_LABEL_WORDS = ("专栏", "图", "表", "附件")
_LABEL_DIGITS_MAX = 3
_NOT_AFTER_LABEL = "".join(
    f"(?<!^(?:{'|'.join(w for w in _LABEL_WORDS if len(w) == width)}){space}\\d{{{digits}}} )"
    for width in sorted({len(word) for word in _LABEL_WORDS})
    for space in ("", " ")
    for digits in range(1, _LABEL_DIGITS_MAX + 1)
)


# Patterns that remove spaces start with the space (or `(`) and look behind from there: the
# regex engine then skips to those characters instead of trying a lookbehind at every position.
SPACING_RULES: tuple[Rule, ...] = (
    Rule("trailing-space", r"[ \t]+$", "", "trailing spaces are row-end markers, not text", re.M,
         fast=lambda text: "\n".join([line.rstrip(" \t") for line in text.split("\n")])),
    Rule("leading-space", r"^ +", "", "page-start markers and indentation (000 ` ——产业技术…`)", re.M,
         fast=lambda text: "\n".join([line.lstrip(" ") for line in text.split("\n")])),
    Rule("gap", r" (?<=\S )  +(?=\S)", "  ",
         "runs of spaces are layout gaps (000 signature and 印发 lines); keep one visible gap"),
    Rule("in-parens", r" (?:(?<=[（(] ) *| *(?=[）)]))", "",
         "spaces inside parentheses (004 `( 2023—2025 年 )`, `( NB-IoT )`)"),
    Rule("before-paren", f" (?<=[{BEYOND_LATIN1}] ) *(?=[（(])",
         lambda m: "" if is_han(m.string[m.start() - 1]) else m.group(),
         "a space between Chinese text and an opening parenthesis (001 `行动计划 (2018-2020年)`)"),
    # ` +(?=…)` spelled `  *(?=…)`: a leading literal lets the engine skip to spaces (~15x faster)
    Rule("before-punct", f"  *(?=[{PUNCT_NO_SPACE_BEFORE}])", "",
         "spaces before punctuation (004 `2.3 万个 ,5G`, `3100 座 , 实现`)"),
    Rule("after-cjk-punct", f" (?<=[{CJK_PUNCT}] ) *", "",
         "spaces after full-width punctuation (001 `， 汇聚上下游`, `（三） 提供开放共享服务`)"),
    Rule("after-ascii-punct",
         # `[^\x00-\x28\x2a-\xff]`: beyond Latin-1, or `)`
         f" (?:(?<=[,;:!?] ) *(?=[{BEYOND_LATIN1}])|(?<=[^\\x00-\\x28\\x2a-\\xff][,;:!?] ) *)", _after_ascii_punct,
         "spaces after half-width punctuation in Chinese text (001 `开展活动, 实际运营`, "
         "004 `推广目录, 1家`)"),
    # `[^\x00-\x2f\x3a-\xff]`: beyond Latin-1, or a digit
    Rule("after-ascii-paren", f"\\((?<=[{BEYOND_LATIN1}]\\()([^()\\n]{{1,30}})\\) +(?=[^\\x00-\\x2f\\x3a-\\xff])",
         _after_ascii_paren,
         "a space after a half-width parenthesis closing a note inside Chinese text "
         "(004 `创新产品 (平台) 推广目录`); a line-start `(一) ` marker keeps its space"),
    # The pattern starts with its space (the engine then skips to spaces, ~5x faster on 001 than
    # trying lookbehinds at every position). Its HAN classes cost compiling (see BEYOND_LATIN1),
    # but a replacement function checking HAN on each of the many matches (1,500 on 001) cost more.
    Rule("cjk-alnum",
         f" (?:(?<=[{HAN}] )(?=[{ALNUM}])|(?<=[{ALNUM}] ){_NOT_AFTER_LABEL}(?=[{HAN}]))", "",
         "PDF spacing between Chinese and digits or Latin (000 `2018 年`, `最高 1000 万元`, "
         "`关键 IP 研发`); the official text has none. A box, figure or table label keeps the "
         "space after its number (`专栏 1 5G应用` must not read `专栏15G应用`)", re.M),
    Rule("doubled-punct", f"([{DOUBLED}])\\1+", r"\1",
         "doubled punctuation (001 `(九) 强化人才供给能力建设。。对来蓉`)", fast=collapse_runs(DOUBLED)),
)

# Table rows (TSV) keep their cells verbatim apart from markup and row-end spaces.
TABLE_RULES: tuple[Rule, ...] = (
    Rule("table-trailing-space", r" +$", "", "row-end spaces; trailing tabs are empty cells", re.M),
    Rule("table-leading-space", r"^ +", "", "indentation; a leading tab is an empty cell", re.M),
)

# --------------------------------------------------------------------------- 4. structure

def _marker_source() -> str:
    from policywatch.grammar import MARKER_ALTERNATION  # the clause grammar's markers (costly import)

    return rf"^(?:{MARKER_ALTERNATION}|专栏|附件|图[ \t]*\d)"


MARKER_RE = LazyRegex(_marker_source)
"""A line starting with a clause marker is never joined onto the previous line. `5G`, `2.3万个`
and `2018年` are not markers: a number needs a dot, 、 or parentheses and no digit after (nor
a Latin letter: `69.html` is a wrapped piece of a link)."""

MD_BLOCK_RE = LazyRegex(r"^ *(?:#{1,6}|[-*+]) +\S")
"""A Markdown heading or bullet at a row start begins a block, whatever follows it."""

TITLE_END_RE = LazyRegex(
    r"(?:意见|方案|计划|办法|细则|政策|措施|导则|规划|通知|决定|条例|规定|要点|纲要|公告|通告|批复)"
    r"(?:[（(][^）)]{0,20}[）)])?》?$"
)
"""A short line ending like a document title stays on its own line (001 titles of 35 chars)."""
TITLE_END_MAX = 26  # TITLE_END_RE's longest match: a word, a note of 20 in brackets, `》`, a line end

SENTENCE_INSIDE_RE = LazyRegex(r"[。；;！？!?]")
COMMA_RE = LazyRegex(r"[，,、]")

JOIN_MIN_LONG = 30  # clauses.md §2.1: a line of ≥ 30 characters with a comma is a page-break split
JOIN_MIN_ANY = 50  # …and a line of ≥ 50 characters is one even without a comma
HEADING_MAX = 40  # a marker line this short without sentence punctuation is a heading (001 doc 6)…
SIBLING_WINDOW = 120  # …and the nearest same-shaped marker line this near (re-wrapped lines) is one
ORPHAN_MAX = 4  # `网络。`, `案。`, `委会)` — page tails that belong to the previous paragraph

# --------------------------------------------------------------------------- 5. furniture

PAGE_NUMBER_RULES: tuple[Rule, ...] = (
    Rule("page-number", r"^\d{1,4}$", "",
         "a lone number between paragraphs is a page number (000 ` 20 `, 001 `2018`)"),
    Rule("page-number-dashed", r"^[-－—–―]{1,2}[ \t]*\d{1,4}[ \t]*[-－—–―]{1,2}$", "",
         "page numbers printed as `- 3 -` or `— 3 —`"),
    Rule("page-number-cn",
         r"^(?:第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[/，,、]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
         r"|共[ \t]*\d{1,4}[ \t]*页[ \t]*[，,]?[ \t]*第[ \t]*\d{1,4}[ \t]*页)$", "",
         "page numbers printed as `第3页` / `第3页 共10页`"),
    Rule("page-number-slash", r"^\d{1,4}[ \t]*/[ \t]*\d{1,4}$", "", "page numbers as `3/10`"),
    Rule("page-number-en", r"^(?:page|p\.)[ \t]*\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?$", "",
         "page numbers as `Page 3 of 10`", re.I),
)

# A bare number after a line ending in one of NUMBER_LEAD (`电话：⏎61886241`), or before a line
# starting with one of NUMBER_TAIL (`给予最高⏎100⏎万元`: a unit, or punctuation no page line
# starts with), is the middle of a sentence a re-wrap cut up, not a page number.
NUMBER_LEAD = "：:（(第约共达至到近超过逾为按-—~～+"
NUMBER_TAIL = "万亿萬億千仟百佰个個家项項名人元年月日号號条條款%％.．、，,。；;）)倍次所"

FURNITURE_LINE_RULES: tuple[Rule, ...] = (
    *PAGE_NUMBER_RULES,
    Rule("toc-leader", r"^.{1,120}?(?:\.{4,}|…{2,}|·{4,}|．{4,}|。{4,})[ \t]*\d{1,4}$", "",
         "table-of-contents entries with dot leaders (001 `1. 北京市…指导意见.....6`)"),
)

CHROME_LINE_RULES: tuple[Rule, ...] = (
    Rule("breadcrumb", r"^(?:当前位置[ \t]*[:：][ \t]*)?首页(?:[ \t]*[>＞»›/][ \t]*[^>＞»›/。，；]{1,20}){1,6}[ \t]*$", "",
         "a web copy's breadcrumb (`当前位置：首页 > 政策文件`) kept by a text export of the page"),
)

# only the scheme ignores case: the class, closed under case folding, then compiles 4x faster
URL_ONLY_RE = LazyRegex(r"^(?i:https?://|www\.)[^\s\u3000-\u9fff\uff00-\uffef]+$")
"""Injected search-engine link on its own row (000 L167 `http://www.baidu.com/link?url=…`)."""
URL_CHAR_RE = LazyRegex(r"[A-Za-z0-9/._?=&%#~:+<-]")
"""A URL row touching URL characters on either side is a wrapped piece of a real link: keep it."""

CHROME_WORDS: tuple[str, ...] = (
    "扫描二维码", "关注我们", "打印本页", "打印此页", "关闭窗口", "关闭本页", "返回顶部", "收藏本页", "加入收藏",
    "扫一扫在手机打开当前页", "在手机上打开", "微信扫一扫", "保存本页", "扫描二维码分享", "手机扫一扫", "手机查看",
)
"""Words only a web page's chrome writes: SITE_CHROME_RULES finds them anywhere in a line."""
BOILERPLATE_TOKENS: tuple[str, ...] = (
    *CHROME_WORDS, "打印", "关闭", "分享到", "分享", "默认",
    "字体：大 中 小", "字体:大 中 小", "字号：大 中 小", "字号:大 中 小", "【大 中 小】", "大 中 小",
)
"""Web page chrome (003 last line `扫描二维码 关注我们`). A line is dropped only when it holds
nothing but these tokens and separators, so a sentence mentioning 打印 is never touched."""
# The chrome a web copy of a document may keep after its last clause (govsites.md: a page's body
# is cut at 相关附件 / 相关链接 / 扫一扫 / 打印本页). Unlike BOILERPLATE_TOKENS these lines are not
# dropped wherever they stand (`主办单位：…` is a real line of an event notice): the segmenter makes
# them the document's tail when they end it (policywatch/diffing/zones.py), never a 款 or an item.
SITE_CHROME_RULES: tuple[Rule, ...] = (
    Rule("chrome-words", "|".join((*map(re.escape, CHROME_WORDS), "【打印】", "【关闭】")), "",
         "a page's print/close/share row, wherever it sits in the line (`【字体：大 中 小】【打印本页】`)"),
    Rule("site-footer",
         r"版权所有|(?i:copyright)|©|ICP备|ICP证|公网安备|网站标识码|网站地图|联系我们|网站声明|关于本网"
         r"|(?:主办|承办|协办|运维|运行维护)单位\s*[：:]|技术支持\s*[：:]", "",
         "a site's footer (`主办单位：市人民政府办公室 网站标识码：3201000001`, `版权所有`, `京ICP备…`)"),
)
# A page's prompt to get a PDF reader (澳門 印務局: `請使用Adobe Reader 7.0或以上閱讀PDF版本檔案。`):
# chrome though it ends in 。, as no document's own sentence names the reader to open it with.
READER_PROMPT_RULE = Rule(
    "reader-prompt", r"[请請](?:使用|安装|安裝|下载|下載).{0,12}(?:Adobe|Acrobat|PDF\s*阅读器|PDF\s*閱讀器)", "",
    "a page's `請使用Adobe Reader…閱讀PDF版本檔案。` line after the body", re.I)
SITE_CHROME_MAX = 160  # characters: a footer line is short; a sentence mentioning 版权所有 is no footer
RELATED_LINKS_RE = LazyRegex(r"[【\[]?(?:相关链接|相关阅读|相关文章|相关新闻|相关稿件|相关推荐|延伸阅读)[】\]]?\s*[：:]?")
"""The heading of a page's list of links to other pages, alone on a line: the links under it,
to the page's end, are no part of the document."""
RELATED_LINK_MAX = 100  # characters of one link title under it (a title: no sentence ends in it)
RELATED_LINKS_MAX = 40  # link titles at most: a longer run after such a line is text

BOILERPLATE_SEPARATOR_CHARS = "【】[]|｜/、:：·()（）<>《》"  # and whitespace
BOILERPLATE_SEPARATOR_CLASS = r"\s" + re.escape(BOILERPLATE_SEPARATOR_CHARS)
BOILERPLATE_SEPARATORS = LazyRegex(f"[{BOILERPLATE_SEPARATOR_CLASS}]+")

TOC_HEAD_RE = LazyRegex(r"^目[ \t]*录$")
TOC_ENTRY_RE = LazyRegex(
    r"^(?:\d{1,3}[.．、][ \t]*)?[^。\t]{2,120}?"
    r"(?:(?:\.{2,}|…{2,}|·{2,}|．{2,}|。{2,})[ \t]*|(?<=[" + HAN + r"）)》])[ \t]*)\d{1,4}$"
)
"""Inside a TOC block, page numbers may be glued on (001 `27. 长沙市…的若干政策291`)."""
TOC_HEADING_MAX = 40
TOC_ENTRY_MAX_LINES = 3  # a re-wrapped TOC entry spans at most this many lines…
TOC_WRAP_MIN = 25  # …of which all but the last are full-width lines, at least this long
TOC_MIN_ENTRIES = 2

RUNNING_HEADER_MIN = 3  # a page-start row repeated this often is a running header/footer…
RUNNING_HEADER_LEN = (8, 40)  # …if it is a short line, but not a word-sized page tail (`技术`)…
# …and holds no sentence punctuation: real text repeats too (003's notes `…开发区管委会)`)
SENTENCE_PUNCT_RE = LazyRegex(r"[，,：:。；;、（）()《》“”\"！？!?]")
# A title a PDF repeats as its running header: one of the first TITLE_ZONE lines, at most
# TITLE_HEADER_MAX characters, without a sentence's punctuation (a title's brackets allowed).
TITLE_ZONE = 3
TITLE_HEADER_MAX = 60
TITLE_SENTENCE_PUNCT_RE = LazyRegex(r"[，,：:。；;！？!?]")
# …never a banner (`北京市人民政府办公厅文件`) or a 文号 (`京政办发〔2024〕1号`): each notice of a
# compilation opens with them again
TITLE_NOT_HEADER_ENDS = ("文件", "号")
# The addressee a notice opens with (`各区人民政府，市政府各委、办、局：`, `各有关单位：`): a short
# line of bodies ending in a body's word and a colon. A title repeat right before it heads the
# next notice of a compilation; a sentence introducing a list (`具体如下：`) is no addressee.
ADDRESSEE_RE = LazyRegex(r"[^。；;！？!?]{1,40}?(?:单位|部门|政府|委员会|委|办|局|厅|院|处|室|中心|机构|企业|学校|公司"
                         r"|街道|乡镇|部|会|所|站|队|组)[：:]")

# --------------------------------------------------------------------------- 6. comparison key

# Circled and other enclosed numbers are clause markers; NFKC would turn `①` into a bare `1`.
CIRCLED_RANGES: tuple[tuple[int, int], ...] = (
    (0x2460, 0x2473), (0x24EA, 0x24EA), (0x24EB, 0x24FE), (0x2776, 0x2793),
    (0x3251, 0x325F), (0x32B1, 0x32BF),
)

DOUBLE_QUOTES = "“”„‟«»「」『』〝〞＂\""
SINGLE_QUOTES = "‘’‚‛′'"

KEY_SEPARATOR = "\ue000"  # joins clause texts to fold them in one pass (private use: no rule names it)

INLINE_MARKUP_NAMES = ("md-bold", "html-tags", "link-brackets", "md-link", "autolink")

# Applied to the display text before NFKC, while an ASCII comma is still told apart from the
# Chinese `，` (NFKC turns both into `,`).
PRE_NFKC_KEY_RULES: tuple[Rule, ...] = (
    # starts with its comma: the regex engine then skips to commas (40x faster than a lookbehind
    # tried at every position)
    Rule("thousands-separator", r",(?<=[0-9０-９],)(?=[0-9０-９]{3}(?![0-9０-９]))", "",
         "web pages write 1,000万元 where the PDF copy has 1000万元: the same amount", needs=(",",)),
)


def _before_number_sign(text: str) -> list[int]:
    """Where a document-number bracket pair may start: 6 characters (`〔2019〕`) before the digit
    run that ends at a `号` (a few dozen in a text, against a whole-text regex pass)."""
    found: list[int] = []
    sign = text.find("号")
    while sign >= 0:
        digits = sign
        while digits > 0 and sign - digits < 5 and text[digits - 1].isdecimal():  # `\d` is isdecimal()
            digits -= 1
        if 1 <= sign - digits <= 4 and digits >= 6:
            found.append(digits - 6)
        sign = text.find("号", sign + 1)
    return found


_ANGLE_OPENERS = positions_of("〈<")


def _before_closing_title_mark(text: str) -> list[int]:
    """Where an angle-quote pair may start: a `〈` or `<` whose next title mark is a closing `》`.
    The pattern's lookahead `(?=[^《》]*》)` asks that after the pair, which holds none, and the
    regex engine checks it a character at a time up to that mark, often thousands away (001:
    31 of 33 candidates fail so); str.find gets there with memchr."""
    openers = _ANGLE_OPENERS(text)
    if len(openers) > len(text) * _FEW_CANDIDATES:
        # positions_of() stopped early: sub_at() passes the whole text, as it must (a short
        # list left after the filter below would be taken as complete, `〈《〈0>》`)
        return openers
    found = []
    for start in openers:
        close = text.find("》", start)
        if close >= 0 and text.find("《", start, close) < 0:
            found.append(start)
    return found


# The key rules see NFKC text, where the full-width marks but `。、` are ASCII ones: only those
# are looked for (a pass each), DOUBLED as NFKC writes it
_DOUBLED_KEY = unicodedata.normalize("NFKC", DOUBLED)
_RANGE_DASHES = r"—–\-~～至到−―‒"  # a regex class body

KEY_RULES: tuple[Rule, ...] = (
    Rule("whitespace", r"\s+", "",
         "Chinese has no word spaces; wraps, indentation and PDF spacing must not count",
         fast=lambda text: "".join(text.split())),  # str.split() splits where `\s` matches
    *(rule for rule in MARKUP_RULES if rule.name in INLINE_MARKUP_NAMES),
    Rule("quotes-double", f"[{DOUBLE_QUOTES}]", '"',
         "quote styles differ between web and PDF copies (001 doc 13 `\"军民融合\"` vs “…”)",
         fast=replace_chars(DOUBLE_QUOTES, '"')),
    Rule("quotes-single", f"[{SINGLE_QUOTES}]", "'", "single-quote styles",
         fast=replace_chars(SINGLE_QUOTES, "'")),
    Rule("angle-quotes", "[〈<]([^〈〉<>《》]{1,80})[〉>](?=[^《》]*》)", r"<\1>",
         "nested title marks inside 《》: `〈…〉` in PDFs, `<…>` on web pages (clauses.md §5.2)",
         needs=("〈", "<"), at=_before_closing_title_mark),  # rarer than `》`, which nearly every policy text holds
    Rule("title-list-comma", "》、(?=《)", "》",
         "titles listed one after another are written `《A》、《B》` or, as GB/T 15834-2011 has it, "
         "`《A》《B》`: the same list (上海市检验检测条例 2016 → 2024 drops the 、 and changes nothing else "
         "in that article)", needs=("》、《",)),
    Rule("doc-number-brackets",
         r'[〔［\[【(（"﹝{｛](\d{4})[〕］\]】)）"﹞}｝](?=\d{1,4}号)', r"〔\1〕",
         "document numbers: 〔2019〕, [2019], (2019), and `„2019“` from encoding damage "
         "(001; its quotes are already folded to `\"` by the rule above)", needs=("号",), at=_before_number_sign),
    # `(?<=\d)(?:——|[—–\-~～至到−―‒])(?=\d)` spelled to start with the dash, and tried only at
    # the dashes: a pass starting with a class tests every character (~11M instructions on 001's
    # key), while the dashes are few (~480) and str.find skips to each
    Rule("digit-range", f"[{_RANGE_DASHES}](?<=\\d.)(?:(?<=—)—(?=\\d)|(?=\\d))", "-",
         "ranges are written 2018-2020, 2018—2020, 2014~2030 or 1至2 for the same thing",
         at=positions_of(_RANGE_DASHES.replace("\\", ""))),
    Rule("doubled-punct-key", f"([{_DOUBLED_KEY}])\\1+", r"\1",
         "doubled punctuation, also where it meets across a joined line", fast=collapse_runs(_DOUBLED_KEY)),
)
