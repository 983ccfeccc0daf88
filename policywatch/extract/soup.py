"""The tree BeautifulSoup's lxml builder makes, made with less Python per element.

bs4 turns each of lxml's parse events into a chain of general-purpose calls (namespace
bookkeeping, a Tag.__init__ that consults the builder a dozen times, an endData per start and
two per end tag): on a page of 300,000 paragraphs that chain was over half of extraction's CPU
while lxml itself parsed the page in a tenth of a second. FastLXMLBuilder keeps bs4's parser,
feed and encoding handling and takes the common events (an element without namespaces, its
text, its end) by a short path that sets the very same fields; anything else (a namespace in
play, an end tag that closes more than the innermost element) goes to bs4's own code.
Because the short paths copy bs4's internals, they are used only where they are known to build
bs4's own tree: the first parse of a process builds a small probe page (the node kinds and paths
pages hold) both ways and compares every field of every node (`tree_fields`); on any difference
(a bs4 release that changed what a node holds) every parse takes bs4's builder, slower and
right, and a warning says so. pyproject holds bs4 below the next release for the same reason;
tests/extract/test_soup.py compares whole pages' trees.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder import LXMLTreeBuilder, TreeBuilder

__all__ = ["FastLXMLBuilder", "fast_builder_matches", "parse", "release_tree", "tree_builder", "tree_fields"]

logger = logging.getLogger(__name__)

# a page with each kind of node and each path of FastLXMLBuilder: plain elements, attributes
# bs4 splits (class, rel), whitespace-only strings, <pre>, strings in script/style/template,
# comments, doctype, void elements, unclosed and stray end tags, namespaces, entities, <meta>
_PROBE = ("<!DOCTYPE html><!-- c --><html xmlns:o='urn:o'><head><meta charset='gbk'><title>名册</title>"
          "<script>var a = '<p>';</script><style>p{}</style><template><p>t</p></template></head>"
          "<body>\n  <div class='TRS_Editor a  b' id=x><p> 第1段 </p><p>\t</p><a href='/a.pdf' rel='x y'>附件</a>"
          "<pre>  \n keep </pre><o:p>word</o:p><p>a<br>b<img src='x.png' alt='有效'>&nbsp;&lt;&#12345;</p>"
          "<p>one<p>two<b>bold<i>both</b>after</i></span><table><tr><td>1<td>2</table></div></body></html>")
# the parser's own state: its builder is FastLXMLBuilder by design
_PARSER_STATE = frozenset({"builder", "tagStack", "currentTag", "_most_recent_element", "open_tag_counter"})
_LINKS = ("parent", "previous_element", "next_element", "previous_sibling", "next_sibling")


def parse(text: str) -> BeautifulSoup:
    """BeautifulSoup(text, "lxml"), node for node, built by tree_builder()'s builder."""
    return BeautifulSoup(text, builder=tree_builder())


def tree_builder() -> TreeBuilder:
    """A builder for one parse: FastLXMLBuilder where it builds bs4's own tree, else bs4's."""
    return FastLXMLBuilder() if fast_builder_matches() else LXMLTreeBuilder()


@cache
def fast_builder_matches() -> bool:
    """Whether FastLXMLBuilder builds, field for field, the tree bs4's lxml builder builds (the
    probe page, once per process)."""
    try:
        same = tree_fields(BeautifulSoup(_PROBE, builder=FastLXMLBuilder())) == tree_fields(BeautifulSoup(_PROBE, "lxml"))
    except Exception:  # an internal bs4 renamed or removed: take bs4's builder
        logger.exception("extract.soup: the short-path builder failed on its probe page")
        same = False
    if not same:
        logger.warning("extract.soup: this beautifulsoup4 builds its tree differently from the short-path "
                       "builder's copy; HTML pages are parsed by bs4's own lxml builder (slower, same text)")
    return same


def release_tree(soup: BeautifulSoup) -> None:
    """Unlink a tree no longer read so that reference counting frees it as it is dropped.

    Every node links back to its parent, the node before it and its previous sibling, so the
    whole tree is one cycle: only the cycle collector frees it, and a collection walks every node
    of it (and of everything else alive) before freeing any. Without the links back, what is left
    (contents, next_element, next_sibling) points only forward and frees itself. The caller must
    hold no node it still reads: the tree is no longer navigable upwards or backwards."""
    node = soup.contents[0] if soup.contents else None
    soup.contents = []
    while node is not None:
        following = node.next_element
        node.parent = node.previous_element = node.previous_sibling = None
        node = following


