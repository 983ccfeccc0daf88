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
import os
import pickle
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache


def cache_root() -> Path | None:
    """$XDG_CACHE_HOME/policywatch, else ~/.cache/policywatch; None without a home directory."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base, "policywatch")


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
    root = cache_root()
    if root is None or not hasattr(os, "getuid"):  # no owner to check the directory against
        return None
    directory = root / f"jinja2-{jinja2.__version__}"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.lstat()
    except OSError:
        return None
    # Cached code is executed: a directory another user could write to is not trusted.
    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or not os.access(directory, os.W_OK | os.X_OK)):
        return None
    tag = hashlib.sha1(options.encode(), usedforsecurity=False).hexdigest()[:12]
    return QuietBytecodeCache(str(directory), pattern=f"__policywatch_{tag}_%s.cache")
