"""The signature of a notice: the issuing organ's name on a line of its own, over the date.

`福建省农业厅` / `2018年4月26日`, `南京市人民政府办公厅` / `2019年6月29日`. The diffing zones read
it as the start of a document's tail; the normalizer keeps it off the line above it, which in a
notice is often an annex title that ends without punctuation (`2.…一览表` / `福建省农业厅`).
"""

from __future__ import annotations

from policywatch.grammar.dates import DATE_WRITTEN
from policywatch.grammar.organs import ORGAN_END
from policywatch.lazyre import LazyRegex

# An organ's name: Chinese words (a bracketed part or a blank between joint issuers allowed)
# ending in the word for an organ (grammar/organs: the one vocabulary metadata reads issuers with)
SIGNATORY = LazyRegex(rf"[\u4e00-\u9fff（）()〈〉 \u3000]{{2,40}}{ORGAN_END}")


def is_signatory(line: str) -> bool:
    """Whether `line` (blanks around it removed) is nothing but an organ's name."""
    return SIGNATORY.fullmatch(line.strip()) is not None


def signs_off(line: str, next_line: str) -> bool:
    """Whether `line` is a signature: an organ's name with the written date on the next line."""
    return is_signatory(line) and DATE_WRITTEN.fullmatch(next_line.strip()) is not None
