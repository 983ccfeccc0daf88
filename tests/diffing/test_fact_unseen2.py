"""The second set of real revisions the rules were not written from (tests/data/facts_unseen2):
its floors, the tuned-on part and the held-out part apart. The held part is never a unit test's
sentence: its figure is the honest one for unseen text."""

from tests.diffing.fact_eval import UNSEEN2, evaluate, pairs


def test_the_set_is_real_revisions_in_two_parts() -> None:
    found = pairs(UNSEEN2)
    assert len(found) >= 30
    assert {pair["part"] for pair in found} == {"tune", "held"}
    assert len(pairs(UNSEEN2, "held")) >= 15


def test_the_tuned_on_part_scores() -> None:
    score = evaluate(pairs(UNSEEN2, "tune"))
    assert score.matched / score.truth >= 0.95, score.misses
    assert score.matched / score.reported >= 0.95, score.misses
    assert score.verbatim == score.values, score.misses


def test_the_held_out_part_scores() -> None:
    """Measured 0.760 recall / 0.792 precision before the condition and joined-subject causes were
    fixed (on the tune part and tests/data/facts_unseen), 0.920 / 0.958 after."""
    score = evaluate(pairs(UNSEEN2, "held"))
    assert score.matched / score.truth >= 0.9, score.misses
    assert score.matched / score.reported >= 0.95, score.misses
    assert score.verbatim == score.values, score.misses
