"""Page furniture: page numbers, running headers, injected links, TOC blocks, web-page chrome.

Everything here decides whether a whole line (or PDF row) goes; nothing edits inside a line.
When in doubt a line stays: deleting real content is worse than showing a stray page number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from policywatch.normalize.patterns import LazyRegex, alternation
from policywatch.normalize.rules import (
    ADDRESSEE_RE,
    BOILERPLATE_SEPARATOR_CHARS,
    BOILERPLATE_SEPARATOR_CLASS,
    BOILERPLATE_SEPARATORS,
    BOILERPLATE_TOKENS,
    CHROME_LINE_RULES,
    FURNITURE_LINE_RULES,
    MARKER_RE,
    NUMBER_LEAD,
    NUMBER_TAIL,
    PAGE_NUMBER_RULES,
    READER_PROMPT_RULE,
    RELATED_LINK_MAX,
    RELATED_LINKS_MAX,
    RELATED_LINKS_RE,
    RUNNING_HEADER_LEN,
    RUNNING_HEADER_MIN,
    SENTENCE_PUNCT_RE,
    SITE_CHROME_MAX,
    SITE_CHROME_RULES,
    TERMINAL,
    TITLE_HEADER_MAX,
    TITLE_NOT_HEADER_ENDS,
    TITLE_SENTENCE_PUNCT_RE,
    TITLE_ZONE,
    TOC_ENTRY_MAX_LINES,
    TOC_ENTRY_RE,
    TOC_HEAD_RE,
    TOC_HEADING_MAX,
    TOC_MIN_ENTRIES,
    TOC_WRAP_MIN,
    URL_CHAR_RE,
    URL_ONLY_RE,
)

_TOKENS_LONGEST_FIRST = sorted(BOILERPLATE_TOKENS, key=len, reverse=True)


_PAGE_NUMBER_RE = LazyRegex(alternation(PAGE_NUMBER_RULES))
_CHROME_LINE_RE = LazyRegex(alternation(CHROME_LINE_RULES))
# The other furniture rules (TOC leader lines) end in a page number: only a line ending in a
# digit is tried against them (their lazy `.{1,120}?` is slow on every other line).
_DIGIT_END_RE = LazyRegex(alternation(tuple(rule for rule in FURNITURE_LINE_RULES if rule not in PAGE_NUMBER_RULES)))


# Every page-number and leader pattern ends in a digit, `页` or a dash (PAGE_NUMBER_RULES):
# a line ending otherwise (nearly every line: `。`) is not tried against them at all.
_FURNITURE_LAST = frozenset("页-－—–―")


def _may_be_furniture(line: str) -> str:
    """The line's last character when a furniture pattern could match the line, else ''."""
    last = line[-1:]
    if last == "\n":  # `$` also matches before a final line end
        last = line[-2:-1]
    return last if last.isdigit() or last in _FURNITURE_LAST else ""


