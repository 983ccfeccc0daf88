"""Facts a policy reader cares about, extracted per clause and paired between versions.

Amounts, percentages and multiples, measures with their units, dates and target years, counts,
vague quantities (一批), deadlines and validity periods, and responsible departments (责任单位/
牵头单位 notes) are read from the comparison-key layer (NFKC, no spaces; clauses.md §4); the
quantity shapes are grammar/quantities.py's. A fact is (role, context, value): the context is the
short run of words in front of it (`最高资助`), the value keeps the qualifiers that touch the
number (`最高1000万元`, `50万元以上`) because a cap becoming a fixed amount is a change, and a
range is one value (`十万元以上五十万元以下`). Facts of two versions of a clause are paired by role
group and context (a context that names one fact on each side pairs it first); only changed
facts are reported, a value stated otherwise (grammar/quantities.py quantity_key: `不得少于三人` is
`三人以上`) is no change, and values are shown as the document writes them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from policywatch.diffing.statute import ADOPTION_EVENTS, is_adoption_note_line
from policywatch.grammar.dates import DATE_WRITTEN
from policywatch.grammar.notes import NOTE_LABELS
from policywatch.grammar.numerals import WIDTH_FOLD
from policywatch.grammar.quantities import (
    BARE_NUMBER,
    BARE_SCALED,
    CN,
    CN_PERCENT,
    INCLUDED,
    MEASURE,
    MEASURE_BOUND,
    MONEY,
    MULTIPLE,
    NOT_A_PICKED_ONE,
    NOT_IN_DECIMAL,
    PER_SUFFIX,
    PER_UNIT,
    POINTS,
    SCALED,
    SHARE,
    SIZE,
    N,
    quantity_key,
    ranged,
)
from policywatch.lazyre import LazyRegex

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from policywatch.model import FactChange

_N = N
_CN = CN
_DATE = r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?"
_FULL_DATE = r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?"  # a date with its month: the "date" role
_QB = (r"(?:最高不超过|最高不高于|最高|最低不少于|最低不低于|最低|不得超过|不得高于|不得低于|不得少于"
       r"|不超过|不高于|不低于|不少于|不足|不满|累计|总规模|总额|达到|超过|突破|超|约)?")
# `个` counts things, not months or working days (`2个月`, `5个工作日` are time spans); `人` people,
# not the sum of `5万人民币` (an amount: MONEY); `家庭` households (`30家庭农场`), read whole
_UNITS = r"(?:万个|万名|万人(?!民币)|万户|个字|个(?![月工自小百])|家庭|家|项|所|名|人(?!民币)|座|条|批|类|支|处|台|套|件|户|次(?!性))"
# An Arabic number of things, its 百/千 scaling it (SCALED: `3千人`, `5百家` are 3,000 and 500, as
# quantity_key reads them) and a 万/亿 after that
_COUNT_N = rf"{N}{SCALED}(?:万|亿)?"
# A number of things in either script, a Chinese one not opening with a bare 百/千 (千人计划 names a
# programme, 百家 a saying): the ends of a count's range (`三人至十三人`, `一至二名`, `二人以上二百人以下`)
_COUNT_NUM = rf"(?:{_COUNT_N}|(?![百千]){CN})"
_QA = r"(?:\(含\))?(?:以上|以下|以内|左右)?"
_RANGE_TO = r"(?:-|~|至|到)"  # between the ends of a period (the key folds —/–/－ to -)
# (never the tail of a decimal: `五个月` out of `一点五个月`)
_SPAN_N = rf"(?:\d{{1,3}}|(?<![一二三四五六七八九十百千两]){NOT_IN_DECIMAL}[一二三四五六七八九十百两]+)"
_SPAN = rf"{_SPAN_N}个?(?:小时|日|天|月|年)"  # a time span: 三十日, 24小时, 两个月
# the words that bound a span from above or below (`不得超过八小时`, `不少于六十日`)
_SPAN_BOUND = r"(?:不得超过|不超过|最长不超过|不得少于|不少于)"
# The characters a match can start with, as a look-ahead in front of the patterns that open
# with optional words (_QB): the scan then skips most positions at the cost of one class test,
# instead of trying every optional word at each. A necessary condition (tested): the matches
# are the same.
_QB_FIRST = "最不累总达超突约"
_CN_FIRST = "一二三四五六七八九十百千两零〇"  # 〇/零 open a decimal (零点五倍)


def _starting(lookahead: str, pattern: str) -> str:
    return rf"(?={lookahead}){pattern}"


# The verbs a count is named by (`培育|100家`), and the characters they start with (see _starting)
_COUNT_VERBS = "培育|打造|建设|引进|新增|集聚|争创|形成|实施|建成|达到|超过|认定|支持|遴选|评选|扶持|布局"
_COUNT_VERB_FIRST = "".join(dict.fromkeys(verb[0] for verb in _COUNT_VERBS.split("|")))


# Words one of which a key must hold for a rare pattern to match at all (necessary conditions,
# tested): a substring test skips the pattern's scan on most keys.
_NEEDS = {
    "validity": ("有效期",),
    "deadline": ("连续", "期限", "时效", "任期", "暂定", "工作日", "自然日", "每年", "之日起", "内", "前", "延长", "缩短",
                 "至", "以上", "以下", "超过", "少于", "时间", "-"),
    "date": ("月",),
    "target_year": ("年", "-"),  # (2021-2025) is one without 年
    "amount": ("元", "万", "亿", "人民币"),
    # a ratio (1:1) is read after 按 or before 比例 only
    "percent": ("%", "‰", "百分之", "分之", "半数", "按", "比例", "倍", "百分点"),
    "measure": ("米", "千瓦", "吨", "公斤", "克", "公顷", "亩", "人次", "周岁", "一遇", "天"),
    "quantity": ("一批", "若干", "一系列"),
}
# (role, pattern, needs); the group "v" is the value. Order matters: earlier patterns claim their span.
_PATTERNS: tuple[tuple[str, LazyRegex, tuple[str, ...]], ...] = tuple(
    (role, LazyRegex(pattern), _NEEDS.get(role, ()))
    for role, pattern in (
        ("validity", rf"有效期(?:至|到|为|延长至)?(?P<v>{_DATE}|{_N}年|{_CN}年)"),
        ("deadline", _starting(rf"[连期时任暂每提届到截不最\d{_CN_FIRST}]", rf"(?P<v>连续(?:支持)?(?:{_N}|{_CN})年|(?:期限|时效|任期)(?:不超过|为)?(?:{_N}|{_CN})(?:个)?[年月日]"
                     rf"|暂定(?:{_N}|{_CN})年|(?:{_N}|{_CN})个?(?:工作日|自然日)(?:以内|之内|内)?|每年(?:{_N})(?:-{_N})?月(?!的?第)"
                     # a limit counted from a day (`自收到报告之日起2日内`): the 之日起 names it, the
                     # value is the span with its 内; a span added to one (`可以延长2个月`, `延长至五年`)
                     rf"|(?<=之日起)(?:{_N}|{_CN})个?(?:日|天|月|年)(?:以内|之内|内)?|(?:(?<=延长)|(?<=延长至)|(?<=缩短至)){_SPAN}"
                     # a span between two ends (`6个月以上1年以下`, `一个月至十二个月`) is one value
                     rf"|(?<![\d年月])(?:{_SPAN}以上{_SPAN}以下|{_SPAN}至{_SPAN})"
                     # a span between two numbers (`1-2年内`, `用3-5年时间`) is one value; a span bounded
                     # from one side (`处五日以下拘留`) but not a prison term (`处三年以下有期徒刑` is a
                     # sentence, not a time limit); the time a goal is given (`争取用5年时间`). One
                     # alternative: the number is read once at each place.
                     rf"|(?<![\d年月]){_SPAN_N}(?:{_RANGE_TO}{_SPAN}(?:以内|之内|内)?"
                     rf"|个?(?:小时|日|天|月|年)(?:(?:以上|以下)(?!有期徒刑)|(?=时间)))|{_SPAN_BOUND}{_SPAN}"
                     # the time limits of statutes: 三十日内, 提前三个月, 届满前九十日, 三个月前 (a
                     # number of at most three digits, not the day of a date: 2025年内 is a year, 6月30日前 a date)
                     rf"|(?<![\d年月])(?:提前)?{_SPAN}(?:以内|之内|内)|提前{_SPAN}|(?:届满|期满|到期|截止)前{_SPAN}(?:以内|之内|内)?|(?<![\d年月]){_SPAN}前)")),
        # a period is one fact (`2018年1月1日至2018年1月26日`, `2019年1月1日至12月31日`): its ends
        # change together, and its end date alone would read as a date of its own
        ("date", rf"(?P<v>{_FULL_DATE}(?:{_RANGE_TO}(?:{_FULL_DATE}|\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}日)(?![\d月]))?"
                 # a day that recurs each year (`每年九月的第三个星期六`)
                 rf"|每年(?:{_N}|{_CN})月的?第(?:{_N}|{_CN})个(?:星期|周)[一二三四五六日天]"
                 # a month of the year after (`次年3月底前`, `次年六月三十日前`)
                 rf"|次年(?:{_N}|{_CN})月(?:(?:{_N}|{_CN})日|底|末)?(?:之前|前)?)"),
        ("target_year", _starting("[到至于12(]", r"(?P<v>(?:到|至|于)?(?:19|20)\d{2}年(?:底|末|年底|上半年|下半年|内)前?"
                                              r"|(?:到|至)(?:19|20)\d{2}年|\((?:19|20)\d{2}-(?:19|20)?\d{2}年?\)"
                                              # a span of years (`2018-2020年`, `2024—2026年度`): one fact,
                                              # not its last year alone
                                              rf"|(?:19|20)\d{{2}}{_RANGE_TO}(?:19|20)\d{{2}}年度?)")),
        ("amount", _starting(rf"[{_QB_FIRST}\d{_CN_FIRST}每]",
                             # a range is one value (`十万元以上五十万元以下`): its ends change together;
                             # what a sum is per is part of it (`每人每月500元`, `150元/人/期`)
                             rf"(?P<v>(?:{PER_UNIT})?(?:{_QB}(?:{ranged(MONEY, BARE_SCALED)})|{_QB}{MONEY}{_QA}(?:{PER_SUFFIX})?"
                             rf"|{_QB}{_N}(?:万|亿)(?=的项目|经费|规模){_QA}|{_QB}{_CN}(?:万|亿)元{_QA}"
                             # a scale in words without 元 (百亿专项基金, 千亿级产业集群, 千亿规模):
                             # only 亿, since 千万/万一 are words too
                             rf"|{_QB}{_CN}亿级?{_QA}))")),
        ("percent", _starting(rf"[{_QB_FIRST}\d百按过半{_CN_FIRST}]", rf"(?P<v>{_QB}(?:{ranged(SHARE, BARE_NUMBER)})|{_QB}{_N}(?:-{_N})?[%‰]{_QA}|{_QB}{CN_PERCENT}{_QA}"
                                                   # a range of shares is one value (`百分之二十以上百分之五十以下`, `20%-30%`);
                                                   # a share written as a fraction or a majority: 三分之二以上, 过半数
                                                   rf"|{_QB}{_CN}分之{_CN}{_QA}|过半数|半数以上"
                                                   rf"|按(?:照)?{_N}:{_N}|{_N}:{_N}(?=的?比例)"
                                                   # a multiple (`交易额8倍以上10倍以下`), a rate's change in points
                                                   rf"|{_QB}{MULTIPLE}{_QA}|{_QB}{POINTS}{_QA})")),
        ("quantity", r"(?P<v>一批|若干|一系列)"),
        # a measure with its unit (面积, 装机, 年龄, 防洪标准 `20年一遇`, a size `4厘米×6厘米`)
        ("measure", _starting(rf"[不未已年满超达约\d{_CN_FIRST}]",
                              rf"(?P<v>{SIZE}|{MEASURE_BOUND}(?:{ranged(f'(?:{MEASURE})', BARE_SCALED)})|{MEASURE_BOUND}(?:{MEASURE}){INCLUDED}{_QA})")),
        # an ordinal (第八批, 第1批, 第二期) names which batch or round, not a number of things:
        # one fact with its 第, so that `1批` never counts batches (and 第七批 → 第八批 is a change)
        ("count", rf"(?P<v>第(?:{_N}|{_CN})(?:批|期|轮))"),  # not 届: a statute note's 第十四届全国人大
        # (a verb under a negation bounds the number: `不得超过300个字` is read by the bounds below)
        ("count", _starting(f"[{_COUNT_VERB_FIRST}]", rf"(?P<c>(?<!不)(?<!不得)(?:{_COUNT_VERBS}))"
                                                     rf"(?P<v>{_QB}(?:{_COUNT_N}|{_CN})(?:-(?:{_COUNT_N}|{_CN}))?{_UNITS}{_QA})")),
        # a bound on a number of things is a count whatever the verb (数量不少于200个)
        ("count", rf"(?P<v>(?:不得超过|不得少于|不少于|不低于|不超过|不多于|超过|达到|突破)(?:{_COUNT_N}|{_CN}){_UNITS}{_QA})"),
        # a range of things (`其成员为三人至十三人`, `设一至二名监事`, `二人以上二百人以下为发起人`) is one
        # value; a number of things in Chinese numerals is one whatever the verb (`生育两个子女`)
        # (the bound words in front are the bounded count's above: none are tried here)
        ("count", _starting(rf"[\d{_CN_FIRST}]",
                            rf"(?P<v>(?<!第)(?:{_COUNT_NUM}{_UNITS}?{_RANGE_TO}{_COUNT_NUM}{_UNITS}"
                            rf"|{_COUNT_NUM}{_UNITS}{INCLUDED}以上{_COUNT_NUM}{_UNITS}{INCLUDED}(?:以下|以内)"
                            # `同一家企业`, `任一项`, `每一项`, `某一类别` name one thing, they count none
                            rf"|(?<![同任每]){NOT_A_PICKED_ONE}(?![百千]){_CN}{_UNITS}{_QA}))")),
        # any other number of things (新增就业岗位2万个): the number changed, whatever the verb
        ("count", _starting(rf"[{_QB_FIRST}\d]", rf"(?P<v>(?<!第){_QB}{_COUNT_N}{_UNITS}{_QA})")),
        # a bare year (2025年完成…) once full dates and target years have claimed theirs
        ("target_year", r"(?P<v>(?:19|20)\d{2}年)(?![0-9])"),
    )
)
# The words each pattern needs as one search (a generator of `in` tests cost a tenth of the extraction)
_NEEDED = tuple(LazyRegex("|".join(map(re.escape, needs))) if needs else None for _, _, needs in _PATTERNS)
_NOTE_RE = LazyRegex(rf"[(\[〔【]({NOTE_LABELS})[:：]")
# A fact's context: the run of CJK words in front of it, from a word boundary on (the start of
# the run, after punctuation; or after the last function word that leaves two characters or
# more: 的 (not 目的), 给予, 按/按照 (not 按期/按时), 对 (not 针对/相对, 对接/对象/对外), 其 (not 其他/其中/
# 其余/尤其), 且 (a second condition: `业主且|人数占比`)), at most _CONTEXT_MAX characters; a run
# with no such boundary near enough is cut at a phrase's start (_shortened) or keeps its last
# _CONTEXT_CUT characters. A final 的 (注册资本的 20%) and a penalty verb (公民处以) are left out.
_CONTEXT_RE = LazyRegex(r"[\u4e00-\u9fff]{1,16}$")
_CONTEXT_BOUNDARY = LazyRegex(r"给予|按照|按(?![期时])|(?<![针相])对(?![接象外于])|(?<!尤)其(?![他中余它])|(?<!目)的"
                               r"|(?<![并而])且")
_UNIT_CHARS = "年月日号元万亿个家项批期轮"
# The unit a run after a number opens with (_tail_words): its characters, after a 百/千 that scales
# the number (SCALED: `2千元或|3千元`) but not one that opens a unit word (`3千瓦`)
_NUMBER_UNIT = LazyRegex(rf"(?:{SCALED}(?=[{_UNIT_CHARS}]))?[{_UNIT_CHARS}]*")
_CONTEXT_MAX = 8
# A phrase cut at its start may run longer than a context cut anywhere else: `应当自|收到申请文件之日起`
# names the limit, its last four characters (`件之日起`) do not.
_PHRASE_MAX = 12
_CONTEXT_CUT = 4
_CONTEXT_WINDOW = 16
# A clause's own label in front of a fact (`第四十二条本法自2024年…`) is no part of what it is about.
_LABEL_END = LazyRegex(r"第[一二三四五六七八九十百千零〇两\d]+[编章节条款项](?:之[一二三四五六七八九十]+)?")
# The date and the event of one line of a title block's note (`2019年3月2日 《…》第一次修订`).
# A display line may hold several events (`…决定》修正2024年9月13日 …修订）`): each date's event
# is the last event word before the next date.
_NOTE_DATE = LazyRegex(_FULL_DATE)
_NOTE_EVENT = LazyRegex(rf"(?:第[一二三四五六七八九十]+次)?(?:{ADOPTION_EVENTS})")
# The context a date alone on its line (DATE_WRITTEN, the signature's) is named by.
_SIGNATURE_DATE = "成文日期"

# Roles whose facts may pair with each other: "一批 → 10家" is one change.
_GROUP = {"quantity": "count"}


class Fact(NamedTuple):  # not a dataclass: a tenth of the class-creation cost at import
    role: str
    value: str
    context: str = ""
    # what the value punishes or applies to: the condition (`…的,`) its sentence part states before
    # it, its numbers left out (`生产经营单位拒不执行`); "" when none. Pairing tells two fines apart
    # by it where their contexts do not (see _pair).
    cond: str = ""
    # whether the value states a condition's threshold (`货值金额不足一万元的,`) rather than what
    # applies under it (a fine): the two are never one fact
    limit: bool = False
    # whether the fact is a joined subject's share of a value stated once for several (_shared)
    shared: bool = False


def extract_facts(key: str, left: str = "") -> list[Fact]:
    """Facts found in a comparison key, in text order. `left` is the key of the text before it
    (the table cell to its left, the line above): its last words are the context of a fact that
    opens the key (项目资助 | 700万元; 主要目标 / 到2023年…)."""
    found: list[tuple[int, Fact]] = []
    # the numbers of a cited title (《…若干举措》, 《…目录（2017年版）》) name that document, not
    # a fact of this clause: its spans are taken before any pattern is tried
    taken = _Taken(_titles(key) + _quoted_names(key))
    for start, end, label, body in _notes(key):
        found.append((start, Fact("department", body, label)))
        taken.add(start, end)
    # the conditions read so far, by where their `的,` is: the facts of one part share one
    conds: dict[int, str] | None = {} if "的," in key else None
    # where each value found so far ends, sorted: past a join, the words of a fact's context start
    # after the value before it (`…16个月内或者自申请日起|4个月内`: 申请日起, not `内或者自申请日起`)
    value_ends: list[int] = []
    context_at: dict[int, tuple[str, str]] = {}  # the role and context of the value that ends there
    # where the values named by the value before them start (`期限为一年或者三年`: 三年), alternatives
    # of one value that share its label and are no second value that label names (_told_apart)
    alternatives: set[int] = set()
    for (role, pattern, _), needs in zip(_PATTERNS, _NEEDED, strict=True):
        if needs is not None and needs.search(key) is None:
            continue
        for first in pattern.finditer(key):
            # a time limit's alternatives after it (`期限为3年或5年`) are read with it, as values of its own
            for m in _with_alternatives(first, key, role):
                s, e = m.span("v")
                if taken.overlaps(s, e):
                    continue
                taken.add(s, e)
                cond = _condition(key, s, conds) if conds is not None else ""
                k = bisect_right(value_ends, s)
                floor = value_ends[k - 1] if k else 0
                # only a join makes the value after it one of its own: with none between them the two
                # are one range or pair (`一年|以上|三年以下`, `已满十四周岁|不满十六周岁`), named as a whole
                joined = bool(k and _JOINED_VALUES.search(key, floor, s))
                context = _context(m, key, s, floor) if joined else ""
                if lead := _LEADING_JOIN.match(context):
                    context = context[lead.end():]  # `5万元或10万元奖励`: the join itself names nothing
                if not context and k and (m is not first or _ALTERNATIVE.fullmatch(key, floor, s)) and context_at[floor][0] == role:
                    # `处五千元以上或者一万元以下`, `期限为3年或5年`: what the value before is of
                    context = context_at[floor][1]
                    alternatives.add(s)
                # past a join, no words before it name the value: read back over it they were the
                # join and the value before (`30日内或者|60日内`: `内或者`), which name nothing
                context = context or ("" if joined else _context(m, key, s)) or (_tail_words(left) if s == 0 else "")
                insort(value_ends, e)
                if (not context or role in _TIMES or m.group("v")[0] == "第") and _WEAK_CONTEXT.search(context):
                    # nothing in front names it: the words after it do, else the words it opens with
                    # (`期满前30日内或者…`: 期满前)
                    context = _head_words(key, e) or context or _own_words(m.group("v"))
                    if s in alternatives and context != context_at[floor][1]:
                        alternatives.discard(s)  # named by words of its own after all
                    if not context and joined and _LAST_ALTERNATIVE.fullmatch(key, floor, s) and context_at[floor][0] == role:
                        context = context_at[floor][1]
                        alternatives.add(s)
                context_at[e] = (role, context)
                found.append((s, Fact(role, m.group("v"), context, cond,
                                      key.startswith("的,", e) or m.group("v").startswith(_BELOW))))
    return [fact for _, fact in sorted(_shared(_told_apart(found, key, alternatives), key), key=lambda item: item[0])]


# The words after a span that make it no span but a point in time or a measure: a day after a
# month (`6月30日`), a part of a month or year (`6月底`, `6月中旬`, `12月起`, `6月份`), a decade
# (`50年代`), a return period (`50年一遇`). The mirror of the first value's `(?<![\d年月])` (no
# span is the day of a date), for a value whose front is a join and so tells nothing.
_NOT_A_POINT = r"(?![\d〇零一二三四五六七八九十两]|[底初末份代度号起]|[上中下]旬)"
# The value after a join to a time limit (`期限为3年或5年`, `三十日或者六十日内`): its pattern read the
# first with the words that name it, so the second is left to this.
_SPAN_ALTERNATIVE = LazyRegex(rf"(?:或者|或|、)(?P<v>(?:{_SPAN}|(?:{_N}|{_CN})个?(?:工作日|自然日)){_NOT_A_POINT}"
                              rf"(?:以内|之内|内)?)")
_SPANNED = frozenset({"deadline", "validity"})


def _with_alternatives(m: re.Match[str], key: str, role: str) -> Iterator[re.Match[str]]:
    """A match, then the alternatives joined after it (_SPAN_ALTERNATIVE) if it is a time limit's."""
    yield m
    if role not in _SPANNED:
        return
    while (m := _SPAN_ALTERNATIVE.match(key, m.end("v"))) is not None:
        yield m


