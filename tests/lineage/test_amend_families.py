"""The shipped families: the text derived from each decision equals the republished text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policywatch.diffing import segment
from policywatch.grammar import WIDTH_FOLD
from policywatch.lineage.amend_parse import parse_decision
from policywatch.normalize import display_lines
from policywatch.pipeline.amendments import check_consistency, consolidate, display_text

DATA = Path(__file__).parent.parent / "data" / "amend"
FAMILIES = [
    ("ningchuan_voucher_2021.txt", "ningchuan_voucher_decision_2024.txt", "ningchuan_voucher_2024.txt", 13),
    ("ningchuan_river_2019.txt", "ningchuan_river_amendment_2023.txt", "ningchuan_river_2023.txt", 6),
    ("ningchuan_archives_2012.txt", "ningchuan_archives_decision_2016.txt", "ningchuan_archives_2016.txt", 8),
    ("holidays_2007.txt", "holidays_decision_2013.txt", "holidays_2013.txt", 1),
    ("illegal_practice_2008.txt", "illegal_practice_decision_2016.txt", "illegal_practice_2016.txt", 3),
    # real 刑法修正案（十一） excerpt: 之一 and 之二 articles added, one after an 之一 article
    ("criminal_2017_excerpt.txt", "criminal_amendment_11_2020_excerpt.txt", "criminal_2020_excerpt.txt", 7),
    # real 2017 NPC decision amending two laws, on the 计量法's 2015 text (README): an article added
    # in a 章 named alone, a clause deleted with its comma, numbers moved on without 条文顺序…调整
    ("metrology_2015.txt", "metrology_decision_2017.txt", "metrology_2017.txt", 9),
]


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("target", "decision", "republished", "instructions"), FAMILIES)
def test_decision_gives_the_republished_text(target: str, decision: str, republished: str, instructions: int) -> None:
    result = consolidate(_read(decision), _read(target))
    assert [n.instruction for n in result.not_applied] == []
    assert len(result.applied) == instructions
    assert check_consistency(result.text, _read(republished)).is_empty
    # and the target itself is not the republished text: the check can fail
    assert not check_consistency(_read(target), _read(republished)).is_empty


def test_voucher_decision_renumbers_and_follows_references() -> None:
    result = consolidate(_read("ningchuan_voucher_decision_2024.txt"), _read("ningchuan_voucher_2021.txt"))
    assert result.renumbered
    assert result.document == "宁川市科技创新券管理办法"
    assert "第十四条 服务机构违反本办法第八条规定的" in result.text
    assert "市科技局" not in result.text
    effects = [e for a in result.applied for e in a.effects]
    assert "deleted 第八条" in effects
    assert any("“市科技局” → “市科学技术局” (9 occurrences)" in e for e in effects)


def test_amendment_keeps_numbers_with_zhi_articles() -> None:
    result = consolidate(_read("ningchuan_river_amendment_2023.txt"), _read("ningchuan_river_2019.txt"))
    assert not result.renumbered
    lines = result.text.splitlines()
    starts = [line.split(" ", 1)[0] for line in lines if line.startswith("第") and "条" in line.split(" ", 1)[0]]
    assert starts == ["第一条", "第二条", "第三条", "第三条之一", "第四条", "第五条", "第六条", "第七条", "第八条",
                      "第八条之一", "第八条之二", "第九条", "第十条"]


def test_the_2024_holidays_decision_on_the_2013_text() -> None:
    """The real 国务院令第795号: two 项 replaced in one instruction, quoted without their ；, and an
    article added as 第七条, so the old 第七条 becomes 第八条."""
    result = consolidate(_read("holidays_decision_2024.txt"), _read("holidays_2013.txt"))
    assert [n.instruction for n in result.not_applied] == [] and len(result.applied) == 2
    lines = result.text.splitlines()
    assert "（二）春节，放假4天（农历除夕、正月初一至初三）；" in lines
    assert "（四）劳动节，放假2天（5月1日、2日）；" in lines
    assert lines[-2].startswith("第七条 全体公民放假的假日，可合理安排统一放假调休")
    assert lines[-1] == "第八条 本办法自公布之日起施行。"


def test_a_misread_decision_shows_in_the_consistency_check() -> None:
    decision = _read("ningchuan_river_amendment_2023.txt").replace("“二万元以上十万元以下”", "“三万元以上十万元以下”")
    result = consolidate(decision, _read("ningchuan_river_2019.txt"))
    changes = check_consistency(result.text, _read("ningchuan_river_2023.txt"))
    assert [(c.kind.value, c.new_path) for c in changes.changes] == [("modified", "第七条")]


def _folded(text: str) -> str:
    return "".join(text.split()).translate(WIDTH_FOLD)


def test_the_2013_consumer_decision_is_read_whole_and_matches_its_republished_text() -> None:
    """The real NPC decision amending the 消费者权益保护法 (2013): 31 numbered items over 59
    instructions, with new numbers spelled out for articles, 款 and 项, a 款 turned into an
    article, two mergers, 相应地 and unnumbered lines about the article named last. The text
    before it is not shipped (none found to ship), so each instruction is checked against the
    republished text: its quotations are in it, and an article it numbers anew holds them."""
    decision = parse_decision(_read("consumer_decision_2013.txt"))
    assert [i.text for i in decision.instructions if i.error] == []
    assert len(decision.instructions) == 59
    assert decision.documents == ["中华人民共和国消费者权益保护法"]
    assert decision.renumber == {"中华人民共和国消费者权益保护法"}
    republished = _read("consumer_2013.txt")
    folded = _folded(republished)
    tree = segment("\n".join(display_lines(republished)))
    articles = {c.number: _folded(c.text.split(" ", 1)[1]) for c in tree if c.family == "article"}
    assert len(articles) == 63 and sorted(articles) == list(range(1, 64))
    numbered = 0
    for instruction in decision.instructions:
        renumbered = {}
        for op in instruction.ops:
            for line in op.new.splitlines():  # every quoted paragraph is in the republished text
                assert _folded(line).rstrip("。；;") in folded, (instruction.text, line)
            written = [a for a in op.as_addresses if a.paragraph is None and a.item is None]
            if op.action == "relabel_unit" and written:
                renumbered[op.addresses[0].article] = written[0].article
            elif op.action == "insert_unit" and op.unit == "条":  # 增加一条，作为第N条：“……”
                assert articles[written[0].article] == _folded(op.new.splitlines()[0]), instruction.text
                numbered += 1
            elif op.action == "replace_unit" and not op.addresses[0].paragraph and not op.addresses[0].item:
                new_number = renumbered.get(op.addresses[0].article) or (written[0].article if written else None)
                if new_number:  # 将第二十六条改为第三十条，修改为：“……”
                    assert articles[new_number] == _folded(op.new.splitlines()[0]), instruction.text
                    numbered += 1
    assert numbered == 19  # 11 articles added (one of them a former 款), 8 renumbered or merged


def test_the_2018_zhengzhou_decision_amending_ten_regulations_is_read_part_by_part() -> None:
    """The real 郑州市人大常委会关于修改部分地方性法规的决定 (2018), as published with its 公告:
    ten regulations, each part headed `一、对《…》作出修改`, 27 numbered items over 38
    instructions, with 项-level phrase edits on unnumbered lines (`将第六项中的…`), a list of
    deletions (`删去第二十三条、…、第四十条第一款`), `将第三十七条修改，作为第三十八条，删去第一项、
    第二项` then `将第四项改为第二项，将其中的…` and `内容修改为：`, and `将全文中的…`. The
    regulations' texts were not found to ship, so the test checks what the decision says: every
    instruction is read and belongs to its part, except one whose place is not written (`增加“…”`
    after a replaced phrase, with no anchor), which is reported, not guessed."""
    decision = parse_decision(display_text(_read("zhengzhou_decision_2018.txt")))
    assert len(decision.documents) == 10
    assert decision.documents[2] == "郑州市市区滨河公园建设管理条例" and not decision.renumber
    per_part = [sum(i.document == d for i in decision.instructions) for d in decision.documents]
    assert per_part == [12, 2, 5, 6, 2, 2, 1, 3, 2, 3]
    unread = [i.text for i in decision.instructions if i.error]
    assert len(unread) == 1 and unread[0].startswith("4．将第六十二条第一项")
    park = [i for i in decision.instructions if i.document == "郑州市市区滨河公园建设管理条例"]
    assert [op.action for op in park[1].ops] == ["relabel_unit", "delete_unit"]
    assert [(a.article, a.item) for a in park[1].ops[1].addresses] == [(37, 1), (37, 2)]
    assert [op.action for op in park[3].ops] == ["relabel_unit", "replace_unit"]
    assert park[3].ops[1].addresses[0].item == 9 and park[3].ops[1].new == "在河道内漂洗脏物的，处以二十元以上一百元以下罚款"
    audit = next(i for i in decision.instructions if i.text.startswith("16．"))
    assert audit.ops[0].new.splitlines()[1].startswith("（一）全部使用预算内投资资金")


def test_the_twelfth_criminal_law_amendment_replaces_whole_articles_in_a_code() -> None:
    """The real 刑法修正案（十二） (2023) on an excerpt of the 刑法 it produced (编, 章, 节, 之一
    articles; tests/data/amend/README.md): `在刑法第一百六十五条中增加一款作为第二款，将该条修改为：
    “……”` replaces the whole article (the 增加一款 only says what the new text brings), next to
    `将刑法第三百八十七条第一款修改为` and whole articles of several paragraphs and items. The text
    before it was not found to ship: the excerpt with the added 款 taken out stands for it, and
    the amendment must give the code back."""
    code = _read("criminal_2023_excerpt.txt")
    result = consolidate(_read("criminal_amendment_12_2023.txt"), code)
    assert [n.instruction for n in result.not_applied] == [] and len(result.applied) == 7
    assert [list(a.effects) for a in result.applied][:4] == [["replaced 第一百六十五条"], ["replaced 第一百六十六条"],
                                                       ["replaced 第一百六十九条"], ["replaced 第三百八十七条第一款"]]
    assert check_consistency(result.text, code).is_empty and not result.renumbered
    added = ("其他公司、企业的董事、监事、高级管理人员违反法律、行政法规规定，实施前款行为，致使公司、企业利益遭受重大损失的，依照前款的规定处罚。",
             "其他公司、企业直接负责的主管人员，徇私舞弊，将公司、企业资产低价折股或者低价出售，致使公司、企业利益遭受重大损失的，依照前款的规定处罚。")
    before = "\n".join(line for line in code.splitlines() if line not in added)
    assert not check_consistency(before, code).is_empty
    result = consolidate(_read("criminal_amendment_12_2023.txt"), before)
    assert len(result.applied) == 7 and check_consistency(result.text, code).is_empty


def test_a_court_decision_names_its_document_by_a_short_title_and_renumbers() -> None:
    """The real 2016 decision amending the 非法行医 司法解释: `对最高人民法院《…解释》（法释〔2008〕5号，
    以下简称《解释》）作如下修改`, instructions naming 《解释》 and `作为修改后《解释》第四条`, inner
    quotes written ‘…’, and `对《解释》作相应修改并调整条文顺序后，重新公布` (renumber)."""
    result = consolidate(_read("illegal_practice_decision_2016.txt"), _read("illegal_practice_2008.txt"))
    assert result.document == "关于审理非法行医刑事案件具体应用法律若干问题的解释" and result.renumbered
    assert result.skipped == 0
    assert "第六条 本解释所称“医疗活动”“医疗行为”" in result.text and "‘" not in result.text
    assert "第五条 实施非法行医犯罪" in result.text and "个人未取得" not in result.text


def test_a_decision_that_names_the_old_and_the_new_numbering_applies_in_order() -> None:
    """A variant: the real 2018 decision amending the 信用卡 司法解释 (its base text was not found to
    ship), on an eight-article stand-in: `将《解释》原第六条修改为`, five `增加一条，作为《解释》第七条…`
    whose numbers stand (the later articles move on), `将《解释》原第七条改为修改后《解释》第十二条`."""
    stand_in = "\n".join(["示范解释", *(f"第{n}条 第{n}条的原文。" for n in "一二三四五六七八")])
    result = consolidate(_read("credit_card_decision_2018.txt"), stand_in)
    assert not result.not_applied and len(result.applied) == 8
    assert result.document == "最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释"
    starts = [line.split(" ", 1)[0] for line in result.text.splitlines() if line.startswith("第")]
    assert starts == [f"第{n}条" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一",
                                          "十二", "十三")]
    assert "第十二条 第七条的原文。" in result.text and "第十三条 单位实施本解释规定的行为" in result.text
    assert "应当认定为本解释第六条规定的“有效催收”" in result.text


def test_the_eleventh_criminal_law_amendment_adds_zhi_articles_after_zhi_articles() -> None:
    """The real 刑法修正案（十一） (2020), its first seven items as the law database prints them
    (no item numbers, one paragraph a line): `在刑法第一百三十三条之一后增加一条，作为第一百三十三条之二`
    goes after an 之一 article, `作为第一百三十四条之一` after its article; no number moves."""
    result = consolidate(_read("criminal_amendment_11_2020_excerpt.txt"), _read("criminal_2017_excerpt.txt"))
    assert [n.instruction for n in result.not_applied] == [] and not result.renumbered
    labels = [line.split(" ", 1)[0] for line in result.text.splitlines() if line.startswith("第一百")]
    assert labels == ["第一百三十三条之一", "第一百三十三条之二", "第一百三十四条", "第一百三十四条之一",
                      "第一百三十五条", "第一百四十一条", "第一百四十二条", "第一百四十二条之一", "第一百四十三条"]
    assert [list(a.effects) for a in result.applied][1:4] == [["added 第一百三十三条之二"],
                                                        ["replaced 第一百三十四条第二款"], ["added 第一百三十四条之一"]]


def _articles(text: str) -> dict[str, str]:
    """Article label → its lines, widths folded (the decision copy writes `,` and `(一)`)."""
    out: dict[str, list[str]] = {}
    label = ""
    for line in text.splitlines():
        head = line.split(" ", 1)[0]
        if head.startswith("第") and head.endswith("条"):
            label = head
            out[label] = []
        elif head.startswith("第") and head[-1] in "章节编":
            label = ""
        if label:
            out[label].append(line.translate(WIDTH_FOLD))
    return {k: "\n".join(v) for k, v in out.items()}


def test_the_2024_accounting_decision_sets_a_kuan_apart_as_an_article() -> None:
    """The real 2024 decision amending the 会计法, its items 一 to 五 (the copy found, with
    half-width punctuation; tests/data/amend/README.md) on the 2017 text: `将第八条第三款单列一条，
    作为第四十九条，修改为：“……”` (the 款 leaves 第八条 and stands as an article of its own), then
    `第八条增加一款，作为第三款` on the unnumbered next line, a merger and two replacements. Each
    article it writes reads as the 2024 text has it."""
    result = consolidate(_read("accounting_decision_2024_excerpt.txt"), _read("accounting_2017.txt"))
    assert [n.instruction for n in result.not_applied] == [] and len(result.applied) == 6
    assert list(result.applied[1].effects) == ["deleted 第八条第三款", "added 第四十九条"]
    derived, republished = _articles(result.text), _articles(_read("accounting_2024_excerpt.txt"))
    for label in ("第二条", "第八条", "第十条", "第二十三条"):
        assert derived[label] == republished[label], label
    assert derived["第二十条"].splitlines()[1] == republished["第二十条"].splitlines()[1]
    assert republished["第四十九条"] in derived.values()
    assert "总后勤部" not in result.text and result.renumbered  # 第四十九条 was taken: the rest move on


def test_an_article_made_two_restating_its_verb_reads_as_republished() -> None:
    """The real 2023 decision amending the 立法法, its items 一 to 四 (tests/data/amend/README.md)
    on the 2015 text (tests/data/statutes/legislation.old.txt): `将第三条改为两条,作为第三条第四条,
    修改为:“第三条…“第四条…”` (the verb said again after the new places, written without the 、
    between them as the copy prints it, the two articles quoted with their labels glued to their text), a renumbered article replaced, a first 款 added, an
    article inserted. 第一章 then reads as the republished text has it, article by article."""
    statutes = DATA.parent / "statutes"
    result = consolidate(_read("legislation_decision_2023_excerpt.txt"),
                         (statutes / "legislation.old.txt").read_text(encoding="utf-8"))
    assert [n.instruction for n in result.not_applied] == [] and len(result.applied) == 4
    assert list(result.applied[0].effects) == ["replaced 第三条 with 2 articles"]
    derived = _articles(result.text)
    republished = _articles((statutes / "legislation.new.txt").read_text(encoding="utf-8"))
    for label in ("第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条", "第八条"):
        assert derived[label] == republished[label], label


def test_a_decision_amending_several_documents_says_which_it_found() -> None:
    """The real 郑州 decision amends ten regulations: applied to one of them, only its part is
    applied, the other parts' instructions are counted as skipped, and the result lists the ten
    titles it found (`documents` in the JSON output), the target's among them."""
    park = "郑州市市区滨河公园建设管理条例"
    stand_in = f"{park}\n第一条 为了加强滨河公园的建设和管理，制定本条例。"
    result = consolidate(_read("zhengzhou_decision_2018.txt"), stand_in)
    assert len(result.documents) == 10 and result.document == park == result.documents[2]
    assert result.skipped == 38 - 5 and len(result.applied) + len(result.not_applied) == 5
    assert result.to_dict()["documents"][0] == "郑州市大气污染防治条例"


