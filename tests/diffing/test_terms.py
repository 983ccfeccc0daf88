"""Terms replaced throughout a document are named once in the change set (diffing/terms.py)."""

from __future__ import annotations

from pathlib import Path

from policywatch.diffing import diff_texts
from policywatch.model import ChangeSet, TermReplacement

DATA = Path(__file__).resolve().parents[1] / "data"


def _pair(name: str) -> ChangeSet:
    folder = DATA / ("terms" if name == "social_assistance" else "statutes")
    ext = "md" if name == "social_assistance" else "txt"
    return diff_texts((folder / f"{name}.old.{ext}").read_text(encoding="utf-8"),
                      (folder / f"{name}.new.{ext}").read_text(encoding="utf-8"))


def test_a_real_decision_renaming_two_terms_names_each_once_with_every_place():
    cs = _pair("social_assistance")
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [
        ("低收入困难家庭", "最低生活保障边缘家庭", 10),
        ("支出型贫困家庭", "刚性支出困难家庭", 7),
    ]
    low = cs.replacements[0]
    # every clause the term stood in, in the text's order; 第九条 renamed both terms in one run
    # (`低收入困难家庭、支出型贫困` → …) and counts for each
    assert low.paths[:3] == ("第二章/第九条", "第二章/第十一条", "第二章/第十二条")
    assert "第二章/第九条" in cs.replacements[1].paths
    assert len(low.paths) == len(set(low.paths)) == 9  # 第十一条 holds the term twice
    # the clause records still show each place
    assert {c.new_path for c in cs.changes} >= set(low.paths)


def test_a_spelling_changed_throughout_a_statute_is_one_replacement():
    cs = _pair("accounting")  # 会计法 2017 → 2024: 帐 → 账 everywhere
    first = cs.replacements[0]
    assert (first.old, first.new) == ("帐", "账") and first.places >= 40


def _doc(*articles: str) -> str:
    return "\n".join(f"第{n}条 {text}" for n, text in zip("一二三四五六", articles, strict=False))


def test_a_term_is_widened_to_the_words_its_places_share():
    old = _doc("低收入家庭申请补助的，应当提交材料。", "对低收入家庭给予救助。", "低收入家庭成员就业的，给予奖励。")
    new = old.replace("低收入家庭", "困难家庭")
    cs = diff_texts(old, new)
    # the inline diff keeps 家庭 equal; the reader is told the whole term
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [("低收入家庭", "困难家庭", 3)]


def test_one_edit_numbers_and_renumbered_references_are_no_renamed_term():
    old = _doc("补助期限为三个月。", "救助期限为三个月。", "依照本办法第五条执行。", "依照本办法第五条办理。",
               "由民政部门负责。")
    new = (old.replace("三个月", "六个月").replace("第五条执行", "第六条执行").replace("第五条办理", "第六条办理")
           .replace("民政部门", "社会救助部门"))
    cs = diff_texts(old, new)
    assert cs.changes and cs.replacements == ()


def test_replacements_survive_the_json_a_store_keeps_and_old_json_has_none():
    cs = _pair("social_assistance")
    again = ChangeSet.from_json(cs.to_json())
    assert again.replacements == cs.replacements
    assert isinstance(again.replacements[0], TermReplacement)
    stored_before = cs.to_dict()
    del stored_before["replacements"]
    assert ChangeSet.from_dict(stored_before).replacements == ()


def test_a_rewritten_text_names_at_most_max_terms_the_most_made_first():
    from policywatch.diffing.terms import MAX_TERMS, term_replacements
    from policywatch.model import ChangeKind, ClauseChange, InlineOp

    def clause(k: int, old: str, new: str, times: int) -> ClauseChange:
        ops = [InlineOp("equal", "对")]
        for _ in range(times):
            ops += [InlineOp("delete", old), InlineOp("insert", new), InlineOp("equal", "的规定。")]
        return ClauseChange(ChangeKind.MODIFIED, str(k), str(k), inline=tuple(ops))

    # 3,000 clauses each renaming its own word twice (a rewrite), one word renamed in five
    changes = [clause(k, f"甲{k:05d}乙", f"丙{k:05d}丁", 2) for k in range(3000)]
    changes += [clause(3000 + k, "主管部门", "行业部门", 1) for k in range(5)]
    found = term_replacements(changes)
    assert len(found) == MAX_TERMS
    assert (found[0].old, found[0].new, found[0].places) == ("主管部门", "行业部门", 5)