# The words that name a time limit and that its pattern reads as part of the value (`期满前30日内`,
# `期限为3年`): not the bound and lead words a value also opens with (不超过, 连续, 提前, 最高)
_OWN_WORDS = LazyRegex(r"期限|时效|任期|(?:届满|期满|到期|截止)前")


def _own_words(value: str) -> str:
    """The words that open a value and name it (`期满前30日内`: 期满前), or ""."""
    words = _OWN_WORDS.match(value)
    return words.group() if words else ""


# The words that join subjects one value is stated for (`实用新型专利权和外观设计专利权的期限为十年`)
_JOINS = ("和", "、", "及", "与", "以及", "或者")
_JOIN_CHARS = frozenset(join[-1] for join in _JOINS)
_JOINED = LazyRegex(f"[{''.join(sorted(_JOIN_CHARS))}]")  # sorted: one pattern text a run, cached
_SUBJECT_RE = LazyRegex(r"[\u4e00-\u9fff]{2,8}$")
_LAST_SUBJECT = LazyRegex(r"(?:和|、|及|与)([\u4e00-\u9fff]{2,8})$")


def _shared(found: list[tuple[int, Fact]], key: str) -> list[tuple[int, Fact]]:
    """Facts whose context is the last of several joined subjects (`实用新型专利权和外观设计专利权的
    期限为十年`: 外观设计专利权) are also stated for each subject before it that ends in the same
    word (`实用新型专利权`): a term shared by two subjects and later stated for each apart is the same
    fact for the one whose term stayed. The added facts are `shared`: a change of one is not
    reported where its subject's partner reports the same change (fact_changes)."""
    if not found or _JOINED.search(key) is None:  # no fact, or no join: no subject shares a value
        return found
    out = list(found)
    for k, (start, fact) in enumerate(found):
        context = fact.context
        if len(context) < 2 or fact.role == "department":
            continue
        at = key.rfind(context, max(0, start - _CONTEXT_WINDOW - len(context)), start + 1)
        # a context that holds the joined subjects itself (`董事和监事`) is named by the last one
        if (at >= 0 and not _JOIN_CHARS.isdisjoint(context) and (last := _LAST_SUBJECT.search(context))
                and last.group(1)[-1] == context[last.start() - 1]):
            at += last.start(1)
            fact = fact._replace(context=last.group(1))
            out[k] = (start, fact)
        while at > 0 and key[at - 1] in _JOIN_CHARS:
            join = next((j for j in _JOINS if key.startswith(j, at - len(j))), "")
            # the run of words before the join, looked for among its last characters only (a
            # search from the key's start was quadratic on a long clause)
            subject = _SUBJECT_RE.search(key, max(0, at - len(join) - _CONTEXT_MAX), at - len(join)) if join else None
            if subject is None:
                break
            words = subject.group()
            # the subject runs back to a boundary: punctuation, another join, or a 的
            cut = max([words.rfind(j) + len(j) for j in _JOINS if j in words] + [words.rfind("的") + 1])
            words = words[cut:]
            if len(words) < 2 or words[-1] != fact.context[-1]:
                break
            out.append((start, fact._replace(context=words, shared=True)))
            at = subject.start() + cut
    return out


