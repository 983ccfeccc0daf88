"""Entry points: text → (display text, comparison key), ExtractedDocument → NormalizedDocument.

The display pipeline, in order: characters (line ends, invisible and odd spaces) → layout
(PDF rows joined, injected links and running headers dropped) → markup remnants → spacing →
furniture (page numbers, chrome, stray links, TOC) → page-break rejoining. The key is then
derived from the display text alone (`width.comparison_key`); both layers are idempotent.
"""

from __future__ import annotations

from itertools import filterfalse

from policywatch.normalize.furniture import (
    drop_furniture,
    drop_injected_urls,
    drop_page_furniture,
    drop_running_headers,
    drop_title_headers,
    is_page_furniture,
)
from policywatch.normalize.layout import (
    BARE_ROWS,
    ROWS,
    detect_layout,
    full_width,
    glue_all,
    join_cut_numbers,
    join_pass,
    join_rows,
    row_ends,
)
from policywatch.normalize.patterns import apply_all, apply_lines, apply_lines_until_stable
from policywatch.normalize.rules import (
    CHAR_RULES,
    CHAR_RULES_ANY,
    MARKUP_RULES,
    PRINTABLE_INVISIBLE_ANY,
    SPACING_RULES,
    TABLE_RULES,
    VISIBLE_ANY,
)
from policywatch.normalize.width import comparison_key

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # the model (and hashlib below) are imported on first use: importing is cheap
    from policywatch.model import DocumentMetadata, ExtractedDocument, NormalizedDocument, NormalizedText

# Every spacing rule but doubled punctuation needs a space to match (text lines hold no tabs:
# a tab makes a table row), so only lines with one go through them; doubled punctuation, the
# last rule, then goes over all lines at once.
_SPACE_RULES = tuple(rule for rule in SPACING_RULES if rule.name != "doubled-punct")
_SPACE_FREE_RULES = tuple(rule for rule in SPACING_RULES if rule.name == "doubled-punct")
# Lines already stripped of spaces (and, holding no tab, of tabs) give the edge rules nothing to
# do, and no other rule leaves a space at a line edge: they are skipped for those.
_EDGE_RULES = ("trailing-space", "leading-space")
_INNER_SPACE_RULES = tuple(rule for rule in _SPACE_RULES if rule.name not in _EDGE_RULES)


def _respace(lines: list[str], stripped: bool = False) -> list[str]:
    """SPACING_RULES on text lines, in one regex pass per rule (the rules never cross a line end);
    `stripped`: the lines have no space at either end."""
    out = list(lines)
    spaced = [i for i, line in enumerate(lines) if " " in line]
    rules = _INNER_SPACE_RULES if stripped else _SPACE_RULES
    for i, line in zip(spaced, apply_lines(rules, [lines[i] for i in spaced]), strict=True):
        out[i] = line
    return apply_lines(_SPACE_FREE_RULES, out)


def _clean_spacing_all(lines: list[str]) -> list[str]:
    """Respace stripped text lines; table rows keep their cells and lose only their outer spaces."""
    rows = [i for i, line in enumerate(lines) if "\t" in line]  # is_table(), inline: a line loop
    if rows:
        out = list(lines)
        is_row = set(rows)
        text = [i for i in range(len(lines)) if i not in is_row]
        for i, line in zip(text, _respace([lines[i] for i in text], stripped=True), strict=True):
            out[i] = line
        for i in rows:
            out[i] = apply_all(TABLE_RULES, lines[i])
    else:
        out = _respace(lines, stripped=True)
    return [line for line in out if line.strip()]


def _char_rules_apply(lines: list[str]) -> bool:
    """Whether a character rule changes one of the lines. Every character they change but
    PRINTABLE_INVISIBLE is unprintable, and str.isprintable() tells a clean line ~6x faster than a regex search of
    the class (0.15 against 0.9 ms on 001): only unprintable lines (table rows: a tab) are searched."""
    # one isprintable() pass, in C: a table row (a tab) is unprintable, and all() stopping at the
    # first one went through every line again to pick them
    return any(CHAR_RULES_ANY.search(line) for line in filterfalse(str.isprintable, lines))


