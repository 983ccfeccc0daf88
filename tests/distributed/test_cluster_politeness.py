"""Politeness holds for the whole cluster: the server measures requests arriving from two workers.

One host, a 0.3 s minimum delay, ten documents fetched by two worker processes (plus the run
reading the listing): no two requests may overlap, each must start at least min_delay after
the one before, and a Retry-After sent to one worker must hold back the other as well.
"""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import pytest

from policywatch.config import load_settings
from policywatch.demo import LoopbackSite
from policywatch.demo.server import RecordedRequest, Response
from policywatch.distributed import workers_for
from policywatch.distributed.localcluster import LocalCluster
from policywatch.pipeline import run_once
from policywatch.state import Store
from tests.distributed.conftest import distributed_table, write_config
from tests.sitefactory import GeneratedSite

pytestmark = pytest.mark.slow

MIN_DELAY = 0.3
RETRY_AFTER = 2  # whole seconds, as the header allows
SLACK = 0.02  # clock granularity between Redis's clock and the server's


def test_two_workers_keep_one_request_in_flight_and_the_delay(tmp_path: Path, cluster: LocalCluster) -> None:
    site = GeneratedSite(count=10, seed=11)
    site.write(tmp_path / "web")
    throttled = "/" + site.docs[4].path
    lock = threading.Lock()
    in_flight = 0
    most_in_flight = 0
    spans: list[tuple[float, float, str]] = []
    answered_429 = threading.Event()

    def measure(request: RecordedRequest) -> Response | None:
        nonlocal in_flight, most_in_flight
        with lock:
            in_flight += 1
            most_in_flight = max(most_in_flight, in_flight)
        start = time.monotonic()
        time.sleep(0.03)  # a request that takes a moment, so that an overlap would be seen
        with lock:
            in_flight -= 1
            spans.append((start, time.monotonic(), request.route))
        if request.route == throttled and not answered_429.is_set():
            answered_429.set()
            return Response(status=429, headers={"Retry-After": str(RETRY_AFTER)})
        return None

    with LoopbackSite(tmp_path / "web") as web:
        web.fault_hook = measure
        settings = load_settings(write_config(tmp_path / "pw.toml", site_url=web.url(""), min_delay=MIN_DELAY,
                                              distributed=distributed_table(cluster.redis.url)))
        logs_before = [w.log.read_text(errors="replace").count(web.url("/")) for w in cluster.workers]
        with Store.open(settings.database) as store:
            summary = run_once(settings, store, build_report_site=False, deliver=False, workers=workers_for(settings))
        logs_after = [w.log.read_text(errors="replace").count(web.url("/")) for w in cluster.workers]

    assert summary.new_documents == 9 and summary.outcomes.get("throttled") == 1, summary
    assert all(after > before for before, after in zip(logs_before, logs_after, strict=True)), \
        "both workers must have fetched documents"
    assert most_in_flight == 1
    spans.sort()
    gaps = [(b[0] - a[1], a[2]) for a, b in itertools.pairwise(spans)]
    assert min(gap for gap, _ in gaps) >= MIN_DELAY - SLACK, gaps
    after_429 = next(gap for gap, route in gaps if route == throttled)
    assert after_429 >= RETRY_AFTER - SLACK


def test_the_wait_budget_is_one_tally_for_every_process_of_the_run(tmp_path: Path) -> None:
    """Two processes' Retry-After waits on one host add up against fetch.host_wait_budget."""
    import redis

    from policywatch.distributed.localcluster import RedisServer
    from policywatch.distributed.politeness import ClusterPoliteness

    server = RedisServer(tmp_path).start()
    try:
        one, two = (ClusterPoliteness(redis.Redis.from_url(server.url), run_key="run-1", failure_limit=5,
                                      cooldown=60.0, lease=5.0) for _ in range(2))
        assert one.spend_wait("gov.test", 300.0, 700.0) == 0.0
        assert two.spend_wait("gov.test", 300.0, 700.0) == 300.0
        assert one.spend_wait("gov.test", 300.0, 700.0) is None  # 900 s would pass the budget
        assert two.spend_wait("gov.test", 100.0, 700.0) == 600.0  # the refused wait was not taken
        assert two.spend_wait("other.test", 300.0, 700.0) == 0.0
    finally:
        server.stop()