# Where a context stops when it is widened (see _told_apart): any boundary but 的, and 或者.
_WIDE_BOUNDARY = LazyRegex(r"给予|按照|(?<![针相])对(?![接象外于])|(?<![并而])且|或者|[,;:，；：、。]")


def _told_apart(found: list[tuple[int, Fact]], key: str, alternatives: set[int]) -> list[tuple[int, Fact]]:
    """Facts of one role that the same words name (`一项发明专利的奖金最低不少于3000元；一项实用新型
    专利或者外观设计专利的奖金最低不少于1000元`: both `奖金`) are named by their wider phrase, the run
    in front up to a boundary other than 的 (`发明专利的奖金`, `外观设计专利的奖金`), when that
    tells them apart. The values starting at `alternatives` share the label of the value before
    them (`合同期限为一年或者三年`: 合同): they are that value's alternatives, told apart by their
    place, and count no second value for the label (widened, both took in `第十条`)."""
    if len(found) < 2:  # most keys: nothing to tell apart, and no Counter made
        return found
    named = Counter((fact.role, fact.context) for start, fact in found if fact.context and start not in alternatives)
    if all(count == 1 for count in named.values()):
        return found
    out = []
    for start, fact in found:
        if named[fact.role, fact.context] > 1 and (wide := _widened(key, start, fact.context)):
            fact = fact._replace(context=wide)
        out.append((start, fact))
    return out


