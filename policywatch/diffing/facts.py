"""Facts a policy reader cares about, extracted per clause and paired between versions.

Amounts, percentages, dates and target years, counts, vague quantities (一批), deadlines and
validity periods, and responsible departments (责任单位/牵头单位 notes) are read from the
comparison-key layer (NFKC, no spaces; clauses.md §4). A fact is (role, context, value): the
context is the short run of words in front of it (`最高资助`), the value keeps the qualifiers
that touch the number (`最高1000万元`, `50万元以上`) because a cap becoming a fixed amount is a
change. Facts of two versions of a clause are paired by role group and context; only changed
facts are reported.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from policywatch.grammar.notes import NOTE_LABELS
from policywatch.lazyre import LazyRegex

if TYPE_CHECKING:
    from policywatch.model import FactChange

_N = r"\d+(?:\.\d+)?"
_CN = r"[一二三四五六七八九十百千两]+"
_DATE = r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?"
_QB = r"(?:最高不超过|最高不高于|最高|不超过|不高于|不低于|不少于|累计|总规模|总额|达到|超过|突破|超|约)?"
_UNITS = r"(?:万个|万名|万人|万户|个|家|项|所|名|人|座|条|批|类|支|处|台|套|件|户)"
_QA = r"(?:\(含\))?(?:以上|以下|以内|左右)?"
# The characters a match can start with, as a look-ahead in front of the patterns that open
# with optional words (_QB): the scan then skips most positions at the cost of one class test,
# instead of trying every optional word at each. A necessary condition (tested): the matches
# are the same.
_QB_FIRST = "最不累总达超突约"
_CN_FIRST = "一二三四五六七八九十百千两"


def _starting(lookahead: str, pattern: str) -> str:
    return rf"(?={lookahead}){pattern}"


# Words one of which a key must hold for a rare pattern to match at all (necessary conditions,
# tested): a substring test skips the pattern's scan on most keys.
_NEEDS = {
    "validity": ("有效期",),
    "deadline": ("连续", "期限", "暂定", "工作日", "自然日", "每年", "之日起"),
    "date": ("月",),
    "target_year": ("年", "-"),  # (2021-2025) is one without 年
    "amount": ("元", "万", "亿"),
    "percent": ("%", "‰", "百分之", "按", "比例"),  # a ratio (1:1) is read after 按 or before 比例 only
    "quantity": ("一批", "若干", "一系列"),
}
# (role, pattern, needs); the group "v" is the value. Order matters: earlier patterns claim their span.
_PATTERNS: tuple[tuple[str, LazyRegex, tuple[str, ...]], ...] = tuple(
    (role, LazyRegex(pattern), _NEEDS.get(role, ()))
    for role, pattern in (
        ("validity", rf"有效期(?:至|到|为|延长至)?(?P<v>{_DATE}|{_N}年|{_CN}年)"),
        ("deadline", _starting(rf"[连期暂每之\d{_CN_FIRST}]", rf"(?P<v>连续(?:支持)?(?:{_N}|{_CN})年|期限(?:不超过|为)?(?:{_N}|{_CN})(?:个)?[年月日]"
                     rf"|暂定(?:{_N}|{_CN})年|(?:{_N}|{_CN})个?(?:工作日|自然日)(?:以内|之内|内)?|每年(?:{_N})(?:-{_N})?月|之日起(?:{_N}|{_CN})(?:个)?(?:日|天|月|年))")),
        ("date", r"(?P<v>(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)"),
        ("target_year", _starting("[到至于12(]", r"(?P<v>(?:到|至|于)?(?:19|20)\d{2}年(?:底|末|年底|上半年|下半年)前?"
                                              r"|(?:到|至)(?:19|20)\d{2}年|\((?:19|20)\d{2}-(?:19|20)?\d{2}年?\))")),
        ("amount", _starting(rf"[{_QB_FIRST}\d{_CN_FIRST}]",
                             rf"(?P<v>{_QB}{_N}(?:-{_N})?(?:千万|百万|万亿|亿|万)?元{_QA}"
                             rf"|{_QB}{_N}(?:万|亿)(?=的项目|经费|规模){_QA}|{_QB}{_CN}(?:万|亿)元{_QA})")),
        ("percent", _starting(rf"[{_QB_FIRST}\d百按]", rf"(?P<v>{_QB}{_N}(?:-{_N})?[%‰]{_QA}|{_QB}百分之{_CN}(?:点{_CN})?{_QA}"
                                                   rf"|按(?:照)?{_N}:{_N}|{_N}:{_N}(?=的?比例))")),
        ("quantity", r"(?P<v>一批|若干|一系列)"),
        ("count", rf"(?P<c>培育|打造|建设|引进|新增|集聚|争创|形成|实施|建成|达到|超过|认定|支持|遴选|评选|扶持|布局)"
                  rf"(?P<v>{_QB}(?:{_N}|{_CN})(?:-(?:{_N}|{_CN}))?{_UNITS}{_QA})"),
        # a bound on a number of things is a count whatever the verb (数量不少于200个)
        ("count", rf"(?P<v>(?:不少于|不低于|不超过|不多于|超过|达到|突破)(?:{_N}|{_CN}){_UNITS}{_QA})"),
        # any other number of things (新增就业岗位2万个): the number changed, whatever the verb
        ("count", _starting(rf"[{_QB_FIRST}\d]", rf"(?P<v>{_QB}{_N}(?:万|亿)?{_UNITS}{_QA})")),
        # a bare year (2025年完成…) once full dates and target years have claimed theirs
        ("target_year", r"(?P<v>(?:19|20)\d{2}年)(?![0-9])"),
    )
)
_NOTE_RE = LazyRegex(rf"[(\[〔【]({NOTE_LABELS})[:：]")
_CONTEXT_RE = LazyRegex(r"[\u4e00-\u9fff]{1,4}$")

# Roles whose facts may pair with each other: "一批 → 10家" is one change.
_GROUP = {"quantity": "count"}


class Fact(NamedTuple):  # not a dataclass: a tenth of the class-creation cost at import
    role: str
    value: str
    context: str = ""


def extract_facts(key: str) -> list[Fact]:
    """Facts found in a comparison key, in text order."""
    found: list[tuple[int, Fact]] = []
    taken: list[tuple[int, int]] = []
    for start, end, label, body in _notes(key):
        found.append((start, Fact("department", body, label)))
        taken.append((start, end))
    for role, pattern, needs in _PATTERNS:
        if needs and not any(word in key for word in needs):
            continue
        for m in pattern.finditer(key):
            s, e = m.span("v")
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append((s, Fact(role, m.group("v"), _context(m, key, s))))
    return [fact for _, fact in sorted(found, key=lambda item: item[0])]


def _context(m: re.Match[str], key: str, start: int) -> str:
    """The words a fact is about: the pattern's own `c` group, else the CJK run in front."""
    if "c" in m.re.groupindex and m.group("c"):
        return m.group("c")
    context = _CONTEXT_RE.search(key[max(0, start - 8) : start])
    return context.group() if context else ""


