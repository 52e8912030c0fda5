"""Two database roles on PostgreSQL: the migration role owns the schema, the application role
only uses it.

The application role may read and write the working tables but may only INSERT and SELECT audit
events: it can neither change nor remove one, nor TRUNCATE the table, nor drop its triggers
(only the owner can). ``socialpub db upgrade`` applies these grants, as the owner, after every
migration when ``database_app_role`` is set, so tables added by later migrations are covered.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

_AUDIT = "audit_events"
_VERSION = "alembic_version"


def grant_app_role(engine: Engine, role: str) -> None:
    """Give ``role`` exactly what the running service needs (PostgreSQL; idempotent)."""
    if engine.dialect.name != "postgresql":
        raise ValueError("database roles apply to PostgreSQL only")
    quoted = engine.dialect.identifier_preparer.quote(role)
    with engine.begin() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if not exists:
            raise ValueError(f"database role {role!r} does not exist: create it first")
        schema = engine.dialect.identifier_preparer.quote(
            str(conn.scalar(text("SELECT current_schema()")))
        )
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {_AUDIT} FROM {quoted}",
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {_VERSION} FROM {quoted}",
        ):
            conn.execute(text(statement))
