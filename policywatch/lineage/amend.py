"""Amendment decisions (修改决定 / 修正案) applied to the text they amend.

    apply_decision(decision_text, target_tree, target_title="") -> AmendmentResult

The decision's instructions are applied in order to the target's statute units (章, 条, 款, 项);
`条文顺序作相应调整` renumbers the articles afterwards (之一 articles otherwise keep every other
number stable). An instruction that cannot be read or applied — its article or phrase not found,
its place ambiguous — changes nothing and is listed verbatim with the reason: never guessed.
The target's tree comes from the diffing stage's segmenter, passed in by the CLI or pipeline.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from policywatch.errors import UsageError
from policywatch.lineage.amend_apply import apply_op
from policywatch.lineage.amend_doc import (
    AmendError,
    Document,
    document_from_tree,
    outside_chapter,
    renumber,
    settle_placed,
)
from policywatch.lineage.amend_parse import Decision, Instruction, parse_decision
from policywatch.lineage.amend_places import NotApplicable
from policywatch.model import ClauseTree

# The consolidated text may be at most this many times the target and the decision together (plus
# MIN_ROOM characters): a real decision, even one replacing a phrase throughout (将本法中的“甲”
# 修改为“乙”), stays far below; a hostile one doubling a phrase per instruction would exhaust memory.
MAX_GROWTH = 10
MIN_ROOM = 100_000
MAX_PASSES = 4  # the decision applied again without articles that end outside their 章 (apply_decision)

__all__ = ["AmendError", "AmendmentResult", "AppliedInstruction", "NoInstructions", "NotAppliedInstruction",
           "apply_decision", "decision_documents"]


class NoInstructions(AmendError):
    """The decision holds no instruction at all (not one read, not one unreadable): nothing can be
    derived, and an `amends` relation to it must say so rather than stay silent."""


@dataclass(frozen=True, slots=True)
class AppliedInstruction:
    instruction: str  # verbatim
    effects: tuple[str, ...]  # what it did, one line per edit ("replaced 第三条第二款")


@dataclass(frozen=True, slots=True)
class NotAppliedInstruction:
    instruction: str  # verbatim
    reason: str


@dataclass(frozen=True, slots=True)
class AmendmentResult:
    text: str  # the consolidated text
    applied: tuple[AppliedInstruction, ...]
    not_applied: tuple[NotAppliedInstruction, ...]
    renumbered: bool = False  # the decision said 条文顺序作相应调整
    document: str = ""  # the title the applied instructions amend, as the decision writes it
    skipped: int = 0  # instructions for other documents of a decision amending several
    documents: tuple[str, ...] = ()  # every title the decision amends, as it writes them

    @property
    def complete(self) -> bool:
        return not self.not_applied

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "applied": [{"instruction": a.instruction, "effects": list(a.effects)} for a in self.applied],
            "not_applied": [asdict(n) for n in self.not_applied],
            "renumbered": self.renumbered,
            "document": self.document,
            "skipped": self.skipped,
            "documents": list(self.documents),
        }


def decision_documents(decision_text: str) -> list[str]:
    """The titles a decision amends (作如下修改, 根据本决定作相应修改): how the pipeline finds targets."""
    return list(parse_decision(decision_text).documents)


def apply_decision(decision_text: str, target: ClauseTree, *, target_title: str = "") -> AmendmentResult:
    """Apply the decision's instructions for `target` in order; see the module docstring.

    Raises NoInstructions when the decision holds no instruction, AmendError when the target has no article,
    UsageError when the decision amends several documents and none of them is the target.
    """
    decision = parse_decision(decision_text)
    if not decision.instructions and not decision.renumber:
        raise NoInstructions("no amendment instructions (将第X条修改为…, 删去…, 废止《X》第N条, 增加…) found in the decision")
    document = _target_section(decision, target_title or target.title)
    # an article added in a 章 under a number that the whole decision places outside that 章 is
    # reported, and the decision applied again without it (an instruction applies whole or not at
    # all, and the later ones were read against its text). Taking one out may move another out of
    # its 章 (the articles after it move up): after MAX_PASSES, a decision still doing so — none
    # written for a real text — has every such instruction reported, not a pass per instruction.
    outside: dict[int, str] = {}
    for passes in range(1, MAX_PASSES + 2):
        doc, applied, not_applied, skipped, renumbered, misplaced, numbered = _apply_all(
            decision, target, document, decision_text, outside)
        if not misplaced:
            break
        outside.update(misplaced)
        if passes >= MAX_PASSES:
            outside.update((i, "articles added in a 章 under a number keep moving one another out of their 章")
                           for i in numbered if i not in outside)
    if renumbered:
        renumber(doc)
    return AmendmentResult(doc.text(), tuple(applied), tuple(not_applied), renumbered, document, skipped,
                           tuple(decision.documents))


def _apply_all(decision: Decision, target: ClauseTree, document: str, decision_text: str, outside: dict[int, str],
               ) -> tuple[Document, list[AppliedInstruction], list[NotAppliedInstruction], int, bool, dict[int, str], set[int]]:
    """The decision's instructions applied to a fresh copy of the target, those in `outside` reported
    with their reason; the placed articles settled when the text is to be renumbered. Also the
    instructions (index: reason) whose article added in a 章 ends outside it, and every instruction
    that added one under a number."""
    doc = document_from_tree(target)
    doc.max_chars = MAX_GROWTH * (len(doc.text()) + len(decision_text)) + MIN_ROOM
    doc.index.sync(doc)  # units measured and indexed once; each instruction then updates what it changed
    applied: list[AppliedInstruction] = []
    not_applied: list[NotAppliedInstruction] = []
    owner: dict[int, int] = {}  # an article added in a 章 → its instruction
    skipped = 0
    for i, instruction in enumerate(decision.instructions):
        if document and instruction.document and not same_title(instruction.document, document):
            skipped += 1
            continue
        if i in outside:
            not_applied.append(NotAppliedInstruction(instruction.text.strip(), outside[i]))
            continue
        mark = len(doc.in_chapter)
        outcome = _apply_instruction(doc, instruction)
        if isinstance(outcome, NotAppliedInstruction):  # its entries of doc.in_chapter undone with it
            not_applied.append(outcome)
        else:
            owner.update((id(article), i) for article, _, _ in doc.in_chapter[mark:])
            applied.append(outcome)
    renumbered = "" in decision.renumber or any(same_title(t, document) for t in decision.renumber if t)
    # 增加一条，作为第三十六条 where a 第三十六条 stands: the articles after it move on even when the
    # decision does not say 条文顺序作相应调整 (the 郑州 2018 decision then numbers the next one
    # anew itself, 将第三十七条修改，作为第三十八条); two articles under one number is no text.
    renumbered = renumbered or _numbers_collide(doc)
    if renumbered:
        settle_placed(doc)
    misplaced: dict[int, str] = {}
    for article, reason in outside_chapter(doc, renumbered=renumbered):
        misplaced.setdefault(owner[id(article)], reason)
    return doc, applied, not_applied, skipped, renumbered, misplaced, set(owner.values())


def _numbers_collide(doc: Document) -> bool:
    labels = [(a.number, a.zhi) for a in doc.articles()]
    return len(set(labels)) != len(labels)


def _apply_instruction(doc: Document, instruction: Instruction) -> AppliedInstruction | NotAppliedInstruction:
    text = instruction.text.strip()
    if instruction.error:
        return NotAppliedInstruction(text, instruction.error)
    # an instruction applies whole or not at all: its changes are logged as they are made and a
    # failure undoes them (what it touched, not a copy of the whole document per instruction)
    journal = doc.journal()
    effects = []
    try:
        with journal:
            for op in instruction.ops:
                effects.append(apply_op(doc, op))
    except NotApplicable as exc:
        journal.undo()
        return NotAppliedInstruction(text, str(exc))
    return AppliedInstruction(text, tuple(effects))


def _target_section(decision: Decision, title: str) -> str:
    """The document title whose instructions apply to the target ("" when the decision names none)."""
    named = decision.documents
    if len(named) <= 1:
        return named[0] if named else ""
    for candidate in named:
        if title and same_title(candidate, title):
            return candidate
    listed = "、".join(f"《{t}》" for t in named)
    raise UsageError(f"the decision amends {listed}; none of them is the target"
                     + (f" 《{title}》" if title else " (give its title)"))


_TITLE_NOISE = re.compile(r"[\s《》〈〉“”\"]|（试行）|\(试行\)")


def same_title(a: str, b: str) -> bool:
    """Whether two titles name one document: equal once blanks and brackets go, or one the
    other wrapped (`关于印发《X》的通知` names X)."""
    fa, fb = _TITLE_NOISE.sub("", a), _TITLE_NOISE.sub("", b)
    return bool(fa and fb) and (fa == fb or (len(fa) >= 6 and fa in fb) or (len(fb) >= 6 and fb in fa))
