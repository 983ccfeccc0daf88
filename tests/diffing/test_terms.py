"""Terms replaced throughout a document are named once in the change set (diffing/terms.py)."""

from __future__ import annotations

from pathlib import Path

from policywatch.diffing import diff_texts
from policywatch.model import ChangeSet, TermReplacement

DATA = Path(__file__).resolve().parents[1] / "data"


def _pair(name: str) -> ChangeSet:
    folder = DATA / ("terms" if name == "social_assistance" else "statutes")
    ext = "md" if name == "social_assistance" else "txt"
    return diff_texts((folder / f"{name}.old.{ext}").read_text(encoding="utf-8"),
                      (folder / f"{name}.new.{ext}").read_text(encoding="utf-8"))


def test_a_real_decision_renaming_two_terms_names_each_once_with_every_place():
    cs = _pair("social_assistance")
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [
        ("低收入困难家庭", "最低生活保障边缘家庭", 10),
        ("支出型贫困家庭", "刚性支出困难家庭", 7),
    ]
    low = cs.replacements[0]
    # every clause the term stood in, in the text's order; 第九条 renamed both terms in one run
    # (`低收入困难家庭、支出型贫困` → …) and counts for each
    assert low.paths[:3] == ("第二章/第九条", "第二章/第十一条", "第二章/第十二条")
    assert "第二章/第九条" in cs.replacements[1].paths
    assert len(low.paths) == len(set(low.paths)) == 9  # 第十一条 holds the term twice
    # the clause records still show each place
    assert {c.new_path for c in cs.changes} >= set(low.paths)


def test_a_spelling_changed_throughout_a_statute_is_one_replacement():
    cs = _pair("accounting")  # 会计法 2017 → 2024: 帐 → 账 everywhere
    first = cs.replacements[0]
    assert (first.old, first.new) == ("帐", "账") and first.places >= 40


def _doc(*articles: str) -> str:
    return "\n".join(f"第{n}条 {text}" for n, text in zip("一二三四五六", articles, strict=False))


def test_a_term_is_widened_to_the_words_its_places_share():
    old = _doc("低收入家庭申请补助的，应当提交材料。", "对低收入家庭给予救助。", "低收入家庭成员就业的，给予奖励。")
    new = old.replace("低收入家庭", "困难家庭")
    cs = diff_texts(old, new)
    # the inline diff keeps 家庭 equal; the reader is told the whole term
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [("低收入家庭", "困难家庭", 3)]


def test_one_edit_numbers_and_renumbered_references_are_no_renamed_term():
    old = _doc("补助期限为三个月。", "救助期限为三个月。", "依照本办法第五条执行。", "依照本办法第五条办理。",
               "由民政部门负责。")
    new = (old.replace("三个月", "六个月").replace("第五条执行", "第六条执行").replace("第五条办理", "第六条办理")
           .replace("民政部门", "社会救助部门"))
    cs = diff_texts(old, new)
    assert cs.changes and cs.replacements == ()


def test_replacements_survive_the_json_a_store_keeps_and_old_json_has_none():
    cs = _pair("social_assistance")
    again = ChangeSet.from_json(cs.to_json())
    assert again.replacements == cs.replacements
    assert isinstance(again.replacements[0], TermReplacement)
    stored_before = cs.to_dict()
    del stored_before["replacements"]
    assert ChangeSet.from_dict(stored_before).replacements == ()


def test_a_rewritten_text_names_at_most_max_terms_the_most_made_first():
    from policywatch.diffing.terms import MAX_TERMS, term_replacements
    from policywatch.model import ChangeKind, ClauseChange, InlineOp

    def clause(k: int, old: str, new: str, times: int) -> ClauseChange:
        ops = [InlineOp("equal", "对")]
        for _ in range(times):
            ops += [InlineOp("delete", old), InlineOp("insert", new), InlineOp("equal", "的规定。")]
        return ClauseChange(ChangeKind.MODIFIED, str(k), str(k), inline=tuple(ops))

    # 3,000 words each renamed twice in two clauses (a rewrite), one word renamed in five
    changes = [clause(k, f"甲{k // 2:05d}乙", f"丙{k // 2:05d}丁", 1) for k in range(6000)]
    changes += [clause(6000 + k, "主管部门", "行业部门", 1) for k in range(5)]
    found = term_replacements(changes)
    assert len(found) == MAX_TERMS
    assert (found[0].old, found[0].new, found[0].places) == ("主管部门", "行业部门", 5)


def test_a_term_shortened_throughout_is_named_by_the_words_its_places_share():
    # 上海市中小学校学生伤害事故处理条例 2011 → 2024: 区、县 → 区 in four articles; the diff only
    # deletes `、县`, and the `区` every place keeps names the term on both sides
    cs = _pair("student_injury")
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [("区、县", "区", 9)]
    assert cs.replacements[0].paths == ("第十三条", "第十四条/第三款", "第二十条/第一款", "第二十四条/（一）")


