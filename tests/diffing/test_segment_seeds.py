"""The seed documents: pinned clauses (tests/data/segment_cases.toml), whole-tree invariants,
and the compilation 001 split into its 33 policies."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from policywatch.diffing import render_tree_text, segment, tree_to_dict
from policywatch.model import ClauseTree
from policywatch.normalize import normalize_text

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = sorted(p.name for p in (DATA / "seeds").glob("0*.txt"))
CASES = tomllib.loads((DATA / "segment_cases.toml").read_text(encoding="utf-8"))["case"]


@cache
def _tree(seed: str, normalized: bool) -> ClauseTree:
    raw = (DATA / "seeds" / seed).read_text(encoding="utf-8")
    return segment(normalize_text(raw).display if normalized else raw)


def _bare(text: str) -> str:
    return "".join(text.split())


def _grouped() -> list:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for case in CASES:
        groups[(case["seed"], case["path"].split("/")[0])].append(case)
    return [pytest.param(seed, doc, cases, id=f"{seed[:3]}-{doc}") for (seed, doc), cases in groups.items()]


def _check(tree: ClauseTree, cases: list[dict]) -> None:
    got = {c.path_str: c for c in tree}
    for case in cases:
        clause = got.get(case["path"])
        assert clause is not None, case["path"]
        assert _bare(clause.heading) == _bare(case["heading"]), case["path"]
        assert _bare(clause.text.lstrip(" #\t")).startswith(_bare(case["text_starts"])), case["path"]


@pytest.mark.parametrize(("seed", "doc", "cases"), _grouped())
def test_pinned_clauses_of_the_raw_seeds(seed: str, doc: str, cases: list[dict]) -> None:
    _check(_tree(seed, False), cases)


@pytest.mark.parametrize(("seed", "doc", "cases"), _grouped())
def test_pinned_clauses_of_the_normalized_seeds(seed: str, doc: str, cases: list[dict]) -> None:
    _check(_tree(seed, True), cases)


POLICY_PAIRS = DATA / "policy_pairs"
# tests/data/policy_pairs: real notices of issuers the seeds do not cover (a signature under an
# annex list, 1. items under （二）, a renumbered 资金用途); tests/data/policy_shapes: 专栏 boxes,
# duplicated numbers, 附件 lists and tables; tests/data/policy_kinds: Q&A, standards, Macau 第X條 with
# a) items, traditional characters, pages flattened into commas, a quoted amendment
POLICY_FOLDERS = (POLICY_PAIRS, DATA / "policy_shapes", DATA / "policy_kinds")
POLICY_CASES = [(folder, case) for folder in POLICY_FOLDERS
                for case in tomllib.loads((folder / "segment.toml").read_text(encoding="utf-8"))["case"]]


@pytest.mark.parametrize(("folder", "file"), sorted({(f, c["file"]) for f, c in POLICY_CASES}))
def test_pinned_clauses_of_the_real_policy_editions(folder: Path, file: str) -> None:
    raw = (folder / file).read_text(encoding="utf-8")
    _check(segment(normalize_text(raw).display), [c for f, c in POLICY_CASES if f == folder and c["file"] == file])


def test_the_cases_cover_every_seed_and_every_policy_of_the_compilation() -> None:
    assert {c["seed"] for c in CASES} == set(SEEDS)
    docs = {c["path"].split("/")[0] for c in CASES if c["seed"].startswith("001_")}
    assert docs == {f"文件{k}" for k in range(1, 34)}


@pytest.mark.parametrize("normalized", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_text_is_kept_whole_and_paths_are_unique(seed: str, normalized: bool) -> None:
    raw = (DATA / "seeds" / seed).read_text(encoding="utf-8")
    text = normalize_text(raw).display if normalized else raw
    tree = _tree(seed, normalized)
    assert "".join(tree.text.split("\n")) == "".join(line for line in text.splitlines() if line.strip())
    assert len({c.path for c in tree}) == len(tree)
    assert all(c.path[:-1] == () or c.path[:-1] in {p.path for p in tree} for c in tree)


def test_the_compilation_is_split_into_its_33_policies() -> None:
    raw_docs = [c for c in _tree("001_19fc23e80da6329a.txt", False) if c.family == "document"]
    assert [c.label for c in raw_docs] == [f"文件{k}" for k in range(1, 34)]
    assert raw_docs[9].heading == "合肥建设国家新一代人工智能创新发展试验区实施方案（2020-2023年）"
    norm_docs = [c for c in _tree("001_19fc23e80da6329a.txt", True) if c.family == "document"]
    assert [c.heading.replace(" ", "") for c in norm_docs] == [
        c.heading.replace(" ", "") for c in raw_docs[:len(norm_docs)]]
    assert len(norm_docs) >= 32


def test_notice_head_and_tail_zones() -> None:
    got = {c.path_str: c for c in _tree("002_05b334b9d66293e8.txt", True)}
    assert got["头"].text.startswith("市政府关于印发南京国家人工智能创新")
    assert got["头"].text.endswith("建设实施方案")
    assert got["序"].text.startswith("为贯彻落实国家、省关于发展人工智能的工作部署")
    assert got["尾"].text.startswith("抄送：")
    assert got["尾"].text.endswith("印发")
    assert "尾" in {c.path_str for c in _tree("003_388d20438c39147f.txt", False)}


def test_tree_renderings() -> None:
    tree = _tree("002_05b334b9d66293e8.txt", True)
    text = render_tree_text(tree)
    assert "\n  三/（二）  创新体系建设行动  [pcn, 1¶]\n" in text
    data = tree_to_dict(tree)
    assert data["title"] == tree.title
    first = next(c for c in data["clauses"] if c["path"] == "三/（二）/4")
    assert first["family"] == "ar" and first["label"] == "4" and first["heading"] == "建设一批创新平台载体"
    assert first["text"].startswith("4．建设一批创新平台载体。")
    assert len(data["clauses"]) == len(tree)


def test_t1_t2_from_the_pdf_rows_of_000() -> None:
    got = {c.path_str: c for c in _tree("000_9f0041d443b88405.txt", True)}
    dash = got["三/（一）/——2"]
    assert dash.heading == "应用性支撑平台"
    assert "大数据挖掘与机器学习技术" in dash.text and "baidu" not in dash.text and "\n" not in dash.text
    assert got["四/（一）"].heading == "夯实发展基础"
    assert "IPv6、5G" in got["四/（一）"].text
    assert [c.path_str for c in got.values() if c.family == "annex"] == ["附件", "附件1", "附件2"]
    assert got["附件1"].heading == "省新一代人工智能产业重点技术"


@pytest.mark.parametrize("issued", ["２０２２年12月13日印发", "２０２２年１２月１３日印发", "2022 年 12 月 13 日 印发"])
def test_tail_zone_is_found_whatever_the_width_of_the_date(issued: str) -> None:
    raw = (DATA / "seeds" / "002_05b334b9d66293e8.txt").read_text(encoding="utf-8")
    assert "2022年12月13日印发" in raw
    raw = raw.replace("2022年12月13日印发", issued).replace("抄送：", "抄送:")
    got = {c.path_str: c for c in segment(normalize_text(raw).display)}
    assert got["尾"].text.startswith("抄送")
    assert got["尾"].text.endswith("印发")


@pytest.mark.parametrize("seed", ["000_9f0041d443b88405.txt", "001_19fc23e80da6329a.txt",
                                  "002_05b334b9d66293e8.txt", "004_1a3ddd08d567a234.txt"])
# Variant 2 cuts 001 doc 6's preamble after 29 characters with no comma (`…赋予天津的重大科` /
# `技任务，…`): under 30 characters such a line may as well be a title or a list item (000's annex
# lists, 001's two-line titles), so it stays a line of its own and reads as a head. 003 is left
# out: its lead-in paragraphs (`孵化创新创业企业。…`) cannot be told from a paragraph split after 。.
# For the same reason a paragraph of an article split after 。 is a 款 of its own (statutes.md): 款
# nodes and what hangs under them are left out here; the diff of such a copy is empty all the same
# (test_compare_pairs, cosmetic).
@pytest.mark.parametrize("variant", [0, 1, 3, 4])
def test_a_rewrapped_width_swapped_copy_has_the_same_tree(seed: str, variant: int) -> None:
    import random

    from tests.diffing.pairgen import cosmetic

    raw = (DATA / "seeds" / seed).read_text(encoding="utf-8")
    copy = segment(normalize_text(cosmetic(raw, random.Random(variant))).display)
    assert _without_paragraphs(copy) == _without_paragraphs(_tree(seed, True))


def _without_paragraphs(tree: ClauseTree) -> list[str]:
    paragraphs = tuple(c.path for c in tree if c.family == "para")
    return [c.path_str for c in tree if not any(c.path[:len(p)] == p for p in paragraphs)]
