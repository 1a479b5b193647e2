"""The "Phone signals" section of the Insights page: shown with phone data, switchable off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from ebbtide.demo.beiwe import StudySpec, write_study
from ebbtide.service import passive
from ebbtide.service.context import Context


def _import(ctx: Context, tmp_path: Path) -> None:
    spec = StudySpec(participants=1, days=21, start=date(2026, 10, 25), tz="Europe/Berlin", seed=9)
    write_study(tmp_path / "study", spec)
    passive.import_beiwe(ctx, tmp_path / "study" / "p001", subject=ctx.subject)


def test_no_section_without_phone_data(client: TestClient) -> None:
    page = client.get("/insights")
    assert page.status_code == 200
    assert "Phone signals" not in page.text


def test_section_shows_signals_against_the_usual_and_switches_off(
    client: TestClient, ctx: Context, token: str, tmp_path: Path
) -> None:
    _import(ctx, tmp_path)
    page = client.get("/insights")
    assert page.status_code == 200
    assert '<h2 id="phone-h">Phone signals</h2>' in page.text
    assert "Time at home" in page.text and "(usual " in page.text
    assert "Significant places" in page.text
    off = client.post(
        "/insights/phone-signals", data={"csrf_token": token, "on": "0"}, follow_redirects=False
    )
    assert off.status_code == 303
    assert not passive.phone_signals_enabled(ctx)
    page = client.get("/insights")
    assert "Phone signals are switched off" in page.text and "Time at home" not in page.text
    client.post("/insights/phone-signals", data={"csrf_token": token, "on": "1"})
    assert passive.phone_signals_enabled(ctx)


def test_switching_needs_the_csrf_token(client: TestClient, ctx: Context) -> None:
    r = client.post("/insights/phone-signals", data={"on": "0"}, follow_redirects=False)
    assert r.status_code == 403
    assert passive.phone_signals_enabled(ctx)