def is_page_furniture(line: str) -> bool:
    """True for a stripped line that is only a page number or a dot-leader TOC entry."""
    return bool(_may_be_furniture(line)) and (_PAGE_NUMBER_RE.match(line) is not None
                                              or (line[-1:].isdigit() and _DIGIT_END_RE.match(line) is not None))


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Drop page numbers and dot-leader lines from stripped lines, judging each by its neighbours.

    A bare number that continues the line before is text moved by a re-wrap, not a page
    number: the tail of a number cut at the line end (`咨询电话：61886⏎241`), or a number the
    sentence goes on with (`给予最高⏎100⏎万元`). Unless it continues the page numbering: neighbours
    only hint (`人` may be a unit or start `人工智能`; `9⏎2⏎月` is a page break inside `9月`), while
    the page before or after it, one less or one more, settles it. A TOC entry wrapped before its
    dot leader (`1. …指导意⏎见.....6`) goes as a whole.
    """
    out: list[str] = []
    # bare numbers in the order met: (index in `out` they precede or are at, value, kept)
    numbers: list[tuple[int, int, bool]] = []
    for i, line in enumerate(lines):
        last = line[-1:]  # _may_be_furniture(line), its common `。` case inline (a hot loop)
        if not (last.isdigit() or last in _FURNITURE_LAST or last == "\n") or not _may_be_furniture(line):
            out.append(line)  # nearly every line: no neighbours to look at
            continue
        before = out[-1] if out else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not is_page_furniture(line):
            out.append(line)
        elif _continues_text(line, before, after):
            numbers.append((len(out), int(line), True))
            out.append(line)
        elif line.isdigit():
            numbers.append((len(out), int(line), False))
        elif _DIGIT_END_RE.match(line) and before and _wrapped_toc_head(before, line):
            out.pop()
            if numbers and numbers[-1][2] and numbers[-1][0] == len(out):  # the head was a kept number
                numbers.pop()
    if not any(kept for _, _, kept in numbers):
        return out
    drop = _page_sequence(numbers)
    return [line for k, line in enumerate(out) if k not in drop]


def _page_sequence(numbers: list[tuple[int, int, bool]]) -> set[int]:
    """Indexes of the kept numbers that continue the page numbering: one more than the page
    number before them or one less than the one after (a run of them goes together)."""
    drop: set[int] = set()
    for order in (numbers, numbers[::-1]):
        step = 1 if order is numbers else -1
        page = None
        for index, value, kept in order:
            if not kept or index in drop:
                page = value
            elif page is not None and value == page + step:
                drop.add(index)
                page = value
    return drop


def _continues_text(line: str, before: str, after: str) -> bool:
    if not line.isdigit() or not before:
        return False
    # After a colon or an open bracket (NUMBER_LEAD's punctuation) a page number is as likely as
    # the rest of the sentence (…各直属单位：⏎3⏎《…》), so only the words below count. A number too
    # long for a page (`电话：⏎61886241`) never gets here: PAGE_NUMBER_RULES take at most 4 digits.
    return before[-1].isdigit() or before[-1] in _WORD_LEAD or (after[:1] != "" and after[0] in NUMBER_TAIL)


# Words that a number must follow (第3, 约100, 达到50): a lone number after them is never a page.
_WORD_LEAD = "".join(ch for ch in NUMBER_LEAD if "\u4e00" <= ch <= "\u9fff")


def _wrapped_toc_head(before: str, leader_line: str) -> bool:
    """True when `before` is the first part of a TOC entry whose dot leader starts the next line."""
    return (len(before) <= TOC_HEADING_MAX and before[-1] not in TERMINAL and not TOC_HEAD_RE.match(before)
            and _DIGIT_END_RE.match(before + leader_line) is not None)


def is_page_number(line: str) -> bool:
    """True for a stripped line that is only a page number (`20`, `- 3 -`, `第3页`)."""
    return bool(_may_be_furniture(line)) and _PAGE_NUMBER_RE.match(line) is not None


# Only a line made of token characters and separators can be chrome: nearly every line fails
# this one-pass check at its first characters, before 27 token searches.
_TOKEN_CHARS = "".join(sorted(set("".join(BOILERPLATE_TOKENS))))
_CHROME_CHARS_ONLY = LazyRegex(lambda: f"[{re.escape(_TOKEN_CHARS)}{BOILERPLATE_SEPARATOR_CLASS}]*")
# _CHROME_CHARS_ONLY's characters but whitespace: a line ending otherwise (nearly every line: `。`)
# fails it, told without a regex call (~2,000 instructions a line, most of them backtracking
# over the chrome characters a line like `（一）…` starts with)
_CHROME_CHARS = _TOKEN_CHARS + BOILERPLATE_SEPARATOR_CHARS


def is_boilerplate(line: str) -> bool:
    """True when a line holds nothing but web-page chrome tokens (扫描二维码 关注我们 …)."""
    if "首页" in line and _CHROME_LINE_RE.match(line):
        return True
    last = line[-1:]
    if (last not in _CHROME_CHARS and not last.isspace()) or not _CHROME_CHARS_ONLY.fullmatch(line):
        return False
    rest = line
    for token in _TOKENS_LONGEST_FIRST:
        if token in rest:
            rest = rest.replace(token, " ")
    return rest != line and not BOILERPLATE_SEPARATORS.sub("", rest)


_SITE_CHROME_RE = LazyRegex(alternation(SITE_CHROME_RULES))


def is_site_chrome(line: str) -> bool:
    """A line of a web page's chrome (print/close row, site footer: rules.SITE_CHROME_RULES): a
    short line that ends no sentence, or a prompt to get a PDF reader."""
    if len(line) > SITE_CHROME_MAX:
        return False
    if "。" not in line:
        return _SITE_CHROME_RE.search(line) is not None
    return READER_PROMPT_RULE.regex.search(line) is not None  # only a document's last lines are asked


def related_links_start(lines: Sequence[str]) -> int:
    """Where a page's related-links block (`相关链接` alone on a line, then link titles and the
    site's chrome to the end) starts in the stripped lines, or len(lines) when they end otherwise.
    `lines` is a document's last lines (the block is sought among the last RELATED_LINKS_MAX)."""
    end = len(lines)
    for i in range(end - 1, max(-1, end - RELATED_LINKS_MAX - 2), -1):
        line = lines[i]
        if ("相关" in line or "延伸" in line) and RELATED_LINKS_RE.fullmatch(line):
            return i
        if not (is_site_chrome(line) or (len(line) <= RELATED_LINK_MAX and not _SENTENCE_END.search(line))):
            break
    return end


