"""WPS, ET, DOC and XLS files through LibreOffice in headless mode (`soffice --convert-to`).

Writer documents (DOC, and WPS, which WPS Office writes in the Word format) become UTF-8 text;
spreadsheets (XLS of Excel 97 or 5.0/95, ET, XLSX, ODS) become one line per row with cells joined by tabs, like DOCX
tables, every sheet of the workbook (a second sheet, 明细 after 汇总, was silently dropped when
only the first was converted) but the ones it hides (hidden_sheets.py). `antiword` stays the
light path for DOC (doc.py); LibreOffice reads what it cannot.

LibreOffice runs with a private profile (-env:UserInstallation) made once per process, so
it never touches a user's profile and starts faster on the next file; in its own process
group, so a timeout kills soffice.bin too, not only the launcher script; and inside the
extraction child, whose memory and CPU limits it inherits.
"""

from __future__ import annotations

import atexit
import csv
import functools
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract import metadata as meta
from policywatch.extract.decode import as_latin_codes, gbk_cells_repaired, latin_as_gbk
from policywatch.extract.hidden_sheets import hidden_sheets, workbook_codec
from policywatch.extract.sniff import OLE_MAGIC
from policywatch.model import ExtractedDocument

__all__ = ["extract_presentation", "extract_sheet", "extract_writer", "impress", "libreoffice", "utf8_locale"]

TEXT_FILTER = "txt:Text (encoded):UTF8"
# CSV filter options: field separator 9 (tab), text delimiter 34 ("), charset 76 (UTF-8), first line 1,
# cell format and language left default, no quoting of all text cells, detect numbers, cells as shown,
# no formulas, spaces kept, and sheet -1: every sheet to a file of its own (LibreOffice 7.2 and later;
# an older one ignores it and converts the first sheet)
CSV_FILTER = 'csv:Text - txt - csv (StarCalc):9,34,76,1,,0,false,true,true,false,false,-1'
_SHEET_LINE = re.compile(r"^Writing sheet (.*) -> (.*)$", re.M)  # what LibreOffice prints per sheet, in order
_BIFF5_STREAM = "Book".encode("utf-16-le")  # Excel 95's stream name (Excel 97's is Workbook)
MIN_TIMEOUT = 60.0  # seconds: LibreOffice's own start-up takes several on a busy machine


