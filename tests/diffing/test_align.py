"""Alignment: renumbering, moves, splits, merges and the plausible-candidate search."""

from policywatch.diffing import compare, diff_texts
from policywatch.diffing.align import body_key
from policywatch.model import ChangeKind
from tests.diffing.pairgen import to_cn
from tests.diffing.trees import make_tree

BODIES = [
    "强化基础研究。支持高校开展类脑计算等前沿基础理论研究。",
    "攻关关键技术。围绕智能芯片、开发框架等领域推动技术攻关。",
    "建设创新平台。支持企业建设人工智能开放创新平台。",
    "打造产业园区。高标准打造人工智能产业园区和特色小镇。",
    "培育骨干企业。引进培育具有国际竞争力的龙头企业。",
    "完善人才体系。实施高端人才引进计划和青年人才培养计划。",
    "深化开放合作。加强与国际知名高校和研究机构交流合作。",
]
NEW_BODY = "推进数据开放。建立公共数据开放目录并有序向社会开放。"


def numbered(bodies, parent="二", style="pcn"):
    items = [(parent, f"{parent}、主要任务")]
    for n, body in enumerate(bodies, 1):
        label = f"（{to_cn(n)}）" if style == "pcn" else str(n)
        marker = label if style == "pcn" else f"{n}."
        items.append((f"{parent}/{label}", f"{marker}{body}"))
    return items


def kinds(cs):
    return [c.kind for c in cs.changes]


def test_body_key_strips_only_the_leading_marker():
    assert body_key("(三)基本原则。") == "基本原则"  # and the item's end mark
    assert body_key("(1)数字基础设施建设;") == body_key("(1)数字基础设施建设。")
    assert body_key("12.打造园区") == "打造园区"
    assert body_key("第十二条支持企业") == "支持企业"
    assert body_key("2025年实现目标") == "2025年实现目标"
    assert body_key("10.5亿元") == "10.5亿元"


def test_insertion_before_k_siblings_is_one_added_and_one_renumbered():
    old = make_tree(numbered(BODIES))
    new = make_tree(numbered([*BODIES[:2], NEW_BODY, *BODIES[2:]]))
    cs = compare(old, new)
    assert sorted(kinds(cs)) == [ChangeKind.ADDED, ChangeKind.RENUMBERED]
    (added,) = [c for c in cs.changes if c.kind is ChangeKind.ADDED]
    (renumbered,) = [c for c in cs.changes if c.kind is ChangeKind.RENUMBERED]
    assert added.new_path == "二/（三）" and NEW_BODY in added.new_text
    assert len(renumbered.moves) == len(BODIES) - 2
    assert renumbered.moves[0] == ("二/（三）", "二/（四）")


def test_deletion_is_one_deleted_and_one_renumbered():
    old = make_tree(numbered(BODIES))
    new = make_tree(numbered(BODIES[:1] + BODIES[2:]))
    cs = compare(old, new)
    assert sorted(kinds(cs)) == [ChangeKind.DELETED, ChangeKind.RENUMBERED]
    assert cs.changes[0].kind is ChangeKind.DELETED and cs.changes[0].old_path == "二/（二）"
    assert len(cs.changes[1].moves) == len(BODIES) - 2


def test_deleting_the_last_item_renumbers_nothing():
    cs = compare(make_tree(numbered(BODIES)), make_tree(numbered(BODIES[:-1])))
    assert kinds(cs) == [ChangeKind.DELETED]


def test_children_of_a_renumbered_clause_are_implied_not_reported():
    def tree(bodies):
        items = []
        for n, body in enumerate(bodies, 1):
            items.append((to_cn(n), f"{to_cn(n)}、{body}"))
            items.append((f"{to_cn(n)}/1", f"1.{body}的具体措施。"))
        return make_tree(items)

    cs = compare(tree(BODIES[1:]), tree(BODIES))
    assert sorted(kinds(cs)) == [ChangeKind.ADDED, ChangeKind.RENUMBERED]
    (renumbered,) = [c for c in cs.changes if c.kind is ChangeKind.RENUMBERED]
    assert all("/" not in a for a, _ in renumbered.moves)  # only the top-level labels moved


def test_inserted_subtree_is_one_added_record():
    def tree(bodies):
        items = []
        for n, body in enumerate(bodies, 1):
            items.append((to_cn(n), f"{to_cn(n)}、{body}"))
            items.append((f"{to_cn(n)}/1", f"1.{body}的具体措施。"))
        return make_tree(items)

    cs = compare(tree(BODIES[1:]), tree(BODIES))
    (added,) = [c for c in cs.changes if c.kind is ChangeKind.ADDED]
    assert added.new_path == "一" and "具体措施" in added.new_text


