"""Decisions of many items, codes past 第九千九百九十九条, and 章 edits (renamed, added, deleted)."""

from __future__ import annotations

import re
from pathlib import Path

from policywatch.diffing import segment
from policywatch.grammar import format_chinese
from policywatch.pipeline.amendments import consolidate

DATA = Path(__file__).resolve().parents[1] / "data" / "amend"
STATISTICS = (DATA / "statistics_2009.txt").read_text(encoding="utf-8")
HEAD = "全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定\n" \
       "第十四届全国人民代表大会常务委员会第十一次会议决定对《中华人民共和国统计法》作如下修改：\n"


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"第[一二三四五六七八九十]+章", line)]


def _article(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.split(" ", 1)[0] == label)


def test_items_past_ten_and_chapter_edits_in_one_decision() -> None:
    # 十三 items, the later ones (五、 to 十三、) editing 章 and articles, as a 统计法-style decision does
    items = [
        "将第一条中的“统计资料”修改为“统计数据”。",
        "将第三章章名修改为“统计资料的管理、公布和共享”。",
        "在第二章后增加一章，作为第三章：“第三章　统计数据质量\n“第二十三条之一　统计机构应当建立统计数据质量控制体系。”",
        "删去第五章。",
        "将第六章的章名修改为：“法律责任与追究”。",
        "在第一章后增加一章：“第二章　统计信息化\n“第八条之一　国家加强统计信息化建设。”",
        "将第二条第一款修改为：“本法适用于各级人民政府、县级以上人民政府统计机构和有关部门组织实施的统计活动。”",
        "删去第十一条第二款。",
        "在第十二条后增加一条，作为第十二条之一：“第十二条之一　统计调查项目应当避免重复。”",
        "将第十九条中的“统计工作”修改为“统计工作和统计数据质量”。",
        "将第四十九条中的“民间统计调查活动”修改为“涉外统计调查活动”。",
        "将第二十条修改为：“第二十条　县级以上人民政府统计机构和有关部门统计调查取得的统计资料，应当及时公布。”",
        "删去第三十条第二款。",
    ]
    numbered = [f"{format_chinese(i)}、{text}" for i, text in enumerate(items, 1)]
    result = consolidate(HEAD + "\n".join(numbered) + "\n此外，对条文顺序作相应调整。\n本决定自2024年9月13日起施行。", STATISTICS)
    assert not result.not_applied, result.not_applied
    assert len(result.applied) == 13
    assert _headings(result.text) == [
        "第一章 总则", "第二章 统计信息化", "第三章 统计调查管理", "第四章 统计数据质量",
        "第五章 统计资料的管理、公布和共享", "第六章 统计机构和统计人员", "第七章 法律责任与追究", "第八章 附则"]
    assert "监督检查" not in result.text  # 第五章 and its articles are gone
    # renumbered: 第八条之一, after the whole 第一章 (第一条 to 第十条), is now 第十一条, the old 第十二条 (after it) 第十三条, its 之一 第十四条
    assert _article(result.text, "第十一条").endswith("国家加强统计信息化建设。")
    assert _article(result.text, "第十四条").endswith("统计调查项目应当避免重复。")
    assert sum(1 for line in result.text.splitlines() if re.match("第[一二三四五六七八九十]+条 ", line)) == 50 + 3 - 5  # 第五章 held five


def test_two_chapters_deleted_by_one_instruction() -> None:
    result = consolidate(HEAD + "一、删去第三章、第五章。\n二、将第七章章名修改为“附　则”。", STATISTICS)
    assert not result.not_applied, result.not_applied
    assert _headings(result.text) == ["第一章 总则", "第二章 统计调查管理", "第四章 统计机构和统计人员",
                                      "第六章 法律责任", "第七章 附 则"]


def _code(first: int, last: int) -> str:
    return "某法\n第一章 总则\n" + "\n".join(f"第{format_chinese(n)}条 规定{n}。" for n in range(first, last + 1))


def test_articles_past_ten_thousand_are_read_and_addressed() -> None:
    decision = "\n".join([
        "关于修改《某法》的决定",
        "一、将第一万零一条修改为：“第一万零一条　新规定。”",
        "二、删去第九千九百九十九条。",
        "三、在第一万零三条后增加一条，作为第一万零三条之一：“第一万零三条之一　增加的规定。”",
        "四、将第一万零五条中的“规定”修改为“条款”。",
    ])
    result = consolidate(decision, _code(9995, 10005))
    assert not result.not_applied, result.not_applied
    lines = result.text.splitlines()[2:]
    assert lines == [
        "第九千九百九十五条 规定9995。", "第九千九百九十六条 规定9996。", "第九千九百九十七条 规定9997。",
        "第九千九百九十八条 规定9998。", "第一万条 规定10000。", "第一万零一条 新规定。",
        "第一万零二条 规定10002。", "第一万零三条 规定10003。", "第一万零三条之一 增加的规定。",
        "第一万零四条 规定10004。", "第一万零五条 条款10005。"]


