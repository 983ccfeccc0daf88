"""Clause alignment between two versions: which clause became which, and how.

Content first, numbering last (clauses.md §6.5):
1. Longest common subsequence of the clauses' *body keys* (comparison key without the leading
   marker, so `3.` → `4.` is the same text) — Myers diff of the key sequences, each distinct key
   encoded as one code point, by fast-diff-match-patch with no time limit.
2. Inside every gap the LCS leaves: splits and merges (one key equal to the concatenation of
   consecutive keys on the other side).
3. Across gaps: clauses whose body key is unique among the leftovers on both sides → moved.
4. Inside every gap: similarity pairs (normalized Indel similarity, ties broken by label, family and
   parent) → modified. Gaps are small; a large gap is searched in a positional window only.
5. Across gaps: similar clauses sharing a key prefix or suffix bucket → moved (and edited).
5b. Across gaps: a leftover whose heading is that of one leftover of its family on each side.
6. Under every paired parent: a clause alone between paired siblings (or a paired sibling and the
   parent's end) whose partners enclose one free clause of its family → modified, at a lower
   similarity bar: both sides agree nothing else stands in that slot. Several clauses free in
   such a slot on both sides under a paired clause (a list rewritten) pair by label, when that
   reads the slot better than any renumbering (a block deleted or inserted, the rest shifted).
6b. Inside every gap: articles (or 款) left over that are each the other's clear best there (by
   PARAGRAPH_MARGIN) from CLEAR_SIMILAR on, compared whole, or one of them without its first 款.
7. An article paired with the 第二款 of an article left unpaired (`增加一款，作为第一款`), or
   the reverse: that article, paired with its new self; its first 款 is added (or deleted) and
   addressed as such (`第二条/第一款`), its old text, now its 第二款, modified if edited.
7b. Across gaps: a 款 left over and a 款 or an article's own text left over on the other side,
   each the other's clear best among the 款-level leftovers from SIMILAR on (or held by the
   longer one, extended) → moved (a 款 moved to another article and reworded by one instruction:
   `将第二十三条第三款改为第二十七条，修改为：…`).
8. The heads (title blocks), preambles and tails left: paired whatever their similarity (one slot).
The rest is added or deleted (a subtree as one record). Equal-key pairs whose label changed
inside the same parent are renumberings, grouped by the structural edit that caused them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import NamedTuple

from policywatch.diffing.preamble import cut_numbered_paragraphs
from policywatch.grammar import ARTICLE_LEVEL, COUNTED, KEY_MARKER, PARAGRAPH, STATUTE_GROUPS, same_number
from policywatch.grammar.notes import without_notes
from policywatch.lazyre import LazyRegex
from policywatch.model import ChangeKind, Clause

_MARKER_RE = KEY_MARKER  # a leading clause marker in the comparison key (the grammar's)
_LIST_END_MARKS = frozenset(";。,，；")
_END_MARKS = LazyRegex(r"[;。,，；]")
EDITED_GROUP = 0.9  # an edited split/merge: its parts, joined, are this similar to the whole…
EDITED_GROUP_MARGIN = 0.1  # …and this much more similar than the best single part
SIMILAR = 0.6  # in-gap pairing threshold (normalized Indel similarity, diffing/similarity.py)
SAME_HEAD = 0.95  # in-gap score of a same-path clause with the same opening words
# A clause alone in its slot on both sides (the same paired neighbours, or the ends of the same
# paired parent) is that clause rewritten from this similarity on: a revision rewrites short
# articles in place (`国家设立全民国防教育日。` → `每年九月的第三个星期六为全民国防教育日。`, 0.5).
SLOT_SIMILAR = 0.4
MOVED_SIMILAR = 0.8  # cross-gap pairing threshold: a far-away clause must be clearly the same
_GAP_ALL_PAIRS = 2500  # above this many candidate pairs a gap is searched in a window only…
_GAP_ALL_CELLS = 4_000_000_000  # …or above this product of its two sides' key lengths (~0.2 s)
_WINDOW = 12
_BUCKET_MAX = 40
_AFFIX = 8


def body_key(key: str) -> str:
    """A clause's comparison key without its leading numbering marker and its final ；/。/，
    (a list item's end mark follows its position: the last item ends in 。, the others in ；)."""
    m = _MARKER_RE.match(key)  # the pattern is anchored at the start: a match, not a search
    body = key[m.end():] if m else key
    # _LIST_END ([;。,，；]$) by hand: `$` also matches before a final newline
    if body[-1:] in _LIST_END_MARKS and body:
        return body[:-1]
    if body[-1:] == "\n" and body[-2:-1] in _LIST_END_MARKS and len(body) >= 2:
        return body[:-2] + "\n"
    return body


def display_marker(text: str) -> str:
    """The leading numbering marker of a display text as written (`（三）`, `3．`), or ""."""
    m = _MARKER_RE.match(unicodedata.normalize("NFKC", text[:16]))
    if m and unicodedata.normalize("NFKC", text[: m.end()]) == m.group():
        return text[: m.end()]
    return ""


# Aligned and _State are this module's own working values, not dataclasses: `policywatch diff`
# creates each class once per process, and a dataclass costs ~0.5-1 ms to create (it compiles
# its generated methods) where a NamedTuple or a plain class costs a tenth of that.
class Aligned(NamedTuple):
    """One structural finding: the clauses it covers on each side and its kind."""

    kind: ChangeKind
    old: tuple[Clause, ...] = ()
    new: tuple[Clause, ...] = ()
    moves: tuple[tuple[str, str], ...] = ()
    # the article-level clauses of the record stand for their own text, their first 款 only (an
    # article that gained or lost a first 款: `第二条/第一款` added, its old text now 第二款)
    own_text: bool = False


class _State:
    """The alignment's working state, filled in by the passes of align()."""

    __slots__ = ("ends", "gap_of_new", "gap_of_old", "gaps", "grouped_new", "grouped_old", "groups", "how",
                 "neutral", "new", "new_head", "nkeys", "okeys", "old", "old_head", "pairs", "parents", "same_text", "taken",
                 "timeline")

    def __init__(self, old: Sequence[Clause], new: Sequence[Clause], okeys: list[str], nkeys: list[str]) -> None:
        self.old, self.new, self.okeys, self.nkeys = old, new, okeys, nkeys
        self.pairs: dict[int, int] = {}  # old index -> new index
        self.taken: set[int] = set()  # new indices in pairs
        self.how: dict[int, str] = {}  # old index -> lcs | gap | moved
        self.gaps: list[tuple[list[int], list[int]]] = []
        self.gap_of_old: dict[int, int] = {}
        self.gap_of_new: dict[int, int] = {}
        self.groups: list[Aligned] = []  # splits and merges
        self.grouped_old: set[int] = set()
        self.grouped_new: set[int] = set()
        self.timeline: list[tuple[str, int]] = []  # ("eq", old i) / ("gap", g)
        self.same_text: set[int] = set()  # old indices paired across a 款 boundary shift
        self.neutral: set[tuple[str, int]] = set()  # ("o"/"n", index): redistributed text
        self.parents = (_parents(old), _parents(new))  # every clause's parent index, old and new
        self.ends = (_subtree_ends(old), _subtree_ends(new))  # every clause's last descendant, old and new
        self.new_head: dict[int, int] = {}  # old article -> the 第二款 its text became (_first_paragraph_shifts)
        self.old_head: dict[int, int] = {}  # old article -> its 第二款 that became its text

    def old_is_free(self, i: int) -> bool:
        """Old clause i is neither paired nor part of a split or merge."""
        return i not in self.pairs and i not in self.grouped_old

    def new_is_free(self, j: int) -> bool:
        return j not in self.taken and j not in self.grouped_new

    def free_old(self, gap: int) -> list[int]:
        return [i for i in self.gaps[gap][0] if self.old_is_free(i)]

    def free_new(self, gap: int) -> list[int]:
        return [j for j in self.gaps[gap][1] if self.new_is_free(j)]

    def pair(self, i: int, j: int, how: str) -> None:
        self.pairs[i] = j
        self.taken.add(j)
        self.how[i] = how


def align(old: Sequence[Clause], new: Sequence[Clause]) -> list[Aligned]:
    """Structural changes between two pre-order clause sequences, in document order."""
    old, new = cut_numbered_paragraphs(old, new)  # a preamble's paragraphs the other side numbers
    st = _State(old, new, *_body_keys(old, new))
    _lcs(st)
    for g in range(len(st.gaps)):
        _neutral_edges(st, g)
        _splits_and_merges(st, g)
        _edited_splits_and_merges(st, g)
    _moves_exact(st)
    _pair_by_children(st)
    for g in range(len(st.gaps)):
        _pair_gap(st, g)
    _moves_similar(st)
    _swapped_neighbours(st)
    _pair_same_headings(st)
    _pair_in_slots(st)
    _pair_by_children(st)
    _pair_clear_best(st)
    _first_paragraph_shifts(st)
    _moved_paragraphs(st)
    _pair_heads(st)
    return _classify(st)


def _pair_heads(st: _State) -> None:
    """A document's head (its title block), its preamble (序: the notice's opening words) and its
    tail (尾: signature and date) are one slot each in both versions however much they changed
    (a new title, a rewritten 根据…现通知如下): one modified record, never deleted and added."""
    heads = {c.path: j for j, c in enumerate(st.new) if c.family in _SLOTS}
    for i, c in enumerate(st.old):
        if (c.family in _SLOTS and st.old_is_free(i) and (j := heads.get(c.path)) is not None
                and st.new_is_free(j) and st.new[j].family == c.family):
            st.pair(i, j, "gap")


_SLOTS = frozenset({"head", "preamble", "tail"})


def _body_keys(old: Sequence[Clause], new: Sequence[Clause]) -> tuple[list[str], list[str]]:
    """Both sides' body keys: two versions share most clauses, so each distinct key is cut once."""
    bodies: dict[str, str] = {}
    sides = []
    for clauses in (old, new):
        keys = [c.key for c in clauses]
        for key in keys:
            if key not in bodies:
                bodies[key] = body_key(key)
        sides.append([bodies[key] for key in keys])
    return sides[0], sides[1]


# --------------------------------------------------------------------------- matching passes


def _lcs(st: _State) -> None:
    import fast_diff_match_patch as fdmp  # lazy: heavy imports stay out of CLI start-up

    codes: dict[str, str] = {}
    for k in (*st.okeys, *st.nkeys):
        if k not in codes:
            codes[k] = chr(0x10000 + len(codes))
    a = "".join([codes[k] for k in st.okeys])
    b = "".join([codes[k] for k in st.nkeys])
    i = j = 0
    gap: tuple[list[int], list[int]] | None = None
    for op, length in fdmp.diff(a, b, timelimit=0, checklines=False, cleanup="No"):
        if op == "=":  # st.pair() for each, in bulk: most clauses are in these runs
            olds, news = range(i, i + length), range(j, j + length)
            st.pairs.update(zip(olds, news, strict=True))
            st.taken.update(news)
            st.how.update(dict.fromkeys(olds, "lcs"))
            st.timeline.extend([("eq", k) for k in olds])
            i, j = i + length, j + length
            gap = None
            continue
        if gap is None:
            gap = ([], [])
            st.gaps.append(gap)
            st.timeline.append(("gap", len(st.gaps) - 1))
        side, idx = (gap[0], i) if op == "-" else (gap[1], j)
        side.extend(range(idx, idx + length))
        for k in range(idx, idx + length):
            (st.gap_of_old if op == "-" else st.gap_of_new)[k] = len(st.gaps) - 1
        if op == "-":
            i += length
        else:
            j += length


def _neutral_edges(st: _State, g: int) -> None:
    """Runs at either end of a gap whose full keys concatenate to the same string on both sides.

    That is text redistributed between neighbouring clauses with nothing changed (a paragraph
    boundary that moved between the head and the preamble, a lead-in split in two): neutral,
    reported nowhere.
    """
    olds, news = st.gaps[g]
    for forward in (True, False):
        o = [i for i in olds if i not in st.grouped_old]
        n = [j for j in news if j not in st.grouped_new]
        if not forward:
            o.reverse()
            n.reverse()
        acc_o = acc_n = ""
        p = q = 0
        while p < len(o) or q < len(n):
            if q >= len(n) or (p < len(o) and len(acc_o) <= len(acc_n)):
                key = st.old[o[p]].key
                acc_o = acc_o + key if forward else key + acc_o
                p += 1
            else:
                key = st.new[n[q]].key
                acc_n = acc_n + key if forward else key + acc_n
                q += 1
            short, long = sorted((acc_o, acc_n), key=len)
            if not (long.startswith(short) if forward else long.endswith(short)):
                break
            if acc_o == acc_n and acc_o and p + q > 2:
                st.grouped_old.update(o[:p])
                st.grouped_new.update(n[:q])
                break


def _loose(key: str) -> str:
    return _END_MARKS.sub("", key)


def _splits_and_merges(st: _State, g: int) -> None:
    """One clause on one side whose body key is the concatenation of 2-4 neighbours on the other."""
    olds, news = st.gaps[g]
    for one, many, one_keys, many_keys, split in (
        (olds, news, st.okeys, st.nkeys, True),
        (news, olds, st.nkeys, st.okeys, False),
    ):
        if not one or len(many) < 2:
            continue
        # end marks are compared loosely: a split turns the old clause's ，/； into the parts' 。
        wanted = {_loose(one_keys[x]): x for x in one if one_keys[x]}
        used_one = st.grouped_old if split else st.grouped_new
        used_many = st.grouped_new if split else st.grouped_old
        for start in range(len(many) - 1):
            joined = _loose(many_keys[many[start]])
            for end in range(start + 1, min(start + 4, len(many))):
                if many[end] != many[end - 1] + 1:
                    break
                joined += _loose(many_keys[many[end]])
                x = wanted.get(joined)
                if x is None or x in used_one:
                    continue
                run = many[start : end + 1]
                if any(y in used_many for y in run):
                    break
                if _paragraphs_of_first(st.new if split else st.old, run):
                    _pair_across_paragraphs(st, split, x, run)
                else:
                    _group(st, split, x, run)
                break


def _paragraphs_of_first(clauses: Sequence[Clause], run: Sequence[int]) -> bool:
    """The run is one clause followed by 款 of its own: one paragraph written as two (a layout
    difference), not a split into several clauses."""
    head = clauses[run[0]].path
    return all(clauses[y].family == PARAGRAPH and clauses[y].path[:-1] == head for y in run[1:])


def _pair_across_paragraphs(st: _State, split: bool, x: int, run: Sequence[int]) -> None:
    """Clause x and the first of run are one clause whose text is cut into 款 differently: a pair
    with the same text; the extra 款 hold redistributed text and make no record."""
    i, j = (x, run[0]) if split else (run[0], x)
    st.pair(i, j, "gap")
    st.same_text.add(i)
    (st.grouped_new if split else st.grouped_old).update(run[1:])
    st.neutral.update(("n" if split else "o", y) for y in run[1:])


def _group(st: _State, split: bool, x: int, run: Sequence[int]) -> None:
    """Record that clause x (old if split, else new) became, or came from, the clauses in run."""
    (st.grouped_old if split else st.grouped_new).add(x)
    (st.grouped_new if split else st.grouped_old).update(run)
    side_one = (st.old if split else st.new)[x]
    side_many = tuple((st.new if split else st.old)[y] for y in run)
    if split:
        st.groups.append(Aligned(ChangeKind.SPLIT, (side_one,), side_many,
                                 tuple((side_one.path_str, c.path_str) for c in side_many)))
    else:
        st.groups.append(Aligned(ChangeKind.MERGED, side_many, (side_one,),
                                 tuple((c.path_str, side_one.path_str) for c in side_many)))


def _edited_splits_and_merges(st: _State, g: int) -> None:
    """A split or merge that also reworded the text (`…覆盖。同时，布局…`): one clause much closer
    to the concatenation of 2-3 consecutive clauses on the other side than to any one of them."""
    olds, news = st.free_old(g), st.free_new(g)
    # a split or merge needs two clauses on one side (checked before the scorer is imported)
    if not olds or not news or len(olds) * len(news) > _GAP_ALL_PAIRS // 10 or max(len(olds), len(news)) < 2:
        return
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap
    bodies = _Bodies(st, olds, news)
    for one, many, one_keys, many_keys, split in (
        (olds, news, st.okeys, st.nkeys, True),
        (news, olds, st.nkeys, st.okeys, False),
    ):
        used_one = st.grouped_old if split else st.grouped_new
        used_many = st.grouped_new if split else st.grouped_old
        parts = st.new if split else st.old
        if len(many) < 2:
            continue
        for x in one:
            if x in used_one:
                continue
            size, best = len(one_keys[x]), None
            for start in range(len(many) - 1):
                run = [many[start]]
                for y in many[start + 1 : start + 3]:
                    if (y != run[-1] + 1 or y in used_many or run[0] in used_many
                            or parts[y].path[:-1] != parts[run[0]].path[:-1]):  # siblings only
                        break
                    run.append(y)
                    joined = "".join(many_keys[k] for k in run)
                    # similarity ≥ 0.9 needs lengths within about 20%: skip the rest cheaply
                    if not 0.8 * size <= len(joined) <= 1.25 * size:
                        continue
                    score = similarity(one_keys[x], joined, EDITED_GROUP)
                    if score and best is None:
                        best = max(similarity(one_keys[x], many_keys[k]) for k in many)
                    if score and score - best >= EDITED_GROUP_MARGIN:
                        _group(st, split, x, run)
                        break
                    if (_split_under_new_headings(st, split, x, run, many, similarity, bodies)
                            or _split_sharing_notes(st, split, x, run, many, similarity)):
                        _group(st, split, x, run)
                        break
                if x in used_one:
                    break


# A part's text after its heading must be this long to count as what the whole held: a heading
# alone (`（二）强化保障。`) says nothing of where its words came from.
_HEADLESS_MIN = 12


def _headless(head: str, key: str) -> str:
    """A clause's body key without its heading's key (its lead-in sentence): `""` when it has
    none, or nothing after it."""
    if not head or not key.startswith(head) or len(head) >= len(key):
        return ""
    return key[len(head):].lstrip("。.：:，, ")


class _Bodies:
    """_headless of each free clause of a gap, by (old side, index): folded on the first ask, all
    the gap's headings in one comparison_keys pass. Each clause is tried in many runs, and
    folding its heading at each try doubled the time a document of headed tasks took."""

    __slots__ = ("_got", "_news", "_olds", "_st")

    def __init__(self, st: _State, olds: Sequence[int], news: Sequence[int]) -> None:
        self._st, self._olds, self._news = st, olds, news
        self._got: dict[tuple[bool, int], str] | None = None

    def __call__(self, old_side: bool, i: int) -> str:
        if self._got is None:
            from policywatch.normalize import comparison_keys

            st = self._st
            ids = [(True, i) for i in self._olds] + [(False, j) for j in self._news]
            clauses = [(st.old[k], st.okeys[k]) if side else (st.new[k], st.nkeys[k]) for side, k in ids]
            headed = [n for n, (clause, _) in enumerate(clauses) if clause.heading]
            heads = dict(zip(headed, comparison_keys([clauses[n][0].heading for n in headed]), strict=True))
            self._got = {ident: _headless(heads.get(n, ""), clauses[n][1]) for n, ident in enumerate(ids)}
        return self._got[old_side, i]


def _split_under_new_headings(st: _State, split: bool, x: int, run: list[int], many: list[int],
                              similarity, bodies: _Bodies) -> bool:
    """A task split in two (or three) that each got a heading of their own (`（一）加快数字化转型
    和绿色低碳发展。…` → `（一）全面推进…数字化转型。…`, `（二）大力推动…绿色低碳…发展。…`): the new
    headings weigh on the joined text as much as the body does, so the whole and the parts
    joined fall short of EDITED_GROUP. Compared without the headings — the whole's body with the
    parts' bodies joined, each part's body at least _HEADLESS_MIN long — they are a split when
    EDITED_GROUP alike, by EDITED_GROUP_MARGIN over the whole's body and any one part's body
    alone (one part rewritten and a new one added next to it: that part is the whole's best
    match, no split). Every clause involved must have a heading: a clause of plain sentences has
    no words apart from its body to be rewritten."""
    many_keys = st.nkeys if split else st.okeys
    whole = bodies(split, x)
    if not whole:
        return False
    parts = [bodies(not split, y) for y in run]
    if any(len(part) < _HEADLESS_MIN for part in parts):
        return False
    return _grouped(whole, parts, (bodies(not split, k) or many_keys[k] for k in many), similarity)


def _split_sharing_notes(st: _State, split: bool, x: int, run: list[int], many: list[int], similarity) -> bool:
    """A task split in two whose responsibility note is shared out among the parts (`…10万个，实现…
    覆盖。（责任单位：省通信管理局、省工业和信息化厅）` → `…10万个。（责任单位：省通信管理局）`,
    `（二）实现…覆盖。（责任单位：省工业和信息化厅）`): each part repeats the note's label, so the
    parts joined fall short of EDITED_GROUP. Compared without their notes, they are a split when
    EDITED_GROUP alike by EDITED_GROUP_MARGIN over any one clause of the other side, and the
    parts' notes name together the departments the whole's named (shared out, none added or lost)."""
    one_keys, many_keys = (st.okeys, st.nkeys) if split else (st.nkeys, st.okeys)
    whole, named = without_notes(one_keys[x])
    if not named:
        return False
    parts = [without_notes(many_keys[y]) for y in run]
    if frozenset().union(*(part_named for _, part_named in parts)) != named:
        return False
    return _grouped(whole, [part for part, _ in parts], (without_notes(many_keys[k])[0] for k in many), similarity)


def _grouped(whole: str, parts: list[str], others: Iterable[str], similarity) -> bool:
    """Whether `parts` joined are EDITED_GROUP alike to `whole`, by EDITED_GROUP_MARGIN over the
    best of `others` alone (the clauses of the parts' side, as compared)."""
    joined = "".join(parts)
    if not 0.8 * len(whole) <= len(joined) <= 1.25 * len(whole):
        return False
    score = similarity(whole, joined, EDITED_GROUP)
    return bool(score) and score - max(similarity(whole, other) for other in others) >= EDITED_GROUP_MARGIN


def _leftovers(st: _State) -> tuple[list[int], list[int]]:
    return [i for i in st.gap_of_old if st.old_is_free(i)], [j for j in st.gap_of_new if st.new_is_free(j)]


def _moves_exact(st: _State) -> None:
    olds, news = _leftovers(st)
    count_old = defaultdict(list)
    count_new = defaultdict(list)
    for i in olds:
        count_old[st.okeys[i]].append(i)
    for j in news:
        count_new[st.nkeys[j]].append(j)
    for key, ids in count_old.items():
        if len(key) >= 2 and len(ids) == 1 and len(count_new.get(key, ())) == 1:
            st.pair(ids[0], count_new[key][0], "moved")


def _parents(clauses: Sequence[Clause]) -> list[int]:
    """Index of every clause's parent (-1 at the top), from the pre-order paths."""
    at: dict[tuple[str, ...], int] = {}
    out = []
    for k, c in enumerate(clauses):
        out.append(at.get(c.path[:-1], -1))
        at[c.path] = k
    return out


def _pair_by_children(st: _State) -> None:
    """款-level anchors: an unpaired article (or 款) whose own children were paired with the
    children of one unpaired clause of the same family on the other side is that clause, moved
    and edited (an article rewritten at its head whose 项 and later 款 went with it); so is a 章
    or 节 whose articles went to one renamed 章 or 节 (畜牧法 2022: 第六章 质量安全保障 →
    第八章 保障与监督, behind a new 第七章). Each
    clause goes to the other side's parent most of its paired children point to, when that
    parent's children point back the same way (a mutual best: no greedy chain)."""
    old_parent, new_parent = st.parents
    votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for i, j in st.pairs.items():
        pi, pj = old_parent[i], new_parent[j]
        if pi >= 0 and pj >= 0 and st.old_is_free(pi) and st.new_is_free(pj):
            votes[pi][pj] += 1
    back: dict[int, tuple[int, int]] = {}  # new parent -> (votes, old parent) of its best
    best_of: dict[int, tuple[int, int]] = {}
    for pi, targets in votes.items():
        pj, count = max(targets.items(), key=lambda t: (t[1], -t[0]))
        best_of[pi] = (pj, count)
        if count > back.get(pj, (0, -1))[0]:
            back[pj] = (count, pi)
    for pi, (pj, count) in best_of.items():
        o, n = st.old[pi], st.new[pj]
        if (back[pj][1] == pi and o.family == n.family and o.family in _ANCHORED
                and (count > 1 or (o.family not in _PARAGRAPH_UNITS and _one_in_slot(st, pi, pj))
                     or _alike_whole(st, pi, pj))):
            # one article anchors its 章 or 节 as before: a heading renamed in its slot keeps its
            # one article however the rest of it reads (only a 款 moves between articles alone)
            st.pair(pi, pj, "moved")


def _one_in_slot(st: _State, i: int, j: int) -> bool:
    """Old i and new j each stand alone between the partners of the same paired siblings (or
    the ends of paired parents): a 章 renamed in its place. A 章 whose one kept article went to
    another 章 where a new one took its place (巡查检查's patrol article heading a new 法律责任,
    behind a new 日常管护 between the same neighbours) is not that 章 renamed: it was deleted."""
    (old_parents, new_parents), (old_ends, new_ends) = st.parents, st.ends
    if st.pairs.get(old_parents[i], -1) != new_parents[j]:
        return False
    for step in (-1, 1):
        a = _sibling(old_parents, old_ends, i, step)
        b = _sibling(new_parents, new_ends, j, step)
        if (a is None) != (b is None) or (a is not None and st.pairs.get(a) != b):
            return False
    return True


def _alike_whole(st: _State, i: int, j: int) -> bool:
    """Old clause i and new clause j, whole (their own text and every clause under them), read
    as one clause rewritten (SLOT_SIMILAR): one paired child is no evidence of its parents when
    the rest of them reads otherwise — a single 款 moves between articles on its own (国境卫生检疫法
    2024: `因患检疫传染病死亡的，尸体应当就近火化。` went to the article on 尸体、骸骨, while the
    article on 染疫人 it left was rewritten elsewhere), and its parents are then deleted and added."""
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap

    return similarity(_whole(st.okeys, st.ends[0], i), _whole(st.nkeys, st.ends[1], j), SLOT_SIMILAR) > 0


def _whole(keys: list[str], ends: list[int], k: int) -> str:
    """The keys of clause k and of every clause under it, in order (ends: _subtree_ends)."""
    return "".join(keys[k : ends[k] + 1])


_ANCHORED = frozenset({"chapter", "section", "article", PARAGRAPH, "cn", "pcn", "ar", "par", "annex"})


def _first_paragraph_shifts(st: _State) -> None:
    """An article that gained a new first 款 (`增加一款，作为第一款`): its old text is now its
    第二款. Either that 款 took the old article (the same key, or an edit of it) and the new
    head was left over, or the article paired with its new self (by its own later 款) and the
    第二款 was left over, though closer to the old text than the new head is. A reader of
    articles sees that article modified — not a new article and an old one renumbered into it,
    nor its old text deleted and added again: the article pairs with its new self, and the
    第二款 is part of that record (st.new_head). An article that lost its first 款 (its
    第二款 now its text) is the same, mirrored (st.old_head)."""
    for i, j in list(st.pairs.items()):
        if (shift := _head_shift(st, i, j, gained=True)) is not None:
            p, k = shift
            st.taken.discard(k)
            st.pair(i, p, "gap")
            st.grouped_new.add(k)
            st.neutral.add(("n", k))  # reported in the article's record: it shifts no numbering
            st.new_head[i] = k
        elif (shift := _head_shift(st, j, i, gained=False)) is not None:
            p, k = shift
            if k == i:
                if st.how.pop(i) == "lcs":  # the article takes its 款's place in the timeline
                    st.timeline[st.timeline.index(("eq", i))] = ("eq", p)
                del st.pairs[i]
            st.pair(p, j, "gap")
            st.grouped_old.add(k)
            st.neutral.add(("o", k))
            st.old_head[p] = k


def _head_shift(st: _State, x: int, y: int, *, gained: bool) -> tuple[int, int] | None:
    """For paired article x and clause y (x old and y new when `gained`, else the reverse): the
    article p and its 第二款 k on y's side when x's text is that 第二款, and p's head is not on
    x's side — either y is k and p is left over, or y is p and k is left over."""
    xs, ys = (st.old, st.new) if gained else (st.new, st.old)
    x_keys, y_keys = (st.okeys, st.nkeys) if gained else (st.nkeys, st.okeys)
    y_parent = st.parents[1 if gained else 0]
    is_free = st.new_is_free if gained else st.old_is_free
    family = xs[x].family
    if family not in ARTICLE_LEVEL:
        return None
    # k is the article's first 款 after its own text: nothing of the head stands between
    if ys[y].family == PARAGRAPH:
        p, k = y_parent[y], y
        return (p, k) if p >= 0 and p + 1 == k and is_free(p) and ys[p].family == family else None
    p, k = y, y + 1
    if (k >= len(ys) or ys[k].family != PARAGRAPH or y_parent[k] != p or not is_free(k)
            or ys[p].family != family or x_keys[x] == y_keys[p]):
        return None
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap
    below = similarity(x_keys[x], y_keys[k], SIMILAR)
    return (p, k) if below > similarity(x_keys[x], y_keys[p]) else None


# A 款 moved to another article and reworded (7b): the pair must beat every rival of either side
# by this much. Only pairs whose keys share _RUNS_SHARED of the shorter one's runs of _GRAM
# characters (those found in few leftovers) are scored, at most _PARAGRAPH_PAIRS of them: texts
# 0.6 alike share half of theirs (慈善法 第二十三条第三款 → 第二十七条, 0.72: 27 of 50), while
# scoring every pair of a revision that rewrote a hundred long 款 took most of a second.
PARAGRAPH_MARGIN = 0.1
# A 款 moved and extended is that 款 when the longer text holds this share of it (_extended): a
# text kept whole and doubled is only 0.67 alike, one kept at four fifths and doubled 0.53.
EXTENDED_HELD = 0.8
_GRAM = 6
_GRAM_COMMON = 8  # a run in more leftovers than this is boilerplate (`依照本法规定`): no evidence
_RUNS_SHARED = 0.2
# The leftovers' runs are indexed in time linear in their length (~0.5 µs a character): beyond
# this many characters left over (two unrelated texts, a wholesale rewrite) there is no one 款
# to tell moved, and the pass is skipped.
_PARAGRAPH_CHARS = 300_000
_PARAGRAPH_PAIRS = 20_000
_PARAGRAPH_UNITS = ARTICLE_LEVEL | {PARAGRAPH}


def _moved_paragraphs(st: _State) -> None:
    """A 款 left over on one side and a 款 or an article left over on the other (its own text: its
    first 款), each the other's best match among those leftovers from SIMILAR on (or the 款
    extended where it went: _extended), by PARAGRAPH_MARGIN over any rival of either: the 款 moved to another article, or became an
    article of its own, or an article became a 款 — reworded by the same instruction
    (`将第二十三条第三款改为第二十七条，修改为：…`), so less alike than MOVED_SIMILAR asks of a
    clause found anywhere. An article against an article is left to the passes before (no 款
    crossed). Texts shorter than _HELD_MIN are left alone: short 款 read alike by chance."""
    olds, news = _leftovers(st)
    olds = [i for i in olds if st.old[i].family in _PARAGRAPH_UNITS and len(st.okeys[i]) >= _HELD_MIN]
    news = [j for j in news if st.new[j].family in _PARAGRAPH_UNITS and len(st.nkeys[j]) >= _HELD_MIN]
    if not olds or not news or sum(len(st.okeys[i]) for i in olds) + sum(len(st.nkeys[j]) for j in news) > _PARAGRAPH_CHARS:
        return
    candidates = _sharing_runs(olds, news, st.okeys, st.nkeys)
    candidates = [(i, j) for i, j in candidates if PARAGRAPH in (st.old[i].family, st.new[j].family)]
    if not candidates or len(candidates) > _PARAGRAPH_PAIRS:
        return
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap

    rival = SIMILAR - PARAGRAPH_MARGIN  # scores below this can be no rival of an accepted pair
    scores: list[tuple[float, int, int]] = []
    best_old: dict[int, list[float]] = defaultdict(list)
    best_new: dict[int, list[float]] = defaultdict(list)
    for i, j in candidates:
        a, b = st.okeys[i], st.nkeys[j]
        # the similarity is at most 2·shorter / (both lengths): skip pairs it cannot reach
        if 2 * min(len(a), len(b)) >= rival * (len(a) + len(b)) and (score := similarity(a, b, rival)):
            scores.append((score, i, j))
            best_old[i].append(score)
            best_new[j].append(score)
    for score, i, j in scores:
        # the best of both, with no rival of either within the margin (the pair's own score aside)
        if ((score >= SIMILAR or _extended(st.okeys[i], st.nkeys[j]))
                and _alone(best_old[i], score) and _alone(best_new[j], score)):
            st.pair(i, j, "moved")


def _extended(a: str, b: str) -> bool:
    """The 款 a, moved, kept its words in the longer b though less alike than SIMILAR: a text
    extended where it moved (`有关的专门委员会和常务委员会工作机构可以对报送备案的规范性文件进行
    主动审查。` set apart as the 立法法's 第一百一十一条, `全国人民代表大会专门委员会、常务委员会工作
    机构可以对报送备案的行政法规…等进行主动审查，并可以根据需要进行专项审查。`, 0.56 alike) loses
    similarity by what was added, not by what changed: b holds EXTENDED_HELD of a, in order.
    The pair must still be the best of both with no rival within the margin (_moved_paragraphs)."""
    from policywatch.diffing.similarity import held  # lazy, see _pair_gap

    return len(b) > len(a) and held(a, b) >= EXTENDED_HELD


def _alone(scores: list[float], best: float) -> bool:
    """`best` is one of `scores`, and every other is PARAGRAPH_MARGIN below it at least."""
    return sum(s > best - PARAGRAPH_MARGIN for s in scores) == 1


def _sharing_runs(olds: list[int], news: list[int], okeys: list[str], nkeys: list[str]) -> list[tuple[int, int]]:
    """The (old, new) pairs whose keys share _RUNS_SHARED of the shorter key's runs of _GRAM
    characters, counting only runs that at most _GRAM_COMMON of the new leftovers hold."""
    holders: dict[str, list[int]] = defaultdict(list)
    runs_of: dict[int, int] = {}
    for j in news:
        key = nkeys[j]
        runs = {key[k : k + _GRAM] for k in range(len(key) - _GRAM + 1)}
        runs_of[j] = len(runs)
        for run in runs:
            holders[run].append(j)
    out: list[tuple[int, int]] = []
    for i in olds:
        key = okeys[i]
        runs = {key[k : k + _GRAM] for k in range(len(key) - _GRAM + 1)}
        found = map(holders.get, runs)
        shared = Counter(chain.from_iterable(js for js in found if js and len(js) <= _GRAM_COMMON))
        out.extend((i, j) for j, n in shared.items() if n >= _RUNS_SHARED * min(len(runs), runs_of[j]))
    return out


def _pair_in_slots(st: _State) -> None:
    """Pair the clauses left free between two paired siblings (or a paired sibling and the end of
    its paired parent) with those free between their partners, when both sides agree what stands
    there. One clause alone on each side is that clause rewritten from SLOT_SIMILAR on, or
    expanded when the new one holds it almost whole (_held). A run of 2-3 free clauses facing one
    (`第四十三条`, `第四十四条` → a new `第四十一条` that keeps both sentences and adds penalties)
    pairs the one with the first clause of the run it holds almost whole (or that holds it almost
    whole): the others of the run stay deleted (or added); failing that, in a slot sharing no
    label, with the one it reads as rewritten from SLOT_SIMILAR on, clear of the others."""
    old_children, new_children = _children(st.parents[0]), _children(st.parents[1])
    parent_pairs = [(-1, -1)] + [(i, j) for i, j in st.pairs.items() if i in old_children]
    slots: list[tuple[list[int], list[int]]] = []
    for pi, pj in parent_pairs:
        olds, news = old_children.get(pi, []), new_children.get(pj, [])
        where = {j: k for k, j in enumerate(news)}
        k = 0
        while k < len(olds):
            if not st.old_is_free(olds[k]):
                k += 1
                continue
            first = k
            while k < len(olds) and st.old_is_free(olds[k]):
                k += 1
            run = olds[first:k]  # a maximal run of free siblings, between paired ones (or the ends)
            before = olds[first - 1] if first else None
            after = olds[k] if k < len(olds) else None
            # the partners of its neighbours must be children of the parent's partner too
            start = 0 if before is None else where.get(st.pairs.get(before, -1), -1) + 1
            end = len(news) if after is None else where.get(st.pairs.get(after, -1), -1)
            if (before is not None and start == 0) or end < start:
                continue
            slot = [j for j in news[start:end] if st.new_is_free(j)]
            if len(news[start:end]) != len(slot):
                continue
            # several on both sides: a list under a paired clause (not the document's sections,
            # a notice rewritten for a new year: its 一、 is another subject under the same number)
            if ((len(run) <= 3 and len(slot) <= 3 and min(len(run), len(slot)) == 1)
                    or (pi >= 0 and min(len(run), len(slot)) >= 2 and max(len(run), len(slot)) <= _SLOT_LIST)):
                slots.append((run, slot))
    if not slots:
        return
    from policywatch.diffing.similarity import similarity
    for run, slot in slots:
        if min(len(run), len(slot)) >= 2:
            _pair_by_label(st, run, slot)
            continue
        if len(run) == len(slot) == 1:
            i, j = run[0], slot[0]
            # the same label in the same slot says more than the text's length: a short item held
            # whole by a longer one there (`违反规定采取留置措施的` → `违反规定采取强制到案、…、留置或者
            # 禁闭措施，…的`) is that item expanded
            least = _SLOT_HELD_MIN if st.old[i].label == st.new[j].label else _HELD_MIN
            if st.old[i].family == st.new[j].family and (
                    similarity(st.okeys[i], st.nkeys[j], SLOT_SIMILAR) or _held(st.okeys[i], st.nkeys[j], least)):
                st.pair(i, j, "gap")
            continue
        kept = [(i, j) for i in run for j in slot
                if st.old[i].family == st.new[j].family and _held(st.okeys[i], st.nkeys[j])]
        if kept:
            # merged clauses keep the first one's place (`将第四十三条、第四十四条合并为一条`): the
            # first of the run that is held almost whole is the one modified, the rest deleted
            st.pair(*min(kept), "gap")
            continue
        # none held, and no label shared (all shifted by clauses inserted or deleted before the
        # slot, as in _pair_by_label): the one clause is the one of the others it reads as
        # rewritten (from SLOT_SIMILAR on, as one facing one), when no other there is about as
        # alike (矿产资源法 2024: 第十一条 → 第十四条, 0.52, with a new 第十五条 after it). A label
        # shared says the slot was not renumbered, and leaves the others to the heading pass.
        if {st.old[i].label for i in run} & {st.new[j].label for j in slot}:
            continue
        scored = [(similarity(st.okeys[i], st.nkeys[j]), i, j) for i in run for j in slot
                  if st.old[i].family == st.new[j].family]
        if scored and (best := max(scored))[0] >= SLOT_SIMILAR and _alone([s for s, _, _ in scored], best[0]):
            st.pair(best[1], best[2], "gap")


# Two clauses left over in one gap, each the other's clear best there (PARAGRAPH_MARGIN over any
# rival of either), are that clause rewritten from this similarity on: the gap places them (between
# the same anchors) as the slot does at SLOT_SIMILAR, less strictly, and the margin stands for the
# slot's agreement (国境卫生检疫法 2024: 第十条 → 第十七条, 0.55, the one report of a death at a port).
CLEAR_SIMILAR = 0.5


def _pair_clear_best(st: _State) -> None:
    """Pair the articles (and the 款) left free in a gap that are each the other's clear best among
    the gap's leftovers of their family from CLEAR_SIMILAR on, compared whole (with the clauses
    under them, as a reader compares articles: one that kept a rewritten first 款 and gained a new
    款 is less alike than its first 款). An article is also read without its first 款, as the
    article that gained a new one (`增加一款，作为第一款`) or lost its own: its old text, reworded,
    is then its 第二款, which the pair takes, and _first_paragraph_shifts makes it the article's
    record (国境卫生检疫法 2024: 第二条 reworded under a new first 款, 0.52 alike)."""
    rival = CLEAR_SIMILAR - PARAGRAPH_MARGIN
    for g in range(len(st.gaps)):
        olds = [i for i in st.free_old(g) if st.old[i].family in _PARAGRAPH_UNITS]
        news = [j for j in st.free_new(g) if st.new[j].family in _PARAGRAPH_UNITS]
        if not olds or not news or len(olds) * len(news) > _GAP_ALL_PAIRS:
            continue
        read_old = {i: _readings(st.old, st.okeys, st.ends[0], i, st.old_is_free) for i in olds}
        read_new = {j: _readings(st.new, st.nkeys, st.ends[1], j, st.new_is_free) for j in news}
        # every pair is compared whole, as _pair_gap compares every pair: only while the texts
        # are short enough that it costs little (a gap of 48 articles of 9,000 characters is not)
        if (sum(len(whole) for i in olds for _, whole in read_old[i])
                * sum(len(whole) for j in news for _, whole in read_new[j]) > _GAP_ALL_CELLS):
            continue
        # only a gap with leftovers on both sides pays for the scorer (see _pair_gap)
        from policywatch.diffing.similarity import similarity
        scores: list[tuple[float, int, int]] = []
        best_old: dict[int, list[float]] = defaultdict(list)
        best_new: dict[int, list[float]] = defaultdict(list)
        for i in olds:
            for j in news:
                if st.old[i].family != st.new[j].family:
                    continue
                # the whole of both, or one of them without its first 款 (not both: that is
                # two first 款 swapped, not an article that gained or lost one)
                found = [(similarity(a, b, rival), x, y) for n_a, (x, a) in enumerate(read_old[i])
                         for n_b, (y, b) in enumerate(read_new[j]) if not (n_a and n_b)]
                score, x, y = max(found)
                if score:
                    scores.append((score, x, y))
                    best_old[i].append(score)
                    best_new[j].append(score)
        parents = st.parents
        for score, x, y in scores:
            i = x if x in best_old else parents[0][x]
            j = y if y in best_new else parents[1][y]
            if (score >= CLEAR_SIMILAR and _alone(best_old[i], score) and _alone(best_new[j], score)
                    and st.old_is_free(x) and st.new_is_free(y) and not _alike_by_neighbours(st, score, x, y)):
                st.pair(x, y, "gap")


def _alike_by_neighbours(st: _State, score: float, i: int, j: int) -> bool:
    """Old i and new j are alike by the chapter's wording (_alike_by_formula) against a paired
    sibling of i, the nearest before or after it: a penalty article deleted and another added
    between two kept ones are as alike to those as to each other (`违反本条例第…条规定，…的，由公安
    机关责令…改正；…处…元以上…元以下的罚款`), and are no one article whose fine was raised."""
    if score >= AMBIGUOUS_BELOW:  # decided before any sibling is looked for
        return False
    parents, ends = st.parents[0], st.ends[0]
    for step in (-1, 1):
        a = _sibling(parents, ends, i, step)
        while a is not None and not (a in st.pairs and st.old[a].family == st.old[i].family):
            a = _sibling(parents, ends, a, step)
        if a is not None and _alike_by_formula(st, score, i, j, a) and not _same_standing(st, i, j, a):
            return True
    return False


def _same_standing(st: _State, i: int, j: int, a: int) -> bool:
    """Old i and new j stand as one article rewritten whatever the chapter's formula: the same
    number, in the same place (just after the partners of one paired sibling, or first under
    paired parents), and punishing the breach of the same provision, cited by both and not by
    the paired sibling a they resemble by the formula (`违反本条例第十二条规定，携犬出户未束犬链的…`
    rewritten as `饲养人携带犬只外出时违反本条例第十二条规定，未按规定使用牵引绳…`). An article
    for another conduct put at the number of a deleted one cites another provision, or none."""
    o, n = st.old[i], st.new[j]
    if not o.label or o.label != n.label:
        return False
    before_old = _sibling(st.parents[0], st.ends[0], i, -1)
    before_new = _sibling(st.parents[1], st.ends[1], j, -1)
    if before_old is None or before_new is None:
        if before_old is not None or before_new is not None or st.pairs.get(st.parents[0][i], -1) != st.parents[1][j]:
            return False
    elif st.pairs.get(before_old) != before_new:
        return False
    shared = _cited(st.okeys[i]) & _cited(st.nkeys[j])
    return bool(shared - _cited(st.okeys[a]) - _cited(st.nkeys[st.pairs[a]]))


def _cited(text: str) -> set:
    """The articles (with their 款, 项) a clause's text cites: the provisions it is about."""
    from policywatch.grammar import find_addresses
    return {address for _, _, address in find_addresses(text) if address.article is not None}


def _sibling(parents: list[int], ends: list[int], k: int, step: int) -> int | None:
    """Clause k's sibling just before (step -1) or after (step 1) it, or None (parents: _parents,
    ends: _subtree_ends, of k's side)."""
    if step > 0:
        n = ends[k] + 1
        return n if n < len(parents) and parents[n] == parents[k] else None
    c = k - 1
    if c < 0 or c == parents[k]:
        return None
    while parents[c] != parents[k]:  # up from the last clause of the sibling's subtree
        c = parents[c]
    return c


def _readings(clauses: Sequence[Clause], keys: list[str], ends: list[int], k: int, is_free) -> list[tuple[int, str]]:
    """(clause, text) readings of clause k whole: k itself, and for an article whose first 款
    after its own text is free, that 款 standing for the article without its head."""
    whole = _whole(keys, ends, k)
    out = [(k, whole)]
    if (clauses[k].family in ARTICLE_LEVEL and k + 1 < len(clauses) and clauses[k + 1].family == PARAGRAPH
            and clauses[k + 1].path[:-1] == clauses[k].path and is_free(k + 1)):
        out.append((k + 1, whole[len(keys[k]):]))
    return out


# A slot of several free clauses on both sides (a list rewritten in place) is paired by label up
# to this many clauses a side: a longer run is no list rewritten but text replaced wholesale.
_SLOT_LIST = 30


def _pair_by_label(st: _State, run: list[int], slot: list[int]) -> None:
    """Several clauses left free between the same paired neighbours on both sides (the list of
    conditions of an article rewritten: four 项 become five, none similar enough to any other to
    pair): those at the same label and of the same family are that clause rewritten, as a 修改对照表
    sets them side by side, when pairing by label reads the slot best. The other readings are
    renumberings: a block of clauses deleted (or inserted) somewhere in the slot, those before it
    paired by label, those after it with the clause as many labels up (or down). An item deleted
    and the items after it renumbered up and reworded is read better so: then the pairs of that
    reading alike from SLOT_SIMILAR on are made (the items that shifted, reworded), and the rest
    stay deleted and added. A slot sharing no label at all stands past articles inserted (or
    deleted) before it, which renumbered every clause in it (矿产资源法 2024: 第八条, 第九条 →
    第十一条, 第十二条 behind a new 第十条): the renumbering readings are its only ones."""
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap

    by_label = {(st.old[i].family, st.old[i].label): i for i in run}
    labelled = [(by_label[key], j) for j in slot
                if (key := (st.new[j].family, st.new[j].label)) in by_label]
    # a label is a child's own (a path names one clause); one written twice decides nothing
    if len({i for i, _ in labelled}) < len(labelled) or len(by_label) < len(run):
        return
    score = [[similarity(st.okeys[i], st.nkeys[j]) if st.old[i].family == st.new[j].family else 0.0
              for j in slot] for i in run]
    at_old, at_new = {i: p for p, i in enumerate(run)}, {j: q for q, j in enumerate(slot)}
    by_label_total = sum(score[at_old[i]][at_new[j]] for i, j in labelled)
    renumbering, reading = _best_renumbering(score)
    if by_label_total > 0 and by_label_total >= renumbering:
        for i, j in labelled:
            st.pair(i, j, "gap")
        return
    # the items that shifted past the block, reworded: each pair of the reading alike enough to be
    # that item (a pair at 0.2 is two items facing each other by the reading alone), when the
    # reading beats the slot's clauses taken in order too (`债权债务…`, `资本、基金…` facing `负债…`,
    # `净资产…`: in order they read better than one shifted pair on the shared `的增减`)
    in_order = [(p, p) for p in range(min(len(run), len(slot)))]
    if renumbering <= sum(score[p][q] for p, q in in_order):
        if labelled:
            return
        # no label shared: the clauses in order are the slot's own reading (the labels of both
        # sides shifted alike), its pairs made as the renumbering's are (附则 behind new articles:
        # `本法自1986年10月1日施行。` → `本法自2025年7月1日起施行。`, its neighbours rewritten)
        reading = in_order
    for p, q in reading:
        i, j = run[p], slot[q]
        if score[p][q] >= SLOT_SIMILAR:
            st.pair(i, j, "gap")


def _best_renumbering(score: list[list[float]]) -> tuple[float, list[tuple[int, int]]]:
    """The highest total score (score[old][new], positions in the slot) of the readings that
    delete (or insert) one block of clauses: the clauses before it paired position by position,
    those after it shifted by its length; with that reading's (old, new) positions."""
    rows, cols = len(score), len(score[0])
    same = [0.0]  # same[x]: the position-by-position pairs before x
    for p in range(min(rows, cols)):
        same.append(same[-1] + score[p][p])
    best, where = 0.0, (0, 0, 0)  # (shift, p, x) of the best reading
    for shift in chain(range(1, rows), range(-1, -cols, -1)):  # old clauses deleted, new inserted
        # shifted[x]: the pairs old p ↔ new p - shift from old position x on (new x - shift on)
        tail = 0.0
        for p in range(rows - 1, -1, -1):
            q = p - shift
            if 0 <= q < cols:
                tail += score[p][q]
            x = min(p, q)  # the block starts where both sides' prefixes end
            if x >= 0 and x <= min(rows, cols) and same[x] + tail > best:
                best, where = same[x] + tail, (shift, p, x)
    shift, start, x = where
    reading = [(k, k) for k in range(x)] + [(p, p - shift) for p in range(start, rows) if 0 <= p - shift < cols]
    return best, reading


# A clause kept and expanded (`…构成犯罪的，依法追究刑事责任。` → the same words with the penalties
# added before them): similarity falls with the added length, so the shorter text held almost
# word for word, in order, by the longer one says it is the same clause.
HELD = 0.9
_HELD_MIN = 20  # characters: a shorter text (`删去。`, a bare heading) is held by almost anything
_HELD_GROWTH = 10  # the longer at most this many times the shorter
_SLOT_HELD_MIN = 8  # ... or this many, for the one clause left in a slot under the same label


def _held(a: str, b: str, least: int = _HELD_MIN) -> bool:
    """The shorter of a and b (`least` characters at least) is held almost whole by the longer,
    which is not many times longer."""
    shorter, longer = sorted((len(a), len(b)))
    if shorter < least or longer > _HELD_GROWTH * shorter:
        return False
    from policywatch.diffing.similarity import held  # lazy, see _pair_gap

    return held(a, b) >= HELD


def _children(parents: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for k, parent in enumerate(parents):
        out[parent].append(k)
    return out


def _pair_gap(st: _State, g: int) -> None:
    olds, news = st.free_old(g), st.free_new(g)
    if not olds or not news:
        return
    if len(olds) == len(news) == 1 and _same_place(st.old[olds[0]], st.new[news[0]], st.okeys[olds[0]],
                                                   st.nkeys[news[0]]):
        # a lone pair whose score is SAME_HEAD at least has no rival to be ranked against: it pairs
        # whatever its similarity (a one-clause edit is decided without importing the scorer)
        st.pair(olds[0], news[0], "gap")
        return
    # Imported only when there is something to score (~10 ms: rapidfuzz loads every metric):
    # a copy whose every gap closes without it (a re-wrapped one) never pays for it.
    from policywatch.diffing.similarity import similarity
    scored = []
    # every pair when there are few, and their texts are short enough that comparing all of
    # them costs little (a gap of a few 100,000-character clauses is not)
    all_pairs = (len(olds) * len(news) <= _GAP_ALL_PAIRS
                 and sum(len(st.okeys[i]) for i in olds) * sum(len(st.nkeys[j]) for j in news) <= _GAP_ALL_CELLS)
    for p, i in enumerate(olds):
        if all_pairs:
            candidates = news
        else:  # a big gap: only clauses at about the same relative position are plausible
            centre = p * len(news) // len(olds)
            candidates = news[max(0, centre - _WINDOW) : centre + _WINDOW + 1]
        for j in candidates:
            score = similarity(st.okeys[i], st.nkeys[j], SIMILAR)
            if _same_place(st.old[i], st.new[j], st.okeys[i], st.nkeys[j]):
                score = max(score, SAME_HEAD)
            if score:
                scored.append((score + _tie_break(st.old[i], st.new[j]), i, j))
    _take_best(st, scored, "gap")
    _drop_ambiguous(st, scored)


# A pair scored below this whose clause had a rival about as close, left unpaired, stands on the
# words the chapter's clauses all share (`违反本条例规定，…的，由…责令改正，…以上…以下的罚款`), not on
# its own: a penalty article rewritten for another conduct is not the old one it happens to
# resemble most (上海市建设工程材料管理条例 2024: 生产实心粘土砖, 一万元以上十万元以下 → 使用禁止使用的材料,
# 十万元以上二十万元以下, read as one article modified and a fine raised).
AMBIGUOUS_BELOW = 0.75


def _drop_ambiguous(st: _State, scored: list[tuple[float, int, int]]) -> None:
    """Unpair the gap's pairs scored below AMBIGUOUS_BELOW that have a rival within
    PARAGRAPH_MARGIN which the assignment left unpaired, unless one holds the other almost whole
    (_held): which of the two is the clause edited is not told by the text, so neither is (the
    clauses stay deleted and added)."""
    # a pair one side of which the other holds almost whole kept its own words, not a formula
    # (an item given the tail of the item before it: its rival is that item, alike by the tail)
    weak = [(s, i, j) for s, i, j in scored if s < AMBIGUOUS_BELOW and st.pairs.get(i) == j
            and not _held(st.okeys[i], st.nkeys[j])]
    if not weak:
        return
    best_rival: dict[tuple[str, int], float] = defaultdict(float)
    for s, i, j in scored:
        if i not in st.pairs:
            best_rival["n", j] = max(best_rival["n", j], s)  # an unpaired old clause close to new j
        if j not in st.taken:
            best_rival["o", i] = max(best_rival["o", i], s)
    for s, i, j in weak:
        if max(best_rival["n", j], best_rival["o", i]) > s - PARAGRAPH_MARGIN:
            del st.pairs[i], st.how[i]
            st.taken.discard(j)


def _same_place(a: Clause, b: Clause, a_key: str, b_key: str) -> bool:
    """The in-gap pair scores SAME_HEAD at least: the same head, or the same renamed heading."""
    return _same_head(a, b, a_key, b_key) or _same_heading(a, b)


def _same_head(a: Clause, b: Clause, a_key: str, b_key: str) -> bool:
    """Same path and the same opening words: a clause that gained or lost a whole paragraph
    (`四、应用实践重点` with or without its body) is still that clause, however dissimilar."""
    if a.path != b.path or not a_key or not b_key:
        return False
    n = min(len(a_key), len(b_key), _AFFIX)
    return a_key[:n] == b_key[:n]


def _same_heading(a: Clause, b: Clause) -> bool:
    """The same 编/章/节 (or annex) at the same path, renamed: `第二章 土地利用总体规划` became
    `第二章 国土空间规划`. Its articles stay under it, so it is that heading, modified.
    A bare caption of a text without chapters (`附则`, segment._captions) is labelled by its
    words, so a reworded one (`附则` → `其他规定`) has another path: standing in the same gap
    (between the same paired articles), it is that caption, renamed."""
    if a.family == b.family == "caption":
        return a.path[:-1] == b.path[:-1]
    return a.path == b.path and a.family == b.family and (a.family in _HEADINGS or a.family == "annex")


_HEADINGS = STATUTE_GROUPS


def _tie_break(a: Clause, b: Clause) -> float:
    """Small bonuses that decide between near-equal candidates: same label, family, parent."""
    return 0.02 * (a.label == b.label) + 0.01 * (a.family == b.family) + 0.01 * (a.path[:-1] == b.path[:-1])


def _take_best(st: _State, scored: list[tuple[float, int, int]], how: str) -> None:
    """An assignment of high total similarity over the scored candidate pairs: greedy by score,
    then augmenting swaps — a clause left unpaired takes the partner of a clause that has an
    almost as good free alternative, when the total grows (an article edited so much that its
    best match was taken by a neighbour's)."""
    mine: list[tuple[int, int]] = []
    for _, i, j in sorted(scored, key=lambda s: -s[0]):
        if i not in st.pairs and j not in st.taken:
            st.pair(i, j, how)
            mine.append((i, j))
    if len(mine) == len(scored):
        return
    score = {(i, j): s for s, i, j in scored}
    by_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for s, i, j in scored:
        by_old[i].append((s, j))
    owner = {j: i for i, j in mine}
    for i, options in by_old.items():
        if i in st.pairs:
            continue
        for s, j in sorted(options, reverse=True):
            other = owner.get(j)
            if other is None or st.pairs.get(other) != j:
                continue
            # `other` moves to its best free alternative j2 if that raises the total
            alt = max(((s2, j2) for s2, j2 in by_old[other] if j2 not in st.taken), default=None)
            if alt is not None and s + alt[0] > score[other, j]:
                st.taken.discard(j)
                st.pair(other, alt[1], how)
                st.pair(i, j, how)
                owner[j], owner[alt[1]] = i, other
                break


def _moves_similar(st: _State) -> None:
    olds, news = _leftovers(st)
    if not olds or not news:
        return
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap
    buckets: dict[str, list[int]] = defaultdict(list)
    for j in news:
        key = st.nkeys[j]
        if len(key) >= _AFFIX:
            buckets["<" + key[:_AFFIX]].append(j)
            buckets[">" + key[-_AFFIX:]].append(j)
    scored = []
    for i in olds:
        key = st.okeys[i]
        if len(key) < _AFFIX:
            continue
        candidates = set(buckets.get("<" + key[:_AFFIX], ())[:_BUCKET_MAX])
        candidates.update(buckets.get(">" + key[-_AFFIX:], ())[:_BUCKET_MAX])
        for j in candidates:
            score = similarity(key, st.nkeys[j], MOVED_SIMILAR)
            if score:
                scored.append((score, i, j))
    _take_best(st, scored, "moved")


def _swapped_neighbours(st: _State) -> None:
    """A clause left over on each side that swapped places with one paired sibling (old 第六条,
    第七条 → new 第九条, 第十条, with 第六条 → 第十条 paired: the old 第七条 now stands just before it)
    is in the gap next to its own: only the paired clause stands between them, so they are
    compared as the clauses of one gap are (SIMILAR), not as a far-away move (MOVED_SIMILAR)."""
    olds, news = _leftovers(st)
    if not olds or not news:
        return
    free_new = set(news)
    (old_parents, new_parents), (old_ends, new_ends) = st.parents, st.ends
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap
    scored = []
    for i in olds:
        for step in (-1, 1):
            # i stood after (step -1: before) the paired clause a; the clause standing before
            # (after) a's partner now is where i went, if the two swapped places
            a = _sibling(old_parents, old_ends, i, step)
            if a is None or a not in st.pairs:
                continue
            j = _sibling(new_parents, new_ends, st.pairs[a], step)
            if (j is None or j not in free_new or st.old[i].family != st.new[j].family
                    or st.pairs.get(old_parents[i], -1) != new_parents[j]):
                continue
            score = similarity(st.okeys[i], st.nkeys[j], SIMILAR)
            if score and not _alike_by_formula(st, score, i, j, a):
                scored.append((score, i, j))
    _take_best(st, scored, "moved")
    _drop_ambiguous(st, scored)  # as in a gap: a rival about as close leaves neither clause paired


def _alike_by_formula(st: _State, score: float, i: int, j: int, a: int) -> bool:
    """Old i and new j, scored below AMBIGUOUS_BELOW, are each about as alike (within
    PARAGRAPH_MARGIN) to the paired clause a standing between them, on the other side: what the
    three share is the chapter's wording (`违反本条例第…条规定，…的，由公安机关责令限期改正；逾期不改正的，
    处…元以上…元以下的罚款`), not i's own, so an article deleted and another added next to a
    matched one are not one article modified (docs/changeset-schema.md), however they stand."""
    if score >= AMBIGUOUS_BELOW or _held(st.okeys[i], st.nkeys[j]):
        return False
    from policywatch.diffing.similarity import similarity  # lazy, see _pair_gap
    bar = score - PARAGRAPH_MARGIN
    return max(similarity(st.okeys[i], st.nkeys[st.pairs[a]]), similarity(st.okeys[a], st.nkeys[j])) > bar


def _pair_same_headings(st: _State) -> None:
    """A clause left over whose heading (`资金用途`) is that of exactly one clause of its family
    left over on the other side, and of no other leftover on its own side, is that clause: the
    revision renumbered it (二 → 三, a new item inserted before it) and rewrote its body too
    much for the similarity passes. Headings repeated among the leftovers (`申报条件` under every
    measure) decide nothing."""
    olds, news = _leftovers(st)
    by_heading: dict[tuple[str, str], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, clauses, ids in ((0, st.old, olds), (1, st.new, news)):
        for k in ids:
            c = clauses[k]
            if len(c.heading) >= _HEADING_MIN and c.family not in _SLOTS:
                by_heading[c.family, c.heading][side].append(k)
    for o, n in by_heading.values():
        if len(o) == len(n) == 1:
            st.pair(o[0], n[0], "gap")  # in order: modified, with both numbers (not moved)


_HEADING_MIN = 2


# --------------------------------------------------------------------------- classification


def _classify(st: _State) -> list[Aligned]:
    old, new = st.old, st.new
    path_map = {old[i].path: new[j].path for i, j in st.pairs.items()}
    for group in st.groups:  # children of a split clause follow its last part
        for o in group.old:
            path_map[o.path] = group.new[-1].path
    # the 项 of an article that gained a new first 款 follow its old text, into its 第二款
    heads = {old[i].path: new[j].path for i, j in st.new_head.items()}
    for i, k in st.old_head.items():  # …and those of a lost first 款's successor go up into the article
        path_map[old[k].path] = new[st.pairs[i]].path
    found: list[tuple[float, Aligned]] = []  # (place in the new text, finding)
    old_pos, new_pos = _places(st)
    renumber: dict[float, list[tuple[str, str]]] = defaultdict(list)
    first_renumbered: dict[float, float] = {}  # cause -> place of its first renumbered clause
    cause_of = _causes(st)
    matched = ({old[i].path for i in st.pairs}, {new[j].path for j in st.taken})
    # 款 that only hold redistributed text (one paragraph written as two: a line cut after 。):
    # grouped with their neighbours by _neutral_edges or _pair_across_paragraphs, no split or merge
    in_groups = {c.path for g in st.groups for c in (*g.old, *g.new)}
    redistributed = tuple({side[k].path for k in grouped if side[k].family == PARAGRAPH and side[k].path not in in_groups}
                          for side, grouped in ((old, st.grouped_old), (new, st.grouped_new)))
    for i, j in sorted(st.pairs.items()):
        o, n = old[i], new[j]
        if o.path == n.path and st.how[i] == "lcs":
            continue  # the same text at the same place: most pairs, and no record
        same = st.okeys[i] == st.nkeys[j] or i in st.same_text
        if i in st.new_head or i in st.old_head:
            # a first 款 inserted (`增加一款，作为第一款`) or dropped: that 款 added or deleted, and
            # the article's old text, now its 第二款 (or its old 第二款, now its text), modified
            # when edited; kept, it moves by the article's number only (款 positions are never
            # written: no record), and the article is renumbered, moved or left as any other
            head, found_head = _head_records(st, i, j, new_pos)
            found.extend(found_head)
            if head is not None:
                continue
            same = True
        elif not same and not (o.text and n.text):
            # a clause with no text on one side (an implied 第一章 whose heading line the copy
            # lacks): its heading was written in, or dropped
            found.append((new_pos[j], Aligned(ChangeKind.ADDED, (), (n,)) if n.text else Aligned(ChangeKind.DELETED, (o,))))
            continue
        parent = _parent_went(o, path_map, heads)
        implied = _implied(o, n, parent)  # it went where its ancestors went: part of their move
        if not same and (o.family in ARTICLE_LEVEL or o.family in STATUTE_GROUPS):
            # an article moved and edited is one modified record with both paths, as a 修改对照表 row;
            # so is a 章 or 节 renamed where its articles went (paired by them: _pair_by_children)
            found.append((new_pos[j], Aligned(ChangeKind.MODIFIED, (o,), (n,))))
        elif (st.how[i] == "moved" and not implied) or (not same and not implied and parent != n.path[:-1]
                                                         and not _under_redistributed(o, n, parent, redistributed)):
            found.append((new_pos[j], Aligned(ChangeKind.MOVED, (o,), (n,), own_text=_within_article(st, i, j))))
        elif not same:
            found.append((new_pos[j], Aligned(ChangeKind.MODIFIED, (o,), (n,))))
        elif implied:
            continue
        elif parent != n.path[:-1] and not _level_changed(o, n, parent, path_map, matched):
            found.append((new_pos[j], Aligned(ChangeKind.MOVED, (o,), (n,), own_text=_within_article(st, i, j))))
        elif o.family in COUNTED and n.family == o.family:
            continue  # ¶4 → ¶3, ——3 → ——4, 第二款 → 第三款: positions, never written, no record
        elif _under_redistributed(o, n, parent, redistributed):
            continue  # the 项 of a lead-in cut into its own 款: the same list, no label moved
        else:
            cause = cause_of.get(i, -1.0)  # an article paired by its 款 is in no LCS run
            renumber[cause].append((o.path_str, n.path_str))
            first_renumbered.setdefault(cause, new_pos[j])
    where = {c.path: j for j, c in enumerate(new)}
    for group in st.groups:
        if "".join(c.key for c in group.old) != "".join(c.key for c in group.new):
            found.append((new_pos[where[group.new[0].path]], group))
    found.extend(_unmatched(st, old_pos, new_pos))
    carried = _carried_articles(a for _, a in found)
    for cause, moves in renumber.items():
        # an article whose 款 or 项 was edited is no identical article: the edit's record carries
        # its old and new number (第八条/第二款 → 第九条/第二款), it is not renumbered besides
        moves = [m for m in moves if m not in carried]
        if moves:  # right before the first clause it renumbers: after the edit that caused it
            found.append((first_renumbered[cause] - 0.05, Aligned(ChangeKind.RENUMBERED, moves=tuple(moves))))
    found.sort(key=lambda item: item[0])  # stable: equal places keep the order found
    return [a for _, a in found]


def _within_article(st: _State, i: int, j: int) -> bool:
    """Whether old clause i and new clause j, one an article's own text and the other a 款, are
    a 款 reordered inside one article: its own text went to a later 款 of the article that took
    one of its 款 as its text (`第二十七条`'s two 款 swapped as `第三十条`'s first and third). The
    record is then the article's 第一款 on that side (`第二十七条/第一款 → 第三十条/第三款`), as a
    修改决定 cites it: not an article made a 款 of another, nor a 款 made an article."""
    o, n = st.old[i], st.new[j]
    old_parents, new_parents = st.parents
    if o.family in ARTICLE_LEVEL and n.family == PARAGRAPH:
        p = new_parents[j]  # the new article: its text is one of o's 款
        return any(q == p and old_parents[k] == i and st.old[k].family == PARAGRAPH for k, q in st.pairs.items())
    if o.family == PARAGRAPH and n.family in ARTICLE_LEVEL:
        y = st.pairs.get(old_parents[i], -1)  # where the old article's own text went: one of n's 款
        return y >= 0 and st.new[y].family == PARAGRAPH and new_parents[y] == j
    return False


def _head_records(st: _State, i: int, j: int, new_pos: list[float]) -> tuple[Aligned | None, list[tuple[float, Aligned]]]:
    """The records of paired articles i → j (old, new) of which one gained or lost a first 款
    (_first_paragraph_shifts): the first 款 added (or deleted), addressed as `…第二条/第一款`, and
    the modified record of the old text that is now the 第二款 (or of the old 第二款 that is now the
    article's text), or None when it is unchanged."""
    old, new = st.old, st.new
    if i in st.new_head:
        k = st.new_head[i]
        out = [(new_pos[j], Aligned(ChangeKind.ADDED, (), (new[j],), own_text=True))]
        edit = Aligned(ChangeKind.MODIFIED, (old[i],), (new[k],), own_text=True) if st.okeys[i] != st.nkeys[k] else None
        place = new_pos[k]
    else:
        k = st.old_head[i]
        out = [(new_pos[j], Aligned(ChangeKind.DELETED, (old[i],), (), own_text=True))]
        edit = Aligned(ChangeKind.MODIFIED, (old[k],), (new[j],), own_text=True) if st.okeys[k] != st.nkeys[j] else None
        place = new_pos[j]
    if edit is not None:
        out.append((place, edit))
    return edit, out


def _carried_articles(findings) -> set[tuple[str, str]]:
    """(old, new) article paths that a modified or moved record below them already shows."""
    out: set[tuple[str, str]] = set()
    for a in findings:
        if a.kind in (ChangeKind.MODIFIED, ChangeKind.MOVED) and a.old and a.new:
            o, n = a.old[0].path, a.new[0].path
            for depth in range(1, min(len(o), len(n))):
                if _ARTICLE_LABEL.fullmatch(o[depth - 1]) and _ARTICLE_LABEL.fullmatch(n[depth - 1]):
                    out.add(("/".join(o[:depth]), "/".join(n[:depth])))
    return out


_ARTICLE_LABEL = LazyRegex(r"第[^/]+条(?:之[^/]+)?")


def _parent_went(o: Clause, path_map: dict[tuple[str, ...], tuple[str, ...]],
                 heads: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """The new path of the old clause's parent (its own path when unpaired)."""
    if len(o.path) <= 1:
        return ()
    up = o.path[:-1]
    if up in heads and o.family != PARAGRAPH:
        return heads[up]
    return path_map.get(up, up)


def _under_redistributed(o: Clause, n: Clause, parent: tuple[str, ...],
                         redistributed: tuple[set[tuple[str, ...]], ...]) -> bool:
    """The clause stays under the same clause and only a 款 holding redistributed text (a
    paragraph written as two, st.neutral) came in above it, or went: `第四十四条/（一）` ↔
    `第四十四条/第二款/（一）` when the article's lead-in `…服务。物业服务合同可以约定下列服务事项：`
    is cut after its 。 into two lines. Nothing was renumbered."""
    if len(n.path) == len(o.path) + 1 and n.path[:-1] in redistributed[1]:
        return parent == n.path[:-2] and n.path[-1] == o.label
    if len(o.path) == len(n.path) + 1 and o.path[:-1] in redistributed[0]:
        return (*parent[:-1], o.label) == n.path
    return False


def _implied(o: Clause, n: Clause, parent: tuple[str, ...]) -> bool:
    """The new path is what the old one becomes once its ancestors' label moves are applied
    (`parent`: where its parent went), its own number written with the other bracket form or not
    (`（1）` → `1）`: labelled as written, renumbered nowhere)."""
    return (o.path == n.path or (*parent, o.label) == n.path
            or (n.path[:-1] == parent and o.family == n.family and same_number(o.path[-1], n.path[-1])))


def _level_changed(o: Clause, n: Clause, parent: tuple[str, ...], path_map: dict[tuple[str, ...], tuple[str, ...]],
                   matched: tuple[set[tuple[str, ...]], set[tuple[str, ...]]]) -> bool:
    """A grouping level (第一节) was added above the clause, or removed: its parent is a clause
    found on one side only, under the same grandparent. The clause stays where it was, in
    document order: a label move, not a move."""
    if len(n.path) == len(o.path) + 1 and n.path[:-1] not in matched[1]:
        return parent == n.path[:-2]
    if len(o.path) == len(n.path) + 1 and o.path[:-1] not in matched[0]:
        grandparent = path_map.get(o.path[:-2], o.path[:-2]) if len(o.path) > 2 else ()
        return grandparent == n.path[:-1]
    return False


def _places(st: _State) -> tuple[list[float], list[float]]:
    """Where each clause's record goes in a report, which reads in the order of the new text: a
    new clause at its index; an old one where its old neighbours now stand — just before the
    partner of its first paired descendant when it has one (a heading line dropped above clauses
    that stay; an article or 款 only when no earlier sibling was paired), else after the new subtree of its nearest preceding sibling that was paired, else
    right after its parent's partner (before the parent's new children), else just before the
    partner of the next paired old clause (or at the end) — and old ones at one place in their
    old order."""
    new_pos = [float(j) for j in range(len(st.new))]
    old_pos = [0.0] * len(st.old)
    span = len(st.old) + 1
    ends = st.ends[1]
    parents = st.parents[0]
    before: list[int | None] = []  # each old clause's nearest earlier sibling that was paired
    last_paired: dict[int, int] = {}  # parent -> its last child paired so far
    for i, parent in enumerate(parents):
        before.append(last_paired.get(parent))
        if i in st.pairs:
            last_paired[parent] = i
    following = float(len(st.new))  # partner of the next paired old clause…
    next_paired = len(st.old)  # …which is this one
    for i in range(len(st.old) - 1, -1, -1):
        if i in st.pairs:
            following, next_paired = float(st.pairs[i]), i
            continue
        order = 0.1 + 0.3 * (i + 1) / span
        parent = parents[i]
        path = st.old[i].path
        # a heading dropped above clauses that stay reads before them; an article (or 款) whose
        # text went reads where its old neighbours went, though a 款 of it moved elsewhere on
        # its own (that 款's record reads where it went)
        if (next_paired < len(st.old) and st.old[next_paired].path[: len(path)] == path
                and (st.old[i].family not in _PARAGRAPH_UNITS or before[i] is None)):
            old_pos[i] = following - 0.5 + order
        elif (sibling := before[i]) is not None:
            old_pos[i] = ends[st.pairs[sibling]] + order
        elif parent in st.pairs:
            old_pos[i] = st.pairs[parent] + order
        else:
            old_pos[i] = following - 0.5 + order
    return old_pos, new_pos


def _subtree_ends(clauses: Sequence[Clause]) -> list[int]:
    """For every clause (pre-order), the index of the last clause of its subtree."""
    ends = list(range(len(clauses)))
    open_: list[int] = []
    for k, c in enumerate(clauses):
        while open_ and clauses[open_[-1]].path != c.path[: len(clauses[open_[-1]].path)]:
            ends[open_.pop()] = k - 1
        open_.append(k)
    for k in open_:
        ends[k] = len(clauses) - 1
    return ends


def _causes(st: _State) -> dict[int, float]:
    """For every LCS pair, the position of the last structural gap before it (-1 if none).

    A gap is structural when something in it was added, deleted, moved, split or merged:
    that is what shifts the numbering of the siblings after it.
    """
    paired_in_gap = {j for i, j in st.pairs.items() if st.how[i] == "gap"}
    structural = set()
    for g, (olds, news) in enumerate(st.gaps):
        if (any(st.how.get(i) != "gap" and ("o", i) not in st.neutral for i in olds)
                or any(j not in paired_in_gap and ("n", j) not in st.neutral for j in news)):
            structural.add(g)
    cause: dict[int, float] = {}
    last = -1.0
    for t, (what, x) in enumerate(st.timeline):
        if what == "gap":
            last = float(t) if x in structural else last
            cause.update((i, last) for i in st.gaps[x][0] if i in st.same_text)
        elif what == "eq":
            cause[x] = last
    return cause


def _unmatched(st: _State, old_pos: list[float], new_pos: list[float]) -> list[tuple[float, Aligned]]:
    """Added and deleted clauses; a clause whose parent went the same way is folded into it."""
    olds, news = _leftovers(st)
    out: list[tuple[float, Aligned]] = []
    for side, clauses, ids, kind, position in (
        ("old", st.old, olds, ChangeKind.DELETED, old_pos),
        ("new", st.new, news, ChangeKind.ADDED, new_pos),
    ):
        roots: dict[tuple[str, ...], list[Clause]] = {}
        root_of: dict[tuple[str, ...], tuple[str, ...]] = {}  # unmatched path -> its record's root
        order: list[tuple[float, tuple[str, ...]]] = []
        for idx in sorted(ids):
            clause = clauses[idx]
            # folded only under an unmatched parent: a 款 added to a kept article under a
            # renamed chapter is a record of its own
            root = root_of.get(clause.path[:-1])
            if root is not None:
                roots[root].append(clause)
                root_of[clause.path] = root
                continue
            roots[clause.path] = [clause]
            root_of[clause.path] = clause.path
            order.append((position[idx], clause.path))
        for pos, path in order:
            group = tuple(roots[path])
            # the folded descendants' paths, so a reader (or a replay) knows what the record covers
            covered = tuple((c.path_str, "") if side == "old" else ("", c.path_str) for c in group[1:])
            out.append((pos, Aligned(kind, group if side == "old" else (), group if side == "new" else (),
                                     covered)))
    return out
