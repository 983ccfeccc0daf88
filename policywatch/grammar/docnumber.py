"""The 文号 (发文字号) grammar: issuer code, bracketed year, serial, 号.

A 文号 such as `宁政发〔2019〕37号` is the strongest key a policy document has. Pages type the
official bracket 〔〕 as [] ［］ () （） 【】, with or without spaces, in full or half width;
everything here folds those variants to one form so two spellings of one number compare equal.
This module is the one place that knows what a 文号 looks like (metadata extraction, listing
APIs and lineage detection all use it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from policywatch.grammar.organs import (
    NAMED_ORGANS,
    ORDER_ISSUERS,
    ORGAN_END,
    ORGAN_SUFFIXES,
    opens_place,
    organ_start,
)
from policywatch.grammar.places import ABBREVIATIONS, LEVELS, read_places
from policywatch.lazyre import LazyRegex

_SPACE = "[ \t\u3000\xa0]"
# „…“ is how a mis-decoded 〔〕 often arrives
OPEN_BRACKETS = "〔[［【(（„"
CLOSE_BRACKETS = "〕]］】)）“\""
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# issuer code: Chinese characters (and the odd Latin letter), at most 16; year 19xx/20xx in any
# bracket; a serial of 1-4 digits, some pages writing 第 before it (黔府发〔2018〕第7号, the number
# 黔府发〔2018〕7号), but a 第 serial with 令 after its 号 is an order's (商务部〔2019〕第1号令, 省政府〔2019〕第3号令:
# ORDER_NUMBER's, written with 令 last), never a 文号, whatever reads it (citations, number keys, a
# document's own heading); 号. A code ending with an organ's word and 令 is an order's issuer:
# 中国人民银行令〔2019〕3号 is the order 中国人民银行令〔2019〕第3号 written without its 第 (ORDER_NUMBER), no
# 文号 (an abbreviated code's 令 is a 文号's: 甲政令〔2010〕3号).
# the words an order's issuer ends with (an organ's: grammar/organs, the one vocabulary)
_ORGAN_WORDS = ORDER_ISSUERS
# An organ numbers its 公告 and 通告 in a series of its own name, the year written with 年 and the serial
# with 第 as the organ itself writes it (国家税务总局公告2019年第1号, 海关总署公告2020年第5号), or bracketed as a
# 文号 (国家税务总局公告〔2018〕28号): one number, keyed the same (`公告〔2019〕1号`). Organs issuing one
# jointly are named one after another, apart or with 、 (财政部 税务总局公告2019年第13号, 财政部、税务总局、海关总署
# 公告2019年第39号): the code holds them all (read back from a series code: _series_start, not in
# DOC_NUMBER, which every text is scanned with), and the key drops what stands between them (_fold_code).
# Written with 年 and 第, the number is a citation only after an organ of SERIES_ORGANS, the organs that
# number their 公告 so (the one list): 公告 ends many a sentence's words (特此公告, 本公告, 发布公告, 本局公告),
# and an organ's own series keyed without its organ would be every organ's (two pages' 公告2019年第1号).
# Joint organs are read from that list only (本办法由市财政局 公告… names no organ before its 公告).
_SERIES_KINDS = ("公告", "通告")
_JOINT_SEPARATORS = " \u3000\xa0、"
SERIES_ORGANS = (
    "国务院", "国家税务总局", "税务总局", "财政部", "海关总署", "商务部", "中国人民银行", "人民银行", "国家外汇管理局",
    "国家市场监督管理总局", "市场监管总局", "国家知识产权局", "知识产权局", "国家发展和改革委员会", "国家发展改革委",
    "发展改革委", "工业和信息化部", "科学技术部", "科技部", "教育部", "公安部", "民政部", "司法部",
    "人力资源和社会保障部", "人力资源社会保障部", "自然资源部", "生态环境部", "住房和城乡建设部", "住房城乡建设部",
    "交通运输部", "水利部", "农业农村部", "文化和旅游部", "国家卫生健康委员会", "国家卫生健康委", "卫生健康委",
    "退役军人事务部", "应急管理部", "审计署", "国家统计局", "国家医疗保障局", "国家医保局", "国家药品监督管理局",
    "国家药监局", "国家金融监督管理总局", "中国证券监督管理委员会", "中国证监会", "证监会", "中国银行保险监督管理委员会",
    "中国银保监会", "银保监会", "国家能源局", "国家烟草专卖局", "国家邮政局", "中国民用航空局", "民航局",
    "国家林业和草原局", "国家铁路局", "国家移民管理局", "国家档案局", "国家广播电视总局", "国家体育总局",
    "国家新闻出版署", "国家国防科技工业局", "国家粮食和物资储备局", "国务院关税税则委员会",
)
# (the longer names first, in one order every process: the pattern's text is its cache key)
_SERIES_ORGAN = rf"(?:中华人民共和国)?(?:{'|'.join(sorted(set(SERIES_ORGANS), key=lambda name: (-len(name), name)))})"
# the organs, one or joint, a series code's kind word follows
_SERIES_ORGANS_BEFORE = LazyRegex(rf"(?:{_SERIES_ORGAN}[{_JOINT_SEPARATORS}]{{0,2}})*{_SERIES_ORGAN}$")
# a 文号 as a 文号 is written, its year bracketed (the one form running text is scanned for at every
# character: find_doc_numbers seeks an organ's series apart, after its organ's name)
_BRACKETED = (
    rf"(?P<code>[\u4e00-\u9fa5A-Za-z]{{1,16}}){''.join(f'(?<!{word}令)' for word in _ORGAN_WORDS)}"
    rf"{_SPACE}*[{re.escape(OPEN_BRACKETS)}]{_SPACE}*(?P<year>(?:19|20)\d\d){_SPACE}*[{re.escape(CLOSE_BRACKETS)}]{_SPACE}*"
    rf"(?:第{_SPACE}*(?=\d{{1,4}}{_SPACE}*号(?!{_SPACE}*令)))?(?P<serial>\d{{1,4}}){_SPACE}*号"
)
_BRACKETED_NUMBER = LazyRegex(_BRACKETED)
# an organ's series number as the organ writes it, after its kind word: 2019年第1号
_SERIES_TAIL = rf"{_SPACE}*(?P<series_year>(?:19|20)\d\d){_SPACE}*年{_SPACE}*(?:第{_SPACE}*)?(?P<serial>\d{{1,4}}){_SPACE}*号"
DOC_NUMBER = LazyRegex(
    rf"(?P<code>[\u4e00-\u9fa5A-Za-z]{{1,16}}){''.join(f'(?<!{word}令)' for word in _ORGAN_WORDS)}"
    rf"(?:{_SPACE}*[{re.escape(OPEN_BRACKETS)}]{_SPACE}*(?P<year>(?:19|20)\d\d){_SPACE}*[{re.escape(CLOSE_BRACKETS)}]{_SPACE}*"
    rf"(?:第{_SPACE}*(?=\d{{1,4}}{_SPACE}*号(?!{_SPACE}*令)))?"
    rf"|(?<={'|'.join(_SERIES_KINDS)}){_SPACE}*"
    rf"(?P<series_year>(?:19|20)\d\d){_SPACE}*年{_SPACE}*(?:第{_SPACE}*)?)"
    rf"(?P<serial>\d{{1,4}}){_SPACE}*号"
)
_JOINT_NUMBER = LazyRegex(rf"(?:{_SERIES_ORGAN}[{_JOINT_SEPARATORS}]{{1,2}})+(?:{DOC_NUMBER.pattern})")
# a series number cited in running text: its kind word and number (found first: cheap to scan for), its
# organs (SERIES_ORGANS) read back before it, and the next numbers of the same series listed after it
# (国家税务总局公告2019年第1号和2020年第3号: the second is the organ's too)
_SERIES_KIND = LazyRegex(rf"(?:{'|'.join(_SERIES_KINDS)})(?={_SERIES_TAIL})")
_SERIES_NUMBER = LazyRegex(_SERIES_TAIL)
_MORE_SERIES = LazyRegex(rf"{_SPACE}*(?:和|及|与|、){_SPACE}*(?=(?:19|20)\d\d{_SPACE}*年{_SPACE}*第){_SERIES_TAIL}")
_UNSEPARATED = str.maketrans("", "", _JOINT_SEPARATORS)
_DATE_CHARS = "年月日"

# ------------------------------------------------------------------ the words before a cited number
#
# A cited number's issuer (a 文号's code, an order's issuer) is read as the run of characters before
# it, so it comes with the words the sentence puts before it: `根据国办发〔2017〕35号`,
# `市人民政府决定对乙府发〔2016〕3号文件作如下修改`, `关于废止南湖市人民政府令第3号的决定`. This is the one
# grammar of those words, for both kinds of number.
# - a lead-in word, wherever it stands: nothing after it is the sentence's (no issuer holds 根据, 决定…)
_LEAD_WORDS = ("根据", "按照", "依据", "依照", "参照", "遵照", "对照", "详见", "参见", "执行", "贯彻", "落实", "印发",
               "转发", "公布", "发布", "废止", "修改", "决定", "关于", "对于", "按", "学习", "传达", "领会", "遵循", "结合",
               "实施")
#   A verb's result complement 好 (落实好, 贯彻好, 执行好) is the verb's too: no code opens with 好
_COMPLEMENT = "好"
# - a preposition bringing the number before its verb (决定对X作如下修改, 现将X予以废止, 关于对X的…): a
#   single character, so only after the verb that takes it; alone it is the code's own first
#   character (即墨区's 即政发, 于都县's 于府发, 将乐县's 将政, 于洪区's 于…: 根据即政发〔2020〕1号 cites 即政发)
#   The heads are the verbs and adverbs that take it, 及时/及早 (promptly) among them: read whole as
#   the lead-in, their 及 is no connective (those are sought after the lead-in), so 及时对X leaves no 时对
_PREPOSITION_HEADS = ("决定", "现", "并", "特", "拟", "同意", "一律", "及时", "及早")
_PREPOSITIONS = "对将把在于由即"
# - of those, 将 and 把 mark an object put before its verb (处置式), so after any word they are the
#   sentence's, whatever word takes them (及时将, 尽快将, 要把): with a word before them in the run,
#   not opening it nor right after a lead-in (将乐县's 将政 there), nor opening a place's name. The
#   others name organs and places inside an issuer (对外贸易经济合作部, 于洪区, 即墨区), so only a head
#   above makes them the sentence's. The verb takes one marker: of two together (县政府将将政〔2020〕12号,
#   要把将政…) the first is the sentence's, the second the code's own (将乐县's 将政).
_OBJECT_MARKERS = "将把"
# 关于 takes only an object's 对/将/把 (关于即政发〔2020〕1号文件的补充通知 is about 即政发)
_ABOUT = "关于[对将把]"
# - 原 (the former) before the number, after a lead-in or opening the run (原乙府发〔2016〕3号同时废止);
#   not a place's first character: 原平市's 原平市政发, where without its 原 no place is left (grammar/organs.opens_place)
# - 的, wherever it stands: what stands before it is another phrase
# - a connective 和/与/及 (an order's issuer keeps its own 和: 国家发展和改革委员会令, so of an order only
#   与/及 are read), but only where it joins something to the number (_connects): after
#   another number or a title (国发〔2019〕2号和国发〔2020〕1号, 《X》和国发…), or a word (文件和国发…). Opening
#   a run nothing stands before, it is the code's own first character (和政县's 和政发, 和平区's 和政发);
#   right after a lead-in too (根据和政发〔2020〕1号, 根据和平区政发, 根据和龙政发), unless a code standing on
#   its own follows it, opening with a known head or a level word: then it joins the lead-in's
#   objects (学习领会和州政发 cites 州政发, 认真学习和国发 国发). That holds of 和 only: no code opens with 与
#   or 及 (no place's name does), so they are the sentence's wherever they stand, after a comma or
#   opening the text too (，与国发〔2015〕3号不一致的; ），及乙府办发〔2016〕5号同时废止). Two connectives never
#   stand together in a sentence: of 与和政发 the 与 is the sentence's, the 和 the code's. 或 (or) and
#   暨 (and, formal) join two numbers as 与 does (国发〔2017〕35号或国办发〔2018〕1号) and open no code.
#   Inside a run, 和 or 暨 as the second character of a place's name or a code's head (南和县政发, 西和县,
#   诸暨市, 南和政发: one character before it where the run or a place read over it ends) is the name's
#   (_ends_name); with a word before it (省委和州政办发, 精神和州) it joins that word to the number,
#   whatever level word follows (州政发, 县政发 are codes: 湘西州's). 与, 及, 或 are never a name's.
_CONNECTIVES = "和与及或暨"
_ONLY_CONNECTIVES = "与及或暨"
# the connectives a place's name holds (南和县, 诸暨市): no name holds 与, 及 or 或
_NAMED_CONNECTIVES = "和暨"
# what a place's name or a code's head ends before: a level word, a code's organ or kind character
_NAME_ENDS = "省市区县州旗盟政府办发函字"
# what a code without its head opens with (an organ's or kind character: 政发, 府发, 办发, 政): a 和 or 暨
# whose dropping leaves such a code is the code's own head (和政县人民政府和政发, 甘肃省和政县和政发,
# 暨阳街道暨办发), whatever stands before it; no code is ever left without a head
_HEADLESS = "政府办发函字"
# an organ's character (省委, 市委, 教育厅): no place's name opens with it, so the one character before
# a 和 or 暨 that is one (浙江省委和诸暨市政发) opens no name and the connective joins (_ends_name)
_ORGAN_CHARS = "委厅局办部署院"
# what closes a cited thing before a connective: a title, a bracketed number, a quotation
_CLOSERS = '》〉）)」』”’"〕]］】'
# - where no word above ends them, the words before a code are found from the code's own shape:
#   * joint issuers named before it (长沙市人民政府与湘潭市人民政府长政发〔2020〕1号): a code holds no organ's
#     full name with a code after it, so it starts after the last one (an organ's word of two characters
#     or more, _FULL_ORGANS) that leaves a code opening with a head character (not an organ's or kind's:
#     县政府办发 is one code). A government's or committee's general office (办公厅, 办公室) is such an
#     organ, though it issues no orders (so no order's issuer ends with 办公厅): 长沙市人民政府办公厅长政办发
#     cites 长政办发 as 省人民政府办公厅湘政办发 cites 湘政办发;
#   * a code opening with a known head, the nation's 国 or a province's or city's 简称 (grammar/places),
#     and ending with a kind character (发/函/字/电) a few characters later (认真抓好国发〔2017〕35号,
#     现就湘政办发…): the words before it are the sentence's, read so only with two characters of them at
#     least (a word; 南宁's code 南宁政发 keeps its 南), no place's name among them (南湖市国资委发) and
#     none read over the run holding the head (连云港市连政发, 学习领会南宁市政发: _inside).
#     港 and 澳 are no such heads either: the SARs issue no 〔〕 文号, and ports' names end with 港
#     (连云港, 张家港, 防城港: 防城港政发 is the city's code).
#     中 and 新 are no such heads: words end with them (集中, 高新), and 中发 / 新政发 after a word stay as
#     read. A city's own head (南湖府发, 长政发) is known to no list, so after an unknown word it stays.
#   * a code right after an organ's last character (委, 厅, 局, 办, 部, 署, 院, 府, 室: _ORGAN_ENDS)
#     that opens with a known head or a level word (州政发, 县政办发, 市财发: a place's own government's
#     or bureau's, as its own documents cite it) starts there, whatever the place grammar reads in the
#     organ's name before it: 州委州政发 is 州委 and 州政府's joint 州政发, 县政府办公厅县政办发 cites
#     县政办发, 市财政局市财发 市财发, 省财政厅湘人社发 湘人社发, 省能源局湘发改能源 湘发改能源
#     (_AFTER_ORGAN). It is short (a head and five characters at most), and one opening with a level
#     word holds no other (市委市政府市发 is the committee's 市发, not 市政府市发). An organ's own code
#     opens with neither (县委组发, 县政府办发 stay whole). An organ's character inside a place's name read
#     over the run ends no organ (南部县's 部, 东部新区's 部: 南部县政发 is the county's code, and of
#     南部县委南委发 the code after 南部县委 is 南委发). A place's own code opens with its name's head
#     (南部县's 南府发, 南委发, 连云港市's 连政发, as 和龙市's 和龙政发): right after the place read last over
#     the run, or after an organ's character following the places, a short code opening with that head
#     and ending with a kind character starts there (四川省南部县南府发 cites 南府发).
#     What follows an organ's full name is a code, never a kind of document alone: an organ numbers
#     its 公告 and 通告 in a series of its own name (国家税务总局公告〔2018〕28号, 中国人民银行公告〔2018〕第7号),
#     which its own page writes whole too (normalize_doc_number), so the citation keys as the page does.
#     The series is the organ's: it starts at the organ's name, where a known one opens (the nation's
#     国家/中国/国务院…, a province's or city's name of grammar/places), and the words before that are
#     the sentence's (此前国家税务总局公告〔2018〕28号规定, 自即日起国家税务总局公告…停止执行); an organ
#     opening with no known name (某某市人民政府通告) keeps what it is read with.
_ORGAN_NAME_HEADS = ("中华人民共和国", "国务院", "国家", "中国", "全国", *ABBREVIATIONS)
#   A league's or prefecture's government, its 行政公署 (行署 for short: 盟委行署兴发 cites the 盟委's and
#   行署's joint 兴发, as 兴安盟委行署兴发 does), is one too.
_FULL_ORGANS = LazyRegex("|".join([*(word for word in _ORGAN_WORDS if len(word) > 1), "办公厅", "行政公署", "行署"]))
_HEADS = "".join(sorted({"国", *ABBREVIATIONS.values()} - {"中", "新", "港", "澳"}))
_SHAPED_CODE = LazyRegex(rf"[{_HEADS}][\u4e00-\u9fa5]{{0,4}}[发函字电]")
_LEVEL_WORDS = "省市区县州旗盟"
_ORGAN_ENDS = _ORGAN_CHARS + "府室"
_AFTER_ORGAN = LazyRegex(rf"[{_HEADS}][\u4e00-\u9fa5]{{0,5}}|[{_LEVEL_WORDS}][^{_LEVEL_WORDS}\W\d_A-Za-z]{{0,5}}")
# a place's own code, opening with its name's head (南部县's 南府发, 南委发): short, ending with a kind character
_OWN_CODE = LazyRegex(r"[\u4e00-\u9fa5]{1,5}[发函字电]")
_NOISE = LazyRegex(rf"^.*(?:(?:{'|'.join(_PREPOSITION_HEADS)})[{_PREPOSITIONS}]|{_ABOUT}|(?:{'|'.join(_LEAD_WORDS)}){_COMPLEMENT}?|的)")


def _connects(text: str, start: int, issuer: str, lead: int, at: int) -> bool:
    """Whether the connective at `at` of an issuer (at `start` in `text`, its lead-in words ending at
    `lead`) joins what stands before it to the number, so is the sentence's: it is one no code opens
    with (与, 及), a word stands between the lead-in and it, or it opens the run right after a cited
    thing (a previous number's 号, a closing mark); never when it opens a place's name."""
    before = text[start - 1] if at == 0 and start else ""
    after_thing = bool(before) and (before in _CLOSERS or "\u4e00" <= before <= "\u9fa5")
    # a one-character name (和县) only where no connective can stand: right after a lead-in word or
    # opening the text (根据和县政发); after a word, an organ, a number or a title (文件和县政发,
    # 市政府和县政发, 2号和县政发, 》和县政发) its 和 joins, as docs/ say
    if opens_place(issuer, at, one_character=at == lead and not after_thing):
        return False
    if at > lead or issuer[at] in _ONLY_CONNECTIVES:
        return True
    # right after a lead-in (学习领会和州政发: the verb's two objects), it joins where a code standing on
    # its own follows, opening with a known head or a level word (国发, 州政发); else it is the code's
    # own head (和政发, 和龙政发)
    if 0 < lead == at and _AFTER_ORGAN.fullmatch(issuer, at + 1):
        return True
    return after_thing


def _object_marker(issuer: str, lead: int) -> int:
    """Where the words before a cited number end at the last object marker (_OBJECT_MARKERS) of
    `issuer` after its lead-in words (ending at `lead`) with a word before it: `lead` where none.
    Never its last character (the code is left)."""
    for at in range(len(issuer) - 2, lead, -1):
        if issuer[at] in _OBJECT_MARKERS and not opens_place(issuer, at):
            # a marker right after another is the code's: the sentence's verb took the one before
            return at if at - 1 >= lead and issuer[at - 1] in _OBJECT_MARKERS else at + 1
    return lead


def _place_spans(issuer: str, start: int) -> list[tuple[int, int]]:
    """Where the places read over the run from `start` stand in `issuer` (连云港市连政发: 连云港市), one
    after another."""
    spans, begin = [], start
    for place in read_places(issuer[start:]):
        spans.append((begin, start + place.end))
        begin = start + place.end
    return spans


def _ends_name(issuer: str, lead: int, at: int) -> bool:
    """Whether the connective at `at` is the second character of a place's name or a code's head
    (南和县政发's 和, 诸暨市's 暨, 南和政发's 和), so no connective. Only 和 and 暨 can be (no place's name
    holds 与, 及 or 或), and only with the one character before it opening a name: where the run
    after the lead-in words starts, right after another connective (国发〔2019〕2号和南和县政发), where
    a place read over the run ends (河北省南和县) or where a joint issuer's full organ name does
    (南和县人民政府南和政发). The place grammar reads names of two characters at
    least, so that one character is all the name holds before the connective; with a word before it
    (省委和州政办发, 精神和州) it joins that word to the number, whatever level word follows (right
    after a lead-in, 学习领会和州, no character stands before it in the run: _connects decides). Then a place is read from that character, or a code's organ or kind character follows
    (南和政发; 与和政发's 和, right after a connective, opens the code instead)."""
    name = at - 1
    if issuer[at] not in _NAMED_CONNECTIVES or name < lead or issuer[name] in _CONNECTIVES + _ORGAN_CHARS:
        return False
    opens = (name == lead or issuer[name - 1] in _CONNECTIVES
             or any(end == name for _, end in _place_spans(issuer, lead))
             or any(m.end() == name for m in _FULL_ORGANS.finditer(issuer, lead, name)))
    return opens and (bool(read_places(issuer[name:])) or issuer[at + 1] in _NAME_ENDS)


def _heads_own_code(issuer: str, lead: int, at: int) -> bool:
    """Whether the character at `at` opens the name of the place read over the run (from `lead`)
    that ends right before it (吉林省和龙市和龙政发's second 和): the place's own code, which opens
    with its name's head, starts there."""
    return any(end == at and issuer[at] == issuer[first] for first, end in _place_spans(issuer, lead))


def _last_connective(issuer: str, lead: int, connectives: str) -> int:
    """Where the last connective of `issuer` after its lead-in words (ending at `lead`) stands that
    could join the number to what is before it, -1 where none: never its last character (the code is
    left), nor one that may open a code right after another connective (与和政发: the 和 opens the
    code; of 与及国发 both are the sentence's, 及 opening none)."""
    for at in range(len(issuer) - 2, lead - 1, -1):
        if issuer[at] in connectives and not (at > lead and issuer[at - 1] in connectives
                                              and issuer[at] not in _ONLY_CONNECTIVES) and not _ends_name(issuer, lead, at):
            return at
    return -1


def _code_start(issuer: str, cut: int) -> int:
    """Where the code of a cited 文号 (`issuer`) starts when the words before it (all before `cut`,
    _leading_noise's) are none that _leading_noise knows: after joint issuers' full names, or at a known head of a code of its shape
    (see _FULL_ORGANS, _SHAPED_CODE); `cut` where neither. An organ's 公告/通告 series starts at the
    organ's name (_ORGAN_NAME_HEADS)."""
    if issuer.endswith(_SERIES_KINDS) and issuer[:-2].endswith(ORGAN_SUFFIXES):
        # any organ numbers its 公告 (a 中心's, a 厅's), not only an order's issuer; an organ opening with no known name (岚江市财政局) starts after the sentence's words, as its
        # series number written with 年 and 第 does (_local_organ)
        return min((at for head in _ORGAN_NAME_HEADS if (at := issuer.find(head, cut, len(issuer) - 2)) >= 0),
                   default=cut + _sentence_words(issuer[cut:-2]))
    for m in reversed(list(_FULL_ORGANS.finditer(issuer, cut))):
        if len(issuer) - m.end() >= 2 and issuer[m.end()] not in _NAME_ENDS and issuer[m.end():] not in _SERIES_KINDS:
            cut = m.end()
            break
    spans = _place_spans(issuer, cut)
    # the places read over the run that are places' names, not organs' the place grammar reads as one
    # (州委州, 县政府办公厅县, 管委会区): a name opens with no level, organ or kind word and holds no organ's
    # character but a region's 部 (南部县, 东部新区)
    named = [(first, end) for first, end in spans if _names_place(issuer[first:end])]
    heads = {issuer[first] for first, _ in named}
    for at in range(cut + 2, len(issuer) - 1):
        # an organ's character inside a place's name (南部县's 部, 东部新区's 部) ends no organ
        if issuer[at - 1] in _ORGAN_ENDS and not any(first <= at - 1 < end for first, end in named) and (
                _AFTER_ORGAN.fullmatch(issuer, at) or (issuer[at] in heads and _OWN_CODE.fullmatch(issuer, at))
                or _place_code(issuer, at)):
            return at
        if named and at == named[-1][1] and issuer[at] == issuer[named[-1][0]] and _OWN_CODE.fullmatch(issuer, at):
            return at
        if _SHAPED_CODE.fullmatch(issuer, at) and not read_places(issuer[cut:at]) \
                and not _inside(spans, at, issuer):
            return at
    return cut


def _names_place(place: str) -> bool:
    """Whether a place the place grammar reads is a place's name, not an organ's it reads as one (州委州,
    县政府办公厅县, 管委会区): a name opens with no level, organ or kind word and holds no organ's character
    but a region's 部 (南部县, 东部新区)."""
    return place[0] not in _LEVEL_WORDS + _HEADLESS + _ORGAN_CHARS and not any(
        char in _ORGAN_CHARS.replace("部", "") + "会" for char in place)


def _place_code(issuer: str, at: int) -> bool:
    """Whether a place's own government's code starts at `at`: the place's full name and a short code
    without a head (和平区政发, 南和县政发, 和县政办发 after 省委, 市委, 县委: the committee's and the
    place's, as 州委州政发); never inside an organ's full name (办公室市政办发's 公室市 is none)."""
    if any(m.start() < at < m.end() for m in _FULL_ORGANS.finditer(issuer)):
        return False
    named = read_places(issuer[at:])
    rest = issuer[at + named[0].end:] if named and _names_place(issuer[at:at + named[0].end]) else ""
    return bool(rest) and rest[0] in _HEADLESS and len(rest) <= 4


def _inside(spans: list[tuple[int, int]], at: int, issuer: str) -> bool:
    """Whether a code's head at `at` stands inside a place read over the run (`spans`), where no
    code starts (连云港市连政发's 港 is the city's): not where a place's own name opens with it, as the
    place grammar, reading the sentence's words into a name it reads from where they start, would have
    it (认真学习黔南州政发's 黔南州)."""
    return any(first < at < end for first, end in spans) and not read_places(issuer[at:])


def _leading_noise(text: str, start: int, issuer: str, *, words: bool = True, connectives: str = "") -> int:
    """How many characters at the start of a cited number's issuer (`issuer`, at `start` in `text`)
    are the sentence's, not the issuer's: its lead-in words (`words`; a metadata value is the number
    itself and has none), a connective joining it to what stands before (`connectives`, a 文号's), a
    原 (the former) after them; else the end of a date written
    right before it (`2024年1月1日乙府发〔2024〕8号`, as a republished text's note under its title
    cites the decision: a 年月日 after a digit is the date's, 日照市's 日 follows no digit). The
    whole issuer is never noise."""
    m = _NOISE.match(issuer) if words else None
    lead = _object_marker(issuer, m.end() if m else 0) if words else 0
    cut = lead
    at = _last_connective(issuer, lead, connectives) if words else -1
    if at >= 0 and _connects(text, start, issuer, lead, at):
        # dropping a 和/暨 that leaves a headless code (和政发 → 政发) would cut the code's own head, as
        # would dropping one that opens the name of the place read right before it: a place's own code
        # repeats its name's head (和龙市和龙政发, 连云港市连政发)
        cut = at if issuer[at] in _NAMED_CONNECTIVES and (
            issuer[at + 1] in _HEADLESS or _heads_own_code(issuer, lead, at)) else at + 1
    if words and issuer.startswith("原", cut) and not opens_place(issuer, cut):
        cut += 1
    if 0 < cut < len(issuer):
        return cut
    return 1 if len(issuer) > 1 and issuer[0] in _DATE_CHARS and start and text[start - 1].isdigit() else 0


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
    text = _fold_digits(text).strip(" \t\u3000\xa0")
    m = DOC_NUMBER.search(text)
    if m is None or m.end() != len(text) or _series_start(text, m) != 0:
        return None
    return _from_match(m, text[:m.start()])


def _from_match(m: re.Match[str], joint: str = "") -> DocNumber:
    year = m.groupdict().get("year") or m["series_year"]
    return DocNumber(code=_fold_code(joint + m["code"]), year=int(year), serial=int(m["serial"]))


def _series_start(text: str, m: re.Match[str]) -> int:
    """Where a number matched at `m` in `text` starts with the joint organs (of SERIES_ORGANS) named
    before its code: a 公告/通告 series' (财政部 税务总局公告…: the match holds 税务总局公告 only), else its
    own start."""
    if not m["code"].endswith(_SERIES_KINDS):
        return m.start()
    kind = m.end("code") - 2
    organs = _SERIES_ORGANS_BEFORE.search(text, max(0, kind - 64), kind)
    return organs.start() if organs and organs.start() < m.start("code") else m.start()


def _fold_code(code: str) -> str:
    """A code as a key: joint organs' names one after another, without what separates them."""
    return code.translate(_UNSEPARATED)


def _raw_offset(code: str, folded_at: int) -> int:
    """Where in the code as written (`code`) the character `folded_at` of its folded form stands."""
    kept = [at for at, char in enumerate(code) if char not in _JOINT_SEPARATORS]
    return kept[folded_at] if folded_at < len(kept) else len(code)


def normalize_doc_number(text: str) -> str:
    """The 文号 in a metadata value, folded to `code〔year〕serial号`; "" when it holds none.

    A value that is not a 文号 (a title copied into an empty 发文字号 cell, "无") gives "".

    >>> normalize_doc_number(" 国办发（2017）35号 "), normalize_doc_number("某某市人民政府关于印发…的通知")
    ('国办发〔2017〕35号', '')
    """
    text = _fold_digits(text)
    m = DOC_NUMBER.search(text)
    if not m:
        return ""
    start = _series_start(text, m)
    number = _from_match(m, text[start:m.start()])
    # a metadata value is the number itself: only a date written before it is not its code
    cut = _leading_noise(text, start, number.code, words=False)
    return str(DocNumber(number.code[cut:], number.year, number.serial))


def find_doc_numbers(text: str) -> list[tuple[DocNumber, int, int]]:
    """Every 文号 cited in running text, with its (start, end) offsets, in order.

    The issuer code of a cited number is trimmed of the words a sentence puts before it
    (`根据国办发〔2017〕35号` → `国办发〔2017〕35号`).
    """
    found = []
    text = _fold_digits(text)
    for m in _BRACKETED_NUMBER.finditer(text):
        start = _series_start(text, m)
        written = text[start:m.start("code")] + m["code"]
        whole = _from_match(m, text[start:m.start("code")])
        cut = _code_start(whole.code, _leading_noise(text, start, whole.code, connectives=_CONNECTIVES))
        found.append((replace(whole, code=whole.code[cut:]), start + _raw_offset(written, cut), m.end()))
    series = _series_numbers(text)
    return sorted(found + series, key=lambda hit: hit[1]) if series else found


def _series_numbers(text: str) -> list[tuple[DocNumber, int, int]]:
    """The 公告/通告 series numbers written as their organs write them (年, 第) cited in running text:
    only after an organ of SERIES_ORGANS, which is the code whatever stands before it (特此公告2019年第1号,
    本局公告2019年第1号 cite nothing), and the numbers listed right after one (…和2020年第3号)."""
    found = []
    for kind in _SERIES_KIND.finditer(text):
        organs = _SERIES_ORGANS_BEFORE.search(text, max(0, kind.start() - 64), kind.start())
        start = organs.start() if organs is not None else _local_organ(text, kind.start())
        if start < 0:
            continue
        m = _SERIES_NUMBER.match(text, kind.end())
        code = _fold_code(text[start:kind.end()])
        found.append((DocNumber(code, int(m["series_year"]), int(m["serial"])), start, m.end()))
        end = m.end()
        while more := _MORE_SERIES.match(text, end):
            found.append((DocNumber(code, int(more["series_year"]), int(more["serial"])), more.start("series_year"), more.end()))
            end = more.end()
    return found


# the characters before a series' kind word its organ's name is read from (a code's length, as a
# bracketed 文号's: 国家税务总局岚江市税务局 and its 公告 fit)
_LOCAL_ORGAN_CHARS = 14
_LOCAL_ORGAN = LazyRegex(rf"[\u4e00-\u9fa5]{{1,{_LOCAL_ORGAN_CHARS}}}$")
_ORGAN_ENDING = LazyRegex(rf"{ORGAN_END}$")


def _local_organ(text: str, kind: int) -> int:
    """Where a local organ's name starts that numbers the 公告/通告 series whose kind word stands at `kind`
    (`浙江省市场监督管理局公告2020年第5号`, `上海市财政局公告2021年第2号`), -1 where none does: the words
    before it, without the sentence's (a lead-in: 根据, 严格执行…), must end with an organ's word
    (grammar/organs) and open with a known organ's or place's name (_ORGAN_NAME_HEADS, grammar/places):
    `本局公告2019年第1号`, `市财政局公告…` (whose city?) and `特此公告2019年第1号` name no organ."""
    run = _LOCAL_ORGAN.search(text, max(0, kind - _LOCAL_ORGAN_CHARS), kind)
    if run is None or not _ORGAN_ENDING.search(run[0]):
        return -1
    issuer = run[0] + text[kind:kind + 2]
    cut = _code_start(issuer, _leading_noise(text, run.start(), issuer, connectives=_CONNECTIVES))
    cut += _sentence_words(issuer[cut:-2])
    organ = issuer[cut:-2]
    if not _ORGAN_ENDING.search(organ) or not (organ.startswith(_ORGAN_NAME_HEADS) or read_places(organ)):
        return -1
    return run.start() + cut


# words of the sentence that a local organ's name, read by its shape (any characters before a level
# word: grammar/places), would otherwise open with: discourse words (此前岚江市财政局公告…: grammar/organs
# reads them), and a preposition bringing the organ as the agent (本办法由市财政局公告…: 由's 市财政局,
# whose city?)


def _sentence_words(organ: str) -> int:
    """How many characters opening a local organ's name, as read before its series' kind word, are
    the sentence's: its discourse words (organ_start), and up to a preposition (_PREPOSITIONS) with a
    word before it that opens no place's name (于都县, 即墨区 keep theirs)."""
    cut = organ_start(organ)
    for at in range(len(organ) - 1, cut, -1):
        if organ[at] in _PREPOSITIONS and not opens_place(organ, at):
            return at + 1
    return cut


def starts_with_doc_number(line: str) -> re.Match[str] | None:
    """A 文号 at the start of a line (a document's own number sits alone near its top), a joint 公告
    series' with its organs (`财政部 税务总局公告2023年第1号`)."""
    line = _fold_digits(line)
    m = DOC_NUMBER.match(line)
    if m is None and (joint := _JOINT_NUMBER.match(line)) and joint["code"].endswith(_SERIES_KINDS):
        return joint
    return m


# ---------------------------------------------------------------------------------- order numbers
#
# A 规章 or a decision published by an order (令) carries the order's number instead of a 文号:
# `南湖市人民政府令第3号`, `中华人民共和国国务院令第694号`, `商务部令2019年第1号`, cited as `省政府令第114号` or
# `市人民政府令第20号` by documents of the same place. It has no bracketed year, but it names one document
# as firmly as a 文号: the issuer's orders are numbered in one series. This is the one place that says
# what an order number is and how it identifies a document (`number_key`): the issuer folded
# (中华人民共和国 dropped, 人民政府 → 政府), the year when the series restarts yearly, the serial.

# the issuer ends with an organ's word; a bare level (省/市/区/县/自治区/州 + 政府) is the citing
# document's own place's government (qualify)
_ORGAN = f"(?:{'|'.join(_ORGAN_WORDS)})"


def _order_year(group: str) -> str:
    """The year of a yearly series as written: 2019年, or bracketed as a 文号's (〔2019〕, in any bracket)."""
    return (rf"(?:(?P<{group}>(?:19|20)\d\d){_SPACE}*年|[{re.escape(OPEN_BRACKETS)}]{_SPACE}*"
            rf"(?P<{group}_b>(?:19|20)\d\d){_SPACE}*[{re.escape(CLOSE_BRACKETS)}]){_SPACE}*")


# 商务部令2019年第1号 / 中国人民银行令〔2019〕第3号 (after a year the 第 may be left out:
# 中国人民银行令〔2019〕3号), and as citations also write it with 令 last: 国务院第588号令, 省政府第114号令
# (one number, one key)
ORDER_NUMBER = LazyRegex(
    rf"(?P<issuer>[\u4e00-\u9fa5]{{0,24}}?{_ORGAN}){_SPACE}*"
    rf"(?:令{_SPACE}*(?:{_order_year('year')}(?:第{_SPACE}*)?|第{_SPACE}*)(?P<serial>\d{{1,4}}){_SPACE}*号"
    rf"|(?:{_order_year('year_last')})?第{_SPACE}*(?P<serial_last>\d{{1,4}}){_SPACE}*号{_SPACE}*令)"
)
_ORDER_YEARS = ("year", "year_b", "year_last", "year_last_b")


# an organ's word that needs a name before it (国务院 needs none): alone, it is the citing organ's own
# (人民政府 is folded to 政府 before it is asked about)
_BARE_ORGANS = tuple(word for word in _ORGAN_WORDS if word not in (*NAMED_ORGANS, "人民政府"))


@dataclass(frozen=True, slots=True)
class _OrderKey:
    """An order number as number_key keys it: `issuer令[year年]第serial号`. str() writes the key and
    _read_order_key reads it, the one writer and the one reader of that format."""

    issuer: str  # folded (fold_issuer)
    year: int | None  # the year of a series that restarts yearly
    serial: int

    @property
    def series(self) -> str:
        return f"{self.issuer}令{self.year}年" if self.year else f"{self.issuer}令"

    def __str__(self) -> str:
        return f"{self.series}第{self.serial}号"


# the issuer is all before the last 令 (an issuer may hold one: 司令部)
_ORDER_KEY = LazyRegex(r"(?P<issuer>.+)令(?:(?P<year>\d{4})年)?第(?P<serial>\d+)号")


def _read_order_key(key: str) -> _OrderKey | None:
    m = _ORDER_KEY.fullmatch(key)
    if m is None:
        return None
    return _OrderKey(m["issuer"], int(m["year"]) if m["year"] else None, int(m["serial"]))


def fold_issuer(issuer: str) -> str:
    """An organ's name as order numbers key it: 中华人民共和国 dropped, 人民政府 → 政府."""
    return issuer.removeprefix("中华人民共和国").replace("人民政府", "政府")


def unqualified_order(key: str) -> str:
    """The level of an order number cited without its place (`省` of 省政府令第114号), else ""."""
    order = _read_order_key(key)
    return _level(order) if order is not None else ""


def _level(order: _OrderKey) -> str:
    return next((level for level in LEVELS if order.issuer == level + "政府"), "")


def qualify(key: str, issuer: str) -> str:
    """An order number cited without its place (`市政府令第20号`) given the place of `issuer`, the
    document citing it (南湖市住房和城乡建设局 → 南湖市政府令第20号), or cited by an organ's word alone
    (`部令第1号`) given the organ of the citing issuer that word ends (工业和信息化部办公厅 →
    工业和信息化部令第1号); any other number unchanged, and so is one whose level no place of the
    issuer has (州政府令 cited by 广州市人民政府: its 州 is a city's name, grammar/places) or whose
    organ's word the issuer's name does not hold (部令 cited by a city's government)."""
    order = _read_order_key(key)
    if order is None:
        return key
    folded = fold_issuer(issuer)
    level = _level(order)
    if level:
        place = next((p for p in read_places(folded) if p.has_level(level)), None)
        return key if place is None else str(replace(order, issuer=folded[: place.end] + "政府"))
    organ = _own_organ(folded, order.issuer) if order.issuer in _BARE_ORGANS else ""
    return str(replace(order, issuer=organ)) if organ else key


# the levels whose places have no ministry: a county's or district's 部 (县委宣传部) issues no 部令
_NO_MINISTRY = ("县", "区", "旗")


def _own_organ(issuer: str, word: str) -> str:
    """The organ of `issuer` (folded) that an organ's word cited alone names: the issuer's name up to
    the last place the word stands after the issuer's places, as the longer organ's word it opens (委
    of 委员会) — "" when the word stands nowhere after a name. The word inside a place's name is none
    of an organ's (the 部 of 南部县, of 东部新区), and a 县/区/旗's 部 is no ministry (_NO_MINISTRY)."""
    named = read_places(issuer)
    if word == "部" and named and any(named[-1].has_level(level) for level in _NO_MINISTRY):
        return ""
    at = issuer.rfind(word, named[-1].end if named else 0)
    if at <= 0:
        return ""
    longest = max((w for w in _BARE_ORGANS if w.startswith(word) and issuer.startswith(w, at)), key=len)
    return issuer[: at + len(longest)]


def find_order_numbers(text: str) -> list[tuple[str, int, int]]:
    """Every order number in running text, folded (see number_key), with its (start, end) offsets."""
    found = []
    text = _fold_digits(text)
    for m in ORDER_NUMBER.finditer(text):
        # what a sentence puts before the issuer (根据国务院令…, 关于废止南湖市人民政府令…) is none of it,
        # whatever is left (根据部令第1号 cites 部令, the citing ministry's own series, as 省政府令 is
        # the citing province's)
        # a connective joining it to what stands before is the sentence's as before a 文号, but
        # only 与/及: an organ's name holds its own 和 (国家发展和改革委员会令)
        cut = _leading_noise(text, m.start(), m["issuer"], connectives=_ONLY_CONNECTIVES)
        year = next((int(m[group]) for group in _ORDER_YEARS if m[group]), None)
        order = _OrderKey(fold_issuer(m["issuer"][cut:]), year, int(m["serial"] or m["serial_last"]))
        found.append((str(order), m.start() + cut, m.end()))
    return found


def number_key(text: str, issuer: str = "") -> str:
    """How a document number identifies its document: a 文号 folded (normalize_doc_number), else an
    order number folded, its place supplied from `issuer` (the citing or own document's issuer)
    when the number names none; "" when the text holds neither.

    >>> number_key("国办发（2017）35号"), number_key("山东省人民政府令 第114号")
    ('国办发〔2017〕35号', '山东省政府令第114号')
    >>> number_key("省政府令第114号", "山东省人民政府办公厅"), number_key("中华人民共和国国务院令第694号")
    ('山东省政府令第114号', '国务院令第694号')
    """
    number = normalize_doc_number(text)
    # a 公告 series number written without its organ (公告2019年第1号, 公告〔2019〕1号) keys as written,
    # whoever holds or cites it: an organ's notices are cited and repealed by other organs (a bureau
    # citing the government's 公告〔2019〕1号), and a clean-up table's row reads no issuer at all
    if number:
        return number
    orders = find_order_numbers(text)
    return qualify(orders[0][0], issuer) if orders else ""


def order_issuer(text: str) -> str:
    """The issuer an order number names, folded (`南湖市人民政府令第3号` → 南湖市政府); "" when the text
    holds a 文号 or no order number, or the number names only a level (`市政府令第20号` is whichever
    city's cites it, so it says nothing of whose a copy is) or only an organ's word (`部令第1号`)."""
    order = _read_order_key(number_key(text))
    if order is None or _level(order):
        return ""
    # an organ's word alone (部令第1号) is the citing organ's own series: it names no one either
    return "" if order.issuer in _BARE_ORGANS else order.issuer


def order_serial(key: str) -> tuple[str, int] | None:
    """A number key's order series and serial (`南湖市政府令第45号` → ("南湖市政府令", 45)); None for a
    文号 or no key."""
    order = _read_order_key(key)
    return (order.series, order.serial) if order is not None else None


def is_order_number(key: str) -> bool:
    """Whether a number key (number_key) is an order's, not a 文号."""
    return _read_order_key(key) is not None


def numbers_agree(a: str, b: str) -> bool:
    """Whether two number keys may name one document: equal, or an order number cited without its
    place (`省政府令第114号`, its citing document's place unknown) and one of that level's with it: the
    government of a place of that level (区政府令 is a district's, not 广西壮族自治区政府令)."""
    if a == b:
        return bool(a)  # two numbers keying nothing (an organ's series number, its organ unknown) name nothing
    short, full = sorted(map(_read_order_key, (a, b)), key=lambda o: len(o.issuer) if o else 0)
    if short is None or full is None or (short.year, short.serial) != (full.year, full.serial):
        return False
    level = _level(short)
    named = read_places(full.issuer)
    return bool(level) and bool(named) and named[-1].has_level(level) and full.issuer == full.issuer[: named[-1].end] + "政府"


def written_number(text: str) -> str:
    """The document number a metadata value holds, as a document shows it: a 文号 folded to
    `code〔year〕serial号`, an order's number as written (spaces dropped: `南湖市人民政府令第3号`, its
    key is number_key's business); "" when the value holds neither.

    >>> written_number("苏经信科技[2018] 329 号"), written_number(" 南湖市人民政府令 第3号 ")
    ('苏经信科技〔2018〕329号', '南湖市人民政府令第3号')
    """
    number = normalize_doc_number(text)
    if number:
        return number
    text = _fold_digits(text)
    orders = find_order_numbers(text)
    if not orders:
        return ""
    _key, start, end = orders[0]
    return "".join(text[start:end].split())


def starts_with_order_number(line: str) -> bool:
    """A line that is an order's number alone (`省政府令第114号` under a 规章's title)."""
    orders = find_order_numbers(line.strip(" \t\u3000\xa0"))
    return bool(orders) and orders[0][1] == 0 and orders[0][2] == len(_fold_digits(line.strip(" \t\u3000\xa0")))


# what the second row of an order number split after its issuer starts with: 令 (split before it),
# 第 (after it), or the year of a yearly series (`商务部令` ⏎ `2019年第1号`, `中国人民银行令` ⏎ `〔2019〕第3号`)
_ORDER_CONTINUATIONS = ("令", "第", "1", "2", "１", "２", *OPEN_BRACKETS)


def order_number_heading(lines: Sequence[str]) -> str | None:
    """The order number a document's first lines give as its own, as written: a line that is the
    number alone (`省政府令第114号` under a 规章's title), or the number split over two rows as PDFs
    and many pages print an order's heading (`南湖市人民政府令` ⏎ `第3号`); None when they hold none.

    >>> order_number_heading(["南湖市人民政府令", "第3号", "南湖市城市绿化管理办法"])
    '南湖市人民政府令第3号'
    """
    rows = [line.strip(" \t\u3000\xa0") for line in lines]
    for index, row in enumerate(rows):
        if starts_with_order_number(row):
            return row
        following = rows[index + 1] if index + 1 < len(rows) else ""
        # the second row must continue the number (a title row above a whole number, `山东省信访规定`
        # ⏎ `省政府令第114号`, would join into one `…规定省政府令` issuer) and not be one itself
        if (following.startswith(_ORDER_CONTINUATIONS) and not starts_with_order_number(following)
                and starts_with_order_number(row + following)):
            return row + following
    return None