def test_income_tax_2011_items_written_like_the_law_and_tables_reported() -> None:
    # the real 2011 个人所得税法 decision: the law writes its 项 `一、…` (no brackets), which
    # 第三条第一项 and 第六条第一款第一项 address; its 税率表 items name no article: reported
    decision = (DATA / "income_tax_decision_2011.txt").read_text(encoding="utf-8")
    target = (DATA / "income_tax_2007_excerpt.txt").read_text(encoding="utf-8")
    result = consolidate(decision, target)
    assert [a.effects for a in result.applied] == [
        ("replaced 第三条第（一）项",), ("replaced 第六条第一款第（一）项",), ("第九条: “七日内” → “十五日内” (1 occurrence)",)]
    assert [n.instruction.split("、", 1)[0] for n in result.not_applied] == ["四", "五"]
    # each table report ends with the table's note (its sentence closed inside the bracket): the
    # decision's own closing line after it is no part of the instruction
    assert [n.instruction.splitlines()[-1][:4] for n in result.not_applied] == ["（注：本", "（注：本"]
    lines = result.text.splitlines()
    third = lines.index("第三条 个人所得税的税率：")
    assert lines[third + 1] == "一、工资、薪金所得，适用超额累进税率，税率为百分之三至百分之四十五（税率表附后）。"
    assert lines[third + 2].startswith("二、个体工商户")  # the other items keep their marks
    sixth = lines.index("第六条 应纳税所得额的计算：")
    assert lines[sixth + 1] == "一、工资、薪金所得，以每月收入额减除费用三千五百元后的余额，为应纳税所得额。"
    assert _article(result.text, "第九条").endswith("都应当在次月十五日内缴入国库，并向税务机关报送纳税申报表。")


def test_chapter_added_in_the_official_style_survives_line_unwrapping() -> None:
    # `作为第六章：“第六章　…` ends its line without punctuation: line unwrapping glues the next
    # quoted paragraph (“第五十一条…) to it; it is still the new 章's article, not a nested quotation
    decision = HEAD + "\n".join([
        "一、在第五章后增加一章，作为第六章：“第六章　统计监督与数据质量管理",
        "“第四十一条之一　国家构建系统完整、协同高效、约束有力、权威可靠的统计监督体系。",
        "“统计机构根据统计调查制度和经批准的计划安排，进行统计监督。”",
        "二、将第十四条中的“第十二条”修改为“第十三条”。",
    ])
    result = consolidate(decision, STATISTICS)
    assert not result.not_applied, result.not_applied
    lines = result.text.splitlines()
    at = lines.index("第六章 统计监督与数据质量管理")
    assert lines[at + 1] == "第四十一条之一 国家构建系统完整、协同高效、约束有力、权威可靠的统计监督体系。"
    assert lines[at + 2] == "统计机构根据统计调查制度和经批准的计划安排，进行统计监督。"
    assert lines[at + 3] == "第六章 法律责任"


def test_a_label_cited_in_quotation_marks_inside_a_new_article_is_no_new_paragraph() -> None:
    # `本法所称“第三条第一项所得”` cites a label inside the quoted article: only a label followed by
    # its text after a space opens the quotation's next paragraph. It was cut there, and the rest
    # (`是指…`) read as an unrecognized instruction.
    decision = HEAD + "\n".join([
        "一、在第五十条后增加一条，作为第五十条之一：“第五十条之一　本法所称“第七条第一款规定的统计资料”，"
        "是指统计调查取得的资料。”",
        "二、在第五章后增加一章，作为第六章：“第六章　附加“第四十一条之二　本章所称“第二节”，是指本法第二章。”",
    ])
    result = consolidate(decision, STATISTICS)
    assert not result.not_applied, result.not_applied
    assert _article(result.text, "第五十条之一") == (
        "第五十条之一 本法所称“第七条第一款规定的统计资料”，是指统计调查取得的资料。")
    lines = result.text.splitlines()
    at = lines.index("第六章 附加")
    assert lines[at + 1] == "第四十一条之二 本章所称“第二节”，是指本法第二章。"


