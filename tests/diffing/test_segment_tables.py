"""A table row whose first cell opens with a marker (`一、续建项目⇥…`, a row group of a project
or 分工 table) is a row of the table, not a clause: the table stays in the clause it belongs to.
Real table: tests/data/policy_shapes/yx_annex (附件3, seed 004), whose rows are given a row
group written as 一、/二、 here (a variant); a second variant is a 分工 table under 二、."""

from pathlib import Path

from policywatch.diffing import segment
from policywatch.normalize import normalize_text

ANNEX = Path(__file__).resolve().parents[1] / "data" / "policy_shapes" / "yx_annex.old.txt"


def _tree(text: str) -> dict[str, str]:
    return {c.path_str: c.text for c in segment(normalize_text(text).display)}


def test_row_groups_of_the_real_project_table_stay_in_the_annex() -> None:
    raw = ANNEX.read_text(encoding="utf-8")
    header = raw.index("序号\t项目名称")
    first_row = raw.index("\n1\t", header) + 1
    grouped = raw[:first_row] + "一、续建项目\t\t\t\t\t\t\n" + raw[first_row:]
    grouped = grouped.replace("\n3\t锂电池", "\n二、新开工项目\t\t\t\t\t\t\n3\t锂电池", 1)
    before, after = _tree(raw), _tree(grouped)
    assert set(after) == set(before)  # no 附件3/一 or 附件3/二
    assert "续建项目" in after["附件3"] and "新开工项目" in after["附件3"]


def test_a_division_of_tasks_table_with_numbered_rows_stays_under_its_item() -> None:
    text = ("某市重点任务分工方案\n为抓好落实，制定本方案。\n一、加强组织领导\n建立工作专班。\n二、任务分工\n"
            "类别\t任务\t责任单位\n一、产业发展\t培育龙头企业\t市工信局\n二、创新平台\t建设实验室\t市科技局\n"
            "三、保障措施\n加强资金保障。")
    tree = _tree(text)
    assert [p for p in tree if p not in ("头", "序")] == ["一", "二", "三"]
    assert "一、产业发展\t培育龙头企业" in tree["二"]


def test_a_tab_right_after_a_marker_is_spacing_not_a_cell() -> None:
    tree = _tree("某市管理办法\n第一条\t为了规范管理，制定本办法。\n第二条\t本办法适用于本市行政区域。")
    assert "第一条" in tree and "第二条" in tree
