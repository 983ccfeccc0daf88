"""The segmenter's memo tables: bounded, and never a different tree than a cold run."""

from __future__ import annotations

import sys
from pathlib import Path

from policywatch.diffing import segment
from policywatch.diffing.memo import Memo, clear_memos
from policywatch.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
segment_module = sys.modules["policywatch.diffing.segment"]


def test_a_memo_forgets_everything_when_full() -> None:
    memo = Memo(max_chars=10)
    memo.put("一二三四", 1)
    memo.put("五六七八", 2)
    assert memo.get("一二三四") == 1 and memo.chars == 8
    memo.put("五六七八", 3)  # the same text again: no more room taken
    assert memo.chars == 8 and memo.get("五六七八") == 3
    memo.put("九十百", 4)  # 11 characters: over the bound, the table starts afresh
    assert memo.get("一二三四") is None and memo.get("九十百") == 4 and memo.chars == 3 and len(memo) == 1


def test_a_memo_update_is_a_put_of_each_item() -> None:
    memo = Memo(max_chars=10)
    memo.update({"一二三四": 1, "五六": 2})
    memo.update({"五六": 3, "七八": 4})  # a text held already takes no more room
    assert memo.chars == 8 and memo.get("五六") == 3 and memo.get("七八") == 4
    memo.update({"九十百": 5})  # over the bound: the table starts afresh with the batch
    assert memo.get("一二三四") is None and memo.get("九十百") == 5 and memo.chars == 3 and len(memo) == 1
    memo.update({"一二三四五六": 6, "七八九十": 7, "百千": 8})  # a batch over the bound alone
    assert 0 < memo.chars <= 10 and memo.get("百千") == 8


def test_clear_memos_empties_the_segmenters_tables() -> None:
    segment(normalize_text((SEEDS / "004_1a3ddd08d567a234.txt").read_text(encoding="utf-8")).display)
    assert len(segment_module._CLAUSES) and len(segment_module._LINE_PIECES)
    clear_memos()
    assert not len(segment_module._CLAUSES) and not len(segment_module._LINE_PIECES)


def test_a_remembered_segmentation_is_the_cold_one() -> None:
    """Segment a version cold, then its edited copy warm (most lines remembered), then the copy
    cold again: the trees are equal, keys included."""
    text = normalize_text((SEEDS / "000_9f0041d443b88405.txt").read_text(encoding="utf-8")).display
    lines = text.split("\n")
    edited = "\n".join([*lines[:10], "（一）新增条款。1. 补助资金最高100万元。2. 其他。", *lines[12:]])
    clear_memos()
    segment(text)
    warm = segment(edited)
    clear_memos()
    cold = segment(edited)
    assert warm == cold and [c.key for c in warm.clauses] == [c.key for c in cold.clauses]


def test_tables_stay_bounded_over_many_documents(monkeypatch) -> None:
    clear_memos()
    tables = (segment_module._CLAUSES, segment_module._LINE_PIECES, segment_module._MARKER_LINES)
    for table in tables:
        monkeypatch.setattr(table, "_max_chars", 30_000)
    base = (SEEDS / "002_05b334b9d66293e8.txt").read_text(encoding="utf-8")
    first = segment(normalize_text(base).display)
    for k in range(12):  # 12 distinct documents of ~22 K characters each: over the bound
        segment(normalize_text(base.replace("。", f"。{k}")).display)
    for table in tables:
        assert 0 < table.chars <= 30_000
    assert segment(normalize_text(base).display) == first
