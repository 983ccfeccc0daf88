"""Each instruction form on a small target; what cannot be applied is listed, never guessed."""

from __future__ import annotations

import pytest

from policywatch.diffing import segment
from policywatch.errors import UsageError
from policywatch.grammar import format_chinese
from policywatch.lineage import amend as amend_module
from policywatch.lineage.amend import MAX_GROWTH, MIN_ROOM, AmendError, AmendmentResult, apply_decision
from policywatch.lineage.amend_address import Address, parse_address_list
from policywatch.lineage.amend_parse import parse_decision, tokenize

TARGET = """宁川市测试办法
第一章 总则
第一条 为了测试，制定本办法。
第二条 市科技局负责实施。
市财政局负责资金。
第三条 申请人应当符合下列条件：
（一）在本市注册；
（二）信用良好；
（三）无违法记录。
符合前款条件的，可以申请。
第四条 补助标准为十万元，有效期为五年。
第二章 附则
第五条 违反本办法第三条规定的，依照《中华人民共和国行政许可法》第三条处理。
第六条 本办法自2024年1月1日起施行。"""


def amend(*instructions: str, target: str = TARGET, title: str = "") -> AmendmentResult:
    decision = "宁川市人民政府关于修改《宁川市测试办法》的决定\n" + "\n".join(instructions)
    return apply_decision(decision, segment(target), target_title=title)


def article(result: AmendmentResult, label: str) -> list[str]:
    """The lines of one article of the consolidated text."""
    lines = result.text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split(" ", 1)[0] == label)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("第")
                and lines[i].split(" ", 1)[0][-1] in "条章"), len(lines))
    return lines[start:end]


def test_replace_article_with_two_paragraphs_and_items() -> None:
    result = amend("一、将第三条修改为：“第三条　申请人应当具备下列条件：", "“（一）在本市注册；", "“（二）信用良好。",
                   "“外地企业参照执行。”")
    assert article(result, "第三条") == ["第三条 申请人应当具备下列条件：", "（一）在本市注册；", "（二）信用良好。",
                                        "外地企业参照执行。"]


def test_quoted_paragraphs_closed_one_by_one_read_the_same() -> None:
    open_style = amend("将第二条修改为：“第二条　甲。", "“乙。”")
    closed_style = amend("将第二条修改为：“第二条　甲。”", "“乙。”")
    assert article(open_style, "第二条") == article(closed_style, "第二条") == ["第二条 甲。", "乙。"]


def test_an_insertion_restated_by_the_whole_new_unit_is_a_replacement() -> None:
    # the 修正案 form `在第X条中增加一款作为第二款，将该条修改为：“……”`: the quotation is the whole unit
    result = amend("一、在第四条中增加一款作为第二款，将该条修改为：“补助标准为二十万元。", "“补助有效期为五年。”",
                   "二、在第三条第一款中增加一项，作为第四项，该款修改为：“申请人应当符合下列条件：",
                   "“（一）在本市注册；", "“（二）信用良好；", "“（三）无违法记录；", "“（四）依法纳税。”")
    assert [n.instruction for n in result.not_applied] == []
    assert article(result, "第四条") == ["第四条 补助标准为二十万元。", "补助有效期为五年。"]
    assert article(result, "第三条")[4:6] == ["（四）依法纳税。", "符合前款条件的，可以申请。"]


def test_replace_kuan_and_item() -> None:
    result = amend("将第二条第二款修改为：“市财政局负责资金保障。”", "将第三条第一款第（二）项修改为：“（二）信用记录良好；”")
    assert article(result, "第二条")[1] == "市财政局负责资金保障。"
    assert article(result, "第三条")[2] == "（二）信用记录良好；"


def test_a_replaced_item_quoted_without_its_mark_keeps_the_lists_mark() -> None:
    """Decisions quote a 项 without the ； or 。 that the list gives it (国务院令第644号, 第795号)."""
    result = amend("将第三条第一款第（二）项修改为“（二）信用良好（含分支机构）”，第三项修改为“（三）无重大违法记录”。")
    assert article(result, "第三条")[2:4] == ["（二）信用良好（含分支机构）；", "（三）无重大违法记录。"]
    written = amend("将第三条第一款第（二）项修改为：“（二）信用良好。”")
    assert article(written, "第三条")[2] == "（二）信用良好。", "a quotation that writes its own end is as written"


def test_several_phrases_and_everywhere() -> None:
    result = amend("将第四条中的“十万元”修改为“二十万元”，“五年”修改为“三年”。",
                   "将本办法中的“市科技局”统一修改为“市科学技术局”。")
    assert article(result, "第四条") == ["第四条 补助标准为二十万元，有效期为三年。"]
    assert "市科学技术局负责实施" in result.text
    assert len(result.applied) == 2 and not result.not_applied


def test_delete_article_kuan_item_and_phrase_then_renumber() -> None:
    result = amend("删去第二条第二款。", "删去第三条第（三）项。", "删去第四条中的“，有效期为五年”。", "删去第一条。",
                   "此外，对条文顺序作相应调整。")
    assert article(result, "第一条") == ["第一条 市科技局负责实施。"]
    # the deleted last item hands the 。 to the new last one
    assert article(result, "第二条") == ["第二条 申请人应当符合下列条件：", "（一）在本市注册；", "（二）信用良好。",
                                        "符合前款条件的，可以申请。"]
    assert article(result, "第三条") == ["第三条 补助标准为十万元。"]
    # the target's own reference follows the renumbering; another law's article does not
    assert article(result, "第四条") == ["第四条 违反本办法第二条规定的，依照《中华人民共和国行政许可法》第三条处理。"]


def test_insert_article_kuan_and_item() -> None:
    result = amend("在第二条后增加一条，作为第三条：“第三条　区人民政府配合实施。”",
                   "在第二条第一款后增加一款：“市发展改革委协助。”",
                   "在第三条第一款第（一）项后增加一项，作为第（二）项：“（二）具有独立法人资格；”",
                   "此外，对条文顺序作相应调整。")
    assert article(result, "第二条") == ["第二条 市科技局负责实施。", "市发展改革委协助。", "市财政局负责资金。"]
    assert article(result, "第三条") == ["第三条 区人民政府配合实施。"]
    assert article(result, "第四条")[1:5] == ["（一）在本市注册；", "（二）具有独立法人资格；", "（三）信用良好；",
                                             "（四）无违法记录。"]
    assert article(result, "第六条") == ["第六条 违反本办法第四条规定的，依照《中华人民共和国行政许可法》第三条处理。"]


def test_zhi_article_keeps_the_other_numbers() -> None:
    result = amend("增加一条，作为第四条之一：“第四条之一　补助资金实行专账管理。”")
    labels = [line.split(" ", 1)[0] for line in result.text.splitlines()[1:]]
    assert labels == ["第一章", "第一条", "第二条", "市财政局负责资金。", "第三条", "（一）在本市注册；", "（二）信用良好；",
                      "（三）无违法记录。", "符合前款条件的，可以申请。", "第四条", "第四条之一", "第二章", "第五条", "第六条"]


def test_phrase_insertion_title_and_chapter_name() -> None:
    result = amend("在第一条中的“为了测试”后增加“和验证”。", "将标题修改为：“宁川市测试管理办法”",
                   "将第二章的章名修改为“附　则”。")
    assert result.text.splitlines()[0] == "宁川市测试管理办法"
    assert article(result, "第一条") == ["第一条 为了测试和验证，制定本办法。"]
    assert "第二章 附　则" in result.text.splitlines()


@pytest.mark.parametrize(("instruction", "reason"), [
    ("删去第九条。", "第九条 not found"),
    ("将第四条中的“五万元”修改为“八万元”。", "“五万元” not found in 第四条"),
    ("将第二条第三款修改为：“某某。”", "第二条第三款 not found"),
    ("将第二条与第三条合并。", "unrecognized instruction form"),
    ("将第二条第二款改为第三条。", "is not supported"),
    ("删去附件。", "unrecognized instruction form"),
    ("将“市科技局”修改为“市科学技术局”。", "names no place"),
    ("将第二条修改为：“第二条　甲。", "unbalanced quotation marks"),
    # atomic: the second phrase is missing, so the first is not replaced either
    ("将第四条中的“十万元”修改为“二十万元”，“六年”修改为“三年”。", "“六年” not found in 第四条"),
])
def test_what_cannot_be_applied_is_listed_and_changes_nothing(instruction: str, reason: str) -> None:
    result = amend("一、将第一条中的“测试”修改为“检验”。", f"二、{instruction}")
    assert [n.instruction for n in result.not_applied] == [f"二、{instruction}"]
    assert reason in result.not_applied[0].reason
    assert len(result.applied) == 1
    unchanged = amend("一、将第一条中的“测试”修改为“检验”。")
    assert result.text == unchanged.text


