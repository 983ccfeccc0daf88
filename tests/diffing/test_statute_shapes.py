"""Shapes of real statute texts met in law databases (tests/data/statutes/README.md): a 司法解释
without chapters whose adoption note carries its amendments, a reference cut to a line start
that looks like an article, a transitional 款 that opens like a closing formula, a reworded
caption, and a copy that lost a 第一节 or its first chapters. Each real case has a variant the
rule must handle too."""

from __future__ import annotations

import pytest

from policywatch.diffing import diff_texts, segment
from policywatch.normalize import display_lines
from tests.diffing.statute_eval import STATUTES, Tally, evaluate, shipped_revisions
from tests.diffing.statutegen import Revision

LENDING_OLD = (STATUTES / "lending.old.txt").read_text(encoding="utf-8")
LENDING_NEW = (STATUTES / "lending.new.txt").read_text(encoding="utf-8")
COPYRIGHT = (STATUTES / "copyright.chapter1.txt").read_text(encoding="utf-8")
SHIPPING_OLD = (STATUTES / "shipping.old.txt").read_text(encoding="utf-8")
SHIPPING_NEW = (STATUTES / "shipping.new.txt").read_text(encoding="utf-8")


def _tree(text: str):
    return segment("\n".join(display_lines(text)))


def _paths(text: str) -> dict[str, str]:
    return {c.path_str: c.text for c in _tree(text)}


def _records(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.old_path, c.new_path) for c in diff_texts(old, new).changes]


def _without(text: str, *lines: str) -> str:
    return "\n".join(row for row in text.splitlines() if row not in lines)


def test_an_adoption_note_line_is_never_glued_to_the_preamble() -> None:
    """The 2020-12 民间借贷 规定 prints its three events one a line, then its preamble: none ends
    in punctuation, yet each is a line of the head, and the preamble is only its sentence."""
    paths = _paths(LENDING_NEW)
    assert paths["头"].count("\n") == 3 and paths["头"].endswith("第1823次会议通过")
    assert paths["序"].startswith("为正确审理民间借贷纠纷案件")
    # the 2020-08 text says when its amendment took effect, on a line of its own
    assert _paths(LENDING_OLD)["头"].endswith("该修正自2020年8月20日施行")
    # a variant: a regulation's revision note with a Chinese-numeral date and 本修订…起施行
    variant = ("示范市物业管理条例\n二〇一〇年六月一日示范市人民代表大会常务委员会第十次会议通过\n"
               "二〇二一年三月二日示范市人民代表大会常务委员会第三十次会议修订\n本次修订自2021年5月1日起施行\n"
               "为了规范物业管理活动，维护业主的合法权益，制定本条例。\n第一条 本条例适用于本市。")
    paths = _paths(variant)
    assert paths["头"].endswith("本次修订自2021年5月1日起施行") and paths["序"].startswith("为了规范")


def test_a_reference_cut_to_a_line_start_is_no_article() -> None:
    """The database prints 第十三条 of the 2020-08 text with `第五十二条 以及本规定…` on a line of
    its own, after `…依据《中华人民共和国合同法》`: the sentence goes on, 第十四条 follows."""
    paths = _paths(LENDING_OLD)
    assert "第五十二条" not in paths
    assert "《中华人民共和国合同法》\n第五十二条 以及本规定第十四条之规定" in paths["第十三条"]
    assert [p for p in paths if "/" not in p and p.startswith("第")][12:14] == ["第十三条", "第十四条"]
    assert ("modified", "第十三条/第一款", "第十二条/第一款") in _records(LENDING_OLD, LENDING_NEW)  # 款 follow
    # a variant: a regulation whose reference to another act's article was cut the same way
    variant = ("示范办法\n第一条 为了规范管理，制定本办法。\n第二条 违反本办法规定的，依照《中华人民共和国行政处罚法》\n"
               "第三十二条 的规定从轻处罚。\n第三条 本办法自公布之日起施行。")
    assert [p for p in _paths(variant) if p.startswith("第")] == ["第一条", "第二条", "第三条"]
    # but an excerpt that skips articles after a sentence's end, or a chapter heading, keeps them
    excerpt = variant.replace("《中华人民共和国行政处罚法》\n第三十二条 的规定从轻处罚。", "法律处罚。\n第三十二条 从轻处罚。")
    assert "第三十二条" in _paths(excerpt)
    chaptered = "示范办法\n第一章 总则\n第一条 为了规范管理，制定本办法。\n第五章 附则\n第三十二条 本办法自公布之日起施行。"
    assert "第五章/第三十二条" in _paths(chaptered)
    # nor is an article whose words open as an article's do, whatever the line before it
    dated = "示范办法\n第一条 为了规范管理，制定本办法。\n2024年3月25日\n第三十条 本办法自2024年5月1日起施行。"
    assert "第三十条" in _paths(dated)


def test_a_transitional_paragraph_is_its_articles_not_the_tail() -> None:
    """`本规定施行后，最高人民法院以前作出的相关司法解释与本规定不一致的，以本规定为准。` is the last 款
    of the last article: it says what holds after the text takes effect, no closing formula."""
    paths = _paths(LENDING_NEW)
    assert "尾" not in paths and paths["第三十一条/第三款"].startswith("本规定施行后")
    assert ("modified", "第三十二条/第三款", "第三十一条/第三款") in _records(LENDING_OLD, LENDING_NEW)
    # a variant: 本办法施行前 … and a real closing formula after it, which is still the tail
    variant = ("示范办法\n第一条 为了规范管理，制定本办法。\n第二条 本办法自2024年1月1日起施行。\n"
               "本办法施行前已经取得许可的，继续有效。\n示范市人民政府\n2023年12月1日")
    paths = _paths(variant)
    assert paths["第二条/第二款"].startswith("本办法施行前") and paths["尾"] == "示范市人民政府\n2023年12月1日"


def test_a_reworded_caption_between_the_same_articles_is_modified() -> None:
    """北京市实施《保守国家秘密法》若干规定 (25 条, no chapters) with a bare caption before 第二十四条,
    reworded: one modified record from the old caption to the new one."""
    real = (STATUTES / "secrets.1996.txt").read_text(encoding="utf-8")
    lines = real.splitlines()
    at = next(k for k, row in enumerate(lines) if row.startswith("第二十四条"))

    def captioned(caption: str) -> str:
        return "\n".join([*lines[:at], caption, *lines[at:]])

    assert _records(captioned("附 则"), captioned("附　则")) == []
    assert _records(captioned("附 则"), captioned("其他规定")) == [("modified", "附则", "其他规定")]


