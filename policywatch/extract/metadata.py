"""Document metadata: 信息公开 label/value pairs, <meta> tags and the text itself → DocumentMetadata.

Shared by every format: HTML pages give a rendered line view of the page (cells separated by
tabs) and their <meta> tags; PDF, DOCX and text files give their text only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, islice

from policywatch.grammar import docnumber, starts_clause
from policywatch.grammar.dates import DATE_WRITTEN
from policywatch.grammar.dates import parse_date as parse_date  # re-exported: the crawler reads listed dates
from policywatch.grammar.organs import ORGAN_END
from policywatch.lazyre import LazyRegex
from policywatch.model import DocumentMetadata, validity

# Field -> label synonyms seen on government sites (govsites.md §3). Order within a field is
# irrelevant; the first label found in document order wins.
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "文件标题", "公文标题", "文件名称", "名称"),
    "doc_number": ("发文字号", "文号", "文件编号", "发文文号", "文件字号"),
    # 制定机关, 公布日期: a law library's (国家法律法规数据库) words for a 法规's issuer and publication
    "issuer": ("发文机关", "发布机构", "发文机构", "发文单位", "发布单位", "制发机关", "发布机关", "制定机关"),
    "written_date": ("成文日期", "生成日期", "发文日期", "成文时间", "印发日期"),
    "published_date": ("发布日期", "发布时间", "公开日期", "公开时间", "公布日期"),
    "index_no": ("索引号", "信息索引号"),
    "subject": ("主题分类",),
    # 是否有效 takes 是/否 (see clean_value); 状态 and 时效 count only with a status word after them
    "validity": ("有效性", "效力状态", "时效性", "有效状态", "文件状态", "时效", "状态", "是否有效"),
}
_LABEL_FIELD = {label: name for name, labels in LABELS.items() for label in labels}
# Labels that count only when a colon follows: body tables use 名称 as a column head, while
# 信息公开 blocks (Guangdong gkmlpt, Wuhan) write 名称：.
_COLON_ONLY = frozenset({"名称"})
# Labels that only separate other fields (so a value stops before them) but are not stored.
_OTHER_LABELS = ("组配分类", "分类", "统一编号", "主题词", "关键词", "体裁分类", "来源", "浏览次数", "信息分类", "信息类别",
                 "法律性质", "施行日期", "实施日期", "生效日期", "公文种类")

# <meta name=...> (lower-cased) -> field; first match per field wins, in this order.
META_NAMES: dict[str, str] = {
    "articletitle": "title",
    "pubdate": "published_date",
    "firstpublishedtime": "published_date",
    "publishdate": "published_date",
    "contentsource": "issuer",
}

# class or id words (lower-cased, without - and _) a page marks a field's value with when it
# labels the field in English, by an icon or not at all (<span class="pubdate">2022-11-08</span>,
# <div class="value indexno">); pinyin initials too (fbrq 发布日期, cwrq 成文日期, fwzh 发文字号).
# A word also counts as the end of a longer one (articlePubDate, xxgk_fbrq), except the
# three-letter ones, which could end any word.
CLASS_FIELDS: dict[str, str] = {
    "pubdate": "published_date", "publishdate": "published_date", "publishtime": "published_date",
    "pubtime": "published_date", "releasedate": "published_date", "fbrq": "published_date", "fbsj": "published_date",
    "indexno": "index_no", "indexnumber": "index_no", "syh": "index_no",
    "docnumber": "doc_number", "docno": "doc_number", "docnum": "doc_number", "fwzh": "doc_number", "wenhao": "doc_number",
    "publisher": "issuer", "issuer": "issuer", "fbjg": "issuer", "fwjg": "issuer",
    "writtendate": "written_date", "cwrq": "written_date",
    "validity": "validity", "yxx": "validity",
    "ztfl": "subject",
}
# 有效性 shown only by an empty icon's class (<span class="yxx youxiao">, <i class="icon-shixiao">,
# <span class="status-invalid">): a class name's words (split at - _ and case) naming a state, in
# pinyin or English, with nothing else in the name but words that only say it is a mark. A
# class with another word in it names something else: Bootstrap's invalid-feedback and
# is-invalid are a form's, not a document's state.
CLASS_STATES: dict[str, str] = {
    "youxiao": validity.IN_FORCE_SHORT, "xianxingyouxiao": validity.IN_FORCE, "valid": validity.IN_FORCE_SHORT,
    "effective": validity.IN_FORCE_SHORT, "inforce": validity.IN_FORCE_SHORT,
    "shixiao": validity.EXPIRED, "invalid": validity.EXPIRED, "expired": validity.EXPIRED,
    "ineffective": validity.EXPIRED, "lapsed": validity.EXPIRED,
    "bufenshixiao": validity.PARTLY + validity.EXPIRED, "bufenyouxiao": validity.PARTLY + validity.IN_FORCE_SHORT,
    "feizhi": validity.REPEALED, "abolished": validity.REPEALED, "abolish": validity.REPEALED,
    "repealed": validity.REPEALED, "revoked": validity.REPEALED, "annulled": validity.REPEALED,
}
_MARK_WORDS = frozenset({"icon", "ico", "iconfont", "i", "fa", "status", "state", "yxx", "sxx", "validity", "tag",
                         "label", "badge", "mark", "flag", "sign", "type", "doc", "file", "wj", "zt", "xxgk", "gk",
                         "img", "pic", "bg", "color", "red", "green", "gray", "grey", "blue", "orange", "s", "m", "l"})
_CLASS_WORD = LazyRegex(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def class_state(classes: Iterable[str]) -> str:
    """The 有效性 an empty element's class names state (CLASS_STATES), or "" when none does or
    two disagree."""
    found = {state for name in classes if (state := _class_name_state(name))}
    return found.pop() if len(found) == 1 else ""


@functools.lru_cache(maxsize=1024)
def _class_name_state(name: str) -> str:
    words = [word.lower() for word in _CLASS_WORD.findall(name)]
    states = {CLASS_STATES[word] for word in words if word in CLASS_STATES}
    if len(states) != 1 or not all(word in CLASS_STATES or word in _MARK_WORDS or word.isdigit() for word in words):
        return ""
    return states.pop()


_CLASS_SUFFIX = LazyRegex("(?:" + "|".join(sorted((w for w in CLASS_FIELDS if len(w) > 3), key=len, reverse=True)) + ")$")
VALUE_CHARS = 60  # longer text after a bare label or under a mark is a sentence or a block holding the field, no value

_SPACE = "[ \t\u3000\xa0]"
_SPACES = LazyRegex(f"{_SPACE}+")  # a LazyRegex: its compiled code is kept across processes, unlike re.sub's
_COLON = "[:：]"


def _label_regex(labels: Iterable[str]) -> str:
    # 标\u3000\u3000题: any label may be padded with spaces between its characters.
    spaced = (f"{_SPACE}*".join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True))
    return "|".join(spaced)


_ALL_LABELS = _label_regex(list(_LABEL_FIELD) + list(_OTHER_LABELS))
_KNOWN_LABELS = frozenset(_LABEL_FIELD) | frozenset(_OTHER_LABELS)


# A label starts a line or a cell (after a tab) or follows spaces when a colon comes after it.
# Two forms without a colon are read too, where a form's label stands (_pairs): 【索引号】value,
# the brackets standing for its colon, and a bare label ended by a space (<strong>文号</strong>
# 某发〔2022〕5号 renders `文号 某发…`).
# Compiled on first use (and then kept in the regex code cache): its CJK alternation costs ~20 ms
# to compile, which a plain-text `policywatch diff` (no label rows read) should not pay.
# One pattern, one branch: a second top-level branch for the bare label doubled the time of the
# search over a long page's text, most of which holds no label at all.
# A label's English translation may stand between it and its colon: 索引号(Index No.)：, 发文机关 /
# Issuing Authority： (the gloss group; its words checked in _pairs).
_PAIR = LazyRegex(rf"(?:^|\t|(?<=[ \t\u3000\xa0【]))(?P<label>{_ALL_LABELS})"
                  rf"(?P<gloss>{_SPACE}*(?:[(（][A-Za-z][A-Za-z .]*[)）]|/{_SPACE}*[A-Za-z][A-Za-z .]*(?=[:：])))?"
                  rf"{_SPACE}*(?P<end>{_COLON}|】|\t|$|(?<={_SPACE}))",
                  re.M)
_CLOSED = ("：", ":")
# what a sentence holds and a field's value does not: a body's instructions about the fields
# (【标题】应与正文标题一致，不得简写 / 标题 应当简明扼要。) read as values replaced the page's own
_SENTENCE = LazyRegex("[，。；！？,;!?]")
# a date as a field's value: digits or Chinese numerals, its 年月日 and separators, a time after it
# (今天是2023年12月05日 星期二 is a page's clock, not its 发布日期)
_DATE_VALUE = LazyRegex(r"[0-9０-９〇○零一二三四五六七八九十年月日号时分秒:：\-./ ]+")
_VALIDITY_CHARS = 6  # 现行有效, 已废止: longer under that name is a notice about validity
# a marked date with what may stand around it: brackets, a label before it (日期：, 发布于, 发布时间)
# and a labelled value after it (来源：某局); a clock's words (今天是…星期二) match none of it
_MARKED_DATE = LazyRegex(r"[\[［【（(]?\s*(?:[\u4e00-\u9fa5]{1,6}[:：]|发布于)?\s*"
                         r"(?P<date>[0-9０-９〇○零一二三四五六七八九十][0-9０-９〇○零一二三四五六七八九十年月日号时分秒:：\-./ ]*?)"
                         r"\s*[\]］】）)]?(?:\s+[\u4e00-\u9fa5]{1,6}[:：].*)?")
# a label cell's English translation after the label (索引号 Index No., 发布日期 Published): Latin
# words to the end of the cell, the value in the next one
_GLOSS = LazyRegex(r"[ \u3000\xa0]*[A-Za-z][A-Za-z .]*\t")
_BODY_SENTENCE = LazyRegex("[。！？；]")  # where a page's text starts: its first sentence's end
_COLON_IN = LazyRegex(r"[:：](?![0-9])")  # a label inside (主办：…), a time's colon aside


def _pairs(row: str, *, bare: bool = True) -> list[re.Match[str]]:
    """The label matches of one line: a label closed by a colon; one ending its cell or line
    (not a colon-only one); and 【label】 or a bare label (`文号 value`) only where a label stands,
    at the start of the line or a cell or after another field's value (never mid-sentence: 请在
    【标题】栏填写…), and only before what looks like that field's value (_form_value). A bare
    label never ends a colon-labelled value (标题：关于做好生活垃圾 分类 工作的通知 is one title:
    a label word in it marks nothing), and none is read with `bare` False (a body's lines)."""
    found: list[re.Match[str]] = []
    pending: set[int] = set()  # ids of the bracketed and bare ones, their values judged below
    for m in _PAIR.finditer(row):
        label = _SPACES.sub("", m["label"])
        if m["gloss"] and not _is_gloss(m["gloss"]):
            continue  # 名称(暂定)：… or 来源/Xinhua： : a label word with other Latin words, no field
        bracketed = _bracketed(row, m)
        if m["end"] in _CLOSED:
            found.append(m)
        elif m["end"] == "】" and not bracketed:
            continue
        elif "\t" in row[m.end("label"):m.end()] or m.end() == len(row):  # ends its cell or line
            if label not in _COLON_ONLY or bracketed or _titled_cell(row, m.end()):
                found.append(m)
        elif (bracketed and (found or _cell_start(row, _label_start(row, m)))) or (
                bare and label not in _COLON_ONLY and not bracketed
                and (_cell_start(row, m.start()) or (found and found[-1]["end"] not in _CLOSED))):
            found.append(m)
            pending.add(id(m))
    if not pending:
        return found
    kept = []
    for n, m in enumerate(found):
        end = _label_start(row, found[n + 1]) if n + 1 < len(found) else len(row)
        if id(m) not in pending or _form_value(_LABEL_FIELD.get(_SPACES.sub("", m["label"]), ""),
                                               _without_gloss(row[m.end():end])):
            kept.append(m)
    return kept


# the words of a label's English translation (Index No., Issuing Agency, Date of Publication):
# Latin text of other words is the value itself (发文机关：MOFCOM), not a gloss
_GLOSS_WORDS = frozenset((
    "index", "no", "number", "doc", "document", "file", "reference", "ref", "serial", "code", "issuing", "issued",
    "issue", "issuer", "agency", "authority", "organ", "organization", "department", "date", "of", "time",
    "publication", "published", "publish", "release", "released", "written", "signed", "validity", "valid", "status",
    "effective", "effectiveness", "subject", "category", "topic", "classification", "title", "name", "writing",
    "signing", "dated", "issuance", "by"))


def _is_gloss(text: str) -> bool:
    """True when `text` (Index No., (Date of Publication), / Issuing Authority) is a label's
    English translation: its words all words of one (_GLOSS_WORDS)."""
    words = re.sub(r"[()（）/.]", " ", text).lower().split()
    return bool(words) and all(word in _GLOSS_WORDS for word in words)


def _titled_cell(row: str, at: int) -> bool:
    """True when the cell starting at `at` holds a document's title: a colon-only label (名称)
    ending its own cell names the field when its value cell reads as a title (名称⇥关于…的通知),
    not when a column of other heads follows it (名称⇥数量⇥单价)."""
    return ends_like_title(row[at:].split("\t", 1)[0])


def _without_gloss(raw: str) -> str:
    """A label's value without the English the label cell gives after the label (索引号 Index
    No.⇥value): Latin words of a label's translation up to the cell's end, a value after them."""
    gloss = _GLOSS.match(raw)
    if not gloss or not raw[gloss.end():].strip():
        return raw
    return raw[gloss.end():] if _is_gloss(gloss.group()) else raw


def _bracketed(row: str, m: re.Match[str]) -> bool:
    """【索引号】: a label in lenticular brackets, which stand for its colon."""
    return m["end"] == "】" and m.start("label") > 0 and row[m.start("label") - 1] == "【"


def _label_start(row: str, m: re.Match[str]) -> int:
    """Where a label match's label begins in `row`, its opening 【 included: where the value
    before it ends (0001/2023-00001【发布日期】… kept a stray 【)."""
    start = m.start("label")
    return start - 1 if _bracketed(row, m) else m.start()


def _cell_start(row: str, at: int) -> bool:
    """True when only spaces stand between `at` and the start of its line or cell."""
    before = row[:at].rstrip(" \u3000\xa0")
    return not before or before.endswith("\t")


def _form_value(field: str, raw: str) -> bool:
    """Whether `raw`, after a 【label】 or bare label, looks like the field's value: short, no
    sentence, and what clean_value reads as that field (an issuer an organ's name). A label
    that separates other fields (主题分类) only has to be followed by something."""
    value = _SPACES.sub(" ", raw).strip(" \t\u3000\xa0")
    if not value or len(value) > VALUE_CHARS or _SENTENCE.search(value):
        return False
    if not field:
        return True
    if field == "issuer":
        return bool(_ORGAN_NAMES.fullmatch(value))
    if field in ("written_date", "published_date") and not _DATE_VALUE.fullmatch(value):
        return False
    if field == "validity" and len(value) > _VALIDITY_CHARS:
        return False
    return bool(clean_value(field, value))


def _label(m: re.Match[str]) -> str:
    return m["label"]


# -------------------------------------------------------------------------- values

# the 文号 grammar lives in policywatch.grammar.docnumber; DOC_NUMBER is re-exported for callers here
DOC_NUMBER = docnumber.DOC_NUMBER
_STANDALONE_DATE = LazyRegex(rf"^{_SPACE}*(?:{DATE_WRITTEN.pattern}){_SPACE}*$")
# what an organ's name ends with: the one vocabulary of issuer names (grammar/organs)
_ORGAN_END = ORGAN_END
_ISSUER_LINE = LazyRegex(rf"^[\u4e00-\u9fa5（）()]{{3,40}}{_ORGAN_END}$")
# an issuer after a 【label】 or bare label: one organ or several joined by 、 or spaces, each of
# any length (国务院, 教育部, 审计署, 中国人民银行; a signature line above a date keeps _ISSUER_LINE's three)
_ORGAN_NAMES = LazyRegex(rf"[\u4e00-\u9fa5（）()]{{1,40}}{_ORGAN_END}(?:[、 ][\u4e00-\u9fa5（）()]{{1,40}}{_ORGAN_END})*")
# a title word, and the note a title may close with after it: its edition or state (（2023年修订）, （修订版）,
# （试行）, （征求意见稿）) or a plan's years (（2021—2023年）), never a number (a cited 文号 is no title's)
_TITLE_END = LazyRegex(r"(?:通知|意见|决定|办法|规定|方案|计划|细则|批复|函|公告|通告|报告|规划|纲要|措施|条例|指引|指南|政策|说明|解读)"
                       r"(?:[（(][^（）()号]{1,12}[）)])?$")
# the clause families a title block never runs into (一、 （一） (1) 第X章/节/条)
_CLAUSE_FAMILIES = frozenset({"cn", "pcn", "par", "chapter", "section", "article"})
_SENTENCE_ENDS = ("。", "；", ";", "，", ",", "：", ":")
_EMPTY_VALUES = {"", "无", "-", "--", "/", "暂无"}


def fold_doc_number(text: str) -> str:
    """The 发文字号 in a value, any bracket variant (and the „…“ mojibake) folded to 〔〕, spaces
    removed; an order's number (`南湖市人民政府令第3号`, a 规章's) as written; "" when the value holds
    neither (a title pasted into an empty 发文字号 cell).

    >>> fold_doc_number("苏经信科技[2018] 329 号"), fold_doc_number("关于印发某办法的通知")
    ('苏经信科技〔2018〕329号', '')
    """
    return docnumber.written_number(text)


# what separates the fields of one info line (发布时间：… | 发布机构：… | 文号：…): no part of a value
_FIELD_SEPARATORS = " \t\u3000\xa0:：|｜"
# an organ's name with its English name after it (南溪市商务局 Nanxi Municipal Bureau of Commerce)
_ENGLISH_AFTER = LazyRegex(r"(?P<name>.*[\u4e00-\u9fa5）)])[ \u3000\xa0]+[A-Za-z][A-Za-z .,&'()-]*")


def clean_value(field: str, value: str) -> str:
    value = _SPACES.sub(" ", value).strip(_FIELD_SEPARATORS)
    if value in _EMPTY_VALUES:
        return ""
    if field in ("written_date", "published_date"):
        return parse_date(value)
    if field == "doc_number":
        return fold_doc_number(value)
    if field == "validity":
        return _validity(value)
    if field == "issuer" and (named := _ENGLISH_AFTER.fullmatch(value)) and _ORGAN_NAMES.fullmatch(named["name"]):
        return named["name"]
    return value


def _validity(value: str) -> str:
    """A 有效性 value as the page states it, 是/否 as 有效/失效; "" when it names no legal status
    (a generic 状态： label over 已发布, 正常 …)."""
    if value in validity.YES_NO:
        return validity.YES_NO[value]
    return value if any(word in value for word in validity.STATUS_WORDS) else ""


# -------------------------------------------------------------------------- sources


def from_labels(lines: str, *, headed: bool = False) -> DocumentMetadata:
    """Label/value pairs from a line view of a page: 'LABEL：value', 'LABEL\tvalue', a label line
    followed by its value line, or a row of labels over one row of their values (a horizontal
    信息公开 table). The first value found for a field wins. `headed`: the page heads its text
    with its title (an <h1>/<h2> worded as one), which a 名称 cell does not override."""
    values: dict[str, str] = {}
    rows = lines.splitlines()
    skip = -1
    # bare labels (`文号 value`) only before the body's first sentence: a 信息公开 block stands
    # above the text, and a body listing documents (清理结果: `文件名称 关于…`, `文号 某政发…`)
    # gave the listed document's title, 文号 and date to the page
    sentence = _BODY_SENTENCE.search(lines)
    body = lines.count("\n", 0, sentence.start()) if sentence else len(rows)
    for index in _labelled_rows(lines, rows):
        # a row without a label gives nothing (a header row's cells are its own labels)
        if index == skip:
            continue
        row = rows[index]
        columns = _column_values(rows, index)
        if columns:
            _keep_first(values, columns)
            skip = index + 1  # the value row holds no labels of its own
            continue
        matches = _pairs(row, bare=index < body)
        for n, m in enumerate(matches):
            field = _LABEL_FIELD.get(_SPACES.sub("", _label(m)))
            end = _label_start(row, matches[n + 1]) if n + 1 < len(matches) else len(row)
            raw = row[m.end():end]
            if m.start("label") and row[m.start("label") - 1] == "【":
                raw = raw.split("】", 1)[0]  # 【发文机关：国务院办公厅】 【发布时间：…】: the bracket closes the value
            else:
                raw = _without_gloss(raw)
            alone = not row[: m.start()].strip(" \t\u3000\xa0") and not raw.strip(" \t\u3000\xa0:：")
            if alone and index + 1 < len(rows) and "\t" not in row.strip("\t"):
                # a label alone in its block: its value is the next line, unless that is a label too
                # (a label among other cells is a table's column head: the next row is data)
                following = rows[index + 1]
                raw = "" if _pairs(following) and _pairs(following)[0].start() == 0 else following
            if field == "title" and _SPACES.sub("", _label(m)) in _COLON_ONLY and m["end"] not in _CLOSED \
                    and not _bracketed(row, m) and (headed or not _beside_fields(rows, index)):
                continue  # a 名称 cell of a body table (征求意见: 名称⇥…办法（征求意见稿）), not the page's field box
            if field:
                _keep_first(values, [(field, raw)])
    return DocumentMetadata.from_dict(values)


def _beside_fields(rows: list[str], index: int) -> bool:
    """True when a row next to `index` is a row of the page's field box: a table row (cells) that
    labels another field (索引号, 文号, 发布机构 …). A 名称 cell is the page's title only there."""
    for near in rows[max(index - 1, 0):index] + rows[index + 1:index + 2]:
        if "\t" in near.strip("\t") and any(_LABEL_FIELD.get(_SPACES.sub("", _label(m))) not in (None, "title")
                                              for m in _pairs(near)):
            return True
    return False


# What splitlines() ends a line at besides "\n": with none of them in a text, its rows are its
# "\n"-separated pieces and one search of the whole text finds the rows holding a label.
_OTHER_LINE_BREAK = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _labelled_rows(lines: str, rows: list[str]) -> Iterable[int]:
    """The indexes of `rows` (lines.splitlines()) where _PAIR finds a label, in order: from one
    search of the whole text (most rows of a long page hold none, and a search per row was
    most of from_labels' time), or row by row when the text has other line breaks. A match
    never spans rows: no label, space or colon of _PAIR is a line break."""
    if _OTHER_LINE_BREAK.search(lines):
        return [index for index, row in enumerate(rows) if _PAIR.search(row)]
    found: list[int] = []
    row, seen = 0, 0
    for m in _PAIR.finditer(lines):
        row += lines.count("\n", seen, m.start())
        seen = m.start()
        if not found or found[-1] != row:
            found.append(row)
    return found


def _keep_first(values: dict[str, str], pairs: Iterable[tuple[str, str]]) -> None:
    for field, raw in pairs:
        if field and field not in values and (value := clean_value(field, raw)):
            values[field] = value


def _column_values(rows: list[str], index: int) -> list[tuple[str, str]]:
    """(field, value) of a header row of three or more cells that are all labels
    ("索引号\t发文字号\t发布日期") over exactly one row of as many cells without labels; [] else.
    A second row of that width makes it a list (a body table of documents), not a 信息公开 block."""
    heads = rows[index].split("\t")
    if len(heads) < 3 or index + 1 >= len(rows):
        return []
    fields = []
    for cell in heads:
        found = _pairs(cell)
        if len(found) != 1 or found[0].start() != 0 or cell[found[0].end():].strip(" \t\u3000\xa0:："):
            return []
        fields.append(_LABEL_FIELD.get(_SPACES.sub("", _label(found[0])), ""))
    # an empty cell is an empty field between two tabs (render_lines(empty_cells=True))
    cells = rows[index + 1].split("\t")
    if len(cells) != len(heads) or _pairs(rows[index + 1]):
        return []
    if index + 2 < len(rows) and len(rows[index + 2].split("\t")) == len(heads):
        return []
    return list(zip(fields, cells, strict=True))


def field_label(lines: str, field: str) -> str:
    """The label (as the page writes it, e.g. 发文字号) of the first line giving `field` a value."""
    for row in lines.splitlines():
        for m in _pairs(row):
            label = _SPACES.sub("", _label(m))
            if _LABEL_FIELD.get(label) == field:
                return label
    return ""


def doc_number_origin(labelled: DocumentMetadata, text: DocumentMetadata, lines: str = "", mark: str = "") -> str:
    """Where a document's 文号 came from: its 信息公开 label, a 文号 line at the top of its text,
    or (`mark`, the class or id word, when neither gave one) an element named by its class or id."""
    if labelled.doc_number:
        return f"label {field_label(lines, 'doc_number') or '发文字号'}".strip()
    if text.doc_number:
        return "text (a 文号 line near the top)"
    if mark:
        return f"element marked {mark} (class or id)"
    return ""


def is_label_word(text: str) -> bool:
    """True when `text` is a known label and nothing else (索引号, 发 布 机 构), no colon after it,
    or one with its English translation before or after it (Index No. 索引号, 发文字号 Doc No.)."""
    stripped = text.strip()
    if len(stripped) <= _SPACED_LABEL_CHARS and _SPACES.sub("", stripped) in _KNOWN_LABELS:
        return True
    # a translation starts or ends it: most short strings of a page (a cell's 12345, 某某数据)
    # are told apart here, without the regex
    if not stripped or not (_latin(stripped[0]) or _latin(stripped[-1]) or stripped[-1] == "."):
        return False
    glossed = _GLOSSED_LABEL.fullmatch(stripped)
    if not glossed:
        return False
    label, gloss = glossed["label"] or glossed["label2"], glossed["gloss"] or glossed["gloss2"]
    return _SPACES.sub("", label) in _KNOWN_LABELS and _is_gloss(gloss)


_SPACED_LABEL_CHARS = 24  # the longest label word alone, spaces inside it included (信　　息　　索　　引　　号)


def _latin(char: str) -> bool:
    return "A" <= char <= "Z" or "a" <= char <= "z"


_GLOSSED_LABEL = LazyRegex(r"(?:(?P<gloss>[A-Za-z][A-Za-z .]*)[ \u3000\xa0]*(?P<label>[\u4e00-\u9fa5][\u4e00-\u9fa5 \u3000\xa0]*)"
                           r"|(?P<label2>[\u4e00-\u9fa5][\u4e00-\u9fa5 \u3000\xa0]*?)[ \u3000\xa0]*(?P<gloss2>[A-Za-z][A-Za-z .]*))")


def has_label(line: str) -> bool:
    """True when a line holds a metadata label in label position."""
    return bool(_pairs(line))


def from_meta_tags(tags: Mapping[str, str]) -> DocumentMetadata:
    """Fields from <meta name=… content=…> tags (names compared case-insensitively)."""
    values: dict[str, str] = {}
    for name, field in META_NAMES.items():
        content = tags.get(name, "")
        if field not in values and content.strip():
            value = clean_value(field, content)
            if value:
                values[field] = value
    return DocumentMetadata.from_dict(values)


def marked_field(marks: Iterable[str]) -> str:
    """The field (CLASS_FIELDS) one of an element's class or id words marks it as holding, or ""."""
    return next((field for mark in marks if (field := _mark_field(mark))), "")


@functools.lru_cache(maxsize=4096)
def _mark_field(mark: str) -> str:
    # cached: a page repeats a few class names on thousands of elements (a table's cells)
    word = mark.lower().replace("-", "").replace("_", "")
    found = _CLASS_SUFFIX.search(word)
    return CLASS_FIELDS.get(word) or (CLASS_FIELDS[found[0]] if found else "")


def from_marked(values: Iterable[tuple[str, str, Callable[[], str]]]) -> tuple[DocumentMetadata, dict[str, str]]:
    """Fields from (field, mark, text) of the elements marked_field names, in document order, and
    the mark (class or id word) each field came from. `text` gives the element's text, or "" when
    it is longer than VALUE_CHARS; it is not asked once the field is known to be a list's
    column. The first value per field that looks like one (_form_value: no clock, no notice, no
    labelled line) is kept, unless the field is marked again with another value; then the mark
    is a list's column (the dates of a 相关文件 list), not the page's own field, and gives nothing."""
    found: dict[str, str] = {}
    marks: dict[str, str] = {}
    listed: set[str] = set()
    for field, mark, text in values:
        if field in listed:
            continue
        raw = text()
        if field in ("written_date", "published_date") and (dated := _MARKED_DATE.fullmatch(raw.strip())):
            raw = dated["date"]  # [2023-07-02], 日期：2023-07-02, 发布于 2023-07-02, 2023-07-02 来源：某局
        value = clean_value(field, raw) if _form_value(field, raw) and not _COLON_IN.search(raw) else ""
        if not value:
            continue
        if found.setdefault(field, value) != value:
            listed.add(field)
        marks.setdefault(field, mark)
    kept = {field: value for field, value in found.items() if field not in listed}
    return DocumentMetadata.from_dict(kept), {field: marks[field] for field in kept}


def from_text(text: str) -> DocumentMetadata:
    """What the text of a document itself says: title, 文号 near the top, signature and date."""
    # stripped as they are read: the title and 文号 are near the top and the signature is the
    # first date line, so a long text is seldom stripped to its end
    lines = (stripped for line in text.splitlines() if (stripped := line.strip(" \t\u3000\xa0")))
    head = list(islice(lines, 20))
    # a copy from a database or a page often opens with its fields: `文号：…`, `发布日期：…`
    labelled = [line for line in head if _is_label_line(line)]
    head = [line for line in head if line not in labelled]
    # a document's own 文号 starts a line near the top; one inside a sentence is a cited document
    number = next((m[0] for line in head[:15] if (m := docnumber.starts_with_doc_number(line))), None)
    if number is None:  # a 规章's order number under or over its title (省政府令第114号), one row or two
        number = docnumber.order_number_heading(head[:6])
    written, issuer = _signature(chain(head, lines))
    found = DocumentMetadata(
        title=title_from_lines(head),
        doc_number=fold_doc_number(number) if number else "",
        issuer=issuer,
        written_date=written,
    )
    return from_labels("\n".join(labelled)).merged(found) if labelled else found


def _is_label_line(line: str) -> bool:
    """`文号：浙经信装备〔2023〕198号`: a field of the document (a known label, then a colon), not its
    title or text. Checked without the label regex, which a text with no such line never compiles."""
    for colon in "：:":
        at = line.find(colon)
        if 0 < at <= 12 and "".join(line[:at].split()) in _KNOWN_LABELS:
            return True
    return False


def _signature(lines: Iterable[str]) -> tuple[str, str]:
    """(成文日期, 发文机关) from the first standalone date line and the agency line above it."""
    above = ""
    for line in lines:
        if _STANDALONE_DATE.match(line):
            above = _SPACES.sub("", above)
            return parse_date(line), above if _ISSUER_LINE.match(above) else ""
        above = line
    return "", ""


def _wrapped_title_start(compact: list[str], index: int) -> bool:
    """`某市人民政府办公室关于印发某市加快推进新型⏎储能产业发展实施方案的通知`: the issuer's 关于
    line is the first row of a title whose next row ends it (no sentence punctuation in between)."""
    line = compact[index]
    following = compact[index + 1] if index + 1 < len(compact) else ""
    return (index < 8 and 0 < line.find("关于") <= 30 and len(line) + len(following) <= 80
            and not any(mark in line + following for mark in _SENTENCE_ENDS)
            and bool(_TITLE_END.search(following)) and not _TITLE_END.search(line))


def ends_like_title(text: str) -> bool:
    """True when text ends as a document title does (…通知, …办法, …意见), unlike a site's name."""
    return bool(_TITLE_END.search(text.strip()))


_CRUMB_START = LazyRegex(r"(?:当前位置|您的位置|您当前的位置|您现在的位置|您当前位置|当前所在位置|所在位置|首页)")
_CRUMB_SEPARATOR = LazyRegex(r">+|＞+|»|›|→|/")
_CRUMB_CHARS = 12  # the longest column name a breadcrumb's segment holds


def is_breadcrumb(line: str) -> bool:
    """True when `line` is a site's path (当前位置：首页 > 政务公开 > 通知公告, 首页/新闻中心/公示公告):
    it starts as one does, or is short segments joined by >, », → (or at least two /)."""
    compact = _SPACES.sub("", line)
    if _CRUMB_START.match(compact):
        return True
    # a title may hold a > or / of its own (浓度>75μg/m³, A级/B级/C级纳税人, “双减”→“双增”): one that
    # opens with 关于 or quotes a title is never a path, and a path without its 首页 has three columns
    if compact.startswith("关于") or "《" in compact:
        return False
    parts = _CRUMB_SEPARATOR.split(compact)
    if len(parts) < 3:
        return False
    return all(0 < len(part) <= _CRUMB_CHARS and not part.isdigit() for part in parts)


def title_from_lines(lines: list[str]) -> str:
    """The title among a document's first lines: a 关于… heading (joined across hard wraps),
    else the first short line that is not a red header, a 文号 or a date."""
    # a breadcrumb (当前位置：首页>政务公开>通知公告) is the site's path, never the title: its
    # last column's name (通知公告) ends like one
    compact = ["" if is_breadcrumb(line) else _SPACES.sub("", line).lstrip("#").strip() for line in lines]
    for index, line in enumerate(compact):
        if (line.startswith("关于") or (_TITLE_END.search(line) and len(line) <= 60 and index < 8)
                or _wrapped_title_start(compact, index)):
            title = line
            for following in compact[index + 1 : index + 3]:
                # "…若干政策⏎措施": a title word can end a wrapped row while the title goes on
                continues = len(following) <= 10 and bool(_TITLE_END.search(following))
                if ((_TITLE_END.search(title) and not continues) or DOC_NUMBER.search(following)
                        or len(following) > 30 or starts_clause(following, _CLAUSE_FAMILIES) or following.endswith(("：", ":"))):
                    break
                title += following
            return title.strip("《》") if title.startswith("《") and title.endswith("》") else title
    for line in compact:
        if line.endswith("文件") or DOC_NUMBER.fullmatch(line) or _STANDALONE_DATE.match(line):
            continue
        # a text that starts with its clauses (`第一条 …`, `一、…`) or a sentence has no title
        # line: naming it by its first clause would report every edit of that clause as a
        # retitling too
        if starts_clause(line, _CLAUSE_FAMILIES) or line.endswith(_SENTENCE_ENDS):
            return ""
        if 4 <= len(line) <= 60:
            return line
    return ""
