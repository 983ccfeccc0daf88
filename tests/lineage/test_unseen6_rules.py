"""The sixth unseen set (tests/data/lineage_unseen6: traps around repeals, editions, drafts, 解读 and 公告
series numbers) through the real CLI, and the rules it needed, each on the shape that was read wrongly."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.extract.metadata import from_text
from policywatch.lineage import LineageDoc, detect
from policywatch.lineage.titles import bigram_similarity, similarity_key
from policywatch.model import DocKey
from tests.lineage import unseen_set

DOCS = unseen_set.DATA6 / "docs"


def _text(stem: str) -> str:
    return (DOCS / f"{stem}.txt").read_text(encoding="utf-8")


def test_the_set_is_read_as_written(tmp_path: Path) -> None:
    outcome = unseen_set.run(tmp_path, data=unseen_set.DATA6)
    missed, wrong = unseen_set.misses(outcome, unseen_set.DATA6)
    # a draft finalized by another issuer (its bureau drafted, the government's office issued) under a
    # title with a word added (低空经济发展 → 低空经济高质量发展) is read too (test_draft_edited_title.py)
    assert missed == set()
    assert wrong == set()
    assert unseen_set.validity_errors(outcome, unseen_set.DATA6) == {}


def test_a_joint_series_number_heading_its_page_is_the_pages_number() -> None:
    # 财政部 税务总局公告2023年第1号 over the title: the page's own number, as citations key it
    meta = from_text(_text("k03_mof_sat_small_vat_2023"))
    assert meta.doc_number == "财政部税务总局公告〔2023〕1号"


def test_a_title_closing_with_its_edition_mark_is_the_title() -> None:
    # 岚江市城市绿化管理办法（2023年修订） under an order's heading: before, the heading 岚江市人民政府令 was
    # taken for the title and the edition never met its predecessor
    assert from_text(_text("h02_lj_greening_2023")).title == "岚江市城市绿化管理办法（2023年修订）"


def _doc(n: int, title: str, text: str = "", number: str = "", issuer: str = "", date: str = "",
         url: str = "") -> LineageDoc:
    return LineageDoc(DocKey(id=n, url=url or f"http://t.test/{n}.html", title=title, doc_number=number),
                      issuer=issuer, date=date, text=text)


def test_a_revised_rule_under_the_same_orders_series_ends_the_older() -> None:
    # two 规章 signed by the mayor (no issuer line): the order numbers name one issuer
    old = _doc(1, "岚江市城市绿化管理办法", "第一条 为促进城市绿化，制定本办法。", "岚江市人民政府令第8号", date="2016-03-15")
    new = _doc(2, "岚江市城市绿化管理办法（2023年修订）", "第一条 为促进城市绿化，制定本办法。", "岚江市人民政府令第31号",
               date="2023-06-12")
    found = [(r.kind.value, r.target.id, r.effect) for r in detect(new, [old]) if r.kind.value == "supersedes"]
    assert found == [("supersedes", 1, "失效")]


def test_an_interpretation_links_an_imported_file() -> None:
    # 相关文件：file:///… — the URL `policywatch import` stores a local file at
    policy = _doc(1, "岚江市支持企业研发投入奖补办法", "第一条 ……", "岚科规〔2024〕2号", url="file:///d/i01.txt")
    graphic = _doc(2, "一图读懂｜企业研发投入奖补新政来了", "相关文件：file:///d/i01.txt\n研发费用超过500万元的企业，最高可获300万元奖补。",
                   url="file:///d/i03.txt")
    assert [(r.kind.value, r.target.id) for r in detect(graphic, [policy])] == [("interprets", 1)]


@pytest.mark.parametrize("link", ["file:///etc/passwd", "file:///d/i01.txt", "file://attacker.host/share/i01.txt"])
def test_a_fetched_page_links_no_local_file(link: str) -> None:
    # a page fetched from the web naming a file:// URL names nothing on this machine (nor a share)
    policy = _doc(1, "岚江市支持企业研发投入奖补办法", "第一条 ……", "岚科规〔2024〕2号", url="file:///d/i01.txt")
    page = _doc(2, "一图读懂｜新政来了", f"相关文件：{link}\n最高可获300万元奖补。", url="https://evil.test/a.html")
    assert [r for r in detect(page, [policy]) if r.target.url.startswith("file:") or r.target.id == 1] == []


def test_a_written_link_holding_chinese_is_read_whole() -> None:
    # a site's path may be Chinese: the link ends at a space or a full-width mark, not at its first 汉字
    url = "http://x.gov.cn/zcwj/研发奖补办法.html"
    policy = _doc(1, "乙市企业研发奖补办法", "第一条 ……", "乙科规〔2024〕2号", url=url)
    for text in (f"原文链接：{url}", f"原文链接：{url}。", f"原文链接：{url}）", f"原文链接：{url} 发布日期：2024-04-18",
                 f"原文链接：{url}研发费用超过500万元的企业最高可获300万元奖补"):  # a next line run on
        page = _doc(2, "一图读懂｜研发奖补新政", text, url="http://x.gov.cn/tj/1.html")
        assert [(r.kind.value, r.target.id) for r in detect(page, [policy])] == [("interprets", 1)], text


@pytest.mark.parametrize("url", ["http://x.gov.cn/show.aspx?id=1", "http://x.gov.cn/download.jsp?file=政策.pdf",
                                 "http://x.gov.cn/art.jsp?id=123&col=45", "http://x.gov.cn/zcwj/岚科规〔2024〕2号.pdf",
                                 "http://x.gov.cn/a(1).html", "http://x.gov.cn/list.jsp?a=1,2;b='x'"])
def test_a_written_link_holding_ascii_marks_is_read_whole(url: str) -> None:
    # a query string, a 文号's 〔〕 in a file's name: ASCII marks and brackets are the URL's, as on main
    policy = _doc(1, "岚江市企业研发奖补办法", "第一条 ……", "岚科规〔2024〕2号", url=url)
    for text in (f"原文链接：{url}", f"原文链接：{url}。", f"原文链接：{url} 发布日期：2024-04-18"):
        page = _doc(2, "一图读懂｜研发奖补新政", text, url="http://x.gov.cn/tj/1.html")
        assert [(r.kind.value, r.target.id) for r in detect(page, [policy])] == [("interprets", 1)], text


@pytest.mark.parametrize(("a", "b"), [
    ("岚江市支持企业赴新疆维吾尔自治区投资实施办法", "岚江市对口支援西藏自治区实施办法"),
    # under a 印发 frame the title opens with its subject, read as a place (创建全国文明城市)
    ("岚江市人民政府办公室关于印发创建全国文明城市实施方案的通知", "岚江市人民政府办公室关于印发创建国家卫生城市实施方案的通知"),
    ("支持企业赴新疆维吾尔自治区投资实施办法", "对口支援西藏自治区实施办法"),
])
def test_titles_on_other_subjects_naming_places_are_no_look_alikes(a: str, b: str) -> None:
    # a place read in the title (全国文明城市, 新疆维吾尔自治区) is its subject, never the issuer's frame:
    # two titles on other subjects keep them, and are no look-alikes
    assert similarity_key(a) != similarity_key(b)
    assert bigram_similarity(similarity_key(a), similarity_key(b)) < 0.6
    issuer = "岚江市人民政府办公室"
    old = _doc(1, a, "一、总体要求……", "岚政办发〔2021〕3号", issuer, "2021-03-01")
    new = _doc(2, b, "一、总体要求……", "岚政办发〔2022〕7号", issuer, "2022-05-01")
    assert detect(new, [old]) == []


@pytest.mark.parametrize("sentence", ["根据国发〔2019〕2号和县政发〔2020〕1号文件精神，制定本通知。",
                                      "按照市委文件和县政发〔2020〕1号要求，现补充通知如下。"])
def test_a_connective_before_a_county_code_joins_it(sentence: str) -> None:
    # …和县政发: the 和 joins the county's 县政发 to what stands before it (not 和县's): the citation
    # resolves to the county's own document
    issuer = "平阳县人民政府"
    cited = _doc(1, "平阳县农村人居环境整治实施方案", "一、……", "县政发〔2020〕1号", issuer, "2020-03-01")
    citing = _doc(2, "平阳县关于做好农村厕所改造的通知", sentence, "县政办发〔2021〕2号", issuer, "2021-03-01")
    assert [r.target.id for r in detect(citing, [cited]) if r.target.id is not None] == [1]


def test_an_organless_series_number_is_cited_and_repealed_by_other_organs() -> None:
    # the government's 公告〔2019〕1号 cited by its bureau and ended by a clean-up table's row (no issuer
    # read there): the number keys alike whoever holds or names it
    gov = "南湖县人民政府"
    notice = _doc(1, "南湖县人民政府关于禁止燃放烟花爆竹的公告", "一、……", "公告〔2019〕1号", gov, "2019-01-10")
    bureau = _doc(2, "南湖县应急管理局关于做好烟花爆竹安全管理工作的通知",
                  "根据《南湖县人民政府关于禁止燃放烟花爆竹的公告》（公告〔2019〕1号），现就有关工作通知如下：",
                  "南应急发〔2020〕5号", "南湖县应急管理局", "2020-03-05")
    assert [(r.kind.value, r.target.id) for r in detect(bureau, [notice])] == [("cites", 1)]
    table = ("经研究，决定对附件所列1件行政规范性文件予以废止。\n附件：决定废止的县政府行政规范性文件目录\n"
             "序号\t文件名称\t文号\n1\t南湖县人民政府关于禁止燃放烟花爆竹的公告\t公告〔2019〕1号")
    repeal = _doc(3, "南湖县人民政府关于废止部分县政府行政规范性文件的决定", table, "南政发〔2024〕9号", gov, "2024-06-01")
    assert [(r.kind.value, r.target.id) for r in detect(repeal, [notice])] == [("repeals", 1)]


def test_a_reference_keying_nothing_is_dropped() -> None:
    # a number no key reads and no title: a DocKey("", "") would name no document (and every such
    # reference alike), so none is kept
    from policywatch.lineage.citations import Reference
    from policywatch.lineage.detect import Catalog, _target
    doc = _doc(1, "岚江市关于做好道路保洁的通知", "一、……", "岚城管〔2019〕3号", "岚江市城市管理局", "2019-03-01")
    assert _target(Reference(doc_number="第一号"), Catalog([]), doc) is None
    assert _target(Reference(title="岚江市道路保洁办法"), Catalog([]), doc) == (DocKey(title="岚江市道路保洁办法"), "title")


def test_an_organs_series_number_cited_in_its_organs_spelling_resolves() -> None:
    sat = "国家税务总局"
    old = _doc(1, "国家税务总局关于增值税发票管理等有关事项的公告", "一、……", "国家税务总局公告2019年第33号", sat, "2019-10-09")
    new = _doc(2, "岚江市税务局关于做好发票管理工作的通知", "严格执行国家税务总局公告2019年第33号有关规定。", "岚税发〔2024〕2号",
               "国家税务总局岚江市税务局", "2024-06-01")
    assert [(r.kind.value, r.target.id) for r in detect(new, [old])] == [("cites", 1)]


def test_a_run_on_link_to_a_file_not_stored_yet_ends_at_its_extension() -> None:
    # the graphic read before its policy: the link kept is the file's, so the policy, stored later, is it
    page = _doc(2, "一图读懂｜企业研发投入奖补新政来了", "相关文件：file:///d/i01.txt研发费用超过500万元的企业，最高可获300万元奖补。",
                url="file:///d/i03.txt")
    assert [(r.kind.value, r.target.url) for r in detect(page, [])] == [("interprets", "file:///d/i01.txt")]