def test_a_lost_first_section_is_implied_under_its_chapter() -> None:
    """著作权法 (2020) without its `第一节 著作权人及其权利` line: 第九条 stands where 第一节 belongs
    (the chapter's first section heading is 第二节), so an empty 第一节 holds it and the diff with
    the whole copy reports that heading only."""
    lost = _without(COPYRIGHT, "第一节 著作权人及其权利")
    paths = _paths(lost)
    assert "第二章/第一节/第九条" in paths and paths["第二章/第一节"] == ""
    assert _records(COPYRIGHT, lost) == [("deleted", "第二章/第一节", "")]
    # a variant: a 部门规章 in chapters and sections whose 第三章 lost its 第一节
    rule = ("示范规章\n第一章 总则\n第一条 为了规范，制定本规定。\n第二章 登记\n第一节 申请\n第二条 申请人应当提交材料。\n"
            "第二节 审查\n第三条 登记机关应当审查。\n第三章 监督\n第一节 检查\n第四条 应当定期检查。\n第二节 处理\n"
            "第五条 发现问题的，应当处理。")
    cut = _without(rule, "第一节 检查")
    assert "第三章/第一节/第四条" in _paths(cut)
    assert _records(rule, cut) == [("deleted", "第三章/第一节", "")]
    # a chapter whose first section heading is 第三节 implies nothing
    assert "第三章/第四条" in _paths(_without(rule, "第一节 检查").replace("第二节 处理", "第三节 处理"))


def test_headings_lost_above_articles_are_deleted_and_the_articles_only_relabelled() -> None:
    """An excerpt of 著作权法 whose first heading is a 节 (its 第一章 and 第二章 lines lost): no
    chapter is implied (which lost heading held what is unknown), the articles keep their
    numbers, and the diff with the whole copy is the two lost headings, their articles only
    relabelled (as for 节 inserted by a revision, tests/diffing/test_unseen.py): nothing moved,
    modified or deleted."""
    cut = _without(COPYRIGHT, "第一章 总 则", "第二章 著作权")
    paths = _paths(cut)
    assert "第一条" in paths and "第一节/第九条" in paths
    records = _records(COPYRIGHT, cut)
    assert [r for r in records if r[0] != "renumbered"] == [("deleted", "第一章", ""), ("deleted", "第二章", "")]
    relabelled = [m for c in diff_texts(COPYRIGHT, cut).changes for m in c.moves]
    assert all(a.split("/")[-1] == b.split("/")[-1] for a, b in relabelled) and len(relabelled) == 10


def test_a_title_block_line_naming_the_day_by_its_event_is_head() -> None:
    """上海航运交易所管理规定 (交通部令第8号) in two copies of the law database: the later one adds
    `发布之日施行` under its notes and spaces its chapter headings otherwise. Only the head
    changed: one record, no preamble, no chapter renamed."""
    assert _records(SHIPPING_OLD, SHIPPING_NEW) == [("modified", "头", "头")]
    assert _paths(SHIPPING_NEW)["头"].endswith("发布之日施行")
    # a variant: a municipal rule whose copy writes `自公布之日起施行` under its 令 note
    variant = "示范市停车管理办法\n2020年5月6日 示范市人民政府令第12号公布\n自公布之日起施行\n第一条 为了规范停车管理，制定本办法。"
    paths = _paths(variant)
    assert "序" not in paths and paths["头"].endswith("自公布之日起施行")


@pytest.mark.parametrize("name", ["lending", "shipping", "civil_procedure", "state_secrets", "counterespionage",
                                  "minerals", "patent_rules", "filing_review"])
def test_a_real_revision_reads_like_its_truth(name: str) -> None:
    """The real pairs shipped with an article-level truth (tests/data/statutes/README.md): a 司法解释
    without chapters (lending), two copies of one 部门规章 (shipping), a law in 编/章/节 amended in
    a few articles (civil_procedure), three laws revised (修订) in excerpts of three and two chapters:
    articles inserted, renumbered, given 款 and rewritten (state_secrets), a definition moved from
    附则 to 第一章 and two articles that swapped places, one of them edited (counterespionage),
    articles rewritten (0.50–0.62 alike) between kept ones behind new articles that renumbered
    every label of their slot, or facing a new article after them (minerals); a 行政法规 revised in
    two chapters: new articles renumbering the rest, 款 added, an article's two 款 swapped around
    a new one, a citation `第(一)项` in running text (patent_rules); a 地方性法规 in 章 and 节
    revised: articles inserted through every level, 款 and a 项 added (filing_review)."""
    rev = next(rev for rev in shipped_revisions() if rev.name == name)
    assert evaluate(rev, diff_texts(rev.old, rev.new), Tally()) == []