_SENTENCE_END = LazyRegex(r"[。；;！!？?]")


def is_table(line: str) -> bool:
    """A TSV table row (001, 004): kept as its own line, never joined or respaced."""
    return "\t" in line


def is_injected_url(line: str, before: str, after: str) -> bool:
    """A URL alone on its line that does not continue a wrapped link on either side."""
    if not URL_ONLY_RE.match(line):
        return False
    before, after = before.rstrip(), after.lstrip()
    # a link the sentence introduces (`官网：`) or encloses (`官网(` … `)`) is text
    if before and (URL_CHAR_RE.match(before[-1]) or before[-1] in "：:(（"):
        return False
    return not (after and (URL_CHAR_RE.match(after[0]) or after[0] in ")）"))


_URL_FIRST = frozenset("hHwW")


def drop_injected_urls(lines: list[str]) -> list[str]:
    """Remove stray link lines; neighbours are the nearest non-blank lines."""
    keep: list[str] = []
    texts = [line for line in lines if line.strip()]
    for i, line in enumerate(texts):
        stripped = line.strip()
        if stripped[:1] not in _URL_FIRST:  # URL_ONLY_RE starts with http or www, in any case
            keep.append(line)
            continue
        before = texts[i - 1] if i else ""
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if not is_injected_url(stripped, before, after):
            keep.append(line)
    return keep


def _header_candidate(row: str) -> bool:
    """A page-start row standing alone (leading and trailing space), short, not a sentence."""
    text = row.strip()
    return (row[:1] == " " and row[-1:] == " " and RUNNING_HEADER_LEN[0] <= len(text) <= RUNNING_HEADER_LEN[1]
            and not MARKER_RE.match(text) and not SENTENCE_PUNCT_RE.search(text))


def drop_running_headers(rows: list[str]) -> list[str]:
    """Drop page-start rows (leading space in pdftotext output) repeated on many pages. A
    repeated row that stands among the first TITLE_ZONE rows of page 1, the first repeated one
    there and no title-like row under it, is the document's title there, which the header
    repeats: that first copy stays (the head needs its title)."""
    starts = Counter(r.strip() for r in rows if _header_candidate(r))
    repeated = {text for text, n in starts.items() if n >= RUNNING_HEADER_MIN}
    if not repeated:
        return rows
    top = [k for k, row in enumerate(rows[:TITLE_ZONE * 4]) if row.strip()][:TITLE_ZONE]
    first = next((n for n, k in enumerate(top) if rows[k].strip() in repeated and _header_candidate(rows[k])), -1)
    # the copy is the title only when it is the title row: the last title-like row over the body
    # (a gazette's header over the title is followed by the title, a title row by its text)
    title = top[first] if first >= 0 and not _title_row_follows(rows, top[first]) else -1
    return [r for k, r in enumerate(rows) if k == title or not (_header_candidate(r) and r.strip() in repeated)]


def _title_row_follows(rows: Sequence[str], k: int) -> bool:
    """Whether the next non-blank row after row k is itself a title-like row standing alone."""
    a = _neighbour(rows, k, 1)
    return a >= 0 and _header_candidate(rows[a]) and _title_header_candidate(rows[a].strip())


