"""Validity terms a document states: `有效期至2025年12月31日`, `有效期5年`, `有效期延长至…`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from policywatch.extract.metadata import parse_date

_DATE = r"(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
_EXTENDED = re.compile(rf"有效期(?:限)?(?:[^。；\n]{{0,12}})?延长至\s*(?P<date>{_DATE})")
_UNTIL = re.compile(rf"有效期(?:限)?(?:截)?至\s*(?P<date>{_DATE})")
_YEARS = re.compile(r"有效期(?:限)?(?:为)?\s*(?P<n>\d{1,2}|[一二三四五六七八九十])\s*年")
_START = re.compile(rf"自\s*(?P<date>{_DATE})\s*起(?:施行|实施|执行|生效)")
# the document's own term: 本办法有效期… / 本政策自…起施行，有效期5年 (not 创新券有效期为一年)
_OWN = re.compile(r"本(?:办法|政策|细则|方案|规定|通知|意见|措施|计划|决定|规划|指南|实施意见|若干政策|若干措施)")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True, slots=True)
class Validity:
    """When a document's validity ends (ISO date, "" when it does not say) and the sentence saying so."""

    expires: str = ""
    extended: bool = False  # an extension of an earlier term
    evidence: str = ""


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in "。；\n") + 1
    rights = [i for c in "。；\n" if (i := text.find(c, end)) != -1]
    return text[left : min(rights) + 1 if rights else len(text)].strip()


def _own(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match whose sentence speaks of the document itself (本办法…)."""
    return next((m for m in pattern.finditer(text) if _OWN.search(_sentence(text, m.start(), m.end()))), None)


def validity_terms(text: str, written_date: str = "") -> Validity:
    """The validity term `text` states of itself; an extension wins over the original term."""
    if m := _own(_EXTENDED, text):
        return Validity(parse_date(m["date"]), True, _sentence(text, m.start(), m.end()))
    if m := _own(_UNTIL, text):
        return Validity(parse_date(m["date"]), False, _sentence(text, m.start(), m.end()))
    if m := _own(_YEARS, text):
        start = _START.search(text)
        begin = parse_date(start["date"]) if start else written_date
        if not begin:
            return Validity()
        years = int(m["n"]) if m["n"].isdigit() else _CN[m["n"]]
        first = date.fromisoformat(begin)
        try:
            end = first.replace(year=first.year + years) - timedelta(days=1)
        except ValueError:  # 29 February
            end = first.replace(year=first.year + years, day=28)
        return Validity(end.isoformat(), False, _sentence(text, m.start(), m.end()))
    return Validity()