def test_continuous_numbering_across_parents_gives_one_renumbered_record():
    def tree(first, second):
        items, n = [], 0
        for p, chunk in (("（一）", first), ("（二）", second)):
            items.append((f"三/{p}", f"{p}分项任务{p}"))
            for body in chunk:
                n += 1
                items.append((f"三/{p}/{n}", f"{n}.{body}"))
        return make_tree([("三", "三、重点任务"), *items])

    old = tree(BODIES[:3], BODIES[3:])
    new = tree([BODIES[0], NEW_BODY, *BODIES[1:3]], BODIES[3:])
    cs = compare(old, new)
    assert sorted(kinds(cs)) == [ChangeKind.ADDED, ChangeKind.RENUMBERED]
    assert len(cs.changes[1].moves) == len(BODIES) - 1


def test_move_is_one_moved_record_plus_the_renumbering_between():
    moved = [*BODIES[1:5], BODIES[0], *BODIES[5:]]
    cs = compare(make_tree(numbered(BODIES)), make_tree(numbered(moved)))
    assert sorted(kinds(cs)) == [ChangeKind.MOVED, ChangeKind.RENUMBERED]
    (move,) = [c for c in cs.changes if c.kind is ChangeKind.MOVED]
    assert (move.old_path, move.new_path) == ("二/（一）", "二/（五）")
    assert not move.inline  # same text: nothing to show inline


def test_split_and_merge_are_reported_with_their_paths():
    first, second = BODIES[0].split("。", 1)
    split = [first + "。", second, *BODIES[1:]]
    cs = compare(make_tree(numbered(BODIES)), make_tree(numbered(split)))
    assert sorted(kinds(cs)) == [ChangeKind.RENUMBERED, ChangeKind.SPLIT]
    (change,) = [c for c in cs.changes if c.kind is ChangeKind.SPLIT]
    assert change.moves == (("二/（一）", "二/（一）"), ("二/（一）", "二/（二）"))
    back = compare(make_tree(numbered(split)), make_tree(numbered(BODIES)))
    assert sorted(kinds(back)) == [ChangeKind.MERGED, ChangeKind.RENUMBERED]


def test_equal_key_split_is_neutral():
    old = make_tree([("一", "一、总体要求"), ("一/¶1", "坚持创新引领。把握发展趋势。坚持开放合作。深化交流。")])
    new = make_tree([("一", "一、总体要求"), ("一/¶1", "坚持创新引领。把握发展趋势。"), ("一/¶2", "坚持开放合作。深化交流。")])
    assert compare(old, new).is_empty


def test_edit_and_neighbouring_insertion_are_told_apart():
    edited = [BODIES[0], BODIES[1].replace("技术攻关", "关键核心技术攻关"), NEW_BODY, *BODIES[2:]]
    cs = compare(make_tree(numbered(BODIES)), make_tree(numbered(edited)))
    assert sorted(kinds(cs)) == [ChangeKind.ADDED, ChangeKind.MODIFIED, ChangeKind.RENUMBERED]
    (mod,) = [c for c in cs.changes if c.kind is ChangeKind.MODIFIED]
    assert mod.old_path == mod.new_path == "二/（二）"


def test_repeated_boilerplate_stays_in_place():
    def doc(extra):
        items = []
        for n in range(1, 6):
            items += [(f"{to_cn(n)}", f"{to_cn(n)}、第{n}项政策{extra if n == 3 else ''}"),
                      (f"{to_cn(n)}/1", "1.申报条件"), (f"{to_cn(n)}/2", "2.政策咨询")]
        return make_tree(items)

    cs = compare(doc(""), doc("（修订）"))
    assert [(c.kind, c.old_path) for c in cs.changes] == [(ChangeKind.MODIFIED, "三")]


def test_big_gap_uses_a_window_and_still_pairs_edits():
    bodies = [f"第{n}项任务。推进人工智能在第{n}个领域的示范应用和场景开放，形成典型案例。" for n in range(1, 121)]
    edited = [b.replace("典型案例", "一批典型案例") for b in bodies]
    cs = compare(make_tree(numbered(bodies, style="ar")), make_tree(numbered(edited, style="ar")))
    assert kinds(cs) == [ChangeKind.MODIFIED] * 120
    assert all(c.old_path == c.new_path for c in cs.changes)


def test_clause_that_lost_its_whole_body_is_modified_not_replaced():
    body = "按照“智生产、智生活、智生态”的发展理念，融合运用人工智能、大数据、5G、物联网等新一代信息技术，探索构建数字孪生城市。"
    old = make_tree([("三", "三、产业发展重点"), ("四", "四、应用实践重点\n" + body), ("五", "五、保障措施")])
    new = make_tree([("三", "三、产业发展重点"), ("四", "四、应用实践重点"), ("五", "五、保障措施")])
    cs = compare(old, new)
    assert [(c.kind, c.old_path, c.new_path) for c in cs.changes] == [(ChangeKind.MODIFIED, "四", "四")]


