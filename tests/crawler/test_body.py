"""read_limited: the byte cap applies to the decompressed body, chunk by chunk."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import pytest

from policywatch.crawler.body import BodyTooLarge, read_limited


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
