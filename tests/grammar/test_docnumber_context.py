"""What stands before a cited number is read from the sentence around it: a connective or 原 is the
sentence's only where it is one, never a place's first character; an order written without its 第,
or of a district (区政府令, never an 自治区政府令) is read as the order it is."""

from __future__ import annotations

import pytest

from policywatch.extract.metadata import from_text
from policywatch.grammar.docnumber import (
    find_doc_numbers,
    find_order_numbers,
    number_key,
    numbers_agree,
    order_number_heading,
    parse_doc_number,
    written_number,
)
from policywatch.lineage.citations import references


def _codes(text: str) -> list[str]:
    return [str(number) for number, _, _ in find_doc_numbers(text)]


def _assert_codes(text: str, numbers: list[str]) -> None:
    assert _codes(text) == numbers
    # the document's own number, written alone, keys the same
    for number, start, end in find_doc_numbers(text):
        assert number_key(text[start:end]) == str(number)


@pytest.mark.parametrize(("text", "numbers"), [
    # 和政县, 原平市, 和平区, 原阳县: places whose names open with a connective or with 原
    ("根据和政县政发〔2020〕1号文件", ["和政县政发〔2020〕1号"]),
    ("和政县政发〔2020〕1号", ["和政县政发〔2020〕1号"]),
    ("原平市政发〔2020〕3号同时废止", ["原平市政发〔2020〕3号"]),
    ("依据原阳县政发〔2021〕2号", ["原阳县政发〔2021〕2号"]),
    ("国发〔2019〕2号和平区政发〔2018〕1号", ["国发〔2019〕2号", "和平区政发〔2018〕1号"]),
    # an abbreviated code opening with 和 (和政县's, 和平区's 和政发): after a lead-in, or with nothing before it
    ("根据和政发〔2020〕1号", ["和政发〔2020〕1号"]),
    ("《某办法》（和政发〔2020〕1号）", ["和政发〔2020〕1号"]),
    ("国发〔2019〕2号、和政发〔2020〕1号", ["国发〔2019〕2号", "和政发〔2020〕1号"]),
    # a connective joining the number to another number, title or word is the sentence's
    ("根据国发〔2019〕2号和国发〔2020〕1号", ["国发〔2019〕2号", "国发〔2020〕1号"]),
    ("根据国发〔2019〕2号与国办发〔2020〕5号", ["国发〔2019〕2号", "国办发〔2020〕5号"]),
    ("根据《某办法》和国发〔2020〕1号", ["国发〔2020〕1号"]),
    ("根据国发〔2019〕2号文件及国发〔2020〕1号文件", ["国发〔2019〕2号", "国发〔2020〕1号"]),
    # 与 and 及 open no code: after a comma, a closing mark or opening the text they are the sentence's,
    # and of 与和政发 the 与 is the sentence's, the 和 the code's
    ("本办法自2020年1月1日起施行，与国发〔2015〕3号不一致的，以本办法为准。", ["国发〔2015〕3号"]),
    ("《某通知》（南湖府发〔2015〕3号），及南湖府办发〔2016〕5号同时废止。", ["南湖府发〔2015〕3号", "南湖府办发〔2016〕5号"]),
    ("与国发〔2020〕1号不一致的", ["国发〔2020〕1号"]),
    ("。及国发〔2020〕1号", ["国发〔2020〕1号"]),
    ("根据国发〔2019〕2号与和政发〔2020〕1号", ["国发〔2019〕2号", "和政发〔2020〕1号"]),
    ("，与和政发〔2020〕1号不一致的", ["和政发〔2020〕1号"]),
    # 原 (the former), after a connective or opening the run, is the sentence's
    ("国发〔2019〕2号和原国发〔2018〕1号同时废止", ["国发〔2019〕2号", "国发〔2018〕1号"]),
    ("原南湖市政发〔2016〕3号同时废止", ["南湖市政发〔2016〕3号"]),
])
def test_a_connective_or_former_is_the_sentences_only_where_the_text_makes_it_one(text, numbers):
    _assert_codes(text, numbers)


@pytest.mark.parametrize("written", ["中国人民银行令〔2019〕3号", "中国人民银行令[2019] 3 号", "中国人民银行令2019年3号",
                                     "中国人民银行令〔2019〕第3号"])
