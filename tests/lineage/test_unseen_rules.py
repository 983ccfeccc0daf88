"""The rules the unseen set (tests/data/lineage_unseen) called for, each on the real shape and on a
variant it was not written from."""

from __future__ import annotations

from pathlib import Path

from policywatch.extract.metadata import from_text, title_from_lines
from policywatch.lineage import Catalog, LineageDoc, detect, titles
from policywatch.lineage.citations import in_basis_clause, names_article, references
from policywatch.model import DocKey


def _doc(n: int, title: str, text: str = "", *, number: str = "", issuer: str = "乙省人民政府",
         date: str = "2024-01-01") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=f"http://rules.test/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text)


def _kinds(doc: LineageDoc, *known: LineageDoc) -> set[tuple[str, object]]:
    return {(r.kind.value, r.target.id if r.target.id is not None else r.target.doc_number or r.target.title)
            for r in detect(doc, Catalog(known))}


def test_consultation_notice_in_either_word_order_names_its_draft() -> None:
    # 国家互联网信息办公室关于《生成式人工智能服务管理办法（征求意见稿）》公开征求意见的通知 (2023)
    real = "国家互联网信息办公室关于《生成式人工智能服务管理办法（征求意见稿）》公开征求意见的通知"
    variant = "乙市司法局关于《乙市行政执法监督办法（修订草案征求意见稿）》征求社会意见的公告"
    assert titles.title_key(real) == "生成式人工智能服务管理办法" and titles.marks(real).draft
    assert titles.title_key(variant) == "乙市行政执法监督办法" and titles.marks(variant).draft
    assert not titles.marks("乙市行政执法监督办法").draft


def test_temporary_rules_are_the_trial_edition_of_the_drafted_name() -> None:
    draft = _doc(1, "国家互联网信息办公室关于《生成式人工智能服务管理办法（征求意见稿）》公开征求意见的通知",
                 date="2023-04-11", issuer="国家互联网信息办公室")
    final = _doc(2, "生成式人工智能服务管理暂行办法", date="2023-07-10", issuer="国家互联网信息办公室")
    assert ("draft_of", 2) in _kinds(draft, final)
    # variant: a 暂行条例 made final is a succession; 暂行 inside a name (暂行规定的实施细则) is not a mark
    trial = _doc(3, "乙省城镇土地使用税暂行条例", number="乙政令〔2010〕3号", date="2010-01-01")
    made_final = _doc(4, "乙省城镇土地使用税条例", number="乙政令〔2024〕1号", date="2024-01-01")
    assert ("supersedes", 3) in _kinds(made_final, trial)
    assert titles.title_key("乙省暂行规定的实施细则") == "乙省暂行规定的实施细则"
    # a revised trial edition keeps the key, and is no successor of the final edition
    revised_trial = _doc(5, "乙省城镇土地使用税暂行条例（2019年修订）", number="乙政令〔2019〕2号", date="2019-01-01")
    assert titles.title_key(revised_trial.title) == titles.title_key(made_final.title)
    assert _kinds(made_final, trial, revised_trial) >= {("supersedes", 5)}
    assert ("supersedes", 4) not in _kinds(revised_trial, made_final)


def test_a_draft_dated_after_every_final_has_no_final_and_repeals_nothing() -> None:
    rules = _doc(1, "乙市城市道路挖掘管理办法", "第十五条 挖掘城市道路的，应当缴纳修复费。", date="2015-08-20")
    draft = _doc(2, "乙市城市管理局关于公开征求《乙市城市道路挖掘管理办法（修订征求意见稿）》意见的公告",
                 "第三十二条 本办法自 年 月 日起施行。2015年公布的《乙市城市道路挖掘管理办法》同时废止。",
                 date="2024-09-30")
    kinds = {k for k, _ in _kinds(draft, rules)}
    assert not kinds & {"draft_of", "supersedes", "repeals"}
    # the same sentence in the final text is a succession
    final = _doc(3, "乙市城市道路挖掘管理办法（2025年修订）",
                 "本办法自2025年3月1日起施行。2015年公布的《乙市城市道路挖掘管理办法》同时废止。", date="2025-01-20")
    assert ("supersedes", 1) in _kinds(final, rules)
    # variant: a 解读 quoting the final's closing clause supersedes nothing either
    explained = _doc(4, "《乙市城市道路挖掘管理办法（2025年修订）》政策解读",
                     "《办法》第三十二条明确，2015年公布的《乙市城市道路挖掘管理办法》同时废止。", date="2025-01-25")
    assert "supersedes" not in {k for k, _ in _kinds(explained, rules, final)}


def test_a_clean_up_decision_cites_the_decisions_it_carries_out() -> None:
    # the opening of 广东省人民政府关于宣布失效一批省政府文件的决定 (2018), shortened
    national = _doc(1, "国务院关于宣布失效一批国务院文件的决定", number="国发〔2015〕68号", issuer="国务院", date="2015-12-30")
    decision = _doc(2, "乙省人民政府关于宣布失效一批省政府文件的决定",
                    "为贯彻落实《国务院关于宣布失效一批国务院文件的决定》（国发〔2015〕68号）等文件，省政府对省政府文件进行了全面清理。"
                    "经清理，省政府决定，《乙省节能专项资金管理办法》（乙府〔2009〕12号）宣布失效。", date="2018-02-23")
    kinds = _kinds(decision, national)
    assert ("cites", 1) in kinds and ("repeals", 1) not in kinds
    assert ("repeals", "乙府〔2009〕12号") in kinds
    # variant: 根据 … 的规定，决定废止《…》 in one sentence
    sentence = "根据《乙省行政规范性文件管理办法》（乙府令第9号）规定，决定废止《乙省光伏补贴办法》。"
    refs = references(sentence)
    assert [in_basis_clause(sentence, r) for r in refs] == [True, False]


