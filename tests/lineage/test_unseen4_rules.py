"""The rules the fourth unseen set (tests/data/lineage_unseen4, real texts) needed, each on the
shape that was read wrongly before."""

from __future__ import annotations

from pathlib import Path

from policywatch.lineage import LineageDoc, detect, titles
from policywatch.model import DocKey
from tests.lineage import unseen_set

DOCS = unseen_set.DATA4 / "docs"


def _doc(n: int, title: str, text: str = "", number: str = "", issuer: str = "", date: str = "2024-01-01") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://t.test/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text)


def _file(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _found(doc: LineageDoc, known: list[LineageDoc]) -> set[tuple[str, int | None, str]]:
    # unresolved citations (laws, documents never stored) are references by contract: left out
    return {(r.kind.value, r.target.id, r.effect) for r in detect(doc, known)
            if r.kind.value != "related" and not (r.kind.value == "cites" and r.target.id is None)}


def test_consultation_titles_in_other_word_orders_name_the_draft() -> None:
    for title, key in (("关于对《常州市城市市容管理办法(征求意见稿)》公开征求意见的公告", "常州市城市市容管理办法"),
                       ("关于公开征求《湖州市出租汽车客运管理办法》(修订征求意见稿)意见的通知", "湖州市出租汽车客运管理办法")):
        assert titles.marks(title).draft
        assert titles.title_key(title) == key


def test_a_repeal_decided_in_a_body_whose_title_is_no_repeal_notice() -> None:
    rules = [_doc(2, "常州市城市市容管理办法", date="2016-12-01"), _doc(3, "常州市生活垃圾分类管理办法", date="2018-11-23")]
    decision = _doc(4, "为维护法治统一", _file("c04_cz_repeal_2024.txt"), date="2024-12-22")
    assert _found(decision, rules) == {("repeals", 2, "废止"), ("repeals", 3, "废止")}


def test_a_revision_decision_that_also_repeals_one_document() -> None:
    # synthetic: the shape of a 修改决定 whose last item repeals another rule
    old = _doc(2, "甲市城市绿化管理办法")
    decision = _doc(3, "甲市人民政府关于修改《甲市城市道路管理办法》的决定",
                    "一、将第五条修改为：“……”。\n二、决定废止《甲市城市绿化管理办法》。")
    assert ("repeals", 2, "废止") in _found(decision, [old])


def test_a_decision_citing_its_basis_repeals_nothing_by_it() -> None:
    plan = _doc(3, "广元市人民政府办公室关于印发广元市政府文件清理工作方案的通知", number="广府办函〔2016〕134号")
    decision = _doc(2, "各乡镇人民政府", _file("r02_zh_invalid_2018.txt"), date="2018-08-23")
    assert _found(decision, [plan]) == {("cites", 3, "")}


def test_clean_up_lists_take_their_headings_word() -> None:
    planning = _doc(2, "达州市人民政府关于城市规划建设管理规定的通知", number="达市府发〔2000〕65号")
    spring = _doc(3, "达州市人民政府办公室关于做好2008年春运工作的通知", number="达市府办发〔2008〕3号")
    decision = _doc(1, "达州市人民政府关于废止部分政策性文件的决定", _file("d01_dz_repeal_2008.txt"), date="2008-10-13")
    assert _found(decision, [planning, spring]) == {("repeals", 2, "废止"), ("repeals", 3, "失效")}


def test_a_decisions_amending_list_amends_and_its_kept_list_ends_nothing() -> None:
    # synthetic: a 决定废止和修改部分规章 with a 修改 list and a 继续有效 list
    a, b = _doc(2, "甲市燃气管理办法", number="甲政令〔2010〕3号"), _doc(3, "甲市供水管理办法", number="甲政令〔2011〕4号")
    text = ("附件1：决定修改的规章目录\n序号\t规章名称\t文号\n1\t甲市燃气管理办法\t甲政令〔2010〕3号\n"
            "附件2：继续有效的规章目录\n序号\t规章名称\t文号\n1\t甲市供水管理办法\t甲政令〔2011〕4号\n")
    decision = _doc(1, "甲市人民政府关于废止和修改部分规章的决定", text)
    found = _found(decision, [a, b])
    assert ("amends", 2, "") in found and not any(t == 3 for _, t, _ in found)


def test_instructions_name_the_regulations_a_revision_decision_amends() -> None:
    regs = [_doc(2, "中华人民共和国城镇土地使用税暂行条例"), _doc(3, "外国商会管理暂行规定")]
    decision = _doc(1, "国务院关于修改部分行政法规的决定", _file("g01_gwy_amend_2013.txt"), date="2013-12-07")
    found = _found(decision, regs)
    assert {("amends", 2, ""), ("amends", 3, "")} <= found
    # the decisions it rests on (根据…《国务院关于取消和下放…的决定》) are not amended
    assert {k for k, _, _ in found} == {"amends"}


def test_implementing_rules_made_as_制定如下实施细则() -> None:
    rules = _doc(1, "关于进一步帮助市场主体纾困解难着力稳定经济增长的具体实施细则",
                 _file("i02_ha_stabilize_rules_2022.txt"))
    (rel,) = [r for r in detect(rules, []) if r.kind.value == "implements"]
    assert rel.target.doc_number == "苏政发〔2022〕1号"


def test_the_fourth_set_scores_fully_in_every_order(tmp_path: Path) -> None:
    for seed in (None, 3):
        run = tmp_path / str(seed)
        run.mkdir()
        outcome = unseen_set.run(run, seed=seed, data=unseen_set.DATA4)
        assert unseen_set.misses(outcome, unseen_set.DATA4) == (set(), set())
        assert unseen_set.validity_errors(outcome, unseen_set.DATA4) == {}


def test_a_draft_whose_title_has_no_mark_is_known_by_its_opening() -> None:
    # synthetic: a consultation page titled with the policy's bare name, as some sites publish it
    draft = _doc(1, "甲市老旧小区改造实施办法", "为规范老旧小区改造，市住建局起草了《甲市老旧小区改造实施办法》，"
                 "现向社会公开征求意见。意见反馈截止时间为2024年2月1日。\n第一条 ……", issuer="甲市住建局", date="2024-01-01")
    final = _doc(2, "甲市人民政府办公厅关于印发甲市老旧小区改造实施办法的通知", "第一条 ……",
                 number="甲政办规〔2024〕3号", issuer="甲市住建局", date="2024-05-01")
    for doc, known in ((draft, [final]), (final, [draft])):
        found = {(r.subject.id, r.kind.value, r.target.id) for r in detect(doc, known)}
        assert found == {(1, "draft_of", 2)}


def test_a_final_that_says_it_was_consulted_on_is_no_draft() -> None:
    final = _doc(2, "甲市老旧小区改造实施办法", "本办法经公开征求意见，市政府常务会议审议通过。\n第一条 ……",
                 number="甲政规〔2024〕3号", issuer="甲市人民政府", date="2024-05-01")
    older = _doc(1, "甲市老旧小区改造实施办法", "第一条 ……", number="甲政规〔2019〕2号", issuer="甲市人民政府", date="2019-05-01")
    assert ("supersedes", 1) in {(r.kind.value, r.target.id) for r in detect(final, [older])}


def test_a_reposts_term_does_not_depend_on_whether_the_extension_came_before_the_original(tmp_path: Path) -> None:
    # the first set's repost (c10), the extension of its original (c09) and the original (c08): read
    # with the repost alone stored, the notice moved the repost's term, and the original's arrival
    # must give the copy back the term its own text states
    outcomes = []
    for i, first in enumerate((("c10_trade_repost", "c09_trade_extended", "c08_trade_measures"),
                               ("c08_trade_measures", "c09_trade_extended", "c10_trade_repost"))):
        run = tmp_path / str(i)
        run.mkdir()
        outcomes.append(unseen_set.run(run, data=unseen_set.DATA, first=first))
    assert outcomes[0].terms["c10_trade_repost"] == outcomes[1].terms["c10_trade_repost"] == "2023-12-31"
    assert unseen_set.signature(outcomes[0]) == unseen_set.signature(outcomes[1])