def test_an_order_written_without_its_di_is_the_order_not_a_doc_number(written):
    assert parse_doc_number(written) is None and find_doc_numbers(written) == []
    assert number_key(written) == "中国人民银行令2019年第3号"
    assert [key for key, _, _ in find_order_numbers(f"根据{written}")] == ["中国人民银行令2019年第3号"]
    assert written_number(written) == "".join(written.split())
    [ref] = references(f"根据《某某管理办法》（{written}），制定本细则。")
    assert (ref.title, number_key(ref.doc_number)) == ("某某管理办法", "中国人民银行令2019年第3号")
    # an abbreviated code's 令 is a 文号's
    assert str(parse_doc_number("甲政令〔2010〕3号")) == "甲政令〔2010〕3号"
    assert order_number_heading(["中国人民银行令", "〔2019〕3号", "某某管理办法"]) == "中国人民银行令〔2019〕3号"


def test_a_districts_order_is_no_autonomous_regions() -> None:
    assert not numbers_agree("区政府令第3号", "广西壮族自治区政府令第3号")
    assert numbers_agree("自治区政府令第3号", "广西壮族自治区政府令第3号")
    assert numbers_agree("区政府令第3号", "南湖市清河区政府令第3号")
    assert numbers_agree("州政府令第3号", "黔东南苗族侗族自治州政府令第3号")  # an 自治州 is a 州
    assert not numbers_agree("区政府令第3号", "南湖市清河区政府办公室令第3号")


@pytest.mark.parametrize(("sentence", "number"), [
    ("本办法自2020年1月1日起施行，与国发〔2015〕3号不一致的，以本办法为准。", "国发〔2015〕3号"),
    ("本通知印发后，与南湖府发〔2015〕3号文件规定不一致的，按本通知执行。", "南湖府发〔2015〕3号"),
    ("原有规定（南湖府发〔2015〕3号），及南湖府办发〔2016〕5号同时废止。", "南湖府办发〔2016〕5号"),
])
def test_a_reference_after_a_comma_keeps_no_connective(sentence, number):
    assert references(sentence)[-1].doc_number == number