def test_the_2024_statistics_decision_on_the_2009_text_reads_as_republished() -> None:
    """The real 2024 decision amending the 统计法, its items 一 to 四 (the copy found, with
    half-width punctuation; tests/data/amend/README.md) on the full 2009 text: an article
    replaced, a first 款 added, an article of two 款 replaced, and `增加一条，作为第六条` where a
    第六条 stands (the old 第六条 and the ones after it move on; item 五, where the copy stops,
    spells it out: `将第六条改为第七条`). 第一条 to 第六条 then read as the 2024 text has them, and the old
    第六条 stands as 第七条 with its first 款 as republished (its second is item 五's, not shipped)."""
    result = consolidate(_read("statistics_decision_2024_excerpt.txt"), _read("statistics_2009.txt"))
    assert [n.instruction for n in result.not_applied] == [] and len(result.applied) == 4
    assert [list(a.effects) for a in result.applied] == [
        ["replaced 第一条"], ["added 1 款 to 第三条"], ["replaced 第五条"], ["added 第六条"]]
    derived, republished = _articles(result.text), _articles(_read("statistics_2024_excerpt.txt"))
    for label in ("第一条", "第二条", "第三条", "第四条", "第五条", "第六条"):
        assert derived[label] == republished[label], label
    assert derived["第七条"].splitlines()[0] == republished["第七条"].splitlines()[0]
    assert derived["第八条"] == republished["第八条"] and "第五十一条" in derived  # 50 articles and one added
    # the law's own reference follows the one article added before it (本法第十二条 → 第十三条)
    assert "依照本法第十三条的规定" in derived["第十五条"]


