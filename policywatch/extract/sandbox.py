"""Binary attachments (PDF, DOCX, DOC, …) are read in a child process with hard resource limits.

    extract_bounded(body, kind="pdf", url=..., limits=ExtractSettings()) -> ExtractedDocument

A hostile file (a zip bomb, a PDF with one 1 GiB Flate stream, a parser trap) costs at most the
limits of `ExtractSettings`: the child runs under `RLIMIT_AS` (memory_mb) and a per-file
`RLIMIT_CPU` budget (cpu_seconds), the parent waits at most `timeout` wall-clock seconds and
reads at most a bounded reply. A limit hit raises `ExtractRefused` with the honest outcome
(`too_large`, or `unsupported` for a file the child could not read at all) and the reason,
including which limit stopped the child; the run goes on. Inside the child the readers apply
their in-format limits (ZIP directory sizes and ratios, PDF stream size and page count) and the
extracted text is checked against max_text_bytes / max_text_lines before it is sent back.

One child per limit profile (its memory limit: OCR needs more than the other readers) is kept
alive and reused (the parsers are imported once, so a normal attachment costs a pipe round trip,
not a Python start-up), so alternating OCR and PDF files does not restart a child each time;
a child is replaced after any limit hit, and at most MAX_CHILDREN are kept (least recently
used first out).
HTML and text pages are read in the parent (a page must not pay a process hop), except an HTML
page over LARGE_PAGE_CHARS (extract.limits), which the child reads as the pseudo-format
"large_html", with the source's extraction rules passed along as the reader's `options`.

Plugging in a new reader (OCR, OFD, office formats): write a function
``read_x(body: bytes, *, url: str, limits: ExtractSettings) -> ExtractedDocument`` in its own
module under policywatch.extract, raising `ExtractError` for an unreadable file and
`ExtractRefused("too_large", ...)` for an in-format limit, and add ``"x": "module:function"``
to `READERS` (in `extract.limits`). `extract.extract()` then routes that format through the child automatically;
an external program the reader starts inherits the child's limits.

A caller outside extract reads its own bulky input under the same limits with `read_bounded`,
naming its reader as "module:function" (the crawler reads a listing page over LARGE_PAGE_CHARS
this way): extract names no caller, and the reader's value must be one of the model values the
reply unpickler admits (`_ReplyUnpickler`), as ExtractedDocument is.
"""

from __future__ import annotations

import atexit
import importlib
import io
import logging
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from policywatch.config import ExtractSettings
from policywatch.errors import ExtractError
from policywatch.extract.limits import READERS, ExtractInterrupted, ExtractRefused, check_text
from policywatch.model import ExtractedDocument

__all__ = ["MAX_CHILDREN", "READERS", "ExtractInterrupted", "ExtractRefused", "check_text", "child_pids",
           "extract_bounded", "in_child", "read_bounded", "read_in_process", "shutdown", "time_limit"]

MAX_CHILDREN = 3  # limit profiles kept alive at once (in practice two: the readers', OCR's)
_HEADER = struct.Struct("!Q")
_REPLY_SLACK = 1_000_000  # metadata and pickling overhead beside the text itself


@contextmanager
def time_limit(until: float) -> Iterator[None]:
    """Extractions in this thread inside the block end by `until` (a time.monotonic() value),
    whatever extract.timeout allows; one cut off by it raises ExtractInterrupted."""
    outer = getattr(_time, "until", None)
    _time.until = until if outer is None else min(outer, until)
    try:
        yield
    finally:
        _time.until = outer


def _reader(spec: str) -> Callable[..., ExtractedDocument]:
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def read_in_process(body: bytes, *, kind: str, url: str, limits: ExtractSettings,
                    options: Mapping[str, Any] | None = None) -> ExtractedDocument:
    """Run the reader (a READERS key or "module:function") here, without the process limits;
    `options` are passed to it as keyword arguments."""
    return check_text(_read(READERS.get(kind, kind), body, url, limits, options), limits)


def _read(spec: str, body: bytes, url: str, limits: ExtractSettings, options: Mapping[str, Any] | None) -> Any:
    """The value of reader `spec` ("module:function") for `body`; a document's text checked against `limits`."""
    value = _reader(spec)(body, url=url, limits=limits, **(options or {}))
    return check_text(value, limits) if isinstance(value, ExtractedDocument) else value