def test_a_revision_that_takes_a_chapter_apart_reads_like_its_truth() -> None:
    """The real 会计法 2017 → 2024 (tests/data/statutes/README.md): 第三章 is deleted whole (one
    record naming its articles: they count as deleted), its last article moves into 第二章 with
    edits (one modified record), every later 章 and article moves up, 帐 → 账 throughout; 第四十三条
    and 第四十四条 merge into a 第四十一条 that keeps both sentences and adds the penalties (the
    first modified, the second deleted)."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "accounting")
    tally = Tally()
    problems = evaluate(rev, diff_texts(rev.old, rev.new), tally)
    figures = {name: text for name, (_, text) in tally.figures().items()}
    assert figures["deleted recall"] == "3/3" and figures["renumbered recall"] == "7/7"
    assert figures["deleted precision"] == "3/3" and figures["modified recall"] == "33/33"
    # the old 第四十九条 is the new 第四十七条's 第二款 under a new first 款: `第四十七条/第一款`
    # added, and the article renumbered (an 8th renumbered record, of an article the added 款 touches;
    # with 第二条/第一款 added, two articles fewer are told by an article-to-article modified record)
    assert figures["renumbered precision"] == "8/8" and figures["modified precision"] == "30/30"
    assert figures["款 addressing"] == "2/2"
    assert not any("第三章/第二十六条" in p or "renumber" in p for p in problems), problems
    # 第八条's third 款, reworded (总后勤部 → 中央军事委员会有关部门, 备案 → 抄送) as 附则's new 第四十九条:
    # one moved record (0.82 alike, but no opening or closing words in common), not deleted + added
    assert figures["split found"] == "1/1" and figures["added precision"] == "1/1"
    assert ("moved", "第一章/第八条/第三款", "第六章/第四十九条") in [
        (c.kind.value, c.old_path, c.new_path) for c in diff_texts(rev.old, rev.new).changes]


def test_a_deleted_section_counts_as_its_articles_deleted() -> None:
    old = ("示范条例\n第一章 总则\n第一条 为了测试，制定本条例。\n第二章 管理\n第一节 许可\n第二条 申请许可应当提交材料。\n"
           "第三条 许可期限为五年。\n第二节 监督\n第四条 主管部门负责监督检查。\n第三章 附则\n第五条 本条例自公布之日起施行。")
    new = old.replace("第一节 许可\n第二条 申请许可应当提交材料。\n第三条 许可期限为五年。\n第二节 监督\n", "") \
        .replace("第四条", "第二条").replace("第五条", "第三条")
    rev = Revision("variant", old, new, modified=set(), added=set(),
                   deleted={"第二章/第一节/第二条", "第二章/第一节/第三条"},
                   renumbered={("第二章/第二节/第四条", "第二章/第二条"), ("第三章/第五条", "第三章/第三条")})
    tally = Tally()
    evaluate(rev, diff_texts(old, new), tally)
    assert tally.figures()["deleted recall"][1] == "2/2" and tally.figures()["deleted precision"][1] == "2/2"


_KEPT = "第{n}条 {body}"
_FIRST = "违反本条例规定，擅自占用城市绿地的，由城市绿化行政主管部门责令限期退还，构成犯罪的，依法追究刑事责任。"
_SECOND = "违反本条例规定，损毁城市树木花草的，由城市绿化行政主管部门责令停止侵害，构成犯罪的，依法追究刑事责任。"


def _statute(*articles: str) -> str:
    return "\n".join(_KEPT.format(n=n, body=body) for n, body in zip("一二三四五六七", articles, strict=False))


_BETWEEN = ("总则内容，本条例适用于本市行政区域。", "本条例自2025年1月1日起施行。")


def test_articles_merged_and_expanded_read_as_the_first_modified() -> None:
    """Two short articles become one that keeps both sentences and adds penalties: its similarity
    to either is low (the added text), but it holds each almost word for word, in the slot both
    sides agree on: the first is modified, the second deleted, nothing added."""
    merged = ("为保护城市绿化成果，有下列行为之一的，依照本条处罚：违反本条例规定，擅自占用城市绿地的，"
              "由城市绿化行政主管部门责令限期退还；违反本条例规定，损毁城市树木花草的，由城市绿化行政主管部门"
              "责令停止侵害；可以并处每平方米一千元以上五千元以下的罚款；造成损失的，依法承担赔偿责任；情节严重的，"
              "处五万元以上二十万元以下的罚款，并可以暂扣相关施工机具；对直接负责的主管人员依法给予处分；"
              "构成犯罪的，依法追究刑事责任。")
    changes = diff_texts(_statute(_BETWEEN[0], _FIRST, _SECOND, _BETWEEN[1]),
                         _statute(_BETWEEN[0], merged, _BETWEEN[1])).changes
    kinds = {(c.kind.value, c.old_path, c.new_path) for c in changes}
    assert ("modified", "第二条", "第二条") in kinds, kinds
    assert ("deleted", "第三条", "") in kinds, kinds
    assert not any(c.kind.value == "added" for c in changes), kinds


def test_an_unrelated_article_in_the_slot_is_not_read_as_an_expansion() -> None:
    """The same slot, but the new article shares only the closing phrase with the old ones: they
    are deleted and it is added."""
    unrelated = ("市人民政府应当建立城市绿化资金保障机制，将城市绿化建设和养护资金列入本级财政预算，"
                 "并根据经济社会发展逐步增加投入；构成犯罪的，依法追究刑事责任。")
    changes = diff_texts(_statute(_BETWEEN[0], _FIRST, _SECOND, _BETWEEN[1]),
                         _statute(_BETWEEN[0], unrelated, _BETWEEN[1])).changes
    kinds = sorted(c.kind.value for c in changes if c.kind.value in ("modified", "added", "deleted"))
    assert kinds == ["added", "deleted", "deleted"], [(c.kind.value, c.old_path, c.new_path) for c in changes]


_LIST_HEAD = ("示范市文化市场管理条例\n第一条 为了加强文化市场管理，制定本条例。\n"
              "第二条 本条例适用于本市行政区域内的文化经营活动。\n")
_LIST_TAIL = "第四条 违反本条例规定的，由市文化主管部门责令改正。\n第五条 本条例自2025年1月1日起施行。\n"
_OLD_CONDITIONS = ("（一）有固定的经营场所和必要的设施；", "（二）有与经营规模相适应的注册资本；",
                   "（三）有健全的安全管理和消防制度；", "（四）有经过培训合格的专业技术人员。")


def _with_list(lead: str, items: tuple[str, ...]) -> str:
    return _LIST_HEAD + f"第三条 {lead}\n" + "\n".join(items) + "\n" + _LIST_TAIL


@pytest.mark.parametrize("lead", ["从事文化经营活动，应当具备下列条件：", "从事演出、娱乐经营活动，应当具备下列条件："])
def test_a_list_rewritten_in_place_is_its_items_modified_by_label(lead: str) -> None:
    """An article's conditions rewritten, three 项 become four, none 0.4 alike to another (the
    real 上海市音像制品管理条例 第九条): its items at the same labels are those items rewritten, the
    extra one added — not every old item deleted and every new one added. The article's lead-in
    kept (paired by its key) or edited (paired by similarity): the same."""
    new_items = ("（一）有经营单位的名称和章程；", "（二）有确定的业务范围；",
                 "（三）有适应业务需要的组织机构和从业人员；", "（四）法律、行政法规规定的其他条件。")
    records = _records(_with_list("从事文化经营活动，应当具备下列条件：", _OLD_CONDITIONS[:3]),
                       _with_list(lead, new_items))
    items = [r for r in records if r[1].startswith("第三条/") or r[2].startswith("第三条/")]
    assert items == [("modified", "第三条/（一）", "第三条/（一）"), ("modified", "第三条/（二）", "第三条/（二）"),
                     ("modified", "第三条/（三）", "第三条/（三）"), ("added", "", "第三条/（四）")], records


def test_an_item_deleted_and_the_rest_reworded_up_is_no_chain_of_modified_items() -> None:
    """第三条 loses its （二）; its （三） and （四） move up, reworded. Each old item is closer to the
    new one a label up than to the one at its own label: pairing by label would read （二） and
    （三） as modified into unrelated texts. Read as the renumbering it is, the item that shifted
    up still alike from the slot's bar (the staff condition, （四） → （三）) is that item modified;
    the one reworded below it (the safety condition) stays deleted and added."""
    new_items = (_OLD_CONDITIONS[0], "（二）建立安全生产责任制，落实消防措施；", "（三）配备经考核合格的技术人员和管理人员。")
    lead = "从事文化经营活动，应当具备下列条件："
    records = _records(_with_list(lead, _OLD_CONDITIONS), _with_list(lead, new_items))
    assert [r for r in records if r[0] == "modified"] == [("modified", "第三条/（四）", "第三条/（三）")], records
    assert ("deleted", "第三条/（二）", "") in records and ("added", "", "第三条/（二）") in records


def test_items_shifted_up_past_a_deleted_one_and_reworded_are_those_items_modified() -> None:
    """An item deleted, the two after it moved up and reworded (0.58 and 0.59 alike, below the
    gap's bar): a renumbering, read as one — not every item deleted and added."""
    lead = "有下列情形之一的，不予登记："
    old_items = ("（一）申请材料不齐全的；", "（二）申请人未缴纳登记费用的；", "（三）拟设立机构的名称与已登记机构重名的；",
                 "（四）申请人在申请时隐瞒有关情况或者提供虚假材料的；", "（五）法律规定的其他情形。")
    new_items = ("（一）申请材料不齐全的；", "（二）拟设立机构名称与已经依法登记的社会组织名称相同或者近似的；",
                 "（三）隐瞒真实情况或者提供虚假申请文件、证明材料的；", "（四）法律规定的其他情形。")
    records = _records(_with_list(lead, old_items), _with_list(lead, new_items))
    assert [r for r in records if r[0] != "renumbered"] == [
        ("deleted", "第三条/（二）", ""), ("modified", "第三条/（三）", "第三条/（二）"),
        ("modified", "第三条/（四）", "第三条/（三）")], records
    # two items facing two, better read in order than as one shifted on shared words: 会计法 2024
    # 第十条's `资本、基金的增减` is no `负债的增减` (it became `净资产（所有者权益）的增减`)
    rev = next(rev for rev in shipped_revisions() if rev.name == "accounting")
    records = _records(rev.old, rev.new)
    assert ("modified", "第二章/第十条/（四）", "第二章/第十条/（二）") not in records


def test_the_real_rewritten_list_of_conditions_reads_as_its_items_modified() -> None:
    """上海市音像制品管理条例 2021 → 2024, 第九条: four conditions rewritten as five. A reader sees
    （一）–（四） modified and （五） added, ten records for one article no more."""
    old = (STATUTES / "av.old.txt").read_text(encoding="utf-8")
    new = (STATUTES / "av.new.txt").read_text(encoding="utf-8")
    records = [r for r in _records(old, new) if "第九条" in r[1] + r[2]]
    article = "第三章/第九条"
    assert records == [("modified", article, article)] + [
        ("modified", f"{article}/{item}", f"{article}/{item}") for item in ("（一）", "（二）", "（三）", "（四）")
    ] + [("added", "", f"{article}/（五）")], records


def test_a_renamed_body_is_named_once_and_a_comma_between_titles_is_no_change() -> None:
    """The real 上海市检验检测条例 2016 → 2024 (tests/data/statutes/README.md): the decision renames
    the 质量技监部门 in nine clauses and adds a sentence to 第四十三条; the new text also writes
    `《公务员法》《行政机关公务员处分条例》` where the old one put a 、 between the titles, the only
    difference in 第三十九条."""
    old = (STATUTES / "testing.old.txt").read_text(encoding="utf-8")
    new = (STATUTES / "testing.new.txt").read_text(encoding="utf-8")
    cs = diff_texts(old, new)
    assert not any("第三十九条" in (c.old_path + c.new_path) for c in cs.changes)
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [("质量技监", "市场监管", 9)]
    assert ("第五章/第四十三条/第一款", "modified") in {(c.new_path, c.kind.value) for c in cs.changes}


def test_a_penalty_article_replaced_and_time_limits_dropped_read_like_the_truth() -> None:
    """The real 上海市音像制品管理条例 2021 → 2024 (tests/data/statutes/README.md): two articles
    deleted and the rest renumbered, a penalty article with its fines replaced by a reference, the
    time limits of an approval dropped (facts with nothing on the new side)."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "av")
    cs = diff_texts(rev.old, rev.new)
    assert evaluate(rev, cs, Tally()) == []
    dropped = {(f.context, f.old, f.new) for c in cs.changes for f in c.facts}
    assert ("举办临时性经营活动", "十五日前", "") in dropped and ("收到申请之日起", "十日内", "") in dropped


def test_a_law_given_new_measures_reads_like_its_truth_item_by_item() -> None:
    """The real 监察法 2018 → 2024 (tests/data/statutes/README.md): seven new articles renumber the
    rest, 第四十三条 is split in three, 款 and 项 are added. Its 第六十五条第（七）项
    `违反规定采取留置措施的` is rewritten to name the new measures (the same item, now 第七十四条第（七）项,
    holding the old words whole): one modified record, not the item deleted and another added. The
    new measures are put in front of 留置 in two clauses, while 留置 stands unchanged in many others:
    no term is renamed throughout."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "supervision")
    cs = diff_texts(rev.old, rev.new)
    assert evaluate(rev, cs, Tally()) == []
    item = [(c.kind.value, c.new_path) for c in cs.changes if c.old_path == "第八章/第六十五条/（七）"]
    assert item == [("modified", "第八章/第七十四条/（七）")]
    assert not [c for c in cs.changes if c.kind.value == "deleted"]
    assert cs.replacements == ()


def test_a_short_item_expanded_in_its_place_is_that_item_modified() -> None:
    old = ("示范条例\n第一条 有下列行为之一的，依法给予处分：\n（一）泄露举报人信息的；\n（二）违反规定采取措施的；\n"
           "（三）其他滥用职权的行为。\n第二条 本条例自公布之日起施行。")
    # 9 characters held whole by 40: too unlike for a similarity, too short for the usual hold
    new = old.replace("违反规定采取措施的", "违反规定采取查封、扣押、冻结或者限制出境措施，或者法定期限届满不予解除或者变更的")
    assert _records(old, new) == [("modified", "第一条/（二）", "第一条/（二）")]
    # a short item replaced by another item under its label is still deleted and added
    other = old.replace("违反规定采取措施的", "拒绝接受检查或者提供虚假材料、隐瞒真实情况的")
    assert _records(old, other) == [("deleted", "第一条/（二）", ""), ("added", "", "第一条/（二）")]


_PENALTIES = ("示范条例\n第一章 总则\n第一条 为了加强材料管理，制定本条例。\n第二章 法律责任\n{}\n第三章 附则\n{}")


def test_a_penalty_article_for_another_conduct_is_no_old_one_it_resembles_by_formula() -> None:
    """The chapter's three penalty articles give way to one for another conduct, as alike to two of
    them (0.73 and 0.72: the chapter's formula `违反本条例规定，…由…责令改正，…以上…以下的罚款`): which
    one it replaced is not told, so none is read as modified with its fine raised."""
    old = _PENALTIES.format(
        "第二条 施工单位违反本条例规定，未对其使用的材料进行质量检测的，由建设行政管理部门责令改正，并可处以五千元以上五万元以下的罚款。\n"
        "第三条 违反本条例规定，生产实心粘土砖或者本市禁止生产的其他材料的，由建设行政管理部门责令改正，并可处以一万元以上十万元以下的罚款。\n"
        "第四条 监理单位违反本条例规定，未对施工单位的材料检测进行监督的，由建设行政管理部门处以五千元以上五万元以下的罚款。",
        "第五条 本条例自2000年1月1日起施行。")
    new = _PENALTIES.format(
        "第二条 违反本条例第十条规定，施工单位使用禁止使用的材料的，由建设行政管理部门责令改正，处十万元以上二十万元以下的罚款。",
        "第三条 本条例自2000年1月1日起施行。")
    cs = diff_texts(old, new)
    assert [(c.kind.value, c.old_path, c.new_path) for c in cs.changes if c.kind.value != "renumbered"] == [
        ("deleted", "第二章/第二条", ""), ("deleted", "第二章/第三条", ""), ("deleted", "第二章/第四条", ""),
        ("added", "", "第二章/第二条")]
    # no fine changed: each side's fines are what its own articles state (∅ → … and … → ∅)
    assert not [f for c in cs.changes for f in c.facts if f.is_pair]
    assert [f.new for c in cs.changes for f in c.facts if f.new] == ["十万元以上二十万元以下"]
    # one of them edited, its fine raised, is that article modified: its rivals are far behind
    edited = old.replace("第四条 监理单位", "第三条 监理单位").replace("第五条 本条例", "第四条 本条例").replace(
        "第三条 违反本条例规定，生产实心粘土砖或者本市禁止生产的其他材料的，由建设行政管理部门责令改正，并可处以一万元以上十万元以下的罚款。\n", "")
    edited = edited.replace("由建设行政管理部门处以五千元以上五万元以下", "由建设行政管理部门处以一万元以上十万元以下")
    records = [(c.kind.value, c.old_path, c.new_path) for c in diff_texts(old, edited).changes]
    assert ("modified", "第二章/第四条", "第二章/第三条") in records and ("deleted", "第二章/第三条", "") in records


def test_the_real_materials_regulation_reads_no_fine_raised_from_a_deleted_article() -> None:
    """上海市建设工程材料管理条例 2015 → 2024 (tests/data/statutes/README.md): the old 第二十八条
    (生产实心粘土砖, 一万元以上十万元以下) was deleted with most of 法律责任; the new 第十八条 punishes
    the use of banned materials. Read as one article modified, it told a fine raised that no
    decision raised."""
    old = (STATUTES / "materials.old.txt").read_text(encoding="utf-8")
    new = (STATUTES / "materials.new.txt").read_text(encoding="utf-8")
    cs = diff_texts(old, new)
    kinds = {(c.kind.value, c.old_path, c.new_path) for c in cs.changes}
    assert ("deleted", "第五章/第二十八条", "") in kinds and ("added", "", "第四章/第十八条") in kinds
    assert ("一万元以上十万元以下", "十万元以上二十万元以下") not in {(f.old, f.new) for c in cs.changes for f in c.facts}


def test_a_law_amended_in_many_places_reads_like_its_truth_with_its_terms_whole() -> None:
    """The real 代表法 2015 → 2025 (tests/data/statutes/README.md): thirteen new articles, 项 and 款
    added across the law, a 款 moved to a later article, the old notes written with `<…>`; the
    two 款 that name `有关机关` for `上级机关` name the term whole, not `者上级机关` (the 者 of 或者)."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "deputies")
    cs = diff_texts(rev.old, rev.new)
    assert evaluate(rev, cs, Tally()) == []
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [("上级机关", "有关机关", 2)]
    assert ("moved", "第三章/第二十二条/第四款", "第三章/第三十一条/第二款") in {
        (c.kind.value, c.old_path, c.new_path) for c in cs.changes}


def test_an_item_given_the_tail_of_the_item_before_it_is_still_that_item() -> None:
    """A list moved under the article before it, its second item's tail given to the third: the
    third is alike only 0.7 to its new self, as the second item is to it by that tail — a rival,
    but the new item holds the old one whole, so it is that item moved, not added (the rival rule
    of formula-alike clauses does not apply)."""
    a = "建立健全人工智能伦理审查制度，组织开展伦理风险评估，发布人工智能伦理指引；"
    p1 = "尊重和保护个人隐私，充分保障个人的知情权和选择权，"
    p2 = "在个人信息的收集、存储、处理、使用各环节设置边界，建立规范，完善个人数据授权撤销机制，不断提升透明性和可解释性；"
    c = "加快形成人工智能信息安全防控体系框架和安全保障平台，建立信息安全工作体系和保障工作机制，及时发现和解决可能引发的风险。"
    x1 = "推进人工智能与医疗健康融合发展，建设城市健康养老大数据中心，开发健康管理可穿戴设备；"
    x2 = "加快人工智能与教育融合发展，促进人工智能深度融入教育教学全过程。"
    head = f"示范方案\n一、融合发展\n1.推进重要民生领域融合发展。\n（1）{x1}\n（2）{x2}\n"
    tail = "二、保障措施\n3.加强组织领导，建立工作推进机制。"
    old = head + f"2.发展负责任的人工智能。\n（1）{a}\n（2）{p1}{p2}\n（3）{c}\n" + tail
    new = head + f"（3）{a}\n（4）{p1}\n（5）{c}{p2}\n" + tail
    assert ("moved", "一/2/（3）", "一/1/（5）") in _records(old, new)


def test_a_law_whose_articles_are_split_and_renumbered_through_its_sections_reads_like_its_truth() -> None:
    """The real 立法法 2015 → 2023 excerpt (tests/data/statutes/README.md): articles inserted in
    three chapters renumber the rest through 节 and 章; 第七十二条 keeps its first 款 as 第八十条
    and its other five 款 become 第八十一条 (each a 款 moved, its references to 本条第二款 now
    第一款); references follow the renumbering (本法第八条 → 第十一条) as edits of their own
    articles; 第九十九条's 主动审查 款, reworded and extended as 第一百一十一条 (0.56 alike, the new
    text holding four fifths of it), is that 款 moved. One split is not read as a split (the rest
    of the truth is): 第三条 made two articles whose words are mostly new (0.36 and 0.31 alike) —
    a deletion beside two additions, no article wrongly paired."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "legislation")
    cs = diff_texts(rev.old, rev.new)
    assert sorted(evaluate(rev, cs, Tally())) == [
        "false added: 第一章/第三条", "false added: 第一章/第四条", "false deleted: 第一章/第三条"]
    records = {(c.kind.value, c.old_path, c.new_path) for c in cs.changes}
    assert ("moved", "第四章/第一节/第七十二条/第二款", "第四章/第一节/第八十一条") in records
    assert ("moved", "第四章/第一节/第七十二条/第六款", "第四章/第一节/第八十一条/第五款") in records
    assert ("moved", "第五章/第九十九条/第三款", "第五章/第一百一十一条") in records
    assert ("added", "", "第五章/第一百一十一条/第二款") in records