def test_a_list_without_a_verdict_column_ends_every_row_by_its_title() -> None:
    # the attachment of 国发〔2015〕68号: 序号 | 文件名称 | 文号, no 清理意见
    oil = _doc(1, "国务院关于进一步加强节油节电工作的通知", number="国发〔2008〕23号", issuer="国务院", date="2008-08-01")
    decision = _doc(2, "国务院关于宣布失效一批国务院文件的决定", "附件\n序号\t文件名称\t文号\n"
                    "1\t国务院关于进一步加强节油节电工作的通知\t国发〔2008〕23号\n"
                    "2\t国务院关于加强食品等产品安全监督管理的特别规定的通知\t国发〔2007〕25号", number="国发〔2015〕68号",
                    issuer="国务院", date="2015-12-30")
    relations = {(r.kind.value, r.target.id or r.target.doc_number): r.effect for r in detect(decision, Catalog([oil]))}
    assert relations == {("repeals", 1): "失效", ("repeals", "国发〔2007〕25号"): "失效"}
    # variant: a 废止 list whose table has a 清理意见 column keeps its 继续有效 rows
    kept = _doc(3, "乙省人民政府关于废止和继续有效一批规范性文件的决定", "序号\t文件名称\t文号\t清理意见\n"
                "1\t国务院关于进一步加强节油节电工作的通知\t国发〔2008〕23号\t继续有效", date="2024-01-01")
    assert ("repeals", 1) not in _kinds(kept, oil)


def test_repealing_one_article_amends_the_document() -> None:
    rules = _doc(1, "乙市城市道路挖掘管理办法", "第十五条 ……", date="2015-08-20")
    partial = _doc(2, "乙市人民政府关于废止部分市政府规章条款的决定", "市人民政府决定：废止《乙市城市道路挖掘管理办法》第十五条。",
                   date="2024-03-12")
    assert _kinds(partial, rules) == {("amends", 1)}
    # variant: with its 文号 and 的, beside a whole document repealed in the same sentence
    sentence = "决定废止《乙市供水管理办法》（乙政令第3号）的第二十条和《乙市排水管理办法》。"
    assert [names_article(sentence, r) for r in references(sentence)] == [True, False]


def test_an_interpretation_of_a_repeal_decision_repeals_nothing() -> None:
    decision = _doc(1, "乙省人民政府关于宣布失效和废止一批省政府行政规范性文件的决定", number="乙政发〔2024〕21号")
    explained = _doc(2, "《乙省人民政府关于宣布失效和废止一批省政府行政规范性文件的决定》政策解读",
                     "按照《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）规定，开展清理。",
                     issuer="乙省司法厅", date="2024-07-02")
    kinds = _kinds(explained, decision)
    assert ("interprets", 1) in kinds and not {k for k, _ in kinds} & {"repeals", "amends"}
    # variant: a 图解 of a 修改决定 amends nothing; the 修改决定 itself does
    graphic = _doc(3, "图解：《乙市人民政府关于修改〈乙市停车场管理办法〉的决定》", issuer="乙市司法局")
    assert "amends" not in {k for k, _ in _kinds(graphic)}
    assert "amends" in {k for k, _ in _kinds(_doc(4, "乙市人民政府关于修改《乙市停车场管理办法》的决定"))}


def test_short_names_and_referring_rules() -> None:
    # 以下简称《办法》 / 《政策》共十五条: the document's own short name, never another document
    assert references("《政策》共十五条，《办法》自公布之日起施行。") == []
    assert [r.title for r in references("《乙市科技创新券管理办法》共二十条。")] == ["乙市科技创新券管理办法"]
    # 参照《X》（文号）执行 is a citation kept until X is stored
    city = _doc(1, "乙市科学技术局关于印发《科技创新券管理办法》的通知",
                "参照《科技创新券管理办法（试行）》（甲科规〔2020〕5号），结合我市实际，制定本办法。", issuer="乙市科学技术局")
    assert _kinds(city) == {("cites", "甲科规〔2020〕5号")}


def test_a_title_wrapped_after_the_issuer_and_about() -> None:
    lines = ["乙市人民政府办公室文件", "乙府办发〔2022〕8号", "乙市人民政府办公室关于印发乙市加快推进新型",
             "储能产业发展实施方案的通知", "各区人民政府，市政府各部门："]
    assert title_from_lines(lines) == "乙市人民政府办公室关于印发乙市加快推进新型储能产业发展实施方案的通知"
    # the real seed 002 (南京市人民政府, 2022): `市政府关于印发南京国家人工智能创新⏎应用先导区建设实施方案的通知`
    seed = (Path(__file__).resolve().parent.parent / "data" / "seeds" / "002_05b334b9d66293e8.txt").read_text(encoding="utf-8")
    assert from_text(seed).title == "市政府关于印发南京国家人工智能创新应用先导区建设实施方案的通知"
    # variant: a ministry's wrapped title; a sentence with 关于 in it starts no title
    assert title_from_lines(["工业和信息化部关于进一步加强工业", "互联网安全工作的指导意见", "各省："]) == \
        "工业和信息化部关于进一步加强工业互联网安全工作的指导意见"
    assert title_from_lines(["现将关于做好工作的安排，", "印发给你们的通知"]) != "现将关于做好工作的安排，印发给你们的通知"
