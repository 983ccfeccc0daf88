"""Traps of the 35th lineage session: a clean-up table whose 文号 is split over cells or wrapped onto
the next line, an edition marked by its year (`（2020年版）`) cited bare in its successor's 同时废止,
a 修改决定 stored after its target's republication, editions naming each other, and a 修改决定
instruction that ends `，以后各条顺延` (renumber afterwards)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.lineage import LineageDoc, detect, repealed_part
from policywatch.lineage.amend_parse import parse_decision
from policywatch.model import DocKey, DocumentMetadata
from policywatch.pipeline.amendments import consolidate
from policywatch.pipeline.lineage import LineageLinker
from policywatch.state import Store
from tests.state.helpers import make_doc

Doc = tuple[str, str, str, str, str]  # name, title, text, 文号, date
ISSUER = "乙市人民政府"


def _link(docs: list[Doc]) -> set[tuple[str, str, str, str]]:
    """The relations left once `docs` were stored one by one, each followed by a linking pass (as runs
    do): (subject, kind, target name or the reference's 文号 / title, effect)."""
    store = Store.memory()
    run = store.start_run(["s"])
    names: dict[int, str] = {}
    for name, title, text, number, date in docs:
        meta = DocumentMetadata(title=title, doc_number=number, issuer=ISSUER, published_date=date)
        record = store.record_version("s", make_doc(f"http://yi.test/{name}.html", text, **meta.to_dict()),
                                      raw=None, run_id=run)
        names[record.document.id] = name
        LineageLinker(store, run_id=run).run()
    return {(names[r.subject.id], r.kind.value,  # type: ignore[index]
             names[r.target.id] if r.target.id is not None else r.target.doc_number or r.target.title, r.effect)
            for r in store.relations() if r.kind.value != "related"}


def _cleanup(rows: int) -> tuple[list[Doc], set[tuple[str, str, str, str]]]:
    """A clean-up notice of `rows` rows, as extracted from a PDF or a narrow page: odd rows' 文号 cell
    wrapped (`乙府发〔2011〕` on the row's line, `2号 | 废止` on the next), even rows' 文号 in two cells
    (`乙府发 | 〔2010〕1号`); every third row 继续有效; four of the documents stored; a signature under it."""
    lines, stored, want = [], [], set()
    for i in range(rows):
        title = f"乙市{['软件', '芯片', '医药', '数据', '汽车', '人才'][i % 6]}{['扶持', '促进', '专项', '项目', '服务', '奖励'][i // 6 % 6]}管理办法"
        year, verdict = 2010 + i % 10, "继续有效" if i % 3 == 0 else "废止"
        number = f"乙府发〔{year}〕{i + 1}号"
        lines.append(f"{i + 1}\t{title}\t乙府发〔{year}〕\n{i + 1}号\t{verdict}" if i % 2
                     else f"{i + 1}\t{title}\t乙府发\t〔{year}〕{i + 1}号\t{verdict}")
        if i in (1, 4, 5, 9):  # 9: 继续有效, ended by nothing
            stored.append((f"d{i}", title, "第一条 ……", number, f"{year}-03-01"))
        if verdict == "废止":
            want.add(("notice", "repeals", f"d{i}" if i in (1, 4, 5) else number, "废止"))
    notice = ("notice", "乙市人民政府关于公布规范性文件清理结果的通知",
              "经清理，现将清理结果公布如下。\n序号\t文件名称\t文号\t清理意见\n" + "\n".join(lines) + "\n乙市人民政府\n2024年6月1日",
              "乙府发〔2024〕40号", "2024-06-01")
    return [notice, *stored], want


@pytest.mark.parametrize("notice_first", [True, False])
def test_a_cleanup_table_with_split_and_wrapped_doc_numbers(notice_first: bool) -> None:
    docs, want = _cleanup(34)
    got = _link(docs if notice_first else docs[::-1])
    # every row ending its document, by its whole 文号: the stored ones resolved, the rest references;
    # no wrapped row lost, no 继续有效 row ended, the signature no row's part
    assert got == want and len(want) == 22


def test_a_wrapped_row_taken_column_by_column_when_the_extractor_kept_empty_cells() -> None:
    text = ("序号\t文件名称\t文号\t清理意见\n"
            "1\t乙市软件扶持管\t乙府发〔2011〕\t\n"
            "\t理办法\t2号\t废止\n"
            "2\t乙市芯片促进管理办法\t乙府发〔2012〕3号\t继续有效")
    docs = [("notice", "乙市人民政府关于公布规范性文件清理结果的通知", text, "乙府发〔2024〕40号", "2024-06-01"),
            ("soft", "乙市软件扶持管理办法", "第一条 ……", "", "2011-03-01"),
            ("chip", "乙市芯片促进管理办法", "第一条 ……", "乙府发〔2012〕3号", "2012-03-01")]
    # the title put together column by column names the document stored without a 文号 (a cut title
    # `乙市软件扶持管` would name nothing); the 继续有效 row ends nothing
    assert _link(docs) == {("notice", "repeals", "soft", "废止")}


NOTICE_HTML = """<html><head><title>乙市人民政府关于公布规范性文件清理结果的通知</title></head><body>
<div class="article"><h1>乙市人民政府关于公布规范性文件清理结果的通知</h1><p>乙府发〔2024〕40号</p>
<p>各区人民政府，市各委办局：</p><p>经清理，现将清理结果公布如下。</p>
<table border="1"><tr><td>序号</td><td>文件名称</td><td>文号</td><td>清理意见</td></tr>
<tr><td>1</td><td>乙市物业管理办法</td><td>乙府发〔2016〕<br/>3号</td><td>废止</td></tr>
<tr><td>2</td><td>乙市停车场<br>管理办法</td><td>乙府发<br>〔2015〕3号</td><td>废止</td></tr>
<tr><td rowspan="2">3</td><td>乙市路灯管理办法</td><td>乙府发〔2013〕3号</td><td rowspan="2">宣布失效</td></tr>
<tr><td>乙市路灯管理办法实施细则</td><td>乙府发〔2013〕4号</td></tr>
<tr><td>4</td><td>乙市绿化管理办法</td><td>乙府发〔2012〕3号</td><td>继续有效</td></tr>
</table><p>乙市人民政府</p><p>2024年6月1日</p></div></body></html>"""


def test_a_cleanup_page_with_line_breaks_and_merged_cells_through_import_and_related(tmp_path: Path) -> None:
    # the page's extractor writes a cell's <br> as a line break: the rows come out broken over
    # lines, and a rowspan row without its serial and verdict
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notice.html").write_text(NOTICE_HTML, encoding="utf-8")
    for name, title, number in [("fees", "乙市物业管理办法", "乙府发〔2016〕3号"), ("parking", "乙市停车场管理办法", "乙府发〔2015〕3号"),
                                ("lamps", "乙市路灯管理办法实施细则", "乙府发〔2013〕4号"), ("green", "乙市绿化管理办法", "乙府发〔2012〕3号")]:
        (docs / f"{name}.txt").write_text(f"乙市人民政府\n{number}\n{title}\n第一条 ……\n", encoding="utf-8")
    config = tmp_path / "pw.toml"
    config.write_text(f'database = "{tmp_path / "pw.db"}"\noutput_dir = "{tmp_path / "site"}"\n', encoding="utf-8")
    runner = CliRunner()
    for path in sorted(docs.iterdir()):
        assert runner.invoke(cli, ["import", "--config", str(config), str(path)]).exit_code == 0
    exported = json.loads(runner.invoke(cli, ["export", "--config", str(config)]).stdout)
    notice = next(row for row in exported if row["url"].endswith("notice.html"))
    out = runner.invoke(cli, ["related", str(notice["id"]), "--format", "json", "--config", str(config)])
    got = {(r["kind"], (r["other"].get("url") or "").rsplit("/", 1)[-1] or r["other"]["doc_number"], r["effect"])
           for r in json.loads(out.stdout)["relations"]}
    assert got == {("repeals", "fees.txt", "废止"), ("repeals", "parking.txt", "废止"), ("repeals", "lamps.txt", "失效"),
                   ("repeals", "乙府发〔2013〕3号", "失效")}
    assert {row["url"].rsplit("/", 1)[-1]: row["validity"] for row in exported if row["validity"]}.get("green.txt") in (None, "现行有效")


def test_verdict_cells_with_remarks_and_partial_repeals() -> None:
    text = ("序号\t文件名称\t文号\t清理意见\n"
            "1\t乙市物业管理办法\t乙府发〔2016〕3号\t部分条款废止\n"
            "2\t乙市停车场管理办法\t乙府发〔2015〕3号\t废止（已被新办法替代）\n"
            "3\t乙市户外广告管理办法\t乙府发〔2014〕3号\t宣布失效（有效期届满）\n"
            "4\t乙市路灯管理办法\t乙府发〔2013〕3号\t废止第五条、第六条\n"
            "5\t乙市绿化管理办法\t乙府发〔2012〕3号\t继续有效（待修订）")
    docs = [("notice", "乙市人民政府关于公布规范性文件清理结果的通知", text, "乙府发〔2024〕40号", "2024-06-01"),
            ("fees", "乙市物业管理办法", "第一条 ……", "乙府发〔2016〕3号", "2016-01-01"),
            ("parking", "乙市停车场管理办法", "第一条 ……", "乙府发〔2015〕3号", "2015-01-01"),
            ("green", "乙市绿化管理办法", "第一条 ……", "乙府发〔2012〕3号", "2012-01-01")]
    # a remark after the verdict keeps it; part of a document ends only those clauses (amends, in
    # force); a row kept in force ends nothing — none of them silently dropped
    assert _link(docs) == {("notice", "amends", "fees", "部分废止"), ("notice", "repeals", "parking", "废止"),
                           ("notice", "repeals", "乙府发〔2014〕3号", "失效"),
                           ("notice", "amends", "乙府发〔2013〕3号", "部分废止")}
    # the row's verdict names the articles it repeals
    notice = LineageDoc(key=DocKey(1, "http://yi.test/n.html", docs[0][1], docs[0][3]), text=text, date="2024-06-01")
    parts = {r.target.doc_number: repealed_part(r) for r in detect(notice, []) if r.kind.value == "amends"}
    assert parts == {"乙府发〔2016〕3号": "", "乙府发〔2013〕3号": "第五条、第六条"}


def test_an_edition_marked_by_its_year_is_named_bare_by_its_successor() -> None:
    old = ("old", "乙市促进数字经济发展若干政策（2020年版）", "一、支持数据要素流通。", "", "2020-01-01")
    new = ("new", "乙市加快数字经济发展若干措施",
           "一、支持数据要素流通。\n本措施自2024年1月1日起施行，《乙市促进数字经济发展若干政策》同时废止。", "乙府规〔2023〕5号",
           "2023-12-01")
    for order in itertools.permutations([old, new]):
        assert _link(list(order)) == {("new", "supersedes", "old", "废止")}


DECISION = ("decision", "乙市人民政府关于修改《乙市物业管理办法》的决定",
            "市人民政府决定对《乙市物业管理办法》作如下修改：\n一、将第三条修改为：“物业由市住建局管理。”",
            "乙府发〔2024〕8号", "2024-01-01")
ORIGINAL = ("original", "乙市物业管理办法", "第一条 ……\n第三条 物业由市建委管理。", "乙府发〔2016〕3号", "2016-01-01")
REPUBLISHED = ("republished", "乙市物业管理办法（2024年修正）",
               "（2016年1月1日乙府发〔2016〕3号公布　根据2024年1月1日乙府发〔2024〕8号修正）\n第一条 ……\n"
               "第三条 物业由市住建局管理。", "", "2024-02-01")


def test_a_decision_its_target_and_the_republished_text_in_any_order() -> None:
    # the decision amends the text before it, never its republication stored first under the same
    # title; the republished text cites the decision by the 文号 its note writes after a date, and
    # replaces the original (its revision mark) without also citing it, whichever was stored last
    for order in itertools.permutations([DECISION, ORIGINAL, REPUBLISHED]):
        assert _link(list(order)) == {("decision", "amends", "original", ""), ("republished", "cites", "decision", ""),
                                      ("republished", "supersedes", "original", "失效")}, [d[0] for d in order]


def test_an_old_edition_never_ends_a_revised_edition_dated_after_it() -> None:
    # two documents each saying the other ends (a data error, or two drafts of one clean-up): stored
    # as they say, no loop; the 2024 revision of one is not ended by the 2019 text naming its title
    a = ("a", "乙市养老服务补贴办法", "第一条 ……\n第二十条 本办法自2020年1月1日起施行，原《乙市居家养老服务补贴办法》同时废止。",
         "", "2019-12-01")
    b = ("b", "乙市居家养老服务补贴办法", "第一条 ……\n第二十条 本办法自2020年1月1日起施行，原《乙市养老服务补贴办法》同时废止。",
         "", "2019-12-02")
    revised = ("revised", "乙市养老服务补贴办法（2024年修订）", "第一条 ……", "", "2024-12-02")
    for order in itertools.permutations([a, b, revised]):
        got = _link(list(order))
        assert {(s, k, t) for s, k, t, _ in got} == {("a", "supersedes", "b"), ("b", "supersedes", "a"),
                                                     ("revised", "supersedes", "a")}, [d[0] for d in order]


TARGET = """南湖市科技创新券管理办法
第一条 为促进科技创新，制定本办法。
第二条 本办法适用于本市中小企业。
第三条 创新券由市科技局发放。
第四条 创新券有效期为一年。
第五条 创新券不得转让。
第六条 违反第五条规定的，收回创新券。
第七条 本办法自2020年1月1日起施行。"""


def _articles(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("第")]


# the ways a decision says the later articles move up, after the deletion or in a sentence of its own
SHIFTS = ("以后各条顺延", "以后条款序号相应顺延", "其后条文序号相应调整")


@pytest.mark.parametrize("instruction", [*(f"一、删去第三条，{tail}。" for tail in SHIFTS), "一、删去第三条。以后各条顺序前移。"])
def test_a_deletion_that_says_the_later_articles_move_up(instruction: str) -> None:
    result = consolidate(f"关于修改《南湖市科技创新券管理办法》的决定\n{instruction}\n二、将第五条修改为：“创新券可以转让。”",
                         TARGET)
    assert result.complete and result.renumbered
    # the addresses are the original numbering (第五条 is the old fifth), the numbers then close up,
    # and the text's own reference follows its article
    assert _articles(result.text) == ["第一条 为促进科技创新，制定本办法。", "第二条 本办法适用于本市中小企业。",
                                      "第三条 创新券有效期为一年。", "第四条 创新券可以转让。",
                                      "第五条 违反第四条规定的，收回创新券。", "第六条 本办法自2020年1月1日起施行。"]


def test_an_insertion_that_says_the_later_articles_move_down() -> None:
    result = consolidate("关于修改《南湖市科技创新券管理办法》的决定\n"
                         "一、在第四条后增加一条，作为第五条：“创新券实行实名制。”，原第五条及以后各条序号依次顺延。", TARGET)
    assert result.complete and result.renumbered
    assert [line.split(" ")[0] for line in _articles(result.text)] == [f"第{n}条" for n in "一二三四五六七八"]
    assert "第五条 创新券实行实名制。" in result.text and "第七条 违反第六条规定的" in result.text


CHAPTERS = """南湖市科技创新券管理办法
第一章 总则
第一条 为促进科技创新，制定本办法。
第二章 发放
第二条 创新券由市科技局发放。
第三章 使用
第三条 创新券不得转让。
第四条 违反第三条规定的，收回创新券。"""


@pytest.mark.parametrize("instruction", ["一、删去第二章，以后各章顺延。", "一、删去第二章，以后各章、各条序号相应调整。"])
def test_a_chapter_deleted_and_the_later_ones_moved_up(instruction: str) -> None:
    result = consolidate(f"关于修改《南湖市科技创新券管理办法》的决定\n{instruction}", CHAPTERS)
    assert result.complete and result.renumbered
    assert result.text.splitlines()[1:] == ["第一章 总则", "第一条 为促进科技创新，制定本办法。", "第二章 使用",
                                            "第二条 创新券不得转让。", "第三条 违反第二条规定的，收回创新券。"]


def test_a_shift_said_of_one_document_renumbers_only_that_one() -> None:
    decision = ("乙市人民政府关于修改《乙市物业管理办法》和《南湖市科技创新券管理办法》的决定\n"
                "一、对《乙市物业管理办法》作如下修改：\n（一）删去第二条，以后各条顺延。\n"
                "二、对《南湖市科技创新券管理办法》作如下修改：\n（一）删去第三条。")
    result = consolidate(decision, TARGET, target_title="南湖市科技创新券管理办法")
    assert result.complete and not result.renumbered
    assert "第三条" not in result.text and "第四条 创新券有效期为一年。" in result.text  # the numbers stay


FEES = "乙市物业管理办法\n第一条 总则。\n第三条 物业由市建委管理。\n第五条 物业费由市物价局调整。\n第六条 施行。"


def _successor_closing(tail: str) -> tuple[Store, list, int]:
    """The fees policy and a successor policy whose closing clause ends `tail`, stored in that order
    through runs' linking passes: (store, events, the fees policy's id)."""
    store = Store.memory()
    run = store.start_run(["s"])
    LineageLinker(store, run_id=run).run()  # the baseline is behind us: what follows is news
    events = []
    successor = ("乙市物业服务收费管理办法\n第一条 为规范收费，制定本办法。\n第二条 市发展改革委负责调整收费标准。\n"
                 f"第三条 本办法自2024年1月1日起施行，{tail}")
    for name, title, text, number, date in [("fees", "乙市物业管理办法", FEES, "乙府发〔2016〕3号", "2016-01-01"),
                                            ("charges", "乙市物业服务收费管理办法", successor, "乙府发〔2023〕9号", "2023-12-01")]:
        meta = DocumentMetadata(title=title, doc_number=number, issuer=ISSUER, published_date=date)
        store.record_version("s", make_doc(f"http://yi.test/{name}.html", text, **meta.to_dict()), raw=None, run_id=run)
        events += LineageLinker(store, run_id=run).run()
    fees = next(d.id for d in store.documents() if d.url.endswith("/fees.html"))
    return store, events, fees


def test_a_successor_repealing_one_article_of_another_document_amends_it() -> None:
    store, events, fees = _successor_closing("《乙市物业管理办法》（乙府发〔2016〕3号）第五条同时废止。")
    assert {r.kind.value for r in store.relations(fees)} == {"amends"}  # not superseded: X stays in force
    latest = store.versions(fees)[-1]
    assert latest.metadata.validity not in ("废止", "失效")
    # the article goes (the successor's own articles, 第二条 …调整…, are no instructions), the rest keep their numbers
    assert _articles(latest.display_text) == ["第一条 总则。", "第三条 物业由市建委管理。", "第六条 施行。"]
    derived = next(e for e in events if e.kind.value == "changed")
    assert "适用 1 条" in derived.message and "未适用" not in derived.message


def test_a_successor_repealing_the_provisions_of_another_document_on_one_matter_amends_it() -> None:
    store, events, fees = _successor_closing("《乙市物业管理办法》（乙府发〔2016〕3号）中有关物业收费的规定同时废止。")
    assert {r.kind.value for r in store.relations(fees)} == {"amends"}
    assert store.versions(fees)[-1].metadata.validity not in ("废止", "失效") and len(store.versions(fees)) == 1
    amends = next(e for e in events if e.kind.value == "amends")
    # a partial repeal, with the matter it names; which clauses those are, the text does not say: not guessed
    assert amends.effect == "部分废止" and "部分废止 《乙市物业管理办法》：有关物业收费的规定" in amends.message
    assert amends.message.endswith("；未列出所废止的条文，未推导修改后的文本")


def test_a_successor_repealing_another_document_whole_still_supersedes_it() -> None:
    store, _, fees = _successor_closing("《乙市物业管理办法》（乙府发〔2016〕3号）同时废止。")
    assert [(r.kind.value, r.effect) for r in store.relations(fees)] == [("supersedes", "废止")]
    assert store.versions(fees)[-1].metadata.validity == "废止"


_BUREAUS = [
    ("sci", "南湖市科学技术局", "南科发〔2019〕2号", "2019-03-01", "第一条 ……"),
    ("fin", "南湖市财政局", "南财发〔2021〕5号", "2021-03-01", "第一条 ……"),
    ("new", "南湖市科学技术局", "南科发〔2024〕1号", "2024-01-01",
     "第一条 ……\n第三十条 本办法自2024年1月1日起施行，原《南湖市专项资金管理办法》同时废止。")]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_two_bureaus_of_one_city_under_one_title_a_bureau_ends_its_own(order: tuple[int, ...]) -> None:
    # the 科技局's and the 财政局's 南湖市专项资金管理办法, and the 科技局's successor naming the title bare,
    # stored in every order: the successor ends its own bureau's, never its peer's (stored before the
    # bureau's own, its peer's was the only one under the title: a peer's is never the one named)
    store = Store.memory()
    run = store.start_run(["s"])
    ids = {}
    for name, issuer, number, date, text in [_BUREAUS[i] for i in order]:
        title = "南湖市科技专项资金管理办法" if name == "new" else "南湖市专项资金管理办法"
        meta = DocumentMetadata(title=title, doc_number=number, issuer=issuer, published_date=date)
        ids[name] = store.record_version("s", make_doc(f"http://yi.test/{name}.html", text, **meta.to_dict()),
                                         raw=None, run_id=run).document.id
        LineageLinker(store, run_id=run).run()
    assert [(r.kind.value, r.target.id) for r in store.relations(ids["new"])] == [("supersedes", ids["sci"])]
    assert store.versions(ids["fin"])[-1].metadata.validity != "废止"  # its peer's policy stays in force
    assert store.versions(ids["sci"])[-1].metadata.validity == "废止"


def test_a_decision_naming_its_target_by_doc_number_only_amends_it() -> None:
    decision = ("decision", "乙市人民政府关于修改部分规范性文件的决定",
                "市人民政府决定对乙府发〔2016〕3号文件作如下修改：\n一、将第三条修改为：“物业由市住建局管理。”",
                "乙府发〔2024〕8号", "2024-01-01")
    for order in itertools.permutations([decision, ORIGINAL]):
        assert _link(list(order)) == {("decision", "amends", "original", "")}


def test_a_draft_whose_final_is_worded_about_the_same_subject() -> None:
    draft = ("draft", "关于公开征求《乙市促进夜间经济发展若干措施（征求意见稿）》意见的公告",
             "现将《乙市促进夜间经济发展若干措施（征求意见稿）》全文公布，征求社会各界意见。\n一、延长营业时间。", "", "2024-01-10")
    final = ("final", "乙市关于促进夜间经济发展的若干措施", "一、延长营业时间。", "乙府规〔2024〕2号", "2024-04-01")
    # another subject (加快, not 促进) is no evidence the draft became it: a look-alike at most
    other = ("other", "乙市关于加快夜间经济发展的若干政策", "一、延长营业时间。", "乙府规〔2024〕3号", "2024-05-01")
    for order in itertools.permutations([draft, final, other]):
        assert {t for t in _link(list(order)) if t[1] == "draft_of"} == {("draft", "draft_of", "final", "")}


def test_a_citation_naming_a_years_edition_gets_that_edition_and_the_editions_follow_each_other() -> None:
    # the year is taken off the title key (a successor names the edition bare) but kept as a mark: a
    # 2025 text citing the 2019 edition means the 2019 one, not the latest of the title (stored
    # later, it answers the reference kept meanwhile); the 2024
    # edition follows the 2019 one (what ends the older is for a 同时废止 to say: no effect)
    first = ("first", "乙市产业结构调整指导目录（2019年本）", "一、鼓励类。", "乙府发〔2019〕7号", "2019-10-30")
    second = ("second", "乙市产业结构调整指导目录（2024年本）", "一、鼓励类。", "乙府发〔2023〕9号", "2023-12-27")
    citing = ("citing", "乙市关于执行产业政策的通知",
              "根据《乙市产业结构调整指导目录（2019年本）》，淘汰类项目按原规定执行。", "乙府发〔2025〕1号", "2025-03-01")
    for order in itertools.permutations([first, second, citing]):
        assert _link(list(order)) == {("citing", "cites", "first", ""), ("second", "supersedes", "first", "")}, order


@pytest.mark.parametrize("space", [" ", "\u3000", "  "])
def test_an_instruction_setting_its_article_apart_by_a_space_is_read(space: str) -> None:
    # the label set apart by a space is an instruction when an edit follows it (修改为, a 款's 中的,
    # 删去, 增加一款), a statute's own article when its words do (第二条 市发展改革委负责调整收费标准)
    decision = ("南湖市人民政府关于修改《南湖市科技创新券管理办法》的决定\n"
                "市人民政府决定对《南湖市科技创新券管理办法》作如下修改：\n"
                f"第三条{space}修改为：“第三条 创新券由市科学技术局发放。”\n"
                f"第四条{space}中的“一年”修改为“两年”。\n"
                f"第五条{space}增加一款，作为第二款：“创新券可以跨年度使用。”\n"
                f"第六条{space}删去。\n"
                "本决定自公布之日起施行。")
    result = consolidate(decision, TARGET)
    assert result.complete and len(result.applied) == 4
    assert _articles(result.text) == ["第一条 为促进科技创新，制定本办法。", "第二条 本办法适用于本市中小企业。",
                                      "第三条 创新券由市科学技术局发放。", "第四条 创新券有效期为两年。",
                                      "第五条 创新券不得转让。", "第七条 本办法自2020年1月1日起施行。"]
    assert "创新券可以跨年度使用。" in result.text
    # a statute's own articles that happen to hold an editing word edit nothing
    own = f"第二条{space}市发展改革委负责调整收费标准。\n第三条{space}中小企业增加研发投入的，给予奖励。"
    assert parse_decision(own).instructions == []


@pytest.mark.parametrize("tail", ["原第五条及以后各条序号依次顺延。", "以后各条顺延。", "；以后各条顺延。"])
def test_an_insertion_whose_shift_follows_the_closing_quotation_mark(tail: str) -> None:
    # the quotation's own 。 ends the sentence: the tail follows the closing ” with no mark of its own
    result = consolidate("关于修改《南湖市科技创新券管理办法》的决定\n"
                         f"一、在第四条后增加一条，作为第五条：“创新券实行实名制。”{tail}", TARGET)
    assert result.complete and result.renumbered
    assert [line.split(" ")[0] for line in _articles(result.text)] == [f"第{n}条" for n in "一二三四五六七八"]
    assert "第五条 创新券实行实名制。" in result.text and "第七条 违反第六条规定的" in result.text
