"""A copy of a text with only its line breaks moved, as a new PDF extraction of the same page gives.

Every line longer than a page line is cut again at 33–40 characters, anywhere but next to a
space (a re-wrap moves breaks, it does not eat the spaces between Latin words); table rows
(tabs) and a link alone on its row (000's injected links: one token) stay whole. Used by tests/normalize/test_rewrap.py and benchmarks/diff_speed.py.
"""

from __future__ import annotations

import random

WIDTH = (33, 40)


def rewrap(text: str, rng: random.Random) -> str:
    out = []
    for line in text.split("\n"):
        if len(line) <= WIDTH[1] or "\t" in line or line.lstrip().startswith(("http://", "https://")):
            out.append(line)
            continue
        pieces, start = [], 0
        while len(line) - start > WIDTH[1]:
            cut = start + rng.randint(*WIDTH)
            while cut < len(line) - 1 and (line[cut - 1].isspace() or line[cut].isspace()):
                cut += 1
            pieces.append(line[start:cut])
            start = cut
        pieces.append(line[start:])
        out.append("\n".join(pieces))
    return "\n".join(out)
