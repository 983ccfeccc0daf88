"""Inline diff of two clause display texts on word-sized tokens (clauses.md §7).

Numbers with their qualifiers and units (`最高1000万元`, `30%`, `2025年`, `1—2个`) and Latin words
(`IPv6`, `5G`) are single tokens; every other character is its own token, so CJK text is diffed
per character. Each token is compared in its folded form (NFKC, no spaces) so width and
wrap noise never shows; each multi-character token is mapped to a private-use code point, the
encoded strings are diffed by fast-diff-match-patch with semantic cleanup (on the encoded strings, so a
number is never split again) and decoded. There is never a time limit: a diff that gives up
would report a whole clause replaced, and differently on a busier machine. Instead a clause of
more than PIECE_TOKENS tokens is diffed in matching pieces (diffing/pieces.py): the same result
every time, in time linear in its length.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Sequence

from policywatch.affixes import common_head, common_tail
from policywatch.diffing.pieces import pieces
from policywatch.grammar.quantities import CN_AMOUNT
from policywatch.lazyre import LazyRegex
from policywatch.model import InlineOp

_NUM = r"\d+(?:[.,．]\d+)*"
# (a 百/千 after a range's first end scales it as the second end's does: `1千至2千万元`)
_RANGE = r"(?:[千百]?\s*[—–\-~～至到]\s*" + _NUM + r")?"
_UNIT = (
    # a weight, and a count scaled by a 百/千 (`2500克`, `3千人`, `5百家`), whole as `2千元` is
    r"(?:\s*(?:[千百]?[万萬]元|千克|公斤|毫克|克(?!服)|[千百]?吨|[千百](?:人(?!民币)|家(?!庭)|名|户|[个個](?![月工]))|[万萬]?[亿億]元|元|[万萬]?[亿億]|[千百]?[万萬]|%|％|‰|年底|年末|年|[个個]月|月|日|[号號]|天"
    # the traditional forms too (萬元, 億元, 個, 項, 條, 臺...): Hong Kong, Macau, Taiwan and big5 pages
    r"|[个個]|家|[项項]|所|名|人|座|[条條]|批|[类類]|支|[处處]|[台臺]|套|件|次|倍|平方米|[亩畝]|[岁歲]|[周週]"
    r"|小[时時]|分[钟鐘]|km|MW|GW))?"
)
_QUAL_BEFORE = r"(?:最高不超过|最高|不超过|不低于|不少于|不高于|累计|超过|约|近|达|超)?"
_QUAL_AFTER = r"(?:\s*(?:[（(]含[)）])?(?:以上|以下|以内|左右))?"
# A sum, a multiple, a share or a time span in Chinese numerals (grammar.quantities.CN_AMOUNT)
# is one token too, with its qualifiers (`五万元以上`): a fine raised from `一万元以上五万元以下`
# to `五万元以上五十万元以下` reads as the two bounds replaced, never as
# `[-一-]{+五+}万元以上五{+十+}万元以下`; a reference keeps its characters: 第[-八-]{+十一+}条.
_ATOM = (
    r"(?:https?://|www\.)[0-9A-Za-z\-._~:/?#\[\]@!$&'*+,;=%]+"  # a link is one token: it changes as a whole
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"  # a whole date: 2025年12月31日
    r"|[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*[+＋]?"  # Latin words and codes: IPv6, 5G, AI+
    + "|" + _QUAL_BEFORE + _NUM + _RANGE + _UNIT + _QUAL_AFTER
    + "|" + _QUAL_BEFORE + "(?:" + CN_AMOUNT + ")" + _QUAL_AFTER
)
_TOKEN_RE = LazyRegex(_ATOM)
# The tokens of tokenize() with the whitespace after each riding on it, in one findall: an atom
# or any one character, then blanks (an atom never starts or ends with whitespace; leading
# whitespace is a token of its own).
_SPACED_TOKEN = LazyRegex(rf"(?:{_ATOM}|(?s:.))\s*")

# Past this many tokens a side, the texts are diffed in matching pieces of this size (pieces.py):
# Myers' diff costs length × edits, minutes for a 300,000-character clause rewritten throughout.
PIECE_TOKENS = 8192
# Supplementary private-use plane: never seen in policy text, room for 65 534 tokens.
_PUA_START = 0xF0000
_PUA_END = 0xFFFFD


def tokenize(text: str) -> list[str]:
    """Split a display text into diff tokens: number/Latin atoms and single characters."""
    tokens: list[str] = []
    pos = 0
    for match in _TOKEN_RE.finditer(text):
        tokens.extend(text[pos : match.start()])
        tokens.append(match.group())
        pos = match.end()
    tokens.extend(text[pos:])
    return tokens


_FOLDED: dict[str, str] = {}


def _fold(token: str) -> str:
    """What a token is compared as: width and space variants of it are equal (memoized)."""
    folded = _FOLDED.get(token)
    if folded is None:
        folded = "".join(unicodedata.normalize("NFKC", token).split())
        if len(_FOLDED) < 200_000:
            _FOLDED[token] = folded
    return folded


def _encode(old: str, new: str) -> tuple[str, str, list[str], list[str]]:
    """Both texts as code-point strings (one code point per folded token) and their tokens.

    Trailing whitespace rides on the token before it, so re-wrapping and width swaps (`，`/`,`,
    `１７`/`17`) encode identically and never show as edits.
    """
    codes: dict[str, str] = {}  # folded token → private-use code point, numbered per call
    by_token: dict[str, str] = {}  # token → its code: most tokens recur

    def code_of(token: str) -> str:
        folded = _fold(token) or token
        if len(folded) == 1 and not _PUA_START <= ord(folded) <= _PUA_END:
            if len(_AS_ITSELF) < 200_000:
                _AS_ITSELF[token] = folded  # the same in every call: remembered for all
            return folded
        code = codes.get(folded)
        if code is None:
            code = codes[folded] = _code(len(codes))
        by_token[token] = code
        return code

    itself, known = _AS_ITSELF.get, by_token.get
    encoded: list[str] = []
    token_lists: list[list[str]] = []
    for text in (old, new):
        tokens = _SPACED_TOKEN.findall(text)
        encoded.append("".join([itself(token) or known(token) or code_of(token) for token in tokens]))
        token_lists.append(tokens)
    return encoded[0], encoded[1], token_lists[0], token_lists[1]


# Tokens that fold to one ordinary character are encoded as that character (`，`→`,`, `发`→`发`).
_AS_ITSELF: dict[str, str] = {}


_OPS = {"=": "equal", "-": "delete", "+": "insert"}


def inline_diff(old: str, new: str) -> tuple[InlineOp, ...]:
    """Token-level diff of two display texts, as merged equal/delete/insert runs."""
    if old == new:
        return (InlineOp("equal", old),) if old else ()
    head, tail = _common_ends(old, new)
    a, b, old_tokens, new_tokens = _encode(old[head : len(old) - tail], new[head : len(new) - tail])
    ops: list[InlineOp] = [InlineOp("equal", new[:head])] if head else []
    i = j = 0
    for op, length in kept_inside(list(diff_codes(a, b, cleanup="Semantic")), a, b):
        if op == "-":
            text, i = "".join(old_tokens[i : i + length]), i + length
        else:  # equal runs are shown as the new text reads
            text, j = "".join(new_tokens[j : j + length]), j + length
            i += length if op == "=" else 0
        _append(ops, _OPS[op], text)
    if tail:
        _append(ops, "equal", new[len(new) - tail :])
    return tuple(ops)


# Tokens an edit is best moved next to (a lossless shift): it then reads as whole phrases.
_BOUNDARY = set("。，；：、,;:！？!?（）()《》“”\"\n ")


def kept_inside(runs: list[tuple[str, int]], a: str, b: str) -> list[tuple[str, int]]:
    """Semantic cleanup's runs, with a replaced text that the replacement contains kept as equal.

    Cleanup folds a short equal run between two edits into them, which is right for coincidental
    characters of a rewritten sentence but hides kept words: `书记员` → `法官助理、书记员、司法技术人员`
    read `[-书记-]{+法官助理、书记员、司法技术人+}员`. A deleted run of two or more tokens found whole in
    the insertion beside it (or an insertion found whole in the deletion) was kept: it is split
    back into edits around an equal run, each edit then shifted to the phrase boundary (after `、`,
    before `，`) where it reads best.
    """
    texts = _run_texts(runs, a, b)
    out: list[tuple[str, str, bool]] = []  # (op, codes, made here: only these are shifted)
    k = 0
    while k < len(texts):
        # a window alone between equal runs (or the ends): one edit, not a part of a rewrite
        alone = (k == 0 or texts[k - 1][0] == "=") and (k + 3 >= len(texts) or texts[k + 3][0] == "=")
        if alone and (found := _held_across(texts[k : k + 3])) is not None:
            out += found
            k += 3
            continue
        pair = texts[k : k + 2]
        if len(pair) == 2 and {pair[0][0], pair[1][0]} == {"-", "+"}:
            deleted = pair[0][1] if pair[0][0] == "-" else pair[1][1]
            inserted = pair[1][1] if pair[0][0] == "-" else pair[0][1]
            short, long_op, long_text = ((deleted, "+", inserted) if len(deleted) <= len(inserted)
                                         else (inserted, "-", deleted))
            at = long_text.find(short) if len(short) >= 2 else -1
            if at >= 0:
                out += [(long_op, long_text[:at], True), ("=", short, True),
                        (long_op, long_text[at + len(short):], True)]
                k += 2
                continue
        out.append((*texts[k], False))
        k += 1
    return [(op, len(text)) for op, text, _ in _shifted(_merged(out)) if text]


def _held_across(window: list[tuple[str, str]]) -> list[tuple[str, str, bool]] | None:
    """A deletion and an insertion with one equal run between them, where the text of one side
    stands whole in the other's: that side's text kept, the rest edits of one kind only.

    Semantic cleanup can leave a kept word cut by its first character (`没收违法所得` →
    `收缴…，没收种畜禽…和违法所得` read `[-没-]收{+缴…，没收种畜禽…和+}违法所得`, the equal `收`
    taken from 收缴); the old `没收` stands whole in the new text, so the window is an insertion
    around it, `{+收缴…，+}没收{+种畜禽…和+}` — fewer characters marked, and the kept word whole.
    Only a window with equal runs on both sides is read so (kept_inside): inside a rewritten
    sentence the kept words found may be another mention of them than the one the diff kept.
    """
    if len(window) < 3 or window[1][0] != "=" or {window[0][0], window[2][0]} != {"-", "+"}:
        return None
    first, (_, kept), last = window
    deleted, inserted = (first[1], last[1]) if first[0] == "-" else (last[1], first[1])
    old = deleted + kept if first[0] == "-" else kept + deleted
    new = kept + inserted if first[0] == "-" else inserted + kept
    for short, long_text, op in ((old, new, "+"), (new, old, "-")):
        at = long_text.find(short) if len(short) >= 2 else -1
        if at >= 0:
            return [(op, long_text[:at], True), ("=", short, True), (op, long_text[at + len(short):], True)]
    return None


def _run_texts(runs: list[tuple[str, int]], a: str, b: str) -> list[tuple[str, str]]:
    """The (op, length) runs of a diff of `a` and `b` with their code strings."""
    texts: list[tuple[str, str]] = []
    i = j = 0
    for op, length in runs:
        if op == "+":
            texts.append((op, b[j : j + length]))
            j += length
        else:
            texts.append((op, a[i : i + length]))
            i += length
            j += length if op == "=" else 0
    return texts


def _merged(runs: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    merged: list[tuple[str, str, bool]] = []
    for op, text, made in runs:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text, made or merged[-1][2])
        else:
            merged.append((op, text, made))
    return merged


def _shifted(runs: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """Each edit made by kept_inside, alone between two equal runs, slid (losslessly) to where it
    starts or ends at a boundary (the others are where semantic cleanup put them)."""
    runs = list(runs)
    for k in range(1, len(runs) - 1):
        (left_op, left, _), (op, edit, made), (right_op, right, _) = runs[k - 1], runs[k], runs[k + 1]
        if left_op != "=" or right_op != "=" or op == "=" or not made:
            continue
        while left and edit and left[-1] == edit[-1]:  # slide to the leftmost place, then try each
            left, edit, right = left[:-1], left[-1] + edit[:-1], edit[-1] + right
        best = (_fit(left, edit, right), left, edit, right)
        while right and edit and edit[0] == right[0]:
            left, edit, right = left + edit[0], edit[1:] + right[0], right[1:]
            best = max(best, (_fit(left, edit, right), left, edit, right), key=lambda c: c[0])
        runs[k - 1], runs[k], runs[k + 1] = ("=", best[1], True), (op, best[2], True), ("=", best[3], True)
    return runs


def _fit(left: str, edit: str, right: str) -> int:
    """How well an edit sits: one point for starting at a boundary, one for ending at one."""
    starts = (not left) or left[-1] in _BOUNDARY or edit[0] in _BOUNDARY
    ends = (not right) or right[0] in _BOUNDARY or edit[-1] in _BOUNDARY
    return int(starts) + int(ends)


def codes_of(old: Sequence[str], new: Sequence[str]) -> tuple[str, str]:
    """Two sequences of items (paragraph keys, say) as strings of one private-use code point per
    distinct item, for diff_codes."""
    codes: dict[str, str] = {}
    encoded = []
    for items in (old, new):
        encoded.append("".join([codes.get(item) or codes.setdefault(item, _code(len(codes))) for item in items]))
    return encoded[0], encoded[1]


def _code(number: int) -> str:
    return chr(_PUA_START + number % (_PUA_END - _PUA_START))


def diff_codes(a: str, b: str, *, cleanup: str) -> Iterator[tuple[str, int]]:
    """fast-diff-match-patch's ("=" | "-" | "+", length) runs of two code strings (one code point
    per token), never timed out, in matching pieces past PIECE_TOKENS (see the module docstring)."""
    import fast_diff_match_patch as fdmp  # lazy: keeps `policywatch --help` fast

    for old_piece, new_piece in pieces(a, b, PIECE_TOKENS):
        yield from fdmp.diff(a[old_piece], b[new_piece], timelimit=0, checklines=False, cleanup=cleanup)


def _append(ops: list[InlineOp], kind: str, text: str) -> None:
    if ops and ops[-1].op == kind:
        ops[-1] = InlineOp(kind, ops[-1].text + text)
    elif text:
        ops.append(InlineOp(kind, text))


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common head and tail, cut back to punctuation.

    Long clauses usually differ in one place; diffing only the middle keeps the work small.
    Cutting at punctuation keeps a number's qualifier (最高, 不超过) in the same token as it.
    """
    head = _cut_back(old, common_head(old, new), forward=True)
    tail = common_tail(old, new, min(len(old), len(new)) - head)
    return head, _cut_back(old, tail, forward=False)


