"""Facts of bare numbers in table cells: unit from the row's 单位 cell or the column header,
context from the row's name and the column header (policywatch/diffing/cells.py)."""

from pathlib import Path

from policywatch.diffing import diff_texts
from policywatch.diffing.cells import cell_fact
from policywatch.diffing.facts import extract_facts, fact_changes

SHAPES = Path(__file__).resolve().parents[1] / "data" / "policy_shapes"


def _table(path: str) -> str:
    """The tab-separated lines of a real excerpt (its table, without the prose around it)."""
    return "\n".join(line for line in (SHAPES / path).read_text(encoding="utf-8").split("\n") if "\t" in line)


def test_an_indicator_table_cell_takes_its_unit_from_the_unit_column_and_its_name_from_the_row() -> None:
    old = _table("dq_table.old.txt")  # 类别⇥指标⇥单位⇥2015 年 实际 值⇥…⇥2022 年; 类别 merged over rows
    new = old.replace("30\t50\n", "30\t55\n", 1)
    assert [c.summary for c in fact_changes(old, new, path="表1")] == ["表1 人工智能核心产业产值·2022年 50亿元 → 55亿元"]


def test_an_investment_table_cell_takes_its_unit_from_the_header_bracket() -> None:
    old = _table("yx_annex.old.txt").split("\n序号")[-1]  # the 附件3 table: 计划总投资 (亿元)
    old = "序号" + old
    new = old.replace("2022-2025\t8\t2", "2022-2025\t9\t2")
    [change] = fact_changes(old, new, path="附件3")
    assert (change.role, change.context, change.old, change.new) == (
        "amount", "易光电源芯片智能驱动器制造项目·计划总投资", "8亿元", "9亿元")


def test_an_amount_standard_table_written_by_hand() -> None:
    # a variant the excerpts do not hold: 项目 | 标准 | 金额（万元） with a percent column
    old = "项目\t补助标准\t补助比例\t金额（万元）\n首台（套）装备\t按销售额\t30%\t500\n首批次新材料\t按保费\t80%\t300"
    new = old.replace("80%\t300", "60%\t200")
    assert {(c.role, c.context, c.old, c.new) for c in fact_changes(old, new)} == {
        ("percent", "首批次新材料·补助比例", "80%", "60%"),
        ("amount", "首批次新材料·金额", "300万元", "200万元"),
    }


def test_row_counters_and_headerless_lists_state_no_cell_fact() -> None:
    table = "序号\t企业名称\t投资额（万元）\n1\t甲公司\t100\n2\t乙公司\t200"
    assert cell_fact(table, 3) is None  # the 序号 cell of the first row
    assert cell_fact(table, 5) == ("amount", "100万元", "甲公司·投资额")
    assert cell_fact(table, 1) is None  # a header cell
    rows = "1\t甲公司\t100\n2\t乙公司\t200"  # no worded header: nothing says what 100 is
    assert cell_fact(rows, 2) is None
    assert cell_fact("到2025年，培育100家企业", 0) is None  # prose is no table
    contacts = "联系人\t联系电话\t邮编\n张三\t87654321\t210000"  # numbers that name, not count
    assert cell_fact(contacts, 4) is None
    assert cell_fact(contacts, 5) is None
    wrapped = "项目\t2020年\t2022年\n产值\t30\t5\n0"  # a row cut by a re-wrap: 50 became 5 / 0
    assert cell_fact(wrapped, 5) == ("count", "5", "产值·2022年")  # read as written
    assert cell_fact(wrapped, 6) is None  # the fragment has no cells under the headers


def test_a_table_row_inserted_shifts_the_row_counter_without_a_fact() -> None:
    head = "序号\t企业名称\t投资额（万元）\n"
    old = head + "1\t甲公司\t100\n2\t乙公司\t200"
    new = head + "1\t甲公司\t100\n2\t丙公司\t150\n3\t乙公司\t200"
    assert [(c.context, c.old, c.new) for c in fact_changes(old, new)] == [("丙公司·投资额", "", "150万元")]


def test_a_scale_in_words_without_yuan_is_an_amount() -> None:
    # real: 001 (德清) 专栏一 设立百亿人工智能专项基金; variants 千亿级产业集群, 千亿规模
    assert [f.value for f in extract_facts("设立百亿人工智能专项基金") if f.role == "amount"] == ["百亿"]
    assert [f.value for f in extract_facts("打造千亿级产业集群") if f.role == "amount"] == ["千亿级"]
    assert [f.value for f in extract_facts("形成五十亿元产业规模") if f.role == "amount"] == ["五十亿元"]
    # 千万/万一 are words, not amounts
    assert not [f for f in extract_facts("千万不能放松，以防万一") if f.role == "amount"]


def test_diff_of_the_real_indicator_table_names_the_row() -> None:
    old = (SHAPES / "dq_table.old.txt").read_text(encoding="utf-8")
    new = old.replace("\t27.8\t—\t50\t65", "\t27.8\t—\t50\t75")
    facts = [f.summary for c in diff_texts(old, new).changes for f in c.facts]
    assert facts == ["（三）/¶5 智能金融增加值·2022年 65亿元 → 75亿元"]


def test_a_table_cut_by_a_rewrap_states_no_cell_facts() -> None:
    # the real indicator table, re-extracted with its rows cut at 30 columns: the numbers are
    # all still there, none was removed
    old = _table("dq_table.old.txt")
    cut = "\n".join(line[i : i + 30] for line in old.split("\n") for i in range(0, len(line), 30))
    assert not [c for c in fact_changes(old, cut) if "·" in c.context]
    # a long last cell going on on the next line in both editions is no cut of the edition
    long_cell = old + "\t建成一批国家级\n数据中心"
    edited = long_cell.replace("\t27.8\t—\t50\t65", "\t27.8\t—\t50\t75")
    assert [c.summary for c in fact_changes(long_cell, edited)] == ["智能金融增加值·2022年 65亿元 → 75亿元"]


def test_a_line_put_inside_a_table_states_no_cell_facts_for_the_rows_it_cuts_off() -> None:
    # the real table with its repeated header moved up a line and a row replaced by a sentence:
    # the rows below would stand under other headers, their numbers read as removed
    old = (SHAPES / "dq_table.new.txt").read_text(encoding="utf-8")
    lines = old.split("\n")
    lines[15], lines[16] = lines[16], lines[15]
    lines[24] = "新增加的一句话，用于检验插入。"
    new = "\n".join(lines)
    facts = [f.summary for c in diff_texts(old, new).changes for f in c.facts]
    assert not [f for f in facts if "·" in f]
