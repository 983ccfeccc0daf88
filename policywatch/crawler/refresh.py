"""Redirects written into a page: `<meta http-equiv="refresh" content="0;url=…">` and a script
whose only work is `location.href = "…"` — how government sites move a document or a column.

Followed only from a page a reader never gets to read: almost no visible text and a short
delay. A real document page that merely carries a script sending phones elsewhere keeps its text.
"""

from __future__ import annotations

import html
import re

from policywatch.lazyre import LazyRegex

__all__ = ["refresh_target"]

MAX_DELAY = 10  # seconds; a page refreshing itself every 5 minutes is not a redirect
MAX_VISIBLE = 200  # characters of visible text: a "该页面已迁移，正在跳转……" notice, not a document
_WINDOW = 16_384  # a redirect page is short; a long page is read no further than this

_META = LazyRegex(r"""<meta\b[^>]*?http-equiv\s*=\s*["']?refresh["']?[^>]*>""", re.I)
_CONTENT = LazyRegex(r"""content\s*=\s*(["'])\s*(\d+)(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'">]+)""", re.I)
_SCRIPT_GO = LazyRegex(
    r"""(?:^|[;{}\s])(?:window\.|self\.|top\.|document\.)?location(?:\.href)?\s*=\s*(["'])([^"']+)\1"""
    r"""|location\.(?:replace|assign)\(\s*(["'])([^"']+)\3\s*\)""", re.I)
_SCRIPT = LazyRegex(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_INVISIBLE = LazyRegex(r"<(script|style|noscript|title)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&nbsp;|\s+", re.I | re.S)


def refresh_target(text: str) -> str:
    """The URL (as written, maybe relative) a near-empty page sends its reader to at once, or ""."""
    head = text[:_WINDOW]
    if len(text) > _WINDOW or len(_INVISIBLE.sub("", head)) > MAX_VISIBLE:
        return ""
    for tag in _META.finditer(head):
        content = _CONTENT.search(tag.group(0))
        if content and int(content.group(2)) <= MAX_DELAY:
            # an attribute's value: `content.jsp?id=1&amp;lm=2` is `&lm=2` (a script's string is not escaped so)
            return html.unescape(content.group(3).strip())
    # in a script block only: an onclick="location.href='…'" on a link is the reader's choice
    for script in _SCRIPT.finditer(head):
        go = _SCRIPT_GO.search(script.group(1))
        if go is not None:
            target = (go.group(2) or go.group(4) or "").strip()
            return "" if target.lower().startswith(("javascript:", "#", "data:")) else target
    return ""