# cited numbers as the sentence around them leaves them: the text → its codes, in order
_CODES_IN_CONTEXT: dict[str, list[str]] = {
    # the verb takes one object marker: of two together the second opens the code (将乐县's 将政)
    "县政府将将政〔2020〕12号文件转发各乡镇。":
        ["将政〔2020〕12号"],
    "要把将政〔2020〕12号落到实处":
        ["将政〔2020〕12号"],
    "根据将将政〔2020〕12号":
        ["将政〔2020〕12号"],
    # a connective ending a place's name or a code's head (a level word or a code's character after it)
    "根据南和县政发〔2020〕1号文件":
        ["南和县政发〔2020〕1号"],
    "南和县政发〔2020〕1号":
        ["南和县政发〔2020〕1号"],
    "国发〔2019〕2号和南和县政发〔2020〕1号":
        ["国发〔2019〕2号", "南和县政发〔2020〕1号"],
    # other places' names and a code's head ending with one
    "依据西和县政办发〔2021〕4号":
        ["西和县政办发〔2021〕4号"],
    "按照诸暨市政发〔2019〕8号执行":
        ["诸暨市政发〔2019〕8号"],
    "南和政发〔2020〕1号":
        ["南和政发〔2020〕1号"],
    # 或 and 暨 join two numbers as 与 does
    "国发〔2017〕35号或国办发〔2018〕1号":
        ["国发〔2017〕35号", "国办发〔2018〕1号"],
    "国发〔2017〕35号暨国办发〔2018〕1号":
        ["国发〔2017〕35号", "国办发〔2018〕1号"],
    "《某办法》暨湘政办发〔2018〕1号":
        ["湘政办发〔2018〕1号"],
    # words no list knows before a code of a known head and a kind character
    "认真抓好国发〔2017〕35号文件的贯彻落实":
        ["国发〔2017〕35号"],
    "现就国发〔2017〕35号文件提出如下意见":
        ["国发〔2017〕35号"],
    "各地要集中国办发〔2018〕1号规定的事项":
        ["国办发〔2018〕1号"],
    "现就湘政办发〔2017〕3号有关事项通知如下":
        ["湘政办发〔2017〕3号"],
    # joint issuers named before the code
    "长沙市人民政府与湘潭市人民政府长政发〔2020〕1号":
        ["长政发〔2020〕1号"],
    "南湖市人民政府办公室南府办发〔2020〕1号":
        ["南府办发〔2020〕1号"],
    # a code's own head, place or organ stays
    "莒县政府办发〔2020〕1号":
        ["莒县政府办发〔2020〕1号"],
    "南宁政发〔2020〕1号":
        ["南宁政发〔2020〕1号"],
    # a place's name before a head, a word ending with none
    "南湖市国资委发〔2020〕1号":
        ["南湖市国资委发〔2020〕1号"],
    "南湖高新发〔2020〕1号":
        ["南湖高新发〔2020〕1号"],
    "国卫办医发〔2020〕1号":
        ["国卫办医发〔2020〕1号"],
    "苏经信科技〔2018〕329号":
        ["苏经信科技〔2018〕329号"],
    # 和 or 暨 with a word before it joins that word to the number, a level word after it or not (州政发,
    # 县政发 are 湘西州's codes): only a name's second character is the name's
    "认真贯彻落实省委和州政办发〔2020〕1号精神。":
        ["州政办发〔2020〕1号"],
    "贯彻国发〔2017〕35号精神和州政办函〔2018〕2号":
        ["国发〔2017〕35号", "州政办函〔2018〕2号"],
    "学习领会精神和州政发〔2020〕1号":
        ["州政发〔2020〕1号"],
    # right after a lead-in, a 和 before a code standing on its own (a known head, a level word) joins
    # the lead-in's objects; before a headless code or an unknown head it is the code's (根据和政发)
    "学习领会和州政发〔2020〕1号":
        ["州政发〔2020〕1号"],
    "组织学习和州政办发〔2020〕1号":
        ["州政办发〔2020〕1号"],
    "认真学习和国发〔2020〕1号":
        ["国发〔2020〕1号"],
    "根据和龙政发〔2020〕1号":
        ["和龙政发〔2020〕1号"],
    "根据和平区政发〔2020〕1号":
        ["和平区政发〔2020〕1号"],
    "根据和龙市和龙政发〔2020〕1号":
        ["和龙政发〔2020〕1号"],
    "关于转发省委办公厅和省政府办公厅湘办发〔2020〕1号":
        ["湘办发〔2020〕1号"],
    "各地文件暨县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    # 与, 及, 或 are never a name's, whatever follows them
    "根据省政府办公厅与州政办发〔2020〕1号":
        ["州政办发〔2020〕1号"],
    "按照国务院和省政府及县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    "省政府文件或县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    # a name's second character stays, after a place read over the run or a connective, and inside
    # a longer name
    "河北省南和县政发〔2020〕1号":
        ["河北省南和县政发〔2020〕1号"],
    "国发〔2019〕2号与南和县政发〔2020〕1号":
        ["国发〔2019〕2号", "南和县政发〔2020〕1号"],
    "浙江省诸暨市政发〔2019〕8号":
        ["浙江省诸暨市政发〔2019〕8号"],
    "根据呼和浩特市政发〔2020〕1号":
        ["呼和浩特市政发〔2020〕1号"],
    # and after a joint issuer's full name
    "南和县人民政府南和政发〔2020〕1号":
        ["南和政发〔2020〕1号"],
    "诸暨市人民政府诸暨政发〔2020〕1号":
        ["诸暨政发〔2020〕1号"],
    # a head standing inside a place read over the run starts no code (港 no code's at all: the SARs
    # issue no 〔〕 文号, ports' names end with it); the place's own code after its name, opening with
    # the name's head, does (as 和龙市和龙政发's)
    "连云港市连政发〔2020〕1号":
        ["连政发〔2020〕1号"],
    "张家港市张政发〔2020〕1号":
        ["张政发〔2020〕1号"],
    "防城港市防政发〔2020〕1号":
        ["防政发〔2020〕1号"],
    "防城港政发〔2020〕1号":
        ["防城港政发〔2020〕1号"],
    "认真领会南宁市政发〔2020〕1号":
        ["南宁市政发〔2020〕1号"],
    # a place's name opening with the head is the code's
    "认真学习黔南州政发〔2020〕1号":
        ["黔南州政发〔2020〕1号"],
    # a general office (办公厅, as 办公室) is a joint issuer's full name before the code
    "长沙市人民政府办公厅长政办发〔2020〕1号":
        ["长政办发〔2020〕1号"],
    "国务院办公厅国办发〔2020〕1号":
        ["国办发〔2020〕1号"],
    "省人民政府办公厅湘政办发〔2020〕1号":
        ["湘政办发〔2020〕1号"],
    # an office's own code stays whole
    "县政府办公厅函〔2020〕1号":
        ["县政府办公厅函〔2020〕1号"],
    # a 和 or 暨 whose dropping would leave a code without its head (政发, 府发, 办发, 政) is the
    # code's own, after a joint issuer's full organ name, a place or a previous number alike
    "和政县人民政府和政发〔2020〕1号":
        ["和政发〔2020〕1号"],
    "和县人民政府和政〔2020〕1号":
        ["和政〔2020〕1号"],
    "和静县人民政府和政发〔2020〕1号":
        ["和政发〔2020〕1号"],
    "县政府和政发〔2020〕1号":
        ["和政发〔2020〕1号"],
    "甘肃省和政县和政发〔2020〕1号":
        ["和政发〔2020〕1号"],
    "广东省和平县和府发〔2020〕1号":
        ["和府发〔2020〕1号"],
    "山西省和顺县和政发〔2020〕1号":
        ["和政发〔2020〕1号"],
    "国发〔2020〕1号和和政县和政发〔2020〕2号":
        ["国发〔2020〕1号", "和政发〔2020〕2号"],
    "根据暨阳街道暨办发〔2020〕1号":
        ["暨办发〔2020〕1号"],
    # an organ's character (委) before 和 opens no place's name: the 和 joins the committee to the number
    "浙江省委和诸暨市政发〔2020〕1号":
        ["诸暨市政发〔2020〕1号"],
    "长沙市委和长沙县政发〔2020〕1号":
        ["长沙县政发〔2020〕1号"],
    "湖南省委和湘西州政发〔2020〕1号":
        ["湘西州政发〔2020〕1号"],
    "诸暨市委和诸暨市政发〔2020〕1号":
        ["诸暨市政发〔2020〕1号"],
    # a level's party committee written short (州委) before its government's code is a joint issuer
    "现将州委州政发〔2020〕3号文件转发给你们。":
        ["州政发〔2020〕3号"],
    "湘西州委州政发〔2020〕3号":
        ["州政发〔2020〕3号"],
    "根据县委县政办发〔2021〕6号要求":
        ["县政办发〔2021〕6号"],
    # …and never cuts a committee's own code
    "县委组发〔2020〕3号":
        ["县委组发〔2020〕3号"],
    "县委办公室县委办发〔2019〕2号":
        ["县委办发〔2019〕2号"],
    # a code opening with a level word after an office's full name (县政府办公厅's own 县政办发)
    "县政府办公厅县政办发〔2019〕2号":
        ["县政办发〔2019〕2号"],
    "市人民政府办公室市政办发〔2018〕15号":
        ["市政办发〔2018〕15号"],
    # a bureau's code after its name, a known head's after another organ's, its code not ending with a
    # kind character (湘发改能源); a level-word code holds no other level word (市委市政府's 市发)
    "市政府办公室关于转发市财政局市财发〔2020〕3号文件的通知":
        ["市财发〔2020〕3号"],
    "经县人民政府同意，现将县财政局县财发〔2020〕3号转发给你们":
        ["县财发〔2020〕3号"],
    "转发省人力资源社会保障厅省财政厅湘人社发〔2020〕12号":
        ["湘人社发〔2020〕12号"],
    "现将省发展改革委省能源局湘发改能源〔2021〕5号转发给你们":
        ["湘发改能源〔2021〕5号"],
    "按照州委办州政府办州办发〔2019〕4号要求":
        ["州办发〔2019〕4号"],
    "依据县委办县政府办县办发〔2020〕2号":
        ["县办发〔2020〕2号"],
    "根据区委区政府区委发〔2021〕8号":
        ["区委发〔2021〕8号"],
    # a party committee's own code (市发, 县发) after the joint issuers' names
    "市委市政府市发〔2021〕8号":
        ["市发〔2021〕8号"],
    "县委县政府县发〔2021〕8号":
        ["县发〔2021〕8号"],
    # an organ's 公告/通告 series keeps the organ's name (its own page writes it whole)
    "根据国家税务总局公告〔2018〕第28号规定":
        ["国家税务总局公告〔2018〕28号"],
    "中国人民银行公告〔2018〕7号":
        ["中国人民银行公告〔2018〕7号"],
    "某某市人民政府通告〔2020〕1号":
        ["某某市人民政府通告〔2020〕1号"],
    "国家税务总局税总发〔2018〕28号":
        ["税总发〔2018〕28号"],
    # a serial some pages write with 第 is the number's serial
    "黔府发〔2018〕第7号文件规定":
        ["黔府发〔2018〕7号"],
    "国家药监局公告〔2021〕第 20 号规定的事项":
        ["国家药监局公告〔2021〕20号"],
    # a place whose name opens with 和, its own code repeating that head: the code starts at it
    "吉林省和龙市和龙政发〔2019〕1号":
        ["和龙政发〔2019〕1号"],
    "根据吉林省和龙市和龙政发〔2019〕1号文件":
        ["和龙政发〔2019〕1号"],
    "和龙市和龙政办发〔2019〕1号":
        ["和龙政办发〔2019〕1号"],
    # a 和 between a place and another code still joins
    "吉林省和国发〔2019〕1号":
        ["国发〔2019〕1号"],
    # an organ's character inside a place's name (南部县's 部, 东部新区's 部) ends no organ: the code
    # after it is the place's; a place's own code after its name or its organ's opens with its head
    "根据南部县政发〔2020〕1号":
        ["南部县政发〔2020〕1号"],
    "根据南部县府发〔2020〕1号":
        ["南部县府发〔2020〕1号"],
    "根据东部新区政发〔2020〕1号":
        ["东部新区政发〔2020〕1号"],
    "根据南部县委南委发〔2020〕1号":
        ["南委发〔2020〕1号"],
    "四川省南部县南府发〔2020〕1号":
        ["南府发〔2020〕1号"],
    "东部新区党工委东委发〔2020〕1号":
        ["东委发〔2020〕1号"],
    "南部县委县政办发〔2020〕1号":
        ["县政办发〔2020〕1号"],
    # an organ the place grammar reads as a place (管委会区) names no place whose code follows
    "西部新区管委会区管发〔2020〕1号":
        ["西部新区管委会区管发〔2020〕1号"],
    # an organ's series starts at its name: the words before it are the sentence's
    "此前国家税务总局公告〔2018〕28号规定":
        ["国家税务总局公告〔2018〕28号"],
    "自即日起国家税务总局公告〔2018〕28号停止执行":
        ["国家税务总局公告〔2018〕28号"],
    "此前中国人民银行公告〔2018〕7号":
        ["中国人民银行公告〔2018〕7号"],
    "经研究湖南省人民政府通告〔2020〕1号":
        ["湖南省人民政府通告〔2020〕1号"],
    "国家税务总局湖南省税务局公告〔2018〕1号":
        ["国家税务总局湖南省税务局公告〔2018〕1号"],
    # a 第 serial with 令 after it is an order's, no 文号
    "根据商务部〔2019〕第1号令":
        [],
    "省政府〔2019〕第3号 令":
        [],
    # the organ's own spelling of its 公告 series: the year with 年, the serial with 第 — the same number
    # as its bracketed spelling
    "根据国家税务总局公告2019年第1号规定":
        ["国家税务总局公告〔2019〕1号"],
    "海关总署公告2020年第 5 号":
        ["海关总署公告〔2020〕5号"],
    "此前国家税务总局公告2018年第28号规定的事项":
        ["国家税务总局公告〔2018〕28号"],
    "《关于…的公告》（国家税务总局公告2019年第1号）":
        ["国家税务总局公告〔2019〕1号"],
    # joint organs, apart, with 、 or together: one series, keyed without what stands between them
    "财政部 税务总局公告2019年第13号":
        ["财政部税务总局公告〔2019〕13号"],
    "依据财政部、税务总局公告2019年第13号":
        ["财政部税务总局公告〔2019〕13号"],
    "财政部　税务总局　海关总署公告2019年第39号":
        ["财政部税务总局海关总署公告〔2019〕39号"],
    "根据财政部税务总局公告2019年第13号":
        ["财政部税务总局公告〔2019〕13号"],
    # written with 年 and 第 it is a citation only after an organ that numbers its 公告 so: after a
    # sentence's word (特此公告, 本公告, 发布公告, 本局公告) or an organ no list knows it is none
    "发布公告2019年第1号":
        [],
    "本公告2019年第1号自发布之日起施行":
        [],
    "特此公告。 公告2019年第1号":
        [],
    "根据本局公告2019年第1号":
        [],
    "按照上述公告2019年第1号":
        [],
    "第一条 本办法由市财政局 公告2019年第1号":
        [],
    # joint organs only from that list: the one organ it knows is the number's
    "按照全国人大常委会、国家税务总局公告2019年第1号":
        ["国家税务总局公告〔2019〕1号"],
    "各县区人民政府、市直各部门：国家税务总局公告2019年第1号":
        ["国家税务总局公告〔2019〕1号"],
    "中华人民共和国海关总署公告2020年第5号":
        ["中华人民共和国海关总署公告〔2020〕5号"],
    "国家税务总局公告2019年第1号和2020年3月1日的通知":
        ["国家税务总局公告〔2019〕1号"],
    # a 公告 dated, not numbered, is none; a list of two organs' numbers is two
    "特此公告2019年12月1日":
        [],
    "国家税务总局公告2018年第28号、海关总署公告2020年第5号":
        ["国家税务总局公告〔2018〕28号", "海关总署公告〔2020〕5号"],
    # a league's 盟委 and 行署 (its 行政公署) are the joint issuers: the code after them is theirs, with
    # or without the league's name before them
    "根据盟委行署兴发〔2019〕3号文件":
        ["兴发〔2019〕3号"],
    "兴安盟委行署兴发〔2019〕3号":
        ["兴发〔2019〕3号"],
    "盟行署兴署发〔2019〕3号":
        ["兴署发〔2019〕3号"],
    "兴安盟行政公署兴署发〔2019〕3号":
        ["兴署发〔2019〕3号"],
    # 和县 (安徽) is a place: right after a lead-in, its 和 is no connective (和州 is none: 学习领会和州政发 above)
    "根据和县政发〔2020〕5号":
        ["和县政发〔2020〕5号"],
    "按照和县政办〔2020〕5号":
        ["和县政办〔2020〕5号"],
    # a place's own code after a committee's short name (as 州委州政发): 和平区's
    "认真贯彻落实省委和平区政发〔2020〕1号":
        ["和平区政发〔2020〕1号"],
    # 和县 is read only where no connective can stand (right after a lead-in, opening the text): after a
    # word, an organ, a number or a title its 和 joins that to the number
    "县委和县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    "市委、市政府和县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    "国发〔2019〕2号和县政发〔2020〕1号":
        ["国发〔2019〕2号", "县政发〔2020〕1号"],
    "贯彻落实会议精神和县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    "根据市政府文件和县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    "根据《通知》和县政发〔2020〕1号文件":
        ["县政发〔2020〕1号"],
    "根据省政府和县政发〔2020〕1号":
        ["县政发〔2020〕1号"],
    "和县政发〔2020〕1号":
        ["和县政发〔2020〕1号"],
}