_CUT = set("。，；：、;\n")  # not "," ":" — they occur inside 1,000 and 1:1
# How far a common head (or tail) is shrunk looking for punctuation: a token (最高不超过1,000万元以上,
# a link) is far shorter. Unbounded, a clause with none — a 30 MB line of one character changed in
# the middle — was shrunk to nothing and diffed whole: 37 s and 1.9 GB instead of a few.
CUT_BACK_CHARS = 2000


def _cut_back(text: str, length: int, *, forward: bool) -> int:
    """Shrink a common head (or tail) so that it ends just after (or starts at) punctuation, or
    by CUT_BACK_CHARS when there is none that near."""
    floor = max(length - CUT_BACK_CHARS, 0)
    if forward:
        at = max(map(text.rfind, _CUT, itertools.repeat(floor), itertools.repeat(length)))
        return at + 1 if at >= 0 else floor
    end = len(text)
    at = min((found for found in map(text.find, _CUT, itertools.repeat(end - length),
                                     itertools.repeat(end - floor)) if found >= 0), default=-1)
    return end - at if at >= 0 else floor


def old_side(ops: tuple[InlineOp, ...]) -> str:
    """The old text an inline diff was made from (equal runs as the new text writes them)."""
    return "".join(op.text for op in ops if op.op != "insert")


def new_side(ops: tuple[InlineOp, ...]) -> str:
    """The new text an inline diff was made from."""
    return "".join(op.text for op in ops if op.op != "delete")


def render_marked(ops: tuple[InlineOp, ...]) -> str:
    """Plain-text rendering: deletions as [-…-], insertions as {+…+}."""
    parts = []
    for op in ops:
        if op.op == "delete":
            parts.append(f"[-{op.text}-]")
        elif op.op == "insert":
            parts.append(f"{{+{op.text}+}}")
        else:
            parts.append(op.text)
    return "".join(parts)