def test_a_revised_penalty_chapter_reads_its_fines_raised_and_its_new_articles() -> None:
    """The real 畜牧法 2015 → 2022 法律责任 excerpt (tests/data/statutes/README.md): the chapter moves
    from 第七章 to 第九章, a new 第七十七条 heads it, two fines are raised, the rest kept, a fine
    for forged 标识 dropped for a reference, an article on 销售 deleted, slaughter articles with
    their fines added. Every article reads as its truth, and the figures are the ones that
    changed: each fine raised as one value to another, the dropped and the new fines as such."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "livestock")
    cs = diff_texts(rev.old, rev.new)
    assert evaluate(rev, cs, Tally()) == []
    facts = {(f.path, f.old, f.new) for f in cs.facts if f.role == "amount"}
    assert ("第九章/第七十八条", "五万元以上五十万元以下", "十万元以上一百万元以下") in facts
    assert ("第九章/第七十九条", "一万元以上五万元以下", "五万元以上五十万元以下") in facts
    assert ("第七章/第六十八条/第二款", "三千元以上三万元以下", "") in facts
    assert ("第九章/第九十一条", "", "五千元以上五万元以下") in facts
    # the fines kept (五千元以上五万元以下 in 第八十一条, 一万元以下 in 第八十六条) are no change
    assert not {f for f in facts if f[0] in ("第九章/第八十一条", "第九章/第八十六条")}
    assert (cs.replacements[0].old, cs.replacements[0].new) == ("畜牧兽医行政主管部门", "农业农村主管部门")


def test_a_chapter_renamed_where_its_articles_went_is_that_chapter_modified() -> None:
    """The real 畜牧法's 第六章 质量安全保障 becomes 第八章 保障与监督, after a new 第七章: its four
    articles all went there (edited), among new ones. The chapter is that chapter renamed — one
    modified record with both paths — not its heading deleted and a new chapter of the three new
    articles added. A variant: a 节 renamed where its articles went, behind a new 节."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "livestock")
    records = [(c.kind.value, c.old_path, c.new_path) for c in diff_texts(rev.old, rev.new).changes]
    assert ("modified", "第六章", "第八章") in records
    assert not [r for r in records if r[0] in ("added", "deleted") and r[1:] in (("第六章", ""), ("", "第八章"))]
    assert ("added", "", "第八章/第七十条") in records and ("added", "", "第七章") in records
    # a new 第一节 moves 总则 down; 财政扶持 goes on, as 资金投入, behind another new 节
    old = ("示范条例\n第一节 总则\n第一条 为了促进示范项目建设，制定本条例。\n第二节 财政扶持\n"
           "第二条 本级财政应当安排产业专项资金，用于支持示范项目建设。\n"
           "第三条 本级财政应当安排人才专项资金，用于支持示范项目人才引进。\n"
           "第三节 附则\n第四条 本条例自公布之日起施行。")
    new = ("示范条例\n第一节 规划\n第一条 县级以上人民政府应当编制示范项目建设规划。\n"
           "第二节 总则\n第二条 为了促进示范项目建设，制定本条例。\n"
           "第三节 用地保障\n第三条 县级以上人民政府应当保障示范项目建设用地。\n第四节 资金投入\n"
           "第四条 县级以上人民政府应当安排产业专项资金，用于支持示范项目建设。\n"
           "第五条 县级以上人民政府应当安排人才专项资金，用于支持示范项目人才引进。\n"
           "第五节 附则\n第六条 本条例自公布之日起施行。")
    got = [(c.kind.value, c.old_path, c.new_path) for c in diff_texts(old, new).changes]
    assert ("modified", "第二节", "第四节") in got and ("added", "", "第三节") in got, got