def _widened(key: str, start: int, context: str) -> str:
    """The phrase in front of a value from its last boundary other than 的 (`_WIDE_BOUNDARY`),
    at most _PHRASE_MAX characters, if it ends with the context and is wider; else ""."""
    end = key.rfind(context, 0, start)
    if end < 0:
        return ""
    head = key[max(0, end - _CONTEXT_WINDOW): end + len(context)]
    cuts = [0] if end <= _CONTEXT_WINDOW else []  # the key's start is a boundary
    cuts += [m.end() for m in _WIDE_BOUNDARY.finditer(head) if len(head) - m.end() > len(context)]
    wide = head[cuts[-1]:] if cuts else ""
    return wide if len(context) < len(wide) <= _PHRASE_MAX and _HEAD_RE.fullmatch(wide) else ""


class _Taken:
    """The spans of a key already claimed, kept merged and sorted: a clause with thousands of
    numbers is checked in log time per match, where a scan of every claimed span per match made a
    long run of figures quadratic."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a claimed span."""
        k = bisect_left(self._starts, end) - 1  # the last span that starts before `end`
        return k >= 0 and self._ends[k] > start

    def add(self, start: int, end: int) -> None:
        """Claim [start, end), merged with the claimed spans it overlaps."""
        k = bisect_left(self._starts, start)
        if k > 0 and self._ends[k - 1] > start:  # overlaps the span before: start there
            k -= 1
            start = self._starts[k]
        last = k
        while last < len(self._starts) and self._starts[last] < end:
            end = max(end, self._ends[last])
            last += 1
        self._starts[k:last] = [start]
        self._ends[k:last] = [end]


_TITLE_MARKS = LazyRegex("[《》]")


def _titles(key: str) -> list[tuple[int, int]]:
    """The spans of the 《…》 titles in a key (outermost marks; an unclosed 《 spans nothing)."""
    if "《" not in key:
        return []
    spans, depth, start = [], 0, 0
    for mark in _TITLE_MARKS.finditer(key):  # the marks only: a walk over every character cost more
        pos, char = mark.start(), mark.group()
        if char == "《":
            start = pos if depth == 0 else start
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, pos + 1))
    return spans


# A short quoted term opening with a count of things and going on with the words it counts
# (`"三个代表"重要思想`, `"四个意识"`, `"两个维护"`, `"十个一"工程`) is a name: its number is no
# figure of the clause. A quotation holding the count alone, or with its qualifier or a time unit
# (a decision's `将"三名"修改为"五名"`, `"三个月"`, `"两个以上"`), states a figure and is read.
# So is a quoted count that is measured, a name being a noun phrase no one bounds or sets:
# - what it counts is a period or a bare item (`"两个年度"`, `"两个会计年度"`, `"五个事项"`,
#   `"三个批次"`): no name is made of these;
# - a bound or measure stands before it, at most one verb between (`不超过"五个事项"`,
#   `至少建设"两个中心"`, `连续"两个年度"`), or a value is set (`期限为"两个季度"`, though not the
#   为 of naming: 作为, 称为, 视为, 概括为, 归纳为, 成为);
# - a decision replaces it (`将"两个年度"修改为"三个年度"`: both sides are its figures).
# A quotation heading a named doctrine or programme (`"十个一"工程`, `"三个代表"重要思想`) is a
# name even so.
_QUOTED_NAME = LazyRegex(rf'"(?:{_CN})个(?![月工自小百])(?!以[上下内]|左右|之内|[多余])[\u4e00-\u9fff]{{1,6}}"')
_COUNTED_PERIOD = LazyRegex(r'个(?:会计年度|年度|季度|月度|学年|学期|周期|星期|批次|轮次|事项)"$')
_MEASURED_BEFORE = LazyRegex(r"(?:(?:不得|不|最)?(?:超过|少于|多于|低于|高于)|至少|至多|最多|最少|连续|累计|间隔)"
                             r"[\u4e00-\u9fff]{0,2}$|(?<![作称视括纳成])为$")
_REPLACED_AFTER = LazyRegex(r"(?:修改|改|调整)为")
_NAME_HEAD = LazyRegex(r"重要思想|工程|行动|要求|战略|目标|活动|精神")


def _quoted_names(key: str) -> list[tuple[int, int]]:
    """The spans of the quoted names opening with a count (_QUOTED_NAME) in a key: not those
    measured (a period, a bound before, a decision replacing it), unless a name's head follows."""
    if '"' not in key:
        return []
    spans = []
    for m in _QUOTED_NAME.finditer(key):
        start, end = m.span()
        measured = (_COUNTED_PERIOD.search(m.group()) is not None
                    or _MEASURED_BEFORE.search(key, max(0, start - 8), start) is not None
                    or _REPLACED_AFTER.match(key, end) is not None)
        if not measured or _NAME_HEAD.match(key, end) is not None:
            spans.append((start, end))
    return spans


