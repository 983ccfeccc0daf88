"""Diffing stage: clause segmentation and clause-by-clause comparison of versions.

The text renderers load on first use (policywatch.lazyexports): `diff --format html` or `json`
never needs them.
"""

from typing import TYPE_CHECKING

from policywatch.diffing.compare import compare, diff_texts
from policywatch.diffing.segment import segment
from policywatch.lazyexports import lazy_exports

if TYPE_CHECKING:
    from policywatch.diffing.textreport import render_changeset_text
    from policywatch.diffing.treeview import render_tree_text, tree_to_dict

__all__ = ["compare", "diff_texts", "render_changeset_text", "render_tree_text", "segment", "tree_to_dict"]
__getattr__, __dir__ = lazy_exports(__name__, globals(), {"render_changeset_text": "textreport",
                                                          "render_tree_text": "treeview", "tree_to_dict": "treeview"})
