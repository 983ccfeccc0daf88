"""Edited version pairs generated from the seed documents, each with its expected change set.

Shared by the pair tests and benchmarks/diff_quality.py. A pair starts from one seed policy
(the four single seeds and the 33 policies inside 001), segmented into a clause tree; one known
edit is applied to the clause texts (number change, reword, insertion, deletion, move, split,
merge, metadata change, or none), the texts are written back as a document and, for half of the
pairs, re-wrapped, width-swapped and given a paragraph split. Expected records are derived from
the edit and the old tree's labels. Trees come from the real segmenter and normalizer when
those modules exist, else from the small stand-in in `minitree`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from policywatch.diffing import segment
from policywatch.model import Clause, ClauseTree, DocumentMetadata
from policywatch.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
# Start lines (1-based) of the 33 policies inside 001 (clauses.md, introduction).
_STARTS_001 = (117, 187, 233, 365, 485, 565, 641, 721, 987, 1053, 1177, 1762, 1890, 1944, 2165, 2311,
               2425, 2481, 2625, 2747, 2941, 3021, 3115, 3141, 3234, 3292, 3414, 3446, 3540, 3626,
               3760, 3974, 4070)
KINDS = ("number", "reword", "insert", "delete", "move", "split", "merge", "metadata", "multi")
STRUCTURAL = ("insert", "delete", "move", "split", "merge")
NUMBERED = {"cn", "pcn", "ar", "par", "article"}
_CN_DIGITS = "零一二三四五六七八九"
_NUMERAL = re.compile(r"[一二三四五六七八九十百零〇两]+|\d{1,3}")
_MARKER_NUM = re.compile(r"^(\s*(?:第|[（(]\s*)?)([一二三四五六七八九十百零〇两]+|\d{1,3})")
_FACT_NUM = re.compile(r"(?<![\d.,])(\d{1,4})(?![\d.])\s*(万元|亿元|%)|到\s*(20\d\d)\s*(年)")
_REWORDS = ("切实", "进一步", "全面", "持续")


@dataclass
class Pair:
    """One generated pair and what compare() must report for it."""

    name: str
    kind: str  # one of KINDS or "cosmetic"
    old_text: str
    new_text: str
    expected: set[tuple] = field(default_factory=set)  # see record_key()
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (role, old number, new number)
    metadata: tuple[str, ...] = ()  # fields expected in metadata_changes
    old_meta: DocumentMetadata | None = None
    new_meta: DocumentMetadata | None = None
    cosmetic: bool = False


def record_key(kind: str, old_path: str, new_path: str, moves=()) -> tuple:
    """A change record reduced to what the expectation pins: kind, paths, label moves."""
    if kind == "renumbered":
        return (kind, frozenset(moves))
    return (kind, old_path, new_path, frozenset(moves) if kind in ("split", "merged") else frozenset())


def fact_found(facts, role: str, old: str, new: str) -> bool:
    """Whether an expected fact change (values in key form) is among the reported ones: values
    are shown as the document writes them (`２０万元` in a width-swapped text), so compared folded."""
    from policywatch.normalize import comparison_key

    return any(f.role == role and old in comparison_key(f.old) and new in comparison_key(f.new) for f in facts)


def build_tree(text: str) -> ClauseTree:
    """Text → clause tree, the way diff_texts() does it."""
    return segment(normalize_text(text).display)


@cache
def sources() -> tuple[tuple[str, str], ...]:
    """(name, text) of every seed policy: 000, 002, 003, 004 whole, 001 cut into its 33 policies."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("001"):
            lines = text.split("\n")
            bounds = [*_STARTS_001, len(lines) + 1]
            for k in range(len(_STARTS_001)):
                out.append((f"001#{k + 1}", "\n".join(lines[bounds[k] - 1 : bounds[k + 1] - 1])))
        else:
            out.append((path.name[:3], text))
    return tuple(out)


def render(texts: list[str]) -> str:
    """Clause texts written back as a document: paragraphs separated by blank lines."""
    return "\n\n".join(t.replace("\n", "\n\n") for t in texts if t)


@cache
def base(name: str) -> ClauseTree:
    """The seed policy's tree, after one render/segment round so that it is a fixpoint."""
    text = dict(sources())[name]
    return build_tree(render([c.text for c in build_tree(text)]))


# --------------------------------------------------------------------------- cosmetic noise


_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_NO_BREAK_BEFORE = re.compile(r"^(?:[\d０-９（(第—●•专附]|[一二三四五六七八九十]+[、，,]|[，。、；：,.;:)）%])")


