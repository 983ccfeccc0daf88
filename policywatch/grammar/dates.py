"""Date forms: `2018年5月11日`, `2018 年 5 月 11 日`, `2024.1.2`, `2024-01-02`, `2024/1/2` and
the Chinese-numeral form of signatures and statute title blocks (`二〇一八年五月十一日`)."""

from __future__ import annotations

import re

from policywatch.grammar.numerals import (
    FULLWIDTH_DIGITS,
    format_chinese,
    format_chinese_digits,
    parse_chinese,
)
from policywatch.lazyre import LazyRegex

CN_YEAR = "[〇零○一二三四五六七八九]{4}"
CN_MONTH_DAY = "[一二三四五六七八九十]{1,3}"
DATE_NUM = LazyRegex(r"((?:19|20)\d\d)\s*(?:年|-|\.|/)\s*(\d{1,2})\s*(?:月|-|\.|/)\s*(\d{1,2})(?!\d)")
DATE_CN = LazyRegex(rf"({CN_YEAR})年({CN_MONTH_DAY})月({CN_MONTH_DAY})日")
# Written with 年月日 only (the `.`/`-` forms are too easily part of something else in a line).
DATE_WRITTEN = LazyRegex(
    rf"(?:(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|{CN_YEAR}年{CN_MONTH_DAY}月{CN_MONTH_DAY}日)"
)


def parse_date(text: str) -> str:
    """The first valid date written in `text` as ISO YYYY-MM-DD, or "" (full-width digits fold).

    >>> parse_date("2018 年 5 月 11 日"), parse_date("二〇一八年五月十一日"), parse_date("2024.1.2")
    ('2018-05-11', '2018-05-11', '2024-01-02')
    """
    text = text.translate(FULLWIDTH_DIGITS)
    found = []
    if m := DATE_NUM.search(text):
        found.append((m.start(), _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    if m := DATE_CN.search(text):
        found.append((m.start(), _iso(parse_chinese(m.group(1)), parse_chinese(m.group(2)), parse_chinese(m.group(3)))))
    found = [f for f in found if f[1]]
    return min(found)[1] if found else ""


def _iso(year: int, month: int, day: int) -> str:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def written_forms(iso: str) -> list[str]:
    """The ways a document prints an ISO date: 2024年3月20日, 2024年03月20日, 二〇二四年三月二十日."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if m is None:
        return [iso]
    year, month, day = m.groups()
    cn_year = format_chinese_digits(int(year))
    return [f"{year}年{int(month)}月{int(day)}日", f"{year}年{month}月{day}日",
            f"{cn_year}年{format_chinese(int(month))}月{format_chinese(int(day))}日", iso]
