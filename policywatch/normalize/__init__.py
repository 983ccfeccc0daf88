"""Normalization library: text to display text and comparison key (pure).

Public API: `normalize_text`, `comparison_key`, `comparison_keys`, `normalize_document`; the rules themselves are
data in `policywatch.normalize.rules`.
"""

from policywatch.normalize.core import (
    clean_field,
    clean_metadata,
    content_hash,
    display_lines,
    has_visible_text,
    normalize_document,
    normalize_text,
)
from policywatch.normalize.width import comparison_key, comparison_keys

__all__ = [
    "clean_field",
    "clean_metadata",
    "comparison_key",
    "comparison_keys",
    "content_hash",
    "display_lines",
    "has_visible_text",
    "normalize_document",
    "normalize_text",
]