def test_take_best_swaps_when_greedy_would_leave_a_clause_unpaired():
    from policywatch.diffing.align import _State, _take_best

    st = _State([], [], [], [])
    # old 0 likes new 1 best (0.9) but new 0 too (0.8); old 1 can only be new 1 (0.85)
    _take_best(st, [(0.9, 0, 1), (0.8, 0, 0), (0.85, 1, 1)], "gap")
    assert st.pairs == {0: 0, 1: 1}
    assert st.taken == {0, 1}


def test_body_key_strips_like_the_two_substitutions() -> None:
    """body_key() strips the leading marker and one final end mark exactly as
    KEY_MARKER.sub + re.sub(r"[;。,，；]$") did."""
    import random
    import re

    from policywatch.diffing.align import body_key
    from policywatch.grammar import KEY_MARKER

    end = re.compile(r"[;。,，；]$")
    rng = random.Random(5)
    pieces = ["(一)", "1.", "第三条", "一、", "①", "——", "附件1:", "发展", "。", "；", ";", ",", "，", "\n", "2", ""]
    keys = ["", "。", "\n", "。\n", "(一)。", "1.发展。\n"]
    keys += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    for key in keys:
        assert body_key(key) == end.sub("", KEY_MARKER.sub("", key, count=1), count=1), key


def test_a_clause_rewritten_alone_in_its_slot_is_modified() -> None:
    # a revision rewrites a short article in place: between the same neighbours, however
    # different its wording (similarity 0.5 here, below the gap's usual bar)
    old = "示范教育法\n第一条 本法适用于全国。\n第二条 国家设立全民国防教育日。\n第三条 本法自公布之日起施行。\n"
    new = "示范教育法\n第一条 本法适用于全国。\n第二条 每年九月的第三个星期六为全民国防教育日。\n第三条 本法自公布之日起施行。\n"
    assert [(c.kind, c.old_path, c.new_path) for c in diff_texts(old, new).changes] == [
        (ChangeKind.MODIFIED, "第二条", "第二条")]
    # the last article of its 章 on both sides, renumbered: the same slot
    old = "示范法\n第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 附则\n第三条 本法自公布之日起施行。\n"
    new = ("示范法\n第一章 总则\n第一条 甲。\n第二条 乙。\n第三条 丙。\n第二章 附则\n"
           "第四条 本法自2024年9月21日起施行。\n")
    records = [(c.kind, c.old_path, c.new_path) for c in diff_texts(old, new).changes]
    assert (ChangeKind.MODIFIED, "第二章/第三条", "第二章/第四条") in records
    # an unrelated text in the slot is a deletion and an addition
    new = "示范教育法\n第一条 本法适用于全国。\n第二条 违反规定的，依法处理。\n第三条 本法自公布之日起施行。\n"
    old = "示范教育法\n第一条 本法适用于全国。\n第二条 国家设立全民国防教育日。\n第三条 本法自公布之日起施行。\n"
    assert sorted(c.kind.value for c in diff_texts(old, new).changes) == ["added", "deleted"]


def test_a_gap_of_long_articles_is_not_compared_pair_by_pair_whole(monkeypatch) -> None:
    """A gap whose texts are too long to compare every pair (_GAP_ALL_CELLS: 30 rewritten articles
    of 2,300 characters a side) is searched in a window only — by the clear-best pass too, which
    compares whole articles: the long texts are compared fewer times than there are pairs."""
    import random

    import policywatch.diffing.similarity as similarity_module

    calls = []
    scorer = similarity_module.similarity

    def counting(a: str, b: str, *args: object, **kwargs: object) -> float:
        if len(a) > 2000 and len(b) > 2000:
            calls.append(1)
        return scorer(a, b, *args, **kwargs)

    monkeypatch.setattr(similarity_module, "similarity", counting)
    rnd = random.Random(7)

    def document() -> str:
        articles = ["".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(2300)) + "。" for _ in range(30)]
        return ("某某条例\n第一条 为了规范管理，制定本条例。\n"
                + "".join(f"第{to_cn(k + 2)}条 {text}\n" for k, text in enumerate(articles))
                + f"第{to_cn(len(articles) + 2)}条 本条例自2020年1月1日起施行。\n")

    changes = diff_texts(document(), document()).changes
    assert sum(c.kind is ChangeKind.MODIFIED for c in changes) == 0
    assert 0 < len(calls) < 30 * 30, len(calls)



TASK = ("加快数字化转型和绿色低碳发展。支持企业开展智能化改造，对购置工业机器人的给予设备投资额10%的补助，最高500万元。"
        "推动企业实施节能降碳改造，对年节能量达到1000吨标准煤以上的项目给予一次性奖励50万元。")
