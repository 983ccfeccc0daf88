"""Counts in the reports' English say one as one ("1 document", "1 policy changed")."""

from __future__ import annotations

import re

import pytest

from policywatch.reports.i18n import Translator


@pytest.mark.parametrize(("key", "values", "one", "two"), [
    ("source.count", {}, "1 document", "2 documents"),
    ("event.baseline_count", {}, "1 document now watched", "2 documents now watched"),
    ("mail.changed", {}, "1 policy changed", "2 policies changed"),
    ("mail.more", {}, "1 more change is not listed", "2 more changes are not listed"),
    ("hook.changes", {}, "1 policy change", "2 policy changes"),
    ("hook.missing", {}, "1 document missing", "2 documents missing"),
    ("hook.reappeared", {}, "1 document back online", "2 documents back online"),
    ("hook.unread", {"reasons": "x"}, "1 document not read this run", "2 documents not read this run"),
    ("change.unchanged", {}, "1 unchanged clause (click", "2 unchanged clauses (click"),
])
def test_an_english_count_of_one_is_singular(key: str, values: dict[str, str], one: str, two: str) -> None:
    t = Translator("en")
    said = {n: t(key, n=n, **values) for n in (1, 2)}
    # the phrase whole: "1 document" must not match inside "1 documents"
    assert re.search(re.escape(one) + "(?![a-z])", said[1]), said
    assert re.search(re.escape(two) + "(?![a-z])", said[2]), said

