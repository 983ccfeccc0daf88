"""Where a text names other documents: sentences, and the 《title》 and 文号 references in them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policywatch.grammar.docnumber import DOC_NUMBER, find_doc_numbers

_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_TITLE = re.compile(r"《(?P<title>[^《》\n]{2,120})》")
# 《X》（某政发〔2019〕12号）: the number right after a title belongs to it
_NUMBER_AFTER = re.compile(rf"\s*[（(]\s*(?P<number>{DOC_NUMBER.pattern})\s*[）)]")


@dataclass(frozen=True, slots=True)
class Reference:
    """A document named in a sentence: by title, by 文号, or both."""

    title: str = ""
    doc_number: str = ""
    start: int = 0  # offset in the sentence


def sentences(text: str) -> list[str]:
    """The text's sentences (ending at 。；; or a line break), stripped."""
    return [s.strip(" \t\u3000") for s in _SENTENCE.findall(text) if s.strip(" \t\u3000")]


def references(sentence: str) -> list[Reference]:
    """Every document a sentence names, in order; a title and the 文号 after it are one reference."""
    found: list[Reference] = []
    claimed: list[tuple[int, int]] = []
    for m in _TITLE.finditer(sentence):
        number = _NUMBER_AFTER.match(sentence, m.end())
        doc_number = ""
        if number:
            numbers = find_doc_numbers(number["number"])
            doc_number = str(numbers[0][0]) if numbers else ""
            claimed.append((number.start(), number.end()))
        found.append(Reference(title=m["title"].strip(), doc_number=doc_number, start=m.start()))
        claimed.append((m.start(), m.end()))
    for number, start, _end in find_doc_numbers(sentence):
        if not any(a <= start < b for a, b in claimed):
            found.append(Reference(doc_number=str(number), start=start))
    return sorted(found, key=lambda r: r.start)
