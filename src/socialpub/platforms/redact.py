"""Keep secrets out of error messages, the audit log and logs.

A platform (or a proxy in front of it) may answer an error with the request echoed back: our
``Authorization`` header, a refresh token in a form body, a bot token in a URL. Before an error
leaves an adapter, every known secret value of its account is replaced, and so is anything that
looks like a credential (bearer tokens, JWTs, ``token=`` parameters, password fields).

Known values are also kept process-wide (never persisted) so that the log filter installed on
socialpub's, httpx's and Celery's loggers can redact them from any line, tracebacks included.
Adapters add the URL patterns of their own platform (``Adapter.secret_patterns``).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

REDACTED = "<redacted>"
MIN_SECRET_LENGTH = 6  # shorter values would redact ordinary words

# Credential-looking text, whatever the platform. Group 1, when present, is kept.
_GENERIC = [
    r"((?:Bearer|Basic|Bot|DPoP)\s+)[A-Za-z0-9._~+/=-]{8,}",
    r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",  # a JWT
    r"((?:access_token|refresh_token|client_secret|id_token|password|app_password|token|"
    r"api_key|secret)[\"']?\s*[=:]\s*[\"']?)[^\s&\"',}]{4,}",
    r"((?:\?|&)(?:access_token|client_secret|refresh_token|key|sig|signature)=)[^&\s\"']+",
]

_lock = threading.Lock()
_patterns: list[str] = list(_GENERIC)
_compiled: re.Pattern[str] = re.compile("|".join(f"(?:{p})" for p in _patterns))
_known: set[str] = set()


def add_pattern(pattern: str) -> None:
    """Redact matches of ``pattern`` everywhere from now on (a group 1, if any, is kept)."""
    global _compiled
    with _lock:
        if pattern not in _patterns:
            _patterns.append(pattern)
            _compiled = re.compile("|".join(f"(?:{p})" for p in _patterns))


def remember(*values: str | None) -> None:
    """Make these secret values redacted from every log line of this process."""
    with _lock:
        _known.update(v for v in values if v and len(v) >= MIN_SECRET_LENGTH)


def _keep_prefix(match: re.Match[str]) -> str:
    kept = next((g for g in match.groups() if g is not None), "")
    # a pattern without a group of its own would hand us another pattern's group: keep none
    return (kept if match.group(0).startswith(kept) else "") + REDACTED


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without ``secrets``, the remembered secret values, or credential-looking parts."""
    values = {s for s in secrets if s}
    with _lock:
        values |= _known
        pattern = _compiled
    # patterns first, so a URL that is a secret keeps its harmless part (".../api/webhooks/1/")
    text = pattern.sub(_keep_prefix, text)
    # then known values, longest first, so a secret that contains another is replaced whole
    for value in sorted((v for v in values if len(v) >= MIN_SECRET_LENGTH), key=len, reverse=True):
        if value in text:
            text = text.replace(value, REDACTED)
    return text


class RedactSecrets(logging.Filter):
    """A log filter that rewrites a record's message (and traceback) with ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


_formatter = logging.Formatter()


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it itself when the line is emitted
        return
    redacted = redact(message)
    if redacted != message:
        record.msg, record.args = redacted, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(_formatter.formatException(record.exc_info))


_installed = False


def install_log_redaction() -> None:
    """Redact every log record of this process when it is made, whichever logger or handler
    prints it (a filter on one logger would miss its children's records). Idempotent."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
