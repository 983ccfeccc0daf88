"""A per-user cache of compiled templates, so each process does not compile them again.

`policywatch diff --format html` renders one page per process; parsing and compiling its two
templates cost more than rendering a small diff. jinja2's FileSystemBytecodeCache keeps the
compiled code in $XDG_CACHE_HOME/policywatch (~/.cache/policywatch), one directory per jinja2
version; an entry is used only while its template's source is unchanged (jinja2 checks a hash of
the source) and for the same Python and the same Environment options (they name the files).
A cache that cannot be used — no home, a read-only or foreign directory, a full disk — only
means compiling again: never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from policywatch import usercache


class QuietBytecodeCache(FileSystemBytecodeCache):
    """FileSystemBytecodeCache whose read and write failures only mean "not cached"."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            # a damaged entry (jinja2 itself only checks the header and the source's hash)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(options: str) -> QuietBytecodeCache | None:
    """The cache for an Environment built with `options` (any text naming them), or None when
    there is no private, writable cache directory."""
    # cached code is executed: only a directory private to this user is used
    directory = usercache.private_directory(f"jinja2-{jinja2.__version__}")
    if directory is None:
        return None
    tag = hashlib.sha1(options.encode(), usedforsecurity=False).hexdigest()[:12]
    return QuietBytecodeCache(directory, pattern=f"__policywatch_{tag}_%s.cache")
