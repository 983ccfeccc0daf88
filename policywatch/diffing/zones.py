"""Document zones around the clauses: the head (red header, 发文字号, notice title, recipients,
notice text, signature, date, 此件公开发布, the document's own title lines) and the tail
(closing formula, signature, dates, 抄送, 印发, page chrome).

Both work on a document's non-empty lines and return line counts, so that no line is lost:
head = lines[:head_end], tail = lines[tail_start:].
"""

from __future__ import annotations

from collections.abc import Sequence

from policywatch.diffing.numbering import WIDTH_FOLD, content_start, match_marker
from policywatch.diffing.statute import is_adoption_note_line
from policywatch.grammar.docnumber import parse_doc_number
from policywatch.grammar.signature import SIGNATORY
from policywatch.lazyre import LazyRegex
from policywatch.normalize.furniture import is_site_chrome, related_links_start
from policywatch.normalize.rules import RELATED_LINKS_MAX

# Both widths are written into the patterns (`２０２２年`, a U+3000 blank in a signatory) rather
# than folded away: str.translate() of every long line the zones look at cost ~1.3 ms a document.
_DATE = LazyRegex(
    r"(?:(?:[1１][9９]|[2２][0０])\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
)
_DATE_LINE = LazyRegex(rf"{_DATE.pattern}\s*$")
_PUBLIC = LazyRegex(r"[（(]\s*此件.{0,12}[)）]\s*$")
_COPY_TO = LazyRegex(r"抄送\s*[：:]")
_ISSUED = LazyRegex(rf".*{_DATE.pattern}\s*印发\s*$")
# A transitional rule opens as a formula does but is a rule (`本规定施行后，…以本规定为准。`, the
# last 款 of a 司法解释's last article): the formula says when the text takes effect, never what
# holds before or after it does.
_CLOSING = LazyRegex(
    r"(?:以上|[此本](?:政策|措施|办法|细则|实施细则|意见|实施意见|方案|实施方案|计划|行动计划|规定|导则|通知|规划|决定))"
    r"(?!(?:施行|实施)(?:以|之)?[前后])"
    r".*(?:施行|实施|执行|解释)"
    # a 修改决定's republication sentence, after its 本决定自…施行
    r"|.{0,60}根据本决定作出?相应的?修改[，,]?重新公布"
)
_NO_TITLE_START = LazyRegex(r"(?:为|根据|按照|经|现|近年|当前|随着)")
_TERMINAL = "。；;：:！!？?，,"
_FORMULA_MAX = 200  # a closing formula is one sentence
# The heading of the section that closes a text (四、附则, 第五章 附则, 五、其他事项): the one list of
# the words under which a closing formula is the section's own text.
_CLOSING_SECTION = LazyRegex(r"(?:附\s*则|其他(?:事项|规定)?|实施(?:时间|日期)|施行(?:时间|日期)|生效(?:时间|日期)|有效期限?)")


def _core(line: str) -> str:
    """The line without blanks and Markdown around it. Not width-folded: the patterns above
    accept both widths where it matters (full-width punctuation is in their classes)."""
    return line[content_start(line):].rstrip()


def is_closing(line: str) -> bool:
    """A line that ends a notice: its date, 此件公开发布, 抄送 or 印发."""
    core = _core(line)  # _ISSUED backtracks over the whole line: tried only where it can end
    return bool(_DATE_LINE.fullmatch(core) or _PUBLIC.fullmatch(core)
                or _COPY_TO.match(core) or (core.endswith("印发") and _ISSUED.fullmatch(core)))


def is_annex_list(line: str) -> bool:
    """`附件：1. …` (or `附件：【…】`): a list of annex titles, not an annex."""
    m = match_marker(line)
    return m is not None and m.family == "annex" and m.number is None


def is_title_line(line: str) -> bool:
    """A short line without sentence punctuation that may be (part of) a document title."""
    core = _core(line)  # at least 4 characters: `前 言` or `目录` are section labels, not titles
    return (len(core) <= 60 and len("".join(core.split())) >= 4 and core[-1] not in _TERMINAL
            and match_marker(line) is None
            and not _NO_TITLE_START.match(core) and not is_closing(line))


