"""Per-source extraction rules: where the body is and what volatile parts to drop from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractRules:
    """How to cut one site's document body out of its pages.

    body_selector: CSS selector of the body (else the usual containers, else text density).
    ignore_selectors: CSS selectors removed from the page before the body is read.
    ignore_patterns: regular expressions removed from the body text afterwards.
    """

    body_selector: str = ""
    ignore_selectors: tuple[str, ...] = ()
    ignore_patterns: tuple[str, ...] = ()
