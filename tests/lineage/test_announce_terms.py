"""An announcement of an amended or replaced document names the terms replaced throughout."""

from __future__ import annotations

from pathlib import Path

from policywatch.diffing import diff_texts
from policywatch.model import DocKey, Relation, RelationKind
from policywatch.pipeline.lineage import announcement

DATA = Path(__file__).resolve().parents[1] / "data" / "terms"


def test_the_renamed_terms_lead_the_announcement_in_either_language():
    cs = diff_texts((DATA / "social_assistance.old.md").read_text(encoding="utf-8"),
                    (DATA / "social_assistance.new.md").read_text(encoding="utf-8"))
    relation = Relation(kind=RelationKind.AMENDS, subject=DocKey(2, "", "关于修改〈上海市公路管理条例〉等10件地方性法规的决定"),
                        target=DocKey(1, "", "上海市社会救助条例"), method="test", evidence="", confidence=1.0)
    zh = announcement(relation, cs, "zh")
    assert "修改 13 处；全文替换 低收入困难家庭 → 最低生活保障边缘家庭（10 处）；全文替换 支出型贫困家庭 → 刚性支出困难家庭（7 处）；" in zh
    en = announcement(relation, cs, "en")
    assert "; replaced throughout: 低收入困难家庭 → 最低生活保障边缘家庭 (10 places); " in en


def test_a_fact_is_worded_in_the_announcement_as_in_the_reports():
    from policywatch.model import ChangeKind, ChangeSet, ClauseChange, FactChange
    from policywatch.reports.i18n import Translator
    from policywatch.reports.labels import change_summary

    # a value without the words before it (a table cell) is named by its role in the reports:
    # the announcement said a bare "∅ → 500万元"
    cs = ChangeSet(changes=(
        ClauseChange(ChangeKind.ADDED, new_path="三", new_text="500万元",
                     facts=(FactChange(role="amount", old="", new="500万元", path="三"),)),
        ClauseChange(ChangeKind.MODIFIED, old_path="四", new_path="四", old_text="最高资助1000万元", new_text="最高资助800万元",
                     facts=(FactChange(role="amount", old="1000万元", new="800万元", context="最高资助", path="四"),))))
    relation = Relation(kind=RelationKind.SUPERSEDES, subject=DocKey(2, "", "示范市办法（2024年修订）"),
                        target=DocKey(1, "", "示范市办法"), method="test", evidence="", confidence=1.0)
    for lang in ("zh", "en"):
        t = Translator(lang)
        report = change_summary(cs, t, max_facts=5)
        line = announcement(relation, cs, lang)
        for worded in (f"{t.label('role', 'amount')} ∅ → 500万元", "最高资助 1000万元 → 800万元"):
            assert worded in report and worded in line, (lang, line)
