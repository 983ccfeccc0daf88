"""The Celery application both sides build from the [distributed] table: JSON only, acks late.

acks_late + reject_on_worker_lost: a task whose worker dies is put back and done by another
worker (a task is safe to repeat: it only fetches and computes). The broker's visibility
timeout is how long a task taken by a worker that vanished (SIGKILL, power loss) waits before
it is handed out again; it must exceed the task time limit or a slow task would run twice.
"""

from __future__ import annotations

from celery import Celery

from policywatch.config import DistributedSettings

TASK_NAME = "policywatch.document"


def make_app(settings: DistributedSettings) -> Celery:
    app = Celery("policywatch", broker=settings.broker_url, backend=settings.broker_url, set_as_current=False)
    transport = {
        "visibility_timeout": settings.visibility_timeout,
        # look for tasks of vanished workers often; they are handed out once visibility_timeout passed
        "unacked_restore_interval": max(1.0, min(60.0, settings.visibility_timeout / 4)),
        "socket_connect_timeout": 5,
    }
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,  # a document that crashed or timed out is retried next run
        worker_prefetch_multiplier=1,  # a worker holds only the task it is working on
        task_time_limit=settings.task_time_limit,
        task_default_queue=settings.queue,
        broker_transport_options=transport,
        result_backend_transport_options={"socket_connect_timeout": 5},
        redis_socket_connect_timeout=5,
        redis_socket_timeout=60,
        broker_connection_timeout=5,
        broker_connection_retry_on_startup=True,
        result_expires=max(3600, int(settings.result_timeout * 4)),
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_publish_retry=False,  # a lost broker is reported at once, not after minutes
    )
    return app
