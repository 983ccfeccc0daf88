"""The small labels every report shows: permalink anchors, path labels, fact lines, one-line
summaries and clause headings.

Kept apart from `views` (the site's, digests' and feeds' view models): the 新旧对照 page of
`policywatch diff --format html` needs only these, and a process that renders one page
should not create the event and outline view classes it never uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from policywatch.grammar import split_citation, strip_marker
from policywatch.lazyre import LazyRegex
from policywatch.model import ChangeSet
from policywatch.reports.i18n import Translator

if TYPE_CHECKING:
    from policywatch.model import FactChange, TermReplacement

_KIND_ORDER = ("modified", "added", "deleted", "moved", "renumbered", "split", "merged")
_UNSAFE_ID = LazyRegex(r"[\s\"'<>&#%?]+")


def anchor(path: str | Sequence[str]) -> str:
    """Permalink id of a clause path: ("三", "（二）", "2") or "三/（二）/2" -> "三-（二）-2"."""
    parts = path.split("/") if isinstance(path, str) else list(path)
    return _UNSAFE_ID.sub("_", "-".join(p for p in parts if p)) or "top"


@lru_cache(maxsize=8192)  # a 新旧对照 page labels each path for its row, notes and facts
def path_label(path: str) -> str:
    """A clause path as readers see it: "三/（二）/2" -> "三 › （二） › 2"; a statute's article part
    as it is cited: "第三章/第三十五条/第二款/（三）" -> "第三章 › 第三十五条第二款第（三）项"."""
    above, citation = split_citation(path)
    return " › ".join([*above, citation] if citation else above)


def one_line(text: str, limit: int = 80) -> str:
    """Collapse whitespace (CR/LF included) and shorten; safe for subjects and list items."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def fact_text(fact: FactChange, t: Translator) -> str:
    """A changed fact as reports and announcements word it: its context, else its role's name, and
    its values (`最高资助 1000万元 → 500万元`, `金额 ∅ → 500万元`)."""
    ctx = fact.context or t.label("role", fact.role)
    return f"{ctx} {fact.values}"


def replacement_text(term: TermReplacement, t: Translator) -> str:
    return t("change.replaced", old=term.old, new=term.new, n=term.places)


def key_changes(cs: ChangeSet, t: Translator) -> list[str]:
    """What a list of the change names first: the terms replaced throughout (a 修改决定's gist),
    then the changed facts, each cited by its clause ("二 › （一） › 1 培育 100家 → 150家")."""
    return [replacement_text(r, t) for r in cs.replacements] + [
        f"{path_label(f.path)} {fact_text(f, t)}" if f.path else fact_text(f, t) for f in cs.key_facts]


def change_summary(cs: ChangeSet | None, t: Translator, *, max_facts: int = 2) -> str:
    """One line: "3 处修改，1 处新增；最高资助 1000万元 → 500万元"."""
    if cs is None or cs.is_empty:
        return t("count.no_change")
    counts = cs.counts()
    parts = [t("count.item", n=counts[k], kind=t(f"kind.{k}")) for k in _KIND_ORDER if counts[k]]
    if counts["metadata"]:
        parts.append(", ".join(_metadata_line(m.field, m.old, m.new, t) for m in cs.metadata_changes[:2]))
    line = t("count.sep").join(parts)
    facts = [replacement_text(r, t) for r in cs.replacements] + [fact_text(f, t) for f in cs.key_facts]
    if facts:
        shown = "，".join(facts[:max_facts])
        if len(facts) > max_facts:
            shown += " " + t("count.more_facts", n=len(facts) - max_facts)
        line += t("count.facts_sep") + shown
    return line


def _metadata_line(name: str, old: str, new: str, t: Translator) -> str:
    return f"{t('field.' + name)} {old or '∅'} → {new or '∅'}"


def clause_heading(text: str, heading: str) -> str:
    """A clause's heading words: its heading, else its first line without the number."""
    if heading:
        return one_line(heading, 40)
    first = text.split("\n", 1)[0].strip()
    # the marker is part of the clause text; the outline shows it separately as the label
    return one_line(strip_marker(first), 40)
