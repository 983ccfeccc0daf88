"""The run lock: two policywatch runs on the same store never overlap."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType

from policywatch.errors import LockError, LockHeldError


class RunLock:
    """An exclusive lock on a file that holds the holder's PID.

    Held with flock(), which the kernel drops when the holding process dies however it dies;
    so a lock file left by a killed run (its PID gone) is simply taken over, and a PID reused
    by an unrelated process can never keep the lock stuck. `stale_pid` tells who left it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.stale_pid: int | None = None
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            # beside the store: a directory this process cannot write holds a store it cannot write
            why = (" (its directory is read-only: a run writes to the store, so nothing was done; reading commands "
                   "such as list, show, export and site build still work)"
                   if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM) else "")
            raise LockError(f"cannot create lock file {self.path}: {err.strerror}{why}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise LockHeldError(
                f"another policywatch run (pid {holder or 'unknown'}) holds {self.path}; "
                "wait for it to finish"
            ) from None
        self.stale_pid = _read_pid(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        # Empty the file before unlocking so a later reader never sees our PID as a holder.
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing the descriptor drops the flock
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