# A date or year is often named by what follows it, not by the words in front: `并于2019年5月13日前
# 将核实意见…报送`, `且于2018年1月1日至2018年1月26日期间首次投保`, `对2022年新认定的…`. When the
# words in front are none or end in a preposition (the value is its object), the context is the
# words after the value (its 前/内/期间 and a 将 left out, up to a 的), if there are any. So it is
# for an ordinal: `2023年暨第八批国家级制造业单项冠军` names the batch by what follows.
_TIMES = frozenset({"date", "target_year"})
_WEAK_CONTEXT = LazyRegex(r"^$|[于在对]$")
_HEAD_SKIP = LazyRegex(r"(?:以前|之前|以后|之后|以来|前|后|起|止|内|期间)?(?:将|把|向|由)?")
_HEAD_RE = LazyRegex(r"[\u4e00-\u9fff]+")
# The words that open a phrase (_shortened cuts a run before one, _head_words a run after a value)
_PHRASE_WORDS = "依照|根据|按照|应当|可以|或者|以及|不得|低于|超过|少于|关于"
_HEAD_PHRASE = LazyRegex(_PHRASE_WORDS)
_HEAD_EVENT = LazyRegex(rf"会议({ADOPTION_EVENTS})$")  # the act of a meeting that ends the words
# The connectives a cut may end on: the words of two characters (_JOINS', and 并且). One character
# alone is no sign of a connective at a cut's end: it ends words as often (合并, 兼并, 普及, 参与)
_TRAILING_JOIN = LazyRegex(f"(?:{'|'.join(join for join in _JOINS if len(join) > 1)}|并且)$")


def _head_words(key: str, end: int) -> str:
    """The words that follow a value (see _WEAK_CONTEXT): a phrase kept whole up to _PHRASE_MAX
    characters (as a context cut at a phrase's start may run), a longer run ending on a word."""
    skip = _HEAD_SKIP.match(key, end)
    run = _HEAD_RE.match(key, skip.end() if skip else end)
    if run is None:
        return ""
    words = run.group()
    if (join := _HEAD_JOIN.match(words)) and (key[run.end():run.end() + 1].isdigit()
                                               or _HEAD_NUMERAL.search(words, join.end())):
        return ""  # `期满前30日内|或者届满后6个月内`: the words after a join name the value after them
    if (cut := words.find("的")) >= 2:
        words = words[:cut]
    if len(words) > _PHRASE_MAX:
        # cut anywhere, the words would end mid-word (`第七届全国人民代|表大会…`): a date followed
        # by the act of the meeting it names (`1993年2月22日第七届…第三十次会议通过的《…》`) is
        # named by that act, as a title block's dates are (_note_events); other words end before
        # a word that opens another phrase, or are cut as before when none does (a single 和 or
        # 与 joins the words of a name: `工业和信息化部`)
        if event := _HEAD_EVENT.search(words):
            return event.group(1)
        starts = [m.start() for m in _HEAD_PHRASE.finditer(words, 2, _PHRASE_MAX + 1)]
        words = words[:starts[-1]] if starts else words[:_CONTEXT_MAX]
        # a cut words end on no connective: `补正材料或者|超过期限…` is `补正材料`, the words the
        # connective joins to what was cut off
        if (join := _TRAILING_JOIN.search(words)) and join.start() >= 2:
            words = words[:join.start()]
    return words[:-1] if words.endswith("第") else words  # `…市人民政府令第|12号`: the number's own 第


# How far in front of a value its condition is looked for (a sentence part's length)
_CONDITION_WINDOW = 160


def _condition(key: str, start: int, read: dict[int, str]) -> str:
    """The condition a value applies under: the words of the last `…的,` in its sentence part (from
    the last `;`/`。`/`:` on) before it (`生产经营单位拒不执行的,责令停产停业整顿,并处|…`), its
    numbers left out, or "". `read`: the conditions of the key read so far, by position."""
    # looked for near the value only: a search back to the key's start on every value of a clause
    # of a million characters was quadratic
    at = key.rfind("的,", max(0, start - _CONDITION_WINDOW), start)
    if at < 0:
        return ""
    if at not in read:
        near = max(0, at - _CONTEXT_WINDOW)
        part = max(key.rfind(";", near, at), key.rfind("。", near, at), key.rfind(":", near, at)) + 1
        read[at] = _NUMERALS.sub("", _tail_words(key[max(part, at - _CONTEXT_WINDOW): at + 1])) if at > part else ""
    # a part ends between the condition and the value: it is no condition of this value
    return read[at] if key.find(";", at, start) < 0 and key.find("。", at, start) < 0 and key.find(":", at, start) < 0 else ""


# Words that join two values of one thing (`五千元以上或者一万元以下`, `三日或者五日`, `500万元、1000万元`):
# the value after one alone, of the same role, is of what the value before is of. Never a comma:
# a value opening a clause (`奖励30万元,10家以上的园区…`, `补贴100万元,50%用于购房`) is of its own.
_ALTERNATIVE = LazyRegex(r"(?:或者|和|、)")
# The other joins that may stand alone between two values (`每人补助二千元或三千元`, `5万元及10万元`): the
# value after one is named by its own words after it (`或10万元奖励`: 奖励), else by the value before's
_LAST_ALTERNATIVE = LazyRegex(r"(?:或|及|与|以及)")
# A join between two values (`2个月内或者自申请日起4个月内`): the words of the second start after it.
_JOINED_VALUES = LazyRegex(r"或|和|、|及|与")
def _longest_first(words: Iterable[str]) -> list[str]:
    """Join words in the order an alternation must try them: longer first (以及 before 及), then as
    listed — one pattern text in every process (a set's order varies with the hash seed, and each
    text is compiled and cached anew)."""
    return sorted(words, key=len, reverse=True)


# The join words a context bounded by the value before it can start with: _JOINS' and a bare 或
# (`或者` is _LEAD_WORDS')
_LEADING_JOIN = LazyRegex("^(?:" + "|".join(_longest_first(j for j in _JOINS if j != "或者")) + "|或(?!者))")
_HEAD_NUMERAL = LazyRegex("[一二三四五六七八九十两]")  # a value in the words after a join (_head_words)
# The joins words after a value can open with (_head_words): _JOINS' and a bare 或; not the 及 of 及时
_HEAD_JOIN = LazyRegex("(?:" + "|".join(j + "(?!时)" if j == "及" else j for j in _longest_first(_JOINS)) + "|或)")


def _context(m: re.Match[str], key: str, start: int, floor: int = 0) -> str:
    """The words a fact is about: the pattern's own `c` group, else the CJK run in front (see
    _trimmed). A value that opens a bracket (`一览表(第1批)`) is named by the words before it; one
    after a lone penalty verb that follows a condition or a party (`情节严重的,处…`, `对其直接负责的
    主管人员和其他直接责任人员,可以处…`) by those."""
    if "c" in m.re.groupindex and m.group("c"):
        return m.group("c")
    if start and key[start - 1] == "(":
        return _trimmed(_tail_words(key[max(0, start - _CONTEXT_WINDOW - 2) : start - 1]))
    words = _trimmed(_tail_words(key[max(floor, start - _CONTEXT_WINDOW - 1) : start]))
    verb = start - len(words)  # where a lone penalty verb (`处`, `可以处`) would start
    if words and _TRAIL_WORDS.fullmatch(words) and verb >= 2 and key[verb - 1] in ",;" and (
            (len(words) == 1 and key[verb - 2] == "的")
            or key.startswith(("对", "并对"), max(key.rfind(mark, 0, verb - 1) for mark in ",;:。") + 1)):
        return _trimmed(_tail_words(key[max(0, verb - _CONTEXT_WINDOW - 1) : verb - 1])) or words
    return words


# The numerals a condition is compared without: `货值金额不足一万元` and `货值金额不足二万元` are
# one condition whose threshold changed.
_NUMERALS = LazyRegex(r"[\d零〇一二三四五六七八九十百千万亿两]+")
# The words that make a value a threshold whatever follows it (`不足一万元`, `不满500万元`)
_BELOW = ("不足", "不满")


# Words in front of a value that say how, not what: a leading 但是 and a modal with its preposition
# (`应当在|合同期限`, `但是应当|提前六十日`: nothing left, the words after the value name it; so
# a bare 按照 `按照|50年一遇|标准建设…`), a penalty verb or a 自/于 in front (`并处|交易额`,
# `自|受理之日起`), a trailing penalty verb (`对公民处以|五十元以下` → 公民, in _tail_words). A
# modal before a verb stays (`可以延长`).
# (并可 is 并且可以: `责令改正,并可处以…`)
_LEAD_WORDS = LazyRegex(r"^(?:但是|并且|而且|或者)?(?:(?:应当|可以|并可|必须|须|应)?(?:并处|处以|处(?![理置分罚于在]))"
                        r"|(?:应当|可以|并可|必须|须|应)[在自于向由经从]|[自于](?![主然治由动行己身愿]))?")
