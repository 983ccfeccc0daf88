"""decode_body: the issue's decoding order, gb18030 widening, and honest failure on mojibake."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.extract.decode import decode_body, find_meta_charset, looks_like_mojibake, normalize_charset
from tests.crawler.pages import RARE, policy_html, seed_text


def test_gb_family_widens_to_gb18030() -> None:
    for label in ("gb2312", "GB2312", "gbk", "GBK", "x-gbk", "cp936", "gb18030", "'gb2312'"):
        assert normalize_charset(label) == "gb18030", label
    assert normalize_charset("UTF8") == "utf-8"
    assert normalize_charset("no-such-charset") is None


def test_meta_charset_forms() -> None:
    assert find_meta_charset(b'<meta charset="gb2312">') == "gb2312"
    assert find_meta_charset(b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">') == "GBK"
    assert find_meta_charset(b'<?xml version="1.0" encoding="gbk"?><r/>') == "gbk"
    assert find_meta_charset(b"<html><body>no charset</body></html>") is None
    assert find_meta_charset(b" " * 5000 + b'<meta charset="gbk">') is None  # only the first KBs count


def test_gb2312_declared_page_with_gbk_only_characters() -> None:
    body = policy_html(body=RARE, meta_charset="gb2312").encode("gbk")
    decoded = decode_body(body, http_charset="gb2312")
    assert decoded.ok and RARE in decoded.text
    assert decoded.encoding == "gb18030"


def test_no_declaration_gbk_falls_to_gb18030_after_utf8() -> None:
    decoded = decode_body(policy_html().encode("gbk"), http_charset=None)
    assert (decoded.encoding, decoded.rule, decoded.ok) == ("gb18030", "gb18030", True)
    decoded = decode_body(policy_html().encode("utf-8"), http_charset=None)
    assert (decoded.encoding, decoded.rule) == ("utf-8", "utf-8")


def test_disagreement_the_strict_decoder_wins_meta_on_a_tie() -> None:
    gbk_meta_utf8 = policy_html(meta_charset="utf-8").encode("gbk")
    decoded = decode_body(gbk_meta_utf8, http_charset="gbk")
    assert decoded.rule == "http" and decoded.ok
    utf8_meta_gbk = policy_html(meta_charset="gbk").encode("utf-8")
    decoded = decode_body(utf8_meta_gbk, http_charset="utf-8")
    assert decoded.rule == "http" and decoded.encoding == "utf-8"  # GB18030 reading is mojibake
    ascii_page = policy_html(meta_charset="gbk", body="").encode("gbk")
    assert decode_body(ascii_page + "镕".encode("gbk"), http_charset="iso-8859-1").rule == "meta"


def test_latin1_header_on_a_gbk_page_is_not_believed() -> None:
    decoded = decode_body(policy_html().encode("gbk"), http_charset="ISO-8859-1")
    assert decoded.ok and decoded.encoding == "gb18030"
    assert "人工智能" in decoded.text


def test_boms() -> None:
    text = policy_html(meta_charset="gbk")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        decoded = decode_body(bom + text.encode(codec), http_charset="gbk")
        assert decoded.rule == "bom" and decoded.ok
        assert decoded.text.lstrip("\ufeff") == text


def test_forced_charset_and_unknown_forced_charset() -> None:
    body = policy_html(meta_charset="utf-8").encode("gbk")
    assert decode_body(body, http_charset="utf-8", forced="gb2312").text == policy_html(meta_charset="utf-8")
    assert not decode_body(body, http_charset=None, forced="klingon").ok


def test_ascii_only() -> None:
    decoded = decode_body(b"<html>plain</html>", http_charset="gbk")
    assert decoded.ok and decoded.text == "<html>plain</html>"


def test_mojibake_is_not_ok() -> None:
    twice = seed_text()[:2000].encode("utf-8").decode("latin-1").encode("utf-8")
    decoded = decode_body(twice, http_charset="utf-8")
    assert not decoded.ok and "Latin-1" in decoded.reason
    decoded = decode_body("第一条\ufffd\ufffd".encode() * 10, http_charset=None)
    assert not decoded.ok and "replacement" in decoded.reason


def test_mojibake_heuristics_spare_real_text() -> None:
    real = seed_text() + "“引号” ·间隔· 5×10 ±2 ° §3"
    assert looks_like_mojibake(real) == ""
    assert looks_like_mojibake("Ã¤Â¸Â­Ã¦Â–Â‡" * 3) != ""


def test_mojibake_counts_latin_letters_and_c1_controls_only() -> None:
    # the counted characters: U+0080-U+009F, U+00C0-U+00FF less × and ÷ (×÷·° are punctuation)
    assert looks_like_mojibake("中文×÷·°±" * 8) == ""
    assert looks_like_mojibake("中" + "\u00c0\u00d6\u00d8\u00f6\u00f8\u00ff\u0080\u009f" + "×÷" * 8) == (
        "8 Latin-1 letters among 25 non-ASCII characters")
    assert looks_like_mojibake("中文" * 6 + "é" * 7) == ""  # 7 counted: below the floor of 8


def test_garbage_bytes_are_not_ok() -> None:
    decoded = decode_body(bytes(range(128, 256)) * 4 + b"\xff\xfe\x00", http_charset=None)
    assert not decoded.ok
    assert decoded.rule == "lossy"


CHINESE = st.text(alphabet=st.sampled_from(seed_text()[:3000] + RARE), min_size=20, max_size=300)


@settings(max_examples=60, deadline=None)
@given(text=CHINESE, codec=st.sampled_from(["utf-8", "gbk", "gb18030"]), declare=st.booleans())
def test_roundtrip_of_chinese_text_in_any_national_encoding(text: str, codec: str, declare: bool) -> None:
    page = policy_html(body=text, meta_charset=codec if declare else None)
    decoded = decode_body(page.encode(codec), http_charset=None)
    assert decoded.ok, decoded.reason
    assert decoded.text == page


def test_a_utf8_bom_before_gbk_bytes_gives_way_to_the_declared_charset() -> None:
    text = policy_html(meta_charset="gbk")
    decoded = decode_body(codecs.BOM_UTF8 + text.encode("gbk"), http_charset=None)
    assert decoded.ok and decoded.encoding == "gb18030" and decoded.text == text
    # undeclared, with a GBK-only character (RARE): the strict tries find GB18030 after the BOM
    bare = policy_html(extra=f"<p>{RARE}</p>")
    undeclared = decode_body(codecs.BOM_UTF8 + bare.encode("gb18030"), http_charset=None)
    assert undeclared.ok and undeclared.text == bare
    # a UTF-16 BOM before bytes that are not UTF-16 stays an honest failure, never a guess
    assert not decode_body(codecs.BOM_UTF16_LE + b"\xd5\xe2\xca\xc7" * 3 + b"\x00", http_charset=None).ok


def test_a_gbk_page_with_a_utf8_include_is_read_run_by_run() -> None:
    """A site group's footer included in UTF-8 into a GBK page: neither codec reads the whole
    page, each run of it reads in one. 镕 (E9 46 in GBK) has an ASCII trail byte; × is in UTF-8."""
    gbk = "<p>朱镕基同志指出，要深化改革。</p>".encode("gbk")
    utf8 = "<p>苏ICP备05002416号 建议使用1366×768分辨率</p>".encode()
    decoded = decode_body(gbk + utf8 + gbk, http_charset="gbk")
    assert decoded.ok and decoded.rule == "mixed"
    assert decoded.text == "<p>朱镕基同志指出，要深化改革。</p><p>苏ICP备05002416号 建议使用1366×768分辨率</p>" \
                           "<p>朱镕基同志指出，要深化改革。</p>"
    # one encoding throughout, however garbled, is no mixed page
    assert decode_body("鍙戝竷".encode("gbk") * 3 + "发布".encode("gbk"), http_charset=None).rule != "mixed"


def test_utf8_cut_inside_its_last_character_is_refused_not_read_as_gb18030() -> None:
    """A download or copy cut short in a character: the mixed-encoding reading took the last run
    for GB18030 (100万元。 → 100涓囧厓銆), a change the document never had, and called it ok."""
    whole = "第一条 为了规范管理，制定本办法。\n第三条 资助最高100万元。".encode()
    for end in range(len(whole) - 12, len(whole)):
        body = whole[:end]
        decoded = decode_body(body, http_charset=None)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            assert not decoded.ok and decoded.reason == "UTF-8 cut short inside its last character", end
            assert "涓" not in decoded.text and decoded.text.startswith("第一条 为了规范管理")
        else:
            assert decoded.ok and decoded.text == body.decode("utf-8"), end
    # a GBK page is not UTF-8 before its end: untouched
    assert decode_body("资助最高100万元。".encode("gbk"), http_charset=None).ok
