"""read_limited: the byte cap applies to the decompressed body, chunk by chunk."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import pytest

from policywatch.crawler.body import BodyTooLarge, BodyTruncated, read_limited


def chunked(data: bytes, size: int = 1000) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


def test_plain_and_compressed_bodies() -> None:
    data = "第一条".encode() * 1000
    assert read_limited(chunked(data), limit=len(data)) == data
    assert read_limited(chunked(gzip.compress(data)), limit=len(data), content_encoding="gzip") == data
    assert read_limited(chunked(zlib.compress(data)), limit=len(data), content_encoding="deflate") == data


def test_limit_on_raw_bytes() -> None:
    with pytest.raises(BodyTooLarge):
        read_limited(chunked(b"x" * 5000), limit=4999)


def test_bomb_stops_at_the_limit_without_inflating_everything() -> None:
    consumed = []

    def stream() -> Iterator[bytes]:
        for chunk in chunked(gzip.compress(b"\0" * 20_000_000), 512):
            consumed.append(len(chunk))
            yield chunk

    with pytest.raises(BodyTooLarge) as info:
        read_limited(stream(), limit=100_000, content_encoding="gzip")
    assert info.value.read <= 100_001
    assert sum(consumed) < 20_000  # stopped long before the whole ~20 KB bomb was read


def test_archive_gzip_is_left_compressed() -> None:
    data = gzip.compress(b"payload")
    assert read_limited([data], limit=1000, content_type="application/x-gzip") == data


def test_a_body_gzipped_twice_is_inflated_twice_within_the_limit() -> None:
    """The application gzips its page and the proxy gzips it again under one Content-Encoding."""
    data = "第一条 为了规范管理，制定本办法。".encode() * 500
    inner = gzip.compress(data, mtime=0)  # a fixed header time: compressed again below, it must be the same bytes
    twice = gzip.compress(inner)
    assert read_limited(chunked(twice), limit=len(data), content_encoding="gzip", content_type="text/html") == data
    assert read_limited(chunked(twice), limit=len(data), content_type="text/html") == data  # no header at all
    with pytest.raises(BodyTooLarge):  # the inner layer is held to the same limit: a bomb inside a gzip
        read_limited(chunked(gzip.compress(gzip.compress(b"\0" * 5_000_000))), limit=100_000, content_encoding="gzip")
    # a .gz file sent with Content-Encoding: gzip is the file, once inflated; text that is not gzip stays
    assert read_limited([twice], limit=10**6, content_encoding="gzip", content_type="application/gzip") == inner
    odd = b"\x1f\x8bnot gzip at all"
    assert read_limited([gzip.compress(odd)], limit=100, content_encoding="gzip") == odd


PAGE = ("<html><body><div class='TRS_Editor'>" + "<p>第一条 对企业给予最高500万元资助。</p>" * 400
        + "</div></body></html>\n<script>var _hmt = [];</script>\n").encode()


def test_a_stream_cut_short_is_refused_unless_only_its_trailer_is_missing() -> None:
    """A gzip stream that stops mid-page is a page cut in half: refused, to be read again. One
    that lacks only its 8-byte trailer (CRC and size; a server or proxy that never writes it,
    which browsers forgive) holds the whole page, and is read."""
    whole = gzip.compress(PAGE)
    assert read_limited(chunked(whole[:-8]), limit=len(PAGE), content_encoding="gzip") == PAGE
    with pytest.raises(BodyTruncated):
        read_limited(chunked(whole[: len(whole) // 2]), limit=len(PAGE), content_encoding="gzip")
    deflated = zlib.compress(PAGE)
    with pytest.raises(BodyTruncated):
        read_limited(chunked(deflated[: len(deflated) // 2]), limit=len(PAGE), content_encoding="deflate")


def test_an_attachment_short_of_only_its_trailer_is_whole_and_one_cut_keeps_what_inflated() -> None:
    """A PDF ends in %%EOF and a ZIP (DOCX, XLSX, OFD) in its end-of-directory record: either
    found near the end of a stream short of its gzip trailer, the file is whole. A stream cut in
    the middle is refused, and the error holds what inflated (a robots.txt reader takes the
    rules up to the cut from it)."""
    import io
    import zipfile

    pdf = b"%PDF-1.4\n" + b"1 0 obj << >> endobj\n" * 2000 + b"trailer << >>\n%%EOF\n"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>" + "第一条" * 5000 + "</w:document>")
    for whole in (pdf, packed.getvalue()):
        assert read_limited(chunked(gzip.compress(whole)[:-8]), limit=len(whole) * 2, content_encoding="gzip") == whole
    rules = b"User-agent: *\n" + b"Disallow: /private/\n" * 3000
    cut = gzip.compress(rules)
    with pytest.raises(BodyTruncated) as raised:
        read_limited(chunked(cut[: len(cut) // 2]), limit=len(rules), content_encoding="gzip")
    assert raised.value.head and rules.startswith(raised.value.head)
