"""`make server-demo`: a local PostgreSQL, a clinic with demo clients and a clinician, served.

Everything lives in a throwaway cluster under ``.cache/`` and is deleted when the demo
stops (Ctrl+C). Passwords and TOTP secrets printed here are for this demo only.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path

DEMO_PASSWORD = "tide-demo-password"
PORT = 8766


def build_demo(url: str) -> list[str]:
    """Create the clinic, accounts and histories; return the lines telling how to log in."""
    import pyotp

    from ebbtide.server import consent, init_server, open_server
    from ebbtide.server.accounts import add_account, add_member, add_organisation
    from ebbtide.server.repo import account_by_uid
    from ebbtide.server.shared import client_context
    from ebbtide.service import generate_demo_history as generate
    from ebbtide.service import seed_history

    init_server(url)
    db = open_server(url)
    try:
        clinic = add_organisation(db, "clinic", "Harbour Clinic")
        study = add_organisation(db, "study", "Tides Study")
        doc = add_account(db, "dr.lee@clinic.example", DEMO_PASSWORD, "clinician")
        add_member(db, doc.email, clinic.uid)
        admin = add_account(db, "study@clinic.example", DEMO_PASSWORD, "study-admin")
        add_member(db, admin.email, study.uid)
        clients = []
        for i, name in enumerate(("ana", "ben", "cleo")):
            new = add_account(db, f"{name}@clients.example", DEMO_PASSWORD, "client")
            with db.reading() as conn:
                account = account_by_uid(conn, new.uid)
            assert account is not None
            ctx = client_context(db, account)
            history = generate(
                "story", days=90, end=ctx.today(), seed=11 + i, tz=ctx.tz,
                subject=ctx.subject, day_start_hour=ctx.day_start_hour,
            )  # fmt: skip
            seed_history(ctx, history)
            clients.append((new, account))
        ana = clients[0][1]
        until = db.now().date().replace(year=db.now().year + 1)
        consent.grant(
            db,
            ana,
            consent.GrantRequest(doc.email, ["checkins", "insights.phases"], "treatment", until),
            "demo",
        )
    finally:
        db.close()
    code = ".venv/bin/python -c \"import pyotp; print(pyotp.TOTP('{s}').now())\""
    assert doc.totp_secret and admin.totp_secret
    return [
        f"ebbtide server demo at http://localhost:{PORT}/ (Ctrl+C stops it and deletes it all)",
        f"Every password: {DEMO_PASSWORD}",
        "Clients (no code needed): " + ", ".join(c[0].email for c in clients),
        "  ana@clients.example already shares check-ins and daily phases with the clinician.",
        f"Clinician: {doc.email}  TOTP secret {doc.totp_secret}",
        f"  current code: {code.format(s=doc.totp_secret)}",
        f"  (or add {doc.totp_uri} to an authenticator app; now: {pyotp.TOTP(doc.totp_secret).now()})",
        f"Study admin: {admin.email}  TOTP secret {admin.totp_secret}  study id {study.uid}",
        f"The database: {url}",
    ]


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Start PostgreSQL under .cache/, build the demo, serve it until interrupted."""
    import uvicorn

    from ebbtide.server import create_server_app, open_server
    from ebbtide.server.db import Settings
    from ebbtide.server.localpg import create_database, postgres_server

    with postgres_server(Path(".cache") / "server-demo") as pg:
        url = create_database(pg, "ebbtide")
        for line in build_demo(url):
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        db = open_server(url, settings=Settings())
        app = create_server_app(db, allowed_hosts=["localhost", "127.0.0.1"])
        # uvicorn re-raises the signal that stopped it; make SIGTERM end the demo like Ctrl+C
        # does, so the cluster is still stopped and deleted.
        signal.signal(signal.SIGTERM, _interrupt)
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.run(app, host="127.0.0.1", port=PORT, access_log=False, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
