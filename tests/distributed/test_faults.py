"""Faults of a cluster: a SIGKILLed worker, a lost broker, a slow worker, results that never come.

Whatever happens, nothing is stored or reported twice and nothing is lost: a document whose
result did not make it into the store is fetched again by the next run.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite
from policywatch.demo.server import RecordedRequest, Response
from policywatch.distributed import workers_for
from policywatch.distributed.localcluster import LocalCluster, RedisServer, free_port
from policywatch.errors import BrokerError
from policywatch.model import EventKind
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.distributed.conftest import TASK_TIME_LIMIT, distributed_table, write_config
from tests.sitefactory import GeneratedSite

pytestmark = pytest.mark.slow


def _run(settings, store):  # type: ignore[no-untyped-def]
    return run_once(settings, store, build_report_site=False, deliver=False, workers=workers_for(settings))


def _versions(store: Store) -> Counter[str]:
    return Counter({d.url: d.version_count for d in store.documents()})


def test_a_sigkilled_worker_loses_and_duplicates_nothing(tmp_path: Path, cluster: LocalCluster) -> None:
    site = GeneratedSite(count=8, seed=3)
    site.write(tmp_path / "web")
    slow = "/" + site.docs[2].path
    state = {"armed": False, "seen": 0}

    def slow_once(request: RecordedRequest) -> Response | None:
        if state["armed"] and request.route == slow:
            state["seen"] += 1
            if state["seen"] == 1:  # the first worker to ask hangs here until it is killed
                time.sleep(2.5)
        return None

    with LoopbackSite(tmp_path / "web") as web:
        web.fault_hook = slow_once
        # a queue of its own, so that only the two workers started here (one to be killed) serve it
        table = distributed_table(cluster.redis.url, queue="killq", visibility_timeout=6.0)
        worker_config = tmp_path / "worker.toml"
        worker_config.write_text(table, encoding="utf-8")
        victims = cluster.add_workers(worker_config, 2)
        settings = load_settings(write_config(tmp_path / "pw.toml", site_url=web.url(""), distributed=table))
        try:
            with Store.open(settings.database) as store:
                assert _run(settings, store).new_documents == 8
                for index in range(len(site.docs)):
                    site.edit(index)
                site.write(tmp_path / "web")
                state["armed"] = True
                offsets = [len(w.log.read_bytes()) for w in victims]

                def kill_the_holder() -> None:
                    while state["seen"] == 0:
                        time.sleep(0.02)
                    time.sleep(0.3)  # mid-task: the slow page is being served to it
                    holder = next(w for w, start in zip(victims, offsets, strict=True)
                                  if web.url(slow).encode() in w.log.read_bytes()[start:])
                    holder.kill()

                killer = threading.Thread(target=kill_the_holder)
                killer.start()
                summary = _run(settings, store)
                killer.join()
                assert sum(1 for w in victims if w.process is not None and w.process.poll() is not None) == 1
                assert state["seen"] >= 2, "the killed worker's task must have been done again"
                assert not summary.errors, summary.errors
                changed = [e.url for e in summary.events if e.kind is EventKind.CHANGED]
                assert sorted(changed) == sorted({*changed}) and len(changed) == 8
                assert set(_versions(store).values()) == {2}
                again = _run(settings, store)
                assert again.events == () and set(_versions(store).values()) == {2}
        finally:
            for worker in victims:
                worker.stop()
            cluster.workers = [w for w in cluster.workers if w not in victims]


def test_a_lost_broker_fails_the_run_clearly_and_the_next_run_completes(tmp_path: Path,
                                                                        cluster: LocalCluster) -> None:
    site = GeneratedSite(count=5, seed=5)
    site.write(tmp_path / "web")
    port = free_port()
    with LoopbackSite(tmp_path / "web") as web:
        config = write_config(tmp_path / "pw.toml", site_url=web.url(""),
                              distributed=distributed_table(f"redis://127.0.0.1:{port}/0", queue="lostq"))
        command = [sys.executable, "-m", "policywatch", "run", "--config", str(config)]
        failed = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert failed.returncode == 1
        assert "broker cannot be reached" in failed.stderr and f"127.0.0.1:{port}" in failed.stderr
        assert "Traceback" not in failed.stderr
        # the broker comes back, with a worker: the next run does the whole work
        back = RedisServer(tmp_path / "redis", port=port).start()
        try:
            local = LocalCluster(tmp_path, back)
            worker_config = tmp_path / "worker.toml"
            worker_config.write_text(distributed_table(back.url, queue="lostq"), encoding="utf-8")
            local.add_workers(worker_config, 1)
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            local.stop_workers()
        finally:
            back.stop()
        with Store.open(load_settings(config).database) as store:
            assert len(store.documents()) == 5


def test_results_that_never_come_are_retried_next_run(tmp_path: Path, cluster: LocalCluster) -> None:
    site = GeneratedSite(count=4, seed=9)
    site.write(tmp_path / "web")
    with LoopbackSite(tmp_path / "web") as web:
        # nobody serves this queue: no result comes back within result_timeout
        orphan = load_settings(write_config(
            tmp_path / "pw.toml", site_url=web.url(""),
            distributed=distributed_table(cluster.redis.url, queue="nobody", result_timeout=1.0)))
        with Store.open(orphan.database) as store:
            lost = _run(orphan, store)
            assert len(lost.errors) == 4 and all("no result from the workers" in e for e in lost.errors)
            assert store.documents() == []
            served = load_settings(write_config(tmp_path / "pw.toml", site_url=web.url(""),
                                                distributed=distributed_table(cluster.redis.url)))
            done = _run(served, store)
            assert not done.errors and len(store.documents()) == 4
            # as when a first run's fetches all fail in one process: its baseline counted none, and
            # each document is now reported once as new
            assert sorted(e.url for e in done.events if e.kind is EventKind.NEW_DOCUMENT) == \
                sorted(d.url for d in store.documents())


def test_a_task_over_its_time_limit_is_retried_next_run(tmp_path: Path, cluster: LocalCluster) -> None:
    site = GeneratedSite(count=3, seed=13)
    site.write(tmp_path / "web")
    hanging = {"/" + site.docs[1].path}

    def hang(request: RecordedRequest) -> Response | None:
        if request.route in hanging:
            return Response(body=b"<html></html>", delay=TASK_TIME_LIMIT + 2)
        return None

    with LoopbackSite(tmp_path / "web") as web:
        web.fault_hook = hang
        settings = load_settings(write_config(tmp_path / "pw.toml", site_url=web.url(""),
                                              distributed=distributed_table(cluster.redis.url)))
        with Store.open(settings.database) as store:
            first = _run(settings, store)
            assert len(store.documents()) == 2
            assert len(first.errors) == 1 and "TimeLimitExceeded" in first.errors[0], first.errors
            hanging.clear()
            second = _run(settings, store)
            assert not second.errors and len(store.documents()) == 3


def test_a_broker_lost_mid_run_stops_the_run_with_a_clear_error(tmp_path: Path) -> None:
    site = GeneratedSite(count=3, seed=17)
    site.write(tmp_path / "web")
    broker = RedisServer(tmp_path / "redis").start()
    try:
        with LoopbackSite(tmp_path / "web") as web:
            # nobody serves the queue: the run is waiting for results when the broker goes
            settings = load_settings(write_config(
                tmp_path / "pw.toml", site_url=web.url(""), distributed=distributed_table(broker.url, queue="nobody")))
            threading.Timer(1.5, broker.stop).start()
            started = time.monotonic()
            with Store.open(settings.database) as store, pytest.raises(BrokerError, match="cannot be reached"):
                _run(settings, store)
            assert time.monotonic() - started < 60
    finally:
        broker.stop()