def test_an_item_without_its_kuan_is_ambiguous_when_two_kuan_have_items() -> None:
    target = TARGET.replace("符合前款条件的，可以申请。", "有下列情形的，不予受理：\n（一）材料不全；\n（二）逾期申请。")
    result = amend("删去第三条第（一）项。", target=target)
    assert "several 款" in result.not_applied[0].reason
    named = amend("删去第三条第二款第（一）项。", target=target).text
    assert "材料不全" not in named and "（一）逾期申请。" in named and "（一）在本市注册；" in named


def test_a_decision_amending_several_documents_applies_only_the_target_section() -> None:
    decision = "\n".join([
        "宁川市人民政府关于修改部分规章的决定",
        "一、对《宁川市其他办法》作如下修改：",
        "（一）删去第二条。",
        "二、对《宁川市测试办法》作如下修改：",
        "（一）删去第六条。",
        "（二）将第四条中的“十万元”修改为“八万元”。",
        "此外，对上述规章的条文顺序作相应调整。",
    ])
    result = apply_decision(decision, segment(TARGET))  # the target's own title picks its section
    assert result.document == "宁川市测试办法" and result.skipped == 1 and result.renumbered
    assert "第六条" not in result.text and "第二条 市科技局负责实施。" in result.text
    assert "八万元" in result.text
    assert parse_decision(decision).documents == ["宁川市其他办法", "宁川市测试办法"]
    with pytest.raises(UsageError, match="none of them is the target"):
        apply_decision(decision, segment(TARGET.replace("宁川市测试办法", "宁川市第三办法", 1)))


def test_a_target_without_articles_is_an_error() -> None:
    with pytest.raises(AmendError, match="no articles"):
        amend("删去第一条。", target="某市实施意见\n一、总体要求\n坚持创新。\n二、主要任务\n发展产业。")


def test_tokenize_nested_quotes_and_paragraphs() -> None:
    skeleton, quotes, balanced = tokenize("将第二条修改为：“本办法所称“创新券”是指凭证。\n“第二款。”")
    assert balanced and quotes == ["本办法所称“创新券”是指凭证。\n第二款。"]
    assert skeleton == "将第二条修改为：\ue0000\ue001"


def test_addresses() -> None:
    assert parse_address_list("第五条第一款、第二款") == [Address(article=5, paragraph=1), Address(article=5, paragraph=2)]
    assert parse_address_list("第一百三十四条之一") == [Address(article=134, article_sub=1)]
    assert parse_address_list("第二十条至第二十二条") == [Address(article=n) for n in (20, 21, 22)]
    assert parse_address_list("第十三条第（一）项至第（三）项") == [Address(article=13, item=n) for n in (1, 2, 3)]
    assert parse_address_list("第十三条第一款第（二）项") == [Address(article=13, paragraph=1, item=2)]
    assert parse_address_list("第五条改为第六条") is None


def test_addresses_of_one_level_written_without_their_separator_are_a_list() -> None:
    """A copy that lost the 、 (the lexiscn copy of the 2023 立法法 decision: `作为第三条第四条`)
    names two articles, as no article holds an article; addresses of different levels glued are
    one address as ever, and a glued run of mixed levels is no address."""
    assert parse_address_list("第三条第四条") == [Address(article=3), Address(article=4)]
    assert parse_address_list("第八条之一第八条之二") == [Address(article=8, article_sub=1), Address(article=8, article_sub=2)]
    assert parse_address_list("第五条第一款、第二款第三款") == [Address(article=5, paragraph=n) for n in (1, 2, 3)]
    assert parse_address_list("第三条第二款") == [Address(article=3, paragraph=2)]
    assert parse_address_list("第三条第二款第四条") is None
    result = amend("将第二条改为两条，作为第二条第三条，修改为：", "“第二条　市科学技术局负责实施。",
                   "“第三条　市财政局负责资金。”")
    assert not result.not_applied
    assert article(result, "第三条") == ["第三条 市财政局负责资金。"]


def test_chapter_deleted_and_article_split_in_two() -> None:
    result = amend("删去第二章。", "将第四条修改为两条，作为第四条、第五条：“第四条　补助标准为十万元。", "“第五条　有效期为五年。”",
                   "此外，对条文顺序作相应调整。")
    assert result.text.splitlines()[-2:] == ["第四条 补助标准为十万元。", "第五条 有效期为五年。"]
    assert "第二章" not in result.text and "第六条" not in result.text
    assert article(result, "第五条") == ["第五条 有效期为五年。"]


def test_mixed_edits_in_one_instruction_inherit_the_article() -> None:
    result = amend("将第二条第一款中的“市科技局”修改为“市科学技术局”，第二款中的“资金”修改为“资金保障”，并删去第三条第二款；"
                   "在第四条后增加一条，作为第五条：“第五条　补助资金专款专用。”",
                   "此外，对条文顺序作相应调整。")
    assert not result.not_applied, result.not_applied
    assert article(result, "第二条") == ["第二条 市科学技术局负责实施。", "市财政局负责资金保障。"]
    assert article(result, "第三条")[-1] == "（三）无违法记录。"
    assert article(result, "第五条") == ["第五条 补助资金专款专用。"]


def test_merge_and_move_articles() -> None:
    merged = amend("将第一条和第二条合并为一条，修改为：“第一条　为了测试，制定本办法。市科技局负责实施。”",
                   "此外，对条文顺序作相应调整。")
    assert article(merged, "第一条") == ["第一条 为了测试，制定本办法。市科技局负责实施。"]
    assert article(merged, "第二条")[0] == "第二条 申请人应当符合下列条件："
    moved = amend("将第四条移至第二条后。", "此外，对条文顺序作相应调整。")
    assert article(moved, "第三条") == ["第三条 补助标准为十万元，有效期为五年。"]
    assert article(moved, "第四条")[0] == "第四条 申请人应当符合下列条件："
    assert "违反本办法第四条规定的" in moved.text  # the reference follows the moved article


def test_title_block_and_table_of_contents_stay_in_the_head_and_short_names_are_the_target() -> None:
    target = "\n".join([
        "宁川市测试条例",
        "（2015年3月1日宁川市第十四届人民代表大会常务委员会第十次会议通过　根据2019年6月1日…修正）",
        "目　录", "第一章　总则", "第二章　附则",
        "第一章　总则", "第一条　为了测试，制定本条例。", "第二条　本条例适用于本市。",
        "第二章　附则", "第三条　本条例自2015年5月1日起施行。",
    ])
    result = amend("一、在条例第二条后增加一条，作为第二条之一：“第二条之一　区政府负责配合。”",
                   "二、将本条例第三条中的“2015年5月1日”修改为“2015年6月1日”。", target=target)
    assert not result.not_applied, result.not_applied
    lines = result.text.splitlines()
    assert lines[2:5] == ["目　录", "第一章　总则", "第二章　附则"]  # the contents are left as they were
    assert lines[-4:] == ["第二条　本条例适用于本市。", "第二条之一　区政府负责配合。", "第二章　附则",
                          "第三条　本条例自2015年6月1日起施行。"]


def test_articles_numbered_in_digits_keep_their_style() -> None:
    target = "宁川市测试办法\n第1条 为了测试，制定本办法。\n第2条 市科技局负责实施。\n第3条 违反本办法第2条规定的，予以纠正。"
    result = amend("删去第一条。", "在第2条后增加一条：“第三条　区政府配合。”", "此外，对条文顺序作相应调整。", target=target)
    assert not result.not_applied, result.not_applied
    assert result.text.splitlines()[1:] == ["第1条 市科技局负责实施。", "第2条 区政府配合。", "第3条 违反本办法第1条规定的，予以纠正。"]


