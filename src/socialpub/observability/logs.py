"""One log format for the scheduler, the worker and the API; JSON lines when asked.

``log_format = "json"`` makes every line one JSON object (time, level, logger, message, and the
exception when there is one), which log shippers read without parsing rules. Lines logged while
a delivery is being published carry its ``delivery_id``, ``account`` and ``attempt`` in either
format: ``publishing(attempt)`` sets them for the thread doing the work, so every line in between
(the adapter's, httpx's, ours) has them without each call passing them along.
"""

from __future__ import annotations

import contextvars
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(publishing)s"


class _Publishing(Protocol):
    @property
    def delivery_id(self) -> int: ...
    @property
    def account(self) -> str: ...
    @property
    def attempt(self) -> int: ...


_current: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "socialpub_publishing", default=None
)


@contextmanager
def publishing(attempt: _Publishing) -> Iterator[None]:
    """Tag every log line of this thread with the delivery being published, until the end."""
    token = _current.set(
        {"delivery_id": attempt.delivery_id, "account": attempt.account, "attempt": attempt.attempt}
    )
    try:
        yield
    finally:
        _current.reset(token)


class PublishingFilter(logging.Filter):
    """Adds the delivery fields (or nothing) to every record: ``%(publishing)s`` in text."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = _current.get()
        record.publishing_fields = fields or {}
        record.publishing = (
            " [" + " ".join(f"{k}={v}" for k, v in fields.items()) + "]" if fields else ""
        )
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            **getattr(record, "publishing_fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(log_format: str = "text", level: int = logging.INFO) -> None:
    """Send every logger's lines through one handler on the root logger, in ``log_format``."""
    handler = logging.StreamHandler()
    handler.addFilter(PublishingFilter())
    json_lines = log_format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
