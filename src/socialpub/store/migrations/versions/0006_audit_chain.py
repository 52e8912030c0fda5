"""audit log: hash chain, TRUNCATE guard (PostgreSQL), REPLACE guard (SQLite)

Revision ID: 0006
Revises: 0005

Existing events get their chain computed here, in id order, with the append-only trigger lifted
for the length of this migration only (the migration role owns the table; the application role
cannot do this, see docs/security.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from socialpub.audit import GENESIS, event_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PG_TRUNCATE_GUARD = (
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
)
# REPLACE deletes the row it collides with without firing DELETE triggers (unless
# recursive_triggers is on), so refuse any insert whose id is already taken.
_SQLITE_REPLACE_GUARD = (
    "CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events "
    "WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
)
_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
)

_events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("subject_type", sa.String),
    sa.column("subject_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("details", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def _chain_existing_events() -> None:
    bind = op.get_bind()
    previous, last = GENESIS, 0
    while True:
        rows = bind.execute(
            sa.select(_events).where(_events.c.id > last).order_by(_events.c.id).limit(1000)
        ).all()
        if not rows:
            return
        for row in rows:
            digest = event_hash(previous, row)
            bind.execute(
                sa.update(_events)
                .where(_events.c.id == row.id)
                .values(prev_hash=previous, hash=digest)
            )
            previous, last = digest, row.id


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        _chain_existing_events()
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update")
        op.execute(_PG_TRUNCATE_GUARD)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        _chain_existing_events()
        op.execute(_SQLITE_NO_UPDATE)
        op.execute(_SQLITE_REPLACE_GUARD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_replace")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