@pytest.mark.parametrize(("title", "stand_in", "applied", "skipped", "reads"), [
    ("吉林省农作物种子条例",
     "第四十六条 县级以上人民政府农业主管部门应当加强对转基因种子的监督管理。\n"
     "第六十七条 违反本条例规定的，由省人民政府农业农村主管部门责令其停止生产经营，没收违法所得。",
     2, 2, "由县级以上人民政府农业农村主管部门责令其停止生产经营或者为种植者提供，没收违法所得。"),
    ("吉林省农业机械管理条例",
     "第二十八条 农业机械化主管部门应当履行下列职责：\n（一）宣传；\n（二）培训；\n（三）安全检查；\n（四）其他职责。",
     1, 3, "（三）在田间、场院进行农业机械安全生产监督检查；"),
    ("吉林省畜禽屠宰管理条例", "第三条 畜禽屠宰实行定点屠宰。\n前款所称鹿是指梅花鹿。",
     1, 3, "前款所称鹿是指《国家畜禽遗传资源目录》所载明的鹿。"),
])
def test_a_provincial_decision_amending_three_regulations_applies_each_part_to_its_own(
        title: str, stand_in: str, applied: int, skipped: int, reads: str) -> None:
    """The real 吉林 2021 decision (tests/data/amend/README.md): `一、对《X》作出修改` parts, the
    first with its instructions numbered `(一)` `(二)` in half-width brackets, the others with one
    unnumbered instruction each. The regulations' texts were not found to ship: each part is
    applied to a stand-in of the articles it names, and only that part."""
    result = consolidate(_read("jilin_decision_2021.txt"), f"{title}\n{stand_in}")
    assert [n.instruction for n in result.not_applied] == []
    assert (len(result.applied), result.skipped, result.document) == (applied, skipped, title)
    assert len(result.documents) == 3 and any(line.endswith(reads) for line in result.text.splitlines())