def test_a_word_dropped_or_added_here_and_there_is_no_term():
    old = _doc("单位应当申请补助。", "个人应当提交材料。", "机关应当办理登记。")
    new = _doc("单位申请补助。", "个人提交材料。", "机关办理登记。")  # 应当 dropped before different verbs
    assert diff_texts(old, new).replacements == ()
    # 鼓励 put before three clauses opening with the same two characters, by chance
    old = _doc("建设工程设计单位应当优先选用新型材料。", "建设单位应当优先采购新型材料。", "建设监理单位应当优先推荐新型材料。")
    new = old.replace("建设工程设计单位应当", "鼓励建设工程设计单位").replace("建设单位应当", "鼓励建设单位") \
        .replace("建设监理单位应当", "鼓励建设监理单位")
    assert diff_texts(old, new).replacements == ()
    # 办理 put before 其登记 / 其备案 (慈善法 2016 → 2023), 其他 dropped after 人员和 (统计法
    # 2009 → 2024): the same edit in several clauses, but no term is renamed
    old = _doc("向其登记的民政部门申请。", "在其登记的民政部门辖区内进行。", "向其备案的民政部门报告。",
               "对主管人员和其他直接责任人员给予处分。", "其主管人员和其他直接责任人员属于公职人员的，依法处分。")
    new = old.replace("其登记", "办理其登记").replace("其备案", "办理其备案").replace("和其他直接", "和直接")
    assert diff_texts(old, new).replacements == ()


def test_an_edit_repeated_within_one_clause_is_no_term_renamed_throughout():
    # 上海市建设工程材料管理条例 1999 → 2024: one article names the old bodies twice in one list
    # (`市质监局、市建委、市建材办和区、县` → `市场监管部门、`): its own edit, said twice
    cs = _pair("materials")
    assert [(r.old, r.new, r.places) for r in cs.replacements] == [("市建委", "市建设行政管理部门", 2)]


def test_words_put_in_front_of_a_term_that_stands_unchanged_elsewhere_rename_nothing():
    # 监察法 2018 → 2024: `强制到案、责令候查、管护、` put before 留置 in two clauses, while 留置 stays
    # as it was in the others: the term is not renamed throughout
    old = _doc("调查人员采取讯问、留置等措施，应当出示证件。", "监察机关采取留置措施，可以提请公安机关配合。",
               "留置时间不得超过三个月。", "对被留置人员应当保障其安全。", "留置场所的设置依照国家有关规定执行。")
    new = old.replace("讯问、留置", "讯问、强制到案、管护、留置").replace("采取留置措施", "采取强制到案、管护、留置措施")
    assert diff_texts(old, new).replacements == ()
    # renamed in every place: named
    renamed = old.replace("留置", "强制到案、管护、留置")
    assert [(r.old, r.new) for r in diff_texts(old, renamed).replacements] == [("留置", "强制到案、管护、留置")]


def test_a_term_after_huozhe_is_not_widened_over_its_zhe():
    # 代表法 2015 → 2025: `由所在单位或者上级机关` → `由所在单位或者有关机关` in two 款; 或 ends a
    # word, and so does the 者 after it: the term is 上级机关, not 者上级机关
    old = _doc("由所在单位或者上级机关给予处分。", "由所在单位或者上级机关责令改正。")
    new = old.replace("上级机关", "有关机关")
    assert [(r.old, r.new) for r in diff_texts(old, new).replacements] == [("上级机关", "有关机关")]


def test_a_term_lengthened_throughout_by_an_item_joined_with_he_is_named():
    # 立法法 2015 → 2023: 法律委员会 → 宪法和法律委员会 in three 款 (the diff only inserts `宪法和`;
    # the places share 法律委员会, five characters, each ending it at a word's end)
    cs = _pair("legislation")
    assert ("法律委员会", "宪法和法律委员会", 4) in [(r.old, r.new, r.places) for r in cs.replacements]
    old = _doc("草案交由法律委员会。", "法律委员会、有关的专门委员会提出意见。", "向法律委员会与有关的专门委员会报告。")
    new = old.replace("法律委员会", "宪法和法律委员会")
    assert [(r.old, r.new, r.places) for r in diff_texts(old, new).replacements] == [
        ("法律委员会", "宪法和法律委员会", 3)]


def test_a_phrase_that_opens_with_a_named_term_is_not_widened_over_its_sentence():
    # 畜牧法 2015 → 2022: `人民政府|畜牧兽医行政主管部门或者工商行政管理部门|责令` → `…农业农村主管部门和
    # 市场监督管理部门按照职责分工…` in two articles; 畜牧兽医行政主管部门 is renamed in eleven places:
    # the phrase opens with that whole term, so 人民政府 and 责令 are the sentences' words
    cs = _pair("livestock")
    pairs = [(r.old, r.new) for r in cs.replacements]
    assert ("畜牧兽医行政主管部门或者工商行政管理部门", "农业农村主管部门和市场监督管理部门按照职责分工") in pairs
    assert not any(old.startswith("人民政府") or old.endswith("责令") for old, _ in pairs)


def test_a_term_substituted_throughout_is_not_widened_over_its_sentence_frame():
    # 工商行政管理部门 → 市场监督管理部门 in four articles, each after `，` or at the article's start
    # and behind `县级以上人民政府` (eight characters ended by a word's end): the substitution names
    # itself; those shared words are the sentences' frame, widened over only when the run merely
    # inserts (`{+宪法和+}法律委员会`)
    old = _doc("县级以上人民政府工商行政管理部门负责广告监督管理工作。",
               "广告经营者应当向所在地的县级以上人民政府工商行政管理部门办理登记。",
               "违反本条例规定的，县级以上人民政府工商行政管理部门责令改正。",
               "县级以上人民政府工商行政管理部门应当建立广告监测制度。")
    new = old.replace("工商行政管理部门", "市场监督管理部门")
    assert [(r.old, r.new, r.places) for r in diff_texts(old, new).replacements] == [
        ("工商行政管理部门", "市场监督管理部门", 4)]
