"""Invariants of segmentation, checked with generated documents (hypothesis).

Documents are generated as a skeleton (a numbered outline with known canonical paths), then
rendered with random marker widths, dots and spacing. Text conservation is checked two ways:
for generated outlines (no line holds two markers) the clauses' texts joined with "\\n" are the
input lines exactly; for arbitrary marker soup, a line may be cut where a second marker starts
(clauses.md §6.4), so the output lines must be a refinement of the input lines: each input line
is the concatenation of one or more consecutive output lines, with nothing added or lost.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policywatch.normalize as normalize_lib
from policywatch.diffing import segment
from policywatch.diffing.numbering import to_chinese

_normalize_text = getattr(normalize_lib, "normalize_text", None)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FAMILIES = ("cn", "pcn", "ar", "par")
WORDS = ("加强组织领导", "推进产业发展", "完善政策体系", "培育龙头企业", "建设创新平台", "强化人才支撑",
         "优化发展环境", "深化开放合作", "夯实基础设施", "拓展应用场景")
BODY = "围绕重点领域，统筹推进相关工作，形成发展合力。"
PLAIN = "按照要求，各部门分工负责，抓好落实。"
TITLE = "某市人工智能产业发展实施方案"
PREAMBLE = "为推进人工智能产业发展，结合实际，制定本方案。"


@dataclass(frozen=True)
class Item:
    family: str  # cn, pcn, ar, par, dash
    number: int
    heading: str
    path: tuple[str, ...]
    body: bool  # a plain paragraph follows the marker line


def _label(family: str, n: int) -> str:
    return {"cn": to_chinese(n), "pcn": f"（{to_chinese(n)}）", "ar": str(n), "par": f"（{n}）"}[family]


@st.composite
def outlines(draw: st.DrawFn) -> list[Item]:
    items: list[Item] = []

    def build(parent: tuple[str, ...], level: int, depth: int) -> None:
        if depth == 3 or level >= len(FAMILIES):
            return
        family = FAMILIES[draw(st.integers(level, min(level + 1, len(FAMILIES) - 1)))]
        start = draw(st.sampled_from((1, 1, 1, 3, 7)))
        for k in range(draw(st.integers(1 if not parent else 0, 3))):
            n = start + k
            path = (*parent, _label(family, n))
            items.append(Item(family, n, draw(st.sampled_from(WORDS)), path, draw(st.booleans())))
            if draw(st.integers(0, 4)) == 0:  # —— items come before any numbered child
                for d in range(1, draw(st.integers(1, 3)) + 1):
                    items.append(Item("dash", d, draw(st.sampled_from(WORDS)), (*path, f"——{d}"), False))
            build(path, FAMILIES.index(family) + 1, depth + 1)

    build((), 0, 0)
    return items


def _marker(item: Item, rng: random.Random, *, nfkc_only: bool) -> str:
    n = item.number
    if item.family == "cn":
        return f"{to_chinese(n)}、"
    if item.family == "pcn":
        return rng.choice((f"（{to_chinese(n)}）", f"({to_chinese(n)})"))
    if item.family == "ar":
        return rng.choice((f"{n}.", f"{n}．") if nfkc_only else (f"{n}.", f"{n}．", f"{n}、"))
    if item.family == "par":
        return rng.choice((f"（{n}）", f"({n})"))
    return "——"


def render(items: list[Item], seed: int, *, nfkc_only: bool = False) -> list[str]:
    rng = random.Random(seed)
    lines = [TITLE, PREAMBLE]
    for item in items:
        space = " " if item.family != "dash" and rng.random() < 0.4 else ""
        lines.append(f"{_marker(item, rng, nfkc_only=nfkc_only)}{space}{item.heading}。{BODY}")
        if item.body:
            lines.append(PLAIN)
    return lines


def _body_clauses(text: str):
    return [c for c in segment(text) if c.family not in ("head", "preamble")]


@_SETTINGS
@given(outlines(), st.integers(0, 2**16))
def test_generated_outlines_get_their_canonical_paths_and_headings(items: list[Item], seed: int) -> None:
    lines = render(items, seed)
    tree = segment("\n".join(lines))
    assert tree.text == "\n".join(lines)  # no text lost, duplicated or moved
    clauses = [c for c in tree if c.family not in ("head", "preamble")]
    assert [c.path for c in clauses] == [i.path for i in items]
    assert [c.heading for c in clauses] == [i.heading for i in items]
    assert [c.family for c in clauses] == [i.family for i in items]


@_SETTINGS
@given(outlines(), st.integers(0, 2**16), st.integers(0, 2**16))
def test_marker_width_and_spacing_change_neither_paths_nor_keys(items: list[Item], a: int, b: int) -> None:
    one = _body_clauses("\n".join(render(items, a, nfkc_only=True)))
    two = _body_clauses("\n".join(render(items, b, nfkc_only=True)))
    assert [(c.path, c.key) for c in one] == [(c.path, c.key) for c in two]
    # 1、 for 1. is a different character, but never a different path
    three = _body_clauses("\n".join(render(items, b)))
    assert [c.path for c in three] == [c.path for c in one]


@_SETTINGS
@given(outlines(), st.integers(0, 2**16), st.integers(1, 30))
def test_renumbering_a_list_changes_only_labels(items: list[Item], seed: int, shift: int) -> None:
    numbered = [i for i in items if i.family != "dash"]
    if not numbered:
        return
    parent, family = numbered[-1].path[:-1], numbered[-1].family  # renumber the last list
    new_paths: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
    moved = []
    for i in items:
        shifted = i.family == family and i.path[:-1] == parent
        number = i.number + shift if shifted else i.number
        label = _label(family, number) if shifted else i.path[-1]
        new_paths[i.path] = (*new_paths[i.path[:-1]], label)
        moved.append(Item(i.family, number, i.heading, new_paths[i.path], i.body))
    before = _body_clauses("\n".join(render(items, seed)))
    after = _body_clauses("\n".join(render(moved, seed)))
    assert [c.path for c in after] == [i.path for i in moved]
    assert [(c.family, c.heading) for c in before] == [(c.family, c.heading) for c in after]
    for old, new, item in zip(before, after, items, strict=True):
        if not (item.family == family and item.path[:-1] == parent):
            assert old.key == new.key  # nothing but the renumbered markers changed


_SOUP = st.text(
    alphabet="一二三十（）()12３0.．、。；;：:，——●•专栏附件第章条节目录 \t#-\n甲乙丙丁发展推进",
    max_size=400,
)


@_SETTINGS
@given(_SOUP)
def test_marker_soup_never_loses_or_duplicates_text(text: str) -> None:
    tree = segment(text)
    expected = [line for line in text.splitlines() if line.strip()]
    produced = tree.text.split("\n") if tree.text else []
    # the output lines refine the input lines: cut points only, in order
    k = 0
    for line in expected:
        acc = ""
        while acc != line:
            assert k < len(produced) and line.startswith(acc + produced[k]), (line, produced[k:k + 3])
            acc += produced[k]
            k += 1
    assert k == len(produced)
    assert len({c.path for c in tree}) == len(tree)


@pytest.mark.skipif(_normalize_text is None, reason="the normalize library has not landed yet")
@_SETTINGS
@given(outlines(), st.integers(0, 2**16))
def test_rewrapping_like_a_pdf_changes_neither_paths_nor_keys(items: list[Item], seed: int) -> None:
    rng = random.Random(seed)
    lines = render(items, seed)
    wrapped: list[str] = []
    for line in lines:
        cut = rng.randint(31, len(line) - 1) if len(line) > 40 and rng.random() < 0.5 else 0
        wrapped.extend((line[:cut], line[cut:]) if cut else (line,))
    one = _body_clauses(_normalize_text("\n".join(lines)).display)
    two = _body_clauses(_normalize_text("\n".join(wrapped)).display)
    assert [(c.path, c.key) for c in one] == [(c.path, c.key) for c in two]


def test_repeated_labels_get_the_next_free_suffix_under_each_parent() -> None:
    tree = segment("一、甲\n1. 子项一。\n1. 子项二。\n2. 子项三。\n1. 子项四。\n二、乙\n1. 子项五。\n1. 子项六。")
    assert [c.path for c in tree.clauses] == [
        ("一",), ("一", "1"), ("一", "1#2"), ("一", "2"), ("一", "1#3"), ("二",), ("二", "1"), ("二", "1#2")]


@given(st.lists(st.sampled_from(("1. 项。", "2. 项。", "（一）款。", "一、章。", "①目。")), max_size=60))
@_SETTINGS
def test_paths_stay_unique_however_labels_repeat(lines: list[str]) -> None:
    paths = [c.path for c in segment("\n".join(lines)).clauses]
    assert len(paths) == len(set(paths))


@pytest.mark.parametrize("item", ["{k}.内容{n}。（{k}）款。", "（{k}）项目{n}；{k}.细则{n}。"])
def test_a_line_of_thousands_of_markers_is_cut_in_linear_time_and_keeps_its_text(item: str) -> None:
    """A flattened page on one line (`1.…。（1）…。2.…`, ~400 KB): each cut read the rest of the
    line afresh, a scan of the whole rest per cut (25 s on a 1 MB line). Cut once, the pieces
    concatenate back to the line."""
    import time

    line = "".join(item.format(k=n % 9 + 1, n=n) for n in range(25_000))
    started = time.monotonic()
    tree = segment("某市实施方案\n" + line + "\n")
    assert time.monotonic() - started < 4
    assert "".join(c.text for c in tree if c.path_str != "头") == line
    assert len(tree) >= 5  # cut where the numbering allows it


@pytest.mark.parametrize(("line", "item", "heading"), [
    ("一、重点任务（一）二、三产业融合发展。推进农产品加工业发展。", "一/（一）", "二、三产业融合发展"),
    ("一、医疗保障。（一）二、三级医院全部开设发热门诊。（二）社区医院设立发热诊室。", "一/（一）", "二、三级医院全部开设发热门诊"),
])
def test_a_piece_of_a_compound_line_whose_text_opens_with_a_numeral_keeps_it(line: str, item: str,
                                                                             heading: str) -> None:
    """`（一）二、三产业…` cut from a compound line: its text opens with `二、`, glued to its
    marker, no marker of its own. Walking the whole line's candidates once saw `二` after the
    `）` of `（一）` as after a separator and cut there: `（一）` empty, `二` an outer item."""
    tree = {c.path_str: c for c in segment("某县实施方案\n为推进工作，制定本方案。\n" + line + "\n")}
    assert tree[item].heading == heading
    assert "二" not in tree


def test_a_statute_group_heading_on_a_compound_line_is_cut_as_each_piece_reads_alone() -> None:
    line = "第一章 总则 第一条 为了规范管理，制定本条例。第二条 本条例适用于本市。第二章 第三条 市人民政府负责。"
    tree = {c.path_str: c for c in segment("某市数据条例\n" + line + "\n")}
    assert [p for p in tree if p != "头"] == ["第一章", "第一章/第一条", "第一章/第二条", "第二章"]
    assert tree["第二章"].text == "第二章 第三条 市人民政府负责。"
