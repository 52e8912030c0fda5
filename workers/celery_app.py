"""The Celery app and its one task. Start with ``celery -A workers.celery_app worker``.

The task is thin: it loads nothing itself and hands the delivery ids to the publish service,
which claims them with a conditional update, so a duplicated message does nothing.
"""

from __future__ import annotations

import logging

from celery.signals import worker_process_init

from socialpub.delivery.batch import publish_delivery, publish_many
from socialpub.delivery.publish import DeliveryDoesNotExist
from socialpub.delivery.queue import PUBLISH_TASK, make_celery, worker_name
from socialpub.runtime import Runtime
from socialpub.settings import get_settings

log = logging.getLogger("socialpub.worker")

settings = get_settings()
app = make_celery(settings)
_runtime: Runtime | None = None


def runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = Runtime(get_settings())
    return _runtime


@worker_process_init.connect
def _fresh_runtime_after_fork(**_: object) -> None:
    # A forked child must not share the parent's database connections or HTTP pool.
    global _runtime
    _runtime = None


@app.task(name=PUBLISH_TASK, ignore_result=True)
def publish(delivery_ids: list[int] | int) -> dict[int, str | None] | str | None:
    if isinstance(delivery_ids, list):  # what the dispatcher sends
        outcomes = publish_many(runtime(), delivery_ids, actor=worker_name())
        return {i: None if s is None else s.value for i, s in outcomes.items()}
    try:  # one id: a message from before messages carried several
        state = publish_delivery(runtime(), delivery_ids, actor=worker_name())
    except DeliveryDoesNotExist:
        log.warning("delivery %s does not exist; message dropped", delivery_ids)
        return None
    return None if state is None else state.value
