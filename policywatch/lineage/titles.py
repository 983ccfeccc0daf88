"""Titles as keys: the part of a policy title that stays the same across wrappers and editions.

A cited title often differs from the document's own title: the page title is the wrapper
`关于印发《X》的通知` while citations name `X`; `（试行）`, `（2024年修订）`, `（征求意见稿）` and year
ranges and year editions (`（2020年版）`) come and go. `title_key` keeps what identifies the policy; `marks` says which of those
edition marks a title carries.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from policywatch.grammar.places import read_places
from policywatch.normalize import comparison_key

_BRACKETS = "（(〔\\[［【"
_CLOSE = "）)〕\\]］】"
# 关于印发《X》的通知 / 关于印发X的通知 / 印发X的通知 / 转发…的通知: the policy is X; an issuer's name
# before 印发 or 转发 without 关于 too (某市人民政府印发关于促进…的若干措施的通知: the policy is 关于促进…的若干措施;
# 某省人民政府办公厅转发国务院办公厅关于…的意见的通知: the document forwarded is 国务院办公厅关于…的意见)
# 印发修订后的《X》的通知 (a new edition's notice, 修改后的, 新修订的 too) is about X as well
_WRAPPER = re.compile(r"^(?:.*?关于|[^《》]*?(?=印发|转发))?(?P<verb>印发|转发|公布|发布|颁布)(?:修订后的|修改后的|新修订的)?"
                      r"(?P<inner>.+?)的(?:通知|通告|公告|决定|函)$")
# 关于公开征求《X（征求意见稿）》意见的公告: the draft is X
# and the other word order: 关于《X（征求意见稿）》公开征求意见的通知
# 关于对《X》公开征求意见的公告 too, and the mark outside the quotation marks:
# 关于公开征求《X》(修订征求意见稿)意见的通知 (the draft is X, marked as a draft)
_CONSULTATION = re.compile(r"^(?:.*?关于)?对?(?:(?:公开)?征求《(?P<inner>[^《》]+)》(?P<mark>[（(][^（()）]*[）)])?"
                           r"(?:修改)?意见(?:建议)?"
                           r"|《(?P<quoted>[^《》]+)》(?P<qmark>[（(][^（()）]*[）)])?(?:公开)?征求(?:社会)?意见)"
                           r"的(?:公告|通知|函|通告)$")
# （征求意见稿）, （修订草案征求意见稿）, （草案）, （送审稿）
_DRAFT = re.compile(rf"[{_BRACKETS}]\s*(?:(?:修订|修正)?草案(?:公开)?(?:征求意见稿|送审稿)?|(?:修订|修正)?(?:公开)?"
                    rf"(?:征求意见稿|送审稿))\s*[{_CLOSE}]|征求意见稿")
# （试行）, and 暂行/试行 written into the name: 生成式人工智能服务管理暂行办法 is the trial edition of
# 生成式人工智能服务管理办法 (the draft's title), as 暂行条例 is of 条例
_TRIAL = re.compile(rf"[{_BRACKETS}]\s*(?:试行|暂行)\s*[{_CLOSE}]|(?:暂行|试行)(?=(?:管理)?(?:办法|规定|条例|细则|规则)(?:[{_BRACKETS}][^{_CLOSE}]*[{_CLOSE}])*$)")
_REVISED = re.compile(rf"[{_BRACKETS}]\s*(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?(?:修订|修正|修订版|修正版)\s*[{_CLOSE}]")
_YEARS = re.compile(rf"[{_BRACKETS}]?\s*(?P<start>(?:19|20)\d\d)\s*(?:年)?\s*[—–\-－~～至到]+\s*(?P<end>(?:19|20)\d\d)\s*年?\s*[{_CLOSE}]?")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d\s*年(?:度)?")
# an edition named by its year: （2020年版）, （2020版）, （2020年本）. Cited bare (`《X》同时废止` in the
# edition replacing it), as a revision mark is: the key is the policy's, not the edition's; the
# year is a mark (TitleMarks.edition_year), so a citation naming the edition gets that one.
_EDITION = re.compile(rf"[{_BRACKETS}]\s*(?P<year>(?:19|20)\d\d)\s*年?\s*[版本]\s*[{_CLOSE}]")
# an interpretation's title around the policy it explains
_INTERPRETATION = re.compile(r"政策解读|解读|答记者问|图解|一图读懂|问答")


@dataclass(frozen=True, slots=True)
class TitleMarks:
    """The edition marks a title carries."""

    draft: bool = False
    trial: bool = False
    revised_year: int | None = None  # （2024年修订）; 0 when revised without a year
    edition_year: int | None = None  # （2019年本）, （2020年版）: which edition of a catalogue or policy
    years: tuple[int, int] | None = None  # a plan's period: 2021—2023年


def unwrap(title: str) -> str:
    """The policy a wrapper title is about: `某市人民政府关于印发《X》的通知` → `X`."""
    title = title.strip().strip("。")
    if m := _CONSULTATION.match(title):
        title = (m["inner"] or m["quoted"]) + (m["mark"] or m["qmark"] or "")
    elif m := _WRAPPER.match(title):
        title = m["inner"]
    cited = re.fullmatch(r"\s*《(.+)》\s*", title)
    return cited[1] if cited else _unpaired_marks_dropped(title)


def forwards(title: str) -> bool:
    """Whether the title is a 转发 notice's: the document it wraps is another issuer's (the one
    forwarded), not a policy of the notice's own as a 印发 notice's is."""
    m = _WRAPPER.match(title.strip().strip("。"))
    return m is not None and m["verb"] == "转发" and not _CONSULTATION.match(title.strip())


def _unpaired_marks_dropped(title: str) -> str:
    """A title without a dangling 《 or 》 at its ends. A pair inside stays: `《X》政策解读`
    names its policy in its own marks, and stripping only the 《 would leave `X》政策解读`."""
    if title.startswith("《") and "》" not in title:
        title = title[1:]
    if title.endswith("》") and "《" not in title:
        title = title[:-1]
    return title


@lru_cache(maxsize=65536)  # a linking pass asks for the same catalogue titles again and again
def marks(title: str) -> TitleMarks:
    title = unwrap(title)
    revised = _REVISED.search(title)
    edition = _EDITION.search(title)
    years = _YEARS.search(title)
    return TitleMarks(
        draft=bool(_DRAFT.search(title)),
        trial=bool(_TRIAL.search(title)),
        revised_year=(int(revised["year"]) if revised["year"] else 0) if revised else None,
        edition_year=int(edition["year"]) if edition else None,
        years=(int(years["start"]), int(years["end"])) if years else None,
    )


# a title quoted inside a quoted title: 《怀化市贯彻落实〈X〉实施方案》, 《…印发<X>的通知》 — the same
# marks as 《》 for a key (the cited document and its own page write them either way)
_INNER_MARKS = str.maketrans("〈〉<>", "《》《》")


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """What identifies the policy in a title, with wrappers and edition marks taken off.

    >>> title_key("某市人民政府关于印发《某市促进人工智能产业发展若干政策（2024年修订）》的通知")
    '某市促进人工智能产业发展若干政策'
    >>> title_key("某市数字经济行动计划（2021—2023年）") == title_key("某市数字经济行动计划（2024-2026年）")
    True
    """
    core = unwrap(title.translate(_INNER_MARKS))
    for pattern in (_DRAFT, _TRIAL, _REVISED, _EDITION, _YEARS):
        core = pattern.sub("", core)
    core = _YEAR_PREFIX.sub("", core.strip())
    return comparison_key(core).replace(" ", "").strip("《》“”\"")


# the kind of document a title ends with: 个人信息出境标准合同规定 and …办法 name one subject
_DOC_TYPE = re.compile(r"(?:管理)?(?:实施)?(?:办法|规定|条例|细则|规则|意见|方案|若干措施|若干政策|措施|政策|指南)$")


_ABOUT = re.compile(r"关于|的$")


@lru_cache(maxsize=65536)
def subject(title: str) -> str:
    """The title key without the kind of document it ends with (规定, 办法, 实施细则…): a draft's
    final may be issued under another kind (`…标准合同规定（征求意见稿）` → `…标准合同办法`).
    "" when too little is left to name a subject."""
    # a final may also be worded `关于…的若干措施` where the draft said `…若干措施`: the subject is the same
    core = _ABOUT.sub("", _DOC_TYPE.sub("", title_key(title)))
    return core if len(core) >= 4 else ""


# a draft's final under its title with a word added or dropped (促进低空经济发展 → 促进低空经济高质量发展,
# 若干措施 → 措施): at most this many characters, in at most two places, none replaced
_EDIT_CHARS = 6
_EDIT_RUNS = 2
_KEPT_CHARS = 8  # what the two keys must share at least: a short title edited is another title
# a document's kind or part inside an edit makes it another document (…措施 → …措施实施细则, …补充措施)
_KIND_WORD = re.compile(r"办法|规定|条例|细则|规则|意见|通知|决定|方案|措施|政策|规划|计划|纲要|指南|制度|实施|补充|解读")


def within_edit(a: str, b: str) -> bool:
    """Whether two title keys' lengths allow slightly_edited: the cheap test, asked first of many pairs."""
    return abs(len(a) - len(b)) <= _EDIT_CHARS


