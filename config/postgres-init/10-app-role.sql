-- The role every long-running socialpub service connects as (docs/security.md). It owns
-- nothing: `socialpub db upgrade`, run as the owner with SOCIALPUB_DATABASE_APP_ROLE set,
-- grants it the tables and only INSERT and SELECT on the audit log.
CREATE ROLE socialpub_app LOGIN;