def extract_bounded(body: bytes, *, kind: str, url: str, limits: ExtractSettings,
                    options: Mapping[str, Any] | None = None) -> ExtractedDocument:
    """Extract `body` (a `kind` in READERS) in the sandbox child; see the module docstring.
    `options` (picklable values) are passed to the reader as keyword arguments.

    Raises ExtractRefused for a limit hit, ExtractError for an unreadable file.
    """
    if kind not in READERS:
        raise ExtractError(f"{url}: no reader for format {kind!r}")
    # the child checked; a second look costs nothing
    return check_text(read_bounded(body, reader=READERS[kind], url=url, limits=limits, options=options), limits)


def read_bounded(body: bytes, *, reader: str, url: str, limits: ExtractSettings,
                 options: Mapping[str, Any] | None = None) -> Any:
    """The value of `reader` ("module:function", called as ``reader(body, url=, limits=, **options)``)
    computed in the sandbox child under `limits`, with extract_bounded's refusals; the value must
    be one the reply unpickler admits (a model value).

    Raises ExtractRefused for a limit hit, ExtractInterrupted when the caller's time_limit ends it,
    ExtractError when the reader failed.
    """
    until = getattr(_time, "until", None)
    if until is not None and until <= time.monotonic():
        raise ExtractInterrupted(f"{url}: not extracted: no time left (fetch.source_timeout)")
    with _LOCK:
        return _worker(limits).run(body, reader=reader, url=url, limits=limits, until=until, options=options)


def shutdown() -> None:
    """Stop every child (at exit; tests use it to start from fresh ones)."""
    with _LOCK:
        while _CHILDREN:
            _CHILDREN.popitem()[1].stop()


def child_pids() -> dict[int, int]:
    """The live children's process ids by their memory limit (MiB), for tests and benchmarks."""
    with _LOCK:
        return {memory_mb: worker.pid for memory_mb, worker in _CHILDREN.items() if worker.alive()}


# --------------------------------------------------------------------------- parent side


_LOCK = threading.Lock()
_time = threading.local()  # .until: the innermost time_limit of this thread
_CHILDREN: dict[int, _Worker] = {}  # by memory limit (the one limit fixed when a child starts); LRU order


def _worker(limits: ExtractSettings) -> _Worker:
    worker = _CHILDREN.pop(limits.memory_mb, None)
    if worker is not None and not worker.alive():
        worker.stop()
        worker = None
    if worker is None:
        while len(_CHILDREN) >= MAX_CHILDREN:  # the least recently used profile makes room
            _CHILDREN.pop(next(iter(_CHILDREN))).stop()
        worker = _Worker(limits.memory_mb)
    _CHILDREN[limits.memory_mb] = worker  # (re)inserted last: the most recently used
    return worker


class _Worker:
    """One child process answering framed pickled requests on its stdin/stdout."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        # The child must import this very policywatch, whatever the parent's working directory.
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"from policywatch.extract.sandbox import _serve; _serve({int(memory_mb)})"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True,
        )
        self.pid = self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

    def run(self, body: bytes, *, reader: str, url: str, limits: ExtractSettings,
            until: float | None = None, options: Mapping[str, Any] | None = None) -> Any:
        own = time.monotonic() + limits.timeout
        deadline = own if until is None else min(own, until)
        # PATH travels with each file: the programs a reader runs are the parent's current ones.
        # The reader travels as "module:function": one registered at run time works in the child too.
        request = pickle.dumps((reader, body, url, limits, os.environ.get("PATH", ""), dict(options or {})),
                               protocol=pickle.HIGHEST_PROTOCOL)
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(_HEADER.pack(len(request)) + request)
            self.process.stdin.flush()
            fd = self.process.stdout.fileno()
            (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
            if size > limits.max_text_bytes * 2 + _REPLY_SLACK:
                raise ExtractRefused("too_large", f"{url}: the extraction child's answer ({size} bytes) exceeds "
                                                  "extract.max_text_bytes", stopped_by="output")
            reply = _ReplyUnpickler(io.BytesIO(_read_exact(fd, size, deadline))).load()
        except TimeoutError:
            self._retire()
            if deadline < own:  # the caller's time ran out, not the file's allowance
                raise ExtractInterrupted(f"{url}: extraction stopped: its source ran out of time "
                                         "(fetch.source_timeout)") from None
            raise ExtractRefused("too_large", f"{url}: extraction took longer than extract.timeout "
                                              f"({limits.timeout:g} s); stopped", stopped_by="timeout") from None
        except ExtractRefused:
            self._retire()
            raise
        except (BrokenPipeError, EOFError, OSError, pickle.UnpicklingError):
            raise self._died(url, limits) from None
        status, payload = reply
        if status == "ok":
            return payload
        outcome, message, retire = payload
        if retire:
            self._retire()
        if outcome == "error":
            raise ExtractError(message)
        raise ExtractRefused(outcome, message, stopped_by="memory" if retire else "")

    def _retire(self) -> None:
        self.stop()
        if _CHILDREN.get(self.memory_mb) is self:
            del _CHILDREN[self.memory_mb]

    def _died(self, url: str, limits: ExtractSettings) -> ExtractRefused:
        """The child ended mid-file (or broke the pipe): say which limit, if any, ended it."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # alive but talking nonsense: it is not trusted again
            self.process.kill()
            self.process.wait()
        code = self.process.returncode
        self._retire()
        if code == -signal.SIGXCPU:
            return ExtractRefused("too_large", f"{url}: extraction stopped by its CPU limit "
                                               f"(extract.cpu_seconds = {limits.cpu_seconds})", stopped_by="cpu")
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            return ExtractRefused("unsupported", f"{url}: the extraction child was ended by {name} "
                                                 f"(memory limit {limits.memory_mb} MiB?)", stopped_by="signal")
        return ExtractRefused("unsupported", f"{url}: the extraction child exited ({code}) while reading this file",
                              stopped_by="exit")