def test_the_2017_decision_on_two_laws_adds_an_article_to_the_chapter_it_names() -> None:
    """The real 2017 decision amending the 招标投标法 and the 计量法 (tests/data/amend/README.md),
    on the 计量法 of 2015: `第四章增加一条作为第十八条` puts the article at the head of 第四章, not
    after 第十七条 at the end of 第三章 (where the number alone would place it); the articles after it
    move on, and deleting 第二十二条 brings the later ones back to their numbers, as republished.
    `删去第九条第二款中的“…监督检查”` takes the comma before the clause with it. The 招标投标法 part's
    three instructions are read and skipped."""
    result = consolidate(_read("metrology_decision_2017.txt"), _read("metrology_2015.txt"))
    assert result.documents == ("中华人民共和国招标投标法", "中华人民共和国计量法")
    assert (result.document, result.skipped, len(result.applied)) == ("中华人民共和国计量法", 3, 9)
    lines = result.text.splitlines()
    chapter4 = lines.index("第四章 计量监督")
    assert lines[chapter4 + 1].startswith("第十八条 县级以上人民政府计量行政部门应当依法对制造")
    assert lines[chapter4 - 1].startswith("个体工商户制造、修理计量器具的范围")
    assert "对前款规定以外的其他计量标准器具和工作计量器具，使用单位应当自行定期检定或者送其他计量检定机构检定。" in lines
    assert any(line.startswith("第二十三条 制造、销售未经考核合格的计量器具新产品") for line in lines)