def _paragraphs(text: str) -> list[str]:
    """Split into stripped paragraphs, joining PDF rows when the text is laid out in rows."""
    lines = text.split("\n")
    # the variation selectors pass isprintable(): one search of the text for them (~1.4 ms on
    # 665 KB, a twentieth of the display pipeline)
    if _char_rules_apply(lines) or PRINTABLE_INVISIBLE_ANY.search(text):
        lines = apply_all(CHAR_RULES, text).split("\n")
    layout = detect_layout(lines)
    if layout in (ROWS, BARE_ROWS):
        # the title repeated as a running header goes while the page numbers beside it, which
        # show it at a page break, are still there: join_rows drops them
        # show it at a page break, are still there: join_rows drops them. With row-end marks
        # only a row that ends its paragraph is a title or its repeat (a row the page edge cut
        # is a piece of one); bare rows' width tells no such thing here: the title repeated
        # on every page of a short text is itself the modal width
        rows = drop_running_headers(drop_injected_urls(lines))
        rows = drop_title_headers(rows, whole=row_ends if layout == ROWS else None)
        return join_rows(rows, full_width(rows) if layout == BARE_ROWS else 0)
    return join_cut_numbers(drop_title_headers([line.strip(" ") for line in lines if line.strip()]))


def _strip_markup(paragraphs: list[str]) -> list[str]:
    """Remove Markdown/HTML remnants in one pass per rule (the rules never cross a line end)."""
    # page numbers first: `- 3 -` would otherwise lose its dash to the list-bullet rule
    kept = drop_page_furniture(paragraphs)
    return [line.strip(" ") for line in apply_lines_until_stable(MARKUP_RULES, kept) if line.strip()]


def _rejoin(paragraphs: list[str]) -> tuple[list[str], bool]:
    """Join page-break splits until none is left; True when the result needs a full re-run.

    A join can make the joined paragraph an orphan-shaped tail (`人` + `）`) or complete markup
    (`*` + `*。`) or furniture, so joining repeats, and a completed remnant sends the text
    through the whole pipeline once more.
    """
    settled = True
    dirty: set[int] | None = None  # the first pass looks at every pair, later ones at changes
    fragile: set[int] = set()
    while True:
        paragraphs, grown, fragile = join_pass(paragraphs, dirty, fragile)
        if not grown:
            return paragraphs, settled
        dirty = set(grown)
        # all grown paragraphs in one regex pass per rule (no rule crosses a line end, and a
        # grown paragraph is never a table row)
        before = [paragraphs[index] for index in grown]
        unmarked = apply_lines_until_stable(MARKUP_RULES, before)
        cleaned = _respace(unmarked)
        for index, para in zip(grown, cleaned, strict=True):
            paragraphs[index] = para
        settled = settled and unmarked == before and not any(map(is_page_furniture, cleaned))


def display_lines(text: str, _rounds: int = 3) -> list[str]:
    """The display text as a list of paragraphs (table rows are paragraphs of their own)."""
    paragraphs = drop_furniture(_clean_spacing_all(_strip_markup(_paragraphs(text))))
    joined, settled = _rejoin(paragraphs)
    if not settled and _rounds > 1:
        return display_lines("\n".join(joined), _rounds - 1)
    return [p for p in joined if p.strip()]


def has_visible_text(text: str) -> bool:
    """Whether any character of `text` survives normalization as more than a space: a file of
    NULs, BOMs or zero-width spaces is no text, though str.strip() keeps every one of them."""
    return VISIBLE_ANY.search(text) is not None


def normalize_text(text: str) -> NormalizedText:
    """Repair extraction damage for display, and fold the display into a comparison key."""
    from policywatch.model import NormalizedText

    display = "\n".join(display_lines(text))
    return NormalizedText(display=display, key=comparison_key(display))


def clean_field(value: str) -> str:
    """A metadata value (title, 发文字号) on one line with the display spacing rules applied."""
    pieces = [p for p in (s.strip() for s in apply_all(CHAR_RULES, value).split("\n")) if p]
    joined = glue_all(pieces)
    return apply_all(SPACING_RULES, " ".join(joined.split()))


def clean_metadata(meta: DocumentMetadata) -> DocumentMetadata:
    """Metadata with its free-text fields (title, 发文字号, 发文机关, 索引号, 主题分类) cleaned as clean_field
    does: a control character or a bidi override in any of them reaches pages, feeds and mail."""
    from dataclasses import replace

    return replace(meta, title=clean_field(meta.title), doc_number=clean_field(meta.doc_number),
                   issuer=clean_field(meta.issuer), index_no=clean_field(meta.index_no),
                   subject=clean_field(meta.subject))


def content_hash(key: str) -> str:
    """sha256 hex of a comparison key: the identity of a version's content."""
    import hashlib

    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def normalize_document(doc: ExtractedDocument) -> NormalizedDocument:
    """Normalize an extracted document's body; metadata passes through, title and number cleaned."""
    from policywatch.model import NormalizedDocument

    result = normalize_text(doc.text)
    metadata = clean_metadata(doc.metadata)
    return NormalizedDocument(
        url=doc.url,
        format=doc.format,
        display_text=result.display,
        comparison_key=result.key,
        content_hash=content_hash(result.key),
        metadata=metadata,
    )