@pytest.mark.parametrize(("text", "numbers"), [
    # a lead-in word before the number leaves none of itself in the code: 及时 opens with 及, yet the
    # 将 after it marks the number as the object of the verb that follows
    ("请各地区及时将国发〔2020〕1号文件精神传达到基层。", ["国发〔2020〕1号"]),
    ("各单位要及时将国办发〔2021〕3号落实情况报送。", ["国办发〔2021〕3号"]),
    ("请尽快将南湖府发〔2019〕3号执行情况书面报告市政府。", ["南湖府发〔2019〕3号"]),
    ("各地要及时对国发〔2020〕1号执行情况进行评估。", ["国发〔2020〕1号"]),
    ("请及早对国办发〔2021〕3号落实情况开展自查。", ["国办发〔2021〕3号"]),
    ("请及时将即政发〔2020〕1号转发至各街道。", ["即政发〔2020〕1号"]),
    ("各地要把国办发〔2021〕3号文件落到实处。", ["国办发〔2021〕3号"]),
    ("现将国发〔2020〕1号转发给你们", ["国发〔2020〕1号"]),
    ("特将国发〔2020〕1号予以废止", ["国发〔2020〕1号"]),
    ("并将国发〔2020〕1号同时废止", ["国发〔2020〕1号"]),
    ("请对照国发〔2020〕1号逐项自查", ["国发〔2020〕1号"]),
    ("对于国发〔2020〕1号未作规定的事项", ["国发〔2020〕1号"]),
    ("现将与国发〔2020〕1号配套的实施细则印发", ["国发〔2020〕1号"]),
    ("与及国发〔2020〕1号", ["国发〔2020〕1号"]),
    # a code or place that opens with the marker keeps it: after a lead-in, opening the run, a place
    ("根据将政发〔2020〕1号", ["将政发〔2020〕1号"]),
    ("将政发〔2020〕1号", ["将政发〔2020〕1号"]),
    ("及时将将乐县政发〔2020〕1号文件印发", ["将乐县政发〔2020〕1号"]),
    # a lead-in verb (学习, 传达, 领会, 参见…) and its complement 好 are the sentence's, whatever head
    # the code has (长沙's 长政发 and 贵港市港北区's 港北政发 are known to no list)
    ("各级各部门要认真学习长政发〔2023〕5号文件精神，结合实际抓好落实。", ["长政发〔2023〕5号"]),
    ("区直各单位要认真学习港北政发〔2022〕3号，切实做好相关工作。", ["港北政发〔2022〕3号"]),
    ("各县市区要落实好湘政发〔2021〕8号文件规定的各项任务。", ["湘政发〔2021〕8号"]),
    ("各乡镇要及时传达长政办发〔2020〕12号精神。", ["长政办发〔2020〕12号"]),
    ("具体标准参见南府办发〔2019〕7号。", ["南府办发〔2019〕7号"]),
    ("要执行好港北政办发〔2021〕4号的各项规定。", ["港北政办发〔2021〕4号"]),
    ("要结合昆政办〔2008〕114号文件抓好落实。", ["昆政办〔2008〕114号"]),
    ("各单位要认真组织实施厦府办〔2005〕312号文件。", ["厦府办〔2005〕312号"]),
])
def test_a_lead_in_word_leaves_none_of_itself_in_the_code(text, numbers):
    _assert_codes(text, numbers)