def test_a_label_with_a_space_after_it_is_cited_when_the_quotation_around_it_closes_later() -> None:
    # `“第九条 规定”不在此列`: a cited label may be written with a space after it too; the quotation
    # around it still closes later on the line, where a paragraph's text closes that quotation (or
    # runs to the next paragraph's “, after a heading). It was cut into a paragraph of its own, and
    # so was one closed right before the sentence's ；or 。 (`符合“第九条 规定”；统计机构…。”`).
    cited = ("一、在第五十条后增加一条，作为第五十条之一：“第五十条之一　依照“第九条 规定”报送的资料不在此列。”\n"
             "二、在第五章后增加一章，作为第六章：“第六章　附加“第四十一条之二　本章所称“第二节 统计资料”，是指本法第二章。”\n"
             "五、将第四十八条修改为：“第四十八条　资料应当符合“第九条 规定”；统计机构应当公告“第七条 统计资料”。”\n")
    uncited = ("三、在第四十九条后增加两条，作为第四十九条之一、第四十九条之二：“第四十九条之一　新甲。“第四十九条之二　新乙”\n"
               "四、增加一章，作为第九章：“第九章　附加“第五十条之二　违反本法的，依法处理”")
    result = consolidate(HEAD + cited + uncited, STATISTICS)
    assert not result.not_applied, result.not_applied
    assert _article(result.text, "第五十条之一") == "第五十条之一 依照“第九条 规定”报送的资料不在此列。"
    lines = result.text.splitlines()
    at = lines.index("第六章 附加")
    assert lines[at + 1] == "第四十一条之二 本章所称“第二节 统计资料”，是指本法第二章。"
    assert _article(result.text, "第四十八条") == "第四十八条 资料应当符合“第九条 规定”；统计机构应当公告“第七条 统计资料”。"
    # but a quoted new article or heading whose text closes without a full stop (`“第四十九条之二　新乙”`
    # ending the instruction) is the quotation's next paragraph: read as a citation it left the
    # quotation unbalanced and the instruction unapplied
    at = lines.index("第四十九条之一 新甲。")
    assert lines[at:at + 2] == ["第四十九条之一 新甲。", "第四十九条之二 新乙"]
    assert lines[-2:] == ["第九章 附加", "第五十条之二 违反本法的，依法处理"]


def test_lines_under_a_heading_stay_under_it() -> None:
    # a copy's furniture or a title wrapped onto the next line, between a heading and its first
    # article, was moved to the top of the document; and under a quoted new 章 it was dropped
    target = "\n".join([
        "中华人民共和国公司法", "第十八条 外商投资的有限责任公司适用本法。", "第二章 有限责任公司的设立", "和组织机构",
        "[", "编辑", "]", "第一节 设立", "第十九条 设立有限责任公司，应当具备下列条件：", "（一）股东符合法定人数；",
        "（二）股东出资达到法定资本最低限额；", "第二十条 有限责任公司由二个以上五十个以下股东共同出资设立。"])
    decision = "\n".join([
        "关于修改《中华人民共和国公司法》的决定", "一、删去第十九条第二项。",
        "二、在第二章后增加一章：“第三章　附则", "“（本章适用于过渡期）", "“第二十一条　本法自公布之日起施行。”"])
    result = consolidate(decision, target)
    assert not result.not_applied, result.not_applied
    assert result.text.splitlines() == [
        "中华人民共和国公司法", "第十八条 外商投资的有限责任公司适用本法。", "第二章 有限责任公司的设立", "和组织机构",
        "[", "编辑", "]", "第一节 设立", "第十九条 设立有限责任公司，应当具备下列条件：", "（一）股东符合法定人数；",
        "第二十条 有限责任公司由二个以上五十个以下股东共同出资设立。",
        "第三章 附则", "（本章适用于过渡期）", "第二十一条 本法自公布之日起施行。"]


def test_renaming_a_chapter_replaces_its_title_wrapped_onto_the_next_lines() -> None:
    # `第二章 有限责任公司的设立` / `和组织机构`: the rename kept `和组织机构` under the new name; a
    # note or a copy's furniture under the heading is no part of the title and stays
    target = "\n".join([
        "中华人民共和国公司法", "第十八条 外商投资的有限责任公司适用本法。", "第二章 有限责任公司的设立", "和组织机构",
        "[", "编辑", "]", "第一节 设立", "第十九条 设立有限责任公司，应当具备下列条件：", "（一）股东符合法定人数；",
        "第三章 股份有限公司的", "设立和", "组织机构", "（本章根据2005年修订增加）", "第二十条 股份有限公司的设立。"])
    decision = "\n".join(["关于修改《中华人民共和国公司法》的决定", "一、将第二章章名修改为“有限责任公司”。",
                          "二、将第三章章名修改为“股份有限公司”。"])
    result = consolidate(decision, target)
    assert not result.not_applied, result.not_applied
    assert result.text.splitlines() == [
        "中华人民共和国公司法", "第十八条 外商投资的有限责任公司适用本法。", "第二章 有限责任公司",
        "[", "编辑", "]", "第一节 设立", "第十九条 设立有限责任公司，应当具备下列条件：", "（一）股东符合法定人数；",
        "第三章 股份有限公司", "（本章根据2005年修订增加）", "第二十条 股份有限公司的设立。"]


def test_an_arabic_numbered_text_past_9999_articles_writes_the_next_number_so_it_is_read() -> None:
    # 第10000条 is no article to the label patterns (a serial's number: 第10086条留言), so an article
    # numbered past 9,999 in a text written in digits is written in Chinese numerals, as read back
    target = "某某管理办法\n第9998条 规定甲。\n第9999条 规定乙。"
    result = consolidate("关于修改《某某管理办法》的决定\n一、在第9999条后增加一条：“本办法自公布之日起施行。”", target)
    assert not result.not_applied
    assert result.text.splitlines()[-1] == "第一万条 本办法自公布之日起施行。"
    assert [c.label for c in segment(result.text).clauses][-3:] == ["第九千九百九十八条", "第九千九百九十九条", "第一万条"]
