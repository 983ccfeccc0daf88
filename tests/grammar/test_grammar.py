"""The clause grammar library: numerals both ways, statute markers, reference words, dates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policywatch.grammar import (
    Address,
    display_path,
    format_address,
    format_chinese,
    match_marker,
    paragraph_label,
    parse_address,
    parse_chinese,
    parse_date,
    parse_number,
)
from policywatch.grammar.references import find_addresses, path_labels


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese(format_chinese(n)) == n


@given(st.integers(min_value=1, max_value=10**10))
def test_chinese_numerals_round_trip_past_ten_thousand(n: int) -> None:
    # a code past 第九千九百九十九条: format_chinese writes 万 / 亿 groups, which parse back
    assert parse_chinese(format_chinese(n)) == n


def test_article_numbers_past_ten_thousand_are_articles() -> None:
    from policywatch.diffing import segment

    text = "某法\n第九千九百九十九条 甲。\n第一万条 乙。\n第一万零一条 丙。\n第一万二千三百零五条之一 丁。"
    labels = [c.label for c in segment(text).clauses]
    assert labels[-4:] == ["第九千九百九十九条", "第一万条", "第一万零一条", "第一万二千三百零五条之一"]
    assert parse_address("第一万零一条第二款") == Address(article=10001, paragraph=2)


@given(st.integers(min_value=10**10, max_value=10**40))
def test_every_number_the_writer_writes_the_reader_reads(n: int) -> None:
    # 10^12 was written 一万亿, which the reader refused: a renumbered label it could not read back
    written = format_chinese(n)
    assert parse_chinese(written) == n
    import re

    from policywatch.grammar.numerals import CN_STATUTE_NUM
    assert re.fullmatch(CN_STATUTE_NUM, written)


@pytest.mark.parametrize(("written", "value"), [("一万亿", 10**12), ("一亿亿", 10**16), ("一万二千亿", 12 * 10**11),
                                                ("一亿零一十五", 100000015), ("九千九百九十九亿", 999900000000)])
def test_yi_groups_multiply_what_stands_before_them(written: str, value: int) -> None:
    assert parse_chinese(written) == value


@pytest.mark.parametrize("written", ["一万一万", "一万二亿", "十万万", "一亿一亿", "万", "亿一", "一万零一万", "",
                                     "一万二", "一亿一千"])
def test_groups_out_of_order_or_repeated_are_no_numeral(written: str) -> None:
    # 一万一万 read as 二万, 一万二亿 as 1000200000000: groups come 亿, 万, units, once each
    with pytest.raises(ValueError):
        parse_chinese(written)


@given(st.text(alphabet="一二十百千零万亿", max_size=12))
def test_the_statute_number_pattern_and_the_parser_agree(text: str) -> None:
    # what a label's pattern accepts always parses, and what it refuses never does (第十万万条
    # matched, then raised out of amend)
    import re

    from policywatch.grammar.numerals import CN_STATUTE_NUM, CN_STATUTE_ORDINAL

    try:
        parse_chinese(text)
        parsed = True
    except ValueError:
        parsed = False
    assert parsed == bool(re.fullmatch(CN_STATUTE_NUM, text))
    if re.fullmatch(CN_STATUTE_ORDINAL, text):
        assert parsed


def test_a_line_of_a_thousand_groups_is_no_article_and_no_crash() -> None:
    from policywatch.diffing import compare, segment

    hostile = "某法\n第一条　xx\n第" + "一万" * 1000 + "条　yy\n第二条　zz"
    labels = [c.label for c in segment(hostile).clauses]
    assert labels == ["序", "第一条", "第二条"]
    assert [c.label for c in segment("某法\n第一条　xx\n第一万一万条　yy").clauses] == ["序", "第一条"]
    compare(segment("某法\n第一条　xx\n第二条　zz"), segment(hostile))  # no RecursionError


@pytest.mark.parametrize(("written", "value"), [
    ("一万零一", 10001), ("十二万", 120000), ("一万二千三百", 12300), ("一亿零一万", 100010000),
    ("一百零三", 103), ("两", 2), ("二〇一八", 2018), ("二○○八", 2008), ("一千零五", 1005), ("九十九", 99), ("十", 10),
    ("１2", 12), ("３", 3),
])
def test_numeral_forms(written: str, value: int) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize(("line", "family", "label", "sub"), [
    ("第一百三十四条之一 以暴力、威胁方法", "article", "第一百三十四条之一", 1),
    ("第五条之二", "article", "第五条之二", 2),
    ("第一编 总则", "book", "第一编", 0),
    ("第三分编 准合同", "subbook", "第三分编", 0),
    ("附件一 名称", "annex", "附件1", 0),
    ("附件2：评分表", "annex", "附件2", 0),
    ("附表 土地利用现状分类", "annex", "附表", 0),
    ("附录A", None, None, 0),
    ("第十条之规定", None, None, 0),
    ("第三十五条第二款规定的", None, None, 0),
    # Arabic article numbers past 999 (民法典 reaches 第1260条), bounded at four digits
    ("第1000条 本法所称", "article", "第一千条", 0),
    ("第１２６０条 本法自", "article", "第一千二百六十条", 0),
    ("第12345条 本法所称", None, None, 0),
    ("第2023年 工作要点", None, None, 0),
    ("第2023号 通知", None, None, 0),
])
def test_statute_markers(line: str, family: str | None, label: str | None, sub: int) -> None:
    m = match_marker(line)
    if family is None:
        assert m is None or m.family != "article"
        return
    assert m is not None and (m.family, m.label, m.sub) == (family, label, sub)


def test_annex_words_need_a_number_a_colon_or_a_blank() -> None:
    assert match_marker("附件省重点技术清单") is None
    assert match_marker("附件 省重点技术清单") is None  # a sentence starting with 附件
    assert match_marker("附件：1. 省新一代").number is None  # the list of annex titles


def test_reference_words_parse_and_format_back() -> None:
    a = parse_address("第三十五条第二款第（三）项")
    assert a == Address(article=35, paragraph=2, item=3)
    assert format_address(a) == "第三十五条第二款第（三）项"
    assert path_labels(a) == ("第三十五条", "第二款", "（三）")
    b = parse_address("第一百三十四条之一")
    assert (b.article, b.article_sub) == (134, 1) and format_address(b) == "第一百三十四条之一"
    assert path_labels(Address(article=3, paragraph=1, item=2)) == ("第三条", "（二）")
    assert parse_address("第二章第十条") == Address(chapter=2, article=10)
    assert parse_address("本办法") is None
    assert parse_address("第1001条第二款") == Address(article=1001, paragraph=2)


def test_references_inside_an_amendment_instruction() -> None:
    found = [format_address(a) for _, _, a in find_addresses("将第十条第二款修改为：在第五条后增加一条，作为第五条之一：")]
    assert found == ["第十条第二款", "第五条", "第五条之一"]


def test_display_path_cites_like_a_reader() -> None:
    assert display_path("第三章/第三十五条/第二款/（三）") == "第三十五条第二款第（三）项"
    assert display_path("第三章/第三十五条/（三）/1") == "第三十五条第（三）项第1目"
    assert display_path("三/（二）/2") == "三/（二）/2"


def test_a_latin_item_is_cited_as_written() -> None:
    """`a)` items (a 澳門 法令: `第二條——a)…`, cited `第2條b)項` by its courts) and `(b)` items
    are cited with their letter as written, never as an ordinal `第（a）项`."""
    assert display_path("第二条/a）") == "第二条a）项"
    assert display_path("第五条/第二款/（b）") == "第五条第二款（b）项"
    assert display_path("第五条/（b）/1") == "第五条（b）项第1目"


def test_a_half_bracket_digit_item_is_cited_as_written() -> None:
    """`1）` items are labelled as written (widths folded) and cited so, with 第 as any numbered
    项: `第二条第1）项`, never `第（1）项` (a reader looking for `（1）` does not find it)."""
    assert display_path("第二条/1）") == "第二条第1）项"
    assert display_path("第五条/第二款/12）") == "第五条第二款第12）项"
    assert display_path("第五条/（一）/1）") == "第五条第（一）项/1）"
    assert display_path("一/（二）/1）") == "一/（二）/1）"


@pytest.mark.parametrize(("text", "iso"), [
    ("2018 年 5 月 11 日", "2018-05-11"), ("二〇一八年五月十一日", "2018-05-11"), ("２０２４.1.2", "2024-01-02"),
    ("2013年12月28日第十二届全国人民代表大会常务委员会第六次会议通过", "2013-12-28"), ("无日期", ""),
])
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_helpers_for_other_modules() -> None:
    import re

    from policywatch.grammar import MARKER_ALTERNATION, starts_clause, strip_marker

    line_start = re.compile(f"^(?:{MARKER_ALTERNATION})")
    assert line_start.match("第五条之一 国家鼓励") and line_start.match("（三）加强") and line_start.match("——产业")
    assert not line_start.match("69.html") and not line_start.match("2.3万个")
    assert starts_clause("一、总体要求", frozenset({"cn"})) and not starts_clause("一、总体要求", frozenset({"pcn"}))
    assert strip_marker("（三） 加强保障") == "加强保障" and strip_marker("——产业") == "——产业"


def test_a_marker_at_a_position_is_the_bare_grammar_there() -> None:
    """match_marker(line, pos) (one pattern with an optional Markdown/blank prefix) finds a marker
    exactly where the bare family alternation matches at pos, with the same extent."""
    import random
    import re

    from policywatch.grammar import FAMILIES, SPACES, match_marker

    bare = re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z]>', '(?:', f.pattern)})" for f in FAMILIES))
    pieces = ["第三条", "一、", "（一）", "(2)", "3.", "①", "⑴", "㈠", "——", "●", "专栏1", "附件2：", "附件：",
              " ", "\u3000", "#", "## ", "- ", "* ", "+", "发展", "。", "2025", "第四部分。"]
    rng = random.Random(11)
    for _ in range(20_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        pos = rng.randint(0, len(line))
        m, ref = match_marker(line, pos), bare.match(line, pos)
        if ref is None:
            assert m is None, (line, pos)
        elif m is not None:  # (None when the numeral does not parse)
            blanks = len(line[ref.end():]) - len(line[ref.end():].lstrip(SPACES))
            assert (m.start, m.body_start) == (pos, ref.end() + blanks), (line, pos)


def test_a_marker_is_read_as_the_first_family_pattern_that_matches() -> None:
    """match_marker() finds the family with one pattern whose alternatives hold no groups, then
    reads the numeral with the family's own pattern: family and number are those of the first
    row of FAMILIES whose pattern matches where the marker starts (None only when its numeral
    does not parse)."""
    import random
    import re

    from policywatch.grammar import FAMILIES, content_start, match_marker

    patterns = [(f, re.compile(f.pattern)) for f in FAMILIES]
    pieces = ["第三条", "第五条之一", "第二章", "第十二节。", "一、", "两、", "十二，", "（一）", "(2)", "3.", "１２）",
              "①", "⑴", "⒈", "㈠", "㉑", "——", "●", "专栏1", "附件2：", "附件：", "附表", "附录 ", " ", "\u3000",
              "## ", "- ", "发展", "。", "2025", "第四部分", "规定"]
    rng = random.Random(12)
    for _ in range(20_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
        start = content_start(line)
        ref = next(((f, g) for f, p in patterns if (g := p.match(line, start)) is not None), None)
        m = match_marker(line)
        if ref is None:
            assert m is None, line
            continue
        family, groups = ref[0], ref[1].groupdict()
        if m is None:
            with pytest.raises(ValueError):
                family.parse(groups["n"])
            continue
        assert (m.family, m.start) == (family.name, start), line
        if groups.get("n") is not None:
            assert m.number == family.parse(groups["n"]), line


def test_numeral_fragments_match_what_their_plain_forms_match() -> None:
    """CN_ORDINAL and AR_NUM open with one character class (see numerals.py); they match what
    their plain forms match, and the same span first, whatever follows them."""
    import random
    import re

    from policywatch.grammar.numerals import AR_NUM, CN_ORDINAL

    # the units forms of a run, written out: each unit once, each smaller than the one before
    d, z = "[一二三四五六七八九两]", "[零〇]"
    after_bai = f"(?:{z}?{d}?十)?(?:{z}?{d})?"
    after_qian = f"(?:{z}?{d}百)?{after_bai}"
    plain = {CN_ORDINAL: f"(?:{d}?千{after_qian}|{d}?百{after_bai}|{d}?十{d}?|{d})",
             AR_NUM: "[0-9０-９]{1,3}"}
    rng = random.Random(13)
    for _ in range(5_000):
        text = "".join(rng.choice("一二三十百千零〇两五九、）12３x ") for _ in range(rng.randint(0, 8)))
        for fragment, reference in plain.items():
            for after in ("", r"\s*[、）]", "$", "[一二十]"):
                ours, theirs = re.match(f"(?:{fragment}){after}", text), re.match(f"(?:{reference}){after}", text)
                assert (ours and ours.span()) == (theirs and theirs.span()), (text, after)


@pytest.mark.parametrize(("n", "written"), [
    (9999, "九千九百九十九"), (10000, "一万"), (10001, "一万零一"), (10015, "一万零一十五"), (10100, "一万零一百"),
    (12345, "一万二千三百四十五"), (120000, "十二万"), (100000001, "一亿零一"),
    (123456789, "一亿二千三百四十五万六千七百八十九"),
])
def test_numbers_from_ten_thousand_on_are_written_in_groups(n: int, written: str) -> None:
    assert format_chinese(n) == written
    assert paragraph_label(n) == f"第{written}款"  # a 10,000th 款 (a damaged file) is labelled, not a crash


@pytest.mark.parametrize("written", ["九千九千", "一万九千九千", "十十", "三百千", "一百一百", "十一十", "一亿零九千九千万"])
def test_units_repeated_or_out_of_order_are_no_numeral(written: str) -> None:
    # 九千九千 was read as 18000 (一万九千九千 as 28000): each unit is written once, each smaller
    # than the one before, in a group's run as alone; the label patterns refuse what the reader does
    import re

    from policywatch.grammar.numerals import CN_NUM, CN_STATUTE_NUM, CN_STATUTE_ORDINAL

    with pytest.raises(ValueError):
        parse_chinese(written)
    assert not any(re.fullmatch(p, written) for p in (CN_NUM, CN_STATUTE_NUM, CN_STATUTE_ORDINAL))


@pytest.mark.parametrize(("written", "value"), [("一万九千", 19000), ("九千零九", 9009), ("两千", 2000),
                                                ("九千九百九十九", 9999), ("一千零一十", 1010), ("二〇二四", 2024)])
def test_well_formed_runs_still_read(written: str, value: int) -> None:
    assert parse_chinese(written) == value


def test_a_label_with_a_repeated_unit_is_no_article() -> None:
    from policywatch.diffing import segment

    # it was 第一万八千条; now the line goes on the article before it, as any line without a label
    labels = [c.label for c in segment("某法\n第九千九百九十九条 甲。\n第九千九千条 乙。\n第一万条 丙。").clauses]
    assert labels[1:] == ["第九千九百九十九条", "第二款", "第一万条"]


@pytest.mark.parametrize(("written", "value"), [("一千零十五", 1015), ("一千零十", 1010), ("一百零十", 110),
                                                ("一万零十五", 10015), ("一千零五十", 1050)])
def test_a_ten_after_zero_is_one_ten(written: str, value: int) -> None:
    # a 零 only marks a skipped place, so the bare 十 after it is 一十: 一千零十五 was read as 1005
    # (its 十 multiplied by the 零), and 第一千零十五条 labelled 第一千零五条
    from policywatch.diffing import segment

    assert parse_chinese(written) == value
    labels = [c.label for c in segment(f"某法\n第{written}条 甲。\n").clauses]
    assert labels[1:] == [f"第{format_chinese(value)}条"]