@pytest.mark.parametrize(("text", "numbers"), _CODES_IN_CONTEXT.items())
def test_the_code_starts_where_its_own_shape_does(text, numbers):
    _assert_codes(text, numbers)


@pytest.mark.parametrize(("text", "key"), [
    # the words before an order are read by the 文号's grammar: a connective 与/及 is the sentence's
    ("与国务院令第1号不一致的，以本办法为准。", "国务院令第1号"),
    ("《某某通知》及财政部令第85号同时废止。", "财政部令第85号"),
    ("依据《中华人民共和国海关总署令》与交通运输部令第12号", "交通运输部令第12号"),
    ("对照国务院令第1号逐条清理", "国务院令第1号"),
    ("请及时将南湖市人民政府令第3号的执行情况上报", "南湖市政府令第3号"),
    # an organ's own 和, and 对 of its name, stay
    ("根据国家发展和改革委员会令第1号", "国家发展和改革委员会令第1号"),
    ("中华人民共和国对外贸易经济合作部令2001年第1号", "对外贸易经济合作部令2001年第1号"),
])
def test_an_order_keeps_none_of_the_sentences_words(text, key):
    [(found, start, end)] = find_order_numbers(text)
    assert found == key
    # the number as cited keys as the document's own does
    assert number_key(text[start:end]) == key
    assert number_key(key) == key


