"""A small stand-in segmenter for tests, used until policywatch.diffing.segment exists.

Paragraphs are blank-line separated blocks (lines inside a block are joined: re-wrapping is
undone); a paragraph starting with a numbered marker opens a clause, placed by a stack of open
families; other paragraphs belong to the open clause. Text before the first marker is `序`.
"""

from __future__ import annotations

import re

from policywatch.model import Clause, ClauseTree
from tests.diffing.trees import key_of

_C = "一二三四五六七八九十百零〇两"
_FAMILIES = (  # (family, rank, pattern, label template)
    ("chapter", 1, re.compile(rf"^第\s*([{_C}\d]+)\s*章"), "第{}章"),
    ("article", 3, re.compile(rf"^第\s*([{_C}\d]+)\s*条(?![件款例])"), "第{}条"),
    ("cn", 4, re.compile(rf"^([{_C}]+)\s*[、，,](?!\d)"), "{}"),
    ("pcn", 5, re.compile(rf"^[（(]\s*([{_C}]+)\s*[)）]"), "（{}）"),
    ("ar", 6, re.compile(r"^([0-9０-９]{1,2})\s*[.．、](?![0-9０-９])"), "{}"),
    ("par", 7, re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[)）]"), "（{}）"),
)


def cn_to_int(s: str) -> int:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits[ones] if ones else 0)
    return digits.get(s[-1], 0)


def paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    out = []
    for block in blocks:
        joined = "".join(line.strip() for line in block.split("\n"))
        if joined:
            out.append(joined)
    return out


def segment(text: str) -> ClauseTree:
    stack: list[tuple[str, int, tuple[str, ...]]] = []  # (family, rank, path)
    nodes: list[list] = []  # [path, family, label, texts, number]
    seen: dict[tuple[str, ...], int] = {}
    for para in paragraphs(text):
        found = None
        for family, rank, pattern, template in _FAMILIES:
            m = pattern.match(para)
            if m:
                found = (family, rank, m.group(1), template)
                break
        if found is None:
            if not nodes:
                nodes.append([("序",), "preamble", "序", [], None])
            nodes[-1][3].append(para)
            continue
        family, rank, numeral, template = found
        numeral = numeral.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if any(f == family for f, _, _ in stack):
            while stack[-1][0] != family:
                stack.pop()
            stack.pop()
        while stack and stack[-1][1] >= rank:
            stack.pop()
        label = template.format(numeral)
        path = (*(stack[-1][2] if stack else ()), label)
        if path in seen:  # numbering restarted under the same parent: keep paths unique
            seen[path] += 1
            path = (*path[:-1], f"{label}#{seen[path]}")
        else:
            seen[path] = 1
        stack.append((family, rank, path))
        nodes.append([path, family, path[-1], [para], cn_to_int(numeral)])
    clauses = tuple(
        Clause(path=path, family=family, label=label, heading="", text="\n".join(texts), key=key_of("\n".join(texts)),
               number=number)
        for path, family, label, texts, number in nodes
    )
    return ClauseTree(clauses)