def test_the_2017_decision_applies_its_first_part_to_the_first_law() -> None:
    """The same decision's 招标投标法 part, on a stand-in of the three articles it names (the 1999
    text was not found to ship): a 项 deleted from a 款, a first 款 deleted, a phrase replaced."""
    stand_in = ("中华人民共和国招标投标法\n第十三条 招标代理机构是依法设立、从事招标代理业务的社会中介组织。\n"
                "招标代理机构应当具备下列条件：\n（一）有营业场所和相应资金；\n（二）有专业力量；\n（三）有专家库。\n"
                "第十四条 招标代理机构的资格由建设行政主管部门认定。\n招标代理机构与行政机关不得存在隶属关系。\n"
                "第五十条 招标代理机构违反本法规定的，处罚款；情节严重的，暂停直至取消招标代理资格；构成犯罪的，依法追究刑事责任。")
    result = consolidate(_read("metrology_decision_2017.txt"), stand_in)
    assert [n.instruction for n in result.not_applied] == []
    assert (result.document, result.skipped, len(result.applied)) == ("中华人民共和国招标投标法", 9, 3)
    lines = result.text.splitlines()
    assert "（二）有专业力量。" in lines and "（三）有专家库。" not in lines
    assert "第十四条 招标代理机构与行政机关不得存在隶属关系。" in lines
    assert any("情节严重的，禁止其一年至二年内代理依法必须进行招标的项目" in line for line in lines)


