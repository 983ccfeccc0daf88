"""What an organ's name ends with, and where it starts: the one vocabulary of issuer names.

`福建省农业厅`, `南京市人民政府办公厅`, `中国人民银行`, `审计署`: read by metadata extraction (an issuer
line above a date, a labelled issuer), by the signature grammar (grammar/signature.py) and by the 文号
grammar (a local organ's 公告 series number, `浙江省市场监督管理局公告2020年第5号`; the issuer of an order,
`南湖市人民政府令第3号`).
"""

from __future__ import annotations

from policywatch.grammar.places import read_places

# the longer words first where one ends another (委员会 before 委; 政府 covers 人民政府, 会 管委会)
ORGAN_SUFFIXES = ("政府", "办公厅", "办公室", "委员会", "银行", "局", "厅", "委", "部", "院", "中心", "公司", "署", "会", "处")
# the same as a pattern's alternation
ORGAN_END = f"(?:{'|'.join(ORGAN_SUFFIXES)})"

# The organs that issue orders (令, grammar/docnumber's order numbers): governments, ministries,
# commissions, bureaus, offices, the central bank, the audit office. A 厅 issues none (its province's
# government does), nor a government's general office (办公厅), a 中心, 公司, 会 or 处; of the 院 only the
# State Council (国务院令), named whole. 人民政府 and 总局 are named whole too though 政府 and 局 end them:
# the 文号 grammar reads where a full organ's name starts (长沙市人民政府办公厅长政办发), not only where it ends.
_ISSUE_NO_ORDERS = ("办公厅", "厅", "院", "中心", "公司", "会", "处")
ORDER_ISSUERS = ("人民政府", "国务院", "总局", *(word for word in ORGAN_SUFFIXES if word not in _ISSUE_NO_ORDERS))
# of those, the names an organ is known by alone (国务院令 names its issuer; 部令, 局令 are the citing organ's own)
NAMED_ORGANS = ("国务院",)

# The words a sentence puts before an organ's name, which a reader of the name by its shape (any
# characters before a place's level word: grammar/places reads 此前岚江市 as one place) would take for
# its first characters: time words (此前岚江市财政局公告〔2020〕5号), connecting adverbs (同时, 此外, 另外),
# 现将 (now … is), 原 (the former: 原岚江市财政局, but 原平市 is a city's name). Single characters that open
# words of names as often (现代, 并购) are none of them: 原 alone, tested against the place read after it.
DISCOURSE_WORDS = ("此前", "之前", "此后", "目前", "以前", "以往", "今后", "同时", "此外", "另外", "现将", "原")


def organ_start(run: str) -> int:
    """How many characters opening `run` (the characters read before an organ's word) are discourse
    words (DISCOURSE_WORDS), one after another, not the organ's name: a word is the name's own where
    it opens a place's name the run goes on with, no place being read once it is dropped (原平市财政局,
    现代…); `此前岚江市财政局` → 2, `同时原岚江市财政局` → 3."""
    at = 0
    while word := next((word for word in DISCOURSE_WORDS if run.startswith(word, at) and len(run) > at + len(word)
                        and not opens_place(run, at, len(word))), ""):
        at += len(word)
    return at


def opens_place(run: str, at: int, length: int = 1, *, one_character: bool = False) -> bool:
    """Whether the word at `at` (of `length` characters: a discourse word, a 原, a connective 和/与)
    opens the place's name read there rather than the sentence: a place is read with it and none
    without it (此前, 同时: 此前岚江市 reads 岚江市 without 此前); of one character, the place read
    without it is not the place read with it less that character (原岚江市 → 岚江市: the sentence's;
    原平市财政局 reads none without it, 原平市市场… reads 平市市, 原阳县市场… 阳县市: 原平, 原阳 are the
    places). With `one_character`, a name of one character (和县) is a place too."""
    with_word, without = read_places(run[at:], one_character=one_character), read_places(run[at + length:])
    if not with_word:
        return False
    if length > 1:
        return not without
    return not without or without[0].end != with_word[0].end - length