_HOW_ONLY = LazyRegex(r"(?:但是|并且|而且|或者)?(?:应当|可以|并可|必须|须|应)?[在自于向由经从]?|按照|依照|根据|按")
_TRAIL_WORDS = LazyRegex(r"(?:可以|应当|并可)?(?:并处|处以|处)$")
# A hedge straight before a value (or its 为) says how firmly, not what (`前后连续工作一般|不超过6天`:
# 连续工作, not `工作一般`; `标准一般为|1万元`). Not one ending a condition (`情节一般的,处|…`,
# `情节一般处|…`: the words between are trimmed after it is tested) nor after the noun it grades
# (情节一般, 程度一般): there it is what the value is of.
_HEDGE_END = LazyRegex(r"(?<!情节)(?<!程度)(?:一般|原则上|通常)(?=为?$)")


def _trimmed(words: str) -> str:
    """Context words without the words in front that say how (see _LEAD_WORDS)."""
    if _HOW_ONLY.fullmatch(words):
        return ""
    lead = _LEAD_WORDS.match(words)
    return words[lead.end():] if lead and len(words) - lead.end() >= 2 else words


def _tail_words(text: str) -> str:
    """The words that end `text` (after a clause label) from a word boundary on, or "": see
    _CONTEXT_RE. A run the window cut is no whole run: it is cut at a boundary or shortened."""
    window = text[-_CONTEXT_WINDOW - 1:]
    if labels := list(_LABEL_END.finditer(window)):
        window = window[labels[-1].end():]
    found = _CONTEXT_RE.search(window)
    if found is None:
        return ""
    run = found.group()
    if found.start() and window[found.start() - 1].isdigit():
        # the run starts with the unit of the number in front (`2023年暨|第八批`): no word of it
        run = run[_NUMBER_UNIT.match(run).end():]
        if len(run) < 2:
            return ""
    whole = found.start() > 0 or len(window) < len(text) or len(text) <= _CONTEXT_WINDOW
    if (hedge := _HEDGE_END.search(run)) and hedge.start() >= 2:
        run = run[:hedge.start()] + run[hedge.end():]
    if run.endswith("的") and len(run) > 2:
        run = run[:-1]
    if (trail := _TRAIL_WORDS.search(run)) and trail.start() >= 2:
        run = run[:trail.start()]
    starts = [m.end() for m in _CONTEXT_BOUNDARY.finditer(run) if len(run) - m.end() >= 2]
    if starts:
        return run[starts[-1]:] if len(run) - starts[-1] <= _CONTEXT_MAX else _shortened(run[starts[-1]:], True)
    return run if whole and len(run) <= _CONTEXT_MAX else _shortened(run, whole)


# A run too long for a context is shortened at a phrase's start, not at a fixed count: the link
# words that end it before the value (`…中心自`, `…部门应当在`, `…等给予`) are left out, then it
# starts after the first function word (and a preposition after it) that leaves a short phrase
# (`应当自|收到申请之日起`, `门依照|职责分工暂停`); a single character is one only outside the
# words it is part of (存在, 关于, 参与, 以及, 和谐, 自然). With none, its last _CONTEXT_CUT
# characters stay.
_LINK_END = LazyRegex(r"(?:给予|应当|可以|根据|按照|依照|[自在于其及和与等各处并])$")  # not 后: `告知后|三日内`
_PHRASE_START = LazyRegex(
    rf"(?:{_PHRASE_WORDS})[在自于向从由对经]?"
    r"|(?<![存现所实正潜内])在(?![内外])|(?<![关对由等属基至鉴])于|(?<![参给赋])与|(?<![以涉普危顾提])及"
    r"|和(?![谐平])|(?<![来亲独各])自(?![主然治由动行己身愿])")


def _shortened(run: str, whole: bool) -> str:
    """A run longer than a context (or cut by the window: not `whole`) as a short phrase."""
    while len(run) > 3 and (end := _LINK_END.search(run)) is not None and end.start() >= 2:
        run = run[:end.start()]
    if whole and len(run) <= _CONTEXT_MAX:
        return run
    starts = [m.end() for m in _PHRASE_START.finditer(run) if 2 <= len(run) - m.end() <= _PHRASE_MAX]
    return run[starts[0]:] if starts else run[-_CONTEXT_CUT:]


def _unbracketed(line: str) -> str:
    line = line.strip()
    return line[1:-1] if line[:1] in "（(" and line[-1:] in "）)" else line


def _note_events(facts: list[Fact], text: str) -> list[Fact]:
    """The dates of a title block's note (`1999年5月25日 民政部令第14号发布` /
    `2019年3月2日 《…》第一次修订`, or bracketed on one line `（…通过　根据…修正）`) named by
    their event: the words in front of such a date end another event. A date alone on its line
    is a signature's: named 成文日期, not by the tail of the issuer's name above it (`府办公厅`)."""
    if not any(fact.role == "date" for fact in facts):  # only dates are named so: no line to read
        return facts
    notes: list[str] = []
    signed: list[str] = []
    for line in text.splitlines():
        if is_adoption_note_line(_unbracketed(line)):
            notes.append(line)
        elif DATE_WRITTEN.fullmatch(line.strip()):
            signed.append(line)
    if not notes and not signed:
        return facts
    from policywatch.normalize import comparison_keys

    events: dict[str, list[str]] = {}
    keys = comparison_keys(notes + signed)
    for key in keys[:len(notes)]:
        dates = list(_NOTE_DATE.finditer(key))  # none on `发布之日施行`: it dates nothing itself
        for date, after in zip(dates, [*dates[1:], None][:len(dates)], strict=True):
            if said := _NOTE_EVENT.findall(key, date.end(), after.start() if after else len(key)):
                events.setdefault(date.group(), []).append(said[-1])
    for key in keys[len(notes):]:
        events.setdefault(key, []).append(_SIGNATURE_DATE)
    out = []
    for fact in facts:
        if fact.role == "date" and events.get(fact.value):
            fact = fact._replace(context=events[fact.value].pop(0))
        out.append(fact)
    return out


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


def fact_changes(old: str, new: str, *, path: str = "", keys: tuple[str, str] | None = None,
                 ) -> tuple[FactChange, ...]:
    """The facts that differ between two versions of one clause (display texts), paired where
    the text changed. `keys`: the two texts' comparison keys, when the caller has them.

    A clause holding a table (tab-separated cells) is cut into its cells and lines, so that a
    number never runs into the next cell (公司100⇥人工智能 holds no 100人), and the pieces are
    aligned. The facts of each run of changed pieces are paired within it by role and context,
    so a row deleted from a funding list is that row's amount removed, not paired with an
    amount edited rows away; a fact in an unchanged piece is unchanged. A fact only removed in
    one run and added with the same value in another is no change (a row moved). Other clauses
    are one piece, their facts paired across the clause: prose keeps its context across lines.
    """
    if old == new:
        return ()
    cells = False
    if "\t" in old or "\t" in new:
        old_pieces, new_pieces = _PIECE_BREAK.split(old), _PIECE_BREAK.split(new)
        from policywatch.diffing.cells import table_shape

        cells = table_shape(old) == table_shape(new)  # else cells would be read under other headers
    else:
        old_pieces, new_pieces = [old], [new]
        if keys is None:
            from policywatch.normalize import comparison_keys

            keys = tuple(comparison_keys([old, new]))  # type: ignore[assignment]
    runs = []
    for old_run, new_run in _changed_runs(old_pieces, new_pieces):
        olds, news = _run_facts((old, new) if cells else None, (old_pieces, new_pieces), (old_run, new_run), keys)
        # a table's pieces are paired without the texts: a condition is a prose sentence's
        runs.append(_run_pairs(olds, news, keys if len(old_pieces) == len(new_pieces) == 1 else None))
    if not any(runs):
        return ()
    moved = _moved(runs) if len(runs) > 1 else [Counter(), Counter()]  # in one run, _drop_common did it
    # imported here: its class is created on first use, and most edits change no fact
    from policywatch.model import FactChange

    changes: list[FactChange] = []
    # a joined subject's share that changed as its partner did (`A和B的期限为十年` → `…十五年`) is
    # the partner's change, reported once
    said = {(o.role, o.value, n.value) for run in runs for o, n in run if o and n and not (o.shared or n.shared)}
    for o, n in (pair for run in runs for pair in run):
        ref = n or o
        assert ref is not None
        if ref.shared and (o is None or n is None or (o.role, o.value, n.value) in said):
            continue
        if o is None or n is None:
            side = moved[n is None]  # [added, removed]
            if side[ref.role, quantity_key(ref.value)] > 0:
                side[ref.role, quantity_key(ref.value)] -= 1
                continue
        context = o.context if o and n and o.context == n.context else ref.context
        changes.append(FactChange(role=ref.role, old=_as_written(o.value, old) if o else "",
                                  new=_as_written(n.value, new) if n else "", context=context, path=path))
    return tuple(changes)


