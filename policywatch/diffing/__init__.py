"""Diffing stage: clause segmentation and clause-by-clause comparison of versions."""

from policywatch.diffing.compare import compare, diff_texts

__all__ = ["compare", "diff_texts"]
