"""Inline diffs: number/Latin-atomic tokens, per-character CJK, width noise invisible."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.diffing.inline import inline_diff, new_side, old_side, render_marked, tokenize


def test_traditional_units_stay_with_their_numbers_as_the_simplified_ones_do():
    # a 萬元 amount split off its unit read as `1000` → `500` beside an unchanged 萬元
    tokens = tokenize("給予最高1000萬元資助，總額2.5億元，建設3個項目，每日8小時")
    for atom in ("最高1000萬元", "2.5億元", "3個", "8小時"):
        assert atom in tokens, (atom, tokens)
    ops = inline_diff("給予最高1000萬元資助。", "給予最高500萬元資助。")
    assert render_marked(ops) == "給予[-最高1000萬元-]{+最高500萬元+}資助。"


def test_numbers_with_units_and_qualifiers_are_single_tokens():
    tokens = tokenize("给予最高1000万元资助，按投入的30%补助，到2025年争创1—2个平台，建设IPv6和5G网络")
    for atom in ("最高1000万元", "30%", "2025年", "1—2个", "IPv6", "5G"):
        assert atom in tokens
    assert "资" in tokens and "助" in tokens  # CJK stays per character


def test_changed_amount_reads_as_whole_amount():
    ops = inline_diff("给予最高1000万元资助。", "给予最高500万元资助。")
    assert render_marked(ops) == "给予[-最高1000万元-]{+最高500万元+}资助。"


def test_changed_phrase_reads_as_phrase_after_semantic_cleanup():
    old = "对新认定的国家工程实验室以及国家级重点实验室给予支持。"
    new = "对新认定的国家级重点实验室给予支持。"
    assert render_marked(inline_diff(old, new)) == "对新认定的国家[-工程实验室以及国家-]级重点实验室给予支持。"


def test_width_and_wrap_noise_is_not_an_edit():
    ops = inline_diff("坚持创新引领，到2025年，规模超过500亿元。", "坚持创新引领, 到２０２５年,规模超过500亿元。")
    assert [op.op for op in ops] == ["equal"]


def test_long_clause_with_many_edits_never_degrades_to_replacement():
    old = "。".join(f"第{i}项任务推进人工智能与实体经济深度融合" for i in range(400))
    new = old.replace("深度融合", "深度融合发展", 50)
    ops = inline_diff(old, new)
    assert sum(op.op == "insert" for op in ops) == 50
    assert not any(op.op == "delete" for op in ops)


_cjk = st.text(alphabet="人工智能产业发展最高万元亿年个家，。、（）()%0123456789 AIv", max_size=60)


@settings(max_examples=100, deadline=None)
@given(_cjk, _cjk)
def test_sides_rebuild_the_texts(a, b):
    ops = inline_diff(a, b)
    assert new_side(ops) == b
    fold = lambda s: "".join(s.split())  # noqa: E731
    if "（" not in a + b and "）" not in a + b:  # equal runs show the new side's width
        assert fold(old_side(ops)) == fold(a)


def test_a_changed_date_reads_as_whole_dates():
    ops = inline_diff("有效期至2025年12月31日。", "有效期至2027年12月31日。")
    assert render_marked(ops) == "有效期至[-2025年12月31日-]{+2027年12月31日+}。"


def test_spaced_tokens_are_tokenize_with_trailing_whitespace_attached() -> None:
    """The one-regex tokenizer of _encode() against tokenize() plus the whitespace rule."""
    import random

    from policywatch.diffing.inline import _SPACED_TOKEN

    def with_spaces(tokens: list[str]) -> list[str]:
        out: list[str] = []
        for token in tokens:
            if token.isspace() and out:
                out[-1] += token
            else:
                out.append(token)
        return out

    rng = random.Random(7)
    alphabet = ["最高", "不超过", "万元", "年", "月", "日", "%", "个", "以上", "（含）", "IPv", "5G", "AI+",
                "https://a.cn/x", "2025", "12", "1.5", "—", "至", " ", "\u3000", "\n", "\t", "，", "。", "发", "展", "①"]
    texts = ["给予最高1000万元资助，按投入的30%补助，到2025年争创1—2个平台", "  开头 空白\n\n末尾  "]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert _SPACED_TOKEN.findall(text) == with_spaces(tokenize(text)), text


def test_a_clause_longer_than_a_piece_is_diffed_in_pieces_to_the_same_edits(monkeypatch) -> None:
    from policywatch.diffing import inline

    old = "。".join(f"第{i}项任务推进人工智能与实体经济深度融合" for i in range(400))
    new = old.replace("深度融合", "深度融合发展", 50).replace("第7项", "第七项")
    whole = inline_diff(old, new)
    monkeypatch.setattr(inline, "PIECE_TOKENS", 500)  # ~18 pieces
    pieced = inline_diff(old, new)
    assert new_side(pieced) == new and old_side(pieced) == old
    assert render_marked(pieced) == render_marked(whole)  # edits in place: nothing lost at the cuts


@settings(max_examples=60, deadline=None)
@given(_cjk, _cjk, st.integers(1, 8))
def test_pieced_diffs_still_rebuild_both_texts(a, b, size):
    from policywatch.diffing import inline

    original = inline.PIECE_TOKENS
    inline.PIECE_TOKENS = size
    try:
        ops = inline_diff(a, b)
    finally:
        inline.PIECE_TOKENS = original
    assert new_side(ops) == b
    if "（" not in a + b and "）" not in a + b:
        assert "".join(old_side(ops).split()) == "".join(a.split())


def test_a_kept_word_inside_a_widened_list_stays_equal():
    """民事诉讼法 第四十七条第四款, 2021 → 2023 (tests/data/statutes/civil_procedure): the list was
    widened around 书记员; semantic cleanup had folded the kept 书记 into the edits
    (`[-书记-]{+法官助理、书记员、司法技术人+}员`)."""
    old = "前三款规定，适用于书记员、翻译人员、鉴定人、勘验人。"
    new = "前三款规定，适用于法官助理、书记员、司法技术人员、翻译人员、鉴定人、勘验人。"
    ops = inline_diff(old, new)
    assert render_marked(ops) == "前三款规定，适用于{+法官助理、+}书记员{+、司法技术人员+}、翻译人员、鉴定人、勘验人。"
    assert (old_side(ops), new_side(ops)) == (old, new)


def test_a_kept_phrase_inside_a_shortened_text_stays_equal():
    """The other way: words cut away around a phrase that stays (a variant, not from a real text)."""
    old = "由市科学技术局会同市财政局、市发展改革委负责解释。"
    new = "由市财政局负责解释。"
    ops = inline_diff(old, new)
    assert [op.text for op in ops if op.op == "equal" and "市财政局" in op.text], render_marked(ops)
    assert [op.op for op in ops].count("insert") == 0 and (old_side(ops), new_side(ops)) == (old, new)


def test_one_change_in_a_long_text_without_punctuation_diffs_only_around_it(monkeypatch) -> None:
    """The common head and tail were shrunk back to punctuation without a bound: in a text with
    none (a 30 MB line of one character) the whole of both texts was tokenized and diffed, 37 s
    and 1.9 GB. The diffed middle is now at most CUT_BACK_CHARS either side of the change."""
    import policywatch.diffing.inline as inline

    diffed: list[int] = []
    encode = inline._encode

    def measured(old: str, new: str):  # type: ignore[no-untyped-def]
        diffed.append(len(old) + len(new))
        return encode(old, new)

    monkeypatch.setattr(inline, "_encode", measured)
    old = "规" * 200_000
    new = old[:100_000] + "最高5万元" + old[100_001:]
    ops = inline_diff(old, new)
    assert old_side(ops) == old and new_side(ops) == new
    assert [op.text for op in ops if op.op != "equal"] == ["规", "最高5万元"]
    assert diffed and max(diffed) <= 10_000  # both sides of 200,000 characters before
    # with punctuation near the change the cut is still made there (a qualifier keeps its number)
    old, new = "甲" * 5000 + "，最高100万元" + "乙" * 5000, "甲" * 5000 + "，最高200万元" + "乙" * 5000
    assert [op.text for op in inline_diff(old, new) if op.op != "equal"] == ["最高100万元", "最高200万元"]


def test_a_fine_in_chinese_numerals_reads_as_its_bounds_replaced():
    """The real 畜牧法 2015 → 2022 (tests/data/statutes/livestock.*) raised a fine from
    一万元以上五万元以下 to 五万元以上五十万元以下: per character it read
    `[-一-]{+五+}万元以上五{+十+}万元以下`, as if a 十 had been put into the same fine. A sum, a
    multiple, a share or a time span in Chinese numerals is one token with its unit and bound;
    a numeral without such a unit stays per character (a reference, a word's 一)."""
    assert render_marked(inline_diff("并处一万元以上五万元以下罚款", "并处五万元以上五十万元以下罚款")) == (
        "并处[-一万元以上五万元以下-]{+五万元以上五十万元以下+}罚款")
    assert render_marked(inline_diff("并处违法所得一倍以上三倍以下罚款", "并处违法所得一倍以上五倍以下罚款")) == (
        "并处违法所得一倍以上[-三倍以下-]{+五倍以下+}罚款")
    assert render_marked(inline_diff("应当在三十日内答复", "应当在十五日内答复")) == "应当在[-三十日-]{+十五日+}内答复"
    assert render_marked(inline_diff("按百分之五计算", "按百分之十计算")) == "按[-百分之五-]{+百分之十+}计算"
    assert render_marked(inline_diff("依照本法第八条规定", "依照本法第十一条规定")) == "依照本法第[-八-]{+十一+}条规定"
    assert "统一" not in tokenize("实行统一管理") and "一" in tokenize("实行统一管理")


def test_a_kept_word_is_not_cut_by_its_first_character():
    """The real 畜牧法's `没收违法所得` → `收缴伪造、变造的…许可证，没收种畜禽…和违法所得` read
    `[-没-]收{+缴…，没收种畜禽…和+}违法所得` (the equal 收 taken from 收缴): the old words stand
    whole in the new text, so it is an insertion around them, the kept 没收 whole; the same
    with the sides swapped (a deletion around the kept words)."""
    old = "责令停止违法行为，没收违法所得；"
    new = "责令停止违法行为，收缴伪造、变造的种畜禽生产经营许可证，没收种畜禽、商品代仔畜、雏禽和违法所得；"
    marked = render_marked(inline_diff(old, new))
    assert "[-" not in marked and "没收" in marked.replace("{+", "|").replace("+}", "|").split("|")[2]
    assert marked == ("责令停止违法行为，{+收缴伪造、变造的种畜禽生产经营许可证，+}没收"
                      "{+种畜禽、商品代仔畜、雏禽和+}违法所得；")
    assert render_marked(inline_diff(new, old)) == ("责令停止违法行为，[-收缴伪造、变造的种畜禽生产经营许可证，-]没收"
                                                    "[-种畜禽、商品代仔畜、雏禽和-]违法所得；")


def test_a_numeral_inside_a_word_starts_no_amount():
    """`一` ends words (统一, 每一, 上一) and a unit starts them (日期, 年度, 元化): read as an amount
    `一日`, `一年`, `一元`, the word beside it was cut in two, 统一日期 → 统一时间 reading
    `统[-一日期-]{+一时间+}`. An ordinal (第三年) is no amount either. Amounts stay whole.
    Each case is the expected rendering; its old and new texts are read back from the marks."""
    words = ["各单位应于统一[-日期-]{+时间+}报送材料。", "推进管理[-一-]{+多+}元化改革。", "每[-一-]{+个+}年度开展一次评估。",
             "实行统一年[-检-]{+报+}制度。", "按上一年度营业[-收入-]{+利润+}计算。", "自第[-三-]{+五+}年起减半征收。",
             "唯一[-日常-]{+指定+}联系人"]
    amounts = ["自公布之日起施行，有效期[-五年-]{+三年+}。", "在通缉[-一年-]{+二年+}后不能到案的",
               "处六个月以上[-一年以下-]{+二年以下+}有期徒刑", "应当在[-一个月-]{+六个月+}内答复",
               "处以[-五元以上二十元以下-]{+五十元+}罚款"]
    for marked in words + amounts:
        old = re.sub(r"\[-(.*?)-\]", r"\1", re.sub(r"\{\+.*?\+\}", "", marked))
        new = re.sub(r"\{\+(.*?)\+\}", r"\1", re.sub(r"\[-.*?-\]", "", marked))
        assert render_marked(inline_diff(old, new)) == marked, old


def test_a_chinese_decimal_is_marked_whole() -> None:
    """A Chinese numeral's decimals belong to its amount (grammar.quantities.DECIMALS, the rule the
    facts read them by): `一点五倍 → 一点八倍` is one multiple replaced, not `一点[-五倍-]{+八倍+}`."""
    for old, new in (("一点五倍", "一点八倍"), ("零点五米", "零点八米"), ("零点五万元", "一点五万元"),
                     ("百分之零点五", "百分之零点八"), ("零点五个百分点", "一点五个百分点")):
        marked = render_marked(inline_diff(f"处违法所得{old}的罚款", f"处违法所得{new}的罚款"))
        assert marked == f"处违法所得[-{old}-]{{+{new}+}}的罚款", marked