def test_an_edited_article_that_swapped_places_with_its_paired_neighbour_is_modified() -> None:
    """反间谍法 2014 → 2023 (tests/data/statutes/counterespionage.*): 第六条 and 第七条 swapped places,
    第六条 identical as 第十条, 第七条 edited as 第九条 and given a 第二款 (0.69 alike): the pair of
    identical articles anchors the order, so the edited one stands in the gap on its other side; it
    is one modified record, not a deletion and an addition. Two clauses that did not swap (the
    edited one two places away) are still compared as a far-away move."""
    old = ("第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本市。\n"
           "第三条 有关部门应当按照职责分工，密切配合，加强协调，依法做好有关工作。\n"
           "第四条 国家对支持、协助有关工作的组织和个人给予保护，对有重大贡献的给予奖励。\n"
           "第五条 本办法自公布之日起施行。")
    new = ("第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本市。\n"
           "第三条 国家对支持、协助有关工作的个人和组织给予保护。\n"
           "对在有关工作中做出重大贡献的个人和组织，按照国家有关规定给予表彰和奖励。\n"
           "第四条 有关部门应当按照职责分工，密切配合，加强协调，依法做好有关工作。\n"
           "第五条 本办法自公布之日起施行。")
    records = _records(old, new)
    assert ("modified", "第四条", "第三条") in records, records
    assert ("added", "", "第三条/第二款") in records
    assert not [r for r in records if r[0] in ("added", "deleted") and r[1:] in (("第四条", ""), ("", "第三条"))]
    # the edited article two places away from where it was: no swap with one neighbour
    far = new.replace("第四条 有关部门", "第四条 各级人民政府应当加强领导。\n第五条 有关部门").replace("第五条 本办法", "第六条 本办法")
    far_records = _records(old, far)
    assert ("deleted", "第四条", "") in far_records, far_records


