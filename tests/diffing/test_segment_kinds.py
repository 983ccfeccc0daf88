"""Kinds of policy documents the seeds lack (tests/data/policy_kinds, real texts): Q&A
interpretations, standards' bare and dotted numbering, Macau 第X條 with a) items, lists flattened
into commas, quoted amendments, traditional amounts (萬/億). Their pinned clauses are checked in
test_segment_seeds.py; these tests pin what each rule must and must not do."""

from __future__ import annotations

from pathlib import Path

from policywatch.diffing import segment
from policywatch.model import ClauseTree
from policywatch.normalize import normalize_text

DATA = Path(__file__).resolve().parents[1] / "data"
KINDS = DATA / "policy_kinds"


def _tree(text: str) -> ClauseTree:
    return segment(normalize_text(text).display)


def _paths(tree: ClauseTree) -> dict[str, object]:
    return {c.path_str: c for c in tree}


def test_a_question_holds_its_answer() -> None:
    # the 答记者问 excerpt of tests/data/lineage_unseen (real): the question was part of the head
    tree = _tree((DATA / "lineage_unseen" / "docs" / "g03_genai_qa.txt").read_text(encoding="utf-8"))
    question = _paths(tree)["问1"]
    assert question.family == "question" and question.heading == "请简要介绍《办法》的出台背景"
    assert "答：出台《办法》" in question.text


def test_questions_are_siblings_and_an_answer_list_is_the_question_s() -> None:
    # two real Q&A pages one after the other (tests/data/policy_kinds/sh_qa_wengang.txt, then the
    # lineage_unseen 答记者问's question and answer): the second question closes the first one's list
    first = (KINDS / "sh_qa_wengang.txt").read_text(encoding="utf-8")
    second = (DATA / "lineage_unseen" / "docs" / "g03_genai_qa.txt").read_text(encoding="utf-8").splitlines()[2:4]
    paths = _paths(_tree(first + "\n".join(second) + "\n"))
    assert {"问1", "问1/（一）", "问1/（二）", "问2"} <= set(paths)
    assert paths["问2"].heading == "请简要介绍《办法》的出台背景"


def test_a_numbered_question_is_headed_by_its_question() -> None:
    # synthetic variant of the real question above: numbered 1. as interpretation pages number them
    paths = _paths(_tree("1.问：请简要介绍《办法》的出台背景？\n答：出台《办法》，既是促进生成式人工智能健康发展的重要要求。\n"))
    assert paths["1"].heading == "请简要介绍《办法》的出台背景"


def test_a_question_mark_line_without_an_answer_is_no_question() -> None:
    # a heading asking a question, followed by prose (not 答：), stays what it was
    text = "哪些用人单位可以享受稳岗返还政策?\n在本市参保的企业具备下列条件的,可以享受稳岗返还政策。\n"
    assert all(c.family != "question" for c in _tree(text))


def test_a_list_flattened_into_commas_is_cut_at_its_own_family_only() -> None:
    paths = _paths(_tree((KINDS / "cw_apply_flat.txt").read_text(encoding="utf-8")))
    # `(一)…,(二)…` is cut; `…,2.在财政专项…` (a lower family after a comma) is text, not a clause
    assert "一/（二）" in paths and "一/（二）/2" not in paths
    assert "2.在财政专项资金审计" in paths["一/（二）"].text
    paths = _paths(_tree((KINDS / "cw_wengang_flat.txt").read_text(encoding="utf-8")))
    assert [p for p in paths if "/" not in p] == ["一", "二", "三"]


def test_quoted_wording_belongs_to_the_clause_quoting_it() -> None:
    paths = _paths(_tree((KINDS / "mo_despacho.txt").read_text(encoding="utf-8")))
    assert [p for p in paths if p not in ("头", "序")] == ["一", "二"]
    assert "遞交申請" in paths["一"].text and "三、〔……〕”" in paths["一"].text


def test_a_short_quote_a_wrap_put_at_a_line_start_quotes_nothing() -> None:
    # seed 001 (苏州 若干意见, L3236) re-wrapped after `（以下简称：`: the quote closes on its line,
    # so the clauses after it are clauses (the 5 MB re-wrap test lost a document boundary here)
    text = ("为深入贯彻习近平总书记关于科技创新的一系列重要指示精神，加快推进苏州国家生物药技术创新中心、"
            "国家第三代半导体技术创新中心、国家新一代人工智能创新发展试验区（以下简称：\n"
            "“一区两中心”）建设，牢牢把握新时代发展机遇，现提出若干意见如下：\n"
            "一、提升科技自立自强能力\n"
            "1. 支持承担国家重大战略任务。鼓励“一区两中心”围绕“四个面向”战略目标积极承担国家、省重大科技任务。\n"
            "二、推动重大创新成果转化\n"
            # a later paragraph of the seed (苏州 实施方案) that ends in a closing quote
            "探索新一代人工智能发展新路径新机制，为全国大中型城市探索人工智能赋能经济转型发展路径树立“苏州样本”。\n")
    assert {"一", "一/1", "二"} <= set(_paths(segment(text)))


