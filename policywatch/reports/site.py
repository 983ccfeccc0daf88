"""Build the static report site: incremental, deterministic, swapped in atomically.

The site is written to a fresh directory next to `out_dir` and exchanged with it in one step
(renameat2 RENAME_EXCHANGE where the kernel has it, else two renames), so a web server never
sees a half-written site. A manifest of each page's input hash lets the next build carry
unchanged pages over as hard links instead of rendering them again: a rebuild from the same
store rewrites nothing, and identical inputs always give identical bytes (no build times).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from policywatch.errors import UsageError
from policywatch.reports.i18n import Translator
from policywatch.reports.pages import Page, SiteData, site_pages
from policywatch.reports.render import fingerprint, make_environment
from policywatch.reports.source import ReportSource

logger = logging.getLogger(__name__)

MANIFEST = ".policywatch-manifest.json"
# Bump when page inputs are interpreted differently, so old manifests stop matching.
SITE_FORMAT = "1"


@dataclass(frozen=True, slots=True)
class SiteBuild:
    """What a build did. Paths are relative to out_dir, sorted."""

    out_dir: Path
    pages: tuple[str, ...]  # every file of the new site
    written: tuple[str, ...]  # rendered and written by this build
    reused: tuple[str, ...]  # carried over from the previous build untouched
    removed: tuple[str, ...]  # in the previous build, no longer part of the site


def build_site(
    source: ReportSource,
    out_dir: Path,
    *,
    base_url: str = "",
    lang: str = "zh",
    templates_dir: Path | None = None,
    title: str = "policywatch",
) -> SiteBuild:
    """Write the report site for everything `source` holds into `out_dir`."""
    out_dir = Path(out_dir)
    if out_dir.is_symlink():
        # swap at the real location, so the link (often how a web server is pointed here) stays
        out_dir = out_dir.resolve()
    old_manifest = _read_manifest(out_dir)
    env = make_environment(lang, templates_dir)
    salt = fingerprint(templates_dir, (SITE_FORMAT, lang, base_url, title))
    data = SiteData(source, Translator(lang))
    pages = list(site_pages(data, env, title=title, base_url=base_url, lang=lang))

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-{os.getpid()}-", dir=out_dir.parent))
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the swapped-in site must be readable
        manifest, written, reused = {}, [], []
        for page in pages:
            key = _input_key(salt, page)
            manifest[page.path] = key
            if _carry_over(page.path, out_dir, staging, same_inputs=old_manifest.get(page.path) == key):
                reused.append(page.path)
                continue
            body = page.render()
            if _carry_over(page.path, out_dir, staging, same_bytes=body):
                reused.append(page.path)
                continue
            _write(staging / page.path, body)
            written.append(page.path)
        _write(staging / MANIFEST, json.dumps(manifest, sort_keys=True, indent=0).encode())
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    removed = sorted(set(old_manifest) - set(manifest))
    logger.info("site %s: %d pages, %d written, %d unchanged, %d removed",
                out_dir, len(manifest), len(written), len(reused), len(removed))
    return SiteBuild(out_dir, tuple(sorted(manifest)), tuple(sorted(written)), tuple(sorted(reused)),
                     tuple(removed))


def _remove_stale_builds(out_dir: Path) -> None:
    """Delete staging folders a killed build left behind (its process is gone).

    A failing build removes its own folder; only SIGKILL or a power cut leaves one. Folders of
    builds still running (another process) are left alone.
    """
    for folder in out_dir.parent.glob(f".{out_dir.name}.build-*"):
        pid = folder.name.removeprefix(f".{out_dir.name}.build-").split("-", 1)[0]
        if folder.is_dir() and not (pid.isdigit() and _alive(int(pid))):
            logger.info("removing %s, left by an interrupted site build", folder)
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _input_key(salt: str, page: Page) -> str:
    return hashlib.sha256(f"{salt}\0{page.path}\0{page.inputs!r}".encode()).hexdigest()


def _carry_over(path: str, old_root: Path, new_root: Path, *, same_inputs: bool = False,
                same_bytes: bytes | None = None) -> bool:
    """Hard-link the previous build's file into the new one when it is known to be current."""
    old = old_root / path
    if not old.is_file() or old.is_symlink():
        return False
    if not same_inputs and (same_bytes is None or old.stat().st_size != len(same_bytes)
                            or old.read_bytes() != same_bytes):
        return False
    target = new_root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, target)
    except OSError:
        shutil.copy2(old, target)
    return True


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def _read_manifest(out_dir: Path) -> dict[str, str]:
    """The previous build's manifest; refuses to replace a directory policywatch did not write."""
    if not out_dir.exists():
        return {}
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir}: the site output path exists and is not a directory")
    path = out_dir / MANIFEST
    if not path.is_file():
        if any(out_dir.iterdir()):
            raise UsageError(f"{out_dir}: not empty and not a policywatch site (no {MANIFEST}); "
                             "choose another output_dir or empty it")
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        logger.warning("%s: unreadable site manifest, rebuilding every page", path)
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _swap(staging: Path, out_dir: Path) -> None:
    """Put the staged site at out_dir and remove the previous one."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    previous = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    os.rename(out_dir, previous)
    os.rename(staging, out_dir)
    shutil.rmtree(previous, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories (Linux renameat2); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