def test_new_numbers_spelled_out_and_a_first_paragraph_edited_after_them() -> None:
    result = amend("一、在第一条后增加一条，作为第二条：“第二条　本办法适用于本市。”",
                   "二、将第二条改为第三条，第二款修改为：“市财政局负责资金保障。”",
                   "三、将第三条改为第四条。", "四、将第四条改为第五条，修改为：“第五条　补助标准为二十万元。”")
    assert not result.not_applied, result.not_applied
    assert article(result, "第三条") == ["第三条 市科技局负责实施。", "市财政局负责资金保障。"]
    assert article(result, "第四条")[0] == "第四条 申请人应当符合下列条件："
    assert article(result, "第五条") == ["第五条 补助标准为二十万元。"]


def test_documents_named_in_each_instruction_and_headings_that_edit_nothing() -> None:
    decision = "\n".join([
        "宁川市人民政府关于修改和废止部分规章的决定",
        "一、对下列规章作出修改：",
        '（一）将《宁川市其他办法》第二条中的"甲"修改为"乙"。',
        '（二）将《宁川市测试办法》第四条中的"十万元"修改为"八万元"。',
        "二、废止下列规章：",
        "《宁川市旧办法》（宁川市人民政府令第3号）",
    ])
    result = apply_decision(decision, segment(TARGET))
    assert [a.instruction for a in result.applied] == ['（二）将《宁川市测试办法》第四条中的“十万元”修改为“八万元”。']
    assert not result.not_applied and result.skipped == 1 and "八万元" in result.text  # the repeal list is no edit


def test_as_addresses_without_an_anchor_name_the_amended_numbering() -> None:
    result = amend("一、增加一条，作为第二条：“第二条　甲。”", "二、增加一条，作为第五条：“第五条　乙。”",
                   "三、增加一款，作为第六条第二款：“丙。”", "此外，对条文顺序作相应调整。")
    assert not result.not_applied, result.not_applied
    assert article(result, "第二条") == ["第二条 甲。"]
    assert article(result, "第四条")[0] == "第四条 申请人应当符合下列条件："
    assert article(result, "第五条") == ["第五条 乙。"]
    assert article(result, "第六条") == ["第六条 补助标准为十万元，有效期为五年。", "丙。"]
    assert "违反本办法第四条规定的" in result.text


def test_a_decision_that_would_grow_the_text_without_end_stops_at_a_limit() -> None:
    # each instruction doubles every “测试” of 第一条: 60 of them would need 2^60 characters
    doubling = [f"{format_chinese(k)}、将第一条中的“测试”修改为“测试测试”。" for k in range(1, 61)]
    result = amend(*doubling)
    limit = MAX_GROWTH * (len(TARGET) + len("\n".join(doubling)) + 40) + MIN_ROOM
    assert len(result.text) < limit
    assert 10 <= len(result.applied) < 30  # applied while the text stays within the limit…
    assert len(result.not_applied) == 60 - len(result.applied)  # …then each is refused, none lost
    assert all("would grow the text past" in n.reason for n in result.not_applied)
    # a phrase replaced throughout by a longer one, as real decisions do, is far inside the limit
    assert not amend("一、将本办法中的“市科技局”修改为“市科学技术和工业信息化局”。").not_applied


# Forms of the NPC decision amending the 消费者权益保护法 (2013, tests/data/amend): new numbers
# given to 款 and 项 together with their new text, 其中的 after a renumbering, 相应地, and
# unnumbered lines that go on about the article their numbered item named.

def test_a_kuan_that_becomes_an_article_leaves_its_article() -> None:
    result = amend("一、第二条增加一款，作为第二款：“市审计局负责审计。”",
                   "将第二款改为第三条，修改为：“市财政局负责资金和绩效。”", "此外，对条文顺序作相应调整。")
    assert result.complete, result.not_applied
    assert article(result, "第二条") == ["第二条 市科技局负责实施。", "市审计局负责审计。"]
    assert article(result, "第三条") == ["第三条 市财政局负责资金和绩效。"]
    assert article(result, "第四条")[0] == "第四条 申请人应当符合下列条件："  # the old 第三条, renumbered


def test_unnumbered_lines_go_on_about_the_article_named_last() -> None:
    result = amend("一、将第三条改为第四条，第二款修改为：“符合前款条件的，可以在线申请。”",
                   "第一款第三项改为第四项，修改为：“（四）无违法记录”。",
                   "第一款增加一项，作为第三项：“（三）纳税正常”。",
                   "二、将第四条改为第三条，其中的“五年”修改为“三年”。")
    assert result.complete, result.not_applied
    assert article(result, "第四条") == ["第四条 申请人应当符合下列条件：", "（一）在本市注册；", "（二）信用良好；",
                                        "（三）纳税正常；", "（四）无违法记录。", "符合前款条件的，可以在线申请。"]
    assert article(result, "第三条") == ["第三条 补助标准为十万元，有效期为三年。"]


def test_a_numbered_line_does_not_inherit_the_article_before_it() -> None:
    result = amend("一、将第二条第一款修改为：“市科技局负责组织实施。”", "二、第二款修改为：“市财政局负责预算。”")
    assert [n.reason for n in result.not_applied] == ["replacing 第二款 as a whole is not supported"]


def test_two_kuan_renumbered_and_replaced_by_two_paragraphs() -> None:
    result = amend("一、第三条增加一款，作为第一款：“申请实行网上办理。”",
                   "第一款、第二款改为第二款、第三款，修改为：“申请人应当在本市注册。", "“符合前款条件的，可以申请。”")
    assert result.complete, result.not_applied
    assert article(result, "第三条") == ["第三条 申请实行网上办理。", "申请人应当在本市注册。", "符合前款条件的，可以申请。"]


def test_consequential_edit_is_an_instruction_of_its_own() -> None:
    result = amend("一、将第五条修改为：“违反本办法规定的，依法处理。”", "相应地将第二条中的“市科技局”修改为“市科学技术局”。")
    assert [a.instruction for a in result.applied][1].startswith("相应地")
    assert article(result, "第二条")[0] == "第二条 市科学技术局负责实施。"


def test_an_article_renumbered_as_the_first_kuan_of_another() -> None:
    result = amend("一、将第四条改为第五条第一款，修改为：“补助标准为二十万元。”",
                   "增加一款，作为第二款：“补助资金专款专用。”", "二、删去第五条。")
    assert result.complete, result.not_applied
    assert article(result, "第五条") == ["第五条 补助标准为二十万元。", "补助资金专款专用。"]


def test_sections_headed_zuochu_xiugai_each_end_the_instruction_before() -> None:
    """Local decisions amending several regulations head each part `一、对《A》作出修改`; the
    heading ends the instruction before it even when that one ends in a closing quotation, and so
    does the closing prose (`本决定自公布之日起施行。`)."""
    decision = "\n".join([
        "某市人民代表大会常务委员会关于修改部分地方性法规的决定",
        "一、对《某市其他条例》作出修改",
        "1．将第二条修改为：“其他。”",
        "二、对《宁川市测试办法》作出修改",
        "2．将第四条修改为：“第四条　补助标准为八万元；”",
        "本决定自公布之日起施行。",
    ])
    parsed = parse_decision(decision)
    assert parsed.documents == ["某市其他条例", "宁川市测试办法"]
    assert [i.text for i in parsed.instructions] == ["1．将第二条修改为：“其他。”",
                                                     "2．将第四条修改为：“第四条　补助标准为八万元；”"]
    result = apply_decision(decision, segment(TARGET))
    assert result.skipped == 1 and not result.not_applied
    assert article(result, "第四条") == ["第四条 补助标准为八万元；"]


def test_items_numbered_anew_in_place_with_qizhong_and_neirong() -> None:
    """`将第三十七条修改，作为第三十八条，删去第一项…` then `将第三项改为第一项，将其中的“甲”修改为
    “乙”` and `内容修改为：“……”`: the article takes its new number, the items keep their places
    (numbered by position), and the number the decision writes must be where the item now stands."""
    result = amend("1．增加一条，作为第三条：“市财政局负责资金保障。”", "2．将第三条修改，作为第四条，删去第一项；",
                   "将第二项改为第一项，将其中的“信用良好”修改为“信用记录良好”；",
                   "将第三项改为第二项，内容修改为：“无重大违法记录”。")
    assert [n.instruction for n in result.not_applied] == []
    assert article(result, "第四条")[:3] == ["第四条 申请人应当符合下列条件：", "（一）信用记录良好；",
                                            "（二）无重大违法记录。"]
    wrong = amend("删去第三条第一项。", "将第三条第三项改为第三项，内容修改为：“无重大违法记录”。")
    assert "is number 2 after the edits before it" in wrong.not_applied[0].reason


