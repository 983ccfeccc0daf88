from __future__ import annotations

from bs4 import BeautifulSoup

from policywatch.model import ChangeKind, ChangeSet, ClauseChange, FactChange, InlineOp, MetadataChange
from policywatch.reports import render_diff_html
from tests.reports.fakes import MARKUP_V1, MARKUP_V2, compare, nanjing_v2, seed, segment


def test_standalone_page_is_self_contained_and_escapes_text():
    old, new = segment(MARKUP_V1), segment(MARKUP_V2)
    cs = compare(old, new, old_label="旧.docx", new_label="新.docx",
                 facts={"二": (FactChange("amount", "1000万元", "500万元", "最高资助", "二"),)},
                 metadata_changes=(MetadataChange("title", "旧标题", "新标题<i>"),))
    html = render_diff_html(cs, title="关于<script>规范</script>数据标注的通知")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == [] and soup.find_all("link", rel="stylesheet") == []
    assert soup.style is not None and ".diff" in soup.style.get_text()
    assert soup.title.get_text() == "新旧对照：关于<script>规范</script>数据标注的通知"
    assert [li.get_text(" ", strip=True) for li in soup.select(".facts li")] == ["二 最高资助 1000万元 → 500万元"]
    assert soup.select_one(".metadata-changes ins").get_text() == "新标题<i>"
    row = soup.find(id="二")
    assert row.select_one(".cell.old del").get_text() == "10"
    assert "<img src=x onerror=alert(1)>" in row.select_one(".cell.new").get_text()
    assert soup.find_all("img") == []
    headers = [c.get_text() for c in soup.select(".diff-cols .cell")]
    assert headers == ["原文（旧.docx）", "新文（新.docx）"]


def test_with_trees_unchanged_clauses_are_folded():
    text = seed("003")
    old, new = segment(text), segment(nanjing_v2(text))
    soup = BeautifulSoup(render_diff_html(compare(old, new), old_tree=old, new_tree=new), "html.parser")
    folds = soup.select("details.fold")
    assert sum(len(f.select(".row")) for f in folds) > 20
    assert all(r.find_parent("details") is None for r in soup.select(".row:not(.kind-unchanged)"))


def test_renumbered_moved_split_rows():
    cs = ChangeSet(changes=(
        ClauseChange(ChangeKind.RENUMBERED, "第五条", "第六条", "第五条 申报材料。", "第六条 申报材料。"),
        ClauseChange(ChangeKind.MOVED, "二/3", "四/1", "3.推动数据开放。", "1.推动数据开放。"),
        ClauseChange(ChangeKind.SPLIT, "三/2", "三/2", "2.甲。乙。", "2.甲。",
                     inline=(InlineOp("equal", "2.甲。"), InlineOp("delete", "乙。")), moves=(("三/2", "三/3"),)),
    ), old_label="v1", new_label="v2")
    soup = BeautifulSoup(render_diff_html(cs, lang="en"), "html.parser")
    assert soup.html["lang"] == "en"
    notes = [n.get_text() for n in soup.select(".row-head .note")]
    assert notes == ["renumbered 第五条 → 第六条", "moved from 二 › 3 to 四 › 1", "split into 三 › 3"]
    assert [b.get_text() for b in soup.select(".row-head .badge")] == ["renumbered", "moved", "split"]
    assert soup.find(id="第六条") and soup.find(id="四-1") and soup.find(id="三-2")


def test_terms_replaced_throughout_are_listed_once_with_links_to_their_clauses():
    from policywatch.diffing import diff_texts

    old = "\n".join(f"第{n}条 对低收入家庭<b>第{n}项</b>给予补助。" for n in "一二三")
    cs = diff_texts(old, old.replace("低收入家庭", "困难家庭"))
    soup = BeautifulSoup(render_diff_html(cs, title="办法"), "html.parser")
    (item,) = soup.select(".replacements li")
    assert (item.select_one("del").get_text(), item.select_one("ins").get_text()) == ("低收入家庭", "困难家庭")
    links = [a["href"][1:] for a in item.select("a")]
    assert links == ["第一条", "第二条", "第三条"]
    assert all(soup.find(id=target) is not None for target in links)  # each link lands on its row
    assert "3 处" in item.get_text()
