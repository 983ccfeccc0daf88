"""The comparison key: display text folded so that only real wording differences remain.

Order matters: enclosed numbers (①, ⑴, ㉑ …) are rewritten to `(n)` *before* NFKC, which
would otherwise turn the clause marker `①` into a bare digit glued to the text. Then NFKC
folds widths (`，`→`,`, `１`→`1`), and the KEY_RULES fold quotes, dashes in ranges, document
number brackets and whitespace. `。` and `、` survive NFKC and stay: they carry meaning.
"""

from __future__ import annotations

import re
import unicodedata

from policywatch.normalize.rules import CIRCLED_RANGES, KEY_RULES, apply_all


def _enclosed_number_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for first, last in CIRCLED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            value = unicodedata.numeric(char, -1)
            if value >= 0 and value == int(value):
                table[code] = f"({int(value)})"
    return table


_ENCLOSED = _enclosed_number_table()


_ENCLOSED_RE = re.compile("[" + "".join(chr(c) for c in sorted(_ENCLOSED)) + "]")
_ASCII_UPPER_RE = re.compile("[A-Z]+")


def fold_enclosed_numbers(text: str) -> str:
    """`①加强…` → `(1)加强…`: keep circled clause markers distinguishable from digits."""
    return _ENCLOSED_RE.sub(lambda m: _ENCLOSED[ord(m.group())], text)


def comparison_key(display: str) -> str:
    """Fold display text to the key that decides 'changed or not'."""
    text = fold_enclosed_numbers(display)
    text = unicodedata.normalize("NFKC", text)
    text = apply_all(KEY_RULES, text)
    # ASCII letters only: str.lower() would also fold Greek, Cyrillic, Roman numerals …
    return _ASCII_UPPER_RE.sub(lambda m: m.group().lower(), text)