def stated_facts(text: str, *, added: bool, path: str = "", key: str | None = None,
                 ) -> tuple[FactChange, ...]:
    """The facts a clause that exists in one version only states (display text; `key`, its
    comparison key, when the caller has it), in text order, each as a change from nothing
    (`added`) or to nothing: an added article's `最高500万元` is `∅ → 最高500万元`, a deleted one's
    `20%` is `20% → ∅`, as a fact added to or removed from an edited clause reads. They are read
    as fact_changes reads a changed run (a note's dates named by their event; a table cut into
    its cells and lines, a bare number in a cell named by its row and header) — but a table with
    a row cut by a wrap is read without cell facts, since its cells may stand under another
    header — and a joined subject's share is not repeated, nor a figure it does not state
    (_unstated: `一批`, the `一个` of `建设一个平台`). Nothing is paired: there is no other
    side, and the pairing cost more than the reading on a short clause."""
    if not text:
        return ()
    if "\t" in text:
        from policywatch.diffing.cells import table_shape

        pieces = _PIECE_BREAK.split(text)
        cells = ("", text) if not table_shape(text)[1] else None
        _, found = _run_facts(cells, ([], pieces), (range(0), range(len(pieces))), None)
    else:
        if key is None:
            from policywatch.normalize import comparison_key

            key = comparison_key(text)
        found = _note_events(extract_facts(key), text)
    found = [fact for fact in found if not (fact.shared or _unstated(fact))]
    if not found:
        return ()
    from policywatch.model import FactChange  # created on first use (see fact_changes)

    return tuple(FactChange(role=fact.role, old="" if added else _as_written(fact.value, text),
                            new=_as_written(fact.value, text) if added else "", context=fact.context, path=path)
                 for fact in found)


def _unstated(fact: Fact) -> bool:
    """Whether a fact of a one-sided clause states no figure a reader tracks: a vague quantity
    (`一批`, `若干`: it matters as the side a figure replaced, `一批 → 10家`) or a bare `一` with its
    unit (`高效办成一件事`, `建设一个平台`), which is the indefinite article far more often than a
    number; an edit of either (`一家 → 两家`) is still a changed fact (fact_changes)."""
    return fact.role == "quantity" or (fact.role == "count" and len(fact.value) == 2 and fact.value[0] == "一")


def restated(stated: list[tuple[FactChange, ...]]) -> list[tuple[FactChange, ...]]:
    """The facts of added and deleted records (stated_facts; one tuple a record, in document
    order) without those a deleted clause stated and an added one states again: the same role,
    context and value (quantity_key, widths folded). The clause was rewritten or moved, beyond
    pairing (`二、…累计保费满20万元…` deleted, `二、…累计保费满20万元…` added), and that fact did
    not change; as many are dropped on each side as both hold. A value that changed is kept on
    both sides (`初审意见 2018年5月4日 → ∅`, `∅ → 2019年5月10日`): records are never paired here."""
    def name(fact: FactChange) -> tuple[str, str, str]:
        return fact.role, fact.context, quantity_key((fact.old or fact.new).translate(_WRITTEN_FOLD))

    gone = Counter(name(f) for facts in stated for f in facts if not f.new)
    came = Counter(name(f) for facts in stated for f in facts if not f.old)
    both = gone & came
    if not both:
        return stated
    drop = [both.copy(), both]  # [to drop from deleted records, from added ones]
    out = []
    for facts in stated:
        kept = []
        for fact in facts:
            side = drop[not fact.old]
            if side[name(fact)] > 0:
                side[name(fact)] -= 1
                continue
            kept.append(fact)
        out.append(tuple(kept))
    return out


def _as_written(value: str, text: str) -> str:
    """A value (read from the comparison key) as the clause's display text writes it: facts are
    compared folded, shown as the document has them (`2024—2026年`, `２０２５年`). A value the
    text does not hold in any width (a table cell's number with its header's unit) stays."""
    if value in text:
        return value
    wanted = value.translate(_WRITTEN_FOLD).replace(" ", "")
    folded, starts, ends = _folded(text)
    at = folded.find(wanted) if wanted else -1
    if at < 0:
        return value
    # the spaces a layout put between a number and its unit (`50 年一遇`) are no part of it
    return _SPACES.sub("", text[starts[at] : ends[at + len(wanted) - 1]])