def test_a_deleted_and_an_added_penalty_article_either_side_of_a_matched_one_are_not_one_modified() -> None:
    """Old 第三条 (未办理登记) is new 第四条; old 第四条 (未束犬链, 二百元…一千元) is gone and a new
    第三条 (烈性犬, 一千元…五千元) stands on the matched one's other side. The two are 0.73 alike only
    by the penalty wording every article of the chapter shares (each is 0.8 alike to the matched
    one): they stay deleted and added, no fine raised that never was."""
    penalty = ("违反本条例第{}条规定，{}的，由公安机关责令{}改正；{}不改正的，处{}元以上{}元以下的罚款{}。")
    register = penalty.format("十", "未办理养犬登记", "限期", "逾期", "五百", "二千", "")
    old = ("第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市城市化管理区域。\n"
           f"第三条 {register}\n"
           "第四条 " + penalty.format("十二", "携犬出户未束犬链", "", "拒", "二百", "一千", "") + "\n"
           "第五条 本条例自2020年1月1日起施行。")
    new = ("第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市城市化管理区域。\n"
           "第三条 " + penalty.format("十五", "饲养烈性犬", "限期", "逾期", "一千", "五千", "，并没收犬只") + "\n"
           f"第四条 {register}\n"
           "第五条 本条例自2020年1月1日起施行。")
    records = _records(old, new)
    assert ("deleted", "第四条", "") in records and ("added", "", "第三条") in records, records
    assert not [r for r in records if r[0] == "modified"], records