def _title_header_candidate(line: str) -> bool:
    """A title line a running header may repeat: short, no marker, no sentence punctuation (a
    title's （2024—2028年） or 《》 allowed); never the banner (`…文件`) nor the 文号 (`…号`),
    which open each notice of a compilation again."""
    return (RUNNING_HEADER_LEN[0] <= len(line) <= TITLE_HEADER_MAX and not MARKER_RE.match(line)
            and not TITLE_SENTENCE_PUNCT_RE.search(line) and not line.endswith(TITLE_NOT_HEADER_ENDS))


def _neighbour(lines: Sequence[str], k: int, step: int) -> int:
    """The index of the nearest non-blank line from k on in direction `step` (-1 when none):
    pdftotext's rows leave blank rows around a page break."""
    k += step
    while 0 <= k < len(lines) and not lines[k].strip():
        k += step
    return k if 0 <= k < len(lines) else -1


def _line(lines: Sequence[str], k: int) -> str:
    return lines[k].strip() if k >= 0 else ""


def _heads_a_document(line: str) -> bool:
    """Whether the line after a title repeat shows the title heads a document of its own: the
    next notice's 文号 (grammar's pattern, not any `…号`: `…路1号` is an address), its banner or
    its addressee (`各区人民政府：`, not `具体如下：`)."""
    from policywatch.grammar.docnumber import parse_doc_number  # grammar on first use: rare

    return (line.endswith("文件") or parse_doc_number(line) is not None
            or ADDRESSEE_RE.fullmatch(line) is not None)


def _bare_annex_marker(line: str) -> bool:
    """`附件2` / `附件：` alone on its line: the label an annex's title stands under (not
    `附件材料须加盖公章。`)."""
    from policywatch.grammar.markers import match_marker

    m = match_marker(line)
    return m is not None and m.family == "annex" and not line[m.body_start:].strip()


def _at_page_break(lines: Sequence[str], k: int) -> bool:
    """Whether the repeat at k stands at a page break as a header does: a page number right
    before or after it; and it heads nothing of its own (no bare annex label `附件2` before it,
    no 文号, banner or addressee after it: the title of an annex or of the next notice)."""
    b = _neighbour(lines, k, -1)
    a = _neighbour(lines, k, 1)
    before, after = _line(lines, b), _line(lines, a)
    if not (is_page_furniture(before) or is_page_furniture(after)):
        return False
    label = _line(lines, _neighbour(lines, b, -1)) if is_page_furniture(before) else before
    if _bare_annex_marker(label):
        return False
    following = _line(lines, _neighbour(lines, a, 1)) if is_page_furniture(after) else after
    return not _heads_a_document(following)


def drop_title_headers(lines: list[str], whole: Callable[[str], bool] | None = None) -> list[str]:
    """Drop a PDF's running header that repeats the title: a title-zone line (one of the first
    TITLE_ZONE lines: short, no sentence, no marker, no banner or 文号) standing alone again at
    a page break (_at_page_break: beside a page number). Between the halves of a cut paragraph it
    kept them apart, and the segmenter read each repeat as the next document of a compilation.
    One such page break is enough (a two-page notice shows its header once). Only the repeats at
    page breaks go: a title written once more elsewhere (the measures under their notice, an
    annex's title, a statute's title after its 目录) is text and stays. It runs on the lines as
    extracted (PDF rows or paragraphs), before anything removes the page numbers that show it;
    `whole(row)` tells a PDF row that is a paragraph of its own from a piece of one (a row the
    page edge cut: the title's first row also starts a sentence of the signature)."""
    def alone(line: str) -> bool:
        return whole is None or whole(line)

    filled = [k for k, line in enumerate(lines[:TITLE_ZONE * 4]) if line.strip()][:TITLE_ZONE]
    titles = {lines[k].strip() for k in filled if _title_header_candidate(lines[k].strip()) and alone(lines[k])}
    if not titles:
        return lines
    repeats = [k for k in range(filled[-1] + 1, len(lines)) if lines[k].strip() in titles and alone(lines[k])]
    drop = {k for k in repeats if _at_page_break(lines, k)}
    if not drop:
        return lines
    # Once a page break shows the title is the running header, a repeat where no page number
    # shows the break (a header the extractor put a few rows off) goes too when the numbering
    # runs on across it: a title heading text of its own (an annex, the next notice, the
    # measures under their notice) is followed by a list that starts afresh, never by 第二章.
    # Only near the page furniture that shows a break (a page number or form feed a few rows
    # off) and never after a line announcing what follows (`…张贴下列文本：` quotes the title).
    drop.update(k for k in repeats if k not in drop and _near_page_furniture(lines, k)
                and _line(lines, _neighbour(lines, k, -1))[-1:] not in "：:" and _numbering_runs_on(lines, k))
    return [line for k, line in enumerate(lines) if k not in drop]


