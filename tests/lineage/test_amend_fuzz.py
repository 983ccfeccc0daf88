"""Any decision, however garbled, gives a result or a clear error: every instruction is either
applied, listed as not applied, or counted as addressed to another document."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policywatch.diffing import segment
from policywatch.errors import PolicywatchError
from policywatch.lineage.amend import apply_decision
from policywatch.lineage.amend_parse import parse_decision
from tests.lineage.test_amend_forms import TARGET

_PIECES = ["将", "删去", "删除", "在", "增加", "一条", "一款", "一项", "两条", "作为", "第一条", "第三条", "第九条",
           "第二款", "第（一）项", "第（四）项", "之一", "中的", "后", "前", "修改为", "改为", "统一", "合并", "移至",
           "：", "，", "、", "。", "“", "”", "“第三条　甲。", "“（一）乙；”", "“市科技局”", "“十万元”", "本办法",
           "《宁川市测试办法》", "《别的办法》", "对", "作如下修改", "此外，对条文顺序作相应调整。", "\n"]


@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), min_size=1, max_size=6))
def test_garbled_decisions_never_crash_and_lose_nothing(instructions: list[list[str]]) -> None:
    lines = [f"{i}、" + "".join(pieces) for i, pieces in zip("一二三四五六", instructions, strict=False)]
    decision = "关于修改《宁川市测试办法》的决定\n" + "\n".join(lines)
    try:
        result = apply_decision(decision, segment(TARGET))
    except PolicywatchError:
        return  # a clear error (e.g. several documents, none the target)
    parsed = parse_decision(decision).instructions
    assert len(result.applied) + len(result.not_applied) + result.skipped == len(parsed)
    assert all(n.reason for n in result.not_applied)


def test_deleting_every_article_then_adding_one() -> None:
    result = apply_decision("删去第一条至第六条。\n增加一条，作为第一条：“第一条　甲。”", segment(TARGET))
    assert not result.not_applied
    assert result.text.splitlines()[1:] == ["第一章 总则", "第一条 甲。", "第二章 附则"]


def test_a_long_address_list_that_matches_no_form_is_read_in_linear_time() -> None:
    """Regression: an address list that could split many ways backtracked exponentially."""
    import threading

    from policywatch.lineage.amend_parse import parse_instruction

    text = "将" + "、".join(f"第{i}条" for i in range(1, 80)) + "和第一条之外的内容修改成了某某"
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(parse_instruction(text).error), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done and "unrecognized" in done[0]


def test_an_unclosed_quotation_swallowing_a_long_decision_is_read_once() -> None:
    """Regression: the quotation state was recomputed over the whole instruction at every line."""
    import time

    from policywatch.lineage.amend_parse import parse_decision

    text = "一、将第二条修改为：“第二条　甲。\n" + "\n".join("乙" * 40 for _ in range(20000))
    start = time.process_time()
    decision = parse_decision(text)
    assert [i.error for i in decision.instructions] == ["unbalanced quotation marks"]
    assert time.process_time() - start < 20  # quadratic took minutes; linear takes a fraction of a second


@pytest.mark.parametrize(("body", "reads"), [
    # a stray 、 before 修改为: the phrase list was retried from every quotation, each time shorter
    ("将第一条中的" + "“甲”、" * 32000 + "修改为“乙”", "unrecognized"),
    # thousands of comma pieces: every longer run of pieces was joined again for each piece
    ("在第一条后增加" + "一条，" * 128000, "unrecognized"),
])
def test_an_instruction_of_thousands_of_pieces_or_phrases_is_read_in_linear_time(body: str, reads: str) -> None:
    """Both grew with the square (at a quarter of these sizes: 5 s and 5.5 s; here minutes): the bound
    is a hang guard, far above linear work (under a second), not a timing target."""
    import time

    from policywatch.lineage.amend_parse import parse_instruction

    start = time.process_time()
    instruction = parse_instruction(body)
    assert reads in instruction.error
    assert time.process_time() - start < 20


@pytest.mark.parametrize("marks", [("一、", "二、", "三、"), ("（一）", "（二）", "（三）"), ("1.", "2.", "3.")])
def test_one_missing_closing_quote_loses_only_its_own_instruction(marks: tuple[str, str, str]) -> None:
    """A quotation may run over lines, but never into the decision's next numbered item: the
    instructions after an unclosed “ were swallowed into one `unbalanced quotation marks`, and a
    decision with one typo applied nothing at all."""
    broken = f"{marks[0]}将第二条中的“市科技局修改为“市科学技术局”。"
    decision = "\n".join(["关于修改《宁川市测试办法》的决定", broken,
                          f"{marks[1]}将第四条中的“十万元”修改为“二十万元”。",
                          f"{marks[2]}将第一条中的“测试”修改为“检验”。"])
    result = apply_decision(decision, segment(TARGET))
    assert [(n.instruction, n.reason) for n in result.not_applied] == [(broken, "unbalanced quotation marks")]
    assert [a.instruction[:len(marks[1])] for a in result.applied] == [marks[1], marks[2]]
    assert "补助标准为二十万元" in result.text and "为了检验" in result.text and "市科技局负责实施" in result.text


def test_a_quotation_over_several_lines_still_holds_numbered_lines_of_its_own() -> None:
    """What the rule must not cut: the new text's own list items, and a next item out of sequence."""
    decision = "\n".join(["关于修改《宁川市测试办法》的决定",
                          "一、将第三条修改为：“第三条 申请人应当符合下列条件：",
                          "（一）在本市注册；",
                          "（二）将信用良好作为条件。”",
                          "二、将第四条中的“十万元”修改为“二十万元”。"])
    result = apply_decision(decision, segment(TARGET))
    assert not result.not_applied and len(result.applied) == 2
    assert "（二）将信用良好作为条件。" in result.text


