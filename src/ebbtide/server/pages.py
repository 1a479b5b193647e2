"""The pages: log in, a client's Sharing and Who looked, a clinician's clients, a study."""

from __future__ import annotations

import hmac
import secrets
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ebbtide import service
from ebbtide.domain import vocab as dvocab
from ebbtide.domain.errors import EbbtideError, in_words
from ebbtide.server import consent, personal, shared, views, vocab
from ebbtide.server import messages as msg
from ebbtide.server.accounts import LoginRefused
from ebbtide.server.auth_routes import NO_NUL, do_login, set_session_cookie
from ebbtide.server.guard import Allowed, guard
from ebbtide.server.sessions import end_session

HERE = Path(__file__).parent

router = APIRouter(include_in_schema=False)

LOGIN_CSRF = "ebbtide_login"
HOME = {
    vocab.CLIENT: "/",
    vocab.CLINICIAN: "/clinic",
    vocab.STUDY_ADMIN: "/study",
    vocab.SITE_ADMIN: "/admin",
}


def _page(
    request: Request, name: str, allowed: Allowed, status: int = 200, **data: Any
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    session = allowed.session
    context = {
        "csrf_token": session.csrf_token if session else "",
        "me": allowed.account,
        "scopes": vocab.SCOPES,
        **data,
    }
    return templates.TemplateResponse(request, name, context, status_code=status)


def _login_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    token = secrets.token_urlsafe(24)
    response = templates.TemplateResponse(
        request, "login.html", {"login_csrf": token, "error": error}, status_code=status
    )
    response.set_cookie(
        LOGIN_CSRF, token, httponly=True, secure=request.app.state.db.settings.secure_cookies,
        samesite="strict", path="/login", max_age=1800,
    )  # fmt: skip
    return response


@router.get("/openapi.json")
def openapi(request: Request, allowed: Allowed = guard("public.read")) -> Any:
    """The OpenAPI document of the JSON API."""
    return request.app.openapi()


@router.get("/static/server.css")
def stylesheet(allowed: Allowed = guard("public.read")) -> Response:
    """The one stylesheet."""
    return PlainTextResponse((HERE / "static" / "server.css").read_text(), media_type="text/css")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, allowed: Allowed = guard("auth.login")) -> Response:
    """The login form."""
    return _login_page(request)


@router.post("/login")
async def login_submit(
    request: Request,
    email: Annotated[str, Form(max_length=320, pattern=NO_NUL)],
    password: Annotated[str, Form(max_length=1024, pattern=NO_NUL)],
    totp: Annotated[str, Form(max_length=12, pattern=NO_NUL)] = "",
    login_csrf: Annotated[str, Form(max_length=64, pattern=NO_NUL)] = "",
    allowed: Allowed = guard("auth.login"),
) -> Response:
    """Log in from the form (a double-submit token stops login CSRF)."""
    cookie = request.cookies.get(LOGIN_CSRF, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), login_csrf.encode()):
        return _login_page(request, msg.CSRF, 403)
    try:
        new = await run_in_threadpool(do_login, allowed, request, email, password, totp or None)
    except LoginRefused as exc:
        return _login_page(request, exc.message, exc.status)
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, allowed.db, new.token)
    response.delete_cookie(LOGIN_CSRF, path="/login")
    return response


@router.post("/logout")
def logout(allowed: Allowed = guard("auth.logout")) -> Response:
    """End this session and go back to the login page."""
    assert allowed.session is not None
    end_session(allowed.db, allowed.session.token_hash)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie("ebbtide_session", path="/")
    return response


@router.get("/")
def home(
    request: Request,
    saved: Annotated[str | None, Query(max_length=40)] = None,
    allowed: Allowed = guard("me.read", "self"),
) -> Response:
    """Each role's start page: for a client, Today of the personal web app."""
    assert allowed.account is not None
    if allowed.account.role == vocab.CLIENT:
        return personal.today(request, allowed, saved)
    return RedirectResponse(HOME[allowed.account.role], status_code=303)


@router.get("/me", response_class=HTMLResponse)
def me_home(request: Request, allowed: Allowed = guard("me.data.read", "self")) -> Response:
    """A client's start page: a quick check-in and what was logged today."""
    assert allowed.account is not None
    ctx = shared.client_context(allowed.db, allowed.account)
    entries = service.log(ctx, since=ctx.today(), kinds=["checkin"])
    return _page(
        request,
        "me.html",
        allowed,
        states=[(code, dvocab.STATES.label(code)) for code in dvocab.STATES.codes],
        entries=[dvocab.STATES.label(e.record.state) for e in entries],
        flash=request.query_params.get("done"),
    )


