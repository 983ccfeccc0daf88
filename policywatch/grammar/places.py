"""The places an issuer's name opens with: `南湖市清河区人民政府` → 南湖市, 清河区.

One grammar for every reader of an issuer's place: lineage (whose copy of a document is the
original) and the order numbers cited without their place (`市政府令第20号` from a 南湖市 office is
南湖市's: grammar/docnumber.qualify). A place's name has two characters at least before its level
word (和县 aside, where asked for: _ONE_CHARACTER_NAMES), so 城市管理局 names none, and the 州 of 广州市 is part of a city's name, not a prefecture.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from policywatch.lazyre import LazyRegex

__all__ = ["ABBREVIATIONS", "LEVELS", "Place", "places", "read_places"]

# the level words an order cited without its place opens with (省政府令, 自治区政府令, 州政府令)
LEVELS = ("自治区", "省", "市", "州", "盟", "区", "县", "旗")
# what a place's name ends with, the longer words first (壮族自治区 before 自治区 before 区)
_SUFFIXES = ("特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "自治县", "自治旗",
             "省", "市", "区", "县", "州", "旗", "盟")
_PLACE = LazyRegex(rf"(?P<name>[\u4e00-\u9fff]{{2,8}}?)(?P<suffix>{'|'.join(_SUFFIXES)})")
# Of the counties whose name is one character (沛县, 歙县), 和县 (安徽) is the one whose character the 文号
# grammar would otherwise read as the sentence's (a connective: grammar/docnumber). One character before
# 县 is as often a word's last (市和县, 各县, 文件和县政发: the connective's), so it is read only where the
# reader asks for it (`one_character`): where no connective can stand, right after a lead-in word
# (根据和县政发 cites 和县政发 as 根据和平区政发 cites 和平区政发).
_ONE_CHARACTER_NAMES = ("和",)
_ONE_CHARACTER_PLACE = LazyRegex(rf"(?P<name>[{''.join(_ONE_CHARACTER_NAMES)}])(?P<suffix>县)")

# The 简称 a 文号 opens with where it is not the place's first character (省 and a few cities): how
# a code names its place (lineage/reposts) and where a cited code starts (grammar/docnumber).
ABBREVIATIONS: Mapping[str, str] = {
    "北京": "京", "天津": "津", "河北": "冀", "山西": "晋", "内蒙古": "蒙", "辽宁": "辽", "吉林": "吉",
    "黑龙江": "黑", "上海": "沪", "江苏": "苏", "浙江": "浙", "安徽": "皖", "福建": "闽", "江西": "赣",
    "山东": "鲁", "河南": "豫", "湖北": "鄂", "湖南": "湘", "广东": "粤", "广西": "桂", "海南": "琼",
    "重庆": "渝", "四川": "川", "贵州": "黔", "云南": "云", "西藏": "藏", "陕西": "陕", "甘肃": "甘",
    "青海": "青", "宁夏": "宁", "新疆": "新", "香港": "港", "澳门": "澳",
    "南京": "宁", "广州": "穗", "福州": "榕", "成都": "蓉",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One place of an issuer's name: `name` (南湖), `suffix` (市), and where it ends in the name."""

    name: str
    suffix: str
    end: int

    def has_level(self, level: str) -> bool:
        """Whether the place is of a level word of LEVELS: its suffix ends with it, and not with a longer
        level word ending the same way (延边朝鲜族自治州 is a 州; 广西壮族自治区 is an 自治区, never a 区, which
        is a district: 区政府令 is a district's order, 自治区政府令 the region's)."""
        return self.suffix.endswith(level) and not any(
            self.suffix.endswith(longer) for longer in LEVELS if longer != level and longer.endswith(level))


def read_places(issuer: str, *, one_character: bool = False) -> list[Place]:
    """The places an issuer's name opens with, outermost first; with `one_character`, a name of one
    character (和县) opening it too."""
    found, at = [], 0
    while (m := (one_character and not at and _ONE_CHARACTER_PLACE.match(issuer)) or _PLACE.match(issuer, at)) is not None:
        found.append(Place(m["name"], m["suffix"], m.end()))
        at = m.end()
    return found


def places(issuer: str) -> list[str]:
    """The names of the places an issuer's name opens with, outermost first: `南湖市清河区人民政府` →
    南湖, 清河; the most specific (the last) is whose the issuer is."""
    return [place.name for place in read_places(issuer)]
