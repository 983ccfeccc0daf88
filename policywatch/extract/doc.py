"""Legacy Word (DOC/WPS) documents: `antiword` when it is installed, else (or when antiword
cannot read the file: WPS quirks, very short documents) LibreOffice through extract.office.
RTF and OpenDocument text (.odt; both sniffed as doc) go to LibreOffice directly: antiword reads
only the binary format."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.model import ExtractedDocument

logger = logging.getLogger(__name__)


def extract_doc(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Text of a DOC/WPS file: antiword first (light and fast), LibreOffice for what it cannot read."""
    from policywatch.extract.office import extract_writer, libreoffice
    from policywatch.extract.sniff import RTF_MAGIC

    rtf = body.lstrip()[: len(RTF_MAGIC)] == RTF_MAGIC
    if rtf or body.startswith(b"PK\x03\x04"):  # RTF, or an OpenDocument text (.odt): not antiword's
        if libreoffice() is None:
            raise ExtractError(f"{url}: an {'RTF' if rtf else 'OpenDocument text (ODT)'} document, which needs "
                               "LibreOffice (libreoffice-writer) to be read; it is not installed")
        return extract_writer(body, url=url, limits=limits, kind="doc")
    try:
        return _antiword(body, url=url, limits=limits)
    except ExtractError as exc:
        if libreoffice() is None:
            raise
        logger.info("%s; reading it with LibreOffice", exc)
        try:
            return extract_writer(body, url=url, limits=limits, kind="doc")
        except ExtractError as second:
            # Both readers' reasons: what antiword said is usually the telling one.
            raise ExtractError(f"{exc}; {str(second).removeprefix(f'{url}: ')}") from None


def _antiword(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Text of a DOC file via `antiword -m UTF-8.txt`; ExtractError says what to install if missing."""
    # antiword is fast, a hang means a pathological file; in the sandbox it also inherits the
    # child's memory and CPU limits.
    timeout = (limits or ExtractSettings()).timeout
    program = shutil.which("antiword")
    if program is None:
        raise ExtractError(
            f"{url}: DOC/WPS files need the `antiword` program, which is not on PATH "
            "(install it with `apt-get install antiword`), or LibreOffice (libreoffice-writer)"
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
