"""Request and response bodies of the actions on posts and deliveries, and of the admin views."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from socialpub.api.params import CleanStr
from socialpub.api.schemas import DeliveryOut

Tz = CleanStr | None


class WhenIn(BaseModel):
    at: CleanStr = Field(max_length=64, description="'now' or ISO 8601, read in tz.")
    tz: Tz = Field(default=None, max_length=64)
    allow_past: bool = Field(default=False, description="A past time publishes at once.")


class ApproveIn(BaseModel):
    at: CleanStr | None = Field(
        default=None, max_length=64, description="A new time, when the scheduled one has passed."
    )
    tz: Tz = Field(default=None, max_length=64)
    allow_past: bool = False


class RejectIn(BaseModel):
    comment: CleanStr = Field(min_length=1, max_length=2000)


class EditIn(BaseModel):
    text: CleanStr | None = Field(default=None, max_length=20_000)
    hashtags: list[CleanStr] | None = Field(default=None, max_length=30)


class EmbargoIn(BaseModel):
    not_before: CleanStr | None = Field(
        default=None, max_length=64, description="ISO 8601 in tz; null lifts the embargo."
    )
    tz: Tz = Field(default=None, max_length=64)


class ReasonIn(BaseModel):
    reason: CleanStr = Field(default="", max_length=500)


class RetryIn(BaseModel):
    checked_by_hand: bool = Field(
        default=False,
        description="An admin looked on a platform that cannot be asked; the post is not there.",
    )


class FeedIn(BaseModel):
    url: CleanStr = Field(min_length=1, max_length=2000)
    account: CleanStr = Field(min_length=1, max_length=120)
    state: Literal["draft", "scheduled"] = "scheduled"
    backfill: int = Field(default=0, ge=0, le=50)


class FeedOut(BaseModel):
    id: int
    url: str
    account: str
    state: str
    backfill: int
    last_polled_at: datetime | None
    last_error: str | None

    model_config = {"from_attributes": True}


class PostDetailOut(BaseModel):
    post_id: int
    author: str
    approval: str
    review_comment: str | None
    not_before: datetime | None
    summary: str
    hashtags: list[str]
    link: str | None
    created_at: datetime
    deliveries: list[DeliveryOut]


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor: str
    subject_type: str
    subject_id: int
    kind: str
    details: dict[str, Any]

    model_config = {"from_attributes": True}


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class ApprovedOut(BaseModel):
    post_id: int
    scheduled: list[int] = Field(description="Delivery ids now scheduled.")


class ReleasedOut(BaseModel):
    released: list[int] = Field(description="Delivery ids released, now scheduled.")


class RecurringIn(BaseModel):
    text: CleanStr = Field(min_length=1, max_length=20_000)
    format: Literal["text", "markdown", "html"] = "text"
    accounts: list[CleanStr] = Field(min_length=1, max_length=1000)
    first: CleanStr = Field(max_length=64, description="First occurrence, ISO 8601 in tz.")
    until: CleanStr = Field(max_length=64, description="Last day (inclusive), ISO 8601 in tz.")
    every: Literal["day", "week", "two_weeks", "month"] = "week"
    tz: Tz = Field(default=None, max_length=64)
    link: CleanStr | None = Field(default=None, max_length=2000)
    draft: bool = False


class RecurringOut(BaseModel):
    series: str
    post_ids: list[int]
    times: list[datetime]


class ImportRowOut(BaseModel):
    row: int
    ok: bool
    post_id: int | None = None
    problem: str | None = None


class ImportReportOut(BaseModel):
    created: list[int] = Field(description="Post ids of the drafts made.")
    rejected: list[ImportRowOut]
    rows: list[ImportRowOut]