_SPACES = LazyRegex("[ \u3000]+")
# Each character as a key writes it, one for one: full-width ASCII in its half width, every dash
# a range is written with as `-` (the key folds them so), capitals in lower case.
_WRITTEN_FOLD = {code: ord(chr(half).lower()) for code, half in WIDTH_FOLD.items()} | str.maketrans(
    "－—–―~～ABCDEFGHIJKLMNOPQRSTUVWXYZ", "------abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=8)
def _folded(text: str) -> tuple[str, list[int], list[int]]:
    """The text as a value is searched in: folded one for one (_WRITTEN_FOLD), without spaces or a
    comma between digits, a run of dashes (`——`) as one; with where each of its characters starts and ends in the text.
    A folded text and a find, where a pattern per value cost a regex compile each (~0.5 ms for a
    year range, ~17 ms for a long 责任单位 list: 4% of a `diff` of 001 against an edited copy).
    Cached: one clause's facts are all looked up in its text."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    folded = text.translate(_WRITTEN_FOLD)
    for i, char in enumerate(folded):
        if char == " ":
            continue
        if char == "," and chars and chars[-1].isdigit() and folded[i + 1: i + 2].isdigit():
            continue  # a thousands separator, which the key leaves out (`1,000万元` is `1000万元`)
        if char == "-" and chars and chars[-1] == "-" and ends[-1] == i:
            ends[-1] = i + 1
            continue
        chars.append(char)
        starts.append(i)
        ends.append(i + 1)
    return "".join(chars), starts, ends


# Where a table clause's display text is cut for fact pairing: its lines and cells.
_PIECE_BREAK = LazyRegex(r"[\t\n]")


def _run_facts(texts: tuple[str, str] | None, pieces: tuple[list[str], list[str]], runs: tuple[range, range],
               keys: tuple[str, str] | None) -> tuple[list[Fact], list[Fact]]:
    """The facts of one changed run on each side, read from the comparison keys of its pieces
    (computed here, in one batch: only changed pieces need them), each with the piece before it
    as the context of a fact that opens the piece. A table cell holding only a number states
    the fact its row and header give it (cells.py): its unit and what it is about stand there;
    `texts` (the clause texts the pieces are cut from) is None where cells are not to be read."""
    (old_pieces, new_pieces), (old_run, new_run) = pieces, runs
    if len(old_pieces) == len(new_pieces) == 1:  # one piece (prose): the texts' own keys
        if keys is None:
            from policywatch.normalize import comparison_keys

            keys = tuple(comparison_keys([old_pieces[0], new_pieces[0]]))  # type: ignore[assignment]
        assert keys is not None
        return (_note_events(extract_facts(keys[0]), old_pieces[0]),
                _note_events(extract_facts(keys[1]), new_pieces[0]))
    from policywatch.normalize import comparison_keys

    spans = [(pieces, range(max(run.start - 1, 0), run.stop), run)
             for pieces, run in ((old_pieces, old_run), (new_pieces, new_run))]
    batch = comparison_keys([piece for pieces, span, _ in spans for piece in pieces[span.start : span.stop]])
    facts: list[list[Fact]] = []
    offset = 0
    for text, (_, span, run) in zip(texts or ("", ""), spans, strict=True):
        found = []
        for k in run:
            at = offset + k - span.start
            # a cell under a worded header is named by its row and column, not the cell to its left
            found += (text and _cell_facts(text, k)) or extract_facts(batch[at], batch[at - 1] if k > span.start else "")
        facts.append(found)
        offset += len(span)
    return facts[0], facts[1]


def _cell_facts(text: str, piece: int) -> list[Fact]:
    """The fact of a bare number in a table cell, if the piece is one (else none)."""
    from policywatch.diffing.cells import cell_fact

    found = cell_fact(text, piece)
    return [Fact(*found)] if found else []


def _changed_runs(old_pieces: list[str], new_pieces: list[str]) -> list[tuple[range, range]]:
    """The runs of pieces that differ between two versions, as (old indexes, new indexes).
    Pieces are compared as written: display texts are normalized already, and a piece that
    differs only in width or spacing has the same facts on both sides (they cancel)."""
    # equal pieces at both ends need no diff; an edit inside one paragraph leaves one run of one
    head = 0
    while head < min(len(old_pieces), len(new_pieces)) and old_pieces[head] == new_pieces[head]:
        head += 1
    tail = 0
    while (tail < min(len(old_pieces), len(new_pieces)) - head
           and old_pieces[len(old_pieces) - 1 - tail] == new_pieces[len(new_pieces) - 1 - tail]):
        tail += 1
    old_end, new_end = len(old_pieces) - tail, len(new_pieces) - tail
    if old_end - head <= 1 or new_end - head <= 1:
        return [(range(head, old_end), range(head, new_end))] if (old_end, new_end) != (head, head) else []
    from policywatch.diffing.inline import codes_of, diff_codes

    runs: list[tuple[range, range]] = []
    i = j = head
    changed = False  # whether the last run is still open
    for op, length in diff_codes(*codes_of(old_pieces[head:old_end], new_pieces[head:new_end]), cleanup="No"):
        if op == "=":
            i, j, changed = i + length, j + length, False
            continue
        if not changed:
            runs.append((range(i, i), range(j, j)))
            changed = True
        if op == "-":
            i += length
        else:
            j += length
        runs[-1] = (range(runs[-1][0].start, i), range(runs[-1][1].start, j))
    return runs


def _run_pairs(olds: list[Fact], news: list[Fact], keys: tuple[str, str] | None = None,
               ) -> list[tuple[Fact | None, Fact | None]]:
    """The changed facts of one run, paired. A context that names one fact of a role group on
    each side pairs those two first: a value stated otherwise (quantity_key) is no change. Then
    a fact whose value the other side also holds is dropped, and the rest pair by group
    (_pair_by_group). Dropping the common values first paired the wrong ends where one value
    moved between facts: `可以并处五百元以下…处警告或者二百元以下` → `可以并处一千元以下…处警告或者
    五百元以下` read as 二百元以下 → 一千元以下. `keys`: the run's two comparison keys, where a
    fact's condition can be looked for in the other version (see _pair)."""
    def named(fact: Fact) -> tuple[str, bool, str]:
        context = fact.context
        return (_GROUP.get(fact.role, fact.role), fact.limit,
                f"{context}|{fact.cond}" if context in _LONE_VERBS else context)  # _name, inlined: per fact

    old_names = Counter(named(f) for f in olds if f.context)
    new_named: dict[tuple[str, bool, str], list[Fact]] = {}
    for fact in news:
        if fact.context:
            new_named.setdefault(named(fact), []).append(fact)
    pairs: list[tuple[Fact | None, Fact | None]] = []
    rest_old: list[Fact] = []
    taken: set[int] = set()
    for o in olds:
        match = new_named.get(named(o), ())
        if not o.context or old_names[named(o)] != 1 or len(match) != 1:
            rest_old.append(o)
            continue
        taken.add(id(match[0]))
        if quantity_key(o.value) != quantity_key(match[0].value):
            pairs.append((o, match[0]))
    rest_new = [n for n in news if id(n) not in taken]
    return pairs + _pair_by_group(_drop_common(rest_old, rest_new), _drop_common(rest_new, rest_old), keys)


# Contexts that are only a penalty verb (`情节严重的,由…责令改正,处|…`): they name no fine apart from
# another of the clause, the condition it punishes does (see _name).
_LONE_VERBS = frozenset(f"{modal}{verb}" for modal in ("", "可以", "应当", "并可") for verb in ("处", "并处", "处以"))


def _name(fact: Fact) -> str:
    """What a fact is paired by where contexts name it: its context, with its condition where the
    context is only a penalty verb (`处` after `造成动物疫病扩散的,` is not `处` after `未按照规定
    处置诊疗废弃物的,`)."""
    return f"{fact.context}|{fact.cond}" if fact.context in _LONE_VERBS else fact.context


def _pair_by_group(old: list[Fact], new: list[Fact], keys: tuple[str, str] | None = None,
                   ) -> list[tuple[Fact | None, Fact | None]]:
    """The changed facts of one run paired role group by role group, a condition's threshold
    (`不足一万元`) apart from what applies under it (a fine): see _pair."""
    pairs: list[tuple[Fact | None, Fact | None]] = []
    for group in dict.fromkeys(_GROUP.get(f.role, f.role) for f in old + new):
        olds = [f for f in old if _GROUP.get(f.role, f.role) == group]
        news = [f for f in new if _GROUP.get(f.role, f.role) == group]
        for limit in dict.fromkeys(f.limit for f in olds + news):
            pairs += _pair([f for f in olds if f.limit == limit], [f for f in news if f.limit == limit], keys)
    return pairs


def _moved(runs: list[list[tuple[Fact | None, Fact | None]]]) -> list[Counter[tuple[str, str]]]:
    """[added, removed]: how many lone facts of each (role, value) to drop on each side, as
    many as are both removed alone and added alone in different runs (a table row moved)."""
    removed = Counter((o.role, quantity_key(o.value)) for run in runs for o, n in run if o is not None and n is None)
    added = Counter((n.role, quantity_key(n.value)) for run in runs for o, n in run if n is not None and o is None)
    common = removed & added
    return [common.copy(), common]


def _drop_common(facts: list[Fact], others: list[Fact]) -> list[Fact]:
    """facts minus those that also occur (same role, the same value: quantity_key) in others, as
    multisets."""
    remaining = Counter((f.role, quantity_key(f.value)) for f in others)
    kept = []
    for fact in facts:
        if remaining[fact.role, quantity_key(fact.value)]:
            remaining[fact.role, quantity_key(fact.value)] -= 1
        else:
            kept.append(fact)
    return kept


def _pair(olds: list[Fact], news: list[Fact], keys: tuple[str, str] | None = None,
          ) -> list[tuple[Fact | None, Fact | None]]:
    """Pair same-context facts first, then same-condition ones (`cond`), then the rest in text
    order; leftovers stand alone. Two facts under different conditions each of which the other
    version still states are not paired: each side's condition kept its own fine elsewhere or
    lost it (`生产经营单位拒不执行的,…并处十万元以上五十万元以下` against `未采取措施消除事故隐患的,
    …处五万元以下`: one fine removed, one added, not one changed)."""
    pairs: list[tuple[Fact | None, Fact | None]] = []
    news = list(news)
    rest_old = []
    for o in olds:
        match = next((n for n in news if o.context and _name(n) == _name(o)), None)
        if match is None:
            rest_old.append(o)
        else:
            news.remove(match)
            pairs.append((o, match))
    if any(o.cond for o in rest_old) and any(n.cond for n in news):
        left = []
        for o in rest_old:
            match = next((n for n in news if n.cond == o.cond and o.cond), None)
            if match is None:
                left.append(o)
            else:
                news.remove(match)
                pairs.append((o, match))
        rest_old = left
    if keys is not None and any(o.cond for o in rest_old) and any(n.cond for n in news):
        old_key, new_key = _NUMERALS.sub("", keys[0]), _NUMERALS.sub("", keys[1])
        left = []
        for o in rest_old:
            match = next((n for n in news if not (o.cond and n.cond and o.cond in new_key and n.cond in old_key)), None)
            if match is None:
                pairs.append((o, None))
            else:
                news.remove(match)
                pairs.append((o, match))
        return pairs + [(None, n) for n in news]
    for i in range(max(len(rest_old), len(news))):
        pairs.append((rest_old[i] if i < len(rest_old) else None, news[i] if i < len(news) else None))
    return pairs
