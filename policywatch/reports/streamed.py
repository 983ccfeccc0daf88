"""Bytes made in pieces: a site file too large to hold whole is written as it is made.

A source page lists every document and change of its source, and the search result table a row
per document and change: held whole (template chunks, the joined text, then its UTF-8 bytes)
they were a build's largest allocation, growing with every round of changes (issue 15).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

# characters of text gathered before they are encoded and handed on: few, large writes
BATCH = 64 * 1024


class Streamed:
    """A file's bytes: called, all of them (as any render function); `chunks()`, piece by piece."""

    __slots__ = ("chunks",)

    def __init__(self, chunks: Callable[[], Iterator[bytes]]):
        self.chunks = chunks

    def __call__(self) -> bytes:
        return b"".join(self.chunks())


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """The pieces as UTF-8, a batch of about BATCH characters at a time (the same bytes as their
    join encoded whole: a str never splits a character)."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= BATCH:
            yield "".join(batch).encode("utf-8")
            batch.clear()
            size = 0
    if batch:
        yield "".join(batch).encode("utf-8")


def chunks_of(render: Callable[[], bytes]) -> Iterator[bytes]:
    """A render function's bytes in pieces: streamed when it is a Streamed, else whole."""
    if isinstance(render, Streamed):
        yield from render.chunks()
    else:
        yield render()