class _ReplyUnpickler(pickle.Unpickler):
    """Unpickles only result values: a child subverted by a hostile file cannot make the
    parent import or call anything else."""

    _BUILTINS = frozenset({"tuple", "list", "dict", "set", "frozenset"})
    _RECORDS = frozenset({"Link", "ListingPage", "DocumentRef"})  # a page's attachment links, a listing page

    def find_class(self, module: str, name: str) -> Any:
        if (module == "policywatch.model" or module == "datetime" or (module == "builtins" and name in self._BUILTINS)
                or (module == "policywatch.model.records" and name in self._RECORDS)):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the extraction child sent a {module}.{name}")


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    """Exactly `size` bytes from `fd` before `deadline` (TimeoutError), or EOFError."""
    chunks = bytearray()
    while len(chunks) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, min(size - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError
        chunks += chunk
    return bytes(chunks)


atexit.register(shutdown)


# --------------------------------------------------------------------------- child side


def in_child() -> bool:
    """True in the sandbox child: its own limits bound what it runs, so a reader there runs
    what the parent would hand to a child (an ignore pattern) directly."""
    return _IN_CHILD


_IN_CHILD = False


def _serve(memory_mb: int) -> None:
    """The child's loop: one request in, one reply out, until stdin closes."""
    global _IN_CHILD
    _IN_CHILD = True
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Parsers warn about every damaged file; only errors reach the run's stderr (cron mails it).
    logging.basicConfig(level=logging.ERROR, format="policywatch extraction child: %(name)s: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a chatty library must not corrupt the reply stream
    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        (size,) = _HEADER.unpack(header)
        spec, body, url, limits, path, options = pickle.loads(stdin.read(size))  # from our own parent
        os.environ["PATH"] = path
        _cpu_budget(limits.cpu_seconds)
        reply: tuple[str, Any]
        try:
            reply = ("ok", _read(spec, body, url, limits, options))
        except ExtractRefused as exc:
            reply = ("refused", (exc.outcome, str(exc), False))
        except MemoryError:
            reply = _out_of_memory(url, memory_mb)
        except RecursionError:
            reply = ("refused", ("unsupported", f"{url}: nested too deeply to read", False))
        except Exception as exc:  # an unreadable file, or a parser bug on a damaged one
            message = str(exc) if isinstance(exc, ExtractError) else (
                f"{url}: not readable ({spec}): {type(exc).__name__}: {exc}")
            # C parsers (lxml, zlib) report a failed allocation as a parse error: judge by the peak
            reply = _out_of_memory(url, memory_mb) if _near_memory_limit(memory_mb) else (
                "refused", ("error", message, False))
        del body
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_HEADER.pack(len(data)) + data)
        stdout.flush()
        if reply[0] == "refused" and reply[1][2]:
            return  # after a MemoryError the heap is not to be trusted: the parent starts a new child


def _out_of_memory(url: str, memory_mb: int) -> tuple[str, Any]:
    """The reply for a file that ran the child out of memory; the child then retires."""
    return ("refused", ("too_large", f"{url}: extraction stopped by its memory limit "
                                     f"(extract.memory_mb = {memory_mb})", True))


def _near_memory_limit(memory_mb: int) -> bool:
    """Whether this child's peak resident size came within 10 % of its address-space limit."""
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak_kib >= memory_mb * 1024 * 0.9


def _cpu_budget(seconds: int) -> None:
    """Let this file use `seconds` more CPU: the soft limit moves, the hard one stays unlimited."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (used + max(1, seconds), hard))

