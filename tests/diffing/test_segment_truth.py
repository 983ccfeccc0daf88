"""Documents never seen before, each with a hand-written clause tree (tests/data/segment_truth,
scored by tests/diffing/segment_truth.py): ①②③ and ⑴⑵ items, ㈠, 第一部分, 一是…二是…, annexes
with their own trees, 附表, a 目录 repeating the headings, PDF page furniture and running headers,
amounts and dates at line starts, cited articles, mixed and full-width numbering, skipped
numbers, 款 and 项, 编 and 分编, 章 headings wrapped over two lines, quotations. And the shapes
behind the defects they found, one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.diffing import diff_texts, segment
from policywatch.normalize import normalize_text
from tests.diffing.segment_truth import KNOWN_LOST, score_all, truths


def _tree(text: str) -> dict[str, object]:
    return {c.path_str: c for c in segment(normalize_text(text).display)}


def test_every_truth_document_reads_as_written_by_hand() -> None:
    result = score_all(skip=KNOWN_LOST)
    assert len(truths()) >= 20
    assert result.rate("path precision") == 1.0, result.misses
    assert result.rate("path recall") == 1.0, result.misses
    assert result.rate("lines placed") >= 0.99, result.misses


_AWARDS = ("关于实施奖励的通知\n各区：\n一、奖励标准\n（一）奖励激励。按以下标准奖励：\n1.营业收入首次超过10亿元的，奖励100万元。\n"
           "2.营业收入首次超过1亿元的，奖励20万元。\n3.营业收入首次超过1000万元的，奖励5万元。\n4.新入库的企业，奖励1万元。\n"
           "{after}\n（二）服务保障。建立联系制度。\n二、附则\n")


@pytest.mark.parametrize("after", ["以上奖励就高不重复享受，资金由县财政承担。", "上述政策与其他政策不重复享受。",
                                   "前述各项奖励按年度兑现。"])
def test_a_paragraph_summing_up_a_list_is_the_parent_s_not_the_last_item_s(after: str) -> None:
    """It speaks of all the items: the parent's own paragraph after its list (¶), in order."""
    tree = _tree(_AWARDS.format(after=after))
    assert tree["一/（一）/4"].text == "4.新入库的企业，奖励1万元。"
    assert tree["一/（一）/¶1"].text == after
    assert "一/（二）" in tree


@pytest.mark.parametrize("after", ["新入库企业须在本县纳税满一年。",
                                   # words referring back, but in a row cut mid-sentence
                                   "以上标准的企业，奖励1万元。"])
def test_a_paragraph_going_on_with_the_last_item_stays_with_it(after: str) -> None:
    text = _AWARDS.format(after=after)
    if after.startswith("以上"):
        text = text.replace("4.新入库的企业，奖励1万元。", "4.新入库且营业收入达到500万元")
    tree = _tree(text)
    assert tree["一/（一）/4"].text.endswith("\n" + after)
    assert not any("¶" in p for p in tree)


@pytest.mark.parametrize("rest", ["资金由县财政承担。", "申报工作另行通知。\n兑现时间为每年6月。"])
def test_a_short_summing_up_sentence_before_more_paragraphs_is_still_the_parent_s(rest: str) -> None:
    """`以上政策不重复享受。` (a short sentence, read as a lead-in) with more paragraphs after it:
    the run of lead-ins hung under the last item (`…/4/¶1`) instead of the list's parent."""
    tree = _tree(_AWARDS.format(after="以上政策不重复享受。\n" + rest))
    assert tree["一/（一）/4"].text == "4.新入库的企业，奖励1万元。"
    assert tree["一/（一）/¶1"].text == "以上政策不重复享受。"
    assert tree["一/（一）/¶1"].heading == ""  # as when it stands alone
    assert not any(p.startswith("一/（一）/4/") for p in tree)
    assert "".join(c.text for p, c in tree.items() if p.startswith("一/（一）/¶")) == "".join(
        ["以上政策不重复享受。", *rest.split("\n")])


_MATERIALS = ("关于申报的通知\n各区：\n一、申报要求\n（一）申报材料。\n1.项目申报书，由申报单位填写。\n{item}\n"
              "上述材料须加盖公章，一式两份。\n（二）申报时间。\n")


@pytest.mark.parametrize("entries", ["营业执照复印件，需在有效期内；\n近三年财务报表，需经审计；",
                                     "营业执照复印件，需在有效期内。\n近三年财务报表，需经审计。\n纳税证明，由税务部门出具。",
                                     "序号\t材料\t要求\n1\t营业执照\t复印件\n2\t财务报表\t经审计。"])
def test_a_summing_up_paragraph_closes_the_nearest_list_the_item_s_own(entries: str) -> None:
    """`上述材料…` right after item 2's own list of materials (unmarked paragraphs or table rows
    after its `…包括：`) speaks of those: item 2's text, not the parent's ¶ after items 1.–2.
    Table rows are entries each, whether or not a row ends a sentence."""
    tree = _tree(_MATERIALS.format(item="2.企业证明材料，包括：\n" + entries))
    assert tree["一/（一）/2"].text.endswith("\n上述材料须加盖公章，一式两份。")
    assert not any("¶" in p for p in tree)


def test_a_summing_up_paragraph_after_items_without_lists_of_their_own_is_the_parent_s() -> None:
    tree = _tree(_MATERIALS.format(item="2.企业证明材料，包括营业执照复印件、近三年财务报表。"))
    assert tree["一/（一）/¶1"].text == "上述材料须加盖公章，一式两份。"


_LISTED = "关于印发某市促进企业上市若干措施的通知\n各区县：\n现将有关措施印发给你们。\n一、支持措施\n（一）上市奖励。\n{items}\n{summary}\n" \
          "（二）服务保障。建立联系制度。\n二、附则\n本措施自发布之日起施行。\n"