PART_ONE = "全面推进制造业数字化智能化转型升级。支持企业开展智能化改造，对购置工业机器人的给予设备投资额10%的补助，最高500万元。"
PART_TWO = "大力推动工业领域绿色低碳循环发展。推动企业实施节能降碳改造，对年节能量达到1000吨标准煤以上的项目给予一次性奖励50万元。"


def _tasks(tasks: list[str]) -> str:
    """A policy whose 二、 lists the tasks as （一）（二）…, each headed by its first sentence."""
    items = "\n".join(f"（{to_cn(n)}）{task}" for n, task in enumerate(tasks, 1))
    return f"关于加快推进产业发展的若干措施\n一、总体要求\n坚持创新驱动，推动高质量发展。\n二、重点任务\n{items}\n三、保障措施\n各区要加强组织领导。"


def test_a_task_split_under_new_headings_is_a_split():
    """A task split in two, each part under a heading of its own: the new headings weigh on the
    joined text as much as the body (joined, under 0.9 alike to the whole), the bodies without
    them are the whole's body. One split (and one merge the other way), not a task added and
    the old one modified into the other part."""
    old, new = _tasks([TASK, *BODIES[1:3]]), _tasks([PART_ONE, PART_TWO, *BODIES[1:3]])
    cs = diff_texts(old, new)
    assert sorted(kinds(cs)) == [ChangeKind.RENUMBERED, ChangeKind.SPLIT], kinds(cs)
    (change,) = [c for c in cs.changes if c.kind is ChangeKind.SPLIT]
    assert change.moves == (("二/（一）", "二/（一）"), ("二/（一）", "二/（二）"))
    assert sorted(kinds(diff_texts(new, old))) == [ChangeKind.MERGED, ChangeKind.RENUMBERED]


def test_a_task_rewritten_beside_a_new_task_is_no_split():
    """The part of the same shape that is no split: the task kept (retitled, a sentence cut) and
    a new task whose body repeats a phrase of it; or the task kept whole under a shorter heading
    and a new task of its own. The kept part is the whole's best match by far."""
    retitled = PART_ONE + "推动企业实施节能降碳改造。"
    new = [retitled, "强化节能降碳改造。推动企业实施节能降碳改造，对项目给予一次性奖励。", *BODIES[1:3]]
    cs = diff_texts(_tasks([TASK, *BODIES[1:3]]), _tasks(new))
    assert ChangeKind.SPLIT not in kinds(cs), kinds(cs)
    kept = TASK.replace("加快数字化转型和绿色低碳发展", "加快数字化转型")
    new = [kept, "推进数据开放共享。建立公共数据开放目录，有序向社会开放。", *BODIES[1:3]]
    cs = diff_texts(_tasks([TASK, *BODIES[1:3]]), _tasks(new))
    assert ChangeKind.SPLIT not in kinds(cs), kinds(cs)


def test_the_split_search_folds_each_heading_once(monkeypatch):
    """The search for a split under new headings tries each task in many runs: each heading is
    folded to its key once (a gap's headings in one pass), not at each try — folding them at each
    try doubled the CPU of a policy of 40 sections of headed tasks (10 tasks each split in two
    and shuffled, so every run is tried and none is a split)."""
    import random

    import policywatch.normalize as normalize
    from policywatch.diffing.align import align
    from policywatch.diffing.segment import segment

    rnd = random.Random(2)

    def words(n: int) -> str:
        return "".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(n))

    def document(sections: list[list[tuple[str, str]]]) -> str:
        lines = ["关于加快推进产业发展的若干措施"]
        for s, tasks in enumerate(sections):
            lines.append(f"{to_cn(s + 1)}、第{to_cn(s + 1)}部分")
            lines += [f"（{to_cn(i)}）{head}。{body}" for i, (head, body) in enumerate(tasks, 1)]
        return "\n".join(lines) + "\n"

    old, new = [], []
    for _ in range(8):
        halves = [(words(60), words(60)) for _ in range(10)]
        old.append([(words(10), a + b) for a, b in halves])
        parts = [(words(10), b[:55] + words(5)) for _, b in halves] + [(words(10), a[:55] + words(5)) for a, _ in halves]
        rnd.shuffle(parts)
        new.append(parts)
    old_clauses, new_clauses = segment(document(old)).clauses, segment(document(new)).clauses
    folded = []
    one, many = normalize.comparison_key, normalize.comparison_keys

    def count_one(text: str) -> str:
        folded.append(text)
        return one(text)

    def count_many(texts):
        folded.extend(texts)
        return many(texts)

    monkeypatch.setattr(normalize, "comparison_key", count_one)
    monkeypatch.setattr(normalize, "comparison_keys", count_many)
    align(old_clauses, new_clauses)
    assert 0 < len(folded) <= len(old_clauses) + len(new_clauses), len(folded)
