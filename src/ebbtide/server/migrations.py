"""The server's own tables, beside the personal store's, as named, ordered migrations.

Each migration runs in one transaction and is recorded in ``srv_migrations``. The tables
(all prefixed ``srv_``) hold accounts, sessions, memberships, consent grants and the
audit trail; the personal records stay in the store's tables, one subject per client.

The audit table is append-only for everyone but a superuser: a trigger refuses UPDATE,
DELETE and TRUNCATE, and the application's role is granted INSERT and SELECT only.
Each row carries ``prev_hash`` and ``hash`` (see ``audit.row_hash``); ``srv_audit_head``
holds the newest row's id and hash so a removed tail row is noticed too.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

INITIAL = """
CREATE TABLE srv_organisations (
    id SERIAL PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('clinic', 'study')),
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE srv_accounts (
    id SERIAL PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('client', 'clinician', 'study-admin', 'site-admin')),
    password_hash TEXT NOT NULL,
    totp_secret TEXT,
    totp_last BIGINT,
    subject_id INTEGER REFERENCES subjects(id) ON DELETE SET NULL,
    tz TEXT NOT NULL DEFAULT 'UTC',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE srv_memberships (
    account_id INTEGER NOT NULL REFERENCES srv_accounts(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES srv_organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, org_id)
);
CREATE TABLE srv_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES srv_accounts(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ
);
CREATE INDEX ix_srv_sessions_account ON srv_sessions (account_id);
CREATE TABLE srv_login_attempts (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    ok BOOLEAN NOT NULL
);
CREATE INDEX ix_srv_login_attempts_email ON srv_login_attempts (email, at);
CREATE INDEX ix_srv_login_attempts_address ON srv_login_attempts (address, at);
CREATE TABLE srv_grants (
    id SERIAL PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES srv_accounts(id) ON DELETE CASCADE,
    grantee_account_id INTEGER REFERENCES srv_accounts(id) ON DELETE CASCADE,
    grantee_org_id INTEGER REFERENCES srv_organisations(id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('treatment', 'research')),
    data_from DATE,
    data_to DATE,
    until DATE NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    reflections TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    CHECK ((grantee_account_id IS NULL) <> (grantee_org_id IS NULL))
);
CREATE INDEX ix_srv_grants_client ON srv_grants (client_id);
CREATE INDEX ix_srv_grants_grantee ON srv_grants (grantee_account_id);
CREATE TABLE srv_enrolments (
    org_id INTEGER NOT NULL REFERENCES srv_organisations(id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES srv_accounts(id) ON DELETE CASCADE,
    enrolled_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, client_id)
);
CREATE TABLE srv_audit (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    scope TEXT,
    grant_uid TEXT,
    row_count INTEGER NOT NULL DEFAULT 0,
    request_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX ix_srv_audit_subject ON srv_audit (subject, id);
CREATE TABLE srv_audit_head (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    last_id BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
CREATE FUNCTION srv_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'srv_audit is append-only';
END $$;
CREATE TRIGGER srv_audit_append_only BEFORE UPDATE OR DELETE ON srv_audit
    FOR EACH ROW EXECUTE FUNCTION srv_audit_refuse();
CREATE TRIGGER srv_audit_no_truncate BEFORE TRUNCATE ON srv_audit
    FOR EACH STATEMENT EXECUTE FUNCTION srv_audit_refuse();
REVOKE UPDATE, DELETE, TRUNCATE ON srv_audit FROM PUBLIC;
"""

# The role the web server should connect as: it may read and write everything it needs,
# and only append to the audit trail. Created once per cluster; NOLOGIN until an operator
# gives it a password (``ALTER ROLE ebbtide_app LOGIN PASSWORD …``).
APP_ROLE = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ebbtide_app') THEN
        CREATE ROLE ebbtide_app NOLOGIN;
    END IF;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    srv_organisations, srv_accounts, srv_memberships, srv_sessions, srv_login_attempts,
    srv_grants, srv_enrolments, srv_audit_head TO ebbtide_app;
GRANT SELECT, INSERT ON srv_audit TO ebbtide_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ebbtide_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ebbtide_app;
REVOKE UPDATE, DELETE, TRUNCATE ON srv_audit FROM ebbtide_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ebbtide_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ebbtide_app;
GRANT ebbtide_app TO CURRENT_USER;
"""

# One round trip per audit row, and one chain order under concurrency: the function takes
# the chain lock in one statement and reads the head in the next, so the head it reads is
# the one the previous holder of the lock committed (a single statement would read its
# snapshot from before the wait, and two rows could then follow the same head). The hash
# is SHA-256 over the canonical JSON that ``audit.row_hash`` builds; Python sends it in
# three pieces around the two values only the database knows here: the id and the
# previous hash.
AUDIT_APPEND = """
CREATE FUNCTION srv_audit_append(
    p_at TIMESTAMPTZ, p_actor TEXT, p_role TEXT, p_action TEXT, p_subject TEXT,
    p_scope TEXT, p_grant TEXT, p_rows INTEGER, p_request TEXT, p_outcome TEXT,
    p_before_id TEXT, p_before_prev TEXT, p_after_prev TEXT
) RETURNS BIGINT LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
DECLARE
    v_prev TEXT;
    v_id BIGINT;
    v_hash TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(7312);
    SELECT last_hash INTO v_prev FROM srv_audit_head WHERE one = 1;
    v_prev := coalesce(v_prev, repeat('0', 64));
    v_id := nextval('srv_audit_id_seq');
    v_hash := encode(sha256(convert_to(
        p_before_id || v_id::text || p_before_prev || v_prev || p_after_prev, 'UTF8')), 'hex');
    INSERT INTO srv_audit (id, at, actor, role, action, subject, scope, grant_uid, row_count,
                           request_id, outcome, prev_hash, hash)
    VALUES (v_id, p_at, p_actor, p_role, p_action, p_subject, p_scope, p_grant, p_rows,
            p_request, p_outcome, v_prev, v_hash);
    INSERT INTO srv_audit_head (one, last_id, last_hash) VALUES (1, v_id, v_hash)
    ON CONFLICT (one) DO UPDATE SET last_id = EXCLUDED.last_id, last_hash = EXCLUDED.last_hash;
    RETURN v_id;
END $$;
"""

MIGRATIONS: Sequence[tuple[str, str]] = (
    ("0001_accounts_consent_audit", INITIAL),
    ("0002_app_role", APP_ROLE),
    ("0003_audit_append", AUDIT_APPEND),
)


def applied(conn: Connection) -> list[str]:
    """Names of the migrations already applied (empty when there are none)."""
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS srv_migrations "
            "(name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
    )
    return [r[0] for r in conn.execute(text("SELECT name FROM srv_migrations ORDER BY name"))]


def pending(conn: Connection) -> list[str]:
    """Names of the migrations still to apply, in order."""
    done = set(applied(conn))
    return [name for name, _ in MIGRATIONS if name not in done]


def upgrade(conn: Connection) -> int:
    """Apply every pending migration inside the caller's transaction; return how many."""
    # One migrator at a time: two `server init` runs must not both create the tables.
    conn.execute(text("SELECT pg_advisory_xact_lock(7311)"))
    todo = set(pending(conn))
    count = 0
    for name, sql in MIGRATIONS:
        if name in todo:
            conn.exec_driver_sql(sql)
            conn.execute(text("INSERT INTO srv_migrations (name) VALUES (:n)"), {"n": name})
            count += 1
    return count
