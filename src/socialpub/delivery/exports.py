"""History as CSV or JSON, the audit log as JSON Lines: what admins take away.

The history export starts with exactly the columns the CSV import reads (``bulk.COLUMNS``:
text, link, accounts, time, image_url, alt_text), so an export is a valid import; the columns
after them say what became of each delivery. Pure: rows in, text out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from socialpub.store.models import METRIC_COUNTS, AuditEvent, Delivery

IMPORT_COLUMNS = ("text", "link", "accounts", "time", "image_url", "alt_text")
HISTORY_COLUMNS = (
    *IMPORT_COLUMNS,
    "post_id",
    "delivery_id",
    "platform",
    "state",
    "tz",
    "published_at",
    "url",
    "author",
    "attempts",
    "error",
    # the latest reading of the post's public counts (blank before the first, or where the
    # platform offers none)
    *METRIC_COUNTS,
    "metrics_read_at",
)
# A cell starting with one of these is a formula to a spreadsheet: prefix it so it stays text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def history_row(d: Delivery) -> dict[str, Any]:
    media = d.post.media
    return {
        "text": d.text,
        "link": d.post.link or "",
        "accounts": d.account,
        "time": _iso(d.scheduled_at),
        "image_url": "",  # images are stored, not linked: the import fetches by URL
        "alt_text": media[0].alt_text if media else "",
        "post_id": d.post_id,
        "delivery_id": d.id,
        "platform": d.platform,
        "state": d.state,
        "tz": d.scheduled_tz,
        "published_at": _iso(d.published_at),
        "url": d.remote_url or "",
        "author": d.post.author,
        "attempts": d.attempts,
        "error": d.last_error or "",
        **_counts(d.latest_metrics),
    }


def _counts(latest: dict[str, Any] | None) -> dict[str, Any]:
    if latest is None:
        return dict.fromkeys((*METRIC_COUNTS, "metrics_read_at"), "")
    counts = {c: "" if latest[c] is None else latest[c] for c in METRIC_COUNTS}
    return counts | {"metrics_read_at": latest["read_at"]}


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def history_csv(rows: Iterable[Delivery]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HISTORY_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for d in rows:
        writer.writerow({k: _cell(v) for k, v in history_row(d).items()})
    return out.getvalue()


def history_json(rows: Iterable[Delivery]) -> str:
    return json.dumps([history_row(d) for d in rows], ensure_ascii=False, indent=1)


def audit_row(e: AuditEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": _iso(e.at),
        "actor": e.actor,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "kind": e.kind,
        "details": e.details,
    }


def audit_jsonl(events: Sequence[AuditEvent]) -> str:
    return "".join(json.dumps(audit_row(e), ensure_ascii=False, default=str) + "\n" for e in events)
