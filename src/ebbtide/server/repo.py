"""SQL for the server's tables (accounts, organisations, sessions, grants, enrolments).

Routes never hold SQL: they call the use cases in ``accounts``, ``consent`` and
``study``, which call these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import Connection as DriverConnection
from sqlalchemy import Connection, text

from ebbtide.server.policy import Grant


@dataclass(frozen=True)
class Account:
    """A login: its public uid, role, and (for clients) the store subject holding their data."""

    id: int
    uid: str
    email: str
    role: str
    password_hash: str
    totp_secret: str | None
    totp_last: int | None
    subject_id: int | None
    tz: str
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True)
class Organisation:
    """A clinic or a study."""

    id: int
    uid: str
    kind: str
    name: str


_ACCOUNT_COLS = (
    "id, uid, email, role, password_hash, totp_secret, totp_last, subject_id, tz, "
    "failed_logins, locked_until"
)
_GRANT_COLS = (
    "g.id, g.uid, g.client_id, g.grantee_account_id, g.grantee_org_id, g.scopes, g.purpose, "
    "g.ends_at, g.revoked_at, g.data_from, g.data_to, g.reflections"
)


def _account(row: Any) -> Account | None:
    return Account(*row) if row is not None else None


def account_by_email(conn: Connection, email: str, *, lock: bool = False) -> Account | None:
    """The account with this (normalised) email."""
    sql = f"SELECT {_ACCOUNT_COLS} FROM srv_accounts WHERE email = :e"
    return _account(conn.execute(text(sql + (" FOR UPDATE" if lock else "")), {"e": email}).first())


def account_by_uid(conn: Connection, uid: str) -> Account | None:
    """The account with this public uid."""
    sql = f"SELECT {_ACCOUNT_COLS} FROM srv_accounts WHERE uid = :u"
    return _account(conn.execute(text(sql), {"u": uid}).first())


def insert_account(conn: Connection, **values: Any) -> int:
    """Add an account; return its id."""
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    sql = f"INSERT INTO srv_accounts ({cols}) VALUES ({params}) RETURNING id"
    return int(conn.execute(text(sql), values).scalar_one())


def update_account(conn: Connection, account_id: int, **values: Any) -> None:
    """Change some columns of an account."""
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(
        text(f"UPDATE srv_accounts SET {sets} WHERE id = :id"), {**values, "id": account_id}
    )


def list_accounts(conn: Connection) -> list[Account]:
    """Every account, oldest first."""
    rows = conn.execute(text(f"SELECT {_ACCOUNT_COLS} FROM srv_accounts ORDER BY id"))
    return [Account(*r) for r in rows]


def insert_org(conn: Connection, uid: str, kind: str, name: str, now: datetime) -> int:
    """Add a clinic or study; return its id."""
    sql = (
        "INSERT INTO srv_organisations (uid, kind, name, created_at) "
        "VALUES (:u, :k, :n, :t) RETURNING id"
    )
    return int(conn.execute(text(sql), {"u": uid, "k": kind, "n": name, "t": now}).scalar_one())


def org_by_uid(conn: Connection, uid: str) -> Organisation | None:
    """The organisation with this uid."""
    row = conn.execute(
        text("SELECT id, uid, kind, name FROM srv_organisations WHERE uid = :u"), {"u": uid}
    ).first()
    return Organisation(*row) if row else None


def org_by_name(conn: Connection, kind: str, name: str) -> Organisation | None:
    """The clinic or study with this name."""
    row = conn.execute(
        text("SELECT id, uid, kind, name FROM srv_organisations WHERE kind = :k AND name = :n"),
        {"k": kind, "n": name},
    ).first()
    return Organisation(*row) if row else None


def add_membership(conn: Connection, account_id: int, org_id: int) -> None:
    """Make an account a member of an organisation (idempotent)."""
    conn.execute(
        text(
            "INSERT INTO srv_memberships (account_id, org_id) VALUES (:a, :o) "
            "ON CONFLICT DO NOTHING"
        ),
        {"a": account_id, "o": org_id},
    )


def memberships(conn: Connection, account_id: int) -> list[Organisation]:
    """The organisations an account belongs to."""
    rows = conn.execute(
        text(
            "SELECT o.id, o.uid, o.kind, o.name FROM srv_organisations o "
            "JOIN srv_memberships m ON m.org_id = o.id WHERE m.account_id = :a ORDER BY o.name"
        ),
        {"a": account_id},
    )
    return [Organisation(*r) for r in rows]


# --- sessions -------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    """A stored session (the token itself is never stored, only its hash)."""

    token_hash: str
    account_id: int
    csrf_token: str
    created_at: datetime
    last_seen: datetime
    ended_at: datetime | None


def insert_session(
    conn: Connection, token_hash: str, account_id: int, csrf: str, now: datetime
) -> None:
    """Store a new session."""
    conn.execute(
        text(
            "INSERT INTO srv_sessions (token_hash, account_id, csrf_token, created_at, last_seen) "
            "VALUES (:h, :a, :c, :t, :t)"
        ),
        {"h": token_hash, "a": account_id, "c": csrf, "t": now},
    )


def session_with_account(conn: Connection, token_hash: str) -> tuple[SessionRow, Account] | None:
    """The session with this token hash and its account, in one query."""
    cols = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
    row = conn.execute(
        text(
            "SELECT s.token_hash, s.account_id, s.csrf_token, s.created_at, s.last_seen, "
            f"s.ended_at, {cols} FROM srv_sessions s JOIN srv_accounts a ON a.id = s.account_id "
            "WHERE s.token_hash = :h"
        ),
        {"h": token_hash},
    ).first()
    if row is None:
        return None
    return SessionRow(*row[:6]), Account(*row[6:])


@dataclass(frozen=True)
class GuardFacts:
    """What one request's decision needs, read in one statement."""

    session: SessionRow | None
    account: Account | None
    client: Account | None
    grants: tuple[Grant, ...]


