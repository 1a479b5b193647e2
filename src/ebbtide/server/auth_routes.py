"""Logging in and out (JSON): a fresh session per login, cookies HttpOnly/Secure/Strict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from ebbtide.server import audit, sessions
from ebbtide.server.accounts import LoginRefused, login
from ebbtide.server.db import ServerDB
from ebbtide.server.guard import Allowed, guard, write_audit
from ebbtide.server.sessions import COOKIE

router = APIRouter(tags=["auth"])
NO_NUL = r"^[^\x00]*$"
"""PostgreSQL text cannot hold NUL; such input is a 422, never a failed query."""


class LoginIn(BaseModel):
    """Email, password and (for staff, or clients who turned it on) a TOTP code."""

    model_config = ConfigDict(extra="forbid")
    email: Annotated[str, Field(max_length=320, pattern=NO_NUL)]
    password: Annotated[str, Field(max_length=1024, pattern=NO_NUL)]
    totp: Annotated[str | None, Field(max_length=12, pattern=NO_NUL)] = None


class LoginOut(BaseModel):
    """The token every change must send as X-CSRF-Token."""

    csrf_token: str


class Problem(BaseModel):
    """One clear sentence."""

    detail: str


REFUSALS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Wrong email, password or code"},
    423: {"model": Problem, "description": "Locked for a while after repeated failures"},
    429: {"model": Problem, "description": "Too many attempts from here"},
}


def set_session_cookie(response: Response, db: ServerDB, token: str) -> None:
    """The session cookie: HttpOnly, Secure, SameSite=Strict, no lifetime beyond the session."""
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        secure=db.settings.secure_cookies,
        samesite="strict",
        path="/",
        max_age=db.settings.absolute_hours * 3600,
    )


def do_login(
    allowed: Allowed, request: Request, email: str, password: str, code: str | None
) -> sessions.NewSession:
    """Check a login, audit it either way, and open a fresh session (no fixation)."""
    db = allowed.db
    address = request.client.host if request.client else "unknown"
    try:
        account = login(db, email, password, code, address)
    except LoginRefused as exc:
        who = exc.account
        write_audit(
            db,
            audit.AuditEvent(
                who.uid if who else "unknown", who.role if who else "anonymous", "auth.login",
                "failed", allowed.request_id, who.uid if who else None, exc.reason,
            ),
        )  # fmt: skip
        raise
    write_audit(
        db,
        audit.AuditEvent(
            account.uid, account.role, "auth.login", "ok", allowed.request_id, account.uid
        ),
    )
    return sessions.start_session(db, account.id, request.cookies.get(COOKIE))


@router.post("/auth/login", responses=REFUSALS)
async def api_login(
    body: LoginIn, request: Request, response: Response, allowed: Allowed = guard("auth.login")
) -> LoginOut:
    """Log in; sets the session cookie and answers the CSRF token."""
    new = await run_in_threadpool(do_login, allowed, request, body.email, body.password, body.totp)
    set_session_cookie(response, allowed.db, new.token)
    return LoginOut(csrf_token=new.csrf_token)


@router.post("/auth/logout", status_code=204)
def api_logout(response: Response, allowed: Allowed = guard("auth.logout")) -> None:
    """End this session."""
    assert allowed.session is not None
    sessions.end_session(allowed.db, allowed.session.token_hash)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")


class LoggedOut(BaseModel):
    """How many sessions were ended."""

    ended: int


@router.post("/auth/logout-everywhere")
def api_logout_everywhere(response: Response, allowed: Allowed = guard("auth.logout")) -> LoggedOut:
    """End every session of this account, on every device."""
    assert allowed.account is not None
    ended = sessions.end_all_sessions(allowed.db, allowed.account.id)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return LoggedOut(ended=ended)
