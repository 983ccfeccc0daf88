"""Build the static report site: incremental, deterministic, never seen half-written.

A manifest of each page's input hash lets the next build skip unchanged pages without
rendering them. A first build is written to a fresh directory next to `out_dir` and swapped in
whole (renameat2 RENAME_EXCHANGE where the kernel has it, else two renames). Later builds cost
what changed, not what the site holds: only the pages whose inputs changed are rendered, into a
staging directory, and moved into place one atomic rename each once all of them rendered
(a failed build leaves the old site as it was), the pages a change adds before the pages that
link to them, so a web server never sees a half-written page or a link to a page not yet there.
Identical inputs always give identical bytes (no build times).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policywatch.errors import UsageError
from policywatch.reports.i18n import Translator
from policywatch.reports.pages import Page, SiteData, site_pages
from policywatch.reports.render import fingerprint, make_environment
from policywatch.reports.search import IndexState
from policywatch.reports.source import ReportSource
from policywatch.reports.streamed import chunks_of
from policywatch.reports.summaries import EventSummaries, code_version

logger = logging.getLogger(__name__)

MANIFEST = ".policywatch-manifest.json"
# Facts about version texts (characters, lines) by sha256, so a rebuild reads no unchanged text.
TEXT_FACTS = ".policywatch-texts.json"
# The source's stamp and the build settings of the last complete build: equal ones on the next
# build mean nothing to do, decided before reading any document or event (issue 15).
STAMP = ".policywatch-stamp.json"
# The search index's state (reports/search.py): lets the next build patch only the shards that change.
SEARCH_STATE = ".policywatch-search.json"
# Each event's words read from its changeset (reports/summaries.py): a build decodes only new ones.
SUMMARIES = ".policywatch-events.json"
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
    salt = fingerprint(templates_dir, (SITE_FORMAT, lang, base_url, title))
    stamp = _stamp(source, salt)
    if stamp is not None and old_manifest and _read_stamp(out_dir) == stamp and all(
            _is_page(os.path.join(out_dir, path)) for path in old_manifest):
        logger.info("site %s: nothing changed since the last build (%d pages)", out_dir, len(old_manifest))
        pages = tuple(sorted(old_manifest))
        return SiteBuild(out_dir, pages, (), pages, ())
    env = make_environment(lang, templates_dir)
    search_state = _read_search_state(out_dir) if old_manifest else None

    def old_file(path: str) -> bytes | None:
        live = out_dir / path
        return live.read_bytes() if path in old_manifest and _is_page(live) else None

    t = Translator(lang)
    summaries = EventSummaries.load(t, f"{salt}:{code_version()}", _read_file(out_dir / SUMMARIES)
                                    if old_manifest else None)
    data = SiteData(source, t, _read_text_facts(out_dir), search_state=search_state, old_file=old_file,
                    summaries=summaries)
    # listed as they are written, never all at once: a build holds one page's inputs at a time
    pages = site_pages(data, env, title=title, base_url=base_url, lang=lang)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-{os.getpid()}-", dir=out_dir.parent))
    # the search index's scratch files: beside the site (same disk, not a RAM-backed /tmp), and
    # named like a staging folder, so one a killed build leaves is removed like its staging
    data.scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-{os.getpid()}-search-", dir=out_dir.parent))
    fresh = not old_manifest or not out_dir.is_dir()
    try:
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the swapped-in site must be readable
        # input keys are kept as bytes, not hex: the manifest has an entry per page, and the
        # site a page per version and per change, so it grows with history (issue 15)
        manifest: dict[str, bytes] = {}
        written, reused = [], []
        for page in pages:  # one page at a time: a build never holds the site in memory
            key = _input_key(salt, page)
            manifest[page.path] = key
            if not fresh and old_manifest.get(page.path) == key and _is_page(os.path.join(out_dir, page.path)):
                reused.append(page.path)
                continue
            if _put(staging / page.path, chunks_of(page.render), None if fresh else out_dir / page.path):
                reused.append(page.path)  # inputs changed, the bytes did not
                continue
            written.append(page.path)
        _write_json(staging / MANIFEST, manifest)
        if stamp is not None:
            _write(staging / STAMP, json.dumps(stamp).encode())
        if data.search_index is not None:
            _write_json(staging / SEARCH_STATE, data.search_index.state.payload())
        # only what this build's pages asked for, dropped in place: a copy would be a second
        # entry per version at the build's peak
        for key in [key for key in data.text_facts if key not in data.text_facts_used]:
            del data.text_facts[key]
        _write_json(staging / TEXT_FACTS, data.text_facts)
        _write_json(staging / SUMMARIES, summaries.payload())
        removed = sorted(path for path in old_manifest if path not in manifest)
        if fresh:
            _swap(staging, out_dir)
        else:
            _commit(staging, out_dir, written, removed, stamped=stamp is not None)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if data.search_index is not None:
            data.search_index.close()
        shutil.rmtree(data.scratch, ignore_errors=True)
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


def _commit(staging: Path, out_dir: Path, written: list[str], removed: list[str], *, stamped: bool) -> None:
    """Move the rendered pages into the live site, linked-to pages first; drop removed pages; manifest last.

    The old stamp and search state go first, so a build interrupted half-way is never taken for
    a complete one, nor its search files patched as if they were the previous build's.
    """
    (out_dir / STAMP).unlink(missing_ok=True)
    (out_dir / SEARCH_STATE).unlink(missing_ok=True)
    for path in sorted(written, key=_commit_rank):
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, target)
    for path in removed:
        gone = out_dir / path
        if gone.is_file() or gone.is_symlink():
            gone.unlink()
        _prune_empty_dirs(gone.parent, out_dir)
    os.replace(staging / TEXT_FACTS, out_dir / TEXT_FACTS)
    os.replace(staging / SUMMARIES, out_dir / SUMMARIES)
    os.replace(staging / MANIFEST, out_dir / MANIFEST)
    if (staging / SEARCH_STATE).is_file():
        os.replace(staging / SEARCH_STATE, out_dir / SEARCH_STATE)
    if stamped:
        os.replace(staging / STAMP, out_dir / STAMP)
    shutil.rmtree(staging, ignore_errors=True)


def _commit_rank(path: str) -> tuple[int, str]:
    """Pages nothing links to yet go first, the pages linking to them after, the front page last."""
    if path.startswith("static/"):
        rank = 0
    elif path.startswith(("changes/", "documents/", "sources/")) and path.count("/") == 2:
        rank = 1  # change, version and source archive pages: linked from document and source pages
    elif path.startswith("documents/"):
        rank = 2
    elif path == "index.html":
        rank = 4
    else:
        rank = 3  # source pages, feeds, search: they link to documents and changes
    return rank, path


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def _is_page(path: Path | str) -> bool:
    """A regular file, not a symlink: one lstat (a build asks this of every page it lists)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _put(path: Path, chunks: Iterable[bytes], live: Path | None) -> bool:
    """Write a page's bytes to `path` as they are made; True, and nothing written, when the `live`
    page already holds exactly these bytes (its inputs changed, its output did not).

    Neither side is held whole: a source page and the search table grow with every change.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as files:
        old = None
        if live is not None and _is_page(live):
            with contextlib.suppress(OSError):
                old = files.enter_context(open(live, "rb"))
        out = files.enter_context(open(path, "wb"))
        for chunk in chunks:
            out.write(chunk)
            if old is not None and old.read(len(chunk)) != chunk:
                old = None
        same = old is not None and not old.read(1)
    if same:
        path.unlink()
    return same


def _input_key(salt: str, page: Page) -> bytes:
    """sha256 of f"{salt}\\0{path}\\0{inputs!r}", the repr fed piece by piece (_feed_repr)."""
    digest = hashlib.sha256(f"{salt}\0{page.path}\0".encode())
    _feed_repr(digest, page.inputs)
    return digest.digest()


def _feed_repr(digest: Any, value: object) -> None:
    """Hash repr(value) in pieces: a source page's inputs (a row per document and change of the
    source) made one string, then its UTF-8 bytes, were a build's peak, growing with every round."""
    kind = type(value)
    if kind is not tuple and kind is not list:  # subclasses (named tuples) have their own repr
        digest.update(repr(value).encode())
        return
    items: Sequence[object] = value  # type: ignore[assignment]
    digest.update(b"(" if kind is tuple else b"[")
    for n, item in enumerate(items):
        if n:
            digest.update(b", ")
        _feed_repr(digest, item)
    digest.update(b",)" if kind is tuple and len(items) == 1 else b")" if kind is tuple else b"]")


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def _write_json(path: Path, value: dict[str, Any]) -> None:
    """value as compact JSON with sorted keys, streamed to the file: the manifest, the text facts,
    the event summaries and the search state have an entry per page, version, event or document,
    and their text made whole was a fresh build's largest allocation, growing with the store;
    written by json.dump instead (the pure-Python encoder), they were a round's largest cost
    growing with the history (issue 15). A large dict goes out a slice of entries at a time,
    each encoded by the C encoder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        _dump(value, out)


_JSON_SLICE = 2000  # entries of a large dict encoded at a time


def _hex(value: object) -> str:
    """Bytes (the manifest's input keys) as hex; anything else JSON cannot write is an error."""
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_hex).encode


