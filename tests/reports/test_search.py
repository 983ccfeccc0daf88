"""The full-text index: folding, parts, stable keys, and postings computed only when needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policywatch.reports import build_site, search
from tests.reports.fakes import make_source


def _payload(body: bytes) -> list:
    text = body.decode()
    return json.loads("[" + text[text.index("(") + 1: text.rindex(")")] + "]")


def test_fold_unifies_widths_case_brackets_and_spaces():
    assert search.fold("宁政办发［2019］ 37号 ＡＩ") == search.fold("宁政办发〔2019〕37号ai") == "宁政办发|2019|37号ai"


def test_every_bigram_of_a_long_text_is_found_in_some_part():
    text = "".join(chr(0x4E00 + i % 500) for i in range(3 * search.PART + 10))
    entry = search.SearchEntry("d1", "document", "标题", "", "documents/1.html", text)
    files = {f.path: f for f in search.index_files([entry])}
    parts = [p for p in files if p.startswith("search/t/")]
    assert parts == ["search/t/d1.js", "search/t/d1.1.js", "search/t/d1.2.js", "search/t/d1.3.js"]
    # a phrase cut by a part boundary is whole in the earlier part (parts overlap)
    boundary = search.PART - 3
    phrase = ("标题\n" + text)[boundary:boundary + 8]
    texts = {_payload(files[p].render())[0]: _payload(files[p].render())[1] for p in parts}
    assert any(phrase in t for t in texts.values())
    postings: dict[str, str] = {}
    for number in range(search.SHARDS):
        postings.update(_payload(files[f"search/p/{number}.js"].render())[1])
    for i in range(len(phrase) - 1):
        assert "d1" in postings[search.fold(phrase[i:i + 2])].split(",")


def test_a_rebuild_of_an_unchanged_store_computes_no_postings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = make_source()
    build_site(fake, tmp_path / "site")
    calls = []
    original = search.bigrams
    monkeypatch.setattr(search, "bigrams", lambda text: calls.append(1) or original(text))
    again = build_site(fake, tmp_path / "site")
    assert again.written == () and calls == []
