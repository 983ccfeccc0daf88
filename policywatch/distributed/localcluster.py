"""A throw-away cluster on loopback: a private redis-server and N `policywatch worker` processes.

For the distributed tests and benchmarks/distributed.py (and for trying distributed mode on one
machine): nothing is written outside `workdir`, Redis keeps nothing on disk, and `stop()` ends
only the processes it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import redis

READY_TIMEOUT = 60.0


class RedisMissing(RuntimeError):
    """redis-server is not installed (Debian: apt-get install redis-server)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """redis-server on 127.0.0.1:<free port>, in memory only."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisMissing("redis-server not found on PATH (apt-get install redis-server)")
        self.binary = binary
        self.workdir = workdir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--logfile", str(self.workdir / f"redis-{self.port}.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server on port {self.port} did not start") from None
                time.sleep(0.05)
        client.close()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Worker:
    """One `policywatch worker` process (its own process group, so a kill takes its pool too)."""

    def __init__(self, config: Path, *, concurrency: int = 1, name: str, log: Path) -> None:
        self.config = config
        self.concurrency = concurrency
        self.name = name
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "policywatch", "worker", "--config", str(self.config),
                 "--concurrency", str(self.concurrency), "--name", f"{self.name}@%h", "-v"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=os.environ.copy(),
            )
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while b" ready." not in self.log.read_bytes():
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited: {self.log.read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker {self.name} not ready after {timeout:.0f} s")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash or an OOM killer would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown: the task in hand is finished
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()


class LocalCluster:
    """redis-server plus `workers` worker processes serving `config` (whose broker_url must be `redis.url`)."""

    def __init__(self, workdir: Path, redis_server: RedisServer) -> None:
        self.workdir = workdir
        self.redis = redis_server
        self.workers: list[Worker] = []

    def add_workers(self, config: Path, count: int, *, concurrency: int = 1) -> list[Worker]:
        started = [
            Worker(config, concurrency=concurrency, name=f"w{len(self.workers) + i}",
                   log=self.workdir / f"worker-{len(self.workers) + i}.log").start()
            for i in range(count)
        ]
        for worker in started:
            worker.wait_ready()
        self.workers += started
        return started

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def __enter__(self) -> LocalCluster:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop_workers()
        self.redis.stop()