def _dump(value: object, out: Any) -> None:
    if not isinstance(value, dict):
        out.write(_encode(value))
        return
    keys = sorted(value)
    out.write("{")
    if len(keys) > _JSON_SLICE:
        for start in range(0, len(keys), _JSON_SLICE):
            out.write(("," if start else "") + _encode({key: value[key] for key in keys[start:start + _JSON_SLICE]})[1:-1])
    else:  # a few entries (the top level of the search state), some of them large dicts
        for n, key in enumerate(keys):
            out.write(("," if n else "") + _encode(key) + ":")
            _dump(value[key], out)
    out.write("}")


def _read_manifest(out_dir: Path) -> dict[str, bytes]:
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
    return {str(k): _key_bytes(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _key_bytes(value: object) -> bytes:
    """A manifest key as bytes; b"" (matching no page, so it is rendered again) when malformed."""
    try:
        return bytes.fromhex(str(value))
    except ValueError:
        return b""


def _stamp(source: ReportSource, salt: str) -> str | None:
    """The source's stamp joined with the build settings; None when the source offers none."""
    stamp = getattr(source, "stamp", None)
    return None if stamp is None else hashlib.sha256(f"{salt}\0{stamp()}".encode()).hexdigest()


def _read_stamp(out_dir: Path) -> str | None:
    try:
        loaded = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, str) else None


def _read_search_state(out_dir: Path) -> IndexState | None:
    """The previous build's search index state; None when missing or unreadable (a full index then)."""
    try:
        return IndexState.from_json((out_dir / SEARCH_STATE).read_bytes())
    except OSError:
        return None


def _read_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_text_facts(out_dir: Path) -> dict[str, tuple[int, int]]:
    """The previous build's text facts; {} when missing or unreadable (they are only a cache)."""
    try:
        loaded = json.loads((out_dir / TEXT_FACTS).read_text(encoding="utf-8"))
        return {str(k): (int(v[0]), int(v[1])) for k, v in loaded.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}


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
