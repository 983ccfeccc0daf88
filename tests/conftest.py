"""Shared fixtures: the bundled demo site served on loopback, configs pointing at it."""

from __future__ import annotations

import atexit
import email
import email.message
import email.policy
import errno
import logging
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, settings

from policywatch.demo import LoopbackSite, site_root

# Shared machines are slow at times: no per-example deadline, no "too slow" health check. In CI
# the examples are derived from each test's name, so a run there is reproducible.
settings.register_profile(
    "policywatch", deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("policywatch")

ROOT = Path(__file__).resolve().parent.parent
# subprocesses (`python -m policywatch ...`) import this checkout, whatever directory they run in
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
# the per-user caches (compiled templates, regex and generated code: policywatch.usercache) of the
# suite's processes go to a directory of its own, not the user's ~/.cache: hundreds of one-off
# templates and patterns the tests make are nobody's to keep
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="policywatch-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI configures the root logger; no test may leave that set-up to the next one."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach a non-loopback address fails the test instead of leaving the machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else address
        inet = self.family in (socket.AF_INET, socket.AF_INET6)
        if inet and isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
            raise AssertionError(f"test tried to connect to non-loopback address {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def demo_site() -> Iterator[LoopbackSite]:
    """The bundled demo site in its "before" state on 127.0.0.1 (switch with set_root)."""
    with LoopbackSite(site_root("before")) as site:
        yield site


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for servers that need one up front)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpCollector:
    """An aiosmtpd handler that keeps every message it accepts (raw bytes), or refuses all with 550."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.refuse:
            return "550 5.7.1 mailbox unavailable"
        self.raw.append(envelope.content)
        return "250 OK"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.raw]  # type: ignore[misc]


def start_smtp(handler: object, **kwargs: object) -> Controller:
    """An aiosmtpd server on a free loopback port; tries again if another process took the port first."""
    for attempt in range(5):
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
        try:
            controller.start()
            return controller
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or attempt == 4:
                raise
    raise AssertionError("unreachable")


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def demo_config(tmp_path: Path, base_url: str, extra: str = "") -> Path:
    """A policywatch.toml for the demo site served at base_url."""
    path = tmp_path / "policywatch.toml"
    path.write_text(
        f"""
database = "pw.db"
output_dir = "site"
{extra}
[fetch]
min_delay = 0.0
retries = 1
backoff_base = 0.05

[[sources]]
name = "demo"
listing_urls = ["{base_url}/zcwj/index.html"]
profile = "trs"
allow_private = true
""",
        encoding="utf-8",
    )
    return path
