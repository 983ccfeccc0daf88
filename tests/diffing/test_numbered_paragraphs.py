"""An unnumbered edition whose paragraphs the next edition numbers (一、二、 or （一）（二）): each
paragraph is matched to the numbered clause it became, not read as preamble deleted plus
clauses added. Real text: tests/data/policy_shapes/hn_numbered (checked with its truth in
test_compare_pairs); the variants here are plain paragraphs without lead-in sentences."""

from policywatch.diffing import diff_texts
from policywatch.model import ChangeKind

HEAD = "关于做好2024年度企业技术改造项目申报工作的通知\n各区工业和信息化主管部门：\n"
PARAS = (
    "对年度技术改造投资额超过2000万元的项目，按设备投资额的8%给予补助，最高不超过300万元。",
    "对首次认定的省级智能工厂，给予一次性奖励100万元；对省级数字化车间给予奖励50万元。",
    "申报材料包括项目申请表、营业执照复印件、项目备案证明和设备购置发票。",
    "各区应于2024年6月30日前将推荐项目报送市工业和信息化局。",
)


def _records(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.old_path, c.new_path) for c in diff_texts(old, new).changes
            if c.kind is not ChangeKind.RENUMBERED] + [
        ("renumbered", a, b) for c in diff_texts(old, new).changes if c.kind is ChangeKind.RENUMBERED
        for a, b in c.moves]


def test_plain_paragraphs_numbered_in_brackets_are_matched_one_by_one() -> None:
    old = HEAD + "\n".join(PARAS)
    new = HEAD + "\n".join(f"（{n}）{p}" for n, p in zip("一二三四", PARAS, strict=True)).replace("8%", "10%")
    got = _records(old, new)
    assert ("modified", "¶2", "（一）") in got
    assert {("renumbered", "¶3", "（二）"), ("renumbered", "¶5", "（四）")} <= set(got)
    assert not [r for r in got if r[0] in ("added", "deleted")]
    modified = next(c for c in diff_texts(old, new).changes if c.kind is ChangeKind.MODIFIED)
    # the new number is shown by the paths; the inline changes are the edit alone
    assert [op.text for op in modified.inline if op.op != "equal"] == ["8%", "10%"]


def test_a_numbered_clause_holding_two_old_paragraphs_takes_both() -> None:
    old = HEAD + "\n".join(PARAS)
    new = HEAD + "一、" + PARAS[0] + "\n" + PARAS[1] + "\n二、" + PARAS[2] + "\n三、" + PARAS[3]
    got = _records(old, new)
    assert not [r for r in got if r[0] in ("added", "deleted")], got
    assert {r[2] for r in got} == {"一", "二", "三"}


def test_numbered_clauses_written_as_plain_paragraphs_again() -> None:
    old = HEAD + "\n".join(f"{n}、{p}" for n, p in zip("一二三四", PARAS, strict=True))
    new = HEAD + "\n".join(PARAS).replace("最高不超过300万元", "最高不超过500万元")
    got = _records(old, new)
    assert ("modified", "一", "¶2") in got
    assert not [r for r in got if r[0] in ("added", "deleted")], got


def test_a_preamble_edited_in_place_stays_one_record() -> None:
    old = HEAD + "\n".join(PARAS)
    new = HEAD + "\n".join(PARAS).replace("2024年6月30日", "2024年7月15日")
    assert _records(old, new) == [("modified", "序", "序")]
