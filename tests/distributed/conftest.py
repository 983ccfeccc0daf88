"""A real cluster for the distributed tests: redis-server on a free loopback port and two workers.

Skipped with the reason when redis-server or celery is missing here; .ci/run installs both.
Each test writes its own coordinator config (`cluster_config`) against the shared broker.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("celery", reason="distributed mode needs celery: pip install 'policywatch[distributed]'")
if shutil.which("redis-server") is None:
    pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)", allow_module_level=True)

from policywatch.distributed.localcluster import LocalCluster, RedisServer

TASK_TIME_LIMIT = 4.0  # the session workers kill a document task after this long
HOST_LEASE = 3.0


def distributed_table(url: str, *, queue: str = "policywatch", result_timeout: float = 60.0,
                      visibility_timeout: float = 8.0) -> str:
    return f"""
[distributed]
broker_url = "{url}"
queue = "{queue}"
task_time_limit = {TASK_TIME_LIMIT}
visibility_timeout = {visibility_timeout}
result_timeout = {result_timeout}
host_lease = {HOST_LEASE}
"""


def write_config(path: Path, *, site_url: str, distributed: str = "", min_delay: float = 0.0, extra: str = "",
                 retries: int = 0) -> Path:
    """A config for the generated site at site_url; `distributed` is a [distributed] table or ""."""
    path.write_text(
        f"""
database = "pw.db"
output_dir = "site"
{extra}
[fetch]
min_delay = {min_delay}
retries = {retries}
backoff_base = 0.05
{distributed}
[[sources]]
name = "gen"
listing_urls = ["{site_url}/zcwj/index.html"]
profile = "trs"
allow_private = true
pages = 10
max_pages = 10
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """redis-server plus two `policywatch worker` processes (one pool process each) on queue "policywatch"."""
    workdir = tmp_path_factory.mktemp("cluster")
    with LocalCluster(workdir, RedisServer(workdir).start()) as running:
        config = workdir / "worker.toml"
        config.write_text(distributed_table(running.redis.url), encoding="utf-8")
        running.add_workers(config, 2)
        yield running