def cosmetic(text: str, rng: random.Random) -> str:
    """Width swaps, one paragraph split inside a clause body, and PDF-like re-wrapping."""
    paragraphs = text.translate(_HALF).split("\n\n")
    # full-width digits only inside numbered clauses. Zones read width-folded text now
    # (test_tail_zone_is_found_whatever_the_width_of_the_date), but swapping digits everywhere
    # makes the ~5 MB concatenation of diff_speed split into different compilation members
    paragraphs = [re.sub(r"\d+", lambda m: m.group().translate(_FULL_DIGITS) if rng.random() < 0.3 else m.group(), p)
                  if marker_of(p) else p for p in paragraphs]
    long = [i for i, p in enumerate(paragraphs) if p.count("。") >= 2 and len(p) > 60]
    if long:  # a paragraph split after a full stop, inside one clause's body
        i = rng.choice(long)
        cut = paragraphs[i].index("。", 20) + 1 if "。" in paragraphs[i][20:-1] else 0
        rest = paragraphs[i][cut:]
        if 0 < cut < len(paragraphs[i]) and rest and not _NO_BREAK_BEFORE.match(rest) and not _looks_lead(rest):
            paragraphs[i : i + 1] = [paragraphs[i][:cut], rest]
    return "\n\n".join(_wrap(p, rng) for p in paragraphs)


def _looks_lead(text: str) -> bool:
    return bool(re.match(r"^[^。，,、；;：:\d（(]{2,18}。", text))


def _wrap(paragraph: str, rng: random.Random) -> str:
    lines, start = [], 0
    while len(paragraph) - start > 45:
        cut = start + rng.randint(28, 40)
        while cut < len(paragraph) - 1 and (
            _NO_BREAK_BEFORE.match(paragraph[cut:]) or paragraph[cut - 1] in "。；;：:！？"
            or not ("\u4e00" <= paragraph[cut - 1] <= "\u9fff" and "\u4e00" <= paragraph[cut] <= "\u9fff")
        ):
            cut += 1
        if cut >= len(paragraph) - 1:
            break
        lines.append(paragraph[start:cut])
        start = cut
    lines.append(paragraph[start:])
    return "\n".join(lines)


# --------------------------------------------------------------------------- labels


