"""The tree BeautifulSoup's lxml builder makes, made with less Python per element.

bs4 turns each of lxml's parse events into a chain of general-purpose calls (namespace
bookkeeping, a Tag.__init__ that consults the builder a dozen times, an endData per start and
two per end tag): on a page of 300,000 paragraphs that chain was over half of extraction's CPU
while lxml itself parsed the page in a tenth of a second. FastLXMLBuilder keeps bs4's parser,
feed and encoding handling and takes the common events (an element without namespaces, its
text, its end) by a short path that sets the very same fields; anything else (a namespace in
play, an end tag that closes more than the innermost element) goes to bs4's own code.
tests/test_extract_soup.py compares every field of every node against bs4's tree, so a bs4
release that changes what a node holds fails there, not in an extraction.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder import LXMLTreeBuilder

__all__ = ["FastLXMLBuilder", "parse"]


def parse(text: str) -> BeautifulSoup:
    """BeautifulSoup(text, "lxml"), node for node, built by FastLXMLBuilder."""
    return BeautifulSoup(text, builder=FastLXMLBuilder())


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
