"""The 文号 (发文字号) grammar: issuer code, bracketed year, serial, 号.

A 文号 such as `宁政发〔2019〕37号` is the strongest key a policy document has. Pages type the
official bracket 〔〕 as [] ［］ () （） 【】, with or without spaces, in full or half width;
everything here folds those variants to one form so two spellings of one number compare equal.
This module is the one place that knows what a 文号 looks like (metadata extraction, listing
APIs and lineage detection all use it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policywatch.lazyre import LazyRegex

_SPACE = "[ \t\u3000\xa0]"
# „…“ is how a mis-decoded 〔〕 often arrives
OPEN_BRACKETS = "〔[［【(（„"
CLOSE_BRACKETS = "〕]］】)）“\""
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# issuer code: Chinese characters (and the odd Latin letter), at most 16; year 19xx/20xx in any
# bracket; a serial of 1-4 digits; 号.
DOC_NUMBER = LazyRegex(
    rf"(?P<code>[\u4e00-\u9fa5A-Za-z]{{1,16}}){_SPACE}*[{re.escape(OPEN_BRACKETS)}]{_SPACE}*"
    rf"(?P<year>(?:19|20)\d\d){_SPACE}*[{re.escape(CLOSE_BRACKETS)}]{_SPACE}*(?P<serial>\d{{1,4}}){_SPACE}*号"
)
# words a sentence puts right before a cited 文号 that are not part of its issuer code
_LEADING_NOISE = LazyRegex(r"^(?:.*[的和与及]|根据|按照|依据|依照|详见|原)")


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A parsed 文号: `code`〔`year`〕`serial`号."""

    code: str  # issuer code, e.g. 宁政发
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def _fold_digits(text: str) -> str:
    return text.translate(_FULLWIDTH_DIGITS)


def parse_doc_number(text: str) -> DocNumber | None:
    """The 文号 that `text` is (surrounding spaces allowed), or None when text is anything else.

    >>> str(parse_doc_number("苏经信科技[2018] 329 号"))
    '苏经信科技〔2018〕329号'
    >>> parse_doc_number("关于印发某某办法的通知") is None
    True
    """
    m = DOC_NUMBER.fullmatch(_fold_digits(text).strip(" \t\u3000\xa0"))
    return _from_match(m) if m else None


def _from_match(m: re.Match[str]) -> DocNumber:
    return DocNumber(code=m["code"], year=int(m["year"]), serial=int(m["serial"]))


def normalize_doc_number(text: str) -> str:
    """The 文号 in a metadata value, folded to `code〔year〕serial号`; "" when it holds none.

    A value that is not a 文号 (a title copied into an empty 发文字号 cell, "无") gives "".

    >>> normalize_doc_number(" 国办发（2017）35号 "), normalize_doc_number("某某市人民政府关于印发…的通知")
    ('国办发〔2017〕35号', '')
    """
    m = DOC_NUMBER.search(_fold_digits(text))
    return str(_from_match(m)) if m else ""


def find_doc_numbers(text: str) -> list[tuple[DocNumber, int, int]]:
    """Every 文号 cited in running text, with its (start, end) offsets, in order.

    The issuer code of a cited number is trimmed of the words a sentence puts before it
    (`根据国办发〔2017〕35号` → `国办发〔2017〕35号`).
    """
    found = []
    for m in DOC_NUMBER.finditer(_fold_digits(text)):
        code = _LEADING_NOISE.sub("", m["code"]) or m["code"]
        start = m.start() + (len(m["code"]) - len(code))
        found.append((DocNumber(code=code, year=int(m["year"]), serial=int(m["serial"])), start, m.end()))
    return found


def starts_with_doc_number(line: str) -> re.Match[str] | None:
    """A 文号 at the start of a line (a document's own number sits alone near its top)."""
    return DOC_NUMBER.match(_fold_digits(line))