def test_a_quoted_item_glued_onto_the_paragraph_before_is_its_own_paragraph() -> None:
    """Line unwrapping may join `…包括：` and `“（一）…` (a paragraph without a full stop): the
    “ that opens （一） after a colon starts a paragraph of the quotation, not a nested quotation,
    so the quotation still closes and the instructions after it are read."""
    result = amend("一、将第三条修改为：“第三条　申请人应当符合下列条件：“（一）在本市注册；",
                   "“（二）信用良好。”", "二、删去第六条。")
    assert [n.instruction for n in result.not_applied] == [] and len(result.applied) == 2
    assert article(result, "第三条") == ["第三条 申请人应当符合下列条件：", "（一）在本市注册；", "（二）信用良好。"]
    assert "第六条" not in result.text


def test_an_article_added_under_a_number_already_taken_moves_the_rest_on() -> None:
    """`增加一条，作为第三条` without `条文顺序作相应调整`: the old 第三条 cannot keep its number
    beside the new one, so the articles after it are numbered on (and references follow);
    an article added after the last one, or as 之一, moves nothing."""
    result = amend("增加一条，作为第三条：“市财政局负责资金保障。”")
    assert result.renumbered
    starts = [line.split(" ", 1)[0] for line in result.text.splitlines() if line.startswith("第") and "条 " in line]
    assert starts == ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条"]
    assert "第六条 违反本办法第四条规定的" in result.text
    assert not amend("增加一条，作为第七条：“本办法由市科技局负责解释。”").renumbered
    assert not amend("在第二条后增加一条，作为第二条之一：“市财政局负责资金保障。”").renumbered


# A 款 set apart as an article (会计法 2024, tests/data/amend): it stands at the number the
# decision gives it in the amended text, whatever instructions after it delete.

def test_a_kuan_set_apart_as_an_article_stands_at_its_number_in_the_amended_text() -> None:
    result = amend("一、将第二条第二款单列为一条，作为第五条：“市财政局负责资金保障。”", "二、删去第四条。",
                   "此外，对条文顺序作相应调整。")
    assert [n.instruction for n in result.not_applied] == []
    assert article(result, "第二条") == ["第二条 市科技局负责实施。"]
    assert article(result, "第四条")[0] == "第四条 违反本办法第三条规定的，依照《中华人民共和国行政许可法》第三条处理。"
    assert article(result, "第五条") == ["第五条 市财政局负责资金保障。"]  # not 第四条: 删去第四条 came after
    assert result.text.index("第二章 附则") < result.text.index("第五条 市财政局")
    wrong = amend("一、将第二条单列一条，作为第五条，修改为：“甲。”")
    assert "only a 款 can be set apart" in wrong.not_applied[0].reason


def test_several_items_numbered_anew_in_place_after_a_deletion() -> None:
    result = amend("一、删去第三条第一项，第二项、第三项改为第一项、第二项。")
    assert [n.instruction for n in result.not_applied] == []
    assert article(result, "第三条")[1:3] == ["（一）信用良好；", "（二）无违法记录。"]
    wrong = amend("一、删去第三条第一项，第二项、第三项改为第二项、第三项。")
    assert "is number 1 after the edits before it" in wrong.not_applied[0].reason
    assert article(wrong, "第三条")[1] == "（一）在本市注册；"  # whole or not at all


CHAPTERED = """宁川市测试条例
第一章 总则
第一条 为了测试，制定本条例。
第二章 管理
第一节 一般规定
第二条 主管部门负责管理。
第二节 监督检查
第三条 主管部门负责监督检查。
第三章 附则
第四条 本条例自2024年1月1日起施行。"""


@pytest.mark.parametrize("instruction", [
    "一、增加一章，作为第三章：“第三章 法律责任\n“第四条 违反本条例第三条规定的，责令改正。”",
    "一、在第二章后增加一章：“第三章 法律责任\n“第四条 违反本条例第三条规定的，责令改正。”",
    "一、在第三章前增加一章，作为第三章，即：“第三章　法律责任\n“第四条　违反本条例第三条规定的，责令改正。”"])
def test_a_whole_chapter_added_with_its_articles(instruction: str) -> None:
    result = amend(instruction, "二、将第四条修改为：“本条例自2025年1月1日起施行。”", "此外，对条文顺序作相应调整。",
                   target=CHAPTERED)
    assert [n.instruction for n in result.not_applied] == []
    lines = result.text.splitlines()
    assert lines[lines.index("第三章 法律责任"):] == ["第三章 法律责任", "第四条 违反本条例第三条规定的，责令改正。",
                                                   "第四章 附则", "第五条 本条例自2025年1月1日起施行。"]


def test_a_section_added_in_its_chapter_and_a_place_never_guessed() -> None:
    result = amend("一、增加一节，作为第二章第二节：“第二节 许可\n“第三条 主管部门负责许可。”",
                   "此外，对条文顺序作相应调整。", target=CHAPTERED)
    assert [n.instruction for n in result.not_applied] == []
    lines = result.text.splitlines()
    assert lines[4:11] == ["第一节 一般规定", "第二条 主管部门负责管理。", "第二节 许可", "第三条 主管部门负责许可。",
                           "第三节 监督检查", "第四条 主管部门负责监督检查。", "第三章 附则"]
    for unsaid in ("一、增加一节，作为第一章第一节：“第一节 目的\n“第一条 为了测试。”",  # 第一章 has no 节
                   "一、增加一章，作为第五章：“第五章 其他\n“第五条 其他。”",  # no 第四章 to follow
                   "一、增加一章，作为第二章：“第二条 没有章名。”"):
        assert len(amend(unsaid, target=CHAPTERED).not_applied) == 1, unsaid


def test_words_replaced_wherever_they_stand_in_the_document_named() -> None:
    # the form several-regulations decisions use for a renamed term: 将《X》中的“甲”修改为“乙”, the
    # document named instead of 本办法; it edits every place, across articles
    result = amend("一、将《宁川市测试办法》中的“负责”修改为“承担”，“办法”修改为“规定”。",
                   "二、删去《宁川市测试办法》中的“在本市”。")
    assert not result.not_applied
    assert "第二条 市科技局承担实施。" in result.text and "市财政局承担资金。" in result.text
    assert "第一条 为了测试，制定本规定。" in result.text and "违反本规定第三条" in result.text
    assert "（一）注册；" in result.text


@pytest.mark.parametrize("tail", ["，其余条款不变。", "，其他条款不变。", "，其余内容均保持不变。", "，其余条文不作修改。"])
def test_an_instruction_saying_the_rest_is_unchanged_is_read(tail: str) -> None:
    # `将第五条中的“一千万元”修改为“五百万元”，其余条款不变。`: the tail edits nothing and renumbers nothing
    target = TARGET.replace("第四条 补助标准为十万元", "第四条 补助标准为一千万元")
    result = amend(f"一、将第四条中的“一千万元”修改为“五百万元”{tail}", "二、删去第二条" + tail, target=target)
    assert result.complete and not result.not_applied and not result.renumbered
    assert article(result, "第四条") == ["第四条 补助标准为五百万元，有效期为五年。"]
    assert "第二条" not in result.text
    # a replaced article's closing quotation mark followed straight by the tail
    replaced = amend("将第四条修改为：“第四条　补助标准为五万元。”其余条款不变。")
    assert replaced.complete and article(replaced, "第四条") == ["第四条 补助标准为五万元。"]