def head_end(lines: Sequence[str], first_marker: int, *, title: str = "") -> tuple[int, int]:
    """(how many leading lines form the head, where its title lines start).

    The head runs to the last notice-closing line before the first clause marker (with the
    annex list that may follow it), then over up to three title lines. The document's own 文号
    on a line of its own (`湘政办发〔2009〕24号` between the red header and a title cut in two)
    is part of the head but no title line: it does not use up one of the three.
    """
    end = 0
    for i in range(min(first_marker, len(lines))):
        if is_closing(lines[i]):
            end = i + 1
    while end < first_marker and is_annex_list(lines[end]):
        end += 1
        while end < first_marker and _is_list_item(lines[end]):
            end += 1
    titles, titles_from = 0, end
    title_key = "".join(title.split()).translate(WIDTH_FOLD)
    # an unbracketed adoption note under the title is short and unpunctuated too: no title line
    while (end < first_marker and titles < 3 and not is_adoption_note_line(lines[end])
           and (is_title_line(lines[end]) or _is_title(lines[end], title_key))):
        titles += parse_doc_number(lines[end]) is None
        end += 1
    return end, titles_from


def _is_title(line: str, title_key: str) -> bool:
    """Whether the line, blanks removed and width-folded, is a piece of the title (title_key:
    the title so written)."""
    key = "".join(_core(line).split())
    return bool(key) and len(key) <= len(title_key) and key.translate(WIDTH_FOLD) in title_key


def _is_list_item(line: str) -> bool:
    m = match_marker(line)
    return m is not None and m.family == "ar"


def tail_start(lines: Sequence[str], begin: int = 0) -> int:
    """Where the tail starts: a backward run of closing formula, signature, dates, 抄送, 印发
    and a web page's chrome (print row, 相关链接 and its links, site footer) at the end of the
    document (never a numbered clause)."""
    start, dated = _links_start(lines, begin), False
    while start > begin:
        line = lines[start - 1]
        core = _core(line)
        if not core:
            start -= 1
            continue
        if match_marker(line) is not None:
            break
        if is_closing(line) or is_site_chrome(core):
            dated = dated or bool(_DATE.search(core))
        elif not ((dated and SIGNATORY.fullmatch(core)) or (_is_formula(core)
                                                              and not _under_bare_heading(lines, start - 1, begin))):
            break
        start -= 1
    return start


def _under_bare_heading(lines: Sequence[str], i: int, begin: int) -> bool:
    """Whether line i follows a clause that is only a closing section's heading (`四、附则`,
    `第五章 附则`) with nothing but formula lines between (`本措施由…负责解释。` ⏎ `本措施自…施行。`):
    the formulas are that clause's text, not the document's closing. Under any other heading
    (`2.朝阳区`, an item of a list) the formula closes the document as ever."""
    k = i - 1
    while k >= begin and (not _core(lines[k]) or _is_formula(_core(lines[k]))):
        k -= 1
    if k < begin:
        return False
    m = match_marker(lines[k])
    if m is None or m.number is None:
        return False
    return _CLOSING_SECTION.fullmatch(lines[k][m.body_start:].strip(" \t\u3000")) is not None


def _is_formula(core: str) -> bool:
    """A closing formula line (`本办法自…施行`, `…负责解释`)."""
    return _CLOSING.match(core) is not None and len(core) <= _FORMULA_MAX


def _links_start(lines: Sequence[str], begin: int) -> int:
    """Where a web page's related-links block ends the document (normalize.furniture), or
    len(lines): a block holding a numbered clause is the document's own text."""
    tail = [_core(line) for line in lines[max(begin, len(lines) - RELATED_LINKS_MAX - 1):]]
    start = len(lines) - len(tail) + related_links_start(tail)
    return start if all(match_marker(line) is None for line in lines[start + 1:]) else len(lines)


def without_chrome(lines: Sequence[str]) -> list[str]:
    """A tail's lines without a web page's chrome: its related-links block (link titles that
    change with each new article on the site) and its print row and footer lines. What the
    tail says for itself (closing formula, signature, dates, 抄送) is kept."""
    lines = lines[:_links_start(lines, 0)]
    return [line for line in lines if not is_site_chrome(_core(line))]