@router.post("/me/checkin")
async def me_checkin(
    state: Annotated[str, Form(max_length=32, pattern=NO_NUL)],
    allowed: Allowed = guard("me.data.write", "self"),
) -> Response:
    """Save a check-in from the start page (the state only: quick on a phone)."""
    assert allowed.account is not None
    ctx = shared.client_context(allowed.db, allowed.account)
    await run_in_threadpool(service.add_checkin, ctx, state)
    return RedirectResponse("/me?done=checkin", status_code=303)


@router.get("/me/sharing", response_class=HTMLResponse)
def sharing(request: Request, allowed: Allowed = guard("me.consent.read", "self")) -> Response:
    """What I share, with whom, until when; share more or stop sharing."""
    assert allowed.account is not None
    ctx = shared.client_context(allowed.db, allowed.account)
    reflections = service.log(ctx, kinds=["reflection"], limit=30)
    return _page(
        request,
        "sharing.html",
        allowed,
        grants=views.my_consents(allowed),
        reflections=reflections,
        today=ctx.today().isoformat(),
        flash=request.query_params.get("done"),
    )


@router.post("/me/sharing")
async def sharing_add(
    request: Request, allowed: Allowed = guard("me.consent.write", "self")
) -> Response:
    """Share with a clinician or a study (the form on the Sharing page)."""
    form = await request.form()
    assert allowed.account is not None
    if any("\x00" in str(v) for _k, v in form.multi_items()):
        return await run_in_threadpool(_sharing_error, request, allowed, "that form did not fit")
    try:
        until = date.fromisoformat(str(form.get("until", "")))
    except ValueError:
        return await run_in_threadpool(_sharing_error, request, allowed, "choose an end date")
    req = consent.GrantRequest(
        grantee=str(form.get("grantee", ""))[:320],
        scopes=[str(s)[:40] for s in form.getlist("scopes")][:20],
        purpose=str(form.get("purpose", "treatment"))[:20],
        until=until,
        reflections=[str(r)[:64] for r in form.getlist("reflections")][:200],
    )
    try:
        await run_in_threadpool(consent.grant, allowed.db, allowed.account, req, allowed.request_id)
    except EbbtideError as exc:
        text = in_words(exc, msg.ERRORS)
        return await run_in_threadpool(_sharing_error, request, allowed, text)
    return RedirectResponse("/me/sharing?done=shared", status_code=303)


def _sharing_error(request: Request, allowed: Allowed, message: str) -> Response:
    assert allowed.account is not None
    ctx = shared.client_context(allowed.db, allowed.account)
    return _page(
        request,
        "sharing.html",
        allowed,
        422,
        grants=views.my_consents(allowed),
        reflections=service.log(ctx, kinds=["reflection"], limit=30),
        today=ctx.today().isoformat(),
        error=message,
    )


@router.post("/me/sharing/{id}/revoke")
def sharing_revoke(id: str, allowed: Allowed = guard("me.consent.write", "self")) -> Response:
    """Stop sharing now."""
    assert allowed.account is not None
    consent.revoke(allowed.db, allowed.account, id[:64], allowed.request_id)
    return RedirectResponse("/me/sharing?done=revoked", status_code=303)


@router.get("/me/who-looked", response_class=HTMLResponse)
def who_looked(request: Request, allowed: Allowed = guard("me.audit.read", "self")) -> Response:
    """Every time someone else looked at my data, or tried to."""
    return _page(request, "who_looked.html", allowed, entries=views.access_log(allowed))


@router.get("/clinic", response_class=HTMLResponse)
def clinic(request: Request, allowed: Allowed = guard("clients.list")) -> Response:
    """The clients who share with me."""
    return _page(request, "clinic.html", allowed, clients=views.client_list(allowed))


@router.get("/clinic/{uid}", response_class=HTMLResponse)
def clinic_client(
    request: Request, uid: str, allowed: Allowed = guard("client.read", "client")
) -> Response:
    """One client's since-last-session page: only the sections they share."""
    content, shown, phone = views.client_page(allowed)
    return _page(
        request, "client.html", allowed, content=content, shown=shown, phone=phone, uid=uid
    )


@router.get("/study", response_class=HTMLResponse)
def studies(request: Request, allowed: Allowed = guard("study.list")) -> Response:
    """The studies I administer."""
    return _page(request, "studies.html", allowed, studies=views.my_studies(allowed))


@router.get("/study/{uid}", response_class=HTMLResponse)
def study_page(
    request: Request, uid: str, allowed: Allowed = guard("study.read", "study")
) -> Response:
    """A study's cohort counts (cells under 11 people suppressed)."""
    return _page(request, "study.html", allowed, result=views.study_aggregates(allowed))


@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request, allowed: Allowed = guard("site.accounts.read")) -> Response:
    """The site admin's list of accounts."""
    return _page(request, "admin.html", allowed, accounts=views.accounts(allowed))