def test_an_item_appended_with_a_half_width_semicolon_ends_the_list() -> None:
    """The 甘肃 2010 decision as a reprint prints it, half-width: `在《甘肃省农村能源建设管理条例》
    第七条中增加一项作为第六项,即:“负责农村节能减排工作;”`. The item quoted with the ; of an
    item in the middle becomes the list's last: it takes the 。, and the old last item the ； the
    list's others end in (the ASCII ; was not read as that mark: the list ended in 。 then ;)."""
    target = TARGET.replace("宁川市测试办法", "甘肃省农村能源建设管理条例")
    decision = ("甘肃省人民代表大会常务委员会关于修改部分地方性法规的决定\n"
                "1.在《甘肃省农村能源建设管理条例》第三条中增加一项作为第四项,即:“负责农村节能减排工作;”")
    result = apply_decision(decision, segment(target))
    assert [n.instruction for n in result.not_applied] == []
    assert article(result, "第三条")[3:5] == ["（三）无违法记录；", "（四）负责农村节能减排工作。"]


@pytest.mark.parametrize(("instruction", "reads"), [
    # the last item deleted: the one before it ends the list, whichever width its ; is written in
    ("删去第三条第一款第（三）项。", ["第三条 申请人应当符合下列条件:", "（一）在本市注册;", "（二）信用良好。"]),
    # an item added without a mark takes the ; the list's items end in, as the list writes it
    ("在第三条第一款第（一）项后增加一项，作为第（二）项：“（二）依法纳税”",
     ["第三条 申请人应当符合下列条件:", "（一）在本市注册;", "（二）依法纳税;", "（三）信用良好;", "（四）无违法记录。"]),
])
def test_a_list_written_with_half_width_semicolons_keeps_its_marks(instruction: str, reads: list[str]) -> None:
    """A target as a database prints it, with ASCII punctuation (`会计核算:`, `…注册;`)."""
    target = TARGET.replace("条件：", "条件:").replace("注册；", "注册;").replace("良好；", "良好;")
    result = amend(instruction, target=target)
    assert [n.instruction for n in result.not_applied] == []
    assert article(result, "第三条")[:len(reads)] == reads


def test_a_target_line_with_a_malformed_group_number_is_text_not_a_crash() -> None:
    # 第十万万条 matched the label pattern and then raised out of the parser (ValueError: '')
    target = "某法\n第一条　xx\n第十万万条　yy"
    result = amend("一、将第一条中的“xx”修改为“zz”。", target=target)
    assert not result.not_applied
    assert result.text.splitlines()[1:] == ["第一条\u3000zz", "第十万万条\u3000yy"]


MIXED = "\n".join([
    "某条例", "第一条　为了规范报告，制定本条例。", "第二条　下列事项应当报告：", "一、重大事故，包括：",
    "（一）死亡三人以上的；", "（二）重伤十人以上的；", "（三）经济损失一百万元以上的；", "二、其他重大事项。",
    "第三条　下列事项应当记录：", "一、会议；", "二、检查。"])


def test_in_an_article_listing_yi_and_bracketed_items_the_xiang_are_the_bracketed_ones() -> None:
    # 项 are （一）; 一、 counts as 项 only in an article without （一） items (第三条). 删去第二条第二项
    # said `第二条第（二）项 not found` (一、 and （一） both counted as 项, so two were 第二项)
    result = amend("一、删去第二条第二项。", "二、将第二条第三项改为第二项。", "三、删去第三条第二项。", target=MIXED)
    assert not result.not_applied, result.not_applied
    assert result.text.splitlines()[2:] == [
        "第二条\u3000下列事项应当报告：", "一、重大事故，包括：", "（一）死亡三人以上的；", "（二）经济损失一百万元以上的；",
        "二、其他重大事项。", "第三条\u3000下列事项应当记录：", "一、会议。"]


def test_bracketed_items_counted_anew_under_each_yi_item_are_ambiguous_by_number() -> None:
    target = MIXED.replace("二、其他重大事项。", "二、其他事项，包括：\n（一）舆情；\n（二）其他。")
    result = amend("一、删去第二条第二项。", "二、在第二条增加一项，作为第四项：“（四）火灾。”", target=target)
    assert [r.reason for r in result.not_applied] == [
        "第二条第（二）项 is ambiguous: 第二条 numbers its 项 anew under each of its 一、 items",
        "第二条 lists 一、 and （一） items: a new 项 is placed by the 项 it follows"]
    assert result.text.splitlines()[2:] == [line.replace("　", "\u3000") for line in target.splitlines()[2:]]


@pytest.mark.parametrize(("instruction", "first_of_chapter_two"), [
    # by its number the article went after 第四条, the last of 第一章; the 章 named keeps it in 第二章
    ("一、第二章增加一条作为第五条：“第五条 本办法由市科技局解释。”", "第五条 本办法由市科技局解释。"),
    ("一、在第二章中增加一条，作为第五条：“第五条 本办法由市科技局解释。”", "第五条 本办法由市科技局解释。"),
])
def test_an_article_added_in_a_chapter_named_alone_stays_in_it(instruction: str, first_of_chapter_two: str) -> None:
    result = amend(instruction)
    assert [n.reason for n in result.not_applied] == [] and result.renumbered
    lines = result.text.splitlines()
    assert lines[lines.index("第二章 附则") + 1] == first_of_chapter_two
    assert lines[lines.index("第二章 附则") - 1].startswith("第四条 补助标准")
    assert lines[-1] == "第七条 本办法自2024年1月1日起施行。"


def test_an_article_added_in_a_chapter_without_a_number_ends_it() -> None:
    result = amend("一、在第一章中增加一条：“本办法所称申请人，是指企业。”")
    assert [n.reason for n in result.not_applied] == []
    lines = result.text.splitlines()
    assert lines[lines.index("第二章 附则") - 1] == "第五条 本办法所称申请人，是指企业。"


def test_a_deleted_clause_takes_its_separator_and_widths_fold() -> None:
    """The clause goes with the comma that set it apart, before a full stop or another comma; a
    phrase quoted in the other width is found as the target writes it."""
    result = amend("一、删去第四条中的“有效期为五年”。", "二、删去第二条第一款中的“科技局”。")
    assert [n.reason for n in result.not_applied] == []
    assert {"第四条 补助标准为十万元。", "第二条 市负责实施。"} <= set(result.text.splitlines())
    assert "第四条 有效期为五年。" in amend("一、删去第四条中的“补助标准为十万元”。").text.splitlines()
    wide = amend("一、将第四条中的“十万元,有效期”修改为“二十万元，有效期”。")
    assert wide.not_applied == () and "第四条 补助标准为二十万元，有效期为五年。" in wide.text.splitlines()


def test_a_deleted_clause_leaves_the_stronger_of_its_two_marks() -> None:
    """Words between two marks leave the stronger: it parted what is left on either side. The
    mark before them was dropped whichever was stronger (`报告；情节严重的，处罚款` became
    `报告，处罚款`), and a whole sentence left its full stop twice (`报告。。`)."""
    target = "\n".join(["宁川市测试办法", "第一条 政府应当组织协调，教育、卫生等部门应当配合。",
                        "第二条 单位应当报告；情节严重的，处罚款。", "第三条 甲、乙、丙应当遵守。",
                        "第四条 单位应当报告。个人应当登记。", "第五条 甲；乙，丙。"])
    result = amend("一、删去第一条中的“教育”。", "二、删去第二条中的“情节严重的”。", "三、删去第三条中的“乙”。",
                   "四、删去第四条中的“个人应当登记”。", "五、删去第五条中的“乙”。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert result.text.splitlines()[1:] == [
        "第一条 政府应当组织协调，卫生等部门应当配合。", "第二条 单位应当报告；处罚款。", "第三条 甲、丙应当遵守。",
        "第四条 单位应当报告。", "第五条 甲；丙。"]