def to_cn(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def relabel(label: str, n: int) -> str:
    """The same label style with another number: （三）→（四）, 3→4, 第三条→第四条."""
    m = _NUMERAL.search(label)
    assert m, label
    value = str(n) if m.group().isdigit() else to_cn(n)
    return label[: m.start()] + value + label[m.end() :]


def renumber_text(text: str, n: int) -> str:
    m = _MARKER_NUM.match(text)
    assert m, text
    value = str(n) if m.group(2).isdigit() else to_cn(n)
    return text[: m.start(2)] + value + text[m.end(2) :]


def marker_of(text: str) -> str:
    """The marker prefix of a clause text (`（三）`, `3.`, `第三条 `)."""
    m = re.match(r"^\s*(?:第[一二三四五六七八九十百零〇两\d]+[条章]\s*|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]\s*"
                 r"|[一二三四五六七八九十]+[、，,]|\d{1,3}\s*[.．、]\s*)", text)
    return m.group() if m else ""


# --------------------------------------------------------------------------- edits


def _lists(tree: ClauseTree) -> list[list[Clause]]:
    """Sibling lists of one numbered family numbered exactly 1..K, K ≥ 3, with unique paths."""
    by_parent: dict[tuple[tuple[str, ...], str], list[Clause]] = {}
    for c in tree:
        if c.family in NUMBERED and c.number is not None and marker_of(c.text):
            by_parent.setdefault((c.path[:-1], c.family), []).append(c)
    paths = [c.path for c in tree]
    unique = len(paths) == len(set(paths))
    return [cs for cs in by_parent.values()
            if unique and len(cs) >= 3 and [c.number for c in cs] == list(range(1, len(cs) + 1))]


def _subtree(tree: ClauseTree, clause: Clause) -> list[int]:
    start = tree.clauses.index(clause)
    end = start + 1
    while end < len(tree) and tree.clauses[end].path[: clause.depth] == clause.path:
        end += 1
    return list(range(start, end))


def _shifted(clauses: list[Clause], delta: int) -> set[tuple[str, str]]:
    return {(c.path_str, "/".join((*c.path[:-1], relabel(c.label, c.number + delta)))) for c in clauses}


def _new_path(c: Clause, number: int) -> str:
    return "/".join((*c.path[:-1], relabel(c.label, number)))


def _renumber(texts: list[str], tree: ClauseTree, clauses: list[Clause], delta: int) -> None:
    for c in clauses:
        i = tree.clauses.index(c)
        texts[i] = renumber_text(texts[i], c.number + delta)


def _body_sentence(rng: random.Random, avoid: str) -> str:
    """A sentence from another seed, for inserted clauses (unique in the target document)."""
    names = [n for n, _ in sources() if n[:3] != avoid[:3]]
    tree = base(rng.choice(names))
    texts = [c.text for c in tree if len(c.text) > 40 and c.family in NUMBERED]
    text = rng.choice(texts)
    body = text[len(marker_of(text)) :].split("\n")[0]
    return body[:60].rstrip("，,、；;：:") + "。"


def edit(kind: str, name: str, rng: random.Random) -> Pair | None:
    """Apply known edits of `kind` to the seed policy `name`; None when they do not apply.

    "multi" is one structural edit plus a number change and a reword elsewhere: three edits in
    one pair, on clauses none of which is inside another's subtree.
    """
    tree = base(name)
    texts = [c.text for c in tree]
    pair = Pair(name=f"{name}:{kind}", kind=kind, old_text=render(texts), new_text="")
    steps = (rng.choice(STRUCTURAL), "number", "reword") if kind == "multi" else (kind,)
    touched: list[tuple[str, ...]] = []
    for step in steps:
        if not _step(step, tree, texts, pair, rng, name, touched):
            return None
    pair.new_text = render(texts)
    return pair


def _free(c: Clause, touched: list[tuple[str, ...]]) -> bool:
    """Neither inside nor above a clause another edit already touched."""
    return not any(t[: c.depth] == c.path or c.path[: len(t)] == t for t in touched)


def _step(kind: str, tree: ClauseTree, texts: list[str], pair: Pair, rng: random.Random, name: str,
          touched: list[tuple[str, ...]]) -> bool:
    body_ok = [i for i, c in enumerate(tree) if c.family not in ("head", "tail") and _free(c, touched)]
    if kind == "number":
        candidates = [i for i in body_ok if _FACT_NUM.search(texts[i])]
        if not candidates:
            return False
        i = rng.choice(candidates)
        m = rng.choice(list(_FACT_NUM.finditer(texts[i])))
        group = 1 if m.group(1) else 3
        old_n = int(m.group(group))
        new_n = old_n + 2 if group == 3 else old_n * 2
        texts[i] = texts[i][: m.start(group)] + str(new_n) + texts[i][m.end(group) :]
        role = {"%": "percent", "年": "target_year"}.get(m.group(group + 1), "amount")
        pair.facts.append((role, str(old_n), str(new_n)))
    elif kind == "reword":
        candidates = [i for i in body_ok if len(texts[i]) >= 40 and re.search(r"[\u4e00-\u9fff]{6,}", texts[i][10:])]
        if not candidates:
            return False
        i = rng.choice(candidates)
        m = rng.choice(list(re.finditer(r"[\u4e00-\u9fff]{6,}", texts[i][10:])))
        at = 10 + m.start() + 2
        texts[i] = texts[i][:at] + rng.choice(_REWORDS) + texts[i][at + 1 :]
    elif kind == "metadata":
        field_name = rng.choice(("title", "doc_number", "written_date", "published_date", "validity"))
        pair.old_meta = DocumentMetadata(title="关于印发人工智能产业发展行动计划的通知", doc_number="宁政办发〔2019〕37号",
                                         written_date="2019-06-29", published_date="2019-07-01", validity="现行有效")
        changed = {"title": "关于印发人工智能产业发展行动计划（修订）的通知", "doc_number": "宁政办发〔2021〕12号",
                   "written_date": "2021-03-02", "published_date": "2021-03-05", "validity": "失效"}
        pair.new_meta = DocumentMetadata(**{**pair.old_meta.to_dict(), field_name: changed[field_name]})
        pair.metadata = (field_name,)
        return True
    else:
        lists = [cs for cs in _lists(tree) if all(_free(c, touched) for c in cs)]
        if not lists:
            return False
        siblings = rng.choice(lists)
        touched.extend(c.path for c in siblings)
        return _structural(kind, tree, texts, siblings, pair, rng, name)
    c = tree.clauses[i]
    touched.append(c.path)
    pair.expected.add(record_key("modified", c.path_str, c.path_str))
    return True


def _structural(kind: str, tree: ClauseTree, texts: list[str], siblings: list[Clause], pair: Pair,
                rng: random.Random, name: str) -> bool:
    leaves = [k for k, c in enumerate(siblings) if len(_subtree(tree, c)) == 1]
    if kind in ("move", "split", "merge") and not leaves:
        return False
    k = rng.choice(leaves) if kind in ("move", "split", "merge") else rng.randrange(len(siblings))
    c = siblings[k]
    after = siblings[k + 1 :]
    leaf = len(_subtree(tree, c)) == 1
    i = tree.clauses.index(c)
    if kind == "insert":
        texts[i] = renumber_text(marker_of(c.text), c.number) + _body_sentence(rng, name) + "\n" + texts[i]
        # the inserted clause takes c's place; c and the siblings after it move down by one
        _renumber_after_insert(texts, tree, [c, *after], i)
        pair.expected.add(record_key("added", "", c.path_str))
        pair.expected.add(record_key("renumbered", "", "", _shifted([c, *after], +1)))
    elif kind == "delete":
        for j in _subtree(tree, c):
            texts[j] = ""
        _renumber(texts, tree, after, -1)
        pair.expected.add(record_key("deleted", c.path_str, ""))
        if after:
            pair.expected.add(record_key("renumbered", "", "", _shifted(after, -1)))
    elif kind == "move":
        if not leaf or len(siblings) < 3:
            return False
        target = rng.choice([t for t in range(len(siblings)) if abs(t - k) >= 2] or [None])
        if target is None:
            return False
        # after a clause whose subtree ends in a list of the moved clause's family (a 专栏 box's
        # `1. 2.` under item 3), plain text cannot say whose item the moved one is: no truth
        if target > k and any(tree.clauses[t].family == c.family for t in _subtree(tree, siblings[target])[1:]):
            return False
        lo, hi = sorted((k, target))
        between = [s for s in siblings[lo : hi + 1] if s is not c]
        delta = -1 if target > k else +1
        moved_text = renumber_text(texts[i], target + 1)
        _renumber(texts, tree, between, delta)
        texts[i] = ""
        dest = siblings[target]
        j = _subtree(tree, dest)[-1] if target > k else tree.clauses.index(dest)
        texts[j] = texts[j] + "\n" + moved_text if target > k else moved_text + "\n" + texts[j]
        pair.expected.add(record_key("moved", c.path_str, _new_path(c, target + 1)))
        pair.expected.add(record_key("renumbered", "", "", _shifted(between, delta)))
    elif kind == "split":
        body = texts[i][len(marker_of(texts[i])) :]
        cuts = [m.end() for m in re.finditer("。", body) if 6 < m.end() < len(body) - 6]
        if not leaf or not cuts:
            return False
        cut = rng.choice(cuts)
        second = renumber_text(marker_of(texts[i]), c.number + 1) + body[cut:].lstrip("\n")
        texts[i] = marker_of(texts[i]) + body[:cut].rstrip("\n") + "\n" + second
        _renumber(texts, tree, after, +1)
        pair.expected.add(record_key("split", c.path_str, c.path_str,
                                     {(c.path_str, c.path_str), (c.path_str, _new_path(c, c.number + 1))}))
        if after:
            pair.expected.add(record_key("renumbered", "", "", _shifted(after, +1)))
    elif kind == "merge":
        if k + 1 >= len(siblings) or not leaf or len(_subtree(tree, siblings[k + 1])) != 1:
            return False
        d = siblings[k + 1]
        j = tree.clauses.index(d)
        if j != i + 1:
            return False
        texts[i] = texts[i] + texts[j][len(marker_of(texts[j])) :]
        texts[j] = ""
        _renumber(texts, tree, after[1:], -1)
        pair.expected.add(record_key("merged", c.path_str, c.path_str,
                                     {(c.path_str, c.path_str), (d.path_str, c.path_str)}))
        if after[1:]:
            pair.expected.add(record_key("renumbered", "", "", _shifted(after[1:], -1)))
    return True


def _renumber_after_insert(texts: list[str], tree: ClauseTree, clauses: list[Clause], i: int) -> None:
    first, _, rest = texts[i].partition("\n")
    texts[i] = first + "\n" + renumber_text(rest, clauses[0].number + 1)
    _renumber(texts, tree, clauses[1:], +1)


def generate(per_kind: int, seed: int = 7, cosmetic_pairs: int | None = None) -> list[Pair]:
    """per_kind pairs of every kind, drawn round-robin from all five seeds, plus cosmetic-only pairs."""
    rng = random.Random(seed)
    names = [n for n, _ in sources()]
    by_seed = {s: [n for n in names if n[:3] == s] for s in ("000", "001", "002", "003", "004")}
    pairs: list[Pair] = []
    for kind in (*KINDS, "cosmetic"):
        want = per_kind if kind != "cosmetic" else (cosmetic_pairs or per_kind)
        made = attempts = 0
        while made < want and attempts < want * 30:
            attempts += 1
            name = rng.choice(by_seed[("000", "001", "002", "003", "004")[attempts % 5]])
            pair = edit("metadata" if kind == "cosmetic" else kind, name, rng)
            if pair is None:
                continue
            if kind == "cosmetic":
                pair = Pair(name=f"{name}:cosmetic", kind="cosmetic", old_text=pair.old_text,
                            new_text=pair.old_text, cosmetic=True)
            if kind == "cosmetic" or made % 2:
                pair.new_text = cosmetic(pair.new_text, rng)
                pair.cosmetic = True
            pair.name += f"#{made}"
            pairs.append(pair)
            made += 1
    return pairs
