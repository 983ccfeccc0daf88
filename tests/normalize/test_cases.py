"""Seed-derived normalization cases (tests/data/normalize_cases.toml) and the rule tables."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from policywatch.normalize import comparison_key, normalize_text
from policywatch.normalize.rules import (
    CHAR_RULES,
    CHROME_LINE_RULES,
    FURNITURE_LINE_RULES,
    KEY_RULES,
    MARKUP_RULES,
    PRE_NFKC_KEY_RULES,
    SPACING_RULES,
    TABLE_RULES,
)

CASES_FILE = Path(__file__).parents[1] / "data" / "normalize_cases.toml"
CASES = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))["case"]
SEEDS = {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, str]) -> None:
    result = normalize_text(case["input"])
    assert result.display == case["display"]
    if "key" in case:
        assert result.key == case["key"]
    assert result.key == comparison_key(case["display"])
    again = normalize_text(result.display)
    assert again.display == result.display


def test_cases_cover_every_seed_and_give_reasons() -> None:
    assert {c["seed"] for c in CASES} >= SEEDS
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    assert all(len(c["reason"]) > 20 for c in CASES)


@pytest.mark.parametrize(
    "table",
    [CHAR_RULES, MARKUP_RULES, SPACING_RULES, TABLE_RULES, FURNITURE_LINE_RULES, CHROME_LINE_RULES, KEY_RULES,
     PRE_NFKC_KEY_RULES],
)
def test_every_rule_has_a_name_and_a_reason(table) -> None:
    names = [rule.name for rule in table]
    assert len(names) == len(set(names))
    for rule in table:
        assert rule.reason and len(rule.reason) > 15, rule.name