def _notes(key: str) -> list[tuple[int, int, str, str]]:
    """Responsibility notes `(责任单位:…)`, with nested brackets allowed inside."""
    notes = []
    for m in _NOTE_RE.finditer(key):
        depth, pos = 1, m.end()
        while pos < len(key) and depth:
            if key[pos] in "([〔【":
                depth += 1
            elif key[pos] in ")]〕】":
                depth -= 1
            pos += 1
        body_end = pos - 1 if not depth else pos
        notes.append((m.start(), pos, m.group(1), key[m.end() : body_end]))
    return notes


def fact_changes(old_key: str, new_key: str, *, path: str = "") -> tuple[FactChange, ...]:
    """The facts that differ between two versions of one clause, paired by role and context."""
    if old_key == new_key:
        return ()
    old_facts, new_facts = extract_facts(old_key), extract_facts(new_key)
    old = _drop_common(old_facts, new_facts)
    new = _drop_common(new_facts, old_facts)
    if not old and not new:
        return ()
    # imported here: its class is created on first use, and most edits change no fact
    from policywatch.model import FactChange

    changes: list[FactChange] = []
    for group in dict.fromkeys(_GROUP.get(f.role, f.role) for f in old + new):
        olds = [f for f in old if _GROUP.get(f.role, f.role) == group]
        news = [f for f in new if _GROUP.get(f.role, f.role) == group]
        for o, n in _pair(olds, news):
            ref = n or o
            assert ref is not None
            context = (o.context if o and n and o.context == n.context else ref.context)
            changes.append(FactChange(role=ref.role, old=o.value if o else "", new=n.value if n else "",
                                      context=context, path=path))
    return tuple(changes)


def _drop_common(facts: list[Fact], others: list[Fact]) -> list[Fact]:
    """facts minus those that also occur (same role and value) in others, as multisets."""
    remaining = Counter((f.role, f.value) for f in others)
    kept = []
    for fact in facts:
        if remaining[(fact.role, fact.value)]:
            remaining[(fact.role, fact.value)] -= 1
        else:
            kept.append(fact)
    return kept


def _pair(olds: list[Fact], news: list[Fact]) -> list[tuple[Fact | None, Fact | None]]:
    """Pair same-context facts first, then the rest in text order; leftovers stand alone."""
    pairs: list[tuple[Fact | None, Fact | None]] = []
    news = list(news)
    rest_old = []
    for o in olds:
        match = next((n for n in news if n.context == o.context and o.context), None)
        if match is None:
            rest_old.append(o)
        else:
            news.remove(match)
            pairs.append((o, match))
    for i in range(max(len(rest_old), len(news))):
        pairs.append((rest_old[i] if i < len(rest_old) else None, news[i] if i < len(news) else None))
    return pairs