def test_the_2024_supervision_decision_adds_two_kuan_on_an_unnumbered_line() -> None:
    """The real 2024 decision amending the 监察法, its items 一 to 三 (the copy found, with
    half-width punctuation; tests/data/amend/README.md) on the 2018 text: two articles replaced,
    a first 款 replaced, then on the unnumbered next line `增加两款,作为第二款、第三款:“…“…”` (two
    paragraphs quoted, the second opening with “). 第一章 and 第二章 then read as republished
    but for 第十二条's last 款, which the rest of item 三 (where the copy stops) rewrites."""
    result = consolidate(_read("supervision_decision_2024_excerpt.txt"), _read("supervision_2018_excerpt.txt"))
    assert [n.instruction for n in result.not_applied] == [] and not result.renumbered
    assert [list(a.effects) for a in result.applied] == [
        ["replaced 第一条"], ["replaced 第五条"], ["replaced 第十二条第一款"], ["added 2 款 to 第十二条"]]
    derived, republished = _articles(result.text), _articles(_read("supervision_2024_excerpt.txt"))
    assert derived.keys() == republished.keys()
    for label in derived:
        if label != "第十二条":
            assert derived[label] == republished[label], label
    assert derived["第十二条"].splitlines()[:3] == republished["第十二条"].splitlines()[:3]
    changes = check_consistency(result.text, _read("supervision_2024_excerpt.txt")).changes
    assert [c.new_path for c in changes] == ["第二章/第十二条/第四款"]