@pytest.mark.parametrize(("written", "key"), [("与国务院令第1号", "国务院令第1号"), ("及财政部令第85号", "财政部令第85号")])
def test_a_cited_orders_key_is_the_cited_documents(written, key):
    assert number_key(written) == key


@pytest.mark.parametrize(("text", "keys"), [
    ("国务院令第2号或国务院令第1号", ["国务院令第2号", "国务院令第1号"]),
    ("《某某通知》暨财政部令第85号同时废止。", ["财政部令第85号"]),
])
def test_an_orders_or_and_ji_are_the_sentences(text, keys):
    assert [key for key, _, _ in find_order_numbers(text)] == keys


def test_a_reference_by_number_after_unknown_words_names_the_cited_number() -> None:
    # what lineage reads: the reference's 文号 is the code as its document carries it
    assert [ref.doc_number for ref in references("认真抓好国发〔2017〕35号或国办发〔2018〕1号文件的贯彻落实。")] == [
        "国发〔2017〕35号", "国办发〔2018〕1号"]


@pytest.mark.parametrize(("text", "key"), [
    ("根据商务部〔2019〕第1号令", "商务部令2019年第1号"),
    ("省政府〔2019〕第3号令", "省政府令2019年第3号"),
    ("南湖市人民政府〔2019〕第3号令", "南湖市政府令2019年第3号"),
])
def test_a_di_serial_with_ling_after_it_is_an_order_only(text, key):
    # read once, as the order it is: no 文号 beside it, keyed and written as an order
    assert [found for found, _, _ in find_order_numbers(text)] == [key]
    assert _codes(text) == []
    assert [ref.doc_number for ref in references(text)] == [key]
    written = text.removeprefix("根据")
    assert number_key(written) == key
    assert written_number(written) == written