def test_a_phrase_found_in_the_other_width_keeps_the_text_spelling() -> None:
    """A quoted phrase found only in the other width: the anchor of an insertion stays as the text
    writes it (it was rewritten as quoted: `1，000元` became `1,000元以上`), and new words take the
    text's width for the marks the quotation wrote in the other one."""
    target = "宁川市测试办法\n第一条 罚款1，000元。\n第二条 罚款1,000元。\n第三条 甲,乙。"
    result = amend("一、在第一条中的“1,000元”后增加“以上”。", "二、将第三条中的“甲,乙”修改为“丙,丁”。",
                   "三、在第一条中的“罚款1,000”前增加“处,”。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert result.text.splitlines()[1:] == ["第一条 处，罚款1，000元以上。", "第二条 罚款1,000元。", "第三条 丙,丁。"]
    wide = amend("一、将第三条中的“甲，乙”修改为“丙，丁”。", target=target)
    assert wide.text.splitlines()[3] == "第三条 丙,丁。"


def test_new_words_keep_the_marks_that_join_ascii_letters_and_digits_and_addresses() -> None:
    """The marks new words take in the text's width are punctuation: a mark between ASCII letters
    or digits (10:00, 1,000.50) and one in an address (http://) stay as the decision writes them
    (they became 10：00, 1，000.50, http：//), and a bracket pair is converted whole or not at all."""
    target = "宁川市测试办法\n第一条 材料：申请书。\n第二条 罚款，有效期三年。\n第三条 工作日（节假日除外）。"
    result = amend("一、将第一条中的“材料:申请书”修改为“材料:每日10:00前通过http://www.gov.cn/x.html提交的申请书”。",
                   "二、将第二条中的“罚款,有效期”修改为“罚款,费用1,000.50元,有效期”。",
                   "三、将第三条中的“工作日(节假日除外)”修改为“工作日(依照(2023)1号文)”。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert result.text.splitlines()[1:] == [
        "第一条 材料：每日10:00前通过http://www.gov.cn/x.html提交的申请书。",
        "第二条 罚款，费用1,000.50元，有效期三年。",
        "第三条 工作日（依照（2023）1号文）。"]


FOUR_CHAPTERS = "\n".join(["宁川市测试办法", "第一章 总则", "第一条 甲。", "第二条 乙。", "第二章 管理", "第三条 丙。",
                       "第四条 丁。", "第三章 责任", "第五条 戊。", "第六条 己。", "第四章 附则", "第七条 本办法自公布之日起施行。"])


def test_an_article_added_in_a_chapter_takes_the_whole_decisions_number() -> None:
    """`第二章增加一条作为第四条` numbers the article in the amended text, which the whole decision
    makes, as an article added by its number alone does: a later deletion before it moves it back
    into place (it stayed 第三条). In a 章 that its number opens it stays, under the heading."""
    result = amend("一、第二章增加一条作为第四条：“第四条 新。”", "二、删去第一条。", target=FOUR_CHAPTERS)
    assert [n.reason for n in result.not_applied] == []
    lines = result.text.splitlines()
    assert lines[lines.index("第三章 责任") - 2:lines.index("第三章 责任")] == ["第三条 丁。", "第四条 新。"]
    opening = amend("一、第三章增加一条作为第五条：“第五条 新。”", "二、删去第七条。", target=FOUR_CHAPTERS)
    assert [n.reason for n in opening.not_applied] == []
    lines = opening.text.splitlines()
    assert lines[lines.index("第三章 责任") - 1:lines.index("第三章 责任") + 3] == [
        "第四条 丁。", "第三章 责任", "第五条 新。", "第六条 戊。"]


def test_an_article_added_in_a_chapter_under_a_number_outside_it_is_reported() -> None:
    """`第三章增加一条作为第二条` contradicts itself: 第二条 stands in 第一章. It was written at the
    edge of 第三章 as 第五条 and reported as 第二条 added."""
    result = amend("一、第三章增加一条作为第二条：“第二条 新。”", "二、第一章增加一条作为第九条：“第九条 新。”",
                   target=FOUR_CHAPTERS)
    assert result.applied == ()
    assert [n.reason for n in result.not_applied] == ["第二条 does not fall in 第三章", "第九条 does not fall in 第一章"]
    assert result.text.splitlines() == FOUR_CHAPTERS.splitlines()


def test_an_article_added_in_a_chapter_is_judged_by_the_whole_decisions_numbering() -> None:
    """The 第N条 of `第二章增加一条作为第六条` is the amended text's: where it falls outside 第二章
    only until a later instruction adds before it (or deletes before it), the article is added.
    Judged at that instruction against the text as it then stood, it was reported and dropped."""
    renumbered = "此外，对条文顺序作相应调整。"
    result = amend("一、第二章增加一条，作为第六条：“第六条　新乙。”", "二、第一章增加一条，作为第一条：“第一条　新甲。”",
                   renumbered, target=FOUR_CHAPTERS)
    assert [n.reason for n in result.not_applied] == []
    lines = result.text.splitlines()
    assert lines[1:3] == ["第一章 总则", "第一条 新甲。"]
    assert lines[lines.index("第二章 管理"):lines.index("第三章 责任") + 1] == [
        "第二章 管理", "第四条 丙。", "第五条 丁。", "第六条 新乙。", "第三章 责任"]
    deleted = amend("一、第三章增加一条，作为第四条：“第四条　新丙。”", "二、删去第四条。", renumbered,
                    target=FOUR_CHAPTERS)
    assert [n.reason for n in deleted.not_applied] == []
    lines = deleted.text.splitlines()
    assert lines[lines.index("第二章 管理"):lines.index("第三章 责任") + 3] == [
        "第二章 管理", "第三条 丙。", "第三章 责任", "第四条 新丙。", "第五条 戊。"]


def test_an_article_settled_into_a_later_chapter_ends_the_section_before_its_number() -> None:
    """`增加一条，作为第三条` written at the end of 第一章, then `删去第一条`: 第三条 now follows the
    article ending 第一节 of 第二章, and stands there (as on the base). Settling stopped at any 章
    other than the article's own, an earlier one too, and wrote it after the 第二节 heading."""
    target = "\n".join(["宁川市测试办法", "第一章 总则", "第一条 甲。", "第二条 乙。", "第二章 管理", "第一节 一般规定",
                        "第三条 丙。", "第二节 特别规定", "第四条 丁。", "第三章 附则", "第五条 戊。"])
    result = amend("一、增加一条，作为第三条：“第三条　新。”", "二、删去第一条。", "此外，对条文顺序作相应调整。",
                   target=target)
    assert [n.reason for n in result.not_applied] == []
    assert result.text.splitlines()[1:8] == ["第一章 总则", "第一条 乙。", "第二章 管理", "第一节 一般规定", "第二条 丙。",
                                             "第三条 新。", "第二节 特别规定"]


def test_articles_moving_one_another_out_of_their_chapters_are_reported_in_bounded_passes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Taking out an article that ends outside its 章 moves the articles after it up, and may move
    another out of its own: the decision is applied again each time (three passes here), and past
    MAX_PASSES every instruction adding one under a number is reported (a pass per instruction of
    a decision of thousands would never end)."""
    target = "\n".join(["宁川市测试办法", "第一章 章1", "第一条 原1。", "第二条 原2。", "第二章 章2", "第三条 原3。", "第四条 原4。",
                        "第三章 章3", "第五条 原5。", "第六条 原6。", "第四章 章4", "第七条 原7。"])
    decision = ["一、第二章增加一条，作为第八条：“第八条　新0。”", "二、第二章增加一条，作为第五条：“第五条　新1。”",
                "三、第一章增加一条，作为第五条：“第五条　新2。”", "四、第三章增加一条，作为第三条：“第三条　新3。”",
                "五、第三章增加一条，作为第九条：“第九条　新4。”", "此外，对条文顺序作相应调整。"]
    result = amend(*decision, target=target)
    assert [n.reason for n in result.not_applied] == [
        "第八条 does not fall in 第二章", "第五条 does not fall in 第一章", "第三条 does not fall in 第三章",
        "第九条 does not fall in 第三章"]
    lines = result.text.splitlines()
    assert lines[lines.index("第二章 章2"):lines.index("第三章 章3")] == ["第二章 章2", "第三条 原3。", "第四条 原4。", "第五条 新1。"]
    monkeypatch.setattr(amend_module, "MAX_PASSES", 2)
    bounded = amend(*decision, target=target)
    assert bounded.applied == ()
    assert len(bounded.not_applied) == 5
    assert bounded.text.splitlines() == target.splitlines()


@pytest.mark.parametrize("instruction", ["删去第三条第（二）项中的“信用良好”。", "删去第三条中的“信用良好；”。",
                                         "删去第三条第一款第二项中的“信用良好；”。"])
def test_an_item_whose_whole_text_a_phrase_deletion_takes_goes_with_it(instruction: str) -> None:
    """A phrase deletion that takes every word of a 项 deletes the 项, as `删去第三条第二项` does:
    the items after it move up (the republished text shows no empty （二）). It left `（二）` behind."""
    result = amend(instruction)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条") == ["第三条 申请人应当符合下列条件：", "（一）在本市注册；", "（二）无违法记录。",
                                        "符合前款条件的，可以申请。"]
    assert "第三条第（二）项 left empty: deleted" in result.applied[0].effects[0]
    # the list's last item emptied: the new last one ends the list; an emptied 款 goes too
    last = amend("删去第三条第三项中的“无违法记录”。", "删去第三条第二款中的“符合前款条件的，可以申请。”")
    assert article(last, "第三条") == ["第三条 申请人应当符合下列条件：", "（一）在本市注册；", "（二）信用良好。"]
    # later instructions still name the items by their original numbers
    later = amend(instruction, "将第三条第三项修改为：“（三）无犯罪记录。”")
    assert article(later, "第三条")[2] == "（二）无犯罪记录。"


def test_an_article_added_in_a_chapter_past_the_amended_texts_last_article_is_reported() -> None:
    """`第二章增加一条作为第九条` where the amended text ends at its 第七条: renumbered, it was
    written at the 章's end and became 第四条 unsaid; not renumbered, 第九条 stood between 第四条
    and 第五条. It is reported, and the rest of the decision applied."""
    renumbered = amend("一、第二章增加一条作为第九条：“第九条 新。”", "二、删去第一条。", "此外，对条文顺序作相应调整。",
                       target=FOUR_CHAPTERS)
    assert [n.reason for n in renumbered.not_applied] == ["第九条 is past the amended text's last article (第七条)"]
    assert [a.instruction for a in renumbered.applied] == ["二、删去第一条。"]
    assert "新。" not in renumbered.text
    at_end = amend("一、第四章增加一条作为第九条：“第九条 新。”", "二、删去第一条。", "此外，对条文顺序作相应调整。",
                   target=FOUR_CHAPTERS)
    assert [n.reason for n in at_end.not_applied] == ["第九条 is past the amended text's last article (第七条)"]
    kept = amend("一、第二章增加一条作为第九条：“第九条 新。”", "二、删去第一条。", target=FOUR_CHAPTERS)
    assert [n.reason for n in kept.not_applied] == ["第九条 would stand between 第四条 and 第五条"]
    assert kept.text.splitlines()[1:3] == ["第一章 总则", "第二条 乙。"]
    # a number the amended text does give stays applied
    fits = amend("一、第四章增加一条作为第七条：“第七条 新。”", "二、删去第一条。", "此外，对条文顺序作相应调整。",
                 target=FOUR_CHAPTERS)
    assert fits.not_applied == () and fits.text.splitlines()[-1] == "第七条 新。"


@pytest.mark.parametrize(("marks", "instruction"), [
    (("1.", "2.", "3."), "删去第三条中的“信用良好；”。"), (("（1）", "（2）", "（3）"), "删去第三条中的“信用良好”。"),
    (("１．", "２．", "３．"), "删去第三条中的“信用良好；”。"), (("①", "②", "③"), "删去第三条中的“信用良好；”。"),
])
def test_a_line_numbered_in_digits_whose_words_a_deletion_takes_goes(marks: tuple[str, ...], instruction: str) -> None:
    """The emptied-项 rule for the lists numbered in digits: a `2.`/`（2）`/`②` line straight under a
    款, or a 目 under a 项, whose every word a phrase deletion took goes and the lines after it are
    numbered on (it left `2.` behind); the new last line ends the list."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。",
                            f"{marks[0]}在本市注册；\n{marks[1]}信用良好；\n{marks[2]}无违法记录。")
    result = amend(instruction, target=listed)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条") == ["第三条 申请人应当符合下列条件：", f"{marks[0]}在本市注册；",
                                        f"{marks[1]}无违法记录。", "符合前款条件的，可以申请。"]
    # a list its 款 opens (…条件：) is that 款's 项 (amend_doc.digit_item), named so
    assert "第三条第2项 left empty: deleted" in result.applied[0].effects[0]
    last = amend("删去第三条中的“无违法记录”。", target=listed)
    assert article(last, "第三条")[1:3] == [f"{marks[0]}在本市注册；", f"{marks[1]}信用良好。"]
    # a 目 under a 项
    sub = TARGET.replace("（二）信用良好；", f"（二）信用良好，包括：\n{marks[0]}按时纳税；\n{marks[1]}无失信记录；\n{marks[2]}无欠款。")
    for phrase, left in (("无失信记录；", [f"{marks[0]}按时纳税；", f"{marks[1]}无欠款。"]),
                         ("无欠款", [f"{marks[0]}按时纳税；", f"{marks[1]}无失信记录。"])):
        result = amend(f"删去第三条第二项中的“{phrase}”。", target=sub)
        assert [n.reason for n in result.not_applied] == []
        assert article(result, "第三条")[2:6] == ["（二）信用良好，包括：", *left, "（三）无违法记录。"]
    # a line with words left stays, numbered as it was
    kept = amend("删去第三条中的“良好”。", target=listed)
    assert article(kept, "第三条")[2] == f"{marks[1]}信用；"


