"""Request and response bodies of the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field

from socialpub.api.params import CleanStr

# Input size limits: generous for any article, small enough that no input costs seconds.
MAX_ARTICLE_CHARS = 200_000
MAX_IMAGE_BASE64 = 14_000_000  # about 10 MB of image


class ImageIn(BaseModel):
    filename: CleanStr = Field(default="image", max_length=255)
    data_base64: str = Field(
        max_length=MAX_IMAGE_BASE64, description="The image file, base64-encoded."
    )
    alt_text: CleanStr = Field(
        min_length=1, max_length=5000, description="What the image shows, for screen readers."
    )


class ComposeIn(BaseModel):
    text: CleanStr = Field(
        min_length=1,
        max_length=MAX_ARTICLE_CHARS,
        description="The article: text, Markdown or HTML.",
    )
    format: Literal["text", "markdown", "html"] = "text"
    accounts: list[CleanStr] = Field(
        min_length=1, max_length=1000, description="Each account once (repeats are ignored)."
    )
    at: CleanStr = Field(default="now", max_length=64)
    tz: CleanStr | None = Field(default=None, max_length=64)
    link: CleanStr | None = Field(default=None, max_length=2048)
    draft: bool = False
    urgent: bool = False
    allow_duplicate: bool = False
    allow_past: bool = Field(default=False, description="A past 'at' publishes at once.")
    not_before: CleanStr | None = Field(
        default=None, max_length=64, description="Embargo: nothing goes out before this (in tz)."
    )
    images: list[ImageIn] = Field(default_factory=list, max_length=10)
    first_comment: CleanStr | None = Field(
        default=None,
        max_length=5000,
        description="Posted as a reply/comment to each published delivery, where the platform"
        " takes one (the link, credits, a hashtag set).",
    )
    first_comment_delay_seconds: int = Field(
        default=0, ge=0, le=7 * 24 * 3600, description="How long after its post it goes out."
    )
    campaign: CleanStr = Field(
        default="", max_length=200, description="Fills {campaign} in the accounts' utm templates."
    )


class PreviewIn(BaseModel):
    text: CleanStr = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    format: Literal["text", "markdown", "html"] = "text"
    accounts: list[CleanStr] = Field(min_length=1, max_length=50)
    link: CleanStr | None = Field(default=None, max_length=2048)
    hashtags: list[CleanStr] | None = Field(default=None, max_length=30)
    first_comment: CleanStr | None = Field(default=None, max_length=5000)
    first_comment_delay_seconds: int = Field(default=0, ge=0, le=7 * 24 * 3600)
    campaign: CleanStr = Field(default="", max_length=200)
    card: bool = Field(default=True, description="Fetch the link's page to show its card.")


class DeliveryOut(BaseModel):
    id: int
    post_id: int
    account: str
    platform: str
    state: str
    text: str
    parts: list[str]
    scheduled_at: datetime
    scheduled_tz: str
    due_at: datetime
    attempts: int
    remote_id: str | None
    remote_url: str | None
    published_at: datetime | None
    last_error: str | None
    metrics: dict[str, object] | None = Field(
        default=None,
        validation_alias=AliasChoices("latest_metrics", "metrics"),
        description="The latest reading of its public counts (likes, reposts, replies, quotes,"
        " impressions; null where the platform offers none), or null before the first.",
    )

    model_config = {"from_attributes": True}


class PostOut(BaseModel):
    post_id: int
    deliveries: list[DeliveryOut]
    first_comment: str | None = None
    first_comment_delay_seconds: int = 0


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor: str
    subject_type: str
    subject_id: int
    kind: str
    details: dict[str, object]

    model_config = {"from_attributes": True}
