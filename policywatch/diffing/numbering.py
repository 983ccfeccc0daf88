"""Clause headings, on top of the marker grammar (policywatch.grammar owns numerals and markers;
the names are re-exported here for the segmenter's modules)."""

from __future__ import annotations

from policywatch.grammar import (
    FAMILIES,
    POSITIONAL,
    RANKS,
    SPACES,
    WIDTH_FOLD,
    Marker,
    content_start,
    match_marker,
    parse_chinese,
    parse_number,
)
from policywatch.grammar import format_chinese as to_chinese
from policywatch.lazyre import LazyRegex

__all__ = ["FAMILIES", "POSITIONAL", "RANKS", "WIDTH_FOLD", "Marker", "content_start", "heading_of",
           "match_marker", "parse_chinese", "parse_number", "to_chinese"]


def heading_of(rest: str, *, family: str = "", spaced: bool = True, limit: int = 40) -> str:
    """The lead-in sentence of a clause (§1.3): the first sentence ending in 。；： or at the
    line end, within `limit` characters; "" when there is none.

    An article written without a blank after 第X条 (第一条为引导…) is all body; so is an article
    that is one whole sentence (第十四条 本办法由长沙市科技局负责解释。).
    """
    rest = rest.strip(SPACES)
    if not rest or (family == "article" and not spaced):
        return ""
    m = _SENTENCE_END.search(rest, 0, limit + 1)
    if m is None:
        return rest if len(rest) <= limit else ""
    # an article that is one sentence: nothing after it but blanks, 。 or a (责任单位：…) note
    # (looked at only for articles: the rest of a long line is not copied for other clauses)
    if family == "article" and m.group() in "。；;" and not _NOTE.sub("", rest[m.end():].strip(_AFTER_SENTENCE)):
        return ""
    return rest[:m.start()].strip(SPACES)


_SENTENCE_END = LazyRegex("[。；;：:]")
_NOTE = LazyRegex(r"^[（(][^（）()]*[）)]$")
_AFTER_SENTENCE = SPACES + "。"