@pytest.mark.parametrize(("summary", "whose"), [("以上两项奖励就高不重复享受。", "一/（一）/¶1"),
                                                ("以上2项奖励就高不重复享受。", "一/（一）/¶1"),
                                                ("以上三项奖励可以同时享受。", "一/（一）/2")])
def test_a_summary_naming_a_count_closes_the_list_of_that_length(summary: str, whose: str) -> None:
    """`以上两项奖励…` after items 1.–2., item 2 holding three entries of its own: the count is
    the items', the parent's ¶; `以上三项` is item 2's entries, its text."""
    tree = _tree(_LISTED.format(items="1.对在主板上市的企业，奖励300万元。\n2.对在新三板挂牌的企业，分阶段给予奖励：\n"
                                      "挂牌后奖励50万元。\n完成融资后奖励50万元。\n完成股改后奖励20万元。", summary=summary))
    assert (tree[whose].text if "¶" in whose else tree[whose].text.rsplit("\n", 1)[1]) == summary
    assert ("一/（一）/¶1" in tree) == ("¶" in whose)


@pytest.mark.parametrize("summary", ["以上两项奖励就高不重复享受。", "以上两项奖励可以同时享受。"])
def test_a_summary_whose_count_fits_both_lists_is_the_items(summary: str) -> None:
    """Items 1.–2., item 2 holding two entries: `以上两项` fits both lists, and a count of 项 is of
    the numbered items: the parent's ¶, as before the nearest-list rule."""
    tree = _tree(_LISTED.format(items="1.对在主板上市的企业，奖励300万元。\n2.对在新三板挂牌的企业，分阶段给予奖励：\n"
                                      "挂牌后奖励50万元。\n完成融资后奖励50万元。", summary=summary))
    assert tree["一/（一）/¶1"].text == summary


def test_a_summary_after_parallel_lists_of_the_items_is_the_parent_s() -> None:
    """Items 1. and 2. each hold a list in the same shape: the summary after the last one is
    about them all, the parent's ¶, not the last item's own list."""
    items = "".join(f"{k}.对在{where}上市的企业，分阶段给予奖励：\n辅导备案后奖励{a}万元。\n上市后奖励{b}万元。\n"
                    for k, where, a, b in ((1, "主板", 100, 300), (2, "北交所", 50, 200)))
    tree = _tree(_LISTED.format(items=items.rstrip("\n"), summary="以上奖励就高不重复享受。"))
    assert tree["一/（一）/¶1"].text == "以上奖励就高不重复享受。"
    assert tree["一/（一）/2"].text.endswith("上市后奖励200万元。")


def test_a_lead_in_summing_up_the_lead_ins_before_it_keeps_its_heading() -> None:
    """`上述成绩来之不易。这得益于…` after two lead-ins (`产业规模持续壮大。…`): one more lead-in,
    its heading its first sentence, not a headless ¶ of the parent."""
    tree = _tree("某市数字经济发展规划\n一、发展基础\n产业规模持续壮大。2023年全市数字经济核心产业增加值增长12%。\n"
                 "创新能力不断增强。新增高新技术企业200家，建成省级平台15个。\n上述成绩来之不易。这得益于全市上下的共同努力。\n"
                 "二、总体要求\n坚持创新驱动。\n")
    assert tree["一/¶3"].heading == "上述成绩来之不易"
    assert [p for p in tree if p.startswith("一/")] == ["一/¶1", "一/¶2", "一/¶3"]


