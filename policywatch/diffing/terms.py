"""Words replaced throughout a document, named once.

A 修改决定 often renames a term everywhere it stands (将本条例中的"低收入困难家庭"修改为"最低生活保障
边缘家庭"), or a new edition follows a renamed ministry or a new spelling (帐 → 账). The clause
records show every place; a reader also wants the one line the decision itself says. A
replacement is a run the inline diff deletes with a run it inserts in the same spot; one made the
same way in two places or more is named, widened to the words all its places share around it
(the diff keeps `家庭` equal in `低收入困难|家庭` → `最低生活保障边缘|家庭`, the reader wants the
whole term). A run that replaces two named terms at once (`低收入困难家庭、支出型贫困` when two
neighbouring terms were renamed) counts for both. Numbers and punctuation alone are facts or
layout, never a renamed term.

A list shortened or lengthened throughout (将"区、县"修改为"区") is a run the diff only deletes
(`区[-、县-]`) or only inserts, an item with its 、 or with the 和 that joins it to the term
(法律委员会 → 宪法和法律委员会: `{+宪法和+}法律委员会`): it is a term when its places share the
words that stay (`区`, `法律委员会`), which name it on both sides. A word dropped or added here and there (`应当`,
`其他` dropped, `鼓励`, `办理` put in front) is each clause's own edit, however alike the words
around it (`{+办理+}其登记的`, `{+办理+}其备案的`). So is a replacement made twice in one clause
only (`市质监局、市建委…` → `市场监管部门、` in both halves of one sentence): a term is renamed
throughout when it is renamed in two clauses or more. Nor is a word that a list grew in front of
in a few places (`{+强制到案、责令候查、管护、+}留置`) while the same word stands unchanged in many
other places of the new text: what still stands there was not renamed, so a term whose old words
survive in the new text as often as they were replaced is the clauses' own edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING, NamedTuple

from policywatch.grammar.numerals import CN_NUM
from policywatch.grammar.quantities import CN_AMOUNT
from policywatch.lazyre import LazyRegex

if TYPE_CHECKING:  # model.details loads on first use: most diffs rename no term (tests/test_cli_startup.py)
    from policywatch.model import ClauseChange, InlineOp, TermReplacement

MIN_PLACES = 2  # one replacement is the clause's own edit; the same one twice is a renamed term
MIN_CLAUSES = 2  # ... made in two clauses: one clause repeating its own edit renames nothing
# a run only deleted or only inserted is a term when it is a list's item with its 、 (`区[-、县-]`)
# or with the 和 joining it to the words it stands by (`{+宪法和+}法律委员会`), named by the words its
# places share around it
_LIST_ITEM = LazyRegex("^[、和]|[、和]$")
MAX_TERMS = 50  # a text with more renamed "terms" than this was rewritten, not renamed
_WIDEN_MAX = 4  # how many shared characters a term is widened by on each side, at most ...
_WIDEN_ENDED_MAX = 8  # ... unless the run only inserts or deletes and every place ends the shared
# words at a word boundary (`{+宪法和+}法律委员会、`)
# characters that end a word: a term is widened to them, never over them
_BOUNDARY = frozenset("的与及或并于")
# what a widened term never starts with (a preposition in front of it: `对|低收入家庭`, or the 者
# ending the 或者 before it: `或者|上级机关`, 或 being a boundary) nor ends with (the 第 of the
# ordinal after it: `低收入家庭|第一项`, a 和 joining the next word)
_OPENS_PHRASE = LazyRegex("^[对在向从由将把按给被为以者]+")
_CLOSES_NOTHING = LazyRegex(f"(?:[第和万亿]|{CN_NUM})+$")
_WORD_CHAR = LazyRegex(r"[\u3400-\u9fffA-Za-z]")
# numbers, with the 第/条/款 of a cross reference or their unit (年, 万元, 个月: CN_AMOUNT) around them: what is
# left of a run without them names something; a run of numbers and punctuation alone is a changed
# number (a fact) or a renumbered reference (第十二条 → 第十三条), not a term
_NUMBERS = LazyRegex(rf"{CN_AMOUNT}|第?(?:\d|[万亿]|{CN_NUM})+(?:[条款项目章节编年月日号元个家项批期轮]|万元|亿元)?")


class _Run(NamedTuple):
    old: str
    new: str
    before: str  # the equal text in front of it
    after: str  # the equal text after it
    path: str


def term_replacements(changes: Sequence[ClauseChange], new_texts: Sequence[str] = ()) -> tuple[TermReplacement, ...]:
    """The replacements made the same way in at least MIN_PLACES places, most places first.
    `new_texts`: the new version's clause texts, where a renamed term's old words must be (all but)
    gone; none given, that is not checked."""
    runs = [run for change in changes for run in _replaced_runs(change)]
    groups: dict[tuple[str, str], list[_Run]] = {}
    for run in runs:
        if _is_term(run.old, run.new):
            groups.setdefault((run.old, run.new), []).append(run)
    # the terms: runs made twice or more in two clauses or more, named on both sides once widened
    # (a run only deleted or only inserted needs the words its places share), at most MAX_TERMS of
    # them (the most made): a rewritten text repeats many small runs, and each run is tried
    # against every term below
    widened = {pair: _widened(found) for pair, found in groups.items()
               if len(found) >= MIN_PLACES and len({run.path for run in found}) >= MIN_CLAUSES}
    repeated = sorted((pair for pair, words in widened.items() if all(words)),
                      key=lambda pair: -len(groups[pair]))
    eligible = set(repeated[:MAX_TERMS])
    # shortest first: a run that replaced neighbouring terms at once (`低收入困难家庭成员和支出型
    # 贫困`, itself made twice) is made of terms already named, and counts for each of them
    terms: list[tuple[str, str]] = []  # in the order of their length, so longest last
    places: dict[tuple[str, str], list[_Run]] = {}
    for pair in sorted(groups, key=lambda pair: (len(pair[0]), pair)):
        found = groups[pair]
        parts = _made_of(pair, terms[::-1]) if terms else {}
        if parts:
            for part, times in parts.items():
                places[part].extend(run for run in found for _ in range(times))
        elif pair in eligible:
            terms.append(pair)
            places[pair] = list(found)
    for pair in terms:  # a term that holds another at its edge is widened no further there
        others = [widened[other] for other in terms if other != pair and len(other[0]) < len(pair[0])]
        if others:
            widened[pair] = _widened(groups[pair], others)
    if terms and new_texts:  # the join only when a term is to be checked
        new_text = "\n".join(new_texts)
        terms = [pair for pair in terms if _surviving(*widened[pair], new_text) < len(places[pair])]
    if not terms:
        return ()
    from policywatch.model import TermReplacement

    order = {path: k for k, path in enumerate(dict.fromkeys(run.path for run in runs))}
    out = []
    for pair in terms:
        paths = sorted({run.path for run in places[pair]}, key=order.__getitem__)
        out.append(TermReplacement(*widened[pair], len(places[pair]), tuple(paths)))
    return tuple(sorted(out, key=lambda r: (-r.places, order[r.paths[0]])))


def _replaced_runs(change: ClauseChange) -> list[_Run]:
    """Each deletion, insertion, or both in the same spot, between two equal runs."""
    path = change.new_path or change.old_path
    runs: list[_Run] = []
    ops: tuple[InlineOp, ...] = change.inline
    k = 0
    while k < len(ops):
        if ops[k].op == "equal":
            k += 1
            continue
        start = k
        while k < len(ops) and ops[k].op != "equal":
            k += 1
        old = "".join(op.text for op in ops[start:k] if op.op == "delete")
        new = "".join(op.text for op in ops[start:k] if op.op == "insert")
        if old or new:  # a run only deleted or only inserted is a term only widened (term_replacements)
            before = ops[start - 1].text if start else ""
            after = ops[k].text if k < len(ops) else ""
            runs.append(_Run(old, new, before, after, path))
    return runs


def _is_term(old: str, new: str) -> bool:
    if not (old and new) and _LIST_ITEM.search(old or new) is None:
        return False  # a word put in or dropped, not a list's item: the clause's own edit
    return _names_something(old) or _names_something(new)


def _widened(exact: list[_Run], named: Sequence[tuple[str, str]] = ()) -> tuple[str, str]:
    """The run of these places widened to the words they all share around it: (old, new), either
    "" when the run only deletes or only inserts and its places share nothing around it. `named`:
    other terms (widened): a run that opens with one on both sides opens with a whole word, and is
    not widened in front (`人民政府|畜牧兽医行政主管部门或者…`: 人民政府 is the sentence's, not the
    term's); nor behind when it ends with one. And when its places share words beyond such a whole
    word, they stand in one sentence frame (`由…人民政府|X|责令…`): what they share on the other
    side is the frame's too, not the term's."""
    old, new = exact[0].old, exact[0].new
    # only a run that merely inserts or deletes (`{+宪法和+}法律委员会`) is named by the words its
    # places share, so only for it may those words run on to a word's end past _WIDEN_MAX: the run
    # of a substitution (工商行政管理部门 → 市场监督管理部门) names itself, and what its places
    # share beyond that (`县级以上人民政府`) is their sentence's frame
    most = _WIDEN_MAX if old and new else _WIDEN_ENDED_MAX
    before = _OPENS_PHRASE.sub("", _common_suffix([run.before for run in exact], most))
    after = _CLOSES_NOTHING.sub("", _common_prefix([run.after for run in exact], most))
    if old and new and named:
        opens = any(o and n and old.startswith(o) and new.startswith(n) for o, n in named)
        ends = any(o and n and old.endswith(o) and new.endswith(n) for o, n in named)
        if (opens and before) or (ends and after):
            before = after = ""
    if not (old and new) and not _names_something(before + after):
        return (old and before + old + after, new and before + new + after)
    return before + old + after, before + new + after


def _surviving(old: str, new: str, text: str) -> int:
    """How often the old words stand in `text` outside the places that now read the new ones (a
    new term may hold the old one: 留置 in 强制到案、责令候查、管护、留置)."""
    if not old:
        return 0
    return text.count(old) - (text.count(new) * new.count(old) if old in new else 0)


def _names_something(text: str) -> bool:
    return _WORD_CHAR.search(_NUMBERS.sub("", text)) is not None


def _made_of(pair: tuple[str, str], terms: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The named terms whose replacement turns pair's old text into its new one, with how often
    each is used; {} when they do not (longest terms tried first, as `terms` is ordered)."""
    old, new = pair
    used: dict[tuple[str, str], int] = {}
    for term in terms:
        if term[0] and term[0] in old:  # a term only inserted replaces nothing a run could hold
            used[term] = old.count(term[0])
            old = old.replace(term[0], term[1])
    return used if old == new else {}


def _common_prefix(texts: list[str], ended_max: int = _WIDEN_MAX) -> str:
    """The characters every text opens with, up to where the texts part or a word boundary
    (punctuation, _BOUNDARY: 的, 与, 及…) stands: a term's end. "" when that is not within
    _WIDEN_MAX characters (the places share a longer phrase, and where in it the term ends is not
    known), unless every place ends the shared words at a boundary within `ended_max` (the
    places say where the term ends: `法律委员会、`, `法律委员会与`, the clause's end)."""
    shared: list[str] = []
    for chars in zip_longest(*texts, fillvalue=""):
        char = chars[0]
        if len(set(chars)) > 1 or not char or _WORD_CHAR.match(char) is None or char in _BOUNDARY:
            if len(shared) <= _WIDEN_MAX or all(_ends_word(c) for c in chars):
                return "".join(shared)
            return ""
        if len(shared) == ended_max:
            return ""
        shared.append(char)
    return "".join(shared)


def _ends_word(char: str) -> bool:
    """Whether a word cannot run on into `char` (the text's end, punctuation, 的, 与…)."""
    return not char or _WORD_CHAR.match(char) is None or char in _BOUNDARY


def _common_suffix(texts: list[str], ended_max: int = _WIDEN_MAX) -> str:
    return _common_prefix([text[::-1] for text in texts], ended_max)[::-1]
