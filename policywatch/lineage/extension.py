"""Notices that keep another document in force: `关于延长《X》有效期的通知`, `《X》有效期延长至2027年12月31日`,
a clean-up row or sentence `《X》继续有效`.

The document's own term (`本办法有效期延长至…`) is `expiry.validity_terms`; this module reads what
a notice says about OTHER documents, named by 《title》 or 文号.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policywatch.extract.metadata import parse_date
from policywatch.lineage.citations import Reference, references, sentences
from policywatch.lineage.expiry import _DATE

_UNTIL = re.compile(rf"(?:延长至|延长到|有效期至|有效期截至|执行至|继续执行至)\s*(?P<date>{_DATE})")
_EXTENDS = re.compile(r"延长[^。；\n]{0,20}有效期|有效期[^。；\n]{0,30}延长|继续执行至")
_CONTINUES = re.compile(r"继续有效|继续执行")
# "the document named in the title" when the sentence names none: 该文件 / 上述文件 / 其有效期
_ANAPHORA = re.compile(r"该(?:文件|政策|办法|通知|意见|措施|规定|方案)|上述文件|其有效期")
_TITLE_EXTENSION = re.compile(r"关于延长《[^》]+》(?:等[^有]{0,10})?有效期")


@dataclass(frozen=True, slots=True)
class Extension:
    """A notice keeps `target` in force: until `expires` (ISO date), or with no end date said ("")."""

    target: Reference
    expires: str
    evidence: str


def extended_in_title(title: str) -> list[Reference]:
    """The documents a notice's title says it extends (`关于延长《X》有效期的通知`): the notice names
    them even when its body only says `该政策有效期延长至…`."""
    return _paired(references(title)) if _TITLE_EXTENSION.search(title) else []


def extensions(text: str, title: str = "") -> list[Extension]:
    """Every document the notice extends or declares still in force, first mention wins."""
    from_title = extended_in_title(title)
    found: dict[tuple[str, str], Extension] = {}
    for sentence in sentences(text):
        if not (_EXTENDS.search(sentence) or _CONTINUES.search(sentence)):
            continue
        until = _UNTIL.search(sentence)
        expires = parse_date(until["date"]) if until else ""
        if not expires and not _CONTINUES.search(sentence):
            continue  # 延长 with no date and no 继续有效: nothing to record
        named = _paired(references(sentence))
        if not named and from_title and (_ANAPHORA.search(sentence) or until):
            named = from_title  # 该政策有效期延长至… in a notice titled 关于延长《X》有效期的通知
        for ref in named:
            found.setdefault((ref.title, ref.doc_number), Extension(ref, expires, sentence))
    return list(found.values())


def _paired(refs: list[Reference]) -> list[Reference]:
    """A clean-up row names a title and, in the next column, its 文号 (no brackets): one reference."""
    out: list[Reference] = []
    for ref in refs:
        if not ref.title and out and out[-1].title and not out[-1].doc_number:
            out[-1] = Reference(out[-1].title, ref.doc_number, out[-1].start)
        else:
            out.append(ref)
    return out
