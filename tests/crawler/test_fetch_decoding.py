"""Fetching pages the way gov sites serve them: decoding, formats, conditional GET."""

from __future__ import annotations

import codecs

from policywatch.config import SourceConfig
from policywatch.crawler import Fetcher
from policywatch.demo.server import LoopbackSite, Response
from policywatch.model import FetchOutcome, Validators
from tests.crawler.pages import RARE, policy_html


def serve(site: LoopbackSite, path: str, body: bytes, content_type: str = "text/html", **headers: str) -> str:
    site.route(path, Response(body=body, headers={"Content-Type": content_type, **headers}))
    return site.url(path)


def test_gbk_page_without_any_charset_declaration(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = policy_html(body="第一条 " + RARE + " 为了促进人工智能产业发展。")
    result = fetcher.fetch(serve(site, "/gbk.html", page.encode("gbk")), source=source)
    assert result.outcome is FetchOutcome.OK, result.detail
    assert RARE in (result.text or "")
    assert result.encoding == "gb18030"
    assert result.encoding_rule == "gb18030"
    assert result.body == page.encode("gbk")


def test_gb2312_label_is_read_as_gb18030_so_rare_characters_survive(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    page = policy_html(body=RARE, meta_charset="gb2312")
    url = serve(site, "/gb2312.html", page.encode("gb18030"), "text/html; charset=GB2312")
    result = fetcher.fetch(url, source=source)
    assert result.outcome is FetchOutcome.OK
    assert RARE in (result.text or "")
    assert result.encoding == "gb18030"
    assert result.encoding_rule == "meta"  # header and meta agree after widening: meta wins the tie


def test_header_says_utf8_meta_says_gbk_and_the_bytes_are_gbk(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    page = policy_html(meta_charset="gbk")
    url = serve(site, "/mismatch.html", page.encode("gbk"), "text/html; charset=utf-8")
    result = fetcher.fetch(url, source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.encoding_rule == "meta"
    assert "人工智能产业地标" in (result.text or "")


def test_header_says_gbk_meta_says_utf8_and_the_bytes_are_utf8(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    page = policy_html(meta_charset="utf-8")
    url = serve(site, "/mismatch2.html", page.encode("utf-8"), "text/html; charset=gbk")
    result = fetcher.fetch(url, source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.encoding == "utf-8"
    assert result.encoding_rule == "meta"
    assert "人工智能产业地标" in (result.text or "")


def test_utf8_bom_page_wins_over_a_lying_header(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = policy_html(meta_charset="gbk")
    url = serve(site, "/bom.html", codecs.BOM_UTF8 + page.encode("utf-8"), "text/html; charset=gbk")
    result = fetcher.fetch(url, source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.encoding_rule == "bom"
    assert (result.text or "").startswith("<!DOCTYPE html>")


def test_forced_source_encoding_is_used(site: LoopbackSite, fetcher: Fetcher) -> None:
    page = policy_html(meta_charset="utf-8", body=RARE)
    url = serve(site, "/forced.html", page.encode("gbk"), "text/html; charset=utf-8")
    forced = SourceConfig(name="f", listing_urls=(site.url("/"),), allow_private=True, encoding="gbk")
    result = fetcher.fetch(url, source=forced)
    assert result.outcome is FetchOutcome.OK
    assert result.encoding_rule == "forced"
    assert RARE in (result.text or "")


def test_garbled_text_is_a_decode_error_never_ok(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    # UTF-8 page that was once saved through a Latin-1 editor: classic "å…³äºŽ" mojibake.
    garbled = policy_html(meta_charset="utf-8").encode("utf-8").decode("latin-1").encode("utf-8")
    result = fetcher.fetch(serve(site, "/garbled.html", garbled), source=source)
    assert result.outcome is FetchOutcome.DECODE_ERROR
    assert "Latin-1" in result.detail


def test_replacement_characters_make_a_decode_error(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    page = policy_html(body="第一条 \ufffd\ufffd 支持企业", meta_charset="utf-8").encode("utf-8")
    result = fetcher.fetch(serve(site, "/fffd.html", page), source=source)
    assert result.outcome is FetchOutcome.DECODE_ERROR
    assert "replacement" in result.detail


def test_pdf_labelled_as_html_is_sniffed_as_pdf_and_not_decoded(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    result = fetcher.fetch(serve(site, "/file.html", pdf), source=source)
    assert result.outcome is FetchOutcome.OK
    assert result.text is None
    assert result.body == pdf


def test_unrecognised_binary_is_unsupported(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    result = fetcher.fetch(serve(site, "/x.bin", b"\x00\x01\x02binary\x00" * 50, "application/octet-stream"),
                           source=source)
    assert result.outcome is FetchOutcome.UNSUPPORTED


def test_conditional_get_sends_validators_and_304_reads_no_body(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher, tmp_path
) -> None:
    (tmp_path / "doc.html").write_bytes(policy_html().encode("gbk"))
    site.set_root(tmp_path)
    first = fetcher.fetch(site.url("/doc.html"), source=source)
    assert first.outcome is FetchOutcome.OK
    assert first.validators.etag and first.validators.last_modified
    second = fetcher.fetch(site.url("/doc.html"), source=source, validators=first.validators)
    assert second.outcome is FetchOutcome.NOT_MODIFIED
    assert second.status == 304
    assert second.body == b"" and second.text is None
    assert second.validators.etag == first.validators.etag
    assert second.validators.last_modified == first.validators.last_modified  # kept from what we sent
    sent = site.requests_to("/doc.html")[-1].headers
    assert sent["if-none-match"] == first.validators.etag
    assert sent["if-modified-since"] == first.validators.last_modified


def test_last_modified_alone_gives_304(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher, tmp_path) -> None:
    (tmp_path / "doc.html").write_bytes(policy_html().encode("utf-8"))
    site.set_root(tmp_path)
    first = fetcher.fetch(site.url("/doc.html"), source=source)
    result = fetcher.fetch(site.url("/doc.html"), source=source,
                           validators=Validators(last_modified=first.validators.last_modified))
    assert result.outcome is FetchOutcome.NOT_MODIFIED


def test_post_form_for_hanweb_dataproxy_sends_no_conditional_headers(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    xml = '<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>1</totalrecord></datastore>'
    url = serve(site, "/module/web/jpage/dataproxy.jsp", xml.encode(), "text/xml")
    result = fetcher.fetch(url, source=source, data={"col": "1", "webid": "2"},
                           validators=Validators(etag='"abc"'))
    assert result.outcome is FetchOutcome.OK
    assert "<totalrecord>1" in (result.text or "")
    request = site.requests_to("/module/web/jpage/dataproxy.jsp")[-1]
    assert request.method == "POST"
    assert request.body == b"col=1&webid=2"
    assert "if-none-match" not in request.headers


def test_user_agent_comes_from_settings(site: LoopbackSite, source: SourceConfig, make_fetcher) -> None:
    fetcher = make_fetcher(user_agent="policywatch-test/9 (+mailto:ops@example.invalid)")
    fetcher.fetch(serve(site, "/ua.html", policy_html().encode()), source=source)
    assert site.requests_to("/ua.html")[-1].headers["user-agent"].startswith("policywatch-test/9")


def test_a_304_to_a_request_without_validators_is_an_error_not_unchanged(
    site: LoopbackSite, source: SourceConfig, fetcher: Fetcher
) -> None:
    # a cache or CMS answering 304 to everything: the document was never read, so it cannot be
    # "not modified"; the outcome must say so on every run instead of hiding it
    site.route("/doc.html", Response(status=304, headers={"ETag": '"v1"'}))
    result = fetcher.fetch(site.url("/doc.html"), source=source)
    assert result.outcome is FetchOutcome.HTTP_ERROR and result.status == 304
    assert "not conditional" in result.detail
    # the same answer to a conditional request (empty validators count as none) is the usual 304
    assert fetcher.fetch(site.url("/doc.html"), source=source, validators=Validators()).outcome is FetchOutcome.HTTP_ERROR
    assert fetcher.fetch(site.url("/doc.html"), source=source,
                         validators=Validators(etag='"v1"')).outcome is FetchOutcome.NOT_MODIFIED


TRADITIONAL = ("第一條 為促進本市人工智慧產業高品質發展，根據國務院有關規定，制定本措施。\n"
               "第二條 對符合條件的企業，按其研發投入的百分之十給予補助，最高不超過五百萬元。")


def test_big5_page_labelled_gbk_or_gb2312_is_read_as_big5(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    """A Big5 page behind a gbk label (header or meta) decodes without one error as GB18030, into
    材兵 玃秈セカ…: the kana, Greek and private-use characters of that reading give it away."""
    for path, label, content_type in (("/big5-http.html", None, "text/html; charset=gbk"),
                                      ("/big5-meta.html", "gb2312", "text/html")):
        page = policy_html(title="南京市打造人工智慧產業地標行動計劃", body=TRADITIONAL, meta_charset=label)
        page = page.replace("首页", "首頁")  # the navigation bar in traditional characters too
        result = fetcher.fetch(serve(site, path, page.encode("big5"), content_type), source=source)
        assert result.outcome is FetchOutcome.OK, result.detail
        assert result.text == page
        assert (result.encoding, result.encoding_rule) == ("big5hkscs", "big5")


AIR_QUALITY_DISTRICTS = ("东城", "西城", "朝阳", "海淀", "丰台", "石景山", "通州", "顺义",
                         "昌平", "大兴", "房山", "门头沟", "怀柔", "平谷", "密云", "延庆")


def test_a_gb2312_page_with_greek_letters_is_not_taken_for_big5(site: LoopbackSite, source: SourceConfig,
                                                                 fetcher: Fetcher) -> None:
    """GB2312's Greek row (A6) is Big5's commonest row, so a GB2312 page that avoids the few
    characters Big5 cannot decode reads error-free as Big5 (控儔庈諾げ窐講゜惆): its μ and box
    drawing are no sign of Big5 and its own meta charset stands."""
    rows = "".join(f"<tr><td>{name}</td><td>{30 + i}μg/m3</td><td>{50 + i}μg/m3</td></tr>"
                   for i, name in enumerate(AIR_QUALITY_DISTRICTS))
    for path, extra in (("/aq.html", ""), ("/aq-box.html", "<pre>┌──┬──┐\n│αβ│γδ│\n└──┴──┘</pre>" * 3)):
        page = (f"<html><head><meta charset='gb2312'><title>北京市空气质量日报</title></head><body>"
                f"<h1>北京市空气质量日报</h1><p>2024年1月5日各监测站PM2.5与PM10浓度如下：</p>"
                f"<table>{rows}</table>{extra}</body></html>")
        body = page.encode("gb2312")
        assert codecs.decode(body, "big5hkscs")  # the trap: the Big5 reading decodes without an error
        result = fetcher.fetch(serve(site, path, body), source=source)
        assert result.outcome is FetchOutcome.OK, result.detail
        assert result.text == page
        assert (result.encoding, result.encoding_rule) == ("gb18030", "meta")


def test_real_gbk_pages_stay_gb18030_beside_the_big5_check(site: LoopbackSite, source: SourceConfig, fetcher: Fetcher) -> None:
    """Traditional characters in GBK, and a GBK page that quotes Greek letters and kana, are GBK."""
    for path, body in (("/trad.html", TRADITIONAL),
                       ("/greek.html", "第一条 系数α、β、γ、δ取值见附表。日方代表（ヤマダ タロウ さん）出席。" + RARE)):
        page = policy_html(body=body, meta_charset="gbk")
        result = fetcher.fetch(serve(site, path, page.encode("gbk"), "text/html; charset=gbk"), source=source)
        assert result.outcome is FetchOutcome.OK, result.detail
        assert result.text == page and result.encoding == "gb18030"
