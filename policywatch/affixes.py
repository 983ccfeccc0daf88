"""What two strings share at their ends: the length of their common prefix and suffix.

Found by binary search on slices, so C compares the characters: a Python loop over them would
walk every character of two long texts that differ only in the middle. Used by the diff (set
the shared ends aside before comparing) and by the reports (the old cell's text after a label).
"""

from __future__ import annotations

__all__ = ["common_head", "common_tail"]


def common_head(a: str, b: str) -> int:
    """Length of the common prefix."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if a[:mid] == b[:mid] else (lo, mid - 1)
    return lo


def common_tail(a: str, b: str, most: int) -> int:
    """Length of the common suffix, at most `most` (what a common head leaves: they never overlap)."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if a[len(a) - mid :] == b[len(b) - mid :] else (lo, mid - 1)
    return lo
