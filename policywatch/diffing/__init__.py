"""Diffing stage: clause segmentation and clause-by-clause comparison of versions."""

from policywatch.diffing.compare import compare, diff_texts
from policywatch.diffing.segment import segment
from policywatch.diffing.textreport import render_changeset_text
from policywatch.diffing.treeview import render_tree_text, tree_to_dict

__all__ = ["compare", "diff_texts", "render_changeset_text", "render_tree_text", "segment", "tree_to_dict"]