def test_a_standard_nests_its_bare_and_dotted_numbers() -> None:
    tree = _tree((KINDS / "gbt_cloud.txt").read_text(encoding="utf-8"))
    paths = _paths(tree)
    assert {"3/3.1/3.1.4", "3/3.2", "5/5.1"} <= set(paths)
    assert paths["4"].heading == "云数据存储和管理框架"
    # `第 1 部分: 总则` under the title names the standard's part: no clause holding the whole text
    assert all(c.family != "part" for c in tree)


def test_numbers_in_wrapped_sentences_open_no_clause() -> None:
    # a re-wrap of tests/data/policy_kinds/ha_rules.txt: rows that start with an amount, a count
    # or a decimal are the sentence going on
    text = ("一、落实财税支持政策\n"
            "1.积极争取省级专项资金,整合市工信、科技、市场监管、地方金融监管等部门涉企资金,设立\n"
            "2.43亿元推动工业强市发展专项引导资金,出台管理办法,发布项目申报指南。\n"
            "2.成立“智改数转”工作专班,每年培育星级上云企业\n"
            "50家。\n")
    tree = _tree(text)
    assert [c.path_str for c in tree] == ["一", "一/1", "一/2"]
    assert "2.43亿元推动工业强市" in _paths(tree)["一/1"].text


def test_a_traditional_amount_cut_by_a_wrap_keeps_its_number() -> None:
    # a re-wrap of tests/data/policy_kinds/hh_trad.txt: `3` alone on a row before `萬元` is the
    # amount's number, not a page number to drop (万 was known, 萬 and 億 were not)
    raw = "1.對承辦市級消費促進活動的執行單位或商貿流通企業,給予\n3\n萬元-5萬元的資金支持。\n"
    assert "給予3萬元-5萬元" in normalize_text(raw).key
    raw = "2.對年主營業務收入首次達到\n5\n億元以上的給予50萬元獎勵。\n"
    assert "達到5億元" in normalize_text(raw).key


def test_macau_articles_and_letter_items() -> None:
    paths = _paths(_tree((KINDS / "mo_allowance.txt").read_text(encoding="utf-8")))
    # `a)` items are labelled as written (`a）`), and cited so: 第二条a）项 (as 第二條a)項 is), never 第（a）项
    assert {"第一条", "第二条", "第二条/a）", "第二条/b）", "第三条", "第四条"} <= set(paths)
    assert paths["第二条/a）"].heading == "啟程津貼為澳門元二千七百元"
    from policywatch.diffing import render_tree_text

    text = render_tree_text(_tree((KINDS / "mo_allowance.txt").read_text(encoding="utf-8")))
    assert "第二条/a） (第二条a）项)" in text and "（a）" not in text


def test_a_pdf_reader_prompt_after_the_last_article_is_the_tail() -> None:
    """The 印務局 page's `請使用Adobe Reader 7.0或以上閱讀PDF版本檔案。` after 第四條 is page chrome,
    though it ends in 。: the tail, not 第四条's 第二款."""
    tree = _tree((KINDS / "mo_allowance.txt").read_text(encoding="utf-8"))
    assert (tree.clauses[-1].family, tree.clauses[-1].text) == ("tail", "請使用Adobe Reader 7.0或以上閱讀PDF版本檔案。")
    assert not any(c.path_str.startswith("第四条/") for c in tree)


def test_letter_items_rewritten_in_the_other_bracket_form_are_no_change() -> None:
    """`a)` → `(a)` (labels `a）` → `（a）`: each labelled as written) is the same item: no
    renumbering of the list, and an edit of it is one modified record with both paths."""
    from policywatch.diffing import diff_texts

    old = (KINDS / "mo_allowance.txt").read_text(encoding="utf-8")
    assert diff_texts(old, old.replace("——a)", "——(a)").replace("\nb)", "\n(b)")).is_empty
    edited = old.replace("——a)", "——(a)").replace("\nb)", "\n(b)").replace("二千七百元", "三千元")
    assert [(c.kind.value, c.old_path, c.new_path) for c in diff_texts(old, edited).changes] == [
        ("modified", "第二条/a）", "第二条/（a）")]
