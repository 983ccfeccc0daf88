"""The words of a document's legal status (有效性), defined once for every stage.

废止 (repealed: withdrawn by an act) and 失效 (expired: lapsed, e.g. its term ended) are
different legal states and are never shown as one another.
"""

from __future__ import annotations

IN_FORCE = "现行有效"
REPEALED = "废止"
EXPIRED = "失效"

# 废止 is checked first: "已废止失效" reads repealed
_STATES = (("repealed", (REPEALED, "repealed")), ("expired", (EXPIRED, "expired")))


def validity_state(validity: str) -> str:
    """"repealed" (废止), "expired" (失效) or "" for a 有效性 value as a page or relation states it."""
    lowered = validity.lower()
    for state, words in _STATES:
        if any(word in lowered for word in words):
            return state
    return ""


def ending_effect(text: str) -> str:
    """The status a repeal sentence, title or verdict gives its target: 失效 when it declares the
    target expired and says nothing of 废止, otherwise 废止."""
    return EXPIRED if EXPIRED in text and REPEALED not in text else REPEALED