def test_many_articles_added_by_number_are_each_placed_at_their_number() -> None:
    """`增加一条，作为第N条` (a number in use) is placed by the amended numbering, and once the decision
    is applied every such article is settled at its number, across chapter headings. (Its cost,
    once quadratic, is held linear by benchmarks/amend.py's "placed" case, not timed here.)"""
    from policywatch.grammar import format_chinese

    articles, added = 800, 400
    target = "宁川市规模测试办法\n" + "\n".join(
        (f"第{format_chinese(n // 20 + 1)}章　第{n}部分\n" if n % 20 == 1 else "") + f"第{format_chinese(n)}条　规定{n}。"
        for n in range(1, articles + 1))
    # every even number from 第二条 on: each new article takes a number in use, all after it move on
    decision = "关于修改《宁川市规模测试办法》的决定\n" + "\n".join(
        f"{format_chinese(i)}、增加一条，作为第{format_chinese(2 * i)}条：“新增{i}。”" for i in range(1, added + 1))
    result = apply_decision(decision + "\n此外，对条文顺序作相应调整。\n", segment(target))
    assert len(result.applied) == added and not result.not_applied
    lines = [line for line in result.text.splitlines() if "条" in line[:12]]
    assert lines[:4] == ["第一条\u3000规定1。", "第二条\u3000新增1。", "第三条\u3000规定2。", "第四条\u3000新增2。"]
    assert lines[2 * added - 1] == f"第{format_chinese(2 * added)}条\u3000新增{added}。"
    assert len(lines) == articles + added and lines[-1] == f"第{format_chinese(articles + added)}条\u3000规定{articles}。"


def test_ten_thousand_instructions_on_missing_articles_and_circular_moves_are_each_accounted_for() -> None:
    """A hostile decision: 10,000 instructions, most citing articles the target does not have, with
    moves that undo each other (第一条 after 第二条, then 第二条 after 第一条) and a move onto
    itself. Each instruction is listed once, applied or not with its reason; none is lost and the
    articles nothing deleted are all still there."""
    from policywatch.grammar import format_chinese

    target = "宁川市规模测试办法\n" + "\n".join(f"第{format_chinese(n)}条　规定{n}。" for n in range(1, 31))
    forms = ["删去第{a}条。", "将第{a}条中的“规定”修改为“规则”。", "将第{b}条移至第{c}条后。", "将第{c}条移至第{b}条后。",
             "将第{d}条移至第{d}条后。"]
    lines = [f"{format_chinese(i)}、" + forms[i % 5].format(a=format_chinese(30 + i), b=format_chinese(i % 30 + 1),
                                                            c=format_chinese((i + 1) % 30 + 1), d=format_chinese(i % 30 + 1))
             for i in range(1, 10001)]
    result = apply_decision("关于修改《宁川市规模测试办法》的决定\n" + "\n".join(lines), segment(target))
    listed = [a.instruction for a in result.applied] + [n.instruction for n in result.not_applied]
    assert sorted(listed) == sorted(lines)
    reasons = {n.reason for n in result.not_applied}
    assert "第一万零三十条 not found in the target" in reasons
    assert any(r.endswith("cannot move next to itself") for r in reasons)
    assert sum(1 for line in result.text.splitlines() if line.startswith("第") and "　规定" in line) == 30


def test_a_five_megabyte_decision_is_read_whole_or_reported() -> None:
    """A decision of 5 MB: one quotation of five million characters replaces its article; the same
    left unclosed is reported as unbalanced, and the instruction after it still applies."""
    body = "甲" * 5_000_000
    result = apply_decision(f"关于修改《宁川市测试办法》的决定\n一、将第四条修改为：“第四条 {body}”", segment(TARGET))
    assert not result.not_applied and any(len(line) > 5_000_000 for line in result.text.splitlines())
    result = apply_decision(f"关于修改《宁川市测试办法》的决定\n一、将第四条修改为：“第四条 {body}\n"
                            "二、将第一条中的“测试”修改为“检验”。", segment(TARGET))
    assert [n.reason for n in result.not_applied] == ["unbalanced quotation marks"]
    assert len(result.applied) == 1 and "为了检验" in result.text