@pytest.mark.parametrize("marks", [("（一）", "（二）", "（三）", "（四）"), ("1.", "2.", "3.", "4."),
                                   ("（1）", "（2）", "（3）", "（4）"), ("①", "②", "③", "④")])
@pytest.mark.parametrize("phrases", ["“无违法记录；”、“有固定场所”", "“无违法记录”、“有固定场所”"])
def test_two_adjacent_lines_emptied_at_the_lists_end_pass_the_end_up(marks: tuple[str, ...], phrases: str) -> None:
    """The list's last two lines emptied by one deletion: both go, and the line left last ends the
    list in 。 as a single emptied last line leaves it. Lines numbered in digits were dropped first
    to last, the first renumbering the second out of reach: `3.。` stayed, and `2.…；` kept its ；."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。",
                            f"{marks[0]}在本市注册；\n{marks[1]}信用良好；\n{marks[2]}无违法记录；\n{marks[3]}有固定场所。")
    # the list its 款 opens is that 款's 项; lines numbered without a lead-in stay 款 of their own
    for lead in ("申请人应当符合下列条件：", "申请人应当符合下列条件。"):
        target = listed.replace("申请人应当符合下列条件：", lead)
        result = amend(f"删去第三条中的{phrases}。", target=target)
        assert [n.reason for n in result.not_applied] == []
        assert article(result, "第三条") == [f"第三条 {lead}", f"{marks[0]}在本市注册；",
                                            f"{marks[1]}信用良好。", "符合前款条件的，可以申请。"]
        one_by_one = amend("删去第三条中的“无违法记录；”。", "删去第三条中的“有固定场所”。", target=target)
        assert article(one_by_one, "第三条") == article(result, "第三条")
    # a 目 list under a 项
    sub = TARGET.replace("（二）信用良好；", f"（二）信用良好，包括：\n{marks[0]}按时纳税；\n{marks[1]}无失信记录；\n"
                                        f"{marks[2]}无欠款；\n{marks[3]}无诉讼。")
    if marks[0] != "（一）":
        nested = amend("删去第三条第二项中的“无欠款；”、“无诉讼”。", target=sub)
        assert [n.reason for n in nested.not_applied] == []
        assert article(nested, "第三条")[2:5] == ["（二）信用良好，包括：", f"{marks[0]}按时纳税；", f"{marks[1]}无失信记录。"]


@pytest.mark.parametrize("marks", [("1.", "2.", "3."), ("（1）", "（2）", "（3）"), ("１．", "２．", "３．"), ("①", "②", "③")])
def test_a_list_in_digits_under_a_kuan_is_its_xiang(marks: tuple[str, ...]) -> None:
    """A `1.` list a 款 opens is that 款's 项, as decisions name it: `第三条第二款` is the 款 after
    the list (it was the list's first line, the list stored as 款 of their own), `第三条第一款第2项`
    its second line; a 项 added or deleted numbers the list on in its own form."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。",
                            f"{marks[0]}在本市注册；\n{marks[1]}信用良好；\n{marks[2]}无违法记录。")
    lines = [f"{marks[0]}在本市注册；", f"{marks[1]}信用良好；", f"{marks[2]}无违法记录。"]
    result = amend("将第三条第二款中的“前款”修改为“第一款”。", target=listed)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条") == ["第三条 申请人应当符合下列条件：", *lines, "符合第一款条件的，可以申请。"]
    replaced = amend("将第三条第一款第2项修改为：“信用优良”。", "删去第三条第二款。", target=listed)
    assert [n.reason for n in replaced.not_applied] == []
    assert article(replaced, "第三条") == ["第三条 申请人应当符合下列条件：", lines[0], f"{marks[1]}信用优良；", lines[2]]
    added = amend("在第三条第一款中增加一项，作为第二项：“有固定场所”。", "删去第三条第一款第三项。", target=listed)
    assert [n.reason for n in added.not_applied] == []
    assert article(added, "第三条")[1:4] == [lines[0], f"{marks[1]}有固定场所；", f"{marks[2]}信用良好。"]
    # an article whose paragraphs merely open with numerals, no list lead-in: its 款 stay 款
    numbered = TARGET.replace("第四条 补助标准为十万元，有效期为五年。", "第四条 补助标准如下。\n1.一般项目十万元。\n2.重点项目二十万元。")
    kept = amend("将第四条第三款中的“二十万元”修改为“三十万元”。", target=numbered)
    assert [n.reason for n in kept.not_applied] == []
    assert article(kept, "第四条") == ["第四条 补助标准如下。", "1.一般项目十万元。", "2.重点项目三十万元。"]


