"""Reads a response body as a stream, never past a byte limit, decompressing it ourselves.

Decompression is done here rather than by urllib3 so the limit applies to the *decompressed*
size (a gzip bomb is cut off after ``limit`` bytes of output, whatever its ratio) and so a
gzip body sent without ``Content-Encoding`` (some government servers force gzip) is still read.
A body gzipped twice (the application compresses its page and the proxy in front compresses
it again, sending one ``Content-Encoding``) is inflated once more, within the same limit.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PAGE_END", "BodyTooLarge", "BodyTruncated", "read_limited"]

CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
# Types whose gzip bytes are the document itself, not a transfer artefact.
_ARCHIVE_TYPES = ("gzip", "x-gzip", "x-tar", "octet-stream", "zip")
_MAX_LAYERS = 2  # gzip layers inflated after the first (a third layer is no server's mistake)


class BodyTooLarge(Exception):
    """The body (or its decompressed form) exceeds the limit; `read` bytes were taken, and
    `head` holds the body's first bytes up to the limit (decompressed), for a reader that may
    use a file's beginning (robots.txt: RFC 9309 reads its first 500 KiB)."""

    def __init__(self, read: int, limit: int, decompressed: bool, head: bytes = b"") -> None:
        kind = "decompressed body" if decompressed else "body"
        super().__init__(f"{kind} exceeds {limit} bytes (stopped after {read})")
        self.read = read
        self.head = head[:limit]


class BodyTruncated(zlib.error):
    """A compressed body that stops before its stream's end: the server's Content-Length was
    shorter than what it compressed, or the connection closed early. What inflates from it is a
    page cut off mid-sentence, to be read again rather than taken for the page. A zlib.error (its
    data is incomplete); `head` is what inflated, which a robots.txt reader reads as a file cut
    at its size limit (rules up to its last whole line) rather than disallowing the host."""

    def __init__(self, message: str, head: bytes = b"") -> None:
        super().__init__(message)
        self.head = head


@dataclass
class _Inflater:
    """zlib's streaming decompressor with an output budget."""

    obj: zlib._Decompress
    raw_deflate_fallback: bool

    @classmethod
    def for_encoding(cls, encoding: str) -> _Inflater:
        # wbits 47 = auto-detect a gzip or zlib header.
        return cls(zlib.decompressobj(zlib.MAX_WBITS | 32), raw_deflate_fallback=encoding == "deflate")

    def feed(self, chunk: bytes, budget: int, first: bool) -> bytes:
        try:
            out = self.obj.decompress(chunk, budget)
        except zlib.error:
            if not (first and self.raw_deflate_fallback):
                raise
            # Some servers send raw deflate without the zlib header.
            self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.obj.decompress(chunk, budget)
        return out

    def tail(self, budget: int) -> bytes:
        """More output from input already fed (when the budget stopped it early)."""
        if not self.obj.unconsumed_tail:
            return b""
        return self.obj.decompress(self.obj.unconsumed_tail, budget)


def read_limited(chunks: Iterable[bytes], *, limit: int, content_encoding: str = "", content_type: str = "") -> bytes:
    """Join `chunks` (raw, still compressed) and decode gzip/deflate, raising BodyTooLarge.

    Raises zlib.error for a corrupt compressed body.
    """
    encoding = content_encoding.strip().lower()
    inflater: _Inflater | None = None
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = _Inflater.for_encoding(encoding)
    out = bytearray()
    received = 0
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(received, limit, decompressed=False, head=bytes(out) + (chunk if inflater is None else b""))
        if first and inflater is None and not encoding and chunk.startswith(_GZIP_MAGIC) and not _is_archive(content_type):
            inflater = _Inflater.for_encoding("gzip")
        if inflater is None:
            out += chunk
        else:
            out += inflater.feed(chunk, limit + 1 - len(out), first)
            while len(out) <= limit:
                more = inflater.tail(limit + 1 - len(out))
                if not more:
                    break
                out += more
        first = False
        if len(out) > limit:
            raise BodyTooLarge(len(out), limit, decompressed=inflater is not None, head=bytes(out))
    if inflater is not None and received and not inflater.obj.eof and not _whole_file(out):
        raise BodyTruncated(f"compressed body ends before its end ({received} bytes received)", bytes(out))
    body = bytes(out)
    for _ in range(_MAX_LAYERS):
        if not body.startswith(_GZIP_MAGIC) or _is_archive(content_type) or inflater is None:
            break
        body = _inflated(body, limit)
    return body


# The end mark of a whole file near the end of what inflated: the stream stopped short of its
# gzip trailer only (a server or proxy that never writes it, which browsers forgive), with the
# file whole. A page's end tag in its last 4 KiB (scripts may follow it), a PDF's %%EOF in its
# last KiB, a ZIP's (DOCX, XLSX, OFD) end-of-directory record in its last 64 KiB + 22 bytes. A
# file cut in the middle has none there.
PAGE_END = re.compile(rb"</html\s*>", re.I)  # the fetcher's test of a page cut at its Content-Length too
_FILE_ENDS = ((PAGE_END, 4096), (re.compile(rb"%%EOF"), 1024), (re.compile(rb"PK\x05\x06"), 65536 + 22))


def _whole_file(out: bytearray | bytes) -> bool:
    return any(mark.search(bytes(out[-window:])) is not None for mark, window in _FILE_ENDS)


def _inflated(body: bytes, limit: int) -> bytes:
    """`body` inflated once more (it was compressed twice), or as it is when it is not gzip after all."""
    inflater = _Inflater.for_encoding("gzip")
    try:
        out = inflater.feed(body, limit + 1, True)
        while len(out) <= limit and (more := inflater.tail(limit + 1 - len(out))):
            out += more
    except zlib.error:
        return body
    if len(out) > limit:
        raise BodyTooLarge(len(out), limit, decompressed=True)
    return out


def _is_archive(content_type: str) -> bool:
    return any(t in content_type.lower() for t in _ARCHIVE_TYPES)
