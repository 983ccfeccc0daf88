"""Lists of unnumbered lead-in paragraphs (`产业发展初具规模。…`, `一是加强组织领导。…`) and the
paragraph after the list: the parent's own when every lead-in is one paragraph (real text:
tests/data/policy_shapes/yx_annex, pinned in its segment.toml); these are variants."""

from policywatch.diffing import segment

PARENT = "（一）加强组织保障\n各地要把这项工作摆上重要议事日程，加强统筹协调。\n"
LEADS = (
    "一是加强组织领导。成立工作专班，统筹推进各项任务落实。",
    "二是加大资金投入。市级财政每年安排专项资金不少于5000万元。",
    "三是强化督查考核。将任务落实情况纳入年度综合考核。",
)
AFTER = "各责任单位要于每季度末报送工作进展情况。"


def _paths(text: str) -> dict[str, str]:
    return {c.path_str: c.text for c in segment(text)}


def test_a_paragraph_after_one_paragraph_lead_ins_is_the_parents() -> None:
    paths = _paths(PARENT + "\n".join(LEADS) + "\n" + AFTER + "\n（二）完善政策体系\n制定配套细则。")
    assert paths["（一）/¶3"] == LEADS[2]
    assert paths["（一）/¶4"] == AFTER
    assert paths["（二）"].startswith("（二）完善政策体系")


def test_a_lead_in_of_two_paragraphs_keeps_the_paragraph_after_the_last() -> None:
    leads = (LEADS[0] + "\n专班由分管副市长任组长，成员包括各相关部门。", *LEADS[1:])
    paths = _paths(PARENT + "\n".join(leads) + "\n" + AFTER)
    assert paths["（一）/¶1"] == leads[0]
    assert paths["（一）/¶3"] == LEADS[2] + "\n" + AFTER
    assert "（一）/¶4" not in paths


def test_a_last_lead_in_that_introduces_what_follows_keeps_it() -> None:
    last = "三是强化督查考核。考核内容如下："
    paths = _paths(PARENT + "\n".join((*LEADS[:2], last)) + "\n" + AFTER)
    assert paths["（一）/¶3"] == last + "\n" + AFTER
