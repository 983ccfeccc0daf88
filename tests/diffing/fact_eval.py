"""Scoring the facts of real revisions against their hand truth: tests/data/facts/revisions.toml
(the set the rules were written from), tests/data/facts_unseen/revisions.toml and
tests/data/facts_unseen2/revisions.toml (revisions they were not written from, scored apart). Shared by tests/diffing/test_fact_revisions.py,
tests/diffing/test_fact_unseen.py and benchmarks/fact_quality.py.

A reported fact matches a truth fact when each side's value holds the truth's value (compared
folded: width, dashes) and no other number (`最低不少于3000元` holds `3000元`; `之日起2日` does
not hold `2日内`). Its context is right when it is one the truth lists. A value is shown as
written when the edition's own text holds it verbatim (`2024—2026年`, not the folded `2024-2026年`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from policywatch.diffing import diff_texts

REVISIONS = Path(__file__).resolve().parents[1] / "data" / "facts" / "revisions.toml"
UNSEEN = Path(__file__).resolve().parents[1] / "data" / "facts_unseen" / "revisions.toml"
# a second unseen set, its pairs marked "tune" (looked at when rules were fixed) or "held" (only scored)
UNSEEN2 = Path(__file__).resolve().parents[1] / "data" / "facts_unseen2" / "revisions.toml"
_NUMBER = re.compile(r"[0-9一二三四五六七八九十百千万亿两零〇]")


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).replace("—", "-").replace("–", "-").replace("－", "-")


def holds(got: str, want: str) -> bool:
    """Whether a reported value states the truth's value, and no other number."""
    got, want = _fold(got), _fold(want)
    if not want:
        return not got
    return want in got and not _NUMBER.search(got.replace(want, "", 1))


@dataclass
class Score:
    truth: int = 0
    reported: int = 0
    matched: int = 0
    context_right: int = 0
    verbatim: int = 0
    values: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self) -> str:
        recall = self.matched / self.truth if self.truth else 1.0
        precision = self.matched / self.reported if self.reported else 1.0
        return (f"facts: truth {self.truth}, reported {self.reported}, matched {self.matched}; "
                f"recall {recall:.3f}, precision {precision:.3f}; context right {self.context_right}/"
                f"{self.matched}; values shown as written {self.verbatim}/{self.values}")


def pairs(path: Path = REVISIONS, part: str = "") -> list[dict]:
    """The pairs of a set (those of one `part` of it, if given)."""
    found = tomllib.loads(path.read_text(encoding="utf-8"))["pair"]
    return [pair for pair in found if pair.get("part") == part] if part else found


def evaluate(pair_list: list[dict] | None = None, path: Path = REVISIONS) -> Score:
    score = Score()
    for k, pair in enumerate(pair_list if pair_list is not None else pairs(path)):
        facts = list(diff_texts(pair["old"], pair["new"]).facts)
        truth = list(pair["facts"])
        score.truth += len(truth)
        score.reported += len(facts)
        for fact in facts:
            for value, text in ((fact.old, pair["old"]), (fact.new, pair["new"])):
                if value:
                    score.values += 1
                    score.verbatim += value in text
        left = list(facts)
        for want in truth:
            got = next((f for f in left if holds(f.old, want["old"]) and holds(f.new, want["new"])), None)
            if got is None:
                score.misses.append(f"#{k} {pair['source']}: missing {want['context'][0]} "
                                    f"{want['old'] or '∅'} → {want['new'] or '∅'}")
                continue
            left.remove(got)
            score.matched += 1
            if got.context in want["context"]:
                score.context_right += 1
            else:
                score.misses.append(f"#{k} {pair['source']}: context {got.context!r} for "
                                    f"{want['context'][0]} {got.old or '∅'} → {got.new or '∅'}")
        for extra in left:
            score.misses.append(f"#{k} {pair['source']}: extra {extra.role} {extra.context!r} "
                                f"{extra.old or '∅'} → {extra.new or '∅'}")
    return score