_RUN_ON_LOOKBACK = 400  # lines searched back for the clause a marker after a title repeat continues
_FURNITURE_ROWS = 3  # non-blank rows either side of a header off the break where its page number shows


def _near_page_furniture(lines: Sequence[str], k: int) -> bool:
    """Whether a page number or a form feed stands within _FURNITURE_ROWS non-blank rows of k."""
    if "\f" in lines[k]:
        return True
    for step in (-1, 1):
        j = k
        for _ in range(_FURNITURE_ROWS):
            j = _neighbour(lines, j, step)
            if j < 0:
                break
            if "\f" in lines[j] or is_page_furniture(lines[j].strip()):
                return True
    return False


def _numbering_runs_on(lines: Sequence[str], k: int) -> bool:
    """Whether the marker on the line right after line k continues a numbering written before
    k: the last marker of its family before k is the one before it (第一章 … k … 第二章)."""
    from policywatch.grammar.markers import match_marker  # grammar on first use: rare

    a = _neighbour(lines, k, 1)
    following = match_marker(_line(lines, a)) if a >= 0 else None
    if following is None or following.number is None or following.number < 2:
        return False
    for j in range(k - 1, max(-1, k - _RUN_ON_LOOKBACK), -1):
        m = match_marker(lines[j].strip())
        if m is not None and m.family == following.family:
            return m.number == following.number - 1
    return False


def drop_toc(lines: list[str]) -> list[str]:
    """Remove a table-of-contents block: `目录`, its entries and section headings.

    The block runs from a `目录` line over entries that end in a page number and short
    numbered headings; headings after the last entry belong to the body, and a block with
    fewer than two entries is not a TOC at all.
    """
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i][:1] != "目" or not TOC_HEAD_RE.match(lines[i]):  # the head starts with 目
            out.append(lines[i])
            i += 1
            continue
        end, last_entry, entries = i + 1, i, 0
        while end < n:
            line = lines[end]
            span = _toc_entry_lines(lines, end)
            if span:
                entries, last_entry = entries + 1, end + span - 1
                end += span
                continue
            if line.isdigit() and end == last_entry + 1 and entries:
                last_entry = end  # the rest of the entry's page number, cut off by a re-wrap
            elif not (MARKER_RE.match(line) and len(line) <= TOC_HEADING_MAX):
                break
            end += 1
        if entries < TOC_MIN_ENTRIES:
            out.append(lines[i])
            i += 1
            continue
        i = last_entry + 1
    return out


def _toc_entry_lines(lines: list[str], start: int) -> int:
    """How many lines from start make one TOC entry (a long entry a re-wrap cut up); 0: none."""
    if TOC_ENTRY_RE.match(lines[start]):
        return 1
    joined = lines[start]
    if len(joined) < TOC_WRAP_MIN:  # a short line is a heading, not an entry cut at the line end
        return 0
    for count, line in enumerate(lines[start + 1:start + TOC_ENTRY_MAX_LINES], 2):
        if MARKER_RE.match(line):  # the next heading or entry: this one did not end in a page number
            return 0
        joined += line
        if TOC_ENTRY_RE.match(joined):
            return count
    return 0


def drop_furniture(lines: list[str]) -> list[str]:
    """Drop page numbers, leader lines, chrome, stray links and the TOC block from stripped
    paragraphs (after markup removal, so `<u>http://…` is seen as the bare link it shows)."""
    kept = [
        line for line in drop_page_furniture([line for line in lines if line])
        if not is_boilerplate(line)
    ]
    return drop_toc(drop_injected_urls(kept))