def _article_texts(text: str) -> dict[str, list[str]]:
    """Article label → its lines without the label, widths folded: the 1994 国家赔偿法 glues some
    labels to their text (`第八条经复议…`), the republished text sets them apart."""
    out: dict[str, list[str]] = {}
    label = ""
    for line in text.splitlines():
        if m := re.match("第[一二三四五六七八九十百]+条", line):
            label = m.group()
            out[label] = [line[m.end():].strip()]
        elif re.match("第[一二三四五六七八九十]+[章节编]", line):
            label = ""
        elif label:
            out[label].append(line.translate(WIDTH_FOLD))
    return {k: [v.translate(WIDTH_FOLD) for v in lines] for k, lines in out.items()}


def test_the_2010_state_compensation_decision_on_the_1994_text() -> None:
    """The real 2010 decision amending the 国家赔偿法, its items 一 to 六 (the copy found, half-width
    `,` `:` `()`; tests/data/amend/README.md) on the 1994 text: two articles of two 款 replaced, two
    项 quoted `(三)…` without their ；, a 款 replaced, then `在第十二条中增加一款,作为第三款` and, on
    the unnumbered next line, `增加一款,作为第四款`. Every article they write reads as republished
    (第六条's first 款 is changed by a later item, not shipped)."""
    result = consolidate(_read("state_compensation_decision_2010_excerpt.txt"), _read("state_compensation_1994.txt"))
    assert [n.instruction for n in result.not_applied] == [] and not result.renumbered
    assert [list(a.effects) for a in result.applied] == [
        ["replaced 第二条"], ["replaced 第三条第（三）项"], ["replaced 第四条第（三）项"], ["replaced 第六条第三款"],
        ["replaced 第九条"], ["added 1 款 to 第十二条"], ["added 1 款 to 第十二条"]]
    derived = _article_texts(result.text)
    republished = _article_texts(_read("state_compensation_2010_excerpt.txt"))
    for label in ("第二条", "第三条", "第四条", "第九条", "第十二条"):
        assert derived[label] == republished[label], label
    assert derived["第六条"][2] == republished["第六条"][2]
    # the articles no item shipped here touches stand as the 1994 text has them
    assert derived["第十三条"] == _article_texts(_read("state_compensation_1994.txt"))["第十三条"]
