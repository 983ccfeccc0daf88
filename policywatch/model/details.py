"""The details some changes carry: a changed fact inside a clause, a changed metadata field.

Part of `policywatch.model`, which re-exports both names: import them from there. They live in
their own module because a frozen dataclass costs its creation at import (six generated methods
compiled), and most `policywatch diff` runs of an edited clause or two change no fact and no
metadata field; `policywatch.model` imports this module the first time one of them is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FactChange", "MetadataChange", "TermReplacement"]


@dataclass(frozen=True, slots=True)
class FactChange:
    """A changed fact inside a clause: '最高资助 1000万元 → 500万元'."""

    role: str  # amount, percent, measure, date, target_year, count, deadline, validity, department, quantity
    old: str
    new: str
    context: str = ""  # the qualifier or subject, e.g. "最高资助"
    path: str = ""  # clause path where it sits

    @property
    def is_pair(self) -> bool:
        """Both values stand: a value that changed, not one an added or deleted clause (or words
        put in or taken out) brought or took away."""
        return bool(self.old and self.new)

    @property
    def values(self) -> str:
        """The value as it changed, `1000万元 → 500万元` (∅ for one a clause brought or took away):
        the one wording of it, which summary and the reports' and announcements' lines put words around."""
        return f"{self.old or '∅'} → {self.new or '∅'}"

    @property
    def summary(self) -> str:
        prefix = f"{self.path} " if self.path else ""
        ctx = f"{self.context} " if self.context else ""
        return f"{prefix}{ctx}{self.values}"


@dataclass(frozen=True, slots=True)
class TermReplacement:
    """Words replaced the same way in several places: '低收入困难家庭 → 最低生活保障边缘家庭', as a
    修改决定 renames a term throughout (将本条例中的"…"修改为"…"). `places` counts the replacements,
    `paths` the clauses they were made in, in the new text's order."""

    old: str
    new: str
    places: int
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MetadataChange:
    field: str
    old: str
    new: str
