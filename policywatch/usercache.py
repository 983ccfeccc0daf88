"""The per-user cache directory, and the checks before its contents are trusted.

Some work is the same in every process and costly to redo: compiling the report templates
(reports/bytecode.py) and the grammar's and normalizer's regular expressions (lazyre.py). Their
results are kept under $XDG_CACHE_HOME/policywatch (~/.cache/policywatch), as an installed
package keeps its .pyc files. What is kept there is loaded as code, so a directory is used only
when this user owns it and nobody else can write to it. A cache that cannot be used — no home,
a read-only or foreign directory, a full disk — only means doing the work again: never an error.

Imports only the standard library's os and stat: the normalizer's import must stay light.
"""

from __future__ import annotations

import os
import stat


def cache_root() -> str | None:
    """$XDG_CACHE_HOME/policywatch, else ~/.cache/policywatch; None without a home directory."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "policywatch")


def private_directory(name: str) -> str | None:
    """`name` under the cache root, made (mode 0700) if need be; None unless it is a directory this
    user owns, can write to, and nobody else can write to."""
    root = cache_root()
    if root is None or not hasattr(os, "getuid"):  # no owner to check the directory against
        return None
    directory = os.path.join(root, name)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        info = os.lstat(directory)
    except OSError:
        return None
    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or not os.access(directory, os.W_OK | os.X_OK)):
        return None
    return directory
