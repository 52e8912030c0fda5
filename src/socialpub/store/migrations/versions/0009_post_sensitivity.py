"""a post's content warning, sensitive-media flag and first comment; retraction; metrics

Revision ID: 0009
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None

COUNTS = ("likes", "reposts", "replies", "quotes", "impressions")


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_warning", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("sensitive_media", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reply_to", sa.Text(), nullable=True))
    # one first comment per parent, whoever creates it (several NULLs are allowed)
    op.create_index("ux_deliveries_parent_id", "deliveries", ["parent_id"], unique=True)
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_comment", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "first_comment_delay_seconds", sa.Integer(), nullable=False, server_default="0"
            )
        )
    op.create_table(
        "delivery_metrics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("delivery_id", sa.Integer(), sa.ForeignKey("deliveries.id"), nullable=False),
        sa.Column("reading", sa.String(length=8), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=True) for c in COUNTS),
    )
    op.create_index(
        "ux_delivery_metrics_reading", "delivery_metrics", ["delivery_id", "reading"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_delivery_metrics_reading", table_name="delivery_metrics")
    op.drop_table("delivery_metrics")
    op.drop_index("ux_deliveries_parent_id", table_name="deliveries")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("reply_to")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("retracted_at")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("first_comment_delay_seconds")
        batch_op.drop_column("first_comment")
        batch_op.drop_column("sensitive_media")
        batch_op.drop_column("content_warning")
