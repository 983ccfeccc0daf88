"""Charset names: which declared or configured labels policywatch can decode, and as what.

Shared by the decoder (extract.decode) and the config loader, which rejects a forced
`encoding` nothing could decode before any work is done.
"""

from __future__ import annotations

import codecs

__all__ = ["GB_FAMILY", "normalize_charset"]

# Read as gb18030: every Chinese national charset it is a superset of.
GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "ms936", "x-gbk", "gb_2312-80", "euc-cn", "csgb2312",
                       "hz-gb-2312"})


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset; gb2312/gbk widen to gb18030; None if unknown."""
    if not name:
        return None
    label = name.strip().strip("'\"").lower()
    if label in GB_FAMILY:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if codec in ("gb2312", "gbk", "gb18030", "hz") else codec
