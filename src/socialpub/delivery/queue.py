"""The Redis queue as Celery sees it: one place for the app's configuration and for sending.

Messages carry only delivery ids (several per message when many fall due at once); the database
holds everything else. No ETA or countdown is ever used (they live in Redis and worker memory and
are redelivered after the visibility timeout): the dispatcher sends a message only when the
deliveries in it are due.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from typing import Any

from celery import Celery

from socialpub.settings import Settings

PUBLISH_TASK = "socialpub.publish"
URGENT_PRIORITY = 5  # our priorities at or above this jump the routine queue


def make_celery(settings: Settings) -> Celery:
    app = Celery("socialpub", broker=settings.redis_url)
    app.conf.update(
        task_default_queue=settings.celery_queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        # Redis down at start or later: keep retrying (Celery's default gives up after 100).
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options={
            "global_keyprefix": f"{settings.redis_prefix}:",
            "queue_order_strategy": "priority",
            "priority_steps": [0, 3, 6, 9],
            "visibility_timeout": 3600,
        },
    )
    return app


def celery_priority(priority: int) -> int:
    """Kombu's Redis transport serves lower numbers first; ours are higher-is-urgent."""
    return 0 if priority >= URGENT_PRIORITY else 6


def make_enqueue(app: Celery, settings: Settings) -> Any:
    def enqueue(delivery_ids: Sequence[int], priority: int) -> None:
        app.send_task(
            PUBLISH_TASK,
            args=[list(delivery_ids)],
            queue=settings.celery_queue,
            priority=celery_priority(priority),
        )

    return enqueue


def worker_name() -> str:
    return f"worker:{socket.gethostname()}:{os.getpid()}"