def test_a_revised_law_reads_its_clear_rewrites_and_no_article_carried_by_one_moved_paragraph() -> None:
    """国境卫生检疫法 2018 → 2024 (修订, tests/data/statutes/quarantine.toml): in the gap the revision
    rewrote whole, 第十条 → 第十七条 (0.55) is each the other's clear best, so that article
    rewritten and moved; 第二条's text is reworded (0.52) as the 第二款 under a new first 款: the
    article modified, its 第一款 added. 第四条 is alike (0.51) only to the first 款 of 第九条, which
    gained a 款 of its own: compared whole (0.36) it is no rewrite of it. 第十二条's short 第二款
    (因患检疫传染病…尸体…就近火化) moved to 第二十一条 on its own: that 款 moved, the articles
    around it deleted and added — not 第十二条 modified into an article on 尸体、骸骨 by that 款."""
    old, new = ((STATUTES / f"quarantine.{side}.txt").read_text(encoding="utf-8") for side in ("old", "new"))
    records = {(c.kind.value, c.old_path, c.new_path) for c in diff_texts(old, new).changes}
    assert ("modified", "第二章/第十条", "第二章/第十七条") in records
    assert {("added", "", "第一章/第二条/第一款"),
            ("modified", "第一章/第二条/第一款", "第一章/第二条/第二款")} <= records
    assert {("deleted", "第一章/第四条", ""), ("added", "", "第二章/第九条")} <= records
    assert {("deleted", "第二章/第十二条", ""), ("added", "", "第二章/第二十一条"),
            ("moved", "第二章/第十二条/第二款", "第二章/第二十一条/第二款")} <= records
    touched = [r for r in records if "第十二条" in r[1] and "第二十一条" in r[2]]
    assert touched == [("moved", "第二章/第十二条/第二款", "第二章/第二十一条/第二款")]


def test_penalty_articles_alike_only_by_the_chapter_formula_are_no_clear_rewrite() -> None:
    """A penalty article deleted and another added between kept ones, alike (about 0.54) only by
    the chapter's penalty formula they share with the kept 第三条, are each the other's clear best
    among the gap's leftovers, yet no one article modified with an invented fine rise
    (`二百元以上一千元以下 → 一千元以上五千元以下`): they stay deleted and added."""
    head = ("养犬管理条例\n第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市城市化管理区域。\n"
            "第三条 违反本条例第十条规定，未办理养犬登记的，由公安机关责令限期改正；逾期不改正的，"
            "处五百元以上二千元以下的罚款。\n")
    tail = "第六条 本条例自2020年1月1日起施行。"
    old = head + ("第四条 违反本条例第十二条规定，携犬出户未束犬链的，由公安机关责令改正；拒不改正的，"
                  "处二百元以上一千元以下的罚款。\n第五条 犬只应当按期接种狂犬病疫苗，兽医部门出具免疫证明。\n") + tail
    new = head + ("第四条 街道办事处应当设置犬只便溺收集设施并定期清理。\n第五条 违反本条例第十五条第二款规定，"
                  "个人饲养烈性犬或者大型犬的，由公安机关没收犬只，并处一千元以上五千元以下的罚款；情节严重的，"
                  "吊销养犬登记证。\n") + tail
    records = _records(old, new)
    assert not [r for r in records if r[0] in ("modified", "moved")], records
    assert {("deleted", "第四条", ""), ("added", "", "第五条")} <= set(records), records


_RIVER_TOP = ("示范市河道管理条例\n第一章 总则\n第一条 为了加强河道管理，保障防洪安全，制定本条例。\n"
              "第二条 本条例适用于本市行政区域内河道的整治、利用和保护。\n")
_RIVER_PLAN = "河道整治规划由市水行政主管部门会同有关部门编制，报市人民政府批准。"
_RIVER_PATROL = "水行政主管部门应当建立河道巡查制度，发现违法行为及时制止。"
_RIVER_WORKS = "在河道管理范围内建设跨河、穿河工程，建设方案应当报经水行政主管部门审查同意。"
# 第三章 巡查检查 of three articles between 规划建设 and 附则
_RIVER_OLD = (f"{_RIVER_TOP}第二章 规划建设\n第三条 {_RIVER_PLAN}\n第四条 {_RIVER_WORKS}\n第三章 巡查检查\n"
              f"第五条 {_RIVER_PATROL}\n第六条 乡镇人民政府应当配备专职巡河员，每周巡查不少于两次并记录在案。\n"
              "第七条 巡查记录保存期限不少于三年。\n第四章 附则\n第八条 本条例自2018年1月1日起施行。\n")


def test_a_chapter_renamed_in_its_slot_keeps_its_one_kept_article() -> None:
    """A 章 renamed in the same slot (第三章 巡查检查 → 第四章 监督与考核, behind a new 第二章) whose
    one kept article was paired is that 章 modified, its article renumbered — one article anchors
    its heading, however the rest of the chapter was rewritten (only a 款 moves between articles
    on its own): not the chapter deleted and added and its article moved. Not alone in its place
    (a new 章 stands before the one its article went to), it is no 章 renamed."""
    top, plan, patrol, works = _RIVER_TOP, _RIVER_PLAN, _RIVER_PATROL, _RIVER_WORKS
    old = _RIVER_OLD
    new = (f"{top}第二章 河长制\n第三条 本市全面推行河长制，各级河长负责组织领导相应河道的管理和保护工作。\n"
           "第四条 河长制办公室承担河长制组织实施具体工作，落实河长确定的事项。\n"
           f"第三章 规划建设\n第五条 {plan}\n第六条 {works}\n第四章 监督与考核\n第七条 {patrol}\n"
           "第八条 市人民政府对区县河长履职情况实行年度考核，考核结果作为干部综合评价的依据。\n"
           "第九条 公民、法人和其他组织可以通过河长公示牌投诉举报河道问题。\n第五章 附则\n第十条 本条例自2018年1月1日起施行。\n")
    records = _records(old, new)
    assert ("modified", "第三章", "第四章") in records, records
    assert ("renumbered", "第三章/第五条", "第四章/第七条") in records, records
    assert not [r for r in records if r[0] == "moved" or (r[1] == "第三章" and r[0] == "deleted")], records
    # the patrol article heads a new 第四章 法律责任 behind a new 第三章 日常管护, between the same
    # neighbours: one article in a 章 not alone in the old one's place is no evidence the 章 was
    # renamed 巡查检查 → 法律责任; the article moved, 法律责任 is a new 章
    kept = f"{top}第二章 规划建设\n第三条 {plan}\n第四条 {works}\n"
    new = (f"{kept}第三章 日常管护\n第五条 区县人民政府组织河长和巡河员对辖区河道开展日常巡查，巡查情况纳入河长制信息平台。\n"
           f"第六条 巡查中发现的问题，由河长办公室交办有关部门限期处理。\n第四章 法律责任\n第七条 {patrol}\n"
           "第八条 违反本条例规定，在河道管理范围内擅自建设的，由水行政主管部门责令停止违法行为，处一万元以上十万元以下的罚款。\n"
           "第五章 附则\n第九条 本条例自2018年1月1日起施行。\n")
    records = _records(old, new)
    assert ("added", "", "第四章") in records and ("moved", "第三章/第五条", "第四章/第七条") in records, records
    assert not [r for r in records if r[1] == "第三章" and r[2] == "第四章"], records