def test_a_heading_di_serial_with_ling_is_the_documents_order_number() -> None:
    meta = from_text("南湖市人民政府〔2019〕第3号令\n南湖市城市绿化管理办法\n第一条 为加强管理，制定本办法。\n")
    assert meta.doc_number == "南湖市人民政府〔2019〕第3号令"



def test_a_pages_own_series_number_keys_as_its_citations_do() -> None:
    # the organ's spelling, the bracketed one and joint organs apart key alike; written without its
    # organ in the page's own 文号 field, as its bracketed spelling does (no issuer glued on)
    assert number_key("国家税务总局公告2019年第1号") == number_key("国家税务总局公告〔2019〕1号") == "国家税务总局公告〔2019〕1号"
    assert number_key("财政部 税务总局公告2019年第13号", "财政部") == "财政部税务总局公告〔2019〕13号"
    assert number_key("公告2019年第1号", "国家税务总局") == number_key("公告〔2019〕1号") == "公告〔2019〕1号"


@pytest.mark.parametrize(("number", "key"), [("公告2019年第1号", "公告〔2019〕1号"), ("公告〔2019〕1号", "公告〔2019〕1号"),
                                           ("通告2020年第3号", "通告〔2020〕3号")])
def test_a_series_number_without_its_organ_keys_as_written_whoever_holds_it(number: str, key: str) -> None:
    # another organ cites and repeals it (a bureau citing the government's 公告〔2019〕1号) and a
    # clean-up table's row reads no issuer: one key, never the holder's name glued on, never nothing
    assert number_key(number) == number_key(number, "南湖县应急管理局") == number_key(number, "国家税务总局") == key
    assert numbers_agree(number_key(number), number_key(key))
    assert not numbers_agree("", "")  # two numbers keying nothing name nothing


@pytest.mark.parametrize(("text", "numbers"), [
    ("国家税务总局公告2019年第1号和2020年第3号", ["国家税务总局公告〔2019〕1号", "国家税务总局公告〔2020〕3号"]),
    ("财政部 税务总局公告2019年第13号、2019年第39号及2020年第8号",
     ["财政部税务总局公告〔2019〕13号", "财政部税务总局公告〔2019〕39号", "财政部税务总局公告〔2020〕8号"]),
])
def test_the_numbers_listed_after_a_series_number_are_its_organs(text: str, numbers: list[str]) -> None:
    # the organ is named once before its list (its span: the number as listed, 2020年第3号)
    assert _codes(text) == numbers
