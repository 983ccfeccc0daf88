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
