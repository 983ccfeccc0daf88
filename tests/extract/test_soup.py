"""extract.soup builds, node for node and field for field, the tree BeautifulSoup(text, "lxml")
builds: every page's extraction depends on it, and the short paths copy bs4's internals, so a
bs4 release that changes them must fail here rather than change what a page extracts to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from policywatch.extract import soup as soup_module
from policywatch.extract.soup import fast_builder_matches, parse, tree_fields
from tests.tablepage import table_page

# markup that takes bs4's own paths (namespaces, end tags closing several elements) or a special
# string or element kind, next to the plain elements the short paths build
TRICKY = {
    "plain": "<html><head><title>名册</title></head><body><div class='TRS_Editor a  b'><p>第1段</p><p>第2段</p></div></body></html>",
    "whitespace": "<body>\n  <p> a </p>\n\n<p>\t</p> <span>x</span> <span>y</span>\r\n<pre>  \n keep  </pre><textarea> \n </textarea></body>",
    "unclosed": "<body><div><p>one<p>two<b>bold<i>both</b>after</i><table><tr><td>1<td>2<tr><td>3</table></div>",
    "stray ends": "<body></span><p>a</div>b</p></p><ul><li>x<li>y</ul></body></html></html>",
    "strings": "<!DOCTYPE html><!-- c1 --><html><head><script>var a = '<p>';</script><style>p{}</style>"
               "<template><p>t</p></template></head><body><?php echo 1 ?><![CDATA[x]]><!--c2--><ruby>漢<rt>kan</rt><rp>(</rp></ruby></body></html>",
    "meta": "<html><head><meta charset='gbk'><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            "<meta name='ArticleTitle' content='关于印发的通知'></head><body><a href='/a.pdf' rel='x y' class=''>附件</a></body></html>",
    "namespaces": "<html xmlns='http://www.w3.org/1999/xhtml' xmlns:o='urn:schemas-microsoft-com:office:office'><body>"
                  "<o:p>word</o:p><svg xmlns='http://www.w3.org/2000/svg'><circle r='1'/></svg><p xml:lang='zh'>x</p></body></html>",
    "nested": "<body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "</body>",
    "void": "<body><p>a<br>b<br/>c<img src='x.png' alt='有效'><hr><input value='1'></p></body>",
    "entities": "<body><p>&nbsp;&lt;&amp;&#12345;&copy;&unknown;</p></body>",
    "fragment": "just text <b>and bold",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_markup_gives_bs4s_tree(name: str) -> None:
    text = TRICKY[name]
    assert tree_fields(parse(text)) == tree_fields(BeautifulSoup(text, "lxml"))


def test_the_short_paths_build_bs4s_tree_with_the_bs4_pyproject_allows() -> None:
    """With the bs4 installed (pyproject bounds it), parses take the short paths, not the fallback."""
    assert fast_builder_matches()
    assert isinstance(parse("<p>x</p>").builder, soup_module.FastLXMLBuilder)


def test_a_bs4_whose_nodes_differ_from_the_copy_is_parsed_by_its_own_builder(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A bs4 release whose Tag holds a field the short paths do not set: the probe finds it, every
    parse takes bs4's builder (the page's tree is bs4's, field for field) and a warning says so."""
    original = Tag.__init__

    def init_with_a_new_field(self: Tag, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.new_field = "from a later bs4"

    monkeypatch.setattr(Tag, "__init__", init_with_a_new_field)
    fast_builder_matches.cache_clear()
    try:
        assert not fast_builder_matches()
        page = TRICKY["plain"]
        tree = parse(page)
        assert not isinstance(tree.builder, soup_module.FastLXMLBuilder)
        assert tree.find("p").new_field == "from a later bs4"
        assert tree_fields(tree) == tree_fields(BeautifulSoup(page, "lxml"))
        assert "parsed by bs4's own lxml builder" in caplog.text
    finally:
        fast_builder_matches.cache_clear()


def test_the_sample_sites_and_a_table_page_give_bs4s_trees() -> None:
    pages = sorted((Path(__file__).parent.parent / "data").rglob("*.htm*"))
    assert pages
    texts = [page.read_bytes().decode("utf-8", "replace") for page in pages] + [table_page(200, "gbk").decode("gbk")]
    for text in texts:
        assert tree_fields(parse(text)) == tree_fields(BeautifulSoup(text, "lxml"))


def test_elements_under_cuts_each_elements_run_from_the_pages_list() -> None:
    from policywatch.extract.html import elements, elements_under, parse_html

    pages = sorted((Path(__file__).parent.parent / "data").rglob("*.htm*"))
    for text in [page.read_bytes().decode("utf-8", "replace") for page in pages] + list(TRICKY.values()):
        soup = parse_html(text)
        tags = elements(soup)
        for root in [soup, *tags]:
            under, walked = elements_under(tags, root), elements(root)
            assert len(under) == len(walked) and all(a is b for a, b in zip(under, walked, strict=True))


def test_labels_are_read_alike_whatever_ends_the_lines() -> None:
    from policywatch.extract.metadata import from_labels

    rows = ["索引号：11320100MB1234567X/2024-00123", "发文字号", "宁财预〔2024〕45号", "成文日期\t发布机构\t有效性",
            "2024-01-05\t南京市财政局\t有效", "正文第一段。"] * 2
    found = {end: from_labels(end.join(rows)) for end in ("\n", "\r\n", "\u2028")}
    assert found["\n"].doc_number == "宁财预〔2024〕45号" and found["\n"].issuer == "南京市财政局"
    assert found["\n"] == found["\r\n"] == found["\u2028"]