def test_a_penalty_article_rewritten_at_its_number_for_the_same_provision_is_modified() -> None:
    """A penalty article rewritten where it stood (第四条, between the kept 第三条 and the end),
    only 0.5 alike to its old text and less alike to it than the kept 第三条 is (the chapter's
    formula), punishes the breach of the same provision (本条例第十二条): the same number, the same
    place and the same provision make it that article modified, its fine raised. Another conduct
    put at the deleted article's number (本条例第十五条, as alike by the formula) stays deleted
    and added: no fine raised that never was."""
    head = ("养犬管理条例\n第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市城市化管理区域。\n"
            "第三条 违反本条例第十条规定，未办理养犬登记的，由公安机关责令限期改正；逾期不改正的，"
            "处五百元以上二千元以下的罚款。\n")
    tail = "第五条 街道办事处应当设置犬只便溺收集设施并定期清理。\n第六条 本条例自2020年1月1日起施行。"
    old = head + ("第四条 违反本条例第十二条规定，携犬出户未束犬链的，由公安机关责令改正；拒不改正的，"
                  "处二百元以上一千元以下的罚款。\n第五条 犬只应当按期接种狂犬病疫苗，兽医部门出具免疫证明。\n"
                  "第六条 本条例自2020年1月1日起施行。")
    rewritten = head + ("第四条 饲养人携犬出户时违反本条例第十二条规定，未使用牵引绳或者未主动避让行人的，"
                        "由公安机关没收犬只，并处一千元以上五千元以下的罚款；情节严重的，吊销养犬登记证。\n") + tail
    records = _records(old, rewritten)
    assert ("modified", "第四条", "第四条") in records, records
    assert not [r for r in records if r[0] in ("added", "deleted") and "第四条" in r[1:]], records
    facts = {(f.old, f.new) for c in diff_texts(old, rewritten).changes for f in c.facts}
    assert ("二百元以上一千元以下", "一千元以上五千元以下") in facts
    other = head + ("第四条 违反本条例第十五条规定，饲养烈性犬或者大型犬的，由公安机关没收犬只，"
                    "并处一千元以上五千元以下的罚款；情节严重的，吊销养犬登记证。\n") + tail
    records = _records(old, other)
    assert {("deleted", "第四条", ""), ("added", "", "第四条")} <= set(records), records
    assert not [r for r in records if r[0] == "modified"], records


def test_a_penalty_chapter_amended_in_place_reads_its_fines_raised() -> None:
    """The real 反不正当竞争法 2017 → 2019 excerpt (tests/data/statutes/README.md): 第九条 given a 项
    and a 款, a sentence added to 第十七条, 第二十一条 rewritten with both its fines raised, a new
    第三十二条: every article reads as its truth, and each fine raised is one value to another."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "unfair_competition")
    cs = diff_texts(rev.old, rev.new)
    assert evaluate(rev, cs, Tally()) == []
    facts = {(f.path, f.old, f.new) for f in cs.facts if f.role == "amount"}
    assert {("第四章/第二十一条", "十万元以上五十万元以下", "十万元以上一百万元以下"),
            ("第四章/第二十一条", "五十万元以上三百万元以下", "五十万元以上五百万元以下"),
            ("第四章/第十七条/第四款", "三百万元以下", "五百万元以下")} <= facts, facts


def test_an_item_cited_in_running_text_is_no_item() -> None:
    """`专利法第二十四条第(一)项所称…` cites an item of another act: a bracketed number right after
    第 is an ordinal, so the article keeps its line (it was cut into the article `…第` and an item
    `(一)项所称…`, deleted when the new text cited 第（二）项 instead). A list run into its
    lead-in (`…如下：(一)…；(二)…`) is still cut."""
    rev = next(rev for rev in shipped_revisions() if rev.name == "patent_rules")
    paths = _paths(rev.old)
    assert paths["第二章/第三十条"].startswith("第三十条 专利法第二十四条第(一)项所称中国政府承认的国际展览会")
    assert not any(p.startswith("第二章/第三十条/（") for p in paths)
    text = "示范办法\n第一条 依照本法第二十条第（一）项、第(二)项的规定处理。\n第二条 有下列情形之一的：（一）迟报的；（二）漏报的。"
    paths = _paths(text)
    assert [p for p in paths if p.startswith("第")] == ["第一条", "第二条", "第二条/（一）", "第二条/（二）"]


@pytest.mark.parametrize("cut", ["（一）项", "(一)项"])
def test_an_item_citation_wrapped_after_its_di_is_the_same_citation(cut: str) -> None:
    """A PDF wrap between 第 and its `（一）项` (`…专利法第二十四条第` / `（一）项处理：`) is the
    citation read unwrapped: the article's text, no item — the edition unwrapped and the one
    wrapped differ in nothing (it was an item `（一）` renumbering the article's real 项)."""
    old = ("示范条例\n第一条 为了规范管理，制定本条例。\n第二条 有下列情形之一的，依照专利法第二十四条第（一）项处理：\n"
           "（一）未经许可的；\n（二）超过期限的。\n第三条 本条例自公布之日起施行。")
    new = old.replace("第（一）项处理", f"第\n{cut}处理")
    assert [p for p in _paths(new) if p.startswith("第二条")] == ["第二条", "第二条/（一）", "第二条/（二）"]
    assert "未经许可的" in _paths(new)["第二条/（一）"]
    assert _records(old, new) == []


def test_paragraphs_reordered_inside_one_article_are_addressed_as_its_paragraphs() -> None:
    """An article whose two 款 changed places (a 款 put between them) is one article: its own
    text, now its 第三款, is `第二十七条/第一款 → 第三十条/第三款`, and its 第二款, now its text,
    `第二十七条/第二款 → 第三十条/第一款` — not an article made a 款 of another and a 款 made an
    article (a 款 made an article of its own still is: charity, legislation)."""
    old = ("示范条例\n第一条 为了规范管理，制定本条例。\n第二条 申请人请求保护色彩的，应当提交彩色图片或者照片。\n"
           "申请人应当就每件外观设计产品所需要保护的内容提交有关图片或者照片。\n第三条 本条例自公布之日起施行。")
    new = ("示范条例\n第一条 为了规范管理，制定本条例。\n第二条 申请人应当就每件外观设计产品所需要保护的内容提交有关图片或者照片。\n"
           "申请局部外观设计专利的，应当提交整体产品的视图。\n申请人请求保护色彩的，应当提交彩色图片或者照片。\n"
           "第三条 本条例自公布之日起施行。")
    records = _records(old, new)
    assert ("moved", "第二条/第二款", "第二条/第一款") in records, records
    assert ("moved", "第二条/第一款", "第二条/第三款") in records, records
    assert ("added", "", "第二条/第二款") in records, records
