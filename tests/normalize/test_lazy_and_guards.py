"""Importing the normalizer is cheap, and every shortcut gives exactly what the plain rule gives.

The shortcuts (issue 15): patterns compiled on first use; markup re-applied only to the lines
the previous pass changed; page-number patterns tried only on lines that can end like one; the
chrome test only on lines made of chrome characters; the character rules only on a text that
holds one of their characters.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.normalize.furniture import (
    _DIGIT_END_RE,
    _PAGE_NUMBER_RE,
    is_boilerplate,
    is_page_furniture,
    is_page_number,
)
from policywatch.normalize.patterns import (
    LazyRegex,
    Rule,
    apply_all,
    apply_lines_until_stable,
)
from policywatch.normalize.rules import (
    BOILERPLATE_SEPARATORS,
    BOILERPLATE_TOKENS,
    CHAR_RULES,
    CHAR_RULES_ANY,
    CHROME_LINE_RULES,
    HAN,
    MARKUP_RULES,
    PRINTABLE_INVISIBLE_ANY,
    is_han,
)

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_normalizer_compiles_nothing_and_loads_no_other_stage() -> None:
    probe = (
        "import sys, re\n"
        "import policywatch\n"  # the package's own imports are not the normalizer's
        "before = set(sys.modules)\n"
        "re.purge()\n"
        "import policywatch.normalize as n\n"
        "from policywatch.normalize import rules, furniture, layout, width\n"
        "compiled = [name for module in (rules, furniture, layout, width) for name, value in vars(module).items()\n"
        "            if isinstance(value, re.Pattern)]\n"
        "lazy = [v for m in (rules, furniture, layout, width) for v in vars(m).values()\n"
        "        if type(v).__name__ == 'LazyRegex' and 'match' in vars(v)]\n"
        "new = sorted(set(sys.modules) - before)\n"
        "print(len(re._cache), len(compiled), len(lazy))\n"
        "print(' '.join(new))\n"
        "assert n.normalize_text('第一条 本办法 自2024年 起施行。').display\n"
        "print(sum(1 for m in (rules, furniture, layout, width) for v in vars(m).values()\n"
        "          if type(v).__name__ == 'LazyRegex' and 'match' in vars(v)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True,
                         timeout=120).stdout.split("\n")
    assert out[0] == "0 0 0"  # nothing compiled at import
    loaded = set(out[1].split())
    assert not loaded & {"policywatch.model", "policywatch.grammar", "dataclasses", "hashlib", "typing"}, loaded
    assert int(out[2]) > 0  # and the patterns do compile once used


def test_a_lazy_regex_acts_as_its_pattern() -> None:
    lazy = LazyRegex(lambda: r"(\d+)号")
    assert lazy.search("国发〔2019〕5号").group(1) == "5"
    assert lazy.sub("N号", "3号和4号") == "N号和N号"
    assert lazy.pattern == r"(\d+)号"
    rule = Rule("r", "a+", "b", "a reason long enough")
    assert rule.apply("caaat") == "cbt" and rule.with_pattern("t").apply("caaat") == "caaab"


MARKUP_ALPHABET = "*_<>/ub【】[]()#- 浏览次数：12\nhttp:/a中文"


def apply_until_stable(rules: tuple[Rule, ...], text: str, limit: int = 4) -> str:
    """The reference: whole-text passes until nothing changes (as the normalizer once did)."""
    for _ in range(limit):
        new = apply_all(rules, text)
        if new == text:
            break
        text = new
    return text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=MARKUP_ALPHABET.replace("\n", ""), max_size=24), max_size=6))
def test_markup_on_changed_lines_only_equals_passes_over_the_whole_text(lines: list[str]) -> None:
    whole = apply_until_stable(MARKUP_RULES, "\n".join(lines)).split("\n") if lines else []
    assert apply_lines_until_stable(MARKUP_RULES, lines) == whole


FURNITURE_ALPHABET = "0123456789０１页第共/ -－—–―\t.．…·。Pp ageof\n中x٣"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=FURNITURE_ALPHABET, max_size=14))
def test_page_furniture_shortcut_equals_the_patterns(line: str) -> None:
    number = _PAGE_NUMBER_RE.match(line) is not None
    assert is_page_number(line) == number
    assert is_page_furniture(line) == (number or (line[-1:].isdigit() and _DIGIT_END_RE.match(line) is not None))


CHROME_ALPHABET = "".join(sorted(set("".join(BOILERPLATE_TOKENS)))) + " 【】[]|/、:：·()<>首页当前位置>政策文件。x"
_CHROME_RE = re.compile("|".join(f"(?:{rule.pattern})" for rule in CHROME_LINE_RULES))


def _plain_is_boilerplate(line: str) -> bool:
    rest = line
    for token in sorted(BOILERPLATE_TOKENS, key=len, reverse=True):
        if token in rest:
            rest = rest.replace(token, " ")
    if "首页" in line and _CHROME_RE.match(line):
        return True
    return rest != line and not BOILERPLATE_SEPARATORS.sub("", rest)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*BOILERPLATE_TOKENS, " ", "|", "。", "x", "首页", ">", "政策"]), max_size=6).map("".join)
       | st.text(alphabet=CHROME_ALPHABET, max_size=20))
def test_chrome_shortcut_equals_the_token_test(line: str) -> None:
    assert is_boilerplate(line) == _plain_is_boilerplate(line)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a中\r\n\f\v\x85\u2028\x00\x1f\x7f\ufeff\u200b\u00ad\u00a0\u2003\u3000 ", max_size=30)
       | st.text(max_size=30))
def test_character_rules_are_skipped_only_when_none_applies(text: str) -> None:
    if CHAR_RULES_ANY.search(text) is None:
        assert apply_all(CHAR_RULES, text) == text


def test_every_character_a_character_rule_changes_is_unprintable() -> None:
    # core._char_rules_apply searches only lines that str.isprintable() rejects; the variation
    # selectors it passes are searched for on their own (core._paragraphs)
    for code in range(0x110000):
        char = chr(code)
        if CHAR_RULES_ANY.search(char):
            assert not char.isprintable() or PRINTABLE_INVISIBLE_ANY.search(char), hex(code)


def test_is_han_equals_its_regex_class() -> None:
    han = re.compile(f"[{HAN}]")
    for code in range(0x10000):
        char = chr(code)
        assert is_han(char) == bool(han.fullmatch(char)), hex(code)


def _join_cut_numbers_reference(lines: list[str]) -> list[str]:
    """join_cut_numbers as first written: every test asked again for every line."""
    from policywatch.normalize.furniture import is_page_number
    from policywatch.normalize.layout import _DIGITS, _cuts_a_url, cuts_a_number, glue

    out: list[str] = []
    for line in lines:
        if out and (cuts_a_number(out[-1], line) or _cuts_a_url(out[-1], line)):
            out[-1] = glue(out[-1].rstrip(), line.strip())
        elif out and line[:1] not in _DIGITS and cuts_a_number(out[-1], "0") and is_page_number(line.strip()):
            continue
        else:
            out.append(line)
    return out


_PIECES = ("国办发〔20", "2", "2〕12号", "（咨询电话：618", "53）", "— 3 —", "第3页", "http://www.a.cn/li",
           "nk?url=x", "\tab", "\u3000x", "中文。", "", "12", "(2019", "】")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(alphabet="〔（(【[]）)〕12３ -—页第http:/.?=中。\t\u3000",
                                                   max_size=12), max_size=8))
def test_join_cut_numbers_keeps_its_reference_result(lines: list[str]) -> None:
    from policywatch.normalize.layout import join_cut_numbers

    assert join_cut_numbers(lines) == _join_cut_numbers_reference(lines)
    assert join_cut_numbers(["国办发〔20", "2", "2〕12号"]) == ["国办发〔2022〕12号"]


_MARKERISH = "第一二三十百千两零〇0129０ \t　部分篇编分章节条之件款例规定的至、，,.．（()）①⑴专栏附件图表录：:——●中文。"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_MARKERISH, max_size=14))
def test_marker_pattern_with_the_statute_prefix_factored_matches_as_the_grammar_does(line: str) -> None:
    from policywatch.grammar import FAMILIES, MARKER_ALTERNATION
    from policywatch.normalize.rules import MARKER_RE

    # every family's own pattern, one after another: the grammar writes the statute head once
    per_family = "|".join(re.sub(r"\(\?P<\w+>", "(?:", family.pattern) for family in FAMILIES)
    assert per_family != MARKER_ALTERNATION  # the shortcut applies
    plain = re.compile(rf"^(?:{per_family}|专栏|附件|图[ \t]*\d)").match(line)
    factored = MARKER_RE.match(line)
    assert (plain and plain.group()) == (factored and factored.group()), line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab【[]](<", max_size=60), st.sampled_from(["【[", "](", "<", "a", "[]", "[[[", "ab"]))
def test_holds_is_a_substring_test(text: str, needed: str) -> None:
    from policywatch.normalize.patterns import holds

    assert holds(text, needed) == (needed in text)
    assert holds("x" * 20 + "[" * 12 + "[]", "[]")  # found past the first few starts too


def test_doubled_punctuation_is_the_last_spacing_rule() -> None:
    # core._respace applies it to all text lines after the others went over the spaced ones
    from policywatch.normalize.rules import SPACING_RULES

    assert SPACING_RULES[-1].name == "doubled-punct"
    assert sum(rule.name == "doubled-punct" for rule in SPACING_RULES) == 1


def test_title_end_max_covers_the_longest_title_end() -> None:
    # layout searches TITLE_END_RE only in a paragraph's last TITLE_END_MAX characters
    from policywatch.normalize.rules import TITLE_END_MAX, TITLE_END_RE

    longest = "意见（" + "注" * 20 + "）》\n"  # a word, a note of 20 in brackets, 》, a final line end
    assert TITLE_END_RE.search(longest).start() == 0
    assert len(longest) == TITLE_END_MAX


def _open_tail_reference(text: str) -> bool:
    """_open_parenthesis_tail as first written: the last opener, no closer nor sentence mark after it."""
    for opening, closing in (("(（", ")）"), ("“", "”")):
        opened = max(map(text.rfind, opening))
        if opened >= 0 and max(map(text.rfind, closing)) < opened and not re.search("[。；;！？!?]", text[opened:]):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="(（)）“”。；;！？!?中a\n ", max_size=20))
def test_open_parenthesis_tail_equals_its_reference(text: str) -> None:
    from policywatch.normalize.layout import _open_parenthesis_tail

    assert _open_parenthesis_tail(text) == _open_tail_reference(text)
