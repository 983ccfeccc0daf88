"""Amendment decisions wired to the diffing stage: the target file's clause tree for
lineage.amend, and the consistency check of a derived text against the republished one.

    consolidate(decision_text, target_text, target_title="") -> AmendmentResult
    check_consistency(derived_text, republished_text) -> ChangeSet
"""

from __future__ import annotations

from dataclasses import replace

from policywatch import diffing, normalize
from policywatch.lineage.amend import AmendmentResult, NoInstructions, apply_decision
from policywatch.model import ChangeSet

__all__ = ["NoInstructions", "check_consistency", "consolidate", "display_text"]

# The title block's zones: a republished text adds `（…根据…决定修正）` under its title, which no
# decision instruction writes, so a difference there says nothing about the instructions.
_TITLE_ZONES = ("头", "序")


def display_text(text: str) -> str:
    """The display text (one paragraph a line) every stage reads."""
    return "\n".join(normalize.display_lines(text))


def consolidate(decision_text: str, target_text: str, *, target_title: str = "") -> AmendmentResult:
    """Apply a decision (raw text) to a target (raw text): segment the target, apply in order."""
    tree = diffing.segment(display_text(target_text), title=target_title)
    return apply_decision(display_text(decision_text), tree, target_title=target_title)


def check_consistency(derived_text: str, republished_text: str, *, derived_label: str = "derived",
                      republished_label: str = "republished") -> ChangeSet:
    """Clause-level differences between the text derived from a decision and the full text the
    authority republished (empty when they agree). Differences confined to the title block
    are left out; every other difference is either a misread instruction or a republished text
    that differs from its decision — both are reported."""
    changes = diffing.diff_texts(derived_text, republished_text, old_label=derived_label,
                                 new_label=republished_label)
    kept = tuple(c for c in changes.changes if not _in_title_block(c.old_path) or not _in_title_block(c.new_path))
    return replace(changes, changes=kept)


def _in_title_block(path: str) -> bool:
    return not path or path.split("/", 1)[0] in _TITLE_ZONES