def test_a_running_header_repeating_the_title_is_dropped_not_a_new_document(tmp_path: Path) -> None:
    """The title on top of every page split the text into a compilation of three `documents`."""
    page = "某市河道管理条例"
    text = "\n".join([
        page, "第一章 总则", "第一条 为了加强河道管理，保障防洪安全，根据有关法律、行政法规，结合本市实际，",
        "—1—", page, "制定本条例。", "第二条 本条例适用于本市行政区域内的河道。",
        "—2—", page, "第二章 附则", "第三条 本条例自2025年1月1日起施行。",
    ])
    path = tmp_path / "statute.txt"
    path.write_text(text, encoding="utf-8")
    done = CliRunner().invoke(cli, ["segment", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    clauses = {c["path"]: c for c in json.loads(done.output)["clauses"]}
    assert [p for p in clauses if p not in ("头",)] == ["第一章", "第一章/第一条", "第一章/第二条", "第二章",
                                                          "第二章/第三条"]
    assert "".join(clauses["第一章/第一条"]["text"].split()).endswith("结合本市实际，制定本条例。")
    assert page not in clauses["第二章"]["text"]


def test_a_pdf_s_rows_keep_the_title_their_running_header_repeats() -> None:
    """pdftotext rows (a trailing space ends a paragraph): the title standing alone on top of
    page 1 and of every page after it is dropped as a header on pages 2–4, but stays on page 1."""
    title = " 某市促进数据产业发展若干措施 "
    rows = [title, "为加快数据产业发展，结合本市实际，制定以下措", "施。 ", "一、加大资金支持。对新落户的数据企业给予奖",
            "励，最高100万元。 ", " 2 ", title, "二、强化人才保障。对引进的高层次人才给予安", "家补贴。 ",
            "三、优化营商环境。推行数据企业", " 3 ", title, "服务专员制度。 ", "四、附则。本措施自2024年1月1日起施行。 ",
            " 4 ", title, "某市人民政府 ", "2024年1月1日 "]
    display = normalize_text("\n".join(rows)).display
    assert display.count(title.strip()) == 1
    tree = _tree("\n".join(rows))
    assert tree["头"].text == title.strip()
    assert tree["三"].text == "三、优化营商环境。推行数据企业服务专员制度。"


@pytest.mark.parametrize("header", [True, False])
def test_a_title_header_off_the_page_break_goes_where_the_numbering_runs_on(header: bool) -> None:
    """u20: the header once beside a page number, once a few rows off it (no page number there):
    between 第二条 and 第二章 it read as the title of a next document (three documents)."""
    title = "某市养犬管理条例"
    page_two = f"— 2 —\n{title}\n" if header else ""
    text = (f"{title}\n第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n— 1 —\n第二条 本条例适用于本市。\n{title}\n"
            f"第二章 养犬登记\n第三条 本市实行养犬登记制度。\n{page_two}第三章 附则\n第四条 本条例自2025年1月1日起施行。\n")
    tree = _tree(text)
    if header:  # the title shown to be the running header: no copy left but the title
        assert [p for p in tree if p != "头"] == ["第一章", "第一章/第一条", "第一章/第二条", "第二章",
                                                  "第二章/第三条", "第三章", "第三章/第四条"]
        assert normalize_text(text).display.count(title) == 1
    else:  # never shown at a page break: the title written again stays
        assert normalize_text(text).display.count(title) == 2


def test_a_title_written_once_more_stays() -> None:
    """Once again (the measures under their notice, a statute's title after its 目录) is no header."""
    text = "关于印发某市若干措施的通知\n各区：\n现印发给你们。\n某市若干措施\n一、总体要求\n某市若干措施\n二、保障措施\n"
    assert normalize_text(text).display.count("某市若干措施\n") == 2


@pytest.mark.parametrize("last, own, tail", [
    # under a clause that is only its heading, the formula is that clause's text
    ("二、附则", "二、附则\n本政策自发布之日起施行。", "某市人民政府\n2024年1月2日"),
    # after a clause with a sentence of its own, it closes the document
    ("二、加强保障。", "二、加强保障。", "本政策自发布之日起施行。\n某市人民政府\n2024年1月2日"),
])
def test_the_closing_formula_after_the_last_clause(last: str, own: str, tail: str) -> None:
    tree = _tree(f"某市若干政策\n一、支持企业\n（一）给予奖励。\n{last}\n本政策自发布之日起施行。\n某市人民政府\n2024年1月2日\n")
    assert (tree["二"].text, tree["尾"].text) == (own, tail)


def test_the_signature_below_the_list_of_annex_titles_is_the_tail() -> None:
    tree = _tree("关于申报的通知\n一、申报条件\n二、申报材料\n附件：1.申报材料目录\n2.项目申报表\n某省工业和信息化厅\n"
                 "2024年5月20日\n附件1\n申报材料目录\n一、项目申报书\n")
    assert tree["尾"].text == "某省工业和信息化厅\n2024年5月20日"
    assert tree["附件"].text == "附件：1.申报材料目录\n2.项目申报表"
    assert "附件1/一" in tree


def test_the_signature_above_the_list_of_annex_titles_is_the_tail_too() -> None:
    tree = _tree("关于申报的通知\n一、申报条件\n二、申报材料\n某省工业和信息化厅\n2024年5月20日\n附件：1.申报材料目录\n"
                 "2.项目申报表\n附件1\n申报材料目录\n一、项目申报书\n")
    assert tree["尾"].text == "某省工业和信息化厅\n2024年5月20日"


@pytest.mark.parametrize("note", ["注：1.表中金额保留两位小数。\n2.申请资金不超过总投资的30%。",
                                  "注：1.表中金额保留两位小数；2.申请资金不超过总投资的30%。",
                                  "说明：1.表中金额保留两位小数；\n2.申请资金不超过总投资的30%；\n3.另行通知。"])
def test_the_points_of_a_note_are_the_note_text(note: str) -> None:
    tree = _tree(f"关于申报的通知\n一、申报要求\n（一）按时报送申报表。\n{note}\n二、联系方式\n")
    assert list(tree) == ["头", "一", "一/（一）", "二"]
    assert tree["一/（一）"].text == f"（一）按时报送申报表。\n{note}"


def test_a_numbered_list_after_a_note_line_without_points_stays_a_list() -> None:
    tree = _tree("关于申报的通知\n一、申报要求\n注：\n1.表中金额保留两位小数。\n2.申请资金不超过总投资的30%。\n")
    assert "一/1" in tree and "一/2" in tree


def test_a_table_of_contents_of_a_plan_opens_no_clauses() -> None:
    """A 目录 of 一、（一） headings without page numbers: the body opened every clause again (#2)."""
    tree = _tree("某市养老服务规划\n目录\n一、发展基础\n（一）主要成就\n二、总体要求\n三、保障措施\n"
                 "一、发展基础\n（一）主要成就\n全市新增养老床位1.2万张。\n二、总体要求\n到2025年建成体系。\n三、保障措施\n")
    assert [p for p in tree if p != "头"] == ["一", "一/（一）", "二", "三"]
    assert tree["头"].text.startswith("某市养老服务规划\n目录\n一、发展基础")


def test_a_list_that_is_no_table_of_contents_stays() -> None:
    tree = _tree("某市目录管理办法\n目录\n一、目录编制\n（一）编制主体。市数据局负责编制全市公共数据目录，并根据需要动态调整。\n二、目录发布\n")
    assert {"一", "一/（一）", "二"} <= set(tree)


@pytest.mark.parametrize("lines, heading", [(["第三章 公共数据共享、开放和", "授权运营"], "公共数据共享、开放和授权运营"),
                                            (["第三章", "附  则"], "附  则"),
                                            (["第三章 附则"], "附则"),
                                            # cut without a joining word: a few words, then an article
                                            (["第三章 公共数据目录管理", "采集汇聚"], "公共数据目录管理采集汇聚"),
                                            (["第三章 促进数据要素", "市场化配置"], "促进数据要素市场化配置"),
                                            # a sentence about the chapter, a real first paragraph,
                                            # the title a running header repeats: no piece
                                            (["第三章 数据安全保障", "本章适用于全部数据"], "数据安全保障"),
                                            (["第三章 数据安全保障", "本章所称数据，是指公共数据。"], "数据安全保障"),
                                            (["第三章 数据安全保障", "某市公共数据管理办法"], "数据安全保障"),
                                            # a gazette's page furniture the extractor left there
                                            (["第三章 数据安全保障", "某市人大常委会公报"], "数据安全保障"),
                                            (["第三章 数据安全保障", "地方性法规汇编"], "数据安全保障"),
                                            # a whole heading takes no line after it
                                            (["第三章 安全", "本章适用于全部数据"], "安全"),
                                            # a paragraph after the heading line is no piece of it
                                            (["第三章 附则", "本章所称数据，是指公共数据。"], "附则")])
def test_a_chapter_heading_cut_over_two_lines_is_read_whole(lines: list[str], heading: str) -> None:
    text = "\n".join(["某市公共数据管理办法", "第一章 总则", "第一条 为了加强公共数据管理，制定本办法。",
                      "第二章 管理", "第二条 公共数据实行目录管理。", *lines, "第三条 本办法自2025年3月1日起施行。"])
    tree = _tree(text)
    assert tree["第三章"].heading == heading
    assert tree["第三章/第三条"].text == "第三条 本办法自2025年3月1日起施行。"


def test_a_quotation_inside_an_article_starts_no_paragraph() -> None:
    tree = _tree("某市数据条例\n第一条 为了促进数据流动，制定本条例。\n第二条 规划确定的目标是：\n“1.到2025年产业规模达到1000亿元；\n"
                 "2.培育数据企业200家。”\n规划应当向社会公布。\n第三条 本条例自2025年1月1日起施行。\n")
    assert [p for p in tree if p != "头"] == ["第一条", "第二条", "第二条/第二款", "第三条"]
    assert tree["第二条"].text.endswith("2.培育数据企业200家。”")
    assert tree["第二条/第二款"].text == "规划应当向社会公布。"


@pytest.mark.parametrize("page", ["", "— 1 —\n"])
def test_the_banner_of_each_notice_of_a_compilation_stays(page: str) -> None:
    """The first lines every notice writes again are no running header: a banner, a 文号."""
    notice = ("{page}北京市人民政府办公厅文件\n京政办发〔2024〕{n}号\n关于做好第{n}项安全生产工作的通知\n各区人民政府：\n"
              "一、加强隐患排查。各区要开展检查。\n二、强化值班值守。各单位要安排值班。\n北京市人民政府办公厅\n2024年{n}月1日\n")
    text = "".join(notice.format(n=n, page=page if n > 1 else "") for n in (1, 2, 3))
    display = normalize_text(text).display.split("\n")
    assert display.count("北京市人民政府办公厅文件") == 3
    assert [f"京政办发〔2024〕{n}号" in display for n in (1, 2, 3)] == [True] * 3


@pytest.mark.parametrize("page", ["", "— 3 —\n"])
def test_an_annex_title_repeating_the_title_stays(page: str) -> None:
    text = (f"某市促进数据要素发展办法\n第一条 为了促进数据要素发展，制定本办法。\n第二条 本办法自2024年1月1日起施行。\n{page}"
            f"附件1\n某市促进数据要素发展办法\n一、起草背景。\n{page}附件2\n{page}某市促进数据要素发展办法\n一、主要内容。\n")
    assert normalize_text(text).display.count("某市促进数据要素发展办法") == 3


def test_a_title_repeated_away_from_page_numbers_stays() -> None:
    """Only a repeat beside a page number is a header: elsewhere the title is written again."""
    title = "某市促进数据产业发展若干措施"
    text = (f"{title}\n一、总体要求\n{title}\n（一）目标。到2025年，全市数据产业规模突破1000亿元。\n— 2 —\n{title}\n"
            f"二、保障措施\n{title}\n（一）落实。各区、各部门要结合实际制定具体措施，确保各项政策落地见效。\n")
    assert normalize_text(text).display.count(title) == 3  # only the one under `— 2 —` goes


def test_a_title_repeated_before_the_next_notice_s_number_stays() -> None:
    text = ("关于做好防汛工作的通知\n各区：\n一、落实责任。\n— 1 —\n关于做好防汛工作的通知\n京政办发〔2024〕2号\n各区：\n一、落实责任。\n"
            "— 2 —\n关于做好防汛工作的通知\n京政办发〔2024〕3号\n各区：\n一、落实责任。\n")
    assert normalize_text(text).display.count("关于做好防汛工作的通知") == 3


def test_a_list_of_items_under_a_catalogue_header_is_no_table_of_contents() -> None:
    """`目录` ⏎ `1.学校基本信息`: an annex's catalogue, its items the annex's; it ran on into 附件2."""
    tree = _tree("关于公布开放清单的通知\n各区人民政府：\n现将开放清单予以公布。\n附件：1.开放数据目录\n2.开放数据申请须知\n某市经济和信息化局\n"
                 "2024年1月1日\n附件1\n开放数据目录\n目录\n1.学校基本信息\n2.医疗机构名录\n附件2\n开放数据申请须知\n"
                 "1.申请人应当如实填写申请表。\n2.申请人应当遵守使用协议。\n")
    assert {"附件1/1", "附件1/2", "附件2/1", "附件2/2"} <= set(tree)


@pytest.mark.parametrize("after, closing", [
    ("前款规定的公示载体，以下称“公示牌”。", "”等内容。"),
    ("数据处理者未公示的，由主管部门责令改正。", "”等内容，并接受监督。"),
])
def test_the_paragraph_after_a_quotation_closed_mid_line_is_a_paragraph(after: str, closing: str) -> None:
    tree = _tree(f"某市数据条例\n第十条 数据处理者应当在显著位置公示下列内容：\n“本单位依法处理个人信息。\n未经同意不向第三方提供{closing}\n"
                 f"{after}\n第十一条 数据处理者应当建立安全制度。\n第十二条 本条例所称数据，是指“电子记录”。\n"
                 "第十三条 本条例自2024年1月1日起施行。\n")
    assert [p for p in tree if p != "头"] == ["第十条", "第十条/第二款", "第十一条", "第十二条", "第十三条"]
    assert tree["第十条/第二款"].text == after


def test_a_closing_formula_after_a_list_item_closes_the_document() -> None:
    tree = _tree("关于开展试点工作的通知\n各区人民政府：\n现将试点名单通知如下：\n1.海淀区\n2.朝阳区\n本通知自印发之日起施行。\n"
                 "某市发展和改革委员会\n2024年1月1日\n")
    assert tree["2"].text == "2.朝阳区"
    assert tree["尾"].text.startswith("本通知自印发之日起施行。")


def test_every_formula_line_under_the_closing_section_is_its_text() -> None:
    tree = _tree("关于促进数据产业发展的若干措施\n一、加大资金支持。对企业给予补贴。\n二、附则\n本措施由市发展改革委负责解释。\n"
                 "本措施自2024年1月1日起施行。\n某市发展和改革委员会\n2024年1月1日\n")
    assert tree["二"].text == "二、附则\n本措施由市发展改革委负责解释。\n本措施自2024年1月1日起施行。"
    assert tree["尾"].text == "某市发展和改革委员会\n2024年1月1日"


@pytest.mark.parametrize("note, items", [
    ("注：1.营业收入以审计报告为准。\n2.集团企业以法人单位申报。", ["1", "2", "3", "4"]),
    ("注：1.营业收入以审计报告为准。", ["1", "2", "3", "4"]),
])
def test_a_note_s_points_stop_where_the_list_before_it_goes_on(note: str, items: list[str]) -> None:
    tree = _tree(f"关于申报专项资金的通知\n各有关单位：\n一、申报条件\n1.在本市注册的企业。\n2.上年营业收入不低于1000万元。\n{note}\n"
                 "3.申报企业信用良好，无失信记录。\n4.近三年未发生重大安全事故。\n二、申报材料\n1.申报书。\n")
    assert [p.split("/")[1] for p in tree if p.startswith("一/")] == items
    assert tree["一/2"].text == f"2.上年营业收入不低于1000万元。\n{note}"


def test_a_one_point_note_takes_nothing_after_it() -> None:
    tree = _tree("关于申报专项资金的通知\n各有关单位：\n一、支持标准\n1.对新建项目给予补贴。\n注：1.补贴不超过500万元。\n"
                 "2.对改建项目给予奖励。\n3.对购置设备给予贴息。\n二、申报材料\n")
    assert {"一/1", "一/2", "一/3"} <= set(tree)
    assert tree["一/1"].text == "1.对新建项目给予补贴。\n注：1.补贴不超过500万元。"


_PLAN = "某市促进数据要素市场化配置改革实施方案"
_PLAN_PARAGRAPHS = [
    "为贯彻落实国家部署，加快培育数据要素市场，结合本市实际，制定本方案。",
    "一、总体要求",
    "（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，推动数据要素市场化配置改革取得实效，为建设数字中国贡献力量。",
    "（二）工作目标。到2025年，数据要素市场体系基本建成，数据交易规模达到100亿元，培育数据企业200家，形成一批可复制推广的经验做法。",
    "二、重点任务",
    "（一）推进公共数据开放。建立公共数据开放清单制度，分级分类推进公共数据向社会开放，鼓励社会数据融合应用，提升数据供给质量。",
    "（二）培育数据交易市场。支持数据交易所建设，完善数据交易规则和标准体系，探索数据资产登记、评估和入表。",
    "三、保障措施",
    "（一）加强组织领导。建立工作协调机制，统筹推进各项任务，及时研究解决重大问题，确保各项措施落地见效。",
    "本方案自2024年1月1日起施行。",
    "某市人民政府办公厅",
    "2024年1月1日",
]


def _plan_pdf(path: Path, per_page: int) -> Path:
    """The plan as a PDF of 30-character rows, its title on top of every page as a running
    header and `- n -` under each: where a page breaks depends on `per_page`."""
    from tests.govsite import make_pdf_pages

    rows = [p[k:k + 30] for p in _PLAN_PARAGRAPHS for k in range(0, len(p), 30)]
    pages = [rows[k:k + per_page] for k in range(0, len(rows), per_page)]
    path.write_bytes(make_pdf_pages([[_PLAN, *page, f"- {n} -"] for n, page in enumerate(pages, 1)]))
    return path


def test_a_pdf_s_title_header_goes_whatever_its_page_breaks(tmp_path: Path) -> None:
    """PDF rows: join_rows drops the page numbers, so the title header must go before it; it
    was glued mid-sentence (`…提升数据供给质量某市…方案。`) and the signature moved."""
    web = tmp_path / "web.txt"
    web.write_text("\n".join([_PLAN, *_PLAN_PARAGRAPHS]), encoding="utf-8")
    short, long = _plan_pdf(tmp_path / "a.pdf", 6), _plan_pdf(tmp_path / "b.pdf", 9)
    for old, new in ((web, short), (short, long)):
        done = CliRunner().invoke(cli, ["diff", str(old), str(new), "--no-color"])
        assert done.exit_code == 0, done.output
        assert "modified" not in done.output and "added" not in done.output and "removed" not in done.output, done.output


def _repeat_at_break(before: str, after: str) -> str:
    return (f"{_PLAN}\n{_PLAN_PARAGRAPHS[0]}\n一、总体要求\n{before}\n— 1 —\n{_PLAN}\n{after}\n"
            f"{_PLAN_PARAGRAPHS[-4]}\n某市人民政府办公厅\n2024年1月1日\n— 2 —\n")


@pytest.mark.parametrize("before, after", [
    # one page break is enough to show the header
    ("（一）指导思想。推动改革取得实效。", "（二）工作目标。到2025年基本建成。"),
    # a sentence introducing a list is no addressee of a next notice
    ("三、保障措施", "各区、各部门要重点做好以下工作："),
    ("三、保障措施", "具体如下："),
    # an address is no 文号
    ("（一）联系地址。", "某市某区人民路1号"),
    # a sentence about annexes is no bare annex label
    ("附件材料须加盖公章。", "（二）工作目标。到2025年基本建成。"),
])
def test_a_title_header_goes_beside_a_page_number_whatever_follows(before: str, after: str) -> None:
    display = normalize_text(_repeat_at_break(before, after)).display
    assert display.count(_PLAN) == 1, display
    assert after in display and before in display


@pytest.mark.parametrize("before, after", [("（一）指导思想。", "各区人民政府，市政府各委、办、局："),
                                           ("（一）指导思想。", "各有关单位："),
                                           ("（一）指导思想。", "京政办发〔2024〕2号"),
                                           ("附件2", "一、主要内容。")])
def test_a_title_heading_its_own_notice_or_annex_stays(before: str, after: str) -> None:
    assert normalize_text(_repeat_at_break(before, after)).display.count(_PLAN) == 2


@pytest.mark.parametrize("entries, body, tops", [
    (["一、发展基础", "二、重点任务"], ["一、发展基础", "全市数字经济规模持续扩大。", "二、重点任务", "（一）建设数字基础设施。"],
     ["一", "二"]),
    (["第一章 总则", "第二章 附则"], ["第一章 总则", "第一条 为了规范数据处理活动，制定本条例。", "第二章 附则",
                                     "第二条 本条例自2024年1月1日起施行。"], ["第一章", "第二章"]),
])
def test_a_table_of_contents_listing_annexes_is_head(entries: list[str], body: list[str], tops: list[str]) -> None:
    """`附件1 重点项目表` among a 目录's entries is an entry: the search stopped there and the whole
    body went under 附件2."""
    text = "\n".join(["某市数字经济发展规划", "目录", *entries, "附件1 重点项目表", "附件2 任务分工表", *body,
                      "附件1", "重点项目表", "1.数据中心项目。", "附件2", "任务分工表", "1.市发展改革委负责总体协调。"])
    tree = _tree(text)
    assert [p for p in tree if "/" not in p] == ["头", *tops, "附件1", "附件2"]
    assert tree["头"].text.endswith("附件2 任务分工表")


def test_a_list_of_headings_before_a_bare_annex_label_is_no_table_of_contents() -> None:
    tree = _tree("某市开放数据清单\n目录\n一、学校信息\n二、医疗信息\n附件2\n申请须知\n一、学校信息\n按年度更新。\n")
    assert "附件2" in tree and tree["附件2"].text.startswith("附件2\n申请须知")


@pytest.mark.parametrize("quote", [
    # each paragraph of a long quotation opens with “, only the last closes with ”
    ["“一、本单位依法处理个人信息。", "“二、未经同意不向第三方提供。", "“三、投诉电话12345。”"],
    # a cited title's “…” on the opening line leaves the quotation open
    ["“1.到2025年，落实《“十四五”数字经济发展规划》要求；", "2.培育数据企业200家。”"],
])
def test_a_quotation_balances_over_its_paragraphs(quote: list[str]) -> None:
    tree = _tree("\n".join(["某市数据条例", "第一条 为了规范数据处理活动，制定本条例。", "第二条 数据处理者应当公示下列内容：",
                            *quote, "数据处理者未公示的，由主管部门责令改正。", "第三条 本条例自2024年1月1日起施行。"]))
    assert [p for p in tree if p != "头"] == ["第一条", "第二条", "第二条/第二款", "第三条"]
    assert tree["第二条"].text.endswith(quote[-1])
    assert tree["第二条/第二款"].text == "数据处理者未公示的，由主管部门责令改正。"


@pytest.mark.parametrize("tag", ["【章名】 ", "【章名】", "【节名】 "])
def test_a_law_database_s_unit_tag_before_a_heading_is_no_text(tag: str) -> None:
    """`【章名】 第一章 总则` (a law database's field tag): the chapters were read as 款 of the
    article before them and the articles as a text without chapters."""
    unit = "节" if "节" in tag else "章"
    tree = _tree(f"某市立法条例\n{tag}第一{unit} 总则\n第一条 为了规范立法活动，制定本条例。\n第二条 本条例适用于本市。\n"
                 f"{tag}第二{unit} 附则\n第三条 本条例自2001年8月1日起施行。\n")
    assert [p for p in tree if p != "头"] == [f"第一{unit}", f"第一{unit}/第一条", f"第一{unit}/第二条", f"第二{unit}",
                                              f"第二{unit}/第三条"]
    assert tree[f"第二{unit}"].heading == "附则"


def test_a_bracketed_label_that_names_no_unit_is_text() -> None:
    tree = _tree("某市立法条例\n第一条 为了规范立法活动，制定本条例。\n【说明】第二条 本条例适用于本市。\n")
    assert [p for p in tree if p != "头"] == ["第一条", "第一条/第二款"]


_NOTICE = ("某市关于开展应用场景申报的通知\n各区人民政府：\n一、申报时间\n即日起至2024年6月30日。\n二、申报方式\n网上申报。\n"
           "附件：{annexes}\n某市经济和信息化局\n2024年5月20日\n{label}\n应用场景项目申报指南\n一、申报条件\n"
           "1.在本市注册的企业。\n2.项目实际投入不低于500万元。\n二、申报材料\n项目申报书一式两份。\n")


def test_a_lone_annex_label_over_its_title_heads_an_annex_of_its_own() -> None:
    """GB/T 9704: `附件` (no colon) on the annex's first page, its title under it: the annex's
    一、二、 read as the notice's again (一#2, 二#2)."""
    tree = _tree(_NOTICE.format(annexes="应用场景项目申报指南", label="附件"))
    # `附件：…` in the body is the note of what is attached, the last clause's text: the annex
    # under the label is the one labelled 附件 (the note was a node `附件`, the annex `附件#2`)
    assert [p for p in tree if p.startswith("附件")] == ["附件", "附件/一", "附件/一/1", "附件/一/2", "附件/二"]
    assert tree["附件"].heading == "应用场景项目申报指南"
    assert tree["二"].text == "二、申报方式\n网上申报。\n附件：应用场景项目申报指南"
    assert tree["尾"].text == "某市经济和信息化局\n2024年5月20日"
    assert [p for p in tree if "/" not in p and "附件" not in p] == ["头", "序", "一", "二", "尾"]


def test_a_list_of_annex_titles_under_a_colon_stays_a_list() -> None:
    tree = _tree(_NOTICE.format(annexes="\n1.应用场景项目申报指南\n2.项目申报表", label="附件1"))
    assert tree["附件"].text == "附件：\n1.应用场景项目申报指南\n2.项目申报表"
    assert "附件1/一/2" in tree


def test_a_list_of_annex_titles_before_a_lone_annex_label_is_no_annex() -> None:
    """The note `附件：1.… 2.…` before the signature, one annex under a lone `附件` label: the
    note goes on the last clause, the annex is `附件`."""
    tree = _tree(_NOTICE.format(annexes="1.应用场景项目申报指南\n2.项目申报表", label="附件"))
    assert [p for p in tree if p.startswith("附件")][:2] == ["附件", "附件/一"]
    assert tree["二"].text.endswith("附件：1.应用场景项目申报指南\n2.项目申报表")
    assert not any("#" in p for p in tree)


def test_a_list_of_annex_titles_before_any_clause_keeps_every_title() -> None:
    """The note right after the notice's text, no clause before it: its rows go on the preamble
    (the second title was added to no clause and lost)."""
    text = ("关于印发某方案的通知\n各区：\n现将方案印发给你们。\n附件：1.某市检查方案\n2.某市检查表\n附件\n某市检查方案\n"
            "一、工作目标\n全面检查。\n")
    tree = _tree(text)
    assert tree["序"].text.endswith("附件：1.某市检查方案\n2.某市检查表")
    assert "".join(c.text for c in tree.values()).replace("\n", "") == text.replace("\n", "")



_SIGNED = ("关于印发某市检查方案的通知\n各区：\n现将方案印发给你们。\n一、工作目标\n全面开展检查。\n二、工作要求\n"
           "（一）加强领导。成立专班。\n（二）按时报送。各单位于6月底前报送。\n{before}某市人民政府办公室\n2024年5月20日\n"
           "{after}{annexes}")


def test_a_note_of_annex_titles_after_the_signature_stays_after_it() -> None:
    """`附件：…` below the signature: no clause is open there (the closing lines closed them),
    and adding it to the preamble put it before 一 in the tree's text: its node after 尾."""
    tree = _tree(_SIGNED.format(before="", after="附件：某市检查方案\n",
                                annexes="附件\n某市检查方案\n一、检查范围\n全市各单位。\n"))
    assert list(tree).index("尾") < list(tree).index("附件")
    assert tree["附件"].text == "附件：某市检查方案"
    assert "附件" not in tree["序"].text
    body = "".join(c.text for c in tree.values())
    assert body.index("全面开展检查") < body.index("附件：某市检查方案") < body.index("全市各单位")


@pytest.mark.parametrize("after", ["", "附件：1.某市检查方案\n2.某市检查表\n"])
def test_a_note_before_numbered_annexes_keeps_its_node_whatever_lone_label_comes_later(after: str) -> None:
    """附件1, 附件2, and a lone `附件` inside 附件2 (its own attachment): the note names the
    numbered annexes, not that one; it lost its node to the last clause and the inner `附件`
    took the label."""
    before = "" if after else "附件：1.某市检查方案\n2.某市检查表\n"
    tree = _tree(_SIGNED.format(before=before, after=after,
                                annexes="附件1\n某市检查方案\n一、检查范围\n全市各单位。\n附件2\n某市检查表\n"
                                        "填表说明\n附件\n填表样例\n单位\t负责人\n"))
    assert tree["附件"].text == "附件：1.某市检查方案\n2.某市检查表"
    assert tree["二/（二）"].text == "（二）按时报送。各单位于6月底前报送。"
    assert "附件#2" in tree


_DRAFT_NOTICE = ("关于公开征求某市养犬管理办法意见的公告\n为做好规章制定工作，我局起草了某市养犬管理办法，现向社会公开征求意见。\n"
                 "某市公安局\n2024年9月30日\n附件\n某市养犬管理办法\n第一条 为加强养犬管理，制定本办法。\n第二条 本办法适用于本市。\n")


@pytest.mark.parametrize("top", ["", "某市公安局文件\n某公发〔2024〕9号\n"])
def test_a_lone_annex_label_first_leaves_the_notice_its_title(top: str) -> None:
    """The measures under a 公告's lone `附件`: the head ends at the signature, so no title line
    follows it there; the title is still the notice's own (after a banner and 文号), never empty."""
    tree = segment(normalize_text(top + _DRAFT_NOTICE).display)
    assert tree.title == "关于公开征求某市养犬管理办法意见的公告"
    assert [c.path_str for c in tree] == ["头", "附件", "附件/第一条", "附件/第二条"]


_INSPECTION = ("关于开展安全检查的通知\n各区人民政府：\n一、检查范围\n全市各类企业。\n二、工作要求\n各区要认真组织。\n"
               "{label}\n一、检查内容\n消防设施。\n二、检查时间\n2024年5月。\n")


def test_an_annex_label_and_its_title_on_one_line_read_as_on_two() -> None:
    """A web page prints `附件 检查工作方案` on one line where the PDF puts the title under `附件`:
    both copies are the same tree, so comparing them reports nothing."""
    web = _tree(_INSPECTION.format(label="附件 检查工作方案"))
    pdf = _tree(_INSPECTION.format(label="附件\n检查工作方案"))
    assert list(web) == list(pdf) == ["头", "序", "一", "二", "附件", "附件/一", "附件/二"]
    assert web["附件"].heading == pdf["附件"].heading == "检查工作方案"
    assert not diff_texts(_INSPECTION.format(label="附件 检查工作方案"),
                          _INSPECTION.format(label="附件\n检查工作方案")).changes


@pytest.mark.parametrize("label", ["附件 1.检查工作方案", "附件：检查工作方案", "附件 检查工作方案。"])
def test_an_annex_label_over_a_list_or_a_sentence_is_no_annex_of_its_own(label: str) -> None:
    assert "附件/一" not in _tree(_INSPECTION.format(label=label))


_POSTED = ("某市养犬管理条例\n第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n— 1 —\n某市养犬管理条例\n"
           "第二条 本条例适用于本市行政区域内的养犬活动。\n{before}\n某市养犬管理条例\n第四条 养犬人应当遵守社会公德。\n"
           "第五条 养犬人应当为犬只办理登记。\n第六条 本市实行养犬登记制度。\n")


@pytest.mark.parametrize("before", ["第三条 市人民政府应当在公共场所张贴下列文本：",
                                    "第三条 市人民政府应当宣传本条例。\n第三条之一 各区应当配合。\n第三条之二 街道应当配合。"])
def test_a_title_written_in_the_text_stays_though_the_numbering_runs_on(before: str) -> None:
    """The header dropped at the page break once: a copy of the title in the body (after `…文本：`,
    or rows away from any page number) is text, not a header a few rows off the break."""
    assert normalize_text(_POSTED.format(before=before)).display.count("某市养犬管理条例") == 2


def test_a_running_header_over_the_title_on_page_one_goes_there_too() -> None:
    """A gazette's header on top of every page, page 1 too, above the title: only the title's
    copy on page 1 may stay; the header over it is furniture and never joins the title."""
    header, title = " 某省人民政府办公厅文件汇编 ", " 某市促进数据产业发展若干措施 "
    rows = [header, title, "为加快数据产业发展，结合本市实际，制定以下措", "施。 ", "一、加大资金支持。对新落户的数据企业给予奖",
            "励，最高100万元。 ", " 2 ", header, "二、强化人才保障。对引进的高层次人才给予安", "家补贴。 ", " 3 ", header,
            "三、优化营商环境。推行数据企业服务专员制度。 ", " 4 ", header, "某市人民政府 ", "2024年1月1日 "]
    display = normalize_text("\n".join(rows)).display
    assert header.strip() not in display
    assert segment(display).title == title.strip()


@pytest.mark.parametrize("after", ["以上率下，各级领导干部带头落实。", "以上海为龙头，推动长三角企业协同发展。"])
def test_words_that_only_look_like_a_back_reference_stay_with_the_last_item(after: str) -> None:
    """以上率下 (leading from above), 以上海为龙头 (以 + 上海): no 以上 referring back to the list."""
    tree = _tree(_AWARDS.format(after=after))
    assert tree["一/（一）/4"].text == "4.新入库的企业，奖励1万元。\n" + after
    assert not any("¶" in p for p in tree)


def test_a_paragraph_referring_back_amid_a_list_is_the_item_s() -> None:
    """The list goes on after it (5. follows 4.): a summary in the middle of a list is none."""
    tree = _tree(_AWARDS.format(after="上述奖励按年度兑现。\n5.新升规的企业，奖励2万元。"))
    assert tree["一/（一）/4"].text == "4.新入库的企业，奖励1万元。\n上述奖励按年度兑现。"
    assert "一/（一）/5" in tree
    assert not any("¶" in p for p in tree)


def test_a_row_repeated_as_page_furniture_is_no_piece_of_a_cut_heading() -> None:
    """A header left on more than one page (`数据法规选编`, a name no rule knows) is furniture."""
    text = "\n".join(["某市公共数据管理办法", "第一章 总则", "第一条 为了加强公共数据管理，制定本办法。", "数据法规选编",
                      "第二条 公共数据实行目录管理。", "第三章 数据安全保障", "数据法规选编", "第三条 本办法自2025年3月1日起施行。"])
    assert _tree(text)["第三章"].heading == "数据安全保障"
