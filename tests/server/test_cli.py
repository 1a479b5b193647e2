"""`ebbtide server …` driven through the real CLI entry point: exact output and exit codes."""

from __future__ import annotations

import io
import json

import pyotp
import pytest

from ebbtide.cli.main import run
from ebbtide.server import open_server
from ebbtide.server.accounts import login
from tests.server.conftest import FAST

pytestmark = pytest.mark.postgres


def _add(monkeypatch: pytest.MonkeyPatch, url: str, email: str, role: str, *extra: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    return run(
        ["server", "user", "add", email, "--role", role, "--password-stdin", "--db", url, *extra]
    )


def test_init_is_idempotent(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["server", "init", "--db", pg_url]) == 0
    where = pg_url.split("@")[-1]
    assert capsys.readouterr().out == (
        f"Server tables ready on {where} (migrations: 3 applied, 3 in all).\n"
    )
    assert run(["--db", pg_url, "server", "init"]) == 0
    assert "0 applied" in capsys.readouterr().out


def test_user_add_json_gives_the_totp_secret(
    server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(monkeypatch, server_url, "Dr.Lee@Clinic.example", "clinician", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"uid", "email", "role", "totp_secret", "totp_uri"}
    assert out["email"] == "dr.lee@clinic.example" and out["role"] == "clinician"
    assert out["uid"].startswith("u_") and out["totp_uri"].startswith("otpauth://totp/")
    db = open_server(server_url, settings=FAST)
    try:
        code = pyotp.TOTP(out["totp_secret"]).at(db.now())
        account = login(db, "dr.lee@clinic.example", "a long enough password", code, "127.0.0.1")
        assert account.uid == out["uid"]
    finally:
        db.close()


def test_user_add_client_has_no_totp(
    server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(monkeypatch, server_url, "ana@example.org", "client", "--json") == 0
    assert json.loads(capsys.readouterr().out)["totp_secret"] is None


def test_bad_input_is_one_line_and_exit_2(
    server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(monkeypatch, server_url, "ana@example.org", "client") == 0
    capsys.readouterr()
    assert _add(monkeypatch, server_url, "ana@example.org", "client") == 2
    assert capsys.readouterr().err == "ebbtide: an account with that email already exists\n"
    assert _add(monkeypatch, server_url, "x@example.org", "boss") == 2
    assert capsys.readouterr().err == (
        "ebbtide: role must be one of: client, clinician, study-admin, site-admin\n"
    )
    assert _add(monkeypatch, server_url, "not-an-email", "client") == 2
    assert capsys.readouterr().err == "ebbtide: that does not look like an email address\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    args = ["server", "user", "add", "b@example.org", "--role", "client", "--password-stdin"]
    assert run([*args, "--db", server_url]) == 2
    assert "at least 12 characters" in capsys.readouterr().err


def test_needs_postgresql_and_init(
    pg_url: str, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["server", "init", "--db", "sqlite:///tmp/x.db"]) == 2
    assert capsys.readouterr().err == (
        "ebbtide: the server needs a PostgreSQL database (--db postgresql://…), "
        "not sqlite:///tmp/x.db\n"
    )
    assert run(["server", "audit", "verify"]) == 2
    assert "--db or EBBTIDE_DB" in capsys.readouterr().err
    assert run(["server", "audit", "verify", "--db", pg_url]) == 1
    assert capsys.readouterr().err == (
        "ebbtide: the server tables are missing: run `ebbtide server init` first\n"
    )


def test_export_needs_a_format(server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["server", "audit", "export", "-o", "x.json", "--db", server_url]) == 2
    assert capsys.readouterr().err == "ebbtide: choose the format: --fhir\n"
