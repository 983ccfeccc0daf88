"""One organ vocabulary (grammar/organs) for issuers, signatures and 公告 series: a signature whose organ
ends with 会 or 署 (岚江市总工会, 兴安盟行政公署) over its date closes the document as any other organ's
does — it was read as a paragraph of the last article or the last item when only metadata knew the word."""

from __future__ import annotations

from policywatch.diffing.segment import segment
from policywatch.extract.metadata import from_text
from policywatch.grammar.signature import signs_off

UNION = "岚江市职工医疗互助办法\n第一条 为开展职工医疗互助活动，制定本办法。\n第二十条 本办法自2018年7月1日起施行。\n岚江市总工会\n2018年6月1日\n"
LEAGUE = ("关于全面推进乡村振兴的实施意见\n一、提升粮食供给保障能力。\n二、实施乡村建设行动。\n中共兴安盟委员会\n"
          "兴安盟行政公署\n2021年4月2日\n")


def test_a_signature_of_any_organ_is_the_tail() -> None:
    tree = segment(UNION)
    assert [(c.family, c.text) for c in tree.clauses if c.family in ("tail", "para")] == [("tail", "岚江市总工会\n2018年6月1日")]
    tree = segment(LEAGUE)
    assert tree.clauses[-1].text == "中共兴安盟委员会\n兴安盟行政公署\n2021年4月2日"
    assert tree.clauses[-2].text == "二、实施乡村建设行动。"


def test_the_signature_and_the_issuer_read_one_vocabulary() -> None:
    for organ in ("岚江市总工会", "兴安盟行政公署", "中国人民银行", "南京市人民政府办公厅"):
        assert signs_off(organ, "2021年4月2日")
        assert from_text(f"关于做好某项工作的通知\n一、认真落实。\n{organ}\n2021年4月2日\n").issuer == organ
