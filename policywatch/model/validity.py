"""The words of a document's legal status (有效性), defined once for every stage.

废止 (repealed: withdrawn by an act) and 失效 (expired: lapsed, e.g. its term ended) are
different legal states and are never shown as one another.
"""

from __future__ import annotations

IN_FORCE = "现行有效"
REPEALED = "废止"
EXPIRED = "失效"

IN_FORCE_SHORT = "有效"
PARTLY = "部分"  # 部分失效 / 部分废止: some articles ended, the document itself is still in force
# Words one of which every 有效性 value holds (有效, 已失效, 已废止, 部分失效, 尚未生效, 已修订 …):
# a value under a generic label (状态：, 时效：) without one is not a legal status.
STATUS_WORDS = (IN_FORCE_SHORT, EXPIRED, REPEALED, "作废", "撤销", "生效", "现行", "修订", "修正", "修改", "停止执行")
# 是否有效：是 / 否, the yes-or-no form of the field; 否 says the document no longer holds, not
# which act ended it, so it reads 失效, never 废止
YES_NO = {"是": IN_FORCE_SHORT, "否": EXPIRED}

# 废止 is checked first: "已废止失效" reads repealed
_STATES = (("repealed", (REPEALED, "repealed")), ("expired", (EXPIRED, "expired")))


def validity_state(validity: str) -> str:
    """"repealed" (废止), "expired" (失效) or "" for a 有效性 value as a page or relation states it."""
    lowered = validity.lower()
    for state, words in _STATES:
        if any(word in lowered and PARTLY + word not in lowered for word in words):
            return state
    return ""


def ending_effect(text: str) -> str:
    """The status a repeal sentence, title or verdict gives its target: 失效 when it declares the
    target expired and says nothing of 废止, otherwise 废止."""
    return EXPIRED if EXPIRED in text and REPEALED not in text else REPEALED