def tree_fields(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every node of the tree with every field it holds, links as positions in document order."""
    nodes = [soup, *soup.descendants]
    position = {id(node): i for i, node in enumerate(nodes)}
    rows = []
    for node in nodes:
        row: dict[str, Any] = {"type": type(node), "text": None if isinstance(node, Tag) else str(node)}
        for key, value in node.__dict__.items():
            if key in _LINKS:
                row[key] = None if value is None else position.get(id(value), "outside")
            elif key == "contents":
                row[key] = [position[id(child)] for child in value]
            elif key == "attrs":
                row[key] = [(name, type(v), v) for name, v in value.items()]
            elif key not in _PARSER_STATE:
                row[key] = (type(value), value)
        rows.append(row)
    return rows


class FastLXMLBuilder(LXMLTreeBuilder):
    """bs4's lxml HTML builder with short paths for plain start tags, text and end tags."""

    def initialize_soup(self, soup: BeautifulSoup) -> None:
        super().initialize_soup(soup)
        self._soup_class = soup.__class__
        # can_be_empty_element(), asked once per element: None says every element can be
        self._empty = self.empty_element_tags

    def start(self, tag: Any, attrib: Any, nsmap: Any = {}) -> None:  # noqa: B006 (lxml's signature, as bs4's)
        if nsmap or len(self.nsmaps) > 1 or tag[:1] == "{" or (attrib and any(k[:1] == "{" for k in attrib)):
            super().start(tag, attrib, nsmap)  # namespaces: bs4's bookkeeping
            return
        soup = self.soup
        assert soup is not None
        if soup.current_data:
            self._end_data(soup)
        parent = soup.currentTag
        assert parent is not None
        previous = soup._most_recent_element
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        attrs = self.attribute_dict_class(attrib) if attrib else self.attribute_dict_class()
        containers = self.string_containers
        element = Tag.__new__(Tag)
        # what Tag.__init__ sets with this builder (and setup() with this parent and previous
        # element), in its order: the fields are then kept inline, as bs4's own elements' are
        element.parser_class = self._soup_class
        element.name = tag
        element.namespace = None
        element._namespaces = self.active_namespace_prefixes[-1] or {}
        element.prefix = None
        element.sourceline = None
        element.sourcepos = None
        element.attribute_value_list_class = self.attribute_value_list_class
        element.attrs = self._replace_cdata_list_attribute_values(tag, attrs) if attrs else attrs
        element.known_xml = self.is_xml
        element.contents = []
        element.parent = parent
        element.previous_element = previous
        element.next_element = None
        element.next_sibling = None
        element.previous_sibling = before
        element.hidden = False
        element.can_be_empty_element = True if self._empty is None else tag in self._empty
        element.cdata_list_attributes = self.cdata_list_attributes
        element.preserve_whitespace_tags = self.preserve_whitespace_tags
        element.interesting_string_types = {containers[tag]} if tag in containers else Tag.MAIN_CONTENT_STRING_TYPES
        if previous is not None:
            previous.next_element = element
        if before is not None:
            before.next_sibling = element
        if tag == "meta":
            self.set_up_substitutions(element)
        # BeautifulSoup.handle_starttag's linking, then pushTag
        soup._most_recent_element = element
        siblings.append(element)
        soup.tagStack.append(element)
        soup.currentTag = element
        soup.open_tag_counter[tag] += 1
        if tag in self.preserve_whitespace_tags:
            soup.preserve_whitespace_tag_stack.append(element)
        if tag in containers:
            soup.string_container_stack.append(element)

    def data(self, data: Any) -> None:
        self.soup.current_data.append(data)  # type: ignore[union-attr]  # BeautifulSoup.handle_data

    def end(self, tag: Any) -> None:
        soup = self.soup
        assert soup is not None
        current = soup.currentTag
        if len(self.nsmaps) > 1 or current is None or current.name != tag or current.prefix is not None:
            super().end(tag)  # namespaces, or an end tag closing more than the innermost element
            return
        if soup.current_data:
            self._end_data(soup)
        # what _popToTag does when the innermost open element is the one closed: popTag
        stack = soup.tagStack
        stack.pop()
        soup.open_tag_counter[tag] -= 1
        if soup.preserve_whitespace_tag_stack and current is soup.preserve_whitespace_tag_stack[-1]:
            soup.preserve_whitespace_tag_stack.pop()
        if soup.string_container_stack and current is soup.string_container_stack[-1]:
            soup.string_container_stack.pop()
        soup.currentTag = stack[-1]

    def _end_data(self, soup: BeautifulSoup) -> None:
        """BeautifulSoup.endData for text inside an open element (no parse_only filter, no
        element_classes: FastLXMLBuilder's soup is made with neither)."""
        data = "".join(soup.current_data)
        soup.current_data = []
        if not soup.preserve_whitespace_tag_stack and not data.strip(soup.ASCII_SPACES):
            data = "\n" if "\n" in data else " "
        stack = soup.string_container_stack
        container = self.string_containers.get(stack[-1].name, NavigableString) if stack else NavigableString
        parent = soup.currentTag
        assert parent is not None
        previous = soup._most_recent_element
        siblings = parent.contents
        before = siblings[-1] if siblings else None
        string = str.__new__(container, data)
        # NavigableString.__new__ then object_was_parsed: the parent is still open, so nothing
        # after it is linked yet and its _linkage_fixer would change nothing. One dict: smaller
        # than the one six assignments grow (a str subclass's fields are not kept inline)
        string.__dict__ = {"hidden": False, "parent": parent, "previous_element": previous, "next_element": None,
                           "next_sibling": None, "previous_sibling": before}
        if previous is not None:
            previous.next_element = string
        if before is not None:
            before.next_sibling = string
        soup._most_recent_element = string
        siblings.append(string)
