"""The clause grammar, one pure library for every stage: numerals, marker families, legal
reference words (第三十五条第二款第（三）项), date forms, and the 文号 (docnumber.py).

Everything that reads or writes a clause number derives from here, so a new marker style or
numeral form is added in one place. Imports nothing from policywatch but model, errors and lazyre.
"""

from policywatch.grammar.dates import parse_date, written_forms
from policywatch.grammar.markers import (
    ARTICLE_LEVEL,
    COUNTED,
    FAMILIES,
    KEY_MARKER,
    MARKER_ALTERNATION,
    NUMBERED,
    PARAGRAPH,
    POSITIONAL,
    RANKED_ALTERNATION,
    RANKS,
    SPACES,
    STATUTE_GROUPS,
    STATUTE_LEVELS,
    Family,
    Marker,
    content_start,
    match_marker,
    paragraph_label,
    starts_clause,
    strip_marker,
)
from policywatch.grammar.numerals import (
    AR_NUM,
    CN_NUM,
    WIDTH_FOLD,
    format_chinese,
    format_circled,
    parse_chinese,
    parse_enclosed,
    parse_number,
)
from policywatch.grammar.references import (
    Address,
    display_path,
    find_addresses,
    format_address,
    parse_address,
    path_labels,
    split_citation,
)

__all__ = [
    "ARTICLE_LEVEL",
    "AR_NUM",
    "CN_NUM",
    "COUNTED",
    "FAMILIES",
    "KEY_MARKER",
    "MARKER_ALTERNATION",
    "NUMBERED",
    "PARAGRAPH",
    "POSITIONAL",
    "RANKED_ALTERNATION",
    "RANKS",
    "SPACES",
    "STATUTE_GROUPS",
    "STATUTE_LEVELS",
    "WIDTH_FOLD",
    "Address",
    "Family",
    "Marker",
    "content_start",
    "display_path",
    "find_addresses",
    "format_address",
    "format_chinese",
    "format_circled",
    "match_marker",
    "paragraph_label",
    "parse_address",
    "parse_chinese",
    "parse_date",
    "parse_enclosed",
    "parse_number",
    "path_labels",
    "split_citation",
    "starts_clause",
    "strip_marker",
    "written_forms",
]