@lru_cache(maxsize=65536)
def slightly_edited(a: str, b: str) -> bool:
    """Whether two title keys differ only by a word or two added or dropped (never one replaced: 低空经济 →
    数字经济 is another subject), keeping the end that names the document's kind, and no kind word in
    what changed: one policy's title as drafted and as issued."""
    from difflib import SequenceMatcher  # here: only a draft's final under an edited title needs it

    if a == b or not a or not b or not within_edit(a, b):
        return False
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    edits = [a[i1:i2] or b[j1:j2] for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    last, i1, i2, _, _ = ops[-1]
    return (all(tag in ("equal", "insert", "delete") for tag, *_ in ops) and 0 < len(edits) <= _EDIT_RUNS
            and sum(map(len, edits)) <= _EDIT_CHARS and kept >= _KEPT_CHARS and last == "equal" and i2 - i1 >= 2
            and not any(_KIND_WORD.search(edit) for edit in edits)
            # a word added is where it goes into the draft's title, a word dropped where it left the final's
            and not any(_inside_head(a, i1) if tag == "insert" else _inside_head(b, j1)
                        for tag, i1, _, j1, _ in ops if tag != "equal"))


# The subject's head: the words a title's subject opens with after its place, a 关于 and its leading
# verbs (促进, 加快, 推动: the policy's aim, not its subject), which name what the policy is about
# (农村道路, 数字经济…), up to the title's end (若干措施, 管理办法). A word added or dropped before them
# (加快 推进 数字经济, 推动 先进 制造业, 促进 文旅 消费: a modifier of the subject) or after them qualifies it
# (低空经济 高质量 发展, 稳住经济 大盘: one subject as drafted and as issued); one inside them breaks the
# compound that names the subject into another (农村 公路养护 道路 is another road's rules). Two words of
# two characters: the shortest subject the title rules name (subject()'s four characters).
_HEAD_CHARS = 4
# longest first where one opens another (稳定就业, 稳步推进: 稳 alone would cut the word)
_LEADING_VERBS = ("进一步", "加快", "推动", "推进", "促进", "支持", "稳定", "稳步", "稳住", "稳")
# the qualifiers a kind may open with (管理办法, 实施细则): words of the subject's head, not its kind
# (道路 管理办法 → 道路停车 管理办法 is another subject's rules)
_KIND_QUALIFIERS = re.compile(r"(?:管理)?(?:实施)?")


def _inside_head(key: str, at: int) -> bool:
    """Whether an edit at `at` of a title key falls strictly inside its subject's head (_HEAD_CHARS
    after its place, 关于 and leading verbs, and before its kind's end): not before it (关于 added, a
    place named, a modifier), not after it."""
    start = len(key) - len(key.removeprefix("关于"))
    named = read_places(key[start:])
    start += named[-1].end if named else 0
    while verb := next((verb for verb in _LEADING_VERBS if key.startswith(verb, start)), ""):
        start += len(verb)
    kind = _DOC_TYPE.search(key, start)
    bare_kind = kind.start() + _KIND_QUALIFIERS.match(kind.group()).end() if kind else len(key)
    end = min(start + _HEAD_CHARS, bare_kind)
    return start < at < end


def names_rules(title: str) -> bool:
    """Whether the title is a policy's (…办法, …规定, …若干措施), not a one-off notice's (…的通知):
    a notice reissued each year under one title is no edition of last year's."""
    return bool(_DOC_TYPE.search(title_key(title)))


def is_interpretation_title(title: str) -> bool:
    return bool(_INTERPRETATION.search(title))


def interpreted_title(title: str) -> str:
    """The policy an interpretation's title names: `《X》政策解读` → `X`; "" when none is named."""
    cited = re.search(r"《([^《》]+)》", title)
    if cited:
        return cited[1]
    stripped = re.sub(r"^(?:图解|一图读懂)[：:]?|(?:政策解读|解读|答记者问|问答)$", "", title.strip())
    return stripped if stripped != title.strip() else ""


# what every notice of an issuer shares: `某市人民政府办公室关于…` and `…工作的通知`
_FRAME = re.compile(r"^[^《》]*?关于|(?:工作)?的(?:通知|意见|决定|函|通告|公告|批复)$")


@lru_cache(maxsize=65536)
def similarity_key(title: str) -> str:
    """The title key without the issuer's frame, for look-alikes: two notices of one office
    (`…关于做好A工作的通知`, `…关于做好B工作的通知`) share their frame, not their subject."""
    key = title_key(title)
    return _FRAME.sub("", key) or key


def bigram_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two title keys (0..1)."""
    return _jaccard(_bigrams(a), _bigrams(b))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@lru_cache(maxsize=65536)  # a linking pass compares each title with many siblings of its issuer
def _bigrams(key: str) -> frozenset[str]:
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


class LookalikeIndex:
    """Which of many title keys may reach a bigram Jaccard similarity of `threshold` with a given key.

    Comparing every new title with every title of its issuer made a first crawl of one ministry's
    site quadratic (4,000 documents: 90 s of linking, 85% of it in bigram_similarity). This is
    prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", WWW 2007): with
    the bigrams of every key in one fixed order, rarest first, two sets with Jaccard >= t share
    an element (the first of their intersection in that order) within the first
    n - ceil(t·n) + 1 elements of each. Indexing only those prefixes gives a superset of the
    look-alikes that is small in practice; those are scored exactly, so what is found is the same
    as comparing with every key (bigram_similarity).
    """

    def __init__(self, keys: Sequence[str], threshold: float) -> None:
        if not 0 < threshold <= 1:  # at 0 every pair is alike, sharing a bigram or not: nothing to index
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self._threshold = threshold
        grams = [_bigrams(key) for key in keys]
        self._frequency = Counter(gram for found in grams for gram in found)
        self._sizes = [len(found) for found in grams]
        self._postings: dict[str, list[int]] = {}  # prefix bigrams only: who may be alike
        self._everywhere: dict[str, list[int]] = {}  # every bigram: how much they share
        for position, found in enumerate(grams):
            for gram in self._prefix(found):
                self._postings.setdefault(gram, []).append(position)
            for gram in found:
                self._everywhere.setdefault(gram, []).append(position)

    def alike(self, key: str) -> list[tuple[int, float]]:
        """(position, bigram_similarity) of every indexed key at least `threshold` alike `key`, by
        position. A key without bigrams is alike nothing."""
        grams = _bigrams(key)
        if not grams:
            return []
        candidates: set[int] = set()
        for gram in self._prefix(grams):
            candidates.update(self._postings.get(gram, ()))
        if not candidates:
            return []
        # the overlap with every key sharing a bigram, counted in C (Counter over the full postings):
        # cheaper than intersecting the sets of hundreds of candidates one by one
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(self._everywhere.get(gram, ()))
        out = []
        size, sizes, threshold = len(grams), self._sizes, self._threshold
        for position in sorted(candidates):
            overlap = shared[position]
            score = overlap / (size + sizes[position] - overlap)  # as _jaccard: |A∩B| / |A∪B|
            if score >= threshold:
                out.append((position, score))
        return out

    def _prefix(self, grams: frozenset[str]) -> list[str]:
        # the same total order for indexed and probed keys (a bigram no indexed key has counts 0);
        # the epsilon keeps float error from shortening a prefix (t·n exactly an integer)
        keep = len(grams) - max(0, math.ceil(self._threshold * len(grams) - 1e-9)) + 1
        return sorted(grams, key=lambda gram: (self._frequency[gram], gram))[:keep]