def libreoffice() -> str | None:
    """Path of the soffice program, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def impress() -> bool:
    """Whether this LibreOffice has Impress, which reads presentations: Debian and others ship it
    apart (libreoffice-impress), and without it soffice converts no PPT at all. Known by its
    configuration file (impress.xcd) in the installation's registry, which only that package
    installs. An installation whose registry cannot be found is taken to have it: converting
    the deck then says what is wrong, where a wrong "not installed" would leave every deck unread."""
    program = libreoffice()
    if program is None:
        return False
    registries = _registries(program)
    return not registries or any((registry / "impress.xcd").exists() for registry in registries)


# an absolute path a wrapper script names (exec /opt/libreoffice7.6/program/soffice "$@")
_SCRIPT_PATH = re.compile(rb"/[\w.+@~-]+(?:/[\w.+@~-]+)*")
_SCRIPT_BYTES = 65536  # a wrapper is a few lines; a larger file is the program itself


def _registries(program: str) -> list[Path]:
    """The registry directories (share/registry; Resources/registry on macOS) holding main.xcd of
    the LibreOffice `program` runs: found from its resolved path (…/program/soffice), or, when it
    is a wrapper script (/usr/local/bin/soffice, a snap or distribution shim) whose own directory
    holds no installation, from the paths the script names."""
    path = Path(program).resolve()
    found = _registries_near(path)
    if found:
        return found
    try:
        head = path.read_bytes()[:_SCRIPT_BYTES] if path.stat().st_size <= _SCRIPT_BYTES else b""
    except OSError:
        return []
    if not head.startswith(b"#!"):
        return []
    named = dict.fromkeys(match.decode("utf-8", "replace") for match in _SCRIPT_PATH.findall(head)
                          if b"office" in match.lower())
    return list(dict.fromkeys(registry for name in named for registry in _registries_near(Path(name))))


def _registries_near(path: Path) -> list[Path]:
    """The registries with a main.xcd at or up to two levels above `path` (the program, its
    program/ directory or the installation's root)."""
    try:
        path = path.resolve()
    except (OSError, RuntimeError):
        return []
    places = (path, *list(path.parents)[:2])
    return [registry for place in places for registry in (place / "share" / "registry", place / "Resources" / "registry")
            if (registry / "main.xcd").is_file()]


def extract_presentation(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """The slides' text of a PPT (PowerPoint 97-2003, WPS 演示's .dps) or ODP deck: LibreOffice
    Impress converts it to PPTX, which the PPTX reader reads (slides in order, their paragraphs).
    Without Impress the deck is refused by name, so it is reported as unread, never passed over."""
    # an ODP is a ZIP package; PPT and DPS are OLE files: each is named as what it is
    odp = body.startswith(b"PK\x03\x04")
    what = "an OpenDocument (ODP) presentation" if odp else "a PowerPoint (PPT, or WPS DPS) presentation"
    if not impress():
        raise ExtractError(f"{url}: {what}, a format policywatch reads only through LibreOffice Impress, which is not "
                           "installed (apt-get install libreoffice-impress)")
    from policywatch.extract.pptx import extract_pptx

    try:
        converted = _convert(body, url=url, suffix=".odp" if odp else ".ppt", target="pptx",
                             limits=limits or ExtractSettings())[0][1]
    except ExtractError as exc:
        raise ExtractError(f"{url}: {what}: {str(exc).removeprefix(f'{url}: ')}") from None
    document = extract_pptx(converted, url=url, limits=limits)
    return replace(document, format="ppt")


def extract_writer(body: bytes, *, url: str, limits: ExtractSettings | None = None, kind: str = "doc") -> ExtractedDocument:
    """Text of a DOC/WPS (or any Writer-readable) file, one paragraph per line."""
    data = _convert(body, url=url, suffix=".doc", target=TEXT_FILTER, limits=limits or ExtractSettings())[0][1]
    lines = data.decode("utf-8-sig", "replace").splitlines()
    text = "\n".join(line.strip() for line in lines if line.strip())
    return ExtractedDocument(url=url, format=kind, text=text, metadata=meta.from_text(text))


def extract_sheet(body: bytes, *, url: str, limits: ExtractSettings | None = None) -> ExtractedDocument:
    """Every row of every sheet of an XLS/ET/XLSX file as one line, cells joined by tabs.

    A workbook with one sheet holding text reads as that sheet's rows; with more, each sheet's
    rows follow a `【sheet name】` line (as a ZIP bundle's members do), so a row is never taken
    for one of another sheet. Empty sheets add nothing."""
    sheets = []
    hidden = hidden_sheets(body)
    # an Excel 95 (BIFF5) workbook stores its text in a code page its CODEPAGE record names; one
    # without the record, or labelled 1252 by a converter, holds GBK that LibreOffice reads as
    # Latin-1 (北京市 → ±±¾©ÊÐ): such lines are re-read as GBK (BIFF8 and XLSX store Unicode)
    biff5 = body.startswith(OLE_MAGIC) and _BIFF5_STREAM in body[:1_000_000]
    for name, data in _convert(body, url=url, suffix=".xls", target=CSV_FILTER, limits=limits or ExtractSettings()):
        if name in hidden:  # a dropdown list or lookup data the workbook hides: no content of it
            continue
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig", "replace")), delimiter="\t")
        lines = ["\t".join(cell.strip() for cell in row).strip("\t") for row in rows]
        text = "\n".join(line for line in lines if line.strip())
        if text:
            sheets.append((name, text))
    repaired, codec = 0, ""
    if biff5:  # judged over the whole workbook: its cells went through one code page
        # labelled Mac Roman (10000, or 32768 as Excel 95 for the Mac wrote it) and holding GBK,
        # LibreOffice reads 北京 as ±±æ© instead of ±±¾©: the same judgement, on the bytes
        codec = "mac-roman" if workbook_codec(body) == "mac-roman" else ""
        texts, repaired = gbk_cells_repaired([text for _, text in sheets], codec=codec)
        sheets = [(name, text) for (name, _), text in zip(sheets, texts, strict=True)]
    if repaired:  # the workbook's text is GBK read as Latin-1: so are its sheet names, too short to judge alone
        sheets = [(latin_as_gbk(as_latin_codes(name, codec)) or name, text) for name, text in sheets]
    text = sheets[0][1] if len(sheets) == 1 else "\n".join(f"【{name}】\n{rows}" for name, rows in sheets)
    warnings = (f"an Excel 95 workbook whose code page is missing or wrong: {repaired} line(s) of GBK codes "
                f"read as {'Mac Roman' if codec else 'Latin-1'}, re-read as GBK",) if repaired else ()
    return ExtractedDocument(url=url, format="xls", text=text, metadata=meta.from_text(text), warnings=warnings)


def _convert(body: bytes, *, url: str, suffix: str, target: str, limits: ExtractSettings) -> list[tuple[str, bytes]]:
    """The converted files, (name, bytes) each, in the document's order: one for a Writer
    document, one per sheet for a workbook (named by its sheet)."""
    program = libreoffice()
    if program is None:
        raise ExtractError(f"{url}: this format needs LibreOffice, which is not installed "
                           "(apt-get install libreoffice-core libreoffice-writer libreoffice-calc)")
    timeout = max(limits.timeout, MIN_TIMEOUT)
    with tempfile.TemporaryDirectory(prefix="policywatch-office-") as work:
        source = Path(work) / f"attachment{suffix}"
        source.write_bytes(body)
        out = Path(work) / "out"
        command = [program, "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                   f"-env:UserInstallation={_profile().as_uri()}", "--convert-to", target,
                   "--outdir", str(out), str(source)]
        # its temporary files (lu*.tmp) in the work directory, removed with it: killed at the
        # timeout, LibreOffice left them in $TMPDIR, one a conversion
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                   env={**_utf8_environment(), "TMPDIR": work})
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ExtractError(f"{url}: LibreOffice did not convert it within {timeout:g} s") from None
        results = sorted(out.glob("*")) if out.exists() else []
        written = _SHEET_LINE.findall(stdout.decode("utf-8", "replace"))
        if len({path for _, path in written}) > len(results):
            # it named the sheets' files in a character type without Chinese (in-???.csv) and
            # could not write them: what would be read is not the workbook, so nothing is
            raise ExtractError(f"{url}: LibreOffice wrote {len(results)} of the {len(written)} sheets it converted: "
                               "this system has no UTF-8 locale to name their files in (install one: C.UTF-8 or "
                               "zh_CN.UTF-8)")
        if not results:
            reason = stderr.decode("utf-8", "replace").strip().splitlines()
            raise ExtractError(f"{url}: LibreOffice cannot read this file"
                               + (f": {reason[-1]}" if reason else f" (exit {process.returncode})"))
        # sheets in the workbook's order, as LibreOffice says it writes them (a file name's
        # order is not the sheets'); a file it did not name (one sheet, an older version) by name
        named = {Path(path).name: sheet for sheet, path in written}
        order = list(named)
        results.sort(key=lambda path: order.index(path.name) if path.name in named else len(order))
        return [(named.get(path.name, path.stem), path.read_bytes()) for path in results]


def _utf8_environment(available: tuple[str, ...] | None = None) -> dict[str, str]:
    """The environment with a UTF-8 character type: under LC_ALL=C LibreOffice names a sheet's
    file in-???.csv and writes nothing, and prints the sheet names as ???, so a workbook with
    Chinese sheet names could not be read at all. Set only when the character type is not UTF-8
    already: a zh_CN.UTF-8 environment keeps its own (number and date formats too).

    The locale is one this system has (`available`, default `locale -a`): C.UTF-8 where it
    exists, else another UTF-8 one (zh_CN, en_US first). C.UTF-8 is not everywhere (glibc before
    2.35 without a distribution's C.utf8 package: RHEL/CentOS 7, older SUSE), and a locale that
    does not exist leaves LibreOffice in C, which is where the ??? came from. With no UTF-8 locale
    at all the environment is left as it is: `_convert` then says which sheets could not be written."""
    env = dict(os.environ)
    ctype = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if not re.search(r"utf-?8", ctype, re.I):
        available = _system_locales() if available is None else available
        # a system whose locales cannot be listed gets what glibc 2.35 and later always have
        chosen = "C.UTF-8" if available is None else utf8_locale(available)
        if chosen:
            env["LC_ALL"] = chosen
    return env


def utf8_locale(available: tuple[str, ...]) -> str | None:
    """The UTF-8 locale to run a child program in, of the `locale -a` names `available`."""
    utf8 = [name for name in available if re.search(r"\.utf-?8(@|$)", name, re.I)]
    for preferred in ("c", "zh_cn", "en_us"):
        for name in utf8:
            if name.lower().partition(".")[0] == preferred:
                return name
    return utf8[0] if utf8 else None


@functools.cache
def _system_locales() -> tuple[str, ...] | None:
    """`locale -a`: the locales this system has (LOCPATH's, when it is set); None when it cannot say."""
    try:
        done = subprocess.run(["locale", "-a"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return tuple(done.stdout.decode("utf-8", "replace").split())


@functools.cache
def _profile() -> Path:
    """A LibreOffice profile of this process's own, removed at exit."""
    path = Path(tempfile.mkdtemp(prefix="policywatch-lo-profile-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
