"""Legacy Word (DOC/WPS) documents through the `antiword` program when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.model import ExtractedDocument


def extract_doc(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Text of a DOC file via `antiword -m UTF-8.txt`; ExtractError says what to install if missing."""
    # antiword is fast, a hang means a pathological file; in the sandbox it also inherits the
    # child's memory and CPU limits.
    timeout = (limits or ExtractSettings()).timeout
    program = shutil.which("antiword")
    if program is None:
        raise ExtractError(
            f"{url}: DOC/WPS files need the `antiword` program, which is not on PATH "
            "(install it with `apt-get install antiword`)"
        )
    with tempfile.NamedTemporaryFile(suffix=".doc", delete=False) as handle:
        handle.write(body)
        path = handle.name
    try:
        done = subprocess.run(
            [program, "-m", "UTF-8.txt", "-w", "0", path],
            capture_output=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractError(f"{url}: antiword did not finish within {timeout:g} s (extract.timeout)") from None
    finally:
        os.unlink(path)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractError(f"{url}: antiword cannot read this file: {reason[-1] if reason else done.returncode}")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    text = "\n".join(line.strip() for line in lines if line.strip())
    return ExtractedDocument(url=url, format="doc", text=text, metadata=meta.from_text(text))