_A_COLS = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
_C_COLS = ", ".join(f"c.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
_GUARD_FACTS = (
    "WITH touched AS (UPDATE srv_sessions SET last_seen = %(now)s WHERE token_hash = %(h)s "
    "AND ended_at IS NULL AND last_seen <= %(touch)s AND last_seen > %(idle)s "
    "AND created_at > %(absolute)s RETURNING 1), "
    "s AS (SELECT s.token_hash, s.account_id, s.csrf_token, s.created_at, s.last_seen, "
    f"s.ended_at, {_A_COLS} FROM srv_sessions s JOIN srv_accounts a ON a.id = s.account_id "
    "WHERE s.token_hash = %(h)s), "
    f"c AS (SELECT {_C_COLS} FROM srv_accounts c WHERE c.uid = %(u)s) "
    f"SELECT s.*, c.*, {_GRANT_COLS}, (SELECT count(*) FROM touched) "
    "FROM (SELECT 1) one LEFT JOIN s ON true LEFT JOIN c ON true "
    "LEFT JOIN srv_grants g ON g.client_id = c.id AND g.grantee_account_id = s.account_id "
    "ORDER BY g.id"
)


def guard_facts(
    conn: DriverConnection[Any],
    token_hash: str | None,
    client_uid: str | None,
    now: datetime,
    touch_before: datetime,
    live_after: tuple[datetime, datetime],
) -> GuardFacts:
    """The session and its account, a client by uid and the client's grants to that account.

    One statement (one round trip, on the driver's own connection: see
    ``Store.on_driver``), which also records activity on the session when it is still
    live and was last seen before ``touch_before``; the rows read are those from before
    that touch. ``live_after`` is (idle, absolute) cut-off: last seen and created after
    them.
    """
    rows = conn.execute(
        _GUARD_FACTS,
        {
            "h": token_hash or "",
            "u": client_uid or "",
            "now": now,
            "touch": touch_before,
            "idle": live_after[0],
            "absolute": live_after[1],
        },
    ).fetchall()
    first = rows[0]
    n_account = len(Account.__dataclass_fields__)
    session = SessionRow(*first[:6]) if first[0] is not None else None
    account = Account(*first[6 : 6 + n_account]) if session is not None else None
    at = 6 + n_account
    client = Account(*first[at : at + n_account]) if first[at] is not None else None
    at += n_account
    grants = tuple(_grant(r[at:]) for r in rows if r[at] is not None)
    return GuardFacts(session, account, client, grants)


def touch_session(conn: Connection, token_hash: str, now: datetime) -> None:
    """Record activity on a session (for the idle timeout)."""
    conn.execute(
        text("UPDATE srv_sessions SET last_seen = :t WHERE token_hash = :h AND ended_at IS NULL"),
        {"t": now, "h": token_hash},
    )


def end_session(conn: Connection, token_hash: str, now: datetime) -> None:
    """End one session."""
    conn.execute(
        text("UPDATE srv_sessions SET ended_at = :t WHERE token_hash = :h AND ended_at IS NULL"),
        {"t": now, "h": token_hash},
    )


def end_sessions(conn: Connection, account_id: int, now: datetime) -> int:
    """End every session of an account; return how many were open."""
    res = conn.execute(
        text("UPDATE srv_sessions SET ended_at = :t WHERE account_id = :a AND ended_at IS NULL"),
        {"t": now, "a": account_id},
    )
    return int(res.rowcount)


# --- login attempts -------------------------------------------------------------------


def record_attempt(conn: Connection, email: str, address: str, now: datetime, ok: bool) -> None:
    """Remember one login attempt (shared by every server process through the database)."""
    conn.execute(
        text("INSERT INTO srv_login_attempts (email, address, at, ok) VALUES (:e, :a, :t, :o)"),
        {"e": email, "a": address, "t": now, "o": ok},
    )


def failures_since(conn: Connection, column: str, value: str, since: datetime) -> int:
    """Failed attempts for an email or an address since an instant."""
    assert column in ("email", "address")
    sql = f"SELECT count(*) FROM srv_login_attempts WHERE {column} = :v AND at >= :s AND NOT ok"
    return int(conn.execute(text(sql), {"v": value, "s": since}).scalar_one())


# --- grants ---------------------------------------------------------------------------


def _grant(row: Any) -> Grant:
    return Grant(
        id=row[0],
        uid=row[1],
        client_id=row[2],
        grantee_account_id=row[3],
        grantee_org_id=row[4],
        scopes=frozenset(s for s in row[5].split(",") if s),
        purpose=row[6],
        ends_at=row[7],
        revoked_at=row[8],
        data_from=row[9],
        data_to=row[10],
        reflections=tuple(x for x in row[11].split(",") if x),
    )


def grants_between(
    conn: Connection, client_id: int, grantee_account_id: int | None, org_id: int | None
) -> tuple[Grant, ...]:
    """Every grant (live or not) a client made to one account or one organisation."""
    rows = conn.execute(
        text(
            f"SELECT {_GRANT_COLS} FROM srv_grants g WHERE g.client_id = :c AND "
            "(g.grantee_account_id = :a OR g.grantee_org_id = :o) ORDER BY g.id"
        ),
        {"c": client_id, "a": grantee_account_id, "o": org_id},
    )
    return tuple(_grant(r) for r in rows)


def insert_grant(conn: Connection, **values: Any) -> int:
    """Add a grant; return its id."""
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    sql = f"INSERT INTO srv_grants ({cols}) VALUES ({params}) RETURNING id"
    return int(conn.execute(text(sql), values).scalar_one())


@dataclass(frozen=True)
class GrantRow:
    """A grant as the client sees it: with the grantee's name and the data period."""

    grant: Grant
    grantee_email: str | None
    grantee_org: str | None
    data_from: date | None
    data_to: date | None
    until: date
    reflections: tuple[str, ...]
    created_at: datetime
    client_uid: str


def _grant_rows(conn: Connection, where: str, params: dict[str, Any]) -> list[GrantRow]:
    sql = (
        f"SELECT {_GRANT_COLS}, a.email, o.name, g.data_from, g.data_to, g.until, "
        "g.reflections, g.created_at, c.uid FROM srv_grants g "
        "JOIN srv_accounts c ON c.id = g.client_id "
        "LEFT JOIN srv_accounts a ON a.id = g.grantee_account_id "
        f"LEFT JOIN srv_organisations o ON o.id = g.grantee_org_id WHERE {where} ORDER BY g.id DESC"
    )
    return [
        GrantRow(
            _grant(r),
            r[12],
            r[13],
            r[14],
            r[15],
            r[16],
            tuple(x for x in r[17].split(",") if x),
            r[18],
            r[19],
        )
        for r in conn.execute(text(sql), params)
    ]


def grants_of_client(conn: Connection, client_id: int) -> list[GrantRow]:
    """Every grant a client made, newest first."""
    return _grant_rows(conn, "g.client_id = :c", {"c": client_id})


def grant_of_client(conn: Connection, client_id: int, uid: str) -> GrantRow | None:
    """One of a client's grants, by its public uid."""
    rows = _grant_rows(conn, "g.client_id = :c AND g.uid = :u", {"c": client_id, "u": uid})
    return rows[0] if rows else None


@dataclass(frozen=True)
class Share:
    """A grant made to an account, with the client's public uid and email."""

    grant: Grant
    client_uid: str
    client_email: str
    until: date


_SHARES = (
    f"SELECT {_GRANT_COLS}, g.until, c.uid, c.email FROM srv_grants g "
    "JOIN srv_accounts c ON c.id = g.client_id WHERE g.grantee_account_id = %(a)s "
    "ORDER BY g.id DESC"
)


def shares_to_account(conn: DriverConnection[Any], account_id: int) -> list[Share]:
    """Every grant made to an account (live or not), newest first, with each client's uid
    and email: one statement however many clients there are."""
    rows = conn.execute(_SHARES, {"a": account_id}).fetchall()
    return [Share(_grant(r), r[13], r[14], r[12]) for r in rows]


def revoke_grant(conn: Connection, grant_id: int, now: datetime) -> None:
    """End a grant now."""
    conn.execute(
        text("UPDATE srv_grants SET revoked_at = :t WHERE id = :i AND revoked_at IS NULL"),
        {"t": now, "i": grant_id},
    )


# --- enrolments -----------------------------------------------------------------------


def enrol(conn: Connection, org_id: int, client_id: int, now: datetime) -> None:
    """Enrol a client into a study (idempotent)."""
    conn.execute(
        text(
            "INSERT INTO srv_enrolments (org_id, client_id, enrolled_at) VALUES (:o, :c, :t) "
            "ON CONFLICT DO NOTHING"
        ),
        {"o": org_id, "c": client_id, "t": now},
    )


def enrolled(conn: Connection, org_id: int) -> list[Account]:
    """The clients enrolled in a study."""
    cols = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
    rows = conn.execute(
        text(
            f"SELECT {cols} FROM srv_accounts a JOIN srv_enrolments e ON e.client_id = a.id "
            "WHERE e.org_id = :o ORDER BY a.id"
        ),
        {"o": org_id},
    )
    return [Account(*r) for r in rows]