@pytest.mark.parametrize("marks", [("1.", "2.", "4."), ("1.", "2、", "3."), ("1.", "２．", "3."), ("（1）", "(2)", "（3）")])
def test_a_digit_list_out_of_order_stays_kuan(marks: tuple[str, ...]) -> None:
    """A list in digits whose numbers skip or whose form changes midway is no orderly list of 项:
    its lines stay 款 of their own, as before lists under a 款 were read. Read as 项, the line out
    of order became a 目 of the 项 before it, and deleting that 项 took lines no instruction named."""
    lines = [f"{marks[0]}在本市注册；", f"{marks[1]}信用良好；", f"{marks[2]}无违法记录。"]
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。", "\n".join(lines))
    named = amend("删去第三条第一款第二项。", target=listed)
    assert [n.reason for n in named.not_applied] == ["第三条第一款第（二）项 not found in the target"]
    kuan = amend("将第三条第五款中的“前款”修改为“第一款”。", "删去第三条第三款。", target=listed)
    assert [n.reason for n in kuan.not_applied] == []
    assert article(kuan, "第三条") == ["第三条 申请人应当符合下列条件：", lines[0], lines[2], "符合第一款条件的，可以申请。"]


def test_a_digit_list_keeps_the_sub_list_its_item_opens() -> None:
    """A line numbered in digits after a digit 项 is its 目 when that 项 opened them (…：) in
    another form; the list goes on after them."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。",
                            "1.在本市注册，包括：\n（1）有住所；\n（2）有账户；\n2.信用良好。")
    result = amend("删去第三条第一款第一项。", "将第三条第二款中的“前款”修改为“第一款”。", target=listed)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条") == ["第三条 申请人应当符合下列条件：", "1.信用良好。", "符合第一款条件的，可以申请。"]


@pytest.mark.parametrize(("first", "second"), [("（1）", "（2）"), ("1、", "2、")])
def test_digits_after_a_bracket_or_a_dun_are_the_items_text(first: str, second: str) -> None:
    """`（2）500万元以上的…` and `2、2024年底前…` are item 2 whose text opens with a number: only
    digits after a point are a decimal. Read as one, the line was a 款, and deleting item 1 left
    the list starting at （2）."""
    target = TARGET.replace("第四条 补助标准为十万元，有效期为五年。",
                            f"第四条 补助标准如下：\n{first}一般项目补助百分之十；\n{second}500万元以上的，补助百分之五。\n"
                            "超过的，另行研究。")
    result = amend("删去第四条第一款第1项。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第四条") == ["第四条 补助标准如下：", f"{first}500万元以上的，补助百分之五。", "超过的，另行研究。"]


@pytest.mark.parametrize("numbers", [("1.5", "2.5"), ("１．５", "２．５")])
def test_a_decimal_opening_a_line_is_no_list_number(numbers: tuple[str, str]) -> None:
    """`1.5万元以下的…` after `补助标准如下：` opens with an amount, not an item number: the lines
    stay 款, and no renumbering turns 2.5万 into 1.5万."""
    target = TARGET.replace("第四条 补助标准为十万元，有效期为五年。",
                            f"第四条 补助标准如下：\n{numbers[0]}万元以下的项目，补助百分之十；\n"
                            f"{numbers[1]}万元以上的项目，补助百分之五。\n超过的，不予补助。")
    named = amend("删去第四条第一款第一项。", target=target)
    assert [n.reason for n in named.not_applied] == ["第四条第一款第（一）项 not found in the target"]
    result = amend("将第四条第四款中的“不予补助”修改为“另行研究”。", "删去第四条第二款。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第四条") == ["第四条 补助标准如下：", f"{numbers[1]}万元以上的项目，补助百分之五。", "超过的，另行研究。"]


def test_a_xiang_named_without_its_kuan_is_of_the_chinese_numbered_list() -> None:
    """In an article with （一） 项, `第三条第二项` names the （二） (the statute convention), not the
    2. of a list a later 款 opens: that one is named with its 款."""
    target = TARGET.replace("符合前款条件的，可以申请。", "申请时应当提交下列材料：\n1.申请书；\n2.营业执照复印件。")
    result = amend("删去第三条第二项。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条") == ["第三条 申请人应当符合下列条件：", "（一）在本市注册；", "（二）无违法记录。",
                                        "申请时应当提交下列材料：", "1.申请书；", "2.营业执照复印件。"]
    second = amend("删去第三条第二款第2项。", target=target)
    assert [n.reason for n in second.not_applied] == []
    assert article(second, "第三条")[-2:] == ["申请时应当提交下列材料：", "1.申请书。"]


def test_a_digit_list_untouched_is_printed_as_written() -> None:
    """`01.` / `02.` items an amendment elsewhere leaves alone keep their marks: the consolidated
    text rewrites nothing the decision did not touch."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。", "01.在本市注册；\n02.信用良好；\n03.无违法记录。")
    result = amend("将第四条中的“十万元”修改为“二十万元”。", target=listed)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条")[1:4] == ["01.在本市注册；", "02.信用良好；", "03.无违法记录。"]


def test_kuan_emptied_by_one_deletion_are_reported_in_document_order() -> None:
    """Emptied 款 are dropped last first (a numbered one renumbers those after it), but reported
    in the order the text has them."""
    target = TARGET.replace("市财政局负责资金。", "市财政局负责资金。\n市审计局负责审计。")
    result = amend("删去第二条中的“市财政局负责资金。”、“市审计局负责审计。”。", target=target)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第二条") == ["第二条 市科技局负责实施。"]
    effect = result.applied[0].effects[0]
    assert effect.index("第二条第二款 left empty") < effect.index("第二条第三款 left empty")


def test_a_digit_list_is_named_by_its_own_numbers_in_every_effect() -> None:
    """A 项 of a `1.` list is 第2项 whether an instruction named it or a deletion emptied it."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。", "1.在本市注册；\n2.信用良好；\n3.无违法记录。")
    result = amend("删去第三条第一款第二项。", "将第三条第三项修改为：“无失信记录”。", target=listed)
    assert [n.reason for n in result.not_applied] == []
    assert [list(a.effects) for a in result.applied] == [["deleted 第三条第一款第2项"], ["replaced 第三条第3项"]]


def test_a_xiang_added_to_a_digit_list_keeps_the_sub_list_it_opens() -> None:
    """A quoted 项 for a `1.` list that opens 目 in another form (`3.…：` / `（1）…`) is one 项 with
    its 目, as the target's own lines are read, not three 项."""
    listed = TARGET.replace("（一）在本市注册；\n（二）信用良好；\n（三）无违法记录。", "1.在本市注册；\n2.信用良好；\n3.无违法记录。")
    result = amend("在第三条第一款中增加一项，作为第四项：“4.有固定场所，包括：\n（1）有住所；\n（2）有账户”。", target=listed)
    assert [n.reason for n in result.not_applied] == []
    assert article(result, "第三条")[4:7] == ["4.有固定场所，包括：", "（1）有住所；", "（2）有账户"]
