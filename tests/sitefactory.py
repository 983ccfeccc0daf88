"""Generated multi-document test sites: N policy pages cut from a seed, edited round by round.

Each document is a run of paragraphs of the 665 KB seed with its own 信息公开 metadata. An edit
changes one amount in one document (`最高X万元`-style: a number followed by 万元 or 亿元), so
every round's edits are known exactly and can be checked against what policywatch reported.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from policywatch.demo.sitegen import Doc, write_site

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
AMOUNT = re.compile(r"(\d+)(万元|亿元)")


def _paragraphs() -> list[str]:
    (path,) = SEEDS.glob("001_*.txt")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    # skip the compilation's front matter and table of contents
    return [line for line in lines[120:] if len(line) > 20]


@dataclass
class GeneratedSite:
    """A site of `count` documents whose text can be edited; `write(root)` renders the current state."""

    count: int
    paragraphs_per_doc: int = 12
    seed: int = 7
    docs: list[Doc] = field(default_factory=list)
    edits: list[tuple[str, str, str]] = field(default_factory=list)  # (doc id, old amount, new amount)

    def __post_init__(self) -> None:
        paragraphs = _paragraphs()
        rng = random.Random(self.seed)
        for index in range(self.count):
            start = (index * self.paragraphs_per_doc) % max(1, len(paragraphs) - self.paragraphs_per_doc)
            body = paragraphs[start : start + self.paragraphs_per_doc]
            # every document gets one guaranteed amount so it can always be edited
            body = [*body, f"对符合条件的项目给予最高{100 + index}万元资助。"]
            self.docs.append(Doc(
                id=f"{5000 + index}", date=f"2022-{1 + index % 12:02d}-{1 + index % 28:02d}",
                title=f"关于印发人工智能产业扶持政策（第{index + 1}号）的通知",
                issuer="示范市工业和信息化局", doc_number=f"示工信发〔2022〕{index + 1}号",
                written=f"2022-{1 + index % 12:02d}-{1 + index % 28:02d}",
                index_no=f"000000000/2022-{index + 1:05d}", lines=tuple(body),
                visits=rng.randint(10, 9999),
            ))
        self._rng = rng

    def edit_random(self, fraction: float) -> list[tuple[str, str, str]]:
        """Change one amount in a random `fraction` of the documents; returns the edits made."""
        chosen = self._rng.sample(range(len(self.docs)), max(1, int(len(self.docs) * fraction)))
        made = []
        for index in chosen:
            made.append(self.edit(index))
        return made

    def edit(self, index: int) -> tuple[str, str, str]:
        doc = self.docs[index]
        lines = list(doc.lines)
        last = lines[-1]
        match = AMOUNT.search(last)
        assert match is not None
        old = match.group(0)
        new = f"{int(match.group(1)) + 1}{match.group(2)}"
        lines[-1] = last.replace(old, new, 1)
        self.docs[index] = replace(doc, lines=tuple(lines), visits=doc.visits + 1)
        edit = (doc.id, old, new)
        self.edits.append(edit)
        return edit

    def bump_counters(self) -> None:
        """Cosmetic noise only: every page's visit counter moves."""
        self.docs = [replace(d, visits=d.visits + 3) for d in self.docs]

    def write(self, root: Path, *, page_size: int = 20) -> None:
        write_site(root, self.docs, page_size=page_size)

    def url_of(self, doc_id: str) -> str:
        doc = next(d for d in self.docs if d.id == doc_id)
        return "/" + doc.path
